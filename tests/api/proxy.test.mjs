// Behind a reverse proxy (trust_proxy), login throttling counts per client
// address taken from X-Forwarded-For, not per proxy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer({ env: { LAYAN_TRUST_PROXY: '1' } }); });
after(async () => { await srv?.stop(); });

const attempt = (i, client) => fetch(srv.url + '/api/v1/session', {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.7, ${client}` },
  body: JSON.stringify({ email: `nobody${i}@example.org`, password: 'wrong password' }),
});

test('one client address is throttled, another behind the same proxy is not', async () => {
  for (let i = 0; i < 20; i++) assert.equal((await attempt(i, '198.51.100.1')).status, 401);
  const slowed = await attempt(99, '198.51.100.1');
  assert.equal(slowed.status, 429);
  assert.ok(Number(slowed.headers.get('retry-after')) >= 1);
  assert.equal((await attempt(99, '198.51.100.2')).status, 401);
});
