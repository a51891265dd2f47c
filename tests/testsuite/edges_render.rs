//! Rendering at the edges: hostile or careless content must give an error with file and line,
//! never a crash, a leak or a page that runs foreign code. Builds run the real binary in a
//! child process, so a crash shows as a signal instead of taking the test run down.

use crate::common;
use common::{Fixture, Run, page};

fn minified_site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        "title: Testportalen\nbase_url: https://test.example/\nlanguage: nb\nminify: true\n",
    );
    f
}

/// Exit code 1 from a normal exit: a crash (signal) has no code and shows as -1.
#[track_caller]
fn assert_content_error(run: &Run, needles: &[&str]) {
    run.assert_fails(1).assert_stderr(needles);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn deep_nesting_is_an_error_with_file_and_line_not_a_crash() {
    let cases = [
        ("lister", "- ".repeat(1000) + "x"),
        ("sitater", ">".repeat(2000) + " x"),
        ("div", "<div>".repeat(2000) + "x" + &"</div>".repeat(2000)),
        ("blandet", "> - ".repeat(600) + "x"),
    ];
    for (name, body) in cases {
        let f = minified_site();
        f.write(
            &format!("content/{name}.md"),
            &page("Dyp", "", &format!("Innledning.\n\n{body}")),
        );
        let location = format!("content/{name}.md:10:");
        for command in ["build", "check"] {
            let run = f.run(&[command]);
            assert_content_error(&run, &[&location, "nestet mer enn 100 nivåer"]);
        }
        assert!(!f.output_exists("index.html"), "{name}: nothing written");
    }
}

#[test]
fn ordinary_nesting_is_minified_and_built() {
    let f = minified_site();
    let list: String = (0..20)
        .map(|level| format!("{}- nivå {level}\n", "  ".repeat(level)))
        .collect();
    let quotes = ">".repeat(30) + " sitat";
    f.write(
        "content/nestet.md",
        &page("Nestet", "", &format!("{list}\n{quotes}\n")),
    );
    f.build().assert_ok();
    let html = f.read_output("nestet/index.html");
    assert!(html.contains("nivå 19"), "{html}");
    assert!(!html.contains("\n\n"), "minified");
}

#[test]
fn charts_of_empty_data_are_errors_with_file_and_line() {
    let data = [
        ("tom", ""),
        ("tomliste", "[]"),
        ("ingenrader", "rows: []\n"),
        ("ingenkolonner", "columns: []\nrows:\n  - {a: 1}\n"),
    ];
    for (name, yaml) in data {
        let f = Fixture::new();
        f.write(&format!("data/{name}.yaml"), yaml);
        f.write(
            "content/diagram.md",
            &page(
                "Diagram",
                "",
                &format!("Tall.\n\n{{{{ chart(data=\"{name}\", y=[]) }}}}\n"),
            ),
        );
        let run = f.build();
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        if !yaml.is_empty() {
            run.assert_stderr(&["content/diagram.md:10:"]);
        }
    }
}

const PNG_HEADER: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn png(marker: &str) -> Vec<u8> {
    let mut bytes = PNG_HEADER.to_vec();
    bytes.extend_from_slice(marker.as_bytes());
    bytes.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    bytes
}

fn pdf(marker: &str) -> Vec<u8> {
    format!("%PDF-1.4\n1 0 obj << /Title ({marker}) >> endobj\n%%EOF\n").into_bytes()
}

#[test]
fn files_beside_internal_pages_stay_out_of_the_public_build() {
    let f = Fixture::new();
    f.write(
        "content/selvhjelp/_index.md",
        "---\ntitle: Selvhjelp\naccess: public\n---\n\nHjelp.\n",
    );
    f.write(
        "content/selvhjelp/hemmelig.md",
        "---\ntitle: Hemmelig\nupdated: 2024-01-01\nowner: ROR-IKT\naccess: internal\n---\n\n![Kart](hemmelig-kart.png) og [notat](hemmelig-notat.pdf).\n",
    );
    f.write_bytes(
        "content/selvhjelp/hemmelig-kart.png",
        &png("NABOFILMARKOR-KART"),
    );
    f.write_bytes(
        "content/selvhjelp/hemmelig-notat.pdf",
        &pdf("NABOFILMARKOR-NOTAT"),
    );
    f.write_bytes("content/selvhjelp/ubrukt.pdf", &pdf("NABOFILMARKOR-UBRUKT"));
    f.write(
        "content/selvhjelp/offentlig.md",
        &page(
            "Offentlig",
            "",
            "![Kart](offentlig-kart.png) og [skjema](../skjema/skjema.pdf).",
        ),
    );
    f.write_bytes(
        "content/selvhjelp/offentlig-kart.png",
        &png("OFFENTLIG-KART"),
    );
    f.write_bytes("content/skjema/skjema.pdf", &pdf("OFFENTLIG-SKJEMA"));
    f.write(
        "content/selvhjelp/bunt/index.md",
        &page("Bunt", "", "En offentlig sidebunt."),
    );
    f.write_bytes("content/selvhjelp/bunt/vedlegg.pdf", &pdf("OFFENTLIG-BUNT"));

    f.run(&["build", "--target", "public"]).assert_ok();
    let files = f.output_files("public");
    for (path, bytes) in &files {
        for marker in [
            "NABOFILMARKOR-KART",
            "NABOFILMARKOR-NOTAT",
            "NABOFILMARKOR-UBRUKT",
        ] {
            assert!(
                !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
                "{marker} in public/{path}"
            );
        }
    }
    let sw = f.read_output("sw.js");
    for name in ["hemmelig-kart.png", "hemmelig-notat.pdf", "ubrukt.pdf"] {
        assert!(!sw.contains(name), "{name} listed in sw.js");
    }
    for published in [
        "selvhjelp/offentlig-kart.png",
        "skjema/skjema.pdf",
        "selvhjelp/bunt/vedlegg.pdf",
    ] {
        assert!(f.output_exists(published), "{published} is published");
        assert!(sw.contains(published), "{published} in sw.js");
    }

    f.run(&["build", "--target", "internal"]).assert_ok();
    assert!(f.output_exists("selvhjelp/hemmelig-kart.png"));
    assert!(f.output_exists("selvhjelp/ubrukt.pdf"));
}

const PLAN: &str = "kind: beredskapsplan\nreview_by: 2025-03-08\nplan_id: BP-1\nversion: 2\napproved_by: Styret\napproved: 2024-02-01\nlevels:\n  - level: 1\n    name: Nivå 1\n    criteria: Nettet er nede\n";

#[test]
fn versions_keep_the_text_as_written() {
    let f = Fixture::new();
    f.write(
        "content/krav.md",
        &page(
            "Krav",
            "kind: krav\ndocument_id: K-1\nversion: 3.10\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements:\n  - id: K-001\n    category: Nett\n    level: skal\n    text: Nett.\nchangelog:\n  - version: 2.0\n    date: 2024-01-01\n    summary: Første\n",
            "Krav.",
        ),
    );
    f.write(
        "content/plan.md",
        &page(
            "Plan",
            &PLAN.replace("version: 2", "version: 1.20"),
            "Plan.",
        ),
    );
    f.build().assert_ok();
    let krav = f.read_output("krav/index.html");
    assert!(krav.contains("3.10"), "version shown as written");
    assert!(!krav.contains("3.1<") && !krav.contains("3.1 "), "{krav}");
    assert!(
        krav.contains(">2.0<") || krav.contains("2.0"),
        "changelog version"
    );
    assert!(f.read_output("plan/index.html").contains("1.20"));
}

#[test]
fn formula_cells_in_csv_reports_are_neutralised() {
    let f = Fixture::new();
    f.write(
        "content/krav.md",
        &page(
            "Krav",
            "kind: krav\ndocument_id: K-1\nversion: \"1\"\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements:\n  - id: K-001\n    category: \"=1+1\"\n    level: skal\n    text: '=HYPERLINK(\"https://angriper.example/\",\"Klikk\")'\n  - id: K-002\n    category: Nett\n    level: bor\n    text: \"@SUM(A1:A9)\"\n",
            "Krav.",
        ),
    );
    f.build().assert_ok();
    let csv = f.read_output("rapporter/kravmatrise/kravmatrise.csv");
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(csv.contains("\"'=1+1\""), "{csv}");
    assert!(csv.contains("\"'@SUM(A1:A9)\""), "{csv}");
    for line in csv.lines() {
        for cell in line.split(';') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '@']),
                "formula cell {cell:?} in {csv}"
            );
        }
    }
}

