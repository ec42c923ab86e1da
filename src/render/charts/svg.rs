//! A chart model as inline SVG with a data-table fallback.
//!
//! No `viewBox` on the chart itself: x positions are percentages and text is
//! in CSS pixels, so labels keep their size on a phone instead of shrinking
//! with the drawing (WCAG text size), while bars and lines stretch. Colours are
//! classes the theme's CSS fills from its custom properties (dark mode, print),
//! with presentation attributes as the fallback when no stylesheet is loaded.

use std::fmt::Write as _;

use super::model::{Chart, Kind, Point};

/// Series colours when no stylesheet says otherwise (the default theme's palette).
const FALLBACK: [&str; 6] = [
    "#0f7c8c", "#1f3a5f", "#c98a1b", "#7a5195", "#c2456b", "#6b7785",
];
const TITLE_H: f64 = 34.0;
const TEXT: &str = "font-size=\"13\"";

/// Escapes text for SVG and HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A stable id for the chart's title and description: the author's `id=`, else
/// a hash of the chart (so builds stay byte-identical; two identical charts on
/// one page need an `id=` each).
fn id_of(chart: &Chart) -> String {
    if let Some(id) = &chart.id {
        return id.clone();
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let desc = chart.description();
    for b in chart.title.bytes().chain(desc.bytes()) {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x100_0000_01b3);
    }
    format!("chart-{:08x}", hash as u32)
}

fn series_class(i: usize) -> (String, &'static str) {
    (format!("chart-s{}", i % 6), FALLBACK[i % 6])
}

fn pct(v: f64) -> String {
    format!("{:.2}%", v.clamp(0.0, 100.0))
}

/// Cuts `label` to `max` characters with an ellipsis (the table keeps it whole).
fn clip(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_string();
    }
    let cut: String = label.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// The chart as SVG followed by its data table (visually hidden, read by screen readers).
pub(crate) fn html(chart: &Chart) -> String {
    let mut out = svg(chart);
    out.push_str(&table(chart));
    out
}

/// The chart as one `<svg>` element.
pub(crate) fn svg(chart: &Chart) -> String {
    let id = id_of(chart);
    let (body, mut height) = if chart.points.is_empty() {
        (
            format!(
                "<text class=\"chart-empty\" x=\"0\" y=\"{}\" {TEXT} fill=\"currentColor\">No data yet</text>",
                TITLE_H + 16.0
            ),
            TITLE_H + 28.0,
        )
    } else {
        match chart.kind {
            Kind::Bar => bars(chart),
            Kind::Line => line(chart),
            Kind::Funnel => funnel(chart),
            Kind::Donut => donut(chart),
            Kind::Progress => progress(chart),
        }
    };
    let mut notes = String::new();
    for note in &chart.notes {
        height += 18.0;
        let _ = write!(
            notes,
            "<text class=\"chart-note\" x=\"0\" y=\"{height}\" font-size=\"12\" fill=\"currentColor\">Note: {}</text>",
            escape(note)
        );
    }
    height += 6.0;
    format!(
        "<svg class=\"chart chart-{kind}\" width=\"100%\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-t\" aria-describedby=\"{id}-d\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{desc}</desc>\
         <text class=\"chart-title\" x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"600\" fill=\"currentColor\">{title}</text>\
         {body}{notes}</svg>",
        kind = chart.kind.name(),
        title = escape(&chart.title),
        desc = escape(&chart.description()),
    )
}

/// The visually hidden table of every drawn value, written in full.
pub(crate) fn table(chart: &Chart) -> String {
    let mut t = format!(
        "<table class=\"visually-hidden chart-data\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>",
        escape(&chart.title),
        escape(if chart.x_name.is_empty() {
            "Label"
        } else {
            &chart.x_name
        })
    );
    for s in &chart.series {
        let _ = write!(t, "<th scope=\"col\">{}</th>", escape(s));
    }
    if chart.target.is_some() {
        t.push_str("<th scope=\"col\">Target</th>");
    }
    t.push_str("</tr></thead><tbody>");
    for p in &chart.points {
        let _ = write!(t, "<tr><th scope=\"row\">{}</th>", escape(&p.label));
        for v in &p.values {
            let _ = write!(t, "<td>{}</td>", escape(&chart.format.full(*v)));
        }
        if let Some(target) = chart.target {
            let _ = write!(t, "<td>{}</td>", escape(&chart.format.full(target)));
        }
        t.push_str("</tr>");
    }
    t.push_str("</tbody></table>");
    t
}

/// Room left of a bar's value text: the longest bar takes this share of the width.
const BAR_SPAN: f64 = 76.0;

