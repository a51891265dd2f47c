//! Tera templates: the theme's `templates/` (on disk or built in, see `theme`), overridden
//! file by file by the site's own `templates/`. Errors name the template file and, where Tera knows it, the line.

use crate::date::Date;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::i18n::{TranslateFn, Translations};
use crate::theme::Theme;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Context, Tera, Value};
use walkdir::WalkDir;

mod tera_errors;

pub struct Templates {
    tera: Tera,
    /// Template name → file it came from and its text, for error messages.
    files: HashMap<String, (PathBuf, Arc<str>)>,
    /// The interface texts of the site's language (bokmål until `provide_translations`).
    translations: Arc<Translations>,
    /// The site's data tables once `provide_data` has run: the shortcodes' data functions
    /// are registered again when the language changes, as they write texts of it.
    tables: Option<Arc<BTreeMap<String, crate::data::DataTable>>>,
}

impl Templates {
    /// Loads all templates: the theme's (from disk or built in), then the site's own
    /// `templates/`, file by file; `required` are the names the site cannot do without.
    pub fn load(
        root: &Path,
        theme: &Theme,
        required: &[&str],
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut problems = Vec::new();
        for (name, file) in theme.files_under("templates") {
            match file
                .bytes()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
            {
                Ok(text) => {
                    sources.insert(name.to_string(), (file.display.clone(), text));
                }
                Err(err) => problems.push(
                    Diagnostic::error(Code::TemplateIo, format!("kunne ikke lese malen: {err}"))
                        .in_file(&file.display),
                ),
            }
        }
        let dir = root.join("templates");
        for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let display = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    sources.insert(name, (display, text));
                }
                Err(err) => problems.push(
                    Diagnostic::error(Code::TemplateIo, format!("kunne ikke lese malen: {err}"))
                        .in_file(&display),
                ),
            }
        }
        for (name, (display, text)) in &sources {
            if let Err(err) = tera::Template::new(name, None, text) {
                problems.push(template_error(name, display, &err, Some(text)));
            }
        }
        problems.extend(
            required
                .iter()
                .filter(|n| !sources.contains_key(**n))
                .map(|n| {
                    Diagnostic::error(Code::TemplateMissing, format!("malen {n} mangler"))
                        .in_file(format!("themes/{}/templates/{n}", theme.name))
                        .with_help(
                            "legg malen i temaets templates/-mappe eller i templates/ i nettstedet",
                        )
                }),
        );
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which bloats every relative URL for no safety gain.
        tera.set_escape_fn(crate::text::escape_html);
        let translations = Arc::new(Translations::builtin());
        register_language(&mut tera, &translations);
        let files = sources
            .iter()
            .map(|(n, (d, t))| (n.clone(), (d.clone(), Arc::from(t.as_str()))))
            .collect();
        tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|err| {
                let (message, word) = tera_errors::translate(&error_chain(&err));
                // Tera names the template that failed to load; place it there if it can.
                let place = sources
                    .iter()
                    .find(|(n, _)| error_chain(&err).contains(&format!("'{n}'")));
                let diagnostic = Diagnostic::error(Code::TemplateInvalid, message);
                vec![match place {
                    Some((_, (display, text))) => {
                        let line = word
                            .as_deref()
                            .and_then(|w| tera_errors::line_of(text, w))
                            .unwrap_or(0);
                        diagnostic
                            .in_file(display)
                            .at(line, usize::from(line > 0))
                            .with_source(Arc::from(text.as_str()))
                    }
                    None => diagnostic.in_file("templates/"),
                }]
            })?;
        let templates = Templates {
            tera,
            files,
            translations,
            tables: None,
        };
        Ok(templates)
    }

    /// Makes the site's data tables available to templates as `data(name="sla-2024")`. A
    /// function rather than a context variable: a variable would be copied into the context
    /// of every page, the function hands out a table only where a template asks for it.
    /// Shortcode templates get the typed data functions of `markdown::shortcodes` as well.
    pub fn provide_data(&mut self, tables_by_name: &BTreeMap<String, crate::data::DataTable>) {
        let tables = tables_by_name
            .iter()
            .filter_map(|(name, table)| Some((name.clone(), tera::to_value(table).ok()?)))
            .collect();
        self.tera
            .register_function("data", DataTables(Arc::new(tables)));
        let tables = Arc::new(tables_by_name.clone());
        crate::markdown::shortcodes::register_functions(
            &mut self.tera,
            &tables,
            &self.translations,
        );
        self.tables = Some(tables);
    }

    /// The shortcodes among the templates (`shortcodes/NAME.html`), sharing this Tera instance.
    pub fn shortcodes(&self) -> crate::markdown::shortcodes::Library<'_> {
        crate::markdown::shortcodes::Library::new(&self.tera, &self.files)
    }

    /// Makes the site's language the one of `t(key=…)`, the date filters and the labels the
    /// layout stage takes from [`Templates::translations`].
    pub fn provide_translations(&mut self, translations: Translations) {
        self.translations = Arc::new(translations);
        register_language(&mut self.tera, &self.translations);
        if let Some(tables) = &self.tables {
            crate::markdown::shortcodes::register_functions(
                &mut self.tera,
                tables,
                &self.translations,
            );
        }
    }

    /// The interface texts of the site's language.
    pub fn translations(&self) -> &Translations {
        &self.translations
    }

    /// The same, shared, for stages that must not borrow the templates.
    pub fn shared_translations(&self) -> Arc<Translations> {
        self.translations.clone()
    }

    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|err| {
            // The error may lie in a template this one extends or includes: Tera names it.
            let chain = error_chain(&err);
            let failing = self
                .files
                .keys()
                .filter(|n| chain.contains(&format!("'{n}'")))
                .max_by_key(|n| chain.rfind(&format!("'{n}'")))
                .map_or(name, String::as_str);
            match self.files.get(failing) {
                Some((file, text)) => template_error(failing, file, &err, Some(&**text)),
                None => template_error(name, Path::new(name), &err, None),
            }
        })
    }
}

