//! Incremental rebuilds for the live preview. The session keeps everything the last build
//! made ([`Built`]); when only the Markdown bodies of existing pages changed, it loads and
//! renders those pages again and rewrites them and what depends on them: their section
//! listing and taxonomy pages if their summary changed, the glossary's «used on» lists if the
//! terms they use changed, the reports, the news feed, and the search-index files their
//! terms live in. Anything else (front matter, sections, glossary terms, templates, data, new
//! or removed files) gets a full build.

use crate::derive::search;
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout::Document;
use crate::load::{self, CONTENT_DIR};
use crate::model::{Kind, Page};
use crate::pipeline::steps::{self, Changed};
use crate::pipeline::{self, BuildFailure, BuildOptions, BuildSummary, Built, Timings};
use crate::render::{RenderedContent, RenderedPage};
use crate::site::{Entry, Site};
use crate::write::Staging;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub struct Session {
    options: BuildOptions,
    built: Option<Built>,
    /// How the last rebuild was done, for tests and the terminal.
    pub last_was_incremental: bool,
}

/// One page edit applied to the build, and what it replaced (to undo on failure).
struct Applied {
    index: usize,
    old_page: Page,
    old_rendered: RenderedPage,
}

impl Session {
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            built: None,
            last_was_incremental: false,
        }
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Drops the kept state, so the next rebuild is a full one.
    pub fn forget(&mut self) {
        self.built = None;
    }

    /// Rebuilds after `changed` (absolute paths; empty means anything may have changed).
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildSummary, BuildFailure> {
        let started = Instant::now();
        if let Some(result) = self.apply_body_edits(changed, started) {
            self.last_was_incremental = true;
            return result;
        }
        self.last_was_incremental = false;
        match pipeline::build_keeping_state(&self.options) {
            Ok((summary, built)) => {
                self.built = Some(built);
                Ok(summary)
            }
            Err(failure) => {
                // The sources no longer match the kept state (a collision or a broken file
                // elsewhere): an edit applied to the old state would pass as a good build, so
                // the next rebuild is a full one that checks everything again.
                self.built = None;
                Err(failure)
            }
        }
    }

    /// The content paths (`selvhjelp/a.md`) of `changed`, if every one is an existing page
    /// whose front matter is unchanged; `None` means a full build is needed.
    fn body_edits(&self, built: &Built, changed: &[PathBuf]) -> Option<Vec<(usize, String)>> {
        if changed.is_empty() {
            return None;
        }
        let content = self.options.root.join(CONTENT_DIR);
        let content = content.canonicalize().unwrap_or(content);
        let mut edits = Vec::new();
        for path in changed {
            let path = path.canonicalize().ok()?;
            let rel = path.strip_prefix(&content).ok()?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let Some(Entry::Page(i)) = built.site.entry(&rel) else {
                return None;
            };
            if built.site.pages[i].kind == Kind::Begrep {
                return None;
            }
            if !edits.iter().any(|(j, _)| *j == i) {
                edits.push((i, rel));
            }
        }
        Some(edits)
    }

    fn apply_body_edits(
        &mut self,
        changed: &[PathBuf],
        started: Instant,
    ) -> Option<Result<BuildSummary, BuildFailure>> {
        let built = self.built.as_ref()?;
        let edits = self.body_edits(built, changed)?;
        let mut timings = Timings::default();
        timings.start();
        let content_dir = self.options.root.join(CONTENT_DIR);
        let section_kinds = built.site.section_kinds();
        let mut diagnostics = Diagnostics::default();
        let mut pages = Vec::new();
        for (i, rel) in edits {
            match load::reload_page(&content_dir, &rel, &section_kinds) {
                Ok(mut page) => {
                    let old = &built.site.pages[i].source;
                    if old.text[..old.body_start] != page.source.text[..page.source.body_start] {
                        return None;
                    }
                    // Reloading reads only the file; a date from Git stays as the build set it.
                    page.meta.updated = built.site.pages[i].meta.updated;
                    pages.push((i, page));
                }
                Err(problems) => diagnostics.extend(problems),
            }
        }
        if diagnostics.has_errors() {
            return Some(Err(BuildFailure::Content(diagnostics)));
        }
        timings.lap("load");
        let built = self.built.as_mut()?;
        let indexes: Vec<usize> = pages.iter().map(|(i, _)| *i).collect();
        let old_pages: Vec<Page> = pages
            .into_iter()
            .map(|(i, page)| built.site.replace_page(i, page))
            .collect();
        let old_rendered = steps::render_pages(
            &built.site,
            &built.templates,
            &built.glossary,
            &mut built.content,
            &indexes,
            &mut diagnostics,
        );
        let applied: Vec<Applied> = indexes
            .iter()
            .zip(old_pages)
            .zip(old_rendered)
            .map(|((&index, old_page), old_rendered)| Applied {
                index,
                old_page,
                old_rendered,
            })
            .collect();
        // The front matter is unchanged, so this would be a bug; be safe.
        if applied
            .iter()
            .any(|a| built.content.pages[a.index].fields != a.old_rendered.fields)
        {
            undo(built, applied);
            return None;
        }
        timings.lap("render");
        diagnostics.extend(steps::check_pages(
            &built.site,
            &built.content,
            &built.glossary,
            Changed::Pages(&indexes),
        ));
        if diagnostics.has_errors() {
            undo(built, applied);
            return Some(Err(BuildFailure::Content(diagnostics)));
        }
        timings.lap("checks");
        let written = write_edits(built, &applied, &self.options.output, &mut timings);
        let files = match written {
            Ok(files) => files,
            Err(problem) => {
                undo(built, applied);
                return Some(Err(problem));
            }
        };
        Some(Ok(BuildSummary {
            pages: built.site.pages.len(),
            sections: built.site.sections.len(),
            files,
            elapsed: started.elapsed(),
            timings,
            diagnostics,
        }))
    }
}

