//! CI for the content repository: the `kompetanse` commands of the example pipelines in
//! deploy/ are extracted and run here against a fixture site (so the pipelines run what the
//! tests run), the pipelines' structure is checked (check on every merge request, publish only
//! from main, the internal build never beside the public one), and the pre-commit hook is run
//! in a temporary repository.

use crate::common;
use common::{Fixture, Run};
use serde_json::Value;
use serde_yaml_ng::Value as Yaml;
use std::path::Path;
use std::process::Command;

const PIPELINES: [&str; 2] = ["deploy/github-actions.yml", "deploy/gitlab-ci.yml"];
const PUBLIC_MARKER: &str = "Offentlig-side-markør-7731";
const INTERNAL_MARKER: &str = "Intern-side-markør-5519";

fn repo_file(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The `kompetanse …` command lines of a pipeline file, in order.
fn kompetanse_commands(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let l = l.strip_prefix("- ").unwrap_or(l).trim_start();
            let l = l.strip_prefix("run:").map(str::trim_start).unwrap_or(l);
            l.starts_with("kompetanse ").then(|| l.to_string())
        })
        .collect()
}

/// Runs one pipeline command in `dir` as a shell would: `kompetanse ARGS [> FILE]`.
fn run_command(dir: &Path, command: &str) -> Run {
    assert!(
        !command.contains(['$', '"', '\'', '|', '&', ';', '\\', '<']),
        "pipeline commands are run word by word by this test; keep `{command}` simple"
    );
    let (command, redirect) = match command.split_once(" > ") {
        Some((c, file)) => (c, Some(file.trim())),
        None => (command, None),
    };
    let mut words = command.split_whitespace();
    assert_eq!(words.next(), Some("kompetanse"));
    let output = Command::new(env!("CARGO_BIN_EXE_kompetanse"))
        .current_dir(dir)
        .args(words)
        .output()
        .expect("run kompetanse");
    if let Some(file) = redirect {
        std::fs::write(dir.join(file), &output.stdout).unwrap();
    }
    Run::from(output)
}

/// Git at the one date of these tests.
fn git(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    common::git(dir, args, "2024-04-02T09:00:00+02:00", env)
}

fn page(title: &str, access: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nowner: ROR-IKT Kundeservice\naccess: {access}\n---\n\n{body}\n")
}

/// A content repository as CI sees it: a full clone with the site at its root.
fn content_repository() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/offentlig.md",
        &page("Offentlig side", "public", PUBLIC_MARKER),
    );
    f.write(
        "content/intern.md",
        &page("Intern side", "internal", INTERNAL_MARKER),
    );
    git(f.root(), &["init", "-q"], &[]).assert_ok();
    git(f.root(), &["add", "-A"], &[]).assert_ok();
    git(f.root(), &["commit", "-q", "-m", "Innhold"], &[]).assert_ok();
    f
}

fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            std::fs::read(e.path()).is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle))
        })
        .map(|e| e.path().display().to_string())
        .collect()
}

fn option<'a>(command: &'a str, name: &str) -> Option<&'a str> {
    let mut words = command.split_whitespace();
    words.find(|w| *w == name)?;
    words.next()
}

#[test]
fn pipeline_commands_check_and_build_the_site() {
    for pipeline in PIPELINES {
        let commands = kompetanse_commands(&repo_file(pipeline));
        for target in ["internal", "public"] {
            assert!(
                commands
                    .iter()
                    .any(|c| c.starts_with("kompetanse check --strict")
                        && option(c, "--target") == Some(target)),
                "{pipeline} checks --target {target}: {commands:?}"
            );
        }
        for target in ["public", "internal"] {
            assert!(
                commands
                    .iter()
                    .any(|c| c.starts_with("kompetanse build")
                        && option(c, "--target") == Some(target)),
                "{pipeline} builds --target {target}: {commands:?}"
            );
        }
        let f = content_repository();
        for command in &commands {
            let run = run_command(f.root(), command);
            run.assert_ok();
            if let Some(out) = option(command, "--output") {
                let out = f.root().join(out);
                match option(command, "--target") {
                    Some("public") => {
                        assert!(!files_containing(&out, PUBLIC_MARKER).is_empty());
                        assert_eq!(
                            files_containing(&out, INTERNAL_MARKER),
                            Vec::<String>::new(),
                            "{pipeline}: internal content in the public build"
                        );
                    }
                    Some("internal") => {
                        assert!(!files_containing(&out, INTERNAL_MARKER).is_empty());
                    }
                    other => panic!("{pipeline}: build without a target: {other:?}"),
                }
            }
            if command.contains("--format github") {
                assert_eq!(run.stdout, "", "{pipeline}: no problems, no annotations");
            }
            if let Some((_, file)) = command.split_once(" > ") {
                let report: Vec<Value> = serde_json::from_str(
                    &std::fs::read_to_string(f.root().join(file.trim())).unwrap(),
                )
                .unwrap();
                assert_eq!(report, Vec::<Value>::new(), "{pipeline}");
            }
        }
    }
}

