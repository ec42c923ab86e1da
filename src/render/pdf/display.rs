//! The display list: pages of positioned glyph runs, rectangles, images and
//! links, with the structure tree and the outline. It is plain data with its
//! own glyph and image types, so anything can draw it (today `write.rs` with
//! krilla; slides and share images later) and pagination is tested without
//! writing a PDF.
//!
//! Coordinates are points, origin top-left, y down.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::render::pdf::style::Rgb;

/// A shaped glyph of a run. Advances and offsets are in ems (multiply by the size).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph index in its font.
    pub id: u32,
    /// Horizontal advance.
    pub x_advance: f32,
    /// Horizontal offset from the pen position.
    pub x_offset: f32,
    /// Vertical offset from the baseline.
    pub y_offset: f32,
    /// Vertical advance.
    pub y_advance: f32,
    /// Bytes of the run's text this glyph draws (its cluster).
    pub text_range: Range<usize>,
}

/// Which of the document's images an `Item::Image` draws: its index in the
/// images handed to the layout (by size) and to the writer (by content), in
/// the order the blocks carry them (today only the header's logo, image 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageId(pub usize);

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
        glyphs: Vec<Glyph>,
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
    /// An image of the document.
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Which image.
        image: ImageId,
        /// Figure element.
        node: usize,
    },
}

impl Item {
    /// Moves the item by (`dx`, `dy`).
    pub(crate) fn shift(&mut self, dx: f32, dy: f32) {
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
    /// Column height the content ran past the first page at the smallest
    /// allowed size (0 when it fits one page).
    pub overflow: f32,
    /// `overflow` as a share of a full page's column space.
    pub overflow_share: f32,
}

impl DisplayList {
    /// All text in drawing order, one line per text item run (what a PDF text extractor sees).
    pub(crate) fn text(&self) -> String {
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
