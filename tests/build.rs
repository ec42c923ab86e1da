//! `traction build` on the example site and on small fixture sites.

mod common;

use common::*;

#[test]
fn example_site_builds_three_profiles_with_every_page() {
    let site = example_site();
    let out = traction(site.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    let o = site.path().join("output");
    for page in [
        "internal/index.html",
        "internal/case-studies/index.html",
        "internal/case-studies/northwind-logistics/index.html",
        "internal/plans/index.html",
        "internal/plans/week-10/index.html",
        "internal/plans/week-13/index.html",
        "internal/roles/index.html",
        "internal/standup/index.html",
        "internal/investors/series-a/index.html",
        "internal/investors/financial-model/index.html",
        "internal/playbooks/reference-call-script/index.html",
        "internal/404.html",
        "internal/kpis.json",
        "internal/plans/calendar.ics",
        "internal/sitemap.xml",
        "internal/css/site.css",
        "public/index.html",
        "public/case-studies/index.html",
        "public/404.html",
        "investors/index.html",
        "investors/investors/series-a/index.html",
    ] {
        assert!(o.join(page).is_file(), "missing output/{page}");
    }
}

#[test]
fn public_output_has_no_internal_or_investor_page() {
    let site = example_site();
    assert!(traction(site.path(), &["build"]).status.success());
    let public = snapshot(&site.path().join("output/public"));
    for path in public.keys() {
        for forbidden in [
            "plans/",
            "investors/",
            "roles/",
            "standup/",
            "playbooks/",
            "calendar.ics",
        ] {
            assert!(
                !path.starts_with(forbidden) && !path.ends_with(forbidden),
                "public has {path}"
            );
        }
    }
    let all: String = public
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    for text in [
        "Series A narrative",
        "Reference call",
        "Week 10: Customer #2",
    ] {
        assert!(!all.contains(text), "public output mentions `{text}`");
    }
    let investors = snapshot(&site.path().join("output/investors"));
    assert!(
        investors
            .keys()
            .any(|p| p.starts_with("investors/series-a/"))
    );
    assert!(
        !investors
            .keys()
            .any(|p| p.starts_with("plans/") || p.starts_with("playbooks/"))
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = example_site();
    assert!(traction(site.path(), &["build"]).status.success());
    let first = snapshot(&site.path().join("output"));
    assert!(traction(site.path(), &["build"]).status.success());
    assert_eq!(first, snapshot(&site.path().join("output")));
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = example_site();
    assert!(traction(site.path(), &["build"]).status.success());
    let before = snapshot(&site.path().join("output"));
    let week = site.path().join("content/plans/week-11.md");
    let source = std::fs::read_to_string(&week).unwrap();
    std::fs::write(&week, source.replacen("week: 11", "week: eleven", 1)).unwrap();
    let out = traction(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("content/plans/week-11.md:"),
        "{}",
        text(&out)
    );
    assert_eq!(before, snapshot(&site.path().join("output")));
    let leftovers: Vec<_> = std::fs::read_dir(site.path().join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        3,
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_removed_page_disappears_from_output_and_listings() {
    let site = example_site();
    let extra = site.path().join("content/playbooks/win-loss-review.md");
    std::fs::write(
        &extra,
        "---\ntitle: Win/loss review\n---\nHow we review deals.\n",
    )
    .unwrap();
    assert!(traction(site.path(), &["build"]).status.success());
    let listing = site.path().join("output/internal/playbooks/index.html");
    assert!(
        std::fs::read_to_string(&listing)
            .unwrap()
            .contains("href=\"win-loss-review/index.html\"")
    );
    std::fs::remove_file(&extra).unwrap();
    assert!(traction(site.path(), &["build"]).status.success());
    assert!(
        !site
            .path()
            .join("output/internal/playbooks/win-loss-review")
            .exists()
    );
    assert!(
        !std::fs::read_to_string(&listing)
            .unwrap()
            .contains("win-loss-review")
    );
}

#[test]
fn kpis_on_the_example_data_follow_the_formulas() {
    let out = traction(&repo(), &["kpis", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["arr"]["value"], 125000);
    assert_eq!(v["arr"]["display"], "$125,000");
    assert_eq!(v["mrr"]["display"], "$10,416.67");
    assert_eq!(v["ltv_cac"]["value"], 30);
    let table = text(&traction(&repo(), &["kpis"]));
    assert!(
        table.contains("ltv_cac") && table.contains("ltv / cac"),
        "{table}"
    );
}

#[test]
fn site_without_profiles_writes_to_output_root() {
    let tmp = tempfile::tempdir().unwrap();
    write_site(
        tmp.path(),
        &[
            ("site.yaml", "title: Solo\nbase_url: https://solo.example\n"),
            ("content/_index.md", "---\ntitle: Home\n---\nHi\n"),
            ("content/notes/_index.md", "---\ntitle: Notes\n---\n"),
            (
                "content/notes/first.md",
                "---\ntitle: First\n---\nSee [home](../_index.md).\n",
            ),
        ],
    );
    let out = traction(tmp.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    let page = std::fs::read_to_string(tmp.path().join("output/notes/first/index.html")).unwrap();
    assert!(
        page.contains("href=\"../../index.html\""),
        "md link resolved, relative to the page"
    );
    assert!(tmp.path().join("output/index.html").is_file());
}

#[test]
fn drafts_are_built_only_with_drafts_flag() {
    let tmp = tempfile::tempdir().unwrap();
    write_site(
        tmp.path(),
        &[
            ("site.yaml", "title: S\nbase_url: https://s.example\n"),
            ("content/_index.md", "---\ntitle: Home\n---\n"),
            ("content/wip.md", "---\ntitle: WIP\ndraft: true\n---\n"),
        ],
    );
    assert!(traction(tmp.path(), &["build"]).status.success());
    assert!(!tmp.path().join("output/wip").exists());
    assert!(
        traction(tmp.path(), &["build", "--drafts"])
            .status
            .success()
    );
    assert!(tmp.path().join("output/wip/index.html").exists());
}

#[test]
fn calendar_has_one_event_per_dated_plan_row_with_crlf() {
    let site = example_site();
    assert!(
        traction(site.path(), &["build", "--profile", "internal"])
            .status
            .success()
    );
    let ics =
        std::fs::read_to_string(site.path().join("output/internal/plans/calendar.ics")).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 20, "5 rows x 4 weeks");
    assert!(ics.lines().all(|l| l.len() <= 76));
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "every line ends with CRLF"
    );
    assert!(ics.contains("DTSTAMP:20260127T000000Z"));
    assert!(ics.contains("DTSTART;VALUE=DATE:20260126"));
    assert!(ics.contains("Owner: VP Sales"));
}

#[test]
fn an_unmarked_output_folder_is_adopted_once_then_marked_without_paths() {
    let site = example_site();
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", text(&out));
    let marker = site.path().join("output/public/.traction-build");
    let written = std::fs::read_to_string(&marker).unwrap();
    assert_eq!(
        written,
        format!("traction {}\nprofile: public\n", env!("CARGO_PKG_VERSION"))
    );
    // The marker is no page: the sitemap does not list it.
    let sitemap = std::fs::read_to_string(site.path().join("output/public/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("traction-build"), "{sitemap}");
    // What the release before markers left: the same folders, unmarked.
    for profile in ["internal", "public", "investors"] {
        std::fs::remove_file(
            site.path()
                .join("output")
                .join(profile)
                .join(".traction-build"),
        )
        .unwrap();
    }
    // Elsewhere (--out) an unmarked folder is someone's: refused, untouched.
    let copy = tempfile::tempdir().unwrap();
    common::copy(&site.path().join("output"), &copy.path().join("web"));
    let before = snapshot(&copy.path().join("web"));
    let out = traction(
        site.path(),
        &[
            "build",
            "--no-pdf",
            "--out",
            copy.path().join("web").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("refusing to replace it"),
        "{}",
        text(&out)
    );
    assert_eq!(snapshot(&copy.path().join("web")), before);
    // Under the site's own output/ it is adopted, and marked from then on.
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), written);
    assert!(
        !written.contains(&*site.path().to_string_lossy()),
        "no paths"
    );
}

/// Runs `traction args` with a stdout whose reader has already gone (`| head`).
fn with_closed_stdout(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut child = command(root)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn build_and_kpis_into_a_closed_pipe_exit_quietly() {
    let site = example_site();
    for args in [
        &["build", "--no-pdf"][..],
        &["kpis", "--json"],
        &["kpis"],
        &["check", "--format", "json"],
    ] {
        let out = with_closed_stdout(site.path(), args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
    }
}