#[test]
fn pipeline_check_fails_on_a_warning_and_shows_it_on_its_line() {
    for pipeline in PIPELINES {
        let f = content_repository();
        f.write(
            "content/offentlig.md",
            &page(
                "Offentlig side",
                "public",
                "Les mer\n[her](https://example.no/).",
            ),
        );
        let checks: Vec<String> = kompetanse_commands(&repo_file(pipeline))
            .into_iter()
            .filter(|c| c.starts_with("kompetanse check"))
            .collect();
        for command in &checks {
            let run = run_command(f.root(), command);
            run.assert_fails(1);
            if command.contains("--format github") {
                assert!(
                    run.stdout.contains(
                        "::error file=content/offentlig.md,line=8,col=1,title=a11y%3A%3Alink-text::"
                    ),
                    "{pipeline}: {}",
                    run.stdout
                );
            }
            if let Some((_, file)) = command.split_once(" > ") {
                let report: Vec<Value> = serde_json::from_str(
                    &std::fs::read_to_string(f.root().join(file.trim())).unwrap(),
                )
                .unwrap();
                assert_eq!(report.len(), 1, "{pipeline}: {report:?}");
                assert_eq!(report[0]["check_name"], "a11y::link-text");
                assert_eq!(report[0]["location"]["path"], "content/offentlig.md");
                assert_eq!(report[0]["location"]["lines"]["begin"], 8);
                run.assert_stderr(&["content/offentlig.md:8:1"]);
            }
        }
    }
}

