//! The figure layouts of a slide: KPI tiles and bar charts.

use super::{MARGIN, Pen, WIDTH};
use crate::render::charts::{self, Chart};
use crate::render::deck::text::place;
use crate::render::pdf::display::NodeKind;
use crate::render::pdf::document::Span;
use crate::render::pdf::fonts::FontStyle;

impl Pen<'_, '_> {
    /// Big numbers: a tile per list item, the bold words its value.
    pub(super) fn tiles(&mut self, items: &[(usize, Vec<Span>)], mut y: f32) -> f32 {
        let tops: Vec<&Vec<Span>> = items
            .iter()
            .filter(|(d, _)| *d == 0)
            .map(|(_, s)| s)
            .collect();
        if tops.is_empty() {
            return y;
        }
        let per_row = match tops.len() {
            1..=4 => tops.len(),
            5 | 6 => 3,
            _ => 4,
        };
        let gap = 20.0;
        let w = (WIDTH - 2.0 * MARGIN - gap * (per_row as f32 - 1.0)) / per_row as f32;
        let pad = 18.0 * self.scale;
        let list = self.node(NodeKind::List(false), None);
        let tiles: Vec<(String, String)> = tops
            .iter()
            .map(|spans| {
                let bold: String = spans
                    .iter()
                    .filter(|s| s.style == FontStyle::Bold)
                    .map(|s| s.text.as_str())
                    .collect();
                let rest: String = spans
                    .iter()
                    .filter(|s| s.style != FontStyle::Bold)
                    .map(|s| s.text.as_str())
                    .collect();
                if bold.trim().is_empty() {
                    (rest.trim().to_string(), String::new())
                } else {
                    let label = rest
                        .trim()
                        .trim_start_matches([':', '-', '–', '—', '·'])
                        .trim()
                        .to_string();
                    (bold.trim().to_string(), label)
                }
            })
            .collect();
        // Every value shrinks together until the widest fits its tile: numbers
        // side by side read as one row only at one size.
        let mut vsize = self.sz.tile_value * self.scale;
        while vsize > 20.0
            && tiles
                .iter()
                .any(|(v, _)| self.ts.width(v, FontStyle::Bold, vsize) > w - 2.0 * pad)
        {
            vsize -= 2.0;
        }
        for chunk in tiles.chunks(per_row) {
            let mut sets = Vec::new();
            let mut h = 0.0f32;
            for (value, label) in chunk {
                let item = self.node(NodeKind::ListItem, Some(list));
                let node = self.node(NodeKind::ListBody, Some(item));
                let vline = self
                    .ts
                    .line(value, FontStyle::Bold, vsize, self.c.navy, Some(node));
                let lsize = self.sz.tile_label * self.scale;
                let llines = self.ts.wrap(
                    &[Span::new(label.as_str(), FontStyle::Regular)],
                    lsize,
                    w - 2.0 * pad,
                    self.c.slate,
                    self.c.accent,
                    Some(node),
                );
                let th =
                    vline.height + llines.iter().map(|l| l.height).sum::<f32>() + 2.0 * pad + 6.0;
                h = h.max(th);
                sets.push((vline, llines));
            }
            for (k, (vline, llines)) in sets.into_iter().enumerate() {
                let tx = MARGIN + k as f32 * (w + gap);
                self.rect(tx, y, w, h, self.c.card);
                self.rect(tx, y, w, 5.0, self.c.accent);
                let vh = vline.height;
                place(vline.items, tx + pad, y + pad, &mut self.items);
                self.put_lines(llines, tx + pad, y + pad + vh + 2.0, w - 2.0 * pad, false);
            }
            y += h + gap;
        }
        y - gap
    }

    /// A chart of the site's model (`render/charts`), drawn by the same
    /// display-list code as the one-pagers' charts, in `w` from `x`.
    pub(super) fn chart(&mut self, chart: &Chart, x: f32, y: f32, w: f32) -> f32 {
        let alt = format!(
            "{}: {}",
            chart.title,
            chart
                .points
                .iter()
                .map(|p| format!(
                    "{} {}",
                    p.label,
                    p.values
                        .first()
                        .map(|v| crate::format::money(*v, false, false))
                        .unwrap_or_default()
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let fig = self.node(NodeKind::Figure(alt), None);
        let size = self.sz.chart * self.scale;
        let look = charts::Look {
            title: size * 1.1,
            label: size,
            bar: (size * 1.3).max(18.0 * self.scale),
            ink: self.ink(),
            muted: self.c.slate,
            accent: self.c.accent,
            track: self.c.card,
        };
        let mut text = SlideText {
            ts: &mut *self.ts,
            node: fig,
        };
        let (items, height) = charts::to_display(chart, (0.0, 0.0, w), &look, &mut text);
        place(items, x, y, &mut self.items);
        y + height
    }
}

/// The slide's typesetter, lent to the chart code (charts know no fonts).
struct SlideText<'a, 'f> {
    ts: &'a mut crate::render::deck::text::Typesetter<'f>,
    node: usize,
}

impl charts::TextLayout for SlideText<'_, '_> {
    fn lines(
        &mut self,
        text: &str,
        size: f32,
        width: f32,
        bold: bool,
        color: crate::render::pdf::style::Rgb,
    ) -> Vec<(Vec<crate::render::pdf::display::Item>, f32)> {
        let style = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Regular
        };
        let spans = [Span::new(text, style)];
        self.ts
            .wrap(&spans, size, width, color, color, Some(self.node))
            .into_iter()
            .map(|l| (l.items, l.height))
            .collect()
    }
}
