//! Kind-specific front matter: the fields each kind adds to the common ones, one file per
//! kind. Each file implements [`ContentKind`]; `dispatch!` is the one place that maps a
//! [`Kind`] to its type, so a new kind that is not listed there fails to compile.

mod artikkel;
mod begrep;
mod behandling;
mod beredskapsplan;
mod krav;
mod nyhet;
mod tjeneste;

pub use artikkel::Artikkel;
pub use begrep::Begrep;
pub use behandling::{Agreement, Behandling, Dpia, DpiaStatus, Processor, Transfer};
pub use beredskapsplan::{ActionCard, Beredskapsplan, Contact, IncidentLevel};
pub use krav::{ChangeEntry, Krav, KravStatus, Level, RemovedRequirement, Requirement};
pub use nyhet::Nyhet;
pub use tjeneste::{Roles, Tjeneste};

use super::Kind;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::{YamlSource, field_names};
use serde::de::DeserializeOwned;
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

/// One content kind's definition: its name in front matter, its label, and its fields.
pub trait ContentKind: DeserializeOwned + Sized {
    const KIND: Kind;
    /// The value of `kind:` in front matter.
    const NAME: &'static str;
    /// What readers see the kind called.
    const LABEL: &'static str;

    fn into_data(self) -> KindData;

    /// The front matter keys the kind adds to the common ones, read from the struct.
    fn field_names() -> &'static [&'static str] {
        field_names::<Self>()
    }

    fn parse(source: &YamlSource<'_>) -> Result<KindData, Diagnostic> {
        source.parse::<Self>().map(Self::into_data)
    }
}

/// Runs `$body` with `$T` bound to the [`ContentKind`] type of `$kind`. The match is
/// exhaustive, so a kind added to [`Kind`] without a type here fails to compile.
macro_rules! dispatch {
    ($kind:expr, $T:ident => $body:expr) => {
        match $kind {
            Kind::Artikkel => {
                type $T = $crate::model::kinds::Artikkel;
                $body
            }
            Kind::Nyhet => {
                type $T = $crate::model::kinds::Nyhet;
                $body
            }
            Kind::Tjeneste => {
                type $T = $crate::model::kinds::Tjeneste;
                $body
            }
            Kind::Krav => {
                type $T = $crate::model::kinds::Krav;
                $body
            }
            Kind::Beredskapsplan => {
                type $T = $crate::model::kinds::Beredskapsplan;
                $body
            }
            Kind::Behandling => {
                type $T = $crate::model::kinds::Behandling;
                $body
            }
            Kind::Begrep => {
                type $T = $crate::model::kinds::Begrep;
                $body
            }
        }
    };
}
pub(crate) use dispatch;

impl KindData {
    pub fn parse(kind: Kind, source: &YamlSource<'_>) -> Result<KindData, Diagnostic> {
        dispatch!(kind, K => K::parse(source))
    }

    /// The front matter keys a kind adds to the common ones.
    pub fn field_names(kind: Kind) -> &'static [&'static str] {
        dispatch!(kind, K => K::field_names())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
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
