//! Change history per requirement, derived from Git. For each requirement document (kind
//! `krav`) the build reads the file's text at every commit that changed it (one
//! `git cat-file --batch` process for all documents, see [`History::read_versions`]), parses the
//! requirements of each, and compares the document's versions by requirement id.
//!
//! A document's versions are the distinct values of `version` across its commits and the
//! working tree, in the order they were last used, each as it was at its last commit (the
//! working tree for the current version). Between two versions a requirement is new, changed
//! (its text, level or category differs) or removed. The requirement page marks each
//! requirement with its latest change («Endret i versjon 3.1», with the earlier wording) and
//! lists what changed since each earlier version; the requirement matrix filters on it.
//!
//! Without Git history (no repository, no `git`, a shallow clone) there is simply no history:
//! the build already says why once (`checks::git_dates`), and the document's own `changelog`
//! is shown as before. In the public build only commits where the document was public, not a
//! draft and not an unconfirmed example (unless `publish_examples`) are read, so no wording
//! that was never published can reach it. A document is followed by its `document_id` across
//! the site's requirement files, not by its file name: two documents that swap names keep
//! their own histories.

use crate::date::Date;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::git::{Change, FileChange, History};
use crate::load::CONTENT_DIR;
use crate::markdown::plain_text;
use crate::model::kinds::{Krav, Level, Requirement};
use crate::model::{Access, KindData};
use crate::site::{Site, Target};
use crate::text::slugify;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// One state of a document: its text at a commit, or in the working tree.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub version: String,
    /// The commit's date; `None` for the working tree.
    pub date: Option<Date>,
    pub requirements: Vec<Requirement>,
}

/// One version of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    pub version: String,
    /// The date of the version's last commit; `None` while it is only in the working tree.
    pub date: Option<Date>,
    pub date_nb: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Ny,
    Endret,
    Fjernet,
}

/// A requirement as it was worded in one version (text as plain text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wording {
    pub version: String,
    pub text: String,
    pub level: Level,
    pub level_label: &'static str,
    pub category: String,
}

impl Wording {
    fn of(requirement: &Requirement, version: &str) -> Wording {
        Wording {
            version: version.to_string(),
            text: plain_text(&requirement.text),
            level: requirement.level,
            level_label: requirement.level.label(),
            category: requirement.category.clone(),
        }
    }
}

/// What happened to one requirement between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequirementChange {
    pub id: String,
    pub kind: ChangeKind,
    /// The version the change is in (the later of the two compared).
    pub version: String,
    /// «Ny i versjon 3.1», «Endret i versjon 3.1», «Fjernet i versjon 3.1».
    pub label: String,
    /// The wording now (new and changed requirements).
    pub now: Option<Wording>,
    /// The wording in the earlier version (changed and removed requirements).
    pub earlier: Option<Wording>,
    /// For a changed requirement, what changed: «teksten», «nivået», «kategorien».
    pub what: Vec<&'static str>,
    /// Whether the page has an anchor for it: every current requirement, and a removed one
    /// listed in the document's `removed`.
    pub on_page: bool,
}

/// Everything that changed from one earlier version to the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Since {
    pub version: String,
    /// The earlier version's date, for templates to write out in the site's language.
    pub date: Option<Date>,
    pub date_nb: Option<String>,
    /// Id of the section on the page, for links to it.
    pub anchor: String,
    /// The version as one word, for filters (see [`token`]).
    pub token: String,
    pub new: Vec<RequirementChange>,
    pub changed: Vec<RequirementChange>,
    pub removed: Vec<RequirementChange>,
    pub count: usize,
}

