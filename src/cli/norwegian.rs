//! clap's own texts in Norwegian: help headings, the usage line, defaults, possible values
//! and errors for wrong use of the command line. Users read only Norwegian, and clap has no
//! translations of its own.

use super::args::Cli;
use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;

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
pub fn parse_cli() -> Result<Cli, ExitCode> {
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
pub fn print_help(path: &[String]) -> ExitCode {
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
