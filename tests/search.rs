//! Site search (issue 16): an index per edition, built from what the edition's
//! pages show, and the theme's search box driven in a real browser.

mod common;

use std::process::Command;

use common::*;

fn built_example() -> tempfile::TempDir {
    let site = example_site();
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", text(&out));
    site
}

fn index_of(site: &tempfile::TempDir, profile: &str) -> String {
    let path = site
        .path()
        .join("output")
        .join(profile)
        .join("search-index.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_edition_has_an_index_of_its_own_pages() {
    let site = built_example();
    let internal = index_of(&site, "internal");
    assert!(internal.starts_with("window.tractionSearchIndex = {"));
    // A week-plan task, read from the rendered table.
    assert!(internal.contains("Customer #3 final pricing"), "{internal}");
    assert!(internal.contains("\"u\":\"plans/week-11/\""));
    let public = index_of(&site, "public");
    assert!(
        !public.contains("plans/week-11/"),
        "internal page in public index"
    );
    assert!(!public.contains("Customer #3 final pricing"));
}

#[test]
fn the_public_index_names_no_hidden_customer_but_its_alias() {
    let site = built_example();
    // The internal edition names the customer: the check below can fail.
    assert!(index_of(&site, "internal").contains("Cascade Provisions"));
    let public = index_of(&site, "public").to_lowercase();
    for hidden in [
        "cascade provisions",
        "cascade-provisions",
        "cascade_provisions",
    ] {
        assert!(!public.contains(hidden), "public index names `{hidden}`");
    }
    assert!(public.contains("a multi-channel specialty food distributor"));
    // Nor a page the public edition leaves out, nor a withheld figure.
    assert!(!public.contains("financial model"));
    assert!(!public.contains("$35,000"));
}

#[test]
fn the_audit_reads_the_index_and_fails_a_leak_there_too() {
    // A name assembled by a template passes anonymisation; the audit must find
    // it in the index as well as in the page, and nothing is written.
    let site = example_site();
    write_site(
        site.path(),
        &[(
            "content/welcome.md",
            "---\ntitle: Welcome\nvisibility: public\n---\nHi {{ \"Cas\" ~ \"cade Provisions\" }}\n",
        )],
    );
    let out = traction(site.path(), &["build", "--no-pdf", "--profile", "public"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("leak: output file search-index.js contains `Cascade Provisions`"),
        "{t}"
    );
    assert!(!site.path().join("output/public").exists());
}

#[test]
fn search_false_writes_no_index_and_no_box() {
    let site = example_site();
    replace_in(
        site.path(),
        "site.yaml",
        "default_profile: internal",
        "default_profile: internal\nsearch: false",
    );
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", text(&out));
    let out_dir = site.path().join("output/internal");
    assert!(!out_dir.join("search-index.js").exists());
    let home = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(!home.contains("site-search"), "search box without an index");
}

#[test]
fn search_in_chromium_finds_a_week_plan_task_on_the_internal_site() {
    let Some(script_dir) = browser_scripts() else {
        return;
    };
    let site = built_example();
    let out = Command::new("node")
        .arg(script_dir.join("search.mjs"))
        .arg(site.path().join("output/internal"))
        .arg("final pricing")
        .arg("/plans/week-11/")
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "browser search failed: {report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("search in chromium: {report}");
}
