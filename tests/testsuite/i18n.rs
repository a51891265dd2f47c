//! The interface language (`language` in site.yaml): a fixture site with a page of every kind,
//! every report and the built-in shortcodes is built in bokmål, nynorsk and English; no text
//! of the theme may be left in another language, dates follow the language, and a wrong language or a broken table is
//! an error naming its file.

use crate::common;
use common::{Fixture, codes_of};
use std::collections::{BTreeMap, BTreeSet};

const LANGUAGES: [&str; 3] = ["nb", "nn", "en"];

fn site(language: &str) -> Fixture {
    let f = Fixture::site("languages");
    f.write(
        "site.yaml",
        &format!(
            "title: Lingua\nbase_url: https://test.example/\nlanguage: {language}\nminify: false\nvocabularies:\n  municipalities:\n    molde: Molde\n  areas:\n    oppvekst-og-utdanning: Oppvekst og utdanning\n"
        ),
    );
    f
}

/// A table of the built-in theme, flattened to dotted keys like the build does.
fn table(language: &str) -> BTreeMap<String, String> {
    let path = format!(
        "{}/themes/default/i18n/{language}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    kompetanse::i18n::parse_table(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// What a reader sees of an HTML document: its text outside tags and scripts, and the
/// attributes that are read out or shown (labels, titles, placeholders, descriptions).
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tag_rest = &rest[start..];
        if tag_rest.starts_with("<script") {
            rest = tag_rest
                .find("</script>")
                .map_or("", |end| &tag_rest[end + 9..]);
            continue;
        }
        let end = tag_rest.find('>').unwrap_or(tag_rest.len() - 1);
        let tag = &tag_rest[..end];
        for attr in [
            "aria-label=\"",
            "title=\"",
            "placeholder=\"",
            "alt=\"",
            "content=\"",
        ] {
            if let Some(pos) = tag.find(attr) {
                let value = &tag[pos + attr.len()..];
                out.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                out.push(' ');
            }
        }
        rest = &tag_rest[end + 1..];
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
}

fn html_files(f: &Fixture) -> Vec<(String, String)> {
    f.output_files("public")
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn the_fixture_site_in_every_language_has_no_theme_text_of_another() {
    let nb = table("nb");
    for language in LANGUAGES {
        let f = site(language);
        f.build().assert_ok();
        let pages = html_files(&f);
        assert!(pages.len() > 20, "{language}: {} sider", pages.len());
        if language != "nb" {
            // Words of the bokmål table that the language's own table never uses.
            let own: BTreeSet<String> = table(language).values().flat_map(|v| words(v)).collect();
            let bokmal_only: BTreeSet<String> = nb
                .values()
                .flat_map(|v| words(v))
                .filter(|w| !own.contains(w))
                .collect();
            assert!(bokmal_only.len() > 100, "{language}: {}", bokmal_only.len());
            let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (path, html) in &pages {
                for word in words(&visible_text(html)) {
                    if bokmal_only.contains(&word) {
                        found.entry(word).or_default().push(path.clone());
                    }
                }
            }
            assert!(
                found.is_empty(),
                "{language}: bokmålsord i bygget: {found:?}"
            );
        }
        let expected = table(language);
        let page = f.read_output("guides/alpha/index.html");
        assert!(
            page.contains(&format!("<html lang=\"{language}\">")),
            "{language}"
        );
        for key in [
            "page.toc",
            "page.owner",
            "page.review_by",
            "notice.review_title",
        ] {
            assert!(
                page.contains(&expected[key]),
                "{language}: {key} «{}» mangler",
                expected[key]
            );
        }
        let date = if language == "en" {
            "23 January 2023"
        } else {
            "23. januar 2023"
        };
        assert!(page.contains(date), "{language}: datoen «{date}» mangler");
        // The shortcodes' own texts.
        let shortcodes = f.read_output("guides/gamma/index.html");
        for key in [
            "shortcode.unconfirmed",
            "shortcode.chart_as_table",
            "shortcode.source",
            "shortcode.missing",
            "shortcode.bar_chart",
            "shortcode.line_chart",
        ] {
            assert!(
                shortcodes.contains(&expected[key]),
                "{language}: {key} «{}» mangler",
                expected[key]
            );
        }
        // The search page's script gets its texts from the page, in the language.
        let search = f.read_output("sok/index.html");
        assert!(
            search.contains(
                &expected["js.no_hits"]
                    .replace('«', "\\u00ab")
                    .replace('»', "\\u00bb")
            ) || search.contains(&expected["js.no_hits"]),
            "{language}: søketekstene mangler"
        );
        let csv = f.read_csv("rapporter/kravmatrise/kravmatrise.csv");
        assert_eq!(csv[0][0], expected["krav.document_id"], "{language}");
        assert_eq!(csv[0][4], expected["common.example"], "{language}");
        assert_eq!(csv[1][4], expected["csv.no"], "{language}");
    }
}

#[test]
fn nynorsk_is_written_as_nynorsk() {
    let f = site("nn");
    f.build().assert_ok();
    let page = f.read_output("guides/alpha/index.html");
    for text in [
        "Innhald på sida",
        "Ansvarleg",
        "Skal reviderast innan",
        "Hopp til hovudinnhaldet",
    ] {
        assert!(page.contains(text), "«{text}» mangler");
    }
}

#[test]
fn a_language_the_theme_lacks_is_an_error_naming_site_yaml_and_its_line() {
    let f = site("nb");
    f.write(
        "site.yaml",
        "title: Lingua\nbase_url: https://test.example/\nminify: false\nlanguage: de\nvocabularies:\n  municipalities:\n    molde: Molde\n  areas:\n    oppvekst-og-utdanning: Oppvekst og utdanning\n",
    );
    let (code, items) = f.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        codes_of(&items, "site.yaml"),
        [("config::language".to_string(), 4)]
    );
    let message = items[0]["help"].as_str().unwrap_or_default();
    assert!(message.contains("en, nb, nn"), "{message}");
}

#[test]
fn a_theme_can_add_a_language_and_a_site_can_override_single_texts() {
    let f = site("de");
    let german = std::fs::read_to_string(f.path("themes/default/i18n/en.yaml"))
        .unwrap()
        .replace("On this page", "Auf dieser Seite")
        .replace("January", "Januar");
    f.write("themes/default/i18n/de.yaml", &german);
    f.write("i18n/de.yaml", "page:\n  owner: Verantwortlich\n");
    f.build().assert_ok();
    let page = f.read_output("guides/alpha/index.html");
    assert!(page.contains("<html lang=\"de\">"));
    assert!(page.contains("Auf dieser Seite"));
    assert!(page.contains("Verantwortlich"));
    assert!(page.contains("23 Januar 2023"));
}

#[test]
fn an_ejected_table_of_a_shipped_language_gets_the_texts_added_since() {
    // A theme ejected by an older version: its table has some texts, changed, and lacks the
    // rest. The build uses its texts and takes the missing ones from the tool's own table.
    let f = site("nn");
    f.write(
        "themes/default/i18n/nn.yaml",
        "page:\n  toc: Innhald på sida (eige)\n",
    );
    f.build().assert_ok();
    let page = f.read_output("guides/alpha/index.html");
    assert!(page.contains("Innhald på sida (eige)"), "the theme's text");
    let owner = &table("nn")["page.owner"];
    assert!(
        page.contains(owner.as_str()),
        "the missing text comes from the shipped table: {owner}"
    );
}

#[test]
fn a_table_missing_texts_is_an_error_naming_the_file_and_the_keys() {
    let f = site("de");
    f.write("themes/default/i18n/de.yaml", "page:\n  toc: Inhalt\n");
    let (code, items) = f.check_json(&[]);
    assert_eq!(code, 1);
    let codes = codes_of(&items, "themes/default/i18n/de.yaml");
    assert_eq!(codes.len(), 1, "{items:?}");
    assert_eq!(codes[0].0, "i18n::missing-key");
    let message = items
        .iter()
        .find(|d| d["code"] == "i18n::missing-key")
        .and_then(|d| d["message"].as_str())
        .unwrap();
    assert!(message.contains("page.owner"), "{message}");
    assert!(!message.contains("page.toc,"), "{message}");
}
