//! The state of the latest build as the browser sees it, and live reload: `live.js`, the
//! script tag injected into served HTML, and the Server-Sent Events that tell open pages to
//! reload or to show the errors of a failed rebuild.

use crate::diagnostics::Diagnostic;
use serde::Serialize;
use std::io::{self, Write};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Everything served by the preview itself lives under this path, never a site path.
pub const PREFIX: &str = "/__kompetanse/";
pub const SCRIPT_PATH: &str = "/__kompetanse/live.js";
pub const EVENTS_PATH: &str = "/__kompetanse/events";
pub const STATUS_PATH: &str = "/__kompetanse/status";

/// Added to every HTML response of `kompetanse serve` (never to build output).
pub const SCRIPT_TAG: &str = r#"<script src="/__kompetanse/live.js"></script>"#;

/// The client: connects to [`EVENTS_PATH`], reloads after a successful rebuild and shows the
/// errors of a failed one in an overlay.
pub const LIVE_JS: &str = include_str!("live.js");

/// How often an idle event stream gets a comment, so dead connections are noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// What `/__kompetanse/status` returns and every event carries.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Status {
    /// Whether the latest build succeeded.
    pub ok: bool,
    /// `Diagnostic::one_line()` of every problem of the failed build (empty when `ok`).
    pub errors: Vec<String>,
    /// Warnings of the latest successful build.
    pub warnings: Vec<String>,
    /// Names the output being served; it changes with every successful build (and with every
    /// start of the server), which is how a page knows it is out of date.
    pub version: String,
    /// The latest build changed only the main content of edited pages (an incremental
    /// rebuild), so a page may swap in its new content instead of reloading everything.
    pub content_only: bool,
}

struct State {
    /// Bumped on every change of `status`, so waiting streams can tell what they missed.
    generation: u64,
    successes: u64,
    status: Status,
}

/// The shared build state; the build loop writes it, connections read it.
pub struct Live {
    session: String,
    state: Mutex<State>,
    changed: Condvar,
}

impl Default for Live {
    fn default() -> Live {
        Live::new()
    }
}

impl Live {
    /// No build yet: not ok, no errors.
    pub fn new() -> Live {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let session = format!("{:x}", nanos ^ u128::from(std::process::id()));
        Live {
            state: Mutex::new(State {
                generation: 0,
                successes: 0,
                status: Status {
                    ok: false,
                    errors: Vec::new(),
                    warnings: Vec::new(),
                    version: format!("{session}-0"),
                    content_only: false,
                },
            }),
            session,
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A build succeeded and its output is now served; `content_only` if it only changed the
    /// main content of edited pages.
    pub fn succeeded<'a>(
        &self,
        warnings: impl IntoIterator<Item = &'a Diagnostic>,
        content_only: bool,
    ) {
        let mut state = self.lock();
        state.successes += 1;
        state.generation += 1;
        state.status = Status {
            ok: true,
            errors: Vec::new(),
            warnings: warnings.into_iter().map(Diagnostic::one_line).collect(),
            version: format!("{}-{}", self.session, state.successes),
            content_only,
        };
        drop(state);
        self.changed.notify_all();
    }

    /// A build failed; the previous output (if any) is still served.
    pub fn failed<'a>(&self, diagnostics: impl IntoIterator<Item = &'a Diagnostic>) {
        let mut state = self.lock();
        state.generation += 1;
        state.status.ok = false;
        state.status.errors = diagnostics.into_iter().map(Diagnostic::one_line).collect();
        state.status.warnings.clear();
        drop(state);
        self.changed.notify_all();
    }

    pub fn status(&self) -> Status {
        self.lock().status.clone()
    }

    pub fn status_json(&self) -> String {
        status_json(&self.status())
    }

    fn current(&self) -> (u64, Status) {
        let state = self.lock();
        (state.generation, state.status.clone())
    }

