//! The editor's configuration (Decap CMS's `config`), generated from the content model
//! ([`super::schema`]), the site's sections and `site.yaml`: never written by hand. One
//! collection per section (nested sections included) with the fields of its `page_kind`, and
//! one collection of the sections' own `_index.md` files.

use super::schema::{self, Field, Vocab, Widget};
use super::settings::EditorSettings;
use super::texts::Texts;
use super::vocabulary;
use crate::config::Config;
use crate::load::CONTENT_DIR;
use crate::model::{Kind, Section};
use serde_json::{Value, json};

/// The custom file format of [`super::FORMAT_JS`], which edits front matter in place.
pub const FORMAT: &str = "kompetanse";

/// Where media that belongs to no page goes (`static/` is copied into every build).
pub const MEDIA_FOLDER: &str = "static/media";
const PUBLIC_FOLDER: &str = "/media";

/// A section as the editor needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionInfo {
    /// The folder under `content/` (`selvhjelp/ledere`), `""` for the home page's.
    pub dir: String,
    pub title: String,
    pub page_kind: Kind,
}

impl SectionInfo {
    pub fn from_sections(sections: &[Section]) -> Vec<SectionInfo> {
        let mut infos: Vec<SectionInfo> = sections
            .iter()
            .map(|s| SectionInfo {
                dir: s.source.dir().to_string(),
                title: s.meta.title.clone(),
                page_kind: s.meta.page_kind.unwrap_or(Kind::Artikkel),
            })
            .collect();
        infos.sort_by(|a, b| a.dir.cmp(&b.dir));
        infos
    }

    fn folder(&self) -> String {
        if self.dir.is_empty() {
            CONTENT_DIR.to_string()
        } else {
            format!("{CONTENT_DIR}/{}", self.dir)
        }
    }

    /// A collection name Decap accepts (letters, digits, `-`, `_`).
    fn name(&self) -> String {
        if self.dir.is_empty() {
            return "forside".into();
        }
        self.dir
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    }
}

/// Which Git the editor commits to.
#[derive(Debug, Clone, Copy)]
pub enum Mode<'a> {
    /// `kompetanse serve`: the working copy, through the preview's `/api/v1`.
    Local,
    /// The internal build: the Git host of `editor:` in `site.yaml`.
    Hosted(&'a EditorSettings),
}

/// Decap's locale for the site's `language`.
pub fn locale(language: &str) -> &'static str {
    match language {
        "nn" => "nn_no",
        "en" => "en",
        _ => "nb_no",
    }
}

/// The whole configuration. Keys starting with `_kompetanse` are the glue script's own and
/// are removed before Decap sees them.
pub fn config(config: &Config, sections: &[SectionInfo], mode: Mode<'_>) -> Value {
    let (backend, publish_mode) = match mode {
        Mode::Local => (
            json!({ "name": "proxy", "proxy_url": super::API_PATH, "branch": "main" }),
            "simple",
        ),
        Mode::Hosted(settings) => (settings.backend_json(), "editorial_workflow"),
    };
    let texts = Texts::of(&config.language);
    let mut collections: Vec<Value> = sections
        .iter()
        .map(|section| page_collection(config, &texts, section))
        .collect();
    collections.push(section_collection(config, &texts, sections));
    let mut form_fields: Vec<&str> = schema::COMMON.iter().map(|f| f.name).collect();
    form_fields.extend(schema::SECTION.iter().map(|f| f.name));
    for kind in Kind::ALL {
        form_fields.extend(schema::kind_fields(kind).iter().map(|f| f.name));
    }
    form_fields.sort_unstable();
    form_fields.dedup();
    json!({
        "load_config_file": false,
        "backend": backend,
        "publish_mode": publish_mode,
        "locale": locale(&config.language),
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        // Made the way the build makes slugs: ASCII, æ→ae, ø→o, å→a.
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": collections,
        "_kompetanse": {
            "local": matches!(mode, Mode::Local),
            "preview": super::PREVIEW_PATH,
            "events": crate::serve::live::EVENTS_PATH,
            "form_fields": form_fields,
            "keep_empty": schema::MAY_BE_EMPTY,
            "stylesheet": "/css/style.css",
            "texts": texts.script(),
        },
    })
}

