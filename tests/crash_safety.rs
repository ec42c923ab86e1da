//! Crash safety (issue 6): `traction build` killed with SIGKILL at random
//! moments never leaves a half-written site. After every kill, each profile's
//! output folder is byte-identical to either the previous complete build or
//! the new complete build, and the next build cleans up whatever the killed
//! one left (`.NAME.traction-new` / `.NAME.traction-old`).
//!
//! The site is generated here (about 600 pages, two profiles), large enough
//! that a debug build takes around a second, so kills land in every stage:
//! loading, rendering into the staging folder, and the swap.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

const PAGES_PER_SECTION: usize = 100;
const SECTIONS: usize = 6;
const TRIALS: usize = 20;
const PROFILES: [&str; 2] = ["internal", "public"];

type Tree = BTreeMap<String, Vec<u8>>;

/// Writes the site; `version` changes some pages, adds one and removes one.
fn write_generated_site(root: &Path, version: u32) {
    let site = "title: Crash test\nbase_url: https://crash.example\nprofiles:\n  internal: { include: [public, internal, investor] }\n  public: { include: [public], kpis: all }\n";
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site.into()),
        (
            "content/_index.md".into(),
            format!("---\ntitle: Home v{version}\nvisibility: public\n---\nVersion {version}.\n"),
        ),
    ];
    for s in 0..SECTIONS {
        files.push((
            format!("content/section-{s}/_index.md"),
            format!("---\ntitle: Section {s}\nvisibility: public\n---\n"),
        ));
        for p in 0..PAGES_PER_SECTION {
            // Version 2 edits every seventh page, drops page 0 and adds page 1000.
            if version == 2 && p == 0 {
                continue;
            }
            let edited = version == 2 && p % 7 == 3;
            files.push((
                format!("content/section-{s}/page-{p}.md"),
                page(s, p, if edited { 2 } else { 1 }),
            ));
        }
        if version == 2 {
            files.push((
                format!("content/section-{s}/page-1000.md"),
                page(s, 1000, 2),
            ));
        }
    }
    let _ = std::fs::remove_dir_all(root.join("content"));
    for (path, text) in &files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn page(s: usize, p: usize, version: u32) -> String {
    let visibility = if p.is_multiple_of(2) {
        "public"
    } else {
        "internal"
    };
    let mut body = format!(
        "---\ntitle: Page {p} of section {s}\nvisibility: {visibility}\nweight: {p}\n---\n"
    );
    for h in 0..4 {
        body.push_str(&format!(
            "## Part {h} (v{version})\n\nPage {p} reviews *inventory accuracy* and **stock-outs**; \
             see the [section](_index.md). ARR is {{{{ kpis.arr | money }}}}.\n\n\
             | Metric | Before | After |\n|---|---|---|\n| Accuracy | 82% | 97% |\n\n- one\n- two\n\n"
        ));
    }
    body
}

fn build(root: &Path, out: Option<&Path>) -> std::process::Output {
    let mut args = vec!["build".to_string(), "-q".into()];
    if let Some(out) = out {
        args.push("--out".into());
        args.push(out.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    traction(root, &args)
}

fn profile_trees(out: &Path) -> BTreeMap<&'static str, Tree> {
    PROFILES
        .iter()
        .map(|p| (*p, snapshot(&out.join(p))))
        .collect()
}

/// Entries in `output/` other than the profile folders (staging and swap leftovers).
fn leftovers(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| !PROFILES.contains(&n.as_str()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Copies a tree as hard links: fast, and safe because traction never writes
/// into an existing output file (it writes a new folder and swaps it in).
fn link_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            link_tree(&e.path(), &target);
        } else {
            std::fs::hard_link(e.path(), &target).unwrap();
        }
    }
}

