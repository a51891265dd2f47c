//! The `kompetanse` command line.

use clap::{Parser, Subcommand, ValueEnum};
use kompetanse::config::Config;
use kompetanse::date::Date;
use kompetanse::diagnostics::{Diagnostic, Format};
use kompetanse::{BuildFailure, BuildOptions, Mode, Target, build};
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

// The build allocates many small strings from several threads; mimalloc handles that far
// better than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "kompetanse",
    version,
    about = "Bygger Kompetanseportalen: et statisk, søkbart nettsted fra Markdown"
)]
struct Cli {
    /// Nettstedets rotmappe (der site.yaml ligger)
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum TargetArg {
    /// Bare sider med access: public (ror-ikt.no)
    Public,
    /// Alle sider (ansattportalen)
    Internal,
}

impl From<TargetArg> for Target {
    fn from(t: TargetArg) -> Target {
        match t {
            TargetArg::Public => Target::Public,
            TargetArg::Internal => Target::Internal,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Lesbar rapport med utdrag av kildeteksten (standard feil)
    Human,
    /// Ett JSON-objekt per linje (JSON Lines) på standard ut
    Json,
    /// Arbeidsflytkommandoer for GitHub Actions (::error file=…,line=…::…)
    Github,
    /// Code Quality-rapport for GitLab (JSON-liste)
    Gitlab,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
            FormatArg::Gitlab => Format::Gitlab,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Bygg nettstedet til public/ (eller --output)
    Build {
        /// Utdatamappe
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Ta med sider merket draft: true
        #[arg(long)]
        drafts: bool,
        /// Hvem bygget er for
        #[arg(long, value_enum, default_value = "internal")]
        target: TargetArg,
        /// Skriv ut tiden hvert trinn i bygget tok
        #[arg(long)]
        timings: bool,
    },
    /// Kjør alle kontroller i et bygg uten å skrive noe
    Check {
        #[arg(long)]
        drafts: bool,
        #[arg(long, value_enum, default_value = "internal")]
        target: TargetArg,
        /// Regn advarsler som feil (avslutter med 1), for CI
        #[arg(long)]
        strict: bool,
        /// Utformat for feil og advarsler
        #[arg(long, value_enum, default_value = "human")]
        format: FormatArg,
    },
    /// Forhåndsvis nettstedet i nettleseren; bygger på nytt og oppdaterer siden ved endringer
    Serve {
        /// Porten serveren lytter på (0 velger en ledig port)
        #[arg(long, default_value_t = kompetanse::serve::DEFAULT_PORT)]
        port: u16,
        /// Åpne forhåndsvisningen i nettleseren
        #[arg(long)]
        open: bool,
        /// Adressen serveren lytter på; standard er bare denne maskinen
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Ta med sider merket draft: true
        #[arg(long)]
        drafts: bool,
        /// Hvem bygget er for
        #[arg(long, value_enum, default_value = "internal")]
        target: TargetArg,
    },
    /// Lag en ny side fra malen for en innholdstype
    New {
        /// artikkel, nyhet, tjeneste, krav, beredskapsplan, behandling eller begrep
        kind: String,
        /// Filsti, f.eks. content/selvhjelp/konto-og-innlogging/ny-side.md
        path: PathBuf,
    },
}

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
struct Reporting {
    strict: bool,
    format: Format,
}

fn run_build(options: BuildOptions, show_timings: bool, reporting: Reporting) -> ExitCode {
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
                say(format!("{} advarsler", summary.diagnostics.warning_count()));
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let diagnostics = failure.diagnostics();
            print_diagnostics(diagnostics.iter().copied(), format);
            if let BuildFailure::Content(all) = &failure {
                if options.mode == Mode::Check {
                    eprintln!(
                        "Kontrollen feilet: {} feil, {} advarsler{}.",
                        all.error_count(),
                        all.warning_count(),
                        if reporting.strict {
                            " (med --strict regnes advarsler som feil)"
                        } else {
                            ""
                        }
                    );
                } else {
                    eprintln!(
                        "Bygget feilet: {} feil, {} advarsler. Ingenting ble skrevet; forrige versjon av {} er urørt.",
                        all.error_count(),
                        all.warning_count(),
                        options.output.display()
                    );
                }
            }
            ExitCode::from(failure.exit_code() as u8)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root;
    match cli.command {
        Command::Build {
            output,
            drafts,
            target,
            timings,
        } => {
            let mut options = BuildOptions::new(&root);
            options.output = output.unwrap_or_else(|| root.join("public"));
            options.drafts = drafts;
            options.target = target.into();
            options.progress = true;
            run_build(options, timings, Reporting::default())
        }
        Command::Check {
            drafts,
            target,
            strict,
            format,
        } => {
            let mut options = BuildOptions::new(&root);
            options.drafts = drafts;
            options.target = target.into();
            options.mode = Mode::Check;
            let reporting = Reporting {
                strict,
                format: format.into(),
            };
            run_build(options, false, reporting)
        }
        Command::Serve {
            port,
            open,
            bind,
            drafts,
            target,
        } => {
            let mut options = kompetanse::serve::ServeOptions::new(&root);
            options.port = port;
            options.open = open;
            options.bind = bind;
            options.drafts = drafts;
            options.target = target.into();
            match kompetanse::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("{}", err.render(std::io::stderr().is_terminal()));
                    ExitCode::from(2)
                }
            }
        }
        Command::New { kind, path } => {
            let theme = Config::load(&root)
                .map(|c| c.theme)
                .unwrap_or_else(|_| "default".into());
            match kompetanse::new::new_page(&root, &theme, &kind, &path, Date::today()) {
                Ok(path) => {
                    println!("Laget {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("feil: {err}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
