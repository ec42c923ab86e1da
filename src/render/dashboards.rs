//! The operating dashboards' template values: `implementations` (the CSM
//! dashboard) and `pipeline_board` (the sales pipeline), and the Friday review of
//! each plan week, a generated page at `plans/week-N/review/`.
//!
//! A profile that withholds `days_to_live` sees no implementation, one that
//! withholds `pipeline` no deal: the values are `{ available: false }`, so a
//! template cannot print what the profile does not publish.

use jiff::civil::Date;
use serde_json::{Value, json};

use crate::audience::{self, View};
use crate::content::{Kind, KindData, Status, Visibility, WeekPlan};
use crate::kpis::Customer;
use crate::site::Site;

/// The KPI whose publication shows implementation data.
pub(crate) const IMPLEMENTATION_KPI: &str = "days_to_live";

/// The KPI whose publication shows deals.
pub(crate) const PIPELINE_KPI: &str = "pipeline";

/// `implementations`: one row per customer of `data/customers.yaml`.
pub(crate) fn implementations(site: &Site, view: &View) -> Value {
    if !view.profile.publishes(IMPLEMENTATION_KPI) {
        return json!({ "available": false });
    }
    let today = site.now.date();
    let labels = audience::customer_labels(site, &view.profile);
    let rows: Vec<Value> = site
        .kpis
        .customers
        .iter()
        .zip(&labels)
        .map(|(c, name)| customer_row(c, name, today))
        .collect();
    let count = |h: &str| rows.iter().filter(|r| r["health"] == h).count();
    json!({
        "available": true,
        "today": today.to_string(),
        "rows": rows,
        "on_track": count("on_track"),
        "at_risk": count("at_risk"),
        "late": count("late"),
        "live": count("live"),
    })
}

fn customer_row(c: &Customer, name: &str, today: Date) -> Value {
    let health = c.health(today);
    let date = |d: Option<Date>| d.map(|d| d.to_string());
    let reached = |d: Option<Date>| d.is_some_and(|d| d <= today);
    let go_live = c
        .go_live
        .actual
        .or(c.go_live.scheduled)
        .or(c.go_live.planned);
    let timeline = json!([
        { "key": "signed", "label": "Signed", "date": date(c.signed), "done": c.stage.is_revenue() || reached(c.signed) },
        { "key": "kickoff", "label": "Kickoff", "date": date(c.kickoff), "done": c.is_live() || reached(c.kickoff) },
        { "key": "pilot", "label": "Pilot", "date": date(c.pilot), "done": c.is_live() || reached(c.pilot) },
        { "key": "live", "label": "Live", "date": date(go_live), "done": c.is_live() },
    ]);
    let done = c.integrations.iter().filter(|i| i.done).count();
    json!({
        "name": name,
        "stage": c.stage.label().to_lowercase(),
        "stage_label": c.stage.label(),
        "timeline": timeline,
        "implemented": c.implemented(today),
        "integrations": c.integrations,
        "integrations_done": done,
        "integrations_total": c.integrations.len(),
        "blocked": c.blocked().map(|i| json!({ "name": i.name, "reason": i.reason })).collect::<Vec<_>>(),
        "planned": date(c.go_live.planned),
        "scheduled": date(c.go_live.scheduled.or(c.go_live.planned)),
        "actual": date(c.go_live.actual),
        "slipped_days": c.slipped_days(),
        "recommend": c.answer(),
        "health": health.as_ref().map(|(h, _)| serde_json::to_value(h).expect("an enum serialises")),
        "health_label": health.as_ref().map(|(h, _)| h.label()),
        "health_reason": health.map(|(_, why)| why),
    })
}

/// `pipeline_board`: funnel, coverage of the target, owners, deals past their close date.
pub(crate) fn pipeline(site: &Site, view: &View) -> Value {
    if !view.profile.publishes(PIPELINE_KPI) {
        return json!({ "available": false });
    }
    let target = site.kpis.economics.targets.get(PIPELINE_KPI).copied();
    crate::pipeline::dashboard::value(site.kpis.pipeline.as_ref(), target, site.now.date())
}

/// Whether `view` gets weekly review pages: internal profiles only.
fn has_reviews(view: &View) -> bool {
    view.profile.include.contains(&Visibility::Internal)
}

/// The week plans of `view` with the output path of each one's review.
fn review_pages<'s>(site: &'s Site, view: &'s View) -> Vec<(usize, &'s WeekPlan, String)> {
    if !has_reviews(view) {
        return Vec::new();
    }
    audience::pages_of_kind(&site.content, view, Kind::WeekPlan)
        .into_iter()
        .filter_map(|i| match &view.page(&site.content, i).data {
            KindData::WeekPlan(w) => Some((i, &**w, format!("{}review/", view.url(i)))),
            _ => None,
        })
        .collect()
}

