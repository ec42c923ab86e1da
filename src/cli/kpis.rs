//! `traction kpis`: the computed KPIs with their formulas.

use std::path::Path;
use std::process::ExitCode;

use clap::Args;

use super::{Ui, failed};

/// Arguments of `kpis`.
#[derive(Debug, Args)]
pub(crate) struct KpisArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Append today's KPIs to data/kpi_history.csv (replacing today's rows if any).
    #[arg(long)]
    snapshot: bool,
}

/// Runs `kpis`.
pub(crate) fn run(root: &Path, args: KpisArgs, ui: &Ui) -> ExitCode {
    let data = match crate::data::load(root) {
        Ok(d) => d,
        Err(e) => {
            ui.report(&e);
            return failed();
        }
    };
    // The pipeline mapping is read when site.yaml is; `kpis` works without one.
    let config = crate::config::Config::load(root).ok();
    let (mapping, config_text) = config.as_ref().map_or((Default::default(), ""), |c| {
        (c.pipeline.clone(), c.text.as_str())
    });
    let (kpis, warnings) = match crate::kpis::compute_with(&data, &mapping, config_text) {
        Ok(k) => k,
        Err(e) => {
            ui.report(&e);
            return failed();
        }
    };
    ui.report(&warnings);
    if args.snapshot {
        return snapshot(root, &kpis, ui);
    }
    if args.json {
        let items = kpis.to_json(|_| true);
        super::out_line(
            &serde_json::to_string_pretty(&items).expect("JSON values always serialise"),
        );
        return ExitCode::SUCCESS;
    }
    let key_w = kpis.list.iter().map(|k| k.key.len()).max().unwrap_or(0);
    let val_w = kpis
        .list
        .iter()
        .map(|k| k.display.chars().count())
        .max()
        .unwrap_or(0);
    let mut table = format!("{:key_w$}  {:>val_w$}  formula", "kpi", "value");
    for k in &kpis.list {
        table.push_str(&format!(
            "\n{:key_w$}  {:>val_w$}  {}",
            k.key, k.display, k.formula
        ));
    }
    super::out_line(&table);
    ExitCode::SUCCESS
}

/// Writes today's snapshot: the file is rewritten whole (temp file + rename),
/// so a crash leaves the old history or the new one, never half of each.
fn snapshot(root: &Path, kpis: &crate::kpis::Kpis, ui: &Ui) -> ExitCode {
    let config = match crate::config::Config::load(root) {
        Ok(c) => c,
        Err(e) => {
            ui.report(&e);
            return failed();
        }
    };
    let mut diags = crate::diagnostics::Diagnostics::default();
    let day = crate::site::now(&config, &mut diags).date();
    if !diags.0.is_empty() {
        ui.report(&diags.0);
        return failed();
    }
    let rel = format!("data/{}.csv", crate::kpis::HISTORY_STEM);
    let path = root.join(&rel);
    // Read again only to rewrite: the loaded text is normalised (BOM, line
    // endings), and the rows of other days must stay byte for byte.
    let existing = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => {
                ui.report(&[crate::diagnostics::Diagnostic::error(&rel, "is not UTF-8")]);
                return failed();
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            ui.report(&[crate::diagnostics::Diagnostic::error(
                &rel,
                format!("could not read: {e}"),
            )]);
            return failed();
        }
    };
    let replaced = existing
        .as_deref()
        .is_some_and(|t| t.lines().any(|l| l.starts_with(&format!("{day},"))));
    let text = crate::kpis::snapshot(existing.as_deref(), day, kpis);
    let tmp = path.with_file_name(format!(".{}.csv.traction-tmp", crate::kpis::HISTORY_STEM));
    let written = std::fs::create_dir_all(root.join("data"))
        .and_then(|()| std::fs::write(&tmp, &text))
        .and_then(|()| std::fs::rename(&tmp, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        ui.report(&[crate::diagnostics::Diagnostic::error(
            &rel,
            format!("could not write: {e}"),
        )]);
        return failed();
    }
    super::out_line(&format!(
        "{} KPIs for {day} {} {rel}",
        kpis.list.len(),
        if replaced { "replaced in" } else { "added to" }
    ));
    ExitCode::SUCCESS
}
