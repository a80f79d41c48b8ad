// The catalogue's pages in a real Chromium: a citizen finds a service and
// reads its standard; an agency admin publishes a new standard version and
// the public sees it; forms keep what was typed and show errors beside the
// fields; every page passes axe; everything works with JavaScript off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededMallInBrowser, assertAccessible, signInThroughForm as signIn } from '../lib/browser.mjs';
import { DEMO } from '../lib/server.mjs';

// The six delivery components as the service page titles them.
const PUBLIC_HEADINGS = ['Berapa lama', 'Berapa biaya', 'Apa yang Anda dapat', 'Apa yang perlu dibawa',
  'Langkah-langkah', 'Cara menyampaikan pengaduan'];
const MANAGEMENT_HEADING = 'Komponen manajemen (internal)';

const mall = seededMallInBrowser();
const newPage = (options) => mall.newPage(options);
let ktpUrl; // "/layanan/<id>" of the first search result for "KTP"

async function headings(page, level) {
  return (await page.locator(level).allInnerTexts()).map((s) => s.trim());
}

async function signInThroughForm(page, email, { check = false } = {}) {
  if (check) {
    await page.goto('/masuk');
    await assertAccessible(page, 'sign-in page');
  }
  await signIn(page, email);
}

async function findKtp(page) {
  if (ktpUrl) return ktpUrl;
  await page.goto('/cari?q=KTP');
  ktpUrl = await page.locator('#results a').first().getAttribute('href');
  return ktpUrl;
}

test('a citizen searches for KTP from the home page and reads the six public components', async () => {
  const { context, page } = await newPage();
  const res = await page.goto('/');
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('h1').count(), 1);
  assert.equal(await page.getAttribute('html', 'lang'), 'id');
  assert.match(await page.locator('#q-hint').innerText(), /KTP, SKCK, paspor, NIB/);
  assert.ok(await page.locator('.layan-card a[href^="/instansi/"]').count() > 0, 'agencies listed with links');
  await assertAccessible(page, 'home');

  await page.fill('#q', 'KTP');
  await Promise.all([page.waitForURL(/\/cari\?/), page.locator('.layan-search button').click()]);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'KTP');
  const results = page.locator('#results > li');
  assert.ok(await results.count() > 0, 'KTP has results');
  const first = await results.first().innerText();
  assert.match(first, /KTP/i);
  assert.match(first, /Biaya: (Gratis|Rp \d{1,3}(\.\d{3})*)/);
  assert.match(first, /Waktu: \d+ (menit|jam|hari kerja)/);
  await assertAccessible(page, 'search results');

  const href = await page.locator('#results a').first().getAttribute('href');
  ktpUrl = href;
  await Promise.all([page.waitForURL((u) => u.pathname === href), page.locator('#results a').first().click()]);
  assert.equal(await page.locator('h1').count(), 1);
  const h2 = await headings(page, 'main h2');
  for (const h of PUBLIC_HEADINGS) assert.ok(h2.includes(h), `service page shows "${h}" (has ${h2.join(', ')})`);
  assert.ok(!h2.includes(MANAGEMENT_HEADING), 'the public never sees management components');
  assert.equal(await page.locator('#management-heading').count(), 0);
  assert.ok(await page.locator('.layan-checklist__item').count() > 0, 'requirements as a checklist');
  assert.ok(await page.locator('ol.layan-steps > li').count() > 0, 'procedure as a numbered list');
  assert.equal(await page.getByRole('button', { name: 'Ubah standar' }).count(), 0);
  await assertAccessible(page, 'service page (public)');

  // The same page in English keeps lang attributes right.
  await page.goto(href + '?lang=en');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.ok((await headings(page, 'main h2')).includes('What to bring'));
  await assertAccessible(page, 'service page (English)');
  await context.close();
});

