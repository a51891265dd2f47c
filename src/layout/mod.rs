//! Stage 5: applies the Tera templates to the rendered content and derived data, producing
//! every HTML document of the site. Templates get site-relative paths and a `root` prefix
//! (`../../`) so every internal URL in the output is relative.
//!
//! One file per kind of document (pages, sections, glossary, taxonomies, reports, search, 404,
//! redirects), so a change to how one kind is laid out touches one file; this module holds what
//! they all share (the input, the base context every template sees) and the parallel dispatch.

mod glossary;
mod not_found;
mod page;
mod redirects;
mod reports;
mod search;
mod section;
mod taxonomy;

use crate::derive::glossary::Glossary;
use crate::derive::krav_history::KravHistories;
use crate::derive::reports::Report;
use crate::derive::taxonomy::Taxonomy;
use crate::diagnostics::Diagnostic;
use crate::model::SourceInfo;
use crate::progress::Progress;
use crate::render::RenderedContent;
use crate::render::reads::{self, Read};
use crate::site::Site;
use crate::templates::Templates;
use crate::views::document::{Link, NavItem, PageSummary, SiteView};
use rayon::prelude::*;
use tera::Context;

/// The `generator` every template sees.
const GENERATOR: &str = concat!("kompetanse ", env!("CARGO_PKG_VERSION"));

/// An HTML document to write: its path in the output and its text.
pub struct Document {
    pub path: String,
    pub html: String,
}

/// Everything the layout stage reads.
pub struct LayoutInput<'a> {
    pub site: &'a Site,
    pub content: &'a RenderedContent,
    pub taxonomies: &'a [Taxonomy],
    pub templates: &'a Templates,
    pub glossary: &'a Glossary,
    /// For each glossary entry, the pages that use it.
    pub used_on: &'a [Vec<usize>],
    pub reports: &'a [Report<'a>],
    pub krav_history: &'a KravHistories,
    /// The build's fingerprint, which templates use to bust caches.
    pub build_id: &'a str,
}

/// Templates a theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "section.html",
    "page.html",
    "404.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "search.html",
    "report_index.html",
];

pub use crate::urls::{SEARCH_URL, alias_site_path, href, root_prefix};

