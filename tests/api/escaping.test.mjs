// Stored text is shown, never executed: markup typed into the catalogue comes
// back escaped in every page that shows it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, layan, signIn, as } from '../lib/server.mjs';

const password = 'correct horse battery';
const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
let srv;
let admin;
before(async () => {
  srv = await startServer();
  layan(['user', 'add', '--db', srv.db, '--email', 'admin@example.org', '--name', evil, '--role', 'mpp_admin', '--password', password]);
  admin = as(await signIn(srv, 'admin@example.org', password), srv);
});
after(async () => { await srv?.stop(); });

test('markup in agency, service and standard text is escaped in pages', async () => {
  let res = await admin('/api/v1/agencies', { method: 'POST', json: { slug: 'dinas-x', name: 'Dinas ' + evil, kind: 'district', description: evil } });
  let text = await res.text();
  assert.equal(res.status, 201, text);
  const agency = JSON.parse(text);
  const standard = {
    requirements: [{ text: evil, note: evil }], procedure: [{ text: evil, note: '' }],
    duration: { value: 1, unit: 'hours' }, fee: { amount: 0, basis: evil }, product: evil, complaint_channel: evil,
    management: { legal_basis: evil, facilities: '', staff_competence: '', internal_supervision: '', staff_count: 1,
      service_guarantee: '', safety_guarantee: '', performance_evaluation: '' },
    change_note: evil,
  };
  res = await admin(`/api/v1/agencies/${agency.id}/services`, { method: 'POST', json: { slug: 'layanan-x', name: 'Layanan ' + evil, summary: evil, category: evil, delivery_modes: ['in_person'], standard } });
  text = await res.text();
  assert.equal(res.status, 201, text);
  const service = JSON.parse(text);
  const pages = ['/', '/instansi', `/instansi/${agency.id}`, `/layanan/${service.id}`, '/cari?q=layanan'];
  for (const path of pages) {
    for (const fetcher of [(p) => fetch(srv.url + p), (p) => admin(p)]) {
      const html = await (await fetcher(path)).text();
      assert.doesNotMatch(html, /<script>alert/, path);
      assert.doesNotMatch(html, /<img src=x/, path);
    }
  }
  const staffPage = await (await admin(`/layanan/${service.id}`)).text();
  assert.match(staffPage, /&lt;script&gt;alert/, 'the text is shown, escaped');
});