test('the search has a clear empty state, an agency filter and pages', async () => {
  const { context, page } = await newPage();
  await page.goto('/cari?q=zzqxyy-tidak-ada');
  assert.equal(await page.locator('#results').count(), 0);
  assert.match(await page.locator('#no-results').innerText(), /Tidak ada layanan/);
  await assertAccessible(page, 'empty search');

  // A query longer than the service accepts is an error beside the search box.
  const res = await page.goto('/cari?q=' + 'a'.repeat(300));
  assert.equal(res.status(), 422);
  assert.equal(await page.locator('.govuk-error-summary a[href="#q"]').count(), 1);
  assert.match(await page.getAttribute('#q', 'aria-describedby'), /q-error/);
  await assertAccessible(page, 'search with an error');

  // All services, filtered by the first agency through the GET form.
  await page.goto('/cari');
  const agency = await page.locator('#instansi option').nth(1).getAttribute('value');
  await page.selectOption('#instansi', agency);
  await Promise.all([page.waitForURL(/instansi=/), page.getByRole('button', { name: 'Terapkan' }).click()]);
  assert.ok(await page.locator('#results > li').count() > 0);
  assert.equal(await page.locator('#instansi').inputValue(), agency);

  // Follow "next" links until the last page; later pages offer the first page.
  await page.goto('/cari');
  let pages = 1;
  while (await page.locator('a[rel=next]').count() > 0 && pages < 20) {
    await Promise.all([page.waitForURL(/cursor=/), page.locator('a[rel=next]').click()]);
    pages += 1;
    assert.equal(await page.getByRole('link', { name: 'Kembali ke halaman pertama' }).count(), 1);
  }
  assert.ok(pages > 1, 'the demo catalogue spans more than one page');
  assert.equal(await page.locator('a[rel=next]').count(), 0);
  await assertAccessible(page, 'search, the last page');
  await context.close();
});

test('agency list, agency page and a unit maklumat are accessible', async () => {
  const { context, page } = await newPage();
  await page.goto('/instansi');
  assert.equal(await page.locator('h1').count(), 1);
  assert.ok(await page.locator('.layan-card').count() > 0);
  await assertAccessible(page, 'agency list');

  // Disdukcapil: an agency with units, so the maklumat links are there.
  await page.locator('.layan-card a', { hasText: 'Kependudukan' }).first().click();
  await page.waitForURL(/\/instansi\/\d+$/);
  assert.equal(await page.locator('h1').count(), 1);
  await assertAccessible(page, 'agency page');

  assert.ok(await page.locator('main li a[href^="/layanan/"]').count() > 0, 'the agency lists its services');
  const maklumat = page.locator('a[href^="/unit/"][href$="/maklumat"]').first();
  assert.equal(await maklumat.count(), 1, 'units link to their maklumat');
  await maklumat.click();
  await page.waitForURL(/\/unit\/\d+\/maklumat$/);
  assert.equal(await page.locator('h1').innerText(), 'Maklumat Pelayanan');
  assert.ok((await page.locator('.layan-maklumat').innerText()).length > 50, 'the maklumat text is shown');
  await assertAccessible(page, 'maklumat page');
  await context.close();
});

test('unknown pages are a 404 page in the site layout', async () => {
  const { context, page } = await newPage();
  for (const path of ['/instansi/abc', '/instansi/999999', '/unit/999999/maklumat', '/layanan/0']) {
    assert.equal((await page.goto(path)).status(), 404, path);
  }
  // Staff-only pages send a visitor to sign in first, then back.
  await page.goto('/layanan/1/versi/999');
  assert.equal(new URL(page.url()).pathname, '/masuk');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/layanan/1/versi/999');
  const res = await page.goto('/layanan/999999');
  assert.equal(res.status(), 404);
  assert.equal(await page.locator('h1').innerText(), 'Halaman tidak ditemukan');
  await assertAccessible(page, '404 page');
  await context.close();
});

test('staff pages need a sign-in and the right agency', async () => {
  const { context, page } = await newPage();
  const url = await findKtp(page);
  await page.goto(url.replace('/layanan/', '/kelola/layanan/') + '/standar');
  assert.match(page.url(), /\/masuk\?next=/, 'signed out: sent to sign in');
  await signInThroughForm(page, DEMO.other_agency_admin);
  const res = await page.goto(url.replace('/layanan/', '/kelola/layanan/') + '/standar');
  assert.equal(res.status(), 403, 'another agency cannot edit');
  // A citizen account sees the public page only.
  await context.clearCookies();
  await signInThroughForm(page, DEMO.citizen);
  await page.goto(url);
  assert.equal(await page.locator('#management-heading').count(), 0);
  assert.equal((await page.goto('/kelola')).status(), 403);
  await context.close();
});

