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
        let config = &self.site.config;
        // An internal build without an address of its own is taken to sit at the same path.
        let address = config.address(self.site.target).unwrap_or(&config.base_url);
        let root_path = site_root_path(address);
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
