//! The Atom feed of news items (`kind: nyhet`), newest first, written from the template
//! `atom.xml` (built into the default theme; a site or theme can override it).

use crate::date::Date;
use crate::model::Kind;
use crate::site::Site;
use serde::Serialize;
use tera::Context;

pub const FEED_PATH: &str = "atom.xml";
/// The feed's template, overridable like any other (`templates/atom.xml`).
pub const TEMPLATE: &str = "atom.xml";
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

/// One news item of the feed, as its template sees it.
#[derive(Serialize)]
pub struct FeedEntry<'a> {
    pub title: &'a str,
    /// Absolute address of the page (relative where the build has no address).
    pub url: String,
    pub updated: String,
    pub published: String,
    pub author: &'a str,
    pub summary: &'a str,
}

/// The feed, as its template (`atom.xml`) sees it: `feed`.
#[derive(Serialize)]
pub struct Feed<'a> {
    pub title: &'a str,
    /// Absolute address of the feed itself (relative where the build has no address).
    pub url: String,
    /// Absolute address of the site (`./` where the build has no address).
    pub site_url: &'a str,
    pub updated: String,
    pub entries: Vec<FeedEntry<'a>>,
}

/// The newest news items; `summaries(i)` is the summary of page `i`.
pub fn feed<'a>(site: &'a Site, summaries: &dyn Fn(usize) -> &'a str) -> Feed<'a> {
    let config = &site.config;
    // The build's own address: the internal build never links to the public site.
    let address = |path: &str| {
        config
            .url_for(site.target, path)
            .unwrap_or_else(|| crate::derive::sitemap::relative(path))
    };
    let news = news(site);
    let updated = news.first().and_then(|&i| site.pages[i].meta.date);
    let entries = news
        .iter()
        .take(MAX_ENTRIES)
        .map(|&i| {
            let page = &site.pages[i];
            FeedEntry {
                title: &page.meta.title,
                url: address(&page.url),
                updated: timestamp(page.meta.updated.or(page.meta.date)),
                published: timestamp(page.meta.date),
                author: &page.meta.owner,
                summary: summaries(i),
            }
        })
        .collect();
    Feed {
        title: &config.title,
        url: address(FEED_PATH),
        site_url: config.address(site.target).unwrap_or("./"),
        updated: timestamp(updated),
        entries,
    }
}

/// The template context of the feed.
pub fn context<'a>(site: &'a Site, summaries: &dyn Fn(usize) -> &'a str) -> Context {
    let mut context = Context::new();
    context.insert("feed", &feed(site, summaries));
    context
}
