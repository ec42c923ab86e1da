//! A case study's before/after metrics as people should read them: a result
//! only once the customer is live (or the metric says `measured: true`),
//! otherwise a target with no achieved arrow; and the change in words people
//! read ("−0.9 pts", "+2", "−67%"). HTML and PDF both ask here.

use crate::content::Better;
use crate::content::kinds::Metric;

/// How one metric is shown.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shown {
    /// A target (the customer is not live and nothing says it was measured).
    pub target: bool,
    /// Whether the change is an improvement (never for a target).
    pub improved: bool,
    /// The change in words; empty for a target or a metric without numbers.
    pub change: String,
}

/// How `m` is shown for a customer who is (`live`) or is not yet live.
pub(crate) fn shown(m: &Metric, live: bool, min_base: f64) -> Shown {
    let target = !live && !m.measured;
    let written = || m.change.clone().unwrap_or_default();
    let numbers = m.pair().and_then(|(b, a)| Some((b.number?, a.number?)));
    let Some((before, after)) = numbers else {
        // A single value (or words): no direction to judge, only the writer's words.
        return Shown {
            target,
            improved: false,
            change: if target { String::new() } else { written() },
        };
    };
    if target {
        return Shown {
            target,
            improved: false,
            change: String::new(),
        };
    }
    let improved = match m.better {
        Better::Up => after > before,
        Better::Down => after < before,
    };
    // `14 days -> < 7 days`: a percentage would claim a precision the source never did.
    if m.pair().is_some_and(|(b, a)| b.bound || a.bound) {
        return Shown {
            target,
            improved,
            change: written(),
        };
    }
    let percent = m.result().is_some_and(|a| a.text.trim_end().ends_with('%'));
    Shown {
        target,
        improved,
        change: m
            .change
            .clone()
            .unwrap_or_else(|| change(before, after, percent, min_base)),
    }
}

/// The change from `before` to `after`: percentage points for percentages,
/// the difference for small bases (a percentage of 1 or 0 says nothing), a
/// percentage otherwise.
pub(crate) fn change(before: f64, after: f64, percent: bool, min_base: f64) -> String {
    let diff = after - before;
    let text = if diff == 0.0 {
        return "no change".to_string();
    } else if percent {
        format!("{} pts", signed(diff, 1))
    } else if before.abs() < min_base {
        signed(diff, 1)
    } else {
        format!("{}%", signed(diff / before * 100.0, 0))
    };
    text.replace('-', "−")
}

/// `+0.9`, `-13`, `+2`: at most `decimals` decimals, none when whole.
fn signed(v: f64, decimals: usize) -> String {
    let text = format!("{v:+.decimals$}");
    match text.split_once('.') {
        Some((whole, frac)) if frac.chars().all(|c| c == '0') => whole.to_string(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_is_shown_as_written_never_as_a_percentage() {
        let m = metric("14 days", "< 7 days", true);
        let s = shown(&m, true, 5.0);
        assert_eq!(s.change, "");
        assert!(!s.target);
        let m = metric("97%", "> 99.9%", true);
        assert_eq!(shown(&m, true, 5.0).change, "");
        assert_eq!(m.result().unwrap().text, "> 99.9%");
        // Without a bound the same pair still gets its change.
        assert_eq!(
            shown(&metric("14 days", "7 days", true), true, 5.0).change,
            "−50%"
        );
    }

    #[test]
    fn changes_read_as_people_say_them() {
        assert_eq!(change(2.4, 1.5, true, 5.0), "−0.9 pts");
        assert_eq!(change(84.0, 97.0, true, 5.0), "+13 pts");
        assert_eq!(change(0.0, 3.0, false, 5.0), "+3");
        assert_eq!(change(1.0, 3.0, false, 5.0), "+2");
        assert_eq!(change(60.0, 20.0, false, 5.0), "−67%");
        assert_eq!(change(45.0, 27.0, false, 5.0), "−40%");
        assert_eq!(change(5.0, 5.0, false, 5.0), "no change");
    }

    fn metric(before: &str, after: &str, measured: bool) -> Metric {
        let yaml = format!(
            "{{ label: x, before: \"{before}\", after: \"{after}\", measured: {measured} }}"
        );
        serde_json::from_value(
            serde_json::to_value(
                serde_saphyr::from_str::<serde_json::Value>(&yaml).expect("valid YAML"),
            )
            .expect("a value"),
        )
        .expect("a metric")
    }

    #[test]
    fn metrics_of_customers_not_live_are_targets_unless_measured() {
        let m = metric("84%", "97%", false);
        let not_live = shown(&m, false, 5.0);
        assert!(not_live.target && !not_live.improved && not_live.change.is_empty());
        let live = shown(&m, true, 5.0);
        assert!(!live.target && live.improved);
        assert_eq!(live.change, "+13 pts");
        assert!(!shown(&metric("84%", "97%", true), false, 5.0).target);
    }

    #[test]
    fn a_single_value_shows_its_own_words_and_no_direction() {
        let m: Metric = serde_saphyr::from_str(
            "{ label: Lead filtering, value: 24/7, change: \"from office hours\" }",
        )
        .expect("a metric");
        let live = shown(&m, true, 5.0);
        assert!(!live.target && !live.improved);
        assert_eq!(live.change, "from office hours");
        assert!(
            shown(&m, false, 5.0).change.is_empty(),
            "a target has no change"
        );
    }
}
