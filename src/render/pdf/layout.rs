//! Layout of a one-pager: blocks that measure and place themselves, greedy
//! line breaking over shaped text, and pagination into a display list of
//! pages of positioned glyph runs, rectangles, lines, images and links.
//!
//! Coordinates are points, origin top-left, y down (as krilla's). The display
//! list is plain data, so pagination and fit are tested without writing a PDF.
//!
//! Pagination works on atoms: the smallest pieces that may not be split (a
//! line group, a table row, a callout row, the quote). Headings keep with the
//! next atom; paragraphs put their first two and last two lines in one atom
//! each (no widows or orphans); a table row is one atom and a page break
//! inside a table repeats its header row.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use krilla::text::KrillaGlyph;

use crate::render::pdf::document::{Block, Callout, Span};
use crate::render::pdf::fonts::{FontSet, FontStyle, Run};
use crate::render::pdf::style::{Rgb, Style};

/// Kinds of structure elements (the tag tree).
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// Heading of a level.
    Heading(u8),
    /// Paragraph.
    Paragraph,
    /// List (ordered?).
    List(bool),
    /// List item.
    ListItem,
    /// Label of a list item (bullet or number).
    Label,
    /// Body of a list item.
    ListBody,
    /// Table.
    Table,
    /// Table head.
    TableHead,
    /// Table body.
    TableBody,
    /// Row.
    Row,
    /// Header cell.
    HeaderCell,
    /// Data cell.
    Cell,
    /// Figure with alt text.
    Figure(String),
    /// Quote.
    BlockQuote,
    /// Generic grouping.
    Div,
}

/// A structure element; children follow their parent in creation order.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Kind.
    pub kind: NodeKind,
    /// Parent element.
    pub parent: Option<usize>,
}

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// Shaped text; `y` is the baseline.
    Text {
        /// Left.
        x: f32,
        /// Baseline.
        y: f32,
        /// Size in points.
        size: f32,
        /// Font index in the font set.
        font: usize,
        /// Glyphs (advances per em).
        glyphs: Vec<KrillaGlyph>,
        /// Source text of the glyphs.
        text: String,
        /// Colour.
        color: Rgb,
        /// Structure element, `None` for artifacts (footer, repeated headers).
        node: Option<usize>,
    },
    /// Filled rectangle (decoration).
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill.
        color: Rgb,
    },
    /// A link area.
    Link {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Target URL.
        url: String,
        /// Element the link belongs to.
        node: usize,
    },
    /// The logo image.
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Figure element.
        node: usize,
    },
}

impl Item {
    fn shift(&mut self, dx: f32, dy: f32) {
        match self {
            Item::Text { x, y, .. }
            | Item::Rect { x, y, .. }
            | Item::Link { x, y, .. }
            | Item::Image { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
        }
    }

    /// Bounding box (x, y, w, h); text boxes are estimated from size and advances.
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        match self {
            Item::Text {
                x, y, size, glyphs, ..
            } => {
                let w: f32 = glyphs.iter().map(|g| g.x_advance).sum::<f32>() * size;
                (*x, y - size, w, *size * 1.25)
            }
            Item::Rect { x, y, w, h, .. }
            | Item::Link { x, y, w, h, .. }
            | Item::Image { x, y, w, h, .. } => (*x, *y, *w, *h),
        }
    }
}

/// One page of the display list.
#[derive(Debug, Clone, Default)]
pub struct PageItems {
    /// Items in drawing (and reading) order.
    pub items: Vec<Item>,
}

/// An entry of the document outline.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Heading level (1 = title).
    pub level: u8,
    /// Text.
    pub title: String,
    /// Page index.
    pub page: usize,
    /// Top of the heading.
    pub y: f32,
}

/// The laid-out document.
#[derive(Debug, Clone)]
pub struct DisplayList {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Margin (content box inset).
    pub margin: f32,
    /// Pages.
    pub pages: Vec<PageItems>,
    /// Structure elements.
    pub nodes: Vec<Node>,
    /// Outline.
    pub outline: Vec<OutlineEntry>,
    /// Scale the content was set at (1.0, or smaller to fit one page).
    pub scale: f32,
    /// Characters no font could draw.
    pub missing: BTreeSet<char>,
    /// Height of all content stacked, as if on one endless page.
    pub content_height: f32,
    /// Height available for content on a page.
    pub available: f32,
}

