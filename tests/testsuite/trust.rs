//! Content people can trust (issue 14): sources, pages and sections marked as examples,
//! owners from `site.yaml`, overdue reviews, contacts with unknown numbers, plans without a
//! known version or approval, edit links, and Git dates that ignore bookkeeping commits.

use crate::common;
use common::{Fixture, page};

const SITE: &str = "title: Testportalen\nbase_url: https://test.example/\nlanguage: nb\nminify: false\npublisher: ROR-IKT\n";

fn with_site(extra: &str) -> Fixture {
    let f = Fixture::new();
    f.write("site.yaml", &format!("{SITE}{extra}"));
    f
}

#[test]
fn sources_and_example_are_accepted_on_every_kind() {
    let f = Fixture::new();
    let fields = "example: true\nsources:\n  - title: Sakspapirer Samarbeidsrådet\n    url: https://example.no/sak.pdf\n    date: 2024-12-12\n    note: sak 12/24\n  - title: Bare en tittel\n";
    f.write("content/a.md", &page("Artikkel", fields, "Tekst."));
    f.write(
        "content/n.md",
        &format!(
            "---\ntitle: Nyhet\nkind: nyhet\ndate: 2024-03-08\nowner: ROR-IKT\n{fields}---\n\nTekst.\n"
        ),
    );
    f.write(
        "content/begreper/dpia.md",
        &page(
            "DPIA",
            &format!("kind: begrep\nterm: DPIA\n{fields}"),
            "Vurdering.",
        ),
    );
    f.run(&["check"]).assert_ok();
}

#[test]
fn bad_sources_are_errors_with_a_hint() {
    // (front matter after the common fields, expected message parts)
    let cases: &[(&str, &[&str])] = &[
        (
            "sources:\n  - titel: Sakspapirer\n",
            &["content/a.md:7", "ukjent felt `titel`", "mente du `title`?"],
        ),
        (
            "sources:\n  - title: Sakspapirer\n    dato: 2024-12-12\n",
            &["content/a.md:8", "ukjent felt `dato`", "mente du `date`?"],
        ),
        (
            "sources:\n  - url: https://example.no/\n",
            &["content/a.md", "mangler påkrevd felt `title`"],
        ),
        (
            "sources:\n  - title: Sakspapirer\n    date: 12.12.2024\n",
            &["content/a.md:8", "ugyldig dato"],
        ),
        ("example: ja\n", &["content/a.md:6", "feil type"]),
        (
            "exampel: true\n",
            &["content/a.md:6", "mente du `example`?"],
        ),
        (
            "kilder:\n  - title: X\n",
            &["content/a.md:6", "ukjent felt `kilder`"],
        ),
    ];
    for (fields, needles) in cases {
        let f = Fixture::new();
        f.write("content/a.md", &page("Side", fields, "Tekst."));
        f.run(&["check"]).assert_case(fields, 1, needles);
    }
}

#[test]
fn owner_must_be_listed_when_owners_is_set() {
    let f = with_site("owners:\n  - ROR-IKT Kundeservice\n  - ROR-IKT Drift\n");
    f.write("content/a.md", &page("Riktig eier", "", "Tekst."));
    f.run(&["check"]).assert_ok();
    f.write(
        "content/b.md",
        "---\ntitle: Feil eier\nupdated: 2024-03-08\nowner: ROR-IKT Kundesevice\n---\n\nTekst.\n",
    );
    f.write(
        "content/c.md",
        "---\ntitle: Ukjent eier\nupdated: 2024-03-08\nowner: Teknisk etat\n---\n\nTekst.\n",
    );
    f.write(
        "content/seksjon/_index.md",
        "---\ntitle: Seksjon\nowner: Ingen slik enhet\n---\n",
    );
    f.run(&["check"]).assert_fails(1).assert_stderr(&[
        "content/b.md:4",
        "«ROR-IKT Kundesevice» er ikke en av enhetene",
        "mente du «ROR-IKT Kundeservice»?",
        "content/c.md:4",
        "«ROR-IKT Drift»",
        "content/seksjon/_index.md:3",
    ]);
}

#[test]
fn any_owner_is_accepted_without_owners() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitle: Eier\nupdated: 2024-03-08\nowner: Hvem som helst\n---\n\nTekst.\n",
    );
    f.run(&["check"]).assert_ok();
}

#[test]
fn editor_settings_are_accepted_in_site_yaml() {
    let f = with_site(
        "owners: [ROR-IKT Kundeservice]\npublish_examples: false\nedit_url: https://git.example.no/p/-/edit/main/{path}\n",
    );
    f.write("content/a.md", &page("Side", "", "Tekst."));
    f.run(&["check"]).assert_ok();
}

