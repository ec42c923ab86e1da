//! The pipeline page's values: funnel, coverage, owners, deals past their
//! close date. Figures stay numbers; templates format them (`money`).

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde_json::{Value, json};

use super::{Deal, DealStage, Pipeline};

/// Deals listed at most (open deals, past due): a page of a 5,000-row export
/// would be unreadable and slow; the counts say how many there are.
const SHOWN: usize = 50;

/// `pipeline_board` in templates: `{ available: false }` without an export.
pub(crate) fn value(pipeline: Option<&Pipeline>, target: Option<f64>, today: Date) -> Value {
    let Some(p) = pipeline else {
        return json!({ "available": false });
    };
    let totals = p.totals();
    let mut funnel: Vec<Value> = Vec::new();
    let max = DealStage::ALL
        .iter()
        .map(|s| stage_amount(p, *s))
        .fold(0.0, f64::max);
    for stage in DealStage::ALL {
        let deals: Vec<&Deal> = p.deals.iter().filter(|d| d.stage == stage).collect();
        let amount = stage_amount(p, stage);
        funnel.push(json!({
            "key": stage.key(),
            "label": stage.label(),
            "count": deals.len(),
            "amount": amount,
            "share": if max > 0.0 { amount / max } else { 0.0 },
        }));
    }
    let mut owners: BTreeMap<&str, (usize, f64, f64)> = BTreeMap::new();
    for d in p.deals.iter().filter(|d| d.stage.is_qualified()) {
        let o = owners.entry(d.owner.as_str()).or_default();
        o.0 += 1;
        o.1 += d.amount;
        o.2 += d.amount * d.probability / 100.0;
    }
    let mut by_owner: Vec<(&str, (usize, f64, f64))> = owners.into_iter().collect();
    by_owner.sort_by(|a, b| b.1.1.total_cmp(&a.1.1).then(a.0.cmp(b.0)));
    let past_due = |d: &&Deal| d.stage.is_open() && d.close.is_some_and(|c| c < today);
    let mut overdue: Vec<&Deal> = p.deals.iter().filter(past_due).collect();
    overdue.sort_by_key(|d| d.close);
    let overdue_count = overdue.len();
    overdue.truncate(SHOWN);
    // The open deals past lead, furthest stage and largest first: what a
    // Friday review walks through. The export itself holds the rest.
    let mut deals: Vec<&Deal> = p.deals.iter().filter(|d| d.stage.is_qualified()).collect();
    deals.sort_by(|a, b| {
        a.stage
            .cmp(&b.stage)
            .reverse()
            .then(b.amount.total_cmp(&a.amount))
    });
    let deals_count = deals.len();
    deals.truncate(SHOWN);
    json!({
        "available": true,
        "source": p.file.display().to_string(),
        "total": totals.qualified,
        "weighted": totals.weighted,
        "open": totals.open,
        "active": totals.active,
        "warm": totals.warm,
        "won": stage_amount(p, DealStage::Won),
        "target": target,
        "coverage": target.filter(|t| *t > 0.0).map(|t| totals.qualified / t),
        // The open stages past lead (what the pipeline KPI counts): the funnel chart.
        "open_funnel": funnel
            .iter()
            .zip(DealStage::ALL)
            .filter(|(_, s)| s.is_qualified())
            .map(|(v, _)| v.clone())
            .collect::<Vec<_>>(),
        "funnel": funnel,
        "by_owner": by_owner.iter().map(|(owner, (count, amount, weighted))| json!({
            "owner": if owner.is_empty() { "(no owner)" } else { owner },
            "count": count, "amount": amount, "weighted": weighted,
        })).collect::<Vec<_>>(),
        "past_due": overdue.iter().map(|d| deal(d, today)).collect::<Vec<_>>(),
        "past_due_count": overdue_count,
        "deals": deals.iter().map(|d| deal(d, today)).collect::<Vec<_>>(),
        "deals_count": deals_count,
    })
}

fn stage_amount(p: &Pipeline, stage: DealStage) -> f64 {
    p.deals
        .iter()
        .filter(|d| d.stage == stage)
        .map(|d| d.amount)
        .sum()
}

fn deal(d: &Deal, today: Date) -> Value {
    json!({
        "name": d.name,
        "account": d.account,
        "stage": d.stage.key(),
        "stage_label": d.stage.label(),
        "amount": d.amount,
        "probability": d.probability,
        "close": d.close.map(|c| c.to_string()),
        "days_overdue": d.close.filter(|c| d.stage.is_open() && *c < today)
            .map(|c| c.until(today).map_or(0, |s| i64::from(s.get_days()))),
        "owner": d.owner,
        "next_step": d.next_step,
    })
}
