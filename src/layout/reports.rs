//! Reports: each derived report in its own template, plus the index that lists them with their
//! CSV files and the pages tagged `rapport`. Rendered as one group because an incremental build
//! must redo them all whenever any page changes.

use super::{Document, LayoutInput, href};
use crate::derive::reports::Report;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::markdown::links::relative_url;
use crate::urls::REPORTS_URL;
use crate::views::document::{PageSummary, ReportEntry, ReportHeader};

impl LayoutInput<'_> {
    pub fn report_documents(&self) -> Vec<Result<Document, Diagnostic>> {
        let mut out = Vec::new();
        for report in self.reports {
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
            out.push(html.map(|html| Document {
                path: format!("{url}index.html"),
                html,
            }));
        }
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
        out.push(
            self.templates
                .render("report_index.html", &context)
                .map(|html| Document {
                    path: format!("{url}index.html"),
                    html,
                }),
        );
        out
    }

    /// A report's title and description in the site's language (`report.<slug>.title`).
    fn report_texts<'a>(&'a self, report: &Report<'_>) -> (&'a str, &'a str) {
        report.texts(self.templates.translations())
    }
}
