//! Every kind of bad input gets a clear message naming the file and line, and the right exit
//! code; nothing panics.

use crate::common;
use common::{Fixture, page};

fn check(f: &Fixture) -> common::Run {
    f.run(&["check"])
}

/// Bad input in one page, `content/a.md`: (case, file text, what stderr must name).
const BAD_PAGES: &[(&str, &str, &[&str])] = &[
    (
        "invalid YAML names line and column",
        "---\ntitle: God tittel\nowner: ROR-IKT: Kundeservice\nupdated: 2024-01-01\n---\n",
        &["content/a.md:3:15", "ugyldig YAML", "anførselstegn"],
    ),
    (
        "missing front matter",
        "# Bare tekst\n",
        &["content/a.md:1:1", "mangler front matter"],
    ),
    (
        "missing required field",
        "---\ntitle: Uten eier\nupdated: 2024-01-01\n---\n\nTekst\n",
        &["content/a.md:1", "mangler påkrevd felt `owner`"],
    ),
    (
        "missing updated (required except for news)",
        "---\ntitle: Uten dato\nowner: ROR-IKT\n---\n\nTekst\n",
        &["content/a.md:1", "`updated`"],
    ),
    (
        "wrong type",
        "---\ntitle: \"A\"\nupdated: 2024-03-08\nowner: ROR-IKT Kundeservice\naccess: public\ntags: 17\n---\n\nTekst\n",
        &["content/a.md:6", "feil type", "forventet en liste"],
    ),
    (
        "unknown key with did-you-mean",
        "---\ntitel: Skrivefeil\ntitle: A\nupdated: 2024-01-01\nowner: ROR-IKT\n---\n",
        &[
            "content/a.md:2:1",
            "ukjent felt `titel`",
            "mente du `title`?",
        ],
    ),
    (
        "invalid date",
        "---\ntitle: A\nowner: ROR-IKT\nupdated: 2024-02-30\n---\n",
        &["content/a.md:4", "ugyldig dato `2024-02-30`", "ÅÅÅÅ-MM-DD"],
    ),
];

#[test]
fn bad_pages_name_file_line_and_problem() {
    for (case, text, needles) in BAD_PAGES {
        let f = Fixture::new();
        f.write("content/a.md", text);
        check(&f).assert_case(case, 1, needles);
    }
}

#[test]
fn two_pages_with_the_same_url() {
    let f = Fixture::new();
    f.write("content/x/a.md", &page("A", "", "Tekst"));
    f.write("content/x/b.md", &page("B", "slug: a\n", "Tekst"));
    check(&f).assert_fails(1).assert_stderr(&[
        "content/x/b.md:6",
        "samme adresse /x/a/",
        "content/x/a.md",
    ]);
}

#[test]
fn broken_internal_link() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        &page("A", "", "Første linje.\n\nSe [borte](finnes-ikke.md)."),
    );
    check(&f).assert_fails(1).assert_stderr(&[
        "content/a.md:10",
        "content/finnes-ikke.md",
        "ikke finnes",
    ]);
}

#[test]
fn broken_anchor() {
    let f = Fixture::new();
    f.write("content/b.md", &page("B", "", "## Steg 1\n\nTekst."));
    f.write("content/a.md", &page("A", "", "Se [steget](b.md#steg-2)."));
    check(&f)
        .assert_fails(1)
        .assert_stderr(&["content/a.md:8", "#steg-2", "mente du #steg-1?"]);
}

/// A template missing from the theme on disk comes from the built-in theme (see `theme`).
#[test]
fn missing_template_falls_back_to_the_builtin_theme() {
    let f = Fixture::new();
    f.remove("themes/default/templates/page.html");
    f.write("content/a.md", &page("A", "", "Tekst"));
    f.build().assert_ok();
    assert!(f.read_output("a/index.html").contains("Tekst"));
}

#[test]
fn tera_syntax_error_names_template_and_line() {
    let f = Fixture::new();
    f.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n");
    f.write("content/a.md", &page("A", "", "Tekst"));
    check(&f)
        .assert_fails(1)
        .assert_stderr(&["templates/page.html:4", "malfeil i page.html"]);
}

#[test]
fn tera_render_error_names_template() {
    let f = Fixture::new();
    f.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}{{ page.finnes_ikke }}{% endblock content %}\n");
    f.write("content/a.md", &page("A", "", "Tekst"));
    check(&f)
        .assert_fails(1)
        .assert_stderr(&["templates/page.html", "page.finnes_ikke"]);
}

