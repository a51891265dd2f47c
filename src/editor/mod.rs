//! The browser editor at `/admin/`: Decap CMS (vendored in `editor/` at the repository root
//! and built into the binary, so no script comes from another host) with a configuration
//! generated from the content model ([`decap`], [`schema`]) and glue of our own
//! (`editor/kompetanse-*.js`: front matter edited in place, the site's own preview).
//!
//! `kompetanse serve` offers it against the working copy ([`http`], [`local`]); the internal
//! build carries it for the Git host of `editor:` in `site.yaml` ([`write_admin`]); the
//! public build never does.

mod base64;
pub mod decap;
pub mod http;
pub mod local;
pub mod preview;
pub mod schema;
pub mod settings;
mod texts;
pub mod vocabulary;

pub use http::LocalEditor;
pub use settings::EditorSettings;

use crate::site::{Site, Target};
use crate::write::Staging;
use include_dir::{Dir, include_dir};

/// Decap CMS, the `yaml` library and our glue, as committed under `editor/`.
static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/editor");

/// Where the editor lives in the site.
pub const ADMIN_DIR: &str = "admin";
/// Decap's local-backend endpoint on the preview's port.
pub const API_PATH: &str = "/api/v1";
/// The preview endpoint: an entry's text in, the page as the site renders it out.
pub const PREVIEW_PATH: &str = "/__kompetanse/editor/preview";

/// The requests that may write (everything else the preview answers is GET or HEAD).
pub fn accepts_post(path: &str) -> bool {
    path == API_PATH || path == PREVIEW_PATH
}

/// A vendored or glue file by its path under `editor/` (`vendor/decap-cms/decap-cms.js`).
pub fn asset(path: &str) -> Option<&'static [u8]> {
    if path.ends_with(".md") {
        return None;
    }
    ASSETS.get_file(path).map(|f| f.contents())
}

fn all_assets() -> Vec<&'static include_dir::File<'static>> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        out.extend(
            dir.files()
                .filter(|f| f.path().extension().is_none_or(|e| e != "md")),
        );
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&ASSETS, &mut out);
    out
}

/// The Content-Security-Policy of the editor's page. Decap needs inline styles (its
/// components style themselves) and `eval` (its configuration schema is compiled to code);
/// nothing else is relaxed, and only for `/admin/`.
pub fn content_security_policy(hosts: &[String]) -> String {
    let hosts = hosts.join(" ");
    let extra = if hosts.is_empty() {
        String::new()
    } else {
        format!(" {hosts}")
    };
    format!(
        "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{extra}; \
         connect-src 'self'{extra}; font-src 'self' data:; frame-src 'self' blob:; \
         worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'{extra}"
    )
}

/// The editor's page; `csp_meta` puts the policy into the page (a static host may send no
/// headers of ours).
pub fn index_html(site_title: &str, language: &str, csp_meta: Option<&str>) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let meta = csp_meta
        .map(|csp| {
            format!(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n",
                escape(csp)
            )
        })
        .unwrap_or_default();
    let lang = match language {
        "nn" | "en" => language,
        _ => "nb",
    };
    let texts = texts::Texts::of(lang);
    let title = texts.format(
        "editor.page.title",
        "Redigering – {title}",
        &[("title", &escape(site_title))],
    );
    let noscript = texts.get("editor.page.noscript", "Redigeringen krever JavaScript.");
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n{meta}\
         <title>{title}</title>\n\
         <link rel=\"stylesheet\" href=\"kompetanse-editor.css\">\n\
         <script src=\"manual-init.js\"></script>\n\
         <script src=\"vendor/decap-cms/decap-cms.js\"></script>\n\
         <script type=\"module\" src=\"kompetanse-editor.js\"></script>\n\
         </head>\n<body>\n<noscript>{}</noscript>\n</body>\n</html>\n",
        escape(&noscript)
    )
}

/// Writes `/admin/` into the internal build when `site.yaml` has `editor:`; returns how
/// many files. The public build never gets it.
pub fn write_admin(staging: &Staging, site: &Site) -> std::io::Result<usize> {
    let Some(settings) = &site.config.editor else {
        return Ok(0);
    };
    if site.target != Target::Internal {
        return Ok(0);
    }
    let sections = decap::SectionInfo::from_sections(&site.sections);
    let mut config = decap::config(&site.config, &sections, decap::Mode::Hosted(settings));
    // The hosted editor has no server to render an entry; its preview shows the page as
    // last published, fetched from this same build by its address.
    let published: serde_json::Map<String, serde_json::Value> = site
        .pages
        .iter()
        .map(|p| (&p.source.rel_path, &p.url))
        .chain(site.sections.iter().map(|s| (&s.source.rel_path, &s.url)))
        .map(|(rel, url)| {
            (
                format!("{}/{rel}", crate::load::CONTENT_DIR),
                url.clone().into(),
            )
        })
        .collect();
    config["_kompetanse"]["published"] = published.into();
    let csp = content_security_policy(&settings.connect_sources());
    let index = index_html(&site.config.title, &site.config.language, Some(&csp));
    staging.write(&format!("{ADMIN_DIR}/index.html"), index.as_bytes())?;
    let json = serde_json::to_vec_pretty(&config).map_err(std::io::Error::other)?;
    staging.write(&format!("{ADMIN_DIR}/config.json"), &json)?;
    let files = all_assets();
    for file in &files {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        staging.write(&format!("{ADMIN_DIR}/{rel}"), file.contents())?;
    }
    Ok(files.len() + 2)
}

/// Whether an output file belongs to the editor (the service worker leaves it out).
pub fn is_admin_file(rel: &str) -> bool {
    rel.starts_with("admin/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_files_are_built_in() {
        let decap = asset("vendor/decap-cms/decap-cms.js").expect("decap-cms.js");
        assert!(decap.len() > 1_000_000);
        assert!(asset("vendor/yaml/index.js").is_some());
        assert!(asset("kompetanse-editor.js").is_some());
        assert!(asset("kompetanse-format.js").is_some());
        assert!(asset("manual-init.js").is_some());
        assert!(asset("../Cargo.toml").is_none());
    }

    #[test]
    fn the_page_loads_nothing_from_another_host() {
        let html = index_html("Portal <x>", "nb", Some("default-src 'self'"));
        assert!(html.contains("Portal &lt;x&gt;"));
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(html.contains("http-equiv=\"Content-Security-Policy\""));
        let csp = content_security_policy(&["https://git.example.no".into()]);
        assert!(csp.contains("connect-src 'self' https://git.example.no;"));
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"));
    }
}
