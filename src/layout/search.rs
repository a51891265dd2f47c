//! The search page. It carries an A–Å list of every page so the site stays navigable where the
//! search script cannot run (offline copies, no JavaScript).

use super::{Document, LayoutInput, SEARCH_URL, href};
use crate::diagnostics::Diagnostic;
use crate::urls::letter_anchor;
use crate::views::document::{AzEntry, AzGroup};

impl LayoutInput<'_> {
    pub(super) fn search_document(&self) -> Result<Document, Diagnostic> {
        let url = SEARCH_URL;
        let mut context = self.base_context(url);
        let mut order: Vec<usize> = (0..self.site.pages.len()).collect();
        order.sort_by(|&a, &b| {
            crate::text::compare_nb(
                &self.site.pages[a].meta.title,
                &self.site.pages[b].meta.title,
            )
        });
        let mut groups: Vec<(String, Vec<AzEntry>)> = Vec::new();
        for i in order {
            let page = &self.site.pages[i];
            let letter = crate::text::index_letter(&page.meta.title);
            let entry = AzEntry {
                title: &page.meta.title,
                href: href(url, &page.url),
                kind_label: page.kind.label(),
                example: page.meta.example,
            };
            match groups.last_mut() {
                Some((last, list)) if *last == letter => list.push(entry),
                _ => groups.push((letter, vec![entry])),
            }
        }
        let az: Vec<AzGroup> = groups
            .into_iter()
            .map(|(letter, pages)| AzGroup {
                anchor: letter_anchor(&letter),
                letter,
                pages,
            })
            .collect();
        context.insert("az", &az);
        Ok(Document {
            path: format!("{url}index.html"),
            html: self.templates.render("search.html", &context)?,
        })
    }
}
