//! Stage 1: read `content/` into typed sections, pages and assets.
//!
//! Everything an editor can get wrong in a single file is reported here, with file and line:
//! missing or invalid front matter, unknown keys, wrong types, files that are not UTF-8,
//! symlinks pointing outside `content/`.

use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter::{self, YamlSource};
use crate::model::{CommonMeta, Kind, KindData, Page, Section, SectionMeta, SourceInfo};
use crate::text::{name_slug, slugify};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

pub const CONTENT_DIR: &str = "content";

/// A file copied as-is into the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Relative to `content/`, as links in content name it.
    pub rel: String,
    /// Output path relative to the site root.
    pub output: String,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Markdown files that could not be loaded; links to them are not reported again.
    pub failed: BTreeSet<String>,
    pub diagnostics: Diagnostics,
}

/// Why loading could not even start: exit code 2 territory.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("fant ikke innholdsmappen {0}")]
    MissingContent(PathBuf),
}

struct FoundFiles {
    markdown: Vec<(String, PathBuf)>,
    assets: Vec<(String, PathBuf)>,
}

/// Reads and parses every file under `root/content`.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(LoadError::MissingContent(content));
    }
    let mut loaded = Loaded::default();
    let found = find_files(&content, &mut loaded.diagnostics);

    let (section_files, page_files): (Vec<_>, Vec<_>) = found
        .markdown
        .into_iter()
        .partition(|(rel, _)| rel == "_index.md" || rel.ends_with("/_index.md"));

    for result in section_files
        .par_iter()
        .map(|(rel, path)| load_section(rel, path))
        .collect::<Vec<_>>()
    {
        match result {
            Ok(section) => loaded.sections.push(section),
            Err((rel, diagnostics)) => {
                loaded.failed.insert(rel);
                loaded.diagnostics.extend(diagnostics);
            }
        }
    }
    loaded
        .sections
        .sort_by(|a, b| a.source.rel_path.cmp(&b.source.rel_path));

    let section_kinds: BTreeMap<String, Kind> = loaded
        .sections
        .iter()
        .filter_map(|s| Some((s.source.dir().to_string(), s.meta.page_kind?)))
        .collect();

    let results: Vec<_> = page_files
        .par_iter()
        .map(|(rel, path)| load_page(rel, path, &section_kinds))
        .collect();
    for result in results {
        match result {
            Ok(page) => loaded.pages.push(page),
            Err((rel, diagnostics)) => {
                loaded.failed.insert(rel);
                loaded.diagnostics.extend(diagnostics);
            }
        }
    }
    loaded
        .pages
        .sort_by(|a, b| a.source.rel_path.cmp(&b.source.rel_path));

    loaded.assets = found
        .assets
        .into_iter()
        .map(|(rel, source)| Asset {
            output: asset_output_path(&rel),
            rel,
            source,
        })
        .collect();
    Ok(loaded)
}

fn find_files(content: &Path, diagnostics: &mut Diagnostics) -> FoundFiles {
    let mut found = FoundFiles {
        markdown: Vec::new(),
        assets: Vec::new(),
    };
    let canonical_root = content
        .canonicalize()
        .unwrap_or_else(|_| content.to_path_buf());
    let walker = WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(display_path)
                    .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
                diagnostics.push(
                    Diagnostic::error(Code::LoadIo, format!("kunne ikke lese: {err}"))
                        .in_file(path),
                );
                continue;
            }
        };
        let rel = relative_path(content, entry.path());
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) && target.is_file() => {}
                Ok(target) if target.starts_with(&canonical_root) => continue,
                Ok(target) => {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::LoadSymlinkOutside,
                            format!(
                                "symbolsk lenke peker utenfor content/ (til {}), og blir ikke fulgt",
                                target.display()
                            ),
                        )
                        .in_file(display_path_in(content, entry.path()))
                        .with_help("kopier filen inn i content/ i stedet for å lenke til den"),
                    );
                    continue;
                }
                Err(err) => {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::LoadBrokenSymlink,
                            format!("symbolsk lenke som ikke peker noe sted: {err}"),
                        )
                        .in_file(display_path_in(content, entry.path())),
                    );
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        if rel.ends_with(".md") {
            found.markdown.push((rel, entry.path().to_path_buf()));
        } else {
            found.assets.push((rel, entry.path().to_path_buf()));
        }
    }
    found
}

/// Editor droppings and hidden files never become part of the site.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "Thumbs.db"
}

fn relative_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn display_path(path: &Path) -> PathBuf {
    path.to_path_buf()
}

fn display_path_in(content: &Path, path: &Path) -> PathBuf {
    PathBuf::from(CONTENT_DIR).join(relative_path(content, path))
}

