//! Kind-specific front matter: the fields each kind adds to the common ones.

use super::Kind;
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::{YamlSource, field_names};
use serde::{Deserialize, Deserializer, Serialize};

/// The fields of one page's kind, parsed and typed.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum KindData {
    Artikkel(Artikkel),
    Nyhet(Nyhet),
    Tjeneste(Tjeneste),
    Krav(Krav),
    Beredskapsplan(Beredskapsplan),
    Behandling(Behandling),
    Begrep(Begrep),
}

impl KindData {
    pub fn parse(kind: Kind, source: &YamlSource<'_>) -> Result<KindData, Diagnostic> {
        Ok(match kind {
            Kind::Artikkel => KindData::Artikkel(source.parse()?),
            Kind::Nyhet => KindData::Nyhet(source.parse()?),
            Kind::Tjeneste => KindData::Tjeneste(source.parse()?),
            Kind::Krav => KindData::Krav(source.parse()?),
            Kind::Beredskapsplan => KindData::Beredskapsplan(source.parse()?),
            Kind::Behandling => KindData::Behandling(source.parse()?),
            Kind::Begrep => KindData::Begrep(source.parse()?),
        })
    }

    /// The front matter keys a kind adds to the common ones.
    pub fn field_names(kind: Kind) -> &'static [&'static str] {
        match kind {
            Kind::Artikkel => field_names::<Artikkel>(),
            Kind::Nyhet => field_names::<Nyhet>(),
            Kind::Tjeneste => field_names::<Tjeneste>(),
            Kind::Krav => field_names::<Krav>(),
            Kind::Beredskapsplan => field_names::<Beredskapsplan>(),
            Kind::Behandling => field_names::<Behandling>(),
            Kind::Begrep => field_names::<Begrep>(),
        }
    }
}

/// Accepts `3.10` as well as `"3.10"` and keeps the text as written: editors write versions
/// and phone numbers unquoted, and `3.10` read as a number would become «3.1». The YAML
/// deserializer hands any scalar to `deserialize_str` as its source text; the number visitors
/// are there for deserializers that have already resolved the type.
fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Written;
    impl serde::de::Visitor<'_> for Written {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("tekst eller tall")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            // Checked here, not after, so the YAML deserializer puts its line on the error.
            if matches!(v.trim(), "" | "~" | "null" | "Null" | "NULL") {
                return Err(E::invalid_type(serde::de::Unexpected::Unit, &self));
            }
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    deserializer.deserialize_str(Written)
}

fn optional_string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    string_or_number(deserializer).map(Some)
}

/// Accepts one string or a list of strings.
fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        One(String),
        Many(Vec<String>),
    }
    Ok(
        match Raw::deserialize(deserializer).map_err(|_| {
            serde::de::Error::custom(
                "invalid type: annen verdi, expected tekst eller en liste av tekster",
            )
        })? {
            Raw::One(s) => vec![s],
            Raw::Many(v) => v,
        },
    )
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Artikkel {
    /// Paths of related pages, relative to this file.
    #[serde(default)]
    pub related: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Nyhet {}

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

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    pub country: String,
    pub safeguard: String,
}

/// A data processor agreement: signed on a date, or missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Agreement {
    Signed(Date),
    Missing,
}

