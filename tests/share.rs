//! Share graphics on the example site: Open Graph images and quote cards,
//! decoded by a real decoder (Python's Pillow) and checked by xmllint, with
//! audiences applied and the leak audit reading every image. Skipped with a
//! printed reason when a tool is missing; required under CI=true.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// Whether python3 with Pillow is there (skips, or fails under CI=true).
fn have_pillow() -> bool {
    if !have_tool("python3") {
        return false;
    }
    let ok = Command::new("python3")
        .args(["-c", "import PIL"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("python3 Pillow is required under CI=true (.ci/run installs it)");
        }
        eprintln!("skipping: python3 has no Pillow (pip install Pillow, or run .ci/run)");
    }
    ok
}

/// Format and size of an image as Pillow decodes it (`PNG 1200x630`), fully loaded.
fn pillow(file: &Path) -> String {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys; from PIL import Image\nim = Image.open(sys.argv[1]); im.load()\nprint(im.format, '%dx%d' % im.size, im.mode)",
        ])
        .arg(file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "Pillow cannot decode {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The `content` of `<meta property|name="{key}" ...>` in `html`.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    ["property", "name"].iter().find_map(|attr| {
        let start = html.find(&format!("<meta {attr}=\"{key}\" content=\""))?;
        let rest = &html[start..];
        let rest = &rest[rest.find("content=\"")? + 9..];
        Some(&rest[..rest.find('"')?])
    })
}

