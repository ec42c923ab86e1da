//! Decks (`kind: deck`, or any page with `marp: true`): a page whose body is
//! a run of slides.
//!
//! Slides are split in the source, before templating (a template that prints
//! `---` must not be able to cut a slide in two), at every thematic break
//! CommonMark reads, as Marp does ([`split`]). A slide may carry directive
//! comments on lines of their own (`<!-- layout: quote -->`, `<!-- column -->`,
//! `<!-- notes: ... -->`, Marp's `<!-- _class: lead -->`; `comments.rs`).
//! Loading checks them all, so a typo in a traction deck is an error at its
//! line and column, and a Marp directive traction cannot honour is a warning,
//! once per deck (`marp.rs`); rendering splits the body again (as the profile
//! shows it, names anonymised) with [`slides`].

mod comments;
pub(crate) mod front;
pub(crate) mod marp;

pub(crate) use front::DeckFront;
use marp::{Globals, Look, Once};

use crate::diagnostics::{Diagnostic, did_you_mean};

/// Slide layouts, as written after `layout:`.
pub(crate) const LAYOUTS: [&str; 10] = [
    "title",
    "section",
    "bullets",
    "big-numbers",
    "chart",
    "quote",
    "two-columns",
    "table",
    "image",
    "closing",
];

/// Directive names a slide may carry.
pub(crate) const DIRECTIVES: [&str; 5] = ["layout", "chart", "quote", "column", "notes"];

/// Charts a chart slide can draw (the names of the `charts` template global).
pub(crate) const CHARTS: [&str; 2] = ["arr_by_customer", "pipeline"];

/// More slides than any talk has: a generated body past this is a mistake.
const MAX_SLIDES: usize = 1000;

/// The marker left in a slide's text where its second column starts.
pub(crate) const COLUMN_BREAK: &str = "<!-- column -->";

/// How a slide is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Layout {
    /// Opening slide: big title on the brand colour.
    Title,
    /// Divider between parts.
    Section,
    /// Title and text, lists or a table.
    Bullets,
    /// KPI tiles: one per list item, value in bold.
    BigNumbers,
    /// A chart of the site's data.
    Chart,
    /// A customer's quote from a case study.
    Quote,
    /// Two columns split at `<!-- column -->`.
    TwoColumns,
    /// A table, large.
    Table,
    /// One image, as large as fits.
    Image,
    /// Last slide: thanks and contact.
    Closing,
}

impl Layout {
    /// The name written in `layout:`.
    pub(crate) fn name(self) -> &'static str {
        LAYOUTS[self as usize]
    }

    fn parse(name: &str) -> Option<Layout> {
        use Layout::*;
        let all = [
            Title, Section, Bullets, BigNumbers, Chart, Quote, TwoColumns, Table, Image, Closing,
        ];
        all.into_iter().find(|l| l.name() == name)
    }
}

/// What loading learnt about one slide.
#[derive(Debug, Clone, PartialEq)]
pub struct SlideSpec {
    /// Line of the file where the slide starts.
    pub line: usize,
    /// Layout (default: `title` for the first slide, `bullets` after).
    pub layout: Layout,
    /// Chart to draw (`chart` layout).
    pub chart: Option<String>,
    /// Case study to quote, as written, with the file line of the directive.
    pub quote: Option<(String, usize)>,
}

/// A deck's slides as loaded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Deck {
    /// Slides in order.
    pub slides: Vec<SlideSpec>,
    /// Directives of the front matter (Marp's globals, and locals for every slide).
    pub globals: Globals,
}

/// One slide's text, ready to template: directive lines blanked (so template
/// errors keep their line), column breaks kept as [`COLUMN_BREAK`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SlideText {
    /// Line of the body (1-based) where the slide starts.
    pub first_line: usize,
    /// Markdown and template text of the slide.
    pub body: String,
    /// Speaker notes.
    pub notes: String,
    /// Marp's local directives as they apply to this slide.
    pub look: Look,
}

