//! The theme: templates, static files (CSS, JS, icons), archetypes and the code-highlighting
//! colours (`syntax.tmTheme`).
//!
//! The default theme is compiled into the binary from `themes/default/` of this repository,
//! which is its only source: a site needs no `themes/` folder of its own. Each file is looked
//! up in the site's `themes/<theme>/` first and taken from the built-in theme when the site
//! has no such file, so a site can replace single files of the theme (the site's own
//! `templates/` and `static/` win over both; see `templates` and `pipeline`).
//! `kompetanse theme eject` writes the built-in theme out for someone who wants to change all
//! of it.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use include_dir::{Dir, include_dir};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The built-in theme, embedded at compile time (`build.rs` makes cargo notice new files).
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The name of the built-in theme.
pub const DEFAULT_THEME: &str = "default";

/// The folder themes live in, under the site root.
pub const THEMES_DIR: &str = "themes";

/// Every file of the built-in theme as (path with `/`, bytes), sorted by path.
pub fn builtin_files() -> Vec<(String, &'static [u8])> {
    let mut files = Vec::new();
    collect(&BUILTIN, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn collect(dir: &'static Dir<'static>, files: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        files.push((slash_path(file.path()), file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, files);
    }
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// One built-in file by its path in the theme (`archetypes/nyhet.md`).
pub fn builtin_file(rel: &str) -> Option<&'static [u8]> {
    BUILTIN.get_file(rel).map(|f| f.contents())
}

/// Where a theme file comes from.
#[derive(Debug, Clone)]
enum Origin {
    Disk(PathBuf),
    Builtin(&'static [u8]),
}

/// One file of the resolved theme.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    origin: Origin,
    /// The path shown in messages: relative to the site root for a file on disk,
    /// `[innebygd tema]/…` for a built-in one.
    pub display: PathBuf,
}

impl ThemeFile {
    pub fn bytes(&self) -> std::io::Result<Cow<'static, [u8]>> {
        match &self.origin {
            Origin::Disk(path) => std::fs::read(path).map(Cow::Owned),
            Origin::Builtin(bytes) => Ok(Cow::Borrowed(bytes)),
        }
    }

    /// The file on disk, if the site has one.
    pub fn disk_path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::Disk(path) => Some(path),
            Origin::Builtin(_) => None,
        }
    }
}

/// A site's theme: for every path, the site's file on disk or else the built-in one.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    files: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// Resolves the theme named in `site.yaml`. Any name but `default` must exist on disk.
    pub fn resolve(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let dir = root.join(THEMES_DIR).join(name);
        if name != DEFAULT_THEME && !dir.is_dir() {
            return Err(Diagnostic::error(
                Code::TemplateThemeMissing,
                format!("fant ikke temaet «{name}» i {THEMES_DIR}/{name}/"),
            )
            .in_file(crate::config::CONFIG_FILE)
            .with_help(format!(
                "fjern `theme` fra site.yaml for å bruke det innebygde temaet «{DEFAULT_THEME}», eller legg temaet i {THEMES_DIR}/{name}/"
            )));
        }
        let mut files: BTreeMap<String, ThemeFile> = builtin_files()
            .into_iter()
            .map(|(rel, bytes)| {
                let display = PathBuf::from(format!("[innebygd tema]/{rel}"));
                let file = ThemeFile {
                    origin: Origin::Builtin(bytes),
                    display,
                };
                (rel, file)
            })
            .collect();
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            let Ok(rel) = entry.path().strip_prefix(&dir) else {
                continue;
            };
            let display = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            files.insert(
                slash_path(rel),
                ThemeFile {
                    origin: Origin::Disk(entry.path().to_path_buf()),
                    display,
                },
            );
        }
        Ok(Theme {
            name: name.to_string(),
            files,
        })
    }

    pub fn get(&self, rel: &str) -> Option<&ThemeFile> {
        self.files.get(rel)
    }

    /// The files under `prefix/` (`templates`, `static`), keyed by their path below it.
    pub fn files_under<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a ThemeFile)> + 'a {
        self.files.iter().filter_map(move |(rel, file)| {
            rel.strip_prefix(prefix)
                .and_then(|r| r.strip_prefix('/'))
                .map(|r| (r, file))
        })
    }

    /// Every file of the theme, for the build id.
    pub fn files(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files.iter().map(|(rel, file)| (rel.as_str(), file))
    }
}

