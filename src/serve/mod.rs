//! `kompetanse serve`: a live preview for editors. Builds the site into a folder of its own
//! (never `public/`), serves it over HTTP, watches the sources and rebuilds after every
//! change; open pages reload, or show the errors of a failed rebuild while the last good
//! output keeps being served.
//!
//! [`watch`] turns file events into batches of changed paths, [`Rebuilder`] builds, [`live`]
//! holds the latest build state and talks to the browsers, and [`http`] serves it all.

pub mod http;
pub mod live;
mod rebuild;
mod timeline;
pub mod watch;

pub use live::Live;
pub use rebuild::Rebuilder;

use crate::diagnostics::Diagnostic;
use crate::pipeline::{BuildFailure, BuildOptions, BuildSummary};
use crate::site::Target;
use std::io::{IsTerminal, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

pub const DEFAULT_PORT: u16 = 1111;

/// How often the preview checks, between changes, that its output is still there.
const OUTPUT_CHECK: Duration = Duration::from_secs(1);

/// How long after an incremental rebuild its search index is written: long enough for the
/// browser to fetch and show the page without competing with it for the processor.
const SEARCH_DELAY: Duration = Duration::from_millis(250);

/// Where the preview writes, relative to the site root.
pub const OUTPUT_DIR: &str = "target/kompetanse-serve";

/// What `kompetanse serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// 127.0.0.1 unless the editor asks otherwise.
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the preview in the browser.
    pub open: bool,
    pub drafts: bool,
    pub target: Target,
    /// Print the time of each step of every rebuild (`--timings`).
    pub timings: bool,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            open: false,
            drafts: false,
            target: Target::Internal,
            timings: false,
        }
    }

    /// `target/kompetanse-serve/<target>[-utkast]` under the site root: outside `content/`
    /// and `public/`, and one folder per kind of build so two previews do not clash.
    pub fn output(&self) -> PathBuf {
        let name = format!(
            "{}{}",
            self.target.name(),
            if self.drafts { "-utkast" } else { "" }
        );
        self.root.join(OUTPUT_DIR).join(name)
    }
}

/// Why the preview could not start (exit code 2). Problems in the content never end it.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("kunne ikke lytte på {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    /// The first build could not even read the site (no `content/`, no `site.yaml` …).
    #[error("{0}")]
    Site(Diagnostic),
}

impl ServeError {
    /// The report for the terminal; a site problem gets the full diagnostic with snippet.
    pub fn render(&self, color: bool) -> String {
        match self {
            ServeError::Site(diagnostic) => diagnostic.render(color),
            ServeError::Bind { source, .. } if source.kind() == std::io::ErrorKind::AddrInUse => {
                format!(
                    "feil: {self}\n  tips: velg en annen port med --port, eller --port 0 for en ledig"
                )
            }
            _ => format!("feil: {self}"),
        }
    }
}

