//! Tera templates: the theme's `templates/` (on disk or built in, see `theme`), overridden
//! file by file by the site's own `templates/`. Errors name the template file and, where Tera knows it, the line.

use crate::date::Date;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::theme::Theme;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Context, Tera, Value};
use walkdir::WalkDir;

pub struct Templates {
    tera: Tera,
    /// Template name → file it came from, for error messages.
    files: HashMap<String, PathBuf>,
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
        register_filters(&mut tera);
        let files = sources
            .iter()
            .map(|(n, (d, _))| (n.clone(), d.clone()))
            .collect();
        tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|err| {
                vec![
                    Diagnostic::error(Code::TemplateInvalid, error_chain(&err))
                        .in_file("templates/"),
                ]
            })?;
        let templates = Templates { tera, files };
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
        crate::markdown::shortcodes::register_functions(&mut self.tera, tables_by_name);
    }

    /// The shortcodes among the templates (`shortcodes/NAME.html`), sharing this Tera instance.
    pub fn shortcodes(&self) -> crate::markdown::shortcodes::Library<'_> {
        crate::markdown::shortcodes::Library::new(&self.tera, &self.files)
    }

    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|err| {
            let file = self
                .files
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(name));
            template_error(name, &file, &err, None)
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
    let (line, column) = pest_location(&chain).unwrap_or((0, 0));
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
    let mut diagnostic =
        Diagnostic::error(Code::TemplateError, format!("malfeil i {name}: {detail}"))
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

fn register_filters(tera: &mut Tera) {
    tera.register_filter(
        "date_nb",
        |value: &Value, _: &HashMap<String, Value>| -> tera::Result<Value> {
            let text = value.as_str().unwrap_or("");
            Ok(Value::String(
                Date::parse(text)
                    .map(Date::format_nb)
                    .unwrap_or_else(|| text.to_string()),
            ))
        },
    );
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
