//! Taxonomies: `tags`, `municipalities`, `area` and `audience`, each with a page listing its
//! terms and a page per term, so readers can browse without JavaScript.

use crate::model::{Page, Vocabularies, VocabularyField};
use crate::site::Site;
use crate::text::{compare_nb, slugify};

#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub label: String,
    /// Site path of the term's page (`kommuner/rauma/`).
    pub url: String,
    /// Pages with this term, by title.
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// The front matter field (`tags`).
    pub field: &'static str,
    /// Heading of the list page ("Emneord").
    pub label: &'static str,
    /// What one term is called in a sentence ("emneordet").
    pub singular: &'static str,
    /// Site path of the list page (`emneord/`).
    pub url: String,
    pub terms: Vec<Term>,
    /// For each page, the indices of its terms.
    pub by_page: Vec<Vec<usize>>,
}

/// The taxonomy fields; matched exhaustively, so a new one cannot silently yield no terms.
#[derive(Clone, Copy)]
enum Field {
    Municipalities,
    Area,
    Audience,
    Tags,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Municipalities => "municipalities",
            Field::Area => "area",
            Field::Audience => "audience",
            Field::Tags => "tags",
        }
    }
}

struct Spec {
    field: Field,
    label: &'static str,
    singular: &'static str,
    base: &'static str,
}

const SPECS: [Spec; 4] = [
    Spec {
        field: Field::Municipalities,
        label: "Kommuner",
        singular: "kommunen",
        base: "kommuner",
    },
    Spec {
        field: Field::Area,
        label: "Fagområder",
        singular: "fagområdet",
        base: "fagomrader",
    },
    Spec {
        field: Field::Audience,
        label: "Målgrupper",
        singular: "målgruppen",
        base: "malgrupper",
    },
    Spec {
        field: Field::Tags,
        label: "Emneord",
        singular: "emneordet",
        base: "emneord",
    },
];

/// The site paths generated pages use, so content can be checked against them.
pub fn reserved_urls() -> Vec<String> {
    SPECS
        .iter()
        .map(|s| format!("{}/", s.base))
        .chain([
            crate::urls::SEARCH_URL.to_string(),
            crate::urls::REPORTS_URL.to_string(),
        ])
        .collect()
}

/// Term slugs and labels of one page for one taxonomy, labels from the site's vocabularies.
/// A page for `alle` municipalities is listed under each of them.
fn page_terms(field: Field, page: &Page, vocabularies: &Vocabularies) -> Vec<(String, String)> {
    let labelled = |field: VocabularyField, slugs: &[String]| -> Vec<(String, String)> {
        slugs
            .iter()
            .map(|s| (s.clone(), vocabularies.of(field).label(s).to_string()))
            .collect()
    };
    match field {
        Field::Municipalities => vocabularies
            .expand_municipalities(&page.meta.municipalities)
            .into_iter()
            .map(|t| (t.slug.clone(), t.label.clone()))
            .collect(),
        Field::Area => labelled(VocabularyField::Area, page.meta.area.as_slice()),
        Field::Audience => labelled(VocabularyField::Audience, &page.meta.audience),
        Field::Tags => page
            .meta
            .tags
            .iter()
            .map(|t| (slugify(t), t.trim().to_string()))
            .filter(|(slug, _)| !slug.is_empty())
            .collect(),
    }
}

/// Order of vocabulary terms as the site lists them; tags in Norwegian order.
fn fixed_order(field: Field, slug: &str, vocabularies: &Vocabularies) -> Option<usize> {
    match field {
        Field::Municipalities => vocabularies.municipalities.position(slug),
        Field::Area => vocabularies.areas.position(slug),
        Field::Audience => vocabularies.audiences.position(slug),
        Field::Tags => None,
    }
}

pub fn taxonomies(site: &Site) -> Vec<Taxonomy> {
    let vocabularies = &site.config.vocabularies;
    SPECS
        .iter()
        .map(|spec| {
            let mut terms: Vec<Term> = Vec::new();
            let mut by_slug: std::collections::HashMap<String, usize> = Default::default();
            for (i, page) in site.pages.iter().enumerate() {
                for (slug, label) in page_terms(spec.field, page, vocabularies) {
                    match by_slug.get(&slug) {
                        Some(&t) => {
                            if terms[t].pages.last() != Some(&i) {
                                terms[t].pages.push(i);
                            }
                        }
                        None => {
                            by_slug.insert(slug.clone(), terms.len());
                            terms.push(Term {
                                url: format!("{}/{slug}/", spec.base),
                                slug,
                                label,
                                pages: vec![i],
                            });
                        }
                    }
                }
            }
            for term in &mut terms {
                term.pages.sort_by(|&a, &b| {
                    compare_nb(&site.pages[a].meta.title, &site.pages[b].meta.title)
                });
            }
            terms.sort_by(|a, b| {
                match (
                    fixed_order(spec.field, &a.slug, vocabularies),
                    fixed_order(spec.field, &b.slug, vocabularies),
                ) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    _ => compare_nb(&a.label, &b.label),
                }
            });
            let mut by_page = vec![Vec::new(); site.pages.len()];
            for (t, term) in terms.iter().enumerate() {
                for &p in &term.pages {
                    by_page[p].push(t);
                }
            }
            Taxonomy {
                by_page,
                field: spec.field.name(),
                label: spec.label,
                singular: spec.singular,
                url: format!("{}/", spec.base),
                terms,
            }
        })
        .collect()
}
