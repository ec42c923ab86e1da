//! The PDF style: `themes/<theme>/pdf/style.yaml` plus the theme's colours.
//! Themes change fonts, colours, sizes, margins and block order without Rust changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::theme::Theme;
use crate::yaml;

/// A block of the one-pager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// Title band: title, customer, industry, logo.
    Header,
    /// The summary paragraph.
    Summary,
    /// Metric callouts, before -> after.
    Callouts,
    /// Before/after chart.
    Chart,
    /// Customer, industry, region, size, products, dates.
    Facts,
    /// The Markdown body.
    Body,
    /// The customer quote.
    Quote,
}

/// How the page is composed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// A designed sheet: header band, summary beside the facts, metric tiles,
    /// the body in two columns, the quote pulled out, a call to action.
    OnePager,
    /// One column from top to bottom, blocks in the style's order.
    #[default]
    Flow,
}

/// How far a page may shrink to fit.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fit {
    /// The smallest body size in points; every other size shrinks in proportion.
    #[serde(default = "default_min_body")]
    pub min_body: f32,
}

impl Default for Fit {
    fn default() -> Fit {
        Fit {
            min_body: default_min_body(),
        }
    }
}

/// Body text is never set smaller than this, whatever a theme says.
pub(crate) const SMALLEST_BODY: f32 = 8.5;

fn default_min_body() -> f32 {
    SMALLEST_BODY
}

/// Font files, relative to the theme's `pdf/` folder.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FontFiles {
    /// Body text.
    pub regular: String,
    /// Headings and strong text.
    pub bold: String,
    /// Emphasis.
    pub italic: String,
    /// Tried in order for characters the others lack.
    #[serde(default)]
    pub fallback: Vec<String>,
    /// Code blocks and inline code (a monospace face).
    #[serde(default = "default_mono")]
    pub mono: String,
}

/// The default theme's monospace face: themes written before it need not name one.
fn default_mono() -> String {
    "fonts/DejaVuSansMono-subset.ttf".to_string()
}

/// Type sizes in points.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sizes {
    /// Title in the header band.
    pub title: f32,
    /// Body text.
    pub body: f32,
    /// Labels, footer.
    pub small: f32,
    /// Second-level headings.
    pub h2: f32,
    /// Third-level headings and below.
    pub h3: f32,
    /// The "after" value of a callout.
    pub callout: f32,
    /// Quote text.
    pub quote: f32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    fonts: FontFiles,
    sizes: Sizes,
    #[serde(default = "default_leading")]
    leading: f32,
    #[serde(default = "default_margin")]
    margin_mm: f32,
    blocks: Vec<BlockKind>,
    #[serde(default)]
    colors: BTreeMap<String, String>,
    #[serde(default)]
    layout: Layout,
    #[serde(default)]
    fit: Fit,
}

