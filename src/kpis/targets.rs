//! KPI targets (`targets:` in `data/economics.yaml`): checked against `TABLE`,
//! and carried beside each KPI's value in every JSON form of the KPIs.

use serde_json::{Map, Value};

use super::{KEYS, Kpi, Kpis, MAX_MONEY, current_key, display, json_number, key_line_under};
use crate::data::Data;
use crate::diagnostics::{Diagnostic, did_you_mean};

/// Targets naming no KPI, and targets that are not a figure, as located errors.
pub(super) fn check(
    data: &Data,
    targets: &std::collections::BTreeMap<String, f64>,
) -> Vec<Diagnostic> {
    let Some(file) = data.files.get("economics") else {
        return Vec::new();
    };
    let source = file.yaml_source.as_deref().unwrap_or_default();
    let mut errors = Vec::new();
    for (key, value) in targets {
        let at = key_line_under(source, "targets", key);
        if !KEYS.contains(&current_key(key)) {
            let mut d = Diagnostic::error(&file.file, format!("`targets.{key}` is not a KPI"))
                .at(at, 1)
                .with_source(source)
                .expected(format!("one of {}", KEYS.join(", ")));
            if let Some(best) = did_you_mean(key, KEYS) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            errors.push(d);
        } else if !value.is_finite() || !(0.0..=MAX_MONEY).contains(value) {
            errors.push(
                Diagnostic::error(
                    &file.file,
                    format!("`targets.{key}` is {value}, out of range"),
                )
                .at(at, 1)
                .with_source(source)
                .expected(format!(
                    "a number from 0 to {MAX_MONEY:e}, in the KPI's own unit (0.75 for 75%)"
                )),
            );
        }
    }
    errors
}

impl Kpis {
    /// The target of KPI `key`, if `data/economics.yaml` sets one.
    pub(crate) fn target(&self, key: &str) -> Option<f64> {
        self.economics
            .targets
            .iter()
            .find(|(k, _)| current_key(k) == key)
            .map(|(_, v)| *v)
    }

    /// A KPI's JSON fields with its target, when it has one: `target`,
    /// `target_display` and `progress` (value ÷ target, 0..1 and beyond).
    pub(super) fn fields_with_target(&self, k: &Kpi) -> Map<String, Value> {
        let mut m = k.fields();
        if let Some(t) = self.target(k.key) {
            m.insert("target".into(), json_number(t));
            m.insert("target_display".into(), display(t, k.unit).into());
            let progress = if t > 0.0 { k.value / t } else { 0.0 };
            m.insert("progress".into(), json_number(progress));
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataFile;

    fn economics(src: &str) -> Data {
        let mut d = Data::default();
        d.files.insert(
            "economics".into(),
            DataFile {
                file: "data/economics.yaml".into(),
                value: serde_json::Value::Null,
                yaml_source: Some(src.to_string()),
                csv_source: None,
            },
        );
        d
    }

    #[test]
    fn an_unknown_target_is_located_with_did_you_mean() {
        let e = crate::kpis::compute(&economics(
            "cac: 5000\ntargets:\n  arr: 125000\n  pipline: 600000\n",
        ))
        .unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].line, 4);
        assert!(e[0].message.contains("targets.pipline"));
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `pipeline`?"));
        let e = crate::kpis::compute(&economics("cac: 5000\ntargets:\n  arr: -1\n")).unwrap_err();
        assert_eq!(
            (e[0].line, e[0].message.contains("out of range")),
            (3, true)
        );
    }

    #[test]
    fn targets_ride_with_their_kpi_and_go_when_it_is_withheld() {
        let (kpis, _) = crate::kpis::compute(&economics(
            "cac: 5000\npipeline: 300000\ntargets:\n  pipeline: 600000\n",
        ))
        .unwrap();
        let all = kpis.to_json(|_| true);
        assert_eq!(all["pipeline"]["target"], 600000);
        assert_eq!(all["pipeline"]["target_display"], "$600,000");
        assert_eq!(all["pipeline"]["progress"], 0.5);
        assert!(all["arr"].get("target").is_none());
        let list = kpis.to_list(|k| k != "pipeline");
        assert!(!list.to_string().contains("600000"));
        let mut economics =
            serde_json::json!({ "targets": { "pipeline": 600000, "customers": 3 } });
        crate::kpis::withhold_economics(economics.as_object_mut().unwrap(), |k| k != "pipeline");
        assert_eq!(economics["targets"], serde_json::json!({ "customers": 3 }));
    }
}
