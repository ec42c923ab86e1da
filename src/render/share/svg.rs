//! The SVG exporter: the same display list as the PNG, glyphs as `<path>`s
//! (no font needed to view it), colour emoji as embedded PNG strikes, and the
//! declared text in `<title>` and `aria-label`, so readers, screen readers
//! and the leak audit see what the picture says.

use std::collections::BTreeSet;
use std::fmt::Write;

use rustybuzz::ttf_parser::{self, GlyphId, RasterImageFormat};

use crate::render::pdf::display::{DisplayList, Item};
use crate::render::pdf::fonts::FontSet;
use crate::render::pdf::style::Rgb;
use crate::render::share::glyph_origins;
use crate::render::share::png::visible;

/// An image an `Item::Image` may draw: its MIME type and bytes.
pub(crate) struct Embedded {
    /// `image/png` or `image/jpeg`.
    pub mime: &'static str,
    /// File bytes.
    pub bytes: Vec<u8>,
}

/// Path data in pixels, two decimals: font units scaled, y flipped, moved to the origin.
struct PathData<'a> {
    d: &'a mut String,
    scale: f32,
    x: f32,
    y: f32,
}

impl PathData<'_> {
    fn point(&mut self, x: f32, y: f32) {
        let _ = write!(
            self.d,
            "{} {}",
            num(self.x + x * self.scale),
            num(self.y - y * self.scale)
        );
    }
}

impl ttf_parser::OutlineBuilder for PathData<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.d.push('M');
        self.point(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.d.push('L');
        self.point(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.d.push('Q');
        self.point(x1, y1);
        self.d.push(' ');
        self.point(x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.d.push('C');
        self.point(x1, y1);
        self.d.push(' ');
        self.point(x2, y2);
        self.d.push(' ');
        self.point(x, y);
    }
    fn close(&mut self) {
        self.d.push('Z');
    }
}

/// A coordinate with at most two decimals, no trailing zeros (`12.5`, `-3`).
fn num(v: f32) -> String {
    let r = (v * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// `text` safe inside XML text and double-quoted attributes; characters
/// XML 1.0 forbids (most C0 controls) are left out.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\t' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The first page of `list` as an SVG document whose accessible name is
/// `title`; returns it with the characters that could not be drawn.
pub(crate) fn render(
    list: &DisplayList,
    fonts: &FontSet,
    images: &[Embedded],
    title: &str,
) -> (String, BTreeSet<char>) {
    let (w, h) = (num(list.width), num(list.height));
    let title = escape(title.trim());
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{title}\">\n<title>{title}</title>\n"
    );
    let mut undrawn = BTreeSet::new();
    let image = |out: &mut String, x: f32, y: f32, w: f32, h: f32, mime: &str, bytes: &[u8]| {
        let _ = writeln!(
            out,
            "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" href=\"data:{mime};base64,{}\"/>",
            num(x),
            num(y),
            num(w),
            num(h),
            base64(bytes)
        );
    };
    for item in list.pages.first().map_or(&[][..], |p| &p.items[..]) {
        match item {
            Item::Rect { x, y, w, h, color } => {
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                    num(*x),
                    num(*y),
                    num(*w),
                    num(*h),
                    hex(*color)
                );
            }
            Item::Text {
                x,
                y,
                size,
                font,
                glyphs,
                text,
                color,
                ..
            } => {
                let Some((face, upem)) = fonts.face(*font) else {
                    continue;
                };
                let mut d = String::new();
                for (g, gx, gy) in glyph_origins(*x, *y, *size, glyphs) {
                    let id = GlyphId(g.id as u16);
                    let mut data = PathData {
                        d: &mut d,
                        scale: size / upem,
                        x: gx,
                        y: gy,
                    };
                    if face.outline_glyph(id, &mut data).is_some() {
                        continue;
                    }
                    let ppem = size.round().clamp(1.0, u16::MAX as f32) as u16;
                    match face.glyph_raster_image(id, ppem) {
                        Some(img) if img.format == RasterImageFormat::PNG => {
                            let s = size / f32::from(img.pixels_per_em);
                            image(
                                &mut out,
                                gx + f32::from(img.x) * s,
                                gy - (f32::from(img.y) + f32::from(img.height)) * s,
                                f32::from(img.width) * s,
                                f32::from(img.height) * s,
                                "image/png",
                                img.data,
                            );
                        }
                        _ => undrawn.extend(visible(text, &g.text_range)),
                    }
                }
                if !d.is_empty() {
                    let _ = writeln!(out, "<path fill=\"{}\" d=\"{d}\"/>", hex(*color));
                }
            }
            Item::Image {
                x,
                y,
                w,
                h,
                image: id,
                ..
            } => {
                if let Some(e) = images.get(id.0) {
                    image(&mut out, *x, *y, *w, *h, e.mime, &e.bytes);
                }
            }
            Item::Link { .. } => {}
        }
    }
    out.push_str("</svg>\n");
    (out, undrawn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(
            escape("Tom & \"Jerry\" <b>\u{7}\nok"),
            "Tom &amp; &quot;Jerry&quot; &lt;b&gt; ok"
        );
    }

    #[test]
    fn base64_matches_the_rfc_4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn a_card_is_one_svg_of_paths_named_by_its_text() {
        use crate::render::share::cards::{Card, Palette, QuoteCard, lay_out};
        let (fonts, style) = crate::render::share::test_fonts();
        let card = QuoteCard {
            text: "Stock <counts> & shelves agree 🎯".into(),
            author: "Dana".into(),
            credit: "VP Operations, Northwind".into(),
            company: "Acme".into(),
            host: "acme.example".into(),
        };
        let list = lay_out(&Card::Quote(card), &fonts, &Palette::of(&style));
        let (svg, undrawn) = render(&list, &fonts, &[], "Stock <counts> & shelves agree");
        assert!(undrawn.is_empty());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1080\""));
        assert!(svg.contains("<title>Stock &lt;counts&gt; &amp; shelves agree</title>"));
        assert!(svg.contains("aria-label=\"Stock &lt;counts&gt; &amp; shelves agree\""));
        assert!(
            svg.contains("href=\"data:image/png;base64,"),
            "the emoji is its bitmap"
        );
        assert!(!svg.contains("<text"), "text is drawn as outlines");
        assert!(svg.matches("<path ").count() >= 5);
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.504), "12.5");
        assert_eq!(num(-0.001), "0");
    }
}
