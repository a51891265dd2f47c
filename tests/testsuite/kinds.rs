//! The content kinds: validation of each kind's fields, and what each kind's template shows.

use crate::common;
use common::Fixture;

const SERVICE: &str = "---\ntitle: Testtjeneste\nkind: tjeneste\nupdated: 2024-03-08\nowner: ROR-IKT\naccess: public\nservice_id: T-100\nincluded: [\"PC med **Windows**\"]\nnot_included: []\nexpectations: [Svar innen 3 dager]\nsupport_hours: man–fre 08:00–15:30\nprice: Inkludert i [kundeservice](../_index.md).\nroles:\n  tjenesteeier: Leder ROR-IKT\n  tjenesteforvalter: Fagleder\n  driftsansvarlig: Drift\n---\n\nTjenesten gir deg en PC.\n";

const REQUIREMENTS: &str = "---\ntitle: Nettkrav\nkind: krav\nupdated: 2024-03-08\nowner: ROR-IKT Drift\naccess: public\ndocument_id: KRAV-TEST\nversion: 1.2\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements:\n  - id: NETT-001\n    category: Kabling\n    level: skal\n    text: Kabling skal være **Cat 6A**.\n    rationale: Framtidig kapasitet.\n  - id: NETT-002\n    category: Tekniske rom\n    level: bor\n    text: Rommet bør ha kjøling.\n---\n\nKrav til nett.\n";

const PLAN: &str = "---\ntitle: IKT-beredskap\nkind: beredskapsplan\nupdated: 2024-03-08\nreview_by: 2025-03-08\nowner: ROR-IKT\naccess: internal\nplan_id: BP-1\nversion: 2\napproved_by: Styret\napproved: 2024-02-01\nlevels:\n  - level: 1\n    name: Alvorlig hendelse nivå 1\n    criteria: Flere kommuner uten nett\n    leads: Krisestab\n    actions: [Varsle krisestaben]\ncontacts:\n  - role: Vakthavende\n    name: Ola Vakt\n    phone: +47 400 00 001\n    municipality: molde\naction_cards:\n  - id: TK-01\n    title: Tap av internett\n    trigger: Ingen kommuner når nettet\n    responsible: Driftsleder\n    steps: [Sjekk brannmuren, Ring leverandøren]\n---\n\nPlanen.\n";

const RECORD: &str = "---\ntitle: Elevadministrasjon\nkind: behandling\nupdated: 2024-03-08\nreview_by: 2025-03-08\nowner: Oppvekst\nrecord_id: BP-MOL-1\ncontroller: Molde kommune\ncontact: personvernombud@molde.kommune.no\npurpose: Administrere elever\nlegal_basis: [GDPR art. 6 nr. 1 bokstav e]\ndata_subjects: [Elever]\npersonal_data: [Navn]\nrecipients: []\nthird_country: []\nretention: Slettes etter endt skolegang\nsecurity: [Tilgangsstyring]\nprocessors:\n  - name: Leverandør AS\n    agreement: mangler\ndpia:\n  status: gjennomfort\n  date: 2023-05-01\n---\n\nOm behandlingen.\n";

fn with(files: &[(&str, &str)]) -> Fixture {
    let f = Fixture::new();
    for (path, text) in files {
        f.write(path, text);
    }
    f
}

#[test]
fn service_renders_sections_one_to_eight_with_roles() {
    let f = with(&[("content/tjenester/test.md", SERVICE)]);
    f.build().assert_ok();
    let html = f.read_output("tjenester/test/index.html");
    let headings = [
        "1 Beskrivelse av tjenesten",
        "2 Hva er inkludert",
        "3 Hva er ikke inkludert",
        "4 Hva kan du forvente",
        "5 Hva koster dette?",
        "6 Hvordan kan du bidra til en best mulig ytelse?",
        "7 Trenger du mer informasjon?",
        "8 Roller",
    ];
    let mut last = 0;
    for heading in headings {
        let pos = html
            .find(heading)
            .unwrap_or_else(|| panic!("missing {heading}"));
        assert!(pos > last, "{heading} out of order");
        last = pos;
    }
    assert!(
        html.contains("PC med <strong>Windows</strong>"),
        "Markdown in list fields"
    );
    assert!(html.contains("<th scope=\"row\">Tjenesteeier</th><td>Leder ROR-IKT</td>"));
    assert!(
        html.contains("href=\"../../index.html\""),
        "links in Markdown fields resolve"
    );
}

