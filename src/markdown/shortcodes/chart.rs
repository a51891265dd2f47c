//! The template function `data_chart(data=…, x=…, y=[…], kind=…, title=…, nth=…)`: the
//! geometry of a bar or line chart of one data file as a [`ChartView`] (axis ticks, category
//! labels, bars or points per series, coordinates formatted for SVG attributes) and its text
//! alternative in words, for the `chart` shortcode's template (`templates/shortcodes/chart.html`).
//! The template only writes the markup.

use super::lookup::{self, Problem};
use crate::data::{Cell, DataTable, format_number};
use crate::i18n::Translations;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tera::Value;

/// Series colours, each with at least 3:1 contrast against white (WCAG 1.4.11). The theme's
/// legend swatches (`.swatch-N`) have the same colours.
const PALETTE: [&str; 6] = [
    "#00507a", "#a4161a", "#2f6b2f", "#8a4b00", "#5b2a86", "#4b5563",
];

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 320.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 64.0;

/// A chart as its template draws it. Coordinates are strings, formatted as the SVG needs them.
#[derive(Debug, Serialize)]
pub struct ChartView<'a> {
    /// Prefix of the ids of the SVG's title and description, unique on the page.
    pub id: String,
    pub caption: &'a str,
    /// The text alternative: what the chart shows and every value, in words.
    pub description: String,
    pub line: bool,
    pub width: String,
    pub height: String,
    /// Left and right ends of the horizontal grid lines.
    pub left: String,
    pub right: String,
    /// Where the tick labels end (they are right-aligned).
    pub tick_label_x: String,
    /// The y of the x axis.
    pub axis_y: String,
    pub ticks: Vec<Tick>,
    pub categories: Vec<Category>,
    pub series: Vec<Series<'a>>,
    /// Column keys of the chart's numbers as a table: the category column, then the series.
    pub table_columns: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct Tick {
    pub y: String,
    pub label_y: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct Category {
    pub x: String,
    pub y: String,
    pub label: String,
    /// Many categories are written at an angle so they do not overlap.
    pub rotate: bool,
}

#[derive(Debug, Serialize)]
pub struct Series<'a> {
    pub name: &'a str,
    pub color: &'static str,
    /// The legend's swatch class number (`swatch-N`).
    pub swatch: usize,
    /// A line chart's `points` attribute.
    pub points: String,
    pub circles: Vec<Point>,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Serialize)]
pub struct Point {
    pub x: String,
    pub y: String,
}

