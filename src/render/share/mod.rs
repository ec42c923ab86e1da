//! Share graphics: an Open Graph image (1200x630 PNG) for each case study,
//! the home page and pages with `og_image: true`, and a quote card (1080x1080
//! PNG and SVG) per approved testimonial. `cards` lays each out as a display
//! list (the one-pagers' type); `png` and `svg` draw it. Pages are read
//! through the profile's view and names through `audience` (`shown_customer`,
//! `quote_credit`), so a card shows what the page shows; every image's text
//! is declared to the sink (`Sink::text`) for the leak audit. Builds draw
//! them unless `--no-images`; they are cached like PDFs, by a stable hash of
//! their inputs, in `.traction-cache/share/`, which only a build that
//! succeeded fills (with its own output files, hard-linked).

pub(crate) mod cards;
pub(crate) mod png;
pub(crate) mod svg;

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::audience::View;
use crate::content::{Approval, KindData};
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::render::pdf::cache::{CACHE_DIR, StableHasher};
use crate::render::pdf::display::Glyph;
use crate::render::pdf::fonts::FontSet;
use crate::site::Site;
use cards::{Card, Headline, OgCard, Palette, QuoteCard};

/// Where each glyph of a run sits: its origin on the baseline, in units.
pub(crate) fn glyph_origins(
    x: f32,
    y: f32,
    size: f32,
    glyphs: &[Glyph],
) -> impl Iterator<Item = (&Glyph, f32, f32)> {
    let mut pen = x;
    glyphs.iter().map(move |g| {
        let at = (pen + g.x_offset * size, y - g.y_offset * size);
        pen += g.x_advance * size;
        (g, at.0, at.1)
    })
}

/// Fonts and style of the built-in theme, for the unit tests (no site folder needed).
#[cfg(test)]
pub(crate) fn test_fonts() -> (FontSet, crate::render::pdf::style::Style) {
    let config = crate::config::Config::parse("title: T\nbase_url: https://t.example\n").unwrap();
    let theme = crate::theme::load(Path::new("/nonexistent-site"), &config).unwrap();
    let style = crate::render::pdf::style::load(&theme).unwrap();
    let fonts = FontSet::load(&theme, &style).unwrap();
    (fonts, style)
}

/// The share images a page has in a profile: output paths relative to its root.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Planned {
    /// The Open Graph image (`case-studies/northwind/og.png`; the home page's is `og.png`).
    pub og: Option<String>,
    /// The quote card, without extension (`case-studies/northwind/quote`).
    pub quote: Option<String>,
}

/// The share images of page `i` in `view`.
pub(crate) fn planned(site: &Site, view: &View, i: usize) -> Planned {
    if !view.images || i >= view.urls.len() || !view.includes(i) {
        return Planned::default();
    }
    let page = view.page(&site.content, i);
    let url = view.url(i);
    let dir = url.trim_matches('/');
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let case = match &page.data {
        KindData::CaseStudy(c) if !page.is_index => Some(c),
        _ => None,
    };
    let og = page
        .meta
        .og_image
        .unwrap_or(url == "/" || case.is_some())
        .then(|| format!("{prefix}og.png"));
    // A pending story's quote is not the customer's to share yet; an
    // anonymised one is not ours to put on a card under their name either.
    let quote = case
        .filter(|c| c.approval == Approval::Approved && c.quote.is_some())
        .map(|_| format!("{prefix}quote"));
    Planned { og, quote }
}

/// Declares to `sink` every share image `view` would have drawn, as a failed
/// build that skips drawing them does: the links to them are not a second
/// error about images the real error kept from being drawn.
pub(crate) fn not_drawn(site: &Site, view: &View, sink: &dyn Sink) {
    for i in view.pages() {
        let plan = planned(site, view, i);
        if let Some(og) = &plan.og {
            sink.failed(og);
        }
        if let Some(base) = &plan.quote {
            sink.failed(&format!("{base}.png"));
            sink.failed(&format!("{base}.svg"));
        }
    }
}

/// Host of a base URL, for the cards' footer (`https://acme.example/` -> `acme.example`).
fn host(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    rest.trim_end_matches('/').to_string()
}

