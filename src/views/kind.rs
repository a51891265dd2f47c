//! Typed template views of each kind's fields, as `render` produces them (Markdown fields as
//! HTML, links relative to the page). Later stages (layout, reports) read these fields by
//! name in Rust, so a renamed or missing field fails at compile time instead of silently
//! rendering nothing. Each view serializes to exactly the keys the templates use as
//! `page.data`; the enum is untagged so the kind does not appear in the template value.

use crate::date::Date;
use crate::model::kinds::{Contact, KravStatus, Level, Roles, Transfer};
use serde::Serialize;

/// The rendered fields of one page, by kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum KindView {
    Artikkel(ArtikkelView),
    Nyhet(NyhetView),
    Tjeneste(TjenesteView),
    Krav(KravView),
    Beredskapsplan(BeredskapsplanView),
    Behandling(BehandlingView),
    Begrep(BegrepView),
}

/// A link to another page, relative to the page it is shown on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkView {
    pub title: String,
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArtikkelView {
    pub related: Vec<LinkView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NyhetView {}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TjenesteView {
    pub service_id: String,
    pub included: Vec<String>,
    pub not_included: Vec<String>,
    pub expectations: Vec<String>,
    pub availability: Option<String>,
    pub support_hours: String,
    pub price: String,
    pub contribute: Vec<String>,
    pub more_info: Option<String>,
    pub roles: Roles,
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentLevelView {
    pub level: String,
    pub anchor: String,
    pub name: String,
    pub criteria: Vec<String>,
    pub leads: Vec<String>,
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionCardView {
    pub id: String,
    pub title: String,
    pub trigger: String,
    pub responsible: String,
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BeredskapsplanView {
    pub plan_id: String,
    /// `None` when the plan does not say: shown as «mangler», never filled in.
    pub version: Option<String>,
    pub approved_by: Option<String>,
    pub approved: Option<Date>,
    pub levels: Vec<IncidentLevelView>,
    pub contacts: Vec<Contact>,
    pub action_cards: Vec<ActionCardView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessorView {
    pub name: String,
    /// The agreement's date, or «mangler».
    pub agreement: String,
    pub agreement_missing: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DpiaView {
    pub status: crate::model::kinds::DpiaStatus,
    pub status_label: &'static str,
    pub date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BehandlingView {
    pub record_id: String,
    pub controller: String,
    pub contact: String,
    pub unit: Option<String>,
    pub purpose: String,
    pub legal_basis: Vec<String>,
    pub special_categories: Vec<String>,
    pub data_subjects: Vec<String>,
    pub personal_data: Vec<String>,
    pub recipients: Vec<String>,
    pub third_country: Vec<Transfer>,
    pub retention: String,
    pub security: Vec<String>,
    pub systems: Vec<String>,
    pub processors: Vec<ProcessorView>,
    pub dpia: DpiaView,
}

/// A «see also» term that exists in the glossary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeeAlsoView {
    pub term: String,
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BegrepView {
    pub term: String,
    pub expansion: Option<String>,
    pub synonyms: Vec<String>,
    pub see_also: Vec<SeeAlsoView>,
}

/// The few kind fields list pages show in their tables (`page.fields` in a list).
#[derive(Serialize)]
#[serde(untagged)]
pub enum ListFields<'a> {
    Tjeneste {
        service_id: &'a str,
        support_hours: &'a str,
        availability: Option<&'a str>,
        roles: &'a Roles,
    },
    Krav {
        document_id: &'a str,
        version: &'a str,
        status: KravStatus,
        status_label: &'static str,
        valid_from: Date,
        requirement_count: usize,
    },
    Beredskapsplan {
        plan_id: &'a str,
        version: Option<&'a str>,
        approved: Option<Date>,
    },
    Behandling {
        record_id: &'a str,
        controller: &'a str,
        unit: Option<&'a str>,
        purpose: &'a str,
        dpia: &'a DpiaView,
    },
    Begrep {
        term: &'a str,
        expansion: Option<&'a str>,
    },
    Empty {},
}

impl KindView {
    /// The fields a list of pages shows for this page.
    pub fn list_fields(&self) -> ListFields<'_> {
        match self {
            KindView::Tjeneste(t) => ListFields::Tjeneste {
                service_id: &t.service_id,
                support_hours: &t.support_hours,
                availability: t.availability.as_deref(),
                roles: &t.roles,
            },
            KindView::Krav(k) => ListFields::Krav {
                document_id: &k.document_id,
                version: &k.version,
                status: k.status,
                status_label: k.status_label,
                valid_from: k.valid_from,
                requirement_count: k.requirement_count,
            },
            KindView::Beredskapsplan(p) => ListFields::Beredskapsplan {
                plan_id: &p.plan_id,
                version: p.version.as_deref(),
                approved: p.approved,
            },
            KindView::Behandling(b) => ListFields::Behandling {
                record_id: &b.record_id,
                controller: &b.controller,
                unit: b.unit.as_deref(),
                purpose: &b.purpose,
                dpia: &b.dpia,
            },
            KindView::Begrep(b) => ListFields::Begrep {
                term: &b.term,
                expansion: b.expansion.as_deref(),
            },
            KindView::Artikkel(_) | KindView::Nyhet(_) => ListFields::Empty {},
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_serialize_without_the_kind_name() {
        let view = KindView::Begrep(BegrepView {
            term: "VPN".into(),
            expansion: None,
            synonyms: vec![],
            see_also: vec![],
        });
        let value = serde_json::to_value(&view).unwrap();
        assert_eq!(value["term"], "VPN");
        assert!(value["expansion"].is_null());
        assert!(value.get("Begrep").is_none());
    }

    #[test]
    fn articles_list_no_fields() {
        let view = KindView::Nyhet(NyhetView {});
        let value = serde_json::to_value(view.list_fields()).unwrap();
        assert_eq!(value, serde_json::json!({}));
    }
}
