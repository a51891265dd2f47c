//! Scores every term of every page and lays the result out as script files.

use super::vocab::Vocabulary;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

mod analysis;
mod tops;
mod update;

use analysis::{FIELDS, Lexicon, Words, weigh, words_of};

/// Page texts per snippet file.
pub const DOC_CHUNK: usize = 50;
/// Pages weighed at a time while the postings are gathered (see [`IndexState::make`]).
const WEIGH_SLICE: usize = 2048;

/// How many snippet files (`search/d-<n>.js`) an index of `documents` pages has.
pub fn text_files(documents: usize) -> usize {
    documents.div_ceil(DOC_CHUNK)
}
/// Characters of body text kept for snippets.
const SNIPPET_SOURCE_CHARS: usize = 900;

/// What the index knows of one page.
#[derive(Debug, Clone)]
pub struct SearchDocument {
    pub title: String,
    /// An identifier shown before the title (a requirement's `NETT-024`): search.js finds it
    /// when it is typed exactly; its letters and digits are no words of the page, or every
    /// `NETT-…` would match `nett` in its title.
    pub id: Option<String>,
    /// Site path (`tjenester/x/`); the browser makes it relative.
    pub url: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub section: String,
    pub description: String,
    pub headings: Vec<String>,
    pub body: String,
    /// Text shown as the snippet instead of the start of `body`, not searched (a section's
    /// or report's summary).
    pub snippet: Option<String>,
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

/// Where the index's files go: path in the output and bytes.
pub type FileSink<'a, E> = dyn Fn(&str, &[u8]) -> Result<(), E> + Sync + 'a;

/// The terms of one shard, with their postings (document number, weight before idf).
type ShardTerms<'a> = Vec<(&'a String, &'a Vec<(u32, f32)>)>;

/// The index in memory. A full build makes it once and writes [`IndexState::files`]; the live
/// preview keeps it and, when one page changes, rewrites only the files that page touches.
pub struct IndexState {
    /// The documents, each body cut to its snippet source once weighed.
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
        Self::make(docs, groups, build_id, true)
    }

    /// Makes the index of `docs` and hands each file to `sink` as soon as it is made, for a
    /// build that does not keep the index: no page's weighted terms and no shard fragments
    /// are kept (only the preview updates them), and no file waits for the others, which
    /// keeps a large site's peak memory down.
    pub fn build_and_write<E: Send>(
        docs: Vec<SearchDocument>,
        groups: &[SynonymGroup],
        build_id: &str,
        sink: &FileSink<'_, E>,
    ) -> Result<IndexStats, E> {
        Self::make(docs, groups, build_id, false).write_files(sink)
    }

    fn make(
        docs: Vec<SearchDocument>,
        groups: &[SynonymGroup],
        build_id: &str,
        keep: bool,
    ) -> IndexState {
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
        // Weighed a slice of pages at a time and gathered into postings before the next: the
        // weighted terms of every page at once were the peak memory of a 50,000-page build.
        // Gathered in a hash map and sorted once: a sorted map per posting compared strings
        // for most of this step's time (perf), and cloned the term each time.
        let mut gathered: rustc_hash::FxHashMap<&str, Vec<(u32, f32)>> =
            rustc_hash::FxHashMap::default();
        let mut weights: Vec<Vec<(String, f32)>> = Vec::new();
        for (c, slice) in words.chunks(WEIGH_SLICE).enumerate() {
            let lists: Vec<Vec<(&str, f32)>> = slice
                .par_iter()
                .map(|w| weigh(&lexicon.analyze(w), &average_length))
                .collect();
            for (k, list) in lists.iter().enumerate() {
                let doc = (c * WEIGH_SLICE + k) as u32;
                for &(term, weight) in list {
                    gathered.entry(term).or_default().push((doc, weight));
                }
            }
            if keep {
                weights.extend(lists.iter().map(|list| owned(list)));
            }
        }
        // Snippets need only the start of each page's text.
        let mut docs = docs;
        docs.par_iter_mut()
            .for_each(|doc| doc.body = snippet_source(doc));
        let mut sorted: Vec<(&str, Vec<(u32, f32)>)> = gathered.into_iter().collect();
        sorted.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let postings: BTreeMap<String, Vec<(u32, f32)>> = sorted
            .into_iter()
            .map(|(term, list)| (term.to_string(), list))
            .collect();
        drop(words);
        let mut state = IndexState {
            docs,
            lexicon,
            average_length,
            weights,
            postings,
            fragments: HashMap::new(),
            build_id: build_id.to_string(),
        };
        if keep {
            state.fragments = state
                .postings
                .par_iter()
                .map(|(term, list)| (term.clone(), state.fragment(term, list)))
                .collect();
        }
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

    /// A shard file; `ranked` (each page's [`tops::Shares`]) adds the stored prefix rankings
    /// ([`IndexState::prefix_tops`]).
    fn shard_text(
        &self,
        key: &str,
        terms: &[(&String, &Vec<(u32, f32)>)],
        ranked: Option<&tops::Shares>,
    ) -> String {
        let size: usize = terms
            .iter()
            .map(|(t, list)| self.fragments.get(*t).map_or(list.len() * 8, Vec::len) + 1)
            .sum();
        let mut out = Vec::with_capacity(size + 32);
        out.extend_from_slice(b"__kSearch.shard(");
        out.extend_from_slice(serde_json::to_string(key).unwrap_or_default().as_bytes());
        out.extend_from_slice(b",{");
        for (i, (term, list)) in terms.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            // A full build keeps no fragments (only the preview patches them).
            match self.fragments.get(*term) {
                Some(fragment) => out.extend_from_slice(fragment),
                None => out.extend_from_slice(&self.fragment(term, list)),
            }
        }
        out.extend_from_slice(b"},{");
        let tops = match ranked {
            Some(shares) => self.prefix_tops(key, terms, shares),
            None => Vec::new(),
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
        // Each body is already its snippet source (made when the document was stored).
        let texts: Vec<&str> = self
            .docs
            .iter()
            .skip(chunk_no * DOC_CHUNK)
            .take(DOC_CHUNK)
            .map(|doc| doc.body.as_str())
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
                let title = match &d.id {
                    Some(id) => format!("{id} {}", d.title),
                    None => d.title.clone(),
                };
                let section = index_of(&mut sections, d.section.as_str());
                // A fifth element only on examples keeps every other entry as it was.
                if d.example {
                    serde_json::json!([title, d.url, kind, section, 1])
                } else {
                    serde_json::json!([title, d.url, kind, section])
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
            // Nynorsk forms as bokmål: analyzer.js needs them to make a query's terms.
            "nn": super::dialect::dialect().to_json(),
        });
        (
            "search/meta.js".to_string(),
            format!("__kSearch.meta({meta});\n"),
        )
    }

