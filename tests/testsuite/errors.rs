//! Every kind of bad input gets a clear message naming the file and line, and the right exit
//! code; nothing panics.

use crate::common;
use common::{Fixture, page};

fn check(f: &Fixture) -> common::Run {
    f.run(&["check"])
}

#[test]
fn invalid_yaml_names_line_and_column() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitle: God tittel\nowner: ROR-IKT: Kundeservice\nupdated: 2024-01-01\n---\n",
    );
    check(&f).assert_fails(1).assert_stderr(&[
        "content/a.md:3:15",
        "ugyldig YAML",
        "anførselstegn",
    ]);
}

#[test]
fn missing_front_matter() {
    let f = Fixture::new();
    f.write("content/a.md", "# Bare tekst\n");
    check(&f)
        .assert_fails(1)
        .assert_stderr(&["content/a.md:1:1", "mangler front matter"]);
}

#[test]
fn missing_required_field() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitle: Uten eier\nupdated: 2024-01-01\n---\n\nTekst\n",
    );
    check(&f)
        .assert_fails(1)
        .assert_stderr(&["content/a.md:1", "mangler påkrevd felt `owner`"]);
}

#[test]
fn missing_updated_is_required_except_for_news() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitle: Uten dato\nowner: ROR-IKT\n---\n\nTekst\n",
    );
    check(&f)
        .assert_fails(1)
        .assert_stderr(&["content/a.md:1", "`updated`"]);
}

#[test]
fn wrong_type() {
    let f = Fixture::new();
    f.write("content/a.md", &page("A", "tags: 17\n", "Tekst"));
    check(&f)
        .assert_fails(1)
        .assert_stderr(&["content/a.md:6", "feil type", "forventet en liste"]);
}

#[test]
fn unknown_key_with_did_you_mean() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitel: Skrivefeil\ntitle: A\nupdated: 2024-01-01\nowner: ROR-IKT\n---\n",
    );
    check(&f).assert_fails(1).assert_stderr(&[
        "content/a.md:2:1",
        "ukjent felt `titel`",
        "mente du `title`?",
    ]);
}

#[test]
fn invalid_date() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitle: A\nowner: ROR-IKT\nupdated: 2024-02-30\n---\n",
    );
    check(&f).assert_fails(1).assert_stderr(&[
        "content/a.md:4",
        "ugyldig dato `2024-02-30`",
        "ÅÅÅÅ-MM-DD",
    ]);
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