/// What other documents must be made again after page edits: the edited pages show in
/// listings (their summary), in the glossary («used on») and in reports.
#[derive(Debug, Default, PartialEq, Eq)]
struct Dependents {
    sections: BTreeSet<usize>,
    /// Pages whose taxonomy term pages list their summary.
    listed: Vec<usize>,
    glossary_entries: BTreeSet<usize>,
    glossary: bool,
    reports: bool,
    feed: bool,
}

fn dependents(site: &Site, content: &RenderedContent, applied: &[Applied]) -> Dependents {
    let mut d = Dependents::default();
    for a in applied {
        let new = &content.pages[a.index];
        let old = &a.old_rendered;
        if new.summary != old.summary {
            if let Some(section) = site.page_section[a.index] {
                d.sections.insert(section);
            }
            if site.pages[a.index].kind == Kind::Nyhet {
                d.sections.extend(site.home());
                d.feed = true;
            }
            d.listed.push(a.index);
        }
        if new.marked != old.marked {
            d.glossary = true;
            d.reports = true;
            d.glossary_entries
                .extend(new.marked.iter().chain(&old.marked).copied());
        }
        if new.body.external_links != old.body.external_links {
            d.reports = true;
        }
    }
    d
}

/// Puts the replaced pages back, so the session matches the output it still serves.
fn undo(built: &mut Built, applied: Vec<Applied>) {
    for a in applied.into_iter().rev() {
        built.site.replace_page(a.index, a.old_page);
        built.content.pages[a.index] = a.old_rendered;
    }
}

