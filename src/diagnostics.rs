//! Problems found in a site, each with the file, line and column it concerns, shown as
//! miette diagnostics with a snippet of the source. Every stage collects them so that a build
//! reports all of its problems at once.

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    NamedSource, SourceCode,
};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Information that needs no action, such as «no Git history, dates come from
    /// `updated` only». Never fails a build, not even with `check --strict`.
    Note,
}

impl Severity {
    /// The machine name used in `--format json`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One problem, located in a file where possible. Boxed, so results carrying one stay small.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", .0.message)]
pub struct Diagnostic(Box<Details>);

/// What a [`Diagnostic`] says; read through `Deref` (`diagnostic.line`).
#[derive(Debug, Clone)]
pub struct Details {
    pub severity: Severity,
    /// A stable, short machine name such as `frontmatter::unknown-field`.
    pub code: &'static str,
    /// Path as the user knows it, relative to the site root (`content/tjenester/x.md`).
    pub file: Option<PathBuf>,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    /// Characters the problem spans from `column`; 0 means to the end of the line.
    pub span_chars: usize,
    pub message: String,
    pub help: Option<String>,
    source_text: Option<Arc<str>>,
}

impl std::ops::Deref for Diagnostic {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.0
    }
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic(Box::new(Details {
            severity: Severity::Error,
            code,
            file: None,
            line: 0,
            column: 0,
            span_chars: 0,
            message: message.into(),
            help: None,
            source_text: None,
        }))
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, message).with_severity(Severity::Warning)
    }

    pub fn note(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, message).with_severity(Severity::Note)
    }

    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.0.severity = severity;
        self
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Diagnostic {
        self.0.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.0.line = line;
        self.0.column = column;
        self
    }

    /// Limits the highlighted part of the line to `chars` characters.
    pub fn spanning(mut self, chars: usize) -> Diagnostic {
        self.0.span_chars = chars;
        self
    }

    /// Attaches the file's text so the report can show the offending line.
    pub fn with_source(mut self, text: Arc<str>) -> Diagnostic {
        self.0.source_text = Some(text);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.0.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `content/x.md:3:5`, or as much of it as is known.
    pub fn location(&self) -> String {
        match (&self.file, self.line, self.column) {
            (None, _, _) => String::new(),
            (Some(file), 0, _) => file.display().to_string(),
            (Some(file), line, 0) => format!("{}:{line}", file.display()),
            (Some(file), line, column) => format!("{}:{line}:{column}", file.display()),
        }
    }

    fn byte_span(&self) -> Option<(usize, usize)> {
        let text = self.source_text.as_deref()?;
        if self.line == 0 {
            return None;
        }
        let line_start = text
            .split_inclusive('\n')
            .take(self.line - 1)
            .map(str::len)
            .sum::<usize>();
        if line_start > text.len() {
            return None;
        }
        let line_text = text[line_start..].split('\n').next().unwrap_or("");
        let column_offset = line_text
            .char_indices()
            .nth(self.column.saturating_sub(1))
            .map(|(i, _)| i)
            .unwrap_or(0);
        let rest = &line_text[column_offset..];
        let rest = match self.span_chars {
            0 => rest,
            n => {
                &rest[..rest
                    .char_indices()
                    .nth(n)
                    .map(|(i, _)| i)
                    .unwrap_or(rest.len())]
            }
        };
        let len = rest.trim_end().len().max(1).min(rest.len().max(1));
        Some((
            line_start + column_offset,
            len.min(text.len() - line_start - column_offset),
        ))
    }

    /// A plain one-line form, `feil: content/x.md:3:5: message`, used in logs and in the
    /// live-preview overlay.
    pub fn one_line(&self) -> String {
        let level = match self.severity {
            Severity::Error => "feil",
            Severity::Warning => "advarsel",
            Severity::Note => "merk",
        };
        let location = self.location();
        let mut out = if location.is_empty() {
            format!("{level}: {}", self.message)
        } else {
            format!("{level}: {location}: {}", self.message)
        };
        if let Some(help) = &self.help {
            out.push_str(&format!(" (tips: {help})"));
        }
        out
    }

    /// The full report with a source snippet, as printed in the terminal.
    pub fn render(&self, color: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let mut out = String::new();
        let report = Rendered {
            diagnostic: self,
            source: self.source_text.as_ref().map(|text| {
                NamedSource::new(self.location_file_name(), text.clone()).with_language("yaml")
            }),
        };
        if GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .render_report(&mut out, &report)
            .is_err()
        {
            return self.one_line();
        }
        if self.byte_span().is_none() && !self.location().is_empty() {
            // Without a snippet miette shows no location, so name it in the first line.
            return format!("{}\n{out}", self.one_line());
        }
        out
    }

    fn location_file_name(&self) -> String {
        self.file
            .as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_default()
    }
}

struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<NamedSource<Arc<str>>>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.fmt(f)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl MietteDiagnostic for Rendered<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.diagnostic.byte_span()?;
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (offset, len) = self.diagnostic.byte_span()?;
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some("her".to_string()),
            offset,
            len,
        ))))
    }
}

/// All diagnostics of a build, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Errors first, then by file and line, so the report reads like the file tree.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.column).cmp(&(b.severity, &b.file, b.line, b.column))
        });
        items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// How `check` prints its diagnostics (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The terminal report with source snippets (standard error).
    #[default]
    Human,
    /// JSON Lines: one JSON object per diagnostic per line.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`), shown on the line in a
    /// pull request.
    Github,
    /// A GitLab Code Quality report (one JSON array), shown in a merge request.
    Gitlab,
}

impl Diagnostics {
    /// With `check --strict`: every warning becomes an error. Notes stay notes.
    pub fn strict(self) -> Diagnostics {
        self.items
            .into_iter()
            .map(|d| match d.severity {
                Severity::Warning => d.with_severity(Severity::Error),
                _ => d,
            })
            .collect()
    }
}

/// The diagnostics in a machine-readable `format` (not [`Format::Human`], which
/// [`Diagnostic::render`] prints one at a time). Ends with a newline unless empty.
pub fn machine_report<'a>(
    format: Format,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
) -> String {
    let items: Vec<&Diagnostic> = diagnostics.into_iter().collect();
    match format {
        Format::Human => items
            .iter()
            .map(|d| d.one_line() + "\n")
            .collect::<String>(),
        Format::Json => items.iter().map(|d| json_object(d) + "\n").collect(),
        Format::Github => items.iter().map(|d| github_command(d) + "\n").collect(),
        Format::Gitlab => {
            let mut seen: std::collections::HashMap<String, usize> = Default::default();
            let entries: Vec<GitlabIssue> = items
                .iter()
                .map(|d| {
                    let path = d.file.as_ref().map(|f| f.display().to_string());
                    let key = format!("{}\u{1f}{:?}\u{1f}{}", d.code, path, d.message);
                    let n = seen.entry(key.clone()).or_default();
                    *n += 1;
                    GitlabIssue {
                        description: gitlab_description(d),
                        check_name: d.code,
                        fingerprint: fingerprint(&format!("{key}\u{1f}{n}")),
                        severity: match d.severity {
                            Severity::Error => "major",
                            Severity::Warning => "minor",
                            Severity::Note => "info",
                        },
                        location: GitlabLocation {
                            path: path.unwrap_or_else(|| ".".into()),
                            lines: GitlabLines {
                                begin: d.line.max(1),
                            },
                        },
                    }
                })
                .collect();
            let mut out = serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".into());
            out.push('\n');
            out
        }
    }
}

/// One problem as a line of `--format json`.
#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    code: &'static str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

/// One entry of GitLab's code quality report.
#[derive(serde::Serialize)]
struct GitlabIssue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: GitlabLocation,
}

#[derive(serde::Serialize)]
struct GitlabLocation {
    path: String,
    lines: GitlabLines,
}

#[derive(serde::Serialize)]
struct GitlabLines {
    begin: usize,
}

fn json_object(d: &Diagnostic) -> String {
    let known = |n: usize| (n > 0).then_some(n);
    serde_json::to_string(&JsonDiagnostic {
        severity: d.severity.name(),
        code: d.code,
        file: d
            .file
            .as_ref()
            .map(|f| f.display().to_string().replace('\\', "/")),
        line: known(d.line),
        column: known(d.column),
        message: &d.message,
        help: d.help.as_deref(),
    })
    // Only strings and numbers: serializing cannot fail; an empty object keeps one line per problem.
    .unwrap_or_else(|_| "{}".into())
}

fn gitlab_description(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{} (tips: {help})", d.message),
        None => d.message.clone(),
    }
}

