/*
 * The browser twin of src/derive/search/analyzer.rs: turns a query into exactly the terms the
 * build put in the search index. Keep the two in step; `cargo test --test testsuite search_parity::`
 * checks them against each other on every word of the content.
 *
 * 1. words: maximal runs of letters and digits (Rust `char::is_alphanumeric`), lowercased;
 * 2. Norwegian stop words are dropped (elasticlunr-rs 3.1.0's list, checked before folding);
 * 3. æ/ø/å and accents are folded to ASCII (src/text.rs `fold`);
 * 4. nynorsk forms are read as bokmål (src/derive/search/dialect.rs; the map comes with the
 *    index, `setDialect`), and a form that becomes a stop word is dropped;
 * 5. the word is stemmed with the Norwegian Snowball stemmer, ported line by line
 *    from rust-stemmers 1.2.0 (what elasticlunr-rs uses).
 *
 * No build step, no dependencies: loaded with a classic <script> tag (window.KompetanseAnalyzer)
 * and `require`d by Node (tests/js/analyzer-cli.js).
 */
(function () {
  'use strict';

  // ---- words -------------------------------------------------------------------------------

  // Rust's `char::is_alphanumeric` is Alphabetic || Numeric (Nd, Nl, No). `\p{Alphabetic}` is
  // wider than `\p{L}` (it adds Nl and Other_Alphabetic: combining vowel signs of Indic
  // scripts, circled letters, ...), so this is the exact match, not `\p{L}`.
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;

  function words(text) {
    var found = String(text).match(WORD);
    if (!found) return [];
    return found.map(function (w) { return w.toLowerCase(); });
  }

  // ---- fold (src/text.rs fold_char) ----------------------------------------------------------

  var FOLD = new Map();
  function folds(chars, to) {
    for (var i = 0; i < chars.length; i++) FOLD.set(chars[i], to);
  }
  folds(['æ'], 'ae');
  folds(['Æ'], 'AE');
  folds(['ø', 'ö', 'ó', 'ò', 'ô'], 'o');
  folds(['Ø', 'Ö', 'Ó', 'Ò', 'Ô'], 'O');
  folds(['å', 'ä', 'á', 'à', 'â'], 'a');
  folds(['Å', 'Ä', 'Á', 'À', 'Â'], 'A');
  folds(['é', 'è', 'ê', 'ë'], 'e');
  folds(['É', 'È', 'Ê', 'Ë'], 'E');
  folds(['ü', 'ú', 'ù', 'û'], 'u');
  folds(['í', 'ì', 'î', 'ï'], 'i');

  function fold(text) {
    var out = '';
    for (var ch of String(text)) {
      var folded = FOLD.get(ch);
      out += folded === undefined ? ch : folded;
    }
    return out;
  }

  // ---- stop words (elasticlunr-rs 3.1.0, src/lang/no.rs; duplicates kept as in the source) --

  var STOP_WORDS = new Set([
    '', 'alle', 'at', 'av', 'bare', 'begge', 'ble', 'blei', 'bli', 'blir',
    'blitt', 'både', 'båe', 'da', 'de', 'deg', 'dei', 'deim', 'deira', 'deires',
    'dem', 'den', 'denne', 'der', 'dere', 'deres', 'det', 'dette', 'di', 'din',
    'disse', 'ditt', 'du', 'dykk', 'dykkar', 'då', 'eg', 'ein', 'eit', 'eitt',
    'eller', 'elles', 'en', 'enn', 'er', 'et', 'ett', 'etter', 'for', 'fordi',
    'fra', 'før', 'ha', 'hadde', 'han', 'hans', 'har', 'hennar', 'henne', 'hennes',
    'her', 'hjå', 'ho', 'hoe', 'honom', 'hoss', 'hossen', 'hun', 'hva', 'hvem',
    'hver', 'hvilke', 'hvilken', 'hvis', 'hvor', 'hvordan', 'hvorfor', 'i', 'ikke', 'ikkje',
    'ikkje', 'ingen', 'ingi', 'inkje', 'inn', 'inni', 'ja', 'jeg', 'kan', 'kom',
    'korleis', 'korso', 'kun', 'kunne', 'kva', 'kvar', 'kvarhelst', 'kven', 'kvi', 'kvifor',
    'man', 'mange', 'me', 'med', 'medan', 'meg', 'meget', 'mellom', 'men', 'mi',
    'min', 'mine', 'mitt', 'mot', 'mykje', 'ned', 'no', 'noe', 'noen', 'noka',
    'noko', 'nokon', 'nokor', 'nokre', 'nå', 'når', 'og', 'også', 'om', 'opp',
    'oss', 'over', 'på', 'samme', 'seg', 'selv', 'si', 'si', 'sia', 'sidan',
    'siden', 'sin', 'sine', 'sitt', 'sjøl', 'skal', 'skulle', 'slik', 'so', 'som',
    'som', 'somme', 'somt', 'så', 'sånn', 'til', 'um', 'upp', 'ut', 'uten',
    'var', 'vart', 'varte', 'ved', 'vere', 'verte', 'vi', 'vil', 'ville', 'vore',
    'vors', 'vort', 'vår', 'være', 'være', 'vært', 'å',
  ]);

  function isStopWord(word) {
    return STOP_WORDS.has(word);
  }

  // ---- Norwegian Snowball stemmer (rust-stemmers 1.2.0, algorithms/norwegian.rs) ------------
  //
  // The Rust environment works on UTF-8 byte offsets, always moved to char boundaries; here
  // the word is an array of code points and every offset counts code points. The two agree
  // because every step moves by whole characters and every suffix in the tables is ASCII (one
  // byte = one character). In find_among_b the Rust code compares bytes: a byte of a
  // multi-byte character is >= 0x80 and a code point of it is >= 0x80, so both compare greater
  // than any ASCII letter of a suffix and the binary search takes the same path.

  function cps(s) {
    return Array.from(s, function (c) { return c.codePointAt(0); });
  }

  // Among(suffix, index of the longest shorter suffix it ends with, result); sorted as in Rust.
  function among(rows) {
    return rows.map(function (r) { return { s: cps(r[0]), sub: r[1], result: r[2] }; });
  }

  var A_0 = among([
    ['a', -1, 1], ['e', -1, 1], ['ede', 1, 1], ['ande', 1, 1], ['ende', 1, 1], ['ane', 1, 1],
    ['ene', 1, 1], ['hetene', 6, 1], ['erte', 1, 3], ['en', -1, 1], ['heten', 9, 1],
    ['ar', -1, 1], ['er', -1, 1], ['heter', 12, 1], ['s', -1, 2], ['as', 14, 1],
    ['es', 14, 1], ['edes', 16, 1], ['endes', 16, 1], ['enes', 16, 1], ['hetenes', 19, 1],
    ['ens', 14, 1], ['hetens', 21, 1], ['ers', 14, 1], ['ets', 14, 1], ['et', -1, 1],
    ['het', 25, 1], ['ert', -1, 3], ['ast', -1, 1]
  ]);

  var A_1 = among([['dt', -1, -1], ['vt', -1, -1]]);

  var A_2 = among([
    ['leg', -1, 1], ['eleg', 0, 1], ['ig', -1, 1], ['eig', 2, 1], ['lig', 2, 1],
    ['elig', 4, 1], ['els', -1, 1], ['lov', -1, 1], ['elov', 7, 1], ['slov', 7, 1],
    ['hetslov', 9, 1]
  ]);

  // Groupings: a bit per code point from min to max, least significant bit first.
  // g_v = a e i o u y å æ ø (97..248); g_s_ending = b c d f g h j l m n o p r t v y z (98..122).
  var G_V = [17, 65, 16, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 48, 0, 128];
  var G_S_ENDING = [119, 125, 149, 1];

  function inSet(chars, min, max, ch) {
    if (ch > max || ch < min) return false;
    ch -= min;
    return (chars[ch >> 3] & (1 << (ch & 7))) !== 0;
  }

  function Env(word) {
    this.current = cps(word);
    this.cursor = 0;
    this.limit = this.current.length;
    this.limitBackward = 0;
    this.bra = 0;
    this.ket = this.current.length;
  }

  Env.prototype.inGrouping = function (chars, min, max) {
    if (this.cursor >= this.limit) return false;
    if (!inSet(chars, min, max, this.current[this.cursor])) return false;
    this.cursor += 1;
    return true;
  };

  Env.prototype.outGrouping = function (chars, min, max) {
    if (this.cursor >= this.limit) return false;
    if (inSet(chars, min, max, this.current[this.cursor])) return false;
    this.cursor += 1;
    return true;
  };

  Env.prototype.inGroupingB = function (chars, min, max) {
    if (this.cursor <= this.limitBackward) return false;
    if (!inSet(chars, min, max, this.current[this.cursor - 1])) return false;
    this.cursor -= 1;
    return true;
  };

  Env.prototype.outGroupingB = function (chars, min, max) {
    if (this.cursor <= this.limitBackward) return false;
    if (inSet(chars, min, max, this.current[this.cursor - 1])) return false;
    this.cursor -= 1;
    return true;
  };

  Env.prototype.eqSB = function (s) {
    var t = cps(s);
    if (this.cursor - this.limitBackward < t.length) return false;
    var start = this.cursor - t.length;
    for (var i = 0; i < t.length; i++) {
      if (this.current[start + i] !== t[i]) return false;
    }
    this.cursor = start;
    return true;
  };

  // Replaces current[bra..ket] with s, adjusting limit and cursor as SnowballEnv::replace_s.
  Env.prototype.sliceFrom = function (s) {
    var t = cps(s);
    var bra = this.bra;
    var ket = this.ket;
    var adjustment = t.length - (ket - bra);
    this.current = this.current.slice(0, bra).concat(t, this.current.slice(ket));
    this.limit += adjustment;
    if (this.cursor >= ket) {
      this.cursor += adjustment;
    } else if (this.cursor > bra) {
      this.cursor = bra;
    }
    return true;
  };

  Env.prototype.sliceDel = function () {
    return this.sliceFrom('');
  };

  // SnowballEnv::find_among_b: binary search over the suffix table, then the fallback chain
  // to the longest shorter suffix that matched. Returns the row's result, 0 for no match.
  Env.prototype.findAmongB = function (amongs) {
    var i = 0;
    var j = amongs.length;
    var c = this.cursor;
    var lb = this.limitBackward;
    var commonI = 0;
    var commonJ = 0;
    var firstKeyInspected = false;
    var w;
    for (;;) {
      var k = i + ((j - i) >> 1);
      var diff = 0;
      var common = commonI < commonJ ? commonI : commonJ;
      w = amongs[k];
      for (var lvar = w.s.length - common - 1; lvar >= 0; lvar--) {
        if (c - common === lb) {
          diff = -1;
          break;
        }
        diff = this.current[c - common - 1] - w.s[lvar];
        if (diff !== 0) break;
        common += 1;
      }
      if (diff < 0) {
        j = k;
        commonJ = common;
      } else {
        i = k;
        commonI = common;
      }
      if (j - i <= 1) {
        if (i > 0) break;
        if (j === i) break;
        if (firstKeyInspected) break;
        firstKeyInspected = true;
      }
    }
    for (;;) {
      w = amongs[i];
      if (commonI >= w.s.length) {
        this.cursor = c - w.s.length;
        return w.result;
      }
      i = w.sub;
      if (i < 0) return 0;
    }
  };

  Env.prototype.toString = function () {
    var out = '';
    for (var i = 0; i < this.current.length; i++) out += String.fromCodePoint(this.current[i]);
    return out;
  };

  // r_mark_regions: p1 is after the first non-vowel that follows a vowel, but at least 3
  // characters in. Returns p1; the word's end when there is no such region.
  function markRegions(env) {
    var p1 = env.limit;
    // byte_index_for_hop(3): three characters from the start, or fail.
    var c = env.cursor + 3;
    if (c > env.limit) return p1;
    var x = c;
    for (;;) {
      var v2 = env.cursor;
      if (env.inGrouping(G_V, 97, 248)) {
        env.cursor = v2;
        break;
      }
      env.cursor = v2;
      if (env.cursor >= env.limit) return p1;
      env.cursor += 1;
    }
    for (;;) {
      if (env.outGrouping(G_V, 97, 248)) break;
      if (env.cursor >= env.limit) return p1;
      env.cursor += 1;
    }
    p1 = env.cursor;
    if (p1 < x) p1 = x;
    return p1;
  }

  function mainSuffix(env, p1) {
    if (env.cursor < p1) return false;
    var v2 = env.limitBackward;
    env.limitBackward = p1;
    env.ket = env.cursor;
    var amongVar = env.findAmongB(A_0);
    if (amongVar === 0) {
      env.limitBackward = v2;
      return false;
    }
    env.bra = env.cursor;
    env.limitBackward = v2; // the s-ending test below may look before p1
    if (amongVar === 1) {
      env.sliceDel();
    } else if (amongVar === 2) {
      var v3 = env.limit - env.cursor;
      if (!env.inGroupingB(G_S_ENDING, 98, 122)) {
        env.cursor = env.limit - v3;
        if (!env.eqSB('k')) return false;
        if (!env.outGroupingB(G_V, 97, 248)) return false;
      }
      env.sliceDel();
    } else if (amongVar === 3) {
      env.sliceFrom('er');
    }
    return true;
  }

  function consonantPair(env, p1) {
    var v1 = env.limit - env.cursor;
    if (env.cursor < p1) return false;
    var v3 = env.limitBackward;
    env.limitBackward = p1;
    env.ket = env.cursor;
    if (env.findAmongB(A_1) === 0) {
      env.limitBackward = v3;
      return false;
    }
    env.bra = env.cursor;
    env.limitBackward = v3;
    env.cursor = env.limit - v1;
    if (env.cursor <= env.limitBackward) return false;
    env.cursor -= 1;
    env.bra = env.cursor;
    env.sliceDel();
    return true;
  }

  function otherSuffix(env, p1) {
    if (env.cursor < p1) return false;
    var v2 = env.limitBackward;
    env.limitBackward = p1;
    env.ket = env.cursor;
    if (env.findAmongB(A_2) === 0) {
      env.limitBackward = v2;
      return false;
    }
    env.bra = env.cursor;
    env.limitBackward = v2;
    env.sliceDel();
    return true;
  }

  // Stems one lowercase word as it is (no folding, no stop words).
  function stem(word) {
    var env = new Env(String(word));
    var v1 = env.cursor;
    var p1 = markRegions(env);
    env.cursor = v1;
    env.limitBackward = env.cursor;
    env.cursor = env.limit;

    var v2 = env.limit - env.cursor;
    mainSuffix(env, p1);
    env.cursor = env.limit - v2;

    var v3 = env.limit - env.cursor;
    consonantPair(env, p1);
    env.cursor = env.limit - v3;

    var v4 = env.limit - env.cursor;
    otherSuffix(env, p1);
    env.cursor = env.limit - v4;
    env.cursor = env.limitBackward;

    return env.toString();
  }

  // ---- nynorsk as bokmål (src/derive/search/dialect.rs) --------------------------------------

  var dialect = { whole: new Map(), starts: new Map(), longest: 0 };

  // `map`: { whole: {form: bokmål}, starts: {start: bokmål} }, folded, from search/meta.js.
  function setDialect(map) {
    dialect = { whole: new Map(), starts: new Map(), longest: 0 };
    if (!map) return;
    Object.keys(map.whole || {}).forEach(function (k) { dialect.whole.set(k, map.whole[k]); });
    Object.keys(map.starts || {}).forEach(function (k) {
      dialect.starts.set(k, map.starts[k]);
      dialect.longest = Math.max(dialect.longest, Array.from(k).length);
    });
  }

  // The bokmål form of a folded word (Dialect::normalise): the whole word, else the longest
  // start that leaves at least one character.
  function normalise(folded) {
    var whole = dialect.whole.get(folded);
    if (whole !== undefined) return whole;
    if (!dialect.longest) return folded;
    var chars = Array.from(folded);
    for (var n = Math.min(dialect.longest, chars.length - 1); n >= 1; n--) {
      var to = dialect.starts.get(chars.slice(0, n).join(''));
      if (to !== undefined) return to + chars.slice(n).join('');
    }
    return folded;
  }

  // ---- terms ---------------------------------------------------------------------------------

  // The search term of one lowercased word, or null for a stop word (Analyzer::term): the
  // stop-word check is on the word as typed, before folding; an empty stem is no term.
  function term(word) {
    if (isStopWord(word)) return null;
    var folded = fold(word);
    var normal = normalise(folded);
    if (normal !== folded && isStopWord(normal)) return null;
    var stemmed = stem(normal);
    return stemmed === '' ? null : stemmed;
  }

  // Every term of a text, in order, stop words left out (Analyzer::terms).
  function terms(text) {
    var out = [];
    var ws = words(text);
    for (var i = 0; i < ws.length; i++) {
      var t = term(ws[i]);
      if (t !== null) out.push(t);
    }
    return out;
  }

  // ---- the site's vocabulary (src/derive/search/vocab.rs) ------------------------------------
  //
  // Splits compounds into words the site uses and finds what a typo was meant to be. Terms and
  // the extra first parts come from search/v.js. Every length and offset counts code points.

  var MIN_PART = 3;
  var LINKS = ['', 's', 'e'];
  // Longest word split (MAX_COMPOUND), and the first part a query may begin with (SHORT_HEAD).
  var MAX_COMPOUND = 48;
  var SHORT_HEAD = 2;

  function Vocabulary(terms, heads) {
    this.terms = new Set(terms);
    this.heads = new Set();
    for (var i = 0; i < heads.length; i++) {
      if (!this.terms.has(heads[i]) && Array.from(heads[i]).length >= MIN_PART) this.heads.add(heads[i]);
    }
    this.list = Array.from(this.terms);
    this.grams = null; // bigram index, built on the first typo lookup
  }

  Vocabulary.prototype.isTerm = function (s) { return this.terms.has(s); };

  Vocabulary.prototype.headTerm = function (head) {
    if (this.terms.has(head)) return head;
    if (this.heads.has(head)) {
      var s = stem(head);
      return s === '' ? null : s;
    }
    return null;
  };

  // The terms of the parts of compound `t`, or null (Vocabulary::decompound).
  Vocabulary.prototype.decompound = function (t) {
    var chars = Array.from(t);
    if (chars.length < 2 * MIN_PART || chars.length > MAX_COMPOUND) return null;
    return this.split(chars, false) || this.split(chars, true);
  };

  // A query word: decompound, or else a two-letter term and a term or compound, or else a
  // first part or compound and a two-letter term (Vocabulary::decompound_query): `pcbytte`
  // for pages writing «PC-bytte» or «bytte PC», `elevpc` for «elev-PC».
  Vocabulary.prototype.decompoundQuery = function (t) {
    var parts = this.decompound(t);
    if (parts) return parts;
    var chars = Array.from(t);
    var n = chars.length;
    if (n < SHORT_HEAD + MIN_PART || n > MAX_COMPOUND) return null;
    var head = chars.slice(0, SHORT_HEAD).join('');
    if (this.terms.has(head)) {
      var tail = chars.slice(SHORT_HEAD).join('');
      if (this.terms.has(tail)) return [head, tail];
      var rest = this.decompound(tail);
      if (rest) return [head].concat(rest);
    }
    var last = chars.slice(n - SHORT_HEAD).join('');
    if (!this.terms.has(last)) return null;
    var first = chars.slice(0, n - SHORT_HEAD).join('');
    var firstTerm = this.headTerm(first);
    var before = firstTerm !== null ? [firstTerm] : this.decompound(first);
    return before ? before.concat([last]) : null;
  };

  Vocabulary.prototype.split = function (chars, three) {
    var n = chars.length;
    if (n < 2 * MIN_PART) return null;
    for (var i = n - MIN_PART; i >= MIN_PART; i--) {
      var headTerm = this.headTerm(chars.slice(0, i).join(''));
      if (headTerm === null) continue;
      for (var l = 0; l < LINKS.length; l++) {
        var link = LINKS[l];
        if (chars.slice(i, i + link.length).join('') !== link) continue;
        var tail = chars.slice(i + link.length);
        if (tail.length < MIN_PART) continue;
        if (three) {
          var rest = this.split(tail, false);
          if (rest) return [headTerm].concat(rest);
        } else {
          var tailText = tail.join('');
          if (this.terms.has(tailText)) return [headTerm, tailText];
        }
      }
    }
    return null;
  };

  function bigrams(chars) {
    var padded = ['\u0002'].concat(chars, ['\u0003']);
    var seen = new Set();
    for (var i = 0; i + 1 < padded.length; i++) seen.add(padded[i] + padded[i + 1]);
    return Array.from(seen);
  }

  // Builds the bigram index (once); the search box calls it while the browser is idle.
  Vocabulary.prototype.prepare = function () {
    if (this.grams) return;
    this.grams = new Map();
    this.lengths = new Int32Array(this.list.length);
    for (var k = 0; k < this.list.length; k++) {
      var cs = Array.from(this.list[k]);
      this.lengths[k] = cs.length;
      var gs = bigrams(cs);
      for (var g = 0; g < gs.length; g++) {
        var posting = this.grams.get(gs[g]);
        if (!posting) this.grams.set(gs[g], posting = []);
        posting.push(k);
      }
    }
    this.counts = new Uint8Array(this.list.length);
  };

  // Terms within `max` edits of `t` (not `t` itself, none shorter than MIN_PART), nearest first,
  // then in code-point order, as [term, distance] (Vocabulary::typo_candidates). An edit removes
  // at most three of a word's distinct bigrams, so only terms sharing enough of them with `t`
  // are compared: no scan of the whole vocabulary.
  Vocabulary.prototype.typoCandidates = function (t, max) {
    this.prepare();
    var query = Array.from(t);
    var qgrams = bigrams(query);
    var need = Math.max(1, qgrams.length - 3 * max);
    var counts = this.counts;
    var touched = [];
    for (var q = 0; q < qgrams.length; q++) {
      var list = this.grams.get(qgrams[q]);
      if (!list) continue;
      for (var j = 0; j < list.length; j++) {
        var id = list[j];
        if (counts[id] === 0) touched.push(id);
        if (counts[id] < 255) counts[id]++;
      }
    }
    var found = [];
    for (var x = 0; x < touched.length; x++) {
      var idx = touched[x];
      var shared = counts[idx];
      counts[idx] = 0;
      if (shared < need) continue;
      var len = this.lengths[idx];
      if (len < MIN_PART || Math.abs(len - query.length) > max) continue;
      var cand = this.list[idx];
      if (cand === t) continue;
      var d = editDistance(query, Array.from(cand), max);
      if (d !== null) found.push([cand, d]);
    }
    found.sort(function (a, b) {
      return (a[1] - b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    });
    return found;
  };

  // Optimal string alignment distance of two code-point arrays, or null above `max`.
  function editDistance(a, b, max) {
    var n = a.length;
    var m = b.length;
    if (Math.abs(n - m) > max) return null;
    var w = m + 1;
    var d = new Int32Array((n + 1) * w);
    for (var j = 0; j <= m; j++) d[j] = j;
    for (var i = 1; i <= n; i++) {
      d[i * w] = i;
      var rowMin = i;
      for (var jj = 1; jj <= m; jj++) {
        var cost = a[i - 1] === b[jj - 1] ? 0 : 1;
        var v = Math.min(d[(i - 1) * w + jj] + 1, d[i * w + jj - 1] + 1, d[(i - 1) * w + jj - 1] + cost);
        if (i > 1 && jj > 1 && a[i - 1] === b[jj - 2] && a[i - 2] === b[jj - 1]) {
          v = Math.min(v, d[(i - 2) * w + jj - 2] + 1);
        }
        d[i * w + jj] = v;
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > max) return null;
    }
    var result = d[n * w + m];
    return result <= max ? result : null;
  }

  // The largest edit distance a query word of `chars` letters is corrected by (typo_budget).
  function typoBudget(chars) {
    return chars < 4 ? 0 : chars < 8 ? 1 : 2;
  }

  var api = {
    words: words,
    fold: fold,
    isStopWord: isStopWord,
    stem: stem,
    term: term,
    terms: terms,
    setDialect: setDialect,
    normalise: normalise,
    Vocabulary: Vocabulary,
    editDistance: editDistance,
    typoBudget: typoBudget
  };

  if (typeof module !== 'undefined') module.exports = api;
  if (typeof window !== 'undefined') window.KompetanseAnalyzer = api;
})();