#[test]
fn contacts_may_lack_name_and_phone() {
    let f = Fixture::new();
    f.write(
        "content/plan.md",
        "---\ntitle: Plan\nkind: beredskapsplan\nupdated: 2024-03-08\nreview_by: 2030-01-01\nowner: ROR-IKT\nplan_id: P-1\nversion: 1\napproved_by: Rådet\napproved: 2024-01-01\nlevels: []\ncontacts:\n  - role: IKT-leder\n---\n\nTekst.\n",
    );
    f.run(&["check"]).assert_ok();
}

/// Front matter for a minimal valid page of each kind, after the common fields.
const KINDS: [(&str, &str); 7] = [
    ("artikkel", "kind: artikkel\n"),
    ("nyhet", "kind: nyhet\ndate: 2024-03-08\n"),
    (
        "tjeneste",
        "kind: tjeneste\nservice_id: T-{n}\nincluded: [Drift]\nnot_included: []\nexpectations: [Svar]\nsupport_hours: man–fre 08.00–15.30\nprice: Inkludert\nroles: {tjenesteeier: A, tjenesteforvalter: B, driftsansvarlig: C}\n",
    ),
    (
        "krav",
        "kind: krav\ndocument_id: KRAV-{n}\nversion: 1\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements:\n  - id: K{n}-001\n    category: Kabling\n    level: skal\n    text: Kravtekst {n}.\n",
    ),
    (
        "beredskapsplan",
        "kind: beredskapsplan\naccess: internal\nreview_by: 2099-01-01\nplan_id: P-{n}\nversion: 1\napproved_by: Rådet\napproved: 2024-01-01\nlevels: []\n",
    ),
    (
        "behandling",
        "kind: behandling\naccess: internal\nreview_by: 2099-01-01\nrecord_id: B-{n}\ncontroller: Molde kommune\ncontact: Personvernombudet\npurpose: Formål {n}\nlegal_basis: [GDPR art. 6 nr. 1 bokstav e]\ndata_subjects: [Ansatte]\npersonal_data: [Navn]\nrecipients: []\nthird_country: []\nretention: Ett år\nsecurity: [Tilgangsstyring]\ndpia: {status: pagar}\n",
    ),
    ("begrep", "kind: begrep\nterm: Begrep{n}\n"),
];

/// A page of `kind` with the common fields (internal unless the kind's fields say otherwise).
fn kind_page(kind: &str, n: &str, title: &str, extra: &str, body: &str) -> String {
    let fields = KINDS.iter().find(|(k, _)| *k == kind).unwrap().1;
    let fields = fields.replace("{n}", n);
    let updated = if kind == "nyhet" {
        ""
    } else {
        "updated: 2024-03-08\n"
    };
    format!(
        "---\ntitle: \"{title}\"\n{updated}owner: ROR-IKT Kundeservice\n{fields}{extra}---\n\n{body}\n"
    )
}

#[test]
fn sources_are_shown_as_kilder_on_every_kind() {
    let f = Fixture::new();
    let sources = "sources:\n  - title: Sakspapirer Samarbeidsrådet\n    url: https://example.no/sak.pdf\n    date: 2024-12-12\n    note: Sak 12/24, vedlegg 2\n  - title: Rapport uten lenke\n";
    for (kind, _) in KINDS {
        f.write(
            &format!("content/{kind}.md"),
            &kind_page(kind, "1", &format!("Side {kind}"), sources, "Tekst."),
        );
    }
    f.build().assert_ok();
    for (kind, _) in KINDS {
        let html = f.read_output(&format!("{kind}/index.html"));
        assert!(
            html.contains("<h2 id=\"kilder\">Kilder</h2>"),
            "{kind}: {html}"
        );
        assert!(
            html.contains("<a href=\"https://example.no/sak.pdf\">Sakspapirer Samarbeidsrådet</a>, <time datetime=\"2024-12-12\">12. desember 2024</time>. Sak 12/24, vedlegg 2</li>"),
            "{kind}: {html}"
        );
        assert!(html.contains("<li>Rapport uten lenke</li>"), "{kind}");
        // «Kilder» comes after the page's own content.
        assert!(
            html.find("Tekst.").unwrap() < html.find("id=\"kilder\"").unwrap(),
            "{kind}"
        );
    }
    f.write("content/uten.md", &page("Uten kilder", "", "Tekst."));
    f.build().assert_ok();
    assert!(!f.read_output("uten/index.html").contains("Kilder"));
}

const EXAMPLE_MARKER: &str = "eksempelmarkor";

