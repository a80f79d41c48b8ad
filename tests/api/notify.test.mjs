// Notifications end to end through the real binary: `layan notify send`
// queues, `layan jobs run [--at]` delivers over real SMTP to a sink and
// through an HTTP SMS gateway, retries with backoff, and never logs a
// recipient; `layan serve` delivers by itself in the background.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { BIN, freshDatabaseUrl, startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';

const SECRET_EMAIL = 'rahasia.pelapor@example.id';
const SECRET_PHONE = '+6281299887766';

let sink, gateway, db;
const gatewayRequests = [];
const gatewayAnswers = []; // statuses to answer with, in order; then 200

// Runs layan with extra environment; resolves to { status, stdout, stderr }.
// Asynchronous: the SMTP sink and the SMS gateway answer from this process.
function run(args, env = {}) {
  return new Promise((resolve) => {
    execFile(BIN, args, { encoding: 'utf8', env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      resolve({ status: err ? err.code : 0, stdout, stderr });
    });
  });
}

async function newDatabase() {
  const base = process.env.LAYAN_TEST_TMP || tmpdir();
  mkdirSync(base, { recursive: true });
  const url = freshDatabaseUrl(mkdtempSync(join(base, 'layan-notify-')));
  const m = await run(['migrate', '--db', url]);
  assert.equal(m.status, 0, m.stderr);
  return url;
}

before(async () => {
  sink = await startSmtpSink();
  gateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      gatewayRequests.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(gatewayAnswers.shift() ?? 200, { 'content-type': 'application/json' });
      res.end('{"status":"queued","to":"' + SECRET_PHONE + '"}');
    });
  });
  await new Promise((r) => gateway.listen(0, '127.0.0.1', r));
  db = await newDatabase();
});

after(async () => {
  await sink?.stop();
  await new Promise((r) => (gateway ? gateway.close(r) : r()));
});

const smtpEnv = () => ({
  LAYAN_SMTP_URL: sink.url,
  LAYAN_SMTP_FROM: 'MPP Sukamaju <noreply@mpp.example>',
  LAYAN_SMS_GATEWAY_URL: `http://127.0.0.1:${gateway.address().port}/send`,
  LAYAN_SMS_GATEWAY_TOKEN: 'gateway-secret-token',
});

function queued(r) {
  assert.equal(r.status, 0, r.stderr);
  const m = /queued notification (\d+)/.exec(r.stdout);
  assert.ok(m, r.stdout);
  return Number(m[1]);
}

test('an email is delivered over SMTP as a proper RFC 5322 message', async () => {
  const before = sink.mails.length;
  const id = queued(await run(['notify', 'send', '--db', db, '--channel', 'email', '--to', SECRET_EMAIL,
    '--subject', 'Pengaduan ADU-2026-000042 diverifikasi — terima kasih',
    '--body', 'Yth. Bapak/Ibu,\n\nPengaduan Anda sudah diverifikasi.\n.\nBiaya = Rp0.'], smtpEnv()));
  const r = await run(['jobs', 'run', '--db', db], smtpEnv());
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^outbox: ran$/m);
  await sink.waitFor(before + 1);
  const mail = sink.mails[before];
  assert.equal(mail.from, 'noreply@mpp.example');
  assert.deepEqual(mail.to, [SECRET_EMAIL]);
  assert.equal(mail.subject, 'Pengaduan ADU-2026-000042 diverifikasi — terima kasih');
  assert.match(mail.headers.get('subject')[0], /^=\?UTF-8\?B\?/);
  assert.equal(mail.text, 'Yth. Bapak/Ibu,\r\n\r\nPengaduan Anda sudah diverifikasi.\r\n.\r\nBiaya = Rp0.\r\n');
  assert.deepEqual(mail.headers.get('to'), [`<${SECRET_EMAIL}>`]);
  assert.deepEqual(mail.headers.get('from'), ['MPP Sukamaju <noreply@mpp.example>']);
  assert.match(mail.headers.get('date')[0], /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
  assert.match(mail.headers.get('message-id')[0], new RegExp(`^<outbox\\.${id}\\.\\d{14}@mpp\\.example>$`));
  assert.deepEqual(mail.headers.get('mime-version'), ['1.0']);
  assert.deepEqual(mail.headers.get('content-type'), ['text/plain; charset=UTF-8']);
  assert.deepEqual(mail.headers.get('content-transfer-encoding'), ['quoted-printable']);
  for (const line of mail.raw.split('\r\n')) assert.ok(line.length <= 78, line);
  assert.ok(!r.stderr.includes(SECRET_EMAIL), 'the recipient never reaches the log');

  const again = await run(['jobs', 'run', '--db', db, '--at', '2099-01-01T00:00:00Z'], smtpEnv());
  assert.equal(again.status, 0, again.stderr);
  assert.equal(sink.mails.length, before + 1, 'a sent message is not sent again');
});

