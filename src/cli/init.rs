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
    if let Err(message) = editor_settings(&dir) {
        eprintln!("error: {message}");
        return failed();
    }
    ui.say(&format!(
        "Created a new site in {}\nNext: cd {} && traction build",
        dir.display(),
        dir.display()
    ));
    ExitCode::SUCCESS
}

/// The schemas and the VS Code mapping of each file to its schema
/// (`.vscode/settings.json`), so editors complete keys and flag mistakes.
fn editor_settings(dir: &Path) -> Result<(), String> {
    super::schema::write_schemas(&dir.join(crate::schema::DEFAULT_DIR))?;
    // The example just written loads; if a later change breaks that, the
    // mapping still covers site.yaml and the data files.
    let content = crate::site::load(dir)
        .map(|(site, _)| site.content)
        .unwrap_or_default();
    let settings = crate::schema::editor_mapping(&content, crate::schema::DEFAULT_DIR);
    let path = dir.join(".vscode/settings.json");
    path.parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, crate::schema::to_text(&settings)))
        .map_err(|e| format!("could not write {}: {e}", path.display()))
}
