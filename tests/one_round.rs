//! Errors in one round: a failed page does not cascade into errors about the
//! share images the failed build never drew, and a capped list of export
//! problems says how many it left out.

mod common;

use common::*;

#[test]
fn one_undefined_variable_reports_only_itself_and_nothing_about_share_images() {
    let site = example_site();
    let page = std::fs::read_to_string(site.path().join("content/welcome.md")).unwrap();
    write_site(
        site.path(),
        &[(
            "content/welcome.md",
            &format!("{page}\n{{{{ no_such_variable }}}}\n"),
        )],
    );
    let out = traction(site.path(), &["build"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("no_such_variable"), "{t}");
    assert!(!t.contains("og.png") && !t.contains("quote.png"), "{t}");
    // The page is in every edition: one mistake is one error, not one per edition.
    assert_eq!(
        t.matches("`no_such_variable` is not defined").count(),
        1,
        "{t}"
    );
    assert!(t.contains("1 error found"), "{t}");
}

#[test]
fn a_capped_list_of_export_problems_says_first_20_of_36_in_text_and_json() {
    let site = example_site();
    let mut csv = String::from("Name,Stage,Amount\n");
    for i in 0..36 {
        csv.push_str(&format!("D{i},qualified,{i} dollars\n"));
    }
    write_site(site.path(), &[("data/pipeline.csv", &csv)]);
    let out = traction(site.path(), &["check"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("36 errors found (first 20 of 36 shown)"), "{t}");
    let out = traction(site.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let items = json.as_array().unwrap();
    let errors = items.iter().filter(|d| d["severity"] == "error").count();
    let omitted: u64 = items.iter().filter_map(|d| d["omitted"].as_u64()).sum();
    assert_eq!((errors, omitted), (20, 16), "{json}");
}