fn build(root: &Path, profile: &str) {
    let out = traction(root, &["build", "--profile", profile]);
    assert!(out.status.success(), "{}", text(&out));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_case_study_page_links_an_og_image_that_decodes_at_1200x630() {
    let site = example_site();
    build(site.path(), "internal");
    let out = site.path().join("output/internal");
    let base = "https://example.com";
    let pages = [
        "case-studies/northwind-logistics/index.html",
        "case-studies/harbor-and-pine/index.html",
        "case-studies/cascade-provisions/index.html",
        "index.html",
        "investors/series-a/index.html",
    ];
    for page in pages {
        let html = read(&out.join(page));
        let image = meta(&html, "og:image").unwrap_or_else(|| panic!("{page} has no og:image"));
        let rel = image
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("og:image {image} of {page} is not absolute from {base}"));
        let file = out.join(rel.trim_start_matches('/'));
        assert!(file.is_file(), "{page}: {image} is not written");
        assert_eq!(&std::fs::read(&file).unwrap()[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(
            meta(&html, "twitter:card"),
            Some("summary_large_image"),
            "{page}"
        );
        assert_eq!(meta(&html, "og:image:width"), Some("1200"), "{page}");
        assert_eq!(meta(&html, "og:image:height"), Some("630"), "{page}");
        for key in ["og:title", "og:description", "og:type", "og:image:alt"] {
            assert!(
                meta(&html, key).is_some_and(|v| !v.is_empty()),
                "{page}: no {key}"
            );
        }
        if have_pillow() {
            assert_eq!(pillow(&file), "PNG 1200x630 RGB", "{page}");
        }
    }
    assert!(
        out.join("og.png").is_file(),
        "the home page's image is og.png at the root"
    );
    // A page without an image says so to X/Twitter, and links none.
    let plan = read(&out.join("plans/week-10/index.html"));
    assert_eq!(meta(&plan, "twitter:card"), Some("summary"));
    assert_eq!(meta(&plan, "og:image"), None);
}

#[test]
fn quote_cards_exist_for_approved_quotes_only_and_are_listed_under_share() {
    let site = example_site();
    build(site.path(), "internal");
    build(site.path(), "public");
    let internal = site.path().join("output/internal/case-studies");
    for approved in ["northwind-logistics", "harbor-and-pine"] {
        let dir = internal.join(approved);
        for card in ["quote.png", "quote.svg"] {
            assert!(dir.join(card).is_file(), "{approved}/{card} missing");
        }
        if have_pillow() {
            assert_eq!(pillow(&dir.join("quote.png")), "PNG 1080x1080 RGB");
        }
        let html = read(&dir.join("index.html"));
        assert!(
            html.contains(">Share</h2>"),
            "{approved} has no Share section"
        );
        // Written relative to the page, which sits beside its images.
        for link in [
            "href=\"quote.png\"",
            "href=\"quote.svg\"",
            "href=\"og.png\"",
        ] {
            assert!(html.contains(link), "{approved}: no {link}");
        }
    }
    // Cascade's approval is pending: no quote card in any edition, its image only.
    let pending = internal.join("cascade-provisions");
    assert!(!pending.join("quote.png").exists() && !pending.join("quote.svg").exists());
    assert!(pending.join("og.png").is_file());
    assert!(!read(&pending.join("index.html")).contains("quote.png"));
    let public = site.path().join("output/public/case-studies");
    let alias = public.join("a-multi-channel-specialty-food-distributor");
    assert!(
        alias.join("og.png").is_file(),
        "the alias page has its image"
    );
    assert!(!alias.join("quote.png").exists());
    // The public edition's images name the alias; the SVG says what it shows.
    let svg = read(&public.join("northwind-logistics/quote.svg"));
    assert!(
        svg.contains("Northwind Logistics"),
        "the approved customer is credited"
    );
}

#[test]
fn quote_card_svgs_are_valid_xml_with_their_text_declared() {
    if !have_tool("xmllint") {
        return;
    }
    let site = example_site();
    // Markup-like text in a quote stays text.
    replace_in(
        site.path(),
        "content/case-studies/harbor-and-pine.md",
        "took most of a year.",
        "took most of a year <b>&</b> \\\"more\\\".",
    );
    build(site.path(), "internal");
    let svg = site
        .path()
        .join("output/internal/case-studies/harbor-and-pine/quote.svg");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = read(&svg);
    assert!(text.contains("<title>"), "no accessible title");
    assert!(text.contains("took most of a year &lt;b&gt;&amp;&lt;/b&gt; &quot;more&quot;."));
    assert!(text.contains("Marcus Lindqvist"));
    assert!(text.contains("<path "), "glyphs are drawn as outlines");
}

#[test]
fn a_hidden_customer_in_an_approved_quote_is_shown_by_its_alias_on_the_card() {
    let site = example_site();
    replace_in(
        site.path(),
        "content/case-studies/harbor-and-pine.md",
        "took most of a year.",
        "took most of a year, like Cascade Provisions.",
    );
    build(site.path(), "public");
    let dir = site
        .path()
        .join("output/public/case-studies/harbor-and-pine");
    let svg = read(&dir.join("quote.svg"));
    let title = &svg[svg.find("<title>").unwrap()..svg.find("</title>").unwrap()];
    assert!(!svg.contains("Cascade"), "{title}");
    assert!(
        title.contains("like a multi-channel specialty food distributor"),
        "{title}"
    );
}

#[test]
fn a_hidden_customer_reaching_an_image_fails_the_build_naming_the_image() {
    let site = example_site();
    // The company name is printed on every card and is not a page string the
    // anonymiser rewrites: the audit must catch it in the images' declared text.
    replace_in(
        site.path(),
        "site.yaml",
        "company: Acme Inventory Cloud, Inc.",
        "company: Cascade Provisions",
    );
    let out = traction(site.path(), &["build", "--profile", "public"]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    for image in [
        "case-studies/northwind-logistics/quote.png",
        "case-studies/northwind-logistics/quote.svg",
        "case-studies/northwind-logistics/og.png",
    ] {
        assert!(
            t.contains(&format!(
                "leak: output file {image} contains `Cascade Provisions`"
            )),
            "{image} not named in:\n{t}"
        );
    }
    assert!(
        !site.path().join("output/public").exists(),
        "nothing is published"
    );
}

#[cfg(unix)]
#[test]
fn a_rebuild_does_not_rewrite_an_unchanged_image() {
    use std::os::unix::fs::MetadataExt;
    let site = example_site();
    build(site.path(), "internal");
    let dir = site
        .path()
        .join("output/internal/case-studies/northwind-logistics");
    let id = |f: &str| {
        let m = std::fs::metadata(dir.join(f)).unwrap();
        (m.ino(), m.mtime(), m.mtime_nsec())
    };
    let files = ["og.png", "quote.png", "quote.svg"];
    let before: Vec<_> = files.iter().map(|f| id(f)).collect();
    build(site.path(), "internal");
    let after: Vec<_> = files.iter().map(|f| id(f)).collect();
    assert_eq!(before, after, "an unchanged image was written again");
    // A changed quote draws a new card (a new file), and only that page's.
    let old = std::fs::read(dir.join("quote.png")).unwrap();
    replace_in(
        site.path(),
        "content/case-studies/northwind-logistics.md",
        "text: \"We used to",
        "text: \"Honestly, we used to",
    );
    build(site.path(), "internal");
    assert_ne!(std::fs::read(dir.join("quote.png")).unwrap(), old);
    assert_ne!(id("quote.png"), before[1]);
    assert_eq!(id("og.png"), before[0], "the og image did not change");
}
