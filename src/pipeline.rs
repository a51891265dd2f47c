//! The build, stage by stage: load → check the sources → assemble the `Site` → render
//! Markdown → derive (glossary use, reports, taxonomies) → layout (templates) → write
//! (documents, search index, extras, service worker). Every stage adds its diagnostics; the
//! output is committed only when there are no errors.
//!
//! The steps live in [`steps`] and [`extras`] and are shared with the live preview's
//! incremental rebuild (`incremental`), which runs them for the edited pages only.

mod extras;
pub mod minify;
pub mod reads;
pub mod steps;

pub use minify::minify_document;
pub use steps::Changed;

use crate::checks;
use crate::config::Config;
use crate::derive::glossary::Glossary;
use crate::derive::krav_history::KravHistories;
use crate::derive::{reports, search, taxonomy};
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout::{self, Document, LayoutInput};
use crate::load::{self, LoadError};
use crate::progress::Progress;
use crate::render;
use crate::site::{Site, Target};
use crate::templates::Templates;
use crate::theme::Theme;
use crate::validate;
use crate::write::Staging;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write the site.
    Build,
    /// Run every check of a build and write nothing.
    Check,
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub drafts: bool,
    pub target: Target,
    pub mode: Mode,
    /// Replace a non-empty output folder kompetanse did not write (`--force`).
    pub force: bool,
    /// Show a progress display on a terminal when the build is slow.
    pub progress: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            drafts: false,
            target: Target::Internal,
            mode: Mode::Build,
            force: false,
            progress: false,
        }
    }
}

/// Time spent in each stage, for `--timings` and benchmarks.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    last: Option<Instant>,
}

impl Timings {
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        let since = self.last.map(|t| now - t).unwrap_or_default();
        self.stages.push((stage, since));
        self.last = Some(now);
    }

    pub fn start(&mut self) {
        self.last = Some(Instant::now());
    }
}

#[derive(Debug)]
pub struct BuildSummary {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub elapsed: Duration,
    pub timings: Timings,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Diagnostics,
}

#[derive(Debug)]
pub enum BuildFailure {
    /// Wrong invocation or an I/O problem: exit code 2.
    Usage(Diagnostic),
    /// Problems in the content, templates or configuration: exit code 1.
    Content(Diagnostics),
}

impl BuildFailure {
    pub fn exit_code(&self) -> i32 {
        match self {
            BuildFailure::Usage(_) => 2,
            BuildFailure::Content(_) => 1,
        }
    }

    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        match self {
            BuildFailure::Usage(d) => vec![d],
            BuildFailure::Content(ds) => ds.sorted(),
        }
    }
}

fn io_failure(what: &str, path: &Path, err: std::io::Error) -> BuildFailure {
    BuildFailure::Usage(Diagnostic::error(Code::OutputIo, format!("{what}: {err}")).in_file(path))
}

/// Everything a successful build made, kept by the live preview so the next change can be
/// applied to it instead of building the whole site again (see `incremental`).
pub struct Built {
    pub site: Site,
    pub content: render::RenderedContent,
    pub templates: Templates,
    pub glossary: Arc<Glossary>,
    pub used_on: Vec<Vec<usize>>,
    pub taxonomies: Vec<taxonomy::Taxonomy>,
    pub krav_history: KravHistories,
    pub index: Option<search::index::IndexState>,
    pub build_id: String,
    /// Which outputs read which parts of the rendered pages.
    pub reads: reads::ReadIndex,
}

impl Built {
    /// The layout stage's view of this build, with the reports derived from it (reports
    /// borrow from the site, so they are made fresh for each layout instead of kept here).
    pub fn layout<'a>(&'a self, reports: &'a [reports::Report<'a>]) -> LayoutInput<'a> {
        LayoutInput {
            site: &self.site,
            content: &self.content,
            taxonomies: &self.taxonomies,
            templates: &self.templates,
            glossary: &self.glossary,
            used_on: &self.used_on,
            reports,
            krav_history: &self.krav_history,
            build_id: &self.build_id,
        }
    }
}

/// Runs a whole build (or check).
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildFailure> {
    run(options, false).map(|(summary, _)| summary)
}

/// What the assemble step made: the site and how to show it.
pub(crate) struct Assembled {
    pub site: Site,
    pub theme: Option<Theme>,
    pub templates: Option<Templates>,
    pub editor_synonyms: Vec<search::index::SynonymGroup>,
}