/// The history of one requirement document, as the template variable `history`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentHistory {
    /// Oldest first; the last is the current version. One version means nothing to compare.
    pub versions: Vec<Version>,
    /// Per requirement id, its latest change (none for a requirement unchanged since the
    /// oldest version known).
    pub marks: BTreeMap<String, RequirementChange>,
    /// Per earlier version, newest first, what changed from it to the current version.
    pub since: Vec<Since>,
    /// Per requirement id, the [`token`]s of the earlier versions since which it is new or
    /// changed, separated by spaces: what a filter «endret siden» matches.
    pub tokens: BTreeMap<String, String>,
}

/// A version as one word (spaces become `_`), so a list of them can be one attribute value.
pub fn token(version: &str) -> String {
    version.split_whitespace().collect::<Vec<_>>().join("_")
}

impl DocumentHistory {
    /// The earlier versions since which requirement `id` is new or changed.
    pub fn changed_since(&self, id: &str) -> Vec<&str> {
        self.since
            .iter()
            .filter(|s| s.new.iter().chain(&s.changed).any(|c| c.id == id))
            .map(|s| s.version.as_str())
            .collect()
    }
}

/// Requirement texts compare equal when only their line breaks or spacing differ, as YAML
/// folding may change those without changing the requirement.
fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// The changes from `before` (version `from`) to `after` (version `to`): new and changed
/// requirements in the order of `after`, then the removed ones in the order of `before`.
fn compare(
    before: &[Requirement],
    from: &str,
    after: &[Requirement],
    to: &str,
    listed_removed: &HashSet<&str>,
) -> Vec<RequirementChange> {
    let old: HashMap<&str, &Requirement> = before.iter().map(|r| (r.id.as_str(), r)).collect();
    let current: HashSet<&str> = after.iter().map(|r| r.id.as_str()).collect();
    let change = |id: &str, kind, now: Option<Wording>, earlier, what, on_page| {
        let label = match kind {
            ChangeKind::Ny => "Ny",
            ChangeKind::Endret => "Endret",
            ChangeKind::Fjernet => "Fjernet",
        };
        RequirementChange {
            id: id.to_string(),
            kind,
            version: to.to_string(),
            label: format!("{label} i versjon {to}"),
            now,
            earlier,
            what,
            on_page,
        }
    };
    let mut out = Vec::new();
    for r in after {
        match old.get(r.id.as_str()) {
            None => out.push(change(
                &r.id,
                ChangeKind::Ny,
                Some(Wording::of(r, to)),
                None,
                Vec::new(),
                true,
            )),
            Some(o) => {
                let mut what = Vec::new();
                if !same_text(&o.text, &r.text) {
                    what.push("teksten");
                }
                if o.level != r.level {
                    what.push("nivået");
                }
                if o.category.trim() != r.category.trim() {
                    what.push("kategorien");
                }
                if !what.is_empty() {
                    out.push(change(
                        &r.id,
                        ChangeKind::Endret,
                        Some(Wording::of(r, to)),
                        Some(Wording::of(o, from)),
                        what,
                        true,
                    ));
                }
            }
        }
    }
    for o in before {
        if !current.contains(o.id.as_str()) {
            out.push(change(
                &o.id,
                ChangeKind::Fjernet,
                None,
                Some(Wording::of(o, from)),
                Vec::new(),
                listed_removed.contains(o.id.as_str()),
            ));
        }
    }
    out
}