/// GitHub's escaping of a workflow command's message.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping of a workflow command's property values.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn github_command(d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties = Vec::new();
    if let Some(file) = &d.file {
        properties.push(format!(
            "file={}",
            github_property(&file.display().to_string().replace('\\', "/"))
        ));
        if d.line > 0 {
            properties.push(format!("line={}", d.line));
        }
        if d.column > 0 {
            properties.push(format!("col={}", d.column));
        }
    }
    properties.push(format!("title={}", github_property(d.code)));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nTips: {help}"));
    }
    format!(
        "::{command} {}::{}",
        properties.join(","),
        github_data(&message)
    )
}

/// A stable identifier of a problem for GitLab, which uses it to tell new problems in a merge
/// request from old ones; FNV-1a, so it does not change between Rust versions.
fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_report_names_file_line_and_shows_the_line() {
        let text: Arc<str> = "---\ntitel: Hei\n---\n".into();
        let d = Diagnostic::error("frontmatter::unknown-field", "ukjent felt `titel`")
            .in_file("content/a.md")
            .at(2, 1)
            .with_source(text)
            .with_help("mente du `title`?");
        let out = d.render(false);
        assert!(out.contains("content/a.md:2:1"), "{out}");
        assert!(out.contains("titel: Hei"), "{out}");
        assert!(out.contains("mente du `title`?"), "{out}");
    }

    #[test]
    fn report_without_source_still_names_the_file() {
        let d = Diagnostic::error("io", "kunne ikke lese filen").in_file("content/b.md");
        assert!(d.render(false).contains("content/b.md"));
        assert_eq!(d.one_line(), "feil: content/b.md: kunne ikke lese filen");
    }

    fn sample() -> Vec<Diagnostic> {
        vec![
            Diagnostic::warning("a11y::image-alt", "bildet mangler alternativ tekst")
                .in_file("content/a.md")
                .at(7, 3)
                .with_help("skriv hva bildet viser, 50% av tiden: ![Skjermbilde](bilde.png)"),
            Diagnostic::error(
                "config::missing",
                "kunne ikke lese site.yaml, sjekk: mappen",
            ),
        ]
    }

    #[test]
    fn json_is_one_object_per_line() {
        let out = machine_report(Format::Json, &sample());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(first["severity"], "warning");
        assert_eq!(first["code"], "a11y::image-alt");
        assert_eq!(first["file"], "content/a.md");
        assert_eq!(first["line"], 7);
        assert_eq!(first["column"], 3);
        assert!(first["help"].as_str().unwrap().contains("Skjermbilde"));
        let second: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(second["file"], serde_json::Value::Null);
        assert_eq!(second["line"], serde_json::Value::Null);
    }

    #[test]
    fn github_commands_escape_their_parts() {
        let out = machine_report(Format::Github, &sample());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "::warning file=content/a.md,line=7,col=3,title=a11y%3A%3Aimage-alt::bildet mangler alternativ tekst%0ATips: skriv hva bildet viser, 50%25 av tiden: ![Skjermbilde](bilde.png)"
        );
        assert!(lines[1].starts_with(
            "::error title=config%3A%3Amissing::kunne ikke lese site.yaml, sjekk: mappen"
        ));
    }

    #[test]
    fn gitlab_report_is_a_code_quality_array_with_unique_fingerprints() {
        let mut items = sample();
        items.push(items[0].clone());
        let out = machine_report(Format::Gitlab, &items);
        let report: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        assert_eq!(report.len(), 3);
        assert_eq!(report[0]["check_name"], "a11y::image-alt");
        assert_eq!(report[0]["severity"], "minor");
        assert_eq!(report[0]["location"]["path"], "content/a.md");
        assert_eq!(report[0]["location"]["lines"]["begin"], 7);
        assert_eq!(report[1]["severity"], "major");
        assert_ne!(report[0]["fingerprint"], report[2]["fingerprint"]);
        assert_eq!(
            report[0]["fingerprint"],
            serde_json::from_str::<Vec<serde_json::Value>>(&machine_report(
                Format::Gitlab,
                &sample()
            ))
            .unwrap()[0]["fingerprint"],
            "the same problem keeps its fingerprint"
        );
    }

    #[test]
    fn strict_makes_warnings_errors_but_not_notes() {
        let mut all: Diagnostics = sample().into_iter().collect();
        all.push(Diagnostic::note("git::unavailable", "ingen historikk"));
        assert_eq!(all.warning_count(), 1);
        let strict = all.strict();
        assert_eq!(strict.error_count(), 2);
        assert_eq!(strict.warning_count(), 0);
        assert!(strict.iter().any(|d| d.severity == Severity::Note));
    }
}