/// A public site with an example page of every public kind, each carrying the marker.
fn example_site(extra_site: &str) -> Fixture {
    let f = with_site(extra_site);
    for (kind, dir) in [
        ("artikkel", "selvhjelp"),
        ("nyhet", "nytt"),
        ("tjeneste", "tjenester"),
        ("krav", "krav"),
        ("begrep", "begreper"),
    ] {
        f.write(
            &format!("content/{dir}/_index.md"),
            &format!("---\ntitle: Seksjon {dir}\naccess: public\npage_kind: {kind}\n---\n"),
        );
        f.write(
            &format!("content/{dir}/ekte.md"),
            &kind_page(
                kind,
                "1",
                &format!("Ekte {kind}"),
                "access: public\ntags: [felles]\n",
                "Bekreftet innhold.",
            ),
        );
        f.write(
            &format!("content/{dir}/eksempel.md"),
            &kind_page(
                kind,
                "9",
                &format!("Eksempelmarkor {kind}"),
                // One alias per page: the same alias on two pages is an error.
                &format!(
                    "access: public\nexample: true\ntags: [felles, eksempelmarkortagg]\ndescription: eksempelmarkor-sammendrag\naliases: [/eksempelmarkor-alias-{kind}/]\n"
                ),
                "Tekst med eksempelmarkor-brodtekst.",
            ),
        );
    }
    f
}

#[test]
fn example_pages_stay_out_of_the_public_build() {
    let f = example_site("");
    f.run(&["build", "--target", "public"]).assert_ok();
    let files = f.output_files("public");
    assert!(files.len() > 20, "the public build has content");
    for (path, bytes) in &files {
        assert!(
            !path.to_lowercase().contains(EXAMPLE_MARKER) && !path.contains("eksempel/"),
            "example page written to public/{path}"
        );
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        assert!(
            !text.contains(EXAMPLE_MARKER),
            "example content leaked into public/{path}"
        );
        // The ids of the example service and requirement document are no marker words.
        for id in ["T-9", "KRAV-9", "K9-001", "Begrep9"] {
            assert!(
                !text.contains(&id.to_lowercase()),
                "{id} leaked into public/{path}"
            );
        }
    }
    assert!(
        f.read_output("selvhjelp/ekte/index.html")
            .contains("Bekreftet innhold.")
    );
    let csv = f.read_output("rapporter/kravmatrise/kravmatrise.csv");
    assert!(csv.contains("KRAV-1;"), "{csv}");
}

#[test]
fn a_public_page_linking_to_an_example_fails_the_public_build() {
    let f = example_site("");
    f.write(
        "content/selvhjelp/lenker.md",
        &page("Lenker", "", "Se [eksempelet](eksempel.md)."),
    );
    f.run(&["build", "--target", "public"])
        .assert_fails(1)
        .assert_stderr(&["content/selvhjelp/lenker.md", "example: true"]);
    f.build().assert_ok();
}

