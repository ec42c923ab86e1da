//! The PDF layout from arbitrary Markdown: never panics, never draws outside the margins.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use traction::render::pdf::{document, fonts::FontSet, paginate, style};

fn setup() -> &'static (FontSet, style::Style) {
    static SETUP: OnceLock<(FontSet, style::Style)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let config = traction::config::Config::parse("title: T\nbase_url: https://t.example\n").unwrap();
        let theme = traction::theme::load(std::path::Path::new("/nonexistent"), &config).unwrap();
        let style = style::load(&theme).unwrap();
        let fonts = FontSet::load(&theme, &style).unwrap();
        (fonts, style)
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (fonts, style) = setup();
    let blocks = document::markdown_blocks(&text);
    let page = paginate::PageSetup { width: 612.0, height: 792.0, footer: text.chars().take(200).collect(), mark: None, contact: None };
    let list = paginate::layout(&blocks, fonts, style, &page, &[]);
    let m = list.margin - 0.5;
    for p in &list.pages {
        for item in &p.items {
            let (x, _, w, _) = item.bounds();
            assert!(x >= m && x + w <= list.width - m + 1.0, "drawn outside the margins: {x} + {w}");
        }
    }
});
