// Public complaint statistics through the real server (SQLite or
// PostgreSQL): counts by status, by month and by agency, what "closed in
// time" means (closed no later than the completion deadline, moved through
// with `layan jobs run --at`), month validation, and no personal data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn, as, layan, DEMO } from '../lib/server.mjs';

let srv, citizen, disdukAdmin, key, disdukcapil, dpmptsp;
const month = new Date().toISOString().slice(0, 7);  // complaints made now count here (UTC)
const REPORTER = { name: 'Rudi Pelapor Statistik', email: 'rudi.statistik@example.id' };

const addMonths = (m, n) => {
  const d = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1 + n, 1));
  return d.toISOString().slice(0, 7);
};
const daysFromNow = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 19) + 'Z';

before(async () => {
  // Jobs run from the command line below write without this server knowing:
  // no response cache, so every read sees them.
  srv = await startServer({ seed: true, env: { LAYAN_PUBLIC_CACHE_MS: '0' } });
  citizen = as(await signIn(srv, DEMO.citizen), srv);
  disdukAdmin = as(await signIn(srv, DEMO.agency_admin), srv);
  const agencies = (await (await fetch(srv.url + '/api/v1/agencies')).json()).items;
  disdukcapil = agencies.find((a) => a.slug === 'disdukcapil').id;
  dpmptsp = agencies.find((a) => a.slug === 'dpmptsp').id;
  key = layan(['apikey', 'add', '--name', 'SP4N-LAPOR!', '--db', srv.db]).trim().split('\n').pop();
});
after(async () => { await srv?.stop(); });

async function stats(query) {
  const res = await fetch(`${srv.url}/api/v1/complaint-statistics${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

let seq = 0;
async function received(agencyId) {
  seq += 1;
  const res = await fetch(srv.url + '/api/v1/lapor/dispositions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + key },
    body: JSON.stringify({
      lapor_tracking_id: `STAT-${seq}`, title: 'Antrean akta kelahiran lama',
      description: 'Pelayanan akta kelahiran memakan waktu tiga minggu.', privacy: 'biasa',
      agency_id: agencyId, reporter: REPORTER,
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

async function resolve(id) {
  const res = await disdukAdmin(`/api/v1/complaints/${id}/actions`, {
    method: 'POST', json: { action: 'resolve', message: 'Antrean sudah ditambah petugasnya.' },
  });
  assert.equal(res.status, 200, await res.clone().text());
}

const jobsAt = (at) => layan(['jobs', 'run', '--at', at, '--db', srv.db]);

const count = (body, status) => body.by_status.find((s) => s.status === status).count;
const agencyRow = (body, id) => body.agencies.find((a) => (a.agency ? a.agency.id : null) === id);
const emptyOutcome = { received: 0, closed: 0, closed_in_time: 0, share_in_time: null };

test('received, closed and closed in time, by status, month and agency', async () => {
  const before = await stats(`?from=${month}&to=${month}`);

  const inTime = await received(disdukcapil);
  const late = await received(disdukcapil);
  await received(disdukcapil);
  await received(dpmptsp);
  const desk = await citizen('/api/v1/complaints', {
    method: 'POST',
    json: { agency_id: disdukcapil, title: 'Loket tutup lebih awal', description: 'Loket 2 tutup pukul 13.00.' },
  });
  assert.equal(desk.status, 201);

  // One closes in time (auto-closed 30 days on, before its 60-day deadline),
  // one late (auto-closed 90 days on).
  await resolve(inTime.id);
  jobsAt(daysFromNow(30));
  await resolve(late.id);
  jobsAt(daysFromNow(90));

  const after = await stats(`?from=${month}&to=${month}`);
  assert.equal(after.from, month);
  assert.equal(after.to, month);
  assert.equal(after.total - before.total, 5);
  assert.equal(count(after, 'closed') - count(before, 'closed'), 2);
  assert.equal(count(after, 'at_agency') - count(before, 'at_agency'), 2);
  assert.equal(count(after, 'submitted') - count(before, 'submitted'), 1);
  assert.equal(after.by_status.length, 13, 'every status, zeros included');
  assert.equal(after.overall.received - before.overall.received, 5);
  assert.equal(after.overall.closed - before.overall.closed, 2);
  assert.equal(after.overall.closed_in_time - before.overall.closed_in_time, 1);
  assert.deepEqual(after.months.map((m) => m.month), [month]);
  assert.deepEqual({ ...after.months[0], month: undefined }, { ...after.overall, month: undefined });

  const d0 = agencyRow(before, disdukcapil) ?? emptyOutcome;
  const d1 = agencyRow(after, disdukcapil);
  assert.equal(d1.agency.id, disdukcapil);
  assert.match(d1.agency.name, /Kependudukan/);
  assert.equal(d1.received - d0.received, 3);
  assert.equal(d1.closed - d0.closed, 2);
  assert.equal(d1.closed_in_time - d0.closed_in_time, 1);
  if (d0.closed === 0) assert.equal(d1.share_in_time, 0.5);
  assert.equal(d1.months.length, 1);
  assert.equal(d1.months[0].received, d1.received);
  assert.equal((agencyRow(after, dpmptsp)?.received ?? 0) - (agencyRow(before, dpmptsp)?.received ?? 0), 1);
  // The citizen's report is still at the desk: no agency.
  const desk1 = agencyRow(after, null);
  assert.ok(desk1, 'a row for reports not with an agency');
  assert.equal(desk1.received - (agencyRow(before, null)?.received ?? 0), 1);
});

test('no report content and no person in the statistics', async () => {
  const text = await (await fetch(`${srv.url}/api/v1/complaint-statistics?from=${month}&to=${month}`)).text();
  for (const s of [REPORTER.name, REPORTER.email, 'Wawan', 'warga@mpp.demo', 'Antrean akta', 'Loket tutup', 'STAT-1']) {
    assert.ok(!text.includes(s), s);
  }
});

test('months default to the last twelve and are validated', async () => {
  const def = await stats('');
  assert.equal(def.to, month);
  assert.equal(def.from, addMonths(month, -11));
  assert.equal(def.months.length, 12);
  const fromOnly = await stats('?from=2025-03');
  assert.deepEqual([fromOnly.from, fromOnly.to, fromOnly.months.length], ['2025-03', '2026-02', 12]);
  const toOnly = await stats('?to=2026-02');
  assert.deepEqual([toOnly.from, toOnly.to], ['2025-03', '2026-02']);
  const two = await stats('?from=2025-01&to=2026-12');
  assert.equal(two.months.length, 24);
  assert.equal(two.months[0].month, '2025-01');
  assert.deepEqual({ ...two.months[0], month: undefined }, { ...emptyOutcome, month: undefined });

  for (const [q, fields] of [
    ['?from=2026-13&to=2026-12', ['from']], ['?from=2026-01&to=2026-1', ['to']],
    ['?from=2026-05&to=2026-04', ['to']], ['?from=2024-12&to=2026-12', ['to']],
    ['?from=abc', ['from']], ['?to=%00', ['to']], ['?from=1999-12&to=2000-01', ['from']],
    ['?from=&to=', ['from', 'to']], ['?from=2026-01-01&to=2026-02', ['from']],
  ]) {
    const res = await fetch(`${srv.url}/api/v1/complaint-statistics${q}`);
    assert.equal(res.status, 422, q);
    assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
    const body = await res.json();
    assert.equal(body.type, '/problems/validation');
    assert.deepEqual(body.errors.map((e) => e.field).sort(), fields, q);
  }
});
