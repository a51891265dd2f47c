//! A small HTTP/1.1 server for the preview on `std::net`: one thread per connection, GET and
//! HEAD, one request per connection (`Connection: close`). It serves the output folder, with
//! the live-reload script injected into HTML, plus the preview's own files under
//! `/__kompetanse/`. Paths that could leave the output folder are refused, never served.

use super::live::{self, Live};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Longest request line plus headers we read.
const MAX_HEAD: u64 = 16 * 1024;
/// Connections served at once (event streams included); more get 503.
const MAX_CONNECTIONS: usize = 512;
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// How many layers of percent-encoding are looked through for `..` and friends.
const DECODE_LAYERS: usize = 4;

/// Shown for a missing page when the site has no `404.html` (for instance before the first
/// successful build).
const FALLBACK_404: &str = "<!doctype html>\n<html lang=\"nb\">\n<head><meta charset=\"utf-8\"><title>Fant ikke siden</title></head>\n<body>\n<h1>Fant ikke siden</h1>\n<p>Siden finnes ikke i forhåndsvisningen. Har bygget feilet, står feilene i terminalen der <code>kompetanse serve</code> kjører.</p>\n</body>\n</html>\n";

pub struct Server {
    /// The output folder; it is replaced by every successful build, so it is resolved anew
    /// for every request.
    output: PathBuf,
    live: Arc<Live>,
    /// When the server listens on a loopback address, requests must name a loopback host
    /// (protects the preview, internal pages included, from DNS rebinding).
    loopback_only: bool,
    active: Arc<AtomicUsize>,
}

