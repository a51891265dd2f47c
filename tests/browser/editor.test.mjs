// The browser editor at /admin/ of `kompetanse serve` (Decap CMS with kompetanse's format,
// preview and local backend), against copies of this portal and of the `init` site:
//
// - every page of both sites goes through the editor's format code in the browser: read
//   unchanged gives the identical file, and a changed title changes that one line only; and
//   edge cases (CRLF, BOM, no final line break, `---` at the end of the file) keep their form;
// - every page of both sites (the init site with CRLF, BOM and no-final-line-break copies of a
//   page) is opened in the real UI and saved «unchanged»: the file Decap sends to the backend
//   and the file on disk must be identical to the original, byte for byte. Decap offers no
//   save for an entry whose data equals the one it loaded (a change typed and deleted again
//   counts as none), so the test types a space at the end of the text: a change to the entry,
//   none to the page, which the format must turn back into the original file. Entries are
//   reached by route changes (hash), not page loads, with the preview pane closed;
// - one page of each kind is created through the forms, and `kompetanse check` accepts it;
// - the local backend refuses paths outside content/ (also tested in Rust);
// - axe-core on the editor's own pages.
//
// Needs KOMPETANSE_BIN (a built binary). Measured with the release binary:
// the whole file takes about 3 min 45 s (189 portal pages through the UI in 130 s, 19 init
// pages in 15 s) on the 2-core machine, with the other engineers building beside it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './lib/serve.mjs';
import { AXE_TAGS, launchBrowser, runAxe } from './lib/browser.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = process.env.KOMPETANSE_BIN;
if (!BIN || !existsSync(BIN)) {
  throw new Error('KOMPETANSE_BIN must name a built kompetanse binary (scripts/test.sh sets it).');
}

const scratch = mkdtempSync(path.join(tmpdir(), 'kompetanse-editor-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of this portal's sources. */
function portalCopy() {
  const dir = path.join(scratch, 'portal');
  for (const name of ['content', 'data', 'static', 'templates', 'site.yaml']) {
    if (existsSync(path.join(REPO, name))) {
      cpSync(path.join(REPO, name), path.join(dir, name), { recursive: true });
    }
  }
  return dir;
}

/**
 * A new site from `kompetanse init`, with copies of one page written the ways editors' tools
 * write files: CRLF line endings, a byte order mark, no final line break.
 */
function initSite() {
  const dir = path.join(scratch, 'ny');
  const run = spawnSync(BIN, ['init', dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const page = readFileSync(path.join(dir, 'content/veiledninger/bytte-passord.md'), 'utf8');
  const variants = {
    'crlf.md': (t) => t.replace(/\n/g, '\r\n'),
    'bom.md': (t) => `\uFEFF${t}`,
    'uten-linjeskift.md': (t) => t.replace(/\n+$/, ''),
    'alt-i-ett.md': (t) => `\uFEFF${t.replace(/\n+$/, '').replace(/\n/g, '\r\n')}`,
  };
  for (const [name, change] of Object.entries(variants)) {
    const text = change(page.replace('title: Bytte passord', `title: Bytte passord (${name})`));
    writeFileSync(path.join(dir, 'content/veiledninger', name), text);
  }
  return dir;
}


/** Every Markdown file under content/, as site-relative paths. */
function markdownFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.md')) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(path.join(root, 'content'));
  return out.sort();
}

async function openEditor(page, url, loginLabel = 'Logg inn') {
  await page.goto(`${url}admin/`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.kompetanseFormat !== undefined);
  const login = page.getByRole('button', { name: loginLabel });
  await login.waitFor({ timeout: 30000 });
  await login.click();
  await page.getByRole('navigation').first().waitFor();
}

const api = (url, action, params) =>
  fetch(`${url}api/v1`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ action, params }),
  });

/** The changed lines of two texts (same line count required). */
function changedLines(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length !== y.length) return null;
  return x.flatMap((line, i) => (line === y[i] ? [] : [[line, y[i]]]));
}

