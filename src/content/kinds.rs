//! The typed front matter of each page kind: `page`, `case_study`, `week_plan`.
//!
//! Every kind repeats the common fields (a macro keeps them in one place)
//! because serde cannot combine `flatten` with `deny_unknown_fields`, and
//! unknown keys must be errors with a suggestion, not silently dropped.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Who may see a page.
#[derive(
    schemars::JsonSchema,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Everyone, including the public site.
    Public,
    /// The operating team (the default: nothing is public unless it says so).
    #[default]
    Internal,
    /// Investors and the team.
    Investor,
}

/// The schema a page follows.
#[derive(
    schemars::JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Free-form page.
    #[default]
    Page,
    /// Customer case study.
    CaseStudy,
    /// One week of the execution plan.
    WeekPlan,
    /// Slides (`content/deck.rs`).
    Deck,
}

impl Kind {
    /// The name used in front matter and templates.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::CaseStudy => "case_study",
            Kind::WeekPlan => "week_plan",
            Kind::Deck => "deck",
        }
    }
}

/// Progress of a plan row or a stand-up task.
#[derive(
    schemars::JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not started.
    #[default]
    Pending,
    /// Being worked on.
    InProgress,
    /// Finished.
    Done,
    /// Cannot move without help.
    Blocked,
    /// Missed its day.
    Slipped,
}

impl Status {
    /// The machine name (`in_progress`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Blocked => "blocked",
            Status::Slipped => "slipped",
        }
    }

    /// The words shown to people (`In progress`).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Status::Pending => "Pending",
            Status::InProgress => "In progress",
            Status::Done => "Done",
            Status::Blocked => "Blocked",
            Status::Slipped => "Slipped",
        }
    }

    /// Parses the machine name.
    pub(crate) fn parse(s: &str) -> Option<Status> {
        [
            Status::Pending,
            Status::InProgress,
            Status::Done,
            Status::Blocked,
            Status::Slipped,
        ]
        .into_iter()
        .find(|st| st.name() == s.trim())
    }
}

/// Fields every kind shares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// Page title (required).
    pub title: String,
    /// One-line description for listings and `<meta>`.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// Lower weights sort first.
    pub weight: i64,
    /// Last URL segment (default: from the file name).
    pub slug: Option<String>,
    /// Template overriding the kind's default.
    pub template: Option<String>,
    /// Audience.
    pub visibility: Visibility,
    /// Free tags.
    pub tags: Vec<String>,
    /// Free map for templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Whether the body is rendered as a Tera template.
    pub render: bool,
    /// The section default kind (only in `_index.md`).
    pub page_kind: Option<Kind>,
    /// Whether the page gets an Open Graph image (default: case studies and the home page).
    pub og_image: Option<bool>,
}

/// Sales stage of a customer.
#[derive(schemars::JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Talking.
    Prospect,
    /// Trying it.
    Pilot,
    /// Contract signed.
    Signed,
    /// Being rolled out.
    Implementing,
    /// In production.
    Live,
    /// Gone.
    Churned,
}

impl Stage {
    /// Words for people.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Stage::Prospect => "Prospect",
            Stage::Pilot => "Pilot",
            Stage::Signed => "Signed",
            Stage::Implementing => "Implementing",
            Stage::Live => "Live",
            Stage::Churned => "Churned",
        }
    }

    /// Whether this customer's ACV counts toward ARR.
    pub(crate) fn is_revenue(self) -> bool {
        matches!(self, Stage::Signed | Stage::Implementing | Stage::Live)
    }
}

/// Whether the customer approved being named.
#[derive(schemars::JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Approval {
    /// May be named.
    Approved,
    /// Not yet.
    Pending,
    /// Must be anonymised.
    Anonymized,
}

/// Which direction of change is an improvement.
#[derive(
    schemars::JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Higher is better.
    #[default]
    Up,
    /// Lower is better.
    Down,
}

/// A calendar date as written in YAML (`2026-01-26`): the schema of `jiff`'s `Date`.
pub(crate) struct IsoDate;

impl schemars::JsonSchema for IsoDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IsoDate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date, YYYY-MM-DD.",
            "type": "string",
            "format": "date",
        })
    }
}

pub mod metric;
pub mod partial_date;
pub use metric::{Metric, MetricValue};
pub use partial_date::PartialDate;

