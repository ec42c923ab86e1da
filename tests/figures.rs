//! `traction check` on figures people read and on sources that contradict each
//! other: every form of a stated figure is judged against the example's KPIs,
//! wherever it is written (body, front matter, data), and contradictions name
//! both places.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// `check --format json` with "now" at `epoch`: (exit code, findings).
fn check_at(root: &Path, epoch: &str, args: &[&str]) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = Command::new(env!("CARGO_BIN_EXE_traction"))
        .args(["check", "--format", "json"])
        .args(args)
        .current_dir(root)
        .env("SOURCE_DATE_EPOCH", epoch)
        .env("NO_COLOR", "1")
        .output()
        .expect("the traction binary runs");
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    (out.status.code(), v.as_array().unwrap().clone())
}

fn in_file<'a>(items: &'a [serde_json::Value], file: &str) -> Vec<&'a serde_json::Value> {
    items.iter().filter(|d| d["file"] == file).collect()
}

/// 1-based line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no `{needle}` in {text}")) as u64
        + 1
}

/// (text written, figure the finding must quote, or None when it must not be flagged).
/// The example computes: ARR $125,000, quarterly run rate $31,250, 3 customers,
/// 1 live, LTV:CAC 30:1, gross margin 80%, payback 1.8 months.
const FORMS: &[(&str, Option<&str>)] = &[
    ("Quarterly run rate: 37,500 dollars", Some("37,500 dollars")),
    ("Quarterly run rate: USD 37,500", Some("USD 37,500")),
    ("Quarterly run rate: US$37,500", Some("US$37,500")),
    ("Quarterly run rate: $ 37,500", Some("$ 37,500")),
    ("Quarterly run rate: $37\u{2009}500", Some("$37\u{2009}500")),
    ("Quarterly run rate: $37\u{a0}500", Some("$37\u{a0}500")),
    ("Quarterly&nbsp;run rate: $37,500", Some("$37,500")),
    ("ARR: 130000", Some("130000")),
    ("ARR:\n$130K", Some("$130K")),
    ("**ARR:**\n$130K", Some("$130K")),
    ("ARR: USD 130K", Some("USD 130K")),
    ("ARR: 130K dollars", Some("130K dollars")),
    ("LTV/CAC: 40x", Some("40x")),
    ("LTV:CAC is 40:1", Some("40:1")),
    ("Gross margin: 0.6", Some("0.6")),
    ("Customers: 7", Some("7")),
    ("We have 7 customers", Some("7")),
    ("Live customers: 3", Some("3")),
    ("Payback in 6-8 months", Some("6-8 months")),
    // Correct forms, and numbers that are not the KPI.
    ("Quarterly run rate: 31,250 dollars", None),
    ("Quarterly run rate: USD 31,250", None),
    ("Quarterly run rate: US$31,250", None),
    ("Quarterly run rate: $ 31,250", None),
    ("Quarterly run rate: $31\u{2009}250", None),
    ("Quarterly&nbsp;run rate: $31,250", None),
    ("ARR: 125000", None),
    ("ARR:\n$125K", None),
    ("LTV/CAC: 30x", None),
    ("Gross margin: 0.8", None),
    ("Gross margin: 80%", None),
    ("Customers: 3", None),
    ("We have 3 customers", None),
    ("Payback in 1-2 months", None),
    (
        "ARR is {{ kpis.arr | money }} and LTV:CAC {{ kpis.ltv_cac | number }}:1",
        None,
    ),
    ("<!-- traction:ignore: the plan -->\nARR: $130K", None),
    ("Pipeline: 12 prospects", None),
    ("Discovery calls with 6 new prospects at 4:30", None),
    ("Customer #7 signed in Week 7", None),
];

#[test]
fn every_form_of_a_stated_figure_is_judged_and_correct_forms_are_not_flagged() {
    let site = example_site();
    let head = "---\ntitle: Figures\nvisibility: internal\n---\n";
    let body: String = FORMS
        .iter()
        .map(|(text, _)| *text)
        .collect::<Vec<_>>()
        .join("\n\n");
    let page = format!("{head}{body}\n");
    write_site(site.path(), &[("content/figures.md", &page)]);
    let (code, items) = check_at(site.path(), EPOCH, &[]);
    assert_eq!(code, Some(0), "warnings only: {items:#?}");
    let mine = in_file(&items, "content/figures.md");
    // Each form's figure is on the last line of its row.
    let mut line = head.lines().count() as u64;
    let mut unexpected: Vec<&serde_json::Value> = mine.clone();
    for (text, figure) in FORMS {
        line += text.lines().count() as u64;
        let here: Vec<&&serde_json::Value> = mine
            .iter()
            .filter(|d| d["line"].as_u64() == Some(line))
            .collect();
        unexpected.retain(|d| d["line"].as_u64() != Some(line));
        match figure {
            Some(figure) => {
                assert_eq!(
                    here.len(),
                    1,
                    "`{text}` (line {line}) is flagged once: {mine:#?}"
                );
                let message = here[0]["message"].as_str().unwrap();
                assert!(message.contains(figure), "`{text}`: {message}");
                assert!(here[0]["column"].as_u64().unwrap() > 0, "{:?}", here[0]);
            }
            None => assert!(
                here.is_empty(),
                "`{text}` (line {line}) is right: {here:#?}"
            ),
        }
        line += 1;
    }
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    // `$37 500` is read whole, never as "$37".
    assert!(
        !mine
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("as $37 ")),
        "{mine:#?}"
    );
}

