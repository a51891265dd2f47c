//! The requirement matrix: every requirement of every requirement document in one filterable
//! table, as CSV, and as an Excel workbook suppliers fill in (see `xlsx`).

use super::csv::{csv, yes_no};
use super::xlsx;
use super::{Report, ReportBuilder, ReportInput, pages_by_id};
use crate::date::Date;
use crate::derive::krav_history::{self, KravHistories};
use crate::markdown::links::rebase;
use crate::markdown::plain_text;
use crate::model::kinds::{KravStatus, Level};
use crate::model::{Kind, KindData};
use crate::site::Site;
use crate::text::compare_nb;
use crate::urls::{REPORTS_URL, href};
use crate::views::{KindView, RequirementView};
use serde::Serialize;

/// File name of the workbook beside the matrix page.
pub const XLSX_NAME: &str = "kravmatrise.xlsx";

/// The report's entry in the registry.
pub struct Kravmatrise;

impl ReportBuilder for Kravmatrise {
    fn slug(&self) -> &'static str {
        "kravmatrise"
    }

    fn build<'a>(&self, input: &ReportInput<'a>) -> Report<'a> {
        requirement_matrix(input)
    }
}

/// The table keys of the CSV's and the workbook's columns; the last two are the supplier's.
pub const KRAVMATRISE_CSV_HEADER: [&str; 12] = [
    "krav.document_id",
    "rk.document",
    "common.version",
    "krav.status_label",
    "common.example",
    "rk.id",
    "krav.category",
    "krav.level_label",
    "rk.csv_text",
    "rk.last_changed",
    "rk.csv_fulfilled",
    "rk.csv_comment",
];

/// A document in the matrix filter.
#[derive(Serialize)]
struct FilterDocument<'a> {
    id: &'a str,
    title: &'a str,
}

/// A status in the matrix filter.
#[derive(Serialize)]
struct FilterStatus {
    slug: KravStatus,
    label: &'static str,
}

/// An earlier version of a document in the «endret siden» filter.
#[derive(Serialize)]
struct FilterVersion<'a> {
    value: String,
    version: &'a str,
}

/// A document's earlier versions in the «endret siden» filter.
#[derive(Serialize)]
struct FilterChanged<'a> {
    document_id: &'a str,
    versions: Vec<FilterVersion<'a>>,
}

/// The choices of the matrix filter: documents, categories and statuses that occur, and
/// the earlier versions of each document with a history.
#[derive(Serialize)]
struct FilterOptions<'a> {
    documents: Vec<FilterDocument<'a>>,
    categories: Vec<&'a str>,
    statuses: Vec<FilterStatus>,
    changed: Vec<FilterChanged<'a>>,
}

/// What the matrix filter «endret siden» matches for a version of a document: one word per
/// document and version, so a row's list of them is one attribute value.
fn changed_token(document_id: &str, version: &str) -> String {
    format!(
        "{}@{}",
        krav_history::token(document_id),
        krav_history::token(version)
    )
}

/// One requirement as a row of the matrix, links relative to the report's page.
#[derive(Serialize)]
struct Row<'a> {
    document_id: &'a str,
    document: &'a str,
    document_href: String,
    version: &'a str,
    status: &'static str,
    status_slug: KravStatus,
    example: bool,
    id: &'a str,
    id_href: String,
    category: &'a str,
    level: Level,
    level_label: &'static str,
    text: String,
    /// «Ny i versjon …» / «Endret i versjon …» from Git, if any.
    change: Option<String>,
    /// The `changed_token`s of the versions this requirement changed after.
    changed_since: String,
}

/// The template's `r`.
#[derive(Serialize)]
struct View<'a> {
    rows: Vec<Row<'a>>,
    documents: usize,
    filter: FilterOptions<'a>,
    xlsx_href: Option<&'static str>,
}

fn matrix_filter_options<'a>(
    site: &'a Site,
    documents: &[usize],
    history: &'a KravHistories,
) -> FilterOptions<'a> {
    let mut changed = Vec::new();
    let mut categories: Vec<&str> = Vec::new();
    let mut statuses: Vec<KravStatus> = Vec::new();
    let mut docs = Vec::new();
    for &d in documents {
        let KindData::Krav(k) = &site.pages[d].data else {
            continue;
        };
        docs.push(FilterDocument {
            id: &k.document_id,
            title: &site.pages[d].meta.title,
        });
        if let Some(h) = history.of(&site.pages[d].source.rel_path)
            && !h.since.is_empty()
        {
            changed.push(FilterChanged {
                document_id: &k.document_id,
                versions: h
                    .since
                    .iter()
                    .map(|s| FilterVersion {
                        value: changed_token(&k.document_id, &s.version),
                        version: &s.version,
                    })
                    .collect(),
            });
        }
        if !statuses.contains(&k.status) {
            statuses.push(k.status);
        }
        for r in &k.requirements {
            if !categories.contains(&r.category.as_str()) {
                categories.push(&r.category);
            }
        }
    }
    categories.sort_by(|a, b| compare_nb(a, b));
    statuses.sort_by_key(|s| s.label());
    FilterOptions {
        documents: docs,
        categories,
        statuses: statuses
            .into_iter()
            .map(|s| FilterStatus {
                slug: s,
                label: s.label(),
            })
            .collect(),
        changed,
    }
}

