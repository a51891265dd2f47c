//! What suppliers get from the requirement documents: the matrix as an Excel workbook to
//! answer in, filters, print, stable requirement anchors and the change history from Git.

use crate::common;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::{Fixture, page};
use std::io::{Cursor, Read};

/// A public document, an internal one and a public example.
fn site() -> Fixture {
    Fixture::site("requirement-documents")
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
    let header: Vec<String> = (0..12).map(|c| cell(&all, 0, c)).collect();
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
            "Sist endret",
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
    assert!(sheet.contains("<autoFilter ref=\"A1:L4\""), "{sheet}");
    assert!(sheet.contains("<sheetProtection"), "sheet protected");
    assert!(
        sheet.contains("autoFilter=\"0\""),
        "filters usable while protected"
    );
    assert!(
        sheet.contains("type=\"list\"") && sheet.contains("sqref=\"K2:K4\""),
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
    let doc = f.read("content/krav/nett.md");
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
        let doc = f.read("content/krav/nett.md");
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
            "tips:",
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

fn versioned(version: &str, requirements: &str, removed: &str) -> String {
    page(
        "Nettkrav",
        &format!(
            "kind: krav\ndocument_id: KRAV-NETT\nversion: \"{version}\"\nstatus: gjeldende\nvalid_from: 2024-01-01\n{removed}requirements:\n{requirements}"
        ),
        "Krav.",
    )
}

const CABLE: &str = "  - id: NETT-001\n    category: Kabling\n    level: skal\n    text: Kabling skal være Cat 6.\n";
const CABLE_6A: &str = "  - id: NETT-001\n    category: Kabling\n    level: skal\n    text: Kabling skal være Cat 6A.\n";
const LOCK: &str =
    "  - id: NETT-002\n    category: Tekniske rom\n    level: bor\n    text: Rommet bør ha lås.\n";
const UPS: &str =
    "  - id: NETT-003\n    category: Tekniske rom\n    level: kan\n    text: Rommet kan ha UPS.\n";
const FIBRE: &str =
    "  - id: NETT-004\n    category: Fiber\n    level: skal\n    text: Fiber skal være OS2.\n";

/// A site in a Git repository whose requirement document has had three versions: 1.0; 2.0
/// changes NETT-001 and adds NETT-004; 3.0 removes NETT-003 (listed in `removed`).
fn site_with_history() -> Fixture {
    let f = Fixture::new();
    let root = f.root();
    common::git_on_day(root, &["init", "-q"], "2024-01-01");
    let commit = |message: &str, date: &str| {
        common::git_on_day(root, &["add", "-A"], date);
        common::git_on_day(root, &["commit", "-q", "-m", message], date);
    };
    f.write(
        "content/krav/nett.md",
        &versioned("1.0", &format!("{CABLE}{LOCK}{UPS}"), ""),
    );
    commit("Versjon 1.0", "2024-01-10");
    f.write(
        "content/krav/nett.md",
        &versioned("2.0", &format!("{CABLE_6A}{LOCK}{UPS}{FIBRE}"), ""),
    );
    commit("Versjon 2.0", "2024-02-10");
    f.write(
        "content/krav/nett.md",
        &versioned(
            "3.0",
            &format!("{CABLE_6A}{LOCK}{FIBRE}"),
            "removed:\n  - id: NETT-003\n    version: \"3.0\"\n",
        ),
    );
    commit("Versjon 3.0", "2024-03-01");
    f
}

/// The `<li>` of requirement `id` on a requirement page.
fn requirement_item<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("{id} on the page"));
    let end = html[start..].find("</li>").unwrap() + start;
    &html[start..end]
}

