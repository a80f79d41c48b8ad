// Staff pages that maintain agencies, their presence at the mall and their
// units, in a real Chromium: the mall admin adds an agency with its counters
// and a unit and the public sees them; an agency admin keeps their own agency
// and units up to date but nobody else's; forms keep what was typed and show
// errors beside the fields; every page passes axe, also with errors shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededMallInBrowser, assertAccessible, signInThroughForm } from '../lib/browser.mjs';
import { DEMO } from '../lib/server.mjs';

const mall = seededMallInBrowser();
const newPage = (options) => mall.newPage(options);

// "/instansi/<id>" of a seeded agency, found through the public list.
async function agencyPath(page, nameContains) {
  await page.goto('/instansi');
  return page.locator('.layan-card a', { hasText: nameContains }).first().getAttribute('href');
}

// Submits the page's form and returns the response to the POST.
async function submit(page, buttonName) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: buttonName }).click(),
  ]);
  await page.waitForLoadState();
  return response;
}

test('the mall admin creates an agency with its counters and a unit; the public sees them', async () => {
  const { context, page } = await newPage();
  await signInThroughForm(page, DEMO.mpp_admin);
  await page.goto('/kelola');
  await Promise.all([page.waitForURL(/\/kelola\/instansi\/baru$/), page.getByRole('button', { name: 'Tambah instansi' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Tambah instansi');
  assert.equal(await page.locator('form[action="/kelola/instansi/baru"] input[name=csrf_token]').count(), 1);
  // The kinds are labelled radios in a fieldset with a legend.
  const kinds = page.locator('fieldset:has(legend:text-is("Jenis instansi")) input[type=radio]');
  assert.equal(await kinds.count(), 5);
  for (const label of ['Instansi pusat/vertikal', 'Perangkat daerah provinsi', 'Perangkat daerah kabupaten/kota',
    'BUMN/BUMD', 'Swasta']) {
    assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `kind "${label}"`);
  }
  assert.match(await page.getAttribute('#slug', 'aria-describedby'), /slug-hint/);
  assert.ok(await page.locator('#location_id option').count() >= 2, 'MPP locations offered');
  await assertAccessible(page, 'new agency form');

  await page.fill('#name', 'Kantor Urusan Uji Peramban Sukamaju');
  await page.fill('#short_name', 'KUUP');
  await page.getByLabel('Instansi pusat/vertikal', { exact: true }).check();
  await page.fill('#description', 'Instansi yang dibuat oleh uji peramban.');
  await page.fill('#website', 'https://kuup.example.go.id');
  await page.fill('#phone', '(021) 555-0199');
  await page.fill('#email', 'kuup@example.go.id');
  const location = await page.locator('#location_id option').nth(1).getAttribute('value');
  await page.selectOption('#location_id', location);
  await page.fill('#counters', 'Loket 42');
  await page.fill('#floor', 'Lantai 3');
  await page.fill('#service_hours', 'Senin–Jumat 08.00–14.00');
  await Promise.all([page.waitForURL(/\/instansi\/\d+$/), page.getByRole('button', { name: 'Buat instansi' }).click()]);
  const agencyUrl = new URL(page.url()).pathname;
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Instansi telah dibuat/);
  assert.equal(await page.locator('h1').innerText(), 'Kantor Urusan Uji Peramban Sukamaju');
  assert.match(await page.locator('main').innerText(), /Loket 42/);
  assert.match(await page.locator('main').innerText(), /Lantai 3/);
  await assertAccessible(page, 'agency page (mall admin, flash)');

  // A unit, from the agency page's staff links.
  await Promise.all([page.waitForURL(/\/unit\/baru$/), page.getByRole('link', { name: 'Tambah unit pelayanan' }).click()]);
  await assertAccessible(page, 'new unit form');
  await page.fill('#name', 'Seksi Uji Peramban');
  await page.fill('#head_name', 'Rina Penguji');
  await page.fill('#head_title', 'Kepala Seksi');
  await Promise.all([page.waitForURL((u) => u.pathname === agencyUrl), page.getByRole('button', { name: 'Buat unit' }).click()]);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Unit pelayanan telah dibuat/);

  // The presence page shows what was stored and saves a change.
  await page.goto(agencyUrl.replace('/instansi/', '/kelola/instansi/') + '/lokasi');
  assert.equal(await page.inputValue('#counters'), 'Loket 42');
  await assertAccessible(page, 'presence form');
  await page.fill('#counters', 'Loket 42–43');
  await Promise.all([page.waitForURL((u) => u.pathname === agencyUrl), page.getByRole('button', { name: 'Simpan lokasi dan loket' }).click()]);
  assert.match(await page.locator('main').innerText(), /Loket 42–43/);

  // A signed-out visitor finds it in the list and on its page, with the unit.
  const visitor = await newPage();
  await visitor.page.goto('/instansi');
  const card = visitor.page.locator('.layan-card', { hasText: 'Kantor Urusan Uji Peramban Sukamaju' });
  assert.equal(await card.count(), 1, 'the public agency list shows the new agency');
  assert.match(await card.innerText(), /Instansi pusat/);
  await visitor.page.goto(agencyUrl);
  const main = await visitor.page.locator('main').innerText();
  assert.match(main, /Instansi yang dibuat oleh uji peramban/);
  assert.match(main, /Seksi Uji Peramban/);
  assert.match(main, /Rina Penguji/);
  assert.match(main, /Loket 42–43/);
  assert.equal(await visitor.page.locator('a[href^="/kelola/"]').count(), 0, 'no staff links for the public');
  await visitor.context.close();
  await context.close();
});

test('an agency admin edits their agency and adds a unit', async () => {
  const { context, page } = await newPage();
  await signInThroughForm(page, DEMO.agency_admin);
  await page.goto('/kelola');
  assert.equal(await page.getByRole('button', { name: 'Tambah instansi' }).count(), 0, 'only the mall admin adds agencies');
  assert.equal(await page.getByRole('link', { name: 'Atur lokasi dan loket' }).count(), 0, 'counters are the mall\'s decision');
  assert.ok(await page.getByRole('link', { name: /^Ubah unit/ }).count() > 0, 'units can be edited from the dashboard');
  await assertAccessible(page, 'dashboard with agency links');
  await Promise.all([page.waitForURL(/\/kelola\/instansi\/\d+\/ubah$/), page.getByRole('link', { name: 'Ubah data instansi' }).click()]);
  const editPath = new URL(page.url()).pathname;
  const agencyUrl = editPath.replace('/kelola/instansi/', '/instansi/').replace(/\/ubah$/, '');
  assert.match(await page.inputValue('#name'), /Kependudukan/);
  assert.equal(await page.locator('input[name=kind]:checked').count(), 1, 'the stored kind is chosen');
  await assertAccessible(page, 'edit agency form');
  await page.fill('#description', 'Deskripsi baru dari admin instansi lewat peramban.');
  await Promise.all([page.waitForURL((u) => u.pathname === agencyUrl), page.getByRole('button', { name: 'Simpan perubahan' }).click()]);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Data instansi telah disimpan/);
  assert.match(await page.locator('main').innerText(), /Deskripsi baru dari admin instansi lewat peramban/);

  await page.goto(agencyUrl.replace('/instansi/', '/kelola/instansi/') + '/unit/baru');
  await page.fill('#name', 'Unit Layanan Keliling Uji');
  await page.fill('#slug', 'keliling-uji');
  await Promise.all([page.waitForURL((u) => u.pathname === agencyUrl), page.getByRole('button', { name: 'Buat unit' }).click()]);
  assert.match(await page.locator('main').innerText(), /Unit Layanan Keliling Uji/);

  // The same slug again is refused beside the slug field.
  await page.goto(agencyUrl.replace('/instansi/', '/kelola/instansi/') + '/unit/baru');
  await page.fill('#name', 'Unit Kembar');
  await page.fill('#slug', 'keliling-uji');
  assert.equal((await submit(page, 'Buat unit')).status(), 422);
  assert.match(await page.locator('#slug-error').innerText(), /sudah dipakai/);
  assert.equal(await page.inputValue('#name'), 'Unit Kembar');
  await assertAccessible(page, 'new unit form with a duplicate slug');

  // Editing a unit, from the agency page.
  await page.goto(agencyUrl);
  const edit = page.getByRole('link', { name: /Ubah unit Unit Layanan Keliling Uji/ });
  await Promise.all([page.waitForURL(/\/kelola\/unit\/\d+\/ubah$/), edit.click()]);
  await assertAccessible(page, 'edit unit form');
  await page.fill('#head_name', 'Budi Kepala');
  await Promise.all([page.waitForURL((u) => u.pathname === agencyUrl), page.getByRole('button', { name: 'Simpan perubahan' }).click()]);
  assert.match(await page.locator('main').innerText(), /Budi Kepala/);
  await context.close();
});

