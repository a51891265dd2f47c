//! Accessibility and plain-language checks of what editors write (WCAG 2.1 AA and klarspråk),
//! as warnings with file, line and a fix. They read the Markdown body of each page and section
//! as pulldown-cmark events with source offsets:
//!
//! - an image without alternative text, or with the file name as its text (1.1.1);
//! - a heading level that skips (`##` → `####`) or a level-1 heading in the body, which gives
//!   the page a second h1 beside its title (1.3.1, 2.4.6);
//! - link text that says nothing out of context («her», «les mer», a bare address) (2.4.4);
//! - an HTML table without header cells, or a Markdown table with an empty header row (1.3.1);
//! - a `chart` shortcode whose text alternative would only be the data file's name (1.1.1);
//! - a sentence or paragraph longer than the limits in `site.yaml` (`checks:`).
//!
//! Front matter fields written in Markdown (a service's `included`, a requirement's `text`)
//! are not read; templates and generated pages are tested in the browser suite instead.

use super::Settings;
use crate::data::DataTable;
use crate::diagnostics::Diagnostic;
use crate::model::{Kind, SourceInfo};
use crate::site::Site;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::Range;

/// Link texts that say nothing about where the link goes, lower-cased, without end punctuation.
const VAGUE_LINK_TEXTS: &[&str] = &[
    "her",
    "klikk her",
    "trykk her",
    "se her",
    "les her",
    "les mer",
    "les mer her",
    "mer",
    "mer info",
    "mer informasjon",
    "link",
    "lenke",
    "lenken",
    "denne lenken",
    "denne siden",
    "klikk",
    "click here",
    "here",
    "read more",
    "more",
];

const IMAGE_EXTENSIONS: &[&str] = &[
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".tif", ".tiff",
];

/// Checks every page and section of the site.
pub fn check_site(site: &Site) -> Vec<Diagnostic> {
    let settings = &site.config.checks;
    let pages = site
        .pages
        .par_iter()
        .flat_map_iter(|p| check(&p.source, Some(p.kind), &site.data, settings));
    let sections = site
        .sections
        .par_iter()
        .flat_map_iter(|s| check(&s.source, None, &site.data, settings));
    pages.chain(sections).collect()
}

/// Checks one page (`kind` given) or section (`None`).
pub fn check(
    source: &SourceInfo,
    kind: Option<Kind>,
    data: &BTreeMap<String, DataTable>,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let mut walk = Walk::new(source, settings);
    // A service's body is rendered under the template's «1 Beskrivelse av tjenesten» (h2).
    walk.heading_level = if kind == Some(Kind::Tjeneste) { 2 } else { 1 };
    walk.run();
    walk.charts(data);
    walk.problems
}

/// A run of text (a paragraph or the text of a list item) and where its pieces came from.
#[derive(Default)]
struct Block {
    text: String,
    /// (position in `text`, source offset in the body) of each piece.
    pieces: Vec<(usize, usize)>,
}

impl Block {
    fn push(&mut self, text: &str, offset: usize) {
        self.pieces.push((self.text.len(), offset));
        self.text.push_str(text);
    }

    fn source_offset(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|&(p, _)| p <= pos).max(1) - 1;
        let (start, offset) = self.pieces.get(i).copied().unwrap_or((0, 0));
        offset + (pos - start)
    }
}

struct Walk<'a> {
    source: &'a SourceInfo,
    body: &'a str,
    settings: &'a Settings,
    /// Byte offsets in `body` where lines start.
    line_starts: Vec<usize>,
    heading_level: u8,
    problems: Vec<Diagnostic>,
}

