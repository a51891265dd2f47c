//! The content model as the editor's forms: every front-matter key of every kind, with the
//! widget, label, hint and rules Decap CMS needs. A unit test holds this table to the model's
//! own structs, so a field added to the model without a form field fails the build's tests.

use crate::model::Kind;

/// Lists whose allowed values come from the model or the site (see [`super::vocabulary`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocab {
    Owner,
    Access,
    Kind,
    Municipality,
    Area,
    Audience,
    KravStatus,
    Level,
    DpiaStatus,
    SortBy,
}

/// How a field is edited.
#[derive(Debug, Clone, Copy)]
pub enum Widget {
    /// One line of text.
    Line,
    /// Several lines of plain text or inline Markdown.
    Text,
    /// A date written `YYYY-MM-DD`.
    Date,
    Bool,
    Integer,
    /// One value of a list.
    Select(Vocab),
    /// Several values of a list.
    MultiSelect(Vocab),
    /// A list of one-line strings.
    Strings,
    /// A list of Markdown paragraphs (one text box each).
    Paragraphs,
    /// A list of objects with these fields.
    List(&'static [Field]),
    /// One object with these fields.
    Object(&'static [Field]),
}

/// One front-matter key of the form.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    /// The bokmål label; the form shows `editor.field.<text_key>` of the site's language
    /// (and the hint `editor.hint.<text_key>`), which a test holds equal to these in the
    /// bokmål table.
    pub label: &'static str,
    /// The key of the label in the translation tables: the name, unless one name has
    /// different labels in different places.
    pub text_key: &'static str,
    pub widget: Widget,
    pub required: bool,
    pub hint: &'static str,
    /// A regular expression the value must match, and what to say when it does not: the
    /// key under `editor.pattern.` in the translation tables and the bokmål text.
    pub pattern: Option<(&'static str, &'static str, &'static str)>,
}

const fn field(name: &'static str, label: &'static str, widget: Widget) -> Field {
    Field {
        name,
        label,
        text_key: name,
        widget,
        required: false,
        hint: "",
        pattern: None,
    }
}

impl Field {
    const fn required(mut self) -> Field {
        self.required = true;
        self
    }

    const fn text_key(mut self, key: &'static str) -> Field {
        self.text_key = key;
        self
    }

    const fn hint(mut self, hint: &'static str) -> Field {
        self.hint = hint;
        self
    }

    const fn pattern(
        mut self,
        regex: &'static str,
        key: &'static str,
        message: &'static str,
    ) -> Field {
        self.pattern = Some((regex, key, message));
        self
    }
}

const ID_MESSAGE: &str = "Store bokstaver, tall og bindestrek, for eksempel T-014 eller NETT-012";
const ID_PATTERN: &str = "^[A-ZÆØÅ0-9][A-ZÆØÅ0-9.-]*$";

const SOURCE: &[Field] = &[
    field("title", "Tittel", Widget::Line)
        .required()
        .hint("Dokumentet fakta er hentet fra, for eksempel møtedokumentene til et møte"),
    field("url", "Adresse", Widget::Line),
    field("date", "Dato", Widget::Date),
    field("note", "Merknad", Widget::Text).hint("Hva siden bygger på fra denne kilden"),
];

/// The fields of the spec's first table, in its order (`kind` is set by the collection).
pub const COMMON: &[Field] = &[
    field("title", "Tittel", Widget::Line).required(),
    field("kind", "Sidetype", Widget::Select(Vocab::Kind))
        .hint("Tom: seksjonens sidetype, ellers selvhjelpsartikkel"),
    field("description", "Sammendrag", Widget::Text).hint(
        "Én eller to setninger; brukes i lister, søkeresultater og som beskrivelse for søkemotorer",
    ),
    field("slug", "Adressenavn", Widget::Line)
        .hint("Siste del av adressen; tom: filnavnet (æ→ae, ø→o, å→a)")
        .pattern("^[a-z0-9][a-z0-9-]*$", "slug", "Små bokstaver a–z, tall og bindestrek"),
    field("updated", "Oppdatert", Widget::Date)
        .hint("Påkrevd for alle sidetyper unntatt nyheter; tom: datoen for siste commit"),
    field("date", "Publisert", Widget::Date)
        .text_key("published")
        .hint("Påkrevd for nyheter"),
    field("review_by", "Revideres innen", Widget::Date)
        .hint("Når en redaktør må se på siden igjen; forfalte sider står i innholdsrapporten"),
    field("owner", "Ansvarlig", Widget::Select(Vocab::Owner))
        .required()
        .hint("Enheten som holder siden oppdatert"),
    field("access", "Tilgang", Widget::Select(Vocab::Access)).hint(
        "Offentlig: publiseres på det åpne nettstedet. Intern (standard): bare i ansattportalen",
    ),
    field(
        "municipalities",
        "Kommuner",
        Widget::MultiSelect(Vocab::Municipality),
    )
    .hint("Hvem siden gjelder; «alle» betyr alle kommunene"),
    field("area", "Fagområde", Widget::Select(Vocab::Area)),
    field("audience", "Målgruppe", Widget::MultiSelect(Vocab::Audience)),
    field("tags", "Emneord", Widget::Strings),
    field("aliases", "Gamle adresser", Widget::Strings)
        .hint("Adresser siden hadde før; de sender leseren hit"),
    field("weight", "Rekkefølge", Widget::Integer).hint("Lavere tall står først i seksjonen"),
    field("draft", "Utkast", Widget::Bool)
        .hint("Utkast er ikke med i byggene (bare med --drafts)"),
    field("sources", "Kilder", Widget::List(SOURCE))
        .hint("Hvor sidens fakta kommer fra; vises nederst på siden"),
    field("example", "Eksempel", Widget::Bool).hint(
        "Siden illustrerer portalen, men faktaene er ikke bekreftet av utgiveren; holdes utenfor det offentlige bygget",
    ),
];

/// A section's `_index.md`.
pub const SECTION: &[Field] = &[
    field("title", "Tittel", Widget::Line).required(),
    field("description", "Sammendrag", Widget::Text),
    field(
        "page_kind",
        "Sidetype for sidene",
        Widget::Select(Vocab::Kind),
    )
    .hint("Sidetypen sidene i seksjonen får når de ikke sier noe selv"),
    field("sort_by", "Sortering", Widget::Select(Vocab::SortBy)),
    field("access", "Tilgang", Widget::Select(Vocab::Access)),
    field("weight", "Rekkefølge", Widget::Integer),
    field("draft", "Utkast", Widget::Bool),
    field("aliases", "Gamle adresser", Widget::Strings),
    field("updated", "Oppdatert", Widget::Date),
    field("owner", "Ansvarlig", Widget::Select(Vocab::Owner)),
    field("sources", "Kilder", Widget::List(SOURCE)),
    field("example", "Eksempel", Widget::Bool),
];

const ROLES: &[Field] = &[
    field("tjenesteeier", "Tjenesteeier", Widget::Line).required(),
    field("tjenesteforvalter", "Tjenesteforvalter", Widget::Line).required(),
    field("driftsansvarlig", "Driftsansvarlig", Widget::Line).required(),
];

const TJENESTE: &[Field] = &[
    field("service_id", "Tjeneste-ID", Widget::Line)
        .required()
        .hint("Unik, for eksempel T-014")
        .pattern(ID_PATTERN, "id", ID_MESSAGE),
    field("included", "Hva er inkludert", Widget::Paragraphs).required(),
    field("not_included", "Hva er ikke inkludert", Widget::Paragraphs).required(),
    field("expectations", "Hva kan du forvente", Widget::Paragraphs).required(),
    field("availability", "Tilgjengelighet", Widget::Line).hint("For eksempel 24/7/365"),
    field("support_hours", "Betjent kundeservice", Widget::Line)
        .required()
        .hint("For eksempel man–fre 08:00–15:30"),
    field("price", "Hva koster dette?", Widget::Text).required(),
    field("contribute", "Hvordan kan du bidra", Widget::Paragraphs),
    field("more_info", "Trenger du mer informasjon?", Widget::Text),
    field("roles", "Roller", Widget::Object(ROLES)).required(),
];

const REQUIREMENT: &[Field] = &[
    field("id", "Krav-ID", Widget::Line)
        .text_key("krav_id")
        .required()
        .hint("Unik i hele portalen og endres aldri, for eksempel NETT-012")
        .pattern(ID_PATTERN, "id", ID_MESSAGE),
    field("category", "Kategori", Widget::Line)
        .required()
        .hint("For eksempel Kabling, Tekniske rom, Trådløst nett"),
    field("level", "Nivå", Widget::Select(Vocab::Level)).required(),
    field("text", "Krav", Widget::Text).required(),
    field("rationale", "Begrunnelse", Widget::Text),
    field("verification", "Verifikasjon", Widget::Text),
];

const CHANGE: &[Field] = &[
    field("version", "Versjon", Widget::Line).required(),
    field("date", "Dato", Widget::Date).required(),
    field("summary", "Endring", Widget::Text).required(),
];

const REMOVED: &[Field] = &[
    field("id", "Krav-ID", Widget::Line)
        .text_key("krav_id")
        .required()
        .pattern(ID_PATTERN, "id", ID_MESSAGE),
    field("version", "Fjernet i versjon", Widget::Line)
        .text_key("removed_in")
        .required(),
    field("note", "Merknad", Widget::Text),
];

const KRAV: &[Field] = &[
    field("document_id", "Dokument-ID", Widget::Line)
        .required()
        .hint("For eksempel KRAV-NETT")
        .pattern(ID_PATTERN, "id", ID_MESSAGE),
    field("version", "Versjon", Widget::Line)
        .required()
        .hint("For eksempel 3.1"),
    field("status", "Status", Widget::Select(Vocab::KravStatus)).required(),
    field("valid_from", "Gjelder fra", Widget::Date).required(),
    field("requirements", "Krav", Widget::List(REQUIREMENT)).required(),
    field("changelog", "Endringslogg", Widget::List(CHANGE)),
    field("removed", "Fjernede krav", Widget::List(REMOVED))
        .hint("Krav som er tatt ut; ID-en deres brukes aldri igjen"),
];

const LEVEL: &[Field] = &[
    field("level", "Nivå", Widget::Line).required(),
    field("name", "Navn", Widget::Line).required(),
    field("criteria", "Kriterier", Widget::Paragraphs).required(),
    field("leads", "Ledes av", Widget::Strings),
    field("actions", "Tiltak", Widget::Paragraphs),
];

const CONTACT: &[Field] = &[
    field("role", "Rolle", Widget::Line).required(),
    field("name", "Navn", Widget::Line).hint("Tom: vises som «mangler»"),
    field("phone", "Telefon", Widget::Line).hint("Tom: vises som «mangler»"),
    field("alt_phone", "Alternativ telefon", Widget::Line),
    field("municipality", "Kommune", Widget::Line),
];

const ACTION_CARD: &[Field] = &[
    field("id", "ID", Widget::Line).required(),
    field("title", "Tittel", Widget::Line).required(),
    field("trigger", "Utløses når", Widget::Text).required(),
    field("responsible", "Ansvarlig", Widget::Line).required(),
    field("steps", "Trinn", Widget::Paragraphs).required(),
];

const BEREDSKAPSPLAN: &[Field] = &[
    field("plan_id", "Plan-ID", Widget::Line)
        .required()
        .pattern(ID_PATTERN, "id", ID_MESSAGE),
    // The model lets a plan wait for its version and approval (shown as missing).
    field("version", "Versjon", Widget::Line),
    field("approved_by", "Godkjent av", Widget::Line),
    field("approved", "Godkjent dato", Widget::Date),
    field("levels", "Hendelsesnivåer", Widget::List(LEVEL)).required(),
    field("contacts", "Varslingsliste", Widget::List(CONTACT))
        .hint("En plan med varslingsliste må være intern"),
    field("action_cards", "Tiltakskort", Widget::List(ACTION_CARD)),
];

const TRANSFER: &[Field] = &[
    field("country", "Land", Widget::Line).required(),
    field("safeguard", "Overføringsgrunnlag", Widget::Line).required(),
];

const PROCESSOR: &[Field] = &[
    field("name", "Navn", Widget::Line).required(),
    field("agreement", "Databehandleravtale", Widget::Line)
        .required()
        .hint("Datoen avtalen ble inngått (ÅÅÅÅ-MM-DD), eller «mangler»")
        .pattern(
            "^(\\d{4}-\\d{2}-\\d{2}|mangler)$",
            "agreement",
            "Skriv en dato som ÅÅÅÅ-MM-DD, eller «mangler»",
        ),
];

const DPIA: &[Field] = &[
    field("status", "Status", Widget::Select(Vocab::DpiaStatus)).required(),
    field("date", "Dato", Widget::Date),
];

const BEHANDLING: &[Field] = &[
    field("record_id", "Protokoll-ID", Widget::Line)
        .required()
        .pattern(ID_PATTERN, "id", ID_MESSAGE),
    field("controller", "Behandlingsansvarlig", Widget::Line)
        .required()
        .hint("Kommunen"),
    field("contact", "Kontaktpunkt", Widget::Line)
        .required()
        .hint("Rolle eller adresse til kontaktpunktet eller personvernombudet"),
    field("unit", "Enhet", Widget::Line),
    field("purpose", "Formål", Widget::Text).required(),
    field("legal_basis", "Behandlingsgrunnlag", Widget::Strings)
        .required()
        .hint("For eksempel GDPR art. 6 nr. 1 bokstav e"),
    field("special_categories", "Særlige kategorier", Widget::Strings),
    field(
        "data_subjects",
        "Kategorier av registrerte",
        Widget::Strings,
    )
    .required(),
    field(
        "personal_data",
        "Kategorier av personopplysninger",
        Widget::Strings,
    )
    .required(),
    field("recipients", "Kategorier av mottakere", Widget::Strings)
        .hint("Påkrevd, men kan være tom: en tom liste vises som «Ingen»"),
    field(
        "third_country",
        "Overføring til tredjeland",
        Widget::List(TRANSFER),
    )
    .hint("Påkrevd, men kan være tom: ingen overføring"),
    field("retention", "Lagringstid og sletting", Widget::Text).required(),
    field(
        "security",
        "Tekniske og organisatoriske sikkerhetstiltak",
        Widget::Strings,
    )
    .required(),
    field("systems", "Systemer", Widget::Strings),
    field("processors", "Databehandlere", Widget::List(PROCESSOR)),
    field(
        "dpia",
        "Vurdering av personvernkonsekvenser (DPIA)",
        Widget::Object(DPIA),
    )
    .required(),
];

const BEGREP: &[Field] = &[
    field("term", "Begrep", Widget::Line)
        .required()
        .hint("Slik det skrives, for eksempel DPIA"),
    field("expansion", "Fullt navn", Widget::Line),
    field("synonyms", "Synonymer", Widget::Strings)
        .hint("Andre ord for det samme; brukes av søket og lenkingen"),
    field("see_also", "Se også", Widget::Strings),
];

const ARTIKKEL: &[Field] = &[field("related", "Relaterte sider", Widget::Strings)
    .hint("Stier til andre sider, for eksempel selvhjelp/passord.md")];

/// Keys the model requires but whose empty list is a real answer (`recipients: []` is
/// «Ingen»): the form cannot require an item, so the file gets `[]` when none is given.
pub const MAY_BE_EMPTY: &[&str] = &["recipients", "third_country"];

/// The fields a kind adds to [`COMMON`].
pub fn kind_fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Artikkel => ARTIKKEL,
        Kind::Nyhet => &[],
        Kind::Tjeneste => TJENESTE,
        Kind::Krav => KRAV,
        Kind::Beredskapsplan => BEREDSKAPSPLAN,
        Kind::Behandling => BEHANDLING,
        Kind::Begrep => BEGREP,
    }
}