for (const which of ['portal', 'init']) {
  describe(`the editor on ${which === 'portal' ? 'this portal' : 'the init site'}`, () => {
    let root;
    let server;
    let browser;
    let page;
    let config;
    before(async () => {
      root = which === 'portal' ? portalCopy() : initSite();
      server = await serve(BIN, root);
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      config = await (await fetch(`${server.url}admin/config.json`)).json();
      await openEditor(page, server.url);
    });
    after(async () => {
      await browser?.close();
      server?.stop();
    });

    it('reads and writes every page unchanged, and changes only the title line', async () => {
      const files = markdownFiles(root);
      assert.ok(files.length > (which === 'portal' ? 100 : 8), `${files.length} pages`);
      const texts = files.map((f) => readFileSync(path.join(root, f), 'utf8'));
      const results = await page.evaluate((texts) => {
        const { parse, serialize } = window.kompetanseFormat;
        return texts.map((text) => {
          try {
            const same = serialize(parse(text));
            const data = parse(text);
            data.title = `${data.title} (endret)`;
            const changed = serialize(data);
            return { same, changed, title: parse(changed).title, error: null };
          } catch (err) {
            return { error: String(err.message || err) };
          }
        });
      }, texts);
      results.forEach((result, i) => {
        assert.equal(result.error, null, files[i]);
        assert.equal(result.same, texts[i], `${files[i]} changed on an unchanged save`);
        const lines = changedLines(texts[i], result.changed);
        assert.ok(lines && lines.length === 1 && lines[0][0].startsWith('title:'), `${files[i]}: ${JSON.stringify(lines)}`);
        assert.match(result.title, /\(endret\)$/, files[i]);
      });
    });

    it('keeps the file\'s own line endings, BOM and final line break', async () => {
      // [file, the file after the body becomes «Ny tekst.»]
      const cases = [
        ['---\ntitle: A\n---\n\nTekst.', '---\ntitle: A\n---\n\nNy tekst.'],
        ['---\r\ntitle: A\r\nowner: IT\r\n---\r\n\r\nTekst.\r\nMer.\r\n', '---\r\ntitle: A\r\nowner: IT\r\n---\r\n\r\nNy tekst.\r\n'],
        ['---\r\ntitle: A\r\n---\r\nTekst.', '---\r\ntitle: A\r\n---\r\nNy tekst.'],
        ['\uFEFF---\ntitle: A\n---\n\nTekst.\n', '\uFEFF---\ntitle: A\n---\n\nNy tekst.\n'],
        ['\uFEFF---\r\ntitle: A\r\n---\r\n\r\nTekst.', '\uFEFF---\r\ntitle: A\r\n---\r\n\r\nNy tekst.'],
        ['---\ntitle: A\n---', '---\ntitle: A\n---\n\nNy tekst.'],
        ['---\r\ntitle: A\r\n---', '---\r\ntitle: A\r\n---\r\n\r\nNy tekst.'],
        ['---\ntitle: A\n---\n', '---\ntitle: A\n---\n\nNy tekst.\n'],
        ['---\ntitle: A\n...\nTekst.\n', '---\ntitle: A\n...\nNy tekst.\n'],
        ['---\n---\n', '---\n---\n\nNy tekst.\n'],
        ['---\ntitle: A # kommentar\n---\n\n', '---\ntitle: A # kommentar\n---\n\nNy tekst.\n'],
      ];
      const out = await page.evaluate((cases) => {
        const { parse, serialize } = window.kompetanseFormat;
        return cases.map(([text]) => {
          const data = parse(text);
          const unchanged = serialize(parse(text));
          // Decap's Markdown field hands back the text without its final line break.
          const trimmed = serialize({ ...data, body: String(data.body).trim() });
          const body = serialize({ ...data, body: 'Ny tekst.' });
          let title = null;
          if (data.title !== undefined) {
            title = serialize({ ...data, title: 'B' });
          }
          return { unchanged, trimmed, body, title };
        });
      }, cases);
      cases.forEach(([text, withBody], i) => {
        const label = JSON.stringify(text);
        assert.equal(out[i].unchanged, text, `${label} saved unchanged`);
        assert.equal(out[i].trimmed, text, `${label} saved with the body Decap hands back`);
        assert.equal(out[i].body, withBody, `${label} with a new body`);
        if (out[i].title !== null) {
          assert.equal(out[i].title, text.replace('title: A', 'title: B'), `${label} with a new title`);
        }
      });
    });

    it('keeps comments, quoting and keys the form does not show when a field changes', async () => {
      const text = '---\n# Kommentar øverst\ntitle: "Sitert tittel"\nowner: Noen   # etter verdien\negen_nokkel: [a, b]\nupdated: 2024-01-02\n---\n\nTekst.\n';
      const out = await page.evaluate((text) => {
        const { parse, serialize } = window.kompetanseFormat;
        const data = parse(text);
        data.updated = '2025-03-04';
        data.title = 'Ny tittel';
        delete data.egen_nokkel; // a form that does not know a key must not drop it
        return serialize(data);
      }, text);
      assert.equal(
        out,
        text.replace('updated: 2024-01-02', 'updated: 2025-03-04').replace('"Sitert tittel"', '"Ny tittel"'),
      );
    });

    it('saves every page through the real UI and leaves the file identical', async () => {
      // Every Markdown file belongs to a collection: its folder's, or the sections' own.
      const entries = markdownFiles(root).map((file) => {
        const slash = file.lastIndexOf('/');
        const folder = file.slice(0, slash);
        const name = file.slice(slash + 1);
        if (name === '_index.md') {
          const sections = config.collections.find((c) => c.files);
          const entry = sections.files.find((f) => f.file === file);
          assert.ok(entry, `${file}: no entry in the sections' collection`);
          return { file, route: `${sections.name}/entries/${entry.name}` };
        }
        const collection = config.collections.find((c) => c.folder === folder);
        assert.ok(collection, `${file}: no collection for ${folder}`);
        return { file, route: `${collection.name}/entries/${name.replace(/\.md$/, '')}` };
      });
      assert.ok(entries.length > (which === 'portal' ? 100 : 8), `${entries.length} pages`);
      const started = Date.now();
      // The preview pane re-renders the site for every entry; it is tested on its own below.
      await page.evaluate(() => localStorage.setItem('cms.right-pane', 'none'));
      await page.goto(`${server.url}admin/#/collections/${entries[0].route}`);
      await page.reload();
      await page.waitForFunction(() => window.kompetanseFormat !== undefined);
      const title = page.locator('input[id^="title-field-"]').first();
      await title.waitFor();
      for (const { file, route } of entries) {
        const full = path.join(root, file);
        const original = readFileSync(full, 'utf8');
        const expected = await page.evaluate((text) => String(window.kompetanseFormat.parse(text).title ?? ''), original);
        if ((await page.evaluate(() => window.location.hash)) !== `#/collections/${route}`) {
          // Route changes, not page loads, as when an editor clicks. Decap keeps its editor
          // mounted from one entry's route to the next, still showing the first entry, so
          // the way goes through a route without the editor (its «not found» page).
          await page.evaluate(() => { window.location.hash = '#/kompetanse-neste'; });
          await title.waitFor({ state: 'detached' });
          await page.evaluate((hash) => { window.location.hash = hash; }, `#/collections/${route}`);
        }
        try {
          await page.waitForFunction(
            (want) => document.querySelector('input[id^="title-field-"]')?.value === want,
            expected,
            { timeout: 20000 },
          );
        } catch (err) {
          const shot = path.join(tmpdir(), `kompetanse-editor-${which}-ui.png`);
          await page.screenshot({ path: shot });
          throw new Error(`${file} did not open (${shot}): ${err.message}`);
        }
        // Decap saves only a changed entry, and a change undone counts as none: a space at
        // the end of the text changes the entry but not the page, so the format must give
        // back the file as it was.
        const body = page.locator('.cms-editor-raw [contenteditable="true"]').first();
        await body.click();
        await typeAtTheEnd(page, body, ' ', file);
        const saved = page.waitForResponse(
          (r) => r.url().endsWith('/api/v1') && r.request().postData()?.includes('"persistEntry"'),
          { timeout: 20000 },
        );
        await publishNow(page, `${which}-${file}`);
        const response = await saved;
        assert.equal(response.status(), 200, `${file}: ${await response.text()}`);
        const sent = JSON.parse(response.request().postData()).params.dataFiles;
        assert.deepEqual(sent.map((f) => f.path), [file]);
        assert.equal(sent[0].raw, original, `${file}: the editor sent a changed file`);
        assert.equal(readFileSync(full, 'utf8'), original, `${file} is not identical after saving it`);
      }
      const seconds = (Date.now() - started) / 1000;
      console.log(`${which}: ${entries.length} pages saved through the UI in ${seconds.toFixed(0)} s`);
      await page.evaluate(() => localStorage.removeItem('cms.right-pane'));
    });

    it('previews a section page with the text being typed', async () => {
      const own = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      try {
        await openEditor(own, server.url);
        const sections = config.collections.find((c) => c.files);
        const entry = sections.files.find((f) => f.file !== 'content/_index.md');
        await own.goto(`${server.url}admin/#/collections/${sections.name}/entries/${entry.name}`);
        const body = own.locator('.cms-editor-raw [contenteditable="true"]').first();
        // On a loaded machine the entry may still be loading when the first keys arrive, and
        // they go nowhere: type until the text is in the editor (what the preview is given).
        for (let attempt = 0; ; attempt += 1) {
          await body.click();
          await body.press('Control+Home');
          await own.keyboard.type('Skrevet akkurat nå. ');
          const typed = await body.innerText().then((t) => t.includes('Skrevet akkurat nå.'), () => false);
          if (typed) break;
          assert.ok(attempt < 3, 'the typed text never reached the editor');
        }
        const shown = own.frameLocator('iframe').locator('.kompetanse-side', { hasText: 'Skrevet akkurat nå.' });
        await shown.waitFor({ timeout: 60000 }).catch(async (err) => {
          const pane = await own.frameLocator('iframe').locator('body').innerText().catch(() => '(no preview frame)');
          await own.screenshot({ path: path.join(tmpdir(), `kompetanse-editor-section-${which}.png`) });
          throw new Error(`${err.message}\npreview pane: ${pane.slice(0, 500)}`);
        });
        assert.ok(!readFileSync(path.join(root, entry.file), 'utf8').includes('Skrevet akkurat'));
      } finally {
        await own.close();
      }
    });

    it('refuses paths outside content/ and the media folder', async () => {
      for (const bad of ['../ut.md', 'site.yaml', 'content/../site.yaml', '/etc/passwd', 'templates/page.html']) {
        const response = await api(server.url, 'persistEntry', {
          dataFiles: [{ path: bad, slug: 'x', raw: 'x' }],
          assets: [],
        });
        assert.ok(response.status >= 400 && response.status < 500, `${bad}: ${response.status}`);
      }
      const cross = await fetch(`${server.url}api/v1`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' },
        body: JSON.stringify({ action: 'info', params: {} }),
      });
      assert.equal(cross.status, 403);
    });

    it('has no axe violations on the editor\'s own pages', async () => {
      // axe is injected as a script, which the editor's CSP (rightly) refuses.
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1400, height: 1000 } });
      const axePage = await context.newPage();
      try {
        await openEditor(axePage, server.url);
        const check = async (label) => {
          const violations = await runAxe(axePage);
          assert.deepEqual(violations.map((v) => `${v.id} (${v.impact}): ${v.help} ${v.nodes.slice(0, 3).map((n) => n.html).join(' | ')}`), [], label);
        };
        await check('login and collection list');
        const collection = config.collections.find((c) => c.folder && readdirSync(path.join(root, c.folder)).some((f) => f.endsWith('.md') && f !== '_index.md'));
        const first = readdirSync(path.join(root, collection.folder)).filter((f) => f.endsWith('.md') && f !== '_index.md').sort()[0];
        await axePage.goto(`${server.url}admin/#/collections/${collection.name}/entries/${first.replace(/\.md$/, '')}`);
        await axePage.locator('input[id^="title-field-"]').first().waitFor();
        await check('entry form');
      } finally {
        await context.close();
      }
    });

    if (which === 'init') {
      it('creates a page of each kind through the forms, and check accepts them', async () => {
        let n = 0;
        const created = [];
        for (const collection of config.collections.filter((c) => c.folder && c.folder !== 'content')) {
          n += 1;
          await page.goto(`${server.url}admin/#/collections/${collection.name}/new`);
          await page.reload();
          await page.locator('input[id^="title-field-"]').first().waitFor();
          page.setDefaultTimeout(10000);
          await fillFields(page, page.locator('body'), collection.fields, n, true).catch(async (err) => {
            const shot = path.join(tmpdir(), `kompetanse-editor-ny-${collection.name}.png`);
            await page.screenshot({ path: shot, fullPage: true });
            throw new Error(`${collection.name} (${shot}): ${err.message}`);
          });
          await publishNow(page, `ny-${collection.name}`);
          const file = `${collection.folder}/ny-side-${n}.md`;
          await until(() => existsSync(path.join(root, file)), `${file} was not written`);
          created.push(file);
        }
        assert.ok(created.length >= 7, created.join(', '));
        for (const file of created) {
          assert.ok(existsSync(path.join(root, file)), `${file} was not written`);
        }
        const check = spawnSync(BIN, ['--root', root, 'check'], { encoding: 'utf8' });
        assert.equal(check.status, 0, `${check.stdout}\n${check.stderr}`);
      });
    }
  });
}

