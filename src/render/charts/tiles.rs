//! What the KPI tiles show beyond the value: the target with a progress bar,
//! a sparkline of the snapshots and the change since the previous snapshot.

use serde_json::{Map, Value, json};

use super::svg;
use crate::audience::View;
use crate::kpis::{Kpis, Unit, display};
use crate::site::Site;

/// Adds `sparkline`, `change`, `change_display`, `since`, `history`,
/// `target_pct` and `progress_display` to each tile of `list` (templates' `kpi_list`), from the
/// snapshots dated before today and the targets (already in the list).
pub(crate) fn decorate(site: &Site, list: &mut Value) {
    let today = site.now.date();
    let Some(items) = list.as_array_mut() else {
        return;
    };
    for item in items {
        let Some(m) = item.as_object_mut() else {
            continue;
        };
        let Some(key) = m.get("key").and_then(Value::as_str).map(str::to_string) else {
            continue;
        };
        let Some(kpi) = site.kpis.list.iter().find(|k| k.key == key) else {
            continue;
        };
        if let Some(t) = site.kpis.target(&key) {
            // The bar's width: reaching the target fills it, going beyond does not overflow it.
            let share = if t > 0.0 { kpi.value / t } else { 0.0 };
            let bar = (share * 100.0).round().clamp(0.0, 100.0) as i64;
            m.insert("target_pct".into(), bar.into());
            m.insert(
                "progress_display".into(),
                crate::format::percent(share, 0).into(),
            );
        }
        tile_trend(&site.kpis, &key, kpi.value, kpi.unit, kpi.label, today, m);
    }
}

fn tile_trend(
    kpis: &Kpis,
    key: &str,
    value: f64,
    unit: Unit,
    label: &str,
    today: jiff::civil::Date,
    m: &mut Map<String, Value>,
) {
    let Some(rows) = kpis.history.get(key) else {
        return;
    };
    // Today's value is the computed one, whether or not today was snapshotted yet.
    let mut series: Vec<(String, f64)> = rows
        .iter()
        .filter(|(d, _)| *d < today)
        .map(|(d, v)| (d.to_string(), *v))
        .collect();
    let previous = series.last().cloned();
    series.push((today.to_string(), value));
    m.insert(
        "history".into(),
        Value::Array(
            series
                .iter()
                .map(|(d, v)| json!({ "date": d, "value": v }))
                .collect(),
        ),
    );
    let Some((since, before)) = previous else {
        return;
    };
    let change = value - before;
    m.insert("change".into(), crate::kpis::json_number(change));
    m.insert(
        "change_display".into(),
        change_text(value, before, unit).into(),
    );
    m.insert("since".into(), since.clone().into());
    let values: Vec<f64> = series.iter().map(|(_, v)| *v).collect();
    let title = format!(
        "{label} over {} snapshots, from {} on {} to {} today",
        values.len(),
        display(values[0], unit),
        series[0].0,
        display(value, unit)
    );
    m.insert("sparkline".into(), svg::sparkline(&values, &title).into());
}

/// `+$35,000`, `−2`, or `no change` when both values read the same (a change
/// smaller than the figure shows is no change to the reader).
fn change_text(value: f64, before: f64, unit: Unit) -> String {
    if display(value, unit) == display(before, unit) {
        return "no change".into();
    }
    // A score's change is points, not a signed score (`+5`, not `++5`).
    let unit = if unit == Unit::Nps { Unit::Count } else { unit };
    let sign = if value > before { "+" } else { "−" };
    format!("{sign}{}", display((value - before).abs(), unit))
}

/// `kpi_history`: the snapshots of the KPIs `view` publishes, `{ key: [{date, value}] }`.
pub(crate) fn history_value(site: &Site, view: &View) -> Value {
    Value::Object(
        site.kpis
            .history
            .iter()
            .filter(|(k, _)| view.profile.publishes(k))
            .map(|(k, rows)| {
                let rows = rows
                    .iter()
                    .map(|(d, v)| json!({ "date": d.to_string(), "value": crate::kpis::json_number(*v) }))
                    .collect();
                (k.clone(), Value::Array(rows))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_signed_in_its_unit_and_none_when_it_reads_the_same() {
        assert_eq!(change_text(125_000.0, 90_000.0, Unit::Money), "+$35,000");
        assert_eq!(
            change_text(10_416.67, 10_416.666_7, Unit::Money),
            "no change"
        );
        assert_eq!(change_text(60.0, 67.0, Unit::Nps), "−7");
        assert_eq!(change_text(1.0, 0.0, Unit::Count), "+1");
    }
}
