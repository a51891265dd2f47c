//! Site paths and ids that several stages must agree on. They live here, below every stage,
//! so that `derive` (reports, taxonomies) and `layout` can both use them without importing
//! each other: a well-known URL spelled twice drifts apart silently.

use crate::markdown::links::relative_url;
use crate::text::slugify;

/// Site path of the search page, which lists every page A–Å for readers without JavaScript.
pub const SEARCH_URL: &str = "sok/";

/// Site path of the reports' index page.
pub const REPORTS_URL: &str = "rapporter/";

/// The relative prefix from a page at `url` to the site root.
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// A link from the page at site path `from` to the page at site path `to_url`, relative so
/// the output works from disk and under any base path.
pub fn href(from: &str, to_url: &str) -> String {
    relative_url(from, &format!("{to_url}index.html"))
}

/// The path part of the base URL (`https://x.no/portal/` → `/portal/`).
pub fn site_root_path(base_url: &str) -> String {
    let without_scheme = base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url);
    match without_scheme.find('/') {
        Some(pos) => without_scheme[pos..].to_string(),
        None => "/".into(),
    }
}

/// The id of a term on the glossary page.
pub fn glossary_anchor(term: &str) -> String {
    format!("begrep-{}", slugify(term))
}

/// An id for an A–Å letter heading; Æ, Ø and Å must not collide with A and O.
pub fn letter_anchor(letter: &str) -> String {
    match letter {
        "Æ" => "ae".into(),
        "Ø" => "oe".into(),
        "Å" => "aa".into(),
        "0–9" => "tall".into(),
        other => slugify(other),
    }
}

/// The id of a requirement category's heading on a requirement document.
pub fn category_anchor(category: &str) -> String {
    format!("kategori-{}", slugify(category))
}

/// The id of a contingency level's heading on a contingency plan.
pub fn level_anchor(level: &str) -> String {
    format!("niva-{}", slugify(level))
}

/// `/gammel/adresse` → `gammel/adresse/`
pub fn alias_site_path(alias: &str) -> String {
    let trimmed = alias
        .trim()
        .trim_matches('/')
        .trim_end_matches("index.html")
        .trim_end_matches('/');
    let slugged: Vec<String> = trimmed
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .map(|s| s.to_string())
        .collect();
    if slugged.is_empty() {
        String::new()
    } else {
        format!("{}/", slugged.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_climbs_per_folder() {
        assert_eq!(root_prefix(""), "");
        assert_eq!(root_prefix("a/b/"), "../../");
    }

    #[test]
    fn href_is_relative() {
        assert_eq!(href("a/b/", "a/c/"), "../c/index.html");
        assert_eq!(href("", "sok/"), "sok/index.html");
    }

    #[test]
    fn alias_paths_are_normalized() {
        assert_eq!(alias_site_path("/gammel/side/"), "gammel/side/");
        assert_eq!(alias_site_path("gammel/index.html"), "gammel/");
        assert_eq!(alias_site_path("/../x"), "x/");
    }

    #[test]
    fn site_root_path_of_base_url() {
        assert_eq!(site_root_path("https://ror-ikt.no/"), "/");
        assert_eq!(site_root_path("https://x.no/portal/"), "/portal/");
    }

    #[test]
    fn nordic_letters_get_distinct_anchors() {
        let anchors: Vec<String> = ["A", "Æ", "Ø", "Å", "O"]
            .iter()
            .map(|l| letter_anchor(l))
            .collect();
        let mut unique = anchors.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), anchors.len());
    }
}
