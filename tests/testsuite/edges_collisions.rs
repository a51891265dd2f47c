//! One output path, one owner: aliases, files beside pages and static files that would
//! replace a page, a generated file or each other are errors naming the input (and its line),
//! in `check` and in `build` alike.

use crate::common;
use common::{Fixture, page};

/// (files to write, what stderr must say)
type Case = (Vec<(&'static str, String)>, Vec<&'static str>);

fn aliased(title: &str, aliases: &str) -> String {
    page(title, &format!("aliases: {aliases}\n"), "Tekst.")
}

fn cases() -> Vec<Case> {
    let plain = |t: &str| page(t, "", "Tekst.");
    vec![
        // Aliases (the alias line is line 6 of `page`).
        (
            vec![("content/a.md", aliased("A", "[\"/\"]"))],
            vec!["content/a.md:6", "«/»", "seksjonen content/_index.md"],
        ),
        (
            vec![
                ("content/a.md", aliased("A", "[/b/]")),
                ("content/b.md", plain("B")),
            ],
            vec!["content/a.md:6", "siden content/b.md"],
        ),
        (
            vec![("content/a.md", aliased("A", "[/a/]"))],
            vec!["content/a.md:6", "peker til siden selv"],
        ),
        (
            vec![
                ("content/a.md", aliased("A", "[/gammel/]")),
                ("content/b.md", aliased("B", "[/gammel/]")),
            ],
            vec!["content/b.md:6", "content/a.md:6"],
        ),
        (
            vec![(
                "content/a.md",
                page("A", "aliases:\n  - /x/\n  - /y/\n  - /x/\n", "Tekst."),
            )],
            vec!["content/a.md:9", "«/x/» i content/a.md:7"],
        ),
        (
            vec![
                ("content/a.md", plain("A")),
                (
                    "content/s/_index.md",
                    "---\ntitle: S\naliases: [/a/]\n---\n".into(),
                ),
            ],
            vec!["content/s/_index.md:3", "siden content/a.md"],
        ),
        (
            vec![("content/a.md", aliased("A", "[sw.js]"))],
            vec!["content/a.md:6", "service workeren"],
        ),
        (
            vec![("content/a.md", aliased("A", "[/css/style.css]"))],
            vec![
                "content/a.md:6",
                "temaets fil themes/default/static/css/style.css",
            ],
        ),
        (
            vec![("content/a.md", aliased("A", "[/search/meta.js]"))],
            vec!["content/a.md:6", "søkeindeksen"],
        ),
        (
            vec![("content/a.md", aliased("A", "[/emneord/]"))],
            vec!["content/a.md:6", "oversikten over emneord"],
        ),
        (
            vec![("content/a.md", aliased("A", "[/404.html]"))],
            vec!["content/a.md:6", "siden for ukjente adresser"],
        ),
        (
            vec![("content/a.md", aliased("A", "[sitemap.xml]"))],
            vec!["content/a.md:6", "nettstedskartet"],
        ),
        (
            vec![("content/a.md", aliased("A", "[/rapporter/kravmatrise/]"))],
            vec!["content/a.md:6", "rapportene"],
        ),
        // Files beside pages and static files.
        (
            vec![("content/search/meta.js", "var x;".into())],
            vec!["content/search/meta.js", "søkeindeksen"],
        ),
        (
            vec![("content/css/style.css", "body{}".into())],
            vec![
                "content/css/style.css",
                "temaets fil themes/default/static/css/style.css",
            ],
        ),
        (
            vec![
                ("content/x.md", plain("X")),
                ("content/x/index.html", "<p>kapret</p>".into()),
            ],
            vec!["content/x/index.html", "siden content/x.md"],
        ),
        (
            vec![("content/sw.js", "kapret".into())],
            vec!["content/sw.js", "service workeren"],
        ),
        (
            vec![("static/sw.js", "kapret".into())],
            vec!["static/sw.js", "service workeren"],
        ),
        (
            vec![("static/sitemap.xml", "<x/>".into())],
            vec!["static/sitemap.xml", "nettstedskartet"],
        ),
        (
            vec![
                ("content/selvhjelp/_index.md", "---\ntitle: S\n---\n".into()),
                ("static/selvhjelp/index.html", "kapret".into()),
            ],
            vec![
                "static/selvhjelp/index.html",
                "seksjonen content/selvhjelp/_index.md",
            ],
        ),
        // A section under a generated overview: the file and why.
        (
            vec![("content/emneord/x/_index.md", "---\ntitle: X\n---\n".into())],
            vec!["content/emneord/x/_index.md", "oversikten over emneord"],
        ),
    ]
}

#[test]
fn colliding_outputs_are_errors_naming_the_input_in_check_and_build() {
    for (files, needles) in cases() {
        let f = Fixture::new();
        for (path, text) in &files {
            f.write(path, text);
        }
        for command in ["check", "build"] {
            let run = f.run(&[command]);
            assert_eq!(
                run.code, 1,
                "{command} with {files:?}\nstderr:\n{}",
                run.stderr
            );
            // Messages wrap at 100 columns; compare with the line breaks taken out.
            let flat = run
                .stderr
                .split_whitespace()
                .filter(|w| *w != "│")
                .collect::<Vec<_>>()
                .join(" ");
            for needle in &needles {
                assert!(
                    flat.contains(needle),
                    "{command} with {files:?}: stderr lacks {needle:?}:\n{}",
                    run.stderr
                );
            }
            assert!(!run.stderr.contains("Is a directory"), "{}", run.stderr);
        }
        assert!(!f.output_exists("index.html"), "nothing written");
    }
}

#[test]
fn the_sites_static_folder_still_overrides_the_theme() {
    let f = Fixture::new();
    f.write("static/css/style.css", "body { color: black }");
    f.write("content/a.md", &aliased("A", "[/gammel/a/]"));
    f.build().assert_ok();
    assert_eq!(f.read_output("css/style.css"), "body { color: black }");
    assert!(f.read_output("gammel/a/index.html").contains("../../a/"));
}

/// A requirement document as `init` writes it: block-style YAML, one key a line.
fn krav_document(document_id: &str, ids: &[&str]) -> String {
    let mut text = format!(
        "---\ntitle: Krav {document_id}\nkind: krav\nupdated: 2024-03-08\nowner: ROR-IKT Drift\naccess: public\ndocument_id: {document_id}\nversion: 1\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements:\n"
    );
    for id in ids {
        text.push_str(&format!(
            "  - id: {id}\n    category: Nett\n    level: skal\n    text: Krav {id}, ikke det samme som N-00.\n"
        ));
    }
    text.push_str("---\n\nKrav.\n");
    text
}

/// The diagnostics of `check --format json` with the given code, as (file, line, message).
fn of_code(f: &Fixture, code: &str) -> Vec<(String, u64, String)> {
    let (_, items) = f.check_json(&[]);
    items
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_repeated_requirement_id_is_reported_at_its_second_use() {
    let f = Fixture::new();
    // N-001 at lines 12 and 20 (each requirement takes four lines from line 12).
    f.write(
        "content/krav/k.md",
        &krav_document("KRAV-K", &["N-001", "N-002", "N-001"]),
    );
    assert_eq!(
        of_code(&f, "id::duplicate"),
        [(
            "content/krav/k.md".to_string(),
            20,
            "`id` N-001 er allerede brukt i content/krav/k.md:12".to_string()
        )]
    );
}

#[test]
fn a_duplicate_id_in_a_newer_file_is_reported_there() {
    let f = Fixture::new();
    f.write(
        "content/krav/zz-gammel.md",
        &krav_document("KRAV-A", &["N-001"]),
    );
    common::git_on_day(f.root(), &["init", "-q"], "2024-03-08");
    common::git_on_day(f.root(), &["add", "-A"], "2024-03-08");
    common::git_on_day(f.root(), &["commit", "-qm", "Gammel"], "2024-03-08");
    // Added later, first in path order: the copy is the file to fix, committed or not.
    f.write(
        "content/krav/aa-ny.md",
        &krav_document("KRAV-A", &["N-001"]),
    );
    let expected = vec![
        (
            "content/krav/aa-ny.md".to_string(),
            7,
            "`document_id` KRAV-A er allerede brukt i content/krav/zz-gammel.md:7".to_string(),
        ),
        (
            "content/krav/aa-ny.md".to_string(),
            12,
            "`id` N-001 er allerede brukt i content/krav/zz-gammel.md:12".to_string(),
        ),
    ];
    let mut found = of_code(&f, "id::duplicate");
    found.sort();
    assert_eq!(found, expected, "uncommitted copy");
    common::git_on_day(f.root(), &["add", "-A"], "2024-03-09");
    common::git_on_day(f.root(), &["commit", "-qm", "Kopi"], "2024-03-09");
    let mut found = of_code(&f, "id::duplicate");
    found.sort();
    assert_eq!(found, expected, "committed copy");
}

#[test]
fn a_duplicate_plan_id_is_reported_in_the_plan_added_later() {
    let plan = |title: &str| {
        format!(
            "---\ntitle: {title}\nkind: beredskapsplan\nupdated: 2024-03-08\nreview_by: 2025-03-08\nowner: ROR-IKT\naccess: internal\nplan_id: BP-1\nversion: 2\napproved_by: Styret\napproved: 2024-02-01\nlevels:\n  - level: 1\n    name: Nivå 1\n    criteria: Alt nede\n    leads: Krisestab\n    actions: [Varsle]\n---\n\nPlanen.\n"
        )
    };
    let f = Fixture::new();
    f.write("content/beredskap/b-gammel.md", &plan("Gammel"));
    common::git_on_day(f.root(), &["init", "-q"], "2024-03-08");
    common::git_on_day(f.root(), &["add", "-A"], "2024-03-08");
    common::git_on_day(f.root(), &["commit", "-qm", "Plan"], "2024-03-08");
    f.write("content/beredskap/a-ny.md", &plan("Ny"));
    common::git_on_day(f.root(), &["add", "-A"], "2024-03-10");
    common::git_on_day(f.root(), &["commit", "-qm", "Ny plan"], "2024-03-10");
    assert_eq!(
        of_code(&f, "id::duplicate"),
        [(
            "content/beredskap/a-ny.md".to_string(),
            8,
            "`plan_id` BP-1 er allerede brukt i content/beredskap/b-gammel.md:8".to_string()
        )]
    );
}
