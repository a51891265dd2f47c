//! Reports, each a page of the site and, where a table is useful outside the browser, a CSV
//! file beside it. Each report is one file implementing [`ReportBuilder`] and one line in
//! [`REGISTRY`]; the registry's order is the order of the reports' index page. Reports about
//! internal content exist only in the internal build.

use crate::date::Date;
use crate::derive::glossary::Glossary;
use crate::derive::krav_history::KravHistories;
use crate::i18n::Translations;
use crate::model::{Kind, KindData};
use crate::render::RenderedContent;
use crate::render::reads::Read;
use crate::site::{Site, Target};
use serde::Serialize;
use tera::Context;

pub mod behandlinger;
pub mod beredskapsperm;
pub mod csv;
pub mod innholdsstatus;
pub mod kravmatrise;
pub mod tjenester;
pub mod xlsx;

pub use crate::urls::REPORTS_URL;
pub use behandlinger::{Art30Point, MERGE_THRESHOLD, art30_completeness};
pub use csv::csv;
pub use kravmatrise::KRAVMATRISE_CSV_HEADER;

/// Builds one report from the site. Implementations are unit structs listed in [`REGISTRY`].
pub trait ReportBuilder: Sync {
    /// The report's folder under [`REPORTS_URL`].
    fn slug(&self) -> &'static str;
    /// Whether the report exists only in the internal build.
    fn internal_only(&self) -> bool {
        false
    }
    fn build<'a>(&self, input: &ReportInput<'a>) -> Report<'a>;
}

/// Every report, in the order of the reports' index page.
pub const REGISTRY: &[&dyn ReportBuilder] = &[
    &kravmatrise::Kravmatrise,
    &tjenester::Tjenesteoversikt,
    &behandlinger::Behandlingsprotokoller,
    &innholdsstatus::Innholdsstatus,
    &beredskapsperm::Beredskapsperm,
];

/// A report's typed view, borrowed from the site like every other template value and handed
/// to its template as `r`.
pub trait ReportView: Send + Sync {
    fn insert_into(&self, context: &mut Context) -> tera::Result<()>;
}

impl<T: Serialize + Send + Sync> ReportView for T {
    fn insert_into(&self, context: &mut Context) -> tera::Result<()> {
        context.try_insert("r", self)
    }
}

/// One generated report.
pub struct Report<'a> {
    pub slug: &'static str,
    /// The title and description are the table's `report.<slug>.title` and `.description`.
    pub template: &'static str,
    /// What the template reads as `r`, links relative to the report's page.
    pub view: Box<dyn ReportView + 'a>,
    /// File name and text of the CSV beside the page.
    pub csv: Option<(String, String)>,
    /// Other files beside the page (file name, bytes), such as a spreadsheet.
    pub attachments: Vec<(String, Vec<u8>)>,
    /// What the report could not make (a file it leaves out), reported with the build's.
    pub problems: Vec<crate::diagnostics::Diagnostic>,
}

impl Report<'_> {
    /// The title and description in the site's language (`report.<slug>.title`, `.description`).
    pub fn texts<'l>(&self, language: &'l crate::i18n::Translations) -> (&'l str, &'l str) {
        let text = |what: &str| -> &'l str {
            language
                .get(&format!("report.{}.{what}", self.slug))
                .unwrap_or("")
        };
        (text("title"), text("description"))
    }

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
    /// The interface texts of the site's language: CSV headers, spreadsheet texts.
    pub language: &'a Translations,
}

fn view<'a, T: Serialize + Send + Sync + 'a>(view: T) -> Box<dyn ReportView + 'a> {
    Box::new(view)
}

fn pages_of(site: &Site, kind: Kind) -> Vec<usize> {
    (0..site.pages.len())
        .filter(|&i| site.pages[i].kind == kind)
        .collect()
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

/// Builds every report of the build's target, in registry order.
pub fn reports<'a>(input: &ReportInput<'a>) -> Vec<Report<'a>> {
    reports_with_reads(input)
        .into_iter()
        .map(|(r, _)| r)
        .collect()
}

/// Like [`reports`], with what each report read of the rendered pages (for the live preview).
pub fn reports_with_reads<'a>(input: &ReportInput<'a>) -> Vec<(Report<'a>, Vec<Read>)> {
    REGISTRY
        .iter()
        .filter(|r| input.site.target == Target::Internal || !r.internal_only())
        .map(|r| {
            let (report, read) = crate::render::reads::recording(|| r.build(input));
            debug_assert_eq!(report.slug, r.slug());
            (report, read)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_slugs_are_unique() {
        let mut slugs: Vec<&str> = REGISTRY.iter().map(|r| r.slug()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), REGISTRY.len());
    }
}
