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
mod flow;
pub mod fonts;
mod linebreak;
mod onepager;
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
    /// The testimonial video's poster frame, the document's second image.
    poster: Option<SizedLogo>,
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
    /// By how much (points of column, share of a page) the story overran one
    /// page at the smallest size.
    pub overflow: Option<(f32, f32)>,
}

/// The warning for a one-pager that does not fit one page even at the
/// smallest size the style allows.
pub(crate) fn overflow_warning(
    file: &Path,
    (points, share): (f32, f32),
    style: &style::Style,
) -> Diagnostic {
    Diagnostic::warning(
        file,
        format!(
            "the one-pager does not fit one page: at the smallest size ({} pt body) it runs over by {:.0} pt ({:.0}% of a page), so it continues on page 2",
            style.fit.min_body,
            points,
            (share * 100.0).max(1.0)
        ),
    )
    .hint("shorten the body or the summary, or use fewer metrics, to keep the story on one page")
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
        // Images are numbered in block order: the header's logo, then the poster.
        let sizes: Vec<(u32, u32)> = prepared.images().map(|(_, s)| *s).collect();
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
        let logo = match self.logo(site, page, case.logo.as_deref(), customer)? {
            Some(logo) => Some(logo),
            // The company's own mark when the page shows no customer logo (an
            // anonymising profile has already dropped a hidden customer's).
            None => self.site_logo(site)?,
        };
        // The images listed are exactly those the blocks carry, in order.
        let logo = logo.filter(|_| self.style.blocks.contains(&style::BlockKind::Header));
        let video = case
            .video
            .as_ref()
            .filter(|_| self.style.blocks.contains(&style::BlockKind::Quote))
            .map(|v| self.video_link(site, page, v, url));
        let poster = video
            .as_ref()
            .and_then(|(_, size)| *size)
            .zip(video.as_ref().and_then(|(v, _)| v.poster.clone()))
            .map(|(size, p)| (p, size));
        let who = document::Customer {
            shown_name: customer,
            facts: crate::render::values::facts(site, page, case),
            min_base: site.config.changes.min_base,
            video: video.map(|(v, _)| v),
        };
        let blocks = document::case_study_blocks(
            &page.meta.title,
            &who,
            case,
            body,
            logo.as_ref().map(|(l, _)| l.clone()),
            &self.style.blocks,
            self.style.layout,
        );
        let (width, height) = page_size(site.config.pdf.paper);
        let setup = paginate::PageSetup {
            width,
            height,
            footer: format!("{} · {url}", site.config.company),
            mark,
            contact: site.config.contact.clone(),
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
            poster,
            key,
        })
    }

    /// How the one-pager links a testimonial video: the web page's player
    /// for a local file (it has the captions and transcript), else the video
    /// site; with the poster frame when it is a PNG or JPEG that decodes (a
    /// WebP poster or a missing file leaves the link without a picture, and
    /// the web page's link check names a missing file).
    fn video_link(
        &self,
        site: &Site,
        page: &Page,
        video: &crate::content::video::Video,
        page_url: &str,
    ) -> (document::VideoLink, Option<(u32, u32)>) {
        let (url, label) = match video.source.watch_url() {
            Some(watch) => (
                watch,
                format!("on {}", video.source.provider().unwrap_or("the web")),
            ),
            None => (
                format!("{page_url}#tr-video"),
                "with captions and transcript, on the case-study page".to_string(),
            ),
        };
        let poster = video.poster.as_deref().and_then(|p| {
            self.logo(site, page, Some(p), "video poster")
                .ok()
                .flatten()
        });
        let size = poster.as_ref().map(|(_, s)| *s);
        let poster = poster.map(|(mut logo, _)| {
            logo.alt = "Video poster frame".to_string();
            logo
        });
        (document::VideoLink { poster, url, label }, size)
    }

    /// The warning for a story that overran one page by `overflow`.
    pub(crate) fn overflow_warning(&self, file: &Path, overflow: (f32, f32)) -> Diagnostic {
        overflow_warning(file, overflow, &self.style)
    }

    /// Lays out and writes a prepared one-pager.
    pub(crate) fn render_prepared(&self, prepared: &Prepared) -> Result<Rendered, Diagnostic> {
        let list = self.lay_out(prepared);
        let images = prepared
            .images()
            .map(|(logo, _)| write::PdfImage::decode(logo))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                Diagnostic::error(&prepared.file, format!("logo could not be read: {e}"))
            })?;
        let bytes = write::write(&list, &self.pdf_fonts, &prepared.info, &images).map_err(|e| {
            Diagnostic::error(&prepared.file, format!("the PDF one-pager could not be written: {e}"))
                .hint("this is most likely a bug in traction's PDF writer; please report it with this page")
        })?;
        let mut warnings = fonts::missing_warnings(&prepared.file, &list.missing);
        let overflow = (list.overflow > 0.0).then_some((list.overflow, list.overflow_share));
        warnings.extend(overflow.map(|o| overflow_warning(&prepared.file, o, &self.style)));
        Ok(Rendered {
            bytes,
            overflow,
            warnings,
            missing: list.missing.iter().copied().collect(),
            text: list.text(),
        })
    }

    /// The company's logo from `site.yaml` `logo:` (a path under the site folder).
    fn site_logo(&self, site: &Site) -> Result<Option<SizedLogo>, Diagnostic> {
        let Some(name) = site.config.logo.as_deref() else {
            return Ok(None);
        };
        let config = site.root.join(crate::config::CONFIG_FILE);
        let line = crate::yaml::key_line(&site.config.text, "logo").unwrap_or(0);
        let located = |message: String| {
            Diagnostic::error(&config, message)
                .at(line, 1)
                .with_source(&site.config.text)
        };
        let path = site.root.join(name.trim_start_matches('/'));
        let bytes = std::fs::read(&path).map_err(|e| {
            located(format!("logo `{name}` could not be read: {e}")).expected(
                "a PNG or JPEG file, relative to the site folder (such as static/logo.png)",
            )
        })?;
        let lower = name.to_ascii_lowercase();
        let format = if lower.ends_with(".png") {
            LogoFormat::Png
        } else {
            LogoFormat::Jpeg
        };
        let logo = Logo {
            bytes,
            format,
            alt: format!("{} logo", site.config.company),
        };
        let image = write::PdfImage::decode(&logo)
            .map_err(|e| located(format!("logo `{name}` could not be decoded: {e}")))?;
        Ok(Some((logo, image.size())))
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

impl Prepared {
    /// The document's images in the order its blocks carry them.
    fn images(&self) -> impl Iterator<Item = &SizedLogo> {
        self.logo.iter().chain(&self.poster)
    }
}

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
        /// The layout code (build.rs hashes `src/`).
        code: &'a str,
        blocks: &'a [document::Block],
        setup: &'a paginate::PageSetup,
        info: &'a write::Info,
        style: &'a style::Style,
        fonts: u64,
    }
    let inputs = Inputs {
        version: env!("CARGO_PKG_VERSION"),
        code: env!("TRACTION_CODE_HASH"),
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
    fn the_overflow_warning_names_the_file_and_how_much() {
        let (_, style) = fonts_and_style();
        let d = overflow_warning(Path::new("content/cs/long.md"), (38.4, 0.091), &style);
        assert_eq!(d.file, Path::new("content/cs/long.md"));
        assert!(
            d.message.contains("38 pt") && d.message.contains("9% of a page"),
            "{}",
            d.message
        );
        assert!(d.message.contains("8.5 pt body"), "{}", d.message);
    }

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
