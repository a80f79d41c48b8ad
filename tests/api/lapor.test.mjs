// The SP4N-LAPOR! bridge through the real server (SQLite or PostgreSQL): the
// desk's export document and what it may hold of a reporter (only for biasa
// reports), recording the forward, and LAPOR!'s incoming dispositions by API
// key: created at_agency with the LAPOR! number, idempotent, tied keys kept
// to their agency, bad input as problem+json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, signIn, as, layan, DEMO, DB_KIND } from '../lib/server.mjs';

const PUBLIC_URL = 'https://mpp.contoh.go.id';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
// The LAPOR! reporter of incoming reports; never in any answer but the desk's
// export of a biasa report and the handling staff's view of one.
const SECRET = { name: 'Siti Pelapor Rahasia', email: 'siti.rahasia@example.id', phone: '081234567890' };

let srv, desk, citizen, evaluator, disdukAdmin, dpmptspAdmin;
let disdukcapil, dpmptsp;  // agency ids
let openKey, tiedKey;      // API keys: not tied, tied to Disdukcapil
let citizenName, citizenEmail;

function apiKey(name, agency) {
  const args = ['apikey', 'add', '--name', name, '--db', srv.db];
  if (agency) args.push('--agency', String(agency));
  return layan(args).trim().split('\n').pop();
}

before(async () => {
  srv = await startServer({ seed: true, env: { LAYAN_PUBLIC_URL: PUBLIC_URL } });
  desk = as(await signIn(srv, DEMO.mpp_admin), srv);
  const warga = await signIn(srv, DEMO.citizen);
  citizen = as(warga, srv);
  citizenName = warga.user.name;
  citizenEmail = DEMO.citizen;
  evaluator = as(await signIn(srv, DEMO.evaluator), srv);
  disdukAdmin = as(await signIn(srv, DEMO.agency_admin), srv);
  dpmptspAdmin = as(await signIn(srv, DEMO.other_agency_admin), srv);
  const agencies = (await (await fetch(srv.url + '/api/v1/agencies')).json()).items;
  disdukcapil = agencies.find((a) => a.slug === 'disdukcapil').id;
  dpmptsp = agencies.find((a) => a.slug === 'dpmptsp').id;
  openKey = apiKey('SP4N-LAPOR! (nasional)');
  tiedKey = apiKey('SP4N-LAPOR! (Disdukcapil)', disdukcapil);
});
after(async () => { await srv?.stop(); });

async function problem(res, status, type) {
  assert.equal(res.status, status, await res.clone().text());
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = await res.json();
  assert.equal(body.type, type);
  return body;
}

