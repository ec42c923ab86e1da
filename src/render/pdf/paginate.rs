//! Pagination: shrink-to-fit and the flow of atoms onto pages.
//!
//! A one-pager is set at full size and, if it runs over, at one or two
//! slightly smaller scales before it flows onto a second page at full size.
//! Pagination works on atoms: the smallest pieces that may not be split (a
//! line group, a table row, a callout row, the quote). Headings keep with the
//! next atom; paragraphs put their first two and last two lines in one atom
//! each (no widows or orphans); a table row is one atom and a page break
//! inside a table repeats its header row.

use std::collections::HashMap;
use std::rc::Rc;

use crate::render::pdf::blocks::Layouter;
use crate::render::pdf::display::{DisplayList, Item, OutlineEntry, PageItems};
use crate::render::pdf::document::Block;
use crate::render::pdf::flow;
use crate::render::pdf::fonts::{FontSet, FontStyle};
use crate::render::pdf::linebreak::{ShapeCache, text_item};
use crate::render::pdf::style::{Layout, Style};

/// Page geometry and footer text.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageSetup {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// Footer, left part.
    pub footer: String,
    /// A mark at the top of every page ("Confidential · Approval pending").
    pub mark: Option<String>,
    /// The call to action of a one-pager's footer, and where it leads.
    pub contact: Option<crate::config::Contact>,
}

/// The unit of pagination: a piece that may not be split across pages, laid
/// out from its own top-left corner.
pub(crate) struct Atom {
    pub(super) height: f32,
    pub(super) gap_before: f32,
    pub(super) items: Vec<Item>,
    /// How many following atoms must share this atom's column or page.
    pub(super) keep_next: usize,
    pub(super) repeat_header: Option<Rc<Atom>>,
    pub(super) outline: Option<(u8, String)>,
}

impl Atom {
    /// An atom of `height` with no gap, keep rule or outline entry.
    pub(super) fn new(height: f32, items: Vec<Item>) -> Atom {
        Atom {
            height,
            gap_before: 0.0,
            items,
            keep_next: 0,
            repeat_header: None,
            outline: None,
        }
    }

    /// The atom as the flow sees it.
    pub(super) fn size(&self) -> flow::Size {
        flow::Size {
            height: self.height,
            gap_before: self.gap_before,
            keep_next: self.keep_next,
            repeat_header: self.repeat_header.as_ref().map(|h| h.height),
        }
    }
}

/// Lays out `blocks` in the style's layout: at full size if it fits one page,
/// else at the largest scale that fits (the body never under `fit.min_body`),
/// else at full size over several pages, recording by how much the smallest
/// size overran one page. `images` are the pixel sizes of the document's
/// images, by `ImageId`.
pub fn layout(
    blocks: &[Block],
    fonts: &FontSet,
    style: &Style,
    setup: &PageSetup,
    images: &[(u32, u32)],
) -> DisplayList {
    SHAPES.with(|shapes| {
        let mut shapes = shapes.borrow_mut();
        if shapes.values().map(HashMap::len).sum::<usize>() > 200_000 {
            shapes.clear();
        }
        let cache = shapes.entry(fonts.hash()).or_default();
        let mut at = |scale: f32| match style.layout {
            Layout::Flow => layout_at(blocks, fonts, style, setup, images, scale, cache),
            Layout::OnePager => {
                super::onepager::layout_at(blocks, fonts, style, setup, images, scale, cache)
            }
        };
        let full = at(1.0);
        if full.pages.len() == 1 {
            return full;
        }
        let min = style.min_scale();
        let smallest = at(min);
        if smallest.pages.len() > 1 {
            return DisplayList {
                overflow: smallest.overflow,
                overflow_share: smallest.overflow_share,
                ..full
            };
        }
        // The largest scale that still fits, to a few hundredths.
        let (mut fits, mut best, mut over) = (min, smallest, 1.0);
        for _ in 0..4 {
            let mid = (fits + over) / 2.0;
            let list = at(mid);
            if list.pages.len() == 1 {
                fits = mid;
                best = list;
            } else {
                over = mid;
            }
        }
        best
    })
}

thread_local! {
    static SHAPES: std::cell::RefCell<HashMap<u64, ShapeCache>> = std::cell::RefCell::new(HashMap::new());
}

/// Where a region of the flow is: its page and its top-left corner on it.
pub(super) struct RegionAt {
    pub(super) page: usize,
    pub(super) x: f32,
    pub(super) y: f32,
}

