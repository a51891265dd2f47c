//! The event pass: reads a piece of Markdown as pulldown-cmark events once, rewrites the
//! events the output needs changed (headings, links, code, tables, task lists) and writes HTML.
//! What the pass learns on the way (text, ids, links, problems) is kept in `State`.

use super::links::LinkResolver;
use super::state::State;
use super::{Input, Rendered, TextMarker, highlight, options};
use crate::text::escape_html;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// A piece of Markdown as pulldown-cmark events with their source ranges.
pub type Events<'a> = Vec<(Event<'a>, std::ops::Range<usize>)>;

/// Reads `markdown` as events, once for everything that reads a page body (the render pass
/// and the accessibility check).
pub fn events(markdown: &str) -> Events<'_> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect()
}

/// Renders a block of Markdown (a page body or a Markdown field).
pub fn render(
    input: &Input<'_>,
    resolver: &dyn LinkResolver,
    marker: Option<&mut dyn TextMarker>,
) -> Rendered {
    render_events(input, &events(input.markdown), resolver, marker)
}

/// Renders `input` from its events, read by [`events`] from `input.markdown`.
pub fn render_events<'a>(
    input: &Input<'_>,
    events: &[(Event<'a>, std::ops::Range<usize>)],
    resolver: &dyn LinkResolver,
    marker: Option<&mut dyn TextMarker>,
) -> Rendered {
    let mut state = State::new(input, resolver, marker);
    let mut out_events: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        let line = state.line_of(range.start);
        match event {
            Event::Start(_) => state.open(line),
            Event::End(_) => state.depth.close(),
            _ => {}
        }
        match event {
            Event::Start(Tag::HtmlBlock) => {
                let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::HtmlBlock)));
                let html = state.raw_html_block(&events[i + 1..end]);
                state.depth.close();
                out_events.push(event.clone());
                out_events.push(Event::Html(html.into()));
                out_events.push(Event::End(TagEnd::HtmlBlock));
                i = end + 1;
                continue;
            }
            Event::InlineHtml(fragment) => {
                let html = state.raw_html(&[(fragment.as_ref(), range.start)]);
                out_events.push(Event::InlineHtml(html.into()));
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                state.depth.close();
                let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::Heading(_))));
                let inner = &events[i + 1..end];
                out_events.push(Event::Html(
                    state
                        .heading(*level, id.as_deref(), classes, inner, line)
                        .into(),
                ));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                state.depth.close();
                let end = find_end(events, i, |e| matches!(e, Event::End(TagEnd::CodeBlock)));
                let code: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                state.push_text(&code);
                state.end_block();
                out_events.push(Event::Html(code_block(&code, lang).into()));
                i = end + 1;
                continue;
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let resolved = state.resolved(tag, line);
                state.link_depth += 1;
                out_events.push(Event::Start(resolved));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                state.link_depth = state.link_depth.saturating_sub(1);
                out_events.push(event.clone());
            }
            Event::Start(Tag::Table(_)) => {
                out_events.push(Event::Html(
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Tabell\">".into(),
                ));
                out_events.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                out_events.push(event.clone());
                out_events.push(Event::Html("</div>".into()));
                state.end_block();
            }
            Event::Start(Tag::Paragraph) => {
                state.paragraph_start = Some(state.text.len());
                out_events.push(event.clone());
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(start) = state.paragraph_start.take()
                    && state.first_paragraph.is_none()
                {
                    let text = state.text[start..].trim();
                    if !text.is_empty() {
                        state.first_paragraph = Some(text.to_string());
                    }
                }
                state.end_block();
                out_events.push(event.clone());
            }
            Event::End(TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_)) => {
                state.end_block();
                out_events.push(event.clone());
            }
            Event::TaskListMarker(checked) => {
                let label = if *checked {
                    "Fullført"
                } else {
                    "Ikke fullført"
                };
                let checked_attr = if *checked { " checked" } else { "" };
                out_events.push(Event::Html(
                    format!(
                        "<input type=\"checkbox\" disabled{checked_attr} aria-label=\"{label}\"> "
                    )
                    .into(),
                ));
            }
            Event::Text(text) => {
                state.push_text(text);
                match state.mark(text) {
                    Some(html) => out_events.push(Event::Html(html.into())),
                    None => out_events.push(event.clone()),
                }
            }
            Event::Code(code) => {
                state.push_text(code);
                out_events.push(event.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                state.push_text(" ");
                out_events.push(event.clone());
            }
            _ => out_events.push(event.clone()),
        }
        i += 1;
    }
    state.close_open_html();
    let mut html = String::with_capacity(input.markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out_events.into_iter());
    state.finish(html)
}

fn find_end(
    events: &[(Event<'_>, std::ops::Range<usize>)],
    start: usize,
    is_end: impl Fn(&Event<'_>) -> bool,
) -> usize {
    (start + 1..events.len())
        .find(|&j| is_end(&events[j].0))
        .unwrap_or(events.len() - 1)
}

fn code_block(code: &str, lang: &str) -> String {
    let lang_class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape_html(lang))
    };
    let inner = highlight::highlight(code, lang).unwrap_or_else(|| escape_html(code));
    format!("<pre class=\"code\" tabindex=\"0\"><code{lang_class}>{inner}</code></pre>\n")
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::markdown::html;
    use crate::markdown::links::tests::FakeResolver;
    use std::path::Path;
    use std::sync::Arc;

    pub(in crate::markdown) fn render_md(markdown: &str) -> Rendered {
        let text: Arc<str> = markdown.into();
        let input = Input {
            markdown,
            first_line: 5,
            source_dir: "selvhjelp/konto",
            self_key: "selvhjelp/konto/a.md",
            page_url: "selvhjelp/konto/a/",
            display_path: Path::new("content/selvhjelp/konto/a.md"),
            file_text: &text,
            policy: html::Policy::default(),
            generated: &[],
        };
        render(&input, &FakeResolver::default(), None)
    }

    #[test]
    fn code_is_highlighted_and_escaped() {
        let r = render_md("```yaml\ntitle: <b>\n```\n");
        assert!(r.html.contains("hl-"), "{}", r.html);
        assert!(!r.html.contains("<b>"));
    }

    #[test]
    fn tables_task_lists_footnotes_strikethrough() {
        let r = render_md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] ferdig\n- [ ] ikke\n\n~~gammelt~~[^1]\n\n[^1]: Fotnote.\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("class=\"table-wrap\""));
        assert!(r.html.contains("aria-label=\"Fullført\""));
        assert!(r.html.contains("<del>gammelt</del>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn plain_text_and_first_paragraph() {
        let r = render_md("## Tittel\n\nFørste *avsnitt* her.\n\nAndre.\n");
        assert_eq!(r.first_paragraph, "Første avsnitt her.");
        assert!(r.text.contains("Tittel"));
        assert!(r.text.contains("Andre."));
    }
}
