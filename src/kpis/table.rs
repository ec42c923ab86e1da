//! The one definition of every KPI: key, label, unit, printed formula, the
//! words people write for it and how it is computed. Everything that lists
//! KPIs (`KEYS`, the numbers lint's aliases and units, what withholding a KPI
//! removes, the JSON forms) derives from `TABLE`, so a KPI added here is
//! known everywhere at once.

use super::{Economics, Kpis, Unit, div, net_promoter_score};
use crate::data::Data;
use crate::diagnostics::Diagnostic;
use crate::pipeline::Totals;

/// What the KPIs are computed from: the paying customers' figures and the
/// economics inputs, each intermediate computed once.
pub(super) struct Inputs<'a> {
    pub(super) arr: f64,
    pub(super) count: f64,
    pub(super) live: f64,
    pub(super) answers: Vec<f64>,
    pub(super) avg_acv: f64,
    pub(super) monthly_margin: f64,
    pub(super) ltv: f64,
    pub(super) economics: &'a Economics,
    /// `data/pipeline.csv`'s figures, when the export exists.
    pub(super) deals: Option<Totals>,
    pub(super) days_to_live: f64,
}

/// One KPI: its key, what people call it, how it is shown and how it is computed.
#[derive(Debug)]
pub(crate) struct Definition {
    /// Key used in templates, `kpis:` lists and `kpis.json` (`arr`).
    pub key: &'static str,
    /// Name for people.
    pub label: &'static str,
    /// How it is shown.
    pub unit: Unit,
    /// How it is computed, as `traction kpis` prints it.
    pub formula: &'static str,
    /// The words people write for it, which the numbers lint and the leak audit look for.
    pub aliases: &'static [&'static str],
    /// The fields of `data/economics.yaml` it reads: withheld with it.
    pub inputs: &'static [&'static str],
    pub(super) compute: fn(&Inputs) -> f64,
}