/// Runs a whole build and returns what it made along with the summary, including what each
/// output read of the rendered pages (see [`reads`]).
pub fn build_keeping_state(options: &BuildOptions) -> Result<(BuildSummary, Built), BuildFailure> {
    run(options, true)
}

/// Runs a whole build; `record` notes what each output reads, for the live preview.
fn run(options: &BuildOptions, record: bool) -> Result<(BuildSummary, Built), BuildFailure> {
    let started = Instant::now();
    let root = &options.root;
    let mut diagnostics = Diagnostics::default();
    let mut timings = Timings::default();
    timings.start();
    let progress = Progress::new(options.progress);
    progress.stage("Leser innhold", 0);

    let config = match Config::load(root) {
        Ok(config) => config,
        Err(d) if d.code == Code::ConfigMissing => return Err(BuildFailure::Usage(d)),
        Err(d) => return Err(BuildFailure::Content([d].into_iter().collect())),
    };
    // Before anything is read or written: the build replaces this folder whole.
    let output = match options.mode {
        Mode::Build => Some(
            crate::write::check_output(root, &options.output, options.force)
                .map_err(BuildFailure::Usage)?,
        ),
        Mode::Check => None,
    };
    let mut loaded = load_content(root)?;
    timings.lap("load");
    let git_history = check_sources(root, &config, &mut loaded, &mut diagnostics);
    timings.lap("validate");
    let Assembled {
        site,
        theme,
        templates,
        editor_synonyms,
    } = assemble(options, config, loaded, &mut diagnostics);
    let (krav_history, notes) = KravHistories::read(root, git_history.as_ref().ok(), &site);
    diagnostics.extend(notes);
    timings.lap("assemble");

    let glossary = Arc::new(Glossary::from_site(&site));
    progress.stage("Gjengir sider", site.pages.len() + site.sections.len());
    let mut content = steps::render_all(
        &site,
        templates.as_ref(),
        &glossary,
        &progress,
        &mut diagnostics,
    );
    timings.lap("render");
    diagnostics.extend(steps::check_pages(&site, &content, &glossary, Changed::All));
    let used_on = steps::derive_used_on(&glossary, &content);
    // Shared rather than borrowed from the templates, which the preview keeps after the build.
    let language = templates.as_ref().map_or_else(
        || std::sync::Arc::new(crate::i18n::Translations::builtin()),
        Templates::shared_translations,
    );
    let (reports, report_reads) = steps::derive_reports(
        &site,
        &content,
        &glossary,
        &used_on,
        &krav_history,
        &language,
    );
    diagnostics.extend(reports.iter().flat_map(|r| r.problems.iter().cloned()));
    let mut read_index = reads::ReadIndex::default();
    let build_id = extras::build_id(root, &site, theme.as_ref(), options.drafts);
    let taxonomies = taxonomy::taxonomies(&site);
    timings.lap("derive");

    let staging = match &output {
        None => Staging::discard(),
        Some(output) => Staging::new(output)
            .map_err(|err| io_failure("kunne ikke lage utdatamappen", output, err))?,
    };
    let io = |err| io_failure("kunne ikke skrive", &options.output, err);
    let mut files = 0;
    if let Some(templates) = &templates {
        let input = LayoutInput {
            site: &site,
            content: &content,
            taxonomies: &taxonomies,
            templates,
            glossary: &glossary,
            used_on: &used_on,
            reports: &reports,
            krav_history: &krav_history,
            build_id: &build_id,
        };
        progress.stage("Bruker maler", site.pages.len() + site.sections.len());
        // Content errors mean nothing is kept, but templates still run to find their errors.
        let keep = !diagnostics.has_errors();
        let minify = site.config.minify;
        let emit = |doc: Document| -> std::io::Result<()> {
            if !keep {
                return Ok(());
            }
            let path = doc.path.clone();
            staging.write(&path, &steps::document_bytes(doc, minify))
        };
        let laid = input.documents(&progress, &emit, record).map_err(io)?;
        diagnostics.extend(laid.problems);
        files += laid.count;
        for (output, read) in &laid.reads {
            read_index.add(reads::Dependent::Layout(*output), read);
        }
        if record {
            for (r, read) in report_reads.iter().enumerate() {
                read_index.add(reads::Dependent::Layout(layout::Output::Report(r)), read);
            }
        }
        timings.lap("layout+minify+write");
    }

    let mut index = None;
    if !diagnostics.has_errors() && theme.is_some() && templates.is_some() {
        files += steps::write_report_files(&staging, &reports).map_err(io)?;
    }
    // Reports borrow the rendered pages, which the search index takes its texts from: what the
    // index needs of them is taken first.
    let report_documents = search::report_documents(&reports, &language);
    drop(reports);
    // A missing theme or template is an error reported above, so this runs whenever the
    // build can succeed.
    if let (false, Some(theme), Some(templates)) = (diagnostics.has_errors(), &theme, &templates) {
        if options.mode == Mode::Build {
            if !record {
                // Nothing reads the pages' HTML after the layout unless the preview keeps
                // the build; freeing it lowers the build's peak memory.
                content.drop_html();
            }
            let (documents, synonyms) =
                search_input(&site, &mut content, report_documents, editor_synonyms);
            let write = |path: &str, bytes: &[u8]| staging.write(path, bytes);
            let stats = if record {
                let state = search::index::IndexState::new(documents, &synonyms, &build_id);
                let stats = state.write_files(&write).map_err(io)?;
                index = Some(state);
                stats
            } else {
                search::index::IndexState::build_and_write(documents, &synonyms, &build_id, &write)
                    .map_err(io)?
            };
            files += stats.shards + stats.doc_chunks + 2;
        }
        let output = &options.output;
        let (written, feed_reads) = crate::render::reads::recording(|| {
            extras::write_site_files(&staging, &site, &content, templates)
        });
        read_index.add(reads::Dependent::Feed, &feed_reads);
        files += tally(written, &mut diagnostics, output)?;
        files += extras::copy_static(&staging, root, &site, theme).map_err(|(path, err)| {
            let shown = path.strip_prefix(root).unwrap_or(&path);
            io_failure("kunne ikke kopiere filen", shown, err)
        })?;
        // Last: the service worker lists every other file of the build.
        let written = extras::write_service_worker(&staging, templates, &build_id);
        files += tally(written, &mut diagnostics, output)?;
        timings.lap("write extras");
    }

    progress.finish();
    let diagnostics = site.config.checks.apply_allow(diagnostics);
    if diagnostics.has_errors() {
        return Err(BuildFailure::Content(diagnostics));
    }
    // Missing templates are always reported as errors, so this only guards the type.
    let Some(templates) = templates else {
        return Err(BuildFailure::Content(diagnostics));
    };
    staging.commit().map_err(|err| {
        io_failure(
            "kunne ikke bytte inn den nye utdatamappen",
            &options.output,
            err,
        )
    })?;
    timings.lap("copy+commit");
    let summary = BuildSummary {
        timings,
        pages: site.pages.len(),
        sections: site.sections.len(),
        files,
        elapsed: started.elapsed(),
        diagnostics,
    };
    Ok((
        summary,
        Built {
            site,
            content,
            templates,
            glossary,
            used_on,
            taxonomies,
            krav_history,
            index,
            build_id,
            reads: read_index,
        },
    ))
}