describe('the editor of an English and a nynorsk site', () => {
  for (const [language, login, texts] of [
    ['en', 'Login', { hint: 'The unit that keeps the page up to date', check: /^Check: /, frame: 'Preview of the page', publish: 'Publish' }],
    ['nn', 'Logg inn', { hint: 'Eininga som held sida oppdatert', check: /^Kontroll: /, frame: 'Førehandsvising av sida', publish: 'Publiser' }],
  ]) {
    it(`shows the form, its hints, its check and Decap's own buttons in ${language}`, async () => {
      const root = path.join(scratch, `lingua-${language}`);
      cpSync(path.join(REPO, 'tests/testsuite/sites/languages'), root, { recursive: true });
      writeFileSync(
        path.join(root, 'site.yaml'),
        `title: Lingua\nbase_url: https://test.example/\nlanguage: ${language}\nvocabularies:\n  municipalities:\n    molde: Molde\n  areas:\n    oppvekst-og-utdanning: Oppvekst og utdanning\n`,
      );
      const server = await serve(BIN, root);
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        await openEditor(page, server.url, login);
        assert.equal(await page.evaluate(() => document.documentElement.lang), language);
        await page.goto(`${server.url}admin/#/collections/reqs/entries/epsilon`);
        await page.locator('input[id^="title-field-"]').first().waitFor();
        await page.getByText(texts.hint, { exact: true }).first().waitFor();
        const check = page.frameLocator(`iframe[title="${texts.frame}"]`).locator('.kompetanse-kontroll p').first();
        await check.filter({ hasText: texts.check }).waitFor({ timeout: 30000 });
        // Decap's own locale: the save button of an unchanged entry.
        await page.getByRole('button', { name: texts.publish === 'Publish' ? 'Published' : 'Publisert', exact: true }).first().waitFor();
        const form = await page.locator('[class*="ControlPaneContainer"]').first().innerText();
        for (const word of ['Påkrevd', 'Ansvarlig', 'Enheten som', 'Tekst (']) {
          assert.ok(!form.includes(word), `${language}: «${word}» in the form`);
        }
      } finally {
        await browser.close();
        server.stop();
      }
    });
  }
});

