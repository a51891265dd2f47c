//! What the event pass keeps while it reads a piece of Markdown: where lines start, the ids
//! and headings seen so far, the plain text, links and problems, and how deep the nesting is.
//! The pieces of the pass add their own methods to `State` in their modules.

use super::links::{AnchorRef, LinkResolver};
use super::{Input, Rendered, TextMarker, TocEntry, html};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use std::collections::HashMap;

pub(super) struct State<'a, 'm> {
    pub(super) input: &'a Input<'a>,
    pub(super) resolver: &'a dyn LinkResolver,
    pub(super) marker: Option<&'m mut dyn TextMarker>,
    pub(super) line_starts: Vec<usize>,
    pub(super) ids: HashMap<String, usize>,
    pub(super) toc: Vec<TocEntry>,
    pub(super) text: String,
    pub(super) paragraph_start: Option<usize>,
    pub(super) first_paragraph: Option<String>,
    pub(super) anchor_refs: Vec<AnchorRef>,
    pub(super) external_links: Vec<(String, usize)>,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) link_depth: usize,
    pub(super) depth: html::Depth,
    /// What raw HTML left open for the next piece of raw HTML (an `<svg>`).
    pub(super) html_context: html::Context,
    /// Where the comment or raw-text element that `html_context` has open began.
    pub(super) html_open_at: Option<usize>,
    pub(super) too_deep: bool,
    pub(super) html_ids: Vec<(String, usize)>,
}

impl<'a, 'm> State<'a, 'm> {
    pub(super) fn new(
        input: &'a Input<'a>,
        resolver: &'a dyn LinkResolver,
        marker: Option<&'m mut dyn TextMarker>,
    ) -> Self {
        let line_starts = std::iter::once(0)
            .chain(input.markdown.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        State {
            input,
            resolver,
            marker,
            line_starts,
            ids: HashMap::new(),
            toc: Vec::new(),
            text: String::with_capacity(input.markdown.len()),
            paragraph_start: None,
            first_paragraph: None,
            anchor_refs: Vec::new(),
            external_links: Vec::new(),
            diagnostics: Vec::new(),
            link_depth: 0,
            depth: html::Depth::default(),
            html_context: html::Context::default(),
            html_open_at: None,
            too_deep: false,
            html_ids: Vec::new(),
        }
    }

    /// A new level of nesting at `line`; past [`html::MAX_DEPTH`] the page is an error (once).
    pub(super) fn open(&mut self, line: usize) {
        self.depth.open();
        self.check_depth(line);
    }

    pub(super) fn check_depth(&mut self, line: usize) {
        if self.depth.current > html::MAX_DEPTH && !self.too_deep {
            self.too_deep = true;
            let d = Diagnostic::error(
                Code::MarkdownTooDeep,
                format!(
                    "teksten er nestet mer enn {} nivåer dypt (lister i lister, sitater i sitater eller HTML-elementer i hverandre)",
                    html::MAX_DEPTH
                ),
            )
            .in_file(self.input.display_path)
            .at(line, 1)
            .with_source(self.input.file_text.clone())
            .with_help("del opp teksten; ingen side trenger så dyp nesting, og siden kan ikke gjengis trygt");
            self.diagnostics.push(d);
        }
    }

    pub(super) fn is_generated(&self, offset: usize) -> bool {
        self.input.generated.iter().any(|r| r.contains(&offset))
    }

    /// File line and column of a byte offset in the Markdown.
    pub(super) fn line_col(&self, offset: usize) -> (usize, usize) {
        let index = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.line_starts[index];
        let column = self
            .input
            .markdown
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (self.input.first_line + index, column)
    }

    pub(super) fn line_of(&self, offset: usize) -> usize {
        let index = self.line_starts.partition_point(|&start| start <= offset);
        self.input.first_line + index.saturating_sub(1)
    }

    pub(super) fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    pub(super) fn end_block(&mut self) {
        if !self.text.ends_with('\n') && !self.text.is_empty() {
            self.text.push('\n');
        }
    }

    pub(super) fn mark(&mut self, text: &str) -> Option<String> {
        if self.link_depth > 0 {
            return None;
        }
        let page_url = self.input.page_url;
        self.marker.as_mut()?.mark(text, page_url)
    }

    pub(super) fn finish(self, html: String) -> Rendered {
        Rendered {
            html,
            toc: self.toc,
            first_paragraph: self.first_paragraph.unwrap_or_default(),
            text: self.text,
            anchor_refs: self.anchor_refs,
            external_links: self.external_links,
            html_ids: self.html_ids,
            diagnostics: self.diagnostics,
        }
    }
}
