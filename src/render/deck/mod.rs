//! Decks as PDFs: every slide of a `kind: deck` page, templated by the HTML
//! renderer (`Renderer::deck_slides`), becomes one 960 x 540 pt page of the
//! same display list the one-pagers use (`render::pdf::display`), written by
//! the same krilla writer (tagged, PDF/A-2b, fonts subset, one outline entry
//! per slide). With notes on (`build --notes`, a profile's `notes: true`) a
//! presenter PDF puts each slide above its speaker notes.

pub(crate) mod images;
mod layout;
mod pictures;
mod style;
mod text;

use std::path::Path;

use crate::audience::View;
use crate::config::Profile;
use crate::content::deck::{COLUMN_BREAK, Layout};
use crate::content::{Kind, KindData};
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::render::html::{Renderer, TemplatedSlide};
use crate::render::pdf::display::{DisplayList, Item, NodeKind, PageItems};
use crate::render::pdf::document::{self, Block, Span};
use crate::render::pdf::fonts::FontStyle;
use crate::render::pdf::write::{self, PdfImage};
use crate::render::pdf::{PdfRenderer, style::Style};
use crate::site::Site;

pub(crate) use layout::{HEIGHT, WIDTH};

/// Height of a presenter page: the slide, then room for its notes.
const NOTES_HEIGHT: f32 = HEIGHT + 360.0;

/// A quote as a slide shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuoteText {
    /// The words.
    pub text: String,
    /// `Author, Role, Customer` as the profile names the customer.
    pub credit: String,
}

/// Why a `quote:` directive gave no quote.
pub(crate) struct NoQuote {
    /// What went wrong.
    pub message: String,
    /// What would work.
    pub expected: String,
}

/// A slide ready to lay out.
pub(crate) struct SlideContent {
    layout: Layout,
    title: Option<String>,
    /// One column, or two for `two-columns`.
    columns: Vec<Vec<Block>>,
    quote: Option<QuoteText>,
    chart: Option<crate::render::charts::Chart>,
    /// Images in the text (the first is an `image` slide's picture).
    pictures: Vec<pictures::Placed>,
    /// Marp backgrounds (`![bg]`).
    backgrounds: Vec<pictures::Placed>,
    /// Headings set on one line (`<!-- fit -->`).
    fit: Vec<String>,
    /// Marp's local directives.
    look: crate::content::deck::marp::Look,
    /// Marp's conventions (no page number unless `paginate`, dark only when `invert`).
    marp: bool,
    notes: String,
}

/// The quote of the case study `name` (its file name, slug or customer), as
/// `view` shows it: anonymised where the profile anonymises.
pub(crate) fn quote_for(site: &Site, view: &View, name: &str) -> Result<QuoteText, NoQuote> {
    let wanted = name.trim().trim_end_matches(".md");
    let found = site.content.pages.iter().position(|p| {
        let KindData::CaseStudy(c) = &p.data else {
            return false;
        };
        let stem = p
            .rel
            .rsplit('/')
            .next()
            .unwrap_or(&p.rel)
            .trim_end_matches(".md");
        p.rel.trim_end_matches(".md") == wanted
            || stem == wanted
            || p.slug == wanted
            || c.customer.eq_ignore_ascii_case(wanted)
    });
    let case_studies = || {
        let names: Vec<String> = site
            .content
            .pages
            .iter()
            .filter(|p| p.kind() == Kind::CaseStudy && !p.is_index)
            .map(|p| p.slug.clone())
            .collect();
        format!("a case study's file name: {}", names.join(", "))
    };
    let Some(j) = found else {
        return Err(NoQuote {
            message: format!("`quote: {name}` names no case study"),
            expected: case_studies(),
        });
    };
    if !view.includes(j) {
        return Err(NoQuote {
            message: format!(
                "`quote: {name}`: that case study is not in the {} edition",
                view.profile.label()
            ),
            expected: "a case study this profile shows".into(),
        });
    }
    let page = view.page(&site.content, j);
    let KindData::CaseStudy(case) = &page.data else {
        return Err(NoQuote {
            message: format!("`quote: {name}` is not a case study"),
            expected: case_studies(),
        });
    };
    let Some(q) = &case.quote else {
        return Err(NoQuote {
            message: format!("`quote: {name}`: the case study has no quote in this edition"),
            expected: "a case study with an approved `quote:`".into(),
        });
    };
    let customer = crate::audience::shown_customer(site, &view.profile, case);
    let credit = crate::audience::quote_credit(q.role.as_deref(), &customer);
    let credit = if q.author.trim().is_empty() {
        credit
    } else {
        format!("{}, {credit}", q.author.trim())
    };
    Ok(QuoteText {
        text: q.text.clone(),
        credit,
    })
}