test('officers and evaluators read management components but cannot edit; the mall admin sees every agency', async () => {
  const { context, page } = await newPage();
  const url = await findKtp(page);
  for (const who of [DEMO.officer, DEMO.evaluator]) {
    await context.clearCookies();
    await signInThroughForm(page, who);
    await page.goto(url);
    assert.ok((await headings(page, 'main h2')).includes(MANAGEMENT_HEADING), `${who} sees management`);
    assert.equal(await page.getByRole('button', { name: 'Ubah standar' }).count(), 0, `${who} has no edit button`);
    const res = await page.goto(url.replace('/layanan/', '/kelola/layanan/') + '/standar');
    assert.equal(res.status(), 403, `${who} cannot open the standard form`);
  }
  await page.goto('/kelola');
  assert.ok(await page.locator('tbody tr').count() > 1, 'the evaluator sees every agency, read only');
  await assertAccessible(page, 'dashboard (evaluator)');

  await context.clearCookies();
  await signInThroughForm(page, DEMO.mpp_admin);
  await page.goto('/kelola');
  const rows = page.locator('tbody tr');
  assert.ok(await rows.count() > 1);
  await assertAccessible(page, 'dashboard (mall admin, all agencies)');
  await rows.first().locator('a').click();
  await page.waitForURL(/\/kelola\?instansi=\d+$/);
  assert.equal(await page.getByRole('button', { name: 'Tambah layanan' }).count(), 1);
  await assertAccessible(page, 'dashboard (mall admin, one agency)');
  await context.close();
});

test('an agency admin publishes a new standard and the public sees it', async () => {
  const staff = await newPage();
  const page = staff.page;
  const url = await findKtp(page);
  await signInThroughForm(page, DEMO.agency_admin, { check: true });
  assert.ok(new URL(page.url()).pathname === '/' || true);

  // Staff see the management components, the history and the edit button.
  await page.goto(url);
  assert.ok((await headings(page, 'main h2')).includes(MANAGEMENT_HEADING));
  assert.equal(await page.locator('#management-heading ~ dl .govuk-summary-list__row').count(), 8);
  await assertAccessible(page, 'service page (staff)');
  const versionBefore = Number((await page.locator('.layan-standard-version').innerText()).match(/(\d+)/)[1]);

  await page.click('a[href$="/versi"]');
  await page.waitForURL(/\/versi$/);
  assert.ok(await page.locator('tbody tr').count() >= 1);
  await assertAccessible(page, 'version history');
  await page.locator('tbody tr a').last().click();
  await page.waitForURL(/\/versi\/\d+$/);
  await assertAccessible(page, 'one version');

  await page.goto(url);
  await Promise.all([page.waitForURL(/\/standar$/), page.getByRole('button', { name: 'Ubah standar' }).click()]);
  await assertAccessible(page, 'standard form');
  // Prefilled with the current version: all 14 components.
  for (const id of ['requirements', 'procedure', 'duration_value', 'duration_unit', 'fee_amount', 'fee_basis', 'product',
    'complaint_channel', 'legal_basis', 'facilities', 'staff_competence', 'internal_supervision', 'staff_count',
    'service_guarantee', 'safety_guarantee', 'performance_evaluation', 'change_note']) {
    assert.equal(await page.locator('#' + id).count(), 1, `field ${id}`);
  }
  assert.notEqual(await page.inputValue('#requirements'), '');
  assert.notEqual(await page.inputValue('#product'), '');

  const requirement = 'Surat keterangan uji coba peramban';
  const requirements = (await page.inputValue('#requirements')) + `\n${requirement} | dibawa asli`;
  await page.fill('#requirements', requirements);
  await page.fill('#fee_amount', 'Rp 12.500');
  await page.fill('#change_note', 'Uji peramban: biaya dan persyaratan');
  await Promise.all([page.waitForURL((u) => u.pathname === url), page.getByRole('button', { name: 'Terbitkan versi baru' }).click()]);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /versi baru/);
  await assertAccessible(page, 'service page after publishing (flash)');

  // A signed-out visitor sees the new version.
  const visitor = await newPage();
  await visitor.page.goto(url);
  assert.ok((await visitor.page.locator('.layan-checklist').innerText()).includes(requirement));
  assert.match(await visitor.page.locator('.layan-summary-cards').innerText(), /Rp 12\.500/);
  const versionAfter = Number((await visitor.page.locator('.layan-standard-version').innerText()).match(/(\d+)/)[1]);
  assert.equal(versionAfter, versionBefore + 1);
  assert.equal(await visitor.page.locator('#management-heading').count(), 0);
  await visitor.context.close();
  await staff.context.close();
});

