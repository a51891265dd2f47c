//! The interface language (`language` in `site.yaml`): every text of the theme that is not
//! content (labels, headings, notices, report headings, CSV headers, the search page's
//! script texts, dates) comes from one table per language, `i18n/<language>.yaml` in the
//! theme. The built-in theme has `nb`, `nn` and `en`; a site's `themes/<theme>/i18n/xx.yaml`
//! replaces the theme's table or adds a language, and `i18n/<language>.yaml` at the site root
//! overrides single texts. Bokmål is the reference: a table that lacks one of its keys is an
//! error naming the file and the keys, so no page is left half in another language.
//!
//! The command line itself stays in bokmål; only what ends up in the built site follows the
//! language.

use crate::config::{CONFIG_FILE, Config};
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic};
use crate::theme::Theme;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The language every other table is compared with.
pub const REFERENCE_LANGUAGE: &str = "nb";

/// The folder of the tables, in a theme and at the site root.
pub const I18N_DIR: &str = "i18n";

/// Keys whose texts go to the browser's scripts (search, offline notice, requirement filter).
pub const SCRIPT_PREFIX: &str = "js.";

/// One language's texts, by dotted key (`page.owner`).
#[derive(Debug, Clone)]
pub struct Translations {
    language: String,
    texts: BTreeMap<String, String>,
}

impl Translations {
    /// The built-in bokmål table: what a build uses when it has no theme to read from.
    pub fn builtin() -> Translations {
        Translations::builtin_language(REFERENCE_LANGUAGE).unwrap_or_else(|| Translations {
            language: REFERENCE_LANGUAGE.into(),
            texts: BTreeMap::new(),
        })
    }

    /// The built-in theme's table of `language`, if it has one (for stages and tests that
    /// have no site to load it from).
    pub fn builtin_language(language: &str) -> Option<Translations> {
        let texts = parse_table(&builtin_table(language)?).ok()?;
        Some(Translations {
            language: language.into(),
            texts,
        })
    }

    /// The table of the site's language: the theme's (or the site's copy of it), with the
    /// site's own overrides on top. Errors name `site.yaml` for an unknown language and the
    /// table's file for a broken table or missing keys.
    pub fn load(
        root: &Path,
        theme: &Theme,
        config: &Config,
    ) -> Result<Translations, Vec<Diagnostic>> {
        let language = config.language.trim();
        let rel = format!("{I18N_DIR}/{language}.yaml");
        let valid_name = !language.is_empty()
            && language
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let Some(file) = theme.get(&rel).filter(|_| valid_name) else {
            let mut available: Vec<String> = theme
                .files_under(I18N_DIR)
                .filter_map(|(name, _)| name.strip_suffix(".yaml").map(str::to_string))
                .collect();
            available.sort();
            let line = std::fs::read_to_string(root.join(CONFIG_FILE))
                .ok()
                .and_then(|t| crate::frontmatter::line_of(&t, "language", 1))
                .unwrap_or(0);
            return Err(vec![
                Diagnostic::error(
                    Code::ConfigLanguage,
                    format!(
                        "temaet «{}» har ikke språket «{language}»",
                        theme.name
                    ),
                )
                .in_file(CONFIG_FILE)
                .at(line, 1)
                .with_help(format!(
                    "bruk et av språkene temaet har ({}), eller legg til en tabell i themes/{}/{rel}",
                    available.join(", "),
                    theme.name
                )),
            ]);
        };
        let mut problems = Vec::new();
        let mut texts = match file
            .bytes()
            .map_err(|e| e.to_string())
            .and_then(|b| parse_table(&String::from_utf8_lossy(&b)))
        {
            Ok(texts) => texts,
            Err(err) => {
                return Err(vec![table_error(&file.display, &err)]);
            }
        };
        let overrides = root.join(&rel);
        if overrides.is_file() {
            match std::fs::read_to_string(&overrides)
                .map_err(|e| e.to_string())
                .and_then(|t| parse_table(&t))
            {
                Ok(extra) => texts.extend(extra),
                Err(err) => problems.push(table_error(Path::new(&rel), &err)),
            }
        }
        // A theme ejected by an earlier version lacks the texts added since: for a language
        // the tool ships, those come from its own table, so upgrading never breaks a build.
        if let Some(shipped) = builtin_table(language).and_then(|t| parse_table(&t).ok()) {
            for (key, text) in shipped {
                texts.entry(key).or_insert(text);
            }
        }
        let reference =
            parse_table(&builtin_table(REFERENCE_LANGUAGE).unwrap_or_default()).unwrap_or_default();
        let missing: Vec<&str> = reference
            .keys()
            .filter(|k| !texts.contains_key(*k))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            problems.push(
                Diagnostic::error(
                    Code::I18nMissingKey,
                    format!(
                        "tabellen for språket «{language}» mangler {} tekster: {}",
                        missing.len(),
                        missing.join(", ")
                    ),
                )
                .in_file(&file.display)
                .with_help(format!(
                    "legg til tekstene (se den innebygde tabellen {I18N_DIR}/{REFERENCE_LANGUAGE}.yaml, `kompetanse theme eject`)"
                )),
            );
        }
        for month in 1..=12 {
            let key = format!("date.months.{month}");
            if texts.get(&key).is_none_or(|m| m.trim().is_empty())
                && !missing.contains(&key.as_str())
            {
                problems.push(
                    Diagnostic::error(Code::I18nMissingKey, format!("månedsnavnet {key} er tomt"))
                        .in_file(&file.display),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Translations {
            language: language.to_string(),
            texts,
        })
    }

    pub fn language(&self) -> &str {
        &self.language
    }

    /// The text of a key; the key itself when the table lacks it (a table is checked against
    /// the reference when it is loaded, so this happens only for a theme's own misspelt key,
    /// which `t()` in a template reports as an error instead).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts.get(key).map(String::as_str).unwrap_or(key)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.texts.get(key).map(String::as_str)
    }

