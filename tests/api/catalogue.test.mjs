// The catalogue's JSON API: reads, search, pagination, writes by each role,
// bad input, and that management components never reach the public.
// Data is created through the API by an mpp_admin made with `layan user add`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, layan, signIn, as } from '../lib/server.mjs';

const password = 'correct horse battery';
const MANAGEMENT_KEYS = ['management', 'legal_basis', 'facilities', 'staff_competence', 'internal_supervision',
  'staff_count', 'service_guarantee', 'safety_guarantee', 'performance_evaluation'];

let srv;
let admin; // fetch as the mpp_admin
const ids = {};
const users = {};
const PAGE_SERVICES = 23;

function standard(overrides = {}) {
  return {
    requirements: [{ text: 'Formulir permohonan', note: '' }, { text: 'Fotokopi Kartu Keluarga', note: 'asli ditunjukkan' }],
    procedure: [{ text: 'Ambil nomor antrean', note: '' }, { text: 'Serahkan berkas di loket', note: '' }],
    duration: { value: 1, unit: 'working_days' },
    fee: { amount: 0, basis: '' },
    product: 'Dokumen kependudukan',
    complaint_channel: 'Loket pengaduan dan SP4N-LAPOR!',
    management: {
      legal_basis: 'UU 24/2013 tentang Administrasi Kependudukan', facilities: 'Ruang tunggu, jalur prioritas',
      staff_competence: 'Petugas bersertifikat', internal_supervision: 'Kepala bidang', staff_count: 4,
      service_guarantee: 'Tepat waktu', safety_guarantee: 'Data dijaga', performance_evaluation: 'Triwulanan',
    },
    change_note: 'Standar awal',
    ...overrides,
  };
}

function newService(slug, name, extra = {}) {
  return { slug, name, summary: '', category: 'Kependudukan', delivery_modes: ['in_person'], standard: standard(), ...extra };
}