impl DisplayList {
    /// All text in drawing order, one line per text item run (what a PDF text extractor sees).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for page in &self.pages {
            for item in &page.items {
                if let Item::Text { text, .. } = item {
                    out.push_str(text);
                    if !text.ends_with(char::is_whitespace) {
                        out.push(' ');
                    }
                }
            }
            out.push('\n');
        }
        out
    }
}

/// Page geometry and footer text.
#[derive(Debug, Clone)]
pub struct PageSetup {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// Footer, left part.
    pub footer: String,
    /// A mark at the top of every page ("Confidential · Approval pending").
    pub mark: Option<String>,
}

struct Atom {
    height: f32,
    gap_before: f32,
    items: Vec<Item>,
    keep_with_next: bool,
    repeat_header: Option<Rc<Atom>>,
    outline: Option<(u8, String)>,
}

impl Atom {
    fn new(height: f32, items: Vec<Item>) -> Atom {
        Atom {
            height,
            gap_before: 0.0,
            items,
            keep_with_next: false,
            repeat_header: None,
            outline: None,
        }
    }
}

impl Line {
    fn empty(height: f32) -> Line {
        Line {
            height,
            width: 0.0,
            items: Vec::new(),
        }
    }
}

struct Line {
    height: f32,
    width: f32,
    items: Vec<Item>,
}

/// Scales tried, in order, to fit one page before flowing onto a second.
const FIT_STEPS: [f32; 3] = [1.0, 0.94, 0.88];

/// Lays out `blocks`: shrinks a step or two to fit one page, else paginates at full size.
pub fn layout(
    blocks: &[Block],
    fonts: &FontSet,
    style: &Style,
    setup: &PageSetup,
    logo_size: Option<(u32, u32)>,
) -> DisplayList {
    SHAPES.with(|shapes| {
        let mut shapes = shapes.borrow_mut();
        if shapes.values().map(HashMap::len).sum::<usize>() > 200_000 {
            shapes.clear();
        }
        let cache = shapes.entry(fonts.hash()).or_default();
        let mut first: Option<DisplayList> = None;
        for scale in FIT_STEPS {
            let list = layout_at(blocks, fonts, style, setup, logo_size, scale, cache);
            if list.pages.len() == 1 {
                return list;
            }
            // Far more than a page: shrinking a step or two cannot help, so flow at full size.
            let hopeless =
                list.content_height * FIT_STEPS[FIT_STEPS.len() - 1] > list.available * 1.02;
            let full = first.get_or_insert(list);
            if hopeless && full.scale == 1.0 {
                break;
            }
        }
        first.expect("FIT_STEPS is not empty")
    })
}

/// Text shaped once per thread and font set, reused by every PDF of a build
/// (shaping is the costliest step of layout, and documents share most words).
type ShapeCache = HashMap<(String, FontStyle), Rc<Shaped>>;

/// Shaped text with the characters no font had.
pub struct Shaped {
    runs: Vec<Run>,
    missing: Vec<char>,
}

thread_local! {
    static SHAPES: std::cell::RefCell<HashMap<u64, ShapeCache>> = std::cell::RefCell::new(HashMap::new());
}

struct Layouter<'a> {
    fonts: &'a FontSet,
    style: &'a Style,
    scale: f32,
    width: f32,
    nodes: Vec<Node>,
    missing: BTreeSet<char>,
    cache: &'a mut ShapeCache,
}