/// The history of a document from its states, oldest first (the last is the current one).
/// `listed_removed` are the ids in the current document's `removed`.
pub fn compute(snapshots: &[Snapshot], listed_removed: &[&str]) -> DocumentHistory {
    let listed: HashSet<&str> = listed_removed.iter().copied().collect();
    // Each version at its last state, in the order of that state.
    let mut versions: Vec<(&str, usize)> = Vec::new();
    for (i, s) in snapshots.iter().enumerate() {
        versions.retain(|(v, _)| *v != s.version);
        versions.push((&s.version, i));
    }
    let date_of = |version: &str| {
        snapshots
            .iter()
            .rev()
            .filter(|s| s.version == version)
            .find_map(|s| s.date)
    };
    let mut history = DocumentHistory {
        versions: versions
            .iter()
            .map(|&(v, _)| {
                let date = date_of(v);
                Version {
                    version: v.to_string(),
                    date,
                    date_nb: date.map(Date::format_nb),
                }
            })
            .collect(),
        ..DocumentHistory::default()
    };
    let Some(&(current, last)) = versions.last() else {
        return history;
    };
    let now = &snapshots[last].requirements;
    // The version each requirement was last added, changed or removed in: lists of changes
    // since an earlier version name it rather than the current one.
    let mut made_in: HashMap<(String, ChangeKind), (String, String)> = HashMap::new();
    for pair in versions.windows(2) {
        let ((from, a), (to, b)) = (pair[0], pair[1]);
        for c in compare(
            &snapshots[a].requirements,
            from,
            &snapshots[b].requirements,
            to,
            &listed,
        ) {
            made_in.insert((c.id.clone(), c.kind), (c.version.clone(), c.label.clone()));
            history.marks.insert(c.id.clone(), c);
        }
    }
    // A requirement taken out and not listed in `removed` has no place on the page to mark.
    history.marks.retain(|_, c| c.on_page);
    let mut anchors = HashSet::new();
    for &(from, a) in versions[..versions.len() - 1].iter().rev() {
        let mut changes = compare(&snapshots[a].requirements, from, now, current, &listed);
        for c in &mut changes {
            if let Some((version, label)) = made_in.get(&(c.id.clone(), c.kind)) {
                c.version.clone_from(version);
                c.label.clone_from(label);
            }
        }
        let base = format!("krav-endringer-{}", slugify(from));
        let anchor = (1..)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                }
            })
            .find(|a| anchors.insert(a.clone()))
            .unwrap_or(base);
        let mut since = Since {
            version: from.to_string(),
            date: date_of(from),
            date_nb: date_of(from).map(Date::format_nb),
            anchor,
            token: token(from),
            new: Vec::new(),
            changed: Vec::new(),
            removed: Vec::new(),
            count: changes.len(),
        };
        for c in changes {
            if c.kind != ChangeKind::Fjernet {
                let tokens = history.tokens.entry(c.id.clone()).or_default();
                if !tokens.is_empty() {
                    tokens.push(' ');
                }
                tokens.push_str(&since.token);
            }
            match c.kind {
                ChangeKind::Ny => since.new.push(c),
                ChangeKind::Endret => since.changed.push(c),
                ChangeKind::Fjernet => since.removed.push(c),
            }
        }
        history.since.push(since);
    }
    history
}

/// Who may see a version of a document: in the public build only what was public, not a
/// draft, and not an unconfirmed example (unless the site publishes examples).
#[derive(Deserialize)]
struct Visibility {
    #[serde(default)]
    access: Access,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    example: bool,
}

/// Which earlier versions of a document a build may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Audience {
    pub target: Target,
    /// `publish_examples` of `site.yaml`: versions with `example: true` may be public.
    pub publish_examples: bool,
}

impl Audience {
    fn may_see(self, seen: &Visibility) -> bool {
        self.target == Target::Internal
            || (seen.access == Access::Public
                && !seen.draft
                && (!seen.example || self.publish_examples))
    }
}

/// One version of a file's text as a requirement document: its `document_id`, `version` and
/// requirements.
type Parsed = (String, String, Vec<Requirement>);

/// The document in one version of a file's text, if it was a requirement document visible to
/// `audience` then. Versions that do not parse (an older front matter, a broken commit) are
/// left out of the history rather than failing today's build.
fn parse_version(text: &str, audience: Audience) -> Option<Parsed> {
    let text = frontmatter::normalize_text(text.to_string());
    let split = frontmatter::split(&text)?;
    let seen: Visibility = serde_yaml_ng::from_str(split.yaml).ok()?;
    if !audience.may_see(&seen) {
        return None;
    }
    let krav: Krav = serde_yaml_ng::from_str(split.yaml).ok()?;
    Some((krav.document_id, krav.version, krav.requirements))
}

