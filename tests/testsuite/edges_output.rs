//! The output folder: what `--output` accepts (never the sources, site.yaml or the Git
//! repository, not even with `--force`), the marker of folders kompetanse wrote, leftovers of
//! killed builds, and the atomic swap of a new build into place. Also the other writes that
//! must not go wrong silently: `theme eject` never writes through a symbolic link, and the
//! requirement workbook is always written or its problem reported.

use crate::common;
use common::{Fixture, page};
use std::path::Path;

/// Every file and folder under `dir` with its bytes, to tell that a refused build touched
/// nothing.
fn snapshot(dir: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut all: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect();
    all.sort();
    all
}

fn site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/selvhjelp/_index.md",
        &page("Selvhjelp", "", "Hjelp."),
    );
    f.write("content/selvhjelp/a.md", &page("A", "", "Tekst."));
    f.write("data/tall.csv", "a,b\n1,2\n");
    f.write("static/robots-extra.txt", "x");
    std::fs::create_dir_all(f.path("templates")).unwrap();
    f.write("templates/README", "egne maler");
    f
}

#[test]
fn refuses_outputs_that_would_replace_sources_or_foreign_files() {
    let f = site();
    f.write("annet/notat.txt", "mine egne filer");
    f.write("fil.txt", "en fil");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("viktig.txt"), "ikke slett").unwrap();
    std::os::unix::fs::symlink(f.path("content"), f.path("lenke-til-innhold")).unwrap();
    let root = f.root().display().to_string();
    let cases: Vec<(String, &str)> = vec![
        ("content".into(), "kildemappen content/"),
        (format!("{root}/content/selvhjelp"), "kildemappen content/"),
        ("themes".into(), "kildemappen themes/"),
        ("themes/default/static".into(), "kildemappen themes/"),
        ("templates".into(), "kildemappen templates/"),
        ("static".into(), "kildemappen static/"),
        ("data".into(), "kildemappen data/"),
        ("content/ny".into(), "kildemappen content/"),
        ("public/../content".into(), "kildemappen content/"),
        ("lenke-til-innhold".into(), "kildemappen content/"),
        ("lenke-til-innhold/ny".into(), "kildemappen content/"),
        (".".into(), "rotmappe"),
        (root.clone(), "rotmappe"),
        ("site.yaml".into(), "er en fil"),
        ("fil.txt".into(), "er en fil"),
        ("annet".into(), "ikke laget av kompetanse"),
        (
            outside.path().display().to_string(),
            "ikke laget av kompetanse",
        ),
        (
            outside.path().join("viktig.txt").display().to_string(),
            "er en fil",
        ),
    ];
    let before = snapshot(f.root());
    let outside_before = snapshot(outside.path());
    for (output, why) in &cases {
        // Relative outputs are taken from the working folder, as a user types them there.
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_kompetanse"))
            .current_dir(f.root())
            .args(["build", "--output", output])
            .output()
            .unwrap();
        let run = common::Run::from(run);
        assert_eq!(run.code, 2, "--output {output}: {}", run.stderr);
        run.assert_stderr(&[why, "tips:"]);
        assert_eq!(
            snapshot(f.root()),
            before,
            "--output {output} touched the site"
        );
        assert_eq!(
            snapshot(outside.path()),
            outside_before,
            "--output {output}"
        );
    }
    // --force is only for foreign folders: sources, the root and files stay refused.
    for output in ["content", ".", "site.yaml"] {
        let run = f.run(&[
            "build",
            "--force",
            "--output",
            &f.path(output).display().to_string(),
        ]);
        run.assert_fails(2);
    }
    assert_eq!(snapshot(f.root()), before);
}

