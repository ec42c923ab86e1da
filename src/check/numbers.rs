//! Numbers: figures typed by hand in page bodies that contradict the computed
//! KPIs (src/kpis.rs), and case-study ACVs that disagree with
//! `data/customers.yaml`.
//!
//! The raw Markdown body is read (before templating), so `{{ kpis.arr | money }}`
//! is never a finding. A figure is money (`$37,500`, `$125K`, `$1.2M`), a
//! percentage (`75%`), a ratio (`30:1`), a number of months (`6-8 months`,
//! `1.8 months`) or, right next to a score KPI, a plain number (`NPS 8.5`).
//! Plain counts (`3 customers`) are not judged: plans state them as targets. It belongs to the nearest KPI name or alias on
//! the same line whose unit fits (money to money KPIs, and so on), with no
//! other figure in between.
//!
//! How a figure is judged against the computed value `v`:
//! - a single figure agrees when it is `v` rounded to the precision written
//!   (`$10,417` for 10,416.67; `$125K` for 124,600), or within 0.5% of `v`;
//! - `X+`, `over X`, `more than X`, `at least X` are lower bounds: they agree
//!   when `v` is at least `X` (less the rounding above); `up to X`, `under X`,
//!   `less than X`, `at most X` are upper bounds;
//! - a range `X-Y` agrees when `v` lies inside it (widened by the rounding);
//! - `~X`, `about`, `around`, `approximately`, `roughly`, `nearly` allow 10%.
//!
//! Lines longer than 4,096 bytes (machine-made, not prose) are not judged. A line holding `traction:ignore` (say in `<!-- traction:ignore -->`) or
//! following a line that holds it is not checked.

use crate::content::KindData;
use crate::diagnostics::Diagnostic;
use crate::kpis::{Kpi, Unit, display};
use crate::site::Site;

/// KPI names and aliases, by KPI key. Longer phrases win over the words inside them.
pub const ALIASES: &[(&str, &str)] = &[
    ("ARR", "arr"),
    ("annual recurring revenue", "arr"),
    ("annualized revenue", "arr"),
    ("annualised revenue", "arr"),
    ("annual run rate", "arr"),
    ("MRR", "mrr"),
    ("monthly recurring revenue", "mrr"),
    ("monthly revenue", "mrr"),
    ("quarterly run rate", "quarterly_revenue"),
    ("quarterly run-rate", "quarterly_revenue"),
    ("quarterly revenue", "quarterly_revenue"),
    ("customers", "customers"),
    ("paying customers", "customers"),
    ("live customers", "live_customers"),
    ("customers live", "live_customers"),
    ("customers in production", "live_customers"),
    ("go-live rate", "go_live_rate"),
    ("go live rate", "go_live_rate"),
    ("average ACV", "avg_acv"),
    ("avg ACV", "avg_acv"),
    ("average contract value", "avg_acv"),
    ("average deal size", "avg_acv"),
    ("NPS", "avg_nps"),
    ("average NPS", "avg_nps"),
    ("net promoter score", "avg_nps"),
    ("LTV", "ltv"),
    ("lifetime value", "ltv"),
    ("customer lifetime value", "ltv"),
    ("CAC", "cac"),
    ("customer acquisition cost", "cac"),
    ("acquisition cost", "cac"),
    ("LTV:CAC", "ltv_cac"),
    ("LTV/CAC", "ltv_cac"),
    ("LTV to CAC", "ltv_cac"),
    ("LTV-to-CAC", "ltv_cac"),
    ("payback", "payback_months"),
    ("payback period", "payback_months"),
    ("CAC payback", "payback_months"),
    ("gross margin", "gross_margin"),
    ("expected lifetime", "expected_lifetime_months"),
    ("customer lifetime", "expected_lifetime_months"),
    ("pipeline", "pipeline"),
    ("qualified pipeline", "pipeline"),
];

/// What kind of figure was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Money,
    Percent,
    Ratio,
    Months,
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Exact,
    AtLeast,
    AtMost,
    About,
}

/// A figure found in a line.
#[derive(Debug, Clone, PartialEq)]
struct Figure {
    start: usize,
    end: usize,
    lo: f64,
    hi: f64,
    /// Half a unit of the last digit written.
    precision: f64,
    bound: Bound,
    shape: Shape,
    short: bool,
    text: String,
}

