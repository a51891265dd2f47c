//! The build, stage by stage: load → validate → assemble the `Site` → render Markdown →
//! derive (taxonomies, sitemap, feed) → layout (templates) → write. Every stage adds its
//! diagnostics; the output is committed only when there are no errors.

use crate::checks;
use crate::config::Config;
use crate::derive::glossary::{self, Glossary};
use crate::derive::krav_history::KravHistories;
use crate::derive::{feed, offline, reports, search, sitemap, taxonomy};
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
use rayon::prelude::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use walkdir::WalkDir;

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
    BuildFailure::Usage(Diagnostic::error("io", format!("{what}: {err}")).in_file(path))
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
    pub reports: Vec<reports::Report>,
    pub krav_history: KravHistories,
    pub index: Option<search::index::IndexState>,
    pub build_id: String,
}

impl Built {
    /// The layout stage's view of this build.
    pub fn layout(&self) -> LayoutInput<'_> {
        LayoutInput {
            site: &self.site,
            content: &self.content,
            taxonomies: &self.taxonomies,
            templates: &self.templates,
            glossary: &self.glossary,
            used_on: &self.used_on,
            reports: &self.reports,
            krav_history: &self.krav_history,
            globals: globals(&self.site, &self.build_id),
        }
    }
}

/// Values every template sees.
fn globals(site: &Site, build_id: &str) -> serde_json::Value {
    json!({
        "generator": format!("kompetanse {}", env!("CARGO_PKG_VERSION")),
        "build_id": build_id,
        "data": site.data,
    })
}

/// Runs a whole build (or check).
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildFailure> {
    build_keeping_state(options).map(|(summary, _)| summary)
}

