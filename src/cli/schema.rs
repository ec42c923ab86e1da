//! `traction schema [--out DIR]`: writes the JSON Schemas of `site.yaml`, each
//! kind's front matter and the typed data files (see `src/schema.rs`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Ui, failed};

/// Arguments of `schema`.
#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Folder to write the schemas into (default: schemas/ under the site root).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Runs `schema`.
pub(crate) fn run(root: &Path, args: SchemaArgs, ui: &Ui) -> ExitCode {
    let dir = args
        .out
        .map_or_else(|| root.join(crate::schema::DEFAULT_DIR), |d| root.join(d));
    match write_schemas(&dir) {
        Ok(count) => {
            ui.say(&format!("Wrote {count} schemas to {}", dir.display()));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            failed()
        }
    }
}

/// Writes every schema into `dir` (created if missing); returns how many.
pub(crate) fn write_schemas(dir: &Path) -> Result<usize, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    let files = crate::schema::all();
    for f in &files {
        let path = dir.join(f.name);
        std::fs::write(&path, crate::schema::to_text(&f.schema))
            .map_err(|e| format!("could not write {}: {e}", path.display()))?;
    }
    Ok(files.len())
}
