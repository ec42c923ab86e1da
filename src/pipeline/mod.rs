//! The sales pipeline from a CRM export, `data/pipeline.csv`.
//!
//! The data stage keeps the export's text; this stage types it once: the
//! columns of Salesforce and HubSpot opportunity exports are recognised by
//! their headers, others are mapped in `site.yaml` (`pipeline: { columns,
//! stages }`), and every cell that cannot be read is an error at its row and
//! column, so a bad export never turns into a wrong total.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use crate::config::{CONFIG_FILE, PipelineMapping};
use crate::data::Data;
use crate::diagnostics::{Diagnostic, did_you_mean};

mod cells;
pub(crate) mod dashboard;
mod dates;
mod problems;

use cells::{KNOWN_STAGES, cell_column, fold};
use problems::Problems;

/// `data/pipeline.csv` is `data.pipeline`.
pub(crate) const STEM: &str = "pipeline";

/// Where a deal stands, on traction's one scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DealStage {
    /// A warm lead, not yet qualified.
    Lead,
    /// Qualified: budget, need and a buyer confirmed.
    Qualified,
    /// In a proof of concept or pilot.
    Poc,
    /// Proposal sent.
    Proposal,
    /// Negotiating terms.
    Negotiation,
    /// Closed won.
    Won,
    /// Closed lost.
    Lost,
}

impl DealStage {
    /// Every stage, in funnel order.
    pub(crate) const ALL: [DealStage; 7] = [
        DealStage::Lead,
        DealStage::Qualified,
        DealStage::Poc,
        DealStage::Proposal,
        DealStage::Negotiation,
        DealStage::Won,
        DealStage::Lost,
    ];

    /// Key as written in `site.yaml` (`poc`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            DealStage::Lead => "lead",
            DealStage::Qualified => "qualified",
            DealStage::Poc => "poc",
            DealStage::Proposal => "proposal",
            DealStage::Negotiation => "negotiation",
            DealStage::Won => "won",
            DealStage::Lost => "lost",
        }
    }

    /// Name for people.
    pub(crate) fn label(self) -> &'static str {
        match self {
            DealStage::Lead => "Lead",
            DealStage::Qualified => "Qualified",
            DealStage::Poc => "POC",
            DealStage::Proposal => "Proposal",
            DealStage::Negotiation => "Negotiation",
            DealStage::Won => "Won",
            DealStage::Lost => "Lost",
        }
    }

    /// Still being worked: neither won nor lost.
    pub(crate) fn is_open(self) -> bool {
        !matches!(self, DealStage::Won | DealStage::Lost)
    }

    /// Open and past `lead`: what "pipeline" counts.
    pub(crate) fn is_qualified(self) -> bool {
        self.is_open() && self != DealStage::Lead
    }

    /// In a POC or commercial discussion (proposal, negotiation).
    pub(crate) fn is_active(self) -> bool {
        matches!(
            self,
            DealStage::Poc | DealStage::Proposal | DealStage::Negotiation
        )
    }

    /// The probability a deal in this stage gets when the export has none.
    fn default_probability(self) -> f64 {
        match self {
            DealStage::Lead => 10.0,
            DealStage::Qualified => 20.0,
            DealStage::Poc => 40.0,
            DealStage::Proposal => 60.0,
            DealStage::Negotiation => 80.0,
            DealStage::Won => 100.0,
            DealStage::Lost => 0.0,
        }
    }
}

/// One opportunity of the export.
#[derive(Debug, Clone, Serialize)]
pub struct Deal {
    /// Opportunity (deal) name.
    pub name: String,
    /// The company buying.
    pub account: String,
    /// Stage on traction's scale.
    pub stage: DealStage,
    /// Amount, USD.
    pub amount: f64,
    /// Probability of closing, percent (0-100).
    pub probability: f64,
    /// Expected or actual close date.
    pub close: Option<Date>,
    /// Who owns the deal.
    pub owner: String,
    /// The next step, as the CRM says it.
    pub next_step: String,
    /// Line of the row in the export, for messages.
    pub line: usize,
}

/// The typed export.
#[derive(Debug, Clone, Default)]
pub struct Pipeline {
    /// Path of the export relative to the site root.
    pub file: PathBuf,
    /// Every opportunity, in file order.
    pub deals: Vec<Deal>,
    /// What was assumed while reading it (the order of ambiguous dates), as warnings.
    pub notices: Vec<Diagnostic>,
}

