//! Typed template views of each kind's fields, as `render` produces them (Markdown fields as
//! HTML, links relative to the page). Each kind defines its own view in
//! `model/kinds/<kind>.rs`; they are gathered here for the stages that read them (layout,
//! reports), so a renamed or missing field fails at compile time instead of silently
//! rendering nothing.

use serde::Serialize;

pub use crate::model::kinds::{
    ActionCardView, ArtikkelView, BegrepView, BehandlingView, BeredskapsplanView, CategoryView,
    ChangeView, DpiaView, IncidentLevelView, KindView, KravView, LevelCounts, ListFields,
    NyhetView, ProcessorView, RemovedView, RequirementView, SeeAlsoView, TjenesteView,
};

/// A link to another page, relative to the page it is shown on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkView {
    pub title: String,
    pub href: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_serialize_without_the_kind_name() {
        let view = KindView::Begrep(BegrepView {
            term: "VPN".into(),
            expansion: None,
            synonyms: vec![],
            see_also: vec![],
        });
        let value = serde_json::to_value(&view).unwrap();
        assert_eq!(value["term"], "VPN");
        assert!(value["expansion"].is_null());
        assert!(value.get("Begrep").is_none());
    }

    #[test]
    fn articles_list_no_fields() {
        let view = KindView::Nyhet(NyhetView {});
        let value = serde_json::to_value(view.list_fields()).unwrap();
        assert_eq!(value, serde_json::json!({}));
    }
}
