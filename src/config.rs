//! `site.yaml`: the settings of a site.

use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, YamlSource};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    /// Absolute address of the published site, ending in `/` (`https://ror-ikt.no/`).
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_true")]
    pub minify: bool,
    #[serde(default)]
    pub description: Option<String>,
    /// Who publishes the site; shown in the footer and the feed.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Abbreviations that need no entry in the glossary (`check` does not warn about them).
    #[serde(default)]
    pub known_abbreviations: Vec<String>,
    /// Limits of the content checks (dates from Git, plain language); see `checks::Settings`.
    #[serde(default)]
    pub checks: crate::checks::Settings,
}

fn default_language() -> String {
    "nb".into()
}

fn default_theme() -> String {
    "default".into()
}

fn default_true() -> bool {
    true
}

impl Config {
    /// Reads `site.yaml` from the site root. A missing file is an error with a hint.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|err| {
            Diagnostic::error(
                "config::missing",
                format!("kunne ikke lese {CONFIG_FILE}: {err}"),
            )
            .in_file(CONFIG_FILE)
            .with_help(format!(
                "kjør kommandoen i mappen med {CONFIG_FILE}, eller bruk --root MAPPE"
            ))
        })?;
        Config::parse(&frontmatter::normalize_text(text))
    }

    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let file_text: Arc<str> = text.into();
        let source = YamlSource {
            display_path: Path::new(CONFIG_FILE),
            file_text: &file_text,
            yaml: text,
            yaml_line: 1,
        };
        let mut config: Config = source.parse()?;
        if !(config.base_url.starts_with("http://") || config.base_url.starts_with("https://")) {
            let line = frontmatter::line_of(text, "base_url", 1).unwrap_or(1);
            return Err(source
                .error(
                    "config::base-url",
                    format!(
                        "base_url må være en absolutt adresse, fant `{}`",
                        config.base_url
                    ),
                )
                .at(line, 1)
                .with_help("for eksempel https://ror-ikt.no/"));
        }
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        Ok(config)
    }

    /// The absolute URL of a site path (`tjenester/x/` → `https://ror-ikt.no/tjenester/x/`).
    pub fn absolute_url(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalizes_base_url() {
        let c = Config::parse("title: T\nbase_url: https://ror-ikt.no\n").unwrap();
        assert_eq!(c.base_url, "https://ror-ikt.no/");
        assert_eq!(c.language, "nb");
        assert!(c.minify);
        assert_eq!(
            c.absolute_url("tjenester/"),
            "https://ror-ikt.no/tjenester/"
        );
    }

    #[test]
    fn unknown_key_gets_a_hint() {
        let err = Config::parse("title: T\nbase_url: https://x.no/\nminfy: false\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(err.help.as_deref(), Some("mente du `minify`?"));
    }

    #[test]
    fn relative_base_url_is_refused() {
        let err = Config::parse("title: T\nbase_url: ror-ikt.no\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
