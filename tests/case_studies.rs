//! Case studies as marketing writes them (issue 20, point 4): a qualitative
//! story with no metrics, a quote with no author, a year or a month for a date,
//! and a past story of a customer traction has no record of.

mod common;

use common::*;

const QUALITATIVE: &str = r#"---
title: "How a regional bakery chain kept its ovens running"
customer: "Loaf and Ladle"
summary: "A bakery chain moved off spreadsheets and never looked back."
live: 2003
published: 2024-03
approval: approved
visibility: public
quote:
  text: "We stopped counting flour by hand."
  role: "Operations"
---

## Story

They used to count everything by hand.
"#;

const BOUNDS: &str = r#"---
title: "Faster month-end close at a tile importer"
customer: "Tessera Imports"
summary: "Month-end close went from two weeks to under one."
live: 2024-03
approval: approved
visibility: public
metrics:
  - { label: "Month-end close", before: "14 days", after: "< 7 days", better: down }
  - { label: "Uptime", value: "> 99.9%" }
---

Body.
"#;

fn build(root: &std::path::Path) {
    let out = traction(root, &["build"]);
    assert!(out.status.success(), "{}", text(&out));
}

fn read(root: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(root.join("output").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_qualitative_story_with_a_year_and_no_author_builds_without_empty_tiles() {
    let site = example_site();
    write_site(
        site.path(),
        &[("content/case-studies/loaf-and-ladle.md", QUALITATIVE)],
    );
    build(site.path());
    let html = read(site.path(), "public/case-studies/loaf-and-ladle/index.html");
    assert!(
        !html.contains("metric-grid"),
        "no metrics, no tiles: {html}"
    );
    // A year is shown as written, never as January 1st.
    assert!(html.contains(">2003</time>"), "{html}");
    assert!(!html.contains("Jan 1, 2003") && !html.contains("January 1, 2003"));
    // A past go-live of a customer without a record is a result.
    assert!(html.contains("Live since"), "{html}");
    assert!(!html.contains("Go-live scheduled"), "{html}");
    // No author: the quote is credited to its role and the company.
    assert!(html.contains("Operations, Loaf and Ladle"), "{html}");
    assert!(!html.contains("quote-author"), "{html}");
}

#[test]
fn bounds_of_a_past_story_are_results_shown_as_written() {
    let site = example_site();
    write_site(
        site.path(),
        &[("content/case-studies/tessera-imports.md", BOUNDS)],
    );
    build(site.path());
    let html = read(
        site.path(),
        "public/case-studies/tessera-imports/index.html",
    );
    assert!(
        html.contains("March 2024"),
        "a month is shown as a month: {html}"
    );
    assert!(!html.contains("Baselines and targets"), "{html}");
    assert!(!html.contains("is-target"), "{html}");
    assert!(html.contains("&lt; 7 days"), "{html}");
    assert!(html.contains("&gt; 99.9%"), "{html}");
    // A bound is not a measure: no percentage change is made up from it.
    assert!(!html.contains("-50%") && !html.contains("−50%"), "{html}");
}
