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
