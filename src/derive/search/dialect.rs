//! Nynorsk word forms read as bokmål (`words/nynorsk.txt`), applied to every folded word
//! before stemming, in the build (here, through [`super::analyzer`]) and in the browser
//! (`normalise` in `themes/default/static/js/analyzer.js`, with the map written into
//! `search/meta.js`). A query in nynorsk then finds pages in bokmål and the other way round.
//!
//! A form either stands for the whole word only (`eg` → `jeg`), or, written with a trailing
//! `-` in the list, also for the start of a longer word (`tryggleik-`: `tryggleiksnøkkel` →
//! `sikkerhetsnøkkel`, `tryggleiken` → `sikkerheten`); the whole word wins, then the longest
//! start.

use crate::text::fold;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

const LIST: &str = include_str!("words/nynorsk.txt");

/// The nynorsk forms and their bokmål forms, folded.
#[derive(Debug, Default)]
pub struct Dialect {
    whole: HashMap<String, String>,
    starts: HashMap<String, String>,
    /// The longest start, in characters: no longer prefix of a word needs looking up.
    longest_start: usize,
}

/// The built-in list, parsed once.
pub fn dialect() -> &'static Dialect {
    static DIALECT: OnceLock<Dialect> = OnceLock::new();
    DIALECT.get_or_init(|| Dialect::parse(LIST))
}

impl Dialect {
    /// Parses `nynorsk bokmål` lines; `#` starts a comment. A malformed line is a bug in the
    /// shipped list (a unit test reads every line), so it is skipped, not reported.
    pub fn parse(text: &str) -> Dialect {
        let mut dialect = Dialect::default();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let mut fields = line.split_whitespace();
            let (Some(from), Some(to), None) = (fields.next(), fields.next(), fields.next()) else {
                continue;
            };
            let (from, start) = match from.strip_suffix('-') {
                Some(stem) => (stem, true),
                None => (from, false),
            };
            let (from, to) = (fold(&from.to_lowercase()), fold(&to.to_lowercase()));
            if start {
                dialect.longest_start = dialect.longest_start.max(from.chars().count());
                dialect.starts.insert(from.clone(), to.clone());
            }
            dialect.whole.insert(from, to);
        }
        dialect
    }

    /// The bokmål form of a folded, lowercased word (the word itself if the list has none).
    pub fn normalise<'a>(&self, folded: &'a str) -> Cow<'a, str> {
        if let Some(to) = self.whole.get(folded) {
            return Cow::Owned(to.clone());
        }
        // Char boundaries of the word's first `longest_start` characters, longest first; a
        // start must leave at least one character.
        let ends: Vec<usize> = folded
            .char_indices()
            .map(|(at, _)| at)
            .skip(1)
            .take(self.longest_start)
            .collect();
        for &end in ends.iter().rev() {
            if let Some(to) = self.starts.get(&folded[..end]) {
                return Cow::Owned(format!("{to}{}", &folded[end..]));
            }
        }
        Cow::Borrowed(folded)
    }

    /// The map for `search/meta.js`: `{"whole": {…}, "starts": {…}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let sorted = |m: &HashMap<String, String>| {
            m.iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect::<serde_json::Map<_, _>>()
        };
        serde_json::json!({ "whole": sorted(&self.whole), "starts": sorted(&self.starts) })
    }

    /// Every nynorsk form of the list (for tests).
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        self.whole.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_list_is_a_pair() {
        for line in LIST.lines() {
            let line = line.split('#').next().unwrap().trim();
            if line.is_empty() {
                continue;
            }
            assert_eq!(line.split_whitespace().count(), 2, "{line:?}");
        }
        assert!(dialect().whole.len() > 100);
    }

    #[test]
    fn whole_words_and_starts_of_words() {
        let d = dialect();
        assert_eq!(d.normalise("gloymt"), "glemt");
        assert_eq!(d.normalise("ikkje"), "ikke");
        assert_eq!(d.normalise("tryggleiksnokkel"), "sikkerhetsnokkel");
        assert_eq!(d.normalise("skrivaren"), "skriveren");
        assert_eq!(d.normalise("heimekontor"), "hjemmekontor");
        // Bokmål is left alone, and a whole-word form does not start other words.
        assert_eq!(d.normalise("glemt"), "glemt");
        assert_eq!(d.normalise("egen"), "egen");
        assert_eq!(d.normalise("passord"), "passord");
    }
}
