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
/// `data_table(data=…)` and `data_chart(data=…, y=[…])`, the latter describing a chart in
/// words of the site's language.
pub fn register_functions(
    tera: &mut tera::Tera,
    tables: &Arc<BTreeMap<String, DataTable>>,
    translations: &Arc<crate::i18n::Translations>,
) {
    tera.register_function("data_table", table::DataTableFunction(tables.clone()));
    tera.register_function(
        "data_chart",
        chart::DataChartFunction {
            tables: tables.clone(),
            translations: translations.clone(),
        },
    );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Cell, Column};
    use std::path::PathBuf;

    fn data() -> BTreeMap<String, DataTable> {
        let table = DataTable {
            name: "sla".into(),
            title: Some("SLA per måned".into()),
            source: Some("Aktivitetsrapport".into()),
            columns: vec![
                Column {
                    key: "maned".into(),
                    label: "Måned".into(),
                },
                Column {
                    key: "ok".into(),
                    label: "SLA OK".into(),
                },
                Column {
                    key: "brudd".into(),
                    label: "SLA brudd".into(),
                },
            ],
            rows: vec![
                vec![
                    Cell::Text("januar".into()),
                    Cell::Number(445.0),
                    Cell::Number(55.0),
                ],
                vec![
                    Cell::Text("februar".into()),
                    Cell::Number(332.0),
                    Cell::Missing,
                ],
            ],
            file: PathBuf::from("data/sla.yaml"),
        };
        let empty = DataTable {
            name: "tom".into(),
            title: None,
            source: None,
            columns: Vec::new(),
            rows: vec![Vec::new(), Vec::new()],
            file: PathBuf::from("data/tom.yaml"),
        };
        BTreeMap::from([("sla".to_string(), table), ("tom".to_string(), empty)])
    }

    /// The built-in theme's shortcode templates and `extra` ones, as a site would have them.
    struct Site {
        tera: tera::Tera,
        files: HashMap<String, (PathBuf, std::sync::Arc<str>)>,
    }

    fn site(extra: &[(&str, &str)]) -> Site {
        site_in("nb", extra)
    }

    fn site_in(language: &str, extra: &[(&str, &str)]) -> Site {
        let extra = [
            extra,
            &[("shortcodes/lenke.html", "<a href=\"{{ url }}\">lenke</a>")],
        ]
        .concat();
        let mut sources: Vec<(String, String)> = crate::theme::builtin_files()
            .into_iter()
            .filter_map(|(path, bytes)| {
                let name = path.strip_prefix("templates/")?;
                name.starts_with(library::FOLDER).then(|| {
                    (
                        name.to_string(),
                        String::from_utf8_lossy(bytes).into_owned(),
                    )
                })
            })
            .collect();
        sources.extend(extra.iter().map(|(n, t)| (n.to_string(), t.to_string())));
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::text::escape_html);
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .unwrap();
        let translations = Arc::new(crate::i18n::Translations::builtin_language(language).unwrap());
        tera.register_function("t", crate::i18n::TranslateFn(translations.clone()));
        register_functions(&mut tera, &Arc::new(data()), &translations);
        let files = sources
            .iter()
            .map(|(n, t)| {
                (
                    n.clone(),
                    (PathBuf::from(format!("templates/{n}")), t.as_str().into()),
                )
            })
            .collect();
        Site { tera, files }
    }

    fn run(markdown: &str) -> Expanded<'_> {
        run_in("nb", markdown)
    }

    fn run_in<'m>(language: &str, markdown: &'m str) -> Expanded<'m> {
        let site = site_in(language, &[]);
        let library = Library::new(&site.tera, &site.files);
        let out = expand(markdown, Some(&library));
        Expanded {
            markdown: Cow::Owned(out.markdown.into_owned()),
            ..out
        }
    }

    fn html_of(out: &Expanded<'_>) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            Parser::new_ext(&out.markdown, super::super::options()),
        );
        out.finish(&mut html);
        html
    }

    #[test]
    fn the_builtin_shortcodes_are_the_theme_templates() {
        let site = site(&[("shortcodes/egen.html", "x"), ("partials/y.html", "y")]);
        let library = Library::new(&site.tera, &site.files);
        assert_eq!(
            library.names().collect::<Vec<_>>(),
            ["chart", "egen", "lenke", "table", "uavklart"]
        );
    }

    #[test]
    fn table_shortcode_renders_an_accessible_table() {
        let out = run("Før\n\n{{ table(data=\"sla\") }}\n\nEtter\n");
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let html = &out.markdown;
        assert!(html.contains("<caption>SLA per måned</caption>"));
        assert!(html.contains("<th scope=\"col\">SLA OK</th>"));
        assert!(html.contains("<td class=\"num\">445</td>"));
        assert!(html.contains("<td>januar</td>"));
        assert!(html.contains("<span class=\"visually-hidden\">mangler</span>"));
        assert!(html.contains("Kilde: Aktivitetsrapport</figcaption>"));
        assert_eq!(html.lines().count(), 5, "one line per shortcode");
        let only = run("{{ table(data=\"sla\", columns=[\"ok\"], title=\"Egen\") }}\n");
        assert!(only.markdown.contains("<caption>Egen</caption>"));
        assert!(!only.markdown.contains("januar"), "{}", only.markdown);
    }

    #[test]
    fn chart_shortcode_renders_svg_with_text_alternative() {
        let out = run(
            "{{ chart(data=\"sla\", x=\"maned\", y=[\"ok\", \"brudd\"], kind=\"bar\") }}\n\n{{ chart(data=\"sla\", y=\"ok\") }}\n",
        );
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let html = &out.markdown;
        assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\""));
        assert!(
            html.contains(
                "role=\"img\" aria-labelledby=\"diagram-1-tittel diagram-1-beskrivelse\""
            )
        );
        assert!(
            html.contains("aria-labelledby=\"diagram-2-tittel"),
            "nth numbers charts"
        );
        assert!(html.contains("Søylediagram over SLA OK og SLA brudd for hver måned. januar: SLA OK 445, SLA brudd 55; februar: SLA OK 332, SLA brudd mangler."), "{html}");
        assert_eq!(
            html.lines().next().unwrap().matches("<rect ").count(),
            3,
            "one bar per present value"
        );
        assert!(html.contains("Vis tallene som tabell"));
        assert!(html.contains("<span class=\"swatch swatch-1\"></span>SLA brudd"));
    }

    /// Every text the built-in shortcodes write themselves follows the site's language.
    #[test]
    fn shortcode_texts_follow_the_language() {
        let markdown = "{{ chart(data=\"sla\", x=\"maned\", y=[\"ok\", \"brudd\"]) }}\n\n{{ chart(data=\"sla\", y=\"ok\", kind=\"line\") }}\n\n{{ table(data=\"sla\") }}\n\n{% uavklart() %}\nTekst.\n{% end %}\n";
        let nn = run_in("nn", markdown);
        assert!(nn.errors.is_empty(), "{:?}", nn.errors);
        let html = html_of(&nn);
        for text in [
            "Søylediagram over SLA OK og SLA brudd for kvar måned. januar: SLA OK 445, SLA brudd 55; februar: SLA OK 332, SLA brudd manglar.",
            "Linjediagram over SLA OK for kvar måned.",
            "<summary>Vis tala som tabell</summary>",
            "<span class=\"visually-hidden\">manglar</span>",
            "Kjelde: Aktivitetsrapport</figcaption>",
            "</span> Ikkje stadfesta</p>",
        ] {
            assert!(html.contains(text), "{text} in {html}");
        }
        let en = run_in("en", markdown);
        assert!(en.errors.is_empty(), "{:?}", en.errors);
        let html = html_of(&en);
        for text in [
            "Bar chart of SLA OK and SLA brudd for each måned. januar: SLA OK 445, SLA brudd 55; februar: SLA OK 332, SLA brudd missing.",
            "Line chart of SLA OK for each måned.",
            "<summary>Show the numbers as a table</summary>",
            "<span class=\"visually-hidden\">missing</span>",
            "Source: Aktivitetsrapport</figcaption>",
            "</span> Not confirmed</p>",
        ] {
            assert!(html.contains(text), "{text} in {html}");
        }
        for bokmal in [
            "Søylediagram",
            "hver",
            "mangler",
            "Kilde",
            "Ikke bekreftet",
            "tallene",
        ] {
            assert!(!html.contains(bokmal), "{bokmal} in {html}");
        }
    }

    #[test]
    fn line_chart() {
        let out = run("{{ chart(data=\"sla\", x=\"maned\", y=\"ok\", kind=\"line\") }}\n");
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert!(out.markdown.contains("<polyline"));
        assert_eq!(out.markdown.matches("<circle ").count(), 2);
        assert!(out.markdown.contains("Linjediagram over SLA OK"));
    }

    #[test]
    fn a_sites_own_shortcode_gets_its_arguments_nth_and_escaping() {
        let site = site(&[(
            "shortcodes/video.html",
            "<figure class=\"video\" data-n=\"{{ nth }}\">\n  <a href=\"{{ url }}\">{{ tittel }}</a>\n  {% for t in tags %}<b>{{ t }}</b>{% endfor %}\n</figure>\n",
        )]);
        let library = Library::new(&site.tera, &site.files);
        let out = expand(
            "A\n\n{{ video(url=\"https://v.example/1\", tittel=\"<Film>\", tags=[\"a\", \"b\"]) }}\n\nB {{ video(url='x', tittel='y', tags=[]) }} C\n",
            Some(&library),
        );
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert_eq!(
            out.markdown,
            "A\n\n<figure class=\"video\" data-n=\"1\"> <a href=\"https://v.example/1\">&lt;Film&gt;</a> <b>a</b><b>b</b> </figure>\n\nB <figure class=\"video\" data-n=\"2\"> <a href=\"x\">y</a> </figure> C\n"
        );
        assert_eq!(out.generated.len(), 2);
        assert!(out.markdown[out.generated[1].clone()].starts_with("<figure"));
    }

    #[test]
    fn a_block_shortcode_keeps_its_body_markdown_and_the_lines() {
        let src = "Før.\n\n{% uavklart(tittel=\"Forslag, ikke vedtatt\") %}\nDette er **foreslått**, se [planen](plan.md).\n{% end %}\nEtter.\n\n{% uavklart() %}\n\nStandard.\n\n{% end %}\n";
        let out = run(src);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert_eq!(out.markdown.lines().count(), src.lines().count());
        assert_eq!(
            out.markdown.lines().nth(3),
            Some("Dette er **foreslått**, se [planen](plan.md)."),
            "the body stays Markdown of the page"
        );
        assert_eq!(out.generated.len(), 4);
        let html = html_of(&out);
        assert!(
            html.contains("<aside class=\"notice notice-example\" role=\"note\"><p class=\"notice-title\"><span class=\"notice-icon\" aria-hidden=\"true\">!</span> Forslag, ikke vedtatt</p>\n<p>Dette er <strong>foreslått</strong>, se <a href=\"plan.md\">planen</a>.</p>\n</aside>\n<p>Etter.</p>"),
            "{html}"
        );
        assert!(html.contains("</span> Ikke bekreftet</p>"), "default title");
        assert!(!html.contains(BLOCK_LINE), "{html}");
    }

    #[test]
    fn blocks_nest_and_hold_inline_shortcodes() {
        let site = site(&[(
            "shortcodes/boks.html",
            "<div class=\"boks\">{{ body }}</div>",
        )]);
        let library = Library::new(&site.tera, &site.files);
        let out = expand(
            "{% boks() %}\n{% uavklart() %}\n{{ table(data=\"sla\") }}\n{% end %}\n{% end %}\n",
            Some(&library),
        );
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let lines: Vec<&str> = out.markdown.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[0], "<!--kortkode--><div class=\"boks\">");
        assert!(lines[1].starts_with("<!--kortkode--><aside"));
        assert!(lines[2].starts_with("<figure class=\"data\">"));
        assert_eq!(lines[3], "<!--kortkode--></aside>");
        assert_eq!(lines[4], "<!--kortkode--></div>");
    }

    #[test]
    fn errors_name_the_line_and_what_to_do() {
        // (Markdown, line of the error, words of the message, words of the help)
        let cases: &[(&str, usize, &str, &str)] = &[
            (
                "a\n{{ bilde(data=\"sla\") }}\n",
                1,
                "ukjent kortkode «bilde»",
                "chart, lenke, table, uavklart",
            ),
            (
                "{{ tabel(data=\"sla\") }}\n",
                0,
                "ukjent kortkode «tabel»",
                "mente du «table»?",
            ),
            (
                "a\n\n{% uavklart() %}\ntekst\n",
                2,
                "uavklart mangler {% end %}",
                "egen linje",
            ),
            (
                "tekst\n{% end %}\n",
                1,
                "{% end %} uten en blokk-kortkode",
                "åpne blokken",
            ),
            (
                "Se {% uavklart() %} her\n{% end %}\n",
                0,
                "alene på hver sin linje",
                "egen linje",
            ),
            (
                "{% uavklart() %}\ntekst {% end %}\n",
                1,
                "alene på hver sin linje",
                "egen linje",
            ),
            (
                "{{ table(data=\"sal\") }}\n",
                0,
                "fant ingen datafil «sal»",
                "mente du «sla»?",
            ),
            (
                "{{ table(data=\"sla\", columns=[\"x\"]) }}\n",
                0,
                "ingen kolonne «x»",
                "kolonner: maned, ok, brudd",
            ),
            (
                "{{ table() }}\n",
                0,
                "kortkoden table mangler argumentet data",
                "table(data=\"…\")",
            ),
            (
                "{{ table(data=5) }}\n",
                0,
                "data_table() fikk argumenter den ikke kan bruke",
                "riktig type",
            ),
            (
                "{{ chart(data=\"sla\") }}\n",
                0,
                "kortkoden chart mangler argumentet y",
                "chart.html",
            ),
            (
                "{{ chart(data=\"sla\", y=[\"x\"]) }}\n",
                0,
                "ingen kolonne «x»",
                "kolonner",
            ),
            (
                "{{ chart(data=\"sla\", y=[]) }}\n",
                0,
                "ingen kolonner i y",
                "minst én kolonne",
            ),
            (
                "{{ chart(data=\"tom\", y=[\"a\"]) }}\n",
                0,
                "ingen kolonner å tegne",
                "data/tom.yaml",
            ),
            (
                "{{ chart(data=\"sla\", y=\"ok\", kind=\"kake\") }}\n",
                0,
                "ukjent diagramtype «kake»",
                "kind=\"line\"",
            ),
            (
                "{{ chart(data=\"sla\", y=\"ok\", title=[1]) }}\n",
                0,
                "data_chart() fikk argumenter",
                "riktig type",
            ),
            (
                "{{ uavklart() }}\n",
                0,
                "kortkoden uavklart mangler argumentet body",
                "uavklart.html",
            ),
            (
                "{% table(data=\"sla\") %}\n{% end %}\n",
                0,
                "table kan ikke brukes som blokk",
                "{{ body }}",
            ),
            (
                "{{ table(data=\"sla\", nth=2) }}\n",
                0,
                "nth er reservert",
                "annet navn",
            ),
            (
                "{{ table( }}\n",
                0,
                "kan ikke lese kortkoden «{{ table( }}»",
                "skriv for eksempel",
            ),
            (
                "{% uavklart(tittel=) %}\nx\n{% end %}\n",
                0,
                "mangler verdi",
                "skriv for eksempel",
            ),
            (
                "{{ uavklart(tittel=[1]) }}\n",
                0,
                "mangler argumentet body",
                "uavklart.html",
            ),
        ];
        for (src, line, message, help) in cases {
            let out = run(src);
            assert_eq!(out.errors.len(), 1, "{src}: {:?}", out.errors);
            let error = &out.errors[0];
            assert_eq!(error.line, *line, "{src}");
            assert!(error.message.contains(message), "{src}: {error:?}");
            let got = error.help.as_deref().unwrap_or("");
            assert!(got.contains(help), "{src}: {error:?}");
            assert_eq!(
                out.markdown.lines().count(),
                src.lines().count(),
                "{src}: lines kept"
            );
        }
    }

    #[test]
    fn a_wrong_argument_type_is_a_norwegian_template_error() {
        let site = site(&[("shortcodes/liste.html", "<p>{{ antall * 2 }}</p>")]);
        let library = Library::new(&site.tera, &site.files);
        let out = expand("{{ liste(antall=\"mange\") }}\n", Some(&library));
        assert_eq!(out.errors.len(), 1);
        assert!(
            out.errors[0]
                .message
                .starts_with("kortkoden liste kunne ikke gjengis: "),
            "{:?}",
            out.errors
        );
        assert!(
            out.errors[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("templates/shortcodes/liste.html")),
            "{:?}",
            out.errors
        );
    }

    #[test]
    fn shortcodes_in_code_are_left_alone() {
        let cases = [
            "```\n{{ table(data=\"sla\") }}\n```\n\nSkriv `{{ table(data=\"sla\") }}` i teksten.\n",
            "````\n```\n{{ table(data=\"sla\") }}\n```\n````\n",
            "~~~~\n~~~\n{{ table(data=\"sla\") }}\n~~~~\n",
            "```md\n~~~\n{% uavklart() %}\n```\n",
            "Tekst\n\n    {{ table(data=\"sla\") }}\n",
            "Skriv ``{{ table(data=\"sla\") }} med ` inni`` her.\n",
            "Skriv `{% end %}` for å avslutte.\n",
            "- liste\n\n  ````\n  ```\n  {{ table(data=\"sla\") }}\n  ````\n",
        ];
        for src in cases {
            let out = run(src);
            assert!(out.errors.is_empty(), "{src:?}: {:?}", out.errors);
            assert_eq!(out.markdown, src, "{src:?}");
        }
    }

    #[test]
    fn shortcode_after_a_closed_long_fence_is_expanded() {
        let out = run("````\n```\n````\n\n{{ table(data=\"sla\") }}\n");
        assert!(out.markdown.contains("<table class=\"data-table\">"));
        assert_eq!(out.generated.len(), 1);
        assert!(out.markdown[out.generated[0].clone()].starts_with("<figure"));
    }

    #[test]
    fn pages_without_shortcodes_are_not_copied() {
        let site = site(&[]);
        let library = Library::new(&site.tera, &site.files);
        let out = expand("Bare tekst { og } her.\n", Some(&library));
        assert!(matches!(out.markdown, Cow::Borrowed(_)));
        let text = "Tekst {{ ikke lukket\n";
        assert!(matches!(
            expand(text, Some(&library)).markdown,
            Cow::Owned(ref s) if s == text
        ));
        assert!(matches!(
            expand("{{ table(data=\"sla\") }}", None).markdown,
            Cow::Borrowed(_)
        ));
    }
}
