//! Scores every term of every page and lays the result out as script files.

use super::analyzer::{with_analyzer, words};
use super::vocab::Vocabulary;
use crate::text::fold;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Field boosts: a match in the title outranks one in the headings, the summary, the text.
const BOOST_TITLE: f32 = 10.0;
const BOOST_HEADINGS: f32 = 5.0;
const BOOST_DESCRIPTION: f32 = 4.0;
const BOOST_BODY: f32 = 1.0;
/// A glossary or editor synonym of a word counts this much of the word itself.
const SYNONYM_SHARE: f32 = 0.7;
/// A part of a compound the page uses (`tilgang` in `kontotilgang`) counts this much.
const PART_SHARE: f32 = 0.5;
/// A compound whose parts the page uses apart (`kontotilgang` for «tilgang til kontoen»).
const BOOST_ASSEMBLED: f32 = 2.0;
/// Terms shorter than this are not split into compound parts at index time.
const MIN_COMPOUND: usize = 6;
/// Lists of terms per page: for each of title, description, headings and body its terms,
/// their synonyms and their compound parts; then compounds assembled from parts.
const FIELDS: usize = 13;
/// BM25 term-frequency saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Pages of a prefix's ranking kept in its shard: the search page's result count
/// (`PAGE_RESULTS` in search.js).
const TOP_PAGES: usize = 50;
/// A longer prefix than the shard's two letters gets the build's ranking when its terms hold
/// at least this many postings: the browser merges about 2,000 postings within a millisecond,
/// and the first merge of ten thousand after the index loads takes tens of them.
const TOP_MIN_POSTINGS: usize = 2000;
/// How search.js weighs a query's matches (`matchingTerms`, `rank`): a term the typed prefix
/// only begins, and the share of a glossary entry's and a news item's score.
const PREFIX_WEIGHT: f64 = 0.8;
const GLOSSARY_SHARE: f64 = 0.35;
const NEWS_SHARE: f64 = 0.6;

/// Page texts per snippet file.
pub const DOC_CHUNK: usize = 50;
/// Characters of body text kept for snippets.
const SNIPPET_SOURCE_CHARS: usize = 900;

/// What the index knows of one page.
#[derive(Debug, Clone)]
pub struct SearchDocument {
    pub title: String,
    /// Site path (`tjenester/x/`); the browser makes it relative.
    pub url: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub section: String,
    pub description: String,
    pub headings: Vec<String>,
    pub body: String,
    /// `example: true`: results say «Eksempel».
    pub example: bool,
}

/// A glossary entry as search sees it: a page using any of these words is found by all.
#[derive(Debug, Clone)]
pub struct SynonymGroup {
    pub phrases: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexStats {
    pub documents: usize,
    pub terms: usize,
    pub postings: usize,
    pub shards: usize,
    pub doc_chunks: usize,
    pub bytes: usize,
    pub meta_bytes: usize,
    pub largest_shard_bytes: usize,
}

pub struct SearchIndex {
    /// (path in the output, file text)
    pub files: Vec<(String, String)>,
    pub stats: IndexStats,
}

/// Terms of each list of one page ([`FIELDS`]), borrowed from its [`Words`] and the
/// [`Lexicon`]: made once to count field lengths and once to weigh, never held for every page
/// at once.
struct Analyzed<'a> {
    fields: Vec<(f32, Vec<&'a str>)>,
}

/// A page's own terms per field, and its folded words (for the vocabulary). Packed into one
/// string each: a 10,000-page site has millions of terms, and a `String` per term made the
/// index the build's largest use of memory.
struct Words {
    /// Every term of every field, one after the other.
    terms: String,
    /// Where each term ends in `terms`.
    ends: Vec<u32>,
    /// Where each field's terms end in `ends`.
    field_ends: [usize; 4],
    /// The page's distinct folded words, each followed by `\n`.
    folded: String,
}

impl Words {
    fn field(&self, f: usize) -> Vec<&str> {
        let first = if f == 0 { 0 } else { self.field_ends[f - 1] };
        let mut start = if first == 0 {
            0
        } else {
            self.ends[first - 1] as usize
        };
        self.ends[first..self.field_ends[f]]
            .iter()
            .map(|&end| {
                let term = &self.terms[start..end as usize];
                start = end as usize;
                term
            })
            .collect()
    }

    fn all_terms(&self) -> impl Iterator<Item = &str> {
        (0..4).flat_map(|f| self.field(f))
    }

