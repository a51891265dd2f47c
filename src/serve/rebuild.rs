//! The rebuild step of the live preview, behind one small type so that it can become
//! incremental later without touching the server or the watcher.

use crate::diagnostics::Diagnostic;
use crate::incremental::Session;
use crate::pipeline::{BuildFailure, BuildOptions, BuildSummary, Mode};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

/// Builds the site for `kompetanse serve`, first in full and then after every batch of changes.
///
/// An edit to the body of existing pages is applied incrementally ([`Session`]); anything
/// else is a full build. Like `kompetanse build`, a failed rebuild leaves the previous output
/// untouched.
pub struct Rebuilder {
    session: Session,
    builds: u64,
}

impl Rebuilder {
    /// `options.mode` is forced to [`Mode::Build`]: the preview needs files to serve.
    pub fn new(mut options: BuildOptions) -> Rebuilder {
        options.mode = Mode::Build;
        Rebuilder {
            session: Session::new(options),
            builds: 0,
        }
    }

    pub fn options(&self) -> &BuildOptions {
        self.session.options()
    }

    /// Whether the last rebuild changed only the edited pages.
    pub fn last_was_incremental(&self) -> bool {
        self.session.last_was_incremental
    }

    /// How many rebuilds have run, successful or not.
    pub fn builds(&self) -> u64 {
        self.builds
    }

    /// Rebuilds after `changed` (absolute paths of changed, created or removed files; empty
    /// means "anything may have changed", as for the first build).
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildSummary, BuildFailure> {
        self.builds += 1;
        // A bug in a stage must not end the preview: report it like any failed build and keep
        // serving the last good output.
        let outcome = catch_unwind(AssertUnwindSafe(|| self.session.rebuild(changed)));
        outcome.unwrap_or_else(|panic| {
            // The kept state may be half-updated; the next rebuild starts from scratch.
            self.session.forget();
            let reason = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(BuildFailure::Usage(
                Diagnostic::error(
                    "serve::internal",
                    format!("bygget stoppet på grunn av en intern feil i kompetanse: {reason}"),
                )
                .with_help(
                    "lagre filen på nytt for å prøve igjen, og meld feilen hvis den kommer tilbake",
                ),
            ))
        })
    }
}
