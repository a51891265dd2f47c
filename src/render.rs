//! Stage 3: Markdown to HTML for every page body and every Markdown field, in parallel, with
//! internal links resolved and checked (anchors too, once every page's ids are known).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter;
use crate::markdown::links::{AnchorRef, LinkTarget, classify, relative_url};
use crate::markdown::{self, Input, Rendered, TextMarker, shortcodes};
use crate::model::kinds::{Agreement, Begrep, Behandling, Beredskapsplan, Krav, Tjeneste};
use crate::model::{KindData, Page, SourceInfo};
use crate::progress::Progress;
use crate::site::Site;
use crate::text::truncate_words;
use crate::urls::{category_anchor, level_anchor};
use crate::views::{
    ActionCardView, ArtikkelView, BegrepView, BehandlingView, BeredskapsplanView, CategoryView,
    ChangeView, DpiaView, IncidentLevelView, KindView, KravView, LevelCounts, LinkView, NyhetView,
    ProcessorView, RemovedView, RequirementView, SeeAlsoView, TjenesteView,
};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Stack size of the build's worker threads. Rendering and minifying recurse with the depth
/// of a page's nesting; depth is limited (`markdown::html::MAX_DEPTH`), and this leaves a
/// wide margin above that limit. Untouched stack costs no memory.
pub const THREAD_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Sets up the global thread pool with [`THREAD_STACK_BYTES`] of stack per thread. Call it
/// before anything uses rayon; later calls do nothing.
pub fn configure_threads() {
    // An error means the pool exists already (a test or an embedding program made it).
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(THREAD_STACK_BYTES)
        .thread_name(|i| format!("kompetanse-{i}"))
        .build_global();
}

/// A page after Markdown rendering.
#[derive(Debug)]
pub struct RenderedPage {
    pub body: Rendered,
    /// The kind's fields for templates, with Markdown fields as HTML.
    pub fields: KindView,
    /// Every id on the page a link may point at.
    pub anchors: HashSet<String>,
    /// The description, or the start of the first paragraph.
    pub summary: String,
    /// Glossary entries marked in the text, in order of first use.
    pub marked: Vec<usize>,
}

#[derive(Debug)]
pub struct RenderedSection {
    pub body: Rendered,
    pub summary: String,
}

pub struct RenderedContent {
    pub pages: Vec<RenderedPage>,
    pub sections: Vec<RenderedSection>,
}

/// Builds the text marker for the page with this index (the glossary's first-use markup).
pub type MarkerFactory<'a> = dyn Fn(usize) -> Option<Box<dyn TextMarker>> + Sync + 'a;

pub fn render_content(
    site: &Site,
    markers: &MarkerFactory<'_>,
    progress: &Progress,
    diagnostics: &mut Diagnostics,
) -> RenderedContent {
    let terms = glossary_terms(site);
    let pages: Vec<(RenderedPage, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            progress.tick();
            render_page(site, page, markers(i), &terms)
        })
        .collect();
    let sections: Vec<(RenderedSection, Vec<Diagnostic>)> = site
        .sections
        .par_iter()
        .map(|section| {
            let mut problems = Vec::new();
            let body = render_body(site, &section.source, &section.url, None, &mut problems);
            let summary = section
                .meta
                .description
                .clone()
                .unwrap_or_else(|| truncate_words(&body.first_paragraph, 300));
            (RenderedSection { body, summary }, problems)
        })
        .collect();
    let mut content = RenderedContent {
        pages: Vec::with_capacity(pages.len()),
        sections: Vec::with_capacity(sections.len()),
    };
    for (page, problems) in pages {
        diagnostics.extend(problems);
        content.pages.push(page);
    }
    for (section, problems) in sections {
        diagnostics.extend(problems);
        content.sections.push(section);
    }
    diagnostics.extend(check_anchors(site, &content));
    content
}

/// Renders one page again (for the live preview).
pub fn render_one_page(
    site: &Site,
    index: usize,
    marker: Option<Box<dyn TextMarker>>,
) -> (RenderedPage, Vec<Diagnostic>) {
    render_page(site, &site.pages[index], marker, &glossary_terms(site))
}

