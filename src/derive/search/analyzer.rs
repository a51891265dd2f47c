//! Turns text into search terms, the same way in the build (here) and in the browser
//! (`themes/default/static/js/search.js`):
//!
//! 1. words are maximal runs of letters and digits, lowercased;
//! 2. Norwegian stop words are dropped (elasticlunr-rs' Norwegian list);
//! 3. æ/ø/å and accents are folded to ASCII, so `losning` finds `løsning`;
//! 4. nynorsk forms are read as bokmål ([`super::dialect`]): `gløymt` is `glemt`, and a
//!    form that becomes a stop word (`berre` → `bare`) is dropped;
//! 5. the word is stemmed with elasticlunr-rs' Norwegian (Snowball) stemmer, so
//!    `brannmuren` and `brannmurer` meet at `brannmur`.
//!
//! Folding before stemming means a word typed with or without æ/ø/å gives the same term.

use super::dialect::dialect;
use crate::text::fold;
use elasticlunr::lang::{Language, Norwegian};
use elasticlunr::pipeline::PipelineFn;
use std::cell::RefCell;
// The memo is asked for every word of every page: FxHash, not SipHash (the keys are the site's
// own words).
use rustc_hash::FxHashMap as HashMap;

/// Norwegian stop-word filter and stemmer from elasticlunr-rs. Not `Sync`: one per thread
/// (see [`with_analyzer`]). Remembers the terms of words it has seen: a site's vocabulary is
/// small next to its word count.
pub struct Analyzer {
    stop_words: Box<dyn PipelineFn>,
    stemmer: Box<dyn PipelineFn>,
    memo: RefCell<HashMap<String, Option<String>>>,
}

thread_local! {
    static ANALYZER: Analyzer = Analyzer::new();
}

/// Runs `f` with this thread's analyzer.
pub fn with_analyzer<T>(f: impl FnOnce(&Analyzer) -> T) -> T {
    ANALYZER.with(f)
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new()
    }
}

impl Analyzer {
    pub fn new() -> Analyzer {
        // The Norwegian pipeline is [trimmer, stop-word filter, stemmer]; our word splitting
        // already does the trimmer's job (and keeps digits, which it would drop: `M365`).
        let mut queue = Norwegian::new().make_pipeline().queue.into_iter();
        let _trimmer = queue.next();
        let stop_words = queue
            .next()
            .expect("elasticlunr Norwegian stop-word filter");
        let stemmer = queue.next().expect("elasticlunr Norwegian stemmer");
        Analyzer {
            stop_words,
            stemmer,
            memo: RefCell::new(HashMap::default()),
        }
    }

    /// Calls `f` with the search term of one lowercased word (`None` for a stop word),
    /// borrowed from the memo: a site's pages look up millions of words, most of them known.
    pub fn with_term<R>(&self, word: &str, f: impl FnOnce(Option<&str>) -> R) -> R {
        if let Some(known) = self.memo.borrow().get(word) {
            return f(known.as_deref());
        }
        let term = self.term(word);
        f(term.as_deref())
    }

    /// The search term of one lowercased word, or `None` for a stop word.
    pub fn term(&self, word: &str) -> Option<String> {
        if let Some(known) = self.memo.borrow().get(word) {
            return known.clone();
        }
        let term = self.stop_words.filter(word.to_string()).and_then(|kept| {
            let folded = fold(&kept);
            let normal = dialect().normalise(&folded);
            if normal != folded.as_str() && self.stop_words.filter(normal.to_string()).is_none() {
                return None;
            }
            self.stemmer.filter(normal.into_owned())
        });
        self.memo
            .borrow_mut()
            .insert(word.to_string(), term.clone());
        term
    }

    /// Stems a word as it is (no folding, no stop words); exposed for the parity test with
    /// the browser's stemmer.
    pub fn stem(&self, word: &str) -> String {
        self.stemmer.filter(word.to_string()).unwrap_or_default()
    }

    /// Every term of a text, in order, stop words left out.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut terms = Vec::new();
        for_each_word(text, |w| terms.extend(self.term(w)));
        terms
    }
}

/// Calls `f` with each lowercased word of `text` (maximal runs of letters and digits),
/// borrowed where lowercasing changes nothing: the index reads every word of every page,
/// and a `String` per word was millions of allocations.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        let unchanged = |c: char| {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        };
        if w.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            || w.chars().all(unchanged)
        {
            f(w);
            continue;
        }
        // Rarer (a capital): `str::to_lowercase` knows the final sigma, a per-char loop not.
        f(&w.to_lowercase());
    }
}

/// The lowercased words of a text: maximal runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    let mut all = Vec::new();
    for_each_word(text, |w| all.push(w.to_string()));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_share_a_term() {
        let a = Analyzer::new();
        assert_eq!(a.term("brannmuren"), a.term("brannmur"));
        assert_eq!(a.term("brannmurer"), a.term("brannmur"));
    }

    #[test]
    fn typing_without_norwegian_letters_gives_the_same_term() {
        let a = Analyzer::new();
        assert_eq!(a.term("løsning"), a.term("losning"));
        assert_eq!(a.term("trådløst"), a.term("tradlost"));
    }

    #[test]
    fn stop_words_are_dropped_and_digits_kept() {
        let a = Analyzer::new();
        assert_eq!(a.term("og"), None);
        assert_eq!(
            a.terms("Microsoft M365 og Teams"),
            vec!["microsoft", "m365", "team"]
        );
    }

    #[test]
    fn nynorsk_forms_give_the_bokmal_terms() {
        let a = Analyzer::new();
        assert_eq!(a.term("gløymt"), a.term("glemt"));
        assert_eq!(a.term("gloymt"), a.term("glemt"));
        assert_eq!(a.term("tryggleiksnøkkel"), a.term("sikkerhetsnøkkel"));
        assert_eq!(a.term("heime"), a.term("hjemme"));
        assert_eq!(a.term("tilsette"), a.term("ansatte"));
        assert_eq!(a.term("berre"), None, "bare is a stop word");
    }

    #[test]
    fn words_split_on_punctuation() {
        let w = words("T-014: «Politiker-PC», 3.1 ÆRLIG Ørsta ΣΑΣ straße");
        let expected = [
            "t",
            "014",
            "politiker",
            "pc",
            "3",
            "1",
            "ærlig",
            "ørsta",
            "σας",
            "straße",
        ];
        assert_eq!(
            w, expected,
            "the final sigma as `str::to_lowercase` writes it"
        );
    }
}
