//! Shortcodes in Markdown: `{{ table(data="sla-2024") }}` and
//! `{{ chart(data="sla-2024", x="maned", y=["medium_ok", "medium_brudd"], kind="bar") }}`
//! become an accessible table and an inline SVG chart with a text alternative, at build time,
//! without JavaScript. Each shortcode becomes one line of HTML, so line numbers of the rest of
//! the page stay right.

use crate::data::{Cell, DataTable, format_number};
use crate::text::escape_html;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;

/// A problem with a shortcode; `line` is 0-based within the Markdown given.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeError {
    pub line: usize,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Text(String),
    List(Vec<String>),
}

/// Series colours, each with at least 3:1 contrast against white (WCAG 1.4.11).
const PALETTE: [&str; 6] = [
    "#00507a", "#a4161a", "#2f6b2f", "#8a4b00", "#5b2a86", "#4b5563",
];

/// Markdown with its shortcodes replaced, and where the generated HTML sits in it.
#[derive(Debug, Default)]
pub struct Expanded {
    pub markdown: String,
    pub errors: Vec<ShortcodeError>,
    /// Byte ranges of `markdown` that shortcodes generated; the raw HTML policy skips them.
    pub generated: Vec<Range<usize>>,
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

/// Replaces every shortcode outside code with its HTML.
pub fn expand(markdown: &str, data: &BTreeMap<String, DataTable>) -> Expanded {
    if !markdown.contains("{{") {
        return Expanded {
            markdown: markdown.to_string(),
            ..Expanded::default()
        };
    }
    let code = code_ranges(markdown);
    let in_code = |offset: usize| code.iter().any(|r| r.contains(&offset));
    let mut out = Expanded {
        markdown: String::with_capacity(markdown.len()),
        ..Expanded::default()
    };
    let mut charts = 0;
    let mut line_start = 0;
    for (line_no, line) in markdown.split_inclusive('\n').enumerate() {
        let mut rest = 0;
        while let Some(open) = line[rest..].find("{{").map(|o| rest + o) {
            let Some(close) = line[open..].find("}}").map(|c| open + c) else {
                break;
            };
            out.markdown.push_str(&line[rest..open]);
            let whole = &line[open..close + 2];
            if in_code(line_start + open) {
                out.markdown.push_str(whole);
            } else {
                match call(line[open + 2..close].trim(), data, &mut charts) {
                    Ok(html) => {
                        let start = out.markdown.len();
                        out.markdown.push_str(&html);
                        out.generated.push(start..out.markdown.len());
                    }
                    Err((message, help)) => {
                        out.errors.push(ShortcodeError {
                            line: line_no,
                            message,
                            help,
                        });
                        out.markdown.push_str(whole);
                    }
                }
            }
            rest = close + 2;
        }
        out.markdown.push_str(&line[rest..]);
        line_start += line.len();
    }
    out
}

type CallError = (String, Option<String>);

fn call(
    source: &str,
    data: &BTreeMap<String, DataTable>,
    charts: &mut usize,
) -> Result<String, CallError> {
    let (name, args) = parse_call(source).ok_or_else(|| {
        (
            format!("kan ikke lese kortkoden «{{{{ {source} }}}}»"),
            Some("skriv for eksempel {{ table(data=\"sla-2024\") }}".into()),
        )
    })?;
    let table_name = match args.get("data") {
        Some(Arg::Text(t)) => t.clone(),
        _ => return Err((format!("kortkoden {name} mangler data=\"filnavn\""), None)),
    };
    let table = data.get(&table_name).ok_or_else(|| {
        let names: Vec<&str> = data.keys().map(String::as_str).collect();
        let help = match crate::frontmatter::did_you_mean(&table_name, &names) {
            Some(s) => format!("mente du «{s}»?"),
            None => format!("datafiler i data/: {}", names.join(", ")),
        };
        (
            format!("fant ingen datafil «{table_name}» i data/"),
            Some(help),
        )
    })?;
    let column = |key: &str| -> Result<usize, CallError> {
        table.column(key).ok_or_else(|| {
            let keys: Vec<&str> = table.columns.iter().map(|c| c.key.as_str()).collect();
            (
                format!("datafilen «{table_name}» har ingen kolonne «{key}»"),
                Some(format!("kolonner: {}", keys.join(", "))),
            )
        })
    };
    match name.as_str() {
        "table" => {
            let columns = match args.get("columns") {
                Some(Arg::List(keys)) => keys
                    .iter()
                    .map(|k| column(k))
                    .collect::<Result<Vec<_>, _>>()?,
                _ => (0..table.columns.len()).collect(),
            };
            Ok(table_html(table, &columns, text_arg(&args, "title")))
        }
        "chart" => {
            if table.columns.is_empty() {
                return Err((
                    format!("datafilen «{table_name}» har ingen kolonner å tegne"),
                    Some(format!(
                        "gi {} minst to kolonner (kategori og tall) og minst én rad",
                        table.file.display()
                    )),
                ));
            }
            let x = match args.get("x") {
                Some(Arg::Text(x)) => column(x)?,
                _ => 0,
            };
            let ys = match args.get("y") {
                Some(Arg::List(keys)) => keys
                    .iter()
                    .map(|k| column(k))
                    .collect::<Result<Vec<_>, _>>()?,
                Some(Arg::Text(key)) => vec![column(key)?],
                None => return Err(("kortkoden chart mangler y=[\"kolonne\", …]".into(), None)),
            };
            if ys.is_empty() {
                return Err((
                    "kortkoden chart har ingen kolonner i y".into(),
                    Some("skriv y=[\"kolonne\"] med minst én kolonne med tall".into()),
                ));
            }
            let kind = text_arg(&args, "kind").unwrap_or("bar");
            if kind != "bar" && kind != "line" {
                return Err((
                    format!("ukjent diagramtype «{kind}»"),
                    Some("bruk kind=\"bar\" eller kind=\"line\"".into()),
                ));
            }
            *charts += 1;
            Ok(chart_html(
                table,
                x,
                &ys,
                kind == "line",
                text_arg(&args, "title"),
                *charts,
            ))
        }
        other => Err((
            format!("ukjent kortkode «{other}»"),
            Some("tilgjengelige kortkoder: table, chart".into()),
        )),
    }
}

fn text_arg<'a>(args: &'a BTreeMap<String, Arg>, key: &str) -> Option<&'a str> {
    match args.get(key) {
        Some(Arg::Text(t)) => Some(t.as_str()),
        _ => None,
    }
}

