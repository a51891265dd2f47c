//! The rebuild step of the live preview, behind one small type: incremental where it can be,
//! full where it must, and full again when the output it served has been removed.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::incremental::Session;
use crate::pipeline::{BuildFailure, BuildOptions, BuildSummary, Mode};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// Builds the site for `kompetanse serve`, first in full and then after every batch of changes.
///
/// An edit to the body of existing pages is applied incrementally ([`Session`]); anything
/// else is a full build. Like `kompetanse build`, a failed rebuild leaves the previous output
/// untouched.
pub struct Rebuilder {
    session: Session,
    builds: u64,
    /// The output folder as the last successful build left it; `None` before that, and after
    /// a rebuild that found the output gone and failed (so it is not retried in a loop).
    output: Option<OutputMark>,
}

/// Enough to tell that the output folder is still the one a build wrote: its identity (a
/// folder removed and made anew by an incremental write is another folder) and its front
/// page. The watcher ignores the output, so this is how `rm -rf target` is noticed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OutputMark {
    #[cfg(unix)]
    inode: (u64, u64),
}

impl OutputMark {
    fn of(output: &Path) -> Option<OutputMark> {
        let meta = std::fs::metadata(output).ok()?;
        if !meta.is_dir() || !output.join("index.html").is_file() {
            return None;
        }
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        Some(OutputMark {
            #[cfg(unix)]
            inode,
        })
    }
}

impl Rebuilder {
    /// `options.mode` is forced to [`Mode::Build`]: the preview needs files to serve.
    pub fn new(mut options: BuildOptions) -> Rebuilder {
        options.mode = Mode::Build;
        Rebuilder {
            session: Session::new(options),
            builds: 0,
            output: None,
        }
    }

    pub fn options(&self) -> &BuildOptions {
        self.session.options()
    }

    /// Whether the last rebuild changed only the edited pages.
    pub fn last_was_incremental(&self) -> bool {
        self.session.last_was_incremental
    }

    /// The HTML files (output paths) the last rebuild wrote, if it was incremental: the pages
    /// an open tab needs to fetch again. Empty after a full build.
    pub fn last_written(&self) -> &[String] {
        &self.session.last_written
    }

    /// Of [`Rebuilder::last_written`], the edited pages with their text (when not too large).
    pub fn last_fresh(&self) -> &[(String, String)] {
        &self.session.last_fresh
    }

    /// The second step of an incremental rebuild, run after the browser has been told: the
    /// search-index files of the edited pages. Returns the files written and the time taken.
    pub fn finish_search(&mut self) -> Result<(usize, std::time::Duration), BuildFailure> {
        let outcome = catch_unwind(AssertUnwindSafe(|| self.session.finish_search()));
        outcome.unwrap_or_else(|panic| {
            self.session.forget();
            Err(internal_error(panic))
        })
    }

    /// How many rebuilds have run, successful or not.
    pub fn builds(&self) -> u64 {
        self.builds
    }

    /// Whether the output of the last successful build has been removed or replaced since
    /// (the preview then needs a full build, even without a change to the sources).
    pub fn output_lost(&self) -> bool {
        self.output.as_ref().is_some_and(|mark| {
            OutputMark::of(&self.session.options().output).as_ref() != Some(mark)
        })
    }

    /// Rebuilds after `changed` (absolute paths of changed, created or removed files; empty
    /// means "anything may have changed", as for the first build).
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildSummary, BuildFailure> {
        if self.output_lost() {
            // Writing only the edited pages would leave a preview of those pages alone.
            self.session.forget();
            self.output = None;
        }
        let result = self.rebuild_sources(changed);
        if result.is_ok() {
            self.output = OutputMark::of(&self.session.options().output);
        }
        result
    }

    fn rebuild_sources(&mut self, changed: &[PathBuf]) -> Result<BuildSummary, BuildFailure> {
        self.builds += 1;
        // A bug in a stage must not end the preview: report it like any failed build and keep
        // serving the last good output.
        let outcome = catch_unwind(AssertUnwindSafe(|| self.session.rebuild(changed)));
        outcome.unwrap_or_else(|panic| {
            // The kept state may be half-updated; the next rebuild starts from scratch.
            self.session.forget();
            Err(internal_error(panic))
        })
    }
}

/// A bug in a stage, reported like any failed build.
fn internal_error(panic: Box<dyn std::any::Any + Send>) -> BuildFailure {
    let reason = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    BuildFailure::Usage(
        Diagnostic::error(
            Code::ServeInternal,
            format!("bygget stoppet på grunn av en intern feil i kompetanse: {reason}"),
        )
        .with_help("lagre filen på nytt for å prøve igjen, og meld feilen hvis den kommer tilbake"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_without_front_page_or_folder_is_lost() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("internal");
        assert_eq!(OutputMark::of(&output), None);
        std::fs::create_dir_all(output.join("a")).unwrap();
        assert_eq!(OutputMark::of(&output), None, "no index.html");
        std::fs::write(output.join("index.html"), "x").unwrap();
        let mark = OutputMark::of(&output).expect("a complete output");
        std::fs::write(output.join("a/index.html"), "edited in place").unwrap();
        assert_eq!(OutputMark::of(&output).as_ref(), Some(&mark));
        #[cfg(unix)]
        {
            // Replaced by another folder (moved away and made anew).
            std::fs::rename(&output, tmp.path().join("gammel")).unwrap();
            std::fs::create_dir_all(&output).unwrap();
            std::fs::write(output.join("index.html"), "x").unwrap();
            assert_ne!(OutputMark::of(&output).as_ref(), Some(&mark));
        }
        std::fs::remove_dir_all(&output).unwrap();
        assert_eq!(OutputMark::of(&output), None);
    }
}
