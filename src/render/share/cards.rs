//! The share cards as small layouts of their own: an Open Graph image
//! (1200x630) and a quote card (1080x1080), each a one-page display list in
//! pixels (1 unit = 1 px), drawn by `png` and `svg`. Text is shaped by the
//! one-pagers' `FontSet`, so a card and its PDF are set in the same type.

use std::collections::BTreeSet;

use crate::render::pdf::display::{DisplayList, Item, PageItems};
use crate::render::pdf::fonts::{FontSet, FontStyle};
use crate::render::pdf::style::{Rgb, Style};

/// Size of an Open Graph image.
pub(crate) const OG_SIZE: (u32, u32) = (1200, 630);
/// Size of a quote card.
pub(crate) const QUOTE_SIZE: (u32, u32) = (1080, 1080);

/// The one number an Open Graph image of a case study shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct Headline {
    /// What is measured.
    pub label: String,
    /// The value shown large (the "after").
    pub value: String,
    /// The value before, shown small.
    pub before: Option<String>,
    /// Whether the value is a target (customer not live, not measured).
    pub target: bool,
}

/// What an Open Graph image says.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct OgCard {
    /// Small line above the title ("Customer story", the section).
    pub eyebrow: String,
    /// The page title.
    pub title: String,
    /// The customer (or alias) of a case study, else the description.
    pub subtitle: Option<String>,
    /// The headline metric of a case study.
    pub metric: Option<Headline>,
    /// Audience mark ("Confidential", "Approval pending").
    pub mark: Option<String>,
    /// The company, in the footer band.
    pub company: String,
    /// The site's host, in the footer band.
    pub host: String,
}

/// What a quote card says.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct QuoteCard {
    /// The words.
    pub text: String,
    /// Who said them (empty when the profile shows the role only).
    pub author: String,
    /// Role and customer (or alias), from `audience::quote_credit`.
    pub credit: String,
    /// The company, in the brand band.
    pub company: String,
    /// The site's host, in the brand band.
    pub host: String,
}

/// A card to draw.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) enum Card {
    /// Open Graph image.
    Og(OgCard),
    /// Quote card.
    Quote(QuoteCard),
}

/// The theme colours a card uses.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Palette {
    navy: Rgb,
    accent: Rgb,
    slate: Rgb,
    card: Rgb,
    border: Rgb,
    bg: Rgb,
    progress: Rgb,
}

impl Palette {
    /// The colours of `style` (the theme's one brand).
    pub(crate) fn of(style: &Style) -> Palette {
        Palette {
            navy: style.color("navy"),
            accent: style.color("accent"),
            slate: style.color("slate"),
            card: style.color("card"),
            border: style.color("border"),
            bg: style.color("bg"),
            progress: style.color("progress"),
        }
    }
}

/// Places shaped text; collects what no font had.
struct Composer<'a> {
    fonts: &'a FontSet,
    items: Vec<Item>,
    missing: BTreeSet<char>,
    /// Widths in ems of the pieces measured so far: wrapping tries several
    /// sizes and widths over the same words.
    widths: std::collections::HashMap<(String, FontStyle), f32>,
}