impl<'a> Walk<'a> {
    fn new(source: &'a SourceInfo, settings: &'a Settings) -> Walk<'a> {
        let body = source.body();
        let line_starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Walk {
            source,
            body,
            settings,
            line_starts,
            heading_level: 1,
            problems: Vec::new(),
        }
    }

    /// File line and column (1-based, in characters) of a body offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.body.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.line_starts[line];
        let column = self
            .body
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        (self.source.body_line + line, column)
    }

    fn warn(&mut self, code: &'static str, offset: usize, message: String, help: String) {
        let (line, column) = self.position(offset);
        self.problems.push(
            Diagnostic::warning(code, message)
                .in_file(&self.source.display_path)
                .at(line, column)
                .with_source(self.source.text.clone())
                .with_help(help),
        );
    }

    fn run(&mut self) {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES;
        let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(self.body, options)
            .into_offset_iter()
            .collect();
        let mut html: Vec<(String, usize)> = Vec::new();
        let mut blocks: Vec<Block> = Vec::new();
        // Inside headings, code, images and table cells text belongs to no sentence.
        let mut skip_text = 0usize;
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    self.heading(*level, range.start);
                    skip_text += 1;
                }
                Event::End(TagEnd::Heading(_)) => skip_text -= 1,
                Event::Start(Tag::Image { dest_url, .. }) => {
                    let end = end_of(&events, i);
                    let alt = inline_text(&events[i + 1..end]);
                    self.image(&alt, dest_url, range.start);
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) => {
                    let end = end_of(&events, i);
                    let text = inline_text(&events[i + 1..end]);
                    self.link(&text, *link_type, dest_url, range.start);
                }
                Event::Start(Tag::TableHead) => {
                    let end = end_of(&events, i);
                    if inline_text(&events[i + 1..end]).trim().is_empty() {
                        self.warn(
                            "a11y::table-header",
                            range.start,
                            "tabellen har en tom overskriftsrad".into(),
                            "skriv hva hver kolonne inneholder i første rad (`| Kommune | Antall |`), så skjermlesere kan lese cellene med overskrift".into(),
                        );
                    }
                }
                Event::Start(Tag::CodeBlock(_) | Tag::TableCell) => skip_text += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::TableCell) => skip_text -= 1,
                // A stack: a list item's own text is one block, its nested items others.
                Event::Start(Tag::Paragraph | Tag::Item) => blocks.push(Block::default()),
                Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                    if let Some(open) = blocks.pop() {
                        self.prose(&open);
                    }
                }
                Event::Text(text) | Event::Code(text) if skip_text == 0 => {
                    if let Some(block) = blocks.last_mut() {
                        block.push(text, range.start);
                    }
                }
                Event::SoftBreak | Event::HardBreak if skip_text == 0 => {
                    if let Some(block) = blocks.last_mut() {
                        block.push(" ", range.start);
                    }
                }
                Event::Html(text) | Event::InlineHtml(text) => {
                    html.push((text.to_string(), range.start));
                }
                _ => {}
            }
            i += 1;
        }
        self.raw_html(&html);
    }

    fn heading(&mut self, level: HeadingLevel, offset: usize) {
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

    fn image(&mut self, alt: &str, dest: &str, offset: usize) {
        let alt = alt.trim();
        let file = dest
            .rsplit('/')
            .next()
            .unwrap_or(dest)
            .split(['?', '#'])
            .next()
            .unwrap_or("");
        let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
        let lower = alt.to_lowercase();
        let is_file_name = !alt.is_empty()
            && (lower == file.to_lowercase()
                || lower == stem.to_lowercase()
                || IMAGE_EXTENSIONS.iter().any(|e| lower.ends_with(e)));
        let example = format!("![Skjermbilde av …]({dest})");
        if alt.is_empty() {
            self.warn(
                "a11y::image-alt",
                offset,
                format!("bildet {file} mangler alternativ tekst"),
                format!(
                    "skriv kort hva bildet viser mellom hakeparentesene, for eksempel {example}"
                ),
            );
        } else if is_file_name {
            self.warn(
                "a11y::image-alt",
                offset,
                format!("den alternative teksten til bildet er filnavnet «{alt}»"),
                format!("skriv hva bildet viser i stedet for filnavnet, for eksempel {example}"),
            );
        }
    }

    fn link(&mut self, text: &str, link_type: LinkType, dest: &str, offset: usize) {
        let trimmed = text.trim();
        let normal = trimmed
            .trim_end_matches(['.', ':', '!', '?', '»', '…'])
            .trim_start_matches('«')
            .trim()
            .to_lowercase();
        let is_address = normal.starts_with("http://")
            || normal.starts_with("https://")
            || normal.starts_with("www.");
        if link_type == LinkType::Email {
            return;
        }
        if normal.is_empty() {
            self.warn(
                "a11y::link-text",
                offset,
                format!("lenken til {dest} har ingen tekst"),
                "skriv hvor lenken fører mellom hakeparentesene: [Søknadsskjema for fjernarbeid](…)".into(),
            );
        } else if VAGUE_LINK_TEXTS.contains(&normal.as_str()) {
            self.warn(
                "a11y::link-text",
                offset,
                format!("lenketeksten «{trimmed}» sier ikke hvor lenken fører"),
                "la lenketeksten si hva leseren finner, for eksempel «[les veiledningen for å bytte passord](…)» i stedet for «[her](…)»; skjermlesere viser ofte lenkene alene".into(),
            );
        } else if is_address {
            self.warn(
                "a11y::link-text",
                offset,
                format!("lenketeksten er en nettadresse ({trimmed})"),
                "skriv navnet på siden eller dokumentet som lenketekst, for eksempel [Datatilsynets veileder om DPIA](https://…); en skjermleser leser adresser tegn for tegn".into(),
            );
        }
    }

    /// `<table>` without `<th>` and `<img>` without `alt` in raw HTML.
    fn raw_html(&mut self, html: &[(String, usize)]) {
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

    /// Sentence and paragraph length (klarspråk).
    fn prose(&mut self, block: &Block) {
        let words = count_words(&block.text);
        if words == 0 {
            return;
        }
        let max_paragraph = self.settings.max_paragraph_words;
        if words > max_paragraph {
            self.warn(
                "klarsprak::long-paragraph",
                block.source_offset(0),
                format!("avsnittet har {words} ord (grensen er {max_paragraph})"),
                "del avsnittet i flere, med ett tema hvert, eller bruk en punktliste; grensen er `checks.max_paragraph_words` i site.yaml".into(),
            );
        }
        let max_sentence = self.settings.max_sentence_words;
        for (start, sentence) in sentences(&block.text) {
            let words = count_words(sentence);
            if words > max_sentence {
                let preview: String = sentence
                    .split_whitespace()
                    .take(6)
                    .collect::<Vec<_>>()
                    .join(" ");
                self.warn(
                    "klarsprak::long-sentence",
                    block.source_offset(start),
                    format!("setningen «{preview} …» har {words} ord (grensen er {max_sentence})"),
                    "del setningen i to eller flere; korte setninger er lettere å lese, også med skjermleser. Grensen er `checks.max_sentence_words` i site.yaml".into(),
                );
            }
        }
    }

    /// Charts whose text alternative would be the data file's name.
    fn charts(&mut self, data: &BTreeMap<String, DataTable>) {
        let mut in_fence = false;
        let mut offset = 0;
        let mut found = Vec::new();
        for line in self.body.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
            }
            if !in_fence {
                let mut from = 0;
                while let Some(open) = line[from..].find("{{").map(|o| from + o) {
                    let Some(close) = line[open..].find("}}").map(|c| open + c) else {
                        break;
                    };
                    let inner = line[open + 2..close].trim();
                    let in_code = line[..open].matches('`').count() % 2 == 1;
                    if !in_code && inner.starts_with("chart") {
                        found.push((offset + open, inner.to_string()));
                    }
                    from = close + 2;
                }
            }
            offset += line.len();
        }
        for (at, call) in found {
            if argument(&call, "title").is_some_and(|t| !t.trim().is_empty()) {
                continue;
            }
            let Some(name) = argument(&call, "data") else {
                continue;
            };
            // An unknown data file is already an error from the shortcode itself.
            let Some(table) = data.get(&name) else {
                continue;
            };
            if table.title.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                continue;
            }
            self.warn(
                "a11y::chart-title",
                at,
                format!(
                    "diagrammet har ingen tittel, så tekstalternativet blir bare filnavnet «{name}»"
                ),
                format!(
                    "legg til title=\"Hva diagrammet viser\" i kortkoden, eller `title:` i datafilen (data/{name}.yaml)"
                ),
            );
        }
    }
}

