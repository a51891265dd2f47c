// The phone layout and the page tools: on a 390 px wide screen the page heading starts near
// the top (a compact header, the menu behind a button that opens without JavaScript), footer
// links meet the WCAG 2.2 target size, contingency plans and requirement documents have a
// print button, a plan's table of contents lists every section, a few search hits are not
// followed by a screen of blank space, and the search page speaks the site's language.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileUrl, launchBrowser, openFile, siteDir } from './lib/browser.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const internal = siteDir('KOMPETANSE_INTERNAL_DIR');
const PHONE = { width: 390, height: 844 };
/** The heading must start within this many pixels of the top on a phone. */
const HEADING_TOP = 200;

let browser;
let phone;
let phoneNoJs;
let desktop;
before(async () => {
  browser = await launchBrowser();
  phone = await browser.newPage({ viewport: PHONE });
  phoneNoJs = await (await browser.newContext({ viewport: PHONE, javaScriptEnabled: false })).newPage();
  desktop = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
after(async () => browser?.close());

const PAGES = [
  'index.html',
  'selvhjelp/index.html',
  'krav/kabling-og-fiber/index.html',
  'beredskap/ikt-beredskapsplan/index.html',
  'tjenester/kundeservice/index.html',
  'rapporter/kravmatrise/index.html',
  'sok/index.html',
];

describe('a phone (390 px)', () => {
  test('the page heading starts within 200 px of the top', async () => {
    for (const rel of PAGES) {
      await openFile(phone, internal, rel);
      const top = await phone.$eval('h1', (h) => h.getBoundingClientRect().top);
      assert.ok(top <= HEADING_TOP, `${rel}: the heading starts ${Math.round(top)} px from the top`);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${rel}: the page is ${overflow} px wider than the screen`);
    }
  });

  test('the menu is behind a button that opens without JavaScript', async () => {
    await openFile(phoneNoJs, internal, 'selvhjelp/index.html');
    assert.equal(await phoneNoJs.isVisible('.main-nav'), false, 'the full menu bar is hidden');
    const button = phoneNoJs.locator('.menu-toggle > summary');
    assert.ok(await button.isVisible(), 'the menu button is shown');
    const box = await button.boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `the button is ${box.width}×${box.height} px`);
    const links = phoneNoJs.locator('.menu-panel a');
    const count = await links.count();
    assert.ok(count >= 5, `${count} menu links`);
    assert.equal(await links.first().isVisible(), false, 'the menu starts closed');
    // By keyboard: focus the button, Enter opens it; every link is then shown and reachable.
    await button.focus();
    await phoneNoJs.keyboard.press('Enter');
    for (let i = 0; i < count; i++) {
      assert.ok(await links.nth(i).isVisible(), `menu link ${i + 1} is shown`);
    }
    assert.equal(await phoneNoJs.$eval('.menu-toggle', (d) => d.open), true);
    await phoneNoJs.keyboard.press('Tab');
    assert.equal(await phoneNoJs.evaluate(() => document.activeElement.closest('.menu-panel') !== null), true,
      'Tab moves into the open menu');
    // The current section is marked in the menu as in the bar.
    assert.equal(await phoneNoJs.$eval('.menu-panel a[aria-current]', (a) => a.textContent), 'Selvhjelp');
    await button.click();
    assert.equal(await links.first().isVisible(), false, 'a second press closes it');
  });

  test('a wide screen shows the menu bar and no menu button', async () => {
    await openFile(desktop, internal, 'selvhjelp/index.html');
    assert.ok(await desktop.isVisible('.main-nav'));
    assert.equal(await desktop.isVisible('.menu-toggle > summary'), false);
  });

  test('footer links are at least 24 × 24 px (WCAG 2.2, 2.5.8)', async () => {
    for (const page of [phone, desktop]) {
      await openFile(page, internal, 'index.html');
      const sizes = await page.$$eval('.site-footer a', (links) => links.map((a) => {
        const r = a.getBoundingClientRect();
        return [a.textContent, r.width, r.height];
      }));
      assert.ok(sizes.length >= 3, 'footer links found');
      for (const [text, width, height] of sizes) {
        assert.ok(width >= 24 && height >= 24, `«${text}» is ${width}×${height} px`);
      }
    }
  });
});

describe('page tools', () => {
  test('contingency plans and requirement documents have a print button, shown only with JavaScript', async () => {
    for (const rel of ['beredskap/ikt-beredskapsplan/index.html', 'krav/kabling-og-fiber/index.html']) {
      await openFile(phone, internal, rel);
      await phone.evaluate(() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; });
      const button = phone.locator('.print-tool button');
      assert.ok(await button.isVisible(), `${rel}: the print button is shown`);
      await button.click();
      assert.equal(await phone.evaluate(() => window.printed), 1, `${rel}: the button prints`);
      await openFile(phoneNoJs, internal, rel);
      assert.equal(await phoneNoJs.isVisible('.print-tool button'), false, `${rel}: no dead button without JavaScript`);
    }
  });

  test("a plan's table of contents lists every section of the page", async () => {
    await openFile(desktop, internal, 'beredskap/ikt-beredskapsplan/index.html');
    const listed = await desktop.$$eval('.toc a', (links) => links.map((a) => a.getAttribute('href').slice(1)));
    const sections = await desktop.$$eval('.prose h2[id]', (hs) => hs.map((h) => h.id));
    assert.ok(sections.includes('hendelsesnivaer') && sections.includes('varslingsliste'), sections.join(' '));
    assert.deepEqual(listed, sections);
  });

  test('a few search hits are not followed by a screen of blank space', async () => {
    await phone.goto(`${fileUrl(internal, 'sok/index.html')}?q=vpn`, { waitUntil: 'load' });
    await phone.waitForSelector('#sokeresultater[data-komplett]');
    const { area, content } = await phone.$eval('#sokeresultater', (e) => ({
      area: e.getBoundingClientRect().height,
      content: Array.from(e.children).reduce((sum, c) => sum + c.getBoundingClientRect().height, 0),
    }));
    assert.ok(content < PHONE.height, `the hits fill ${content} px`);
    assert.ok(area - content < 150, `the result area is ${area} px for ${content} px of hits`);
  });
});

describe('the interface language in the browser', () => {
  let site;
  before(() => {
    const bin = process.env.KOMPETANSE_BIN || path.join(repo, 'target/release/kompetanse');
    const root = mkdtempSync(path.join(os.tmpdir(), 'kompetanse-en-'));
    cpSync(path.join(repo, 'tests/testsuite/sites/languages'), root, { recursive: true });
    cpSync(path.join(repo, 'themes/default'), path.join(root, 'themes/default'), { recursive: true });
    writeFileSync(path.join(root, 'site.yaml'), 'title: Lingua\nbase_url: https://test.example/\nlanguage: en\n' +
      'vocabularies:\n  municipalities:\n    molde: Molde\n  areas:\n    oppvekst-og-utdanning: Oppvekst og utdanning\n');
    site = path.join(root, 'public');
    execFileSync(bin, ['--root', root, 'build', '--output', site], { stdio: 'pipe' });
  });

  test('the search page, its results and the requirement filter speak English', async () => {
    const errors = [];
    phone.on('pageerror', (e) => errors.push(e.message));
    try {
      await phone.goto(`${fileUrl(site, 'sok/index.html')}?q=lorem`, { waitUntil: 'load' });
      await phone.waitForSelector('#sokeresultater[data-komplett]');
      const heading = await phone.textContent('#sokeresultater h2');
      assert.match(heading, /^\d+ results$/);
      assert.ok((await phone.textContent('#sokeresultater')).includes('Self-help article'), 'kind labels in English');
      await phone.goto(`${fileUrl(site, 'sok/index.html')}?q=qqqzzz`, { waitUntil: 'load' });
      await phone.waitForSelector('#sokeresultater[data-komplett]');
      assert.match(await phone.textContent('#sokeresultater'), /No results for «qqqzzz»/);
      await openFile(phone, site, 'reqs/epsilon/index.html');
      assert.equal(await phone.textContent('.krav-filter-count'), 'Showing all 3 requirements.');
      assert.deepEqual(errors, []);
    } finally {
      phone.removeAllListeners('pageerror');
    }
  });
});