/// Splits a deck body into slides: (first line, 0-based, and text of each).
/// Slides end at every thematic break CommonMark sees outside containers
/// (pulldown-cmark's `Event::Rule`, as Marp splits: `---` after a list item or
/// a closing fence too, never inside a fence, and not under a paragraph line,
/// where it makes a heading), and before headings of a `divider` level.
pub(crate) fn split<'a>(body: &'a str, divider: &[u8]) -> Vec<(usize, &'a str)> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut content_since_cut = false;
    let parser = Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES);
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Rule if depth == 0 => {
                // The slide resumes on the line after the rule.
                let end = body[range.start..]
                    .find('\n')
                    .map_or(body.len(), |k| range.start + k + 1);
                cuts.push((range.start, end));
                content_since_cut = false;
            }
            Event::Start(Tag::Heading { level, .. })
                if depth == 0 && content_since_cut && divider.contains(&(level as u8)) =>
            {
                cuts.push((range.start, range.start));
                depth += 1;
            }
            Event::Start(Tag::HtmlBlock) => depth += 1,
            Event::Start(_) => {
                if depth == 0 {
                    content_since_cut = true;
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => content_since_cut = true,
            _ => {}
        }
    }
    let line_of = |offset: usize| body[..offset].matches('\n').count();
    let mut slides = Vec::new();
    let mut start = 0;
    for (cut, resume) in cuts {
        slides.push((line_of(start), &body[start..cut]));
        start = resume;
    }
    slides.push((line_of(start), &body[start..]));
    // Leading blank slides (a body opening with `---`) are not slides.
    slides.retain(|(_, text)| !text.trim().is_empty());
    slides
}

/// Where a deck's text is: the file, the whole page (to locate errors), the
/// front matter and the body with the file lines they start on.
pub(crate) struct Input<'a> {
    pub file: &'a std::path::Path,
    pub source: &'a str,
    pub front: &'a str,
    pub front_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Checks every slide of a deck body and learns its layout and directives;
