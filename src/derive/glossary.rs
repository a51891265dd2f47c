//! The glossary (Definisjoner og begreper): the first use of each term in a page's text is
//! marked up with its definition and a link to the entry; each entry lists the pages that use
//! it; and `check` warns about abbreviations used but never defined.
//!
//! Abbreviations (`MFA`, `SLA`) match exactly, case and all, so `AV` never matches the word
//! «av». Other terms match by their search term (stem), so `brannmur` also marks
//! `brannmuren` and `brannmurer`.

use super::search::analyzer::with_analyzer;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::markdown::TextMarker;
use crate::markdown::links::relative_url;
use crate::model::{KindData, SourceInfo};
use crate::site::Site;
use crate::text::{escape_html, truncate_words};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// How a phrase is recognised in running text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Form {
    /// Case-sensitive words (abbreviations).
    Exact(Vec<String>),
    /// Search terms (stems) of the words.
    Stemmed(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct Entry {
    /// Index of the term's page in `site.pages`.
    pub page: usize,
    pub term: String,
    /// Text of the `title` attribute: expansion and a short definition.
    pub tooltip: String,
    /// Site path of the term's page.
    pub url: String,
}

/// The site's glossary, ready to mark up text.
#[derive(Debug, Default)]
pub struct Glossary {
    pub entries: Vec<Entry>,
    exact: HashMap<String, Vec<(usize, Vec<String>)>>,
    stemmed: HashMap<String, Vec<(usize, Vec<String>)>>,
    /// Every term and synonym, lowercased: what counts as defined.
    defined: HashSet<String>,
}

fn is_abbreviation(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 1
        && word.chars().count() >= 2
        && word.chars().all(|c| c.is_uppercase() || c.is_numeric())
}

fn form_of(phrase: &str) -> Option<Form> {
    let raw: Vec<&str> = phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if raw.is_empty() {
        return None;
    }
    if raw.iter().any(|w| is_abbreviation(w)) {
        return Some(Form::Exact(raw.iter().map(|w| w.to_string()).collect()));
    }
    let terms = with_analyzer(|a| a.terms(phrase));
    (!terms.is_empty()).then_some(Form::Stemmed(terms))
}

/// A plain-text version of a definition's first paragraph (links and emphasis dropped).
fn plain_first_paragraph(markdown: &str) -> String {
    let paragraph = markdown
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#'))
        .unwrap_or("");
    let mut out = String::with_capacity(paragraph.len());
    let mut chars = paragraph.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '_' | '`' | '[' => {}
            ']' if chars.peek() == Some(&'(') => {
                for skipped in chars.by_ref() {
                    if skipped == ')' {
                        break;
                    }
                }
            }
            '\n' => out.push(' '),
            other => out.push(other),
        }
    }
    out
}

impl Glossary {
    pub fn from_site(site: &Site) -> Glossary {
        let mut glossary = Glossary::default();
        for (i, page) in site.pages.iter().enumerate() {
            let KindData::Begrep(b) = &page.data else {
                continue;
            };
            let definition = page
                .description()
                .map(str::to_string)
                .unwrap_or_else(|| plain_first_paragraph(page.source.body()));
            let tooltip = match &b.expansion {
                Some(expansion) => format!("{expansion}: {}", truncate_words(&definition, 180)),
                None => truncate_words(&definition, 200),
            };
            let entry = glossary.entries.len();
            glossary.entries.push(Entry {
                page: i,
                term: b.term.clone(),
                tooltip,
                url: page.url.clone(),
            });
            for phrase in std::iter::once(&b.term).chain(&b.synonyms) {
                glossary.defined.insert(phrase.to_lowercase());
                match form_of(phrase) {
                    Some(Form::Exact(w)) => glossary
                        .exact
                        .entry(w[0].clone())
                        .or_default()
                        .push((entry, w)),
                    Some(Form::Stemmed(t)) => glossary
                        .stemmed
                        .entry(t[0].clone())
                        .or_default()
                        .push((entry, t)),
                    None => {}
                }
            }
            if let Some(expansion) = &b.expansion {
                glossary.defined.insert(expansion.to_lowercase());
            }
        }
        glossary.defined.extend(
            site.config
                .known_abbreviations
                .iter()
                .map(|a| a.to_lowercase()),
        );
        // Longer phrases first, so «Azure AD» wins over «AD».
        for list in glossary
            .exact
            .values_mut()
            .chain(glossary.stemmed.values_mut())
        {
            list.sort_by_key(|(_, words)| std::cmp::Reverse(words.len()));
        }
        glossary
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry whose page is `page`, if the page is a term.
    pub fn entry_of_page(&self, page: usize) -> Option<usize> {
        self.entries.iter().position(|e| e.page == page)
    }

    /// A marker for one page's text; `own` is the page's own entry (never marked on itself).
    pub fn marker(self: &Arc<Self>, own: Option<usize>) -> GlossaryMarker {
        GlossaryMarker {
            glossary: self.clone(),
            used: Vec::new(),
            own,
        }
    }
}

/// A word of a text with its byte range.
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    term: Option<String>,
}