impl Composer<'_> {
    fn width(&mut self, text: &str, style: FontStyle, size: f32) -> f32 {
        let key = (text.to_string(), style);
        if let Some(em) = self.widths.get(&key) {
            return em * size;
        }
        let runs = self.fonts.shape(text, style, &mut self.missing);
        let em = runs.iter().map(|r| r.width_em).sum::<f32>();
        self.widths.insert(key, em);
        em * size
    }

    /// Draws one line with its left end at `x`; returns its width.
    fn text(&mut self, text: &str, style: FontStyle, size: f32, x: f32, y: f32, color: Rgb) -> f32 {
        let runs = self.fonts.shape(text, style, &mut self.missing);
        let mut pen = x;
        for run in runs {
            let w = run.width_em * size;
            self.items.push(Item::Text {
                x: pen,
                y,
                size,
                font: run.font,
                glyphs: run.glyphs,
                text: run.text,
                color,
                node: None,
            });
            pen += w;
        }
        pen - x
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.items.push(Item::Rect { x, y, w, h, color });
    }

    /// Greedy lines of at most `width` at UAX #14 opportunities; a piece wider
    /// than the line is cut between characters.
    /// Lines are measured piece by piece (the space between words has no
    /// kerning worth a second shaping), so wrapping costs one shaping per word.
    fn wrap(&mut self, text: &str, style: FontStyle, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut line_w = 0.0;
        for hard in text.split('\n') {
            for piece in segments(hard) {
                let full = self.width(piece, style, size);
                let word = piece.trim_end();
                let visible = self.width(word, style, size);
                if visible > width {
                    // Wider than the line: its own lines, cut between characters.
                    if !line.trim_end().is_empty() {
                        lines.push(line.trim_end().to_string());
                    }
                    let mut parts = self.chunks(word, style, size, width);
                    let last = parts.pop().unwrap_or_default();
                    lines.extend(parts);
                    line_w = self.width(&last, style, size) + (full - visible);
                    line = format!("{last}{}", &piece[word.len()..]);
                } else if line.is_empty() || line_w + visible <= width {
                    line.push_str(piece);
                    line_w += full;
                } else {
                    lines.push(line.trim_end().to_string());
                    line = piece.to_string();
                    line_w = full;
                }
            }
            lines.push(std::mem::take(&mut line).trim_end().to_string());
            line_w = 0.0;
        }
        lines.retain(|l| !l.is_empty());
        lines
    }

    /// The lines of `text` at their most even: the narrowest width that still
    /// needs no more lines (no lone word on the last line of a title).
    fn balanced(&mut self, text: &str, style: FontStyle, size: f32, width: f32) -> Vec<String> {
        let lines = self.wrap(text, style, size, width);
        if lines.len() < 2 {
            return lines;
        }
        let (mut lo, mut hi) = (width * 0.5, width);
        for _ in 0..7 {
            let mid = (lo + hi) / 2.0;
            if self.wrap(text, style, size, mid).len() <= lines.len() {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        self.wrap(text, style, size, hi)
    }

    /// `text` in pieces no wider than `width` (at least one character each),
    /// measured a character at a time: one shaping per distinct character,
    /// so a 50,000-character "word" costs one pass, not one shaping per cut.
    fn chunks(&mut self, text: &str, style: FontStyle, size: f32, width: f32) -> Vec<String> {
        let mut out = Vec::new();
        let mut chunk = String::new();
        let mut used = 0.0;
        for c in text.chars() {
            let w = self.width(c.encode_utf8(&mut [0; 4]), style, size);
            if !chunk.is_empty() && used + w > width {
                out.push(std::mem::take(&mut chunk));
                used = 0.0;
            }
            chunk.push(c);
            used += w;
        }
        if !chunk.is_empty() {
            out.push(chunk);
        }
        out
    }

    /// `text` cut with an ellipsis to fit `width` (measured a character at a time).
    fn fit(&mut self, text: &str, style: FontStyle, size: f32, width: f32) -> String {
        if self.width(text, style, size) <= width {
            return text.to_string();
        }
        let budget = width - self.width("…", style, size);
        let mut out = String::new();
        let mut used = 0.0;
        for c in text.chars() {
            let w = self.width(c.encode_utf8(&mut [0; 4]), style, size);
            if used + w > budget {
                break;
            }
            used += w;
            out.push(c);
        }
        format!("{}…", out.trim_end())
    }

    /// `text` in the largest of `sizes` whose lines fit `max_lines`; at the
    /// smallest size, the last line that fits ends with an ellipsis.
    fn block(
        &mut self,
        text: &str,
        style: FontStyle,
        sizes: &[f32],
        width: f32,
        max_lines: &[usize],
    ) -> (f32, Vec<String>) {
        for (k, &size) in sizes.iter().enumerate() {
            let lines = self.wrap(text, style, size, width);
            if lines.len() <= max_lines[k] {
                return (size, self.balanced(text, style, size, width));
            }
        }
        let size = *sizes.last().unwrap_or(&16.0);
        let keep = *max_lines.last().unwrap_or(&1);
        let mut lines = self.wrap(text, style, size, width);
        lines.truncate(keep);
        if let Some(last) = lines.last_mut() {
            *last = self.fit(&format!("{}…", last.trim_end()), style, size, width);
        }
        (size, lines)
    }

    fn finish(self, (w, h): (u32, u32)) -> DisplayList {
        DisplayList {
            width: w as f32,
            height: h as f32,
            margin: 0.0,
            pages: vec![PageItems { items: self.items }],
            nodes: Vec::new(),
            outline: Vec::new(),
            scale: 1.0,
            missing: self.missing,
            content_height: h as f32,
            available: h as f32,
            overflow: 0.0,
            overflow_share: 0.0,
        }
    }
}

/// `text` cut after each UAX #14 break opportunity, trailing spaces kept
/// (as the one-pagers break lines).
/// Unlike a page of body text, a card is read at a glance: no break after a
/// hyphen or slash ("stock-" / "outs"); a word too long for the line is still cut.
fn segments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (end, _) in unicode_linebreak::linebreaks(text) {
        let joins = text[..end].ends_with(['-', '\u{2010}', '/']) && end < text.len();
        if end > start && !joins {
            out.push(&text[start..end]);
            start = end;
        }
    }
    out
}