/// Runs a whole build and returns what it made along with the summary.
pub fn build_keeping_state(options: &BuildOptions) -> Result<(BuildSummary, Built), BuildFailure> {
    let started = Instant::now();
    let root = &options.root;
    let mut diagnostics = Diagnostics::default();
    let mut timings = Timings::default();
    timings.start();
    let progress = Progress::new(options.progress);
    progress.stage("Leser innhold", 0);

    let config = match Config::load(root) {
        Ok(config) => config,
        Err(d) if d.code == "config::missing" => return Err(BuildFailure::Usage(d)),
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

    let mut loaded = load::load(root).map_err(|err| match err {
        LoadError::MissingContent(path) => BuildFailure::Usage(
            Diagnostic::error(
                "load::no-content",
                format!("fant ikke innholdsmappen {}", path.display()),
            )
            .with_help(
                "lag mappen content/ med en _index.md, eller bruk --root for å peke på nettstedet",
            ),
        ),
    })?;
    if loaded.pages.is_empty() && loaded.sections.is_empty() && loaded.diagnostics.is_empty() {
        return Err(BuildFailure::Content(
            [Diagnostic::error("load::empty", "content/ inneholder ingen sider")
                .in_file(load::CONTENT_DIR)
                .with_help("legg til content/_index.md (forsiden) og minst én side; `kompetanse new artikkel content/selvhjelp/min-side.md` lager en")]
            .into_iter()
            .collect(),
        ));
    }
    timings.lap("load");
    diagnostics.extend(std::mem::take(&mut loaded.diagnostics));
    let git_history = crate::git::History::read(root, &[load::CONTENT_DIR]);
    diagnostics.extend(checks::git_dates::apply(
        &git_history,
        &config.checks,
        &mut loaded.pages,
    ));
    diagnostics.extend(validate::validate(
        &loaded.pages,
        &loaded.sections,
        &config.owners,
        today(),
    ));
    diagnostics.extend(crate::collisions::output_collisions(
        &loaded,
        root,
        &config.theme,
    ));
    timings.lap("validate");

    let data = crate::data::load(root, &mut diagnostics);
    let editor_synonyms = search::synonyms::load(root, &mut diagnostics);
    let site = Site::assemble(config, loaded, data, options.target, options.drafts);
    if site.home().is_none() {
        diagnostics.push(
            Diagnostic::error(
                "site::no-home",
                "nettstedet har ingen forside i dette bygget",
            )
            .in_file("content/_index.md")
            .with_help(match options.target {
                Target::Public => "forsiden må ha `access: public` for det offentlige bygget",
                Target::Internal => "lag content/_index.md med `title`",
            }),
        );
    }

    let (krav_history, notes) = KravHistories::read(root, git_history.as_ref().ok(), &site);
    diagnostics.extend(notes);

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
        Some(Ok(t)) => Some(t),
        Some(Err(problems)) => {
            diagnostics.extend(problems);
            None
        }
        None => None,
    };

    timings.lap("assemble");
    let glossary = Arc::new(Glossary::from_site(&site));
    let markers = |i: usize| -> Option<Box<dyn crate::markdown::TextMarker>> {
        (!glossary.is_empty()).then(|| Box::new(glossary.marker(glossary.entry_of_page(i))) as _)
    };
    progress.stage("Gjengir sider", site.pages.len() + site.sections.len());
    let content = render::render_content(&site, &markers, &progress, &mut diagnostics);
    timings.lap("render");
    for page in &site.pages {
        diagnostics.extend(glossary::undefined_abbreviations(&glossary, &page.source));
    }
    diagnostics.extend(checks::a11y::check_site(&site));
    let marked: Vec<Vec<usize>> = content.pages.iter().map(|p| p.marked.clone()).collect();
    let used_on = glossary::used_on(&glossary, &marked);
    let reports = reports::reports(&reports::ReportInput {
        site: &site,
        content: &content,
        glossary: &glossary,
        used_on: &used_on,
        krav_history: &krav_history,
        today: today(),
    });
    let build_id = build_id(root, &site, theme.as_ref(), options.drafts);
    let taxonomies = taxonomy::taxonomies(&site);
    timings.lap("derive");

    let staging = match &output {
        None => Staging::discard(),
        Some(output) => Staging::new(output)
            .map_err(|err| io_failure("kunne ikke lage utdatamappen", output, err))?,
    };

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
            globals: globals(&site, &build_id),
        };
        progress.stage("Bruker maler", site.pages.len() + site.sections.len());
        // Content errors mean nothing is kept, but templates still run to find their errors.
        let keep = !diagnostics.has_errors();
        let minify = site.config.minify;
        let emit = |doc: Document| -> std::io::Result<()> {
            if !keep {
                return Ok(());
            }
            let bytes = if minify {
                minify_html(&doc.html)
            } else {
                doc.html.into_bytes()
            };
            staging.write(&doc.path, &bytes)
        };
        let (count, problems) = input
            .documents(&progress, &emit)
            .map_err(|err| io_failure("kunne ikke skrive", &options.output, err))?;
        diagnostics.extend(problems);
        files += count;
        timings.lap("layout+minify+write");
    }

    let mut index = None;
    if !diagnostics.has_errors() {
        if options.mode == Mode::Build {
            let state = search::index::IndexState::new(
                search::documents(&site, &content),
                &search::synonyms::merge(
                    search::synonym_groups(&site)
                        .into_iter()
                        .chain(editor_synonyms)
                        .collect(),
                ),
                &build_id,
            );
            let files_of_index = state.files().files;
            files += files_of_index.len();
            files_of_index
                .par_iter()
                .try_for_each(|(path, text)| staging.write(path, text.as_bytes()))
                .map_err(|err| io_failure("kunne ikke skrive", &options.output, err))?;
            index = Some(state);
        }
        for report in &reports {
            for (path, bytes) in report.files() {
                staging
                    .write(&path, bytes)
                    .map_err(|err| io_failure("kunne ikke skrive", &options.output, err))?;
                files += 1;
            }
        }
        files += write_derived(&staging, &site, &content)
            .map_err(|err| io_failure("kunne ikke skrive", &options.output, err))?;
        timings.lap("write derived");
        // A missing theme is an error reported above, so this runs whenever the build can succeed.
        if let Some(theme) = &theme {
            files += copy_static(&staging, root, &site, theme).map_err(|(path, err)| {
                let shown = path.strip_prefix(root).unwrap_or(&path);
                io_failure("kunne ikke kopiere filen", shown, err)
            })?;
        }
        // Last: the service worker lists every other file of the build.
        if !staging.is_discarding() {
            let worker = offline::service_worker(&build_id, &staging.files());
            staging
                .write(offline::SERVICE_WORKER, worker.as_bytes())
                .map_err(|err| io_failure("kunne ikke skrive", &options.output, err))?;
            files += 1;
        }
    }

    progress.finish();
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
            reports,
            krav_history,
            index,
            build_id,
        },
    ))
}

/// Today's date, or `KOMPETANSE_TODAY` (YYYY-MM-DD) so reports can be reproduced and tested.
pub fn today() -> crate::date::Date {
    std::env::var("KOMPETANSE_TODAY")
        .ok()
        .and_then(|d| crate::date::Date::parse(&d))
        .unwrap_or_else(crate::date::Date::today)
}

