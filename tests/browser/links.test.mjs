// Links work from disk: in every HTML page of both builds, each relative href/src/srcset/
// form action/meta refresh target resolves to an existing file inside the site (and, with a
// #fragment, to an element with that id on the target page); no address is root-relative
// (`/…`) except in 404.html, which a server shows at any path. Then a real click in Chromium
// from the public front page opened as a file:// URL.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { fileUrl, listHtml, openFile, siteDirs, withBrowserPage } from './lib/browser.mjs';

/** A scheme (`https:`, `mailto:`, `data:` …): not a link into the site. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Runs in the browser: parses one document with the HTML parser (no resources are loaded)
 * and returns every URL-valued attribute and every id in it.
 */
function extract(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const refs = [];
  const add = (el, attr, value) => {
    const tag = el.localName;
    refs.push({ tag, attr, value, html: el.outerHTML.slice(0, 160) });
  };
  for (const el of doc.querySelectorAll('[href]')) add(el, 'href', el.getAttribute('href'));
  for (const el of doc.querySelectorAll('[src]')) add(el, 'src', el.getAttribute('src'));
  for (const el of doc.querySelectorAll('[srcset]')) {
    for (const candidate of el.getAttribute('srcset').split(',')) {
      const url = candidate.trim().split(/\s+/)[0];
      if (url) add(el, 'srcset', url);
    }
  }
  for (const el of doc.querySelectorAll('form[action]')) add(el, 'action', el.getAttribute('action'));
  for (const el of doc.querySelectorAll('meta[http-equiv]')) {
    if (el.getAttribute('http-equiv').toLowerCase() !== 'refresh') continue;
    const m = /url\s*=\s*['"]?([^'"]*)/i.exec(el.getAttribute('content') || '');
    if (m) add(el, 'content', m[1]);
  }
  const ids = [...doc.querySelectorAll('[id]')].map((el) => el.id);
  return { refs, ids };
}

describe('links between files', () => {
  const sites = siteDirs();
  let page;
  withBrowserPage((opened) => {
    page = opened;
  });

  for (const [label, dir] of sites) {
    test(`every relative address in the ${label} build resolves to a file on disk`, async () => {
      const files = listHtml(dir);
      assert.ok(files.length > 0, `no HTML pages in ${dir}`);

      // Parse every page once; ids are needed for fragments pointing at other pages.
      const parsed = new Map();
      for (const rel of files) {
        parsed.set(rel, await page.evaluate(extract, readFileSync(path.join(dir, rel), 'utf8')));
      }
      const idsOf = (rel) => new Set(parsed.get(rel).ids);

      const problems = [];
      let checked = 0;
      for (const rel of files) {
        const base = pathToFileURL(path.join(dir, rel));
        for (const ref of parsed.get(rel).refs) {
          const value = ref.value.trim();
          const where = `${label}/${rel}: ${ref.tag}[${ref.attr}="${ref.value}"]`;
          if (SCHEME.test(value)) {
            if (/^file:/i.test(value)) problems.push(`${where}: absolute file: URL`);
            continue; // external (https:, mailto:, tel:, data: …)
          }
          if (value.startsWith('/') && rel !== '404.html') {
            problems.push(`${where}: root-relative address; it breaks when opened from disk or under a base path`);
            continue;
          }
          checked += 1;
          // 404.html is shown at any path, so its root-relative addresses resolve from the site root.
          const url = value.startsWith('/') && !value.startsWith('//')
            ? new URL(`.${value}`, pathToFileURL(`${dir}${path.sep}`))
            : new URL(value, base);
          if (url.protocol !== 'file:' || url.host !== '') {
            problems.push(`${where}: protocol-relative address`);
            continue;
          }
          const target = fileURLToPath(new URL(url.pathname, 'file://'));
          const relTarget = path.relative(dir, target);
          if (relTarget.startsWith('..') || path.isAbsolute(relTarget)) {
            problems.push(`${where}: points outside the site (${target})`);
            continue;
          }
          if (!existsSync(target)) {
            problems.push(`${where}: no such file ${relTarget || '.'}`);
            continue;
          }
          const serverRelative = value.startsWith('/');
          if (serverRelative && statSync(target).isDirectory() && existsSync(path.join(target, 'index.html'))) {
            continue; // 404.html is only ever shown by a server, which serves index.html for `/dir/`
          }
          if (!statSync(target).isFile()) {
            problems.push(`${where}: ${relTarget || '.'} is a directory; from disk a link must name the file (index.html)`);
            continue;
          }
          if (url.hash.length > 1) {
            const id = decodeURIComponent(url.hash.slice(1));
            const targetRel = relTarget.split(path.sep).join('/');
            if (parsed.has(targetRel) && !idsOf(targetRel).has(id)) {
              problems.push(`${where}: ${targetRel} has no element with id="${id}"`);
            }
          }
        }
      }
      assert.ok(checked > 0, `found no relative links at all in the ${label} build`);
      if (problems.length > 0) {
        assert.fail(`${problems.length} broken address(es) in the ${label} build:\n${problems.join('\n')}`);
      }
    });
  }

  for (const [label, dir] of sites) {
    test(`clicking the main navigation works from disk (${label} build, file://)`, async () => {
      const failed = [];
      const onFailed = (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`);
      page.on('requestfailed', onFailed);
      try {
        const start = fileUrl(dir, 'index.html');
        await openFile(page, dir, 'index.html');
        assert.equal(page.url(), start);
        const link = page.locator('nav.main-nav a').first();
        assert.equal(await link.count(), 1, 'no link in nav.main-nav on index.html');
        const href = await link.getAttribute('href');
        const expected = new URL(href, start).href;
        await Promise.all([page.waitForURL((u) => u.href !== start, { waitUntil: 'load' }), link.click()]);
        assert.equal(page.url(), expected, `clicking ${href} went somewhere else`);
        const h1 = page.locator('h1');
        assert.ok((await h1.count()) >= 1, `${page.url()} has no h1: the page did not load`);
        assert.notEqual((await h1.first().innerText()).trim(), '', `${page.url()}: empty h1`);
        // The stylesheet came along: the page has styles from css/style.css applied.
        const sheets = await page.evaluate(() =>
          [...document.styleSheets].map((s) => s.href).filter((h) => h && h.endsWith('/css/style.css')),
        );
        assert.equal(sheets.length, 1, 'css/style.css did not load on the new page');
        assert.deepEqual(failed, [], `requests failed while navigating:\n${failed.join('\n')}`);
      } finally {
        page.off('requestfailed', onFailed);
      }
    });
  }
});
