// Search in the browser, opened from disk (file://) and over http: every query form the
// portal promises, highlighted snippets, the no-result message, escaping, ranking and
// keyboard use. Runs against the internal build of the real content, plus a small fixture
// site built here for escaping and ranking.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileUrl, runAxe, serveDir, siteDir, withBrowserPage } from './lib/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const internal = siteDir('KOMPETANSE_INTERNAL_DIR');

let page;
let browser;
withBrowserPage((opened, launched) => {
  page = opened;
  browser = launched;
});

/** Opens the search page with `query` and returns the results shown. */
async function results(base, query) {
  const url = base.startsWith('http') ? `${base}sok/index.html?q=${encodeURIComponent(query)}` : `${fileUrl(base, 'sok/index.html')}?q=${encodeURIComponent(query)}`;
  await page.goto(url, { waitUntil: 'load' });
  // The first hits come at once, the rest in later batches: wait for all of them.
  await page.waitForSelector('#sokeresultater[data-komplett]', { timeout: 10000 });
  return page.$$eval('#sokeresultater li', (items) =>
    items.map((li) => ({
      title: li.querySelector('.result-title').textContent,
      href: li.querySelector('.result-title').getAttribute('href'),
      kind: li.querySelector('.result-kind').textContent.trim(),
      marks: Array.from(li.querySelectorAll('mark')).map((m) => m.textContent.toLowerCase()),
    })),
  );
}

function titles(hits) {
  return hits.map((h) => h.title);
}