fn fits(shape: Shape, unit: Unit) -> bool {
    matches!(
        (shape, unit),
        (Shape::Money, Unit::Money)
            | (Shape::Percent, Unit::Percent)
            | (Shape::Ratio, Unit::Ratio)
            | (Shape::Months, Unit::Months)
            | (Shape::Plain, Unit::Score)
    )
}

/// A number at `s[i..]`: digits with thousands commas and a decimal part. Returns (value, end, precision).
fn number(s: &[u8], i: usize) -> Option<(f64, usize, f64)> {
    let mut j = i;
    let mut text = String::new();
    while j < s.len() {
        let c = s[j];
        if c.is_ascii_digit() {
            text.push(c as char);
        } else if c == b','
            && s[j + 1..].len() >= 3
            && s[j + 1..j + 4].iter().all(u8::is_ascii_digit)
            && !text.is_empty()
        {
            // thousands separator
        } else {
            break;
        }
        j += 1;
    }
    if text.is_empty() {
        return None;
    }
    let mut decimals = 0;
    if j + 1 < s.len() && s[j] == b'.' && s[j + 1].is_ascii_digit() {
        text.push('.');
        j += 1;
        while j < s.len() && s[j].is_ascii_digit() {
            text.push(s[j] as char);
            decimals += 1;
            j += 1;
        }
    }
    let value: f64 = text.parse().ok()?;
    Some((value, j, 0.5 * 10f64.powi(-decimals)))
}

fn suffix(s: &[u8], j: usize) -> (f64, usize) {
    let next_is_word = |k: usize| k < s.len() && s[k].is_ascii_alphabetic();
    match s.get(j).map(u8::to_ascii_uppercase) {
        Some(b'K') if !next_is_word(j + 1) => (1e3, j + 1),
        Some(b'M') if !next_is_word(j + 1) => (1e6, j + 1),
        Some(b'B') if !next_is_word(j + 1) => (1e9, j + 1),
        _ => (1.0, j),
    }
}

fn is_dash(s: &[u8], j: usize) -> Option<usize> {
    if s.get(j) == Some(&b'-') {
        Some(j + 1)
    } else if s[j.min(s.len())..].starts_with("–".as_bytes()) {
        Some(j + "–".len())
    } else if s[j.min(s.len())..].starts_with(b" to ") {
        Some(j + 4)
    } else {
        None
    }
}

fn skip_spaces(s: &[u8], mut j: usize) -> usize {
    while j < s.len() && s[j] == b' ' {
        j += 1;
    }
    j
}

/// Every figure of `line` (template expressions already blanked).
fn figures(line: &str) -> Vec<Figure> {
    let s = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let money = s[i] == b'$';
        let start = i;
        let n_at = if money { i + 1 } else { i };
        let boundary_ok = start == 0
            || !(s[start - 1].is_ascii_alphanumeric()
                || matches!(s[start - 1], b'#' | b'.' | b',' | b'/' | b'-'));
        if !boundary_ok || n_at >= s.len() || !s[n_at].is_ascii_digit() {
            i += 1;
            continue;
        }
        let Some((mut lo, j, mut precision)) = number(s, n_at) else {
            i += 1;
            continue;
        };
        let (mult, mut j) = if money { suffix(s, j) } else { (1.0, j) };
        let mut short = mult > 1.0;
        let mut hi = lo;
        let mut hi_mult = mult;
        // A range: `6-8`, `$35K-45K`, `$35K-$45K`, `80-85%`, `6 to 8`.
        if let Some(k) = is_dash(s, j) {
            let k2 = if money && s.get(k) == Some(&b'$') {
                k + 1
            } else {
                k
            };
            if let Some((v, e, p)) = number(s, k2) {
                let (m2, e2) = if money { suffix(s, e) } else { (1.0, e) };
                hi = v;
                hi_mult = m2;
                precision = precision.max(p);
                j = e2;
            }
        }
        let lo_mult = if mult == 1.0 && hi_mult > 1.0 {
            hi_mult
        } else {
            mult
        };
        short = short || hi_mult > 1.0;
        lo *= lo_mult;
        hi *= hi_mult;
        let scale = hi_mult.max(lo_mult);
        let mut end = j;
        let shape = if money {
            Shape::Money
        } else if s.get(j) == Some(&b'%') {
            end = j + 1;
            Shape::Percent
        } else if s.get(j) == Some(&b':')
            && s.get(j + 1) == Some(&b'1')
            && !s.get(j + 2).is_some_and(u8::is_ascii_digit)
        {
            end = j + 2;
            Shape::Ratio
        } else {
            let k = skip_spaces(s, j);
            let rest = &line[k.min(line.len())..];
            let word_end = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let word = rest[..word_end].to_ascii_lowercase();
            if k > j && matches!(word.as_str(), "months" | "month" | "mo") {
                end = k + word_end;
                Shape::Months
            } else {
                Shape::Plain
            }
        };
        let mut bound = Bound::Exact;
        if s.get(end) == Some(&b'+') {
            end += 1;
            bound = Bound::AtLeast;
        }
        let before = line[..start].trim_end().to_ascii_lowercase();
        for (words, b) in [
            (
                &[
                    "over",
                    "more than",
                    "at least",
                    ">",
                    "≥",
                    "above",
                    "exceeding",
                ][..],
                Bound::AtLeast,
            ),
            (
                &["under", "less than", "up to", "at most", "<", "≤", "below"][..],
                Bound::AtMost,
            ),
            (
                &[
                    "~",
                    "about",
                    "around",
                    "approximately",
                    "approx.",
                    "roughly",
                    "nearly",
                    "almost",
                    "≈",
                ][..],
                Bound::About,
            ),
        ] {
            if words.iter().any(|w| {
                before.ends_with(w)
                    && (w.len() == 1
                        || !before[..before.len() - w.len()]
                            .ends_with(|c: char| c.is_ascii_alphabetic()))
            }) && bound == Bound::Exact
            {
                bound = b;
            }
        }
        // Plain numbers are only kept when a count or score KPI is right beside them (checked later).
        let text = line[start..end].to_string();
        out.push(Figure {
            start,
            end,
            lo: lo.min(hi),
            hi: lo.max(hi),
            precision: precision * scale,
            bound,
            shape,
            short,
            text,
        });
        i = end.max(i + 1);
    }
    out
}

