// Body limits: no route reads a body larger than its limit for the caller
// (a Content-Length over it is refused before the body is sent, a chunked
// body as soon as it grows over it), JSON stays small while attachments
// travel as multipart, and a burst of maximum-size uploads leaves the
// server's memory where it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';

import { startServer, signIn, as, layan, DEMO } from '../lib/server.mjs';

const MiB = 1024 * 1024;
const MAX_BODY = 1 * MiB; // max_body_bytes
const MAX_UPLOAD = 27 * MiB; // max_upload_bytes
const MAX_FILE = 5 * MiB; // max_attachment_bytes

let srv, citizen, desk, ktpService;

before(async () => {
  srv = await startServer({
    seed: true,
    env: { LAYAN_COMPLAINTS_MAX_PER_CLIENT_HOUR: '1000', LAYAN_COMPLAINTS_MAX_PER_CONTACT_DAY: '1000' },
  });
  [citizen, desk] = await Promise.all([signIn(srv, DEMO.citizen), signIn(srv, DEMO.mpp_admin)]);
  ktpService = (await (await fetch(srv.url + '/api/v1/services?q=ktp')).json()).items[0].id;
});

after(async () => {
  await srv?.stop();
});

// Sends the request line and header fields `head`, then each of `body`, on a
// new connection; once the server has closed the connection, resolves with
// the first answer's status and head, and everything after that head as
// `body`. Rejects after `timeoutMs`.
function raw(head, body = [], { timeoutMs = 10000 } = {}) {
  const { hostname, port } = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const received = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${head.split('\r\n')[0]} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => {
      socket.write(head.join('\r\n') + '\r\n\r\n');
      for (const b of body) socket.write(b);
    });
    socket.on('data', (d) => received.push(d));
    socket.on('error', () => {}); // a reset after the answer: the answer counts
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(received).toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (!m) return reject(new Error(`${head[0]}: connection closed without an answer`));
      const end = text.indexOf('\r\n\r\n');
      resolve({ status: Number(m[1]), head: text.slice(0, end).toLowerCase(), body: text.slice(end + 4) });
    });
  });
}

// A body in chunks of `size` bytes, `total` bytes in all, then the last chunk.
function chunked(total, size = 64 * 1024) {
  const out = [];
  const piece = Buffer.alloc(size, 'x');
  for (let sent = 0; sent < total; sent += size) {
    const n = Math.min(size, total - sent);
    out.push(n.toString(16) + '\r\n', piece.subarray(0, n), '\r\n');
  }
  out.push('0\r\n\r\n');
  return out;
}

// A PNG the server's sniffer accepts, `bytes` long.
function png(bytes, fill = 0) {
  const head = Buffer.from('89504e470d0a1a0a0000000d4948445200000002000000020802000000907753de', 'hex');
  return Buffer.concat([head, Buffer.alloc(bytes - head.length, fill)]);
}

function report(overrides = {}) {
  return {
    type: 'pengaduan',
    privacy: 'rahasia',
    title: 'Loket perekaman KTP-el tutup lebih awal',
    description: 'Loket perekaman tutup pukul 12.00, padahal jadwalnya sampai pukul 15.00.',
    service_id: ktpService,
    ...overrides,
  };
}

// The report as multipart/form-data: its members as text fields, the files
// as parts named attachments.
function multipart(fields, files) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
  files.forEach((f, i) => form.append('attachments', f, `foto-${i}.png`));
  return form;
}

