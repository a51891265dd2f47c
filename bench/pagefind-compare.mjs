// Compares kompetanse's own search with Pagefind on the same built site (issues 26 and 27):
// the relevance queries of tests/browser/relevance-queries.mjs asked of (a) the site's search
// page, as tests/browser/relevance.test.mjs asks it, and (b) Pagefind's JS API (`search()`,
// then `data()` of the first ten results) over indexes Pagefind builds from copies of the
// site, all served over HTTP from 127.0.0.1 to Debian's Chromium. Prints success@1, success@3
// and MRR@10 per kind of query and in all, the bytes each engine loads in a fresh browser
// before its first result, and each index's size on disk.
//
// Pagefind is run twice: as it comes (every HTML file, the whole <body>), and set up the way
// its documentation advises for a site like this one: `data-pagefind-body` on the <main> of
// exactly the pages kompetanse's own index holds (search/meta.js), so that both engines see
// the same pages and neither menus nor tag listings.
//
// Usage (BENCHMARKS.md «Søk mot Pagefind» has a run and its figures):
//   (cd tests/browser && npm ci) && (cd bench/pagefind && npm ci)
//   kompetanse build --target internal --output /tmp/pf/internal
//   node bench/pagefind-compare.mjs /tmp/pf/internal
// Queries whose expected pages are not in the build (internal pages, in a public build) are
// left out and counted. The bytes are measured for the first query of each kind; COLD=all
// measures every query. DEBUG=1 lists the queries each engine does not rank first.
// Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchBrowser, serveDir } from '../tests/browser/lib/browser.mjs';
import { formatMeasure, measure, rankOf, searchPageTop10 } from '../tests/browser/lib/relevance.mjs';
import { QUERIES } from '../tests/browser/relevance-queries.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const site = path.resolve(process.argv[2] || '.');
if (!process.argv[2] || !existsSync(path.join(site, 'sok', 'index.html')) || !existsSync(path.join(site, 'search', 'meta.js'))) {
  console.error('usage: node bench/pagefind-compare.mjs <site built by kompetanse, with sok/index.html and search/meta.js>');
  process.exit(2);
}
const pagefindBin = path.join(here, 'pagefind', 'node_modules', '.bin', 'pagefind');
if (!existsSync(pagefindBin)) {
  console.error('Pagefind is not installed: run `npm ci` in bench/pagefind first.');
  process.exit(2);
}
const pagefindVersion = JSON.parse(readFileSync(path.join(here, 'pagefind', 'node_modules', 'pagefind', 'package.json'), 'utf8')).version;

/** Every file under `rel` in `dir`, as paths relative to `dir`. */
function walk(dir, rel = '') {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const child = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(dir, child) : [child];
  });
}

/** The pages (site paths, `a/b/`) kompetanse's index holds, from its search/meta.js. */
function indexedPages() {
  const text = readFileSync(path.join(site, 'search', 'meta.js'), 'utf8');
  const meta = JSON.parse(text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')));
  return [...new Set(meta.docs.map((doc) => doc[1].split('#')[0]))];
}

const work = mkdtempSync(path.join(tmpdir(), 'pagefind-compare-'));

/**
 * A copy of the site with a Pagefind index (Pagefind writes its bundle into the site it
 * indexes), and the page that asks Pagefind's API the way its documentation shows. With
 * `bodyPages`, those pages' <main> gets `data-pagefind-body`, and Pagefind indexes only them.
 */
function pagefindSite(name, bodyPages) {
  const dir = path.join(work, name);
  cpSync(site, dir, { recursive: true });
  let marked = 0;
  for (const page of bodyPages || []) {
    const file = path.join(dir, page, 'index.html');
    if (!existsSync(file)) continue;
    const html = readFileSync(file, 'utf8');
    const withBody = html.replace(/<main\b/, '<main data-pagefind-body');
    if (withBody !== html) marked += 1;
    writeFileSync(file, withBody);
  }
  const started = Date.now();
  execFileSync(pagefindBin, ['--site', dir, '--quiet'], { stdio: 'inherit' });
  const seconds = (Date.now() - started) / 1000;
  writeFileSync(
    path.join(dir, 'pagefind-compare.html'),
    '<!doctype html><html lang=nb><meta charset=utf-8><title>Pagefind</title><script type=module>' +
      "window.pagefind = await import('/pagefind/pagefind.js'); await window.pagefind.init(); window.ready = true;" +
      '</script>',
  );
  const entry = JSON.parse(readFileSync(path.join(dir, 'pagefind', 'pagefind-entry.json'), 'utf8'));
  const pages = Object.values(entry.languages).reduce((sum, l) => sum + l.page_count, 0);
  return { dir, seconds, pages, marked, languages: Object.keys(entry.languages) };
}

/** Bytes of a file as sent with gzip where gzip makes it smaller (Pagefind's index files are compressed already). */
const wireCache = new Map();
function wireBytes(file) {
  if (!wireCache.has(file)) {
    const data = readFileSync(file);
    wireCache.set(file, Math.min(data.length, gzipSync(data, { level: 6 }).length));
  }
  return wireCache.get(file);
}

function sizeOf(dir, files) {
  return {
    files: files.length,
    bytes: files.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0),
    wire: files.reduce((sum, f) => sum + wireBytes(path.join(dir, f)), 0),
  };
}

