//! `site.yaml`: the settings of a site.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, YamlSource};
use crate::url_policy::{self, Use};
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
    /// Absolute address of the published site, ending in `/` (`https://ror-ikt.no/`): the
    /// public build's address.
    pub base_url: String,
    /// Absolute address of the internal build, ending in `/`. Without it the internal build
    /// names no address: relative links in sitemap and feed, no canonical link.
    #[serde(default)]
    pub internal_url: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_true")]
    pub minify: bool,
    #[serde(default)]
    pub description: Option<String>,
    /// Who publishes the site; shown in the header, the footer, the feed and the example
    /// banner («… ikke bekreftet av {publisher}»).
    #[serde(default)]
    pub publisher: Option<String>,
    /// The site's logo: a file under `static/` (`logo.svg`), shown in the header.
    #[serde(default)]
    pub logo: Option<String>,
    /// The footer text (Markdown), shown at the bottom of every page.
    #[serde(default)]
    pub footer: Option<String>,
    /// The footer as HTML, made once when the settings are read.
    #[serde(skip)]
    pub footer_html: Option<String>,
    /// The site's own lists for `municipalities`, `area` and `audience` (slug → label).
    #[serde(default)]
    pub vocabularies: crate::model::Vocabularies,
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
            let why = match err.kind() {
                std::io::ErrorKind::NotFound => format!("filen finnes ikke i {}", root.display()),
                std::io::ErrorKind::PermissionDenied => "mangler tilgang til filen".into(),
                _ => err.to_string(),
            };
            Diagnostic::error(
                Code::ConfigMissing,
                format!("kunne ikke lese {CONFIG_FILE}: {why}"),
            )
            .in_file(CONFIG_FILE)
            .with_help(format!(
                "kjør kommandoen i mappen med {CONFIG_FILE}, eller bruk --root MAPPE"
            ))
        })?;
        let text = frontmatter::normalize_text(text);
        let config = Config::parse(&text)?;
        if let Some(logo) = &config.logo
            && !root.join("static").join(logo).is_file()
        {
            let line = key_line(&text, "logo").unwrap_or(1);
            return Err(Diagnostic::error(
                Code::ConfigLogo,
                format!("fant ikke logoen static/{logo}"),
            )
            .in_file(CONFIG_FILE)
            .at(line, 1)
            .with_source(text.as_str().into())
            .with_help("legg filen i static/ (den kopieres til roten av nettstedet), eller rett stien i `logo`"));
        }
        Ok(config)
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
                .with_help("for eksempel https://nettsted.example/"));
        }
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        if let Some(internal) = &mut config.internal_url {
            if !(internal.starts_with("http://") || internal.starts_with("https://")) {
                let line = frontmatter::line_of(text, "internal_url", 1).unwrap_or(1);
                return Err(source
                    .error(
                        Code::ConfigBaseUrl,
                        format!("internal_url må være en absolutt adresse, fant `{internal}`"),
                    )
                    .at(line, 1)
                    .with_help("for eksempel https://intranett.example.no/kompetanse/, eller fjern internal_url"));
            }
            if !internal.ends_with('/') {
                internal.push('/');
            }
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
                    "{path} byttes ut med filens sti, for eksempel https://git.example.no/nettsted/-/edit/main/{path}",
                ));
        }
        if let Some(edit_url) = &config.edit_url {
            check_url_field(text, "edit_url", edit_url, Use::Link)?;
        }
        if let Some(footer) = &config.footer {
            for url in footer_links(footer) {
                check_url_field(text, "footer", &url, Use::Link)?;
            }
            config.footer_html = Some(footer_html(footer, &config.base_url));
        }
        if config
            .vocabularies
            .municipalities
            .contains(crate::model::vocabulary::ALL_MUNICIPALITIES)
        {
            let line = key_line(text, "vocabularies").unwrap_or(1);
            return Err(source
                .error(
                    Code::ConfigVocabulary,
                    "`alle` kan ikke stå i vocabularies.municipalities: `municipalities: [alle]` betyr alltid alle kommunene i listen".to_string(),
                )
                .at(line, 1)
                .with_help("fjern `alle` fra listen"));
        }
        for code in &config.checks.allow {
            if !crate::diagnostics::Code::ALL
                .iter()
                .any(|c| c.as_str() == code)
            {
                let line = frontmatter::line_of(text, code, key_line(text, "checks").unwrap_or(1))
                    .unwrap_or(1);
                let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                return Err(source
                    .error(
                        Code::ConfigCheckAllow,
                        format!("checks.allow: ukjent kode `{code}`"),
                    )
                    .at(line, 1)
                    .with_help(match frontmatter::did_you_mean(code, &names) {
                        Some(s) => format!("mente du `{s}`? Kodene står i README, «Feilmeldinger»"),
                        None => "skriv koden slik `kompetanse check` viser den, f.eks. `contacts::missing`".into(),
                    }));
            }
        }
        if let Some(logo) = &config.logo
            && !is_site_file(logo)
        {
            let line = key_line(text, "logo").unwrap_or(1);
            return Err(source
                .error(
                    Code::ConfigLogo,
                    format!("logo må være en fil i static/, fant `{logo}`"),
                )
                .at(line, 1)
                .with_help("legg logoen i static/ og skriv stien fra static/, for eksempel `logo: logo.svg`"));
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

    /// The address of a build: `base_url` for the public one, `internal_url` (if any) for the
    /// internal one, which lives elsewhere and must never claim the public address.
    pub fn address(&self, target: crate::site::Target) -> Option<&str> {
        match target {
            crate::site::Target::Public => Some(&self.base_url),
            crate::site::Target::Internal => self.internal_url.as_deref(),
        }
    }

    /// The absolute URL of a site path in a build, if the build has an address.
    pub fn url_for(&self, target: crate::site::Target, site_path: &str) -> Option<String> {
        self.address(target)
            .map(|address| format!("{address}{}", site_path.trim_start_matches('/')))
    }

    /// The absolute URL of a site path (`tjenester/x/` → `https://ror-ikt.no/tjenester/x/`).
    pub fn absolute_url(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }
}

