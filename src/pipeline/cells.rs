//! One CRM export cell at a time: amounts, probabilities, close dates and
//! stage names as Salesforce, HubSpot and spreadsheets write them.

use jiff::civil::Date;

use super::DealStage;

/// Largest amount accepted: keeps every sum finite (as for ACVs).
const MAX_AMOUNT: f64 = 1e12;

/// `$120,000`, `120000.00`, `120,000 USD`, `USD 120000`; an empty cell is 0
/// (CRMs leave a lead's amount blank).
pub(super) fn amount(cell: &str) -> Result<f64, &'static str> {
    let t = cell.trim();
    if t.is_empty() {
        return Ok(0.0);
    }
    let t = t
        .trim_start_matches("USD")
        .trim_end_matches("USD")
        .trim()
        .trim_start_matches('$')
        .trim();
    let digits: String = t.chars().filter(|c| *c != ',').collect();
    let ok = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1;
    match digits.parse::<f64>() {
        Ok(v) if ok && v.is_finite() && v <= MAX_AMOUNT => Ok(v),
        Ok(_) if ok => Err("an amount up to $1,000,000,000,000"),
        _ => Err("an amount such as 120000, 120000.00 or $120,000"),
    }
}

/// A probability in percent: `20`, `20%`, or a fraction with a decimal point
/// (`0.2`, as HubSpot exports it). `None` for an empty cell.
pub(super) fn probability(cell: &str) -> Result<Option<f64>, &'static str> {
    let t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (number, percent) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let v: f64 = number
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or("a probability from 0 to 100, such as 40 or 40%")?;
    let v = if !percent && number.contains('.') && (0.0..=1.0).contains(&v) {
        v * 100.0
    } else {
        v
    };
    if (0.0..=100.0).contains(&v) {
        Ok(Some(v))
    } else {
        Err("a probability from 0 to 100 (percent)")
    }
}

/// `2026-03-31` or `3/31/2026` (US month/day/year, as Salesforce writes it);
/// `None` for an empty cell (a lead without a close date).
pub(super) fn close_date(cell: &str) -> Result<Option<Date>, &'static str> {
    const EXPECTED: &str = "a date written YYYY-MM-DD or M/D/YYYY, such as 2026-03-31 or 3/31/2026";
    let t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.len() == 10 && t.as_bytes()[4] == b'-' {
        return t.parse::<Date>().map(Some).map_err(|_| EXPECTED);
    }
    let parts: Vec<&str> = t.split('/').collect();
    let [m, d, y] = parts.as_slice() else {
        return Err(EXPECTED);
    };
    let small = |s: &str, max_len: usize| {
        (!s.is_empty() && s.len() <= max_len && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<i16>().ok())
            .flatten()
    };
    match (
        small(m, 2),
        small(d, 2),
        small(y, 4).filter(|_| y.len() == 4),
    ) {
        (Some(m), Some(d), Some(y)) => Date::new(y, m as i8, d as i8)
            .map(Some)
            .map_err(|_| EXPECTED),
        _ => Err(EXPECTED),
    }
}

/// Stage names Salesforce's and HubSpot's default pipelines use, and ours.
pub(super) const KNOWN_STAGES: &[(&str, DealStage)] = &[
    ("lead", DealStage::Lead),
    ("qualified", DealStage::Qualified),
    ("poc", DealStage::Poc),
    ("proposal", DealStage::Proposal),
    ("negotiation", DealStage::Negotiation),
    ("won", DealStage::Won),
    ("lost", DealStage::Lost),
    // Salesforce
    ("prospecting", DealStage::Lead),
    ("qualification", DealStage::Qualified),
    ("needs analysis", DealStage::Qualified),
    ("value proposition", DealStage::Qualified),
    ("id. decision makers", DealStage::Qualified),
    ("perception analysis", DealStage::Poc),
    ("proposal/price quote", DealStage::Proposal),
    ("negotiation/review", DealStage::Negotiation),
    ("closed won", DealStage::Won),
    ("closed lost", DealStage::Lost),
    // HubSpot
    ("appointment scheduled", DealStage::Lead),
    ("qualified to buy", DealStage::Qualified),
    ("presentation scheduled", DealStage::Poc),
    ("decision maker bought-in", DealStage::Proposal),
    ("contract sent", DealStage::Negotiation),
    ("closedwon", DealStage::Won),
    ("closedlost", DealStage::Lost),
    // Words teams use in spreadsheets
    ("discovery", DealStage::Qualified),
    ("proof of concept", DealStage::Poc),
    ("pilot", DealStage::Poc),
];

/// How a stage or header is compared: case and runs of spaces aside.
pub(super) fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// 1-based column (in characters) where the `index`th cell of a CSV line starts.
pub(super) fn cell_column(line: &str, index: usize) -> usize {
    let mut quoted = false;
    let mut cell = 0;
    for (i, c) in line.chars().enumerate() {
        if cell == index {
            return i + 1;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => cell += 1,
            _ => {}
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_as_crms_and_spreadsheets_write_them() {
        for (cell, v) in [
            ("$120,000", 120_000.0),
            ("120000.00", 120_000.0),
            ("120,000 USD", 120_000.0),
            ("USD 95000", 95_000.0),
            ("", 0.0),
            ("$ 1,250.50", 1_250.5),
        ] {
            assert_eq!(amount(cell), Ok(v), "{cell}");
        }
        for bad in ["lots", "12O,000", "-5", "1.2.3", "$", "1e300", "€5"] {
            assert!(amount(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn probabilities_are_percent_or_fractions_with_a_point() {
        assert_eq!(probability("40"), Ok(Some(40.0)));
        assert_eq!(probability("40%"), Ok(Some(40.0)));
        assert_eq!(probability("0.4"), Ok(Some(40.0)));
        assert_eq!(probability("1"), Ok(Some(1.0)));
        assert_eq!(probability(""), Ok(None));
        for bad in ["140", "-5", "high", "NaN", "inf"] {
            assert!(probability(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn close_dates_are_iso_or_us_month_day_year() {
        let d = |s: &str| close_date(s).unwrap().map(|d| d.to_string());
        assert_eq!(d("2026-03-31").as_deref(), Some("2026-03-31"));
        assert_eq!(d("3/31/2026").as_deref(), Some("2026-03-31"));
        assert_eq!(d("03/01/2026").as_deref(), Some("2026-03-01"));
        assert_eq!(d(""), None);
        for bad in [
            "31/3/2026",
            "2026-02-30",
            "3/31/26",
            "next week",
            "2026/03/31",
        ] {
            assert!(close_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cell_columns_count_characters_and_skip_quoted_commas() {
        assert_eq!(cell_column("a,\"b, c\",d", 2), 10);
        assert_eq!(cell_column("é,x", 1), 3);
    }
}
