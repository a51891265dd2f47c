//! `data/*.yaml` and `data/*.csv`: tables (SLA figures, PC rotation status) that templates
//! and the `table` and `chart` shortcodes show.
//!
//! A YAML file is either a list of rows (mappings) or a mapping with `title`, `source`,
//! `columns` (`{key, label}`) and `rows`. A CSV file has a header row. Empty cells and `null`
//! are missing values.

use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter::{self, YamlSource};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const DATA_DIR: &str = "data";

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Number(f64),
    Text(String),
    Missing,
}

impl Cell {
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// As shown in tables: numbers with Norwegian digit grouping and decimal comma.
    pub fn display(&self) -> String {
        match self {
            Cell::Number(n) => format_number(*n),
            Cell::Text(t) => t.clone(),
            Cell::Missing => "–".into(),
        }
    }
}

/// `1234.5` → `1 234,5`
pub fn format_number(n: f64) -> String {
    let negative = n < 0.0;
    let rounded = (n.abs() * 100.0).round() / 100.0;
    let whole = rounded.trunc() as u64;
    let fraction = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    let mut out = if negative {
        format!("−{grouped}")
    } else {
        grouped
    };
    if fraction > 0 {
        let f = format!("{fraction:02}");
        out.push(',');
        out.push_str(f.trim_end_matches('0'));
    }
    out
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DataTable {
    /// File name without extension (`sla-2024`), as shortcodes name it.
    pub name: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub columns: Vec<Column>,
    /// Each row has one cell per column.
    pub rows: Vec<Vec<Cell>>,
    #[serde(skip)]
    pub file: PathBuf,
}

impl DataTable {
    pub fn column(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    pub fn label(&self, key: &str) -> String {
        self.column(key)
            .map(|i| self.columns[i].label.clone())
            .unwrap_or_else(|| key.to_string())
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum YamlData {
    Table {
        title: Option<String>,
        source: Option<String>,
        columns: Option<Vec<Column>>,
        rows: Vec<BTreeMap<String, serde_yaml_ng::Value>>,
    },
    Rows(Vec<BTreeMap<String, serde_yaml_ng::Value>>),
}

fn cell_of(value: Option<&serde_yaml_ng::Value>) -> Cell {
    use serde_yaml_ng::Value;
    match value {
        None | Some(Value::Null) => Cell::Missing,
        Some(Value::Number(n)) => n.as_f64().map(Cell::Number).unwrap_or(Cell::Missing),
        Some(Value::String(s)) => Cell::Text(s.clone()),
        Some(Value::Bool(b)) => Cell::Text(if *b { "ja" } else { "nei" }.into()),
        Some(other) => Cell::Text(
            serde_yaml_ng::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        ),
    }
}

fn parse_yaml(name: &str, display: &Path, text: &str) -> Result<DataTable, Diagnostic> {
    let file_text: Arc<str> = text.into();
    let source = YamlSource {
        display_path: display,
        file_text: &file_text,
        yaml: text,
        yaml_line: 1,
    };
    let parsed: YamlData = source.parse().map_err(|_| {
        source
            .error(
                Code::DataInvalid,
                "datafilen må være en liste av rader, eller ha `rows` (og gjerne `title`, `source`, `columns`)",
            )
            .at(1, 1)
    })?;
    let (title, data_source, columns, rows) = match parsed {
        YamlData::Table {
            title,
            source,
            columns,
            rows,
        } => (title, source, columns, rows),
        YamlData::Rows(rows) => (None, None, None, rows),
    };
    let columns = columns.unwrap_or_else(|| {
        rows.first()
            .map(|r| {
                r.keys()
                    .map(|k| Column {
                        key: k.clone(),
                        label: k.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    let rows = rows
        .iter()
        .map(|row| columns.iter().map(|c| cell_of(row.get(&c.key))).collect())
        .collect();
    Ok(DataTable {
        name: name.to_string(),
        title,
        source: data_source,
        columns,
        rows,
        file: display.to_path_buf(),
    })
}

/// Splits one CSV line (RFC 4180 quoting; the delimiter is `,` or `;`).
fn split_csv_line(line: &str, delimiter: char) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

fn parse_csv(name: &str, display: &Path, text: &str) -> Result<DataTable, Diagnostic> {
    // Numbered before blank lines are skipped, so errors name the line in the file.
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = lines.next().ok_or_else(|| {
        Diagnostic::error(
            Code::DataEmpty,
            "CSV-filen er tom; første linje skal være kolonnenavnene",
        )
        .in_file(display)
    })?;
    let delimiter = if header.matches(';').count() > header.matches(',').count() {
        ';'
    } else {
        ','
    };
    let columns: Vec<Column> = split_csv_line(header, delimiter)
        .into_iter()
        .map(|h| Column {
            key: h.trim().to_string(),
            label: h.trim().to_string(),
        })
        .collect();
    let mut rows = Vec::new();
    for (line_number, line) in lines {
        let fields = split_csv_line(line, delimiter);
        if fields.len() != columns.len() {
            return Err(Diagnostic::error(
                Code::DataCsvColumns,
                format!(
                    "raden har {} felt, men overskriften har {}",
                    fields.len(),
                    columns.len()
                ),
            )
            .in_file(display)
            .at(line_number, 1)
            .with_source(text.into())
            .with_help("felt som inneholder skilletegnet må stå i anførselstegn"));
        }
        rows.push(
            fields
                .into_iter()
                .map(|f| {
                    let trimmed = f.trim();
                    if trimmed.is_empty() {
                        Cell::Missing
                    } else if let Ok(n) = trimmed.replace(',', ".").parse::<f64>() {
                        Cell::Number(n)
                    } else {
                        Cell::Text(trimmed.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(DataTable {
        name: name.to_string(),
        title: None,
        source: None,
        columns,
        rows,
        file: display.to_path_buf(),
    })
}

/// Reads a data file as UTF-8 text; a bad byte is reported at its line and column.
fn read_text(path: &Path, display: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|err| {
        Diagnostic::error(Code::DataIo, format!("kunne ikke lese datafilen: {err}"))
            .in_file(display)
    })?;
    String::from_utf8(bytes).map_err(|err| {
        let bytes = err.as_bytes();
        let valid = &bytes[..err.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        Diagnostic::error(Code::DataNotUtf8, "datafilen er ikke UTF-8-kodet tekst")
            .in_file(display)
            .at(line, column)
            .with_help("lagre filen som UTF-8 (i Excel: «Lagre som» → «CSV UTF-8»)")
    })
}

/// Reads every data file of the site.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> BTreeMap<String, DataTable> {
    let mut tables = BTreeMap::new();
    let dir = root.join(DATA_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return tables;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let (Some(stem), Some(ext)) = (path.file_stem(), path.extension()) else {
            continue;
        };
        let name = stem.to_string_lossy().into_owned();
        if path.file_name().and_then(|n| n.to_str()) == Some("synonymer.yaml") {
            continue; // search synonyms, read by derive::search::synonyms
        }
        let display = PathBuf::from(DATA_DIR).join(path.file_name().unwrap_or_default());
        let text = match read_text(&path, &display) {
            Ok(t) => frontmatter::normalize_text(t),
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        let parsed = match ext.to_string_lossy().as_ref() {
            "yaml" | "yml" => parse_yaml(&name, &display, &text),
            "csv" => parse_csv(&name, &display, &text),
            _ => continue,
        };
        match parsed {
            Ok(table) => {
                if tables.insert(name.clone(), table).is_some() {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::DataDuplicate,
                            format!("to datafiler heter «{name}»"),
                        )
                        .in_file(&display)
                        .with_help(
                            "gi filene ulike navn; shortcodes viser til navnet uten filendelse",
                        ),
                    );
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_table_with_columns_and_missing_values() {
        let t = parse_yaml(
            "sla",
            Path::new("data/sla.yaml"),
            "title: SLA\ncolumns:\n  - {key: maned, label: Måned}\n  - {key: ok, label: OK}\nrows:\n  - {maned: januar, ok: 445}\n  - {maned: februar, ok: null}\n",
        )
        .unwrap();
        assert_eq!(t.columns[0].label, "Måned");
        assert_eq!(
            t.rows[0],
            vec![Cell::Text("januar".into()), Cell::Number(445.0)]
        );
        assert_eq!(t.rows[1][1], Cell::Missing);
    }

    #[test]
    fn yaml_list_of_rows() {
        let t = parse_yaml(
            "x",
            Path::new("data/x.yaml"),
            "- {a: 1, b: to}\n- {a: 2, b: tre}\n",
        )
        .unwrap();
        assert_eq!(t.columns.len(), 2);
        assert_eq!(t.rows[1][0], Cell::Number(2.0));
    }

    #[test]
    fn csv_with_quotes_and_semicolons() {
        let t = parse_csv(
            "x",
            Path::new("data/x.csv"),
            "kategori;antall\n\"Tilgang; innlogging\";315\nPC;1,5\n",
        )
        .unwrap();
        assert_eq!(t.rows[0][0], Cell::Text("Tilgang; innlogging".into()));
        assert_eq!(t.rows[1][1], Cell::Number(1.5));
        let bad = parse_csv("x", Path::new("data/x.csv"), "a,b\n1,2,3\n").unwrap_err();
        assert_eq!(bad.line, 2);
        let bad = parse_csv("x", Path::new("data/x.csv"), "a,b\n\n1,2\n\n3\n").unwrap_err();
        assert_eq!(bad.line, 5, "blank lines count");
    }

    #[test]
    fn numbers_in_norwegian_format() {
        assert_eq!(format_number(1234.5), "1\u{a0}234,5");
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(-3.25), "−3,25");
    }
}
