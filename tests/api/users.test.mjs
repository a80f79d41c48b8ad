// Account management through the API: only the mall manager (mpp_admin) lists,
// creates and changes accounts and API keys; no answer ever carries a
// password hash; deactivation, revocation and password changes take effect at
// once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn, as, DEMO, DEMO_PASSWORD } from '../lib/server.mjs';

let srv;
let admin;  // fetch as the demo mpp_admin
before(async () => {
  srv = await startServer({ seed: true });
  admin = as(await signIn(srv, DEMO.mpp_admin), srv);
});
after(async () => { await srv?.stop(); });

function assertNoSecrets(text) {
  assert.doesNotMatch(text, /password_hash|\$argon2|"password"\s*:/i, 'no password or hash in the answer');
}

async function agencyId() {
  const res = await fetch(srv.url + '/api/v1/agencies');
  return (await res.json()).items[0].id;
}

async function createUser(body) {
  const res = await admin('/api/v1/users', { method: 'POST', json: body });
  const text = await res.text();
  assertNoSecrets(text);
  return { status: res.status, body: text ? JSON.parse(text) : null, location: res.headers.get('location') };
}

test('the mall manager lists accounts by name, filters them, and never sees a hash', async () => {
  const res = await admin('/api/v1/users');
  assert.equal(res.status, 200);
  const text = await res.text();
  assertNoSecrets(text);
  const { items } = JSON.parse(text);
  assert.ok(items.length >= 6);
  const names = items.map((u) => u.name);
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const u of items) assert.deepEqual(Object.keys(u).sort(), ['active', 'agency_id', 'email', 'id', 'name', 'role', 'unit_id']);

  const admins = await (await admin('/api/v1/users?role=agency_admin')).json();
  assert.ok(admins.items.length >= 2 && admins.items.every((u) => u.role === 'agency_admin'));
  const agency = admins.items[0].agency_id;
  const ofAgency = await (await admin('/api/v1/users?agency=' + agency)).json();
  assert.ok(ofAgency.items.length >= 1 && ofAgency.items.every((u) => u.agency_id === agency));

  assert.equal((await admin('/api/v1/users?role=root')).status, 422);
  assert.equal((await admin('/api/v1/users?agency=abc')).status, 422);
});

test('other roles are refused with 403, visitors with 401', async () => {
  for (const who of ['agency_admin', 'officer', 'evaluator', 'citizen']) {
    const f = as(await signIn(srv, DEMO[who]), srv);
    for (const [path, method, json] of [
      ['/api/v1/users', 'GET'], ['/api/v1/users', 'POST', { email: 'x@example.org', name: 'X', password: 'long enough pw', role: 'citizen' }],
      ['/api/v1/users/1', 'GET'], ['/api/v1/users/1', 'PUT', { name: 'X', role: 'mpp_admin', active: true }],
      ['/api/v1/apikeys', 'GET'], ['/api/v1/apikeys', 'POST', { name: 'k' }], ['/api/v1/apikeys/1', 'DELETE'],
    ]) {
      const res = await f(path, { method, json });
      assert.equal(res.status, 403, `${who} ${method} ${path}`);
      assert.equal((await res.json()).type, '/problems/forbidden');
    }
  }
  for (const [path, method] of [['/api/v1/users', 'GET'], ['/api/v1/users/1', 'GET'], ['/api/v1/apikeys', 'GET']]) {
    const res = await fetch(srv.url + path, { method });
    assert.equal(res.status, 401, `anonymous ${method} ${path}`);
  }
  const anon = await fetch(srv.url + '/api/v1/users', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@b.org' }),
  });
  assert.equal(anon.status, 401);
});

test('a session write without the CSRF token is refused', async () => {
  const s = await signIn(srv, DEMO.mpp_admin);
  const res = await fetch(srv.url + '/api/v1/users', {
    method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'nocsrf@example.org', name: 'N', password: 'long enough pw', role: 'citizen' }),
  });
  assert.equal(res.status, 403);
  assert.equal((await res.json()).type, '/problems/csrf');
  const pw = await fetch(srv.url + '/api/v1/session/password', {
    method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ current_password: DEMO_PASSWORD, new_password: 'something new 123' }),
  });
  assert.equal(pw.status, 403);
});

