//! Accessibility and plain-language checks of what editors write (WCAG 2.1 AA and klarspråk),
//! as warnings with file, line and a fix. They read the Markdown body of each page and section
//! as pulldown-cmark events with source offsets:
//!
//! - an image without alternative text, or with the file name as its text (1.1.1);
//! - a heading level that skips (`##` → `####`) or a level-1 heading in the body, which gives
//!   the page a second h1 beside its title (1.3.1, 2.4.6);
//! - link text that says nothing out of context («her», «les mer», a bare address) (2.4.4);
//! - an HTML table without header cells, or a Markdown table with an empty header row (1.3.1);
//! - a `chart` shortcode whose text alternative would only be the data file's name (1.1.1);
//! - a sentence or paragraph longer than the limits in `site.yaml` (`checks:`).
//!
//! Front matter fields written in Markdown (a service's `included`, a requirement's `text`)
//! are not read; templates and generated pages are tested in the browser suite instead.
//!
//! This module walks the events once (`Walk::run`); each group of checks is a submodule that
//! adds its methods to the walk.

mod charts;
mod headings;
mod html;
mod images;
mod links;
mod prose;

use super::Settings;
use crate::data::DataTable;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::model::{Kind, SourceInfo};
use prose::Block;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;

/// Checks one page (`kind` given) or section (`None`).
pub fn check(
    source: &SourceInfo,
    kind: Option<Kind>,
    data: &BTreeMap<String, DataTable>,
    settings: &Settings,
) -> Vec<Diagnostic> {
    check_events(
        source,
        kind,
        data,
        settings,
        &crate::markdown::events(source.body()),
    )
}

/// [`check`] from the events of `source.body()` ([`crate::markdown::events`]): a build reads
/// each body once, for the render pass and this check.
pub fn check_events(
    source: &SourceInfo,
    kind: Option<Kind>,
    data: &BTreeMap<String, DataTable>,
    settings: &Settings,
    events: &[(Event<'_>, Range<usize>)],
) -> Vec<Diagnostic> {
    let mut walk = Walk::new(source, settings);
    // A service's body is rendered under the template's «1 Beskrivelse av tjenesten» (h2).
    walk.heading_level = if kind == Some(Kind::Tjeneste) { 2 } else { 1 };
    walk.run(events);
    walk.charts(data);
    walk.problems
}

struct Walk<'a> {
    source: &'a SourceInfo,
    body: &'a str,
    settings: &'a Settings,
    /// Byte offsets in `body` where lines start.
    line_starts: Vec<usize>,
    heading_level: u8,
    problems: Vec<Diagnostic>,
}

impl<'a> Walk<'a> {
    fn new(source: &'a SourceInfo, settings: &'a Settings) -> Walk<'a> {
        let body = source.body();
        let line_starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Walk {
            source,
            body,
            settings,
            line_starts,
            heading_level: 1,
            problems: Vec::new(),
        }
    }

    /// File line and column (1-based, in characters) of a body offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.body.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.line_starts[line];
        let column = self
            .body
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        (self.source.body_line + line, column)
    }

    fn warn(&mut self, code: Code, offset: usize, message: String, help: String) {
        let (line, column) = self.position(offset);
        self.problems.push(
            Diagnostic::warning(code, message)
                .in_file(&self.source.display_path)
                .at(line, column)
                .with_source(self.source.text.clone())
                .with_help(help),
        );
    }

    fn run(&mut self, events: &[(Event<'_>, Range<usize>)]) {
        let mut html: Vec<(String, usize)> = Vec::new();
        let mut blocks: Vec<Block> = Vec::new();
        // Inside headings, code, images and table cells text belongs to no sentence.
        let mut skip_text = 0usize;
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    self.heading(*level, range.start);
                    skip_text += 1;
                }
                Event::End(TagEnd::Heading(_)) => skip_text -= 1,
                Event::Start(Tag::Image { dest_url, .. }) => {
                    let end = end_of(events, i);
                    let alt = inline_text(&events[i + 1..end]);
                    self.image(&alt, dest_url, range.start);
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) => {
                    let end = end_of(events, i);
                    let text = inline_text(&events[i + 1..end]);
                    self.link(&text, *link_type, dest_url, range.start);
                }
                Event::Start(Tag::TableHead) => {
                    let end = end_of(events, i);
                    if inline_text(&events[i + 1..end]).trim().is_empty() {
                        self.warn(
                            Code::A11yTableHeader,
                            range.start,
                            "tabellen har en tom overskriftsrad".into(),
                            "skriv hva hver kolonne inneholder i første rad (`| Kommune | Antall |`), så skjermlesere kan lese cellene med overskrift".into(),
                        );
                    }
                }
                Event::Start(Tag::CodeBlock(_) | Tag::TableCell) => skip_text += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::TableCell) => skip_text -= 1,
                // A stack: a list item's own text is one block, its nested items others.
                Event::Start(Tag::Paragraph | Tag::Item) => blocks.push(Block::default()),
                Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                    if let Some(open) = blocks.pop() {
                        self.prose(&open);
                    }
                }
                Event::Text(text) | Event::Code(text) if skip_text == 0 => {
                    if let Some(block) = blocks.last_mut() {
                        block.push(text, range.start);
                    }
                }
                Event::SoftBreak | Event::HardBreak if skip_text == 0 => {
                    if let Some(block) = blocks.last_mut() {
                        block.push(" ", range.start);
                    }
                }
                Event::Html(text) | Event::InlineHtml(text) => {
                    html.push((text.to_string(), range.start));
                }
                _ => {}
            }
            i += 1;
        }
        self.raw_html(&html);
    }
}

/// The index of the `End` event matching the `Start` at `start`.
fn end_of(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// The text a reader gets from inline events (an image inside a link counts by its alt text).
fn inline_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect()
}
