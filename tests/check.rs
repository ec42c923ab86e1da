//! `traction check`: numbers against the KPIs, mojibake, links, the leak audit.

mod common;

use common::*;

/// The seed as received (UTF-8 once decoded as Mac Roman) and repaired, copied from
/// `../shared/seed/` so the test runs anywhere.
fn seed_file(name: &str) -> String {
    let path = repo().join("tests/fixtures/seed").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seed's "Financial Targets" and "Unit Economics" sections, as written.
const FIGURES: &str = "\
**ARR Target:** $125K+ by end of Week 13

## Financial Targets

### Revenue by Customer
```
Customer #1 (signed Week 7):  $50,000 ACV (signed Week 7)
Customer #2 (signed Week 10): $40,000 ACV (sign this week)
Customer #3 (signed Week 11): $35,000 ACV (sign this week)
─────────────────────────────────
TOTAL:                        $125,000 ACV
MONTHLY REVENUE (MRR):        $10,417
QUARTERLY RUN RATE:           $37,500
```

### Unit Economics Target
```
CAC (Customer Acquisition Cost):     $5,000 per customer
LTV (Lifetime Value):                $150,000+ per customer
Payback Period:                      6-8 months
LTV:CAC Ratio:                       30:1 (excellent)
Gross Margin:                        75%+
```

**Success Metrics:**
- $125K+ annualized revenue
- NPS 8.5+ from all customers
- $600K+ pipeline documented
- Quarterly run rate today: {{ kpis.quarterly_revenue | money }}
";

fn json_check(root: &std::path::Path, args: &[&str]) -> (Option<i32>, Vec<serde_json::Value>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let out = traction(root, &all);
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    (out.status.code(), v.as_array().unwrap().clone())
}

#[test]
fn contradicting_figures_are_flagged_with_both_values_and_agreeing_ones_are_not() {
    let site = example_site();
    // The header lines make the page start at line 5.
    write_site(
        site.path(),
        &[(
            "content/figures.md",
            &format!("---\ntitle: Figures\nvisibility: internal\n---\n{FIGURES}"),
        )],
    );
    let (code, items) = json_check(site.path(), &[]);
    assert_eq!(code, Some(0), "warnings only: {items:#?}");
    let mine: Vec<&serde_json::Value> = items
        .iter()
        .filter(|d| d["file"] == "content/figures.md")
        .collect();
    let lines: Vec<u64> = mine.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    // The body starts on line 5: $37,500 is on line 17, 6-8 months on line 24.
    assert_eq!(lines, vec![17, 24], "{mine:#?}");
    let quarterly = mine[0]["message"].as_str().unwrap();
    assert!(
        quarterly.contains("$37,500") && quarterly.contains("$31,250"),
        "{quarterly}"
    );
    assert!(
        mine[0]["hint"]
            .as_str()
            .unwrap()
            .contains("{{ kpis.quarterly_revenue | money }}"),
        "{:?}",
        mine[0]
    );
    let payback = mine[1]["message"].as_str().unwrap();
    assert!(
        payback.contains("6-8 months") && payback.contains("1.8 months"),
        "{payback}"
    );
    for d in &mine {
        assert_eq!(d["severity"], "warning");
    }
    // --strict makes warnings fail.
    assert_eq!(json_check(site.path(), &["--strict"]).0, Some(1));
}

#[test]
fn a_case_study_acv_that_differs_from_the_data_is_a_warning() {
    let site = example_site();
    let path = site.path().join("content/case-studies/harbor-and-pine.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("acv: 40000"));
    std::fs::write(&path, text.replace("acv: 40000", "acv: 45000")).unwrap();
    let (_, items) = json_check(site.path(), &[]);
    let hit = items
        .iter()
        .find(|d| d["file"] == "content/case-studies/harbor-and-pine.md")
        .unwrap_or_else(|| panic!("{items:#?}"));
    let message = hit["message"].as_str().unwrap();
    assert!(
        message.contains("$45,000") && message.contains("$40,000"),
        "{message}"
    );
    assert!(hit["line"].as_u64().unwrap() > 1);
}

#[test]
fn mojibake_is_flagged_and_fix_encoding_repairs_it_exactly() {
    let original = seed_file("execution-guide.original.md");
    let repaired = seed_file("execution-guide.md");
    let site = example_site();
    let front = "---\ntitle: Execution guide\nvisibility: internal\nrender: false\n---\n";
    let page = site.path().join("content/guide.md");
    std::fs::write(&page, format!("{front}{original}")).unwrap();
    let (code, items) = json_check(site.path(), &[]);
    assert_eq!(code, Some(0), "{items:#?}");
    let mine: Vec<&serde_json::Value> = items
        .iter()
        .filter(|d| {
            d["file"] == "content/guide.md" && d["message"].as_str().unwrap().contains("Mac Roman")
        })
        .collect();
    assert!(!mine.is_empty(), "{items:#?}");
    // The first flagged line is the Mission Statement heading (line 11 of the seed).
    assert_eq!(mine[0]["line"].as_u64(), Some(11 + 5));
    assert_eq!(mine[0]["expected"], "## 🎯 Mission Statement");
    // Every proposed line is the repaired seed's line.
    let repaired_lines: Vec<&str> = repaired.lines().collect();
    for d in mine.iter().filter(|d| d["line"].as_u64().unwrap() > 0) {
        let line = d["line"].as_u64().unwrap() as usize - 5;
        assert_eq!(
            d["expected"].as_str().unwrap(),
            repaired_lines[line - 1].trim_end()
        );
    }

    let out = traction(site.path(), &["check", "--fix-encoding"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("content/guide.md"), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(&page).unwrap(),
        format!("{front}{repaired}"),
        "the repaired page is the seed's repaired text"
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("content/guide.md.bak")).unwrap(),
        format!("{front}{original}")
    );
    // Nothing left to flag, and the backup is not content.
    let (_, items) = json_check(site.path(), &[]);
    assert!(
        !items
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("decoded as")),
        "{items:#?}"
    );
    let out = traction(site.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!site.path().join("output/internal/guide.md.bak").exists());
}

#[test]
fn broken_links_anchors_and_images_are_errors_naming_file_and_line() {
    let site = example_site();
    write_site(
        site.path(),
        &[(
            "content/notes.md",
            "---\ntitle: Notes\nvisibility: public\n---\n## Start\n\nSee [nowhere](/no-such-page/).\n\nJump [down](#the-end) or [up](#start).\n\n![chart](missing-chart.png)\n\n[Week 10 risks](/plans/week-10/#tr-risks) and [home](/) and [site css](/css/site.css)\n\n[Out](https://example.org/page)\n",
        )],
    );
    let out = traction(site.path(), &["check", "--profile", "internal"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("content/notes.md:7"), "broken link: {t}");
    assert!(t.contains("/no-such-page/"), "{t}");
    assert!(t.contains("content/notes.md:9"), "broken anchor: {t}");
    assert!(t.contains("#the-end"), "{t}");
    assert!(t.contains("content/notes.md:11"), "missing image: {t}");
    assert!(t.contains("missing-chart.png"), "{t}");
    assert!(
        !t.contains("content/notes.md:13"),
        "good links are fine: {t}"
    );
    // Grouped by file.
    assert!(t.contains("── content/notes.md: 3 errors"), "{t}");

    // The public site cannot see week 10: that link is an error there.
    let out = traction(site.path(), &["check", "--profile", "public"]);
    let t = text(&out);
    assert!(
        t.contains("content/notes.md:13") && t.contains("not in the `public` profile"),
        "{t}"
    );

    // External links are listed, not fetched.
    std::fs::write(
        site.path().join("content/notes.md"),
        "---\ntitle: Notes\nvisibility: public\n---\n[Out](https://example.org/page)\n",
    )
    .unwrap();
    let out = traction(
        site.path(),
        &["check", "--external", "--profile", "internal"],
    );
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    assert!(
        t.contains("https://example.org/page") && t.contains("content/notes.md:5"),
        "{t}"
    );
    assert!(t.contains("not fetched"), "{t}");
}

#[test]
fn the_leak_audit_fails_a_build_that_shows_hidden_text() {
    let site = example_site();
    // A static file is copied as is into every profile: the audit reads it.
    write_site(
        site.path(),
        &[(
            "static/notes.txt",
            "Cascade Provisions kickoff; see Week 10: Customer #2 Contract Closure\n",
        )],
    );
    let out = traction(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("leak: output file notes.txt"), "{t}");
    assert!(t.contains("Cascade Provisions"), "{t}");
    assert!(t.contains("content/plans/week-10.md"), "{t}");
    assert!(t.contains("the `public` profile must not show it"), "{t}");
    // The previous output is untouched (there was none).
    assert!(!site.path().join("output/public").exists());
}

#[test]
fn files_that_stylesheets_use_must_exist() {
    let site = example_site();
    write_site(
        site.path(),
        &[(
            "static/css/extra.css",
            "@font-face { font-family: X; src: url(\"../fonts/missing.woff2\"); }\nbody { background: url(/favicon.svg); }\n",
        )],
    );
    let out = traction(site.path(), &["check", "--profile", "internal"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("/fonts/missing.woff2") && t.contains("css/extra.css"),
        "{t}"
    );
    assert!(!t.contains("favicon.svg` does not exist"), "{t}");
}