describe('search in the real content, from file://', () => {
  test('inflected forms find the base word', async () => {
    const hits = await results(internal, 'passordet');
    assert.ok(titles(hits).includes('Bytte passord'), titles(hits).join(' | '));
  });

  test('words typed without æ, ø, å', async () => {
    const tradlost = await results(internal, 'tradlost');
    assert.ok(tradlost.some((h) => h.title.startsWith('Trådløst nett')), titles(tradlost).join(' | '));
    const losning = await results(internal, 'losning');
    assert.ok(losning.length > 0, 'losning finds løsning');
    assert.ok(losning[0].marks.some((m) => m.startsWith('løsning')), JSON.stringify(losning[0]));
  });

  test('prefix while typing: pass finds passord', async () => {
    const hits = await results(internal, 'pass');
    assert.ok(titles(hits).includes('Bytte passord'), titles(hits).join(' | '));
  });

  test('glossary abbreviations find pages written with the long word', async () => {
    const mfa = await results(internal, 'MFA');
    assert.ok(mfa.some((h) => /tofaktorautentisering/i.test(h.title)), titles(mfa).join(' | '));
    const dpia = await results(internal, 'DPIA');
    assert.ok(titles(dpia).includes('Journal i hjemmetjenesten – Rauma'), titles(dpia).join(' | '));
  });

  test('snippets highlight the matched words', async () => {
    await results(internal, 'skriver');
    const marks = await page.$$eval('#sokeresultater .result-snippet mark', (m) => m.map((x) => x.textContent.toLowerCase()));
    assert.ok(marks.length > 0, 'at least one highlighted word');
    assert.ok(marks.every((m) => m.startsWith('skriv')), marks.join(','));
  });

  test('a clear message when nothing matches', async () => {
    const hits = await results(internal, 'xyzzyqqv');
    assert.equal(hits.length, 0);
    const text = await page.textContent('#sokeresultater');
    assert.match(text, /Ingen treff for «xyzzyqqv»/);
  });

  test('compounds are split into the words the pages use', async () => {
    const hits = await results(internal, 'skjermoppsett');
    assert.ok(hits.slice(0, 3).some((h) => h.href.includes('skjerm-og-dokkingstasjon')), titles(hits).join(' | '));
  });

  test('a typo finds the word it was meant to be, with «Mente du»', async () => {
    const hits = await results(internal, 'utskirft');
    assert.ok(hits.length > 0, 'hits for the corrected word');
    assert.ok(hits[0].href.includes('skrive-ut'), titles(hits).join(' | '));
    const suggestion = await page.textContent('#sokeresultater .did-you-mean');
    assert.match(suggestion, /Mente du utskrift\?/i);
    assert.ok(hits[0].marks.length > 0, 'the corrected word is highlighted');
  });

  test('editor synonyms: an everyday English word finds the Norwegian page', async () => {
    const hits = await results(internal, 'printer');
    assert.ok(hits[0].href.includes('skrive-ut'), titles(hits).join(' | '));
  });

  test('a glossary entry is a definition box above the guides', async () => {
    const hits = await results(internal, 'vpn');
    const box = await page.$eval('#sokeresultater .search-definition', (b) => ({ title: b.querySelector('a').textContent, text: b.querySelector('p').textContent }));
    assert.equal(box.title, 'VPN');
    assert.ok(box.text.length > 10, box.text);
    assert.ok(!hits.some((h) => h.href.includes('begreper/vpn/')), 'not repeated in the list');
    assert.ok(hits[0].href.includes('fjerntilgang-vpn'), titles(hits).join(' | '));
  });

  test('the target page highlights the matched words and scrolls to the first', async () => {
    const hits = await results(internal, 'dokkingstasjon');
    await page.click(`#sokeresultater a[href="${hits[0].href}"]`);
    await page.waitForLoadState('load');
    assert.match(page.url(), /^file:.*\?highlight=/);
    await page.waitForSelector('main mark.search-highlight');
    const marks = await page.$$eval('main mark.search-highlight', (m) => m.map((x) => x.textContent.toLowerCase()));
    assert.ok(marks.every((m) => m.startsWith('dokkingstasjon')), marks.join(','));
    const firstInView = await page.$eval('main mark.search-highlight', (m) => {
      const r = m.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    assert.ok(firstInView, 'scrolled to the first highlighted word');
  });

  test('result links work from disk', async () => {
    const hits = await results(internal, 'passord');
    await page.click(`#sokeresultater a[href="${hits[0].href}"]`);
    await page.waitForLoadState('load');
    assert.equal(await page.textContent('h1'), hits[0].title);
  });
});

describe('search in the real content: nynorsk, English, requirements, reports, terms', () => {
  test('a query in nynorsk finds the bokmål page', async () => {
    const glemt = await results(internal, 'gløymt passord');
    assert.ok(glemt[0].href.includes('glemt-passord/'), titles(glemt).join(' | '));
    const nokkel = await results(internal, 'tryggleiksnøkkel');
    assert.ok(nokkel.length > 0 && nokkel[0].href.includes('sikkerhetsnokkel/'), titles(nokkel).join(' | '));
  });

  test('English IT words find the Norwegian pages', async () => {
    const mailbox = await results(internal, 'shared mailbox');
    assert.ok(mailbox.length > 0 && mailbox[0].href.includes('felles-postboks/'), titles(mailbox).join(' | '));
    const key = await results(internal, 'security key');
    assert.ok(key[0].href.includes('konto-og-innlogging/sikkerhetsnokkel/'), titles(key).join(' | '));
  });

  test('a requirement is a hit of its own, leading to its anchor, its text the snippet', async () => {
    const hits = await results(internal, 'ups driftstid');
    assert.ok(hits.length > 0, 'ups driftstid finds something');
    // NETT-024 (online UPS, 30 minutes) and NETT-025 (2 hours in health care) both answer it.
    assert.match(hits[0].href, /krav\/kabling-og-fiber\/index\.html\?highlight=[^#]*#NETT-02[45]$/, titles(hits).join(' | '));
    const at = hits.findIndex((h) => /#NETT-024$/.test(h.href));
    assert.ok(at >= 0 && at < 3, titles(hits).join(' | '));
    assert.match(hits[at].title, /^NETT-024 Strøm og UPS$/);
    const snippets = await page.$$eval('#sokeresultater li .result-snippet', (ps) => ps.map((p) => p.textContent));
    assert.match(snippets[at], /online UPS/);
  });

  test('a requirement id typed exactly comes first, from the header box straight to it', async () => {
    for (const id of ['NETT-024', 'nett-24', 'Nett 024']) {
      const hits = await results(internal, id);
      assert.match(hits[0].title, /^NETT-024 /, `${id}: ${titles(hits).slice(0, 3).join(' | ')}`);
    }
    await page.goto(fileUrl(internal, 'index.html'), { waitUntil: 'load' });
    await page.focus('#sok-felt');
    await page.keyboard.type('nett-24');
    await page.waitForSelector('#sok-felt-resultater [role=option] a');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(page.url(), /krav\/kabling-og-fiber\/index\.html#NETT-024$/);
  });

  test('reports and section pages are hits', async () => {
    const matrix = await results(internal, 'kravmatrise');
    assert.ok(matrix[0].href.includes('rapporter/kravmatrise/'), titles(matrix).join(' | '));
    const perm = await results(internal, 'beredskapsperm');
    assert.ok(perm[0].href.includes('rapporter/beredskapsperm/'), titles(perm).join(' | '));
  });

  test('a question about a term puts its definition first', async () => {
    for (const q of ['hva betyr sla', 'hva er SLA?', 'sla betyr']) {
      const hits = await results(internal, q);
      assert.ok(hits[0].href.includes('begreper/sla/'), `${q}: ${titles(hits).slice(0, 3).join(' | ')}`);
    }
  });

  test('one word finds what the pages hyphenate or write apart', async () => {
    const hits = await results(internal, 'pcbytte');
    assert.ok(hits.slice(0, 3).some((h) => /pc-rullering|bestille-ny-pc/.test(h.href)), titles(hits).join(' | '));
  });

  test('a query of only punctuation says «Ingen treff» at once, with no error', async () => {
    const errors = [];
    const listen = (error) => errors.push(String(error));
    page.on('pageerror', listen);
    try {
      for (const q of ['*', '?!', '«»']) {
        const started = Date.now();
        const hits = await results(internal, q);
        assert.equal(hits.length, 0);
        assert.match(await page.textContent('#sokeresultater'), /Ingen treff/, q);
        assert.ok(Date.now() - started < 3000, `${q}: not after the four-second fallback`);
        const waiting = await page.evaluate(() => document.documentElement.classList.contains('sok-venter'));
        assert.equal(waiting, false, 'the A–Å list is shown');
      }
      assert.deepEqual(errors, []);
    } finally {
      page.off('pageerror', listen);
    }
  });
});

describe('the search page: layout and accessibility', () => {
  test('results arriving move nothing on the page (no layout shift), on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 412, height: 823 } });
    try {
      for (const query of ['passord', 'vpn', 'utskirft']) {
        await phone.goto(`${fileUrl(internal, 'sok/index.html')}?q=${query}`, { waitUntil: 'load' });
        // Every hit added: the later batches are the last content the page adds.
        await phone.waitForSelector('#sokeresultater[data-komplett]');
        const shift = await phone.evaluate(() => new Promise((resolve) => {
          let sum = 0;
          new PerformanceObserver((list) => { for (const e of list.getEntries()) sum += e.value; })
            .observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(sum), 200);
        }));
        assert.equal(shift, 0, `cumulative layout shift on sok/?q=${query}`);
      }
    } finally {
      await phone.close();
    }
  });

  test('with a query, a small site fetches its page texts while the page loads', async () => {
    await page.goto(fileUrl(internal, 'sok/index.html'), { waitUntil: 'load' });
    const files = Number(await page.getAttribute('#sokeresultater', 'data-sidetekster'));
    assert.ok(files >= 1 && files <= 4, `data-sidetekster=${files}`);
    const texts = [];
    const listen = (request) => { if (/\/search\/d-\d+\.js$/.test(request.url())) texts.push(request.url()); };
    page.on('request', listen);
    try {
      await page.reload({ waitUntil: 'load' });
      assert.deepEqual(texts, [], 'no query: no page texts');
      // `vpn` has few hits, so their snippets alone would not need every file.
      await page.goto(`${fileUrl(internal, 'sok/index.html')}?q=vpn`, { waitUntil: 'domcontentloaded' });
      const early = new Set(texts.map((u) => u.replace(/.*\//, '')));
      assert.equal(early.size, files, `fetched by the time the page is parsed: ${[...early].join(' ')}`);
      await page.waitForSelector('#sokeresultater[data-komplett]');
    } finally {
      page.off('request', listen);
    }
  });

  test('the A–Å list waits for the results, and not for a search that never comes', async () => {
    const listShown = () => page.evaluate(() => ({
      waiting: document.documentElement.classList.contains('sok-venter'),
      visibility: getComputedStyle(document.querySelector('.a-z')).contentVisibility,
    }));
    await page.goto(`${fileUrl(internal, 'sok/index.html')}?q=passord`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#sokeresultater[data-komplett]');
    assert.deepEqual(await listShown(), { waiting: false, visibility: 'auto' });
    // The index cannot be loaded: the list is laid out all the same, after a few seconds.
    const server = await serveDir(internal);
    try {
      await page.route('**/search/meta.js', (route) => route.abort());
      await page.goto(`${server.url}sok/index.html?q=passord`, { waitUntil: 'load' });
      assert.deepEqual(await listShown(), { waiting: true, visibility: 'hidden' });
      await page.waitForFunction(() => !document.documentElement.classList.contains('sok-venter'), null, { timeout: 8000 });
      assert.deepEqual(await listShown(), { waiting: false, visibility: 'auto' });
    } finally {
      await page.unroute('**/search/meta.js');
      await server.close();
    }
  });

  test('«Mente du» and the definition box pass axe (contrast, names)', async () => {
    for (const [query, selector] of [['utskirft', '.did-you-mean'], ['vpn', '.search-definition']]) {
      await results(internal, query);
      assert.ok(await page.$(`#sokeresultater ${selector}`), `${selector} shown for ${query}`);
      const violations = await runAxe(page);
      assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`), [], query);
    }
  });
});

describe('the header search box', () => {
  test('results as you type, arrows, Enter and Escape', async () => {
    await page.goto(fileUrl(internal, 'index.html'), { waitUntil: 'load' });
    await page.focus('#sok-felt');
    await page.keyboard.type('passord', { delay: 20 });
    const listbox = page.locator('#sok-felt-resultater');
    await listbox.waitFor({ state: 'visible' });
    await page.waitForSelector('#sok-felt-resultater [role=option] a');
    assert.equal(await page.getAttribute('#sok-felt', 'aria-expanded'), 'true');
    await page.keyboard.press('ArrowDown');
    const first = await page.$eval('#sok-felt-resultater [role=option]', (o) => ({ id: o.id, selected: o.getAttribute('aria-selected'), href: o.querySelector('a').href }));
    assert.equal(await page.getAttribute('#sok-felt', 'aria-activedescendant'), first.id);
    assert.equal(first.selected, 'true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.getAttribute('#sok-felt', 'aria-activedescendant'), first.id);
    await page.keyboard.press('Escape');
    await listbox.waitFor({ state: 'hidden' });
    assert.equal(await page.getAttribute('#sok-felt', 'aria-expanded'), 'false');
    await page.keyboard.press('ArrowDown');
    await listbox.waitFor({ state: 'visible' });
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(page.url(), first.href);
  });

  test('the first letter of a next word keeps the list and fetches nothing', async () => {
    await page.goto(fileUrl(internal, 'index.html'), { waitUntil: 'load' });
    const requested = [];
    page.on('request', (request) => requested.push(request.url()));
    const shown = async (query) => {
      await page.fill('#sok-felt', query);
      await page.waitForFunction((q) => {
        const list = document.getElementById('sok-felt-resultater');
        return list && !list.hidden && list.querySelector('[role=option] a') && document.getElementById('sok-felt').value === q;
      }, query);
      // Let any further update of this keystroke land before reading the list.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
      return page.$$eval('#sok-felt-resultater [role=option] a', (links) => links.map((a) => a.textContent));
    };
    const word = await shown('passord ');
    const withLetter = await shown('passord s');
    assert.deepEqual(withLetter, word);
    assert.ok(!requested.some((url) => /\/search\/t-s\.js$/.test(url)), requested.filter((u) => /search\//.test(u)).join(' '));
    const twoLetters = await shown('passord sk');
    assert.ok(twoLetters.length > 0);
  });

  test('a query with no hits says so in the list', async () => {
    await page.goto(fileUrl(internal, 'index.html'), { waitUntil: 'load' });
    await page.focus('#sok-felt');
    await page.keyboard.type('qqqxyzzy');
    await page.waitForSelector('#sok-felt-resultater .no-results');
    assert.match(await page.textContent('#sok-felt-resultater'), /Ingen treff/);
  });
});

describe('over http', () => {
  test('works the same as from disk', async () => {
    const server = await serveDir(internal);
    try {
      const overHttp = await results(server.url, 'tradlost');
      const fromDisk = await results(internal, 'tradlost');
      assert.deepEqual(titles(overHttp), titles(fromDisk));
      assert.ok(overHttp.length > 0);
    } finally {
      await server.close();
    }
  });
});

describe('a fixture site: escaping and ranking', () => {
  let site;
  before(() => {
    const bin = process.env.KOMPETANSE_BIN || path.join(repo, 'target/release/kompetanse');
    const root = mkdtempSync(path.join(os.tmpdir(), 'kompetanse-sok-'));
    cpSync(path.join(repo, 'themes/default'), path.join(root, 'themes/default'), { recursive: true });
    writeFileSync(path.join(root, 'site.yaml'), 'title: Test\nbase_url: https://test.example/\n');
    const write = (rel, text) => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    const fm = (title, kind, body) =>
      `---\ntitle: ${JSON.stringify(title)}\nkind: ${kind}\nupdated: 2024-01-01\nowner: ROR-IKT\naccess: public\n${kind === 'tjeneste' ? 'service_id: T-1\nincluded: []\nnot_included: []\nexpectations: []\nsupport_hours: alltid\nprice: gratis\nroles: {tjenesteeier: a, tjenesteforvalter: b, driftsansvarlig: c}\n' : ''}---\n\n${body}\n`;
    write('content/_index.md', '---\ntitle: Test\naccess: public\n---\n');
    write('content/farlig.md', fm('<script>window.hacked=1</script><img src=x onerror="window.hacked=2"> Farlig tittel', 'artikkel', 'Teksten nevner <b>markup</b> og &amp; tegn.'));
    write('content/kropp.md', fm('Om utstyr', 'artikkel', 'Her står ordet skriveren bare i teksten, langt ned. Skriveren er grå.'));
    write('content/tittel.md', fm('Skriveren på kontoret', 'artikkel', 'Slik bruker du den.'));
    write('content/tjeneste.md', fm('Nettverk', 'tjeneste', 'Om nettverk.'));
    write('content/artikkel.md', fm('Nettverk', 'artikkel', 'Om nettverk.'));
    site = path.join(root, 'public');
    execFileSync(bin, ['--root', root, 'build', '--output', site], { stdio: 'pipe' });
  });

  test('titles and text are shown as text, never run as markup', async () => {
    const hits = await results(site, 'farlig');
    assert.equal(hits.length, 1);
    assert.ok(hits[0].title.includes('<script>window.hacked=1</script>'), hits[0].title);
    assert.equal(await page.evaluate(() => window.hacked), undefined);
    assert.equal(await page.$$eval('#sokeresultater script, #sokeresultater img, #sokeresultater b', (e) => e.length), 0);
    const markup = await results(site, 'markup');
    assert.equal(markup.length, 1);
    assert.equal(await page.evaluate(() => window.hacked), undefined);
  });

  test('a title match ranks above a body match', async () => {
    const hits = await results(site, 'skriveren');
    assert.deepEqual(titles(hits), ['Skriveren på kontoret', 'Om utstyr']);
  });

  test('among equal matches, self-help articles come first', async () => {
    const hits = await results(site, 'nettverk');
    assert.equal(hits.length, 2);
    assert.match(hits[0].kind, /Selvhjelpsartikkel/);
    assert.match(hits[1].kind, /Tjenestebeskrivelse/);
  });
});