fn default_leading() -> f32 {
    1.4
}
fn default_margin() -> f32 {
    16.0
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// The resolved style (serialised into the PDF cache key).
#[derive(Debug, Clone, Serialize)]
pub struct Style {
    /// Font files.
    pub fonts: FontFiles,
    /// Sizes.
    pub sizes: Sizes,
    /// Line height factor.
    pub leading: f32,
    /// Page margin in points.
    pub margin: f32,
    /// Block order.
    pub blocks: Vec<BlockKind>,
    /// Named colours.
    pub colors: BTreeMap<String, Rgb>,
    /// One-pager or flow.
    pub layout: Layout,
    /// Shrink bounds.
    pub fit: Fit,
    /// Where the style came from, for messages (not in the cache key: it shapes no byte).
    #[serde(skip)]
    pub origin: PathBuf,
}

impl Style {
    /// The smallest scale a page may be set at: the body at `fit.min_body`.
    pub(crate) fn min_scale(&self) -> f32 {
        (self.fit.min_body / self.sizes.body).clamp(0.1, 1.0)
    }

    /// A named colour, or a neutral default.
    pub(crate) fn color(&self, name: &str) -> Rgb {
        self.colors.get(name).copied().unwrap_or(match name {
            "navy" => Rgb(0x14, 0x21, 0x3d),
            "accent" => Rgb(0x0f, 0x7c, 0x8c),
            "slate" => Rgb(0x47, 0x55, 0x69),
            "muted" => Rgb(0x64, 0x74, 0x8b),
            "card" => Rgb(0xee, 0xf3, 0xf7),
            "border" => Rgb(0xd8, 0xe1, 0xea),
            "bg" => Rgb(0xff, 0xff, 0xff),
            "mark" => Rgb(0xb9, 0x1c, 0x1c),
            _ => Rgb(0x0f, 0x17, 0x2a),
        })
    }
}

/// Parses `#rrggbb`.
pub(crate) fn parse_color(text: &str) -> Option<Rgb> {
    let hex = text.trim().strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
}

/// Loads the style of `theme` (text of `pdf/style.yaml`).
pub fn load(theme: &Theme) -> Result<Style, Vec<Diagnostic>> {
    let Some((text, origin)) = &theme.pdf_style else {
        return Err(vec![
            Diagnostic::error("themes", "the theme has no pdf/style.yaml")
                .hint("copy themes/default/pdf/style.yaml into your theme"),
        ]);
    };
    parse(text, origin, theme)
}

/// Parses a style file's text.
pub(crate) fn parse(text: &str, origin: &Path, theme: &Theme) -> Result<Style, Vec<Diagnostic>> {
    let raw: RawStyle =
        yaml::parse(text, origin, 1, text, yaml::Size::Small).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let at = |key: &str, message: String| {
        Diagnostic::error(origin, message)
            .at(yaml::key_line(text, key).unwrap_or(0), 1)
            .with_source(text)
    };
    let mut colors = BTreeMap::new();
    if let Some(theme_colors) = theme.settings.get("colors").and_then(|c| c.as_object()) {
        for (name, value) in theme_colors {
            if let Some(rgb) = value.as_str().and_then(parse_color) {
                colors.insert(name.clone(), rgb);
            }
        }
    }
    for (name, value) in &raw.colors {
        match parse_color(value) {
            Some(rgb) => {
                colors.insert(name.clone(), rgb);
            }
            None => errors.push(
                at(
                    "colors",
                    format!("colour `{name}: {value}` is not a colour"),
                )
                .expected("#rrggbb, such as #0f7c8c"),
            ),
        }
    }
    let s = &raw.sizes;
    for (name, v) in [
        ("title", s.title),
        ("body", s.body),
        ("small", s.small),
        ("h2", s.h2),
        ("h3", s.h3),
        ("callout", s.callout),
        ("quote", s.quote),
    ] {
        if !(4.0..=72.0).contains(&v) {
            errors.push(
                at("sizes", format!("size `{name}: {v}` is out of range"))
                    .expected("a type size between 4 and 72 points"),
            );
        }
    }
    if !(1.0..=3.0).contains(&raw.leading) {
        errors.push(
            at(
                "leading",
                format!("leading {} is out of range", raw.leading),
            )
            .expected("a factor between 1.0 and 3.0, such as 1.4"),
        );
    }
    if !(5.0..=50.0).contains(&raw.margin_mm) {
        errors.push(
            at(
                "margin_mm",
                format!("margin {} mm is out of range", raw.margin_mm),
            )
            .expected("between 5 and 50 mm"),
        );
    }
    if !(SMALLEST_BODY..=raw.sizes.body.max(SMALLEST_BODY)).contains(&raw.fit.min_body) {
        errors.push(
            at("fit", format!("`fit.min_body: {}` is out of range", raw.fit.min_body))
                .expected(format!(
                    "a size from {SMALLEST_BODY} pt (the smallest readable body) up to `sizes.body` ({})",
                    raw.sizes.body
                )),
        );
    }
    if raw.blocks.is_empty() {
        errors.push(
            at("blocks", "no blocks to draw".into())
                .expected("a list such as [header, summary, callouts, body, quote, chart]"),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Style {
        fonts: raw.fonts,
        sizes: raw.sizes,
        leading: raw.leading,
        margin: raw.margin_mm * 72.0 / 25.4,
        blocks: raw.blocks,
        colors,
        layout: raw.layout,
        fit: raw.fit,
        origin: origin.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse() {
        assert_eq!(parse_color("#0f7c8c"), Some(Rgb(15, 124, 140)));
        assert_eq!(parse_color("teal"), None);
    }

    #[test]
    fn the_body_may_not_shrink_under_8_5_pt() {
        let text = "fonts: {regular: a, bold: b, italic: c}\nsizes: {title: 21, body: 9.5, small: 7, h2: 12, h3: 10, callout: 22, quote: 11}\nlayout: one-pager\nfit: { min_body: 7 }\nblocks: [header]\n";
        let err = parse(text, Path::new("style.yaml"), &Theme::default()).unwrap_err();
        assert_eq!(err[0].line, 4, "{err:?}");
        let ok = parse(
            &text.replace("min_body: 7", "min_body: 8.5"),
            Path::new("style.yaml"),
            &Theme::default(),
        )
        .expect("8.5 is allowed");
        assert_eq!(ok.layout, Layout::OnePager);
        assert!((ok.min_scale() - 8.5 / 9.5).abs() < 1e-6);
    }

    #[test]
    fn a_bad_style_is_located() {
        let text = "fonts: {regular: a, bold: b, italic: c}\nsizes: {title: 21, body: 200, small: 7, h2: 12, h3: 10, callout: 22, quote: 11}\nblocks: [header, sidebar]\n";
        let err = parse(
            text,
            Path::new("themes/x/pdf/style.yaml"),
            &Theme::default(),
        )
        .unwrap_err();
        assert_eq!(err[0].line, 3, "{err:?}");
        assert!(
            err[0].expected.as_deref().unwrap_or("").contains("header"),
            "{err:?}"
        );
    }
}
