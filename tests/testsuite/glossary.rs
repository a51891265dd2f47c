//! The generated glossary: Norwegian order, first-use markup in running text only, inflected
//! forms, "used on" lists, and warnings for undefined abbreviations.

use crate::common;
use common::{Fixture, page};

fn term(slug: &str, term: &str, extra: &str, definition: &str) -> (String, String) {
    (
        format!("content/begreper/{slug}.md"),
        format!(
            "---\ntitle: \"{term}\"\nkind: begrep\nterm: \"{term}\"\n{extra}updated: 2024-01-01\nowner: ROR-IKT\naccess: public\n---\n\n{definition}\n"
        ),
    )
}

fn glossary_site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/begreper/_index.md",
        "---\ntitle: Definisjoner og begreper\npage_kind: begrep\nsort_by: title\naccess: public\n---\n",
    );
    for (path, text) in [
        term("brannmur", "Brannmur", "", "Filter for nettrafikk."),
        term(
            "av",
            "AV",
            "expansion: audiovisuelt utstyr\n",
            "Skjermer og lyd i møterom.",
        ),
        term("aapen", "Åpen kilde", "", "Programvare med åpen kildekode."),
        term("orn", "Ørneøye", "", "Et skarpt blikk."),
        term("aerlig", "Ærlighet", "", "Å si det som det er."),
        term("zulu", "Zulu-tid", "", "UTC."),
        term(
            "mfa",
            "MFA",
            "expansion: multifaktorautentisering\nsynonyms: [tofaktorautentisering]\nsee_also: [Brannmur]\n",
            "Innlogging med mer enn passord.",
        ),
    ] {
        f.write(&path, &text);
    }
    f
}

#[test]
fn glossary_page_is_in_norwegian_order_with_letter_navigation() {
    let f = glossary_site();
    f.build().assert_ok();
    let html = f.read_output("begreper/index.html");
    let order = [
        "AV",
        "Brannmur",
        "MFA",
        "Zulu-tid",
        "Ærlighet",
        "Ørneøye",
        "Åpen kilde",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|t| {
            html.find(&format!(">{t}</a>"))
                .unwrap_or_else(|| panic!("{t} missing"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "order {positions:?}"
    );
    for letter in ["A", "B", "M", "Z", "Æ", "Ø", "Å"] {
        assert!(
            html.contains(&format!(">{letter}</a></li>")),
            "letter nav {letter}"
        );
    }
    assert!(html.contains("multifaktorautentisering"), "expansion");
    assert!(html.contains("tofaktorautentisering"), "synonyms");
    assert!(html.contains("href=\"#begrep-brannmur\""), "see also");
}

#[test]
fn first_use_is_marked_in_text_only_with_inflected_forms() {
    let f = glossary_site();
    f.write(
        "content/side.md",
        &page(
            "Side",
            "",
            "## Brannmur i overskriften\n\nSe `brannmur` i kode og [brannmur](begreper/brannmur.md) i lenke.\n\nBrannmuren stopper trafikk. En brannmur til.\n\nVi har et Lyd-AV-rom. Vi kjører av og til AV-utstyr. Slå på tofaktorautentisering.\n",
        ),
    );
    f.build().assert_ok();
    let html = f.read_output("side/index.html");
    let marked = "<a class=\"term\" href=\"../begreper/brannmur/index.html\"><abbr title=\"Filter for nettrafikk.\">Brannmuren</abbr></a>";
    assert!(html.contains(marked), "{html}");
    assert_eq!(
        html.matches("class=\"term\" href=\"../begreper/brannmur/")
            .count(),
        1,
        "first use only"
    );
    assert!(
        html.contains("<h2 id=\"brannmur-i-overskriften\">Brannmur i overskriften"),
        "not in headings"
    );
    assert!(html.contains("<code>brannmur</code>"), "not in code");
    assert!(
        html.contains("<a href=\"../begreper/brannmur/index.html\">brannmur</a>"),
        "not in links"
    );
    assert!(
        html.contains("kjører av og til"),
        "the word «av» is not the abbreviation AV"
    );
    assert!(
        html.contains("<abbr title=\"audiovisuelt utstyr: Skjermer og lyd i møterom.\">AV</abbr>"),
        "{html}"
    );
    assert!(html.contains("<abbr title=\"multifaktorautentisering: Innlogging med mer enn passord.\">tofaktorautentisering</abbr>"), "synonyms link to the entry");
}

#[test]
fn entries_list_the_pages_that_use_them() {
    let f = glossary_site();
    f.write(
        "content/side.md",
        &page("Brukerside", "", "En brannmur beskytter."),
    );
    f.build().assert_ok();
    let term_page = f.read_output("begreper/brannmur/index.html");
    assert!(
        term_page.contains("Sider som bruker begrepet"),
        "{term_page}"
    );
    assert!(term_page.contains("<a href=\"../../side/index.html\">Brukerside</a>"));
    let glossary = f.read_output("begreper/index.html");
    assert!(glossary.contains("Brukes på 1 side"));
}

#[test]
fn check_warns_about_undefined_abbreviations_with_file_and_line() {
    let f = glossary_site();
    f.write(
        "content/side.md",
        &page(
            "Side",
            "",
            "Linje en.\n\nVi bruker WTC og MFA, og `SOC` i kode, og ID-er som BP-MOL-001.",
        ),
    );
    let run = f.run(&["check"]);
    run.assert_ok();
    assert!(run.stderr.contains("content/side.md:10"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("forkortelsen WTC er brukt, men ikke forklart")
    );
    assert!(!run.stderr.contains("forkortelsen MFA"), "MFA is defined");
    assert!(
        !run.stderr.contains("forkortelsen SOC"),
        "code is not prose"
    );
    assert!(
        !run.stderr.contains("forkortelsen MOL"),
        "identifiers are not abbreviations"
    );
    assert!(
        run.stderr.contains("forkortelsen ID "),
        "ID is an abbreviation"
    );
}
