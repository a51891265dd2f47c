//! Redirects for `aliases`: old addresses keep working after a page moves. A static host offers
//! no server-side redirects, so each old address gets a small page (template `redirect.html`)
//! with a meta refresh and a canonical link. The page does not use `base.html`: a redirect
//! should not depend on the rest of the theme working.

use super::{Document, LayoutInput, alias_site_path, href};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use serde::Serialize;
use tera::Context;

/// The redirect page's template.
pub const TEMPLATE: &str = "redirect.html";

/// What `redirect.html` sees.
#[derive(Serialize)]
struct RedirectView<'a> {
    /// The new address, relative to the old one (works from file://).
    to: &'a str,
    /// The new address, absolute.
    canonical: &'a str,
}

impl LayoutInput<'_> {
    pub(super) fn alias_documents(&self) -> Vec<Result<Document, Diagnostic>> {
        let aliases = self
            .site
            .pages
            .iter()
            .map(|p| (&p.meta.aliases, &p.url))
            .chain(self.site.sections.iter().map(|s| (&s.meta.aliases, &s.url)));
        let mut out = Vec::new();
        for (list, target) in aliases {
            for alias in list {
                let alias_url = alias_site_path(alias);
                let to = href(&alias_url, target);
                // Relative where the build has no address of its own.
                let canonical = self
                    .site
                    .config
                    .url_for(self.site.target, target)
                    .unwrap_or_else(|| to.clone());
                let context = Context::from_serialize(RedirectView {
                    to: &to,
                    canonical: &canonical,
                });
                let html = context
                    .map_err(|err| {
                        Diagnostic::error(Code::TemplateError, err.to_string()).in_file(TEMPLATE)
                    })
                    .and_then(|context| self.templates.render(TEMPLATE, &context));
                out.push(html.map(|html| Document {
                    path: format!("{alias_url}index.html"),
                    html,
                }));
            }
        }
        out
    }
}
