//! Offline use over http: a service worker that caches the whole site, versioned by build, so
//! employees keep working when the network is down. Contingency plans and the contingency
//! binder are cached first and must succeed; the rest is cached in the background. The worker
//! is written from the template `sw.js` (built into the default theme; overridable).

use tera::Context;

/// File name of the service worker, at the site root so its scope is the whole site.
pub const SERVICE_WORKER: &str = "sw.js";

/// Files cached before the service worker counts as installed: the shell every page needs and
/// everything about contingency, which must work when nothing else does.
pub fn is_critical(path: &str) -> bool {
    path == "index.html"
        || path == "404.html"
        || path.starts_with("css/")
        || path.starts_with("js/")
        || path == "favicon.svg"
        || path == "search/meta.js"
        || path.starts_with("beredskap/")
        || path.starts_with("rapporter/beredskapsperm/")
}

/// The service worker's template, overridable like any other (`templates/sw.js`).
pub const TEMPLATE: &str = "sw.js";

/// The template context of the service worker: `build_id`, and the site paths of every
/// other output file split into `critical` (cached before it counts as installed) and `rest`.
pub fn context(build_id: &str, files: &[String]) -> Context {
    let mut critical: Vec<&str> = Vec::new();
    let mut rest: Vec<&str> = Vec::new();
    for file in files {
        if file == SERVICE_WORKER {
            continue;
        }
        if is_critical(file) {
            critical.push(file);
        } else {
            rest.push(file);
        }
    }
    let mut context = Context::new();
    context.insert("build_id", build_id);
    context.insert("critical", &critical);
    context.insert("rest", &rest);
    context
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contingency_material_is_critical() {
        assert!(is_critical("beredskap/ikt-beredskapsplan/index.html"));
        assert!(is_critical("rapporter/beredskapsperm/index.html"));
        assert!(!is_critical("selvhjelp/a/index.html"));
    }

    #[test]
    fn worker_is_versioned_and_lists_files() {
        let files = vec![
            "index.html".to_string(),
            "a/index.html".into(),
            "sw.js".into(),
        ];
        let mut tera = tera::Tera::default();
        let template = crate::theme::builtin_file("templates/sw.js").unwrap();
        tera.add_raw_template(TEMPLATE, std::str::from_utf8(template).unwrap())
            .unwrap();
        let sw = tera.render(TEMPLATE, &context("abc123", &files)).unwrap();
        assert!(sw.contains("const VERSION = 'kompetanse-abc123';"));
        assert!(sw.contains("const CRITICAL = [\"index.html\"];"));
        assert!(sw.contains("const REST = [\"a/index.html\"];"));
    }
}
