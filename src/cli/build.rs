//! `traction build`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::{Ui, failed};
use crate::build::{BuildOptions, Progress, build};

/// Arguments of `build`.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
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
    /// Also write each deck's presenter PDF with its speaker notes (`<slug>-notes.pdf`).
    #[arg(long)]
    notes: bool,
    /// Skip share images (Open Graph images, quote cards).
    #[arg(long)]
    no_images: bool,
}

/// Runs `build`.
pub(crate) fn run(root: &Path, args: BuildArgs, ui: &Ui) -> ExitCode {
    let started = Instant::now();
    if let Err(code) = super::check_profile_arg(root, args.profile.as_deref(), ui) {
        return code;
    }
    let options = BuildOptions {
        profile: args.profile,
        out: args.out,
        drafts: args.drafts,
        write: true,
        no_pdf: args.no_pdf,
        notes: args.notes,
        no_images: args.no_images,
        progress: progress_bar(ui),
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
                let pdfs = match (p.pdfs.rendered, p.pdfs.reused) {
                    (0, 0) => String::new(),
                    (r, 0) => format!(", {r} PDFs"),
                    (r, u) => format!(", {} PDFs ({r} rendered, {u} unchanged)", r + u),
                };
                ui.say(&format!(
                    "Built {name}: {} pages{pdfs} -> {}",
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
            super::err("Build failed; the previous output is unchanged.\n");
            failed()
        }
    }
}

/// A one-line progress bar on stderr while PDFs render, only on a terminal.
fn progress_bar(ui: &Ui) -> Progress {
    use std::io::{IsTerminal, Write};
    if ui.quiet || !std::io::stderr().is_terminal() {
        return Progress::default();
    }
    Progress::new(|done, total| {
        let width = 30;
        let filled = done * width / total.max(1);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r  PDFs [{}{}] {done}/{total}",
            "#".repeat(filled),
            "-".repeat(width - filled)
        );
        if done == total {
            let _ = write!(err, "\r{}\r", " ".repeat(width + 24));
        }
        let _ = err.flush();
    })
}
