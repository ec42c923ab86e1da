//! Numbers: figures typed by hand that contradict the computed KPIs
//! (src/kpis/), wherever people read them: page bodies, every text field of
//! front matter (through `content::visit::strings`, the one walk over a page's
//! strings) and the text of data files (`data/standup.csv`'s tasks and any
//! other string cell or value).
//!
//! Text is read before templating, so `{{ kpis.arr | money }}` is never a
//! finding. `figures.rs` reads the figures of a line and pairs each with the
//! nearest KPI name or alias whose unit fits; a label alone at the end of a
//! line (`ARR:`) pairs with a figure at the start of the next line.
//!
//! How a figure is judged against the computed value `v`:
//! - a single figure agrees when it is `v` rounded to the precision written
//!   (`$10,417` for 10,416.67; `$125K` for 124,600), or within 0.5% of `v`;
//! - `X+`, `over X`, `more than X`, `at least X` are lower bounds: they agree
//!   when `v` is at least `X` (less the rounding above); `up to X`, `under X`,
//!   `less than X`, `at most X` are upper bounds;
//! - a range `X-Y` agrees when `v` lies inside it (widened by the rounding); one
//!   that excludes `v` is reported naming where `v` comes from (a contradiction
//!   between two sources, not just a stale figure);
//! - `~X`, `about`, `around`, `approximately`, `roughly`, `nearly` allow 10%;
//! - beside a percentage KPI, a plain decimal up to 1 is a fraction (`0.6` is 60%).
//!
//! Lines longer than 4,096 bytes (machine-made, not prose) are not judged. A
//! line holding `traction:ignore` (`<!-- traction:ignore -->` in Markdown,
//! `# traction:ignore` in YAML) or following a line that holds it is not checked.

use std::path::Path;
use std::sync::LazyLock;

use super::figures::{self, Figure, Shape};
use crate::diagnostics::Diagnostic;
use crate::kpis::{ALIASES, Kpi, Unit};
use crate::site::Site;

/// Marks a line (and the next) the lint must not judge.
const IGNORE: &str = "traction:ignore";

/// One contradicting figure in a text: where, and what to say.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    /// 0-based line in the text judged.
    pub(crate) line: usize,
    /// 1-based column (in characters) of the figure on that line.
    pub(crate) column: usize,
    /// The figure as written.
    pub(crate) figure: String,
    pub(crate) message: String,
    pub(crate) expected: String,
    pub(crate) hint: String,
}

/// The template expression that writes KPI `key`.
pub(crate) fn expression(kpi: &Kpi, short: bool) -> String {
    let key = kpi.key;
    match kpi.unit {
        Unit::Money if short => format!("{{{{ kpis.{key} | money(short=true) }}}}"),
        Unit::Money => format!("{{{{ kpis.{key} | money }}}}"),
        Unit::Percent => format!("{{{{ kpis.{key} | percent }}}}"),
        Unit::Ratio => format!("{{{{ kpis.{key} | number }}}}:1"),
        Unit::Months => format!("{{{{ kpis.{key} | number(decimals=1) }}}} months"),
        Unit::Count => format!("{{{{ kpis.{key} }}}}"),
        Unit::Score => format!("{{{{ kpis.{key} | number(decimals=1) }}}}"),
        Unit::Nps => format!("{{{{ kpis.{key} | number }}}}"),
        Unit::Days => format!("{{{{ kpis.{key} | number }}}} days"),
    }
}

/// One word of every alias (its longest): a line without any of them holds
/// no label, so it is skipped before the full parse.
static LABEL_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut words: Vec<String> = ALIASES
        .iter()
        .filter_map(|(alias, _)| {
            alias
                .split(|c: char| !c.is_ascii_alphanumeric())
                .max_by_key(|w| w.len())
                .map(str::to_ascii_lowercase)
        })
        .collect();
    words.sort();
    words.dedup();
    words
});

fn may_hold_label(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    LABEL_WORDS.iter().any(|w| lower.contains(w.as_str()))
}

/// A label alone at the end of a line (`ARR:`, `**ARR:**`), whose figure is on the next line.
fn dangling_label(line: &str) -> bool {
    let t = line.trim_end().trim_end_matches(['*', '_', ' ']);
    t.ends_with(':') && figures::figures(&figures::blank_templates(t)).is_empty()
}

