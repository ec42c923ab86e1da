//! Slide layouts onto 16:9 pages of the display list (960 x 540 pt): the
//! layout decides where things go, the theme's `pdf/style.yaml` gives the
//! fonts and colours, and text shrinks (never under the theme's `min_scale`) until the
//! slide fits; what still does not fit is reported by how much.

use crate::content::deck::Layout;
use crate::render::pdf::display::{Item, Node, NodeKind, OutlineEntry, PageItems};
use crate::render::pdf::document::{Block, Span};
use crate::render::pdf::fonts::FontStyle;
use crate::render::pdf::style::{Rgb, Style};

use super::SlideContent;
use super::text::{Line, Typesetter, place, plain};

mod figures;
mod marp;

/// Page width of a slide (13.333 in).
pub(crate) const WIDTH: f32 = 960.0;
/// Page height of a slide (7.5 in).
pub(crate) const HEIGHT: f32 = 540.0;
const MARGIN: f32 = 64.0;
const TOP: f32 = 52.0;
/// Content stops here; the footer lives below.
const BOTTOM: f32 = HEIGHT - 50.0;
/// What every slide of a deck shares.
pub(crate) struct Frame<'a> {
    /// Company, in the footer.
    pub company: &'a str,
    /// The profile's mark ("Confidential"), in the footer.
    pub mark: Option<&'a str>,
    /// Slides in the deck.
    pub total: usize,
    /// The theme's type scale.
    pub style: super::style::SlideStyle,
}

/// One slide laid out: its items, its structure elements (parents local to
/// the slide), its outline title, and how far it overflows (0 when it fits).
pub(crate) struct LaidSlide {
    pub items: Vec<Item>,
    pub nodes: Vec<Node>,
    pub title: String,
    pub overflow: f32,
}

struct Colors {
    navy: Rgb,
    accent: Rgb,
    text: Rgb,
    slate: Rgb,
    muted: Rgb,
    card: Rgb,
    border: Rgb,
    bg: Rgb,
    mark: Rgb,
}

impl Colors {
    fn of(style: &Style) -> Colors {
        Colors {
            navy: style.color("navy"),
            accent: style.color("accent"),
            text: style.color("text"),
            slate: style.color("slate"),
            muted: style.color("muted"),
            card: style.color("card"),
            border: style.color("border"),
            bg: style.color("bg"),
            mark: style.color("mark"),
        }
    }
}

/// The pen of one slide being drawn.
struct Pen<'t, 'f> {
    ts: &'t mut Typesetter<'f>,
    c: Colors,
    scale: f32,
    dark: bool,
    items: Vec<Item>,
    nodes: Vec<Node>,
    root: usize,
    /// Type size of tables (larger on a `table` slide).
    table_size: f32,
    /// The theme's sizes at full size.
    sz: super::style::Sizes,
    /// The content box: left edge and width (narrower beside a `bg left` image).
    x0: f32,
    w0: f32,
    /// Text colour set by Marp's `color:`.
    ink: Option<Rgb>,
    /// Headings set on one line (`<!-- fit -->`).
    fit: Vec<String>,
}

impl Pen<'_, '_> {
    fn node(&mut self, kind: NodeKind, parent: Option<usize>) -> usize {
        self.nodes.push(Node {
            kind,
            parent: Some(parent.unwrap_or(self.root)),
        });
        self.nodes.len() - 1
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.items.push(Item::Rect { x, y, w, h, color });
    }

    fn ink(&self) -> Rgb {
        match self.ink {
            Some(ink) => ink,
            None if self.dark => self.c.bg,
            None => self.c.text,
        }
    }

    fn heading_ink(&self) -> Rgb {
        match self.ink {
            Some(ink) => ink,
            None if self.dark => self.c.bg,
            None => self.c.navy,
        }
    }

    /// The type size of a heading: `size`, or smaller so a `<!-- fit -->` heading takes one line.
    fn fitted(&mut self, text: &str, size: f32, w: f32) -> f32 {
        if !self.fit.iter().any(|f| f == text.trim()) {
            return size;
        }
        let natural = self.ts.width(text, FontStyle::Bold, 100.0) / 100.0;
        if natural <= 0.0 {
            return size;
        }
        // Marp's fit grows a short heading too; up to the hero size.
        ((w * 0.98) / natural).min(self.sz.hero * 1.6 * self.scale)
    }

