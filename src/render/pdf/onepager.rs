//! The one-pager layout (`layout: one-pager`): a designed sheet rather than a
//! document that happens to be short. Across the full width: the header band,
//! the summary beside the facts card, the metric tiles; below them the body,
//! the quote and any chart flow through two columns (`flow.rs` applies the fit
//! rules), balanced so both end level; a call to action closes the page.
//! A story too long for one page continues in two columns on page 2.

use crate::render::pdf::blocks::Layouter;
use crate::render::pdf::display::{DisplayList, Item, OutlineEntry, PageItems};
use crate::render::pdf::document::Block;
use crate::render::pdf::flow;
use crate::render::pdf::fonts::{FontSet, FontStyle};
use crate::render::pdf::linebreak::{ShapeCache, text_item};
use crate::render::pdf::paginate::{Atom, PageSetup, RegionAt, draw};
use crate::render::pdf::style::Style;

/// Columns of the body.
const COLUMNS: usize = 2;

/// Lays out `blocks` as a one-pager at `scale`.
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
    let gutter = l.s(18.0);
    let column_w = (width - gutter * (COLUMNS as f32 - 1.0)) / COLUMNS as f32;
    let mut top = Vec::new();
    let mut outline = Vec::new();
    let mut y = 0.0f32;
    let mut columns: Vec<Atom> = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        match block {
            Block::Header { .. } | Block::Callouts(_) | Block::Facts(_) => {
                l.width = width;
                for atom in l.block(block) {
                    y = stack_on(&mut top, &mut outline, atom, y, margin);
                }
            }
            Block::Lead(_) => {
                let facts = match blocks.get(i + 1) {
                    Some(f @ Block::Facts(_)) => {
                        i += 1;
                        Some(f)
                    }
                    _ => None,
                };
                let side = if facts.is_some() { width * 0.36 } else { 0.0 };
                let gap = if facts.is_some() { gutter } else { 0.0 };
                l.width = width - side - gap;
                let lead = merge(l.block(block));
                let facts = facts.map(|f| {
                    l.width = side;
                    merge(l.block(f))
                });
                let mut row = Atom::new(lead.height, Vec::new());
                row.gap_before = lead.gap_before;
                row.items = lead.items;
                if let Some(f) = facts {
                    row.height = row.height.max(f.height);
                    let x = width - side;
                    row.items.extend(f.items.into_iter().map(|mut it| {
                        it.shift(x, 0.0);
                        it
                    }));
                }
                y = stack_on(&mut top, &mut outline, row, y, margin);
            }
            _ => {
                l.width = column_w;
                columns.extend(l.block(block));
            }
        }
        i += 1;
    }
    let footer_h = l.s(style.sizes.small * 4.2);
    let avail = setup.height - 2.0 * margin - footer_h;
    let columns_top = if y > 0.0 { y + l.s(16.0) } else { 0.0 };
    let first = (avail - columns_top).max(0.0);
    let sizes: Vec<flow::Size> = columns.iter().map(Atom::size).collect();
    // Both columns end level when the story fits; otherwise they run full.
    let first = flow::balanced_height(&sizes, COLUMNS, first).unwrap_or(first);
    let height = |r: usize| if r < COLUMNS { first } else { avail };
    let placed = balance_last_page(&sizes, flow::flow(&sizes, height), avail);
    let region = |r: usize| RegionAt {
        page: r / COLUMNS,
        x: margin + (r % COLUMNS) as f32 * (column_w + gutter),
        y: margin + if r < COLUMNS { columns_top } else { 0.0 },
    };
    let mut pages = vec![PageItems { items: top }];
    draw(&columns, &placed, region, &mut pages, &mut outline);
    let fill = flow::fill(&sizes, &placed);
    let overflow: f32 = fill.iter().skip(COLUMNS).sum();
    let count = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        l.mark(page, setup);
        l.call_to_action(page, setup, n + 1, count);
    }
    let content_height = columns_top + sizes.iter().map(|a| a.gap_before + a.height).sum::<f32>();
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
        overflow_share: overflow / (avail * COLUMNS as f32),
    }
}

/// The columns of a story's last page (past the first) end level too: its
/// atoms flow again at the smallest height that still holds them.
fn balance_last_page(
    sizes: &[flow::Size],
    mut placed: Vec<flow::Placed>,
    avail: f32,
) -> Vec<flow::Placed> {
    let Some(last) = placed.last() else {
        return placed;
    };
    let first_region = last.region / COLUMNS * COLUMNS;
    if first_region < COLUMNS {
        return placed;
    }
    let start = placed
        .iter()
        .position(|p| p.region >= first_region)
        .expect("the last atom is on the last page");
    // A table continuing under its repeated header keeps the flow's placement.
    if placed[start].header_again {
        return placed;
    }
    let tail = &sizes[start..];
    if let Some(h) = flow::balanced_height(tail, COLUMNS, avail) {
        for (p, q) in placed[start..].iter_mut().zip(flow::flow(tail, |_| h)) {
            *p = flow::Placed {
                region: first_region + q.region,
                ..q
            };
        }
    }
    placed
}

