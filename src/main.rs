//! The `traction` command: parses arguments and hands over to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = traction::cli::Cli::parse();
    traction::cli::run(cli)
}