/// `name(key="v", list=["a", "b"])`
fn parse_call(source: &str) -> Option<(String, BTreeMap<String, Arg>)> {
    let open = source.find('(')?;
    let name = source[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let body = source[open + 1..].trim_end().strip_suffix(')')?;
    let mut args = BTreeMap::new();
    let mut rest = body.trim();
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let key = rest[..eq].trim().to_string();
        rest = rest[eq + 1..].trim_start();
        let (value, after) = if let Some(list) = rest.strip_prefix('[') {
            let end = list.find(']')?;
            let items = list[..end]
                .split(',')
                .map(|s| s.trim().trim_matches('"').to_string())
                .filter(|s| !s.is_empty())
                .collect();
            (Arg::List(items), &list[end + 1..])
        } else if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"')?;
            (Arg::Text(quoted[..end].to_string()), &quoted[end + 1..])
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            (Arg::Text(rest[..end].trim().to_string()), &rest[end..])
        };
        args.insert(key, value);
        rest = after
            .trim_start()
            .strip_prefix(',')
            .unwrap_or(after)
            .trim_start();
    }
    Some((name.to_string(), args))
}

fn cell_html(cell: &Cell) -> String {
    match cell {
        Cell::Number(n) => format!("<td class=\"num\">{}</td>", format_number(*n)),
        Cell::Text(t) => format!("<td>{}</td>", escape_html(t)),
        Cell::Missing => "<td class=\"num\"><span aria-hidden=\"true\">–</span><span class=\"visually-hidden\">mangler</span></td>".into(),
    }
}