impl Server {
    pub fn new(output: PathBuf, live: Arc<Live>, bind: IpAddr) -> Server {
        Server {
            output,
            live,
            loopback_only: bind.is_loopback(),
            active: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Accepts connections until the listener fails for good.
    pub fn serve(self, listener: TcpListener) {
        let server = Arc::new(self);
        for stream in listener.incoming() {
            let stream = match stream {
                Ok(stream) => stream,
                Err(err) => {
                    // Usually a connection reset before accept, or out of file descriptors.
                    eprintln!("advarsel: kunne ikke ta imot en tilkobling: {err}");
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
            };
            let slot = Slot::take(&server.active);
            let server = server.clone();
            let spawned = std::thread::Builder::new()
                .name("kompetanse-http".into())
                .spawn(move || {
                    let busy = slot.count > MAX_CONNECTIONS;
                    // A client that goes away mid-response is no error worth reporting.
                    let _ = server.handle(stream, busy);
                    drop(slot);
                });
            if let Err(err) = spawned {
                eprintln!("advarsel: kunne ikke starte en tråd for tilkoblingen: {err}");
            }
        }
    }

    fn handle(&self, mut stream: TcpStream, busy: bool) -> io::Result<()> {
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
        if busy {
            return text_response(503, "Forhåndsvisningen har for mange tilkoblinger.")
                .write_to(&mut stream, false);
        }
        let request = match read_request(&mut stream) {
            Ok(request) => request,
            Err(RequestError::Io(err)) => return Err(err),
            Err(RequestError::Respond(status, message)) => {
                return text_response(status, message).write_to(&mut stream, false);
            }
        };
        let head_only = request.method == Method::Head;
        if self.loopback_only
            && let Some(host) = &request.host
            && !is_loopback_host(host)
        {
            return text_response(403, "Forhåndsvisningen svarer bare på localhost.")
                .write_to(&mut stream, head_only);
        }
        let path = match RequestPath::parse(&request.target) {
            Ok(path) => path,
            Err(refusal) => {
                return text_response(refusal.status(), refusal.message())
                    .write_to(&mut stream, head_only);
            }
        };
        if request.service_worker {
            // A service worker would answer from its cache and the preview would go stale;
            // without its script the site simply runs without one.
            return text_response(404, "Forhåndsvisningen bruker ikke service worker.")
                .write_to(&mut stream, head_only);
        }
        if path.decoded == live::EVENTS_PATH {
            let mut response = Response::new(200, "text/event-stream; charset=utf-8", Body::Empty);
            response.content_length = false;
            response.write_to(&mut stream, head_only)?;
            if head_only {
                return Ok(());
            }
            return self.live.stream_events(&mut stream);
        }
        self.respond(&path).write_to(&mut stream, head_only)
    }

    fn respond(&self, path: &RequestPath) -> Response {
        match path.decoded.as_str() {
            live::SCRIPT_PATH => {
                return Response::bytes(200, "text/javascript; charset=utf-8", live::LIVE_JS);
            }
            live::STATUS_PATH => {
                return Response::bytes(200, "application/json", self.live.status_json());
            }
            p if p.starts_with(live::PREFIX) => return self.not_found(),
            _ => {}
        }
        match resolve(&self.output, path) {
            Resolved::File(file) => self.file(&file),
            Resolved::Redirect(location) => {
                let mut response = text_response(301, "Flyttet.");
                response.headers.push(("Location", location));
                response
            }
            Resolved::NotFound => self.not_found(),
            Resolved::Forbidden => text_response(403, Refusal::Outside.message()),
        }
    }

    fn file(&self, path: &Path) -> Response {
        let content_type = content_type(path);
        if content_type.starts_with("text/html") {
            return match std::fs::read(path) {
                Ok(html) => Response::bytes(200, content_type, live::inject_script(&html)),
                Err(_) => self.not_found(),
            };
        }
        match File::open(path).and_then(|f| Ok((f.metadata()?.len(), f))) {
            Ok((len, file)) => Response::new(200, content_type, Body::File(file, len)),
            Err(_) => self.not_found(),
        }
    }

    /// The site's own `404.html`, with status 404.
    fn not_found(&self) -> Response {
        let page = self
            .output
            .canonicalize()
            .and_then(|root| std::fs::read(root.join("404.html")))
            .unwrap_or_else(|_| FALLBACK_404.as_bytes().to_vec());
        Response::bytes(404, "text/html; charset=utf-8", live::inject_script(&page))
    }
}

/// Counts a connection for as long as it lives.
struct Slot {
    active: Arc<AtomicUsize>,
    count: usize,
}

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Slot {
        let count = active.fetch_add(1, Ordering::SeqCst) + 1;
        Slot {
            active: active.clone(),
            count,
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.active.fetch_sub(1, Ordering::SeqCst);
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Method {
    Get,
    Head,
}

#[derive(Debug)]
struct Request {
    method: Method,
    target: String,
    host: Option<String>,
    /// The browser is fetching a service worker script (`Service-Worker: script`).
    service_worker: bool,
}

enum RequestError {
    Io(io::Error),
    Respond(u16, &'static str),
}

impl From<io::Error> for RequestError {
    fn from(err: io::Error) -> RequestError {
        RequestError::Io(err)
    }
}

/// Reads the request line and headers (a body is never expected and is ignored).
fn read_request(stream: &mut impl Read) -> Result<Request, RequestError> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD));
    let mut line = Vec::new();
    // Tolerate empty lines before the request line (RFC 9112, 2.2).
    while line.iter().all(u8::is_ascii_whitespace) {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Err(RequestError::Io(io::ErrorKind::UnexpectedEof.into()));
        }
    }
    if !line.ends_with(b"\n") && reader.get_ref().limit() == 0 {
        return Err(RequestError::Respond(414, "Adressen er for lang."));
    }
    let line = std::str::from_utf8(&line)
        .map_err(|_| RequestError::Respond(400, Refusal::Malformed.message()))?;
    let mut parts = line.trim_end_matches(['\r', '\n']).split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(RequestError::Respond(400, Refusal::Malformed.message()));
    };
    if !version.starts_with("HTTP/") {
        return Err(RequestError::Respond(400, Refusal::Malformed.message()));
    }
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(RequestError::Respond(505, "Bare HTTP/1.1 støttes."));
    }

