//! Stage 5: applies the Tera templates to the rendered content and derived data, producing
//! every HTML document of the site. Templates get site-relative paths and a `root` prefix
//! (`../../`) so every internal URL in the output is relative.

use crate::derive::glossary::Glossary;
use crate::derive::krav_history::{DocumentHistory, KravHistories};
use crate::derive::reports::Report;
use crate::derive::taxonomy::Taxonomy;
use crate::diagnostics::Diagnostic;
use crate::markdown::links::{rebase, relative_url};
use crate::model::{Choice, Kind, SourceInfo};
use crate::progress::Progress;
use crate::render::RenderedContent;
use crate::site::Site;
use crate::templates::Templates;
use crate::urls::{REPORTS_URL, glossary_anchor, letter_anchor, site_root_path};
use crate::views::KindView;
use crate::views::document::{
    AzEntry, AzGroup, GlossaryEntryView, GlossarySeeAlso, LetterGroup, Link, NavItem, PageSummary,
    PageView, ReportEntry, ReportHeader, SectionView, SiteView, SourceView, SubsectionView,
    TaxonomyListView, TaxonomyOfTerm, TermCount, TermLink, TermView,
};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use tera::Context;

/// An HTML document to write: its path in the output and its text.
pub struct Document {
    pub path: String,
    pub html: String,
}

/// Everything the layout stage reads.
pub struct LayoutInput<'a> {
    pub site: &'a Site,
    pub content: &'a RenderedContent,
    pub taxonomies: &'a [Taxonomy],
    pub templates: &'a Templates,
    pub glossary: &'a Glossary,
    /// For each glossary entry, the pages that use it.
    pub used_on: &'a [Vec<usize>],
    pub reports: &'a [Report],
    pub krav_history: &'a KravHistories,
    /// Extra values every template sees (search, build info), merged into the context.
    pub globals: Value,
}

/// Templates a theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "section.html",
    "page.html",
    "404.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "search.html",
    "report_index.html",
];

pub use crate::urls::{SEARCH_URL, alias_site_path, href, root_prefix};

