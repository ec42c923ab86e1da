//! Audiences you can trust: anonymisation, profiles and the leak audit.

mod common;

use common::*;

fn all_text(files: &std::collections::BTreeMap<String, Vec<u8>>) -> String {
    files
        .iter()
        .map(|(path, bytes)| format!("{path}\n{}\n", String::from_utf8_lossy(bytes)))
        .collect()
}

#[test]
fn public_output_never_names_an_unapproved_customer() {
    let site = example_site();
    // A public page that mentions the customer by name, and its possessive.
    write_site(
        site.path(),
        &[(
            "content/news.md",
            "---\ntitle: News\nvisibility: public\n---\nCascade Provisions' team and CASCADE PROVISIONS signed.\n",
        )],
    );
    let out = traction(site.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    let public = snapshot(&site.path().join("output/public"));
    let everything = all_text(&public).to_lowercase();
    assert!(
        !everything.contains("cascade"),
        "the public output names the customer: {:?}",
        public
            .iter()
            .filter(|(p, b)| p.contains("cascade")
                || String::from_utf8_lossy(b)
                    .to_lowercase()
                    .contains("cascade"))
            .map(|(p, _)| p)
            .collect::<Vec<_>>()
    );
    let alias = "multi-channel specialty food distributor";
    let page = "case-studies/a-multi-channel-specialty-food-distributor/index.html";
    let html = String::from_utf8_lossy(&public[page]).into_owned();
    assert!(
        html.contains("<dd>A multi-channel specialty food distributor</dd>"),
        "{html}"
    );
    let news = String::from_utf8_lossy(&public["news/index.html"]).into_owned();
    assert!(
        news.contains(&format!("A {alias}&#x27;s team and a {alias} signed"))
            || news.contains(&format!("A {alias}'s team and a {alias} signed")),
        "{news}"
    );
    let listing = String::from_utf8_lossy(&public["case-studies/index.html"]).into_owned();
    assert!(
        listing.contains("href=\"a-multi-channel-specialty-food-distributor/index.html\""),
        "{listing}"
    );
    // The internal site still names the customer.
    let internal = snapshot(&site.path().join("output/internal"));
    assert!(internal.contains_key("case-studies/cascade-provisions/index.html"));
    assert!(all_text(&internal).contains("Cascade Provisions"));
}

#[test]
fn investors_see_investor_pages_but_no_internal_ones() {
    let site = example_site();
    let out = traction(site.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    let investors = snapshot(&site.path().join("output/investors"));
    assert!(investors.contains_key("investors/series-a/index.html"));
    assert!(investors.contains_key("investors/financial-model/index.html"));
    for path in investors.keys() {
        assert!(
            !path.starts_with("plans/")
                && !path.starts_with("playbooks/")
                && !path.starts_with("roles/")
                && !path.starts_with("standup/"),
            "investors see {path}"
        );
    }
}

#[test]
fn a_public_page_linking_to_an_internal_one_fails_the_public_build() {
    let site = example_site();
    write_site(
        site.path(),
        &[(
            "content/news.md",
            "---\ntitle: News\nvisibility: public\n---\nIntro.\n\nSee [the plan](plans/week-10.md).\n",
        )],
    );
    let out = traction(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("content/news.md:7"), "{t}");
    assert!(t.contains("public"), "{t}");
}

#[test]
fn public_pdfs_name_the_alias_and_never_the_customer() {
    if !have_tool("pdftotext") {
        return;
    }
    let site = example_site();
    let out = traction(site.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    let public = site.path().join("output/public");
    let pdfs: Vec<String> = snapshot(&public)
        .into_keys()
        .filter(|p| p.ends_with(".pdf"))
        .collect();
    assert!(
        pdfs.contains(&"case-studies/a-multi-channel-specialty-food-distributor.pdf".to_string()),
        "{pdfs:?}"
    );
    for pdf in &pdfs {
        assert!(!pdf.to_lowercase().contains("cascade"), "{pdf}");
        let path = public.join(pdf);
        let extracted = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let words = String::from_utf8_lossy(&extracted.stdout).to_lowercase();
        assert!(!words.contains("cascade"), "{pdf} names the customer");
        if pdf.contains("specialty-food") {
            assert!(words.contains("specialty food distributor"), "{words}");
        }
        let info = std::process::Command::new("pdfinfo").arg(&path).output();
        if let Ok(info) = info {
            let meta = String::from_utf8_lossy(&info.stdout).to_lowercase();
            assert!(!meta.contains("cascade"), "{pdf} metadata: {meta}");
        }
    }
}

#[test]
fn files_beside_hidden_pages_and_hidden_logos_are_not_copied() {
    let site = example_site();
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
    write_site(site.path(), &[("content/plans/diagram.svg", svg)]);
    std::fs::write(
        site.path().join("content/case-studies/cascade-logo.png"),
        PNG_1X1,
    )
    .unwrap();
    let case = site
        .path()
        .join("content/case-studies/cascade-provisions.md");
    let source = std::fs::read_to_string(&case).unwrap();
    std::fs::write(
        &case,
        source.replacen(
            "approval: pending",
            "approval: pending\nlogo: cascade-logo.png",
            1,
        ),
    )
    .unwrap();
    // (--no-pdf: the logo is about the site's files, not the one-pager.)
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", text(&out));
    let public = snapshot(&site.path().join("output/public"));
    assert!(
        !public.contains_key("plans/diagram.svg"),
        "an internal section's file"
    );
    assert!(
        !public.contains_key("case-studies/cascade-logo.png"),
        "a hidden logo"
    );
    let internal = snapshot(&site.path().join("output/internal"));
    assert!(internal.contains_key("plans/diagram.svg"));
    assert!(internal.contains_key("case-studies/cascade-logo.png"));
}

#[test]
fn calendars_sitemaps_and_titles_of_public_pages_use_the_alias() {
    let site = example_site();
    write_site(
        site.path(),
        &[(
            "content/plans/launch.md",
            "---\ntitle: \"Launch with Cascade Provisions\"\ndescription: \"Cascade Provisions goes live\"\nweek: 20\nstarts: 2026-04-06\nvisibility: public\ntags: [cascade provisions]\ngoal: \"Cascade Provisions live\"\ndays:\n  - { day: Mon, activity: \"Cascade Provisions go-live\", owner: CSM, deliverable: \"Live at Cascade Provisions\", status: pending }\n---\nWe launch at Cascade Provisions.\n",
        )],
    );
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", text(&out));
    let public = snapshot(&site.path().join("output/public"));
    let everything = all_text(&public).to_lowercase();
    assert!(!everything.contains("cascade"), "{}", text(&out));
    let calendar = String::from_utf8_lossy(&public["plans/calendar.ics"]).into_owned();
    assert!(
        calendar.contains("SUMMARY:A multi-channel specialty food distributor go-live (CSM)"),
        "{calendar}"
    );
    let page = public
        .iter()
        .find(|(p, _)| p.starts_with("plans/launch") && p.ends_with("index.html"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("the launch page");
    assert!(
        page.contains("<title>Launch with a multi-channel specialty food distributor"),
        "{page}"
    );
    let sitemap = String::from_utf8_lossy(&public["sitemap.xml"]).into_owned();
    assert!(sitemap.contains("/plans/launch/"), "{sitemap}");
}
