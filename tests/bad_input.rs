//! The bad-input corpus (issue 6): every folder of `tests/bad-input/` is a small
//! site that is wrong in one way, with an `expect.yaml` saying how `traction`
//! must answer. Each case runs the real binary and must:
//!
//! - exit with the expected code (1 or 2 for bad input; 0 for inputs that must
//!   build, such as BOM and CRLF files), never 101, never "panicked";
//! - print every expected fragment (file:line:column, the field, `hint:`) and
//!   none of the `absent` ones;
//! - on failure, leave every byte of the site unchanged: the previous output
//!   (pre-populated here unless the case brings its own `output`), the inputs,
//!   and no `.traction-new`/`.traction-old` leftovers;
//! - finish within `max_seconds` (default 30) and, where `/usr/bin/time` is
//!   installed, within `max_rss_mib` of peak memory (default 1024).
//!
//! `expect.yaml`:
//!
//! ```yaml
//! exit: 1
//! args: [build, --out, x]             # default: [build]
//! contains: ["content/x.md:3:1", "hint:"]
//! absent: ["panicked"]
//! built: ["x/index.html"]            # for exit 0: files in output/ afterwards
//! max_seconds: 30
//! max_rss_mib: 1024
//! setup:                             # done at run time, before the build
//!   - { symlink: content/loop, target: "." }      # `@outside` = a folder beside the site
//!   - { fifo: site.yaml }                          # a named pipe (mkfifo)
//!   - { generate: markdown, path: content/big.md, mib: 50 }
//!   - { generate: csv, path: data/standup.csv, rows: 1000000 }
//!   - { generate: csv-narrow, path: data/n.csv, rows: 300000 }
//!   - { generate: links, path: content/links.md, rows: 80000 }      # `- [link N](https://...)`
//!   - { generate: reference-links, path: content/links.md, rows: 100000 }
//! ```

mod common;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    exit: i32,
    #[serde(default)]
    args: Option<Vec<String>>,
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    built: Vec<String>,
    #[serde(default)]
    max_seconds: Option<u64>,
    #[serde(default)]
    max_rss_mib: Option<u64>,
    #[serde(default)]
    setup: Vec<Setup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Setup {
    fifo: Option<String>,
    symlink: Option<String>,
    target: Option<String>,
    generate: Option<String>,
    path: Option<String>,
    mib: Option<u64>,
    rows: Option<u64>,
}

/// The output a previous good build left, which a failed build must not touch.
const PREVIOUS: [(&str, &str); 7] = [
    ("output/index.html", "<p>previous build</p>\n"),
    ("output/kpis.json", "{\"arr\": 1}\n"),
    ("output/internal/index.html", "<p>previous internal</p>\n"),
    ("output/internal/kpis.json", "{\"arr\": 1}\n"),
    ("output/public/kpis.json", "{\"arr\": 1}\n"),
    (
        "output/public/plans/week-10/index.html",
        "<p>previous week</p>\n",
    ),
    ("output/css/site.css", "body { color: black }\n"),
];

fn corpus_dir() -> PathBuf {
    common::repo().join("tests/bad-input")
}