#[derive(Debug, Serialize)]
pub struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Columns {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Args {
    data: String,
    /// The category column; empty means the first.
    #[serde(default)]
    x: String,
    y: Columns,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    /// The how-manieth chart on the page, for unique ids.
    #[serde(default)]
    nth: usize,
}

/// `data_chart(data="sla-2024", x="maned", y=["ok", "brudd"], kind="bar", title="…", nth=1)`.
/// The text alternative is written in the site's language, from its translation table.
pub struct DataChartFunction {
    pub tables: Arc<BTreeMap<String, DataTable>>,
    pub translations: Arc<Translations>,
}

impl DataChartFunction {
    fn view(&self, args: &HashMap<String, Value>) -> Result<Value, Problem> {
        let args: Args = lookup::arguments("data_chart", args)?;
        let table = lookup::table(&self.tables, &args.data)?;
        if table.columns.is_empty() {
            return Err(Problem::new(
                format!("datafilen «{}» har ingen kolonner å tegne", table.name),
                Some(format!(
                    "gi {} minst to kolonner (kategori og tall) og minst én rad",
                    table.file.display()
                )),
            ));
        }
        let x = if args.x.is_empty() {
            0
        } else {
            lookup::column(table, &args.x)?
        };
        let keys = match &args.y {
            Columns::One(key) => std::slice::from_ref(key),
            Columns::Many(keys) => keys.as_slice(),
        };
        let ys = keys
            .iter()
            .map(|key| lookup::column(table, key))
            .collect::<Result<Vec<_>, _>>()?;
        if ys.is_empty() {
            return Err(Problem::new(
                "kortkoden chart har ingen kolonner i y",
                Some("skriv y=[\"kolonne\"] med minst én kolonne med tall".to_string()),
            ));
        }
        let line = match args.kind.as_str() {
            "" | "bar" => false,
            "line" => true,
            other => {
                return Err(Problem::new(
                    format!("ukjent diagramtype «{other}»"),
                    Some("bruk kind=\"bar\" eller kind=\"line\"".to_string()),
                ));
            }
        };
        let caption = lookup::caption(table, &args.title);
        let view = chart(
            table,
            (x, &ys),
            line,
            caption,
            args.nth.max(1),
            &self.translations,
        );
        tera::to_value(view).map_err(|err| Problem::new(err.to_string(), None))
    }
}

impl tera::Function for DataChartFunction {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        self.view(args).map_err(tera::Error::from)
    }
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

fn chart<'a>(
    table: &'a DataTable,
    (x, ys): (usize, &[usize]),
    line: bool,
    caption: &'a str,
    number: usize,
    texts: &Translations,
) -> ChartView<'a> {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let max = table
        .rows
        .iter()
        .flat_map(|r| ys.iter().filter_map(|&y| r[y].number()))
        .fold(0.0, f64::max);
    let top_value = nice_max(max);
    let scale = |v: f64| TOP + plot_h - v / top_value * plot_h;
    let ticks = (0..=4)
        .map(|tick| {
            let value = top_value * f64::from(tick) / 4.0;
            let y = scale(value);
            Tick {
                y: format!("{y:.1}"),
                label_y: format!("{:.1}", y + 4.0),
                label: format_number(value),
            }
        })
        .collect();
    let group = plot_w / table.rows.len().max(1) as f64;
    let rotate = table.rows.len() > 6;
    let label_y = format!("{:.1}", TOP + plot_h + 16.0);
    let categories = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| Category {
            x: format!("{:.1}", LEFT + group * (i as f64 + 0.5)),
            y: label_y.clone(),
            label: row[x].display(),
            rotate,
        })
        .collect();
    let series = ys
        .iter()
        .enumerate()
        .map(|(s, &y)| {
            let color = PALETTE[s % PALETTE.len()];
            let mut series = Series {
                name: &table.columns[y].label,
                color,
                swatch: s % PALETTE.len(),
                points: String::new(),
                circles: Vec::new(),
                bars: Vec::new(),
            };
            if line {
                series.circles = table
                    .rows
                    .iter()
                    .enumerate()
                    .filter_map(|(i, r)| {
                        r[y].number().map(|v| Point {
                            x: format!("{:.1}", LEFT + group * (i as f64 + 0.5)),
                            y: format!("{:.1}", scale(v)),
                        })
                    })
                    .collect();
                series.points = series
                    .circles
                    .iter()
                    .map(|p| format!("{},{}", p.x, p.y))
                    .collect::<Vec<_>>()
                    .join(" ");
            } else {
                let bar = group * 0.8 / ys.len() as f64;
                series.bars = table
                    .rows
                    .iter()
                    .enumerate()
                    .filter_map(|(i, row)| {
                        let v = row[y].number()?;
                        let bx = LEFT + group * i as f64 + group * 0.1 + bar * s as f64;
                        let by = scale(v);
                        Some(Bar {
                            x: format!("{bx:.1}"),
                            y: format!("{by:.1}"),
                            width: format!("{:.1}", (bar - 1.0).max(1.0)),
                            height: format!("{:.1}", (TOP + plot_h - by).max(0.0)),
                        })
                    })
                    .collect();
            }
            series
        })
        .collect();
    let mut table_columns = vec![table.columns[x].key.as_str()];
    table_columns.extend(ys.iter().map(|&y| table.columns[y].key.as_str()));
    ChartView {
        id: format!("diagram-{number}"),
        caption,
        description: describe(table, x, ys, line, texts),
        line,
        width: WIDTH.to_string(),
        height: HEIGHT.to_string(),
        left: LEFT.to_string(),
        right: (WIDTH - RIGHT).to_string(),
        tick_label_x: (LEFT - 6.0).to_string(),
        axis_y: format!("{:.1}", TOP + plot_h),
        ticks,
        categories,
        series,
        table_columns,
    }
}

/// The text alternative of a chart: what it shows and every value, in words.
fn describe(table: &DataTable, x: usize, ys: &[usize], line: bool, texts: &Translations) -> String {
    let kind = texts.text(if line {
        "shortcode.line_chart"
    } else {
        "shortcode.bar_chart"
    });
    let series: Vec<&str> = ys
        .iter()
        .map(|&y| table.columns[y].label.as_str())
        .collect();
    let and = format!(" {} ", texts.text("shortcode.and"));
    let mut text = texts.format(
        "shortcode.chart_summary",
        &[
            ("kind", kind),
            ("series", &series.join(&and)),
            ("category", &table.columns[x].label.to_lowercase()),
        ],
    );
    text.push(' ');
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|r| {
            let values: Vec<String> = ys
                .iter()
                .map(|&y| match &r[y] {
                    Cell::Missing => texts.format(
                        "shortcode.value_missing",
                        &[("column", &table.columns[y].label)],
                    ),
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

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(445.0), 500.0);
        assert_eq!(nice_max(120.0), 200.0);
        assert_eq!(nice_max(10.0), 10.0);
        assert_eq!(nice_max(0.3), 0.5);
    }
}
