//! `nyhet`: a news item; it adds no fields to the common ones.

use super::{ContentKind, Kind, KindData};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Nyhet {}

impl ContentKind for Nyhet {
    const KIND: Kind = Kind::Nyhet;
    const NAME: &'static str = "nyhet";
    const LABEL: &'static str = "Nyhet";

    fn into_data(self) -> KindData {
        KindData::Nyhet(self)
    }
}
