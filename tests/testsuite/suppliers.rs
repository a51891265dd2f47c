//! What suppliers get from the requirement documents: the matrix as an Excel workbook to
//! answer in, filters, print and stable requirement anchors.

use crate::common;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::{Fixture, page};
use std::io::{Cursor, Read};

fn krav(title: &str, extra: &str, document_id: &str, requirements: &str) -> String {
    page(
        title,
        &format!(
            "kind: krav\n{extra}document_id: {document_id}\nversion: \"2.0\"\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements:\n{requirements}"
        ),
        "Krav.",
    )
}

/// A public document, an internal one and a public example.
fn site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/krav/nett.md",
        &krav(
            "Nettkrav",
            "",
            "KRAV-NETT",
            "  - id: NETT-001\n    category: Kabling\n    level: skal\n    text: Kabling skal være Cat 6A.\n  - id: NETT-002\n    category: Tekniske rom\n    level: bor\n    text: \"=SUM(1;2) og +47 er tekst, ikke formler.\"\n  - id: NETT-003\n    category: Tekniske rom\n    level: kan\n    text: \"@ved behov kan rommet ha UPS.\"\n",
        ),
    );
    f.write(
        "content/krav/intern.md",
        &krav(
            "Interne krav",
            "access: internal\n",
            "KRAV-INTERN",
            "  - id: INT-001\n    category: Drift\n    level: skal\n    text: Hemmelig internt krav.\n",
        )
        .replace("access: public\n", ""),
    );
    f.write(
        "content/krav/eksempel.md",
        &krav(
            "Eksempelkrav",
            "example: true\n",
            "KRAV-EKS",
            "  - id: EKS-001\n    category: Wifi\n    level: bor\n    text: Eksempelkrav om wifi.\n",
        ),
    );
    f
}

fn workbook(f: &Fixture) -> (Vec<u8>, Xlsx<Cursor<Vec<u8>>>) {
    let bytes = std::fs::read(f.path("public/rapporter/kravmatrise/kravmatrise.xlsx"))
        .expect("kravmatrise.xlsx is written");
    let book = open_workbook_from_rs(Cursor::new(bytes.clone())).expect("a valid .xlsx");
    (bytes, book)
}

/// The XML of one part of the .xlsx package.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn cell(range: &calamine::Range<Data>, row: usize, col: usize) -> String {
    match range.get((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => panic!("({row}, {col}) is not text: {other:?}"),
    }
}

#[test]
fn excel_matrix_has_a_sheet_per_document_and_open_answer_columns() {
    let f = site();
    f.build().assert_ok();
    let (bytes, mut book) = workbook(&f);
    assert_eq!(
        book.sheet_names(),
        ["Alle krav", "KRAV-EKS", "KRAV-INTERN", "KRAV-NETT"]
    );
    let all = book.worksheet_range("Alle krav").unwrap();
    let header: Vec<String> = (0..11).map(|c| cell(&all, 0, c)).collect();
    assert_eq!(
        header,
        [
            "Dokument-ID",
            "Dokument",
            "Versjon",
            "Status",
            "Eksempel",
            "Krav-ID",
            "Kategori",
            "Nivå",
            "Kravtekst",
            "Oppfylt (ja/nei/delvis)",
            "Leverandørens kommentar"
        ]
    );
    assert_eq!(all.height(), 1 + 5);
    let nett = book.worksheet_range("KRAV-NETT").unwrap();
    assert_eq!(nett.height(), 1 + 3);
    let row: Vec<String> = (0..9).map(|c| cell(&nett, 1, c)).collect();
    assert_eq!(
        row,
        [
            "KRAV-NETT",
            "Nettkrav",
            "2.0",
            "Gjeldende",
            "nei",
            "NETT-001",
            "Kabling",
            "Skal",
            "Kabling skal være Cat 6A."
        ]
    );
    // Texts that look like formulas stay text.
    assert_eq!(
        cell(&nett, 2, 8),
        "=SUM(1;2) og +47 er tekst, ikke formler."
    );
    assert_eq!(cell(&nett, 3, 8), "@ved behov kan rommet ha UPS.");
    let formulas = book.worksheet_formula("KRAV-NETT").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell holds a formula"
    );
    let eks = book.worksheet_range("KRAV-EKS").unwrap();
    assert_eq!(cell(&eks, 1, 4), "ja", "example documents are marked");

    // Sheet order in the package follows the workbook: sheet4 is KRAV-NETT.
    let sheet = part(&bytes, "xl/worksheets/sheet4.xml");
    assert!(sheet.contains("state=\"frozen\""), "header row frozen");
    assert!(sheet.contains("<autoFilter ref=\"A1:K4\""), "{sheet}");
    assert!(sheet.contains("<sheetProtection"), "sheet protected");
    assert!(
        sheet.contains("autoFilter=\"0\""),
        "filters usable while protected"
    );
    assert!(
        sheet.contains("type=\"list\"") && sheet.contains("sqref=\"J2:J4\""),
        "drop-down on the answer column: {sheet}"
    );
    assert!(sheet.contains("\"ja,nei,delvis\""), "{sheet}");
    assert!(sheet.contains("<col "), "columns sized");
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("locked=\"0\""), "answer cells unlocked");
    assert!(styles.contains("wrapText=\"1\""), "text wrapped");

    let html = f.read_output("rapporter/kravmatrise/index.html");
    assert!(html.contains("href=\"kravmatrise.xlsx\""), "{html}");
}

