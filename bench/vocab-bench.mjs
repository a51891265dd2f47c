// Measures the browser's vocabulary lookups (decompounding and typo candidates, analyzer.js)
// on the vocabulary of a corpus, in Node: the time to build the bigram index once, and per
// lookup. Usage (see BENCHMARKS.md):
//   node bench/vocab-bench.mjs <corpus-or-site-content-dir>
// The vocabulary is made as the build makes it: every word of every Markdown file, its term
// and its folded form.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const analyzer = require(path.join(here, '../themes/default/static/js/analyzer.js'));

const dir = path.resolve(process.argv[2] || 'content');
const terms = new Set();
const heads = new Set();
let files = 0;
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const p = path.join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.md')) {
      files++;
      for (const w of analyzer.words(readFileSync(p, 'utf8'))) {
        const t = analyzer.term(w);
        if (t === null) continue;
        terms.add(t);
        heads.add(analyzer.fold(w));
      }
    }
  }
};
walk(dir);

const vocab = new analyzer.Vocabulary([...terms], [...heads]);
const list = [...terms].filter((t) => t.length >= 4);
// Typo forms of real terms: a letter dropped, doubled or two swapped.
const queries = [];
for (let i = 0; i < 2000 && list.length; i++) {
  const t = Array.from(list[(i * 7919) % list.length]);
  const k = i % (t.length - 1);
  const v = t.slice();
  if (i % 3 === 0) v.splice(k, 1);
  else if (i % 3 === 1) v.splice(k, 0, t[k]);
  else [v[k], v[k + 1]] = [v[k + 1], v[k]];
  queries.push(v.join(''));
}

let start = performance.now();
vocab.typoCandidates('warmup', 1);
const indexMs = performance.now() - start;

const time = (fn) => {
  const out = [];
  for (const q of queries) {
    const s = performance.now();
    fn(q);
    out.push(performance.now() - s);
  }
  out.sort((a, b) => a - b);
  return { median: +out[out.length >> 1].toFixed(3), p99: +out[Math.floor(out.length * 0.99)].toFixed(3), max: +out[out.length - 1].toFixed(3) };
};
const typo = time((q) => vocab.typoCandidates(q, analyzer.typoBudget(Array.from(q).length)));
const split = time((q) => vocab.decompound(q));
console.log(JSON.stringify({ dir, files, terms: terms.size, heads: vocab.heads.size, queries: queries.length, bigram_index_ms: +indexMs.toFixed(1), typo_ms: typo, decompound_ms: split }, null, 2));