/// Anchor problems that involve the page `index`: its links to other pages, and other pages'
/// links to it (its headings may have changed).
pub fn check_page_anchors(site: &Site, content: &RenderedContent, index: usize) -> Vec<Diagnostic> {
    let key = site.pages[index].source.rel_path.as_str();
    let own = &content.pages[index].body.anchor_refs;
    let incoming = content
        .pages
        .iter()
        .flat_map(|p| &p.body.anchor_refs)
        .chain(content.sections.iter().flat_map(|s| &s.body.anchor_refs))
        .filter(|r| r.target_key == key);
    let refs: Vec<&AnchorRef> = own.iter().chain(incoming).collect();
    check_anchor_refs(site, content, refs)
}

fn glossary_terms(site: &Site) -> HashMap<String, usize> {
    site.pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match &p.data {
            KindData::Begrep(b) => Some((b.term.to_lowercase(), i)),
            _ => None,
        })
        .collect()
}

fn render_body(
    site: &Site,
    source: &SourceInfo,
    page_url: &str,
    marker: Option<&mut dyn TextMarker>,
    problems: &mut Vec<Diagnostic>,
) -> Rendered {
    let expanded = shortcodes::expand(source.body(), &site.data);
    for error in expanded.errors {
        let mut d = Diagnostic::error("shortcode::error", error.message)
            .in_file(&source.display_path)
            .at(source.body_line + error.line, 1)
            .with_source(source.text.clone());
        if let Some(help) = error.help {
            d = d.with_help(help);
        }
        problems.push(d);
    }
    let input = Input {
        markdown: &expanded.markdown,
        first_line: source.body_line,
        source_dir: source.dir(),
        self_key: &source.rel_path,
        page_url,
        display_path: &source.display_path,
        file_text: &source.text,
        policy: markdown::html::Policy {
            extra: &site.config.raw_html.allow,
        },
        generated: &expanded.generated,
    };
    let mut rendered = markdown::render(&input, site, marker);
    problems.append(&mut rendered.diagnostics);
    rendered
}

fn render_page(
    site: &Site,
    page: &Page,
    mut marker: Option<Box<dyn TextMarker>>,
    terms: &HashMap<String, usize>,
) -> (RenderedPage, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let body = render_body(
        site,
        &page.source,
        &page.url,
        marker.as_deref_mut().map(|m| m as &mut dyn TextMarker),
        &mut problems,
    );
    let mut fields = FieldRenderer {
        site,
        page,
        problems: &mut problems,
    };
    let data = fields.kind_fields(terms);
    problems.extend(duplicate_kind_ids(page, &body));
    let mut anchors: HashSet<String> = body.toc.iter().map(|t| t.id.clone()).collect();
    anchors.extend(kind_anchors(&page.data));
    let summary = page
        .description()
        .map(str::to_string)
        .unwrap_or_else(|| truncate_words(&body.first_paragraph, 300));
    let marked = marker.map(|m| m.marked()).unwrap_or_default();
    (
        RenderedPage {
            body,
            fields: data,
            anchors,
            summary,
            marked,
        },
        problems,
    )
}