fn table_html(table: &DataTable, columns: &[usize], title: Option<&str>) -> String {
    let caption = title
        .map(str::to_string)
        .or_else(|| table.title.clone())
        .unwrap_or_else(|| table.name.clone());
    let mut html = format!(
        "<figure class=\"data\"><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\"><table class=\"data-table\"><caption>{}</caption><thead><tr>",
        escape_html(&caption),
        escape_html(&caption)
    );
    for &c in columns {
        html.push_str(&format!(
            "<th scope=\"col\">{}</th>",
            escape_html(&table.columns[c].label)
        ));
    }
    html.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        html.push_str("<tr>");
        for &c in columns {
            html.push_str(&cell_html(&row[c]));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    if let Some(source) = &table.source {
        html.push_str(&format!(
            "<figcaption class=\"data-source\">Kilde: {}</figcaption>",
            escape_html(source)
        ));
    }
    html.push_str("</figure>");
    html
}

/// A round upper bound for the axis: 1, 2 or 5 times a power of ten.
fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|v| *v >= max)
        .unwrap_or(10.0 * power)
}

fn chart_html(
    table: &DataTable,
    x: usize,
    ys: &[usize],
    line: bool,
    title: Option<&str>,
    number: usize,
) -> String {
    let (width, height) = (640.0, 320.0);
    let (left, right, top, bottom) = (56.0, 12.0, 12.0, 64.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let categories: Vec<String> = table.rows.iter().map(|r| r[x].display()).collect();
    let max = table
        .rows
        .iter()
        .flat_map(|r| ys.iter().filter_map(|&y| r[y].number()))
        .fold(0.0, f64::max);
    let top_value = nice_max(max);
    let scale = |v: f64| top + plot_h - v / top_value * plot_h;
    let id = format!("diagram-{number}");
    let caption = title
        .map(str::to_string)
        .or_else(|| table.title.clone())
        .unwrap_or_else(|| table.name.clone());
    let series_names: Vec<String> = ys.iter().map(|&y| table.columns[y].label.clone()).collect();

    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-tittel {id}-beskrivelse\"><title id=\"{id}-tittel\">{}</title><desc id=\"{id}-beskrivelse\">{}</desc>",
        escape_html(&caption),
        escape_html(&describe(table, x, ys, line))
    );
    for tick in 0..=4 {
        let value = top_value * f64::from(tick) / 4.0;
        let y = scale(value);
        svg.push_str(&format!(
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#c9d1d9\" stroke-width=\"1\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"12\" fill=\"#1f2328\">{}</text>",
            width - right,
            left - 6.0,
            y + 4.0,
            format_number(value)
        ));
    }
    let n = categories.len().max(1) as f64;
    let group = plot_w / n;
    let rotate = categories.len() > 6;
    for (i, category) in categories.iter().enumerate() {
        let cx = left + group * (i as f64 + 0.5);
        let transform = if rotate {
            format!(
                " transform=\"rotate(-35 {cx:.1} {:.1})\"",
                top + plot_h + 16.0
            )
        } else {
            String::new()
        };
        let anchor = if rotate { "end" } else { "middle" };
        svg.push_str(&format!(
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" font-size=\"12\" fill=\"#1f2328\"{transform}>{}</text>",
            top + plot_h + 16.0,
            escape_html(category)
        ));
    }
    for (s, &y) in ys.iter().enumerate() {
        let color = PALETTE[s % PALETTE.len()];
        if line {
            let points: Vec<String> = table
                .rows
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    r[y].number()
                        .map(|v| format!("{:.1},{:.1}", left + group * (i as f64 + 0.5), scale(v)))
                })
                .collect();
            svg.push_str(&format!(
                "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2.5\" points=\"{}\"/>",
                points.join(" ")
            ));
            for point in &points {
                let (px, py) = point.split_once(',').unwrap_or(("0", "0"));
                svg.push_str(&format!(
                    "<circle cx=\"{px}\" cy=\"{py}\" r=\"3.5\" fill=\"{color}\"/>"
                ));
            }
        } else {
            let bar = group * 0.8 / ys.len() as f64;
            for (i, row) in table.rows.iter().enumerate() {
                let Some(v) = row[y].number() else { continue };
                let bx = left + group * i as f64 + group * 0.1 + bar * s as f64;
                let by = scale(v);
                svg.push_str(&format!(
                    "<rect x=\"{bx:.1}\" y=\"{by:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{color}\"/>",
                    (bar - 1.0).max(1.0),
                    (top + plot_h - by).max(0.0)
                ));
            }
        }
    }
    svg.push_str(&format!(
        "<line x1=\"{left}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#1f2328\" stroke-width=\"1\"/></svg>",
        width - right,
        top + plot_h,
        top + plot_h
    ));
    let legend: String = series_names
        .iter()
        .enumerate()
        .map(|(s, name)| {
            // A class, not a style attribute: the Content-Security-Policy forbids inline styles.
            format!(
                "<li><span class=\"swatch swatch-{}\"></span>{}</li>",
                s % PALETTE.len(),
                escape_html(name)
            )
        })
        .collect();
    let mut columns = vec![x];
    columns.extend_from_slice(ys);
    format!(
        "<figure class=\"chart-figure\">{svg}<ul class=\"chart-legend\" aria-hidden=\"true\">{legend}</ul><details class=\"chart-data\"><summary>Vis tallene som tabell</summary>{}</details><figcaption>{}</figcaption></figure>",
        table_html(table, &columns, Some(&caption)),
        escape_html(&caption)
    )
}

