//! The chart model: what a chart shows, checked and capped once, so the SVG
//! and the display-list renderers only draw (neither validates nor formats).

use serde_json::Value;

use crate::format;

/// The kinds of chart `chart(type=...)` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Horizontal bars, one row per point (several series side by side).
    Bar,
    /// A line over the points in order (time series).
    Line,
    /// Centred bars narrowing stage by stage.
    Funnel,
    /// Shares of a whole.
    Donut,
    /// One value against a target.
    Progress,
}

/// Every kind's name, for errors.
pub(crate) const KINDS: [&str; 5] = ["bar", "line", "funnel", "donut", "progress"];

impl Kind {
    /// The kind named `name` (`bar`, ...).
    pub(crate) fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "bar" => Kind::Bar,
            "line" => Kind::Line,
            "funnel" => Kind::Funnel,
            "donut" => Kind::Donut,
            "progress" => Kind::Progress,
            _ => return None,
        })
    }

    /// `bar`, `line`, ...
    pub(crate) fn name(self) -> &'static str {
        KINDS[self as usize]
    }
}

/// How values are written (always through `src/format.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `$125K` on the chart, `$125,000` in the table.
    Money,
    /// A 0..1 fraction as `45%`.
    Percent,
    /// `1,234`.
    Number,
}

/// Every format's name, for errors.
pub(crate) const FORMATS: [&str; 3] = ["money", "percent", "number"];

impl Format {
    /// The format named `name`.
    pub(crate) fn parse(name: &str) -> Option<Format> {
        Some(match name {
            "money" => Format::Money,
            "percent" => Format::Percent,
            "number" => Format::Number,
            _ => return None,
        })
    }

    /// Short form for labels on the chart.
    pub(crate) fn short(self, v: f64) -> String {
        match self {
            Format::Money => format::money(v, true, false),
            Format::Percent => format::percent(v, 0),
            Format::Number if v.abs() >= 10_000.0 => format::money(v, true, false).replace('$', ""),
            Format::Number => format::number(v, if v.fract() == 0.0 { 0 } else { 1 }),
        }
    }

    /// Full form for the data table.
    pub(crate) fn full(self, v: f64) -> String {
        match self {
            Format::Money => format::money(v, false, false),
            Format::Percent => format::percent(v, 1),
            Format::Number => format::number(v, if v.fract() == 0.0 { 0 } else { 2 }),
        }
    }
}

/// One row of a chart: a label and one value per series.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Point {
    /// The x value as written (a name, a date).
    pub label: String,
    /// One value per series, finite and within [`MAX_ABS`].
    pub values: Vec<f64>,
    /// How each value is written on the chart (as the author wrote it, or formatted).
    pub texts: Vec<String>,
}

/// A chart, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chart {
    /// Kind.
    pub kind: Kind,
    /// Title (visible, and the accessible name).
    pub title: String,
    /// Series names; one unless the chart compares (before/after).
    pub series: Vec<String>,
    /// Rows in order.
    pub points: Vec<Point>,
    /// Value format.
    pub format: Format,
    /// A target drawn as a line (line), a marker (bar) or the whole (progress).
    pub target: Option<f64>,
    /// Column heading of the labels in the data table.
    pub x_name: String,
    /// What was left out or changed to draw it ("first 50 of 120 rows"): shown and read.
    pub notes: Vec<String>,
    /// Plot height in CSS px (line charts).
    pub height: f64,
    /// Each row scaled to its own largest value (rows in different units, as before/after metrics).
    pub row_scale: bool,
    /// Id of the SVG's title and description (`id=`); else one derived from the chart.
    pub id: Option<String>,
}

/// Values beyond this are drawn at it (and a note says so): sums and scales stay finite.
pub(crate) const MAX_ABS: f64 = 1e15;
/// Most rows a bar, funnel or donut chart draws.
pub(crate) const MAX_ROWS: usize = 50;
/// Most points a line chart draws (evenly sampled beyond).
pub(crate) const MAX_LINE_POINTS: usize = 400;