test('creating an account: 201 with Location; wrong types, broken rules and duplicates are refused', async () => {
  const agency = await agencyId();
  const ok = await createUser({ email: 'Rina@Example.org', name: 'Rina', password: 'long enough pw', role: 'officer', agency_id: agency });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.email, 'rina@example.org');
  assert.equal(ok.body.role, 'officer');
  assert.equal(ok.body.agency_id, agency);
  assert.equal(ok.body.active, true);
  assert.equal(ok.location, '/api/v1/users/' + ok.body.id);
  const got = await admin(ok.location);
  assert.equal(got.status, 200);
  assertNoSecrets(await got.text());

  const types = await createUser({ email: 5, name: [], password: true, role: {}, agency_id: 'x' });
  assert.equal(types.status, 422);
  assert.equal(types.body.type, '/problems/validation');
  assert.deepEqual(types.body.errors.map((e) => e.field).sort(), ['agency_id', 'email', 'name', 'password', 'role']);

  const rules = await createUser({ email: 'bad', name: 'X', password: 'short', role: 'officer' });
  assert.equal(rules.status, 422);
  assert.deepEqual(rules.body.errors.map((e) => e.field).sort(), ['agency_id', 'email', 'password']);

  assert.equal((await createUser({ email: 'rina@example.org', name: 'R2', password: 'long enough pw', role: 'citizen' })).status, 409);
  assert.equal((await admin('/api/v1/users', { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } })).status, 400);
  assert.equal((await admin('/api/v1/users', { method: 'POST', json: [] })).status, 400);
  assert.equal((await admin('/api/v1/users/abc')).status, 404);
  assert.equal((await admin('/api/v1/users/999999')).status, 404);

  const idem = await admin('/api/v1/users', {
    method: 'POST', headers: { 'idempotency-key': 'k1' },
    json: { email: 'idem@example.org', name: 'I', password: 'long enough pw', role: 'citizen' },
  });
  assert.equal(idem.status, 400, 'no Idempotency-Key where the request carries a password');
});

test('updating an account; wrong types are 422; the last manager cannot be demoted or deactivated', async () => {
  const created = await createUser({ email: 'joko@example.org', name: 'Joko', password: 'long enough pw', role: 'citizen' });
  const path = '/api/v1/users/' + created.body.id;
  const res = await admin(path, { method: 'PUT', json: { name: 'Joko Widodo', role: 'evaluator', agency_id: null, active: true } });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.name, 'Joko Widodo');
  assert.equal(body.role, 'evaluator');

  const types = await admin(path, { method: 'PUT', json: { name: 1, role: 'citizen', active: 'yes' } });
  assert.equal(types.status, 422);
  assert.deepEqual((await types.json()).errors.map((e) => e.field).sort(), ['active', 'name']);
  const missing = await admin(path, { method: 'PUT', json: { name: 'Joko', role: 'citizen' } });
  assert.equal(missing.status, 422, 'active is required');

  const me = await (await admin('/api/v1/session')).json();
  const self = await admin('/api/v1/users/' + me.user.id, { method: 'PUT', json: { name: me.user.name, role: 'mpp_admin', active: false } });
  assert.equal(self.status, 422);
  assert.equal((await self.json()).errors[0].field, 'active');
  const demote = await admin('/api/v1/users/' + me.user.id, { method: 'PUT', json: { name: me.user.name, role: 'evaluator', active: true } });
  assert.equal(demote.status, 422);
  assert.equal((await demote.json()).errors[0].code, 'last_admin');
  assert.equal((await admin('/api/v1/users/999999', { method: 'PUT', json: { name: 'x', role: 'citizen', active: true } })).status, 404);
});

