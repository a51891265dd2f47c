//! Splits a Markdown file into YAML front matter and body, and turns YAML into typed structs
//! with errors that point at the file, line and field, in Norwegian.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use serde::de::DeserializeOwned;
use std::path::Path;
use std::sync::Arc;

/// A file split at its front matter fences. Lines are 1-based lines of the whole file.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line of the first YAML line (the line after the opening `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// File line where the body starts.
    pub body_line: usize,
}

/// Normalises what editors' tools produce: a byte-order mark and CRLF line endings are accepted.
pub fn normalize_text(text: String) -> String {
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

pub fn split(text: &str) -> Option<Split<'_>> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---").filter(|r| r.trim().is_empty()))?;
    let mut offset = 0;
    for (line_count, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some(Split {
                yaml,
                yaml_line: 2,
                body,
                body_line: line_count + 3,
            });
        }
        offset += line.len();
    }
    None
}

/// A top-level key of a YAML mapping and the file line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyLine {
    pub key: String,
    pub line: usize,
}

/// Finds the top-level keys of block-style YAML by their position, so that problems with a
/// field can name its line even after serde has parsed it.
pub fn top_level_keys(yaml: &str, first_line: usize) -> Vec<KeyLine> {
    let mut keys = Vec::new();
    for (i, line) in yaml.lines().enumerate() {
        let starts_key = line
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '"' || c == '\'');
        if !starts_key {
            continue;
        }
        if let Some(colon) = find_key_colon(line) {
            let key = line[..colon].trim().trim_matches(['"', '\'']).to_string();
            keys.push(KeyLine {
                key,
                line: first_line + i,
            });
        }
    }
    keys
}

fn find_key_colon(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (0..bytes.len()).find(|&i| bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' '))
}

/// The file line of the first line at or after `from_line` that contains `needle`; used to
/// place a problem with a nested value (a requirement id) on its line.
pub fn line_of(text: &str, needle: &str, from_line: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from_line.saturating_sub(1))
        .find(|(_, line)| line.contains(needle))
        .map(|(i, _)| i + 1)
}

/// Where a YAML document comes from, for error messages.
pub struct YamlSource<'a> {
    pub display_path: &'a Path,
    pub file_text: &'a Arc<str>,
    pub yaml: &'a str,
    pub yaml_line: usize,
}

impl YamlSource<'_> {
    pub fn error(&self, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, message)
            .in_file(self.display_path)
            .with_source(self.file_text.clone())
    }

    /// Deserializes the YAML into `T`, translating serde's message into Norwegian and placing
    /// it on the right file line.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        let yaml = if self.yaml.trim().is_empty() {
            "{}"
        } else {
            self.yaml
        };
        serde_yaml_ng::from_str(yaml).map_err(|err| self.translate(&err))
    }

    fn translate(&self, err: &serde_yaml_ng::Error) -> Diagnostic {
        let raw = err.to_string();
        let message = strip_location_suffix(&raw);
        let (line, column) = match err.location() {
            Some(loc) => (self.yaml_line + loc.line() - 1, loc.column()),
            None => (self.yaml_line.saturating_sub(1).max(1), 1),
        };
        let (code, text, help) = describe_serde_error(message);
        // serde places errors raised by a value's own parser (dates, enums) at the start of
        // the mapping; the offending value itself is a better place.
        // A nested field's message starts with its path (`sources[0]`), which is no value.
        let skip_path = usize::from(text.starts_with('`'));
        let (line, column) = backticked(&text)
            .get(skip_path)
            .and_then(|value| self.locate_value(value, line))
            .unwrap_or((line, column));
        let mut diagnostic = self.error(code, text).at(line, column);
        if code == Code::FrontmatterMissingField {
            // serde places a missing field at the end of its mapping; the opening fence
            // is where an editor looks for it.
            if !message.contains('.') && !message.contains('[') {
                diagnostic = diagnostic.at(self.yaml_line - 1, 1);
            }
        }
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        diagnostic
    }
}

impl YamlSource<'_> {
    /// File line and column of the first `key: value` line at or after `from_line` whose value
    /// is `value`.
    fn locate_value(&self, value: &str, from_line: usize) -> Option<(usize, usize)> {
        if value.is_empty() {
            return None;
        }
        self.yaml.lines().enumerate().find_map(|(i, line)| {
            let file_line = self.yaml_line + i;
            if file_line < from_line {
                return None;
            }
            let (_, rest) = line.split_once(": ")?;
            let start = line.len() - rest.len();
            let trimmed = rest.trim().trim_matches(['"', '\'']);
            (trimmed == value).then(|| (file_line, line[..start].chars().count() + 1))
        })
    }
}

fn strip_location_suffix(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(pos) => &message[..pos],
        None => message,
    }
}