impl LayoutInput<'_> {
    fn base_context(&self, url: &str) -> Context {
        let site = self.site;
        let nav: Vec<NavItem> = site
            .top_sections()
            .into_iter()
            .map(|s| {
                let section = &site.sections[s];
                NavItem {
                    title: &section.meta.title,
                    href: href(url, &section.url),
                    current: !section.url.is_empty() && url.starts_with(&section.url),
                }
            })
            .collect();
        let mut context = Context::new();
        context.insert("root", &root_prefix(url));
        context.insert("url", url);
        // The build's own address; none for an internal build without `internal_url`.
        context.insert("canonical", &site.config.url_for(site.target, url));
        context.insert("noindex", &(site.target == crate::site::Target::Internal));
        context.insert("home_href", &href(url, ""));
        context.insert(
            "site",
            &SiteView {
                title: &site.config.title,
                description: site.config.description.as_deref(),
                base_url: &site.config.base_url,
                language: &site.config.language,
                publisher: site.config.publisher.as_deref(),
                logo: site.config.logo.as_deref(),
                footer: site.config.footer_html.as_deref(),
                has_municipalities: !site.config.vocabularies.municipalities.is_empty(),
                target: site.target.name(),
            },
        );
        context.insert("nav", &nav);
        context.insert("generator", GENERATOR);
        context.insert("build_id", self.build_id);
        context
    }

    /// A page as it appears in lists and on its own page, with links relative to `from`.
    pub fn page_summary(&self, i: usize, from: &str) -> PageSummary<'_> {
        let page = &self.site.pages[i];
        PageSummary {
            title: &page.meta.title,
            href: href(from, &page.url),
            url: &page.url,
            summary: self.content.summary(i),
            kind: page.kind.name(),
            kind_label: self.templates.translations().kind(page.kind.name()),
            updated: page.meta.updated,
            date: page.meta.date,
            review_by: page.meta.review_by,
            owner: &page.meta.owner,
            access: page.meta.access,
            weight: page.meta.weight,
            example: page.meta.example,
            fields: self.content.fields(i).list_fields(),
        }
    }

    fn breadcrumbs(&self, section: Option<usize>, from: &str) -> Vec<Link<'_>> {
        self.site
            .ancestors(section)
            .into_iter()
            .map(|s| {
                let section = &self.site.sections[s];
                let title = if section.url.is_empty() {
                    self.templates.translations().text("site.home")
                } else {
                    section.meta.title.as_str()
                };
                Link {
                    title,
                    href: href(from, &section.url),
                }
            })
            .collect()
    }

    /// «Rediger denne siden»: the source file in the Git host's editor, when `edit_url` is set.
    fn edit_href(&self, source: &SourceInfo) -> Option<String> {
        // The generated home page of a site without `content/_index.md` has no file to edit.
        if source.text.is_empty() {
            return None;
        }
        let path = format!("{}/{}", crate::load::CONTENT_DIR, source.rel_path);
        self.site.config.edit_link(&path)
    }

    /// Every output of the layout stage, in the order they are made.
    pub fn outputs(&self) -> Vec<Output> {
        let mut out: Vec<Output> = (0..self.site.pages.len()).map(Output::Page).collect();
        out.extend((0..self.site.sections.len()).map(Output::Section));
        for (t, taxonomy) in self.taxonomies.iter().enumerate() {
            out.push(Output::TaxonomyList(t));
            out.extend((0..taxonomy.terms.len()).map(|k| Output::Term(t, k)));
        }
        out.push(Output::NotFound);
        out.push(Output::Search);
        out.extend((0..self.reports.len()).map(Output::Report));
        out.push(Output::ReportIndex);
        out.push(Output::Aliases);
        out
    }

    /// The documents of one output (every redirect page for [`Output::Aliases`], one
    /// document otherwise).
    pub fn output_documents(&self, output: Output) -> Vec<Result<Document, Diagnostic>> {
        match output {
            Output::Page(i) => vec![self.page_document(i)],
            Output::Section(s) => vec![self.section_document(s)],
            Output::TaxonomyList(t) => vec![self.taxonomy_list_document(&self.taxonomies[t])],
            Output::Term(t, k) => {
                let taxonomy = &self.taxonomies[t];
                vec![self.term_document(taxonomy, &taxonomy.terms[k])]
            }
            Output::NotFound => vec![self.not_found_document()],
            Output::Search => vec![self.search_document()],
            Output::Report(r) => vec![self.report_document(&self.reports[r])],
            Output::ReportIndex => vec![self.report_index_document()],
            Output::Aliases => self.alias_documents(),
        }
    }

    /// Renders every document of the site in parallel, handing each to `emit` as soon as it
    /// is ready (so the whole site never sits in memory). Returns the template problems,
    /// each reported once, the number of documents and, when `record` is set, what each
    /// output read of the rendered pages (for the live preview).
    pub fn documents(
        &self,
        progress: &Progress,
        emit: &(dyn Fn(Document) -> std::io::Result<()> + Sync),
        record: bool,
    ) -> std::io::Result<Laid> {
        let problems = std::sync::Mutex::new(Vec::<Diagnostic>::new());
        let handle = |result: Result<Document, Diagnostic>| -> std::io::Result<()> {
            progress.tick();
            match result {
                Ok(doc) => emit(doc),
                Err(problem) => {
                    let mut list = problems.lock().unwrap_or_else(|e| e.into_inner());
                    // One broken template fails every page; report it once.
                    if !list.iter().any(|p| p.message == problem.message) {
                        list.push(problem);
                    }
                    Ok(())
                }
            }
        };
        let outputs = self.outputs();
        let made: Vec<(usize, Vec<Read>)> = outputs
            .par_iter()
            .map(|&output| -> std::io::Result<(usize, Vec<Read>)> {
                let (documents, read) = if record {
                    reads::recording(|| self.output_documents(output))
                } else {
                    (self.output_documents(output), Vec::new())
                };
                let count = documents.len();
                documents.into_iter().try_for_each(&handle)?;
                Ok((count, read))
            })
            .collect::<std::io::Result<_>>()?;
        let count = made.iter().map(|(n, _)| n).sum();
        let reads = if record {
            outputs
                .into_iter()
                .zip(made)
                .map(|(output, (_, read))| (output, read))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Laid {
            count,
            problems: problems.into_inner().unwrap_or_else(|e| e.into_inner()),
            reads,
        })
    }
}

/// One output of the layout stage: a document, or a group of documents that read nothing of
/// the pages' rendered content (the redirects). Indexes are into `site.pages`,
/// `site.sections`, the taxonomies and their terms, and the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Output {
    Page(usize),
    Section(usize),
    TaxonomyList(usize),
    Term(usize, usize),
    NotFound,
    Search,
    Report(usize),
    ReportIndex,
    Aliases,
}

/// What [`LayoutInput::documents`] did.
pub struct Laid {
    pub count: usize,
    pub problems: Vec<Diagnostic>,
    /// What each output read of the rendered pages, when recorded.
    pub reads: Vec<(Output, Vec<Read>)>,
}
