//! `traction build`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::{Ui, failed};
use crate::build::{BuildOptions, build};

/// Arguments of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Build only this profile.
    #[arg(long, value_name = "P")]
    profile: Option<String>,
    /// Output root (default: output/ under the site root).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Skip PDF one-pagers.
    #[arg(long)]
    no_pdf: bool,
}

/// Runs `build`.
pub fn run(root: &Path, args: BuildArgs, ui: &Ui) -> ExitCode {
    let started = Instant::now();
    let options = BuildOptions {
        profile: args.profile,
        out: args.out,
        drafts: args.drafts,
        write: true,
        no_pdf: args.no_pdf,
    };
    match build(root, &options) {
        Ok(report) => {
            ui.report(&report.warnings);
            for p in &report.profiles {
                let name = if p.name.is_empty() {
                    "site".to_string()
                } else {
                    p.name.clone()
                };
                let dir = p.out_dir.strip_prefix(root).unwrap_or(&p.out_dir);
                ui.say(&format!(
                    "Built {name}: {} pages -> {}",
                    p.pages,
                    dir.display()
                ));
            }
            if ui.verbose || !ui.quiet {
                ui.say(&format!("Done in {:.2} s", started.elapsed().as_secs_f64()));
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            ui.report(&diagnostics);
            eprintln!("Build failed; the previous output is unchanged.");
            failed()
        }
    }
}
