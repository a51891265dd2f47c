//! Fixture sites for integration tests: a temporary folder with site.yaml, the default theme
//! and whatever content a test writes, or a whole site copied from tests/testsuite/sites/.
//! Also the helpers several areas share: Git at a fixed date, `check --format json`, CSV.
#![allow(dead_code)]

pub mod serve;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

/// Copies the folder `from` with everything in it to `to`, which may exist.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Front matter every page kind accepts, for tests that do not care about fields.
pub fn page(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nupdated: 2024-03-08\nowner: ROR-IKT Kundeservice\naccess: public\n{extra}---\n\n{body}\n"
    )
}

/// The content kinds `kind:` accepts.
pub const KINDS: [&str; 7] = [
    "artikkel",
    "nyhet",
    "tjeneste",
    "krav",
    "beredskapsplan",
    "behandling",
    "begrep",
];

/// Runs git in `dir` with a fixed author, both dates at `date` (RFC 3339) and `env` added.
/// The caller's GIT_DIR and friends are dropped: run from a Git hook, git would otherwise act
/// on this project's repository instead of the test's.
pub fn git(dir: &Path, args: &[&str], date: &str, env: &[(&str, &str)]) -> Run {
    Command::new("git")
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
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .envs(env.iter().copied())
        .output()
        .expect("run git")
        .into()
}

/// `git` (above) on `day` at noon, Norwegian winter time; fails the test when git fails.
pub fn git_on_day(dir: &Path, args: &[&str], day: &str) {
    git(dir, args, &format!("{day}T12:00:00+01:00"), &[]).assert_ok();
}

/// The (code, line) of each diagnostic of `check --format json` about `file`, in order.
pub fn codes_of(items: &[Value], file: &str) -> Vec<(String, u64)> {
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

/// The rows of a report's CSV file as written for Excel (a byte order mark, `;` between
/// cells, CRLF line ends, `"` around cells that need it), each as its cells unquoted.
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a report CSV starts with a byte order mark");
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (';', false) => row.push(std::mem::take(&mut cell)),
            ('\r', false) => {
                assert_eq!(chars.next(), Some('\n'), "a lone CR in {text:?}");
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            ('\n', false) => panic!("a line ends without CR in {text:?}"),
            (c, _) => cell.push(c),
        }
    }
    assert!(!quoted, "an unclosed quote in {text:?}");
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// The default fixture's settings: the vocabularies are the ones the fixture sites use.
pub const SITE_YAML: &str = "title: Testportalen\nbase_url: https://test.example/\nlanguage: nb\nminify: false\nvocabularies:\n  municipalities: {molde: Molde, rauma: Rauma}\n  areas: {oppvekst-og-utdanning: Oppvekst og utdanning, teknisk: Teknisk}\n  audiences: {ansatte: Ansatte, ledere: Ledere}\n";

impl Fixture {
    /// A site with the default theme, a home page and nothing else.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_tree(
            &repo.join("themes/default"),
            &dir.path().join("themes/default"),
        );
        let fixture = Fixture { dir };
        fixture.write("site.yaml", SITE_YAML);
        fixture.write(
            "content/_index.md",
            "---\ntitle: Testportalen\naccess: public\n---\n\nVelkommen til testportalen.\n",
        );
        fixture
    }

    /// The fixture site tests/testsuite/sites/`name` over the default site of [`Fixture::new`]:
    /// its files replace those of the same name.
    pub fn site(name: &str) -> Fixture {
        let fixture = Fixture::new();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/testsuite/sites")
            .join(name);
        assert!(from.is_dir(), "no fixture site {}", from.display());
        copy_tree(&from, fixture.root());
        fixture
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap();
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_kompetanse"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .envs(env.iter().copied())
            .output()
            .expect("run kompetanse");
        Run::from(output)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// A file of the site (not of the output), as text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The diagnostics of `check --format json ARGS`, one JSON object a line, and the exit code.
    pub fn check_json(&self, args: &[&str]) -> (i32, Vec<Value>) {
        let mut all = vec!["check", "--format", "json"];
        all.extend(args);
        let run = self.run(&all);
        let items = run
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        (run.code, items)
    }

    /// A report CSV file of the output, as rows of cells (see [`csv_rows`]).
    pub fn read_csv(&self, rel: &str) -> Vec<Vec<String>> {
        csv_rows(&self.read_output(rel))
    }

    pub fn read_output(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path("public").join(rel))
            .unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    pub fn output_exists(&self, rel: &str) -> bool {
        self.path("public").join(rel).exists()
    }

    /// Every file of the output, as (relative path, bytes).
    pub fn output_files(&self, dir: &str) -> Vec<(String, Vec<u8>)> {
        let base = self.path(dir);
        walkdir::WalkDir::new(&base)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path()
                        .strip_prefix(&base)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub fn assert_ok(&self) -> &Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn assert_fails(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts the exit code and that stderr names each of `needles`, for one `case` of a
    /// table of bad inputs (the case is named when it fails).
    #[track_caller]
    pub fn assert_case(&self, case: &str, code: i32, needles: &[&str]) -> &Run {
        assert_eq!(self.code, code, "{case}: {}", self.stderr);
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "{case}: stderr lacks {needle:?}:\n{}",
                self.stderr
            );
        }
        self
    }

    /// Asserts stderr contains each of `needles`.
    #[track_caller]
    pub fn assert_stderr(&self, needles: &[&str]) -> &Run {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr lacks {needle:?}:\n{}",
                self.stderr
            );
        }
        self
    }
}