/// Turns serde's English messages into Norwegian ones an editor can act on.
fn describe_serde_error(message: &str) -> (Code, String, Option<String>) {
    let (path, detail) = match message.split_once(": ") {
        Some((path, detail))
            if !path.contains(' ') && !path.is_empty() && !detail.starts_with(' ') =>
        {
            (format!("`{path}`: "), detail)
        }
        _ => (String::new(), message),
    };
    if let Some(rest) = detail.strip_prefix("missing field ") {
        return (
            Code::FrontmatterMissingField,
            format!("{path}mangler påkrevd felt {rest}"),
            Some(format!("legg til {rest} i front matter")),
        );
    }
    if let Some(rest) = detail.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let field_name = field.trim_matches('`');
        let allowed = backticked(expected);
        let help = did_you_mean(field_name, &allowed)
            .map(|s| format!("mente du `{s}`?"))
            .or_else(|| {
                (!allowed.is_empty()).then(|| format!("tillatte felt: {}", allowed.join(", ")))
            });
        return (
            Code::FrontmatterUnknownField,
            format!("{path}ukjent felt {field}"),
            help,
        );
    }
    if let Some(rest) = detail.strip_prefix("unknown variant ") {
        let (value, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let allowed = backticked(expected);
        let hint = did_you_mean(value.trim_matches('`'), &allowed)
            .map(|s| format!("mente du `{s}`? "))
            .unwrap_or_default();
        return (
            Code::FrontmatterInvalidValue,
            format!("{path}ugyldig verdi {value}"),
            Some(format!("{hint}tillatte verdier: {}", allowed.join(", "))),
        );
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "annet"));
        return (
            Code::FrontmatterWrongType,
            format!(
                "{path}feil type: fant {}, forventet {}",
                translate_type(found),
                translate_type(expected)
            ),
            None,
        );
    }
    if detail.starts_with("ugyldig dato") {
        return (
            Code::FrontmatterInvalidDate,
            format!("{path}{detail}"),
            None,
        );
    }
    if let Some(explanation) = yaml_syntax_explanation(detail) {
        return (
            Code::FrontmatterInvalidYaml,
            format!("ugyldig YAML: {explanation} ({detail})"),
            Some("sjekk innrykk og kolon; tekst som inneholder «: » eller starter med spesialtegn må stå i anførselstegn".into()),
        );
    }
    (Code::FrontmatterInvalid, format!("{path}{detail}"), None)
}

/// Norwegian explanations of the YAML parser's syntax errors.
fn yaml_syntax_explanation(detail: &str) -> Option<&'static str> {
    const KNOWN: [(&str, &str); 8] = [
        ("mapping values are not allowed", "kolon på feil sted"),
        (
            "did not find expected key",
            "fant ikke et nytt felt der det var ventet; sjekk innrykket",
        ),
        (
            "did not find expected ',' or ']'",
            "listen mangler «,» eller avsluttende «]»",
        ),
        (
            "did not find expected ',' or '}'",
            "tabellen mangler «,» eller avsluttende «}»",
        ),
        (
            "found character that cannot start any token",
            "et tegn som ikke kan starte en verdi",
        ),
        (
            "found unexpected end of stream",
            "teksten slutter midt i en verdi",
        ),
        (
            "found a tab character",
            "tabulator i innrykk; bruk mellomrom",
        ),
        (
            "could not find expected ':'",
            "mangler kolon etter feltnavnet",
        ),
    ];
    KNOWN
        .iter()
        .find(|(english, _)| detail.contains(english))
        .map(|(_, nb)| *nb)
        .or_else(|| {
            (detail.contains("while parsing") || detail.contains("while scanning"))
                .then_some("feil i YAML-syntaksen")
        })
}

