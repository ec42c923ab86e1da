//! The site works anywhere, in a real browser (Debian's chromium, headless,
//! driven by playwright-core and axe-core in tests/browser/): opened from disk
//! as the README says, hosted under a path, and with no axe-core violation on
//! any page of any edition at 1280 and 390 px. Skipped with a reason when node,
//! chromium or the node modules are missing; required under CI=true.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

/// Whether node, chromium and the test's node modules are there (see `have_tool`).
fn browser_ready() -> bool {
    if !have_tool("node") || !have_tool("chromium") {
        return false;
    }
    let modules = repo().join("tests/browser/node_modules");
    if ["playwright-core", "axe-core"]
        .iter()
        .all(|m| modules.join(m).is_dir())
    {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "playwright-core and axe-core are required under CI=true (cd tests/browser && npm ci)"
        );
    }
    eprintln!("skipping: node modules not installed (cd tests/browser && npm ci)");
    false
}

/// Runs `tests/browser/<script>` with `args`; its JSON report, after asserting it passed.
fn run_script(script: &str, args: &[&str]) -> serde_json::Value {
    let out = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .args(args)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{script} failed: {report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(report.trim()).unwrap()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn the_example_opened_from_disk_is_styled_and_its_links_open_pages() {
    if !browser_ready() {
        return;
    }
    let site = example_site();
    // The README's first step, as written: build, then open output/internal/index.html.
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", text(&out));
    let home = site.path().join("output/internal/index.html");
    let v = run_script("anywhere.mjs", &[&file_url(&home)]);
    assert_eq!(v["emoji_font"], "loaded", "the self-hosted emoji font: {v}");
    eprintln!("from file://: {} links opened", v["links"]);
}

#[test]
fn a_site_with_a_path_in_base_url_works_served_under_that_path() {
    if !browser_ready() || !have_tool("python3") {
        return;
    }
    let site = example_site();
    replace_in(
        site.path(),
        "site.yaml",
        "base_url: https://example.com\n",
        "base_url: https://org.github.io/internal/\n",
    );
    // The build writes the profile's folder under the output root: serving the
    // root puts the site at /internal/, the path of base_url.
    let served = tempfile::tempdir().unwrap();
    let hosted = served.path().join("internal");
    let out = traction(
        site.path(),
        &[
            "build",
            "--no-pdf",
            "--profile",
            "internal",
            "--out",
            served.path().to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    // Absolute URLs carry the path; pages link relatively, the 404 page under the path.
    let sitemap = std::fs::read_to_string(hosted.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("https://org.github.io/internal/plans/week-10/"),
        "{sitemap}"
    );
    let not_found = std::fs::read_to_string(hosted.join("404.html")).unwrap();
    assert!(
        not_found.contains("href=\"/internal/css/site.css\""),
        "{not_found}"
    );

    let mut server = Command::new("python3")
        .args(["-u", "-m", "http.server", "0", "--bind", "127.0.0.1"])
        .current_dir(served.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let port = first
        .split("port ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("http.server names its port")
        .to_string();
    std::thread::spawn(move || for _ in lines {});
    let base = format!("http://127.0.0.1:{port}/internal/");
    let out = Command::new("node")
        .arg(repo().join("tests/browser/anywhere.mjs"))
        .args([&base, &format!("{base}404.html")])
        .output()
        .unwrap();
    // Pages link to `.../index.html`; the clean URL still answers on a host.
    let clean = http_get(&port, "/internal/plans/week-10/");
    let _ = server.kill();
    let _ = server.wait();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "under /internal/: {report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        report.contains("/internal/plans/week-10/index.html"),
        "{report}"
    );
    assert!(clean.starts_with("HTTP/1.0 200"), "{clean}");
}

/// The status line and headers of `GET path` on 127.0.0.1:`port`.
fn http_get(port: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = String::new();
    let _ = s.read_to_string(&mut response);
    response.split("\r\n\r\n").next().unwrap_or("").to_string()
}

#[test]
fn axe_finds_no_violation_on_any_page_of_any_edition_at_1280_and_390_px() {
    if !browser_ready() {
        return;
    }
    let site = example_site();
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", text(&out));
    let v = run_script("axe.mjs", &[site.path().join("output").to_str().unwrap()]);
    assert!(v["pages"].as_u64().unwrap() >= 30, "{v}");
    assert!(v["min_chart_text_px"].as_f64().unwrap() >= 11.0, "{v}");
    eprintln!(
        "axe-core: 0 violations on {} page views; smallest chart text {:.1} px",
        v["views"], v["min_chart_text_px"]
    );
}
