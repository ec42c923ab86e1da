//! Slide layout on plain data: pages, outline, shrink bounds, tiles, notes.
use super::*;

/// The built-in theme's fonts and style (no site folder needed).
fn fonts_and_style() -> (crate::render::pdf::fonts::FontSet, Style) {
    let config = crate::config::Config::parse("title: T\nbase_url: https://t.example\n").unwrap();
    let theme = crate::theme::load(Path::new("/nonexistent-site"), &config).unwrap();
    let style = crate::render::pdf::style::load(&theme).unwrap();
    let fonts = crate::render::pdf::fonts::FontSet::load(&theme, &style).unwrap();
    (fonts, style)
}

fn content(layout: Layout, markdown: &str) -> SlideContent {
    let mut blocks = document::markdown_blocks(markdown);
    let title = match blocks.first() {
        Some(Block::Heading { text, .. }) => Some(text.clone()),
        _ => None,
    };
    if title.is_some() {
        blocks.remove(0);
    }
    SlideContent {
        layout,
        title,
        columns: vec![blocks],
        quote: None,
        chart: None,
        pictures: Vec::new(),
        backgrounds: Vec::new(),
        fit: Vec::new(),
        look: Default::default(),
        marp: false,
        notes: String::new(),
    }
}

fn frame(total: usize) -> layout::Frame<'static> {
    layout::Frame {
        company: "Acme, Inc.",
        mark: Some("Confidential"),
        total,
        style: style::SlideStyle::default(),
    }
}

fn sizes(list: &DisplayList, page: usize) -> Vec<f32> {
    list.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { size, node, .. } if node.is_some() => Some(*size),
            _ => None,
        })
        .collect()
}

#[test]
fn every_slide_is_one_16_9_page_with_its_title_in_the_outline() {
    let (fonts, style) = fonts_and_style();
    let slides = vec![
        content(Layout::Title, "# Acme\n\nOne live record."),
        content(Layout::Bullets, "## Problem\n\n- one\n- two"),
        content(Layout::Closing, "Thanks"),
    ];
    let laid = lay_out(&slides, &fonts, &style, &frame(3), false);
    let list = &laid.slides;
    assert_eq!((list.width, list.height), (960.0, 540.0));
    assert_eq!(list.pages.len(), 3);
    let titles: Vec<(&str, usize)> = list
        .outline
        .iter()
        .map(|e| (e.title.as_str(), e.page))
        .collect();
    assert_eq!(titles, [("Acme", 0), ("Problem", 1), ("Slide 3", 2)]);
    assert!(laid.overflows.is_empty());
    assert!(laid.notes.is_none());
    // The footer numbers the slide and carries the profile's mark, as artifacts.
    let text = list.text();
    assert!(
        text.contains("2 / 3") && text.contains("CONFIDENTIAL"),
        "{text}"
    );
    for page in &list.pages {
        for item in &page.items {
            let (x, y, w, h) = item.bounds();
            assert!(
                x >= -0.5 && x + w <= 960.5 && y >= -0.5 && y + h <= 540.5,
                "{item:?}"
            );
        }
    }
}

#[test]
fn a_word_wider_than_the_slide_is_cut_inside_it() {
    let (fonts, style) = fonts_and_style();
    let word = "x".repeat(400);
    let slide = content(Layout::Bullets, &format!("## Long\n\n- {word}\n\n{word}"));
    let laid = lay_out(&[slide], &fonts, &style, &frame(1), false);
    for item in &laid.slides.pages[0].items {
        let (x, _, w, _) = item.bounds();
        assert!(x + w <= 960.0 - 63.0, "{item:?}");
    }
    assert_eq!(laid.slides.text().matches('x').count(), 800);
}

#[test]
fn a_crowded_slide_shrinks_within_bounds_and_past_them_overflows() {
    let (fonts, style) = fonts_and_style();
    let bullets = |n: usize| -> String {
        (1..=n)
            .map(|k| format!("- Point {k}\n"))
            .collect::<String>()
    };
    let roomy = content(Layout::Bullets, &format!("## T\n\n{}", bullets(4)));
    let crowded = content(Layout::Bullets, &format!("## T\n\n{}", bullets(10)));
    let hopeless = content(Layout::Bullets, &format!("## T\n\n{}", bullets(40)));
    let laid = lay_out(
        &[roomy, crowded, hopeless],
        &fonts,
        &style,
        &frame(3),
        false,
    );
    let max = |p| sizes(&laid.slides, p).into_iter().fold(0.0f32, f32::max);
    let min = |p| sizes(&laid.slides, p).into_iter().fold(f32::MAX, f32::min);
    assert_eq!(max(0), 38.0, "the title at full size");
    assert!(max(1) < 38.0, "the crowded slide shrank");
    assert!(
        min(2) >= 24.0 * style::SlideStyle::default().min_scale - 0.01,
        "never under the theme's bound"
    );
    assert_eq!(laid.overflows.len(), 1);
    let (slide, by) = laid.overflows[0];
    assert_eq!(slide, 3);
    assert!(by > 500.0, "{by}");
}

