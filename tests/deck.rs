//! Decks (`kind: deck`): the example deck as a real PDF (pdfinfo, qpdf,
//! pdftotext), live figures, editions, located errors and warnings, the
//! presenter PDF, and the HTML slide view in headless chromium. Tests that
//! need poppler, qpdf, node or chromium skip with a reason when they are
//! missing, and fail under CI=true.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

const DECK: &str = "investors/deck.pdf";

fn pdf_tools() -> bool {
    have_tool("pdfinfo") && have_tool("pdftotext") && have_tool("qpdf")
}

fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdftext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn build(root: &Path, args: &[&str]) -> String {
    let out = traction(root, &[&["build"], args].concat());
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    said
}

fn arr_display(profile_dir: &Path) -> String {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(profile_dir.join("kpis.json")).unwrap()).unwrap();
    json["kpis"]["arr"]["display"].as_str().unwrap().to_string()
}

/// A site of one deck in `content/investors/`, from the example site.
fn site_with_deck(body: &str) -> tempfile::TempDir {
    let site = example_site();
    write_site(
        site.path(),
        &[(
            "content/investors/deck.md",
            &format!("---\ntitle: Deck\nkind: deck\nvisibility: investor\n---\n{body}"),
        )],
    );
    site
}

#[test]
fn the_example_deck_is_one_tagged_16_9_page_per_slide_holding_the_computed_arr() {
    if !pdf_tools() {
        return;
    }
    let site = example_site();
    build(site.path(), &[]);
    for profile in ["internal", "investors"] {
        let dir = site.path().join("output").join(profile);
        let pdf = dir.join(DECK);
        let html = std::fs::read_to_string(dir.join("investors/deck/index.html")).unwrap();
        let slides = html.matches("<section class=\"slide ").count();
        assert!((10..=14).contains(&slides), "{slides} slides");
        let info = pdfinfo(&pdf);
        assert!(info.contains("Page size:       960 x 540 pts"), "{info}");
        assert!(
            info.contains(&format!("Pages:           {slides}\n")),
            "{info}"
        );
        assert!(info.contains("Tagged:          yes"), "{info}");
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
        let text = pdftext(&pdf);
        let arr = arr_display(&dir);
        assert!(text.contains(&arr), "ARR {arr} not in the deck:\n{text}");
        // One page per slide: pdftotext separates pages with form feeds.
        assert_eq!(text.matches('\u{c}').count(), slides);
        // Links to pages become the profile's absolute URLs, clickable in the PDF.
        let qdf = dir.join("deck-qdf.pdf");
        let ok = Command::new("qpdf")
            .args(["--qdf", "--object-streams=disable"])
            .arg(&pdf)
            .arg(&qdf)
            .status()
            .unwrap();
        assert!(ok.success());
        let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
        let base = "https://example.com";
        assert!(
            raw.contains(&format!("/URI ({base}/investors/series-a/)")),
            "no absolute link annotation in the {profile} deck"
        );
        std::fs::remove_file(qdf).unwrap();
    }
}

#[test]
fn changing_an_acv_changes_the_deck_text_on_the_next_build() {
    if !pdf_tools() {
        return;
    }
    let site = example_site();
    build(site.path(), &["--profile", "investors"]);
    let dir = site.path().join("output/investors");
    let before = arr_display(&dir);
    assert!(pdftext(&dir.join(DECK)).contains(&before));
    replace_in(
        site.path(),
        "data/customers.yaml",
        "acv: 50000",
        "acv: 65000",
    );
    build(site.path(), &["--profile", "investors"]);
    let after = arr_display(&dir);
    assert_ne!(before, after);
    let text = pdftext(&dir.join(DECK));
    assert!(text.contains(&after), "new ARR {after} missing:\n{text}");
    // The chart writes money short, as the site's charts do.
    assert!(
        text.contains("$65K"),
        "new ACV missing from the chart:\n{text}"
    );
    assert!(
        !text.contains(&before),
        "old ARR {before} still in the deck"
    );
}

#[test]
fn the_public_edition_holds_no_deck() {
    let site = example_site();
    build(site.path(), &[]);
    let public = snapshot(&site.path().join("output/public"));
    assert!(
        !public.keys().any(|k| k.contains("investors/deck")),
        "{:?}",
        public
            .keys()
            .filter(|k| k.contains("deck"))
            .collect::<Vec<_>>()
    );
    for (name, bytes) in &public {
        assert!(
            !String::from_utf8_lossy(bytes).contains("Investor deck"),
            "{name} names the deck"
        );
    }
    assert!(site.path().join("output/internal").join(DECK).is_file());
}