/// The history of every requirement document in the build, by content path
/// (`krav/nett.md`).
#[derive(Debug, Default)]
pub struct KravHistories {
    documents: HashMap<String, DocumentHistory>,
}

impl KravHistories {
    /// Reads the history of the site's requirement documents from `history` (none without
    /// Git). A failure to read the files' texts is one note; the build goes on without history.
    pub fn read(
        root: &Path,
        history: Option<&History>,
        site: &Site,
    ) -> (KravHistories, Vec<Diagnostic>) {
        let documents: Vec<(&str, &Krav)> = site
            .pages
            .iter()
            .filter_map(|p| match &p.data {
                KindData::Krav(k) => Some((p.source.rel_path.as_str(), k)),
                _ => None,
            })
            .collect();
        let audience = Audience {
            target: site.target,
            publish_examples: site.config.publish_examples,
        };
        match history {
            Some(history) => Self::read_documents(root, history, audience, &documents),
            None => (KravHistories::default(), Vec::new()),
        }
    }

    /// [`KravHistories::read`] for the documents given as (content path, current state).
    ///
    /// A document's history is followed by its `document_id`, not its file name: every
    /// version of every requirement file (renames followed by Git) that was this document
    /// counts, so two documents that swap file names keep their own histories.
    pub fn read_documents(
        root: &Path,
        history: &History,
        audience: Audience,
        documents: &[(&str, &Krav)],
    ) -> (KravHistories, Vec<Diagnostic>) {
        let mut out = KravHistories::default();
        let paths: Vec<String> = documents
            .iter()
            .map(|(rel, _)| format!("{CONTENT_DIR}/{rel}"))
            .collect();
        // Oldest first, per file: the commits that left the file in place.
        let commits: Vec<Vec<&FileChange>> = paths
            .iter()
            .map(|path| {
                history
                    .of_file(path)
                    .iter()
                    .rev()
                    .filter(|c| c.change != Change::Deleted)
                    .collect()
            })
            .collect();
        let requests: Vec<(&str, &str)> = paths
            .iter()
            .zip(&commits)
            .flat_map(|(path, changes)| {
                changes
                    .iter()
                    .map(|c| (history.commit(c).hash.as_str(), history.path_at(path, c)))
            })
            .collect();
        let texts = match history.read_versions(root, &requests) {
            Ok(texts) => texts,
            Err(why) => {
                let note = Diagnostic::note(
                    Code::GitKravHistory,
                    format!(
                        "endringshistorikken for kravdokumentene ble ikke lest: {}",
                        why.explain()
                    ),
                )
                .with_help("kravdokumentene vises uten «Ny i versjon …»- og «Endret i versjon …»-merker; sjekk Git-arbeidstreet og bygg på nytt");
                return (out, vec![note]);
            }
        };
        // Every committed version of every file, by the document it was then.
        let mut by_document: HashMap<String, Vec<(usize, Snapshot)>> = HashMap::new();
        let changes = commits.iter().flatten();
        for (change, text) in changes.zip(texts) {
            let Some((document_id, version, requirements)) =
                text.and_then(|t| parse_version(&t, audience))
            else {
                continue;
            };
            by_document.entry(document_id).or_default().push((
                change.commit,
                Snapshot {
                    version,
                    date: Some(history.commit(change).date),
                    requirements,
                },
            ));
        }
        for (rel_path, krav) in documents {
            let mut committed = by_document.remove(&krav.document_id).unwrap_or_default();
            // Oldest first (commits are numbered newest first); one state per commit, should
            // two files have had the same id in one commit.
            committed.sort_by_key(|(commit, _)| std::cmp::Reverse(*commit));
            committed.dedup_by_key(|(commit, _)| *commit);
            let mut snapshots: Vec<Snapshot> = committed.into_iter().map(|(_, s)| s).collect();
            snapshots.push(Snapshot {
                version: krav.version.clone(),
                date: None,
                requirements: krav.requirements.clone(),
            });
            let listed: Vec<&str> = krav.removed.iter().map(|r| r.id.as_str()).collect();
            out.documents
                .insert(rel_path.to_string(), compute(&snapshots, &listed));
        }
        (out, Vec::new())
    }

