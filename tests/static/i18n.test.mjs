// Every UI message a template or handler uses exists in both languages, and
// both message files carry the same keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const id = JSON.parse(readFileSync(join(root, 'i18n/id.json'), 'utf8'));
const en = JSON.parse(readFileSync(join(root, 'i18n/en.json'), 'utf8'));

function files(dir, ext) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

test('both languages have the same keys, none empty', () => {
  assert.deepEqual(Object.keys(id).sort(), Object.keys(en).sort());
  for (const [k, v] of Object.entries(id)) assert.ok(v.trim(), `id.${k} is empty`);
  for (const [k, v] of Object.entries(en)) assert.ok(v.trim(), `en.${k} is empty`);
});

test('every message key used by templates and handlers exists', () => {
  const used = new Set();
  for (const f of files(join(root, 'templates'), '.mustache')) {
    for (const m of readFileSync(f, 'utf8').matchAll(/\{\{[#^/]?\s*t\.([a-z0-9_]+)/g)) used.add(m[1]);
  }
  for (const f of files(join(root, 'src'), '.cpp')) {
    for (const m of readFileSync(f, 'utf8').matchAll(/ctx\.t\("([a-z0-9_]+)"\)/g)) used.add(m[1]);
  }
  const missing = [...used].filter((k) => !(k in id));
  assert.deepEqual(missing, []);
});
