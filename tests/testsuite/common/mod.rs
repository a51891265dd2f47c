//! Fixture sites for integration tests: a temporary folder with site.yaml, the default theme
//! and whatever content a test writes.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

fn copy_tree(from: &Path, to: &Path) {
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
        fixture.write(
            "site.yaml",
            "title: Testportalen\nbase_url: https://test.example/\nlanguage: nb\nminify: false\n",
        );
        fixture.write(
            "content/_index.md",
            "---\ntitle: Testportalen\naccess: public\n---\n\nVelkommen til testportalen.\n",
        );
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
