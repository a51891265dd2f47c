//! `kompetanse new <kind> <path>`: a new page from the kind's archetype, with every required
//! field filled with a placeholder and today's date.

use crate::date::Date;
use crate::model::Kind;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error(
        "ukjent innholdstype «{0}»; velg en av: artikkel, nyhet, tjeneste, krav, beredskapsplan, behandling, begrep"
    )]
    UnknownKind(String),
    #[error(
        "{0} finnes allerede; velg et annet filnavn (eksisterende filer blir aldri overskrevet)"
    )]
    Exists(PathBuf),
    #[error(
        "{0} ligger utenfor content/; nye sider må ligge i innholdsmappen (skriv stien fra content/, f.eks. `selvhjelp/ny-side.md`)"
    )]
    OutsideContent(PathBuf),
    #[error(
        "{path} er en mappe; oppgi filen som skal lages i den, f.eks. `{example}` (en seksjon lages med `_index.md`)"
    )]
    Folder { path: PathBuf, example: String },
    #[error("fant ingen mal for «{kind}» (ventet {path})")]
    MissingArchetype { kind: String, path: PathBuf },
    #[error("kunne ikke skrive {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Where archetypes are looked up on disk: the site's `archetypes/` first, then the theme's
/// folder (the built-in theme is the last resort, see `new_page`).
fn archetype_path(root: &Path, theme: &str, kind: Kind) -> Option<PathBuf> {
    let file = format!("{}.md", kind.name());
    [
        root.join("archetypes").join(&file),
        root.join("themes")
            .join(theme)
            .join("archetypes")
            .join(&file),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// "content/selvhjelp/min-nye-side.md" → "Min nye side"
fn title_from_path(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = if stem == "index" || stem == "_index" {
        path.parent()
            .and_then(|p| p.file_name())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or(stem)
    } else {
        stem
    };
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Ny side".into(),
    }
}

/// The file a `new` command writes: under `content/` unless the path already says so.
pub fn target_path(root: &Path, path: &Path) -> PathBuf {
    let path = if path.extension().is_some_and(|e| e == "md") {
        path.to_path_buf()
    } else {
        path.with_extension("md")
    };
    if path.starts_with(crate::load::CONTENT_DIR) || path.is_absolute() {
        root.join(path)
    } else {
        root.join(crate::load::CONTENT_DIR).join(path)
    }
}

/// The file to write, refused when it is a folder or would land outside `content/` (through
/// `..`, an absolute path or a symbolic link).
fn checked_target(root: &Path, path: &Path) -> Result<PathBuf, NewError> {
    let content = root.join(crate::load::CONTENT_DIR);
    let given = if path.starts_with(crate::load::CONTENT_DIR) || path.is_absolute() {
        root.join(path)
    } else {
        content.join(path)
    };
    let text = path.to_string_lossy();
    if text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) || given.is_dir() {
        let folder = text.trim_end_matches(['/', std::path::MAIN_SEPARATOR]);
        return Err(NewError::Folder {
            path: given.clone(),
            example: format!("{folder}/ny-side.md"),
        });
    }
    let target = target_path(root, path);
    let resolve = |p: &Path| {
        crate::write::resolve_path(p).map_err(|source| NewError::Io {
            path: p.to_path_buf(),
            source,
        })
    };
    let resolved = resolve(&target)?;
    let content = resolve(&content)?;
    if resolved == content || !resolved.starts_with(&content) {
        return Err(NewError::OutsideContent(target));
    }
    Ok(target)
}

/// Writes a new page and returns its path.
pub fn new_page(
    root: &Path,
    theme: &str,
    kind_name: &str,
    path: &Path,
    today: Date,
) -> Result<PathBuf, NewError> {
    let kind =
        Kind::from_name(kind_name).ok_or_else(|| NewError::UnknownKind(kind_name.to_string()))?;
    let target = checked_target(root, path)?;
    if target.exists() {
        return Err(NewError::Exists(target));
    }
    let template = match archetype_path(root, theme, kind) {
        Some(archetype) => std::fs::read_to_string(&archetype).map_err(|source| NewError::Io {
            path: archetype.clone(),
            source,
        })?,
        // Last: the built-in theme's archetype, so a site without a theme folder has them all.
        None => crate::theme::builtin_file(&format!("archetypes/{}.md", kind.name()))
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            .ok_or_else(|| NewError::MissingArchetype {
                kind: kind_name.to_string(),
                path: root
                    .join("themes")
                    .join(theme)
                    .join("archetypes")
                    .join(format!("{kind_name}.md")),
            })?,
    };
    let review = Date::from_days_since_epoch(today.days_since_epoch() + 365);
    let text = template
        .replace("{{ title }}", &title_from_path(&target).replace('"', "'"))
        .replace("{{ today }}", &today.to_string())
        .replace("{{ review_by }}", &review.to_string());
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|source| NewError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    // create_new: never overwrite a file that appeared since the check above.
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|source| NewError::Io {
            path: target.clone(),
            source,
        })?;
    file.write_all(text.as_bytes())
        .map_err(|source| NewError::Io {
            path: target.clone(),
            source,
        })?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_folders_and_paths_outside_content() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("nettsted");
        std::fs::create_dir_all(root.join("content/selvhjelp")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), root.join("content/ut")).unwrap();
        for path in ["../../x.md", "content/../x.md", "ut/x.md", "/tmp/x.md"] {
            let err = checked_target(&root, Path::new(path)).unwrap_err();
            assert!(matches!(err, NewError::OutsideContent(_)), "{path}: {err}");
        }
        for path in ["selvhjelp/", "selvhjelp", "content/selvhjelp", "ny-mappe/"] {
            let err = checked_target(&root, Path::new(path)).unwrap_err();
            assert!(matches!(err, NewError::Folder { .. }), "{path}: {err}");
        }
        assert_eq!(
            checked_target(&root, Path::new("selvhjelp/a")).unwrap(),
            root.join("content/selvhjelp/a.md")
        );
    }

    #[test]
    fn titles_and_paths() {
        assert_eq!(
            title_from_path(Path::new("content/a/min-nye-side.md")),
            "Min nye side"
        );
        assert_eq!(
            title_from_path(Path::new("content/tjenester/politiker-pc/index.md")),
            "Politiker pc"
        );
        assert_eq!(
            target_path(Path::new("/r"), Path::new("selvhjelp/x")),
            PathBuf::from("/r/content/selvhjelp/x.md")
        );
        assert_eq!(
            target_path(Path::new("/r"), Path::new("content/x.md")),
            PathBuf::from("/r/content/x.md")
        );
    }
}