#[test]
fn raw_html_policy_rejects_code_and_allows_the_rest() {
    // (Markdown, error code); each case is one paragraph or block of the page.
    let forbidden = [
        ("<script>alert(1)</script>", "html::element"),
        ("Tekst <SCRIPT SRC=\"x.js\"></SCRIPT> her.", "html::element"),
        (
            "<iframe src=\"https://x.example/\"></iframe>",
            "html::element",
        ),
        ("<object data=\"x.swf\"></object>", "html::element"),
        ("<embed src=\"x.swf\">", "html::element"),
        (
            "<img src=\"x.png\" onerror=\"alert(1)\">",
            "html::event-handler",
        ),
        (
            "Se <img src=x ONERROR =alert(1)> her.",
            "html::event-handler",
        ),
        (
            "<div\n  onclick=\"alert(1)\">\nx\n</div>",
            "html::event-handler",
        ),
        (
            "<a href=\"javascript&#58;alert(1)\">lenke</a>",
            "html::script-url",
        ),
        (
            "<a href=\"JaVaScRiPt:alert(1)\">lenke</a>",
            "html::script-url",
        ),
        ("[lenke](javascript:alert(1))", "html::script-url"),
        ("[lenke](vbscript:msgbox(1))", "html::script-url"),
        (
            "![bilde](data:text/html,<script>alert(1)</script>)",
            "html::script-url",
        ),
        ("<javascript:alert(1)>", "html::script-url"),
    ];
    let f = Fixture::new();
    let mut body = String::from("Innledning.\n");
    let mut expected = Vec::new();
    // The body starts on file line 8 (see `page`), after the opening paragraph and a blank.
    let mut line = 10;
    for (markdown, code) in forbidden {
        body.push('\n');
        body.push_str(markdown);
        body.push('\n');
        let extra = markdown.matches('\n').count();
        expected.push((line, code, markdown));
        line += extra + 2;
    }
    f.write("content/html.md", &page("Rå HTML", "", &body));
    let run = f.run(&["check"]);
    run.assert_fails(1);
    for (line, code, markdown) in &expected {
        let location = format!("content/html.md:{line}:");
        assert!(
            run.stderr.contains(&location),
            "{markdown:?}: no error at {location}\n{}",
            run.stderr
        );
        assert!(run.stderr.contains(code), "{code}");
    }
    assert!(run.stderr.contains("raw_html"), "help names the setting");

    let allowed = Fixture::new();
    allowed.write(
        "content/ok.md",
        &page(
            "Tillatt",
            "",
            "<details><summary>Mer</summary>\n\nTrykk <kbd>Ctrl</kbd>+<kbd>C</kbd>.\n\n</details>\n\n<div class=\"merknad\"><a href=\"https://ror-ikt.no/\">ROR-IKT</a></div>\n",
        ),
    );
    allowed.build().assert_ok();
    let html = allowed.read_output("ok/index.html");
    assert!(html.contains("<kbd>Ctrl</kbd>"), "{html}");

    // A site may allow more elements, but never event handlers or script URLs.
    let opted_in = Fixture::new();
    opted_in.write(
        "site.yaml",
        "title: T\nbase_url: https://test.example/\nminify: false\nraw_html:\n  allow: [iframe]\n",
    );
    opted_in.write(
        "content/video.md",
        &page(
            "Video",
            "",
            "<iframe src=\"https://video.example/1\" title=\"Video\"></iframe>\n",
        ),
    );
    opted_in.build().assert_ok();
    opted_in.write(
        "content/video.md",
        &page(
            "Video",
            "",
            "<iframe src=\"https://video.example/1\" onload=\"x()\"></iframe>\n",
        ),
    );
    opted_in
        .build()
        .assert_fails(1)
        .assert_stderr(&["content/video.md:8:", "onload"]);
}