#[test]
fn examples_are_marked_wherever_they_are_shown() {
    let f = example_site("");
    f.build().assert_ok();
    const BANNER: &str = "Eksempel – innholdet er ikke bekreftet av";
    const MARK: &str = "<span class=\"example-mark\">Eksempel</span>";
    for dir in ["selvhjelp", "nytt", "tjenester", "krav", "begreper"] {
        let page = f.read_output(&format!("{dir}/eksempel/index.html"));
        assert!(page.contains(BANNER), "{dir}: {page}");
        assert!(
            page.contains("role=\"note\""),
            "{dir}: the banner is a note"
        );
        let real = f.read_output(&format!("{dir}/ekte/index.html"));
        assert!(!real.contains(BANNER), "{dir}: a real page has no banner");
        let list = f.read_output(&format!("{dir}/index.html"));
        assert_eq!(list.matches(MARK).count(), 1, "{dir} list: {list}");
    }
    let term = f.read_output("emneord/felles/index.html");
    assert_eq!(term.matches(MARK).count(), 5, "{term}");
    let az = f.read_output("sok/index.html");
    assert_eq!(az.matches(MARK).count(), 5, "{az}");
    let home = f.read_output("index.html");
    assert!(
        home.contains(&format!("Eksempelmarkor nyhet</a> {MARK}")),
        "{home}"
    );

    // Search: only example entries carry the flag the result renderer shows.
    let meta = f.read_output("search/meta.js");
    let json = meta
        .trim()
        .strip_prefix("__kSearch.meta(")
        .and_then(|m| m.strip_suffix(");"))
        .unwrap();
    let meta: serde_json::Value = serde_json::from_str(json).unwrap();
    let docs = meta["docs"].as_array().unwrap();
    let kinds = meta["kinds"].as_array().unwrap();
    let kind = |doc: &serde_json::Value| kinds[doc[2].as_u64().unwrap() as usize][0].clone();
    // Requirements of an example requirement document are examples too.
    let requirements: Vec<&serde_json::Value> =
        docs.iter().filter(|d| kind(d) == "kravpunkt").collect();
    assert!(!requirements.is_empty());
    for doc in &requirements {
        let of_example = doc[1].as_str().unwrap().starts_with("krav/eksempel/#");
        assert_eq!(
            doc.get(4) == Some(&serde_json::json!(1)),
            of_example,
            "{doc}"
        );
    }
    let pages: Vec<&serde_json::Value> = docs
        .iter()
        .filter(|d| !["kravpunkt", "seksjon", "rapport"].contains(&kind(d).as_str().unwrap()))
        .collect();
    assert_eq!(pages.len(), 10);
    for doc in pages {
        let is_example = doc[0].as_str().unwrap().starts_with("Eksempelmarkor");
        assert_eq!(
            doc.get(4) == Some(&serde_json::json!(1)),
            is_example,
            "{doc}"
        );
    }
    let js = f.read_output("js/search.js");
    assert!(js.contains("if (entry[4])") && js.contains("uiText('example')"));
    // The script's word for it comes from the page, in the site's language.
    assert!(
        f.read_output("sok/index.html")
            .contains("\"example\":\"Eksempel\"")
    );

    // Reports: the requirement matrix and its CSV say status and example.
    let csv = f.read_output("rapporter/kravmatrise/kravmatrise.csv");
    assert!(
        csv.contains("KRAV-1;Ekte krav;1;Gjeldende;nei;K1-001;"),
        "{csv}"
    );
    assert!(
        csv.contains("KRAV-9;Eksempelmarkor krav;1;Gjeldende;ja;K9-001;"),
        "{csv}"
    );
    let matrix = f.read_output("rapporter/kravmatrise/index.html");
    assert!(matrix.contains("<th scope=\"col\">Status</th><th scope=\"col\">Eksempel</th>"));
    assert_eq!(matrix.matches(MARK).count(), 1, "{matrix}");
    let services = f.read_output("rapporter/tjenesteoversikt/index.html");
    assert_eq!(services.matches(MARK).count(), 1, "{services}");
    let services_csv = f.read_output("rapporter/tjenesteoversikt/tjenesteoversikt.csv");
    assert!(services_csv.lines().next().unwrap().ends_with(";Eksempel"));
    assert!(
        services_csv.contains("T-9;Eksempelmarkor tjeneste;") && services_csv.contains(";ja\r\n")
    );
    let health = f.read_output("rapporter/innholdsstatus/index.html");
    assert!(health.contains("Eksempelsider (5)"), "{health}");
}

#[test]
fn publish_examples_puts_them_in_the_public_build_still_marked() {
    let f = example_site("publish_examples: true\n");
    f.run(&["build", "--target", "public"]).assert_ok();
    let page = f.read_output("krav/eksempel/index.html");
    assert!(page.contains("Eksempel – innholdet er ikke bekreftet av"));
    let csv = f.read_output("rapporter/kravmatrise/kravmatrise.csv");
    assert!(
        csv.contains("KRAV-9;Eksempelmarkor krav;1;Gjeldende;ja;"),
        "{csv}"
    );
    assert!(f.read_output("sitemap.xml").contains("krav/eksempel/"));
}

const TODAY: (&str, &str) = ("KOMPETANSE_TODAY", "2025-01-15");