/// A customer quote.
#[derive(schemars::JsonSchema, Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The words.
    pub text: String,
    /// Who said them (absent: the quote is credited to the company, or its alias).
    #[serde(default)]
    pub author: String,
    /// Their role.
    #[serde(default)]
    pub role: Option<String>,
}

/// A customer case study.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseStudy {
    /// Real customer name.
    pub customer: String,
    /// Name shown when not approved.
    pub alias: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// Where the customer works (`US Midwest`), for the one-pager's facts.
    pub region: Option<String>,
    /// How big the customer is (`40 brands, 3 warehouses`).
    pub size: Option<String>,
    /// Which of our products it uses.
    pub products: Vec<String>,
    /// One paragraph.
    pub summary: String,
    /// Annual contract value, USD.
    pub acv: Option<f64>,
    /// Contract date (a year or a month will do).
    pub signed: Option<PartialDate>,
    /// Go-live date (a year or a month will do).
    pub live: Option<PartialDate>,
    /// When the story was published.
    pub published: Option<PartialDate>,
    /// Sales stage.
    pub stage: Option<Stage>,
    /// Naming approval.
    pub approval: Approval,
    /// Logo file.
    pub logo: Option<String>,
    /// Up to 6 metrics (none for a qualitative story).
    pub metrics: Vec<Metric>,
    /// Customer quote.
    pub quote: Option<Quote>,
    /// The customer's answer to "how likely are you to recommend us?", 0-10.
    pub recommend: Option<u8>,
    /// Whether the answer was written under the deprecated key `nps:`.
    pub legacy_nps_key: bool,
    /// Testimonial video.
    pub video: Option<crate::content::video::Video>,
}

/// A day in a plan: `Mon`..`Sun` or an ISO date.
#[derive(schemars::JsonSchema, Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRow {
    /// `Mon` or `2026-01-26`.
    pub day: String,
    /// What happens.
    pub activity: String,
    /// Role responsible.
    pub owner: String,
    /// What comes out.
    #[serde(default)]
    pub deliverable: String,
    /// Progress.
    #[serde(default)]
    pub status: Status,
}

/// A risk and its mitigation.
#[derive(schemars::JsonSchema, Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// What may go wrong.
    pub risk: String,
    /// What we do about it.
    pub mitigation: String,
}

/// A week's success metric: a plain line, or a target traction can check.
#[derive(schemars::JsonSchema, Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum SuccessMetric {
    /// Words only: shown as written, never ticked.
    Text(String),
    /// `{ metric, target, kpi?, actual?, met?, better? }`.
    Typed(TypedSuccess),
}

impl SuccessMetric {
    /// The words shown.
    pub(crate) fn text(&self) -> &str {
        match self {
            SuccessMetric::Text(t) => t,
            SuccessMetric::Typed(t) => &t.metric,
        }
    }

    /// The words shown, to rewrite (anonymisation).
    pub(crate) fn text_mut(&mut self) -> &mut String {
        match self {
            SuccessMetric::Text(t) => t,
            SuccessMetric::Typed(t) => &mut t.metric,
        }
    }
}

/// A success metric with a target: met when the named KPI (or the stated
/// actual) reaches the target, or when `met:` says so.
#[derive(schemars::JsonSchema, Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypedSuccess {
    /// The words shown ("NPS 8.5+ from all customers").
    pub metric: String,
    /// The number to reach.
    #[serde(default)]
    pub target: Option<f64>,
    /// A KPI key whose value is compared with `target` (`min_recommend`).
    #[serde(default)]
    pub kpi: Option<String>,
    /// The value reached, when no KPI measures it.
    #[serde(default)]
    pub actual: Option<f64>,
    /// Met or not, said outright (wins over the comparison).
    #[serde(default)]
    pub met: Option<bool>,
    /// Whether reaching means at least (`up`, default) or at most (`down`) the target.
    #[serde(default)]
    pub better: Better,
    /// Line in the page file (for errors found after loading).
    #[serde(skip)]
    pub line: usize,
}

/// One week of the execution plan.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekPlan {
    /// Week number.
    pub week: u32,
    /// The Monday.
    pub starts: Date,
    /// The week's goal.
    pub goal: Option<String>,
    /// Plan rows, with the date each falls on.
    pub days: Vec<(PlanRow, Date)>,
    /// How success is measured.
    pub success_metrics: Vec<SuccessMetric>,
    /// Risks.
    pub risks: Vec<Risk>,
}

