//! What each command does once the command line is parsed: the options it hands the library
//! and the messages it prints.

use super::args::{Cli, Command, ThemeCommand};
use super::norwegian::print_help;
use super::report::{Reporting, run_build};
use kompetanse::config::Config;
use kompetanse::date::Date;
use kompetanse::{BuildOptions, Mode};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Runs the command the user gave.
pub fn run(cli: Cli) -> ExitCode {
    let uses_today = !matches!(cli.command, Command::Help { .. });
    if let (true, Err(message)) = (uses_today, kompetanse::date::today_override()) {
        eprintln!("feil: {message}");
        return ExitCode::from(2);
    }
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
            timings,
        } => {
            let mut options = kompetanse::serve::ServeOptions::new(&root);
            options.timings = timings;
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
            let config = Config::load(&root).ok();
            match kompetanse::new::new_page(&root, config.as_ref(), &kind, &path, Date::today()) {
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
        Command::Init { folder, ci } => {
            let folder = folder.unwrap_or(root);
            let existing = ci.is_some() && folder.join(kompetanse::config::CONFIG_FILE).is_file();
            match kompetanse::init::init(&folder, Date::today(), ci.map(Into::into)) {
                Ok(files) => {
                    if existing {
                        println!(
                            "La til CI-oppsettet i {} ({files} filer).",
                            folder.display()
                        );
                    } else {
                        println!(
                            "Laget et nytt nettsted i {} ({} filer). Neste steg:\n  cd {}\n  kompetanse serve --open",
                            folder.display(),
                            files,
                            folder.display()
                        );
                    }
                    if ci.is_some() {
                        println!(
                            "CI: sett KOMPETANSE_SHA256 i pipelinen til summen fra SHA256SUMS i utgivelsen, og slå på pre-commit-kroken med\n  git config core.hooksPath .githooks"
                        );
                    }
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