/// Draws `atoms` where the flow `placed` them, into `pages` (grown as
/// needed), with repeated table headers as artifacts and outline entries.
pub(super) fn draw(
    atoms: &[Atom],
    placed: &[flow::Placed],
    region: impl Fn(usize) -> RegionAt,
    pages: &mut Vec<PageItems>,
    outline: &mut Vec<OutlineEntry>,
) {
    for (atom, p) in atoms.iter().zip(placed) {
        let at = region(p.region);
        if pages.len() <= at.page {
            pages.resize_with(at.page + 1, PageItems::default);
        }
        let page = &mut pages[at.page];
        if p.header_again
            && let Some(header) = &atom.repeat_header
        {
            // The header row again, as an artifact: it is already in the tag tree once.
            for item in &header.items {
                let mut copy = item.clone();
                if let Item::Text { node, .. } = &mut copy {
                    *node = None;
                }
                copy.shift(at.x, at.y);
                page.items.push(copy);
            }
        }
        if let Some((level, title)) = &atom.outline {
            outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
                page: at.page,
                y: at.y + p.top,
            });
        }
        for item in &atom.items {
            let mut placed = item.clone();
            placed.shift(at.x, at.y + p.top);
            page.items.push(placed);
        }
    }
}

pub(super) fn layout_at(
    blocks: &[Block],
    fonts: &FontSet,
    style: &Style,
    setup: &PageSetup,
    images: &[(u32, u32)],
    scale: f32,
    cache: &mut ShapeCache,
) -> DisplayList {
    let margin = style.margin;
    let width = setup.width - 2.0 * margin;
    let mut l = Layouter::new(fonts, style, scale, width, cache, images);
    let mut atoms = Vec::new();
    for block in blocks {
        atoms.extend(l.block(block));
    }
    let footer_h = style.sizes.small * 3.0;
    let avail = setup.height - 2.0 * margin - footer_h;
    let content_height: f32 = atoms.iter().map(|a| a.gap_before + a.height).sum();
    let sizes: Vec<flow::Size> = atoms.iter().map(Atom::size).collect();
    let placed = flow::flow(&sizes, |_| avail);
    let mut pages = vec![PageItems::default()];
    let mut outline = Vec::new();
    let region = |r: usize| RegionAt {
        page: r,
        x: margin,
        y: margin,
    };
    draw(&atoms, &placed, region, &mut pages, &mut outline);
    let overflow: f32 = flow::fill(&sizes, &placed).iter().skip(1).sum();
    let count = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        l.footer(page, setup, n + 1, count);
    }
    DisplayList {
        width: setup.width,
        height: setup.height,
        margin,
        pages,
        nodes: l.nodes,
        outline,
        scale,
        missing: l.missing,
        content_height,
        available: avail,
        overflow,
        overflow_share: overflow / avail,
    }
}

