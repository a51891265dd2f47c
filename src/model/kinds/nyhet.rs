//! `nyhet`: a news item; it adds no fields to the common ones, and is dated by `date`.

use super::Fields;
use super::{ContentKind, NoListFields};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Nyhet {}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NyhetView {}

impl ContentKind for Nyhet {
    const NAME: &'static str = "nyhet";
    const LABEL: &'static str = "Nyhet";
    const DATED: bool = true;

    type View = NyhetView;
    type List<'a> = NoListFields;

    fn view(&self, _: &mut dyn Fields) -> NyhetView {
        NyhetView {}
    }

    fn list_fields(_: &NyhetView) -> NoListFields {
        NoListFields {}
    }
}
