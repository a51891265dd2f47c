//! Markdown to HTML with pulldown-cmark: unique Norwegian-safe heading ids with anchor links,
//! a table of contents, highlighted code, and internal links written as relative `.md` paths
//! resolved to the target page's relative URL (so the site works from disk).

pub mod highlight;
pub mod html;
pub mod links;
pub mod shortcodes;

use crate::diagnostics::Diagnostic;
use crate::text::{escape_html, slugify};
use links::{AnchorRef, LinkResolver, LinkTarget, classify, relative_url};
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;
use std::collections::HashMap;
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

/// Renders a block of Markdown (a page body or a Markdown field).
pub fn render(
    input: &Input<'_>,
    resolver: &dyn LinkResolver,
    marker: Option<&mut dyn TextMarker>,
) -> Rendered {
    let mut state = State::new(input, resolver, marker);
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(input.markdown, options())
            .into_offset_iter()
            .collect();
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
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::HtmlBlock)));
                state.raw_html_block(&events[i + 1..end]);
                out_events.push(event.clone());
            }
            Event::InlineHtml(fragment) => {
                state.raw_html(&[(fragment.as_ref(), range.start)]);
                out_events.push(event.clone());
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                state.depth.close();
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::Heading(_))));
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
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::CodeBlock)));
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
    let mut html = String::with_capacity(input.markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out_events.into_iter());
    state.finish(html)
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

