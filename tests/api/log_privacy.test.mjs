// The logs of a whole demo run hold no tracking code (a code opens its
// report), no report's title or text, no reporter and no secret: the demo is
// seeded, reports of every privacy come from a guest, a citizen, the desk and
// an Open311 integration, staff act on them, `layan jobs run` escalates and
// delivers, and then the server's log, the access log, the seed's and the
// job run's logs are searched. Without a mail server the messages go to the
// mailbox file only (notify_mailbox), never to a log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { BIN, DEMO, as, layan, signIn, startServer, waitForMail } from '../lib/server.mjs';

const SMTP_PASSWORD = 'smtp-Geheim-4471';
const METRICS_TOKEN = 'metrics-Geheim-9932';
const GUEST_EMAIL = 'wening.pelapor@contoh.id';
const GUEST_PHONE = '081377712345';
const CODE = /\b[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}\b/;

let srv, desk, officer, citizen, apiKey, service, serviceCode, agency;
const secrets = [SMTP_PASSWORD, METRICS_TOKEN, GUEST_EMAIL, GUEST_PHONE, '6281377712345'];
const texts = [];  // titles, descriptions and messages written in this run
const logs = [];   // [where, text] of every log of the run

before(async () => {
  srv = await startServer({
    seed: true,
    env: { LAYAN_SMTP_PASSWORD: SMTP_PASSWORD, LAYAN_METRICS_TOKEN: METRICS_TOKEN },
  });
  logs.push(['seed', srv.seedLog]);
  [desk, officer, citizen] = await Promise.all([DEMO.mpp_admin, DEMO.officer, DEMO.citizen].map((e) => signIn(srv, e)));
  for (const s of [desk, officer, citizen]) secrets.push(s.csrf, ...s.cookie.split('; ').map((c) => c.split('=')[1]));
  apiKey = layan(['apikey', 'add', '--name', 'log privacy', '--db', srv.db]).trim().split('\n').pop().trim();
  secrets.push(apiKey);
  const services = await (await fetch(srv.url + '/api/v1/services?q=ktp')).json();
  service = services.items[0].id;
  agency = (await (await fetch(`${srv.url}/api/v1/services/${service}`)).json()).agency.id;
  serviceCode = (await (await fetch(srv.url + '/open311/v2/services.json')).json())[0].service_code;
});
after(async () => { await srv?.stop(); });

