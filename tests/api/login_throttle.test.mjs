// Sign-in throttling (L2 of the security probe): failures slow the next
// attempt down instead of locking the real user out. Counted per (account,
// address) pair with a growing wait, per address over many accounts and per
// account over many addresses; a pair that signed in before is judged by its
// own failures only. Behind a proxy (trust_proxy), so each test can speak
// from several client addresses. Figures: docs/api.md, Authentication.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, layan } from '../lib/server.mjs';

let srv;
const password = 'correct horse battery';
before(async () => { srv = await startServer({ env: { LAYAN_TRUST_PROXY: '1' } }); });
after(async () => { await srv?.stop(); });

const addUser = (email, role = 'citizen') =>
  layan(['user', 'add', '--db', srv.db, '--email', email, '--name', 'N', '--role', role, '--password', password]);

const signIn = (email, pw, client) => fetch(srv.url + '/api/v1/session', {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
  body: JSON.stringify({ email, password: pw }),
});

const sleep = (s) => new Promise((r) => setTimeout(r, s * 1000 + 100));

// A refused attempt: 429 problem+json whose Retry-After, `retry_after` and
// detail all give the same wait; returns it in seconds.
async function refusal(res) {
  assert.equal(res.status, 429);
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  const wait = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(wait) && wait >= 1, `Retry-After: ${res.headers.get('retry-after')}`);
  const p = await res.json();
  assert.equal(p.type, '/problems/too-many-requests');
  assert.equal(p.retry_after, wait);
  assert.match(p.detail, new RegExp(`try again in ${wait} seconds?$`));
  return wait;
}

test('the real user at another address still signs in after an attacker\'s failures', async () => {
  addUser('korban@example.org');
  for (let i = 0; i < 6; i++) {
    const r = await signIn('korban@example.org', 'guess ' + i, '198.51.100.10');
    if (i < 3) assert.equal(r.status, 401, `guess ${i}`);
    else await refusal(r);
  }
  // Checked first, while the pair's 2 s wait surely runs (a slow machine must
  // not let it pass before the check).
  await refusal(await signIn('korban@example.org', password, '198.51.100.10'));
  assert.equal((await signIn('korban@example.org', password, '192.0.2.10')).status, 201);
});

test('a pair\'s wait grows with each failure, and signing in clears it', async () => {
  addUser('lambat@example.org');
  const client = '198.51.100.20';
  const guess = () => signIn('lambat@example.org', 'wrong password', client);
  for (let i = 0; i < 3; i++) assert.equal((await guess()).status, 401);
  const waits = [];
  for (let step = 0; step < 3; step++) {
    const wait = await refusal(await guess());
    // 2, 4, 8 s from the failure; less the time this request took to arrive
    // (a second or two on a loaded machine).
    assert.ok(wait <= 2 ** (step + 1) && wait >= 2 ** (step + 1) - 2, `wait ${wait} at step ${step}`);
    waits.push(wait);
    await sleep(wait);
    if (step < 2) assert.equal((await guess()).status, 401, 'heard once the wait is over');
  }
  assert.ok(waits[0] < waits[1] && waits[1] < waits[2], waits.join(', '));
  assert.equal((await signIn('lambat@example.org', password, client)).status, 201);
  for (let i = 0; i < 3; i++) assert.equal((await guess()).status, 401, 'the pair starts afresh');
});

test('failures for many accounts from one address slow new pairs there, not one that signed in before', async () => {
  addUser('manajer@example.org', 'mpp_admin');
  addUser('pendatang@example.org');
  const mall = '203.0.113.30';
  assert.equal((await signIn('manajer@example.org', password, mall)).status, 201);
  for (let i = 0; i < 20; i++) assert.equal((await signIn(`orang${i}@example.org`, 'wrong password', mall)).status, 401);
  await refusal(await signIn('pendatang@example.org', password, mall));
  assert.equal((await signIn('manajer@example.org', password, mall)).status, 201, 'the manager is not slowed down');
  assert.equal((await signIn('pendatang@example.org', password, '192.0.2.30')).status, 201);
});

test('an account guessed from many addresses does not lock its owner out', async () => {
  addUser('sasaran@example.org');
  assert.equal((await signIn('sasaran@example.org', password, '192.0.2.40')).status, 201);
  for (let i = 0; i < 20; i++) {
    assert.equal((await signIn('sasaran@example.org', 'wrong password', `198.51.100.${100 + i}`)).status, 401);
  }
  const wait = await refusal(await signIn('sasaran@example.org', password, '192.0.2.41'));
  assert.ok(wait <= 300, 'a new address waits 5 minutes at most');
  assert.equal((await signIn('sasaran@example.org', password, '192.0.2.40')).status, 201, 'the usual one not at all');
});

test('the sign-in page answers 429 with the wait beside the form', async () => {
  addUser('halaman@example.org');
  const client = '198.51.100.50';
  const page = await fetch(srv.url + '/masuk', { headers: { 'x-forwarded-for': client } });
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(await page.text())[1];
  const post = (pw, lang = 'id') => fetch(srv.url + '/masuk?lang=' + lang, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': client },
    body: new URLSearchParams({ csrf_token: csrf, email: 'halaman@example.org', password: pw, next: '/' }).toString(),
  });
  for (let i = 0; i < 3; i++) assert.equal((await post('wrong password')).status, 401);
  const res = await post(password);
  assert.equal(res.status, 429);
  const wait = Number(res.headers.get('retry-after'));
  assert.ok(wait === 1 || wait === 2, `Retry-After: ${wait}`);
  const html = await res.text();
  assert.match(html, new RegExp(`id="email-error"[^]*Coba lagi dalam ${wait} detik`));
  const en = await post(password, 'en');
  assert.equal(en.status, 429);
  assert.match(await en.text(), /Try again in [12] seconds?\./);
});
