//! Number, money, percentage and date formatting shared by templates, KPIs and charts.

/// Groups an integer string's digits with commas.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The most decimals a template may ask `number` and `percent` for.
pub(crate) const MAX_DECIMALS: usize = 10;

/// `12345.678` with 2 decimals -> `12,345.68`.
pub fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    // `format!` panics past 65,535 digits; templates are held to MAX_DECIMALS earlier.
    let text = format!("{:.*}", decimals.min(MAX_DECIMALS), value.abs());
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{}.{f}", group(int)),
        None => format!("{sign}{}", group(int)),
    }
}

/// `125000` -> `$125,000`; `short` -> `$125K`; `cents` -> `$10,416.67`.
pub fn money(value: f64, short: bool, cents: bool) -> String {
    let v = value.abs();
    // The sign follows the rounded figure: -0.4 is "$0", not "-$0".
    let shown = if cents {
        (v * 100.0).round()
    } else {
        v.round()
    };
    let sign = if value < 0.0 && (short || shown > 0.0) {
        "-"
    } else {
        ""
    };
    if short {
        return format!("{sign}${}", short_figure(v));
    }
    format!("{sign}${}", number(v, if cents { 2 } else { 0 }))
}

/// `37500` -> `37.5K`: one decimal below 100 units when it is not zero. A figure
/// that rounds up to 1,000 of a unit is shown in the next one (`999950` ->
/// `1M`, not `1,000K`).
fn short_figure(v: f64) -> String {
    const UNITS: [(f64, &str); 4] = [(1.0, ""), (1e3, "K"), (1e6, "M"), (1e9, "B")];
    let mut unit = UNITS
        .iter()
        .rposition(|(scale, _)| v >= *scale)
        .unwrap_or(0);
    loop {
        let (scale, suffix) = UNITS[unit];
        let scaled = v / scale;
        let decimals = usize::from((scaled * 10.0).round() % 10.0 != 0.0 && scaled < 100.0);
        let text = number(scaled, decimals);
        let rounded: f64 = text.replace(',', "").parse().unwrap_or(scaled);
        if rounded >= 1000.0 && unit + 1 < UNITS.len() {
            unit += 1;
            continue;
        }
        return format!("{text}{suffix}");
    }
}

/// `0.97` -> `97%`.
pub fn percent(fraction: f64, decimals: usize) -> String {
    format!("{}%", number(fraction * 100.0, decimals))
}

/// Formats an ISO date (`2026-01-26`) with a strftime pattern; `None` if it is not a date.
/// A year (`2003`) or a month (`2024-03`) is shown as precisely as it was written
/// ("2003", "March 2024"): a pattern would invent a day.
pub fn date(text: &str, pattern: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.len() == 4 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Some(trimmed.to_string());
    }
    if trimmed.len() == 7
        && let Ok(month) = format!("{trimmed}-01").parse::<jiff::civil::Date>()
    {
        return jiff::fmt::strtime::format("%B %Y", month).ok();
    }
    let date: jiff::civil::Date = text.get(..10).unwrap_or(text).parse().ok()?;
    jiff::fmt::strtime::format(pattern, date).ok()
}

/// Default date pattern: `Jan 26, 2026`.
pub(crate) const DATE_FORMAT: &str = "%b %-d, %Y";

/// Parses a money string (`$125,000`, `$125K`, `37.5k`) back into dollars.
pub fn parse_money(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('-') {
        return parse_money(rest).map(|v| -v);
    }
    let t = text.trim_start_matches('$').replace(',', "");
    let (num, mult) = match t.chars().last()? {
        'K' | 'k' => (&t[..t.len() - 1], 1e3),
        'M' | 'm' => (&t[..t.len() - 1], 1e6),
        'B' | 'b' => (&t[..t.len() - 1], 1e9),
        _ => (t.as_str(), 1.0),
    };
    num.parse::<f64>().ok().map(|n| n * mult)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats() {
        assert_eq!(money(125_000.0, false, false), "$125,000");
        assert_eq!(money(125_000.0, true, false), "$125K");
        assert_eq!(money(37_500.0, true, false), "$37.5K");
        assert_eq!(money(10_416.666, false, true), "$10,416.67");
        assert_eq!(money(600_000.0, true, false), "$600K");
        assert_eq!(money(1_200_000.0, true, false), "$1.2M");
        assert_eq!(money(-5.0, false, false), "-$5");
        assert_eq!(money(-0.4, false, false), "$0");
        assert_eq!(parse_money("-$5"), Some(-5.0));
        assert_eq!(parse_money("-$1.2M"), Some(-1_200_000.0));
    }

    #[test]
    fn short_money_that_rounds_up_to_a_thousand_moves_to_the_next_unit() {
        assert_eq!(money(999_950.0, true, false), "$1M");
        assert_eq!(money(999_499.0, true, false), "$999K");
        assert_eq!(money(999.7, true, false), "$1K");
        assert_eq!(money(999_960_000.0, true, false), "$1B");
        assert_eq!(money(99_960.0, true, false), "$100K");
        assert_eq!(money(-999_950.0, true, false), "-$1M");
        assert_eq!(money(1_000_000.0, true, false), "$1M");
    }

    #[test]
    fn huge_decimals_never_panic() {
        assert_eq!(number(0.5, 65_536).len(), 2 + MAX_DECIMALS);
        assert_eq!(
            percent(0.5, 70_000),
            format!("50.{}%", "0".repeat(MAX_DECIMALS))
        );
    }

    #[test]
    fn money_round_trips() {
        for v in [0.0, 5.0, 999.0, 1_000.0, 37_500.0, 125_000.0, 1_234_567.0] {
            assert_eq!(parse_money(&money(v, false, false)), Some(v));
        }
    }

    #[test]
    fn percent_and_number() {
        assert_eq!(percent(0.97, 0), "97%");
        assert_eq!(percent(0.333, 1), "33.3%");
        assert_eq!(number(1234567.891, 2), "1,234,567.89");
        assert_eq!(number(-0.0001, 0), "0");
    }

    #[test]
    fn dates() {
        assert_eq!(
            date("2026-01-26", DATE_FORMAT).as_deref(),
            Some("Jan 26, 2026")
        );
        assert_eq!(date("2026-01-26", "%a").as_deref(), Some("Mon"));
        assert_eq!(date("soon", DATE_FORMAT), None);
    }
}