/// Ids that kind templates put on the page: requirement ids, categories, action cards.
pub fn kind_anchors(data: &KindData) -> Vec<String> {
    match data {
        KindData::Krav(k) => k
            .requirements
            .iter()
            .map(|r| r.id.clone())
            .chain(k.requirements.iter().map(|r| category_anchor(&r.category)))
            .chain(k.removed.iter().map(|r| r.id.clone()))
            .collect(),
        KindData::Beredskapsplan(p) => p
            .action_cards
            .iter()
            .map(|c| c.id.clone())
            .chain(p.levels.iter().map(|l| level_anchor(&l.level)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The ids a kind's template puts on the page, with the front matter line each comes from.
/// Requirement ids are left out: they are unique across the site already (`validate`).
fn kind_ids(page: &Page) -> Vec<(String, usize)> {
    let text = &page.source.text;
    let mut out: Vec<(String, usize)> = Vec::new();
    let in_order = |key: &str, ids: Vec<(String, String)>, out: &mut Vec<(String, usize)>| {
        let mut from = page.source.line_of_key(key);
        for (id, written) in ids {
            let line = frontmatter::line_of(text, &written, from).unwrap_or(from);
            from = line + 1;
            out.push((id, line));
        }
    };
    match &page.data {
        KindData::Beredskapsplan(p) => {
            let cards = p.action_cards.iter().map(|c| (c.id.clone(), c.id.clone()));
            in_order("action_cards", cards.collect(), &mut out);
            let levels = p
                .levels
                .iter()
                .map(|l| (level_anchor(&l.level), l.level.clone()));
            in_order("levels", levels.collect(), &mut out);
        }
        KindData::Krav(k) => {
            let mut seen = HashSet::new();
            let categories = k
                .requirements
                .iter()
                .filter(|r| seen.insert(category_anchor(&r.category)))
                .map(|r| (category_anchor(&r.category), r.category.clone()));
            in_order("requirements", categories.collect(), &mut out);
        }
        _ => {}
    }
    out
}

/// Two elements with the same id on one page: two action cards, or a heading or raw HTML id
/// that equals an id the kind's template writes.
fn duplicate_kind_ids(page: &Page, body: &Rendered) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let file = &page.source.display_path;
    for (id, line) in kind_ids(page) {
        match seen.get(&id) {
            Some(&first) => problems.push(markdown::duplicate_id(
                file,
                &page.source.text,
                &id,
                line,
                first,
            )),
            None => {
                seen.insert(id, line);
            }
        }
    }
    for (id, line) in &body.html_ids {
        if let Some(&first) = seen.get(id) {
            problems.push(markdown::duplicate_id(
                file,
                &page.source.text,
                id,
                *line,
                first,
            ));
        }
    }
    problems
}

fn check_anchors(site: &Site, content: &RenderedContent) -> Vec<Diagnostic> {
    let refs = content
        .pages
        .iter()
        .flat_map(|p| &p.body.anchor_refs)
        .chain(content.sections.iter().flat_map(|s| &s.body.anchor_refs))
        .collect();
    check_anchor_refs(site, content, refs)
}

fn check_anchor_refs(
    site: &Site,
    content: &RenderedContent,
    refs: Vec<&AnchorRef>,
) -> Vec<Diagnostic> {
    let mut anchors: HashMap<&str, &HashSet<String>> = HashMap::new();
    for (page, rendered) in site.pages.iter().zip(&content.pages) {
        anchors.insert(&page.source.rel_path, &rendered.anchors);
    }
    let section_anchors: Vec<HashSet<String>> = content
        .sections
        .iter()
        .map(|s| s.body.toc.iter().map(|t| t.id.clone()).collect())
        .collect();
    for (section, ids) in site.sections.iter().zip(&section_anchors) {
        anchors.insert(&section.source.rel_path, ids);
    }
    let mut problems = Vec::new();
    for r in refs {
        let Some(ids) = anchors.get(r.target_key.as_str()) else {
            continue;
        };
        if !ids.contains(&r.anchor) {
            let suggestion = frontmatter::did_you_mean(&r.anchor, &ids.iter().collect::<Vec<_>>());
            let help = match suggestion {
                Some(s) => format!("mente du #{s}?"),
                None => "overskrifts-id-er er overskriften med små bokstaver og bindestrek (æ→ae, ø→o, å→a)".into(),
            };
            problems.push(
                Diagnostic::error(
                    "link::missing-anchor",
                    format!("lenken viser til #{} i content/{}, men siden har ingen slik overskrift eller id", r.anchor, r.target_key),
                )
                .in_file(&r.file)
                .at(r.line, 1)
                .with_source(r.text.clone())
                .with_help(help),
            );
        }
    }
    problems
}

struct FieldRenderer<'a, 'p> {
    site: &'a Site,
    page: &'a Page,
    problems: &'p mut Vec<Diagnostic>,
}

impl FieldRenderer<'_, '_> {
    /// Renders a Markdown field; line numbers point at the field's line in the front matter.
    fn block(&mut self, key: &str, text: &str) -> String {
        let key_line = self.page.source.line_of_key(key);
        let first_words: String = text.lines().next().unwrap_or("").chars().take(40).collect();
        let line = frontmatter::line_of(&self.page.source.text, first_words.trim(), key_line)
            .unwrap_or(key_line);
        let input = Input {
            markdown: text,
            first_line: line,
            source_dir: self.page.source.dir(),
            self_key: &self.page.source.rel_path,
            page_url: &self.page.url,
            display_path: &self.page.source.display_path,
            file_text: &self.page.source.text,
            policy: markdown::html::Policy {
                extra: &self.site.config.raw_html.allow,
            },
            generated: &[],
        };
        let mut rendered = markdown::render(&input, self.site, None);
        self.problems.append(&mut rendered.diagnostics);
        rendered.html
    }

    /// Like `block`, without the paragraph around a one-paragraph text.
    fn inline(&mut self, key: &str, text: &str) -> String {
        let html = self.block(key, text);
        let trimmed = html.trim();
        match trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
        {
            Some(inner) if !inner.contains("<p>") => inner.to_string(),
            _ => trimmed.to_string(),
        }
    }

    fn inline_list(&mut self, key: &str, items: &[String]) -> Vec<String> {
        items.iter().map(|t| self.inline(key, t)).collect()
    }

    fn kind_fields(&mut self, terms: &HashMap<String, usize>) -> KindView {
        match &self.page.data {
            KindData::Artikkel(a) => KindView::Artikkel(ArtikkelView {
                related: self.related(&a.related),
            }),
            KindData::Nyhet(_) => KindView::Nyhet(NyhetView {}),
            KindData::Tjeneste(t) => KindView::Tjeneste(self.tjeneste(t)),
            KindData::Krav(k) => KindView::Krav(self.krav(k)),
            KindData::Beredskapsplan(p) => KindView::Beredskapsplan(self.beredskapsplan(p)),
            KindData::Behandling(b) => KindView::Behandling(behandling(b)),
            KindData::Begrep(b) => KindView::Begrep(self.begrep(b, terms)),
        }
    }

    fn related(&mut self, paths: &[String]) -> Vec<LinkView> {
        let mut out = Vec::new();
        for path in paths {
            let line = frontmatter::line_of(
                &self.page.source.text,
                path,
                self.page.source.line_of_key("related"),
            )
            .unwrap_or(1);
            match classify(
                path,
                self.page.source.dir(),
                &self.page.source.rel_path,
                self.site,
            ) {
                LinkTarget::Page { url, key, .. } => {
                    let title = match self.site.entry(&key) {
                        Some(crate::site::Entry::Page(i)) => self.site.pages[i].meta.title.clone(),
                        Some(crate::site::Entry::Section(i)) => {
                            self.site.sections[i].meta.title.clone()
                        }
                        None => continue,
                    };
                    out.push(LinkView {
                        title,
                        href: relative_url(&self.page.url, &format!("{url}index.html")),
                    });
                }
                LinkTarget::External(_) => {}
                other => {
                    let (code, message, help) = match other {
                        LinkTarget::Excluded { path, reason } => (
                            "link::excluded",
                            format!("`related` viser til {path}, som {reason}"),
                            "en offentlig side kan ikke vise til en intern side; fjern henvisningen eller gjør målet offentlig",
                        ),
                        _ => (
                            "link::broken",
                            format!("`related` viser til {path}, som ikke finnes"),
                            "skriv stien relativt til denne filen, f.eks. ../konto/bytte-passord.md",
                        ),
                    };
                    self.problems.push(
                        Diagnostic::error(code, message)
                            .in_file(&self.page.source.display_path)
                            .at(line, 1)
                            .with_source(self.page.source.text.clone())
                            .with_help(help),
                    );
                }
            }
        }
        out
    }

    fn tjeneste(&mut self, t: &Tjeneste) -> TjenesteView {
        TjenesteView {
            service_id: t.service_id.clone(),
            included: self.inline_list("included", &t.included),
            not_included: self.inline_list("not_included", &t.not_included),
            expectations: self.inline_list("expectations", &t.expectations),
            availability: t.availability.clone(),
            support_hours: t.support_hours.clone(),
            price: self.block("price", &t.price),
            contribute: self.inline_list("contribute", &t.contribute),
            more_info: t.more_info.as_ref().map(|m| self.block("more_info", m)),
            roles: t.roles.clone(),
        }
    }

    fn krav(&mut self, k: &Krav) -> KravView {
        let mut categories: Vec<CategoryView> = Vec::new();
        let mut counts = [0usize; 3];
        for r in &k.requirements {
            counts[r.level as usize] += 1;
            let entry = RequirementView {
                id: r.id.clone(),
                category: r.category.clone(),
                level: r.level,
                level_label: r.level.label(),
                level_explanation: r.level.explanation(),
                text: self.inline("requirements", &r.text),
                rationale: r.rationale.as_ref().map(|t| self.inline("requirements", t)),
                verification: r
                    .verification
                    .as_ref()
                    .map(|t| self.inline("requirements", t)),
            };
            match categories.iter_mut().find(|c| c.name == r.category) {
                Some(c) => c.requirements.push(entry),
                None => categories.push(CategoryView {
                    name: r.category.clone(),
                    anchor: category_anchor(&r.category),
                    requirements: vec![entry],
                }),
            }
        }
        let changelog = k
            .changelog
            .iter()
            .map(|c| ChangeView {
                version: c.version.clone(),
                date: c.date,
                summary: self.inline("changelog", &c.summary),
            })
            .collect();
        let removed = k
            .removed
            .iter()
            .map(|r| RemovedView {
                id: r.id.clone(),
                version: r.version.clone(),
                note: r.note.as_ref().map(|t| self.inline("removed", t)),
            })
            .collect();
        KravView {
            document_id: k.document_id.clone(),
            version: k.version.clone(),
            status: k.status,
            status_label: k.status.label(),
            valid_from: k.valid_from,
            requirement_count: k.requirements.len(),
            level_counts: LevelCounts {
                skal: counts[0],
                bor: counts[1],
                kan: counts[2],
            },
            categories,
            changelog,
            removed,
        }
    }

    fn beredskapsplan(&mut self, p: &Beredskapsplan) -> BeredskapsplanView {
        let levels = p
            .levels
            .iter()
            .map(|l| IncidentLevelView {
                level: l.level.clone(),
                anchor: level_anchor(&l.level),
                name: l.name.clone(),
                criteria: self.inline_list("levels", &l.criteria),
                leads: l.leads.clone(),
                actions: self.inline_list("levels", &l.actions),
            })
            .collect();
        let action_cards = p
            .action_cards
            .iter()
            .map(|c| ActionCardView {
                id: c.id.clone(),
                title: c.title.clone(),
                trigger: self.inline("action_cards", &c.trigger),
                responsible: c.responsible.clone(),
                steps: self.inline_list("action_cards", &c.steps),
            })
            .collect();
        BeredskapsplanView {
            plan_id: p.plan_id.clone(),
            version: p.version.clone(),
            approved_by: p.approved_by.clone(),
            approved: p.approved,
            levels,
            contacts: p.contacts.clone(),
            action_cards,
        }
    }

    fn begrep(&mut self, b: &Begrep, terms: &HashMap<String, usize>) -> BegrepView {
        let see_also = b
            .see_also
            .iter()
            .filter_map(|t| {
                let &i = terms.get(&t.to_lowercase())?;
                let target = &self.site.pages[i];
                Some(SeeAlsoView {
                    term: target.meta.title.clone(),
                    href: relative_url(&self.page.url, &format!("{}index.html", target.url)),
                })
            })
            .collect();
        BegrepView {
            term: b.term.clone(),
            expansion: b.expansion.clone(),
            synonyms: b.synonyms.clone(),
            see_also,
        }
    }
}

fn behandling(b: &Behandling) -> BehandlingView {
    let processors = b
        .processors
        .iter()
        .map(|p| {
            let (agreement, missing) = match &p.agreement {
                Agreement::Signed(date) => (date.to_string(), false),
                Agreement::Missing => ("mangler".to_string(), true),
            };
            ProcessorView {
                name: p.name.clone(),
                agreement,
                agreement_missing: missing,
            }
        })
        .collect();
    BehandlingView {
        record_id: b.record_id.clone(),
        controller: b.controller.clone(),
        contact: b.contact.clone(),
        unit: b.unit.clone(),
        purpose: b.purpose.clone(),
        legal_basis: b.legal_basis.clone(),
        special_categories: b.special_categories.clone(),
        data_subjects: b.data_subjects.clone(),
        personal_data: b.personal_data.clone(),
        recipients: b.recipients.clone(),
        third_country: b.third_country.clone(),
        retention: b.retention.clone(),
        security: b.security.clone(),
        systems: b.systems.clone(),
        processors,
        dpia: DpiaView {
            status: b.dpia.status,
            status_label: b.dpia.status.label(),
            date: b.dpia.date,
        },
    }
}