async function json(res, status) {
  const text = await res.text();
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

async function problem(res, status, type) {
  const body = await json(res, status);
  assert.match(res.headers.get('content-type'), /application\/problem\+json/);
  if (type) assert.equal(body.type, type);
  assert.ok(body.title && body.title_en);
  return body;
}

const get = (path, headers = {}) => fetch(srv.url + path, { headers });

function addUser(email, role, agency, unit) {
  const args = ['user', 'add', '--db', srv.db, '--email', email, '--name', email.split('@')[0], '--role', role, '--password', password];
  if (agency) args.push('--agency', String(agency));
  if (unit) args.push('--unit', String(unit));
  layan(args);
}

before(async () => {
  srv = await startServer();
  layan(['user', 'add', '--db', srv.db, '--email', 'admin@mall.test', '--name', 'Admin MPP', '--role', 'mpp_admin', '--password', password]);
  admin = as(await signIn(srv, 'admin@mall.test', password), srv);

  ids.location = (await json(await admin('/api/v1/locations', { method: 'POST', json: {
    slug: 'mpp-sukamaju', name: 'MPP Sukamaju', address: 'Jl. Raya 1', city: 'Sukamaju', timezone: 'Asia/Jakarta', opening_hours: '08.00-15.00',
  } }), 201)).id;
  const a = await admin('/api/v1/agencies', { method: 'POST', json: {
    slug: 'disdukcapil', name: 'Dinas Kependudukan dan Pencatatan Sipil', short_name: 'Disdukcapil', kind: 'district',
    website: 'https://disdukcapil.example.go.id', phone: '(0263) 281170', email: 'disdukcapil@example.go.id',
  } });
  assert.match(a.headers.get('location'), /^\/api\/v1\/agencies\/\d+$/);
  ids.a = (await json(a, 201)).id;
  ids.b = (await json(await admin('/api/v1/agencies', { method: 'POST', json: {
    slug: 'dpmptsp', name: 'Dinas Penanaman Modal dan PTSP', short_name: 'DPMPTSP', kind: 'district',
  } }), 201)).id;
  ids.unit1 = (await json(await admin(`/api/v1/agencies/${ids.a}/units`, { method: 'POST', json: {
    slug: 'pendaftaran', name: 'Bidang Pendaftaran Penduduk', head_name: 'Neneng', head_title: 'Kepala Bidang',
  } }), 201)).id;
  ids.unit2 = (await json(await admin(`/api/v1/agencies/${ids.a}/units`, { method: 'POST', json: {
    slug: 'pencatatan', name: 'Bidang Pencatatan Sipil',
  } }), 201)).id;

  const create = async (agency, body) => (await json(await admin(`/api/v1/agencies/${agency}/services`, { method: 'POST', json: body }), 201)).id;
  ids.ktp = await create(ids.a, newService('ktp-el', 'Penerbitan KTP-el', { summary: 'Kartu tanda penduduk elektronik', unit_id: ids.unit1 }));
  ids.kk = await create(ids.a, newService('kk', 'Penerbitan Kartu Keluarga', { summary: 'Kartu keluarga baru', unit_id: ids.unit1 }));
  ids.akta = await create(ids.a, newService('akta-kelahiran', 'Penerbitan Kutipan Akta Kelahiran', { unit_id: ids.unit2 }));
  ids.nib = await create(ids.b, newService('nib', 'Pendampingan Nomor Induk Berusaha (NIB)', {
    category: 'Perizinan', standard: standard({ requirements: [{ text: 'Akun OSS', note: '' }], fee: { amount: 50000, basis: 'Perda 5/2020' } }),
  }));
  for (let i = 0; i < PAGE_SERVICES; i++) {
    await create(ids.b, newService(`uji-${i}`, `Layanan Uji ${String(i).padStart(2, '0')}`, {
      standard: standard({ requirements: [{ text: 'Formulir', note: '' }] }),
    }));
  }

  addUser('admin.a@mall.test', 'agency_admin', ids.a);
  addUser('unit.a@mall.test', 'agency_admin', ids.a, ids.unit1);
  addUser('officer.a@mall.test', 'officer', ids.a);
  addUser('admin.b@mall.test', 'agency_admin', ids.b);
  addUser('evaluator@mall.test', 'evaluator');
  addUser('citizen@mall.test', 'citizen');
  for (const [key, email] of Object.entries({
    agencyAdmin: 'admin.a@mall.test', unitAdmin: 'unit.a@mall.test', officer: 'officer.a@mall.test',
    otherAdmin: 'admin.b@mall.test', evaluator: 'evaluator@mall.test', citizen: 'citizen@mall.test',
  })) {
    users[key] = as(await signIn(srv, email, password), srv);
  }
});
after(async () => { await srv?.stop(); });

test('agencies, units and locations are public', async () => {
  const list = await json(await get('/api/v1/agencies'), 200);
  assert.deepEqual(list.items.map((a) => a.slug).sort(), ['disdukcapil', 'dpmptsp']);
  const a = list.items.find((x) => x.id === ids.a);
  assert.equal(a.service_count, 3);
  assert.equal(a.kind, 'district');

  const detail = await json(await get(`/api/v1/agencies/${ids.a}`), 200);
  assert.equal(detail.name, 'Dinas Kependudukan dan Pencatatan Sipil');
  assert.deepEqual(detail.units.map((u) => u.slug).sort(), ['pencatatan', 'pendaftaran']);
  assert.deepEqual(detail.presence, []);

  const units = await json(await get(`/api/v1/agencies/${ids.a}/units`), 200);
  assert.equal(units.items.length, 2);
  const unit = await json(await get(`/api/v1/units/${ids.unit1}`), 200);
  assert.equal(unit.head_name, 'Neneng');
  assert.equal(unit.agency_id, ids.a);

  const locations = await json(await get('/api/v1/locations'), 200);
  assert.equal(locations.items[0].timezone, 'Asia/Jakarta');
});

test('a service carries its public standard under fixed keys and no management data for the public', async () => {
  for (const headers of [{}, { cookie: (await signIn(srv, 'citizen@mall.test', password)).cookie }]) {
    const res = await get(`/api/v1/services/${ids.ktp}`, headers);
    const text = await res.text();
    assert.equal(res.status, 200);
    for (const key of MANAGEMENT_KEYS) assert.ok(!text.includes(`"${key}"`), `${key} must not be in a public response`);
    assert.ok(!text.includes('UU 24/2013'), 'management values must not leak either');
    const s = JSON.parse(text);
    assert.equal(s.name, 'Penerbitan KTP-el');
    assert.deepEqual(s.agency, { id: ids.a, name: 'Dinas Kependudukan dan Pencatatan Sipil' });
    assert.deepEqual(s.unit, { id: ids.unit1, name: 'Bidang Pendaftaran Penduduk' });
    assert.deepEqual(s.delivery_modes, ['in_person']);
    assert.equal(s.category, 'Kependudukan');
    assert.equal(s.summary, 'Kartu tanda penduduk elektronik');
    const st = s.standard;
    assert.equal(st.version, 1);
    assert.ok(st.published_at);
    assert.deepEqual(st.requirements[1], { text: 'Fotokopi Kartu Keluarga', note: 'asli ditunjukkan' });
    assert.deepEqual(st.procedure[0], { text: 'Ambil nomor antrean', note: '' });
    assert.deepEqual(st.duration, { value: 1, unit: 'working_days' });
    assert.deepEqual(st.fee, { amount: 0, basis: '', free: true });
    assert.equal(st.product, 'Dokumen kependudukan');
    assert.equal(st.complaint_channel, 'Loket pengaduan dan SP4N-LAPOR!');
    assert.equal(s.maklumat, null);
  }
});

test('management components are shown to evaluators and the agency’s own staff only', async () => {
  for (const who of ['evaluator', 'officer', 'agencyAdmin', 'unitAdmin']) {
    const s = await json(await users[who](`/api/v1/services/${ids.ktp}`), 200);
    assert.equal(s.standard.management.legal_basis, 'UU 24/2013 tentang Administrasi Kependudukan', who);
    assert.equal(s.standard.management.staff_count, 4, who);
  }
  const other = await (await users.otherAdmin(`/api/v1/services/${ids.ktp}`)).text();
  for (const key of MANAGEMENT_KEYS) assert.ok(!other.includes(`"${key}"`), `another agency's admin must not see ${key}`);
  const list = await (await get('/api/v1/services?limit=100')).text();
  for (const key of MANAGEMENT_KEYS) assert.ok(!list.includes(`"${key}"`), `${key} must not be in the list`);
});

test('search: prefixes, accents, both words, agency filter, ranking', async () => {
  const names = async (query) => (await json(await get('/api/v1/services?' + new URLSearchParams(query)), 200)).items.map((s) => s.name);
  assert.deepEqual(await names({ q: 'KTP' }), ['Penerbitan KTP-el'], 'KTP matches KTP-el');
  assert.deepEqual(await names({ q: 'ktp-el' }), ['Penerbitan KTP-el']);
  const kk = await names({ q: 'kartu keluarga' });
  assert.equal(kk[0], 'Penerbitan Kartu Keluarga', 'a name match ranks first');
  assert.ok(kk.includes('Penerbitan KTP-el'), 'requirements are indexed ("Fotokopi Kartu Keluarga")');
  assert.deepEqual(await names({ q: 'KELAHÍRAN' }), ['Penerbitan Kutipan Akta Kelahiran']);
  assert.deepEqual(await names({ q: 'kelah' }), ['Penerbitan Kutipan Akta Kelahiran']);
  assert.deepEqual(await names({ q: 'nomor induk' }), ['Pendampingan Nomor Induk Berusaha (NIB)']);
  assert.deepEqual(await names({ q: 'berusaha ktp' }), []);
  assert.equal((await names({ q: 'disdukcapil' })).length, 3, 'agency short names are indexed');
  assert.deepEqual(await names({ q: 'penerbitan', agency: ids.b }), []);
  assert.equal((await names({ q: 'penerbitan', agency: ids.a })).length, 3);
  const summary = (await json(await get('/api/v1/services?q=nib'), 200)).items[0];
  assert.deepEqual(summary.fee, { amount: 50000, free: false });
  assert.deepEqual(summary.duration, { value: 1, unit: 'working_days' });
  assert.deepEqual(summary.agency, { id: ids.b, name: 'Dinas Penanaman Modal dan PTSP' });
  for (const hostile of ['"', 'ktp*', 'NEAR(ktp kk)', 'ktp OR kk', 'ktp:* & !kk', "'; DROP TABLE services; --", '(', '\\']) {
    await json(await get('/api/v1/services?' + new URLSearchParams({ q: hostile })), 200);
  }
  const tooLong = await problem(await get('/api/v1/services?q=' + 'a'.repeat(201)), 422, '/problems/validation');
  assert.equal(tooLong.errors[0].field, 'q');
});

test('pagination walks every page without duplicates or gaps, listed and ranked', async () => {
  const all = (await json(await get('/api/v1/services?limit=100'), 200)).items;
  assert.equal(all.length, 4 + PAGE_SERVICES);
  for (const q of ['', 'layanan uji']) {
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const params = new URLSearchParams({ limit: '7' });
      if (q) params.set('q', q);
      if (cursor) params.set('cursor', cursor);
      const page = await json(await get('/api/v1/services?' + params), 200);
      assert.ok(page.items.length <= 7);
      assert.ok('next_cursor' in page);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.next_cursor;
      pages++;
      assert.ok(pages < 20, 'pagination must end');
    } while (cursor);
    const expected = q ? PAGE_SERVICES : all.length;
    assert.equal(seen.length, expected, `every service once (${q || 'list'})`);
    assert.equal(new Set(seen).size, expected, `no duplicates (${q || 'list'})`);
    assert.equal(pages, Math.ceil(expected / 7));
  }
  const byName = all.map((s) => s.name);
  const uji = byName.filter((n) => n.startsWith('Layanan Uji'));
  assert.deepEqual(uji, [...uji].sort(), 'listed by name');
});