#[test]
fn file_that_is_not_utf8() {
    let f = Fixture::new();
    f.write_bytes(
        "content/a.md",
        b"---\ntitle: Bl\xe5b\xe6r\nowner: R\nupdated: 2024-01-01\n---\n",
    );
    check(&f)
        .assert_fails(1)
        .assert_stderr(&["content/a.md:2:10", "ikke UTF-8"]);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let f = Fixture::new();
    f.write_bytes(
        "content/a.md",
        "\u{feff}---\r\ntitle: Windows-fil\r\nowner: ROR-IKT\r\nupdated: 2024-01-01\r\naccess: public\r\n---\r\n\r\n## Overskrift\r\n\r\nTekst.\r\n".as_bytes(),
    );
    f.build().assert_ok();
    assert!(
        f.read_output("a/index.html")
            .contains("<h2 id=\"overskrift\">")
    );
}

#[cfg(unix)]
#[test]
fn symlink_outside_content_is_refused() {
    let f = Fixture::new();
    f.write("hemmelig.md", &page("Hemmelig", "", "Skal ikke publiseres"));
    std::os::unix::fs::symlink(f.path("hemmelig.md"), f.path("content/lenke.md")).unwrap();
    check(&f)
        .assert_fails(1)
        .assert_stderr(&["content/lenke.md", "peker utenfor content/"]);
}

#[test]
fn empty_content_folder() {
    let f = Fixture::new();
    f.remove("content/_index.md");
    check(&f)
        .assert_fails(1)
        .assert_stderr(&["content", "ingen sider"]);
}

#[test]
fn missing_content_folder_is_a_usage_error() {
    let f = Fixture::new();
    std::fs::remove_dir_all(f.path("content")).unwrap();
    check(&f)
        .assert_fails(2)
        .assert_stderr(&["fant ikke innholdsmappen"]);
}

#[test]
fn missing_site_yaml_is_a_usage_error() {
    let f = Fixture::new();
    f.remove("site.yaml");
    check(&f).assert_fails(2).assert_stderr(&["site.yaml"]);
}

#[test]
fn unknown_option_is_a_usage_error() {
    let f = Fixture::new();
    f.run(&["build", "--finnes-ikke"]).assert_fails(2);
}

#[test]
fn all_errors_are_reported_at_once() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitel: A\nowner: R\nupdated: 2024-01-01\n---\n",
    );
    f.write("content/b.md", "# uten front matter\n");
    f.write("content/c.md", &page("C", "", "[borte](d.md)"));
    let run = check(&f);
    run.assert_fails(1)
        .assert_stderr(&["content/a.md", "content/b.md", "content/c.md", "4 feil"]);
}

#[test]
fn garbage_never_panics() {
    let f = Fixture::new();
    let inputs: [&[u8]; 8] = [
        b"---\n---\n",
        b"---",
        b"---\n: : :\n---\n",
        b"---\n- a\n- b\n---\n",
        b"---\ntitle: [\n---\n",
        b"\x00\x01\x02",
        b"---\ntitle: A\nowner: B\nupdated: 2024-01-01\n---\n[x](%zz.md) [y](../../../../x.md) ![](#)\n| a |\n|-|\n```\n",
        b"---\ntitle: A\nowner: B\nupdated: 2024-01-01\nkind: krav\nrequirements: {}\n---\n",
    ];
    for (i, input) in inputs.iter().enumerate() {
        f.write_bytes(&format!("content/g{i}.md"), input);
    }
    let run = check(&f);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn one_warning_is_one_advarsel() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        &page("A", "review_by: 2020-01-01\n", "Kort tekst."),
    );
    let run = f.run(&["check"]);
    run.assert_ok();
    assert!(run.stdout.contains("1 advarsel\n"), "{}", run.stdout);
    assert!(!run.stdout.contains("1 advarsler"), "{}", run.stdout);
}

#[test]
fn human_report_says_tips_in_norwegian() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitel: A\ntitle: A\nowner: R\nupdated: 2024-01-01\n---\n",
    );
    let run = check(&f);
    run.assert_fails(1)
        .assert_stderr(&["tips: mente du `title`?"]);
    assert!(!run.stderr.contains("help:"), "{}", run.stderr);
}

