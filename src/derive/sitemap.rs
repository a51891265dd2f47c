//! sitemap.xml (from the template `sitemap.xml`, which a site or theme can override) and
//! robots.txt (template `robots.txt`), with absolute URLs from the build's address (`base_url`
//! for the public build, `internal_url` for the internal one). An internal build without an
//! address lists its pages relative to the site root, and its robots.txt keeps every crawler
//! out: the internal build is never to be indexed.

use crate::site::{Site, Target};
use serde::Serialize;
use tera::Context;

pub const SITEMAP_PATH: &str = "sitemap.xml";
/// The sitemap's template.
pub const TEMPLATE: &str = "sitemap.xml";

/// One address in the sitemap, as its template sees it.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct SitemapEntry {
    /// Absolute address; relative to the site root where the build has no address.
    pub url: String,
    /// `YYYY-MM-DD`, if known.
    pub lastmod: Option<String>,
}

/// Every section and page of the site, sorted by address.
pub fn entries(site: &Site) -> Vec<SitemapEntry> {
    let config = &site.config;
    let mut entries: Vec<(&str, Option<crate::date::Date>)> = site
        .sections
        .iter()
        .map(|s| (s.url.as_str(), s.meta.updated))
        .collect();
    entries.extend(
        site.pages
            .iter()
            .map(|p| (p.url.as_str(), p.meta.updated.or(p.meta.date))),
    );
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
        .into_iter()
        .map(|(url, lastmod)| SitemapEntry {
            url: config
                .url_for(site.target, url)
                .unwrap_or_else(|| relative(url)),
            lastmod: lastmod.map(|d| d.to_string()),
        })
        .collect()
}

/// The template context of the sitemap: `entries`.
pub fn context(site: &Site) -> Context {
    let mut context = Context::new();
    context.insert("entries", &entries(site));
    context
}

/// The template of robots.txt.
pub const ROBOTS_TEMPLATE: &str = "robots.txt";

/// A site path as a link relative to the site root (the home page is `./`).
pub fn relative(site_path: &str) -> String {
    match site_path.trim_start_matches('/') {
        "" => "./".to_string(),
        path => path.to_string(),
    }
}

/// The template context of robots.txt: `sitemap_url` (absolute, or none where the build has
/// no address) and `noindex`, true for the internal build, which no crawler may read.
pub fn robots_context(site: &Site) -> Context {
    let mut context = Context::new();
    context.insert(
        "sitemap_url",
        &site.config.url_for(site.target, SITEMAP_PATH),
    );
    context.insert("noindex", &(site.target == Target::Internal));
    context
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_for_a_build_without_an_address() {
        assert_eq!(relative(""), "./");
        assert_eq!(relative("/a/b/"), "a/b/");
    }
}