/// Output folder of a content folder: every folder name slugified, as page URLs are.
pub fn slug_dir(dir: &str) -> String {
    dir.split('/')
        .filter(|s| !s.is_empty())
        .map(name_slug)
        .collect::<Vec<_>>()
        .join("/")
}

/// Assets keep their file names; their folders follow the pages' slugs, so files in a bundle
/// folder land beside the bundle's page and files beside a plain page stay in its folder.
fn asset_output_path(rel: &str) -> String {
    match rel.rsplit_once('/') {
        Some((dir, name)) => format!("{}/{name}", slug_dir(dir)),
        None => rel.to_string(),
    }
}

type LoadFailure = (String, Vec<Diagnostic>);

struct ReadFile {
    display: PathBuf,
    text: Arc<str>,
}

fn read_text(rel: &str, path: &Path) -> Result<ReadFile, LoadFailure> {
    let display = PathBuf::from(CONTENT_DIR).join(rel);
    let bytes = std::fs::read(path).map_err(|err| {
        (
            rel.to_string(),
            vec![
                Diagnostic::error(Code::LoadIo, format!("kunne ikke lese filen: {err}"))
                    .in_file(&display),
            ],
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        let column = valid - bytes[..valid].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
        (
            rel.to_string(),
            vec![Diagnostic::error(
                Code::LoadNotUtf8,
                "filen er ikke UTF-8-kodet tekst".to_string(),
            )
            .in_file(&display)
            .at(line, column)
            .with_help("lagre filen som UTF-8 i redigeringsprogrammet (ofte «Lagre som» → koding UTF-8)")],
        )
    })?;
    Ok(ReadFile {
        display,
        text: frontmatter::normalize_text(text).into(),
    })
}

fn split_source(rel: &str, file: &ReadFile) -> Result<(SourceInfo, String, usize), LoadFailure> {
    let Some(split) = frontmatter::split(&file.text) else {
        return Err((
            rel.to_string(),
            vec![Diagnostic::error(Code::FrontmatterMissing, "filen mangler front matter")
                .in_file(&file.display)
                .at(1, 1)
                .with_source(file.text.clone())
                .with_help("start filen med en linje `---`, feltene (title, owner, updated …), og en ny linje `---`")],
        ));
    };
    if let Some(d) = unreadable_yaml_character(split.yaml, split.yaml_line) {
        return Err((
            rel.to_string(),
            vec![d.in_file(&file.display).with_source(file.text.clone())],
        ));
    }
    let body_start = file.text.len() - split.body.len();
    let info = SourceInfo {
        rel_path: rel.to_string(),
        display_path: file.display.clone(),
        text: file.text.clone(),
        body_start,
        body_line: split.body_line,
        key_lines: frontmatter::top_level_keys(split.yaml, split.yaml_line),
    };
    Ok((info, split.yaml.to_string(), split.yaml_line))
}

/// A character YAML does not allow (NUL and other control characters, U+FFFE, U+FFFF): one
/// clear error at its place, instead of the parser's English one and unknown-field errors
/// for the fields it then misreads.
fn unreadable_yaml_character(yaml: &str, first_line: usize) -> Option<Diagnostic> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{85}')
            || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
    };
    let (index, line) = yaml
        .lines()
        .enumerate()
        .find(|(_, line)| !line.chars().all(allowed))?;
    let (column, c) = line.chars().enumerate().find(|(_, c)| !allowed(*c))?;
    Some(
        Diagnostic::error(
            Code::FrontmatterInvalidYaml,
            format!(
                "front matter inneholder tegnet U+{:04X}, som ikke er tillatt i YAML",
                c as u32
            ),
        )
        .at(first_line + index, column + 1)
        .with_help("fjern tegnet; det er usynlig i de fleste redigeringsprogram og kommer ofte fra kopiert tekst"),
    )
}

fn load_section(rel: &str, path: &Path) -> Result<Section, LoadFailure> {
    let file = read_text(rel, path)?;
    let (source, yaml, yaml_line) = split_source(rel, &file)?;
    let yaml_source = YamlSource {
        display_path: &source.display_path,
        file_text: &source.text,
        yaml: &yaml,
        yaml_line,
    };
    let meta: SectionMeta = yaml_source
        .parse()
        .map_err(|d| (rel.to_string(), vec![d]))?;
    let url = section_url(source.dir());
    Ok(Section { source, meta, url })
}

fn section_url(dir: &str) -> String {
    let slugged = slug_dir(dir);
    if slugged.is_empty() {
        String::new()
    } else {
        format!("{slugged}/")
    }
}

/// The section's `page_kind` nearest above a file's folder.
fn inherited_kind(dir: &str, section_kinds: &BTreeMap<String, Kind>) -> Option<Kind> {
    let mut current = dir;
    loop {
        if let Some(kind) = section_kinds.get(current) {
            return Some(*kind);
        }
        if current.is_empty() {
            return None;
        }
        current = current
            .rsplit_once('/')
            .map(|(parent, _)| parent)
            .unwrap_or("");
    }
}