/// What page `i`'s Open Graph image says.
fn og_card(site: &Site, view: &View, i: usize) -> OgCard {
    let page = view.page(&site.content, i);
    let company = site.config.company.clone();
    let host = host(&view.profile.base_url);
    match &page.data {
        KindData::CaseStudy(c) if !page.is_index => {
            let facts = crate::render::values::facts(site, page, c);
            // The first metric with a result: `after` of a pair, or a single value.
            let metric = c.metrics.iter().find_map(|m| {
                let shown =
                    crate::render::metrics::shown(m, facts.is_live(), site.config.changes.min_base);
                Some(Headline {
                    label: m.label.clone(),
                    value: m.result()?.text.clone(),
                    before: m
                        .pair()
                        .map(|(b, _)| b.text.clone())
                        .filter(|b| !b.trim().is_empty()),
                    target: shown.target,
                })
            });
            let marks: Vec<&str> = view
                .profile
                .watermark
                .as_deref()
                .into_iter()
                .chain(crate::render::values::approval_mark(view, c))
                .collect();
            OgCard {
                eyebrow: "Customer story".into(),
                title: page.meta.title.clone(),
                subtitle: Some(crate::audience::shown_customer(site, &view.profile, c)),
                metric,
                mark: (!marks.is_empty()).then(|| marks.join(" · ")),
                company,
                host,
            }
        }
        _ => {
            let section = site
                .content
                .sections
                .get(&page.section)
                .and_then(|s| s.index)
                .filter(|&s| s != i && view.includes(s))
                .map(|s| view.page(&site.content, s).meta.title.clone());
            OgCard {
                eyebrow: section.unwrap_or_else(|| site.config.title.clone()),
                title: page.meta.title.clone(),
                subtitle: page.meta.description.clone(),
                metric: None,
                mark: view.profile.watermark.clone(),
                company,
                host,
            }
        }
    }
}

/// What page `i`'s quote card says, when it has a quote.
fn quote_card(site: &Site, view: &View, i: usize) -> Option<QuoteCard> {
    let page = view.page(&site.content, i);
    let KindData::CaseStudy(c) = &page.data else {
        return None;
    };
    let q = c.quote.as_ref()?;
    let customer = crate::audience::shown_customer(site, &view.profile, c);
    Some(QuoteCard {
        text: q.text.clone(),
        author: q.author.clone(),
        credit: crate::audience::quote_credit(q.role.as_deref(), &customer),
        company: site.config.company.clone(),
        host: host(&view.profile.base_url),
    })
}

/// Alternative text of a card: what it says, in reading order.
fn alt(card: &Card) -> String {
    match card {
        Card::Og(og) => {
            let mut alt = og.title.clone();
            if let Some(s) = &og.subtitle {
                alt = format!("{alt} ({s})");
            }
            if let Some(m) = &og.metric {
                let before = m
                    .before
                    .as_ref()
                    .map_or(String::new(), |b| format!(", from {b}"));
                let target = if m.target { " (target)" } else { "" };
                alt = format!("{alt}. {}: {}{before}{target}", m.label, m.value);
            }
            alt
        }
        Card::Quote(q) => {
            let who = [q.author.as_str(), q.credit.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            format!("\u{201C}{}\u{201D} \u{2014} {who}", q.text.trim())
        }
    }
}

/// `page.share` for templates: the page's images (site paths and, for
/// `og:image`, the absolute URL from the profile's `base_url`), sizes and alt texts.
pub(crate) fn page_value(site: &Site, view: &View, i: usize) -> Value {
    let planned = planned(site, view, i);
    let base = view.profile.base_url.trim_end_matches('/');
    let og = planned.og.as_ref().map(|p| {
        json!({
            "url": format!("/{p}"),
            "absolute": format!("{base}/{p}"),
            "width": cards::OG_SIZE.0,
            "height": cards::OG_SIZE.1,
            "alt": alt(&Card::Og(og_card(site, view, i))),
        })
    });
    let quote = planned.quote.as_ref().and_then(|p| {
        let card = quote_card(site, view, i)?;
        Some(json!({
            "png": format!("/{p}.png"),
            "svg": format!("/{p}.svg"),
            "width": cards::QUOTE_SIZE.0,
            "height": cards::QUOTE_SIZE.1,
            "alt": alt(&Card::Quote(card)),
        }))
    });
    json!({ "og": og, "quote": quote })
}

/// Image formats a card is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
enum Format {
    Png,
    Svg,
}

/// One image to write.
struct Job {
    page: usize,
    path: String,
    card: Card,
    format: Format,
}

/// The fonts and colours of every card of a build.
pub(crate) struct ShareRenderer {
    fonts: FontSet,
    palette: Palette,
}

/// A drawn image with its declared text and the characters left out.
pub(crate) struct Image {
    /// File bytes.
    pub bytes: Vec<u8>,
    /// The text it shows, in reading order.
    pub text: String,
    /// Characters no font could draw.
    pub missing: Vec<char>,
}

impl ShareRenderer {
    /// Loads the theme's PDF style (fonts, colours: one brand).
    pub(crate) fn new(site: &Site) -> Result<ShareRenderer, Vec<Diagnostic>> {
        let style = crate::render::pdf::style::load(&site.theme)?;
        let fonts = FontSet::load(&site.theme, &style)?;
        Ok(ShareRenderer {
            palette: Palette::of(&style),
            fonts,
        })
    }

    /// Draws `card` as PNG or SVG.
    fn draw(&self, card: &Card, format: Format) -> Result<Image, String> {
        let list = cards::lay_out(card, &self.fonts, &self.palette);
        let text = list.text();
        let (bytes, undrawn) = match format {
            Format::Png => {
                let drawn = png::render(&list, &self.fonts, &[])?;
                (drawn.bytes, drawn.undrawn)
            }
            Format::Svg => {
                let (svg, undrawn) = svg::render(&list, &self.fonts, &[], &alt(card));
                (svg.into_bytes(), undrawn)
            }
        };
        let missing: BTreeSet<char> = list.missing.into_iter().chain(undrawn).collect();
        Ok(Image {
            bytes,
            text,
            missing: missing.into_iter().collect(),
        })
    }

    /// The cache key of an image: everything that shapes its bytes, as JSON, hashed (FNV-1a).
    fn key(&self, card: &Card, format: Format) -> String {
        #[derive(serde::Serialize)]
        struct Inputs<'a> {
            version: &'a str,
            card: &'a Card,
            format: Format,
            palette: &'a Palette,
            fonts: u64,
        }
        let json = serde_json::to_vec(&Inputs {
            version: env!("CARGO_PKG_VERSION"),
            card,
            format,
            palette: &self.palette,
            fonts: self.fonts.hash(),
        })
        .expect("card inputs serialise as JSON");
        let mut hash = StableHasher::new();
        hash.write(&json);
        format!("{:016x}", hash.finish())
    }
}

