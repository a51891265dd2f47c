//! Pages: one document per content file, in the template of its kind when the theme has one
//! (`krav.html`, …) and `page.html` otherwise, so a theme can specialise kinds one at a time.

use super::{Document, LayoutInput};
use crate::derive::krav_history::DocumentHistory;
use crate::diagnostics::Diagnostic;
use crate::model::{Choice, Kind};
use crate::views::document::{PageView, SourceView};

impl LayoutInput<'_> {
    pub fn page_document(&self, i: usize) -> Result<Document, Diagnostic> {
        let page = &self.site.pages[i];
        let mut context = self.base_context(&page.url);
        let value = PageView {
            summary: self.page_summary(i, &page.url),
            content: self.content.html(i),
            toc: self.content.toc(i),
            description: page.description(),
            updated_nb: page.meta.updated.map(|d| d.format_nb()),
            date_nb: page.meta.date.map(|d| d.format_nb()),
            review_by_nb: page.meta.review_by.map(|d| d.format_nb()),
            access_label: page.meta.access.label(),
            municipalities: page.meta.municipalities.iter().map(|m| m.label()).collect(),
            area: page.meta.area.map(|a| a.label()),
            audience: page.meta.audience.iter().map(|a| a.label()).collect(),
            tags: &page.meta.tags,
            taxonomies: self.taxonomy_links(i, &page.url),
            data: self.content.fields(i),
            source_path: page.source.display_path.to_string_lossy().into_owned(),
            sources: page.meta.sources.iter().map(SourceView::new).collect(),
            review_overdue: page
                .meta
                .review_by
                .is_some_and(|d| d < crate::pipeline::today()),
            edit_href: self.edit_href(&page.source),
            used_on: self
                .glossary
                .entry_of_page(i)
                .map(|entry| self.pages_using(entry, &page.url)),
        };
        context.insert("page", &value);
        context.insert(
            "breadcrumbs",
            &self.breadcrumbs(self.site.page_section[i], &page.url),
        );
        if page.kind == Kind::Krav {
            // Empty without Git history: the template then shows the document as before.
            let empty = DocumentHistory::default();
            let history = self.krav_history.of(&page.source.rel_path);
            context.insert("history", history.unwrap_or(&empty));
        }
        let kind_template = format!("{}.html", page.kind.name());
        let template = if self.templates.has(&kind_template) {
            kind_template.as_str()
        } else {
            "page.html"
        };
        Ok(Document {
            path: format!("{}index.html", page.url),
            html: self.templates.render(template, &context)?,
        })
    }
}
