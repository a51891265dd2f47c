//! A site's Git history, read in one pass: one `git log` subprocess lists every commit with
//! the files it changed, and the output is parsed here into a list of commits per file.
//!
//! One call for the whole site, because a `git log` per file costs a process start and a walk
//! of the history each time: minutes at 10,000 pages (see BENCHMARKS.md). The `git` program
//! is used rather than the `gix` crate, which would add many crates and minutes of compile
//! time for what one subprocess does.
//!
//! Used for the dates of pages without `updated` (`checks::git_dates`) and for the change
//! history of requirement documents (`derive::krav_history`), which reads the file's text at
//! each of its commits with [`History::read_versions`]: one `git cat-file --batch` process for
//! all of them.

use crate::date::Date;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// One commit, as far as the site cares about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    /// The day in the author's own time zone, as the author saw it.
    pub date: Date,
    /// The author date as written by Git (`2024-03-08T14:05:00+01:00`).
    pub timestamp: String,
    pub author: String,
    /// The first line of the message.
    pub subject: String,
}

/// How a commit changed a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Modified,
    /// Moved here from another path; `similarity` is Git's estimate in percent (100: same text).
    Renamed {
        similarity: u8,
    },
    Deleted,
    /// Type changes, copies and anything else Git reports.
    Other,
}

/// A file's part in one commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileChange {
    /// Index into [`History::commits`].
    pub commit: usize,
    pub change: Change,
}

impl FileChange {
    /// Whether the commit changed the file's text (not only created, moved or deleted it).
    pub fn is_edit(&self) -> bool {
        match self.change {
            Change::Modified | Change::Other => true,
            Change::Renamed { similarity } => similarity < 100,
            Change::Added | Change::Deleted => false,
        }
    }
}

/// Every commit reachable from `HEAD` that touched the paths asked for, and per file the
/// commits that changed it, newest first. File paths are relative to the site root, with `/`,
/// and follow renames: the history of `content/ny.md` includes the commits made to it under
/// its old name.
#[derive(Debug, Default, Clone)]
pub struct History {
    /// Newest first.
    pub commits: Vec<Commit>,
    files: HashMap<String, Vec<FileChange>>,
    /// The path a file had in a commit, where it differs from its current name: (current
    /// name, commit index) → historic name, both relative to the site root.
    old_names: HashMap<(String, usize), String>,
    /// The site root's path inside the repository (`nettsted/`, or empty).
    prefix: String,
}

/// Why there is no history; the site is built without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// The site is not in a Git working tree.
    NotARepository,
    /// The `git` program could not be started.
    GitMissing,
    /// A shallow clone has only part of the history, so its dates would be wrong.
    Shallow,
    /// Git ran but failed; its message.
    Failed(String),
}

impl Unavailable {
    /// A sentence for editors, in Norwegian.
    pub fn explain(&self) -> String {
        match self {
            Unavailable::NotARepository => "nettstedet ligger ikke i et Git-arbeidstre".into(),
            Unavailable::GitMissing => "fant ikke programmet `git`".into(),
            Unavailable::Shallow => {
                "Git-arbeidstreet er en grunn klone (shallow clone) uten hele historikken".into()
            }
            Unavailable::Failed(message) => format!("`git` feilet: {message}"),
        }
    }
}

