//! `krav`: a versioned document of numbered technical requirements.

use super::Fields;
use super::{ContentKind, SiteId, ids_in_order, string_or_number};
use crate::date::Date;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::model::{Page, SourceInfo};
use crate::urls::category_anchor;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KravStatus {
    Utkast,
    Gjeldende,
    Utgatt,
}

impl KravStatus {
    pub fn label(self) -> &'static str {
        match self {
            KravStatus::Utkast => "Utkast",
            KravStatus::Gjeldende => "Gjeldende",
            KravStatus::Utgatt => "Utgått",
        }
    }
}

/// How binding a requirement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Skal,
    Bor,
    Kan,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Skal => "Skal",
            Level::Bor => "Bør",
            Level::Kan => "Kan",
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            Level::Skal => "absolutt krav",
            Level::Bor => "sterkt anbefalt",
            Level::Kan => "valgfritt",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    pub category: String,
    pub level: Level,
    pub text: String,
    pub rationale: Option<String>,
    pub verification: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeEntry {
    #[serde(deserialize_with = "string_or_number")]
    pub version: String,
    pub date: Date,
    pub summary: String,
}

/// A requirement taken out of a document. Its anchor stays on the page with a note, so that a
/// contract citing `#NETT-012` still lands somewhere that explains what happened.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RemovedRequirement {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// The first version without the requirement.
    #[serde(deserialize_with = "string_or_number")]
    pub version: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Krav {
    pub document_id: String,
    #[serde(deserialize_with = "string_or_number")]
    pub version: String,
    pub status: KravStatus,
    pub valid_from: Date,
    pub requirements: Vec<Requirement>,
    #[serde(default)]
    pub changelog: Vec<ChangeEntry>,
    #[serde(default)]
    pub removed: Vec<RemovedRequirement>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequirementView {
    pub id: String,
    pub category: String,
    pub level: Level,
    pub level_label: &'static str,
    pub level_explanation: &'static str,
    pub text: String,
    pub rationale: Option<String>,
    pub verification: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryView {
    pub name: String,
    pub anchor: String,
    pub requirements: Vec<RequirementView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelCounts {
    pub skal: usize,
    pub bor: usize,
    pub kan: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeView {
    pub version: String,
    pub date: Date,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemovedView {
    pub id: String,
    pub version: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KravView {
    pub document_id: String,
    pub version: String,
    pub status: KravStatus,
    pub status_label: &'static str,
    pub valid_from: Date,
    pub requirement_count: usize,
    pub level_counts: LevelCounts,
    pub categories: Vec<CategoryView>,
    pub changelog: Vec<ChangeView>,
    pub removed: Vec<RemovedView>,
}

impl KravView {
    /// Every requirement in document order, with its text as HTML.
    pub fn requirements(&self) -> impl Iterator<Item = &RequirementView> {
        self.categories.iter().flat_map(|c| &c.requirements)
    }
}

#[derive(Serialize)]
pub struct KravListFields<'a> {
    document_id: &'a str,
    version: &'a str,
    status: KravStatus,
    status_label: &'static str,
    valid_from: Date,
    requirement_count: usize,
}

impl ContentKind for Krav {
    const NAME: &'static str = "krav";
    const LABEL: &'static str = "Tekniske krav";

    type View = KravView;
    type List<'a> = KravListFields<'a>;

    /// Requirements grouped by category, in the order each category first appears.
    fn view(&self, fields: &mut dyn Fields) -> KravView {
        let mut categories: Vec<CategoryView> = Vec::new();
        let mut counts = [0usize; 3];
        for r in &self.requirements {
            counts[r.level as usize] += 1;
            let entry = RequirementView {
                id: r.id.clone(),
                category: r.category.clone(),
                level: r.level,
                level_label: r.level.label(),
                level_explanation: r.level.explanation(),
                text: fields.inline("requirements", &r.text),
                rationale: r
                    .rationale
                    .as_ref()
                    .map(|t| fields.inline("requirements", t)),
                verification: r
                    .verification
                    .as_ref()
                    .map(|t| fields.inline("requirements", t)),
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
        let changelog = self
            .changelog
            .iter()
            .map(|c| ChangeView {
                version: c.version.clone(),
                date: c.date,
                summary: fields.inline("changelog", &c.summary),
            })
            .collect();
        let removed = self
            .removed
            .iter()
            .map(|r| RemovedView {
                id: r.id.clone(),
                version: r.version.clone(),
                note: r.note.as_ref().map(|t| fields.inline("removed", t)),
            })
            .collect();
        KravView {
            document_id: self.document_id.clone(),
            version: self.version.clone(),
            status: self.status,
            status_label: self.status.label(),
            valid_from: self.valid_from,
            requirement_count: self.requirements.len(),
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

    fn list_fields(k: &KravView) -> KravListFields<'_> {
        KravListFields {
            document_id: &k.document_id,
            version: &k.version,
            status: k.status,
            status_label: k.status_label,
            valid_from: k.valid_from,
            requirement_count: k.requirement_count,
        }
    }

    /// Requirement ids (current and removed) and category headings.
    fn anchors(&self) -> Vec<String> {
        self.requirements
            .iter()
            .map(|r| r.id.clone())
            .chain(
                self.requirements
                    .iter()
                    .map(|r| category_anchor(&r.category)),
            )
            .chain(self.removed.iter().map(|r| r.id.clone()))
            .collect()
    }

    /// Category headings only: requirement ids are unique across the site already
    /// (`site_ids`).
    fn template_ids(&self, source: &SourceInfo) -> Vec<(String, usize)> {
        let mut seen = HashSet::new();
        let categories = self
            .requirements
            .iter()
            .filter(|r| seen.insert(category_anchor(&r.category)))
            .map(|r| (category_anchor(&r.category), r.category.clone()));
        ids_in_order(source, "requirements", categories)
    }

    fn site_ids<'a>(&'a self, source: &SourceInfo) -> Vec<SiteId<'a>> {
        let mut uses = Vec::new();
        let mut from = source.line_of_key("requirements");
        for requirement in &self.requirements {
            let line = id_line(&source.text, &requirement.id, from).unwrap_or(from);
            // The next requirement is below this one: a repeated id is found at its own line.
            from = line + 1;
            uses.push(SiteId {
                field: "id",
                value: &requirement.id,
                line,
                fold_case: false,
            });
        }
        uses.push(SiteId::field("document_id", &self.document_id, source));
        uses
    }

    /// A removed requirement keeps its anchor on the page, so it cannot also be a current
    /// one, nor be listed as removed twice. Every value must fit a cell of the requirement
    /// matrix's spreadsheet.
    fn validate(&self, page: &Page) -> Vec<Diagnostic> {
        let mut problems = too_long_for_excel(self, page);
        let mut seen: Vec<&str> = Vec::new();
        let mut from = page.source.line_of_key("removed");
        for removed in &self.removed {
            let line = frontmatter::line_of(&page.source.text, &removed.id, from).unwrap_or(from);
            from = line + 1;
            if self.requirements.iter().any(|r| r.id == removed.id) {
                problems.push(
                    page.error_at(
                        Code::KravRemovedIsCurrent,
                        line,
                        format!(
                            "kravet {} står både i `requirements` og i `removed`",
                            removed.id
                        ),
                    )
                    .with_help("et fjernet krav kan ikke også være gjeldende: ta det ut av `removed`, eller gi det nye kravet en ny id"),
                );
            } else if seen.contains(&removed.id.as_str()) {
                problems.push(
                    page.error_at(
                        Code::KravRemovedTwice,
                        line,
                        format!("kravet {} står to ganger i `removed`", removed.id),
                    )
                    .with_help("list hvert fjernet krav én gang, med versjonen det ble fjernet i"),
                );
            }
            seen.push(&removed.id);
        }
        problems
    }
}

/// Excel's most characters in one cell: the requirement matrix's spreadsheet
/// (`kravmatrise.xlsx`) cannot hold a longer value, and a shortened requirement in a
/// supplier's answer sheet would be another requirement.
pub const EXCEL_CELL_CHARS: usize = 32_767;

/// Values of a document that would not fit a cell of the requirement matrix's spreadsheet.
fn too_long_for_excel(krav: &Krav, page: &Page) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut report = |what: String, chars: usize, line: usize| {
        problems.push(
            page.error_at(
                Code::KravTooLongForExcel,
                line,
                format!(
                    "{what} er {chars} tegn; et regneark tillater høyst {EXCEL_CELL_CHARS} tegn i en celle, så kravmatrise.xlsx kan ikke lages"
                ),
            )
            .with_help("del opp teksten i flere krav, eller flytt utdypingen til `rationale` eller brødteksten"),
        );
    };
    let fields = [
        ("`title`", page.meta.title.as_str(), "title"),
        ("`document_id`", krav.document_id.as_str(), "document_id"),
        ("`version`", krav.version.as_str(), "version"),
    ];
    for (what, value, key) in fields {
        let chars = value.chars().count();
        if chars > EXCEL_CELL_CHARS {
            report(what.to_string(), chars, page.source.line_of_key(key));
        }
    }
    let mut from = page.source.line_of_key("requirements");
    for r in &krav.requirements {
        let line = id_line(&page.source.text, &r.id, from).unwrap_or(from);
        from = line + 1;
        let cells = [
            ("id-en", r.id.clone()),
            ("kategorien", r.category.clone()),
            ("teksten", crate::markdown::plain_text(&r.text)),
        ];
        for (what, value) in cells {
            let chars = value.chars().count();
            if chars > EXCEL_CELL_CHARS {
                report(format!("{what} til kravet {}", r.id), chars, line);
            }
        }
    }
    problems
}

/// The line, from `from` on, where a requirement's `id` is written as `id: VALUE` (block or
/// flow style, quoted or not), so an id quoted in an earlier requirement's text is passed
/// over; any line naming the id where none is written that way.
fn id_line(text: &str, id: &str, from: usize) -> Option<usize> {
    let keyed = text
        .lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, line)| {
            line.match_indices("id:").any(|(at, _)| {
                let before = line[..at].chars().next_back();
                let value = line[at + 3..].trim_start().trim_start_matches(['"', '\'']);
                matches!(before, None | Some(' ' | '{' | ',' | '-'))
                    && value.starts_with(id)
                    && !value[id.len()..].starts_with(|c: char| {
                        c.is_alphanumeric() || c == '-' || c == '_' || c == '.'
                    })
            })
        })
        .map(|(i, _)| i + 1);
    keyed.or_else(|| frontmatter::line_of(text, id, from))
}

#[cfg(test)]
mod tests {
    use super::super::test_page;
    use crate::diagnostics::Code;

    const HEAD: &str = "title: K\nowner: O\nkind: krav\nupdated: 2024-01-01\ndocument_id: KRAV-NETT\nversion: 1\nstatus: gjeldende\nvalid_from: 2024-01-01\n";

    fn page(rest: &str) -> crate::model::Page {
        test_page("krav/k.md", &format!("{HEAD}{rest}"))
    }

    const TWO_CATEGORIES: &str = "requirements:\n  - id: NETT-001\n    category: Kabling\n    level: skal\n    text: a\n  - id: NETT-002\n    category: Trådløst nett\n    level: bor\n    text: b\n  - id: NETT-003\n    category: Kabling\n    level: kan\n    text: c\nremoved:\n  - id: NETT-009\n    version: 1\n";

    #[test]
    fn anchors_are_requirements_categories_and_removed_ids() {
        let p = page(TWO_CATEGORIES);
        let anchors = p.data.anchors();
        for id in [
            "NETT-001",
            "NETT-003",
            "kategori-kabling",
            "kategori-tradlost-nett",
            "NETT-009",
        ] {
            assert!(anchors.iter().any(|a| a == id), "{id} in {anchors:?}");
        }
    }

    #[test]
    fn template_ids_are_each_category_once_at_its_first_line() {
        let p = page(TWO_CATEGORIES);
        assert_eq!(
            p.data.template_ids(&p.source),
            [
                ("kategori-kabling".to_string(), 12),
                ("kategori-tradlost-nett".to_string(), 16)
            ]
        );
    }

    #[test]
    fn requirement_and_document_ids_are_unique_across_the_site() {
        let p = page(TWO_CATEGORIES);
        let ids: Vec<(&str, &str, usize)> = p
            .data
            .site_ids(&p.source)
            .iter()
            .map(|id| (id.field, id.value, id.line))
            .collect();
        assert_eq!(
            ids,
            [
                ("id", "NETT-001", 11),
                ("id", "NETT-002", 15),
                ("id", "NETT-003", 19),
                ("document_id", "KRAV-NETT", 6)
            ]
        );
    }

    #[test]
    fn a_removed_requirement_is_neither_current_nor_removed_twice() {
        let p = page(
            "requirements:\n  - id: NETT-001\n    category: K\n    level: skal\n    text: a\nremoved:\n  - id: NETT-001\n    version: 2\n  - id: NETT-009\n    version: 2\n  - id: NETT-009\n    version: 3\n",
        );
        let problems = p.data.validate(&p);
        let found: Vec<(Code, usize)> = problems.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            found,
            [
                (Code::KravRemovedIsCurrent, 16),
                (Code::KravRemovedTwice, 20)
            ]
        );
        assert!(
            page(TWO_CATEGORIES)
                .data
                .validate(&page(TWO_CATEGORIES))
                .is_empty()
        );
    }
}
