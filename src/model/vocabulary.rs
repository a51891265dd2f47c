//! The site's own lists of allowed values for `municipalities`, `area` and `audience`
//! (`vocabularies:` in `site.yaml`): slug → label, in the order the site lists them. Nothing of
//! one organisation is compiled into the tool; a site without a list does not allow the field.

use crate::diagnostics::{Code, Diagnostic};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `municipalities: [alle]` means every municipality the site lists.
pub const ALL_MUNICIPALITIES: &str = "alle";

/// One allowed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub slug: String,
    pub label: String,
}

/// An ordered map slug → label; the order is the display order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary {
    terms: Vec<Term>,
}

impl Vocabulary {
    pub fn new(terms: impl IntoIterator<Item = (String, String)>) -> Vocabulary {
        Vocabulary {
            terms: terms
                .into_iter()
                .map(|(slug, label)| Term { slug, label })
                .collect(),
        }
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Display position of a slug.
    pub fn position(&self, slug: &str) -> Option<usize> {
        self.terms.iter().position(|t| t.slug == slug)
    }

    pub fn label<'a>(&'a self, slug: &'a str) -> &'a str {
        self.terms
            .iter()
            .find(|t| t.slug == slug)
            .map(|t| t.label.as_str())
            .unwrap_or(slug)
    }

    pub fn contains(&self, slug: &str) -> bool {
        self.position(slug).is_some()
    }

    /// The slugs, for a hint listing what the site allows.
    pub fn slugs(&self) -> Vec<&str> {
        self.terms.iter().map(|t| t.slug.as_str()).collect()
    }
}

impl<'de> Deserialize<'de> for Vocabulary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Vocabulary, D::Error> {
        struct OrderedMap;
        impl<'de> Visitor<'de> for OrderedMap {
            type Value = Vocabulary;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("en liste med slug: Navn, f.eks. `sunndal: Sunndal`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vocabulary, A::Error> {
                let mut terms: Vec<Term> = Vec::new();
                while let Some((slug, label)) = map.next_entry::<String, String>()? {
                    if terms.iter().any(|t| t.slug == slug) {
                        return Err(serde::de::Error::custom(format!("`{slug}` står to ganger")));
                    }
                    if slug.is_empty() || slug != crate::text::slugify(&slug) {
                        return Err(serde::de::Error::custom(format!(
                            "`{slug}` er ikke en gyldig slug: bruk små bokstaver a–z, tall og bindestrek, f.eks. `{}`",
                            crate::text::slugify(&slug)
                        )));
                    }
                    terms.push(Term { slug, label });
                }
                Ok(Vocabulary { terms })
            }
        }
        deserializer.deserialize_map(OrderedMap)
    }
}

impl Serialize for Vocabulary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.terms.len()))?;
        for t in &self.terms {
            map.serialize_entry(&t.slug, &t.label)?;
        }
        map.end()
    }
}

/// `vocabularies:` in `site.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabularies {
    #[serde(default)]
    pub municipalities: Vocabulary,
    #[serde(default)]
    pub areas: Vocabulary,
    #[serde(default)]
    pub audiences: Vocabulary,
}

/// The front matter fields whose values come from a vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VocabularyField {
    Municipalities,
    Area,
    Audience,
}

impl VocabularyField {
    pub const ALL: [VocabularyField; 3] = [
        VocabularyField::Municipalities,
        VocabularyField::Area,
        VocabularyField::Audience,
    ];

    /// The front matter key.
    pub fn key(self) -> &'static str {
        match self {
            VocabularyField::Municipalities => "municipalities",
            VocabularyField::Area => "area",
            VocabularyField::Audience => "audience",
        }
    }

    /// The key under `vocabularies:` in `site.yaml`.
    pub fn vocabulary_key(self) -> &'static str {
        match self {
            VocabularyField::Municipalities => "municipalities",
            VocabularyField::Area => "areas",
            VocabularyField::Audience => "audiences",
        }
    }
}

impl Vocabularies {
    pub fn of(&self, field: VocabularyField) -> &Vocabulary {
        match field {
            VocabularyField::Municipalities => &self.municipalities,
            VocabularyField::Area => &self.areas,
            VocabularyField::Audience => &self.audiences,
        }
    }

    /// The municipalities a page's list stands for: `alle` is every listed one, in the
    /// site's order.
    pub fn expand_municipalities(&self, given: &[String]) -> Vec<&Term> {
        if given.iter().any(|m| m == ALL_MUNICIPALITIES) {
            return self.municipalities.terms.iter().collect();
        }
        given
            .iter()
            .filter_map(|m| self.municipalities.terms.iter().find(|t| &t.slug == m))
            .collect()
    }

    /// The label of a municipality value; `alle` reads «Alle kommuner» in the site's
    /// language (`vocabulary.all_municipalities`).
    pub fn municipality_label<'a>(
        &'a self,
        slug: &'a str,
        language: &'a crate::i18n::Translations,
    ) -> &'a str {
        if slug == ALL_MUNICIPALITIES {
            language.text("vocabulary.all_municipalities")
        } else {
            self.municipalities.label(slug)
        }
    }
}

