//! Reports, each a page of the site and, where a table is useful outside the browser, a CSV
//! file beside it: the requirement matrix, the service overview, the processing-record
//! overview, content health and the contingency binder. Reports about internal content
//! exist only in the internal build.

use crate::date::Date;
use crate::derive::glossary::Glossary;
use crate::derive::krav_history::{self, KravHistories};
use crate::derive::search::analyzer::with_analyzer;
use crate::layout::href;
use crate::markdown::links::{rebase, rebase_json};
use crate::markdown::plain_text;
use crate::model::kinds::{Agreement, Behandling, KravStatus};
use crate::model::{Area, Choice, Kind, KindData, Municipality};
use crate::render::RenderedContent;
use crate::site::{Site, Target};
use crate::text::compare_nb;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashSet};

pub mod kravmatrise;

/// Site path of the reports' index page.
pub const REPORTS_URL: &str = "rapporter/";

/// One generated report.
pub struct Report {
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub template: &'static str,
    /// Values for the template, links relative to the report's page.
    pub context: Value,
    /// File name and text of the CSV beside the page.
    pub csv: Option<(String, String)>,
    /// Other files beside the page (file name, bytes), such as a spreadsheet.
    pub attachments: Vec<(String, Vec<u8>)>,
}

impl Report {
    pub fn url(&self) -> String {
        format!("{REPORTS_URL}{}/", self.slug)
    }

    /// Every file beside the page, as (site path, bytes).
    pub fn files(&self) -> Vec<(String, &[u8])> {
        let csv = self.csv.iter().map(|(name, text)| (name, text.as_bytes()));
        let other = self
            .attachments
            .iter()
            .map(|(name, bytes)| (name, bytes.as_slice()));
        csv.chain(other)
            .map(|(name, bytes)| (format!("{}{name}", self.url()), bytes))
            .collect()
    }
}

/// What reports read besides the site.
pub struct ReportInput<'a> {
    pub site: &'a Site,
    pub content: &'a RenderedContent,
    pub glossary: &'a Glossary,
    pub used_on: &'a [Vec<usize>],
    pub krav_history: &'a KravHistories,
    pub today: Date,
}

