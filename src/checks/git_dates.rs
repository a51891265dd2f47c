//! Dates from Git. In a Git working tree a page without `updated` gets the date of the last
//! commit that touched its file, and a page with `updated` gets a warning when its file was
//! edited in a commit more than `checks.updated_tolerance_days` days later (the editor forgot
//! to change the date). Runs after loading and before validation, so a page with neither
//! `updated` nor a commit is still the validation error it always was.

use super::Settings;
use crate::diagnostics::Diagnostic;
use crate::git::{History, Unavailable};
use crate::load::CONTENT_DIR;
use crate::model::Page;
use std::path::Path;

/// Fills in and checks the dates of `pages` from the history of the site's Git working tree
/// (read once per build by `History::read`, shared with the requirement history).
pub fn apply(
    root: &Path,
    history: &Result<History, Unavailable>,
    settings: &Settings,
    pages: &mut [Page],
) -> Vec<Diagnostic> {
    match history {
        Ok(history) => apply_history(history, settings, pages, &|hash, path| {
            changes_content(root, hash, path)
        }),
        // Without Git and without a page that needs a date from it, the site works as before
        // and nothing needs saying; a shallow clone or a failing Git is always told.
        Err(Unavailable::NotARepository | Unavailable::GitMissing)
            if pages
                .iter()
                .all(|p| p.meta.updated.is_some() || p.kind.is_dated()) =>
        {
            Vec::new()
        }
        Err(why) => vec![unavailable(why)],
    }
}

/// The one note a build without Git history gives.
fn unavailable(why: &Unavailable) -> Diagnostic {
    let help = match why {
        Unavailable::Shallow => {
            "hent hele historikken (`git fetch --unshallow`, eller `fetch-depth: 0` i GitHub Actions og `GIT_DEPTH: 0` i GitLab CI)"
        }
        Unavailable::GitMissing => "installer Git for å få datoer fra historikken",
        _ => "sider uten `updated` må da ha feltet i front matter",
    };
    Diagnostic::note(
        "git::unavailable",
        format!(
            "datoer fra Git brukes ikke: {}; bare `updated` i front matter gjelder",
            why.explain()
        ),
    )
    .with_help(help)
}

/// Front matter that says who keeps a page and where its facts come from, not what it says:
/// citing a source or naming an owner is no update the reader should see as a newer date.
const BOOKKEEPING_KEYS: [&str; 5] = ["sources", "example", "owner", "review_by", "updated"];

/// Whether commit `hash` changed `path` (relative to `root`) other than in its bookkeeping
/// front matter. Where Git cannot show both versions (a first commit, a rename), it did.
fn changes_content(root: &Path, hash: &str, path: &str) -> bool {
    let before = crate::git::file_at(root, &format!("{hash}^"), path);
    let after = crate::git::file_at(root, hash, path);
    match (before, after) {
        (Some(before), Some(after)) => content_of(&before) != content_of(&after),
        _ => true,
    }
}

/// A page's text without its bookkeeping front matter.
fn content_of(text: &str) -> String {
    let Some(split) = crate::frontmatter::split(text) else {
        return text.to_string();
    };
    let keys = crate::frontmatter::top_level_keys(split.yaml, 1);
    let lines: Vec<&str> = split.yaml.lines().collect();
    let mut kept = String::new();
    for (n, key) in keys.iter().enumerate() {
        let end = keys.get(n + 1).map_or(lines.len(), |next| next.line - 1);
        if !BOOKKEEPING_KEYS.contains(&key.key.as_str()) {
            for line in &lines[key.line - 1..end] {
                kept.push_str(line);
                kept.push('\n');
            }
        }
    }
    kept.push_str(split.body);
    kept
}

/// [`apply`] with a history already read; `changes_content(hash, path)` says whether a
/// commit changed more than the file's bookkeeping front matter.
pub fn apply_history(
    history: &History,
    settings: &Settings,
    pages: &mut [Page],
    changes_content: &dyn Fn(&str, &str) -> bool,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let tolerance = i64::from(settings.updated_tolerance_days);
    for page in pages.iter_mut() {
        let path = format!("{CONTENT_DIR}/{}", page.source.rel_path);
        let Some(updated) = page.meta.updated else {
            // News are dated by `date`; a Git date would read as a later correction.
            if !page.kind.is_dated() {
                page.meta.updated = history.last_commit(&path).map(|c| c.date);
            }
            continue;
        };
        // Creating or moving a file is not an edit: imported documents keep their own date.
        // Newest first: the latest edit past the tolerance that changed what the page says.
        // Git is asked about the text only for edits late enough to warn about.
        let late_edit = history
            .of_file(&path)
            .iter()
            .filter(|c| c.is_edit())
            .map(|c| history.commit(c))
            .take_while(|commit| {
                commit.date.days_since_epoch() - updated.days_since_epoch() > tolerance
            })
            .find(|commit| changes_content(&commit.hash, &path));
        if let Some(commit) = late_edit {
            let days = commit.date.days_since_epoch() - updated.days_since_epoch();
            let short = commit.hash.get(..8).unwrap_or(&commit.hash);
            problems.push(
                Diagnostic::warning(
                    "git::updated-behind",
                    format!(
                        "`updated: {updated}` er {days} dager eldre enn siste endring av filen i Git ({}, commit {short} «{}»)",
                        commit.date, commit.subject
                    ),
                )
                .in_file(&page.source.display_path)
                .at(page.source.line_of_key("updated"), 1)
                .with_source(page.source.text.clone())
                .with_help(format!(
                    "sett `updated: {}` hvis siden er oppdatert, eller fjern `updated` så brukes datoen fra Git; grensen er {tolerance} dager (`checks.updated_tolerance_days` i site.yaml)",
                    commit.date
                )),
            );
        }
    }
    problems
}