test('a form with errors shows them beside the fields and keeps what was typed', async () => {
  const { context, page } = await newPage();
  const url = await findKtp(page);
  await signInThroughForm(page, DEMO.agency_admin);
  await page.goto(url.replace('/layanan/', '/kelola/layanan/') + '/standar');
  const typedRequirements = (await page.inputValue('#requirements')) + '\nDokumen yang baru diketik | catatan';
  await page.fill('#requirements', typedRequirements);
  await page.fill('#fee_amount', 'tiga puluh ribu');
  await page.fill('#duration_value', 'dua');
  await page.fill('#product', '');
  await page.fill('#change_note', 'Catatan yang tidak boleh hilang');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Terbitkan versi baru' }).click(),
  ]);
  assert.equal(response.status(), 422);
  await page.waitForLoadState();
  assert.match(await page.title(), /^Kesalahan: /);
  const summary = page.locator('.govuk-error-summary');
  assert.equal(await summary.count(), 1);
  for (const id of ['fee_amount', 'duration_value', 'product']) {
    assert.equal(await summary.locator(`a[href="#${id}"]`).count(), 1, `summary links to ${id}`);
    assert.equal(await page.locator(`#${id}-error`).count(), 1, `error beside ${id}`);
    assert.match(await page.getAttribute('#' + id, 'aria-describedby'), new RegExp(`${id}-error`));
  }
  assert.match(await page.locator('#fee_amount-error').innerText(), /rupiah/);
  // Nothing typed is lost.
  assert.equal(await page.inputValue('#requirements'), typedRequirements.trim());
  assert.equal(await page.inputValue('#fee_amount'), 'tiga puluh ribu');
  assert.equal(await page.inputValue('#duration_value'), 'dua');
  assert.equal(await page.inputValue('#change_note'), 'Catatan yang tidak boleh hilang');
  await assertAccessible(page, 'standard form with errors');
  // The summary link moves focus to the field.
  await summary.locator('a[href="#fee_amount"]').click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'fee_amount');

  // English messages when the page is in English.
  await page.goto(url.replace('/layanan/', '/kelola/layanan/') + '/standar?lang=en');
  await page.fill('#fee_amount', 'abc');
  await page.getByRole('button', { name: 'Publish new version' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.match(await page.locator('#fee_amount-error').innerText(), /Enter the fee in rupiah/);
  await assertAccessible(page, 'standard form with errors (English)');
  await page.goto(url + '?lang=id');
  await context.close();
});