#[test]
fn every_bad_input_gets_a_located_error_and_keeps_the_previous_output() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/bad-input exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expect.yaml").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let queue = Mutex::new(cases.iter().collect::<Vec<_>>());
    let failures = Mutex::new(Vec::new());
    let report = Mutex::new(BTreeMap::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let Some(case) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let name = case.file_name().unwrap().to_string_lossy().into_owned();
                    match run_case(case) {
                        Ok(figures) => {
                            report.lock().unwrap().insert(name, figures);
                        }
                        Err(why) => failures.lock().unwrap().push(format!("{name}: {why}")),
                    }
                }
            });
        }
    });
    for (name, figures) in report.lock().unwrap().iter() {
        eprintln!("{name:45} {figures}");
    }
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Runs one case; `Ok` carries its time and memory for the report.
fn run_case(case: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(case.join("expect.yaml")).map_err(|e| e.to_string())?;
    let expect: Expect =
        serde_saphyr::from_str(&text).map_err(|e| format!("bad expect.yaml: {e}"))?;
    let tmp = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), "---\ntitle: TOP SECRET\n---\n").unwrap();
    copy_case(case, &site);
    for step in &expect.setup {
        apply(step, &site, &outside)?;
    }
    if std::fs::symlink_metadata(site.join("output")).is_err() {
        common::write_site(&site, &PREVIOUS);
    }
    let before = snapshot(tmp.path());

    let args = expect.args.clone().unwrap_or_else(|| vec!["build".into()]);
    let rss_file = logs.path().join("rss");
    let time = Path::new("/usr/bin/time");
    let mut command = if time.is_file() {
        let mut c = Command::new(time);
        c.arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&rss_file)
            .arg(env!("CARGO_BIN_EXE_traction"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_traction"))
    };
    let stdout = std::fs::File::create(logs.path().join("stdout")).unwrap();
    let stderr = std::fs::File::create(logs.path().join("stderr")).unwrap();
    let started = Instant::now();
    let mut child = command
        .args(&args)
        .current_dir(&site)
        .env("SOURCE_DATE_EPOCH", common::EPOCH)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("could not start traction: {e}"))?;
    let limit = Duration::from_secs(expect.max_seconds.unwrap_or(30));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {limit:?}: a hang"));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let out = std::fs::read_to_string(logs.path().join("stdout")).unwrap_or_default();
    let err =
        String::from_utf8_lossy(&std::fs::read(logs.path().join("stderr")).unwrap()).into_owned();
    let all = format!("{out}{err}");
    let shown = || {
        let mut s: String = all.chars().take(3000).collect();
        if s.len() < all.len() {
            s.push_str("\n[...]");
        }
        s
    };

    let code = status.code().unwrap_or(-1);
    if code == 101 || err.contains("panicked") {
        return Err(format!("panicked (exit {code}):\n{}", shown()));
    }
    if code != expect.exit {
        return Err(format!(
            "exit {code}, expected {}:\n{}",
            expect.exit,
            shown()
        ));
    }
    if expect.exit != 0 && !(code == 1 || code == 2) {
        return Err(format!("bad input must exit 1 or 2, got {code}"));
    }
    for fragment in &expect.contains {
        if !all.contains(fragment.as_str()) {
            return Err(format!("missing {fragment:?} in:\n{}", shown()));
        }
    }
    for fragment in &expect.absent {
        if all.contains(fragment.as_str()) {
            return Err(format!("unexpected {fragment:?} in:\n{}", shown()));
        }
    }
    if let Some(leftover) = leftovers(tmp.path()) {
        return Err(format!("a build left {leftover} behind"));
    }
    if expect.exit != 0 {
        let after = snapshot(tmp.path());
        if after != before {
            return Err(format!(
                "the failed build changed files: {}",
                differences(&before, &after).join(", ")
            ));
        }
    }
    for file in &expect.built {
        if !site.join("output").join(file).is_file() {
            return Err(format!("output/{file} was not built:\n{}", shown()));
        }
    }
    let mut figures = format!("exit {code}  {:6.2} s", elapsed.as_secs_f64());
    if let Ok(kib) = std::fs::read_to_string(&rss_file) {
        let kib: u64 = kib
            .lines()
            .last()
            .unwrap_or("0")
            .trim()
            .parse()
            .unwrap_or(0);
        let mib = kib / 1024;
        let max = expect.max_rss_mib.unwrap_or(1024);
        if mib > max {
            return Err(format!("peak RSS {mib} MiB, over the bound of {max} MiB"));
        }
        figures.push_str(&format!("  peak RSS {mib:5} MiB"));
    }
    Ok(figures)
}

fn copy_case(case: &Path, site: &Path) {
    std::fs::create_dir_all(site).unwrap();
    for e in std::fs::read_dir(case).unwrap() {
        let e = e.unwrap();
        if e.file_name() != "expect.yaml" {
            common::copy(&e.path(), &site.join(e.file_name()));
        }
    }
}