    fn link_ink(&self) -> Rgb {
        if self.dark {
            self.c.card
        } else {
            self.c.accent
        }
    }

    /// Wrapped text at (`x`, `y`) in `w`; returns its height.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        spans: &[Span],
        size: f32,
        color: Rgb,
        x: f32,
        y: f32,
        w: f32,
        node: usize,
    ) -> f32 {
        let link = self.link_ink();
        let lines = self.ts.wrap(spans, size, w, color, link, Some(node));
        self.put_lines(lines, x, y, w, false)
    }

    fn put_lines(&mut self, lines: Vec<Line>, x: f32, y: f32, w: f32, right: bool) -> f32 {
        let mut dy = 0.0;
        for line in lines {
            let dx = if right { x + w - line.width } else { x };
            place(line.items, dx, y + dy, &mut self.items);
            dy += line.height;
        }
        dy
    }

    /// The slide's title; returns the y below it.
    fn title(&mut self, title: &str) -> f32 {
        if title.is_empty() {
            return TOP;
        }
        let node = self.node(NodeKind::Heading(1), None);
        let (x, w) = (self.x0, self.w0);
        let size = self.sz.title * self.scale;
        let size = self.fitted(title, size, w);
        let color = self.heading_ink();
        let h = self.text(
            &[Span::new(title, FontStyle::Bold)],
            size,
            color,
            x,
            TOP,
            w,
            node,
        );
        let rule_y = TOP + h + 8.0 * self.scale;
        self.rect(x, rule_y, 48.0, 4.0, self.c.accent);
        rule_y + 4.0 + 26.0 * self.scale
    }

    /// Blocks stacked from `y` in a column at `x` of width `w`; returns the y below.
    fn blocks(&mut self, blocks: &[Block], x: f32, mut y: f32, w: f32) -> f32 {
        let body = self.sz.body * self.scale;
        let gap = body * 0.6;
        for (k, block) in blocks.iter().enumerate() {
            if k > 0 {
                y += gap;
            }
            let ink = self.ink();
            match block {
                Block::Paragraph(spans) | Block::Lead(spans) => {
                    let node = self.node(NodeKind::Paragraph, None);
                    y += self.text(spans, body, ink, x, y, w, node);
                }
                Block::Heading { text, .. } => {
                    let node = self.node(NodeKind::Heading(2), None);
                    let color = self.heading_ink();
                    let size = self.fitted(text, self.sz.heading * self.scale, w);
                    y += self.text(
                        &[Span::new(text.as_str(), FontStyle::Bold)],
                        size,
                        color,
                        x,
                        y,
                        w,
                        node,
                    );
                }
                Block::List {
                    ordered,
                    items,
                    markers,
                } => y = self.list(*ordered, items, markers, x, y, w),
                Block::Table { header, rows } => y = self.table(header, rows, x, y, w),
                Block::Code(code) => {
                    // Monospace, a line per source line (long ones wrap).
                    let node = self.node(NodeKind::Paragraph, None);
                    let size = self.sz.table * self.scale;
                    let text = self.c.text;
                    let mut set = Vec::new();
                    for line in code.lines() {
                        let spans = [Span::new(line, FontStyle::Mono)];
                        set.extend(self.ts.wrap(&spans, size, w - 24.0, text, text, Some(node)));
                    }
                    let h: f32 = set.iter().map(|l| l.height).sum::<f32>() + 24.0;
                    self.rect(x, y, w, h, self.c.card);
                    y += self.put_lines(set, x + 12.0, y + 12.0, w - 24.0, false) + 24.0;
                }
                _ => {}
            }
        }
        y
    }

    #[allow(clippy::too_many_arguments)]
    fn list(
        &mut self,
        ordered: bool,
        items: &[(usize, Vec<Span>)],
        markers: &[String],
        x: f32,
        mut y: f32,
        w: f32,
    ) -> f32 {
        let list = self.node(NodeKind::List(ordered), None);
        let body = self.sz.body * self.scale;
        for (k, (depth, spans)) in items.iter().enumerate() {
            let size = if *depth > 0 { body * 0.85 } else { body };
            let indent = *depth as f32 * 28.0 * self.scale;
            let item = self.node(NodeKind::ListItem, Some(list));
            let label = self.node(NodeKind::Label, Some(item));
            let marker = markers.get(k).cloned().unwrap_or_else(|| "•".into());
            let line = self
                .ts
                .line(&marker, FontStyle::Bold, size, self.c.accent, Some(label));
            place(line.items, x + indent, y, &mut self.items);
            // Room for the widest marker of the list (`10.`), so text lines up.
            let text_x = x + indent + size * if ordered { 1.6 } else { 1.1 };
            let lbody = self.node(NodeKind::ListBody, Some(item));
            let ink = self.ink();
            y += self.text(spans, size, ink, text_x, y, w - (text_x - x), lbody);
            y += size * 0.35;
        }
        y
    }

    fn table(
        &mut self,
        header: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        x: f32,
        mut y: f32,
        w: f32,
    ) -> f32 {
        let size = self.table_size * self.scale;
        let cols = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if cols == 0 {
            return y;
        }
        let pad = 10.0 * self.scale;
        let mut natural = vec![0.0f32; cols];
        for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
            for (k, cell) in row.iter().enumerate() {
                let wd = self.ts.width(&plain(cell), FontStyle::Bold, size) + 2.0 * pad;
                natural[k] = natural[k].max(wd);
            }
        }
        let widths = column_widths(&natural, w);
        let numeric: Vec<bool> = (0..cols)
            .map(|k| {
                rows.iter().filter_map(|r| r.get(k)).all(|c| {
                    let t = plain(c);
                    let t = t.trim();
                    !t.is_empty()
                        && t.chars()
                            .next()
                            .is_some_and(|ch| ch.is_ascii_digit() || "$€£-−+".contains(ch))
                })
            })
            .collect();
        let table = self.node(NodeKind::Table, None);
        let draw_row =
            |pen: &mut Self, cells: &[Vec<Span>], head: bool, y: f32, parent: usize| -> f32 {
                let row = pen.node(NodeKind::Row, Some(parent));
                let mut sets = Vec::new();
                let mut h = 0.0f32;
                for (k, width) in widths.iter().enumerate() {
                    let kind = if head {
                        NodeKind::HeaderCell
                    } else {
                        NodeKind::Cell
                    };
                    let cell = pen.node(kind, Some(row));
                    let spans: Vec<Span> = cells
                        .get(k)
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|mut s| {
                            if head {
                                s.style = FontStyle::Bold;
                            }
                            s
                        })
                        .collect();
                    let color = if head { pen.c.navy } else { pen.ink() };
                    let link = pen.link_ink();
                    let lines =
                        pen.ts
                            .wrap(&spans, size, width - 2.0 * pad, color, link, Some(cell));
                    h = h.max(lines.iter().map(|l| l.height).sum());
                    sets.push(lines);
                }
                let h = h + 2.0 * pad * 0.6;
                if head {
                    pen.rect(x, y, w, h, pen.c.card);
                } else {
                    pen.rect(x, y + h - 0.75, w, 0.75, pen.c.border);
                }
                let mut cx = x;
                for (k, lines) in sets.into_iter().enumerate() {
                    pen.put_lines(
                        lines,
                        cx + pad,
                        y + pad * 0.6,
                        widths[k] - 2.0 * pad,
                        numeric[k],
                    );
                    cx += widths[k];
                }
                h
            };
        if !header.is_empty() {
            let head = self.node(NodeKind::TableHead, Some(table));
            y += draw_row(self, header, true, y, head);
        }
        let body = self.node(NodeKind::TableBody, Some(table));
        for row in rows {
            y += draw_row(self, row, false, y, body);
        }
        y
    }

    /// The footer: `left` (the company, or Marp's `footer:`), the slide
    /// number when `number`, the profile's mark.
    fn footer(&mut self, frame: &Frame, n: usize, left: &str, number: bool) {
        let size = self.sz.footer;
        let color = self.frame_color();
        let y = HEIGHT - 30.0;
        let left = self.ts.line(left, FontStyle::Regular, size, color, None);
        place(left.items, MARGIN, y, &mut self.items);
        if number {
            let right = self.ts.line(
                &format!("{n} / {}", frame.total),
                FontStyle::Regular,
                size,
                color,
                None,
            );
            let rw = right.width;
            place(right.items, WIDTH - MARGIN - rw, y, &mut self.items);
        }
        if let Some(mark) = frame.mark {
            let text = mark.to_uppercase();
            let m = self.ts.line(
                &text,
                FontStyle::Bold,
                size,
                if self.dark { self.c.card } else { self.c.mark },
                None,
            );
            let mw = m.width;
            place(m.items, (WIDTH - mw) / 2.0, y, &mut self.items);
        }
        if !self.dark {
            self.rect(MARGIN, y - 8.0, WIDTH - 2.0 * MARGIN, 0.5, self.c.border);
        }
    }
}

