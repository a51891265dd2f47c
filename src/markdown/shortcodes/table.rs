//! The template function `data_table(data=…, columns=[…], title=…)`: one data file as a
//! [`TableView`], its numbers already formatted the Norwegian way, for the `table` shortcode's
//! template (`templates/shortcodes/table.html`) and any other template that shows a table.

use super::lookup::{self, Problem};
use crate::data::{Cell, DataTable, format_number};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tera::Value;

/// A table as its template shows it.
#[derive(Debug, Serialize)]
pub struct TableView<'a> {
    pub caption: &'a str,
    /// Where the numbers come from (`source` of the data file).
    pub source: Option<&'a str>,
    /// Column headings.
    pub columns: Vec<&'a str>,
    pub rows: Vec<Vec<CellView<'a>>>,
}

/// One cell: `kind` tells the template how to show it (numbers right-aligned, a missing value
/// spoken as «mangler»).
#[derive(Debug, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum CellView<'a> {
    Number { text: String },
    Text { text: &'a str },
    Missing,
}

impl<'a> CellView<'a> {
    fn of(cell: &'a Cell) -> CellView<'a> {
        match cell {
            Cell::Number(n) => CellView::Number {
                text: format_number(*n),
            },
            Cell::Text(t) => CellView::Text { text: t },
            Cell::Missing => CellView::Missing,
        }
    }
}

impl<'a> TableView<'a> {
    /// The `columns` (indexes) of `table`, headed by `caption`.
    pub fn new(table: &'a DataTable, columns: &[usize], caption: &'a str) -> TableView<'a> {
        TableView {
            caption,
            source: table.source.as_deref(),
            columns: columns
                .iter()
                .map(|&c| table.columns[c].label.as_str())
                .collect(),
            rows: table
                .rows
                .iter()
                .map(|row| columns.iter().map(|&c| CellView::of(&row[c])).collect())
                .collect(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Args {
    data: String,
    /// Column keys; none means all columns.
    #[serde(default)]
    columns: Vec<String>,
    #[serde(default)]
    title: String,
}

/// `data_table(data="sla-2024", columns=["maned", "ok"], title="…")`.
pub struct DataTableFunction(pub Arc<BTreeMap<String, DataTable>>);

impl DataTableFunction {
    fn view(&self, args: &HashMap<String, Value>) -> Result<Value, Problem> {
        let args: Args = lookup::arguments("data_table", args)?;
        let table = lookup::table(&self.0, &args.data)?;
        let columns = if args.columns.is_empty() {
            (0..table.columns.len()).collect()
        } else {
            args.columns
                .iter()
                .map(|key| lookup::column(table, key))
                .collect::<Result<Vec<_>, _>>()?
        };
        let view = TableView::new(table, &columns, lookup::caption(table, &args.title));
        tera::to_value(view).map_err(|err| Problem::new(err.to_string(), None))
    }
}

impl tera::Function for DataTableFunction {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        self.view(args).map_err(tera::Error::from)
    }
}
