//! Internal links: editors write relative paths to `.md` files; the output needs relative URLs
//! that work from disk (`file://`) and under any base path.

use std::path::PathBuf;
use std::sync::Arc;

/// What a link written in content points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Left untouched: `https://…`, `mailto:…`, `tel:…`.
    External(String),
    /// A page or section; `url` is its site path (`tjenester/x/`), `key` its content path.
    Page {
        url: String,
        key: String,
        anchor: Option<String>,
    },
    /// A file copied as-is; `suffix` is a `#fragment` or `?query` kept from the link.
    Asset { output: String, suffix: String },
    /// A page that exists but is not part of this build (internal page in the public build,
    /// or a draft).
    Excluded { path: String, reason: &'static str },
    Missing {
        path: String,
        suggestion: Option<String>,
    },
}

/// Looks up content paths. Implemented by the site once every page has a URL.
pub trait LinkResolver: Sync {
    /// A content path (`selvhjelp/konto/bytte-passord.md`, `tjenester/_index.md`, `a/bilde.png`).
    fn resolve_file(&self, content_path: &str) -> Option<LinkTarget>;
    /// A site path written with a leading `/` (`/tjenester/`), looked up among page URLs.
    fn resolve_site_path(&self, site_path: &str) -> Option<LinkTarget>;
    /// The closest existing content path, for a did-you-mean hint.
    fn suggest(&self, content_path: &str) -> Option<String>;
}

/// A `#anchor` that must exist on the target page; checked once all pages are rendered.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    pub target_key: String,
    pub anchor: String,
    pub file: PathBuf,
    pub line: usize,
    pub text: Arc<str>,
}

