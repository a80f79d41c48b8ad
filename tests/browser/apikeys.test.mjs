// Integration API keys in a real Chromium: the mall manager creates a key and
// sees it once, the key works as a bearer token, revoking it (after a
// confirmation page that needs no JavaScript) makes the API refuse it; other
// roles are turned away. Every page passes axe, with errors shown too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededMallInBrowser, assertAccessible, signInThroughForm } from '../lib/browser.mjs';
import { DEMO } from '../lib/server.mjs';

const mall = seededMallInBrowser();
const newPage = (options) => mall.newPage(options);

async function submit(page) {
  const [res] = await Promise.all([page.waitForNavigation(), page.click('main form[method=post] button[type=submit]')]);
  return res;
}

const agenciesWith = (key) => fetch(mall.srv.url + '/api/v1/agencies', { headers: { authorization: 'Bearer ' + key } });

test('the mall manager creates a key, sees it once, and revokes it', async () => {
  const { context, page } = await newPage();
  await signInThroughForm(page, DEMO.mpp_admin);
  await page.goto('/kelola/pengguna');
  await Promise.all([page.waitForURL(/\/kelola\/kunci-api$/), page.click('a[href="/kelola/kunci-api"]')]);
  assert.equal(await page.locator('h1').innerText(), 'Kunci API');
  await assertAccessible(page, 'API key list');

  await Promise.all([page.waitForURL(/\/kelola\/kunci-api\/baru$/), page.click('a[href="/kelola/kunci-api/baru"]')]);
  assert.equal(await page.locator('main form[method=post] input[name=csrf_token]').count(), 1);
  await assertAccessible(page, 'new API key form');

  // No name: the error beside the field, the chosen agency kept.
  const agencyValue = await page.locator('#agency_id option:not([value=""])').first().getAttribute('value');
  const agencyName = (await page.locator(`#agency_id option[value="${agencyValue}"]`).innerText()).trim();
  await page.selectOption('#agency_id', agencyValue);
  await page.fill('#name', '   ');
  const bad = await submit(page);
  assert.equal(bad.status(), 422);
  assert.match(await page.title(), /^Kesalahan: Buat kunci API/);
  assert.equal(await page.locator('.govuk-error-summary a[href="#name"]').count(), 1);
  assert.ok(await page.locator('#name-error').isVisible());
  assert.match(await page.getAttribute('#name', 'aria-describedby'), /name-error/);
  assert.equal(await page.locator('#agency_id').inputValue(), agencyValue);
  await assertAccessible(page, 'new API key form with errors');

  await page.fill('#name', 'Aplikasi antrean uji');
  const created = await submit(page);
  assert.equal(created.status(), 201);
  assert.match(created.headers()['cache-control'] ?? '', /no-store/);
  const key = (await page.locator('code#new-key').innerText()).trim();
  assert.match(key, /^lyn_[A-Za-z0-9_-]+_[A-Za-z0-9_-]{20,}$/);
  assert.match(await page.locator('.govuk-warning-text').innerText(), /tidak akan ditampilkan lagi/);
  await assertAccessible(page, 'API key created');

  const works = await agenciesWith(key);
  assert.equal(works.status, 200, 'the new key is accepted');

  // The list shows the prefix, never the secret, and the key's last use.
  await page.goto('/kelola/kunci-api');
  const prefix = key.slice('lyn_'.length, 'lyn_'.length + 8);  // may itself contain '_'
  const row = page.locator('#api-keys tbody tr', { hasText: 'Aplikasi antrean uji' });
  const rowText = await row.innerText();
  assert.ok(rowText.includes(`lyn_${prefix}_…`), rowText);
  assert.ok(!(await page.content()).includes(key), 'the full key is not shown again');
  assert.ok(rowText.includes(agencyName), rowText);
  assert.ok(!rowText.includes('Belum pernah'), 'the use of the key is recorded');
  assert.match(rowText, /Aktif/);

  await Promise.all([page.waitForURL(/\/cabut$/), row.locator('a', { hasText: 'Cabut' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Cabut kunci API ini?');
  assert.match(await page.locator('.govuk-warning-text').innerText(), /ditolak/);
  assert.equal(await page.locator('main form[method=post] input[name=csrf_token]').count(), 1);
  await assertAccessible(page, 'API key revoke confirmation');
  await submit(page);
  assert.equal(new URL(page.url()).pathname, '/kelola/kunci-api');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /telah dicabut/);
  const revokedRow = page.locator('#api-keys tbody tr', { hasText: 'Aplikasi antrean uji' });
  assert.match(await revokedRow.innerText(), /Dicabut/);
  assert.equal(await revokedRow.locator('a', { hasText: 'Cabut' }).count(), 0, 'no revoke link for a revoked key');
  await assertAccessible(page, 'API key list with a revoked key');

  assert.equal((await agenciesWith(key)).status, 401, 'the revoked key is refused');
  await context.close();
});

test('revoking needs the CSRF token, and no JavaScript', async () => {
  const { context, page } = await newPage();
  await signInThroughForm(page, DEMO.mpp_admin);
  await page.goto('/kelola/kunci-api/baru');
  await page.fill('#name', 'Kunci tanpa CSRF');
  await submit(page);
  const key = (await page.locator('code#new-key').innerText()).trim();
  await page.goto('/kelola/kunci-api');
  const href = await page.locator('#api-keys tbody tr', { hasText: 'Kunci tanpa CSRF' }).locator('a').getAttribute('href');
  const res = await context.request.post(href, { form: { csrf_token: 'salah' }, maxRedirects: 0 });
  assert.equal(res.status(), 403);
  assert.equal((await agenciesWith(key)).status, 200, 'the key still works');
  await context.close();

  // With JavaScript off, the confirmation page and its form do the job.
  const noJs = await newPage({ javaScriptEnabled: false });
  await signInThroughForm(noJs.page, DEMO.mpp_admin);
  await noJs.page.goto(href);
  await submit(noJs.page);
  assert.match(await noJs.page.locator('.govuk-notification-banner').innerText(), /telah dicabut/);
  assert.equal((await agenciesWith(key)).status, 401, 'the revoked key is refused');
  // Asking again for a revoked key goes back to the list.
  await noJs.page.goto(href);
  assert.equal(new URL(noJs.page.url()).pathname, '/kelola/kunci-api');
  assert.match(await noJs.page.locator('.govuk-notification-banner').innerText(), /sudah dicabut/);
  await noJs.context.close();
});

test('only the mall manager reaches the API key pages', async () => {
  const { context, page } = await newPage();
  await page.goto('/kelola/kunci-api');
  assert.equal(new URL(page.url()).pathname, '/masuk', 'visitors are sent to sign in');
  await signInThroughForm(page, DEMO.agency_admin);
  for (const path of ['/kelola/kunci-api', '/kelola/kunci-api/baru', '/kelola/kunci-api/1/cabut']) {
    assert.equal((await page.goto(path)).status(), 403, path);
  }
  await assertAccessible(page, 'API keys refused to an agency admin');
  await context.close();
});
