// The working-day calendar through the API: anyone reads the holidays of a
// year; only the mall manager (mpp_admin) lists, changes and removes days;
// bad input is problem+json with an error per field; a day already listed is
// a 409 on the `day` field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn, as, DEMO } from '../lib/server.mjs';

let srv;
let admin;  // fetch as the demo mpp_admin
before(async () => {
  srv = await startServer({ seed: true });
  admin = as(await signIn(srv, DEMO.mpp_admin), srv);
});
after(async () => { await srv?.stop(); });

const get = (path) => fetch(srv.url + path);

async function problem(res, status, type) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = await res.json();
  assert.equal(body.type, type);
  assert.ok(body.title && body.title_en, 'titles in both languages');
  return body;
}

test('anyone reads the seeded holidays of 2026, by day', async () => {
  const res = await get('/api/v1/holidays?year=2026');
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.year, 2026);
  const days = body.items.map((h) => h.day);
  assert.equal(days.length, 25, 'every day of seed/demo.json');
  assert.deepEqual(days, [...days].sort());
  for (const h of body.items) {
    assert.deepEqual(Object.keys(h).sort(), ['created_at', 'day', 'kind', 'name', 'updated_at']);
    assert.equal(h.kind, h.name.startsWith('Cuti Bersama') ? 'cuti_bersama' : 'libur_nasional', h.name);
  }
  const lebaran = body.items.filter((h) => h.day >= '2026-03-18' && h.day <= '2026-03-24');
  assert.equal(lebaran.length, 7, 'Nyepi and the Idulfitri week');

  const one = await get('/api/v1/holidays/2026-08-17');
  assert.equal(one.status, 200);
  assert.equal((await one.json()).name, 'Proklamasi Kemerdekaan Republik Indonesia');
  assert.deepEqual((await (await get('/api/v1/holidays?year=2031')).json()).items, []);

  // Without a year: the current year in the MPP's zone.
  const current = await (await get('/api/v1/holidays')).json();
  assert.ok(Number.isInteger(current.year) && current.year >= 2026);
});

test('a bad year or day is refused, never a 500', async () => {
  for (const q of ['1999', '2101', 'abcd', '26', '2026.0', '-2026', '20260']) {
    const body = await problem(await get('/api/v1/holidays?year=' + q), 422, '/problems/validation');
    assert.equal(body.errors[0].field, 'year', q);
  }
  for (const d of ['2026-02-30', '2026-8-17', 'besok', '2026-08-18', '%00', '2026-08-17x']) {
    await problem(await get('/api/v1/holidays/' + d), 404, '/problems/not-found');
  }
});

test('visitors, citizens, officers and agency admins may not write', async () => {
  const body = { day: '2026-10-02', name: 'Hari Batik Nasional', kind: 'libur_nasional' };
  const anonymous = (path, method, json) => fetch(srv.url + path, {
    method, headers: { 'content-type': 'application/json' }, body: json && JSON.stringify(json),
  });
  for (const [path, method, json] of [
    ['/api/v1/holidays', 'POST', body],
    ['/api/v1/holidays/2026-08-17', 'PUT', { name: 'x', kind: 'cuti_bersama' }],
    ['/api/v1/holidays/2026-08-17', 'DELETE'],
  ]) {
    await problem(await anonymous(path, method, json), 401, '/problems/unauthenticated');
    for (const who of ['citizen', 'officer', 'agency_admin', 'evaluator']) {
      const f = as(await signIn(srv, DEMO[who]), srv);
      await problem(await f(path, { method, json }), 403, '/problems/forbidden');
    }
  }
  const kept = await (await get('/api/v1/holidays/2026-08-17')).json();
  assert.equal(kept.name, 'Proklamasi Kemerdekaan Republik Indonesia');
  assert.equal((await get('/api/v1/holidays/2026-10-02')).status, 404);
});