/// An image a full build drew (not found in the cache): put in the cache once
/// the build succeeded, by hard-linking its output file, so a failed build
/// leaves the site folder untouched and the next build links the same file.
pub(crate) struct Drawn {
    key: String,
    ext: &'static str,
    path: String,
    text: String,
    missing: Vec<char>,
}

/// Puts the images a successful build drew, now in `out_dir`, into the cache
/// of the site at `root`. A failure only costs a redraw next time.
pub(crate) fn store(root: &Path, out_dir: &Path, drawn: &[Drawn]) {
    let cache = ImageCache::new(root);
    for d in drawn {
        let _ = cache.adopt(d, &out_dir.join(&d.path));
    }
}

/// Cached share images of a site, by key: the image and two sidecars (its text, the characters left out).
struct ImageCache {
    dir: PathBuf,
}

impl ImageCache {
    fn new(root: &Path) -> ImageCache {
        ImageCache {
            dir: root.join(CACHE_DIR).join("share"),
        }
    }

    fn file(&self, key: &str, ext: &str) -> PathBuf {
        self.dir.join(format!("{key}.{ext}"))
    }

    fn get(&self, key: &str, ext: &str) -> Option<(PathBuf, String, Vec<char>)> {
        let image = self.file(key, ext);
        if !image.is_file() {
            return None;
        }
        let text = std::fs::read_to_string(self.file(key, "txt")).ok()?;
        let missing = std::fs::read_to_string(self.file(key, "missing")).ok()?;
        Some((image, text, missing.chars().collect()))
    }

    /// Stores the output file `file` as the image of `d` (hard link, else copy).
    fn adopt(&self, d: &Drawn, file: &Path) -> io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let store = |path: PathBuf, bytes: &[u8]| -> io::Result<()> {
            let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(&tmp, path)
        };
        store(self.file(&d.key, "txt"), d.text.as_bytes())?;
        let missing: String = d.missing.iter().collect();
        store(self.file(&d.key, "missing"), missing.as_bytes())?;
        let image = self.file(&d.key, d.ext);
        let tmp = image.with_extension(format!("{}.{}.tmp", d.ext, std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        if std::fs::hard_link(file, &tmp).is_err() {
            std::fs::copy(file, &tmp)?;
        }
        std::fs::rename(&tmp, image)
    }

    fn put(&self, key: &str, ext: &str, image: &Image) -> io::Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let store = |path: PathBuf, bytes: &[u8]| -> io::Result<()> {
            let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(&tmp, path)
        };
        // Sidecars first: an image present in the cache is always complete.
        store(self.file(key, "txt"), image.text.as_bytes())?;
        let missing: String = image.missing.iter().collect();
        store(self.file(key, "missing"), missing.as_bytes())?;
        store(self.file(key, ext), &image.bytes)?;
        Ok(self.file(key, ext))
    }
}

