// Account pages in a real Chromium: the mall manager creates an agency admin,
// who can then sign in; rejected forms keep what was typed (never passwords)
// and show each error beside its field; anyone signed in changes their own
// password; every page passes axe, with errors shown too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededMallInBrowser, assertAccessible, signInThroughForm } from '../lib/browser.mjs';
import { DEMO, DEMO_PASSWORD } from '../lib/server.mjs';

const mall = seededMallInBrowser();
const newPage = (options) => mall.newPage(options);

async function submit(page) {
  const [res] = await Promise.all([page.waitForNavigation(), page.click('main form[method=post] button[type=submit]')]);
  return res;
}

test('the mall manager creates an agency admin, who can then sign in', async () => {
  const { context, page } = await newPage();
  await signInThroughForm(page, DEMO.mpp_admin);
  const list = await page.goto('/kelola/pengguna');
  assert.equal(list.status(), 200);
  assert.equal(await page.locator('h1').innerText(), 'Pengguna');
  assert.ok(await page.locator('#users tbody tr').count() >= 6);
  await assertAccessible(page, 'user list');

  // Filters work as a plain GET form.
  await page.selectOption('#peran', 'agency_admin');
  await Promise.all([page.waitForURL(/peran=agency_admin/), page.click('main form[method=get] button[type=submit]')]);
  const roles = await page.locator('#users tbody tr td:nth-child(3)').allInnerTexts();
  assert.ok(roles.length >= 2 && roles.every((r) => r.trim() === 'Admin instansi'), roles.join(', '));
  assert.equal(await page.locator('#peran').inputValue(), 'agency_admin');

  await Promise.all([page.waitForURL(/\/kelola\/pengguna\/baru$/), page.click('a[href="/kelola/pengguna/baru"]')]);
  await assertAccessible(page, 'new user form');
  assert.equal(await page.locator('main form[method=post] input[name=csrf_token]').count(), 1);
  assert.equal(await page.locator('#agency_id').count(), 1, 'the agency select is always there');

  // Broken input: every error beside its field, typed values kept, password not.
  await page.fill('#email', 'bukan-email');
  await page.fill('#name', '');
  await page.check('#role-agency_admin');
  await page.fill('#password', 'pendek');
  const bad = await submit(page);
  assert.equal(bad.status(), 422);
  assert.match(await page.title(), /^Kesalahan: Tambah pengguna/);
  for (const id of ['email', 'name', 'agency_id', 'password']) {
    assert.equal(await page.locator(`.govuk-error-summary a[href="#${id}"]`).count(), 1, `summary links #${id}`);
    assert.ok(await page.locator(`#${id}-error`).isVisible(), `error beside ${id}`);
    assert.match(await page.getAttribute(`#${id}`, 'aria-describedby'), new RegExp(`${id}-error`));
  }
  assert.match(await page.locator('#agency_id-error').innerText(), /wajib memiliki instansi/);
  assert.equal(await page.inputValue('#email'), 'bukan-email');
  assert.ok(await page.isChecked('#role-agency_admin'));
  assert.equal(await page.inputValue('#password'), '', 'passwords are never sent back');
  await assertAccessible(page, 'new user form with errors');

  // An agency for a role that has none is explained too.
  await page.check('#role');  // mpp_admin
  const agencyValue = await page.locator('#agency_id option:not([value=""])').first().getAttribute('value');
  await page.selectOption('#agency_id', agencyValue);
  await page.fill('#email', 'rudi@mpp.demo');
  await page.fill('#name', 'Rudi Hartono');
  await page.fill('#password', 'sandi-rudi-2026');
  assert.equal((await submit(page)).status(), 422);
  assert.match(await page.locator('#agency_id-error').innerText(), /tidak terikat pada instansi/);

  await page.check('#role-agency_admin');
  await page.fill('#password', 'sandi-rudi-2026');
  await submit(page);
  assert.equal(new URL(page.url()).pathname, '/kelola/pengguna');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Akun telah dibuat/);
  assert.ok((await page.locator('#users').innerText()).includes('rudi@mpp.demo'));
  await context.close();

  const fresh = await newPage();
  await signInThroughForm(fresh.page, 'rudi@mpp.demo', 'sandi-rudi-2026');
  assert.equal((await fresh.page.goto('/kelola')).status(), 200, 'the new agency admin reaches the dashboard');
  assert.equal((await fresh.page.goto('/kelola/pengguna')).status(), 403, 'but not account management');
  await fresh.context.close();
});

