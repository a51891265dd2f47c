//! The content kinds, one file per kind. Each file is the whole definition of its kind: the
//! fields it adds to the common front matter, its template views, the ids and anchors it puts
//! on pages and its own validation rules, as one [`ContentKind`] impl. The `kinds!` registry
//! below lists every kind once and generates [`Kind`], [`KindData`], [`KindView`] and
//! [`ListFields`] from it, with methods that hand each call to the kind's impl; the rest of
//! the build only calls those methods.

mod artikkel;
mod begrep;
mod behandling;
mod beredskapsplan;
mod krav;
mod nyhet;
mod tjeneste;

pub use artikkel::{Artikkel, ArtikkelView};
pub use begrep::{Begrep, BegrepView, SeeAlsoView};
pub use behandling::{
    Agreement, Behandling, BehandlingView, Dpia, DpiaStatus, DpiaView, Processor, ProcessorView,
    Transfer,
};
pub use beredskapsplan::{
    ActionCard, ActionCardView, Beredskapsplan, BeredskapsplanView, Contact, IncidentLevel,
    IncidentLevelView,
};
pub use krav::{
    CategoryView, ChangeEntry, ChangeView, Krav, KravStatus, KravView, Level, LevelCounts,
    RemovedRequirement, RemovedView, Requirement, RequirementView,
};
pub use nyhet::{Nyhet, NyhetView};
pub use tjeneste::{Roles, Tjeneste, TjenesteView};

use super::{Page, SourceInfo};
use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, YamlSource, field_names};
use crate::views::LinkView;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt::Debug;

/// What a kind's [`ContentKind::view`] needs to show its fields: Markdown fields as HTML and
/// links from the page. The render stage implements it (`render::fields`), so the model does
/// not depend on the stage that uses it.
pub trait Fields {
    /// A Markdown field as HTML; line numbers point at the field's line in the front matter.
    fn block(&mut self, key: &str, text: &str) -> String;
    /// Like `block`, without the paragraph around a one-paragraph text.
    fn inline(&mut self, key: &str, text: &str) -> String;
    fn inline_list(&mut self, key: &str, items: &[String]) -> Vec<String> {
        items.iter().map(|t| self.inline(key, t)).collect()
    }
    /// The address of `target` relative to the page being shown.
    fn href_to(&self, target: &Page) -> String;
    /// The glossary page of `term`, whatever its case.
    fn glossary_page(&self, term: &str) -> Option<&Page>;
    /// Links to the pages at `paths` (written relative to the page's file, under `key`); a
    /// path to a missing or excluded page is reported.
    fn page_links(&mut self, key: &str, paths: &[String]) -> Vec<LinkView>;
}

