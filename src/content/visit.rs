//! The one walk over every string a page carries: its front matter (common and
//! kind-specific fields, `extra` included) and its body. Anonymisation rewrites
//! through [`strings_mut`]; the leak audit and the exemptions of weak needles
//! read through [`strings`]. A new field is added here once, and both follow.

use super::{KindData, Page};

/// Which field a string comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// `title`.
    Title,
    /// `description`.
    Description,
    /// One of `tags`.
    Tag,
    /// A string anywhere inside `extra`.
    Extra,
    /// The Markdown body.
    Body,
    /// A case study's `customer`.
    Customer,
    /// A case study's `alias`.
    Alias,
    /// A case study's `industry`.
    Industry,
    /// A case study's `region`, `size` or one of its `products`.
    Fact,
    /// A case study's `summary`.
    Summary,
    /// A metric's label.
    MetricLabel,
    /// A metric's before or after value.
    MetricValue,
    /// The quote's words.
    QuoteText,
    /// The quote's author.
    QuoteAuthor,
    /// The quote's role.
    QuoteRole,
    /// A testimonial video's transcript.
    Transcript,
    /// A week plan's goal.
    Goal,
    /// A plan row's day, activity, owner or deliverable.
    PlanRow,
    /// A week's success metric.
    SuccessMetric,
    /// A risk or its mitigation.
    Risk,
}

macro_rules! walk {
    ($name:ident, $json:ident, $page:ty, $string:ty, $values:ident, $text:ident, $texts:ident, $($m:tt)?) => {
        fn $json(v: & $($m)? serde_json::Value, f: &mut dyn FnMut(Field, $string)) {
            match v {
                serde_json::Value::String(s) => f(Field::Extra, s),
                serde_json::Value::Array(items) => {
                    for v in items {
                        $json(v, f);
                    }
                }
                serde_json::Value::Object(map) => map.$values().for_each(|v| $json(v, f)),
                _ => {}
            }
        }

        #[doc = "Calls `f` with every string of `page` and the field it comes from."]
        pub(crate) fn $name(page: $page, f: &mut dyn FnMut(Field, $string)) {
            f(Field::Title, & $($m)? page.meta.title);
            if let Some(d) = & $($m)? page.meta.description {
                f(Field::Description, d);
            }
            for t in & $($m)? page.meta.tags {
                f(Field::Tag, t);
            }
            for v in page.meta.extra.$values() {
                $json(v, f);
            }
            f(Field::Body, & $($m)? page.body);
            match & $($m)? page.data {
                KindData::Page => {}
                // A deck's slides are read from the body (anonymised with it);
                // of its directives only a header and footer are words people read.
                KindData::Deck(d) => {
                    for t in d.globals.look.$texts() {
                        f(Field::Extra, t);
                    }
                }
                KindData::CaseStudy(c) => {
                    f(Field::Customer, & $($m)? c.customer);
                    if let Some(a) = & $($m)? c.alias {
                        f(Field::Alias, a);
                    }
                    if let Some(i) = & $($m)? c.industry {
                        f(Field::Industry, i);
                    }
                    for fact in [& $($m)? c.region, & $($m)? c.size].into_iter().flatten() {
                        f(Field::Fact, fact);
                    }
                    for product in & $($m)? c.products {
                        f(Field::Fact, product);
                    }
                    f(Field::Summary, & $($m)? c.summary);
                    for m in & $($m)? c.metrics {
                        f(Field::MetricLabel, & $($m)? m.label);
                        for v in [& $($m)? m.before, & $($m)? m.after, & $($m)? m.value].into_iter().flatten() {
                            f(Field::MetricValue, & $($m)? v.text);
                        }
                        if let Some(change) = & $($m)? m.change {
                            f(Field::MetricValue, change);
                        }
                    }
                    if let Some(q) = & $($m)? c.quote {
                        f(Field::QuoteText, & $($m)? q.text);
                        f(Field::QuoteAuthor, & $($m)? q.author);
                        if let Some(r) = & $($m)? q.role {
                            f(Field::QuoteRole, r);
                        }
                    }
                    if let Some(v) = & $($m)? c.video
                        && let Some(t) = & $($m)? v.transcript
                    {
                        f(Field::Transcript, t);
                    }
                }
                KindData::WeekPlan(w) => {
                    if let Some(g) = & $($m)? w.goal {
                        f(Field::Goal, g);
                    }
                    for (row, _) in & $($m)? w.days {
                        f(Field::PlanRow, & $($m)? row.day);
                        f(Field::PlanRow, & $($m)? row.activity);
                        f(Field::PlanRow, & $($m)? row.owner);
                        f(Field::PlanRow, & $($m)? row.deliverable);
                    }
                    for s in & $($m)? w.success_metrics {
                        f(Field::SuccessMetric, s.$text());
                    }
                    for r in & $($m)? w.risks {
                        f(Field::Risk, & $($m)? r.risk);
                        f(Field::Risk, & $($m)? r.mitigation);
                    }
                }
            }
        }
    };
}

walk!(strings, json_strings, &Page, &str, values, text, texts,);
walk!(
    strings_mut,
    json_strings_mut,
    &mut Page,
    &mut String,
    values_mut,
    text_mut,
    texts_mut,
    mut
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_walks_visit_the_same_fields_in_the_same_order() {
        let text = "---\ntitle: T\nkind: week_plan\nweek: 10\nstarts: 2026-01-26\ngoal: G\ndays:\n  - { day: Mon, activity: A, owner: O, deliverable: D, status: done }\nsuccess_metrics: [S]\nrisks: [{ risk: R, mitigation: M }]\nextra: { a: [x, { b: y }] }\n---\nbody\n";
        let mut page = crate::content::parse_page(
            std::path::Path::new("content/plans/week-10.md"),
            "plans/week-10.md",
            text,
            crate::content::Kind::Page,
        )
        .expect("a valid week plan");
        let mut read = Vec::new();
        strings(&page, &mut |f, s| read.push((f, s.to_string())));
        let mut written = Vec::new();
        strings_mut(&mut page, &mut |f, s| {
            written.push((f, s.clone()));
            s.push('!');
        });
        assert_eq!(read, written);
        let values: Vec<&str> = read.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            values,
            [
                "T", "x", "y", "body\n", "G", "Mon", "A", "O", "D", "S", "R", "M"
            ]
        );
        assert_eq!(page.meta.title, "T!");
    }
}
