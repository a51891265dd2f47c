//! Publishing: the public build holds no byte of internal content anywhere, a public page
//! linking to an internal one is an error, and offline and deployment pieces are in place.

use crate::common;
use common::{Fixture, page};

/// Marker strings that exist only in internal content.
const MARKERS: [&str; 9] = [
    "INTERNMARKOR-TITTEL",
    "internmarkor-brodtekst",
    "internmarkor-sammendrag",
    "internmarkortagg",
    "Internmarkor Eier",
    "internmarkor-vedlegg",
    "internmarkor-definisjon",
    "internmarkor-alias",
    "internmarkorseksjon",
];

/// Public pages beside internal ones carrying the markers: a page with a marker in every
/// field that could travel, an internal bundle and section with files, an internal glossary
/// term used on a public page, an internal plan for the internal reports.
fn site() -> Fixture {
    Fixture::site("internal-markers")
}

#[test]
fn no_byte_of_internal_content_in_the_public_build() {
    let f = site();
    let run = f.run(&["build", "--target", "public"]);
    run.assert_ok();
    let files = f.output_files("public");
    assert!(files.len() > 20, "the public build has content");
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for marker in MARKERS {
            assert!(
                !text.contains(&marker.to_lowercase()),
                "{marker} leaked into public/{path}"
            );
        }
        assert!(
            !text.contains("internmarkor"),
            "internal content leaked into public/{path}"
        );
    }
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("hemmelig") || n.contains("intern/") || n.contains("bunt")),
        "{names:?}"
    );
    assert!(
        names.contains(&"sitemap.xml")
            && names.contains(&"search/meta.js")
            && names.contains(&"sw.js")
    );
}

#[test]
fn the_internal_build_has_it_all() {
    let f = site();
    f.build().assert_ok();
    let all: String = f
        .output_files("public")
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect();
    for marker in MARKERS {
        assert!(
            all.contains(marker),
            "{marker} missing from the internal build"
        );
    }
}

#[test]
fn a_public_page_linking_to_an_internal_page_fails_the_public_build() {
    let f = site();
    f.write(
        "content/selvhjelp/lenker.md",
        &page(
            "Lenker",
            "related: [intern.md]\n",
            "Første linje.\n\nSe [den interne](intern.md).",
        ),
    );
    f.run(&["build", "--target", "public"])
        .assert_fails(1)
        .assert_stderr(&[
            "content/selvhjelp/lenker.md:11",
            "content/selvhjelp/intern.md",
            "access: internal",
            "`related` viser til content/selvhjelp/intern.md",
        ]);
    f.build().assert_ok();
}

#[test]
fn sitemap_lists_only_pages_of_the_target() {
    let f = site();
    f.run(&["build", "--target", "public"]).assert_ok();
    let sitemap = f.read_output("sitemap.xml");
    assert!(sitemap.contains("https://test.example/selvhjelp/offentlig/"));
    assert!(!sitemap.contains("intern"));
    f.build().assert_ok();
    // The internal build has no address by default: relative entries.
    let sitemap = f.read_output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>selvhjelp/intern/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn the_internal_build_never_claims_the_public_address_and_is_never_indexed() {
    let f = site();
    f.write(
        "content/nyheter/_index.md",
        "---\ntitle: Nyheter\npage_kind: nyhet\naccess: internal\n---\n",
    );
    f.write(
        "content/nyheter/intern-nyhet.md",
        "---\ntitle: Intern nyhet\ndate: 2024-03-15\nowner: ROR-IKT\naccess: internal\n---\n\nBare for ansatte.\n",
    );
    f.build().assert_ok();
    let files = f.output_files("public");
    let mut pages = 0;
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("test.example"),
            "base_url in internal public/{path}"
        );
        if path.ends_with(".html") && !text.contains("http-equiv=\"refresh\"") {
            pages += 1;
            assert!(!text.contains("rel=\"canonical\""), "canonical in {path}");
            assert!(
                text.contains(r#"<meta name="robots" content="noindex, nofollow">"#),
                "no noindex in {path}"
            );
        }
    }
    assert!(pages > 10, "{pages} pages");
    let robots = f.read_output("robots.txt");
    assert_eq!(robots, "User-agent: *\nDisallow: /\n");
    assert!(
        f.read_output("atom.xml")
            .contains("<link href=\"nyheter/intern-nyhet/\"/>")
    );

    // With an address of its own, the internal build uses it, and is still kept unindexed.
    let yaml = std::fs::read_to_string(f.path("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &format!("{yaml}internal_url: https://intranett.example/portal\n"),
    );
    f.build().assert_ok();
    let page = f.read_output("selvhjelp/intern/index.html");
    assert!(
        page.contains(
            r#"<link rel="canonical" href="https://intranett.example/portal/selvhjelp/intern/">"#
        ),
        "{page}"
    );
    assert!(page.contains("noindex"));
    assert!(
        f.read_output("sitemap.xml")
            .contains("<loc>https://intranett.example/portal/selvhjelp/intern/</loc>")
    );
    let robots = f.read_output("robots.txt");
    assert!(
        robots.contains("Disallow: /") && !robots.contains("Allow: /\n"),
        "{robots}"
    );
    assert!(
        f.read_output("atom.xml")
            .contains("https://intranett.example/portal/nyheter/intern-nyhet/")
    );
    for (path, bytes) in f.output_files("public") {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("test.example"),
            "base_url in internal public/{path}"
        );
    }

    // The public build: base_url, indexed.
    f.run(&["build", "--target", "public"]).assert_ok();
    let home = f.read_output("index.html");
    assert!(
        home.contains(r#"<link rel="canonical" href="https://test.example/">"#),
        "{home}"
    );
    assert!(!home.contains("noindex"));
    let robots = f.read_output("robots.txt");
    assert!(robots.contains("Allow: /\n"), "{robots}");
    assert!(robots.contains("Sitemap: https://test.example/sitemap.xml"));
    assert!(!f.read_output("sitemap.xml").contains("intranett.example"));
}

#[test]
fn service_worker_is_versioned_and_caches_contingency_first() {
    let f = site();
    f.build().assert_ok();
    let sw = f.read_output("sw.js");
    let critical = sw
        .lines()
        .find(|l| l.starts_with("const CRITICAL"))
        .unwrap();
    assert!(
        critical.contains("\"beredskap/plan/index.html\""),
        "{critical}"
    );
    assert!(critical.contains("\"rapporter/beredskapsperm/index.html\""));
    assert!(critical.contains("\"css/style.css\""));
    let rest = sw.lines().find(|l| l.starts_with("const REST")).unwrap();
    assert!(rest.contains("\"selvhjelp/offentlig/index.html\""));
    let version = sw
        .lines()
        .find(|l| l.starts_with("const VERSION"))
        .unwrap()
        .to_string();
    f.write(
        "content/selvhjelp/offentlig.md",
        &page("Offentlig side", "", "Endret tekst."),
    );
    f.build().assert_ok();
    let changed = f.read_output("sw.js");
    assert!(
        !changed.contains(&version),
        "a new build has a new cache version"
    );
    assert!(f.read_output("index.html").contains("js/offline.js"));
}