#[test]
fn requirements_have_permanent_anchors_and_levels_in_words() {
    let f = with(&[("content/krav/nett.md", REQUIREMENTS)]);
    f.build().assert_ok();
    let html = f.read_output("krav/nett/index.html");
    assert!(html.contains("id=\"NETT-001\""), "{html}");
    assert!(html.contains("href=\"#NETT-001\""));
    assert!(html.contains("<span class=\"level-text\">Skal"));
    assert!(html.contains("<span class=\"level-text\">Bør"));
    assert!(html.contains("class=\"level level-skal\""), "marker");
    assert!(
        html.contains("id=\"kategori-tekniske-rom\""),
        "grouped by category"
    );
    assert!(
        html.contains("Versjon</dt><dd>1.2"),
        "unquoted version accepted"
    );
}

#[test]
fn links_to_requirement_ids_are_checked() {
    let f = with(&[
        ("content/krav/nett.md", REQUIREMENTS),
        (
            "content/a.md",
            &common::page(
                "A",
                "",
                "Se [krav](krav/nett.md#NETT-001) og [feil](krav/nett.md#NETT-999).",
            ),
        ),
    ]);
    f.run(&["check"])
        .assert_fails(1)
        .assert_stderr(&["#NETT-999"]);
}

#[test]
fn contingency_plan_shows_levels_cards_and_contacts() {
    let f = with(&[("content/beredskap/ikt.md", PLAN)]);
    f.build().assert_ok();
    let html = f.read_output("beredskap/ikt/index.html");
    assert!(html.contains("Alvorlig hendelse nivå 1"));
    assert!(html.contains("id=\"TK-01\""));
    assert!(html.contains("Ring leverandøren"));
    assert!(
        html.contains("<a href=\"tel:+4740000001\">+47 400 00 001</a>"),
        "{html}"
    );
}

#[test]
fn processing_record_is_a_complete_article_30_table() {
    let f = with(&[("content/behandlinger/elev.md", RECORD)]);
    f.build().assert_ok();
    let html = f.read_output("behandlinger/elev/index.html");
    assert!(
        html.contains("<th scope=\"row\">Kategorier av mottakere</th><td>Ingen</td>"),
        "{html}"
    );
    assert!(html.contains("<th scope=\"row\">Overføring til tredjeland</th><td>Ingen</td>"));
    assert!(html.contains("databehandleravtale mangler"));
    assert!(html.contains("Gjennomført"));
}

#[test]
fn missing_required_kind_fields() {
    let cases = [
        (SERVICE.replace("service_id: T-100\n", ""), "service_id"),
        (REQUIREMENTS.replace("status: gjeldende\n", ""), "status"),
        (PLAN.replace("plan_id: BP-1\n", ""), "plan_id"),
        (RECORD.replace("recipients: []\n", ""), "recipients"),
        (PLAN.replace("review_by: 2025-03-08\n", ""), "review_by"),
    ];
    for (text, field) in cases {
        let f = with(&[("content/x.md", &text)]);
        f.run(&["check"])
            .assert_fails(1)
            .assert_stderr(&["content/x.md:1", &format!("mangler påkrevd felt `{field}`")]);
    }
}

/// 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

#[test]
fn wrong_enum_values_name_line_and_allowed_values() {
    let cases = [
        (
            REQUIREMENTS.replace("level: bor", "level: må"),
            "level: må",
            "skal, bor, kan",
        ),
        (
            REQUIREMENTS.replace("status: gjeldende", "status: aktiv"),
            "status: aktiv",
            "utkast, gjeldende, utgatt",
        ),
        (
            RECORD.replace("status: gjennomfort", "status: ferdig"),
            "status: ferdig",
            "ikke-vurdert",
        ),
        (
            SERVICE.replace("access: public", "access: offentlig"),
            "access: offentlig",
            "public, internal",
        ),
    ];
    for (text, needle, allowed) in cases {
        let f = with(&[("content/x.md", &text)]);
        let location = format!("content/x.md:{}", line_of(&text, needle));
        f.run(&["check"])
            .assert_fails(1)
            .assert_stderr(&[&location, "ugyldig verdi", allowed]);
    }
}

