//! The `kompetanse` command line, apart from `main`: the clap definition ([`args`]), its texts in
//! Norwegian ([`norwegian`]), what each command does ([`commands`]) and how a build reports
//! ([`report`]). It lives in the binary, not the library, as nothing else needs it.

pub mod args;
pub mod commands;
pub mod norwegian;
pub mod report;
