//! Block layout: each block of the one-pager (header band, paragraphs,
//! headings, lists, code, metric callouts, quote, chart; tables in `table.rs`)
//! measures and places itself as atoms for `paginate.rs`, from its own
//! top-left corner at the content width.

use std::collections::BTreeSet;

use crate::render::charts;
use crate::render::pdf::display::{ImageId, Item, Node, NodeKind};
use crate::render::pdf::document::{Bar, Block, Callout, Span};
use crate::render::pdf::fonts::{FontSet, FontStyle};
use crate::render::pdf::linebreak::{Line, ShapeCache, text_item};
use crate::render::pdf::paginate::Atom;
use crate::render::pdf::style::{Rgb, Style};

/// Lays out blocks at one scale, collecting the structure tree and the
/// characters no font had.
pub(super) struct Layouter<'a> {
    pub(super) fonts: &'a FontSet,
    pub(super) style: &'a Style,
    pub(super) scale: f32,
    pub(super) width: f32,
    pub(super) nodes: Vec<Node>,
    pub(super) missing: BTreeSet<char>,
    pub(super) cache: &'a mut ShapeCache,
    /// Pixel sizes of the document's images, by `ImageId`.
    pub(super) images: &'a [(u32, u32)],
    /// The id the next image met gets.
    pub(super) next_image: usize,
}