/// Lays out `card` in the theme's fonts and colours.
pub(crate) fn lay_out(card: &Card, fonts: &FontSet, palette: &Palette) -> DisplayList {
    let mut c = Composer {
        fonts,
        items: Vec::new(),
        missing: BTreeSet::new(),
        widths: std::collections::HashMap::new(),
    };
    match card {
        Card::Og(og) => {
            og_card(&mut c, og, palette);
            c.finish(OG_SIZE)
        }
        Card::Quote(q) => {
            quote_card(&mut c, q, palette);
            c.finish(QUOTE_SIZE)
        }
    }
}

/// Cap height of the shipped fonts, in ems: baselines are placed so a line's
/// capitals start where its box does.
const CAP: f32 = 0.73;

fn og_card(c: &mut Composer, og: &OgCard, p: &Palette) {
    let (w, h) = (OG_SIZE.0 as f32, OG_SIZE.1 as f32);
    let m = 72.0;
    let band = 104.0;
    c.rect(0.0, 0.0, w, h, p.bg);
    c.rect(0.0, 0.0, w, 12.0, p.accent);
    let content = c.items.len();
    let tile_w = 360.0;
    let column = if og.metric.is_some() {
        w - 2.0 * m - tile_w - 56.0
    } else {
        w - 2.0 * m
    };
    let mut y = 68.0;
    let mut eyebrow_right = m;
    if !og.eyebrow.is_empty() {
        let text = c.fit(&og.eyebrow.to_uppercase(), FontStyle::Bold, 24.0, column);
        eyebrow_right += c.text(&text, FontStyle::Bold, 24.0, m, y + 24.0 * CAP, p.accent);
        y += 24.0 + 30.0;
    }
    if let Some(mark) = &og.mark {
        // A stamp beside the eyebrow: discreet, but on every share of a
        // confidential or unapproved page.
        let size = 18.0;
        let room = w - m - eyebrow_right - 24.0 - 28.0;
        let text = c.fit(&mark.to_uppercase(), FontStyle::Bold, size, room);
        let tw = c.width(&text, FontStyle::Bold, size);
        let x = w - m - tw - 28.0;
        c.rect(x, 60.0, tw + 28.0, 40.0, p.progress);
        c.text(
            &text,
            FontStyle::Bold,
            size,
            x + 14.0,
            80.0 + size * CAP / 2.0,
            p.bg,
        );
    }
    let has_sub = og.subtitle.is_some();
    let title_lines: &[usize] = if has_sub {
        &[3, 3, 4, 4]
    } else {
        &[3, 4, 4, 5]
    };
    let (size, lines) = c.block(
        &og.title,
        FontStyle::Bold,
        &[60.0, 54.0, 48.0, 42.0],
        column,
        title_lines,
    );
    let lead = size * 1.16;
    for (k, line) in lines.iter().enumerate() {
        c.text(
            line,
            FontStyle::Bold,
            size,
            m,
            y + size * CAP + k as f32 * lead,
            p.navy,
        );
    }
    y += lines.len() as f32 * lead + 18.0;
    if let Some(sub) = &og.subtitle {
        let room = ((h - band - 40.0 - y) / 40.0).floor().clamp(1.0, 2.0) as usize;
        let (size, lines) = c.block(
            sub,
            FontStyle::Regular,
            &[30.0, 26.0],
            column,
            &[room, room],
        );
        for (k, line) in lines.iter().enumerate() {
            c.text(
                line,
                FontStyle::Regular,
                size,
                m,
                y + size * CAP + 8.0 + k as f32 * size * 1.3,
                p.slate,
            );
        }
    }
    if let Some(metric) = &og.metric {
        headline_tile(
            c,
            metric,
            p,
            w - m - tile_w,
            132.0,
            tile_w,
            h - band - 132.0 - 48.0,
        );
    }
    // Centred between the accent rule and the band: a short title does not
    // leave the lower half empty.
    let (top, bottom) = c.items[content..]
        .iter()
        .map(Item::bounds)
        .fold((f32::MAX, 0.0f32), |(t, b), (_, y, _, h)| {
            (t.min(y), b.max(y + h))
        });
    if bottom > top {
        let dy = ((12.0 + h - band) - (top + bottom)) / 2.0;
        let dy = dy.max(0.0);
        c.items[content..].iter_mut().for_each(|i| i.shift(0.0, dy));
    }
    c.rect(0.0, h - band, w, band, p.navy);
    let base = h - band / 2.0 + 28.0 * CAP / 2.0;
    let host_w = c.width(&og.host, FontStyle::Regular, 24.0).min(420.0);
    let host = c.fit(&og.host, FontStyle::Regular, 24.0, 420.0);
    c.text(
        &host,
        FontStyle::Regular,
        24.0,
        w - m - host_w,
        base,
        p.border,
    );
    let company = c.fit(
        &og.company,
        FontStyle::Bold,
        28.0,
        w - 2.0 * m - host_w - 40.0,
    );
    c.text(&company, FontStyle::Bold, 28.0, m, base, p.bg);
}

