//! Incremental rebuilds for the live preview. The session keeps everything the last build
//! made ([`Built`]); when only the Markdown bodies of existing pages changed, it loads and
//! renders those pages again and rewrites them, every output that read a part of them that
//! changed (listings read summaries, the glossary and reports read which pages use a term,
//! reports read links and fields; the build recorded each read, see
//! [`crate::render::reads`]), and the search-index files their terms live in. Anything else
//! (front matter, sections, glossary terms, templates, data, new or removed files) gets a
//! full build.
//!
//! The search index is brought up to date in a second step, [`Session::finish_search`], so
//! the preview can tell the browser about the new pages first: nobody searches in the
//! milliseconds between the two.

mod linked_from;

use crate::derive::search;
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout::Document;
use crate::layout::Output;
use crate::load::{self, CONTENT_DIR};
use crate::model::{Kind, Page};
use crate::pipeline::reads::Dependent;
use crate::pipeline::steps::{self, Changed};
use crate::pipeline::{self, BuildFailure, BuildOptions, BuildSummary, Built, Timings};
use crate::render::reads::{self, Part, Read};
use crate::render::{RenderedContent, RenderedPage};
use crate::site::Entry;
use crate::write::Staging;
use linked_from::LinkedFrom;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub struct Session {
    options: BuildOptions,
    built: Option<Built>,
    /// How the last rebuild was done, for tests and the terminal.
    pub last_was_incremental: bool,
    /// The HTML files (output paths, `a/b/index.html`) the last incremental rebuild wrote.
    pub last_written: Vec<String>,
    /// Of those, the edited pages themselves with their text (up to [`FRESH_LIMIT`] bytes
    /// each), which the preview sends to the browser with the news of the rebuild.
    pub last_fresh: Vec<(String, String)>,
    /// Pages edited by incremental rebuilds whose search-index entries are not written yet.
    pending_search: Vec<usize>,
    /// Each search document's number by its URL, made once after a full build so an edit
    /// finds its page's entry without a walk through the index.
    search_numbers: Option<HashMap<String, usize>>,
    /// Who links to an anchor in each page, made after a full build: the anchor check of an
    /// edit looks there instead of walking the site.
    linked_from: Option<LinkedFrom>,
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
            last_written: Vec::new(),
            last_fresh: Vec::new(),
            pending_search: Vec::new(),
            search_numbers: None,
            linked_from: None,
        }
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Drops the kept state, so the next rebuild is a full one.
    pub fn forget(&mut self) {
        self.built = None;
        self.pending_search.clear();
        self.search_numbers = None;
        self.linked_from = None;
    }

    /// Writes the search-index entries of the pages edited since the last call (the second
    /// step of an incremental rebuild); returns how many files it wrote and how long it took.
    /// On failure the session forgets its state, so the next rebuild makes the index anew.
    pub fn finish_search(&mut self) -> Result<(usize, Duration), BuildFailure> {
        let started = Instant::now();
        let pending = std::mem::take(&mut self.pending_search);
        let result = match self.built.as_mut() {
            Some(built) if !pending.is_empty() => write_search(
                built,
                &mut self.search_numbers,
                &pending,
                &self.options.output,
            ),
            _ => Ok(0),
        };
        if result.is_err() {
            self.forget();
        }
        result.map(|files| (files, started.elapsed()))
    }

    /// Rebuilds after `changed` (absolute paths; empty means anything may have changed).
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildSummary, BuildFailure> {
        let started = Instant::now();
        self.last_written.clear();
        self.last_fresh.clear();
        if let Some(result) = self.apply_body_edits(changed, started) {
            self.last_was_incremental = true;
            return result;
        }
        self.last_was_incremental = false;
        // A full build writes the whole index.
        self.forget();
        match pipeline::build_keeping_state(&self.options) {
            Ok((summary, built)) => {
                self.linked_from = Some(LinkedFrom::new(&built.content));
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
        let linked = self
            .linked_from
            .get_or_insert_with(|| LinkedFrom::new(&built.content));
        for a in &applied {
            let new = &built.content.pages[a.index].body.anchor_refs;
            linked.replace(a.index, &a.old_rendered.body.anchor_refs, new);
        }
        let incoming: Vec<_> = indexes
            .iter()
            .flat_map(|&i| {
                let key = built.site.pages[i].source.rel_path.as_str();
                linked.refs_to(&built.content, key)
            })
            .collect();
        diagnostics.extend(steps::check_pages(
            &built.site,
            &built.content,
            &built.glossary,
            Changed::Pages(&indexes, &incoming),
        ));
        drop(incoming);
        if diagnostics.has_errors() {
            undo_links(linked, built, &applied);
            undo(built, applied);
            return Some(Err(BuildFailure::Content(diagnostics)));
        }
        timings.lap("checks");
        let written = write_edits(built, &applied, &self.options.output, &mut timings);
        let files = match written {
            Ok(written) => {
                self.last_written = written.html;
                self.last_fresh = written.fresh;
                written.files
            }
            Err(problem) => {
                if let Some(linked) = self.linked_from.as_mut() {
                    undo_links(linked, built, &applied);
                }
                undo(built, applied);
                return Some(Err(problem));
            }
        };
        for a in &applied {
            if !self.pending_search.contains(&a.index) {
                self.pending_search.push(a.index);
            }
        }
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

/// What an edit changed that other outputs may have read: the parts of each edited page that
/// differ from before, and the glossary entries a page started or stopped using.
fn changed_reads(applied: &[Applied], content: &RenderedContent) -> Vec<Read> {
    let mut changed = Vec::new();
    for a in applied {
        let (new, old, i) = (&content.pages[a.index], &a.old_rendered, a.index);
        let parts = [
            (Part::Html, new.body.html != old.body.html),
            (Part::Toc, new.body.toc != old.body.toc),
            (Part::Summary, new.summary != old.summary),
            (Part::Fields, new.fields != old.fields),
            (
                Part::ExternalLinks,
                new.body.external_links != old.body.external_links,
            ),
        ];
        changed.extend(
            parts
                .into_iter()
                .filter(|(_, differs)| *differs)
                .map(|(part, _)| Read::Page(i, part)),
        );
        let before: BTreeSet<usize> = old.marked.iter().copied().collect();
        let after: BTreeSet<usize> = new.marked.iter().copied().collect();
        changed.extend(
            before
                .symmetric_difference(&after)
                .map(|&e| Read::UsedOn(e)),
        );
    }
    changed
}

/// Brings «used on» up to date for the entries in `changed` (a page is listed once per entry
/// it uses, in page order, as a full build lists it).
fn update_used_on(built: &mut Built, applied: &[Applied], changed: &[Read]) {
    for a in applied {
        let marked = &built.content.pages[a.index].marked;
        for read in changed {
            let &Read::UsedOn(e) = read else { continue };
            let pages = &mut built.used_on[e];
            let uses = marked.contains(&e);
            match (pages.binary_search(&a.index), uses) {
                (Err(at), true) => pages.insert(at, a.index),
                (Ok(at), false) => {
                    pages.remove(at);
                }
                _ => {}
            }
        }
    }
}

/// The documents of one layout output.
type Documents = Vec<Result<Document, Diagnostic>>;

/// Puts the edited pages' links back as they were (before [`undo`]).
fn undo_links(linked: &mut LinkedFrom, built: &Built, applied: &[Applied]) {
    for a in applied.iter().rev() {
        let new = &built.content.pages[a.index].body.anchor_refs;
        linked.replace(a.index, new, &a.old_rendered.body.anchor_refs);
    }
}

/// Puts the replaced pages back, so the session matches the output it still serves.
fn undo(built: &mut Built, applied: Vec<Applied>) {
    for a in applied.into_iter().rev() {
        built.site.replace_page(a.index, a.old_page);
        built.content.pages[a.index] = a.old_rendered;
    }
}

/// The largest edited page whose text goes to the browser with the news of a rebuild; a
/// larger one is fetched.
pub const FRESH_LIMIT: usize = 256 * 1024;

/// What [`write_edits`] wrote.
struct Written {
    files: usize,
    /// The HTML documents.
    html: Vec<String>,
    /// The edited pages' documents with their text, up to [`FRESH_LIMIT`] bytes each.
    fresh: Vec<(String, String)>,
}

/// Writes the edited pages and every output that read what the edit changed (as recorded by
/// the build, [`ReadIndex`](crate::pipeline::reads::ReadIndex)).
fn write_edits(
    built: &mut Built,
    applied: &[Applied],
    output: &Path,
    timings: &mut Timings,
) -> Result<Written, BuildFailure> {
    let staging = Staging::in_place(output);
    let io = |err: std::io::Error| {
        BuildFailure::Usage(
            Diagnostic::error(Code::OutputIo, format!("kunne ikke skrive: {err}")).in_file(output),
        )
    };
    let content_failure = |d: Diagnostic| BuildFailure::Content([d].into_iter().collect());
    let changed = changed_reads(applied, &built.content);
    update_used_on(built, applied, &changed);
    let mut needed = built.reads.dependents(changed.iter().copied());
    needed.extend(
        applied
            .iter()
            .map(|a| Dependent::Layout(Output::Page(a.index))),
    );
    let mut files = 0;
    let mut html = Vec::new();
    let mut fresh = Vec::new();
    let mut recorded = Vec::new();
    {
        // Reports are made together (one pass over the site each), only when one of them or
        // their index (which lists them all) read what changed.
        let needs_reports = needed.iter().any(|d| {
            matches!(
                d,
                Dependent::Layout(Output::Report(_) | Output::ReportIndex)
            )
        });
        let (reports, report_reads) = if needs_reports {
            steps::derive_reports(
                &built.site,
                &built.content,
                &built.glossary,
                &built.used_on,
                &built.krav_history,
                built.templates.translations(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let layout = built.layout(&reports);
        let outputs: Vec<Output> = needed
            .iter()
            .filter_map(|d| match d {
                Dependent::Layout(o) => Some(*o),
                Dependent::Feed => None,
            })
            .collect();
        let made: Vec<(Documents, Vec<Read>)> = outputs
            .par_iter()
            .map(|&o| reads::recording(|| layout.output_documents(o)))
            .collect();
        for (&o, (documents, read)) in outputs.iter().zip(made) {
            recorded.push((Dependent::Layout(o), read));
            for document in documents {
                let document = document.map_err(content_failure)?;
                let path = document.path.clone();
                let bytes = steps::document_bytes(document, built.site.config.minify);
                staging.write(&path, &bytes).map_err(io)?;
                files += 1;
                let edited = matches!(o, Output::Page(i) if applied.iter().any(|a| a.index == i));
                if edited
                    && bytes.len() <= FRESH_LIMIT
                    && let Ok(text) = String::from_utf8(bytes)
                {
                    fresh.push((path.clone(), text));
                }
                html.push(path);
            }
            if let Output::Report(r) = o {
                recorded.push((Dependent::Layout(o), report_reads[r].clone()));
                files += steps::write_report_files(&staging, &reports[r..=r]).map_err(io)?;
            }
        }
    }
    if needed.contains(&Dependent::Feed) {
        let (written, read) = reads::recording(|| {
            steps::write_feed(&staging, &built.site, &built.content, &built.templates)
        });
        recorded.push((Dependent::Feed, read));
        match written {
            Ok(()) => files += 1,
            Err(steps::WriteError::Template(d)) => return Err(content_failure(d)),
            Err(steps::WriteError::Io(err)) => return Err(io(err)),
        }
    }
    // Body edits keep what each output reads, but should one read more now, it counts too.
    for (dependent, read) in recorded {
        built.reads.add(dependent, &read);
    }
    staging.commit().map_err(io)?;
    timings.lap("page");
    Ok(Written { files, html, fresh })
}

/// Writes the search-index files that the entries of `pages` live in.
fn write_search(
    built: &mut Built,
    numbers: &mut Option<HashMap<String, usize>>,
    pages: &[usize],
    output: &Path,
) -> Result<usize, BuildFailure> {
    let Some(index) = built.index.as_mut() else {
        return Ok(0);
    };
    let numbers = numbers.get_or_insert_with(|| index.doc_numbers());
    let staging = Staging::in_place(output);
    let mut files = 0;
    for &page in pages {
        let document = search::document(&built.site, &built.content, page);
        let Some(&number) = numbers.get(&document.url) else {
            continue;
        };
        let changed = index.replace(number, document);
        files += changed.len();
        changed
            .par_iter()
            .try_for_each(|(path, text)| staging.write(path, text.as_bytes()))
            .map_err(|err| {
                BuildFailure::Usage(
                    Diagnostic::error(Code::OutputIo, format!("kunne ikke skrive: {err}"))
                        .in_file(output),
                )
            })?;
    }
    staging.commit().map_err(|err| {
        BuildFailure::Usage(
            Diagnostic::error(Code::OutputIo, format!("kunne ikke skrive: {err}")).in_file(output),
        )
    })?;
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
    fn an_unchanged_page_changes_nothing_others_read() {
        let (_dir, built) = built();
        let a = applied(&built, "s/a.md", |_| {});
        assert_eq!(changed_reads(&[a], &built.content), []);
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
        let changed = changed_reads(&[a], &built.content);
        let needed = built.reads.dependents(changed);
        assert!(needed.contains(&Dependent::Layout(Output::Section(section("s/")))));
        assert!(!needed.contains(&Dependent::Feed));
        let n = applied(&built, "nytt/n.md", |p| p.summary = "Gammel".into());
        let needed = built.reads.dependents(changed_reads(&[n], &built.content));
        assert!(needed.contains(&Dependent::Layout(Output::Section(section("")))));
        assert!(needed.contains(&Dependent::Layout(Output::Section(section("nytt/")))));
        assert!(
            needed.contains(&Dependent::Feed),
            "the feed shows news summaries"
        );
    }

    #[test]
    fn other_glossary_terms_change_who_uses_them() {
        let (_dir, built) = built();
        let a = applied(&built, "s/a.md", |p| p.marked = vec![0]);
        assert_eq!(changed_reads(&[a], &built.content), [Read::UsedOn(0)]);
    }
}
