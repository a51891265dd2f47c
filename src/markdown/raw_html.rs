//! Raw HTML written in Markdown: checked against the site's policy (`raw_html` in site.yaml)
//! as the pass meets it, counted towards the nesting limit, and its ids noted. Its links
//! (`<a href>`, `<img src>`) are checked and rewritten exactly like Markdown links, so
//! `<a href="x.md">` works and a dead or internal target is an error.

use super::html::{self, Ending, Open};
use super::state::State;
use crate::diagnostics::{Code, Diagnostic};
use crate::text::escape_html;
use crate::url_policy;
use pulldown_cmark::Event;
use std::ops::Range;

/// Attributes whose link is resolved like a Markdown link (on elements that show or follow it).
const REWRITTEN: [&str; 3] = ["href", "src", "poster"];

impl State<'_, '_> {
    /// An HTML block arrives line by line; a tag may span lines, so the lines are read as one.
    /// Returns the block's HTML with its links rewritten.
    pub(super) fn raw_html_block(&mut self, events: &[(Event<'_>, Range<usize>)]) -> String {
        let parts: Vec<(&str, usize)> = events
            .iter()
            .filter_map(|(e, range)| match e {
                Event::Html(text) => Some((text.as_ref(), range.start)),
                _ => None,
            })
            .collect();
        self.raw_html(&parts)
    }

    /// Checks raw HTML (pieces of text with their offsets in the Markdown) against the policy,
    /// counts its nesting, notes its ids and returns it with its links rewritten. Pieces that
    /// shortcodes generated pass through unchecked.
    pub(super) fn raw_html(&mut self, parts: &[(&str, usize)]) -> String {
        let mut out = String::new();
        let mut run: Vec<(&str, usize)> = Vec::new();
        for &(text, offset) in parts {
            if self.is_generated(offset) {
                out.push_str(&self.raw_html_run(&run));
                run.clear();
                // What a shortcode writes could end the comment or element left open, and
                // the browser would read what follows as markup the check skipped.
                self.close_open_html();
                out.push_str(text);
            } else {
                run.push((text, offset));
            }
        }
        out.push_str(&self.raw_html_run(&run));
        out
    }

    /// One stretch of editor-written raw HTML.
    fn raw_html_run(&mut self, parts: &[(&str, usize)]) -> String {
        let mut joined = String::new();
        let mut starts: Vec<(usize, usize)> = Vec::with_capacity(parts.len());
        for &(text, offset) in parts {
            starts.push((joined.len(), offset));
            joined.push_str(text);
        }
        if joined.is_empty() {
            return joined;
        }
        let source_offset = |at: usize| {
            let i = starts
                .partition_point(|&(start, _)| start <= at)
                .saturating_sub(1);
            let (start, offset) = starts[i];
            offset + (at - start)
        };
        let policy = self.input.policy;
        let tokens = html::tokenize(&joined, self.html_context);
        self.html_context = tokens.context;
        let mut replacements: Vec<(Range<usize>, String)> = Vec::new();
        for tag in &tokens.tags {
            let (line, column) = self.line_col(source_offset(tag.offset));
            self.depth.tag(tag);
            self.check_depth(line);
            let violations = policy.check(tag);
            for v in &violations {
                self.diagnostics.push(
                    Diagnostic::error(v.code, v.message.clone())
                        .in_file(self.input.display_path)
                        .at(line, column)
                        .with_source(self.input.file_text.clone())
                        .with_help(v.help.clone()),
                );
            }
            if tag.closing {
                continue;
            }
            // A tag that breaks the policy is an error already; its links need no second one.
            let resolve = violations.is_empty();
            let element = tag.name.to_ascii_lowercase();
            for attr in &tag.attributes {
                if attr.name == "id" {
                    self.note_id(attr.value.clone(), line);
                }
                let Some(used_as) = html::url_use(&element, &attr.name) else {
                    continue;
                };
                let rewritten = resolve
                    && REWRITTEN.contains(&attr.name.as_str())
                    && used_as != url_policy::Use::Document
                    && url_policy::check(&attr.value, used_as).is_ok();
                if let (true, Some(span)) = (rewritten, &attr.span) {
                    let resolved = self.resolve_link(&attr.value, line);
                    if resolved != attr.value {
                        replacements
                            .push((span.clone(), format!("\"{}\"", escape_html(&resolved))));
                    }
                }
            }
        }
        match tokens.ending {
            Ending::Text => self.html_open_at = None,
            Ending::Tag | Ending::Declaration => {
                self.unterminated(tokens.ending, source_offset(tokens.ending_at));
            }
            // Left open: the next piece of raw HTML continues it; still open at the end
            // of the Markdown, it is an error there.
            Ending::Comment | Ending::RawText => {
                if tokens.ending_at > 0 || self.html_open_at.is_none() {
                    self.html_open_at = Some(source_offset(tokens.ending_at));
                }
            }
        }
        if replacements.is_empty() {
            return joined;
        }
        let mut out = String::with_capacity(joined.len() + 16);
        let mut at = 0;
        for (span, value) in replacements {
            out.push_str(&joined[at..span.start]);
            out.push_str(&value);
            at = span.end;
        }
        out.push_str(&joined[at..]);
        out
    }

    /// A comment or raw-text element still open where it must not be (before a shortcode's
    /// HTML, at the end of the Markdown) is an error at the place it was opened.
    pub(super) fn close_open_html(&mut self) {
        let open = std::mem::take(&mut self.html_context.open);
        let at = self.html_open_at.take();
        if let (Some(offset), false) = (at, open == Open::Nothing) {
            let ending = match open {
                Open::Comment => Ending::Comment,
                _ => Ending::RawText,
            };
            self.unterminated(ending, offset);
        }
    }

    /// Raw HTML that ends inside a tag, declaration, comment or raw-text element would
    /// swallow the HTML written after it, and a browser could read that as markup nobody
    /// checked.
    fn unterminated(&mut self, ending: Ending, offset: usize) {
        let (message, help) = match ending {
            Ending::Tag => (
                "rå HTML slutter midt i en tag: `>` eller et avsluttende anførselstegn mangler",
                "lukk taggen; en tom linje avslutter en HTML-blokk i Markdown",
            ),
            Ending::Declaration => (
                "rå HTML slutter midt i en `<!…>` eller `<?…>`: `>` mangler",
                "avslutt med `>`, eller skriv `&lt;` for et vanlig mindre-enn-tegn",
            ),
            Ending::Comment => (
                "rå HTML: kommentaren avsluttes ikke (`-->` mangler)",
                "avslutt kommentaren med `-->`",
            ),
            _ => (
                "rå HTML: elementet lukkes ikke",
                "skriv slutt-taggen, for eksempel `</noscript>`",
            ),
        };
        let (line, column) = self.line_col(offset);
        self.diagnostics.push(
            Diagnostic::error(Code::HtmlUnterminated, message)
                .in_file(self.input.display_path)
                .at(line, column)
                .with_source(self.input.file_text.clone())
                .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Code;
    use crate::markdown::pass::tests::render_md;

    fn codes(markdown: &str) -> Vec<Code> {
        render_md(markdown)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn raw_html_links_are_rewritten_like_markdown_links() {
        let r = render_md(
            "<a href=\"../passord/bytte.md#steg-2\">bytte</a>\n\nTekst <a href='a.md'>a</a> og <a href=\"https://x.no/?a=1&amp;b=2\">x</a>.\n",
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(
            r.html
                .contains("<a href=\"../../passord/bytte/index.html#steg-2\">bytte</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<a href=\"index.html\">a</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"https://x.no/?a=1&amp;b=2\""),
            "{}",
            r.html
        );
        assert_eq!(r.anchor_refs.len(), 1);
    }

    #[test]
    fn raw_html_dead_links_are_errors() {
        let r = render_md("<p><a href=\"finnes-ikke.md\">borte</a></p>\n");
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert_eq!(r.diagnostics[0].code, Code::LinkBroken);
        assert!(r.html.contains("href=\"#\""), "{}", r.html);
        assert!(!r.html.contains("finnes-ikke.md"), "{}", r.html);
    }

    #[test]
    fn raw_html_ending_inside_a_tag_or_comment_is_an_error() {
        assert_eq!(
            codes("<div title=\"x\n\n*tekst* [a](https://x.no/\" onclick=\"y)\n"),
            [Code::HtmlUnterminated]
        );
        assert_eq!(
            codes("<div>\n<!-- x\n\nAvsnitt\n"),
            [Code::HtmlUnterminated]
        );
        assert_eq!(codes("<div>\n<!-- x -->\n</div>\n"), Vec::<Code>::new());
    }

    #[test]
    fn comment_that_a_browser_ends_early_hides_nothing() {
        assert_eq!(
            codes("<!--><img src=x onerror=alert(7)>-->\n"),
            [Code::HtmlEventHandler]
        );
        assert_eq!(
            codes("Tekst <!--><img src=x onerror=alert(7)>--> her.\n"),
            [Code::HtmlEventHandler]
        );
    }

    #[test]
    fn comment_or_raw_text_across_inline_html_is_followed() {
        assert_eq!(
            codes("<noscript><p title=\"</noscript><img src=x onerror=alert(7)>\"></noscript> x\n"),
            [Code::HtmlElement, Code::HtmlEventHandler]
        );
        assert_eq!(
            codes("Tekst <noscript> *x* </noscript> y\n"),
            [Code::HtmlElement]
        );
        assert_eq!(
            codes("Tekst <noscript> *x*\n"),
            [Code::HtmlElement, Code::HtmlUnterminated]
        );
        assert_eq!(codes("<div>\n<!x\n\nAvsnitt\n"), [Code::HtmlUnterminated]);
    }

    #[test]
    fn raw_html_in_headings_is_checked() {
        assert_eq!(
            codes("## Tittel <img src=x onerror=alert(7)>\n"),
            [Code::HtmlEventHandler]
        );
        let r = render_md("## Se <a href=\"../passord/bytte.md\">bytte</a>\n");
        assert!(
            r.html.contains("href=\"../../passord/bytte/index.html\""),
            "{}",
            r.html
        );
    }
}
