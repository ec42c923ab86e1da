//! Operating dashboards (issue 14): implementation data and the CSM dashboard,
//! the pipeline from a CRM export, the weekly review pages, and what the
//! public edition must never hold of them. Run on copies of the example site.

mod common;

use std::path::Path;

use common::*;

/// `traction kpis --json` of the site at `root`, as a map of key -> value.
fn kpis(root: &Path) -> serde_json::Map<String, serde_json::Value> {
    let out = traction(root, &["kpis", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("kpis --json is JSON");
    json.as_object()
        .expect("an object of KPIs")
        .iter()
        .map(|(k, v)| (k.clone(), v["value"].clone()))
        .collect()
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn build_ok(root: &Path) {
    let out = traction(root, &["build"]);
    assert!(out.status.success(), "{}", text(&out));
}

/// The example export's figures, computed by hand from data/pipeline.csv:
/// qualified 60+45+40+55+40 = 240K, POC 70+80+60 = 210K, proposal and
/// negotiation 55+45+50 = 150K; weighted 55.75K + 88K + 100K.
const HAND_COMPUTED: [(&str, f64); 6] = [
    ("pipeline", 600_000.0),
    ("weighted_pipeline", 243_750.0),
    ("open_deals", 11.0),
    ("poc_deals", 6.0),
    ("warm_leads", 13.0),
    // Northwind: signed 2026-01-06, live 2026-02-16.
    ("days_to_live", 41.0),
];

fn assert_hand_computed(root: &Path) {
    let k = kpis(root);
    for (key, want) in HAND_COMPUTED {
        assert_eq!(k[key].as_f64(), Some(want), "{key}: {:?}", k[key]);
    }
}

#[test]
fn kpis_from_the_example_export_equal_hand_computed_values() {
    let site = example_site();
    assert_hand_computed(site.path());
}

/// The example export rewritten as HubSpot writes deals: its header names,
/// its default stage names and probabilities as fractions.
fn as_hubspot(salesforce: &str) -> String {
    let mut out = String::from(
        "Deal Name,Associated Company,Deal Stage,Amount,Deal probability,Close Date,Deal owner,Next step\n",
    );
    let stages = [
        ("Qualification", "Qualified to buy"),
        ("Needs Analysis", "Qualified to buy"),
        ("Value Proposition", "Qualified to buy"),
        ("POC", "Presentation scheduled"),
        ("Proposal/Price Quote", "Decision maker bought-in"),
        ("Negotiation/Review", "Contract sent"),
        ("Closed Won", "Closed won"),
        ("Closed Lost", "Closed lost"),
        ("Prospecting", "Appointment scheduled"),
    ];
    let mut reader = csv::Reader::from_reader(salesforce.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in reader.records() {
        let row = row.unwrap();
        let stage = stages.iter().find(|(sf, _)| *sf == &row[2]).unwrap().1;
        let amount = row[3].replace(['$', ','], "");
        let probability = format!("{:.2}", row[4].parse::<f64>().unwrap() / 100.0);
        let parts: Vec<u32> = row[5].split('/').filter_map(|s| s.parse().ok()).collect();
        let date = match parts.as_slice() {
            [m, d, y] => format!("{y}-{m:02}-{d:02}"),
            _ => String::new(),
        };
        writer
            .write_record([
                &row[0],
                &row[1],
                stage,
                &amount,
                &probability,
                &date,
                &row[6],
                &row[7],
            ])
            .unwrap();
    }
    out.push_str(&String::from_utf8(writer.into_inner().unwrap()).unwrap());
    out
}

#[test]
fn a_hubspot_export_of_the_same_deals_gives_the_same_kpis() {
    let site = example_site();
    let hubspot = as_hubspot(&read(site.path(), "data/pipeline.csv"));
    assert!(hubspot.contains("Decision maker bought-in") && hubspot.contains(",0.45,"));
    write_site(site.path(), &[("data/pipeline.csv", &hubspot)]);
    assert_hand_computed(site.path());
    build_ok(site.path());
}

#[test]
fn an_export_with_other_headers_reads_through_the_site_yaml_mapping() {
    let site = example_site();
    write_site(
        site.path(),
        &[(
            "data/pipeline.csv",
            "Deal,Phase,Value (USD)\nA,Eval,200000\nB,Short list,50000\nC,Cold,0\n",
        )],
    );
    let mapping = "pipeline:\n  columns: { stage: Phase, amount: \"Value (USD)\" }\n  stages: { Eval: poc, \"Short list\": qualified, Cold: lead }\n";
    let config = read(site.path(), "site.yaml");
    write_site(site.path(), &[("site.yaml", &format!("{config}{mapping}"))]);
    let k = kpis(site.path());
    assert_eq!(k["pipeline"].as_f64(), Some(250_000.0));
    assert_eq!(k["poc_deals"].as_f64(), Some(1.0));
    assert_eq!(k["warm_leads"].as_f64(), Some(1.0));
    // No probability column: the stage's default (poc 40%, qualified 20%).
    assert_eq!(k["weighted_pipeline"].as_f64(), Some(90_000.0));
}

#[test]
fn a_typed_pipeline_figure_that_disagrees_with_the_export_is_a_warning() {
    let site = example_site();
    replace_in(
        site.path(),
        "data/economics.yaml",
        "pipeline: 600000",
        "pipeline: 650000",
    );
    replace_in(
        site.path(),
        "data/economics.yaml",
        "Discovery: 240000",
        "Discovery: 290000",
    );
    let out = traction(site.path(), &["check"]);
    let t = text(&out);
    assert!(
        t.contains("`pipeline: $650,000` disagrees with $600,000 from data/pipeline.csv"),
        "{t}"
    );
    assert!(t.contains("data/economics.yaml:"), "{t}");
}

/// Deal names and accounts of the example export (customers aside, whose
/// names follow the anonymisation rule), and implementation details.
const DEAL_WORDS: [&str; 8] = [
    "Summit Grocers",
    "Multi-DC inventory",
    "Metro Pharmacy",
    "Orchard Fresh",
    "Willow Creek Farms",
    "Maya Chen",
    "Legal redlines",
    "supplier lot-code format",
];

#[test]
fn the_public_edition_holds_no_pipeline_deal_amount_or_implementation_data() {
    let site = example_site();
    build_ok(site.path());
    let public = snapshot(&site.path().join("output/public"));
    assert!(!public.is_empty());
    for (rel, bytes) in &public {
        let text = String::from_utf8_lossy(bytes);
        for word in DEAL_WORDS {
            assert!(!text.contains(word), "{rel} holds `{word}`");
        }
        // Withheld pipeline KPIs, amounts unique to deals, dashboards.
        for figure in [
            "$243,750",
            "$60,000",
            "$80,000",
            "$55,000",
            "Weighted pipeline",
            "Pipeline board",
            "Customer implementations",
            "Friday review",
            "kpi_history",
        ] {
            assert!(!text.contains(figure), "{rel} holds `{figure}`");
        }
        assert!(
            !rel.contains("review")
                && !rel.contains("pipeline")
                && !rel.contains("customer-health"),
            "{rel}"
        );
    }
    let kpis_json = String::from_utf8_lossy(&public["kpis.json"]).into_owned();
    for key in [
        "pipeline",
        "open_deals",
        "poc_deals",
        "warm_leads",
        "days_to_live",
    ] {
        assert!(!kpis_json.contains(key), "kpis.json names `{key}`");
    }
    // The internal edition has both dashboards and a review per plan week.
    let internal = site.path().join("output/internal");
    let pipeline = read(&internal, "pipeline/index.html");
    assert!(pipeline.contains("Summit Grocers") && pipeline.contains("$243,750"));
    let health = read(&internal, "customer-health/index.html");
    assert!(health.contains("supplier lot-code format not yet agreed"));
    for week in 10..=13 {
        assert!(
            internal
                .join(format!("plans/week-{week}/review/index.html"))
                .is_file()
        );
    }
    assert!(!site.path().join("output/investors/plans").exists());
}

#[test]
fn a_deal_typed_by_hand_on_a_public_page_fails_the_audit() {
    for typed in [
        "our talks with Summit Grocers",
        "a $45,000 opportunity",
        "waiting: supplier lot-code format not yet agreed",
    ] {
        let site = example_site();
        let welcome = read(site.path(), "content/welcome.md");
        write_site(
            site.path(),
            &[(
                "content/welcome.md",
                &format!("{welcome}\n\nNews: {typed}.\n"),
            )],
        );
        let out = traction(site.path(), &["build"]);
        let t = text(&out);
        assert!(!out.status.success(), "{typed}: {t}");
        assert!(t.contains("does not show"), "{typed}: {t}");
        assert!(
            t.contains("public/index.html") || t.contains("welcome"),
            "{typed}: {t}"
        );
    }
}

#[test]
fn the_csm_dashboard_judges_health_by_the_documented_rules() {
    let site = example_site();
    build_ok(site.path());
    let health = read(
        &site.path().join("output/internal"),
        "customer-health/index.html",
    );
    let row = |name: &str| {
        let start = health
            .find(&format!(">{name}<"))
            .unwrap_or_else(|| panic!("{name}"));
        let end = health[start..].find("</tr>").unwrap() + start;
        health[start..end].to_string()
    };
    assert!(
        row("Northwind Logistics").contains(">Live<"),
        "{}",
        row("Northwind Logistics")
    );
    assert!(row("Harbor &amp; Pine Outfitters").contains(">On track<"));
    let cascade = row("Cascade Provisions");
    assert!(
        cascade.contains(">At risk<") && cascade.contains("Lot and expiry feed"),
        "{cascade}"
    );
    assert!(
        health.contains("41 days") && health.contains("33%"),
        "tiles"
    );
    // Scheduled 20 days after the plan: late.
    replace_in(
        site.path(),
        "data/customers.yaml",
        "go_live: { planned: 2026-02-17, scheduled: 2026-02-17 }",
        "go_live: { planned: 2026-02-17, scheduled: 2026-03-09 }",
    );
    build_ok(site.path());
    let health = read(
        &site.path().join("output/internal"),
        "customer-health/index.html",
    );
    assert!(health.contains("go-live slipped 20 days"), "{health}");
    assert!(health.contains(">Late<"));
}

#[test]
fn the_weekly_review_reads_plan_rows_standup_snapshots_and_signatures() {
    let site = example_site();
    build_ok(site.path());
    let internal = site.path().join("output/internal");
    let week10 = read(&internal, "plans/week-10/review/index.html");
    assert!(
        week10.contains("Harbor &amp; Pine Outfitters</strong> · $40,000 ACV"),
        "contracts signed"
    );
    // Snapshots of 2026-01-30 ($560,000) and 2026-01-23 ($480,000).
    assert!(
        week10.contains("$560,000") && week10.contains("Up $80,000"),
        "pipeline change"
    );
    assert!(
        week10.contains("Customer #2 API documentation") && week10.contains("Slipped"),
        "slipped stand-up row"
    );
    assert!(
        week10.contains("Implementation kickoff meeting"),
        "a done plan row is a win"
    );
    assert!(
        week10.contains("Cascade Provisions</strong>: blocked"),
        "off track"
    );
    let week11 = read(&internal, "plans/week-11/review/index.html");
    // The stand-up's line for a plan row is the same win, listed once.
    assert_eq!(
        week11.matches("Customer #2 pilot warehouse live").count(),
        1,
        "{week11}"
    );
    assert!(week11.contains("Cascade Provisions</strong> · $35,000 ACV"));
    let week12 = read(&internal, "plans/week-12/review/index.html");
    assert!(week12.contains("Blocked"), "week 12 has a blocked plan row");
    assert!(read(&internal, "plans/week-10/index.html").contains("href=\"review/index.html\""));
    // Without snapshots the review says so.
    std::fs::remove_file(site.path().join("data/kpi_history.csv")).unwrap();
    build_ok(site.path());
    let week10 = read(&internal, "plans/week-10/review/index.html");
    assert!(week10.contains("No snapshot"), "{week10}");
}

#[test]
fn the_example_checks_clean_with_dashboards_and_pipeline() {
    let site = example_site();
    let out = traction(site.path(), &["check", "--strict"]);
    assert!(
        out.status.success() && text(&out).contains("No problems found"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_case_study_date_that_disagrees_with_the_implementation_data_is_a_warning() {
    let site = example_site();
    replace_in(
        site.path(),
        "data/customers.yaml",
        "go_live: { planned: 2026-02-17, scheduled: 2026-02-17 }",
        "go_live: { planned: 2026-02-17, scheduled: 2026-02-24 }",
    );
    let out = traction(site.path(), &["check"]);
    let t = text(&out);
    assert!(
        t.contains("`live: 2026-02-17` disagrees with data/customers.yaml:")
            && t.contains("where Harbor & Pine Outfitters has go_live 2026-02-24"),
        "{t}"
    );
    assert!(
        t.contains("content/case-studies/harbor-and-pine.md:"),
        "{t}"
    );
}