fn apply(step: &Setup, site: &Path, outside: &Path) -> Result<(), String> {
    if let Some(fifo) = &step.fifo {
        let path = site.join(fifo);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let made = Command::new("mkfifo").arg(&path).status();
        return match made {
            Ok(s) if s.success() => Ok(()),
            other => Err(format!("mkfifo failed: {other:?}")),
        };
    }
    if let (Some(link), Some(target)) = (&step.symlink, &step.target) {
        let target = match target.strip_prefix("@outside") {
            Some(rest) => outside.join(rest.trim_start_matches('/')),
            None => PathBuf::from(target),
        };
        let link = site.join(link);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        return symlink(&target, &link).map_err(|e| format!("symlink: {e}"));
    }
    let (Some(kind), Some(path)) = (&step.generate, &step.path) else {
        return Err(format!("unknown setup step {step:?}"));
    };
    let path = site.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut f = BufWriter::new(std::fs::File::create(&path).unwrap());
    match kind.as_str() {
        "markdown" => {
            let size = step.mib.unwrap_or(1) * 1024 * 1024;
            write!(f, "---\ntitle: Big\n---\n").unwrap();
            let mut written = 0;
            let mut n = 0u64;
            while written < size {
                let heading = if n.is_multiple_of(50) {
                    format!("## Heading {n}\n\n")
                } else {
                    String::new()
                };
                let para = format!(
                    "{heading}Paragraph {n} with *emphasis*, **strong** and `code` about inventory accuracy.\n\n"
                );
                f.write_all(para.as_bytes()).unwrap();
                written += para.len() as u64;
                n += 1;
            }
        }
        "csv" => {
            let roles = ["CEO", "CTO", "VP Sales", "CS Lead"];
            let statuses = ["done", "pending", "in_progress"];
            writeln!(f, "date,week,role,task,status").unwrap();
            for i in 0..step.rows.unwrap_or(1) {
                writeln!(
                    f,
                    "2026-01-{},{},{},Task number {i} for the team,{}",
                    26 + i % 5,
                    10 + i % 4,
                    roles[(i % 4) as usize],
                    statuses[(i % 3) as usize]
                )
                .unwrap();
            }
        }
        "csv-narrow" => {
            writeln!(f, "a").unwrap();
            for i in 0..step.rows.unwrap_or(1) {
                writeln!(f, "{i}").unwrap();
            }
        }
        "links" => {
            write!(f, "---\ntitle: Links\n---\n").unwrap();
            for i in 0..step.rows.unwrap_or(1) {
                writeln!(f, "- [link {i}](https://example.org/p/{i})").unwrap();
            }
        }
        "reference-links" => {
            let rows = step.rows.unwrap_or(1);
            write!(f, "---\ntitle: Links\n---\n").unwrap();
            for i in 0..rows {
                writeln!(f, "[link {i}][r{i}]").unwrap();
            }
            writeln!(f).unwrap();
            for i in 0..rows {
                writeln!(f, "[r{i}]: https://example.org/r/{i}").unwrap();
            }
        }
        other => return Err(format!("unknown generator {other}")),
    }
    f.flush().map_err(|e| e.to_string())
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_: &Path, _: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Every entry under `dir` (not following links): files by size and hash,
/// folders, and links by target.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    let mut entries = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, entries: &mut BTreeMap<String, String>) {
        let Ok(list) = std::fs::read_dir(dir) else {
            return;
        };
        for e in list {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                entries.insert(rel, format!("link to {}", target.display()));
            } else if meta.is_dir() {
                entries.insert(rel.clone(), "folder".into());
                walk(base, &p, entries);
            } else if !meta.is_file() {
                // A named pipe: reading it would block.
                entries.insert(rel, "special file".into());
            } else {
                let bytes = std::fs::read(&p).unwrap();
                let mut h = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut h);
                entries.insert(rel, format!("{} bytes, {:x}", bytes.len(), h.finish()));
            }
        }
    }
    walk(dir, dir, &mut entries);
    entries
}

fn differences(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in a {
        match b.get(k) {
            None => out.push(format!("{k} removed")),
            Some(w) if w != v => out.push(format!("{k} changed")),
            _ => {}
        }
    }
    for k in b.keys().filter(|k| !a.contains_key(*k)) {
        out.push(format!("{k} added"));
    }
    out
}

/// A staging or swap folder of an interrupted or failed build, if one is left.
fn leftovers(dir: &Path) -> Option<String> {
    snapshot(dir)
        .into_keys()
        .find(|k| k.contains(".traction-new") || k.contains(".traction-old"))
}
