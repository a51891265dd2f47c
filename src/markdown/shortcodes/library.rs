//! The shortcodes a site has: every template `shortcodes/NAME.html` found through the theme
//! lookup (the site's `templates/`, then `themes/<theme>/templates/`, then the built-in theme),
//! rendered with the build's one Tera instance. A call's arguments are the template's variables,
//! with `nth` (the how-manieth call of this shortcode on the page) and, for a block, `body`.
//!
//! The output is made one line long, so the lines of the page after it keep their numbers.

use super::call::Call;
use super::lookup::Problem;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Context, Tera};

/// Where a template folder keeps its shortcodes.
pub const FOLDER: &str = "shortcodes/";

/// What a block shortcode's template gets as `body`: the page renders the body itself, as part
/// of the page (headings, links, glossary), and puts it where the template wrote this marker.
/// Private-use characters, so no page text or escaping can produce or change it.
pub const BODY_MARKER: &str = "\u{e000}kortkode-innhold\u{e000}";

/// Variables the tool sets itself; an argument may not take their names.
const RESERVED: [&str; 2] = ["nth", "body"];

/// A failed call: the message and what to do, in Norwegian.
pub type Failure = (String, Option<String>);

/// The shortcode templates of one build, borrowed from its templates.
pub struct Library<'t> {
    tera: &'t Tera,
    /// Shortcode name → (template name, file shown in messages).
    shortcodes: BTreeMap<String, (String, &'t Path)>,
}

impl<'t> Library<'t> {
    /// The shortcodes among `tera`'s templates; `files` names the file each template came from.
    pub fn new(tera: &'t Tera, files: &'t HashMap<String, (PathBuf, Arc<str>)>) -> Library<'t> {
        let shortcodes = tera
            .get_template_names()
            .filter_map(|template| {
                let name = template.strip_prefix(FOLDER)?.strip_suffix(".html")?;
                if name.is_empty() || name.contains('/') {
                    return None;
                }
                let file = files
                    .get(template)
                    .map(|(file, _)| file.as_path())
                    .unwrap_or(Path::new(template));
                Some((name.to_string(), (template.to_string(), file)))
            })
            .collect();
        Library { tera, shortcodes }
    }

    /// The names of the shortcodes, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.shortcodes.keys().map(String::as_str)
    }

    /// Renders a call as one line of HTML. `block` asks for a block shortcode's template, whose
    /// output is split where the body goes.
    pub fn render(&self, call: &Call, nth: usize, block: bool) -> Result<String, Failure> {
        let Some((template, file)) = self.shortcodes.get(&call.name) else {
            return Err(self.unknown(&call.name));
        };
        let mut context = Context::new();
        for (key, value) in &call.args {
            if RESERVED.contains(&key.as_str()) {
                return Err((
                    format!("argumentnavnet {key} er reservert i kortkoder"),
                    Some(format!(
                        "gi argumentet et annet navn; {} settes av verktøyet",
                        RESERVED.join(" og ")
                    )),
                ));
            }
            context.insert(key.as_str(), value);
        }
        context.insert("nth", &nth);
        if block {
            context.insert("body", BODY_MARKER);
        }
        let html = self
            .tera
            .render(template, &context)
            .map_err(|err| explain(&err, &call.name, file))?;
        if let Some(url) = script_url(&html) {
            return Err((
                format!(
                    "kortkoden {} lager en adresse som kjører kode ({})",
                    call.name,
                    url.chars().take(40).collect::<String>()
                ),
                Some(crate::url_policy::HELP.to_string()),
            ));
        }
        Ok(one_line(&html))
    }

    /// The template file of a shortcode, for messages.
    pub fn file(&self, name: &str) -> Option<&Path> {
        self.shortcodes.get(name).map(|(_, file)| *file)
    }

    fn unknown(&self, name: &str) -> Failure {
        let names: Vec<&str> = self.names().collect();
        let listing = if names.is_empty() {
            "nettstedet har ingen kortkoder".to_string()
        } else {
            format!("kortkodene som finnes: {}", names.join(", "))
        };
        let help = match crate::frontmatter::did_you_mean(name, &names) {
            Some(near) => format!("mente du «{near}»? {listing}"),
            None => format!(
                "{listing}; en ny kortkode er en mal templates/{FOLDER}{name}.html i nettstedet"
            ),
        };
        (format!("ukjent kortkode «{name}»"), Some(help))
    }
}

