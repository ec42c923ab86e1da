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
