//! `chart()` in pages, KPI targets, `kpis --snapshot` and the KPI tiles'
//! trends, on fixture sites and on a copy of the example.

mod common;

use std::path::Path;

use common::*;

const SITE: &str = "title: Fixture\nbase_url: https://fixture.example\n";

/// Every `<svg class="chart ...">...</svg>` of `html`, parsed as XML; returns their titles.
fn chart_titles(html: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg class=\"chart") {
        // Charts nest <svg> (line plots), so take the element by counting tags.
        let mut depth = 0;
        let mut i = start;
        let close = loop {
            let next_open = rest[i..].find("<svg").map(|k| k + i);
            let next_close = rest[i..].find("</svg>").map(|k| k + i).unwrap();
            match next_open {
                Some(o) if o < next_close => {
                    depth += 1;
                    i = o + 4;
                }
                _ => {
                    depth -= 1;
                    i = next_close + 6;
                    if depth == 0 {
                        break i;
                    }
                }
            }
        };
        let svg = &rest[start..close];
        let doc = roxmltree::Document::parse(svg)
            .unwrap_or_else(|e| panic!("chart SVG is not well-formed XML ({e}): {svg}"));
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        let title = root
            .children()
            .find(|n| n.has_tag_name("title"))
            .expect("a chart has a <title>");
        titles.push(title.text().unwrap_or_default().to_string());
        rest = &rest[close..];
    }
    titles
}

const CUSTOMERS: &str = "- { name: Northwind, acv: 50000, stage: live, recommend: 9 }\n- { name: Harbor & Pine, acv: 40000, stage: implementing, recommend: 8 }\n";

#[test]
fn every_chart_type_renders_as_well_formed_svg_with_a_title_and_a_table() {
    let tmp = tempfile::tempdir().unwrap();
    let body = "---\ntitle: Charts\n---\n\
        {{ chart(type=\"bar\", data=data.customers, x=\"name\", y=\"acv\", title=\"ACV by customer\", format=\"money\", target=45000) }}\n\n\
        {{ chart(type=\"line\", data=data.weeks, x=\"week\", y=\"arr\", title=\"ARR by week\", format=\"money\") }}\n\n\
        {{ chart(type=\"funnel\", data=data.weeks, x=\"week\", y=\"arr\", title=\"Funnel\") }}\n\n\
        {{ chart(type=\"donut\", data=data.customers, x=\"name\", y=\"acv\", title=\"Share of ARR\", format=\"money\") }}\n\n\
        {{ chart(type=\"progress\", value=kpis.live_customers, target=3, title=\"Go-lives\") }}\n\n\
        {{ chart(type=\"bar\", data=[], x=\"name\", y=\"acv\", title=\"Nothing yet\") }}\n";
    write_site(
        tmp.path(),
        &[
            ("site.yaml", SITE),
            ("content/_index.md", "---\ntitle: Home\n---\n"),
            ("content/charts.md", body),
            ("data/customers.yaml", CUSTOMERS),
            (
                "data/weeks.csv",
                "week,arr\nW10,90000\nW11,125000.5\nW12,125000\n",
            ),
        ],
    );
    let out = traction(tmp.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    let html = std::fs::read_to_string(tmp.path().join("output/charts/index.html")).unwrap();
    assert_eq!(
        chart_titles(&html),
        [
            "ACV by customer",
            "ARR by week",
            "Funnel",
            "Share of ARR",
            "Go-lives",
            "Nothing yet"
        ]
    );
    for kind in ["bar", "line", "funnel", "donut", "progress"] {
        assert!(
            html.contains(&format!("<svg class=\"chart chart-{kind}\"")),
            "{kind}"
        );
    }
    assert_eq!(
        html.matches("<table class=\"visually-hidden chart-data\">")
            .count(),
        6
    );
    assert!(html.contains("Harbor &amp; Pine") && html.contains("<td>125,000.50</td>"));
    assert!(html.contains("1 of 3 target") || html.contains(">1</tspan> of 3 target"));
}

#[test]
fn bad_chart_arguments_are_located_template_errors() {
    let cases = [
        (
            "type=\"pie\", data=data.customers, x=\"name\", y=\"acv\", title=\"T\"",
            "unknown `type=\"pie\"`",
        ),
        (
            "type=\"bar\", data=data.customers, x=\"name\", y=\"acvv\", title=\"T\"",
            "did you mean `acv`?",
        ),
        (
            "type=\"bar\", data=data.customers, x=\"name\", y=\"stage\", title=\"T\"",
            "not a number",
        ),
        (
            "type=\"bar\", data=data.customers, x=\"name\", y=\"acv\"",
            "`title=` is missing",
        ),
    ];
    for (args, words) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let body = format!("---\ntitle: Charts\n---\nIntro.\n\n{{{{ chart({args}) }}}}\n");
        write_site(
            tmp.path(),
            &[
                ("site.yaml", SITE),
                ("content/_index.md", &body),
                ("data/customers.yaml", CUSTOMERS),
            ],
        );
        let out = traction(tmp.path(), &["build"]);
        let t = text(&out);
        assert_eq!(out.status.code(), Some(1), "{args}: {t}");
        assert!(
            t.contains("content/_index.md:6"),
            "{args}: located at the call: {t}"
        );
        assert!(t.contains(words), "{args}: {t}");
        assert!(!t.contains("panicked"), "{t}");
    }
}