/// Output files of the weekly reviews (for `url_for` and link checks).
pub(crate) fn review_files(site: &Site, view: &View) -> Vec<String> {
    review_pages(site, view)
        .into_iter()
        .map(|(_, _, url)| crate::render::html::url_to_file(&url))
        .collect()
}

/// `reviews`: each week plan's URL -> its review's URL (empty outside internal profiles).
pub(crate) fn review_links(site: &Site, view: &View) -> Value {
    Value::Object(
        review_pages(site, view)
            .into_iter()
            .map(|(i, _, url)| (view.url(i).to_string(), Value::String(url)))
            .collect(),
    )
}

/// Every weekly review of `view`, as (output file, page value, review value).
pub(crate) fn reviews(site: &Site, view: &View) -> Vec<(String, Value, Value)> {
    review_pages(site, view)
        .into_iter()
        .map(|(i, w, url)| {
            let page = view.page(&site.content, i);
            let value = json!({
                "title": format!("Week {} review", w.week),
                "description": format!("Friday review of week {}: revenue, pipeline, customer health, blockers and wins.", w.week),
                "url": url,
                "kind": "review",
                "toc": [],
                "permalink": format!("{}{}", view.profile.base_url, url),
                "week_title": page.meta.title,
                "week_url": view.url(i),
            });
            (
                crate::render::html::url_to_file(&url),
                value,
                review(site, view, w),
            )
        })
        .collect()
}