test('agency admins cannot touch another agency, nor add agencies; citizens are refused', async () => {
  const { context, page } = await newPage();
  const other = await agencyPath(page, 'Penanaman Modal');
  const otherEdit = other.replace('/instansi/', '/kelola/instansi/');
  // Signed out: sent to sign in first.
  await page.goto('/kelola/instansi/baru');
  assert.match(page.url(), /\/masuk\?next=/);

  await signInThroughForm(page, DEMO.agency_admin);
  for (const path of [otherEdit + '/ubah', otherEdit + '/unit/baru', otherEdit + '/lokasi', '/kelola/instansi/baru']) {
    assert.equal((await page.goto(path)).status(), 403, path);
  }
  await assertAccessible(page, '403 page');
  // A forged POST is refused too (the form's token is valid; the agency is not theirs).
  await page.goto('/kelola');
  const token = await page.locator('meta[name=csrf-token]').getAttribute('content');
  assert.ok(token);
  const res = await page.request.post(otherEdit + '/ubah', {
    form: { csrf_token: token, slug: 'dpmptsp', name: 'Diambil alih', kind: 'district' },
  });
  assert.equal(res.status(), 403);
  await page.goto(other);
  assert.equal(await page.locator('a[href^="/kelola/instansi/"]').count(), 0, 'no edit links on another agency');

  await context.clearCookies();
  await signInThroughForm(page, DEMO.citizen);
  for (const path of ['/kelola/instansi/baru', otherEdit + '/ubah', otherEdit + '/unit/baru']) {
    assert.equal((await page.goto(path)).status(), 403, path);
  }
  assert.equal((await page.goto('/kelola/instansi/999999/ubah')).status(), 404);
  await context.close();
});

