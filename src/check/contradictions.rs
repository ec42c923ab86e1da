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
//! - a case study's `stage`, `acv`, score (`recommend`, formerly `nps`), `signed` or `live`
//!   differs from its row in `data/customers.yaml`, which the KPIs use.
//!
//! Prose ranges that exclude a KPI ("payback 6-8 months" when it computes to
//! 1.8) are found by the figure lint (`numbers.rs`), which names the data the
//! KPI comes from.

use std::path::Path;

use crate::content::{KindData, Page, Stage, Status};
use crate::diagnostics::Diagnostic;
use crate::kpis::Customer;
use crate::site::Site;

use super::numbers::shown;

/// Every contradiction between two sources of the site.
pub(crate) fn check(site: &Site) -> Vec<Diagnostic> {
    let mut diags = standup_vs_plans(site);
    for page in &site.content.pages {
        if let KindData::CaseStudy(c) = &page.data {
            let row = site.kpis.customer(&c.customer);
            diags.extend(past_go_live(site, page, c, row));
            if let Some(row) = row {
                diags.extend(case_study_vs_customers(site, page, c, row));
            }
        }
    }
    diags
}

/// Lowercase words of a task, punctuation dropped, so `Customer #1: case study`
/// and `customer #1 case-study` match.
fn normalised(text: &str) -> String {
    text.split(|c: char| !(c.is_alphanumeric() || c == '#' || c == '%'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// 1-based line of the file for a 1-based line of the front matter (which
/// starts on line 2, after the opening `---`).
fn front_to_file(line: usize) -> usize {
    line + 1
}

/// The line of a plan row's `status:` (else of its activity), found after `days:`.
fn plan_row_line(page: &Page, activity: &str) -> usize {
    let front: Vec<&str> = page.front.lines().collect();
    let days = crate::yaml::key_line(&page.front, "days").unwrap_or(1);
    let Some(at) = (days - 1..front.len()).find(|&i| front[i].contains(activity)) else {
        return front_to_file(days);
    };
    // The row ends where the next list entry starts.
    let mut i = at;
    while i < front.len() {
        if front[i].contains("status:") {
            return front_to_file(i + 1);
        }
        if i > at && front[i].trim_start().starts_with("- ") {
            break;
        }
        i += 1;
    }
    front_to_file(at + 1)
}

fn standup_vs_plans(site: &Site) -> Vec<Diagnostic> {
    let Some(file) = site.data.files.get("standup") else {
        return Vec::new();
    };
    let Some(source) = &file.csv_source else {
        return Vec::new();
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(source.as_bytes());
    let Ok(headers) = reader.headers().cloned() else {
        return Vec::new();
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(date_at), Some(task_at), Some(status_at)) =
        (column("date"), column("task"), column("status"))
    else {
        return Vec::new();
    };
    // (date, normalised text, status, page, activity) of every plan row.
    let mut rows = Vec::new();
    for page in &site.content.pages {
        if let KindData::WeekPlan(w) = &page.data {
            for (row, date) in &w.days {
                let both = format!("{} {}", row.activity, row.deliverable);
                for text in [normalised(&row.activity), normalised(&both)] {
                    rows.push((*date, text, row.status, page, row.activity.as_str()));
                }
            }
        }
    }
    let mut diags = Vec::new();
    // The file parsed at load; a row that fails now cannot, and is skipped.
    for record in reader.records().flatten() {
        let cell = |i: usize| record.get(i).unwrap_or_default();
        let (Ok(date), Some(status)) = (
            cell(date_at).parse::<jiff::civil::Date>(),
            Status::parse(cell(status_at)),
        ) else {
            continue;
        };
        let task = normalised(cell(task_at));
        let Some((_, _, planned, page, activity)) = rows
            .iter()
            .find(|(d, text, st, _, _)| *d == date && *text == task && *st != status)
        else {
            continue;
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let plan_line = plan_row_line(page, activity);
        diags.push(
            Diagnostic::warning(
                &file.file,
                format!(
                    "the stand-up has \"{}\" {} on {date}, but {}:{plan_line} has it {}",
                    cell(task_at),
                    status.name(),
                    shown(&page.file),
                    planned.name()
                ),
            )
            .at(line, 1)
            .with_source(source)
            .expected(format!("status {} (as the plan says), or fix the plan", planned.name()))
            .hint("the stand-up and the week plan describe the same task on the same day: make them agree"),
        );
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

/// A past `live:` date on a customer who is not live (by `data/customers.yaml`, else the page's `stage`).
fn past_go_live(
    site: &Site,
    page: &Page,
    c: &crate::content::CaseStudy,
    row: Option<&Customer>,
) -> Option<Diagnostic> {
    let live = c.live?;
    let today = site.now.date();
    let (customers_file, customers_source) = customers_file(site);
    let (stage, stage_place) = match row {
        Some(r) => (
            r.stage,
            format!(
                "{}:{}",
                shown(customers_file),
                customer_field_line(customers_source, &r.name, "stage")
            ),
        ),
        None => (
            c.stage?,
            format!(
                "{}:{}",
                shown(&page.file),
                front_to_file(crate::yaml::key_line(&page.front, "stage").unwrap_or(0))
            ),
        ),
    };
    // `live: 2024-03` is past only once March 2024 is over.
    if live.last_day() >= today || stage == Stage::Live {
        return None;
    }
    let line = crate::yaml::key_line(&page.front, "live").map_or(0, front_to_file);
    Some(
        Diagnostic::warning(
            &page.file,
            format!(
                "`live: {live}` is past (today is {today}) but {} is `{}` ({stage_place}), not live",
                c.customer.trim(),
                stage_name(stage)
            ),
        )
        .at(line, 1)
        .with_source(&format!("\n{}", page.front))
        .expected("a `live:` date in the past only for a customer whose stage is `live`")
        .hint("if the customer went live, set `stage: live` in data/customers.yaml; if not, move `live:` to the new go-live date"),
    )
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
    // The implementation dates of data/customers.yaml are the same facts as
    // the story's `signed:` and `live:` (go-live as it happened, else as scheduled).
    let go_live = row
        .go_live
        .actual
        .or(row.go_live.scheduled)
        .or(row.go_live.planned);
    for (key, mine, theirs, data_key) in [
        ("signed", c.signed, row.signed, "signed"),
        ("live", c.live, go_live, "go_live"),
    ] {
        // `live: 2024-03` agrees with a go-live of 2024-03-17.
        if let (Some(mine), Some(theirs)) = (mine, theirs)
            && !mine.contains(theirs)
        {
            differences.push((key, mine.to_string(), theirs.to_string(), data_key));
        }
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
                .is_some_and(|n| n == row.name)
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
    fn tasks_match_whatever_their_punctuation_and_case() {
        assert_eq!(
            normalised("Customer #1 case-study interviews."),
            normalised("customer #1: case study  interviews")
        );
        assert_ne!(
            normalised("Customer #1 case study"),
            normalised("Customer #2 case study")
        );
    }

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
