//! Reports and data shortcodes: real numbers from the content, CSV columns, GDPR Art. 30
//! completeness, SVG charts, and internal reports only in the internal build.

use crate::common;
use common::{Fixture, page};

/// A requirement document, two processing records (one complete, one with gaps), a page
/// overdue for review and a page with a chart and a table of data/sla.yaml.
fn site() -> Fixture {
    Fixture::site("reports")
}

const TODAY: (&str, &str) = ("KOMPETANSE_TODAY", "2025-01-15");

#[test]
fn requirement_matrix_page_and_csv_columns() {
    let f = site();
    f.run_with_env(&["build"], &[TODAY]).assert_ok();
    let rows = f.read_csv("rapporter/kravmatrise/kravmatrise.csv");
    assert!(rows.iter().all(|row| row.len() == 12), "{rows:?}");
    assert_eq!(rows[1][8], "Kabling skal være Cat 6A; alle uttak merkes.");
    let lines: Vec<String> = rows.iter().map(|row| row.join(";")).collect();
    assert_eq!(
        lines,
        [
            "Dokument-ID;Dokument;Versjon;Status;Eksempel;Krav-ID;Kategori;Nivå;Kravtekst;Sist endret;Oppfylt (ja/nei/delvis);Leverandørens kommentar",
            "KRAV-TEST;Nettkrav;1.2;Gjeldende;nei;NETT-001;Kabling;Skal;Kabling skal være Cat 6A; alle uttak merkes.;;;",
            "KRAV-TEST;Nettkrav;1.2;Gjeldende;nei;NETT-002;Tekniske rom;Bør;Rommet bør ha kjøling.;;;",
        ]
    );
    let html = f.read_output("rapporter/kravmatrise/index.html");
    assert!(
        html.contains("href=\"../../krav/nett/index.html#NETT-001\""),
        "{html}"
    );
    assert!(html.contains("href=\"kravmatrise.csv\""));
}

#[test]
fn processing_record_report_checks_article_30_and_finds_problems() {
    let f = site();
    f.run_with_env(&["build"], &[TODAY]).assert_ok();
    let html = f.read_output("rapporter/behandlingsprotokoller/index.html");
    assert!(
        html.contains("2 protokoller, hvorav 1 er komplette"),
        "{html}"
    );
    assert!(
        html.contains("f (Frister for sletting)"),
        "placeholder retention is not complete"
    );
    assert!(
        html.contains("Leverandør AS i <a href=\"../../behandlinger/b/index.html\">BP-2"),
        "missing agreement"
    );
    assert!(
        html.contains("skulle vært revidert innen <time datetime=\"2024-06-01\">"),
        "overdue review"
    );
    assert!(html.contains("<a href=\"../../behandlinger/a/index.html\">BP-1</a> og <a href=\"../../behandlinger/b/index.html\">BP-2</a>"), "merge candidates");
    assert!(
        html.contains("<th scope=\"row\">Molde</th><td class=\"num\">2</td>"),
        "count per municipality and area"
    );
    let csv = f.read_output("rapporter/behandlingsprotokoller/behandlingsprotokoller.csv");
    assert!(
        csv.contains(
            "BP-2;Protokoll BP-2;Molde kommune;nei (mangler f);Pågår;2024-06-01;Leverandør AS"
        ),
        "{csv}"
    );
}

#[test]
fn content_health_lists_overdue_pages_and_owners() {
    let f = site();
    f.run_with_env(&["build"], &[TODAY]).assert_ok();
    let html = f.read_output("rapporter/innholdsstatus/index.html");
    assert!(html.contains("Skulle vært revidert (2)"), "{html}");
    assert!(html.contains("<a href=\"../../gammel/index.html\">Gammel side</a>"));
    assert!(html.contains("<td>ROR-IKT Kundeservice</td><td class=\"num\">2</td>"));
}

#[test]
fn chart_shortcode_renders_svg_with_text_alternative() {
    let f = site();
    f.build().assert_ok();
    let html = f.read_output("tall/index.html");
    assert!(
        html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\""),
        "{html}"
    );
    assert!(html.contains("Søylediagram over Løst innen fristen og Brudd for hver måned. januar: Løst innen fristen 445, Brudd 55; februar: Løst innen fristen 332, Brudd 48."));
    assert_eq!(html.matches("<rect ").count(), 4);
    assert!(html.contains("<caption>SLA per måned</caption>"));
    assert!(!html.contains("{{ chart"), "shortcode replaced");
    let index = f.read_output("rapporter/index.html");
    assert!(
        index.contains("Nøkkeltall"),
        "pages tagged rapport are listed"
    );
}

#[test]
fn broken_shortcode_is_an_error_with_line() {
    let f = Fixture::new();
    f.write("data/sla.yaml", "- {maned: januar, ok: 1}\n");
    f.write(
        "content/a.md",
        &page("A", "", "Tekst.\n\n{{ table(data=\"sal\") }}"),
    );
    f.run(&["check"]).assert_fails(1).assert_stderr(&[
        "content/a.md:10",
        "fant ingen datafil «sal»",
        "mente du «sla»?",
    ]);
}

#[test]
fn internal_reports_stay_out_of_the_public_build() {
    let f = site();
    f.run(&["build", "--target", "public"]).assert_ok();
    assert!(f.output_exists("rapporter/kravmatrise/index.html"));
    assert!(f.output_exists("rapporter/tjenesteoversikt/tjenesteoversikt.csv"));
    for internal in [
        "rapporter/behandlingsprotokoller",
        "rapporter/innholdsstatus",
        "rapporter/beredskapsperm",
    ] {
        assert!(!f.output_exists(internal), "{internal} in the public build");
    }
    assert!(
        !f.read_output("rapporter/index.html")
            .contains("Innholdsstatus")
    );
}