/// The error for a second element with the same id on one page.
pub fn duplicate_id(
    file: &Path,
    text: &Arc<str>,
    id: &str,
    line: usize,
    first_line: usize,
) -> Diagnostic {
    Diagnostic::error(
        "html::duplicate-id",
        format!("id-en «{id}» finnes allerede på siden (linje {first_line})"),
    )
    .in_file(file)
    .at(line, 1)
    .with_source(text.clone())
    .with_help("to elementer på samme side kan ikke ha samme id; lenker til #id treffer bare det første. Gi det ene en annen id")
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

struct State<'a, 'm> {
    input: &'a Input<'a>,
    resolver: &'a dyn LinkResolver,
    marker: Option<&'m mut dyn TextMarker>,
    line_starts: Vec<usize>,
    ids: HashMap<String, usize>,
    toc: Vec<TocEntry>,
    text: String,
    paragraph_start: Option<usize>,
    first_paragraph: Option<String>,
    anchor_refs: Vec<AnchorRef>,
    external_links: Vec<(String, usize)>,
    diagnostics: Vec<Diagnostic>,
    link_depth: usize,
    depth: html::Depth,
    too_deep: bool,
    html_ids: Vec<(String, usize)>,
}

impl<'a, 'm> State<'a, 'm> {
    fn new(
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
            too_deep: false,
            html_ids: Vec::new(),
        }
    }

    /// A new level of nesting at `line`; past [`html::MAX_DEPTH`] the page is an error (once).
    fn open(&mut self, line: usize) {
        self.depth.open();
        self.check_depth(line);
    }

    fn check_depth(&mut self, line: usize) {
        if self.depth.current > html::MAX_DEPTH && !self.too_deep {
            self.too_deep = true;
            let d = Diagnostic::error(
                "markdown::too-deep",
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

    fn is_generated(&self, offset: usize) -> bool {
        self.input.generated.iter().any(|r| r.contains(&offset))
    }

    /// File line and column of a byte offset in the Markdown.
    fn line_col(&self, offset: usize) -> (usize, usize) {
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

    /// An HTML block arrives line by line; a tag may span lines, so the lines are read as one.
    fn raw_html_block(&mut self, events: &[(Event<'_>, Range<usize>)]) {
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
    fn raw_html(&mut self, parts: &[(&str, usize)]) {
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

    /// Notes an id the page will carry; a second element with the same id is an error.
    fn note_id(&mut self, id: String, line: usize) {
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

    fn line_of(&self, offset: usize) -> usize {
        let index = self.line_starts.partition_point(|&start| start <= offset);
        self.input.first_line + index.saturating_sub(1)
    }

    fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn end_block(&mut self) {
        if !self.text.ends_with('\n') && !self.text.is_empty() {
            self.text.push('\n');
        }
    }

    fn mark(&mut self, text: &str) -> Option<String> {
        if self.link_depth > 0 {
            return None;
        }
        let page_url = self.input.page_url;
        self.marker.as_mut()?.mark(text, page_url)
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

    fn heading(
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

    /// The same link or image tag with its destination resolved.
    fn resolved<'e>(&mut self, tag: &Tag<'e>, line: usize) -> Tag<'e> {
        match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                link_type: *link_type,
                // `<post@example.no>`: the destination is an address, not a path, and the HTML
                // writer adds `mailto:` itself.
                dest_url: if *link_type == LinkType::Email {
                    dest_url.clone()
                } else {
                    self.link(dest_url, line).into()
                },
                title: title.clone(),
                id: id.clone(),
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Image {
                link_type: *link_type,
                dest_url: self.link(dest_url, line).into(),
                title: title.clone(),
                id: id.clone(),
            },
            other => other.clone(),
        }
    }

    /// Resolves a link target written by an editor to the URL the output uses.
    fn link(&mut self, dest: &str, line: usize) -> String {
        if html::is_script_url(dest) {
            self.diagnostics.push(self.link_error(
                "html::script-url",
                line,
                format!(
                    "lenken `{}` kjører kode og er ikke tillatt",
                    dest.chars().take(40).collect::<String>()
                ),
                html::SCRIPT_URL_HELP,
            ));
            return "#".into();
        }
        let target = classify(
            dest,
            self.input.source_dir,
            self.input.self_key,
            self.resolver,
        );
        match target {
            LinkTarget::External(url) => {
                if url.starts_with("http://") || url.starts_with("https://") {
                    self.external_links.push((url.clone(), line));
                }
                url
            }
            LinkTarget::Page { url, key, anchor } => {
                let mut href = relative_url(self.input.page_url, &format!("{url}index.html"));
                if key == self.input.self_key && anchor.is_some() {
                    href.clear();
                }
                if let Some(anchor) = anchor {
                    href.push('#');
                    href.push_str(&anchor);
                    self.anchor_refs.push(AnchorRef {
                        target_key: key,
                        anchor,
                        file: self.input.display_path.to_path_buf(),
                        line,
                        text: self.input.file_text.clone(),
                    });
                }
                href
            }
            LinkTarget::Asset { output, suffix } => {
                format!("{}{suffix}", relative_url(self.input.page_url, &output))
            }
            LinkTarget::Excluded { path, reason } => {
                self.diagnostics.push(self.link_error(
                    "link::excluded",
                    line,
                    format!("lenken viser til {path}, som {reason}"),
                    "en offentlig side kan ikke lenke til en intern side; fjern lenken eller gjør målet offentlig",
                ));
                "#".into()
            }
            LinkTarget::Missing { path, suggestion } => {
                let help = match suggestion {
                    Some(s) => format!("mente du {s}?"),
                    None => "skriv lenken som en relativ sti til .md-filen, f.eks. ../konto/bytte-passord.md".into(),
                };
                self.diagnostics.push(self.link_error(
                    "link::broken",
                    line,
                    format!("lenken viser til {path}, som ikke finnes"),
                    &help,
                ));
                "#".into()
            }
        }
    }

    fn link_error(
        &self,
        code: &'static str,
        line: usize,
        message: String,
        help: &str,
    ) -> Diagnostic {
        Diagnostic::error(code, message)
            .in_file(self.input.display_path)
            .at(line, 1)
            .with_source(self.input.file_text.clone())
            .with_help(help)
    }

    fn finish(self, html: String) -> Rendered {
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

#[cfg(test)]
mod tests {
    use super::*;
    use links::tests::FakeResolver;

    fn render_md(markdown: &str) -> Rendered {
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
    fn headings_get_unique_norwegian_ids_and_toc() {
        let r = render_md("## Før du starter\n\n## Før du starter\n\n### Steg 2: Velg {#egen}\n");
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, vec!["for-du-starter", "for-du-starter-2", "egen"]);
        assert!(r.html.contains(
            "<h2 id=\"for-du-starter\">Før du starter <a class=\"anchor\" href=\"#for-du-starter\""
        ));
        assert_eq!(r.toc[2].title, "Steg 2: Velg");
    }

    #[test]
    fn internal_md_links_become_relative_page_urls() {
        let r = render_md("Se [passord](../passord/bytte.md#steg-2) og [hjem](../../_index.md).");
        assert!(
            r.html
                .contains("href=\"../../passord/bytte/index.html#steg-2\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"../../../index.html\""),
            "{}",
            r.html
        );
        assert_eq!(r.anchor_refs.len(), 1);
        assert_eq!(r.anchor_refs[0].target_key, "selvhjelp/passord/bytte.md");
        assert_eq!(r.anchor_refs[0].line, 5);
    }

    #[test]
    fn email_autolink_is_a_mailto_link_not_a_broken_path() {
        let r = render_md("Skriv til <post@example.no>.\n");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(
            r.html.contains("href=\"mailto:post@example.no\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn broken_link_is_an_error_with_line() {
        let r = render_md("Tekst\n\nSe [borte](finnes-ikke.md).\n");
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!(d.line, 7);
        assert!(
            d.message.contains("selvhjelp/konto/finnes-ikke.md"),
            "{}",
            d.message
        );
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
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("Kabling skal være **Cat 6A** og [merket](x.md).\n\n- en\n- to"),
            "Kabling skal være Cat 6A og merket. en to"
        );
    }

    #[test]
    fn plain_text_and_first_paragraph() {
        let r = render_md("## Tittel\n\nFørste *avsnitt* her.\n\nAndre.\n");
        assert_eq!(r.first_paragraph, "Første avsnitt her.");
        assert!(r.text.contains("Tittel"));
        assert!(r.text.contains("Andre."));
    }
}
