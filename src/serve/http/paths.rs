//! Request paths of the preview: decoding and checking them (anything that could leave the
//! output folder is refused, at every layer of percent-encoding), finding the file a checked
//! path names, and the `Content-Type` of a file.

use std::path::{Component, Path, PathBuf};

/// How many layers of percent-encoding are looked through for `..` and friends.
const DECODE_LAYERS: usize = 4;

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

    pub(super) fn message(self) -> &'static str {
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
    /// Segments as the path of a `Location` (`/a/b`), each percent-encoded.
    pub fn location(segments: &[String]) -> String {
        segments
            .iter()
            .map(|s| format!("/{}", percent_encode_segment(s)))
            .collect()
    }

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
pub(super) enum Resolved {
    File(PathBuf),
    /// A folder asked for without the trailing slash: the new location.
    Redirect(String),
    NotFound,
    Forbidden,
}

/// Finds the file for a checked path. Symbolic links that lead out of the output folder are
/// refused.
pub(super) fn resolve(output: &Path, path: &RequestPath) -> Resolved {
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
            let mut location = RequestPath::location(&path.segments);
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
    fn content_types() {
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
    }
}
