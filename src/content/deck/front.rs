//! A deck's front matter: traction's common keys and Marp's global
//! directives, so a Marp deck (`marp: true`) loads as it was written.
//!
//! It repeats the common keys of `kinds::front_matter!` rather than using the
//! macro because a Marp deck need not have a `title:` (Marp takes it from the
//! first heading, and so do we) while every other kind must.

use jiff::civil::Date;
use serde::Deserialize;

use super::marp::{Globals, Look};
use crate::content::kinds::{FieldProblem, IsoDate, Kind, KindData, Meta, Visibility};

fn yes() -> bool {
    true
}

/// `headingDivider: 2` or `headingDivider: [1, 2]`.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(crate) enum HeadingDivider {
    /// Headings of this level and above start a slide.
    Level(u8),
    /// Headings of these levels start a slide.
    Levels(Vec<u8>),
}

/// `math: katex`, or `math: true`.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(crate) enum Switch {
    /// On or off.
    Flag(bool),
    /// A named engine or value.
    Text(String),
}

/// Front matter of a deck (`kind: deck`, or any page with `marp: true`).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeckFront {
    /// Deck title (a Marp deck without one takes its first heading).
    #[serde(default)]
    title: Option<String>,
    /// One-line description for listings, search results and `<meta>`.
    #[serde(default)]
    description: Option<String>,
    /// Publication date.
    #[serde(default)]
    #[schemars(with = "Option<IsoDate>")]
    date: Option<Date>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    draft: bool,
    /// Lower weights sort first.
    #[serde(default)]
    weight: i64,
    /// Last URL segment (default: from the file name).
    #[serde(default)]
    slug: Option<String>,
    /// Template overriding the kind's default.
    #[serde(default)]
    template: Option<String>,
    /// Who may see the deck (default: internal).
    #[serde(default)]
    visibility: Visibility,
    /// Free tags.
    #[serde(default)]
    tags: Vec<String>,
    /// Free map for templates.
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
    /// Whether the body is rendered as a Tera template.
    #[serde(default = "yes")]
    render: bool,
    /// The page's kind (`deck`).
    #[serde(default)]
    #[allow(dead_code)]
    kind: Option<Kind>,
    /// The default kind of a section's pages (only in `_index.md`).
    #[serde(default)]
    page_kind: Option<Kind>,
    #[serde(default)]
    og_image: Option<bool>,
    /// Marp: the file is a Marp deck.
    #[serde(default)]
    marp: bool,
    /// Marp: theme name (the site's theme is used; warned).
    #[serde(default)]
    theme: Option<String>,
    /// Marp: extra CSS (not applied; warned).
    #[serde(default)]
    style: Option<String>,
    /// Marp: headings of these levels start a new slide.
    #[serde(default, rename = "headingDivider")]
    heading_divider: Option<HeadingDivider>,
    /// Marp: slide size (`16:9`; others warned, slides stay 16:9).
    #[serde(default)]
    size: Option<String>,
    /// Marp: math typesetting (not available; warned).
    #[serde(default)]
    math: Option<Switch>,
    /// Marp: author, in the PDF's metadata.
    #[serde(default)]
    author: Option<String>,
    /// Marp: language of the deck (`en`), in the PDF and HTML.
    #[serde(default)]
    lang: Option<String>,
    /// Marp: Open Graph image (the site's own are used; warned).
    #[serde(default)]
    image: Option<String>,
    /// Marp: canonical URL (the profile's `base_url` is used; warned).
    #[serde(default)]
    url: Option<String>,
    /// Marp: keywords (kept as tags).
    #[serde(default)]
    keywords: Option<serde_json::Value>,
    /// Marp: slide transition (not available; warned).
    #[serde(default)]
    transition: Option<String>,
    /// Marp: page numbers on every slide.
    #[serde(default)]
    paginate: Option<bool>,
    /// Marp: text at the top of every slide.
    #[serde(default)]
    header: Option<String>,
    /// Marp: text at the bottom of every slide.
    #[serde(default)]
    footer: Option<String>,
    /// Marp: class of every slide (`lead`, `invert`).
    #[serde(default)]
    class: Option<String>,
    /// Marp: background colour of every slide.
    #[serde(default, rename = "backgroundColor")]
    background_color: Option<String>,
    /// Marp: CSS background image of every slide (`url(...)`).
    #[serde(default, rename = "backgroundImage")]
    background_image: Option<String>,
    /// Marp: CSS background position.
    #[serde(default, rename = "backgroundPosition")]
    background_position: Option<String>,
    /// Marp: CSS background repeat.
    #[serde(default, rename = "backgroundRepeat")]
    background_repeat: Option<String>,
    /// Marp: CSS background size.
    #[serde(default, rename = "backgroundSize")]
    background_size: Option<String>,
    /// Marp: text colour of every slide.
    #[serde(default)]
    color: Option<String>,
}

impl DeckFront {
    /// Splits into common fields and kind data (slides are read from the body
    /// later); a Marp deck without a `title:` is titled by its first heading,
    /// else by its file name (`rel`), as Marp tools do.
    pub(crate) fn into_parts(
        mut self,
        rel: &str,
        body: &str,
    ) -> (Meta, KindData, Vec<FieldProblem>) {
        if self.marp && self.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
            let stem = rel.rsplit('/').next().unwrap_or(rel);
            let stem = stem.trim_end_matches(".md").to_string();
            self.title = Some(super::first_heading(body).unwrap_or(stem));
        }
        if let Some(words) = self.keywords.take() {
            let words: Vec<String> = match words {
                serde_json::Value::String(s) => {
                    s.split(',').map(|w| w.trim().to_string()).collect()
                }
                serde_json::Value::Array(a) => a
                    .into_iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            };
            self.tags
                .extend(words.into_iter().filter(|w| !w.is_empty()));
        }
        let meta = Meta {
            title: self.title.unwrap_or_default(),
            description: self.description,
            date: self.date,
            draft: self.draft,
            weight: self.weight,
            slug: self.slug,
            template: self.template,
            visibility: self.visibility,
            tags: self.tags,
            extra: self.extra,
            render: self.render,
            page_kind: self.page_kind,
            og_image: self.og_image,
        };
        let divider = match self.heading_divider {
            Some(HeadingDivider::Level(n)) => (1..=n.min(6)).collect(),
            Some(HeadingDivider::Levels(l)) => l,
            None => Vec::new(),
        };
        let globals = Globals {
            marp: self.marp,
            theme: self.theme,
            style: self.style.is_some(),
            heading_divider: divider,
            size: self.size,
            math: self.math.is_some_and(|m| !matches!(m, Switch::Flag(false))),
            author: self.author,
            lang: self.lang,
            image: self.image.is_some(),
            url: self.url.is_some(),
            transition: self.transition,
            look: Look {
                paginate: self.paginate,
                header: self.header,
                footer: self.footer,
                class: self.class,
                background_color: self.background_color,
                background_image: self.background_image,
                background_position: self.background_position,
                background_repeat: self.background_repeat,
                background_size: self.background_size,
                color: self.color,
            },
        };
        let deck = super::Deck {
            slides: Vec::new(),
            globals,
        };
        (meta, KindData::Deck(Box::new(deck)), Vec::new())
    }
}
