//! Marp decks as they are (issue 20): the fixture deck in tests/fixtures/marp
//! uses every directive, bg and sized images, a fit heading, notes comments,
//! a multi-line code block, `<br>` in a heading, a nested ordered list, an SVG
//! and a remote image. Tests that need poppler or qpdf skip with a reason when
//! they are missing, and fail under CI=true.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

const SLIDES: usize = 8;

/// The example site with the fixture deck as `content/investors/marp.md`.
fn site_with_fixture() -> tempfile::TempDir {
    let site = example_site();
    let (from, to) = (
        repo().join("tests/fixtures/marp"),
        site.path().join("content/investors"),
    );
    for (name, as_name) in [
        ("deck.md", "marp.md"),
        ("picture.png", "picture.png"),
        ("logo.svg", "logo.svg"),
    ] {
        std::fs::copy(from.join(name), to.join(as_name)).unwrap();
    }
    site
}

fn build(root: &Path) -> String {
    let out = traction(root, &["build", "--profile", "investors", "--notes"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    said
}

fn output(root: &Path) -> PathBuf {
    root.join("output/investors/investors")
}

fn pdf_tools() -> bool {
    let have = have_tool("pdfinfo") && have_tool("pdftotext") && have_tool("qpdf");
    if !have {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "poppler and qpdf are required under CI=true"
        );
        eprintln!("skipping the PDF checks: pdfinfo, pdftotext or qpdf is missing");
    }
    have
}

/// Runs `tool` on `pdf`; pdftotext writes to standard output (`-`).
fn run(tool: &str, args: &[&str], pdf: &Path) -> String {
    let to_stdout: &[&str] = if tool == "pdftotext" { &["-"] } else { &[] };
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(to_stdout)
        .output()
        .unwrap();
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_fixture_deck_builds_its_slides_and_warns_once_per_unsupported_directive() {
    let site = site_with_fixture();
    let said = build(site.path());
    let file = "content/investors/marp.md";
    for (message, line) in [
        ("Marp theme `gaia` is not available", 3),
        ("slide size `4:3` is not available", 7),
        ("custom CSS (`style:`) is not applied", 12),
        ("math typesetting (`math:`) is not available", 15),
        ("`image:` is not used", 20),
        ("`url:` is not used", 21),
        ("slide transitions (`transition:`) are not available", 22),
    ] {
        assert_eq!(said.matches(message).count(), 1, "{message} once:\n{said}");
        assert!(
            said.contains(&format!("{file}:{line}:1")),
            "{message}:\n{said}"
        );
    }
    // The remote image warns once, on its slide; the other decks never warn.
    assert_eq!(
        said.matches("is not fetched at build time").count(),
        1,
        "{said}"
    );
    assert!(said.contains("slide 7: the remote image"), "{said}");
    assert!(!said.contains("content/investors/deck.md"), "{said}");
    assert!(
        !said.contains("content/investors/board-update.md"),
        "{said}"
    );

    // The slide view shows the remote image as it is, and every slide.
    let html = std::fs::read_to_string(output(site.path()).join("marp/index.html")).unwrap();
    assert!(
        html.contains("https://cdn.example.org/logo.png"),
        "remote image in the HTML"
    );
    assert_eq!(html.matches("<section").count(), SLIDES, "{html}");

    if !pdf_tools() {
        return;
    }
    let pdf = output(site.path()).join("marp.pdf");
    run("qpdf", &["--check"], &pdf);
    let info = run("pdfinfo", &[], &pdf);
    assert!(
        info.contains(&format!("Pages:           {SLIDES}")),
        "{info}"
    );
    assert!(info.contains("Author:          Test Author"), "{info}");
    let text = run("pdftotext", &["-layout"], &pdf);
    // The code block keeps its lines and indentation.
    assert!(text.contains("fn main() {"), "{text}");
    assert!(text.contains("      let x = 1;"), "{text}");
    assert!(text.contains("  }"), "{text}");
    // `<br>` breaks the heading; the nested list restarts at 1 as in HTML.
    assert!(text.contains("Second\nline heading"), "{text}");
    assert!(text.contains("1. Nested A"), "{text}");
    assert!(text.contains("2. Nested B"), "{text}");
    assert!(!text.contains("5. Nested"), "{text}");
    // The remote image is a placeholder naming its host.
    assert!(text.contains("image from cdn.example.org"), "{text}");
    // `_paginate: false` hides the number of slide 1 only; `paginate: false`
    // on the last slide holds from there on.
    assert!(text.contains("2/8"), "{text}");
    assert!(!text.contains("1/8"), "{text}");
    assert!(!text.contains("8/8"), "{text}");
    // A comment that is not a directive is a speaker note, never on a slide.
    assert!(!text.contains("Say hello to the room."), "{text}");
    let notes = output(site.path()).join("marp-notes.pdf");
    assert!(run("pdftotext", &[], &notes).contains("Say hello to the room."));
}
