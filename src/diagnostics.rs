//! Problems found in a site, each with the file, line and column it concerns, shown as
//! miette diagnostics with a snippet of the source. Every stage collects them so that a build
//! reports all of its problems at once.

mod code;
mod machine;
pub use code::Code;
pub use machine::{Format, machine_report};

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
    /// What kind of problem it is (`frontmatter::unknown-field`).
    pub code: Code,
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
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
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

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, message).with_severity(Severity::Warning)
    }

    pub fn note(code: Code, message: impl Into<String>) -> Diagnostic {
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

    /// `content/x.md:3:5`, or as much of it as is known; control characters in the file name
    /// are shown escaped, never sent to the terminal.
    pub fn location(&self) -> String {
        let file = |f: &Path| printable(&f.display().to_string()).into_owned();
        match (&self.file, self.line, self.column) {
            (None, _, _) => String::new(),
            (Some(f), 0, _) => file(f),
            (Some(f), line, 0) => format!("{}:{line}", file(f)),
            (Some(f), line, column) => format!("{}:{line}:{column}", file(f)),
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
        let message = printable(&self.message);
        let mut out = if location.is_empty() {
            format!("{level}: {message}")
        } else {
            format!("{level}: {location}: {message}")
        };
        if let Some(help) = &self.help {
            out.push_str(&format!(" (tips: {})", printable(help)));
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
        // The snippet's header is our own `file:line:column`: miette counts columns in bytes,
        // and `--format json` and `github` count characters.
        let report = Rendered {
            diagnostic: self,
            source: self.source_text.as_ref().map(|text| {
                NamedSource::new(self.location(), printable_source(text)).with_language("yaml")
            }),
        };
        // A message without a snippet stays on one line, so it can be searched for whole.
        let width = if self.byte_span().is_some() {
            100
        } else {
            10_000
        };
        if GraphicalReportHandler::new_themed(theme)
            .with_width(width)
            .without_primary_span_start()
            .render_report(&mut out, &report)
            .is_err()
        {
            return self.one_line();
        }
        // miette's label is English; the one-line form says «tips» too.
        out.replace("  help: ", "  tips: ")
    }
}

/// Text with its control characters (escape sequences, NUL …) shown as `\u{1b}`, so a file
/// name or value cannot move the cursor or recolour the terminal.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if is_unprintable(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

fn is_unprintable(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// A source file for a snippet with control characters replaced by `?` of the same length in
/// bytes, so the snippet's offsets still hold.
fn printable_source(text: &Arc<str>) -> Arc<str> {
    if !text.chars().any(is_unprintable) {
        return text.clone();
    }
    text.chars()
        .map(|c| {
            if is_unprintable(c) && c != '\r' {
                "?".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// `1 advarsel`, `2 advarsler`.
pub fn count_warnings(n: usize) -> String {
    if n == 1 {
        "1 advarsel".into()
    } else {
        format!("{n} advarsler")
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
        let location = self.diagnostic.location();
        if self.diagnostic.byte_span().is_none() && !location.is_empty() {
            // Without a snippet miette shows no location, so the message names it.
            write!(f, "{location}: ")?;
        }
        f.write_str(&printable(&self.diagnostic.message))
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
            .map(|h| Box::new(printable(h).into_owned()) as Box<dyn fmt::Display>)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_report_names_file_line_and_shows_the_line() {
        let text: Arc<str> = "---\ntitel: Hei\n---\n".into();
        let d = Diagnostic::error(Code::FrontmatterUnknownField, "ukjent felt `titel`")
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
    fn human_report_says_tips_and_counts_columns_in_characters() {
        let text: Arc<str> = "---\ntitle: Bytte æøå\nkind: artikel\næøå: x\n---\n".into();
        let d = Diagnostic::error(Code::FrontmatterInvalidValue, "ugyldig verdi")
            .in_file("content/a.md")
            .at(4, 6)
            .with_source(text)
            .with_help("mente du `artikkel`?");
        let out = d.render(false);
        assert!(out.contains("[content/a.md:4:6]"), "{out}");
        assert!(out.contains("tips: mente du"), "{out}");
        assert!(!out.contains("help:"), "{out}");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let text: Arc<str> = "---\ntitle: a\u{1b}[2Jb\n---\n".into();
        let d = Diagnostic::error(Code::LoadIo, "feil i \u{1b}]0;x\u{7}")
            .in_file("content/\u{1b}[31mrød.md")
            .at(2, 1)
            .with_source(text)
            .with_help("\u{9b}31m");
        for out in [d.render(false), d.one_line()] {
            assert!(
                !out.contains('\u{1b}') && !out.contains('\u{9b}') && !out.contains('\u{7}'),
                "{out:?}"
            );
            assert!(out.contains("\\u{1b}[31mrød.md"), "{out}");
        }
        assert_eq!(count_warnings(1), "1 advarsel");
        assert_eq!(count_warnings(2), "2 advarsler");
    }

    #[test]
    fn report_without_source_still_names_the_file() {
        let d = Diagnostic::error(Code::LoadIo, "kunne ikke lese filen").in_file("content/b.md");
        let out = d.render(false);
        assert!(out.contains("content/b.md: kunne ikke lese filen"), "{out}");
        assert_eq!(out.matches("kunne ikke lese").count(), 1, "once: {out}");
        assert_eq!(d.one_line(), "feil: content/b.md: kunne ikke lese filen");
    }

    #[test]
    fn strict_makes_warnings_errors_but_not_notes() {
        let mut all: Diagnostics = machine::tests::sample().into_iter().collect();
        all.push(Diagnostic::note(Code::GitUnavailable, "ingen historikk"));
        assert_eq!(all.warning_count(), 1);
        let strict = all.strict();
        assert_eq!(strict.error_count(), 2);
        assert_eq!(strict.warning_count(), 0);
        assert!(strict.iter().any(|d| d.severity == Severity::Note));
    }
}