    /// The text of a key with `{name}` placeholders filled in.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text(key), args)
    }

    /// A date written out in this language («23. januar 2023», «23 January 2023»).
    pub fn date(&self, date: Date) -> String {
        let month = self
            .texts
            .get(&format!("date.months.{}", date.month))
            .map(String::as_str)
            .unwrap_or("");
        date.format_with(self.text("date.format"), month)
    }

    /// The text of `prefix.<value>`, the value as it is written in front matter (`dpia.pagar`,
    /// `krav.status.utkast`).
    pub fn label_of<T: serde::Serialize>(&self, prefix: &str, value: &T) -> String {
        let name = serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        self.text(&format!("{prefix}.{name}")).to_string()
    }

    /// The texts of several keys, for a table's header row.
    pub fn texts<const N: usize>(&self, keys: [&str; N]) -> [String; N] {
        keys.map(|k| self.text(k).to_string())
    }

    /// The label of a content kind (`kind.tjeneste`).
    pub fn kind<'a>(&'a self, name: &'a str) -> &'a str {
        self.texts
            .get(&format!("kind.{name}"))
            .map(String::as_str)
            .unwrap_or(name)
    }

    /// The texts the browser's scripts use, without their prefix, as a JSON object that can
    /// sit in a `<script type="application/json">` block (`<` is escaped, so no text can end
    /// the block).
    pub fn script_texts_json(&self) -> String {
        let map: BTreeMap<&str, &str> = self
            .texts
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(SCRIPT_PREFIX)?, v.as_str())))
            .collect();
        serde_json::to_string(&map)
            .unwrap_or_else(|_| "{}".into())
            .replace('<', "\\u003c")
    }

    /// Every key, for tests and for comparing tables.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().map(String::as_str)
    }
}

/// Replaces `{name}` by its value.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The built-in theme's table of a language, if it has one.
pub fn builtin_table(language: &str) -> Option<String> {
    crate::theme::builtin_file(&format!("{I18N_DIR}/{language}.yaml"))
        .map(|b| String::from_utf8_lossy(b).into_owned())
}

/// Reads a table: a YAML map, nested maps joined to dotted keys (`page: {owner: …}` is
/// `page.owner`), lists numbered from 1 (`date.months.1`).
pub fn parse_table(text: &str) -> Result<BTreeMap<String, String>, String> {
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(|e| e.to_string())?;
    let mut texts = BTreeMap::new();
    flatten("", &value, &mut texts)?;
    Ok(texts)
}

fn flatten(
    prefix: &str,
    value: &serde_yaml_ng::Value,
    out: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    use serde_yaml_ng::Value;
    let join = |key: &str| {
        if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        }
    };
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                let key = match k {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => return Err(format!("nøkkelen under «{prefix}» må være tekst")),
                };
                flatten(&join(&key), v, out)?;
            }
        }
        Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&join(&(i + 1).to_string()), v, out)?;
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        Value::Number(n) => {
            out.insert(prefix.to_string(), n.to_string());
        }
        Value::Bool(b) => {
            out.insert(prefix.to_string(), b.to_string());
        }
        Value::Null => {
            out.insert(prefix.to_string(), String::new());
        }
        Value::Tagged(t) => flatten(prefix, &t.value, out)?,
    }
    Ok(())
}

fn table_error(file: &Path, err: &str) -> Diagnostic {
    Diagnostic::error(
        Code::I18nInvalid,
        format!("kunne ikke lese teksttabellen: {err}"),
    )
    .in_file(PathBuf::from(file))
    .with_help("tabellen er YAML: nøkkel: tekst, gjerne gruppert (page:\\n  owner: Ansvarlig)")
}

/// The Tera function `t(key="…", name=value …)`: a text of the table, `{name}` filled in.
/// With `n=<number>`, the key's `.one` text is used for 1 and `.other` otherwise.
pub struct TranslateFn(pub std::sync::Arc<Translations>);