impl<'a> Layouter<'a> {
    /// A layouter at `scale` for blocks `width` wide, with no structure yet.
    pub(super) fn new(
        fonts: &'a FontSet,
        style: &'a Style,
        scale: f32,
        width: f32,
        cache: &'a mut ShapeCache,
        images: &'a [(u32, u32)],
    ) -> Layouter<'a> {
        Layouter {
            fonts,
            style,
            scale,
            width,
            nodes: Vec::new(),
            missing: BTreeSet::new(),
            cache,
            images,
            next_image: 0,
        }
    }
    /// `v` at the current scale.
    pub(super) fn s(&self, v: f32) -> f32 {
        v * self.scale
    }

    /// A new structure element.
    pub(super) fn node(&mut self, kind: NodeKind, parent: Option<usize>) -> usize {
        self.nodes.push(Node { kind, parent });
        self.nodes.len() - 1
    }

    /// The atoms of one block, positioned from its own top-left corner.
    pub(super) fn block(&mut self, block: &Block) -> Vec<Atom> {
        match block {
            Block::Header {
                title,
                subtitle,
                kicker,
                logo,
            } => {
                // Images are numbered in the order the blocks carry them.
                let image = logo.as_ref().map(|_| {
                    self.next_image += 1;
                    ImageId(self.next_image - 1)
                });
                let logo = image.and_then(|id| Some((id, *self.images.get(id.0)?)));
                let alt = logo_alt(logo.as_ref().and(block_logo_alt(block)));
                vec![self.header(title, subtitle, kicker, logo, &alt)]
            }
            Block::Lead(spans) => {
                let size = self.s(self.style.sizes.body * 1.1);
                let node = self.node(NodeKind::Paragraph, None);
                let color = self.style.color("slate");
                let lines = self.wrap(spans, size, self.width, color, node);
                paragraph_atoms(lines, self.s(10.0))
            }
            Block::Paragraph(spans) => {
                let size = self.s(self.style.sizes.body);
                let node = self.node(NodeKind::Paragraph, None);
                let color = self.style.color("text");
                let lines = self.wrap(spans, size, self.width, color, node);
                paragraph_atoms(lines, size * 0.7)
            }
            Block::Heading { level, text } => {
                let size = self.s(if *level <= 2 {
                    self.style.sizes.h2
                } else {
                    self.style.sizes.h3
                });
                let node = self.node(NodeKind::Heading(*level), None);
                let color = self.style.color("navy");
                let spans = [Span::new(text.clone(), FontStyle::Bold)];
                let lines = self.wrap(&spans, size, self.width, color, node);
                let (height, items) = stack(lines);
                let mut atom = Atom::new(height, items);
                atom.gap_before = size * 1.0;
                atom.keep_next = 1;
                atom.outline = Some((*level, text.clone()));
                vec![atom]
            }
            Block::List {
                ordered,
                items,
                markers,
            } => self.list(*ordered, items, markers),
            Block::Table { header, rows } => self.table(header, rows),
            Block::Code(text) => {
                let size = self.s(self.style.sizes.body * 0.9);
                let node = self.node(NodeKind::Paragraph, None);
                let pad = self.s(6.0);
                let mut items = vec![];
                let mut y = pad;
                let color = self.style.color("text");
                for raw in text.lines() {
                    let spans = [Span {
                        text: if raw.is_empty() {
                            " ".into()
                        } else {
                            raw.to_string()
                        },
                        style: FontStyle::Mono,
                        link: None,
                    }];
                    for mut line in self.wrap(&spans, size, self.width - 2.0 * pad, color, node) {
                        for it in &mut line.items {
                            it.shift(pad, y);
                        }
                        y += line.height;
                        items.extend(line.items);
                    }
                }
                let h = y + pad;
                items.insert(
                    0,
                    Item::Rect {
                        x: 0.0,
                        y: 0.0,
                        w: self.width,
                        h,
                        color: self.style.color("card"),
                    },
                );
                let mut atom = Atom::new(h, items);
                atom.gap_before = size * 0.8;
                vec![atom]
            }
            Block::Callouts(callouts) => self.callouts(callouts),
            Block::Facts(rows) => vec![self.facts(rows)],
            Block::Quote { text, attribution } => vec![self.quote(text, attribution)],
            Block::Chart { bars, alt } => vec![self.chart(bars, alt)],
            Block::Video { poster, url, label } => {
                let image = poster.as_ref().map(|_| {
                    self.next_image += 1;
                    ImageId(self.next_image - 1)
                });
                let poster = image.and_then(|id| Some((id, *self.images.get(id.0)?)));
                vec![self.video(poster, url, label)]
            }
        }
    }

    /// The video row: the poster frame as a thumbnail with a play mark, and
    /// "Watch the video" beside it; all of it one link.
    fn video(&mut self, poster: Option<(ImageId, (u32, u32))>, url: &str, label: &str) -> Atom {
        let mut items = Vec::new();
        let figure = self.node(NodeKind::Paragraph, None);
        let thumb_w = match poster {
            Some((_, (w, h))) if w > 0 && h > 0 => self.s(96.0).min(self.width * 0.4),
            _ => 0.0,
        };
        let thumb_h = match poster {
            Some((_, (w, h))) if w > 0 && h > 0 => thumb_w * h as f32 / w as f32,
            _ => 0.0,
        };
        if let Some((image, _)) = poster
            && thumb_w > 0.0
        {
            let node = self.node(NodeKind::Figure("Video poster frame".into()), Some(figure));
            items.push(Item::Image {
                x: 0.0,
                y: 0.0,
                w: thumb_w,
                h: thumb_h,
                image,
                node,
            });
            // A play mark: an accent square with a white triangle glyph.
            let mark = self.s(18.0);
            let (mx, my) = ((thumb_w - mark) / 2.0, (thumb_h - mark) / 2.0);
            items.push(Item::Rect {
                x: mx,
                y: my,
                w: mark,
                h: mark,
                color: self.style.color("accent"),
            });
            let size = self.s(9.0);
            for run in self.shape("▶", FontStyle::Regular).runs.iter() {
                items.push(text_item(
                    run,
                    mx + mark * 0.3,
                    my + mark * 0.5 + size * 0.35,
                    size,
                    Rgb(255, 255, 255),
                    None,
                ));
            }
        }
        let text_x = if thumb_w > 0.0 {
            thumb_w + self.s(10.0)
        } else {
            0.0
        };
        let text_w = (self.width - text_x).max(self.s(40.0));
        let mut y = if thumb_h > 0.0 { thumb_h * 0.2 } else { 0.0 };
        let size = self.s(self.style.sizes.body);
        let accent = self.style.color("accent");
        let spans = [Span::new("Watch the video".to_string(), FontStyle::Bold)];
        place(
            self.wrap(&spans, size, text_w, accent, figure),
            text_x,
            &mut y,
            &mut items,
            1.0,
        );
        let small = self.s(self.style.sizes.small);
        let slate = self.style.color("slate");
        let spans = [Span::new(label.to_string(), FontStyle::Regular)];
        place(
            self.wrap(&spans, small, text_w, slate, figure),
            text_x,
            &mut y,
            &mut items,
            1.0,
        );
        let height = y.max(thumb_h);
        items.push(Item::Link {
            x: 0.0,
            y: 0.0,
            w: self.width,
            h: height,
            url: url.to_string(),
            node: figure,
        });
        let mut atom = Atom::new(height, items);
        atom.gap_before = self.s(12.0);
        atom
    }

    fn header(
        &mut self,
        title: &str,
        subtitle: &str,
        kicker: &str,
        logo: Option<(ImageId, (u32, u32))>,
        alt: &str,
    ) -> Atom {
        let pad = self.s(14.0);
        let navy = self.style.color("navy");
        let mut items = Vec::new();
        let (logo_w, logo_h) = match logo {
            Some((_, (w, h))) if w > 0 && h > 0 => {
                let max_w = self.s(96.0);
                let max_h = self.s(44.0);
                let ratio = (max_w / w as f32).min(max_h / h as f32);
                (w as f32 * ratio, h as f32 * ratio)
            }
            _ => (0.0, 0.0),
        };
        let text_w = self.width - 2.0 * pad - if logo_w > 0.0 { logo_w + pad } else { 0.0 };
        let mut y = pad;
        let kicker_size = self.s(self.style.sizes.small);
        let kicker_node = self.node(NodeKind::Paragraph, None);
        let spans = [Span::new(kicker.to_uppercase(), FontStyle::Bold)];
        let kicker_color = self.style.color("card");
        place(
            self.wrap(&spans, kicker_size, text_w, kicker_color, kicker_node),
            pad,
            &mut y,
            &mut items,
            1.0,
        );
        y += self.s(4.0);
        let title_size = self.s(self.style.sizes.title);
        let title_node = self.node(NodeKind::Heading(1), None);
        let spans = [Span::new(title.to_string(), FontStyle::Bold)];
        let white = Rgb(255, 255, 255);
        place(
            self.wrap(&spans, title_size, text_w, white, title_node),
            pad,
            &mut y,
            &mut items,
            0.92,
        );
        // A one-pager names the customer in its facts card: no subtitle then.
        if !subtitle.is_empty() {
            y += self.s(6.0);
            let sub_size = self.s(self.style.sizes.body * 1.1);
            let sub_node = self.node(NodeKind::Paragraph, None);
            let spans = [Span::new(subtitle.to_string(), FontStyle::Regular)];
            let border = self.style.color("border");
            place(
                self.wrap(&spans, sub_size, text_w, border, sub_node),
                pad,
                &mut y,
                &mut items,
                1.0,
            );
        }
        let height = (y + pad).max(logo_h + 2.0 * pad);
        if let Some((image, _)) = logo
            && logo_w > 0.0
        {
            let node = self.node(NodeKind::Figure(alt.to_string()), None);
            // A white plate keeps dark logos readable on the navy band.
            items.push(Item::Rect {
                x: self.width - pad - logo_w - 4.0,
                y: pad - 4.0,
                w: logo_w + 8.0,
                h: logo_h + 8.0,
                color: white,
            });
            items.push(Item::Image {
                x: self.width - pad - logo_w,
                y: pad,
                w: logo_w,
                h: logo_h,
                image,
                node,
            });
        }
        items.insert(
            0,
            Item::Rect {
                x: 0.0,
                y: 0.0,
                w: self.width,
                h: height,
                color: navy,
            },
        );
        let mut atom = Atom::new(height, items);
        atom.outline = Some((1, title.to_string()));
        atom
    }

    fn callouts(&mut self, callouts: &[Callout]) -> Vec<Atom> {
        let cols = if callouts.len() == 4 {
            4
        } else {
            callouts.len().clamp(1, 3)
        };
        let gap = self.s(8.0);
        let pad = self.s(9.0);
        let cell_w = (self.width - gap * (cols as f32 - 1.0)) / cols as f32;
        let group = self.node(NodeKind::Div, None);
        let mut atoms = Vec::new();
        let rows: Vec<&[Callout]> = callouts.chunks(cols).collect();
        let count = rows.len();
        for (r, row) in rows.into_iter().enumerate() {
            let mut cells: Vec<(f32, Vec<Item>)> = Vec::new();
            for c in row {
                let node = self.node(NodeKind::Paragraph, Some(group));
                let mut items = Vec::new();
                let mut y = pad;
                let label_size = self.s(self.style.sizes.small * 1.05);
                let slate = self.style.color("slate");
                let spans = [Span::new(c.label.clone(), FontStyle::Bold)];
                place(
                    self.wrap(&spans, label_size, cell_w - 2.0 * pad, slate, node),
                    pad,
                    &mut y,
                    &mut items,
                    1.0,
                );
                y += self.s(2.0);
                let big = self.s(self.style.sizes.callout);
                let small = self.s(self.style.sizes.body);
                let before_text = c
                    .before
                    .as_ref()
                    .map_or_else(String::new, |b| format!("{b} → "));
                let before_w = self.width_of(&before_text, FontStyle::Regular, small);
                let after_w = self.width_of(&format!("{} ", c.after), FontStyle::Bold, big);
                let line_h = self.line_height(big) * 0.95;
                let base = y + self.baseline(big);
                let muted = self.style.color("muted");
                // A target is not an achievement: no accent colour, no arrow.
                let accent = if c.target {
                    slate
                } else {
                    self.style.color("accent")
                };
                if before_w + after_w <= cell_w - 2.0 * pad {
                    let mut x = pad;
                    for run in self.shape(&before_text, FontStyle::Regular).runs.iter() {
                        items.push(text_item(run, x, base, small, muted, Some(node)));
                        x += run.width_em * small;
                    }
                    for run in self
                        .shape(&format!("{} ", c.after), FontStyle::Bold)
                        .runs
                        .iter()
                    {
                        items.push(text_item(run, x, base, big, accent, Some(node)));
                        x += run.width_em * big;
                    }
                    y += line_h;
                } else {
                    if !before_text.is_empty() {
                        let spans = [Span::new(before_text, FontStyle::Regular)];
                        place(
                            self.wrap(&spans, small, cell_w - 2.0 * pad, muted, node),
                            pad,
                            &mut y,
                            &mut items,
                            1.0,
                        );
                    }
                    let spans = [Span::new(format!("{} ", c.after), FontStyle::Bold)];
                    place(
                        self.wrap(&spans, big, cell_w - 2.0 * pad, accent, node),
                        pad,
                        &mut y,
                        &mut items,
                        0.95,
                    );
                }
                if c.target {
                    let size = self.s(self.style.sizes.small);
                    let spans = [Span::new("TARGET".to_string(), FontStyle::Bold)];
                    place(
                        self.wrap(&spans, size, cell_w - 2.0 * pad, muted, node),
                        pad,
                        &mut y,
                        &mut items,
                        1.0,
                    );
                } else if !c.change.is_empty() {
                    let size = self.s(self.style.sizes.small);
                    let color = if c.improved || c.before.is_none() {
                        accent
                    } else {
                        slate
                    };
                    let arrow = if c.change.starts_with('+') {
                        "▲ "
                    } else if c.change.starts_with('−') {
                        "▼ "
                    } else {
                        ""
                    };
                    let spans = [Span::new(format!("{arrow}{}", c.change), FontStyle::Bold)];
                    place(
                        self.wrap(&spans, size, cell_w - 2.0 * pad, color, node),
                        pad,
                        &mut y,
                        &mut items,
                        1.0,
                    );
                }
                cells.push((y + pad, items));
            }
            let height = cells.iter().map(|(h, _)| *h).fold(0.0, f32::max);
            let card = self.style.color("card");
            let mut items = Vec::new();
            for (k, (_, cell_items)) in cells.into_iter().enumerate() {
                let x = k as f32 * (cell_w + gap);
                items.push(Item::Rect {
                    x,
                    y: 0.0,
                    w: cell_w,
                    h: height,
                    color: card,
                });
                for mut it in cell_items {
                    it.shift(x, 0.0);
                    items.push(it);
                }
            }
            let mut atom = Atom::new(height, items);
            atom.gap_before = if r == 0 { self.s(14.0) } else { gap };
            atom.keep_next = usize::from(r + 1 < count);
            atoms.push(atom);
        }
        atoms
    }

    /// The facts card: small-caps labels beside their values (under them
    /// when the card is too narrow for both).
    fn facts(&mut self, rows: &[(String, String)]) -> Atom {
        let pad = self.s(10.0);
        let group = self.node(NodeKind::Div, None);
        let label_size = self.s(self.style.sizes.small * 0.95);
        let value_size = self.s(self.style.sizes.body * 0.95);
        let (muted, navy) = (self.style.color("muted"), self.style.color("navy"));
        let inner = self.width - 2.0 * pad;
        let labels: Vec<String> = rows.iter().map(|(l, _)| l.to_uppercase()).collect();
        let label_w = labels
            .iter()
            .map(|l| self.width_of(l, FontStyle::Bold, label_size))
            .fold(0.0, f32::max)
            + self.s(8.0);
        let beside = label_w < inner * 0.6;
        let mut items = Vec::new();
        let mut y = pad;
        for (k, (label, (_, value))) in labels.into_iter().zip(rows).enumerate() {
            if k > 0 {
                y += self.s(if beside { 3.0 } else { 4.0 });
            }
            let node = self.node(NodeKind::Paragraph, Some(group));
            let spans = [Span::new(label, FontStyle::Bold)];
            let label_lines = self.wrap(&spans, label_size, inner, muted, node);
            let spans = [Span::new(value.clone(), FontStyle::Regular)];
            if beside {
                // Label and value share a baseline.
                let shift = self.baseline(value_size) - self.baseline(label_size);
                let mut label_y = y + shift;
                place(label_lines, pad, &mut label_y, &mut items, 1.0);
                let lines = self.wrap(&spans, value_size, inner - label_w, navy, node);
                place(lines, pad + label_w, &mut y, &mut items, 1.0);
            } else {
                place(label_lines, pad, &mut y, &mut items, 1.0);
                let lines = self.wrap(&spans, value_size, inner, navy, node);
                place(lines, pad, &mut y, &mut items, 1.0);
            }
        }
        let height = y + pad;
        items.insert(
            0,
            Item::Rect {
                x: 0.0,
                y: 0.0,
                w: self.width,
                h: height,
                color: self.style.color("card"),
            },
        );
        Atom::new(height, items)
    }

    fn list(
        &mut self,
        ordered: bool,
        items: &[(usize, Vec<Span>)],
        markers: &[String],
    ) -> Vec<Atom> {
        let size = self.s(self.style.sizes.body);
        let list = self.node(NodeKind::List(ordered), None);
        let text = self.style.color("text");
        let accent = self.style.color("accent");
        let mut atoms = Vec::new();
        for (n, (depth, spans)) in items.iter().enumerate() {
            let indent = self.s(14.0) * (*depth as f32);
            let item = self.node(NodeKind::ListItem, Some(list));
            let label = self.node(NodeKind::Label, Some(item));
            let body = self.node(NodeKind::ListBody, Some(item));
            let marker = markers.get(n).cloned().unwrap_or_else(|| "•".into());
            let baseline = self.baseline(size);
            let mut items_out = Vec::new();
            for run in self.shape(&marker, FontStyle::Bold).runs.iter() {
                items_out.push(text_item(run, indent, baseline, size, accent, Some(label)));
            }
            let text_x = indent + self.s(14.0);
            let lines = self.wrap(spans, size, self.width - text_x, text, body);
            let mut y = 0.0;
            for mut line in lines {
                line.items.iter_mut().for_each(|i| i.shift(text_x, y));
                y += line.height;
                items_out.extend(line.items);
            }
            let mut atom = Atom::new(y, items_out);
            atom.gap_before = if n == 0 { size * 0.6 } else { size * 0.2 };
            atoms.push(atom);
        }
        atoms
    }

    fn quote(&mut self, text: &str, attribution: &str) -> Atom {
        let pad = self.s(14.0);
        let quote = self.node(NodeKind::BlockQuote, None);
        let p = self.node(NodeKind::Paragraph, Some(quote));
        let size = self.s(self.style.sizes.quote);
        let mark_size = self.s(30.0);
        let accent = self.style.color("accent");
        let navy = self.style.color("navy");
        let mut items = Vec::new();
        let mark_x = pad;
        for run in self.shape("“", FontStyle::Bold).runs.iter() {
            items.push(text_item(
                run,
                mark_x,
                pad + mark_size * 0.75,
                mark_size,
                accent,
                None,
            ));
        }
        let text_x = pad + self.s(24.0);
        let mut y = pad;
        let spans = [Span::new(
            format!("“{}”", text.trim_matches(['"', '“', '”'])),
            FontStyle::Italic,
        )];
        place(
            self.wrap(&spans, size, self.width - text_x - pad, navy, p),
            text_x,
            &mut y,
            &mut items,
            1.0,
        );
        y += self.s(4.0);
        let who = self.node(NodeKind::Paragraph, Some(quote));
        let small = self.s(self.style.sizes.small * 1.1);
        let slate = self.style.color("slate");
        let spans = [Span::new(format!("— {attribution}"), FontStyle::Bold)];
        place(
            self.wrap(&spans, small, self.width - text_x - pad, slate, who),
            text_x,
            &mut y,
            &mut items,
            1.0,
        );
        let height = y + pad;
        items.insert(
            0,
            Item::Rect {
                x: 0.0,
                y: 0.0,
                w: self.s(3.0),
                h: height,
                color: accent,
            },
        );
        items.insert(
            0,
            Item::Rect {
                x: 0.0,
                y: 0.0,
                w: self.width,
                h: height,
                color: self.style.color("card"),
            },
        );
        let mut atom = Atom::new(height, items);
        atom.gap_before = self.s(14.0);
        atom
    }

    fn chart(&mut self, bars: &[Bar], alt: &str) -> Atom {
        let figure = self.node(NodeKind::Figure(alt.to_string()), None);
        let look = charts::Look {
            title: self.s(self.style.sizes.body),
            label: self.s(self.style.sizes.small),
            bar: self.s(7.0),
            ink: self.style.color("navy"),
            muted: self.style.color("slate"),
            accent: self.style.color("accent"),
            track: self.style.color("border"),
        };
        let chart = charts::before_after(bars);
        let width = self.width;
        let mut text = ChartText {
            layouter: self,
            node: figure,
        };
        let (items, height) = charts::to_display(&chart, (0.0, 0.0, width), &look, &mut text);
        let mut atom = Atom::new(height, items);
        atom.gap_before = self.s(14.0);
        atom
    }
}

