//! `begrep`: a glossary term with its expansion, synonyms and related terms.

use super::{ContentKind, Kind, KindData};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Begrep {
    pub term: String,
    pub expansion: Option<String>,
    #[serde(default)]
    pub synonyms: Vec<String>,
    #[serde(default)]
    pub see_also: Vec<String>,
}

impl ContentKind for Begrep {
    const KIND: Kind = Kind::Begrep;
    const NAME: &'static str = "begrep";
    const LABEL: &'static str = "Begrep";

    fn into_data(self) -> KindData {
        KindData::Begrep(self)
    }
}