fn layout_at(
    blocks: &[Block],
    fonts: &FontSet,
    style: &Style,
    setup: &PageSetup,
    logo_size: Option<(u32, u32)>,
    scale: f32,
    cache: &mut ShapeCache,
) -> DisplayList {
    let margin = style.margin;
    let width = setup.width - 2.0 * margin;
    let mut l = Layouter {
        fonts,
        style,
        scale,
        width,
        nodes: Vec::new(),
        missing: BTreeSet::new(),
        cache,
    };
    let mut atoms = Vec::new();
    for block in blocks {
        atoms.extend(l.block(block, logo_size));
    }
    let footer_h = style.sizes.small * 3.0;
    let avail = setup.height - 2.0 * margin - footer_h;
    let mut pages = vec![PageItems::default()];
    let mut outline = Vec::new();
    let mut y = 0.0;
    let content_height: f32 = atoms.iter().map(|a| a.gap_before + a.height).sum();
    for i in 0..atoms.len() {
        let atom = &atoms[i];
        let gap = if y == 0.0 { 0.0 } else { atom.gap_before };
        let mut need = gap + atom.height;
        if atom.keep_with_next
            && let Some(next) = atoms.get(i + 1)
        {
            need += next.gap_before + next.height;
        }
        if y + need > avail && y > 0.0 {
            pages.push(PageItems::default());
            y = 0.0;
            if let Some(header) = &atom.repeat_header {
                // The header row again, as an artifact: it is already in the tag tree once.
                for item in &header.items {
                    let mut copy = item.clone();
                    if let Item::Text { node, .. } = &mut copy {
                        *node = None;
                    }
                    copy.shift(margin, margin);
                    pages
                        .last_mut()
                        .expect("pages is never empty")
                        .items
                        .push(copy);
                }
                y = header.height;
            }
        }
        let gap = if y == 0.0 { 0.0 } else { atom.gap_before };
        let top = y + gap;
        if let Some((level, title)) = &atom.outline {
            outline.push(OutlineEntry {
                level: *level,
                title: title.clone(),
                page: pages.len() - 1,
                y: margin + top,
            });
        }
        let page = pages.last_mut().expect("pages is never empty");
        for item in &atom.items {
            let mut placed = item.clone();
            placed.shift(margin, margin + top);
            page.items.push(placed);
        }
        y = top + atom.height;
    }
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
    }
}

fn text_item(run: &Run, x: f32, baseline: f32, size: f32, color: Rgb, node: Option<usize>) -> Item {
    Item::Text {
        x,
        y: baseline,
        size,
        font: run.font,
        glyphs: run.glyphs.clone(),
        text: run.text.clone(),
        color,
        node,
    }
}

