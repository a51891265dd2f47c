//! The editor's preview: an entry's text as the site shows it. The site is loaded from the
//! working copy, the edited page replaced by the text in the form, and the page rendered
//! and laid out by the build's own steps (glossary marks, shortcodes, requirement tables,
//! templates); the answer carries the page's `<main>` and the diagnostics `check` gives the
//! page.

use crate::config::Config;
use crate::derive::glossary::Glossary;
use crate::derive::krav_history::KravHistories;
use crate::derive::taxonomy;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::layout::LayoutInput;
use crate::load::{self, CONTENT_DIR};
use crate::pipeline::steps::{self, Changed};
use crate::progress::Progress;
use crate::site::{Entry, Target};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// What the preview pane shows.
#[derive(Debug, Serialize)]
pub struct Preview {
    /// The page's `<main>` element as the build writes it; `None` when the page cannot be
    /// built (the diagnostics say why).
    pub html: Option<String>,
    /// The page's address in the site (`selvhjelp/passord/`), for relative links.
    pub url: Option<String>,
    pub diagnostics: Vec<Problem>,
}

#[derive(Debug, Serialize)]
pub struct Problem {
    pub severity: &'static str,
    pub line: usize,
    pub message: String,
}

impl Problem {
    fn new(d: &Diagnostic) -> Problem {
        Problem {
            severity: match d.severity {
                Severity::Error => "feil",
                Severity::Warning => "advarsel",
                Severity::Note => "merknad",
            },
            line: d.line,
            message: d.one_line(),
        }
    }
}

/// Renders `text` as the file `path` (`content/selvhjelp/a.md`) of the site at `root`.
pub fn render(root: &Path, target: Target, path: &str, text: &str) -> Preview {
    let rel = path
        .strip_prefix(&format!("{CONTENT_DIR}/"))
        .unwrap_or(path)
        .to_string();
    let mut diagnostics = Diagnostics::default();
    let html = page_html(root, target, &rel, text, &mut diagnostics);
    let shown = Path::new(CONTENT_DIR).join(&rel);
    let problems = diagnostics
        .sorted()
        .into_iter()
        .filter(|d| d.file.as_deref().is_none_or(|f| f == shown))
        .map(Problem::new)
        .collect();
    let (html, url) = match html {
        Some((html, url)) => (Some(html), Some(url)),
        None => (None, None),
    };
    Preview {
        html,
        url,
        diagnostics: problems,
    }
}

fn page_html(
    root: &Path,
    target: Target,
    rel: &str,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Option<(String, String)> {
    let config = Config::load(root).map_err(|d| diagnostics.push(d)).ok()?;
    let mut loaded = load::load(root).ok()?;
    let is_section = rel == "_index.md" || rel.ends_with("/_index.md");
    // The text is parsed by the loader itself, from a scratch copy.
    let scratch = Scratch::new().ok()?;
    let file = scratch.0.join(rel);
    std::fs::create_dir_all(file.parent()?).ok()?;
    std::fs::write(&file, text).ok()?;
    if is_section {
        let section = match load::reload_section(&scratch.0, rel) {
            Ok(section) => section,
            Err(problems) => {
                diagnostics.extend(problems);
                return None;
            }
        };
        loaded.diagnostics = Diagnostics::default();
        match loaded
            .sections
            .iter()
            .position(|s| s.source.rel_path == rel)
        {
            Some(i) => loaded.sections[i] = section,
            None => {
                loaded.sections.push(section);
                loaded
                    .sections
                    .sort_by(|a, b| a.source.rel_path.cmp(&b.source.rel_path));
            }
        }
    } else {
        let section_kinds: BTreeMap<String, crate::model::Kind> = loaded
            .sections
            .iter()
            .filter_map(|s| Some((s.source.dir().to_string(), s.meta.page_kind?)))
            .collect();
        let page = match load::reload_page(&scratch.0, rel, &section_kinds) {
            Ok(page) => page,
            Err(problems) => {
                diagnostics.extend(problems);
                return None;
            }
        };
        // Only this page's own load problems matter here.
        loaded.diagnostics = Diagnostics::default();
        match loaded.pages.iter().position(|p| p.source.rel_path == rel) {
            Some(i) => loaded.pages[i] = page,
            None => loaded.pages.push(page),
        }
    }
    diagnostics.extend(crate::validate::validate(
        &loaded.pages,
        &loaded.sections,
        &config,
        crate::pipeline::today(),
        None,
    ));
    // The same assembly as a build: data, theme, templates and the site's language.
    let mut options = crate::pipeline::BuildOptions::new(root);
    options.target = target;
    options.drafts = true;
    let crate::pipeline::Assembled {
        site, templates, ..
    } = crate::pipeline::assemble(&options, config, loaded, diagnostics);
    let templates = templates?;
    let glossary = Arc::new(Glossary::from_site(&site));
    let content = steps::render_all(
        &site,
        Some(&templates),
        &glossary,
        &Progress::new(false),
        diagnostics,
    );
    diagnostics.extend(steps::check_pages(&site, &content, &glossary, Changed::All));
    let used_on = steps::derive_used_on(&glossary, &content);
    let (krav_history, _) = KravHistories::read(root, None, &site);
    let language = templates.shared_translations();
    let (reports, _) = steps::derive_reports(
        &site,
        &content,
        &glossary,
        &used_on,
        &krav_history,
        &language,
    );
    let taxonomies = taxonomy::taxonomies(&site);
    let input = LayoutInput {
        site: &site,
        content: &content,
        taxonomies: &taxonomies,
        templates: &templates,
        glossary: &glossary,
        used_on: &used_on,
        reports: &reports,
        krav_history: &krav_history,
        build_id: "forhandsvisning",
    };
    let (document, url) = match site.entry(rel)? {
        Entry::Page(i) => (input.page_document(i), site.pages[i].url.clone()),
        Entry::Section(s) => (input.section_document(s), site.sections[s].url.clone()),
    };
    let document = document.map_err(|d| diagnostics.push(d)).ok()?;
    Some((main_element(&document.html).to_string(), url))
}

/// A folder of its own under the system's temporary folder, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Scratch> {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "kompetanse-forhandsvisning-{}-{n}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The `<main …>…</main>` of a page, or the whole page if it has none.
fn main_element(html: &str) -> &str {
    match (html.find("<main"), html.rfind("</main>")) {
        (Some(start), Some(end)) if start < end => &html[start..end + "</main>".len()],
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_main_element() {
        assert_eq!(
            main_element("<body><nav>x</nav><main id=m><p>a</p></main><footer/></body>"),
            "<main id=m><p>a</p></main>"
        );
        assert_eq!(main_element("<p>a</p>"), "<p>a</p>");
    }
}
