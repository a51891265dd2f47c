//! The diagnostics of `check --format json|github|gitlab`: one JSON object per line, GitHub
//! Actions workflow commands, or a GitLab Code Quality report. The terminal report is
//! [`Diagnostic::render`].

use super::{Code, Diagnostic, Severity};

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
                        check_name: d.code.as_str(),
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
    code: Code,
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
    properties.push(format!("title={}", github_property(d.code.as_str())));
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
pub(super) mod tests {
    use super::*;

    pub(in crate::diagnostics) fn sample() -> Vec<Diagnostic> {
        vec![
            Diagnostic::warning(Code::A11yImageAlt, "bildet mangler alternativ tekst")
                .in_file("content/a.md")
                .at(7, 3)
                .with_help("skriv hva bildet viser, 50% av tiden: ![Skjermbilde](bilde.png)"),
            Diagnostic::error(
                Code::ConfigMissing,
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
        assert_eq!(first["code"], Code::A11yImageAlt.as_str());
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
        assert_eq!(report[0]["check_name"], Code::A11yImageAlt.as_str());
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
}
