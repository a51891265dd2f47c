// Every HTML page of both builds passes axe-core (WCAG 2.0/2.1, A and AA) with zero
// violations, checked in headless Chromium with the pages opened from disk (file://), so the
// real stylesheet decides colour contrast.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  PARALLEL_PAGES,
  launchBrowser,
  listHtml,
  mapLimit,
  openFile,
  runAxe,
  orgSiteDirs,
  serveDir,
  siteDirs,
} from './lib/browser.mjs';

const REFRESH = /<meta\s[^>]*http-equiv\s*=\s*["']?refresh/i;

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  const sites = [...siteDirs(), ...orgSiteDirs()];
  let browser;
  let context;
  let pages;

  before(async () => {
    browser = await launchBrowser();
    context = await browser.newContext();
    pages = await Promise.all(Array.from({ length: PARALLEL_PAGES }, () => context.newPage()));
  });

  after(async () => {
    await browser?.close();
  });

  for (const [label, dir, basePath = '/'] of sites) {
    test(`every page of the ${label} build has no axe violations`, async () => {
      const files = listHtml(dir);
      assert.ok(files.length > 0, `no HTML pages in ${dir}`);
      const results = await mapLimit(files, PARALLEL_PAGES, async (rel, lane) => {
        const page = pages[lane];
        const source = readFileSync(path.join(dir, rel), 'utf8');
        if (rel === '404.html') {
          // A server shows 404.html at any missing address, with root-relative links to its
          // stylesheet: check it as a visitor sees it, served from 127.0.0.1.
          const server = await serveDir(dir, { basePath });
          try {
            const response = await page.goto(`${server.url}finnes-ikke/side/index.html`, { waitUntil: 'load' });
            assert.equal(response.status(), 404);
            return { rel, violations: await runAxe(page, { openDetails: true }) };
          } finally {
            await server.close();
          }
        }
        if (REFRESH.test(source)) {
          // A redirect stub (an alias) would leave before axe could look at it: check its
          // markup without the refresh. The stub has no stylesheet or other resources.
          await page.setContent(source.replace(/<meta\s[^>]*http-equiv\s*=\s*["']?refresh[^>]*>/gi, ''));
        } else {
          await openFile(page, dir, rel);
        }
        return { rel, violations: await runAxe(page, { openDetails: true }) };
      });

      const lines = [];
      let count = 0;
      for (const { rel, violations } of results) {
        for (const v of violations) {
          for (const node of v.nodes) {
            count += 1;
            lines.push(
              `${label}/${rel}: [${v.id}] (${v.impact}) ${v.help}\n` +
                `    target: ${node.target}\n` +
                `    html:   ${node.html.length > 300 ? `${node.html.slice(0, 300)}…` : node.html}\n` +
                `    ${(node.summary || '').replace(/\n/g, '\n    ')}`,
            );
          }
        }
      }
      const pagesWith = results.filter((r) => r.violations.length > 0).length;
      if (count > 0) {
        assert.fail(
          `${count} axe violation(s) on ${pagesWith} of ${files.length} pages of the ${label} build:\n` +
            lines.join('\n'),
        );
      }
    });
  }
});