/// Lays out slide `n` (1-based) at the largest scale that fits.
pub(crate) fn slide(
    ts: &mut Typesetter,
    style: &Style,
    content: &SlideContent,
    frame: &Frame,
    n: usize,
) -> LaidSlide {
    let mut last = None;
    for scale in frame.style.scales() {
        let laid = slide_at(ts, style, content, frame, n, scale);
        if laid.overflow <= 0.5 {
            return laid;
        }
        last = Some(laid);
    }
    last.expect("scales() is never empty")
}

fn slide_at(
    ts: &mut Typesetter,
    style: &Style,
    content: &SlideContent,
    frame: &Frame,
    n: usize,
    scale: f32,
) -> LaidSlide {
    // A Marp slide is dark only when it asks (`class: invert`), as Marp's themes.
    let dark = if content.marp {
        content.look.has_class("invert")
    } else {
        matches!(
            content.layout,
            Layout::Title | Layout::Section | Layout::Closing
        )
    };
    let mut pen = Pen {
        ts,
        c: Colors::of(style),
        scale,
        dark,
        items: Vec::new(),
        nodes: vec![Node {
            kind: NodeKind::Div,
            parent: None,
        }],
        root: 0,
        table_size: if content.layout == Layout::Table {
            frame.style.sizes.body
        } else {
            frame.style.sizes.table
        },
        sz: frame.style.sizes,
        x0: MARGIN,
        w0: WIDTH - 2.0 * MARGIN,
        ink: content.look.color.as_deref().and_then(marp::css_color),
        fit: content.fit.clone(),
    };
    if dark {
        pen.rect(0.0, 0.0, WIDTH, HEIGHT, pen.c.navy);
    }
    pen.backgrounds(content);
    let title = content.title.clone().unwrap_or_default();
    let (x0, w) = (pen.x0, pen.w0);
    let blocks = content.columns.first().map(Vec::as_slice).unwrap_or(&[]);
    let bottom = match content.layout {
        Layout::Title | Layout::Section | Layout::Closing => {
            hero(&mut pen, &title, blocks, content.layout)
        }
        Layout::BigNumbers => {
            let mut y = pen.title(&title);
            let (lists, rest): (Vec<&Block>, Vec<&Block>) =
                blocks.iter().partition(|b| matches!(b, Block::List { .. }));
            for l in lists {
                if let Block::List { items, .. } = l {
                    y = pen.tiles(items, y) + 22.0 * scale;
                }
            }
            let rest: Vec<Block> = rest.into_iter().cloned().collect();
            pen.blocks(&rest, x0, y, w)
        }
        Layout::Chart => {
            let y = pen.title(&title);
            match &content.chart {
                Some(chart) if blocks.is_empty() => pen.chart(chart, x0, y, w),
                Some(chart) => {
                    let cw = w * 0.6;
                    let a = pen.chart(chart, x0, y, cw);
                    let b = pen.blocks(blocks, x0 + cw + 36.0, y, w - cw - 36.0);
                    a.max(b)
                }
                None => pen.blocks(blocks, x0, y, w),
            }
        }
        Layout::Quote => {
            let mut y = pen.title(&title);
            if let Some(q) = &content.quote {
                let node = pen.node(NodeKind::BlockQuote, None);
                let mark = pen
                    .ts
                    .line("“", FontStyle::Bold, 110.0 * scale, pen.c.accent, None);
                place(mark.items, x0 - 6.0, y - 22.0 * scale, &mut pen.items);
                let qx = x0 + 70.0 * scale;
                let navy = pen.c.navy;
                y += pen.text(
                    &[Span::new(q.text.as_str(), FontStyle::Italic)],
                    pen.sz.quote * scale,
                    navy,
                    qx,
                    y,
                    x0 + w - qx,
                    node,
                );
                y += 14.0 * scale;
                let slate = pen.c.slate;
                y += pen.text(
                    &[Span::new(format!("— {}", q.credit), FontStyle::Regular)],
                    pen.sz.credit * scale,
                    slate,
                    qx,
                    y,
                    x0 + w - qx,
                    node,
                );
                y += 18.0 * scale;
            }
            pen.blocks(blocks, x0, y, w)
        }
        Layout::TwoColumns => {
            let y = pen.title(&title);
            let gap = 40.0;
            let cw = (w - gap) / 2.0;
            let empty = Vec::new();
            let left = content.columns.first().unwrap_or(&empty);
            let right = content.columns.get(1).unwrap_or(&empty);
            let a = pen.blocks(left, x0, y, cw);
            let b = pen.blocks(right, x0 + cw + gap, y, cw);
            a.max(b)
        }
        Layout::Image => {
            let mut y = pen.title(&title);
            if let Some(img) = content.pictures.first() {
                let caption_room = if blocks.is_empty() { 0.0 } else { 60.0 * scale };
                let box_h = (BOTTOM - y - caption_room).max(40.0);
                y += pen.picture(img, x0, y, w, box_h) + 16.0;
            }
            pen.blocks(blocks, x0, y, w)
        }
        Layout::Bullets | Layout::Table => {
            let y = pen.title(&title);
            pen.blocks(blocks, x0, y, w)
        }
    };
    // Images in the text go below it (an `image` slide drew its first already).
    let skip = usize::from(content.layout == Layout::Image);
    let bottom = pen.pictures_below(
        &content.pictures[skip.min(content.pictures.len())..],
        bottom,
    );
    let look = &content.look;
    if let Some(header) = &look.header {
        pen.header(header);
    }
    let number = look.paginate.unwrap_or(!content.marp);
    if content.marp {
        pen.footer(frame, n, look.footer.as_deref().unwrap_or(""), number);
    } else if !matches!(content.layout, Layout::Title) {
        pen.footer(frame, n, frame.company, number);
    } else if let Some(mark) = frame.mark {
        let line = pen.ts.line(
            &mark.to_uppercase(),
            FontStyle::Bold,
            pen.sz.footer,
            pen.c.card,
            None,
        );
        place(line.items, MARGIN, HEIGHT - 30.0, &mut pen.items);
    }
    LaidSlide {
        items: pen.items,
        nodes: pen.nodes,
        title: if title.is_empty() {
            format!("Slide {n}")
        } else {
            title.replace('\n', " ")
        },
        overflow: bottom - BOTTOM,
    }
}

