//! Contradictions between two sources that each look right alone, for
//! `traction check`. Every finding is a warning located at one source and
//! naming the other (`file:line`), because the reader has to decide which of
//! the two is wrong:
//!
//! - the stand-up (`data/standup.csv`) and a week plan give a different status
//!   to the same task on the same day (tasks matched by normalised text: case,
//!   punctuation and spacing ignored; a plan row matches by its activity, or
//!   its activity and deliverable together);
//! - a case study's `live:` date is past (relative to the build's "now",
//!   `SOURCE_DATE_EPOCH`) while its customer is not live: that date was a
//!   scheduled go-live that has not happened;
//! - a case study's `stage`, `acv` or score (`recommend`, formerly `nps`)
//!   differs from its row in `data/customers.yaml`, which the KPIs use.
//!
//! Prose ranges that exclude a KPI ("payback 6-8 months" when it computes to
//! 1.8) are found by the figure lint (`numbers.rs`), which names the data the
//! KPI comes from.

use std::path::Path;

use crate::content::{KindData, Page, Stage};
use crate::diagnostics::Diagnostic;
use crate::kpis::Customer;
use crate::site::Site;

use super::numbers::shown;

/// Every contradiction between two sources of the site.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for page in &site.content.pages {
        if let KindData::CaseStudy(c) = &page.data {
            let row = site
                .kpis
                .customers
                .iter()
                .find(|r| r.name.trim().eq_ignore_ascii_case(c.customer.trim()));
            if let Some(row) = row {
                diags.extend(case_study_vs_customers(site, page, c, row));
            }
        }
    }
    diags
}

/// The line in `data/customers.yaml` of `key` in the row of customer `name`
/// (the row's first line when the key is not written).
fn customer_field_line(source: &str, name: &str, key: &str) -> usize {
    let Some(row) = crate::kpis::customer_line(source, name) else {
        return 0;
    };
    let lines: Vec<&str> = source.lines().collect();
    let is_key = |l: &str| {
        l.trim_start()
            .trim_start_matches("- ")
            .trim_start_matches('{')
            .trim_start()
            .starts_with(&format!("{key}:"))
            || l.contains(&format!(" {key}:"))
            || l.contains(&format!("{{{key}:"))
    };
    for (i, l) in lines.iter().enumerate().skip(row - 1) {
        if i >= row && l.trim_start().starts_with("- ") {
            break;
        }
        if is_key(l) {
            return i + 1;
        }
    }
    row
}

fn customers_file(site: &Site) -> (&Path, &str) {
    site.data
        .files
        .get("customers")
        .map_or((Path::new("data/customers.yaml"), ""), |f| {
            (
                f.file.as_path(),
                f.yaml_source.as_deref().unwrap_or_default(),
            )
        })
}

fn stage_name(stage: Stage) -> String {
    stage.label().to_ascii_lowercase()
}

fn front_to_file(line: usize) -> usize {
    line + 1
}

/// A customer's 0-10 answer in a row of front matter or data: `recommend`,
/// or the older `nps`.
fn score(value: &serde_json::Value) -> Option<(f64, &'static str)> {
    ["recommend", "nps"].into_iter().find_map(|k| {
        value
            .get(k)
            .and_then(serde_json::Value::as_f64)
            .map(|v| (v, k))
    })
}

/// A case study's `stage`, `acv` and score against its row in `data/customers.yaml`.
fn case_study_vs_customers(
    site: &Site,
    page: &Page,
    c: &crate::content::CaseStudy,
    row: &Customer,
) -> Vec<Diagnostic> {
    let (customers_file, customers_source) = customers_file(site);
    let display = crate::kpis::display;
    let money = crate::kpis::Unit::Money;
    // (front matter key, written here, written in the data, data key)
    let mut differences: Vec<(&str, String, String, &str)> = Vec::new();
    if let Some(acv) = c.acv
        && (row.acv - acv).abs() > 0.5
    {
        differences.push(("acv", display(acv, money), display(row.acv, money), "acv"));
    }
    if let Some(stage) = c.stage
        && stage != row.stage
    {
        differences.push(("stage", stage_name(stage), stage_name(row.stage), "stage"));
    }
    // The score is read from the text, not the typed model, so both key names count.
    let front: Option<serde_json::Value> = crate::yaml::parse(
        &page.front,
        &page.file,
        2,
        &page.front,
        crate::yaml::Size::Small,
    )
    .ok();
    let data_row = site.data.files.get("customers").and_then(|f| {
        f.value.as_array()?.iter().find(|r| {
            r.get("name")
                .and_then(serde_json::Value::as_str)
                .is_some_and(|n| n.trim().eq_ignore_ascii_case(row.name.trim()))
        })
    });
    if let (Some((mine, my_key)), Some((theirs, their_key))) =
        (front.as_ref().and_then(score), data_row.and_then(score))
        && (mine - theirs).abs() > 1e-9
    {
        differences.push((my_key, format!("{mine}"), format!("{theirs}"), their_key));
    }
    let source = format!("\n{}", page.front);
    differences
        .into_iter()
        .map(|(key, here, there, data_key)| {
            let line = crate::yaml::key_line(&page.front, key).map_or(0, front_to_file);
            let data_line = customer_field_line(customers_source, &row.name, data_key);
            Diagnostic::warning(
                &page.file,
                format!(
                    "`{key}: {here}` disagrees with {}:{data_line}, where {} has {data_key} {there}",
                    shown(customers_file),
                    row.name
                ),
            )
            .at(line, 1)
            .with_source(&source)
            .expected(format!("{key}: {there}"))
            .hint("data/customers.yaml wins (the KPIs and tiles use it): change whichever is wrong")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_of_a_customer_row_is_found_in_its_own_block() {
        let source = "# c\n- name: A\n  acv: 1\n  nps: 9\n\n- name: B\n  acv: 2\n  stage: live\n";
        assert_eq!(customer_field_line(source, "A", "nps"), 4);
        assert_eq!(customer_field_line(source, "B", "stage"), 8);
        // Not written in B's block: B's first line, never A's.
        assert_eq!(customer_field_line(source, "B", "nps"), 6);
        let flow = "- { name: A, acv: 1, stage: live }\n";
        assert_eq!(customer_field_line(flow, "A", "stage"), 1);
    }
}