/// Defines [`Kind`], [`KindData`], [`KindView`] and [`ListFields`] with a variant per kind,
/// and their methods that hand each call to the kind's [`ContentKind`] impl.
macro_rules! kinds {
    ($($variant:ident => $module:ident :: $ty:ident),+ $(,)?) => {
        /// The kind of a page; decides its fields and its template.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
        #[serde(rename_all = "lowercase")]
        pub enum Kind {
            $($variant,)+
        }

        /// The fields of one page's kind, parsed and typed.
        #[derive(Debug, Clone, Serialize)]
        #[serde(untagged)]
        pub enum KindData {
            $($variant($module::$ty),)+
        }

        /// The rendered fields of one page, by kind. Untagged, so the kind does not appear in
        /// the template value.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum KindView {
            $($variant(<$module::$ty as ContentKind>::View),)+
        }

        /// The fields a list of pages shows for one page.
        #[derive(Serialize)]
        #[serde(untagged)]
        pub enum ListFields<'a> {
            $($variant(<$module::$ty as ContentKind>::List<'a>),)+
        }

        impl Kind {
            pub const ALL: [Kind; [$(Kind::$variant),+].len()] = [$(Kind::$variant),+];

            pub fn name(self) -> &'static str {
                match self { $(Kind::$variant => <$module::$ty as ContentKind>::NAME,)+ }
            }

            pub fn label(self) -> &'static str {
                match self { $(Kind::$variant => <$module::$ty as ContentKind>::LABEL,)+ }
            }

            /// Dated by `date` rather than `updated` (news).
            pub fn is_dated(self) -> bool {
                match self { $(Kind::$variant => <$module::$ty as ContentKind>::DATED,)+ }
            }

            /// `review_by` is required.
            pub fn is_reviewed(self) -> bool {
                match self { $(Kind::$variant => <$module::$ty as ContentKind>::REVIEWED,)+ }
            }
        }

        impl KindData {
            pub fn parse(kind: Kind, source: &YamlSource<'_>) -> Result<KindData, Diagnostic> {
                match kind {
                    $(Kind::$variant => source.parse::<$module::$ty>().map(KindData::$variant),)+
                }
            }

            /// The front matter keys a kind adds to the common ones.
            pub fn field_names(kind: Kind) -> &'static [&'static str] {
                match kind { $(Kind::$variant => <$module::$ty as ContentKind>::field_names(),)+ }
            }

            pub fn view(&self, fields: &mut dyn Fields) -> KindView {
                match self { $(KindData::$variant(d) => KindView::$variant(d.view(fields)),)+ }
            }

            /// See [`ContentKind::anchors`].
            pub fn anchors(&self) -> Vec<String> {
                match self { $(KindData::$variant(d) => d.anchors(),)+ }
            }

            /// See [`ContentKind::template_ids`].
            pub fn template_ids(&self, source: &SourceInfo) -> Vec<(String, usize)> {
                match self { $(KindData::$variant(d) => d.template_ids(source),)+ }
            }

            /// See [`ContentKind::site_ids`].
            pub fn site_ids<'a>(&'a self, source: &SourceInfo) -> Vec<SiteId<'a>> {
                match self { $(KindData::$variant(d) => d.site_ids(source),)+ }
            }

            /// See [`ContentKind::validate`].
            pub fn validate(&self, page: &Page) -> Vec<Diagnostic> {
                match self { $(KindData::$variant(d) => d.validate(page),)+ }
            }

            /// See [`ContentKind::search_synonyms`].
            pub fn search_synonyms(&self) -> Vec<String> {
                match self { $(KindData::$variant(d) => d.search_synonyms(),)+ }
            }

            /// Every kind's [`ContentKind::validate_site`], in registry order.
            pub fn validate_site(pages: &[Page]) -> Vec<Diagnostic> {
                let mut problems = Vec::new();
                $(problems.extend(<$module::$ty as ContentKind>::validate_site(pages));)+
                problems
            }
        }

        impl KindView {
            /// The fields a list of pages shows for this page.
            pub fn list_fields(&self) -> ListFields<'_> {
                match self {
                    $(KindView::$variant(v) => {
                        ListFields::$variant(<$module::$ty as ContentKind>::list_fields(v))
                    })+
                }
            }
        }
    };
}
// The registry: every kind, once. A new kind is a file beside this one (with its `mod` line
// above: rustfmt does not format modules declared inside a macro) and one line here.
kinds! {
    Artikkel => artikkel::Artikkel,
    Nyhet => nyhet::Nyhet,
    Tjeneste => tjeneste::Tjeneste,
    Krav => krav::Krav,
    Beredskapsplan => beredskapsplan::Beredskapsplan,
    Behandling => behandling::Behandling,
    Begrep => begrep::Begrep,
}

/// One content kind's definition: its front matter fields (the struct itself), its views for
/// templates, the ids it puts on pages and the rules it adds to validation. Everything but
/// the names and views has a default that says nothing.
pub trait ContentKind: DeserializeOwned + Sized {
    /// The value of `kind:` in front matter.
    const NAME: &'static str;
    /// What readers see the kind called.
    const LABEL: &'static str;
    /// Dated by `date` (news): `updated` is not required, `date` is.
    const DATED: bool = false;
    /// Must say when it is next reviewed (`review_by` required).
    const REVIEWED: bool = false;

    /// The page's fields for templates (`page.data`), Markdown fields as HTML.
    type View: Serialize + Debug + Clone + PartialEq;
    /// The few fields list pages show for the page (`page.fields` in a list).
    type List<'a>: Serialize
    where
        Self: 'a;

