//! `tjeneste`: a service description with its scope, terms and roles.

use super::{ContentKind, Kind, KindData};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    pub tjenesteeier: String,
    pub tjenesteforvalter: String,
    pub driftsansvarlig: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Tjeneste {
    pub service_id: String,
    pub included: Vec<String>,
    pub not_included: Vec<String>,
    pub expectations: Vec<String>,
    pub availability: Option<String>,
    pub support_hours: String,
    pub price: String,
    #[serde(default)]
    pub contribute: Vec<String>,
    pub more_info: Option<String>,
    pub roles: Roles,
}

impl ContentKind for Tjeneste {
    const KIND: Kind = Kind::Tjeneste;
    const NAME: &'static str = "tjeneste";
    const LABEL: &'static str = "Tjenestebeskrivelse";

    fn into_data(self) -> KindData {
        KindData::Tjeneste(self)
    }
}
