//! `traction watch`: rebuild on every change until Ctrl-C.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use super::{Ui, failed};
use crate::watch::{self, Outcome};

/// Options shared by `watch` and `serve`.
#[derive(Debug, Args, Clone)]
pub(crate) struct WatchArgs {
    /// Profile to build (default: the site's default profile).
    #[arg(long, value_name = "P")]
    pub profile: Option<String>,
    /// Poll for changes instead of OS notifications (WSL, Docker, network drives).
    #[arg(long)]
    pub poll: bool,
    /// Quiet time, in milliseconds, that closes a batch of changes.
    #[arg(long, value_name = "MS", default_value_t = 40)]
    pub debounce: u64,
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
}

impl WatchArgs {
    /// The watch loop's options.
    pub(crate) fn options(&self) -> watch::Options {
        watch::Options {
            profile: self.profile.clone(),
            poll: self.poll,
            debounce: Duration::from_millis(self.debounce.clamp(5, 5_000)),
            drafts: self.drafts,
        }
    }
}

/// Prints the result of a rebuild; returns the text of a failure, for the browser.
pub(crate) fn report(ui: &Ui, outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Rebuilt {
            urls,
            elapsed,
            warnings,
        } => {
            ui.report(warnings);
            let what = match urls {
                None => "site".to_string(),
                Some(urls) => urls.join(" "),
            };
            ui.say(&format!("Rebuilt {what} in {} ms", elapsed.as_millis()));
            None
        }
        Outcome::Unchanged { elapsed } => {
            if ui.verbose {
                ui.say(&format!(
                    "Unchanged, nothing rewritten ({} ms)",
                    elapsed.as_millis()
                ));
            }
            None
        }
        Outcome::Failed(errors) => {
            ui.report(errors);
            eprintln!("Rebuild failed; still serving the last good output.");
            Some(
                errors
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.render(false))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        }
    }
}

/// Runs `watch`.
pub(crate) fn run(root: &Path, args: WatchArgs, ui: &Ui) -> ExitCode {
    ui.say(&format!("Watching {} (Ctrl-C to stop)", root.display()));
    let result = watch::run(root, args.options(), |_, outcome| {
        report(ui, &outcome);
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            ui.report(&[d]);
            failed()
        }
    }
}
