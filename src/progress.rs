//! A progress display for builds that take longer than a moment (indicatif), drawn only when
//! stderr is a terminal: logs and CI output stay clean.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How long a build runs before the display appears.
const SHOW_AFTER: Duration = Duration::from_millis(300);

pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    enabled: bool,
}

impl Progress {
    /// A display that appears on stderr if `wanted`, stderr is a terminal and the build
    /// is slow; otherwise it stays hidden.
    pub fn new(wanted: bool) -> Progress {
        let bar = ProgressBar::hidden();
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {msg:<22} [{bar:30}] {pos}/{len}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress {
            bar,
            started: Instant::now(),
            enabled: wanted && std::io::stderr().is_terminal(),
        }
    }

    /// Starts a stage with `len` steps.
    pub fn stage(&self, message: &'static str, len: usize) {
        self.bar.set_message(message);
        self.bar.set_length(len as u64);
        self.bar.set_position(0);
        self.show_if_slow();
    }

    /// One step of the current stage done; safe to call from many threads.
    pub fn tick(&self) {
        self.bar.inc(1);
        self.show_if_slow();
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn show_if_slow(&self) {
        if self.enabled && self.bar.is_hidden() && self.started.elapsed() > SHOW_AFTER {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}
