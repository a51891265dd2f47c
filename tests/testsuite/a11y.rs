//! Accessibility and plain-language checks of the content: each check has a page that
//! triggers it (with the line it must name) and a page that does not.

use crate::common;
use common::{Fixture, codes_of, page};
use serde_json::Value;

/// (name, body that triggers, code, body line of the problem (1 = first body line), body that
/// passes). The body starts on file line 8 of `page()`.
const CASES: &[(&str, &str, &str, usize, &str)] = &[
    (
        "bilde-uten-alt",
        "Slik ser det ut:\n\n![](https://example.no/skjermbilde.png)\n",
        "a11y::image-alt",
        3,
        "Slik ser det ut:\n\n![Innloggingsvinduet med feltet for engangskode](https://example.no/skjermbilde.png)\n",
    ),
    (
        "bilde-med-filnavn",
        "Tekst.\n\n![IMG_2041.jpg](https://example.no/bilder/IMG_2041.jpg)\n",
        "a11y::image-alt",
        3,
        "Tekst.\n\n![Ruteren med grønt lys i porten merket Internett](https://example.no/bilder/IMG_2041.jpg)\n",
    ),
    (
        "bilde-med-filstamme",
        "![skjermbilde](https://example.no/skjermbilde.png)\n",
        "a11y::image-alt",
        1,
        "![Skjermbilde av menyen Innstillinger](https://example.no/skjermbilde.png)\n",
    ),
    (
        "html-bilde",
        "<p>Logo:</p>\n<img src=\"logo.png\" width=\"20\">\n",
        "a11y::image-alt",
        2,
        "<p>Logo:</p>\n<img src=\"logo.png\" alt=\"\" width=\"20\">\n",
    ),
    (
        "overskrift-hopper",
        "## Før du starter\n\nTekst.\n\n#### Steg 1\n\nTekst.\n",
        "a11y::heading-skip",
        5,
        "## Før du starter\n\nTekst.\n\n### Steg 1\n\nTekst.\n\n## Neste\n",
    ),
    (
        "forste-overskrift-hopper",
        "### Bakgrunn\n\nTekst.\n",
        "a11y::heading-skip",
        1,
        "## Bakgrunn\n\nTekst.\n",
    ),
    (
        "ny-h1",
        "Innledning.\n\n# Enda en tittel\n\nTekst.\n",
        "a11y::heading-h1",
        3,
        "Innledning.\n\n## En avsnittstittel\n\nTekst.\n",
    ),
    (
        "lenke-her",
        "Skjemaet finner du\n[her](https://example.no/skjema).\n",
        "a11y::link-text",
        2,
        "Fyll ut [skjemaet for fjernarbeid](https://example.no/skjema).\n",
    ),
    (
        "lenke-klikk-her",
        "[Klikk her](https://example.no/) for å lese.\n",
        "a11y::link-text",
        1,
        "Les [veiledningen for å bytte passord](https://example.no/).\n",
    ),
    (
        "lenke-les-mer",
        "Kort om saken. [Les mer …](https://example.no/sak)\n",
        "a11y::link-text",
        1,
        "Kort om saken. [Les hele saken om nye maskiner](https://example.no/sak)\n",
    ),
    (
        "lenke-adresse",
        "Se <https://www.datatilsynet.no/>.\n",
        "a11y::link-text",
        1,
        "Se [Datatilsynets nettsider](https://www.datatilsynet.no/) eller skriv til [post@example.no](mailto:post@example.no).\n",
    ),
    (
        "lenke-uten-tekst",
        "Tekst [](https://example.no/).\n",
        "a11y::link-text",
        1,
        "Tekst [Eksempelsiden](https://example.no/).\n",
    ),
    (
        "html-tabell",
        "Tabell:\n\n<table>\n<tr><td>Molde</td><td>12</td></tr>\n</table>\n",
        "a11y::table-header",
        3,
        "Tabell:\n\n<table>\n<tr><th scope=\"col\">Kommune</th><th scope=\"col\">Antall</th></tr>\n<tr><td>Molde</td><td>12</td></tr>\n</table>\n",
    ),
    (
        "markdown-tabell-tom-overskrift",
        "Tabell:\n\n|  |  |\n|--|--|\n| Molde | 12 |\n",
        "a11y::table-header",
        3,
        "Tabell:\n\n| Kommune | Antall |\n|--|--|\n| Molde | 12 |\n",
    ),
    (
        "diagram-uten-tittel",
        "Tall:\n\n{{ chart(data=\"saker\", x=\"maned\", y=[\"antall\"]) }}\n",
        "a11y::chart-title",
        3,
        "Tall:\n\n{{ chart(data=\"saker\", x=\"maned\", y=[\"antall\"], title=\"Saker per måned i 2024\") }}\n",
    ),
    (
        // A shortcode changes the text that is rendered: the check still reads the body as
        // written, and names its line.
        "bilde-etter-diagram",
        "Tall:\n\n{{ chart(data=\"saker\", x=\"maned\", y=[\"antall\"], title=\"Saker per måned i 2024\") }}\n\n![](https://example.no/a.png)\n",
        "a11y::image-alt",
        5,
        "Tall:\n\n{{ chart(data=\"saker\", x=\"maned\", y=[\"antall\"], title=\"Saker per måned i 2024\") }}\n\n![Søylediagram over saker per måned](https://example.no/a.png)\n",
    ),
    (
        "lang-setning",
        "Kort setning. Denne setningen er skrevet med altfor mange ord fordi forfatteren ville få med seg alt på en gang uten å tenke på leseren som må holde hele tanken i hodet fra begynnelse til slutt og til slutt gir opp og går videre.\n",
        "klarsprak::long-sentence",
        1,
        "Kort setning. Denne setningen er kortere. Den sier én ting. Leseren følger med.\n",
    ),
    (
        "langt-avsnitt",
        // 16 sentences of 10 words: 160 words in one paragraph.
        "",
        "klarsprak::long-paragraph",
        1,
        "",
    ),
];