/// What a page is, with its kind's own fields.
#[derive(Debug, Clone, PartialEq)]
pub enum KindData {
    /// Free-form page.
    Page,
    /// Case study.
    CaseStudy(Box<CaseStudy>),
    /// Week plan.
    WeekPlan(Box<WeekPlan>),
    /// Slides.
    Deck(Box<crate::content::deck::Deck>),
}

impl KindData {
    /// The kind.
    pub(crate) fn kind(&self) -> Kind {
        match self {
            KindData::Page => Kind::Page,
            KindData::CaseStudy(_) => Kind::CaseStudy,
            KindData::WeekPlan(_) => Kind::WeekPlan,
            KindData::Deck(_) => Kind::Deck,
        }
    }
}

fn yes() -> bool {
    true
}

macro_rules! front_matter {
    ($(#[$sm:meta])* $name:ident { $($(#[$fm:meta])* $field:ident : $ty:ty,)* }) => {
        /// Raw front matter of one kind, exactly as written.
        #[derive(Debug, Deserialize)]
        #[derive(schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        $(#[$sm])*
        pub struct $name {
            /// Page title.
            title: String,
            /// One-line description for listings, search results and `<meta>`.
            #[serde(default)] description: Option<String>,
            /// Publication date.
            #[serde(default)] #[schemars(with = "Option<IsoDate>")] date: Option<Date>,
            /// Drafts are built only with `--drafts`.
            #[serde(default)] draft: bool,
            /// Lower weights sort first.
            #[serde(default)] weight: i64,
            /// Last URL segment (default: from the file name).
            #[serde(default)] slug: Option<String>,
            /// Template overriding the kind's default.
            #[serde(default)] template: Option<String>,
            /// Who may see the page (default: internal).
            #[serde(default)] visibility: Visibility,
            /// Free tags.
            #[serde(default)] tags: Vec<String>,
            /// Free map for templates.
            #[serde(default)] extra: serde_json::Map<String, serde_json::Value>,
            /// Whether the body is rendered as a Tera template.
            #[serde(default = "yes")] render: bool,
            /// The page's kind (default: its section's `page_kind`).
            #[serde(default)] #[allow(dead_code)] kind: Option<Kind>,
            /// The default kind of a section's pages (only in `_index.md`).
            #[serde(default)] page_kind: Option<Kind>,
            #[serde(default)] og_image: Option<bool>,
            $($(#[$fm])* $field: $ty,)*
        }

        impl $name {
            /// The common fields.
            fn meta(&mut self) -> Meta {
                Meta {
                    title: std::mem::take(&mut self.title),
                    description: self.description.take(),
                    date: self.date,
                    draft: self.draft,
                    weight: self.weight,
                    slug: self.slug.take(),
                    template: self.template.take(),
                    visibility: self.visibility,
                    tags: std::mem::take(&mut self.tags),
                    extra: std::mem::take(&mut self.extra),
                    render: self.render,
                    page_kind: self.page_kind,
                    og_image: self.og_image,
                }
            }
        }
    };
}

front_matter!(PageFront {});

front_matter!(
    // `alias` is required unless the customer approved being named, as the build says.
    #[schemars(extend("if" = { "properties": { "approval": { "const": "approved" } } },
                      "else" = { "required": ["alias"], "properties": { "alias": { "minLength": 1 } } }))]
    CaseStudyFront {
    /// The customer's real name (shown only where the profile may name them).
    customer: String,
    /// Name shown when the customer has not approved being named.
    #[serde(default)] alias: Option<String>,
    /// Industry.
    #[serde(default)] industry: Option<String>,
    /// Where the customer operates (`North America`).
    #[serde(default)] region: Option<String>,
    /// How big the customer is, in words (`40 brands, 3 warehouses`).
    #[serde(default)] size: Option<String>,
    /// Which products the customer uses.
    #[serde(default)] products: Vec<String>,
    /// One paragraph: who the customer is, what was broken, what moved.
    summary: String,
    /// Annual contract value, USD.
    #[serde(default)] #[schemars(range(min = 0))] acv: Option<f64>,
    /// Contract date: YYYY-MM-DD, YYYY-MM or YYYY.
    #[serde(default)] signed: Option<PartialDate>,
    /// Go-live date: YYYY-MM-DD, YYYY-MM or YYYY.
    #[serde(default)] live: Option<PartialDate>,
    /// When the story was published: YYYY-MM-DD, YYYY-MM or YYYY. A past date
    /// (or a past `live:`) of a customer not in data/customers.yaml makes the metrics results.
    #[serde(default)] published: Option<PartialDate>,
    /// Sales stage.
    #[serde(default)] stage: Option<Stage>,
    /// Whether the customer approved being named.
    approval: Approval,
    /// Logo file, beside the page or under static/.
    #[serde(default)] logo: Option<String>,
    /// Up to 6 metrics: before/after pairs or single values (none for a qualitative story).
    #[serde(default)] #[schemars(length(max = 6))] metrics: Vec<Metric>,
    /// Customer quote.
    #[serde(default)] quote: Option<Quote>,
    /// The customer's answer to "how likely are you to recommend us?", a whole number 0-10.
    #[serde(default)] #[schemars(range(min = 0, max = 10), extend("multipleOf" = 1))] recommend: Option<f64>,
    /// Deprecated: the old name of `recommend`.
    #[serde(default)] #[schemars(range(min = 0, max = 10), extend("multipleOf" = 1, "deprecated" = true))] nps: Option<f64>,
    /// Testimonial video: a local .mp4/.webm or a YouTube/Vimeo address.
    #[serde(default)] video: Option<crate::content::video::VideoFront>,
});