/**
 * Types `text` at the very end of the Markdown editor `body`: the caret is put there through
 * the DOM selection (Ctrl+End stops at the end of the visible line), and the editor (Slate)
 * takes a moment to adopt a selection; if the text still lands elsewhere, it is deleted again
 * and the caret placed anew.
 */
async function typeAtTheEnd(page, body, text, label) {
  const toEnd = () => body.evaluate((editor) => {
    const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
    let last = null;
    while (walker.nextNode()) last = walker.currentNode;
    const range = document.createRange();
    if (last) range.setStart(last, last.data.replace(/\uFEFF$/, '').length);
    else range.selectNodeContents(editor);
    range.collapse(!last);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  });
  const endsWithIt = () => body.evaluate(
    (editor, text) => editor.textContent.replace(/\uFEFF/g, '').replace(/\u00a0/g, ' ').endsWith(text),
    text,
  );
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await toEnd();
    await page.waitForTimeout(150);
    await page.keyboard.type(text);
    if (await endsWithIt()) return;
    for (let i = 0; i < text.length; i += 1) await page.keyboard.press('Backspace');
  }
  throw new Error(`${label}: could not type at the end of the text`);
}

/** Waits (at most 20 s) until `done()` holds. */
async function until(done, message) {
  const deadline = Date.now() + 20000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Publishes the open entry; on failure, a screenshot in the temporary folder. */
async function publishNow(page, label) {
  await page.getByRole('button', { name: 'Publiser', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Publiser nå' }).click();
  await page.getByRole('button', { name: 'Publisert', exact: true }).first().waitFor({ timeout: 20000 }).catch(async (err) => {
    const shot = path.join(tmpdir(), `kompetanse-editor-${label.replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    const errors = await page.evaluate(() =>
      [...document.querySelectorAll('[class*="ControlErrorsList"] li, [class*="ControlContainer"] ul li')]
        .map((li) => `${li.closest('[class*="ControlContainer"]')?.querySelector('label')?.textContent}: ${li.textContent}`));
    throw new Error(`${label}: not published (${shot}): ${errors.join('; ')} ${err.message}`);
  });
}

/** Fills the required fields of a form (and of one item of each required list). */
async function fillFields(page, scope, fields, n, top) {
  for (const field of fields) {
    if (!field.required && !(top && field.name === 'title')) continue;
    await fillField(page, scope, field, n, top).catch((err) => {
      throw new Error(`field ${field.name}: ${err.message.split('\n')[0]}`);
    });
  }
}

async function fillField(page, scope, field, n, top) {
  {
    const control = scope.locator(`[id^="${field.name}-field-"]`).filter({ visible: true }).last();
    switch (field.widget) {
      case 'string':
      case 'text': {
        let value = field.name === 'title' && top ? `Ny side ${n}` : 'Eksempel';
        if (field.pattern) value = `NY-${n}${field.name.length}`;
        if (field.name === 'version') value = '1.0';
        await control.click();
        await control.type(value);
        break;
      }
      case 'markdown': {
        // The raw Markdown editor is a contenteditable without the field's id.
        const editor = scope
          .locator('.cms-editor-raw')
          .filter({ visible: true })
          .last()
          .locator('[contenteditable="true"], textarea')
          .first();
        await editor.click();
        await page.keyboard.type('Eksempeltekst.');
        break;
      }
      case 'datetime':
        await control.fill('2026-01-15');
        break;
      case 'select': {
        await control.click();
        await page.getByRole('option').first().click();
        break;
      }
      case 'object':
        await fillFields(page, scope, field.fields, n, false);
        break;
      case 'list': {
        await scope.getByRole('button', { name: `Add ${field.label.toLowerCase()}` }).last().click();
        if (field.field) {
          const item = scope.locator(`[id^="${field.field.name}-field-"]`).filter({ visible: true }).last();
          await item.click();
          await item.type('Eksempel');
        } else {
          await fillFields(page, scope, field.fields, n, false);
        }
        break;
      }
      default:
        break;
    }
  }
}