    fn folded(&self) -> impl Iterator<Item = &str> {
        self.folded.lines()
    }
}

/// Glossary phrases as term sequences, keyed by their first term.
type PhraseTable = HashMap<String, Vec<(Vec<String>, usize)>>;

fn phrase_table(groups: &[SynonymGroup]) -> (PhraseTable, Vec<Vec<String>>) {
    let mut table: PhraseTable = HashMap::new();
    let mut group_terms = Vec::with_capacity(groups.len());
    for (g, group) in groups.iter().enumerate() {
        let mut all_terms = Vec::new();
        for phrase in &group.phrases {
            let terms = with_analyzer(|a| a.terms(phrase));
            if let Some(first) = terms.first() {
                table
                    .entry(first.clone())
                    .or_default()
                    .push((terms.clone(), g));
            }
            all_terms.extend(terms);
        }
        all_terms.sort();
        all_terms.dedup();
        group_terms.push(all_terms);
    }
    (table, group_terms)
}

fn words_of(doc: &SearchDocument) -> Words {
    with_analyzer(|a| {
        let mut folded = Vec::new();
        let mut terms = String::new();
        let mut ends = Vec::new();
        let mut field_ends = [0; 4];
        let headings = doc.headings.join(" ");
        let texts = [
            doc.title.as_str(),
            doc.description.as_str(),
            headings.as_str(),
            doc.body.as_str(),
        ];
        for (f, text) in texts.into_iter().enumerate() {
            for w in words(text) {
                if let Some(t) = a.term(&w) {
                    terms.push_str(&t);
                    ends.push(terms.len() as u32);
                    folded.push(fold(&w));
                }
            }
            field_ends[f] = ends.len();
        }
        folded.sort_unstable();
        folded.dedup();
        let folded = folded.iter().fold(String::new(), |mut all, w| {
            all.push_str(w);
            all.push('\n');
            all
        });
        Words {
            terms,
            ends,
            field_ends,
            folded,
        }
    })
}

/// What the index knows of the whole site's words: synonyms, compounds and their parts.
struct Lexicon {
    table: PhraseTable,
    group_terms: Vec<Vec<String>>,
    vocab: Vocabulary,
    /// Compound term → its parts, for every term of the vocabulary that splits.
    splits: HashMap<String, Vec<String>>,
    /// First part → the compounds starting with it, to find pages that use the parts apart.
    by_first: HashMap<String, Vec<String>>,
}

impl Lexicon {
    fn new(groups: &[SynonymGroup], words: &[Words]) -> Lexicon {
        let (table, group_terms) = phrase_table(groups);
        let mut terms: HashSet<String> = HashSet::new();
        let mut folded: HashSet<String> = HashSet::new();
        for w in words {
            terms.extend(w.all_terms().map(str::to_string));
            folded.extend(w.folded().map(str::to_string));
        }
        terms.extend(group_terms.iter().flatten().cloned());
        let vocab = Vocabulary::new(terms, folded);
        let splits: HashMap<String, Vec<String>> = vocab
            .sorted_terms()
            .par_iter()
            .filter(|t| t.chars().count() >= MIN_COMPOUND)
            .filter_map(|t| vocab.decompound(t).map(|parts| (t.to_string(), parts)))
            .collect();
        let mut by_first: HashMap<String, Vec<String>> = HashMap::new();
        for (compound, parts) in &splits {
            by_first
                .entry(parts[0].clone())
                .or_default()
                .push(compound.clone());
        }
        for list in by_first.values_mut() {
            list.sort();
        }
        Lexicon {
            table,
            group_terms,
            vocab,
            splits,
            by_first,
        }
    }