/// Checks a site.yaml field that holds a URL (`edit_url`, `logo`) against the URL policy;
/// `text` is the whole site.yaml, for the line.
pub fn check_url_field(text: &str, key: &str, url: &str, used_as: Use) -> Result<(), Diagnostic> {
    let Err(refusal) = url_policy::check(url, used_as) else {
        return Ok(());
    };
    let line = frontmatter::top_level_keys(text, 1)
        .into_iter()
        .find(|k| k.key == key)
        .map_or(1, |k| k.line);
    Err(Diagnostic::error(
        refusal.code,
        format!(
            "`{key}` er en adresse som {}: `{}`",
            refusal.reason,
            url_policy::shown(url)
        ),
    )
    .in_file(CONFIG_FILE)
    .at(line, 1)
    .with_source(text.into())
    .with_help(refusal.help))
}

/// The line of a top-level key (`logo:`), not of a comment or value that mentions it.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
        })
        .map(|i| i + 1)
}

/// A relative path without `..`, a scheme or a query: a file the site itself publishes.
fn is_site_file(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains([':', '?', '#', '\\'])
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// The footer's Markdown as HTML. Raw HTML in it is shown as text: the footer is on every
/// page, so it gets no more than Markdown.
/// Links must be full addresses (the footer is the same on every page, at every depth): a
/// relative one is read from `base_url`, and one with a script scheme is dropped.
fn footer_html(markdown: &str, base_url: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag};
    let events = Parser::new(markdown).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            // Script schemes never get here: `parse` refuses them by the URL policy first.
            let dest_url = if dest_url.contains(':')
                || dest_url.starts_with('#')
                || dest_url.starts_with("//")
            {
                dest_url
            } else {
                format!("{base_url}{}", dest_url.trim_start_matches('/')).into()
            };
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The link targets of the footer's Markdown, for the URL policy.
fn footer_links(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_url_must_follow_the_url_policy() {
        let err = Config::parse(
            "title: T\nbase_url: https://x.no/\nedit_url: \"javascript:alert(7)//{path}\"\n",
        )
        .unwrap_err();
        assert_eq!(err.code, Code::HtmlScriptUrl);
        assert_eq!(err.line, 3);
        let err = Config::parse("title: T\nbase_url: https://x.no/\nedit_url: file:///x/{path}\n")
            .unwrap_err();
        assert_eq!(err.code, Code::UrlScheme);
        assert!(
            check_url_field(
                "logo: data:image/png;base64,AA\n",
                "logo",
                "data:image/png;base64,AA",
                Use::Media
            )
            .is_ok()
        );
    }

    #[test]
    fn each_build_has_its_own_address_and_the_internal_one_none_by_default() {
        use crate::site::Target;
        let c = Config::parse("title: T\nbase_url: https://ror-ikt.no\n").unwrap();
        assert_eq!(c.address(Target::Public), Some("https://ror-ikt.no/"));
        assert_eq!(c.address(Target::Internal), None);
        assert_eq!(c.url_for(Target::Internal, "a/"), None);
        let c = Config::parse(
            "title: T\nbase_url: https://ror-ikt.no\ninternal_url: https://intra.example/k\n",
        )
        .unwrap();
        assert_eq!(
            c.url_for(Target::Internal, "/a/").as_deref(),
            Some("https://intra.example/k/a/")
        );
        let err =
            Config::parse("title: T\nbase_url: https://x.no/\ninternal_url: intra/\n").unwrap_err();
        assert_eq!(err.line, 3);
    }

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
            "title: T\nbase_url: https://x.no/\nowners: [IT-avdelingen]\npublish_examples: true\nedit_url: https://git.example.no/p/-/edit/main/{path}\n",
        )
        .unwrap();
        assert_eq!(c.owners, ["IT-avdelingen"]);
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
    fn site_texts_vocabularies_and_allowed_codes_are_read() {
        let c = Config::parse(
            "title: T\nbase_url: https://x.no/a/\npublisher: IT\nlogo: bilder/logo.svg\nfooter: \"Fra [oss](om/) og [kart](https://kart.no/) <b>x</b>\"\nvocabularies:\n  municipalities: {b: B, a: A}\nchecks:\n  allow: [contacts::missing]\n",
        )
        .unwrap();
        assert_eq!(c.logo.as_deref(), Some("bilder/logo.svg"));
        let footer = c.footer_html.as_deref().unwrap();
        assert!(
            footer.contains(r#"<a href="https://x.no/a/om/">oss</a>"#),
            "{footer}"
        );
        assert!(
            footer.contains(r#"<a href="https://kart.no/">kart</a>"#),
            "{footer}"
        );
        assert!(footer.contains("&lt;b&gt;x&lt;/b&gt;"), "{footer}");
        let err = Config::parse(
            "title: T\nbase_url: https://x.no/\nfooter: \"[j](javascript:alert(1))\"\n",
        )
        .unwrap_err();
        assert_eq!(err.code, Code::HtmlScriptUrl);
        assert_eq!(err.line, 3);
        assert_eq!(c.vocabularies.municipalities.slugs(), ["b", "a"]);
        assert_eq!(c.checks.allow, ["contacts::missing"]);
    }

    #[test]
    fn bad_site_texts_and_vocabularies_name_their_line() {
        let cases: &[(&str, Code, usize, &str)] = &[
            (
                "title: T\nbase_url: https://x.no/\n# logo: er valgfri\nlogo: ../hemmelig.svg\n",
                Code::ConfigLogo,
                4,
                "static/",
            ),
            (
                "title: T\nbase_url: https://x.no/\nlogo: https://cdn.example/logo.svg\n",
                Code::ConfigLogo,
                3,
                "static/",
            ),
            (
                "title: T\nbase_url: https://x.no/\nvocabularies:\n  municipalities: {alle: Alle, a: A}\n",
                Code::ConfigVocabulary,
                3,
                "fjern `alle`",
            ),
            (
                "title: T\nbase_url: https://x.no/\nchecks:\n  allow:\n    - contacts::mising\n",
                Code::ConfigCheckAllow,
                5,
                "mente du `contacts::missing`?",
            ),
        ];
        for (yaml, code, line, help) in cases {
            let err = Config::parse(yaml).unwrap_err();
            assert_eq!(err.code, *code, "{yaml}");
            assert_eq!(err.line, *line, "{yaml}");
            assert!(
                err.help.as_deref().unwrap_or("").contains(help),
                "{yaml}: {:?}",
                err.help
            );
        }
        let err = Config::parse(
            "title: T\nbase_url: https://x.no/\nvocabularies:\n  areas: {Helse: Helse}\n",
        )
        .unwrap_err();
        assert_eq!(err.line, 4, "{err:?}");
    }

    #[test]
    fn allowed_warnings_become_notes_but_errors_stay() {
        use crate::diagnostics::{Diagnostics, Severity};
        let c = Config::parse(
            "title: T\nbase_url: https://x.no/\nchecks:\n  allow: [contacts::missing, link::broken]\n",
        )
        .unwrap();
        let all: Diagnostics = [
            Diagnostic::warning(Code::ContactsMissing, "mangler"),
            Diagnostic::warning(Code::ReviewOverdue, "forfalt"),
            Diagnostic::error(Code::LinkBroken, "brutt"),
        ]
        .into_iter()
        .collect();
        let after = c.checks.apply_allow(all);
        let severities: Vec<Severity> = after.iter().map(|d| d.severity).collect();
        assert_eq!(
            severities,
            [Severity::Note, Severity::Warning, Severity::Error]
        );
        assert!(
            after
                .iter()
                .next()
                .unwrap()
                .help
                .as_deref()
                .unwrap()
                .contains("checks.allow")
        );
        assert_eq!(after.strict().error_count(), 2);
    }

    #[test]
    fn relative_base_url_is_refused() {
        let err = Config::parse("title: T\nbase_url: ror-ikt.no\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