/// Loads one section file (`_index.md`) again (for the editor's preview).
pub fn reload_section(content: &Path, rel: &str) -> Result<Section, Vec<Diagnostic>> {
    load_section(rel, &content.join(rel)).map_err(|(_, problems)| problems)
}

/// Loads one page file again (for the live preview); `section_kinds` maps content folders to
/// their sections' `page_kind`.
pub fn reload_page(
    content: &Path,
    rel: &str,
    section_kinds: &BTreeMap<String, Kind>,
) -> Result<Page, Vec<Diagnostic>> {
    load_page(rel, &content.join(rel), section_kinds).map_err(|(_, problems)| problems)
}

fn load_page(
    rel: &str,
    path: &Path,
    section_kinds: &BTreeMap<String, Kind>,
) -> Result<Page, LoadFailure> {
    let file = read_text(rel, path)?;
    let (source, yaml, yaml_line) = split_source(rel, &file)?;
    let yaml_source = YamlSource {
        display_path: &source.display_path,
        file_text: &source.text,
        yaml: &yaml,
        yaml_line,
    };
    let mut problems = Vec::new();
    let meta = yaml_source
        .parse::<CommonMeta>()
        .map_err(|d| problems.push(d))
        .ok();
    let kind = meta
        .as_ref()
        .and_then(|m| m.kind)
        .or_else(|| inherited_kind(source.dir(), section_kinds))
        .unwrap_or(Kind::Artikkel);
    let common_fields = frontmatter::field_names::<CommonMeta>();
    let allowed: Vec<&str> = common_fields
        .iter()
        .chain(KindData::field_names(kind))
        .copied()
        .collect();
    problems.extend(frontmatter::unknown_keys(
        &yaml_source,
        &source.key_lines,
        &allowed,
    ));
    let data = match &meta {
        Some(_) => KindData::parse(kind, &yaml_source)
            .map_err(|d| problems.push(d))
            .ok(),
        None => None,
    };
    match (meta, data) {
        (Some(meta), Some(data)) if problems.is_empty() => {
            let is_bundle = source.file_name() == "index.md";
            let url = page_url(&source, meta.slug.as_deref(), is_bundle);
            Ok(Page {
                source,
                meta,
                kind,
                data,
                url,
                is_bundle,
            })
        }
        _ => Err((rel.to_string(), problems)),
    }
}

/// `a/b/c.md` → `a/b/c/`; `a/b/index.md` → `a/b/`; `slug` replaces the last segment.
fn page_url(source: &SourceInfo, slug: Option<&str>, is_bundle: bool) -> String {
    let dir = slug_dir(source.dir());
    let (parent, own) = if is_bundle {
        match dir.rsplit_once('/') {
            Some((parent, own)) => (parent.to_string(), own.to_string()),
            None => (String::new(), dir.clone()),
        }
    } else {
        let stem = source.file_name().trim_end_matches(".md");
        (dir, name_slug(stem))
    };
    let own = slug.map(slugify).filter(|s| !s.is_empty()).unwrap_or(own);
    match (parent.is_empty(), own.is_empty()) {
        (_, true) => String::new(),
        (true, false) => format!("{own}/"),
        (false, false) => format!("{parent}/{own}/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(rel: &str) -> SourceInfo {
        SourceInfo {
            rel_path: rel.into(),
            display_path: PathBuf::from("content").join(rel),
            text: "".into(),
            body_start: 0,
            body_line: 1,
            key_lines: vec![],
        }
    }

    #[test]
    fn page_urls_follow_folders_and_slugs() {
        assert_eq!(
            page_url(&info("tjenester/Politiker PC.md"), None, false),
            "tjenester/politiker-pc/"
        );
        assert_eq!(
            page_url(&info("tjenester/x/index.md"), None, true),
            "tjenester/x/"
        );
        assert_eq!(
            page_url(&info("a/b.md"), Some("Nytt navn"), false),
            "a/nytt-navn/"
        );
        assert_eq!(page_url(&info("a/x/index.md"), Some("y"), true), "a/y/");
        assert_eq!(page_url(&info("top.md"), None, false), "top/");
        assert_eq!(page_url(&info("a/日本.md"), None, false), "a/ri-ben/");
        assert_ne!(page_url(&info("!!!.md"), None, false), "");
    }

    #[test]
    fn kind_is_inherited_from_nearest_section() {
        let mut kinds = BTreeMap::new();
        kinds.insert("tjenester".to_string(), Kind::Tjeneste);
        assert_eq!(
            inherited_kind("tjenester/sub", &kinds),
            Some(Kind::Tjeneste)
        );
        assert_eq!(inherited_kind("annet", &kinds), None);
    }
}
