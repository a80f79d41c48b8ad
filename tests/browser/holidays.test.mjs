// The working-day calendar in a real Chromium: the mall manager finds the
// page from the management dashboard, reads a year's holidays with weekday
// names in the page language, adds a day (errors beside the fields first),
// edits it and deletes it after a confirmation page that needs no
// JavaScript; other roles are turned away. Every page passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededMallInBrowser, assertAccessible, assertAccessibleWithoutJs, signInThroughForm } from '../lib/browser.mjs';
import { DEMO } from '../lib/server.mjs';

const mall = seededMallInBrowser();
const newPage = (options) => mall.newPage(options);

async function submit(page, selector = 'main form[method=post] button[type=submit]') {
  const [res] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return res;
}

const holidayApi = (day) => fetch(`${mall.srv.url}/api/v1/holidays/${day}`);

test('the mall manager adds, edits and deletes a holiday', async () => {
  const { context, page } = await newPage();
  await signInThroughForm(page, DEMO.mpp_admin);
  await page.goto('/kelola');
  await Promise.all([page.waitForURL(/\/kelola\/hari-libur$/), page.click('#holidays-link')]);
  assert.equal(await page.locator('h1').innerText(), 'Hari libur dan cuti bersama');

  // A year's holidays, with weekday names and the year in numbers.
  await page.selectOption('#tahun', '2026');
  await Promise.all([page.waitForURL(/tahun=2026/), page.click('main form[method=get] button[type=submit]')]);
  const lebaran = page.locator('#holiday-2026-03-20');
  assert.match(await lebaran.innerText(), /20 Maret 2026\s+Jumat\s+Cuti Bersama Idulfitri 1447 Hijriah\s+Cuti bersama/);
  assert.equal(await page.locator('#holidays tbody tr').count(), 25);
  assert.equal(await page.locator('#working-days').innerText(), '240');
  assert.equal(await page.locator('main form[method=post] input[name=csrf_token]').count(), 1);
  await assertAccessible(page, 'holiday list');

  // Nothing filled in, then a date that does not exist: errors beside the fields.
  await page.fill('#day', '');
  await page.fill('#day-month', '');
  await page.fill('#day-year', '');
  assert.equal((await submit(page)).status(), 422);
  assert.match(await page.title(), /^Kesalahan: Hari libur dan cuti bersama/);
  for (const field of ['day', 'name', 'kind']) {
    assert.equal(await page.locator(`.govuk-error-summary a[href="#${field}"]`).count(), 1, field);
    assert.ok(await page.locator(`#${field}-error`).isVisible(), field);
  }
  await assertAccessible(page, 'holiday form with errors');
  await page.fill('#day', '30');
  await page.fill('#day-month', '2');
  await page.fill('#day-year', '2027');
  await page.fill('#name', 'Hari Batik Nasional');
  await page.check('#kind');
  assert.equal((await submit(page)).status(), 422);
  assert.match(await page.locator('#day-error').innerText(), /tanggal yang benar/);
  assert.equal(await page.inputValue('#name'), 'Hari Batik Nasional', 'what was typed is kept');
  assert.ok(await page.isChecked('#kind'));

  // A day that is already listed.
  await page.fill('#day', '25');
  await page.fill('#day-month', '12');
  await page.fill('#day-year', '2026');
  assert.equal((await submit(page)).status(), 422);
  assert.match(await page.locator('#day-error').innerText(), /sudah ada/);

  // Friday 1 October 2027.
  await page.fill('#day', '1');
  await page.fill('#day-month', '10');
  await page.fill('#day-year', '2027');
  await submit(page);
  assert.equal(new URL(page.url()).searchParams.get('tahun'), '2027');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /telah ditambahkan/);
  const row = page.locator('#holiday-2027-10-01');
  assert.match(await row.innerText(), /1 Oktober 2027\s+Jumat\s+Hari Batik Nasional\s+Libur nasional/);
  assert.equal((await holidayApi('2027-10-01')).status, 200);
  await assertAccessible(page, 'holiday list after adding');

  // Edit: name and kind.
  await Promise.all([page.waitForURL(/\/2027-10-01\/ubah$/), row.locator('a', { hasText: 'Ubah' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Ubah hari libur');
  await assertAccessible(page, 'holiday edit form');
  await page.fill('#name', '');
  assert.equal((await submit(page)).status(), 422);
  assert.ok(await page.locator('#name-error').isVisible());
  await page.fill('#name', 'Cuti Bersama Hari Batik');
  await page.check('#kind-cuti_bersama');
  await submit(page);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /telah disimpan/);
  assert.match(await page.locator('#holiday-2027-10-01').innerText(), /Cuti Bersama Hari Batik\s+Cuti bersama/);

  // Delete, after a confirmation page.
  await Promise.all([page.waitForURL(/\/2027-10-01\/hapus$/),
    page.locator('#holiday-2027-10-01 a', { hasText: 'Hapus' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Hapus hari libur ini?');
  assert.match(await page.locator('.govuk-summary-list').innerText(), /Cuti Bersama Hari Batik/);
  await assertAccessible(page, 'holiday delete confirmation');
  await submit(page);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /telah dihapus/);
  assert.equal(await page.locator('#holiday-2027-10-01').count(), 0);
  assert.equal((await holidayApi('2027-10-01')).status, 404);
  await context.close();
});

test('in English, with JavaScript off, the pages still do the job', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await signInThroughForm(page, DEMO.mpp_admin);
  await page.goto('/kelola/hari-libur?tahun=2026&lang=en');
  assert.equal(await page.locator('h1').innerText(), 'Holidays and collective leave');
  assert.match(await page.locator('#holiday-2026-08-17').innerText(), /17 August 2026\s+Monday/);
  await assertAccessibleWithoutJs(page, 'holiday list in English');
  await page.fill('#day', '2');
  await page.fill('#day-month', '1');
  await page.fill('#day-year', '2026');
  await page.fill('#name', 'Cuti Bersama Tahun Baru');
  await page.check('#kind-cuti_bersama');
  await submit(page);
  assert.match(await page.locator('#holiday-2026-01-02').innerText(), /2 January 2026\s+Friday/);
  await page.goto('/kelola/hari-libur/2026-01-02/hapus');
  await submit(page);
  assert.equal((await holidayApi('2026-01-02')).status, 404);
  await context.close();
});

test('only the mall manager reaches the calendar pages', async () => {
  const { context, page } = await newPage();
  await page.goto('/kelola/hari-libur');
  assert.equal(new URL(page.url()).pathname, '/masuk', 'visitors are sent to sign in');
  await signInThroughForm(page, DEMO.agency_admin);
  for (const path of ['/kelola/hari-libur', '/kelola/hari-libur/2026-08-17/ubah', '/kelola/hari-libur/2026-08-17/hapus']) {
    assert.equal((await page.goto(path)).status(), 403, path);
  }
  await page.goto('/kelola');
  assert.equal(await page.locator('#holidays-link').count(), 0);
  await assertAccessible(page, 'calendar refused to an agency admin');
  const res = await context.request.post('/kelola/hari-libur/2026-08-17/hapus', { form: { csrf_token: 'salah' }, maxRedirects: 0 });
  assert.equal(res.status(), 403);
  assert.equal((await holidayApi('2026-08-17')).status, 200);
  await context.close();
});
