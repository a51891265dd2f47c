//! Sections: the home page and the list pages of the content tree. The home page gets the latest
//! news and the glossary section its A–Å list, because those are the only sections whose
//! templates show more than their own pages.

use super::{Document, LayoutInput, href};
use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::views::document::{PageSummary, SectionView, SourceView, SubsectionView};

impl LayoutInput<'_> {
    pub fn section_document(&self, s: usize) -> Result<Document, Diagnostic> {
        let site = self.site;
        let section = &site.sections[s];
        let rendered = &self.content.sections[s];
        let url = &section.url;
        let mut context = self.base_context(url);
        let pages = site.section_pages[s]
            .iter()
            .map(|&i| self.page_summary(i, url))
            .collect();
        let subsections = site.section_children[s]
            .iter()
            .map(|&c| {
                let child = &site.sections[c];
                SubsectionView {
                    title: &child.meta.title,
                    href: href(url, &child.url),
                    summary: &self.content.sections[c].summary,
                    page_count: site.section_pages[c].len(),
                    example: child.meta.example,
                }
            })
            .collect();
        context.insert(
            "section",
            &SectionView {
                title: &section.meta.title,
                description: section.meta.description.as_deref(),
                summary: &rendered.summary,
                content: &rendered.body.html,
                toc: &rendered.body.toc,
                page_kind: section.meta.page_kind.map(Kind::name),
                page_kind_label: section
                    .meta
                    .page_kind
                    .map(|k| self.templates.translations().kind(k.name())),
                pages,
                subsections,
                href: href(url, url),
                access: section.meta.access,
                edit_href: self.edit_href(&section.source),
                sources: section
                    .meta
                    .sources
                    .iter()
                    .map(|s| SourceView::new(s, self.templates.translations()))
                    .collect(),
                example: section.meta.example,
            },
        );
        let breadcrumbs = self.breadcrumbs(site.section_parent[s], url);
        context.insert("breadcrumbs", &breadcrumbs);
        let template = if url.is_empty() {
            "index.html".to_string()
        } else {
            let kind_template = section
                .meta
                .page_kind
                .map(|k| format!("section_{}.html", k.name()));
            kind_template
                .filter(|t| self.templates.has(t))
                .unwrap_or_else(|| "section.html".into())
        };
        if url.is_empty() {
            context.insert("news", &self.latest_news(url));
        }
        if section.meta.page_kind == Some(Kind::Begrep) {
            context.insert("glossary", &self.glossary_letters(url));
        }
        Ok(Document {
            path: format!("{url}index.html"),
            html: self.templates.render(&template, &context)?,
        })
    }

    fn latest_news(&self, from: &str) -> Vec<PageSummary<'_>> {
        crate::derive::feed::news(self.site)
            .into_iter()
            .take(5)
            .map(|i| self.page_summary(i, from))
            .collect()
    }
}
