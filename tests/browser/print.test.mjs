// Print: no navigation or search on paper, addresses of external links written out, and the
// requirement ids and the "Oppdatert" date kept. Checked with the print media type emulated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openFile, siteDir, withBrowserPage } from './lib/browser.mjs';

const site = siteDir('KOMPETANSE_PUBLIC_DIR');
let page;
withBrowserPage(async (opened) => {
  page = opened;
  await page.emulateMedia({ media: 'print' });
});

const shown = (selector) => page.$eval(selector, (e) => getComputedStyle(e).display !== 'none');

test('requirements on paper: ids and date kept, navigation gone', async () => {
  // The requirement documents are examples (issue 14), so only the internal build has them.
  await openFile(page, siteDir('KOMPETANSE_INTERNAL_DIR'), 'krav/kabling-og-fiber/index.html');
  for (const hidden of ['.site-header', '.main-nav', '.breadcrumbs', '.site-footer', '.search-form']) {
    assert.equal(await shown(hidden), false, `${hidden} is printed`);
  }
  assert.ok(await shown('.requirement-id'), 'requirement ids are printed');
  assert.ok(await shown('.page-meta'), 'the "Oppdatert" date is printed');
  assert.match(await page.textContent('.page-meta'), /Oppdatert/);
});

test('external link addresses are written out on paper', async () => {
  await openFile(page, site, 'om/tilgjengelighetserklaering/index.html');
  const after = await page.$eval('main a[href^="https://www.uutilsynet.no"]', (a) => getComputedStyle(a, '::after').content);
  assert.match(after, /https:\/\/www\.uutilsynet\.no\//);
});

test('the contingency binder starts every plan on a new sheet', async () => {
  const internal = siteDir('KOMPETANSE_INTERNAL_DIR');
  await openFile(page, internal, 'rapporter/beredskapsperm/index.html');
  const breaks = await page.$$eval('.binder-plan', (plans) => plans.map((p) => getComputedStyle(p).breakBefore));
  assert.ok(breaks.length >= 2, 'both plans are in the binder');
  assert.ok(breaks.every((b) => b === 'page'), breaks.join(','));
  assert.ok(await shown('.contacts'), 'contact lists are printed');
});