fn requirement_matrix<'a>(input: &ReportInput<'a>) -> Report<'a> {
    let site = input.site;
    let language = input.language;
    let header = language.texts(KRAVMATRISE_CSV_HEADER);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let from = format!("{REPORTS_URL}kravmatrise/");
    let documents = pages_by_id(site, Kind::Krav);
    let mut rows = Vec::new();
    let mut csv_rows = Vec::new();
    let mut by_document: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for &d in &documents {
        let page = &site.pages[d];
        let KindData::Krav(k) = &page.data else {
            continue;
        };
        let first_row = csv_rows.len();
        let history = input.krav_history.of(&page.source.rel_path);
        let rendered: Vec<&RequirementView> = match input.content.fields(d) {
            KindView::Krav(view) => view.requirements().collect(),
            _ => Vec::new(),
        };
        for r in &k.requirements {
            let text_html = rendered
                .iter()
                .find(|v| v.id == r.id)
                .map(|v| rebase(&v.text, &page.url, &from))
                .unwrap_or_default();
            let mark = history.and_then(|h| h.marks.get(&r.id)).map(|m| {
                language.format(
                    &format!("krav.change.{}", language_key(&m.kind)),
                    &[("version", &m.version)],
                )
            });
            let changed: Vec<String> = history
                .map(|h| h.changed_since(&r.id))
                .unwrap_or_default()
                .into_iter()
                .map(|v| changed_token(&k.document_id, v))
                .collect();
            rows.push(Row {
                document_id: &k.document_id,
                document: &page.meta.title,
                document_href: href(&from, &page.url),
                version: &k.version,
                status: k.status.label(),
                status_slug: k.status,
                example: page.meta.example,
                id: &r.id,
                id_href: format!("{}#{}", href(&from, &page.url), r.id),
                category: &r.category,
                level: r.level,
                level_label: r.level.label(),
                text: text_html,
                change: mark.clone(),
                changed_since: changed.join(" "),
            });
            csv_rows.push(vec![
                k.document_id.clone(),
                page.meta.title.clone(),
                k.version.clone(),
                language.label_of("krav.status", &k.status),
                yes_no(page.meta.example, language),
                r.id.clone(),
                r.category.clone(),
                language.label_of("krav.level", &r.level),
                plain_text(&r.text),
                mark.unwrap_or_default(),
                String::new(),
                String::new(),
            ]);
        }
        by_document.push((k.document_id.clone(), csv_rows[first_row..].to_vec()));
    }
    let answer_columns = [
        KRAVMATRISE_CSV_HEADER.len() - 2,
        KRAVMATRISE_CSV_HEADER.len() - 1,
    ];
    // Only a failure inside the zip writer can end here; the page then simply offers no
    // spreadsheet rather than failing the whole build.
    let newest = documents
        .iter()
        .filter_map(|&d| site.pages[d].meta.updated)
        .max()
        .unwrap_or(Date {
            year: 2000,
            month: 1,
            day: 1,
        });
    let xlsx = xlsx::workbook(
        &header,
        &by_document,
        &answer_columns,
        newest,
        &xlsx::Texts::of(language),
    );
    // Sheet names and cell lengths are made valid before this; anything else the writer
    // refuses is still said, never a silently missing download.
    let (xlsx, problems) = match xlsx {
        Ok(bytes) => (Some(bytes), Vec::new()),
        Err(err) => (
            None,
            vec![
                crate::diagnostics::Diagnostic::error(
                    crate::diagnostics::Code::ReportXlsx,
                    format!("kravmatrisen kunne ikke skrives som regneark ({XLSX_NAME}): {err}"),
                )
                .in_file("rapporter/kravmatrise/")
                .with_help("kravmatrise.csv er laget som vanlig; meld feilen med kravdokumentene som ga den"),
            ],
        ),
    };
    Report {
        slug: "kravmatrise",
        template: "report_kravmatrise.html",
        view: super::view(View {
            rows,
            documents: documents.len(),
            filter: matrix_filter_options(site, &documents, input.krav_history),
            xlsx_href: xlsx.as_ref().map(|_| XLSX_NAME),
        }),
        csv: Some(("kravmatrise.csv".into(), csv(&header, &csv_rows))),
        attachments: xlsx
            .map(|bytes| (XLSX_NAME.to_string(), bytes))
            .into_iter()
            .collect(),
        problems,
    }
}

/// An enum's name as front matter and the tables write it (`endret`).
fn language_key<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