#[test]
fn refuses_an_output_above_the_site_root() {
    let outer = tempfile::tempdir().unwrap();
    let f = site();
    let root = outer.path().join("nettsted");
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(f.root())
        .arg(&root)
        .status()
        .unwrap();
    assert!(copied.success());
    let before = snapshot(outer.path());
    for output in [outer.path().to_path_buf(), root.join("..")] {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_kompetanse"))
            .arg("--root")
            .arg(&root)
            .args(["build", "--force", "--output"])
            .arg(&output)
            .output()
            .unwrap();
        common::Run::from(run)
            .assert_fails(2)
            .assert_stderr(&["rotmappe", "eller en mappe over den"]);
        assert_eq!(snapshot(outer.path()), before);
    }
}

#[test]
fn accepts_new_empty_own_and_forced_folders() {
    let f = site();
    // A new folder, then the same folder again (it carries the marker now).
    f.run(&["build"]).assert_ok();
    assert!(f.output_exists(".kompetanse-utdata"));
    assert!(
        !f.read_output("sw.js").contains(".kompetanse-utdata"),
        "the marker is no file of the site"
    );
    f.run(&["build"]).assert_ok();

    let empty = f.path("tom");
    std::fs::create_dir_all(&empty).unwrap();
    f.run(&["build", "--output", &empty.display().to_string()])
        .assert_ok();
    assert!(empty.join("index.html").is_file());

    let foreign = f.path("fremmed");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("gammelt.txt"), "x").unwrap();
    let foreign_arg = foreign.display().to_string();
    f.run(&["build", "--output", &foreign_arg]).assert_fails(2);
    assert!(foreign.join("gammelt.txt").is_file());
    f.run(&["build", "--force", "--output", &foreign_arg])
        .assert_ok();
    assert!(!foreign.join("gammelt.txt").exists());
    assert!(foreign.join(".kompetanse-utdata").is_file());
    // From now on it is kompetanse's own folder.
    f.run(&["build", "--output", &foreign_arg]).assert_ok();
}

#[test]
fn a_build_removes_leftovers_of_killed_builds() {
    let f = site();
    f.build().assert_ok();
    // A process that has ended: its PID names no running build.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let alive = std::process::id();
    let leftovers = [
        format!(".public.bygges-{dead}"),
        format!(".public.bygges-{dead}.gammel"),
    ];
    for name in &leftovers {
        f.write(&format!("{name}/index.html"), "halvferdig");
    }
    // A build still running (this test process) and another output's folders stay.
    let kept = [
        format!(".public.bygges-{alive}"),
        format!(".annet.bygges-{dead}"),
    ];
    for name in &kept {
        f.write(&format!("{name}/index.html"), "pågår");
    }
    f.build().assert_ok();
    for name in &leftovers {
        assert!(!f.path(name).exists(), "{name} left behind");
    }
    for name in &kept {
        assert!(f.path(name).exists(), "{name} removed");
    }
}

#[test]
fn index_html_never_vanishes_while_builds_replace_the_output() {
    use kompetanse::write::Staging;
    use std::sync::atomic::{AtomicBool, Ordering};
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("public");
    let publish = |round: usize| {
        let staging = Staging::new(&target).unwrap();
        staging
            .write("index.html", format!("bygg {round}").as_bytes())
            .unwrap();
        staging.write("a/index.html", b"a").unwrap();
        staging.commit().unwrap();
    };
    publish(0);
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let reader = {
        let stop = stop.clone();
        let index = target.join("index.html");
        std::thread::spawn(move || {
            let (mut reads, mut missing) = (0u64, 0u64);
            while !stop.load(Ordering::Relaxed) {
                reads += 1;
                if std::fs::File::open(&index).is_err() {
                    missing += 1;
                }
            }
            (reads, missing)
        })
    };
    // Each swap is a window for the reader; a few hundred make a gap between two renames
    // show, and the loop is bounded either way.
    for round in 1..=400 {
        publish(round);
    }
    stop.store(true, Ordering::Relaxed);
    let (reads, missing) = reader.join().unwrap();
    assert!(reads > 1000, "the reader ran ({reads} reads)");
    assert_eq!(
        missing, 0,
        "index.html was missing in {missing} of {reads} reads"
    );
    assert_eq!(
        std::fs::read_to_string(target.join("index.html")).unwrap(),
        "bygg 400"
    );
}

