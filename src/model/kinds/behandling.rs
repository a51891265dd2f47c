//! `behandling`: one entry of the GDPR record of processing activities (article 30).

use super::Fields;
use super::{ContentKind, SiteId};
use crate::date::Date;
use crate::model::SourceInfo;
use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    pub country: String,
    pub safeguard: String,
}

/// A data processor agreement: signed on a date, or missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Agreement {
    Signed(Date),
    Missing,
}

impl<'de> Deserialize<'de> for Agreement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Agreement, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.trim() == "mangler" {
            return Ok(Agreement::Missing);
        }
        Date::parse(text.trim())
            .map(Agreement::Signed)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "ugyldig dato `{text}`: skriv avtaledatoen som ÅÅÅÅ-MM-DD, eller `mangler`"
                ))
            })
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Processor {
    pub name: String,
    pub agreement: Agreement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DpiaStatus {
    IkkeVurdert,
    IkkeNodvendig,
    Pagar,
    Gjennomfort,
}

impl DpiaStatus {
    pub fn label(self) -> &'static str {
        match self {
            DpiaStatus::IkkeVurdert => "Ikke vurdert",
            DpiaStatus::IkkeNodvendig => "Ikke nødvendig",
            DpiaStatus::Pagar => "Pågår",
            DpiaStatus::Gjennomfort => "Gjennomført",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dpia {
    pub status: DpiaStatus,
    pub date: Option<Date>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Behandling {
    pub record_id: String,
    pub controller: String,
    pub contact: String,
    pub unit: Option<String>,
    pub purpose: String,
    pub legal_basis: Vec<String>,
    #[serde(default)]
    pub special_categories: Vec<String>,
    pub data_subjects: Vec<String>,
    pub personal_data: Vec<String>,
    pub recipients: Vec<String>,
    pub third_country: Vec<Transfer>,
    pub retention: String,
    pub security: Vec<String>,
    #[serde(default)]
    pub systems: Vec<String>,
    #[serde(default)]
    pub processors: Vec<Processor>,
    pub dpia: Dpia,
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
    pub status: DpiaStatus,
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

#[derive(Serialize)]
pub struct BehandlingListFields<'a> {
    record_id: &'a str,
    controller: &'a str,
    unit: Option<&'a str>,
    purpose: &'a str,
    dpia: &'a DpiaView,
}

impl ContentKind for Behandling {
    const NAME: &'static str = "behandling";
    const LABEL: &'static str = "Behandlingsprotokoll";
    const REVIEWED: bool = true;

    type View = BehandlingView;
    type List<'a> = BehandlingListFields<'a>;

    /// No Markdown fields: the record is shown as written.
    fn view(&self, _: &mut dyn Fields) -> BehandlingView {
        let processors = self
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
            record_id: self.record_id.clone(),
            controller: self.controller.clone(),
            contact: self.contact.clone(),
            unit: self.unit.clone(),
            purpose: self.purpose.clone(),
            legal_basis: self.legal_basis.clone(),
            special_categories: self.special_categories.clone(),
            data_subjects: self.data_subjects.clone(),
            personal_data: self.personal_data.clone(),
            recipients: self.recipients.clone(),
            third_country: self.third_country.clone(),
            retention: self.retention.clone(),
            security: self.security.clone(),
            systems: self.systems.clone(),
            processors,
            dpia: DpiaView {
                status: self.dpia.status,
                status_label: self.dpia.status.label(),
                date: self.dpia.date,
            },
        }
    }

    fn list_fields(b: &BehandlingView) -> BehandlingListFields<'_> {
        BehandlingListFields {
            record_id: &b.record_id,
            controller: &b.controller,
            unit: b.unit.as_deref(),
            purpose: &b.purpose,
            dpia: &b.dpia,
        }
    }

    fn site_ids<'a>(&'a self, source: &SourceInfo) -> Vec<SiteId<'a>> {
        vec![SiteId::field("record_id", &self.record_id, source)]
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_page;

    #[test]
    fn the_record_id_is_unique_across_the_site() {
        let p = test_page(
            "behandlinger/b.md",
            "title: B\nowner: O\nkind: behandling\nupdated: 2024-01-01\nreview_by: 2030-01-01\nrecord_id: BP-07\ncontroller: C\ncontact: D\npurpose: P\nlegal_basis: []\ndata_subjects: []\npersonal_data: []\nrecipients: []\nthird_country: []\nretention: R\nsecurity: []\ndpia: {status: pagar}\n",
        );
        let ids = p.data.site_ids(&p.source);
        assert_eq!(ids.len(), 1);
        assert_eq!(
            (ids[0].field, ids[0].value, ids[0].line),
            ("record_id", "BP-07", 7)
        );
        assert!(p.data.validate(&p).is_empty());
    }
}