fn backticked(list: &str) -> Vec<String> {
    list.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

fn translate_type(text: &str) -> String {
    let text = text.trim();
    let replacements: [(&str, &str); 12] = [
        ("a string", "tekst"),
        ("string", "tekst"),
        ("a sequence", "en liste"),
        ("sequence", "en liste"),
        ("a map", "en tabell av nøkkel: verdi"),
        ("map", "en tabell av nøkkel: verdi"),
        ("a boolean", "true eller false"),
        ("boolean", "true eller false"),
        ("i64", "et heltall"),
        ("integer", "heltall"),
        ("floating point", "desimaltall"),
        ("unit value", "en tom verdi"),
    ];
    for (from, to) in replacements {
        if let Some(rest) = text.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    text.to_string()
}

/// Common Norwegian words editors use for English field names.
const NORWEGIAN_FIELD_NAMES: &[(&str, &str)] = &[
    ("tittel", "title"),
    ("beskrivelse", "description"),
    ("sammendrag", "description"),
    ("oppdatert", "updated"),
    ("dato", "date"),
    ("publisert", "date"),
    ("eier", "owner"),
    ("ansvarlig", "owner"),
    ("tilgang", "access"),
    ("kommuner", "municipalities"),
    ("fagomrade", "area"),
    ("fagområde", "area"),
    ("malgruppe", "audience"),
    ("målgruppe", "audience"),
    ("emneord", "tags"),
    ("type", "kind"),
];

/// The allowed name closest to `given`, if one is close enough to be a likely typo.
pub fn did_you_mean(given: &str, allowed: &[impl AsRef<str>]) -> Option<String> {
    let lower = given.to_lowercase();
    if let Some((_, english)) = NORWEGIAN_FIELD_NAMES.iter().find(|(nb, _)| *nb == lower)
        && allowed.iter().any(|a| a.as_ref() == *english)
    {
        return Some(english.to_string());
    }
    allowed
        .iter()
        .map(|a| (strsim::damerau_levenshtein(&lower, a.as_ref()), a.as_ref()))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).clamp(1, 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate.to_string())
}

/// The field names serde expects for a struct, read from its `Deserialize` implementation so
/// the list of allowed keys can never drift from the struct.
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut capture = FieldCapture { fields: &[] };
    let _ = T::deserialize(&mut capture);
    capture.fields
}

struct FieldCapture {
    fields: &'static [&'static str],
}

#[derive(Debug)]
struct Captured;

impl std::fmt::Display for Captured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("captured")
    }
}

impl std::error::Error for Captured {}

impl serde::de::Error for Captured {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Captured
    }
}

impl<'de> serde::Deserializer<'de> for &mut FieldCapture {
    type Error = Captured;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Captured> {
        Err(Captured)
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Captured> {
        self.fields = fields;
        Err(Captured)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// Reports top-level keys that are not in `allowed`, each on its own line, with a hint.
pub fn unknown_keys(
    source: &YamlSource<'_>,
    keys: &[KeyLine],
    allowed: &[&str],
) -> Vec<Diagnostic> {
    keys.iter()
        .filter(|k| !allowed.contains(&k.key.as_str()))
        .map(|k| {
            let diagnostic = source
                .error(
                    Code::FrontmatterUnknownField,
                    format!("ukjent felt `{}`", k.key),
                )
                .at(k.line, 1);
            match did_you_mean(&k.key, allowed) {
                Some(s) => diagnostic.with_help(format!("mente du `{s}`?")),
                None => diagnostic.with_help(format!("tillatte felt: {}", allowed.join(", "))),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let text = "---\ntitle: A\nowner: B\n---\n\nBody\n";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, "title: A\nowner: B\n");
        assert_eq!(split.body, "\nBody\n");
        assert_eq!(split.body_line, 5);
    }

    #[test]
    fn no_front_matter_is_none() {
        assert!(split("# Heading\n").is_none());
        assert!(split("---\ntitle: never closed\n").is_none());
    }

    #[test]
    fn normalizes_bom_and_crlf() {
        assert_eq!(
            normalize_text("\u{feff}---\r\na: 1\r\n".into()),
            "---\na: 1\n"
        );
    }

    #[test]
    fn finds_top_level_keys_with_lines() {
        let keys = top_level_keys("title: A\nroles:\n  tjenesteeier: X\n# c\nowner: B\n", 2);
        let names: Vec<_> = keys.iter().map(|k| (k.key.as_str(), k.line)).collect();
        assert_eq!(names, vec![("title", 2), ("roles", 3), ("owner", 6)]);
    }

    #[test]
    fn suggests_close_names_and_norwegian_synonyms() {
        let allowed = ["title", "description", "owner", "updated"];
        assert_eq!(did_you_mean("titel", &allowed).as_deref(), Some("title"));
        assert_eq!(
            did_you_mean("oppdatert", &allowed).as_deref(),
            Some("updated")
        );
        assert_eq!(did_you_mean("zzz", &allowed), None);
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Sample {
        alpha: String,
        #[serde(rename = "beta_gamma")]
        beta: u32,
    }

    #[test]
    fn reads_field_names_from_deserialize() {
        assert_eq!(field_names::<Sample>(), &["alpha", "beta_gamma"]);
    }

    #[test]
    fn type_errors_are_norwegian_and_located() {
        let text: Arc<str> = "---\nalpha: x\nbeta_gamma: [1]\n---\n".into();
        let source = YamlSource {
            display_path: Path::new("content/a.md"),
            file_text: &text,
            yaml: "alpha: x\nbeta_gamma: [1]\n",
            yaml_line: 2,
        };
        let err = source.parse::<Sample>().err().unwrap();
        assert_eq!(err.line, 3, "{err:?}");
        assert!(err.message.contains("feil type"), "{}", err.message);
        assert!(err.message.contains("en liste"), "{}", err.message);
    }
}
