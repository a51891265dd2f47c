//! `krav`: a versioned document of numbered technical requirements.

use super::string_or_number;
use super::{ContentKind, Kind, KindData};
use crate::date::Date;
use serde::{Deserialize, Serialize};

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

impl ContentKind for Krav {
    const KIND: Kind = Kind::Krav;
    const NAME: &'static str = "krav";
    const LABEL: &'static str = "Tekniske krav";

    fn into_data(self) -> KindData {
        KindData::Krav(self)
    }
}
