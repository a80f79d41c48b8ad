// Accounts: sign-in, sessions, CSRF, throttling, API keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, layan, signIn } from '../lib/server.mjs';

let srv;
const password = 'correct horse battery';
before(async () => {
  srv = await startServer();
  layan(['user', 'add', '--db', srv.db, '--email', 'Admin@Example.org', '--name', 'Admin', '--role', 'mpp_admin', '--password', password]);
});
after(async () => { await srv?.stop(); });

test('user add validates and refuses duplicates', () => {
  assert.throws(() => layan(['user', 'add', '--db', srv.db, '--email', 'not-an-email', '--name', 'X', '--role', 'citizen', '--password', 'long enough pw']), /Email address is invalid/);
  assert.throws(() => layan(['user', 'add', '--db', srv.db, '--email', 'admin@example.org', '--name', 'X', '--role', 'citizen', '--password', 'long enough pw']), /exists/);
  assert.throws(() => layan(['user', 'add', '--db', srv.db, '--email', 'o@example.org', '--name', 'X', '--role', 'officer', '--password', 'long enough pw']), /must belong to an agency/);
});

test('sign in through the API gives an HttpOnly SameSite session cookie and a CSRF token', async () => {
  const res = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.org', password }),
  });
  assert.equal(res.status, 201);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('layan_session='));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  const body = await res.json();
  assert.equal(body.user.role, 'mpp_admin');
  assert.ok(body.csrf_token.length >= 20);
  const me = await fetch(srv.url + '/api/v1/session', { headers: { cookie: cookie.split(';')[0] } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).user.name, 'Admin');
});

test('a wrong password is 401 without saying which part was wrong', async () => {
  const res = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.org', password: 'wrong password' }),
  });
  assert.equal(res.status, 401);
  assert.equal((await res.json()).type, '/problems/unauthenticated');
});

test('wrong types in the sign-in body are a validation problem', async () => {
  const res = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 5, password: [] }),
  });
  assert.equal(res.status, 422);
  const p = await res.json();
  assert.equal(p.type, '/problems/validation');
  assert.ok(p.errors.length > 0);
});

test('a session-authenticated write without the CSRF token is refused', async () => {
  const s = await signIn(srv, 'admin@example.org', password);
  const res = await fetch(srv.url + '/api/v1/session', { method: 'DELETE', headers: { cookie: s.cookie } });
  assert.equal(res.status, 403);
  assert.equal((await res.json()).type, '/problems/csrf');
  const ok = await fetch(srv.url + '/api/v1/session', { method: 'DELETE', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  assert.equal(ok.status, 204);
  const after = await fetch(srv.url + '/api/v1/session', { headers: { cookie: s.cookie } });
  assert.equal(after.status, 401, 'the session ends at sign-out');
});

test('the sign-in form needs its CSRF token', async () => {
  const res = await fetch(srv.url + '/masuk', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'email=admin%40example.org&password=x', redirect: 'manual',
  });
  assert.equal(res.status, 403);
});

test('repeated failures make the next attempt wait, even with the right password, and say how long', async () => {
  layan(['user', 'add', '--db', srv.db, '--email', 'victim@example.org', '--name', 'V', '--role', 'citizen', '--password', password]);
  for (let i = 0; i < 3; i++) {
    const r = await fetch(srv.url + '/api/v1/session', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'victim@example.org', password: 'guess ' + i }),
    });
    assert.equal(r.status, 401);
  }
  const res = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'victim@example.org', password }),
  });
  assert.equal(res.status, 429);
  const wait = Number(res.headers.get('retry-after'));
  assert.ok(wait === 1 || wait === 2, `Retry-After: ${wait}`);
  const p = await res.json();
  assert.equal(p.type, '/problems/too-many-requests');
  assert.equal(p.retry_after, wait);
  assert.match(p.detail, new RegExp(`try again in ${wait} seconds?$`));
  await new Promise((r) => setTimeout(r, wait * 1000 + 100));
  const later = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'victim@example.org', password }),
  });
  assert.equal(later.status, 201, 'a wait, not a lock-out');
});

test('apikey add prints the key as its last line; a bad key is 401', async () => {
  const out = layan(['apikey', 'add', '--name', 'LAPOR bridge', '--db', srv.db]).trim().split('\n');
  const key = out[out.length - 1];
  assert.match(key, /^lyn_[A-Za-z0-9_-]+$/);
  const ok = await fetch(srv.url + '/api/v1/agencies', { headers: { authorization: 'Bearer ' + key } });
  assert.notEqual(ok.status, 401);
  const bad = await fetch(srv.url + '/api/v1/agencies', { headers: { authorization: 'Bearer lyn_nope_nope' } });
  assert.equal(bad.status, 401);
});

test('audit verify reports an intact chain', () => {
  assert.match(layan(['audit', 'verify', '--db', srv.db]), /intact: \d+ events/);
});