/// Contradicting figures in one text (a body, a front-matter string, a data cell).
pub(crate) fn check_text(site: &Site, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut ignore_next = false;
    let mut carried: Option<&str> = None;
    for (n, line) in text.lines().enumerate() {
        let ignored = ignore_next || line.contains(IGNORE);
        ignore_next = line.contains(IGNORE);
        let label = carried.take();
        if ignored {
            continue;
        }
        if dangling_label(line) && may_hold_label(line) {
            carried = Some(line);
            continue;
        }
        if !line.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        // The label of the line before is judged as if written on this line.
        let (judged, offset) = match label {
            Some(l) => (format!("{} {line}", l.trim_end()), l.trim_end().len() + 1),
            None => (line.to_string(), 0),
        };
        if !may_hold_label(&judged) {
            continue;
        }
        for (fig, key) in figures::pairs(&judged, ALIASES, &crate::kpis::unit_of) {
            if fig.start < offset {
                continue;
            }
            let Some(kpi) = site.kpis.list.iter().find(|k| k.key == key) else {
                continue;
            };
            if agrees(&fig, kpi) {
                continue;
            }
            let column = line[..fig.start - offset].chars().count() + 1;
            out.push(finding(site, n, column, &fig, kpi));
        }
    }
    out
}

fn finding(site: &Site, line: usize, column: usize, fig: &Figure, kpi: &Kpi) -> Finding {
    let figure = fig.text.trim().to_string();
    let places = kpi_places(site, kpi.key);
    let message = if fig.is_range() {
        // A range is a second source's claim (a model, a plan) that excludes the computed value.
        format!(
            "the range {figure} for {} excludes its computed value, {} (from {})",
            kpi.label, kpi.display, places
        )
    } else {
        format!(
            "{} is stated as {figure} but computes to {}",
            kpi.label, kpi.display
        )
    };
    Finding {
        line,
        column,
        figure,
        message,
        expected: format!(
            "{} = {} = {} (from {places})",
            kpi.key, kpi.formula, kpi.display
        ),
        hint: format!(
            "write `{}` instead of typing the figure (or add `<!-- traction:ignore -->` if it is a target, not a fact)",
            expression(kpi, fig.short)
        ),
    }
}

/// Whether `fig` agrees with the computed value of `kpi` (see the module docs).
fn agrees(fig: &Figure, kpi: &Kpi) -> bool {
    let v = if kpi.unit == Unit::Percent {
        kpi.value * 100.0
    } else {
        kpi.value
    };
    // `Gross margin: 0.6` is a fraction; `Gross margin: 60` a percentage.
    let scale =
        if kpi.unit == Unit::Percent && fig.shape == Shape::Plain && fig.decimal && fig.hi <= 1.0 {
            100.0
        } else {
            1.0
        };
    let (lo, hi) = (fig.lo * scale, fig.hi * scale);
    let mut tol = (fig.precision * scale).max(v.abs() * 0.005);
    if fig.bound == figures::Bound::About {
        tol = tol.max(v.abs() * 0.1);
    }
    match fig.bound {
        figures::Bound::AtLeast => v >= lo - tol,
        figures::Bound::AtMost => v <= hi + tol,
        figures::Bound::Exact | figures::Bound::About => v >= lo - tol && v <= hi + tol,
    }
}

/// Where a KPI's inputs are written, for messages: `data/economics.yaml:3 (cac)`
/// for economics inputs, `data/customers.yaml` for what is summed over customers.
fn kpi_places(site: &Site, key: &str) -> String {
    let economics: &[&str] = match key {
        "cac" | "gross_margin" | "expected_lifetime_months" | "pipeline" => {
            return economics_place(site, key);
        }
        "ltv" => &["gross_margin", "expected_lifetime_months"],
        "ltv_cac" => &["cac", "gross_margin", "expected_lifetime_months"],
        "payback_months" => &["cac", "gross_margin"],
        _ => &[],
    };
    let mut places: Vec<String> = economics.iter().map(|k| economics_place(site, k)).collect();
    let customers = site
        .data
        .files
        .get("customers")
        .map_or_else(|| "data/customers.yaml".to_string(), |f| shown(&f.file));
    places.push(customers);
    places.join(", ")
}

