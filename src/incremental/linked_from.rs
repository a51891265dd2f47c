//! Which pages and sections link to an anchor in each page (`[tekst](a.md#overskrift)`), so
//! an edit checks the links that can break — its own and those into it — without walking
//! the site. Made from what the anchor check reads (every body's `anchor_refs`) after a full
//! build, and kept up to date as edits change a page's links.

use crate::markdown::links::AnchorRef;
use crate::render::RenderedContent;
use std::collections::{BTreeSet, HashMap};

/// A page or section whose body links to anchors of other pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Referrer {
    Page(usize),
    Section(usize),
}

/// From each page's key (`selvhjelp/a.md`) to what links to an anchor in it.
#[derive(Debug, Default)]
pub struct LinkedFrom {
    by_target: HashMap<String, BTreeSet<Referrer>>,
}

impl LinkedFrom {
    pub fn new(content: &RenderedContent) -> LinkedFrom {
        let mut index = LinkedFrom::default();
        for (i, page) in content.pages.iter().enumerate() {
            index.add(Referrer::Page(i), &page.body.anchor_refs);
        }
        for (s, section) in content.sections.iter().enumerate() {
            index.add(Referrer::Section(s), &section.body.anchor_refs);
        }
        index
    }

    fn add(&mut self, from: Referrer, refs: &[AnchorRef]) {
        for r in refs {
            self.by_target
                .entry(r.target_key.clone())
                .or_default()
                .insert(from);
        }
    }

    /// Page `page` now has the links `new` instead of `old`.
    pub fn replace(&mut self, page: usize, old: &[AnchorRef], new: &[AnchorRef]) {
        let from = Referrer::Page(page);
        for r in old {
            if let Some(set) = self.by_target.get_mut(&r.target_key) {
                set.remove(&from);
                if set.is_empty() {
                    self.by_target.remove(&r.target_key);
                }
            }
        }
        self.add(from, new);
    }

    /// The links into the page with key `target`, from every page and section that has one.
    pub fn refs_to<'a>(
        &'a self,
        content: &'a RenderedContent,
        target: &'a str,
    ) -> impl Iterator<Item = &'a AnchorRef> + 'a {
        self.by_target
            .get(target)
            .into_iter()
            .flatten()
            .flat_map(move |from| match *from {
                Referrer::Page(i) => &content.pages[i].body.anchor_refs,
                Referrer::Section(s) => &content.sections[s].body.anchor_refs,
            })
            .filter(move |r| r.target_key == target)
    }
}