/// The pipeline's headline figures (the KPIs read these).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Totals {
    /// Sum of amounts of open deals past `lead`.
    pub qualified: f64,
    /// The same deals' amounts weighted by their probability.
    pub weighted: f64,
    /// Count of open deals past `lead`.
    pub open: usize,
    /// Count of deals in POC, proposal or negotiation.
    pub active: usize,
    /// Count of deals in `lead`.
    pub warm: usize,
}

impl Pipeline {
    /// The headline figures.
    pub(crate) fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for d in &self.deals {
            if d.stage.is_qualified() {
                t.qualified += d.amount;
                t.weighted += d.amount * d.probability / 100.0;
                t.open += 1;
            }
            if d.stage.is_active() {
                t.active += 1;
            }
            if d.stage == DealStage::Lead {
                t.warm += 1;
            }
        }
        t
    }
}

/// The fields of a deal, and the headers that name each in exports, most
/// telling first: Salesforce report exports (`Opportunity Name`), Salesforce
/// API names (`StageName`, `Account.Name`), HubSpot exports (`Deal Name`) and
/// HubSpot property names (`dealname`). A name wins over an id (`Owner.Name`
/// over `OwnerId`) when an export has both.
const FIELDS: [(&str, &[&str]); 8] = [
    (
        "name",
        &["opportunity name", "deal name", "dealname", "name", "deal"],
    ),
    (
        "account",
        &[
            "account name",
            "account.name",
            "account",
            "associated company",
            "associated company (primary)",
            "company",
            "accountid",
        ],
    ),
    ("stage", &["stage", "stagename", "deal stage", "dealstage"]),
    ("amount", &["amount"]),
    (
        "probability",
        &[
            "probability",
            "probability (%)",
            "deal probability",
            "hs_deal_stage_probability",
        ],
    ),
    (
        "close_date",
        &["close date", "closedate", "close_date", "closing date"],
    ),
    (
        "owner",
        &[
            "opportunity owner",
            "owner.name",
            "deal owner",
            "owner",
            "ownerid",
            "hubspot_owner_id",
        ],
    ),
    (
        "next_step",
        &["next step", "nextstep", "next_step", "next steps"],
    ),
];

/// Fields every export must have.
const REQUIRED: [&str; 3] = ["name", "stage", "amount"];

/// Types `data/pipeline.csv` with `mapping`; `Ok(None)` when there is no export.
pub(crate) fn load(
    data: &Data,
    mapping: &PipelineMapping,
    config_text: &str,
) -> Result<Option<Pipeline>, Vec<Diagnostic>> {
    let Some(file) = data.files.get(STEM) else {
        return Ok(None);
    };
    let Some(text) = file.csv_source.as_deref() else {
        return Err(vec![
            Diagnostic::error(&file.file, "the pipeline must be a CSV export")
                .expected("data/pipeline.csv with a header row (name, stage, amount, ...)")
                .hint("export opportunities (Salesforce) or deals (HubSpot) as CSV into data/pipeline.csv"),
        ]);
    };
    let stages = stage_names(mapping, config_text)?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            vec![Diagnostic::error(&file.file, format!("invalid CSV header: {e}")).at(1, 1)]
        })?
        .clone();
    let columns = columns(&headers, mapping, &file.file, text, config_text)?;
    // The data stage already refused rows it cannot read.
    let records: Vec<(usize, csv::StringRecord)> = reader
        .records()
        .enumerate()
        .filter_map(|(i, r)| r.ok().map(|r| (i, r)))
        .collect();
    let close_cells = || {
        records
            .iter()
            .filter_map(|(_, r)| columns.get("close_date").and_then(|&c| r.get(c)))
    };
    let (order, notices) = date_order(mapping, config_text, &file.file, close_cells())?;
    let mut deals = Vec::new();
    let mut problems = Problems::default();
    let lines: Vec<&str> = text.lines().collect();
    for (i, record) in records {
        let line = record.position().map_or(i + 2, |p| p.line() as usize);
        let source_line = lines.get(line - 1).copied().unwrap_or("");
        // The cell's text and index; its column is counted only for an error.
        let cell = |field: &str| -> (&str, Option<usize>) {
            match columns.get(field) {
                Some(&c) => (record.get(c).unwrap_or(""), Some(c)),
                None => ("", None),
            }
        };
        let mut bad = |index: Option<usize>, message: String, expected: &str, hint: String| {
            let column = index.map_or(1, |c| cell_column(source_line, c));
            problems.add(
                Diagnostic::error(&file.file, message)
                    .at(line, column)
                    .with_source(text)
                    .expected(expected)
                    .hint(hint),
            );
        };
        let (name, name_col) = cell("name");
        if name.is_empty() {
            bad(
                name_col,
                "a deal without a name".into(),
                "the opportunity's name",
                "every row of the export is one deal; remove empty rows".into(),
            );
        }
        let (stage_cell, stage_col) = cell("stage");
        let stage = stages.get(&fold(stage_cell)).copied();
        if stage.is_none() {
            let hint = stage_hint(stage_cell, &stages);
            bad(
                stage_col,
                format!("unknown stage `{}`", stage_cell.escape_default()),
                "one of lead, qualified, poc, proposal, negotiation, won, lost (or a Salesforce or HubSpot stage name)",
                hint,
            );
        }
        let (amount_cell, amount_col) = cell("amount");
        let amount = cells::amount(amount_cell).unwrap_or_else(|expected| {
            bad(
                amount_col,
                format!("amount `{}` is not a number", amount_cell.escape_default()),
                expected,
                "write the amount in dollars, without words or other currencies".into(),
            );
            0.0
        });
        let (p_cell, p_col) = cell("probability");
        let probability = cells::probability(p_cell).unwrap_or_else(|expected| {
            bad(
                p_col,
                format!("probability `{}` is out of range", p_cell.escape_default()),
                expected,
                "a percentage from 0 to 100; leave it empty to use the stage's default".into(),
            );
            None
        });
        let (close_cell, close_col) = cell("close_date");
        let close = dates::close_date(close_cell, order).unwrap_or_else(|e| {
            bad(
                close_col,
                format!("close date `{}` is not a date", close_cell.escape_default()),
                &e.expected,
                e.hint,
            );
            None
        });
        let Some(stage) = stage else { continue };
        deals.push(Deal {
            name: name.to_string(),
            account: cell("account").0.to_string(),
            stage,
            amount,
            probability: probability.unwrap_or_else(|| stage.default_probability()),
            close,
            owner: cell("owner").0.to_string(),
            next_step: cell("next_step").0.to_string(),
            line,
        });
    }
    if problems.is_empty() {
        Ok(Some(Pipeline {
            file: file.file.clone(),
            deals,
            notices,
        }))
    } else {
        Err(problems.into_errors())
    }
}