/// Why `theme eject` did not write anything.
#[derive(Debug, thiserror::Error)]
pub enum EjectError {
    #[error(
        "{count} av temaets filer finnes allerede i {}, for eksempel {}; ingenting ble skrevet (bruk --force for å overskrive dem med det innebygde temaet)",
        dir.display(), first.display()
    )]
    Exists {
        dir: PathBuf,
        first: PathBuf,
        count: usize,
    },
    #[error(
        "{} er en symbolsk lenke; theme eject skriver ikke gjennom lenker, så filer utenfor nettstedet ikke kan bli overskrevet. Ingenting ble skrevet (erstatt lenken med en vanlig mappe, eller fjern den)",
        path.display()
    )]
    Symlink { path: PathBuf },
    #[error("kunne ikke skrive {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes the built-in theme to `themes/default/` under `root` and returns how many files it
/// wrote. Without `force` nothing is written if any of the files exists; with `force` the
/// theme's files are overwritten and other files in the folder are left alone.
///
/// Nothing is written through a symbolic link: a linked folder on the way (`themes/`,
/// `themes/default/`, `templates/` …) refuses the whole eject before anything is written, and
/// a linked theme file counts as existing (also when dangling) and is, with `force`, replaced
/// by a regular file instead of overwriting what it points to.
pub fn eject(root: &Path, force: bool) -> Result<usize, EjectError> {
    let dir = root.join(THEMES_DIR).join(DEFAULT_THEME);
    let files = builtin_files();
    let mut existing = Vec::new();
    for (rel, _) in &files {
        let mut path = root.to_path_buf();
        let parts: Vec<&str> = [THEMES_DIR, DEFAULT_THEME]
            .into_iter()
            .chain(rel.split('/'))
            .collect();
        let last = parts.len() - 1;
        for (i, part) in parts.into_iter().enumerate() {
            path.push(part);
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                break;
            };
            if i == last {
                existing.push(path.clone());
            } else if meta.file_type().is_symlink() {
                return Err(EjectError::Symlink { path });
            }
        }
    }
    if !force && let Some(first) = existing.first() {
        return Err(EjectError::Exists {
            dir: dir.clone(),
            first: first.clone(),
            count: existing.len(),
        });
    }
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| EjectError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        // Written beside and renamed over: a rename replaces a symbolic link itself, never
        // the file it points to.
        let temporary = path.with_file_name(format!(
            ".{}.kompetanse-ny",
            path.file_name().unwrap_or_default().to_string_lossy()
        ));
        write_new(&temporary, bytes)
            .and_then(|()| std::fs::rename(&temporary, &path))
            .map_err(|source| {
                let _ = std::fs::remove_file(&temporary);
                EjectError::Io { path, source }
            })?;
    }
    Ok(files.len())
}

/// Writes `bytes` to a file that this call creates: whatever was at `path` (a leftover, a
/// link) is removed first, and `create_new` never follows a link put there in between.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
        _ => {}
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_theme_has_templates_static_files_and_archetypes() {
        let files = builtin_files();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        for needed in [
            "templates/base.html",
            "static/css/style.css",
            "static/js/search.js",
            "archetypes/nyhet.md",
            "syntax.tmTheme",
        ] {
            assert!(names.contains(&needed), "{needed} mangler i {names:?}");
        }
    }

    #[test]
    fn a_file_on_disk_wins_over_the_builtin_one() {
        let dir = tempfile::tempdir().unwrap();
        let css = dir.path().join("themes/default/static/css/style.css");
        std::fs::create_dir_all(css.parent().unwrap()).unwrap();
        std::fs::write(&css, "body{}").unwrap();
        let theme = Theme::resolve(dir.path(), DEFAULT_THEME).unwrap();
        let file = theme.get("static/css/style.css").unwrap();
        assert_eq!(&*file.bytes().unwrap(), b"body{}");
        assert_eq!(file.disk_path(), Some(css.as_path()));
        let base = theme.get("templates/base.html").unwrap();
        assert!(base.disk_path().is_none());
        assert_eq!(
            base.display,
            PathBuf::from("[innebygd tema]/templates/base.html")
        );
    }

    #[test]
    fn an_unknown_theme_is_an_error_naming_site_yaml() {
        let dir = tempfile::tempdir().unwrap();
        let err = Theme::resolve(dir.path(), "mitt").unwrap_err();
        assert_eq!(err.code, Code::TemplateThemeMissing);
        assert!(err.message.contains("themes/mitt/"), "{}", err.message);
    }
}