impl History {
    /// Reads the history of `pathspecs` (relative to `root`, e.g. `["content"]`) in the Git
    /// working tree that contains `root`.
    pub fn read(root: &Path, pathspecs: &[&str]) -> Result<History, Unavailable> {
        let probe = git(root)
            .args([
                "rev-parse",
                "--is-inside-work-tree",
                "--is-shallow-repository",
                "--show-prefix",
            ])
            .output()
            .map_err(|_| Unavailable::GitMissing)?;
        if !probe.status.success() {
            let message = String::from_utf8_lossy(&probe.stderr);
            return Err(if message.contains("not a git repository") {
                Unavailable::NotARepository
            } else {
                Unavailable::Failed(first_line(&message))
            });
        }
        let probe = String::from_utf8_lossy(&probe.stdout).into_owned();
        let mut lines = probe.lines();
        if lines.next() != Some("true") {
            return Err(Unavailable::NotARepository);
        }
        if lines.next() == Some("true") {
            return Err(Unavailable::Shallow);
        }
        let prefix = lines.next().unwrap_or("").to_string();

        let log = git(root)
            .args([
                "log",
                "-z",
                "-M",
                "--name-status",
                "--no-color",
                "--format=%x1e%H%x1f%aI%x1f%aN%x1f%s",
                "--",
            ])
            .args(pathspecs)
            .output()
            .map_err(|_| Unavailable::GitMissing)?;
        if !log.status.success() {
            // A new repository without commits has no history, which is not a failure.
            let has_head = git(root)
                .args(["rev-parse", "-q", "--verify", "HEAD"])
                .output()
                .is_ok_and(|o| o.status.success());
            if !has_head {
                return Ok(History::default());
            }
            return Err(Unavailable::Failed(first_line(&String::from_utf8_lossy(
                &log.stderr,
            ))));
        }
        Ok(History::parse(
            &String::from_utf8_lossy(&log.stdout),
            &prefix,
        ))
    }

    /// Parses `git log -z -M --name-status --format=%x1e%H%x1f%aI%x1f%aN%x1f%s` output;
    /// `prefix` is the site root's path inside the repository (`nettsted/`, or empty), which
    /// is taken off every file path.
    pub fn parse(output: &str, prefix: &str) -> History {
        let mut history = History {
            prefix: prefix.to_string(),
            ..History::default()
        };
        // Historic path → the path the file has now, filled as renames are met going back.
        let mut current_name: HashMap<String, String> = HashMap::new();
        let mut tokens = output.split('\0');
        let mut commit: Option<usize> = None;
        while let Some(token) = tokens.next() {
            let token = token.trim_start_matches('\n');
            if token.is_empty() {
                continue;
            }
            if let Some(header) = token.strip_prefix('\x1e') {
                commit = parse_header(header).map(|c| {
                    history.commits.push(c);
                    history.commits.len() - 1
                });
                continue;
            }
            let Some(commit) = commit else { continue };
            let status = token;
            let (change, paths) = match status.as_bytes()[0] {
                b'A' => (Change::Added, 1),
                b'M' => (Change::Modified, 1),
                b'D' => (Change::Deleted, 1),
                b'R' => (
                    Change::Renamed {
                        similarity: status[1..].parse().unwrap_or(0),
                    },
                    2,
                ),
                b'C' => (Change::Other, 2),
                _ => (Change::Other, 1),
            };
            let mut names: Vec<&str> = Vec::with_capacity(2);
            for _ in 0..paths {
                match tokens.next() {
                    Some(name) => names.push(name),
                    None => break,
                }
            }
            let Some(&path) = names.last() else { break };
            let Some(path) = path.strip_prefix(prefix) else {
                continue;
            };
            let key = current_name
                .get(path)
                .cloned()
                .unwrap_or_else(|| path.to_string());
            if let (Change::Renamed { .. }, Some(old)) = (change, names.first()) {
                if let Some(old) = old.strip_prefix(prefix) {
                    current_name.insert(old.to_string(), key.clone());
                }
            }
            if key != path {
                history
                    .old_names
                    .insert((key.clone(), commit), path.to_string());
            }
            history
                .files
                .entry(key)
                .or_default()
                .push(FileChange { commit, change });
        }
        history
    }

