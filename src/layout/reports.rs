//! Reports: each derived report in its own template, plus the index that lists them with their
//! CSV files and the pages tagged `rapport`. Each report is its own output, so the live preview
//! rebuilds only those that read what an edit changed.

use super::{Document, LayoutInput, href};
use crate::derive::reports::Report;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::markdown::links::relative_url;
use crate::urls::REPORTS_URL;
use crate::views::document::{PageSummary, ReportEntry, ReportHeader};

impl LayoutInput<'_> {
    pub(super) fn report_document(&self, report: &Report<'_>) -> Result<Document, Diagnostic> {
        let url = report.url();
        let mut context = self.base_context(&url);
        let (title, description) = self.report_texts(report);
        context.insert(
            "report",
            &ReportHeader {
                title,
                description,
                csv_href: report.csv.as_ref().map(|(name, _)| name.as_str()),
                index_href: href(&url, REPORTS_URL),
            },
        );
        let html = match report.view.insert_into(&mut context) {
            Ok(()) => self.templates.render(report.template, &context),
            Err(err) => Err(Diagnostic::error(
                Code::TemplateError,
                format!("rapporten {} kunne ikke gis til malen: {err}", report.slug),
            )
            .in_file(report.template)),
        };
        html.map(|html| Document {
            path: format!("{url}index.html"),
            html,
        })
    }

    /// The reports' index page.
    pub(super) fn report_index_document(&self) -> Result<Document, Diagnostic> {
        let url = REPORTS_URL;
        let mut context = self.base_context(url);
        let reports: Vec<ReportEntry> = self
            .reports
            .iter()
            .map(|r| {
                let (title, description) = self.report_texts(r);
                ReportEntry {
                    title,
                    description,
                    href: href(url, &r.url()),
                    csv_href: r
                        .csv
                        .as_ref()
                        .map(|(name, _)| format!("{}{name}", relative_url(url, &r.url()))),
                }
            })
            .collect();
        let mut tagged: Vec<usize> = (0..self.site.pages.len())
            .filter(|&i| self.site.pages[i].meta.tags.iter().any(|t| t == "rapport"))
            .collect();
        tagged.sort_by(|&a, &b| {
            crate::text::compare_nb(
                &self.site.pages[a].meta.title,
                &self.site.pages[b].meta.title,
            )
        });
        let pages: Vec<PageSummary> = tagged
            .into_iter()
            .map(|i| self.page_summary(i, url))
            .collect();
        context.insert("reports", &reports);
        context.insert("pages", &pages);
        self.templates
            .render("report_index.html", &context)
            .map(|html| Document {
                path: format!("{url}index.html"),
                html,
            })
    }

    /// A report's title and description in the site's language (`report.<slug>.title`).
    fn report_texts<'a>(&'a self, report: &Report<'_>) -> (&'a str, &'a str) {
        report.texts(self.templates.translations())
    }
}
