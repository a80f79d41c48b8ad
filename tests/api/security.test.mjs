// Regressions of an outside probe of the complaint desk, through the real
// server (SQLite or PostgreSQL): what a tracking code or a public id alone
// opens (never the reporter's words or files, never a rahasia text), replayed
// Idempotency-Keys (scoped to one client, refused where an answer is a
// secret), and the limits on what a reporter adds to one report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import { startServer, signIn, as, guestToken as guestTokenOf, DEMO, DB_KIND } from '../lib/server.mjs';

let srv, desk, officer, citizen;
let ktpService, agencyOfService;

// A 2x2 PNG: attachments are sniffed from their bytes.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000002000000020802000000907753de', 'hex').toString('base64');
// What the reporter writes in a reply: nobody but the reporter may read it back.
const PERSONAL = 'Nama saya Siti Aminah, NIK 3201234567890001, HP 081399887766';

before(async () => {
  srv = await startServer({
    seed: true,
    env: {
      LAYAN_TRUST_PROXY: '1',
      LAYAN_COMPLAINTS_MAX_FILES_PER_REPORT: '4',
      LAYAN_COMPLAINTS_MAX_PER_CLIENT_HOUR: '8',
    },
  });
  [desk, officer, citizen] = await Promise.all([DEMO.mpp_admin, DEMO.officer, DEMO.citizen].map((e) => signIn(srv, e)));
  const services = await (await fetch(srv.url + '/api/v1/services?q=ktp')).json();
  ktpService = services.items[0].id;
  agencyOfService = (await (await fetch(`${srv.url}/api/v1/services/${ktpService}`)).json()).agency.id;
});

after(async () => { await srv?.stop(); });

// Each test speaks from its own client address (the server trusts the
// proxy header), so that the address limits of one do not touch another.
let lastAddress = 10;
const newAddress = () => `198.51.100.${lastAddress++}`;