/// Fields whose value depends on the kind and so must be given for it (`date` for news,
/// `updated` for the rest; `review_by` for plans and records).
pub fn required_for(kind: Kind, name: &str) -> bool {
    match name {
        "date" => kind == Kind::Nyhet,
        "updated" => kind != Kind::Nyhet,
        "review_by" => matches!(kind, Kind::Beredskapsplan | Kind::Behandling),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::field_names;
    use crate::model::{CommonMeta, KindData, SectionMeta};

    fn names(fields: &[Field]) -> Vec<&'static str> {
        let mut names: Vec<_> = fields.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names
    }

    fn sorted(names: &[&'static str]) -> Vec<&'static str> {
        let mut names = names.to_vec();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_key_of_the_model_has_a_form_field_and_no_more() {
        assert_eq!(names(COMMON), sorted(field_names::<CommonMeta>()));
        assert_eq!(names(SECTION), sorted(field_names::<SectionMeta>()));
        for kind in Kind::ALL {
            assert_eq!(
                names(kind_fields(kind)),
                sorted(KindData::field_names(kind)),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn nested_lists_match_their_structs() {
        use crate::model::SourceRef;
        use crate::model::kinds as k;
        assert_eq!(names(SOURCE), sorted(field_names::<SourceRef>()));
        assert_eq!(names(ROLES), sorted(field_names::<k::Roles>()));
        assert_eq!(names(REQUIREMENT), sorted(field_names::<k::Requirement>()));
        assert_eq!(names(CHANGE), sorted(field_names::<k::ChangeEntry>()));
        assert_eq!(
            names(REMOVED),
            sorted(field_names::<k::RemovedRequirement>())
        );
        assert_eq!(names(LEVEL), sorted(field_names::<k::IncidentLevel>()));
        assert_eq!(names(CONTACT), sorted(field_names::<k::Contact>()));
        assert_eq!(names(ACTION_CARD), sorted(field_names::<k::ActionCard>()));
        assert_eq!(names(TRANSFER), sorted(field_names::<k::Transfer>()));
        assert_eq!(names(PROCESSOR), sorted(field_names::<k::Processor>()));
        assert_eq!(names(DPIA), sorted(field_names::<k::Dpia>()));
    }
}
