//! A tool for any site: the built-in default theme, `theme eject`, `init`, the Norwegian
//! command line, and a second real site (tests/sites/handbok) built from a folder outside the
//! repository with no theme of its own.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;
use common::{Run, copy_tree};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn kompetanse(cwd: &Path, args: &[&str]) -> Run {
    kompetanse_bin(Path::new(env!("CARGO_BIN_EXE_kompetanse")), cwd, args)
}

fn kompetanse_bin(bin: &Path, cwd: &Path, args: &[&str]) -> Run {
    Command::new(bin)
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run kompetanse")
        .into()
}

/// Every file under `dir` as (path with `/`, bytes), sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[track_caller]
fn assert_same_files(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&fa), names(&fb), "different files");
    for ((name, x), (_, y)) in fa.iter().zip(&fb) {
        assert!(
            x == y,
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

/// The handbook fixture copied to a fresh temporary folder outside the repository.
fn handbook() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("handbok");
    copy_tree(&repo().join("tests/sites/handbok"), &site);
    assert!(!site.join("themes").exists());
    (dir, site)
}

fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_handbook_builds_with_the_builtin_theme_under_its_base_path() {
    let (dir, site) = handbook();
    let out = dir.path().join("ut");
    let run = kompetanse(
        dir.path(),
        &[
            "--root",
            "handbok",
            "build",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    run.assert_ok();
    assert!(!run.stderr.contains("advarsel"), "{}", run.stderr);

    let home = read(out.join("index.html"));
    assert!(home.contains("<title>Håndbok for ansatte"), "{home}");
    assert!(
        !home.contains("ROR-IKT"),
        "the portal's name leaked into another site"
    );
    // Links between pages are relative, so the site works from disk and under /handbok/.
    assert!(home.contains(r#"href="rutiner/index.html""#), "{home}");
    assert!(!home.contains(r#"href="/"#), "root-relative link in {home}");
    let page = read(out.join("rutiner/ferie/index.html"));
    assert!(
        page.contains(r#"href="../sykefravaer/index.html""#),
        "{page}"
    );
    assert!(page.contains(r#"href="../../css/style.css""#), "{page}");
    assert!(
        page.contains(
            r#"<link rel="canonical" href="https://kommune.example/handbok/rutiner/ferie/">"#
        ),
        "{page}"
    );

    // Absolute addresses carry the base path.
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://kommune.example/handbok/rutiner/ferie/</loc>"));
    assert!(!sitemap.contains("https://kommune.example/rutiner"));
    assert!(read(out.join("robots.txt")).contains("https://kommune.example/handbok/sitemap.xml"));
    let feed = read(out.join("atom.xml"));
    assert!(
        feed.contains("https://kommune.example/handbok/nyheter/ny-handbok/"),
        "{feed}"
    );

    // The theme's static files come from the binary, byte for byte as in themes/default/.
    for rel in ["css/style.css", "js/search.js", "favicon.svg"] {
        assert_eq!(
            std::fs::read(out.join(rel)).unwrap(),
            std::fs::read(repo().join("themes/default/static").join(rel)).unwrap(),
            "{rel}"
        );
    }
    assert!(read(out.join("css/syntax.css")).contains(".hl-"));
    // The service worker lists the built-in theme's files with the rest.
    let worker = read(out.join("sw.js"));
    for rel in ["css/style.css", "js/search.js", "rutiner/ferie/index.html"] {
        assert!(worker.contains(&format!("\"{rel}\"")), "sw.js lacks {rel}");
    }
    // Only two kinds, no glossary and no data: none of the portal's sections appear.
    assert!(!out.join("begreper").exists());
    assert!(out.join("search").is_dir());
    // The internal page is in the internal build only.
    assert!(out.join("rutiner/brannovelse/index.html").exists());
    let public = dir.path().join("offentlig");
    kompetanse(
        &site,
        &[
            "build",
            "--target",
            "public",
            "--output",
            public.to_str().unwrap(),
        ],
    )
    .assert_ok();
    assert!(!public.join("rutiner/brannovelse").exists());
    assert!(public.join("rutiner/ferie/index.html").exists());
}

#[test]
fn a_changed_builtin_theme_file_changes_the_build_id() {
    let (dir, site) = handbook();
    let build_id = |out: &Path| {
        let worker = read(out.join("sw.js"));
        worker
            .split("build ")
            .nth(1)
            .and_then(|r| r.split('.').next())
            .unwrap()
            .to_string()
    };
    let a = dir.path().join("a");
    kompetanse(&site, &["build", "-o", a.to_str().unwrap()]).assert_ok();
    let css = site.join("themes/default/static/css/style.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::write(&css, "body { color: black }\n").unwrap();
    let b = dir.path().join("b");
    kompetanse(&site, &["build", "-o", b.to_str().unwrap()]).assert_ok();
    // One file of the site's own wins over the built-in one; the others stay built in.
    assert_eq!(read(b.join("css/style.css")), "body { color: black }\n");
    assert_eq!(
        std::fs::read(b.join("js/search.js")).unwrap(),
        std::fs::read(repo().join("themes/default/static/js/search.js")).unwrap()
    );
    assert_ne!(build_id(&a), build_id(&b));
}

#[test]
fn eject_round_trips_to_byte_identical_output() {
    let (dir, site) = handbook();
    let builtin = dir.path().join("innebygd");
    kompetanse(&site, &["build", "-o", builtin.to_str().unwrap()]).assert_ok();

    let run = kompetanse(&site, &["theme", "eject"]);
    run.assert_ok();
    // One source of truth: what the binary writes out is exactly this repository's theme.
    assert_same_files(&site.join("themes/default"), &repo().join("themes/default"));

    let ejected = dir.path().join("utpakket");
    kompetanse(&site, &["build", "-o", ejected.to_str().unwrap()]).assert_ok();
    assert_same_files(&builtin, &ejected);

    // A second eject would overwrite: refused, nothing changed, until --force.
    let base = site.join("themes/default/templates/base.html");
    std::fs::write(&base, "{# endret #}").unwrap();
    let notes = site.join("themes/default/mine-notater.txt");
    std::fs::write(&notes, "mitt").unwrap();
    kompetanse(&site, &["theme", "eject"])
        .assert_fails(2)
        .assert_stderr(&["finnes allerede", "--force"]);
    assert_eq!(read(&base), "{# endret #}");
    kompetanse(&site, &["theme", "eject", "--force"]).assert_ok();
    assert_eq!(
        read(&base),
        read(repo().join("themes/default/templates/base.html"))
    );
    assert_eq!(
        read(&notes),
        "mitt",
        "eject --force touched a file of the user's own"
    );
}

#[test]
fn an_unknown_theme_is_reported_with_its_name() {
    let (_dir, site) = handbook();
    let yaml = read(site.join("site.yaml")) + "theme: mitt-tema\n";
    std::fs::write(site.join("site.yaml"), yaml).unwrap();
    kompetanse(&site, &["check"])
        .assert_fails(1)
        .assert_stderr(&["fant ikke temaet «mitt-tema»", "site.yaml"]);
}

#[test]
fn init_makes_a_site_that_checks_clean_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let run = kompetanse(dir.path(), &["init", "nytt"]);
    run.assert_ok();
    let site = dir.path().join("nytt");
    for rel in [
        "site.yaml",
        "README.md",
        ".gitignore",
        "content/_index.md",
        "data/apningstider.csv",
    ] {
        assert!(site.join(rel).is_file(), "{rel} mangler");
    }
    assert!(read(site.join(".gitignore")).contains("/public/"));
    // One example page per kind.
    let pages = files(&site.join("content"));
    for kind in common::KINDS {
        assert!(
            pages.iter().any(|(name, text)| !name.ends_with("_index.md")
                && String::from_utf8_lossy(text).contains(&format!("\nkind: {kind}\n"))),
            "ingen eksempelside av typen {kind}"
        );
    }

    let check = kompetanse(&site, &["check"]);
    check.assert_ok();
    assert!(
        check.stderr.trim().is_empty() && !check.stdout.contains("advarsler"),
        "init's site has warnings:\n{}\n{}",
        check.stdout,
        check.stderr
    );
    kompetanse(&site, &["build"]).assert_ok();
    let home = read(site.join("public/index.html"));
    assert!(home.contains("Mitt nettsted"));
    // The example table from data/ is shown on the article.
    let article = read(site.join("public/veiledninger/bytte-passord/index.html"));
    assert!(
        article.contains("<table") && article.contains("fredag"),
        "{article}"
    );

    // `new` finds the archetypes in the binary.
    kompetanse(&site, &["new", "nyhet", "nyheter/neste.md"]).assert_ok();
    assert!(read(site.join("content/nyheter/neste.md")).contains("kind: nyhet"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notat.md"), "mitt").unwrap();
    kompetanse(dir.path(), &["init"])
        .assert_fails(2)
        .assert_stderr(&["er ikke tom", "ingen filer blir overskrevet"]);
    assert!(!dir.path().join("site.yaml").exists());
    assert_eq!(read(dir.path().join("notat.md")), "mitt");
}

/// The binary needs no file of this repository: copied to an empty folder elsewhere, it makes
/// a site and builds it.
#[test]
fn a_copied_binary_runs_init_and_build_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("kompetanse");
    std::fs::copy(env!("CARGO_BIN_EXE_kompetanse"), &bin).unwrap();
    kompetanse_bin(&bin, dir.path(), &["init", "side"]).assert_ok();
    kompetanse_bin(&bin, &dir.path().join("side"), &["build"]).assert_ok();
    assert!(dir.path().join("side/public/css/style.css").is_file());
    assert!(dir.path().join("side/public/sw.js").is_file());
}

#[test]
fn help_and_version_are_norwegian() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[&[&str]] = &[
        &["--help"],
        &["-h"],
        &["help"],
        &["help", "build"],
        &["build", "--help"],
        &["serve", "--help"],
        &["help", "new"],
        &["help", "theme", "eject"],
        &["init", "-h"],
    ];
    for args in cases {
        let run = kompetanse(dir.path(), args);
        run.assert_ok();
        let text = &run.stdout;
        assert!(text.contains("Bruk: kompetanse"), "{args:?}:\n{text}");
        assert!(text.contains("Valg:"), "{args:?}:\n{text}");
        for english in [
            "Usage:",
            "Options:",
            "Commands:",
            "Arguments:",
            "Print help",
            "Print version",
            "[OPTIONS]",
            "<COMMAND>",
            "[default:",
            "possible values",
        ] {
            assert!(!text.contains(english), "{args:?}: «{english}» in\n{text}");
        }
    }
    let top = kompetanse(dir.path(), &["--help"]).stdout;
    for needed in [
        "Kommandoer:",
        "init",
        "theme",
        "-V, --version",
        "Vis hjelpen",
    ] {
        assert!(top.contains(needed), "{needed}:\n{top}");
    }
    let new = kompetanse(dir.path(), &["help", "new"]).stdout;
    assert!(
        new.contains("Argumenter:") && new.contains("<TYPE> <STI>"),
        "{new}"
    );
    let build = kompetanse(dir.path(), &["help", "build"]).stdout;
    assert!(build.contains("standard: internal"), "{build}");

    let version = kompetanse(dir.path(), &["--version"]);
    version.assert_ok();
    assert_eq!(
        version.stdout.trim(),
        format!("kompetanse {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn wrong_usage_is_explained_in_norwegian() {
    let dir = tempfile::tempdir().unwrap();
    // (arguments, what stderr must say)
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["bild"],
            &[
                "feil: ukjent kommando «bild»",
                "mente du «build»",
                "Bruk: kompetanse",
            ],
        ),
        (
            &["build", "--drafs"],
            &["ukjent valg", "--drafs", "mente du «--drafts»"],
        ),
        (
            &["build", "--target", "alle"],
            &["ugyldig verdi «alle»", "public, internal"],
        ),
        (&["new", "nyhet"], &["mangler påkrevd argument", "<STI>"]),
        (
            &["serve", "--port", "abc"],
            &["ugyldig verdi «abc»", "--port"],
        ),
        (&["help", "bygg"], &["ukjent kommando «bygg»"]),
        (
            &["build", "--output"],
            &["--output <MAPPE> mangler en verdi"],
        ),
    ];
    for (args, needles) in cases {
        let run = kompetanse(dir.path(), args);
        run.assert_fails(2).assert_stderr(needles);
        for english in ["error:", "Usage:", "For more information", "tip:"] {
            assert!(!run.stderr.contains(english), "{args:?}: {}", run.stderr);
        }
    }
    // No command at all: the help, and a failing exit code.
    let run = kompetanse(dir.path(), &[]);
    run.assert_fails(2);
    assert!(run.stderr.contains("Kommandoer:"), "{}", run.stderr);
}

#[test]
fn every_site_yaml_key_is_in_the_readme_table() {
    let readme = read(repo().join("README.md"));
    for key in kompetanse::config::Config::keys() {
        assert!(
            readme.contains(&format!("| `{key}` |")),
            "README.md mangler en rad for `{key}` i tabellen over site.yaml"
        );
    }
}

/// What one organisation may not leave in another's site: the portal's name, its five
/// municipalities and its chatbot.
const PORTAL_STRINGS: [&str; 7] = [
    "ROR-IKT",
    "Aukra",
    "Hustadvika",
    "Molde",
    "Rauma",
    "Vestnes",
    "Rakel",
];

/// The second organisation's fixture (tests/sites/sunndal-surnadal) in a temporary folder.
fn second_organisation() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("sunndal-surnadal");
    copy_tree(&repo().join("tests/sites/sunndal-surnadal"), &site);
    (dir, site)
}

#[test]
fn a_second_organisation_gets_its_own_vocabularies_texts_and_logo() {
    let (dir, site) = second_organisation();
    for target in ["internal", "public"] {
        kompetanse(&site, &["check", "--strict", "--target", target]).assert_ok();
        let out = dir.path().join(target);
        kompetanse(
            &site,
            &[
                "build",
                "--target",
                target,
                "--output",
                out.to_str().unwrap(),
            ],
        )
        .assert_ok();
        for (name, bytes) in files(&out) {
            let text = String::from_utf8_lossy(&bytes);
            for portal in PORTAL_STRINGS {
                assert!(!text.contains(portal), "«{portal}» in {target}/{name}");
            }
        }
        // Header, footer and example banner come from its site.yaml.
        let page = read(out.join("rettleiingar/skrivar/index.html"));
        assert!(
            page.contains(r#"<img class="brand-logo" src="../../logo.svg" alt=""#),
            "{page}"
        );
        assert!(out.join("logo.svg").is_file());
        assert!(page.contains("Eit døme på ein portal, laga for testane til kompetanse."));
        assert!(
            page.contains(r#"<a href="https://kommune.example/om-kompetanse/">Om kompetanse</a>"#)
        );
        assert!(page.contains("ikkje stadfesta av IKT-tenesta Sunndal og Surnadal"));
        // Its own municipalities, areas and audiences, labelled and in its order.
        assert!(page.contains(r#"<a href="../../kommuner/sunndal/index.html">Sunndal</a>"#));
        let municipalities = read(out.join("kommuner/index.html"));
        let sunndal = municipalities.find(">Sunndal<").expect("Sunndal listed");
        let surnadal = municipalities.find(">Surnadal<").expect("Surnadal listed");
        assert!(sunndal < surnadal);
        // `alle` is every municipality the site lists.
        let surnadal_page = read(out.join("kommuner/surnadal/index.html"));
        assert!(surnadal_page.contains("Kople til VPN"), "{surnadal_page}");
        assert!(read(out.join("fagomrader/it/index.html")).contains("IT og digitalisering"));
        assert!(read(out.join("malgrupper/leiarar/index.html")).contains("Leiarar"));
        let requirements = read(out.join("krav/nettverk/index.html"));
        assert!(
            requirements
                .contains("Avvik må godkjennast skriftleg av IKT-tenesta Sunndal og Surnadal."),
            "{requirements}"
        );
    }
    // The processing record report counts per the site's municipalities and areas.
    let report = read(
        dir.path()
            .join("internal/rapporter/behandlingsprotokoller/index.html"),
    );
    assert!(report.contains("Surnadal") && report.contains("Personvern og informasjonstryggleik"));
    assert!(!dir.path().join("public/behandlingar").exists());
}

#[test]
fn a_logo_that_is_not_there_is_reported_in_site_yaml() {
    let (_dir, site) = second_organisation();
    std::fs::remove_file(site.join("static/logo.svg")).unwrap();
    kompetanse(&site, &["check"])
        .assert_fails(1)
        .assert_stderr(&["config::logo", "site.yaml:9", "static/logo.svg"]);
}

/// A new user's path: `init`, `new` of every kind, and the site passes `check --strict` with
/// no error and no warning; `new` writes `kind` and keeps abbreviations upper-case.
#[test]
fn init_and_new_of_every_kind_check_strict_clean() {
    let dir = tempfile::tempdir().unwrap();
    kompetanse(dir.path(), &["init", "nytt"]).assert_ok();
    let site = dir.path().join("nytt");
    for kind in common::KINDS {
        let folder = if kind == "begrep" { "begreper" } else { "nye" };
        let path = format!("{folder}/koble-til-vpn-{kind}.md");
        kompetanse(&site, &["new", kind, &path]).assert_ok();
        let text = read(site.join("content").join(&path));
        assert!(text.contains(&format!("\nkind: {kind}\n")), "{text}");
        assert!(text.contains("Koble til VPN"), "{text}");
        for portal in PORTAL_STRINGS {
            assert!(!text.contains(portal), "«{portal}» in {path}:\n{text}");
        }
    }
    // A second page of a kind with site-wide ids gets ids of its own.
    kompetanse(&site, &["new", "krav", "nye/andre-krav.md"]).assert_ok();
    for target in ["internal", "public"] {
        let run = kompetanse(&site, &["check", "--strict", "--target", target]);
        run.assert_ok();
        assert!(
            !run.stderr.contains("feil") && !run.stderr.contains("advarsel"),
            "{target}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn init_ignores_everything_the_tool_writes() {
    let dir = tempfile::tempdir().unwrap();
    kompetanse(dir.path(), &["init", "--ci", "gitlab", "nytt"]).assert_ok();
    let site = dir.path().join("nytt");
    common::git(&site, &["init", "-q"], "2024-04-02T09:00:00+02:00", &[]).assert_ok();
    kompetanse(&site, &["build"]).assert_ok();
    kompetanse(
        &site,
        &["build", "--target", "public", "--output", "ut/offentlig"],
    )
    .assert_ok();
    kompetanse(&site, &["check", "--format", "gitlab"]).assert_ok();
    std::fs::create_dir_all(site.join(".kompetanse")).unwrap();
    std::fs::write(site.join(".kompetanse/kompetanse.tar.gz"), "x").unwrap();
    std::fs::write(site.join("gl-code-quality-intern.json"), "[]").unwrap();
    let status = common::git(
        &site,
        &["status", "--porcelain", "--untracked-files=all"],
        "2024-04-02T09:00:00+02:00",
        &[],
    );
    for line in status.stdout.lines() {
        let path = &line[3..];
        assert!(
            [
                "content/",
                "data/",
                "static/",
                "site.yaml",
                "README.md",
                ".gitignore",
                ".gitlab-ci.yml",
                ".githooks/pre-commit"
            ]
            .iter()
            .any(|p| path.starts_with(p)),
            "not ignored: {path}"
        );
    }
}

/// The built-in theme and `init`'s site are for any organisation: none of this portal's names
/// is in them (the portal's own texts live in its site.yaml and content/).
#[test]
fn the_builtin_theme_and_init_name_no_organisation() {
    for folder in ["themes/default", "src/init/site"] {
        for (name, bytes) in files(&repo().join(folder)) {
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            for portal in PORTAL_STRINGS {
                assert!(
                    !text.contains(&portal.to_lowercase()),
                    "«{portal}» in {folder}/{name}"
                );
            }
        }
    }
}
