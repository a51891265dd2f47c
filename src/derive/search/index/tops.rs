//! The build's ranking of busy prefixes, stored in their shard so a keystroke needs none.

use super::{IndexState, stored_score};
use std::collections::BTreeMap;

/// Pages of a prefix's ranking kept in its shard: the search page's result count
/// (`PAGE_RESULTS` in search.js).
pub(super) const TOP_PAGES: usize = 50;
/// A longer prefix than the shard's two letters gets the build's ranking when its terms hold
/// at least this many postings: the browser merges about 2,000 postings within a millisecond,
/// and the first merge of ten thousand after the index loads takes tens of them.
pub(super) const TOP_MIN_POSTINGS: usize = 2000;
/// How search.js weighs a query's matches (`matchingTerms`, `rank`): a term the typed prefix
/// only begins, and the share of a glossary entry's and a news item's score.
const PREFIX_WEIGHT: f64 = 0.8;
const GLOSSARY_SHARE: f64 = 0.35;
const NEWS_SHARE: f64 = 0.6;
const SECTION_SHARE: f64 = 0.5;
const REQUIREMENT_SHARE: f64 = 0.5;
/// Longest prefix ranked, in characters: longer ones are left to the browser. Counting every
/// prefix of a term costs the square of its length (each is a key compared by its bytes), and
/// a megabyte-long «word» in a page made the build hang here.
pub(super) const MAX_RANKED_PREFIX: usize = 48;

/// The share of its score a page of this kind keeps in a ranking (`share` in search.js), and
/// whether it is a self-help article (they win ties).
pub(crate) fn kind_share(kind: &str) -> (f64, bool) {
    match kind {
        "begrep" => (GLOSSARY_SHARE, false),
        "nyhet" => (NEWS_SHARE, false),
        "seksjon" => (SECTION_SHARE, false),
        super::super::REQUIREMENT_KIND => (REQUIREMENT_SHARE, false),
        kind => (1.0, kind == "artikkel"),
    }
}

/// Postings per prefix of the shard's terms (two characters and up, at most
/// [`MAX_RANKED_PREFIX`]).
pub(super) fn prefix_counts<'t>(
    terms: &[(&'t String, &Vec<(u32, f32)>)],
) -> BTreeMap<&'t str, usize> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (term, list) in terms {
        for (at, _) in term.char_indices().skip(2).take(MAX_RANKED_PREFIX - 1) {
            *counts.entry(&term[..at]).or_default() += list.len();
        }
        if term.chars().nth(MAX_RANKED_PREFIX).is_none() {
            *counts.entry(term.as_str()).or_default() += list.len();
        }
    }
    counts
}

/// Each page's share of its score in a ranking and whether it is a self-help article
/// ([`kind_share`]), by page number: made once for all shards.
pub(super) type Shares = Vec<(f64, bool)>;

impl IndexState {
    pub(super) fn shares(&self) -> Shares {
        self.docs.iter().map(|d| kind_share(d.kind)).collect()
    }

    /// The best pages for each prefix of the shard that a keystroke would otherwise spend too
    /// long ranking: the shard's own two letters, and every longer prefix whose terms hold
    /// [`TOP_MIN_POSTINGS`] postings. Each is `[pages matched, best page, next, …]`, ranked as
    /// search.js ranks that prefix typed alone (`rank` with one part whose term is the prefix),
    /// from the same stored integer scores, so the lists are the ones it would compute.
    pub(super) fn prefix_tops(
        &self,
        key: &str,
        terms: &[(&String, &Vec<(u32, f32)>)],
        shares: &Shares,
    ) -> Vec<(String, Vec<u32>)> {
        let counts = prefix_counts(terms);
        let wanted: Vec<&str> = counts
            .into_iter()
            .filter(|(prefix, count)| *prefix == key || *count >= TOP_MIN_POSTINGS)
            .filter(|(prefix, _)| prefix.chars().count() >= 2)
            .map(|(prefix, _)| prefix)
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_very_long_term_has_no_more_prefixes_than_the_cap() {
        let long = "a".repeat(100_000);
        let list = vec![(0u32, 1.0f32)];
        let counts = prefix_counts(&[(&long, &list)]);
        assert_eq!(counts.len(), 47, "prefixes of 2 to 48 letters");
        assert!(
            counts
                .keys()
                .all(|p| p.chars().count() <= MAX_RANKED_PREFIX)
        );
        let short = "passord".to_string();
        let counts = prefix_counts(&[(&short, &list)]);
        assert_eq!(counts.len(), 6, "pa, pas, pass, passo, passor, passord");
    }
}