test('editing an account: errors beside fields, and deactivation', async () => {
  const { context, page } = await newPage();
  await signInThroughForm(page, DEMO.mpp_admin);
  await page.goto('/kelola/pengguna?peran=citizen');
  await Promise.all([page.waitForURL(/\/ubah$/), page.locator('#users a[href$="/ubah"]').first().click()]);
  await assertAccessible(page, 'edit user form');
  assert.ok(await page.isChecked('#active'));

  await page.fill('#unit_id', 'abc');
  await page.fill('#name', '');
  assert.equal((await submit(page)).status(), 422);
  for (const id of ['name', 'unit_id']) {
    assert.equal(await page.locator(`.govuk-error-summary a[href="#${id}"]`).count(), 1, `summary links #${id}`);
    assert.ok(await page.locator(`#${id}-error`).isVisible());
  }
  assert.equal(await page.inputValue('#unit_id'), 'abc');
  await assertAccessible(page, 'edit user form with errors');

  await page.fill('#unit_id', '');
  await page.fill('#name', 'Warga Nonaktif');
  await page.uncheck('#active');
  await submit(page);
  assert.equal(new URL(page.url()).pathname, '/kelola/pengguna');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /disimpan/);
  const row = page.locator('#users tr', { hasText: 'Warga Nonaktif' });
  assert.match(await row.innerText(), /Nonaktif/);

  // The manager cannot deactivate themself.
  await page.goto('/kelola/pengguna?peran=mpp_admin');
  await Promise.all([page.waitForURL(/\/ubah$/), page.locator('#users a[href$="/ubah"]').first().click()]);
  await page.uncheck('#active');
  assert.equal((await submit(page)).status(), 422);
  assert.ok(await page.locator('#active-error').isVisible());
  await assertAccessible(page, 'edit user form, refused self-deactivation');
  await context.close();
});

test('anyone signed in changes their own password, in Indonesian or English', async () => {
  const { context, page } = await newPage();
  const anon = await page.goto('/akun/sandi');
  assert.equal(new URL(page.url()).pathname, '/masuk', 'visitors are sent to sign in');
  assert.ok(anon.ok());
  await signInThroughForm(page, DEMO.evaluator);
  await page.goto('/akun/sandi');
  assert.equal(await page.locator('h1').innerText(), 'Ubah kata sandi');
  await assertAccessible(page, 'password page');

  await page.fill('#current_password', DEMO_PASSWORD);
  await page.fill('#new_password', 'evaluator-baru-2026');
  await page.fill('#confirm_password', 'sesuatu yang lain');
  assert.equal((await submit(page)).status(), 422);
  assert.ok(await page.locator('#confirm_password-error').isVisible());
  assert.equal(await page.inputValue('#current_password'), '');
  await assertAccessible(page, 'password page with errors');

  await page.fill('#current_password', 'salah sekali sandi');
  await page.fill('#new_password', 'evaluator-baru-2026');
  await page.fill('#confirm_password', 'evaluator-baru-2026');
  assert.equal((await submit(page)).status(), 422);
  assert.match(await page.locator('#current_password-error').innerText(), /saat ini salah/);

  await page.fill('#current_password', DEMO_PASSWORD);
  await page.fill('#new_password', 'evaluator-baru-2026');
  await page.fill('#confirm_password', 'evaluator-baru-2026');
  await submit(page);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /telah diubah/);

  await page.goto('/akun/sandi?lang=en');
  assert.equal(await page.locator('h1').innerText(), 'Change your password');
  await assertAccessible(page, 'password page (English)');
  await context.close();

  const again = await newPage();
  await signInThroughForm(again.page, DEMO.evaluator, 'evaluator-baru-2026');
  assert.equal(new URL(again.page.url()).pathname, '/');
  await again.context.close();
});