/// The error for a chart the profile does not publish.
pub(crate) fn unpublished_chart(file: &Path, profile: &Profile, name: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        format!(
            "chart `{name}` is not published in profile `{}`",
            profile.name
        ),
    )
    .hint("arr_by_customer needs the `arr` KPI and `show_acv`; pipeline needs the `pipeline` KPI")
}

/// The named chart the profile may show: the same model pages and one-pagers draw.
fn chart_data(site: &Site, view: &View, name: &str) -> Option<crate::render::charts::Chart> {
    let kpis = &site.kpis;
    match name {
        "arr_by_customer" if view.profile.publishes("arr") && view.profile.show_acv => {
            let labels = crate::audience::customer_labels(site, &view.profile);
            Some(crate::render::charts::arr_by_customer_chart(kpis, &labels))
        }
        "pipeline" if view.profile.publishes("pipeline") => {
            Some(crate::render::charts::pipeline_chart(kpis))
        }
        _ => None,
    }
}

/// Everything a deck's PDFs are made from.
struct Prepared {
    slides: Vec<SlideContent>,
    images: Vec<PdfImage>,
}

fn prepare(
    site: &Site,
    view: &View,
    i: usize,
    slides: Vec<TemplatedSlide>,
) -> Result<(Prepared, Vec<Diagnostic>), Vec<Diagnostic>> {
    let page = view.page(&site.content, i);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut out = Vec::new();
    let mut loader = pictures::Loader {
        site,
        page,
        marp: slides.first().is_some_and(|s| s.marp),
        images: Vec::new(),
    };
    let mut warned_css_bg = false;
    for (n, slide) in slides.into_iter().enumerate() {
        let n = n + 1;
        let spec = &slide.spec;
        let text = pictures::without_images(&slide.body);
        let mut columns: Vec<Vec<Block>> = match spec.layout {
            Layout::TwoColumns => text
                .splitn(2, COLUMN_BREAK)
                .map(document::markdown_blocks)
                .collect(),
            _ => vec![document::markdown_blocks(&text.replace(COLUMN_BREAK, ""))],
        };
        for blocks in &mut columns {
            absolute_links(view, page, blocks);
        }
        // The first heading is the slide's title.
        let mut title = None;
        if let Some(first) = columns.first_mut()
            && let Some(Block::Heading { text, .. }) = first.first()
        {
            title = Some(text.clone());
            first.remove(0);
        }
        // A quote or chart the profile cannot show fails the deck's HTML page,
        // rendered with it in every build and rebuild: reported once, there.
        let quote = spec
            .quote
            .as_ref()
            .and_then(|(name, _)| quote_for(site, view, name).ok());
        let chart = spec
            .chart
            .as_ref()
            .and_then(|name| chart_data(site, view, name));
        // Marp's `backgroundImage: url(...)` is a background like `![bg](...)`.
        let css_bg = match slide.look.background_image.as_deref() {
            Some(css) => match images::css_url(css) {
                Some(url) => format!("![bg]({url})\n\n"),
                // Once per deck: the directive carries on to the next slides.
                None if warned_css_bg => String::new(),
                None => {
                    warned_css_bg = true;
                    warnings.push(
                        Diagnostic::warning(
                            &page.file,
                            format!("slide {n}: `backgroundImage: {css}` is not drawn in the PDF"),
                        )
                        .at(spec.line, 1)
                        .hint("the HTML slide view shows it; the PDF draws `url(...)` images only"),
                    );
                    String::new()
                }
            },
            None => String::new(),
        };
        let (placed, remote, failed) = loader.load(&format!("{css_bg}{}", slide.body));
        for why in failed {
            errors.push(
                Diagnostic::error(&page.file, format!("slide {n}: {why}"))
                    .at(spec.line, 1)
                    .expected("a PNG, JPEG or SVG file next to the deck or in static/"),
            );
        }
        for src in remote {
            warnings.push(
                Diagnostic::warning(
                    &page.file,
                    format!("slide {n}: the remote image `{src}` is not fetched at build time; the PDF shows a placeholder"),
                )
                .at(spec.line, 1)
                .hint("the HTML slide view shows it; save it beside the deck to have it in the PDF"),
            );
        }
        let (backgrounds, pictures): (Vec<_>, Vec<_>) =
            placed.into_iter().partition(|p| p.bg.is_some());
        out.push(SlideContent {
            layout: spec.layout,
            title,
            columns,
            quote,
            chart,
            pictures,
            backgrounds,
            fit: pictures::fit_headings(&slide.body),
            look: slide.look,
            marp: slide.marp,
            notes: slide.notes,
        });
    }
    if errors.is_empty() {
        Ok((
            Prepared {
                slides: out,
                images: loader.images,
            },
            warnings,
        ))
    } else {
        Err(errors)
    }
}

