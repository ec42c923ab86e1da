//! PDF one-pagers for case studies. Two layers with a plain boundary:
//! `layout` turns blocks (`document`) into a display list of pages; `write`
//! turns the display list into a tagged PDF/A-2b with krilla. Fonts and
//! shaping are in `fonts`, the theme's look in `style`.
//!
//! The renderer reads the same typed model as the HTML renderer; it never
//! parses Markdown files or YAML itself (the body arrives already templated).

pub mod cache;
pub mod document;
pub mod fonts;
pub mod layout;
pub mod style;
pub mod write;

use std::path::Path;

use crate::config::Paper;
use crate::content::{KindData, Page};
use crate::diagnostics::Diagnostic;
use crate::render::pdf::document::{Logo, LogoFormat};
use crate::site::Site;

/// Loaded style and fonts, shared by every PDF of a build.
pub struct PdfRenderer {
    style: style::Style,
    fonts: fonts::FontSet,
    fonts_hash: u64,
}

/// A one-pager ready to lay out: its blocks, page, metadata and cache key.
pub struct Prepared {
    /// Source page, for messages.
    pub file: std::path::PathBuf,
    blocks: Vec<document::Block>,
    setup: layout::PageSetup,
    info: write::Info,
    logo: Option<SizedLogo>,
    /// Hash of every input: equal keys give equal bytes.
    pub key: String,
}

/// One rendered PDF.
pub struct Rendered {
    /// File bytes.
    pub bytes: Vec<u8>,
    /// Warnings (characters dropped).
    pub warnings: Vec<Diagnostic>,
    /// Pages written.
    pub pages: usize,
    /// Characters no font could draw (dropped).
    pub missing: Vec<char>,
    /// The text as laid out, in reading order (for audits).
    pub text: String,
}

/// Page size in points.
pub fn page_size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::Letter => (612.0, 792.0),
        Paper::A4 => (595.28, 841.89),
    }
}

impl PdfRenderer {
    /// Loads the theme's PDF style and fonts.
    pub fn new(site: &Site) -> Result<PdfRenderer, Vec<Diagnostic>> {
        let style = style::load(&site.theme)?;
        let fonts = fonts::FontSet::load(&site.theme, &style)?;
        let fonts_hash = fonts.hash();
        Ok(PdfRenderer {
            style,
            fonts,
            fonts_hash,
        })
    }

    /// Lays out a case study without writing it (for tests and previews).
    pub fn layout(
        &self,
        site: &Site,
        page: &Page,
        customer: &str,
        body: &str,
        url: &str,
    ) -> Result<layout::DisplayList, Diagnostic> {
        let prepared = self.prepare(site, page, customer, body, url, None)?;
        Ok(self.lay_out(&prepared))
    }

    fn lay_out(&self, prepared: &Prepared) -> layout::DisplayList {
        let logo_size = prepared.logo.as_ref().map(|(_, s)| *s);
        layout::layout(
            &prepared.blocks,
            &self.fonts,
            &self.style,
            &prepared.setup,
            logo_size,
        )
    }

    /// Everything a one-pager is made from, and the key that names it.
    pub fn prepare(
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
        let setup = layout::PageSetup {
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
        // Everything that shapes the bytes: content, page, metadata, style, fonts, this version.
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        format!(
            "{blocks:?}|{setup:?}|{info:?}|{:?}|{}",
            self.style,
            env!("CARGO_PKG_VERSION")
        )
        .hash(&mut hasher);
        self.fonts_hash.hash(&mut hasher);
        let key = format!("{:016x}", hasher.finish());
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
    pub fn render_prepared(&self, prepared: &Prepared) -> Result<Rendered, Diagnostic> {
        let list = self.lay_out(prepared);
        let image = match &prepared.logo {
            Some((logo, _)) => Some(to_image(logo).map_err(|e| {
                Diagnostic::error(&prepared.file, format!("logo could not be read: {e}"))
            })?),
            None => None,
        };
        let bytes = write::write(&list, &self.fonts, &prepared.info, image.as_ref()).map_err(|e| {
            Diagnostic::error(&prepared.file, format!("the PDF one-pager could not be written: {e}"))
                .hint("this is most likely a bug in traction's PDF writer; please report it with this page")
        })?;
        let warnings = fonts::missing_warnings(&prepared.file, &list.missing);
        Ok(Rendered {
            bytes,
            warnings,
            pages: list.pages.len(),
            missing: list.missing.iter().copied().collect(),
            text: list.text(),
        })
    }

    /// Renders a case study's one-pager. `customer` is the name this profile shows,
    /// `body` the page body after templating, `url` its public address.
    pub fn render(
        &self,
        site: &Site,
        page: &Page,
        customer: &str,
        body: &str,
        url: &str,
    ) -> Result<Rendered, Diagnostic> {
        self.render_prepared(&self.prepare(site, page, customer, body, url, None)?)
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
        let image = to_image(&logo).map_err(|e| {
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

fn to_image(logo: &Logo) -> Result<krilla::image::Image, String> {
    let data = krilla::Data::from(logo.bytes.clone());
    match logo.format {
        LogoFormat::Png => krilla::image::Image::from_png(data, false),
        LogoFormat::Jpeg => krilla::image::Image::from_jpeg(data, false),
    }
}
