//! `artikkel`: a self-help article, which may point to related pages.

use super::{ContentKind, Kind, KindData};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Artikkel {
    /// Paths of related pages, relative to this file.
    #[serde(default)]
    pub related: Vec<String>,
}

impl ContentKind for Artikkel {
    const KIND: Kind = Kind::Artikkel;
    const NAME: &'static str = "artikkel";
    const LABEL: &'static str = "Selvhjelpsartikkel";

    fn into_data(self) -> KindData {
        KindData::Artikkel(self)
    }
}