test('the mall manager lists, changes and removes a day', async () => {
  const created = await admin('/api/v1/holidays', {
    method: 'POST', json: { day: '2027-03-10', name: '  Cuti Bersama Idulfitri 1448 Hijriah  ', kind: 'cuti_bersama' },
  });
  assert.equal(created.status, 201);
  assert.equal(created.headers.get('location'), '/api/v1/holidays/2027-03-10');
  const h = await created.json();
  assert.equal(h.name, 'Cuti Bersama Idulfitri 1448 Hijriah', 'trimmed');
  assert.equal(h.kind, 'cuti_bersama');
  assert.match(h.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  // The public list shows it at once (the public cache is cleared by the write).
  const list = await (await get('/api/v1/holidays?year=2027')).json();
  assert.deepEqual(list.items.map((x) => x.day), ['2027-03-10']);

  const changed = await admin('/api/v1/holidays/2027-03-10', {
    method: 'PUT', json: { name: 'Hari Raya Idulfitri 1448 Hijriah', kind: 'libur_nasional' },
  });
  assert.equal(changed.status, 200);
  const c = await changed.json();
  assert.equal(c.day, '2027-03-10');
  assert.equal(c.kind, 'libur_nasional');
  assert.equal((await (await get('/api/v1/holidays/2027-03-10')).json()).name, 'Hari Raya Idulfitri 1448 Hijriah');

  const deleted = await admin('/api/v1/holidays/2027-03-10', { method: 'DELETE' });
  assert.equal(deleted.status, 204);
  await problem(await get('/api/v1/holidays/2027-03-10'), 404, '/problems/not-found');
  await problem(await admin('/api/v1/holidays/2027-03-10', { method: 'DELETE' }), 404, '/problems/not-found');
  await problem(await admin('/api/v1/holidays/2027-03-10', { method: 'PUT', json: { name: 'x', kind: 'cuti_bersama' } }),
    404, '/problems/not-found');
});

test('a day already listed is a 409 on the day field', async () => {
  const res = await admin('/api/v1/holidays', {
    method: 'POST', json: { day: '2026-12-25', name: 'Natal', kind: 'libur_nasional' },
  });
  const body = await problem(res, 409, '/problems/conflict');
  assert.deepEqual(body.errors.map((e) => e.field), ['day']);
  assert.ok(body.errors[0].message && body.errors[0].message_en);
  assert.equal((await (await get('/api/v1/holidays/2026-12-25')).json()).name, 'Kelahiran Yesus Kristus');
});

test('bad input: every field error at once, malformed bodies and types', async () => {
  const post = (json) => admin('/api/v1/holidays', { method: 'POST', json });
  const rules = await problem(await post({ day: '2026-02-30', name: '', kind: 'libur' }), 422, '/problems/validation');
  assert.deepEqual(rules.errors.map((e) => `${e.field}:${e.code}`).sort(), ['day:invalid', 'kind:invalid', 'name:required']);
  for (const e of rules.errors) assert.ok(e.message && e.message_en, e.field);

  const types = await problem(await post({ day: 20260817, name: ['x'], kind: true }), 422, '/problems/validation');
  assert.deepEqual(types.errors.map((e) => e.field).sort(), ['day', 'kind', 'name']);

  const long = await problem(await post({ day: '2026-10-02', name: 'x'.repeat(121), kind: 'libur_nasional' }), 422,
    '/problems/validation');
  assert.deepEqual(long.errors.map((e) => `${e.field}:${e.code}`), ['name:too_long']);
  const accents = await post({ day: '2026-10-02', name: 'é'.repeat(120), kind: 'libur_nasional' });
  assert.equal(accents.status, 201, '120 characters are allowed whatever their bytes');
  assert.equal((await admin('/api/v1/holidays/2026-10-02', { method: 'DELETE' })).status, 204);

  const range = await problem(await post({ day: '1999-12-31', name: 'Y2K', kind: 'libur_nasional' }), 422,
    '/problems/validation');
  assert.deepEqual(range.errors.map((e) => `${e.field}:${e.code}`), ['day:out_of_range']);
  await problem(await post({ day: '2026-10-02', name: 'Baris\nbaru', kind: 'libur_nasional' }), 422, '/problems/validation');

  await problem(await admin('/api/v1/holidays', { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } }),
    400, '/problems/bad-request');
  await problem(await post([]), 400, '/problems/bad-request');
  await problem(await admin('/api/v1/holidays', { method: 'POST', body: 'day=2026-10-02', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    415, '/problems/unsupported-media-type');
  const put = await problem(await admin('/api/v1/holidays/2026-12-25', { method: 'PUT', json: { name: ' ', kind: 'x' } }),
    422, '/problems/validation');
  assert.deepEqual(put.errors.map((e) => e.field).sort(), ['kind', 'name']);
  await problem(await admin('/api/v1/holidays/2026-12-25', { method: 'PATCH', json: {} }), 405, '/problems/method-not-allowed');
  assert.equal((await get('/api/v1/holidays?year=2030')).status, 200);
  assert.deepEqual((await (await get('/api/v1/holidays?year=2026')).json()).items.length, 25, 'nothing was stored');
});

test('a retried POST with an Idempotency-Key lists the day once', async () => {
  const send = () => admin('/api/v1/holidays', {
    method: 'POST', json: { day: '2028-01-26', name: 'Tahun Baru Imlek 2579 Kongzili', kind: 'libur_nasional' },
    headers: { 'idempotency-key': 'imlek-2028' },
  });
  const first = await send();
  assert.equal(first.status, 201);
  const again = await send();
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  const list = await (await get('/api/v1/holidays?year=2028')).json();
  assert.equal(list.items.length, 1);
});
