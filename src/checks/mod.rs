//! Checks of the content that help editors keep it correct and readable, beyond the rules of
//! the content model: dates from Git ([`git_dates`]) and accessibility and plain language
//! ([`a11y`]). Their limits are the `checks:` block of `site.yaml` ([`Settings`]).

pub mod a11y;
pub mod git_dates;

use crate::diagnostics::{Diagnostics, Severity};
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
    /// Warning codes the site accepts as known and deliberate (`contacts::missing` while
    /// numbers are unconfirmed): still listed, as notes, but not counted by `check --strict`.
    pub allow: Vec<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            updated_tolerance_days: 14,
            max_sentence_words: 35,
            max_paragraph_words: 150,
            allow: Vec::new(),
        }
    }
}

impl Settings {
    /// Turns the warnings whose code the site allows into notes: still shown, never counted
    /// by `--strict`. Errors stay errors: an allowed code never lets a broken build through.
    pub fn apply_allow(&self, diagnostics: Diagnostics) -> Diagnostics {
        if self.allow.is_empty() {
            return diagnostics;
        }
        diagnostics
            .into_iter()
            .map(|d| {
                if d.severity == Severity::Warning
                    && self.allow.iter().any(|a| a == d.code.as_str())
                {
                    let help = match &d.help {
                        Some(h) => format!("{h} (godtatt i checks.allow i site.yaml)"),
                        None => "godtatt i checks.allow i site.yaml".to_string(),
                    };
                    d.with_severity(Severity::Note).with_help(help)
                } else {
                    d
                }
            })
            .collect()
    }
}
