//! What Marp decks add to a slide's layout: background colours and images
//! (`![bg]`, beside the text with `bg left`/`bg right`), images in the text
//! (sized by `w:`/`h:`), remote images as placeholders, and the header.

use super::{BOTTOM, HEIGHT, MARGIN, Pen, TOP, WIDTH};
use crate::render::deck::SlideContent;
use crate::render::deck::images::{Fill, Side};
use crate::render::deck::pictures::{Picture, Placed};
use crate::render::deck::text::place;
use crate::render::pdf::display::{Item, NodeKind};
use crate::render::pdf::document::Span;
use crate::render::pdf::fonts::FontStyle;
use crate::render::pdf::style::Rgb;

/// Marp's slides are 1280 px wide, ours 960 pt: `w:200` is 150 pt here.
const PX: f32 = WIDTH / 1280.0;

/// A CSS colour as Marp decks write them: `#rgb`, `#rrggbb`, `rgb(r, g, b)`
/// or a common name; `None` for what the PDF cannot draw (gradients).
pub(crate) fn css_color(value: &str) -> Option<Rgb> {
    let v = value.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    if let Some(hex) = v.strip_prefix('#') {
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()?;
        return match digits.as_slice() {
            [r, g, b] | [r, g, b, _] => Some(Rgb(r * 17, g * 17, b * 17)),
            [r1, r2, g1, g2, b1, b2] | [r1, r2, g1, g2, b1, b2, _, _] => {
                Some(Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2))
            }
            _ => None,
        };
    }
    if let Some(args) = v
        .strip_prefix("rgb(")
        .or_else(|| v.strip_prefix("rgba("))
        .and_then(|r| r.strip_suffix(')'))
    {
        let n: Vec<u8> = args
            .split([',', ' ', '/'])
            .filter(|p| !p.is_empty())
            .take(3)
            .map(|p| {
                p.trim()
                    .parse::<f32>()
                    .ok()
                    .map(|x| x.clamp(0.0, 255.0) as u8)
            })
            .collect::<Option<_>>()?;
        return (n.len() == 3).then(|| Rgb(n[0], n[1], n[2]));
    }
    Some(match v.as_str() {
        "white" => Rgb(255, 255, 255),
        "black" => Rgb(0, 0, 0),
        "red" => Rgb(255, 0, 0),
        "green" => Rgb(0, 128, 0),
        "blue" => Rgb(0, 0, 255),
        "yellow" => Rgb(255, 255, 0),
        "orange" => Rgb(255, 165, 0),
        "gray" | "grey" => Rgb(128, 128, 128),
        "navy" => Rgb(0, 0, 128),
        "teal" => Rgb(0, 128, 128),
        "purple" => Rgb(128, 0, 128),
        "silver" => Rgb(192, 192, 192),
        _ => return None,
    })
}

impl Pen<'_, '_> {
    /// The slide's background colour and images; narrows the content box
    /// beside a `bg left` / `bg right` image.
    pub(super) fn backgrounds(&mut self, content: &SlideContent) {
        if let Some(color) = content.look.background_color.as_deref().and_then(css_color) {
            self.rect(0.0, 0.0, WIDTH, HEIGHT, color);
        }
        let split = content.backgrounds.iter().find_map(|b| match b.bg?.side {
            Side::Left(s) => Some((true, s)),
            Side::Right(s) => Some((false, s)),
            Side::Full => None,
        });
        // Several images on one side share it, side by side (as Marp does).
        let (area_x, area_w) = match split {
            Some((true, s)) => (0.0, WIDTH * s),
            Some((false, s)) => (WIDTH * (1.0 - s), WIDTH * s),
            None => (0.0, WIDTH),
        };
        let count = content.backgrounds.len().max(1) as f32;
        let each = area_w / count;
        for (k, bg) in content.backgrounds.iter().enumerate() {
            let fill = bg.bg.map_or(Fill::Cover, |b| b.fill);
            self.draw(bg, area_x + each * k as f32, 0.0, each, HEIGHT, fill);
        }
        match split {
            Some((true, s)) => {
                self.x0 = WIDTH * s + MARGIN * 0.75;
                self.w0 = WIDTH * (1.0 - s) - MARGIN * 1.75;
            }
            Some((false, s)) => {
                self.x0 = MARGIN;
                self.w0 = WIDTH * (1.0 - s) - MARGIN * 1.75;
            }
            None => {}
        }
    }

    /// Draws `placed` filling the box as `fill` says (cover crops by
    /// clipping to the page: the image is scaled past the box, centred).
    fn draw(&mut self, placed: &Placed, x: f32, y: f32, w: f32, h: f32, fill: Fill) {
        let Picture::Image { id, size } = &placed.picture else {
            self.placeholder(placed, x, y, w, h);
            return;
        };
        let (pw, ph) = (size.0.max(1) as f32, size.1.max(1) as f32);
        let k = match fill {
            // A cover image larger than its box would spill over the text
            // beside it: fit it instead when the box is not the whole slide.
            Fill::Cover if w >= WIDTH - 0.5 => (w / pw).max(h / ph),
            Fill::Cover | Fill::Contain => (w / pw).min(h / ph),
            Fill::Percent(p) => (w * p) / pw,
        };
        let (iw, ih) = (pw * k, ph * k);
        let node = self.node(NodeKind::Figure(placed.alt.clone()), None);
        self.items.push(Item::Image {
            x: x + (w - iw) / 2.0,
            y: y + (h - ih) / 2.0,
            w: iw,
            h: ih,
            image: *id,
            node,
        });
    }

