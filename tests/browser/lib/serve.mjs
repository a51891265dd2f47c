// `kompetanse serve` for the browser tests that need the live preview (the editor, live
// reload): one launcher, so both wait for the same line and report the same output.
import { spawn } from 'node:child_process';

/** `kompetanse serve` of `root` on a free port; resolves when it prints its address. */
export function serve(bin, root) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--root', root, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
