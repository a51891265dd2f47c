//! Stage 2: rules that span fields or files: required fields per kind, ids unique across the
//! whole site, access rules, references between pages. Runs on every loaded page, drafts and
//! internal pages included, so that every build target sees the same content errors.

use crate::date::Date;
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{KindData, Page, Section, SourceInfo};
use std::collections::{BTreeMap, HashMap};

/// `config.owners`: the units `site.yaml` allows in `owner`; empty allows any. Values of
/// `municipalities`, `area` and `audience` must be in `config.vocabularies`. `today` decides
/// which reviews are overdue.
pub fn validate(
    pages: &[Page],
    sections: &[Section],
    config: &crate::config::Config,
    today: Date,
) -> Diagnostics {
    let owners = &config.owners;
    let mut diagnostics = Diagnostics::default();
    for page in pages {
        diagnostics.extend(crate::model::vocabulary::check_page(
            page,
            &config.vocabularies,
        ));
        diagnostics.extend(overdue_review(page, today));
        diagnostics.extend(required_by_kind(page));
        diagnostics.extend(page.data.validate(page));
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
    diagnostics.extend(KindData::validate_site(pages));
    diagnostics
}

fn missing_field(page: &Page, field: &str, why: &str) -> Diagnostic {
    page.error_at(
        Code::FrontmatterMissingField,
        1,
        format!("mangler påkrevd felt `{field}` ({why})"),
    )
    .with_help(format!("legg til `{field}: 2024-01-31` i front matter"))
}

fn required_by_kind(page: &Page) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let kind_label = page.kind.name();
    if page.kind.is_dated() {
        if page.meta.date.is_none() {
            problems.push(missing_field(page, "date", "påkrevd for nyheter"));
        }
    } else if page.meta.updated.is_none() {
        // In a Git working tree `checks::git_dates` has already set it from the last commit.
        problems.push(
            missing_field(page, "updated", "påkrevd for alle sider unntatt nyheter")
                .with_help("legg til `updated: 2024-01-31` i front matter, eller commit filen i Git: i et Git-arbeidstre brukes datoen for siste commit av filen"),
        );
    }
    if page.kind.is_reviewed() && page.meta.review_by.is_none() {
        problems.push(missing_field(
            page,
            "review_by",
            &format!("påkrevd for {kind_label}"),
        ));
    }
    problems
}

fn empty_strings(page: &Page) -> Vec<Diagnostic> {
    if page.meta.title.trim().is_empty() {
        return vec![page.error_at(
            Code::FrontmatterEmpty,
            page.source.line_of_key("title"),
            "`title` kan ikke være tom".into(),
        )];
    }
    if page.meta.owner.trim().is_empty() {
        return vec![
            page.error_at(
                Code::FrontmatterEmpty,
                page.source.line_of_key("owner"),
                "`owner` kan ikke være tom".into(),
            )
            .with_help("skriv enheten som holder siden oppdatert, f.eks. `IT-avdelingen`"),
        ];
    }
    Vec::new()
}

/// A page whose `review_by` has passed: a warning, so the build still publishes it.
fn overdue_review(page: &Page, today: Date) -> Option<Diagnostic> {
    let review_by = page.meta.review_by.filter(|d| *d < today)?;
    Some(
        Diagnostic::warning(
            Code::ReviewOverdue,
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

/// An `owner` that is not one of the units listed in `site.yaml`'s `owners`.
fn known_owner(owner: &str, source: &SourceInfo, owners: &[String]) -> Option<Diagnostic> {
    if owners.is_empty() || owner.trim().is_empty() || owners.iter().any(|o| o == owner) {
        return None;
    }
    let diagnostic = Diagnostic::error(
        Code::FrontmatterUnknownOwner,
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

fn unique_ids(pages: &[Page]) -> Vec<Diagnostic> {
    let mut seen: HashMap<(&'static str, String), (&Page, usize)> = HashMap::new();
    let mut problems = Vec::new();
    for page in pages {
        for id in page.data.site_ids(&page.source) {
            let key = if id.fold_case {
                id.value.to_lowercase()
            } else {
                id.value.to_string()
            };
            if id.value.trim().is_empty() {
                problems.push(page.error_at(
                    Code::IdEmpty,
                    id.line,
                    format!("`{}` kan ikke være tom", id.field),
                ));
                continue;
            }
            if let Some(first) = seen.get(&(id.field, key.clone())) {
                problems.push(
                    page.error_at(
                        Code::IdDuplicate,
                        id.line,
                        format!(
                            "`{}` {} er allerede brukt i {}:{}",
                            id.field,
                            id.value,
                            first.0.source.display_path.display(),
                            first.1
                        ),
                    )
                    .with_help("hver id skal være unik i hele portalen; velg en ny id (en kontrakt kan allerede vise til den gamle)"),
                );
            } else {
                seen.insert((id.field, key), (page, id.line));
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
                    Code::UrlDuplicate,
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
