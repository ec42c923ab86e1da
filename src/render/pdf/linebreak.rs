//! Inline text: shaping (through a per-thread cache), measuring, and greedy
//! line breaking at Unicode line-break opportunities (UAX #14, from the
//! `unicode-linebreak` crate): after spaces, hyphens and slashes and between
//! ideographs, never at no-break spaces (U+00A0, U+202F, U+2007). A piece
//! wider than the whole line is cut between characters where it overflows.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use crate::render::pdf::blocks::Layouter;
use crate::render::pdf::display::Item;
use crate::render::pdf::document::Span;
use crate::render::pdf::fonts::{FontStyle, Run};
use crate::render::pdf::style::Rgb;

/// Text shaped once per thread and font set, reused by every PDF of a build
/// (shaping is the costliest step of layout, and documents share most words).
pub(super) type ShapeCache = HashMap<(String, FontStyle), Rc<Shaped>>;

/// Shaped text with the characters no font had.
pub(crate) struct Shaped {
    pub(super) runs: Vec<Run>,
    pub(super) missing: Vec<char>,
}

/// A laid-out line: its items relative to the line's top-left corner.
pub(super) struct Line {
    pub(super) height: f32,
    pub(super) width: f32,
    pub(super) items: Vec<Item>,
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

/// The units of line breaking: `text` cut after each UAX #14 break
/// opportunity, so each piece keeps its trailing spaces ("state-", "of-",
/// "the-", "art "; "/usr/", each ideograph on its own).
pub(super) fn segments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (end, _) in unicode_linebreak::linebreaks(text) {
        if end > start {
            out.push(&text[start..end]);
            start = end;
        }
    }
    out
}

