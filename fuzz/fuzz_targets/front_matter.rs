//! Front-matter splitting and parsing: any text gives a page or located errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use traction::content::{Kind, front_matter, parse_page};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let normalized = traction::source::normalize(&text);
    if let Ok(split) = front_matter::split(&normalized) {
        assert!(split.body.len() <= normalized.len());
    }
    for kind in [Kind::Page, Kind::CaseStudy, Kind::WeekPlan] {
        if let Err(errors) = parse_page(Path::new("content/x.md"), "x.md", &text, kind) {
            assert!(!errors.is_empty());
        }
    }
});
