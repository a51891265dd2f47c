//! `artikkel`: a self-help article, which may point to related pages.

use super::Fields;
use super::{ContentKind, NoListFields};
use crate::views::LinkView;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Artikkel {
    /// Paths of related pages, relative to this file.
    #[serde(default)]
    pub related: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArtikkelView {
    pub related: Vec<LinkView>,
}

impl ContentKind for Artikkel {
    const NAME: &'static str = "artikkel";
    const LABEL: &'static str = "Selvhjelpsartikkel";

    type View = ArtikkelView;
    type List<'a> = NoListFields;

    fn view(&self, fields: &mut dyn Fields) -> ArtikkelView {
        ArtikkelView {
            related: fields.page_links("related", &self.related),
        }
    }

    fn list_fields(_: &ArtikkelView) -> NoListFields {
        NoListFields {}
    }
}
