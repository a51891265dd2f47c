//! The `kompetanse` command line.

mod cli;

use std::process::ExitCode;

// The build allocates many small strings from several threads; mimalloc handles that far
// better than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    kompetanse::render::configure_threads();
    let cli = match cli::norwegian::parse_cli() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    cli::commands::run(cli)
}