/// Tera's error and all its causes, one line.
fn error_chain(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts.join(": ")
}

fn template_error(name: &str, file: &Path, err: &tera::Error, text: Option<&str>) -> Diagnostic {
    let chain = error_chain(err);
    let pest = pest_location(&chain);
    // A parse error ends with pest's "= expected …" line; a render error's last cause is the
    // useful part ("Variable `page.x` not found …").
    let detail = chain
        .lines()
        .rev()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .map(str::to_string)
        .unwrap_or_else(|| {
            let mut source: &dyn std::error::Error = err;
            while let Some(next) = source.source() {
                source = next;
            }
            source.to_string()
        });
    let (message, word) = tera_errors::translate(&detail);
    // Tera gives no line for an error while rendering; the first use of the name is a good
    // guess.
    let (line, column) = pest
        .or_else(|| {
            let line = tera_errors::line_of(text?, word.as_deref()?)?;
            Some((line, 1))
        })
        .unwrap_or((0, 0));
    let mut diagnostic =
        Diagnostic::error(Code::TemplateError, format!("malfeil i {name}: {message}"))
            .in_file(file)
            .at(line, column);
    if let Some(text) = text {
        diagnostic = diagnostic.with_source(text.into());
    }
    diagnostic
}

/// Finds pest's ` --> line:column` marker in a Tera parse error.
fn pest_location(message: &str) -> Option<(usize, usize)> {
    let pos = message.find("--> ")?;
    let rest = &message[pos + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (line, column) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// The template function `data(name=…)`: one table of `data/`, by file name without extension.
struct DataTables(Arc<BTreeMap<String, Value>>);

impl tera::Function for DataTables {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let Some(name) = args.get("name").and_then(Value::as_str) else {
            return Err(
                "data() trenger navnet på en datafil, for eksempel data(name=\"sla-2024\")".into(),
            );
        };
        self.0.get(name).cloned().ok_or_else(|| {
            let known: Vec<&str> = self.0.keys().map(String::as_str).collect();
            format!(
                "datafilen «{name}» finnes ikke i data/ (finnes: {})",
                if known.is_empty() {
                    "ingen".to_string()
                } else {
                    known.join(", ")
                }
            )
            .into()
        })
    }
}

/// The language's template helpers: `t(key=…)`, `lang()` (the language's code),
/// `script_texts()` (the texts of the browser's
/// scripts as JSON) and the date filter `local_date` (`date_nb` is its older name, kept for
/// sites' own templates; it follows the language too).
fn register_language(tera: &mut Tera, translations: &Arc<Translations>) {
    tera.register_function("t", TranslateFn(translations.clone()));
    let language = Value::String(translations.language().to_string());
    tera.register_function(
        "lang",
        move |_: &HashMap<String, Value>| -> tera::Result<Value> { Ok(language.clone()) },
    );
    let json = translations.script_texts_json();
    tera.register_function(
        "script_texts",
        move |_: &HashMap<String, Value>| -> tera::Result<Value> {
            Ok(Value::String(json.clone()))
        },
    );
    for name in ["local_date", "date_nb"] {
        let translations = translations.clone();
        tera.register_filter(
            name,
            move |value: &Value, _: &HashMap<String, Value>| -> tera::Result<Value> {
                let text = value.as_str().unwrap_or("");
                Ok(Value::String(
                    Date::parse(text)
                        .map(|d| translations.date(d))
                        .unwrap_or_else(|| text.to_string()),
                ))
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_pest_location() {
        assert_eq!(pest_location("Failed\n --> 3:5\n  |"), Some((3, 5)));
        assert_eq!(pest_location("no location"), None);
    }
}
