// The complaints API against a real `layan serve` (SQLite or PostgreSQL):
// a guest's report from contact code to confirmation, privacy in every
// response and in the logs, idempotent retries, bad input, attachments,
// deadlines moved with `layan jobs run --at`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { startServer, signIn, as, layan, guestToken as guestTokenOf, DEMO } from '../lib/server.mjs';

let srv;
let desk, agencyAdmin, officer, otherAdmin, evaluator, citizen;
let ktpService, agencyOfService;

// Distinctive identities: the privacy checks search every body for them.
const GUEST_EMAIL = 'siti.rahayu.pelapor@contoh.id';
const GUEST_PHONE = '081298765432';
const GUEST_PHONE_INTL = '+6281298765432';

const json = (body) => ({ 'content-type': 'application/json', ...body });

async function post(path, body, headers = {}) {
  return fetch(srv.url + path, { method: 'POST', headers: json(headers), body: JSON.stringify(body) });
}

// A guest confirms a contact with the code from the mailbox.
const guestToken = (contact) => guestTokenOf(srv, contact);

function report(overrides = {}) {
  return {
    type: 'pengaduan',
    privacy: 'anonim',
    title: 'Antrean perekaman KTP-el sangat lama',
    description: 'Saya menunggu lebih dari lima jam di loket perekaman KTP-el.',
    service_id: ktpService,
    ...overrides,
  };
}

async function act(session, id, action, extra = {}) {
  const res = await as(session, srv)(`/api/v1/complaints/${id}/actions`, { method: 'POST', json: { action, ...extra } });
  return res;
}

async function actOk(session, id, action, extra = {}) {
  const res = await act(session, id, action, extra);
  assert.equal(res.status, 200, `${action}: ${await res.clone().text()}`);
  return res.json();
}

function assertNoIdentity(text, where) {
  for (const secret of [GUEST_EMAIL, GUEST_PHONE, GUEST_PHONE_INTL, 'siti.rahayu']) {
    assert.ok(!text.includes(secret), `${where} leaks ${secret}`);
  }
}

before(async () => {
  srv = await startServer({ seed: true, env: { LAYAN_COMPLAINTS_MAX_PER_CLIENT_HOUR: '1000' } });
  [desk, agencyAdmin, officer, otherAdmin, evaluator, citizen] = await Promise.all(
    [DEMO.mpp_admin, DEMO.agency_admin, DEMO.officer, DEMO.other_agency_admin, DEMO.evaluator, DEMO.citizen].map(
      (e) => signIn(srv, e),
    ),
  );
  const services = await (await fetch(srv.url + '/api/v1/services?q=ktp')).json();
  ktpService = services.items[0].id;
  const service = await (await fetch(`${srv.url}/api/v1/services/${ktpService}`)).json();
  agencyOfService = service.agency.id;
});

after(async () => {
  await srv?.stop();
});