#[test]
fn a_range_that_excludes_a_kpi_names_where_the_kpi_comes_from() {
    let site = example_site();
    write_site(
        site.path(),
        &[(
            "content/model.md",
            "---\ntitle: Model\nvisibility: internal\n---\nPayback period: 6-8 months\n",
        )],
    );
    let (_, items) = check_at(site.path(), EPOCH, &[]);
    let mine = in_file(&items, "content/model.md");
    assert_eq!(mine.len(), 1, "{items:#?}");
    assert_eq!(mine[0]["line"], 5);
    let message = mine[0]["message"].as_str().unwrap();
    let economics = std::fs::read_to_string(site.path().join("data/economics.yaml")).unwrap();
    let cac = format!("data/economics.yaml:{} (cac)", line_of(&economics, "cac:"));
    assert!(
        message.contains("6-8 months") && message.contains("1.8 months") && message.contains(&cac),
        "{message}"
    );
}

#[test]
fn figures_in_front_matter_and_data_are_located_at_their_own_line() {
    let site = example_site();
    let plan = "---\ntitle: \"Week 14\"\ndescription: \"Quarterly run rate: US$37,500\"\nweek: 14\nstarts: 2026-02-23\nvisibility: internal\ngoal: \"Customers: 7\"\ndays:\n  - day: Mon\n    activity: \"ARR: 130000\"\n    owner: \"CEO\"\n    deliverable: \"Report\"\n    status: pending\nsuccess_metrics:\n  - \"LTV/CAC: 40x\"\n  # traction:ignore: a target\n  - \"Gross margin: 0.6\"\nrisks:\n  - risk: \"Payback 6-8 months\"\n    mitigation: \"Raise prices\"\nextra:\n  note: \"We have 7 customers\"\n---\nBody.\n";
    write_site(site.path(), &[("content/plans/week-14.md", plan)]);
    replace_in(
        site.path(),
        "content/case-studies/harbor-and-pine.md",
        "summary: \"Harbor & Pine Outfitters sells",
        "summary: \"ARR: $130K. Harbor & Pine Outfitters sells",
    );
    let standup_path = site.path().join("data/standup.csv");
    let mut standup = std::fs::read_to_string(&standup_path).unwrap();
    standup.push_str("2026-02-23,14,CFO,Report ARR: $130K to the board,pending\n");
    std::fs::write(&standup_path, &standup).unwrap();

    let (code, items) = check_at(site.path(), EPOCH, &[]);
    assert_eq!(code, Some(0), "{items:#?}");
    let lines = |file: &str| -> Vec<u64> {
        let mut l: Vec<u64> = in_file(&items, file)
            .iter()
            .map(|d| d["line"].as_u64().unwrap())
            .collect();
        l.sort();
        l
    };
    let expected: Vec<u64> = [
        "US$37,500",
        "Customers: 7",
        "ARR: 130000",
        "LTV/CAC: 40x",
        "Payback 6-8",
        "We have 7",
    ]
    .iter()
    .map(|n| line_of(plan, n))
    .collect();
    assert_eq!(lines("content/plans/week-14.md"), expected, "{items:#?}");

    let case = std::fs::read_to_string(site.path().join("content/case-studies/harbor-and-pine.md"))
        .unwrap();
    assert_eq!(
        lines("content/case-studies/harbor-and-pine.md"),
        vec![line_of(&case, "summary:")],
        "{items:#?}"
    );
    let hit = in_file(&items, "content/case-studies/harbor-and-pine.md")[0];
    assert!(
        hit["message"].as_str().unwrap().contains("$130K"),
        "{hit:#?}"
    );
    assert_eq!(hit["column"].as_u64(), Some(16), "{hit:#?}");

    assert_eq!(
        lines("data/standup.csv"),
        vec![line_of(&standup, "Report ARR")],
        "{items:#?}"
    );
}

