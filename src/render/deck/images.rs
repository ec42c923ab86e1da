//! Marp's image syntax, read once for the HTML view and the PDF: keywords in
//! the alt text make an image a background (`![bg](a.jpg)`, `![bg left:40%]`,
//! `![bg fit]`, `![bg 80%]`) or size it (`![w:200 h:100]`, `width:`/`height:`);
//! the other words stay its alt text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// How a background image fills its area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Fill {
    /// Covers the area, cropped (Marp's default).
    Cover,
    /// Fits inside the area (`fit`, `contain`).
    Contain,
    /// Drawn at this share of the area's width (`80%`).
    Percent(f32),
}

/// Where a background image goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Side {
    /// Behind the whole slide.
    Full,
    /// The left part (share of the width); the content moves right.
    Left(f32),
    /// The right part; the content moves left.
    Right(f32),
}

/// A background image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bg {
    pub side: Side,
    pub fill: Fill,
}

/// An image of a slide as Marp's keywords describe it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SlideImage {
    /// Source as written.
    pub src: String,
    /// Alt text without the keywords.
    pub alt: String,
    /// Background, when `bg` is given.
    pub bg: Option<Bg>,
    /// Width and height in px (CSS) or pt (PDF), when given.
    pub width: Option<f32>,
    pub height: Option<f32>,
    /// Byte range of the image in the slide's Markdown.
    pub range: std::ops::Range<usize>,
}

fn length(value: &str) -> Option<f32> {
    let v = value.trim_end_matches("px");
    v.parse::<f32>().ok().filter(|n| n.is_finite() && *n > 0.0)
}

fn share(value: &str) -> Option<f32> {
    let n: f32 = value.strip_suffix('%')?.parse().ok()?;
    (n.is_finite() && n > 0.0).then_some((n / 100.0).min(1.0))
}

/// Reads Marp's keywords out of an alt text.
pub(crate) fn keywords(alt: &str) -> (String, Option<Bg>, Option<f32>, Option<f32>) {
    let words: Vec<&str> = alt.split_whitespace().collect();
    let bg = words.first() == Some(&"bg");
    let mut side = Side::Full;
    let mut fill = Fill::Cover;
    let (mut width, mut height) = (None, None);
    let mut rest = Vec::new();
    for (k, w) in words.iter().enumerate() {
        if bg && k == 0 {
            continue;
        }
        let (key, value) = w.split_once(':').unwrap_or((w, ""));
        match key {
            "w" | "width" if length(value).is_some() => width = length(value),
            "h" | "height" if length(value).is_some() => height = length(value),
            "left" if bg => side = Side::Left(share(value).unwrap_or(0.5)),
            "right" if bg => side = Side::Right(share(value).unwrap_or(0.5)),
            "fit" | "contain" if bg => fill = Fill::Contain,
            "cover" if bg => fill = Fill::Cover,
            _ if bg && share(w).is_some() => fill = Fill::Percent(share(w).unwrap_or(1.0)),
            _ => rest.push(*w),
        }
    }
    (
        rest.join(" "),
        bg.then_some(Bg { side, fill }),
        width,
        height,
    )
}

/// Every image of a slide's Markdown, in order.
pub(crate) fn images(markdown: &str) -> Vec<SlideImage> {
    let mut out = Vec::new();
    let mut open: Option<(String, String, usize)> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) if open.is_none() => {
                open = Some((dest_url.to_string(), String::new(), range.start));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt, _)) = open.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, alt, start)) = open.take() {
                    let (alt, bg, width, height) = keywords(&alt);
                    out.push(SlideImage {
                        src,
                        alt,
                        bg,
                        width,
                        height,
                        range: start..range.end,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// `url(a.png)` -> `a.png` (Marp's `backgroundImage:`).
pub(crate) fn css_url(value: &str) -> Option<&str> {
    let inner = value.trim().strip_prefix("url(")?.strip_suffix(')')?;
    Some(inner.trim().trim_matches(['"', '\'']))
}

/// Whether an image source is on another site (never fetched at build time).
pub(crate) fn is_remote(src: &str) -> bool {
    src.starts_with("https://") || src.starts_with("http://") || src.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_make_backgrounds_and_sizes_and_the_rest_is_alt_text() {
        let all = images(
            "![bg](a.jpg)\n\n![bg left:40% fit](b.png)\n\n![bg right 80%](c.png)\n\n![w:200 h:100 A chart](d.svg)\n\n![width:300px](e.png)\n\n![A photo](f.jpg)\n",
        );
        assert_eq!(all.len(), 6);
        assert_eq!(
            all[0].bg,
            Some(Bg {
                side: Side::Full,
                fill: Fill::Cover
            })
        );
        assert_eq!(
            all[1].bg,
            Some(Bg {
                side: Side::Left(0.4),
                fill: Fill::Contain
            })
        );
        assert_eq!(
            all[2].bg,
            Some(Bg {
                side: Side::Right(0.5),
                fill: Fill::Percent(0.8)
            })
        );
        assert_eq!((all[3].width, all[3].height), (Some(200.0), Some(100.0)));
        assert_eq!(all[3].alt, "A chart");
        assert_eq!(all[4].width, Some(300.0));
        assert_eq!((all[5].bg, all[5].alt.as_str()), (None, "A photo"));
        assert_eq!(&"![bg](a.jpg)\n"[all[0].range.clone()], "![bg](a.jpg)");
        assert_eq!(css_url("url('a b.png')"), Some("a b.png"));
    }
}