/// returns the deck and its warnings (a Marp directive traction cannot honour,
/// once per deck).
pub(crate) fn parse(
    input: &Input,
    globals: Globals,
) -> Result<(Deck, Vec<Diagnostic>), Vec<Diagnostic>> {
    let Input {
        file,
        source,
        body,
        body_line,
        ..
    } = *input;
    let mut errors = Vec::new();
    let mut once = Once::default();
    front_warnings(input, &globals, &mut once);
    let mut slides = Vec::new();
    let parts = split(body, &globals.heading_divider);
    if parts.is_empty() {
        return Err(vec![
            Diagnostic::error(file, "the deck has no slides")
                .at(body_line, 1)
                .with_source(source)
                .expected("Markdown slides separated by a `---` line")
                .hint("start with `# Title`, then a blank line, `---`, and the next slide"),
        ]);
    }
    if parts.len() > MAX_SLIDES {
        return Err(vec![
            Diagnostic::error(
                file,
                format!(
                    "the deck has {} slides, more than {MAX_SLIDES}",
                    parts.len()
                ),
            )
            .at(body_line, 1)
            .hint("split it into several decks"),
        ]);
    }
    let mut inherited = globals.look.clone();
    for (k, (first, text)) in parts.iter().enumerate() {
        let line_of = |n: usize| body_line + first + n;
        let err = |n: usize, col: usize, message: String| {
            Diagnostic::error(file, message)
                .at(line_of(n), col)
                .with_source(source)
        };
        let read = match comments::read(text, globals.marp) {
            Ok(read) => read,
            Err(n) => {
                errors.push(
                    err(
                        n,
                        1,
                        format!("slide {}: the comment is never closed", k + 1),
                    )
                    .expected("`-->` at the end of the comment"),
                );
                continue;
            }
        };
        for s in &read.suspects {
            once.warn(
                &s.key,
                line_of(s.line),
                s.column,
                format!(
                    "slide {}: `{}` is not a directive, so the comment is a speaker note (did you mean `{}`?)",
                    k + 1,
                    s.key,
                    s.meant
                ),
            );
        }
        let look = look_of(&read.directives, &mut inherited);
        let mut spec = SlideSpec {
            line: line_of(0),
            layout: match (k, globals.marp) {
                (_, true) if look.has_class("lead") && k == 0 => Layout::Title,
                (_, true) if look.has_class("lead") => Layout::Section,
                (0, false) => Layout::Title,
                _ => Layout::Bullets,
            },
            chart: None,
            quote: None,
        };
        let mut layout_line = None;
        for d in &read.directives {
            let bare = d.key.strip_prefix('_').unwrap_or(&d.key);
            match d.key.as_str() {
                "layout" => {
                    if layout_line.is_some() {
                        errors.push(
                            err(
                                d.line,
                                d.key_col,
                                format!("slide {}: a second `layout:` directive", k + 1),
                            )
                            .hint("a slide has one layout; remove one of the two"),
                        );
                    }
                    layout_line = Some(d.line);
                    match Layout::parse(&d.value) {
                        Some(l) => spec.layout = l,
                        None => errors.push(unknown(
                            err(
                                d.line,
                                d.value_col,
                                format!("slide {}: unknown layout `{}`", k + 1, d.value),
                            ),
                            &d.value,
                            &LAYOUTS,
                        )),
                    }
                }
                "chart" => {
                    if CHARTS.contains(&d.value.as_str()) {
                        spec.chart = Some(d.value.clone());
                    } else {
                        errors.push(unknown(
                            err(
                                d.line,
                                d.value_col,
                                format!("slide {}: unknown chart `{}`", k + 1, d.value),
                            ),
                            &d.value,
                            &CHARTS,
                        ));
                    }
                }
                "quote" => {
                    if d.value.is_empty() {
                        errors.push(
                            err(
                                d.line,
                                d.key_col,
                                format!("slide {}: `quote:` names no case study", k + 1),
                            )
                            .expected(
                                "the file name of a case study, e.g. `quote: northwind-logistics`",
                            ),
                        );
                    } else {
                        spec.quote = Some((d.value.clone(), line_of(d.line)));
                    }
                }
                "column" | "notes" => {}
                _ if marp::LOCAL.contains(&bare) => {
                    if bare == "paginate" && !matches!(d.value.as_str(), "true" | "false") {
                        errors.push(
                            err(
                                d.line,
                                d.value_col,
                                format!("slide {}: `{}: {}`", k + 1, d.key, d.value),
                            )
                            .expected("`true` or `false`"),
                        );
                    }
                }
                key if comments::is_known(key) => {
                    let message = marp::unsupported(key, &d.value).unwrap_or_else(|| {
                        format!("the global directive `{key}` is read only from the front matter")
                    });
                    once.warn(key, line_of(d.line), d.key_col, message);
                }
                other => errors.push(unknown(
                    err(
                        d.line,
                        d.key_col,
                        format!("slide {}: unknown directive `{other}`", k + 1),
                    ),
                    other,
                    &DIRECTIVES,
                )),
            }
        }
        let needs = |what: &str| {
            err(
                layout_line.unwrap_or(0),
                1,
                format!(
                    "slide {}: layout `{}` needs a `{what}:` directive",
                    k + 1,
                    spec.layout.name()
                ),
            )
        };
        if spec.layout == Layout::Chart && spec.chart.is_none() {
            errors.push(needs("chart").expected(format!(
                "`<!-- chart: NAME -->`, NAME one of {}",
                CHARTS.join(", ")
            )));
        }
        if spec.layout == Layout::Quote && spec.quote.is_none() {
            errors.push(
                needs("quote").expected("`<!-- quote: CASE-STUDY -->`, the case study's file name"),
            );
        }
        slides.push(spec);
    }
    if errors.is_empty() {
        let warnings = once.into_warnings(file, source);
        Ok((Deck { slides, globals }, warnings))
    } else {
        Err(errors)
    }
}

/// Parses the slides of page `file` (text `source`, split in `split`) into
/// `deck`, whose globals the front matter set, adding its warnings and errors
/// to the page's.
pub(crate) fn load(
    file: &std::path::Path,
    source: &str,
    split: &super::front_matter::Split,
    deck: &mut Deck,
    warnings: &mut Vec<Diagnostic>,
    errors: &mut Vec<Diagnostic>,
) {
    let input = Input {
        file,
        source,
        front: split.front.unwrap_or(""),
        front_line: split.front_line,
        body: split.body,
        body_line: split.body_line,
    };
    match parse(&input, std::mem::take(&mut deck.globals)) {
        Ok((parsed, w)) => {
            *deck = parsed;
            warnings.extend(w);
        }
        Err(e) => errors.extend(e),
    }
}

