//! Live reload in a real browser: Debian's chromium, headless, driven by
//! playwright-core (tests/browser/live-reload.mjs) against `traction serve`.
//! Skipped with a reason when node, chromium or playwright-core are missing;
//! required under CI=true (.ci/run installs them).

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

#[test]
fn a_real_browser_sees_edits_and_errors_live() {
    let Some(script_dir) = browser_scripts() else {
        return;
    };
    let site = example_site();
    let mut server = Command::new(env!("CARGO_BIN_EXE_traction"))
        .args(["serve", "--port", "0", "--debounce", "20"])
        .current_dir(site.path())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("Serving ")
        .expect("first line names the URL")
        .to_string();
    // Wait for the first build.
    for line in lines.by_ref() {
        if line.unwrap().starts_with("Rebuilt") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    std::thread::sleep(Duration::from_millis(300));
    let out = Command::new("node")
        .arg(script_dir.join("live-reload.mjs"))
        .arg(&url)
        .arg(site.path())
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
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
