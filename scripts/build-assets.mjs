#!/usr/bin/env node
// Builds the front-end assets into static/dist/ (git-ignored, generated):
//   layan.css               from assets/scss/layan.scss (GOV.UK Frontend, rebranded)
//   layan.js                from assets/js/layan.js
//   favicon.svg             from assets/images/favicon.svg
//   govuk-frontend.min.js   from node_modules/govuk-frontend (ES module)
//   htmx.min.js             from node_modules/htmx.org
//   chart.umd.min.js        from node_modules/chart.js (UMD build: window.Chart)
//   complaint-stats.js      from assets/js/complaint-stats.js
// Each step is skipped when its output is already up to date, so `make build`
// costs next to nothing when no asset changed. Run with --force to rebuild all.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'static', 'dist');
const force = process.argv.includes('--force');

const rel = (p) => path.relative(root, p);

function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

// Newest modification time of a file, or of every file below a directory.
function newest(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const name of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, name)));
  return t;
}

async function buildCss() {
  const src = path.join(root, 'assets', 'scss', 'layan.scss');
  const out = path.join(outDir, 'layan.css');
  // package-lock.json stands for the govuk-frontend version: files unpacked by
  // npm carry a fixed old mtime, so their own timestamps say nothing.
  const inputs = [path.join(root, 'assets', 'scss'), path.join(root, 'package-lock.json'), fileURLToPath(import.meta.url)];
  const outTime = mtime(out);
  if (!force && outTime > 0 && inputs.every((p) => newest(p) < outTime)) {
    console.log(`assets: ${rel(out)} up to date`);
    return;
  }
  const sass = await import('sass');
  const started = Date.now();
  const result = sass.compile(src, {
    style: 'compressed',
    loadPaths: [path.join(root, 'node_modules')],
    quietDeps: true,
    sourceMap: false,
  });
  fs.writeFileSync(out, result.css + '\n');
  console.log(`assets: compiled ${rel(src)} -> ${rel(out)} (${Math.round(result.css.length / 1024)} KiB, ${Date.now() - started} ms)`);
}

// Copies when the destination is missing or differs (content comparison: the
// files are small, and npm's fixed mtimes make timestamps useless here).
function copy(from, to) {
  const data = fs.readFileSync(from);
  let same = false;
  if (!force) {
    try {
      same = fs.readFileSync(to).equals(data);
    } catch {
      same = false;
    }
  }
  if (same) {
    console.log(`assets: ${rel(to)} up to date`);
    return;
  }
  fs.writeFileSync(to, data);
  console.log(`assets: copied ${rel(from)} -> ${rel(to)}`);
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  await buildCss();
  copy(path.join(root, 'assets', 'js', 'layan.js'), path.join(outDir, 'layan.js'));
  copy(path.join(root, 'assets', 'images', 'favicon.svg'), path.join(outDir, 'favicon.svg'));
  copy(
    path.join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk', 'govuk-frontend.min.js'),
    path.join(outDir, 'govuk-frontend.min.js'),
  );
  copy(path.join(root, 'node_modules', 'htmx.org', 'dist', 'htmx.min.js'), path.join(outDir, 'htmx.min.js'));
  copy(path.join(root, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js'), path.join(outDir, 'chart.umd.min.js'));
  copy(path.join(root, 'assets', 'js', 'complaint-stats.js'), path.join(outDir, 'complaint-stats.js'));
}

main().catch((err) => {
  console.error(`assets: build failed: ${err.message || err}`);
  process.exit(1);
});