fn yaml(rel: &str) -> Yaml {
    serde_yaml_ng::from_str(&repo_file(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The `kompetanse` commands of one job.
fn job_commands(job: &Yaml) -> Vec<String> {
    kompetanse_commands(&serde_yaml_ng::to_string(job).unwrap())
}

#[test]
fn github_checks_every_pull_request_and_publishes_only_from_main() {
    let workflow = yaml("deploy/github-actions.yml");
    let on = &workflow["on"];
    assert!(on.get("pull_request").is_some(), "runs on pull requests");
    assert_eq!(on["push"]["branches"][0], "main");
    let jobs = workflow["jobs"].as_mapping().unwrap();
    let mut checked = false;
    for (name, job) in jobs {
        let commands = job_commands(job);
        let condition = job["if"].as_str().unwrap_or("");
        if commands.iter().any(|c| c.contains("check --strict")) {
            assert_eq!(condition, "", "{name:?}: the check runs for every event");
            checked = true;
        }
        if commands.iter().any(|c| c.contains("kompetanse build")) {
            assert!(
                condition.contains("refs/heads/main") && condition.contains("push"),
                "{name:?} publishes only from main"
            );
            assert_eq!(job["needs"], "kontroll", "{name:?} waits for the check");
            let targets: Vec<&str> = commands
                .iter()
                .filter_map(|c| option(c, "--target"))
                .collect();
            assert_eq!(targets.len(), 1, "{name:?}: one target per job");
            if targets == ["internal"] {
                let steps = serde_yaml_ng::to_string(&job["steps"]).unwrap();
                assert!(
                    !steps.contains("upload-artifact"),
                    "the internal build is never an artifact"
                );
            }
        }
    }
    assert!(checked);
}

#[test]
fn gitlab_checks_every_merge_request_and_publishes_only_from_main() {
    let ci = yaml("deploy/gitlab-ci.yml");
    assert_eq!(
        ci["variables"]["GIT_DEPTH"], 0,
        "full history for Git dates"
    );
    let stages: Vec<&str> = ci["stages"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let jobs = ci.as_mapping().unwrap();
    let mut check_stage = None;
    let mut publish_jobs = 0;
    for (name, job) in jobs {
        let commands = job_commands(job);
        let rules = serde_yaml_ng::to_string(&job["rules"]).unwrap();
        if commands.iter().any(|c| c.contains("check --strict")) {
            assert!(rules.contains("merge_request_event"), "{name:?}");
            assert!(
                serde_yaml_ng::to_string(&job["artifacts"])
                    .unwrap()
                    .contains("codequality")
            );
            check_stage = stages.iter().position(|s| job["stage"] == *s);
        }
        if commands.iter().any(|c| c.contains("kompetanse build")) {
            publish_jobs += 1;
            assert!(rules.contains("CI_DEFAULT_BRANCH"), "{name:?}");
            assert!(!rules.contains("merge_request_event"), "{name:?}");
            let stage = stages.iter().position(|s| job["stage"] == *s).unwrap();
            assert!(Some(stage) > check_stage, "{name:?} runs after the check");
            let targets: Vec<&str> = commands
                .iter()
                .filter_map(|c| option(c, "--target"))
                .collect();
            assert_eq!(targets.len(), 1, "{name:?}: one target per job");
            if targets == ["internal"] {
                assert!(
                    job.get("artifacts").is_none(),
                    "the internal build is never an artifact"
                );
            }
        }
    }
    assert!(check_stage.is_some());
    assert_eq!(publish_jobs, 2);
}

/// A content repository with the pre-commit hook installed.
fn repository_with_hook() -> Fixture {
    let f = content_repository();
    let hook = f.root().join(".git/hooks/pre-commit");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/pre-commit"),
        &hook,
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    f
}

fn commit_with_hook(f: &Fixture, message: &str) -> Run {
    git(
        f.root(),
        &["commit", "-q", "-m", message],
        &[("KOMPETANSE", env!("CARGO_BIN_EXE_kompetanse"))],
    )
}

fn commit_count(f: &Fixture) -> usize {
    git(f.root(), &["rev-list", "--count", "HEAD"], &[])
        .stdout
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn pre_commit_hook_blocks_a_bad_staged_page() {
    let f = repository_with_hook();
    f.write(
        "content/ny.md",
        "---\ntitel: Skrivefeil\nowner: ROR-IKT\naccess: public\n---\n\nTekst.\n",
    );
    git(f.root(), &["add", "content/ny.md"], &[]).assert_ok();
    let run = commit_with_hook(&f, "Ny side");
    run.assert_fails(1).assert_stderr(&[
        "content/ny.md:2",
        "ukjent felt `titel`",
        "Commit stoppet",
    ]);
    assert_eq!(commit_count(&f), 1, "the commit was not made");

    // A new page has no commit yet, so it needs `updated` (as `kompetanse new` writes it).
    f.write(
        "content/ny.md",
        "---\ntitle: Ny side\nupdated: 2024-04-02\nowner: ROR-IKT\naccess: public\n---\n\nTekst.\n",
    );
    git(f.root(), &["add", "content/ny.md"], &[]).assert_ok();
    commit_with_hook(&f, "Ny side").assert_ok();
    assert_eq!(commit_count(&f), 2);
}

#[test]
fn pre_commit_hook_only_runs_for_site_files() {
    let f = repository_with_hook();
    // A broken page in the working tree that is not part of this commit.
    f.write("content/uferdig.md", "---\ntitle: [\n---\n");
    f.write("README.md", "Om repoet.\n");
    git(f.root(), &["add", "README.md"], &[]).assert_ok();
    commit_with_hook(&f, "Lesmeg").assert_ok();
    assert_eq!(commit_count(&f), 2);
    // site.yaml is a site file: now the check runs and finds the broken page.
    f.write(
        "site.yaml",
        "title: Testportalen\nbase_url: https://test.example/\nminify: false\n",
    );
    git(f.root(), &["add", "site.yaml"], &[]).assert_ok();
    commit_with_hook(&f, "Innstillinger")
        .assert_fails(1)
        .assert_stderr(&["content/uferdig.md"]);
}

#[test]
fn pre_commit_hook_without_the_program_says_how_to_fix_it() {
    let f = repository_with_hook();
    f.write("content/ny.md", &page("Ny side", "public", "Tekst."));
    git(f.root(), &["add", "content/ny.md"], &[]).assert_ok();
    git(
        f.root(),
        &["commit", "-q", "-m", "Ny side"],
        &[("KOMPETANSE", "/finnes/ikke/kompetanse")],
    )
    .assert_fails(1)
    .assert_stderr(&["fant ikke programmet", "--no-verify"]);
}

/// A public page that links an example passes the internal check, so only checking the public
/// target before merging stops it (before, `build --target public` failed on main).
#[test]
fn pipeline_check_stops_what_only_the_public_build_refuses() {
    for pipeline in PIPELINES {
        let f = content_repository();
        f.write(
            "content/eksempel.md",
            "---\ntitle: Eksempel\nupdated: 2024-04-02\nowner: ROR-IKT Kundeservice\naccess: public\nexample: true\n---\n\nTekst.\n",
        );
        f.write(
            "content/offentlig.md",
            &page("Offentlig side", "public", "Se [eksempelet](eksempel.md)."),
        );
        let checks: Vec<String> = kompetanse_commands(&repo_file(pipeline))
            .into_iter()
            .filter(|c| c.starts_with("kompetanse check"))
            .collect();
        let failed: Vec<&String> = checks
            .iter()
            .filter(|c| run_command(f.root(), c).code != 0)
            .collect();
        assert_eq!(failed.len(), 1, "{pipeline}: {checks:?}");
        assert_eq!(option(failed[0], "--target"), Some("public"), "{pipeline}");
    }
}

/// The shell lines of the download step of a pipeline (without package installs), with the
/// pinned version and checksum it declares.
fn download_lines(pipeline: &str) -> (Vec<String>, String, String) {
    let ci = yaml(pipeline);
    let (vars, lines): (&Yaml, Vec<String>) = if pipeline.contains("gitlab") {
        let lines = ci["default"]["before_script"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_string())
            .filter(|l| !l.starts_with("apk "))
            .collect();
        (&ci["variables"], lines)
    } else {
        let step = ci["jobs"]["kontroll"]["steps"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|s| s["run"].as_str().is_some_and(|r| r.contains("sha256sum")))
            .expect("a download step");
        let lines = step["run"]
            .as_str()
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        (&ci["env"], lines)
    };
    let var = |name: &str| {
        vars[name]
            .as_str()
            .unwrap_or_else(|| panic!("{name}"))
            .to_string()
    };
    assert!(
        !lines.iter().any(|l| l.contains("cargo ")),
        "{pipeline} compiles"
    );
    (lines, var("KOMPETANSE_VERSION"), var("KOMPETANSE_SHA256"))
}

/// Runs the download step of each pipeline against a release folder on disk (`file://`): the
/// binary lands on the PATH of the later steps when the checksum matches, and nothing runs
/// when it does not.
#[test]
fn pipelines_download_a_pinned_release_and_verify_its_checksum() {
    let release = tempfile::tempdir().unwrap();
    for pipeline in PIPELINES {
        let (lines, version, pinned) = download_lines(pipeline);
        assert_eq!(version, env!("CARGO_PKG_VERSION"), "{pipeline}");
        assert!(!pinned.is_empty());
        let folder = release.path().join(format!("v{version}"));
        std::fs::create_dir_all(&folder).unwrap();
        let archive = folder.join("kompetanse-x86_64-linux.tar.gz");
        if !archive.exists() {
            let stage = release.path().join("stage");
            std::fs::create_dir_all(&stage).unwrap();
            std::fs::copy(env!("CARGO_BIN_EXE_kompetanse"), stage.join("kompetanse")).unwrap();
            let tar = Command::new("tar")
                .args([
                    "-czf",
                    archive.to_str().unwrap(),
                    "-C",
                    stage.to_str().unwrap(),
                    "kompetanse",
                ])
                .status()
                .unwrap();
            assert!(tar.success());
        }
        let sum = Command::new("sha256sum").arg(&archive).output().unwrap();
        let sum = String::from_utf8(sum.stdout).unwrap();
        let sum = sum.split_whitespace().next().unwrap().to_string();
        for (checksum, ok) in [(sum.clone(), true), ("0".repeat(64), false)] {
            let work = tempfile::tempdir().unwrap();
            let path_file = work.path().join("github-path");
            let script = format!("set -e\n{}\necho \"$PATH\" > path.txt\n", lines.join("\n"));
            let run = Command::new("sh")
                .arg("-c")
                .arg(&script)
                .current_dir(work.path())
                .env("KOMPETANSE_VERSION", &version)
                .env("KOMPETANSE_SHA256", &checksum)
                .env(
                    "KOMPETANSE_RELEASES",
                    format!("file://{}", release.path().display()),
                )
                .env("CI_PROJECT_DIR", work.path())
                .env("RUNNER_TEMP", work.path())
                .env("GITHUB_PATH", &path_file)
                .output()
                .unwrap();
            let run = Run::from(run);
            if !ok {
                assert_ne!(run.code, 0, "{pipeline}: a wrong checksum was accepted");
                continue;
            }
            run.assert_ok();
            let bin_dir = if pipeline.contains("gitlab") {
                let path = std::fs::read_to_string(work.path().join("path.txt")).unwrap();
                path.split(':').next().unwrap().to_string()
            } else {
                std::fs::read_to_string(&path_file)
                    .unwrap()
                    .trim()
                    .to_string()
            };
            let version_run = Command::new(Path::new(&bin_dir).join("kompetanse"))
                .arg("--version")
                .output()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&version_run.stdout).trim(),
                format!("kompetanse {version}"),
                "{pipeline}"
            );
        }
    }
}

/// `init --ci` writes the pipeline (pinned to this version) and the hook, in a new site or
/// beside an existing one, and never over a file that is there.
#[test]
fn init_ci_writes_the_pipeline_and_the_hook() {
    for (host, path, template) in [
        ("gitlab", ".gitlab-ci.yml", "deploy/gitlab-ci.yml"),
        (
            "github",
            ".github/workflows/kompetanse.yml",
            "deploy/github-actions.yml",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let new = Command::new(env!("CARGO_BIN_EXE_kompetanse"))
            .current_dir(dir.path())
            .args(["init", "--ci", host, "nytt"])
            .output()
            .unwrap();
        Run::from(new).assert_ok();
        let site = dir.path().join("nytt");
        let written = std::fs::read_to_string(site.join(path)).unwrap();
        let parsed: Yaml = serde_yaml_ng::from_str(&written).unwrap();
        let expected: Yaml = serde_yaml_ng::from_str(&repo_file(template)).unwrap();
        assert_eq!(
            kompetanse_commands(&written),
            kompetanse_commands(&repo_file(template))
        );
        let vars = if host == "gitlab" { "variables" } else { "env" };
        assert_eq!(
            parsed[vars]["KOMPETANSE_VERSION"],
            env!("CARGO_PKG_VERSION")
        );
        assert_eq!(parsed["stages"], expected["stages"]);
        let hook = site.join(".githooks/pre-commit");
        assert_eq!(
            std::fs::read_to_string(&hook).unwrap(),
            repo_file("deploy/pre-commit")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&hook).unwrap().permissions().mode() & 0o111,
                0o111
            );
        }

        // An existing site gets only the CI files; a second time is refused, nothing changed.
        let f = Fixture::new();
        f.run(&["init", "--ci", host]).assert_ok();
        assert!(f.path(path).is_file());
        std::fs::write(f.path(path), "mitt").unwrap();
        f.run(&["init", "--ci", host])
            .assert_fails(2)
            .assert_stderr(&["finnes allerede"]);
        assert_eq!(std::fs::read_to_string(f.path(path)).unwrap(), "mitt");
    }
}