/// How many files a step wrote; a template problem joins the build's diagnostics.
fn tally(
    written: Result<usize, steps::WriteError>,
    diagnostics: &mut Diagnostics,
    output: &Path,
) -> Result<usize, BuildFailure> {
    match written {
        Ok(count) => Ok(count),
        Err(steps::WriteError::Template(d)) => {
            diagnostics.push(d);
            Ok(0)
        }
        Err(steps::WriteError::Io(err)) => Err(io_failure("kunne ikke skrive", output, err)),
    }
}

/// Reads `content/`; a missing or empty folder stops the build here.
fn load_content(root: &Path) -> Result<load::Loaded, BuildFailure> {
    let loaded = load::load(root).map_err(|err| match err {
        LoadError::MissingContent(path) => BuildFailure::Usage(
            Diagnostic::error(
                Code::LoadNoContent,
                format!("fant ikke innholdsmappen {}", path.display()),
            )
            .with_help(
                "lag mappen content/ med en _index.md, eller bruk --root for å peke på nettstedet",
            ),
        ),
    })?;
    if loaded.pages.is_empty() && loaded.sections.is_empty() && loaded.diagnostics.is_empty() {
        return Err(BuildFailure::Content(
            [Diagnostic::error(Code::LoadEmpty, "content/ inneholder ingen sider")
                .in_file(load::CONTENT_DIR)
                .with_help("legg til content/_index.md (forsiden) og minst én side; `kompetanse new artikkel content/selvhjelp/min-side.md` lager en")]
            .into_iter()
            .collect(),
        ));
    }
    Ok(loaded)
}