    let mut host = None;
    let mut service_worker = false;
    loop {
        let mut header = Vec::new();
        if reader.read_until(b'\n', &mut header)? == 0 {
            if reader.get_ref().limit() == 0 {
                return Err(RequestError::Respond(431, "Forespørselen er for stor."));
            }
            // The client stopped sending; answer what we have.
            break;
        }
        let header = String::from_utf8_lossy(&header);
        let header = header.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let name = name.trim();
            if name.eq_ignore_ascii_case("host") {
                host = Some(value.trim().to_string());
            } else if name.eq_ignore_ascii_case("service-worker") {
                service_worker = true;
            }
        }
    }

    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => return Err(RequestError::Respond(405, "Bare GET og HEAD støttes.")),
    };
    Ok(Request {
        method,
        target: target.to_string(),
        host,
        service_worker,
    })
}

/// `localhost`, `127.0.0.1`, `[::1]` and the like, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Why a request path is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a path at all, bad percent-encoding, not UTF-8: 400.
    Malformed,
    /// A backslash or NUL, possibly encoded: 400.
    BadCharacter,
    /// A `..` segment (possibly encoded, even several times) or a path that names something
    /// outside the output folder: 403.
    Outside,
}

impl Refusal {
    pub fn status(self) -> u16 {
        match self {
            Refusal::Malformed | Refusal::BadCharacter => 400,
            Refusal::Outside => 403,
        }
    }

    fn message(self) -> &'static str {
        match self {
            Refusal::Malformed => "Ugyldig adresse.",
            Refusal::BadCharacter => "Adressen inneholder tegn som ikke er tillatt.",
            Refusal::Outside => "Adressen peker utenfor nettstedet.",
        }
    }
}

/// The path of a request, decoded and checked.
#[derive(Debug, PartialEq, Eq)]
pub struct RequestPath {
    /// Percent-decoded once, as the file name on disk would be.
    pub decoded: String,
    /// Its non-empty segments, each a plain file or folder name.
    pub segments: Vec<String>,
    pub trailing_slash: bool,
    /// Everything from `?`, kept for redirects.
    pub query: String,
}

impl RequestPath {
    pub fn parse(target: &str) -> Result<RequestPath, Refusal> {
        // absolute-form (`GET http://host/path`), as proxies send it.
        let target = match target
            .strip_prefix("http://")
            .or_else(|| target.strip_prefix("https://"))
        {
            Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
            None => target,
        };
        if !target.starts_with('/') || target.bytes().any(|b| b.is_ascii_control()) {
            return Err(Refusal::Malformed);
        }
        let end = target.find(['?', '#']).unwrap_or(target.len());
        let (raw, query) = target.split_at(end);
        let query = if query.starts_with('?') {
            query.split('#').next().unwrap_or("").to_string()
        } else {
            String::new()
        };
        let decoded = percent_decode(raw).ok_or(Refusal::Malformed)?;
        let decoded = String::from_utf8(decoded).map_err(|_| Refusal::Malformed)?;

        // Look through further layers of encoding too (`%252e%252e` is `..` decoded twice):
        // nothing that is a traversal at any layer is served.
        let mut layer = decoded.clone();
        for _ in 0..DECODE_LAYERS {
            check_layer(&layer)?;
            if !layer.contains('%') {
                break;
            }
            match percent_decode(&layer).map(String::from_utf8) {
                Some(Ok(next)) if next != layer => layer = next,
                _ => break,
            }
        }
        check_layer(&layer)?;

        let segments: Vec<String> = decoded
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .map(str::to_string)
            .collect();
        for segment in &segments {
            // On Windows `C:` or `\\?\` would replace the base folder when joined.
            let mut components = Path::new(segment).components();
            if !matches!(
                (components.next(), components.next()),
                (Some(Component::Normal(_)), None)
            ) {
                return Err(Refusal::Outside);
            }
        }
        Ok(RequestPath {
            trailing_slash: decoded.ends_with('/'),
            decoded,
            segments,
            query,
        })
    }
}

fn check_layer(path: &str) -> Result<(), Refusal> {
    if path.contains(['\\', '\0']) {
        return Err(Refusal::BadCharacter);
    }
    if path.split('/').any(|segment| segment == "..") {
        return Err(Refusal::Outside);
    }
    Ok(())
}

/// Decodes `%XX`; `None` for a `%` not followed by two hex digits.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

