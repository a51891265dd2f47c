//! Raw HTML in Markdown (WCAG 1.1.1, 1.3.1): a `<table>` without header cells and an `<img>`
//! without `alt`. Markdown tables and images are checked by the walk itself.

use super::Walk;

impl Walk<'_> {
    /// `<table>` without `<th>` and `<img>` without `alt` in raw HTML.
    pub(super) fn raw_html(&mut self, html: &[(String, usize)]) {
        let mut text = String::new();
        let mut offsets: Vec<(usize, usize)> = Vec::new();
        for (chunk, offset) in html {
            offsets.push((text.len(), *offset));
            text.push_str(chunk);
        }
        let lower = text.to_ascii_lowercase();
        let offset_of = |pos: usize| {
            let i = offsets.partition_point(|&(p, _)| p <= pos).max(1) - 1;
            offsets.get(i).map(|&(p, o)| o + (pos - p)).unwrap_or(0)
        };
        let mut from = 0;
        while let Some(start) = find_tag(&lower, "<table", from) {
            let end = lower[start..]
                .find("</table")
                .map(|e| start + e)
                .unwrap_or(lower.len());
            if find_tag(&lower[..end], "<th", start).is_none() {
                self.warn(
                    "a11y::table-header",
                    offset_of(start),
                    "HTML-tabellen har ingen overskriftsceller (`<th>`)".into(),
                    "bruk `<th scope=\"col\">` i første rad (eller skriv tabellen i Markdown, som alltid har en overskriftsrad)".into(),
                );
            }
            from = end.max(start + 1);
        }
        let mut from = 0;
        while let Some(start) = find_tag(&lower, "<img", from) {
            let end = lower[start..]
                .find('>')
                .map(|e| start + e)
                .unwrap_or(lower.len());
            let tag = &lower[start..end];
            let has_alt = tag.match_indices("alt").any(|(i, _)| {
                tag[..i].ends_with(char::is_whitespace)
                    && tag[i + 3..].trim_start().starts_with('=')
            });
            if !has_alt {
                self.warn(
                    "a11y::image-alt",
                    offset_of(start),
                    "bildet (`<img>`) mangler `alt`".into(),
                    "legg til alt=\"hva bildet viser\", eller alt=\"\" hvis bildet bare er pynt"
                        .into(),
                );
            }
            from = end;
        }
    }
}

/// The start of `tag` (`<th`) at or after `from`, as a whole tag name (not `<thead`).
fn find_tag(lower: &str, tag: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = lower.get(at..)?.find(tag).map(|i| at + i) {
        let next = lower[i + tag.len()..].chars().next();
        if next.is_none_or(|c| c.is_whitespace() || c == '>' || c == '/') {
            return Some(i);
        }
        at = i + tag.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_matched_by_whole_name() {
        assert_eq!(find_tag("<thead><tr><td>", "<th", 0), None);
        assert_eq!(find_tag("<thead><th scope=col>", "<th", 0), Some(7));
    }
}
