//! Setting slide text: shaping through the PDF fonts (`pdf::fonts`, so the
//! writer draws exactly what was measured), a shaping cache for the whole
//! deck, and greedy line breaking at UAX #14 opportunities.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use crate::render::pdf::display::Item;
use crate::render::pdf::document::Span;
use crate::render::pdf::fonts::{FontSet, FontStyle, Run};
use crate::render::pdf::style::Rgb;

/// Line height as a multiple of the type size (slides set looser than print).
pub(super) const LEADING: f32 = 1.25;

/// A set line: items relative to its top-left corner.
pub(super) struct Line {
    pub(super) width: f32,
    pub(super) height: f32,
    pub(super) items: Vec<Item>,
}

/// Shapes and breaks text for one deck.
pub(super) struct Typesetter<'a> {
    fonts: &'a FontSet,
    cache: HashMap<(String, FontStyle), Rc<Vec<Run>>>,
    /// Characters no font had.
    pub(super) missing: BTreeSet<char>,
    ascender: f32,
}

impl<'a> Typesetter<'a> {
    pub(super) fn new(fonts: &'a FontSet) -> Typesetter<'a> {
        Typesetter {
            fonts,
            cache: HashMap::new(),
            missing: BTreeSet::new(),
            ascender: fonts.ascender().min(1.0),
        }
    }

    fn shape(&mut self, text: &str, style: FontStyle) -> Rc<Vec<Run>> {
        if let Some(runs) = self.cache.get(&(text.to_string(), style)) {
            return runs.clone();
        }
        let runs = Rc::new(self.fonts.shape(text, style, &mut self.missing));
        self.cache.insert((text.to_string(), style), runs.clone());
        runs
    }

    /// Width of `text` at `size`.
    pub(super) fn width(&mut self, text: &str, style: FontStyle, size: f32) -> f32 {
        self.shape(text, style)
            .iter()
            .map(|r| r.width_em)
            .sum::<f32>()
            * size
    }

    /// Distance from a line's top to its baseline.
    pub(super) fn baseline(&self, size: f32) -> f32 {
        (size * LEADING - size) / 2.0 + size * self.ascender
    }

    /// One line of `text`, not broken (labels, numbers, footers).
    pub(super) fn line(
        &mut self,
        text: &str,
        style: FontStyle,
        size: f32,
        color: Rgb,
        node: Option<usize>,
    ) -> Line {
        let spans = [Span::new(text, style)];
        let mut lines = self.wrap(&spans, size, f32::INFINITY, color, color, node);
        lines.pop().unwrap_or(Line {
            width: 0.0,
            height: size * LEADING,
            items: Vec::new(),
        })
    }

    /// Greedy line breaking of `spans` into lines at most `width` wide; links
    /// drawn in `link_color` with a link area over their words.
    pub(super) fn wrap(
        &mut self,
        spans: &[Span],
        size: f32,
        width: f32,
        color: Rgb,
        link_color: Rgb,
        node: Option<usize>,
    ) -> Vec<Line> {
        let height = size * LEADING;
        let baseline = self.baseline(size);
        let mut lines = Vec::new();
        let mut current: Vec<Item> = Vec::new();
        let mut x = 0.0f32;
        let mut line_width = 0.0f32;
        for span in spans {
            let span_color = if span.link.is_some() {
                link_color
            } else {
                color
            };
            let mut pieces: Vec<&str> = Vec::new();
            let mut start = 0;
            for (end, _) in unicode_linebreak::linebreaks(&span.text) {
                if end > start {
                    pieces.push(&span.text[start..end]);
                    start = end;
                }
            }
            // A piece wider than the whole line (a long URL) is cut between
            // characters; a line feed (`<br>`, a hard break) ends its line.
            let pieces: Vec<(String, bool)> = pieces
                .into_iter()
                .flat_map(|p| {
                    let forced = p.ends_with('\n');
                    let mut chunks: Vec<(String, bool)> = self
                        .cut(p.trim_end_matches(['\n', '\r']), span.style, size, width)
                        .into_iter()
                        .map(|c| (c, false))
                        .collect();
                    match chunks.last_mut() {
                        Some(last) => last.1 = forced,
                        None => chunks.push((String::new(), forced)),
                    }
                    chunks
                })
                .collect();
            for (piece, forced) in pieces.iter().map(|(p, f)| (p.as_str(), *f)) {
                if piece.is_empty() {
                    if forced {
                        end_line(&mut lines, &mut current, &mut x, &mut line_width, height);
                    }
                    continue;
                }
                let visible = self.width(piece.trim_end(), span.style, size);
                if x > 0.0 && x + visible > width {
                    end_line(&mut lines, &mut current, &mut x, &mut line_width, height);
                    if piece.trim().is_empty() {
                        continue;
                    }
                }
                let start_x = x;
                for run in self.shape(piece, span.style).iter() {
                    current.push(Item::Text {
                        x,
                        y: baseline,
                        size,
                        font: run.font,
                        glyphs: run.glyphs.clone(),
                        text: run.text.clone(),
                        color: span_color,
                        node,
                    });
                    x += run.width_em * size;
                }
                line_width = line_width.max(start_x + visible);
                if let (Some(url), Some(node)) = (&span.link, node) {
                    current.push(Item::Link {
                        x: start_x,
                        y: 0.0,
                        w: visible,
                        h: height,
                        url: url.clone(),
                        node,
                    });
                }
                if forced {
                    end_line(&mut lines, &mut current, &mut x, &mut line_width, height);
                }
            }
        }
        if !current.is_empty() || lines.is_empty() {
            lines.push(Line {
                width: line_width,
                height,
                items: current,
            });
        }
        lines
    }
}

impl Typesetter<'_> {
    /// `piece` in chunks no wider than `width` (itself when it fits).
    fn cut(&mut self, piece: &str, style: FontStyle, size: f32, width: f32) -> Vec<String> {
        if !width.is_finite() || self.width(piece.trim_end(), style, size) <= width {
            return vec![piece.to_string()];
        }
        let mut chunks = Vec::new();
        let mut chunk = String::new();
        let mut used = 0.0;
        for c in piece.chars() {
            let w = self.width(c.encode_utf8(&mut [0; 4]), style, size);
            if used + w > width && !chunk.is_empty() {
                chunks.push(std::mem::take(&mut chunk));
                used = 0.0;
            }
            chunk.push(c);
            used += w;
        }
        if !chunk.is_empty() {
            chunks.push(chunk);
        }
        chunks
    }
}

/// Moves `items` by (`dx`, `dy`) into `out`.
pub(super) fn place(items: Vec<Item>, dx: f32, dy: f32, out: &mut Vec<Item>) {
    out.extend(items.into_iter().map(|mut i| {
        i.shift(dx, dy);
        i
    }));
}

/// Plain text of spans.
pub(super) fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// Closes the line being set: its items become a `Line` and the pen returns to the left.
fn end_line(
    lines: &mut Vec<Line>,
    current: &mut Vec<Item>,
    x: &mut f32,
    line_width: &mut f32,
    height: f32,
) {
    lines.push(Line {
        width: *line_width,
        height,
        items: std::mem::take(current),
    });
    *x = 0.0;
    *line_width = 0.0;
}