impl<'de> Deserialize<'de> for Agreement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Agreement, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.trim() == "mangler" {
            return Ok(Agreement::Missing);
        }
        Date::parse(text.trim())
            .map(Agreement::Signed)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "ugyldig dato `{text}`: skriv avtaledatoen som ÅÅÅÅ-MM-DD, eller `mangler`"
                ))
            })
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Processor {
    pub name: String,
    pub agreement: Agreement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DpiaStatus {
    IkkeVurdert,
    IkkeNodvendig,
    Pagar,
    Gjennomfort,
}

impl DpiaStatus {
    pub fn label(self) -> &'static str {
        match self {
            DpiaStatus::IkkeVurdert => "Ikke vurdert",
            DpiaStatus::IkkeNodvendig => "Ikke nødvendig",
            DpiaStatus::Pagar => "Pågår",
            DpiaStatus::Gjennomfort => "Gjennomført",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dpia {
    pub status: DpiaStatus,
    pub date: Option<Date>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Behandling {
    pub record_id: String,
    pub controller: String,
    pub contact: String,
    pub unit: Option<String>,
    pub purpose: String,
    pub legal_basis: Vec<String>,
    #[serde(default)]
    pub special_categories: Vec<String>,
    pub data_subjects: Vec<String>,
    pub personal_data: Vec<String>,
    pub recipients: Vec<String>,
    pub third_country: Vec<Transfer>,
    pub retention: String,
    pub security: Vec<String>,
    #[serde(default)]
    pub systems: Vec<String>,
    #[serde(default)]
    pub processors: Vec<Processor>,
    pub dpia: Dpia,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Begrep {
    pub term: String,
    pub expansion: Option<String>,
    #[serde(default)]
    pub synonyms: Vec<String>,
    #[serde(default)]
    pub see_also: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    fn parse(kind: Kind, yaml: &str) -> Result<KindData, Diagnostic> {
        let text: Arc<str> = format!("---\n{yaml}---\n").into();
        let source = YamlSource {
            display_path: Path::new("content/x.md"),
            file_text: &text,
            yaml,
            yaml_line: 2,
        };
        KindData::parse(kind, &source)
    }

    #[test]
    fn kind_field_names_come_from_the_structs() {
        assert!(KindData::field_names(Kind::Tjeneste).contains(&"service_id"));
        assert!(KindData::field_names(Kind::Behandling).contains(&"dpia"));
        assert_eq!(KindData::field_names(Kind::Nyhet), &[] as &[&str]);
    }

    #[test]
    fn requirement_level_must_be_an_allowed_value() {
        let yaml = "document_id: K\nversion: 3.1\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements:\n  - id: NETT-001\n    category: Kabling\n    level: må\n    text: x\n";
        let err = parse(Kind::Krav, yaml).unwrap_err();
        assert_eq!(err.line, 9, "{err:?}");
        assert!(
            err.message.contains("ugyldig verdi `må`"),
            "{}",
            err.message
        );
        assert!(err.help.as_deref().unwrap().contains("skal"));
    }

    #[test]
    fn versions_may_be_written_as_numbers() {
        let yaml = "document_id: K\nversion: 3.1\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements: []\n";
        match parse(Kind::Krav, yaml).unwrap() {
            KindData::Krav(k) => assert_eq!(k.version, "3.1"),
            _ => unreachable!(),
        }
        for (written, shown) in [
            ("3.10", "3.10"),
            ("2.0", "2.0"),
            ("\"3.10\"", "3.10"),
            ("'2.0'", "2.0"),
            ("1e3", "1e3"),
            ("007", "007"),
            ("4", "4"),
        ] {
            let yaml = format!(
                "document_id: K\nversion: {written}\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements: []\nchangelog:\n  - {{version: {written}, date: 2024-01-01, summary: x}}\n"
            );
            match parse(Kind::Krav, &yaml).unwrap() {
                KindData::Krav(k) => {
                    assert_eq!(k.version, shown, "{written}");
                    assert_eq!(k.changelog[0].version, shown, "{written}");
                }
                _ => unreachable!(),
            }
        }
        for bad in ["", "~", "[3]", "{a: 1}"] {
            let yaml = format!(
                "document_id: K\nversion: {bad}\nstatus: gjeldende\nvalid_from: 2024-01-01\nrequirements: []\n"
            );
            let err = parse(Kind::Krav, &yaml).unwrap_err();
            assert!(
                err.message.contains("tekst eller tall"),
                "{bad}: {}",
                err.message
            );
            assert_eq!(err.line, 3, "{bad}: {err:?}");
        }
        match parse(Kind::Krav, yaml).unwrap() {
            KindData::Krav(k) => assert_eq!(k.version, "3.1"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn agreement_is_a_date_or_missing() {
        let base = "record_id: R\ncontroller: C\ncontact: D\npurpose: P\nlegal_basis: []\ndata_subjects: []\npersonal_data: []\nrecipients: []\nthird_country: []\nretention: R\nsecurity: []\ndpia: {status: pagar}\n";
        let ok = format!(
            "{base}processors:\n  - name: A\n    agreement: mangler\n  - name: B\n    agreement: 2024-02-01\n"
        );
        match parse(Kind::Behandling, &ok).unwrap() {
            KindData::Behandling(b) => {
                assert_eq!(b.processors[0].agreement, Agreement::Missing);
                assert_eq!(
                    b.processors[1].agreement,
                    Agreement::Signed(Date::new(2024, 2, 1).unwrap())
                );
            }
            other => panic!("{other:?}"),
        }
        let bad = format!("{base}processors:\n  - name: A\n    agreement: snart\n");
        let err = parse(Kind::Behandling, &bad).unwrap_err();
        assert!(err.message.contains("`mangler`"), "{}", err.message);
    }
}