/// Column widths filling `w`: a column narrower than an even share keeps its
/// natural width, the wide ones share the rest by their natural widths (so
/// "Week" never breaks into "Wee k" beside a long "Goal").
fn column_widths(natural: &[f32], w: f32) -> Vec<f32> {
    let sum: f32 = natural.iter().sum();
    if sum <= w {
        let extra = (w - sum) / natural.len() as f32;
        return natural.iter().map(|n| n + extra).collect();
    }
    let mut fixed: Vec<bool> = vec![false; natural.len()];
    loop {
        let free = natural.len() - fixed.iter().filter(|f| **f).count();
        let room = w - natural
            .iter()
            .zip(&fixed)
            .filter(|(_, f)| **f)
            .map(|(n, _)| n)
            .sum::<f32>();
        let share = room / free.max(1) as f32;
        let mut changed = false;
        for (k, n) in natural.iter().enumerate() {
            if !fixed[k] && *n <= share {
                fixed[k] = true;
                changed = true;
            }
        }
        if !changed || free == 0 {
            let wide: f32 = natural
                .iter()
                .zip(&fixed)
                .filter(|(_, f)| !**f)
                .map(|(n, _)| n)
                .sum();
            return natural
                .iter()
                .zip(&fixed)
                .map(|(n, f)| {
                    if *f {
                        *n
                    } else {
                        n * room.max(0.0) / wide.max(1.0)
                    }
                })
                .collect();
        }
    }
}