    /// The history of the document at content path `rel_path`.
    pub fn of(&self, rel_path: &str) -> Option<&DocumentHistory> {
        self.documents.get(rel_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn requirement(id: &str, level: Level, text: &str) -> Requirement {
        Requirement {
            id: id.into(),
            category: "Kabling".into(),
            level,
            text: text.into(),
            rationale: None,
            verification: None,
        }
    }

    fn snapshot(version: &str, date: Option<Date>, requirements: Vec<Requirement>) -> Snapshot {
        Snapshot {
            version: version.into(),
            date,
            requirements,
        }
    }

    fn ids(changes: &[RequirementChange]) -> Vec<&str> {
        changes.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn a_single_version_has_nothing_to_compare() {
        let one = vec![requirement("A-1", Level::Skal, "x")];
        let h = compute(
            &[
                snapshot("1.0", Date::new(2024, 1, 1), one.clone()),
                snapshot("1.0", None, one),
            ],
            &[],
        );
        assert_eq!(h.versions.len(), 1);
        assert_eq!(h.versions[0].date, Date::new(2024, 1, 1));
        assert!(h.marks.is_empty());
        assert!(h.since.is_empty());
    }

    #[test]
    fn versions_are_taken_at_their_last_state_and_in_order_of_it() {
        let h = compute(
            &[
                snapshot(
                    "1.0",
                    Date::new(2024, 1, 1),
                    vec![requirement("A-1", Level::Skal, "en")],
                ),
                snapshot(
                    "2.0",
                    Date::new(2024, 2, 1),
                    vec![requirement("A-1", Level::Skal, "to")],
                ),
                // Back to 1.0 by mistake, then on to 3.0: 1.0 now comes after 2.0.
                snapshot(
                    "1.0",
                    Date::new(2024, 3, 1),
                    vec![requirement("A-1", Level::Bor, "to")],
                ),
                snapshot("3.0", None, vec![requirement("A-1", Level::Bor, "to  ")]),
            ],
            &[],
        );
        let versions: Vec<&str> = h.versions.iter().map(|v| v.version.as_str()).collect();
        assert_eq!(versions, ["2.0", "1.0", "3.0"]);
        assert_eq!(h.versions[1].date, Date::new(2024, 3, 1));
        assert_eq!(h.versions[2].date, None);
        let mark = &h.marks["A-1"];
        assert_eq!(mark.kind, ChangeKind::Endret);
        assert_eq!(mark.version, "1.0");
        assert_eq!(mark.what, ["nivået"], "spacing alone is no change of text");
        assert!(h.since.iter().all(|s| s.version != "3.0"));
    }

    #[test]
    fn a_removed_requirement_is_marked_only_when_listed_in_removed() {
        let before = vec![
            requirement("A-1", Level::Skal, "en"),
            requirement("A-2", Level::Skal, "to"),
        ];
        let h = compute(
            &[
                snapshot("1.0", Date::new(2024, 1, 1), before),
                snapshot("2.0", None, vec![]),
            ],
            &["A-2"],
        );
        assert!(!h.marks.contains_key("A-1"));
        assert_eq!(h.marks["A-2"].label, "Fjernet i versjon 2.0");
        assert_eq!(h.marks["A-2"].earlier.as_ref().unwrap().text, "to");
        assert_eq!(ids(&h.since[0].removed), ["A-1", "A-2"]);
        assert!(!h.since[0].removed[0].on_page);
    }

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

    fn document(access: &str, version: &str, requirements: &str, removed: &str) -> String {
        format!(
            "---\ntitle: Nettkrav\nkind: krav\nupdated: 2024-01-01\nowner: IT-avdelingen\naccess: {access}\ndocument_id: KRAV-NETT\nversion: {version}\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements:\n{requirements}{removed}---\n\nKrav.\n"
        )
    }

    const R1: &str = "  - id: NETT-001\n    category: Kabling\n    level: skal\n    text: Kabling skal være Cat 6.\n";
    const R1_NEW: &str = "  - id: NETT-001\n    category: Kabling\n    level: skal\n    text: Kabling skal være Cat 6A.\n";
    const R2: &str =
        "  - id: NETT-002\n    category: Rom\n    level: bor\n    text: Rommet bør ha lås.\n";
    const R3: &str =
        "  - id: NETT-003\n    category: Rom\n    level: kan\n    text: Rommet kan ha UPS.\n";
    const R4: &str =
        "  - id: NETT-004\n    category: Fiber\n    level: skal\n    text: Fiber skal være OS2.\n";

    /// Three versions of a document in a temporary repository: 1.0 internal; 2.0 changes
    /// NETT-001 (in two commits) and adds NETT-004; the file is moved; 3.0 removes NETT-003.
    fn repository() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/krav")).unwrap();
        let write = |path: &str, text: &str| std::fs::write(root.join(path), text).unwrap();
        let commit = |message: &str, date: &str| {
            git(root, &["add", "-A"], date);
            git(root, &["commit", "-q", "-m", message], date);
        };
        git(root, &["init", "-q"], "2024-01-01");
        write(
            "content/krav/nett.md",
            &document("internal", "\"1.0\"", &format!("{R1}{R2}{R3}"), ""),
        );
        commit("1.0", "2024-01-10");
        write(
            "content/krav/nett.md",
            &document(
                "public",
                "\"2.0\"",
                &format!("{}{R2}{R3}{R4}", R1.replace("Cat 6.", "Cat 6 eller bedre.")),
                "",
            ),
        );
        commit("2.0", "2024-02-10");
        write(
            "content/krav/nett.md",
            &document("public", "\"2.0\"", &format!("{R1_NEW}{R2}{R3}{R4}"), ""),
        );
        commit("2.0 rettet", "2024-02-20");
        git(
            root,
            &["mv", "content/krav/nett.md", "content/krav/kabling.md"],
            "2024-02-25",
        );
        commit("Flytt", "2024-02-25");
        write(
            "content/krav/kabling.md",
            &document(
                "public",
                "3.0",
                &format!("{R1_NEW}{R2}{R4}"),
                "removed:\n  - id: NETT-003\n    version: \"3.0\"\n",
            ),
        );
        commit("3.0", "2024-03-10");
        dir
    }

    const INTERNAL: Audience = Audience {
        target: Target::Internal,
        publish_examples: false,
    };
    const PUBLIC: Audience = Audience {
        target: Target::Public,
        publish_examples: false,
    };

    fn read_krav(root: &Path, rel: &str) -> Krav {
        let text = std::fs::read_to_string(root.join(CONTENT_DIR).join(rel)).unwrap();
        serde_yaml_ng::from_str(frontmatter::split(&text).unwrap().yaml).unwrap()
    }

    fn versions_of(histories: &KravHistories, rel: &str) -> Vec<String> {
        histories
            .of(rel)
            .unwrap()
            .versions
            .iter()
            .map(|v| v.version.clone())
            .collect()
    }

    #[test]
    fn history_follows_the_document_id_when_two_documents_swap_file_names() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/krav")).unwrap();
        let doc = |id: &str, version: &str, text: &str| {
            document(
                "public",
                version,
                &format!("  - id: {id}-1\n    category: K\n    level: skal\n    text: {text}\n"),
                "",
            )
            .replace("KRAV-NETT", id)
        };
        let write = |path: &str, text: &str| std::fs::write(root.join(path), text).unwrap();
        let commit = |message: &str, date: &str| {
            git(root, &["add", "-A"], date);
            git(root, &["commit", "-q", "-m", message], date);
        };
        git(root, &["init", "-q"], "2024-01-01");
        write("content/krav/a.md", &doc("KRAV-A", "A1", "Alfa en."));
        write("content/krav/b.md", &doc("KRAV-B", "B1", "Beta en."));
        commit("1", "2024-01-10");
        write("content/krav/a.md", &doc("KRAV-A", "A2", "Alfa to."));
        write("content/krav/b.md", &doc("KRAV-B", "B2", "Beta to."));
        commit("2", "2024-02-10");
        // The two files swap names in one commit: Git sees two edits, no renames.
        write("content/krav/a.md", &doc("KRAV-B", "B2", "Beta to."));
        write("content/krav/b.md", &doc("KRAV-A", "A2", "Alfa to."));
        commit("Bytt navn", "2024-03-10");
        write("content/krav/a.md", &doc("KRAV-B", "B3", "Beta tre."));
        let history = History::read(root, &[CONTENT_DIR]).unwrap();
        let (a, b) = (read_krav(root, "krav/a.md"), read_krav(root, "krav/b.md"));
        let (histories, _) = KravHistories::read_documents(
            root,
            &history,
            INTERNAL,
            &[("krav/a.md", &a), ("krav/b.md", &b)],
        );
        assert_eq!(versions_of(&histories, "krav/a.md"), ["B1", "B2", "B3"]);
        assert_eq!(versions_of(&histories, "krav/b.md"), ["A1", "A2"]);
        let mark = &histories.of("krav/a.md").unwrap().marks["KRAV-B-1"];
        assert_eq!(mark.earlier.as_ref().unwrap().text, "Beta to.");
        let text = serde_json::to_string(histories.of("krav/a.md").unwrap()).unwrap();
        assert!(!text.contains("Alfa"), "{text}");
    }

    #[test]
    fn a_version_committed_as_an_example_stays_out_of_the_public_history() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/krav")).unwrap();
        let write = |text: &str| std::fs::write(root.join("content/krav/k.md"), text).unwrap();
        let commit = |message: &str, date: &str| {
            git(root, &["add", "-A"], date);
            git(root, &["commit", "-q", "-m", message], date);
        };
        git(root, &["init", "-q"], "2024-01-01");
        let unconfirmed = R1.replace("Cat 6.", "Cat 5 (ubekreftet).");
        write(
            &document("public", "\"1.0\"", &unconfirmed, "")
                .replace("access: public", "access: public\nexample: true"),
        );
        commit("Eksempel", "2024-01-10");
        write(&document("public", "\"2.0\"", R1, ""));
        commit("Bekreftet", "2024-02-10");
        let history = History::read(root, &[CONTENT_DIR]).unwrap();
        let krav = read_krav(root, "krav/k.md");
        let read = |audience| {
            KravHistories::read_documents(root, &history, audience, &[("krav/k.md", &krav)]).0
        };
        let public = read(PUBLIC);
        assert_eq!(versions_of(&public, "krav/k.md"), ["2.0"]);
        let json = serde_json::to_string(public.of("krav/k.md").unwrap()).unwrap();
        assert!(!json.contains("ubekreftet"), "{json}");
        // The internal build, and a site that publishes examples, show it.
        assert_eq!(versions_of(&read(INTERNAL), "krav/k.md"), ["1.0", "2.0"]);
        let examples_public = Audience {
            publish_examples: true,
            ..PUBLIC
        };
        assert_eq!(
            versions_of(&read(examples_public), "krav/k.md"),
            ["1.0", "2.0"]
        );
    }

