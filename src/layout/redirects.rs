//! Redirects for `aliases`: old addresses keep working after a page moves. Written as plain HTML
//! with a meta refresh and a canonical link, not through the theme, because a static host offers
//! no server-side redirects and a theme must not be able to break them.

use super::{Document, LayoutInput, alias_site_path, href};

impl LayoutInput<'_> {
    pub(super) fn alias_documents(&self) -> Vec<Document> {
        let mut out = Vec::new();
        let aliases = self
            .site
            .pages
            .iter()
            .map(|p| (&p.meta.aliases, &p.url))
            .chain(self.site.sections.iter().map(|s| (&s.meta.aliases, &s.url)));
        for (list, target) in aliases {
            for alias in list {
                let alias_url = alias_site_path(alias);
                let to = href(&alias_url, target);
                let canonical = self.site.config.absolute_url(target);
                out.push(Document {
                    path: format!("{alias_url}index.html"),
                    html: redirect_html(&to, &canonical),
                });
            }
        }
        out
    }
}

fn redirect_html(to: &str, canonical: &str) -> String {
    let to = crate::text::escape_html(to);
    let canonical = crate::text::escape_html(canonical);
    format!(
        "<!doctype html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n<title>Siden er flyttet</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<main>\n<h1>Siden er flyttet</h1>\n<p>Siden har fått ny adresse: <a href=\"{to}\">gå til den nye siden</a>.</p>\n</main>\n</body>\n</html>\n"
    )
}
