//! The theme's slide type scale, `pdf/slides.yaml` (optional: the built-in
//! sizes apply without it). Colours and fonts come from the same theme files
//! as the one-pagers (`theme.yaml`, `pdf/style.yaml`): one brand.

use crate::diagnostics::Diagnostic;
use crate::theme::Theme;

/// Type sizes of a slide at full size, in points.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct Sizes {
    /// Title, section and closing slides' title.
    pub hero: f32,
    /// A slide's title.
    pub title: f32,
    /// Headings inside a slide.
    pub heading: f32,
    /// Paragraphs and lists.
    pub body: f32,
    /// Tables (a `table` slide sets them at `body`).
    pub table: f32,
    /// Value of a KPI tile.
    pub tile_value: f32,
    /// Label of a KPI tile.
    pub tile_label: f32,
    /// A quote's words.
    pub quote: f32,
    /// A quote's credit.
    pub credit: f32,
    /// Chart labels and values.
    pub chart: f32,
    /// Footer (company, slide number, mark).
    pub footer: f32,
}

impl Default for Sizes {
    fn default() -> Sizes {
        Sizes {
            hero: 54.0,
            title: 38.0,
            heading: 27.0,
            body: 24.0,
            table: 18.0,
            tile_value: 50.0,
            tile_label: 18.0,
            quote: 32.0,
            credit: 18.0,
            chart: 18.0,
            footer: 11.0,
        }
    }
}

/// How slides are set.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct SlideStyle {
    /// Sizes at full size.
    pub sizes: Sizes,
    /// How far text may shrink to fit (0.75: body 24 pt -> 18 pt).
    pub min_scale: f32,
}

impl Default for SlideStyle {
    fn default() -> SlideStyle {
        SlideStyle {
            sizes: Sizes::default(),
            min_scale: 0.75,
        }
    }
}

impl SlideStyle {
    /// The scales tried, largest first: steps of 5% down to `min_scale`.
    pub(crate) fn scales(&self) -> Vec<f32> {
        let mut scales: Vec<f32> = (0..20)
            .map(|k| 1.0 - 0.05 * k as f32)
            .take_while(|s| *s > self.min_scale + 0.001)
            .collect();
        scales.push(self.min_scale);
        scales
    }
}

/// The theme's `pdf/slides.yaml`, or the built-in scale when it has none.
pub(crate) fn load(theme: &Theme) -> Result<SlideStyle, Diagnostic> {
    let Some((bytes, origin)) = theme.pdf_file("slides.yaml") else {
        return Ok(SlideStyle::default());
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    parse(&text, &origin)
}

fn parse(text: &str, origin: &std::path::Path) -> Result<SlideStyle, Diagnostic> {
    let style: SlideStyle = crate::yaml::parse(text, origin, 1, text, crate::yaml::Size::Small)?;
    let at = |key: &str, message: String, expected: &str| {
        Diagnostic::error(origin, message)
            .at(crate::yaml::key_line(text, key).unwrap_or(0), 1)
            .with_source(text)
            .expected(expected)
    };
    if !(0.3..=1.0).contains(&style.min_scale) {
        return Err(at(
            "min_scale",
            format!("`min_scale: {}` is out of range", style.min_scale),
            "a number from 0.3 to 1",
        ));
    }
    let s = style.sizes;
    let all = [
        s.hero,
        s.title,
        s.heading,
        s.body,
        s.table,
        s.tile_value,
        s.tile_label,
        s.quote,
        s.credit,
        s.chart,
        s.footer,
    ];
    if all.iter().any(|v| !(6.0..=160.0).contains(v)) {
        return Err(at(
            "sizes",
            "a slide type size is out of range".into(),
            "sizes in points from 6 to 160",
        ));
    }
    Ok(style)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_file_overrides_what_it_names_and_bad_values_are_located() {
        let style = parse(
            "sizes: { body: 28 }\nmin_scale: 0.8\n",
            Path::new("pdf/slides.yaml"),
        )
        .unwrap();
        assert_eq!(style.sizes.body, 28.0);
        assert_eq!(style.sizes.title, Sizes::default().title);
        assert_eq!(style.scales(), [1.0, 0.95, 0.9, 0.85, 0.8]);
        let e = parse("sizes: { body: 2 }\n", Path::new("pdf/slides.yaml")).unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse("\nmin_scale: 0.1\n", Path::new("pdf/slides.yaml")).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(parse("sizes: { bodyy: 20 }\n", Path::new("pdf/slides.yaml")).is_err());
        assert_eq!(
            SlideStyle::default().scales(),
            [1.0, 0.95, 0.9, 0.85, 0.8, 0.75]
        );
    }
}