test('malformed cursors and bad query parameters are client errors', async () => {
  for (const cursor of ['garbage!', 'eyJ', 'a', Buffer.from('{"o":-5}').toString('base64url')]) {
    const p = await problem(await get('/api/v1/services?q=uji&cursor=' + encodeURIComponent(cursor)), 400, '/problems/bad-request');
    assert.match(p.detail, /cursor/);
  }
  await problem(await get('/api/v1/services?cursor=' + Buffer.from('{"o":5}').toString('base64url')), 400, '/problems/bad-request');
  for (const query of ['limit=0', 'limit=101', 'limit=abc', 'agency=x', 'agency=-1', 'include_inactive=maybe']) {
    const p = await problem(await get('/api/v1/services?' + query), 422, '/problems/validation');
    assert.equal(p.errors[0].field, query.split('=')[0]);
  }
});

test('writes by role: allowed, forbidden, another agency, anonymous', async () => {
  // The agency's admin creates, edits and publishes.
  let res = await users.agencyAdmin(`/api/v1/agencies/${ids.a}/services`, { method: 'POST', json: newService('pindah', 'Surat Pindah WNI') });
  const created = await json(res, 201);
  assert.equal(res.headers.get('location'), `/api/v1/services/${created.id}`);
  assert.equal(created.standard.version, 1);
  assert.equal(created.standard.management.staff_count, 4);
  res = await users.agencyAdmin(`/api/v1/services/${created.id}`, { method: 'PUT', json: {
    slug: 'pindah', name: 'Surat Keterangan Pindah WNI', summary: 'SKPWNI', delivery_modes: ['in_person', 'online'], active: true,
  } });
  const updated = await json(res, 200);
  assert.equal(updated.name, 'Surat Keterangan Pindah WNI');
  assert.deepEqual(updated.delivery_modes, ['in_person', 'online']);

  // Officers, other agencies' admins, evaluators and citizens may not write.
  for (const who of ['officer', 'otherAdmin', 'evaluator', 'citizen']) {
    await problem(await users[who](`/api/v1/services/${created.id}/standards`, { method: 'POST', json: standard() }), 403, '/problems/forbidden');
    await problem(await users[who](`/api/v1/services/${created.id}`, { method: 'PUT', json: { slug: 'pindah', name: 'X' } }), 403, '/problems/forbidden');
    await problem(await users[who](`/api/v1/agencies/${ids.a}/services`, { method: 'POST', json: newService('x-' + who, 'X') }), 403, '/problems/forbidden');
    await problem(await users[who](`/api/v1/services/${created.id}`, { method: 'DELETE' }), 403, '/problems/forbidden');
  }
  await problem(await users.otherAdmin(`/api/v1/agencies/${ids.a}`, { method: 'PUT', json: { slug: 'disdukcapil', name: 'Diambil alih', kind: 'district' } }), 403);
  await problem(await users.otherAdmin(`/api/v1/units/${ids.unit1}/maklumat`, { method: 'POST', json: { body: 'x', signer_name: 'x', signed_on: '2026-01-01' } }), 403);
  await problem(await users.agencyAdmin(`/api/v1/agencies/${ids.b}/units`, { method: 'POST', json: { slug: 'x', name: 'X' } }), 403);

  // Anonymous writes need a sign-in.
  for (const [method, path] of [['POST', `/api/v1/agencies/${ids.a}/services`], ['PUT', `/api/v1/services/${created.id}`],
    ['DELETE', `/api/v1/services/${created.id}`], ['POST', '/api/v1/agencies'], ['POST', `/api/v1/services/${created.id}/standards`]]) {
    const r = await fetch(srv.url + path, { method, headers: { 'content-type': 'application/json' }, body: method === 'DELETE' ? undefined : JSON.stringify(newService('anon', 'Anon')) });
    await problem(r, 401, '/problems/unauthenticated');
  }

  // A unit-scoped admin edits its unit's services only.
  await json(await users.unitAdmin(`/api/v1/services/${ids.ktp}/standards`, { method: 'POST', json: standard({ change_note: 'unit' }) }), 201);
  await problem(await users.unitAdmin(`/api/v1/services/${ids.akta}/standards`, { method: 'POST', json: standard() }), 403);
  await problem(await users.unitAdmin(`/api/v1/agencies/${ids.a}/units`, { method: 'POST', json: { slug: 'baru', name: 'Baru' } }), 403);

  // Only the mall's manager manages agencies and presence.
  await problem(await users.agencyAdmin('/api/v1/agencies', { method: 'POST', json: { slug: 'x', name: 'X', kind: 'private' } }), 403);
  await problem(await users.agencyAdmin(`/api/v1/agencies/${ids.a}`, { method: 'DELETE' }), 403);
  await problem(await users.agencyAdmin(`/api/v1/agencies/${ids.a}/presence/${ids.location}`, { method: 'PUT', json: { counters: '1' } }), 403);
  const presence = await json(await admin(`/api/v1/agencies/${ids.a}/presence/${ids.location}`, { method: 'PUT', json: { counters: 'Loket 1-6', floor: 'Lantai 1', service_hours: '08.00-15.00' } }), 200);
  assert.equal(presence.location_name, 'MPP Sukamaju');
  const agency = await json(await get(`/api/v1/agencies/${ids.a}`), 200);
  assert.equal(agency.presence[0].counters, 'Loket 1-6');
  await problem(await admin(`/api/v1/agencies/${ids.a}/presence/999999`, { method: 'PUT', json: {} }), 422);

  // The agency's own admin edits its record.
  const renamed = await json(await users.agencyAdmin(`/api/v1/agencies/${ids.a}`, { method: 'PUT', json: {
    slug: 'disdukcapil', name: 'Dinas Kependudukan dan Pencatatan Sipil', short_name: 'Dukcapil', kind: 'district',
  } }), 200);
  assert.equal(renamed.short_name, 'Dukcapil');
  assert.equal((await json(await get('/api/v1/services?q=dukcapil'), 200)).items.length, 4, 'renaming re-indexes the services');

  assert.equal((await users.agencyAdmin(`/api/v1/services/${created.id}`, { method: 'DELETE' })).status, 204);
  await problem(await get(`/api/v1/services/${created.id}`), 404);
});

