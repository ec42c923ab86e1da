//! Template values: the typed model turned into the plain maps templates read
//! (see docs/TEMPLATES.md). Built once per profile, shared by every page.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::audience::View;
use crate::content::{Approval, Better, KindData, Page, Status};
use crate::format;
use crate::kpis::json_number;
use crate::markdown::anchor;
use crate::site::Site;

fn date_str(d: Option<impl std::fmt::Display>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

/// `page` for page `i` (without its table of contents, which needs the rendered body).
pub(crate) fn page(site: &Site, view: &View, i: usize) -> Value {
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
    m.insert(
        "share".into(),
        crate::render::share::page_value(site, view, i),
    );
    match &p.data {
        KindData::Page => {}
        KindData::CaseStudy(c) => case_study(&mut m, site, view, p, c),
        KindData::WeekPlan(w) => week_plan(&mut m, site, w),
        KindData::Deck(d) => {
            let pdf = view.pdf_path(&site.content, i);
            m.insert(
                "pdf_url".into(),
                pdf.map_or(Value::Null, |p| Value::String(format!("/{p}"))),
            );
            m.insert("slide_count".into(), Value::from(d.slides.len()));
        }
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
    let facts = facts(site, page, c);
    m.insert("customer".into(), Value::String(customer.clone()));
    m.insert(
        "industry".into(),
        c.industry.clone().map_or(Value::Null, Value::String),
    );
    m.insert("region".into(), json!(c.region));
    m.insert("size".into(), json!(c.size));
    m.insert("products".into(), json!(c.products));
    m.insert("summary".into(), Value::String(c.summary.clone()));
    // A profile without `show_acv` shows no contract value, not even a null-able one.
    if view.profile.show_acv {
        m.insert("acv".into(), facts.acv.map_or(Value::Null, json_number));
    }
    m.insert("signed".into(), date_str(c.signed));
    m.insert("live".into(), date_str(c.live));
    m.insert("is_live".into(), Value::Bool(facts.is_live()));
    // A go-live date of a customer who is not live is a plan, not a fact.
    m.insert(
        "go_live_scheduled".into(),
        date_str(c.live.filter(|_| !facts.is_live())),
    );
    m.insert(
        "stage".into(),
        facts.stage.map_or(Value::Null, |s| json!(s)),
    );
    m.insert(
        "stage_label".into(),
        facts
            .stage
            .map_or(Value::Null, |s| Value::String(s.label().into())),
    );
    m.insert("approval".into(), json!(c.approval));
    m.insert(
        "approval_mark".into(),
        approval_mark(view, c).map_or(Value::Null, |s| Value::String(s.into())),
    );
    let recommend = facts.recommend.map_or(Value::Null, json_number);
    m.insert("recommend".into(), recommend.clone());
    // Deprecated name of `recommend` (it never was a Net Promoter Score).
    m.insert("nps".into(), recommend);
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
    m.insert(
        "video".into(),
        c.video
            .as_ref()
            .map_or(Value::Null, |v| video(site, page, v)),
    );
    let min_base = site.config.changes.min_base;
    let metrics: Vec<Value> = c
        .metrics
        .iter()
        .map(|m| metric(m, facts.is_live(), min_base))
        .collect();
    let all_targets = !metrics.is_empty() && metrics.iter().all(|m| m["target"] == true);
    m.insert("metrics_are_targets".into(), Value::Bool(all_targets));
    // Single results ("24/7") have no "before": the block is not a before/after.
    let all_single = !metrics.is_empty() && metrics.iter().all(|m| m["single"] == true);
    m.insert("metrics_are_single".into(), Value::Bool(all_single));
    m.insert("metrics".into(), Value::Array(metrics));
}

/// What is true of a case study's customer: `data/customers.yaml` wins over
/// the case study's own front matter (stage, ACV, recommend answer).
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    /// Sales stage.
    pub stage: Option<crate::content::Stage>,
    /// Annual contract value.
    pub acv: Option<f64>,
    /// 0-10 answer.
    pub recommend: Option<f64>,
    /// A story of a customer traction has no record of (no row, no `stage:`)
    /// whose `live:` or `published:` date is past: it tells what happened.
    pub past_story: bool,
}

impl Facts {
    /// Whether the customer is live (only then are its metrics results).
    pub(crate) fn is_live(&self) -> bool {
        self.stage == Some(crate::content::Stage::Live) || self.past_story
    }
}

/// The facts of case study `c` on `page` (read from the source page, whose
/// customer name anonymisation does not change).
pub(crate) fn facts(site: &Site, page: &Page, c: &crate::content::CaseStudy) -> Facts {
    let source = site
        .content
        .page_by_rel(&page.rel)
        .map(|i| &site.content.pages[i].data);
    let name = match source {
        Some(KindData::CaseStudy(original)) => original.customer.as_str(),
        _ => c.customer.as_str(),
    };
    let row = site.kpis.customer(name);
    let today = site.now.date();
    let past_story = row.is_none()
        && c.stage.is_none()
        && [c.live, c.published]
            .iter()
            .flatten()
            .any(|d| d.last_day() < today);
    Facts {
        past_story,
        stage: row.map(|r| r.stage).or(c.stage),
        acv: row.map(|r| r.acv).or(c.acv),
        recommend: row.and_then(|r| r.answer()).or(c.recommend.map(f64::from)),
    }
}

/// "Approval pending" on a story shown by its real name before the customer approved it.
pub(crate) fn approval_mark(view: &View, c: &crate::content::CaseStudy) -> Option<&'static str> {
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
pub(crate) fn logo_url(site: &Site, page: &Page, logo: &str) -> Option<String> {
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

/// A testimonial video for templates: its player and the files' URLs.
fn video(site: &Site, page: &Page, v: &crate::content::video::Video) -> Value {
    use crate::content::video::VideoSource;
    let file = |path: &str| {
        // A missing file still gets its URL, so the link check names it.
        logo_url(site, page, path).unwrap_or_else(|| {
            let base = page.rel.rfind('/').map_or("", |i| &page.rel[..i]);
            let rel = crate::content::normalize_rel(base, path).unwrap_or_default();
            format!("/{rel}")
        })
    };
    let (kind, src_url, mime) = match &v.source {
        VideoSource::File { path, mime } => ("file", Some(file(path)), Some(*mime)),
        VideoSource::YouTube(_) => ("youtube", None, None),
        VideoSource::Vimeo(_) => ("vimeo", None, None),
    };
    let transcript: Vec<String> = v
        .transcript
        .as_deref()
        .unwrap_or("")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    json!({
        "kind": kind,
        "src_url": src_url,
        "mime": mime,
        "provider": v.source.provider(),
        "watch_url": v.source.watch_url(),
        "embed_url": v.source.embed_url(),
        "poster_url": v.poster.as_deref().map(file),
        "captions_url": v.captions.as_deref().map(file),
        "captions_lang": site.config.language,
        "transcript": transcript,
    })
}

fn metric(metric: &crate::content::kinds::Metric, live: bool, min_base: f64) -> Value {
    let shown = crate::render::metrics::shown(metric, live, min_base);
    json!({
        "label": metric.label,
        "before": metric.before.as_ref().map(|v| v.text.as_str()),
        "after": metric.result().map(|v| v.text.as_str()),
        "single": metric.pair().is_none(),
        "better": metric.better,
        "target": shown.target,
        "improved": shown.improved,
        "change": shown.change,
    })
}

fn week_plan(m: &mut Map<String, Value>, site: &Site, w: &crate::content::WeekPlan) {
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
    let ended = ends.is_some_and(|e| site.now.date() > e);
    let success: Vec<Value> = w
        .success_metrics
        .iter()
        .map(|s| {
            let status = success_status(site, s, ended);
            json!({ "text": s.text(), "status": status.name(), "status_label": status.label() })
        })
        .collect();
    m.insert("success_metrics".into(), Value::Array(success));
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

/// Where a week's success metric stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Success {
    /// A plain line: nothing to tick.
    Untracked,
    /// Reached.
    Met,
    /// Not reached and the week is over.
    Missed,
    /// Not reached yet, the week goes on.
    Open,
}

impl Success {
    /// `met`, `missed`, `open`, `untracked`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Success::Untracked => "untracked",
            Success::Met => "met",
            Success::Missed => "missed",
            Success::Open => "open",
        }
    }

    /// Words for screen readers and PDFs.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Success::Untracked => "",
            Success::Met => "Met",
            Success::Missed => "Missed",
            Success::Open => "Open",
        }
    }
}