/// The alt text of a header's logo.
fn block_logo_alt(block: &Block) -> Option<&str> {
    match block {
        Block::Header { logo: Some(l), .. } => Some(l.alt.as_str()),
        _ => None,
    }
}

fn logo_alt(alt: Option<&str>) -> String {
    alt.filter(|a| !a.trim().is_empty())
        .unwrap_or("Logo")
        .to_string()
}

/// The layout's shaping and line breaking, lent to the chart renderer.
struct ChartText<'l, 'a> {
    layouter: &'l mut Layouter<'a>,
    node: usize,
}

impl charts::TextLayout for ChartText<'_, '_> {
    fn lines(
        &mut self,
        text: &str,
        size: f32,
        width: f32,
        bold: bool,
        color: Rgb,
    ) -> Vec<(Vec<Item>, f32)> {
        let style = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Regular
        };
        let spans = [Span::new(text.to_string(), style)];
        self.layouter
            .wrap(&spans, size, width, color, self.node)
            .into_iter()
            .map(|l| (l.items, l.height))
            .collect()
    }
}

/// Stacks `lines` at `x` from `*y` down (advancing it by each line's height
/// times `spacing`) and moves their items into `items`.
pub(super) fn place(lines: Vec<Line>, x: f32, y: &mut f32, items: &mut Vec<Item>, spacing: f32) {
    for mut line in lines {
        line.items.iter_mut().for_each(|i| i.shift(x, *y));
        *y += line.height * spacing;
        items.extend(line.items);
    }
}