/// Runs the preview until the process is stopped (Ctrl+C).
pub fn run(options: ServeOptions) -> Result<(), ServeError> {
    let output = options.output();
    let mut build = BuildOptions::new(&options.root);
    build.output = output.clone();
    build.drafts = options.drafts;
    build.target = options.target;
    build.progress = true;

    let addr = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| ServeError::Bind { addr, source })?;

    let (changes_tx, changes) = mpsc::channel();
    if options.root.is_dir()
        && let Err(err) = watch::spawn(&options.root, &output, changes_tx)
    {
        // Still worth serving; the editor just has to restart to see changes.
        eprintln!(
            "advarsel: kunne ikke overvåke endringer i {}: {err}. Forhåndsvisningen bygges ikke på nytt av seg selv; start `kompetanse serve` på nytt etter endringer.",
            options.root.display()
        );
    }

    let live = Arc::new(Live::new());
    let base = Arc::new(http::BasePath::default());
    base.set(&root_path(&options.root, options.target));
    let mut rebuilder = Rebuilder::new(build);
    match rebuilder.rebuild(&[]) {
        Ok(summary) => {
            let timings = options.timings || std::env::var_os("KOMPETANSE_TIMINGS").is_some();
            report_success(&live, &summary, &output, true, &[], Vec::new(), timings);
        }
        // Nothing to preview at all: say why and stop, like `kompetanse build`.
        Err(BuildFailure::Usage(diagnostic)) => return Err(ServeError::Site(diagnostic)),
        Err(failure) => report_failure(&live, &failure, output.exists()),
    }

    let editor = crate::editor::LocalEditor::new(&options.root, options.target);
    let server = http::Server::new(output.clone(), live.clone())
        .with_editor(Arc::new(editor))
        .with_base_path(base.clone());
    std::thread::Builder::new()
        .name("kompetanse-http".into())
        .spawn(move || {
            if let Err(err) = server.serve(listener) {
                eprintln!("feil: forhåndsvisningen kunne ikke starte serveren: {err}");
                std::process::exit(2);
            }
        })
        .map_err(|source| ServeError::Bind { addr, source })?;

    let url = browser_url(addr);
    println!("Forhåndsvisning: {url}");
    println!("Redigering i nettleseren: {url}admin/");
    if !options.bind.is_loopback() {
        println!(
            "Merk: serveren lytter på {addr} og kan nås fra andre maskiner, også interne sider."
        );
    }
    println!("Overvåker endringer i nettstedet. Trykk Ctrl+C for å avslutte.");
    let _ = std::io::stdout().flush();
    if options.open {
        open_browser(&url);
    }

    // Rebuild after every batch of changes; batches that arrive during a build are merged
    // into one rebuild. Between batches, look after the output: the watcher ignores it, and
    // an editor may delete it (`rm -rf target`) while the preview runs.
    let timings = options.timings || std::env::var_os("KOMPETANSE_TIMINGS").is_some();
    // When the search index of the last incremental rebuilds is to be written.
    let mut search_due: Option<Instant> = None;
    loop {
        let wait = search_due.map_or(OUTPUT_CHECK, |due| {
            due.saturating_duration_since(Instant::now())
        });
        let mut batch = match changes.recv_timeout(wait) {
            Ok(batch) => batch,
            Err(mpsc::RecvTimeoutError::Timeout) if search_due.is_some() => {
                search_due = None;
                finish_search(&mut rebuilder, &live, timings);
                continue;
            }
            Err(mpsc::RecvTimeoutError::Timeout) if rebuilder.output_lost() => {
                let now = std::time::SystemTime::now();
                watch::Batch {
                    paths: Vec::new(),
                    saved: None,
                    first_event: now,
                    ready: now,
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        while let Ok(more) = changes.try_recv() {
            batch.merge(more);
        }
        let changed = &batch.paths;
        if changed.is_empty() {
            println!(
                "Utdata i {} er borte; bygger alt på nytt.",
                output.display()
            );
        } else {
            println!("Endret: {}", describe_changes(&options.root, changed));
        }
        let site_root = root_path(&options.root, options.target);
        base.set(&site_root);
        let build_start = std::time::SystemTime::now();
        let result = rebuilder.rebuild(changed);
        let build_end = std::time::SystemTime::now();
        let built = result.is_ok();
        match result {
            Ok(summary) => {
                let written = served_paths(rebuilder.last_written(), &site_root);
                let fresh = rebuilder
                    .last_fresh()
                    .iter()
                    .map(|(path, html)| live::Fresh {
                        paths: served_paths(std::slice::from_ref(path), &site_root),
                        html: html.clone(),
                    })
                    .collect();
                report_success(&live, &summary, &output, false, &written, fresh, timings);
            }
            Err(failure) => report_failure(&live, &failure, true),
        }
        if timings {
            let timeline = timeline::Timeline::new(&batch, build_start, build_end);
            eprintln!("{}", timeline.render());
        }
        // The browser has been told. The search index of an incremental rebuild follows a
        // little later, so it does not compete with the browser fetching the page; edits
        // that come before then are written with it (a full build writes the whole index,
        // and there is nothing left to write).
        if built && rebuilder.last_was_incremental() {
            search_due.get_or_insert_with(|| Instant::now() + SEARCH_DELAY);
        }
    }
    // No watcher (it could not start, or its thread ended): keep serving what we have.
    loop {
        std::thread::park();
    }
}

/// Writes the search index of the pages edited since it was last written.
fn finish_search(rebuilder: &mut Rebuilder, live: &Live, timings: bool) {
    match rebuilder.finish_search() {
        Ok((files, time)) if timings && files > 0 => {
            eprintln!(
                "{:>16}: {:7.1} ms",
                "search index",
                time.as_secs_f64() * 1000.0
            );
        }
        Ok(_) => {}
        Err(failure) => report_failure(live, &failure, true),
    }
}

/// The URL paths at which the preview serves the output files `written` (`a/index.html`):
/// from `/`, and under the site's root path when it has one (see [`http::BasePath`]).
fn served_paths(written: &[String], site_root: &str) -> Vec<String> {
    let mut paths: Vec<String> = written.iter().map(|w| format!("/{w}")).collect();
    if site_root != "/" {
        let prefix = site_root.trim_end_matches('/');
        paths.extend(written.iter().map(|w| format!("{prefix}/{w}")));
    }
    paths
}

/// The path the build's address has on its host (`/ikt/kompetanse/`), which the 404 page's
/// links start with; `/` when `site.yaml` cannot be read (the build reports why).
fn root_path(root: &Path, target: Target) -> String {
    crate::config::Config::load(root)
        .map(|config| {
            crate::urls::site_root_path(config.address(target).unwrap_or(&config.base_url))
        })
        .unwrap_or_else(|_| "/".into())
}

/// Prints a successful build and tells the browsers. `changed_pages` are the HTML files an
/// incremental rebuild wrote (empty after a full build: every tab reloads).
fn report_success(
    live: &Live,
    summary: &BuildSummary,
    output: &Path,
    first: bool,
    changed_pages: &[String],
    fresh: Vec<live::Fresh>,
    timings: bool,
) {
    print_diagnostics(summary.diagnostics.sorted());
    if timings {
        for (stage, time) in &summary.timings.stages {
            eprintln!("{stage:>16}: {:7.1} ms", time.as_secs_f64() * 1000.0);
        }
    }
    println!(
        "{} {} sider og {} seksjoner på {:.2} s{}",
        if first { "Bygget" } else { "Bygget på nytt:" },
        summary.pages,
        summary.sections,
        summary.elapsed.as_secs_f64(),
        if first {
            format!(" → {}", output.display())
        } else {
            String::new()
        }
    );
    if summary.diagnostics.warning_count() > 0 {
        println!(
            "{}",
            crate::diagnostics::count_warnings(summary.diagnostics.warning_count())
        );
    }
    let _ = std::io::stdout().flush();
    live.succeeded(
        summary.diagnostics.iter(),
        !changed_pages.is_empty(),
        changed_pages,
        fresh,
    );
}

fn report_failure(live: &Live, failure: &BuildFailure, has_output: bool) {
    let diagnostics = failure.diagnostics();
    print_diagnostics(diagnostics.iter().copied());
    let (errors, warnings) = match failure {
        BuildFailure::Content(all) => (all.error_count(), all.warning_count()),
        BuildFailure::Usage(_) => (1, 0),
    };
    eprintln!(
        "Bygget feilet: {errors} feil, {}. {}",
        crate::diagnostics::count_warnings(warnings),
        if has_output {
            "Forhåndsvisningen viser forrige vellykkede bygg til feilen er rettet."
        } else {
            "Det finnes ikke noe tidligere bygg å vise; rett feilen, så bygges nettstedet."
        }
    );
    live.failed(diagnostics);
}

/// The same reports as `kompetanse build` prints.
fn print_diagnostics<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) {
    let color = std::io::stderr().is_terminal();
    for d in diagnostics {
        eprintln!("{}", d.render(color));
    }
}

/// `content/a.md`, or `content/a.md og 3 andre`.
fn describe_changes(root: &Path, changed: &[PathBuf]) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let name = |p: &PathBuf| {
        p.strip_prefix(&root)
            .map(|rel| {
                if rel.as_os_str().is_empty() {
                    "hele nettstedet".to_string()
                } else {
                    rel.display().to_string()
                }
            })
            .unwrap_or_else(|_| p.display().to_string())
    };
    match changed {
        [] => "ukjent".into(),
        [one] => name(one),
        [first, rest @ ..] => format!("{} og {} andre", name(first), rest.len()),
    }
}

