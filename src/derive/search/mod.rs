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
pub mod index;
pub mod synonyms;
pub mod vocab;

pub use index::{IndexStats, SearchDocument, SearchIndex, SynonymGroup, build_index};

use crate::render::RenderedContent;
use crate::site::Site;

/// The search documents of a site: every page of the build target, nothing else, in
/// Norwegian title order (the browser breaks ties by this order without sorting titles).
pub fn documents(site: &Site, content: &RenderedContent) -> Vec<SearchDocument> {
    title_order(site)
        .into_iter()
        .map(|i| document(site, content, i))
        .collect()
}

fn title_order(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.pages.len()).collect();
    order.sort_by(|&a, &b| {
        crate::text::compare_nb(&site.pages[a].meta.title, &site.pages[b].meta.title)
    });
    order
}

/// Like [`documents`], moving each page's text out of `content` instead of copying it
/// (nothing after the index reads it; the preview renders an edited page again).
pub fn take_documents(site: &Site, content: &mut RenderedContent) -> Vec<SearchDocument> {
    title_order(site)
        .into_iter()
        .map(|i| {
            let text = std::mem::take(&mut content.pages[i].body.text);
            let mut doc = document(site, content, i);
            doc.body = text;
            doc
        })
        .collect()
}

/// What the index knows of page `i`.
pub fn document(site: &Site, content: &RenderedContent, i: usize) -> SearchDocument {
    let page = &site.pages[i];
    let rendered = &content.pages[i];
    SearchDocument {
        title: page.meta.title.clone(),
        url: page.url.clone(),
        kind: page.kind.name(),
        kind_label: page.kind.label(),
        section: site.page_section[i]
            .map(|s| site.sections[s].meta.title.clone())
            .unwrap_or_default(),
        description: rendered.summary.clone(),
        headings: rendered.body.toc.iter().map(|t| t.title.clone()).collect(),
        body: rendered.body.text.clone(),
        example: page.meta.example,
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
