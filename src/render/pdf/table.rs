//! Table layout: column widths from the cells' natural and narrowest widths,
//! one atom per row, the header row repeated after a page break.

use std::rc::Rc;

use crate::render::pdf::blocks::{Layouter, place};
use crate::render::pdf::display::{Item, NodeKind};
use crate::render::pdf::document::Span;
use crate::render::pdf::fonts::FontStyle;
use crate::render::pdf::linebreak::segments;
use crate::render::pdf::paginate::Atom;

impl Layouter<'_> {
    /// A table: the header row (kept with the first body row), then one atom per row.
    pub(super) fn table(&mut self, header: &[Vec<Span>], rows: &[Vec<Vec<Span>>]) -> Vec<Atom> {
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
                // Never narrower than the widest piece between break opportunities.
                let longest = segments(&text)
                    .into_iter()
                    .map(|piece| self.width_of(piece.trim_end(), FontStyle::Bold, size))
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
        // The header keeps three rows (or the whole of a shorter table), and
        // the last row never goes on alone.
        first.keep_next = rows.len().min(3);
        atoms.push(first);
        for (r, row) in rows.iter().enumerate() {
            let mut atom = self.row(row, &widths, size, pad, body, false);
            atom.repeat_header = Some(header_atom.clone());
            atom.keep_next = usize::from(r + 2 == rows.len());
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
}

#[cfg(test)]
mod tests {
    use crate::render::pdf::document::Span;
    use crate::render::pdf::fonts::FontStyle;
    use crate::render::pdf::testing::with_layouter;

    fn cells(texts: &[&str]) -> Vec<Vec<Span>> {
        texts
            .iter()
            .map(|t| vec![Span::new(*t, FontStyle::Regular)])
            .collect()
    }

    #[test]
    fn a_table_header_keeps_three_rows_and_the_last_row_its_neighbour() {
        with_layouter(|l| {
            let rows: Vec<_> = (0..6).map(|_| cells(&["a", "b"])).collect();
            let atoms = l.table(&cells(&["A", "B"]), &rows);
            let keeps: Vec<usize> = atoms.iter().map(|a| a.keep_next).collect();
            assert_eq!(keeps, [3, 0, 0, 0, 0, 1, 0]);
            assert!(atoms[1..].iter().all(|a| a.repeat_header.is_some()));
            // A table of two rows moves whole.
            let atoms = l.table(&cells(&["A", "B"]), &rows[..2]);
            let keeps: Vec<usize> = atoms.iter().map(|a| a.keep_next).collect();
            assert_eq!(keeps, [2, 1, 0]);
        });
    }
}