/// Replaces `{{ ... }}` and `{% ... %}` spans with spaces (keeping offsets).
fn blank_templates(line: &str) -> String {
    let mut out = line.to_string();
    for (open, close) in [("{{", "}}"), ("{%", "%}"), ("{#", "#}")] {
        let mut from = 0;
        while let Some(a) = out[from..].find(open).map(|k| k + from) {
            let b = out[a..]
                .find(close)
                .map_or(out.len(), |k| a + k + close.len());
            let blank = " ".repeat(b - a);
            out.replace_range(a..b, &blank);
            from = b;
        }
    }
    out
}

/// Keyword occurrences on a line: (start, end, KPI key), shorter ones inside longer ones dropped.
fn keywords(line: &str) -> Vec<(usize, usize, &'static str)> {
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    for (alias, key) in ALIASES {
        let mut from = 0;
        while let Some((a, b)) = find_word(line, alias, from) {
            found.push((a, b, key));
            from = b;
        }
    }
    let all = found.clone();
    found.retain(|&(a, b, _)| {
        !all.iter()
            .any(|&(c, d, _)| c <= a && b <= d && (d - c) > (b - a))
    });
    found.sort();
    found.dedup();
    found
}

/// Matches figures to KPIs on one line: (figure, KPI key).
/// Longest line (in bytes) whose figures are judged.
const MAX_LINE: usize = 4096;

fn pairs(line: &str) -> Vec<(Figure, &'static str)> {
    // Prose lines are short; a machine-made line of megabytes is not prose: bound the work.
    if line.len() > MAX_LINE {
        return Vec::new();
    }
    let clean = blank_templates(line);
    let figs = figures(&clean);
    let keys = keywords(&clean);
    let mut out = Vec::new();
    for (n, fig) in figs.iter().enumerate() {
        let mut best: Option<(usize, &'static str)> = None;
        for &(a, b, key) in &keys {
            let Some(unit) = unit_of(key) else { continue };
            if !fits(fig.shape, unit) {
                continue;
            }
            let (gap_start, gap_end) = if b <= fig.start {
                (b, fig.start)
            } else if fig.end <= a {
                (fig.end, a)
            } else {
                continue;
            };
            let gap = &clean[gap_start..gap_end];
            // Another figure in between belongs to that keyword instead.
            if figs
                .iter()
                .enumerate()
                .any(|(m, f)| m != n && f.start >= gap_start && f.end <= gap_end)
            {
                continue;
            }
            let distance = gap.split_whitespace().collect::<Vec<_>>().join(" ").len();
            let limit = if fig.shape == Shape::Plain { 3 } else { 40 };
            if distance > limit
                || gap.contains(['.', ';']) && !gap.trim().is_empty() && gap.contains(". ")
            {
                continue;
            }
            if fig.shape == Shape::Plain
                && !gap
                    .chars()
                    .all(|c| c.is_whitespace() || c == ':' || c == '=')
            {
                continue;
            }
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, key));
            }
        }
        if let Some((_, key)) = best {
            out.push((fig.clone(), key));
        }
    }
    out
}

