//! What the steps after rendering read of the rendered pages. Every read of one page's part
//! by a listing, a report or the feed goes through an accessor of
//! [`RenderedContent`](super::RenderedContent) that records it here, so the live preview can
//! look up which outputs an edit reaches instead of keeping that table by hand (see
//! `pipeline::reads` and `incremental`).
//!
//! Recording is per thread: [`recording`] collects what a closure reads on the thread that
//! runs it. The steps recorded (one document's template context, one report, the feed) do
//! not hand work to other threads, so nothing they read is missed. Outside [`recording`] a
//! read costs one thread-local check.

use std::cell::RefCell;

/// A part of a rendered page that later steps read on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// The body as HTML.
    Html,
    /// The table of contents.
    Toc,
    /// The description or the start of the first paragraph.
    Summary,
    /// The kind's fields as rendered for templates.
    Fields,
    /// External links and their lines.
    ExternalLinks,
}

/// One thing a step read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Read {
    /// A part of page `usize` (an index into `site.pages`).
    Page(usize, Part),
    /// Which pages use glossary entry `usize` (made from every page's marked terms).
    UsedOn(usize),
}

thread_local! {
    static LOG: RefCell<Option<Vec<Read>>> = const { RefCell::new(None) };
}

/// Notes a read, when the current thread is recording.
pub fn record(read: Read) {
    LOG.with(|log| {
        if let Some(log) = log.borrow_mut().as_mut() {
            log.push(read);
        }
    });
}

/// Runs `f` and returns what it read, sorted and without repeats. A recording inside another
/// one also counts for the outer one.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<Read>) {
    let outer = LOG.with(|log| log.replace(Some(Vec::new())));
    let value = f();
    let mut reads = LOG.with(|log| log.replace(outer)).unwrap_or_default();
    reads.sort_unstable();
    reads.dedup();
    LOG.with(|log| {
        if let Some(outer) = log.borrow_mut().as_mut() {
            outer.extend_from_slice(&reads);
        }
    });
    (value, reads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_recorded_only_inside_a_recording() {
        record(Read::UsedOn(9));
        let ((), reads) = recording(|| {
            record(Read::Page(1, Part::Summary));
            record(Read::Page(1, Part::Summary));
            record(Read::UsedOn(0));
        });
        assert_eq!(reads, [Read::Page(1, Part::Summary), Read::UsedOn(0)]);
    }

    #[test]
    fn an_inner_recording_counts_for_the_outer_one() {
        let (inner, outer) = recording(|| {
            record(Read::UsedOn(1));
            recording(|| record(Read::Page(2, Part::Html))).1
        });
        assert_eq!(inner, [Read::Page(2, Part::Html)]);
        assert_eq!(outer, [Read::Page(2, Part::Html), Read::UsedOn(1)]);
    }
}
