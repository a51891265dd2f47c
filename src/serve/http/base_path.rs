//! The site's base path in the preview. A site whose `base_url` lies in a subfolder
//! (`https://kommune.example/ikt/kompetanse/`) writes relative links everywhere but on its
//! 404 page, whose links start at that path. The preview serves the site at `/` and, so those
//! links work too, under the base path as well: the prefix is stripped before the file is
//! looked up.

use super::paths::RequestPath;
use std::sync::RwLock;

/// The segments of the base path; empty for a site at the root of its host. It changes
/// when `site.yaml` does, so the preview sets it after every build.
#[derive(Debug, Default)]
pub struct BasePath(RwLock<Vec<String>>);

impl BasePath {
    /// Takes the site's root path (`/ikt/kompetanse/`), decoded like a request's path.
    pub fn set(&self, root_path: &str) {
        let segments = RequestPath::parse(root_path)
            .map(|p| p.segments)
            .unwrap_or_default();
        if let Ok(mut base) = self.0.write() {
            *base = segments;
        }
    }

    /// The part of `path` below the base path, with the prefix as it is written in front of
    /// a location (`/ikt/kompetanse`); `None` when the path does not lie under it.
    pub fn strip(&self, path: &RequestPath) -> Option<(RequestPath, String)> {
        let base = self.0.read().ok()?;
        if base.is_empty() || !path.segments.starts_with(&base) {
            return None;
        }
        let segments = path.segments[base.len()..].to_vec();
        let mut decoded = format!("/{}", segments.join("/"));
        if path.trailing_slash && !segments.is_empty() {
            decoded.push('/');
        }
        let prefix = RequestPath::location(&base);
        Some((
            RequestPath {
                decoded,
                segments,
                trailing_slash: path.trailing_slash,
                query: path.query.clone(),
            },
            prefix,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(target: &str) -> RequestPath {
        RequestPath::parse(target).unwrap()
    }

    #[test]
    fn strips_the_base_path_and_nothing_else() {
        let base = BasePath::default();
        assert_eq!(
            base.strip(&parse("/ikt/kompetanse/a/")),
            None,
            "no base yet"
        );
        base.set("/ikt/kompetanse/");
        let (inner, prefix) = base.strip(&parse("/ikt/kompetanse/a/b.css?v=1")).unwrap();
        assert_eq!(inner, parse("/a/b.css?v=1"));
        assert_eq!(prefix, "/ikt/kompetanse");
        let (inner, _) = base.strip(&parse("/ikt/kompetanse/")).unwrap();
        assert_eq!(inner, parse("/"));
        let (inner, _) = base.strip(&parse("/ikt/kompetanse")).unwrap();
        assert!(inner.segments.is_empty() && !inner.trailing_slash);
        assert_eq!(base.strip(&parse("/ikt/")), None);
        assert_eq!(base.strip(&parse("/ikt/kompetansex/")), None);
        assert_eq!(base.strip(&parse("/a/")), None);
        base.set("/");
        assert_eq!(base.strip(&parse("/ikt/kompetanse/a/")), None);
    }
}