#[test]
fn big_numbers_make_one_tile_per_item_valued_by_its_bold_words() {
    let (fonts, style) = fonts_and_style();
    let slide = content(
        Layout::BigNumbers,
        "## Traction\n\n- **$125,000** ARR\n- **3** customers\n- **67**: NPS\n\nNobody churned.",
    );
    let laid = lay_out(&[slide], &fonts, &style, &frame(1), false);
    let page = &laid.slides.pages[0];
    let card = style.color("card");
    let tiles = page
        .items
        .iter()
        .filter(|i| matches!(i, Item::Rect { color, h, .. } if *color == card && *h > 40.0))
        .count();
    assert_eq!(tiles, 3);
    let big: Vec<&str> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, size, .. } if *size >= 40.0 => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(big, ["$125,000", "3", "67"]);
    let text = laid.slides.text();
    assert!(text.contains("NPS") && !text.contains(": NPS"), "{text}");
    assert!(text.contains("Nobody churned."));
}

#[test]
fn presenter_pages_put_the_notes_under_their_slide() {
    let (fonts, style) = fonts_and_style();
    let mut slide = content(Layout::Bullets, "## Ask\n\n- Sales");
    slide.notes = "Pause here.".into();
    let laid = lay_out(&[slide], &fonts, &style, &frame(1), true);
    let notes = laid.notes.expect("notes were asked for");
    assert_eq!((notes.width, notes.height), (960.0, NOTES_HEIGHT));
    let below: Vec<&str> = notes.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, y, .. } if *y > HEIGHT => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(below.concat().contains("Pause here."), "{below:?}");
    assert!(!laid.slides.text().contains("Pause here."));
}

#[test]
fn a_slide_the_pdf_writer_refuses_is_named_with_its_file_and_line() {
    let (fonts, style) = fonts_and_style();
    let slides = vec![
        content(Layout::Title, "# Acme"),
        content(Layout::Bullets, "## Two\n\n- fine"),
        content(Layout::Bullets, "## Three\n\n- fine"),
    ];
    let mut laid = lay_out(&slides, &fonts, &style, &frame(3), false);
    // Glyph 0 (.notdef) is what PDF/A refuses (a `\n` drawn as text once was).
    let bad = laid.slides.pages[1]
        .items
        .iter_mut()
        .find_map(|i| match i {
            Item::Text { glyphs, .. } if !glyphs.is_empty() => Some(glyphs),
            _ => None,
        })
        .unwrap();
    bad[0].id = 0;
    let pdf_fonts = write::PdfFonts::new(&fonts).unwrap();
    let info = write::Info {
        title: "T".into(),
        author: "Acme".into(),
        language: "en".into(),
        created: jiff::Timestamp::UNIX_EPOCH,
        description: String::new(),
    };
    let Err(e) = write_deck(&laid.slides, &pdf_fonts, &info, &[]) else {
        panic!("a .notdef glyph must fail PDF/A");
    };
    let d = e.diagnostic(Path::new("content/deck.md"), &[4, 9, 14]);
    let shown = format!("{d:?}");
    assert!(
        shown.contains("slide 2: the deck PDF could not be written"),
        "{shown}"
    );
    assert!(shown.contains("content/deck.md"), "{shown}");
    assert!(shown.contains('9'), "{shown}");
}

#[test]
fn a_marp_colour_paints_the_header_and_footer_too() {
    let (fonts, style) = fonts_and_style();
    let mut slide = content(Layout::Bullets, "## Two\n\n- text");
    slide.marp = true;
    slide.look.class = Some("invert".into());
    slide.look.color = Some("#222".into());
    slide.look.header = Some("Head".into());
    slide.look.footer = Some("Foot".into());
    let laid = lay_out(&[slide], &fonts, &style, &frame(1), false);
    for word in ["Head", "Foot"] {
        let color = laid.slides.pages[0].items.iter().find_map(|i| match i {
            Item::Text { text, color, .. } if text == word => Some(*color),
            _ => None,
        });
        assert_eq!(
            color,
            Some(crate::render::pdf::style::Rgb(0x22, 0x22, 0x22)),
            "{word}"
        );
    }
}
