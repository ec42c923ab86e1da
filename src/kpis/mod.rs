//! The KPIs, computed in one place from `data/customers.yaml` and
//! `data/economics.yaml`, each with the formula `traction kpis` prints.
//!
//! Every page, PDF and `kpis.json` reads these numbers, so the investor
//! narrative and the plan site cannot disagree.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::content::Stage;
use crate::data::Data;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::format;
use crate::yaml;

mod history;
pub(crate) mod implementation;
mod table;
mod targets;

pub use history::History;
pub(crate) use history::{STEM as HISTORY_STEM, snapshot};

pub use implementation::{GoLive, Health, Integration};
use table::Inputs;
pub use table::KEYS;
pub(crate) use table::{ALIASES, TABLE, unit_of};

/// One row of `data/customers.yaml`.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// Real name.
    pub name: String,
    /// Annual contract value, USD.
    #[schemars(range(min = 0))]
    pub acv: f64,
    /// Sales stage.
    pub stage: Stage,
    /// Plan week the contract was signed.
    #[serde(default)]
    pub signed_week: Option<u32>,
    /// Plan week the customer went live.
    #[serde(default)]
    pub live_week: Option<u32>,
    /// The answer to "how likely are you to recommend us?", 0-10.
    #[serde(default)]
    #[schemars(range(min = 0, max = 10))]
    pub recommend: Option<f64>,
    /// Deprecated name of `recommend` (it was never a Net Promoter Score).
    #[serde(default)]
    #[schemars(range(min = 0, max = 10), extend("deprecated" = true))]
    pub nps: Option<f64>,
    /// Date the contract was signed.
    #[serde(default)]
    #[schemars(with = "Option<crate::content::kinds::IsoDate>")]
    pub signed: Option<jiff::civil::Date>,
    /// Date of the implementation kickoff.
    #[serde(default)]
    #[schemars(with = "Option<crate::content::kinds::IsoDate>")]
    pub kickoff: Option<jiff::civil::Date>,
    /// Date the pilot starts.
    #[serde(default)]
    #[schemars(with = "Option<crate::content::kinds::IsoDate>")]
    pub pilot: Option<jiff::civil::Date>,
    /// Integrations needed before go-live.
    #[serde(default)]
    pub integrations: Vec<Integration>,
    /// Go-live dates: planned, scheduled, actual.
    #[serde(default)]
    pub go_live: GoLive,
}

impl Customer {
    /// The 0-10 answer, under either key.
    pub(crate) fn answer(&self) -> Option<f64> {
        self.recommend.or(self.nps)
    }
}

/// `data/economics.yaml`.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Economics {
    /// Customer acquisition cost, USD.
    #[serde(default)]
    pub cac: f64,
    /// Gross margin, 0..1.
    #[serde(default)]
    #[schemars(range(min = 0, max = 1))]
    pub gross_margin: f64,
    /// Expected customer lifetime in months.
    #[serde(default)]
    pub expected_lifetime_months: f64,
    /// Qualified pipeline, USD.
    #[serde(default)]
    pub pipeline: f64,
    /// Pipeline split by stage, for the chart.
    #[serde(default)]
    pub pipeline_by_stage: BTreeMap<String, f64>,
    /// Figures stated by hand elsewhere, checked against the computed ones.
    #[serde(default)]
    pub stated: BTreeMap<String, f64>,
    /// Targets by KPI key, shown beside the KPI (`targets: { arr: 125000 }`).
    #[serde(default)]
    pub targets: BTreeMap<String, f64>,
}

/// How a KPI is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Dollars.
    Money,
    /// A fraction shown as a percentage.
    Percent,
    /// A count.
    Count,
    /// `x:1`.
    Ratio,
    /// Months.
    Months,
    /// A 0-10 score (the mean answer to "how likely are you to recommend us?").
    Score,
    /// A Net Promoter Score, -100..+100, shown signed (`+67`).
    Nps,
    /// Days.
    Days,
}

/// A KPI with its value and formula.
#[derive(Debug, Clone, Serialize)]
pub struct Kpi {
    /// Key used in templates (`arr`).
    pub key: &'static str,
    /// Name for people.
    pub label: &'static str,
    /// Value.
    pub value: f64,
    /// Value formatted for people.
    pub display: String,
    /// How it is computed.
    pub formula: &'static str,
    /// How it is shown.
    pub unit: Unit,
}

