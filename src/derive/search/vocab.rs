//! The site's own vocabulary, for what the stemmer cannot do: split compounds into words the
//! site uses, and find the words a typo was meant to be. The browser has the same functions
//! (`Vocabulary` in `themes/default/static/js/analyzer.js`), fed with `search/v.js`;
//! `search_parity` in `tests/testsuite/` checks that both give the same answers.
//!
//! * **Decompounding.** Norwegian glues words together (`kontotilgang`, `møteromsutstyr`).
//!   A term is split into a known first word, an optional linking letter (`s` or `e`) and a
//!   known last term, or three parts when two do not do; fewest parts win, then the longest
//!   first part, then no linking letter before `s` before `e`. A first part may be any word of
//!   the site, folded (`skole` in `skoleelev`, whose term is `skol`); the last part must be a
//!   term, as the compound's stem ends the way its last word's stem does.
//! * **Typos.** The terms within an edit distance (insert, delete, replace, or swap two
//!   neighbours, each counted as one) of a query term. Here it is a plain scan, the reference;
//!   the browser narrows the terms down with a bigram index first, so it never scans them all.

use super::analyzer::with_analyzer;
use std::collections::HashSet;

/// Shortest part a compound is split into.
pub const MIN_PART: usize = 3;
/// Longest word that is split: longer than any real Norwegian compound
/// (`informasjonssikkerhetsopplæringen` has 33 letters). Splitting tries every first part and,
/// for three parts, every second one, so its work grows with the square of the length: a
/// 100 KB «word» took 20 s to build. Longer words are left whole.
pub const MAX_COMPOUND: usize = 48;
/// A query written as one word may begin or end with a two-letter word the pages hyphenate or
/// write apart (`pcbytte` for «PC-bytte», «bytte PC»; `elevpc` for «elev-PC»): tried only
/// when the usual split fails.
pub const SHORT_HEAD: usize = 2;
/// Linking letters between the parts of a compound, in the order they are tried.
const LINKS: [&str; 3] = ["", "s", "e"];

/// The terms of the index and the (folded) words they come from.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    terms: HashSet<String>,
    /// Folded words that are not terms themselves (`skole`, whose term is `skol`).
    heads: HashSet<String>,
}

impl Vocabulary {
    /// From the index terms and the folded words of the site (stop words left out).
    pub fn new(
        terms: impl IntoIterator<Item = String>,
        words: impl IntoIterator<Item = String>,
    ) -> Vocabulary {
        let terms: HashSet<String> = terms.into_iter().collect();
        let heads = words
            .into_iter()
            .filter(|w| !terms.contains(w) && w.chars().count() >= MIN_PART)
            .collect();
        Vocabulary { terms, heads }
    }

    pub fn is_term(&self, s: &str) -> bool {
        self.terms.contains(s)
    }

