//! Decks (`kind: deck`): a page whose body is a run of slides.
//!
//! Slides are split in the source, before templating, at a `---` line that
//! follows a blank line outside code fences (Marp's convention: without the
//! blank line CommonMark reads `text` + `---` as a heading, and a template
//! that prints `---` must not be able to cut a slide in two). A slide may
//! carry directive comments on lines of their own (`<!-- layout: quote -->`,
//! `<!-- column -->`, `<!-- notes: ... -->`). Loading checks them all, so a
//! typo is an error at its line and column; rendering splits the body again
//! (as the profile shows it, names anonymised) with [`slides`].

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
}

/// A directive comment found in a slide.
struct Directive {
    key: String,
    value: String,
    /// Line within the body (0-based) and 1-based columns of key and value.
    line: usize,
    key_col: usize,
    value_col: usize,
}

/// Splits a deck body into slides: (first line, 0-based, and text of each).
pub(crate) fn split(body: &str) -> Vec<(usize, &str)> {
    let mut slides = Vec::new();
    let mut start = 0;
    let mut start_line = 0;
    let mut fence: Option<(char, usize)> = None;
    let mut previous_blank = true;
    let mut offset = 0;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if let Some(f) = code_fence(trimmed) {
            fence = match fence {
                None => Some(f),
                Some((c, len)) if f.0 == c && f.1 >= len && trimmed.trim_start().len() == f.1 => {
                    None
                }
                open => open,
            };
        }
        if fence.is_none() && trimmed == "---" && previous_blank && n > 0 {
            slides.push((start_line, &body[start..offset]));
            start = offset + line.len();
            start_line = n + 1;
        }
        previous_blank = trimmed.trim().is_empty();
        offset += line.len();
    }
    slides.push((start_line, &body[start..]));
    // Leading blank slides (a body opening with `---`) are not slides.
    slides.retain(|(_, text)| !text.trim().is_empty());
    slides
}

/// A code fence opener or closer: its character and length.
fn code_fence(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = t.chars().take_while(|x| *x == c).count();
    (len >= 3).then_some((c, len))
}

/// Directive comments of a slide, outside code fences, and the slide text
/// with them removed; `Err` with the 0-based line of an unclosed comment.
fn directives(text: &str) -> Result<(Vec<Directive>, String, String), usize> {
    let mut found = Vec::new();
    let mut body = String::with_capacity(text.len());
    let mut notes = String::new();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut fence: Option<(char, usize)> = None;
    let mut n = 0;
    while n < lines.len() {
        let line = lines[n];
        let trimmed = line.trim();
        if let Some(f) = code_fence(line.trim_end()) {
            fence = match fence {
                None => Some(f),
                Some((c, len)) if f.0 == c && f.1 >= len => None,
                open => open,
            };
        }
        let Some(rest) = trimmed.strip_prefix("<!--").filter(|_| fence.is_none()) else {
            body.push_str(line);
            n += 1;
            continue;
        };
        // The comment may run over several lines (notes do).
        let indent = line.len() - line.trim_start().len();
        let mut end = n;
        let mut inner = rest.to_string();
        while !inner.contains("-->") {
            end += 1;
            let Some(next) = lines.get(end) else {
                return Err(n);
            };
            inner.push('\n');
            inner.push_str(next.trim_end_matches('\n'));
        }
        let (content, after) = inner.split_once("-->").expect("the loop found `-->`");
        let key_len = content
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .count();
        let lead = content.len() - content.trim_start().len();
        let key = &content.trim_start()[..key_len];
        let rest_of = content.trim_start()[key_len..].trim_start();
        let is_directive = key_len > 0
            && after.trim().is_empty()
            && (rest_of.is_empty() || rest_of.starts_with(':'));
        if !is_directive {
            // A plain comment stays in the text.
            for l in &lines[n..=end] {
                body.push_str(l);
            }
            n = end + 1;
            continue;
        }
        let value = rest_of.strip_prefix(':').unwrap_or("").trim().to_string();
        let key = key.to_string();
        let key_col = line[..indent].chars().count() + 4 + lead + 1;
        let first_value_line = value.lines().next().unwrap_or("");
        let value_col = match line.find(first_value_line) {
            Some(i) if !first_value_line.is_empty() => line[..i].chars().count() + 1,
            _ => key_col,
        };
        if key == "notes" {
            if !notes.is_empty() {
                notes.push('\n');
            }
            notes.push_str(&value);
        }
        if key == "column" {
            body.push_str(COLUMN_BREAK);
            body.push('\n');
            for _ in n + 1..=end {
                body.push('\n');
            }
        } else {
            for _ in n..=end {
                body.push('\n');
            }
        }
        if !line.ends_with('\n') && end + 1 == lines.len() {
            body.pop();
        }
        found.push(Directive {
            key,
            value,
            line: n,
            key_col,
            value_col,
        });
        n = end + 1;
    }
    Ok((found, body, notes))
}

