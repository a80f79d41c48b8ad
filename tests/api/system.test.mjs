// Health, readiness, metrics, security headers, limits and error shapes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, layan, DB_KIND } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

test('healthz and readyz answer', async () => {
  const h = await fetch(srv.url + '/healthz');
  assert.equal(h.status, 200);
  assert.deepEqual(await h.json(), { status: 'ok' });
  const r = await fetch(srv.url + '/readyz');
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.database_reachable, true);
  assert.equal(body.database, DB_KIND);
});

test('every response carries the security headers', async () => {
  for (const path of ['/healthz', '/no-such-page', '/api/v1/nothing']) {
    const res = await fetch(srv.url + path);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(res.headers.get('referrer-policy'));
  }
});

test('unknown API routes are 404 problem+json', async () => {
  const res = await fetch(srv.url + '/api/v1/does-not-exist');
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type'), /application\/problem\+json/);
  const p = await res.json();
  assert.equal(p.type, '/problems/not-found');
  assert.equal(p.status, 404);
  assert.ok(p.title && p.title_en);
});

test('a wrong method is 405 problem+json', async () => {
  const res = await fetch(srv.url + '/healthz', { method: 'DELETE' });
  assert.equal(res.status, 405);
  assert.equal((await res.json()).type, '/problems/method-not-allowed');
});

test('oversize bodies are 413 problem+json', async () => {
  const res = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(2 * 1024 * 1024),
  });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).type, '/problems/payload-too-large');
});

test('malformed JSON is 400 problem+json, a wrong content type 415', async () => {
  let res = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": ',
  });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).type, '/problems/bad-request');
  res = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello',
  });
  assert.equal(res.status, 415);
});

test('metrics expose request counts and latency histograms by route', async () => {
  await fetch(srv.url + '/healthz');
  const res = await fetch(srv.url + '/metrics');
  assert.equal(res.status, 200);
  const text = await res.text();
  assert.match(text, /layan_http_requests_total\{route="\/healthz",method="GET",status="200"\} \d+/);
  assert.match(text, /layan_http_request_duration_seconds_bucket\{route="\/healthz",method="GET",status="200",le="0.005"\}/);
});

test('access log lines are JSON with the route pattern, not the raw URL', async () => {
  await fetch(srv.url + '/healthz?email=someone@example.org');
  await new Promise((r) => setTimeout(r, 1500)); // the access log is flushed every second
  const lines = readFileSync(srv.accessLog, 'utf8').trim().split('\n');
  assert.ok(lines.length > 0);
  for (const line of lines) {
    const entry = JSON.parse(line);
    assert.ok(entry.route && entry.status && entry.method);
  }
  assert.doesNotMatch(readFileSync(srv.accessLog, 'utf8'), /someone@example\.org/);
});

test('layan --version and --help work', () => {
  assert.match(layan(['--version']), /^layan \d+\.\d+\.\d+/);
  assert.match(layan(['--help']), /serve/);
});

test('text responses are gzipped for clients that accept it', async () => {
  const res = await fetch(srv.url + '/static/dist/layan.css', { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-encoding'), 'gzip');
  assert.match(await res.text(), /govuk-/); // fetch decompresses: the bytes were valid gzip
  const plain = await fetch(srv.url + '/static/dist/layan.css', { headers: { 'accept-encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null);
});

test('static files are served with an ETag and revalidate with 304', async () => {
  const res = await fetch(srv.url + '/static/dist/layan.css');
  const etag = res.headers.get('etag');
  assert.ok(etag);
  const again = await fetch(srv.url + '/static/dist/layan.css', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  const escape = await fetch(srv.url + '/static/..%2F..%2Fetc/passwd');
  assert.equal(escape.status, 404);
});

test('an over-long URL is 414 problem+json, not a dropped connection', async () => {
  const res = await fetch(srv.url + '/api/v1/services?q=' + 'a'.repeat(9000));
  assert.equal(res.status, 414);
  assert.equal((await res.json()).type, '/problems/uri-too-long');
});

test('every problem type resolves to its description', async () => {
  for (const slug of ['validation', 'not-found', 'csrf', 'uri-too-long', 'payload-too-large']) {
    const res = await fetch(`${srv.url}/problems/${slug}`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).type, `/problems/${slug}`);
  }
});

test('garbage in paths, queries and headers never yields a 5xx', async () => {
  const targets = ['/%00', '/%ff%fe', '/layanan/%27%20OR%201=1', '/api/v1/services/-1', '/api/v1/services/99999999999999999999',
    '/api/v1/services?q=%22NEAR(%20*', '/api/v1/services?cursor=%%%', '/instansi/abc', '/static/%2e%2e/%2e%2e/etc/passwd',
    '/cari?q=' + encodeURIComponent('<script>alert(1)</script>'), '/api/v1/services?limit=-5', '/?lang=xx'];
  for (const t of targets) {
    const res = await fetch(srv.url + t, { headers: { cookie: 'layan_session=' + 'x'.repeat(500) + '; layan_lang=zz' } });
    assert.ok(res.status < 500, `${t} gave ${res.status}`);
    const body = await res.text();
    assert.doesNotMatch(body, /<script>alert/, `${t} reflected markup unescaped`);
  }
});