#[test]
fn a_bad_layout_and_a_bad_directive_are_located_errors_with_suggestions() {
    let site = site_with_deck(
        "\n# Title\n\n---\n\n<!-- layout: big-number -->\n## Numbers\n\n---\n\n<!-- layuot: quote -->\n## Q\n",
    );
    let out = traction(site.path(), &["build"]);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    // Front matter is lines 1-6; the body starts on line 6.
    assert!(said.contains("content/investors/deck.md:11:14"), "{said}");
    assert!(
        said.contains("slide 2: unknown layout `big-number`"),
        "{said}"
    );
    assert!(said.contains("did you mean `big-numbers`?"), "{said}");
    assert!(said.contains("content/investors/deck.md:16:6"), "{said}");
    assert!(
        said.contains("slide 3: unknown directive `layuot`"),
        "{said}"
    );
    assert!(said.contains("did you mean `layout`?"), "{said}");
}

#[test]
fn a_quote_of_an_unknown_case_study_is_a_located_error() {
    let site = site_with_deck("\n# T\n\n---\n\n<!-- layout: quote -->\n<!-- quote: northwnd -->\n");
    let out = traction(site.path(), &["build", "--profile", "investors"]);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("content/investors/deck.md:12:1"), "{said}");
    assert!(
        said.contains("`quote: northwnd` names no case study"),
        "{said}"
    );
    assert!(said.contains("northwind-logistics"), "{said}");
}

