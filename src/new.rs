//! `kompetanse new <kind> <path>`: a new page from the kind's archetype, with every required
//! field filled with a placeholder and today's date.

use crate::config::Config;
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

/// Abbreviations written upper-case in a title made from a file name, besides the site's
/// `known_abbreviations`: common IT terms, none of them one organisation's.
const ABBREVIATIONS: &[&str] = &[
    "AD", "API", "BYOD", "DNS", "DPIA", "GDPR", "HDMI", "ID", "IKT", "IP", "IT", "MFA", "NFC",
    "PC", "PDF", "PIN", "QR", "ROS", "SMS", "SSO", "UPS", "USB", "VPN", "WCAG", "WLAN",
];

/// "content/selvhjelp/koble-til-vpn.md" → "Koble til VPN": the first word capitalised, known
/// abbreviations (`ABBREVIATIONS` and `extra`) upper-case.
fn title_with_abbreviations(path: &Path, extra: &[String]) -> String {
    let title = title_from_path(path);
    title
        .split(' ')
        .map(|word| {
            let upper = word.to_uppercase();
            let known = ABBREVIATIONS.contains(&upper.as_str())
                || extra.iter().any(|a| a.to_uppercase() == upper);
            if known { upper } else { word.to_string() }
        })
        .collect::<Vec<_>>()
        .join(" ")
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

/// What an archetype's placeholders are filled with from the site's settings: `{{ owner }}`
/// the first of `owners` (else the publisher), `{{ taxonomies }}` the vocabulary fields the
/// site has, so a new page checks clean on any site.
fn owner_and_taxonomies(config: Option<&Config>) -> (String, String) {
    let Some(config) = config else {
        return ("Fyll inn".into(), String::new());
    };
    let owner = config
        .owners
        .first()
        .or(config.publisher.as_ref())
        .cloned()
        .unwrap_or_else(|| "Fyll inn".into());
    let v = &config.vocabularies;
    let mut lines = String::new();
    if !v.municipalities.is_empty() {
        lines.push_str("municipalities: [alle]\n");
    }
    for (key, vocabulary) in [("area", &v.areas), ("audience", &v.audiences)] {
        if !vocabulary.is_empty() {
            let slugs = vocabulary.slugs();
            let example = if key == "area" {
                slugs[0].to_string()
            } else {
                format!("[{}]", slugs[0])
            };
            lines.push_str(&format!(
                "# {key}: {example}   # velg blant: {}\n",
                slugs.join(", ")
            ));
        }
    }
    (owner, lines)
}

/// "content/krav/nett-og-kabling.md" → "NETT-OG-KABLING": ids of a new page that another
/// new page does not share.
fn id_from_path(path: &Path) -> String {
    let title = title_from_path(path);
    let id = crate::text::slugify(&title).to_uppercase();
    if id.is_empty() { "NY".into() } else { id }
}

/// Writes a new page and returns its path. `config` is the site's settings when `site.yaml`
/// could be read: its theme, owners and vocabularies fill in the archetype.
pub fn new_page(
    root: &Path,
    config: Option<&Config>,
    kind_name: &str,
    path: &Path,
    today: Date,
) -> Result<PathBuf, NewError> {
    let theme = config.map_or("default", |c| c.theme.as_str());
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
    let (owner, taxonomies) = owner_and_taxonomies(config);
    let abbreviations = config.map_or(&[][..], |c| c.known_abbreviations.as_slice());
    let text = template
        .replace(
            "{{ title }}",
            &title_with_abbreviations(&target, abbreviations).replace('"', "'"),
        )
        .replace("{{ owner }}", &owner.replace('"', "'"))
        .replace("{{ taxonomies }}", &taxonomies)
        .replace("{{ id }}", &id_from_path(&target))
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
            title_with_abbreviations(Path::new("content/a/koble-til-vpn.md"), &[]),
            "Koble til VPN"
        );
        assert_eq!(
            title_with_abbreviations(
                Path::new("content/a/pc-og-nav-rutiner.md"),
                &["NAV".to_string()]
            ),
            "PC og NAV rutiner"
        );
        assert_eq!(
            id_from_path(Path::new("content/krav/nett-og-kabling.md")),
            "NETT-OG-KABLING"
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