front_matter!(WeekPlanFront {
    /// Week number.
    week: u32,
    /// The Monday the week starts.
    #[schemars(with = "IsoDate")] starts: Date,
    /// The week's goal.
    #[serde(default)] goal: Option<String>,
    /// Plan rows: day, activity, owner, deliverable, status.
    #[serde(default)] days: Vec<PlanRow>,
    /// How success is measured: plain lines or targets traction checks.
    #[serde(default)] success_metrics: Vec<SuccessMetric>,
    /// Risks and their mitigations.
    #[serde(default)] risks: Vec<Risk>,
});

/// A problem found after the YAML parsed: the top-level field it concerns and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    /// Top-level key to point at.
    pub field: &'static str,
    /// Message.
    pub message: String,
    /// What would be valid.
    pub expected: String,
    /// Text of the offending entry, to point at its own line under the field.
    pub near: Option<String>,
}

fn problem(field: &'static str, message: String, expected: &str) -> FieldProblem {
    FieldProblem {
        field,
        message,
        expected: expected.to_string(),
        near: None,
    }
}

impl PageFront {
    /// Splits into common fields and kind data.
    pub(crate) fn into_parts(mut self) -> (Meta, KindData, Vec<FieldProblem>) {
        (self.meta(), KindData::Page, Vec::new())
    }
}