fn percent_encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(PathBuf),
    /// A folder asked for without the trailing slash: the new location.
    Redirect(String),
    NotFound,
    Forbidden,
}

/// Finds the file for a checked path. Symbolic links that lead out of the output folder are
/// refused.
fn resolve(output: &Path, path: &RequestPath) -> Resolved {
    let Ok(root) = output.canonicalize() else {
        return Resolved::NotFound;
    };
    let mut candidate = root.clone();
    candidate.extend(&path.segments);
    let Ok(real) = candidate.canonicalize() else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&root) {
        return Resolved::Forbidden;
    }
    if real.is_dir() {
        if !path.trailing_slash && !path.segments.is_empty() {
            let mut location: String = path
                .segments
                .iter()
                .map(|s| format!("/{}", percent_encode_segment(s)))
                .collect();
            location.push('/');
            location.push_str(&path.query);
            return Resolved::Redirect(location);
        }
        return match real.join("index.html").canonicalize() {
            Ok(index) if index.starts_with(&root) && index.is_file() => Resolved::File(index),
            Ok(index) if !index.starts_with(&root) => Resolved::Forbidden,
            _ => Resolved::NotFound,
        };
    }
    if path.trailing_slash || !real.is_file() {
        return Resolved::NotFound;
    }
    Resolved::File(real)
}

/// The `Content-Type` for a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

enum Body {
    Empty,
    Bytes(Vec<u8>),
    File(File, u64),
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
    /// False for event streams, whose body has no end.
    content_length: bool,
}

impl Response {
    fn new(status: u16, content_type: &str, body: Body) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
            content_length: true,
        }
    }

    fn bytes(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response::new(status, content_type, Body::Bytes(body.into()))
    }

    fn write_to(self, out: &mut impl Write, head_only: bool) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if self.content_length {
            let len = match &self.body {
                Body::Empty => 0,
                Body::Bytes(bytes) => bytes.len() as u64,
                Body::File(_, len) => *len,
            };
            head.push_str(&format!("Content-Length: {len}\r\n"));
        }
        if self.status == 405 {
            head.push_str("Allow: GET, HEAD\r\n");
        }
        head.push_str(&format!(
            "Date: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
            http_date(SystemTime::now())
        ));
        out.write_all(head.as_bytes())?;
        if !head_only {
            match self.body {
                Body::Empty => {}
                Body::Bytes(bytes) => out.write_all(&bytes)?,
                Body::File(file, len) => {
                    // Never more than announced, even if the file grew meanwhile.
                    io::copy(&mut file.take(len), out)?;
                }
            }
        }
        out.flush()
    }
}