#[test]
fn an_overdue_review_is_a_warning_a_notice_and_listed_per_owner() {
    let f = Fixture::new();
    let page_with = |title: &str, owner: &str, review_by: &str| {
        format!(
            "---\ntitle: {title}\nupdated: 2024-01-01\nowner: {owner}\naccess: public\nreview_by: {review_by}\n---\n\nTekst.\n"
        )
    };
    f.write(
        "content/a.md",
        &page_with("Forfalt A", "ROR-IKT Drift", "2024-12-12"),
    );
    f.write(
        "content/b.md",
        &page_with("Forfalt B", "ROR-IKT Kundeservice", "2025-01-14"),
    );
    f.write(
        "content/c.md",
        &page_with("Forfalt C", "ROR-IKT Drift", "2023-05-01"),
    );
    f.write(
        "content/d.md",
        &page_with("I tide", "ROR-IKT Drift", "2025-01-15"),
    );
    let run = f.run_with_env(&["check"], &[TODAY]);
    run.assert_ok().assert_stderr(&[
        "content/a.md:6",
        "skulle vært gjennomgått innen 12. desember 2024",
        "content/b.md:6",
        "content/c.md:6",
    ]);
    assert!(!run.stderr.contains("content/d.md"), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("review::overdue").count(),
        3,
        "{}",
        run.stderr
    );

    f.run_with_env(&["build"], &[TODAY]).assert_ok();
    let a = f.read_output("a/index.html");
    assert!(
        a.contains("Denne siden skulle vært gjennomgått innen <time datetime=\"2024-12-12\">12. desember 2024</time>."),
        "{a}"
    );
    assert!(
        !f.read_output("d/index.html")
            .contains("skulle vært gjennomgått")
    );

    let report = f.read_output("rapporter/innholdsstatus/index.html");
    assert!(report.contains("Skulle vært revidert (3)"), "{report}");
    let drift = report.find("<h3 id=\"revisjon-ror-ikt-drift\">ROR-IKT Drift (2)</h3>");
    let service =
        report.find("<h3 id=\"revisjon-ror-ikt-kundeservice\">ROR-IKT Kundeservice (1)</h3>");
    let (Some(drift), Some(service)) = (drift, service) else {
        panic!("{report}");
    };
    // Each owner's table holds its own pages only.
    let drift_part = &report[drift..service];
    assert!(drift_part.contains("Forfalt A") && drift_part.contains("Forfalt C"));
    assert!(!drift_part.contains("Forfalt B") && !drift_part.contains("I tide</a>"));
    let end = report[service..].find("id=\"eksempler\"").unwrap() + service;
    assert!(report[service..end].contains("Forfalt B"));
}

#[test]
fn contacts_without_name_or_phone_show_mangler_and_warn() {
    let f = Fixture::new();
    f.write(
        "content/plan.md",
        "---\ntitle: Plan\nkind: beredskapsplan\nupdated: 2024-03-08\nreview_by: 2099-01-01\nowner: ROR-IKT\nplan_id: P-1\nversion: 1\napproved_by: Rådet\napproved: 2024-01-01\nlevels: []\ncontacts:\n  - role: Beredskapsleder\n    name: Kari Nordmann\n    phone: 111 22 333\n  - role: IKT-leder\n    name: Ola Nordmann\n  - role: Kommunedirektør\n---\n\nTekst.\n",
    );
    let run = f.run(&["check"]);
    run.assert_ok().assert_stderr(&[
        "content/plan.md:16",
        "mangler `phone` for «IKT-leder»",
        "content/plan.md:18",
        "mangler `name` og `phone` for «Kommunedirektør»",
    ]);
    assert!(!run.stderr.contains("Beredskapsleder"), "{}", run.stderr);
    f.build().assert_ok();
    let html = f.read_output("plan/index.html");
    assert!(
        html.contains("<td>Kari Nordmann</td><td><a href=\"tel:11122333\">111 22 333</a></td>"),
        "{html}"
    );
    assert!(
        html.contains("<td>Ola Nordmann</td><td><span class=\"missing\">mangler</span></td>"),
        "{html}"
    );
    assert!(html.contains("<td>Kommunedirektør</td><td><span class=\"missing\">mangler</span></td><td><span class=\"missing\">mangler</span></td>"), "{html}");
    assert_eq!(html.matches("href=\"tel:").count(), 1, "{html}");
    let binder = f.read_output("rapporter/beredskapsperm/index.html");
    assert_eq!(
        binder
            .matches("<span class=\"missing\">mangler</span>")
            .count(),
        3,
        "{binder}"
    );
}

#[test]
fn edit_links_point_at_the_source_file_when_edit_url_is_set() {
    let f = with_site("edit_url: https://git.example.no/ror-ikt/portal/-/edit/main/{path}\n");
    f.write(
        "content/selvhjelp/_index.md",
        "---\ntitle: Selvhjelp\naccess: public\n---\n",
    );
    f.write("content/selvhjelp/x.md", &page("X", "", "Tekst."));
    f.write(
        "content/selvhjelp/bunt/index.md",
        &page("Bunt", "", "Tekst."),
    );
    f.build().assert_ok();
    let link = |path: &str| {
        format!(
            "<a href=\"https://git.example.no/ror-ikt/portal/-/edit/main/{path}\">Rediger denne siden</a>"
        )
    };
    for (output, source) in [
        ("selvhjelp/x/index.html", "content/selvhjelp/x.md"),
        (
            "selvhjelp/bunt/index.html",
            "content/selvhjelp/bunt/index.md",
        ),
        ("selvhjelp/index.html", "content/selvhjelp/_index.md"),
        ("index.html", "content/_index.md"),
    ] {
        let html = f.read_output(output);
        assert!(html.contains(&link(source)), "{output}: {html}");
    }

    let plain = Fixture::new();
    plain.write("content/selvhjelp/x.md", &page("X", "", "Tekst."));
    plain.build().assert_ok();
    for output in ["selvhjelp/x/index.html", "index.html"] {
        assert!(
            !plain.read_output(output).contains("Rediger denne siden"),
            "{output}"
        );
    }
}

