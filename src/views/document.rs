//! The template contexts of the layout stage: site, navigation, page and section values. They
//! borrow from the site and the rendered content, so building a context copies only the
//! relative links it computes.

use super::kind::{KindView, ListFields};
use crate::date::Date;
use crate::i18n::Translations;
use crate::markdown::TocEntry;
use crate::model::{Access, SourceRef};
use serde::Serialize;
use std::collections::BTreeMap;

/// `site` in every template.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub base_url: &'a str,
    pub language: &'a str,
    pub publisher: Option<&'a str>,
    /// The logo's path from the site root (`logo.svg`), for `{{ root }}{{ site.logo }}`.
    pub logo: Option<&'a str>,
    /// The footer text as HTML (from Markdown in site.yaml).
    pub footer: Option<&'a str>,
    /// Whether the site lists municipalities (so the theme links to their taxonomy).
    pub has_municipalities: bool,
    pub target: &'static str,
}

/// An entry of the main navigation.
#[derive(Serialize)]
pub struct NavItem<'a> {
    pub title: &'a str,
    pub href: String,
    pub current: bool,
}

/// A titled link: breadcrumbs, pages using a term, related pages.
#[derive(Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub href: String,
}

/// A taxonomy term a page carries, linked.
#[derive(Serialize)]
pub struct TermLink<'a> {
    pub label: &'a str,
    pub href: String,
}

/// A page as lists show it and as the start of its own page.
#[derive(Serialize)]
pub struct PageSummary<'a> {
    pub title: &'a str,
    pub href: String,
    pub url: &'a str,
    pub summary: &'a str,
    pub kind: &'static str,
    pub kind_label: &'a str,
    pub updated: Option<Date>,
    pub date: Option<Date>,
    pub review_by: Option<Date>,
    pub owner: &'a str,
    pub access: Access,
    pub weight: Option<i64>,
    pub example: bool,
    pub fields: ListFields<'a>,
}

/// One entry of «Kilder», its date written out in the site's language.
#[derive(Serialize)]
pub struct SourceView<'a> {
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub date: Option<Date>,
    pub date_nb: Option<String>,
    pub note: Option<&'a str>,
}

impl<'a> SourceView<'a> {
    pub fn new(s: &'a SourceRef, language: &Translations) -> SourceView<'a> {
        SourceView {
            title: &s.title,
            url: s.url.as_deref().filter(|u| !u.trim().is_empty()),
            date: s.date,
            date_nb: s.date.map(|d| language.date(d)),
            note: s.note.as_deref(),
        }
    }
}

/// `page` on a page's own document. The `*_nb` dates are written out in the site's language
/// (the names are older than the language setting).
#[derive(Serialize)]
pub struct PageView<'a> {
    #[serde(flatten)]
    pub summary: PageSummary<'a>,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub description: Option<&'a str>,
    pub updated_nb: Option<String>,
    pub date_nb: Option<String>,
    pub review_by_nb: Option<String>,
    pub access_label: &'a str,
    pub municipalities: Vec<&'a str>,
    pub area: Option<&'a str>,
    pub audience: Vec<&'a str>,
    pub tags: &'a [String],
    /// Per taxonomy field (`tags`, `municipalities` …), the page's terms.
    pub taxonomies: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    pub data: &'a KindView,
    pub source_path: String,
    pub sources: Vec<SourceView<'a>>,
    pub review_overdue: bool,
    pub edit_href: Option<String>,
    /// On a glossary term's page: the pages that use the term.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub used_on: Option<Vec<Link<'a>>>,
}

/// A subsection as its parent section lists it.
#[derive(Serialize)]
pub struct SubsectionView<'a> {
    pub title: &'a str,
    pub href: String,
    pub summary: &'a str,
    pub page_count: usize,
    pub example: bool,
}

/// `section` on a section's document.
#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub summary: &'a str,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub page_kind: Option<&'static str>,
    pub page_kind_label: Option<&'a str>,
    pub pages: Vec<PageSummary<'a>>,
    pub subsections: Vec<SubsectionView<'a>>,
    pub href: String,
    pub access: Access,
    pub edit_href: Option<String>,
    pub sources: Vec<SourceView<'a>>,
    pub example: bool,
}

/// A «see also» link on the glossary page, to the term's place on the same page.
#[derive(Serialize)]
pub struct GlossarySeeAlso<'a> {
    pub term: &'a str,
    pub href: String,
}

/// A term on the glossary page.
#[derive(Serialize)]
pub struct GlossaryEntryView<'a> {
    pub term: &'a str,
    pub anchor: String,
    pub href: String,
    pub expansion: Option<&'a str>,
    pub synonyms: &'a [String],
    pub definition: String,
    pub see_also: Vec<GlossarySeeAlso<'a>>,
    pub used_on: Vec<Link<'a>>,
    pub example: bool,
}

/// A letter of an A–Å list with its entries.
#[derive(Serialize)]
pub struct LetterGroup<T> {
    pub letter: String,
    pub anchor: String,
    pub entries: Vec<T>,
}

/// A page on the search page's A–Å list.
#[derive(Serialize)]
pub struct AzEntry<'a> {
    pub title: &'a str,
    pub href: String,
    pub kind_label: &'a str,
    pub example: bool,
}

/// A letter of the search page's A–Å list.
#[derive(Serialize)]
pub struct AzGroup<'a> {
    pub anchor: String,
    pub letter: String,
    pub pages: Vec<AzEntry<'a>>,
}

/// A term on a taxonomy's list page.
#[derive(Serialize)]
pub struct TermCount<'a> {
    pub label: &'a str,
    pub href: String,
    pub count: usize,
}

/// `taxonomy` on a taxonomy's list page.
#[derive(Serialize)]
pub struct TaxonomyListView<'a> {
    pub field: &'a str,
    pub label: &'a str,
    pub terms: Vec<TermCount<'a>>,
}

/// `taxonomy` on a term's page.
#[derive(Serialize)]
pub struct TaxonomyOfTerm<'a> {
    pub field: &'a str,
    pub label: &'a str,
    pub singular: &'a str,
    pub href: String,
}

/// `term` on a term's page.
#[derive(Serialize)]
pub struct TermView<'a> {
    pub label: &'a str,
    pub pages: Vec<PageSummary<'a>>,
}

/// `report` on a report's page.
#[derive(Serialize)]
pub struct ReportHeader<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub csv_href: Option<&'a str>,
    pub index_href: String,
}

/// A report on the reports' index page.
#[derive(Serialize)]
pub struct ReportEntry<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub href: String,
    pub csv_href: Option<String>,
}