/// The review of week `w`: the facts as of the week's Sunday (or today, if earlier).
fn review(site: &Site, view: &View, w: &WeekPlan) -> Value {
    let starts = w.starts;
    let ends = starts.saturating_add(jiff::Span::new().days(6));
    let as_of = ends.min(site.now.date());
    let in_week = |d: Date| d >= starts && d <= ends;
    let labels = audience::customer_labels(site, &view.profile);
    let implementation = view.profile.publishes(IMPLEMENTATION_KPI);
    let signed: Vec<Value> = site
        .kpis
        .customers
        .iter()
        .zip(&labels)
        .filter(|(c, _)| match c.signed {
            Some(d) => in_week(d),
            None => c.signed_week == Some(w.week),
        })
        .map(|(c, name)| {
            let acv = view.profile.show_acv.then_some(c.acv);
            json!({ "name": name, "acv": acv, "date": c.signed.map(|d| d.to_string()) })
        })
        .collect();
    let off_track: Vec<Value> = if implementation {
        site.kpis
            .customers
            .iter()
            .zip(&labels)
            .filter_map(|(c, name)| {
                let (h, why) = c.health(as_of)?;
                h.is_off_track()
                    .then(|| json!({ "name": name, "health": serde_json::to_value(h).ok(), "health_label": h.label(), "reason": why }))
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut problems = Vec::new();
    let mut wins = Vec::new();
    for (row, date) in &w.days {
        let item = json!({ "date": date.to_string(), "who": row.owner, "what": row.activity,
                           "status": row.status.name(), "status_label": row.status.label(), "from": "plan" });
        match row.status {
            Status::Blocked | Status::Slipped => problems.push(item),
            Status::Done => wins.push(item),
            _ => {}
        }
    }
    // A stand-up line that repeats a plan row (same day, owner and words) is
    // one event, listed once (the plan's).
    let key = |date: &str, who: &str, what: &str| {
        (
            date.to_string(),
            who.trim().to_lowercase(),
            what.trim().to_lowercase(),
        )
    };
    let planned: std::collections::HashSet<_> = w
        .days
        .iter()
        .map(|(row, date)| key(&date.to_string(), &row.owner, &row.activity))
        .collect();
    for row in standup_rows(site, w.week, starts, ends) {
        if planned.contains(&key(&row.0, &row.1, &row.2)) {
            continue;
        }
        match Status::parse(&row.3) {
            Some(status @ (Status::Blocked | Status::Slipped)) => problems
                .push(json!({ "date": row.0, "who": row.1, "what": row.2,
                "status": status.name(), "status_label": status.label(), "from": "stand-up" })),
            Some(Status::Done) => wins.push(json!({ "date": row.0, "who": row.1, "what": row.2,
                "status": "done", "status_label": Status::Done.label(), "from": "stand-up" })),
            _ => {}
        }
    }
    let pipeline = if view.profile.publishes(PIPELINE_KPI) {
        pipeline_change(site, starts, ends)
    } else {
        json!({ "available": false })
    };
    json!({
        "week": w.week,
        "starts": starts.to_string(),
        "ends": ends.to_string(),
        "as_of": as_of.to_string(),
        "signed": signed,
        "pipeline": pipeline,
        "implementation": implementation,
        "off_track": off_track,
        "problems": problems,
        "wins": wins,
    })
}

/// `data/standup.csv` rows of the week: (date, role, task, status).
fn standup_rows(
    site: &Site,
    week: u32,
    starts: Date,
    ends: Date,
) -> Vec<(String, String, String, String)> {
    let Some(rows) = site
        .data
        .files
        .get("standup")
        .and_then(|f| f.value.as_array())
    else {
        return Vec::new();
    };
    let text = |row: &Value, k: &str| match row.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    };
    rows.iter()
        .filter(|row| {
            let date = text(row, "date").parse::<Date>().ok();
            match date {
                Some(d) => d >= starts && d <= ends,
                None => text(row, "week") == week.to_string(),
            }
        })
        .map(|row| {
            (
                text(row, "date"),
                text(row, "role"),
                text(row, "task"),
                text(row, "status"),
            )
        })
        .collect()
}

/// The pipeline at the end of the week and a week before, from the snapshots
/// of `data/kpi_history.csv` (`date,kpi,value`).
fn pipeline_change(site: &Site, starts: Date, ends: Date) -> Value {
    let snapshots = history(site, crate::render::dashboards::PIPELINE_KPI);
    let at = |day: Date| snapshots.iter().rev().find(|(d, _)| *d <= day).copied();
    let now = at(ends);
    let before = at(starts.saturating_sub(jiff::Span::new().days(1)));
    json!({
        "available": true,
        "now": now.map(|(d, v)| json!({ "date": d.to_string(), "value": v })),
        "before": before.map(|(d, v)| json!({ "date": d.to_string(), "value": v })),
        "change": match (now, before) {
            (Some((_, a)), Some((_, b))) => Some(a - b),
            _ => None,
        },
    })
}

/// Snapshots of KPI `key`, oldest first.
pub(crate) fn history(site: &Site, key: &str) -> Vec<(Date, f64)> {
    let Some(rows) = site
        .data
        .files
        .get("kpi_history")
        .and_then(|f| f.value.as_array())
    else {
        return Vec::new();
    };
    let mut out: Vec<(Date, f64)> = rows
        .iter()
        .filter(|r| r.get("kpi").and_then(Value::as_str) == Some(key))
        .filter_map(|r| {
            let date = r.get("date")?.as_str()?.parse::<Date>().ok()?;
            let value = match r.get("value")? {
                Value::Number(n) => n.as_f64()?,
                Value::String(s) => s.parse().ok()?,
                _ => return None,
            };
            Some((date, value))
        })
        .collect();
    out.sort_by_key(|(d, _)| *d);
    out
}

/// Renders the weekly reviews of `view` into `sink` with `week_review.html`.
pub(crate) fn render_reviews(
    renderer: &crate::render::html::Renderer,
    site: &Site,
    view: &View,
    sink: &dyn crate::output::Sink,
) -> Vec<crate::diagnostics::Diagnostic> {
    let mut errors = Vec::new();
    for (file, page, review) in reviews(site, view) {
        let mut ctx = tera::Context::new();
        ctx.insert_value("page", tera::Value::from_serializable(&page));
        ctx.insert_value("review", tera::Value::from_serializable(&review));
        ctx.insert_value("content", tera::Value::safe_string(""));
        ctx.insert("is_home", &false);
        match renderer.render_template(REVIEW_TEMPLATE, &ctx) {
            Ok(html) => {
                // Written relative to the page, like every rendered page, so the
                // review opens from disk and under a base_url path.
                let html = crate::render::urls::rewrite_html(
                    &html,
                    crate::render::urls::Base::Page(&file),
                );
                errors.extend(sink.write(&file, html.as_bytes()).err());
            }
            Err(e) => {
                sink.failed(&file);
                errors.push(e);
            }
        }
    }
    errors
}

/// The template of a weekly review page.
const REVIEW_TEMPLATE: &str = "week_review.html";

/// Removes from template `data` the export's raw rows (`data.pipeline`) and
/// what withheld KPIs stand on: the `data.kpi_history` rows of every withheld KPI.
pub(crate) fn withhold_data(data: &mut Value, published: impl Fn(&str) -> bool) {
    let Some(files) = data.as_object_mut() else {
        return;
    };
    // Deals reach templates typed, through `pipeline_board`; the export's raw
    // rows would only cost every profile a copy of thousands of maps.
    files.remove(crate::pipeline::STEM);
    if let Some(rows) = files.get_mut("kpi_history").and_then(Value::as_array_mut) {
        rows.retain(|r| r.get("kpi").and_then(Value::as_str).is_some_and(&published));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_get_no_export_rows_and_no_snapshot_of_a_withheld_kpi() {
        let mut data = json!({
            "pipeline": [{ "Opportunity Name": "A" }],
            "kpi_history": [
                { "date": "2026-01-30", "kpi": "customers", "value": 2 },
                { "date": "2026-01-30", "kpi": "pipeline", "value": 560000 },
            ],
            "standup": [],
        });
        withhold_data(&mut data, |k| k == "customers");
        assert_eq!(
            data,
            json!({
                "kpi_history": [{ "date": "2026-01-30", "kpi": "customers", "value": 2 }],
                "standup": [],
            })
        );
    }
}