/// The computed KPIs, in display order.
#[derive(Debug, Clone, Default)]
pub struct Kpis {
    /// All KPIs.
    pub list: Vec<Kpi>,
    /// Customers, for charts.
    pub customers: Vec<Customer>,
    /// Economics inputs.
    pub economics: Economics,
    /// Snapshots from `data/kpi_history.csv`, by KPI key.
    pub history: History,
    /// The typed `data/pipeline.csv`, when there is one.
    pub pipeline: Option<crate::pipeline::Pipeline>,
}

impl Kpis {
    /// Value of a KPI by key (0 when unknown).
    pub(crate) fn get(&self, key: &str) -> f64 {
        self.list
            .iter()
            .find(|k| k.key == key)
            .map_or(0.0, |k| k.value)
    }

    /// The `data/customers.yaml` row of customer `name`, compared as the
    /// anonymiser and the audit compare names (case, spacing, accents and
    /// punctuation aside: [`crate::matcher`]).
    pub(crate) fn customer(&self, name: &str) -> Option<&Customer> {
        let name = crate::matcher::Pattern::new(name)?;
        self.customers
            .iter()
            .find(|c| crate::matcher::Pattern::new(&c.name).as_ref() == Some(&name))
    }

    /// `{ key: { label, value, display, formula } }` of the KPIs `shown`
    /// keeps: the `kpis` of `kpis.json` and `traction kpis --json`.
    pub(crate) fn to_json(&self, shown: impl Fn(&str) -> bool) -> serde_json::Value {
        serde_json::Value::Object(
            self.list
                .iter()
                .filter(|k| shown(k.key))
                .map(|k| {
                    let fields = self.fields_with_target(k);
                    (k.key.to_string(), serde_json::Value::Object(fields))
                })
                .collect(),
        )
    }

    /// `[ { key, unit, label, value, display, formula } ]` of the KPIs `shown`
    /// keeps, in display order: templates' `kpi_list`.
    pub(crate) fn to_list(&self, shown: impl Fn(&str) -> bool) -> serde_json::Value {
        serde_json::Value::Array(
            self.list
                .iter()
                .filter(|k| shown(k.key))
                .map(|k| {
                    let mut m = self.fields_with_target(k);
                    m.insert("key".into(), k.key.into());
                    m.insert(
                        "unit".into(),
                        serde_json::to_value(k.unit).expect("a unit always serialises"),
                    );
                    serde_json::Value::Object(m)
                })
                .collect(),
        )
    }

    /// `{ key: value }` of the KPIs `shown` keeps, with each deprecated key
    /// whose old or new name is shown: templates' `kpis`.
    pub(crate) fn to_values(&self, shown: impl Fn(&str) -> bool) -> serde_json::Value {
        let mut map: serde_json::Map<String, serde_json::Value> = self
            .list
            .iter()
            .filter(|k| shown(k.key))
            .map(|k| (k.key.to_string(), json_number(k.value)))
            .collect();
        for (old, new) in DEPRECATED {
            if shown(old) || shown(new) {
                map.insert(old.to_string(), json_number(self.get(new)));
            }
        }
        serde_json::Value::Object(map)
    }
}

impl Kpi {
    /// The fields every JSON form of a KPI shares: one shape for `kpis.json`,
    /// `traction kpis --json` and `kpi_list`.
    fn fields(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut m = serde_json::Map::new();
        m.insert("label".into(), self.label.into());
        m.insert("value".into(), json_number(self.value));
        m.insert("display".into(), self.display.clone().into());
        m.insert("formula".into(), self.formula.into());
        m
    }
}

/// Removes from `data.economics` the inputs of KPIs a profile withholds
/// (`published(key)` false): each field is the input of the KPI of its name,
/// `pipeline_by_stage` of `pipeline`, `stated.<key>` of `<key>`; fields no KPI
/// reads stay. Inputs feeding several KPIs (`cac` into `ltv_cac`) go with
/// their own KPI, and `ltv_cac`'s inputs go when it is withheld too.
pub(crate) fn withhold_economics(
    economics: &mut serde_json::Map<String, serde_json::Value>,
    published: impl Fn(&str) -> bool,
) {
    economics.retain(|field, _| {
        TABLE
            .iter()
            .filter(|d| d.inputs.contains(&field.as_str()))
            .all(|d| published(d.key))
    });
    for by_kpi in ["stated", "targets"] {
        if let Some(map) = economics.get_mut(by_kpi).and_then(|s| s.as_object_mut()) {
            map.retain(|k, _| published(k));
        }
    }
}

