//! `traction init [DIR]`: a new site with the example content and the default theme.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Ui, failed};
use crate::theme::EXAMPLE;

/// Arguments of `init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Folder to create the site in (default: the site root).
    dir: Option<PathBuf>,
}

/// Runs `init`.
pub(crate) fn run(root: &Path, args: InitArgs, ui: &Ui) -> ExitCode {
    let dir = args
        .dir
        .map_or_else(|| root.to_path_buf(), |d| root.join(d));
    if dir.join(crate::config::CONFIG_FILE).exists()
        || dir.join(crate::content::CONTENT_DIR).exists()
    {
        eprintln!(
            "error: {} already holds a site (site.yaml or content/ exists)\n  = hint: choose an empty folder: traction init my-site",
            dir.display()
        );
        return failed();
    }
    let theme = crate::theme::THEME_FILES
        .iter()
        .map(|(p, b)| (format!("themes/default/{p}"), *b));
    let files = EXAMPLE
        .iter()
        .map(|(p, b)| (p.to_string(), *b))
        .chain(theme);
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes));
        if let Err(e) = result {
            eprintln!("error: could not write {}: {e}", path.display());
            return failed();
        }
    }
    ui.say(&format!(
        "Created a new site in {}\nNext: cd {} && traction build",
        dir.display(),
        dir.display()
    ));
    ExitCode::SUCCESS
}
