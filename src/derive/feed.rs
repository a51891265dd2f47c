//! The Atom feed of news items (`kind: nyhet`), newest first.

use crate::config::Config;
use crate::date::Date;
use crate::model::Kind;
use crate::site::Site;
use crate::text::escape_html;

pub const FEED_PATH: &str = "atom.xml";
const MAX_ENTRIES: usize = 30;

/// News pages, newest first.
pub fn news(site: &Site) -> Vec<usize> {
    let mut news: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].kind == Kind::Nyhet)
        .collect();
    news.sort_by(|&a, &b| {
        let (pa, pb) = (&site.pages[a].meta, &site.pages[b].meta);
        pb.date.cmp(&pa.date).then_with(|| pa.title.cmp(&pb.title))
    });
    news
}

fn timestamp(date: Option<Date>) -> String {
    format!(
        "{}T00:00:00Z",
        date.unwrap_or(Date {
            year: 2000,
            month: 1,
            day: 1
        })
    )
}

/// `summaries[i]` is the summary of page `i`.
pub fn atom_xml(site: &Site, config: &Config, summaries: &dyn Fn(usize) -> String) -> String {
    let news = news(site);
    let updated = news.first().and_then(|&i| site.pages[i].meta.date);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"nb\">\n",
    );
    xml.push_str(&format!(
        "  <title>{} – nyheter</title>\n",
        escape_html(&config.title)
    ));
    xml.push_str(&format!(
        "  <id>{}</id>\n",
        escape_html(&config.absolute_url(FEED_PATH))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n  <link href=\"{}\"/>\n",
        escape_html(&config.absolute_url(FEED_PATH)),
        escape_html(&config.base_url)
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", timestamp(updated)));
    for &i in news.iter().take(MAX_ENTRIES) {
        let page = &site.pages[i];
        let url = escape_html(&config.absolute_url(&page.url));
        xml.push_str("  <entry>\n");
        xml.push_str(&format!(
            "    <title>{}</title>\n",
            escape_html(&page.meta.title)
        ));
        xml.push_str(&format!("    <link href=\"{url}\"/>\n    <id>{url}</id>\n"));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(page.meta.updated.or(page.meta.date))
        ));
        xml.push_str(&format!(
            "    <published>{}</published>\n",
            timestamp(page.meta.date)
        ));
        xml.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            escape_html(&page.meta.owner)
        ));
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape_html(&summaries(i))
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}