#[test]
fn an_overflowing_slide_is_a_warning_naming_file_slide_and_amount() {
    let bullets: String = (1..=40)
        .map(|n| format!("- Point {n} of a slide that says far too much\n"))
        .collect();
    let site = site_with_deck(&format!("\n# T\n\n---\n\n## Too much\n\n{bullets}"));
    let said = build(site.path(), &["--profile", "investors"]);
    let warning = said
        .lines()
        .find(|l| l.contains("slide 2 does not fit"))
        .unwrap_or_else(|| panic!("no overflow warning:\n{said}"));
    let by: f32 = warning
        .split("fit: ")
        .nth(1)
        .and_then(|r| r.split(" pt").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no amount in `{warning}`"));
    assert!(by > 100.0, "{warning}");
    assert!(said.contains("content/investors/deck.md:10:1"), "{said}");
    // A slide that fits once shrunk warns about nothing.
    let fits: String = (1..=11).map(|n| format!("- Point {n}\n")).collect();
    let site = site_with_deck(&format!("\n# T\n\n---\n\n## Just fits\n\n{fits}"));
    let said = build(site.path(), &["--profile", "investors"]);
    assert!(!said.contains("does not fit"), "{said}");
    // The theme sets the bounds: no shrinking allowed, the same slide overflows.
    write_site(
        site.path(),
        &[("themes/default/pdf/slides.yaml", "min_scale: 1.0\n")],
    );
    let said = build(site.path(), &["--profile", "investors"]);
    assert!(said.contains("slide 2 does not fit"), "{said}");
    assert!(said.contains("smallest type (100%)"), "{said}");
    write_site(
        site.path(),
        &[("themes/default/pdf/slides.yaml", "sizes: { body: 2 }\n")],
    );
    let out = traction(site.path(), &["build", "--profile", "investors"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("themes/default/pdf/slides.yaml:1:1"),
        "{}",
        text(&out)
    );
}

#[test]
fn notes_make_a_presenter_pdf_with_each_slide_over_its_notes() {
    let site = site_with_deck(
        "\n# Opening\n\n<!-- notes: Greet the partners by name. -->\n\n---\n\n## Numbers\n\n<!-- notes: ARR is {{ kpis.arr | money }}. -->\n",
    );
    build(site.path(), &["--profile", "investors"]);
    let dir = site.path().join("output/investors/investors");
    assert!(dir.join("deck.pdf").is_file());
    assert!(
        !dir.join("deck-notes.pdf").exists(),
        "notes without --notes"
    );
    build(site.path(), &["--profile", "investors", "--notes"]);
    let notes = dir.join("deck-notes.pdf");
    assert!(notes.is_file());
    if !pdf_tools() {
        return;
    }
    let info = pdfinfo(&notes);
    assert!(info.contains("Pages:           2\n"), "{info}");
    assert!(info.contains("Page size:       960 x 900 pts"), "{info}");
    let text = pdftext(&notes);
    assert!(text.contains("Greet the partners by name."), "{text}");
    assert!(text.contains("ARR is $125,000."), "{text}");
    // The audience's deck never carries the notes.
    assert!(!pdftext(&dir.join("deck.pdf")).contains("Greet the partners"));
    let html = std::fs::read_to_string(dir.join("deck/index.html")).unwrap();
    assert!(
        !html.contains("Greet the partners"),
        "notes leaked into the HTML view"
    );
}

#[test]
fn a_profile_with_notes_true_writes_the_presenter_pdf() {
    let site = site_with_deck("\n# Opening\n\n<!-- notes: Hello. -->\n");
    replace_in(
        site.path(),
        "site.yaml",
        "watermark: Confidential }",
        "watermark: Confidential, notes: true }",
    );
    build(site.path(), &[]);
    assert!(
        site.path()
            .join("output/investors/investors/deck-notes.pdf")
            .is_file()
    );
    assert!(
        !site
            .path()
            .join("output/internal/investors/deck-notes.pdf")
            .exists()
    );
}

#[test]
fn a_public_deck_names_hidden_customers_by_their_alias() {
    let site = example_site();
    write_site(
        site.path(),
        &[(
            "content/public-deck.md",
            "---\ntitle: Our customers\nkind: deck\nvisibility: public\n---\n\n# Customers\n\nCascade Provisions signed in Week 11.\n\n<!-- notes: Cascade Provisions asked us to wait. -->\n\n---\n\n<!-- layout: quote -->\n<!-- quote: harbor-and-pine -->\n## In their words\n",
        )],
    );
    build(site.path(), &["--profile", "public", "--notes"]);
    let dir = site.path().join("output/public");
    let all = snapshot(&dir);
    for (name, bytes) in &all {
        assert!(
            !String::from_utf8_lossy(bytes).contains("Cascade Provisions"),
            "{name} names the hidden customer"
        );
    }
    if pdf_tools() {
        let text = pdftext(&dir.join("public-deck.pdf"));
        assert!(text.contains("signed in Week 11"), "{text}");
        assert!(text.contains("Marcus Lindqvist"), "{text}");
    }
    // A case study whose approval is pending shows no quote in public: the
    // quote slide says so, once, where the directive is.
    replace_in(
        site.path(),
        "content/public-deck.md",
        "quote: harbor-and-pine",
        "quote: cascade-provisions",
    );
    let out = traction(site.path(), &["build", "--profile", "public"]);
    let said = text(&out);
    assert!(!out.status.success());
    assert_eq!(
        said.matches("has no quote in this edition").count(),
        1,
        "{said}"
    );
    assert!(said.contains("content/public-deck.md:16:1"), "{said}");
    assert!(!said.contains("Cascade Provisions"), "{said}");
}

#[test]
fn the_html_slide_view_moves_by_keyboard_in_headless_chromium() {
    let Some(script_dir) = browser_scripts() else {
        return;
    };
    let site = example_site();
    let server = serve_site(site.path(), &[]);
    let url = server.url.trim_end_matches('/').to_string();
    let out = Command::new("node")
        .arg(script_dir.join("deck-keys.mjs"))
        .arg(format!("{url}/investors/deck/"))
        .output()
        .unwrap();
    drop(server);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "browser test failed: {report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_template_error_in_a_slide_is_reported_once_at_its_line() {
    let site = site_with_deck("\n# T\n\n---\n\n## Two\n\nARR {{ kpis.arr | mony }}\n");
    let out = traction(site.path(), &["build", "--profile", "investors"]);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("content/investors/deck.md:13:19"), "{said}");
    assert_eq!(said.matches("Unknown filter `mony`").count(), 1, "{said}");
}

#[test]
fn an_image_slide_embeds_its_picture_and_a_missing_one_is_located() {
    let site = site_with_deck(
        "\n# T\n\n---\n\n<!-- layout: image -->\n## The warehouse\n\n![The pilot warehouse](../warehouse.png)\n",
    );
    std::fs::write(site.path().join("content/investors/warehouse.png"), PNG_1X1).unwrap();
    build(site.path(), &["--profile", "investors"]);
    let pdf = site.path().join("output/investors").join(DECK);
    if pdf_tools() {
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(check.status.success());
        if have_tool("pdfimages") {
            let out = Command::new("pdfimages")
                .arg("-list")
                .arg(&pdf)
                .output()
                .unwrap();
            let list = String::from_utf8_lossy(&out.stdout);
            assert_eq!(list.lines().count(), 3, "one image:\n{list}");
        }
    }
    std::fs::remove_file(site.path().join("content/investors/warehouse.png")).unwrap();
    let out = traction(site.path(), &["build", "--profile", "investors"]);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("content/investors/deck.md:14"), "{said}");
    assert!(said.contains("../warehouse.png"), "{said}");
}