    /// The terms, sorted (for `search/v.js`).
    pub fn sorted_terms(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.terms.iter().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// The extra first parts, sorted (for `search/v.js`).
    pub fn sorted_heads(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.heads.iter().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// The term a first part stands for: itself if it is a term, otherwise its stem.
    fn head_term(&self, head: &str) -> Option<String> {
        if self.terms.contains(head) {
            Some(head.to_string())
        } else if self.heads.contains(head) {
            let stem = with_analyzer(|a| a.stem(head));
            (!stem.is_empty()).then_some(stem)
        } else {
            None
        }
    }

    /// The terms of the parts of compound `term`, or `None` if it does not split into known
    /// parts. The term itself need not be in the vocabulary.
    pub fn decompound(&self, term: &str) -> Option<Vec<String>> {
        let chars: Vec<char> = term.chars().take(MAX_COMPOUND + 1).collect();
        if chars.len() < 2 * MIN_PART || chars.len() > MAX_COMPOUND {
            return None;
        }
        self.split(&chars, false)
            .or_else(|| self.split(&chars, true))
    }

    /// How a query word is split: as [`Vocabulary::decompound`], or else into a two-letter
    /// term (`pc`) and a term or compound (`bytt`), for `pcbytte`, or else into a first part
    /// or compound and a two-letter term (`elev` and `pc`, for `elevpc`). Only queries are split
    /// this way: in the index a two-letter part would split too many words that are no
    /// compounds.
    pub fn decompound_query(&self, term: &str) -> Option<Vec<String>> {
        if let Some(parts) = self.decompound(term) {
            return Some(parts);
        }
        let chars: Vec<char> = term.chars().take(MAX_COMPOUND + 1).collect();
        let n = chars.len();
        if !(SHORT_HEAD + MIN_PART..=MAX_COMPOUND).contains(&n) {
            return None;
        }
        let short_head = || -> Option<Vec<String>> {
            let head: String = chars[..SHORT_HEAD].iter().collect();
            if !self.terms.contains(&head) {
                return None;
            }
            let tail: String = chars[SHORT_HEAD..].iter().collect();
            if self.terms.contains(&tail) {
                return Some(vec![head, tail]);
            }
            let mut parts = vec![head];
            parts.extend(self.decompound(&tail)?);
            Some(parts)
        };
        let short_tail = || -> Option<Vec<String>> {
            let tail: String = chars[n - SHORT_HEAD..].iter().collect();
            if !self.terms.contains(&tail) {
                return None;
            }
            let head: String = chars[..n - SHORT_HEAD].iter().collect();
            let mut parts = match self.head_term(&head) {
                Some(head) => vec![head],
                None => self.decompound(&head)?,
            };
            parts.push(tail);
            Some(parts)
        };
        short_head().or_else(short_tail)
    }

    /// Splits into a first part and a last term, or (with `three`) a first part and a
    /// two-part rest.
    fn split(&self, chars: &[char], three: bool) -> Option<Vec<String>> {
        let n = chars.len();
        if n < 2 * MIN_PART {
            return None;
        }
        for i in (MIN_PART..=n - MIN_PART).rev() {
            #[cfg(test)]
            HEADS_TRIED.with(|c| c.set(c.get() + 1));
            let head: String = chars[..i].iter().collect();
            let Some(head_term) = self.head_term(&head) else {
                continue;
            };
            for link in LINKS {
                let link_len = link.chars().count();
                if !chars[i..].iter().take(link_len).copied().eq(link.chars()) {
                    continue;
                }
                let tail = &chars[i + link_len..];
                if tail.len() < MIN_PART {
                    continue;
                }
                if three {
                    if let Some(rest) = self.split(tail, false) {
                        let mut parts = vec![head_term];
                        parts.extend(rest);
                        return Some(parts);
                    }
                } else {
                    let tail: String = tail.iter().collect();
                    if self.terms.contains(&tail) {
                        return Some(vec![head_term, tail]);
                    }
                }
            }
        }
        None
    }

    /// Terms within `max` edits of `term` (not `term` itself, none shorter than
    /// [`MIN_PART`]), nearest first, then in code-point order.
    pub fn typo_candidates(&self, term: &str, max: usize) -> Vec<(String, usize)> {
        let query: Vec<char> = term.chars().collect();
        let mut found: Vec<(String, usize)> = self
            .terms
            .iter()
            .filter(|t| t.as_str() != term)
            .filter_map(|t| {
                let chars: Vec<char> = t.chars().collect();
                if chars.len() < MIN_PART || chars.len().abs_diff(query.len()) > max {
                    return None;
                }
                let d = edit_distance(&query, &chars, max)?;
                Some((t.clone(), d))
            })
            .collect();
        found.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        found
    }
}

/// The edit distance of `a` and `b` with adjacent swaps counted as one (optimal string
/// alignment), or `None` if it is above `max`.
pub fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    let width = m + 1;
    let mut d = vec![0usize; (n + 1) * width];
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        d[i * width] = i;
        let mut row_min = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
    }
    let v = d[n * width + m];
    (v <= max).then_some(v)
}

