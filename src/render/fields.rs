//! Renders a page's front matter fields for its kind's view: Markdown fields to HTML with
//! line numbers that point into the front matter, and page paths to checked links. Each kind's
//! [`ContentKind::view`](crate::model::ContentKind::view) gets one of these.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::markdown::links::{LinkTarget, classify, relative_url};
use crate::markdown::{self, Input};
use crate::model::Page;
use crate::model::kinds::Fields;
use crate::site::{Entry, Site};
use crate::views::LinkView;
use std::collections::HashMap;

pub struct FieldRenderer<'a, 'p> {
    site: &'a Site,
    page: &'a Page,
    /// Glossary terms, lowercased, to their page's index.
    terms: &'a HashMap<String, usize>,
    problems: &'p mut Vec<Diagnostic>,
}

impl<'a, 'p> FieldRenderer<'a, 'p> {
    pub fn new(
        site: &'a Site,
        page: &'a Page,
        terms: &'a HashMap<String, usize>,
        problems: &'p mut Vec<Diagnostic>,
    ) -> Self {
        FieldRenderer {
            site,
            page,
            terms,
            problems,
        }
    }
}

impl Fields for FieldRenderer<'_, '_> {
    /// Renders a Markdown field; line numbers point at the field's line in the front matter.
    fn block(&mut self, key: &str, text: &str) -> String {
        let key_line = self.page.source.line_of_key(key);
        let first_words: String = text.lines().next().unwrap_or("").chars().take(40).collect();
        let line = frontmatter::line_of(&self.page.source.text, first_words.trim(), key_line)
            .unwrap_or(key_line);
        let input = Input {
            markdown: text,
            first_line: line,
            source_dir: self.page.source.dir(),
            self_key: &self.page.source.rel_path,
            page_url: &self.page.url,
            display_path: &self.page.source.display_path,
            file_text: &self.page.source.text,
            policy: markdown::html::Policy {
                extra: &self.site.config.raw_html.allow,
            },
            generated: &[],
        };
        let mut rendered = markdown::render(&input, self.site, None);
        self.problems.append(&mut rendered.diagnostics);
        rendered.html
    }

    /// Like `block`, without the paragraph around a one-paragraph text.
    fn inline(&mut self, key: &str, text: &str) -> String {
        let html = self.block(key, text);
        let trimmed = html.trim();
        match trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
        {
            Some(inner) if !inner.contains("<p>") => inner.to_string(),
            _ => trimmed.to_string(),
        }
    }

    /// The address of `target` relative to the page being rendered.
    fn href_to(&self, target: &Page) -> String {
        relative_url(&self.page.url, &format!("{}index.html", target.url))
    }

    /// The glossary page of `term`, whatever its case.
    fn glossary_page(&self, term: &str) -> Option<&Page> {
        let &i = self.terms.get(&term.to_lowercase())?;
        Some(&self.site.pages[i])
    }

    /// Links to the pages at `paths` (written relative to the page's file, under `key`).
    /// A path to a missing or excluded page is reported; external addresses are left out.
    fn page_links(&mut self, key: &str, paths: &[String]) -> Vec<LinkView> {
        let source = &self.page.source;
        let mut out = Vec::new();
        for path in paths {
            let line =
                frontmatter::line_of(&source.text, path, source.line_of_key(key)).unwrap_or(1);
            match classify(path, source.dir(), &source.rel_path, self.site) {
                LinkTarget::Page { url, key, .. } => {
                    let title = match self.site.entry(&key) {
                        Some(Entry::Page(i)) => self.site.pages[i].meta.title.clone(),
                        Some(Entry::Section(i)) => self.site.sections[i].meta.title.clone(),
                        None => continue,
                    };
                    out.push(LinkView {
                        title,
                        href: relative_url(&self.page.url, &format!("{url}index.html")),
                    });
                }
                LinkTarget::External(_) => {}
                other => {
                    let (code, message, help) = match other {
                        LinkTarget::Excluded { path, reason } => (
                            Code::LinkExcluded,
                            format!("`{key}` viser til {path}, som {reason}"),
                            "en offentlig side kan ikke vise til en intern side; fjern henvisningen eller gjør målet offentlig",
                        ),
                        _ => (
                            Code::LinkBroken,
                            format!("`{key}` viser til {path}, som ikke finnes"),
                            "skriv stien relativt til denne filen, f.eks. ../konto/bytte-passord.md",
                        ),
                    };
                    self.problems
                        .push(self.page.error_at(code, line, message).with_help(help));
                }
            }
        }
        out
    }
}