const SECTION_SOURCES: &str = "sources:\n  - title: Møtedokumenter, Samarbeidsrådet\n    url: https://example.no/sak.pdf\n    date: 2024-12-12\n    note: Sak 12/24\n  - title: Årsrapport 2020\n";

#[test]
fn a_section_with_sources_shows_kilder() {
    let f = Fixture::new();
    f.write(
        "content/_index.md",
        &format!("---\ntitle: Testportalen\naccess: public\n{SECTION_SOURCES}---\n\nVelkommen.\n"),
    );
    for (dir, kind) in [("selvhjelp", "artikkel"), ("nytt", "nyhet")] {
        f.write(
            &format!("content/{dir}/_index.md"),
            &format!(
                "---\ntitle: Seksjon {dir}\naccess: public\npage_kind: {kind}\n{SECTION_SOURCES}---\n\nSeksjonstekst.\n"
            ),
        );
    }
    f.write(
        "content/uten/_index.md",
        "---\ntitle: Uten\naccess: public\n---\n\nTekst.\n",
    );
    f.build().assert_ok();
    for output in ["index.html", "selvhjelp/index.html", "nytt/index.html"] {
        let html = f.read_output(output);
        assert!(
            html.contains("<h2 id=\"kilder\">Kilder</h2>"),
            "{output}: {html}"
        );
        assert!(
            html.contains("<a href=\"https://example.no/sak.pdf\">Møtedokumenter, Samarbeidsrådet</a>, <time datetime=\"2024-12-12\">12. desember 2024</time>. Sak 12/24</li>"),
            "{output}: {html}"
        );
        assert!(html.contains("<li>Årsrapport 2020</li>"), "{output}");
        assert!(!html.contains("ikke bekreftet av"), "{output}: no banner");
    }
    assert!(!f.read_output("uten/index.html").contains("Kilder"));
}

#[test]
fn bad_section_sources_are_errors_with_file_and_line() {
    // (front matter after `title` on line 2, expected message parts)
    let cases: &[(&str, &[&str])] = &[
        (
            "sources:\n  - titel: Sakspapirer\n",
            &[
                "content/s/_index.md:4",
                "ukjent felt `titel`",
                "mente du `title`?",
            ],
        ),
        (
            "sources:\n  - title: Sakspapirer\n    date: 12.12.2024\n",
            &["content/s/_index.md:5", "ugyldig dato"],
        ),
        (
            "sources:\n  - url: https://example.no/\n",
            &["content/s/_index.md", "mangler påkrevd felt `title`"],
        ),
        ("example: ja\n", &["content/s/_index.md:3", "feil type"]),
        (
            "exampel: true\n",
            &["content/s/_index.md:3", "mente du `example`?"],
        ),
    ];
    for (fields, needles) in cases {
        let f = Fixture::new();
        f.write(
            "content/s/_index.md",
            &format!("---\ntitle: Seksjon\n{fields}---\n\nTekst.\n"),
        );
        let run = f.run(&["check"]);
        assert_eq!(run.code, 1, "{fields}: {}", run.stderr);
        for needle in *needles {
            assert!(
                run.stderr.contains(needle),
                "{fields}: stderr lacks {needle:?}:\n{}",
                run.stderr
            );
        }
    }
}

/// A public site with a section whose own text is an example, holding one confirmed page.
fn example_section_site(extra_site: &str) -> Fixture {
    let f = with_site(extra_site);
    f.write(
        "content/eksempelseksjon/_index.md",
        "---\ntitle: Eksempelmarkor seksjon\naccess: public\nexample: true\ndescription: eksempelmarkor-sammendrag\naliases: [/eksempelmarkor-alias/]\n---\n\nTekst med eksempelmarkor-seksjonstekst.\n",
    );
    f.write(
        "content/eksempelseksjon/ekte.md",
        &page("Ekte side", "", "Bekreftet innhold."),
    );
    f.write(
        "content/annen/_index.md",
        "---\ntitle: Annen seksjon\naccess: public\n---\n\nTekst.\n",
    );
    f
}