/// The URL of `target` (a site path such as `a/b/index.html`) relative to a page at `from`
/// (a folder site path such as `c/d/`).
pub fn relative_url(from: &str, target: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let target_parts: Vec<&str> = target.split('/').collect();
    let target_dirs = &target_parts[..target_parts.len().saturating_sub(1)];
    let common = from_dirs
        .iter()
        .zip(target_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut url = "../".repeat(from_dirs.len() - common);
    url.push_str(&target_parts[common..].join("/"));
    url
}

/// Rewrites the relative `href` and `src` attributes of HTML made for the page at `from` (a
/// folder site path) so it can be shown on the page at `to`: a term's definition on the
/// glossary page, a requirement's text in the requirement matrix.
pub fn rebase(html: &str, from: &str, to: &str) -> String {
    if from == to {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 32);
    let mut rest = html;
    while let Some((before, attribute, after)) = next_url_attribute(rest) {
        out.push_str(before);
        out.push_str(&rebase_url(attribute, from, to));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `rebase` for every string in a JSON value (a page's rendered kind fields).
pub fn rebase_json(value: &serde_json::Value, from: &str, to: &str) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) if s.contains("href=\"") || s.contains("src=\"") => {
            Value::String(rebase(s, from, to))
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| rebase_json(v, from, to)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), rebase_json(v, from, to)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Splits at the next `href="…"` or `src="…"` value: (text up to and including the opening
/// quote, the value, the rest from the closing quote).
fn next_url_attribute(html: &str) -> Option<(&str, &str, &str)> {
    let start = ["href=\"", "src=\""]
        .iter()
        .filter_map(|a| html.find(a).map(|p| p + a.len()))
        .min()?;
    let end = start + html[start..].find('"')?;
    Some((&html[..start], &html[start..end], &html[end..]))
}

fn rebase_url(url: &str, from: &str, to: &str) -> String {
    if url.is_empty() || has_scheme(url) || url.starts_with('/') {
        return url.to_string();
    }
    if let Some(anchor) = url.strip_prefix('#') {
        return format!(
            "{}#{anchor}",
            relative_url(to, &format!("{from}index.html"))
        );
    }
    match join_normalized(from, url) {
        Some(site_path) => relative_url(to, &site_path),
        None => url.to_string(),
    }
}

pub(crate) fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest[..colon].contains('/')
        }
        None => false,
    }
}

/// Joins a relative path onto a folder and removes `.` and `..`; `None` if it leaves the root.
pub fn join_normalized(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(value) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(value);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Classifies a link destination written in the file at `source_dir`.
pub fn classify(
    dest: &str,
    source_dir: &str,
    self_key: &str,
    resolver: &dyn LinkResolver,
) -> LinkTarget {
    if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
        return LinkTarget::External(dest.to_string());
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkTarget::Page {
            url: String::new(),
            key: self_key.to_string(),
            anchor: Some(anchor.to_string()),
        };
    }
    let (path_part, suffix) = match dest.find(['#', '?']) {
        Some(pos) => (&dest[..pos], &dest[pos..]),
        None => (dest, ""),
    };
    let anchor = suffix
        .strip_prefix('#')
        .map(str::to_string)
        .filter(|a| !a.is_empty());
    let path = percent_decode(path_part);
    let with_anchor = |target: LinkTarget| match target {
        LinkTarget::Page { url, key, .. } => LinkTarget::Page {
            url,
            key,
            anchor: anchor.clone(),
        },
        LinkTarget::Asset { output, .. } => LinkTarget::Asset {
            output,
            suffix: suffix.to_string(),
        },
        other => other,
    };
    if let Some(site_path) = path.strip_prefix('/') {
        return match resolver.resolve_site_path(site_path) {
            Some(target) => with_anchor(target),
            None => LinkTarget::Missing {
                path: dest.to_string(),
                suggestion: None,
            },
        };
    }
    let Some(joined) = join_normalized(source_dir, &path) else {
        return LinkTarget::Missing {
            path: dest.to_string(),
            suggestion: None,
        };
    };
    let candidates: Vec<String> =
        if path.ends_with('/') || joined.is_empty() || !last_segment_has_extension(&joined) {
            let base = if joined.is_empty() {
                String::new()
            } else {
                format!("{joined}/")
            };
            vec![
                format!("{base}_index.md"),
                format!("{base}index.md"),
                format!("{joined}.md"),
            ]
        } else {
            vec![joined.clone()]
        };
    for candidate in &candidates {
        if let Some(target) = resolver.resolve_file(candidate) {
            return with_anchor(target);
        }
    }
    LinkTarget::Missing {
        path: format!("content/{}", candidates[0].trim_start_matches('/')),
        suggestion: resolver.suggest(&candidates[0]),
    }
}

/// The hint for a `#anchor` the target page lacks: the id it most likely meant (also when
/// the link spells out the heading, `#Før du starter`), else the ids the page has.
pub fn anchor_hint<'a>(anchor: &str, ids: impl IntoIterator<Item = &'a String>) -> String {
    let mut ids: Vec<&str> = ids.into_iter().map(String::as_str).collect();
    ids.sort_unstable();
    let decoded = percent_decode(anchor);
    let slug = crate::text::slugify(&decoded);
    let exact = [decoded.as_str(), slug.as_str()]
        .into_iter()
        .find(|a| ids.contains(a))
        .map(str::to_string);
    let close = || {
        crate::frontmatter::did_you_mean(&slug, &ids)
            .or_else(|| crate::frontmatter::did_you_mean(&decoded, &ids))
    };
    match exact.or_else(close) {
        Some(s) => format!("mente du #{s}?"),
        None if ids.is_empty() => {
            "siden har ingen overskrifter med id; lenk til siden uten #".into()
        }
        None => {
            let shown: Vec<String> = ids.iter().take(8).map(|id| format!("#{id}")).collect();
            format!(
                "siden har {}{}; overskrifts-id-er er overskriften med små bokstaver og bindestrek (æ→ae, ø→o, å→a)",
                shown.join(", "),
                if ids.len() > 8 { " …" } else { "" }
            )
        }
    }
}