function rss() {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${srv.pid}/status`, 'utf8'))[1]) * 1024;
}

test('a Content-Length over the transport cap, or with Expect: 100-continue, is refused before any of the body is sent', async () => {
  const res = await raw(
    ['POST /api/v1/session HTTP/1.1', 'Host: localhost', 'Content-Type: application/json', `Content-Length: ${64 * MiB}`],
    ['{"email": "warga@mpp.demo", '],
  );
  assert.equal(res.status, 413);
  assert.match(res.head, /content-type: application\/problem\+json/);
  assert.match(res.head, /connection: close/);
  const p = JSON.parse(res.body);
  assert.equal(p.type, '/problems/payload-too-large');
  assert.match(p.detail, new RegExp(`${MAX_BODY} bytes`));

  const waiting = await raw(['POST /api/v1/session HTTP/1.1', 'Host: localhost', 'Content-Type: application/json',
    `Content-Length: ${20 * MiB}`, 'Expect: 100-continue']);
  assert.equal(waiting.status, 413);
  assert.match(waiting.head, /connection: close/);

  // Open311 answers in its own error format.
  const o = await raw(['POST /open311/v2/requests.json HTTP/1.1', 'Host: localhost',
    'Content-Type: application/x-www-form-urlencoded', `Content-Length: ${40 * MiB}`]);
  assert.equal(o.status, 413);
  assert.equal(JSON.parse(o.body)[0].code, 413);
});

test('a body over its limit that is sent anyway is dropped unbuffered, answered 413, and the connection stays usable', async () => {
  const body = '{"email": "' + 'x'.repeat(2 * MiB) + '"}';
  const res = await raw(
    ['POST /api/v1/session HTTP/1.1', 'Host: localhost', 'Content-Type: application/json', `Content-Length: ${body.length}`],
    [body, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'],
  );
  assert.equal(res.status, 413);
  assert.doesNotMatch(res.head, /connection: close/);
  assert.match(res.body, /HTTP\/1\.1 200 /, 'the next request on the connection is answered');
});

test('the probe: 16 anonymous 26 MiB JSON reports at once are each refused, and nothing of them is kept', async (t) => {
  const body = Buffer.from(JSON.stringify({ ...report(), attachments: [{ filename: 'a.png', data: 'A'.repeat(26 * MiB) }] }));
  const head = ['POST /api/v1/complaints HTTP/1.1', 'Host: localhost', 'Content-Type: application/json',
    `Content-Length: ${body.length}`, 'Connection: close'];
  const baseline = rss();
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, rss()); }, 20);
  const answers = await Promise.all(Array.from({ length: 16 }, () => raw(head, [body])))
    .finally(() => clearInterval(sampler));
  for (const a of answers) {
    assert.equal(a.status, 413);
    assert.match(JSON.parse(a.body).detail, /multipart\/form-data/);
  }
  const mb = (n) => (n / 1e6).toFixed(1);
  t.diagnostic(`VmRSS: ${mb(baseline)} MB before, at most ${mb(peak)} MB sampled during`);
  assert.ok(peak <= baseline + 50e6, `VmRSS rose from ${mb(baseline)} MB to ${mb(peak)} MB`);
});

test('a chunked body is refused with 413 once it grows over the limit; one within it is read', async () => {
  const head = ['POST /api/v1/session HTTP/1.1', 'Host: localhost', 'Content-Type: application/json', 'Transfer-Encoding: chunked'];
  const over = await raw([...head, 'Connection: close'], chunked(MAX_BODY + 64 * 1024));
  assert.equal(over.status, 413);
  assert.equal(JSON.parse(over.body).type, '/problems/payload-too-large');

  const small = JSON.stringify({ email: DEMO.citizen, password: 'salah-sekali' });
  const within = await raw([...head, 'Connection: close'], [small.length.toString(16) + '\r\n', small, '\r\n0\r\n\r\n']);
  assert.notEqual(within.status, 413);
  assert.ok(within.status < 500, within.body);
});

test('every route refuses a body over its limit for the caller', async () => {
  const routes = layan(['routes']).trim().split('\n').map((line) => {
    const [method, pattern, bytes] = line.split(' ');
    return { method, pattern, limit: Number(bytes) };
  });
  assert.ok(routes.length > 50, 'layan routes lists the routes');
  const uploads = routes.filter((r) => r.limit > MAX_BODY).map((r) => `${r.method} ${r.pattern}`);
  assert.deepEqual(uploads.sort(), [
    'POST /api/v1/complaints',
    'POST /api/v1/complaints/{id}/actions',
    'POST /api/v1/tracking/{code}/actions',
    'POST /kelola/pengaduan/{id}/tindakan',
    'POST /kelola/pengaduan/baru',
    'POST /pengaduan/baru',
    'POST /pengaduan/lacak/{code}/tindakan',
  ].sort());
  for (const r of routes) assert.ok(r.limit === MAX_BODY || r.limit === MAX_UPLOAD, `${r.method} ${r.pattern}: ${r.limit}`);

  // Expect: 100-continue has the server answer from the headers alone, so no body needs sending.
  const refuses = async (r, contentType, headers, bytes, who) => {
    const path = r.pattern.replace(/\{\*[^}]+\}/g, 'x').replace(/\{[^}]+\}/g, '1');
    const res = await raw([`${r.method} ${path} HTTP/1.1`, 'Host: localhost', `Content-Type: ${contentType}`,
      `Content-Length: ${bytes}`, 'Expect: 100-continue', ...headers]);
    assert.equal(res.status, 413, `${r.method} ${r.pattern}, ${who}, ${bytes} bytes: ${res.status}`);
  };
  const form = 'multipart/form-data; boundary=b';
  for (const r of routes) {
    await refuses(r, 'application/json', [], MAX_BODY + 1, 'JSON');
    await refuses(r, form, ['Cookie: layan_csrf=abc'], MAX_BODY + 1, 'multipart without a credential');
    await refuses(r, form, ['X-Contact-Token: t'], r.limit + 1, 'multipart with a contact token');
    await refuses(r, 'application/json', ['Authorization: Bearer lyn_x'], MAX_BODY + 1, 'JSON with an API key');
  }
});

test('a JSON report over 1 MiB is 413; the same attachments as multipart are stored', async () => {
  const api = as(citizen, srv);
  const files = [png(700 * 1024, 1), png(700 * 1024, 2)];
  const asJson = report({
    attachments: files.map((f, i) => ({ filename: `foto-${i}.png`, content_type: 'image/png', data: f.toString('base64') })),
  });
  const big = await api('/api/v1/complaints', { method: 'POST', json: asJson });
  assert.equal(big.status, 413);
  const p = await big.json();
  assert.equal(p.type, '/problems/payload-too-large');
  assert.match(p.detail, /multipart\/form-data/);

  const blobs = files.map((f) => new Blob([f], { type: 'image/png' }));
  const ok = await api('/api/v1/complaints', { method: 'POST', body: multipart(report(), blobs) });
  assert.equal(ok.status, 201, await ok.clone().text());
  const c = await ok.json();
  let view = await (await as(desk, srv)(`/api/v1/complaints/${c.id}`)).json();
  assert.equal(view.attachments.length, 2);
  const stored = await as(desk, srv)(view.attachments[0].url);
  assert.deepEqual(Buffer.from(await stored.arrayBuffer()), files[0]);

  // Small base64 attachments inside JSON still work.
  const small = await api('/api/v1/complaints', {
    method: 'POST',
    json: report({ attachments: [{ filename: 'kecil.png', content_type: 'image/png', data: png(2000).toString('base64') }] }),
  });
  assert.equal(small.status, 201, await small.clone().text());

  // Wrong types in text fields are reported as for JSON.
  const wrong = await api('/api/v1/complaints', { method: 'POST', body: multipart(report({ service_id: 'ktp' }), []) });
  assert.equal(wrong.status, 422);
  assert.equal((await wrong.json()).errors[0].field, 'service_id');

  // Actions take multipart too: the desk's note and the reporter's reply, each with a file.
  const note = await as(desk, srv)(`/api/v1/complaints/${c.id}/actions`, {
    method: 'POST', body: multipart({ action: 'note', message: 'Foto loket dari CCTV.', version: view.version }, [blobs[1]]),
  });
  assert.equal(note.status, 200, await note.clone().text());
  const reply = await api(`/api/v1/tracking/${c.tracking_code}/actions`, {
    method: 'POST', body: multipart({ action: 'reporter_reply', message: 'Ini foto jadwal di pintu loket.' }, [blobs[0]]),
  });
  assert.equal(reply.status, 200, await reply.clone().text());
  view = await (await as(desk, srv)(`/api/v1/complaints/${c.id}`)).json();
  assert.equal(view.attachments.length, 4);
});

// A multipart/form-data body of text `fields` and PNG `files`, as one Buffer.
function multipartBody(boundary, fields, files) {
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  files.forEach((f, i) => parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="foto-${i}.png"\r\n` +
      'Content-Type: image/png\r\n\r\n'),
    f, Buffer.from('\r\n')));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