test('a new standard version: the public sees it, staff still read the old one', async () => {
  const res = await users.agencyAdmin(`/api/v1/services/${ids.kk}/standards`, { method: 'POST', json: standard({
    fee: { amount: 0, basis: '' }, product: 'Kartu Keluarga', change_note: 'Produk diperjelas',
  }) });
  const v = await json(res, 201);
  assert.equal(v.version, 2);
  assert.equal(res.headers.get('location'), `/api/v1/services/${ids.kk}/standards/2`);
  const pub = await json(await get(`/api/v1/services/${ids.kk}`), 200);
  assert.equal(pub.standard.version, 2);
  assert.equal(pub.standard.product, 'Kartu Keluarga');
  assert.ok(!('management' in pub.standard));

  const versions = await json(await users.officer(`/api/v1/services/${ids.kk}/standards`), 200);
  assert.deepEqual(versions.items.map((x) => x.version), [2, 1]);
  assert.equal(versions.items[0].published_by, 'admin.a');
  assert.equal(versions.items[0].change_note, 'Produk diperjelas');
  const v1 = await json(await users.evaluator(`/api/v1/services/${ids.kk}/standards/1`), 200);
  assert.equal(v1.product, 'Dokumen kependudukan');
  assert.equal(v1.management.staff_count, 4);

  await problem(await get(`/api/v1/services/${ids.kk}/standards`), 401, '/problems/unauthenticated');
  await problem(await get(`/api/v1/services/${ids.kk}/standards/1`), 401);
  await problem(await users.citizen(`/api/v1/services/${ids.kk}/standards/1`), 403, '/problems/forbidden');
  await problem(await users.otherAdmin(`/api/v1/services/${ids.kk}/standards`), 403);
  await problem(await users.officer(`/api/v1/services/${ids.kk}/standards/9`), 404);
});

