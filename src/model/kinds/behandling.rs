//! `behandling`: one entry of the GDPR record of processing activities (article 30).

use super::{ContentKind, Kind, KindData};
use crate::date::Date;
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

impl ContentKind for Behandling {
    const KIND: Kind = Kind::Behandling;
    const NAME: &'static str = "behandling";
    const LABEL: &'static str = "Behandlingsprotokoll";

    fn into_data(self) -> KindData {
        KindData::Behandling(self)
    }
}