fn split_words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = &text[s..i];
                let term = with_analyzer(|a| a.term(&word.to_lowercase()));
                out.push(Word {
                    text: word,
                    start: s,
                    end: i,
                    term,
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Marks the first use of each glossary entry on one page.
pub struct GlossaryMarker {
    glossary: Arc<Glossary>,
    used: Vec<usize>,
    own: Option<usize>,
}

impl GlossaryMarker {
    /// Entries marked on the page, in order of first use.
    pub fn used(&self) -> &[usize] {
        &self.used
    }

    /// The entry and the number of words matched at `words[i]`, if any not yet used.
    fn match_at(&self, text: &str, words: &[Word<'_>], i: usize) -> Option<(usize, usize)> {
        // The last part of a hyphenated word is not a term of its own: «ROR-IKT» is not «IKT»,
        // «Politiker-PC» not «PC». (A term before the hyphen is: «PC-en».)
        let before = &text[..words[i].start];
        if before.ends_with('-') && before[..before.len() - 1].ends_with(char::is_alphanumeric) {
            return None;
        }
        let g = &self.glossary;
        let exact = g
            .exact
            .get(words[i].text)
            .into_iter()
            .flatten()
            .find(|(entry, phrase)| {
                self.is_new(*entry)
                    && words.len() - i >= phrase.len()
                    && phrase.iter().zip(&words[i..]).all(|(p, w)| p == w.text)
            });
        if let Some((entry, phrase)) = exact {
            return Some((*entry, phrase.len()));
        }
        let term = words[i].term.as_ref()?;
        // Stemmed phrases skip stop words, so compare against the text's non-stop words.
        let candidates = g.stemmed.get(term)?;
        candidates.iter().find_map(|(entry, phrase)| {
            if !self.is_new(*entry) || is_abbreviation(words[i].text) {
                return None;
            }
            let mut matched = 0;
            let mut j = i;
            while matched < phrase.len() && j < words.len() {
                match &words[j].term {
                    Some(t) if *t == phrase[matched] => matched += 1,
                    Some(_) => return None,
                    None => {}
                }
                j += 1;
            }
            (matched == phrase.len()).then_some((*entry, j - i))
        })
    }

    fn is_new(&self, entry: usize) -> bool {
        Some(entry) != self.own && !self.used.contains(&entry)
    }
}

impl TextMarker for GlossaryMarker {
    fn mark(&mut self, text: &str, page_url: &str) -> Option<String> {
        let words = split_words(text);
        let mut out = String::new();
        let mut copied = 0;
        let mut i = 0;
        while i < words.len() {
            if let Some((entry, count)) = self.match_at(text, &words, i) {
                let (start, end) = (words[i].start, words[i + count - 1].end);
                let e = &self.glossary.entries[entry];
                out.push_str(&escape_html(&text[copied..start]));
                out.push_str(&format!(
                    "<a class=\"term\" href=\"{}\"><abbr title=\"{}\">{}</abbr></a>",
                    escape_html(&relative_url(page_url, &format!("{}index.html", e.url))),
                    escape_html(&e.tooltip),
                    escape_html(&text[start..end])
                ));
                copied = end;
                self.used.push(entry);
                i += count;
            } else {
                i += 1;
            }
        }
        if copied == 0 {
            return None;
        }
        out.push_str(&escape_html(&text[copied..]));
        Some(out)
    }

    fn marked(&self) -> Vec<usize> {
        self.used.clone()
    }
}

/// Whether two capital letters follow each other somewhere in `line`.
fn has_capital_pair(line: &str) -> bool {
    if line.is_ascii() {
        return line
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase());
    }
    let mut previous = false;
    line.chars().any(|c| {
        let upper = c.is_uppercase();
        let pair = upper && previous;
        previous = upper;
        pair
    })
}

/// Warnings for abbreviations (2–6 capital letters) used in a page but not in the glossary.
pub fn undefined_abbreviations(glossary: &Glossary, source: &SourceInfo) -> Vec<Diagnostic> {
    let mut reported = HashSet::new();
    let mut problems = Vec::new();
    let mut in_fence = false;
    for (i, line) in source.body().lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        // An abbreviation has two capitals in a row, and most lines have none: skip them
        // cheaply (this runs over every line of every page).
        if !has_capital_pair(line) {
            continue;
        }
        for compound in prose_words(line) {
            // `BP-MOL-001` is an identifier, and `ROR-IKT` may be defined as a whole.
            if compound.chars().any(|c| c.is_numeric()) {
                continue;
            }
            let parts: Vec<&str> = compound.split('-').collect();
            let covered = (1..=parts.len())
                .rev()
                .find(|&k| {
                    let prefix = parts[..k].join("-").to_lowercase();
                    // `ROR-IKTs`: a genitive or inflection after the defined form.
                    let uninflected = parts[..k]
                        .join("-")
                        .trim_end_matches(|c: char| c.is_lowercase())
                        .to_lowercase();
                    glossary.defined.contains(&prefix)
                        || (k > 1 && glossary.defined.contains(&uninflected))
                })
                .unwrap_or(0);
            for word in &parts[covered..] {
                let word = *word;
                let letters = word.chars().count();
                let is_candidate = (2..=6).contains(&letters)
                    && word.chars().all(|c| c.is_uppercase() && c.is_alphabetic());
                if !is_candidate
                    || glossary.defined.contains(&word.to_lowercase())
                    || !reported.insert(word.to_string())
                {
                    continue;
                }
                let column = line
                    .find(word)
                    .map(|b| line[..b].chars().count() + 1)
                    .unwrap_or(1);
                problems.push(
                    Diagnostic::warning(
                        Code::GlossaryUndefinedAbbreviation,
                        format!("forkortelsen {word} er brukt, men ikke forklart i begrepslisten"),
                    )
                    .in_file(&source.display_path)
                    .at(source.body_line + i, column)
                    .spanning(letters)
                    .with_source(source.text.clone())
                    .with_help(format!(
                        "lag content/begreper/{}.md med `kompetanse new begrep begreper/{}.md`, eller skriv ordet ut",
                        word.to_lowercase(),
                        word.to_lowercase()
                    )),
                );
            }
        }
    }
    problems
}

/// Words of a Markdown line outside inline code and link destinations; words joined by
/// hyphens (`ROR-IKT`) come as one.
fn prose_words(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut in_code = false;
    let mut in_url = false;
    let mut previous = ' ';
    let mut start: Option<usize> = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        let joins = c == '-' && start.is_some() && line[i + 1..].starts_with(char::is_alphanumeric);
        if (c.is_alphanumeric() || joins) && !in_code && !in_url {
            start.get_or_insert(i);
        } else {
            if let Some(s) = start.take() {
                out.push(&line[s..i]);
            }
            match c {
                '`' => in_code = !in_code,
                '(' if previous == ']' => in_url = true,
                ')' if in_url => in_url = false,
                _ => {}
            }
        }
        previous = c;
    }
    out
}

/// Pages using each entry (from the markers), excluding the entry's own page.
pub fn used_on(glossary: &Glossary, marked: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut pages = vec![Vec::new(); glossary.entries.len()];
    for (page, entries) in marked.iter().enumerate() {
        for &entry in entries {
            pages[entry].push(page);
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::has_capital_pair;

    #[test]
    fn a_capital_pair_is_found_in_any_script() {
        let cases = [
            ("Kontakt NAV i dag", true),
            ("Åpne ØKS-skjemaet", true),
            ("Ålesund og Ørsta, Molde", false),
            ("Sentralbord: Ål og Øst", false),
            ("ÆØ", true),
            ("", false),
        ];
        for (line, expected) in cases {
            assert_eq!(has_capital_pair(line), expected, "{line}");
        }
    }
}