/// Links as a PDF needs them: a page's `.md` file becomes its URL, and a
/// site-relative URL gets the profile's `base_url` (a PDF has no "current site").
fn absolute_links(view: &View, page: &crate::content::Page, blocks: &mut [Block]) {
    let base_dir = page.rel.rfind('/').map_or("", |k| &page.rel[..k]);
    let fix = |span: &mut Span| {
        let Some(link) = span.link.as_mut() else {
            return;
        };
        if link.contains("://") || link.starts_with("mailto:") || link.starts_with('#') {
            return;
        }
        let (path, fragment) = link
            .split_once('#')
            .map_or((link.as_str(), None), |(p, f)| (p, Some(f)));
        let url = if path.ends_with(".md") {
            crate::content::normalize_rel(base_dir, path)
                .and_then(|rel| view.by_rel.get(&rel).cloned())
        } else if path.starts_with('/') {
            Some(path.to_string())
        } else {
            None
        };
        if let Some(url) = url {
            let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            *link = format!("{}{url}{fragment}", view.profile.base_url);
        }
    };
    for block in blocks {
        match block {
            Block::Paragraph(spans) | Block::Lead(spans) => spans.iter_mut().for_each(fix),
            Block::List { items, .. } => items.iter_mut().flat_map(|(_, s)| s).for_each(fix),
            Block::Table { header, rows } => header
                .iter_mut()
                .chain(rows.iter_mut().flatten())
                .flatten()
                .for_each(fix),
            _ => {}
        }
    }
}

/// A deck laid out: the slides' display list, and the presenter version when asked.
pub(crate) struct Laid {
    /// One 960 x 540 page per slide.
    pub slides: DisplayList,
    /// Slides above their notes, when notes are on.
    pub notes: Option<DisplayList>,
    /// Slide number (1-based) and points of overflow of each slide that does not fit.
    pub overflows: Vec<(usize, f32)>,
}

fn empty_list(height: f32) -> DisplayList {
    DisplayList {
        width: WIDTH,
        height,
        margin: 0.0,
        pages: Vec::new(),
        nodes: Vec::new(),
        outline: Vec::new(),
        scale: 1.0,
        missing: Default::default(),
        overflow: 0.0,
        overflow_share: 0.0,
        content_height: 0.0,
        available: HEIGHT,
    }
}

