//! Customer implementations: the dates and integrations of
//! `data/customers.yaml`, and the health rules of the CSM dashboard.
//!
//! Health is judged against "today" (`SOURCE_DATE_EPOCH` when set), so a
//! build of the same inputs on the same day always says the same thing.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Customer;
use crate::content::Stage;

/// An integration a customer needs before go-live.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Integration {
    /// What is integrated ("ERP", "Shopify").
    pub name: String,
    /// Whether it is done.
    #[serde(default)]
    pub done: bool,
    /// Whether it is blocked (puts the customer at risk).
    #[serde(default)]
    pub blocked: bool,
    /// Why it is blocked, or any note.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The go-live dates: as first planned, as now scheduled, as it happened.
#[derive(schemars::JsonSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoLive {
    /// The date agreed at signature.
    #[serde(default)]
    #[schemars(with = "Option<crate::content::kinds::IsoDate>")]
    pub planned: Option<Date>,
    /// The date now scheduled (the planned one when absent).
    #[serde(default)]
    #[schemars(with = "Option<crate::content::kinds::IsoDate>")]
    pub scheduled: Option<Date>,
    /// The date the customer went live.
    #[serde(default)]
    #[schemars(with = "Option<crate::content::kinds::IsoDate>")]
    pub actual: Option<Date>,
}

/// Slip beyond which an implementation is late, not at risk.
pub(crate) const AT_RISK_DAYS: i64 = 14;

/// How an implementation stands (docs/CONTENT.md, "Health").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    /// Scheduled on or before the planned date and nothing blocked.
    OnTrack,
    /// Slipped up to 14 days, or an integration is blocked.
    AtRisk,
    /// Slipped more than 14 days, or the planned date passed without go-live.
    Late,
    /// Went live.
    Live,
    /// Signed but no planned go-live date yet.
    NoDate,
}

impl Health {
    /// Name for people.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Health::OnTrack => "On track",
            Health::AtRisk => "At risk",
            Health::Late => "Late",
            Health::Live => "Live",
            Health::NoDate => "No go-live date",
        }
    }

    /// Whether the weekly review lists it as off track.
    pub(crate) fn is_off_track(self) -> bool {
        matches!(self, Health::AtRisk | Health::Late | Health::NoDate)
    }
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub(crate) fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map_or(0, |s| i64::from(s.get_days()))
}

impl Customer {
    /// Whether the customer went live: stage `live` or an actual go-live date.
    pub(crate) fn is_live(&self) -> bool {
        self.stage == Stage::Live || self.go_live.actual.is_some()
    }

    /// Days the scheduled go-live lies after the planned one (0 when on time or unknown).
    pub(crate) fn slipped_days(&self) -> i64 {
        match (self.go_live.planned, self.go_live.scheduled) {
            (Some(p), Some(s)) => days_between(p, s).max(0),
            _ => 0,
        }
    }

    /// The integrations that are blocked and not done.
    pub(crate) fn blocked(&self) -> impl Iterator<Item = &Integration> {
        self.integrations.iter().filter(|i| i.blocked && !i.done)
    }

    /// The health rule, with the reason in words; `None` for customers not
    /// implementing (prospects, pilots before signature, churned).
    pub(crate) fn health(&self, today: Date) -> Option<(Health, String)> {
        if self.is_live() {
            return Some((Health::Live, "in production".into()));
        }
        if !self.stage.is_revenue() {
            return None;
        }
        let Some(planned) = self.go_live.planned else {
            return Some((Health::NoDate, "no planned go-live date".into()));
        };
        let slipped = self.slipped_days();
        let blocked: Vec<&str> = self.blocked().map(|i| i.name.as_str()).collect();
        if slipped > AT_RISK_DAYS {
            Some((Health::Late, format!("go-live slipped {slipped} days")))
        } else if planned < today {
            let day = crate::format::date(&planned.to_string(), crate::format::DATE_FORMAT);
            Some((
                Health::Late,
                format!("planned go-live {} passed", day.unwrap_or_default()),
            ))
        } else if !blocked.is_empty() {
            Some((Health::AtRisk, format!("blocked: {}", blocked.join(", "))))
        } else if slipped > 0 {
            Some((Health::AtRisk, format!("go-live slipped {slipped} days")))
        } else {
            Some((
                Health::OnTrack,
                "scheduled on or before the planned date".into(),
            ))
        }
    }

    /// Share of implementation steps done: kickoff and pilot once their date
    /// is reached, each integration done, and go-live.
    pub(crate) fn implemented(&self, today: Date) -> f64 {
        if self.is_live() {
            return 1.0;
        }
        let dated = [self.kickoff, self.pilot];
        let total = dated.iter().flatten().count() + self.integrations.len() + 1;
        let done = dated.iter().flatten().filter(|d| **d <= today).count()
            + self.integrations.iter().filter(|i| i.done).count();
        done as f64 / total as f64
    }

    /// Days from signature to go-live, when both dates are known.
    pub(crate) fn days_to_live(&self) -> Option<i64> {
        Some(days_between(self.signed?, self.go_live.actual?))
    }
}