/// The hint for an unknown stage: the nearest of our stages (by meaning, then
/// spelling), as the line to add to site.yaml.
fn stage_hint(cell: &str, stages: &BTreeMap<String, DealStage>) -> String {
    let known: Vec<&str> = stages.keys().map(String::as_str).collect();
    let typo = did_you_mean(&fold(cell), known.iter().copied());
    let keys = DealStage::ALL.map(DealStage::key).join(", ");
    match (typo, cells::nearest_stage(cell)) {
        (Some(best), _) if strsim::osa_distance(&fold(cell), best) <= 2 => format!(
            "did you mean `{best}`? Otherwise map the name in site.yaml: pipeline: {{ stages: {{ \"{cell}\": {} }} }}",
            stages[best].key()
        ),
        (_, Some(stage)) => format!(
            "`{cell}` reads as our `{}` stage: map it in site.yaml: pipeline: {{ stages: {{ \"{cell}\": {} }} }}",
            stage.key(),
            stage.key()
        ),
        _ => format!(
            "map your CRM's stage names in site.yaml: pipeline: {{ stages: {{ \"{cell}\": <one of {keys}> }} }}"
        ),
    }
}

/// The order of the export's slashed close dates: `pipeline.date_format`, or
/// read from the values (a warning says when it was assumed).
fn date_order<'a>(
    mapping: &PipelineMapping,
    config_text: &str,
    file: &Path,
    cells: impl Iterator<Item = &'a str>,
) -> Result<(dates::Order, Vec<Diagnostic>), Vec<Diagnostic>> {
    if let Some(format) = &mapping.date_format {
        return match dates::configured(format) {
            Some(order) => Ok((order, Vec::new())),
            None => {
                let known: Vec<&str> = dates::FORMATS.iter().map(|(f, _)| *f).collect();
                Err(vec![
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!("`pipeline.date_format: {format}` is not a date format"),
                    )
                    .at(mapping_line(config_text, "date_format", "date_format"), 1)
                    .with_source(config_text)
                    .expected(format!("one of {}", known.join(", ")))
                    .hint("ISO dates (YYYY-MM-DD) are read whatever the format"),
                ])
            }
        };
    }
    let reading = dates::detect(cells);
    let notices = reading
        .assumed_from
        .map(|example| {
            Diagnostic::warning(
                file,
                format!(
                    "close dates such as `{example}` read month first (M/D/YYYY, as Salesforce and HubSpot write them)"
                ),
            )
            .hint("if this export writes the day first, say so in site.yaml: pipeline: { date_format: D/M/YYYY }")
        })
        .into_iter()
        .collect();
    Ok((reading.order, notices))
}

