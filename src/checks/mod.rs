//! Checks of the content that help editors keep it correct and readable, beyond the rules of
//! the content model: dates from Git ([`git_dates`]) and accessibility and plain language
//! ([`a11y`]). Their limits are the `checks:` block of `site.yaml` ([`Settings`]).

pub mod a11y;
pub mod git_dates;

use serde::{Deserialize, Serialize};

/// `checks:` in `site.yaml`; every key is optional.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Warn when a page's file has Git commits more than this many days after its `updated`.
    pub updated_tolerance_days: u32,
    /// Warn about a sentence of more words than this (klarspråk).
    pub max_sentence_words: usize,
    /// Warn about a paragraph of more words than this (klarspråk).
    pub max_paragraph_words: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            updated_tolerance_days: 14,
            max_sentence_words: 35,
            max_paragraph_words: 150,
        }
    }
}