/// The arguments of `chart(...)` as plain JSON.
#[derive(Debug, Default)]
pub(crate) struct Args {
    /// `type=`.
    pub kind: Option<String>,
    /// `data=`.
    pub data: Option<Value>,
    /// `x=`.
    pub x: Option<String>,
    /// `y=`: one key, or several separated by commas (series).
    pub y: Option<String>,
    /// `title=`.
    pub title: Option<String>,
    /// `format=`.
    pub format: Option<String>,
    /// `target=`.
    pub target: Option<Value>,
    /// `value=` (progress).
    pub value: Option<Value>,
    /// `height=`.
    pub height: Option<Value>,
    /// `id=`: needed only for two identical charts on one page.
    pub id: Option<String>,
}

impl Chart {
    /// A chart from `chart(...)`'s arguments; the error says which argument is wrong and why.
    pub(crate) fn from_args(args: Args) -> Result<Chart, String> {
        let kind_name = args
            .kind
            .ok_or_else(|| format!("chart: `type=` is missing (one of {})", KINDS.join(", ")))?;
        let kind = Kind::parse(&kind_name).ok_or_else(|| {
            let hint = crate::diagnostics::did_you_mean(&kind_name, KINDS)
                .map(|b| format!("; did you mean `{b}`?"))
                .unwrap_or_default();
            format!(
                "chart: unknown `type=\"{kind_name}\"` (expected one of {}){hint}",
                KINDS.join(", ")
            )
        })?;
        let format = match args.format.as_deref() {
            None => Format::Number,
            Some(f) => Format::parse(f).ok_or_else(|| {
                format!(
                    "chart: unknown `format=\"{f}\"` (expected one of {})",
                    FORMATS.join(", ")
                )
            })?,
        };
        let title = args.title.unwrap_or_default();
        if title.trim().is_empty() {
            return Err(
                "chart: `title=` is missing: every chart needs a title (it is what screen readers announce)".into(),
            );
        }
        let number = |name: &str, v: Option<Value>| -> Result<Option<f64>, String> {
            v.filter(|v| !v.is_null())
                .map(|v| {
                    number_of(&v).ok_or_else(|| format!("chart: `{name}={v}` is not a number"))
                })
                .transpose()
        };
        let target = number("target", args.target)?;
        let height = number("height", args.height)?
            .map(|h| h.clamp(80.0, 800.0))
            .unwrap_or(220.0);
        let mut chart = Chart {
            kind,
            title,
            series: Vec::new(),
            points: Vec::new(),
            format,
            target,
            x_name: args.x.clone().unwrap_or_default(),
            notes: Vec::new(),
            height,
            row_scale: false,
            id: None,
        };
        if let Some(id) = args.id {
            let valid = id.starts_with(|c: char| c.is_ascii_alphabetic())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(format!(
                    "chart: `id=\"{id}\"` is not an id (a letter, then letters, digits, `-` or `_`)"
                ));
            }
            chart.id = Some(id);
        }
        if kind == Kind::Progress && args.data.is_none() {
            let value = number("value", args.value)?.ok_or(
                "chart: a progress chart needs `value=` (or `data=` with `y=`) and `target=`",
            )?;
            chart.series = vec![chart.title.clone()];
            chart.points = vec![Point {
                label: chart.title.clone(),
                values: vec![value],
                texts: Vec::new(),
            }];
        } else {
            let data = args
                .data
                .ok_or("chart: `data=` is missing (a list of maps, such as data.customers)")?;
            let x = args
                .x
                .ok_or("chart: `x=` is missing: the key of each row's label")?;
            let y = args
                .y
                .ok_or("chart: `y=` is missing: the key of each row's value")?;
            let keys: Vec<String> = y.split(',').map(|k| k.trim().to_string()).collect();
            chart.points = rows(&data, &x, &keys)?;
            chart.series = keys;
        }
        if kind == Kind::Progress {
            if chart.target.is_none_or(|t| t <= 0.0) {
                return Err("chart: a progress chart needs `target=`, a number above 0".into());
            }
            // The latest row is the actual: a progress chart of a history is "where we are now".
            chart.points = chart.points.split_off(chart.points.len().saturating_sub(1));
        }
        chart.settle();
        Ok(chart)
    }

    /// Caps values and rows, writes the texts, and records in `notes` what it changed.
    pub(crate) fn settle(&mut self) {
        let mut capped = false;
        let mut negative = false;
        for p in &mut self.points {
            for v in &mut p.values {
                if v.abs() > MAX_ABS {
                    *v = v.signum() * MAX_ABS;
                    capped = true;
                }
                negative |= *v < 0.0;
            }
            if p.texts.len() != p.values.len() {
                p.texts = p.values.iter().map(|v| self.format.short(*v)).collect();
            }
        }
        if let Some(t) = &mut self.target
            && t.abs() > MAX_ABS
        {
            *t = t.signum() * MAX_ABS;
            capped = true;
        }
        let n = self.points.len();
        match self.kind {
            Kind::Line if n > MAX_LINE_POINTS => {
                let step = n as f64 / MAX_LINE_POINTS as f64;
                let mut kept: Vec<Point> = (0..MAX_LINE_POINTS - 1)
                    .map(|i| self.points[(i as f64 * step) as usize].clone())
                    .collect();
                kept.push(self.points[n - 1].clone());
                self.points = kept;
                self.notes.push(format!(
                    "{MAX_LINE_POINTS} of {} points drawn, evenly spaced",
                    format::number(n as f64, 0)
                ));
            }
            Kind::Bar | Kind::Funnel | Kind::Donut if n > MAX_ROWS => {
                self.points.truncate(MAX_ROWS);
                self.notes.push(format!(
                    "first {MAX_ROWS} of {} rows shown",
                    format::number(n as f64, 0)
                ));
            }
            _ => {}
        }
        if capped {
            self.notes.push(format!(
                "values beyond ±{} drawn at that limit",
                self.format.short(MAX_ABS)
            ));
        }
        if negative
            && matches!(
                self.kind,
                Kind::Bar | Kind::Funnel | Kind::Donut | Kind::Progress
            )
        {
            self.notes.push("negative values drawn as zero".into());
        }
    }

    /// Largest value drawn (at least a tiny positive number, so scales never divide by 0).
    pub(crate) fn max(&self) -> f64 {
        self.points
            .iter()
            .flat_map(|p| p.values.iter().copied())
            .chain(self.target)
            .fold(0.0, f64::max)
            .max(f64::MIN_POSITIVE)
    }

    /// The value a bar of `point` is scaled against: the chart's largest, or the row's own.
    pub(crate) fn scale_of(&self, point: &Point) -> f64 {
        if self.row_scale {
            point
                .values
                .iter()
                .fold(0.0, |m: f64, v| m.max(v.abs()))
                .max(f64::MIN_POSITIVE)
        } else {
            self.max()
        }
    }

    /// The sentence screen readers hear after the title: kind, size, range and the first rows.
    pub(crate) fn description(&self) -> String {
        if self.points.is_empty() {
            return format!("{} chart with no data yet.", capitalised(self.kind.name()));
        }
        let rows: Vec<String> = self
            .points
            .iter()
            .take(8)
            .map(|p| format!("{} {}", p.label, p.texts.join(" / ")))
            .collect();
        let more = self.points.len().saturating_sub(8);
        let mut text = format!(
            "{} chart of {} {}: {}{}.",
            capitalised(self.kind.name()),
            self.points.len(),
            if self.points.len() == 1 {
                "value"
            } else {
                "values"
            },
            rows.join("; "),
            if more > 0 {
                format!("; and {more} more in the table")
            } else {
                String::new()
            }
        );
        if let Some(t) = self.target {
            text.push_str(&format!(" Target {}.", self.format.full(t)));
        }
        for note in &self.notes {
            text.push_str(&format!(" Note: {note}."));
        }
        text
    }
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A finite number from a JSON number or a numeric string (CSV cells with decimals are strings).
pub(crate) fn number_of(v: &Value) -> Option<f64> {
    let n = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => {
            let t = s.trim().replace(',', "");
            // "NaN", "inf" and "1e999" parse in Rust but are not figures.
            if !t
                .bytes()
                .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
            {
                return None;
            }
            t.parse().ok()?
        }
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// The rows of `data`: each a map with a label under `x` and numbers under `keys`.
fn rows(data: &Value, x: &str, keys: &[String]) -> Result<Vec<Point>, String> {
    let list = match data {
        Value::Array(list) => list,
        Value::Null => return Ok(Vec::new()),
        Value::Object(_) => {
            return Err(
                "chart: `data=` is a map, not a list of rows (pass a list such as data.customers or kpi_history.arr)".into(),
            );
        }
        other => return Err(format!("chart: `data=` is {other}, not a list of rows")),
    };
    list.iter()
        .enumerate()
        .map(|(i, row)| {
            let map = row
                .as_object()
                .ok_or_else(|| format!("chart: row {} of `data=` is {row}, not a map", i + 1))?;
            let missing = |key: &str| {
                let mut known: Vec<&str> = map.keys().map(String::as_str).collect();
                known.sort_unstable();
                let hint = crate::diagnostics::did_you_mean(key, known.iter().copied())
                    .map(|b| format!("; did you mean `{b}`?"))
                    .unwrap_or_default();
                format!(
                    "chart: row {} has no key `{key}` (it has {}){hint}",
                    i + 1,
                    known.join(", ")
                )
            };
            let label = match map.get(x).ok_or_else(|| missing(x))? {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            let values = keys
                .iter()
                .map(|k| {
                    let v = map.get(k).ok_or_else(|| missing(k))?;
                    number_of(v).ok_or_else(|| {
                        format!(
                            "chart: `{k}` of row {} (`{label}`) is {v}, not a number",
                            i + 1
                        )
                    })
                })
                .collect::<Result<Vec<f64>, String>>()?;
            Ok(Point {
                label,
                values,
                texts: Vec::new(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(kind: &str, data: Value) -> Args {
        Args {
            kind: Some(kind.into()),
            data: Some(data),
            x: Some("name".into()),
            y: Some("acv".into()),
            title: Some("ACV".into()),
            ..Args::default()
        }
    }

    #[test]
    fn bad_arguments_say_which_and_why() {
        let data = json!([{ "name": "A", "acv": 5 }]);
        let e = Chart::from_args(args("pie", data.clone())).unwrap_err();
        assert!(
            e.contains("unknown `type=\"pie\"`") && e.contains("bar, line"),
            "{e}"
        );
        let mut a = args("bar", data.clone());
        a.y = Some("acvv".into());
        let e = Chart::from_args(a).unwrap_err();
        assert!(
            e.contains("no key `acvv`") && e.contains("did you mean `acv`"),
            "{e}"
        );
        let e = Chart::from_args(args("bar", json!([{ "name": "A", "acv": "lots" }]))).unwrap_err();
        assert!(e.contains("not a number"), "{e}");
        let e = Chart::from_args(args("bar", json!([{ "name": "A", "acv": "NaN" }]))).unwrap_err();
        assert!(e.contains("not a number"), "{e}");
        let e = Chart::from_args(args("bar", json!({ "a": 1 }))).unwrap_err();
        assert!(e.contains("not a list"), "{e}");
        let mut a = args("bar", data);
        a.title = None;
        assert!(Chart::from_args(a).unwrap_err().contains("title"));
        let e = Chart::from_args(Args {
            kind: Some("progress".into()),
            value: Some(json!(3)),
            title: Some("Go-lives".into()),
            ..Args::default()
        })
        .unwrap_err();
        assert!(e.contains("target"), "{e}");
    }

    #[test]
    fn huge_negative_and_many_values_are_capped_and_said() {
        let data: Vec<Value> = (0..10_000)
            .map(|i| json!({ "name": format!("r{i}"), "acv": if i == 3 { -5.0 } else { 1e300 } }))
            .collect();
        let c = Chart::from_args(args("bar", Value::Array(data.clone()))).unwrap();
        assert_eq!(c.points.len(), MAX_ROWS);
        assert!(c.points.iter().all(|p| p.values[0].abs() <= MAX_ABS));
        assert_eq!(c.notes.len(), 3, "{:?}", c.notes);
        let l = Chart::from_args(args("line", Value::Array(data))).unwrap();
        assert_eq!(l.points.len(), MAX_LINE_POINTS);
        assert_eq!(l.points.last().unwrap().label, "r9999");
        let empty = Chart::from_args(args("donut", json!([]))).unwrap();
        assert!(empty.points.is_empty() && empty.description().contains("no data"));
    }

    #[test]
    fn numeric_strings_from_csv_cells_are_numbers() {
        assert_eq!(number_of(&json!("0.8")), Some(0.8));
        assert_eq!(number_of(&json!("1,250")), Some(1250.0));
        assert_eq!(number_of(&json!("inf")), None);
        assert_eq!(number_of(&json!("1e999")), None);
        assert_eq!(number_of(&json!(true)), None);
    }
}