/// Rounds to cents so JSON never shows 10416.666666666666.
pub(crate) fn json_number(v: f64) -> serde_json::Value {
    let rounded = (v * 10_000.0).round() / 10_000.0;
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        serde_json::Value::from(rounded as i64)
    } else {
        serde_json::Number::from_f64(rounded)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// Deprecated KPI keys and the key each now means: templates and `kpis:` lists
/// may still name them.
pub(crate) const DEPRECATED: [(&str, &str); 1] = [("avg_nps", "avg_recommend")];

/// The key `key` now means (a deprecated key's replacement, else itself).
pub(crate) fn current_key(key: &str) -> &str {
    DEPRECATED
        .iter()
        .find(|(old, _)| *old == key)
        .map_or(key, |(_, new)| new)
}

/// The Net Promoter Score of 0-10 answers: % promoters (9-10) minus % detractors (0-6).
pub(crate) fn net_promoter_score(answers: &[f64]) -> f64 {
    if answers.is_empty() {
        return 0.0;
    }
    let n = answers.len() as f64;
    let promoters = answers.iter().filter(|&&a| a >= 9.0).count() as f64;
    let detractors = answers.iter().filter(|&&a| a <= 6.0).count() as f64;
    (promoters - detractors) / n * 100.0
}

fn div(a: f64, b: f64) -> f64 {
    if b == 0.0 { 0.0 } else { a / b }
}

/// Computes the KPIs with the default pipeline mapping (a site without `pipeline:`).
#[cfg(test)]
pub(crate) fn compute(data: &Data) -> Result<(Kpis, Vec<Diagnostic>), Vec<Diagnostic>> {
    compute_with(data, &crate::config::PipelineMapping::default(), "")
}

/// Computes the KPIs, reading `data/pipeline.csv` with `site.yaml`'s mapping
/// (`config_text` locates its errors); warnings (stated figures that
/// disagree) are returned beside them.
pub(crate) fn compute_with(
    data: &Data,
    mapping: &crate::config::PipelineMapping,
    config_text: &str,
) -> Result<(Kpis, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let customers: Vec<Customer> = typed(data, "customers", &mut errors).unwrap_or_default();
    let economics: Economics = typed(data, "economics", &mut errors).unwrap_or_default();
    let pipeline = crate::pipeline::load(data, mapping, config_text)
        .map_err(|e| errors.extend(e))
        .ok()
        .flatten();
    errors.extend(out_of_range(data, &customers, &economics));
    errors.extend(targets::check(data, &economics.targets));
    let history = history::load(data).unwrap_or_else(|e| {
        errors.extend(e);
        History::new()
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    let paying: Vec<&Customer> = customers.iter().filter(|c| c.stage.is_revenue()).collect();
    let arr: f64 = paying.iter().map(|c| c.acv).sum();
    let count = paying.len() as f64;
    let live = customers.iter().filter(|c| c.stage == Stage::Live).count() as f64;
    let answers: Vec<f64> = paying.iter().filter_map(|c| c.answer()).collect();
    let avg_acv = div(arr, count);
    let monthly_margin = avg_acv / 12.0 * economics.gross_margin;
    let ltv = monthly_margin * economics.expected_lifetime_months;
    let inputs = Inputs {
        arr,
        count,
        live,
        answers,
        avg_acv,
        monthly_margin,
        ltv,
        economics: &economics,
        deals: pipeline.as_ref().map(crate::pipeline::Pipeline::totals),
        days_to_live: implementation::mean_days_to_live(&customers),
    };
    let list: Vec<Kpi> = TABLE
        .iter()
        .map(|d| {
            let value = (d.compute)(&inputs);
            Kpi {
                key: d.key,
                label: d.label,
                value,
                display: display(value, d.unit),
                formula: d.formula,
                unit: d.unit,
            }
        })
        .collect();
    let kpis = Kpis {
        list,
        customers,
        economics,
        history,
        pipeline,
    };
    let mut warnings = stated_mismatches(data, &kpis);
    warnings.extend(kpis.pipeline.iter().flat_map(|p| p.notices.iter().cloned()));
    warnings.extend(table::pipeline_disagrees(data, &kpis));
    warnings.extend(implementation::go_live_disagrees(data, &kpis.customers));
    warnings.extend(legacy_nps_keys(data, &kpis.customers));
    warnings.extend(unknown_stated(data, &kpis));
    Ok((kpis, warnings))
}

/// `nps:` in data/customers.yaml is the old name of `recommend:`.
fn legacy_nps_keys(data: &Data, customers: &[Customer]) -> Vec<Diagnostic> {
    let Some(file) = data.files.get("customers") else {
        return Vec::new();
    };
    let source = file.yaml_source.as_deref().unwrap_or_default();
    customers
        .iter()
        .filter(|c| c.recommend.is_none() && c.nps.is_some())
        .map(|c| {
            Diagnostic::warning(
                &file.file,
                format!("`nps:` of `{}` is deprecated: it is the customer's 0-10 answer, not a Net Promoter Score", c.name),
            )
            .at(customer_key_line(source, &c.name, "nps").unwrap_or(0), 1)
            .with_source(source)
            .hint("rename it `recommend:`; kpis.nps is now the real score (% promoters − % detractors)")
        })
        .collect()
}

/// Largest money figure accepted in data: keeps every sum and product finite.
const MAX_MONEY: f64 = 1e12;

/// Smallest CAC accepted: LTV:CAC and payback divide by it, so 0 (or a
/// denormal such as 1e-300) would print `0:1` or an infinite ratio.
const MIN_CAC: f64 = 1.0;

/// An NPS lies between -100 and 100 (a single answer between 0 and 10).
/// A "how likely are you to recommend us?" answer: a whole number from 0 to 10.
const RECOMMEND_RANGE: (f64, f64) = (0.0, 10.0);

/// Figures that would make a KPI negative nonsense or infinite (templates then
/// fail far from the cause), located in the data file.
fn out_of_range(data: &Data, customers: &[Customer], economics: &Economics) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut check = |stem: &str,
                     find: &dyn Fn(&str) -> Option<usize>,
                     what: String,
                     value: f64,
                     (min, max): (f64, f64)| {
        if value.is_finite() && (min..=max).contains(&value) {
            return;
        }
        let Some(file) = data.files.get(stem) else {
            return;
        };
        let source = file.yaml_source.as_deref().unwrap_or_default();
        let line = find(source).unwrap_or(0);
        errors.push(
            Diagnostic::error(
                &file.file,
                format!("{what} is {}, out of range", figure(value)),
            )
            .at(line, 1)
            .with_source(source)
            .expected(format!("a number from {} to {}", figure(min), figure(max)))
            .hint("check for a typo: an extra digit, a minus sign or an exponent"),
        );
    };
    for c in customers {
        let row = |source: &str| customer_line(source, &c.name);
        check(
            "customers",
            &row,
            format!("the ACV of `{}`", c.name),
            c.acv,
            (0.0, MAX_MONEY),
        );
        if let Some(answer) = c.answer() {
            let key = if c.recommend.is_some() {
                "recommend"
            } else {
                "nps"
            };
            check(
                "customers",
                &|source: &str| customer_key_line(source, &c.name, key),
                format!("the `{key}` answer of `{}`", c.name),
                answer,
                RECOMMEND_RANGE,
            );
        }
    }
    // A recommend answer is a whole number on the 0-10 scale.
    let mut not_whole = Vec::new();
    if let Some(file) = data.files.get("customers") {
        let source = file.yaml_source.as_deref().unwrap_or_default();
        for c in customers {
            let Some(answer) = c.answer().filter(|a| a.is_finite() && a.fract() != 0.0) else {
                continue;
            };
            let key = if c.recommend.is_some() {
                "recommend"
            } else {
                "nps"
            };
            not_whole.push(
                Diagnostic::error(
                    &file.file,
                    format!("the `{key}` answer of `{}` is {answer}, not a whole number", c.name),
                )
                .at(customer_key_line(source, &c.name, key).unwrap_or(0), 1)
                .with_source(source)
                .expected("a whole number from 0 (not at all likely to recommend) to 10 (extremely likely)")
                .hint("answers are whole numbers; averages are computed (kpis.avg_recommend)"),
            );
        }
    }
    let e = economics;
    let top = |key: &'static str| move |source: &str| yaml::key_line(source, key);
    // An empty or absent economics file means "no unit economics yet"; once
    // the file says anything, CAC must be a real cost (see docs/CONTENT.md).
    let economics_given = data
        .files
        .get("economics")
        .is_some_and(|f| !f.value.is_null());
    let cac_range = if economics_given {
        (MIN_CAC, MAX_MONEY)
    } else {
        (0.0, MAX_MONEY)
    };
    let cac_what = if e.cac == 0.0 {
        "`cac` (LTV:CAC and payback divide by it)".to_string()
    } else {
        "`cac`".to_string()
    };
    check("economics", &top("cac"), cac_what, e.cac, cac_range);
    check(
        "economics",
        &top("pipeline"),
        "`pipeline`".into(),
        e.pipeline,
        (0.0, MAX_MONEY),
    );
    for (stage, value) in &e.pipeline_by_stage {
        check(
            "economics",
            &|source: &str| Some(key_line_under(source, "pipeline_by_stage", stage)),
            format!("`pipeline_by_stage.{stage}`"),
            *value,
            (0.0, MAX_MONEY),
        );
    }
    check(
        "economics",
        &top("gross_margin"),
        "`gross_margin`".into(),
        e.gross_margin,
        (0.0, 1.0),
    );
    check(
        "economics",
        &top("expected_lifetime_months"),
        "`expected_lifetime_months`".into(),
        e.expected_lifetime_months,
        (0.0, 1200.0),
    );
    errors.extend(not_whole);
    errors
}

/// A figure as people write it: `1e308`, not 309 digits.
fn figure(value: f64) -> String {
    if value != 0.0 && !(1e-4..1e13).contains(&value.abs()) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// 1-based line of a customer's entry: the first non-comment line naming it.
/// Line of `key:` in the row of customer `name` (the row's first line if the key is not found).
fn customer_key_line(source: &str, name: &str, key: &str) -> Option<usize> {
    let start = customer_line(source, name)?;
    let pattern = format!("{key}:");
    source
        .lines()
        .enumerate()
        .skip(start - 1)
        .take_while(|(i, l)| *i + 1 == start || !l.trim_start().starts_with("- "))
        .find(|(_, l)| l.split('#').next().unwrap_or("").contains(&pattern))
        .map(|(i, _)| i + 1)
        .or(Some(start))
}

pub(crate) fn customer_line(source: &str, name: &str) -> Option<usize> {
    source
        .lines()
        .position(|l| !l.trim_start().starts_with('#') && l.contains(name))
        .map(|i| i + 1)
}

/// A KPI value formatted for its unit.
pub(crate) fn display(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Money if value.fract().abs() > 0.001 => format::money(value, false, true),
        Unit::Money => format::money(value, false, false),
        Unit::Percent => format::percent(value, 0),
        Unit::Count => format::number(value, 0),
        Unit::Ratio => format!(
            "{}:1",
            format::number(value, if value.fract().abs() < 0.05 { 0 } else { 1 })
        ),
        Unit::Months => format!("{} months", format::number(value, 1)),
        Unit::Score => format::number(value, 1),
        Unit::Nps if value > 0.0 => format!("+{}", format::number(value, 0)),
        Unit::Nps => format::number(value, 0).replace('-', "−"),
        Unit::Days => format!("{} days", format::number(value, 0)),
    }
}

fn typed<T: serde::de::DeserializeOwned + Default>(
    data: &Data,
    stem: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<T> {
    let file = data.files.get(stem)?;
    let Some(source) = &file.yaml_source else {
        return serde_json::from_value(file.value.clone())
            .map_err(|e| {
                let expected = if stem == "customers" {
                    "a list of customers: { name, acv, stage, signed_week, live_week, nps }"
                } else {
                    "a mapping of cac, gross_margin, expected_lifetime_months, pipeline"
                };
                errors.push(
                    Diagnostic::error(&file.file, format!("wrong shape: {e}"))
                        .expected(expected)
                        .hint(format!(
                            "data.{stem} feeds the KPIs (see docs/CONTENT.md); a YAML file gives line numbers"
                        )),
                )
            })
            .ok();
    };
    if source.trim().is_empty() {
        return Some(T::default());
    }
    yaml::parse(source, &file.file, 1, source, yaml::Size::Large)
        .map_err(|d| errors.push(d))
        .ok()
}

fn stated_mismatches(data: &Data, kpis: &Kpis) -> Vec<Diagnostic> {
    let Some(file) = data.files.get("economics") else {
        return Vec::new();
    };
    let source = file.yaml_source.as_deref().unwrap_or_default();
    kpis.economics
        .stated
        .iter()
        .filter_map(|(key, stated)| {
            let kpi = kpis.list.iter().find(|k| k.key == key)?;
            let tolerance = (kpi.value.abs() * 0.005).max(0.5);
            if (kpi.value - stated).abs() <= tolerance {
                return None;
            }
            Some(
                Diagnostic::warning(
                    &file.file,
                    format!(
                        "stated {} {} disagrees with the computed {}",
                        kpi.label,
                        display(*stated, kpi.unit),
                        kpi.display
                    ),
                )
                .at(key_line_under_stated(source, key), 1)
                .with_source(source)
                .expected(format!("{} = {}", kpi.formula, kpi.display))
                .hint(format!(
                    "write `{{{{ kpis.{key} }}}}` in pages instead of typing the figure"
                )),
            )
        })
        .collect()
}

fn unknown_stated(data: &Data, kpis: &Kpis) -> Vec<Diagnostic> {
    let Some(file) = data.files.get("economics") else {
        return Vec::new();
    };
    let source = file.yaml_source.as_deref().unwrap_or_default();
    kpis.economics
        .stated
        .keys()
        .filter(|k| !KEYS.contains(&k.as_str()))
        .map(|k| {
            let mut d = Diagnostic::warning(&file.file, format!("`stated.{k}` is not a KPI"))
                .at(key_line_under_stated(source, k), 1)
                .with_source(source)
                .expected(format!("one of {}", KEYS.join(", ")));
            if let Some(best) = did_you_mean(k, KEYS) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            d
        })
        .collect()
}

fn key_line_under_stated(source: &str, key: &str) -> usize {
    key_line_under(source, "stated", key)
}

/// 1-based line of `key:` indented under the top-level `parent:` (the parent's line if absent).
fn key_line_under(source: &str, parent: &str, key: &str) -> usize {
    let start = yaml::key_line(source, parent).unwrap_or(1);
    source
        .lines()
        .enumerate()
        .skip(start)
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or(start, |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::table::DEPRECATED_ALIASES;
    use super::*;
    use crate::data::DataFile;

    fn data(customers: &str, economics: &str) -> Data {
        let mut d = Data::default();
        for (stem, src) in [("customers", customers), ("economics", economics)] {
            d.files.insert(
                stem.into(),
                DataFile {
                    file: format!("data/{stem}.yaml").into(),
                    value: serde_json::Value::Null,
                    yaml_source: Some(src.to_string()),
                    csv_source: None,
                },
            );
        }
        d
    }

    const CUSTOMERS: &str = "- { name: A, acv: 50000, stage: live, recommend: 9 }\n- { name: B, acv: 40000, stage: implementing, recommend: 6 }\n- { name: C, acv: 35000, stage: signed, recommend: 10 }\n- { name: D, acv: 90000, stage: prospect, recommend: 0 }\n";
    const ECONOMICS: &str = "cac: 5000\ngross_margin: 0.8\nexpected_lifetime_months: 54\npipeline: 600000\nstated:\n  mrr: 10417\n  quarterly_revenue: 37500\n";

    #[test]
    fn kpis_follow_the_spec_formulas() {
        let (k, _) = compute(&data(CUSTOMERS, ECONOMICS)).unwrap();
        assert_eq!(k.get("arr"), 125_000.0);
        assert!((k.get("mrr") - 10_416.666).abs() < 0.01);
        assert!((k.get("quarterly_revenue") - 31_250.0).abs() < 0.01);
        assert_eq!(k.get("customers"), 3.0);
        assert_eq!(k.get("live_customers"), 1.0);
        assert!((k.get("ltv") - 150_000.0).abs() < 0.01);
        assert!((k.get("ltv_cac") - 30.0).abs() < 1e-9);
        assert!((k.get("payback_months") - 1.8).abs() < 1e-9);
        // Paying customers answered 9, 6 and 10: two promoters, one detractor.
        assert!((k.get("nps") - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(display(k.get("nps"), Unit::Nps), "+33");
        assert_eq!(display(-50.0, Unit::Nps), "−50");
        assert!((k.get("avg_recommend") - 25.0 / 3.0).abs() < 1e-9);
        assert_eq!(k.get("min_recommend"), 6.0);
        assert_eq!(display(k.get("mrr"), Unit::Money), "$10,416.67");
    }

    #[test]
    fn recommend_answers_are_whole_numbers_from_0_to_10_and_nps_is_deprecated() {
        for bad in ["8.5", "11", "-1"] {
            let customers = format!("- name: A\n  acv: 1000\n  stage: live\n  recommend: {bad}\n");
            let err = compute(&loaded(&customers, "")).unwrap_err();
            assert_eq!(err[0].line, 4, "{err:?}");
            assert!(
                err[0].message.contains("`recommend` answer of `A`"),
                "{err:?}"
            );
        }
        let (k, warnings) = compute(&loaded(
            "- { name: A, acv: 1000, stage: live, nps: 9 }\n",
            "",
        ))
        .unwrap();
        assert_eq!(k.get("nps"), 100.0);
        assert!(
            warnings
                .iter()
                .any(|w| w.message.contains("`nps:` of `A` is deprecated")),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_stated_figure_that_disagrees_is_a_warning_naming_both() {
        let (_, warnings) = compute(&data(CUSTOMERS, ECONOMICS)).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let w = &warnings[0];
        assert_eq!(w.line, 7);
        assert!(
            w.message.contains("$37,500") && w.message.contains("$31,250"),
            "{}",
            w.message
        );
    }

    #[test]
    fn a_customer_row_is_found_however_the_case_study_writes_the_name() {
        let (k, _) = compute(&data(
            "- { name: \"Crème Provisions\", acv: 1000, stage: live }\n",
            "",
        ))
        .unwrap();
        for written in [
            "Crème Provisions",
            "CRÈME  PROVISIONS",
            "Cre\u{300}me\u{a0}Provisions",
        ] {
            assert!(k.customer(written).is_some(), "{written}");
        }
        assert!(k.customer("Creme Provisions").is_none());
    }

    #[test]
    fn customer_schema_errors_are_located() {
        let err = compute(&data("- { name: A, acv: lots, stage: live }\n", "")).unwrap_err();
        assert_eq!(err[0].line, 1);
        assert_eq!(err[0].file, std::path::Path::new("data/customers.yaml"));
    }

    #[test]
    fn figures_that_overflow_or_go_negative_are_located() {
        let err = compute(&data(
            "- { name: A, acv: 1.7e308, stage: live }\n- { name: B, acv: -5, stage: live }\n",
            "cac: 100\ngross_margin: 80\n",
        ))
        .unwrap_err();
        assert_eq!(err.len(), 3, "{err:?}");
        assert_eq!(
            (err[0].line, err[1].line, err[2].line),
            (1, 2, 2),
            "{err:?}"
        );
        assert!(err[2].file.ends_with("economics.yaml"), "{err:?}");
    }

    /// Like `data`, with the parsed values the data stage would give.
    fn loaded(customers: &str, economics: &str) -> Data {
        let mut d = data(customers, economics);
        for f in d.files.values_mut() {
            let src = f.yaml_source.as_deref().unwrap_or_default();
            f.value = serde_saphyr::from_str(src).unwrap_or(serde_json::Value::Null);
        }
        d
    }

    #[test]
    fn tiny_cac_huge_nps_and_stage_values_are_located_with_their_range() {
        let economics = "# POC: proof of concept\ncac: 1e-300\npipeline: 10\npipeline_by_stage:\n  Discovery: 5\n  POC: 1e308\n";
        let customers =
            "# A is our first\n- { name: A, acv: 50000, stage: live, recommend: 1e308 }\n";
        let err = compute(&loaded(customers, economics)).unwrap_err();
        let found: Vec<(String, usize, &str)> = err
            .iter()
            .map(|d| (d.file.display().to_string(), d.line, d.message.as_str()))
            .collect();
        assert_eq!(err.len(), 3, "{found:?}");
        assert_eq!(
            (found[0].0.as_str(), found[0].1),
            ("data/customers.yaml", 2),
            "{found:?}"
        );
        assert!(
            found[0].2.contains("`recommend` answer of `A` is 1e308"),
            "{found:?}"
        );
        assert_eq!(err[0].expected.as_deref(), Some("a number from 0 to 10"));
        assert_eq!(found[1].1, 2, "cac: {found:?}");
        assert!(found[1].2.contains("`cac` is 1e-300"), "{found:?}");
        assert_eq!(found[2].1, 6, "the stage's own line: {found:?}");
        assert!(found[2].2.contains("`pipeline_by_stage.POC`"), "{found:?}");
    }

    #[test]
    fn a_zero_cac_is_a_located_error_not_a_ratio_of_0_to_1() {
        let err = compute(&loaded(
            CUSTOMERS,
            &ECONOMICS.replace("cac: 5000", "cac: 0"),
        ))
        .unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
        assert_eq!(err[0].line, 1, "{err:?}");
        assert!(err[0].message.contains("divide by it"), "{err:?}");
        // An empty economics file is "no figures yet", not an error.
        assert!(compute(&loaded(CUSTOMERS, "")).is_ok());
    }

    #[test]
    fn no_data_means_zero_kpis_not_a_crash() {
        let (k, _) = compute(&Data::default()).unwrap();
        assert_eq!(k.get("ltv_cac"), 0.0);
    }

    #[test]
    fn every_kpi_has_a_unique_key_a_label_a_formula_and_a_name_people_write() {
        let mut keys: Vec<&str> = TABLE.iter().map(|d| d.key).collect();
        assert_eq!(keys, KEYS, "KEYS is the table's keys in display order");
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), TABLE.len(), "keys are unique");
        for d in &TABLE {
            assert!(!d.label.is_empty(), "{}", d.key);
            assert!(!d.formula.is_empty(), "{}", d.key);
            assert!(!d.aliases.is_empty(), "{}", d.key);
            assert_eq!(unit_of(d.key), Some(d.unit), "{}", d.key);
        }
        assert_eq!(
            unit_of("avg_nps"),
            None,
            "no site computes a deprecated key"
        );
    }

    #[test]
    fn aliases_are_unique_and_name_a_kpi_or_a_deprecated_key() {
        let mut seen = std::collections::BTreeSet::new();
        for (alias, key) in ALIASES {
            assert!(
                seen.insert(alias.to_ascii_lowercase()),
                "`{alias}` names two KPIs"
            );
            assert!(
                KEYS.contains(key) || DEPRECATED.iter().any(|(old, _)| old == key),
                "`{alias}` names `{key}`"
            );
        }
        assert_eq!(
            ALIASES.len(),
            TABLE.iter().map(|d| d.aliases.len()).sum::<usize>() + DEPRECATED_ALIASES.len()
        );
        assert!(ALIASES.contains(&("average NPS", "avg_nps")));
        assert!(ALIASES.contains(&("LTV:CAC", "ltv_cac")));
    }

    #[test]
    fn the_json_shapes_of_kpis_json_kpi_list_and_kpis_hold_their_fields() {
        let (k, _) = compute(&data(CUSTOMERS, ECONOMICS)).unwrap();
        let json = k.to_json(|key| key == "mrr" || key == "customers");
        assert_eq!(
            serde_json::to_string(&json).unwrap(),
            r#"{"customers":{"display":"3","formula":"count of signed, implementing and live customers","label":"Customers","value":3},"mrr":{"display":"$10,416.67","formula":"arr / 12","label":"MRR","value":10416.6667}}"#
        );
        let list = k.to_list(|key| key == "mrr" || key == "customers");
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"[{"display":"$10,416.67","formula":"arr / 12","key":"mrr","label":"MRR","unit":"money","value":10416.6667},{"display":"3","formula":"count of signed, implementing and live customers","key":"customers","label":"Customers","unit":"count","value":3}]"#
        );
        assert_eq!(k.to_json(|_| true).as_object().unwrap().len(), TABLE.len());
        let values = k.to_values(|key| key == "avg_recommend");
        assert_eq!(
            serde_json::to_string(&values).unwrap(),
            r#"{"avg_nps":8.3333,"avg_recommend":8.3333}"#
        );
        let values = k.to_values(|key| key == "avg_nps");
        assert_eq!(
            serde_json::to_string(&values).unwrap(),
            r#"{"avg_nps":8.3333}"#
        );
    }

    #[test]
    fn withheld_kpis_take_the_economics_they_read_with_them() {
        let economics = || {
            serde_json::json!({ "cac": 1, "gross_margin": 0.8, "expected_lifetime_months": 54,
                "pipeline": 2, "pipeline_by_stage": {}, "note": "kept",
                "stated": { "mrr": 1, "ltv": 2 } })
            .as_object()
            .unwrap()
            .clone()
        };
        let kept = |withheld: &[&str]| {
            let mut e = economics();
            withhold_economics(&mut e, |k| !withheld.contains(&k));
            serde_json::to_string(&e).unwrap()
        };
        assert_eq!(
            kept(&["ltv"]),
            r#"{"cac":1,"note":"kept","pipeline":2,"pipeline_by_stage":{},"stated":{"mrr":1}}"#
        );
        assert_eq!(
            kept(&["payback_months", "pipeline"]),
            r#"{"expected_lifetime_months":54,"note":"kept","stated":{"ltv":2,"mrr":1}}"#
        );
        assert_eq!(kept(&["arr"]), serde_json::to_string(&economics()).unwrap());
    }
}