test('maklumat: none until published, then the newest one, also on the service', async () => {
  await problem(await get(`/api/v1/units/${ids.unit1}/maklumat`), 404, '/problems/not-found');
  const body = { body: 'Dengan ini kami sanggup menyelenggarakan pelayanan sesuai standar.', signer_name: 'Neneng', signer_title: 'Kepala Bidang', signed_on: '2026-01-15' };
  await json(await users.unitAdmin(`/api/v1/units/${ids.unit1}/maklumat`, { method: 'POST', json: body }), 201);
  const m = await json(await get(`/api/v1/units/${ids.unit1}/maklumat`), 200);
  assert.equal(m.signer_name, 'Neneng');
  assert.equal(m.signed_on, '2026-01-15');
  const s = await json(await get(`/api/v1/services/${ids.ktp}`), 200);
  assert.equal(s.maklumat.body, body.body);
  const bad = await problem(await admin(`/api/v1/units/${ids.unit1}/maklumat`, { method: 'POST', json: { ...body, signed_on: '2026-02-30' } }), 422);
  assert.deepEqual(bad.errors.map((e) => e.field), ['signed_on']);
});

test('bad bodies: malformed JSON 400, wrong types 422 with fields, wrong media type 415, oversize 413', async () => {
  const path = `/api/v1/agencies/${ids.a}/services`;
  const send = (body, type = 'application/json') => admin(path, { method: 'POST', headers: { 'content-type': type }, body });
  await problem(await send('{"slug": '), 400, '/problems/bad-request');
  await problem(await send('[1, 2]'), 400, '/problems/bad-request');
  await problem(await send('slug=x', 'application/x-www-form-urlencoded'), 415, '/problems/unsupported-media-type');

  const wrong = newService('salah', 'Salah');
  wrong.standard.fee = { amount: 'abc' };
  wrong.standard.duration = { value: '2', unit: 'working_days' };
  wrong.delivery_modes = 'online';
  const p = await problem(await admin(path, { method: 'POST', json: wrong }), 422, '/problems/validation');
  assert.deepEqual(p.errors.map((e) => e.field).sort(), ['delivery_modes', 'standard.duration.value', 'standard.fee.amount']);
  for (const e of p.errors) assert.ok(e.message && e.message_en && e.code);

  const invalid = newService('', '');
  invalid.standard.requirements = [];
  invalid.standard.fee = { amount: 1000 };
  const v = await problem(await admin(path, { method: 'POST', json: invalid }), 422);
  const fields = v.errors.map((e) => e.field);
  for (const f of ['slug', 'name', 'standard.requirements', 'standard.fee.basis']) assert.ok(fields.includes(f), f);

  await problem(await admin('/api/v1/agencies', { method: 'POST', json: { slug: 5, name: ['x'], kind: 'district' } }), 422);
  await problem(await admin('/api/v1/locations', { method: 'POST', json: { slug: 'x', name: 'X', timezone: 'Europe/Paris' } }), 422);

  const big = await admin(path, { method: 'POST', json: { ...newService('besar', 'Besar'), summary: 'x'.repeat(2 * 1024 * 1024) } });
  await problem(big, 413, '/problems/payload-too-large');
  assert.equal((await json(await get('/api/v1/services?q=salah%20besar'), 200)).items.length, 0, 'nothing was created');
});

