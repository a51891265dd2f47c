//! The values a select field offers, with their labels.
//!
//! Municipalities, areas and audiences are the site's own `vocabularies` in `site.yaml`;
//! `alle` is offered first for municipalities, as front matter accepts it.

use super::schema::Vocab;
use super::texts::Texts;
use crate::config::Config;
use crate::i18n::Translations;
use crate::model::kinds::{DpiaStatus, KravStatus, Level};
use crate::model::vocabulary::{ALL_MUNICIPALITIES, Vocabulary};
use crate::model::{Access, Kind};

/// `(value, label)` pairs, in the order the form shows them; the labels in the site's
/// language (`texts`).
pub fn options(config: &Config, texts: &Texts, vocab: Vocab) -> Vec<(String, String)> {
    fn choices(vocabulary: &Vocabulary) -> Vec<(String, String)> {
        vocabulary
            .terms()
            .iter()
            .map(|t| (t.slug.clone(), t.label.clone()))
            .collect()
    }
    // `prefix.<value>` of the tables, the model's bokmål label without it.
    let labelled = |prefix: &str, value: String, fallback: &str| {
        let label = texts.get(&format!("{prefix}.{value}"), fallback);
        (value, label)
    };
    match vocab {
        Vocab::Owner => config
            .owners
            .iter()
            .map(|o| (o.clone(), o.clone()))
            .collect(),
        Vocab::Access => [Access::Public, Access::Internal]
            .iter()
            .map(|a| {
                let value = match a {
                    Access::Public => "public",
                    Access::Internal => "internal",
                };
                labelled("access", value.to_string(), a.label())
            })
            .collect(),
        Vocab::Kind => Kind::ALL
            .iter()
            .map(|k| labelled("kind", k.name().to_string(), k.label()))
            .collect(),
        Vocab::Municipality => {
            let municipalities = &config.vocabularies.municipalities;
            let mut all = Vec::new();
            if !municipalities.is_empty() {
                // The built-in table of the site's language: the editor reads no theme.
                let language = Translations::builtin_language(&config.language)
                    .unwrap_or_else(Translations::builtin);
                all.push((
                    ALL_MUNICIPALITIES.to_string(),
                    config
                        .vocabularies
                        .municipality_label(ALL_MUNICIPALITIES, &language)
                        .to_string(),
                ));
            }
            all.extend(choices(municipalities));
            all
        }
        Vocab::Area => choices(&config.vocabularies.areas),
        Vocab::Audience => choices(&config.vocabularies.audiences),
        Vocab::KravStatus => [
            KravStatus::Utkast,
            KravStatus::Gjeldende,
            KravStatus::Utgatt,
        ]
        .iter()
        .map(|s| labelled("krav.status", serde_name(s), s.label()))
        .collect(),
        Vocab::Level => [Level::Skal, Level::Bor, Level::Kan]
            .iter()
            .map(|l| {
                let value = serde_name(l);
                let name = texts.get(&format!("krav.level.{value}"), l.label());
                let short = texts.get(&format!("krav.level_short.{value}"), l.explanation());
                (value, format!("{name} ({short})"))
            })
            .collect(),
        Vocab::DpiaStatus => [
            DpiaStatus::IkkeVurdert,
            DpiaStatus::IkkeNodvendig,
            DpiaStatus::Pagar,
            DpiaStatus::Gjennomfort,
        ]
        .iter()
        .map(|s| labelled("dpia", serde_name(s), s.label()))
        .collect(),
        Vocab::SortBy => [
            ("weight", "Rekkefølge (weight)"),
            ("title", "Tittel"),
            ("date", "Publisert"),
            ("updated", "Oppdatert"),
        ]
        .iter()
        .map(|(value, label)| labelled("editor.sort_by", value.to_string(), label))
        .collect(),
    }
}

/// The value as front matter spells it: the model's own serde name, so it can never drift.
fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_the_ones_front_matter_accepts() {
        let config = Config::parse(
            "title: T\nbase_url: https://example.no/\nvocabularies:\n  municipalities:\n    sunndal: Sunndal\n",
        )
        .unwrap();
        let values = |v| -> Vec<String> {
            options(&config, &Texts::of(&config.language), v)
                .into_iter()
                .map(|p| p.0)
                .collect()
        };
        assert_eq!(values(Vocab::Level), ["skal", "bor", "kan"]);
        assert_eq!(values(Vocab::KravStatus), ["utkast", "gjeldende", "utgatt"]);
        assert_eq!(
            values(Vocab::DpiaStatus),
            ["ikke-vurdert", "ikke-nodvendig", "pagar", "gjennomfort"]
        );
        assert_eq!(values(Vocab::Access), ["public", "internal"]);
        assert!(values(Vocab::Owner).is_empty());
        assert_eq!(values(Vocab::Municipality), ["alle", "sunndal"]);
        assert!(values(Vocab::Area).is_empty());
        // Every value parses as the model's own type.
        for v in values(Vocab::SortBy) {
            let _: crate::model::SortBy = serde_yaml_ng::from_str(&v).unwrap();
        }
        for v in values(Vocab::Kind) {
            assert!(Kind::from_name(&v).is_some());
        }
    }

    #[test]
    fn all_municipalities_follows_the_site_language() {
        let config = Config::parse(
            "title: T\nbase_url: https://example.no/\nlanguage: en\nvocabularies:\n  municipalities:\n    sunndal: Sunndal\n",
        )
        .unwrap();
        assert_eq!(
            options(&config, &Texts::of(&config.language), Vocab::Municipality)[0],
            ("alle".to_string(), "All municipalities".to_string())
        );
    }
}
