//! Stage 2: rules that span fields or files: required fields per kind, ids unique across the
//! whole site, access rules, references between pages. Runs on every loaded page, drafts and
//! internal pages included, so that every build target sees the same content errors.

use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter;
use crate::model::{Access, Kind, KindData, Page, Section, SourceInfo};
use std::collections::{BTreeMap, HashMap};

/// `owners`: the units `site.yaml` allows in `owner`; empty allows any. `today` decides which
/// reviews are overdue.
pub fn validate(
    pages: &[Page],
    sections: &[Section],
    owners: &[String],
    today: Date,
) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    for page in pages {
        diagnostics.extend(overdue_review(page, today));
        diagnostics.extend(missing_contact_details(page));
        diagnostics.extend(required_by_kind(page));
        diagnostics.extend(access_rules(page));
        diagnostics.extend(empty_strings(page));
        diagnostics.extend(known_owner(&page.meta.owner, &page.source, owners));
    }
    for section in sections {
        if let Some(owner) = &section.meta.owner {
            diagnostics.extend(known_owner(owner, &section.source, owners));
        }
    }
    diagnostics.extend(unique_ids(pages));
    diagnostics.extend(unique_urls(pages, sections));
    diagnostics.extend(glossary_references(pages));
    diagnostics
}

fn error_at(page: &Page, code: &'static str, line: usize, message: String) -> Diagnostic {
    Diagnostic::error(code, message)
        .in_file(&page.source.display_path)
        .at(line, 1)
        .with_source(page.source.text.clone())
}

fn missing_field(page: &Page, field: &str, why: &str) -> Diagnostic {
    error_at(
        page,
        "frontmatter::missing-field",
        1,
        format!("mangler påkrevd felt `{field}` ({why})"),
    )
    .with_help(format!("legg til `{field}: 2024-01-31` i front matter"))
}

fn required_by_kind(page: &Page) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let kind_label = page.kind.name();
    if page.kind == Kind::Nyhet {
        if page.meta.date.is_none() {
            problems.push(missing_field(page, "date", "påkrevd for nyheter"));
        }
    } else if page.meta.updated.is_none() {
        problems.push(missing_field(
            page,
            "updated",
            "påkrevd for alle sider unntatt nyheter",
        ));
    }
    if matches!(page.kind, Kind::Beredskapsplan | Kind::Behandling) && page.meta.review_by.is_none()
    {
        problems.push(missing_field(
            page,
            "review_by",
            &format!("påkrevd for {kind_label}"),
        ));
    }
    problems
}

fn access_rules(page: &Page) -> Vec<Diagnostic> {
    let KindData::Beredskapsplan(plan) = &page.data else {
        return Vec::new();
    };
    if page.meta.access == Access::Public && !plan.contacts.is_empty() {
        let line = page.source.line_of_key("access");
        return vec![
            error_at(
                page,
                "access::public-contacts",
                line,
                "en beredskapsplan med varslingsliste (`contacts`) kan ikke være offentlig".into(),
            )
            .with_help("sett `access: internal`, eller flytt varslingslisten til en intern plan"),
        ];
    }
    Vec::new()
}

fn empty_strings(page: &Page) -> Vec<Diagnostic> {
    if page.meta.title.trim().is_empty() {
        return vec![error_at(
            page,
            "frontmatter::empty",
            page.source.line_of_key("title"),
            "`title` kan ikke være tom".into(),
        )];
    }
    if page.meta.owner.trim().is_empty() {
        return vec![
            error_at(
                page,
                "frontmatter::empty",
                page.source.line_of_key("owner"),
                "`owner` kan ikke være tom".into(),
            )
            .with_help("skriv enheten som holder siden oppdatert, f.eks. `ROR-IKT Kundeservice`"),
        ];
    }
    Vec::new()
}

/// A page whose `review_by` has passed: a warning, so the build still publishes it.
fn overdue_review(page: &Page, today: Date) -> Option<Diagnostic> {
    let review_by = page.meta.review_by.filter(|d| *d < today)?;
    Some(
        Diagnostic::warning(
            "review::overdue",
            format!(
                "siden skulle vært gjennomgått innen {} ({review_by}); ansvarlig: {}",
                review_by.format_nb(),
                page.meta.owner
            ),
        )
        .in_file(&page.source.display_path)
        .at(page.source.line_of_key("review_by"), 1)
        .with_source(page.source.text.clone())
        .with_help(
            "gå gjennom innholdet, oppdater det som er endret, og sett ny `review_by` og `updated`",
        ),
    )
}

