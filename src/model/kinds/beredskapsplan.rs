//! `beredskapsplan`: a contingency plan with incident levels, contacts and action cards.

use super::{ContentKind, Kind, KindData};
use super::{one_or_many, optional_string_or_number, string_or_number};
use crate::date::Date;
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

impl ContentKind for Beredskapsplan {
    const KIND: Kind = Kind::Beredskapsplan;
    const NAME: &'static str = "beredskapsplan";
    const LABEL: &'static str = "Beredskapsplan";

    fn into_data(self) -> KindData {
        KindData::Beredskapsplan(self)
    }
}