impl LayoutInput<'_> {
    fn base_context(&self, url: &str) -> Context {
        let site = self.site;
        let nav: Vec<NavItem> = site
            .top_sections()
            .into_iter()
            .map(|s| {
                let section = &site.sections[s];
                NavItem {
                    title: &section.meta.title,
                    href: href(url, &section.url),
                    current: !section.url.is_empty() && url.starts_with(&section.url),
                }
            })
            .collect();
        let mut context = Context::new();
        context.insert("root", &root_prefix(url));
        context.insert("url", url);
        context.insert("canonical", &site.config.absolute_url(url));
        context.insert("home_href", &href(url, ""));
        context.insert(
            "site",
            &SiteView {
                title: &site.config.title,
                description: site.config.description.as_deref(),
                base_url: &site.config.base_url,
                language: &site.config.language,
                publisher: site.config.publisher.as_deref(),
                target: site.target.name(),
            },
        );
        context.insert("nav", &nav);
        if let Value::Object(globals) = &self.globals {
            for (key, value) in globals {
                context.insert(key.as_str(), value);
            }
        }
        context
    }

    /// A page as it appears in lists and on its own page, with links relative to `from`.
    pub fn page_summary(&self, i: usize, from: &str) -> PageSummary<'_> {
        let page = &self.site.pages[i];
        let rendered = &self.content.pages[i];
        PageSummary {
            title: &page.meta.title,
            href: href(from, &page.url),
            url: &page.url,
            summary: &rendered.summary,
            kind: page.kind.name(),
            kind_label: page.kind.label(),
            updated: page.meta.updated,
            date: page.meta.date,
            review_by: page.meta.review_by,
            owner: &page.meta.owner,
            access: page.meta.access,
            weight: page.meta.weight,
            example: page.meta.example,
            fields: rendered.fields.list_fields(),
        }
    }

    fn taxonomy_links(&self, page: usize, from: &str) -> BTreeMap<&'static str, Vec<TermLink<'_>>> {
        self.taxonomies
            .iter()
            .map(|taxonomy| {
                let terms = taxonomy.by_page[page]
                    .iter()
                    .map(|&t| {
                        let term = &taxonomy.terms[t];
                        TermLink {
                            label: &term.label,
                            href: href(from, &term.url),
                        }
                    })
                    .collect();
                (taxonomy.field, terms)
            })
            .collect()
    }

    fn breadcrumbs(&self, section: Option<usize>, from: &str) -> Vec<Link<'_>> {
        self.site
            .ancestors(section)
            .into_iter()
            .map(|s| {
                let section = &self.site.sections[s];
                let title = if section.url.is_empty() {
                    "Forside"
                } else {
                    section.meta.title.as_str()
                };
                Link {
                    title,
                    href: href(from, &section.url),
                }
            })
            .collect()
    }

    /// «Rediger denne siden»: the source file in the Git host's editor, when `edit_url` is set.
    fn edit_href(&self, source: &SourceInfo) -> Option<String> {
        // The generated home page of a site without `content/_index.md` has no file to edit.
        if source.text.is_empty() {
            return None;
        }
        let path = format!("{}/{}", crate::load::CONTENT_DIR, source.rel_path);
        self.site.config.edit_link(&path)
    }

    pub fn page_document(&self, i: usize) -> Result<Document, Diagnostic> {
        let page = &self.site.pages[i];
        let rendered = &self.content.pages[i];
        let mut context = self.base_context(&page.url);
        let value = PageView {
            summary: self.page_summary(i, &page.url),
            content: &rendered.body.html,
            toc: &rendered.body.toc,
            description: page.description(),
            updated_nb: page.meta.updated.map(|d| d.format_nb()),
            date_nb: page.meta.date.map(|d| d.format_nb()),
            review_by_nb: page.meta.review_by.map(|d| d.format_nb()),
            access_label: page.meta.access.label(),
            municipalities: page.meta.municipalities.iter().map(|m| m.label()).collect(),
            area: page.meta.area.map(|a| a.label()),
            audience: page.meta.audience.iter().map(|a| a.label()).collect(),
            tags: &page.meta.tags,
            taxonomies: self.taxonomy_links(i, &page.url),
            data: &rendered.fields,
            source_path: page.source.display_path.to_string_lossy().into_owned(),
            sources: page.meta.sources.iter().map(SourceView::new).collect(),
            review_overdue: page
                .meta
                .review_by
                .is_some_and(|d| d < crate::pipeline::today()),
            edit_href: self.edit_href(&page.source),
            used_on: self
                .glossary
                .entry_of_page(i)
                .map(|entry| self.pages_using(entry, &page.url)),
        };
        context.insert("page", &value);
        context.insert(
            "breadcrumbs",
            &self.breadcrumbs(self.site.page_section[i], &page.url),
        );
        if page.kind == Kind::Krav {
            // Empty without Git history: the template then shows the document as before.
            let empty = DocumentHistory::default();
            let history = self.krav_history.of(&page.source.rel_path);
            context.insert("history", history.unwrap_or(&empty));
        }
        let kind_template = format!("{}.html", page.kind.name());
        let template = if self.templates.has(&kind_template) {
            kind_template.as_str()
        } else {
            "page.html"
        };
        Ok(Document {
            path: format!("{}index.html", page.url),
            html: self.templates.render(template, &context)?,
        })
    }

    pub fn section_document(&self, s: usize) -> Result<Document, Diagnostic> {
        let site = self.site;
        let section = &site.sections[s];
        let rendered = &self.content.sections[s];
        let url = &section.url;
        let mut context = self.base_context(url);
        let pages = site.section_pages[s]
            .iter()
            .map(|&i| self.page_summary(i, url))
            .collect();
        let subsections = site.section_children[s]
            .iter()
            .map(|&c| {
                let child = &site.sections[c];
                SubsectionView {
                    title: &child.meta.title,
                    href: href(url, &child.url),
                    summary: &self.content.sections[c].summary,
                    page_count: site.section_pages[c].len(),
                    example: child.meta.example,
                }
            })
            .collect();
        context.insert(
            "section",
            &SectionView {
                title: &section.meta.title,
                description: section.meta.description.as_deref(),
                summary: &rendered.summary,
                content: &rendered.body.html,
                toc: &rendered.body.toc,
                page_kind: section.meta.page_kind.map(Kind::name),
                page_kind_label: section.meta.page_kind.map(Kind::label),
                pages,
                subsections,
                href: href(url, url),
                access: section.meta.access,
                edit_href: self.edit_href(&section.source),
                sources: section.meta.sources.iter().map(SourceView::new).collect(),
                example: section.meta.example,
            },
        );
        let breadcrumbs = self.breadcrumbs(site.section_parent[s], url);
        context.insert("breadcrumbs", &breadcrumbs);
        let template = if url.is_empty() {
            "index.html".to_string()
        } else {
            let kind_template = section
                .meta
                .page_kind
                .map(|k| format!("section_{}.html", k.name()));
            kind_template
                .filter(|t| self.templates.has(t))
                .unwrap_or_else(|| "section.html".into())
        };
        if url.is_empty() {
            context.insert("news", &self.latest_news(url));
        }
        if section.meta.page_kind == Some(Kind::Begrep) {
            context.insert("glossary", &self.glossary_letters(url));
        }
        Ok(Document {
            path: format!("{url}index.html"),
            html: self.templates.render(&template, &context)?,
        })
    }

    fn pages_using(&self, entry: usize, from: &str) -> Vec<Link<'_>> {
        let mut pages = self.used_on[entry].clone();
        pages.sort_by(|&a, &b| {
            crate::text::compare_nb(
                &self.site.pages[a].meta.title,
                &self.site.pages[b].meta.title,
            )
        });
        pages
            .into_iter()
            .map(|p| Link {
                title: &self.site.pages[p].meta.title,
                href: href(from, &self.site.pages[p].url),
            })
            .collect()
    }

    /// The glossary page: every term A–Å with letter navigation, definition and users.
    fn glossary_letters(&self, from: &str) -> Vec<LetterGroup<GlossaryEntryView<'_>>> {
        let mut order: Vec<usize> = (0..self.glossary.entries.len()).collect();
        order.sort_by(|&a, &b| {
            crate::text::compare_nb(
                &self.glossary.entries[a].term,
                &self.glossary.entries[b].term,
            )
        });
        let mut letters: Vec<(String, Vec<GlossaryEntryView>)> = Vec::new();
        for e in order {
            let entry = &self.glossary.entries[e];
            let page = &self.site.pages[entry.page];
            let rendered = &self.content.pages[entry.page];
            let (expansion, synonyms, see_also) = match &rendered.fields {
                KindView::Begrep(b) => (
                    b.expansion.as_deref(),
                    b.synonyms.as_slice(),
                    b.see_also
                        .iter()
                        .map(|s| GlossarySeeAlso {
                            term: &s.term,
                            href: format!("#{}", glossary_anchor(&s.term)),
                        })
                        .collect(),
                ),
                _ => (None, &[][..], Vec::new()),
            };
            let value = GlossaryEntryView {
                term: &entry.term,
                anchor: glossary_anchor(&entry.term),
                href: href(from, &page.url),
                expansion,
                synonyms,
                definition: rebase(&rendered.body.html, &page.url, from),
                see_also,
                used_on: self.pages_using(e, from),
                example: page.meta.example,
            };
            let letter = crate::text::index_letter(&entry.term);
            match letters.last_mut() {
                Some((last, list)) if *last == letter => list.push(value),
                _ => letters.push((letter, vec![value])),
            }
        }
        letters
            .into_iter()
            .map(|(letter, entries)| LetterGroup {
                anchor: letter_anchor(&letter),
                letter,
                entries,
            })
            .collect()
    }

    fn latest_news(&self, from: &str) -> Vec<PageSummary<'_>> {
        crate::derive::feed::news(self.site)
            .into_iter()
            .take(5)
            .map(|i| self.page_summary(i, from))
            .collect()
    }

    fn taxonomy_documents(&self) -> Vec<Result<Document, Diagnostic>> {
        let mut out = Vec::new();
        for taxonomy in self.taxonomies {
            let url = &taxonomy.url;
            let mut context = self.base_context(url);
            let terms = taxonomy
                .terms
                .iter()
                .map(|t| TermCount {
                    label: &t.label,
                    href: href(url, &t.url),
                    count: t.pages.len(),
                })
                .collect();
            context.insert(
                "taxonomy",
                &TaxonomyListView {
                    field: taxonomy.field,
                    label: taxonomy.label,
                    terms,
                },
            );
            context.insert("taxonomies", &self.taxonomy_index(url));
            out.push(
                self.templates
                    .render("taxonomy_list.html", &context)
                    .map(|html| Document {
                        path: format!("{url}index.html"),
                        html,
                    }),
            );
            for term in &taxonomy.terms {
                out.push(self.term_document(taxonomy, term));
            }
        }
        out
    }

    fn term_document(
        &self,
        taxonomy: &Taxonomy,
        term: &crate::derive::taxonomy::Term,
    ) -> Result<Document, Diagnostic> {
        let url = &term.url;
        let mut context = self.base_context(url);
        let pages = term
            .pages
            .iter()
            .map(|&i| self.page_summary(i, url))
            .collect();
        context.insert(
            "taxonomy",
            &TaxonomyOfTerm {
                field: taxonomy.field,
                label: taxonomy.label,
                singular: taxonomy.singular,
                href: href(url, &taxonomy.url),
            },
        );
        context.insert(
            "term",
            &TermView {
                label: &term.label,
                pages,
            },
        );
        self.templates
            .render("taxonomy_term.html", &context)
            .map(|html| Document {
                path: format!("{url}index.html"),
                html,
            })
    }

    /// The term pages that list page `i` (its tags, municipalities, area, audience).
    pub fn term_documents_of_page(&self, i: usize) -> Vec<Result<Document, Diagnostic>> {
        self.taxonomies
            .iter()
            .flat_map(|taxonomy| {
                taxonomy.by_page[i]
                    .iter()
                    .map(move |&t| (taxonomy, &taxonomy.terms[t]))
            })
            .map(|(taxonomy, term)| self.term_document(taxonomy, term))
            .collect()
    }

    /// The glossary's own pages: the sections listing terms, and the pages of `entries`.
    pub fn glossary_documents(&self, entries: &[usize]) -> Vec<Result<Document, Diagnostic>> {
        let sections = (0..self.site.sections.len())
            .filter(|&s| self.site.sections[s].meta.page_kind == Some(Kind::Begrep))
            .map(|s| self.section_document(s));
        let terms = entries
            .iter()
            .map(|&e| self.page_document(self.glossary.entries[e].page));
        sections.chain(terms).collect()
    }

    /// Links to every taxonomy's list page, relative to `from`.
    pub fn taxonomy_index(&self, from: &str) -> Vec<TermCount<'static>> {
        self.taxonomies
            .iter()
            .map(|t| TermCount {
                label: t.label,
                href: href(from, &t.url),
                count: t.terms.len(),
            })
            .collect()
    }

    fn not_found_document(&self) -> Result<Document, Diagnostic> {
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

    fn search_document(&self) -> Result<Document, Diagnostic> {
        let url = SEARCH_URL;
        let mut context = self.base_context(url);
        let mut order: Vec<usize> = (0..self.site.pages.len()).collect();
        order.sort_by(|&a, &b| {
            crate::text::compare_nb(
                &self.site.pages[a].meta.title,
                &self.site.pages[b].meta.title,
            )
        });
        let mut groups: Vec<(String, Vec<AzEntry>)> = Vec::new();
        for i in order {
            let page = &self.site.pages[i];
            let letter = crate::text::index_letter(&page.meta.title);
            let entry = AzEntry {
                title: &page.meta.title,
                href: href(url, &page.url),
                kind_label: page.kind.label(),
                example: page.meta.example,
            };
            match groups.last_mut() {
                Some((last, list)) if *last == letter => list.push(entry),
                _ => groups.push((letter, vec![entry])),
            }
        }
        let az: Vec<AzGroup> = groups
            .into_iter()
            .map(|(letter, pages)| AzGroup {
                anchor: letter_anchor(&letter),
                letter,
                pages,
            })
            .collect();
        context.insert("az", &az);
        Ok(Document {
            path: format!("{url}index.html"),
            html: self.templates.render("search.html", &context)?,
        })
    }

    pub fn report_documents(&self) -> Vec<Result<Document, Diagnostic>> {
        let mut out = Vec::new();
        for report in self.reports {
            let url = report.url();
            let mut context = self.base_context(&url);
            context.insert(
                "report",
                &ReportHeader {
                    title: report.title,
                    description: report.description,
                    csv_href: report.csv.as_ref().map(|(name, _)| name.as_str()),
                    index_href: href(&url, REPORTS_URL),
                },
            );
            context.insert("r", &report.context);
            out.push(
                self.templates
                    .render(report.template, &context)
                    .map(|html| Document {
                        path: format!("{url}index.html"),
                        html,
                    }),
            );
        }
        let url = REPORTS_URL;
        let mut context = self.base_context(url);
        let reports: Vec<ReportEntry> = self
            .reports
            .iter()
            .map(|r| ReportEntry {
                title: r.title,
                description: r.description,
                href: href(url, &r.url()),
                csv_href: r
                    .csv
                    .as_ref()
                    .map(|(name, _)| format!("{}{name}", relative_url(url, &r.url()))),
            })
            .collect();
        let mut tagged: Vec<usize> = (0..self.site.pages.len())
            .filter(|&i| self.site.pages[i].meta.tags.iter().any(|t| t == "rapport"))
            .collect();
        tagged.sort_by(|&a, &b| {
            crate::text::compare_nb(
                &self.site.pages[a].meta.title,
                &self.site.pages[b].meta.title,
            )
        });
        let pages: Vec<PageSummary> = tagged
            .into_iter()
            .map(|i| self.page_summary(i, url))
            .collect();
        context.insert("reports", &reports);
        context.insert("pages", &pages);
        out.push(
            self.templates
                .render("report_index.html", &context)
                .map(|html| Document {
                    path: format!("{url}index.html"),
                    html,
                }),
        );
        out
    }

    fn alias_documents(&self) -> Vec<Document> {
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

    /// Renders every document of the site, in parallel.
    /// Renders every document of the site in parallel, handing each to `emit` as soon as it
    /// is ready (so the whole site never sits in memory). Returns the template problems,
    /// each reported once, and the number of documents.
    pub fn documents(
        &self,
        progress: &Progress,
        emit: &(dyn Fn(Document) -> std::io::Result<()> + Sync),
    ) -> std::io::Result<(usize, Vec<Diagnostic>)> {
        let problems = std::sync::Mutex::new(Vec::<Diagnostic>::new());
        let handle = |result: Result<Document, Diagnostic>| -> std::io::Result<()> {
            progress.tick();
            match result {
                Ok(doc) => emit(doc),
                Err(problem) => {
                    let mut list = problems.lock().unwrap_or_else(|e| e.into_inner());
                    // One broken template fails every page; report it once.
                    if !list.iter().any(|p| p.message == problem.message) {
                        list.push(problem);
                    }
                    Ok(())
                }
            }
        };
        (0..self.site.pages.len())
            .into_par_iter()
            .try_for_each(|i| handle(self.page_document(i)))?;
        (0..self.site.sections.len())
            .into_par_iter()
            .try_for_each(|s| handle(self.section_document(s)))?;
        let mut rest: Vec<Result<Document, Diagnostic>> = self.taxonomy_documents();
        rest.push(self.not_found_document());
        rest.push(self.search_document());
        rest.extend(self.report_documents());
        rest.extend(self.alias_documents().into_iter().map(Ok));
        let count = self.site.pages.len() + self.site.sections.len() + rest.len();
        rest.into_par_iter().try_for_each(handle)?;
        Ok((
            count,
            problems.into_inner().unwrap_or_else(|e| e.into_inner()),
        ))
    }
}

fn redirect_html(to: &str, canonical: &str) -> String {
    let to = crate::text::escape_html(to);
    let canonical = crate::text::escape_html(canonical);
    format!(
        "<!doctype html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n<title>Siden er flyttet</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<main>\n<h1>Siden er flyttet</h1>\n<p>Siden har fått ny adresse: <a href=\"{to}\">gå til den nye siden</a>.</p>\n</main>\n</body>\n</html>\n"
    )
}
