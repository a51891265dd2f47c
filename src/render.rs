//! Stage 3: Markdown to HTML for every page body and every Markdown field, in parallel, with
//! internal links resolved and checked (anchors too, once every page's ids are known).

pub mod fields;
pub mod reads;

use crate::checks;
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::links::AnchorRef;
use crate::markdown::shortcodes::{self, Library};
use crate::markdown::{self, Input, Rendered, TextMarker, TocEntry};
use crate::model::{Kind, Page, SourceInfo};
use crate::progress::Progress;
use crate::site::{Entry, Site};
use crate::text::truncate_words;
use crate::views::KindView;
use fields::FieldRenderer;
use rayon::prelude::*;
use reads::{Part, Read};
use std::collections::{HashMap, HashSet};

/// Stack size of the build's worker threads. Rendering and minifying recurse with the depth
/// of a page's nesting; depth is limited (`markdown::html::MAX_DEPTH`), and this leaves a
/// wide margin above that limit. Untouched stack costs no memory.
pub const THREAD_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Sets up the global thread pool with [`THREAD_STACK_BYTES`] of stack per thread. Call it
/// before anything uses rayon; later calls do nothing.
pub fn configure_threads() {
    // An error means the pool exists already (a test or an embedding program made it).
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(THREAD_STACK_BYTES)
        .thread_name(|i| format!("kompetanse-{i}"))
        .build_global();
}

/// A page after Markdown rendering.
#[derive(Debug)]
pub struct RenderedPage {
    pub body: Rendered,
    /// The kind's fields for templates, with Markdown fields as HTML.
    pub fields: KindView,
    /// Every id on the page a link may point at.
    pub anchors: HashSet<String>,
    /// The description, or the start of the first paragraph.
    pub summary: String,
    /// Glossary entries marked in the text, in order of first use.
    pub marked: Vec<usize>,
}

#[derive(Debug)]
pub struct RenderedSection {
    pub body: Rendered,
    pub summary: String,
}

pub struct RenderedContent {
    pub pages: Vec<RenderedPage>,
    pub sections: Vec<RenderedSection>,
}

/// The parts of one page that other documents, reports and the feed show. Each records the
/// read ([`reads`]), so the live preview knows what to rebuild when the part changes; a page's
/// own steps (its document, search entry, checks) may read `pages` directly.
impl RenderedContent {
    pub fn html(&self, i: usize) -> &str {
        reads::record(Read::Page(i, Part::Html));
        &self.pages[i].body.html
    }

    pub fn toc(&self, i: usize) -> &[TocEntry] {
        reads::record(Read::Page(i, Part::Toc));
        &self.pages[i].body.toc
    }

    pub fn summary(&self, i: usize) -> &str {
        reads::record(Read::Page(i, Part::Summary));
        &self.pages[i].summary
    }

    pub fn fields(&self, i: usize) -> &KindView {
        reads::record(Read::Page(i, Part::Fields));
        &self.pages[i].fields
    }

    pub fn external_links(&self, i: usize) -> &[(String, usize)] {
        reads::record(Read::Page(i, Part::ExternalLinks));
        &self.pages[i].body.external_links
    }
    /// Frees every page's and section's HTML and table of contents, for a build whose layout
    /// is done and that nobody keeps.
    pub fn drop_html(&mut self) {
        let bodies = self.pages.iter_mut().map(|p| &mut p.body);
        for body in bodies.chain(self.sections.iter_mut().map(|s| &mut s.body)) {
            body.html = String::new();
            body.toc = Vec::new();
        }
    }
}

/// Builds the text marker for the page with this index (the glossary's first-use markup).
pub type MarkerFactory<'a> = dyn Fn(usize) -> Option<Box<dyn TextMarker>> + Sync + 'a;

pub fn render_content(
    site: &Site,
    shortcodes: Option<&Library<'_>>,
    markers: &MarkerFactory<'_>,
    progress: &Progress,
    diagnostics: &mut Diagnostics,
) -> RenderedContent {
    let terms = site.glossary_terms();
    let pages: Vec<(RenderedPage, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            progress.tick();
            render_page(site, shortcodes, page, markers(i), terms)
        })
        .collect();
    let sections: Vec<(RenderedSection, Vec<Diagnostic>)> = site
        .sections
        .par_iter()
        .map(|section| {
            let mut problems = Vec::new();
            let body = render_body(
                site,
                shortcodes,
                &section.source,
                &section.url,
                None,
                None,
                &mut problems,
            );
            let summary = section
                .meta
                .description
                .clone()
                .unwrap_or_else(|| truncate_words(&body.first_paragraph, 300));
            (RenderedSection { body, summary }, problems)
        })
        .collect();
    let mut content = RenderedContent {
        pages: Vec::with_capacity(pages.len()),
        sections: Vec::with_capacity(sections.len()),
    };
    for (page, problems) in pages {
        diagnostics.extend(problems);
        content.pages.push(page);
    }
    for (section, problems) in sections {
        diagnostics.extend(problems);
        content.sections.push(section);
    }
    diagnostics.extend(check_anchors(site, &content));
    content
}

/// Renders one page again (for the live preview).
pub fn render_one_page(
    site: &Site,
    shortcodes: Option<&Library<'_>>,
    index: usize,
    marker: Option<Box<dyn TextMarker>>,
) -> (RenderedPage, Vec<Diagnostic>) {
    render_page(
        site,
        shortcodes,
        &site.pages[index],
        marker,
        site.glossary_terms(),
    )
}

