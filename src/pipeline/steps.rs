//! The named steps of a build, shared by the full build (`pipeline::build_keeping_state`) and
//! the live preview's incremental rebuild (`incremental`). A step that works on pages takes
//! the changed set ([`Changed`]): every page for a full build, the edited pages for the
//! preview; the preview then asks [`crate::incremental`] which other documents depend on them.

use crate::derive::glossary::{self, Glossary};
use crate::derive::krav_history::KravHistories;
use crate::derive::{feed, reports};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout::Document;
use crate::markdown::TextMarker;
use crate::markdown::links::AnchorRef;
use crate::progress::Progress;
use crate::render::reads::Read;
use crate::render::{self, RenderedContent, RenderedPage};
use crate::site::Site;
use crate::templates::Templates;
use crate::write::Staging;
use std::sync::Arc;

/// Which pages a step works on.
#[derive(Debug, Clone, Copy)]
pub enum Changed<'a> {
    /// Every page and section: a full build.
    All,
    /// These pages (indexes into `site.pages`), edited in the live preview, with the anchor
    /// links of other pages and sections into them (the preview keeps an index of who links
    /// where, so the check does not walk the site).
    Pages(&'a [usize], &'a [&'a AnchorRef]),
}

/// The glossary's first-use markup for page `i` (none when the site has no glossary).
pub fn marker(glossary: &Arc<Glossary>, i: usize) -> Option<Box<dyn TextMarker>> {
    (!glossary.is_empty()).then(|| Box::new(glossary.marker(glossary.entry_of_page(i))) as _)
}

/// Renders the Markdown of every page and section.
pub fn render_all(
    site: &Site,
    templates: Option<&Templates>,
    glossary: &Arc<Glossary>,
    progress: &Progress,
    diagnostics: &mut Diagnostics,
) -> RenderedContent {
    let markers = |i: usize| marker(glossary, i);
    let shortcodes = templates.map(Templates::shortcodes);
    render::render_content(site, shortcodes.as_ref(), &markers, progress, diagnostics)
}

/// Renders the `pages` of `site` again into `content`; returns what they replaced, in the
/// order of `pages`.
pub fn render_pages(
    site: &Site,
    templates: &Templates,
    glossary: &Arc<Glossary>,
    content: &mut RenderedContent,
    pages: &[usize],
    diagnostics: &mut Diagnostics,
) -> Vec<RenderedPage> {
    let shortcodes = templates.shortcodes();
    pages
        .iter()
        .map(|&i| {
            let (rendered, problems) =
                render::render_one_page(site, Some(&shortcodes), i, marker(glossary, i));
            diagnostics.extend(problems);
            std::mem::replace(&mut content.pages[i], rendered)
        })
        .collect()
}

/// The checks that need rendered pages: abbreviations without a glossary entry and (for edited
/// pages; a full render checks them all) links to headings. The accessibility check runs in
/// the render pass, on the events it reads.
pub fn check_pages(
    site: &Site,
    content: &RenderedContent,
    glossary: &Glossary,
    changed: Changed<'_>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    match changed {
        Changed::All => {
            for page in &site.pages {
                problems.extend(glossary::undefined_abbreviations(glossary, &page.source));
            }
        }
        Changed::Pages(pages, incoming) => {
            for &i in pages {
                let page = &site.pages[i];
                problems.extend(render::check_page_anchors(
                    site,
                    content,
                    i,
                    incoming.iter().copied(),
                ));
                problems.extend(glossary::undefined_abbreviations(glossary, &page.source));
            }
        }
    }
    problems
}

/// For each glossary entry, the pages that use its term.
pub fn derive_used_on(glossary: &Glossary, content: &RenderedContent) -> Vec<Vec<usize>> {
    let marked: Vec<Vec<usize>> = content.pages.iter().map(|p| p.marked.clone()).collect();
    glossary::used_on(glossary, &marked)
}

/// The reports (`/rapporter/`), from the rendered site, with what each read of the pages.
pub fn derive_reports<'a>(
    site: &'a Site,
    content: &'a RenderedContent,
    glossary: &'a Glossary,
    used_on: &'a [Vec<usize>],
    krav_history: &'a KravHistories,
    language: &'a crate::i18n::Translations,
) -> (Vec<reports::Report<'a>>, Vec<Vec<Read>>) {
    reports::reports_with_reads(&reports::ReportInput {
        site,
        content,
        glossary,
        used_on,
        krav_history,
        today: super::today(),
        language,
    })
    .into_iter()
    .unzip()
}

/// An HTML document as it is written: minified when the site asks for it.
pub fn document_bytes(document: Document, minify: bool) -> Vec<u8> {
    if minify {
        super::minify::minify_document(&document.html)
    } else {
        document.html.into_bytes()
    }
}

/// Writes the files beside the reports' pages (CSV, spreadsheets); returns how many.
pub fn write_report_files<'r, 'a: 'r>(
    staging: &Staging,
    reports: impl IntoIterator<Item = &'r reports::Report<'a>>,
) -> std::io::Result<usize> {
    let mut files = 0;
    for report in reports {
        for (path, bytes) in report.files() {
            staging.write(&path, bytes)?;
            files += 1;
        }
    }
    Ok(files)
}

/// Writes the Atom feed of news items from its template.
pub fn write_feed(
    staging: &Staging,
    site: &Site,
    content: &RenderedContent,
    templates: &Templates,
) -> Result<(), WriteError> {
    let summaries = |i: usize| content.summary(i);
    let xml = templates.render(feed::TEMPLATE, &feed::context(site, &summaries))?;
    staging.write(feed::FEED_PATH, xml.as_bytes())?;
    Ok(())
}

/// A step that renders a template and writes the result can fail either way.
#[derive(Debug)]
pub enum WriteError {
    Template(Diagnostic),
    Io(std::io::Error),
}

impl From<Diagnostic> for WriteError {
    fn from(d: Diagnostic) -> Self {
        WriteError::Template(d)
    }
}

impl From<std::io::Error> for WriteError {
    fn from(err: std::io::Error) -> Self {
        WriteError::Io(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_minified_only_when_asked() {
        let doc = || Document {
            path: "a/index.html".into(),
            html: "<p>\n  a   <!-- merknad -->\n</p>".into(),
        };
        assert_eq!(document_bytes(doc(), false), doc().html.into_bytes());
        let small = String::from_utf8(document_bytes(doc(), true)).unwrap();
        assert!(!small.contains("merknad"), "{small}");
        assert!(small.len() < doc().html.len());
    }
}
