//! Pages: one document per content file, in the template of its kind when the theme has one
//! (`krav.html`, …) and `page.html` otherwise, so a theme can specialise kinds one at a time.

use super::{Document, LayoutInput};
use crate::derive::krav_history::DocumentHistory;
use crate::diagnostics::Diagnostic;
use crate::model::{Access, Kind};
use crate::views::document::{PageView, SourceView};

impl LayoutInput<'_> {
    pub fn page_document(&self, i: usize) -> Result<Document, Diagnostic> {
        let page = &self.site.pages[i];
        let mut context = self.base_context(&page.url);
        let vocabularies = &self.site.config.vocabularies;
        let language = self.templates.translations();
        let value = PageView {
            summary: self.page_summary(i, &page.url),
            content: self.content.html(i),
            toc: self.content.toc(i),
            description: page.description(),
            updated_nb: page.meta.updated.map(|d| language.date(d)),
            date_nb: page.meta.date.map(|d| language.date(d)),
            review_by_nb: page.meta.review_by.map(|d| language.date(d)),
            access_label: language.text(access_key(page.meta.access)),
            municipalities: page
                .meta
                .municipalities
                .iter()
                .map(|m| vocabularies.municipality_label(m, language))
                .collect(),
            area: page
                .meta
                .area
                .as_deref()
                .map(|a| vocabularies.areas.label(a)),
            audience: page
                .meta
                .audience
                .iter()
                .map(|a| vocabularies.audiences.label(a))
                .collect(),
            tags: &page.meta.tags,
            taxonomies: self.taxonomy_links(i, &page.url),
            data: self.content.fields(i),
            source_path: page.source.display_path.to_string_lossy().into_owned(),
            sources: page
                .meta
                .sources
                .iter()
                .map(|s| SourceView::new(s, language))
                .collect(),
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

/// The table key of an access level's label («Offentlig», «Intern»).
fn access_key(access: Access) -> &'static str {
    match access {
        Access::Public => "access.public",
        Access::Internal => "access.internal",
    }
}
