//! The search index: built with elasticlunr-rs' Norwegian language support (see [`analyzer`]),
//! written as small JavaScript files that the browser loads through script tags, so search
//! works from `file://` as well as over http.
//!
//! Why not elasticlunr's own JSON index: for 10,000 pages it is tens of megabytes that a
//! browser must load and parse before the first result. Instead the index is split:
//!
//! * `search/meta.js`: for every page its title, URL, kind and section (needed to show a hit);
//! * `search/t-<prefix>.js`: the terms starting with a two-letter prefix, each with its
//!   postings (page number and a precomputed score), loaded when a query needs them, and
//!   the best pages for the prefixes that match many pages (a short prefix typed alone
//!   would otherwise merge thousands of postings per keystroke);
//! * `search/d-<n>.js`: page texts for snippets, in chunks, loaded for the hits shown;
//! * `search/v.js`: the vocabulary, for splitting compounds and correcting typos in queries
//!   (see [`vocab`]), loaded when a query word finds little as typed.

pub mod analyzer;
pub mod dialect;
pub mod index;
pub mod synonyms;
pub mod vocab;

pub use index::{IndexStats, SearchDocument, SearchIndex, SynonymGroup, build_index};

use crate::derive::reports::Report;
use crate::model::KindData;
use crate::model::kinds::Requirement;
use crate::render::RenderedContent;
use crate::site::Site;

/// The search documents of a site: every page of the build target, every requirement of its
/// requirement documents (leading to the requirement's anchor), its section pages and its
/// reports (`report_documents`, see [`report_documents`]); nothing else. In Norwegian title
/// order (the browser breaks ties by this order without sorting titles). The site holds only
/// what the target may show (internal pages and sections are left out of the public build
/// before this), and the reports are the target's.
pub fn documents(
    site: &Site,
    content: &RenderedContent,
    report_documents: Vec<SearchDocument>,
) -> Vec<SearchDocument> {
    let pages = (0..site.pages.len())
        .map(|i| document(site, content, i))
        .collect();
    with_the_rest(site, content, report_documents, pages)
}

/// Like [`documents`], moving each page's text out of `content` instead of copying it
/// (nothing after the index reads it; the preview renders an edited page again).
pub fn take_documents(
    site: &Site,
    content: &mut RenderedContent,
    report_documents: Vec<SearchDocument>,
) -> Vec<SearchDocument> {
    let pages = (0..site.pages.len())
        .map(|i| {
            let text = std::mem::take(&mut content.pages[i].body.text);
            let mut doc = document(site, content, i);
            doc.body = text;
            doc
        })
        .collect();
    with_the_rest(site, content, report_documents, pages)
}

/// The search documents of the generated reports, in the site's language.
pub fn report_documents(
    reports: &[Report],
    language: &crate::i18n::Translations,
) -> Vec<SearchDocument> {
    reports
        .iter()
        .map(|r| report_document(r, language))
        .collect()
}

/// The pages' documents with those of the requirements, sections and reports, in title order.
fn with_the_rest(
    site: &Site,
    content: &RenderedContent,
    report_documents: Vec<SearchDocument>,
    mut all: Vec<SearchDocument>,
) -> Vec<SearchDocument> {
    for (i, page) in site.pages.iter().enumerate() {
        if let KindData::Krav(krav) = &page.data {
            all.extend(
                krav.requirements
                    .iter()
                    .map(|r| requirement_document(site, i, r)),
            );
        }
    }
    let home = site.home();
    all.extend(
        (0..site.sections.len())
            .filter(|&s| Some(s) != home)
            .map(|s| section_document(site, content, s)),
    );
    all.extend(report_documents);
    all.sort_by(|a, b| crate::text::compare_nb(&a.title, &b.title));
    all
}

/// What the index knows of page `i`.
pub fn document(site: &Site, content: &RenderedContent, i: usize) -> SearchDocument {
    let page = &site.pages[i];
    let rendered = &content.pages[i];
    SearchDocument {
        title: page.meta.title.clone(),
        id: None,
        url: page.url.clone(),
        kind: page.kind.name(),
        kind_label: page.kind.label(),
        section: site.page_section[i]
            .map(|s| site.sections[s].meta.title.clone())
            .unwrap_or_default(),
        description: rendered.summary.clone(),
        headings: rendered.body.toc.iter().map(|t| t.title.clone()).collect(),
        body: rendered.body.text.clone(),
        snippet: None,
        example: page.meta.example,
    }
}

/// Kind of a requirement's search document (`NETT-024` in a requirement document).
pub const REQUIREMENT_KIND: &str = "kravpunkt";

/// One requirement of requirement document `page`: its id and category as the title (the id
/// shown, not indexed as words), its text first (the snippet), then why and how it is
/// verified; the link goes to its anchor.
fn requirement_document(site: &Site, page: usize, r: &Requirement) -> SearchDocument {
    let owner = &site.pages[page];
    let text = crate::markdown::plain_text(&r.text);
    let mut body = text.clone();
    for extra in [&r.rationale, &r.verification].into_iter().flatten() {
        body.push(' ');
        body.push_str(&crate::markdown::plain_text(extra));
    }
    SearchDocument {
        title: r.category.clone(),
        id: Some(r.id.clone()),
        url: format!("{}#{}", owner.url, r.id),
        kind: REQUIREMENT_KIND,
        kind_label: "Krav",
        section: owner.meta.title.clone(),
        description: text,
        headings: Vec::new(),
        body,
        snippet: None,
        example: owner.meta.example,
    }
}

/// A section's own page, found by its title only: its summary and text name the subjects of
/// all its pages («oppsett av skjermer, utskrift og jobbtelefon»), so a query of two of them
/// would find the overview before the guide to either. Its summary is the snippet.
fn section_document(site: &Site, content: &RenderedContent, s: usize) -> SearchDocument {
    let section = &site.sections[s];
    let rendered = &content.sections[s];
    SearchDocument {
        title: section.meta.title.clone(),
        id: None,
        url: section.url.clone(),
        kind: "seksjon",
        kind_label: "Oversikt",
        section: site.section_parent[s]
            .filter(|&p| Some(p) != site.home())
            .map(|p| site.sections[p].meta.title.clone())
            .unwrap_or_default(),
        description: String::new(),
        headings: Vec::new(),
        body: String::new(),
        snippet: Some(rendered.summary.clone()),
        example: section.meta.example,
    }
}

/// A generated report: found by its title (its description names many subjects, like a
/// section's), which is its snippet.
fn report_document(report: &Report, language: &crate::i18n::Translations) -> SearchDocument {
    let (title, description) = report.texts(language);
    SearchDocument {
        title: title.to_string(),
        id: None,
        url: report.url(),
        kind: "rapport",
        kind_label: "Rapport",
        section: language.text("reports.title").to_string(),
        description: String::new(),
        headings: Vec::new(),
        body: String::new(),
        snippet: Some(description.to_string()),
        example: false,
    }
}

/// Each page's synonym phrases (a glossary term with its expansion and synonyms).
pub fn synonym_groups(site: &Site) -> Vec<SynonymGroup> {
    site.pages
        .iter()
        .map(|p| p.data.search_synonyms())
        .filter(|phrases| !phrases.is_empty())
        .map(|phrases| SynonymGroup { phrases })
        .collect()
}