fn unit_of(key: &str) -> Option<Unit> {
    Some(match key {
        "arr" | "mrr" | "quarterly_revenue" | "avg_acv" | "ltv" | "cac" | "pipeline" => Unit::Money,
        "customers" | "live_customers" => Unit::Count,
        "go_live_rate" | "gross_margin" => Unit::Percent,
        "avg_nps" => Unit::Score,
        "ltv_cac" => Unit::Ratio,
        "payback_months" | "expected_lifetime_months" => Unit::Months,
        _ => return None,
    })
}

/// Whether `fig` agrees with the computed value `v` (see the module docs).
fn agrees(fig: &Figure, v: f64) -> bool {
    let mut tol = fig.precision.max(v.abs() * 0.005);
    if fig.bound == Bound::About {
        tol = tol.max(v.abs() * 0.1);
    }
    match fig.bound {
        Bound::AtLeast => v >= fig.lo - tol,
        Bound::AtMost => v <= fig.hi + tol,
        Bound::Exact | Bound::About => v >= fig.lo - tol && v <= fig.hi + tol,
    }
}

/// The template expression that writes KPI `key`.
pub fn expression(kpi: &Kpi, short: bool) -> String {
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
    }
}

/// Cheap test before the full parse: every judged figure has `$`, `%`, `:1`, `month` or an NPS.
fn may_hold_figure(line: &str) -> bool {
    line.contains(['$', '%', ':']) || {
        let lower = line.to_ascii_lowercase();
        lower.contains("month") || lower.contains("nps") || lower.contains("promoter")
    }
}

/// Contradicting figures in one body: ((line index in `body`, column), message, expected, hint).
pub fn check_text(site: &Site, body: &str) -> Vec<((usize, usize), String, String, String)> {
    let mut out = Vec::new();
    let mut ignore_next = false;
    for (n, line) in body.lines().enumerate() {
        let ignored = ignore_next || line.contains("traction:ignore");
        ignore_next = line.contains("traction:ignore");
        if ignored || !line.bytes().any(|b| b.is_ascii_digit()) || !may_hold_figure(line) {
            continue;
        }
        for (fig, key) in pairs(line) {
            let Some(kpi) = site.kpis.list.iter().find(|k| k.key == key) else {
                continue;
            };
            let v = if kpi.unit == Unit::Percent {
                kpi.value * 100.0
            } else {
                kpi.value
            };
            if agrees(&fig, v) {
                continue;
            }
            out.push((
                (n, line[..fig.start].chars().count() + 1),
                format!(
                    "{} is stated as {} but computes to {}",
                    kpi.label,
                    fig.text.trim(),
                    kpi.display
                ),
                format!("{} = {} = {}", kpi.key, kpi.formula, kpi.display),
                format!(
                    "write `{}` instead of typing the figure (or add `<!-- traction:ignore -->` if it is a target, not a fact)",
                    expression(kpi, fig.short)
                ),
            ));
        }
    }
    out
}

/// Every contradicting figure in every page body, and case-study ACVs that disagree with the data.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    site.content
        .pages
        .par_iter()
        .flat_map_iter(|page| check_page(site, page))
        .collect()
}