// What each engine needs on disk to answer a query. Kompetanse: its index (search/) and the
// search page's scripts. Pagefind: its index, fragments, metadata, WebAssembly and API
// scripts; its ready-made UI files are counted apart, as kompetanse's page has its own UI.
const KOMPETANSE_SCRIPTS = ['js/analyzer.js', 'js/search.js', 'js/search-reserve.js'];
const isPagefindUi = (f) => /pagefind-(component-|modular-)?ui\.|pagefind-highlight\.js$/.test(f);
function diskSizes(dir, isKompetanse) {
  if (isKompetanse) {
    return { engine: sizeOf(dir, [...walk(dir, 'search'), ...KOMPETANSE_SCRIPTS.filter((f) => existsSync(path.join(dir, f)))]) };
  }
  const all = walk(dir, 'pagefind');
  return {
    engine: sizeOf(dir, all.filter((f) => !isPagefindUi(f))),
    wasm: sizeOf(dir, all.filter((f) => /\/wasm\.[^/]+\.pagefind$/.test(f))),
    ui: sizeOf(dir, all.filter(isPagefindUi)),
  };
}

/** Kompetanse: the first ten result paths (relative to the site) from its search page. */
async function kompetanseTop10(page, q) {
  return (await searchPageTop10(page, q)).map((p) => p.replace(/^\//, ''));
}

/** Pagefind: the first ten result paths, from `search()` and each result's `data()`. */
async function pagefindTop10(page, q) {
  return page.evaluate(async (query) => {
    const found = await window.pagefind.search(query);
    const data = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
    return data.map((d) => new URL(d.url, location.href).pathname.replace(/index\.html$/, '').replace(/^\//, ''));
  }, q);
}

const present = (w) => existsSync(path.join(site, w, 'index.html'));
const queries = QUERIES.filter((x) => x.want.some(present));
const firstOfKind = process.env.COLD === 'all' ? queries : queries.filter((x, i) => queries.findIndex((y) => y.kind === x.kind) === i);

const kompetansePages = indexedPages();
const plain = pagefindSite('pagefind', null);
const tuned = pagefindSite('pagefind-main', kompetansePages);

const engines = [
  {
    name: 'kompetanse',
    dir: site,
    open: 'sok/index.html',
    top10: kompetanseTop10,
    owns: (p) => p.startsWith('/search/') || KOMPETANSE_SCRIPTS.includes(p.slice(1)),
    sizes: diskSizes(site, true),
  },
  { name: 'pagefind', label: 'Pagefind as it comes', ...plain, open: 'pagefind-compare.html', top10: pagefindTop10, owns: (p) => p.startsWith('/pagefind/'), sizes: diskSizes(plain.dir, false) },
  { name: 'pagefind-main', label: 'Pagefind on <main> of the same pages', ...tuned, open: 'pagefind-compare.html', top10: pagefindTop10, owns: (p) => p.startsWith('/pagefind/'), sizes: diskSizes(tuned.dir, false) },
];

const browser = await launchBrowser();
for (const engine of engines) engine.server = await serveDir(engine.dir);

async function openEngine(context, engine) {
  const page = await context.newPage();
  await page.goto(engine.server.url + engine.open, { waitUntil: 'load' });
  // The search page is ready at load; the Pagefind page once `init()` has returned.
  if (engine.name !== 'kompetanse') await page.waitForFunction(() => window.ready === true, null, { timeout: 15000 });
  return page;
}

// Relevance: one warm page per engine, the queries in turn.
for (const engine of engines) {
  const context = await browser.newContext();
  const page = await openEngine(context, engine);
  engine.rows = [];
  const t0 = Date.now();
  for (const { q, kind, want } of queries) {
    const paths = await engine.top10(page, q);
    engine.rows.push({ q, kind, rank: rankOf(paths, want), first: paths[0] || '(ingen)' });
  }
  engine.msPerQuery = (Date.now() - t0) / queries.length;
  await context.close();
}

// Bytes before the first result: a fresh context (empty cache) per query, the engine's files
// counted from opening its page until the first ten results are known (for Pagefind that
// includes their fragments, which hold the address and title a result list shows).
for (const engine of engines) {
  engine.cold = [];
  for (const { q } of firstOfKind) {
    const context = await browser.newContext();
    const loaded = new Set();
    context.on('requestfinished', (request) => {
      const p = decodeURIComponent(new URL(request.url()).pathname);
      if (engine.owns(p)) loaded.add(p.slice(1));
    });
    const page = await openEngine(context, engine);
    await engine.top10(page, q);
    // The last requestfinished events may arrive just after the answer.
    await page.waitForTimeout(50);
    const s = sizeOf(engine.dir, [...loaded]);
    engine.cold.push({ q, ...s });
    await context.close();
  }
}

await browser.close();
for (const engine of engines) await engine.server.close();
rmSync(work, { recursive: true, force: true });

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kinds = [...new Set(queries.map((x) => x.kind))];
const short = (m) => `${m.success1.toFixed(2)} ${m.success3.toFixed(2)} ${m.mrr10.toFixed(2)}`;

console.log(`site: ${site} (${kompetansePages.length} pages in kompetanse's index)`);
console.log(`queries: ${queries.length} of ${QUERIES.length}; ${QUERIES.length - queries.length} left out, their expected pages are not in this build`);
for (const e of engines.slice(1)) {
  console.log(`${e.label} (Pagefind ${pagefindVersion}): ${e.pages} pages indexed (${e.languages.join(', ')})${e.marked ? `, ${e.marked} marked` : ''}, in ${e.seconds.toFixed(1)} s`);
}
console.log('\nrelevance, success@1 success@3 MRR@10:');
console.log(`  ${'kind'.padEnd(11)}${'n'.padStart(4)}   ${engines.map((e) => e.name.padEnd(16)).join(' ')}`);
for (const k of [...kinds, 'all']) {
  const pick = (rows) => (k === 'all' ? rows : rows.filter((r) => r.kind === k));
  console.log(`  ${k.padEnd(11)}${String(pick(engines[0].rows).length).padStart(4)}   ${engines.map((e) => short(measure(pick(e.rows))).padEnd(16)).join(' ')}`);
}
console.log(`\nmean time per query on a warm page: ${engines.map((e) => `${e.name} ${e.msPerQuery.toFixed(0)} ms`).join(', ')}`);
console.log('  (kompetanse: until its result list is drawn; Pagefind: search() and data() of ten results, nothing drawn)');
console.log('\nindex on disk, raw / with gzip where it helps:');
for (const e of engines) {
  const s = e.sizes;
  console.log(`  ${e.name.padEnd(14)} ${String(s.engine.files).padStart(4)} files, ${kib(s.engine.bytes)} / ${kib(s.engine.wire)}${s.wasm ? ` (WebAssembly ${kib(s.wasm.bytes)}; Pagefind's UI files add ${kib(s.ui.bytes)})` : ' (search/ and the search scripts)'}`);
}
console.log(`\nbytes loaded before the first result, fresh browser, ${firstOfKind.length} queries, raw / with gzip:`);
for (const e of engines) {
  const c = e.cold;
  console.log(`  ${e.name.padEnd(14)} median ${kib(median(c.map((x) => x.bytes)))} / ${kib(median(c.map((x) => x.wire)))}, max ${kib(Math.max(...c.map((x) => x.bytes)))} / ${kib(Math.max(...c.map((x) => x.wire)))}, median ${median(c.map((x) => x.files))} files`);
}
if (process.env.DEBUG) {
  for (const e of engines) {
    console.log(`\n${e.name}, all kinds: ${formatMeasure(measure(e.rows))}; not first:`);
    for (const r of e.rows.filter((row) => row.rank !== 1)) console.log(`  ${r.rank ? `#${r.rank}` : 'miss'}  «${r.q}» (${r.kind}) → ${r.first}`);
    console.log(`${e.name} bytes: ${e.cold.map((c) => `«${c.q}» ${kib(c.bytes)} (${c.files} files)`).join(', ')}`);
  }
}