/// A small xorshift generator: no dependency, and the seed is printed so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_or_the_new_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = root.join("output");

    // The two known-good outputs: version 1 (previous) and version 2 (new).
    write_generated_site(&root, 1);
    let built = build(&root, None);
    assert!(built.status.success(), "{}", text(&built));
    let previous = profile_trees(&out);
    let saved_previous = tmp.path().join("previous");
    copy(&out, &saved_previous);

    write_generated_site(&root, 2);
    let new_out = tmp.path().join("new");
    let started = Instant::now();
    let built = build(&root, Some(&new_out));
    let full = started.elapsed();
    assert!(built.status.success(), "{}", text(&built));
    let new = profile_trees(&new_out);
    for p in PROFILES {
        assert_ne!(previous[p], new[p], "the two versions must differ");
        assert!(new[p].len() > 100, "a site large enough to take a while");
    }

    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("full build {full:?}; CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut output_is_previous = true;
    for trial in 0..TRIALS {
        // Start from the previous complete build (leftovers of a killed build
        // stay: the next build must cope with them).
        if !output_is_previous {
            std::fs::remove_dir_all(&out).unwrap();
            link_tree(&saved_previous, &out);
        }
        // Kill anywhere from the start to a little after the build would have ended.
        let delay = Duration::from_micros(rng.next() % (full.as_micros() as u64 * 11 / 10 + 1));
        let mut child = Command::new(env!("CARGO_BIN_EXE_traction"))
            .args(["build", "-q"])
            .current_dir(&root)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix; an error here means it had already finished
        let status = child.wait().unwrap();

        let now = profile_trees(&out);
        output_is_previous = true;
        let mut states = Vec::new();
        for p in PROFILES {
            let state = if now[p] == previous[p] {
                "previous"
            } else if now[p] == new[p] {
                "new"
            } else if !out.join(p).exists()
                && snapshot(&out.join(format!(".{p}.traction-old"))) == previous[p]
            {
                // Killed between the two renames of the swap: the previous output
                // is whole beside the target, and the next build puts it back.
                "previous, set aside"
            } else {
                panic!(
                    "trial {trial} (CRASH_SEED={seed}, kill after {delay:?}, {status}): \
                     output/{p} is neither the previous nor the new build \
                     ({} files; previous {}, new {}); leftovers: {:?}",
                    now[p].len(),
                    previous[p].len(),
                    new[p].len(),
                    leftovers(&out)
                );
            };
            output_is_previous &= state == "previous";
            *outcomes.entry(state).or_default() += 1;
            states.push(state);
        }
        // Profiles are swapped together: never one previous beside one new.
        assert!(
            !(states.contains(&"previous") && states.contains(&"new")),
            "trial {trial} (CRASH_SEED={seed}): profiles from two builds side by side: {states:?}"
        );

        // Every few trials, and after the last one, the next build cleans up.
        if trial % 5 == 4 || trial + 1 == TRIALS {
            output_is_previous = false;
            let next = build(&root, None);
            assert!(next.status.success(), "{}", text(&next));
            assert_eq!(
                profile_trees(&out),
                new,
                "trial {trial}: next build is the new one"
            );
            assert!(
                leftovers(&out).is_empty(),
                "trial {trial}: the next build left {:?}",
                leftovers(&out)
            );
        }
    }
    eprintln!(
        "outcomes over {TRIALS} kills x {} profiles: {outcomes:?}",
        PROFILES.len()
    );
    assert!(
        outcomes.get("previous").copied().unwrap_or(0) > 0,
        "no kill landed before the swap: {outcomes:?}"
    );
}

#[test]
fn two_builds_at_once_never_mix_their_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = root.join("output");
    write_generated_site(&root, 2);
    let reference = tmp.path().join("reference");
    let built = build(&root, Some(&reference));
    assert!(built.status.success(), "{}", text(&built));
    let expected = profile_trees(&reference);
    let built = build(&root, None);
    assert!(built.status.success(), "{}", text(&built));
    for round in 0..4 {
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_traction"))
                .args(["build", "-q"])
                .current_dir(&root)
                .env("SOURCE_DATE_EPOCH", EPOCH)
                .env("NO_COLOR", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let first = spawn();
        std::thread::sleep(Duration::from_millis(20 * round));
        let second = spawn();
        let results = [
            first.wait_with_output().unwrap(),
            second.wait_with_output().unwrap(),
        ];
        for r in &results {
            let err = String::from_utf8_lossy(&r.stderr);
            assert!(
                r.status.success() || err.contains("another traction build"),
                "round {round}: {}: {err}",
                r.status
            );
        }
        // Each build either finished or stopped at another's lock (both may
        // stop: each locks the profile the other wants next); whatever
        // happened, the output is a complete build, never a mix or a partial one.
        assert_eq!(
            profile_trees(&out),
            expected,
            "round {round}: a complete build"
        );
        assert!(
            leftovers(&out).is_empty(),
            "round {round}: {:?}",
            leftovers(&out)
        );
    }
}