impl tera::Function for TranslateFn {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let Some(key) = args.get("key").and_then(tera::Value::as_str) else {
            return Err("t() trenger en nøkkel, for eksempel t(key=\"page.owner\")".into());
        };
        let plural;
        let key = match args.get("n").and_then(tera::Value::as_i64) {
            Some(n) => {
                plural = format!("{key}.{}", if n == 1 { "one" } else { "other" });
                plural.as_str()
            }
            None => key,
        };
        let Some(text) = self.0.get(key) else {
            return Err(format!(
                "teksten «{key}» finnes ikke i tabellen for språket «{}» ({I18N_DIR}/{}.yaml)",
                self.0.language, self.0.language
            )
            .into());
        };
        let values: Vec<(String, String)> = args
            .iter()
            .filter(|(k, _)| k.as_str() != "key")
            .map(|(k, v)| {
                let text = match v {
                    tera::Value::String(s) => s.clone(),
                    tera::Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect();
        let pairs: Vec<(&str, &str)> = values
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        Ok(tera::Value::String(fill(text, &pairs)))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin(language: &str) -> BTreeMap<String, String> {
        parse_table(&builtin_table(language).unwrap()).unwrap()
    }

    #[test]
    fn the_builtin_tables_have_the_same_keys() {
        let nb = builtin("nb");
        for language in ["nn", "en"] {
            let other = builtin(language);
            let missing: Vec<&String> = nb.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<&String> = other.keys().filter(|k| !nb.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{language} mangler {missing:?}");
            assert!(extra.is_empty(), "{language} har ukjente nøkler {extra:?}");
            let empty: Vec<&String> = other
                .iter()
                .filter(|(k, v)| v.trim().is_empty() && !nb[*k].trim().is_empty())
                .map(|(k, _)| k)
                .collect();
            assert!(empty.is_empty(), "{language} har tomme tekster {empty:?}");
        }
    }

    #[test]
    fn placeholders_in_a_table_are_those_of_bokmal() {
        let nb = builtin("nb");
        let names = |text: &str| -> Vec<String> {
            let mut names: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            names.sort();
            names
        };
        for language in ["nn", "en"] {
            for (key, text) in builtin(language) {
                assert_eq!(names(&text), names(&nb[&key]), "{language}: {key}");
            }
        }
    }

    #[test]
    fn every_key_a_builtin_template_uses_exists() {
        let nb = builtin("nb");
        for (name, bytes) in crate::theme::builtin_files() {
            if !name.starts_with("templates/") {
                continue;
            }
            let text = String::from_utf8_lossy(bytes);
            for part in text.split("t(key=\"").skip(1) {
                let key = part.split('"').next().unwrap();
                // Keys built from a value (`"kind." ~ p.kind`) are checked by the build tests.
                if part[key.len() + 1..].trim_start().starts_with('~') {
                    continue;
                }
                let plural = part.contains(", n=") && part.find(", n=") < part.find(')');
                let found = if plural {
                    nb.contains_key(&format!("{key}.one"))
                        && nb.contains_key(&format!("{key}.other"))
                } else {
                    nb.contains_key(key)
                };
                assert!(found, "{name}: nøkkelen «{key}» finnes ikke i nb.yaml");
            }
        }
    }

    /// The keys Rust builds from names (`kind.<name>`, `report.<slug>.title`) exist.
    #[test]
    fn every_kind_and_report_has_its_texts() {
        let nb = builtin("nb");
        for kind in crate::model::Kind::ALL {
            for key in [
                format!("kind.{}", kind.name()),
                format!("js.kind.{}", kind.name()),
            ] {
                assert!(nb.contains_key(&key), "{key} mangler");
            }
        }
        for report in crate::derive::reports::REGISTRY {
            for what in ["title", "description"] {
                let key = format!("report.{}.{what}", report.slug());
                assert!(nb.contains_key(&key), "{key} mangler");
            }
        }
        for key in [
            "access.public",
            "access.internal",
            "site.home",
            "csv.yes",
            "csv.no",
        ] {
            assert!(nb.contains_key(key), "{key} mangler");
        }
    }

    #[test]
    fn dates_follow_the_language() {
        let date = Date::parse("2023-01-23").unwrap();
        for (language, expected) in [
            ("nb", "23. januar 2023"),
            ("nn", "23. januar 2023"),
            ("en", "23 January 2023"),
        ] {
            let t = Translations {
                language: language.into(),
                texts: builtin(language),
            };
            assert_eq!(t.date(date), expected);
        }
    }

    #[test]
    fn nested_maps_and_lists_become_dotted_keys() {
        let t = parse_table("a:\n  b: x\n  c: [y, z]\n").unwrap();
        assert_eq!(t["a.b"], "x");
        assert_eq!(t["a.c.2"], "z");
        assert!(parse_table("a: [\n").is_err());
    }

    #[test]
    fn script_texts_cannot_end_their_block() {
        let mut texts = BTreeMap::new();
        texts.insert("js.x".to_string(), "</script><b>".to_string());
        texts.insert("page.y".to_string(), "ikke med".to_string());
        let t = Translations {
            language: "nb".into(),
            texts,
        };
        let json = t.script_texts_json();
        assert!(!json.contains('<'), "{json}");
        assert!(!json.contains("ikke med"), "{json}");
        assert!(json.contains("\"x\""), "{json}");
    }
}