impl CaseStudyFront {
    /// Splits into common fields and kind data, validating what serde cannot.
    pub(crate) fn into_parts(mut self) -> (Meta, KindData, Vec<FieldProblem>) {
        let meta = self.meta();
        let mut problems = Vec::new();
        // No metrics is a qualitative story; more than six no page can show.
        if self.metrics.len() > 6 {
            problems.push(problem(
                "metrics",
                format!(
                    "a case study shows at most 6 metrics, found {}",
                    self.metrics.len()
                ),
                "up to 6 entries of { label, before, after } or { label, value }",
            ));
        }
        for m in &self.metrics {
            if let Some(message) = m.shape_problem() {
                problems.push(FieldProblem {
                    near: Some(m.label.clone()),
                    ..problem(
                        "metrics",
                        message,
                        "{ label, value } (with an optional `change`), or { label, before, after }",
                    )
                });
            }
        }
        if self.approval != Approval::Approved
            && self.alias.as_deref().is_none_or(|a| a.trim().is_empty())
        {
            problems.push(problem(
                "approval",
                "`alias` is required when `approval` is not `approved`".into(),
                "an `alias:` such as \"A national 3PL\"",
            ));
        }
        if self.acv.is_some_and(|a| !a.is_finite() || a < 0.0) {
            problems.push(problem(
                "acv",
                "`acv` must be a positive amount in USD".into(),
                "a number such as 50000",
            ));
        }
        let (score_key, score) = match (self.recommend, self.nps) {
            (Some(r), _) => ("recommend", Some(r)),
            (None, Some(n)) => ("nps", Some(n)),
            (None, None) => ("recommend", None),
        };
        if self.recommend.is_some() && self.nps.is_some() {
            problems.push(problem(
                "nps",
                "`nps` is the old name of `recommend`; give only `recommend`".into(),
                "`recommend:` alone",
            ));
        }
        let recommend = match score {
            Some(v) if recommend_answer(v).is_none() => {
                problems.push(problem(
                    score_key,
                    format!("`{score_key}: {v}` is not an answer from 0 to 10"),
                    "a whole number from 0 (not at all likely to recommend) to 10 (extremely likely)",
                ));
                None
            }
            Some(v) => recommend_answer(v),
            None => None,
        };
        let video = match self.video.map(crate::content::video::VideoFront::check) {
            Some(Ok(v)) => Some(v),
            Some(Err((message, expected))) => {
                problems.push(problem("video", message, expected));
                None
            }
            None => None,
        };
        let data = CaseStudy {
            customer: self.customer,
            alias: self.alias,
            industry: self.industry,
            region: self.region,
            size: self.size,
            products: self.products,
            summary: self.summary,
            acv: self.acv,
            signed: self.signed,
            live: self.live,
            published: self.published,
            stage: self.stage,
            approval: self.approval,
            logo: self.logo,
            metrics: self.metrics,
            quote: self.quote,
            recommend,
            legacy_nps_key: self.recommend.is_none() && self.nps.is_some(),
            video,
        };
        (meta, KindData::CaseStudy(Box::new(data)), problems)
    }
}

impl WeekPlanFront {
    /// Splits into common fields and kind data, dating every row.
    pub(crate) fn into_parts(mut self) -> (Meta, KindData, Vec<FieldProblem>) {
        let meta = self.meta();
        let mut problems = Vec::new();
        let mut days = Vec::with_capacity(self.days.len());
        for row in self.days {
            match day_date(&row.day, self.starts) {
                Some(date) => days.push((row, date)),
                None => problems.push(FieldProblem {
                    near: Some(row.day.clone()),
                    ..problem(
                        "days",
                        if day_date(&row.day, jiff::civil::date(2000, 1, 3)).is_some() {
                            format!(
                                "`{}` of the week starting {} is past the last date there is",
                                row.day, self.starts
                            )
                        } else {
                            format!("`{}` is not a day", row.day)
                        },
                        "Mon, Tue, Wed, Thu, Fri, Sat, Sun or an ISO date such as 2026-01-26",
                    )
                }),
            }
        }
        let data = WeekPlan {
            week: self.week,
            starts: self.starts,
            goal: self.goal,
            days,
            success_metrics: self.success_metrics,
            risks: self.risks,
        };
        (meta, KindData::WeekPlan(Box::new(data)), problems)
    }
}

/// A 0-10 "likely to recommend" answer, when `v` is one.
pub(crate) fn recommend_answer(v: f64) -> Option<u8> {
    (v.fract() == 0.0 && (0.0..=10.0).contains(&v)).then_some(v as u8)
}

/// The date of a plan row: weekday names count from the week's Monday.
pub(crate) fn day_date(day: &str, starts: Date) -> Option<Date> {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let lower = day.trim().to_ascii_lowercase();
    if let Some(i) = DAYS
        .iter()
        .position(|d| lower.starts_with(d) && lower.len() <= 9)
    {
        return starts.checked_add(jiff::Span::new().days(i as i64)).ok();
    }
    day.trim().parse::<Date>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_names_are_dated_from_monday() {
        let monday = jiff::civil::date(2026, 1, 26);
        assert_eq!(
            day_date("Fri", monday),
            Some(jiff::civil::date(2026, 1, 30))
        );
        assert_eq!(
            day_date("2026-02-03", monday),
            Some(jiff::civil::date(2026, 2, 3))
        );
        assert_eq!(day_date("Someday", monday), None);
    }

    #[test]
    fn metric_values_keep_text_and_number() {
        assert_eq!(MetricValue::new("97%".into()).number, Some(97.0));
        assert_eq!(MetricValue::new("$1.2M".into()).number, Some(1_200_000.0));
        assert_eq!(MetricValue::new("fast".into()).number, None);
    }
}