#[allow(clippy::too_many_arguments)]
fn headline_tile(c: &mut Composer, metric: &Headline, p: &Palette, x: f32, y: f32, w: f32, h: f32) {
    // The tile is as tall as what it holds: drawn under its text once that is placed.
    let under = c.items.len();
    let pad = 36.0;
    let inner = w - pad - 28.0;
    let (size, lines) = c.block(
        &metric.label,
        FontStyle::Bold,
        &[24.0, 21.0],
        inner,
        &[2, 3],
    );
    let mut top = y + 34.0;
    for (k, line) in lines.iter().enumerate() {
        c.text(
            line,
            FontStyle::Bold,
            size,
            x + pad,
            top + size * CAP + k as f32 * size * 1.25,
            p.slate,
        );
    }
    top += lines.len() as f32 * size * 1.25 + 18.0;
    let mut vsize = 96.0;
    while vsize > 40.0 && c.width(&metric.value, FontStyle::Bold, vsize) > inner {
        vsize -= 8.0;
    }
    let value = c.fit(&metric.value, FontStyle::Bold, vsize, inner);
    c.text(
        &value,
        FontStyle::Bold,
        vsize,
        x + pad,
        top + vsize * CAP,
        p.accent,
    );
    top += vsize * CAP + 24.0;
    let note = match (&metric.before, metric.target) {
        (Some(b), true) => format!("Target · from {b}"),
        (Some(b), false) => format!("from {b}"),
        (None, true) => "Target".to_string(),
        (None, false) => String::new(),
    };
    if !note.is_empty() && top + 26.0 < y + h {
        let note = c.fit(&note, FontStyle::Regular, 26.0, inner);
        c.text(
            &note,
            FontStyle::Regular,
            26.0,
            x + pad,
            top + 26.0 * CAP,
            p.slate,
        );
        top += 26.0;
    }
    let tile_h = (top + 38.0 - y).min(h);
    let accent = Item::Rect {
        x,
        y,
        w: 8.0,
        h: tile_h,
        color: p.accent,
    };
    let card = Item::Rect {
        x,
        y,
        w,
        h: tile_h,
        color: p.card,
    };
    c.items.insert(under, accent);
    c.items.insert(under, card);
}

