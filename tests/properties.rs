//! Property tests (issue 6): slugs and URLs never leave the output folder,
//! money/percent/number formatting round-trips, front matter splits losslessly,
//! and no page text makes the page parser panic.

use std::path::{Component, Path};

use proptest::prelude::*;
use traction::content::{self, Kind, front_matter};
use traction::format;
use traction::output::check_rel;

/// True when `rel`, joined to an output folder, stays inside it.
fn stays_inside(rel: &str) -> bool {
    Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
}

/// Names as people and tools write them: dots, slashes, spaces, Unicode, NUL.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-._ /\\\\:a-zA-Z0-9]{0,12}",
        "\\PC{0,16}",
        Just("..".to_string()),
        Just("-..".to_string()),
        Just(".-.".to_string()),
        Just("a\0b".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_slugified_name_is_one_safe_segment(name in name()) {
        let slug = content::slugify_segment(&name);
        prop_assert!(!slug.is_empty());
        prop_assert!(check_rel(&slug).is_ok(), "{slug:?}");
        prop_assert!(stays_inside(&slug), "{slug:?}");
        prop_assert!(!slug.starts_with('.'), "{slug:?}");
        if slug.len() <= 200 {
            prop_assert!(content::check_slug(&slug).is_ok(), "{name:?} -> {slug:?}");
        }
    }

    #[test]
    fn an_accepted_slug_never_escapes(slug in name()) {
        if content::check_slug(&slug).is_ok() {
            let file = format!("{slug}/index.html");
            prop_assert!(check_rel(&file).is_ok(), "{slug:?}");
            prop_assert!(stays_inside(&file), "{slug:?}");
        }
    }

    #[test]
    fn check_rel_accepts_only_paths_inside(rel in "[-./\\\\:a-z\0]{0,12}") {
        if check_rel(&rel).is_ok() {
            prop_assert!(stays_inside(&rel), "{rel:?}");
        }
    }

    #[test]
    fn a_page_url_stays_inside_the_output(
        dirs in prop::collection::vec(name(), 0..3),
        stem in name(),
        slug in prop::option::of(name()),
        index in any::<bool>(),
    ) {
        let mut parts = dirs.clone();
        parts.push(if index { "_index.md".to_string() } else { format!("{stem}.md") });
        let rel = parts.join("/");
        let slug_line = slug
            .as_ref()
            .map(|s| format!("slug: {}\n", serde_json::to_string(s).unwrap()))
            .unwrap_or_default();
        let text = format!("---\ntitle: T\n{slug_line}---\nBody\n");
        let file = Path::new("content").join(&rel);
        if let Ok(page) = content::parse_page(&file, &rel, &text, Kind::Page) {
            prop_assert!(page.url.starts_with('/') && page.url.ends_with('/'), "{}", page.url);
            let out = format!("{}index.html", &page.url[1..]);
            prop_assert!(check_rel(&out).is_ok(), "{rel:?} -> {out:?}");
            prop_assert!(stays_inside(&out), "{rel:?} -> {out:?}");
        }
    }

    #[test]
    fn whole_dollars_round_trip(dollars in 0u64..1_000_000_000_000) {
        let v = dollars as f64;
        prop_assert_eq!(format::parse_money(&format::money(v, false, false)), Some(v));
    }

    #[test]
    fn cents_round_trip(cents in 0u64..100_000_000_000) {
        let v = cents as f64 / 100.0;
        let text = format::money(v, false, true);
        let back = format::parse_money(&text).unwrap();
        prop_assert!((back - v).abs() < 0.005, "{v} -> {text} -> {back}");
    }

    #[test]
    fn short_money_round_trips_within_its_precision(v in 0.0f64..1e12) {
        let text = format::money(v, true, false);
        let back = format::parse_money(&text).unwrap();
        // One decimal of K/M/B (or none at 100 and above): within 5% of the unit,
        // and within 0.5 of the unit when shown without decimals.
        let unit = if v >= 1e9 { 1e9 } else if v >= 1e6 { 1e6 } else if v >= 1e3 { 1e3 } else { 1.0 };
        prop_assert!((back - v).abs() <= 0.5 * unit, "{v} -> {text} -> {back}");
    }

    #[test]
    fn percent_round_trips(fraction in -10.0f64..10.0, decimals in 0usize..4) {
        let text = format::percent(fraction, decimals);
        prop_assert!(text.ends_with('%'), "{text}");
        let back: f64 = text.trim_end_matches('%').replace(',', "").parse().unwrap();
        let step = 10f64.powi(-(decimals as i32));
        prop_assert!((back / 100.0 - fraction).abs() <= step / 200.0 + 1e-9, "{fraction} -> {text}");
    }

    #[test]
    fn number_round_trips(v in -1e12f64..1e12, decimals in 0usize..4) {
        let text = format::number(v, decimals);
        let back: f64 = text.replace(',', "").parse().unwrap();
        let step = 10f64.powi(-(decimals as i32));
        prop_assert!((back - v).abs() <= step / 2.0 + v.abs() * 1e-12, "{v} -> {text}");
    }

    #[test]
    fn front_matter_split_then_rejoined_is_the_input(
        lines in prop::collection::vec(
            prop_oneof!["---", "--- ", "---\t", "----", "title: x", "", "\\PC{0,8}"],
            0..8,
        ),
        trailing_newline in any::<bool>(),
    ) {
        let mut text = lines.join("\n");
        if trailing_newline {
            text.push('\n');
        }
        let text = traction::source::normalize(&text).into_owned();
        let start = text.as_ptr() as usize;
        let offset = |s: &str| s.as_ptr() as usize - start;
        match front_matter::split(&text) {
            Ok(split) => {
                let body_at = offset(split.body);
                prop_assert_eq!(&text[body_at..], split.body);
                match split.front {
                    None => prop_assert_eq!(body_at, 0),
                    Some(front) => {
                        let front_at = offset(front);
                        let open = &text[..front_at];
                        let close = &text[front_at + front.len()..body_at];
                        // Fence, YAML, fence, body: nothing lost, nothing added.
                        prop_assert_eq!(format!("{open}{front}{close}{}", split.body), text.clone());
                        prop_assert_eq!(open.trim_end(), "---");
                        prop_assert_eq!(close.trim_end(), "---");
                        prop_assert!(open.matches('\n').count() <= 1 && close.matches('\n').count() <= 1);
                        // The body starts on the line after the closing fence.
                        let close_line = text[..front_at + front.len()].matches('\n').count() + 1;
                        prop_assert_eq!(split.body_line, close_line + 1);
                    }
                }
            }
            Err(_) => {
                // Only a first-line fence with no closing fence after it.
                let mut lines = text.split('\n');
                prop_assert_eq!(lines.next().map(str::trim_end), Some("---"));
                prop_assert!(lines.all(|l| l.trim_end() != "---"));
            }
        }
    }

    #[test]
    fn no_page_text_makes_the_parser_panic(text in "(---\n)?\\PC{0,200}(\n---\n)?\\PC{0,40}") {
        let _ = content::parse_page(Path::new("content/x.md"), "x.md", &text, Kind::Page);
        let _ = content::parse_page(Path::new("content/c/x.md"), "c/x.md", &text, Kind::CaseStudy);
        let _ = content::parse_page(Path::new("content/p/x.md"), "p/x.md", &text, Kind::WeekPlan);
    }
}
