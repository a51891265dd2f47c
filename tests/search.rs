//! The search index written by the build: what it holds, per build target.

mod common;
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