    fn analyze<'a>(&'a self, w: &'a Words) -> Analyzed<'a> {
        let boosts = [BOOST_TITLE, BOOST_DESCRIPTION, BOOST_HEADINGS, BOOST_BODY];
        let mut fields = Vec::with_capacity(FIELDS);
        let mut own: HashSet<&str> = HashSet::new();
        for (f, boost) in boosts.into_iter().enumerate() {
            let terms = w.field(f);
            let mut groups_found: Vec<usize> = Vec::new();
            for (i, &term) in terms.iter().enumerate() {
                own.insert(term);
                let Some(candidates) = self.table.get(term) else {
                    continue;
                };
                for (phrase, group) in candidates {
                    let here = &terms[i..];
                    let starts_here =
                        here.len() >= phrase.len() && phrase.iter().zip(here).all(|(p, t)| p == t);
                    if starts_here && !groups_found.contains(group) {
                        groups_found.push(*group);
                    }
                }
            }
            let synonyms: Vec<&str> = groups_found
                .iter()
                .flat_map(|&g| self.group_terms[g].iter().map(String::as_str))
                .collect();
            let parts: Vec<&str> = terms
                .iter()
                .filter_map(|t| self.splits.get(*t))
                .flatten()
                .map(String::as_str)
                .collect();
            fields.push((boost, terms));
            fields.push((boost * SYNONYM_SHARE, synonyms));
            fields.push((boost * PART_SHARE, parts));
        }
        let mut assembled: Vec<&str> = Vec::new();
        let mut firsts: Vec<&str> = own.iter().copied().collect();
        firsts.sort();
        for first in firsts {
            for compound in self.by_first.get(first).into_iter().flatten() {
                if own.contains(compound.as_str()) {
                    continue;
                }
                if self.splits[compound]
                    .iter()
                    .all(|p| own.contains(p.as_str()))
                {
                    assembled.push(compound);
                }
            }
        }
        fields.push((BOOST_ASSEMBLED, assembled));
        Analyzed { fields }
    }
}

impl Analyzed<'_> {
    /// How many terms each list has, as the field averages need them.
    fn lengths(&self) -> Vec<f32> {
        self.fields
            .iter()
            .map(|(_, terms)| terms.len() as f32)
            .collect()
    }
}

/// Per document: term → raw BM25-style weight summed over fields (before idf), by term.
fn weigh(analyzed: &Analyzed, average_length: &[f32]) -> Vec<(String, f32)> {
    let mut per_term: HashMap<&str, f32> = HashMap::new();
    for (f, (boost, terms)) in analyzed.fields.iter().enumerate() {
        let mut tf: HashMap<&str, f32> = HashMap::new();
        for t in terms {
            *tf.entry(t).or_default() += 1.0;
        }
        let norm = K1 * (1.0 - B + B * terms.len() as f32 / average_length[f]);
        for (term, count) in tf {
            *per_term.entry(term).or_default() += boost * count * (K1 + 1.0) / (count + norm);
        }
    }
    let mut list: Vec<(String, f32)> = per_term
        .into_iter()
        .map(|(t, w)| (t.to_string(), w))
        .collect();
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list
}

/// The terms of one shard, with their postings (document number, weight before idf).
type ShardTerms<'a> = Vec<(&'a String, &'a Vec<(u32, f32)>)>;

/// The index in memory. A full build makes it once and writes [`IndexState::files`]; the live
/// preview keeps it and, when one page changes, rewrites only the files that page touches.
pub struct IndexState {
    docs: Vec<SearchDocument>,
    lexicon: Lexicon,
    /// Average field lengths of the full build; kept as they are for single-page updates.
    average_length: Vec<f32>,
    weights: Vec<Vec<(String, f32)>>,
    postings: BTreeMap<String, Vec<(u32, f32)>>,
    /// Each term's part of its shard file (`"term":[…]`), kept so that an update re-encodes
    /// only the terms it changed.
    fragments: HashMap<String, Vec<u8>>,
    build_id: String,
}

impl IndexState {
    pub fn new(docs: Vec<SearchDocument>, groups: &[SynonymGroup], build_id: &str) -> IndexState {
        let words: Vec<Words> = docs.par_iter().map(words_of).collect();
        let lexicon = Lexicon::new(groups, &words);
        // Field lengths first and weights after, analyzing each page twice, so that the
        // analyzed terms of every page are never in memory at once.
        let mut average_length = words
            .par_iter()
            .map(|w| lexicon.analyze(w).lengths())
            .reduce(
                || vec![0f32; FIELDS],
                |mut sum, lengths| {
                    sum.iter_mut().zip(lengths).for_each(|(s, l)| *s += l);
                    sum
                },
            );
        let n = docs.len().max(1) as f32;
        for avg in &mut average_length {
            *avg = (*avg / n).max(1.0);
        }
        let weights: Vec<Vec<(String, f32)>> = words
            .par_iter()
            .map(|w| weigh(&lexicon.analyze(w), &average_length))
            .collect();
        drop(words);
        let mut postings: BTreeMap<String, Vec<(u32, f32)>> = BTreeMap::new();
        for (doc, list) in weights.iter().enumerate() {
            for (term, weight) in list {
                postings
                    .entry(term.clone())
                    .or_default()
                    .push((doc as u32, *weight));
            }
        }
        let mut state = IndexState {
            docs,
            lexicon,
            average_length,
            weights,
            postings,
            fragments: HashMap::new(),
            build_id: build_id.to_string(),
        };
        state.fragments = state
            .postings
            .par_iter()
            .map(|(term, list)| (term.clone(), state.fragment(term, list)))
            .collect();
        state
    }