test('a session write without the CSRF token is refused; an API key needs none but may only read', async () => {
  const s = await signIn(srv, 'admin.a@mall.test', password);
  const res = await fetch(srv.url + `/api/v1/services/${ids.kk}/standards`, {
    method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json' }, body: JSON.stringify(standard()),
  });
  await problem(res, 403, '/problems/csrf');
  const wrong = await fetch(srv.url + `/api/v1/services/${ids.kk}/standards`, {
    method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(32), 'content-type': 'application/json' }, body: JSON.stringify(standard()),
  });
  await problem(wrong, 403, '/problems/csrf');

  const out = layan(['apikey', 'add', '--name', 'portal', '--db', srv.db]).trim().split('\n');
  const key = out[out.length - 1];
  const bearer = { authorization: 'Bearer ' + key };
  const read = await json(await get(`/api/v1/services/${ids.ktp}`, bearer), 200);
  assert.ok(!('management' in read.standard), 'an integration is public');
  const write = await fetch(srv.url + `/api/v1/services/${ids.kk}/standards`, {
    method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify(standard()),
  });
  await problem(write, 403, '/problems/forbidden');
});

test('unknown and non-numeric ids are 404', async () => {
  for (const path of ['/api/v1/services/999999', '/api/v1/services/abc', '/api/v1/services/0', '/api/v1/services/-1',
    '/api/v1/agencies/999999', '/api/v1/agencies/x1', '/api/v1/agencies/999999/units', '/api/v1/units/999999',
    '/api/v1/units/abc/maklumat', '/api/v1/units/999999/maklumat', `/api/v1/services/${ids.ktp}/standards/abc`,
    '/api/v1/services/99999999999999999999999']) {
    await problem(await get(path), 404, '/problems/not-found');
  }
  await problem(await admin('/api/v1/services/999999', { method: 'PUT', json: { slug: 'x', name: 'X' } }), 404);
  await problem(await admin('/api/v1/services/999999', { method: 'DELETE' }), 404);
  await problem(await admin('/api/v1/units/abc', { method: 'DELETE' }), 404);
  await problem(await admin('/api/v1/agencies/999999/services', { method: 'POST', json: newService('x', 'X') }), 404);
});

