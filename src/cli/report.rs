//! Runs a build or a check and reports how it went: the diagnostics in the format asked for
//! and a summary line, with the exit code CI and scripts rely on.

use kompetanse::diagnostics::{Diagnostic, Format, count_warnings};
use kompetanse::{BuildFailure, BuildOptions, Mode, build};
use std::io::IsTerminal;
use std::process::ExitCode;

fn print_diagnostics<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>, format: Format) {
    if format != Format::Human {
        // Machine formats alone on standard output, so they can be redirected to a file; a
        // CI log still shows each problem on standard error (GitHub's commands are the log).
        let diagnostics: Vec<&Diagnostic> = diagnostics.into_iter().collect();
        if format != Format::Github {
            for d in &diagnostics {
                eprintln!("{}", d.one_line());
            }
        }
        print!(
            "{}",
            kompetanse::diagnostics::machine_report(format, diagnostics)
        );
        return;
    }
    let color = std::io::stderr().is_terminal();
    for d in diagnostics {
        eprintln!("{}", d.render(color));
    }
}

/// How `check` reports (`--strict`, `--format`); `build` uses the default.
#[derive(Clone, Copy, Default)]
pub struct Reporting {
    pub strict: bool,
    pub format: Format,
}

pub fn run_build(options: BuildOptions, show_timings: bool, reporting: Reporting) -> ExitCode {
    let format = reporting.format;
    // The summary goes where it cannot spoil a machine-readable report.
    let say = |text: String| {
        if format == Format::Human {
            println!("{text}");
        } else {
            eprintln!("{text}");
        }
    };
    let mut result = build(&options);
    if reporting.strict {
        result = match result {
            Ok(summary) if summary.diagnostics.warning_count() > 0 => Err(BuildFailure::Content(
                std::mem::take(&mut { summary }.diagnostics).strict(),
            )),
            Err(BuildFailure::Content(all)) => Err(BuildFailure::Content(all.strict())),
            other => other,
        };
    }
    match result {
        Ok(summary) => {
            if show_timings {
                for (stage, time) in &summary.timings.stages {
                    eprintln!("{stage:>16}: {:7.1} ms", time.as_secs_f64() * 1000.0);
                }
            }
            print_diagnostics(summary.diagnostics.sorted(), format);
            let verb = if options.mode == Mode::Check {
                "Kontrollerte"
            } else {
                "Bygget"
            };
            say(format!(
                "{verb} {} sider og {} seksjoner ({}) på {:.2} s{}",
                summary.pages,
                summary.sections,
                options.target.name(),
                summary.elapsed.as_secs_f64(),
                if options.mode == Mode::Build {
                    format!(" → {} ({} filer)", options.output.display(), summary.files)
                } else {
                    String::new()
                }
            ));
            if summary.diagnostics.warning_count() > 0 {
                say(count_warnings(summary.diagnostics.warning_count()));
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let diagnostics = failure.diagnostics();
            print_diagnostics(diagnostics.iter().copied(), format);
            if let BuildFailure::Content(all) = &failure {
                if options.mode == Mode::Check {
                    eprintln!(
                        "Kontrollen feilet: {} feil, {}{}.",
                        all.error_count(),
                        count_warnings(all.warning_count()),
                        if reporting.strict {
                            " (med --strict regnes advarsler som feil)"
                        } else {
                            ""
                        }
                    );
                } else {
                    eprintln!(
                        "Bygget feilet: {} feil, {}. Ingenting ble skrevet; forrige versjon av {} er urørt.",
                        all.error_count(),
                        count_warnings(all.warning_count()),
                        options.output.display()
                    );
                }
            }
            ExitCode::from(failure.exit_code() as u8)
        }
    }
}
