//! A chart model as display-list items for PDFs (and anything else that draws
//! the display list). The display list has rectangles and text but no paths,
//! so bars, funnels and progress bars are drawn as they are, and line and
//! donut charts as bars of the same values (the figures stay, the shape goes).

use super::model::{Chart, Kind};
use crate::render::pdf::display::Item;
use crate::render::pdf::style::Rgb;

/// Text shaping and line breaking, lent by the PDF layout (charts know no fonts).
pub(crate) trait TextLayout {
    /// `text` broken into lines no wider than `width`: each line's items
    /// (relative to the line's top-left corner) and its height.
    fn lines(
        &mut self,
        text: &str,
        size: f32,
        width: f32,
        bold: bool,
        color: Rgb,
    ) -> Vec<(Vec<Item>, f32)>;
}

/// Sizes and colours a chart is drawn with (from the PDF style).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Look {
    /// Title size, points.
    pub title: f32,
    /// Label and value size, points.
    pub label: f32,
    /// Bar thickness, points.
    pub bar: f32,
    /// Title and label colour.
    pub ink: Rgb,
    /// Value text colour.
    pub muted: Rgb,
    /// The first series.
    pub accent: Rgb,
    /// Tracks and the "before" series of a comparison.
    pub track: Rgb,
}

impl Look {
    fn series(&self, k: usize, n: usize) -> Rgb {
        match (n, k) {
            (1, _) => self.accent,
            // A comparison reads as "then" in grey, "now" in colour.
            (2, 0) => self.track,
            (2, _) => self.accent,
            (_, k) => [self.accent, self.ink, self.muted][k % 3],
        }
    }
}

/// Items drawing `chart` in the box at (`x`, `y`) `width` wide, and the height used.
pub(crate) fn to_display(
    chart: &Chart,
    (x, y, width): (f32, f32, f32),
    look: &Look,
    text: &mut dyn TextLayout,
) -> (Vec<Item>, f32) {
    let mut items = Vec::new();
    let mut h = 0.0;
    place(
        text.lines(&chart.title, look.title, width, true, look.ink),
        0.0,
        &mut h,
        &mut items,
    );
    h += look.label * 0.4;
    if chart.points.is_empty() {
        place(
            text.lines("No data yet", look.label, width, false, look.muted),
            0.0,
            &mut h,
            &mut items,
        );
    } else if chart.kind == Kind::Progress {
        progress(chart, width, look, text, &mut h, &mut items);
    } else {
        bars(chart, width, look, text, &mut h, &mut items);
    }
    for note in &chart.notes {
        h += look.label * 0.3;
        let lines = text.lines(
            &format!("Note: {note}"),
            look.label,
            width,
            false,
            look.muted,
        );
        place(lines, 0.0, &mut h, &mut items);
    }
    items.iter_mut().for_each(|i| i.shift(x, y));
    (items, h)
}

/// Stacks lines at `x` from `*y` down.
fn place(lines: Vec<(Vec<Item>, f32)>, x: f32, y: &mut f32, items: &mut Vec<Item>) {
    for (mut line, height) in lines {
        line.iter_mut().for_each(|i| i.shift(x, *y));
        *y += height;
        items.extend(line);
    }
}

fn bars(
    chart: &Chart,
    width: f32,
    look: &Look,
    text: &mut dyn TextLayout,
    h: &mut f32,
    items: &mut Vec<Item>,
) {
    let n = chart.series.len().max(1);
    let label_w = width * 0.34;
    let value_room = look.label * 4.5;
    let area = (width - label_w - value_room).max(width * 0.2);
    let funnel = chart.kind == Kind::Funnel;
    for p in &chart.points {
        let top = *h + look.label * 0.35;
        let mut label_end = top;
        let lines = text.lines(
            &p.label,
            look.label,
            label_w - look.label * 0.6,
            false,
            look.ink,
        );
        place(lines, 0.0, &mut label_end, items);
        let mut by = top;
        for (k, (v, shown)) in p.values.iter().zip(&p.texts).enumerate() {
            let w = ((v.max(0.0) / chart.scale_of(p)) as f32 * area).max(1.0);
            let bx = if funnel {
                label_w + (area - w) / 2.0
            } else {
                label_w
            };
            items.push(Item::Rect {
                x: bx,
                y: by,
                w,
                h: look.bar,
                color: look.series(k, n),
            });
            let value_x = if funnel {
                label_w + area + look.label * 0.4
            } else {
                bx + w + look.label * 0.35
            };
            let mut value_y = by + look.bar / 2.0 - look.label * 0.92;
            let room = (width - value_x).max(value_room);
            place(
                text.lines(shown, look.label, room, true, look.muted),
                value_x,
                &mut value_y,
                items,
            );
            by += look.bar + look.label * 0.2;
        }
        *h = label_end.max(by) + look.label * 0.3;
    }
}

fn progress(
    chart: &Chart,
    width: f32,
    look: &Look,
    text: &mut dyn TextLayout,
    h: &mut f32,
    items: &mut Vec<Item>,
) {
    let target = chart.target.unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let value = chart.points[0].values[0];
    let share = value.max(0.0) / target;
    let caption = format!(
        "{} of {} target · {}",
        chart.format.short(value),
        chart.format.short(target),
        crate::format::percent(share, 0)
    );
    place(
        text.lines(&caption, look.label, width, false, look.ink),
        0.0,
        h,
        items,
    );
    *h += look.label * 0.3;
    items.push(Item::Rect {
        x: 0.0,
        y: *h,
        w: width,
        h: look.bar,
        color: look.track,
    });
    items.push(Item::Rect {
        x: 0.0,
        y: *h,
        w: (share.min(1.0) as f32 * width).max(1.0),
        h: look.bar,
        color: look.accent,
    });
    *h += look.bar;
}
