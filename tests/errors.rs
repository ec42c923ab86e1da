//! Located errors: every schema mistake names file:line, what was expected and a hint;
//! a build reports every error, not only the first; exit codes are 1 and 2.

mod common;

use common::*;

const SITE: &str = "title: Fixture\nbase_url: https://fixture.example\n";
const CASES: &str = "---\ntitle: Stories\npage_kind: case_study\nvisibility: public\n---\n";
const CASE: &str = "---\ntitle: Northwind\ncustomer: Northwind\nsummary: S\napproval: approved\nmetrics:\n  - { label: Accuracy, before: 82%, after: 97% }\n";
const PLANS: &str = "---\ntitle: Plans\npage_kind: week_plan\n---\n";
const WEEK: &str = "---\ntitle: Week 10\nweek: 10\nstarts: 2026-01-26\ndays:\n  - { day: Mon, activity: Pricing, owner: VP Sales, status: pending }\n";

fn site_with(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let mut files = vec![
        ("site.yaml", SITE),
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/case-studies/_index.md", CASES),
        ("content/plans/_index.md", PLANS),
    ];
    files.extend_from_slice(extra);
    write_site(tmp.path(), &files);
    tmp
}

fn build_fails(extra: &[(&str, &str)]) -> String {
    let site = site_with(extra);
    let out = traction(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    text(&out)
}

#[test]
fn valid_fixture_builds() {
    let case = format!("{CASE}---\nBody\n");
    let week = format!("{WEEK}---\n");
    let site = site_with(&[
        ("content/case-studies/northwind.md", &case),
        ("content/plans/week-10.md", &week),
    ]);
    let out = traction(site.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn case_study_wrong_type_is_located() {
    let t = build_fails(&[(
        "content/case-studies/n.md",
        &format!("{CASE}acv: fifty thousand\n---\n"),
    )]);
    assert!(t.contains("content/case-studies/n.md:8"), "{t}");
}

#[test]
fn unknown_key_gets_a_did_you_mean() {
    let t = build_fails(&[(
        "content/case-studies/n.md",
        &format!("{CASE}industy: Logistics\n---\n"),
    )]);
    assert!(t.contains("content/case-studies/n.md:8"), "{t}");
    assert!(t.contains("did you mean `industry`?"), "{t}");
}

#[test]
fn missing_required_field_is_named() {
    let t = build_fails(&[(
        "content/case-studies/n.md",
        &format!("{}---\n", CASE.replace("summary: S\n", "")),
    )]);
    assert!(
        t.contains("content/case-studies/n.md") && t.contains("summary"),
        "{t}"
    );
}

#[test]
fn bad_enum_lists_the_choices() {
    let t = build_fails(&[(
        "content/case-studies/n.md",
        &format!("{CASE}stage: dreaming\n---\n"),
    )]);
    assert!(t.contains("content/case-studies/n.md:8"), "{t}");
    assert!(t.contains("implementing"), "{t}");
}

#[test]
fn bad_date_is_located() {
    let t = build_fails(&[(
        "content/plans/w.md",
        &format!("{}---\n", WEEK.replace("2026-01-26", "2026-02-30")),
    )]);
    assert!(t.contains("content/plans/w.md:4"), "{t}");
}

#[test]
fn bad_status_in_a_plan_row_is_located() {
    let t = build_fails(&[(
        "content/plans/w.md",
        &format!("{}---\n", WEEK.replace("pending", "finished")),
    )]);
    assert!(t.contains("content/plans/w.md:6"), "{t}");
    assert!(t.contains("in_progress"), "{t}");
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let t = build_fails(&[
        (
            "content/case-studies/a.md",
            &format!("{CASE}stage: dreaming\n---\n"),
        ),
        (
            "content/plans/b.md",
            &format!("{}---\n", WEEK.replace("week: 10", "week: ten")),
        ),
        ("site.yaml", SITE),
        (
            "data/customers.yaml",
            "- { name: A, acv: lots, stage: live }\n",
        ),
    ]);
    for file in [
        "content/case-studies/a.md:8",
        "content/plans/b.md:3",
        "data/customers.yaml:1",
    ] {
        assert!(t.contains(file), "missing {file} in:\n{t}");
    }
    assert!(t.contains("3 errors found"), "{t}");
}

#[test]
fn two_pages_on_one_url_name_both() {
    let t = build_fails(&[
        ("content/plans/a.md", &format!("{WEEK}slug: same\n---\n")),
        ("content/plans/b.md", &format!("{WEEK}slug: same\n---\n")),
    ]);
    assert!(
        t.contains("/plans/same/")
            && t.contains("content/plans/a.md")
            && t.contains("content/plans/b.md"),
        "{t}"
    );
}

#[test]
fn slug_that_leaves_the_output_is_refused() {
    let t = build_fails(&[(
        "content/plans/a.md",
        &format!("{WEEK}slug: ../../../etc\n---\n"),
    )]);
    assert!(
        t.contains("content/plans/a.md:7") && t.contains("slug"),
        "{t}"
    );
}

#[test]
fn broken_md_link_is_located() {
    let t = build_fails(&[(
        "content/page.md",
        "---\ntitle: P\n---\n\nSee [x](missing.md).\n",
    )]);
    assert!(t.contains("content/page.md:5"), "{t}");
}

#[test]
fn unknown_config_key_and_profile_are_errors() {
    let site = site_with(&[(
        "site.yaml",
        "title: F\nbase_url: https://f.example\nthme: default\n",
    )]);
    let out = traction(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("site.yaml:3") && text(&out).contains("did you mean `theme`?"),
        "{}",
        text(&out)
    );
    let site = site_with(&[]);
    let out = traction(site.path(), &["build", "--profile", "nope"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown profile is a usage error: {}",
        text(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    let site = site_with(&[]);
    assert_eq!(
        traction(site.path(), &["build", "--bogus"]).status.code(),
        Some(2)
    );
    assert_eq!(
        traction(site.path(), &["new", "case-study", "../x"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn body_template_errors_point_into_the_markdown_file() {
    let t = build_fails(&[(
        "content/page.md",
        "---\ntitle: P\n---\nLine one\n\nARR is {{ kpis.arr | money(short=true) }} and {{ nope }}\n",
    )]);
    assert!(t.contains("content/page.md:6"), "{t}");
    assert!(t.contains("nope"), "{t}");
}

#[test]
fn bom_and_crlf_pages_build() {
    let site = site_with(&[(
        "content/crlf.md",
        "\u{feff}---\r\ntitle: Windows\r\n---\r\n# Hello\r\n",
    )]);
    let out = traction(site.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        std::fs::read_to_string(site.path().join("output/crlf/index.html"))
            .unwrap()
            .contains("Windows")
    );
}

#[test]
fn check_writes_nothing_and_reports_json() {
    let site = site_with(&[(
        "content/case-studies/n.md",
        &format!("{CASE}stage: dreaming\n---\n"),
    )]);
    let out = traction(site.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["file"], "content/case-studies/n.md");
    assert_eq!(v[0]["line"], 8);
    assert!(!site.path().join("output").exists());
}

#[test]
fn new_case_study_scaffolds_a_page_that_builds_as_a_draft() {
    let site = site_with(&[]);
    let out = traction(site.path(), &["new", "case-study", "acme-retail"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        site.path()
            .join("content/case-studies/acme-retail.md")
            .is_file()
    );
    let out = traction(site.path(), &["build", "--drafts"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        traction(site.path(), &["new", "case-study", "acme-retail"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn init_creates_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let out = traction(tmp.path(), &["init", "fresh"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = traction(&tmp.path().join("fresh"), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        tmp.path()
            .join("fresh/output/internal/index.html")
            .is_file()
    );
    assert_eq!(
        traction(tmp.path(), &["init", "fresh"]).status.code(),
        Some(1)
    );
}

#[test]
fn a_profile_home_that_does_not_exist_is_located_in_site_yaml() {
    let site = site_with(&[(
        "site.yaml",
        "title: F\nbase_url: https://f.example\nprofiles:\n  public: { include: [public], home: welcom.md }\n",
    )]);
    let out = traction(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("site.yaml:4:"), "{}", text(&out));
}