test("a deactivated user's session stops working at once", async () => {
  await createUser({ email: 'dewi@example.org', name: 'Dewi', password: 'long enough pw', role: 'citizen' });
  const dewi = await signIn(srv, 'dewi@example.org', 'long enough pw');
  const dewiFetch = as(dewi, srv);
  assert.equal((await dewiFetch('/api/v1/session')).status, 200);
  const res = await admin('/api/v1/users/' + dewi.user.id, { method: 'PUT', json: { name: 'Dewi', role: 'citizen', active: false } });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).active, false);
  assert.equal((await dewiFetch('/api/v1/session')).status, 401);
  const again = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'dewi@example.org', password: 'long enough pw' }),
  });
  assert.equal(again.status, 401);
});

test('API keys: created once with the key, listed without it, and a revoked key gets 401', async () => {
  const res = await admin('/api/v1/apikeys', { method: 'POST', json: { name: 'SP4N-LAPOR bridge' } });
  assert.equal(res.status, 201);
  const created = await res.json();
  assert.match(created.key, /^lyn_[A-Za-z0-9_-]+$/);
  assert.ok(created.key.startsWith('lyn_' + created.prefix + '_'));
  assert.equal(created.revoked_at, null);

  const list = await admin('/api/v1/apikeys');
  const text = await list.text();
  assert.ok(!text.includes(created.key), 'the list never shows a key');
  assert.doesNotMatch(text, /key_hash|"key"/);
  assert.ok(JSON.parse(text).items.some((k) => k.id === created.id));

  const withKey = { headers: { authorization: 'Bearer ' + created.key } };
  assert.equal((await fetch(srv.url + '/api/v1/agencies', withKey)).status, 200);
  assert.equal((await fetch(srv.url + '/api/v1/users', withKey)).status, 403, 'an integration is no manager');
  assert.equal((await admin('/api/v1/apikeys/' + created.id, { method: 'DELETE' })).status, 204);
  assert.equal((await fetch(srv.url + '/api/v1/agencies', withKey)).status, 401);
  assert.equal((await admin('/api/v1/apikeys/' + created.id, { method: 'DELETE' })).status, 204);
  assert.equal((await admin('/api/v1/apikeys/999999', { method: 'DELETE' })).status, 404);

  assert.equal((await admin('/api/v1/apikeys', { method: 'POST', json: { name: 7 } })).status, 422);
  assert.equal((await admin('/api/v1/apikeys', { method: 'POST', json: { name: '' } })).status, 422);
  const idem = await admin('/api/v1/apikeys', { method: 'POST', json: { name: 'x' }, headers: { 'idempotency-key': 'k2' } });
  assert.equal(idem.status, 400, 'the key would be stored for replays');
});

test('changing your own password ends your other sessions; the old password stops working', async () => {
  await createUser({ email: 'eko@example.org', name: 'Eko', password: 'first password', role: 'citizen' });
  const here = await signIn(srv, 'eko@example.org', 'first password');
  const elsewhere = await signIn(srv, 'eko@example.org', 'first password');
  const f = as(here, srv);

  const wrong = await f('/api/v1/session/password', { method: 'POST', json: { current_password: 'not it at all', new_password: 'second password' } });
  assert.equal(wrong.status, 422);
  assert.equal((await wrong.json()).errors[0].field, 'current_password');
  const types = await f('/api/v1/session/password', { method: 'POST', json: { current_password: 1, new_password: null } });
  assert.equal(types.status, 422);
  const short = await f('/api/v1/session/password', { method: 'POST', json: { current_password: 'first password', new_password: 'short' } });
  assert.equal(short.status, 422);
  assert.equal((await short.json()).errors[0].field, 'new_password');
  assert.equal((await as(elsewhere, srv)('/api/v1/session')).status, 200);

  const ok = await f('/api/v1/session/password', { method: 'POST', json: { current_password: 'first password', new_password: 'second password' } });
  assert.equal(ok.status, 204);
  assert.equal((await f('/api/v1/session')).status, 200, 'this session stays');
  assert.equal((await as(elsewhere, srv)('/api/v1/session')).status, 401, 'the other session ended');
  const old = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'eko@example.org', password: 'first password' }),
  });
  assert.equal(old.status, 401);
  await signIn(srv, 'eko@example.org', 'second password');

  const anon = await fetch(srv.url + '/api/v1/session/password', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ current_password: 'a', new_password: 'bbbbbbbbbbbb' }),
  });
  assert.equal(anon.status, 401);
});