#[test]
fn an_example_section_is_marked_and_left_out_of_the_public_build() {
    const BANNER: &str = "Eksempel – innholdet er ikke bekreftet av";
    const MARK: &str = "<span class=\"example-mark\">Eksempel</span>";
    let f = example_section_site("");
    f.build().assert_ok();
    let section = f.read_output("eksempelseksjon/index.html");
    assert!(section.contains(BANNER), "{section}");
    assert!(!f.read_output("annen/index.html").contains(BANNER));
    // The card on the home page is marked; the other section's card is not.
    let home = f.read_output("index.html");
    assert!(
        home.contains(&format!("Eksempelmarkor seksjon</a> {MARK}")),
        "{home}"
    );
    assert_eq!(home.matches(MARK).count(), 1, "{home}");
    // Its pages keep their own flag: the confirmed page has no banner.
    assert!(
        !f.read_output("eksempelseksjon/ekte/index.html")
            .contains(BANNER)
    );
    let health = f.read_output("rapporter/innholdsstatus/index.html");
    assert!(health.contains("Eksempelsider (1)"), "{health}");
    assert!(health.contains("Eksempelmarkor seksjon</a>"), "{health}");

    f.run(&["build", "--target", "public"]).assert_ok();
    assert!(!f.output_exists("eksempelseksjon/index.html"));
    for (path, bytes) in f.output_files("public") {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(
            !text.contains(EXAMPLE_MARKER) && !path.contains(EXAMPLE_MARKER),
            "example section leaked into public/{path}"
        );
    }
    assert!(
        f.read_output("eksempelseksjon/ekte/index.html")
            .contains("Bekreftet innhold.")
    );
    let sitemap = f.read_output("sitemap.xml");
    assert!(!sitemap.contains("/eksempelseksjon/</loc>"), "{sitemap}");
    assert!(
        sitemap.contains("/eksempelseksjon/ekte/</loc>"),
        "{sitemap}"
    );

    // A public page may not link to it in the public build.
    f.write(
        "content/annen/lenker.md",
        &page(
            "Lenker",
            "",
            "Se [seksjonen](../eksempelseksjon/_index.md).",
        ),
    );
    f.run(&["build", "--target", "public"])
        .assert_fails(1)
        .assert_stderr(&["content/annen/lenker.md", "example: true"]);
}

#[test]
fn publish_examples_puts_an_example_section_in_the_public_build_still_marked() {
    let f = example_section_site("publish_examples: true\n");
    f.run(&["build", "--target", "public"]).assert_ok();
    let section = f.read_output("eksempelseksjon/index.html");
    assert!(section.contains("Eksempel – innholdet er ikke bekreftet av"));
    assert!(
        f.read_output("sitemap.xml")
            .contains("/eksempelseksjon/</loc>")
    );
}

#[test]
fn a_plan_without_version_or_approval_shows_mangler_and_is_listed() {
    let f = Fixture::new();
    f.write(
        "content/beredskap/_index.md",
        "---\ntitle: Beredskap\npage_kind: beredskapsplan\n---\n",
    );
    f.write(
        "content/beredskap/uten.md",
        "---\ntitle: Plan uten godkjenning\nkind: beredskapsplan\nupdated: 2024-03-08\nreview_by: 2099-01-01\nowner: ROR-IKT\nplan_id: P-1\nlevels: []\n---\n\nTekst.\n",
    );
    f.write(
        "content/beredskap/delvis.md",
        "---\ntitle: Plan med versjon\nkind: beredskapsplan\nupdated: 2024-03-08\nreview_by: 2099-01-01\nowner: ROR-IKT\nplan_id: P-2\nversion: 2.10\nlevels: []\n---\n\nTekst.\n",
    );
    f.write(
        "content/beredskap/godkjent.md",
        "---\ntitle: Godkjent plan\nkind: beredskapsplan\nupdated: 2024-03-08\nreview_by: 2099-01-01\nowner: ROR-IKT\nplan_id: P-3\nversion: 1\napproved_by: Samarbeidsrådet\napproved: 2024-01-01\nlevels: []\n---\n\nTekst.\n",
    );
    let run = f.run(&["check"]);
    run.assert_ok();
    f.build().assert_ok();
    const MISSING: &str = "<span class=\"missing\">mangler</span>";
    let plan = f.read_output("beredskap/uten/index.html");
    for row in [
        format!("<dt>Versjon</dt><dd>{MISSING}</dd>"),
        format!("<dt>Godkjent av</dt><dd>{MISSING}</dd>"),
        format!("<dt>Godkjent dato</dt><dd>{MISSING}</dd>"),
    ] {
        assert!(plan.contains(&row), "{row}: {plan}");
    }
    let partial = f.read_output("beredskap/delvis/index.html");
    assert!(
        partial.contains("<dt>Versjon</dt><dd>2.10</dd>"),
        "{partial}"
    );
    assert_eq!(partial.matches(MISSING).count(), 2, "{partial}");
    let approved = f.read_output("beredskap/godkjent/index.html");
    assert!(!approved.contains(MISSING), "{approved}");
    assert!(approved.contains("<dt>Godkjent av</dt><dd>Samarbeidsrådet</dd>"));

    let list = f.read_output("beredskap/index.html");
    assert_eq!(list.matches(MISSING).count(), 3, "{list}");

    let binder = f.read_output("rapporter/beredskapsperm/index.html");
    assert_eq!(binder.matches(MISSING).count(), 5, "{binder}");

    let report = f.read_output("rapporter/innholdsstatus/index.html");
    let (Some(start), Some(end)) = (
        report.find("id=\"godkjenning\""),
        report.find("id=\"gamle\""),
    ) else {
        panic!("{report}");
    };
    let health = &report[start..end];
    assert!(
        health.contains("Beredskapsplaner uten versjon eller godkjenning (2)"),
        "{health}"
    );
    assert!(
        health.contains("Plan uten godkjenning</a></td><td>ROR-IKT</td><td>Versjon, Godkjent av, Godkjent dato</td>"),
        "{health}"
    );
    assert!(
        health.contains(
            "Plan med versjon</a></td><td>ROR-IKT</td><td>Godkjent av, Godkjent dato</td>"
        ),
        "{health}"
    );
    assert!(!health.contains("Godkjent plan</a>"), "{health}");
}

