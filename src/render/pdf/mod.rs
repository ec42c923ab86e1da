//! PDF one-pagers for case studies. Two layers with a plain boundary: the
//! layout turns blocks (`document`) into a display list of pages (`display`),
//! and `write` turns the display list into a tagged PDF/A-2b with krilla (the
//! only file that knows krilla). The layout is in typst's shape: `blocks` (and
//! `table`) place each block, `linebreak` shapes and breaks text, `paginate`
//! shrinks to fit and flows atoms onto pages. Fonts and shaping are in
//! `fonts`, the theme's look in `style`.
//!
//! The renderer reads the same typed model as the HTML renderer; it never
//! parses Markdown files or YAML itself (the body arrives already templated).

mod blocks;
pub mod cache;
pub mod display;
pub mod document;
pub mod fonts;
mod linebreak;
pub mod paginate;
pub mod style;
mod table;
#[cfg(test)]
mod testing;
pub mod write;

use std::path::Path;

use crate::config::Paper;
use crate::content::{KindData, Page};
use crate::diagnostics::Diagnostic;
use crate::render::pdf::document::{Logo, LogoFormat};
use crate::site::Site;

/// Loaded style and fonts, shared by every PDF of a build.
pub(crate) struct PdfRenderer {
    style: style::Style,
    fonts: fonts::FontSet,
    pdf_fonts: write::PdfFonts,
}

/// A one-pager ready to lay out: its blocks, page, metadata and cache key.
pub(crate) struct Prepared {
    /// Source page, for messages.
    pub file: std::path::PathBuf,
    blocks: Vec<document::Block>,
    setup: paginate::PageSetup,
    info: write::Info,
    logo: Option<SizedLogo>,
    /// Hash of every input: equal keys give equal bytes.
    pub key: String,
}

/// One rendered PDF.
pub(crate) struct Rendered {
    /// File bytes.
    pub bytes: Vec<u8>,
    /// Warnings (characters dropped).
    pub warnings: Vec<Diagnostic>,
    /// Characters no font could draw (dropped).
    pub missing: Vec<char>,
    /// The text as laid out, in reading order (for audits).
    pub text: String,
}

/// Page size in points.
pub(crate) fn page_size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::Letter => (612.0, 792.0),
        Paper::A4 => (595.28, 841.89),
    }
}

impl PdfRenderer {
    /// Loads the theme's PDF style and fonts.
    pub(crate) fn new(site: &Site) -> Result<PdfRenderer, Vec<Diagnostic>> {
        let style = style::load(&site.theme)?;
        let fonts = fonts::FontSet::load(&site.theme, &style)?;
        let pdf_fonts = write::PdfFonts::new(&fonts)?;
        Ok(PdfRenderer {
            style,
            fonts,
            pdf_fonts,
        })
    }

    /// The theme's PDF style, the shaping fonts and the writer's fonts, for
    /// other layouts of the same brand (decks).
    pub(crate) fn parts(&self) -> (&style::Style, &fonts::FontSet, &write::PdfFonts) {
        (&self.style, &self.fonts, &self.pdf_fonts)
    }

    fn lay_out(&self, prepared: &Prepared) -> display::DisplayList {
        // The logo is the document's only image: `ImageId(0)`.
        let sizes: Vec<(u32, u32)> = prepared.logo.iter().map(|(_, s)| *s).collect();
        paginate::layout(
            &prepared.blocks,
            &self.fonts,
            &self.style,
            &prepared.setup,
            &sizes,
        )
    }

    /// Everything a one-pager is made from, and the key that names it.
    pub(crate) fn prepare(
        &self,
        site: &Site,
        page: &Page,
        customer: &str,
        body: &str,
        url: &str,
        mark: Option<String>,
    ) -> Result<Prepared, Diagnostic> {
        let KindData::CaseStudy(case) = &page.data else {
            return Err(Diagnostic::error(
                &page.file,
                "only case studies have PDF one-pagers",
            ));
        };
        let logo = self.logo(site, page, case.logo.as_deref(), customer)?;
        let who = document::Customer {
            shown_name: customer,
            facts: crate::render::values::facts(site, page, case),
            min_base: site.config.changes.min_base,
        };
        let blocks = document::case_study_blocks(
            &page.meta.title,
            &who,
            case,
            body,
            logo.as_ref().map(|(l, _)| l.clone()),
            &self.style.blocks,
        );
        let (width, height) = page_size(site.config.pdf.paper);
        let setup = paginate::PageSetup {
            width,
            height,
            footer: format!("{} · {url}", site.config.company),
            mark,
        };
        let info = write::Info {
            title: page.meta.title.clone(),
            author: site.config.company.clone(),
            language: site.config.language.clone(),
            created: site.now.timestamp(),
            description: format!("Case study: {customer}"),
        };
        let key = cache_key(&blocks, &setup, &info, &self.style, self.fonts.hash());
        Ok(Prepared {
            file: page.file.clone(),
            blocks,
            setup,
            info,
            logo,
            key,
        })
    }