/// Folded stage name -> stage: the known names, then `site.yaml`'s own.
fn stage_names(
    mapping: &PipelineMapping,
    config_text: &str,
) -> Result<BTreeMap<String, DealStage>, Vec<Diagnostic>> {
    let mut names: BTreeMap<String, DealStage> = KNOWN_STAGES
        .iter()
        .map(|(n, s)| (n.to_string(), *s))
        .collect();
    let mut errors = Vec::new();
    for (crm, ours) in &mapping.stages {
        match DealStage::ALL.iter().find(|s| s.key() == fold(ours)) {
            Some(stage) => {
                names.insert(fold(crm), *stage);
            }
            None => {
                let keys = DealStage::ALL.map(DealStage::key);
                let mut d = Diagnostic::error(
                    CONFIG_FILE,
                    format!("`pipeline.stages.{crm}` maps to `{ours}`, which is not a stage"),
                )
                .at(mapping_line(config_text, "stages", crm), 1)
                .with_source(config_text)
                .expected(format!("one of {}", keys.join(", ")));
                if let Some(best) = did_you_mean(&fold(ours), keys) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
                errors.push(d);
            }
        }
    }
    if errors.is_empty() {
        Ok(names)
    } else {
        Err(errors)
    }
}

/// Field -> column index, from the mapping first, then the known headers.
fn columns(
    headers: &csv::StringRecord,
    mapping: &PipelineMapping,
    file: &Path,
    text: &str,
    config_text: &str,
) -> Result<BTreeMap<&'static str, usize>, Vec<Diagnostic>> {
    let field_names = FIELDS.map(|(f, _)| f);
    let mut errors = Vec::new();
    let mut columns = BTreeMap::new();
    for (field, header) in &mapping.columns {
        let line = mapping_line(config_text, "columns", field);
        let Some(&known) = field_names.iter().find(|f| **f == field.as_str()) else {
            let mut d = Diagnostic::error(
                CONFIG_FILE,
                format!("`pipeline.columns.{field}` is not a deal field"),
            )
            .at(line, 1)
            .with_source(config_text)
            .expected(format!("one of {}", field_names.join(", ")));
            if let Some(best) = did_you_mean(field, field_names) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            errors.push(d);
            continue;
        };
        match headers.iter().position(|h| fold(h) == fold(header)) {
            Some(c) => {
                columns.insert(known, c);
            }
            None => errors.push(
                Diagnostic::error(
                    file,
                    format!("no column `{header}`, which site.yaml maps to `{field}`"),
                )
                .at(1, 1)
                .with_source(text)
                .expected(format!(
                    "one of the export's columns: {}",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ))
                .hint(format!(
                    "fix `pipeline.columns.{field}` in site.yaml (line {line}) or the export's header"
                )),
            ),
        }
    }
    for (field, names) in FIELDS {
        if columns.contains_key(field) {
            continue;
        }
        if let Some(c) = names
            .iter()
            .find_map(|n| headers.iter().position(|h| fold(h) == *n))
        {
            columns.insert(field, c);
        }
    }
    for field in REQUIRED {
        if !columns.contains_key(field) {
            let names = FIELDS
                .iter()
                .find(|(f, _)| *f == field)
                .map_or(&[][..], |(_, n)| *n);
            errors.push(
                Diagnostic::error(file, format!("no `{field}` column in the pipeline export"))
                    .at(1, 1)
                    .with_source(text)
                    .expected(format!("a column named one of: {}", names.join(", ")))
                    .hint(format!(
                        "name the column in site.yaml: pipeline: {{ columns: {{ {field}: \"Your header\" }} }}"
                    )),
            );
        }
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

/// Line of `key:` under `pipeline:` / `section:` in site.yaml (the section's line if not found).
fn mapping_line(config_text: &str, section: &str, key: &str) -> usize {
    let start = crate::yaml::key_line(config_text, "pipeline").unwrap_or(0);
    let lines: Vec<&str> = config_text.lines().collect();
    let after = |from: usize, needle: &dyn Fn(&str) -> bool| {
        lines
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, l)| needle(l))
            .map(|(i, _)| i + 1)
    };
    let section_line = after(start.saturating_sub(1), &|l: &str| {
        l.contains(&format!("{section}:"))
    })
    .unwrap_or(start);
    after(section_line.saturating_sub(1), &|l: &str| {
        l.contains(&format!("{key}:")) || l.contains(&format!("\"{key}\":"))
    })
    .unwrap_or(section_line)
}

#[cfg(test)]
mod tests;
