//! The live preview's update of the index when one page changes: its postings are changed in
//! place, term by term, instead of laying out the shards from scratch.
//!
//! A term the page keeps keeps its document frequency, so only the page's own score in that
//! term's encoded list (its fragment) can change: that number is rewritten where it stands,
//! and the shard is rewritten only if a number changed. A term the page gains or loses
//! changes its idf, so its list is encoded again. Shards are found as ranges of the sorted
//! term map (a shard is the terms sharing their first two letters), so nothing of the
//! update walks the whole index, except the list of shards in `meta.js` when a shard
//! appears or disappears.

use super::analysis::{weigh, words_of};
use super::{DOC_CHUNK, IndexState, SearchDocument, push_number, shard_file, shard_key};
use super::{snippet_source, stored_score};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::ops::Bound;

impl IndexState {
    /// Replaces one document and returns the files that changed: the shards of the terms
    /// whose stored lists changed, its chunk of snippet text, and the meta file if what a hit
    /// shows or the set of shards changed. The shards are written without their stored
    /// prefix rankings: re-ranking every busy prefix of every shard the page touches took
    /// most of an edit's time in the preview, and without a stored list search.js ranks the
    /// prefix itself, with the same result (tests/browser/search-prefix.test.mjs), only not
    /// as fast as a reader of the published site needs.
    /// Scores of other documents in a term follow its new document frequency; field averages
    /// stay those of the last full build.
    pub fn replace(&mut self, doc_no: usize, doc: SearchDocument) -> Vec<(String, String)> {
        let words = words_of(&doc);
        let new = super::owned(&weigh(&self.lexicon.analyze(&words), &self.average_length));
        drop(words);
        let old = std::mem::take(&mut self.weights[doc_no]);
        let doc_id = doc_no as u32;
        // Terms whose list must be encoded again (document frequency changed), and terms
        // whose fragment was patched in place.
        let mut reencode: Vec<String> = Vec::new();
        let mut touched_keys: BTreeSet<String> = BTreeSet::new();
        let mut shard_set_changed = false;
        let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
        loop {
            let order = match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some((x, _)), Some((y, _))) => x.cmp(y),
            };
            match order {
                std::cmp::Ordering::Less => {
                    let (term, _) = a.next().unwrap_or_else(|| unreachable!());
                    if let Some(list) = self.postings.get_mut(term) {
                        if let Ok(at) = list.binary_search_by_key(&doc_id, |(d, _)| *d) {
                            list.remove(at);
                        }
                        if list.is_empty() {
                            self.postings.remove(term);
                        }
                    }
                    reencode.push(term.clone());
                }
                std::cmp::Ordering::Greater => {
                    let (term, weight) = b.next().unwrap_or_else(|| unreachable!());
                    shard_set_changed |= self.shard_terms(&shard_key(term)).is_empty();
                    let list = self.postings.entry(term.clone()).or_default();
                    let at = list.partition_point(|(d, _)| *d < doc_id);
                    list.insert(at, (doc_id, *weight));
                    reencode.push(term.clone());
                }
                std::cmp::Ordering::Equal => {
                    let _ = a.next();
                    let (term, weight) = b.next().unwrap_or_else(|| unreachable!());
                    if self.patch(term, doc_id, *weight) {
                        touched_keys.insert(shard_key(term));
                    }
                }
            }
        }
        self.weights[doc_no] = new;
        let refreshed: Vec<(String, Option<Vec<u8>>)> = reencode
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
            let key = shard_key(&term);
            match fragment {
                Some(fragment) => {
                    self.fragments.insert(term, fragment);
                }
                None => {
                    self.fragments.remove(&term);
                    shard_set_changed |= self.shard_terms(&key).is_empty();
                }
            }
            touched_keys.insert(key);
        }
        let shown_changed = {
            let old = &self.docs[doc_no];
            old.title != doc.title
                || old.id != doc.id
                || old.url != doc.url
                || old.kind != doc.kind
                || old.section != doc.section
        };
        let mut doc = doc;
        doc.body = snippet_source(&doc);
        self.docs[doc_no] = doc;
        let mut files: Vec<(String, String)> = touched_keys
            .par_iter()
            .map(|key| {
                let terms = self.shard_terms(key);
                (
                    format!("search/t-{}.js", shard_file(key)),
                    self.shard_text(key, &terms, None),
                )
            })
            .collect();
        files.push(self.chunk_file(doc_no / DOC_CHUNK));
        if shown_changed || shard_set_changed {
            files.push(self.meta_file(self.shards().into_keys().collect()));
        }
        files
    }

    /// Each document's number by its URL, for finding an edited page's entry.
    pub fn doc_numbers(&self) -> std::collections::HashMap<String, usize> {
        self.docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.url.clone(), i))
            .collect()
    }

    /// The terms of shard `key`, in order: a range of the sorted term map.
    fn shard_terms(&self, key: &str) -> Vec<(&String, &Vec<(u32, f32)>)> {
        self.postings
            .range::<str, _>((Bound::Included(key), Bound::Unbounded))
            .take_while(|(term, _)| term.starts_with(key) && shard_key(term) == key)
            .collect()
    }

    /// Sets the weight of `doc` in `term`'s list, whose document frequency is unchanged, and
    /// rewrites its stored score in the term's fragment where it stands. Returns whether the
    /// fragment changed.
    fn patch(&mut self, term: &str, doc: u32, weight: f32) -> bool {
        let Some(list) = self.postings.get_mut(term) else {
            return false;
        };
        let Ok(k) = list.binary_search_by_key(&doc, |(d, _)| *d) else {
            return false;
        };
        list[k].1 = weight;
        let df = list.len();
        let scale = self.idf_scale(df);
        let Some(fragment) = self.fragments.get_mut(term) else {
            return false;
        };
        let mut number = Vec::with_capacity(10);
        push_number(&mut number, stored_score(weight, scale));
        // `"term":[` then delta, score, delta, score, …: the score of entry k is number
        // 2k + 1 of the list.
        let start = serde_json::to_string(term).map_or(0, |t| t.len()) + 2;
        let Some(span) = nth_number(&fragment[start..], 2 * k + 1) else {
            return false;
        };
        let span = start + span.0..start + span.1;
        if fragment[span.clone()] == number[..] {
            return false;
        }
        fragment.splice(span, number);
        true
    }
}

