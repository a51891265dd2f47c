//! sitemap.xml and robots.txt, with absolute URLs from `base_url`.

use crate::config::Config;
use crate::date::Date;
use crate::text::escape_html;

/// One address in the sitemap.
pub struct SitemapEntry {
    pub url: String,
    pub lastmod: Option<Date>,
}

pub fn sitemap_xml(config: &Config, entries: &[SitemapEntry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_html(&config.absolute_url(&entry.url)));
        xml.push_str("</loc>");
        if let Some(date) = entry.lastmod {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

pub fn robots_txt(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.absolute_url("sitemap.xml")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_has_absolute_escaped_urls() {
        let config = Config::parse("title: T\nbase_url: https://ror-ikt.no/\n").unwrap();
        let xml = sitemap_xml(
            &config,
            &[SitemapEntry {
                url: "a/&b/".into(),
                lastmod: Date::parse("2024-03-08"),
            }],
        );
        assert!(
            xml.contains("<loc>https://ror-ikt.no/a/&amp;b/</loc><lastmod>2024-03-08</lastmod>")
        );
        assert!(robots_txt(&config).contains("Sitemap: https://ror-ikt.no/sitemap.xml"));
    }
}
