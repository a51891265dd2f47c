//! Heading levels (WCAG 1.3.1, 2.4.6): the page title is the only level 1, and no level is
//! skipped, so a screen reader's list of headings shows the structure.

use super::Walk;
use pulldown_cmark::HeadingLevel;

impl Walk<'_> {
    pub(super) fn heading(&mut self, level: HeadingLevel, offset: usize) {
        let level = level as u8;
        if level == 1 {
            self.warn(
                "a11y::heading-h1",
                offset,
                "overskrift på nivå 1 (`#`) i teksten: siden har allerede tittelen som nivå 1, og skal ha bare én".into(),
                "bruk `##` for hovedavsnittene i teksten".into(),
            );
        } else if level > self.heading_level + 1 {
            let expected = self.heading_level + 1;
            self.warn(
                "a11y::heading-skip",
                offset,
                format!(
                    "overskriften hopper fra nivå {} til nivå {level}",
                    self.heading_level
                ),
                format!(
                    "bruk `{}` (nivå {expected}); overskriftsnivåene viser strukturen for skjermlesere og kan ikke hoppe over et nivå",
                    "#".repeat(usize::from(expected))
                ),
            );
        }
        self.heading_level = level.max(1);
    }
}