    /// A term's entry in its shard file: `"term":[doc delta, score, …]`, scores with idf and
    /// kept as integers to keep the files small.
    fn fragment(&self, term: &str, list: &[(u32, f32)]) -> Vec<u8> {
        let scale = self.idf_scale(list.len());
        let mut out = Vec::with_capacity(term.len() + 4 + list.len() * 8);
        out.extend_from_slice(serde_json::to_string(term).unwrap_or_default().as_bytes());
        out.extend_from_slice(b":[");
        let mut previous = 0u32;
        for (i, (doc, weight)) in list.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_number(&mut out, doc - previous);
            out.push(b',');
            push_number(&mut out, stored_score(*weight, scale));
            previous = *doc;
        }
        out.push(b']');
        out
    }

    /// A term's idf times 100: stored scores are integers.
    fn idf_scale(&self, df: usize) -> f32 {
        let n = self.docs.len().max(1) as f32;
        let df = df as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln() * 100.0
    }

    /// The best pages for each prefix of the shard that a keystroke would otherwise spend too
    /// long ranking: the shard's own two letters, and every longer prefix whose terms hold
    /// [`TOP_MIN_POSTINGS`] postings. Each is `[pages matched, best page, next, …]`, ranked as
    /// search.js ranks that prefix typed alone (`rank` with one part whose term is the prefix),
    /// from the same stored integer scores, so the lists are the ones it would compute.
    fn prefix_tops(
        &self,
        key: &str,
        terms: &[(&String, &Vec<(u32, f32)>)],
    ) -> Vec<(String, Vec<u32>)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (term, list) in terms {
            for (at, _) in term.char_indices().skip(2) {
                *counts.entry(&term[..at]).or_default() += list.len();
            }
            *counts.entry(term.as_str()).or_default() += list.len();
        }
        let wanted: Vec<&str> = counts
            .into_iter()
            .filter(|(prefix, count)| *prefix == key || *count >= TOP_MIN_POSTINGS)
            .filter(|(prefix, _)| prefix.chars().count() >= 2)
            .map(|(prefix, _)| prefix)
            .collect();
        let shares: Vec<(f64, bool)> = self
            .docs
            .iter()
            .map(|d| match d.kind {
                "begrep" => (GLOSSARY_SHARE, false),
                "nyhet" => (NEWS_SHARE, false),
                kind => (1.0, kind == "artikkel"),
            })
            .collect();
        let mut best = vec![-1f64; self.docs.len()];
        wanted
            .into_iter()
            .map(|prefix| {
                let mut touched: Vec<u32> = Vec::new();
                for (term, list) in terms.iter().filter(|(t, _)| t.starts_with(prefix)) {
                    let weight = if term.as_str() == prefix {
                        1.0
                    } else {
                        PREFIX_WEIGHT
                    };
                    let scale = self.idf_scale(list.len());
                    for (doc, w) in list.iter() {
                        let score = f64::from(stored_score(*w, scale)) * weight;
                        let slot = &mut best[*doc as usize];
                        if *slot < 0.0 {
                            touched.push(*doc);
                            *slot = score;
                        } else if score > *slot {
                            *slot = score;
                        }
                    }
                }
                let mut hits: Vec<(u32, f64, bool)> = touched
                    .iter()
                    .map(|&d| {
                        let (share, article) = shares[d as usize];
                        (d, best[d as usize] * share, article)
                    })
                    .collect();
                for &d in &touched {
                    best[d as usize] = -1.0;
                }
                let matched = hits.len() as u32;
                // A total order (ties by page number), so picking the best before sorting
                // gives the same list as sorting all; the preview rewrites these lists for
                // every shard an edited page touches, and a full sort made that slow.
                let order = |a: &(u32, f64, bool), b: &(u32, f64, bool)| {
                    b.1.total_cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0))
                };
                if hits.len() > TOP_PAGES {
                    hits.select_nth_unstable_by(TOP_PAGES - 1, order);
                    hits.truncate(TOP_PAGES);
                }
                hits.sort_by(order);
                let mut top = Vec::with_capacity(TOP_PAGES + 1);
                top.push(matched);
                top.extend(hits.iter().take(TOP_PAGES).map(|h| h.0));
                (prefix.to_string(), top)
            })
            .collect()
    }

    /// A shard file; `ranked` adds the stored prefix rankings ([`IndexState::prefix_tops`]).
    fn shard_text(&self, key: &str, terms: &[(&String, &Vec<(u32, f32)>)], ranked: bool) -> String {
        let size: usize = terms
            .iter()
            .map(|(t, _)| self.fragments.get(*t).map_or(0, Vec::len) + 1)
            .sum();
        let mut out = Vec::with_capacity(size + 32);
        out.extend_from_slice(b"__kSearch.shard(");
        out.extend_from_slice(serde_json::to_string(key).unwrap_or_default().as_bytes());
        out.extend_from_slice(b",{");
        for (i, (term, _)) in terms.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            if let Some(fragment) = self.fragments.get(*term) {
                out.extend_from_slice(fragment);
            }
        }
        out.extend_from_slice(b"},{");
        let tops = if ranked {
            self.prefix_tops(key, terms)
        } else {
            Vec::new()
        };
        for (i, (prefix, top)) in tops.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(serde_json::to_string(prefix).unwrap_or_default().as_bytes());
            out.extend_from_slice(b":[");
            for (j, n) in top.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                push_number(&mut out, *n);
            }
            out.push(b']');
        }
        out.extend_from_slice(b"});\n");
        // Every piece is ASCII digits and punctuation or JSON-escaped UTF-8.
        String::from_utf8(out).unwrap_or_default()
    }

    fn shards(&self) -> BTreeMap<String, ShardTerms<'_>> {
        let mut shards: BTreeMap<String, ShardTerms<'_>> = BTreeMap::new();
        for (term, list) in &self.postings {
            shards
                .entry(shard_key(term))
                .or_default()
                .push((term, list));
        }
        shards
    }

    fn chunk_file(&self, chunk_no: usize) -> (String, String) {
        let texts: Vec<String> = self
            .docs
            .iter()
            .skip(chunk_no * DOC_CHUNK)
            .take(DOC_CHUNK)
            .map(snippet_source)
            .collect();
        (
            format!("search/d-{chunk_no}.js"),
            format!(
                "__kSearch.docs({chunk_no},{});\n",
                serde_json::to_string(&texts).unwrap_or_default()
            ),
        )
    }

    /// `search/v.js`: the terms and the extra first parts of compounds, for decompounding
    /// and typo correction in the browser (loaded only when a query needs them).
    fn vocab_file(&self) -> (String, String) {
        let vocab = &self.lexicon.vocab;
        (
            "search/v.js".to_string(),
            format!(
                "__kSearch.vocab({},{});\n",
                serde_json::to_string(&vocab.sorted_terms()).unwrap_or_default(),
                serde_json::to_string(&vocab.sorted_heads()).unwrap_or_default()
            ),
        )
    }

    /// The vocabulary of the last full build.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.lexicon.vocab
    }

    fn meta_file(&self, shard_names: Vec<String>) -> (String, String) {
        let mut kinds: Vec<(&str, &str)> = Vec::new();
        let mut sections: Vec<&str> = Vec::new();
        let entries: Vec<serde_json::Value> = self
            .docs
            .iter()
            .map(|d| {
                let kind = index_of(&mut kinds, (d.kind, d.kind_label));
                let section = index_of(&mut sections, d.section.as_str());
                // A fifth element only on examples keeps every other entry as it was.
                if d.example {
                    serde_json::json!([d.title, d.url, kind, section, 1])
                } else {
                    serde_json::json!([d.title, d.url, kind, section])
                }
            })
            .collect();
        let meta = serde_json::json!({
            "build": self.build_id,
            "chunk": DOC_CHUNK,
            "shards": shard_names,
            "kinds": kinds.iter().map(|(k, l)| serde_json::json!([k, l])).collect::<Vec<_>>(),
            "sections": sections,
            "docs": entries,
        });
        (
            "search/meta.js".to_string(),
            format!("__kSearch.meta({meta});\n"),
        )
    }

    /// Every file of the index.
    pub fn files(&self) -> SearchIndex {
        let mut stats = IndexStats {
            documents: self.docs.len(),
            terms: self.postings.len(),
            postings: self.postings.values().map(Vec::len).sum(),
            ..Default::default()
        };
        let shards = self.shards();
        let mut files: Vec<(String, String)> = shards
            .par_iter()
            .map(|(key, terms)| {
                (
                    format!("search/t-{}.js", shard_file(key)),
                    self.shard_text(key, terms, true),
                )
            })
            .collect();
        stats.shards = files.len();
        stats.largest_shard_bytes = files.iter().map(|(_, t)| t.len()).max().unwrap_or(0);
        let chunks = self.docs.len().div_ceil(DOC_CHUNK);
        files.extend((0..chunks).map(|c| self.chunk_file(c)));
        stats.doc_chunks = chunks;
        files.push(self.vocab_file());
        let meta = self.meta_file(shards.into_keys().collect());
        stats.meta_bytes = meta.1.len();
        files.push(meta);
        stats.bytes = files.iter().map(|(_, t)| t.len()).sum();
        SearchIndex { files, stats }
    }

    /// The number of the document at site path `url`.
    pub fn position(&self, url: &str) -> Option<usize> {
        self.docs.iter().position(|d| d.url == url)
    }

    /// Replaces one document and returns the files that changed: the shards of the terms it
    /// had or has, its chunk of snippet text, and the meta file if what a hit shows changed.
    /// The shards are written without their stored prefix rankings: re-ranking every busy
    /// prefix of every shard the page touches took most of an edit's time in the preview,
    /// and without a stored list search.js ranks the prefix itself, with the same result
    /// (tests/browser/search-prefix.test.mjs), only not as fast as a reader of the published
    /// site needs.
    /// Scores of other documents in those terms follow the new document frequency; field
    /// averages stay those of the last full build.
    pub fn replace(&mut self, doc_no: usize, doc: SearchDocument) -> Vec<(String, String)> {
        let words = words_of(&doc);
        let weights = weigh(&self.lexicon.analyze(&words), &self.average_length);
        let mut touched_keys: BTreeSet<String> = BTreeSet::new();
        for (term, _) in &self.weights[doc_no] {
            touched_keys.insert(shard_key(term));
            if let Some(list) = self.postings.get_mut(term) {
                list.retain(|(d, _)| *d as usize != doc_no);
                if list.is_empty() {
                    self.postings.remove(term);
                }
            }
        }
        for (term, weight) in &weights {
            touched_keys.insert(shard_key(term));
            let list = self.postings.entry(term.clone()).or_default();
            let at = list.partition_point(|(d, _)| (*d as usize) < doc_no);
            list.insert(at, (doc_no as u32, *weight));
        }
        let touched_terms: Vec<String> = self.weights[doc_no]
            .iter()
            .chain(&weights)
            .map(|(t, _)| t.clone())
            .collect();
        self.weights[doc_no] = weights;
        let refreshed: Vec<(String, Option<Vec<u8>>)> = touched_terms
            .into_par_iter()
            .map(|term| {
                let fragment = self
                    .postings
                    .get(&term)
                    .map(|list| self.fragment(&term, list));
                (term, fragment)
            })
            .collect();
        for (term, fragment) in refreshed {
            match fragment {
                Some(fragment) => self.fragments.insert(term, fragment),
                None => self.fragments.remove(&term),
            };
        }
        let shown_changed = {
            let old = &self.docs[doc_no];
            old.title != doc.title
                || old.url != doc.url
                || old.kind != doc.kind
                || old.section != doc.section
        };
        self.docs[doc_no] = doc;
        let shards = self.shards();
        let mut files: Vec<(String, String)> = touched_keys
            .par_iter()
            .map(|key| {
                let terms = shards.get(key).map(Vec::as_slice).unwrap_or(&[]);
                (
                    format!("search/t-{}.js", shard_file(key)),
                    self.shard_text(key, terms, false),
                )
            })
            .collect();
        files.push(self.chunk_file(doc_no / DOC_CHUNK));
        let shard_set_changed = touched_keys.iter().any(|k| !shards.contains_key(k));
        if shown_changed || shard_set_changed {
            files.push(self.meta_file(shards.into_keys().collect()));
        }
        files
    }
}

