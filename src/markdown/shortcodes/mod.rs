//! Shortcodes in Markdown, as in Zola: a shortcode is a template file
//! `templates/shortcodes/NAME.html` that a site or theme adds (see [`library`]), called inline as
//! `{{ name(arg="…") }}` or around a passage of Markdown as
//! `{% name(arg="…") %}` … `{% end %}`. The built-in theme has `table` and `chart` (a data file
//! as an accessible table or an SVG chart with a text alternative, their geometry from the
//! template functions in [`table`] and [`chart`]) and the block `uavklart` (a passage that is
//! not confirmed).
//!
//! Expansion happens before the Markdown pass and keeps every line where it was: an inline
//! shortcode becomes one line of HTML; a block's opening and `{% end %}` lines each become one
//! line (the HTML before and after its body), and the body stays Markdown of the page, so its
//! headings, links and line numbers are the page's own. Shortcodes in code are left as text.

mod call;
mod chart;
pub mod library;
mod lookup;
mod table;

pub use library::Library;

use crate::data::DataTable;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

/// A problem with a shortcode; `line` is 0-based within the Markdown given.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeError {
    pub line: usize,
    pub message: String,
    pub help: Option<String>,
}

/// Starts the line a block shortcode's HTML is written on. CommonMark ends an HTML block that
/// starts with a comment at the end of the comment's line, so the Markdown body on the next
/// line is Markdown even without a blank line between; [`Expanded::finish`] removes it again.
const BLOCK_LINE: &str = "<!--kortkode-->";

/// Markdown with its shortcodes replaced, and where the generated HTML sits in it.
#[derive(Debug, Default)]
pub struct Expanded<'m> {
    pub markdown: Cow<'m, str>,
    pub errors: Vec<ShortcodeError>,
    /// Byte ranges of `markdown` that shortcodes generated; the raw HTML policy skips them.
    pub generated: Vec<Range<usize>>,
    /// Whether a block shortcode was expanded (the HTML then has markers to remove).
    blocks: bool,
}

impl Expanded<'_> {
    /// Removes the block markers from the page's HTML.
    pub fn finish(&self, html: &mut String) {
        if self.blocks && html.contains(BLOCK_LINE) {
            *html = html.replace(BLOCK_LINE, "");
        }
    }
}

/// Makes the data functions of shortcode templates available in `tera`:
/// `data_table(data=…)` and `data_chart(data=…, y=[…])`.
pub fn register_functions(tera: &mut tera::Tera, tables: &BTreeMap<String, DataTable>) {
    let tables = Arc::new(tables.clone());
    tera.register_function("data_table", table::DataTableFunction(tables.clone()));
    tera.register_function("data_chart", chart::DataChartFunction(tables));
}

/// Byte ranges of `markdown` that are code (fenced or indented blocks of any fence length,
/// code spans of any backtick count), as pulldown-cmark sees them: a shortcode there is text.
fn code_ranges(markdown: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (event, range) in Parser::new_ext(markdown, super::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                ranges.push(block_start.take().unwrap_or(range.start)..range.end);
            }
            Event::Code(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// A block shortcode whose `{% end %}` has not come yet.
struct OpenBlock {
    name: String,
    line: usize,
    /// The HTML after the body; `None` when the opening failed (already reported).
    after: Option<String>,
}

/// The expansion of one piece of Markdown, line by line.
struct Expander<'m, 'l, 't> {
    library: &'l Library<'t>,
    out: Expanded<'m>,
    text: String,
    calls: HashMap<String, usize>,
    open: Vec<OpenBlock>,
}

impl Expander<'_, '_, '_> {
    fn error(&mut self, line: usize, (message, help): library::Failure) {
        self.out.errors.push(ShortcodeError {
            line,
            message,
            help,
        });
    }

    fn push_generated(&mut self, html: &str) {
        let start = self.text.len();
        self.text.push_str(html);
        self.out.generated.push(start..self.text.len());
    }

    fn nth(&mut self, name: &str) -> usize {
        let count = self.calls.entry(name.to_string()).or_default();
        *count += 1;
        *count
    }

    /// `{{ name(…) }}`: its HTML, or the call as written if it fails.
    fn inline(&mut self, line: usize, source: &str, whole: &str) {
        let html = call::parse(source)
            .map_err(|e| unreadable(e, "{{", source, "}}"))
            .and_then(|call| {
                let nth = self.nth(&call.name);
                self.library.render(&call, nth, false)
            });
        match html {
            Ok(html) => self.push_generated(&html),
            Err(failure) => {
                self.error(line, failure);
                self.text.push_str(whole);
            }
        }
    }

    /// `{% name(…) %}` on its own line: the HTML before the body.
    fn open_block(&mut self, line: usize, source: &str, whole: &str, alone: bool) {
        let call = match call::parse(source) {
            Ok(call) => call,
            Err(e) => {
                self.error(line, unreadable(e, "{%", source, "%}"));
                self.text.push_str(whole);
                self.open.push(OpenBlock {
                    name: source.split('(').next().unwrap_or("").trim().to_string(),
                    line,
                    after: None,
                });
                return;
            }
        };
        let nth = self.nth(&call.name);
        let split = if alone {
            self.library
                .render(&call, nth, true)
                .and_then(|html| self.split_body(&call.name, &html))
        } else {
            Err(alone_on_line(&call.name))
        };
        match split {
            Ok((before, after)) => {
                self.out.blocks = true;
                self.push_generated(&format!("{BLOCK_LINE}{before}"));
                self.open.push(OpenBlock {
                    name: call.name,
                    line,
                    after: Some(after),
                });
            }
            Err(failure) => {
                self.error(line, failure);
                self.text.push_str(whole);
                self.open.push(OpenBlock {
                    name: call.name,
                    line,
                    after: None,
                });
            }
        }
    }

    fn split_body(&self, name: &str, html: &str) -> Result<(String, String), library::Failure> {
        match html.split_once(library::BODY_MARKER) {
            Some((before, after)) if !after.contains(library::BODY_MARKER) => {
                Ok((before.to_string(), after.to_string()))
            }
            _ => {
                let file = self
                    .library
                    .file(name)
                    .map(|f| f.display().to_string())
                    .unwrap_or_default();
                Err((
                    format!(
                        "kortkoden {name} kan ikke brukes som blokk: malen {file} skriver ikke ut {{{{ body }}}} nøyaktig én gang"
                    ),
                    Some(format!(
                        "skriv {{{{ {name}(…) }}}} uten {{% end %}}, eller skriv {{{{ body }}}} der teksten skal stå i malen"
                    )),
                ))
            }
        }
    }

    /// `{% end %}`: the HTML after the body of the innermost open block.
    fn close_block(&mut self, line: usize, whole: &str, alone: bool) {
        let Some(block) = self.open.pop() else {
            self.error(
                line,
                (
                    "{% end %} uten en blokk-kortkode å avslutte".into(),
                    Some("fjern linjen, eller åpne blokken først med {% navn(…) %}".into()),
                ),
            );
            self.text.push_str(whole);
            return;
        };
        match block.after {
            Some(_) if !alone => {
                self.error(line, alone_on_line(&block.name));
                self.text.push_str(whole);
            }
            Some(after) => self.push_generated(&format!("{BLOCK_LINE}{after}")),
            None => self.text.push_str(whole),
        }
    }
}

