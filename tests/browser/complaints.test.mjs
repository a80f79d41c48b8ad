// The complaint pages in a real Chromium, from a guest's report to its
// closing: the guest proves an email address with the code the server logs,
// reports anonymously with a photo; the mall's desk verifies it and forwards
// it to the agency; the agency's administrator assigns a unit; its officer
// replies and resolves; the guest, still holding the contact cookie, reads
// the reply and confirms. Nobody at the agency ever sees the guest's email
// address. Every page visited passes axe.
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededMallInBrowser, assertAccessible, assertAccessibleWithoutJs, signInThroughForm } from '../lib/browser.mjs';
import { DEMO, as, signIn, waitForMail } from '../lib/server.mjs';

const mall = seededMallInBrowser();
const newPage = (options) => mall.newPage(options);

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const DISDUKCAPIL = 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sukamaju';
const UNIT = 'Bidang Pelayanan Pendaftaran Penduduk';
const SERVICE = 'Penerbitan KTP-el Baru';

async function submit(page, selector) {
  const [res] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return res;
}

const flash = (page) => page.locator('.govuk-notification-banner').innerText();

// A guest proves `email` through the contact step and lands on the form.
async function confirmContact(page, email, label, check = assertAccessible) {
  await page.fill('#contact', email);
  const from = mall.srv.mailbox().length;
  await submit(page, 'main form button[type=submit]');
  assert.match(new URL(page.url()).pathname, /^\/pengaduan\/konfirmasi$/);
  await check(page, `${label}: code page`);
  const [, code] = await waitForMail(mall.srv, /Kode konfirmasi Anda: (\d{6})/, { from });
  await page.fill('#code', code);
  await submit(page, 'main form button[type=submit]');
}

// Fills the report form with a valid report about SERVICE.
async function fillReport(page, { title, privacy = 'rahasia' }) {
  await page.check('#type');  // pengaduan
  await page.check(privacy === 'rahasia' ? '#privacy' : `#privacy-${privacy}`);
  await page.selectOption('#about', { label: SERVICE });
  await page.fill('#title', title);
  await page.fill('#description', 'Saya antre sejak pukul 08.00 tetapi nomor antrean saya dilewati dua kali.\nMohon diperbaiki.');
  await page.fill('#event_date', '20');
  await page.fill('#event_date-month', '11');
  await page.fill('#event_date-year', '2026');
  await page.fill('#address', 'Loket 4, lantai 2');
}