/// Every KPI, in display order: the one place a KPI is defined.
pub(crate) const TABLE: [Definition; 22] = [
    Definition {
        key: "arr",
        label: "ARR",
        unit: Unit::Money,
        formula: "sum of ACV of signed, implementing and live customers",
        aliases: &[
            "ARR",
            "annual recurring revenue",
            "annualized revenue",
            "annualised revenue",
            "annual run rate",
        ],
        inputs: &[],
        compute: |i| i.arr,
    },
    Definition {
        key: "mrr",
        label: "MRR",
        unit: Unit::Money,
        formula: "arr / 12",
        aliases: &["MRR", "monthly recurring revenue", "monthly revenue"],
        inputs: &[],
        compute: |i| i.arr / 12.0,
    },
    Definition {
        key: "quarterly_revenue",
        label: "Quarterly run rate",
        unit: Unit::Money,
        formula: "mrr × 3",
        aliases: &[
            "quarterly run rate",
            "quarterly run-rate",
            "quarterly revenue",
        ],
        inputs: &[],
        compute: |i| i.arr / 12.0 * 3.0,
    },
    Definition {
        key: "customers",
        label: "Customers",
        unit: Unit::Count,
        formula: "count of signed, implementing and live customers",
        aliases: &["customers", "paying customers"],
        inputs: &[],
        compute: |i| i.count,
    },
    Definition {
        key: "live_customers",
        label: "Live customers",
        unit: Unit::Count,
        formula: "count of customers with stage live",
        aliases: &[
            "live customers",
            "customers live",
            "customers in production",
        ],
        inputs: &[],
        compute: |i| i.live,
    },
    Definition {
        key: "go_live_rate",
        label: "Go-live rate",
        unit: Unit::Percent,
        formula: "live_customers / customers",
        aliases: &["go-live rate", "go live rate"],
        inputs: &[],
        compute: |i| div(i.live, i.count),
    },
    Definition {
        key: "avg_acv",
        label: "Average ACV",
        unit: Unit::Money,
        formula: "arr / customers",
        aliases: &[
            "average ACV",
            "avg ACV",
            "average contract value",
            "average deal size",
        ],
        inputs: &[],
        compute: |i| i.avg_acv,
    },
    // `nps` is the Net Promoter Score (-100..+100); the mean 0-10 answer is
    // `avg_recommend` (`avg_nps` is its old name, see `DEPRECATED`).
    Definition {
        key: "nps",
        label: "NPS",
        unit: Unit::Nps,
        formula: "% promoters (9-10) − % detractors (0-6) among paying customers' recommend answers",
        aliases: &["NPS", "net promoter score"],
        inputs: &[],
        compute: |i| net_promoter_score(&i.answers),
    },
    Definition {
        key: "avg_recommend",
        label: "Average likelihood to recommend (0-10)",
        unit: Unit::Score,
        formula: "mean recommend answer of paying customers",
        aliases: &[
            "average recommend score",
            "recommend score",
            "likelihood to recommend",
        ],
        inputs: &[],
        compute: |i| div(i.answers.iter().sum(), i.answers.len() as f64),
    },
    Definition {
        key: "min_recommend",
        label: "Lowest likelihood to recommend (0-10)",
        unit: Unit::Score,
        formula: "lowest recommend answer of paying customers",
        aliases: &["lowest recommend score"],
        inputs: &[],
        compute: |i| i.answers.iter().copied().reduce(f64::min).unwrap_or(0.0),
    },
    Definition {
        key: "ltv",
        label: "LTV",
        unit: Unit::Money,
        formula: "avg_acv / 12 × gross_margin × expected_lifetime_months",
        aliases: &["LTV", "lifetime value", "customer lifetime value"],
        inputs: &["gross_margin", "expected_lifetime_months"],
        compute: |i| i.ltv,
    },
    Definition {
        key: "cac",
        label: "CAC",
        unit: Unit::Money,
        formula: "economics.cac",
        aliases: &["CAC", "customer acquisition cost", "acquisition cost"],
        inputs: &["cac"],
        compute: |i| i.economics.cac,
    },
    Definition {
        key: "ltv_cac",
        label: "LTV:CAC",
        unit: Unit::Ratio,
        formula: "ltv / cac",
        aliases: &["LTV:CAC", "LTV/CAC", "LTV to CAC", "LTV-to-CAC"],
        inputs: &["cac", "gross_margin", "expected_lifetime_months"],
        compute: |i| div(i.ltv, i.economics.cac),
    },
    Definition {
        key: "payback_months",
        label: "Payback",
        unit: Unit::Months,
        formula: "cac / (avg_acv / 12 × gross_margin)",
        aliases: &["payback", "payback period", "CAC payback"],
        inputs: &["cac", "gross_margin"],
        compute: |i| div(i.economics.cac, i.monthly_margin),
    },
    Definition {
        key: "gross_margin",
        label: "Gross margin",
        unit: Unit::Percent,
        formula: "economics.gross_margin",
        aliases: &["gross margin"],
        inputs: &["gross_margin"],
        compute: |i| i.economics.gross_margin,
    },
    Definition {
        key: "expected_lifetime_months",
        label: "Expected lifetime",
        unit: Unit::Months,
        formula: "economics.expected_lifetime_months",
        aliases: &["expected lifetime", "customer lifetime"],
        inputs: &["expected_lifetime_months"],
        compute: |i| i.economics.expected_lifetime_months,
    },
    Definition {
        key: "days_to_live",
        label: "Days from signature to live",
        unit: Unit::Days,
        formula: "mean of go_live.actual − signed over customers with both dates",
        aliases: &[
            "days to live",
            "days from signature to live",
            "time to live",
        ],
        inputs: &[],
        compute: |i| i.days_to_live,
    },
    Definition {
        key: "pipeline",
        label: "Pipeline",
        unit: Unit::Money,
        formula: "sum of amounts of open deals past lead in data/pipeline.csv (else economics.pipeline)",
        aliases: &["pipeline", "qualified pipeline"],
        inputs: &["pipeline", "pipeline_by_stage"],
        compute: |i| i.deals.map_or(i.economics.pipeline, |d| d.qualified),
    },
    Definition {
        key: "weighted_pipeline",
        label: "Weighted pipeline",
        unit: Unit::Money,
        formula: "sum of amount × probability of open deals past lead",
        aliases: &["weighted pipeline", "probability-weighted pipeline"],
        inputs: &[],
        compute: |i| i.deals.map_or(0.0, |d| d.weighted),
    },
    Definition {
        key: "open_deals",
        label: "Open deals",
        unit: Unit::Count,
        formula: "count of open deals past lead",
        aliases: &["open deals", "open opportunities"],
        inputs: &[],
        compute: |i| i.deals.map_or(0.0, |d| d.open as f64),
    },
    Definition {
        key: "poc_deals",
        label: "Deals in POC or discussion",
        unit: Unit::Count,
        formula: "count of deals in poc, proposal or negotiation",
        aliases: &["in active POC/discussion", "deals in POC", "active POCs"],
        inputs: &[],
        compute: |i| i.deals.map_or(0.0, |d| d.active as f64),
    },
    Definition {
        key: "warm_leads",
        label: "Warm leads",
        unit: Unit::Count,
        formula: "count of deals in lead",
        aliases: &["warm leads"],
        inputs: &[],
        compute: |i| i.deals.map_or(0.0, |d| d.warm as f64),
    },
];

