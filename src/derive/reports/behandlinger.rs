//! The processing-record overview: records per municipality and area, completeness against
//! GDPR Art. 30(1), DPIA status, overdue reviews, missing processor agreements and records
//! so alike they may be one processing. Internal only: records name internal systems.

use super::csv::{csv, yes_no};
use super::{Report, ReportBuilder, ReportInput, pages_of};
use crate::date::Date;
use crate::derive::search::analyzer::with_analyzer;
use crate::model::kinds::{Agreement, Behandling, DpiaStatus};
use crate::model::{Kind, KindData};
use crate::text::compare_nb;
use crate::urls::{REPORTS_URL, href};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

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

/// The report's entry in the registry.
pub struct Behandlingsprotokoller;

impl ReportBuilder for Behandlingsprotokoller {
    fn slug(&self) -> &'static str {
        "behandlingsprotokoller"
    }

    fn internal_only(&self) -> bool {
        true
    }

    fn build<'a>(&self, input: &ReportInput<'a>) -> Report<'a> {
        processing_records(input)
    }
}

/// A record in the report's lists, link relative to the report's page.
#[derive(Serialize)]
struct RecordLink<'a> {
    title: &'a str,
    href: String,
    example: bool,
}

/// One point of Art. 30(1) in a record's row.
#[derive(Serialize)]
struct Point {
    letter: String,
    label: &'static str,
    complete: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    record: RecordLink<'a>,
    record_id: &'a str,
    controller: &'a str,
    points: Vec<Point>,
    complete: bool,
    dpia_status: DpiaStatus,
    dpia_date: Option<Date>,
    review_by: Option<Date>,
    overdue: bool,
}

#[derive(Serialize)]
struct Overdue<'a> {
    record: RecordLink<'a>,
    record_id: &'a str,
    review_by: Option<Date>,
}

#[derive(Serialize)]
struct MissingAgreement<'a> {
    record: RecordLink<'a>,
    record_id: &'a str,
    processor: &'a str,
}

/// Two records of one controller whose purposes say nearly the same.
#[derive(Serialize)]
struct MergeCandidate<'a> {
    controller: &'a str,
    a: RecordLink<'a>,
    a_id: &'a str,
    b: RecordLink<'a>,
    b_id: &'a str,
    purpose: &'a str,
    similarity: String,
}

/// Records of one municipality per area; `cells` follow `area_columns`.
#[derive(Serialize)]
struct MatrixRow<'a> {
    municipality: &'a str,
    cells: Vec<usize>,
    without_area: usize,
    total: usize,
}

/// The template's `r`.
#[derive(Serialize)]
struct View<'a> {
    records: Vec<Row<'a>>,
    total: usize,
    complete: usize,
    area_columns: Vec<&'a str>,
    matrix: Vec<MatrixRow<'a>>,
    overdue: Vec<Overdue<'a>>,
    missing_agreements: Vec<MissingAgreement<'a>>,
    merge_candidates: Vec<MergeCandidate<'a>>,
    today: Date,
}

