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
    /// Each word seen, by its number in `known`.
    memo: RefCell<HashMap<String, u32>>,
    known: RefCell<Vec<KnownWord>>,
    /// Each term seen, by its number.
    term_ids: RefCell<HashMap<Box<str>, u32>>,
}

/// What the analyzer has worked out for one word: its term and its folded form, so a page's
/// distinct words are counted by number and folded once per thread, not once per page.
pub struct KnownWord {
    /// The word's search term; `None` for a stop word.
    pub term: Option<Box<str>>,
    /// The term's number on this thread: words with the same term share it (`u32::MAX` for
    /// a stop word, which has none).
    pub term_id: u32,
    /// The word folded to ASCII (for the vocabulary).
    pub folded: Box<str>,
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
            known: RefCell::new(Vec::new()),
            term_ids: RefCell::new(HashMap::default()),
        }
    }

    /// Calls `f` with the search term of one lowercased word (`None` for a stop word),
    /// borrowed from the memo: a site's pages look up millions of words, most of them known.
    pub fn with_term<R>(&self, word: &str, f: impl FnOnce(Option<&str>) -> R) -> R {
        self.with_word(word, |_, known| f(known.term.as_deref()))
    }

    /// Calls `f` with the number of one lowercased word on this thread and what is known of
    /// it, working that out the first time the word is seen. `f` must not use the analyzer:
    /// what is known stays borrowed while it runs.
    pub fn with_word<R>(&self, word: &str, f: impl FnOnce(u32, &KnownWord) -> R) -> R {
        let id = self.memo.borrow().get(word).copied();
        let id = id.unwrap_or_else(|| {
            let term = self.analyse(word).map(String::into_boxed_str);
            let term_id = term.as_ref().map_or(u32::MAX, |term| {
                let mut ids = self.term_ids.borrow_mut();
                let next = ids.len() as u32;
                *ids.entry(term.clone()).or_insert(next)
            });
            let known = KnownWord {
                term,
                term_id,
                folded: fold(word).into_boxed_str(),
            };
            let mut all = self.known.borrow_mut();
            let id = all.len() as u32;
            all.push(known);
            self.memo.borrow_mut().insert(word.to_string(), id);
            id
        });
        f(id, &self.known.borrow()[id as usize])
    }

    /// Calls `f` with what is known of every word seen on this thread, by the numbers
    /// [`Analyzer::with_word`] gave them.
    pub fn with_known<R>(&self, f: impl FnOnce(&[KnownWord]) -> R) -> R {
        f(&self.known.borrow())
    }

    /// The search term of one lowercased word, or `None` for a stop word.
    pub fn term(&self, word: &str) -> Option<String> {
        self.with_term(word, |term| term.map(str::to_string))
    }

    fn analyse(&self, word: &str) -> Option<String> {
        self.stop_words.filter(word.to_string()).and_then(|kept| {
            let folded = fold(&kept);
            let normal = dialect().normalise(&folded);
            if normal != folded.as_str() && self.stop_words.filter(normal.to_string()).is_none() {
                return None;
            }
            self.stemmer.filter(normal.into_owned())
        })
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
    // One pass over the bytes, decoding only non-ASCII characters; a word is borrowed when
    // none of its characters changes when lowercased.
    let unchanged = |c: char| {
        let mut l = c.to_lowercase();
        l.next() == Some(c) && l.next().is_none()
    };
    let mut emit = |word: &str, plain: bool| {
        if plain {
            f(word)
        } else {
            // Rarer (a capital): `str::to_lowercase` knows the final sigma, a per-char loop not.
            f(&word.to_lowercase())
        }
    };
    let bytes = text.as_bytes();
    let (mut i, mut start, mut plain) = (0, None, true);
    while i < bytes.len() {
        let b = bytes[i];
        let (alphanumeric, simple, len) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), !b.is_ascii_uppercase(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), unchanged(c), c.len_utf8())
        };
        if alphanumeric {
            if start.is_none() {
                start = Some(i);
                plain = true;
            }
            plain &= simple;
        } else if let Some(s) = start.take() {
            emit(&text[s..i], plain);
        }
        i += len;
    }
    if let Some(s) = start {
        emit(&text[s..], plain);
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
    fn words_are_split_and_lowercased_as_str_split_does() {
        let reference = |t: &str| -> Vec<String> {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        for text in [
            "",
            "   ",
            "Bytt passord – hver måned.",
            "ÆØÅ æøå Ærlig ærlig «Sitat» (parentes) e-post M365 3.14",
            "İstanbul ǅemal ΣΑΣ Σ aΣ 🙂x🙂 x🙂 ½ ² ٣",
            "end",
            "tail ",
            "a\u{a0}b\u{2003}c",
        ] {
            assert_eq!(words(text), reference(text), "{text:?}");
        }
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
