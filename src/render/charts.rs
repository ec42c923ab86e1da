//! Bar charts as inline SVG, drawn at build time (no JavaScript, prints well,
//! follows the theme's colours through CSS custom properties).

use std::fmt::Write as _;

use crate::audience::View;
use crate::format;
use crate::kpis::Kpis;
use crate::site::Site;

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

/// ARR by customer: one bar per paying customer.
pub(crate) fn arr_by_customer(kpis: &Kpis, labels: &[String]) -> String {
    let bars: Vec<(String, f64)> = kpis
        .customers
        .iter()
        .zip(labels)
        .filter(|(c, _)| c.stage.is_revenue())
        .map(|(c, label)| (label.clone(), c.acv))
        .collect();
    bar_chart("ARR by customer", &bars, kpis.get("arr"))
}

/// Pipeline by stage.
pub(crate) fn pipeline(kpis: &Kpis) -> String {
    let bars: Vec<(String, f64)> = kpis
        .economics
        .pipeline_by_stage
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    bar_chart("Pipeline by stage", &bars, kpis.get("pipeline"))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart with labelled values and a total.
fn bar_chart(title: &str, bars: &[(String, f64)], total: f64) -> String {
    const WIDTH: f64 = 640.0;
    const LABEL: f64 = 230.0;
    const ROW: f64 = 40.0;
    let max = bars.iter().map(|(_, v)| *v).fold(0.0, f64::max).max(1.0);
    let height = 44.0 + ROW * bars.len() as f64 + 8.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(&format!(
            "{title}: total {}",
            format::money(total, false, false)
        ))
    );
    let _ = write!(svg, "<title>{}</title>", escape(title));
    let _ = write!(
        svg,
        "<text x=\"0\" y=\"20\" class=\"chart-title\" fill=\"currentColor\" font-size=\"15\" font-weight=\"600\">{} · {}</text>",
        escape(title),
        format::money(total, false, false)
    );
    if bars.is_empty() {
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"60\" fill=\"currentColor\" font-size=\"13\">No data yet</text>"
        );
    }
    for (n, (label, value)) in bars.iter().enumerate() {
        let y = 40.0 + ROW * n as f64;
        let bar = ((WIDTH - LABEL - 90.0) * value / max).max(2.0);
        let lines = wrap_label(label, 30);
        let first_y = y + 17.0 - 7.5 * (lines.len() as f64 - 1.0);
        let tspans: String = lines
            .iter()
            .enumerate()
            .map(|(k, l)| {
                format!(
                    "<tspan x=\"0\" y=\"{:.1}\">{}</tspan>",
                    first_y + 15.0 * k as f64,
                    escape(l)
                )
            })
            .collect();
        let _ = write!(
            svg,
            "<g><text fill=\"currentColor\" font-size=\"13\">{tspans}</text>\
             <rect x=\"{LABEL}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"24\" rx=\"4\" fill=\"var(--accent, #0f7c8c)\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"currentColor\" font-size=\"13\" font-weight=\"600\">{}</text></g>",
            y + 2.0,
            LABEL + bar + 8.0,
            y + 19.0,
            format::money(*value, true, false)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Splits a label into at most two lines of about `width` characters, ellipsis beyond.
fn wrap_label(label: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in label.split_whitespace() {
        let last = lines.last_mut().expect("lines is never empty");
        if last.is_empty() || last.chars().count() + 1 + word.chars().count() <= width {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    if lines.len() > 2 {
        let rest = lines.split_off(1).join(" ");
        let cut: String = rest.chars().take(width.saturating_sub(1)).collect();
        lines.push(format!("{}…", cut.trim_end()));
    }
    for line in &mut lines {
        if line.chars().count() > width {
            *line = format!("{}…", line.chars().take(width - 1).collect::<String>());
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_labelled_and_escaped() {
        let svg = bar_chart("ARR", &[("Harbor & Pine".into(), 40_000.0)], 40_000.0);
        assert!(svg.contains("Harbor &amp; Pine"));
        assert!(svg.contains("$40K"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn long_labels_wrap_to_two_lines() {
        assert_eq!(
            wrap_label("A multi-channel specialty food distributor", 30),
            vec!["A multi-channel specialty food", "distributor"]
        );
        assert_eq!(wrap_label("Short", 30), vec!["Short"]);
        assert_eq!(wrap_label(&"x".repeat(40), 30).len(), 1);
    }
}
