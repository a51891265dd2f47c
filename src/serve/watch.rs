//! Watching the site's sources: `notify` events from `content/`, `themes/`, `templates/`,
//! `data/`, `static/`, `i18n/` and `site.yaml`, filtered (editor temp files, the output folder, reads)
//! and debounced into batches of changed paths, one batch per rebuild.
//!
//! The debounce adapts to what the events say: once every changed file of a burst has been
//! closed after writing or renamed into place (a save is complete), the batch ends
//! after a [`SETTLE`] of a couple of milliseconds; while a file is still open for writing,
//! or on a backend that does not report closes, it waits for the longer [`QUIET`].

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

/// Folders of a site whose files a build reads.
pub const WATCHED_DIRS: [&str; 6] = [
    "content",
    "themes",
    "templates",
    "data",
    "static",
    crate::i18n::I18N_DIR,
];
/// Files in the site root that a build reads.
pub const WATCHED_FILES: [&str; 1] = ["site.yaml"];

/// A batch whose files are all complete ends when no relevant event has come for this long
/// (an editor's save is a few events within microseconds) …
const SETTLE: Duration = Duration::from_millis(2);
/// … and one with a file that may still be written to, after this long …
const QUIET: Duration = Duration::from_millis(25);
/// … or when it has been collecting for this long (a steady stream of changes).
const LONGEST: Duration = Duration::from_secs(2);

/// The changed paths of one burst of edits, with when it was noticed (for `serve --timings`).
#[derive(Debug, Clone)]
pub struct Batch {
    /// Absolute paths of changed, created or removed files, sorted.
    pub paths: Vec<PathBuf>,
    /// The newest modification time of the batch's files when the first event came: when
    /// the editor saved (`None` when no file of the first event could be read).
    pub saved: Option<SystemTime>,
    /// When the first relevant event of the batch arrived.
    pub first_event: SystemTime,
    /// When the batch was complete and handed to the build.
    pub ready: SystemTime,
}

impl Batch {
    /// Merges a later batch into this one (batches that arrived during a build).
    pub fn merge(&mut self, later: Batch) {
        self.paths.extend(later.paths);
        self.paths.sort();
        self.paths.dedup();
        self.ready = later.ready;
    }
}