/// Where the `n`th (from 0) comma-separated number of `list` (ending at `]`) starts and ends.
fn nth_number(list: &[u8], n: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    let mut seen = 0;
    for (i, &b) in list.iter().enumerate() {
        if b == b',' || b == b']' {
            if seen == n {
                return Some((start, i));
            }
            seen += 1;
            start = i + 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{IndexState, SearchDocument};
    use super::nth_number;

    fn doc(n: usize, body: &str) -> SearchDocument {
        SearchDocument {
            title: format!("Side {n}"),
            id: None,
            url: format!("side-{n}/"),
            kind: "artikkel",
            kind_label: "Artikkel",
            section: "Selvhjelp".into(),
            description: String::new(),
            headings: vec![],
            body: body.into(),
            snippet: None,
            example: false,
        }
    }

    /// After edits that keep, gain and lose terms, every stored list is what encoding the
    /// postings afresh gives, and the shards written hold exactly those lists.
    #[test]
    fn lists_patched_in_place_equal_lists_encoded_afresh() {
        let docs: Vec<SearchDocument> = (0..60)
            .map(|i| doc(i, "Trådløst nett i skolen og passord for nettet"))
            .collect();
        let mut state = IndexState::new(docs, &[], "b1");
        for body in [
            "Trådløst nett i skolen og passord for nettet, med en lengre tekst om nettet",
            "Brannmuren stopper trafikken til nettet",
            "Trådløst nett",
        ] {
            let files = state.replace(7, doc(7, body));
            for (term, list) in &state.postings {
                assert_eq!(
                    state.fragments[term],
                    state.fragment(term, list),
                    "{term} after «{body}»"
                );
            }
            for (path, text) in &files {
                let Some(key) = path.strip_prefix("search/t-") else {
                    continue;
                };
                let key = key.trim_end_matches(".js");
                let terms = state.shard_terms(key);
                assert_eq!(text, &state.shard_text(key, &terms, None), "{path}");
            }
        }
        assert!(
            state.postings.keys().all(|t| !t.starts_with("brann")),
            "a lost term is gone"
        );
    }

    #[test]
    fn numbers_of_an_encoded_list_are_found_by_position() {
        let list = b"3,120,1,7]";
        assert_eq!(nth_number(list, 0), Some((0, 1)));
        assert_eq!(nth_number(list, 1), Some((2, 5)));
        assert_eq!(nth_number(list, 3), Some((8, 9)));
        assert_eq!(nth_number(list, 4), None);
    }
}
