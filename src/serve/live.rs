//! The state of the latest build as the browser sees it, and live reload: `live.js`, the
//! script tag injected into served HTML, and the Server-Sent Events that tell open pages to
//! reload or to show the errors of a failed rebuild.

use crate::diagnostics::Diagnostic;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Serialize;
use std::convert::Infallible;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::watch;

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
    /// With `content_only`: the URL paths of the HTML files the rebuild wrote
    /// (`/selvhjelp/a/index.html`). A tab showing none of them has nothing to fetch.
    pub pages: Vec<String>,
    /// With `content_only`: the edited pages themselves, with their new text, so the tab
    /// showing one needs no request to show it.
    pub fresh: Vec<Fresh>,
}

/// An edited page as it was just written.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Fresh {
    /// The URL paths it is served at (`/a/index.html`, and under the base path).
    pub paths: Vec<String>,
    /// The whole document, as served but without the live-reload script.
    pub html: String,
}

/// The shared build state; the build loop writes it, connections read it. Every change
/// wakes the event streams (a `watch` channel: a stream that falls behind gets the latest).
pub struct Live {
    session: String,
    successes: std::sync::atomic::AtomicU64,
    state: watch::Sender<Status>,
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
        let (state, _) = watch::channel(Status {
            ok: false,
            errors: Vec::new(),
            warnings: Vec::new(),
            version: format!("{session}-0"),
            content_only: false,
            pages: Vec::new(),
            fresh: Vec::new(),
        });
        Live {
            session,
            successes: Default::default(),
            state,
        }
    }

    /// A build succeeded and its output is now served; `content_only` if it only changed the
    /// main content of the HTML files served at `pages` (of which `fresh` are the edited
    /// pages with their text).
    pub fn succeeded<'a>(
        &self,
        warnings: impl IntoIterator<Item = &'a Diagnostic>,
        content_only: bool,
        pages: &[String],
        fresh: Vec<Fresh>,
    ) {
        use std::sync::atomic::Ordering;
        let successes = self.successes.fetch_add(1, Ordering::SeqCst) + 1;
        self.state.send_replace(Status {
            ok: true,
            errors: Vec::new(),
            warnings: warnings.into_iter().map(Diagnostic::one_line).collect(),
            version: format!("{}-{successes}", self.session),
            content_only,
            pages: if content_only {
                pages.to_vec()
            } else {
                Vec::new()
            },
            fresh: if content_only { fresh } else { Vec::new() },
        });
    }

    /// A build failed; the previous output (if any) is still served.
    pub fn failed<'a>(&self, diagnostics: impl IntoIterator<Item = &'a Diagnostic>) {
        let errors = diagnostics.into_iter().map(Diagnostic::one_line).collect();
        self.state.send_modify(|status| {
            status.ok = false;
            status.errors = errors;
            status.warnings.clear();
        });
    }

    pub fn status(&self) -> Status {
        self.state.borrow().clone()
    }

    pub fn status_json(&self) -> String {
        status_json(&self.status())
    }

    /// The events for one browser: the current state first (so a page opened while a build
    /// is broken shows the errors at once), then `reload` after every successful build and
    /// `status` after every failed one. It ends when the server does.
    pub fn events(&self) -> impl Stream<Item = Result<Event, Infallible>> + Send + use<> {
        let mut state = self.state.subscribe();
        let first = event("status", &state.borrow_and_update()).retry(Duration::from_secs(1));
        let changes = futures_util::stream::unfold(state, |mut state| async move {
            state.changed().await.ok()?;
            let status = state.borrow_and_update().clone();
            let name = if status.ok { "reload" } else { "status" };
            Some((Ok(event(name, &status)), state))
        });
        futures_util::StreamExt::chain(
            futures_util::stream::once(std::future::ready(Ok(first))),
            changes,
        )
    }

    /// The `text/event-stream` response for [`EVENTS_PATH`].
    pub fn event_stream(&self) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
        Sse::new(self.events()).keep_alive(KeepAlive::new().interval(KEEPALIVE).text("ping"))
    }
}

fn status_json(status: &Status) -> String {
    // Serializing plain strings and bools cannot fail; fall back to a valid document anyway.
    serde_json::to_string(status).unwrap_or_else(|_| r#"{"ok":false,"errors":[]}"#.into())
}

/// JSON never contains a raw newline, so the data fits one `data:` line.
fn event(name: &str, status: &Status) -> Event {
    Event::default().event(name).data(status_json(status))
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
    use crate::diagnostics::Code;

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
        live.succeeded([], false, &[], Vec::new());
        let first = live.status();
        assert!(first.ok);
        let problem = Diagnostic::error(Code::TemplateError, "ødelagt <b>")
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
        live.succeeded([], false, &[], Vec::new());
        let fixed = live.status();
        assert!(fixed.ok && fixed.errors.is_empty());
        assert_ne!(fixed.version, first.version);
        let json: serde_json::Value = serde_json::from_str(&live.status_json()).unwrap();
        assert_eq!(json["ok"], true);
    }

    #[test]
    fn streams_current_state_then_changes() {
        use axum::response::IntoResponse;
        use futures_util::StreamExt;
        let live = Live::new();
        let problem =
            Diagnostic::error(Code::FrontmatterInvalidYaml, "feil i YAML").in_file("content/a.md");
        live.failed([&problem]);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        // The keep-alive timer needs the runtime.
        let _inside = runtime.enter();
        let mut body = live
            .event_stream()
            .into_response()
            .into_body()
            .into_data_stream();
        let mut next = || {
            let chunk = runtime.block_on(body.next()).unwrap().unwrap();
            String::from_utf8(chunk.to_vec()).unwrap()
        };
        let first = next();
        assert!(
            first.contains("event: status\ndata: {\"ok\":false"),
            "{first}"
        );
        assert!(first.contains("feil i YAML"), "{first}");
        assert!(first.contains("retry: 1000\n"), "{first}");
        live.succeeded([], false, &[], Vec::new());
        let second = next();
        assert!(
            second.starts_with("event: reload\ndata: {\"ok\":true"),
            "{second}"
        );
        // An incremental rebuild names the pages it wrote, so other tabs fetch nothing.
        let fresh = Fresh {
            paths: vec!["/a/index.html".into()],
            html: "<main id=\"hovedinnhold\">Ny</main>".into(),
        };
        live.succeeded([], true, &["/a/index.html".to_string()], vec![fresh]);
        let third = next();
        assert!(
            third.contains("\"content_only\":true,\"pages\":[\"/a/index.html\"]"),
            "{third}"
        );
        assert!(
            third.contains(
                "\"fresh\":[{\"paths\":[\"/a/index.html\"],\"html\":\"<main id=\\\"hovedinnhold\\\">Ny</main>\"}]"
            ),
            "{third}"
        );
    }
}