fn check_page(site: &Site, page: &crate::content::Page) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    {
        let found = check_text(site, &page.body);
        let source = if found.is_empty() {
            String::new()
        } else {
            format!(
                "{}{}",
                "\n".repeat(page.body_line.saturating_sub(1)),
                page.body
            )
        };
        for ((n, column), message, expected, hint) in found {
            diags.push(
                Diagnostic::warning(&page.file, message)
                    .at(page.body_line + n, column)
                    .with_source(&source)
                    .expected(expected)
                    .hint(hint),
            );
        }
        if let KindData::CaseStudy(c) = &page.data
            && let Some(acv) = c.acv
            && let Some(row) = site
                .kpis
                .customers
                .iter()
                .find(|r| r.name.eq_ignore_ascii_case(c.customer.trim()))
            && (row.acv - acv).abs() > 0.5
        {
            let text = std::fs::read_to_string(site.root.join(&page.file)).unwrap_or_default();
            let line = crate::yaml::key_line(&text, "acv").unwrap_or(0);
            diags.push(
                Diagnostic::warning(
                    &page.file,
                    format!(
                        "`acv: {}` disagrees with data/customers.yaml, where {} has acv {}",
                        display(acv, Unit::Money),
                        row.name,
                        display(row.acv, Unit::Money)
                    ),
                )
                .at(line, 1)
                .with_source(&text)
                .expected(format!("acv: {}", row.acv))
                .hint("the KPIs use data/customers.yaml; change whichever is wrong"),
            );
        }
    }
    diags
}

/// Where `needle` occurs in `hay` at or after `from` (start, end), ASCII
/// case-insensitively, on word boundaries, spaces matching any whitespace: the
/// figure lint's label finder (names and leaks use `audience::matcher`).
fn find_word(hay: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    let is_word_byte = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    let (&first, &last) = (n.first()?, n.last()?);
    let mut i = from;
    while i < h.len() {
        if h[i].eq_ignore_ascii_case(&first)
            && (i == 0 || !is_word_byte(first) || !is_word_byte(h[i - 1]))
            && let Some(len) = match_at(h, i, n)
            && (!is_word_byte(last) || i + len == h.len() || !is_word_byte(h[i + len]))
        {
            return Some((i, i + len));
        }
        i += 1;
    }
    None
}

/// Length of the match of `needle` at `h[i..]` (a space matches any whitespace run).
fn match_at(h: &[u8], i: usize, needle: &[u8]) -> Option<usize> {
    let mut j = i;
    for &c in needle {
        if c == b' ' {
            let start = j;
            while j < h.len() && h[j].is_ascii_whitespace() {
                j += 1;
            }
            if j == start {
                return None;
            }
        } else {
            if j >= h.len() || !h[j].eq_ignore_ascii_case(&c) {
                return None;
            }
            j += 1;
        }
    }
    Some(j - i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(line: &str) -> Vec<(String, f64, f64, Bound)> {
        figures(line)
            .into_iter()
            .map(|f| (f.text, f.lo, f.hi, f.bound))
            .collect()
    }

    #[test]
    fn figures_of_every_shape_are_read() {
        assert_eq!(
            fig("QUARTERLY RUN RATE:           $37,500"),
            vec![("$37,500".into(), 37_500.0, 37_500.0, Bound::Exact)]
        );
        assert_eq!(
            fig("$150,000+ per customer"),
            vec![("$150,000+".into(), 150_000.0, 150_000.0, Bound::AtLeast)]
        );
        assert_eq!(fig("$35K-45K ACV")[0].1, 35_000.0);
        assert_eq!(fig("$35K-45K ACV")[0].2, 45_000.0);
        assert_eq!(fig("Payback Period: 6-8 months")[0].0, "6-8 months");
        assert_eq!(fig("30:1 (excellent)")[0].0, "30:1");
        assert_eq!(fig("Gross Margin: 75%+")[0].3, Bound::AtLeast);
        assert_eq!(fig("$1.2M")[0].1, 1_200_000.0);
        assert_eq!(fig("about $40K")[0].3, Bound::About);
    }

    #[test]
    fn keywords_prefer_the_longest_phrase() {
        let k = keywords("LTV:CAC Ratio: 30:1 and customer lifetime value");
        let keys: Vec<&str> = k.iter().map(|x| x.2).collect();
        assert_eq!(keys, vec!["ltv_cac", "ltv"]);
    }

    #[test]
    fn figures_pair_with_the_nearest_fitting_kpi() {
        let p = pairs("CAC (Customer Acquisition Cost):     $5,000 per customer");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].1, "cac");
        let p = pairs("Customer #1 (signed Week 7):  $50,000 ACV (signed Week 7)");
        assert!(p.is_empty(), "{p:?}");
        assert!(pairs("ARR is {{ kpis.arr | money }} today").is_empty());
        assert_eq!(pairs("- $125K+ annualized revenue")[0].1, "arr");
        assert_eq!(pairs("NPS 8.5+ from all customers")[0].1, "avg_nps");
    }
}
