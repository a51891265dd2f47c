//! Dates from Git, in temporary repositories with commits at fixed dates: a page without
//! `updated` gets the date of its last commit, a page whose `updated` is far behind its last
//! edit gets a warning, and a site without usable history builds as before with one note.

use crate::common;
use common::Fixture;
use kompetanse::git::{Change, History};
use kompetanse::incremental::Session;
use kompetanse::{BuildOptions, Mode};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str], date: &str) {
    let stamp = format!("{date}T12:00:00+01:00");
    let output = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Kari Redaktør",
            "-c",
            "user.email=kari@example.no",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Commits everything in `dir` as of `date`.
fn commit(dir: &Path, message: &str, date: &str) {
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "-m", message], date);
}

fn page(title: &str, updated: Option<&str>, body: &str) -> String {
    let updated = updated
        .map(|d| format!("updated: {d}\n"))
        .unwrap_or_default();
    format!(
        "---\ntitle: {title}\n{updated}owner: ROR-IKT Kundeservice\naccess: public\n---\n\n{body}\n"
    )
}

fn json(f: &Fixture, args: &[&str]) -> (i32, Vec<Value>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let run = f.run(&all);
    let items = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (run.code, items)
}

fn codes_of(items: &[Value], file: &str) -> Vec<(String, u64)> {
    items
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// A repository with:
/// - `uten-dato.md`: no `updated`, created 2024-01-10, edited 2024-05-10;
/// - `glemt.md`: `updated: 2024-01-10`, created then, edited 2024-05-10 (121 days later);
/// - `nylig.md`: `updated: 2024-05-01`, edited 2024-05-10 (9 days later);
/// - `importert.md`: `updated: 2019-06-01`, only created (2024-05-10).
fn repository() -> Fixture {
    let f = Fixture::new();
    git(f.root(), &["init", "-q"], "2024-01-10");
    f.write(
        "content/uten-dato.md",
        &page("Uten dato", None, "Første utgave."),
    );
    f.write(
        "content/glemt.md",
        &page("Glemt", Some("2024-01-10"), "Første utgave."),
    );
    f.write(
        "content/nylig.md",
        &page("Nylig", Some("2024-01-10"), "Første utgave."),
    );
    commit(f.root(), "Første utgave", "2024-01-10");
    f.write(
        "content/uten-dato.md",
        &page("Uten dato", None, "Andre utgave."),
    );
    f.write(
        "content/glemt.md",
        &page("Glemt", Some("2024-01-10"), "Andre utgave."),
    );
    f.write(
        "content/nylig.md",
        &page("Nylig", Some("2024-05-01"), "Andre utgave."),
    );
    f.write(
        "content/importert.md",
        &page("Importert", Some("2019-06-01"), "Et gammelt dokument."),
    );
    commit(f.root(), "Andre utgave", "2024-05-10");
    f
}

#[test]
fn page_without_updated_gets_the_date_of_its_last_commit() {
    let f = repository();
    f.build().assert_ok();
    let html = f.read_output("uten-dato/index.html");
    assert!(
        html.contains("<time datetime=\"2024-05-10\">10. mai 2024</time>"),
        "{html}"
    );
    let sitemap = f.read_output("sitemap.xml");
    assert!(
        sitemap.contains("<lastmod>2024-05-10</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn updated_far_behind_the_last_edit_is_a_warning_on_its_line() {
    let f = repository();
    let (code, items) = json(&f, &[]);
    assert_eq!(code, 0, "{items:#?}");
    assert_eq!(
        codes_of(&items, "content/glemt.md"),
        vec![("git::updated-behind".to_string(), 3)]
    );
    let warning = items
        .iter()
        .find(|d| d["file"] == "content/glemt.md")
        .unwrap();
    let message = warning["message"].as_str().unwrap();
    assert!(message.contains("121 dager"), "{message}");
    assert!(message.contains("«Andre utgave»"), "{message}");
    assert!(
        warning["help"]
            .as_str()
            .unwrap()
            .contains("updated: 2024-05-10")
    );
    // Within the tolerance, and a file that was only added: no warning.
    assert_eq!(codes_of(&items, "content/nylig.md"), vec![]);
    assert_eq!(codes_of(&items, "content/importert.md"), vec![]);
    assert_eq!(codes_of(&items, "content/uten-dato.md"), vec![]);
    assert!(!items.iter().any(|d| d["code"] == "git::unavailable"));
    // --strict fails on it.
    assert_eq!(json(&f, &["--strict"]).0, 1);
}

#[test]
fn the_tolerance_comes_from_site_yaml() {
    let f = repository();
    f.write(
        "site.yaml",
        "title: T\nbase_url: https://test.example/\nchecks:\n  updated_tolerance_days: 5\n",
    );
    let (_, items) = json(&f, &[]);
    assert_eq!(
        codes_of(&items, "content/nylig.md"),
        vec![("git::updated-behind".to_string(), 3)]
    );
}

#[test]
fn page_without_updated_and_without_commit_is_still_an_error() {
    let f = repository();
    f.write("content/ny.md", &page("Ny", None, "Ikke lagt inn i Git."));
    f.run(&["check"]).assert_fails(1).assert_stderr(&[
        "content/ny.md:1",
        "`updated`",
        "commit filen i Git",
    ]);
}

#[test]
fn site_in_a_subfolder_of_the_repository() {
    let f = Fixture::new();
    let repo = tempfile::tempdir().unwrap();
    let site = repo.path().join("nettsted");
    std::fs::create_dir_all(&site).unwrap();
    // Move the fixture's site into the subfolder.
    for entry in walkdir::WalkDir::new(f.root()) {
        let entry = entry.unwrap();
        let target = site.join(entry.path().strip_prefix(f.root()).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    std::fs::write(site.join("content/a.md"), page("A", None, "Tekst.")).unwrap();
    git(repo.path(), &["init", "-q"], "2023-11-02");
    commit(repo.path(), "Ny side", "2023-11-02");
    let out = Command::new(env!("CARGO_BIN_EXE_kompetanse"))
        .args(["--root"])
        .arg(&site)
        .arg("build")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(site.join("public/a/index.html")).unwrap();
    assert!(html.contains("<time datetime=\"2023-11-02\">"), "{html}");
}

#[test]
fn not_a_git_tree_builds_as_before_with_one_note() {
    let f = Fixture::new();
    f.write("content/a.md", &page("A", Some("2024-01-01"), "Tekst."));
    f.write("content/b.md", &page("B", Some("2024-01-01"), "Tekst."));
    let (code, items) = json(&f, &[]);
    assert_eq!(code, 0);
    assert!(items.is_empty(), "every page has `updated`: {items:#?}");
    f.write("content/c.md", &page("C", None, "Tekst."));
    let (code, items) = json(&f, &[]);
    assert_eq!(code, 1);
    let notes: Vec<&Value> = items
        .iter()
        .filter(|d| d["code"] == "git::unavailable")
        .collect();
    assert_eq!(notes.len(), 1, "{items:#?}");
    assert_eq!(notes[0]["severity"], "note");
    assert!(
        notes[0]["message"]
            .as_str()
            .unwrap()
            .contains("Git-arbeidstre")
    );
    // Without history, a missing `updated` is the error it always was.
    f.run(&["check"])
        .assert_fails(1)
        .assert_stderr(&["content/c.md:1", "`updated`"]);
}

#[test]
fn shallow_clone_is_told_and_ignored() {
    let origin = repository();
    // A clone of depth 1 has only the last commit: its dates would be wrong for older files.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.root().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "site"],
        "2024-06-01",
    );
    let site = clone.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_kompetanse"))
        .arg("--root")
        .arg(&site)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("grunn klone"), "{stdout}");
    assert!(stdout.contains("fetch-depth: 0"), "{stdout}");
    // uten-dato.md has no `updated`, and no history is used.
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("content/uten-dato.md"), "{stdout}");
    assert!(!stdout.contains("git::updated-behind"), "{stdout}");
}

#[test]
fn missing_git_program_is_told_and_ignored() {
    let f = repository();
    let empty = tempfile::tempdir().unwrap();
    let run = f.run_with_env(
        &["check", "--format", "json"],
        &[("PATH", empty.path().to_str().unwrap())],
    );
    assert!(
        run.stdout.contains("fant ikke programmet `git`"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1, "uten-dato.md needs `updated` now");
}

#[test]
fn history_follows_renames_and_lists_commits_per_file() {
    let f = repository();
    git(
        f.root(),
        &["mv", "content/glemt.md", "content/husket.md"],
        "2024-06-01",
    );
    commit(f.root(), "Nytt navn", "2024-06-01");
    let history = History::read(f.root(), &["content"]).unwrap();
    let changes = history.of_file("content/husket.md");
    let summary: Vec<(String, Change)> = changes
        .iter()
        .map(|c| (history.commit(c).subject.clone(), c.change))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("Nytt navn".to_string(), Change::Renamed { similarity: 100 }),
            ("Andre utgave".to_string(), Change::Modified),
            ("Første utgave".to_string(), Change::Added),
        ]
    );
    let first = history.commit(&changes[2]);
    assert_eq!(first.author, "Kari Redaktør");
    assert_eq!(first.date.to_string(), "2024-01-10");
    assert_eq!(first.timestamp, "2024-01-10T12:00:00+01:00");
    assert_eq!(
        history.last_commit("content/importert.md").unwrap().subject,
        "Andre utgave"
    );
}

#[test]
fn empty_repository_has_an_empty_history() {
    let f = Fixture::new();
    git(f.root(), &["init", "-q"], "2024-01-01");
    let history = History::read(f.root(), &["content"]).unwrap();
    assert_eq!(history.commits.len(), 0);
}

#[test]
fn live_preview_keeps_the_git_date_after_a_body_edit() {
    let f = repository();
    let mut options = BuildOptions::new(f.root());
    options.mode = Mode::Build;
    let mut session = Session::new(options);
    session.rebuild(&[]).expect("first build");
    f.write(
        "content/uten-dato.md",
        &page("Uten dato", None, "Tredje utgave."),
    );
    session
        .rebuild(&[f.path("content/uten-dato.md")])
        .expect("rebuild");
    assert!(session.last_was_incremental);
    let html = f.read_output("uten-dato/index.html");
    assert!(html.contains("Tredje utgave."));
    assert!(html.contains("<time datetime=\"2024-05-10\">"), "{html}");
}