/// The largest edit distance a query word is corrected by: none under 4 letters, 1 from 4,
/// 2 from 8.
pub fn typo_budget(word_chars: usize) -> usize {
    match word_chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

#[cfg(test)]
thread_local! {
    /// First parts tried by `split` on this thread: the work of decompounding, for tests.
    static HEADS_TRIED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_very_long_word_is_not_split() {
        // Every seventh letter ends a known word: without a cap, splitting tries every first
        // part and, for three parts, every second part after each known first part.
        let v = vocab(&["passord", "konto"], &[]);
        let word = "passord".repeat(200);
        HEADS_TRIED.with(|c| c.set(0));
        assert_eq!(v.decompound(&word), None);
        assert_eq!(v.decompound_query(&word), None);
        let tried = HEADS_TRIED.with(|c| c.get());
        assert!(tried <= 200, "{tried} first parts tried");
        // A compound of real length is still split.
        assert_eq!(
            v.decompound("passordkonto"),
            Some(vec!["passord".into(), "konto".into()])
        );
    }

    #[test]
    fn a_query_may_start_with_a_two_letter_word() {
        let v = vocab(
            &["pc", "bytt", "rullering", "sikker", "nokkel"],
            &["sikkerhet"],
        );
        assert_eq!(v.decompound("pcbytt"), None, "not in the index");
        assert_eq!(
            v.decompound_query("pcbytt"),
            Some(vec!["pc".into(), "bytt".into()])
        );
        assert_eq!(
            v.decompound_query("pcrullering"),
            Some(vec!["pc".into(), "rullering".into()])
        );
        assert_eq!(
            v.decompound_query("sikkerhetsnokkel"),
            Some(vec!["sikker".into(), "nokkel".into()])
        );
        assert_eq!(v.decompound_query("xybytt"), None);
        let v = vocab(&["pc", "elev", "politiker"], &[]);
        assert_eq!(
            v.decompound_query("elevpc"),
            Some(vec!["elev".into(), "pc".into()])
        );
        assert_eq!(v.decompound_query("elevxy"), None);
    }

    fn vocab(terms: &[&str], words: &[&str]) -> Vocabulary {
        Vocabulary::new(
            terms.iter().map(|s| s.to_string()),
            words.iter().map(|s| s.to_string()),
        )
    }

    #[test]
    fn compounds_split_into_known_parts_with_linking_letters() {
        let v = vocab(
            &[
                "konto", "tilgang", "nokkel", "sikker", "moterom", "utstyr", "elev", "skol",
            ],
            &["sikkerhet", "skole"],
        );
        assert_eq!(
            v.decompound("kontotilgang"),
            Some(vec!["konto".into(), "tilgang".into()])
        );
        assert_eq!(
            v.decompound("sikkerhetsnokkel"),
            Some(vec!["sikker".into(), "nokkel".into()])
        );
        assert_eq!(
            v.decompound("moteromsutstyr"),
            Some(vec!["moterom".into(), "utstyr".into()])
        );
        assert_eq!(
            v.decompound("skoleelev"),
            Some(vec!["skol".into(), "elev".into()])
        );
        assert_eq!(v.decompound("kontoxyz"), None);
        assert_eq!(v.decompound("tilgan"), None);
    }

    #[test]
    fn three_parts_when_two_do_not_do() {
        let v = vocab(&["konto", "tilgang", "skjema"], &[]);
        assert_eq!(
            v.decompound("kontotilgangsskjema"),
            Some(vec!["konto".into(), "tilgang".into(), "skjema".into()])
        );
    }

    #[test]
    fn typo_candidates_count_a_swap_as_one_edit() {
        let v = vocab(&["utskrift", "utskriv", "innlogging", "passord"], &[]);
        assert_eq!(
            v.typo_candidates("utskirft", 1),
            vec![("utskrift".into(), 1)]
        );
        assert_eq!(
            v.typo_candidates("innloging", 1),
            vec![("innlogging".into(), 1)]
        );
        assert_eq!(v.typo_candidates("pasord", 1), vec![("passord".into(), 1)]);
        assert!(v.typo_candidates("xyzzy", 2).is_empty());
    }

    #[test]
    fn edit_distance_stops_early_and_counts_swaps() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&c("ab"), &c("ba"), 1), Some(1));
        assert_eq!(edit_distance(&c("kitten"), &c("sitting"), 3), Some(3));
        assert_eq!(edit_distance(&c("kitten"), &c("sitting"), 2), None);
    }
}
