//! The glossary: the A–Å list on the glossary section and «brukt på» on each term. Kept together
//! because both read which pages use a term, and an incremental build must re-render exactly
//! these documents when a term or its users change.

use super::{LayoutInput, href};
use crate::markdown::links::rebase;
use crate::urls::{glossary_anchor, letter_anchor};
use crate::views::KindView;
use crate::views::document::{GlossaryEntryView, GlossarySeeAlso, LetterGroup, Link};

impl LayoutInput<'_> {
    pub(super) fn pages_using(&self, entry: usize, from: &str) -> Vec<Link<'_>> {
        crate::render::reads::record(crate::render::reads::Read::UsedOn(entry));
        let mut pages = self.used_on[entry].clone();
        pages.sort_by(|&a, &b| {
            crate::text::compare_nb(
                &self.site.pages[a].meta.title,
                &self.site.pages[b].meta.title,
            )
        });
        pages
            .into_iter()
            .map(|p| Link {
                title: &self.site.pages[p].meta.title,
                href: href(from, &self.site.pages[p].url),
            })
            .collect()
    }

    /// The glossary page: every term A–Å with letter navigation, definition and users.
    pub(super) fn glossary_letters(&self, from: &str) -> Vec<LetterGroup<GlossaryEntryView<'_>>> {
        let mut order: Vec<usize> = (0..self.glossary.entries.len()).collect();
        order.sort_by(|&a, &b| {
            crate::text::compare_nb(
                &self.glossary.entries[a].term,
                &self.glossary.entries[b].term,
            )
        });
        let mut letters: Vec<(String, Vec<GlossaryEntryView>)> = Vec::new();
        for e in order {
            let entry = &self.glossary.entries[e];
            let page = &self.site.pages[entry.page];
            let (expansion, synonyms, see_also) = match self.content.fields(entry.page) {
                KindView::Begrep(b) => (
                    b.expansion.as_deref(),
                    b.synonyms.as_slice(),
                    b.see_also
                        .iter()
                        .map(|s| GlossarySeeAlso {
                            term: &s.term,
                            href: format!("#{}", glossary_anchor(&s.term)),
                        })
                        .collect(),
                ),
                _ => (None, &[][..], Vec::new()),
            };
            let value = GlossaryEntryView {
                term: &entry.term,
                anchor: glossary_anchor(&entry.term),
                href: href(from, &page.url),
                expansion,
                synonyms,
                definition: rebase(self.content.html(entry.page), &page.url, from),
                see_also,
                used_on: self.pages_using(e, from),
                example: page.meta.example,
            };
            let letter = crate::text::index_letter(&entry.term);
            match letters.last_mut() {
                Some((last, list)) if *last == letter => list.push(value),
                _ => letters.push((letter, vec![value])),
            }
        }
        letters
            .into_iter()
            .map(|(letter, entries)| LetterGroup {
                anchor: letter_anchor(&letter),
                letter,
                entries,
            })
            .collect()
    }
}