/// The front matter values of a page that are not in the site's vocabularies: an error each,
/// at the line of the value, with a did-you-mean hint or the site's own values.
pub fn check_page(page: &super::Page, vocabularies: &Vocabularies) -> Vec<Diagnostic> {
    let meta = &page.meta;
    let mut problems = Vec::new();
    for field in VocabularyField::ALL {
        let values: &[String] = match field {
            VocabularyField::Municipalities => &meta.municipalities,
            VocabularyField::Area => meta.area.as_slice(),
            VocabularyField::Audience => &meta.audience,
        };
        let vocabulary = vocabularies.of(field);
        for value in values {
            if vocabulary.contains(value)
                || (field == VocabularyField::Municipalities
                    && value == ALL_MUNICIPALITIES
                    && !vocabulary.is_empty())
            {
                continue;
            }
            let line = value_line(&page.source, field.key(), value);
            problems.push(unknown_term(page, field, vocabulary, value, line));
        }
    }
    problems
}

fn unknown_term(
    page: &super::Page,
    field: VocabularyField,
    vocabulary: &Vocabulary,
    value: &str,
    line: usize,
) -> Diagnostic {
    let (key, list) = (field.key(), field.vocabulary_key());
    if vocabulary.is_empty() {
        return page
            .error_at(
                Code::FrontmatterUnknownTerm,
                line,
                format!("`{key}` kan ikke brukes: site.yaml har ingen liste `vocabularies.{list}`"),
            )
            .with_help(format!(
                "fjern `{key}` fra siden, eller legg listen til i site.yaml, f.eks.\nvocabularies:\n  {list}:\n    {}: {value}",
                crate::text::slugify(value)
            ));
    }
    let mut allowed = vocabulary.slugs();
    if field == VocabularyField::Municipalities {
        allowed.push(ALL_MUNICIPALITIES);
    }
    let by_label = vocabulary
        .terms()
        .iter()
        .find(|t| t.label.to_lowercase() == value.to_lowercase())
        .map(|t| t.slug.clone());
    let suggestion = by_label
        .or_else(|| {
            let slug = crate::text::slugify(value);
            allowed.contains(&slug.as_str()).then_some(slug)
        })
        .or_else(|| crate::frontmatter::did_you_mean(value, &allowed));
    let listed = allowed
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match suggestion {
        Some(s) => format!("mente du `{s}`? Tillatte verdier: {listed}"),
        None => format!(
            "tillatte verdier: {listed}; en ny verdi legges til i `vocabularies.{list}` i site.yaml"
        ),
    };
    page.error_at(
        Code::FrontmatterUnknownTerm,
        line,
        format!("`{key}`: «{value}» står ikke i `vocabularies.{list}` i site.yaml"),
    )
    .with_help(help)
}

/// The line of `value` under the top-level `key`: on the key's line (`[a, b]`) or one of the
/// list lines below it.
fn value_line(source: &super::SourceInfo, key: &str, value: &str) -> usize {
    let start = source.line_of_key(key);
    let is_word = |line: &str| {
        line.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .any(|w| w == value)
    };
    for (i, line) in source
        .text
        .lines()
        .enumerate()
        .skip(start.saturating_sub(1))
    {
        let number = i + 1;
        if number > start && !line.starts_with([' ', '\t', '-']) {
            break;
        }
        if is_word(line) {
            return number;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_municipalities_reads_in_the_language() {
        let v: Vocabularies =
            serde_yaml_ng::from_str("municipalities:\n  sunndal: Sunndal\n").unwrap();
        let label = |language: &str| {
            let texts = crate::i18n::Translations::builtin_language(language).unwrap();
            v.municipality_label(ALL_MUNICIPALITIES, &texts).to_string()
        };
        assert_eq!(label("nb"), "Alle kommuner");
        assert_eq!(label("nn"), "Alle kommunar");
        assert_eq!(label("en"), "All municipalities");
        let nb = crate::i18n::Translations::builtin();
        assert_eq!(v.municipality_label("sunndal", &nb), "Sunndal");
    }

    #[test]
    fn keeps_the_order_of_the_file() {
        let v: Vocabularies = serde_yaml_ng::from_str(
            "municipalities:\n  sunndal: Sunndal\n  surnadal: Surnadal\n  aure: Aure\n",
        )
        .unwrap();
        assert_eq!(v.municipalities.slugs(), ["sunndal", "surnadal", "aure"]);
        assert_eq!(v.municipalities.label("surnadal"), "Surnadal");
        assert!(v.areas.is_empty());
        let all = v.expand_municipalities(&["alle".to_string()]);
        assert_eq!(all.len(), 3);
        let one = v.expand_municipalities(&["aure".to_string()]);
        assert_eq!(one[0].label, "Aure");
    }

    #[test]
    fn refuses_duplicates_and_bad_slugs() {
        for yaml in [
            "areas:\n  a: A\n  a: B\n",
            "areas:\n  Helse og velferd: Helse\n",
            "areas: [a, b]\n",
        ] {
            assert!(
                serde_yaml_ng::from_str::<Vocabularies>(yaml).is_err(),
                "{yaml}"
            );
        }
    }
}
