//! `kompetanse init [MAPPE]`: a new, working site from the files in `src/init/site/`, which are
//! embedded in the binary. Dates in the example pages (`{{ today }}`, `{{ review_by }}`) are
//! filled in as `new` does, so a fresh site checks clean on any day.

use crate::date::Date;
use include_dir::{Dir, include_dir};
use std::path::{Path, PathBuf};

static SITE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/init/site");

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error(
        "mappen {0} er ikke tom; `kompetanse init` lager et nytt nettsted bare i en tom eller ny mappe, så ingen filer blir overskrevet (velg en annen mappe, f.eks. `kompetanse init mitt-nettsted`)"
    )]
    NotEmpty(PathBuf),
    #[error("{0} finnes allerede; den blir ikke overskrevet (flytt eller slett den først)")]
    Exists(PathBuf),
    #[error("{0} er en fil, ikke en mappe; velg en mappe for det nye nettstedet")]
    NotAFolder(PathBuf),
    #[error("kunne ikke skrive {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The files of a new site as (path with `/`, text), dates filled in, sorted by path.
pub fn site_files(today: Date) -> Vec<(String, String)> {
    let review = Date::from_days_since_epoch(today.days_since_epoch() + 365);
    let mut files = Vec::new();
    let mut dirs = vec![&SITE];
    while let Some(dir) = dirs.pop() {
        for file in dir.files() {
            let rel = file
                .path()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let text = String::from_utf8_lossy(file.contents())
                .replace("{{ today }}", &today.to_string())
                .replace("{{ review_by }}", &review.to_string());
            files.push((rel, text));
        }
        dirs.extend(dir.dirs());
    }
    files.sort();
    files
}

/// The Git host whose pipeline `init --ci` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    Gitlab,
    Github,
}

const GITLAB_CI: &str = include_str!("../deploy/gitlab-ci.yml");
const GITHUB_ACTIONS: &str = include_str!("../deploy/github-actions.yml");
const PRE_COMMIT: &str = include_str!("../deploy/pre-commit");
/// Where `init --ci` puts the pre-commit hook: in the repository, so every clone has it after
/// `git config core.hooksPath .githooks`.
pub const HOOK_PATH: &str = ".githooks/pre-commit";

/// The CI files for `ci`, as (path, text, executable): the pipeline pinned to this version of
/// kompetanse, and the pre-commit hook.
pub fn ci_files(ci: Ci) -> Vec<(&'static str, String, bool)> {
    let (path, template) = match ci {
        Ci::Gitlab => (".gitlab-ci.yml", GITLAB_CI),
        Ci::Github => (".github/workflows/kompetanse.yml", GITHUB_ACTIONS),
    };
    let pinned = template
        .lines()
        .map(|line| match line.split_once("KOMPETANSE_VERSION: ") {
            Some((indent, _)) if !line.trim_start().starts_with('#') => format!(
                "{indent}KOMPETANSE_VERSION: \"{}\"",
                env!("CARGO_PKG_VERSION")
            ),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    vec![
        (path, pinned, false),
        (HOOK_PATH, PRE_COMMIT.to_string(), true),
    ]
}

/// Writes new files under `folder`, each refused if it exists (nothing is overwritten).
fn write_new(folder: &Path, rel: &str, text: &str, executable: bool) -> Result<(), InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    let path = folder.join(rel);
    if path.exists() {
        return Err(InitError::Exists(path));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    // create_new: a file that appeared since the check above is never overwritten.
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if executable {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o755);
    }
    #[cfg(not(unix))]
    let _ = executable;
    options
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(io(&path))
}

/// `init --ci` in a folder that already holds a site: only the CI files, none overwritten.
pub fn init_ci(folder: &Path, ci: Ci) -> Result<usize, InitError> {
    let files = ci_files(ci);
    for (rel, _, _) in &files {
        let path = folder.join(rel);
        if path.exists() {
            return Err(InitError::Exists(path));
        }
    }
    for (rel, text, executable) in &files {
        write_new(folder, rel, text, *executable)?;
    }
    Ok(files.len())
}

/// Writes a new site into `folder` (created if missing) and returns how many files it wrote;
/// with `ci`, also the pipeline for that Git host and the pre-commit hook. A folder with
/// anything in it is refused, unless it holds a site and `ci` is given (then only the CI files
/// are written): nothing of the user's may be overwritten.
pub fn init(folder: &Path, today: Date, ci: Option<Ci>) -> Result<usize, InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    if let Some(ci) = ci
        && folder.join(crate::config::CONFIG_FILE).is_file()
    {
        return init_ci(folder, ci);
    }
    if folder.exists() {
        if !folder.is_dir() {
            return Err(InitError::NotAFolder(folder.to_path_buf()));
        }
        if std::fs::read_dir(folder)
            .map_err(io(folder))?
            .next()
            .is_some()
        {
            return Err(InitError::NotEmpty(folder.to_path_buf()));
        }
    }
    let files = site_files(today);
    for (rel, text) in &files {
        write_new(folder, rel, text, false)?;
    }
    let ci_count = match ci {
        Some(ci) => init_ci(folder, ci)?,
        None => 0,
    };
    Ok(files.len() + ci_count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_in_dates_and_has_every_part_of_a_site() {
        let today = Date::parse("2030-05-17").unwrap();
        let files = site_files(today);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        for needed in [".gitignore", "README.md", "site.yaml", "content/_index.md"] {
            assert!(names.contains(&needed), "{needed} mangler i {names:?}");
        }
        assert!(names.iter().any(|n| n.starts_with("data/")));
        let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
        assert!(!all.contains("{{ today }}") && !all.contains("{{ review_by }}"));
        assert!(all.contains("2030-05-17") && all.contains("2031-05-17"));
    }

    #[test]
    fn site_yaml_explains_every_setting() {
        let files = site_files(Date::parse("2030-01-01").unwrap());
        let yaml = &files.iter().find(|(n, _)| n == "site.yaml").unwrap().1;
        for key in crate::config::Config::keys() {
            assert!(
                yaml.lines()
                    .any(|l| l.trim_start_matches("# ").starts_with(&format!("{key}:"))),
                "site.yaml fra init nevner ikke `{key}`"
            );
        }
    }

    #[test]
    fn refuses_a_folder_with_files_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notat.txt"), "mitt").unwrap();
        let err = init(dir.path(), Date::parse("2030-01-01").unwrap(), None).unwrap_err();
        assert!(matches!(err, InitError::NotEmpty(_)), "{err}");
        assert!(!dir.path().join("site.yaml").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notat.txt")).unwrap(),
            "mitt"
        );
    }
}
