//! `traction check`: everything `build` validates (including the link and leak
//! audit of every profile), plus the lints: figures that contradict the KPIs,
//! contradictions between two sources (stand-up and plan, go-live dates and
//! stages, case studies and `data/customers.yaml`), mojibake, and with `--external` the list of external links. Writes nothing
//! (except with `--fix-encoding`, which repairs files in place).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Ui, failed};
use crate::build::{BuildOptions, build_site};
use crate::check::{contradictions, encoding, external_links, links::External, numbers};
use crate::diagnostics::Diagnostic;
use crate::site;

/// Arguments of `check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Check only this profile (default: all).
    #[arg(long, value_name = "P")]
    profile: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// List external links (offline: they are listed, not fetched).
    #[arg(long)]
    external: bool,
    /// Repair text that was decoded with the wrong encoding, in place (keeps a .bak copy).
    #[arg(long)]
    fix_encoding: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// Runs `check`.
pub(crate) fn run(root: &Path, args: CheckArgs, ui: &Ui) -> ExitCode {
    if let Err(code) = super::check_profile_arg(root, args.profile.as_deref(), ui) {
        return code;
    }
    let mut notes: Vec<String> = Vec::new();
    if args.fix_encoding {
        match encoding::fix(root) {
            Ok(fixed) if fixed.is_empty() => notes.push("No text to repair.".into()),
            Ok(fixed) => {
                for (file, count) in fixed {
                    notes.push(format!(
                        "Repaired {count} place{} in {} (original kept as {}.bak)",
                        if count == 1 { "" } else { "s" },
                        file.display(),
                        file.display()
                    ));
                }
            }
            Err(errors) => {
                output(ui, args.format, &errors, &[], &notes, true);
                return failed();
            }
        }
    }
    let (ok, diagnostics, external) = match site::load(root) {
        Err(errors) => (false, errors.into_iter().collect::<Vec<_>>(), Vec::new()),
        Ok((site, mut diagnostics)) => {
            let options = BuildOptions {
                profile: args.profile.clone(),
                write: false,
                ..Default::default()
            };
            let ok = match build_site(&site, &options) {
                Ok(report) => {
                    diagnostics.extend(report.warnings);
                    true
                }
                Err(errors) => {
                    diagnostics.extend(errors);
                    false
                }
            };
            diagnostics.extend(numbers::check(&site));
            diagnostics.extend(contradictions::check(&site));
            if !args.fix_encoding {
                diagnostics.extend(encoding::check(&site));
            }
            let external = if args.external {
                match external_links(&site, args.profile.as_deref()) {
                    Ok(list) => list,
                    Err(errors) => {
                        diagnostics.extend(errors);
                        Vec::new()
                    }
                }
            } else {
                Vec::new()
            };
            (ok, diagnostics, external)
        }
    };
    let fails = !ok
        || diagnostics.iter().any(Diagnostic::is_error)
        || (args.strict && !diagnostics.is_empty());
    output(ui, args.format, &diagnostics, &external, &notes, fails);
    if fails { failed() } else { ExitCode::SUCCESS }
}

fn output(
    ui: &Ui,
    format: Format,
    diagnostics: &[Diagnostic],
    external: &[External],
    notes: &[String],
    fails: bool,
) {
    match format {
        Format::Json => super::out_line(&json(diagnostics, external)),
        Format::Human => {
            for note in notes {
                ui.say(note);
            }
            report_by_file(ui, diagnostics);
            if !external.is_empty() {
                ui.say(&format!(
                    "{} external link{} (not fetched: check works offline):",
                    external.len(),
                    if external.len() == 1 { "" } else { "s" }
                ));
                for e in external {
                    let place = if e.line > 0 {
                        format!("{}:{}", e.file.display(), e.line)
                    } else {
                        format!("{} (template)", e.file.display())
                    };
                    ui.say(&format!("  {}  {place}", e.url));
                }
            }
            if !fails && diagnostics.is_empty() {
                ui.say("No problems found.");
            }
        }
    }
}

/// Prints diagnostics grouped by file, errors first within a file, then a count line.
fn report_by_file(ui: &Ui, diagnostics: &[Diagnostic]) {
    let mut by_file: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        if ui.quiet && !d.is_error() {
            continue;
        }
        by_file
            .entry(d.file.display().to_string().replace('\\', "/"))
            .or_default()
            .push(d);
    }
    let (mut errors, mut warnings) = (0, 0);
    for (file, mut list) in by_file {
        list.sort_by_key(|d| (!d.is_error(), d.line));
        let e = list.iter().filter(|d| d.is_error()).count();
        let w = list.len() - e;
        errors += e;
        warnings += w;
        let mut counts = Vec::new();
        if e > 0 {
            counts.push(format!("{e} error{}", if e == 1 { "" } else { "s" }));
        }
        if w > 0 {
            counts.push(format!("{w} warning{}", if w == 1 { "" } else { "s" }));
        }
        let name = if file.is_empty() { "(site)" } else { &file };
        eprintln!("── {name}: {}", counts.join(", "));
        for d in list {
            eprint!("{}", d.render(ui.color));
        }
    }
    if errors > 0 {
        let all: Vec<&Diagnostic> = diagnostics.iter().collect();
        eprintln!(
            "{}{}",
            crate::diagnostics::errors_found(&all),
            if warnings > 0 {
                format!(
                    ", {warnings} warning{}",
                    if warnings == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            }
        );
    } else if warnings > 0 && !ui.quiet {
        eprintln!("{warnings} warning{}", if warnings == 1 { "" } else { "s" });
    }
}

fn json(diagnostics: &[Diagnostic], external: &[External]) -> String {
    let mut items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut item = serde_json::json!({
                "severity": if d.is_error() { "error" } else { "warning" },
                "file": d.file.display().to_string().replace('\\', "/"),
                "line": d.line, "column": d.column, "message": d.message,
                "expected": d.expected, "hint": d.hint,
            });
            // A capped list says how many like it were left out.
            if d.omitted > 0 {
                item["omitted"] = d.omitted.into();
            }
            item
        })
        .collect();
    items.extend(external.iter().map(|e| {
        serde_json::json!({
            "severity": "external",
            "file": e.file.display().to_string().replace('\\', "/"),
            "line": e.line, "column": 0, "url": e.url,
            "message": format!("external link {} (not fetched: check works offline)", e.url),
            "expected": null, "hint": null,
        })
    }));
    serde_json::to_string_pretty(&items).expect("JSON values always serialise")
}
