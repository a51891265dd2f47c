//! The search page. It carries an A–Å list of every page so the site stays navigable where the
//! search script cannot run (offline copies, no JavaScript).
//!
//! On a small site it also names the number of page-text files of the index
//! (`data-sidetekster`), so that `js/search-reserve.js` can fetch them while the page loads: the
//! first results need the texts of their snippets, and fetching them only once the query is
//! ranked adds a round trip before anything is shown. On a large site the hits' texts are
//! fetched as needed instead.

use super::{Document, LayoutInput, SEARCH_URL, href};
use crate::derive::search::index::text_files;
use crate::diagnostics::Diagnostic;
use crate::urls::letter_anchor;
use crate::views::document::{AzEntry, AzGroup};

/// Up to this many page-text files (of at most [`DOC_CHUNK`](crate::derive::search::index::DOC_CHUNK) pages each, about 20 kB) are
/// fetched with the search page; beyond it, only those of the hits shown.
const PRELOADED_TEXT_FILES: usize = 4;

/// How many page-text files the search page fetches at once: all of them on a small site,
/// none on a large one. The index has one document per page of the site.
fn preloaded_text_files(pages: usize) -> usize {
    let files = text_files(pages);
    if files <= PRELOADED_TEXT_FILES {
        files
    } else {
        0
    }
}

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
                kind_label: self.templates.translations().kind(page.kind.name()),
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
        context.insert(
            "search_text_files",
            &preloaded_text_files(self.site.pages.len()),
        );
        Ok(Document {
            path: format!("{url}index.html"),
            html: self.templates.render("search.html", &context)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::preloaded_text_files;

    #[test]
    fn small_sites_fetch_every_page_text_file_with_the_search_page() {
        assert_eq!(preloaded_text_files(0), 0);
        assert_eq!(preloaded_text_files(1), 1);
        assert_eq!(preloaded_text_files(170), 4);
        assert_eq!(preloaded_text_files(200), 4);
        assert_eq!(
            preloaded_text_files(201),
            0,
            "five files: only the hits' texts"
        );
        assert_eq!(preloaded_text_files(10_000), 0);
    }
}