/// Lays out every slide (and, with `notes`, the presenter pages).
pub(crate) fn lay_out(
    slides: &[SlideContent],
    fonts: &crate::render::pdf::fonts::FontSet,
    style: &Style,
    frame: &layout::Frame,
    notes: bool,
) -> Laid {
    let mut ts = text::Typesetter::new(fonts);
    let mut list = empty_list(HEIGHT);
    let mut presenter = notes.then(|| empty_list(NOTES_HEIGHT));
    let mut overflows = Vec::new();
    for (k, content) in slides.iter().enumerate() {
        let laid = layout::slide(&mut ts, style, content, frame, k + 1);
        if laid.overflow > 0.5 {
            overflows.push((k + 1, laid.overflow));
        }
        if let Some(p) = presenter.as_mut() {
            let copy = layout::LaidSlide {
                items: laid.items.clone(),
                nodes: laid.nodes.clone(),
                title: laid.title.clone(),
                overflow: laid.overflow,
            };
            layout::append(copy, &mut p.pages, &mut p.nodes, &mut p.outline, 0.0);
            notes_below(&mut ts, style, &content.notes, p);
        }
        layout::append(
            laid,
            &mut list.pages,
            &mut list.nodes,
            &mut list.outline,
            0.0,
        );
    }
    list.missing = ts.missing.clone();
    if let Some(p) = presenter.as_mut() {
        p.missing = ts.missing.clone();
    }
    Laid {
        slides: list,
        notes: presenter,
        overflows,
    }
}

/// The notes of the last page of `list`, under its slide.
fn notes_below(ts: &mut text::Typesetter, style: &Style, notes: &str, list: &mut DisplayList) {
    let page: &mut PageItems = list.pages.last_mut().expect("the slide was just appended");
    let border = style.color("border");
    // The slide's edge, so a white slide stands apart from its notes.
    page.items.push(Item::Rect {
        x: 0.0,
        y: HEIGHT,
        w: WIDTH,
        h: 1.5,
        color: border,
    });
    let x = 64.0;
    let w = WIDTH - 2.0 * x;
    let mut y = HEIGHT + 28.0;
    let label = ts.line("Notes", FontStyle::Bold, 13.0, style.color("accent"), None);
    y += label.height + 4.0;
    page.items.extend(label.items.into_iter().map(|mut i| {
        i.shift(x, HEIGHT + 28.0);
        i
    }));
    let text = if notes.trim().is_empty() {
        "(no notes)"
    } else {
        notes.trim()
    };
    list.nodes.push(crate::render::pdf::display::Node {
        kind: NodeKind::Paragraph,
        parent: None,
    });
    let node = list.nodes.len() - 1;
    let spans: Vec<Span> = vec![Span::new(text.replace('\n', " "), FontStyle::Regular)];
    // Long notes shrink to their room, down to 10 pt.
    let mut size: f32 = 18.0;
    let room = NOTES_HEIGHT - y - 24.0;
    let mut lines = ts.wrap(
        &spans,
        size,
        w,
        style.color("text"),
        style.color("accent"),
        Some(node),
    );
    while size > 10.0 && lines.iter().map(|l| l.height).sum::<f32>() > room {
        size -= 1.0;
        lines = ts.wrap(
            &spans,
            size,
            w,
            style.color("text"),
            style.color("accent"),
            Some(node),
        );
    }
    let page: &mut PageItems = list.pages.last_mut().expect("the slide was just appended");
    for line in lines {
        page.items.extend(line.items.into_iter().map(|mut i| {
            i.shift(x, y);
            i
        }));
        y += line.height;
    }
}