/// Mean days from signature to go-live over customers with both dates (0 when none).
pub(super) fn mean_days_to_live(customers: &[Customer]) -> f64 {
    let days: Vec<i64> = customers
        .iter()
        .filter_map(Customer::days_to_live)
        .collect();
    if days.is_empty() {
        0.0
    } else {
        days.iter().sum::<i64>() as f64 / days.len() as f64
    }
}

/// A customer with an actual go-live date whose stage is not `live`: the two
/// keys state one fact, so they must agree (the date counts as live).
pub(super) fn go_live_disagrees(
    data: &crate::data::Data,
    customers: &[Customer],
) -> Vec<crate::diagnostics::Diagnostic> {
    let Some(file) = data.files.get("customers") else {
        return Vec::new();
    };
    let source = file.yaml_source.as_deref().unwrap_or_default();
    customers
        .iter()
        .filter(|c| c.go_live.actual.is_some() && c.stage != Stage::Live)
        .map(|c| {
            crate::diagnostics::Diagnostic::warning(
                &file.file,
                format!(
                    "`{}` went live on {} (go_live.actual) but its stage is `{}`",
                    c.name,
                    c.go_live.actual.map(|d| d.to_string()).unwrap_or_default(),
                    c.stage.label().to_lowercase()
                ),
            )
            .at(
                super::customer_key_line(source, &c.name, "go_live").unwrap_or(0),
                1,
            )
            .with_source(source)
            .expected("stage: live once go_live.actual is set")
            .hint("set `stage: live`, or remove `actual:` if the go-live has not happened")
        })
        .collect()
}

/// The fields of `data/customers.yaml` that describe an implementation: shown
/// only in profiles that publish `days_to_live`.
pub(crate) const FIELDS: [&str; 5] = ["signed", "kickoff", "pilot", "integrations", "go_live"];

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(yaml: &str) -> Customer {
        serde_saphyr::from_str(yaml).unwrap()
    }

    fn today() -> Date {
        "2026-02-01".parse().unwrap()
    }

    const BASE: &str = "name: A\nacv: 1000\nstage: implementing\n";

    fn health(extra: &str) -> Health {
        customer(&format!("{BASE}{extra}"))
            .health(today())
            .unwrap()
            .0
    }

    #[test]
    fn on_track_when_scheduled_on_or_before_planned_and_nothing_blocked() {
        assert_eq!(
            health("go_live: { planned: 2026-02-17 }\n"),
            Health::OnTrack
        );
        assert_eq!(
            health(
                "go_live: { planned: 2026-02-17, scheduled: 2026-02-10 }\nintegrations: [{ name: ERP, done: true }]\n"
            ),
            Health::OnTrack
        );
    }

    #[test]
    fn at_risk_when_slipped_up_to_14_days_or_an_integration_is_blocked() {
        assert_eq!(
            health("go_live: { planned: 2026-02-17, scheduled: 2026-03-03 }\n"),
            Health::AtRisk,
            "14 days"
        );
        assert_eq!(
            health(
                "go_live: { planned: 2026-02-17 }\nintegrations: [{ name: ERP, blocked: true, reason: credentials }]\n"
            ),
            Health::AtRisk
        );
        // A blocked integration that is done no longer blocks.
        assert_eq!(
            health(
                "go_live: { planned: 2026-02-17 }\nintegrations: [{ name: ERP, blocked: true, done: true }]\n"
            ),
            Health::OnTrack
        );
    }

    #[test]
    fn late_when_slipped_more_or_the_planned_date_passed_without_go_live() {
        assert_eq!(
            health("go_live: { planned: 2026-02-17, scheduled: 2026-03-04 }\n"),
            Health::Late,
            "15 days"
        );
        assert_eq!(health("go_live: { planned: 2026-01-31 }\n"), Health::Late);
        // On the planned day itself it is not yet late.
        assert_eq!(
            health("go_live: { planned: 2026-02-01 }\n"),
            Health::OnTrack
        );
    }

    #[test]
    fn live_customers_are_live_and_prospects_have_no_health() {
        let c = customer("name: A\nacv: 1\nstage: live\ngo_live: { planned: 2026-01-01 }\n");
        assert_eq!(c.health(today()).unwrap().0, Health::Live);
        let c = customer("name: A\nacv: 1\nstage: implementing\ngo_live: { actual: 2026-01-20 }\n");
        assert_eq!(c.health(today()).unwrap().0, Health::Live);
        assert!(
            customer("name: A\nacv: 1\nstage: prospect\n")
                .health(today())
                .is_none()
        );
        assert_eq!(health(""), Health::NoDate);
    }

    #[test]
    fn implemented_counts_reached_dates_done_integrations_and_go_live() {
        let c = customer(&format!(
            "{BASE}kickoff: 2026-01-20\npilot: 2026-02-10\nintegrations: [{{ name: ERP, done: true }}, {{ name: WMS }}]\n"
        ));
        // kickoff and ERP of kickoff, pilot, ERP, WMS, go-live.
        assert!((c.implemented(today()) - 2.0 / 5.0).abs() < 1e-9);
        let c = customer(
            "name: A\nacv: 1\nstage: live\nsigned: 2026-01-05\ngo_live: { actual: 2026-02-16 }\n",
        );
        assert_eq!(c.implemented(today()), 1.0);
        assert_eq!(c.days_to_live(), Some(42));
    }
}