#[test]
fn duplicate_ids_on_a_page_are_errors() {
    let cards = "action_cards:\n  - id: TK-01\n    title: Tap av nett\n    trigger: Nettet er nede\n    responsible: Drift\n    steps: [Ring]\n  - id: TK-01\n    title: Strømbrudd\n    trigger: Strømmen er borte\n    responsible: Drift\n    steps: [Ring]\n";
    let f = Fixture::new();
    f.write(
        "content/plan.md",
        &page("Plan", &format!("{PLAN}{cards}"), "Plan."),
    );
    // The second card's id is on file line 22 (front matter starts on line 2).
    assert_content_error(&f.run(&["check"]), &["content/plan.md:22:", "TK-01"]);

    let g = Fixture::new();
    g.write(
        "content/plan.md",
        &page("Plan", PLAN, "## Rutiner {#niva-1}\n\nTekst."),
    );
    assert_content_error(&g.run(&["check"]), &["content/plan.md:18:", "niva-1"]);

    let h = Fixture::new();
    h.write(
        "content/side.md",
        &page(
            "Side",
            "",
            "## Først {#samme}\n\nTekst.\n\n## Så {#samme}\n\n<div id=\"samme\">x</div>\n",
        ),
    );
    assert_content_error(
        &h.run(&["check"]),
        &["content/side.md:12:", "content/side.md:14:", "samme"],
    );

    // Headings with the same text still get numbered ids, as before.
    let ok = Fixture::new();
    ok.write(
        "content/side.md",
        &page("Side", "", "## Steg\n\nA.\n\n## Steg\n\nB.\n"),
    );
    ok.build().assert_ok();
    assert!(ok.read_output("side/index.html").contains("id=\"steg-2\""));
}

#[test]
fn shortcodes_in_long_fences_are_shown_as_code() {
    let f = Fixture::new();
    f.write(
        "data/sla.yaml",
        "columns:\n  - {key: maned, label: Måned}\n  - {key: ok, label: OK}\nrows:\n  - {maned: januar, ok: 1}\n",
    );
    f.write(
        "content/kode.md",
        &page(
            "Kode",
            "",
            "Slik skriver du en tabell:\n\n````markdown\n```\n{{ table(data=\"sla\") }}\n```\n````\n\nOg her er den:\n\n{{ table(data=\"sla\") }}\n",
        ),
    );
    f.build().assert_ok();
    let html = f.read_output("kode/index.html");
    assert!(!html.contains("&lt;figure"), "{html}");
    assert_eq!(html.matches("<table class=\"data-table\"").count(), 1);
    assert!(
        html.contains("table(data="),
        "the shortcode is shown as code"
    );
}
