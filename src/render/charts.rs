//! Charts: one model (`model.rs`) drawn as inline SVG for pages (`svg.rs`) and
//! as display-list items for PDFs (`display.rs`). Authors call `chart(...)` in
//! any template or page; the theme's own charts (`charts.*`) and the KPI tiles'
//! sparklines (`tiles.rs`) are uses of the same model.

use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::audience::View;
use crate::format;
use crate::kpis::Kpis;
use crate::site::Site;

pub(crate) mod display;
pub(crate) mod model;
pub(crate) mod svg;
mod tiles;

pub(crate) use display::{Look, TextLayout, to_display};
pub(crate) use model::Chart;
use model::{Args, Format, Kind, Point};
pub(crate) use tiles::{decorate, history_value};

/// The charts a profile may show, by name: ARR by customer only where both ARR
/// and contract values are published, the pipeline only where it is.
pub(crate) fn for_view(site: &Site, view: &View) -> serde_json::Value {
    let mut charts = serde_json::Map::new();
    if view.profile.publishes("arr") && view.profile.show_acv {
        let labels = crate::audience::customer_labels(site, &view.profile);
        charts.insert(
            "arr_by_customer".into(),
            arr_by_customer(&site.kpis, &labels).into(),
        );
    }
    if view.profile.publishes("pipeline") {
        charts.insert("pipeline".into(), pipeline(&site.kpis).into());
    }
    serde_json::Value::Object(charts)
}

/// ARR by customer, as the page draws it.
pub(crate) fn arr_by_customer(kpis: &Kpis, labels: &[String]) -> String {
    svg::html(&arr_by_customer_chart(kpis, labels))
}

/// Pipeline by stage, as the page draws it.
pub(crate) fn pipeline(kpis: &Kpis) -> String {
    svg::html(&pipeline_chart(kpis))
}

/// ARR by customer: one bar per paying customer (pages, PDFs and slides draw this model).
pub(crate) fn arr_by_customer_chart(kpis: &Kpis, labels: &[String]) -> Chart {
    let points: Vec<Point> = kpis
        .customers
        .iter()
        .zip(labels)
        .filter(|(c, _)| c.stage.is_revenue())
        .map(|(c, label)| point(label, c.acv))
        .collect();
    let total = format::money(kpis.get("arr"), false, false);
    fixed(
        &format!("ARR by customer · {total}"),
        "Customer",
        "ACV",
        points,
    )
}

/// Pipeline by stage (pages, PDFs and slides draw this model).
pub(crate) fn pipeline_chart(kpis: &Kpis) -> Chart {
    // The CRM export when there is one (it is what `kpis.pipeline` counts),
    // else the stage totals typed in economics.yaml.
    let points: Vec<Point> = match &kpis.pipeline {
        Some(export) => crate::pipeline::DealStage::ALL
            .iter()
            .filter(|s| s.is_qualified())
            .map(|&stage| {
                let amount = export
                    .deals
                    .iter()
                    .filter(|d| d.stage == stage)
                    .map(|d| d.amount)
                    .sum();
                point(stage.label(), amount)
            })
            .collect(),
        None => kpis
            .economics
            .pipeline_by_stage
            .iter()
            .map(|(k, v)| point(k, *v))
            .collect(),
    };
    let total = format::money(kpis.get("pipeline"), false, false);
    fixed(
        &format!("Pipeline by stage · {total}"),
        "Stage",
        "Amount",
        points,
    )
}

fn point(label: &str, value: f64) -> Point {
    Point {
        label: label.to_string(),
        values: vec![value],
        texts: Vec::new(),
    }
}

/// A bar chart of money the theme shows without an author asking for it.
fn fixed(title: &str, x: &str, y: &str, points: Vec<Point>) -> Chart {
    let mut chart = Chart {
        kind: Kind::Bar,
        title: title.to_string(),
        series: vec![y.to_string()],
        points,
        format: Format::Money,
        target: None,
        x_name: x.to_string(),
        notes: Vec::new(),
        height: 220.0,
        row_scale: false,
        id: None,
    };
    chart.settle();
    chart
}

/// The case study's before/after chart: each metric in its own unit, so each
/// row is scaled alone; the texts are the figures as the author wrote them.
pub(crate) fn before_after(bars: &[crate::render::pdf::document::Bar]) -> Chart {
    let mut chart = Chart {
        kind: Kind::Bar,
        title: "Before and after".into(),
        series: vec!["Before".into(), "After".into()],
        points: bars
            .iter()
            .map(|b| Point {
                label: b.label.clone(),
                values: vec![b.before.abs(), b.after.abs()],
                texts: vec![b.before_text.clone(), b.after_text.clone()],
            })
            .collect(),
        format: Format::Number,
        target: None,
        x_name: "Metric".into(),
        notes: Vec::new(),
        height: 220.0,
        row_scale: true,
        id: None,
    };
    chart.settle();
    chart
}

/// Registers `chart(type=, data=, x=, y=, title=, format=, target=, value=, height=, id=)`.
pub(crate) fn register(tera: &mut Tera) {
    tera.register_function("chart", |kw: Kwargs, _: &State| -> TeraResult<Value> {
        let json = |name: &str| -> TeraResult<Option<serde_json::Value>> {
            Ok(kw
                .get::<Value>(name)?
                .filter(|v| !v.is_undefined())
                .map(|v| serde_json::to_value(&v).unwrap_or(serde_json::Value::Null)))
        };
        let text = |name: &str| -> TeraResult<Option<String>> {
            Ok(json(name)?.map(|v| match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            }))
        };
        let args = Args {
            kind: text("type")?,
            data: json("data")?,
            x: text("x")?,
            y: text("y")?,
            title: text("title")?,
            format: text("format")?,
            target: json("target")?,
            value: json("value")?,
            height: json("height")?,
            id: text("id")?,
        };
        let chart = Chart::from_args(args).map_err(tera::Error::message)?;
        Ok(Value::safe_string(&format!(
            "<figure class=\"chart-figure\" tabindex=\"0\">{}</figure>",
            svg::html(&chart)
        )))
    });
}

#[cfg(test)]
mod tests;