/// Writes the edited pages, what depends on them and the search-index files they touch.
fn write_edits(
    built: &mut Built,
    applied: &[Applied],
    output: &Path,
    timings: &mut Timings,
) -> Result<usize, BuildFailure> {
    let staging = Staging::in_place(output);
    let io = |err: std::io::Error| {
        BuildFailure::Usage(
            Diagnostic::error(Code::OutputIo, format!("kunne ikke skrive: {err}")).in_file(output),
        )
    };
    let content_failure = |d: Diagnostic| BuildFailure::Content([d].into_iter().collect());
    let needed = dependents(&built.site, &built.content, applied);
    if needed.glossary {
        built.used_on = steps::derive_used_on(&built.glossary, &built.content);
    }
    let mut files = 0;
    {
        let reports = if needed.reports {
            steps::derive_reports(
                &built.site,
                &built.content,
                &built.glossary,
                &built.used_on,
                &built.krav_history,
                built.templates.translations(),
            )
        } else {
            Vec::new()
        };
        let layout = built.layout(&reports);
        let mut documents: Vec<Result<Document, Diagnostic>> = applied
            .iter()
            .map(|a| layout.page_document(a.index))
            .collect();
        documents.extend(needed.sections.iter().map(|&s| layout.section_document(s)));
        for &i in &needed.listed {
            documents.extend(layout.term_documents_of_page(i));
        }
        if needed.glossary {
            let entries: Vec<usize> = needed.glossary_entries.iter().copied().collect();
            documents.extend(layout.glossary_documents(&entries));
        }
        if needed.reports {
            documents.extend(layout.report_documents());
        }
        for document in documents {
            let document = document.map_err(content_failure)?;
            let path = document.path.clone();
            let bytes = steps::document_bytes(document, built.site.config.minify);
            staging.write(&path, &bytes).map_err(io)?;
            files += 1;
        }
        files += steps::write_report_files(&staging, &reports).map_err(io)?;
    }
    if needed.feed {
        match steps::write_feed(&staging, &built.site, &built.content, &built.templates) {
            Ok(()) => files += 1,
            Err(steps::WriteError::Template(d)) => return Err(content_failure(d)),
            Err(steps::WriteError::Io(err)) => return Err(io(err)),
        }
    }
    timings.lap("page");
    if let Some(index) = built.index.as_mut() {
        for a in applied {
            let document = search::document(&built.site, &built.content, a.index);
            let Some(number) = index.position(&document.url) else {
                continue;
            };
            let changed = index.replace(number, document);
            files += changed.len();
            changed
                .par_iter()
                .try_for_each(|(path, text)| staging.write(path, text.as_bytes()))
                .map_err(io)?;
        }
    }
    staging.commit().map_err(io)?;
    timings.lap("search index");
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built() -> (tempfile::TempDir, Built) {
        let dir = tempfile::tempdir().unwrap();
        let page = |title: &str, extra: &str, body: &str| {
            format!(
                "---\ntitle: {title}\nupdated: 2024-03-08\nowner: O\naccess: public\n{extra}---\n\n{body}\n"
            )
        };
        let files = [
            (
                "site.yaml",
                "title: T\nbase_url: https://t.example/\nminify: false\n".to_string(),
            ),
            (
                "content/_index.md",
                "---\ntitle: T\naccess: public\n---\n".into(),
            ),
            (
                "content/nytt/_index.md",
                "---\ntitle: Nytt\naccess: public\npage_kind: nyhet\n---\n".into(),
            ),
            (
                "content/nytt/n.md",
                page("Nyhet", "date: 2024-03-08\n", "Noe nytt."),
            ),
            (
                "content/s/_index.md",
                "---\ntitle: S\naccess: public\n---\n".into(),
            ),
            ("content/s/a.md", page("A", "", "Tekst.")),
        ];
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let (_, built) = pipeline::build_keeping_state(&BuildOptions::new(dir.path())).unwrap();
        (dir, built)
    }

    /// What the page was before an edit: rendered anew, then changed by `edit`.
    fn applied(built: &Built, key: &str, edit: impl Fn(&mut RenderedPage)) -> Applied {
        let Some(Entry::Page(index)) = built.site.entry(key) else {
            panic!("{key} is a page");
        };
        let marker = steps::marker(&built.glossary, index);
        let (mut old_rendered, _) = crate::render::render_one_page(
            &built.site,
            Some(&built.templates.shortcodes()),
            index,
            marker,
        );
        edit(&mut old_rendered);
        Applied {
            index,
            old_page: built.site.pages[index].clone(),
            old_rendered,
        }
    }

    #[test]
    fn an_unchanged_page_needs_nothing_else() {
        let (_dir, built) = built();
        let a = applied(&built, "s/a.md", |_| {});
        assert_eq!(
            dependents(&built.site, &built.content, &[a]),
            Dependents::default()
        );
    }

    #[test]
    fn a_new_summary_rewrites_listings_and_for_news_the_feed() {
        let (_dir, built) = built();
        let section = |url: &str| {
            built
                .site
                .sections
                .iter()
                .position(|s| s.url == url)
                .unwrap()
        };
        let a = applied(&built, "s/a.md", |p| p.summary = "Gammel".into());
        let index = a.index;
        let d = dependents(&built.site, &built.content, &[a]);
        assert_eq!(d.sections, BTreeSet::from([section("s/")]));
        assert_eq!(d.listed, [index]);
        assert!(!d.feed && !d.reports && !d.glossary);
        let n = applied(&built, "nytt/n.md", |p| p.summary = "Gammel".into());
        let d = dependents(&built.site, &built.content, &[n]);
        assert_eq!(d.sections, BTreeSet::from([section(""), section("nytt/")]));
        assert!(d.feed, "the feed shows news summaries");
    }

    #[test]
    fn other_glossary_terms_rewrite_the_glossary_and_reports() {
        let (_dir, built) = built();
        let a = applied(&built, "s/a.md", |p| p.marked = vec![0]);
        let d = dependents(&built.site, &built.content, &[a]);
        assert!(d.glossary && d.reports);
        assert_eq!(d.glossary_entries, BTreeSet::from([0]));
        assert!(d.sections.is_empty(), "the summary is the same");
    }
}
