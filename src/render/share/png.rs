//! The PNG exporter: draws a display list with tiny-skia, text as the glyph
//! outlines of the shipped fonts (antialiased, nonzero fill), colour emoji
//! from the font's PNG strikes (CBDT). Glyphs with neither are left out and
//! reported, as the PDF reports characters its fonts lack.

use std::collections::BTreeSet;

use rustybuzz::ttf_parser::{self, GlyphId, RasterImageFormat};
use tiny_skia::{
    Color, FillRule, FilterQuality, Paint, PathBuilder, Pixmap, PixmapPaint, Rect, Transform,
};

use crate::render::pdf::display::{DisplayList, Item};
use crate::render::pdf::fonts::FontSet;
use crate::render::pdf::style::Rgb;
use crate::render::share::glyph_origins;

/// A decoded image an `Item::Image` may draw (by its `ImageId`).
pub(crate) struct Raster(pub Pixmap);

/// A drawn image: PNG bytes and the characters that could not be drawn.
pub(crate) struct Drawn {
    /// The PNG file.
    pub bytes: Vec<u8>,
    /// Characters whose glyphs have no outline nor bitmap (left out).
    pub undrawn: BTreeSet<char>,
}

fn paint(color: Rgb) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(color.0, color.1, color.2, 255);
    paint.anti_alias = true;
    paint
}

/// Collects a glyph outline in pixels: font units scaled by `scale`, y flipped, moved to the origin.
struct Outline<'a> {
    path: &'a mut PathBuilder,
    scale: f32,
    x: f32,
    y: f32,
}

impl Outline<'_> {
    fn p(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.scale, self.y - y * self.scale)
    }
}

impl ttf_parser::OutlineBuilder for Outline<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.p(x, y);
        self.path.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.p(x, y);
        self.path.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.p(x1, y1);
        let (x, y) = self.p(x, y);
        self.path.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.p(x1, y1);
        let (x2, y2) = self.p(x2, y2);
        let (x, y) = self.p(x, y);
        self.path.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.path.close();
    }
}

/// Draws the first page of `list` at one pixel per unit.
pub(crate) fn render(
    list: &DisplayList,
    fonts: &FontSet,
    images: &[Raster],
) -> Result<Drawn, String> {
    let (w, h) = (list.width.round() as u32, list.height.round() as u32);
    let mut pixmap = Pixmap::new(w, h).ok_or_else(|| format!("cannot draw a {w}x{h} image"))?;
    pixmap.fill(Color::WHITE);
    let mut undrawn = BTreeSet::new();
    for item in list.pages.first().map_or(&[][..], |p| &p.items[..]) {
        match item {
            Item::Rect { x, y, w, h, color } => {
                if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                    pixmap.fill_rect(rect, &paint(*color), Transform::identity(), None);
                }
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
                let mut path = PathBuilder::new();
                for (g, gx, gy) in glyph_origins(*x, *y, *size, glyphs) {
                    let id = GlyphId(g.id as u16);
                    let mut outline = Outline {
                        path: &mut path,
                        scale: size / upem,
                        x: gx,
                        y: gy,
                    };
                    if face.outline_glyph(id, &mut outline).is_some() {
                        continue;
                    }
                    let ppem = size.round().clamp(1.0, u16::MAX as f32) as u16;
                    match face.glyph_raster_image(id, ppem) {
                        Some(img) if img.format == RasterImageFormat::PNG => {
                            if let Ok(bitmap) = Pixmap::decode_png(img.data) {
                                let s = size / f32::from(img.pixels_per_em);
                                let left = gx + f32::from(img.x) * s;
                                let top = gy - (f32::from(img.y) + f32::from(img.height)) * s;
                                let sx = f32::from(img.width) * s / bitmap.width() as f32;
                                let sy = f32::from(img.height) * s / bitmap.height() as f32;
                                pixmap.draw_pixmap(
                                    0,
                                    0,
                                    bitmap.as_ref(),
                                    &PixmapPaint {
                                        quality: FilterQuality::Bicubic,
                                        ..PixmapPaint::default()
                                    },
                                    Transform::from_row(sx, 0.0, 0.0, sy, left, top),
                                    None,
                                );
                                continue;
                            }
                            undrawn.extend(visible(text, &g.text_range));
                        }
                        _ => undrawn.extend(visible(text, &g.text_range)),
                    }
                }
                if let Some(path) = path.finish() {
                    pixmap.fill_path(
                        &path,
                        &paint(*color),
                        FillRule::Winding,
                        Transform::identity(),
                        None,
                    );
                }
            }
            Item::Image {
                x, y, w, h, image, ..
            } => {
                let Some(Raster(bitmap)) = images.get(image.0) else {
                    continue;
                };
                let (sx, sy) = (w / bitmap.width() as f32, h / bitmap.height() as f32);
                pixmap.draw_pixmap(
                    0,
                    0,
                    bitmap.as_ref(),
                    &PixmapPaint {
                        quality: FilterQuality::Bicubic,
                        ..PixmapPaint::default()
                    },
                    Transform::from_row(sx, 0.0, 0.0, sy, *x, *y),
                    None,
                );
            }
            // A picture has nowhere to click.
            Item::Link { .. } => {}
        }
    }
    let bytes = encode(&pixmap)?;
    Ok(Drawn { bytes, undrawn })
}

