//! Markdown to HTML with pulldown-cmark: unique Norwegian-safe heading ids with anchor links,
//! a table of contents, highlighted code, and internal links written as relative `.md` paths
//! resolved to the target page's relative URL (so the site works from disk).
//!
//! [`render`] makes one pass over pulldown-cmark's events (`pass`), keeping what it learns in a
//! `State` (`state`); headings (`headings`), links (`hrefs`) and raw HTML (`raw_html`) are the
//! events it rewrites or checks on the way, each in its own module.

mod charref;
mod headings;
pub mod highlight;
mod hrefs;
pub mod html;
pub mod links;
mod pass;
mod raw_html;
pub mod shortcodes;
mod state;
pub mod tokenizer;

pub use headings::duplicate_id;
pub use pass::{Events, events, render, render_events};

use crate::diagnostics::Diagnostic;
use links::AnchorRef;
use pulldown_cmark::{Event, Options, Parser, TagEnd};
use serde::Serialize;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// An entry of a page's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    /// File line of the heading, for diagnostics.
    #[serde(skip)]
    pub line: usize,
}

/// Something that may wrap words of running text, such as the glossary's first-use markup.
/// Called only for text outside headings, links, code and raw HTML.
pub trait TextMarker {
    /// Returns HTML for `text` if it marked anything, `None` to keep the text as it is.
    fn mark(&mut self, text: &str, page_url: &str) -> Option<String>;
    /// What was marked, as ids the marker defines (glossary entries).
    fn marked(&self) -> Vec<usize>;
}

/// Where a piece of Markdown comes from and where its HTML will live.
pub struct Input<'a> {
    pub markdown: &'a str,
    /// File line of the first Markdown line, for diagnostics.
    pub first_line: usize,
    /// Content folder of the source file, for resolving relative links.
    pub source_dir: &'a str,
    /// Key of the page itself (its content path), for `#anchor` links within the page.
    pub self_key: &'a str,
    /// Site path of the output page (`tjenester/x/`), for relative URLs.
    pub page_url: &'a str,
    pub display_path: &'a Path,
    pub file_text: &'a Arc<str>,
    /// What raw HTML may contain (`raw_html` in site.yaml).
    pub policy: html::Policy<'a>,
    /// Byte ranges of `markdown` that shortcodes generated: exempt from the raw HTML policy.
    pub generated: &'a [Range<usize>],
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// The text without markup, for search and summaries.
    pub text: String,
    pub first_paragraph: String,
    pub anchor_refs: Vec<AnchorRef>,
    /// External (http/https) links and their lines, for the content report.
    pub external_links: Vec<(String, usize)>,
    /// Ids that raw HTML puts on the page (`<div id="x">`), with their lines.
    pub html_ids: Vec<(String, usize)>,
    pub diagnostics: Vec<Diagnostic>,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The text of a piece of Markdown without any markup (for CSV files and tooltips).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("Kabling skal være **Cat 6A** og [merket](x.md).\n\n- en\n- to"),
            "Kabling skal være Cat 6A og merket. en to"
        );
    }
}