/// The text alternative of a chart: what it shows and every value, in words.
fn describe(table: &DataTable, x: usize, ys: &[usize], line: bool) -> String {
    let kind = if line {
        "Linjediagram"
    } else {
        "Søylediagram"
    };
    let series: Vec<String> = ys.iter().map(|&y| table.columns[y].label.clone()).collect();
    let mut text = format!(
        "{kind} over {} for hver {}. ",
        series.join(" og "),
        table.columns[x].label.to_lowercase()
    );
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|r| {
            let values: Vec<String> = ys
                .iter()
                .map(|&y| match &r[y] {
                    Cell::Missing => format!("{} mangler", table.columns[y].label),
                    cell => format!("{} {}", table.columns[y].label, cell.display()),
                })
                .collect();
            format!("{}: {}", r[x].display(), values.join(", "))
        })
        .collect();
    text.push_str(&rows.join("; "));
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Column;
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
        BTreeMap::from([("sla".to_string(), table)])
    }

    #[test]
    fn table_shortcode_renders_an_accessible_table() {
        let Expanded {
            markdown: html,
            errors,
            ..
        } = expand("Før\n\n{{ table(data=\"sla\") }}\n\nEtter\n", &data());
        assert!(errors.is_empty(), "{errors:?}");
        assert!(html.contains("<caption>SLA per måned</caption>"));
        assert!(html.contains("<th scope=\"col\">SLA OK</th>"));
        assert!(html.contains("<td class=\"num\">445</td>"));
        assert!(html.contains("mangler"), "missing value is spoken");
        assert_eq!(
            html.lines().count(),
            5,
            "one line per shortcode keeps line numbers"
        );
    }

    #[test]
    fn chart_shortcode_renders_svg_with_text_alternative() {
        let Expanded {
            markdown: html,
            errors,
            ..
        } = expand(
            "{{ chart(data=\"sla\", x=\"maned\", y=[\"ok\", \"brudd\"], kind=\"bar\") }}\n",
            &data(),
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\""));
        assert!(
            html.contains(
                "role=\"img\" aria-labelledby=\"diagram-1-tittel diagram-1-beskrivelse\""
            )
        );
        assert!(html.contains("Søylediagram over SLA OK og SLA brudd for hver måned. januar: SLA OK 445, SLA brudd 55; februar: SLA OK 332, SLA brudd mangler."), "{html}");
        assert_eq!(
            html.matches("<rect ").count(),
            3,
            "one bar per present value"
        );
        assert!(html.contains("Vis tallene som tabell"));
    }

    #[test]
    fn line_chart_and_errors() {
        let Expanded {
            markdown: html,
            errors,
            ..
        } = expand(
            "{{ chart(data=\"sla\", x=\"maned\", y=\"ok\", kind=\"line\") }}\n",
            &data(),
        );
        assert!(errors.is_empty());
        assert!(html.contains("<polyline"));
        let Expanded { errors, .. } = expand(
            "a\n{{ table(data=\"sal\") }}\n{{ chart(data=\"sla\", y=[\"x\"]) }}\n{{ bilde(data=\"sla\") }}\n",
            &data(),
        );
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[0].line, 1);
        assert_eq!(errors[0].help.as_deref(), Some("mente du «sla»?"));
        assert!(errors[1].message.contains("ingen kolonne «x»"));
        assert!(errors[2].message.contains("ukjent kortkode «bilde»"));
    }

    #[test]
    fn shortcodes_in_code_are_left_alone() {
        let src =
            "```\n{{ table(data=\"sla\") }}\n```\n\nSkriv `{{ table(data=\"sla\") }}` i teksten.\n";
        let Expanded {
            markdown: html,
            errors,
            ..
        } = expand(src, &data());
        assert!(errors.is_empty());
        assert_eq!(html, src);
    }

    #[test]
    fn shortcodes_in_fences_of_any_length_are_left_alone() {
        let cases = [
            "````\n```\n{{ table(data=\"sla\") }}\n```\n````\n",
            "~~~~\n~~~\n{{ table(data=\"sla\") }}\n~~~~\n",
            "```md\n~~~\n{{ table(data=\"sla\") }}\n```\n",
            "Tekst\n\n    {{ table(data=\"sla\") }}\n",
            "Skriv ``{{ table(data=\"sla\") }} med ` inni`` her.\n",
            "- liste\n\n  ````\n  ```\n  {{ table(data=\"sla\") }}\n  ````\n",
        ];
        for src in cases {
            let Expanded {
                markdown, errors, ..
            } = expand(src, &data());
            assert!(errors.is_empty(), "{src:?}: {errors:?}");
            assert_eq!(markdown, src, "{src:?}");
        }
    }

    #[test]
    fn shortcode_after_a_closed_long_fence_is_expanded() {
        let src = "````\n```\n````\n\n{{ table(data=\"sla\") }}\n";
        let out = expand(src, &data());
        assert!(
            out.markdown.contains("<table class=\"data-table\">"),
            "{}",
            out.markdown
        );
        assert_eq!(out.generated.len(), 1);
        assert!(out.markdown[out.generated[0].clone()].starts_with("<figure"));
    }

    #[test]
    fn charts_of_tables_without_columns_are_errors() {
        let mut tables = data();
        tables.insert(
            "tom".into(),
            DataTable {
                name: "tom".into(),
                title: None,
                source: None,
                columns: Vec::new(),
                rows: vec![Vec::new(), Vec::new()],
                file: PathBuf::from("data/tom.yaml"),
            },
        );
        let cases = [
            ("{{ chart(data=\"tom\", y=[\"a\"]) }}", "ingen kolonne"),
            ("{{ chart(data=\"tom\", y=[]) }}", "ingen kolonner å tegne"),
            ("{{ chart(data=\"sla\", y=[]) }}", "ingen kolonner i y"),
            ("{{ chart(data=\"tom\") }}", "ingen kolonner å tegne"),
        ];
        for (src, expected) in cases {
            let out = expand(src, &tables);
            assert_eq!(out.errors.len(), 1, "{src}");
            assert!(
                out.errors[0].message.contains(expected),
                "{src}: {:?}",
                out.errors
            );
        }
        assert!(
            expand("{{ table(data=\"tom\") }}", &tables)
                .errors
                .is_empty()
        );
    }
}
