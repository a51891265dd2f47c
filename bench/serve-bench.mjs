// Live preview benchmark: the time from saving a page to the open page showing the edit in
// the browser, with `kompetanse serve` on a large site. Usage (see BENCHMARKS.md):
//   node bench/serve-bench.mjs <site-root> <content-file-relative-to-content> [edits]
// Needs a release build (target/release/kompetanse), tests/browser's node_modules and
// Debian's chromium.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../tests/browser/package.json'));
const { chromium } = require('playwright-core');

const root = path.resolve(process.argv[2]);
const rel = process.argv[3];
const edits = Number(process.argv[4] || 15);
const bin = process.env.KOMPETANSE_BIN || path.join(here, '../target/release/kompetanse');
const file = path.join(root, 'content', rel);
const original = readFileSync(file, 'utf8');
const url = '/' + rel.replace(/\.md$/, '/');

// `--timings` (or KOMPETANSE_TIMINGS for older binaries): each rebuild's steps on stderr,
// summarised below for the incremental rebuilds.
const server = spawn(bin, ['--root', root, 'serve', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, KOMPETANSE_TIMINGS: '1' },
});
const steps = [];
let stderr = '';
server.stderr.on('data', (d) => {
  stderr += d;
  let nl;
  while ((nl = stderr.indexOf('\n')) >= 0) {
    const line = stderr.slice(0, nl);
    stderr = stderr.slice(nl + 1);
    const m = line.match(/^\s*([^:]+):\s+([\d.]+) ms$/);
    if (m) steps.push([m[1].trim(), Number(m[2])]);
  }
});
const base = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/Forhåndsvisning: (http:\/\/[^\s]+)/);
    if (m) resolve(m[1].replace(/\/$/, ''));
  });
  server.on('exit', () => reject(new Error('serve exited')));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
await page.goto(base + url, { waitUntil: 'load' });
// Wait until the live-reload connection is open.
await page.waitForTimeout(1500);

const times = [];
try {
  for (let i = 0; i < edits; i++) {
    const token = `redigering${Date.now()}x${i}`;
    const start = performance.now();
    writeFileSync(file, original.replace(/\n*$/, `\n\nEndret tekst ${token}.\n`));
    // The edit shows either by swapping in the new content or by a full reload.
    for (;;) {
      try {
        await page.waitForFunction((t) => document.body && document.body.textContent.includes(t), token, { timeout: 30000, polling: 'raf' });
        break;
      } catch (error) {
        if (!/context was destroyed|navigation/i.test(String(error))) throw error;
      }
    }
    times.push(performance.now() - start);
    await page.waitForTimeout(300);
  }
} finally {
  writeFileSync(file, original);
  await browser.close();
  server.kill();
}
const sorted = [...times].sort((a, b) => a - b);
// The steps of the incremental rebuilds (the first build's steps have other names).
const incremental = {};
for (const [name, ms] of steps) {
  if (['load', 'render', 'checks', 'page', 'search index'].includes(name)) (incremental[name] ||= []).push(ms);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rebuildSteps = Object.fromEntries(Object.entries(incremental)
  .filter(([, xs]) => xs.length >= edits)
  .map(([name, xs]) => [name, { median_ms: median(xs.slice(-edits)), max_ms: Math.max(...xs.slice(-edits)) }]));
console.log(JSON.stringify({
  site: root,
  page: rel,
  edits,
  save_to_reload_ms_median: +sorted[Math.floor(sorted.length / 2)].toFixed(1),
  save_to_reload_ms_min: +sorted[0].toFixed(1),
  save_to_reload_ms_max: +sorted[sorted.length - 1].toFixed(1),
  rebuild_steps: rebuildSteps,
}, null, 2));