fn quote_card(c: &mut Composer, q: &QuoteCard, p: &Palette) {
    let (w, h) = (QUOTE_SIZE.0 as f32, QUOTE_SIZE.1 as f32);
    let m = 96.0;
    let band = 136.0;
    c.rect(0.0, 0.0, w, h, p.navy);
    let column = w - 2.0 * m;
    let (size, lines) = c.block(
        &format!("{}\u{201D}", q.text.trim()),
        FontStyle::Regular,
        &[58.0, 52.0, 46.0, 40.0, 35.0, 31.0],
        column,
        &[6, 7, 8, 9, 11, 12],
    );
    let lead = size * 1.3;
    let credit_lines = c.wrap(&q.credit, FontStyle::Regular, 30.0, column);
    let credit_lines = &credit_lines[..credit_lines.len().min(2)];
    let mark_h = 118.0;
    let text_h = lines.len() as f32 * lead;
    let credit_h =
        56.0 + if q.author.is_empty() { 0.0 } else { 46.0 } + credit_lines.len() as f32 * 40.0;
    let room = h - band - 2.0 * 72.0;
    let top = 72.0 + ((room - mark_h - text_h - credit_h) / 2.0).max(0.0);
    // The opening quotation mark, large, in the accent: it reads as "quote" at thumbnail size.
    c.text(
        "\u{201C}",
        FontStyle::Bold,
        260.0,
        m - 12.0,
        top + 190.0,
        p.accent,
    );
    let mut y = top + mark_h;
    for line in &lines {
        c.text(line, FontStyle::Regular, size, m, y + size * CAP, p.bg);
        y += lead;
    }
    y += 56.0 - lead + size;
    c.rect(m, y - 8.0, 72.0, 6.0, p.accent);
    y += 30.0;
    if !q.author.is_empty() {
        let author = c.fit(&q.author, FontStyle::Bold, 34.0, column);
        c.text(&author, FontStyle::Bold, 34.0, m, y + 34.0 * CAP, p.bg);
        y += 46.0;
    }
    for line in credit_lines {
        c.text(line, FontStyle::Regular, 30.0, m, y + 30.0 * CAP, p.border);
        y += 40.0;
    }
    c.rect(0.0, h - band, w, band, p.accent);
    let base = h - band / 2.0 + 32.0 * CAP / 2.0;
    let host_w = c.width(&q.host, FontStyle::Regular, 26.0).min(380.0);
    let host = c.fit(&q.host, FontStyle::Regular, 26.0, 380.0);
    c.text(&host, FontStyle::Regular, 26.0, w - m - host_w, base, p.bg);
    let company = c.fit(
        &q.company,
        FontStyle::Bold,
        32.0,
        w - 2.0 * m - host_w - 40.0,
    );
    c.text(&company, FontStyle::Bold, 32.0, m, base, p.bg);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::share::test_fonts as fonts_and_style;

    fn texts(list: &DisplayList) -> Vec<(String, f32, f32, f32)> {
        list.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text {
                    text, x, y, size, ..
                } => Some((text.clone(), *x, *y, *size)),
                _ => None,
            })
            .collect()
    }

    fn og(title: &str) -> OgCard {
        OgCard {
            eyebrow: "Customer story".into(),
            title: title.into(),
            subtitle: Some("Northwind Logistics".into()),
            metric: Some(Headline {
                label: "Inventory accuracy".into(),
                value: "97%".into(),
                before: Some("82%".into()),
                target: false,
            }),
            mark: None,
            company: "Acme Inventory Cloud, Inc.".into(),
            host: "acme.example".into(),
        }
    }

    #[test]
    fn every_text_of_a_card_stays_inside_it() {
        let (fonts, style) = fonts_and_style();
        let palette = Palette::of(&style);
        let long = "Supercalifragilisticexpialidocious ".repeat(30);
        let cards = [
            Card::Og(og("Northwind cut mis-picks by 80% in six weeks")),
            Card::Og(og(&long)),
            Card::Quote(QuoteCard {
                text: long.clone(),
                author: "Dana Whitfield".into(),
                credit: "VP Operations, Northwind Logistics".into(),
                company: "Acme".into(),
                host: "acme.example".into(),
            }),
        ];
        for card in &cards {
            let list = lay_out(card, &fonts, &palette);
            for item in &list.pages[0].items {
                let (x, y, w, h) = item.bounds();
                assert!(
                    x >= -12.5 && x + w <= list.width + 0.5,
                    "{item:?} leaves the card"
                );
                assert!(
                    y >= -0.5 && y + h <= list.height + 0.5,
                    "{item:?} leaves the card"
                );
            }
        }
    }

    #[test]
    fn a_long_title_shrinks_and_ends_with_an_ellipsis() {
        let (fonts, style) = fonts_and_style();
        let palette = Palette::of(&style);
        let short = lay_out(&Card::Og(og("Short title")), &fonts, &palette);
        let long = lay_out(&Card::Og(og(&"word ".repeat(200))), &fonts, &palette);
        let size_of = |l: &DisplayList, needle: &str| {
            texts(l)
                .into_iter()
                .find(|t| t.0.contains(needle))
                .unwrap()
                .3
        };
        assert_eq!(size_of(&short, "Short"), 60.0);
        assert_eq!(size_of(&long, "word"), 42.0);
        assert!(long.text().contains('…'));
    }

    #[test]
    fn a_huge_unbroken_word_is_cut_in_one_pass_and_stays_inside() {
        let (fonts, style) = fonts_and_style();
        let palette = Palette::of(&style);
        let word = "Ab".repeat(25_000);
        let started = std::time::Instant::now();
        let mut card = og(&word);
        card.eyebrow = word.clone();
        card.subtitle = Some(word.clone());
        let list = lay_out(&Card::Og(card), &fonts, &palette);
        let quote = lay_out(
            &Card::Quote(QuoteCard {
                text: word.clone(),
                author: word.clone(),
                credit: word.clone(),
                company: word.clone(),
                host: word,
            }),
            &fonts,
            &palette,
        );
        // Quadratic cutting took minutes here; one pass takes milliseconds.
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        for list in [&list, &quote] {
            for item in &list.pages[0].items {
                let (x, _, w, _) = item.bounds();
                assert!(x + w <= list.width + 0.5, "{item:?} leaves the card");
            }
        }
    }

    #[test]
    fn the_quote_card_credits_author_role_and_customer() {
        let (fonts, style) = fonts_and_style();
        let list = lay_out(
            &Card::Quote(QuoteCard {
                text: "It works.".into(),
                author: "Dana Whitfield".into(),
                credit: "VP Operations, Northwind Logistics".into(),
                company: "Acme".into(),
                host: "acme.example".into(),
            }),
            &fonts,
            &Palette::of(&style),
        );
        let text = list.text();
        for needle in [
            "It works.",
            "Dana Whitfield",
            "VP Operations, Northwind Logistics",
            "Acme",
        ] {
            assert!(text.contains(needle), "{needle} missing from {text}");
        }
        assert_eq!((list.width, list.height), (1080.0, 1080.0));
    }
}
