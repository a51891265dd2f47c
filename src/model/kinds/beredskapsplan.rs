//! `beredskapsplan`: a contingency plan with incident levels, contacts and action cards.

use super::Fields;
use super::{ContentKind, SiteId, ids_in_order};
use super::{one_or_many, optional_string_or_number, string_or_number};
use crate::date::Date;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::model::{Access, Page, SourceInfo};
use crate::urls::level_anchor;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentLevel {
    #[serde(deserialize_with = "string_or_number")]
    pub level: String,
    pub name: String,
    #[serde(deserialize_with = "one_or_many")]
    pub criteria: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub leads: Vec<String>,
    #[serde(default)]
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub role: String,
    /// May be left out while unknown: shown as «mangler», never as an invented value.
    pub name: Option<String>,
    #[serde(default, deserialize_with = "optional_string_or_number")]
    pub phone: Option<String>,
    #[serde(default, deserialize_with = "optional_string_or_number")]
    pub alt_phone: Option<String>,
    pub municipality: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActionCard {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    pub title: String,
    pub trigger: String,
    pub responsible: String,
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Beredskapsplan {
    pub plan_id: String,
    /// Version and approval may be unknown (a plan known only from a mention): left out, not
    /// filled with placeholder text, and shown as missing.
    #[serde(default, deserialize_with = "optional_string_or_number")]
    pub version: Option<String>,
    pub approved_by: Option<String>,
    pub approved: Option<Date>,
    pub levels: Vec<IncidentLevel>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub action_cards: Vec<ActionCard>,
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

#[derive(Serialize)]
pub struct BeredskapsplanListFields<'a> {
    plan_id: &'a str,
    version: Option<&'a str>,
    approved: Option<Date>,
}

impl ContentKind for Beredskapsplan {
    const NAME: &'static str = "beredskapsplan";
    const LABEL: &'static str = "Beredskapsplan";
    const REVIEWED: bool = true;

    type View = BeredskapsplanView;
    type List<'a> = BeredskapsplanListFields<'a>;

    fn view(&self, fields: &mut dyn Fields) -> BeredskapsplanView {
        let levels = self
            .levels
            .iter()
            .map(|l| IncidentLevelView {
                level: l.level.clone(),
                anchor: level_anchor(&l.level),
                name: l.name.clone(),
                criteria: fields.inline_list("levels", &l.criteria),
                leads: l.leads.clone(),
                actions: fields.inline_list("levels", &l.actions),
            })
            .collect();
        let action_cards = self
            .action_cards
            .iter()
            .map(|c| ActionCardView {
                id: c.id.clone(),
                title: c.title.clone(),
                trigger: fields.inline("action_cards", &c.trigger),
                responsible: c.responsible.clone(),
                steps: fields.inline_list("action_cards", &c.steps),
            })
            .collect();
        BeredskapsplanView {
            plan_id: self.plan_id.clone(),
            version: self.version.clone(),
            approved_by: self.approved_by.clone(),
            approved: self.approved,
            levels,
            contacts: self.contacts.clone(),
            action_cards,
        }
    }

    fn list_fields(p: &BeredskapsplanView) -> BeredskapsplanListFields<'_> {
        BeredskapsplanListFields {
            plan_id: &p.plan_id,
            version: p.version.as_deref(),
            approved: p.approved,
        }
    }

    /// Action cards and incident level headings.
    fn anchors(&self) -> Vec<String> {
        self.action_cards
            .iter()
            .map(|c| c.id.clone())
            .chain(self.levels.iter().map(|l| level_anchor(&l.level)))
            .collect()
    }

    fn template_ids(&self, source: &SourceInfo) -> Vec<(String, usize)> {
        let cards = self
            .action_cards
            .iter()
            .map(|c| (c.id.clone(), c.id.clone()));
        let levels = self
            .levels
            .iter()
            .map(|l| (level_anchor(&l.level), l.level.clone()));
        let mut ids = ids_in_order(source, "action_cards", cards);
        ids.extend(ids_in_order(source, "levels", levels));
        ids
    }

    fn site_ids<'a>(&'a self, source: &SourceInfo) -> Vec<SiteId<'a>> {
        vec![SiteId::field("plan_id", &self.plan_id, source)]
    }

    fn validate(&self, page: &Page) -> Vec<Diagnostic> {
        let mut problems = missing_contact_details(self, page);
        if page.meta.access == Access::Public && !self.contacts.is_empty() {
            let line = page.source.line_of_key("access");
            problems.push(
                page.error_at(
                    Code::AccessPublicContacts,
                    line,
                    "en beredskapsplan med varslingsliste (`contacts`) kan ikke være offentlig"
                        .into(),
                )
                .with_help(
                    "sett `access: internal`, eller flytt varslingslisten til en intern plan",
                ),
            );
        }
        problems
    }
}

/// Contacts whose name or number is not known yet: shown as «mangler», and warned about.
fn missing_contact_details(plan: &Beredskapsplan, page: &Page) -> Vec<Diagnostic> {
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
                Code::ContactsMissing,
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

#[cfg(test)]
mod tests {
    use super::super::test_page;
    use crate::diagnostics::Code;
    use crate::model::Page;

    fn plan(access: &str, rest: &str) -> Page {
        test_page(
            "beredskap/p.md",
            &format!(
                "title: P\nowner: O\nkind: beredskapsplan\nupdated: 2024-01-01\nreview_by: 2030-01-01\naccess: {access}\nplan_id: BP-1\nlevels:\n  - level: 1\n    name: Gul\n    criteria: x\n  - level: 2\n    name: Rød\n    criteria: y\n{rest}"
            ),
        )
    }

    const CARDS: &str = "action_cards:\n  - id: TK-1\n    title: A\n    trigger: t\n    responsible: r\n    steps: [s]\n  - id: TK-1\n    title: B\n    trigger: t\n    responsible: r\n    steps: [s]\n";

    #[test]
    fn anchors_are_action_cards_and_levels() {
        let p = plan("internal", CARDS);
        assert_eq!(p.data.anchors(), ["TK-1", "TK-1", "niva-1", "niva-2"]);
    }

    #[test]
    fn template_ids_carry_their_own_lines() {
        let p = plan("internal", CARDS);
        assert_eq!(
            p.data.template_ids(&p.source),
            [
                ("TK-1".to_string(), 17),
                ("TK-1".to_string(), 22),
                ("niva-1".to_string(), 10),
                ("niva-2".to_string(), 13)
            ]
        );
        let ids = p.data.site_ids(&p.source);
        assert_eq!(
            (ids[0].field, ids[0].value, ids[0].line),
            ("plan_id", "BP-1", 8)
        );
    }

    #[test]
    fn contacts_must_be_complete_and_internal() {
        let contacts =
            "contacts:\n  - role: Vakt\n    name: A\n    phone: 1\n  - role: Leder\n    name: B\n";
        let p = plan("public", contacts);
        let found: Vec<(Code, usize)> = p
            .data
            .validate(&p)
            .iter()
            .map(|d| (d.code, d.line))
            .collect();
        assert_eq!(
            found,
            [(Code::ContactsMissing, 20), (Code::AccessPublicContacts, 7)]
        );
        assert!(p.data.validate(&p)[0].message.contains("`phone`"));
        let internal = plan("internal", contacts);
        assert_eq!(internal.data.validate(&internal).len(), 1);
        assert!(
            plan("public", "")
                .data
                .validate(&plan("public", ""))
                .is_empty()
        );
    }
}