/// Warnings for the front matter's directives that have no equivalent here.
fn front_warnings(input: &Input, globals: &Globals, once: &mut Once) {
    let at = |key: &str| {
        crate::yaml::key_line(input.front, key)
            .map_or(input.front_line, |l| l + input.front_line - 1)
    };
    let mut warn = |key: &str, value: &str| {
        if let Some(message) = marp::unsupported(key, value) {
            once.warn(key, at(key), 1, message);
        }
    };
    warn("theme", globals.theme.as_deref().unwrap_or(""));
    warn("size", globals.size.as_deref().unwrap_or(""));
    warn("math", if globals.math { "true" } else { "" });
    if let Some(t) = &globals.transition {
        warn("transition", t);
    }
    for (key, given) in [
        ("style", globals.style),
        ("image", globals.image),
        ("url", globals.url),
    ] {
        if given {
            warn(key, "given");
        }
    }
}

/// The look of a slide: the inherited directives, then its own (plain ones
/// carry on to the next slides, `_` spot ones stay on this one).
fn look_of(directives: &[comments::Directive], inherited: &mut Look) -> Look {
    for d in directives {
        inherited.set(&d.key, &d.value);
    }
    let mut look = inherited.clone();
    for d in directives {
        if let Some(bare) = d.key.strip_prefix('_') {
            look.set(bare, &d.value);
        }
    }
    look
}

fn unknown(d: Diagnostic, word: &str, known: &[&'static str]) -> Diagnostic {
    let d = d.expected(format!("one of {}", known.join(", ")));
    match did_you_mean(word, known.iter().copied().chain(comments::known_names())) {
        Some(best) => d.hint(format!("did you mean `{best}`?")),
        None => d.hint("see the directive table in docs/TEMPLATES.md"),
    }
}

/// The text of the first heading of a body (a Marp deck's title when it has no `title:`).
pub(crate) fn first_heading(body: &str) -> Option<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut title: Option<String> = None;
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Heading { .. }) => title = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(s) = title.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(s) = title.as_mut() {
                    s.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                return title
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty());
            }
            _ => {}
        }
    }
    None
}