/// A cell a spreadsheet would run as a formula (CSV injection, OWASP): it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width forms), and is not
/// simply a number. Such a cell gets a leading `'` so spreadsheets show it as text.
fn neutralised(field: &str) -> std::borrow::Cow<'_, str> {
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']);
    let number = field.replacen(',', ".", 1).parse::<f64>().is_ok()
        && field
            .chars()
            .all(|c| c.is_ascii_digit() || "+-,.".contains(c));
    if risky && !number {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

/// A CSV document as spreadsheets in Norway expect it: UTF-8 with byte-order mark, `;`
/// between fields (the comma is the decimal sign), CRLF line ends. Cells that would run as
/// formulas are neutralised.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    let line = |fields: &mut dyn Iterator<Item = &str>| -> String {
        fields
            .map(|f| {
                let f = neutralised(f);
                if f.starts_with('\'') || f.contains([';', '"', '\n', '\r']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(";")
    };
    out.push_str(&line(&mut header.iter().copied()));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
        out.push_str("\r\n");
    }
    out
}

fn pages_of(site: &Site, kind: Kind) -> Vec<usize> {
    (0..site.pages.len())
        .filter(|&i| site.pages[i].kind == kind)
        .collect()
}

/// How a CSV says whether a page is an example.
fn yes_no(value: bool) -> String {
    if value { "ja" } else { "nei" }.to_string()
}

/// Pages of a kind in order of their id (document id, service id).
fn pages_by_id(site: &Site, kind: Kind) -> Vec<usize> {
    let id = |i: usize| match &site.pages[i].data {
        KindData::Krav(k) => k.document_id.as_str(),
        KindData::Tjeneste(t) => t.service_id.as_str(),
        _ => "",
    };
    let mut pages = pages_of(site, kind);
    pages.sort_by(|&a, &b| id(a).cmp(id(b)));
    pages
}

pub fn reports(input: &ReportInput<'_>) -> Vec<Report> {
    let mut reports = vec![requirement_matrix(input), service_overview(input)];
    if input.site.target == Target::Internal {
        reports.push(processing_records(input));
        reports.push(content_health(input));
        reports.push(contingency_binder(input));
    }
    reports
}

pub const KRAVMATRISE_CSV_HEADER: [&str; 12] = [
    "Dokument-ID",
    "Dokument",
    "Versjon",
    "Status",
    "Eksempel",
    "Krav-ID",
    "Kategori",
    "Nivå",
    "Kravtekst",
    "Sist endret",
    "Oppfylt (ja/nei/delvis)",
    "Leverandørens kommentar",
];

/// What the matrix filter «endret siden» matches for a version of a document: one word per
/// document and version, so a row's list of them is one attribute value.
fn changed_token(document_id: &str, version: &str) -> String {
    format!(
        "{}@{}",
        krav_history::token(document_id),
        krav_history::token(version)
    )
}

/// The choices of the matrix filter: documents, categories and statuses that occur, and
/// the earlier versions of each document with a history.
fn matrix_filter_options(site: &Site, documents: &[usize], history: &KravHistories) -> Value {
    let mut changed = Vec::new();
    let mut categories: Vec<&str> = Vec::new();
    let mut statuses: Vec<KravStatus> = Vec::new();
    let mut docs = Vec::new();
    for &d in documents {
        let KindData::Krav(k) = &site.pages[d].data else {
            continue;
        };
        docs.push(json!({ "id": k.document_id, "title": site.pages[d].meta.title }));
        if let Some(h) = history.of(&site.pages[d].source.rel_path)
            && !h.since.is_empty()
        {
            changed.push(json!({
                "document_id": k.document_id,
                "versions": h.since.iter().map(|s| json!({
                    "value": changed_token(&k.document_id, &s.version),
                    "version": s.version,
                })).collect::<Vec<_>>(),
            }));
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
    json!({
        "documents": docs,
        "categories": categories,
        "statuses": statuses.iter().map(|s| json!({ "slug": s, "label": s.label() })).collect::<Vec<_>>(),
        "changed": changed,
    })
}

fn requirement_matrix(input: &ReportInput<'_>) -> Report {
    let site = input.site;
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
        let rendered: Vec<Value> = input.content.pages[d].fields["categories"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["requirements"].as_array().cloned().unwrap_or_default())
            .collect();
        for r in &k.requirements {
            let text_html = rendered
                .iter()
                .find(|v| v["id"] == r.id.as_str())
                .and_then(|v| v["text"].as_str())
                .map(|html| rebase(html, &page.url, &from))
                .unwrap_or_default();
            let mark = history
                .and_then(|h| h.marks.get(&r.id))
                .map(|m| m.label.clone());
            let changed: Vec<String> = history
                .map(|h| h.changed_since(&r.id))
                .unwrap_or_default()
                .into_iter()
                .map(|v| changed_token(&k.document_id, v))
                .collect();
            rows.push(json!({
                "document_id": k.document_id,
                "document": page.meta.title,
                "document_href": href(&from, &page.url),
                "version": k.version,
                "status": k.status.label(),
                "status_slug": k.status,
                "example": page.meta.example,
                "id": r.id,
                "id_href": format!("{}#{}", href(&from, &page.url), r.id),
                "category": r.category,
                "level": r.level,
                "level_label": r.level.label(),
                "text": text_html,
                "change": mark,
                "changed_since": changed.join(" "),
            }));
            csv_rows.push(vec![
                k.document_id.clone(),
                page.meta.title.clone(),
                k.version.clone(),
                k.status.label().to_string(),
                yes_no(page.meta.example),
                r.id.clone(),
                r.category.clone(),
                r.level.label().to_string(),
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
    let xlsx = kravmatrise::workbook(
        &KRAVMATRISE_CSV_HEADER,
        &by_document,
        &answer_columns,
        newest,
    )
    .ok();
    Report {
        slug: "kravmatrise",
        title: "Kravmatrise",
        description: "Alle tekniske krav i én tabell, og som CSV- og Excel-fil leverandører kan fylle ut.",
        template: "report_kravmatrise.html",
        context: json!({
            "rows": rows,
            "documents": documents.len(),
            "filter": matrix_filter_options(site, &documents, input.krav_history),
            "xlsx_href": xlsx.as_ref().map(|_| kravmatrise::XLSX_NAME),
        }),
        csv: Some((
            "kravmatrise.csv".into(),
            csv(&KRAVMATRISE_CSV_HEADER, &csv_rows),
        )),
        attachments: xlsx
            .map(|bytes| (kravmatrise::XLSX_NAME.to_string(), bytes))
            .into_iter()
            .collect(),
    }
}

fn service_overview(input: &ReportInput<'_>) -> Report {
    let site = input.site;
    let from = format!("{REPORTS_URL}tjenesteoversikt/");
    let services = pages_by_id(site, Kind::Tjeneste);
    let mut rows = Vec::new();
    let mut csv_rows = Vec::new();
    for &i in &services {
        let page = &site.pages[i];
        let KindData::Tjeneste(t) = &page.data else {
            continue;
        };
        let updated = page.meta.updated.map(|d| d.to_string()).unwrap_or_default();
        rows.push(json!({
            "service_id": t.service_id,
            "title": page.meta.title,
            "href": href(&from, &page.url),
            "owner": t.roles.tjenesteeier,
            "manager": t.roles.tjenesteforvalter,
            "operations": t.roles.driftsansvarlig,
            "support_hours": t.support_hours,
            "availability": t.availability,
            "price": rebase_json(&input.content.pages[i].fields["price"], &page.url, &from),
            "updated": page.meta.updated,
            "example": page.meta.example,
        }));
        csv_rows.push(vec![
            t.service_id.clone(),
            page.meta.title.clone(),
            t.roles.tjenesteeier.clone(),
            t.roles.tjenesteforvalter.clone(),
            t.roles.driftsansvarlig.clone(),
            t.support_hours.clone(),
            t.availability.clone().unwrap_or_default(),
            plain_text(&t.price),
            updated,
            yes_no(page.meta.example),
        ]);
    }
    let header = [
        "Tjeneste-ID",
        "Tjeneste",
        "Tjenesteeier",
        "Tjenesteforvalter",
        "Driftsansvarlig",
        "Betjent kundeservice",
        "Tilgjengelighet",
        "Pris",
        "Sist oppdatert",
        "Eksempel",
    ];
    Report {
        slug: "tjenesteoversikt",
        title: "Tjenesteoversikt",
        description: "Tjenestene med eier, forvalter, drift, åpningstid, pris og når de sist ble oppdatert.",
        template: "report_tjenester.html",
        context: json!({ "rows": rows }),
        csv: Some(("tjenesteoversikt.csv".into(), csv(&header, &csv_rows))),
        attachments: Vec::new(),
    }
}

/// One point of GDPR Art. 30(1) and whether a record states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Art30Point {
    pub letter: char,
    pub label: &'static str,
    pub complete: bool,
}

/// A value an editor has not filled in yet: empty, or the archetype's placeholder.
fn is_blank(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t.is_empty() || t.contains("fyll inn") || t == "todo" || t == "-"
}

fn all_filled(list: &[String]) -> bool {
    !list.is_empty() && list.iter().all(|s| !is_blank(s))
}

/// Completeness of a record against GDPR Art. 30(1) a–g.
pub fn art30_completeness(record: &Behandling) -> Vec<Art30Point> {
    let points = [
        (
            'a',
            "Behandlingsansvarlig og kontaktpunkt",
            !is_blank(&record.controller) && !is_blank(&record.contact),
        ),
        ('b', "Formål", !is_blank(&record.purpose)),
        (
            'c',
            "Registrerte og personopplysninger",
            all_filled(&record.data_subjects) && all_filled(&record.personal_data),
        ),
        (
            'd',
            "Mottakere",
            record.recipients.iter().all(|r| !is_blank(r)),
        ),
        (
            'e',
            "Overføring til tredjeland med garantier",
            record
                .third_country
                .iter()
                .all(|t| !is_blank(&t.country) && !is_blank(&t.safeguard)),
        ),
        ('f', "Frister for sletting", !is_blank(&record.retention)),
        ('g', "Sikkerhetstiltak", all_filled(&record.security)),
    ];
    points
        .into_iter()
        .map(|(letter, label, complete)| Art30Point {
            letter,
            label,
            complete,
        })
        .collect()
}

/// Jaccard similarity of two purposes' search terms.
fn purpose_similarity(a: &str, b: &str) -> f64 {
    let terms =
        |t: &str| -> HashSet<String> { with_analyzer(|an| an.terms(t)).into_iter().collect() };
    let (x, y) = (terms(a), terms(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    x.intersection(&y).count() as f64 / x.union(&y).count() as f64
}

/// Similarity from which two purposes in one municipality are worth merging.
pub const MERGE_THRESHOLD: f64 = 0.8;

fn processing_records(input: &ReportInput<'_>) -> Report {
    let site = input.site;
    let from = format!("{REPORTS_URL}behandlingsprotokoller/");
    let mut records = pages_of(site, Kind::Behandling);
    records.sort_by(|&a, &b| compare_nb(&site.pages[a].meta.title, &site.pages[b].meta.title));
    let link = |i: usize| json!({ "title": site.pages[i].meta.title, "href": href(&from, &site.pages[i].url), "example": site.pages[i].meta.example });

    let mut counts: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut areas_used: Vec<Area> = Vec::new();
    let municipalities: Vec<Municipality> = Municipality::ALL
        .iter()
        .copied()
        .filter(|m| *m != Municipality::Alle)
        .collect();
    let mut rows = Vec::new();
    let mut overdue = Vec::new();
    let mut missing_agreements = Vec::new();
    let mut csv_rows = Vec::new();
    for &i in &records {
        let page = &site.pages[i];
        let KindData::Behandling(b) = &page.data else {
            continue;
        };
        let area = page.meta.area;
        if let Some(a) = area
            && !areas_used.contains(&a)
        {
            areas_used.push(a);
        }
        for (m, municipality) in municipalities.iter().enumerate() {
            let applies = page.meta.municipalities.contains(municipality)
                || page.meta.municipalities.contains(&Municipality::Alle);
            if applies {
                let a = area
                    .map(|a| Area::ALL.iter().position(|x| *x == a).unwrap_or(0) + 1)
                    .unwrap_or(0);
                *counts.entry((m, a)).or_default() += 1;
            }
        }
        let points = art30_completeness(b);
        let complete = points.iter().all(|p| p.complete);
        let is_overdue = page.meta.review_by.is_some_and(|d| d < input.today);
        if is_overdue {
            overdue.push(json!({ "record": link(i), "record_id": b.record_id, "review_by": page.meta.review_by }));
        }
        for p in &b.processors {
            if p.agreement == Agreement::Missing {
                missing_agreements.push(
                    json!({ "record": link(i), "record_id": b.record_id, "processor": p.name }),
                );
            }
        }
        rows.push(json!({
            "record": link(i),
            "record_id": b.record_id,
            "controller": b.controller,
            "points": points.iter().map(|p| json!({ "letter": p.letter.to_string(), "label": p.label, "complete": p.complete })).collect::<Vec<_>>(),
            "complete": complete,
            "dpia": b.dpia.status.label(),
            "dpia_date": b.dpia.date,
            "review_by": page.meta.review_by,
            "overdue": is_overdue,
        }));
        let missing: Vec<String> = points
            .iter()
            .filter(|p| !p.complete)
            .map(|p| p.letter.to_string())
            .collect();
        csv_rows.push(vec![
            b.record_id.clone(),
            page.meta.title.clone(),
            b.controller.clone(),
            if complete {
                "ja".into()
            } else {
                format!("nei (mangler {})", missing.join(", "))
            },
            b.dpia.status.label().to_string(),
            page.meta
                .review_by
                .map(|d| d.to_string())
                .unwrap_or_default(),
            b.processors
                .iter()
                .filter(|p| p.agreement == Agreement::Missing)
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
                .join(", "),
            yes_no(page.meta.example),
        ]);
    }

    let mut merge_candidates = Vec::new();
    for (x, &a) in records.iter().enumerate() {
        for &b in &records[x + 1..] {
            let (KindData::Behandling(ra), KindData::Behandling(rb)) =
                (&site.pages[a].data, &site.pages[b].data)
            else {
                continue;
            };
            if ra.controller.trim() != rb.controller.trim() {
                continue;
            }
            let similarity = purpose_similarity(&ra.purpose, &rb.purpose);
            if similarity >= MERGE_THRESHOLD {
                merge_candidates.push(json!({
                    "controller": ra.controller,
                    "a": link(a), "a_id": ra.record_id,
                    "b": link(b), "b_id": rb.record_id,
                    "purpose": ra.purpose,
                    "similarity": format!("{:.0} %", similarity * 100.0),
                }));
            }
        }
    }

    areas_used.sort_by_key(|a| Area::ALL.iter().position(|x| x == a));
    let area_columns: Vec<Value> = areas_used.iter().map(|a| json!(a.label())).collect();
    let matrix: Vec<Value> = municipalities
        .iter()
        .enumerate()
        .map(|(m, municipality)| {
            let cells: Vec<usize> = areas_used
                .iter()
                .map(|a| counts.get(&(m, Area::ALL.iter().position(|x| x == a).unwrap_or(0) + 1)).copied().unwrap_or(0))
                .collect();
            let without_area = counts.get(&(m, 0)).copied().unwrap_or(0);
            let total: usize = cells.iter().sum::<usize>() + without_area;
            json!({ "municipality": municipality.label(), "cells": cells, "without_area": without_area, "total": total })
        })
        .collect();
    let header = [
        "Protokoll-ID",
        "Behandling",
        "Behandlingsansvarlig",
        "Komplett etter art. 30",
        "DPIA",
        "Revideres innen",
        "Databehandlere uten avtale",
        "Eksempel",
    ];
    Report {
        slug: "behandlingsprotokoller",
        title: "Behandlingsprotokoller – oversikt",
        description: "Antall protokoller per kommune og fagområde, kompletthet etter GDPR art. 30, DPIA-status, forfalt revisjon, manglende databehandleravtaler og kandidater til sammenslåing.",
        template: "report_behandlinger.html",
        context: json!({
            "records": rows,
            "total": records.len(),
            "complete": rows.iter().filter(|r| r["complete"] == true).count(),
            "area_columns": area_columns,
            "matrix": matrix,
            "overdue": overdue,
            "missing_agreements": missing_agreements,
            "merge_candidates": merge_candidates,
            "today": input.today,
        }),
        csv: Some(("behandlingsprotokoller.csv".into(), csv(&header, &csv_rows))),
        attachments: Vec::new(),
    }
}

fn content_health(input: &ReportInput<'_>) -> Report {
    let site = input.site;
    let from = format!("{REPORTS_URL}innholdsstatus/");
    let stale_before = input.today.months_before(12);
    let link = |i: usize| {
        let p = &site.pages[i];
        json!({ "title": p.meta.title, "href": href(&from, &p.url), "owner": p.meta.owner, "kind": p.kind.label(),
                "updated": p.meta.updated, "review_by": p.meta.review_by, "example": p.meta.example })
    };
    let mut by_title: Vec<usize> = (0..site.pages.len()).collect();
    by_title.sort_by(|&a, &b| compare_nb(&site.pages[a].meta.title, &site.pages[b].meta.title));
    let overdue: Vec<usize> = by_title
        .iter()
        .copied()
        .filter(|&i| {
            site.pages[i]
                .meta
                .review_by
                .is_some_and(|d| d < input.today)
        })
        .collect();
    // Each unit sees its own list of pages to review.
    let mut overdue_by_owner: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for &i in &overdue {
        overdue_by_owner
            .entry(site.pages[i].meta.owner.as_str())
            .or_default()
            .push(link(i));
    }
    let mut overdue_by_owner: Vec<(&str, Vec<Value>)> = overdue_by_owner.into_iter().collect();
    overdue_by_owner.sort_by(|a, b| compare_nb(a.0, b.0));
    let examples: Vec<Value> = by_title
        .iter()
        .copied()
        .filter(|&i| site.pages[i].meta.example)
        .map(link)
        .collect();
    let stale: Vec<Value> = by_title
        .iter()
        .copied()
        .filter(|&i| site.pages[i].meta.updated.is_some_and(|d| d < stale_before))
        .map(link)
        .collect();
    let without_description: Vec<Value> = by_title
        .iter()
        .copied()
        .filter(|&i| site.pages[i].description().is_none())
        .map(link)
        .collect();
    let mut owners: BTreeMap<&str, usize> = BTreeMap::new();
    for page in &site.pages {
        *owners.entry(page.meta.owner.as_str()).or_default() += 1;
    }
    let mut owners: Vec<(&str, usize)> = owners.into_iter().collect();
    owners.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| compare_nb(a.0, b.0)));
    let mut external: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for (i, rendered) in input.content.pages.iter().enumerate() {
        for (url, line) in &rendered.body.external_links {
            external.entry(url.as_str()).or_default().push(json!({
                "page": link(i),
                "file": site.pages[i].source.display_path.to_string_lossy(),
                "line": line,
            }));
        }
    }
    let glossary_total = input.glossary.entries.len();
    let mut unused: Vec<Value> = input
        .glossary
        .entries
        .iter()
        .enumerate()
        .filter(|(e, _)| input.used_on[*e].is_empty())
        .map(|(_, entry)| json!({ "term": entry.term, "href": href(&from, &entry.url) }))
        .collect();
    unused.sort_by(|a, b| {
        compare_nb(
            a["term"].as_str().unwrap_or(""),
            b["term"].as_str().unwrap_or(""),
        )
    });
    let used = glossary_total - unused.len();
    Report {
        slug: "innholdsstatus",
        title: "Innholdsstatus",
        description: "Sider som skal revideres, gruppert per ansvarlig, eksempelsider, sider som ikke er oppdatert på et år, sider per ansvarlig, sider uten sammendrag, eksterne lenker og dekning i begrepslisten.",
        template: "report_innholdsstatus.html",
        context: json!({
            "today": input.today,
            "stale_before": stale_before,
            "pages": site.pages.len(),
            "overdue_count": overdue.len(),
            "overdue_by_owner": overdue_by_owner.iter().map(|(owner, pages)| json!({
                "owner": owner,
                "anchor": format!("revisjon-{}", crate::text::slugify(owner)),
                "pages": pages,
            })).collect::<Vec<_>>(),
            "examples": examples,
            "stale": stale,
            "without_description": without_description,
            "owners": owners.iter().map(|(o, n)| json!({ "owner": o, "count": n })).collect::<Vec<_>>(),
            "external": external.into_iter().map(|(url, uses)| json!({ "url": url, "uses": uses })).collect::<Vec<_>>(),
            "glossary": {
                "total": glossary_total,
                "used": used,
                "percent": (used * 100).checked_div(glossary_total).unwrap_or(0),
                "unused": unused,
            },
        }),
        csv: None,
        attachments: Vec::new(),
    }
}

fn contingency_binder(input: &ReportInput<'_>) -> Report {
    let site = input.site;
    let from = format!("{REPORTS_URL}beredskapsperm/");
    let mut plans = pages_of(site, Kind::Beredskapsplan);
    plans.sort_by(|&a, &b| compare_nb(&site.pages[a].meta.title, &site.pages[b].meta.title));
    let plans: Vec<Value> = plans
        .into_iter()
        .map(|i| {
            let page = &site.pages[i];
            json!({
                "title": page.meta.title,
                "href": href(&from, &page.url),
                "anchor": format!("plan-{}", crate::text::slugify(&page.meta.title)),
                "updated": page.meta.updated,
                "review_by": page.meta.review_by,
                "owner": page.meta.owner,
                "example": page.meta.example,
                "content": rebase(&input.content.pages[i].body.html, &page.url, &from),
                "data": rebase_json(&input.content.pages[i].fields, &page.url, &from),
            })
        })
        .collect();
    Report {
        slug: "beredskapsperm",
        title: "Beredskapsperm",
        description: "Alle beredskapsplaner med varslingslister og tiltakskort på én side, klar til utskrift.",
        template: "report_beredskapsperm.html",
        context: json!({ "plans": plans, "today": input.today }),
        csv: None,
        attachments: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_uses_semicolons() {
        let text = csv(&["a", "b"], &[vec!["x;y".into(), "sa \"hei\"".into()]]);
        assert_eq!(text, "\u{feff}a;b\r\n\"x;y\";\"sa \"\"hei\"\"\"\r\n");
    }

    #[test]
    fn formula_cells_are_neutralised() {
        let cases = [
            ("=1+1", "\"'=1+1\""),
            (
                "=HYPERLINK(\"http://x.example\",\"klikk\")",
                "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"klikk\"\")\"",
            ),
            ("+47 123", "\"'+47 123\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tx", "\"'\tx\""),
            ("\r=1", "\"'\r=1\""),
            ("＝1+1", "\"'＝1+1\""),
            ("-3", "-3"),
            ("-1,5", "-1,5"),
            ("a=b", "a=b"),
            ("Skal", "Skal"),
        ];
        for (cell, expected) in cases {
            let text = csv(&["a"], &[vec![cell.into()]]);
            assert_eq!(text, format!("\u{feff}a\r\n{expected}\r\n"), "{cell:?}");
        }
    }

    #[test]
    fn purposes_that_say_the_same_are_similar() {
        assert!(
            purpose_similarity(
                "Administrere elever i grunnskolen",
                "Administrere elevene i grunnskolen"
            ) >= MERGE_THRESHOLD
        );
        assert!(purpose_similarity("Lønnsutbetaling", "Journalføring i helsestasjon") < 0.2);
    }
}
