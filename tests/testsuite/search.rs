//! The search index written by the build: what it holds, per build target.

use crate::common;
use common::{Fixture, page};

fn site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        &page(
            "Bytte passord",
            "",
            "Slik bytter du passordet ditt i portalen.",
        ),
    );
    f.write(
        "content/hemmelig.md",
        "---\ntitle: Intern rutine kodeordzebra\nupdated: 2024-01-01\nowner: ROR-IKT\n---\n\nInterne detaljer om vaktordningflamingo.\n",
    );
    f
}

fn index_text(f: &Fixture) -> String {
    f.output_files("public/search")
        .into_iter()
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn public_index_holds_no_internal_page() {
    let f = site();
    f.run(&["build", "--target", "public"]).assert_ok();
    let index = index_text(&f);
    assert!(index.contains("Bytte passord"), "public page indexed");
    assert!(index.contains("\"passord\""), "terms indexed");
    for secret in ["kodeordzebra", "vaktordningflamingo", "hemmelig"] {
        assert!(
            !index.contains(secret),
            "{secret} leaked into the public index"
        );
    }
}

#[test]
fn internal_index_holds_every_page() {
    let f = site();
    f.build().assert_ok();
    let index = index_text(&f);
    assert!(index.contains("Intern rutine kodeordzebra"));
    assert!(index.contains("\"vaktordningflamingo\""));
}

#[test]
fn index_files_are_scripts_loadable_from_disk() {
    let f = site();
    f.build().assert_ok();
    let meta = f.read_output("search/meta.js");
    assert!(meta.starts_with("__kSearch.meta({"), "{meta}");
    assert!(meta.contains("[\"Bytte passord\",\"a/\","));
    let shard = f.read_output("search/t-pa.js");
    assert!(shard.starts_with("__kSearch.shard(\"pa\",{"));
    assert!(f.output_exists("search/d-0.js"));
    let html = f.read_output("index.html");
    assert!(
        html.contains("<script src=\"js/search.js\" defer></script>"),
        "loaded by a script tag"
    );
}

#[test]
fn search_page_lists_every_title_without_javascript() {
    let f = site();
    f.build().assert_ok();
    let html = f.read_output("sok/index.html");
    assert!(html.contains(">Bytte passord</a>"));
    assert!(html.contains(">Intern rutine kodeordzebra</a>"));
    assert!(
        html.contains("action=\"index.html\""),
        "the form works without JavaScript"
    );
    assert!(html.contains("href=\"#bokstav-b\""), "letter navigation");
}

#[test]
fn editor_synonyms_find_pages_in_both_directions() {
    let f = site();
    f.write("data/synonymer.yaml", "# kommentar\n- [printer, skriver]\n");
    f.write(
        "content/b.md",
        &page("Skrive ut", "", "Velg skriveren nærmest deg."),
    );
    f.write(
        "content/c.md",
        &page("Blekk", "", "Bytt blekk i en printer."),
    );
    f.build().assert_ok();
    let shards = index_text(&f);
    // Both pages are indexed with both words (as terms: `print`, `skriv`): `printer` finds
    // b, `skriver` finds c.
    for term in ["\"print\":[", "\"skriv\":["] {
        let at = shards
            .find(term)
            .unwrap_or_else(|| panic!("{term} missing"));
        let postings = &shards[at..at + shards[at..].find(']').unwrap()];
        assert_eq!(
            postings.matches(',').count(),
            3,
            "two pages for {term}: {postings}"
        );
    }
    assert!(
        !f.output_exists("rapporter/synonymer/index.html"),
        "not a data table"
    );
}

#[test]
fn malformed_synonym_files_are_reported_with_their_line() {
    let cases = [
        (
            "- [printer, skriver]\n- printer\n",
            ":2",
            "ikke en liste av ord",
        ),
        (
            "- [printer, skriver]\n\n- [minnepenn]\n",
            ":3",
            "bare 1 ord",
        ),
        ("- [printer, skriver\n", ":1", "synonymer.yaml"),
        ("printer: skriver\n", ":1", "liste av grupper"),
        ("- [printer, og]\n", ":1", "småord"),
    ];
    for (text, line, message) in cases {
        let f = site();
        f.write("data/synonymer.yaml", text);
        f.build()
            .assert_fails(1)
            .assert_stderr(&["data/synonymer.yaml", line, message]);
    }
}

#[test]
fn compounds_are_indexed_with_their_parts_and_parts_with_their_compound() {
    let f = site();
    f.write(
        "content/b.md",
        &page("Kontotilgang", "", "Om kontotilgang for alle."),
    );
    f.write(
        "content/c.md",
        &page("Tilgang", "", "Slik gir du tilgang til kontoen."),
    );
    f.build().assert_ok();
    let shards = index_text(&f);
    let vocab = f.read_output("search/v.js");
    assert!(vocab.starts_with("__kSearch.vocab([\""), "{vocab}");
    assert!(vocab.contains("\"kontotilgang\""));
    // `kontotilgang` is found on c, which writes the parts apart, and `konto` on b.
    let postings = |term: &str| {
        let at = shards.find(&format!("\"{term}\":[")).unwrap();
        shards[at..at + shards[at..].find(']').unwrap()]
            .matches(',')
            .count()
            .div_ceil(2)
    };
    assert_eq!(postings("kontotilgang"), 2);
    assert!(postings("konto") >= 2);
}