/// Places a full-width `atom` under what is already at the top of page 1.
fn stack_on(
    items: &mut Vec<Item>,
    outline: &mut Vec<OutlineEntry>,
    atom: Atom,
    y: f32,
    margin: f32,
) -> f32 {
    let top = if y > 0.0 { y + atom.gap_before } else { 0.0 };
    if let Some((level, title)) = atom.outline {
        outline.push(OutlineEntry {
            level,
            title,
            page: 0,
            y: margin + top,
        });
    }
    items.extend(atom.items.into_iter().map(|mut it| {
        it.shift(margin, margin + top);
        it
    }));
    top + atom.height
}

/// Several atoms stacked into one (a block that must stay whole).
fn merge(atoms: Vec<Atom>) -> Atom {
    let mut out = Atom::new(0.0, Vec::new());
    for (k, atom) in atoms.into_iter().enumerate() {
        let top = if k == 0 {
            out.gap_before = atom.gap_before;
            0.0
        } else {
            out.height + atom.gap_before
        };
        out.items.extend(atom.items.into_iter().map(|mut it| {
            it.shift(0.0, top);
            it
        }));
        out.height = top + atom.height;
    }
    out
}

impl Layouter<'_> {
    /// The foot of a one-pager: a rule, the call to action with its link
    /// (or the page's own address), and the company; page numbers only when
    /// the story runs past one page.
    fn call_to_action(&mut self, page: &mut PageItems, setup: &PageSetup, n: usize, count: usize) {
        let margin = self.style.margin;
        let size = self.s(self.style.sizes.small * 1.15);
        let width = setup.width - 2.0 * margin;
        let bottom = setup.height - margin;
        let band_h = size * 2.6;
        let band_y = bottom - band_h;
        page.items.push(Item::Rect {
            x: margin,
            y: band_y,
            w: width,
            h: band_h,
            color: self.style.color("navy"),
        });
        let baseline = band_y + band_h / 2.0 + size * 0.35;
        let pad = size * 1.1;
        let (text, url) = match &setup.contact {
            Some(c) => (c.text.clone(), c.url.clone()),
            None => {
                let (company, url) = setup
                    .footer
                    .rsplit_once(" · ")
                    .unwrap_or((setup.footer.as_str(), ""));
                (company.to_string(), url.to_string())
            }
        };
        let right = if count > 1 {
            format!("Page {n} of {count}")
        } else {
            setup
                .footer
                .rsplit_once(" · ")
                .map_or(setup.footer.clone(), |(c, _)| c.to_string())
        };
        let right = if setup.contact.is_some() || count > 1 {
            right
        } else {
            String::new()
        };
        let white = crate::render::pdf::style::Rgb(255, 255, 255);
        let light = self.style.color("border");
        let right_w = self.width_of(&right, FontStyle::Regular, size);
        let room = width - 2.0 * pad - right_w - if right.is_empty() { 0.0 } else { pad };
        let text = self.fit(
            &format!("{} ", text.trim()),
            FontStyle::Bold,
            size,
            room * 0.6,
        );
        let text_w = self.width_of(&text, FontStyle::Bold, size);
        let url_shown = self.fit(
            url.trim_start_matches("mailto:"),
            FontStyle::Regular,
            size,
            (room - text_w).max(0.0),
        );
        // Content, not an artifact: the call to action is read and tagged once per page.
        let node = self.node(crate::render::pdf::display::NodeKind::Paragraph, None);
        let mut x = margin + pad;
        for run in self.shape(&text, FontStyle::Bold).runs.iter() {
            page.items
                .push(text_item(run, x, baseline, size, white, Some(node)));
            x += run.width_em * size;
        }
        if !url.is_empty() {
            let start = x;
            let accent = self.style.color("card");
            for run in self
                .shape(&format!("→ {url_shown}"), FontStyle::Regular)
                .runs
                .iter()
            {
                page.items
                    .push(text_item(run, x, baseline, size, accent, Some(node)));
                x += run.width_em * size;
            }
            page.items.push(Item::Link {
                x: start,
                y: band_y,
                w: x - start,
                h: band_h,
                url,
                node,
            });
        }
        let mut x = margin + width - pad - right_w;
        for run in self.shape(&right, FontStyle::Regular).runs.iter() {
            page.items
                .push(text_item(run, x, baseline, size, light, None));
            x += run.width_em * size;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::display::NodeKind;
    use crate::render::pdf::document::markdown_blocks;
    use crate::render::pdf::paginate::layout;
    use crate::render::pdf::style::Layout;
    use crate::render::pdf::testing::{fonts_and_style, letter};

    fn one_pager() -> (FontSet, Style) {
        let (fonts, mut style) = fonts_and_style();
        style.layout = Layout::OnePager;
        (fonts, style)
    }

    fn story(paragraphs: usize) -> Vec<Block> {
        let mut md = String::new();
        for s in 0..paragraphs {
            md.push_str(&format!("## Part {s}\n\n"));
            md.push_str(&"Words that fill a column and then some more of them. ".repeat(9));
            md.push_str("\n\n");
        }
        markdown_blocks(&md)
    }

    #[test]
    fn a_story_that_fits_has_one_page_and_no_overflow() {
        let (fonts, style) = one_pager();
        let list = layout(
            &story(3),
            &fonts,
            &style,
            &letter("Acme · https://a.example/"),
            &[],
        );
        assert_eq!(list.pages.len(), 1);
        assert_eq!(list.overflow, 0.0);
        assert_eq!(list.scale, 1.0);
    }

    #[test]
    fn a_slightly_long_story_shrinks_but_never_under_the_smallest_body() {
        let (fonts, style) = one_pager();
        let setup = letter("Acme · https://a.example/");
        let mut cache = ShapeCache::new();
        let n = (1..60)
            .find(|&n| {
                layout_at(&story(n), &fonts, &style, &setup, &[], 1.0, &mut cache)
                    .pages
                    .len()
                    > 1
            })
            .expect("a long story overflows");
        let list = layout(&story(n), &fonts, &style, &setup, &[]);
        assert_eq!(list.pages.len(), 1);
        assert!(
            list.scale < 1.0 && list.scale >= style.min_scale() - 1e-6,
            "{}",
            list.scale
        );
        assert!(style.sizes.body * list.scale >= 8.5 - 1e-4);
    }

    #[test]
    fn a_story_too_long_flows_to_page_2_and_says_by_how_much() {
        let (fonts, style) = one_pager();
        let list = layout(
            &story(14),
            &fonts,
            &style,
            &letter("Acme · https://a.example/"),
            &[],
        );
        assert!(list.pages.len() >= 2);
        assert_eq!(list.scale, 1.0, "an overflowing story is set at full size");
        assert!(
            list.overflow > 0.0 && list.overflow_share > 0.0,
            "{}",
            list.overflow
        );
        // No column ends with a heading.
        for page in &list.pages {
            let mut last_in_column: [Option<usize>; 2] = [None, None];
            for item in &page.items {
                if let Item::Text {
                    node: Some(n), x, ..
                } = item
                {
                    let col = usize::from(*x > list.width / 2.0);
                    last_in_column[col] = Some(*n);
                }
            }
            for n in last_in_column.into_iter().flatten() {
                assert!(
                    !matches!(list.nodes[n].kind, NodeKind::Heading(_)),
                    "a column ends with a heading"
                );
            }
        }
    }

    #[test]
    fn the_last_page_columns_end_level() {
        let atom = flow::Size {
            height: 10.0,
            gap_before: 0.0,
            keep_next: 0,
            repeat_header: None,
        };
        // Page 1 holds 2 x 5 atoms; 6 more go to page 2, 3 in each column.
        let sizes = vec![atom; 16];
        let placed = flow::flow(&sizes, |r| if r < COLUMNS { 50.0 } else { 100.0 });
        assert_eq!(placed[15].region, 2, "unbalanced: all in the first column");
        let placed = balance_last_page(&sizes, placed, 100.0);
        let regions: Vec<usize> = placed[10..].iter().map(|p| p.region).collect();
        assert_eq!(regions, [2, 2, 2, 3, 3, 3]);
        assert!(placed[..10].iter().all(|p| p.region < 2));
    }

    #[test]
    fn the_call_to_action_is_a_link() {
        let (fonts, style) = one_pager();
        let setup = PageSetup {
            contact: Some(crate::config::Contact {
                text: "Talk to us".into(),
                url: "https://a.example/contact".into(),
            }),
            ..letter("Acme · https://a.example/")
        };
        let list = layout(&story(1), &fonts, &style, &setup, &[]);
        let links: Vec<&str> = list.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Link { url, .. } => Some(url.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(links, ["https://a.example/contact"]);
        assert!(list.text().contains("Talk to us"));
    }
}
