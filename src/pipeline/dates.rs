//! Close dates as CRMs and spreadsheets write them: ISO (`2026-03-31`), US
//! month first (`3/31/2026`, `03/31/26`) or day first (`31/03/2026`). Which
//! of the two a column of slashed dates uses is read from its values (a first
//! field above 12 is a day), or from `pipeline: { date_format }` in site.yaml;
//! when the values leave it open, month first is assumed and said.

use jiff::civil::Date;

/// Which field of a slashed date is the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    /// `M/D/YYYY`: Salesforce (US locale), HubSpot, US spreadsheets.
    MonthFirst,
    /// `D/M/YYYY`: most other locales.
    DayFirst,
}

impl Order {
    fn written(self) -> &'static str {
        match self {
            Order::MonthFirst => "M/D/YYYY",
            Order::DayFirst => "D/M/YYYY",
        }
    }
}

/// The values `pipeline.date_format` takes, and the order each means.
pub(super) const FORMATS: [(&str, Order); 8] = [
    ("M/D/YYYY", Order::MonthFirst),
    ("MM/DD/YYYY", Order::MonthFirst),
    ("M/D/YY", Order::MonthFirst),
    ("MM/DD/YY", Order::MonthFirst),
    ("D/M/YYYY", Order::DayFirst),
    ("DD/MM/YYYY", Order::DayFirst),
    ("D/M/YY", Order::DayFirst),
    ("DD/MM/YY", Order::DayFirst),
];

/// The order named by a `date_format` value, if it is one.
pub(super) fn configured(format: &str) -> Option<Order> {
    let format = format.trim().to_ascii_uppercase();
    FORMATS.iter().find(|(f, _)| *f == format).map(|(_, o)| *o)
}

/// How a column's slashed dates were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reading {
    /// The order used.
    pub order: Order,
    /// A value that could be read either way, when the order was assumed.
    pub assumed_from: Option<String>,
}

/// The order of the slashed dates among `cells`: a first field above 12 means
/// day first, a second above 12 month first; neither is an assumption.
pub(super) fn detect<'a>(cells: impl Iterator<Item = &'a str>) -> Reading {
    let (mut day_first, mut month_first, mut open) = (false, false, None);
    for cell in cells {
        let Some((a, b, _)) = fields(cell) else {
            continue;
        };
        match (a > 12, b > 12) {
            (true, false) => day_first = true,
            (false, true) => month_first = true,
            (false, false) if a != b && open.is_none() => open = Some(cell.trim().to_string()),
            _ => {}
        }
    }
    // Mixed evidence keeps month first; the day-first values are then errors.
    let order = if day_first && !month_first {
        Order::DayFirst
    } else {
        Order::MonthFirst
    };
    Reading {
        order,
        assumed_from: (!day_first && !month_first).then_some(open).flatten(),
    }
}

/// The three numeric fields of `a/b/y`, if that is its shape.
fn fields(cell: &str) -> Option<(u32, u32, &str)> {
    let mut parts = cell.trim().split('/');
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    Some((number(a)?, number(b)?, y))
}

/// Why a close date could not be read: what was expected and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BadDate {
    /// What the cell should have been.
    pub expected: String,
    /// What is wrong with this value, and how to fix it.
    pub hint: String,
}

/// A close date read with `order` for slashed dates; `None` for an empty cell
/// (a lead without a close date).
pub(super) fn close_date(cell: &str, order: Order) -> Result<Option<Date>, BadDate> {
    let t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let expected = format!(
        "a date written YYYY-MM-DD or {}, such as 2026-03-31 or {}",
        order.written(),
        match order {
            Order::MonthFirst => "3/31/2026",
            Order::DayFirst => "31/3/2026",
        }
    );
    let bad = |hint: String| BadDate {
        expected: expected.clone(),
        hint,
    };
    if t.len() == 10 && t.as_bytes()[4] == b'-' {
        return t.parse::<Date>().map(Some).map_err(|_| {
            bad("check the month (01-12) and the day (it must exist in that month)".into())
        });
    }
    let Some((a, b, year)) = fields(t) else {
        return Err(bad(
            "write the date as the CRM exports it: YYYY-MM-DD, M/D/YYYY or D/M/YYYY".into(),
        ));
    };
    let year: i16 = match (year.len(), year.parse::<i16>()) {
        (4, Ok(y)) => y,
        (2, Ok(y)) => 2000 + y,
        _ => {
            return Err(bad(format!(
                "the year `{year}` must have four digits (or two, read as 20YY)"
            )));
        }
    };
    let (month, day) = match order {
        Order::MonthFirst => (a, b),
        Order::DayFirst => (b, a),
    };
    if month > 12 {
        let other = match order {
            Order::MonthFirst => "D/M/YYYY",
            Order::DayFirst => "M/D/YYYY",
        };
        return Err(bad(format!(
            "read as {} there is no month {month}; if this column writes {other}, say so in site.yaml: pipeline: {{ date_format: {other} }}",
            order.written()
        )));
    }
    Date::new(year, month as i8, day as i8)
        .map(Some)
        .map_err(|_| bad(format!("month {month} of {year} has no day {day}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(cell: &str, order: Order) -> Option<String> {
        close_date(cell, order).unwrap().map(|d| d.to_string())
    }

    #[test]
    fn iso_month_first_day_first_and_two_digit_years_are_read() {
        assert_eq!(
            d("2026-03-31", Order::DayFirst).as_deref(),
            Some("2026-03-31")
        );
        assert_eq!(
            d("3/31/2026", Order::MonthFirst).as_deref(),
            Some("2026-03-31")
        );
        assert_eq!(
            d("02/03/24", Order::MonthFirst).as_deref(),
            Some("2024-02-03")
        );
        assert_eq!(
            d("02/03/24", Order::DayFirst).as_deref(),
            Some("2024-03-02")
        );
        assert_eq!(
            d("31/3/2026", Order::DayFirst).as_deref(),
            Some("2026-03-31")
        );
        assert_eq!(d("", Order::MonthFirst), None);
    }

    #[test]
    fn each_bad_date_says_what_is_wrong_with_it() {
        let hint = |cell: &str, order| close_date(cell, order).unwrap_err().hint;
        assert!(hint("3/31/202", Order::MonthFirst).contains("four digits"));
        assert!(hint("31/3/2026", Order::MonthFirst).contains("date_format: D/M/YYYY"));
        assert!(hint("2/30/2026", Order::MonthFirst).contains("month 2 of 2026 has no day 30"));
        assert!(hint("next week", Order::MonthFirst).contains("YYYY-MM-DD"));
        assert!(hint("2026-02-30", Order::MonthFirst).contains("the day"));
    }

    #[test]
    fn the_order_is_read_from_the_values_and_assumed_only_when_they_leave_it_open() {
        let r = detect(["1/2/2026", "25/12/2026", ""].into_iter());
        assert_eq!((r.order, r.assumed_from), (Order::DayFirst, None));
        let r = detect(["1/2/2026", "12/25/2026"].into_iter());
        assert_eq!((r.order, r.assumed_from), (Order::MonthFirst, None));
        let r = detect(["2026-01-05", "02/03/24", "4/4/2026"].into_iter());
        assert_eq!(r.order, Order::MonthFirst);
        assert_eq!(r.assumed_from.as_deref(), Some("02/03/24"));
        assert_eq!(detect(["2026-01-05"].into_iter()).assumed_from, None);
        assert_eq!(configured("dd/mm/yyyy"), Some(Order::DayFirst));
        assert_eq!(configured("YYYY/MM"), None);
    }
}