    /// Builds the view; `fields` renders Markdown fields and resolves links from the page.
    fn view(&self, fields: &mut dyn Fields) -> Self::View;

    fn list_fields(view: &Self::View) -> Self::List<'_>;

    /// The front matter keys the kind adds to the common ones, read from the struct.
    fn field_names() -> &'static [&'static str] {
        field_names::<Self>()
    }

    /// Ids the kind's template puts on the page, for links with `#anchor`.
    fn anchors(&self) -> Vec<String> {
        Vec::new()
    }

    /// Ids the template writes that two entries of the page could share, with the front
    /// matter line each comes from (a clash is reported as a duplicate id).
    fn template_ids(&self, _source: &SourceInfo) -> Vec<(String, usize)> {
        Vec::new()
    }

    /// Identifiers that must be unique across the whole site.
    fn site_ids<'a>(&'a self, _source: &SourceInfo) -> Vec<SiteId<'a>> {
        Vec::new()
    }

    /// The kind's own rules for one page.
    fn validate(&self, _page: &Page) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// The kind's rules that span pages (`pages` holds every kind).
    fn validate_site(_pages: &[Page]) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// Phrases search treats as one another's synonyms (a term and its expansion).
    fn search_synonyms(&self) -> Vec<String> {
        Vec::new()
    }
}

/// A list view with nothing to show.
#[derive(Debug, Serialize)]
pub struct NoListFields {}

/// One identifier that must be unique across the site, and the line it is written on.
pub struct SiteId<'a> {
    pub field: &'static str,
    pub value: &'a str,
    pub line: usize,
    /// Compared case-insensitively (terms that differ only by case are one term to readers).
    pub fold_case: bool,
}

impl<'a> SiteId<'a> {
    /// A top-level front matter field.
    pub fn field(field: &'static str, value: &'a str, source: &SourceInfo) -> SiteId<'a> {
        SiteId {
            field,
            value,
            line: source.line_of_key(field),
            fold_case: false,
        }
    }
}

/// `ids` as (id, text written in front matter) in the order they are written under `key`,
/// each with its line.
fn ids_in_order(
    source: &SourceInfo,
    key: &str,
    ids: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, usize)> {
    let mut from = source.line_of_key(key);
    let mut out = Vec::new();
    for (id, written) in ids {
        let line = frontmatter::line_of(&source.text, &written, from).unwrap_or(from);
        from = line + 1;
        out.push((id, line));
    }
    out
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

/// A page loaded from `front_matter` (without the fences) as `content/<rel>`, for the kinds'
/// unit tests.
#[cfg(test)]
pub(crate) fn test_page(rel: &str, front_matter: &str) -> Page {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, format!("---\n{front_matter}---\nTekst.\n")).unwrap();
    crate::load::reload_page(dir.path(), rel, &Default::default())
        .unwrap_or_else(|problems| panic!("{problems:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use std::path::Path;
    use std::sync::Arc;

    #[test]
    fn the_registry_names_each_kind_as_front_matter_does() {
        for kind in Kind::ALL {
            let written: Kind = serde_json::from_value(kind.name().into()).unwrap();
            assert_eq!(written, kind);
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(Kind::ALL.len(), 7);
        let dated: Vec<Kind> = Kind::ALL.into_iter().filter(|k| k.is_dated()).collect();
        assert_eq!(dated, [Kind::Nyhet]);
        let reviewed: Vec<Kind> = Kind::ALL.into_iter().filter(|k| k.is_reviewed()).collect();
        assert_eq!(reviewed, [Kind::Beredskapsplan, Kind::Behandling]);
    }

    #[test]
    fn kinds_without_ids_say_nothing() {
        let page = test_page(
            "a/x.md",
            "title: X\nowner: O\nkind: artikkel\nupdated: 2024-01-01\n",
        );
        assert!(page.data.anchors().is_empty());
        assert!(page.data.template_ids(&page.source).is_empty());
        assert!(page.data.site_ids(&page.source).is_empty());
        assert!(page.data.validate(&page).is_empty());
        assert!(page.data.search_synonyms().is_empty());
    }

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
