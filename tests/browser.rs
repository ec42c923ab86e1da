//! Live reload in a real browser: Debian's chromium, headless, driven by
//! playwright-core (tests/browser/live-reload.mjs) against `traction serve`.
//! Skipped with a reason when node, chromium or playwright-core are missing;
//! required under CI=true (.ci/run installs them).

mod common;

use std::process::Command;
use std::time::Duration;

use common::*;

#[test]
fn a_real_browser_sees_edits_and_errors_live() {
    let Some(script_dir) = browser_scripts() else {
        return;
    };
    let site = example_site();
    let server = serve_site(site.path(), &["--debounce", "20"]);
    let url = server.url.clone();
    std::thread::sleep(Duration::from_millis(300));
    let out = Command::new("node")
        .arg(script_dir.join("live-reload.mjs"))
        .arg(&url)
        .arg(site.path())
        .output()
        .unwrap();
    drop(server);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "browser test failed: {report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(report.trim()).unwrap();
    assert!(
        v["edit_to_visible_ms"].as_u64().unwrap() <= 1000,
        "{report}"
    );
    eprintln!("live reload in chromium: {report}");
}
