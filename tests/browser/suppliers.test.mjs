// What suppliers do with the requirement documents, from disk (file://): filter the matrix and
// a document (combinable, count in a live region, state in the address, everything shown
// without JavaScript), and print a document to PDF (checked with pdftotext from Debian's
// poppler-utils). Uses the internal build, which has every requirement document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileUrl, openFile, siteDir, withBrowserPage } from './lib/browser.mjs';

const site = siteDir('KOMPETANSE_INTERNAL_DIR');
const MATRIX = 'rapporter/kravmatrise/index.html';
const DOCUMENT = 'krav/kabling-og-fiber/index.html';
let browser;
let page;
withBrowserPage((opened, started) => {
  page = opened;
  browser = started;
});

const visibleRows = () => page.$$eval('#kravmatrise-tabell tbody tr', (rows) => rows.filter((r) => !r.hidden).map((r) => ({
  document: r.dataset.document, category: r.dataset.category, level: r.dataset.level, status: r.dataset.status, text: r.textContent,
})));
const allRows = () => page.$$eval('#kravmatrise-tabell tbody tr', (rows) => rows.length);
const countText = () => page.textContent('.krav-filter [data-count]');

test('the matrix filters combine, show the count and keep the state in the address', async () => {
  await openFile(page, site, MATRIX);
  const total = await allRows();
  assert.ok(total > 10, `the matrix has requirements (${total})`);
  assert.equal(await page.isVisible('form.krav-filter'), true, 'the form appears with JavaScript');
  assert.equal((await visibleRows()).length, total);
  assert.match(await countText(), new RegExp(`Viser alle ${total} krav`));
  const live = await page.$eval('.krav-filter [data-count]', (e) => [e.getAttribute('role'), e.getAttribute('aria-live')]);
  assert.deepEqual(live, ['status', 'polite']);

  // Keyboard only: focus the level list and choose «Skal».
  await page.focus('#kf-niva');
  await page.selectOption('#kf-niva', 'skal');
  const skal = await visibleRows();
  assert.ok(skal.length > 0 && skal.length < total, `skal narrows (${skal.length} of ${total})`);
  assert.ok(skal.every((r) => r.level === 'skal'));

  const documents = await page.$$eval('#kf-dokument option', (o) => o.map((x) => x.value).filter(Boolean));
  assert.ok(documents.length >= 2, 'several documents to choose from');
  await page.selectOption('#kf-dokument', documents[0]);
  const both = await visibleRows();
  assert.ok(both.length > 0 && both.length <= skal.length);
  assert.ok(both.every((r) => r.level === 'skal' && r.document === documents[0]));
  assert.match(await countText(), new RegExp(`Viser ${both.length} av ${total} krav`));

  // Free text: a word from the first shown requirement keeps it and drops others.
  const word = both[0].text.match(/[A-Za-zÆØÅæøå]{6,}/g).at(-1);
  await page.fill('#kf-tekst', word);
  await page.waitForFunction(() => /Viser/.test(document.querySelector('[data-count]').textContent));
  const texts = await visibleRows();
  assert.ok(texts.length >= 1 && texts.every((r) => r.text.toLowerCase().includes(word.toLowerCase())));

  const url = new URL(page.url());
  assert.equal(url.searchParams.get('niva'), 'skal');
  assert.equal(url.searchParams.get('dokument'), documents[0]);
  assert.equal(url.searchParams.get('q'), word);

  // The shared link opens with the same filter.
  const other = await browser.newPage();
  await other.goto(url.href, { waitUntil: 'load' });
  assert.equal(await other.inputValue('#kf-niva'), 'skal');
  assert.equal(await other.inputValue('#kf-tekst'), word);
  const shared = await other.$$eval('#kravmatrise-tabell tbody tr', (rows) => rows.filter((r) => !r.hidden).length);
  assert.equal(shared, texts.length);
  await other.close();

  // Reset shows everything again.
  await page.click('.krav-filter button[type=reset]');
  await page.waitForFunction((n) => document.querySelector('[data-count]').textContent.includes(`alle ${n}`), total);
  assert.equal((await visibleRows()).length, total);
  assert.equal(new URL(page.url()).search, '');
});

test('a requirement document filters by category and level and hides empty categories', async () => {
  await openFile(page, site, DOCUMENT);
  const total = await page.$$eval('#kravliste [data-krav]', (l) => l.length);
  const categories = await page.$$eval('#kf-kategori option', (o) => o.map((x) => x.value).filter(Boolean));
  assert.ok(categories.length >= 2, 'several categories');
  await page.selectOption('#kf-kategori', categories[1]);
  const shown = await page.$$eval('#kravliste [data-krav]', (l) => l.filter((x) => !x.hidden).map((x) => x.dataset.category));
  assert.ok(shown.length > 0 && shown.length < total);
  assert.ok(shown.every((c) => c === categories[1]));
  const sections = await page.$$eval('#kravliste .requirement-category', (s) => s.filter((x) => !x.hidden).length);
  assert.equal(sections, 1, 'only the chosen category is shown');
  assert.match(await countText(), new RegExp(`Viser ${shown.length} av ${total} krav`));
  assert.equal(new URL(page.url()).searchParams.get('kategori'), categories[1]);
});

test('without JavaScript every requirement is shown and the form is not', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto(fileUrl(site, `${MATRIX}`) + '?niva=skal', { waitUntil: 'load' });
  const rows = await plain.$$eval('#kravmatrise-tabell tbody tr', (r) => r.filter((x) => x.checkVisibility()).length);
  const total = await plain.$$eval('#kravmatrise-tabell tbody tr', (r) => r.length);
  assert.equal(rows, total);
  assert.equal(await plain.isVisible('form.krav-filter'), false);
  await context.close();
});


test('a requirement document printed to PDF has its id, version, status and date on every page', async () => {
  await openFile(page, site, DOCUMENT);
  const header = (await page.textContent('.print-running-header')).replace(/\s+/g, ' ').trim();
  assert.match(header, /^KRAV-\S+ · Versjon \S+ · \S+ · Gjelder fra \d/);
  const requirements = await page.$$eval('#kravliste [data-krav]', (items) => items.map((li) => ({
    id: li.id,
    start: li.querySelector('.requirement-text').textContent.replace(/\s+/g, ' ').trim().split(' ').slice(0, 4).join(' '),
  })));
  const dir = mkdtempSync(path.join(tmpdir(), 'kravpdf-'));
  try {
    const pdf = path.join(dir, 'krav.pdf');
    await page.pdf({ path: pdf, format: 'A4' });
    const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' })
      .split('\f')
      .map((text) => text.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    assert.ok(pages.length >= 3, `a long document spans pages (${pages.length})`);
    pages.forEach((text, i) => {
      assert.ok(text.includes(header), `page ${i + 1} lacks «${header}»: ${text.slice(0, 200)}`);
      assert.match(text, new RegExp(`Side ${i + 1} av ${pages.length}`));
    });
    // A requirement's head (id and level) and the start of its text are on one page.
    for (const { id, start } of requirements) {
      const head = new RegExp(`${id} [SBK] (Skal|Bør|Kan)`);
      const where = pages.findIndex((text) => head.test(text));
      assert.ok(where >= 0, `${id} is printed`);
      assert.ok(pages[where].includes(start), `${id} is split from its text «${start}» (page ${where + 1})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
