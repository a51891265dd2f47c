// Measures search in headless Chromium on a built site, opened from disk (file://):
// index size, the bytes loaded before the first result, the time to the first result, and
// the time per keystroke: until the result list is updated, and until every snippet is filled
// (snippets follow once the page texts they need are loaded). Usage (see BENCHMARKS.md):
//   node bench/search-bench.mjs <built-site-dir> [query]
// The main thread's CPU time per keystroke is taken from Chromium's trace (the thread clock
// of a mark before and after each keystroke): on a machine whose cores are shared, a
// keystroke can take longer by the clock while the page's thread waits for a core.
// A keystroke that starts a word whose term shard (`search/t-xx.js`) no earlier query needed
// waits for that file, like the first result; those are counted apart.
// DEBUG=1 prints each keystroke: [list updated, snippets filled, CPU (ms), shards loaded].
// Needs tests/browser's node_modules (playwright-core) and Debian's chromium.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../tests/browser/package.json'));
const { chromium } = require('playwright-core');

const site = path.resolve(process.argv[2] || 'public');
const query = process.argv[3] || 'kommune';
const runs = Number(process.env.RUNS || 7);

function indexStats(dir) {
  let bytes = 0;
  let gzip = 0;
  let files = 0;
  let largest = 0;
  for (const name of readdirSync(path.join(dir, 'search'))) {
    const data = readFileSync(path.join(dir, 'search', name));
    bytes += data.length;
    gzip += gzipSync(data, { level: 6 }).length;
    largest = Math.max(largest, data.length);
    files += 1;
  }
  return { files, bytes, gzip, largest };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const firstResult = [];
const searchBytes = [];
const keystrokes = [];
const snippetsDone = [];
const keystrokeCpu = [];
const keystrokeShards = [];
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const loaded = [];
  page.on('requestfinished', async (request) => {
    if (/\/search\/|\/js\/(search|analyzer)\.js$/.test(request.url())) {
      const file = fileURLToPath(request.url());
      loaded.push(statSync(file).size);
    }
  });
  await page.goto(pathToFileURL(path.join(site, 'index.html')).href, { waitUntil: 'load' });
  // Time from the first keystroke to the first result in the list, nothing loaded before.
  const first = await page.evaluate(async (q) => {
    const input = document.getElementById('sok-felt');
    const list = () => document.getElementById('sok-felt-resultater');
    const start = performance.now();
    input.value = q;
    input.dispatchEvent(new Event('input'));
    await new Promise((resolve) => {
      const check = () => (list() && list().querySelector('[role=option] a') ? resolve() : requestAnimationFrame(check));
      check();
    });
    return performance.now() - start;
  }, query);
  firstResult.push(first);
  // Let the first query finish (its snippets), as a reader would before typing again.
  await page.waitForFunction(() => !document.querySelector('#sok-felt-resultater p.result-snippet:not([data-fylt])'));
  searchBytes.push(loaded.reduce((a, b) => a + b, 0));
  // Per keystroke once the index parts are loaded: type the query again, one letter at a time.
  await browser.startTracing(page, { categories: ['blink.user_timing'] });
  const times = await page.evaluate(async (q) => {
    const input = document.getElementById('sok-felt');
    const list = document.getElementById('sok-felt-resultater');
    const out = [];
    // Live results start at two letters (one letter is not searched).
    for (let i = 2; i <= q.length; i++) {
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
        observer.observe(list, { childList: true, subtree: true, characterData: true });
      });
      const shardsBefore = document.querySelectorAll('script[src*="search/t-"]').length;
      performance.mark('tast-' + i);
      const start = performance.now();
      input.value = q.slice(0, i);
      input.dispatchEvent(new Event('input'));
      await changed;
      const listed = performance.now() - start;
      performance.mark('vist-' + i);
      const shards = document.querySelectorAll('script[src*="search/t-"]').length - shardsBefore;
      await new Promise((resolve) => {
        const check = () => (list.querySelector('p.result-snippet:not([data-fylt])') ? setTimeout(check, 1) : resolve());
        check();
      });
      out.push([listed, performance.now() - start, shards]);
    }
    return out;
  }, query);
  const trace = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const threadClock = {};
  for (const e of trace) if (/^(tast|vist)-\d+$/.test(e.name) && e.tts !== undefined) threadClock[e.name] = e.tts;
  const cpu = times.map((_, k) => (threadClock['vist-' + (k + 2)] - threadClock['tast-' + (k + 2)]) / 1000);
  if (cpu.some((c) => !(c >= 0))) throw new Error('the trace has no thread clock for every keystroke');
  if (process.env.DEBUG) console.error(JSON.stringify(times.map((t, k) => [t[0], t[1], cpu[k], t[2]].map((x) => +x.toFixed(1)))));
  keystrokeCpu.push(...cpu);
  keystrokeShards.push(...times.map((t) => t[2]));
  keystrokes.push(...times.map((t) => t[0]));
  snippetsDone.push(...times.map((t) => t[1]));
  await context.close();
}
await browser.close();

const stats = indexStats(site);
const pages = readFileSync(path.join(site, 'search/meta.js'), 'utf8').match(/\],\[/g).length + 1;
console.log(JSON.stringify({
  site,
  pages,
  query,
  runs,
  index_files: stats.files,
  index_bytes: stats.bytes,
  index_gzip_bytes: stats.gzip,
  largest_file_bytes: stats.largest,
  bytes_before_first_result: median(searchBytes),
  first_result_ms_median: +median(firstResult).toFixed(1),
  first_result_ms_max: +max(firstResult).toFixed(1),
  keystroke_ms_median: +median(keystrokes).toFixed(2),
  keystroke_ms_max: +max(keystrokes).toFixed(2),
  keystroke_cpu_ms_median: +median(keystrokeCpu).toFixed(2),
  keystroke_cpu_ms_max: +max(keystrokeCpu).toFixed(2),
  keystrokes: keystrokes.length,
  keystrokes_loading_a_shard: keystrokeShards.filter((n) => n > 0).length,
  keystroke_cpu_ms_max_index_loaded: +max(keystrokeCpu.filter((_, k) => keystrokeShards[k] === 0)).toFixed(2),
  keystroke_ms_max_index_loaded: +max(keystrokes.filter((_, k) => keystrokeShards[k] === 0)).toFixed(2),
  keystroke_with_snippets_ms_median: +median(snippetsDone).toFixed(2),
  keystroke_with_snippets_ms_max: +max(snippetsDone).toFixed(2),
}, null, 2));
