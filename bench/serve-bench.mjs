// Live preview benchmark: the time from saving a page to the open page showing the edit in
// the browser, with `kompetanse serve` on a large site. Usage (see BENCHMARKS.md):
//   node bench/serve-bench.mjs <site-root> <content-file-relative-to-content> [edits]
// Needs a release build (target/release/kompetanse), tests/browser's node_modules and
// Debian's chromium.
//
// Besides the total it splits each edit into its parts, all on the Unix clock (Node's,
// the server's and Chromium's `performance.timeOrigin + performance.now()`): file written →
// the watcher's first event → batch complete (debounce) → rebuild start → rebuild end →
// browser told (the server's `--timings` timeline) → event received in the page → page
// fetched → new content in the DOM → seen by the benchmark on an animation frame.
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
const server = spawn(bin, ['--root', root, 'serve', '--port', '0', ...(process.env.NO_TIMINGS_FLAG ? [] : ['--timings'])], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, KOMPETANSE_TIMINGS: '1' },
});
const steps = [];
const timelines = [];
let stderr = '';
server.stderr.on('data', (d) => {
  stderr += d;
  let nl;
  while ((nl = stderr.indexOf('\n')) >= 0) {
    const line = stderr.slice(0, nl);
    stderr = stderr.slice(nl + 1);
    const m = line.match(/^\s*([^:]+):\s+([\d.]+) ms$/);
    if (m) steps.push([m[1].trim(), Number(m[2])]);
    const t = line.match(/^\s*tidslinje-unix:(.*)$/);
    if (t) timelines.push(Object.fromEntries([...t[1].matchAll(/(\w+)=([\d.]+)/g)].map(([, k, v]) => [k, Number(v)])));
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
// Unix times at which the page got each `reload` event and fetched pages, and when the
// edit's token entered the DOM (set by the observer installed before each edit).
await page.addInitScript(() => {
  let offset = -Infinity;
  const end = Date.now() + 20;
  while (Date.now() < end) offset = Math.max(offset, Date.now() - (performance.timeOrigin + performance.now()));
  const now = () => performance.timeOrigin + performance.now() + offset;
  window.__bench = { reloads: [], fetches: [], inDom: null, now };
  const Original = window.EventSource;
  window.EventSource = function (url, init) {
    const source = new Original(url, init);
    source.addEventListener('reload', () => window.__bench.reloads.push(now()));
    return source;
  };
  window.EventSource.prototype = Original.prototype;
  const fetch = window.fetch.bind(window);
  window.fetch = (...args) => {
    const start = now();
    return fetch(...args).then((response) => response.clone().text().then(() => {
      window.__bench.fetches.push([start, now()]);
      return response;
    }));
  };
});
await page.goto(base + url, { waitUntil: 'load' });
// Wait until the live-reload connection is open.
await page.waitForTimeout(1500);

const times = [];
const parts = [];
// `performance.timeOrigin + performance.now()` drifts from the system clock the server reads
// by a millisecond or more; the offset is the largest `Date.now() - that` over a few
// milliseconds of samples (Date.now() is the system clock, floored to whole milliseconds).
const clockOffset = () => {
  let offset = -Infinity;
  const end = Date.now() + 20;
  while (Date.now() < end) offset = Math.max(offset, Date.now() - (performance.timeOrigin + performance.now()));
  return offset;
};
const nodeOffset = clockOffset();
const unixNow = () => performance.timeOrigin + performance.now() + nodeOffset;
try {
  for (let i = 0; i < edits; i++) {
    const token = `redigering${Date.now()}x${i}`;
    await page.evaluate((t) => {
      window.__bench.reloads = [];
      window.__bench.fetches = [];
      window.__bench.inDom = null;
      const seen = () => document.body && document.body.textContent.includes(t);
      const observer = new MutationObserver(() => {
        if (window.__bench.inDom === null && seen()) {
          window.__bench.inDom = window.__bench.now();
          observer.disconnect();
        }
      });
      observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    }, token);
    const timelinesBefore = timelines.length;
    const written = unixNow();
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
    const seenAt = unixNow();
    const inPage = await page.evaluate(() => ({ ...window.__bench, now: undefined })).catch(() => null);
    await page.waitForTimeout(300);
    // The timeline of the rebuild this edit caused (printed after the browser was told).
    const tl = timelines.slice(timelinesBefore)[0];
    const rel = (t) => (t === undefined || t === null ? null : +(t - written).toFixed(1));
    parts.push({
      event: rel(tl?.hendelse),
      batch: rel(tl?.samlet),
      build_start: rel(tl?.start),
      build_end: rel(tl?.slutt),
      told: rel(tl?.varslet),
      received: rel(inPage?.reloads?.[0]),
      fetched: rel(inPage?.fetches?.[0]?.[1]),
      in_dom: rel(inPage?.inDom),
      seen: rel(seenAt),
    });
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
// The median of each moment after the write, over the edits that have it.
const moments = Object.fromEntries(Object.keys(parts[0] || {}).map((k) => {
  const xs = parts.map((p) => p[k]).filter((x) => x !== null);
  return [k, xs.length ? { median_ms: median(xs), max_ms: Math.max(...xs) } : null];
}));
console.log(JSON.stringify({
  site: root,
  page: rel,
  edits,
  save_to_reload_ms_median: +sorted[Math.floor(sorted.length / 2)].toFixed(1),
  save_to_reload_ms_min: +sorted[0].toFixed(1),
  save_to_reload_ms_max: +sorted[sorted.length - 1].toFixed(1),
  rebuild_steps: rebuildSteps,
  // Milliseconds after the file was written: the watcher's first event, the batch handed to
  // the build, rebuild start and end, the browser told, the event received in the page, the
  // page fetched, the new text in the DOM, and seen on an animation frame.
  after_write: moments,
  per_edit: process.env.BENCH_PER_EDIT ? parts : undefined,
}, null, 2));
