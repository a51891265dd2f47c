// Served over http: the service worker caches the site, contingency material first, old
// caches go, pages work with the network down and say so; and every page satisfies the strict
// Content-Security-Policy of deploy/nginx.conf.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, pollUntil, serveDir, siteDir } from './lib/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const nginx = readFileSync(path.resolve(here, '../../deploy/nginx.conf'), 'utf8');
const CSP = nginx.match(/add_header Content-Security-Policy "([^"]+)" always;\n/)[1];

for (const [label, env] of [['internal', 'KOMPETANSE_INTERNAL_DIR'], ['public', 'KOMPETANSE_PUBLIC_DIR']]) {
  describe(`${label} build over http`, () => {
    const dir = siteDir(env);
    let browser;
    let server;
    before(async () => {
      browser = await launchBrowser();
      server = await serveDir(dir, { headers: { 'content-security-policy': CSP, 'cache-control': 'no-cache' } });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    test('pages satisfy the Content-Security-Policy', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const violations = [];
      page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text()); });
      page.on('pageerror', (e) => violations.push(String(e)));
      const pages = ['index.html', 'sok/index.html?q=passord', 'selvhjelp/konto-og-innlogging/tofaktorautentisering/index.html', 'om/nokkeltall/index.html', 'krav/index.html', 'begreper/index.html', 'rapporter/index.html', 'finnes-ikke/'];
      // The requirement documents are examples: only the internal build has them.
      if (label === 'internal') pages.push('krav/kabling-og-fiber/index.html', 'rapporter/beredskapsperm/index.html', 'beredskap/ikt-beredskapsplan/index.html');
      for (const p of pages) {
        await page.goto(server.url + p, { waitUntil: 'load' });
        await page.waitForTimeout(150);
      }
      await page.focus('#sok-felt');
      await page.keyboard.type('tofaktor');
      await page.waitForSelector('#sok-felt-resultater [role=option]');
      assert.deepEqual(violations, []);
      await context.close();
    });

    test('service worker caches the site; it works offline and says so', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      // A cache from an older build, which activation must delete.
      await page.goto(server.url + 'robots.txt');
      await page.evaluate(() => caches.open('kompetanse-gammel-bygg'));
      await page.goto(server.url + 'index.html', { waitUntil: 'load' });
      await page.evaluate(() => navigator.serviceWorker.ready);
      const critical = label === 'internal' ? 'beredskap/ikt-beredskapsplan/index.html' : 'krav/index.html';
      await pollUntil(page, async (url) => {
        const keys = await caches.keys();
        const current = keys.find((k) => k.startsWith('kompetanse-') && k !== 'kompetanse-gammel-bygg');
        if (!current || keys.includes('kompetanse-gammel-bygg')) return false;
        const cache = await caches.open(current);
        return Boolean(await cache.match(new URL(url, location.href).href));
      }, critical, { what: `${critical} in the new cache, the old one gone` });
      assert.ok(!(await page.evaluate(() => caches.keys())).includes('kompetanse-gammel-bygg'), 'old caches are deleted');
      await context.setOffline(true);
      await page.goto(server.url + critical, { waitUntil: 'load' });
      assert.ok((await page.textContent('h1')).length > 0, 'the page loads from the cache');
      // Said by the service worker, which answered: Chromium may keep navigator.onLine true.
      assert.ok(await page.evaluate(() => document.documentElement.hasAttribute('data-lagret-kopi')));
      const banner = page.locator('#frakoblet');
      await banner.waitFor({ state: 'visible' });
      assert.match(await banner.textContent(), /frakoblet/);
      await context.setOffline(false);
      await page.reload({ waitUntil: 'load' });
      await banner.waitFor({ state: 'hidden' });
      assert.ok(!(await page.evaluate(() => document.documentElement.hasAttribute('data-lagret-kopi'))));
      await context.close();
    });

    test('with the network up and the server down, pages come from the cache and say so', async () => {
      const own = await serveDir(dir, { headers: { 'cache-control': 'no-cache' } });
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(own.url + 'index.html', { waitUntil: 'load' });
        await page.evaluate(() => navigator.serviceWorker.ready);
        const cachedPage = 'index.html';
        await pollUntil(page, async (url) => {
          const keys = (await caches.keys()).filter((k) => k.startsWith('kompetanse-'));
          if (keys.length !== 1) return false;
          return Boolean(await (await caches.open(keys[0])).match(new URL(url, location.href).href));
        }, cachedPage, { what: `${cachedPage} in the cache` });
        await pollUntil(page, () => navigator.serviceWorker.controller !== null, null, { what: 'a controlling service worker' });
        await own.close();
        // Nothing answers on the port now; the browser itself is online.
        await page.goto(own.url + cachedPage, { waitUntil: 'load' });
        assert.equal(await page.evaluate(() => navigator.onLine), true);
        assert.ok((await page.textContent('h1')).length > 0, 'the page loads from the cache');
        const banner = page.locator('#frakoblet');
        await banner.waitFor({ state: 'visible' });
        assert.match(await banner.textContent(), /svarer ikke/);
      } finally {
        await context.close();
        await own.close();
      }
    });
  });
}

describe('a new build behind a server that lets browsers keep CSS for an hour', () => {
  let browser;
  let copy;
  before(async () => {
    browser = await launchBrowser();
    copy = mkdtempSync(path.join(tmpdir(), 'kompetanse-sw-'));
    cpSync(siteDir('KOMPETANSE_PUBLIC_DIR'), copy, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  test("the service worker stores the new build's style.css, not the browser's old copy", async () => {
    // deploy/nginx.conf's caching: an hour for CSS and JS, no-cache for the rest.
    const server = await serveDir(copy, {
      headers: (file) => ({ 'cache-control': /\.(css|js)$/.test(file || '') && file !== 'sw.js' ? 'max-age=3600' : 'no-cache' }),
    });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(server.url + 'index.html', { waitUntil: 'load' });
      await page.evaluate(() => navigator.serviceWorker.ready);
      // The browser has the stylesheet in its HTTP cache, and the first build's cache is full.
      await pollUntil(page, async () => {
        const key = (await caches.keys()).find((k) => k.startsWith('kompetanse-'));
        return Boolean(key && await (await caches.open(key)).match(new URL('css/style.css', location.href).href));
      }, null, { what: 'css/style.css in the first cache' });
      // The next build: a changed stylesheet and, as every build has, a new service worker.
      const css = path.join(copy, 'css/style.css');
      writeFileSync(css, readFileSync(css, 'utf8') + '\n/* bygg 2 */\n');
      const sw = path.join(copy, 'sw.js');
      const worker = readFileSync(sw, 'utf8');
      const id = worker.match(/const VERSION = 'kompetanse-([^']+)';/)[1];
      writeFileSync(sw, worker.replaceAll(id, `${id}-2`));
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      const stored = await pollUntil(page, async (version) => {
        // Looked up before it is opened: caches.open would create it.
        if (!(await caches.keys()).includes(version)) return false;
        const cache = await caches.open(version);
        const hit = await cache.match(new URL('css/style.css', location.href).href);
        return hit ? hit.text() : false;
      }, `kompetanse-${id}-2`, { what: 'css/style.css in the new build\'s cache' });
      assert.match(stored, /bygg 2/, 'the new cache holds the new style.css, not the old one');
    } finally {
      await context.close();
      await server.close();
    }
  });
});