/// The checks on the sources as loaded: dates from Git, the content contract, and that no
/// two inputs want the same output file. Returns the Git history, read once per build and
/// shared with the requirement history.
fn check_sources(
    root: &Path,
    config: &Config,
    loaded: &mut load::Loaded,
    diagnostics: &mut Diagnostics,
) -> Result<crate::git::History, crate::git::Unavailable> {
    diagnostics.extend(std::mem::take(&mut loaded.diagnostics));
    let git_history = crate::git::History::read(root, &[load::CONTENT_DIR]);
    diagnostics.extend(checks::git_dates::apply(
        root,
        &git_history,
        &config.checks,
        &mut loaded.pages,
    ));
    diagnostics.extend(validate::validate(
        &loaded.pages,
        &loaded.sections,
        config,
        today(),
        git_history.as_ref().ok(),
    ));
    diagnostics.extend(crate::collisions::output_collisions(
        loaded,
        root,
        &config.theme,
    ));
    git_history
}

/// The `Site` of this build's target, with its data tables, theme and templates.
pub(crate) fn assemble(
    options: &BuildOptions,
    config: Config,
    loaded: load::Loaded,
    diagnostics: &mut Diagnostics,
) -> Assembled {
    let root = &options.root;
    let data = crate::data::load(root, diagnostics);
    let editor_synonyms = search::synonyms::load(root, diagnostics);
    let site = Site::assemble(config, loaded, data, options.target, options.drafts);
    if site.home().is_none() {
        diagnostics.push(
            Diagnostic::error(
                Code::SiteNoHome,
                "nettstedet har ingen forside i dette bygget",
            )
            .in_file("content/_index.md")
            .with_help(match options.target {
                Target::Public => "forsiden må ha `access: public` for det offentlige bygget",
                Target::Internal => "lag content/_index.md med `title`",
            }),
        );
    }
    let theme = match Theme::resolve(root, &site.config.theme) {
        Ok(theme) => Some(theme),
        Err(problem) => {
            diagnostics.push(problem);
            None
        }
    };
    let templates = match theme
        .as_ref()
        .map(|theme| Templates::load(root, theme, layout::REQUIRED_TEMPLATES))
    {
        Some(Ok(mut t)) => {
            t.provide_data(&site.data);
            if let Some(theme) = &theme {
                match crate::i18n::Translations::load(root, theme, &site.config) {
                    Ok(translations) => t.provide_translations(translations),
                    Err(problems) => diagnostics.extend(problems),
                }
            }
            Some(t)
        }
        Some(Err(problems)) => {
            diagnostics.extend(problems);
            None
        }
        None => None,
    };
    Assembled {
        site,
        theme,
        templates,
        editor_synonyms,
    }
}

/// What the search index is made of: the documents of the whole site (moving each page's text
/// out of `content`), and the synonyms of the glossary merged with the editors'.
fn search_input(
    site: &Site,
    content: &mut render::RenderedContent,
    report_documents: Vec<search::index::SearchDocument>,
    editor_synonyms: Vec<search::index::SynonymGroup>,
) -> (
    Vec<search::index::SearchDocument>,
    Vec<search::index::SynonymGroup>,
) {
    let synonyms = search::synonyms::merge(
        search::synonym_groups(site)
            .into_iter()
            .chain(editor_synonyms)
            .collect(),
    );
    (
        search::take_documents(site, content, report_documents),
        synonyms,
    )
}