/// The slides of a body as a profile shows it (checked when it was loaded):
/// text to template, with directives removed, notes apart, and each slide's
/// look from `globals` (the page's as the profile shows it) and its comments.
pub(crate) fn slides(body: &str, globals: &Globals) -> Vec<SlideText> {
    let mut inherited = globals.look.clone();
    split(body, &globals.heading_divider)
        .into_iter()
        .map(|(first, text)| match comments::read(text, globals.marp) {
            Ok(read) => SlideText {
                first_line: first + 1,
                look: look_of(&read.directives, &mut inherited),
                body: read.body,
                notes: read.notes,
            },
            Err(_) => SlideText {
                first_line: first + 1,
                body: text.to_string(),
                notes: String::new(),
                look: inherited.clone(),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_body(body: &str) -> Result<Deck, Vec<Diagnostic>> {
        parse_with(body, Globals::default()).map(|(deck, _)| deck)
    }

    fn parse_with(
        body: &str,
        globals: Globals,
    ) -> Result<(Deck, Vec<Diagnostic>), Vec<Diagnostic>> {
        let input = Input {
            file: Path::new("content/investors/deck.md"),
            source: body,
            front: "",
            front_line: 1,
            body,
            body_line: 1,
        };
        parse(&input, globals)
    }

    fn slides(body: &str) -> Vec<SlideText> {
        super::slides(body, &Globals::default())
    }

    #[test]
    fn slides_split_at_a_rule_after_a_blank_line_outside_code_fences() {
        let body = "# One\n\n---\n\n## Two\ntext\n---\n\n```\n\n---\n```\n\n---\n# Three\n";
        let parts = split(body, &[]);
        let texts: Vec<&str> = parts.iter().map(|(_, t)| t.trim()).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[0].starts_with("# One"));
        // `text` + `---` is a heading, and a fenced `---` is code: no split.
        assert!(texts[1].contains("text\n---") && texts[1].contains("```\n\n---\n```"));
        assert_eq!(texts[2], "# Three");
        assert_eq!(parts[2].0, 14);
    }

    #[test]
    fn marp_slides_split_after_a_list_item_and_a_closing_fence_and_at_every_break() {
        let body = "# One\n\n- item\n---\n\n```\ncode\n```\n***\n\n## Three\n___\n\n## Four\n- - -\n\n## Five\n";
        let texts: Vec<String> = split(body, &[])
            .iter()
            .map(|(_, t)| t.trim().to_string())
            .collect();
        assert_eq!(texts.len(), 5, "{texts:?}");
        assert_eq!(texts[0], "# One\n\n- item");
        assert_eq!(texts[1], "```\ncode\n```");
        assert_eq!(texts[4], "## Five");
        // headingDivider 2: level 1 and 2 headings start slides, level 3 does not.
        let texts: Vec<(usize, &str)> = split("# A\ntext\n## B\n### C\n", &[1, 2]);
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert_eq!(texts[1], (2, "## B\n### C\n"));
    }

    #[test]
    fn a_marp_directive_without_equivalent_warns_once_per_deck() {
        let globals = Globals {
            marp: true,
            ..Globals::default()
        };
        let body = "# A\n\n<!-- transition: fade -->\n\n---\n\n<!-- transition: cover -->\n## B\n\n<!-- Say hi. -->\n";
        let (deck, warnings) = parse_with(body, globals).unwrap();
        assert_eq!(deck.slides.len(), 2);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("transition"), "{warnings:?}");
        assert_eq!(warnings[0].line, 3);
        // A comment that is not a directive is a note in a Marp deck.
        let marp = Globals {
            marp: true,
            ..Globals::default()
        };
        assert_eq!(super::slides(body, &marp)[1].notes, "Say hi.");
    }

    #[test]
    fn directives_set_the_layout_and_notes_leave_the_text() {
        let body = "# Deck\n\n---\n\n<!-- layout: big-numbers -->\n<!-- notes: say\nthe ARR twice -->\n## Numbers\n\n- **$1** ARR\n";
        let deck = parse_body(body).unwrap();
        assert_eq!(deck.slides[0].layout, Layout::Title);
        assert_eq!(deck.slides[1].layout, Layout::BigNumbers);
        assert_eq!(deck.slides[1].line, 4);
        let slides = slides(body);
        assert_eq!(slides[1].notes, "say\nthe ARR twice");
        assert!(!slides[1].body.contains("notes") && !slides[1].body.contains("layout"));
        // Lines are kept, so template errors point at the right line.
        assert_eq!(
            slides[1].body.lines().position(|l| l == "## Numbers"),
            body.split("---\n")
                .nth(1)
                .unwrap()
                .lines()
                .position(|l| l == "## Numbers")
        );
    }

    #[test]
    fn an_unknown_layout_is_located_with_a_suggestion() {
        let body = "# Deck\n\n---\n\n<!-- layout: big-number -->\n## N\n";
        let errors = parse_body(body).unwrap_err();
        assert_eq!(errors.len(), 1);
        let e = &errors[0];
        assert_eq!((e.line, e.column), (5, 14));
        assert!(e.message.contains("slide 2") && e.message.contains("big-number"));
        assert!(e.hint.as_deref().unwrap().contains("big-numbers"));
    }

    #[test]
    fn an_unknown_directive_is_located_with_a_suggestion() {
        let body = "# Deck\n\n---\n\n  <!-- layuot: quote -->\n";
        let e = &parse_body(body).unwrap_err()[0];
        assert_eq!((e.line, e.column), (5, 8));
        assert!(e.hint.as_deref().unwrap().contains("`layout`"));
    }

    #[test]
    fn plain_comments_and_fenced_comments_are_not_directives() {
        let body = "# Deck\n\n<!-- just a note to self, not shown -->\n\n```\n<!-- layout: nope -->\n```\n";
        let deck = parse_body(body).unwrap();
        assert_eq!(deck.slides.len(), 1);
    }

    #[test]
    fn a_chart_slide_must_name_its_chart_and_a_quote_slide_its_case_study() {
        let errors =
            parse_body("# D\n\n---\n\n<!-- layout: chart -->\n\n---\n\n<!-- layout: quote -->\n")
                .unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 5);
        assert!(errors[1].message.contains("slide 3"));
        let e = &parse_body("# D\n\n<!-- chart: pipline -->\n").unwrap_err()[0];
        assert!(e.hint.as_deref().unwrap().contains("pipeline"));
    }

    #[test]
    fn an_unclosed_comment_and_an_empty_deck_are_errors() {
        let e = &parse_body("# D\n\n---\n\n<!-- notes: never closed\n").unwrap_err()[0];
        assert_eq!(e.line, 5);
        assert!(parse_body("\n\n").is_err());
    }

    #[test]
    fn a_column_directive_leaves_a_break_marker() {
        let s = &slides("## Two\n\nleft\n\n<!-- column -->\n\nright\n")[0];
        let (left, right) = s.body.split_once(COLUMN_BREAK).unwrap();
        assert!(left.contains("left") && right.contains("right"));
    }
}
