// A small SMTP server on 127.0.0.1 for tests: speaks just enough of RFC 5321
// for libcurl and keeps every message it receives, parsed.
//
//   const sink = await startSmtpSink();
//   ... run layan with LAYAN_SMTP_URL=sink.url ...
//   const [mail] = sink.mails;          // { from, to: [...], raw, headers, subject, text }
//   await sink.stop();
//
// With { rejectRecipients: true } every RCPT TO gets a 550 that echoes the
// address, as real servers do.
import net from 'node:net';

// Unfolds headers and decodes RFC 2047 encoded-words (B and Q) in a value.
export function decodeHeader(value) {
  const unfolded = value.replace(/\r\n[ \t]/g, ' ');
  const decoded = unfolded.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_, charset, enc, text) => {
    const bytes = enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return new TextDecoder(charset).decode(bytes);
  });
  return decoded;
}

// Decodes a quoted-printable body into UTF-8 text (line breaks stay CRLF).
export function decodeQuotedPrintable(body) {
  const bytes = [];
  const s = body.replace(/=\r\n/g, '');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(s.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

// Splits a message into headers (lower-case name → list of raw values) and body.
export function parseMessage(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split + 2);
  const body = raw.slice(split + 4);
  const headers = new Map();
  let last = null;
  for (const line of head.split('\r\n').slice(0, -1)) {
    if (/^[ \t]/.test(line) && last) {
      last.push(last.pop() + '\r\n' + line);
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    if (!headers.has(name)) headers.set(name, []);
    last = headers.get(name);
    last.push(line.slice(colon + 1).replace(/^ /, ''));
  }
  const cte = (headers.get('content-transfer-encoding') || [''])[0].toLowerCase();
  const text = cte === 'quoted-printable' ? decodeQuotedPrintable(body) : body;
  const subject = decodeHeader((headers.get('subject') || [''])[0]);
  return { headers, body, text, subject };
}

export async function startSmtpSink({ rejectRecipients = false } = {}) {
  const mails = [];
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.setEncoding('latin1');
    let buf = '';
    let inData = false;
    let mail = null;
    let data = [];
    socket.write('220 sink.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buf += chunk;
      let pos;
      while ((pos = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, pos);
        buf = buf.slice(pos + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            const raw = data.join('');
            mails.push({ ...mail, raw, ...parseMessage(raw) });
            socket.write('250 2.0.0 queued\r\n');
          } else {
            data.push((line.startsWith('.') ? line.slice(1) : line) + '\r\n');
          }
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        const addr = (/<([^>]*)>/.exec(line) || [])[1] || '';
        if (cmd === 'EHLO') socket.write('250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n');
        else if (cmd === 'HELO') socket.write('250 sink.test\r\n');
        else if (cmd === 'MAIL') { mail = { from: addr, to: [] }; socket.write('250 2.1.0 OK\r\n'); }
        else if (cmd === 'RCPT') {
          if (rejectRecipients) socket.write(`550 5.1.1 <${addr}>: Recipient address rejected: User unknown\r\n`);
          else { mail.to.push(addr); socket.write('250 2.1.5 OK\r\n'); }
        } else if (cmd === 'DATA') { inData = true; data = []; socket.write('354 End data with <CR><LF>.<CR><LF>\r\n'); }
        else if (cmd === 'QUIT') { socket.end('221 2.0.0 bye\r\n'); }
        else if (cmd === 'RSET' || cmd === 'NOOP') socket.write('250 OK\r\n');
        else socket.write('502 5.5.2 not implemented\r\n');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    // Resolves once `count` messages have arrived (or rejects after `ms`).
    async waitFor(count, ms = 30000) {
      const until = Date.now() + ms;
      while (mails.length < count) {
        if (Date.now() > until) throw new Error(`SMTP sink: ${mails.length} of ${count} messages after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return mails;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
