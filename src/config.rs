//! `site.yaml`: the settings of a site.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, YamlSource};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

pub const CONFIG_FILE: &str = "site.yaml";

/// Stands for a source file's path in `edit_url`.
const EDIT_URL_PLACEHOLDER: &str = "{path}";

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
    /// The units that may be named in a page's `owner`; empty accepts any owner.
    #[serde(default)]
    pub owners: Vec<String>,
    /// Whether pages with `example: true` are published in the public build.
    #[serde(default)]
    pub publish_examples: bool,
    /// Address of a page's source file in the Git host's editor; `{path}` is replaced by the
    /// file's path from the site root.
    #[serde(default)]
    pub edit_url: Option<String>,
    /// What raw HTML in Markdown may contain beyond the safe default (see README).
    #[serde(default)]
    pub raw_html: RawHtml,
    /// Limits of the content checks (dates from Git, plain language); see `checks::Settings`.
    #[serde(default)]
    pub checks: crate::checks::Settings,
    /// The Git host of the browser editor at `/admin/` of the internal build.
    #[serde(default)]
    pub editor: Option<crate::editor::EditorSettings>,
}

/// `raw_html: { allow: [iframe] }`: elements raw HTML may use besides the default list.
/// Event-handler attributes and `javascript:` URLs are never allowed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawHtml {
    #[serde(default)]
    pub allow: Vec<String>,
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
                Code::ConfigMissing,
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
        let mut config: Config = source.parse().map_err(|err| {
            if err.code == Code::FrontmatterMissingField {
                err.with_help(format!(
                    "legg til feltet i {CONFIG_FILE}; `kompetanse init` viser et fullstendig eksempel"
                ))
            } else {
                err
            }
        })?;
        if !(config.base_url.starts_with("http://") || config.base_url.starts_with("https://")) {
            let line = frontmatter::line_of(text, "base_url", 1).unwrap_or(1);
            return Err(source
                .error(
                    Code::ConfigBaseUrl,
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
        if let Some(edit_url) = &config.edit_url
            && !edit_url.contains(EDIT_URL_PLACEHOLDER)
        {
            let line = frontmatter::line_of(text, "edit_url", 1).unwrap_or(1);
            return Err(source
                .error(
                    Code::ConfigEditUrl,
                    format!("edit_url må inneholde {EDIT_URL_PLACEHOLDER}, fant `{edit_url}`"),
                )
                .at(line, 1)
                .with_help(
                    "{path} byttes ut med filens sti, for eksempel https://git.example.no/ror-ikt/portal/-/edit/main/{path}",
                ));
        }
        Ok(config)
    }

    /// Every key `site.yaml` accepts, in the struct's order: taken from serde, so a new field
    /// is listed (and must be documented in README.md, see the test) without a second edit.
    pub fn keys() -> &'static [&'static str] {
        use serde::de::{self, Deserializer, Visitor};
        struct Capture(Option<&'static [&'static str]>);
        impl<'de> Deserializer<'de> for &mut Capture {
            type Error = de::value::Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
                Err(de::Error::custom("only structs"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Self::Error> {
                self.0 = Some(fields);
                Err(de::Error::custom("captured"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }
        let mut capture = Capture(None);
        let _ = Config::deserialize(&mut capture);
        capture.0.unwrap_or(&[])
    }

    /// The link to edit a source file (`content/selvhjelp/x.md`), when `edit_url` is set.
    pub fn edit_link(&self, display_path: &str) -> Option<String> {
        self.edit_url
            .as_ref()
            .map(|url| url.replace(EDIT_URL_PLACEHOLDER, display_path))
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
    fn keys_come_from_the_struct() {
        let keys = Config::keys();
        for key in [
            "title",
            "base_url",
            "theme",
            "minify",
            "known_abbreviations",
        ] {
            assert!(keys.contains(&key), "{key} mangler i {keys:?}");
        }
    }

    /// Bad settings: (site.yaml, code, line, column, help contains).
    #[test]
    fn bad_settings_name_line_column_and_fix() {
        let cases: &[(&str, Code, usize, usize, &str)] = &[
            (
                "title: T\nbase_url: https://x.no/\nthme: x\n",
                Code::FrontmatterUnknownField,
                3,
                1,
                "mente du `theme`?",
            ),
            (
                "title: T\nbase_url: https://x.no/\nminify: ja\n",
                Code::FrontmatterWrongType,
                3,
                9,
                "",
            ),
            (
                "title: T\nbase_url: https://x.no/\nknown_abbreviations: ABC\n",
                Code::FrontmatterWrongType,
                3,
                22,
                "",
            ),
            (
                "base_url: https://x.no/\n",
                Code::FrontmatterMissingField,
                0,
                1,
                "site.yaml",
            ),
            (
                "title: T\nbase_url: https://x.no/\nzzz: 1\n",
                Code::FrontmatterUnknownField,
                3,
                1,
                "tillatte felt: title, base_url",
            ),
        ];
        for (yaml, code, line, column, help) in cases {
            let err = Config::parse(yaml).unwrap_err();
            assert_eq!(err.code, *code, "{yaml}");
            assert_eq!((err.line, err.column), (*line, *column), "{yaml}");
            assert!(
                err.help.as_deref().unwrap_or("").contains(help),
                "{yaml}: {:?}",
                err.help
            );
        }
    }

    #[test]
    fn editor_settings_are_read() {
        let c = Config::parse(
            "title: T\nbase_url: https://x.no/\nowners: [ROR-IKT Kundeservice]\npublish_examples: true\nedit_url: https://git.example.no/p/-/edit/main/{path}\n",
        )
        .unwrap();
        assert_eq!(c.owners, ["ROR-IKT Kundeservice"]);
        assert!(c.publish_examples);
        assert_eq!(
            c.edit_link("content/selvhjelp/x.md").as_deref(),
            Some("https://git.example.no/p/-/edit/main/content/selvhjelp/x.md")
        );
        let plain = Config::parse("title: T\nbase_url: https://x.no/\n").unwrap();
        assert!(plain.owners.is_empty());
        assert!(!plain.publish_examples);
        assert_eq!(plain.edit_link("content/a.md"), None);
    }

    #[test]
    fn edit_url_without_placeholder_is_refused() {
        let err =
            Config::parse("title: T\nbase_url: https://x.no/\nedit_url: https://git.example.no/\n")
                .unwrap_err();
        assert_eq!(err.code, Code::ConfigEditUrl);
        assert_eq!(err.line, 3);
    }

    #[test]
    fn misspelt_editor_setting_gets_a_hint() {
        let err = Config::parse("title: T\nbase_url: https://x.no/\nowner: [A]\n").unwrap_err();
        assert_eq!(err.help.as_deref(), Some("mente du `owners`?"));
    }

    #[test]
    fn relative_base_url_is_refused() {
        let err = Config::parse("title: T\nbase_url: ror-ikt.no\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
