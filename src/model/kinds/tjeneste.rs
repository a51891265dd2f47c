//! `tjeneste`: a service description with its scope, terms and roles.

use super::Fields;
use super::{ContentKind, SiteId};
use crate::model::SourceInfo;
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TjenesteView {
    pub service_id: String,
    pub included: Vec<String>,
    pub not_included: Vec<String>,
    pub expectations: Vec<String>,
    pub availability: Option<String>,
    pub support_hours: String,
    pub price: String,
    pub contribute: Vec<String>,
    pub more_info: Option<String>,
    pub roles: Roles,
}

#[derive(Serialize)]
pub struct TjenesteListFields<'a> {
    service_id: &'a str,
    support_hours: &'a str,
    availability: Option<&'a str>,
    roles: &'a Roles,
}

impl ContentKind for Tjeneste {
    const NAME: &'static str = "tjeneste";
    const LABEL: &'static str = "Tjenestebeskrivelse";

    type View = TjenesteView;
    type List<'a> = TjenesteListFields<'a>;

    fn view(&self, fields: &mut dyn Fields) -> TjenesteView {
        TjenesteView {
            service_id: self.service_id.clone(),
            included: fields.inline_list("included", &self.included),
            not_included: fields.inline_list("not_included", &self.not_included),
            expectations: fields.inline_list("expectations", &self.expectations),
            availability: self.availability.clone(),
            support_hours: self.support_hours.clone(),
            price: fields.block("price", &self.price),
            contribute: fields.inline_list("contribute", &self.contribute),
            more_info: self
                .more_info
                .as_ref()
                .map(|m| fields.block("more_info", m)),
            roles: self.roles.clone(),
        }
    }

    fn list_fields(t: &TjenesteView) -> TjenesteListFields<'_> {
        TjenesteListFields {
            service_id: &t.service_id,
            support_hours: &t.support_hours,
            availability: t.availability.as_deref(),
            roles: &t.roles,
        }
    }

    fn site_ids<'a>(&'a self, source: &SourceInfo) -> Vec<SiteId<'a>> {
        vec![SiteId::field("service_id", &self.service_id, source)]
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_page;

    #[test]
    fn the_service_id_is_unique_across_the_site() {
        let p = test_page(
            "tjenester/t.md",
            "title: T\nowner: O\nkind: tjeneste\nupdated: 2024-01-01\nservice_id: TJ-01\nincluded: []\nnot_included: []\nexpectations: []\nsupport_hours: alltid\nprice: gratis\nroles: {tjenesteeier: A, tjenesteforvalter: B, driftsansvarlig: C}\n",
        );
        let ids = p.data.site_ids(&p.source);
        assert_eq!(ids.len(), 1);
        assert_eq!(
            (ids[0].field, ids[0].value, ids[0].line),
            ("service_id", "TJ-01", 6)
        );
        assert!(p.data.anchors().is_empty());
    }
}
