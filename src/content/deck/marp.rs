//! Marp's directives (<https://marpit.marp.app/directives>) as traction reads
//! them: which are honoured, which have no equivalent here (a warning, once
//! per deck, never an error), and how local directives carry from slide to
//! slide (`paginate: false` holds until changed; `_paginate: false` only on
//! its own slide).

use std::collections::BTreeMap;

/// Local directives: they style their slide and every slide after it.
pub(crate) const LOCAL: [&str; 10] = [
    "paginate",
    "header",
    "footer",
    "class",
    "backgroundColor",
    "backgroundImage",
    "backgroundPosition",
    "backgroundRepeat",
    "backgroundSize",
    "color",
];

/// Global directives: they describe the whole deck, wherever written.
pub(crate) const GLOBAL: [&str; 13] = [
    "marp",
    "theme",
    "style",
    "headingDivider",
    "size",
    "math",
    "title",
    "author",
    "description",
    "image",
    "keywords",
    "url",
    "lang",
];

/// Directives Marp tools add that traction does not draw.
pub(crate) const OTHER: [&str; 1] = ["transition"];

/// What a slide looks like after its local directives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Look {
    /// Page number in the footer (`None`: the deck's default).
    pub paginate: Option<bool>,
    /// Text at the top.
    pub header: Option<String>,
    /// Text at the bottom.
    pub footer: Option<String>,
    /// Classes, space separated (`lead`, `invert`).
    pub class: Option<String>,
    /// CSS colour of the background.
    pub background_color: Option<String>,
    /// CSS background image (`url(...)`).
    pub background_image: Option<String>,
    /// CSS background position.
    pub background_position: Option<String>,
    /// CSS background repeat.
    pub background_repeat: Option<String>,
    /// CSS background size.
    pub background_size: Option<String>,
    /// CSS colour of the text.
    pub color: Option<String>,
}

impl Look {
    /// Sets local directive `key` (without `_`) to `value`; false when `key` is not one.
    pub(crate) fn set(&mut self, key: &str, value: &str) -> bool {
        let text = || {
            let v = value.trim().trim_matches(['"', '\'']).to_string();
            (!v.is_empty()).then_some(v)
        };
        match key {
            "paginate" => self.paginate = Some(value.trim() != "false"),
            "header" => self.header = text(),
            "footer" => self.footer = text(),
            "class" => self.class = text(),
            "backgroundColor" => self.background_color = text(),
            "backgroundImage" => self.background_image = text(),
            "backgroundPosition" => self.background_position = text(),
            "backgroundRepeat" => self.background_repeat = text(),
            "backgroundSize" => self.background_size = text(),
            "color" => self.color = text(),
            _ => return false,
        }
        true
    }

    /// Whether the slide has class `name`.
    pub(crate) fn has_class(&self, name: &str) -> bool {
        self.class
            .as_deref()
            .is_some_and(|c| c.split_whitespace().any(|w| w == name))
    }

    /// The texts people read (anonymisation and the audit walk them).
    pub(crate) fn texts_mut(&mut self) -> impl Iterator<Item = &mut String> {
        [&mut self.header, &mut self.footer].into_iter().flatten()
    }

    /// The texts people read.
    pub(crate) fn texts(&self) -> impl Iterator<Item = &String> {
        [&self.header, &self.footer].into_iter().flatten()
    }
}

/// A deck's global directives, from its front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Globals {
    /// `marp: true`: Marp's conventions (comments are notes, no page numbers unless asked).
    pub marp: bool,
    /// Marp theme asked for.
    pub theme: Option<String>,
    /// Whether custom CSS was given.
    pub style: bool,
    /// Heading levels that start a slide.
    pub heading_divider: Vec<u8>,
    /// Slide size asked for.
    pub size: Option<String>,
    /// Whether math was asked for.
    pub math: bool,
    /// Author, for the PDF's metadata.
    pub author: Option<String>,
    /// Language, for the PDF and HTML.
    pub lang: Option<String>,
    /// Whether an Open Graph image was given.
    pub image: bool,
    /// Whether a canonical URL was given.
    pub url: bool,
    /// Transition asked for.
    pub transition: Option<String>,
    /// Local directives set for every slide.
    pub look: Look,
}

/// Why a directive has no effect, or `None` when traction honours it.
pub(crate) fn unsupported(key: &str, value: &str) -> Option<String> {
    let value = value.trim().trim_matches(['"', '\'']);
    Some(match key {
        "theme" if matches!(value, "" | "default") => return None,
        "theme" => format!(
            "Marp theme `{value}` is not available: slides use the site's theme (themes/<name>/static/css/deck.css)"
        ),
        "style" => {
            "custom CSS (`style:`) is not applied: style slides in the theme's css/deck.css".into()
        }
        "size" if matches!(value, "" | "16:9") => return None,
        "size" => format!("slide size `{value}` is not available: slides are 16:9 (960 x 540 pt)"),
        "math" if matches!(value, "" | "false") => return None,
        "math" => "math typesetting (`math:`) is not available: formulas show as written".into(),
        "image" => "`image:` is not used: Open Graph images come from `og_image:`".into(),
        "url" => "`url:` is not used: links come from the profile's `base_url`".into(),
        "transition" => "slide transitions (`transition:`) are not available".into(),
        "headingDivider" => {
            "`headingDivider` in a comment is not read: set it in the front matter".into()
        }
        _ => return None,
    })
}

/// Warnings of one deck, one per directive name, at the first place it is written.
#[derive(Debug, Default)]
pub(crate) struct Once {
    seen: BTreeMap<String, (usize, usize, String)>,
}

impl Once {
    /// Records `message` for `key` at (`line`, `column`) unless `key` already has one.
    pub(crate) fn warn(&mut self, key: &str, line: usize, column: usize, message: String) {
        self.seen
            .entry(key.to_string())
            .or_insert((line, column, message));
    }

    /// The warnings, in the order of their lines.
    pub(crate) fn into_warnings(
        self,
        file: &std::path::Path,
        source: &str,
    ) -> Vec<crate::diagnostics::Diagnostic> {
        let mut all: Vec<(usize, usize, String)> = self.seen.into_values().collect();
        all.sort();
        all.into_iter()
            .map(|(line, column, message)| {
                crate::diagnostics::Diagnostic::warning(file, message)
                    .at(line, column)
                    .with_source(source)
                    .hint("see the Marp section of docs/CONTENT.md for what maps and what warns")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_directives_set_their_field_and_others_are_refused() {
        let mut look = Look::default();
        assert!(look.set("paginate", "false"));
        assert!(look.set("class", "lead invert"));
        assert!(look.set("backgroundColor", "\"#123456\""));
        assert!(!look.set("theme", "gaia"));
        assert_eq!(look.paginate, Some(false));
        assert!(look.has_class("invert") && !look.has_class("lea"));
        assert_eq!(look.background_color.as_deref(), Some("#123456"));
    }

    #[test]
    fn only_what_has_no_equivalent_is_unsupported() {
        assert!(unsupported("theme", "default").is_none());
        assert!(unsupported("theme", "gaia").unwrap().contains("gaia"));
        assert!(unsupported("size", "16:9").is_none());
        assert!(unsupported("size", "4:3").is_some());
        assert!(unsupported("paginate", "true").is_none());
    }
}