/// The address to open: a wildcard bind is reached through loopback.
fn browser_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// Opens `url` in the default browser; failure only gets a note.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    let opened = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match opened {
        // Reap it in the background so it does not linger as a zombie.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(_) => println!("Kunne ikke åpne nettleseren; åpne {url} selv."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_outside_content_and_public() {
        let mut options = ServeOptions::new("/nettsted");
        assert_eq!(
            options.output(),
            Path::new("/nettsted/target/kompetanse-serve/internal")
        );
        options.target = Target::Public;
        options.drafts = true;
        assert_eq!(
            options.output(),
            Path::new("/nettsted/target/kompetanse-serve/public-utkast")
        );
    }

    #[test]
    fn written_pages_are_named_by_the_paths_they_are_served_at() {
        let written = ["a/index.html".to_string(), "index.html".to_string()];
        assert_eq!(
            served_paths(&written, "/"),
            ["/a/index.html", "/index.html"]
        );
        assert_eq!(
            served_paths(&written, "/ikt/kompetanse/"),
            [
                "/a/index.html",
                "/index.html",
                "/ikt/kompetanse/a/index.html",
                "/ikt/kompetanse/index.html"
            ]
        );
    }

    #[test]
    fn wildcard_binds_are_opened_through_loopback() {
        let url = |ip: &str| browser_url(SocketAddr::new(ip.parse().unwrap(), 1111));
        assert_eq!(url("0.0.0.0"), "http://127.0.0.1:1111/");
        assert_eq!(url("::"), "http://[::1]:1111/");
        assert_eq!(url("192.168.1.5"), "http://192.168.1.5:1111/");
    }
}