test('a guest reports, the desk and the agency handle it, the guest confirms', async () => {
  const guestEmail = 'tamu.pelapor@contoh.id';
  const guest = await newPage();
  const g = guest.page;

  // What a report is, then the contact step.
  await g.goto('/pengaduan');
  assert.equal(await g.locator('h1').innerText(), 'Pengaduan, aspirasi, dan permintaan informasi');
  assert.match(await g.locator('#limits').innerText(), /3 hari kerja/);
  assert.match(await g.locator('#privacy').innerText(), /Rahasia/);
  await assertAccessible(g, 'complaints start page');
  await submit(g, '#new-report');
  assert.equal(new URL(g.url()).pathname, '/pengaduan/kontak');
  await assertAccessible(g, 'contact step');
  // Not an email address nor a phone number.
  await g.fill('#contact', 'bukan kontak');
  assert.equal((await submit(g, 'main form button[type=submit]')).status(), 422);
  assert.ok(await g.locator('#contact-error').isVisible());
  await assertAccessible(g, 'contact step with an error');
  await confirmContact(g, guestEmail, 'guest');
  assert.equal(new URL(g.url()).pathname, '/pengaduan/baru');
  assert.match(await flash(g), /Kontak Anda telah dikonfirmasi/);
  assert.match(await g.locator('#reporting-as').innerText(), /t\*\*\*@contoh\.id/);
  assert.ok(await g.isChecked('#privacy'), 'rahasia is the default');
  await assertAccessible(g, 'report form');

  // The report, anonymous, with a photo.
  await fillReport(g, { title: 'Nomor antrean dilewati', privacy: 'anonim' });
  await g.setInputFiles('#attachments', { name: 'antrean.png', mimeType: 'image/png', buffer: PNG });
  await submit(g, 'main form[action="/pengaduan/baru"] button[type=submit]');
  assert.equal(new URL(g.url()).pathname, '/pengaduan/terkirim');
  const code = await g.locator('#tracking-code').innerText();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await assertAccessible(g, 'report sent');
  await submit(g, '#track-link');
  assert.equal(await g.locator('#report-title').innerText(), 'Nomor antrean dilewati');
  // Staff lists name it by its public id, never by the reporter's code.
  const publicId = await g.locator('#detail-public-id').innerText();
  assert.match(publicId, /^LAP-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  assert.match(await g.locator('#detail-status').innerText(), /Diajukan/);
  assert.match(await g.locator('#reporter-note').innerText(), /t\*\*\*@contoh\.id/);
  assert.match(await g.locator('#deadlines').innerText(), /Pemeriksaan oleh petugas MPP/);
  const photo = g.locator('#report-files a', { hasText: 'antrean.png' });
  const photoRes = await g.request.get(await photo.getAttribute('href'));
  assert.equal(photoRes.status(), 200);
  assert.equal(photoRes.headers()['content-type'], 'image/png');
  await assertAccessible(g, 'tracking page of the reporter');

  // The desk: finds it in the queue, verifies it, forwards it to the agency.
  const desk = await newPage();
  const d = desk.page;
  await signInThroughForm(d, DEMO.mpp_admin);
  await d.goto('/kelola');
  await assertAccessible(d, 'staff dashboard');
  await submit(d, '#complaints-link');
  assert.equal(await d.locator('h1').innerText(), 'Antrean verifikasi');
  await assertAccessible(d, 'desk queue');
  await submit(d, `#reports a:text("${publicId}")`);
  const reportUrl = d.url();
  assert.match(await d.locator('#reporter').innerText(), /Identitas dirahasiakan/);
  assert.ok(!(await d.content()).includes(guestEmail), 'the desk does not see an anonymous reporter without a reveal');
  assert.equal(await d.locator('#reveal').count(), 1, 'the desk may reveal, with a reason');
  await assertAccessible(d, 'report page of the desk');
  // Revealing needs a real reason; the identity is shown once, never cached.
  await d.click('#reveal summary');
  await d.fill('#reveal_reason', 'perlu');
  assert.equal((await submit(d, '#reveal button[type=submit]')).status(), 422);
  assert.ok(await d.locator('#reveal_reason-error').isVisible());
  assert.ok(await d.locator('#reveal').evaluate((el) => el.open), 'the form stays open with its error');
  await assertAccessible(d, 'reveal form with an error');
  await d.fill('#reveal_reason', 'Pelapor meminta perlindungan; perlu dihubungi langsung.');
  const revealed = await submit(d, '#reveal button[type=submit]');
  assert.equal(revealed.status(), 200);
  assert.match(revealed.headers()['cache-control'], /no-store/);
  assert.match(await d.locator('#identity').innerText(), /tamu\.pelapor@contoh\.id/);
  await assertAccessible(d, 'revealed identity');
  await d.goto(reportUrl);
  assert.match(await d.locator('#timeline').innerText(), /Identitas pelapor dibuka[^]*perlindungan/);
  assert.ok(!(await d.content()).includes(guestEmail), 'the report page itself still hides the identity');
  await submit(d, '#action-verify button[type=submit]');
  assert.match(await flash(d), /telah diverifikasi/);
  assert.match(await d.locator('#detail-status').innerText(), /Terverifikasi/);
  await assertAccessible(d, 'verified report');
  // Nothing chosen: the error is beside the select.
  assert.equal((await submit(d, '#action-disposition_to_agency button[type=submit]')).status(), 422);
  assert.ok(await d.locator('#disposition_to_agency_agency_id-error').isVisible());
  assert.equal(await d.locator('.govuk-error-summary a[href="#disposition_to_agency_agency_id"]').count(), 1);
  await assertAccessible(d, 'report page with an action error');
  await d.selectOption('#disposition_to_agency_agency_id', { label: DISDUKCAPIL });
  await submit(d, '#action-disposition_to_agency button[type=submit]');
  assert.match(await d.locator('#detail-status').innerText(), /Di instansi/);
  await assertAccessible(d, 'report at the agency, desk view');

  // A stale form: the desk's page from before the disposition.
  await d.goto(reportUrl);
  const version = await d.locator('#action-note input[name=version]').inputValue();
  await d.evaluate((v) => { document.querySelector('#action-note input[name=version]').value = String(Number(v) - 1); }, version);
  await d.fill('#note_message', 'Catatan dari halaman lama');
  assert.equal((await submit(d, '#action-note button[type=submit]')).status(), 409);
  assert.match(await d.locator('.govuk-error-summary').innerText(), /berubah sejak halaman dibuka/);
  await assertAccessible(d, 'stale form');

  // The agency's administrator assigns the unit.
  const admin = await newPage();
  const a = admin.page;
  await signInThroughForm(a, DEMO.agency_admin);
  await a.goto('/kelola/pengaduan');
  assert.equal(await a.locator('h1').innerText(), 'Kotak masuk pengaduan');
  await assertAccessible(a, 'agency inbox');
  await submit(a, `#reports a:text("${publicId}")`);
  assert.match(await a.locator('#reporter').innerText(), /Identitas dirahasiakan/);
  assert.equal(await a.locator('#reveal').count(), 0, 'only the desk may reveal');
  await assertAccessible(a, 'report at the agency');
  await a.selectOption('#disposition_to_unit_unit_id', { label: UNIT });
  await submit(a, '#action-disposition_to_unit button[type=submit]');
  assert.match(await flash(a), /diteruskan ke unit/);
  assert.match(await a.locator('#detail-unit').innerText(), new RegExp(UNIT));
  assert.ok(!(await a.content()).includes(guestEmail));
  await assertAccessible(a, 'report page of the agency administrator');

  // The officer replies and resolves; never sees the guest's address.
  const officer = await newPage();
  const o = officer.page;
  await signInThroughForm(o, DEMO.officer);
  await o.goto('/kelola/pengaduan?terlambat=&q=antrean');
  await assertAccessible(o, 'officer inbox, searched');
  await submit(o, `#reports a:text("${publicId}")`);
  assert.ok(!(await o.content()).includes(guestEmail), 'the officer never sees an anonymous reporter');
  assert.ok(!(await o.content()).includes('tamu.pelapor'));
  await assertAccessible(o, 'report page of the officer');
  await o.fill('#note_message', 'Cek rekaman CCTV loket 4');
  await submit(o, '#action-note button[type=submit]');
  await o.fill('#reply_message', 'Mohon maaf. Petugas loket telah kami tegur dan urutan antrean kini diawasi.');
  await submit(o, '#action-reply button[type=submit]');
  assert.match(await flash(o), /Tanggapan telah dikirim/);
  assert.match(await o.locator('#timeline').innerText(), /Catatan internal/);
  await o.fill('#resolve_message', 'Antrean kembali tertib sejak 21 November 2026.');
  await submit(o, '#action-resolve button[type=submit]');
  assert.match(await o.locator('#detail-status').innerText(), /Selesai ditindaklanjuti/);
  await assertAccessible(o, 'resolved report');
  assert.ok(!(await o.content()).includes(guestEmail));

  // The guest reads the reply (not the internal note) and confirms.
  await g.goto(`/pengaduan/lacak?kode=${encodeURIComponent(code)}`);
  const timeline = await g.locator('#timeline').innerText();
  assert.match(timeline, /Petugas loket telah kami tegur/);
  assert.match(timeline, /Antrean kembali tertib/);
  assert.doesNotMatch(timeline, /CCTV/, 'internal notes stay internal');
  assert.doesNotMatch(timeline, /Agus Petugas/, 'staff names stay internal');
  await assertAccessible(g, 'tracking page with forms');
  await submit(g, '#action-confirm button[type=submit]');
  assert.match(await flash(g), /Laporan telah ditutup/);
  assert.match(await g.locator('#detail-status').innerText(), /Ditutup/);
  await assertAccessible(g, 'confirmed report');
  await g.check('#rate_rating');  // 5
  await g.fill('#rate_message', 'Terima kasih');
  await submit(g, '#action-rate button[type=submit]');
  assert.match(await g.locator('#detail-rating').innerText(), /5 – Sangat baik/);
  await assertAccessible(g, 'closed report');

  // Anyone else with the code reads it, but cannot act.
  const other = await newPage();
  await other.page.goto(`/pengaduan/lacak?kode=${encodeURIComponent(code.toLowerCase())}`);
  assert.equal(await other.page.locator('#report-title').innerText(), 'Nomor antrean dilewati');
  assert.match(await other.page.locator('#detail-public-id').innerText(), /^LAP-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  assert.equal(await other.page.locator('text=antrean.png').count(), 0, 'the reporter\'s photo is the reporter\'s');
  assert.equal(await other.page.locator('main form[method=post]').count(), 0);
  assert.match(await other.page.locator('#confirm-to-reply').innerText(), /buktikan bahwa Anda pelapornya/);
  await assertAccessible(other.page, 'tracking page of someone else');
  // The reporter on another device: the contact step brings them back here.
  await submit(other.page, '#confirm-to-reply a');
  assert.equal(new URL(other.page.url()).pathname, '/pengaduan/kontak');
  await assertAccessible(other.page, 'contact step from the tracking page');
  await confirmContact(other.page, guestEmail, 'reporter on another device');
  assert.equal(new URL(other.page.url()).searchParams.get('kode'), code);
  assert.match(await other.page.locator('#reporter-note').innerText(), /t\*\*\*@contoh\.id/);
  assert.equal(await other.page.locator('#action-reopen').count(), 1, 'the reporter may reopen within the window');
  await assertAccessible(other.page, 'tracking page after confirming the contact');

  const evaluator = await newPage();
  const e = evaluator.page;
  await signInThroughForm(e, DEMO.evaluator);
  await e.goto('/kelola/pengaduan');
  assert.equal(await e.locator('h1').innerText(), 'Semua laporan');
  await assertAccessible(e, 'all reports (evaluator)');
  await submit(e, `#reports a:text("${publicId}")`);
  assert.match(await e.locator('#reporter').innerText(), /Identitas dirahasiakan/);
  assert.equal(await e.locator('#reveal').count(), 0);
  assert.equal(await e.locator('main form[method=post]').count(), 0, 'evaluators read, never act');
  assert.ok(!(await e.content()).includes(guestEmail));
  await assertAccessible(e, 'report page of an evaluator');

  for (const c of [guest, desk, admin, officer, other, evaluator]) await c.context.close();
});

test('with JavaScript off, an empty form and a fake image are refused beside their fields', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto('/pengaduan/baru');
  await assertAccessibleWithoutJs(page, 'contact step without JavaScript');
  await confirmContact(page, '0812-3456-7890', 'guest without JavaScript', assertAccessibleWithoutJs);
  assert.match(await page.locator('#reporting-as').innerText(), /\+62812\*\*\*\*890/);
  await assertAccessibleWithoutJs(page, 'report form without JavaScript');

  // Nothing filled in.
  assert.equal((await submit(page, 'main form[action="/pengaduan/baru"] button[type=submit]')).status(), 422);
  assert.match(await page.title(), /^Kesalahan: Buat laporan/);
  for (const field of ['type', 'about', 'title', 'description']) {
    assert.equal(await page.locator(`.govuk-error-summary a[href="#${field}"]`).count(), 1, field);
    assert.ok(await page.locator(`#${field}-error`).isVisible(), field);
  }
  assert.ok(await page.isChecked('#privacy'), 'the privacy default stays');
  await assertAccessibleWithoutJs(page, 'report form with errors');

  // A text file called .png: refused beside the attachments; what was typed stays.
  await fillReport(page, { title: 'Biaya tidak resmi di loket' });
  await page.setInputFiles('#attachments', { name: 'foto.png', mimeType: 'image/png', buffer: Buffer.from('ini bukan gambar\n') });
  assert.equal((await submit(page, 'main form[action="/pengaduan/baru"] button[type=submit]')).status(), 422);
  assert.match(await page.locator('#attachments-error').innerText(), /foto\.png/);
  assert.equal(await page.locator('.govuk-error-summary a[href="#attachments"]').count(), 1);
  assert.ok(await page.locator('#files-again').isVisible(), 'the page says to choose the files again');
  assert.equal(await page.inputValue('#title'), 'Biaya tidak resmi di loket');
  assert.match(await page.inputValue('#description'), /nomor antrean saya dilewati/);
  assert.equal(await page.inputValue('#about'), await page.locator('#about option', { hasText: SERVICE }).getAttribute('value'));
  assert.equal(await page.inputValue('#event_date-month'), '11');
  assert.ok(await page.isChecked('#type'));
  await assertAccessibleWithoutJs(page, 'report form with an attachment error');

  // A latitude in words.
  await page.fill('#latitude', 'utara');
  assert.equal((await submit(page, 'main form[action="/pengaduan/baru"] button[type=submit]')).status(), 422);
  assert.match(await page.locator('#latitude-error').innerText(), /lintang sebagai angka/);
  assert.equal(await page.locator('#files-again').count(), 0, 'no files were sent this time');
  await assertAccessibleWithoutJs(page, 'report form with a coordinate error');

  // Corrected, but the database fails while storing it: nothing is kept, and
  // the form comes back as typed, to be sent again.
  assert.match(mall.srv.db, /^sqlite:/, 'browser tests run on SQLite');
  const dbFile = mall.srv.db.slice('sqlite:'.length);
  execFileSync('sqlite3', [dbFile,
    "CREATE TRIGGER fail_events BEFORE INSERT ON complaint_events BEGIN SELECT RAISE(ABORT, 'disk full'); END"]);
  await page.fill('#latitude', '-6,2');
  await page.fill('#longitude', '106,8');
  assert.equal((await submit(page, 'main form[action="/pengaduan/baru"] button[type=submit]')).status(), 503);
  assert.match(await page.locator('.govuk-error-summary').innerText(), /belum tersimpan/);
  assert.equal(await page.inputValue('#title'), 'Biaya tidak resmi di loket');
  assert.equal(await page.inputValue('#latitude'), '-6,2');
  execFileSync('sqlite3', [dbFile, 'DROP TRIGGER fail_events']);
  await assertAccessibleWithoutJs(page, 'report form after a database failure');

  // Sent again, and twice (a double click, a retry): one report.
  await page.fill('#latitude', '-6,2');
  await page.fill('#longitude', '106,8');
  const hidden = async (name) => page.locator(`main form input[name=${name}]`).inputValue();
  const again = {
    csrf_token: await hidden('csrf_token'), idempotency_key: await hidden('idempotency_key'), type: 'pengaduan',
    privacy: 'rahasia', about: await page.inputValue('#about'), title: 'Biaya tidak resmi di loket',
    description: 'Sama', latitude: '-6,2', longitude: '106,8',
  };
  await submit(page, 'main form[action="/pengaduan/baru"] button[type=submit]');
  assert.equal(new URL(page.url()).pathname, '/pengaduan/terkirim');
  const code = await page.locator('#tracking-code').innerText();
  await assertAccessibleWithoutJs(page, 'report sent without JavaScript');
  const retry = await page.request.post('/pengaduan/baru', { multipart: again, maxRedirects: 0 });
  assert.equal(retry.status(), 303);
  assert.equal(new URL(retry.headers().location, mall.srv.url).searchParams.get('kode'), code);
  await page.goto('/pengaduan/lacak?kode=' + code);
  await assertAccessibleWithoutJs(page, 'tracking page without JavaScript');
  assert.match(await page.locator('#detail-privacy').innerText(), /Rahasia/);
  assert.match(await page.locator('#details').innerText(), /-6\.200000, 106\.800000/);
  await context.close();
});

test('a signed-in citizen reports without the contact step and sees "Laporan saya"', async () => {
  const { context, page } = await newPage();
  await signInThroughForm(page, DEMO.citizen);
  await page.goto('/pengaduan');
  assert.equal(await page.locator('#my-reports').innerText(), 'Laporan saya');
  await page.goto('/pengaduan/baru');
  assert.match(await page.locator('#reporting-as').innerText(), /Wawan Warga/);
  await fillReport(page, { title: 'Permintaan jadwal layanan keliling' });
  await page.check('#type-permintaan_informasi');
  await submit(page, 'main form[action="/pengaduan/baru"] button[type=submit]');
  const code = await page.locator('#tracking-code').innerText();
  await page.goto('/pengaduan');
  await submit(page, '#my-reports');
  assert.equal(await page.locator('h1').innerText(), 'Laporan saya');
  const item = page.locator('#my-reports li', { hasText: code });
  assert.match(await item.innerText(), /Permintaan jadwal layanan keliling\s+Diajukan/);
  await assertAccessible(page, 'my reports');
  await submit(page, `#my-reports a:text("Permintaan jadwal layanan keliling")`);
  // The owner may add information; the account proves it.
  await page.fill('#reporter_reply_message', 'Saya tinggal di Kecamatan Sukamaju Timur.');
  await submit(page, '#action-reporter_reply button[type=submit]');
  assert.match(await page.locator('#timeline').innerText(), /Kecamatan Sukamaju Timur/);
  // In English.
  await page.goto('/pengaduan?lang=en');
  assert.equal(await page.locator('h1').innerText(), 'Complaints, suggestions and information requests');
  assert.match(await page.locator('#limits').innerText(), /3 working days/);
  await assertAccessible(page, 'complaints start page in English');
  await page.goto('/pengaduan/lacak?kode=' + code);
  assert.match(await page.locator('#detail-status').innerText(), /Submitted/);
  await assertAccessible(page, 'tracking page in English');
  await context.close();

  // Staff are told they do not report here.
  const staff = await newPage();
  await signInThroughForm(staff.page, DEMO.officer);
  await staff.page.goto('/pengaduan/baru');
  assert.equal(await staff.page.locator('h1').innerText(), 'Petugas tidak melapor di sini');
  await assertAccessible(staff.page, 'staff note');
  await staff.context.close();
});

test('the desk records a report a citizen made at the counter, and the citizen hears of it', async () => {
  const { context, page } = await newPage();
  await signInThroughForm(page, DEMO.mpp_admin);
  // The citizens' form sends staff to their own.
  await page.goto('/pengaduan/baru');
  assert.match(await page.locator('#staff-note').innerText(), /dicatat oleh meja pengaduan MPP/);
  assert.equal(await page.locator('#record-report').getAttribute('href'), '/kelola/pengaduan/baru');
  await assertAccessible(page, 'the staff note on the citizens\' form');
  await page.goto('/kelola/pengaduan');
  await submit(page, '#record-report');
  assert.equal(new URL(page.url()).pathname, '/kelola/pengaduan/baru');
  assert.equal(await page.locator('h1').innerText(), 'Catat laporan warga');
  await assertAccessible(page, 'the desk\'s record form');

  // Forgetting how it came in, with a malformed email: both beside their fields, nothing lost.
  await fillReport(page, { title: 'Petugas loket meminta biaya tambahan', privacy: 'anonim' });
  await page.fill('#reporter_name', 'Pak Darto');
  await page.fill('#reporter_email', 'darto-di-contoh.id');
  assert.equal((await submit(page, 'main form[action="/kelola/pengaduan/baru"] button[type=submit]')).status(), 422);
  assert.ok(await page.locator('#received_via-error').isVisible());
  assert.ok(await page.locator('#reporter_email-error').isVisible());
  assert.equal(await page.inputValue('#reporter_name'), 'Pak Darto');
  assert.equal(await page.inputValue('#title'), 'Petugas loket meminta biaya tambahan');
  await assertAccessible(page, 'the desk\'s record form with errors');

  const from = mall.srv.mailbox().length;
  await page.check('#received_via');  // at the counter
  await page.fill('#reporter_email', 'darto@contoh.id');
  await submit(page, 'main form[action="/kelola/pengaduan/baru"] button[type=submit]');
  assert.match(new URL(page.url()).pathname, /^\/kelola\/pengaduan\/\d+$/);
  assert.match(await flash(page), /Laporan telah dicatat/);
  assert.match(await page.locator('#detail-channel').innerText(), /Loket pengaduan MPP/);
  assert.match(await page.locator('#detail-privacy').innerText(), /Anonim/);
  assert.match(await page.locator('#timeline').innerText(), /Rina Pengelola MPP \(Meja pengaduan MPP\)/, 'the officer who took it');
  const code = await page.locator('#detail-code').innerText();
  await assertAccessible(page, 'a recorded report');
  // The tracking code went to the citizen's email (here: the mailbox file).
  await waitForMail(mall.srv, new RegExp(code.replace(/[-]/g, '\\-')), { from });
  await context.close();
});

test('the desk sees similar reports and marks a duplicate', async () => {
  const citizen = await signIn(mall.srv, DEMO.citizen);
  const api = as(citizen, mall.srv);
  const agencies = await (await fetch(mall.srv.url + '/api/v1/agencies')).json();
  const agency = agencies.items.find((a) => a.name === DISDUKCAPIL);
  const report = async (title) => {
    const res = await api('/api/v1/complaints', {
      method: 'POST',
      json: { type: 'pengaduan', title, agency_id: agency.id,
        description: 'Mesin antrean di lantai dua rusak sejak pagi sehingga warga berdesakan di depan loket.' },
    });
    assert.equal(res.status, 201);
    return res.json();
  };
  const original = await report('Mesin antrean lantai dua rusak');
  const copy = await report('Mesin antrean rusak di lantai dua');

  const { context, page } = await newPage();
  await signInThroughForm(page, DEMO.mpp_admin);
  await page.goto(`/kelola/pengaduan/${copy.id}`);
  const item = page.locator('#similar li', { hasText: original.public_id });
  assert.equal(await item.count(), 1, 'the original is listed as similar');
  await assertAccessible(page, 'report with similar reports');
  await submit(page, `#similar li:has-text("${original.public_id}") button[type=submit]`);
  assert.match(await flash(page), /ditandai sebagai duplikat/);
  assert.match(await page.locator('#detail-status').innerText(), /Duplikat/);
  await submit(page, 'a:text("Lihat laporan aslinya")');
  assert.equal(new URL(page.url()).pathname, `/kelola/pengaduan/${original.id}`);
  await assertAccessible(page, 'original report');

  // A report whose verification deadline has passed (set in the database:
  // the server's clock cannot be moved) is flagged in the queue.
  assert.match(mall.srv.db, /^sqlite:/, 'browser tests run on SQLite');
  execFileSync('sqlite3', [mall.srv.db.slice('sqlite:'.length),
    `UPDATE complaints SET verify_due_at = '2026-01-05T16:59:59Z' WHERE id = ${original.id}`]);
  await page.goto('/kelola/pengaduan?terlambat=1');
  assert.ok(await page.isChecked('#terlambat'));
  // The demo's own late reports are listed too; every row is flagged.
  const rows = page.locator('#reports tbody tr');
  assert.ok((await rows.count()) >= 1);
  for (const text of await rows.allInnerTexts()) assert.match(text, /Terlambat/, 'only overdue reports');
  assert.match(await page.locator(`#report-${original.id}`).innerText(), /5 Januari 2026, 23\.59 WIB\s+Terlambat/);
  await assertAccessible(page, 'overdue reports');
  await page.goto(`/kelola/pengaduan/${original.id}`);
  assert.match(await page.locator('#overdue').innerText(), /Terlambat: Pemeriksaan oleh petugas MPP/);

  // The desk's queue filtered by status finds the duplicate (the demo has one
  // more), and only duplicates.
  await page.goto('/kelola/pengaduan?kotak=all&status=duplicate');
  for (const text of await page.locator('#reports tbody tr').allInnerTexts()) assert.match(text, /Duplikat/);
  assert.match(await page.locator(`#report-${copy.id}`).innerText(), /Duplikat/);
  await assertAccessible(page, 'all reports filtered by status');
  await context.close();
});
