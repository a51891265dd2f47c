//! Stage 5: applies the Tera templates to the rendered content and derived data, producing
//! every HTML document of the site. Templates get site-relative paths and a `root` prefix
//! (`../../`) so every internal URL in the output is relative.

use crate::derive::glossary::Glossary;
use crate::derive::krav_history::{DocumentHistory, KravHistories};
use crate::derive::reports::{REPORTS_URL, Report};
use crate::derive::taxonomy::Taxonomy;
use crate::diagnostics::Diagnostic;
use crate::markdown::links::{rebase, relative_url};
use crate::model::{Choice, Kind, Page, SourceInfo, SourceRef};
use crate::progress::Progress;
use crate::render::RenderedContent;
use crate::site::Site;
use crate::templates::Templates;
use rayon::prelude::*;
use serde_json::{Value, json};
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

/// Site path of the search page, which lists every page A–Å for readers without JavaScript.
pub const SEARCH_URL: &str = "sok/";

/// The relative prefix from a page at `url` to the site root.
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

pub fn href(from: &str, to_url: &str) -> String {
    relative_url(from, &format!("{to_url}index.html"))
}

impl LayoutInput<'_> {
    fn base_context(&self, url: &str) -> Context {
        let site = self.site;
        let nav: Vec<Value> = site
            .top_sections()
            .into_iter()
            .map(|s| {
                let section = &site.sections[s];
                json!({
                    "title": section.meta.title,
                    "href": href(url, &section.url),
                    "current": !section.url.is_empty() && url.starts_with(&section.url),
                })
            })
            .collect();
        let mut context = Context::new();
        context.insert("root", &root_prefix(url));
        context.insert("url", url);
        context.insert("canonical", &site.config.absolute_url(url));
        context.insert("home_href", &href(url, ""));
        context.insert(
            "site",
            &json!({
                "title": site.config.title,
                "description": site.config.description,
                "base_url": site.config.base_url,
                "language": site.config.language,
                "publisher": site.config.publisher,
                "target": site.target.name(),
            }),
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
    pub fn page_summary(&self, i: usize, from: &str) -> Value {
        let page = &self.site.pages[i];
        let rendered = &self.content.pages[i];
        json!({
            "title": page.meta.title,
            "href": href(from, &page.url),
            "url": page.url,
            "summary": rendered.summary,
            "kind": page.kind.name(),
            "kind_label": page.kind.label(),
            "updated": page.meta.updated,
            "date": page.meta.date,
            "review_by": page.meta.review_by,
            "owner": page.meta.owner,
            "access": page.meta.access,
            "weight": page.meta.weight,
            "example": page.meta.example,
            "fields": list_fields(page, &rendered.fields),
        })
    }

    fn taxonomy_links(&self, page: usize, from: &str) -> Value {
        let mut out = serde_json::Map::new();
        for taxonomy in self.taxonomies {
            let terms: Vec<Value> = taxonomy.by_page[page]
                .iter()
                .map(|&t| {
                    let term = &taxonomy.terms[t];
                    json!({ "label": term.label, "href": href(from, &term.url) })
                })
                .collect();
            out.insert(taxonomy.field.to_string(), Value::Array(terms));
        }
        Value::Object(out)
    }

    fn breadcrumbs(&self, section: Option<usize>, from: &str) -> Vec<Value> {
        self.site
            .ancestors(section)
            .into_iter()
            .map(|s| {
                let section = &self.site.sections[s];
                let title = if section.url.is_empty() {
                    "Forside".to_string()
                } else {
                    section.meta.title.clone()
                };
                json!({ "title": title, "href": href(from, &section.url) })
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
        let mut value = self.page_summary(i, &page.url);
        let extra = json!({
            "content": rendered.body.html,
            "toc": rendered.body.toc,
            "description": page.description(),
            "updated_nb": page.meta.updated.map(|d| d.format_nb()),
            "date_nb": page.meta.date.map(|d| d.format_nb()),
            "review_by_nb": page.meta.review_by.map(|d| d.format_nb()),
            "access_label": page.meta.access.label(),
            "municipalities": page.meta.municipalities.iter().map(|m| m.label()).collect::<Vec<_>>(),
            "area": page.meta.area.map(|a| a.label()),
            "audience": page.meta.audience.iter().map(|a| a.label()).collect::<Vec<_>>(),
            "tags": page.meta.tags,
            "taxonomies": self.taxonomy_links(i, &page.url),
            "data": rendered.fields,
            "source_path": page.source.display_path.to_string_lossy(),
            "sources": sources(&page.meta.sources),
            "review_overdue": page.meta.review_by.is_some_and(|d| d < crate::pipeline::today()),
            "edit_href": self.edit_href(&page.source),
        });
        merge(&mut value, extra);
        if let Some(entry) = self.glossary.entry_of_page(i) {
            merge(
                &mut value,
                json!({ "used_on": self.pages_using(entry, &page.url) }),
            );
        }
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
        let pages: Vec<Value> = site.section_pages[s]
            .iter()
            .map(|&i| self.page_summary(i, url))
            .collect();
        let subsections: Vec<Value> = site.section_children[s]
            .iter()
            .map(|&c| {
                let child = &site.sections[c];
                json!({
                    "title": child.meta.title,
                    "href": href(url, &child.url),
                    "summary": self.content.sections[c].summary,
                    "page_count": site.section_pages[c].len(),
                })
            })
            .collect();
        context.insert(
            "section",
            &json!({
                "title": section.meta.title,
                "description": section.meta.description,
                "summary": rendered.summary,
                "content": rendered.body.html,
                "toc": rendered.body.toc,
                "page_kind": section.meta.page_kind.map(Kind::name),
                "page_kind_label": section.meta.page_kind.map(Kind::label),
                "pages": pages,
                "subsections": subsections,
                "href": href(url, url),
                "access": section.meta.access,
                "edit_href": self.edit_href(&section.source),
            }),
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

    fn pages_using(&self, entry: usize, from: &str) -> Vec<Value> {
        let mut pages = self.used_on[entry].clone();
        pages.sort_by(|&a, &b| {
            crate::text::compare_nb(
                &self.site.pages[a].meta.title,
                &self.site.pages[b].meta.title,
            )
        });
        pages
            .into_iter()
            .map(|p| json!({ "title": self.site.pages[p].meta.title, "href": href(from, &self.site.pages[p].url) }))
            .collect()
    }

    /// The glossary page: every term A–Å with letter navigation, definition and users.
    fn glossary_letters(&self, from: &str) -> Vec<Value> {
        let mut order: Vec<usize> = (0..self.glossary.entries.len()).collect();
        order.sort_by(|&a, &b| {
            crate::text::compare_nb(
                &self.glossary.entries[a].term,
                &self.glossary.entries[b].term,
            )
        });
        let mut letters: Vec<(String, Vec<Value>)> = Vec::new();
        for e in order {
            let entry = &self.glossary.entries[e];
            let page = &self.site.pages[entry.page];
            let rendered = &self.content.pages[entry.page];
            let see_also: Vec<Value> = rendered.fields["see_also"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .map(|s| {
                            let term = s["term"].as_str().unwrap_or_default();
                            json!({ "term": term, "href": format!("#{}", glossary_anchor(term)) })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let value = json!({
                "term": entry.term,
                "anchor": glossary_anchor(&entry.term),
                "href": href(from, &page.url),
                "expansion": rendered.fields["expansion"],
                "synonyms": rendered.fields["synonyms"],
                "definition": rebase(&rendered.body.html, &page.url, from),
                "see_also": see_also,
                "used_on": self.pages_using(e, from),
                "example": page.meta.example,
            });
            let letter = crate::text::index_letter(&entry.term);
            match letters.last_mut() {
                Some((last, list)) if *last == letter => list.push(value),
                _ => letters.push((letter, vec![value])),
            }
        }
        letters
            .into_iter()
            .map(|(letter, entries)| json!({ "letter": letter, "anchor": letter_anchor(&letter), "entries": entries }))
            .collect()
    }

    fn latest_news(&self, from: &str) -> Vec<Value> {
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
            let terms: Vec<Value> = taxonomy
                .terms
                .iter()
                .map(|t| json!({ "label": t.label, "href": href(url, &t.url), "count": t.pages.len() }))
                .collect();
            context.insert(
                "taxonomy",
                &json!({ "field": taxonomy.field, "label": taxonomy.label, "terms": terms }),
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
        let pages: Vec<Value> = term
            .pages
            .iter()
            .map(|&i| self.page_summary(i, url))
            .collect();
        context.insert(
            "taxonomy",
            &json!({
                "field": taxonomy.field,
                "label": taxonomy.label,
                "singular": taxonomy.singular,
                "href": href(url, &taxonomy.url),
            }),
        );
        context.insert("term", &json!({ "label": term.label, "pages": pages }));
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
    pub fn taxonomy_index(&self, from: &str) -> Vec<Value> {
        self.taxonomies
            .iter()
            .map(
                |t| json!({ "label": t.label, "href": href(from, &t.url), "count": t.terms.len() }),
            )
            .collect()
    }

    fn not_found_document(&self) -> Result<Document, Diagnostic> {
        // A server shows 404.html at any address, so its links start at the site's root path.
        let mut context = self.base_context("");
        let root_path = site_root_path(&self.site.config.base_url);
        context.insert("root", &root_path);
        context.insert("home_href", &root_path);
        let nav: Vec<Value> = self
            .site
            .top_sections()
            .into_iter()
            .map(|s| {
                let section = &self.site.sections[s];
                json!({ "title": section.meta.title, "href": format!("{root_path}{}", section.url), "current": false })
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
        let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
        for i in order {
            let page = &self.site.pages[i];
            let letter = crate::text::index_letter(&page.meta.title);
            let entry = json!({ "title": page.meta.title, "href": href(url, &page.url), "kind_label": page.kind.label(), "example": page.meta.example });
            match groups.last_mut() {
                Some((last, list)) if *last == letter => list.push(entry),
                _ => groups.push((letter, vec![entry])),
            }
        }
        let az: Vec<Value> = groups
            .into_iter()
            .map(|(letter, pages)| json!({ "anchor": letter_anchor(&letter), "letter": letter, "pages": pages }))
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
                &json!({
                    "title": report.title,
                    "description": report.description,
                    "csv_href": report.csv.as_ref().map(|(name, _)| name),
                    "index_href": href(&url, REPORTS_URL),
                }),
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
        let reports: Vec<Value> = self
            .reports
            .iter()
            .map(|r| json!({ "title": r.title, "description": r.description, "href": href(url, &r.url()),
                             "csv_href": r.csv.as_ref().map(|(name, _)| format!("{}{name}", relative_url(url, &r.url()))) }))
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
        let pages: Vec<Value> = tagged
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

/// The path part of the base URL (`https://x.no/portal/` → `/portal/`).
fn site_root_path(base_url: &str) -> String {
    let without_scheme = base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url);
    match without_scheme.find('/') {
        Some(pos) => without_scheme[pos..].to_string(),
        None => "/".into(),
    }
}

/// The id of a term on the glossary page.
pub fn glossary_anchor(term: &str) -> String {
    format!("begrep-{}", crate::text::slugify(term))
}

/// An id for an A–Å letter heading; Æ, Ø and Å must not collide with A and O.
pub fn letter_anchor(letter: &str) -> String {
    match letter {
        "Æ" => "ae".into(),
        "Ø" => "oe".into(),
        "Å" => "aa".into(),
        "0–9" => "tall".into(),
        other => crate::text::slugify(other),
    }
}

/// `/gammel/adresse` → `gammel/adresse/`
pub fn alias_site_path(alias: &str) -> String {
    let trimmed = alias
        .trim()
        .trim_matches('/')
        .trim_end_matches("index.html")
        .trim_end_matches('/');
    let slugged: Vec<String> = trimmed
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .map(|s| s.to_string())
        .collect();
    if slugged.is_empty() {
        String::new()
    } else {
        format!("{}/", slugged.join("/"))
    }
}

fn redirect_html(to: &str, canonical: &str) -> String {
    let to = crate::text::escape_html(to);
    let canonical = crate::text::escape_html(canonical);
    format!(
        "<!doctype html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n<title>Siden er flyttet</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<main>\n<h1>Siden er flyttet</h1>\n<p>Siden har fått ny adresse: <a href=\"{to}\">gå til den nye siden</a>.</p>\n</main>\n</body>\n</html>\n"
    )
}

/// The few kind fields list pages show in their tables.
/// A page's `sources` for «Kilder», dates written out in Norwegian.
fn sources(list: &[SourceRef]) -> Vec<Value> {
    list.iter()
        .map(|s| {
            json!({
                "title": s.title,
                "url": s.url.as_deref().filter(|u| !u.trim().is_empty()),
                "date": s.date,
                "date_nb": s.date.map(|d| d.format_nb()),
                "note": s.note,
            })
        })
        .collect()
}

fn list_fields(page: &Page, fields: &Value) -> Value {
    let pick = |keys: &[&str]| -> Value {
        let mut out = serde_json::Map::new();
        for key in keys {
            if let Some(v) = fields.get(*key) {
                out.insert((*key).to_string(), v.clone());
            }
        }
        Value::Object(out)
    };
    match page.kind {
        Kind::Tjeneste => pick(&["service_id", "support_hours", "availability", "roles"]),
        Kind::Krav => pick(&[
            "document_id",
            "version",
            "status",
            "status_label",
            "valid_from",
            "requirement_count",
        ]),
        Kind::Beredskapsplan => pick(&["plan_id", "version", "approved"]),
        Kind::Behandling => pick(&["record_id", "controller", "unit", "purpose", "dpia"]),
        Kind::Begrep => pick(&["term", "expansion"]),
        Kind::Artikkel | Kind::Nyhet => Value::Object(Default::default()),
    }
}

fn merge(target: &mut Value, extra: Value) {
    if let (Value::Object(target), Value::Object(extra)) = (target, extra) {
        target.extend(extra);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_climbs_per_folder() {
        assert_eq!(root_prefix(""), "");
        assert_eq!(root_prefix("a/b/"), "../../");
    }

    #[test]
    fn alias_paths_are_normalized() {
        assert_eq!(alias_site_path("/gammel/side/"), "gammel/side/");
        assert_eq!(alias_site_path("gammel/index.html"), "gammel/");
        assert_eq!(alias_site_path("/../x"), "x/");
    }

    #[test]
    fn site_root_path_of_base_url() {
        assert_eq!(site_root_path("https://ror-ikt.no/"), "/");
        assert_eq!(site_root_path("https://x.no/portal/"), "/portal/");
    }
}
