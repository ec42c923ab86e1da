//! The images of a slide for the PDF: PNG and JPEG embedded as they are, SVG
//! drawn with resvg (over the tiny-skia the share images use) at print
//! resolution, and a remote image (`https://...`, never fetched at build
//! time) as a drawn placeholder with a warning.

use super::images::{self, Bg};
use crate::render::pdf::display::ImageId;
use crate::render::pdf::document::{Logo, LogoFormat};
use crate::render::pdf::write::PdfImage;
use crate::site::Site;

/// Longest side, in pixels, an SVG is drawn at (a full 960 pt slide at 150 dpi).
const SVG_PIXELS: f32 = 2000.0;

/// What is drawn where an image goes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Picture {
    /// An embedded image and its natural size (px).
    Image { id: ImageId, size: (u32, u32) },
    /// A remote image: a frame naming it.
    Remote { src: String },
}

/// An image of a slide, ready to lay out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub picture: Picture,
    pub alt: String,
    pub bg: Option<Bg>,
    /// Marp's `w:`/`h:` (px, drawn as pt).
    pub width: Option<f32>,
    pub height: Option<f32>,
}

/// Reads the images of the slide Markdown: pictures (`images` grows with the
/// embedded ones), the warnings of remote images, and the errors.
pub(crate) struct Loader<'a> {
    pub site: &'a Site,
    pub page: &'a crate::content::Page,
    pub marp: bool,
    pub images: Vec<PdfImage>,
}

impl Loader<'_> {
    /// The pictures of `markdown`; `Err` says why one could not be read.
    pub(crate) fn load(&mut self, markdown: &str) -> (Vec<Placed>, Vec<String>, Vec<String>) {
        let mut placed = Vec::new();
        let mut remote = Vec::new();
        let mut errors = Vec::new();
        for image in images::images(markdown) {
            let picture = if images::is_remote(&image.src) {
                remote.push(image.src.clone());
                Picture::Remote {
                    src: image.src.clone(),
                }
            } else {
                match self.read(&image.src, &image.alt) {
                    Ok((img, size)) => {
                        self.images.push(img);
                        Picture::Image {
                            id: ImageId(self.images.len() - 1),
                            size,
                        }
                    }
                    Err(why) => {
                        errors.push(why);
                        continue;
                    }
                }
            };
            placed.push(Placed {
                picture,
                alt: image.alt,
                bg: image.bg,
                width: image.width,
                height: image.height,
            });
        }
        (placed, remote, errors)
    }

    /// An image beside the deck or in `static/`, read as content files are copied.
    fn read(&self, src: &str, alt: &str) -> Result<(PdfImage, (u32, u32)), String> {
        let site = self.site;
        let page = self.page;
        let src_path = src.split(['?', '#']).next().unwrap_or(src);
        // A Marp deck's paths are relative to its file; a traction deck's, as
        // the slide view's `<img>` resolves them, to the page's URL (so
        // `../photo.png` is the file beside the deck in content/).
        let dir = page.rel.rfind('/').map_or("", |k| &page.rel[..k]);
        let beside_file = self
            .marp
            .then(|| crate::content::normalize_rel(dir, src_path))
            .flatten()
            .map(|rel| site.root.join("content").join(rel));
        let base = page.url.trim_matches('/');
        let beside = crate::content::normalize_rel(base, src_path)
            .map(|rel| site.root.join("content").join(rel));
        let in_static = crate::content::normalize_rel("", src_path.trim_start_matches('/'))
            .map(|rel| site.root.join("static").join(rel));
        let path = [beside_file, beside, in_static]
            .into_iter()
            .flatten()
            .find(|p| p.is_file())
            .ok_or_else(|| format!("image `{src}` not found"))?;
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let bytes =
            std::fs::read(&path).map_err(|e| format!("could not read image `{src}`: {e}"))?;
        let (bytes, format, natural) = match extension.as_deref() {
            Some("png") => (bytes, LogoFormat::Png, None),
            Some("jpg" | "jpeg") => (bytes, LogoFormat::Jpeg, None),
            Some("svg") => {
                let (png, size) = rasterise(site, &bytes)
                    .map_err(|e| format!("image `{src}` is not an SVG resvg can draw: {e}"))?;
                (png, LogoFormat::Png, Some(size))
            }
            _ => return Err(format!("image `{src}` is not a PNG, JPEG or SVG")),
        };
        let img = PdfImage::decode(&Logo {
            bytes,
            format,
            alt: alt.to_string(),
        })
        .map_err(|e| format!("image `{src}` could not be decoded: {e}"))?;
        let size = natural.unwrap_or_else(|| img.size());
        Ok((img, size))
    }
}

/// Draws an SVG into a PNG at print resolution; returns it and the SVG's own size.
fn rasterise(site: &Site, svg: &[u8]) -> Result<(Vec<u8>, (u32, u32)), String> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options::default();
    // Text in an SVG is set in the theme's fonts, never the machine's.
    for name in ["fonts/Inter-Regular.otf", "fonts/Inter-SemiBold.otf"] {
        if let Some((bytes, _)) = site.theme.pdf_file(name) {
            options.fontdb_mut().load_font_data(bytes.into_owned());
        }
    }
    options.font_family = "Inter".to_string();
    let tree = usvg::Tree::from_data(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size();
    let k = (SVG_PIXELS / size.width().max(size.height())).clamp(0.01, 16.0);
    let (w, h) = (
        (size.width() * k).ceil().max(1.0) as u32,
        (size.height() * k).ceil().max(1.0) as u32,
    );
    let mut pixmap =
        tiny_skia::Pixmap::new(w, h).ok_or_else(|| format!("{w} x {h} px is too large"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(k, k),
        &mut pixmap.as_mut(),
    );
    let png = pixmap.encode_png().map_err(|e| e.to_string())?;
    let natural = (
        size.width().ceil().max(1.0) as u32,
        size.height().ceil().max(1.0) as u32,
    );
    Ok((png, natural))
}

/// Headings of a slide marked `<!-- fit -->` (their text, as the PDF blocks hold it).
pub(crate) fn fit_headings(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut heading: Option<(String, bool)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some((String::new(), false)),
            Event::InlineHtml(h) if h.replace(' ', "") == "<!--fit-->" => {
                if let Some((_, fit)) = heading.as_mut() {
                    *fit = true;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((text, _)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((text, true)) = heading.take() {
                    out.push(text.trim().to_string());
                }
            }
            _ => {}
        }
    }
    out
}

/// The slide Markdown without its images (their alt text is not slide text).
pub(crate) fn without_images(markdown: &str) -> String {
    let mut text = markdown.to_string();
    for image in images::images(markdown).iter().rev() {
        text.replace_range(image.range.clone(), "");
    }
    text
}
