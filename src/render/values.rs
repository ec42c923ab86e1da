//! Template values: the typed model turned into the plain maps templates read
//! (see docs/TEMPLATES.md). Built once per profile, shared by every page.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::audience::View;
use crate::content::{Approval, Better, KindData, Page, Status};
use crate::kpis::json_number;
use crate::markdown::anchor;
use crate::render::format;
use crate::site::Site;

fn date_str(d: Option<jiff::civil::Date>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

/// `page` for page `i` (without its table of contents, which needs the rendered body).
pub fn page(site: &Site, view: &View, i: usize) -> Value {
    let p = view.page(&site.content, i);
    let url = view.url(i);
    let mut m = Map::new();
    m.insert("title".into(), Value::String(p.meta.title.clone()));
    m.insert(
        "description".into(),
        p.meta
            .description
            .clone()
            .map_or(Value::Null, Value::String),
    );
    m.insert("date".into(), date_str(p.meta.date));
    m.insert("url".into(), Value::String(url.to_string()));
    m.insert(
        "permalink".into(),
        Value::String(format!("{}{url}", view.profile.base_url)),
    );
    m.insert("slug".into(), Value::String(p.slug.clone()));
    m.insert("section".into(), Value::String(p.section.clone()));
    m.insert("kind".into(), Value::String(p.kind().name().to_string()));
    m.insert("visibility".into(), json!(p.meta.visibility));
    m.insert("weight".into(), Value::from(p.meta.weight));
    m.insert("draft".into(), Value::Bool(p.meta.draft));
    m.insert("tags".into(), json!(p.meta.tags));
    m.insert("extra".into(), Value::Object(p.meta.extra.clone()));
    // An anonymised page's file name may carry the customer's name: show its slug instead.
    let source = match view.overrides.get(&i) {
        Some(o) if o.slug != site.content.pages[i].slug => {
            format!(
                "content/{}{}.md",
                p.section.clone() + if p.section.is_empty() { "" } else { "/" },
                o.slug
            )
        }
        _ => p.file.display().to_string().replace('\\', "/"),
    };
    m.insert("source".into(), Value::String(source));
    m.insert("is_section".into(), Value::Bool(p.is_index));
    match &p.data {
        KindData::Page => {}
        KindData::CaseStudy(c) => case_study(&mut m, site, view, p, c),
        KindData::WeekPlan(w) => week_plan(&mut m, w),
    }
    Value::Object(m)
}

fn case_study(
    m: &mut Map<String, Value>,
    site: &Site,
    view: &View,
    page: &Page,
    c: &crate::content::CaseStudy,
) {
    let customer = crate::audience::shown_customer(site, &view.profile, c);
    m.insert("customer".into(), Value::String(customer.clone()));
    m.insert(
        "industry".into(),
        c.industry.clone().map_or(Value::Null, Value::String),
    );
    m.insert("summary".into(), Value::String(c.summary.clone()));
    // A profile without `show_acv` shows no contract value, not even a null-able one.
    if view.profile.show_acv {
        m.insert("acv".into(), c.acv.map_or(Value::Null, json_number));
    }
    m.insert("signed".into(), date_str(c.signed));
    m.insert("live".into(), date_str(c.live));
    m.insert("stage".into(), c.stage.map_or(Value::Null, |s| json!(s)));
    m.insert(
        "stage_label".into(),
        c.stage
            .map_or(Value::Null, |s| Value::String(s.label().into())),
    );
    m.insert("approval".into(), json!(c.approval));
    m.insert(
        "approval_mark".into(),
        approval_mark(view, c).map_or(Value::Null, |s| Value::String(s.into())),
    );
    m.insert("nps".into(), c.nps.map_or(Value::Null, json_number));
    m.insert(
        "logo_url".into(),
        c.logo
            .as_deref()
            .and_then(|l| logo_url(site, page, l))
            .map_or(Value::Null, Value::String),
    );
    let pdf = view.pdf_path(&site.content, page_index(site, page));
    m.insert(
        "pdf_url".into(),
        pdf.map_or(Value::Null, |p| Value::String(format!("/{p}"))),
    );
    m.insert(
        "quote".into(),
        c.quote.as_ref().map_or(Value::Null, |q| {
            json!({
                "text": q.text,
                "author": q.author,
                "role": q.role,
                "credit": crate::audience::quote_credit(q.role.as_deref(), &customer),
            })
        }),
    );
    let metrics: Vec<Value> = c.metrics.iter().map(metric).collect();
    m.insert("metrics".into(), Value::Array(metrics));
}

/// "Approval pending" on a story shown by its real name before the customer approved it.
pub fn approval_mark(view: &View, c: &crate::content::CaseStudy) -> Option<&'static str> {
    if crate::audience::hides(&view.profile, c) {
        return None;
    }
    match c.approval {
        Approval::Approved => None,
        Approval::Pending => Some("Approval pending"),
        Approval::Anonymized => Some("Approved for anonymous use only"),
    }
}