impl Layouter<'_> {
    /// The audience mark in the top margin, right-aligned: on every page, away from the content.
    pub(super) fn mark(&mut self, page: &mut PageItems, setup: &PageSetup) {
        let Some(mark) = &setup.mark else { return };
        let size = self.style.sizes.small;
        let margin = self.style.margin;
        let bold = FontStyle::Bold;
        let text = self.fit(&mark.to_uppercase(), bold, size, setup.width - 2.0 * margin);
        let w = self.width_of(&text, bold, size);
        let mut x = setup.width - margin - w;
        let red = self.style.color("mark");
        for run in self.shape(&text, bold).runs.iter() {
            page.items
                .push(text_item(run, x, margin * 0.6, size, red, None));
            x += run.width_em * size;
        }
    }

    /// The footer (rule, text, page number) and the mark, on every page.
    fn footer(&mut self, page: &mut PageItems, setup: &PageSetup, n: usize, count: usize) {
        let size = self.style.sizes.small;
        let margin = self.style.margin;
        let y = setup.height - margin;
        let muted = self.style.color("muted");
        page.items.push(Item::Rect {
            x: margin,
            y: y - size * 2.0,
            w: setup.width - 2.0 * margin,
            h: 0.5,
            color: self.style.color("border"),
        });
        self.mark(page, setup);
        let right = format!("Page {n} of {count}");
        let right_w = self.width_of(&right, FontStyle::Regular, size);
        let left_max = setup.width - 2.0 * margin - right_w - 12.0;
        let left = self.fit(&setup.footer, FontStyle::Regular, size, left_max);
        let mut x = margin;
        for run in self.shape(&left, FontStyle::Regular).runs.iter() {
            page.items
                .push(text_item(run, x, y - size * 0.4, size, muted, None));
            x += run.width_em * size;
        }
        let mut x = setup.width - margin - right_w;
        for run in self.shape(&right, FontStyle::Regular).runs.iter() {
            page.items
                .push(text_item(run, x, y - size * 0.4, size, muted, None));
            x += run.width_em * size;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::display::NodeKind;
    use crate::render::pdf::document::markdown_blocks;
    use crate::render::pdf::testing::{assert_inside_margins, letter, long_body};

    /// The built-in theme's fonts and style, in the flow layout these tests pin down.
    fn fonts_and_style() -> (FontSet, Style) {
        let (fonts, mut style) = crate::render::pdf::testing::fonts_and_style();
        style.layout = Layout::Flow;
        (fonts, style)
    }

    const FOOTER: &str = "Acme · https://a.example/x/";

    #[test]
    fn nothing_is_drawn_outside_the_margins() {
        let (fonts, style) = fonts_and_style();
        let list = layout(&long_body(), &fonts, &style, &letter(FOOTER), &[]);
        assert!(list.pages.len() > 1);
        let m = list.margin - 0.01;
        for page in &list.pages {
            for item in &page.items {
                let (x, y, w, h) = item.bounds();
                assert!(
                    x >= m && x + w <= list.width - m + 0.5,
                    "x out of margins: {item:?}"
                );
                assert!(
                    y >= m - 2.0 && y + h <= list.height - m + 2.0,
                    "y out of margins: {x} {y} {w} {h}"
                );
            }
        }
    }

    #[test]
    fn no_page_ends_with_a_heading() {
        let (fonts, style) = fonts_and_style();
        let list = layout(&long_body(), &fonts, &style, &letter(FOOTER), &[]);
        for page in &list.pages[..list.pages.len() - 1] {
            let last = page.items.iter().rev().find_map(|i| match i {
                Item::Text { node: Some(n), .. } => Some(*n),
                _ => None,
            });
            let kind = &list.nodes[last.expect("page has text")].kind;
            assert!(
                !matches!(kind, NodeKind::Heading(_)),
                "page ends with a heading"
            );
        }
    }

    #[test]
    fn slightly_long_content_shrinks_to_one_page() {
        let (fonts, style) = fonts_and_style();
        let blocks_for = |n: usize| {
            let md: String = (0..n)
                .map(|_| "Words that fill the page nicely and then some more. ".repeat(3) + "\n\n")
                .collect();
            markdown_blocks(&md)
        };
        let mut cache = ShapeCache::new();
        // The first length that no longer fits one page at full size.
        let n = (1..200)
            .find(|&n| {
                layout_at(
                    &blocks_for(n),
                    &fonts,
                    &style,
                    &letter(FOOTER),
                    &[],
                    1.0,
                    &mut cache,
                )
                .pages
                .len()
                    > 1
            })
            .expect("content eventually overflows");
        let list = layout(&blocks_for(n), &fonts, &style, &letter(FOOTER), &[]);
        assert_eq!(list.pages.len(), 1, "scale {}", list.scale);
        assert!(list.scale < 1.0);
        let much_longer = layout(&blocks_for(n * 2), &fonts, &style, &letter(FOOTER), &[]);
        assert_eq!(
            much_longer.scale, 1.0,
            "long content flows at full size instead of shrinking"
        );
        assert!(much_longer.pages.len() >= 2);
    }

    #[test]
    fn a_huge_company_name_is_cut_to_fit_the_footer() {
        let (fonts, style) = fonts_and_style();
        let setup = letter(&format!("{} · https://a.example/", "x".repeat(5000)));
        let list = layout(&markdown_blocks("Body."), &fonts, &style, &setup, &[]);
        let footer: String = list.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text {
                    text, node: None, ..
                } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            footer.contains('…') && footer.len() < 400,
            "{}",
            footer.len()
        );
    }

    /// Found by `cargo fuzz run pdf_layout`: a long word whose shaped width exceeded
    /// the sum of its characters' widths hung past the right margin.
    #[test]
    fn crash_a361660c_a_broken_word_stays_inside_the_margins() {
        let input = b"\xccb~@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@7777777777777777777777D@@@@@@@@@@@@@@@@@\x01\x0b<";
        assert_inside_margins(&String::from_utf8_lossy(input));
    }

    /// Found by the second `pdf_layout` run: a piece drawn wider than its trimmed
    /// measure (combining marks and fallback fonts) crossed the right margin.
    #[test]
    fn crash_25f32d1e_a_piece_drawn_wider_than_measured_moves_to_the_next_line() {
        let input: &[u8] = &[
            0x80, 0xcd, 0x95, 0xd5, 0xa7, 0xd5, 0x81, 0xd5, 0x87, 0x3, 0x80, 0x82, 0x82, 0x82,
            0x82, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e,
            0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e,
            0x5b, 0x5e, 0xb, 0x95, 0x3c, 0x41, 0x3c, 0x5d, 0x5b, 0x3c, 0x5d, 0x5b, 0x5e, 0xb, 0x6d,
            0x75, 0x74, 0x65, 0x64, 0x28, 0x5d, 0x5d, 0xc8, 0xba, 0x81, 0x2d, 0x81, 0xba, 0x81,
            0xc6, 0x5c, 0x5c, 0x5c, 0x5c, 0x29, 0x7e, 0x3c, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e,
            0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x5b, 0x5e,
            0xb, 0x95, 0x3c, 0x41, 0x3c, 0x5d, 0x5b, 0x3c, 0x5d, 0x5b, 0x5e, 0xb, 0x95, 0xa, 0x7a,
            0x2a, 0x5d, 0x28, 0x5d, 0x5d, 0xc8, 0xba, 0x81, 0x2d, 0x81, 0xba, 0x81, 0xc6, 0x5c,
            0x5c, 0x5c, 0x5c, 0x29, 0x7e, 0x3c,
        ];
        assert_inside_margins(&String::from_utf8_lossy(input));
    }
}