/// Lines stacked top to bottom: total height and items shifted into place.
pub(super) fn stack(lines: Vec<Line>) -> (f32, Vec<Item>) {
    let mut y = 0.0;
    let mut items = Vec::new();
    for mut line in lines {
        line.items.iter_mut().for_each(|i| i.shift(0.0, y));
        y += line.height;
        items.extend(line.items);
    }
    (y, items)
}

/// A paragraph's lines as atoms: the first two and the last two lines stay
/// together, so no page starts or ends with a single line of it.
pub(super) fn paragraph_atoms(lines: Vec<Line>, gap: f32) -> Vec<Atom> {
    let n = lines.len();
    let mut groups: Vec<Vec<Line>> = Vec::new();
    if n <= 3 {
        groups.push(lines);
    } else {
        let mut iter = lines.into_iter();
        groups.push(iter.by_ref().take(2).collect());
        let middle: Vec<Line> = iter.by_ref().take(n - 4).collect();
        groups.extend(middle.into_iter().map(|l| vec![l]));
        groups.push(iter.collect());
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(k, group)| {
            let (h, items) = stack(group);
            let mut atom = Atom::new(h, items);
            atom.gap_before = if k == 0 { gap } else { 0.0 };
            atom
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::linebreak::Line;

    fn lines(n: usize) -> Vec<Line> {
        (0..n)
            .map(|_| Line {
                height: 10.0,
                width: 0.0,
                items: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn no_paragraph_leaves_a_single_line_at_a_foot_or_a_head() {
        for n in 1..12 {
            let atoms = paragraph_atoms(lines(n), 5.0);
            let first = atoms.first().expect("a paragraph has an atom").height;
            let last = atoms.last().expect("a paragraph has an atom").height;
            assert!(first >= 20.0 || n == 1, "orphan: {n} lines");
            assert!(last >= 20.0 || n == 1, "widow: {n} lines");
            let total: f32 = atoms.iter().map(|a| a.height).sum();
            assert_eq!(total, n as f32 * 10.0);
        }
    }
}
