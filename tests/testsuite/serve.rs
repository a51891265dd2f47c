//! `kompetanse serve`: the real binary on fixture sites, spoken to over raw HTTP so that no
//! client normalizes the paths we send.

use crate::common;
use common::{Fixture, page};

use common::serve::Serve as Preview;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const SCRIPT_TAG: &str = r#"<script src="/__kompetanse/live.js"></script>"#;
/// How long a rebuild may take to show.
const REBUILD_TIMEOUT: Duration = Duration::from_secs(20);

/// What serve.rs says to the shared launcher (`common::serve`).
impl Preview {
    /// Sends `raw` as it is and reads the whole response.
    fn raw(&self, raw: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read response");
        Reply::parse(&bytes)
    }

    fn request(&self, method: &str, target: &str) -> Reply {
        self.raw(&format!(
            "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    fn status(&self) -> serde_json::Value {
        let reply = self.get("/__kompetanse/status");
        assert_eq!(reply.status, 200, "{}", reply.body);
        serde_json::from_str(&reply.body).expect("status is JSON")
    }

    /// Polls `check` until it returns something, for at most [`REBUILD_TIMEOUT`].
    #[track_caller]
    fn wait_for<T>(&self, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + REBUILD_TIMEOUT;
        loop {
            if let Some(found) = check() {
                return found;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}\n{}", self.logs());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn parse(bytes: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("no end of headers in {text:?}"));
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/selvhjelp/_index.md",
        "---\ntitle: Selvhjelp\npage_kind: artikkel\naccess: public\n---\n\nHjelp til deg.\n",
    );
    f.write(
        "content/selvhjelp/skriver.md",
        &page("Skrive ut", "", "Første versjon av teksten."),
    );
    f
}

#[test]
fn edits_are_served_after_a_rebuild_and_only_serve_injects_the_script() {
    let f = site();
    let preview = Preview::start(&f);
    let reply = preview.get("/selvhjelp/skriver/");
    assert_eq!(reply.status, 200, "{}", preview.logs());
    assert!(reply.body.contains("Første versjon av teksten."));
    assert_eq!(reply.body.matches(SCRIPT_TAG).count(), 1, "{}", reply.body);
    let script_at = reply.body.find(SCRIPT_TAG).unwrap();
    assert!(
        reply.body[script_at..].starts_with(&format!("{SCRIPT_TAG}</body>")),
        "the script goes right before </body>"
    );

    f.write(
        "content/selvhjelp/skriver.md",
        &page("Skrive ut", "", "Andre versjon av teksten."),
    );
    preview.wait_for("the edited text", || {
        let reply = preview.get("/selvhjelp/skriver/");
        (reply.status == 200 && reply.body.contains("Andre versjon av teksten.")).then_some(())
    });
    assert!(
        preview
            .logs()
            .contains("Endret: content/selvhjelp/skriver.md")
    );

    assert!(
        !f.path("public").exists(),
        "serve must not write the site's public/"
    );
    f.build().assert_ok();
    for (path, bytes) in f.output_files("public") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__kompetanse"),
            "build output {path} has the live-reload script"
        );
    }
    assert!(
        f.read_output("selvhjelp/skriver/index.html")
            .contains("Andre versjon av teksten.")
    );
}

/// After a body edit the browser is told which pages were written (a tab showing another
/// page fetches nothing), before the search index is brought up to date.
#[test]
fn an_edit_names_the_pages_it_wrote_and_the_search_index_follows() {
    let f = site();
    let preview = Preview::start(&f);
    f.write(
        "content/selvhjelp/skriver.md",
        &page("Skrive ut", "", "Andre versjon om zebrafisk."),
    );
    let status = preview.wait_for("the incremental rebuild", || {
        let status = preview.status();
        (status["content_only"] == true).then_some(status)
    });
    let pages: Vec<&str> = status["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(
        pages.contains(&"/selvhjelp/skriver/index.html"),
        "{pages:?}"
    );
    for path in &pages {
        assert_eq!(preview.get(path).status, 200, "{path}");
    }
    // The edited page itself comes with the event, so its tab needs no request.
    let fresh = &status["fresh"][0];
    assert_eq!(
        fresh["paths"][0], "/selvhjelp/skriver/index.html",
        "{status}"
    );
    assert!(
        fresh["html"]
            .as_str()
            .is_some_and(|html| html.contains("Andre versjon om zebrafisk.")),
        "{status}"
    );
    preview.wait_for("the search index", || {
        let shard = preview.get("/search/t-ze.js");
        shard.body.contains("\"zebrafisk\"").then_some(())
    });
}

#[test]
fn a_failed_rebuild_keeps_the_old_output_and_reports_the_errors() {
    let f = site();
    let preview = Preview::start(&f);
    assert_eq!(preview.status()["ok"], true);

    // Line 4 has an unclosed flow sequence.
    f.write(
        "content/selvhjelp/ny.md",
        "---\ntitle: Ny side\nupdated: 2024-03-08\ntags: [skriver, papir\nowner: Kundeservice\n---\n\nNy tekst.\n",
    );
    let errors = preview.wait_for("status ok=false", || {
        let status = preview.status();
        (status["ok"] == false).then(|| status["errors"].clone())
    });
    let errors: Vec<String> = serde_json::from_value(errors).unwrap();
    let error = errors
        .iter()
        .find(|e| e.contains("content/selvhjelp/ny.md:"))
        .unwrap_or_else(|| panic!("no error names the file: {errors:?}"));
    let after = &error[error.find("ny.md:").unwrap() + "ny.md:".len()..];
    assert!(
        after.starts_with(|c: char| c.is_ascii_digit()),
        "the error names the line: {error}"
    );

    // The last good output is still served; the broken page was never built.
    let old = preview.get("/selvhjelp/skriver/");
    assert_eq!(old.status, 200);
    assert!(old.body.contains("Første versjon av teksten."));
    assert_eq!(preview.get("/selvhjelp/ny/").status, 404);

    // The terminal shows the same report as `kompetanse build`.
    preview.wait_for("the report in the terminal", || {
        let logs = preview.logs();
        (logs.contains("Bygget feilet") && logs.contains("content/selvhjelp/ny.md:")).then_some(())
    });

    // A page opened now learns about the errors as soon as it connects.
    let mut events = TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    events
        .write_all(b"GET /__kompetanse/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut reader = BufReader::new(events);
    let mut stream = String::new();
    while !stream.contains("\ndata: ") || !stream.ends_with("\n\n") {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        stream.push_str(&line);
    }
    assert!(stream.contains("text/event-stream"), "{stream}");
    assert!(stream.contains("event: status\n"), "{stream}");
    assert!(stream.contains(r#"data: {"ok":false"#), "{stream}");
    assert!(stream.contains("content/selvhjelp/ny.md:"), "{stream}");

    // Fixing the file brings the preview back.
    f.write(
        "content/selvhjelp/ny.md",
        &page("Ny side", "", "Ny tekst som virker."),
    );
    preview.wait_for("status ok=true", || {
        let status = preview.status();
        (status["ok"] == true && status["errors"] == serde_json::json!([])).then_some(())
    });
    let new = preview.get("/selvhjelp/ny/");
    assert_eq!(new.status, 200);
    assert!(new.body.contains("Ny tekst som virker."));
    // The open page is told to reload.
    let mut rest = String::new();
    while !rest.contains("event: reload\n") {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        rest.push_str(&line);
    }
    assert!(rest.contains("event: reload\n"), "{rest}");
}

#[test]
fn paths_outside_the_output_are_refused_and_missing_pages_get_the_404_page() {
    let f = site();
    let secret = "HEMMELIG-INNHOLD-SOM-IKKE-MA-LEKKE";
    for path in [
        "Cargo.toml",
        "target/Cargo.toml",
        "target/kompetanse-serve/Cargo.toml",
    ] {
        f.write(path, secret);
    }
    let preview = Preview::start(&f);
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/Cargo.toml",
        "/%252e%252e/Cargo.toml",
        "/..%2fCargo.toml",
        "/..%252fCargo.toml",
        "/../../Cargo.toml",
        "/%2e%2e/%2e%2e/Cargo.toml",
        "/selvhjelp/../../Cargo.toml",
        "/..\\Cargo.toml",
        "/..%5cCargo.toml",
        "/Cargo.toml%00.html",
        "http://127.0.0.1/../Cargo.toml",
    ] {
        let reply = preview.get(target);
        assert!(
            reply.status == 400 || reply.status == 403,
            "{target} got {}: {}",
            reply.status,
            reply.body
        );
        assert!(!reply.body.contains(secret), "{target} leaked the file");
    }

    let missing = preview.get("/finnes/ikke/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Fant ikke siden"),
        "the site's 404.html: {}",
        missing.body
    );
    assert!(missing.body.contains(SCRIPT_TAG));
    assert_eq!(preview.get("/__kompetanse/finnes-ikke").status, 404);

    let folder = preview.get("/selvhjelp?x=1");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/selvhjelp/?x=1"));

    let full = preview.get("/");
    let head = preview.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(full.body.len().to_string().as_str())
    );
    let post = preview.request("POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));

    // DNS rebinding: a loopback preview answers only to loopback host names.
    let foreign = preview.raw("GET / HTTP/1.1\r\nHost: angriper.example\r\n\r\n");
    assert_eq!(foreign.status, 403);
}

#[test]
fn files_get_their_content_types() {
    let f = site();
    let preview = Preview::start(&f);
    for (target, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/selvhjelp/skriver/index.html", "text/html; charset=utf-8"),
        ("/css/style.css", "text/css; charset=utf-8"),
        ("/js/search.js", "text/javascript; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/__kompetanse/live.js", "text/javascript; charset=utf-8"),
        ("/__kompetanse/status", "application/json"),
    ] {
        let reply = preview.get(target);
        assert_eq!(reply.status, 200, "{target}: {}", reply.body);
        assert_eq!(reply.header("content-type"), Some(expected), "{target}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{target}");
    }
    let css = preview.get("/css/style.css");
    assert!(
        !css.body.contains("__kompetanse"),
        "only HTML gets the script"
    );
    let live = preview.get("/__kompetanse/live.js");
    assert!(live.body.contains("/__kompetanse/events"));
    assert!(
        !live.body.contains("innerHTML"),
        "diagnostics go in with textContent"
    );
}

#[test]
fn two_host_headers_are_refused() {
    let f = site();
    let preview = Preview::start(&f);
    let port = preview.port;
    // Whichever one is read, the request is ambiguous.
    for hosts in [
        "Host: localhost\r\nHost: angriper.example".to_string(),
        "Host: angriper.example\r\nHost: localhost".to_string(),
        format!("Host: 127.0.0.1:{port}\r\nHost: 127.0.0.1:{port}"),
    ] {
        let reply = preview.raw(&format!("GET / HTTP/1.1\r\n{hosts}\r\n\r\n"));
        assert_eq!(reply.status, 400, "{hosts:?}: {}", reply.body);
        assert!(!reply.body.contains(SCRIPT_TAG), "{hosts:?}");
    }
    // The host in an absolute-form target is checked too.
    let foreign = preview.raw("GET http://angriper.example/ HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!(foreign.status, 403);
    let own = preview.raw(&format!(
        "GET http://localhost:{port}/ HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
    ));
    assert_eq!(own.status, 200);
}

/// Whether the server has closed `socket` (which is non-blocking).
fn closed_by_server(socket: &mut TcpStream) -> bool {
    let mut byte = [0; 1];
    match socket.read(&mut byte) {
        Ok(0) => true,
        // A server that closes the connection may answer first (408 or similar).
        Ok(_) => true,
        Err(err) => err.kind() != std::io::ErrorKind::WouldBlock,
    }
}

#[test]
fn slow_clients_neither_crowd_out_others_nor_stay_connected() {
    const SLOW: usize = 150;
    /// Longer than the deadline for a request head, with room for a busy machine.
    const WATCH: Duration = Duration::from_secs(12);
    let f = site();
    let preview = Preview::start(&f);
    // A slowloris: each socket sends the first bytes of a request head, then one byte a
    // second, and never finishes it.
    let mut slow: Vec<Option<TcpStream>> = (0..SLOW)
        .map(|_| {
            let mut socket = TcpStream::connect(("127.0.0.1", preview.port)).expect("connect");
            socket
                .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Langsom: ")
                .unwrap();
            socket.set_nonblocking(true).unwrap();
            Some(socket)
        })
        .collect();
    let started = Instant::now();
    let mut slowest_answer = Duration::ZERO;
    while started.elapsed() < WATCH {
        for slot in slow.iter_mut() {
            let Some(socket) = slot else { continue };
            if closed_by_server(socket) || socket.write_all(b"a").is_err() {
                *slot = None;
            }
        }
        let asked = Instant::now();
        let reply = preview.get("/");
        slowest_answer = slowest_answer.max(asked.elapsed());
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert!(reply.body.contains(SCRIPT_TAG));
        std::thread::sleep(Duration::from_secs(1));
    }
    assert!(
        slowest_answer < Duration::from_secs(1),
        "a normal request took {slowest_answer:?} while slow clients were connected"
    );
    // One more look, so sockets closed during the last second count.
    for slot in slow.iter_mut() {
        if slot.as_mut().is_some_and(closed_by_server) {
            *slot = None;
        }
    }
    let still_open = slow.iter().filter(|s| s.is_some()).count();
    assert_eq!(
        still_open, 0,
        "{still_open} of {SLOW} unfinished request heads still held after {WATCH:?}"
    );
}

#[test]
fn a_removed_output_is_rebuilt_in_full() {
    let f = site();
    let preview = Preview::start(&f);
    assert_eq!(preview.get("/").status, 200);

    // `rm -rf target`, then an edit of a page body (which alone would only rewrite that
    // page).
    std::fs::remove_dir_all(f.path("target")).unwrap();
    f.write(
        "content/selvhjelp/skriver.md",
        &page("Skrive ut", "", "Andre versjon av teksten."),
    );
    preview.wait_for("the edited page", || {
        let reply = preview.get("/selvhjelp/skriver/");
        (reply.status == 200 && reply.body.contains("Andre versjon av teksten.")).then_some(())
    });
    for target in ["/", "/selvhjelp/", "/css/style.css", "/sitemap.xml"] {
        let reply = preview.get(target);
        assert_eq!(reply.status, 200, "{target}\n{}", preview.logs());
    }
    assert_eq!(preview.status()["ok"], true);

    // Removed without any edit: the preview notices by itself.
    std::fs::remove_dir_all(f.path("target")).unwrap();
    preview.wait_for("the front page to come back", || {
        (preview.get("/").status == 200).then_some(())
    });
    assert_eq!(preview.get("/selvhjelp/skriver/").status, 200);
    assert!(
        preview.logs().contains("bygger alt på nytt"),
        "{}",
        preview.logs()
    );
}
