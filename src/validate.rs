//! Stage 2: rules that span fields or files: required fields per kind, ids unique across the
//! whole site, access rules, references between pages. Runs on every loaded page, drafts and
//! internal pages included, so that every build target sees the same content errors.

use crate::date::Date;
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::git::History;
use crate::model::{KindData, Page, Section, SourceInfo, SourceRef};
use crate::url_policy::{self, Use};
use std::collections::{BTreeMap, HashMap};

/// `config.owners`: the units `site.yaml` allows in `owner`; empty allows any. Values of
/// `municipalities`, `area` and `audience` must be in `config.vocabularies`. `today` decides
/// which reviews are overdue. `history` (the site's Git history, if any) tells which of two
/// files with the same id came first, so the error lands on the later one.
pub fn validate(
    pages: &[Page],
    sections: &[Section],
    config: &crate::config::Config,
    today: Date,
    history: Option<&History>,
) -> Diagnostics {
    let owners = &config.owners;
    let mut diagnostics = Diagnostics::default();
    for page in pages {
        diagnostics.extend(crate::model::vocabulary::check_page(
            page,
            &config.vocabularies,
        ));
        diagnostics.extend(overdue_review(page, today));
        diagnostics.extend(required_by_kind(page, today));
        diagnostics.extend(page.data.validate(page));
        diagnostics.extend(empty_strings(page));
        diagnostics.extend(known_owner(&page.meta.owner, &page.source, owners));
        diagnostics.extend(source_refs(&page.source, &page.meta.sources));
    }
    for section in sections {
        diagnostics.extend(source_refs(&section.source, &section.meta.sources));
        if let Some(owner) = &section.meta.owner {
            diagnostics.extend(known_owner(owner, &section.source, owners));
        }
    }
    diagnostics.extend(unique_ids(pages, history));
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
    .with_help(format!("legg til `{field}: ÅÅÅÅ-MM-DD` i front matter"))
}

/// A `review_by` to suggest: a year from today, never a date already past.
fn next_review(today: Date) -> Date {
    Date::from_days_since_epoch(today.days_since_epoch() + 365)
}

fn required_by_kind(page: &Page, today: Date) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let kind_label = page.kind.name();
    if page.kind.is_dated() {
        if page.meta.date.is_none() {
            problems.push(
                missing_field(page, "date", "påkrevd for nyheter")
                    .with_help(format!("legg til `date: {today}` i front matter")),
            );
        }
    } else if page.meta.updated.is_none() {
        // In a Git working tree `checks::git_dates` has already set it from the last commit.
        problems.push(
            missing_field(page, "updated", "påkrevd for alle sider unntatt nyheter")
                .with_help(format!("legg til `updated: {today}` i front matter, eller commit filen i Git: i et Git-arbeidstre brukes datoen for siste commit av filen")),
        );
    }
    if page.kind.is_reviewed() && page.meta.review_by.is_none() {
        problems.push(
            missing_field(page, "review_by", &format!("påkrevd for {kind_label}")).with_help(
                format!(
                    "legg til `review_by: {}` i front matter: datoen innholdet skal gjennomgås innen",
                    next_review(today)
                ),
            ),
        );
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
        .with_help(format!(
            "gå gjennom innholdet, oppdater det som er endret, og sett ny `review_by` (f.eks. {}) og `updated: {today}`",
            next_review(today)
        )),
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

/// The pages in the order they came to the site: by the commit that added each file (renames
/// followed), oldest first, then the files Git does not know yet; in path order otherwise.
fn in_order_of_arrival<'a>(pages: &'a [Page], history: Option<&History>) -> Vec<&'a Page> {
    let mut ordered: Vec<&Page> = pages.iter().collect();
    if let Some(history) = history {
        // Commits are listed newest first, so the oldest commit has the highest index.
        ordered.sort_by_key(|page| {
            let path = format!("{}/{}", crate::load::CONTENT_DIR, page.source.rel_path);
            match history.of_file(&path).last() {
                Some(added) => (false, std::cmp::Reverse(added.commit)),
                None => (true, std::cmp::Reverse(0)),
            }
        });
    }
    ordered
}

/// Ids that must be unique across the site. The error is on the later use (the later line of
/// a file, the file added later), naming the earlier one.
fn unique_ids(pages: &[Page], history: Option<&History>) -> Vec<Diagnostic> {
    let mut seen: HashMap<(&'static str, String), (&Page, usize)> = HashMap::new();
    let mut problems = Vec::new();
    for page in in_order_of_arrival(pages, history) {
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

/// `sources`: each needs a title, and its `url` follows the URL policy (the «Kilder» list
/// links it on the page, in the public build too).
fn source_refs(source: &SourceInfo, refs: &[SourceRef]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut from_line = source.line_of_key("sources");
    let error = |code: Code, line: usize, message: String| {
        Diagnostic::error(code, message)
            .in_file(&source.display_path)
            .at(line, 1)
            .with_source(source.text.clone())
    };
    for (i, r) in refs.iter().enumerate() {
        let title_line =
            crate::frontmatter::line_of(&source.text, "title:", from_line + 1).unwrap_or(from_line);
        // YAML's null (`~`, `null`) reaches a text field as that word.
        if matches!(r.title.trim(), "" | "~" | "null" | "Null" | "NULL") {
            problems.push(
                error(
                    Code::FrontmatterEmpty,
                    title_line,
                    format!("`sources[{i}].title` kan ikke være tom"),
                )
                .with_help("skriv tittelen på dokumentet, f.eks. `title: Saksframlegg til representantskapet 2024`"),
            );
        }
        from_line = title_line;
        let Some(url) = &r.url else { continue };
        let line =
            crate::frontmatter::line_of(&source.text, url.trim(), from_line).unwrap_or(from_line);
        if let Err(refusal) = url_policy::check(url, Use::Link) {
            problems.push(
                error(
                    refusal.code,
                    line,
                    format!(
                        "`sources[{i}].url` er en adresse som {}: `{}`",
                        refusal.reason,
                        url_policy::shown(url)
                    ),
                )
                .with_help(refusal.help),
            );
        }
    }
    problems
}