function post(path, body, headers = {}) {
  return fetch(srv.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const guestToken = (contact, address) => guestTokenOf(srv, contact, { 'x-forwarded-for': address });

function report(extra = {}) {
  return {
    type: 'pengaduan',
    privacy: 'anonim',
    title: 'Loket perekaman KTP-el tutup tanpa pemberitahuan',
    description: 'Sudah tiga hari loket perekaman tutup sejak pukul sepuluh pagi.',
    service_id: ktpService,
    ...extra,
  };
}

async function actOk(session, id, action, extra = {}) {
  const res = await as(session, srv)(`/api/v1/complaints/${id}/actions`, { method: 'POST', json: { action, ...extra } });
  assert.equal(res.status, 200, `${action}: ${await res.clone().text()}`);
  return res.json();
}

// Rows of one column of the database, for checks of what is stored.
function stored(query) {
  const out = DB_KIND === 'sqlite'
    ? execFileSync('sqlite3', [srv.db.replace(/^sqlite:/, ''), query], { encoding: 'utf8' })
    : execFileSync('psql', [srv.db, '-At', '-c', query], { encoding: 'utf8' });
  return out;
}

test('the code or the public id alone shows status and staff replies, never the reporter\'s replies or files', async () => {
  const address = newAddress();
  const token = await guestToken('pelapor.h1@contoh.id', address);
  const guest = { 'x-contact-token': token, 'x-forwarded-for': address };
  const created = await post('/api/v1/complaints', report({
    attachments: [{ filename: 'ktp-saya.png', content_type: 'image/png', data: PNG }],
  }), guest);
  assert.equal(created.status, 201, await created.clone().text());
  const c = await created.json();
  assert.match(c.public_id, /^LAP-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  await actOk(desk, c.id, 'verify');
  await actOk(desk, c.id, 'disposition_to_agency', { agency_id: agencyOfService });
  await actOk(officer, c.id, 'reply', { message: 'Loket dibuka kembali mulai Senin.' });
  const replied = await post(`/api/v1/tracking/${c.tracking_code}/actions`, {
    action: 'reporter_reply', message: PERSONAL,
    attachments: [{ filename: 'kk-saya.png', content_type: 'image/png', data: PNG }],
  }, guest);
  assert.equal(replied.status, 200, await replied.clone().text());

  // The report is public now (anonim, verified): Open311 lists it by public id.
  const listed = await (await fetch(`${srv.url}/open311/v2/requests.json`)).json();
  const entry = listed.find((r) => r.service_request_id === c.public_id);
  assert.ok(entry, 'listed by its public id');
  assert.ok(!JSON.stringify(listed).includes(c.tracking_code), 'no list shows a tracking code');
  assert.equal((await fetch(`${srv.url}/api/v1/tracking/${c.public_id}`)).status, 404, 'the public id is no tracking code');

  const anyone = await fetch(`${srv.url}/api/v1/tracking/${c.tracking_code}`);
  assert.equal(anyone.status, 200);
  const text = await anyone.clone().text();
  const seen = await anyone.json();
  assert.ok(!text.includes('Siti Aminah') && !text.includes('3201234567890001'), 'no reporter reply');
  assert.ok(seen.events.some((e) => e.message === 'Loket dibuka kembali mulai Senin.'), 'staff replies are shown');
  assert.deepEqual(seen.attachments, [], 'no reporter file');
  assert.deepEqual(seen.available_actions, []);
  assert.equal(seen.title, c.title, 'a public report keeps its text');

  // The reporter's files are not served by the code alone, nor through a page.
  const own = await (await fetch(`${srv.url}/api/v1/tracking/${c.tracking_code}`, { headers: guest })).json();
  assert.equal(own.attachments.length, 2);
  assert.ok(own.events.some((e) => e.message === PERSONAL), 'the reporter reads their own reply');
  for (const a of own.attachments) {
    assert.equal((await fetch(srv.url + a.url)).status, 404, `API file ${a.filename}`);
    assert.equal((await fetch(`${srv.url}/pengaduan/lacak/${c.tracking_code}/lampiran/${a.id}`)).status, 404);
    assert.equal((await fetch(srv.url + a.url, { headers: guest })).status, 200);
  }
  const page = await (await fetch(`${srv.url}/pengaduan/lacak?kode=${c.tracking_code}`)).text();
  assert.ok(!page.includes('Siti Aminah') && !page.includes('ktp-saya.png') && !page.includes('kk-saya.png'));
  assert.ok(page.includes('Loket dibuka kembali mulai Senin.'));
});

test('a rahasia report by its code alone: status, deadlines and staff replies, never its text', async () => {
  const address = newAddress();
  const token = await guestToken('pelapor.rahasia@contoh.id', address);
  const guest = { 'x-contact-token': token, 'x-forwarded-for': address };
  const c = await (await post('/api/v1/complaints', report({
    privacy: 'rahasia', title: 'Petugas arsip meminta uang pelicin', description: 'Diminta Rp200.000 di loket 4.',
    address: 'Loket 4', latitude: -6.9, longitude: 107.6,
  }), guest)).json();
  await actOk(desk, c.id, 'verify');

  const anyone = await fetch(`${srv.url}/api/v1/tracking/${c.tracking_code}`);
  assert.equal(anyone.status, 200);
  const text = await anyone.clone().text();
  const seen = await anyone.json();
  for (const s of ['uang pelicin', 'Rp200.000', 'Loket 4', '107.6']) assert.ok(!text.includes(s), `shows "${s}"`);
  assert.equal(seen.text_withheld, true);
  assert.equal(seen.status, 'verified');
  assert.ok(seen.deadlines.complete, 'deadlines are shown');
  const page = await (await fetch(`${srv.url}/pengaduan/lacak?kode=${c.tracking_code}`)).text();
  assert.ok(!page.includes('uang pelicin') && !page.includes('Rp200.000'));
  assert.ok(page.includes(c.public_id) && page.includes('id="text-withheld"'));

  // The reporter with the contact check, and the signed-in owner, read it all.
  const mine = await (await fetch(`${srv.url}/api/v1/tracking/${c.tracking_code}`, { headers: guest })).json();
  assert.equal(mine.title, 'Petugas arsip meminta uang pelicin');
  assert.equal(mine.text_withheld, undefined);
  const owned = await (await as(citizen, srv)('/api/v1/complaints', { method: 'POST', json: report({ privacy: 'rahasia' }) })).json();
  const ownView = await (await as(citizen, srv)(`/api/v1/tracking/${owned.tracking_code}`)).json();
  assert.equal(ownView.title, owned.title);

  // Open311 by public id or code: the status fields only.
  const [status] = await (await fetch(`${srv.url}/open311/v2/requests/${c.public_id}.json`)).json();
  assert.equal(status.description, undefined);
  assert.equal(status.status, 'open');
});

test('a guest\'s Idempotency-Key is useless to another client', async () => {
  const address = newAddress();
  const tokenA = await guestToken('pelapor.a@contoh.id', address);
  const tokenB = await guestToken('pelapor.b@contoh.id', address);
  const c = await (await post('/api/v1/complaints', report(), { 'x-contact-token': tokenA, 'x-forwarded-for': address })).json();
  const key = { 'idempotency-key': 'shared-key-1', 'x-forwarded-for': address };
  const first = await post(`/api/v1/tracking/${c.tracking_code}/actions`, { action: 'reporter_reply', message: 'Tambahan dari A.' },
    { ...key, 'x-contact-token': tokenA });
  assert.equal(first.status, 200);
  // Another guest with the same key is not answered from A's store.
  const other = await post(`/api/v1/tracking/${c.tracking_code}/actions`, { action: 'reporter_reply', message: 'Tambahan dari A.' },
    { ...key, 'x-contact-token': tokenB });
  assert.equal(other.headers.get('idempotent-replayed'), null);
  assert.notEqual(other.status, 200, 'B is not the reporter');

  // A caller with no client credential at all has no scope of its own:
  // nothing is replayed to it, nor to anyone else.
  const bare = () => post('/api/v1/contact-confirmations', { contact: 'pelapor.d@contoh.id' },
    { 'idempotency-key': 'bare-1', 'x-forwarded-for': address });
  const [b1, b2] = [await bare(), await bare()];
  assert.equal(b1.status, 201);
  assert.equal(b2.status, 201);
  assert.equal(b2.headers.get('idempotent-replayed'), null);
  assert.notEqual((await b1.json()).id, (await b2.json()).id);
  // With its own cookie, a retry is replayed to that client only.
  const jar = (n) => ({ cookie: `layan_csrf=${String(n).repeat(32)}`, 'idempotency-key': 'cookie-1', 'x-forwarded-for': address });
  const one = await post('/api/v1/contact-confirmations', { contact: 'pelapor.c@contoh.id' }, jar(1));
  const again = await post('/api/v1/contact-confirmations', { contact: 'pelapor.c@contoh.id' }, jar(1));
  const stranger = await post('/api/v1/contact-confirmations', { contact: 'pelapor.c@contoh.id' }, jar(2));
  assert.equal(one.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal((await again.json()).id, (await one.json()).id);
  assert.equal(stranger.headers.get('idempotent-replayed'), null);
});

test('routes whose request or answer is a secret refuse Idempotency-Key; nothing secret is stored', async () => {
  const address = newAddress();
  const key = { 'idempotency-key': 'secret-1', 'x-forwarded-for': address };
  const login = await post('/api/v1/session', { email: DEMO.citizen, password: 'layan-demo-2026' }, key);
  assert.equal(login.status, 400);
  assert.ok(!(login.headers.get('set-cookie') ?? '').includes('layan_session'), 'no session was opened');

  const res = await post('/api/v1/contact-confirmations', { contact: 'pelapor.m2@contoh.id' }, { 'x-forwarded-for': address });
  const { id } = await res.json();
  const confirm = await post(`/api/v1/contact-confirmations/${id}/confirm`, { code: '000000' }, key);
  assert.equal(confirm.status, 400);

  const c = await (await as(citizen, srv)('/api/v1/complaints', { method: 'POST', json: report() })).json();
  const reveal = await as(desk, srv)(`/api/v1/complaints/${c.id}/reveal`, {
    method: 'POST', json: { reason: 'Klarifikasi kepada pelapor' }, headers: { 'idempotency-key': 'reveal-1' },
  });
  assert.equal(reveal.status, 400);
  const revealed = await as(desk, srv)(`/api/v1/complaints/${c.id}/reveal`, {
    method: 'POST', json: { reason: 'Klarifikasi kepada pelapor' },
  });
  assert.equal(revealed.status, 200);
  assert.equal(revealed.headers.get('cache-control'), 'no-store');

  const kept = stored('SELECT body FROM idempotency_keys');
  for (const s of ['contact_token', 'csrf_token', DEMO.citizen, 'layan-demo-2026']) {
    assert.ok(!kept.includes(s), `the replay store keeps "${s}"`);
  }
});

test('a reporter adds a few replies an hour, a capped number of files, within the address limit', async () => {
  const address = newAddress();
  const token = await guestToken('pelapor.m4@contoh.id', address);
  const guest = { 'x-contact-token': token, 'x-forwarded-for': address };
  const c = await (await post('/api/v1/complaints', report({
    attachments: [{ filename: 'a.png', content_type: 'image/png', data: PNG }],
  }), guest)).json();
  const reply = (extra = {}, headers = guest) =>
    post(`/api/v1/tracking/${c.tracking_code}/actions`, { action: 'reporter_reply', message: 'Informasi tambahan.', ...extra }, headers);
  const files = (n) => Array.from({ length: n }, (_, i) => ({ filename: `f${i}.png`, content_type: 'image/png', data: PNG }));

  // Files per report: 1 already; 4 more would make 5 of at most 4.
  const tooMany = await reply({ attachments: files(4) });
  assert.equal(tooMany.status, 422);
  assert.equal((await tooMany.json()).errors[0].field, 'attachments');
  assert.equal((await reply({ attachments: files(3) })).status, 200);
  for (let i = 0; i < 4; i++) assert.equal((await reply()).status, 200, `reply ${i + 2}`);
  // The sixth in an hour is refused, with a clear problem.
  const sixth = await reply();
  assert.equal(sixth.status, 429);
  assert.equal((await sixth.json()).type, '/problems/too-many-requests');
  const view = await (await fetch(`${srv.url}/api/v1/tracking/${c.tracking_code}`, { headers: guest })).json();
  assert.equal(view.attachments.length, 4, 'nothing of the refused requests was kept');
  assert.equal(view.events.filter((e) => e.kind === 'reporter_reply').length, 5);

  // Each addition counted against the address's hourly limit (8): a report
  // and 5 replies so far; 2 more reports fit, then the address is full.
  for (let i = 0; i < 2; i++) {
    assert.equal((await post('/api/v1/complaints', report({ title: `Laporan lain ${i}` }), guest)).status, 201);
  }
  assert.equal((await post('/api/v1/complaints', report({ title: 'Satu lagi' }), guest)).status, 429);
});