/// The Norwegian reading of a template error: a data function's own problem as it is, a
/// missing variable as the missing argument it is, anything else with Tera's words.
fn explain(err: &tera::Error, name: &str, file: &Path) -> Failure {
    let mut causes: Vec<&(dyn std::error::Error + 'static)> = vec![err];
    while let Some(next) = causes.last().and_then(|e| e.source()) {
        causes.push(next);
    }
    if let Some(problem) = causes.iter().find_map(|e| e.downcast_ref::<Problem>()) {
        return (problem.message.clone(), problem.help.clone());
    }
    let texts: Vec<String> = causes.iter().map(ToString::to_string).collect();
    if let Some(variable) = texts.iter().find_map(|t| missing_variable(t)) {
        if !variable.contains(['.', '[']) {
            return (
                format!("kortkoden {name} mangler argumentet {variable}"),
                Some(format!(
                    "skriv for eksempel {{{{ {name}({variable}=\"…\") }}}}; malen {} bruker {variable}",
                    file.display()
                )),
            );
        }
        return (
            format!(
                "malen {} til kortkoden {name} bruker «{variable}», som ikke finnes",
                file.display()
            ),
            Some("rett malen, eller se om et argument har feil type".to_string()),
        );
    }
    let detail = texts.last().cloned().unwrap_or_default();
    (
        format!("kortkoden {name} kunne ikke gjengis: {detail}"),
        Some(format!(
            "se om argumentene har riktig type (tekst i \"…\", tall, true/false, lister i […]) og hva malen {} venter",
            file.display()
        )),
    )
}

/// The first URL in the output that would run code. The template is trusted, its arguments
/// come from the page: a `javascript:` address given as an argument must not slip past the
/// raw HTML policy through a template that puts it in an `href`.
fn script_url(html: &str) -> Option<String> {
    use crate::markdown::html::{attributes, is_script_url, tags};
    const URL_ATTRIBUTES: [&str; 9] = [
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "data",
        "cite",
        "background",
    ];
    tags(html)
        .into_iter()
        .filter(|tag| !tag.closing)
        .flat_map(|tag| attributes(tag.attrs))
        .find(|(name, value)| URL_ATTRIBUTES.contains(&name.as_str()) && is_script_url(value))
        .map(|(_, value)| value)
}

/// `x` from Tera's "Variable `x` not found in context while rendering …".
fn missing_variable(text: &str) -> Option<&str> {
    let start = text.find("Variable `")? + "Variable `".len();
    let end = start + text[start..].find("` not found")?;
    Some(&text[start..end])
}

/// The output on one line: line breaks between tags and words become a space; inside
/// `<pre>` and `<textarea>`, where they show, they become `&#10;`.
pub fn one_line(html: &str) -> String {
    let html = html.trim();
    if !html.contains('\n') {
        return html.to_string();
    }
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut verbatim_until: Option<&str> = None;
    let mut i = 0;
    while i < html.len() {
        let rest = &lower[i..];
        if let Some(close) = verbatim_until {
            if rest.starts_with(close) {
                verbatim_until = None;
            }
        } else if rest.starts_with("<pre") {
            verbatim_until = Some("</pre");
        } else if rest.starts_with("<textarea") {
            verbatim_until = Some("</textarea");
        }
        let c = html[i..].chars().next().unwrap_or(' ');
        if c == '\n' {
            if verbatim_until.is_some() {
                out.push_str("&#10;");
            } else {
                let kept = out.trim_end_matches([' ', '\t', '\r']).len();
                out.truncate(kept);
                out.push(' ');
                let next = html[i + 1..]
                    .find(|c: char| !matches!(c, ' ' | '\t' | '\r' | '\n'))
                    .map_or(html.len(), |n| i + 1 + n);
                i = next;
                continue;
            }
        } else {
            out.push(c);
        }
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_made_one_line() {
        assert_eq!(one_line("<p>a</p>\n"), "<p>a</p>");
        assert_eq!(
            one_line("\n<div>\n  <p>a\n  b</p>\n\n</div>\n"),
            "<div> <p>a b</p> </div>"
        );
        assert_eq!(
            one_line("<PRE>x\n  y</PRE>\n<p>\nz</p>"),
            "<PRE>x&#10;  y</PRE> <p> z</p>"
        );
        assert_eq!(one_line("æ\nø"), "æ ø");
    }

    #[test]
    fn finds_urls_that_run_code() {
        assert_eq!(
            script_url("<a href=\"JavaScript:alert(1)\">x</a>").as_deref(),
            Some("JavaScript:alert(1)")
        );
        assert_eq!(
            script_url("<img src=\"java&#x09;script:x\">").as_deref(),
            Some("java\tscript:x")
        );
        assert_eq!(
            script_url("<a href=\"https://x.example/\">javascript:</a>"),
            None
        );
    }

    #[test]
    fn finds_the_missing_variable() {
        assert_eq!(
            missing_variable(
                "Variable `tittel` not found in context while rendering 'shortcodes/x.html'"
            ),
            Some("tittel")
        );
        assert_eq!(missing_variable("Something else"), None);
    }
}