fn missing_warnings(site: &Site, page: usize, path: &str, missing: &[char]) -> Vec<Diagnostic> {
    let file = &site.content.pages[page].file;
    missing
        .iter()
        .map(|c| {
            Diagnostic::warning(
                file,
                format!(
                    "the fonts have no glyph for `{c}` (U+{:04X}); it was left out of {path}",
                    *c as u32
                ),
            )
            .hint("add a font that has it to `fallback:` in the theme's pdf/style.yaml")
        })
        .collect()
}

/// Writes the share images of pages `only` of `view` into `sink`, reusing
/// cached ones; returns errors and warnings, and the paths written. A
/// `partial` rebuild (watch) leaves alone the images the live folder already
/// holds byte for byte, so an unchanged image is never rewritten.
pub(crate) fn render(
    site: &Site,
    view: &View,
    sink: &dyn Sink,
    only: &[usize],
    partial: bool,
) -> (Vec<Diagnostic>, Vec<String>, Vec<Drawn>) {
    use rayon::prelude::*;
    let mut jobs = Vec::new();
    for &i in only {
        let plan = planned(site, view, i);
        if let Some(path) = plan.og {
            jobs.push(Job {
                page: i,
                path,
                card: Card::Og(og_card(site, view, i)),
                format: Format::Png,
            });
        }
        if let (Some(base), Some(card)) = (plan.quote, quote_card(site, view, i)) {
            for (ext, format) in [("png", Format::Png), ("svg", Format::Svg)] {
                jobs.push(Job {
                    page: i,
                    path: format!("{base}.{ext}"),
                    card: Card::Quote(card.clone()),
                    format,
                });
            }
        }
    }
    if jobs.is_empty() {
        return (Vec::new(), Vec::new(), Vec::new());
    }
    let renderer = match ShareRenderer::new(site) {
        Ok(r) => r,
        Err(e) => return (e, Vec::new(), Vec::new()),
    };
    let cache = sink.is_disk().then(|| ImageCache::new(&site.root));
    let results: Vec<(Vec<Diagnostic>, Option<String>, Option<Drawn>)> = jobs
        .par_iter()
        .map(
            |job| match write_one(&renderer, cache.as_ref(), sink, site, job, partial) {
                Ok((warnings, wrote, drawn)) => (warnings, wrote.then(|| job.path.clone()), drawn),
                Err(d) => (vec![d], None, None),
            },
        )
        .collect();
    let mut diagnostics = Vec::new();
    let mut paths = Vec::new();
    let mut drawn = Vec::new();
    for (d, path, new) in results {
        diagnostics.extend(d);
        paths.extend(path);
        drawn.extend(new);
    }
    (diagnostics, paths, drawn)
}

