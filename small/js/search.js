/* Kompetanseportalen search: results as you type, from index files loaded through script
 * tags (so it works from file:// too). Terms are made exactly as in the build, by
 * analyzer.js (a twin of src/derive/search/analyzer.rs, checked by tests/testsuite/search_parity.rs).
 * All page content is inserted as text, never as HTML. */
(function () {
  'use strict';

  var analyzer = window.KompetanseAnalyzer;
  if (!analyzer || !document.querySelector) {
    return; // Without the analyzer the search page's A–Å list still works.
  }

  var DROPDOWN_RESULTS = 8;
  var PAGE_RESULTS = 50;
  // The search page shows this many hits at once (they fill a phone's window); the others
  // follow a batch per task, so no single task blocks the page for long (on a slow phone a
  // batch of ten took longer than the 50 ms a task may take).
  var FIRST_HITS = 5;
  var HIT_BATCH = 5;
  // «Mente du …?» looks for how the best this many hits write a corrected word; their page
  // texts are loaded before the first hits are shown.
  var SUGGESTION_HITS = 11;
  var SNIPPET_CHARS = 180;

  // Weights of how a query word matched a page's term, below an exact (or stemmed) match.
  var PREFIX = 0.8;
  var COMPOUND_PART = 0.6;
  var TYPO = 0.4;
  // A glossary entry counts this much of its score: a guide, service or requirement that
  // answers the query ranks above the definition of the word.
  var GLOSSARY_SHARE = 0.35;
  // News are about a day; the guide on the same subject is what a searcher wants to do.
  var NEWS_SHARE = 0.6;
  // A section's page lists the guides; the guide itself answers. A requirement is one line of
  // its document. (`kind_share` in src/derive/search/index/tops.rs.)
  var SECTION_SHARE = 0.5;
  var REQUIREMENT_SHARE = 0.5;
  var REQUIREMENT_KIND = 'kravpunkt';
  // A word matching fewer pages than this is also tried split and corrected.
  var FEW = 3;

  // Interface texts in the site's language, from the page (the theme's table, see base.html).
  var TEXTS = (function () {
    var block = document.getElementById('grensesnitt-tekster');
    try { return block ? JSON.parse(block.textContent) : {}; } catch (e) { return {}; }
  })();
  function uiText(key, values) {
    var s = TEXTS[key] || key;
    Object.keys(values || {}).forEach(function (k) { s = s.split('{' + k + '}').join(values[k]); });
    return s;
  }

  var store = { meta: null, shards: {}, tops: {}, chunks: {}, vocab: null };
  var loading = {};

  // The index files call these when they run.
  window.__kSearch = {
    // The nynorsk forms come with the index: queries are analyzed with them.
    meta: function (meta) { store.meta = meta; analyzer.setDialect(meta.nn); },
    // `tops`: for the shard's prefixes that match many pages, the build's ranking of that
    // prefix typed alone: [pages matched, best page, next, …] (see `prefix_tops` in index.rs).
    shard: function (key, terms, tops) { store.shards[key] = terms; store.tops[key] = tops || {}; },
    docs: function (chunk, texts) { store.chunks[chunk] = texts; },
    vocab: function (terms, heads) { store.vocab = new analyzer.Vocabulary(terms, heads); }
  };

  function loadScript(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = src;
        script.async = true;
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error('Kunne ikke laste ' + src)); };
        document.head.appendChild(script);
      });
    }
    return loading[src];
  }

  function shardFile(key) {
    var out = '';
    for (var i = 0; i < key.length; i++) {
      var c = key.charAt(i);
      out += /[a-z0-9]/.test(c) ? c : '_' + key.codePointAt(i).toString(16);
    }
    return out;
  }

  function shardKey(term) {
    return Array.from(term).slice(0, 2).join('');
  }

  /* `warm`: compile the ranking as soon as the index is loaded (the header box, where every
   * keystroke counts); the search page runs one query first and warms up when its box is
   * focused, so the page is not busy while it shows its results. */
  function Search(root, warm) {
    this.root = root;
    this.warm = warm;
  }

  Search.prototype.loadMeta = function () {
    var warm = this.warm;
    return loadScript(this.root + 'search/meta.js').then(function () {
      if (warm) warmUp();
      return store.meta;
    });
  };

  /* Runs the ranking once over made-up postings while the browser is idle, so the engine has
   * compiled it before the first real keystroke (the first runs are several times slower). */
  var warmed = false;
  function warmUp() {
    if (warmed) return;
    warmed = true;
    var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1); };
    idle(function () {
      var count = store.meta.docs.length;
      var key = '\u0000\u0000';
      var postings = [];
      for (var d = 0; d < count; d++) postings.push(d === 0 ? 0 : 1, (d * 7919) % 1000 + 1);
      var terms = {};
      terms[key] = postings;
      terms[key + 'a'] = postings.slice(0, postings.length >> 1);
      store.shards[key] = terms;
      // Both an exact word and a word being typed (prefix), as real queries use them.
      for (var i = 0; i < 3; i++) {
        var exact = { word: '', term: key, folded: key, prefix: false };
        var typing = { word: '', term: key, folded: key, prefix: true };
        pagesMatched(typing);
        rank(store.meta, [exact], 8);
        rank(store.meta, [typing], 8);
        rank(store.meta, [exact, typing], 8);
      }
      delete store.shards[key];
    });
  }

  Search.prototype.loadShard = function (key) {
    var meta = store.meta;
    if (store.shards[key] || meta.shards.indexOf(key) < 0) {
      return Promise.resolve();
    }
    return loadScript(this.root + 'search/t-' + shardFile(key) + '.js');
  };

  Search.prototype.loadVocab = function () {
    if (store.vocab) return Promise.resolve(store.vocab);
    return loadScript(this.root + 'search/v.js').then(function () { return store.vocab; });
  };

  Search.prototype.loadChunk = function (chunk) {
    if (store.chunks[chunk]) return Promise.resolve();
    return loadScript(this.root + 'search/d-' + chunk + '.js');
  };

  /* A query's words: each with its term, and whether it is still being typed (a prefix). */
  function parseQuery(text) {
    var words = analyzer.words(text);
    var typing = !/\s$/.test(text);
    var parts = [];
    words.forEach(function (word, i) {
      var term = analyzer.term(word);
      var prefix = typing && i === words.length - 1;
      if (term === null && !prefix) return; // a stop word
      var folded = analyzer.fold(word);
      // The first letter of the next word says nothing yet (it starts a tenth of all words)
      // and its shard would have to be fetched: the words before it are searched as they are.
      if (prefix && i > 0 && Array.from(folded).length < 2) return;
      parts.push({ word: word, term: term || folded, folded: folded, prefix: prefix, stopWord: term === null });
    });
    return parts;
  }

  /* Index terms that a query part matches, with a weight (exact 1, prefix, typo). */
  function matchingTerms(part) {
    if (part.matches) return part.matches;
    var found = [];
    var shard = store.shards[shardKey(part.term)];
    if (shard && shard[part.term]) found.push([part.term, part.weight || 1]);
    (part.typos || []).forEach(function (t) {
      var typoShard = store.shards[shardKey(t)];
      if (typoShard && typoShard[t]) found.push([t, TYPO]);
    });
    if (part.prefix) {
      var stems = part.term === part.folded ? [part.term] : [part.term, part.folded];
      stems.forEach(function (stem) {
        if (stem.length < 2) return;
        var terms = store.shards[shardKey(stem)];
        if (!terms) return;
        for (var t in terms) {
          if (t !== part.term && t.lastIndexOf(stem, 0) === 0) found.push([t, 0.8]);
        }
      });
    }
    part.matches = found;
    return found;
  }

  /* How many pages a query part matches as it is (an upper bound: pages are counted once
   * per matching term). */
  function pagesMatched(part) {
    var n = 0;
    matchingTerms(part).forEach(function (m) {
      n += store.shards[shardKey(m[0])][m[0]].length / 2;
    });
    return n;
  }

  Search.prototype.loadShardsOf = function (terms) {
    var self = this;
    var keys = {};
    terms.forEach(function (t) { keys[shardKey(t)] = true; });
    return Promise.all(Object.keys(keys).map(function (k) { return self.loadShard(k); }));
  };

  /* Words that find little as typed are split into the site's words (a compound the pages
   * write apart) or, failing that, corrected (terms within one or two edits). Returns the
   * parts to rank with: a split word becomes one part per piece. */
  Search.prototype.widen = function (parts) {
    var self = this;
    var weak = parts.filter(function (p) {
      return !p.stopWord && p.term.length >= 4 && pagesMatched(p) < FEW;
    });
    if (!weak.length) return Promise.resolve(parts);
    return this.loadVocab().then(function (vocab) {
      if (!vocab) return parts;
      var out = [];
      var needed = [];
      parts.forEach(function (p) {
        if (weak.indexOf(p) < 0) { out.push(p); return; }
        var exact = store.shards[shardKey(p.term)];
        var split = exact && exact[p.term] ? null : vocab.decompoundQuery(p.term);
        if (split) {
          split.forEach(function (t) {
            out.push({ word: p.word, term: t, folded: t, prefix: false, weight: COMPOUND_PART, piece: true });
            needed.push(t);
          });
          return;
        }
        var budget = analyzer.typoBudget(Array.from(p.folded).length);
        var found = budget ? vocab.typoCandidates(p.term, budget) : [];
        if (found.length) {
          var nearest = found[0][1];
          p.asTyped = pagesMatched(p);
          p.typos = found.filter(function (c) { return c[1] === nearest; }).slice(0, 4).map(function (c) { return c[0]; });
          p.matches = null;
          needed = needed.concat(p.typos);
        }
        out.push(p);
      });
      return self.loadShardsOf(needed).then(function () {
        out.forEach(function (p) {
          if (p.typos) p.corrected = p.asTyped === 0;
        });
        return out;
      });
    });
  };

  /* The build's ranking of a query that is one word being typed, if it has one: the ranking
   * of a short prefix merges thousands of postings, too slow for a keystroke. The build
   * ranked each prefix as its own term; a word whose stem only cut an ending off what was
   * typed (`kommune` → `kommun`) matches the same terms with the same weights (everything
   * starting with what was typed starts with the stem), so it has the stem's ranking. */
  function precomputed(parts, limit) {
    if (parts.length !== 1) return null;
    var p = parts[0];
    if (!p.prefix || p.folded.lastIndexOf(p.term, 0) !== 0) return null;
    var tops = store.tops[shardKey(p.term)];
    var top = tops && tops[p.term];
    // A prefix matching few pages could be widened (split, corrected): those are ranked here.
    if (!top || top[0] < FEW || (top.length - 1 < limit && top.length - 1 < top[0])) return null;
    return { parts: parts, hits: top.slice(1, limit + 1), total: top[0] };
  }

  /* «hva betyr X», «hva er X», «X betyr», «what is X»: the query is X, and X's definition
   * comes first. Returns X, or null for any other query. */
  var TERM_QUESTIONS = [
    /^\s*(?:hva|kva)\s+(?:betyr|tyder|er|st[åa]r|meiner)\s+(?:for\s+)?(?:(?:en|et|ei|ein|eit)\s+)?(.+?)(?:\s+for)?[\s?.!]*$/i,
    /^\s*(?:what\s+(?:is|are|does)|define|definisjon\s+(?:av|p[åa]))\s+(?:an?\s+|the\s+)?(.+?)(?:\s+mean)?[\s?.!]*$/i,
    /^\s*(.+?)\s+(?:betyr|betyr\s+det|st[åa]r\s+for|definisjon|forkortelse|meaning)[\s?.!]*$/i
  ];
  function termQuestion(text) {
    for (var i = 0; i < TERM_QUESTIONS.length; i++) {
      var m = TERM_QUESTIONS[i].exec(text);
      if (m && analyzer.terms(m[1]).length) return m[1];
    }
    return null;
  }

  /* Glossary entries by the terms of their title (`SLA` → "sla"), made once per index. */
  var glossaryIndex = null;
  function glossaryEntry(terms) {
    var meta = store.meta;
    if (!glossaryIndex || glossaryIndex.meta !== meta) {
      glossaryIndex = { meta: meta, byTerms: new Map() };
      for (var d = 0; d < meta.docs.length; d++) {
        if (meta.kinds[meta.docs[d][2]][0] !== 'begrep') continue;
        var key = analyzer.terms(meta.docs[d][0]).join(' ');
        if (key && !glossaryIndex.byTerms.has(key)) glossaryIndex.byTerms.set(key, d);
      }
    }
    var found = glossaryIndex.byTerms.get(terms.join(' '));
    return found === undefined ? -1 : found;
  }

  /* A requirement id as typed (`NETT-024`, `nett-24`, `nett 24`), as `nett-24`, or null. */
  function requirementKey(text) {
    var m = /^\s*([\p{L}]+)[\s\-_.:]*0*(\d+)\s*$/u.exec(text);
    return m ? analyzer.fold(m[1].toLowerCase()) + '-' + Number(m[2]) : null;
  }

  /* The requirement whose id the query is, or -1. Requirement titles begin with their id. */
  var requirementIndex = null;
  function requirementNamed(text) {
    var key = requirementKey(text);
    var meta = store.meta;
    if (key === null || !meta) return -1;
    if (!requirementIndex || requirementIndex.meta !== meta) {
      requirementIndex = { meta: meta, byKey: new Map() };
      for (var d = 0; d < meta.docs.length; d++) {
        if (meta.kinds[meta.docs[d][2]][0] !== REQUIREMENT_KIND) continue;
        var id = requirementKey(meta.docs[d][0].split(' ')[0]);
        if (id !== null) requirementIndex.byKey.set(id, d);
      }
    }
    var found = requirementIndex.byKey.get(key);
    return found === undefined ? -1 : found;
  }

  /* `first` at the top of the hits (moved there if it is among them). */
  function putFirst(result, first, limit) {
    var had = result.hits.indexOf(first) >= 0;
    result.hits = [first].concat(result.hits.filter(function (d) { return d !== first; })).slice(0, limit);
    if (!had) result.total = (result.total || 0) + 1;
    return result;
  }

  Search.prototype.run = function (text, limit) {
    var self = this;
    if (!analyzer.words(text).length) return Promise.resolve({ parts: [], hits: [], total: 0 });
    // The index comes first: it carries the nynorsk forms the query's terms are made with.
    return this.loadMeta().then(function () {
      var question = termQuestion(text);
      return self.rank(question === null ? text : question, limit).then(function (result) {
        var id = requirementNamed(text);
        if (id >= 0) return putFirst(result, id, limit);
        if (question === null) return result;
        result.question = true;
        var entry = glossaryEntry(parseQuery(question).map(function (p) { return p.term; }));
        return entry >= 0 ? putFirst(result, entry, limit) : result;
      });
    });
  };

  Search.prototype.rank = function (text, limit) {
    var self = this;
    var parts = parseQuery(text);
    if (!parts.length) return Promise.resolve({ parts: parts, hits: [], total: 0 });
    return this.loadMeta().then(function (meta) {
      var terms = [];
      parts.forEach(function (p) {
        terms.push(p.term);
        if (p.prefix) terms.push(p.folded);
      });
      return self.loadShardsOf(terms).then(function () {
        return precomputed(parts, limit) || self.widen(parts);
      }).then(function (widened) {
        if (!Array.isArray(widened)) return widened; // ranked by the build
        var ranked = rank(meta, widened, limit);
        return { parts: widened, hits: ranked.hits, total: ranked.total };
      });
    });
  };

  // Scratch arrays reused by every query, one entry per page of the site, and what the
  // ranking needs to know of each page (its kind's share of the score, whether it is a
  // self-help article), worked out once per index instead of per query.
  var scratch = null;
  function arrays(meta) {
    var count = meta.docs.length;
    if (!scratch || scratch.meta !== meta) {
      var share = new Float64Array(count);
      var article = new Uint8Array(count);
      for (var d = 0; d < count; d++) {
        var kind = meta.kinds[meta.docs[d][2]][0];
        share[d] = kind === 'begrep' ? GLOSSARY_SHARE : kind === 'nyhet' ? NEWS_SHARE
          : kind === 'seksjon' ? SECTION_SHARE : kind === REQUIREMENT_KIND ? REQUIREMENT_SHARE : 1;
        article[d] = kind === 'artikkel' ? 1 : 0;
      }
      scratch = {
        meta: meta,
        share: share,
        article: article,
        score: new Float64Array(count),
        coverage: new Uint8Array(count),
        best: new Float64Array(count),
        // A page's entry in `best` is this query part's if its stamp is the part's round,
        // and its `score` and `coverage` are this query's if its `seen` is the query's: no
        // array is cleared between queries.
        stamp: new Int32Array(count),
        seen: new Int32Array(count),
        round: 0,
        query: 0,
        touchedCount: 0,
        fullCount: 0,
        // Lists of pages, kept here so that a keystroke allocates next to nothing (a garbage
        // collection in the middle of one costs more than the ranking).
        mine: new Int32Array(count),
        touched: new Int32Array(count),
        full: new Int32Array(count)
      };
    }
    return scratch;
  }

  /* The best `limit` pages for the query: pages matching more of its words first, then by
   * score, then self-help articles, then title order (the index lists pages A–Å). This runs
   * on each keystroke of a query of two or more words, where one word can match most pages,
   * so the work is split into small functions with one loop each, none of them a closure:
   * the engine optimizes each once and keeps it (a closure made per call, or a long function
   * optimized loop by loop, was thrown away and recompiled on the next keystroke). */
  function rank(meta, parts, limit) {
    var a = arrays(meta);
    a.query += 1;
    a.touchedCount = 0;
    a.fullCount = 0;
    for (var p = 0; p < parts.length; p++) {
      a.round += 1;
      var mineCount = 0;
      var matches = matchingTerms(parts[p]);
      for (var m = 0; m < matches.length; m++) {
        var term = matches[m][0];
        mineCount = addPostings(a, store.shards[shardKey(term)][term], matches[m][1], mineCount);
      }
      mergePart(a, mineCount, parts.length);
    }
    // Pages matching every word come first; if some do, the rest are left out.
    var top = a.fullCount ? selectTop(a, a.full, a.fullCount, limit) : selectTop(a, a.touched, a.touchedCount, limit);
    return { hits: top, total: a.fullCount || a.touchedCount };
  }

  /* A term's postings for the current part: each page's best weighted score, and the pages
   * it names first appended to `mine`. Returns the new length of `mine`. */
  function addPostings(a, postings, weight, mineCount) {
    var round = a.round;
    var stamp = a.stamp;
    var best = a.best;
    var mine = a.mine;
    var doc = 0;
    for (var i = 0; i < postings.length; i += 2) {
      doc += postings[i];
      var s = postings[i + 1] * weight;
      if (stamp[doc] !== round) {
        stamp[doc] = round;
        best[doc] = s;
        mine[mineCount++] = doc;
      } else if (s > best[doc]) {
        best[doc] = s;
      }
    }
    return mineCount;
  }

  /* Adds the current part's pages to the query's: coverage, score, and the pages that now
   * match every part (a page is counted once per part, so only the last part completes one). */
  function mergePart(a, mineCount, partCount) {
    var query = a.query;
    var mine = a.mine;
    var seen = a.seen;
    var coverage = a.coverage;
    var score = a.score;
    var best = a.best;
    var touchedCount = a.touchedCount;
    var fullCount = a.fullCount;
    for (var j = 0; j < mineCount; j++) {
      var d = mine[j];
      if (seen[d] !== query) {
        seen[d] = query;
        coverage[d] = 0;
        score[d] = 0;
        a.touched[touchedCount++] = d;
      }
      coverage[d] += 1;
      score[d] += best[d];
      if (coverage[d] === partCount) a.full[fullCount++] = d;
    }
    a.touchedCount = touchedCount;
    a.fullCount = fullCount;
  }

  /* The kind's share applies to the page's whole score, as in the build's rankings. */
  function better(a, x, y) {
    return (a.coverage[x] - a.coverage[y]) ||
      (a.score[x] * a.share[x] - a.score[y] * a.share[y]) ||
      (a.article[x] - a.article[y]) ||
      (y - x);
  }

  function selectTop(a, candidates, count, limit) {
    var top = [];
    for (var k = 0; k < count; k++) {
      var c = candidates[k];
      if (top.length === limit && better(a, c, top[top.length - 1]) <= 0) continue;
      var at = top.length;
      while (at > 0 && better(a, c, top[at - 1]) > 0) at--;
      top.splice(at, 0, c);
      if (top.length > limit) top.pop();
    }
    return top;
  }

  // Terms of words already seen while highlighting: snippets repeat words a lot.
  var termMemo = new Map();
  function termOf(word) {
    var lower = word.toLowerCase();
    if (!termMemo.has(lower)) termMemo.set(lower, analyzer.term(lower));
    return termMemo.get(lower);
  }

  /* The first two letters (folded) a word must begin with to match one of the query's parts:
   * a term keeps at least the first three letters of its folded word (the stemmer only cuts
   * suffixes after them), so other words are ruled out without stemming them. */
  var headMemo = new WeakMap();
  function headsOf(parts) {
    var heads = headMemo.get(parts);
    if (!heads) {
      heads = new Set();
      parts.forEach(function (p) {
        heads.add(p.term.slice(0, 2));
        if (p.prefix) heads.add(p.folded.slice(0, 2));
        (p.typos || []).forEach(function (t) { heads.add(t.slice(0, 2)); });
      });
      headMemo.set(parts, heads);
    }
    return heads;
  }

  /* Whether a word of a title or snippet matches the query, remembered per query: the hits
   * of one keystroke repeat the same words many times. */
  var matchMemo = new WeakMap();
  function wordMatches(word, parts) {
    var seen = matchMemo.get(parts);
    if (!seen) {
      seen = new Map();
      matchMemo.set(parts, seen);
    }
    var known = seen.get(word);
    if (known === undefined) {
      known = matchesQuery(word, parts);
      seen.set(word, known);
    }
    return known;
  }

  function matchesQuery(word, parts) {
    var lower = word.toLowerCase();
    if (!headsOf(parts).has(analyzer.fold(lower.slice(0, 2)).slice(0, 2))) return false;
    var term = termOf(word);
    var folded = analyzer.fold(lower);
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i];
      if (term !== null && term === p.term) return true;
      if (term !== null && p.typos && p.typos.indexOf(term) >= 0) return true;
      if (p.prefix && p.folded.length >= 2 && folded.lastIndexOf(p.folded, 0) === 0) return true;
    }
    return false;
  }

  /* Appends `text` to `parent`, with the words that match the query in <mark>. */
  function appendHighlighted(parent, text, parts) {
    var re = /[\p{Alphabetic}\p{N}]+/gu;
    var last = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (wordMatches(m[0], parts)) {
        if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement('mark');
        mark.textContent = m[0];
        parent.appendChild(mark);
        last = m.index + m[0].length;
      }
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function snippet(text, parts) {
    if (!text) return '';
    var re = /[\p{Alphabetic}\p{N}]+/gu;
    var m;
    var at = -1;
    while ((m = re.exec(text)) !== null) {
      if (wordMatches(m[0], parts)) { at = m.index; break; }
    }
    if (at < 0 || text.length <= SNIPPET_CHARS) {
      return text.length > SNIPPET_CHARS ? cut(text, 0, SNIPPET_CHARS) : text;
    }
    var start = Math.max(0, at - 60);
    return cut(text, start, start + SNIPPET_CHARS);
  }

  function cut(text, start, end) {
    if (start > 0) {
      var space = text.indexOf(' ', start);
      start = space >= 0 && space < start + 20 ? space + 1 : start;
    }
    if (end < text.length) {
      var back = text.lastIndexOf(' ', end);
      end = back > start ? back : end;
    }
    return (start > 0 ? '… ' : '') + text.slice(start, end) + (end < text.length ? ' …' : '');
  }

  Search.prototype.texts = function (hits) {
    // A query of only punctuation or stop words has no hits, and may not have loaded the index.
    if (!hits.length) return Promise.resolve();
    var chunk = store.meta.chunk;
    var needed = {};
    hits.forEach(function (d) { needed[Math.floor(d / chunk)] = true; });
    var self = this;
    return Promise.all(Object.keys(needed).map(function (c) { return self.loadChunk(c); }));
  };

  Search.prototype.text = function (doc) {
    var chunk = store.meta.chunk;
    var texts = store.chunks[Math.floor(doc / chunk)];
    return texts ? texts[doc % chunk] : '';
  };

  /* The link to a hit: its page, with `query`, and the anchor of a requirement
   * (`krav/x/#NETT-024`). */
  function href(root, url, query) {
    var hash = url.indexOf('#');
    var page = hash < 0 ? url : url.slice(0, hash);
    return root + page + 'index.html' + query + (hash < 0 ? '' : url.slice(hash));
  }

  /* One result as a list item: title link, kind and section, snippet. */
  Search.prototype.renderHit = function (doc, parts, id) {
    var meta = store.meta;
    var entry = meta.docs[doc];
    var li = document.createElement('li');
    if (id) {
      li.id = id;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
    }
    var link = document.createElement('a');
    link.href = href(this.root, entry[1], highlightQuery(parts));
    link.className = 'result-title';
    if (id) link.tabIndex = -1;
    appendHighlighted(link, entry[0], parts);
    li.appendChild(link);
    var info = document.createElement('span');
    info.className = 'result-kind';
    var section = meta.sections[entry[3]];
    info.textContent = ' ' + uiText('kind.' + meta.kinds[entry[2]][0]) + (section ? ' · ' + section : '');
    li.appendChild(info);
    if (entry[4]) {
      var mark = document.createElement('span');
      mark.className = 'example-mark';
      mark.textContent = uiText('example');
      li.appendChild(document.createTextNode(' '));
      li.appendChild(mark);
    }
    var p = document.createElement('p');
    p.className = 'result-snippet';
    p.setAttribute('data-dok', String(doc));
    li.appendChild(p);
    this.fillSnippet(p, parts);
    return li;
  };

  /* Fills a hit's snippet if its page text is loaded; returns whether it is filled. */
  Search.prototype.fillSnippet = function (p, parts) {
    if (p.hasAttribute('data-fylt')) return true;
    var doc = Number(p.getAttribute('data-dok'));
    var texts = store.chunks[Math.floor(doc / store.meta.chunk)];
    if (!texts) {
      p.hidden = true;
      return false;
    }
    var text = snippet(texts[doc % store.meta.chunk], parts);
    p.hidden = !text;
    if (text) appendHighlighted(p, text, parts);
    p.setAttribute('data-fylt', '');
    return true;
  };

  /* Loads the page texts of the hits shown in `container` and fills their snippets. */
  Search.prototype.fillSnippets = function (container, hits, parts, stillCurrent) {
    var self = this;
    return this.texts(hits).then(function () {
      if (!stillCurrent()) return;
      container.querySelectorAll('p.result-snippet').forEach(function (p) { self.fillSnippet(p, parts); });
    });
  };

  function noResults(query) {
    var p = document.createElement('p');
    p.className = 'no-results';
    p.textContent = uiText('no_hits_help', { query: query.trim() });
    return p;
  }

  function statusText(count, query) {
    if (!query.trim()) return '';
    if (count === 0) return uiText('no_hits', { query: query.trim() });
    return count === 1 ? uiText('hits_one') : uiText('hits_other', { n: count });
  }

  /* Runs `f` in a task after the next frame is painted. */
  function afterPaint(f) {
    if (!window.requestAnimationFrame) { setTimeout(f, 0); return; }
    window.requestAnimationFrame(function () { setTimeout(f, 0); });
  }

  /* The header search box: a combobox with a listbox of results. */
  function attachCombobox(input, search) {
    var form = input.form;
    var list = document.createElement('ul');
    list.className = 'search-dropdown';
    list.id = input.id + '-resultater';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', uiText('suggestions'));
    list.hidden = true;
    var status = document.createElement('div');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    form.appendChild(list);
    form.appendChild(status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);

    var sequence = 0;
    var active = -1;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function setActive(index) {
      var items = list.querySelectorAll('[role=option]');
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
      input.setAttribute('aria-activedescendant', items[active].id);
      items[active].scrollIntoView({ block: 'nearest' });
    }

    function update() {
      var query = input.value;
      var mine = ++sequence;
      // One letter matches half the site; live results start at two.
      if (analyzer.words(query).join('').length < 2) { close(); status.textContent = ''; return; }
      // The list is shown as soon as the hits are known; snippets follow when the page texts
      // they need are loaded, so typing stays fast.
      search.run(query, DROPDOWN_RESULTS).then(function (result) {
        if (mine !== sequence) return; // a newer keystroke won
        // The new items are put together apart and swapped in at once: one change to the page.
        var items = document.createDocumentFragment();
        active = -1;
        input.removeAttribute('aria-activedescendant');
        if (!result.hits.length) {
          var li = document.createElement('li');
          li.className = 'no-results';
          li.setAttribute('role', 'option');
          li.setAttribute('aria-disabled', 'true');
          li.id = list.id + '-ingen';
          li.textContent = uiText('no_hits', { query: query.trim() });
          items.appendChild(li);
        }
        result.hits.forEach(function (doc, i) {
          items.appendChild(search.renderHit(doc, result.parts, list.id + '-' + i));
        });
        list.replaceChildren(items);
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        status.textContent = statusText(result.total || 0, query);
        // Page texts are fetched after the list is painted: adding their script tags takes
        // longer than the rest of the keystroke, and a reader typing on never needs them.
        afterPaint(function () {
          if (mine !== sequence) return;
          search.fillSnippets(list, result.hits, result.parts, function () { return mine === sequence; });
        });
      }).catch(function () {
        if (mine === sequence) status.textContent = uiText('unavailable');
      });
    }

    input.addEventListener('input', update);
    // Start loading the index when the reader heads for the box, before the first letter.
    // The vocabulary (for compounds and typos) and its bigram index follow while the browser is
    // idle, so the first word that needs them does not wait.
    input.addEventListener('focus', function () {
      search.loadMeta().then(function () { return search.loadVocab(); }).then(function (vocab) {
        var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1); };
        if (vocab) idle(function () { vocab.prepare(); });
      }).catch(function () {});
    }, { once: true });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown') { event.preventDefault(); if (list.hidden) update(); else setActive(active + 1); }
      else if (event.key === 'ArrowUp') { event.preventDefault(); setActive(active - 1); }
      else if (event.key === 'Escape') {
        if (!list.hidden) { event.preventDefault(); close(); } else { input.value = ''; }
      } else if (event.key === 'Enter' && active >= 0) {
        var link = list.querySelectorAll('[role=option]')[active].querySelector('a');
        if (link) { event.preventDefault(); window.location.href = link.href; }
      } else if (event.key === 'Enter' && store.meta) {
        // A requirement id typed exactly (`NETT-024`, `nett-24`) goes straight to it.
        var id = requirementNamed(input.value);
        if (id >= 0) { event.preventDefault(); window.location.href = href(search.root, store.meta.docs[id][1], ''); }
      }
    });
    list.addEventListener('mousedown', function (event) { event.preventDefault(); });
    input.addEventListener('blur', function () { window.setTimeout(close, 150); });
  }

  /* The glossary entry a query names (its title is the query), if it is among the hits. */
  function definitionOf(hits, parts) {
    var meta = store.meta;
    var wanted = parts.map(function (p) { return p.term; }).join(' ');
    for (var i = 0; i < hits.length; i++) {
      var entry = meta.docs[hits[i]];
      if (meta.kinds[entry[2]][0] !== 'begrep') continue;
      if (analyzer.terms(entry[0]).join(' ') === wanted) return hits[i];
    }
    return -1;
  }

  /* «Mente du …?»: the query with each corrected word replaced by how the best hits write the
   * term it was corrected to. */
  Search.prototype.suggestion = function (query, parts, hits) {
    var corrected = parts.filter(function (p) { return p.corrected; });
    if (!corrected.length) return null;
    var self = this;
    var text = query;
    corrected.forEach(function (p) {
      var word = null;
      for (var i = 0; i < hits.length && !word; i++) {
        var source = store.meta.docs[hits[i]][0] + ' ' + self.text(hits[i]);
        var ws = analyzer.words(source);
        for (var j = 0; j < ws.length; j++) {
          if (p.typos.indexOf(termOf(ws[j])) >= 0) { word = ws[j]; break; }
        }
      }
      if (word) text = text.replace(new RegExp(p.word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'), word);
    });
    return text === query ? null : text.trim();
  };

  /* The search page: results for ?q= above the A–Å list. The first hits are shown as soon as
   * their page texts are loaded; the others follow in small tasks (below the fold, so adding
   * them moves nothing the reader sees). */
  function attachResultsPage(input, search, container) {
    var sequence = 0;
    function show() {
      var query = input.value;
      var mine = ++sequence;
      var current = function () { return mine === sequence; };
      if (!query.trim()) { container.textContent = ''; container.setAttribute('data-sok', ''); return; }
      var definition = -1;
      search.run(query, PAGE_RESULTS).then(function (result) {
        // A question about a term («hva betyr sla») lists the definition first instead.
        definition = result.question ? -1 : definitionOf(result.hits, result.parts);
        var first = result.hits.slice(0, SUGGESTION_HITS);
        if (definition >= 0) first.push(definition);
        return search.texts(first).then(function () { return result; });
      }).then(function (result) {
        if (!current()) return;
        container.textContent = '';
        var hits = result.hits;
        var suggestion = search.suggestion(query, result.parts, hits.slice(0, SUGGESTION_HITS));
        if (suggestion) {
          var mean = document.createElement('p');
          mean.className = 'did-you-mean';
          mean.appendChild(document.createTextNode(uiText('did_you_mean_before', { query: query.trim() })));
          var fix = document.createElement('a');
          fix.href = 'index.html?q=' + encodeURIComponent(suggestion);
          fix.textContent = suggestion;
          mean.appendChild(fix);
          mean.appendChild(document.createTextNode(uiText('did_you_mean_after')));
          container.appendChild(mean);
        }
        if (definition >= 0) {
          hits = hits.filter(function (d) { return d !== definition; });
          container.appendChild(search.renderDefinition(definition));
        }
        var heading = document.createElement('h2');
        var count = (result.total || 0) - (definition >= 0 ? 1 : 0);
        heading.textContent = statusText(count, query).replace(/\.$/, '');
        container.appendChild(heading);
        if (!hits.length && definition < 0) { container.appendChild(noResults(query)); }
        if (hits.length) {
          var list = document.createElement('ol');
          list.className = 'search-results';
          hits.slice(0, FIRST_HITS).forEach(function (doc) {
            list.appendChild(search.renderHit(doc, result.parts, null));
          });
          container.appendChild(list);
        }
        container.setAttribute('data-sok', query);
        container.removeAttribute('data-komplett');
        addLater(list, hits.slice(FIRST_HITS), result.parts, current);
      });
    }
    /* The hits after the first few, a batch per task once their page texts are loaded; they
     * start below the fold, so adding them moves nothing in view. `data-komplett` says all are
     * there. */
    function addLater(list, rest, parts, current) {
      var done = function () {
        container.setAttribute('data-komplett', '');
        document.documentElement.classList.remove('sok-venter');
        // Page texts fetched with the page (`data-sidetekster`, a small site) that no hit
        // needed are read in too, while the browser is idle: the next query may need them,
        // and the browser warns of a fetched file left unused.
        var fetched = Number(container.getAttribute('data-sidetekster')) || 0;
        if (!fetched) return;
        var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1); };
        idle(function () {
          for (var c = 0; c < fetched; c++) search.loadChunk(c).catch(function () {});
        });
      };
      if (!rest.length) { done(); return; }
      search.texts(rest).then(function () {
        (function batch() {
          if (!current()) return;
          rest.splice(0, HIT_BATCH).forEach(function (doc) {
            list.appendChild(search.renderHit(doc, parts, null));
          });
          if (rest.length) setTimeout(batch, 0);
          else done();
        })();
      });
    }
    var params = new URLSearchParams(window.location.search);
    if (params.get('q')) input.value = params.get('q');
    input.addEventListener('input', show);
    input.addEventListener('focus', function () {
      search.loadMeta().then(warmUp).catch(function () {});
    }, { once: true });
    show();
  }

  /* A glossary entry as a short definition box above the results. */
  Search.prototype.renderDefinition = function (doc) {
    var entry = store.meta.docs[doc];
    var box = document.createElement('aside');
    box.className = 'search-definition';
    var label = document.createElement('span');
    label.className = 'kind-label';
    label.id = 'sok-definisjon';
    label.textContent = uiText('definition');
    box.setAttribute('aria-labelledby', label.id);
    box.appendChild(label);
    var term = document.createElement('a');
    term.href = href(this.root, entry[1], '');
    term.className = 'result-title';
    term.textContent = entry[0];
    box.appendChild(term);
    var text = document.createElement('p');
    text.textContent = cut(this.text(doc) || '', 0, SNIPPET_CHARS);
    box.appendChild(text);
    return box;
  };

  /* `?highlight=…` for a hit's link: the terms the query matched, `*` after a word being typed
   * (a prefix), so the target page can mark them (like mdBook). */
  function highlightQuery(parts) {
    var terms = [];
    parts.forEach(function (p) {
      terms.push(p.prefix ? p.folded + '*' : p.term);
      // A nynorsk word typed (`gløymt`) is the bokmål term on the page (`glemt`).
      if (p.prefix && p.folded.lastIndexOf(p.term, 0) !== 0) terms.push(p.term);
      (p.typos || []).forEach(function (t) { terms.push(t); });
    });
    return terms.length ? '?highlight=' + encodeURIComponent(terms.join(' ')) : '';
  }

  /* On a page opened from a hit: marks the words of `?highlight=` in the main content and
   * scrolls to the first. Works from file:// too (only the query string is read). */
  function highlightPage() {
    var wanted = new URLSearchParams(window.location.search).get('highlight');
    var main = document.querySelector('main');
    if (!wanted || !main) return;
    var exact = new Set();
    var prefixes = [];
    wanted.split(/\s+/).forEach(function (t) {
      if (!t) return;
      if (t.charAt(t.length - 1) === '*') { if (t.length > 2) prefixes.push(t.slice(0, -1)); } else exact.add(t);
    });
    function matches(word) {
      var term = termOf(word);
      if (term !== null && exact.has(term)) return true;
      var folded = analyzer.fold(word.toLowerCase());
      return prefixes.some(function (p) { return folded.lastIndexOf(p, 0) === 0; });
    }
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentNode;
        if (!parent || /^(SCRIPT|STYLE|MARK|TEXTAREA|INPUT)$/.test(parent.nodeName)) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var first = null;
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var re = /[\p{Alphabetic}\p{N}]+/gu;
      var m;
      var last = 0;
      var fragment = null;
      while ((m = re.exec(text)) !== null) {
        if (!matches(m[0])) continue;
        fragment = fragment || document.createDocumentFragment();
        if (m.index > last) fragment.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement('mark');
        mark.className = 'search-highlight';
        mark.textContent = m[0];
        fragment.appendChild(mark);
        first = first || mark;
        last = m.index + m[0].length;
      }
      if (!fragment) return;
      if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    });
    if (first) first.scrollIntoView({ block: 'center' });
  }

  function start() {
    highlightPage();
    var results = document.getElementById('sokeresultater');
    document.querySelectorAll('input[type=search][data-root]').forEach(function (input) {
      var page = results && input.id === 'sok-side';
      var search = new Search(input.getAttribute('data-root'), !page);
      if (page) attachResultsPage(input, search, results);
      else attachCombobox(input, search);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