// A citizen's report about Disdukcapil.
async function report(privacy, extra = {}) {
  const res = await citizen('/api/v1/complaints', {
    method: 'POST',
    json: {
      type: 'pengaduan', privacy, agency_id: disdukcapil, title: `Antrean KTP-el lama (${privacy})`,
      description: 'Saya menunggu lima jam tanpa kepastian di loket 3.', address: 'MPP Sukamaju, loket 3',
      latitude: -6.2, longitude: 106.8, event_date: '2026-03-02', ...extra,
    },
  });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

function dispose(key, body) {
  const headers = { 'content-type': 'application/json' };
  if (key) headers.authorization = 'Bearer ' + key;
  return fetch(srv.url + '/api/v1/lapor/dispositions', {
    method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

// The audit actions recorded for one complaint, oldest first; and the chain
// over all of them must stay intact.
function auditActions(complaintId) {
  assert.match(layan(['audit', 'verify', '--db', srv.db]), /intact: \d+ events/);
  const q = `SELECT action FROM audit_events WHERE entity = 'complaint' AND entity_id = ${Number(complaintId)} ORDER BY id`;
  const out = DB_KIND === 'sqlite'
    ? execFileSync('sqlite3', [srv.db.replace(/^sqlite:/, ''), q], { encoding: 'utf8' })
    : execFileSync('psql', [srv.db, '-At', '-c', q], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

let laporSeq = 0;
function disposition(extra = {}) {
  laporSeq += 1;
  return {
    lapor_tracking_id: `LAP-2026-${String(laporSeq).padStart(6, '0')}`,
    title: 'Jalan rusak di depan MPP',
    description: 'Lubang besar di jalan masuk MPP membahayakan pengendara.',
    type: 'pengaduan',
    privacy: 'rahasia',
    agency_id: disdukcapil,
    location: { latitude: -6.21, longitude: 106.81, address: 'Jl. Merdeka 1' },
    event_date: '2026-03-01',
    reporter: SECRET,
    submitted_at: '2026-03-02T03:04:05Z',
    ...extra,
  };
}

function assertNoIdentity(text, who) {
  for (const s of [SECRET.name, SECRET.email, '+6281234567890', SECRET.phone, citizenName, citizenEmail]) {
    assert.ok(!text.includes(s), `${who}: "${s}" must not appear`);
  }
}

// ---- Export

test('the export of a biasa report carries the report, absolute attachment URLs and the reporter', async () => {
  const c = await report('biasa', {
    type: 'aspirasi',
    attachments: [{ filename: 'loket.png', content_type: 'image/png', data: PNG }],
  });
  const res = await desk(`/api/v1/complaints/${c.id}/lapor`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const doc = await res.json();
  assert.equal(doc.format, 'layan-lapor-export/1');
  assert.equal(doc.tracking_code, c.tracking_code);
  assert.equal(doc.source.complaint_id, c.id);
  assert.equal(doc.title, 'Antrean KTP-el lama (biasa)');
  assert.equal(doc.description, 'Saya menunggu lima jam tanpa kepastian di loket 3.');
  assert.equal(doc.category, 'aspirasi');
  assert.equal(doc.type, 'aspirasi');
  assert.deepEqual(doc.agency, { id: disdukcapil, name: doc.agency.name, lapor_instansi: null });
  assert.match(doc.agency.name, /Kependudukan/);
  assert.deepEqual(doc.location, { latitude: -6.2, longitude: 106.8, address: 'MPP Sukamaju, loket 3' });
  assert.equal(doc.event_date, '2026-03-02');
  assert.equal(doc.submitted_at, c.submitted_at);
  assert.equal(doc.anonim, false);
  assert.equal(doc.rahasia, false);
  assert.equal(doc.attachments.length, 1);
  const a = doc.attachments[0];
  assert.equal(a.filename, 'loket.png');
  assert.equal(a.content_type, 'image/png');
  assert.match(a.url, new RegExp(`^${PUBLIC_URL}/api/v1/complaints/${c.id}/attachments/\\d+$`));
  // The URL works for the desk (relative to this server).
  const file = await desk(a.url.slice(PUBLIC_URL.length));
  assert.equal(file.status, 200);
  assert.equal(Buffer.from(await file.arrayBuffer()).toString('base64'), PNG);
  assert.deepEqual(doc.reporter, { name: citizenName, email: citizenEmail, phone: '' });
  assert.equal(doc.lapor_tracking_id, null);
  // The document leaves the mall with an identity: taking it is audited.
  assert.deepEqual(auditActions(c.id), ['complaint.submit', 'complaint.lapor_export']);
});

test('the export of an anonim, rahasia or whistle-blowing report holds no identity at all', async () => {
  for (const [privacy, type, flags] of [
    ['anonim', 'pengaduan', { anonim: true, rahasia: false }],
    ['rahasia', 'permintaan_informasi', { anonim: true, rahasia: true }],
    ['biasa', 'whistleblowing', { anonim: true, rahasia: true }],
  ]) {
    const c = await report(privacy, { type });
    const res = await desk(`/api/v1/complaints/${c.id}/lapor`);
    assert.equal(res.status, 200);
    const text = await res.text();
    const doc = JSON.parse(text);
    assert.equal(doc.reporter, null, `${privacy}/${type}`);
    assert.equal(doc.anonim, flags.anonim, `${privacy}/${type}`);
    assert.equal(doc.rahasia, flags.rahasia, `${privacy}/${type}`);
    assert.equal(doc.category, type === 'permintaan_informasi' ? 'permintaan_informasi' : 'pengaduan');
    assertNoIdentity(text, `${privacy}/${type} export`);
  }
});

test('only the desk exports: others are refused, unknown ids are 404', async () => {
  const c = await report('biasa');
  await problem(await fetch(`${srv.url}/api/v1/complaints/${c.id}/lapor`), 401, '/problems/unauthenticated');
  await problem(await evaluator(`/api/v1/complaints/${c.id}/lapor`), 403, '/problems/forbidden');
  await problem(await disdukAdmin(`/api/v1/complaints/${c.id}/lapor`), 403, '/problems/forbidden');
  await problem(await citizen(`/api/v1/complaints/${c.id}/lapor`), 403, '/problems/forbidden');
  const keyed = await fetch(`${srv.url}/api/v1/complaints/${c.id}/lapor`, {
    headers: { authorization: 'Bearer ' + openKey },
  });
  await problem(keyed, 403, '/problems/forbidden');
  await problem(await desk('/api/v1/complaints/999999/lapor'), 404, '/problems/not-found');
  await problem(await desk('/api/v1/complaints/abc/lapor'), 404, '/problems/not-found');
});

// ---- Forward marking

test('the desk records the forward once: number, internal timeline note, then 409', async () => {
  const c = await report('rahasia');
  const res = await desk(`/api/v1/complaints/${c.id}/lapor`, {
    method: 'POST', json: { lapor_tracking_id: 'LAP-OUT-0001' },
  });
  assert.equal(res.status, 200, await res.clone().text());
  const marked = await res.json();
  assert.equal(marked.id, c.id);
  assert.equal(marked.lapor_tracking_id, 'LAP-OUT-0001');
  assert.equal(marked.status, c.status, 'the status does not change');
  assert.equal(marked.version, c.version + 1);
  assert.deepEqual(auditActions(c.id), ['complaint.submit', 'complaint.lapor_forward']);

  const view = await (await desk(`/api/v1/complaints/${c.id}`)).json();
  const note = view.events.find((e) => e.message.includes('LAP-OUT-0001'));
  assert.ok(note, 'a timeline event names the LAPOR! number');
  assert.equal(note.internal, true);
  assert.equal(note.actor, 'desk');
  // The reporter's own view does not show the internal note.
  const own = await (await citizen(`/api/v1/tracking/${c.tracking_code}`)).text();
  assert.ok(!own.includes('Diteruskan ke SP4N-LAPOR!'));

  const doc = await (await desk(`/api/v1/complaints/${c.id}/lapor`)).json();
  assert.equal(doc.lapor_tracking_id, 'LAP-OUT-0001');

  const again = await problem(await desk(`/api/v1/complaints/${c.id}/lapor`, {
    method: 'POST', json: { lapor_tracking_id: 'LAP-OUT-0002' },
  }), 409, '/problems/conflict');
  assert.match(again.detail, /already/);
  const other = await report('rahasia');
  await problem(await desk(`/api/v1/complaints/${other.id}/lapor`, {
    method: 'POST', json: { lapor_tracking_id: 'LAP-OUT-0001' },
  }), 409, '/problems/conflict');
});

test('forward marking refuses bad input and everyone but the desk', async () => {
  const c = await report('anonim');
  const post = (who, json, extra = {}) => who(`/api/v1/complaints/${c.id}/lapor`, { method: 'POST', json, ...extra });
  for (const [body, code] of [[{}, 'required'], [{ lapor_tracking_id: '  ' }, 'required'],
    [{ lapor_tracking_id: 'LAP 1' }, 'invalid'], [{ lapor_tracking_id: '<script>' }, 'invalid'],
    [{ lapor_tracking_id: 'x'.repeat(65) }, 'invalid']]) {
    const p = await problem(await post(desk, body), 422, '/problems/validation');
    assert.equal(p.errors[0].field, 'lapor_tracking_id');
    assert.equal(p.errors[0].code, code, JSON.stringify(body));
  }
  const typed = await problem(await post(desk, { lapor_tracking_id: 12345 }), 422, '/problems/validation');
  assert.equal(typed.errors[0].field, 'lapor_tracking_id');
  await problem(await post(desk, [1, 2]), 400, '/problems/bad-request');
  await problem(await desk(`/api/v1/complaints/${c.id}/lapor`, {
    method: 'POST', body: '{"lapor_tracking_id":', headers: { 'content-type': 'application/json' },
  }), 400, '/problems/bad-request');
  await problem(await desk(`/api/v1/complaints/${c.id}/lapor`, {
    method: 'POST', body: 'lapor_tracking_id=1', headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }), 415, '/problems/unsupported-media-type');
  await problem(await post(evaluator, { lapor_tracking_id: 'LAP-X-1' }), 403, '/problems/forbidden');
  await problem(await post(disdukAdmin, { lapor_tracking_id: 'LAP-X-1' }), 403, '/problems/forbidden');
  await problem(await desk('/api/v1/complaints/999999/lapor', {
    method: 'POST', json: { lapor_tracking_id: 'LAP-X-1' },
  }), 404, '/problems/not-found');
  // Nothing was recorded by the refused calls.
  const view = await (await desk(`/api/v1/complaints/${c.id}`)).json();
  assert.equal(view.lapor_tracking_id, null);
  assert.deepEqual(auditActions(c.id), ['complaint.submit']);
});

// ---- Incoming dispositions

test('a disposition creates a verified report at the agency with its LAPOR! number and timeline', async () => {
  const body = disposition();
  const res = await dispose(openKey, body);
  assert.equal(res.status, 201, await res.clone().text());
  const c = await res.json();
  assert.equal(res.headers.get('location'), `/api/v1/complaints/${c.id}`);
  assert.equal(c.status, 'at_agency');
  assert.equal(c.channel, 'lapor');
  assert.equal(c.lapor_tracking_id, body.lapor_tracking_id);
  assert.equal(c.agency.id, disdukcapil);
  assert.equal(c.privacy, 'rahasia');
  assert.deepEqual(auditActions(c.id), ['complaint.submit', 'complaint.verify', 'complaint.disposition_to_agency']);
  assert.ok(c.verified_at && c.dispositioned_at, 'verified and dispositioned on arrival');
  assert.ok(c.deadlines.follow_up > c.dispositioned_at, 'the follow-up deadline runs');
  assert.equal(c.deadlines.verify, null);
  assert.ok(c.deadlines.complete);
  assert.deepEqual(c.location, { latitude: -6.21, longitude: 106.81, address: 'Jl. Merdeka 1' });
  assertNoIdentity(JSON.stringify(c), 'the integration answer');

  const view = await (await desk(`/api/v1/complaints/${c.id}`)).json();
  assert.deepEqual(view.events.map((e) => [e.kind, e.from_status, e.to_status]), [
    ['submit', null, 'submitted'], ['verify', 'submitted', 'verified'],
    ['disposition_to_agency', 'verified', 'at_agency'],
  ]);
  assert.match(view.events[0].message, new RegExp(body.lapor_tracking_id));
  // In the agency's inbox; its staff never see a rahasia reporter.
  const inbox = await (await disdukAdmin('/api/v1/complaints?box=agency')).json();
  assert.ok(inbox.items.some((i) => i.id === c.id));
  const staffView = await (await disdukAdmin(`/api/v1/complaints/${c.id}`)).text();
  assert.equal(JSON.parse(staffView).reporter, undefined);
  assertNoIdentity(staffView, 'the agency view of a rahasia report');
  const deskView = await (await desk(`/api/v1/complaints/${c.id}`)).text();
  assertNoIdentity(deskView, 'the desk view of a rahasia report');
  // The desk's export of it holds no identity either.
  const exported = await (await desk(`/api/v1/complaints/${c.id}/lapor`)).text();
  assertNoIdentity(exported, 'the export of a rahasia LAPOR! report');
  // Another agency does not see it.
  await problem(await dpmptspAdmin(`/api/v1/complaints/${c.id}`), 404, '/problems/not-found');
});

test("replaying a LAPOR! number the desk recorded on a citizen's report discloses nothing of it", async () => {
  const c = await report('rahasia', { title: 'Pungutan liar di loket arsip', description: 'Petugas meminta uang.' });
  const forwarded = await desk(`/api/v1/complaints/${c.id}/lapor`, {
    method: 'POST', json: { lapor_tracking_id: 'LAP-OUT-REPLAY' },
  });
  assert.equal(forwarded.status, 200);
  for (const key of [openKey, tiedKey]) {
    const res = await dispose(key, disposition({ lapor_tracking_id: 'LAP-OUT-REPLAY', agency_id: disdukcapil }));
    const body = await problem(res, 409, '/problems/conflict');
    const text = JSON.stringify(body);
    for (const s of ['Pungutan liar', 'Petugas meminta', c.tracking_code, c.public_id, String(c.id)]) {
      assert.ok(!text.includes(s), `the refusal holds "${s}"`);
    }
    assert.equal(res.headers.get('location'), null);
  }
  // The same key still may not read it otherwise, and the report is unchanged.
  await problem(await fetch(`${srv.url}/api/v1/complaints/${c.id}`, { headers: { authorization: 'Bearer ' + openKey } }),
    404, '/problems/not-found');
  const all = await (await desk('/api/v1/complaints?box=all&limit=100')).json();
  assert.equal(all.items.filter((i) => i.lapor_tracking_id === 'LAP-OUT-REPLAY').length, 1);
});

test('a biasa disposition shows its reporter to the handling agency only', async () => {
  const c = await (await dispose(openKey, disposition({ privacy: 'biasa' }))).json();
  const staff = await (await disdukAdmin(`/api/v1/complaints/${c.id}`)).json();
  assert.deepEqual(staff.reporter, { name: SECRET.name, email: SECRET.email, phone: '+6281234567890' });
  const evaluated = await (await evaluator(`/api/v1/complaints/${c.id}`)).text();
  assertNoIdentity(evaluated, 'the evaluator view');
  assert.equal(c.tracking_code, undefined, "the reporter's secret is not in the answer to LAPOR!");
  const pub = await fetch(`${srv.url}/api/v1/tracking/${staff.tracking_code}`);
  assert.equal(pub.status, 200);
  assertNoIdentity(await pub.text(), 'the view by tracking code');
});

test('a repeated disposition returns the same complaint with 200, never a second one', async () => {
  const body = disposition({ agency_id: undefined, agency_slug: 'dpmptsp' });
  const first = await dispose(openKey, body);
  assert.equal(first.status, 201);
  const c = await first.json();
  assert.equal(c.agency.id, dpmptsp);
  for (let i = 0; i < 2; i += 1) {
    const again = await dispose(openKey, body);
    assert.equal(again.status, 200);
    // Only what the first answer already told: its id and status.
    assert.deepEqual(await again.json(), { id: c.id, status: 'at_agency' });
  }
  // With an Idempotency-Key too, the answer is the same complaint.
  const keyed = await fetch(srv.url + '/api/v1/lapor/dispositions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + openKey, 'idempotency-key': 'k-1' },
    body: JSON.stringify(body),
  });
  assert.equal(keyed.status, 200);
  assert.deepEqual(await keyed.json(), { id: c.id, status: 'at_agency' });
  const all = await (await desk('/api/v1/complaints?box=all&limit=100')).json();
  assert.equal(all.items.filter((i) => i.lapor_tracking_id === body.lapor_tracking_id).length, 1);
  const inbox = await (await dpmptspAdmin('/api/v1/complaints?box=agency')).json();
  assert.equal(inbox.items.filter((i) => i.id === c.id).length, 1);
  // The same number for another agency is a conflict, not a leak of the first report.
  const elsewhere = await problem(await dispose(openKey, { ...body, agency_slug: 'disdukcapil' }), 409,
    '/problems/conflict');
  assert.ok(!JSON.stringify(elsewhere).includes(body.title));
});

test('a key tied to an agency sends dispositions to that agency only', async () => {
  const inboxSize = async () => (await (await dpmptspAdmin('/api/v1/complaints?box=agency')).json()).total;
  const before = await inboxSize();
  const ok = await dispose(tiedKey, disposition({ agency_id: disdukcapil }));
  assert.equal(ok.status, 201);
  assert.equal((await ok.json()).agency.id, disdukcapil);
  await problem(await dispose(tiedKey, disposition({ agency_id: dpmptsp })), 403, '/problems/forbidden');
  await problem(await dispose(tiedKey, disposition({ agency_id: undefined, agency_slug: 'dpmptsp' })), 403,
    '/problems/forbidden');
  assert.equal(await inboxSize(), before, 'nothing was created for the other agency');
});

test('no key, a bad key or a person is refused', async () => {
  await problem(await dispose(null, disposition()), 401, '/problems/unauthenticated');
  await problem(await dispose('lyn_not-a-real-key', disposition()), 401, '/problems/unauthenticated');
  await problem(await dispose(null, '{broken'), 401, '/problems/unauthenticated');
  const asDesk = await desk('/api/v1/lapor/dispositions', { method: 'POST', json: disposition() });
  await problem(asDesk, 403, '/problems/forbidden');
  const asCitizen = await citizen('/api/v1/lapor/dispositions', { method: 'POST', json: disposition() });
  await problem(asCitizen, 403, '/problems/forbidden');
});

test('a bad disposition body is problem+json with an error per field', async () => {
  const fields = async (body) => {
    const p = await problem(await dispose(openKey, body), 422, '/problems/validation');
    return p.errors.map((e) => e.field).sort();
  };
  assert.deepEqual(await fields(disposition({ lapor_tracking_id: '' })), ['lapor_tracking_id']);
  assert.deepEqual(await fields(disposition({ lapor_tracking_id: 'LAP 1;' })), ['lapor_tracking_id']);
  assert.deepEqual(await fields(disposition({ agency_id: undefined })), ['agency_id']);
  assert.deepEqual(await fields(disposition({ agency_id: undefined, agency_slug: 'tidak-ada' })), ['agency_slug']);
  assert.deepEqual(await fields(disposition({ agency_slug: 'dpmptsp' })), ['agency_slug']);  // disagrees with agency_id
  assert.deepEqual(await fields(disposition({ agency_id: 999999 })), ['agency_id']);
  assert.deepEqual(await fields(disposition({ submitted_at: 'kemarin' })), ['submitted_at']);
  assert.deepEqual(await fields(disposition({ type: 'keluhan' })), ['type']);
  assert.deepEqual(await fields(disposition({ privacy: 'publik' })), ['privacy']);
  assert.deepEqual(await fields(disposition({ title: 'abc' })), ['title']);
  assert.deepEqual(await fields(disposition({ description: '' })), ['description']);
  assert.deepEqual(await fields(disposition({ event_date: '2026-02-30' })), ['event_date']);
  assert.deepEqual(await fields(disposition({ location: { latitude: 95, longitude: 10 } })), ['location.latitude']);
  assert.deepEqual(await fields(disposition({ reporter: { name: 'A', email: 'bukan-email' } })),
    ['reporter.email']);
  assert.deepEqual(await fields(disposition({ agency_id: 'satu' })), ['agency_id']);
  assert.deepEqual(await fields(disposition({ location: 'Jakarta' })), ['location']);
  assert.deepEqual(await fields(disposition({ title: 42, description: ['x'] })), ['description', 'title']);
  await problem(await dispose(openKey, '{"lapor_tracking_id": '), 400, '/problems/bad-request');
  await problem(await dispose(openKey, '[]'), 400, '/problems/bad-request');
  const form = await fetch(srv.url + '/api/v1/lapor/dispositions', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + openKey, 'content-type': 'text/plain' },
    body: 'x',
  });
  await problem(form, 415, '/problems/unsupported-media-type');
  // None of the refused bodies made a complaint.
  const all = await (await desk('/api/v1/complaints?box=all&limit=100')).json();
  assert.ok(!all.items.some((i) => i.title === 'abc'));
});
