//! A slide's Marp directives and image keywords in the HTML slide view: its
//! classes and colours on the `<section>`, background images in a layer
//! behind the text (or beside it, `bg left`/`bg right`), sized images as
//! `<img width height>`, and its header, footer and page number.

use super::TemplatedSlide;
use super::escape;
use crate::render::deck::images::{self, Fill, Side};

/// What the slide view adds to one slide.
pub(super) struct Slide {
    /// Extra classes of the `<section>`, each after a space.
    pub classes: String,
    /// ` style="..."` of the `<section>`, or nothing.
    pub style: String,
    /// HTML before the slide's Markdown (the background layer).
    pub before: String,
    /// The slide's Markdown with its images rewritten.
    pub body: String,
    header: Option<String>,
    footer: Option<String>,
    paginate: bool,
}

/// A CSS value as written, kept only when it cannot close the attribute.
fn css(value: &str) -> Option<&str> {
    let v = value.trim();
    (!v.is_empty() && !v.contains(['"', '<', '>', '{', '}'])).then_some(v)
}

/// Where a Marp deck's relative image is: beside the Markdown file, as Marp
/// reads it (content files are copied to the same place in the output).
fn source(src: &str, rel: &str, marp: bool) -> String {
    if !marp || images::is_remote(src) || src.starts_with('/') || src.starts_with("data:") {
        return src.to_string();
    }
    let dir = rel.rfind('/').map_or("", |k| &rel[..k]);
    match crate::content::normalize_rel(dir, src) {
        Some(path) => format!("/{path}"),
        None => src.to_string(),
    }
}

impl Slide {
    /// The slide view's additions for `slide` of the page at `rel`.
    pub(super) fn of(slide: &TemplatedSlide, rel: &str) -> Slide {
        let look = &slide.look;
        let mut classes = String::new();
        for class in look.class.iter().flat_map(|c| c.split_whitespace()) {
            if class
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                classes.push_str(" marp-");
                classes.push_str(class);
            }
        }
        let mut style = String::new();
        for (property, value) in [
            ("background-color", &look.background_color),
            ("color", &look.color),
            ("background-image", &look.background_image),
            ("background-position", &look.background_position),
            ("background-repeat", &look.background_repeat),
            ("background-size", &look.background_size),
        ] {
            if let Some(v) = value.as_deref().and_then(css) {
                style.push_str(&format!("{property}: {v}; "));
            }
        }
        if look.background_image.is_some() && look.background_size.is_none() {
            style.push_str("background-size: cover; ");
        }
        let mut body = slide.body.clone();
        let mut layers = Vec::new();
        let found = images::images(&slide.body);
        for image in found.iter().rev() {
            let src = escape(&source(&image.src, rel, slide.marp));
            let alt = escape(&image.alt);
            let html = match image.bg {
                Some(bg) => {
                    let fit = match bg.fill {
                        Fill::Cover => "object-fit: cover".to_string(),
                        Fill::Contain => "object-fit: contain".to_string(),
                        Fill::Percent(p) => format!(
                            "object-fit: contain; width: {0}%; height: {0}%",
                            (p * 100.0).round()
                        ),
                    };
                    layers.push((
                        bg.side,
                        format!("<img src=\"{src}\" alt=\"{alt}\" style=\"{fit}\">"),
                    ));
                    String::new()
                }
                None if image.width.is_some() || image.height.is_some() => {
                    let mut size = String::new();
                    if let Some(w) = image.width {
                        size.push_str(&format!(" width=\"{}\"", w.round()));
                    }
                    if let Some(h) = image.height {
                        size.push_str(&format!(" height=\"{}\"", h.round()));
                    }
                    format!("<img src=\"{src}\" alt=\"{alt}\"{size} class=\"marp-sized\">")
                }
                None if slide.marp && src != image.src => {
                    format!("<img src=\"{src}\" alt=\"{alt}\">")
                }
                None => continue,
            };
            body.replace_range(image.range.clone(), &html);
        }
        layers.reverse();
        let mut before = String::new();
        let split = layers.iter().find_map(|(side, _)| match side {
            Side::Left(s) => Some(("left", *s)),
            Side::Right(s) => Some(("right", *s)),
            Side::Full => None,
        });
        if let Some((side, share)) = split {
            classes.push_str(&format!(" slide-split slide-split-{side}"));
            style.push_str(&format!("--split: {}%; ", (share * 100.0).round()));
        }
        if !layers.is_empty() {
            let imgs: String = layers.into_iter().map(|(_, img)| img).collect();
            before = format!("<div class=\"slide-bg\">{imgs}</div>\n\n");
        }
        Slide {
            classes,
            style: if style.is_empty() {
                String::new()
            } else {
                format!(" style=\"{}\"", style.trim_end())
            },
            before,
            body,
            header: look.header.clone(),
            footer: look.footer.clone(),
            paginate: look.paginate.unwrap_or(!slide.marp),
        }
    }

    /// The header, footer and page number of slide `n`, after its Markdown.
    pub(super) fn after(&self, n: usize) -> String {
        let mut out = String::new();
        if let Some(h) = &self.header {
            out.push_str(&format!("<p class=\"slide-header\">{}</p>\n\n", escape(h)));
        }
        if let Some(f) = &self.footer {
            out.push_str(&format!("<p class=\"slide-footer\">{}</p>\n\n", escape(f)));
        }
        if self.paginate {
            out.push_str(&format!(
                "<p class=\"slide-page\" aria-hidden=\"true\">{n}</p>\n\n"
            ));
        }
        out
    }
}