/// The index of the `End` event matching the `Start` at `start`.
fn end_of(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// The text a reader gets from inline events (an image inside a link counts by its alt text).
fn inline_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect()
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

/// A `key="value"` (or unquoted `key=value`) argument of a shortcode call.
fn argument(call: &str, key: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = call[from..].find(key).map(|i| from + i) {
        let before = call[..i].chars().next_back();
        let rest = call[i + key.len()..].trim_start();
        if before.is_some_and(|c| c == '(' || c == ',' || c.is_whitespace())
            && let Some(value) = rest.strip_prefix('=')
        {
            let value = value.trim_start();
            return Some(match value.strip_prefix('"') {
                Some(quoted) => quoted.split('"').next().unwrap_or("").to_string(),
                None => value
                    .split([',', ')'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string(),
            });
        }
        from = i + key.len();
    }
    None
}

fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The sentences of a text with their start positions. A sentence ends at `.`, `!` or `?`
/// followed by a space and a capital letter, a quote or (after a word longer than an
/// abbreviation) a digit, so «f.eks. slik» and «kl. 08.00» do not end one; a clause also ends
/// at `:` and `;`.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | ':' | ';') {
            continue;
        }
        let Some(&(_, space)) = chars.get(k + 1) else {
            continue;
        };
        if !space.is_whitespace() {
            continue;
        }
        let next = chars[k + 1..].iter().find(|(_, c)| !c.is_whitespace());
        let ends = match next {
            None => true,
            // A colon or semicolon ends a clause whatever follows; a full stop only before a
            // new sentence.
            Some(_) if matches!(c, ':' | ';') => true,
            // «kl. 08.00», «nr. 3», «ca. 20»: a short word before the stop is an abbreviation.
            Some(&(_, n)) if n.is_ascii_digit() => {
                let word = text[start..i]
                    .rsplit(char::is_whitespace)
                    .next()
                    .unwrap_or("");
                word.chars().count() > 3 && !word.contains('.')
            }
            Some(&(_, n)) => n.is_uppercase() || matches!(n, '«' | '"' | '(' | '–' | '-'),
        };
        if ends {
            let end = i + c.len_utf8();
            out.push((start, &text[start..end]));
            start = chars.get(k + 1).map(|&(j, _)| j).unwrap_or(text.len());
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out.into_iter()
        .map(|(s, t)| {
            let lead = t.len() - t.trim_start().len();
            (s + lead, t.trim())
        })
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_full_stops_before_capitals_only() {
        let s =
            sentences("Bytt passord f.eks. hver måned. Kontoret åpner kl. 08.00 hver dag! Ferdig");
        let texts: Vec<&str> = s.iter().map(|(_, t)| *t).collect();
        assert_eq!(
            texts,
            vec![
                "Bytt passord f.eks. hver måned.",
                "Kontoret åpner kl. 08.00 hver dag!",
                "Ferdig"
            ]
        );
        assert_eq!(s[1].0, "Bytt passord f.eks. hver måned. ".len());
    }

    #[test]
    fn shortcode_arguments() {
        let call = r#"chart(data="sla-2024", x="maned", y=["a"], title="Saker, per måned")"#;
        assert_eq!(argument(call, "data").as_deref(), Some("sla-2024"));
        assert_eq!(argument(call, "title").as_deref(), Some("Saker, per måned"));
        assert_eq!(argument("chart(data=x)", "data").as_deref(), Some("x"));
        assert_eq!(argument(r#"chart(metadata="x")"#, "data"), None);
    }

    #[test]
    fn tags_are_matched_by_whole_name() {
        assert_eq!(find_tag("<thead><tr><td>", "<th", 0), None);
        assert_eq!(find_tag("<thead><th scope=col>", "<th", 0), Some(7));
    }
}