#[test]
fn requirements_show_their_changes_from_git_history() {
    let f = site_with_history();
    f.build().assert_ok();
    let html = f.read_output("krav/nett/index.html");

    let changed = requirement_item(&html, "NETT-001");
    assert!(
        changed.contains("<span class=\"change-mark change-endret\">Endret i versjon 2.0</span>"),
        "{changed}"
    );
    assert!(
        changed.contains("<summary>Slik var kravet i versjon 1.0</summary>")
            && changed.contains("<p>Kabling skal være Cat 6.</p>"),
        "the earlier wording on request: {changed}"
    );
    assert!(changed.contains("data-changed=\"1.0\""), "{changed}");
    let new = requirement_item(&html, "NETT-004");
    assert!(
        new.contains("<span class=\"change-mark change-ny\">Ny i versjon 2.0</span>"),
        "{new}"
    );
    assert!(!new.contains("<details"), "nothing earlier to show: {new}");
    let unchanged = requirement_item(&html, "NETT-002");
    assert!(!unchanged.contains("change-mark"), "{unchanged}");
    let removed = requirement_item(&html, "NETT-003");
    assert!(removed.contains("Fjernet i versjon 3.0"), "{removed}");
    assert!(
        removed.contains("<p>Rommet kan ha UPS.</p>"),
        "the removed requirement's last wording: {removed}"
    );

    // «Endringer siden versjon …»: a link per earlier version, newest first, to its section.
    let changes = &html[html
        .find("<section class=\"krav-changes\"")
        .expect("the changes section")..];
    let picker = &changes[..changes.find("</ul>").unwrap()];
    let two = picker.find("href=\"#krav-endringer-2-0\"").expect("2.0");
    let one = picker.find("href=\"#krav-endringer-1-0\"").expect("1.0");
    assert!(two < one, "{picker}");
    assert!(
        picker.contains("(versjon fra 10. januar 2024): 3 endringer"),
        "{picker}"
    );
    let since_one = &changes[changes.find("id=\"krav-endringer-1-0\"").unwrap()..];
    let since_one = &since_one[..since_one.find("</section>").unwrap()];
    for expected in [
        "<h3 id=\"krav-endringer-1-0-tittel\">Endringer siden versjon 1.0</h3>",
        "<a href=\"#NETT-004\">NETT-004</a> (ny i versjon 2.0): Fiber skal være OS2.",
        "<a href=\"#NETT-001\">NETT-001</a> (endret i versjon 2.0: teksten)",
        "Versjon 1.0:</span> Kabling skal være Cat 6.",
        "<a href=\"#NETT-003\">NETT-003</a> (fjernet i versjon 3.0). Teksten i versjon 1.0: Rommet kan ha UPS.",
    ] {
        assert!(since_one.contains(expected), "{expected}\n{since_one}");
    }
    let since_two = &changes[changes.find("id=\"krav-endringer-2-0\"").unwrap()..];
    let since_two = &since_two[..since_two.find("</section>").unwrap()];
    assert!(
        since_two.contains("NETT-003") && !since_two.contains("NETT-004"),
        "{since_two}"
    );
    assert!(
        html.contains("<option value=\"2.0\">versjon 2.0</option>"),
        "document filter"
    );

    // The matrix: the latest change per requirement, a filter «endret siden» and the column.
    let matrix = f.read_output("rapporter/kravmatrise/index.html");
    assert!(
        matrix.contains("<option value=\"KRAV-NETT@1.0\">KRAV-NETT versjon 1.0</option>"),
        "{matrix}"
    );
    assert!(
        matrix.contains("data-changed=\"KRAV-NETT@1.0\""),
        "{matrix}"
    );
    let csv = f.read_output("rapporter/kravmatrise/kravmatrise.csv");
    assert!(
        csv.contains("NETT-004;Fiber;Skal;Fiber skal være OS2.;Ny i versjon 2.0;;"),
        "{csv}"
    );
    assert!(csv.contains("Rommet bør ha lås.;;;"), "unchanged: {csv}");
}

#[test]
fn a_site_outside_git_builds_without_history() {
    let f = site();
    let run = f.build();
    run.assert_ok();
    assert!(
        !run.stderr.contains("endringshistorikken"),
        "{}",
        run.stderr
    );
    let html = f.read_output("krav/nett/index.html");
    assert!(html.contains("id=\"NETT-001\""));
    for absent in [
        "change-mark",
        "krav-changes",
        "Tidligere versjoner",
        "kf-endret",
    ] {
        assert!(!html.contains(absent), "{absent} without history");
    }
    let matrix = f.read_output("rapporter/kravmatrise/index.html");
    assert!(!matrix.contains("kf-endret"), "no «endret siden» filter");
}