    /// The commits that changed `path` (relative to the site root), newest first.
    pub fn of_file(&self, path: &str) -> &[FileChange] {
        self.files.get(path).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The newest commit that touched `path`.
    pub fn last_commit(&self, path: &str) -> Option<&Commit> {
        self.of_file(path).first().map(|c| &self.commits[c.commit])
    }

    pub fn commit(&self, change: &FileChange) -> &Commit {
        &self.commits[change.commit]
    }

    /// How many files have at least one commit.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// The path (relative to the site root) that the file now at `path` had after `change`.
    pub fn path_at<'a>(&'a self, path: &'a str, change: &FileChange) -> &'a str {
        self.old_names
            .get(&(path.to_string(), change.commit))
            .map_or(path, String::as_str)
    }

    /// The text of files as they were after given commits, read by one `git cat-file --batch`
    /// process in the working tree that contains `root`. Each request is a commit hash and a
    /// path relative to the site root; the answer for a request is `None` where the file did
    /// not exist in that commit (or is not text).
    pub fn read_versions(
        &self,
        root: &Path,
        requests: &[(&str, &str)],
    ) -> Result<Vec<Option<String>>, Unavailable> {
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        // A path with a line break cannot be written on cat-file's input; it gets no text.
        let lines: String = requests
            .iter()
            .map(|(hash, path)| {
                let path = if path.contains(['\n', '\r']) {
                    ""
                } else {
                    path
                };
                format!("{hash}:{}{path}\n", self.prefix)
            })
            .collect();
        let mut child = git(root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|_| Unavailable::GitMissing)?;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        // Written from another thread: Git answers while it reads, and a full output pipe
        // would otherwise stop both sides.
        let writer = std::thread::spawn(move || stdin.write_all(lines.as_bytes()));
        let mut out = Vec::new();
        let read = child
            .stdout
            .take()
            .expect("stdout is piped")
            .read_to_end(&mut out);
        let written = writer.join();
        let status = child.wait();
        let failed = |what: String| Unavailable::Failed(what);
        if read.is_err() || !matches!(written, Ok(Ok(()))) || !status.is_ok_and(|s| s.success()) {
            let mut message = String::new();
            if let Some(mut err) = child.stderr.take() {
                let _ = err.read_to_string(&mut message);
            }
            return Err(failed(first_line(&message)));
        }
        parse_batch(&out, requests.len())
            .ok_or_else(|| failed("uventet svar fra `git cat-file`".into()))
    }
}

/// Parses `git cat-file --batch` output: per request `<oid> <type> <size>\n<bytes>\n`, or
/// `<name> missing\n` (also `ambiguous`) when there is no such object.
fn parse_batch(mut out: &[u8], count: usize) -> Option<Vec<Option<String>>> {
    let mut answers = Vec::with_capacity(count);
    for _ in 0..count {
        let end = out.iter().position(|&b| b == b'\n')?;
        let header = std::str::from_utf8(&out[..end]).ok()?;
        out = &out[end + 1..];
        let mut fields = header.rsplitn(3, ' ');
        let last = fields.next()?;
        let kind = fields.next();
        match (kind, last.parse::<usize>()) {
            (Some(kind), Ok(size)) => {
                let body = out.get(..size)?;
                out = out.get(size + 1..)?;
                answers.push(if kind == "blob" {
                    String::from_utf8(body.to_vec()).ok()
                } else {
                    None
                });
            }
            _ => answers.push(None),
        }
    }
    Some(answers)
}

/// `git` in `dir`, with messages in English so they can be recognised.
/// The text of `path` (relative to `root`) as of `rev`, or `None` where Git has no such file.
pub fn file_at(root: &Path, rev: &str, path: &str) -> Option<String> {
    let output = git(root)
        .args(["show", &format!("{rev}:./{path}")])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C")
        .args([
            "-c",
            "core.quotePath=false",
            "-c",
            "log.showSignature=false",
        ]);
    command
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("ukjent feil")
        .trim_start_matches("fatal: ")
        .to_string()
}

fn parse_header(header: &str) -> Option<Commit> {
    let mut fields = header.splitn(4, '\x1f');
    let hash = fields.next()?.to_string();
    let timestamp = fields.next()?.to_string();
    let author = fields.next()?.to_string();
    let subject = fields.next().unwrap_or("").trim_end().to_string();
    let date = Date::parse(timestamp.get(..10)?)?;
    Some(Commit {
        hash,
        date,
        timestamp,
        author,
        subject,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(hash: &str, date: &str, subject: &str) -> String {
        format!("\x1e{hash}\x1f{date}T10:00:00+01:00\x1fKari Nordmann\x1f{subject}\0")
    }

    #[test]
    fn parses_commits_and_files_newest_first() {
        let out = format!(
            "{}\nM\0content/a.md\0A\0content/æ b.md\0{}\nA\0content/a.md\0",
            header("bbb", "2024-02-01", "Rett skrivefeil"),
            header("aaa", "2024-01-01", "Første")
        );
        let h = History::parse(&out, "");
        assert_eq!(h.commits.len(), 2);
        let a = h.of_file("content/a.md");
        assert_eq!(a.len(), 2);
        assert_eq!(h.commit(&a[0]).subject, "Rett skrivefeil");
        assert_eq!(a[0].change, Change::Modified);
        assert_eq!(a[1].change, Change::Added);
        assert_eq!(
            h.last_commit("content/æ b.md").unwrap().date,
            Date::new(2024, 2, 1).unwrap()
        );
        assert!(h.last_commit("content/c.md").is_none());
    }

    #[test]
    fn follows_renames_to_the_current_name() {
        let out = format!(
            "{}\nR100\0content/gammel.md\0content/ny.md\0{}\nM\0content/gammel.md\0{}\nA\0content/gammel.md\0",
            header("c3", "2024-03-01", "Flytt"),
            header("c2", "2024-02-01", "Endre"),
            header("c1", "2024-01-01", "Lag")
        );
        let h = History::parse(&out, "");
        let changes = h.of_file("content/ny.md");
        assert_eq!(changes.len(), 3);
        assert!(!changes[0].is_edit(), "a pure rename changes no text");
        assert!(changes[1].is_edit());
        assert!(!changes[2].is_edit());
        assert!(h.of_file("content/gammel.md").is_empty());
        assert_eq!(h.path_at("content/ny.md", &changes[0]), "content/ny.md");
        assert_eq!(h.path_at("content/ny.md", &changes[1]), "content/gammel.md");
        assert_eq!(h.path_at("content/ny.md", &changes[2]), "content/gammel.md");
    }

    #[test]
    fn parses_cat_file_batch_output() {
        let out = b"abc blob 5\nhei\n!\nabc:content/x y.md missing\nd1 tree 3\n\x00\x01\x02\nd2 blob 0\n\n";
        assert_eq!(
            parse_batch(out, 4).unwrap(),
            vec![Some("hei\n!".to_string()), None, None, Some(String::new())]
        );
        assert!(
            parse_batch(b"abc blob 10\nkort\n", 1).is_none(),
            "truncated output"
        );
    }

    #[test]
    fn takes_the_site_prefix_off_and_skips_other_paths() {
        let out = format!(
            "{}\nM\0nettsted/content/a.md\0M\0annet/b.md\0",
            header("a1", "2024-01-05", "x")
        );
        let h = History::parse(&out, "nettsted/");
        assert_eq!(h.of_file("content/a.md").len(), 1);
        assert_eq!(h.file_count(), 1);
    }

    #[test]
    fn a_commit_without_files_is_kept_but_touches_nothing() {
        let out = format!(
            "{}{}\nA\0content/a.md\0",
            header("m1", "2024-01-06", "Merge"),
            header("a1", "2024-01-05", "x")
        );
        let h = History::parse(&out, "");
        assert_eq!(h.commits.len(), 2);
        assert_eq!(h.last_commit("content/a.md").unwrap().hash, "a1");
    }
}