fn page_collection(config: &Config, texts: &Texts, section: &SectionInfo) -> Value {
    let kind = section.page_kind;
    let mut fields: Vec<Value> = schema::COMMON
        .iter()
        .map(|f| {
            let mut value = field_json(config, texts, f);
            if schema::required_for(kind, f.name) {
                value["required"] = true.into();
            }
            value
        })
        .collect();
    fields.extend(
        schema::kind_fields(kind)
            .iter()
            .map(|f| field_json(config, texts, f)),
    );
    fields.push(body_field(texts, kind));
    let kind_label = texts.get(&format!("kind.{}", kind.name()), kind.label());
    json!({
        "name": section.name(),
        "label": section.title,
        "label_singular": kind_label,
        "description": texts.format(
            "editor.collection.description",
            "{kind} i {folder}/",
            &[("kind", &kind_label), ("folder", &section.folder())],
        ),
        "folder": section.folder(),
        "extension": "md",
        "format": FORMAT,
        "create": true,
        "slug": "{{slug}}",
        "summary": "{{title}}",
        // Files beside the page: an image is linked relative to the page's file.
        "media_folder": "",
        "public_folder": "",
        "fields": fields,
    })
}

fn section_collection(config: &Config, texts: &Texts, sections: &[SectionInfo]) -> Value {
    let files: Vec<Value> = sections
        .iter()
        .map(|section| {
            let mut fields: Vec<Value> = schema::SECTION
                .iter()
                .map(|f| field_json(config, texts, f))
                .collect();
            fields.push(json!({
                "name": "body", "label": texts.get("editor.body.label", "Tekst"),
                "widget": "markdown", "modes": ["raw"], "required": false,
            }));
            let file = format!("{}/_index.md", section.folder());
            json!({
                "name": section.name(),
                "label": texts.format(
                    "editor.collection.section_file",
                    "{title} ({file})",
                    &[("title", &section.title), ("file", &file)],
                ),
                "file": file,
                "media_folder": "",
                "public_folder": "",
                "fields": fields,
            })
        })
        .collect();
    json!({
        "name": "seksjoner",
        "label": texts.get("editor.collection.sections", "Seksjoner"),
        "description": texts.get(
            "editor.collection.sections_description",
            "Seksjonenes egne sider (_index.md): tittel, innledning, sidetype og sortering.",
        ),
        "format": FORMAT,
        "extension": "md",
        "files": files,
    })
}

fn body_field(texts: &Texts, kind: Kind) -> Value {
    let hint = match kind {
        Kind::Begrep => texts.get(
            "editor.body.hint_begrep",
            "Definisjonen av begrepet (Markdown)",
        ),
        Kind::Tjeneste => texts.get(
            "editor.body.hint_tjeneste",
            "1 Beskrivelse av tjenesten (Markdown)",
        ),
        _ => texts.get(
            "editor.body.hint",
            "Sidens tekst i Markdown; nummererte trinn der det er en veiledning",
        ),
    };
    // Raw Markdown: the rich-text mode would rewrite the text (and the site's shortcodes).
    json!({
        "name": "body", "label": texts.get("editor.body.label", "Tekst"),
        "widget": "markdown", "modes": ["raw"],
        "required": kind == Kind::Begrep,
        "hint": hint,
    })
}

/// A field's label in the site's language.
fn label(texts: &Texts, field: &Field) -> String {
    texts.get(&format!("editor.field.{}", field.text_key), field.label)
}

fn field_json(config: &Config, texts: &Texts, field: &Field) -> Value {
    let mut value = widget_json(config, texts, field);
    value["name"] = field.name.into();
    value["label"] = label(texts, field).into();
    value["required"] = field.required.into();
    if !field.hint.is_empty() {
        value["hint"] = texts
            .get(&format!("editor.hint.{}", field.text_key), field.hint)
            .into();
    }
    if let Some((regex, key, message)) = field.pattern {
        let message = texts.get(&format!("editor.pattern.{key}"), message);
        value["pattern"] = json!([regex, message]);
    }
    value
}

fn widget_json(config: &Config, texts: &Texts, field: &Field) -> Value {
    match field.widget {
        Widget::Line => json!({ "widget": "string" }),
        Widget::Text => json!({ "widget": "text" }),
        Widget::Date => json!({
            "widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
            "time_format": false, "picker_utc": true, "default": "",
        }),
        Widget::Bool => json!({ "widget": "boolean", "default": false }),
        Widget::Integer => json!({ "widget": "number", "value_type": "int" }),
        Widget::Select(vocab) | Widget::MultiSelect(vocab) => {
            let options = vocabulary::options(config, texts, vocab);
            if options.is_empty() && vocab == Vocab::Owner {
                // A site without `owners` accepts any unit.
                return json!({ "widget": "string" });
            }
            let options: Vec<Value> = options
                .into_iter()
                .map(|(value, label)| json!({ "value": value, "label": label }))
                .collect();
            json!({
                "widget": "select",
                "options": options,
                "multiple": matches!(field.widget, Widget::MultiSelect(_)),
            })
        }
        // Decap otherwise starts a new page's list with one empty item, which blocks saving
        // when the item has required fields.
        Widget::Strings | Widget::Paragraphs | Widget::List(_) => {
            let mut list = widget_json_list(config, texts, field);
            list["default"] = json!([]);
            list
        }
        _ => widget_json_list(config, texts, field),
    }
}