/// One image, from the cache or drawn: its warnings, whether it was written
/// (a `partial` rebuild skips what the output already holds), and, drawn by
/// a full build, what the cache should keep once the build succeeded (a
/// partial rebuild stores it at once: the live folder is not swapped).
fn write_one(
    renderer: &ShareRenderer,
    cache: Option<&ImageCache>,
    sink: &dyn Sink,
    site: &Site,
    job: &Job,
    partial: bool,
) -> Result<(Vec<Diagnostic>, bool, Option<Drawn>), Diagnostic> {
    let ext = match job.format {
        Format::Png => "png",
        Format::Svg => "svg",
    };
    let key = renderer.key(&job.card, job.format);
    if let Some((cached, text, missing)) = cache.and_then(|c| c.get(&key, ext)) {
        let warnings = missing_warnings(site, job.page, &job.path, &missing);
        if partial && sink.holds(&job.path, &cached) {
            return Ok((warnings, false, None));
        }
        sink.text(&job.path, &text);
        sink.link(&job.path, &cached)?;
        return Ok((warnings, true, None));
    }
    let image = renderer.draw(&job.card, job.format).map_err(|e| {
        Diagnostic::error(
            &site.content.pages[job.page].file,
            format!("the share image {} could not be drawn: {e}", job.path),
        )
        .hint("this is most likely a bug in traction's image exporter; please report it with this page")
    })?;
    let warnings = missing_warnings(site, job.page, &job.path, &image.missing);
    if !partial {
        sink.text(&job.path, &image.text);
        sink.write(&job.path, &image.bytes)?;
        let drawn = cache.map(|_| Drawn {
            key,
            ext,
            path: job.path.clone(),
            text: image.text,
            missing: image.missing,
        });
        return Ok((warnings, true, drawn));
    }
    let cached = cache.and_then(|c| c.put(&key, ext, &image).ok());
    if cached.as_ref().is_some_and(|c| sink.holds(&job.path, c)) {
        return Ok((warnings, false, None));
    }
    sink.text(&job.path, &image.text);
    match cached {
        Some(cached) => sink.link(&job.path, &cached)?,
        None => sink.write(&job.path, &image.bytes)?,
    }
    Ok((warnings, true, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(from: &Path, to: &Path) {
        if from.is_dir() {
            std::fs::create_dir_all(to).unwrap();
            for e in std::fs::read_dir(from).unwrap() {
                let e = e.unwrap();
                copy(&e.path(), &to.join(e.file_name()));
            }
        } else {
            std::fs::copy(from, to).unwrap();
        }
    }

    #[cfg(unix)]
    #[test]
    fn under_watch_a_quote_edit_redraws_its_card_and_a_body_edit_no_image() {
        use crate::watch::{Engine, Options, Outcome};
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for part in ["site.yaml", "content", "data"] {
            copy(&repo.join(part), &tmp.path().join(part));
        }
        let root = tmp.path().canonicalize().unwrap();
        let options = Options {
            profile: Some("internal".into()),
            ..Options::default()
        };
        let mut engine = Engine::new(&root, options);
        assert!(matches!(engine.full(), Outcome::Rebuilt { .. }));
        let dir = engine.out_dir().join("case-studies/northwind-logistics");
        let ino = |f: &str| std::fs::metadata(dir.join(f)).unwrap().ino();
        let images = ["og.png", "quote.png", "quote.svg"];
        let before: Vec<u64> = images.iter().map(|f| ino(f)).collect();
        let page = root.join("content/case-studies/northwind-logistics.md");
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, format!("{text}\nOne more paragraph.\n")).unwrap();
        match engine.changed(std::slice::from_ref(&page)) {
            Outcome::Rebuilt {
                urls: Some(urls), ..
            } => assert!(
                !urls
                    .iter()
                    .any(|u| u.ends_with(".png") || u.ends_with(".svg")),
                "a body edit changes no card: {urls:?}"
            ),
            other => panic!("expected a partial rebuild, got {other:?}"),
        }
        let after: Vec<u64> = images.iter().map(|f| ino(f)).collect();
        assert_eq!(before, after, "an unchanged image was rewritten");
        let old = std::fs::read(dir.join("quote.png")).unwrap();
        let edited = text.replacen("We used to learn", "We once learned", 1);
        std::fs::write(&page, edited).unwrap();
        assert!(matches!(
            engine.changed(std::slice::from_ref(&page)),
            Outcome::Rebuilt { .. }
        ));
        let dir = engine.out_dir().join("case-studies/northwind-logistics");
        assert_ne!(std::fs::read(dir.join("quote.png")).unwrap(), old);
        let svg = std::fs::read_to_string(dir.join("quote.svg")).unwrap();
        assert!(svg.contains("We once learned"), "the SVG follows the edit");
    }

    #[test]
    fn the_host_is_the_base_url_without_scheme_or_slash() {
        assert_eq!(host("https://acme.example/"), "acme.example");
        assert_eq!(host("https://acme.example/docs"), "acme.example/docs");
        assert_eq!(host("acme.example"), "acme.example");
    }

    #[test]
    fn glyphs_advance_by_their_advances_at_the_size() {
        let g = |adv: f32| Glyph {
            id: 1,
            x_advance: adv,
            x_offset: 0.0,
            y_offset: 0.1,
            y_advance: 0.0,
            text_range: 0..1,
        };
        let at: Vec<(f32, f32)> = glyph_origins(10.0, 50.0, 20.0, &[g(0.5), g(0.25), g(1.0)])
            .map(|(_, x, y)| (x, y))
            .collect();
        assert_eq!(at, vec![(10.0, 48.0), (20.0, 48.0), (25.0, 48.0)]);
    }
}