impl Layouter<'_> {
    fn s(&self, v: f32) -> f32 {
        v * self.scale
    }

    fn node(&mut self, kind: NodeKind, parent: Option<usize>) -> usize {
        self.nodes.push(Node { kind, parent });
        self.nodes.len() - 1
    }

    fn shape(&mut self, text: &str, style: FontStyle) -> Rc<Shaped> {
        let key = (text.to_string(), style);
        let shaped = match self.cache.get(&key) {
            Some(shaped) => shaped.clone(),
            None => {
                let mut missing = BTreeSet::new();
                let runs = self.fonts.shape(text, style, &mut missing);
                let shaped = Rc::new(Shaped {
                    runs,
                    missing: missing.into_iter().collect(),
                });
                self.cache.insert(key, shaped.clone());
                shaped
            }
        };
        self.missing.extend(shaped.missing.iter().copied());
        shaped
    }

    fn width_of(&mut self, text: &str, style: FontStyle, size: f32) -> f32 {
        self.shape(text, style)
            .runs
            .iter()
            .map(|r| r.width_em)
            .sum::<f32>()
            * size
    }

    fn line_height(&self, size: f32) -> f32 {
        size * self.style.leading
    }

    fn baseline(&self, size: f32) -> f32 {
        (self.line_height(size) - size) / 2.0 + size * self.fonts.ascender().min(1.0)
    }

    /// Greedy line breaking of spans into lines of at most `width`.
    fn wrap(
        &mut self,
        spans: &[Span],
        size: f32,
        width: f32,
        color: Rgb,
        node: usize,
    ) -> Vec<Line> {
        let line_h = self.line_height(size);
        let baseline = self.baseline(size);
        let mut lines: Vec<Line> = Vec::new();
        let mut current = Line::empty(line_h);
        let mut x = 0.0;
        let accent = self.style.color("accent");
        for span in spans {
            let span_color = if span.link.is_some() { accent } else { color };
            for piece in pieces(&span.text) {
                let trimmed = piece.trim_end();
                let full = self.width_of(piece, span.style, size);
                let visible = if trimmed.len() == piece.len() {
                    full
                } else {
                    self.width_of(trimmed, span.style, size)
                };
                if x > 0.0 && x + visible > width {
                    trim_line_end(&mut current);
                    lines.push(std::mem::replace(&mut current, Line::empty(line_h)));
                    x = 0.0;
                    if trimmed.is_empty() {
                        continue;
                    }
                }
                let chunks = if visible > width {
                    self.break_word(piece, span.style, size, width)
                } else {
                    vec![piece.to_string()]
                };
                let last = chunks.len() - 1;
                for (k, chunk) in chunks.into_iter().enumerate() {
                    let runs = self.shape(&chunk, span.style);
                    let mut start_x = x;
                    let first_item = current.items.len();
                    for run in runs.runs.iter() {
                        current.items.push(text_item(
                            run,
                            x,
                            baseline,
                            size,
                            span_color,
                            Some(node),
                        ));
                        x += run.width_em * size;
                    }
                    // Drawn wider than measured (the trimmed piece shapes differently
                    // from the whole): start a new line with it rather than cross the margin.
                    let drawn_end = x - trailing_space(&current.items[first_item..], size);
                    if drawn_end > width + 0.01 && start_x > 0.0 {
                        let mut moved: Vec<Item> = current.items.drain(first_item..).collect();
                        moved.iter_mut().for_each(|i| i.shift(-start_x, 0.0));
                        trim_line_end(&mut current);
                        lines.push(std::mem::replace(
                            &mut current,
                            Line {
                                height: line_h,
                                width: 0.0,
                                items: moved,
                            },
                        ));
                        x -= start_x;
                        start_x = 0.0;
                    }
                    if let Some(url) = &span.link {
                        // The link covers the words, not the space after them.
                        let words_end = x - trailing_space(
                            &current.items[current.items.len().saturating_sub(runs.runs.len())..],
                            size,
                        );
                        current.items.push(Item::Link {
                            x: start_x,
                            y: 0.0,
                            w: (words_end - start_x).max(0.0),
                            h: line_h,
                            url: url.clone(),
                            node,
                        });
                    }
                    current.width = current.width.max(x);
                    if k < last {
                        lines.push(std::mem::replace(&mut current, Line::empty(line_h)));
                        x = 0.0;
                    }
                }
            }
        }
        if !current.items.is_empty() || lines.is_empty() {
            trim_line_end(&mut current);
            lines.push(current);
        }
        lines
    }

    /// `text`, cut with an ellipsis to fit `width`; measured one character at a
    /// time, so a huge company name costs one pass, not one shaping per cut.
    fn fit(&mut self, text: &str, style: FontStyle, size: f32, width: f32) -> String {
        if self.width_of(text, style, size) <= width {
            return text.to_string();
        }
        let budget = width - self.width_of("…", style, size);
        let mut widths: HashMap<char, f32> = HashMap::new();
        let mut used = 0.0;
        let mut out = String::new();
        for c in text.chars() {
            let w = match widths.get(&c) {
                Some(w) => *w,
                None => {
                    let w = self.width_of(&c.to_string(), style, size);
                    widths.insert(c, w);
                    w
                }
            };
            if used + w > budget {
                break;
            }
            used += w;
            out.push(c);
        }
        out.push('…');
        out
    }

    /// Splits a word wider than the line into pieces that fit.
    fn break_word(&mut self, word: &str, style: FontStyle, size: f32, width: f32) -> Vec<String> {
        let mut chunks = Vec::new();
        let mut chunk = String::new();
        let mut w = 0.0;
        let mut char_widths: HashMap<char, f32> = HashMap::new();
        for c in word.chars() {
            let cw = match char_widths.get(&c) {
                Some(v) => *v,
                None => {
                    let v = self.width_of(&c.to_string(), style, size);
                    char_widths.insert(c, v);
                    v
                }
            };
            if w + cw > width && !chunk.is_empty() {
                chunks.push(std::mem::take(&mut chunk));
                w = 0.0;
            }
            chunk.push(c);
            w += cw;
        }
        if !chunk.is_empty() {
            chunks.push(chunk);
        }
        // Shaping a chunk can make it wider than the sum of its characters
        // (contextual alternates, ligatures): move trailing characters on until
        // every chunk truly fits.
        let mut fitted: Vec<String> = Vec::with_capacity(chunks.len());
        let mut carry = String::new();
        for chunk in chunks {
            let mut current = std::mem::take(&mut carry) + &chunk;
            while current.chars().count() > 1 && self.width_of(&current, style, size) > width {
                let last = current.pop().expect("more than one character");
                carry.insert(0, last);
            }
            fitted.push(current);
        }
        while !carry.is_empty() {
            let mut current = std::mem::take(&mut carry);
            while current.chars().count() > 1 && self.width_of(&current, style, size) > width {
                let last = current.pop().expect("more than one character");
                carry.insert(0, last);
            }
            fitted.push(current);
        }
        fitted
    }

    fn block(&mut self, block: &Block, logo_size: Option<(u32, u32)>) -> Vec<Atom> {
        match block {
            Block::Header {
                title,
                subtitle,
                kicker,
                logo,
            } => vec![self.header(title, subtitle, kicker, logo.as_ref().and(logo_size))],
            Block::Lead(spans) => {
                let size = self.s(self.style.sizes.body * 1.18);
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
                atom.keep_with_next = true;
                atom.outline = Some((*level, text.clone()));
                vec![atom]
            }
            Block::List { ordered, items } => self.list(*ordered, items),
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
                        style: FontStyle::Regular,
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
            Block::Quote { text, attribution } => vec![self.quote(text, attribution)],
            Block::Chart { bars, alt } => vec![self.chart(bars, alt)],
        }
    }

    fn header(
        &mut self,
        title: &str,
        subtitle: &str,
        kicker: &str,
        logo: Option<(u32, u32)>,
    ) -> Atom {
        let pad = self.s(16.0);
        let navy = self.style.color("navy");
        let mut items = Vec::new();
        let (logo_w, logo_h) = match logo {
            Some((w, h)) if w > 0 && h > 0 => {
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
        let height = (y + pad).max(logo_h + 2.0 * pad);
        if logo_w > 0.0 {
            let node = self.node(NodeKind::Figure("Customer logo".into()), None);
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
                let before_text = format!("{} → ", c.before);
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
                    let spans = [Span::new(before_text, FontStyle::Regular)];
                    place(
                        self.wrap(&spans, small, cell_w - 2.0 * pad, muted, node),
                        pad,
                        &mut y,
                        &mut items,
                        1.0,
                    );
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
                    let color = if c.improved { accent } else { slate };
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
            atom.keep_with_next = r + 1 < count;
            atoms.push(atom);
        }
        atoms
    }

    fn list(&mut self, ordered: bool, items: &[(usize, Vec<Span>)]) -> Vec<Atom> {
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
            let marker = if ordered {
                format!("{}.", n + 1)
            } else {
                "•".to_string()
            };
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

    fn table(&mut self, header: &[Vec<Span>], rows: &[Vec<Vec<Span>>]) -> Vec<Atom> {
        let cols = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        let size = self.s(self.style.sizes.body * 0.92);
        let pad = self.s(4.5);
        // Column widths: share of the natural widths, never below the longest word.
        let mut natural = vec![0.0f32; cols];
        let mut min_w = vec![0.0f32; cols];
        for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
            for (c, cell) in row.iter().enumerate().take(cols) {
                let text: String = cell.iter().map(|s| s.text.as_str()).collect();
                let w = self.width_of(&text, FontStyle::Regular, size) + 2.0 * pad;
                natural[c] = natural[c].max(w);
                let longest = text
                    .split_whitespace()
                    .map(|word| self.width_of(word, FontStyle::Bold, size))
                    .fold(0.0, f32::max);
                min_w[c] = min_w[c].max((longest + 2.0 * pad).min(self.width / cols as f32));
            }
        }
        let total: f32 = natural.iter().sum();
        let widths: Vec<f32> = if total <= self.width {
            natural
                .iter()
                .map(|w| w + (self.width - total) / cols as f32)
                .collect()
        } else {
            let min_total: f32 = min_w.iter().sum();
            let spare = (self.width - min_total).max(0.0);
            let extra: f32 = natural
                .iter()
                .zip(&min_w)
                .map(|(n, m)| (n - m).max(0.0))
                .sum::<f32>()
                .max(1.0);
            natural
                .iter()
                .zip(&min_w)
                .map(|(n, m)| m + (n - m).max(0.0) / extra * spare)
                .collect::<Vec<_>>()
        };
        let scale = self.width / widths.iter().sum::<f32>().max(1.0);
        let widths: Vec<f32> = widths.iter().map(|w| w * scale.min(1.0)).collect();
        let table = self.node(NodeKind::Table, None);
        let head = self.node(NodeKind::TableHead, Some(table));
        let header_atom = Rc::new(self.row(header, &widths, size, pad, head, true));
        let body = self.node(NodeKind::TableBody, Some(table));
        let mut atoms = Vec::new();
        let mut first = Atom::new(header_atom.height, header_atom.items.clone());
        first.gap_before = size * 0.8;
        first.keep_with_next = true;
        atoms.push(first);
        for row in rows {
            let mut atom = self.row(row, &widths, size, pad, body, false);
            atom.repeat_header = Some(header_atom.clone());
            atoms.push(atom);
        }
        atoms
    }

    fn row(
        &mut self,
        cells: &[Vec<Span>],
        widths: &[f32],
        size: f32,
        pad: f32,
        parent: usize,
        header: bool,
    ) -> Atom {
        let row_node = self.node(NodeKind::Row, Some(parent));
        let mut x = 0.0;
        let mut items = Vec::new();
        let mut height: f32 = 0.0;
        let text = self.style.color(if header { "navy" } else { "text" });
        for (c, w) in widths.iter().enumerate() {
            let node = self.node(
                if header {
                    NodeKind::HeaderCell
                } else {
                    NodeKind::Cell
                },
                Some(row_node),
            );
            let empty = Vec::new();
            let spans = cells.get(c).unwrap_or(&empty);
            let spans: Vec<Span> = if header {
                spans
                    .iter()
                    .map(|s| Span {
                        style: FontStyle::Bold,
                        ..s.clone()
                    })
                    .collect()
            } else {
                spans.clone()
            };
            let mut y = pad;
            place(
                self.wrap(&spans, size, w - 2.0 * pad, text, node),
                x + pad,
                &mut y,
                &mut items,
                1.0,
            );
            height = height.max(y + pad);
            x += w;
        }
        let fill = if header {
            self.style.color("card")
        } else {
            self.style.color("border")
        };
        if header {
            items.insert(
                0,
                Item::Rect {
                    x: 0.0,
                    y: 0.0,
                    w: self.width,
                    h: height,
                    color: fill,
                },
            );
        } else {
            items.insert(
                0,
                Item::Rect {
                    x: 0.0,
                    y: height - 0.6,
                    w: self.width,
                    h: 0.6,
                    color: fill,
                },
            );
        }
        Atom::new(height, items)
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

    fn chart(&mut self, bars: &[crate::render::pdf::document::Bar], alt: &str) -> Atom {
        let figure = self.node(NodeKind::Figure(alt.to_string()), None);
        let small = self.s(self.style.sizes.small);
        let title_size = self.s(self.style.sizes.body);
        let navy = self.style.color("navy");
        let slate = self.style.color("slate");
        let accent = self.style.color("accent");
        let grey = self.style.color("border");
        let mut items = Vec::new();
        let spans = [Span::new("Before and after", FontStyle::Bold)];
        let mut y = 0.0;
        place(
            self.wrap(&spans, title_size, self.width, navy, figure),
            0.0,
            &mut y,
            &mut items,
            1.0,
        );
        let label_w = self.width * 0.34;
        let bar_area = self.width - label_w - self.s(50.0);
        let bar_h = self.s(7.0);
        for bar in bars {
            let top = y + self.s(4.0);
            let spans = [Span::new(bar.label.clone(), FontStyle::Regular)];
            let mut label_h: f32 = 0.0;
            for mut line in self.wrap(&spans, small, label_w - self.s(8.0), slate, figure) {
                line.items
                    .iter_mut()
                    .for_each(|i| i.shift(0.0, top + label_h));
                label_h += line.height;
                items.extend(line.items);
            }
            let max = bar.before.abs().max(bar.after.abs()).max(f64::EPSILON);
            for (k, (value, text, color)) in [
                (bar.before, &bar.before_text, grey),
                (bar.after, &bar.after_text, accent),
            ]
            .into_iter()
            .enumerate()
            {
                let w = ((value.abs() / max) as f32 * bar_area).max(1.5);
                let by = top + k as f32 * (bar_h + self.s(2.0));
                items.push(Item::Rect {
                    x: label_w,
                    y: by,
                    w,
                    h: bar_h,
                    color,
                });
                for run in self.shape(text, FontStyle::Bold).runs.iter() {
                    items.push(text_item(
                        run,
                        label_w + w + self.s(4.0),
                        by + bar_h * 0.85,
                        small,
                        slate,
                        Some(figure),
                    ));
                }
            }
            y = top + label_h.max(2.0 * bar_h + self.s(2.0)) + self.s(3.0);
        }
        let mut atom = Atom::new(y, items);
        atom.gap_before = self.s(14.0);
        atom
    }

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
        if let Some(mark) = &setup.mark {
            // In the top margin, right-aligned: on every page, away from the content.
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

/// Advance of the whitespace glyphs that end the last text item of `items`.
fn trailing_space(items: &[Item], size: f32) -> f32 {
    let Some(Item::Text { glyphs, text, .. }) =
        items.iter().rev().find(|i| matches!(i, Item::Text { .. }))
    else {
        return 0.0;
    };
    glyphs
        .iter()
        .rev()
        .take_while(|g| {
            text.get(g.text_range.clone())
                .is_some_and(|t| !t.is_empty() && t.chars().all(char::is_whitespace))
        })
        .map(|g| g.x_advance * size)
        .sum()
}

/// Drops the whitespace glyphs that end a line: they would hang past the margin.
fn trim_line_end(line: &mut Line) {
    let Some(Item::Text { glyphs, text, .. }) = line
        .items
        .iter_mut()
        .rev()
        .find(|i| matches!(i, Item::Text { .. }))
    else {
        return;
    };
    while let Some(last) = glyphs.last() {
        let covered = text.get(last.text_range.clone()).unwrap_or("");
        if covered.is_empty() || !covered.chars().all(char::is_whitespace) {
            break;
        }
        let start = last.text_range.start;
        glyphs.pop();
        text.truncate(start);
    }
}

/// Stacks `lines` at `x` from `*y` down (advancing it by each line's height
/// times `spacing`) and moves their items into `items`.
fn place(lines: Vec<Line>, x: f32, y: &mut f32, items: &mut Vec<Item>, spacing: f32) {
    for mut line in lines {
        line.items.iter_mut().for_each(|i| i.shift(x, *y));
        *y += line.height * spacing;
        items.extend(line.items);
    }
}

/// Words with their trailing whitespace: the units of line breaking.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_space = true;
        } else if in_space {
            out.push(&text[start..i]);
            start = i;
            in_space = false;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Lines stacked top to bottom: total height and items shifted into place.
fn stack(lines: Vec<Line>) -> (f32, Vec<Item>) {
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
fn paragraph_atoms(lines: Vec<Line>, gap: f32) -> Vec<Atom> {
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

    #[test]
    fn pieces_keep_trailing_space() {
        assert_eq!(pieces("one two  three"), vec!["one ", "two  ", "three"]);
        assert_eq!(pieces(""), Vec::<&str>::new());
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;
    use crate::render::pdf::document::markdown_blocks;
    use crate::render::pdf::{style, write};

    fn fixture() -> (FontSet, Style) {
        let config =
            crate::config::Config::parse("title: T\nbase_url: https://t.example\n").unwrap();
        let theme =
            crate::render::theme::load(std::path::Path::new("/nonexistent-site"), &config).unwrap();
        let style = style::load(&theme).unwrap();
        let fonts = FontSet::load(&theme, &style).unwrap();
        (fonts, style)
    }

    fn setup() -> PageSetup {
        PageSetup {
            width: 612.0,
            height: 792.0,
            footer: "Acme · https://a.example/x/".into(),
            mark: None,
        }
    }

    fn long_body() -> Vec<Block> {
        let mut md = String::new();
        for s in 0..12 {
            md.push_str(&format!("## Section {s}\n\n"));
            md.push_str(
                &"Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod. "
                    .repeat(12),
            );
            md.push_str("\n\n| A | B | C |\n|---|---|---|\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |\n\n- one\n- two\n\n");
        }
        markdown_blocks(&md)
    }

    #[test]
    fn nothing_is_drawn_outside_the_margins() {
        let (fonts, style) = fixture();
        let list = layout(&long_body(), &fonts, &style, &setup(), None);
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
        let (fonts, style) = fixture();
        let list = layout(&long_body(), &fonts, &style, &setup(), None);
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
        let (fonts, style) = fixture();
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
                    &setup(),
                    None,
                    1.0,
                    &mut cache,
                )
                .pages
                .len()
                    > 1
            })
            .expect("content eventually overflows");
        let list = layout(&blocks_for(n), &fonts, &style, &setup(), None);
        assert_eq!(list.pages.len(), 1, "scale {}", list.scale);
        assert!(list.scale < 1.0);
        let much_longer = layout(&blocks_for(n * 2), &fonts, &style, &setup(), None);
        assert_eq!(
            much_longer.scale, 1.0,
            "long content flows at full size instead of shrinking"
        );
        assert!(much_longer.pages.len() >= 2);
    }

    #[test]
    fn a_huge_company_name_is_cut_to_fit_the_footer() {
        let (fonts, style) = fixture();
        let setup = PageSetup {
            width: 612.0,
            height: 792.0,
            footer: format!("{} · https://a.example/", "x".repeat(5000)),
            mark: None,
        };
        let list = layout(&markdown_blocks("Body."), &fonts, &style, &setup, None);
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

    #[test]
    fn writing_the_same_list_twice_gives_the_same_bytes() {
        let (fonts, style) = fixture();
        let list = layout(&long_body(), &fonts, &style, &setup(), None);
        let info = write::Info {
            title: "T".into(),
            author: "Acme".into(),
            language: "en".into(),
            created: jiff::Timestamp::from_second(1_769_472_000).unwrap(),
            description: "d".into(),
        };
        let a = write::write(&list, &fonts, &info, None).unwrap();
        let b = write::write(&list, &fonts, &info, None).unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with(b"%PDF-1.7"));
    }
}

#[cfg(test)]
mod fuzz_regressions {
    use super::layout_tests_support::*;

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

#[cfg(test)]
mod layout_tests_support {
    use super::*;
    use crate::render::pdf::document::markdown_blocks;
    use crate::render::pdf::style;

    /// Lays out `markdown` on a Letter page with a footer made of it, and checks every item.
    pub fn assert_inside_margins(markdown: &str) {
        let config =
            crate::config::Config::parse("title: T\nbase_url: https://t.example\n").unwrap();
        let theme =
            crate::render::theme::load(std::path::Path::new("/nonexistent-site"), &config).unwrap();
        let style = style::load(&theme).unwrap();
        let fonts = FontSet::load(&theme, &style).unwrap();
        let setup = PageSetup {
            width: 612.0,
            height: 792.0,
            footer: markdown.chars().take(200).collect(),
            mark: None,
        };
        let list = layout(&markdown_blocks(markdown), &fonts, &style, &setup, None);
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
}