/// A site without a theme folder of its own, for `theme eject`.
fn site_without_theme() -> Fixture {
    let f = site();
    std::fs::remove_dir_all(f.path("themes")).unwrap();
    f
}

#[test]
fn theme_eject_never_writes_through_a_symbolic_link() {
    use std::os::unix::fs::symlink;
    // A linked themes/default (or themes/) points outside the site: refused, nothing written.
    for linked in ["themes/default", "themes"] {
        let f = site_without_theme();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(f.path(linked).parent().unwrap()).unwrap();
        symlink(outside.path(), f.path(linked)).unwrap();
        for args in [&["theme", "eject"][..], &["theme", "eject", "--force"]] {
            f.run(args).assert_fails(2).assert_stderr(&[
                "symbolsk lenke",
                linked,
                "Ingenting ble skrevet",
            ]);
            assert_eq!(
                snapshot(outside.path()),
                vec![("".into(), None)],
                "{linked}"
            );
        }
    }

    // A dangling link in place of a theme file: it exists, so eject refuses without --force
    // and creates nothing where it points.
    let f = site_without_theme();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("ikke-her.html");
    std::fs::create_dir_all(f.path("themes/default/templates")).unwrap();
    symlink(&target, f.path("themes/default/templates/base.html")).unwrap();
    f.run(&["theme", "eject"])
        .assert_fails(2)
        .assert_stderr(&["finnes allerede", "base.html"]);
    assert!(
        !target.exists(),
        "eject created the target of a dangling link"
    );

    // With --force the link is replaced by the theme's file; the file it points to stays.
    std::fs::write(&target, "min egen fil").unwrap();
    f.run(&["theme", "eject", "--force"]).assert_ok();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "min egen fil");
    let base = f.path("themes/default/templates/base.html");
    assert!(!base.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(
        std::fs::read(&base).unwrap(),
        kompetanse::theme::builtin_file("templates/base.html").unwrap()
    );
    assert_eq!(snapshot(outside.path()).len(), 2, "only ikke-her.html");
}

#[test]
fn force_never_replaces_the_git_repository_or_what_holds_the_sources() {
    let f = site();
    common::git_on_day(f.root(), &["init", "-q"], "2024-03-08");
    common::git_on_day(f.root(), &["add", "-A"], "2024-03-08");
    common::git_on_day(f.root(), &["commit", "-qm", "start"], "2024-03-08");
    // content/ kept somewhere else and linked in: its real folder and the folder holding it
    // hold sources too.
    let elsewhere = tempfile::tempdir().unwrap();
    let real_content = elsewhere.path().join("innhold");
    std::fs::rename(f.path("content"), &real_content).unwrap();
    std::os::unix::fs::symlink(&real_content, f.path("content")).unwrap();
    let before = snapshot(f.root());
    let elsewhere_before = snapshot(elsewhere.path());
    let cases = [
        (f.path(".git").display().to_string(), "Git-depotet"),
        (f.path(".git/objects").display().to_string(), "Git-depotet"),
        (".git".into(), "Git-depotet"),
        (real_content.display().to_string(), "kildemappen content/"),
        (
            elsewhere.path().display().to_string(),
            "holder kildemappen content/",
        ),
    ];
    for (output, why) in &cases {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_kompetanse"))
            .current_dir(f.root())
            .args(["build", "--force", "--output", output])
            .output()
            .unwrap();
        common::Run::from(run)
            .assert_fails(2)
            .assert_stderr(&[why, "tips:"]);
        assert_eq!(snapshot(f.root()), before, "--output {output}");
        assert_eq!(
            snapshot(elsewhere.path()),
            elsewhere_before,
            "--output {output}"
        );
    }
    common::git(
        f.root(),
        &["status", "--short"],
        "2024-03-08T12:00:00+01:00",
        &[],
    )
    .assert_ok();
}

