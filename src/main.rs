//! The `traction` command: parses arguments and hands over to the library.

use std::process::ExitCode;

use clap::Parser;

/// Freezes a render worker given up on for running over its budget (see
/// `traction::render::budget`).
#[global_allocator]
static ALLOCATOR: traction::render::budget::Allocator = traction::render::budget::Allocator;

fn main() -> ExitCode {
    let cli = traction::cli::Cli::parse();
    traction::cli::run(cli)
}