fn bars(chart: &Chart) -> (String, f64) {
    let mut s = String::new();
    let mut y = TITLE_H;
    let n = chart.series.len().max(1);
    if n > 1 {
        y = legend(&mut s, chart, y);
    }
    let max = chart.max();
    let bar_h = if n == 1 { 18.0 } else { 13.0 };
    let top = y;
    for p in &chart.points {
        let _ = write!(
            s,
            "<text class=\"chart-label\" x=\"0\" y=\"{:.1}\" {TEXT} fill=\"currentColor\">{}</text>",
            y + 14.0,
            escape(&clip(&p.label, 60))
        );
        y += 20.0;
        for (k, (v, text)) in p.values.iter().zip(&p.texts).enumerate() {
            let (class, fill) = series_class(if n == 1 { 0 } else { k });
            let w = (v.max(0.0) / chart.scale_of(p) * BAR_SPAN).max(0.4);
            let _ = write!(
                s,
                "<rect class=\"{class}\" x=\"0\" y=\"{y:.1}\" width=\"{}\" height=\"{bar_h}\" rx=\"3\" fill=\"{fill}\"/>\
                 <text class=\"chart-value\" x=\"{}\" dx=\"6\" y=\"{:.1}\" {TEXT} font-weight=\"600\" fill=\"currentColor\">{}</text>",
                pct(w),
                pct(w),
                y + bar_h / 2.0 + 4.5,
                escape(text)
            );
            y += bar_h + 4.0;
        }
        y += 8.0;
    }
    if let Some(t) = chart.target {
        let x = pct(t.max(0.0) / max * BAR_SPAN);
        let _ = write!(
            s,
            "<line class=\"chart-target\" x1=\"{x}\" x2=\"{x}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"currentColor\" stroke-dasharray=\"4 3\"/>\
             <text class=\"chart-label\" x=\"{x}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\" fill=\"currentColor\">Target {}</text>",
            top + 2.0,
            y - 6.0,
            y + 10.0,
            escape(&chart.format.short(t))
        );
        y += 14.0;
    }
    (s, y)
}

/// Swatches naming each series; returns the y below it.
fn legend(s: &mut String, chart: &Chart, y: f64) -> f64 {
    let mut x = 0.0;
    for (k, name) in chart.series.iter().enumerate() {
        let (class, fill) = series_class(k);
        let _ = write!(
            s,
            "<rect class=\"{class}\" x=\"{x}\" y=\"{:.1}\" width=\"11\" height=\"11\" rx=\"2\" fill=\"{fill}\"/>\
             <text x=\"{}\" y=\"{:.1}\" {TEXT} fill=\"currentColor\">{}</text>",
            y + 2.0,
            x + 16.0,
            y + 12.0,
            escape(&clip(name, 24))
        );
        x += 16.0 + 8.0 * name.chars().count().min(24) as f64 + 18.0;
    }
    y + 24.0
}