#[test]
fn public_excel_matrix_holds_only_public_non_example_requirements() {
    let f = site();
    f.run(&["build", "--target", "public"]).assert_ok();
    let (bytes, mut book) = workbook(&f);
    assert_eq!(book.sheet_names(), ["Alle krav", "KRAV-NETT"]);
    let all = book.worksheet_range("Alle krav").unwrap();
    assert_eq!(all.height(), 1 + 3);
    let ids: Vec<String> = (1..all.height()).map(|r| cell(&all, r, 5)).collect();
    assert_eq!(ids, ["NETT-001", "NETT-002", "NETT-003"]);
    let shared = part(&bytes, "xl/sharedStrings.xml");
    for hidden in ["Hemmelig", "INT-001", "Eksempelkrav", "KRAV-EKS"] {
        assert!(!shared.contains(hidden), "{hidden} in the public workbook");
    }
}

const REMOVED: &str = "removed:\n  - id: NETT-009\n    version: \"2.0\"\n    note: Erstattet av [NETT-001](#NETT-001).\n";

#[test]
fn a_removed_requirement_keeps_its_anchor_with_a_note() {
    let f = site();
    let doc = std::fs::read_to_string(f.path("content/krav/nett.md")).unwrap();
    f.write(
        "content/krav/nett.md",
        &doc.replace("requirements:\n", &format!("{REMOVED}requirements:\n")),
    );
    f.write(
        "content/kontrakt.md",
        &page(
            "Kontrakt",
            "",
            "Kontrakten viser til [NETT-009](krav/nett.md#NETT-009).",
        ),
    );
    f.build().assert_ok();
    let html = f.read_output("krav/nett/index.html");
    let at = html
        .find("id=\"NETT-009\"")
        .expect("the removed id is an anchor");
    let note = &html[at..];
    assert!(note.contains("Fjernet i versjon 2.0"), "{note}");
    assert!(
        note.contains("Erstattet av <a href=\"#NETT-001\">NETT-001</a>"),
        "{note}"
    );
    let csv = f.read_output("rapporter/kravmatrise/kravmatrise.csv");
    assert!(
        !csv.contains("NETT-009"),
        "a removed requirement is not in the matrix"
    );

    // Without the note the citation is a broken link.
    f.write("content/krav/nett.md", &doc);
    f.run(&["check"])
        .assert_fails(1)
        .assert_stderr(&["#NETT-009"]);
}

#[test]
fn removed_requirements_must_not_be_current_or_listed_twice() {
    // (removed list, the line of it the error points at, message)
    let cases = [
        (
            "removed:\n  - id: NETT-002\n    version: 2.0\n",
            "  - id: NETT-002",
            "kravet NETT-002 står både i `requirements` og i `removed`",
        ),
        (
            "removed:\n  - id: NETT-009\n    version: 1.0\n  - id: NETT-009\n    version: 2.0\n",
            "    version: 1.0",
            "kravet NETT-009 står to ganger i `removed`",
        ),
    ];
    for (removed, after, message) in cases {
        let f = site();
        let doc = std::fs::read_to_string(f.path("content/krav/nett.md")).unwrap();
        let doc = doc.replace("requirements:\n", &format!("{removed}requirements:\n"));
        let line = doc.lines().position(|l| l == after).unwrap() + 1;
        // The first case points at the removed entry itself, the second at the repeated one.
        let line = if after.starts_with("  - id") {
            line
        } else {
            line + 1
        };
        f.write("content/krav/nett.md", &doc);
        f.run(&["check"]).assert_fails(1).assert_stderr(&[
            &format!("content/krav/nett.md:{line}"),
            message,
            "help:",
        ]);
    }
}

#[test]
fn the_workbook_is_the_same_for_the_same_content() {
    let f = site();
    f.build().assert_ok();
    let first = std::fs::read(f.path("public/rapporter/kravmatrise/kravmatrise.xlsx")).unwrap();
    // The writer's clock has whole seconds: a stamped time would differ.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    f.build().assert_ok();
    let second = std::fs::read(f.path("public/rapporter/kravmatrise/kravmatrise.xlsx")).unwrap();
    assert!(first == second, "two builds wrote different workbooks");
    assert!(part(&first, "docProps/core.xml").contains("2024-03-08T00:00:00Z"));
}
