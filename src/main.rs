//! The `kompetanse` command line.

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use kompetanse::config::Config;
use kompetanse::date::Date;
use kompetanse::diagnostics::Diagnostic;
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
    about = "Bygger statiske, søkbare nettsteder fra Markdown (som Kompetanseportalen)",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    arg_required_else_help = true
)]
struct Cli {
    /// Nettstedets rotmappe (der site.yaml ligger)
    #[arg(long, global = true, default_value = ".", value_name = "MAPPE")]
    root: PathBuf,
    /// Vis hjelpen (-h gir et sammendrag)
    #[arg(short = 'h', long = "help", global = true, action = ArgAction::Help)]
    help: Option<bool>,
    /// Vis versjonen
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum TargetArg {
    /// Bare sider med access: public, for det offentlige nettstedet
    Public,
    /// Alle sider, for ansattportalen
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

#[derive(Subcommand)]
enum Command {
    /// Bygg nettstedet til public/ (eller --output)
    Build {
        /// Utdatamappe; erstattes helt. Må ikke ligge i kildemappene eller være en fil
        #[arg(long, short, value_name = "MAPPE")]
        output: Option<PathBuf>,
        /// Erstatt en utdatamappe som ikke er tom og ikke er laget av kompetanse
        #[arg(long)]
        force: bool,
        /// Ta med sider merket draft: true
        #[arg(long)]
        drafts: bool,
        /// Hvem bygget er for
        #[arg(long, value_enum, default_value = "internal", value_name = "MÅL")]
        target: TargetArg,
        /// Skriv ut tiden hvert trinn i bygget tok
        #[arg(long)]
        timings: bool,
    },
    /// Kjør alle kontroller i et bygg uten å skrive noe
    Check {
        /// Ta med sider merket draft: true
        #[arg(long)]
        drafts: bool,
        /// Hvem bygget er for
        #[arg(long, value_enum, default_value = "internal", value_name = "MÅL")]
        target: TargetArg,
    },
    /// Forhåndsvis nettstedet i nettleseren; bygger på nytt og oppdaterer siden ved endringer
    Serve {
        /// Porten serveren lytter på (0 velger en ledig port)
        #[arg(long, default_value_t = kompetanse::serve::DEFAULT_PORT, value_name = "PORT")]
        port: u16,
        /// Åpne forhåndsvisningen i nettleseren
        #[arg(long)]
        open: bool,
        /// Adressen serveren lytter på; standard er bare denne maskinen
        #[arg(long, default_value = "127.0.0.1", value_name = "ADRESSE")]
        bind: IpAddr,
        /// Ta med sider merket draft: true
        #[arg(long)]
        drafts: bool,
        /// Hvem bygget er for
        #[arg(long, value_enum, default_value = "internal", value_name = "MÅL")]
        target: TargetArg,
    },
    /// Lag en ny side fra malen for en innholdstype
    New {
        /// artikkel, nyhet, tjeneste, krav, beredskapsplan, behandling eller begrep
        #[arg(value_name = "TYPE")]
        kind: String,
        /// Filsti, f.eks. content/selvhjelp/konto-og-innlogging/ny-side.md
        #[arg(value_name = "STI")]
        path: PathBuf,
    },
    /// Lag et nytt nettsted med eksempelsider i en tom mappe
    Init {
        /// Mappen nettstedet lages i (lages om den ikke finnes; standard er --root)
        #[arg(value_name = "MAPPE")]
        folder: Option<PathBuf>,
    },
    /// Arbeid med temaet (maler, stiler og skript)
    Theme {
        #[command(subcommand)]
        action: ThemeCommand,
    },
    /// Vis hjelpen for kommandoen, f.eks. `kompetanse help build`
    Help {
        /// Kommandoen du vil ha hjelp til
        #[arg(value_name = "KOMMANDO")]
        command: Vec<String>,
    },
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Kopier det innebygde temaet til themes/default/ så du kan endre det
    Eject {
        /// Overskriv temafiler som allerede finnes i themes/default/
        #[arg(long)]
        force: bool,
    },
}

/// clap's command with every text it writes itself in Norwegian: headings, the usage line,
/// defaults and possible values.
fn norwegian_command() -> clap::Command {
    let mut cmd = localize(Cli::command());
    cmd.build();
    set_usage(&mut cmd);
    cmd
}

const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\nBruk: {usage}\n\n{all-args}{after-help}";

fn localize(cmd: clap::Command) -> clap::Command {
    cmd.help_template(HELP_TEMPLATE)
        .disable_help_flag(true)
        .subcommand_help_heading("Kommandoer")
        .subcommand_value_name("KOMMANDO")
        .mut_args(|arg| {
            let heading = if arg.is_positional() {
                "Argumenter"
            } else {
                "Valg"
            };
            let mut extra = Vec::new();
            let values = arg.get_possible_values();
            if !values.is_empty() && arg.get_action().takes_values() {
                let list = values
                    .iter()
                    .map(|v| match v.get_help() {
                        Some(help) => {
                            format!("{} ({})", v.get_name(), help.to_string().to_lowercase())
                        }
                        None => v.get_name().to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                extra.push(format!("mulige verdier: {list}"));
            }
            let defaults = arg.get_default_values();
            if !defaults.is_empty() && arg.get_action().takes_values() {
                let list = defaults
                    .iter()
                    .map(|d| d.to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join(", ");
                extra.push(format!("standard: {list}"));
            }
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            let help = if extra.is_empty() {
                help
            } else {
                format!("{help} [{}]", extra.join("; "))
            };
            let takes_values = arg.get_action().takes_values();
            arg.help_heading(heading)
                .hide_default_value(takes_values)
                .hide_possible_values(takes_values)
                .help(help)
        })
        .mut_subcommands(localize)
}

/// The usage line with Norwegian placeholders (clap writes `[OPTIONS]`).
fn set_usage(cmd: &mut clap::Command) {
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[VALG]");
    *cmd = std::mem::take(cmd).override_usage(usage);
    for sub in cmd.get_subcommands_mut() {
        set_usage(sub);
    }
}

/// A clap error (wrong use of the command line) in Norwegian, with the usage line.
fn norwegian_error(err: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |kind: ContextKind| -> Vec<String> {
        match err.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(list)) => list.clone(),
            Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
            Some(ContextValue::StyledStrs(list)) => list.iter().map(|s| s.to_string()).collect(),
            Some(ContextValue::Number(n)) => vec![n.to_string()],
            _ => Vec::new(),
        }
    };
    let first = |kind| get(kind).into_iter().next().unwrap_or_default();
    let suggestion = |kind| {
        let list = get(kind);
        (!list.is_empty()).then(|| format!("\n  tips: mente du «{}»?", list.join("», «")))
    };
    let message = match err.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "ukjent kommando «{}»{}",
            first(ContextKind::InvalidSubcommand),
            suggestion(ContextKind::SuggestedSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!(
            "ukjent valg eller argument «{}»{}",
            first(ContextKind::InvalidArg),
            suggestion(ContextKind::SuggestedArg).unwrap_or_default()
        ),
        ErrorKind::InvalidValue if first(ContextKind::InvalidValue).is_empty() => {
            format!("{} mangler en verdi", first(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            let hint = if valid.is_empty() {
                String::new()
            } else {
                format!("; mulige verdier: {}", valid.join(", "))
            };
            format!(
                "ugyldig verdi «{}» for {}{hint}",
                first(ContextKind::InvalidValue),
                first(ContextKind::InvalidArg)
            )
        }
        ErrorKind::ValueValidation => format!(
            "ugyldig verdi «{}» for {}",
            first(ContextKind::InvalidValue),
            first(ContextKind::InvalidArg)
        ),
        ErrorKind::MissingRequiredArgument => format!(
            "mangler påkrevd argument: {}",
            get(ContextKind::InvalidArg).join(", ")
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "mangler kommando".to_string()
        }
        ErrorKind::ArgumentConflict => format!(
            "{} kan ikke brukes sammen med {}",
            first(ContextKind::InvalidArg),
            get(ContextKind::PriorArg).join(", ")
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("for mange verdier for {}", first(ContextKind::InvalidArg))
        }
        ErrorKind::NoEquals => {
            format!("{} krever en verdi med «=»", first(ContextKind::InvalidArg))
        }
        _ => "kommandolinjen kunne ikke tolkes".to_string(),
    };
    let rendered = err.render().to_string();
    let usage = rendered
        .lines()
        .find_map(|l| l.strip_prefix("Usage: "))
        .map(|u| format!("\n\nBruk: {u}"))
        .unwrap_or_default();
    format!(
        "feil: {message}{usage}\n\nSe «kompetanse help» eller «kompetanse KOMMANDO --help» for mer."
    )
}

/// Parses the command line with Norwegian help and errors.
fn parse_cli() -> Result<Cli, ExitCode> {
    use clap::error::ErrorKind;
    let result = norwegian_command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    result.map_err(|err| match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            ExitCode::from(2)
        }
        _ => {
            eprintln!("{}", norwegian_error(&err));
            ExitCode::from(2)
        }
    })
}

/// `kompetanse help [KOMMANDO …]`
fn print_help(path: &[String]) -> ExitCode {
    let mut cmd = norwegian_command();
    let mut current = &mut cmd;
    for name in path {
        match current.find_subcommand_mut(name) {
            Some(sub) => current = sub,
            None => {
                eprintln!(
                    "feil: ukjent kommando «{name}»\n\nSe «kompetanse help» for en liste over kommandoene."
                );
                return ExitCode::from(2);
            }
        }
    }
    let _ = current.print_long_help();
    ExitCode::SUCCESS
}

fn print_diagnostics<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) {
    let color = std::io::stderr().is_terminal();
    for d in diagnostics {
        eprintln!("{}", d.render(color));
    }
}

fn run_build(options: BuildOptions, show_timings: bool) -> ExitCode {
    match build(&options) {
        Ok(summary) => {
            if show_timings {
                for (stage, time) in &summary.timings.stages {
                    eprintln!("{stage:>16}: {:7.1} ms", time.as_secs_f64() * 1000.0);
                }
            }
            print_diagnostics(summary.diagnostics.sorted());
            let verb = if options.mode == Mode::Check {
                "Kontrollerte"
            } else {
                "Bygget"
            };
            println!(
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
            );
            if summary.diagnostics.warning_count() > 0 {
                println!("{} advarsler", summary.diagnostics.warning_count());
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let diagnostics = failure.diagnostics();
            print_diagnostics(diagnostics.iter().copied());
            if let BuildFailure::Content(all) = &failure {
                eprintln!(
                    "Bygget feilet: {} feil, {} advarsler. Ingenting ble skrevet; forrige versjon av {} er urørt.",
                    all.error_count(),
                    all.warning_count(),
                    options.output.display()
                );
            }
            ExitCode::from(failure.exit_code() as u8)
        }
    }
}

fn main() -> ExitCode {
    let cli = match parse_cli() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let root = cli.root;
    match cli.command {
        Command::Build {
            output,
            force,
            drafts,
            target,
            timings,
        } => {
            let mut options = BuildOptions::new(&root);
            options.output = output.unwrap_or_else(|| root.join("public"));
            options.force = force;
            options.drafts = drafts;
            options.target = target.into();
            options.progress = true;
            run_build(options, timings)
        }
        Command::Check { drafts, target } => {
            let mut options = BuildOptions::new(&root);
            options.drafts = drafts;
            options.target = target.into();
            options.mode = Mode::Check;
            run_build(options, false)
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
        Command::Init { folder } => {
            let folder = folder.unwrap_or(root);
            match kompetanse::init::init(&folder, Date::today()) {
                Ok(files) => {
                    println!(
                        "Laget et nytt nettsted i {} ({} filer). Neste steg:\n  cd {}\n  kompetanse serve --open",
                        folder.display(),
                        files,
                        folder.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("feil: {err}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Theme {
            action: ThemeCommand::Eject { force },
        } => match kompetanse::theme::eject(&root, force) {
            Ok(count) => {
                println!(
                    "Kopierte det innebygde temaet til {} ({count} filer). Filene der brukes nå i stedet for de innebygde.",
                    root.join("themes/default").display()
                );
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("feil: {err}");
                ExitCode::from(2)
            }
        },
        Command::Help { command } => print_help(&command),
    }
}