fn text_response(status: u16, message: &str) -> Response {
    Response::bytes(status, "text/plain; charset=utf-8", format!("{message}\n"))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Internal Server Error",
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110, 5.6.7).
fn http_date(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = secs / 86_400;
    let rest = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(target: &str) -> Refusal {
        RequestPath::parse(target).expect_err(target)
    }

    #[test]
    fn traversal_is_refused_at_every_layer_of_encoding() {
        for target in [
            "/../Cargo.toml",
            "/a/../../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/..%2fCargo.toml",
            "/%252e%252e/Cargo.toml",
            "/%25252e%25252e/Cargo.toml",
            "/a/%2e%2e",
            "http://localhost/../x",
        ] {
            assert_eq!(refused(target), Refusal::Outside, "{target}");
        }
        for target in ["/..\\Cargo.toml", "/%5c..", "/a%00.html", "/%255c"] {
            assert_eq!(refused(target), Refusal::BadCharacter, "{target}");
        }
        for target in ["*", "Cargo.toml", "/%zz", "/%e2%28", "/a\tb"] {
            assert_eq!(refused(target), Refusal::Malformed, "{target}");
        }
    }

    #[test]
    fn ordinary_paths_are_decoded() {
        let path = RequestPath::parse("/selvhjelp/bytte%20passord/?q=1#x").unwrap();
        assert_eq!(path.decoded, "/selvhjelp/bytte passord/");
        assert_eq!(path.segments, vec!["selvhjelp", "bytte passord"]);
        assert!(path.trailing_slash);
        assert_eq!(path.query, "?q=1");
        let path = RequestPath::parse("/./a//b...c/%C3%A6").unwrap();
        assert_eq!(path.segments, vec!["a", "b...c", "æ"]);
        assert!(!path.trailing_slash);
        assert_eq!(
            RequestPath::parse("/").unwrap().segments,
            Vec::<String>::new()
        );
    }

    #[test]
    fn resolves_files_folders_and_refuses_escapes() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("ut");
        std::fs::create_dir_all(out.join("a/b")).unwrap();
        std::fs::create_dir_all(out.join("tom")).unwrap();
        std::fs::write(out.join("a/b/index.html"), "x").unwrap();
        std::fs::write(out.join("index.html"), "x").unwrap();
        std::fs::write(tmp.path().join("hemmelig.txt"), "hemmelig").unwrap();
        let out_real = out.canonicalize().unwrap();
        let resolve = |t: &str| resolve(&out, &RequestPath::parse(t).unwrap());

        assert_eq!(resolve("/"), Resolved::File(out_real.join("index.html")));
        assert_eq!(
            resolve("/a/b/"),
            Resolved::File(out_real.join("a/b/index.html"))
        );
        assert_eq!(
            resolve("/a/b/index.html"),
            Resolved::File(out_real.join("a/b/index.html"))
        );
        assert_eq!(resolve("/a/b?x=1"), Resolved::Redirect("/a/b/?x=1".into()));
        assert_eq!(resolve("/tom/"), Resolved::NotFound);
        assert_eq!(resolve("/finnes-ikke"), Resolved::NotFound);
        assert_eq!(resolve("/index.html/"), Resolved::NotFound);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("hemmelig.txt"), out.join("lenke.txt"))
                .unwrap();
            std::os::unix::fs::symlink(tmp.path(), out.join("opp")).unwrap();
            assert_eq!(resolve("/lenke.txt"), Resolved::Forbidden);
            assert_eq!(resolve("/opp/hemmelig.txt"), Resolved::Forbidden);
        }
    }

    #[test]
    fn reads_requests_and_rejects_bad_ones() {
        let request = read_request(
            &mut &b"\r\nHEAD /a?b HTTP/1.1\r\nhost: localhost:1111\r\nX: y\r\n\r\n"[..],
        );
        let Ok(request) = request else {
            panic!("valid request refused")
        };
        assert_eq!(request.method, Method::Head);
        assert_eq!(request.target, "/a?b");
        assert_eq!(request.host.as_deref(), Some("localhost:1111"));
        assert!(!request.service_worker);
        let Ok(request) =
            read_request(&mut &b"GET /sw.js HTTP/1.1\r\nService-Worker: script\r\n\r\n"[..])
        else {
            panic!("valid request refused")
        };
        assert!(request.service_worker);

        let status = |raw: &[u8]| match read_request(&mut &raw[..]) {
            Err(RequestError::Respond(status, _)) => status,
            Err(RequestError::Io(_)) => 0,
            Ok(_) => 200,
        };
        assert_eq!(status(b"POST / HTTP/1.1\r\n\r\n"), 405);
        assert_eq!(status(b"GET / HTTP/2.0\r\n\r\n"), 505);
        assert_eq!(status(b"GET /\r\n\r\n"), 400);
        assert_eq!(status(b"GET / x HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status(b"GET /\xff HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status(b""), 0);
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(20_000));
        assert_eq!(status(long.as_bytes()), 414);
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X: y\r\n".repeat(5_000));
        assert_eq!(status(many.as_bytes()), 431);
    }

    #[test]
    fn only_loopback_host_names_pass() {
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:80",
            "[::1]:1111",
            "LOCALHOST.",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "10.0.0.1",
            "localhost.evil.example",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn content_types_and_dates() {
        for (file, expected) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.CSS", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.csv", "text/csv; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("site.webmanifest", "application/manifest+json"),
            ("a.woff2", "font/woff2"),
            ("uten-endelse", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), expected, "{file}");
        }
        let time = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(http_date(time), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
