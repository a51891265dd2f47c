//! The server in this process, spoken to over raw HTTP: what hyper refuses before the router
//! sees a request, and what the guard refuses after.

use super::Server;
use super::limits::Limits;
use crate::serve::live::Live;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

/// A server on a free loopback port over a temporary output folder; its thread ends with the
/// test process.
fn start() -> (SocketAddr, tempfile::TempDir) {
    start_with(Limits::DEFAULT)
}

fn start_with(limits: Limits) -> (SocketAddr, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("index.html"), "<p>forside</p></body>").unwrap();
    std::fs::write(tmp.path().join("data.csv"), "a;b\n").unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut server = Server::new(tmp.path().to_path_buf(), Arc::new(Live::new()));
    server.limits = limits;
    std::thread::spawn(move || server.serve(listener));
    (addr, tmp)
}

/// The status code of the answer to `raw`, or 0 when the connection closed without one.
fn status(addr: SocketAddr, raw: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(raw).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    answer
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

#[test]
fn bad_requests_are_refused() {
    let (addr, _output) = start();
    let ok = |raw: &[u8]| status(addr, raw);
    assert_eq!(ok(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"), 200);
    assert_eq!(
        ok(b"HEAD /data.csv HTTP/1.1\r\nhost: localhost:1\r\n\r\n"),
        200
    );
    assert_eq!(ok(b"\r\nGET / HTTP/1.1\r\n\r\n"), 200);
    assert_eq!(ok(b"GET / HTTP/1.0\r\n\r\n"), 200);
    assert_eq!(ok(b"POST / HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405);
    assert_eq!(ok(b"DELETE /data.csv HTTP/1.1\r\n\r\n"), 405);
    assert_eq!(ok(b"GET / HTTP/2.0\r\n\r\n"), 400);
    assert_eq!(ok(b"GET /\r\n\r\n"), 400);
    assert_eq!(ok(b"GET / x HTTP/1.1\r\n\r\n"), 400);
    assert_eq!(ok(b"GET /\xff HTTP/1.1\r\n\r\n"), 400);
    assert_eq!(ok(b"GET /a\tb HTTP/1.1\r\n\r\n"), 400);
    assert_eq!(ok(b"GET /%zz HTTP/1.1\r\n\r\n"), 400);
    assert_eq!(ok(b"GET /%2e%2e/x HTTP/1.1\r\n\r\n"), 403);
    assert_eq!(
        ok(b"GET /data.csv HTTP/1.1\r\nHost: evil.example\r\n\r\n"),
        403
    );
    assert_eq!(
        ok(b"GET /sw.js HTTP/1.1\r\nService-Worker: script\r\n\r\n"),
        404
    );
    // Nothing at all: closed without an answer after the deadline for the head.
    let asked = std::time::Instant::now();
    assert_eq!(ok(b""), 0);
    assert!(
        asked.elapsed() < Duration::from_secs(8),
        "{:?}",
        asked.elapsed()
    );
    let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(20_000));
    assert_eq!(ok(long.as_bytes()), 431);
    let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X: y\r\n".repeat(200));
    assert_eq!(ok(many.as_bytes()), 431);
}

#[test]
fn every_answer_forbids_caching_and_sniffing() {
    let (addr, _output) = start();
    for target in ["/", "/data.csv", "/finnes-ikke", "/__kompetanse/status"] {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let head = answer
            .split("\r\n\r\n")
            .next()
            .unwrap()
            .to_ascii_lowercase();
        assert!(head.contains("cache-control: no-store"), "{target}: {head}");
        assert!(
            head.contains("x-content-type-options: nosniff"),
            "{target}: {head}"
        );
        assert!(head.contains("connection: close"), "{target}: {head}");
        assert!(
            head.contains("content-security-policy: default-src 'self'; script-src 'self';"),
            "{target}: {head}"
        );
    }
}

#[test]
fn preview_csp_is_the_published_sites_without_the_https_upgrade() {
    let nginx = include_str!("../../../deploy/nginx.conf");
    let published = nginx
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("add_header Content-Security-Policy \"")?
                .split('"')
                .next()
        })
        .unwrap();
    assert_eq!(
        published.replace("; upgrade-insecure-requests", ""),
        super::routes::CONTENT_SECURITY_POLICY
    );
    assert!(!super::routes::content_security_policy("/").contains("unsafe"));
}

#[test]
fn an_old_event_stream_makes_room_for_a_page() {
    let (addr, _output) = start_with(Limits {
        per_client: 1,
        ..Limits::DEFAULT
    });
    let mut events = TcpStream::connect(addr).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    events
        .write_all(b"GET /__kompetanse/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut first = [0; 12];
    events.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    assert_eq!(status(addr, b"GET / HTTP/1.1\r\n\r\n"), 200);
    // The stream was closed (the page's EventSource connects again by itself).
    let mut rest = Vec::new();
    events
        .read_to_end(&mut rest)
        .expect("closed, not timed out");
}

#[test]
fn the_busy_answer_is_well_formed() {
    let answer = String::from_utf8(super::busy_answer()).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 503 "), "{head}");
    assert!(head.contains(&format!("\r\nContent-Length: {}\r\n", body.len())));
    assert!(body.contains("for mange tilkoblinger"), "{body}");
}

/// The whole answer to a GET of `target`.
fn get(addr: SocketAddr, target: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn a_site_in_a_subfolder_is_served_under_its_base_path_too() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("index.html"), "<p>forside</p></body>").unwrap();
    std::fs::create_dir(tmp.path().join("tjenester")).unwrap();
    std::fs::write(
        tmp.path().join("tjenester/index.html"),
        "<p>tjenester</p></body>",
    )
    .unwrap();
    // The 404 page links from the base path, as a build with that base_url writes it.
    std::fs::write(
        tmp.path().join("404.html"),
        "<a href=\"/ikt/kompetanse/tjenester/index.html\">Tjenester</a></body>",
    )
    .unwrap();
    let base = Arc::new(super::BasePath::default());
    base.set(&crate::urls::site_root_path(
        "https://kommune.example/ikt/kompetanse/",
    ));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server =
        Server::new(tmp.path().to_path_buf(), Arc::new(Live::new())).with_base_path(base.clone());
    std::thread::spawn(move || server.serve(listener));

    let missing = get(addr, "/finnes-ikke/");
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    let link = missing
        .split("href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let followed = get(addr, &link);
    assert!(followed.starts_with("HTTP/1.1 200"), "{link}: {followed}");
    assert!(followed.contains("<p>tjenester</p>"), "{followed}");
    assert!(get(addr, "/ikt/kompetanse/").contains("<p>forside</p>"));
    assert!(
        get(addr, "/").contains("<p>forside</p>"),
        "the root still works"
    );
    for (target, location) in [
        ("/ikt/kompetanse", "/ikt/kompetanse/"),
        (
            "/ikt/kompetanse/tjenester?a=1",
            "/ikt/kompetanse/tjenester/?a=1",
        ),
    ] {
        let answer = get(addr, target).to_ascii_lowercase();
        assert!(answer.starts_with("http/1.1 301"), "{target}: {answer}");
        assert!(
            answer.contains(&format!("location: {location}\r\n")),
            "{target}: {answer}"
        );
    }
    assert!(get(addr, "/ikt/").starts_with("HTTP/1.1 404"));
    // A changed base_url takes effect with the next build.
    base.set("/");
    assert!(get(addr, &link).starts_with("HTTP/1.1 404"));
}
