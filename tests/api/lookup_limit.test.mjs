// Tracking-code lookups are paced per client address (lookup_limit): misses
// (404) run out after 10 in a row, then every lookup from that address is
// 429 with Retry-After, as problem+json, as a page and as an Open311 error
// list; another address, and a reporter reading their own report again and
// again, are not affected. Behind a proxy (trust_proxy) the address comes
// from X-Forwarded-For.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, as, signIn, startServer } from '../lib/server.mjs';

let srv;
let code;  // a real report's tracking code

before(async () => {
  srv = await startServer({ seed: true, env: { LAYAN_TRUST_PROXY: '1' } });
  const desk = await signIn(srv, DEMO.mpp_admin);
  const all = await (await as(desk, srv)('/api/v1/complaints?box=all&limit=1')).json();
  // Lists never show a tracking code; one report's view does.
  code = (await (await as(desk, srv)(`/api/v1/complaints/${all.items[0].id}`)).json()).tracking_code;
});
after(async () => { await srv?.stop(); });

const from = (client, path, init = {}) =>
  fetch(srv.url + path, { ...init, headers: { 'x-forwarded-for': `203.0.113.50, ${client}`, ...(init.headers || {}) } });

// A code of the right shape that no report has.
const guess = (i) => `ZZZZ-ZZZZ-${String(i).padStart(4, '0').replace(/[0-9]/g, (d) => 'ABCDEFGHJK'[d])}`;

test('a reporter reading their report again and again is never limited', async () => {
  for (let i = 0; i < 40; i++) {
    const res = await from('198.51.100.10', `/api/v1/tracking/${code}`);
    assert.equal(res.status, 200, `lookup ${i}`);
  }
  const page = await from('198.51.100.10', `/pengaduan/lacak?kode=${code}`);
  assert.equal(page.status, 200);
});

test('ten misses from one address, then 429 for every lookup from it; another address is not affected', async () => {
  const a = '198.51.100.20';
  for (let i = 0; i < 10; i++) {
    assert.equal((await from(a, `/api/v1/tracking/${guess(i)}`)).status, 404, `miss ${i}`);
  }
  const refused = await from(a, `/api/v1/tracking/${guess(10)}`);
  assert.equal(refused.status, 429);
  assert.match(refused.headers.get('content-type'), /application\/problem\+json/);
  const retry = Number(refused.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 6, `Retry-After: ${retry}`);
  const problem = await refused.json();
  assert.equal(problem.type, '/problems/too-many-requests');
  assert.equal(problem.status, 429);
  assert.equal(problem.errors[0].code, 'rate_limited');

  // The right code does not help once the guesses are spent, on any lookup route.
  assert.equal((await from(a, `/api/v1/tracking/${code}`)).status, 429);
  assert.equal((await from(a, `/api/v1/tracking/${code}/actions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"confirm"}',
  })).status, 429);
  assert.equal((await from(a, `/api/v1/tracking/${code}/attachments/1`)).status, 429);
  assert.equal((await from(a, `/pengaduan/lacak/${code}/lampiran/1`)).status, 429);
  assert.equal((await from(a, `/pengaduan/terkirim?kode=${code}`)).status, 429);

  const page = await from(a, `/pengaduan/lacak?kode=${code}`);
  assert.equal(page.status, 429);
  assert.ok(page.headers.get('retry-after'));
  assert.match(page.headers.get('content-type'), /text\/html/);
  assert.match(await page.text(), /Terlalu banyak pencarian kode pelacakan dari alamat ini/);
  const pageEn = await from(a, `/pengaduan/lacak?kode=${code}&lang=en`);
  assert.match(await pageEn.text(), /Too many tracking code lookups from this address/);

  for (const fmt of ['json', 'xml']) {
    const o = await from(a, `/open311/v2/tokens/${guess(11)}.${fmt}`);
    assert.equal(o.status, 429, fmt);
    assert.ok(o.headers.get('retry-after'));
    const text = await o.text();
    if (fmt === 'json') {
      const [e] = JSON.parse(text);
      assert.equal(e.code, 429);
      assert.match(e.description, /Too many tracking code lookups/);
    } else {
      assert.match(text, /<code>429<\/code>/);
      assert.match(text, /Too many tracking code lookups/);
    }
  }
  assert.equal((await from(a, `/open311/v2/requests/${guess(12)}.json`)).status, 429);

  // Another client behind the same proxy: its own budget.
  const b = '198.51.100.21';
  assert.equal((await from(b, `/api/v1/tracking/${code}`)).status, 200);
  assert.equal((await from(b, `/api/v1/tracking/${guess(13)}`)).status, 404);
  assert.equal((await from(b, `/open311/v2/tokens/${guess(14)}.json`)).status, 404);

  // Routes that are not lookups stay open to the limited client.
  assert.equal((await from(a, '/api/v1/services?limit=1')).status, 200);
});

test('the limit counts misses on every lookup route together', async () => {
  const c = '198.51.100.30';
  const misses = [
    `/api/v1/tracking/${guess(20)}`,
    `/pengaduan/lacak?kode=${guess(21)}`,
    `/pengaduan/terkirim?kode=${guess(22)}`,
    `/open311/v2/tokens/${guess(23)}.json`,
    `/open311/v2/requests/${guess(24)}.xml`,
    `/api/v1/tracking/${guess(25)}/attachments/1`,
    `/pengaduan/lacak/${guess(26)}/lampiran/1`,
  ];
  for (const path of misses) assert.equal((await from(c, path)).status, 404, path);
  for (let i = 0; i < 3; i++) assert.equal((await from(c, `/api/v1/tracking/${guess(30 + i)}`)).status, 404);
  assert.equal((await from(c, `/api/v1/tracking/${guess(40)}`)).status, 429);
});
