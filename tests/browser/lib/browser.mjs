// Shared helpers for the browser tests: the site directories under test, Debian's Chromium
// driven by playwright-core (never a downloaded browser), file:// navigation and axe-core.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

/** Debian's `chromium` package; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Flags that let Chromium start on a machine whose only network is the package registries:
 * without the background-networking ones it keeps trying (and failing) to reach Google's
 * hosts. playwright-core gives every launch a fresh, empty user-data-dir.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The axe-core tags the portal promises: WCAG 2.0 and 2.1, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** How many pages to work on at once in one browser (the machines have two cores). */
export const PARALLEL_PAGES = Number(process.env.KOMPETANSE_BROWSER_PARALLEL || 4);

/**
 * The built site named by an environment variable (KOMPETANSE_PUBLIC_DIR or
 * KOMPETANSE_INTERNAL_DIR), as an absolute path. Throws a clear error when the variable is
 * unset or does not name a directory with an index.html, so a misconfigured run fails loudly
 * instead of passing on zero pages.
 */
export function siteDir(envName) {
  const value = process.env[envName];
  if (!value) {
    throw new Error(
      `${envName} is not set: point it at a built site, e.g.\n` +
        `  target/release/kompetanse build --target public --output /tmp/k/public\n` +
        `  ${envName}=/tmp/k/public node --test\n` +
        `(scripts/test.sh does all of this).`,
    );
  }
  const dir = path.resolve(value);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`${envName}=${value}: no such directory`);
  }
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${envName}=${value}: no index.html there; is it a built site?`);
  }
  return dir;
}

/** Both builds, as [label, absolute directory] pairs. */
export function siteDirs() {
  return [
    ['public', siteDir('KOMPETANSE_PUBLIC_DIR')],
    ['internal', siteDir('KOMPETANSE_INTERNAL_DIR')],
  ];
}

/**
 * The second organisation's builds (tests/sites/sunndal-surnadal, built by scripts/test.sh), as
 * [label, absolute directory, base path] triples: its base_url is in a subfolder.
 */
export function orgSiteDirs() {
  const basePath = '/ikt/kompetanse/';
  return [
    ['sunndal-surnadal public', siteDir('KOMPETANSE_ORG2_PUBLIC_DIR'), basePath],
    ['sunndal-surnadal internal', siteDir('KOMPETANSE_ORG2_INTERNAL_DIR'), basePath],
  ];
}

/** Every .html file under `dir`, as sorted paths relative to it with `/` separators. */
export function listHtml(dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && entry.name.endsWith('.html')) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** Starts headless Chromium from CHROMIUM_PATH with the flags above. */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium) ` +
        `or set CHROMIUM_PATH; scripts/test.sh installs it.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * One Chromium page for the tests of a file, or of the describe block it is called in:
 * Chromium starts before the first test and closes after the last. `opened(page, browser)`
 * is called once the page is up; the test file keeps them in its own variables there.
 */
export function withBrowserPage(opened) {
  let browser;
  before(async () => {
    browser = await launchBrowser();
    await opened(await browser.newPage(), browser);
  });
  after(async () => browser?.close());
}

/**
 * Evaluates `fn(arg)` in the page until it gives something truthy, and returns that; fails
 * after `timeout` ms. Unlike page.waitForFunction, which takes the Promise an async function
 * returns for a truthy answer at once, this awaits what `fn` returns: the way to wait on
 * caches, service workers and other asynchronous state.
 */
export async function pollUntil(page, fn, arg, { timeout = 30000, interval = 100, what = 'the condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, arg);
    if (value) return value;
    if (Date.now() > end) throw new Error(`waited ${timeout} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** The file:// URL of `relPath` inside `dir`. */
export function fileUrl(dir, relPath) {
  return pathToFileURL(path.join(dir, relPath)).href;
}

/** Opens `relPath` inside `dir` from disk (file://) and waits for its load event. */
export async function openFile(page, dir, relPath) {
  const response = await page.goto(fileUrl(dir, relPath), { waitUntil: 'load' });
  return response;
}

const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/**
 * Runs axe-core on the page for WCAG 2.0/2.1 A and AA and returns its violations, each with
 * the rule id, impact, help text and the nodes (CSS selector `target`, the offending `html`
 * and axe's failure summary). With `openDetails`, every closed <details> is opened first, so
 * that what a reader sees after opening it (tables behind charts, lists of pages) is checked
 * too: axe skips content that is not rendered.
 */
export async function runAxe(page, { openDetails = false } = {}) {
  if (openDetails) {
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('details:not([open])')) d.open = true;
    });
  }
  await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '),
        html: n.html,
        summary: n.failureSummary,
      })),
    }));
  }, AXE_TAGS);
}

/**
 * Calls `fn(item, worker)` for every item with at most `limit` calls running at once; `worker`
 * is the index (0..limit) of the lane running it, so callers can keep one browser page per lane.
 * Resolves to the results in item order.
 */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async (_, lane) => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], lane);
    }
  });
  await Promise.all(lanes);
  return results;
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
};

/**
 * Serves `dir` over HTTP on 127.0.0.1 (a free port), the way a web server would: `/a/` gives
 * `a/index.html`, and a missing file gives 404.html (if the site has one) with status 404.
 * With `basePath` the site is served below that path (`/handbok/`) and nothing outside it;
 * `headers` go on every response (deploy/nginx.conf's Content-Security-Policy, say); as a
 * function, it is called with the file served (its path relative to `dir`) for that response's.
 * Resolves to `{ url, close }`, `url` ending in the base path.
 */
export async function serveDir(dir, { basePath = '/', headers = {} } = {}) {
  const notFound = path.join(dir, '404.html');
  const server = createServer((req, res) => {
    let file = null;
    try {
      const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      if (pathname.startsWith(basePath)) {
        file = path.join(dir, pathname.slice(basePath.length));
        if (!file.startsWith(dir + path.sep) && file !== dir) file = null;
        else if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
      }
    } catch {
      file = null;
    }
    const found = file && existsSync(file) && statSync(file).isFile();
    const served = found ? file : existsSync(notFound) ? notFound : null;
    const extra = typeof headers === 'function'
      ? headers(served ? path.relative(dir, served).split(path.sep).join('/') : null)
      : headers;
    res.writeHead(found ? 200 : 404, {
      ...extra,
      'content-type': served
        ? CONTENT_TYPES[path.extname(served)] || 'application/octet-stream'
        : 'text/plain; charset=utf-8',
    });
    res.end(served ? readFileSync(served) : 'not found');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}
