//! What the data functions of shortcode templates share: reading their arguments into typed
//! structs, finding a data file and its columns, and a [`Problem`] that carries a Norwegian
//! message and help through Tera's error chain back to the page's line.

use crate::data::DataTable;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap};
use tera::Value;

/// A problem one of the data functions found, with what to do about it. Tera wraps it in its
/// own errors; [`super::library`] finds it again by type.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(message: impl Into<String>, help: impl Into<Option<String>>) -> Problem {
        Problem {
            message: message.into(),
            help: help.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl From<Problem> for tera::Error {
    fn from(problem: Problem) -> tera::Error {
        tera::Error::chain(problem.message.clone(), problem)
    }
}

/// The arguments Tera hands a function, as the function's own struct.
pub fn arguments<T: DeserializeOwned>(
    function: &str,
    args: &HashMap<String, Value>,
) -> Result<T, Problem> {
    let object = Value::Object(args.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
    serde_json::from_value(object).map_err(|err| {
        Problem::new(
            format!("{function}() fikk argumenter den ikke kan bruke: {err}"),
            Some(format!(
                "se hvordan malen kaller {function}(), og at argumentene til kortkoden har riktig type (tekst i \"…\", lister i […])"
            )),
        )
    })
}

/// A data file by its name, or a problem that suggests the nearest name.
pub fn table<'a>(
    tables: &'a BTreeMap<String, DataTable>,
    name: &str,
) -> Result<&'a DataTable, Problem> {
    tables.get(name).ok_or_else(|| {
        let names: Vec<&str> = tables.keys().map(String::as_str).collect();
        let help = match crate::frontmatter::did_you_mean(name, &names) {
            Some(s) => format!("mente du «{s}»?"),
            None if names.is_empty() => "legg datafilen i data/ (.yaml eller .csv)".into(),
            None => format!("datafiler i data/: {}", names.join(", ")),
        };
        Problem::new(format!("fant ingen datafil «{name}» i data/"), Some(help))
    })
}

/// The index of a column by its key.
pub fn column(table: &DataTable, key: &str) -> Result<usize, Problem> {
    table.column(key).ok_or_else(|| {
        let keys: Vec<&str> = table.columns.iter().map(|c| c.key.as_str()).collect();
        Problem::new(
            format!("datafilen «{}» har ingen kolonne «{key}»", table.name),
            Some(format!("kolonner: {}", keys.join(", "))),
        )
    })
}

/// The heading of a table or chart: the title given, else the file's title, else its name.
pub fn caption<'a>(table: &'a DataTable, title: &'a str) -> &'a str {
    if !title.is_empty() {
        title
    } else {
        table.title.as_deref().unwrap_or(&table.name)
    }
}
