//! Content health: what editors should look at next (overdue reviews per owner, stale pages,
//! pages without description, external links, unused glossary terms). Internal only.

use super::{Report, ReportBuilder, ReportInput};
use crate::date::Date;
use crate::model::KindData;
use crate::text::compare_nb;
use crate::urls::{REPORTS_URL, href};
use serde::Serialize;
use std::collections::BTreeMap;

/// The report's entry in the registry.
pub struct Innholdsstatus;

impl ReportBuilder for Innholdsstatus {
    fn slug(&self) -> &'static str {
        "innholdsstatus"
    }

    fn internal_only(&self) -> bool {
        true
    }

    fn build<'a>(&self, input: &ReportInput<'a>) -> Report<'a> {
        content_health(input)
    }
}

/// A page in one of the report's lists, link relative to the report's page.
#[derive(Serialize)]
struct PageLink<'a> {
    title: &'a str,
    href: String,
    owner: &'a str,
    /// The kind's name (`tjeneste`), or `seksjon` for a section; the template names it.
    kind: &'static str,
    updated: Option<Date>,
    review_by: Option<Date>,
    example: bool,
}

/// A contingency plan whose version or approval is not filled in.
#[derive(Serialize)]
struct UnapprovedPlan<'a> {
    #[serde(flatten)]
    page: PageLink<'a>,
    missing: Vec<&'static str>,
}

#[derive(Serialize)]
struct OwnerPages<'a> {
    owner: &'a str,
    anchor: String,
    pages: Vec<PageLink<'a>>,
}

#[derive(Serialize)]
struct OwnerCount<'a> {
    owner: &'a str,
    count: usize,
}

/// Where a page links to an external address.
#[derive(Serialize)]
struct ExternalUse<'a> {
    page: PageLink<'a>,
    file: String,
    line: usize,
}

#[derive(Serialize)]
struct ExternalLink<'a> {
    url: &'a str,
    uses: Vec<ExternalUse<'a>>,
}

#[derive(Serialize)]
struct UnusedTerm<'a> {
    term: &'a str,
    href: String,
}

#[derive(Serialize)]
struct GlossaryCoverage<'a> {
    total: usize,
    used: usize,
    percent: usize,
    unused: Vec<UnusedTerm<'a>>,
}

/// The template's `r`.
#[derive(Serialize)]
struct View<'a> {
    today: Date,
    stale_before: Date,
    pages: usize,
    overdue_count: usize,
    overdue_by_owner: Vec<OwnerPages<'a>>,
    examples: Vec<PageLink<'a>>,
    unapproved: Vec<UnapprovedPlan<'a>>,
    stale: Vec<PageLink<'a>>,
    without_description: Vec<PageLink<'a>>,
    owners: Vec<OwnerCount<'a>>,
    external: Vec<ExternalLink<'a>>,
    glossary: GlossaryCoverage<'a>,
}

fn content_health<'a>(input: &ReportInput<'a>) -> Report<'a> {
    let site = input.site;
    let from = format!("{REPORTS_URL}innholdsstatus/");
    let stale_before = input.today.months_before(12);
    let link = |i: usize| {
        let p = &site.pages[i];
        PageLink {
            title: &p.meta.title,
            href: href(&from, &p.url),
            owner: &p.meta.owner,
            kind: p.kind.name(),
            updated: p.meta.updated,
            review_by: p.meta.review_by,
            example: p.meta.example,
        }
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
    let mut overdue_by_owner: BTreeMap<&str, Vec<PageLink>> = BTreeMap::new();
    for &i in &overdue {
        overdue_by_owner
            .entry(site.pages[i].meta.owner.as_str())
            .or_default()
            .push(link(i));
    }
    let mut overdue_by_owner: Vec<(&str, Vec<PageLink>)> = overdue_by_owner.into_iter().collect();
    overdue_by_owner.sort_by(|a, b| compare_nb(a.0, b.0));
    let mut examples: Vec<PageLink> = by_title
        .iter()
        .copied()
        .filter(|&i| site.pages[i].meta.example)
        .map(link)
        .collect();
    // A section's own text can be an example too; editors fix it in the same list.
    examples.extend(
        site.sections
            .iter()
            .filter(|s| s.meta.example)
            .map(|s| PageLink {
                title: &s.meta.title,
                href: href(&from, &s.url),
                owner: s.meta.owner.as_deref().unwrap_or(""),
                kind: "seksjon",
                updated: s.meta.updated,
                review_by: None,
                example: true,
            }),
    );
    // Plans whose version or approval is not known: the binder on paper must not look
    // approved, so the gap is listed for the owner to fill.
    let unapproved: Vec<UnapprovedPlan> = by_title
        .iter()
        .copied()
        .filter_map(|i| match &site.pages[i].data {
            KindData::Beredskapsplan(plan) => {
                let missing: Vec<&'static str> = [
                    // Field names; the template labels them (`ri.field.version`).
                    ("version", plan.version.is_none()),
                    ("approved_by", plan.approved_by.is_none()),
                    ("approved", plan.approved.is_none()),
                ]
                .into_iter()
                .filter_map(|(label, gap)| gap.then_some(label))
                .collect();
                (!missing.is_empty()).then(|| UnapprovedPlan {
                    page: link(i),
                    missing,
                })
            }
            _ => None,
        })
        .collect();
    let stale: Vec<PageLink> = by_title
        .iter()
        .copied()
        .filter(|&i| site.pages[i].meta.updated.is_some_and(|d| d < stale_before))
        .map(link)
        .collect();
    let without_description: Vec<PageLink> = by_title
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
    let mut external: BTreeMap<&str, Vec<ExternalUse>> = BTreeMap::new();
    for i in 0..site.pages.len() {
        for (url, line) in input.content.external_links(i) {
            external.entry(url.as_str()).or_default().push(ExternalUse {
                page: link(i),
                file: site.pages[i]
                    .source
                    .display_path
                    .to_string_lossy()
                    .into_owned(),
                line: *line,
            });
        }
    }
    let glossary_total = input.glossary.entries.len();
    let mut unused: Vec<UnusedTerm> = input
        .glossary
        .entries
        .iter()
        .enumerate()
        .filter(|&(e, _)| {
            crate::render::reads::record(crate::render::reads::Read::UsedOn(e));
            input.used_on[e].is_empty()
        })
        .map(|(_, entry)| UnusedTerm {
            term: &entry.term,
            href: href(&from, &entry.url),
        })
        .collect();
    unused.sort_by(|a, b| compare_nb(a.term, b.term));
    let used = glossary_total - unused.len();
    Report {
        slug: "innholdsstatus",
        template: "report_innholdsstatus.html",
        view: super::view(View {
            today: input.today,
            stale_before,
            pages: site.pages.len(),
            overdue_count: overdue.len(),
            overdue_by_owner: overdue_by_owner
                .into_iter()
                .map(|(owner, pages)| OwnerPages {
                    owner,
                    anchor: format!("revisjon-{}", crate::text::slugify(owner)),
                    pages,
                })
                .collect(),
            examples,
            unapproved,
            stale,
            without_description,
            owners: owners
                .into_iter()
                .map(|(owner, count)| OwnerCount { owner, count })
                .collect(),
            external: external
                .into_iter()
                .map(|(url, uses)| ExternalLink { url, uses })
                .collect(),
            glossary: GlossaryCoverage {
                total: glossary_total,
                used,
                percent: (used * 100).checked_div(glossary_total).unwrap_or(0),
                unused,
            },
        }),
        csv: None,
        attachments: Vec::new(),
        problems: Vec::new(),
    }
}
