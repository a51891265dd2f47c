// The second real site (tests/sites/handbok), built with the built-in theme from a folder
// outside the repository (scripts/test.sh): navigation and search work opened from disk
// (file://) and served under its base path /handbok/, with no request that fails.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fileUrl, serveDir, siteDir, withBrowserPage } from './lib/browser.mjs';

const handbook = siteDir('KOMPETANSE_HANDBOK_DIR');

let page;
let failed;
let aborted;
withBrowserPage((opened) => {
  page = opened;
  failed = [];
  aborted = [];
  // A request the page itself gives up on (a search file still loading when a click leaves
  // the page) says nothing of the site, and whether it happens is a matter of timing; the file
  // is checked to exist instead, so the result is the same however fast the machine is.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText === 'net::ERR_ABORTED') aborted.push(r.url());
    else failed.push(`${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.url()} (${r.status()})`); });
});

/** Failed requests, with each request the page aborted checked to be there after all. */
async function failures() {
  const missing = [];
  for (const url of aborted) {
    const found = url.startsWith('file:')
      ? existsSync(fileURLToPath(url))
      : (await fetch(url).catch(() => null))?.ok;
    if (!found) missing.push(`${url} (aborted, and not there)`);
  }
  return [...failed, ...missing];
}

async function h1() {
  return (await page.textContent('main h1'))?.trim();
}

/** Clicks through the site from its front page at `start`: menu, page, link between pages. */
async function navigate(start) {
  failed.length = 0;
  aborted.length = 0;
  await page.goto(start, { waitUntil: 'load' });
  assert.match(await page.title(), /Håndbok for ansatte/);
  await page.click('nav.main-nav >> text=Rutiner');
  await page.waitForLoadState('load');
  assert.equal(await h1(), 'Rutiner');
  await page.click('main >> text=Søke om ferie');
  await page.waitForLoadState('load');
  assert.equal(await h1(), 'Søke om ferie');
  await page.click('main >> text=Melde sykefravær');
  await page.waitForLoadState('load');
  assert.equal(await h1(), 'Melde sykefravær');
  // The theme's stylesheet came from the binary and loaded.
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.search-form')).display);
  assert.notEqual(styled, 'inline', 'css/style.css did not apply');
  assert.deepEqual(await failures(), []);
}

/** Searches from the box in the header of the front page at `start` and opens the first hit. */
async function search(start) {
  failed.length = 0;
  aborted.length = 0;
  await page.goto(start, { waitUntil: 'load' });
  await page.fill('#sok-felt', 'sykefravær');
  await page.press('#sok-felt', 'Enter');
  await page.waitForSelector('#sokeresultater li', { timeout: 10000 });
  const titles = await page.$$eval('#sokeresultater li .result-title', (l) => l.map((a) => a.textContent));
  assert.ok(titles.includes('Melde sykefravær'), titles.join(' | '));
  // Typed without æ, ø and å, from the search page itself.
  await page.fill('#sok-side', 'sykefravaer');
  await page.press('#sok-side', 'Enter');
  await page.waitForSelector('#sokeresultater li', { timeout: 10000 });
  const again = await page.$$eval('#sokeresultater li .result-title', (l) => l.map((a) => a.textContent));
  assert.ok(again.includes('Melde sykefravær'), again.join(' | '));
  await page.click('#sokeresultater li .result-title >> text=Melde sykefravær');
  await page.waitForLoadState('load');
  assert.equal(await h1(), 'Melde sykefravær');
  assert.deepEqual(await failures(), []);
}

describe('the handbook, a second site with the built-in theme', () => {
  test('navigation from disk (file://)', async () => {
    await navigate(fileUrl(handbook, 'index.html'));
  });

  test('search from disk (file://)', async () => {
    await search(fileUrl(handbook, 'index.html'));
  });

  describe('served under the base path /handbok/', () => {
    let server;
    before(async () => { server = await serveDir(handbook, { basePath: '/handbok/' }); });
    after(async () => server?.close());

    test('navigation', async () => {
      await navigate(server.url);
      assert.ok(page.url().startsWith(server.url), page.url());
    });

    test('search', async () => {
      await search(server.url);
      assert.ok(page.url().startsWith(server.url), page.url());
    });
  });
});