/// Index of `page` in the site's content (pages are sorted by `rel`).
fn page_index(site: &Site, page: &Page) -> usize {
    site.content.page_by_rel(&page.rel).unwrap_or(usize::MAX)
}

/// URL of a case study's logo: beside the page in `content/`, else in the static files.
pub fn logo_url(site: &Site, page: &Page, logo: &str) -> Option<String> {
    let base = page.rel.rfind('/').map_or("", |i| &page.rel[..i]);
    let rel = crate::content::normalize_rel(base, logo)?;
    let beside = rel
        .split('/')
        .map(crate::content::slugify_segment)
        .collect::<Vec<_>>()
        .join("/");
    if site.content.assets.iter().any(|a| a.out == beside) {
        return Some(format!("/{beside}"));
    }
    let in_static = logo.trim_start_matches('/');
    site.theme
        .statics
        .contains_key(in_static)
        .then(|| format!("/{in_static}"))
}

fn metric(metric: &crate::content::kinds::Metric) -> Value {
    let (improved, change) = match (metric.before.number, metric.after.number) {
        (Some(b), Some(a)) => {
            let up = a > b;
            let improved = if metric.better == Better::Up {
                up
            } else {
                a < b
            };
            let change = if metric.after.text.trim_end().ends_with('%') {
                format!("{:+} pts", (a - b).round() as i64)
            } else if b != 0.0 {
                format!("{:+}%", ((a - b) / b * 100.0).round() as i64)
            } else {
                String::new()
            };
            (a != b && improved, change.replace('-', "−"))
        }
        _ => (false, String::new()),
    };
    json!({
        "label": metric.label,
        "before": metric.before.text,
        "after": metric.after.text,
        "better": metric.better,
        "improved": improved,
        "change": change,
    })
}

fn week_plan(m: &mut Map<String, Value>, w: &crate::content::WeekPlan) {
    let done = w
        .days
        .iter()
        .filter(|(r, _)| r.status == Status::Done)
        .count();
    let total = w.days.len();
    let last = w.days.iter().map(|(_, d)| *d).max();
    let ends = last.or_else(|| w.starts.checked_add(jiff::Span::new().days(4)).ok());
    m.insert("week".into(), Value::from(w.week));
    m.insert("starts".into(), Value::String(w.starts.to_string()));
    m.insert("ends".into(), date_str(ends));
    m.insert(
        "goal".into(),
        w.goal.clone().map_or(Value::Null, Value::String),
    );
    m.insert("success_metrics".into(), json!(w.success_metrics));
    m.insert("risks".into(), json!(w.risks));
    m.insert("done".into(), Value::from(done));
    m.insert("total".into(), Value::from(total));
    m.insert(
        "progress".into(),
        Value::from((done * 100).checked_div(total).unwrap_or(0)),
    );
    let days: Vec<Value> = w
        .days
        .iter()
        .map(|(r, date)| {
            json!({
                "day": r.day, "date": date.to_string(), "activity": r.activity, "owner": r.owner,
                "deliverable": r.deliverable, "status": r.status.name(), "status_label": r.status.label(),
            })
        })
        .collect();
    m.insert("days".into(), Value::Array(days));
}

/// `kpis`: the KPIs this profile publishes, by key.
pub fn kpis(site: &Site, view: &View) -> Value {
    Value::Object(
        site.kpis
            .list
            .iter()
            .filter(|k| view.profile.publishes(k.key))
            .map(|k| (k.key.to_string(), json_number(k.value)))
            .collect(),
    )
}

/// `kpi_list`: the KPIs this profile publishes.
pub fn kpi_list(site: &Site, view: &View) -> Value {
    Value::Array(
        site.kpis
            .list
            .iter()
            .filter(|k| view.profile.publishes(k.key))
            .map(|k| {
                json!({ "key": k.key, "label": k.label, "value": json_number(k.value),
                        "display": k.display, "formula": k.formula, "unit": k.unit })
            })
            .collect(),
    )
}

/// `site`.
pub fn site_value(site: &Site, view: &View) -> Value {
    let c = &site.config;
    json!({
        "title": c.title, "base_url": view.profile.base_url, "company": c.company, "language": c.language,
        "timezone": c.timezone, "paper": match c.pdf.paper { crate::config::Paper::Letter => "letter", crate::config::Paper::A4 => "a4" },
    })
}