fn long_paragraph(paragraphs: usize) -> String {
    let sentence = "Dette er en helt vanlig setning med ti ord her. ";
    let paragraph = sentence.repeat(16 / paragraphs).trim().to_string();
    vec![paragraph; paragraphs].join("\n\n") + "\n"
}

/// The accessibility and plain-language findings about `file`, as (code, line).
fn a11y_codes(items: &[Value], file: &str) -> Vec<(String, u64)> {
    codes_of(items, file)
        .into_iter()
        .filter(|(code, _)| code.starts_with("a11y::") || code.starts_with("klarsprak::"))
        .collect()
}

fn fixture() -> Fixture {
    let f = Fixture::new();
    f.write("data/saker.csv", "maned,antall\njanuar,12\nfebruar,9\n");
    for (name, bad, _, _, good) in CASES {
        let (bad, good) = if *name == "langt-avsnitt" {
            (long_paragraph(1), long_paragraph(2))
        } else {
            (bad.to_string(), good.to_string())
        };
        f.write(&format!("content/feil/{name}.md"), &page(name, "", &bad));
        f.write(&format!("content/riktig/{name}.md"), &page(name, "", &good));
    }
    // `<img src="logo.png">` is a link like any other and must find its file.
    for dir in ["feil", "riktig"] {
        f.write_bytes(&format!("content/{dir}/logo.png"), b"\x89PNG\r\n\x1a\n");
    }
    f
}

#[test]
fn each_check_names_file_line_and_a_fix_and_passes_the_corrected_page() {
    let f = fixture();
    let (code, items) = f.check_json(&[]);
    assert_eq!(code, 0, "warnings do not fail a check: {items:#?}");
    for (name, _, expected, body_line, _) in CASES {
        let bad = format!("content/feil/{name}.md");
        let found = a11y_codes(&items, &bad);
        assert_eq!(
            found,
            vec![(expected.to_string(), (body_line + 7) as u64)],
            "{name}: {items:#?}"
        );
        let item = items.iter().find(|d| d["file"] == bad.as_str()).unwrap();
        assert_eq!(item["severity"], "warning");
        assert!(
            item["help"].as_str().is_some_and(|h| h.len() > 20),
            "{name} has a fix: {item}"
        );
        let good = format!("content/riktig/{name}.md");
        assert_eq!(a11y_codes(&items, &good), vec![], "{name} (corrected)");
    }
}

#[test]
fn strict_turns_the_warnings_into_errors() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        &page("A", "", "Les [her](https://example.no/)."),
    );
    f.run(&["check"]).assert_ok();
    let run = f.run(&["check", "--strict"]);
    run.assert_fails(1)
        .assert_stderr(&["content/a.md:8:5", "lenketeksten «her»", "--strict"]);
    let (code, items) = f.check_json(&["--strict"]);
    assert_eq!(code, 1);
    assert!(
        items
            .iter()
            .any(|d| d["code"] == "a11y::link-text" && d["severity"] == "error")
    );
}

#[test]
fn strict_passes_a_site_without_warnings() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        &page("A", "", "Les [veiledningen](https://example.no/)."),
    );
    f.run(&["check", "--strict"]).assert_ok();
}

#[test]
fn limits_come_from_site_yaml() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        "title: T\nbase_url: https://test.example/\nchecks:\n  max_sentence_words: 5\n  max_paragraph_words: 8\n",
    );
    f.write(
        "content/a.md",
        &page(
            "A",
            "",
            "Seks ord er for mange her.\n\nFem ord er nok nå. Fem ord igjen, helt greit.",
        ),
    );
    let (_, items) = f.check_json(&[]);
    assert_eq!(
        a11y_codes(&items, "content/a.md"),
        vec![
            ("klarsprak::long-sentence".to_string(), 8),
            ("klarsprak::long-paragraph".to_string(), 10),
        ]
    );
}

#[test]
fn unknown_check_setting_is_an_error_with_a_hint() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        "title: T\nbase_url: https://test.example/\nchecks:\n  max_sentence_word: 5\n",
    );
    f.run(&["check"])
        .assert_fails(1)
        .assert_stderr(&["site.yaml:4", "max_sentence_words"]);
}

#[test]
fn service_body_may_start_at_level_three() {
    let f = Fixture::new();
    let service = "---\ntitle: Tjeneste\nkind: tjeneste\nupdated: 2024-03-08\nowner: ROR-IKT\nservice_id: T-1\nincluded: [PC]\nnot_included: []\nexpectations: [Svar]\nsupport_hours: 08–15\nprice: Gratis\nroles:\n  tjenesteeier: A\n  tjenesteforvalter: B\n  driftsansvarlig: C\n---\n\n### Detaljer\n\nTekst.\n\n##### For dypt\n";
    f.write("content/t.md", service);
    let (_, items) = f.check_json(&[]);
    assert_eq!(
        a11y_codes(&items, "content/t.md"),
        vec![("a11y::heading-skip".to_string(), 22)]
    );
}