/// Vocabulary values come from site.yaml: the error names the line of the value, the hint
/// lists the site's own values.
#[test]
fn vocabulary_values_are_checked_against_the_site() {
    let cases = [
        (
            SERVICE.replace("access: public", "access: public\narea: tekniks"),
            "area: tekniks",
            vec![
                "vocabularies.areas",
                "mente du `teknisk`?",
                "`oppvekst-og-utdanning`",
            ],
        ),
        (
            SERVICE.replace(
                "access: public",
                "access: public\nmunicipalities:\n  - molde\n  - kristiansund",
            ),
            "  - kristiansund",
            vec!["«kristiansund»", "`molde`, `rauma`, `alle`"],
        ),
        (
            SERVICE.replace("access: public", "access: public\naudience: [Ledere]"),
            "audience:",
            vec!["mente du `ledere`?"],
        ),
    ];
    for (text, needle, expected) in cases {
        let f = with(&[("content/tjenester/x.md", &text)]);
        let location = format!("content/tjenester/x.md:{}", line_of(&text, needle));
        let mut wanted = vec![location.as_str(), "frontmatter::unknown-term"];
        wanted.extend(expected.iter().copied());
        f.run(&["check"]).assert_fails(1).assert_stderr(&wanted);
    }
    // Values of another organisation are fine where the site lists them.
    let f = with(&[(
        "content/tjenester/x.md",
        &SERVICE.replace(
            "access: public",
            "access: public\nmunicipalities: [sunndal]",
        ),
    )]);
    f.write(
        "site.yaml",
        &common::SITE_YAML.replace("molde: Molde", "sunndal: Sunndal"),
    );
    f.run(&["check"]).assert_ok();
    // Without a list in site.yaml the field is not allowed, and the hint shows how to add one.
    f.write("site.yaml", "title: T\nbase_url: https://test.example/\n");
    f.run(&["check"]).assert_fails(1).assert_stderr(&[
        "ingen liste `vocabularies.municipalities`",
        "sunndal: sunndal",
    ]);
}

#[test]
fn ids_must_be_unique_across_the_site() {
    let f = with(&[
        ("content/tjenester/a.md", SERVICE),
        (
            "content/tjenester/b.md",
            &SERVICE.replace("Testtjeneste", "Annen"),
        ),
        ("content/krav/a.md", REQUIREMENTS),
        (
            "content/krav/b.md",
            &REQUIREMENTS
                .replace("KRAV-TEST", "KRAV-ANNEN")
                .replace("NETT-002", "NETT-003"),
        ),
    ]);
    f.run(&["check"]).assert_fails(1).assert_stderr(&[
        "content/tjenester/b.md:7",
        "`service_id` T-100 er allerede brukt i content/tjenester/a.md:7",
        "content/krav/b.md:12",
        "`id` NETT-001 er allerede brukt i content/krav/a.md:12",
    ]);
}

#[test]
fn glossary_terms_are_unique_ignoring_case() {
    let term = |t: &str| {
        format!(
            "---\ntitle: {t}\nkind: begrep\nterm: {t}\nupdated: 2024-01-01\nowner: ROR-IKT\n---\n\nDefinisjon.\n"
        )
    };
    let f = with(&[
        ("content/begreper/a.md", &term("DPIA")),
        ("content/begreper/b.md", &term("dpia")),
    ]);
    f.run(&["check"])
        .assert_fails(1)
        .assert_stderr(&["content/begreper/b.md:4", "`term` dpia er allerede brukt"]);
}

#[test]
fn public_contingency_plan_with_contacts_is_refused() {
    let f = with(&[(
        "content/beredskap/ikt.md",
        &PLAN.replace("access: internal", "access: public"),
    )]);
    f.run(&["check"]).assert_fails(1).assert_stderr(&[
        "content/beredskap/ikt.md:7",
        "varslingsliste",
        "access: internal",
    ]);
}

#[test]
fn listing_pages_per_kind() {
    let f = with(&[
        (
            "content/tjenester/_index.md",
            "---\ntitle: Tjenestekatalog\npage_kind: tjeneste\naccess: public\n---\n",
        ),
        ("content/tjenester/test.md", SERVICE),
        (
            "content/krav/_index.md",
            "---\ntitle: Tekniske krav\npage_kind: krav\naccess: public\n---\n",
        ),
        ("content/krav/nett.md", REQUIREMENTS),
    ]);
    f.build().assert_ok();
    let catalog = f.read_output("tjenester/index.html");
    assert!(catalog.contains("<td>T-100</td>"), "{catalog}");
    assert!(catalog.contains("man–fre 08:00–15:30"));
    assert!(
        catalog.contains("8. mars 2024"),
        "updated shown in Norwegian"
    );
    let krav = f.read_output("krav/index.html");
    assert!(
        krav.contains("<td>KRAV-TEST</td>")
            && krav.contains("<td>1.2</td>")
            && krav.contains("Gjeldende")
    );
}