#[test]
fn force_never_replaces_a_git_repository_above_the_site() {
    // The site in a subfolder of its repository; .git is the site's sibling.
    let repo = tempfile::tempdir().unwrap();
    let f = site();
    let root = repo.path().join("portal");
    common::copy_tree(f.root(), &root);
    common::git_on_day(repo.path(), &["init", "-q"], "2024-03-08");
    let before = snapshot(repo.path());
    for output in [repo.path().join(".git"), repo.path().join(".git/hooks")] {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_kompetanse"))
            .arg("--root")
            .arg(&root)
            .args(["build", "--force", "--output"])
            .arg(&output)
            .output()
            .unwrap();
        common::Run::from(run)
            .assert_fails(2)
            .assert_stderr(&["Git-depotet"]);
        assert_eq!(snapshot(repo.path()), before);
    }
}

/// A requirement document with one requirement.
fn requirement_document(document_id: &str, text: &str) -> String {
    format!(
        "---\ntitle: \"Krav {document_id}\"\nkind: krav\nupdated: 2024-03-08\nowner: ROR-IKT Drift\naccess: public\ndocument_id: \"{document_id}\"\nversion: 1\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements:\n  - id: \"{document_id}-1\"\n    category: Nett\n    level: skal\n    text: \"{text}\"\n---\n\nKrav.\n"
    )
}

#[test]
fn the_requirement_workbook_is_written_whatever_the_document_ids() {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    let ids = [
        "KRAV-ÆØÅ",
        "krav-æøå",
        "History",
        "KRAV-MED-ET-SVÆRT-LANGT-NAVN-S'X", // cut after 31: ends in '
        "Alle KRAV",
    ];
    let f = site();
    for (n, id) in ids.iter().enumerate() {
        f.write(
            &format!("content/krav/k{n}.md"),
            &requirement_document(id, "Skal virke."),
        );
    }
    f.build().assert_ok();
    let page = f.read_output("rapporter/kravmatrise/index.html");
    assert!(
        page.contains("kravmatrise.xlsx"),
        "the page offers the workbook"
    );
    let bytes = std::fs::read(f.path("public/rapporter/kravmatrise/kravmatrise.xlsx"))
        .expect("kravmatrise.xlsx is written");
    let book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), ids.len() + 1, "{names:?}");
    let mut folded: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    folded.sort();
    folded.dedup();
    assert_eq!(
        folded.len(),
        names.len(),
        "unique regardless of case: {names:?}"
    );
    for name in &names {
        assert!(name.chars().count() <= 31, "{name}");
        assert!(!name.starts_with('\'') && !name.ends_with('\''), "{name}");
        assert_ne!(name.to_lowercase(), "history");
    }
}

#[test]
fn a_requirement_too_long_for_a_spreadsheet_cell_is_an_error() {
    let f = site();
    let text = "Lang tekst. ".repeat(3000);
    f.write(
        "content/krav/lang.md",
        &requirement_document("KRAV-LANG", &text),
    );
    let (code, items) = f.check_json(&[]);
    assert_eq!(code, 1);
    let found: Vec<(&str, u64, &str)> = items
        .iter()
        .filter(|d| d["code"] == "krav::too-long-for-excel")
        .map(|d| {
            (
                d["file"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(found.len(), 1, "{items:?}");
    assert_eq!((found[0].0, found[0].1), ("content/krav/lang.md", 12));
    for needle in [
        "teksten til kravet KRAV-LANG-1",
        "32767",
        "kravmatrise.xlsx",
    ] {
        assert!(found[0].2.contains(needle), "{needle}: {}", found[0].2);
    }
    f.build().assert_fails(1);
    assert!(!f.output_exists("index.html"));
}