test('duplicate slugs conflict; an agency with accounts cannot be deleted', async () => {
  await problem(await admin('/api/v1/agencies', { method: 'POST', json: { slug: 'disdukcapil', name: 'Lagi', kind: 'district' } }), 409, '/problems/conflict');
  await problem(await admin(`/api/v1/agencies/${ids.a}/services`, { method: 'POST', json: newService('ktp-el', 'Lagi') }), 409);
  await problem(await admin(`/api/v1/agencies/${ids.a}/units`, { method: 'POST', json: { slug: 'pendaftaran', name: 'Lagi' } }), 409);
  await problem(await admin(`/api/v1/agencies/${ids.a}`, { method: 'DELETE' }), 409, '/problems/conflict');
  await json(await get(`/api/v1/services/${ids.ktp}`), 200);

  const doomed = (await json(await admin('/api/v1/agencies', { method: 'POST', json: { slug: 'sementara', name: 'Instansi Sementara', kind: 'private' } }), 201)).id;
  const svc = (await json(await admin(`/api/v1/agencies/${doomed}/services`, { method: 'POST', json: newService('sementara', 'Layanan Sementara Zeta') }), 201)).id;
  assert.equal((await json(await get('/api/v1/services?q=zeta'), 200)).items.length, 1);
  assert.equal((await admin(`/api/v1/agencies/${doomed}`, { method: 'DELETE' })).status, 204);
  await problem(await get(`/api/v1/agencies/${doomed}`), 404);
  await problem(await get(`/api/v1/services/${svc}`), 404);
  assert.equal((await json(await get('/api/v1/services?q=zeta'), 200)).items.length, 0);
});

test('the OpenAPI document is served', async () => {
  const res = await get('/api/v1/openapi.json');
  const doc = await json(res, 200);
  assert.match(res.headers.get('content-type'), /application\/json/);
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/api/v1/services/{id}'].get);
  assert.ok(doc.components.securitySchemes.csrfHeader);
});

test('the audit chain stays intact through the catalogue writes', () => {
  assert.match(layan(['audit', 'verify', '--db', srv.db]), /intact: \d+ events/);
});