const post = (path, body, headers = {}) =>
  fetch(srv.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function guestToken(contact) {
  const from = srv.mailbox().length;
  const res = await post('/api/v1/contact-confirmations', { contact });
  assert.equal(res.status, 201, await res.clone().text());
  const { id } = await res.json();
  const [, code] = await waitForMail(srv, /Kode konfirmasi Anda: (\d{6})/, { from });
  secrets.push(code);
  const confirmed = await post(`/api/v1/contact-confirmations/${id}/confirm`, { code });
  assert.equal(confirmed.status, 200);
  const { contact_token: token } = await confirmed.json();
  secrets.push(token);
  return token;
}

function report(n, fields) {
  const title = `Judul laporan uji log nomor ${n} tentang loket`;
  const description = `Uraian laporan uji log nomor ${n}: antrean tidak bergerak sama sekali.`;
  texts.push(title, description);
  return { type: 'pengaduan', title, description, service_id: service, ...fields };
}

async function created(res) {
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

async function act(session, id, action, extra = {}) {
  if (extra.message) texts.push(extra.message);
  const res = await as(session, srv)(`/api/v1/complaints/${id}/actions`, { method: 'POST', json: { action, ...extra } });
  assert.equal(res.status, 200, `${action}: ${await res.clone().text()}`);
}

test('a whole demo run leaves no tracking code, title or secret in any log', async () => {
  const email = await guestToken(GUEST_EMAIL);
  const phone = await guestToken(GUEST_PHONE);
  const reports = [
    await created(await post('/api/v1/complaints', report(1, { privacy: 'rahasia' }), { 'x-contact-token': email })),
    await created(await post('/api/v1/complaints', report(2, { privacy: 'anonim' }), { 'x-contact-token': phone })),
    await created(await as(citizen, srv)('/api/v1/complaints', { method: 'POST', json: report(3, { privacy: 'biasa' }) })),
    await created(await as(citizen, srv)('/api/v1/complaints', {
      method: 'POST', json: report(4, { type: 'whistleblowing', privacy: 'rahasia' }),
    })),
    await created(await as(desk, srv)('/api/v1/complaints', {
      method: 'POST',
      json: report(5, { privacy: 'anonim', received_via: 'counter', reporter_name: 'Bu Wening', reporter_email: GUEST_EMAIL }),
    })),
  ];
  const open311 = report(6, {});
  const o = await fetch(srv.url + '/open311/v2/requests.json', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      api_key: apiKey, service_code: serviceCode, lat: '-6.9175', long: '107.6191',
      description: open311.description, 'attribute[title]': open311.title, 'attribute[type]': 'pengaduan',
      email: GUEST_EMAIL, phone: GUEST_PHONE,
    }).toString(),
  });
  assert.equal(o.status, 201, await o.clone().text());
  const [{ token: openCode }] = await o.json();  // the tracking code, told only to the client that filed

  // Staff act: every transition that tells the reporter or the agency.
  const [a, b, c, d, e] = reports;
  for (const r of [a, b, c]) await act(desk, r.id, 'verify');
  await act(desk, d.id, 'reject', { message: 'Laporan ini bukan kewenangan mal pelayanan publik.' });
  await act(desk, e.id, 'return_for_completion', { message: 'Mohon lampirkan foto nomor antrean Anda, Bu.' });
  for (const r of [a, b, c]) await act(desk, r.id, 'disposition_to_agency', { agency_id: agency });
  await act(officer, a.id, 'reply', { message: 'Petugas tambahan kami tempatkan di loket tiga mulai besok.' });
  await act(officer, b.id, 'reply', { message: 'Kami sedang memeriksa mesin antrean di lantai dua.' });
  await act(officer, b.id, 'resolve', { message: 'Mesin antrean sudah diganti dengan yang baru.' });
  const tracked = await fetch(`${srv.url}/api/v1/tracking/${a.tracking_code}`);
  assert.equal(tracked.status, 200);
  assert.equal((await fetch(`${srv.url}/pengaduan/lacak?kode=${b.tracking_code}`)).status, 200);
  assert.equal((await fetch(`${srv.url}/api/v1/tracking/ZZZZ-ZZZZ-ZZZZ`)).status, 404);

  // The server delivers what is due (woken by each write, else every 10 s).
  for (const r of [a, b]) await waitForMail(srv, new RegExp(r.tracking_code), { timeoutMs: 30000 });

  // Deadlines pass: escalations to staff and auto-close, queued at that
  // time; a second run delivers them.
  for (const at of ['2030-01-01T00:00:00Z', '2030-01-01T00:01:00Z']) {
    const jobs = spawnSync(BIN, ['jobs', 'run', '--db', srv.db, '--at', at], { encoding: 'utf8' });
    assert.equal(jobs.status, 0, jobs.stderr);
    logs.push([`jobs run --at ${at}`, jobs.stderr]);
  }
  assert.match(logs.at(-2)[1], /complaint deadlines: [1-9]\d* escalations/);
  assert.match(logs.at(-1)[1], /not sent: no smtp_url configured/, 'the job run delivered through the log transport');

  // Every tracking code and title of the run and of the demo.
  const codes = [openCode, ...reports.map((r) => r.tracking_code)];
  const all = await (await as(desk, srv)('/api/v1/complaints?box=all&limit=100')).json();
  assert.ok(all.items.length >= 23 + 6, 'the demo reports and ours');
  for (const r of all.items) {
    // Lists never show a tracking code; one report's view does.
    codes.push((await (await as(desk, srv)(`/api/v1/complaints/${r.id}`)).json()).tracking_code);
    texts.push(r.title);
  }
  assert.ok(codes.every((x) => /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(x)));

  await new Promise((r) => setTimeout(r, 1500));  // the access log is flushed every second
  logs.push(['server log', srv.logs()], ['access log', readFileSync(srv.accessLog, 'utf8')]);
  for (const [where, text] of logs) {
    assert.doesNotMatch(text, CODE, `${where} holds something shaped like a tracking code`);
    for (const code of codes) assert.ok(!text.includes(code), `${where} holds tracking code ${code}`);
    for (const t of texts) assert.ok(!text.includes(t), `${where} holds "${t}"`);
    for (const s of secrets) assert.ok(!text.includes(s), `${where} holds a secret (${s.slice(0, 4)}…)`);
  }
  assert.match(srv.logs(), /not sent: no smtp_url configured; subject: .*\[\*\*\*\*-\*\*\*\*-\*\*\*\*\]; written to /);
});
