// Live reload of `kompetanse serve` in the browser: after a save, the tab showing the edited
// page swaps in the new content (sent with the event) without reloading or fetching, and a
// tab showing another page fetches nothing (the event names the pages the rebuild wrote).
//   KOMPETANSE_BIN=target/debug/kompetanse node --test serve-live.test.mjs
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { serve } from './lib/serve.mjs';
import { launchBrowser, pollUntil } from './lib/browser.mjs';

const BIN = process.env.KOMPETANSE_BIN;
if (!BIN || !existsSync(BIN)) {
  throw new Error('KOMPETANSE_BIN must name a built kompetanse binary (scripts/test.sh sets it).');
}

const root = mkdtempSync(path.join(tmpdir(), 'kompetanse-live-'));
after(() => rmSync(root, { recursive: true, force: true }));

const page = (title, body) =>
  `---\ntitle: ${title}\nupdated: 2024-03-08\nowner: Redaksjonen\naccess: public\n---\n\n${body}\n`;

function write(rel, text) {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}


test('the tab showing the edited page swaps it in from the event, other tabs fetch nothing', async () => {
  write('site.yaml', 'title: Levende\nbase_url: https://levende.example/\n');
  write('content/_index.md', '---\ntitle: Levende\naccess: public\n---\n');
  write('content/a.md', page('Side A', 'Første versjon.'));
  write('content/b.md', page('Side B', 'Står stille.'));
  const server = await serve(BIN, root);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    // Counts each tab's fetches and reload events; a marker on window survives only a swap.
    await context.addInitScript(() => {
      window.__live = { fetches: 0, reloads: 0, marker: Math.random() };
      const fetch = window.fetch.bind(window);
      window.fetch = (...args) => {
        window.__live.fetches += 1;
        (window.__live.urls ||= []).push(String(args[0]));
        return fetch(...args);
      };
      const Original = window.EventSource;
      window.EventSource = function (url, init) {
        const source = new Original(url, init);
        source.addEventListener('reload', () => { window.__live.reloads += 1; });
        source.addEventListener('open', () => { window.__live.open = true; });
        return source;
      };
      window.EventSource.prototype = Original.prototype;
    });
    const tabA = await context.newPage();
    const tabB = await context.newPage();
    await tabA.goto(`${server.url}a/`);
    await tabB.goto(`${server.url}b/`);
    for (const tab of [tabA, tabB]) {
      await pollUntil(tab, () => window.__live.open === true, null, { what: 'the event stream' });
    }
    const markers = await Promise.all([tabA, tabB].map((t) => t.evaluate(() => window.__live.marker)));

    write('content/a.md', page('Side A', 'Andre versjon med zebrafisk.'));
    await pollUntil(tabA, () => document.getElementById('hovedinnhold')?.textContent.includes('zebrafisk'), null, { what: 'the edit in tab A' });
    await pollUntil(tabB, () => window.__live.reloads > 0, null, { what: 'the reload event in tab B' });
    // Give tab B the time a fetch would take, had it started one.
    await tabB.waitForTimeout(300);

    const a = await tabA.evaluate(() => window.__live);
    const b = await tabB.evaluate(() => window.__live);
    assert.equal(a.marker, markers[0], 'tab A swapped its content instead of reloading');
    assert.equal(a.fetches, 0, `tab A got its page with the event: ${JSON.stringify(a)}`);
    assert.equal(b.marker, markers[1], 'tab B was not reloaded');
    assert.equal(b.fetches, 0, `tab B fetched nothing: ${JSON.stringify(b)}`);
    assert.ok((await tabB.textContent('#hovedinnhold')).includes('Står stille.'));
  } finally {
    await browser.close();
    server.stop();
  }
});