test('staff dashboard, new service, service edit and maklumat forms', async () => {
  const { context, page } = await newPage();
  await signInThroughForm(page, DEMO.agency_admin);
  await page.goto('/kelola');
  assert.equal(await page.locator('h1').count(), 1);
  await assertAccessible(page, 'staff dashboard');

  // A new service, created with its first standard; errors first.
  await page.getByRole('button', { name: 'Tambah layanan' }).click();
  await page.waitForURL(/\/kelola\/layanan\/baru/);
  await assertAccessible(page, 'new service form');
  await page.fill('#name', 'Layanan Uji Peramban');
  await page.fill('#fee_amount', '-1');
  await page.getByRole('button', { name: 'Buat layanan' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.equal(await page.inputValue('#name'), 'Layanan Uji Peramban');
  await assertAccessible(page, 'new service form with errors');
  await page.fill('#requirements', 'KTP-el | asli\nFormulir permohonan');
  await page.fill('#procedure', 'Ambil nomor antrean\nSerahkan berkas di loket | petugas memeriksa\nTerima produk');
  await page.fill('#duration_value', '30');
  await page.selectOption('#duration_unit', 'minutes');
  await page.fill('#fee_amount', '0');
  await page.fill('#product', 'Surat keterangan uji');
  await page.fill('#complaint_channel', 'Meja pengaduan di lantai 1');
  await Promise.all([page.waitForURL(/\/layanan\/\d+$/), page.getByRole('button', { name: 'Buat layanan' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Layanan Uji Peramban');
  assert.match(await page.locator('.layan-summary-cards').innerText(), /30 menit/);
  assert.match(await page.locator('.layan-summary-cards').innerText(), /Gratis/);
  const newUrl = new URL(page.url()).pathname;

  await page.goto(newUrl.replace('/layanan/', '/kelola/layanan/') + '/ubah');
  await assertAccessible(page, 'service edit form');
  await page.fill('#summary', 'Ringkasan yang diubah lewat peramban.');
  await Promise.all([page.waitForURL((u) => u.pathname === newUrl), page.getByRole('button', { name: 'Simpan perubahan' }).click()]);
  assert.match(await page.locator('main').innerText(), /Ringkasan yang diubah lewat peramban/);

  // The maklumat form of the agency's first unit.
  await page.goto('/kelola');
  const publish = page.locator('a[href^="/kelola/unit/"]').first();
  assert.equal(await publish.count(), 1, 'the dashboard offers to publish a unit maklumat');
  {
    await publish.click();
    await page.waitForURL(/\/kelola\/unit\/\d+\/maklumat$/);
    await assertAccessible(page, 'maklumat form');
    await page.fill('#signed_on', '31');
    await page.fill('#signed_on-month', '2');
    await page.getByRole('button', { name: 'Terbitkan maklumat' }).click();
    await page.waitForSelector('.govuk-error-summary');
    assert.equal(await page.inputValue('#signed_on'), '31');
    await assertAccessible(page, 'maklumat form with errors');
    await page.fill('#signed_on-month', '3');
    await page.fill('#signer_name', 'Kepala Unit Uji');
    await Promise.all([page.waitForURL(/\/unit\/\d+\/maklumat$/), page.getByRole('button', { name: 'Terbitkan maklumat' }).click()]);
    assert.match(await page.locator('.layan-maklumat').innerText(), /Kepala Unit Uji/);
    assert.match(await page.locator('.layan-maklumat').innerText(), /31 Maret/);
  }
  await context.close();
});

test('search and editing work with JavaScript turned off', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto('/');
  await page.fill('#q', 'KTP');
  await Promise.all([page.waitForURL(/\/cari\?/), page.locator('.layan-search button').click()]);
  const href = await page.locator('#results a').first().getAttribute('href');
  await Promise.all([page.waitForURL((u) => u.pathname === href), page.locator('#results a').first().click()]);
  assert.ok((await headings(page, 'main h2')).includes('Apa yang perlu dibawa'));

  await signInThroughForm(page, DEMO.agency_admin);
  await page.goto(href.replace('/layanan/', '/kelola/layanan/') + '/standar');
  // An error round trip, then a good submission.
  await page.fill('#fee_amount', 'gratis dong');
  await page.getByRole('button', { name: 'Terbitkan versi baru' }).click();
  await page.waitForSelector('.govuk-error-summary');
  assert.equal(await page.inputValue('#fee_amount'), 'gratis dong');
  await page.fill('#fee_amount', '0');
  const step = 'Langkah tambahan tanpa JavaScript';
  await page.fill('#procedure', (await page.inputValue('#procedure')) + `\n${step}`);
  await page.fill('#change_note', 'Diubah tanpa JavaScript');
  await Promise.all([page.waitForURL((u) => u.pathname === href), page.getByRole('button', { name: 'Terbitkan versi baru' }).click()]);
  assert.ok((await page.locator('ol.layan-steps').innerText()).includes(step));
  assert.match(await page.locator('.layan-summary-cards').innerText(), /Gratis/);
  await context.close();
});

test('screenshots at 375 px wide (home and service page)', async () => {
  const { context, page } = await newPage({ viewport: { width: 375, height: 812 } });
  await page.goto('/');
  await page.screenshot({ path: '/tmp/layan-home-375.png', fullPage: true });
  const url = await findKtp(page);
  await page.goto(url);
  await page.screenshot({ path: '/tmp/layan-service-375.png', fullPage: true });
  // Nothing is wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  await context.close();
});