/// Tick step of about `range / 4` rounded to 1, 2 or 5 times a power of ten.
fn nice_step(range: f64) -> f64 {
    let raw = (range / 4.0).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(raw.log10().floor());
    let m = raw / magnitude;
    let nice = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// The value range a line chart spans: zero included, target included, rounded to ticks.
fn span(chart: &Chart) -> (f64, f64, f64) {
    let values = chart.points.iter().flat_map(|p| p.values.iter().copied());
    let (lo, hi) = values
        .chain(chart.target)
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let step = nice_step(hi - lo);
    let lo = (lo / step).floor() * step;
    // A step of headroom above the top value keeps its label clear of the target's.
    let hi = (((hi / step).floor() + 1.0) * step).max(lo + step);
    (lo, hi, step)
}

fn line(chart: &Chart) -> (String, f64) {
    let mut s = String::new();
    let mut top = TITLE_H + 4.0;
    let n_series = chart.series.len().max(1);
    if n_series > 1 {
        top = legend(&mut s, chart, TITLE_H);
    }
    let h = chart.height;
    let (lo, hi, step) = span(chart);
    let y_of = |v: f64| top + h - (v - lo) / (hi - lo) * h;
    let mut tick = lo;
    let mut guard = 0;
    while tick <= hi + step / 2.0 && guard < 12 {
        let y = y_of(tick);
        let _ = write!(
            s,
            "<line class=\"chart-grid\" x1=\"0\" x2=\"100%\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"currentColor\" stroke-opacity=\"0.15\"/>\
             <text class=\"chart-axis\" x=\"0\" y=\"{:.1}\" font-size=\"12\" fill=\"currentColor\">{}</text>",
            y - 4.0,
            escape(&chart.format.short(tick))
        );
        tick += step;
        guard += 1;
    }
    let n = chart.points.len();
    let x_of = |i: usize| {
        if n == 1 {
            50.0
        } else {
            i as f64 / (n - 1) as f64 * 100.0
        }
    };
    if let Some(t) = chart.target {
        let y = y_of(t);
        let _ = write!(
            s,
            "<line class=\"chart-target\" x1=\"0\" x2=\"100%\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"currentColor\" stroke-dasharray=\"5 4\"/>\
             <text class=\"chart-axis\" x=\"100%\" y=\"18\" text-anchor=\"end\" font-size=\"12\" fill=\"currentColor\">– – Target {}</text>",
            // In the title row, a key to the dashed line: nothing the data draws can cover it.
            escape(&chart.format.short(t))
        );
    }
    for k in 0..n_series {
        let (class, fill) = series_class(k);
        let points: String = chart
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.2},{:.2} ", x_of(i) * 10.0, y_of(p.values[k]) - top))
            .collect();
        // Stretched to any width; the stroke keeps its thickness.
        let _ = write!(
            s,
            "<svg x=\"0\" y=\"{top}\" width=\"100%\" height=\"{h}\" viewBox=\"0 0 1000 {h}\" preserveAspectRatio=\"none\" overflow=\"visible\">\
             <polyline class=\"{class} chart-line\" points=\"{}\" fill=\"none\" stroke=\"{fill}\" stroke-width=\"2.5\" stroke-linejoin=\"round\" vector-effect=\"non-scaling-stroke\"/></svg>",
            points.trim_end()
        );
        let last = &chart.points[n - 1];
        let _ = write!(
            s,
            "<circle class=\"{class}\" cx=\"{}\" cy=\"{:.1}\" r=\"4\" fill=\"{fill}\"/>",
            pct(x_of(n - 1)),
            y_of(last.values[k])
        );
    }
    let last = &chart.points[n - 1];
    let _ = write!(
        s,
        "<text class=\"chart-value\" x=\"{}\" y=\"{:.1}\" text-anchor=\"{}\" {TEXT} font-weight=\"600\" fill=\"currentColor\">{}</text>",
        pct(x_of(n - 1)),
        (y_of(last.values[0]) - 10.0).max(top + 12.0),
        if n == 1 { "middle" } else { "end" },
        escape(&last.texts.join(" / "))
    );
    let base = top + h + 18.0;
    let mut labels = vec![(0, "start")];
    if n > 1 {
        labels.push((n - 1, "end"));
    }
    if n >= 5 {
        labels.push((n / 2, "middle"));
    }
    if n == 1 {
        labels = vec![(0, "middle")];
    }
    for (i, anchor) in labels {
        let _ = write!(
            s,
            "<text class=\"chart-axis\" x=\"{}\" y=\"{base:.1}\" text-anchor=\"{anchor}\" font-size=\"12\" fill=\"currentColor\">{}</text>",
            pct(x_of(i)),
            escape(&clip(&chart.points[i].label, 16))
        );
    }
    (s, base + 4.0)
}

fn funnel(chart: &Chart) -> (String, f64) {
    let mut s = String::new();
    let mut y = TITLE_H;
    let max = chart.max();
    for (i, p) in chart.points.iter().enumerate() {
        let v = p.values[0].max(0.0);
        let w = (v / max * 100.0).max(0.6);
        let share = match chart.points.first() {
            Some(first) if i > 0 && first.values[0] > 0.0 => {
                format!(
                    " ({} of the first stage)",
                    crate::format::percent(v / first.values[0], 0)
                )
            }
            _ => String::new(),
        };
        let _ = write!(
            s,
            "<text class=\"chart-label\" x=\"50%\" y=\"{:.1}\" text-anchor=\"middle\" {TEXT} fill=\"currentColor\"><tspan font-weight=\"600\">{}</tspan> {}{}</text>\
             <rect class=\"chart-s0\" x=\"{}\" y=\"{:.1}\" width=\"{}\" height=\"20\" rx=\"3\" fill=\"{}\"/>",
            y + 14.0,
            escape(&clip(&p.label, 32)),
            escape(&p.texts[0]),
            escape(&share),
            pct((100.0 - w) / 2.0),
            y + 20.0,
            pct(w),
            FALLBACK[0]
        );
        y += 50.0;
    }
    (s, y)
}