/// Builds the index files for `docs`, with `groups` from the glossary.
pub fn build_index(
    docs: &[SearchDocument],
    groups: &[SynonymGroup],
    build_id: &str,
) -> SearchIndex {
    IndexState::new(docs.to_vec(), groups, build_id).files()
}

fn index_of<T: PartialEq + Copy>(list: &mut Vec<T>, item: T) -> usize {
    match list.iter().position(|x| *x == item) {
        Some(i) => i,
        None => {
            list.push(item);
            list.len() - 1
        }
    }
}

/// A posting's score as stored (and ranked by search.js): an integer, at least 1.
fn stored_score(weight: f32, scale: f32) -> u32 {
    ((weight * scale + 0.5) as u32).max(1)
}

/// Appends a number in decimal; the index files hold millions of them.
fn push_number(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// The shard a term lives in: its first two characters. Shared with `search.js`.
pub fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// A file-name-safe spelling of a shard key: ASCII letters and digits as they are, anything
/// else as `_` and its hexadecimal code point. Mirrored in `search.js`.
pub fn shard_file(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c.to_string()
            } else {
                format!("_{:x}", c as u32)
            }
        })
        .collect()
}

/// The start of a page's text, whitespace collapsed, for snippets.
fn snippet_source(doc: &SearchDocument) -> String {
    let mut out = String::with_capacity(SNIPPET_SOURCE_CHARS + 8);
    let mut count = 0;
    for word in doc.body.split_whitespace() {
        if count + word.chars().count() > SNIPPET_SOURCE_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        count += word.chars().count() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, kind: &'static str, body: &str) -> SearchDocument {
        SearchDocument {
            title: title.into(),
            url: format!("{}/", crate::text::slugify(title)),
            kind,
            kind_label: kind,
            section: "Selvhjelp".into(),
            description: String::new(),
            headings: vec![],
            body: body.into(),
            example: false,
        }
    }

    /// A shard file's arguments: key, terms, prefix rankings.
    fn shard(index: &SearchIndex, key: &str) -> serde_json::Value {
        let (_, text) = index
            .files
            .iter()
            .find(|(p, _)| *p == format!("search/t-{}.js", shard_file(key)))
            .unwrap();
        let args = text
            .trim_start_matches("__kSearch.shard(")
            .trim_end_matches([';', ')', '\n']);
        serde_json::from_str(&format!("[{args}]")).unwrap()
    }

    fn postings(index: &SearchIndex, term: &str) -> Vec<u32> {
        shard(index, &shard_key(term))[1][term]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect()
    }

    #[test]
    fn title_match_scores_above_body_match() {
        let docs = [
            doc("Om nettverk", "artikkel", "Passord brukes overalt."),
            doc("Passord", "artikkel", "Slik bytter du."),
        ];
        let index = build_index(&docs, &[], "t");
        let flat = postings(&index, "passord");
        // [doc0 delta, score0, doc1 delta, score1]
        assert_eq!(flat.len(), 4);
        assert!(
            flat[3] > flat[1],
            "title hit {} must beat body hit {}",
            flat[3],
            flat[1]
        );
    }

    #[test]
    fn synonyms_from_the_glossary_find_pages() {
        let docs = [doc(
            "Innlogging",
            "artikkel",
            "Slå på tofaktorautentisering i dag.",
        )];
        let groups = [SynonymGroup {
            phrases: vec!["MFA".into(), "tofaktorautentisering".into()],
        }];
        let index = build_index(&docs, &groups, "t");
        assert_eq!(
            postings(&index, "mfa").len(),
            2,
            "the page is found by the abbreviation"
        );
    }

    #[test]
    fn files_are_scripts_with_meta_shards_and_doc_chunks() {
        let docs: Vec<SearchDocument> = (0..120)
            .map(|i| doc(&format!("Side {i}"), "artikkel", "Trådløst nett"))
            .collect();
        let index = build_index(&docs, &[], "b1");
        let names: Vec<&str> = index.files.iter().map(|(p, _)| p.as_str()).collect();
        assert!(names.contains(&"search/meta.js"));
        assert!(names.contains(&"search/t-tr.js"), "{names:?}");
        assert!(names.contains(&"search/d-2.js"), "120 docs in chunks of 50");
        assert_eq!(index.stats.documents, 120);
    }

    #[test]
    fn replacing_a_document_rewrites_only_what_it_touches() {
        let docs: Vec<SearchDocument> = (0..120)
            .map(|i| doc(&format!("Side {i}"), "artikkel", "Trådløst nett i skolen"))
            .collect();
        let mut state = IndexState::new(docs.clone(), &[], "b1");
        let mut changed = docs[7].clone();
        changed.body = "Brannmuren stopper trafikken".into();
        let files = state.replace(7, changed);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert!(
            names.contains(&"search/t-br.js"),
            "new term's shard: {names:?}"
        );
        assert!(names.contains(&"search/t-tr.js"), "old term's shard");
        assert!(names.contains(&"search/d-0.js"), "snippet text");
        assert!(names.len() < 12, "{names:?}");
        // The result equals a full build of the changed documents' index, shard by shard.
        let mut expected_docs = docs;
        expected_docs[7].body = "Brannmuren stopper trafikken".into();
        let full = IndexState::new(expected_docs, &[], "b1");
        let full_files = full.files();
        let args = |text: &str| -> serde_json::Value {
            let args = text
                .trim_start_matches("__kSearch.shard(")
                .trim_end_matches([';', ')', '\n']);
            serde_json::from_str(&format!("[{args}]")).unwrap()
        };
        for (path, text) in &files {
            if path.contains("/t-br") {
                let twin = full_files.files.iter().find(|(p, _)| p == path).unwrap();
                let (replaced, full) = (args(text), args(&twin.1));
                assert_eq!(replaced[0], full[0]);
                assert_eq!(replaced[1], full[1], "same terms and postings");
                // No stored rankings: the browser ranks the prefix itself.
                assert_eq!(replaced[2], serde_json::json!({}));
                assert!(full[2].get("br").is_some(), "the full build ranks `br`");
            }
        }
    }

    /// `[pages matched, best page, …]` of `prefix`, as written in its shard.
    fn top(index: &SearchIndex, prefix: &str) -> Option<Vec<u64>> {
        let value = &shard(index, &shard_key(prefix))[2][prefix];
        value
            .as_array()
            .map(|a| a.iter().map(|v| v.as_u64().unwrap()).collect())
    }

    #[test]
    fn a_shards_prefix_carries_its_ranking() {
        // Title order: 0 Begrep nettverk, 1 Kontor, 2 Nettverk (artikkel), 3 Nettverk
        // (tjeneste), 4 Nettverkskabel, 5 Nyheter om nett.
        let docs = [
            doc("Nettverk", "begrep", "Et nett av maskiner."),
            doc("Kontor", "artikkel", "Ingenting her."),
            doc("Nettverk", "artikkel", "Om nettverk."),
            doc("Nettverk", "tjeneste", "Om nettverk."),
            doc("Nettverkskabel", "artikkel", "Kabler."),
            doc("Nyheter om nett", "nyhet", "Nettverk nede."),
        ];
        let index = build_index(&docs, &[], "t");
        let ne = top(&index, "ne").expect("the shard's own prefix is ranked");
        assert_eq!(ne[0], 5, "five pages match ne…: {ne:?}");
        // Equal title matches: the self-help article before the service; the glossary entry
        // counts a share of its score, so it comes after both.
        let at = |d: u64| ne.iter().skip(1).position(|&x| x == d).unwrap();
        assert!(at(2) < at(3), "{ne:?}");
        assert!(at(3) < at(0), "{ne:?}");
        assert!(!ne[1..].contains(&1), "Kontor does not match: {ne:?}");
        // Few postings: a longer prefix is left to the browser.
        assert_eq!(top(&index, "nett"), None);
    }

    #[test]
    fn longer_prefixes_are_ranked_when_they_match_many_pages() {
        let docs: Vec<SearchDocument> = (0..TOP_MIN_POSTINGS + 10)
            .map(|i| {
                let body = if i < 5 {
                    "Kommunen og brannmuren"
                } else {
                    "Kommunen og kommunal drift"
                };
                doc(&format!("Side {i}"), "artikkel", body)
            })
            .collect();
        let index = build_index(&docs, &[], "t");
        let komm = top(&index, "komm").expect("komm… matches every page");
        assert_eq!(komm[0] as usize, docs.len());
        assert_eq!(komm.len(), TOP_PAGES + 1, "only the best pages are kept");
        assert!(top(&index, "kommun").is_some());
        assert_eq!(top(&index, "br").map(|t| t[0]), Some(5));
        assert_eq!(
            top(&index, "bra"),
            None,
            "five postings: left to the browser"
        );
    }

    #[test]
    fn shard_file_names_are_safe() {
        assert_eq!(shard_file("pa"), "pa");
        assert_eq!(shard_file("ß1"), "_df1");
    }
}
