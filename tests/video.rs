//! Testimonial videos (issue #13 item 5): a local file plays in `<video>` with
//! captions and a transcript; a YouTube/Vimeo video is a click-to-load facade
//! (checked in headless chromium: no third-party request before the click);
//! an unapproved story's video is not in the public edition at all.

mod common;

use std::process::Command;

use common::*;

fn build(site: &std::path::Path) {
    let out = traction(site, &["build"]);
    assert!(out.status.success(), "{}", text(&out));
}

fn read(site: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(site.join("output").join(rel)).unwrap()
}

#[test]
fn a_local_video_plays_with_captions_and_a_transcript() {
    let site = example_site();
    build(site.path());
    let html = read(
        site.path(),
        "public/case-studies/northwind-logistics/index.html",
    );
    let video = &html[html.find("<video").expect("a <video> element")..];
    let video = &video[..video.find("</video>").unwrap()];
    assert!(
        video.contains(r#"<source src="../northwind-interview.webm" type="video/webm">"#),
        "{video}"
    );
    assert!(
        video.contains(r#"<track kind="captions" src="../northwind-interview.vtt""#),
        "{video}"
    );
    assert!(
        video.contains(r#"poster="../northwind-interview.jpg""#),
        "{video}"
    );
    assert!(html.contains("<summary>Transcript</summary>"));
    assert!(html.contains("our counts match the shelf."));
    for file in ["webm", "vtt", "jpg"] {
        assert!(
            site.path()
                .join(format!(
                    "output/public/case-studies/northwind-interview.{file}"
                ))
                .is_file(),
            "{file} copied"
        );
    }
}

/// The example with Cascade Provisions (pending approval) carrying a video.
fn pending_story_with_video() -> tempfile::TempDir {
    let site = example_site();
    for (from, to) in [("webm", "webm"), ("vtt", "vtt"), ("jpg", "jpg")] {
        std::fs::copy(
            site.path()
                .join(format!("content/case-studies/northwind-interview.{from}")),
            site.path()
                .join(format!("content/case-studies/cascade-call.{to}")),
        )
        .unwrap();
    }
    replace_in(
        site.path(),
        "content/case-studies/cascade-provisions.md",
        "approval: pending",
        "approval: pending\nvideo:\n  src: cascade-call.webm\n  poster: cascade-call.jpg\n  captions: cascade-call.vtt\n  transcript: \"Cascade Provisions' buyer on the pilot.\"",
    );
    site
}

#[test]
fn an_unapproved_story_has_no_video_in_public() {
    let site = pending_story_with_video();
    build(site.path());
    let internal = read(
        site.path(),
        "internal/case-studies/cascade-provisions/index.html",
    );
    assert!(
        internal.contains("cascade-call.webm"),
        "internal edition shows it"
    );
    let public = snapshot(&site.path().join("output/public"));
    for (path, bytes) in &public {
        assert!(!path.contains("cascade-call"), "{path} copied to public");
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("cascade-call"), "{path} names the video");
        assert!(
            !text.contains("buyer on the pilot"),
            "{path} carries the transcript"
        );
    }
}

#[test]
fn a_bad_video_address_is_a_located_error() {
    let site = example_site();
    replace_in(
        site.path(),
        "content/case-studies/northwind-logistics.md",
        "src: northwind-interview.webm",
        "src: https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    );
    let out = traction(site.path(), &["build"]);
    let msg = text(&out);
    assert!(!out.status.success());
    assert!(
        msg.contains("content/case-studies/northwind-logistics.md:"),
        "{msg}"
    );
    assert!(
        msg.contains("is not a YouTube or Vimeo video address"),
        "{msg}"
    );
}

#[test]
fn a_youtube_video_loads_nothing_until_clicked() {
    let site = example_site();
    replace_in(
        site.path(),
        "content/case-studies/northwind-logistics.md",
        "src: northwind-interview.webm",
        "src: https://youtu.be/dQw4w9WgXcQ",
    );
    build(site.path());
    let html = read(
        site.path(),
        "internal/case-studies/northwind-logistics/index.html",
    );
    assert!(!html.contains("<iframe"), "no player before the click");
    assert!(html.contains(r#"href="https://www.youtube.com/watch?v=dQw4w9WgXcQ""#));
    assert!(
        html.contains(
            r#"data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1""#
        )
    );

    let Some(script_dir) = browser_scripts() else {
        return;
    };
    let page = site
        .path()
        .join("output/internal/case-studies/northwind-logistics/index.html");
    let out = Command::new("node")
        .arg(script_dir.join("video-facade.mjs"))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "browser test failed: {report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(report.trim()).unwrap();
    assert_eq!(v["before_click"], serde_json::json!([]), "{report}");
    assert_eq!(
        v["iframe_src"], "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        "{report}"
    );
    assert!(
        v["after_click"].as_array().unwrap().iter().any(|u| u
            .as_str()
            .unwrap()
            .starts_with("https://www.youtube-nocookie.com/")),
        "the click loads the player: {report}"
    );
}