fn last_segment_has_extension(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|s| s.contains('.'))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A resolver over a few fixed pages, for renderer tests.
    pub struct FakeResolver {
        pages: HashMap<&'static str, &'static str>,
    }

    impl Default for FakeResolver {
        fn default() -> Self {
            let mut pages = HashMap::new();
            pages.insert("selvhjelp/passord/bytte.md", "selvhjelp/passord/bytte/");
            pages.insert("selvhjelp/konto/a.md", "selvhjelp/konto/a/");
            pages.insert("_index.md", "");
            FakeResolver { pages }
        }
    }

    impl LinkResolver for FakeResolver {
        fn resolve_file(&self, path: &str) -> Option<LinkTarget> {
            self.pages.get(path).map(|url| LinkTarget::Page {
                url: url.to_string(),
                key: path.to_string(),
                anchor: None,
            })
        }
        fn resolve_site_path(&self, site_path: &str) -> Option<LinkTarget> {
            self.pages
                .iter()
                .find(|(_, url)| **url == site_path)
                .map(|(key, url)| LinkTarget::Page {
                    url: url.to_string(),
                    key: key.to_string(),
                    anchor: None,
                })
        }
        fn suggest(&self, _: &str) -> Option<String> {
            None
        }
    }

    #[test]
    fn relative_urls_climb_out_of_the_page_folder() {
        assert_eq!(relative_url("a/b/", "c/index.html"), "../../c/index.html");
        assert_eq!(relative_url("", "c/index.html"), "c/index.html");
        assert_eq!(relative_url("a/b/", "a/x/index.html"), "../x/index.html");
        assert_eq!(relative_url("a/b/", "a/b/bilde.png"), "bilde.png");
        assert_eq!(relative_url("a/b/", "index.html"), "../../index.html");
    }

    #[test]
    fn rebases_links_to_another_page() {
        let html = "<p><a href=\"../ad/index.html\">AD</a> <a href=\"#x\">x</a> <a href=\"https://e.no/\">e</a> <img src=\"bilde.png\"></p>";
        assert_eq!(
            rebase(html, "begreper/adfs/", "begreper/"),
            "<p><a href=\"ad/index.html\">AD</a> <a href=\"adfs/index.html#x\">x</a> <a href=\"https://e.no/\">e</a> <img src=\"adfs/bilde.png\"></p>"
        );
        assert_eq!(rebase(html, "a/", "a/"), html);
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(
            join_normalized("a/b", "../c/d.md").as_deref(),
            Some("a/c/d.md")
        );
        assert_eq!(join_normalized("a", "./x.md").as_deref(), Some("a/x.md"));
        assert_eq!(join_normalized("a", "../../x.md"), None);
    }

    #[test]
    fn missing_anchor_always_gets_a_hint() {
        let ids: Vec<String> = ["for-du-starter", "steg-2", "kontakt"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(anchor_hint("steg2", &ids), "mente du #steg-2?");
        assert_eq!(
            anchor_hint("Før%20du%20starter", &ids),
            "mente du #for-du-starter?"
        );
        assert_eq!(
            anchor_hint("Før du starter", &ids),
            "mente du #for-du-starter?"
        );
        let other = anchor_hint("helt-annet", &ids);
        assert!(
            other.starts_with("siden har #for-du-starter, #kontakt, #steg-2"),
            "{other}"
        );
        assert!(anchor_hint("x", &Vec::new()).contains("ingen overskrifter"));
    }

    #[test]
    fn classifies_destinations() {
        let r = FakeResolver::default();
        assert_eq!(
            classify("https://x.no", "a", "a/k.md", &r),
            LinkTarget::External("https://x.no".into())
        );
        assert_eq!(
            classify("mailto:a@b.no", "a", "a/k.md", &r),
            LinkTarget::External("mailto:a@b.no".into())
        );
        assert!(
            matches!(classify("#steg", "a", "a/k.md", &r), LinkTarget::Page { anchor: Some(a), .. } if a == "steg")
        );
        assert!(matches!(
            classify("/selvhjelp/passord/bytte/", "x", "x/k.md", &r),
            LinkTarget::Page { .. }
        ));
        assert!(matches!(
            classify("../passord/bytte.md", "selvhjelp/konto", "k", &r),
            LinkTarget::Page { .. }
        ));
        assert!(
            matches!(classify("borte%20vekk.md", "a", "k", &r), LinkTarget::Missing { path, .. } if path == "content/a/borte vekk.md")
        );
    }
}
