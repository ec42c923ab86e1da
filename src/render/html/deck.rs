//! A deck's slides through the template engine: each slide is templated on
//! its own (split before templating, so a value that prints `---` cannot cut
//! a slide), then joined into the HTML slide view's Markdown.

use std::time::Instant;

mod marp;

use tera::{Context, Value};

use super::{Failure, Renderer, has_template_syntax, overrun_error};
use crate::content::deck::marp::Look;
use crate::content::deck::{self, COLUMN_BREAK, Layout, SlideSpec};
use crate::diagnostics::Diagnostic;

/// One slide after templating.
#[derive(Debug, Clone)]
pub(crate) struct TemplatedSlide {
    /// Layout and directives, as loaded.
    pub spec: SlideSpec,
    /// Markdown (column breaks kept as `deck::COLUMN_BREAK`).
    pub body: String,
    /// Speaker notes, templated too.
    pub notes: String,
    /// Marp's local directives on this slide.
    pub look: Look,
    /// Whether the deck is a Marp deck (`marp: true`).
    pub marp: bool,
}

impl Renderer<'_> {
    /// Page `i`'s slides, templated, as the profile shows them.
    pub(crate) fn deck_slides(&self, i: usize) -> Result<Vec<TemplatedSlide>, Vec<Diagnostic>> {
        let value = self.env.page_values[i]
            .as_ref()
            .map(Value::from_serializable);
        let ctx = self.page_context(i, value);
        self.templated_slides(i, &ctx, Instant::now())
    }

    fn templated_slides(
        &self,
        i: usize,
        ctx: &Context,
        started: Instant,
    ) -> Result<Vec<TemplatedSlide>, Vec<Diagnostic>> {
        // Directives come from the page as loaded (they name files and layouts);
        // the text from the page as this profile shows it (names anonymised).
        let crate::content::KindData::Deck(loaded) = &self.site.content.pages[i].data else {
            return Ok(Vec::new());
        };
        let page = self.view.page(&self.site.content, i);
        // The globals as the profile shows them: a header or footer may name someone.
        let globals = match &page.data {
            crate::content::KindData::Deck(shown) => &shown.globals,
            _ => &loaded.globals,
        };
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for (spec, text) in loaded.slides.iter().zip(deck::slides(&page.body, globals)) {
            let template = |t: &str| -> Result<String, Vec<Diagnostic>> {
                if !page.meta.render || !has_template_syntax(t) {
                    return Ok(t.to_string());
                }
                // Padded to the slide's line in the body: Tera's line numbers
                // are then the body's, as for any page.
                let padded = "\n".repeat(text.first_line - 1) + t;
                self.within_budget(started, ctx.clone(), String::new(), Some(padded))
                    .map(|s| s.trim_start_matches('\n').to_string())
                    .map_err(|e| match e {
                        Failure::Template(e) => vec![self.body_error(i, &e)],
                        Failure::Overrun(o) => vec![
                            overrun_error(&page.file, o, &self.site.config.limits).at(spec.line, 1),
                        ],
                    })
            };
            let body = template(&text.body);
            let notes = template(&text.notes);
            match (body, notes) {
                (Ok(body), Ok(notes)) => out.push(TemplatedSlide {
                    spec: spec.clone(),
                    body,
                    notes,
                    look: text.look.clone(),
                    marp: globals.marp,
                }),
                (b, n) => {
                    errors.extend(b.err().unwrap_or_default());
                    errors.extend(n.err().unwrap_or_default());
                }
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// The slide view's Markdown: each slide a `<section>` (a CommonMark HTML
    /// block, so the Markdown inside still renders), quotes and charts added.
    pub(super) fn deck_markdown(
        &self,
        i: usize,
        ctx: &Context,
        started: Instant,
    ) -> Result<String, Vec<Diagnostic>> {
        let slides = self.templated_slides(i, ctx, started)?;
        let page = self.view.page(&self.site.content, i);
        let charts = crate::render::charts::for_view(self.site, self.view);
        let total = slides.len();
        let mut md = String::new();
        let mut errors = Vec::new();
        for (n, slide) in slides.iter().enumerate() {
            let n = n + 1;
            let layout = slide.spec.layout.name();
            let marp = marp::Slide::of(slide, &page.rel);
            md.push_str(&format!(
                "<section class=\"slide slide-{layout}{}\" id=\"slide-{n}\" aria-label=\"Slide {n} of {total}\" data-slide=\"{n}\"{}>\n\n",
                marp.classes, marp.style
            ));
            md.push_str(&marp.before);
            let body = marp.body.as_str();
            match body.split_once(COLUMN_BREAK) {
                Some((left, right)) if slide.spec.layout == Layout::TwoColumns => {
                    // The title stays above both columns.
                    let (title, left) = split_title(left);
                    md.push_str(title);
                    md.push_str(
                        "\n\n<div class=\"slide-columns\">\n\n<div class=\"slide-col\">\n\n",
                    );
                    md.push_str(left);
                    md.push_str("\n\n</div>\n\n<div class=\"slide-col\">\n\n");
                    md.push_str(right);
                    md.push_str("\n\n</div>\n\n</div>\n\n");
                }
                _ => {
                    md.push_str(&body.replace(COLUMN_BREAK, ""));
                    md.push_str("\n\n");
                }
            }
            if let Some((name, line)) = &slide.spec.quote {
                match crate::render::deck::quote_for(self.site, self.view, name) {
                    Ok(q) => md.push_str(&format!(
                        "<figure class=\"slide-quote\"><blockquote><p>{}</p></blockquote><figcaption>{}</figcaption></figure>\n\n",
                        escape(&q.text),
                        escape(&q.credit)
                    )),
                    Err(why) => errors.push(
                        Diagnostic::error(&page.file, why.message)
                            .at(*line, 1)
                            .expected(why.expected),
                    ),
                }
            }
            if let Some(name) = &slide.spec.chart {
                match charts.get(name).and_then(|c| c.as_str()) {
                    Some(svg) => md.push_str(&format!(
                        "<figure class=\"slide-chart\">{}</figure>\n\n",
                        svg.replace('\n', " ")
                    )),
                    None => errors.push(
                        crate::render::deck::unpublished_chart(
                            &page.file,
                            &self.view.profile,
                            name,
                        )
                        .at(slide.spec.line, 1),
                    ),
                }
            }
            // Printed slides carry the profile's mark, as the PDF's do (the page's
            // band is left out of print: it would take a page of its own).
            if let Some(mark) = &self.view.profile.watermark {
                md.push_str(&format!(
                    "<p class=\"slide-mark\" aria-hidden=\"true\">{}</p>\n\n",
                    escape(mark)
                ));
            }
            md.push_str(&marp.after(n));
            md.push_str("</section>\n\n");
        }
        if errors.is_empty() {
            Ok(md)
        } else {
            Err(errors)
        }
    }
}

/// The slide's first heading line (if the text starts with one) and the rest.
fn split_title(text: &str) -> (&str, &str) {
    let trimmed = text.trim_start();
    if trimmed.starts_with('#') {
        let end = trimmed.find('\n').unwrap_or(trimmed.len());
        (&trimmed[..end], &trimmed[end..])
    } else {
        ("", text)
    }
}

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