/// A short fingerprint of everything a build's output depends on, so browsers and the
/// service worker can tell one build from the next: every file of `content/`, `data/`,
/// `static/` and `templates/`, `site.yaml`, the theme (built-in files included), the binary's
/// version and the build's options. A change to a theme stylesheet alone must change `sw.js`,
/// or offline readers keep the old one.
fn build_id(root: &Path, site: &Site, theme: Option<&Theme>, drafts: bool) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash
    }
    let mut hash = OFFSET;
    for part in [
        env!("CARGO_PKG_VERSION"),
        site.target.name(),
        site.config.base_url.as_str(),
        if drafts { "utkast" } else { "" },
    ] {
        hash = fnv(hash, part.as_bytes());
        hash = fnv(hash, &[0]);
    }
    let mut files: Vec<PathBuf> = vec![PathBuf::from(crate::config::CONFIG_FILE)];
    for dir in [
        load::CONTENT_DIR,
        crate::data::DATA_DIR,
        "static",
        "templates",
    ] {
        files.extend(
            WalkDir::new(root.join(dir))
                .sort_by_file_name()
                .into_iter()
                .flatten()
                .filter(|e| {
                    // Editor droppings, as the loader skips them.
                    let name = e.file_name().to_string_lossy();
                    !name.starts_with('.') && !name.ends_with('~') && e.path().is_file()
                })
                .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf)),
        );
    }
    // Each file hashed on its own (in parallel), then combined in a fixed order.
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|rel| {
            let named = fnv(OFFSET, rel.to_string_lossy().as_bytes());
            fnv(named, &std::fs::read(root.join(rel)).unwrap_or_default())
        })
        .collect();
    for file_hash in hashes {
        hash = fnv(hash, &file_hash.to_le_bytes());
    }
    for (rel, file) in theme.into_iter().flat_map(Theme::files) {
        hash = fnv(hash, rel.as_bytes());
        hash = fnv(hash, &file.bytes().unwrap_or_default());
    }
    format!("{hash:016x}")
}

pub fn minify_html(html: &str) -> Vec<u8> {
    // The minifier recurses per element level; a deeper document is written as it is.
    if crate::markdown::html::nesting_depth(html) > crate::markdown::html::MINIFY_MAX_DEPTH {
        return html.as_bytes().to_vec();
    }
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        minify_css: false,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html.as_bytes(), &cfg)
}

fn write_derived(
    staging: &Staging,
    site: &Site,
    content: &render::RenderedContent,
) -> std::io::Result<usize> {
    let mut entries: Vec<sitemap::SitemapEntry> = site
        .sections
        .iter()
        .map(|s| sitemap::SitemapEntry {
            url: s.url.clone(),
            lastmod: s.meta.updated,
        })
        .collect();
    entries.extend(site.pages.iter().map(|p| sitemap::SitemapEntry {
        url: p.url.clone(),
        lastmod: p.meta.updated.or(p.meta.date),
    }));
    entries.sort_by(|a, b| a.url.cmp(&b.url));
    staging.write(
        "sitemap.xml",
        sitemap::sitemap_xml(&site.config, &entries).as_bytes(),
    )?;
    staging.write("robots.txt", sitemap::robots_txt(&site.config).as_bytes())?;
    let summaries = |i: usize| content.pages[i].summary.clone();
    staging.write(
        feed::FEED_PATH,
        feed::atom_xml(site, &site.config, &summaries).as_bytes(),
    )?;
    Ok(3)
}

/// Copies the theme's `static/` (from disk or built in), then the site's `static/` (which
/// wins), then the files that live beside pages in `content/`; and writes the generated
/// code-highlighting stylesheet. An error names the file that could not be copied.
fn copy_static(
    staging: &Staging,
    root: &Path,
    site: &Site,
    theme: &Theme,
) -> Result<usize, (PathBuf, std::io::Error)> {
    let theme_files: Vec<(&str, &crate::theme::ThemeFile)> = theme.files_under("static").collect();
    theme_files.par_iter().try_for_each(|(rel, file)| {
        match file.disk_path() {
            Some(path) => staging.copy(path, rel),
            None => file.bytes().and_then(|bytes| staging.write(rel, &bytes)),
        }
        .map_err(|err| (root.join(&file.display), err))
    })?;
    let mut count = theme_files.len();
    let dir = root.join("static");
    let files: Vec<(PathBuf, String)> = WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            (e.path().to_path_buf(), rel)
        })
        .collect();
    count += files.len();
    files
        .par_iter()
        .try_for_each(|(path, rel)| staging.copy(path, rel).map_err(|err| (path.clone(), err)))?;
    site.assets.par_iter().try_for_each(|asset| {
        staging
            .copy(&asset.source, &asset.output)
            .map_err(|err| (asset.source.clone(), err))
    })?;
    count += site.assets.len();
    if let Some(syntax_theme) = theme.get("syntax.tmTheme") {
        let shown = root.join(&syntax_theme.display);
        let css = syntax_theme
            .bytes()
            .and_then(|bytes| {
                crate::markdown::highlight::stylesheet(&bytes)
                    .map_err(|e| std::io::Error::other(e.to_string()))
            })
            .map_err(|err| (shown.clone(), err))?;
        staging
            .write("css/syntax.css", css.as_bytes())
            .map_err(|err| (shown, err))?;
        count += 1;
    }
    Ok(count)
}