#[test]
fn template_errors_are_norwegian_with_file_and_line() {
    let f = Fixture::new();
    f.write("templates/page.html", "<p>\n{% if %}x{% endif %}\n");
    let run = f.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_stderr(&["templates/page.html:2:", "syntaksfeil: ventet en verdi"]);
    assert!(!run.stderr.contains("expected"), "{}", run.stderr);
}

#[test]
fn an_error_outside_a_site_is_printed_once() {
    let empty = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kompetanse"))
        .arg("--root")
        .arg(empty.path())
        .arg("check")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.matches("kunne ikke lese site.yaml").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn missing_anchor_names_the_anchors_the_page_has() {
    let f = Fixture::new();
    f.write(
        "content/b.md",
        &page("B", "", "## Før du starter\n\n## Steg 2\n"),
    );
    f.write(
        "content/a.md",
        &page("A", "", "[x](b.md#helt-annet) [y](b.md#Før%20du%20starter)"),
    );
    check(&f).assert_fails(1).assert_stderr(&[
        "tips: siden har #for-du-starter, #steg-2",
        "tips: mente du #for-du-starter?",
    ]);
}

#[test]
fn review_advice_suggests_a_date_ahead() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        &page("A", "review_by: 2020-01-01\n", "Kort tekst."),
    );
    let run = f.run_with_env(
        &["check", "--format", "json"],
        &[("KOMPETANSE_TODAY", "2026-12-06")],
    );
    run.assert_ok();
    let item: serde_json::Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    let help = item["help"].as_str().unwrap();
    assert!(
        help.contains("`review_by` (f.eks. 2027-12-06)") && help.contains("`updated: 2026-12-06`"),
        "{help}"
    );
}

#[test]
fn human_and_json_columns_agree() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        &page("A", "", "Æøå <img src=x onerror=alert(1)>"),
    );
    let (_, items) = f.check_json(&[]);
    let item = items
        .iter()
        .find(|d| d["code"] == "html::event-handler")
        .unwrap();
    assert_eq!(
        (item["line"].as_u64(), item["column"].as_u64()),
        (Some(8), Some(5))
    );
    check(&f)
        .assert_fails(1)
        .assert_stderr(&["[content/a.md:8:5]"]);
}

#[test]
fn nul_and_noncharacters_in_front_matter_are_one_norwegian_error() {
    let f = Fixture::new();
    for (bad, name) in [
        ("\u{0}", "U+0000"),
        ("\u{fffe}", "U+FFFE"),
        ("\u{1b}", "U+001B"),
    ] {
        f.write(
            "content/a.md",
            &format!("---\ntitle: A\nowner: ROR{bad}IKT\nupdated: 2024-01-01\naccess: public\n---\n\nTekst.\n"),
        );
        let (code, items) = f.check_json(&[]);
        assert_eq!(code, 1);
        let found = common::codes_of(&items, "content/a.md");
        assert_eq!(
            found,
            [("frontmatter::invalid-yaml".to_string(), 3)],
            "{name}"
        );
        assert_eq!(items[0]["column"], 11, "{name}");
        check(&f)
            .assert_fails(1)
            .assert_stderr(&[name, "ikke er tillatt i YAML"]);
    }
}

#[test]
fn invalid_kompetanse_today_is_an_error() {
    let f = Fixture::new();
    for value in ["2026-13-45", "i morgen", ""] {
        f.run_with_env(&["check"], &[("KOMPETANSE_TODAY", value)])
            .assert_fails(2)
            .assert_stderr(&["KOMPETANSE_TODAY", "ikke en gyldig dato"]);
    }
    f.run_with_env(&["check"], &[("KOMPETANSE_TODAY", "2026-03-31")])
        .assert_ok();
}

#[test]
fn terminal_escapes_in_file_names_are_shown_escaped() {
    let f = Fixture::new();
    f.write("content/a\u{1b}[2Jb.md", "# uten front matter\n");
    let run = check(&f);
    run.assert_fails(1).assert_stderr(&["a\\u{1b}[2Jb.md"]);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
}

#[test]
fn template_render_errors_are_norwegian_with_a_line() {
    let f = Fixture::new();
    f.write("content/a.md", &page("A", "", "Tekst."));
    f.write(
        "templates/page.html",
        "<!doctype html>\n<title>x</title>\n<p>{{ page.tittel }}</p>\n",
    );
    let run = f.run(&["build"]);
    run.assert_fails(1).assert_stderr(&[
        "templates/page.html:3:",
        "variabelen `page.tittel` finnes ikke",
    ]);
    assert!(!run.stderr.contains("not found"), "{}", run.stderr);
}
