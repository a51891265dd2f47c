//! Taxonomies: a list page per taxonomy and a page per term. Term pages are reachable one at a
//! time so an incremental build re-renders only the terms of the page that changed.

use super::{Document, LayoutInput, href};
use crate::derive::taxonomy::Taxonomy;
use crate::diagnostics::Diagnostic;
use crate::views::document::{TaxonomyListView, TaxonomyOfTerm, TermCount, TermLink, TermView};
use std::collections::BTreeMap;

impl LayoutInput<'_> {
    pub(super) fn taxonomy_links(
        &self,
        page: usize,
        from: &str,
    ) -> BTreeMap<&'static str, Vec<TermLink<'_>>> {
        self.taxonomies
            .iter()
            .map(|taxonomy| {
                let terms = taxonomy.by_page[page]
                    .iter()
                    .map(|&t| {
                        let term = &taxonomy.terms[t];
                        TermLink {
                            label: &term.label,
                            href: href(from, &term.url),
                        }
                    })
                    .collect();
                (taxonomy.field, terms)
            })
            .collect()
    }

    pub(super) fn taxonomy_list_document(
        &self,
        taxonomy: &Taxonomy,
    ) -> Result<Document, Diagnostic> {
        let url = &taxonomy.url;
        let mut context = self.base_context(url);
        let terms = taxonomy
            .terms
            .iter()
            .map(|t| TermCount {
                label: &t.label,
                href: href(url, &t.url),
                count: t.pages.len(),
            })
            .collect();
        context.insert(
            "taxonomy",
            &TaxonomyListView {
                field: taxonomy.field,
                label: self.taxonomy_label(taxonomy.field, taxonomy.label),
                terms,
            },
        );
        context.insert("taxonomies", &self.taxonomy_index(url));
        self.templates
            .render("taxonomy_list.html", &context)
            .map(|html| Document {
                path: format!("{url}index.html"),
                html,
            })
    }

    pub(super) fn term_document(
        &self,
        taxonomy: &Taxonomy,
        term: &crate::derive::taxonomy::Term,
    ) -> Result<Document, Diagnostic> {
        let url = &term.url;
        let mut context = self.base_context(url);
        let pages = term
            .pages
            .iter()
            .map(|&i| self.page_summary(i, url))
            .collect();
        context.insert(
            "taxonomy",
            &TaxonomyOfTerm {
                field: taxonomy.field,
                label: self.taxonomy_label(taxonomy.field, taxonomy.label),
                singular: self
                    .templates
                    .translations()
                    .get(&format!("taxonomy.singular.{}", taxonomy.field))
                    .unwrap_or(taxonomy.singular),
                href: href(url, &taxonomy.url),
            },
        );
        context.insert(
            "term",
            &TermView {
                label: &term.label,
                pages,
            },
        );
        self.templates
            .render("taxonomy_term.html", &context)
            .map(|html| Document {
                path: format!("{url}index.html"),
                html,
            })
    }

    /// A taxonomy's name in the site's language (`taxonomy.list.tags`), the built-in one when
    /// the table has none.
    fn taxonomy_label<'a>(&'a self, field: &str, fallback: &'a str) -> &'a str {
        self.templates
            .translations()
            .get(&format!("taxonomy.list.{field}"))
            .unwrap_or(fallback)
    }

    /// Links to every taxonomy's list page, relative to `from`.
    pub fn taxonomy_index(&self, from: &str) -> Vec<TermCount<'_>> {
        self.taxonomies
            .iter()
            .map(|t| TermCount {
                label: self.taxonomy_label(t.field, t.label),
                href: href(from, &t.url),
                count: t.terms.len(),
            })
            .collect()
    }
}