/// The characters of a glyph's cluster that should have drawn something
/// (spaces have no outline by design).
pub(crate) fn visible(text: &str, range: &std::ops::Range<usize>) -> Vec<char> {
    text.get(range.clone())
        .unwrap_or("")
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{200D}')
        })
        .collect()
}

/// PNG bytes of an opaque pixmap: RGB (no alpha channel to carry), fast
/// compression (flat colours compress well anyway; encoding dominates the cost).
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, String> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::display::{ImageId, PageItems};
    use crate::render::pdf::fonts::FontStyle;
    use crate::render::share::test_fonts as fonts_and_style;

    fn list(items: Vec<Item>) -> DisplayList {
        DisplayList {
            width: 200.0,
            height: 100.0,
            margin: 0.0,
            pages: vec![PageItems { items }],
            nodes: Vec::new(),
            outline: Vec::new(),
            scale: 1.0,
            missing: BTreeSet::new(),
            content_height: 100.0,
            available: 100.0,
            overflow: 0.0,
            overflow_share: 0.0,
        }
    }

    fn text(fonts: &FontSet, s: &str, x: f32, y: f32, size: f32) -> Vec<Item> {
        fonts
            .shape(s, FontStyle::Bold, &mut BTreeSet::new())
            .into_iter()
            .map(|run| Item::Text {
                x,
                y,
                size,
                font: run.font,
                glyphs: run.glyphs,
                text: run.text,
                color: Rgb(0, 0, 0),
                node: None,
            })
            .collect()
    }

    /// Decoded RGB pixels of a PNG, row by row.
    fn pixels(bytes: &[u8]) -> (u32, Vec<[u8; 3]>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        let px = buf[..info.buffer_size()]
            .chunks_exact(3)
            .map(|p| [p[0], p[1], p[2]])
            .collect();
        (info.width, px)
    }

    #[test]
    fn rectangles_images_and_glyph_outlines_are_drawn_where_the_list_says() {
        let (fonts, _) = fonts_and_style();
        let mut red = Pixmap::new(2, 2).unwrap();
        red.fill(Color::from_rgba8(255, 0, 0, 255));
        let mut items = vec![Item::Rect {
            x: 0.0,
            y: 0.0,
            w: 50.0,
            h: 100.0,
            color: Rgb(0x14, 0x21, 0x3d),
        }];
        items.push(Item::Image {
            x: 150.0,
            y: 0.0,
            w: 50.0,
            h: 50.0,
            image: ImageId(0),
            node: 0,
        });
        // "I" in bold at 40 px, baseline 80: a solid stem from about y 51 to 80.
        items.extend(text(&fonts, "I", 80.0, 80.0, 40.0));
        let drawn = render(&list(items), &fonts, &[Raster(red)]).unwrap();
        assert!(drawn.undrawn.is_empty());
        let (w, px) = pixels(&drawn.bytes);
        let at = |x: u32, y: u32| px[(y * w + x) as usize];
        assert_eq!(w, 200);
        assert_eq!(at(10, 90), [0x14, 0x21, 0x3d]);
        assert_eq!(at(175, 25), [255, 0, 0]);
        assert_eq!(at(175, 75), [255, 255, 255]);
        // The stem is black on its baseline's side, white above the cap height and below the baseline.
        let stem: Vec<u32> = (80..100).filter(|&x| at(x, 70) == [0, 0, 0]).collect();
        assert!(!stem.is_empty(), "no stem drawn");
        let x = stem[stem.len() / 2];
        assert_eq!(at(x, 40), [255, 255, 255], "drawn above the cap height");
        assert_eq!(at(x, 85), [255, 255, 255], "drawn below the baseline");
        // Antialiased: the stem's edges are grey, not only black and white.
        assert!((70..110).any(|x| {
            let p = at(x, 70);
            p[0] > 0 && p[0] < 255
        }));
    }

    #[test]
    fn colour_emoji_are_drawn_from_the_fonts_bitmaps() {
        let (fonts, _) = fonts_and_style();
        let drawn = render(&list(text(&fonts, "🎯", 20.0, 80.0, 60.0)), &fonts, &[]).unwrap();
        assert!(drawn.undrawn.is_empty(), "{:?}", drawn.undrawn);
        let (_, px) = pixels(&drawn.bytes);
        let coloured = px
            .iter()
            .filter(|p| p[0].abs_diff(p[1]) > 60 || p[1].abs_diff(p[2]) > 60)
            .count();
        assert!(coloured > 400, "only {coloured} coloured pixels");
    }
}