    /// Waits up to `timeout` for a state newer than `seen`.
    fn wait_newer(&self, seen: u64, timeout: Duration) -> Option<(u64, Status)> {
        let state = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.generation == seen)
            .unwrap_or_else(PoisonError::into_inner);
        (state.generation != seen).then(|| (state.generation, state.status.clone()))
    }

    /// Streams events to one browser until it goes away: the current state first (so a page
    /// opened while a build is broken shows the errors at once), then `reload` after every
    /// successful build and `status` after every failed one. The response headers have been
    /// written by the caller.
    pub fn stream_events(&self, out: &mut impl Write) -> io::Result<()> {
        let (mut seen, status) = self.current();
        out.write_all(b"retry: 1000\n\n")?;
        write_event(out, "status", &status)?;
        loop {
            match self.wait_newer(seen, KEEPALIVE) {
                Some((generation, status)) => {
                    seen = generation;
                    let name = if status.ok { "reload" } else { "status" };
                    write_event(out, name, &status)?;
                }
                None => {
                    out.write_all(b": ping\n\n")?;
                    out.flush()?;
                }
            }
        }
    }
}

fn status_json(status: &Status) -> String {
    // Serializing plain strings and bools cannot fail; fall back to a valid document anyway.
    serde_json::to_string(status).unwrap_or_else(|_| r#"{"ok":false,"errors":[]}"#.into())
}

fn write_event(out: &mut impl Write, name: &str, status: &Status) -> io::Result<()> {
    // JSON never contains a raw newline, so the data fits one `data:` line.
    // One write per event, so it goes out in one piece.
    let event = format!("event: {name}\ndata: {}\n\n", status_json(status));
    out.write_all(event.as_bytes())?;
    out.flush()
}

/// Inserts [`SCRIPT_TAG`] before the last `</body>`, or appends it when there is none.
pub fn inject_script(html: &[u8]) -> Vec<u8> {
    let needle = b"</body";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn script_goes_before_the_last_closing_body_tag() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY>\n</html>";
        let out = String::from_utf8(inject_script(html)).unwrap();
        assert_eq!(
            out,
            format!("<html><body><p>&lt;/body&gt;</p>{SCRIPT_TAG}</BODY>\n</html>")
        );
        let bare = String::from_utf8(inject_script(b"<p>hei")).unwrap();
        assert_eq!(bare, format!("<p>hei{SCRIPT_TAG}"));
    }

    #[test]
    fn status_follows_builds_and_version_changes_only_on_success() {
        let live = Live::new();
        live.succeeded([], false);
        let first = live.status();
        assert!(first.ok);
        let problem = Diagnostic::error("x", "ødelagt <b>")
            .in_file("content/a.md")
            .at(3, 1);
        live.failed([&problem]);
        let failed = live.status();
        assert!(!failed.ok);
        assert_eq!(failed.errors, vec!["feil: content/a.md:3:1: ødelagt <b>"]);
        assert_eq!(
            failed.version, first.version,
            "the old output is still served"
        );
        live.succeeded([], false);
        let fixed = live.status();
        assert!(fixed.ok && fixed.errors.is_empty());
        assert_ne!(fixed.version, first.version);
        let json: serde_json::Value = serde_json::from_str(&live.status_json()).unwrap();
        assert_eq!(json["ok"], true);
    }

    #[test]
    fn streams_current_state_then_changes() {
        /// Collects the stream, says when the first event is out, and ends it at the second.
        struct Until {
            out: Vec<u8>,
            events: usize,
            first: std::sync::mpsc::Sender<()>,
        }
        impl Write for Until {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.out.extend_from_slice(buf);
                self.events += buf.windows(7).filter(|w| w == b"event: ").count();
                match self.events {
                    0 => {}
                    1 => {
                        let _ = self.first.send(());
                    }
                    _ => return Err(io::Error::new(io::ErrorKind::BrokenPipe, "done")),
                }
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let live = Arc::new(Live::new());
        let problem = Diagnostic::error("x", "feil i YAML").in_file("content/a.md");
        live.failed([&problem]);
        let (first, first_sent) = std::sync::mpsc::channel();
        let writer = {
            let live = live.clone();
            std::thread::spawn(move || {
                let mut out = Until {
                    out: Vec::new(),
                    events: 0,
                    first,
                };
                let _ = live.stream_events(&mut out);
                String::from_utf8(out.out).unwrap()
            })
        };
        first_sent.recv().unwrap();
        live.succeeded([], false);
        let text = writer.join().unwrap();
        assert!(
            text.contains("event: status\ndata: {\"ok\":false"),
            "{text}"
        );
        assert!(text.contains("feil i YAML"), "{text}");
        assert!(text.contains("event: reload\ndata: {\"ok\":true"), "{text}");
    }
}
