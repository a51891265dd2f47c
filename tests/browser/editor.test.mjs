// The browser editor at /admin/ of `kompetanse serve` (Decap CMS with kompetanse's format,
// preview and local backend), against copies of this portal and of the `init` site:
//
// - every page of both sites goes through the editor's format code in the browser: read
//   unchanged gives the identical file, and a changed title changes that one line only;
// - a representative set (in the init site a page of every kind and a section page; in the
//   portal four collections, a nested one among them, and a section page) is
//   opened in the real UI, changed, saved, changed back and saved: the file must be identical
//   to the original, byte for byte (Decap offers no save for an unchanged entry, so a change
//   and its undo is the real-UI way to save a page «unchanged");
// - one page of each kind is created through the forms, and `kompetanse check` accepts it;
// - the local backend refuses paths outside content/ (also tested in Rust);
// - axe-core on the editor's own pages.
//
// Needs KOMPETANSE_BIN (a built binary); takes about three minutes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** A new site from `kompetanse init`. */
function initSite() {
  const dir = path.join(scratch, 'ny');
  const run = spawnSync(BIN, ['init', dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return dir;
}

/** `kompetanse serve` on a free port; resolves when it prints its address. */
function serve(root) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--root', root, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /Forhåndsvisning: (http:\/\/\S+\/)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
      }
    });
    child.stderr.on('data', (chunk) => { out += chunk; });
    child.on('exit', (code) => reject(new Error(`serve ended (${code}):\n${out}`)));
  });
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

async function openEditor(page, url) {
  await page.goto(`${url}admin/`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.kompetanseFormat !== undefined);
  const login = page.getByRole('button', { name: 'Logg inn' });
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
      server = await serve(root);
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

    it('saves a page of every collection through the real UI and leaves the file identical', async () => {
      const picks = [];
      for (const collection of config.collections) {
        if (collection.files) {
          const file = collection.files[collection.files.length - 1];
          picks.push({ route: `${collection.name}/entries/${file.name}`, file: file.file });
          continue;
        }
        const pages = readdirSync(path.join(root, collection.folder))
          .filter((f) => f.endsWith('.md') && f !== '_index.md')
          .sort();
        if (pages.length > 0) {
          picks.push({ route: `${collection.name}/entries/${pages[0].replace(/\.md$/, '')}`, file: `${collection.folder}/${pages[0]}` });
        }
      }
      // A page of every collection of the init site and one section page; in the portal,
      // every other collection (nested sections included) and a section page: the UI takes
      // seconds per save, and the format code above covers every page.
      const pages = picks.filter((p) => !p.route.startsWith('seksjoner/'));
      const section = picks[picks.length - 1];
      const portalPicks = ['krav/', 'beredskap/', 'behandlingsprotokoller/', 'selvhjelp_ledere/'];
      const chosen = [
        ...(which === 'portal' ? pages.filter((p) => portalPicks.some((c) => p.route.startsWith(c))) : pages),
        section,
      ];
      assert.ok(chosen.length >= (which === 'portal' ? 5 : 8), JSON.stringify(chosen));
      for (const { route, file } of chosen) {
        const full = path.join(root, file);
        const original = readFileSync(full, 'utf8');
        const title = () => page.locator('input[id^="title-field-"]').first();
        const publish = () => publishNow(page, `${which}-${route}`);
        await page.goto(`${server.url}admin/#/collections/${route}`);
        await page.reload();
        await title().waitFor().catch(async (err) => {
          await page.screenshot({ path: path.join(tmpdir(), `kompetanse-editor-${which}.png`) });
          throw new Error(`${route}: ${err.message}`);
        });
        await title().click();
        await title().press('End');
        await title().type('x');
        await publish();
        await until(() => readFileSync(full, 'utf8') !== original, `${file} was not saved`);
        const once = readFileSync(full, 'utf8');
        const lines = changedLines(original, once);
        assert.ok(lines && lines.length === 1 && lines[0][0].startsWith('title:'), `${file}: ${JSON.stringify(lines)}`);
        // Decap compares with the entry as first opened: open it again to undo the change.
        await page.reload();
        await page.waitForFunction(() =>
          [...document.querySelectorAll('input[id^="title-field-"]')].some((i) => i.value.endsWith('x')));
        await title().click();
        await title().press('End');
        await title().press('Backspace');
        await publish();
        await until(() => readFileSync(full, 'utf8') !== once, `${file} was not saved back`);
        assert.equal(readFileSync(full, 'utf8'), original, `${file} is not identical after saving it back`);
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
