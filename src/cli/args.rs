//! The command line as clap sees it: commands, options and their Norwegian help texts. The
//! texts clap writes itself are translated in [`super::norwegian`].

use clap::{ArgAction, Parser, Subcommand, ValueEnum};
use kompetanse::Target;
use kompetanse::diagnostics::Format;
use std::net::IpAddr;
use std::path::PathBuf;

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
pub struct Cli {
    /// Nettstedets rotmappe (der site.yaml ligger)
    #[arg(long, global = true, default_value = ".", value_name = "MAPPE")]
    pub root: PathBuf,
    /// Vis hjelpen (-h gir et sammendrag)
    #[arg(short = 'h', long = "help", global = true, action = ArgAction::Help)]
    help: Option<bool>,
    /// Vis versjonen
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    pub command: Command,
}

/// The Git host of `init --ci`.
#[derive(Clone, Copy, ValueEnum)]
pub enum CiArg {
    /// .gitlab-ci.yml
    Gitlab,
    /// .github/workflows/kompetanse.yml
    Github,
}

impl From<CiArg> for kompetanse::init::Ci {
    fn from(ci: CiArg) -> Self {
        match ci {
            CiArg::Gitlab => kompetanse::init::Ci::Gitlab,
            CiArg::Github => kompetanse::init::Ci::Github,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TargetArg {
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

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
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
pub enum Command {
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
        /// Skriv ut tiden for hvert steg av hvert bygg
        #[arg(long)]
        timings: bool,
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
        /// Skriv også CI-oppsettet for Git-verten (og pre-commit-kroken); i en mappe med et
        /// nettsted skrives bare disse filene
        #[arg(long, value_enum, value_name = "VERT")]
        ci: Option<CiArg>,
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
pub enum ThemeCommand {
    /// Kopier det innebygde temaet til themes/default/ så du kan endre det
    Eject {
        /// Overskriv temafiler som allerede finnes i themes/default/
        #[arg(long)]
        force: bool,
    },
}