/// A run placed with its baseline at (`x`, `baseline`).
pub(super) fn text_item(
    run: &Run,
    x: f32,
    baseline: f32,
    size: f32,
    color: Rgb,
    node: Option<usize>,
) -> Item {
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
    /// `text` shaped in `style`, from the cache when it was shaped before.
    pub(super) fn shape(&mut self, text: &str, style: FontStyle) -> Rc<Shaped> {
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

    /// Width of `text` set in `style` at `size`.
    pub(super) fn width_of(&mut self, text: &str, style: FontStyle, size: f32) -> f32 {
        self.shape(text, style)
            .runs
            .iter()
            .map(|r| r.width_em)
            .sum::<f32>()
            * size
    }

    /// Height of a line of type at `size`.
    pub(super) fn line_height(&self, size: f32) -> f32 {
        size * self.style.leading
    }

    /// Baseline of type at `size`, from the top of its line.
    pub(super) fn baseline(&self, size: f32) -> f32 {
        (self.line_height(size) - size) / 2.0 + size * self.fonts.ascender().min(1.0)
    }

    /// Greedy line breaking of spans into lines of at most `width`, at UAX #14
    /// opportunities; a piece wider than the line is cut where it overflows.
    pub(super) fn wrap(
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
            for piece in segments(&span.text) {
                // A hard line break ends the line after this piece; the line feed itself draws nothing.
                let forced = piece.ends_with('\n');
                let piece = piece.trim_end_matches(['\n', '\r']);
                if piece.is_empty() {
                    if forced {
                        trim_line_end(&mut current);
                        lines.push(std::mem::replace(&mut current, Line::empty(line_h)));
                        x = 0.0;
                    }
                    continue;
                }
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
                if forced {
                    trim_line_end(&mut current);
                    lines.push(std::mem::replace(&mut current, Line::empty(line_h)));
                    x = 0.0;
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
    pub(super) fn fit(&mut self, text: &str, style: FontStyle, size: f32, width: f32) -> String {
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
}

/// Advance of the whitespace glyphs that end the last text item of `items`.
pub(super) fn trailing_space(items: &[Item], size: f32) -> f32 {
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
pub(super) fn trim_line_end(line: &mut Line) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::display::Glyph;
    use crate::render::pdf::testing::with_layouter;

    const SIZE: f32 = 10.0;

    /// Each line's text and drawn width.
    fn lines_of(l: &mut Layouter, text: &str, width: f32) -> Vec<(String, f32)> {
        let spans = [Span::new(text, FontStyle::Regular)];
        l.wrap(&spans, SIZE, width, Rgb(0, 0, 0), 0)
            .into_iter()
            .map(|line| {
                let mut text = String::new();
                let mut right: f32 = 0.0;
                for item in &line.items {
                    if let Item::Text { text: t, .. } = item {
                        text.push_str(t);
                        let (x, _, w, _) = item.bounds();
                        right = right.max(x + w);
                    }
                }
                (text, right)
            })
            .collect()
    }

    #[test]
    fn a_hard_break_ends_the_line_and_draws_nothing() {
        with_layouter(|l| {
            let lines = lines_of(l, "Knowledge Base\nOur process begins", 500.0);
            let texts: Vec<&str> = lines.iter().map(|(t, _)| t.as_str()).collect();
            assert_eq!(texts, ["Knowledge Base", "Our process begins"]);
            assert!(l.missing.is_empty(), "{:?}", l.missing);
        });
    }

    #[test]
    fn segments_keep_trailing_space() {
        assert_eq!(segments("one two  three"), vec!["one ", "two  ", "three"]);
        assert_eq!(segments(""), Vec::<&str>::new());
    }

    #[test]
    fn no_break_at_no_break_spaces() {
        for glue in ['\u{A0}', '\u{202F}', '\u{2007}'] {
            let joined = format!("100{glue}km");
            assert_eq!(
                segments(&format!("x {joined} y")),
                vec!["x ", &format!("{joined} ")[..], "y"]
            );
            with_layouter(|l| {
                // Room for "x 100" but not for "x 100 km": the number and its unit move together.
                let width = l.width_of(&format!("x {joined}"), FontStyle::Regular, SIZE) - 1.0;
                let lines = lines_of(l, &format!("x {joined}"), width);
                let texts: Vec<&str> = lines.iter().map(|(t, _)| t.as_str()).collect();
                assert_eq!(texts, vec!["x", joined.as_str()], "U+{:04X}", glue as u32);
            });
        }
    }

    #[test]
    fn a_line_may_break_after_a_hyphen() {
        assert_eq!(
            segments("state-of-the-art"),
            vec!["state-", "of-", "the-", "art"]
        );
        with_layouter(|l| {
            let width = l.width_of("the state-of-the", FontStyle::Regular, SIZE);
            let lines = lines_of(l, "the state-of-the-art design", width);
            assert_eq!(lines[0].0, "the state-of-");
            assert_eq!(lines[1].0, "the-art design");
        });
    }

    #[test]
    fn a_long_path_breaks_after_its_slashes() {
        let path = "/usr/local/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf";
        with_layouter(|l| {
            let width = l.width_of(path, FontStyle::Regular, SIZE) * 0.45;
            let lines = lines_of(l, &format!("See {path}"), width);
            assert!(lines.len() >= 3, "{lines:?}");
            for (text, right) in &lines[..lines.len() - 1] {
                // Broken at an opportunity, not cut where the line overflowed.
                assert!(text.ends_with('/') || text.ends_with('-'), "{lines:?}");
                assert!(
                    *right <= width + 0.01,
                    "{text} overflows: {right} > {width}"
                );
            }
            let joined: String = lines.iter().map(|(t, _)| t.as_str()).collect();
            assert_eq!(joined, format!("See {path}"));
        });
    }

    #[test]
    fn cjk_text_breaks_between_ideographs_without_overflowing() {
        let ideographs = "漢字の改行を試験する文章です";
        with_layouter(|l| {
            // The theme has no CJK font: stand in one whose ideographs are 1 em wide, as
            // in real CJK fonts, by shaping them into the cache ahead of the layout.
            for c in ideographs.chars() {
                let text = c.to_string();
                let run = Run {
                    font: 0,
                    glyphs: vec![Glyph {
                        id: 1,
                        x_advance: 1.0,
                        x_offset: 0.0,
                        y_offset: 0.0,
                        y_advance: 0.0,
                        text_range: 0..text.len(),
                    }],
                    text: text.clone(),
                    width_em: 1.0,
                };
                let shaped = Rc::new(Shaped {
                    runs: vec![run],
                    missing: Vec::new(),
                });
                l.cache.insert((text, FontStyle::Regular), shaped);
            }
            let lead = "Note: ";
            let width = l.width_of(lead, FontStyle::Regular, SIZE) + 4.5 * SIZE;
            let lines = lines_of(l, &format!("{lead}{ideographs}"), width);
            // Today's Latin lead and four ideographs share the first line: CJK breaks
            // at every ideograph, not only when a run overflows a whole line.
            assert_eq!(lines[0].0, format!("{lead}漢字の改"));
            for (text, right) in &lines {
                assert!(
                    *right <= width + 0.01,
                    "{text} overflows: {right} > {width}"
                );
            }
            let joined: String = lines.iter().map(|(t, _)| t.as_str()).collect();
            assert_eq!(joined, format!("{lead}{ideographs}"));
        });
    }
}