/// Checks every slide of a deck body and learns its layout and directives.
/// `file` and `source` (the whole page) locate the errors; `body_line` is the
/// file line where the body starts.
pub(crate) fn parse(
    file: &std::path::Path,
    source: &str,
    body: &str,
    body_line: usize,
) -> Result<Deck, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut slides = Vec::new();
    let parts = split(body);
    if parts.is_empty() {
        return Err(vec![
            Diagnostic::error(file, "the deck has no slides")
                .at(body_line, 1)
                .with_source(source)
                .expected("Markdown slides separated by a blank line and a `---` line")
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
    for (k, (first, text)) in parts.iter().enumerate() {
        let line_of = |n: usize| body_line + first + n;
        let err = |n: usize, col: usize, message: String| {
            Diagnostic::error(file, message)
                .at(line_of(n), col)
                .with_source(source)
        };
        let found = match directives(text) {
            Ok((found, _, _)) => found,
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
        let mut spec = SlideSpec {
            line: line_of(0),
            layout: if k == 0 {
                Layout::Title
            } else {
                Layout::Bullets
            },
            chart: None,
            quote: None,
        };
        let mut layout_line = None;
        for d in &found {
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
        Ok(Deck { slides })
    } else {
        Err(errors)
    }
}

fn unknown(d: Diagnostic, word: &str, known: &[&str]) -> Diagnostic {
    let d = d.expected(format!("one of {}", known.join(", ")));
    match did_you_mean(word, known.iter().copied()) {
        Some(best) => d.hint(format!("did you mean `{best}`?")),
        None => d.hint("see the directive table in docs/TEMPLATES.md"),
    }
}

/// The slides of a body as a profile shows it (checked when it was loaded):
/// text to template, with directives removed and notes apart.
pub(crate) fn slides(body: &str) -> Vec<SlideText> {
    split(body)
        .into_iter()
        .map(|(first, text)| match directives(text) {
            Ok((_, body, notes)) => SlideText {
                first_line: first + 1,
                body,
                notes,
            },
            Err(_) => SlideText {
                first_line: first + 1,
                body: text.to_string(),
                notes: String::new(),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_body(body: &str) -> Result<Deck, Vec<Diagnostic>> {
        parse(Path::new("content/investors/deck.md"), body, body, 1)
    }

    #[test]
    fn slides_split_at_a_rule_after_a_blank_line_outside_code_fences() {
        let body = "# One\n\n---\n\n## Two\ntext\n---\n\n```\n\n---\n```\n\n---\n# Three\n";
        let parts = split(body);
        let texts: Vec<&str> = parts.iter().map(|(_, t)| t.trim()).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[0].starts_with("# One"));
        // `text` + `---` is a heading, and a fenced `---` is code: no split.
        assert!(texts[1].contains("text\n---") && texts[1].contains("```\n\n---\n```"));
        assert_eq!(texts[2], "# Three");
        assert_eq!(parts[2].0, 14);
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