fn processing_records<'a>(input: &ReportInput<'a>) -> Report<'a> {
    let site = input.site;
    let language = input.language;
    let from = format!("{REPORTS_URL}behandlingsprotokoller/");
    let mut records = pages_of(site, Kind::Behandling);
    records.sort_by(|&a, &b| compare_nb(&site.pages[a].meta.title, &site.pages[b].meta.title));
    let link = |i: usize| RecordLink {
        title: &site.pages[i].meta.title,
        href: href(&from, &site.pages[i].url),
        example: site.pages[i].meta.example,
    };

    let mut counts: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let vocabularies = &site.config.vocabularies;
    // Area columns by their place in the site's list; 0 is «without area».
    let area_column = |a: &str| vocabularies.areas.position(a).map_or(0, |p| p + 1);
    let mut areas_used: Vec<&str> = Vec::new();
    let municipalities = vocabularies.municipalities.terms();
    let mut rows = Vec::new();
    let mut overdue = Vec::new();
    let mut missing_agreements = Vec::new();
    let mut csv_rows = Vec::new();
    for &i in &records {
        let page = &site.pages[i];
        let KindData::Behandling(b) = &page.data else {
            continue;
        };
        let area = page.meta.area.as_deref();
        if let Some(a) = area
            && !areas_used.contains(&a)
        {
            areas_used.push(a);
        }
        let applies_to = vocabularies.expand_municipalities(&page.meta.municipalities);
        for (m, municipality) in municipalities.iter().enumerate() {
            if applies_to.contains(&municipality) {
                *counts.entry((m, area.map_or(0, area_column))).or_default() += 1;
            }
        }
        let points = art30_completeness(b);
        let complete = points.iter().all(|p| p.complete);
        let is_overdue = page.meta.review_by.is_some_and(|d| d < input.today);
        if is_overdue {
            overdue.push(Overdue {
                record: link(i),
                record_id: &b.record_id,
                review_by: page.meta.review_by,
            });
        }
        for p in &b.processors {
            if p.agreement == Agreement::Missing {
                missing_agreements.push(MissingAgreement {
                    record: link(i),
                    record_id: &b.record_id,
                    processor: &p.name,
                });
            }
        }
        rows.push(Row {
            record: link(i),
            record_id: &b.record_id,
            controller: &b.controller,
            points: points
                .iter()
                .map(|p| Point {
                    letter: p.letter.to_string(),
                    label: p.label,
                    complete: p.complete,
                })
                .collect(),
            complete,
            dpia_status: b.dpia.status,
            dpia_date: b.dpia.date,
            review_by: page.meta.review_by,
            overdue: is_overdue,
        });
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
                language.text("csv.yes").to_string()
            } else {
                language.format("rb.csv_incomplete", &[("missing", &missing.join(", "))])
            },
            language.label_of("dpia", &b.dpia.status),
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
            yes_no(page.meta.example, language),
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
                merge_candidates.push(MergeCandidate {
                    controller: &ra.controller,
                    a: link(a),
                    a_id: &ra.record_id,
                    b: link(b),
                    b_id: &rb.record_id,
                    purpose: &ra.purpose,
                    similarity: format!("{:.0} %", similarity * 100.0),
                });
            }
        }
    }

    areas_used.sort_by_key(|a| area_column(a));
    let area_columns: Vec<&str> = areas_used
        .iter()
        .map(|a| vocabularies.areas.label(a))
        .collect();
    let matrix: Vec<MatrixRow> = municipalities
        .iter()
        .enumerate()
        .map(|(m, municipality)| {
            let cells: Vec<usize> = areas_used
                .iter()
                .map(|a| counts.get(&(m, area_column(a))).copied().unwrap_or(0))
                .collect();
            let without_area = counts.get(&(m, 0)).copied().unwrap_or(0);
            let total: usize = cells.iter().sum::<usize>() + without_area;
            MatrixRow {
                municipality: &municipality.label,
                cells,
                without_area,
                total,
            }
        })
        .collect();
    let header = language.texts([
        "behandling.record_id",
        "behandling.processing",
        "behandling.controller",
        "rb.csv_complete",
        "rb.csv_dpia",
        "page.review_by",
        "rb.csv_without_agreement",
        "common.example",
    ]);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    Report {
        slug: "behandlingsprotokoller",
        template: "report_behandlinger.html",
        view: super::view(View {
            total: records.len(),
            complete: rows.iter().filter(|r| r.complete).count(),
            records: rows,
            area_columns,
            matrix,
            overdue,
            missing_agreements,
            merge_candidates,
            today: input.today,
        }),
        csv: Some(("behandlingsprotokoller.csv".into(), csv(&header, &csv_rows))),
        attachments: Vec::new(),
        problems: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