/// Today's date, or `KOMPETANSE_TODAY` (YYYY-MM-DD) so reports can be reproduced and tested.
pub fn today() -> crate::date::Date {
    std::env::var("KOMPETANSE_TODAY")
        .ok()
        .and_then(|d| crate::date::Date::parse(&d))
        .unwrap_or_else(crate::date::Date::today)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small site in a temporary folder: home page, one news item, one article.
    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            (
                "site.yaml",
                "title: Testportalen\nbase_url: https://test.example/\ninternal_url: https://test.example/\nlanguage: nb\nminify: false\n",
            ),
            (
                "content/_index.md",
                "---\ntitle: Testportalen\naccess: public\n---\n\nVelkommen.\n",
            ),
            (
                "content/nyheter/_index.md",
                "---\ntitle: Nyheter\naccess: public\npage_kind: nyhet\n---\n",
            ),
            (
                "content/nyheter/ny.md",
                "---\ntitle: Ny portal\ndate: 2024-03-08\nowner: IT-avdelingen\naccess: public\n---\n\nPortalen er ny.\n",
            ),
            (
                "content/a.md",
                "---\ntitle: Side A\nupdated: 2024-03-08\nowner: IT-avdelingen\naccess: public\naliases: [gammel-a]\n---\n\nTekst.\n",
            ),
        ];
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn read(dir: &Path, rel: &str) -> String {
        std::fs::read_to_string(dir.join("public").join(rel)).unwrap()
    }

    #[test]
    fn the_built_in_sitemap_feed_and_worker_list_the_site() {
        let dir = site();
        let (summary, built) = build_keeping_state(&BuildOptions::new(dir.path())).unwrap();
        assert!(summary.diagnostics.sorted().is_empty());
        let sitemap = read(dir.path(), "sitemap.xml");
        assert!(
            sitemap.contains(
                "<url><loc>https://test.example/a/</loc><lastmod>2024-03-08</lastmod></url>\n"
            ),
            "{sitemap}"
        );
        let feed = read(dir.path(), "atom.xml");
        assert!(feed.contains("<title>Ny portal</title>"), "{feed}");
        assert!(
            feed.contains("<summary>Portalen er ny.</summary>"),
            "{feed}"
        );
        let worker = read(dir.path(), "sw.js");
        assert!(worker.contains(&format!("const VERSION = 'kompetanse-{}';", built.build_id)));
        assert!(worker.contains("\"a/index.html\""), "every file is cached");
    }

    /// A site's own `templates/` replaces the built-in sitemap, feed, robots.txt, redirect
    /// pages and service worker.
    #[test]
    fn a_sites_own_templates_override_sitemap_feed_robots_redirects_and_worker() {
        let dir = site();
        let overrides = [
            (
                "sitemap.xml",
                "{% for e in entries %}{{ e.url }} {% endfor %}",
                "https://test.example/ https://test.example/a/ ",
            ),
            (
                "atom.xml",
                "{% for e in feed.entries %}[{{ e.title }}]{% endfor %}",
                "[Ny portal]",
            ),
            (
                "robots.txt",
                "Sitemap: {{ sitemap_url }}",
                "Sitemap: https://test.example/sitemap.xml",
            ),
            ("sw.js", "// egen {{ rest | length }}", "// egen "),
            (
                "redirect.html",
                "Flyttet til {{ to }} ({{ canonical }})",
                "Flyttet til ../a/index.html (https://test.example/a/)",
            ),
        ];
        for (name, template, _) in overrides {
            let path = dir.path().join("templates").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, template).unwrap();
        }
        build(&BuildOptions::new(dir.path())).unwrap();
        for (name, _, expected) in overrides {
            let written = match name {
                "redirect.html" => read(dir.path(), "gammel-a/index.html"),
                _ => read(dir.path(), name),
            };
            assert!(written.starts_with(expected), "{name}: {written}");
        }
    }

    #[test]
    fn a_broken_sitemap_template_fails_the_build_and_keeps_the_output() {
        let dir = site();
        build(&BuildOptions::new(dir.path())).unwrap();
        let before = read(dir.path(), "sitemap.xml");
        let path = dir.path().join("templates/sitemap.xml");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{{ finnes_ikke.url }}").unwrap();
        let failure = build(&BuildOptions::new(dir.path())).expect_err("broken template");
        let messages: Vec<String> = failure.diagnostics().iter().map(|d| d.one_line()).collect();
        assert!(
            messages.iter().any(|m| m.contains("templates/sitemap.xml")),
            "{messages:?}"
        );
        assert_eq!(read(dir.path(), "sitemap.xml"), before);
    }

    #[test]
    fn check_mode_writes_nothing() {
        let dir = site();
        let mut options = BuildOptions::new(dir.path());
        options.mode = Mode::Check;
        build(&options).unwrap();
        assert!(!dir.path().join("public").exists());
    }
}
