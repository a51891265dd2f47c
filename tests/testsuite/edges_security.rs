//! Script past the checks: every way content or site.yaml could carry script onto a page must
//! be refused by `check` with file and line, and what passes must not run script. Also the
//! links of raw HTML, which get the same rewriting and checks as Markdown links, and the
//! files of a public bundle inside an internal section.

use crate::common;
use common::{Fixture, codes_of, page};

/// `check --format json` of a site with `content/a.md` = `text`: exit code and the (code,
/// line) pairs for that file.
fn check_page(f: &Fixture, text: &str) -> (i32, Vec<(String, u64)>) {
    f.write("content/a.md", text);
    let (code, items) = f.check_json(&[]);
    let found = codes_of(&items, "content/a.md")
        .into_iter()
        .filter(|(code, _)| !code.starts_with("a11y::"))
        .collect();
    (code, found)
}

#[test]
fn zero_padded_character_reference_hides_no_javascript() {
    let f = Fixture::new();
    let body = "Tekst.\n\n<a href=\"&#x000000000000006A;avascript:alert(7)\">klikk</a>\n\n<a href=\"&#0000000000106;avascript:alert(7)\">to</a>\n";
    let (code, found) = check_page(&f, &page("A", "", body));
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            ("html::script-url".to_string(), 10),
            ("html::script-url".to_string(), 12)
        ]
    );
}

#[test]
fn comment_closed_early_by_the_browser_hides_no_handler() {
    let f = Fixture::new();
    // `minify: false` (the fixture's) writes raw HTML as it is, comment and all.
    for body in [
        "<!--><img src=x onerror=alert(7)>-->\n",
        "<!---><img src=x onerror=alert(7)>-->\n",
        "<!-- a --!><img src=x onerror=alert(7)> -->\n",
        "Tekst <!--><img src=x onerror=alert(7)>--> her.\n",
    ] {
        let (code, found) = check_page(&f, &page("A", "", body));
        assert_eq!(code, 1, "{body}");
        assert_eq!(found, [("html::event-handler".to_string(), 8)], "{body}");
    }
}

#[test]
fn allowing_an_element_does_not_allow_script_through_it() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        "title: T\nbase_url: https://test.example/\nminify: false\nraw_html:\n  allow: [iframe, object, embed, noscript]\n",
    );
    let cases = [
        (
            "<iframe src=\"data:image/svg+xml,<svg onload=alert(7)>\"></iframe>\n",
            "html::script-url",
        ),
        (
            "<object data=\"data:application/xhtml+xml,<x/>\"></object>\n",
            "html::script-url",
        ),
        (
            "<embed src=\"data:image/svg+xml;base64,PHN2Zz4=\">\n",
            "html::script-url",
        ),
        (
            "<noscript><p title=\"</noscript><img src=x onerror=alert(7)>\"></noscript>\n",
            "html::event-handler",
        ),
    ];
    for (body, expected) in cases {
        let (code, found) = check_page(&f, &page("A", "", body));
        assert_eq!(code, 1, "{body}");
        assert_eq!(found, [(expected.to_string(), 8)], "{body}");
    }
    // The allowed element itself is fine with an ordinary address.
    let (code, found) = check_page(
        &f,
        &page(
            "A",
            "",
            "<iframe src=\"https://video.example/x\" title=\"Film\"></iframe>\n",
        ),
    );
    assert_eq!((code, found), (0, vec![]));
}

#[test]
fn source_urls_follow_the_url_policy_in_every_build() {
    let f = Fixture::new();
    let extra = "sources:\n  - title: Saksframlegg\n    url: \"javascript:alert(7)\"\n  - title: Vedlegg\n    url: \"data:text/html,<script>alert(7)</script>\"\n  - title: Arkiv\n    url: file:///etc/passwd\n  - title: Godkjent\n    url: https://ror-ikt.example/sak.pdf\n";
    let (code, found) = check_page(&f, &page("A", extra, "Tekst.\n"));
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            ("html::script-url".to_string(), 8),
            ("html::script-url".to_string(), 10),
            ("url::scheme".to_string(), 12),
        ]
    );
    f.run(&["build", "--target", "public"])
        .assert_fails(1)
        .assert_stderr(&["content/a.md:8", "`sources[0].url`", "kjører kode"]);
    assert!(!f.output_exists("a/index.html"));
}

