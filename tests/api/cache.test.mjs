// The public response cache: anonymous reads of the published catalogue are
// served from it, writes clear it at once, and nothing visitor-specific is
// ever served from it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn, as, DEMO } from '../lib/server.mjs';

let srv;
let serviceId;
before(async () => {
  srv = await startServer({ seed: true, env: { LAYAN_PUBLIC_CACHE_MS: '60000' } });
  const list = await (await fetch(srv.url + '/api/v1/services?q=ktp&limit=1')).json();
  serviceId = list.items[0].id;
});
after(async () => { await srv?.stop(); });

test('a write by staff is visible to the public at once, though reads are cached', async () => {
  const url = `${srv.url}/api/v1/services/${serviceId}`;
  const before = await (await fetch(url)).json();
  assert.equal((await (await fetch(url)).json()).standard.version, before.standard.version); // served from the cache
  const page = await (await fetch(`${srv.url}/layanan/${serviceId}`)).text();
  assert.doesNotMatch(page, /Rp\s?12\.345/);

  const admin = as(await signIn(srv, DEMO.agency_admin), srv);
  const current = await (await admin(`/api/v1/services/${serviceId}`)).json();
  const next = { ...current.standard, fee: { amount: 12345, basis: 'Perbup Sukamaju 1/2026' }, change_note: 'cache test' };
  const res = await admin(`/api/v1/services/${serviceId}/standards`, { method: 'POST', json: next });
  assert.equal(res.status, 201, await res.text());

  const after = await (await fetch(url)).json();
  assert.equal(after.standard.version, before.standard.version + 1);
  assert.equal(after.standard.fee.amount, 12345);
  assert.match(await (await fetch(`${srv.url}/layanan/${serviceId}`)).text(), /12\.345/);
});

test('signed-in staff never get the anonymous copy', async () => {
  const url = `/api/v1/services/${serviceId}`;
  const anon = await (await fetch(srv.url + url)).text();
  assert.doesNotMatch(anon, /"management"/);
  const officer = as(await signIn(srv, DEMO.officer), srv);
  const staff = await (await officer(url)).json();
  assert.ok(staff.standard.management, 'the officer sees management components');
  const page = await (await officer(`/layanan/${serviceId}`)).text();
  assert.match(page, /csrf-token/, 'signed-in pages carry the session CSRF token');
  const anonPage = await (await fetch(`${srv.url}/layanan/${serviceId}`)).text();
  assert.doesNotMatch(anonPage, /csrf-token/, 'anonymous cached pages carry no visitor-specific token');
});

test('cached answers honour the language and gzip', async () => {
  const id = await (await fetch(`${srv.url}/instansi`)).text();
  const en = await (await fetch(`${srv.url}/instansi`, { headers: { cookie: 'layan_lang=en' } })).text();
  assert.match(id, /<html lang="id"/);
  assert.match(en, /<html lang="en"/);
  const gz = await fetch(`${srv.url}/instansi`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers.get('content-encoding'), 'gzip');
  assert.equal(await gz.text(), id);
});