fn unreadable(reason: String, open: &str, source: &str, close: &str) -> library::Failure {
    (
        format!("kan ikke lese kortkoden «{open} {source} {close}»: {reason}"),
        Some("skriv for eksempel {{ table(data=\"sla-2024\") }} eller {% uavklart(tittel=\"Ikke bekreftet\") %} … {% end %}".into()),
    )
}

fn alone_on_line(name: &str) -> library::Failure {
    (
        format!("blokk-kortkoden {name} og {{% end %}} må stå alene på hver sin linje"),
        Some(format!(
            "skriv {{% {name}(…) %}} på én linje, teksten på linjene under og {{% end %}} på en egen linje"
        )),
    )
}

/// Replaces every shortcode outside code with its HTML. Without a library (the templates
/// failed to load, which is reported on its own) the Markdown stays as it is.
pub fn expand<'m>(markdown: &'m str, library: Option<&Library<'_>>) -> Expanded<'m> {
    let Some(library) = library.filter(|_| markdown.contains("{{") || markdown.contains("{%"))
    else {
        return Expanded {
            markdown: Cow::Borrowed(markdown),
            ..Expanded::default()
        };
    };
    let code = code_ranges(markdown);
    let in_code = |offset: usize| code.iter().any(|r| r.contains(&offset));
    let mut x = Expander {
        library,
        out: Expanded::default(),
        text: String::with_capacity(markdown.len() + markdown.len() / 2),
        calls: HashMap::new(),
        open: Vec::new(),
    };
    let mut line_start = 0;
    for (line_no, line) in markdown.split_inclusive('\n').enumerate() {
        let mut rest = 0;
        loop {
            let next = [("{{", "}}"), ("{%", "%}")]
                .into_iter()
                .filter_map(|(o, c)| line[rest..].find(o).map(|at| (rest + at, o, c)))
                .min_by_key(|(at, _, _)| *at);
            let Some((open, opener, closer)) = next else {
                break;
            };
            let Some(close) = line[open + 2..].find(closer).map(|c| open + 2 + c) else {
                break;
            };
            x.text.push_str(&line[rest..open]);
            let whole = &line[open..close + 2];
            rest = close + 2;
            if in_code(line_start + open) {
                x.text.push_str(whole);
                continue;
            }
            let source = line[open + 2..close].trim();
            let alone = line[..open].trim().is_empty() && line[rest..].trim().is_empty();
            match (opener, source) {
                ("{{", _) => x.inline(line_no, source, whole),
                (_, "end") => x.close_block(line_no, whole, alone),
                _ => x.open_block(line_no, source, whole, alone),
            }
        }
        x.text.push_str(&line[rest..]);
        line_start += line.len();
    }
    for block in std::mem::take(&mut x.open) {
        if block.after.is_some() {
            x.error(
                block.line,
                (
                    format!("blokk-kortkoden {} mangler {{% end %}}", block.name),
                    Some("avslutt blokken med {% end %} på en egen linje etter teksten".into()),
                ),
            );
        }
    }
    let mut out = x.out;
    out.markdown = Cow::Owned(x.text);
    out
}
