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

const REQUIREMENTS: &str = "---\ntitle: Nettkrav\nkind: krav\nupdated: 2024-03-08\nowner: ROR-IKT Drift\naccess: public\ndocument_id: KRAV-TEST\nversion: 1.2\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements:\n  - id: NETT-001\n    category: Strøm og UPS\n    level: skal\n    text: Utstyret skal ha en **online UPS** med minst 30 minutters driftstid.\n    rationale: Nettet faller ut ved strømbrudd.\n  - id: NETT-002\n    category: Tekniske rom\n    level: bor\n    text: Rommet bør ha kjøling.\n---\n\nKrav til nett.\n";

/// `search/meta.js` as JSON.
fn meta(f: &Fixture) -> serde_json::Value {
    let text = f.read_output("search/meta.js");
    let json = text
        .trim_start_matches("__kSearch.meta(")
        .trim_end_matches([';', ')', '\n']);
    serde_json::from_str(json).unwrap()
}

/// `[title, url, kind]` of every document of the index.
fn meta_docs(f: &Fixture) -> Vec<(String, String, String)> {
    let meta = meta(f);
    let kinds = meta["kinds"].as_array().unwrap().clone();
    meta["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let kind = &kinds[d[2].as_u64().unwrap() as usize][0];
            (
                d[0].as_str().unwrap().to_string(),
                d[1].as_str().unwrap().to_string(),
                kind.as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_requirement_is_a_document_leading_to_its_anchor() {
    let f = site();
    f.write(
        "content/krav/_index.md",
        "---\ntitle: Krav\naccess: public\n---\n",
    );
    f.write("content/krav/nett.md", REQUIREMENTS);
    f.run(&["build", "--target", "public"]).assert_ok();
    let docs = meta_docs(&f);
    let requirement = docs
        .iter()
        .find(|d| d.0.starts_with("NETT-001"))
        .unwrap_or_else(|| panic!("{docs:?}"));
    assert_eq!(requirement.0, "NETT-001 Strøm og UPS");
    assert_eq!(requirement.1, "krav/nett/#NETT-001");
    assert_eq!(requirement.2, "kravpunkt");
    assert!(docs.iter().any(|d| d.1 == "krav/nett/#NETT-002"));
    // Its text is the snippet: plain text, markup gone.
    let texts = index_text(&f);
    assert!(
        texts.contains("Utstyret skal ha en online UPS med minst 30 minutters driftstid."),
        "the requirement's text is its snippet"
    );
    // `driftstid` finds the requirement itself.
    let number = docs
        .iter()
        .position(|d| d.1 == "krav/nett/#NETT-001")
        .unwrap();
    let shard = f.read_output("search/t-dr.js");
    let at = shard.find("\"driftstid\":[").expect("driftstid indexed");
    let postings: Vec<u64> = shard[at + "\"driftstid\":[".len()..]
        .split(']')
        .next()
        .unwrap()
        .split(',')
        .map(|n| n.parse().unwrap())
        .collect();
    let mut doc = 0;
    let found: Vec<u64> = postings
        .chunks(2)
        .map(|p| {
            doc += p[0];
            doc
        })
        .collect();
    assert!(found.contains(&(number as u64)), "{found:?} lacks {number}");
}

#[test]
fn reports_and_sections_are_in_the_index_of_their_target_only() {
    let f = site();
    f.write(
        "content/tjenester/_index.md",
        "---\ntitle: Tjenestekatalog\naccess: public\n---\n\nAlle tjenestene.\n",
    );
    f.write(
        "content/rutiner/_index.md",
        "---\ntitle: Interne rutiner pelikanflokk\n---\n\nBare for ansatte.\n",
    );
    f.run(&["build", "--target", "public"]).assert_ok();
    let public = meta_docs(&f);
    let has = |docs: &[(String, String, String)], url: &str| docs.iter().any(|d| d.1 == url);
    assert!(has(&public, "tjenester/"), "a public section: {public:?}");
    assert!(has(&public, "rapporter/kravmatrise/"), "a public report");
    assert!(has(&public, "rapporter/tjenesteoversikt/"));
    for internal in [
        "rutiner/",
        "rapporter/behandlingsprotokoller/",
        "rapporter/beredskapsperm/",
        "rapporter/innholdsstatus/",
    ] {
        assert!(!has(&public, internal), "{internal} in the public index");
    }
    assert!(!index_text(&f).contains("pelikanflokk"));
    f.build().assert_ok();
    let all = meta_docs(&f);
    for url in [
        "rutiner/",
        "rapporter/behandlingsprotokoller/",
        "rapporter/beredskapsperm/",
        "rapporter/kravmatrise/",
    ] {
        assert!(has(&all, url), "{url} in the internal index: {all:?}");
    }
    assert!(!has(&all, ""), "the front page is no hit");
}

#[test]
fn the_index_carries_the_nynorsk_forms_and_indexes_them_as_bokmal() {
    let f = site();
    f.write(
        "content/n.md",
        &page("Gløymt passord", "", "Tryggleiksnøkkelen ligg heime."),
    );
    f.build().assert_ok();
    let meta = meta(&f);
    assert_eq!(meta["nn"]["whole"]["gloymt"], "glemt");
    assert_eq!(meta["nn"]["starts"]["tryggleik"], "sikkerhet");
    let texts = index_text(&f);
    assert!(texts.contains("\"glemt\":["), "gløymt is indexed as glemt");
    assert!(texts.contains("\"sikkerhetsnokkel\":["));
    assert!(!texts.contains("\"gloymt\":["));
}

#[test]
fn built_in_english_words_find_norwegian_pages() {
    let f = site();
    f.write(
        "content/p.md",
        &page(
            "Felles postboks",
            "",
            "Slik får du tilgang til en felles postboks.",
        ),
    );
    f.build().assert_ok();
    let texts = index_text(&f);
    assert!(texts.contains("\"mailbox\":["), "shared mailbox finds it");
    assert!(texts.contains("\"shared\":["));
}

#[test]
fn a_megabyte_long_word_builds() {
    // Splitting compounds and ranking prefixes both took time in the square of a word's
    // length (a 10 MB line never finished); both are capped now (the unit tests in
    // src/derive/search count the work).
    let f = site();
    let word = "sikkerhetskopi".repeat(75_000);
    f.write("content/lang.md", &page("Langt ord", "", &word));
    f.build().assert_ok();
    assert!(f.output_exists("search/meta.js"));
}
