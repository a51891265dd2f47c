//! sitemap.xml (from the template `sitemap.xml`, which a site or theme can override) and
//! robots.txt (template `robots.txt`), with absolute URLs from `base_url`.

use crate::config::Config;
use crate::site::Site;
use serde::Serialize;
use tera::Context;

pub const SITEMAP_PATH: &str = "sitemap.xml";
/// The sitemap's template.
pub const TEMPLATE: &str = "sitemap.xml";

/// One address in the sitemap, as its template sees it.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct SitemapEntry {
    /// Absolute address.
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
            url: config.absolute_url(url),
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

/// The template context of robots.txt: `sitemap_url`, absolute.
pub fn robots_context(config: &Config) -> Context {
    let mut context = Context::new();
    context.insert("sitemap_url", &config.absolute_url(SITEMAP_PATH));
    context
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_txt_points_to_the_absolute_sitemap() {
        let config = Config::parse("title: T\nbase_url: https://ror-ikt.no/\n").unwrap();
        assert_eq!(
            robots_context(&config).get("sitemap_url"),
            Some(&tera::Value::from("https://ror-ikt.no/sitemap.xml"))
        );
    }
}
