//! The contingency binder: every contingency plan on one printable page, so the plans are at
//! hand on paper when the systems they describe are down. Internal only.

use super::{Report, ReportBuilder, ReportInput, pages_of};
use crate::date::Date;
use crate::markdown::links::rebase_json;
use crate::model::Kind;
use crate::text::compare_nb;
use crate::urls::{REPORTS_URL, href};
use serde::Serialize;
use serde_json::Value;

/// The report's entry in the registry.
pub struct Beredskapsperm;

impl ReportBuilder for Beredskapsperm {
    fn slug(&self) -> &'static str {
        "beredskapsperm"
    }

    fn internal_only(&self) -> bool {
        true
    }

    fn build<'a>(&self, input: &ReportInput<'a>) -> Report<'a> {
        contingency_binder(input)
    }
}

/// One plan in the binder, its text and fields rebased onto the binder's page.
#[derive(Serialize)]
struct Plan<'a> {
    title: &'a str,
    href: String,
    anchor: String,
    updated: Option<Date>,
    review_by: Option<Date>,
    owner: &'a str,
    example: bool,
    /// The plan's kind fields as its own page shows them.
    data: Value,
}

/// The template's `r`.
#[derive(Serialize)]
struct View<'a> {
    plans: Vec<Plan<'a>>,
    today: Date,
}

fn contingency_binder<'a>(input: &ReportInput<'a>) -> Report<'a> {
    let site = input.site;
    let from = format!("{REPORTS_URL}beredskapsperm/");
    let mut plans = pages_of(site, Kind::Beredskapsplan);
    plans.sort_by(|&a, &b| compare_nb(&site.pages[a].meta.title, &site.pages[b].meta.title));
    let plans: Vec<Plan> = plans
        .into_iter()
        .map(|i| {
            let page = &site.pages[i];
            Plan {
                title: &page.meta.title,
                href: href(&from, &page.url),
                anchor: format!("plan-{}", crate::text::slugify(&page.meta.title)),
                updated: page.meta.updated,
                review_by: page.meta.review_by,
                owner: &page.meta.owner,
                example: page.meta.example,
                data: rebase_json(
                    &serde_json::to_value(input.content.fields(i)).unwrap_or_default(),
                    &page.url,
                    &from,
                ),
            }
        })
        .collect();
    Report {
        slug: "beredskapsperm",
        template: "report_beredskapsperm.html",
        view: super::view(View {
            plans,
            today: input.today,
        }),
        csv: None,
        attachments: Vec::new(),
        problems: Vec::new(),
    }
}