test('a guest reports anonymously, the desk and the agency handle it, the guest confirms: nobody sees who it was', async () => {
  const token = await guestToken(GUEST_EMAIL);
  const bodies = [];
  const keep = async (res, where) => {
    const text = await res.clone().text();
    bodies.push([where, text]);
    return res;
  };

  const created = await keep(await post('/api/v1/complaints', report(), { 'x-contact-token': token }), 'submit');
  assert.equal(created.status, 201);
  const c = await created.json();
  assert.match(c.tracking_code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(c.status, 'submitted');
  assert.equal(c.privacy, 'anonim');
  assert.ok(created.headers.get('location').endsWith(`/api/v1/complaints/${c.id}`));

  await actOk(desk, c.id, 'verify');
  const routed = await actOk(desk, c.id, 'disposition_to_agency', { agency_id: agencyOfService });
  assert.equal(routed.status, 'at_agency');
  const reply = await actOk(officer, c.id, 'reply', { message: 'Mulai besok kami tambah dua petugas perekaman.' });
  assert.equal(reply.status, 'in_progress');
  await actOk(officer, c.id, 'note', { message: 'Internal: jadwal petugas diatur ulang.' });
  const resolved = await actOk(officer, c.id, 'resolve', { message: 'Dua petugas tambahan sudah bertugas.' });
  assert.equal(resolved.status, 'resolved');

  for (const [who, session] of [['officer', officer], ['agency admin', agencyAdmin], ['desk', desk], ['evaluator', evaluator]]) {
    const view = await keep(await as(session, srv)(`/api/v1/complaints/${c.id}`), `${who} view`);
    assert.equal(view.status, 200, who);
    const v = await view.json();
    assert.equal(v.reporter, undefined, `${who} must not see an anonymous reporter`);
    assert.ok(v.events.some((e) => e.internal), `${who} sees internal notes`);
  }
  await keep(await as(officer, srv)('/api/v1/complaints?box=agency'), 'inbox');
  await keep(await as(desk, srv)('/api/v1/complaints?box=all'), 'all');

  // The public (no token) sees the public timeline, no internal note, no identity.
  const anyone = await keep(await fetch(`${srv.url}/api/v1/tracking/${c.tracking_code.toLowerCase()}`), 'public tracking');
  assert.equal(anyone.status, 200);
  const pub = await anyone.json();
  assert.ok(!pub.events.some((e) => e.internal));
  assert.ok(pub.events.some((e) => e.message === 'Dua petugas tambahan sudah bertugas.'));
  assert.deepEqual(pub.available_actions, []);
  assert.equal(pub.reporter_contact, undefined);
  assert.ok(!JSON.stringify(pub).includes('Agus Petugas'), 'no staff names for the public');

  // The guest, with the contact token, may confirm.
  const mine = await (await fetch(`${srv.url}/api/v1/tracking/${c.tracking_code}`, { headers: { 'x-contact-token': token } })).json();
  assert.deepEqual(mine.available_actions.sort(), ['rate', 'reopen', 'confirm'].sort());
  assert.equal(mine.reporter_contact, 's***@contoh.id');
  const stranger = await post(`/api/v1/tracking/${c.tracking_code}/actions`, { action: 'confirm' });
  assert.equal(stranger.status, 401);
  const confirmed = await post(`/api/v1/tracking/${c.tracking_code}/actions`, { action: 'confirm' }, { 'x-contact-token': token });
  assert.equal(confirmed.status, 200);
  assert.equal((await confirmed.json()).status, 'closed');
  const rated = await post(`/api/v1/tracking/${c.tracking_code}/actions`, { action: 'rate', rating: 5 }, { 'x-contact-token': token });
  assert.equal(rated.status, 200);

  for (const [where, text] of bodies) {
    if (where === 'desk view') continue;  // checked above: no reporter field
    assertNoIdentity(text, where);
  }
  // Only the desk can reveal, with a reason, and it is audited.
  const denied = await as(agencyAdmin, srv)(`/api/v1/complaints/${c.id}/reveal`, { method: 'POST', json: { reason: 'ingin menghubungi pelapor langsung' } });
  assert.equal(denied.status, 403);
  assertNoIdentity(await denied.text(), 'refused reveal');
  const revealed = await as(desk, srv)(`/api/v1/complaints/${c.id}/reveal`, { method: 'POST', json: { reason: 'Klarifikasi data kejadian dengan pelapor' } });
  assert.equal(revealed.status, 200);
  assert.equal((await revealed.json()).email, GUEST_EMAIL);

  // Neither the server log nor the access log ever held the identity.
  await new Promise((r) => setTimeout(r, 300));
  assertNoIdentity(srv.logs(), 'the server log');
  assertNoIdentity(readFileSync(srv.accessLog, 'utf8'), 'the access log');
});

test('a guest without a confirmed contact cannot report, and a phone number works as a contact', async () => {
  const refused = await post('/api/v1/complaints', report());
  assert.equal(refused.status, 422);
  const problem = await refused.json();
  assert.equal(problem.errors[0].field, 'contact_token');
  const token = await guestToken(GUEST_PHONE);
  const ok = await post('/api/v1/complaints', report({ privacy: 'rahasia' }), { 'x-contact-token': token });
  assert.equal(ok.status, 201);
  const c = await ok.json();
  // A confidential report is not public: the tracking code shows it only as the reporter's.
  const mine = await (await fetch(`${srv.url}/api/v1/tracking/${c.tracking_code}`, { headers: { 'x-contact-token': token } })).json();
  assert.equal(mine.reporter_contact, '+62812****432');
  assertNoIdentity(await (await fetch(`${srv.url}/api/v1/tracking/${c.tracking_code}`)).text(), 'tracking without token');
});

test('a retried submission with the same Idempotency-Key returns the first report', async () => {
  const api = as(citizen, srv);
  const key = 'retry-' + Date.now();
  const first = await api('/api/v1/complaints', { method: 'POST', json: report({ title: 'Loket tutup lebih awal' }), headers: { 'idempotency-key': key } });
  const second = await api('/api/v1/complaints', { method: 'POST', json: report({ title: 'Loket tutup lebih awal' }), headers: { 'idempotency-key': key } });
  assert.equal(first.status, 201);
  assert.equal(second.status, 201);
  assert.equal(second.headers.get('idempotent-replayed'), 'true');
  const a = await first.json();
  const b = await second.json();
  assert.equal(a.id, b.id);
  const mine = await (await api('/api/v1/complaints?box=mine&q=tutup')).json();
  assert.equal(mine.items.filter((x) => x.title === 'Loket tutup lebih awal').length, 1);
});

test('/metrics counts the submissions run in shared intake commits', async () => {
  const counters = async () => {
    const text = await (await fetch(srv.url + '/metrics')).text();
    const value = (name) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
    return { commits: value('layan_intake_commits_total'), units: value('layan_intake_units_total') };
  };
  const before = await counters();
  assert.ok(before.units >= before.commits && before.commits >= 0, JSON.stringify(before));
  const res = await as(citizen, srv)('/api/v1/complaints', { method: 'POST', json: report({ title: 'Papan antrean mati' }) });
  assert.equal(res.status, 201);
  const after = await counters();
  assert.equal(after.units, before.units + 1);
  assert.equal(after.commits, before.commits + 1);
});

test('the desk records a report a citizen phoned in; the unit never sees who called', async () => {
  const res = await as(desk, srv)('/api/v1/complaints', {
    method: 'POST',
    json: report({ title: 'Pengaduan lewat telepon', privacy: 'rahasia', received_via: 'phone',
      reporter_name: 'Siti Rahayu', reporter_phone: GUEST_PHONE }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const c = await res.json();
  assert.equal(c.channel, 'phone');
  assert.equal(c.status, 'submitted');
  assertNoIdentity(JSON.stringify(c), 'the desk\'s own answer for a rahasia report');
  await actOk(desk, c.id, 'verify');
  await actOk(desk, c.id, 'disposition_to_agency', { agency_id: agencyOfService });
  const seen = await as(agencyAdmin, srv)(`/api/v1/complaints/${c.id}`);
  assert.equal(seen.status, 200);
  assertNoIdentity(await seen.text(), 'the agency\'s view of a recorded rahasia report');

  // Nobody else on the staff records reports, and the desk says how it got one.
  for (const session of [agencyAdmin, officer, evaluator]) {
    const refused = await as(session, srv)('/api/v1/complaints', { method: 'POST', json: report({ received_via: 'counter' }) });
    assert.equal(refused.status, 403);
  }
  const unsaid = await as(desk, srv)('/api/v1/complaints', { method: 'POST', json: report() });
  assert.equal(unsaid.status, 422);
  assert.equal((await unsaid.json()).errors[0].field, 'received_via');
  const byCitizen = await as(citizen, srv)('/api/v1/complaints', { method: 'POST', json: report({ received_via: 'counter' }) });
  assert.equal(byCitizen.status, 403);
});

test('bad input gets a clear problem and stores nothing', async () => {
  const api = as(citizen, srv);
  const count = async () => (await (await api('/api/v1/complaints?box=mine')).json()).total;
  const n = await count();
  const raw = await fetch(srv.url + '/api/v1/complaints', {
    method: 'POST',
    headers: { cookie: citizen.cookie, 'x-csrf-token': citizen.csrf, 'content-type': 'application/json' },
    body: '{"title": ',
  });
  assert.equal(raw.status, 400);
  assert.match(raw.headers.get('content-type'), /^application\/problem\+json/);
  const cases = [
    [{ ...report(), title: '' }, 'title'],
    [{ ...report(), title: 42 }, 'title'],
    [{ ...report(), description: 'x'.repeat(4001) }, 'description'],
    [{ ...report(), type: 'gosip' }, 'type'],
    [{ ...report(), privacy: 'publik' }, 'privacy'],
    [{ ...report(), service_id: 999999 }, 'service_id'],
    [{ ...report(), service_id: undefined }, 'service_id'],
    [{ ...report(), latitude: 123 , longitude: 10 }, 'latitude'],
    [{ ...report(), event_date: '2026-02-30' }, 'event_date'],
    [{ ...report(), attachments: 'foto' }, 'attachments'],
    [{ ...report(), attachments: [{ filename: 'a.png', data: '***' }] }, 'attachments'],
  ];
  for (const [body, field] of cases) {
    const res = await api('/api/v1/complaints', { method: 'POST', json: body });
    assert.equal(res.status, 422, `${field}: ${await res.clone().text()}`);
    const p = await res.json();
    assert.ok(p.errors.some((e) => e.field === field), `${field} named in ${JSON.stringify(p.errors)}`);
  }
  assert.equal(await count(), n);
  // Unknown actions and ids.
  assert.equal((await act(desk, 999999, 'verify')).status, 404);
  assert.equal((await act(desk, 1, 'fly')).status, 422);
  assert.equal((await fetch(srv.url + '/api/v1/complaints')).status, 401);
  assert.equal((await fetch(srv.url + '/api/v1/tracking/NOT-A-CODE')).status, 404);
  assert.equal((await as(citizen, srv)('/api/v1/complaints?box=desk')).status, 403);
});

test('an attachment is sniffed from its bytes: a lying Content-Type is refused, a real PNG is served back', async () => {
  const api = as(citizen, srv);
  const lying = await api('/api/v1/complaints', {
    method: 'POST',
    json: report({ attachments: [{ filename: 'foto.png', content_type: 'image/png', data: Buffer.from('<html><script>alert(1)</script>').toString('base64') }] }),
  });
  assert.equal(lying.status, 422);
  assert.equal((await lying.json()).errors[0].field, 'attachments');
  const png = Buffer.concat([
    Buffer.from('89504e470d0a1a0a0000000d49484452000000020000000208020000009077 53de'.replace(/ /g, ''), 'hex'),
  ]);
  const ok = await api('/api/v1/complaints', {
    method: 'POST',
    json: report({ attachments: [{ filename: '../../etc/foto.png', content_type: 'image/png', data: png.toString('base64') }] }),
  });
  assert.equal(ok.status, 201, await ok.clone().text());
  const c = await ok.json();
  const view = await (await as(desk, srv)(`/api/v1/complaints/${c.id}`)).json();
  assert.equal(view.attachments.length, 1);
  assert.equal(view.attachments[0].mime, 'image/png');
  assert.equal(view.attachments[0].filename, 'foto.png');
  const file = await as(desk, srv)(view.attachments[0].url);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'image/png');
  assert.match(file.headers.get('content-security-policy'), /sandbox/);
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), png);
  // Another agency's staff cannot fetch it.
  assert.equal((await as(otherAdmin, srv)(view.attachments[0].url)).status, 404);
});

test('deadlines: an unverified report is escalated to the mall manager once; a resolved one closes itself', async () => {
  const api = as(citizen, srv);
  const late = await (await api('/api/v1/complaints', { method: 'POST', json: report({ title: 'Petugas tidak ramah sama sekali' }) })).json();
  const done = await (await api('/api/v1/complaints', { method: 'POST', json: report({ title: 'Toilet MPP rusak total' }) })).json();
  await actOk(desk, done.id, 'verify');
  await actOk(desk, done.id, 'disposition_to_agency', { agency_id: agencyOfService });
  await actOk(agencyAdmin, done.id, 'resolve', { message: 'Toilet sudah diperbaiki.' });

  const inAMonth = new Date(Date.now() + 31 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  for (let i = 0; i < 2; i++) {
    const out = layan(['jobs', 'run', '--at', inAMonth, '--db', srv.db]);
    assert.match(out, /complaint_deadlines: ran/);
  }
  const v = await (await as(desk, srv)(`/api/v1/complaints/${late.id}`)).json();
  assert.equal(v.escalations, 1, 'a missed verification goes to the mall manager, once');
  const closed = await (await as(desk, srv)(`/api/v1/complaints/${done.id}`)).json();
  assert.equal(closed.status, 'closed');
  assert.equal(closed.events.at(-1).kind, 'auto_close');
  // The server's own clock has not moved: nothing is overdue for it yet.
  const overdue = await (await as(desk, srv)('/api/v1/complaints?box=desk&overdue=true')).json();
  assert.ok(!overdue.items.some((x) => x.id === late.id));
});

test('the desk sees similar reports, and marks a duplicate', async () => {
  const api = as(citizen, srv);
  const a = await (await api('/api/v1/complaints', { method: 'POST', json: report({ title: 'Blangko KTP-el habis lagi', description: 'Blangko KTP-el habis di loket perekaman sejak minggu lalu.' }) })).json();
  const b = await (await api('/api/v1/complaints', { method: 'POST', json: report({ title: 'Blangko KTP-el kosong', description: 'Loket perekaman bilang blangko KTP-el habis sejak minggu lalu.' }) })).json();
  const similar = await (await as(desk, srv)(`/api/v1/complaints/${b.id}/similar`)).json();
  assert.ok(similar.items.some((x) => x.id === a.id), JSON.stringify(similar.items.map((x) => x.title)));
  const dup = await actOk(desk, b.id, 'mark_duplicate', { related_id: a.id });
  assert.equal(dup.status, 'duplicate');
  assert.equal(dup.duplicate_of, a.id);
  assert.equal((await act(desk, b.id, 'verify')).status, 409);
});

test('another agency never sees a report that is not theirs; not-our-authority hands it back to the desk', async () => {
  const api = as(citizen, srv);
  const c = await (await api('/api/v1/complaints', { method: 'POST', json: report({ title: 'Izin usaha belum terbit' }) })).json();
  await actOk(desk, c.id, 'verify');
  await actOk(desk, c.id, 'disposition_to_agency', { agency_id: agencyOfService });
  assert.equal((await as(otherAdmin, srv)(`/api/v1/complaints/${c.id}`)).status, 404);
  assert.equal((await act(otherAdmin, c.id, 'resolve', { message: 'x' })).status, 404);
  const back = await actOk(agencyAdmin, c.id, 'not_our_authority', { message: 'Perizinan usaha wewenang DPMPTSP.' });
  assert.equal(back.status, 'not_our_authority');
  assert.equal(back.agency, null);
  assert.equal((await as(agencyAdmin, srv)(`/api/v1/complaints/${c.id}`)).status, 404);
  const desks = await (await as(desk, srv)('/api/v1/complaints?box=desk&status=not_our_authority')).json();
  assert.ok(desks.items.some((x) => x.id === c.id));
});
