#!/usr/bin/env node
// Runs the browser's search analyzer (themes/default/static/js/analyzer.js) for the parity test
// tests/testsuite/search_parity.rs. Node >= 20, CommonJS, no packages.
//
//   node tests/js/analyzer-cli.js          stdin: JSON array of words
//     stdout: JSON array of { word, term, stem, stem_unfolded }, in input order, where
//     term = term(word), stem = stem(fold(word)) and stem_unfolded = stem(word).
//   node tests/js/analyzer-cli.js --words  stdin: JSON array of texts
//     stdout: JSON array of arrays, words(text) of each text.
//   node tests/js/analyzer-cli.js --vocab  stdin: { terms, heads, compounds, typos } where
//     typos is a list of [term, max]; stdout: { compounds: [parts or null], typos: [[[term, d]]] }
//     from a Vocabulary of terms and heads; with `queries`, also { queries: [parts or null] },
//     decompoundQuery of each.
//   --dialect=<file>  first reads the nynorsk forms (search/meta.js `nn`) from a JSON file.
'use strict';

const fs = require('fs');
const path = require('path');
const analyzer = require(
  path.join(__dirname, '..', '..', 'themes', 'default', 'static', 'js', 'analyzer.js')
);

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (chunk) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

async function main() {
  const dialect = process.argv.find((a) => a.startsWith('--dialect='));
  if (dialect) analyzer.setDialect(JSON.parse(fs.readFileSync(dialect.slice('--dialect='.length), 'utf8')));
  const input = JSON.parse(await readStdin());
  if (process.argv.includes('--vocab')) {
    const vocab = new analyzer.Vocabulary(input.terms, input.heads);
    const output = {
      compounds: input.compounds.map((t) => vocab.decompound(t)),
      typos: input.typos.map(([t, max]) => vocab.typoCandidates(t, max)),
      queries: (input.queries || []).map((t) => vocab.decompoundQuery(t)),
    };
    process.stdout.write(JSON.stringify(output));
    return;
  }
  if (!Array.isArray(input) || !input.every((s) => typeof s === 'string')) {
    throw new Error('expected a JSON array of strings on stdin');
  }
  let output;
  if (process.argv.includes('--words')) {
    output = input.map((text) => analyzer.words(text));
  } else {
    output = input.map((word) => ({
      word,
      term: analyzer.term(word),
      stem: analyzer.stem(analyzer.fold(word)),
      stem_unfolded: analyzer.stem(word),
    }));
  }
  process.stdout.write(JSON.stringify(output));
}

main().catch((err) => {
  process.stderr.write(`analyzer-cli: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