/// Contacts in a contingency plan whose name or number is not known yet: shown as «mangler».
fn missing_contact_details(page: &Page) -> Vec<Diagnostic> {
    let KindData::Beredskapsplan(plan) = &page.data else {
        return Vec::new();
    };
    let mut from = page.source.line_of_key("contacts");
    let mut problems = Vec::new();
    for contact in &plan.contacts {
        let line = frontmatter::line_of(&page.source.text, &contact.role, from).unwrap_or(from);
        // Two contacts may share a role; the next one is below this one.
        from = line + 1;
        let missing: Vec<&str> = [
            ("name", contact.name.is_none()),
            ("phone", contact.phone.is_none()),
        ]
        .into_iter()
        .filter_map(|(field, missing)| missing.then_some(field))
        .collect();
        if missing.is_empty() {
            continue;
        }
        problems.push(
            Diagnostic::warning(
                "contacts::missing",
                format!(
                    "varslingslisten mangler {} for «{}»; siden viser «mangler»",
                    missing
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(" og "),
                    contact.role
                ),
            )
            .in_file(&page.source.display_path)
            .at(line, 1)
            .with_source(page.source.text.clone())
            .with_help("fyll inn navn og telefonnummer når de er bekreftet; skriv aldri et nummer som ikke er sjekket"),
        );
    }
    problems
}

/// An `owner` that is not one of the units listed in `site.yaml`'s `owners`.
fn known_owner(owner: &str, source: &SourceInfo, owners: &[String]) -> Option<Diagnostic> {
    if owners.is_empty() || owner.trim().is_empty() || owners.iter().any(|o| o == owner) {
        return None;
    }
    let diagnostic = Diagnostic::error(
        "frontmatter::unknown-owner",
        format!("`owner` «{owner}» er ikke en av enhetene i `owners` i site.yaml"),
    )
    .in_file(&source.display_path)
    .at(source.line_of_key("owner"), 1)
    .with_source(source.text.clone());
    Some(match closest_owner(owner, owners) {
        Some(s) => diagnostic.with_help(format!("mente du «{s}»?")),
        None => diagnostic.with_help(format!(
            "skriv en av {}, eller legg enheten til i `owners` i site.yaml",
            owners
                .iter()
                .map(|o| format!("«{o}»"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    })
}

/// Owner names are long, so a typo is judged case-insensitively and relative to their length.
fn closest_owner<'a>(given: &str, owners: &'a [String]) -> Option<&'a str> {
    let given = given.to_lowercase();
    owners
        .iter()
        .map(|o| (strsim::damerau_levenshtein(&given, &o.to_lowercase()), o))
        .filter(|(distance, o)| *distance <= (o.chars().count() / 4).clamp(1, 6))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, o)| o.as_str())
}

/// One identifier that must be unique across the site, and where it is written.
struct IdUse<'a> {
    field: &'static str,
    value: &'a str,
    page: &'a Page,
    line: usize,
}

fn id_uses(page: &Page) -> Vec<IdUse<'_>> {
    let top = |field: &'static str| page.source.line_of_key(field);
    let mut uses = Vec::new();
    match &page.data {
        KindData::Tjeneste(t) => uses.push(IdUse {
            field: "service_id",
            value: &t.service_id,
            page,
            line: top("service_id"),
        }),
        KindData::Krav(k) => {
            let mut from = page.source.line_of_key("requirements");
            for requirement in &k.requirements {
                let line =
                    frontmatter::line_of(&page.source.text, &requirement.id, from).unwrap_or(from);
                from = line;
                uses.push(IdUse {
                    field: "id",
                    value: &requirement.id,
                    page,
                    line,
                });
            }
            uses.push(IdUse {
                field: "document_id",
                value: &k.document_id,
                page,
                line: top("document_id"),
            });
        }
        KindData::Beredskapsplan(p) => uses.push(IdUse {
            field: "plan_id",
            value: &p.plan_id,
            page,
            line: top("plan_id"),
        }),
        KindData::Behandling(b) => uses.push(IdUse {
            field: "record_id",
            value: &b.record_id,
            page,
            line: top("record_id"),
        }),
        KindData::Begrep(b) => uses.push(IdUse {
            field: "term",
            value: &b.term,
            page,
            line: top("term"),
        }),
        KindData::Artikkel(_) | KindData::Nyhet(_) => {}
    }
    uses
}