#[test]
fn the_example_is_clean_inside_its_plan_and_reports_overdue_go_lives_later() {
    let site = example_site();
    let (code, items) = check_at(site.path(), EPOCH, &["--strict"]);
    assert_eq!(code, Some(0), "{items:#?}");
    assert!(items.is_empty(), "{items:#?}");

    // 2026-03-02: Harbor & Pine (implementing) and Cascade (signed) were due live in February.
    let (code, items) = check_at(site.path(), "1772409600", &[]);
    assert_eq!(code, Some(0), "warnings only: {items:#?}");
    let customers = std::fs::read_to_string(site.path().join("data/customers.yaml")).unwrap();
    let stage_line = |name: &str| {
        let row = line_of(&customers, name) as usize;
        customers
            .lines()
            .enumerate()
            .skip(row)
            .find(|(_, l)| l.trim_start().starts_with("stage:"))
            .map(|(i, _)| i + 1)
            .unwrap()
    };
    for (file, name) in [
        ("content/case-studies/harbor-and-pine.md", "Harbor & Pine"),
        (
            "content/case-studies/cascade-provisions.md",
            "Cascade Provisions",
        ),
    ] {
        let page = std::fs::read_to_string(site.path().join(file)).unwrap();
        let hit = in_file(&items, file)
            .into_iter()
            .find(|d| d["message"].as_str().unwrap().contains("is past"))
            .unwrap_or_else(|| panic!("{file}: {items:#?}"));
        assert_eq!(
            hit["line"].as_u64(),
            Some(line_of(&page, "live:")),
            "{hit:#?}"
        );
        let place = format!("data/customers.yaml:{}", stage_line(name));
        assert!(
            hit["message"].as_str().unwrap().contains(&place),
            "{hit:#?}"
        );
    }
    // Northwind is live: its date is history, not a missed go-live.
    assert!(in_file(&items, "content/case-studies/northwind-logistics.md").is_empty());
}

#[test]
fn stand_up_and_plan_that_disagree_on_a_task_name_both_places() {
    let site = example_site();
    replace_in(
        site.path(),
        "data/standup.csv",
        "2026-02-09,12,CEO,Customer #1 case study interviews,blocked",
        "2026-02-09,12,CEO,Customer #1 Case-study interviews,pending",
    );
    let (code, items) = check_at(site.path(), EPOCH, &[]);
    assert_eq!(code, Some(0), "{items:#?}");
    let standup = std::fs::read_to_string(site.path().join("data/standup.csv")).unwrap();
    let plan = std::fs::read_to_string(site.path().join("content/plans/week-12.md")).unwrap();
    let mine = in_file(&items, "data/standup.csv");
    assert_eq!(mine.len(), 1, "{items:#?}");
    assert_eq!(
        mine[0]["line"].as_u64(),
        Some(line_of(&standup, "Case-study interviews"))
    );
    // The plan row's status line: two lines below its activity.
    let place = format!(
        "content/plans/week-12.md:{}",
        line_of(&plan, "activity: \"Customer #1 case study interviews\"") + 3
    );
    let message = mine[0]["message"].as_str().unwrap();
    assert!(
        message.contains(&place) && message.contains("pending") && message.contains("blocked"),
        "{message}"
    );
}

#[test]
fn a_case_study_stage_acv_or_score_that_differs_from_the_data_names_both_lines() {
    let site = example_site();
    let file = "content/case-studies/harbor-and-pine.md";
    replace_in(site.path(), file, "stage: implementing", "stage: live");
    replace_in(site.path(), file, "acv: 40000", "acv: 45000");
    let page = std::fs::read_to_string(site.path().join(file)).unwrap();
    // The score key is `recommend` (formerly `nps`): whichever the example uses.
    let key = if page.contains("\nrecommend: 8") {
        "recommend"
    } else {
        "nps"
    };
    replace_in(
        site.path(),
        file,
        &format!("\n{key}: 8"),
        &format!("\n{key}: 9"),
    );
    let page = std::fs::read_to_string(site.path().join(file)).unwrap();
    let customers = std::fs::read_to_string(site.path().join("data/customers.yaml")).unwrap();
    let harbor = line_of(&customers, "Harbor & Pine") as usize;
    let data_line = |field: &str| {
        customers
            .lines()
            .enumerate()
            .skip(harbor)
            .find(|(_, l)| {
                let l = l.trim_start();
                l.starts_with(&format!("{field}:"))
                    || field == "score" && (l.starts_with("nps:") || l.starts_with("recommend:"))
            })
            .map(|(i, _)| i + 1)
            .unwrap()
    };
    let (code, items) = check_at(site.path(), EPOCH, &[]);
    assert_eq!(code, Some(0), "{items:#?}");
    let mine = in_file(&items, file);
    for (written, field, values) in [
        ("stage: live", "stage", ["live", "implementing"]),
        ("acv: 45000", "acv", ["$45,000", "$40,000"]),
        (&*format!("{key}: 9"), "score", ["9", "8"]),
    ] {
        let hit = mine
            .iter()
            .find(|d| d["line"].as_u64() == Some(line_of(&page, written)))
            .unwrap_or_else(|| panic!("`{written}`: {items:#?}"));
        let message = hit["message"].as_str().unwrap();
        let place = format!("data/customers.yaml:{}", data_line(field));
        assert!(
            message.contains(&place) && values.iter().all(|v| message.contains(v)),
            "{message}"
        );
    }
}
