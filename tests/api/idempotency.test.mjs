// Idempotency-Key on POSTs that create things: a retried submission returns
// the first result instead of making a second record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, layan, signIn, as } from '../lib/server.mjs';

const password = 'correct horse battery';
let srv;
let admin;
before(async () => {
  srv = await startServer();
  layan(['user', 'add', '--db', srv.db, '--email', 'admin@example.org', '--name', 'Admin', '--role', 'mpp_admin', '--password', password]);
  admin = as(await signIn(srv, 'admin@example.org', password), srv);
});
after(async () => { await srv?.stop(); });

const agency = (slug) => ({ slug, name: 'Dinas ' + slug, kind: 'district' });

test('a retry with the same key returns the first answer and creates nothing new', async () => {
  const headers = { 'idempotency-key': 'retry-1' };
  const first = await admin('/api/v1/agencies', { method: 'POST', json: agency('dinas-a'), headers });
  assert.equal(first.status, 201);
  const body = await first.json();
  const again = await admin('/api/v1/agencies', { method: 'POST', json: agency('dinas-a'), headers });
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.headers.get('location'), first.headers.get('location'));
  assert.deepEqual(await again.json(), body);
  const list = await (await fetch(srv.url + '/api/v1/agencies')).json();
  assert.equal(list.items.filter((a) => a.slug === 'dinas-a').length, 1);
});

test('the same key with another request is refused', async () => {
  const headers = { 'idempotency-key': 'retry-2' };
  assert.equal((await admin('/api/v1/agencies', { method: 'POST', json: agency('dinas-b'), headers })).status, 201);
  const other = await admin('/api/v1/agencies', { method: 'POST', json: agency('dinas-c'), headers });
  assert.equal(other.status, 422);
  assert.equal((await other.json()).type, '/problems/validation');
});

test('a failed request does not use up its key', async () => {
  const headers = { 'idempotency-key': 'retry-3' };
  const bad = await admin('/api/v1/agencies', { method: 'POST', json: { slug: 'x', kind: 'nope' }, headers });
  assert.equal(bad.status, 422);
  const fixed = await admin('/api/v1/agencies', { method: 'POST', json: agency('dinas-d'), headers });
  assert.equal(fixed.status, 201);
  assert.equal(fixed.headers.get('idempotent-replayed'), null);
});

test('keys are per caller, and a malformed key is 400', async () => {
  const anon = await fetch(srv.url + '/api/v1/agencies', {
    method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'retry-1' },
    body: JSON.stringify(agency('dinas-a')),
  });
  assert.equal(anon.status, 401, 'another caller never gets the admin\'s stored answer');
  const bad = await admin('/api/v1/agencies', { method: 'POST', json: agency('dinas-e'), headers: { 'idempotency-key': 'x'.repeat(300) } });
  assert.equal(bad.status, 400);
});
