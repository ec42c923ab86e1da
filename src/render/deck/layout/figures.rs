//! The figure layouts of a slide: KPI tiles and bar charts.

use super::{MARGIN, Pen, WIDTH};
use crate::render::deck::ChartData;
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

    /// Horizontal bars with their labels and values, in `w` from `x`.
    pub(super) fn chart(&mut self, chart: &ChartData, x: f32, mut y: f32, w: f32) -> f32 {
        let alt = format!(
            "{}: {}",
            chart.title,
            chart
                .bars
                .iter()
                .map(|(l, v)| format!("{l} {}", crate::format::money(*v, false, false)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let fig = self.node(NodeKind::Figure(alt), None);
        let size = self.sz.chart * self.scale;
        let head = format!(
            "{} · {}",
            chart.title,
            crate::format::money(chart.total, false, false)
        );
        let line = self
            .ts
            .line(&head, FontStyle::Bold, size * 1.1, self.c.slate, Some(fig));
        let lh = line.height;
        place(line.items, x, y, &mut self.items);
        y += lh + 12.0 * self.scale;
        let widest = chart
            .bars
            .iter()
            .map(|(l, _)| self.ts.width(l, FontStyle::Regular, size))
            .fold(0.0, f32::max);
        let value_w = chart
            .bars
            .iter()
            .map(|(_, v)| {
                self.ts.width(
                    &crate::format::money(*v, false, false),
                    FontStyle::Bold,
                    size,
                )
            })
            .fold(0.0, f32::max)
            + 14.0;
        // Long labels go above their bars, so the bars keep the width.
        let stacked = widest + 16.0 > w * 0.3;
        let label_w = if stacked { 0.0 } else { widest + 16.0 };
        let track = (w - label_w - value_w).max(40.0);
        let max = chart
            .bars
            .iter()
            .map(|(_, v)| *v)
            .fold(0.0, f64::max)
            .max(1.0);
        let bar_h = (size * 1.5).max(22.0 * self.scale);
        for (label, value) in &chart.bars {
            let label_line = self
                .ts
                .line(label, FontStyle::Regular, size, self.ink(), Some(fig));
            let lh = label_line.height;
            let (bx, by, row) = if stacked {
                place(label_line.items, x, y, &mut self.items);
                (x, y + lh + 2.0, lh + 2.0 + bar_h + 12.0 * self.scale)
            } else {
                let row = bar_h + 14.0 * self.scale;
                place(label_line.items, x, y + (row - lh) / 2.0, &mut self.items);
                (x + label_w, y + (row - bar_h) / 2.0, row)
            };
            self.rect(bx, by, track, bar_h, self.c.card);
            let bw = (track * (*value / max) as f32).max(2.0);
            self.rect(bx, by, bw, bar_h, self.c.accent);
            let text = crate::format::money(*value, false, false);
            let vline = self
                .ts
                .line(&text, FontStyle::Bold, size, self.c.navy, Some(fig));
            let vh = vline.height;
            place(
                vline.items,
                bx + bw + 8.0,
                by + (bar_h - vh) / 2.0,
                &mut self.items,
            );
            y += row;
        }
        y
    }
}
