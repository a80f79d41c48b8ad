// Open311 GeoReport v2 under /open311/v2/: every endpoint in JSON and XML,
// creating requests with a real API key, the errors of the specification,
// and privacy: confidential reports are never listed or shown, and no
// reporter identity ever appears in any Open311 answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, layan, signIn, as, DEMO } from '../lib/server.mjs';
import { parseXml, plain } from '../lib/xml.mjs';

const BASE = '/open311/v2/';
// The reporter of every report below: none of these may appear in an answer.
const REPORTER = { first_name: 'Sitiaminah', last_name: 'Wulandarisari', email: 'siti.pelapor@example.org', phone: '0812-7777-3131' };
const IDENTITY = ['Sitiaminah', 'Wulandarisari', 'siti.pelapor', '81277773131', '0812-7777-3131', '7777-3131'];

let srv;
let apiKey;
let desk;
let officer;
let service;  // a Disdukcapil service from services.json
let agencyId;
const bodies = [];  // every Open311 answer, checked for identities at the end
const tokens = {};  // public id → the tracking code POST answered with
const PUBLIC_ID = /^LAP-[0-9A-Z]{5}-[0-9A-Z]{5}$/;
const TRACKING_CODE = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
// What GET requests/{id} shows of a report that is not public.
const STATUS_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code',
  'agency_responsible', 'requested_datetime', 'updated_datetime', 'expected_datetime'];

before(async () => {
  srv = await startServer({ seed: true });
  apiKey = layan(['apikey', 'add', '--name', 'open311 test', '--db', srv.db]).trim().split('\n').pop().trim();
  desk = as(await signIn(srv, DEMO.mpp_admin), srv);
  officer = as(await signIn(srv, DEMO.officer), srv);
  const agencies = await (await fetch(srv.url + '/api/v1/agencies')).json();
  agencyId = agencies.items.find((a) => a.slug === 'disdukcapil').id;
  const services = await json(await open311('services.json'));
  service = services.find((s) => s.group === agencies.items.find((a) => a.id === agencyId).name);
  assert.ok(service, 'a Disdukcapil service is listed');
});
after(async () => { await srv?.stop(); });

async function open311(path, init = {}) {
  const res = await fetch(srv.url + BASE + path, init);
  const text = await res.text();
  bodies.push(text);
  res.bodyText = text;
  return res;
}

function json(res) {
  assert.match(res.headers.get('content-type'), /^application\/json; charset=utf-8$/);
  return JSON.parse(res.bodyText);
}

function xml(res) {
  assert.match(res.headers.get('content-type'), /^text\/xml; charset=utf-8$/);
  return parseXml(res.bodyText);
}

// Reads an answer in either format as plain data (XML leaves are text).
function read(res, fmt, root) {
  if (fmt === 'json') return json(res);
  const doc = xml(res);
  assert.equal(doc.name, root);
  return plain(doc);
}

