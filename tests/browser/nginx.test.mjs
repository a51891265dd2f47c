// deploy/nginx.conf with a real nginx (Debian's package; scripts/test.sh installs nginx-light):
// `nginx -t` accepts it, and every kind of file of the public build is served with the
// security headers of the server block and its own caching, at the root and under a
// subfolder. nginx runs as a test instance of its own: 127.0.0.1, a free high port, a temporary
// prefix, stopped after the tests (also when they fail, and also when run as root in CI).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { siteDir } from './lib/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLE = path.resolve(here, '../../deploy/nginx.conf');
/** Debian's nginx; override with NGINX_PATH. */
const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';

/** A port nothing listens on now. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The first file under `dir` (relative, with `/`) whose name matches `pattern`. */
function find(dir, pattern, rel = '') {
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isFile() && pattern.test(child)) return child;
    if (entry.isDirectory()) {
      const found = find(dir, pattern, child);
      if (found) return found;
    }
  }
  return null;
}

/** GET `urlPath` from the test instance: { status, headers }. */
function get(port, urlPath) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, rejectUnauthorized: false, servername: 'ror-ikt.no', headers: { host: 'ror-ikt.no' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('deploy/nginx.conf with Debian nginx', () => {
  const built = siteDir('KOMPETANSE_PUBLIC_DIR');
  // One file of each kind from the public build (found, not guessed).
  const files = {
    page: 'index.html',
    nested: find(built, /^[^/]+\/[^/]+\/index\.html$/),
    notFound: '404.html',
    css: 'css/style.css',
    js: find(built, /^js\/.*\.js$/),
    svg: find(built, /\.svg$/),
    worker: 'sw.js',
    search: find(built, /^search\/.+/),
    sitemap: 'sitemap.xml',
  };
  let prefix;
  let port;
  let nginx;
  let config;

  before(async () => {
    if (!existsSync(NGINX)) {
      throw new Error(`no nginx at ${NGINX}: install Debian's package (apt-get install nginx-light) or set NGINX_PATH; scripts/test.sh installs it.`);
    }
    for (const [kind, rel] of Object.entries(files)) {
      assert.ok(rel && existsSync(path.join(built, rel)), `the public build has no ${kind} file (${rel})`);
    }
    prefix = mkdtempSync(path.join(tmpdir(), 'kompetanse-nginx-'));
    // Run as root, nginx's workers are `nobody`: the files they serve must be readable to all.
    chmodSync(prefix, 0o755);
    const www = path.join(prefix, 'www');
    for (const base of ['', 'handbok/']) {
      for (const rel of Object.values(files)) {
        const to = path.join(www, base, rel);
        mkdirSync(path.dirname(to), { recursive: true, mode: 0o755 });
        copyFileSync(path.join(built, rel), to);
        chmodSync(to, 0o644);
      }
    }
    for (const dir of [www, path.join(www, 'handbok')]) chmodSync(dir, 0o755);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=ror-ikt.no',
      '-keyout', path.join(prefix, 'key.pem'), '-out', path.join(prefix, 'cert.pem')], { stdio: 'ignore' });
    port = await freePort();
    // The example as it stands; only the address, the certificate and the folder are the test's.
    const example = readFileSync(EXAMPLE, 'utf8');
    const site = example
      .replace(/^(\s*)listen 443 /m, `$1listen 127.0.0.1:${port} `)
      .replace(/^(\s*)# ssl_certificate .*$/m, `$1ssl_certificate ${prefix}/cert.pem;`)
      .replace(/^(\s*)# ssl_certificate_key .*$/m, `$1ssl_certificate_key ${prefix}/key.pem;`)
      .replace(/^(\s*)root \/srv\/ror-ikt\.no\/public;$/m, `$1root ${www};`);
    for (const changed of [`127.0.0.1:${port}`, `${prefix}/cert.pem`, `${prefix}/key.pem`, `root ${www};`]) {
      assert.ok(site.includes(changed), `the example no longer has the line the test replaces with ${changed}`);
    }
    writeFileSync(path.join(prefix, 'site.conf'), site);
    config = path.join(prefix, 'nginx.conf');
    const temp = (name) => path.join(prefix, name);
    writeFileSync(config, `worker_processes 1;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} warn;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path ${temp('body')};
    proxy_temp_path ${temp('proxy')};
    fastcgi_temp_path ${temp('fastcgi')};
    uwsgi_temp_path ${temp('uwsgi')};
    scgi_temp_path ${temp('scgi')};
    include ${temp('site.conf')};
}
`);
  });

  after(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    if (prefix) rmSync(prefix, { recursive: true, force: true });
  });

  test('nginx -t accepts the example', () => {
    try {
      execFileSync(NGINX, ['-t', '-e', path.join(prefix, 'error.log'), '-p', prefix, '-c', config], { stdio: 'pipe' });
    } catch (error) {
      assert.fail(`nginx -t failed:\n${error.stderr}`);
    }
  });

  test('every kind of file has the security headers and its own caching', async () => {
    // In the foreground, so the test holds the process and stops exactly it.
    nginx = spawn(NGINX, ['-e', path.join(prefix, 'error.log'), '-p', prefix, '-c', config, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    nginx.stderr.on('data', (d) => { stderr += d; });
    let up = false;
    for (let attempt = 0; attempt < 100 && !up && nginx.exitCode === null; attempt++) {
      up = await get(port, '/').then(() => true, () => new Promise((resolve) => setTimeout(() => resolve(false), 100)));
    }
    assert.ok(up, `nginx did not start: ${stderr}${existsSync(path.join(prefix, 'error.log')) ? readFileSync(path.join(prefix, 'error.log'), 'utf8') : ''}`);

    const security = {
      'content-security-policy': /default-src 'self'; script-src 'self'/,
      'x-content-type-options': /^nosniff$/,
      'referrer-policy': /^strict-origin-when-cross-origin$/,
      'permissions-policy': /camera=\(\)/,
      'strict-transport-security': /^max-age=31536000$/,
    };
    const cases = [
      [files.page, 200, 'no-cache', /^text\/html/],
      [files.nested, 200, 'no-cache', /^text\/html/],
      [files.css, 200, 'max-age=3600', /^text\/css/],
      [files.js, 200, 'max-age=3600', /javascript/],
      [files.svg, 200, 'max-age=3600', /^image\/svg\+xml/],
      [files.worker, 200, 'no-cache', /javascript/],
      [files.search, 200, 'no-cache', /./],
      [files.sitemap, 200, 'no-cache', /xml/],
      ['finnes-ikke/', 404, 'no-cache', /^text\/html/],
    ];
    for (const base of ['/', '/handbok/']) {
      for (const [rel, status, cache, type] of cases) {
        const urlPath = base + rel;
        const { status: got, headers } = await get(port, urlPath);
        assert.equal(got, status, urlPath);
        assert.match(headers['content-type'] || '', type, `${urlPath}: content-type`);
        assert.equal(headers['cache-control'], cache, `${urlPath}: cache-control`);
        for (const [name, value] of Object.entries(security)) {
          assert.match(headers[name] || '', value, `${urlPath}: ${name}`);
        }
      }
    }
  });
});
