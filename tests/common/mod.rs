//! Helpers shared by the CLI tests: run the real binary on real folders.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Fixed "now" so builds are reproducible.
pub const EPOCH: &str = "1769472000"; // 2026-01-27

/// The `traction` binary, to run in `root` with the fixed "now" and no colour.
pub fn command(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_traction"));
    c.current_dir(root)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1");
    c
}

/// Runs `traction` with `args` in `root`.
pub fn traction(root: &Path, args: &[&str]) -> Output {
    command(root)
        .args(args)
        .output()
        .expect("the traction binary runs")
}

/// Text of stdout and stderr together.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The repository root (the example site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the example site (site.yaml, content, data, themes, archetypes) into a temp folder.
pub fn example_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    for part in ["site.yaml", "content", "data", "themes", "archetypes"] {
        copy(&repo().join(part), &tmp.path().join(part));
    }
    tmp
}

/// Recursive copy.
pub fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            copy(&e.path(), &to.join(e.file_name()));
        }
    } else if from.is_file() {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}

/// Writes files given as (path, text) under `root`.
pub fn write_site(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// A 1x1 PNG (the PDF one-pager embeds PNG or JPEG logos).
pub const PNG_1X1: [u8; 69] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0,
    0, 0, 144, 119, 83, 222, 0, 0, 0, 12, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 0, 3, 1,
    1, 0, 201, 254, 146, 239, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// Replaces the first `from` in the file `rel` of `root` by `to` (which must be there).
pub fn replace_in(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, files);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    walk(dir, dir, &mut files);
    files
}

/// Whether an external tool is available: skips (prints why) when missing,
/// and fails when missing under `CI=true`, where `.ci/run` installs it.
pub fn have_tool(name: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("`{name}` is required under CI=true (.ci/run installs it)");
        }
        eprintln!("skipping: `{name}` is not installed (apt-get install it, or run .ci/run)");
    }
    found
}

/// Whether python3 can import `module`: skips (prints why) when not, and fails
/// under `CI=true`, where `.ci/run` installs it with pip.
pub fn have_python_module(module: &str) -> bool {
    if !have_tool("python3") {
        return false;
    }
    let found = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("python3 module {module} is required under CI=true (.ci/run installs it)");
        }
        eprintln!("skipping: python3 module {module} is not installed (pip install {module})");
    }
    found
}

/// Runs a python3 script with `args`; panics with its output when it fails.
pub fn python(script: &str, args: &[&Path]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    let all = text(&out);
    assert!(out.status.success(), "python3 failed:\n{all}");
    all
}

/// The folder of the browser scripts (tests/browser/) when node, chromium and
/// playwright-core are there: `None` (a skip, with the reason printed) when one
/// is missing, a failure under `CI=true`, where `.ci/run` installs them.
pub fn browser_scripts() -> Option<PathBuf> {
    if !have_tool("node") || !have_tool("chromium") {
        return None;
    }
    let dir = repo().join("tests/browser");
    if !dir.join("node_modules/playwright-core").is_dir() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("playwright-core is required under CI=true (cd tests/browser && npm ci)");
        }
        eprintln!("skipping: playwright-core not installed (cd tests/browser && npm ci)");
        return None;
    }
    Some(dir)
}

/// A `traction serve` of a site, killed when dropped.
pub struct Server {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `traction serve --port 0` (plus `args`) in `root` and returns once
/// its first build is done; its output is drained from then on.
pub fn serve_site(root: &Path, args: &[&str]) -> Server {
    use std::io::{BufRead, BufReader};
    let mut child = command(root)
        .args(["serve", "--port", "0"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("Serving ")
        .expect("first line names the URL")
        .to_string();
    for line in lines.by_ref() {
        if line.unwrap().starts_with("Rebuilt") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    Server { child, url }
}
