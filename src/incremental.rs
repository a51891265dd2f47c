//! Incremental rebuilds for the live preview. The session keeps everything the last build
//! made ([`Built`]); when only the Markdown bodies of existing pages changed, it loads and
//! renders those pages again and rewrites them and what depends on them: their section
//! listing and taxonomy pages if their summary changed, the glossary's «used on» lists if the
//! terms they use changed, the reports, the news feed, and the search-index files their
//! terms live in. Anything else (front matter, sections, glossary terms, templates, data, new
//! or removed files) gets a full build.

use crate::derive::{feed, glossary, reports, search};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout::Document;
use crate::load::{self, CONTENT_DIR};
use crate::markdown::TextMarker;
use crate::model::{Kind, Page};
use crate::pipeline::{self, BuildFailure, BuildOptions, BuildSummary, Built, Timings};
use crate::render::{self, RenderedPage};
use crate::site::Entry;
use crate::write::Staging;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
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
        let (summary, built) = pipeline::build_keeping_state(&self.options)?;
        self.built = Some(built);
        Ok(summary)
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
        let section_kinds: BTreeMap<String, Kind> = built
            .site
            .sections
            .iter()
            .filter_map(|s| Some((s.source.dir().to_string(), s.meta.page_kind?)))
            .collect();
        let mut diagnostics = Diagnostics::default();
        let mut pages = Vec::new();
        for (i, rel) in edits {
            match load::reload_page(&content_dir, &rel, &section_kinds) {
                Ok(page) => {
                    let old = &built.site.pages[i].source;
                    let front_matter_unchanged =
                        old.text[..old.body_start] == page.source.text[..page.source.body_start];
                    if !front_matter_unchanged {
                        return None;
                    }
                    let mut page = page;
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
        let mut applied: Vec<Applied> = Vec::new();
        for (index, page) in pages {
            let old_page = std::mem::replace(&mut built.site.pages[index], page);
            let marker = (!built.glossary.is_empty()).then(|| {
                Box::new(built.glossary.marker(built.glossary.entry_of_page(index)))
                    as Box<dyn TextMarker>
            });
            let (rendered, problems) = render::render_one_page(&built.site, index, marker);
            diagnostics.extend(problems);
            let old_rendered = std::mem::replace(&mut built.content.pages[index], rendered);
            let fields_changed = built.content.pages[index].fields != old_rendered.fields;
            applied.push(Applied {
                index,
                old_page,
                old_rendered,
            });
            // The front matter is unchanged, so this would be a bug; be safe.
            if fields_changed {
                undo(built, applied);
                return None;
            }
        }
        timings.lap("render");
        for a in &applied {
            diagnostics.extend(render::check_page_anchors(
                &built.site,
                &built.content,
                a.index,
            ));
            diagnostics.extend(glossary::undefined_abbreviations(
                &built.glossary,
                &built.site.pages[a.index].source,
            ));
            let page = &built.site.pages[a.index];
            diagnostics.extend(crate::checks::a11y::check(
                &page.source,
                Some(page.kind),
                &built.site.data,
                &built.site.config.checks,
            ));
        }
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
#[derive(Default)]
struct Dependents {
    sections: BTreeSet<usize>,
    /// Pages whose taxonomy term pages list their summary.
    listed: Vec<usize>,
    glossary_entries: BTreeSet<usize>,
    glossary: bool,
    reports: bool,
    feed: bool,
}

fn dependents(built: &Built, applied: &[Applied]) -> Dependents {
    let mut d = Dependents::default();
    for a in applied {
        let new = &built.content.pages[a.index];
        let old = &a.old_rendered;
        if new.summary != old.summary {
            if let Some(section) = built.site.page_section[a.index] {
                d.sections.insert(section);
            }
            if built.site.pages[a.index].kind == Kind::Nyhet {
                d.sections.extend(built.site.home());
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
        built.site.pages[a.index] = a.old_page;
        built.content.pages[a.index] = a.old_rendered;
    }
}

/// Writes the edited pages and the search-index files they touch into the output.
fn write_edits(
    built: &mut Built,
    applied: &[Applied],
    output: &Path,
    timings: &mut Timings,
) -> Result<usize, BuildFailure> {
    let staging = Staging::in_place(output);
    let io = |err: std::io::Error| {
        BuildFailure::Usage(
            Diagnostic::error("io", format!("kunne ikke skrive: {err}")).in_file(output),
        )
    };
    let needed = dependents(built, applied);
    if needed.glossary {
        let marked: Vec<Vec<usize>> = built
            .content
            .pages
            .iter()
            .map(|p| p.marked.clone())
            .collect();
        built.used_on = glossary::used_on(&built.glossary, &marked);
    }
    if needed.reports {
        built.reports = reports::reports(&reports::ReportInput {
            site: &built.site,
            content: &built.content,
            glossary: &built.glossary,
            used_on: &built.used_on,
            krav_history: &built.krav_history,
            today: pipeline::today(),
        });
    }
    let mut files = 0;
    {
        let layout = built.layout();
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
            let document =
                document.map_err(|d| BuildFailure::Content([d].into_iter().collect()))?;
            let bytes = if built.site.config.minify {
                pipeline::minify_html(&document.html)
            } else {
                document.html.into_bytes()
            };
            staging.write(&document.path, &bytes).map_err(io)?;
            files += 1;
        }
    }
    if needed.reports {
        for report in &built.reports {
            for (path, bytes) in report.files() {
                staging.write(&path, bytes).map_err(io)?;
                files += 1;
            }
        }
    }
    if needed.feed {
        let summaries = |i: usize| built.content.pages[i].summary.clone();
        let atom = feed::atom_xml(&built.site, &built.site.config, &summaries);
        staging
            .write(feed::FEED_PATH, atom.as_bytes())
            .map_err(io)?;
        files += 1;
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
