// The build ranks the prefixes that match many pages ahead of time (the third argument of each
// `search/t-*.js`), so a short prefix typed alone needs no merge of thousands of postings in
// the browser. These tests prove that the list shown from that ranking is the one the browser
// computes itself: every precomputed prefix of the internal build of the real content is
// searched twice on the search page, once as built and once with the precomputed rankings
// withheld, and the hits (all of them, up to the page's 50) and their count must be the same.
// So must the prefix with an ending the stemmer cuts off again (`kommun` + `en`), which the
// browser answers with the stem's ranking.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileUrl, siteDir, withBrowserPage } from './lib/browser.mjs';

const site = siteDir('KOMPETANSE_INTERNAL_DIR');
// search.js ranks itself a prefix matching fewer pages than this (it may be widened).
const FEW = 3;

let page;
withBrowserPage((opened) => {
  page = opened;
});

/** Every precomputed prefix ranking of the built site: prefix → [pages, best, next, …]. */
function prefixTops(dir) {
  const tops = {};
  const shards = readdirSync(path.join(dir, 'search')).filter((n) => /^t-.*\.js$/.test(n));
  for (const name of shards) {
    const shard = (key, terms, found) => Object.assign(tops, found);
    vm.runInNewContext(readFileSync(path.join(dir, 'search', name), 'utf8'), { __kSearch: { shard } });
  }
  return tops;
}

/**
 * Opens the search page, with the shards' rankings as built, withheld (`{ withhold: true }`)
 * or with one prefix's ranking turned upside down (`{ probe: prefix }`).
 */
async function openSearchPage(mode) {
  await page.goto(fileUrl(site, 'sok/index.html'), { waitUntil: 'load' });
  await page.evaluate((how) => {
    const shard = window.__kSearch.shard;
    window.__kSearch.shard = (key, terms, tops) => {
      if (how.withhold) return shard(key, terms);
      if (how.probe && tops && tops[how.probe]) tops[how.probe] = tops[how.probe].slice(0, 1).concat(tops[how.probe].slice(1).reverse());
      return shard(key, terms, tops);
    };
  }, mode);
}

/** Types `query` into the search page's box and returns the count and every hit's link. */
function search(query) {
  return page.evaluate(async (q) => {
    const input = document.getElementById('sok-side');
    const box = document.getElementById('sokeresultater');
    input.value = q;
    input.dispatchEvent(new Event('input'));
    await new Promise((resolve) => {
      const check = () => (box.getAttribute('data-sok') === q && box.hasAttribute('data-komplett') ? resolve() : setTimeout(check, 2));
      check();
    });
    return {
      definition: Boolean(box.querySelector('.search-definition')),
      heading: box.querySelector('h2').textContent,
      hits: Array.from(box.querySelectorAll('.result-title')).map((a) => a.getAttribute('href')),
    };
  }, query);
}

describe('precomputed prefix rankings', () => {
  const tops = prefixTops(site);
  const used = Object.keys(tops).filter((p) => tops[p][0] >= FEW).sort();
  const typed = used.flatMap((p) => [p, `${p}en`, `${p}ene`]);

  test('the build ranks the two-letter prefixes of the real content', () => {
    assert.ok(used.length >= 50, `only ${used.length} precomputed prefixes match ${FEW}+ pages`);
    for (const p of used) {
      const [count, ...hits] = tops[p];
      assert.equal(hits.length, Math.min(count, 50), p);
      assert.equal(new Set(hits).size, hits.length, `${p}: a page listed twice`);
    }
  });

  test('the search page shows the precomputed ranking (not its own)', async () => {
    // A prefix whose whole ranking is stored and shown as a plain list.
    await openSearchPage({});
    let probe = null;
    let built = null;
    for (const p of used.filter((x) => tops[x][0] >= 5 && tops[x][0] <= 50)) {
      built = await search(p);
      if (!built.definition) { probe = p; break; }
    }
    assert.ok(probe, 'a prefix with 5 to 50 hits and no definition box');
    await openSearchPage({ probe });
    const shown = await search(probe);
    assert.deepEqual(shown.hits, [...built.hits].reverse(), probe);
  });

  test('each precomputed ranking is the one the browser computes', async () => {
    await openSearchPage({});
    const built = [];
    for (const q of typed) built.push(await search(q));
    await openSearchPage({ withhold: true });
    const differ = [];
    for (let i = 0; i < typed.length; i++) {
      const computed = await search(typed[i]);
      if (JSON.stringify(computed) !== JSON.stringify(built[i])) {
        differ.push(`${typed[i]}: built ${JSON.stringify(built[i])}\n  computed ${JSON.stringify(computed)}`);
      }
      if (i % 3 === 0) assert.ok(computed.hits.length > 0, typed[i]);
    }
    assert.deepEqual(differ, [], `${differ.length} of ${typed.length} queries rank differently`);
  });
});
