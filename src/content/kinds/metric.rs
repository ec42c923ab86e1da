//! A case study's metric: a before -> after pair or a single value, each
//! value as written (`97%`, `45`, `$1.2M`) with its number when it has one.

use serde::{Deserialize, Deserializer, Serialize};

use super::Better;

/// A metric value as written (`97%`, `45`, `$1.2M`), with its number when it has one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricValue {
    /// Text as written.
    pub text: String,
    /// Number parsed from the text (`97%` -> 97).
    pub number: Option<f64>,
    /// A bound, not a measure (`< 7 days`, `> 99.9%`, `up to 3x`): shown as
    /// written, never turned into a change the source did not claim.
    pub bound: bool,
}

/// How people write a bound: symbols and the words before a figure.
const BOUND_PREFIXES: [&str; 13] = [
    "<",
    ">",
    "≤",
    "≥",
    "~",
    "under ",
    "over ",
    "up to ",
    "less than ",
    "more than ",
    "at least ",
    "at most ",
    "below ",
];

impl MetricValue {
    pub(crate) fn new(text: String) -> MetricValue {
        let cleaned: String = text
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
            .collect();
        let mut number = cleaned.parse::<f64>().ok();
        let upper = text.trim().to_ascii_uppercase();
        if let Some(n) = number.as_mut() {
            if upper.ends_with('K') {
                *n *= 1e3;
            } else if upper.ends_with('M') {
                *n *= 1e6;
            }
        }
        let lower = text.trim_start().to_lowercase();
        let bound = BOUND_PREFIXES.iter().any(|p| lower.starts_with(p));
        MetricValue {
            text,
            number,
            bound,
        }
    }
}

impl<'de> Deserialize<'de> for MetricValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = MetricValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a short text such as 97% or $1.2M")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<MetricValue, E> {
                Ok(MetricValue::new(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<MetricValue, E> {
                Ok(MetricValue::new(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<MetricValue, E> {
                Ok(MetricValue::new(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<MetricValue, E> {
                Ok(MetricValue::new(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl schemars::JsonSchema for MetricValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MetricValue".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number or a short text such as 97% or $1.2M.",
            "type": ["number", "string"],
        })
    }
}

/// One metric of a case study: a before -> after pair, or a single `value`
/// (results such as "24/7 automated lead filtering" have no baseline).
#[derive(schemars::JsonSchema, Debug, Clone, PartialEq, Deserialize, Serialize)]
#[schemars(extend("oneOf" = [{ "required": ["value"] }, { "required": ["before", "after"] }]))]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// What is measured.
    pub label: String,
    /// Value before traction (pairs only).
    #[serde(default)]
    pub before: Option<MetricValue>,
    /// Value after (pairs only).
    #[serde(default)]
    pub after: Option<MetricValue>,
    /// A single result, instead of `before` and `after`.
    #[serde(default)]
    pub value: Option<MetricValue>,
    /// The change in the writer's words (`from weekly to daily`); a pair's
    /// change is otherwise computed.
    #[serde(default)]
    pub change: Option<String>,
    /// Direction of improvement.
    #[serde(default)]
    pub better: Better,
    /// Whether `after` was measured (a result) even though the customer is
    /// not live yet; otherwise it is a target until go-live.
    #[serde(default)]
    pub measured: bool,
}

impl Metric {
    /// The result shown large: `after` of a pair, or the single `value`.
    pub fn result(&self) -> Option<&MetricValue> {
        self.after.as_ref().or(self.value.as_ref())
    }

    /// `before` and `after`, when the metric is a pair.
    pub fn pair(&self) -> Option<(&MetricValue, &MetricValue)> {
        Some((self.before.as_ref()?, self.after.as_ref()?))
    }

    /// What is wrong with the shape of the metric, if anything.
    pub(crate) fn shape_problem(&self) -> Option<String> {
        let label = &self.label;
        match (&self.before, &self.after, &self.value) {
            (None, None, Some(_)) | (Some(_), Some(_), None) => None,
            (_, _, Some(_)) => Some(format!(
                "metric `{label}` has a `value` and `before`/`after`; give one or the other"
            )),
            (None, None, None) => Some(format!(
                "metric `{label}` has no value: it needs `value`, or `before` and `after`"
            )),
            (Some(_), None, None) => Some(format!("metric `{label}` has `before` but no `after`")),
            (None, Some(_), None) => Some(format!("metric `{label}` has `after` but no `before`")),
        }
    }
}
