//! The 404 page. It is served at any missing address, so unlike every other document its links
//! cannot be relative and start at the site's root path instead.

use super::{Document, LayoutInput};
use crate::diagnostics::Diagnostic;
use crate::urls::site_root_path;
use crate::views::document::NavItem;

impl LayoutInput<'_> {
    pub(super) fn not_found_document(&self) -> Result<Document, Diagnostic> {
        // A server shows 404.html at any address, so its links start at the site's root path.
        let mut context = self.base_context("");
        let root_path = site_root_path(&self.site.config.base_url);
        context.insert("root", &root_path);
        context.insert("home_href", &root_path);
        let nav: Vec<NavItem> = self
            .site
            .top_sections()
            .into_iter()
            .map(|s| {
                let section = &self.site.sections[s];
                NavItem {
                    title: &section.meta.title,
                    href: format!("{root_path}{}", section.url),
                    current: false,
                }
            })
            .collect();
        context.insert("nav", &nav);
        Ok(Document {
            path: "404.html".into(),
            html: self.templates.render("404.html", &context)?,
        })
    }
}
