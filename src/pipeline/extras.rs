//! The files a build writes besides the documents: sitemap, robots.txt and feed, the
//! theme's and the site's static files, and last the service worker, which lists all the
//! others and carries the build id (a fingerprint of every input).

use super::steps::{self, WriteError};
use crate::derive::{offline, sitemap};
use crate::load;
use crate::render::RenderedContent;
use crate::site::Site;
use crate::templates::Templates;
use crate::theme::Theme;
use crate::write::Staging;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Writes sitemap.xml, robots.txt and the news feed; returns how many files.
pub fn write_site_files(
    staging: &Staging,
    site: &Site,
    content: &RenderedContent,
    templates: &Templates,
) -> Result<usize, WriteError> {
    let xml = templates.render(sitemap::TEMPLATE, &sitemap::context(site))?;
    staging.write(sitemap::SITEMAP_PATH, xml.as_bytes())?;
    let robots = templates.render(sitemap::ROBOTS_TEMPLATE, &sitemap::robots_context(site))?;
    staging.write("robots.txt", robots.as_bytes())?;
    steps::write_feed(staging, site, content, templates)?;
    let editor = crate::editor::write_admin(staging, site).map_err(WriteError::Io)?;
    Ok(3 + editor)
}

/// Writes the service worker, which lists every file staged so far: call it last.
pub fn write_service_worker(
    staging: &Staging,
    templates: &Templates,
    build_id: &str,
) -> Result<usize, WriteError> {
    if staging.is_discarding() {
        return Ok(0);
    }
    // The editor is for editors online, not something every reader should download.
    let files: Vec<String> = staging
        .files()
        .into_iter()
        .filter(|f| !crate::editor::is_admin_file(f))
        .collect();
    let context = offline::context(build_id, &files);
    let worker = templates.render(offline::TEMPLATE, &context)?;
    staging.write(offline::SERVICE_WORKER, worker.as_bytes())?;
    Ok(1)
}

/// A short fingerprint of everything a build's output depends on, so browsers and the
/// service worker can tell one build from the next: every file of `content/`, `data/`,
/// `static/`, `templates/` and `i18n/`, `site.yaml`, the theme (built-in files included), the binary's
/// version and the build's options. A change to a theme stylesheet alone must change `sw.js`,
/// or offline readers keep the old one.
pub fn build_id(root: &Path, site: &Site, theme: Option<&Theme>, drafts: bool) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash
    }
    let mut hash = OFFSET;
    for part in [
        env!("CARGO_PKG_VERSION"),
        site.target.name(),
        site.config.base_url.as_str(),
        if drafts { "utkast" } else { "" },
    ] {
        hash = fnv(hash, part.as_bytes());
        hash = fnv(hash, &[0]);
    }
    let mut files: Vec<PathBuf> = vec![PathBuf::from(crate::config::CONFIG_FILE)];
    for dir in [
        load::CONTENT_DIR,
        crate::data::DATA_DIR,
        "static",
        "templates",
        crate::i18n::I18N_DIR,
    ] {
        files.extend(
            WalkDir::new(root.join(dir))
                .sort_by_file_name()
                .into_iter()
                .flatten()
                .filter(|e| {
                    // Editor droppings, as the loader skips them.
                    let name = e.file_name().to_string_lossy();
                    !name.starts_with('.') && !name.ends_with('~') && e.path().is_file()
                })
                .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf)),
        );
    }
    // Each file hashed on its own (in parallel), then combined in a fixed order.
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|rel| {
            let named = fnv(OFFSET, rel.to_string_lossy().as_bytes());
            fnv(named, &std::fs::read(root.join(rel)).unwrap_or_default())
        })
        .collect();
    for file_hash in hashes {
        hash = fnv(hash, &file_hash.to_le_bytes());
    }
    for (rel, file) in theme.into_iter().flat_map(Theme::files) {
        hash = fnv(hash, rel.as_bytes());
        hash = fnv(hash, &file.bytes().unwrap_or_default());
    }
    format!("{hash:016x}")
}

/// Copies the theme's `static/` (from disk or built in), then the site's `static/` (which
/// wins), then the files that live beside pages in `content/`; and writes the generated
/// code-highlighting stylesheet. An error names the file that could not be copied.
pub fn copy_static(
    staging: &Staging,
    root: &Path,
    site: &Site,
    theme: &Theme,
) -> Result<usize, (PathBuf, std::io::Error)> {
    let theme_files: Vec<(&str, &crate::theme::ThemeFile)> = theme.files_under("static").collect();
    theme_files.par_iter().try_for_each(|(rel, file)| {
        match file.disk_path() {
            Some(path) => staging.copy(path, rel),
            None => file.bytes().and_then(|bytes| staging.write(rel, &bytes)),
        }
        .map_err(|err| (root.join(&file.display), err))
    })?;
    let mut count = theme_files.len();
    let dir = root.join("static");
    let files: Vec<(PathBuf, String)> = WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            (e.path().to_path_buf(), rel)
        })
        .collect();
    count += files.len();
    files
        .par_iter()
        .try_for_each(|(path, rel)| staging.copy(path, rel).map_err(|err| (path.clone(), err)))?;
    site.assets.par_iter().try_for_each(|asset| {
        staging
            .copy(&asset.source, &asset.output)
            .map_err(|err| (asset.source.clone(), err))
    })?;
    count += site.assets.len();
    if let Some(syntax_theme) = theme.get("syntax.tmTheme") {
        let shown = root.join(&syntax_theme.display);
        let css = syntax_theme
            .bytes()
            .and_then(|bytes| {
                crate::markdown::highlight::stylesheet(&bytes)
                    .map_err(|e| std::io::Error::other(e.to_string()))
            })
            .map_err(|err| (shown.clone(), err))?;
        staging
            .write("css/syntax.css", css.as_bytes())
            .map_err(|err| (shown, err))?;
        count += 1;
    }
    Ok(count)
}