    fn current(root: &Path) -> Krav {
        let text = std::fs::read_to_string(root.join("content/krav/kabling.md")).unwrap();
        serde_yaml_ng::from_str(frontmatter::split(&text).unwrap().yaml).unwrap()
    }

    #[test]
    fn history_of_a_document_in_a_git_repository() {
        let dir = repository();
        let root = dir.path();
        let history = History::read(root, &[CONTENT_DIR]).expect("a Git history");
        let krav = current(root);
        let (histories, notes) =
            KravHistories::read_documents(root, &history, INTERNAL, &[("krav/kabling.md", &krav)]);
        assert!(notes.is_empty(), "{notes:?}");
        let h = histories.of("krav/kabling.md").expect("a history");
        let versions: Vec<(&str, Option<Date>)> = h
            .versions
            .iter()
            .map(|v| (v.version.as_str(), v.date))
            .collect();
        assert_eq!(
            versions,
            [
                ("1.0", Date::new(2024, 1, 10)),
                ("2.0", Date::new(2024, 2, 25)),
                ("3.0", Date::new(2024, 3, 10)),
            ],
            "2.0 is taken at its last commit (the move)"
        );

        let marks: Vec<(&str, &str)> = h
            .marks
            .values()
            .map(|c| (c.id.as_str(), c.label.as_str()))
            .collect();
        assert_eq!(
            marks,
            [
                ("NETT-001", "Endret i versjon 2.0"),
                ("NETT-003", "Fjernet i versjon 3.0"),
                ("NETT-004", "Ny i versjon 2.0"),
            ]
        );
        let changed = &h.marks["NETT-001"];
        assert_eq!(changed.what, ["teksten"]);
        let earlier = changed.earlier.as_ref().unwrap();
        assert_eq!(
            (earlier.version.as_str(), earlier.text.as_str()),
            ("1.0", "Kabling skal være Cat 6.")
        );
        assert_eq!(
            changed.now.as_ref().unwrap().text,
            "Kabling skal være Cat 6A."
        );
        assert_eq!(
            h.marks["NETT-003"].earlier.as_ref().unwrap().text,
            "Rommet kan ha UPS."
        );

        type Listed<'a> = (&'a str, Vec<&'a str>, Vec<&'a str>, Vec<&'a str>);
        let since: Vec<Listed> = h
            .since
            .iter()
            .map(|s| {
                (
                    s.version.as_str(),
                    ids(&s.new),
                    ids(&s.changed),
                    ids(&s.removed),
                )
            })
            .collect();
        assert_eq!(
            since,
            [
                ("2.0", vec![], vec![], vec!["NETT-003"]),
                ("1.0", vec!["NETT-004"], vec!["NETT-001"], vec!["NETT-003"]),
            ]
        );
        assert_eq!(h.since[1].anchor, "krav-endringer-1-0");
        assert_eq!(h.since[1].date_nb.as_deref(), Some("10. januar 2024"));
        assert_eq!(h.changed_since("NETT-001"), ["1.0"]);
        assert_eq!(h.tokens["NETT-004"], "1.0");
        assert!(!h.tokens.contains_key("NETT-002"));
        // Since 1.0, NETT-004 is new: it came in 2.0, not in the current 3.0.
        assert_eq!(h.since[1].new[0].label, "Ny i versjon 2.0");
        assert_eq!(h.changed_since("NETT-002"), Vec::<&str>::new());

        // The public build never reads the version that was internal.
        let (public, _) =
            KravHistories::read_documents(root, &history, PUBLIC, &[("krav/kabling.md", &krav)]);
        let h = public.of("krav/kabling.md").unwrap();
        let versions: Vec<&str> = h.versions.iter().map(|v| v.version.as_str()).collect();
        assert_eq!(versions, ["2.0", "3.0"]);
        assert!(!h.marks.contains_key("NETT-004"));
        assert!(
            !serde_json::to_string(h).unwrap().contains("Cat 6."),
            "no wording from the internal version"
        );
    }
}