#[test]
fn source_title_must_not_be_empty_or_null() {
    let f = Fixture::new();
    let extra = "sources:\n  - title: ~\n    url: https://x.example/\n";
    let (code, found) = check_page(&f, &page("A", extra, "Tekst.\n"));
    assert_eq!(code, 1);
    assert_eq!(found, [("frontmatter::empty".to_string(), 7)]);
}

#[test]
fn edit_url_with_script_is_refused() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        "title: T\nbase_url: https://test.example/\nedit_url: \"javascript:alert(7)//{path}\"\n",
    );
    f.run(&["check"])
        .assert_fails(1)
        .assert_stderr(&["site.yaml:3", "`edit_url`", "kjører kode"]);
}

#[test]
fn raw_html_links_are_rewritten_and_checked_like_markdown_links() {
    let f = Fixture::new();
    f.write(
        "content/hjelp/_index.md",
        "---\ntitle: Hjelp\naccess: public\n---\n",
    );
    f.write(
        "content/hjelp/annen.md",
        &page("Annen", "", "## Steg 2\n\nx\n"),
    );
    f.write_bytes("content/hjelp/kart.png", b"\x89PNG\r\n\x1a\n");
    f.write(
        "content/hjelp/a.md",
        &page(
            "A",
            "",
            "<p><a href=\"annen.md#steg-2\">annen</a> <img src=\"kart.png\" alt=\"Kart\"></p>\n",
        ),
    );
    f.build().assert_ok();
    let html = f.read_output("hjelp/a/index.html");
    assert!(
        html.contains("<a href=\"../annen/index.html#steg-2\">annen</a>"),
        "{html}"
    );
    assert!(html.contains("<img src=\"../kart.png\""), "{html}");
    assert!(f.output_exists("hjelp/kart.png"));

    f.write(
        "content/hjelp/a.md",
        &page(
            "A",
            "",
            "<p><a href=\"borte.md\">borte</a> <a href=\"annen.md#steg-3\">x</a></p>\n",
        ),
    );
    let (code, items) = f.check_json(&[]);
    assert_eq!(code, 1);
    let found = codes_of(&items, "content/hjelp/a.md");
    assert_eq!(
        found,
        [
            ("link::broken".to_string(), 8),
            ("link::missing-anchor".to_string(), 8)
        ]
    );
}

#[test]
fn public_page_cannot_link_an_internal_one_through_raw_html() {
    let f = Fixture::new();
    f.write(
        "content/hemmelig.md",
        &page("Hemmelig", "", "Intern.\n").replace("access: public", "access: internal"),
    );
    f.write(
        "content/a.md",
        &page("A", "", "<a href=\"hemmelig.md\">se her</a>\n"),
    );
    f.run(&["check", "--target", "public"])
        .assert_fails(1)
        .assert_stderr(&[
            "content/a.md:8",
            "en offentlig side kan ikke lenke til en intern side",
        ]);
    f.run(&["build", "--target", "public"]).assert_fails(1);
    assert!(!f.output_exists("a/index.html"));
    // The internal build has both pages, and the link works.
    f.build().assert_ok();
    assert!(
        f.read_output("a/index.html")
            .contains("href=\"../hemmelig/index.html\"")
    );
}

#[test]
fn raw_html_left_open_cannot_swallow_the_markdown_after_it() {
    let f = Fixture::new();
    let body = "<div title=\"\n\n[lenke](https://x.example/\" onmouseover=\"alert(7))\n";
    let (code, found) = check_page(&f, &page("A", "", body));
    assert_eq!(code, 1);
    assert_eq!(found, [("html::unterminated".to_string(), 8)]);
}

#[test]
fn public_bundle_in_an_internal_section_keeps_its_own_files() {
    let f = Fixture::new();
    f.write(
        "content/intern/_index.md",
        "---\ntitle: Intern\naccess: internal\n---\n",
    );
    f.write(
        "content/intern/offentlig/index.md",
        &page("Offentlig", "", "![Kart](kart.png)\n"),
    );
    f.write_bytes("content/intern/offentlig/kart.png", b"\x89PNG\r\n\x1a\n");
    f.write_bytes("content/intern/hemmelig.png", b"\x89PNG\r\n\x1a\n");
    f.run(&["build", "--target", "public"]).assert_ok();
    assert!(f.output_exists("intern/offentlig/index.html"));
    assert!(f.output_exists("intern/offentlig/kart.png"));
    assert!(
        !f.output_exists("intern/hemmelig.png"),
        "the section's own files stay internal"
    );
    assert!(!f.output_exists("intern/index.html"));
}