fn unique_ids(pages: &[Page]) -> Vec<Diagnostic> {
    let mut seen: HashMap<(&'static str, String), IdUse<'_>> = HashMap::new();
    let mut problems = Vec::new();
    for page in pages {
        for id in id_uses(page) {
            // Terms differ only by case are the same term to a reader.
            let key = if id.field == "term" {
                id.value.to_lowercase()
            } else {
                id.value.to_string()
            };
            if id.value.trim().is_empty() {
                problems.push(error_at(
                    page,
                    "id::empty",
                    id.line,
                    format!("`{}` kan ikke være tom", id.field),
                ));
                continue;
            }
            if let Some(first) = seen.get(&(id.field, key.clone())) {
                problems.push(
                    error_at(
                        page,
                        "id::duplicate",
                        id.line,
                        format!(
                            "`{}` {} er allerede brukt i {}:{}",
                            id.field,
                            id.value,
                            first.page.source.display_path.display(),
                            first.line
                        ),
                    )
                    .with_help("hver id skal være unik i hele portalen; velg en ny id (en kontrakt kan allerede vise til den gamle)"),
                );
            } else {
                seen.insert((id.field, key), id);
            }
        }
    }
    problems
}

fn unique_urls(pages: &[Page], sections: &[Section]) -> Vec<Diagnostic> {
    let mut owners: BTreeMap<&str, (&std::path::Path, usize)> = BTreeMap::new();
    let mut problems = Vec::new();
    let entries = sections
        .iter()
        .map(|s| (&s.url, &s.source, s.source.line_of_key("title")))
        .chain(pages.iter().map(|p| {
            let line = if p.meta.slug.is_some() {
                p.source.line_of_key("slug")
            } else {
                1
            };
            (&p.url, &p.source, line)
        }));
    for (url, source, line) in entries {
        if let Some((first, _)) = owners.get(url.as_str()) {
            problems.push(
                Diagnostic::error(
                    "url::duplicate",
                    format!(
                        "to sider får samme adresse /{url}: denne og {}",
                        first.display()
                    ),
                )
                .in_file(&source.display_path)
                .at(line, 1)
                .with_source(source.text.clone())
                .with_help("gi en av sidene et annet filnavn eller et eget `slug`"),
            );
        } else {
            owners.insert(url, (&source.display_path, line));
        }
    }
    problems
}

fn glossary_references(pages: &[Page]) -> Vec<Diagnostic> {
    let terms: HashMap<String, &Page> = pages
        .iter()
        .filter_map(|p| match &p.data {
            KindData::Begrep(b) => Some((b.term.to_lowercase(), p)),
            _ => None,
        })
        .collect();
    let mut problems = Vec::new();
    for page in pages {
        let KindData::Begrep(term) = &page.data else {
            continue;
        };
        for other in &term.see_also {
            if !terms.contains_key(&other.to_lowercase()) {
                let line = frontmatter::line_of(
                    &page.source.text,
                    other,
                    page.source.line_of_key("see_also"),
                )
                .unwrap_or(1);
                let known: Vec<&str> = terms
                    .values()
                    .filter_map(|p| match &p.data {
                        KindData::Begrep(b) => Some(b.term.as_str()),
                        _ => None,
                    })
                    .collect();
                let mut d = error_at(
                    page,
                    "glossary::unknown-term",
                    line,
                    format!(
                        "`see_also` viser til begrepet «{other}», som ikke finnes i content/begreper/"
                    ),
                );
                d = match frontmatter::did_you_mean(other, &known) {
                    Some(s) => d.with_help(format!("mente du «{s}»?")),
                    None => d.with_help("lag begrepet, eller fjern henvisningen"),
                };
                problems.push(d);
            }
        }
    }
    problems
}
