//! Headings: a unique id for each (made from its Norwegian text, or written by the editor), an
//! entry in the table of contents and an anchor link; and the page's register of ids, which
//! raw HTML shares, so a second element with the same id is an error.

use super::TocEntry;
use super::state::State;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::text::{escape_html, slugify};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag};
use std::path::Path;
use std::sync::Arc;

/// The error for a second element with the same id on one page.
pub fn duplicate_id(
    file: &Path,
    text: &Arc<str>,
    id: &str,
    line: usize,
    first_line: usize,
) -> Diagnostic {
    Diagnostic::error(
        Code::HtmlDuplicateId,
        format!("id-en «{id}» finnes allerede på siden (linje {first_line})"),
    )
    .in_file(file)
    .at(line, 1)
    .with_source(text.clone())
    .with_help("to elementer på samme side kan ikke ha samme id; lenker til #id treffer bare det første. Gi det ene en annen id")
}

impl State<'_, '_> {
    /// Notes an id the page will carry; a second element with the same id is an error.
    pub(super) fn note_id(&mut self, id: String, line: usize) {
        if let Some((_, first)) = self.html_ids.iter().find(|(known, _)| *known == id) {
            let first = *first;
            self.diagnostics.push(duplicate_id(
                self.input.display_path,
                self.input.file_text,
                &id,
                line,
                first,
            ));
        }
        self.html_ids.push((id, line));
    }
    fn unique_id(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() {
            "seksjon".to_string()
        } else {
            wanted.to_string()
        };
        let count = self.ids.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            return base;
        }
        let mut n = *count;
        loop {
            let candidate = format!("{base}-{n}");
            if !self.ids.contains_key(&candidate) {
                self.ids.insert(candidate.clone(), 1);
                return candidate;
            }
            n += 1;
        }
    }

    pub(super) fn heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<&str>,
        classes: &[CowStr<'_>],
        inner: &[(Event<'_>, std::ops::Range<usize>)],
        line: usize,
    ) -> String {
        let mut plain = String::new();
        let mut inner_events = Vec::with_capacity(inner.len());
        for (event, range) in inner {
            match event {
                Event::Text(t) | Event::Code(t) => {
                    plain.push_str(t);
                    inner_events.push(event.clone());
                }
                Event::Start(tag @ Tag::Link { .. }) => {
                    let line = self.line_of(range.start);
                    inner_events.push(Event::Start(self.resolved(tag, line)));
                }
                // Raw HTML in a heading is checked and its links rewritten like any other.
                Event::InlineHtml(fragment) => {
                    let html = self.raw_html(&[(fragment.as_ref(), range.start)]);
                    inner_events.push(Event::InlineHtml(html.into()));
                }
                _ => inner_events.push(event.clone()),
            }
        }
        // An explicit id is kept as written, so a second one is a duplicate (an error); an
        // id made from the heading text gets a number instead.
        let id = match explicit_id {
            Some(explicit) => {
                self.ids.insert(explicit.to_string(), 1);
                explicit.to_string()
            }
            None => self.unique_id(&slugify(&plain)),
        };
        self.note_id(id.clone(), line);
        let level_number = level as u8;
        self.toc.push(TocEntry {
            level: level_number,
            id: id.clone(),
            title: plain.trim().to_string(),
            line,
        });
        self.end_block();
        self.push_text(&plain);
        self.end_block();
        let mut inner_html = String::new();
        pulldown_cmark::html::push_html(&mut inner_html, inner_events.into_iter());
        let class_attr = if classes.is_empty() {
            String::new()
        } else {
            let joined: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            format!(" class=\"{}\"", escape_html(&joined.join(" ")))
        };
        let id = escape_html(&id);
        format!(
            "<h{level_number} id=\"{id}\"{class_attr}>{inner_html} <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level_number}>\n"
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::pass::tests::render_md;

    #[test]
    fn headings_get_unique_norwegian_ids_and_toc() {
        let r = render_md("## Før du starter\n\n## Før du starter\n\n### Steg 2: Velg {#egen}\n");
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, vec!["for-du-starter", "for-du-starter-2", "egen"]);
        assert!(r.html.contains(
            "<h2 id=\"for-du-starter\">Før du starter <a class=\"anchor\" href=\"#for-du-starter\""
        ));
        assert_eq!(r.toc[2].title, "Steg 2: Velg");
    }
}
