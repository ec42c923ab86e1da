//! `traction check`: everything `build` validates, writing nothing.

use std::path::Path;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Ui, failed};
use crate::build::{BuildOptions, build};
use crate::diagnostics::Diagnostic;

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check only this profile (default: all).
    #[arg(long, value_name = "P")]
    profile: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// Runs `check`.
pub fn run(root: &Path, args: CheckArgs, ui: &Ui) -> ExitCode {
    let options = BuildOptions {
        profile: args.profile,
        out: None,
        drafts: false,
        write: false,
        no_pdf: false,
    };
    let (ok, diagnostics) = match build(root, &options) {
        Ok(report) => (true, report.warnings),
        Err(d) => (false, d),
    };
    let fails = !ok || (args.strict && !diagnostics.is_empty());
    match args.format {
        Format::Json => println!("{}", json(&diagnostics)),
        Format::Human => {
            ui.report(&diagnostics);
            if !fails {
                ui.say("No problems found.");
            }
        }
    }
    if fails { failed() } else { ExitCode::SUCCESS }
}

fn json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": if d.is_error() { "error" } else { "warning" },
                "file": d.file.display().to_string().replace('\\', "/"),
                "line": d.line, "column": d.column, "message": d.message,
                "expected": d.expected, "hint": d.hint,
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).expect("JSON values always serialise")
}
