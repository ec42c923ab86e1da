//! Numbers that tell plans from results (issue 11): scheduled go-lives,
//! targets, success metrics that know whether they were met, a real NPS and
//! change labels people read. Checked in the HTML and the PDF text written.

mod common;

use std::path::Path;

use common::*;

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join("output").join(rel)).unwrap()
}

fn pdf_text(root: &Path, rel: &str) -> Option<String> {
    if !have_tool("pdftotext") {
        return None;
    }
    let out = std::process::Command::new("pdftotext")
        .arg(root.join("output").join(rel))
        .arg("-")
        .output()
        .expect("pdftotext runs");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn build_at(root: &Path, epoch: &str, args: &[&str]) -> String {
    let out = command(root)
        .args(args)
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .expect("traction runs");
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    t
}

#[test]
fn a_go_live_date_is_a_schedule_until_the_customer_is_live() {
    let site = example_site();
    build_at(site.path(), EPOCH, &["build"]);
    for (page, live) in [
        ("northwind-logistics", true),
        ("harbor-and-pine", false),
        ("cascade-provisions", false),
    ] {
        let html = read(
            site.path(),
            &format!("internal/case-studies/{page}/index.html"),
        );
        assert_eq!(html.contains("Live since"), live, "{page}");
        assert_eq!(html.contains("Go-live scheduled"), !live, "{page}");
        if let Some(pdf) = pdf_text(site.path(), &format!("internal/case-studies/{page}.pdf")) {
            // The one-pager's facts card sets its labels in capitals.
            let pdf = pdf.to_lowercase();
            assert_eq!(pdf.contains("live since"), live, "{page}: {pdf}");
            assert_eq!(pdf.contains("go-live scheduled"), !live, "{page}: {pdf}");
        }
    }
}

#[test]
fn metrics_of_a_customer_not_live_are_targets_in_html_and_pdf() {
    let site = example_site();
    build_at(site.path(), EPOCH, &["build"]);
    let html = read(
        site.path(),
        "internal/case-studies/cascade-provisions/index.html",
    );
    assert!(html.contains("Baselines and targets"), "{html}");
    assert_eq!(html.matches("class=\"metric is-target\"").count(), 4);
    assert!(!html.contains("+13 pts") && !html.contains('▲') && !html.contains('▼'));
    if let Some(pdf) = pdf_text(site.path(), "internal/case-studies/cascade-provisions.pdf") {
        assert_eq!(pdf.matches("TARGET").count(), 4, "{pdf}");
        assert!(!pdf.contains("+13 pts") && !pdf.contains('▲'), "{pdf}");
    }
    // A metric marked `measured: true` is a result even before go-live.
    let harbor = read(
        site.path(),
        "internal/case-studies/harbor-and-pine/index.html",
    );
    assert_eq!(harbor.matches("class=\"metric is-target\"").count(), 1);
    assert!(harbor.contains("−3.1 pts"), "{harbor}");
    // A live customer's metrics are results.
    let northwind = read(
        site.path(),
        "internal/case-studies/northwind-logistics/index.html",
    );
    assert!(!northwind.contains("is-target") && northwind.contains("+15 pts"));
}

#[test]
fn change_labels_read_as_people_say_them() {
    let site = example_site();
    build_at(site.path(), EPOCH, &["build", "--no-pdf"]);
    let harbor = read(
        site.path(),
        "internal/case-studies/harbor-and-pine/index.html",
    );
    // 0 -> 3 systems: a difference, never "up" or a percentage of nothing.
    assert!(
        harbor.contains("<span aria-hidden=\"true\">▲</span> +3</span>"),
        "{harbor}"
    );
    assert!(!harbor.contains("▲</span> up"));
    let northwind = read(
        site.path(),
        "internal/case-studies/northwind-logistics/index.html",
    );
    assert!(northwind.contains("−40%"), "45 -> 27 stock-outs");
    // site.yaml `changes: { min_base }` moves the line between differences and percentages.
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    std::fs::write(
        site.path().join("site.yaml"),
        format!("{yaml}changes: {{ min_base: 50 }}\n"),
    )
    .unwrap();
    build_at(site.path(), EPOCH, &["build", "--no-pdf"]);
    let northwind = read(
        site.path(),
        "internal/case-studies/northwind-logistics/index.html",
    );
    assert!(northwind.contains("−18</span>"), "{northwind}");
}

#[test]
fn success_metrics_are_ticked_only_when_met_and_crossed_only_when_missed() {
    let site = example_site();
    // 2026-01-27, inside Week 10: Week 13 has not ended.
    build_at(site.path(), EPOCH, &["build", "--no-pdf"]);
    let week = read(site.path(), "internal/plans/week-13/index.html");
    let state = |html: &str, words: &str| -> String {
        let at = html
            .find(words)
            .unwrap_or_else(|| panic!("{words} in {html}"));
        let li = html[..at].rfind("<li class=\"is-").expect("a list item");
        html[li + 14..].split('"').next().unwrap().to_string()
    };
    assert_eq!(state(&week, "$125K+ annualized revenue"), "met");
    assert_eq!(state(&week, "$600K+ pipeline documented"), "met");
    assert_eq!(state(&week, "Every customer 8.5+ out of 10"), "open");
    assert_eq!(
        state(&week, "All 3 customers operating in production"),
        "open"
    );
    assert_eq!(state(&week, "0% churn rate"), "untracked");
    // 2026-03-02, after Week 13: what was not reached is missed (a customer answered 8).
    build_at(site.path(), "1772409600", &["build", "--no-pdf"]);
    let week = read(site.path(), "internal/plans/week-13/index.html");
    assert_eq!(state(&week, "Every customer 8.5+ out of 10"), "missed");
    assert_eq!(
        state(&week, "All 3 customers operating in production"),
        "missed"
    );
    assert_eq!(state(&week, "$125K+ annualized revenue"), "met");
}

#[test]
fn an_unknown_kpi_in_a_success_metric_is_a_located_error() {
    let site = example_site();
    let page = site.path().join("content/plans/week-13.md");
    let source = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        source.replacen("kpi: min_recommend", "kpi: min_recomend", 1),
    )
    .unwrap();
    let out = traction(site.path(), &["build", "--no-pdf"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("content/plans/week-13.md:38:1"), "{t}");
    assert!(t.contains("did you mean `min_recommend`?"), "{t}");
}

#[test]
fn nps_is_the_real_score_and_answers_are_whole_numbers() {
    let site = example_site();
    build_at(site.path(), EPOCH, &["build", "--no-pdf"]);
    let kpis: serde_json::Value =
        serde_json::from_str(&read(site.path(), "internal/kpis.json")).unwrap();
    // Answers 9, 8 and 9: two promoters, no detractor.
    assert_eq!(kpis["kpis"]["nps"]["display"], "+67");
    assert_eq!(kpis["kpis"]["min_recommend"]["value"], 8);
    assert_eq!(kpis["kpis"]["avg_recommend"]["display"], "8.7");
    let home = read(site.path(), "internal/index.html");
    assert!(home.contains(">+67<"), "the NPS tile");
    assert!(!home.contains("out of 10, all customers"));
    let narrative = read(site.path(), "investors/investors/series-a/index.html");
    assert!(
        narrative.contains("Net Promoter Score is 67"),
        "{narrative}"
    );
    // The old key still works, with a located deprecation warning; 8.5 is no answer.
    let case = site
        .path()
        .join("content/case-studies/northwind-logistics.md");
    let source = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, source.replacen("recommend: 9", "nps: 9", 1)).unwrap();
    let printed = build_at(site.path(), EPOCH, &["build", "--no-pdf"]);
    assert!(
        printed.contains("content/case-studies/northwind-logistics.md:25"),
        "{printed}"
    );
    assert!(printed.contains("`nps:` is deprecated"), "{printed}");
    std::fs::write(&case, source.replacen("recommend: 9", "recommend: 8.5", 1)).unwrap();
    let out = traction(site.path(), &["build", "--no-pdf"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("`recommend: 8.5` is not an answer from 0 to 10"),
        "{t}"
    );
}
