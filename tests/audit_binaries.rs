//! The leak audit in binary files the site brings (fonts, images, PDFs): it
//! reads the text they carry, so a round pipeline (`2M`) is not found by
//! chance in a font's bytes, and a hidden name in an image's metadata still is.

mod common;

use std::io::Write as _;
use std::path::Path;

use common::*;

/// The example site with Summit Grocers' deal set so the pipeline totals `total`
/// (the other qualified deals add up to $540,000).
fn site_with_pipeline(total: u64) -> tempfile::TempDir {
    let site = example_site();
    let amount = total - 540_000;
    let amount = format!(
        "${},{:03},{:03}",
        amount / 1_000_000,
        amount / 1000 % 1000,
        amount % 1000
    );
    replace_in(
        site.path(),
        "data/pipeline.csv",
        "\"Summit Grocers\",\"Qualification\",\"$60,000\"",
        &format!("\"Summit Grocers\",\"Qualification\",\"{amount}\""),
    );
    replace_in(
        site.path(),
        "data/economics.yaml",
        "pipeline: 600000",
        &format!("pipeline: {total}"),
    );
    site
}

fn build(root: &Path) -> (Option<i32>, String) {
    let out = traction(root, &["build"]);
    (out.status.code(), text(&out))
}

fn assert_builds_every_edition(total: u64) {
    let site = site_with_pipeline(total);
    let k = traction(site.path(), &["kpis", "--json"]);
    let kpis: serde_json::Value = serde_json::from_slice(&k.stdout).unwrap();
    assert_eq!(kpis["pipeline"]["value"].as_f64(), Some(total as f64));
    let (code, t) = build(site.path());
    assert_eq!(code, Some(0), "{t}");
    for edition in ["internal", "investors", "public"] {
        assert!(t.contains(&format!("Built {edition}:")), "{t}");
    }
    assert!(!t.contains("leak"), "{t}");
}

#[test]
fn a_two_million_pipeline_builds_every_edition() {
    assert_builds_every_edition(2_000_000);
}

#[test]
fn the_reported_two_million_fifteen_thousand_pipeline_builds_every_edition() {
    assert_builds_every_edition(2_015_000);
}

#[test]
fn a_three_million_pipeline_builds_every_edition() {
    assert_builds_every_edition(3_000_000);
}

#[test]
fn a_withheld_short_figure_next_to_its_label_in_image_text_is_still_a_leak() {
    let site = site_with_pipeline(3_000_000);
    let png = png_with(&[(b"tEXt", b"Description\0Pipeline 3M and growing".to_vec())]);
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/chart.png"), png).unwrap();
    let (code, t) = build(site.path());
    assert_eq!(code, Some(1), "{t}");
    assert!(
        t.contains("leak: output file chart.png contains `3M` at the text of its metadata"),
        "{t}"
    );
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The 1x1 PNG with `chunks` (type, data) inserted before its IEND.
fn png_with(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let iend = PNG_1X1.len() - 12;
    let mut out = PNG_1X1[..iend].to_vec();
    for (kind, data) in chunks {
        out.extend((data.len() as u32).to_be_bytes());
        let mut typed = kind.to_vec();
        typed.extend_from_slice(data);
        out.extend_from_slice(&typed);
        out.extend(crc32(&typed).to_be_bytes());
    }
    out.extend_from_slice(&PNG_1X1[iend..]);
    out
}

/// A JPEG header with a COM segment and an EXIF `Artist`, then a scan.
fn jpeg_with(comment: &str, artist: &str) -> Vec<u8> {
    let mut value = artist.as_bytes().to_vec();
    value.push(0);
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01\x01\x3b\0\x02".to_vec();
    tiff.extend((value.len() as u32).to_be_bytes());
    tiff.extend(26u32.to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(value);
    let mut out = vec![0xFF, 0xD8];
    let mut segment = |marker: u8, data: &[u8]| {
        out.extend([0xFF, marker]);
        out.extend(((data.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(data);
    };
    segment(0xFE, comment.as_bytes());
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend(tiff);
    segment(0xE1, &exif);
    segment(0xDA, &[0, 0]);
    out.extend([0x12, 0x34, 0xFF, 0xD9]);
    out
}

/// Builds the example with `file` (bytes) in static/ and returns the failure text.
fn leak_in(file: &str, bytes: &[u8]) -> String {
    let site = example_site();
    let path = site.path().join("static").join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
    let out = traction(site.path(), &["build", "--no-pdf"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{file}: {t}");
    assert!(
        t.contains(&format!(
            "leak: output file {file} contains `Cascade Provisions`"
        )),
        "{file}: {t}"
    );
    t
}

#[test]
fn a_hidden_name_in_a_png_text_chunk_is_found_plain_or_compressed() {
    leak_in(
        "img/plain.png",
        &png_with(&[(b"tEXt", b"Author\0Cascade Provisions".to_vec())]),
    );
    let mut ztxt = b"Comment\0\0".to_vec();
    ztxt.extend(zlib(b"Shot for Cascade Provisions"));
    leak_in("img/compressed.png", &png_with(&[(b"zTXt", ztxt)]));
    let mut itxt = b"Title\0\x01\0en\0\0".to_vec();
    itxt.extend(zlib(b"Cascade Provisions kickoff"));
    leak_in("img/international.png", &png_with(&[(b"iTXt", itxt)]));
}

#[test]
fn a_hidden_name_in_a_jpeg_comment_or_exif_field_is_found() {
    leak_in("img/comment.jpg", &jpeg_with("Cascade Provisions", "x"));
    leak_in("img/exif.jpg", &jpeg_with("x", "Cascade Provisions"));
}

#[test]
fn a_hidden_name_in_an_svg_text_is_found() {
    leak_in(
        "img/badge.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><text x=\"1\" y=\"9\">Cascade Provisions</text></svg>",
    );
}

#[test]
fn a_hidden_name_in_an_unknown_binary_format_is_found_in_its_raw_bytes() {
    leak_in(
        "media/clip.mp4",
        b"\0\0\0\x18ftypmp42\0\0\0\0\xa9nam\0Cascade Provisions\0\xff\xfe",
    );
}