function post(fmt, fields, headers = {}) {
  return open311(`requests.${fmt}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

function report(fields = {}) {
  return {
    api_key: apiKey,
    service_code: service.service_code,
    lat: '-6.9175',
    long: '107.6191',
    description: 'Antrean loket KTP-el tidak bergerak selama dua jam.',
    'attribute[type]': 'pengaduan',
    ...REPORTER,
    ...fields,
  };
}

async function assertErrors(res, fmt, status, pattern) {
  assert.equal(res.status, status, res.bodyText);
  const list = read(res, fmt, 'errors');
  assert.ok(Array.isArray(list) && list.length >= 1, res.bodyText);
  for (const e of list) {
    assert.equal(String(e.code), String(status));
    assert.equal(typeof e.description, 'string');
  }
  if (pattern) assert.match(list.map((e) => e.description).join(' | '), pattern);
  return list;
}

async function submit(fields = {}, fmt = 'json') {
  const res = await post(fmt, report(fields));
  assert.equal(res.status, 201, res.bodyText);
  const [created] = read(res, fmt, 'service_requests');
  assert.match(created.service_request_id, PUBLIC_ID);
  assert.match(created.token, TRACKING_CODE);
  tokens[created.service_request_id] = created.token;
  return created.service_request_id;
}

// The staff id of a report, from the desk's queue or the full list.
async function staffId(code) {
  const res = await desk('/api/v1/complaints?box=all&limit=100');
  assert.equal(res.status, 200);
  const found = (await res.json()).items.find((c) => c.public_id === code);
  assert.ok(found, `report ${code} in the desk's list`);
  return found.id;
}

async function act(who, id, action) {
  const res = await who(`/api/v1/complaints/${id}/actions`, { method: 'POST', json: action });
  assert.equal(res.status, 200, await res.clone().text());
}

async function listed(fmt = 'json', query = '') {
  const res = await open311(`requests.${fmt}${query}`);
  assert.equal(res.status, 200, res.bodyText);
  return read(res, fmt, 'service_requests');
}

for (const fmt of ['json', 'xml']) {
  test(`discovery.${fmt} names the GeoReport v2 endpoint`, async () => {
    const res = await open311(`discovery.${fmt}`);
    assert.equal(res.status, 200);
    const doc = read(res, fmt, 'discovery');
    assert.equal(doc.changeset, '2026-05-01T00:00:00Z');
    assert.ok(doc.contact && doc.key_service);
    const [endpoint] = doc.endpoints;
    assert.equal(endpoint.specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.match(endpoint.url, /\/open311\/v2$/);
    assert.equal(endpoint.type, 'production');
    assert.deepEqual(endpoint.formats, ['application/json', 'text/xml']);
  });

  test(`services.${fmt} lists every active service of the catalogue`, async () => {
    let total = 0;
    let cursor = '';
    do {
      const page = await (await fetch(`${srv.url}/api/v1/services?limit=100${cursor ? '&cursor=' + cursor : ''}`)).json();
      total += page.items.length;
      cursor = page.next_cursor;
    } while (cursor);
    const res = await open311(`services.${fmt}`);
    assert.equal(res.status, 200);
    const list = read(res, fmt, 'services');
    assert.equal(list.length, total);
    const one = list.find((s) => s.service_code === service.service_code);
    assert.equal(one.service_name, service.service_name);
    assert.equal(String(one.metadata), 'true');
    assert.equal(one.type, 'realtime');
    assert.equal(one.group, 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sukamaju');
    assert.deepEqual(Object.keys(one), ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
  });

  test(`services/{code}.${fmt} defines the attributes; unknown codes are 404`, async () => {
    const res = await open311(`services/${service.service_code}.${fmt}`);
    assert.equal(res.status, 200, res.bodyText);
    const def = read(res, fmt, 'service_definition');
    assert.equal(def.service_code, service.service_code);
    assert.deepEqual(def.attributes.map((a) => a.code), ['type', 'privacy', 'title', 'event_date']);
    const [type, privacy, title, eventDate] = def.attributes;
    assert.equal(type.datatype, 'singlevaluelist');
    assert.equal(String(type.required), 'false', 'a generic client may file without it: pengaduan');
    assert.match(type.description, /default: pengaduan/);
    assert.deepEqual(type.values.map((v) => v.key), ['aspirasi', 'pengaduan', 'permintaan_informasi']);
    assert.deepEqual(privacy.values.map((v) => v.key), ['rahasia', 'anonim', 'biasa']);
    assert.equal(String(privacy.required), 'false');
    assert.match(privacy.description, /default: rahasia/);
    assert.equal(title.datatype, 'string');
    assert.equal(eventDate.datatype, 'datetime');
    assert.equal(String(eventDate.order), '4');

    await assertErrors(await open311(`services/999999.${fmt}`), fmt, 404, /999999/);
    await assertErrors(await open311(`services/LAMPU.${fmt}`), fmt, 404);
  });

  test(`POST requests.${fmt} refuses a missing or wrong api_key with 403`, async () => {
    const fields = report();
    delete fields.api_key;
    await assertErrors(await post(fmt, fields), fmt, 403, /api_key/);
    await assertErrors(await post(fmt, report({ api_key: 'lyn_nope_' + 'x'.repeat(30) })), fmt, 403, /api_key/);
    // A Bearer header that is not a key is refused in the Open311 format too.
    const bearer = await post(fmt, report(), { authorization: 'Bearer wrong' });
    await assertErrors(bearer, fmt, 403);
  });

  test(`POST requests.${fmt} checks the location, the service and the attributes`, async () => {
    const noLocation = report();
    delete noLocation.lat;
    delete noLocation.long;
    await assertErrors(await post(fmt, noLocation), fmt, 400, /location is required/);
    await assertErrors(await post(fmt, report({ long: '' })), fmt, 400, /lat/);
    await assertErrors(await post(fmt, report({ service_code: '999999' })), fmt, 404, /service_code/);
    await assertErrors(await post(fmt, report({ service_code: 'LAMPU' })), fmt, 404, /service_code/);
    await assertErrors(await post(fmt, report({ 'attribute[type]': 'keluhan' })), fmt, 400, /attribute\[type\]/);
    await assertErrors(await post(fmt, report({ 'attribute[privacy]': 'terbuka' })), fmt, 400, /attribute\[privacy\]/);
    await assertErrors(await post(fmt, report({ description: 'x'.repeat(4001) })), fmt, 400, /description/);
    await assertErrors(await post(fmt, report({ media_url: 'file:///etc/passwd' })), fmt, 400, /media_url/);
    await assertErrors(await post(fmt, report({ email: 'bukan-email' })), fmt, 400, /email/);
    const asJson = await open311(`requests.${fmt}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report()),
    });
    await assertErrors(asJson, fmt, 415);
  });

  test(`GET requests.${fmt} refuses a window over 90 days and malformed filters`, async () => {
    await assertErrors(
      await open311(`requests.${fmt}?start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z`), fmt, 400, /90 days/);
    await assertErrors(await open311(`requests.${fmt}?start_date=2026-01-01`), fmt, 400, /start_date/);
    await assertErrors(await open311(`requests.${fmt}?status=pending`), fmt, 400, /status/);
    await assertErrors(await open311(`requests.${fmt}?service_code=abc`), fmt, 400, /service_code/);
  });

  test(`unknown paths, formats and methods under /open311/ answer in the ${fmt} error format`, async () => {
    await assertErrors(await open311(`nothing.${fmt}`), fmt, 404);
    await assertErrors(await open311(`services.${fmt}`, { method: 'DELETE' }), fmt, 405);
    await assertErrors(await open311(`requests/ABCD-EFGH-JKMN.${fmt}`), fmt, 404);
    await assertErrors(await open311(`requests/LAP-00000-00000.${fmt}`), fmt, 404);
    await assertErrors(await open311(`tokens/ABCD-EFGH-JKMN.${fmt}`), fmt, 404);
    const big = await post(fmt, report({ description: 'x'.repeat(1100000) }));
    await assertErrors(big, fmt, 413);
  });
}

test('any origin may read Open311 answers, errors and cached lists included; the rest of the site stays same-origin', async () => {
  for (const path of ['discovery.json', 'services.json', 'services.json', 'services.xml', 'nothing.json']) {
    const res = await open311(path, { headers: { origin: 'https://peta.example.org' } });
    assert.equal(res.headers.get('access-control-allow-origin'), '*', path);
    assert.equal(res.headers.get('access-control-allow-credentials'), null, path);
  }
  const api = await fetch(srv.url + '/api/v1/services', { headers: { origin: 'https://peta.example.org' } });
  assert.equal(api.headers.get('access-control-allow-origin'), null);
});

test('an unknown suffix is a 404 error list in JSON', async () => {
  await assertErrors(await open311('services.html'), 'json', 404);
  await assertErrors(await open311(`services/${service.service_code}.html`), 'json', 404, /format/);
});

test('POST answers the public id, and the tracking code only to the client that filed; honours Idempotency-Key', async () => {
  const res = await post('xml', report({ 'attribute[privacy]': 'anonim', description: 'Kursi <ruang> tunggu & toilet rusak' }));
  assert.equal(res.status, 201, res.bodyText);
  const doc = xml(res);
  assert.equal(doc.name, 'service_requests');
  const [created] = plain(doc);
  assert.match(created.service_request_id, PUBLIC_ID);
  assert.match(created.token, TRACKING_CODE);
  assert.ok(created.service_notice.includes(created.token), 'the notice names the tracking code for the reporter');
  assert.match(created.service_notice, /3 hari kerja/);
  assert.equal(created.account_id, '');

  const headers = { 'idempotency-key': 'open311-retry-1' };
  const first = await post('json', report(), headers);
  assert.equal(first.status, 201);
  const [a] = json(first);
  assert.equal(a.account_id, null);
  const again = await post('json', report(), headers);
  assert.equal(again.status, 201);
  const [b] = json(again);
  assert.equal(b.service_request_id, a.service_request_id, 'a retry returns the first report');
  assert.equal(b.token, a.token);
  const bad = await post('json', report(), { 'idempotency-key': 'x'.repeat(256) });
  await assertErrors(bad, 'json', 400, /Idempotency-Key/);
});

test('a generic client files without attribute[type]: a pengaduan', async () => {
  const fields = report({ 'attribute[privacy]': 'anonim' });
  delete fields['attribute[type]'];
  const res = await post('json', fields);
  assert.equal(res.status, 201, res.bodyText);
  const [created] = json(res);
  const staff = await (await desk(`/api/v1/complaints/${await staffId(created.service_request_id)}`)).json();
  assert.equal(staff.type, 'pengaduan');
});

test('a rahasia report is never listed; by id or token it shows its status only', async () => {
  const code = await submit();  // privacy defaults to rahasia
  const id = await staffId(code);
  await act(desk, id, { action: 'verify' });
  for (const fmt of ['json', 'xml']) {
    const all = await listed(fmt);
    assert.ok(!all.some((r) => r.service_request_id === code), 'not in the list');
    assert.equal((await listed(fmt, `?service_request_id=${code}`)).length, 0, 'not by id either');
    for (const ref of [code, tokens[code]]) {
      const one = await open311(`requests/${ref}.${fmt}`);
      assert.equal(one.status, 200, one.bodyText);
      const [r] = read(one, fmt, 'service_requests');
      assert.deepEqual(Object.keys(r), STATUS_FIELDS, 'no description, address, coordinates or media');
      assert.equal(r.service_request_id, code);
      assert.equal(r.status, 'open');
      assert.equal(r.service_code, service.service_code);
      assert.ok(!one.bodyText.includes('Antrean loket'), 'never the text');
      assert.ok(!one.bodyText.includes(tokens[code]), 'never the tracking code');
    }
    const token = await open311(`tokens/${tokens[code]}.${fmt}`);
    assert.equal(token.status, 200, token.bodyText);
    assert.deepEqual(read(token, fmt, 'service_requests'), [{ service_request_id: code, token: tokens[code] }]);
    await assertErrors(await open311(`tokens/${code}.${fmt}`), fmt, 404);
  }
});

test('an anonim report is listed once verified, without identity, and moves from open to closed', async () => {
  const title = 'Lampu ruang tunggu mati';
  const code = await submit({
    'attribute[privacy]': 'anonim', 'attribute[title]': title, 'attribute[event_date]': '2026-05-01',
    description: 'Lampu di ruang tunggu lantai 2 mati & gelap <sejak> Senin.', address_string: 'Gedung MPP lantai 2',
  });
  // Submitted, not yet verified: not public, its status only.
  assert.ok(!(await listed()).some((r) => r.service_request_id === code));
  const early = await open311(`requests/${code}.json`);
  assert.equal(early.status, 200);
  assert.deepEqual(Object.keys(json(early)[0]), STATUS_FIELDS);
  assert.equal(json(early)[0].status, 'open');

  const id = await staffId(code);
  await act(desk, id, { action: 'verify' });
  for (const fmt of ['json', 'xml']) {
    const list = await listed(fmt, '?status=open');
    const r = list.find((x) => x.service_request_id === code);
    assert.ok(r, `listed in requests.${fmt}`);
    assert.equal(r.status, 'open');
    assert.equal(r.service_code, service.service_code);
    assert.equal(r.service_name, service.service_name);
    assert.equal(r.description, 'Lampu di ruang tunggu lantai 2 mati & gelap <sejak> Senin.');
    assert.equal(r.agency_responsible, 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten Sukamaju');
    assert.equal(r.address, 'Gedung MPP lantai 2');
    assert.equal(Number(r.lat), -6.9175);
    assert.equal(Number(r.long), 107.6191);
    assert.match(r.requested_datetime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(r.expected_datetime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(r.media_url, fmt === 'json' ? null : '', 'null, as the GeoReport v2 schema has it');
    assert.ok(!(await listed(fmt, '?status=closed')).some((x) => x.service_request_id === code));

    const one = await open311(`requests/${code}.${fmt}`);
    assert.equal(one.status, 200);
    const [single] = read(one, fmt, 'service_requests');
    assert.deepEqual(single, r);
    const token = await open311(`tokens/${tokens[code]}.${fmt}`);
    assert.deepEqual(read(token, fmt, 'service_requests'), [{ service_request_id: code, token: tokens[code] }]);
  }
  const reads = bodies.filter((b) => b.includes(code) && !b.includes('token'));
  assert.ok(reads.length >= 4 && reads.every((b) => !b.includes(tokens[code])), 'reads never show the tracking code');
  // Filters: by service, by id list, and a window that ends before it.
  assert.ok((await listed('json', `?service_code=${service.service_code}`)).some((r) => r.service_request_id === code));
  assert.deepEqual((await listed('json', `?service_request_id=${code},ABCD-EFGH-JKMN`)).map((r) => r.service_request_id), [code]);
  assert.equal((await listed('json', '?end_date=2026-01-01T00:00:00%2B07:00')).length, 0);

  await act(desk, id, { action: 'disposition_to_agency', agency_id: agencyId });
  await act(officer, id, { action: 'start_work' });
  await act(officer, id, { action: 'note', message: 'Catatan internal: teknisi cuti' });
  await act(officer, id, { action: 'reply', message: 'Teknisi dijadwalkan memperbaiki lampu hari Rabu.' });
  let [r] = await listed('json', `?service_request_id=${code}`);
  assert.equal(r.status, 'open');
  assert.equal(r.status_notes, 'Teknisi dijadwalkan memperbaiki lampu hari Rabu.');

  await act(officer, id, { action: 'resolve', message: 'Lampu sudah diganti.' });
  for (const fmt of ['json', 'xml']) {
    [r] = read(await open311(`requests/${code}.${fmt}`), fmt, 'service_requests');
    assert.equal(r.status, 'closed');
    assert.equal(r.status_notes, 'Lampu sudah diganti.');
    assert.ok((await listed(fmt, '?status=closed')).some((x) => x.service_request_id === code));
    assert.ok(!(await listed(fmt, '?status=open')).some((x) => x.service_request_id === code));
  }
  assert.ok(bodies.every((b) => !b.includes('Catatan internal')), 'internal notes never leave the service');
});

test('no Open311 answer ever carries a reporter identity', async () => {
  // A biasa report too: its identity is for the handling staff only.
  const code = await submit({ 'attribute[privacy]': 'biasa' });
  await act(desk, await staffId(code), { action: 'verify' });
  for (const fmt of ['json', 'xml']) {
    assert.ok((await listed(fmt)).some((r) => r.service_request_id === code));
    await open311(`requests/${code}.${fmt}`);
  }
  assert.ok(bodies.length > 50);
  for (const body of bodies) {
    for (const s of IDENTITY) assert.ok(!body.includes(s), `an answer contains ${s}: ${body.slice(0, 300)}`);
  }
});