fn widget_json_list(config: &Config, texts: &Texts, field: &Field) -> Value {
    match field.widget {
        Widget::Strings => json!({
            "widget": "list",
            "field": { "name": "verdi", "label": label(texts, field), "widget": "string" },
        }),
        Widget::Paragraphs => json!({
            "widget": "list",
            "field": { "name": "verdi", "label": label(texts, field), "widget": "text" },
        }),
        Widget::List(fields) => json!({
            "widget": "list",
            "collapsed": true,
            "summary": format!("{{{{fields.{}}}}}", fields[0].name),
            "fields": fields.iter().map(|f| field_json(config, texts, f)).collect::<Vec<_>>(),
        }),
        Widget::Object(fields) => json!({
            "widget": "object",
            "fields": fields.iter().map(|f| field_json(config, texts, f)).collect::<Vec<_>>(),
        }),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Config {
        Config::parse("title: T\nbase_url: https://example.no/\nowners: [Enhet A, Enhet B]\n")
            .unwrap()
    }

    fn sections() -> Vec<SectionInfo> {
        vec![
            SectionInfo {
                dir: String::new(),
                title: "Forside".into(),
                page_kind: Kind::Artikkel,
            },
            SectionInfo {
                dir: "krav".into(),
                title: "Tekniske krav".into(),
                page_kind: Kind::Krav,
            },
            SectionInfo {
                dir: "selvhjelp/ledere".into(),
                title: "Ledere".into(),
                page_kind: Kind::Artikkel,
            },
        ]
    }

    fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
        config["collections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no collection {name}"))
    }

    fn field<'a>(collection: &'a Value, name: &str) -> &'a Value {
        collection["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no field {name}"))
    }

    #[test]
    fn a_collection_per_section_with_its_kinds_fields() {
        let config = config(&site(), &sections(), Mode::Local);
        let krav = collection(&config, "krav");
        assert_eq!(krav["folder"], "content/krav");
        assert_eq!(krav["format"], FORMAT);
        let requirements = field(krav, "requirements");
        assert_eq!(requirements["widget"], "list");
        assert_eq!(requirements["required"], true);
        let level = requirements["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "level")
            .unwrap();
        assert_eq!(level["widget"], "select");
        assert_eq!(level["options"].as_array().unwrap().len(), 3);
        let id = requirements["fields"][0].clone();
        assert_eq!(id["name"], "id");
        assert!(id["pattern"][0].as_str().unwrap().starts_with('^'));
        assert_eq!(field(krav, "valid_from")["format"], "YYYY-MM-DD");
        assert_eq!(field(krav, "updated")["required"], true);
        assert_eq!(field(krav, "body")["modes"], json!(["raw"]));
        let nested = collection(&config, "selvhjelp_ledere");
        assert_eq!(nested["folder"], "content/selvhjelp/ledere");
        assert_eq!(collection(&config, "forside")["folder"], "content");
        let sections = collection(&config, "seksjoner");
        assert_eq!(sections["files"][1]["file"], "content/krav/_index.md");
    }

    /// Every field of every form, nested ones too.
    fn all_fields() -> Vec<&'static Field> {
        fn walk(fields: &'static [Field], out: &mut Vec<&'static Field>) {
            for f in fields {
                out.push(f);
                if let Widget::List(inner) | Widget::Object(inner) = f.widget {
                    walk(inner, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(schema::COMMON, &mut out);
        walk(schema::SECTION, &mut out);
        for kind in Kind::ALL {
            walk(schema::kind_fields(kind), &mut out);
        }
        out
    }

    #[test]
    fn field_labels_follow_the_site_language() {
        let nb = crate::i18n::Translations::builtin();
        for f in all_fields() {
            assert_eq!(
                nb.get(&format!("editor.field.{}", f.text_key)),
                Some(f.label),
                "{}: the bokmål table and the form disagree",
                f.name
            );
        }
        let language = |code: &str| {
            Config::parse(&format!(
                "title: T\nbase_url: https://example.no/\nlanguage: {code}\n"
            ))
            .unwrap()
        };
        let en = config(&language("en"), &sections(), Mode::Local);
        let krav = collection(&en, "krav");
        assert_eq!(field(krav, "title")["label"], "Title");
        assert_eq!(field(krav, "review_by")["label"], "Review by");
        assert_eq!(
            field(krav, "requirements")["fields"][0]["label"],
            "Requirement ID"
        );
        let nn = config(&language("nn"), &sections(), Mode::Local);
        let krav = collection(&nn, "krav");
        assert_eq!(field(krav, "owner")["label"], "Ansvarleg");
        assert_eq!(field(krav, "review_by")["label"], "Skal reviderast innan");
        let nb = config(&site(), &sections(), Mode::Local);
        assert_eq!(
            field(collection(&nb, "krav"), "owner")["label"],
            "Ansvarlig"
        );
    }

    #[test]
    fn hints_choices_and_messages_follow_the_site_language() {
        let nb = crate::i18n::Translations::builtin();
        for f in all_fields().into_iter().filter(|f| !f.hint.is_empty()) {
            assert_eq!(
                nb.get(&format!("editor.hint.{}", f.text_key)),
                Some(f.hint),
                "{}: the bokmål table and the form's hint disagree",
                f.name
            );
        }
        for f in all_fields() {
            if let Some((_, key, message)) = f.pattern {
                assert_eq!(nb.get(&format!("editor.pattern.{key}")), Some(message));
            }
        }
        let en = Config::parse("title: T\nbase_url: https://example.no/\nlanguage: en\n").unwrap();
        let en = config(&en, &sections(), Mode::Local);
        let krav = collection(&en, "krav");
        assert_eq!(
            field(krav, "owner")["hint"],
            "The unit that keeps the page up to date"
        );
        assert_eq!(field(krav, "access")["options"][0]["label"], "Public");
        assert_eq!(field(krav, "status")["options"][1]["label"], "In force");
        assert_eq!(
            field(krav, "requirements")["fields"][2]["options"][0]["label"],
            "Shall (mandatory)"
        );
        assert!(
            field(krav, "document_id")["pattern"][1]
                .as_str()
                .unwrap()
                .starts_with("Capital letters")
        );
        assert_eq!(field(krav, "body")["label"], "Text");
        assert_eq!(krav["label_singular"], "Technical requirements");
        assert_eq!(collection(&en, "seksjoner")["label"], "Sections");
        assert_eq!(en["locale"], "en");
        assert_eq!(
            en["_kompetanse"]["texts"]["check_ok"],
            "Check: no errors or warnings."
        );
        let nb = config(&site(), &sections(), Mode::Local);
        let krav = collection(&nb, "krav");
        assert_eq!(field(krav, "access")["options"][0]["label"], "Offentlig");
        assert_eq!(
            nb["_kompetanse"]["texts"]["check_label"],
            "Kontroll av siden"
        );
    }

    #[test]
    fn owner_is_a_select_of_the_sites_units() {
        let config = config(&site(), &sections(), Mode::Local);
        let owner = field(collection(&config, "krav"), "owner");
        assert_eq!(owner["widget"], "select");
        assert_eq!(owner["required"], true);
        assert_eq!(owner["options"][1]["value"], "Enhet B");
        let access = field(collection(&config, "krav"), "access");
        assert_eq!(access["options"][0]["value"], "public");
        assert_eq!(config["locale"], "nb_no");
        assert_eq!(config["backend"]["name"], "proxy");
        assert_eq!(config["publish_mode"], "simple");
    }

    #[test]
    fn hosted_gitlab_uses_pkce_and_the_editorial_workflow() {
        let settings: EditorSettings = serde_yaml_ng::from_str(
            "backend: gitlab\nrepo: it/portal\nbase_url: https://git.example.no/\napp_id: abc\n",
        )
        .unwrap();
        let config = config(&site(), &sections(), Mode::Hosted(&settings));
        assert_eq!(config["publish_mode"], "editorial_workflow");
        assert_eq!(config["backend"]["auth_type"], "pkce");
        assert_eq!(
            config["backend"]["api_root"],
            "https://git.example.no/api/v4"
        );
        assert_eq!(config["backend"]["app_id"], "abc");
        assert_eq!(config["backend"]["branch"], "main");
    }
}