/// Title, section and closing slides: big type on the brand colour.
fn hero(pen: &mut Pen, title: &str, blocks: &[Block], layout: Layout) -> f32 {
    let scale = pen.scale;
    let w = WIDTH - 2.0 * MARGIN;
    let tsize = if layout == Layout::Section {
        pen.sz.hero * 0.85
    } else {
        pen.sz.hero
    } * scale;
    // Measure first to centre the block vertically.
    let title_lines = pen.ts.wrap(
        &[Span::new(title, FontStyle::Bold)],
        tsize,
        w,
        pen.c.bg,
        pen.c.bg,
        None,
    );
    let th: f32 = title_lines.iter().map(|l| l.height).sum();
    let est_body = blocks.len() as f32 * pen.sz.body * scale * 2.0;
    let mut y = ((HEIGHT - th - est_body) / 2.0 - 20.0).max(TOP);
    pen.rect(MARGIN, y - 24.0 * scale, 64.0, 6.0, pen.c.accent);
    if !title.is_empty() {
        let node = pen.node(NodeKind::Heading(1), None);
        let ink = pen.heading_ink();
        let tsize = pen.fitted(title, tsize, w);
        y += pen.text(
            &[Span::new(title, FontStyle::Bold)],
            tsize,
            ink,
            MARGIN,
            y,
            w,
            node,
        );
        y += 20.0 * scale;
    }
    let body = pen.sz.body * scale;
    for block in blocks {
        match block {
            Block::Paragraph(spans) | Block::Lead(spans) => {
                let node = pen.node(NodeKind::Paragraph, None);
                let ink = match pen.ink {
                    Some(ink) => ink,
                    None if pen.dark => pen.c.card,
                    None => pen.c.text,
                };
                y += pen.text(spans, body, ink, MARGIN, y, w * 0.85, node) + body * 0.5;
            }
            other => y = pen.blocks(std::slice::from_ref(other), MARGIN, y, w) + body * 0.5,
        }
    }
    y
}