/// Renders the deck of page `i` into `path` (and its presenter PDF beside it
/// when the profile asks for notes); returns the warnings (overflowing slides).
pub(crate) fn render_pdfs(
    site: &Site,
    view: &View,
    renderer: &Renderer,
    pdf: &PdfRenderer,
    sink: &dyn Sink,
    i: usize,
    path: &str,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let page = view.page(&site.content, i);
    // A template error in a slide fails the deck's HTML page, rendered with it
    // in every build and rebuild: reported once, there.
    let Ok(slides) = renderer.deck_slides(i) else {
        return Ok(Vec::new());
    };
    let lines: Vec<usize> = slides.iter().map(|s| s.spec.line).collect();
    let (prepared, image_warnings) = prepare(site, view, i, slides)?;
    let (style, fonts, pdf_fonts) = pdf.parts();
    let slide_style = style::load(&site.theme).map_err(|d| vec![d])?;
    let frame = layout::Frame {
        company: &site.config.company,
        mark: view.profile.watermark.as_deref(),
        total: prepared.slides.len(),
        style: slide_style,
    };
    let laid = lay_out(&prepared.slides, fonts, style, &frame, view.profile.notes);
    let globals = match &page.data {
        KindData::Deck(d) => Some(&d.globals),
        _ => None,
    };
    let info = write::Info {
        title: page.meta.title.clone(),
        author: globals
            .and_then(|g| g.author.clone())
            .unwrap_or_else(|| site.config.company.clone()),
        language: globals
            .and_then(|g| g.lang.clone())
            .unwrap_or_else(|| site.config.language.clone()),
        created: site.now.timestamp(),
        description: page
            .meta
            .description
            .clone()
            .unwrap_or_else(|| format!("{}: slides", page.meta.title)),
    };
    let mut warnings: Vec<Diagnostic> = laid
        .overflows
        .iter()
        .map(|(n, by)| {
            Diagnostic::warning(
                &page.file,
                format!(
                    "slide {n} does not fit: {by:.0} pt too tall even at the smallest type ({}%)",
                    (slide_style.min_scale * 100.0).round()
                ),
            )
            .at(lines.get(n - 1).copied().unwrap_or(0), 1)
            .hint("split the slide in two, or shorten it")
        })
        .collect();
    warnings.extend(image_warnings);
    warnings.extend(crate::render::pdf::fonts::missing_warnings(
        &page.file,
        &laid.slides.missing,
    ));
    let write = |list: &DisplayList| {
        write_deck(list, pdf_fonts, &info, &prepared.images)
            .map_err(|e| vec![e.diagnostic(&page.file, &lines)])
    };
    let bytes = write(&laid.slides)?;
    sink.text(path, &laid.slides.text());
    sink.write(path, &bytes).map_err(|d| vec![d])?;
    if let Some(notes) = &laid.notes {
        let notes_path = notes_path(path);
        let bytes = write(notes)?;
        sink.text(&notes_path, &notes.text());
        sink.write(&notes_path, &bytes).map_err(|d| vec![d])?;
    }
    Ok(warnings)
}

/// Why a deck PDF could not be written, and on which slide.
pub(crate) struct WriteError {
    /// The writer's words.
    message: String,
    /// The slide (1-based) that fails on its own, when one does.
    slide: Option<usize>,
}

impl WriteError {
    /// The error at the failing slide's line of `file` (`lines`: each slide's).
    fn diagnostic(&self, file: &Path, lines: &[usize]) -> Diagnostic {
        match self.slide {
            Some(n) => Diagnostic::error(
                file,
                format!(
                    "slide {n}: the deck PDF could not be written: {}",
                    self.message
                ),
            )
            .at(lines.get(n - 1).copied().unwrap_or(0), 1),
            None => Diagnostic::error(
                file,
                format!("the deck PDF could not be written: {}", self.message),
            ),
        }
        .hint("shorten or split that slide to find what the PDF writer refuses, and report it")
    }
}

/// Writes a deck's list; when that fails, writes each slide alone to name
/// the one that fails (a writer's error knows pages, not slides).
pub(crate) fn write_deck(
    list: &DisplayList,
    fonts: &write::PdfFonts,
    info: &write::Info,
    images: &[PdfImage],
) -> Result<Vec<u8>, WriteError> {
    let message = match write::write(list, fonts, info, images) {
        Ok(bytes) => return Ok(bytes),
        Err(e) => e,
    };
    let slide = (0..list.pages.len()).find(|&k| {
        let one = DisplayList {
            pages: vec![list.pages[k].clone()],
            outline: Vec::new(),
            ..list.clone()
        };
        write::write(&one, fonts, info, images).is_err()
    });
    Err(WriteError {
        message,
        slide: slide.map(|k| k + 1),
    })
}

/// `investors/deck.pdf` -> `investors/deck-notes.pdf`.
pub(crate) fn notes_path(path: &str) -> String {
    format!("{}-notes.pdf", path.trim_end_matches(".pdf"))
}

#[cfg(test)]
mod tests;