/// `profile`.
pub fn profile_value(view: &View) -> Value {
    json!({ "name": view.profile.name, "label": view.profile.label(), "include": view.profile.include,
            "watermark": view.profile.watermark, "show_acv": view.profile.show_acv,
            "kpis": crate::render::html::published_keys(&view.profile) })
}

/// `menu`: top-level sections and root pages of the profile, by weight.
pub fn menu(site: &Site, view: &View) -> Value {
    let pages = &site.content.pages;
    let mut items: Vec<(i64, String, String)> = Vec::new();
    for section in site.content.sections.values() {
        if section.path.is_empty() || section.path.contains('/') {
            continue;
        }
        let visible_index = section.index.filter(|&i| view.includes(i));
        let any_page = section.pages.iter().any(|&i| view.includes(i));
        if visible_index.is_none() && !any_page {
            continue;
        }
        let (weight, title) = match visible_index {
            Some(i) => (pages[i].meta.weight, pages[i].meta.title.clone()),
            None => (0, section.path.clone()),
        };
        // A section whose index page this profile cannot see has no page at its
        // URL: the menu opens its first visible page instead.
        let first = section.pages.iter().copied().find(|&i| view.includes(i));
        let url = match visible_index.or(first) {
            Some(i) => view.url(i).to_string(),
            None => section.url.clone(),
        };
        items.push((weight, title, url));
    }
    if let Some(root) = site.content.sections.get("") {
        for &i in &root.pages {
            // Another profile's landing page is not a place to navigate to from here.
            let is_a_home = site.config.profiles.iter().any(|p| p.home == pages[i].rel);
            if view.includes(i) && view.home != Some(i) && !is_a_home {
                items.push((
                    pages[i].meta.weight,
                    pages[i].meta.title.clone(),
                    view.url(i).to_string(),
                ));
            }
        }
    }
    items.sort();
    Value::Array(
        items
            .into_iter()
            .map(|(_, title, url)| json!({ "title": title, "url": url }))
            .collect(),
    )
}

/// `roles`: every plan row of the profile's week plans, grouped by owner.
pub fn roles(site: &Site, view: &View, weeks: &[usize]) -> Value {
    let mut by_owner: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for &i in weeks {
        let p = view.page(&site.content, i);
        let KindData::WeekPlan(w) = &p.data else {
            continue;
        };
        for (row, date) in &w.days {
            let entry = counts.entry(row.owner.clone()).or_default();
            entry.1 += 1;
            if row.status == Status::Done {
                entry.0 += 1;
            }
            by_owner.entry(row.owner.clone()).or_default().push(json!({
                "week": w.week, "week_title": p.meta.title, "week_url": view.url(i), "day": row.day,
                "date": date.to_string(), "activity": row.activity, "deliverable": row.deliverable,
                "status": row.status.name(), "status_label": row.status.label(),
            }));
        }
    }
    Value::Array(
        by_owner
            .into_iter()
            .map(|(owner, rows)| {
                let (done, total) = counts[&owner];
                json!({ "owner": owner, "slug": anchor(&owner), "done": done, "total": total,
                        "progress": (done * 100).checked_div(total).unwrap_or(0), "rows": rows })
            })
            .collect(),
    )
}

/// `standup_days`: `data.standup` grouped by date, today first, then in date order.
pub fn standup_days(site: &Site, today: &str) -> Value {
    let Some(rows) = site
        .data
        .files
        .get("standup")
        .and_then(|f| f.value.as_array())
    else {
        return Value::Array(Vec::new());
    };
    let mut days: BTreeMap<String, (Value, Vec<Value>)> = BTreeMap::new();
    for row in rows {
        let text = |k: &str| match row.get(k) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(v) => v.to_string(),
        };
        let date = text("date");
        let status = text("status");
        let label = Status::parse(&status).map_or(status.clone(), |s| s.label().to_string());
        let entry = days
            .entry(date)
            .or_insert_with(|| (row.get("week").cloned().unwrap_or(Value::Null), Vec::new()));
        entry.1.push(json!({ "role": text("role"), "task": text("task"), "status": status, "status_label": label }));
    }
    let mut ordered: Vec<(String, (Value, Vec<Value>))> = days.into_iter().collect();
    ordered.sort_by_key(|(date, _)| date != today);
    Value::Array(
        ordered
            .into_iter()
            .map(|(date, (week, rows))| {
                let label = format::date(&date, "%A, %b %-d").unwrap_or_else(|| date.clone());
                json!({ "date": date, "label": label, "is_today": date == today, "week": week, "rows": rows })
            })
            .collect(),
    )
}