fn economics_place(site: &Site, key: &str) -> String {
    let Some(file) = site.data.files.get("economics") else {
        return format!("economics.{key}");
    };
    let line = file
        .yaml_source
        .as_deref()
        .and_then(|s| crate::yaml::key_line(s, key));
    match line {
        Some(l) => format!("{}:{l} ({key})", shown(&file.file)),
        None => format!("{} ({key})", shown(&file.file)),
    }
}

/// A path as messages show it, with `/` on every platform.
pub(crate) fn shown(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// Every contradicting figure in every page (body and front matter) and data file.
pub(crate) fn check(site: &Site) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let mut diags: Vec<Diagnostic> = site
        .content
        .pages
        .par_iter()
        .flat_map_iter(|page| check_page(site, page))
        .collect();
    for file in site.data.files.values() {
        diags.extend(check_data(site, file));
    }
    diags
}

fn warning(file: &Path, source: &str, line: usize, f: Finding) -> Diagnostic {
    Diagnostic::warning(file, f.message)
        .at(line, f.column)
        .with_source(source)
        .expected(f.expected)
        .hint(f.hint)
}

fn check_page(site: &Site, page: &crate::content::Page) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let found = check_text(site, &page.body);
    if !found.is_empty() {
        let source = format!(
            "{}{}",
            "\n".repeat(page.body_line.saturating_sub(1)),
            page.body
        );
        for f in found {
            diags.push(warning(&page.file, &source, page.body_line + f.line, f));
        }
    }
    // Front matter starts on line 2 of the file (after the opening `---`).
    let front = format!("\n{}", page.front);
    crate::content::visit::strings(page, &mut |field, text| {
        if field == crate::content::visit::Field::Body {
            return;
        }
        for mut f in check_text(site, text) {
            let Some((line, column)) = locate(&front, text, &f) else {
                continue;
            };
            f.column = column;
            diags.push(warning(&page.file, &front, line, f));
        }
    });
    diags
}

/// The 1-based line and column of a finding from a YAML string in `source`
/// (the file's text), or None when that line (or the one above) says
/// `traction:ignore`. The figure is looked for on the lines that hold the
/// start of the string's line it was found on; then anywhere.
fn locate(source: &str, text: &str, f: &Finding) -> Option<(usize, usize)> {
    let string_line = text.lines().nth(f.line).unwrap_or(text);
    let anchor: String = string_line.trim().chars().take(12).collect();
    let lines: Vec<&str> = source.lines().collect();
    let hit = |need_anchor: bool| {
        lines.iter().position(|l| {
            l.contains(f.figure.as_str()) && (!need_anchor || l.contains(anchor.as_str()))
        })
    };
    let Some(i) = hit(true).or_else(|| hit(false)) else {
        // Written with YAML escapes: the finding still counts, at the file.
        return Some((0, 0));
    };
    if lines[i].contains(IGNORE) || i > 0 && lines[i - 1].contains(IGNORE) {
        return None;
    }
    let column = lines[i]
        .find(f.figure.as_str())
        .map_or(1, |b| lines[i][..b].chars().count() + 1);
    Some((i + 1, column))
}

/// Figures in a data file's text: each string cell of a CSV row (located at
/// its row), each string value of a YAML or JSON file.
fn check_data(site: &Site, file: &crate::data::DataFile) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if let Some(source) = &file.csv_source {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(source.as_bytes());
        // The file parsed at load; a row that fails now cannot, and is skipped.
        for record in reader.records().flatten() {
            let row_line = record.position().map_or(0, |p| p.line() as usize);
            for cell in record.iter() {
                for mut f in check_text(site, cell) {
                    let line = row_line + f.line;
                    if let Some(text) = source.lines().nth(line.saturating_sub(1))
                        && let Some(b) = text.find(f.figure.as_str())
                    {
                        f.column = text[..b].chars().count() + 1;
                    }
                    diags.push(warning(&file.file, source, line, f));
                }
            }
        }
        return diags;
    }
    let source = file.yaml_source.as_deref().unwrap_or_default();
    let mut strings = Vec::new();
    json_strings(&file.value, &mut strings);
    for text in strings {
        for mut f in check_text(site, text) {
            let Some((line, column)) = locate(source, text, &f) else {
                continue;
            };
            f.column = column;
            diags.push(warning(&file.file, source, line, f));
        }
    }
    diags
}

fn json_strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| json_strings(v, out)),
        _ => {}
    }
}