/// Starts watching `root` and sends a batch of changed paths on `changes` after every burst
/// of edits. The watches are in place when this returns; the watcher lives in its own thread
/// until `changes` is closed.
pub fn spawn(root: &Path, output: &Path, changes: Sender<Batch>) -> notify::Result<()> {
    let root = root.canonicalize().map_err(notify::Error::io)?;
    let output = absolute(output);
    let (events_tx, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(events_tx)?;
    // The root itself only non-recursively: it sees site.yaml (also when an editor replaces
    // it) and watched folders that are created later.
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    let filter = Filter { root, output };
    std::thread::Builder::new()
        .name("kompetanse-watch".into())
        .spawn(move || debounce(watcher, &filter, &events, &changes))
        .map_err(notify::Error::io)?;
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn debounce(
    mut watcher: RecommendedWatcher,
    filter: &Filter,
    events: &Receiver<notify::Result<Event>>,
    changes: &Sender<Batch>,
) {
    loop {
        let mut batch = BTreeSet::new();
        // Wait for the first relevant event; reads and ignored files do not start a batch.
        let mut open = BTreeSet::new();
        while batch.is_empty() {
            match events.recv() {
                Ok(event) => {
                    absorb(&mut watcher, filter, event, &mut batch, &mut open);
                }
                Err(_) => return,
            }
        }
        let first_event = SystemTime::now();
        let saved = batch
            .iter()
            .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
            .max();
        let started = Instant::now();
        let mut last = started;
        loop {
            let deadline = (last + quiet_period(&open)).min(started + LONGEST);
            let Some(wait) = deadline.checked_duration_since(Instant::now()) else {
                break;
            };
            match events.recv_timeout(wait) {
                Ok(event) => {
                    if absorb(&mut watcher, filter, event, &mut batch, &mut open) {
                        last = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let batch = Batch {
            paths: batch.into_iter().collect(),
            saved,
            first_event,
            ready: SystemTime::now(),
        };
        if changes.send(batch).is_err() {
            return;
        }
    }
}

/// How long a batch waits for more events, given the files that may still be written to.
fn quiet_period(open: &BTreeSet<PathBuf>) -> Duration {
    if open.is_empty() { SETTLE } else { QUIET }
}

/// Whether an event leaves its file complete: closed after writing or renamed into place.
/// A creation or a write may be followed by more writes, and a file renamed away or removed
/// by a new one (editors that save by replacing the file), so those wait for the quiet period.
fn completes(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
            | EventKind::Create(CreateKind::Folder)
    )
}

/// Adds the relevant paths of one event to `batch`, and keeps `open` (the files that may
/// still be written to) up to date. Returns whether the event was relevant.
fn absorb(
    watcher: &mut RecommendedWatcher,
    filter: &Filter,
    event: notify::Result<Event>,
    batch: &mut BTreeSet<PathBuf>,
    open: &mut BTreeSet<PathBuf>,
) -> bool {
    let event = match event {
        Ok(event) => event,
        Err(err) => {
            eprintln!("advarsel: overvåkingen av filer meldte en feil: {err}");
            return false;
        }
    };
    if event.need_rescan() {
        // Events were lost: rebuild everything.
        batch.insert(filter.root.clone());
        return true;
    }
    if !is_change(&event.kind) {
        return false;
    }
    let mut relevant = false;
    // A rename with both names: the first is the name the file left.
    let both = matches!(
        event.kind,
        EventKind::Modify(ModifyKind::Name(RenameMode::Both))
    );
    for (at, path) in event.paths.iter().enumerate() {
        if !filter.is_relevant(path) {
            continue;
        }
        // A watched folder created (or re-created) after the start gets its own watch.
        if matches!(
            event.kind,
            EventKind::Create(CreateKind::Folder | CreateKind::Any)
        ) && path.parent() == Some(filter.root.as_path())
            && path.is_dir()
            && let Err(err) = watcher.watch(path, RecursiveMode::Recursive)
        {
            eprintln!("advarsel: kunne ikke overvåke {}: {err}", path.display());
        }
        if completes(&event.kind) && !(both && at == 0) {
            open.remove(path);
        } else {
            open.insert(path.clone());
        }
        batch.insert(path.clone());
        relevant = true;
    }
    relevant
}

/// Whether an event kind means a file may have changed. Reads (our own build opens every
/// file) and metadata such as access times do not count; closing a file after writing does.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Other => false,
    }
}

struct Filter {
    /// Canonical site root.
    root: PathBuf,
    /// Absolute output folder of the preview.
    output: PathBuf,
}

impl Filter {
    fn is_relevant(&self, path: &Path) -> bool {
        if path.starts_with(&self.output) || is_staging(path, &self.output) {
            return false;
        }
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut parts = rel.components();
        let first = match parts.next() {
            Some(Component::Normal(first)) => first,
            _ => return false,
        };
        let watched = if parts.next().is_none() {
            WATCHED_FILES
                .iter()
                .chain(&WATCHED_DIRS)
                .any(|n| first == OsStr::new(n))
        } else {
            WATCHED_DIRS.iter().any(|n| first == OsStr::new(n))
        };
        watched && !path.file_name().is_some_and(is_editor_temp)
    }
}

/// The staging folders a build writes beside the output (`.internal.bygges-1234`).
fn is_staging(path: &Path, output: &Path) -> bool {
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return false;
    };
    let prefix = format!(".{}.bygges-", name.to_string_lossy());
    path.strip_prefix(parent)
        .ok()
        .and_then(|rel| rel.components().next())
        .is_some_and(|c| c.as_os_str().to_string_lossy().starts_with(&prefix))
}

/// Swap, backup and lock files that editors write next to the file being edited.
pub fn is_editor_temp(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp", ".crswap", "___jb_tmp___", "___jb_old___"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
        || name == "4913" // vim checks whether it may write in the folder with this file
        || name == ".DS_Store"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_ignored() {
        for name in [
            ".bytte-passord.md.swp",
            "bytte-passord.md~",
            ".#bytte-passord.md",
            "#bytte-passord.md#",
            "4913",
            "x.md.tmp",
        ] {
            assert!(is_editor_temp(OsStr::new(name)), "{name}");
        }
        for name in ["bytte-passord.md", "site.yaml", "style.css", "swp.md"] {
            assert!(!is_editor_temp(OsStr::new(name)), "{name}");
        }
    }

    #[test]
    fn only_site_sources_are_relevant() {
        let filter = Filter {
            root: PathBuf::from("/nettsted"),
            output: PathBuf::from("/nettsted/target/kompetanse-serve/internal"),
        };
        for path in [
            "/nettsted/site.yaml",
            "/nettsted/content/a/b.md",
            "/nettsted/themes/default/templates/base.html",
            "/nettsted/templates/page.html",
            "/nettsted/data/kommuner.yaml",
            "/nettsted/static/logo.svg",
            "/nettsted/static",
            "/nettsted/i18n/nn.yaml",
        ] {
            assert!(filter.is_relevant(Path::new(path)), "{path}");
        }
        for path in [
            "/nettsted/README.md",
            "/nettsted/public/index.html",
            "/nettsted/target/kompetanse-serve/internal/index.html",
            "/nettsted/target/kompetanse-serve/.internal.bygges-42/index.html",
            "/nettsted/content/a/.b.md.swp",
            "/nettsted/content/a/b.md~",
            "/annet/content/a.md",
        ] {
            assert!(!filter.is_relevant(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn reads_do_not_count_as_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(
            notify::event::DataChange::Content
        ))));
    }

    #[test]
    fn a_batch_waits_long_only_while_a_file_may_still_be_written() {
        let mut open = BTreeSet::new();
        assert_eq!(quiet_period(&open), SETTLE);
        let data = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Content));
        assert!(!completes(&data));
        assert!(!completes(&EventKind::Create(CreateKind::File)));
        // Renamed away or removed: an editor may be about to put the new file in its place.
        assert!(!completes(&EventKind::Modify(ModifyKind::Name(
            RenameMode::From
        ))));
        assert!(!completes(&EventKind::Remove(
            notify::event::RemoveKind::File
        )));
        open.insert(PathBuf::from("/n/content/a.md"));
        assert_eq!(quiet_period(&open), QUIET);
        for done in [
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
        ] {
            assert!(completes(&done), "{done:?}");
        }
    }

    /// A save (write and close) is handed to the build after the short settle, not after
    /// the long quiet period that a file still open for writing gets.
    #[test]
    fn a_complete_save_is_handed_on_without_the_long_wait() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let page = root.join("content/side.md");
        std::fs::write(&page, "x").unwrap();
        let (tx, rx) = mpsc::channel();
        spawn(&root, &root.join("target/kompetanse-serve/internal"), tx).unwrap();
        std::fs::write(&page, "endret").unwrap();
        let batch = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(batch.paths, [page]);
        let waited = batch.ready.duration_since(batch.first_event).unwrap();
        assert!(waited < QUIET, "waited {waited:?}");
        assert!(batch.saved.is_some(), "the save time is the file's mtime");
    }

    /// Editors that save by renaming: a new file renamed into place is a complete save; a
    /// file renamed away (to a backup) is not, so the batch waits for its replacement instead
    /// of building while the page is missing.
    #[test]
    fn a_file_renamed_away_waits_for_its_replacement() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let page = root.join("content/side.md");
        std::fs::write(&page, "x").unwrap();
        let (tx, rx) = mpsc::channel();
        spawn(&root, &root.join("target/kompetanse-serve/internal"), tx).unwrap();
        std::fs::rename(&page, root.join("content/side.md~")).unwrap();
        std::thread::sleep(SETTLE * 3);
        std::fs::write(root.join("content/side.md.tmp"), "ny").unwrap();
        std::fs::rename(root.join("content/side.md.tmp"), &page).unwrap();
        let batch = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(batch.paths, std::slice::from_ref(&page));
        assert!(
            page.is_file(),
            "the batch came after the new file was in place"
        );
        assert!(
            rx.recv_timeout(Duration::from_millis(200)).is_err(),
            "one save, one batch"
        );
        // A new file renamed into place is complete at once.
        std::fs::write(root.join("content/side.md.tmp"), "nyere").unwrap();
        std::fs::rename(root.join("content/side.md.tmp"), &page).unwrap();
        let batch = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(batch.paths, [page]);
        let waited = batch.ready.duration_since(batch.first_event).unwrap();
        assert!(waited < QUIET, "waited {waited:?}");
    }

    /// Receives batches until `expected` paths have been seen; fails on any other path.
    fn collect(rx: &Receiver<Batch>, expected: &[PathBuf]) -> usize {
        let mut seen = BTreeSet::new();
        let mut batches = 0;
        while seen.len() < expected.len() {
            let batch = rx
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("saw {seen:?}, expected {expected:?}"));
            batches += 1;
            for path in batch.paths {
                assert!(expected.contains(&path), "unexpected {path:?}");
                seen.insert(path);
            }
        }
        batches
    }

    #[test]
    fn bursts_of_edits_become_batches_of_relevant_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let (tx, rx) = mpsc::channel();
        spawn(&root, &root.join("target/kompetanse-serve/internal"), tx).unwrap();
        let pages: Vec<PathBuf> = (0..5)
            .map(|i| root.join(format!("content/side-{i}.md")))
            .collect();
        for page in &pages {
            std::fs::write(page, "x").unwrap();
        }
        std::fs::write(root.join("content/.side-0.md.swp"), "x").unwrap();
        std::fs::write(root.join("README.md"), "x").unwrap();
        let batches = collect(&rx, &pages);
        assert!(
            batches < pages.len(),
            "a burst is debounced ({batches} batches)"
        );

        // A watched folder created later is watched too.
        std::fs::create_dir_all(root.join("static")).unwrap();
        collect(&rx, &[root.join("static")]);
        std::fs::write(root.join("static/logo.svg"), "<svg/>").unwrap();
        collect(&rx, &[root.join("static/logo.svg")]);
    }
}
