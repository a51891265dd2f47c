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

fn site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/selvhjelp/_index.md",
        "---\ntitle: Selvhjelp\naccess: public\n---\n",
    );
    f.write(
        "content/selvhjelp/offentlig.md",
        &page(
            "Offentlig side",
            "tags: [felles]\n",
            "Alle kan lese dette om passord.",
        ),
    );
    // An internal page with a marker in every field that could travel.
    f.write(
        "content/selvhjelp/intern.md",
        "---\ntitle: INTERNMARKOR-TITTEL\ndescription: internmarkor-sammendrag\nupdated: 2020-01-01\nreview_by: 2020-06-01\nowner: Internmarkor Eier\ntags: [internmarkortagg, felles]\nmunicipalities: [rauma]\naliases: [/internmarkor-alias/]\n---\n\nPassord og internmarkor-brodtekst.\n\n[Ekstern](https://internmarkor-lenke.example/)\n",
    );
    // An internal bundle with a file beside it, and an internal section with a file in it.
    f.write(
        "content/hemmelig/_index.md",
        "---\ntitle: internmarkorseksjon\n---\n\nInternal section.\n",
    );
    f.write("content/hemmelig/vedlegg.txt", "internmarkor-vedlegg");
    f.write(
        "content/selvhjelp/bunt/index.md",
        "---\ntitle: Bunt\nupdated: 2024-01-01\nowner: ROR-IKT\n---\n\n[vedlegg](fil.txt)\n",
    );
    f.write("content/selvhjelp/bunt/fil.txt", "internmarkor-vedlegg");
    // An internal glossary term used on a public page.
    f.write(
        "content/begreper/intern.md",
        "---\ntitle: Brannsluk\nkind: begrep\nterm: Brannsluk\nupdated: 2024-01-01\nowner: ROR-IKT\n---\n\nDefinisjon internmarkor-definisjon.\n",
    );
    f.write(
        "content/selvhjelp/bruker-begrep.md",
        &page("Bruker begrep", "", "Teksten nevner brannsluk her."),
    );
    // Internal records and plans feed internal reports.
    f.write(
        "content/beredskap/plan.md",
        "---\ntitle: Plan internmarkor-brodtekst\nkind: beredskapsplan\nupdated: 2024-01-01\nreview_by: 2025-01-01\nowner: Internmarkor Eier\nplan_id: BP-X\nversion: 1\napproved_by: Leder\napproved: 2024-01-01\nlevels: [{level: 1, name: Nivå 1, criteria: x}]\ncontacts: [{role: Vakt, name: Internmarkor Eier, phone: 1}]\n---\n\nPlan.\n",
    );
    f
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
    assert!(
        f.read_output("sitemap.xml")
            .contains("https://test.example/selvhjelp/intern/")
    );
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