/// Anchor problems that involve the page `index`: its links to other pages, and `incoming`,
/// the links of other pages and sections to it (its headings may have changed; the preview
/// keeps an index of who links where, so this does not walk the site).
pub fn check_page_anchors<'a>(
    site: &Site,
    content: &'a RenderedContent,
    index: usize,
    incoming: impl IntoIterator<Item = &'a AnchorRef>,
) -> Vec<Diagnostic> {
    let key = site.pages[index].source.rel_path.as_str();
    let own = &content.pages[index].body.anchor_refs;
    let incoming = incoming.into_iter().filter(|r| r.target_key == key);
    let refs: Vec<&AnchorRef> = own.iter().chain(incoming).collect();
    check_anchor_refs(site, content, refs)
}

fn render_body(
    site: &Site,
    shortcodes: Option<&Library<'_>>,
    source: &SourceInfo,
    page_url: &str,
    marker: Option<&mut dyn TextMarker>,
    kind: Option<Kind>,
    problems: &mut Vec<Diagnostic>,
) -> Rendered {
    let expanded = shortcodes::expand(source.body(), shortcodes);
    for error in &expanded.errors {
        let mut d = Diagnostic::error(Code::ShortcodeError, error.message.clone())
            .in_file(&source.display_path)
            .at(source.body_line + error.line, 1)
            .with_source(source.text.clone());
        if let Some(help) = error.help.clone() {
            d = d.with_help(help);
        }
        problems.push(d);
    }
    let input = Input {
        markdown: &expanded.markdown,
        first_line: source.body_line,
        source_dir: source.dir(),
        self_key: &source.rel_path,
        page_url,
        display_path: &source.display_path,
        file_text: &source.text,
        policy: markdown::html::Policy {
            extra: &site.config.raw_html.allow,
        },
        generated: &expanded.generated,
    };
    let events = markdown::events(&expanded.markdown);
    let mut rendered = markdown::render_events(&input, &events, site, marker);
    expanded.finish(&mut rendered.html);
    problems.append(&mut rendered.diagnostics);
    // The accessibility check reads the body as written: the events just rendered, unless a
    // shortcode changed the text.
    let (data, settings) = (&site.data, &site.config.checks);
    problems.extend(if expanded.markdown == source.body() {
        checks::a11y::check_events(source, kind, data, settings, &events)
    } else {
        checks::a11y::check(source, kind, data, settings)
    });
    rendered
}

fn render_page(
    site: &Site,
    shortcodes: Option<&Library<'_>>,
    page: &Page,
    mut marker: Option<Box<dyn TextMarker>>,
    terms: &HashMap<String, usize>,
) -> (RenderedPage, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let body = render_body(
        site,
        shortcodes,
        &page.source,
        &page.url,
        marker.as_deref_mut().map(|m| m as &mut dyn TextMarker),
        Some(page.kind),
        &mut problems,
    );
    let data = page
        .data
        .view(&mut FieldRenderer::new(site, page, terms, &mut problems));
    problems.extend(duplicate_kind_ids(page, &body));
    let mut anchors: HashSet<String> = body.toc.iter().map(|t| t.id.clone()).collect();
    anchors.extend(page.data.anchors());
    let summary = page
        .description()
        .map(str::to_string)
        .unwrap_or_else(|| truncate_words(&body.first_paragraph, 300));
    let marked = marker.map(|m| m.marked()).unwrap_or_default();
    (
        RenderedPage {
            body,
            fields: data,
            anchors,
            summary,
            marked,
        },
        problems,
    )
}

/// Two elements with the same id on one page: two action cards, or a heading or raw HTML id
/// that equals an id the kind's template writes.
fn duplicate_kind_ids(page: &Page, body: &Rendered) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let file = &page.source.display_path;
    for (id, line) in page.data.template_ids(&page.source) {
        match seen.get(&id) {
            Some(&first) => problems.push(markdown::duplicate_id(
                file,
                &page.source.text,
                &id,
                line,
                first,
            )),
            None => {
                seen.insert(id, line);
            }
        }
    }
    for (id, line) in &body.html_ids {
        if let Some(&first) = seen.get(id) {
            problems.push(markdown::duplicate_id(
                file,
                &page.source.text,
                id,
                *line,
                first,
            ));
        }
    }
    problems
}

fn check_anchors(site: &Site, content: &RenderedContent) -> Vec<Diagnostic> {
    let refs = content
        .pages
        .iter()
        .flat_map(|p| &p.body.anchor_refs)
        .chain(content.sections.iter().flat_map(|s| &s.body.anchor_refs))
        .collect();
    check_anchor_refs(site, content, refs)
}

fn check_anchor_refs(
    site: &Site,
    content: &RenderedContent,
    refs: Vec<&AnchorRef>,
) -> Vec<Diagnostic> {
    // Only the targets the links name are looked up, so checking one page's links does not
    // cost a walk over the site.
    let mut section_anchors: HashMap<usize, HashSet<String>> = HashMap::new();
    let mut problems = Vec::new();
    for r in refs {
        let ids = match site.entry(&r.target_key) {
            Some(Entry::Page(i)) => &content.pages[i].anchors,
            Some(Entry::Section(s)) => &*section_anchors.entry(s).or_insert_with(|| {
                content.sections[s]
                    .body
                    .toc
                    .iter()
                    .map(|t| t.id.clone())
                    .collect()
            }),
            None => continue,
        };
        if !ids.contains(&r.anchor) {
            let help = crate::markdown::links::anchor_hint(&r.anchor, ids.iter());
            problems.push(
                Diagnostic::error(
                    Code::LinkMissingAnchor,
                    format!("lenken viser til #{} i content/{}, men siden har ingen slik overskrift eller id", r.anchor, r.target_key),
                )
                .in_file(&r.file)
                .at(r.line, 1)
                .with_source(r.text.clone())
                .with_help(help),
            );
        }
    }
    problems
}