test('after 16 concurrent maximum-size uploads the server\'s memory returns to within 50 MB of its baseline', async (t) => {
  // Five files of almost max_attachment_bytes and a padding field: max_upload_bytes exactly.
  const boundary = 'batas-' + 'x'.repeat(20);
  const files = Array.from({ length: 5 }, (_, i) => png(MAX_FILE - 1024, i + 10));
  const fields = report();
  const unpadded = multipartBody(boundary, { ...fields, padding: '' }, files).length;
  const body = multipartBody(boundary, { ...fields, padding: 'p'.repeat(MAX_UPLOAD - unpadded) }, files);
  assert.equal(body.length, MAX_UPLOAD);
  // Raw sockets: fetch spends seconds of CPU sending large bodies, which the server would wait for.
  const head = ['POST /api/v1/complaints HTTP/1.1', 'Host: localhost', `Content-Type: multipart/form-data; boundary=${boundary}`,
    `Content-Length: ${body.length}`, `Cookie: ${citizen.cookie}`, `X-CSRF-Token: ${citizen.csrf}`, 'Connection: close'];
  for (let i = 0; i < 5; i++) await fetch(srv.url + '/api/v1/services?q=ktp'); // warm up
  const baseline = rss();
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, rss()); }, 50);
  const answers = await Promise.all(Array.from({ length: 16 }, () => raw(head, [body], { timeoutMs: 60000 })))
    .finally(() => clearInterval(sampler));
  for (const a of answers) assert.equal(a.status, 201, a.body.slice(0, 300));
  let after = rss();
  for (let i = 0; i < 50 && after > baseline + 50e6; i++) {
    await new Promise((r) => setTimeout(r, 100));
    after = rss();
  }
  const mb = (n) => (n / 1e6).toFixed(1);
  t.diagnostic(`VmRSS: ${mb(baseline)} MB before, at least ${mb(peak)} MB during, ${mb(after)} MB after`);
  assert.ok(after <= baseline + 50e6, `VmRSS ${(after / 1e6).toFixed(1)} MB, baseline ${(baseline / 1e6).toFixed(1)} MB`);
});