const EPOCH_2026_03_20: &str = "1774008000"; // 2026-03-20 12:00 UTC
const EPOCH_2026_03_21: &str = "1774094400";

fn snapshot(root: &Path, epoch: &str) -> std::process::Output {
    command(root)
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(["kpis", "--snapshot"])
        .output()
        .unwrap()
}

#[test]
fn a_snapshot_appends_one_dated_row_per_kpi_and_is_idempotent_within_a_day() {
    let site = example_site();
    let path = site.path().join("data/kpi_history.csv");
    let before = std::fs::read_to_string(&path).unwrap();
    let kpis = traction(site.path(), &["kpis", "--json"]);
    let count = serde_json::from_slice::<serde_json::Value>(&kpis.stdout)
        .unwrap()
        .as_object()
        .unwrap()
        .len();
    let out = snapshot(site.path(), EPOCH_2026_03_20);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("added to data/kpi_history.csv"),
        "{}",
        text(&out)
    );
    let once = std::fs::read_to_string(&path).unwrap();
    assert!(once.starts_with(&before), "earlier rows kept byte for byte");
    let added: Vec<&str> = once[before.len()..].lines().collect();
    assert_eq!(added.len(), count, "one row per KPI");
    assert!(added.iter().all(|l| l.starts_with("2026-03-20,")));
    assert!(added.contains(&"2026-03-20,arr,125000"), "{added:?}");

    // The same day again replaces its rows, even after the figures moved.
    replace_in(
        site.path(),
        "data/customers.yaml",
        "acv: 35000",
        "acv: 45000",
    );
    let out = snapshot(site.path(), EPOCH_2026_03_20);
    assert!(text(&out).contains("replaced in"), "{}", text(&out));
    let twice = std::fs::read_to_string(&path).unwrap();
    assert_eq!(twice.lines().count(), once.lines().count());
    assert!(twice.contains("2026-03-20,arr,135000") && !twice.contains("2026-03-20,arr,125000"));
    assert_eq!(
        snapshot(site.path(), EPOCH_2026_03_20).status.code(),
        Some(0)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), twice, "idempotent");

    // The next day appends; no temp file is left behind.
    assert!(snapshot(site.path(), EPOCH_2026_03_21).status.success());
    let next = std::fs::read_to_string(&path).unwrap();
    assert!(next.starts_with(&twice));
    assert_eq!(next.lines().count(), twice.lines().count() + count);
    let leftovers: Vec<_> = std::fs::read_dir(site.path().join("data"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("traction-tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_snapshot_starts_the_history_when_there_is_none_and_refuses_a_bad_one() {
    let site = example_site();
    let path = site.path().join("data/kpi_history.csv");
    std::fs::remove_file(&path).unwrap();
    assert!(snapshot(site.path(), EPOCH_2026_03_20).status.success());
    let text_now = std::fs::read_to_string(&path).unwrap();
    assert!(text_now.starts_with("date,kpi,value\n2026-03-20,arr,125000\n"));
    std::fs::write(&path, "date,kpi,value\n2026-03-13,arr,12O000\n").unwrap();
    let out = snapshot(site.path(), EPOCH_2026_03_20);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("data/kpi_history.csv:2:16"),
        "{}",
        text(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "date,kpi,value\n2026-03-13,arr,12O000\n",
        "a history that does not load is not rewritten"
    );
}

const AFTER_SNAPSHOTS: &str = "1771588800"; // 2026-02-20, after the example's week-12 snapshot

fn build_example(root: &Path) {
    let out = command(root)
        .env("SOURCE_DATE_EPOCH", AFTER_SNAPSHOTS)
        .args(["build", "--no-pdf"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_kpi_dashboard_shows_targets_sparklines_and_changes() {
    let site = example_site();
    build_example(site.path());
    let page = read(
        site.path(),
        "output/internal/investors/financial-model/index.html",
    );
    assert!(
        page.contains("<strong>100%</strong> of $125,000 target"),
        "ARR against its target"
    );
    assert!(
        page.contains("<strong>33%</strong> of 3 target"),
        "go-lives against theirs"
    );
    assert!(page.contains("aria-valuenow=\"33\""));
    assert!(page.contains("<svg class=\"sparkline\""));
    assert!(page.contains("ARR over 4 snapshots, from $90,000 on 2026-01-30 to $125,000 today"));
    assert!(
        page.contains("<span class=\"kpi-delta\">+1</span> since Feb 13"),
        "live customers +1"
    );
    let titles = chart_titles(&page);
    assert!(
        titles.contains(&"ARR by snapshot".to_string()),
        "{titles:?}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(site.path(), "output/internal/kpis.json")).unwrap();
    let kpis = json.get("kpis").unwrap_or(&json);
    assert_eq!(kpis["arr"]["target"], 125000);
    assert_eq!(kpis["pipeline"]["target_display"], "$600,000");
}

#[test]
fn a_withheld_kpi_takes_its_target_and_history_with_it() {
    let site = example_site();
    // A page that prints everything the public profile's context holds about targets and history.
    std::fs::write(
        site.path().join("content/welcome-dump.md"),
        "---\ntitle: Dump\nvisibility: public\n---\n{% for k, v in data.economics.targets %}{{ k }}={{ v }} {% endfor %}\n{% for r in data.kpi_history %}{{ r.kpi }}:{{ r.value }} {% endfor %}\n{% for k, rows in kpi_history %}{{ k }}:{{ rows | length }} {% endfor %}\n{% for k in kpi_list %}{{ k.key }}:{{ k.target | default(value=\"-\") }} {% endfor %}\n",
    )
    .unwrap();
    build_example(site.path());
    let public = site.path().join("output/public");
    let home = read(&public, "index.html");
    assert!(
        home.contains("of 3 target"),
        "a published KPI shows its target"
    );
    for file in snapshot_files(&public) {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for needle in [
            "600000",
            "600,000",
            "$600K",
            "125000",
            "125,000",
            "$125K",
            "\"arr\"",
            "pipeline\":",
        ] {
            assert!(
                !text.contains(needle),
                "{} holds `{needle}`",
                file.display()
            );
        }
    }
    let dump = read(&public, "welcome-dump/index.html");
    assert!(
        dump.contains("live_customers"),
        "published history stays: {dump}"
    );
}

fn snapshot_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files.extend(snapshot_files(&p));
        } else {
            files.push(p);
        }
    }
    files
}