/// Whether success metric `s` was met: `met:` when given, else the named KPI
/// (or the stated actual) against the target; missed only once the week ended.
pub(crate) fn success_status(
    site: &Site,
    s: &crate::content::kinds::SuccessMetric,
    ended: bool,
) -> Success {
    let crate::content::kinds::SuccessMetric::Typed(t) = s else {
        return Success::Untracked;
    };
    let value = t
        .kpi
        .as_deref()
        .map(|k| site.kpis.get(crate::kpis::current_key(k)))
        .or(t.actual);
    let met = t.met.or_else(|| {
        let (v, target) = (value?, t.target?);
        Some(match t.better {
            Better::Up => v >= target,
            Better::Down => v <= target,
        })
    });
    match met {
        Some(true) => Success::Met,
        _ if ended => Success::Missed,
        _ => Success::Open,
    }
}

/// `kpis`: the KPIs this profile publishes, by key.
pub(crate) fn kpis(site: &Site, view: &View) -> Value {
    site.kpis.to_values(|key| view.profile.publishes(key))
}

/// `kpi_list`: the KPIs this profile publishes.
pub(crate) fn kpi_list(site: &Site, view: &View) -> Value {
    let mut list = site.kpis.to_list(|key| view.profile.publishes(key));
    crate::render::charts::decorate(site, &mut list);
    list
}

/// `site`.
pub(crate) fn site_value(site: &Site, view: &View) -> Value {
    let c = &site.config;
    json!({
        "title": c.title, "base_url": view.profile.base_url, "company": c.company, "language": c.language,
        "timezone": c.timezone, "paper": match c.pdf.paper { crate::config::Paper::Letter => "letter", crate::config::Paper::A4 => "a4" },
    })
}

/// `profile`.
pub(crate) fn profile_value(view: &View) -> Value {
    json!({ "name": view.profile.name, "label": view.profile.label(), "include": view.profile.include,
            "watermark": view.profile.watermark, "show_acv": view.profile.show_acv,
            "kpis": crate::render::template_errors::published_keys(&view.profile) })
}

/// `menu`: top-level sections and root pages of the profile, by weight.
pub(crate) fn menu(site: &Site, view: &View) -> Value {
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
pub(crate) fn roles(site: &Site, view: &View, weeks: &[usize]) -> Value {
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
pub(crate) fn standup_days(site: &Site, today: &str) -> Value {
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