test('a rejected agency form shows each error beside its field and keeps what was typed', async () => {
  const { context, page } = await newPage();
  await signInThroughForm(page, DEMO.mpp_admin);
  await page.goto('/kelola/instansi/baru');
  await page.fill('#name', '');
  await page.fill('#slug', 'Bukan Slug!');
  await page.fill('#short_name', 'Singkat');
  await page.fill('#website', 'kuup.example');
  await page.fill('#phone', 'telepon saja');
  await page.fill('#email', 'bukan-email');
  await page.fill('#description', 'Deskripsi yang harus tetap ada.');
  await page.selectOption('#location_id', '');
  await page.fill('#counters', 'Loket 9');
  assert.equal((await submit(page, 'Buat instansi')).status(), 422);
  assert.match(await page.title(), /^Kesalahan: /);
  const summary = page.locator('.govuk-error-summary');
  for (const id of ['name', 'slug', 'website', 'phone', 'email', 'location_id']) {
    assert.equal(await summary.locator(`a[href="#${id}"]`).count(), 1, `summary links to ${id}`);
    assert.equal(await page.locator(`#${id}-error`).count(), 1, `error beside ${id}`);
    assert.match(await page.getAttribute('#' + id, 'aria-describedby'), new RegExp(`${id}-error`));
  }
  assert.match(await page.locator('#name-error').innerText(), /Nama instansi wajib diisi/);
  assert.match(await page.locator('#location_id-error').innerText(), /Pilih lokasi MPP/);
  assert.equal(await page.inputValue('#slug'), 'Bukan Slug!');
  assert.equal(await page.inputValue('#short_name'), 'Singkat');
  assert.equal(await page.inputValue('#website'), 'kuup.example');
  assert.equal(await page.inputValue('#phone'), 'telepon saja');
  assert.equal(await page.inputValue('#email'), 'bukan-email');
  assert.equal(await page.inputValue('#description'), 'Deskripsi yang harus tetap ada.');
  assert.equal(await page.inputValue('#counters'), 'Loket 9');
  await assertAccessible(page, 'new agency form with errors');

  // A duplicate slug is an error on the slug field.
  await page.fill('#name', 'Disdukcapil Kedua');
  await page.fill('#slug', 'disdukcapil');
  await page.fill('#website', '');
  await page.fill('#phone', '');
  await page.fill('#email', '');
  await page.fill('#counters', '');
  assert.equal((await submit(page, 'Buat instansi')).status(), 422);
  assert.match(await page.locator('#slug-error').innerText(), /sudah dipakai instansi lain/);
  assert.equal(await page.inputValue('#name'), 'Disdukcapil Kedua');

  // In English, English messages.
  await page.goto('/kelola/instansi/baru?lang=en');
  await page.fill('#email', 'nope');
  assert.equal((await submit(page, 'Create agency')).status(), 422);
  assert.match(await page.locator('#name-error').innerText(), /Agency name is required/);
  assert.match(await page.locator('#email-error').innerText(), /Email address is invalid/);
  await assertAccessible(page, 'new agency form with errors (English)');
  await page.goto('/kelola?lang=id');

  // The unit form and the presence form, with errors.
  const own = await agencyPath(page, 'Kependudukan');
  await page.goto(own.replace('/instansi/', '/kelola/instansi/') + '/unit/baru');
  await page.fill('#head_title', 'Jabatan tetap');
  assert.equal((await submit(page, 'Buat unit')).status(), 422);
  assert.equal(await page.locator('#name-error').count(), 1);
  assert.equal(await page.inputValue('#head_title'), 'Jabatan tetap');
  await assertAccessible(page, 'new unit form with errors');
  await page.goto(own.replace('/instansi/', '/kelola/instansi/') + '/lokasi');
  await page.fill('#floor', 'x'.repeat(60));
  assert.equal((await submit(page, 'Simpan lokasi dan loket')).status(), 422);
  assert.equal(await page.locator('#floor-error').count(), 1);
  await assertAccessible(page, 'presence form with errors');
  await context.close();
});

test('agency forms work with JavaScript turned off and fit a 375 px screen', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false, viewport: { width: 375, height: 812 } });
  await signInThroughForm(page, DEMO.mpp_admin);
  await page.goto('/kelola/instansi/baru');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  await page.fill('#name', 'Instansi Tanpa JavaScript');
  await page.getByLabel('Swasta', { exact: true }).check();
  await Promise.all([page.waitForURL(/\/instansi\/\d+$/), page.getByRole('button', { name: 'Buat instansi' }).click()]);
  assert.equal(await page.locator('h1').innerText(), 'Instansi Tanpa JavaScript');
  await context.close();
});