fn commit_at(dir: &std::path::Path, message: &str, date: &str) {
    common::git_on_day(dir, &["add", "-A"], date);
    common::git_on_day(dir, &["commit", "-q", "-m", message], date);
}

#[test]
fn citing_sources_or_marking_an_example_is_no_update_for_the_git_date_check() {
    let f = Fixture::new();
    common::git_on_day(f.root(), &["init", "-q"], "2024-01-01");
    let text = |extra: &str, body: &str| {
        format!(
            "---\ntitle: Side\nupdated: 2024-01-01\nowner: ROR-IKT Kundeservice\naccess: public\n{extra}---\n\n{body}\n"
        )
    };
    f.write("content/a.md", &text("", "Tekst."));
    f.write("content/b.md", &text("", "Tekst."));
    commit_at(f.root(), "Første utgave", "2024-01-01");
    // Half a year later: sources, example, owner and review date added, text unchanged.
    let bookkeeping =
        "review_by: 2026-01-01\nexample: true\nsources:\n  - title: Årsrapport 2020\n";
    f.write("content/a.md", &text(bookkeeping, "Tekst."));
    f.write(
        "content/b.md",
        &text(bookkeeping, "Tekst.").replace("Kundeservice", "Drift"),
    );
    commit_at(f.root(), "Kilder", "2024-06-01");
    let run = f.run(&["check"]);
    run.assert_ok();
    assert!(!run.stderr.contains("updated-behind"), "{}", run.stderr);

    // A later change of the text is an update, and a later bookkeeping commit does not hide it.
    f.write("content/a.md", &text(bookkeeping, "Ny tekst."));
    commit_at(f.root(), "Ny tekst", "2024-08-01");
    f.write(
        "content/a.md",
        &text(
            &format!("{bookkeeping}  - title: Møtedokumenter\n"),
            "Ny tekst.",
        ),
    );
    commit_at(f.root(), "Flere kilder", "2024-09-01");
    f.write(
        "content/b.md",
        &text(&format!("{bookkeeping}tags: [passord]\n"), "Tekst.")
            .replace("Kundeservice", "Drift"),
    );
    commit_at(f.root(), "Emneord", "2024-09-02");
    f.run(&["check"]).assert_ok().assert_stderr(&[
        "content/a.md:3",
        "(2024-08-01, commit",
        "«Ny tekst»",
        "content/b.md:3",
        "«Emneord»",
    ]);
}

#[test]
fn the_real_content_checks_without_stale_dates() {
    // The bundled site: every page whose text changed after its `updated` says so.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kompetanse"))
        .current_dir(root)
        .args(["check"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("git::updated-behind"), "{stderr}");
}

#[test]
fn every_real_section_cites_a_source_or_is_an_example_and_no_plan_claims_an_approval() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = kompetanse::load::load(root).unwrap();
    assert!(loaded.sections.len() >= 17);
    for section in &loaded.sections {
        assert!(
            section.meta.example || !section.meta.sources.is_empty(),
            "{} neither cites a source nor is marked `example: true`",
            section.source.rel_path
        );
    }
    // The seeds give neither a version nor an approval for any plan.
    for page in &loaded.pages {
        if let kompetanse::model::KindData::Beredskapsplan(plan) = &page.data {
            assert_eq!(
                (&plan.version, &plan.approved_by, &plan.approved),
                (&None, &None, &None),
                "{}",
                page.source.rel_path
            );
        }
    }
}
