//! Which outputs of a build read which parts of which pages, made from what each step
//! recorded while it ran ([`crate::render::reads`]). The live preview looks up the parts an
//! edit changed here and rebuilds exactly those outputs.

use crate::layout::Output;
use crate::render::reads::Read;
use std::collections::{BTreeSet, HashMap};

/// Something the build writes from the rendered pages besides a page's own document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dependent {
    /// A document (or group of documents) of the layout stage; for a report, also the files
    /// beside its page.
    Layout(Output),
    /// The news feed.
    Feed,
}

/// From each read to the outputs that made it.
#[derive(Debug, Default)]
pub struct ReadIndex {
    by_read: HashMap<Read, Vec<Dependent>>,
}

impl ReadIndex {
    /// Notes that `dependent` read each of `reads`.
    pub fn add(&mut self, dependent: Dependent, reads: &[Read]) {
        for &read in reads {
            let list = self.by_read.entry(read).or_default();
            if list.last() != Some(&dependent) {
                list.push(dependent);
            }
        }
    }

    /// Every output that read any of `changed`.
    pub fn dependents(&self, changed: impl IntoIterator<Item = Read>) -> BTreeSet<Dependent> {
        changed
            .into_iter()
            .filter_map(|read| self.by_read.get(&read))
            .flatten()
            .copied()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::reads::Part;

    #[test]
    fn an_output_is_found_by_what_it_read() {
        let mut index = ReadIndex::default();
        let listing = Dependent::Layout(Output::Section(0));
        index.add(
            listing,
            &[Read::Page(1, Part::Summary), Read::Page(2, Part::Summary)],
        );
        index.add(Dependent::Feed, &[Read::Page(2, Part::Summary)]);
        index.add(Dependent::Layout(Output::Report(0)), &[Read::UsedOn(3)]);
        assert_eq!(
            index.dependents([Read::Page(1, Part::Summary)]),
            BTreeSet::from([listing])
        );
        assert_eq!(
            index.dependents([Read::Page(2, Part::Summary), Read::UsedOn(3)]),
            BTreeSet::from([
                listing,
                Dependent::Feed,
                Dependent::Layout(Output::Report(0))
            ])
        );
        assert!(index.dependents([Read::Page(1, Part::Html)]).is_empty());
    }
}
