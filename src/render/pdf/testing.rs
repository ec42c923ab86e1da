//! The one fixture of the layout tests: the built-in theme's fonts and style,
//! a Letter page, a long body, and the margin check the fuzz regressions share.

use crate::render::pdf::blocks::Layouter;
use crate::render::pdf::document::{Block, markdown_blocks};
use crate::render::pdf::fonts::FontSet;
use crate::render::pdf::linebreak::ShapeCache;
use crate::render::pdf::paginate::{PageSetup, layout};
use crate::render::pdf::style::{self, Style};

/// Fonts and style of the built-in theme (no site folder needed).
pub(crate) fn fonts_and_style() -> (FontSet, Style) {
    let config = crate::config::Config::parse("title: T\nbase_url: https://t.example\n").unwrap();
    let theme = crate::theme::load(std::path::Path::new("/nonexistent-site"), &config).unwrap();
    let style = style::load(&theme).unwrap();
    let fonts = FontSet::load(&theme, &style).unwrap();
    (fonts, style)
}

/// A US Letter page with `footer` and no mark.
pub(crate) fn letter(footer: &str) -> PageSetup {
    PageSetup {
        width: 612.0,
        height: 792.0,
        footer: footer.to_string(),
        mark: None,
        contact: None,
    }
}

/// Twelve sections of text, a table and a list: several pages.
pub(crate) fn long_body() -> Vec<Block> {
    let mut md = String::new();
    for s in 0..12 {
        md.push_str(&format!("## Section {s}\n\n"));
        md.push_str(
            &"Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod. ".repeat(12),
        );
        md.push_str(
            "\n\n| A | B | C |\n|---|---|---|\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |\n\n- one\n- two\n\n",
        );
    }
    markdown_blocks(&md)
}

/// A layouter at full scale and the content width of a Letter page, with an empty shape cache.
pub(crate) fn with_layouter<R>(f: impl FnOnce(&mut Layouter) -> R) -> R {
    let (fonts, style) = fonts_and_style();
    let mut cache = ShapeCache::new();
    let mut l = Layouter::new(
        &fonts,
        &style,
        1.0,
        612.0 - 2.0 * style.margin,
        &mut cache,
        &[],
    );
    f(&mut l)
}

/// Lays out `markdown` on a Letter page with a footer made of it, and checks every item.
pub(crate) fn assert_inside_margins(markdown: &str) {
    let (fonts, style) = fonts_and_style();
    let setup = letter(&markdown.chars().take(200).collect::<String>());
    let list = layout(&markdown_blocks(markdown), &fonts, &style, &setup, &[]);
    let m = list.margin - 0.5;
    for page in &list.pages {
        for item in &page.items {
            let (x, _, w, _) = item.bounds();
            assert!(
                x >= m && x + w <= list.width - m + 1.0,
                "drawn outside the margins: {x} + {w}: {item:?}"
            );
        }
    }
}