    /// Lays out and writes a prepared one-pager.
    pub(crate) fn render_prepared(&self, prepared: &Prepared) -> Result<Rendered, Diagnostic> {
        let list = self.lay_out(prepared);
        let images = prepared
            .logo
            .iter()
            .map(|(logo, _)| write::PdfImage::decode(logo))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                Diagnostic::error(&prepared.file, format!("logo could not be read: {e}"))
            })?;
        let bytes = write::write(&list, &self.pdf_fonts, &prepared.info, &images).map_err(|e| {
            Diagnostic::error(&prepared.file, format!("the PDF one-pager could not be written: {e}"))
                .hint("this is most likely a bug in traction's PDF writer; please report it with this page")
        })?;
        let warnings = fonts::missing_warnings(&prepared.file, &list.missing);
        Ok(Rendered {
            bytes,
            warnings,
            missing: list.missing.iter().copied().collect(),
            text: list.text(),
        })
    }

    fn logo(
        &self,
        site: &Site,
        page: &Page,
        logo: Option<&str>,
        customer: &str,
    ) -> Result<Option<SizedLogo>, Diagnostic> {
        let Some(name) = logo else { return Ok(None) };
        let base = page.rel.rfind('/').map_or("", |i| &page.rel[..i]);
        let beside = crate::content::normalize_rel(base, name)
            .map(|rel| site.root.join("content").join(rel));
        let in_static = site.root.join("static").join(name.trim_start_matches('/'));
        let path = [beside, Some(in_static)]
            .into_iter()
            .flatten()
            .find(|p| p.is_file());
        let Some(path) = path else {
            let line = site
                .source(&page.file)
                .and_then(|t| t.line_where(|l| crate::yaml::is_key_line(l, "logo")))
                .unwrap_or(0);
            return Err(
                Diagnostic::error(&page.file, format!("logo `{name}` not found"))
                    .at(line, 1)
                    .expected("a PNG or JPEG file next to the page or in static/")
                    .hint("check the file name, or remove `logo:`"),
            );
        };
        let bytes = std::fs::read(&path).map_err(|e| {
            Diagnostic::error(
                &page.file,
                format!("could not read logo {}: {e}", path.display()),
            )
        })?;
        let format = match Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => LogoFormat::Png,
            Some("jpg" | "jpeg") => LogoFormat::Jpeg,
            other => {
                return Err(Diagnostic::error(
                    &page.file,
                    format!(
                        "logo `{name}` is not a PNG or JPEG ({})",
                        other.unwrap_or("no extension")
                    ),
                )
                .hint("export the logo as PNG for the PDF one-pager"));
            }
        };
        let logo = Logo {
            bytes,
            format,
            alt: format!("{customer} logo"),
        };
        let image = write::PdfImage::decode(&logo).map_err(|e| {
            Diagnostic::error(
                &page.file,
                format!("logo `{name}` could not be decoded: {e}"),
            )
        })?;
        Ok(Some((logo, image.size())))
    }
}

/// A logo with its pixel size.
type SizedLogo = (Logo, (u32, u32));

/// The cache key of a one-pager: everything that shapes its bytes (content,
/// page, metadata, style, fonts, this version), serialised as JSON and hashed
/// with FNV-1a. Both are fixed formats, so the key only changes when an input
/// does, not with the Rust version or a `Debug` impl.
fn cache_key(
    blocks: &[document::Block],
    setup: &paginate::PageSetup,
    info: &write::Info,
    style: &style::Style,
    fonts: u64,
) -> String {
    #[derive(serde::Serialize)]
    struct Inputs<'a> {
        version: &'a str,
        blocks: &'a [document::Block],
        setup: &'a paginate::PageSetup,
        info: &'a write::Info,
        style: &'a style::Style,
        fonts: u64,
    }
    let inputs = Inputs {
        version: env!("CARGO_PKG_VERSION"),
        blocks,
        setup,
        info,
        style,
        fonts,
    };
    // Plain data of strings, numbers and maps with string keys: serialising cannot fail.
    let json = serde_json::to_vec(&inputs).expect("PDF inputs serialise as JSON");
    let mut hash = cache::StableHasher::new();
    hash.write(&json);
    format!("{:016x}", hash.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::testing::{fonts_and_style, letter};

    #[test]
    fn the_cache_key_names_the_inputs_and_nothing_else() {
        let (fonts, style) = fonts_and_style();
        let blocks = document::markdown_blocks("## Results\n\nAccuracy rose to **97%**.");
        let info = write::Info {
            title: "T".into(),
            author: "Acme".into(),
            language: "en".into(),
            created: jiff::Timestamp::from_second(1_769_472_000).unwrap(),
            description: "d".into(),
        };
        let key =
            |setup: &paginate::PageSetup| cache_key(&blocks, setup, &info, &style, fonts.hash());
        let plain = letter("Acme");
        assert_eq!(key(&plain), key(&letter("Acme")));
        assert_eq!(key(&plain).len(), 16);
        let marked = paginate::PageSetup {
            mark: Some("Confidential".into()),
            ..letter("Acme")
        };
        assert_ne!(key(&plain), key(&marked));
        // Where the style was read from shapes no byte of the PDF.
        let mut moved = style.clone();
        moved.origin = "/elsewhere/pdf/style.yaml".into();
        assert_eq!(
            key(&plain),
            cache_key(&blocks, &plain, &info, &moved, fonts.hash())
        );
    }
}
