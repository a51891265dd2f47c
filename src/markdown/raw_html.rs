//! Raw HTML written in Markdown: checked against the site's policy (`raw_html` in site.yaml)
//! as the pass meets it, counted towards the nesting limit, and its ids noted.

use super::html;
use super::state::State;
use crate::diagnostics::Diagnostic;
use pulldown_cmark::Event;
use std::ops::Range;

impl State<'_, '_> {
    /// An HTML block arrives line by line; a tag may span lines, so the lines are read as one.
    pub(super) fn raw_html_block(&mut self, events: &[(Event<'_>, Range<usize>)]) {
        let parts: Vec<(&str, usize)> = events
            .iter()
            .filter_map(|(e, range)| match e {
                Event::Html(text) => Some((text.as_ref(), range.start)),
                _ => None,
            })
            .collect();
        self.raw_html(&parts);
    }

    /// Checks raw HTML (pieces of text with their offsets in the Markdown) against the policy,
    /// counts its nesting and notes its ids.
    pub(super) fn raw_html(&mut self, parts: &[(&str, usize)]) {
        let mut joined = String::new();
        let mut starts: Vec<(usize, usize)> = Vec::with_capacity(parts.len());
        for &(text, offset) in parts {
            if self.is_generated(offset) {
                continue;
            }
            starts.push((joined.len(), offset));
            joined.push_str(text);
        }
        if joined.is_empty() {
            return;
        }
        let source_offset = |at: usize| {
            let i = starts
                .partition_point(|&(start, _)| start <= at)
                .saturating_sub(1);
            let (start, offset) = starts[i];
            offset + (at - start)
        };
        let policy = self.input.policy;
        for tag in html::tags(&joined) {
            let offset = source_offset(tag.offset);
            let (line, column) = self.line_col(offset);
            self.depth.tag(&tag);
            self.check_depth(line);
            for v in policy.check(&tag) {
                self.diagnostics.push(
                    Diagnostic::error(v.code, v.message)
                        .in_file(self.input.display_path)
                        .at(line, column)
                        .with_source(self.input.file_text.clone())
                        .with_help(v.help),
                );
            }
            if !tag.closing {
                for (name, value) in html::attributes(tag.attrs) {
                    if name == "id" {
                        self.note_id(value, line);
                    }
                }
            }
        }
    }
}