test('an SMS goes to the gateway as JSON with the bearer token, and a refusal is retried after the backoff', async () => {
  const start = gatewayRequests.length;
  gatewayAnswers.push(503);
  queued(await run(['notify', 'send', '--db', db, '--channel', 'sms', '--to', SECRET_PHONE,
    '--body', 'Pengaduan ADU-42 sudah diverifikasi.'], smtpEnv()));
  const t0 = '2030-01-01T00:00:00Z';
  let r = await run(['jobs', 'run', '--db', db, '--at', t0], smtpEnv());
  assert.equal(r.status, 0, r.stderr);
  assert.equal(gatewayRequests.length, start + 1);
  const req = gatewayRequests[start];
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/send');
  assert.equal(req.headers.authorization, 'Bearer gateway-secret-token');
  assert.match(req.headers['content-type'], /^application\/json/);
  assert.deepEqual(JSON.parse(req.body), { to: SECRET_PHONE, text: 'Pengaduan ADU-42 sudah diverifikasi.' });
  assert.match(r.stderr, /attempt 1 failed, retrying in 60 s: sms: gateway answered HTTP 503/);
  for (const secret of ['6281299887766', 'gateway-secret-token']) assert.ok(!r.stderr.includes(secret), secret);

  r = await run(['jobs', 'run', '--db', db, '--at', '2030-01-01T00:00:59Z'], smtpEnv());
  assert.equal(gatewayRequests.length, start + 1, 'not retried before its time');
  r = await run(['jobs', 'run', '--db', db, '--at', '2030-01-01T00:01:00Z'], smtpEnv());
  assert.equal(r.status, 0, r.stderr);
  assert.equal(gatewayRequests.length, start + 2, 'retried after one minute');
  r = await run(['jobs', 'run', '--db', db, '--at', '2030-01-02T00:00:00Z'], smtpEnv());
  assert.equal(gatewayRequests.length, start + 2, 'sent once the gateway accepted it');
});

test('without smtp_url or a gateway, the log gets no body, code or recipient; the mailbox (0600) gets the text', async () => {
  const fresh = await newDatabase();
  queued(await run(['notify', 'send', '--db', fresh, '--channel', 'email', '--to', SECRET_EMAIL,
    '--subject', 'Balasan pengaduan [7K3M-Q9XA-2B4D]', '--body', 'Isi balasan "resmi" untuk pelapor.']));
  queued(await run(['notify', 'send', '--db', fresh, '--channel', 'sms', '--to', SECRET_PHONE, '--body', 'Kode: 482913']));
  let r = await run(['jobs', 'run', '--db', fresh]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l));
  const logged = lines.filter((l) => /not sent: no (smtp_url|sms_gateway_url) configured/.test(l.msg));
  assert.equal(logged.length, 2, r.stderr);
  assert.match(logged[0].msg, /\(email\).*subject: Balasan pengaduan \[\*\*\*\*-\*\*\*\*-\*\*\*\*\]; body not logged \(34 bytes\)/);
  assert.match(logged[1].msg, /\(sms\).*body not logged/);
  for (const secret of [SECRET_EMAIL, 'rahasia.pelapor', '6281299887766', '7K3M-Q9XA-2B4D', 'resmi', '482913']) {
    assert.ok(!r.stderr.includes(secret), secret);
  }

  const dataDir = mkdtempSync(join(process.env.LAYAN_TEST_TMP || tmpdir(), 'layan-mailbox-'));
  queued(await run(['notify', 'send', '--db', fresh, '--channel', 'sms', '--to', SECRET_PHONE, '--body', 'Kode: 551177']));
  r = await run(['jobs', 'run', '--db', fresh], { LAYAN_NOTIFY_MAILBOX: '1', LAYAN_DATA_DIR: dataDir });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!r.stderr.includes('551177'), 'the code is not logged');
  const mailbox = join(dataDir, 'mailbox.log');
  assert.match(r.stderr, /written to .*mailbox\.log/);
  assert.match(readFileSync(mailbox, 'utf8'), /^--- notification \d+ \(sms\) .*\n[^]*Kode: 551177/);
  assert.ok(!readFileSync(mailbox, 'utf8').includes('6281299887766'), 'no recipient in the mailbox either');
  assert.equal(statSync(mailbox).mode & 0o777, 0o600);
});

test('bad input is refused with a message, not a crash', async () => {
  let r = await run(['notify', 'send', '--db', db, '--channel', 'fax', '--to', 'x', '--body', 'b']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /channel: Channel must be email or sms/);
  r = await run(['notify', 'send', '--db', db, '--channel', 'email', '--to', 'a@b.id\r\nBcc: c@d.id', '--body', 'b']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /to: The recipient is not valid/);
  r = await run(['jobs', 'run', '--db', db, '--at', 'tomorrow']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--at/);
  r = await run(['jobs', 'run', '--db', db], { LAYAN_SMTP_URL: 'http://mail.example', LAYAN_SMTP_FROM: 'a@b.id' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /smtp_url must start with smtp:\/\/ or smtps:\/\//);
  r = await run(['jobs', 'run', '--db', db], { LAYAN_SMTP_URL: 'smtp://127.0.0.1:25' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /smtp_from/);
});

test('layan serve delivers queued messages in the background', async () => {
  const srv = await startServer({ env: smtpEnv() });
  try {
    const before = sink.mails.length;
    queued(await run(['notify', 'send', '--db', srv.db, '--channel', 'email', '--to', 'petugas@example.id',
      '--subject', 'Eskalasi', '--body', 'Pengaduan melewati batas waktu.'], smtpEnv()));
    const mails = await sink.waitFor(before + 1, 30000);
    assert.equal(mails[before].subject, 'Eskalasi');
    assert.equal(mails[before].text, 'Pengaduan melewati batas waktu.\r\n');
    assert.ok(!srv.logs().includes('petugas@example.id'));
  } finally {
    await srv.stop();
  }
});
