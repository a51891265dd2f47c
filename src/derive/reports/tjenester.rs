//! The service overview: every service with its roles, hours, availability and price, for
//! the people who answer «who owns this, and what does it cost?».

use super::csv::{csv, yes_no};
use super::{Report, ReportBuilder, ReportInput, pages_by_id};
use crate::date::Date;
use crate::markdown::links::rebase;
use crate::markdown::plain_text;
use crate::model::{Kind, KindData};
use crate::urls::{REPORTS_URL, href};
use crate::views::KindView;
use serde::Serialize;

/// The report's entry in the registry.
pub struct Tjenesteoversikt;

impl ReportBuilder for Tjenesteoversikt {
    fn slug(&self) -> &'static str {
        "tjenesteoversikt"
    }

    fn build<'a>(&self, input: &ReportInput<'a>) -> Report<'a> {
        service_overview(input)
    }
}

/// One service as a row of the overview, links relative to the report's page.
#[derive(Serialize)]
struct Row<'a> {
    service_id: &'a str,
    title: &'a str,
    href: String,
    owner: &'a str,
    manager: &'a str,
    operations: &'a str,
    support_hours: &'a str,
    availability: Option<&'a str>,
    price: String,
    updated: Option<Date>,
    example: bool,
}

/// The template's `r`.
#[derive(Serialize)]
struct View<'a> {
    rows: Vec<Row<'a>>,
}

fn service_overview<'a>(input: &ReportInput<'a>) -> Report<'a> {
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
        rows.push(Row {
            service_id: &t.service_id,
            title: &page.meta.title,
            href: href(&from, &page.url),
            owner: &t.roles.tjenesteeier,
            manager: &t.roles.tjenesteforvalter,
            operations: &t.roles.driftsansvarlig,
            support_hours: &t.support_hours,
            availability: t.availability.as_deref(),
            price: match input.content.fields(i) {
                KindView::Tjeneste(view) => rebase(&view.price, &page.url, &from),
                _ => String::new(),
            },
            updated: page.meta.updated,
            example: page.meta.example,
        });
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
            yes_no(page.meta.example, input.language),
        ]);
    }
    let header = input.language.texts([
        "tjeneste.id",
        "tjeneste.service",
        "tjeneste.owner",
        "tjeneste.manager",
        "tjeneste.operations",
        "tjeneste.support_hours",
        "tjeneste.availability",
        "tjeneste.price",
        "tjeneste.last_updated",
        "common.example",
    ]);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    Report {
        slug: "tjenesteoversikt",
        template: "report_tjenester.html",
        view: super::view(View { rows }),
        csv: Some(("tjenesteoversikt.csv".into(), csv(&header, &csv_rows))),
        attachments: Vec::new(),
        problems: Vec::new(),
    }
}