fn donut(chart: &Chart) -> (String, f64) {
    const SIZE: f64 = 140.0;
    const R: f64 = 52.0;
    let mut s = String::new();
    let top = TITLE_H + 4.0;
    let total: f64 = chart.points.iter().map(|p| p.values[0].max(0.0)).sum();
    let circumference = std::f64::consts::TAU * R;
    let _ = write!(
        s,
        "<svg x=\"0\" y=\"{top}\" width=\"{SIZE}\" height=\"{SIZE}\" viewBox=\"0 0 {SIZE} {SIZE}\">\
         <circle class=\"chart-track\" cx=\"70\" cy=\"70\" r=\"{R}\" fill=\"none\" stroke=\"#d9dee5\" stroke-width=\"22\"/>"
    );
    let mut offset = 0.0;
    for (i, p) in chart.points.iter().enumerate() {
        let v = p.values[0].max(0.0);
        if total <= 0.0 || v <= 0.0 {
            continue;
        }
        let len = v / total * circumference;
        let (class, fill) = series_class(i);
        let _ = write!(
            s,
            "<circle class=\"{class} chart-arc\" cx=\"70\" cy=\"70\" r=\"{R}\" fill=\"none\" stroke=\"{fill}\" stroke-width=\"22\" stroke-dasharray=\"{len:.2} {:.2}\" stroke-dashoffset=\"{:.2}\" transform=\"rotate(-90 70 70)\"/>",
            circumference - len,
            -offset
        );
        offset += len;
    }
    s.push_str("</svg>");
    let mut y = top + 6.0;
    for (i, p) in chart.points.iter().enumerate() {
        let (class, fill) = series_class(i);
        let share = if total > 0.0 {
            crate::format::percent(p.values[0].max(0.0) / total, 0)
        } else {
            "0%".into()
        };
        let _ = write!(
            s,
            "<rect class=\"{class}\" x=\"{}\" y=\"{:.1}\" width=\"11\" height=\"11\" rx=\"2\" fill=\"{fill}\"/>\
             <text class=\"chart-label\" x=\"{}\" y=\"{:.1}\" {TEXT} fill=\"currentColor\">{} <tspan font-weight=\"600\">{}</tspan> ({share})</text>",
            SIZE + 16.0,
            y + 2.0,
            SIZE + 32.0,
            y + 12.0,
            escape(&clip(&p.label, 20)),
            escape(&p.texts[0]),
        );
        y += 22.0;
    }
    (s, (top + SIZE).max(y) + 4.0)
}

fn progress(chart: &Chart) -> (String, f64) {
    let target = chart.target.unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let Point { values, .. } = &chart.points[0];
    let value = values[0];
    let share = value.max(0.0) / target;
    let top = TITLE_H;
    let s = format!(
        "<text class=\"chart-label\" x=\"0\" y=\"{:.1}\" {TEXT} fill=\"currentColor\"><tspan font-weight=\"600\">{}</tspan> of {} target · {}</text>\
         <rect class=\"chart-track\" x=\"0\" y=\"{:.1}\" width=\"100%\" height=\"14\" rx=\"7\" fill=\"#d9dee5\"/>\
         <rect class=\"chart-s0\" x=\"0\" y=\"{:.1}\" width=\"{}\" height=\"14\" rx=\"7\" fill=\"{}\"/>",
        top + 12.0,
        escape(&chart.format.short(value)),
        escape(&chart.format.short(target)),
        crate::format::percent(share, 0),
        top + 22.0,
        top + 22.0,
        pct((share * 100.0).max(1.0)),
        FALLBACK[0]
    );
    (s, top + 40.0)
}

/// A tile's trend line: no text of its own, the title says what it shows.
pub(crate) fn sparkline(values: &[f64], title: &str) -> String {
    const H: f64 = 30.0;
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let range = if hi > lo { hi - lo } else { 1.0 };
    let n = values.len();
    let x_of = |i: usize| {
        if n <= 1 {
            50.0
        } else {
            i as f64 / (n - 1) as f64 * 100.0
        }
    };
    // A flat series sits in the middle rather than on the floor.
    let y_of = |v: f64| {
        if hi > lo {
            3.0 + (1.0 - (v - lo) / range) * (H - 6.0)
        } else {
            H / 2.0
        }
    };
    let points: String = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.2},{:.2} ", x_of(i), y_of(*v)))
        .collect();
    let last = values.last().copied().unwrap_or(0.0);
    format!(
        "<svg class=\"sparkline\" width=\"100%\" height=\"{H}\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>\
         <svg width=\"100%\" height=\"{H}\" viewBox=\"0 0 100 {H}\" preserveAspectRatio=\"none\" overflow=\"visible\">\
         <polyline class=\"chart-s0 chart-line\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" stroke-linejoin=\"round\" vector-effect=\"non-scaling-stroke\"/></svg>\
         <circle class=\"chart-s0\" cx=\"{}\" cy=\"{:.1}\" r=\"3\" fill=\"{}\"/></svg>",
        escape(title),
        points.trim_end(),
        FALLBACK[0],
        pct(x_of(n.saturating_sub(1))),
        y_of(last),
        FALLBACK[0]
    )
}