/// `economics.pipeline` typed by hand while `data/pipeline.csv` says
/// otherwise: a warning naming both, as for `stated:` figures.
pub(super) fn pipeline_disagrees(data: &Data, kpis: &Kpis) -> Option<Diagnostic> {
    let pipeline = kpis.pipeline.as_ref()?;
    let typed = kpis.economics.pipeline;
    let computed = pipeline.totals().qualified;
    let tolerance = (computed.abs() * 0.005).max(0.5);
    if typed == 0.0 || (typed - computed).abs() <= tolerance {
        return None;
    }
    let file = data.files.get("economics")?;
    let source = file.yaml_source.as_deref().unwrap_or_default();
    Some(
        Diagnostic::warning(
            &file.file,
            format!(
                "`pipeline: {}` disagrees with {} from {}",
                super::display(typed, Unit::Money),
                super::display(computed, Unit::Money),
                pipeline.file.display()
            ),
        )
        .at(crate::yaml::key_line(source, "pipeline").unwrap_or(0), 1)
        .with_source(source)
        .expected("sum of amounts of open deals past lead in the export")
        .hint("remove `pipeline:` from economics.yaml: the export is the source of the figure"),
    )
}

/// Every KPI key, in display order, for messages and `kpis:` lists.
pub const KEYS: [&str; TABLE.len()] = {
    let mut keys = [""; TABLE.len()];
    let mut i = 0;
    while i < TABLE.len() {
        keys[i] = TABLE[i].key;
        i += 1;
    }
    keys
};

/// Words people write for a deprecated key. No site computes `avg_nps`, so a
/// figure next to "average NPS" is not judged, and the phrase keeps the `NPS`
/// inside it from pairing that figure with the Net Promoter Score.
pub(super) const DEPRECATED_ALIASES: [(&str, &str); 1] = [("average NPS", "avg_nps")];

const ALIAS_COUNT: usize = {
    let mut n = DEPRECATED_ALIASES.len();
    let mut i = 0;
    while i < TABLE.len() {
        n += TABLE[i].aliases.len();
        i += 1;
    }
    n
};

const ALIAS_TABLE: [(&str, &str); ALIAS_COUNT] = {
    let mut out = [("", ""); ALIAS_COUNT];
    let mut n = 0;
    let mut i = 0;
    while i < TABLE.len() {
        let mut j = 0;
        while j < TABLE[i].aliases.len() {
            out[n] = (TABLE[i].aliases[j], TABLE[i].key);
            n += 1;
            j += 1;
        }
        i += 1;
    }
    let mut j = 0;
    while j < DEPRECATED_ALIASES.len() {
        out[n] = DEPRECATED_ALIASES[j];
        n += 1;
        j += 1;
    }
    out
};

/// Every name and alias people write for a KPI, with its key (the numbers
/// lint and the leak audit read text with these). Longer phrases win over
/// the words inside them.
pub(crate) const ALIASES: &[(&str, &str)] = &ALIAS_TABLE;

/// The unit of KPI `key`, None for a key no site computes.
pub(crate) fn unit_of(key: &str) -> Option<Unit> {
    TABLE.iter().find(|d| d.key == key).map(|d| d.unit)
}
