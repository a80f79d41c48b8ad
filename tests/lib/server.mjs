// Starts a real `layan serve` for API and browser tests, on SQLite or on a
// fresh database of the throwaway PostgreSQL server (ctest's pg fixture).
//
//   const srv = await startServer({ seed: true });
//   const res = await fetch(srv.url + '/api/v1/services');
//   await srv.stop();
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';

export const BIN = process.env.LAYAN_BIN || new URL('../../build/layan', import.meta.url).pathname;
export const DB_KIND = process.env.LAYAN_TEST_DB || 'sqlite';

// The demo accounts that `layan seed --demo` creates (see docs/demo.md).
export const DEMO_PASSWORD = 'layan-demo-2026';
export const DEMO = {
  mpp_admin: 'admin@mpp.demo',
  agency_admin: 'admin.disdukcapil@mpp.demo',
  other_agency_admin: 'admin.dpmptsp@mpp.demo',
  officer: 'petugas.disdukcapil@mpp.demo',
  evaluator: 'evaluator@mpp.demo',
  citizen: 'warga@mpp.demo',
};

function tmpRoot() {
  const base = process.env.LAYAN_TEST_TMP || tmpdir();
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, 'layan-'));
}

// A URL for a new, empty database of the configured kind.
export function freshDatabaseUrl(dir) {
  if (DB_KIND === 'sqlite') return `sqlite:${join(dir, 'layan.db')}`;
  const file = process.env.LAYAN_PG_URL_FILE;
  if (!file || !existsSync(file)) throw new Error('no PostgreSQL test server: run through ctest (pg fixture)');
  const admin = readFileSync(file, 'utf8').trim();
  const name = 'api_' + randomBytes(6).toString('hex');
  execFileSync('psql', [admin, '-q', '-c', `CREATE DATABASE ${name}`]);
  return admin.replace(/\/[^/]*$/, '/' + name);
}

// Runs a layan subcommand; returns stdout. Throws with stderr on failure.
export function layan(args, { input } = {}) {
  return execFileSync(BIN, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

export async function startServer({ seed = false, env = {} } = {}) {
  const dir = tmpRoot();
  const db = freshDatabaseUrl(dir);
  let seedLog = '';
  if (seed) {
    const r = spawnSync(BIN, ['seed', '--demo', '--db', db], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error('layan seed --demo failed:\n' + r.stderr);
    seedLog = r.stderr;
  }
  const accessLog = join(dir, 'access.log');
  const dataDir = join(dir, 'files');
  const mailbox = join(dataDir, 'mailbox.log');
  // Messages go to the mailbox file (notify_mailbox), never to the log: tests
  // read the one-time codes there.
  const child = spawn(BIN, ['serve', '--port', '0', '--listen', '127.0.0.1', '--db', db, '--data-dir', dataDir], {
    env: { ...process.env, LAYAN_ACCESS_LOG: accessLog, LAYAN_WORKER_THREADS: '4', LAYAN_NOTIFY_MAILBOX: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('layan serve did not start:\n' + stderr)), 30000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(stderr);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`layan serve exited ${code}:\n${stderr}`)); });
  });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    db,
    dir,
    dataDir,
    accessLog,
    logs: () => stderr,
    seedLog,  // what `layan seed --demo` logged
    // Every message no transport took, in full (see notify_mailbox).
    mailbox: () => (existsSync(mailbox) ? readFileSync(mailbox, 'utf8') : ''),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// Signs in through the API; returns headers for later authenticated calls.
export async function signIn(srv, email, password = DEMO_PASSWORD) {
  const res = await fetch(srv.url + '/api/v1/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 201) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  const body = await res.json();
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: body.csrf_token, user: body.user };
}

// fetch with a signed-in session: adds the cookie, the CSRF header and JSON.
export function as(session, srv) {
  return (path, { method = 'GET', json, headers = {}, body } = {}) => {
    const h = { cookie: session.cookie, 'x-csrf-token': session.csrf, ...headers };
    if (json !== undefined) { h['content-type'] = 'application/json'; body = JSON.stringify(json); }
    return fetch(srv.url + path, { method, headers: h, body });
  };
}

// Waits until the server's mailbox has text matching `regex` (not global)
// after character `from` of it, and returns the match. Tests read the
// one-time codes that messages without a transport leave there: note
// `srv.mailbox().length` before the request, pass it as `from`.
export async function waitForMail(srv, regex, { from = 0, timeoutMs = 10000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = regex.exec(srv.mailbox().slice(from));
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`no mail matching ${regex} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A guest's contact token: asks for a one-time code at `contact`, reads it
// from the mailbox and confirms it. `headers` go with both requests (e.g. an
// X-Forwarded-For address behind trust_proxy).
export async function guestToken(srv, contact, headers = {}) {
  const post = (path, body) => fetch(srv.url + path, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
  });
  const from = srv.mailbox().length;
  const res = await post('/api/v1/contact-confirmations', { contact });
  if (res.status !== 201) throw new Error(`contact confirmation refused: ${res.status} ${await res.text()}`);
  const { id } = await res.json();
  const [, code] = await waitForMail(srv, /Kode konfirmasi Anda: (\d{6})/, { from });
  const confirmed = await post(`/api/v1/contact-confirmations/${id}/confirm`, { code });
  if (confirmed.status !== 200) throw new Error(`confirming the code failed: ${confirmed.status}`);
  return (await confirmed.json()).contact_token;
}