    /// Every file of the index, in order of path.
    pub fn files(&self) -> SearchIndex {
        let files = std::sync::Mutex::new(Vec::new());
        let Ok(stats) = self.write_files(&|path, bytes| -> Result<(), std::convert::Infallible> {
            let text = String::from_utf8_lossy(bytes).into_owned();
            files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path.to_string(), text));
            Ok(())
        });
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        SearchIndex { files, stats }
    }

    /// Hands each file of the index to `sink` as soon as it is made.
    pub fn write_files<E: Send>(&self, sink: &FileSink<'_, E>) -> Result<IndexStats, E> {
        let mut stats = IndexStats {
            documents: self.docs.len(),
            terms: self.postings.len(),
            postings: self.postings.values().map(Vec::len).sum(),
            ..Default::default()
        };
        let shards = self.shards();
        let shares = self.shares();
        let sizes: Vec<usize> = shards
            .par_iter()
            .map(|(key, terms)| {
                let text = self.shard_text(key, terms, Some(&shares));
                sink(&format!("search/t-{}.js", shard_file(key)), text.as_bytes())?;
                Ok(text.len())
            })
            .collect::<Result<_, E>>()?;
        stats.shards = sizes.len();
        stats.largest_shard_bytes = sizes.iter().copied().max().unwrap_or(0);
        stats.bytes = sizes.iter().sum();
        let chunks = text_files(self.docs.len());
        stats.doc_chunks = chunks;
        stats.bytes += (0..chunks)
            .into_par_iter()
            .map(|c| {
                let (path, text) = self.chunk_file(c);
                sink(&path, text.as_bytes())?;
                Ok(text.len())
            })
            .collect::<Result<Vec<usize>, E>>()?
            .into_iter()
            .sum::<usize>();
        let (path, text) = self.vocab_file();
        sink(&path, text.as_bytes())?;
        stats.bytes += text.len();
        let (path, meta) = self.meta_file(shards.into_keys().collect());
        sink(&path, meta.as_bytes())?;
        stats.meta_bytes = meta.len();
        stats.bytes += meta.len();
        Ok(stats)
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
    for word in doc.snippet.as_ref().unwrap_or(&doc.body).split_whitespace() {
        let chars = word.chars().count();
        if count + chars > SNIPPET_SOURCE_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        count += chars + 1;
    }
    out
}

/// A page's weighted terms as the preview keeps them, sorted by term to update the page
/// alone. Only the preview sorts: a full build gathers postings in document order, whatever
/// the order of a page's terms, and sorting them was 2 % of its CPU (perf).
fn owned(list: &[(&str, f32)]) -> Vec<(String, f32)> {
    let mut owned: Vec<(String, f32)> = list.iter().map(|&(t, w)| (t.to_string(), w)).collect();
    // Terms are unique (map keys), so an unstable sort gives the same order.
    owned.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    owned
}

#[cfg(test)]
mod tests {
    use super::tops::{TOP_MIN_POSTINGS, TOP_PAGES};
    use super::*;

    fn doc(title: &str, kind: &'static str, body: &str) -> SearchDocument {
        SearchDocument {
            title: title.into(),
            id: None,
            url: format!("{}/", crate::text::slugify(title)),
            kind,
            kind_label: kind,
            section: "Selvhjelp".into(),
            description: String::new(),
            headings: vec![],
            body: body.into(),
            snippet: None,
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