    /// A frame where a remote image would be, naming it.
    fn placeholder(&mut self, placed: &Placed, x: f32, y: f32, w: f32, h: f32) {
        let Picture::Remote { src } = &placed.picture else {
            return;
        };
        let (w, h) = (w.max(40.0), h.max(30.0));
        self.rect(x, y, w, h, self.c.card);
        for (ex, ey, ew, eh) in [
            (x, y, w, 1.5),
            (x, y + h - 1.5, w, 1.5),
            (x, y, 1.5, h),
            (x + w - 1.5, y, 1.5, h),
        ] {
            self.rect(ex, ey, ew, eh, self.c.border);
        }
        let node = self.node(NodeKind::Figure(placed.alt.clone()), None);
        let size = (12.0 * self.scale).min(h / 3.0).max(6.0);
        let host = src
            .split("://")
            .nth(1)
            .unwrap_or(src)
            .split('/')
            .next()
            .unwrap_or(src);
        let label = if placed.alt.is_empty() {
            format!("Image from {host}")
        } else {
            format!("{} (image from {host})", placed.alt)
        };
        let lines = self.ts.wrap(
            &[Span::new(label, FontStyle::Italic)],
            size,
            w - 16.0,
            self.c.slate,
            self.c.slate,
            Some(node),
        );
        let th: f32 = lines.iter().map(|l| l.height).sum();
        self.put_lines(lines, x + 8.0, y + (h - th).max(0.0) / 2.0, w - 16.0, false);
    }

    /// One image in the box at (`x`, `y`), `w` wide and at most `h` tall,
    /// centred; its own `w:`/`h:` when given. Returns the height used.
    pub(super) fn picture(&mut self, placed: &Placed, x: f32, y: f32, w: f32, h: f32) -> f32 {
        let natural = match &placed.picture {
            Picture::Image { size, .. } => (size.0.max(1) as f32, size.1.max(1) as f32),
            Picture::Remote { .. } => (w.min(320.0), h.min(180.0)),
        };
        let ratio = natural.1 / natural.0;
        let (mut iw, mut ih) = match (placed.width, placed.height) {
            (Some(pw), Some(ph)) => (pw * PX, ph * PX),
            (Some(pw), None) => (pw * PX, pw * PX * ratio),
            (None, Some(ph)) => (ph * PX / ratio, ph * PX),
            (None, None) => {
                let k = (w / natural.0).min(h / natural.1);
                (natural.0 * k, natural.1 * k)
            }
        };
        let shrink = (w / iw).min(h / ih).min(1.0);
        iw *= shrink;
        ih *= shrink;
        self.draw(placed, x + (w - iw) / 2.0, y, iw, ih, Fill::Contain);
        ih
    }

    /// Images of the text in a row below it, from `y`; returns the y below them.
    pub(super) fn pictures_below(&mut self, pictures: &[Placed], y: f32) -> f32 {
        if pictures.is_empty() {
            return y;
        }
        let gap = 16.0;
        let top = y + gap;
        let room = (BOTTOM - top).max(60.0);
        let each = (self.w0 - gap * (pictures.len() as f32 - 1.0)) / pictures.len() as f32;
        let mut tallest = 0.0f32;
        for (k, p) in pictures.iter().enumerate() {
            let x = self.x0 + k as f32 * (each + gap);
            tallest = tallest.max(self.picture(p, x, top, each, room));
        }
        top + tallest
    }

    /// Colour of the header and footer: Marp's `color:` when given (as in
    /// Marp's themes, where they inherit the slide's), else muted.
    pub(super) fn frame_color(&self) -> Rgb {
        let muted = if self.dark { self.c.card } else { self.c.muted };
        self.ink.unwrap_or(muted)
    }

    /// Marp's `header:` above the title.
    pub(super) fn header(&mut self, text: &str) {
        let size = self.sz.footer;
        let color = self.frame_color();
        let line = self.ts.line(text, FontStyle::Regular, size, color, None);
        place(line.items, MARGIN, TOP - size * 2.4, &mut self.items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_colours_as_marp_decks_write_them() {
        assert_eq!(css_color("#fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(css_color("\"#1e3a5f\""), Some(Rgb(0x1e, 0x3a, 0x5f)));
        assert_eq!(css_color("rgb(10, 20, 30)"), Some(Rgb(10, 20, 30)));
        assert_eq!(css_color("White"), Some(Rgb(255, 255, 255)));
        assert_eq!(css_color("linear-gradient(red, blue)"), None);
    }
}