/// Appends a laid slide as page `page` of the deck's list, renumbering its elements.
pub(crate) fn append(
    laid: LaidSlide,
    pages: &mut Vec<PageItems>,
    nodes: &mut Vec<Node>,
    outline: &mut Vec<OutlineEntry>,
    dy: f32,
) {
    let base = nodes.len();
    nodes.extend(laid.nodes.into_iter().map(|mut n| {
        n.parent = n.parent.map(|p| p + base);
        n
    }));
    let items = laid
        .items
        .into_iter()
        .map(|mut item| {
            match &mut item {
                Item::Text { node, .. } => *node = node.map(|n| n + base),
                Item::Link { node, .. } | Item::Image { node, .. } => *node += base,
                Item::Rect { .. } => {}
            }
            item.shift(0.0, dy);
            item
        })
        .collect();
    outline.push(OutlineEntry {
        level: 1,
        title: laid.title,
        page: pages.len(),
        y: 0.0,
    });
    pages.push(PageItems { items });
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn narrow_columns_keep_their_width_and_wide_ones_share_the_rest() {
        let widths = column_widths(&[60.0, 900.0, 70.0], 800.0);
        assert_eq!(&widths[..1], &[60.0]);
        assert_eq!(widths[2], 70.0);
        assert!((widths.iter().sum::<f32>() - 800.0).abs() < 0.01);
        // Room to spare is shared evenly.
        assert_eq!(column_widths(&[100.0, 100.0], 400.0), [200.0, 200.0]);
        // Everything wide: shared by natural width.
        let w = column_widths(&[600.0, 1200.0], 900.0);
        assert!(
            (w[0] - 300.0).abs() < 0.01 && (w[1] - 600.0).abs() < 0.01,
            "{w:?}"
        );
    }
}
