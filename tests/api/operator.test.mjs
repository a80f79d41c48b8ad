// /metrics is for the operators: without metrics_token only callers on this
// host that no proxy forwarded may read it (a local nginx connects from
// loopback for everyone); with a token only its bearer. Everyone else gets
// 404, as for a page that does not exist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

const TOKEN = 'metrics-token-for-the-test-0123456789';
let proxied, withToken;

before(async () => {
  [proxied, withToken] = await Promise.all([
    startServer({ env: { LAYAN_TRUST_PROXY: '1' } }),
    startServer({ env: { LAYAN_METRICS_TOKEN: TOKEN } }),
  ]);
});
after(async () => { await Promise.all([proxied?.stop(), withToken?.stop()]); });

async function assertHidden(res, what) {
  assert.equal(res.status, 404, what);
  const body = await res.text();
  assert.match(body, /\/problems\/not-found/, what);
  assert.doesNotMatch(body, /layan_http_requests_total/, what);
}

test('without a token: loopback reads /metrics, a forwarded client does not', async () => {
  const local = await fetch(proxied.url + '/metrics');
  assert.equal(local.status, 200);
  assert.match(await local.text(), /layan_http_requests_total/);
  await assertHidden(await fetch(proxied.url + '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } }), 'remote client');
  await assertHidden(await fetch(proxied.url + '/metrics', { headers: { 'x-forwarded-for': '127.0.0.1' } }),
    'a forwarded client that claims to be loopback');
  await assertHidden(await fetch(proxied.url + '/metrics', { headers: { forwarded: 'for=203.0.113.9' } }), 'Forwarded');
  await assertHidden(await fetch(proxied.url + '/metrics', {
    headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer anything' },
  }), 'a bearer without a configured token');
});

test('with a token: only its bearer reads /metrics, from anywhere', async () => {
  const ok = await fetch(withToken.url + '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(ok.status, 200);
  assert.match(await ok.text(), /layan_http_requests_total/);
  await assertHidden(await fetch(withToken.url + '/metrics'), 'loopback without the token');
  await assertHidden(await fetch(withToken.url + '/metrics', { headers: { authorization: `Bearer ${TOKEN}x` } }), 'a wrong token');
  await assertHidden(await fetch(withToken.url + '/metrics', { headers: { authorization: 'Bearer ' } }), 'an empty token');
  // The token is not an API key: elsewhere it is refused like any unknown key.
  assert.equal((await fetch(withToken.url + '/api/v1/complaints', { headers: { authorization: `Bearer ${TOKEN}` } })).status, 401);
  assert.ok(!withToken.logs().includes(TOKEN), 'the token is never logged');
});
