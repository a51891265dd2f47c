//! The editor's own texts in the site's language: labels, hints, choices and the glue
//! script's messages, from the built-in theme's tables (the editor reads no theme), bokmål
//! for a language the built-in theme lacks.

use crate::i18n::{Translations, fill};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock, Mutex};

/// The keys the glue script (kompetanse-editor.js) reads, without this prefix.
const SCRIPT_PREFIX: &str = "editor.ui.";

/// One language's table.
#[derive(Clone)]
pub struct Texts(Option<Arc<Translations>>);

impl Texts {
    /// The table of `language`; read once per language (a form has about a hundred fields).
    pub fn of(language: &str) -> Texts {
        static TABLES: LazyLock<Mutex<HashMap<String, Option<Arc<Translations>>>>> =
            LazyLock::new(Mutex::default);
        let table = TABLES.lock().ok().and_then(|mut tables| {
            tables
                .entry(language.to_string())
                .or_insert_with(|| {
                    Translations::builtin_language(language)
                        .or_else(|| Translations::builtin_language("nb"))
                        .map(Arc::new)
                })
                .clone()
        });
        Texts(table)
    }

    /// The text of `key`, or `fallback` (the bokmål text in the code) without one.
    pub fn get(&self, key: &str, fallback: &str) -> String {
        self.0
            .as_deref()
            .and_then(|t| t.get(key))
            .unwrap_or(fallback)
            .to_string()
    }

    /// [`Texts::get`] with `{name}` placeholders filled in.
    pub fn format(&self, key: &str, fallback: &str, args: &[(&str, &str)]) -> String {
        fill(&self.get(key, fallback), args)
    }

    /// The glue script's texts, keyed without their prefix.
    pub fn script(&self) -> BTreeMap<String, String> {
        let Some(table) = self.0.as_deref() else {
            return BTreeMap::new();
        };
        table
            .keys()
            .filter_map(|k| {
                let short = k.strip_prefix(SCRIPT_PREFIX)?;
                Some((short.to_string(), table.get(k)?.to_string()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_follow_the_language_and_fall_back_to_bokmal() {
        assert_eq!(Texts::of("en").get("editor.body.label", "Tekst"), "Text");
        assert_eq!(Texts::of("nb").get("editor.body.label", "x"), "Tekst");
        assert_eq!(Texts::of("xx").get("editor.body.label", "x"), "Tekst");
        assert_eq!(
            Texts::of("en").get("editor.finnes.ikke", "reserve"),
            "reserve"
        );
        let script = Texts::of("nn").script();
        assert_eq!(script["check_label"], "Kontroll av sida");
        assert!(!script.contains_key("body.label"));
    }
}
