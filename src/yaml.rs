//! YAML parsing with the options every traction file shares, and errors turned
//! into located diagnostics (with a "did you mean" for misspelt field names).

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{Budget, Options, RenderOptions, SnippetMode};

use crate::diagnostics::{Diagnostic, did_you_mean};

/// How much YAML a file may hold: front matter and `site.yaml` are small and get
/// the parser's default budget; data files may be large and get a wider one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Size {
    /// Front matter, `site.yaml`, `theme.yaml`.
    Small,
    /// Files under `data/`.
    Large,
}

fn options(size: Size) -> Options {
    let mut options = Options::default();
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    if size == Size::Large {
        let mut budget = Budget::default();
        budget.max_nodes = crate::source::MAX_DATA_NODES;
        budget.max_events = 4 * crate::source::MAX_DATA_NODES;
        budget.max_total_scalar_bytes = crate::source::MAX_DATA_FILE_BYTES as usize;
        options.budget = Some(budget);
    }
    options
}

/// Parses `text` (which starts on line `first_line` of `file`) into `T`.
pub(crate) fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
    whole_source: &str,
    size: Size,
) -> Result<T, Diagnostic> {
    if let Some(d) = refused_value(text) {
        return Err(d.located(file, first_line, whole_source));
    }
    serde_saphyr::from_str_with_options(text, options(size))
        .map_err(|err| to_diagnostic(&err, file, first_line, whole_source))
}

/// Core-schema tags that only restate what a value already is.
const HARMLESS_TAGS: [&str; 7] = ["str", "int", "float", "bool", "null", "seq", "map"];

/// A value the parser would accept but traction refuses, found before parsing.
struct Refused {
    line: usize,
    column: usize,
    message: String,
    expected: &'static str,
    hint: &'static str,
}

impl Refused {
    fn located(self, file: &Path, first_line: usize, whole_source: &str) -> Diagnostic {
        Diagnostic::error(file, self.message)
            .at(self.line + first_line - 1, self.column)
            .with_source(whole_source)
            .expected(self.expected)
            .hint(self.hint)
    }
}

/// The first tag other than the harmless core ones, or the first value whose
/// escapes (`"\0"`, `"\x07"`) make control characters. The parser would decode
/// `!!binary` silently (control characters included), keep or drop application
/// tags (`!secret`) without a word, and pass a NUL on to the HTML.
fn refused_value(text: &str) -> Option<Refused> {
    // Tags start with `!` and escapes with `\`: most files pay only for this scan.
    if !text.contains(['!', '\\']) {
        return None;
    }
    for event in granit_parser::Parser::new_from_str(text) {
        // A syntax error is reported by the full parse, with its own wording.
        let Ok((event, span)) = event else {
            return None;
        };
        let (line, col) = (span.start.line(), span.start.col());
        let (value, tag) = match &event {
            granit_parser::Event::Scalar(value, _, _, tag) => (Some(value), tag.as_deref()),
            granit_parser::Event::SequenceStart(_, _, tag)
            | granit_parser::Event::MappingStart(_, _, tag) => (None, tag.as_deref()),
            _ => (None, None),
        };
        if let Some(tag) = tag
            && !(tag.is_yaml_core_schema() && HARMLESS_TAGS.contains(&tag.suffix()))
        {
            let written = if tag.is_yaml_core_schema() {
                format!("!!{}", tag.suffix())
            } else {
                format!("{}{}", tag.original_handle(), tag.suffix())
            };
            return Some(Refused {
                line,
                column: column_of(text, line, col, &written),
                message: format!("the YAML tag `{written}` is not supported"),
                expected: "plain YAML values: text, numbers, dates, lists and mappings",
                hint: "remove the tag; quote the value if it starts with `!`",
            });
        }
        if let Some(c) = value.and_then(|v| v.chars().find(|&c| crate::source::is_stray_control(c)))
        {
            return Some(Refused {
                line,
                column: col + 1,
                message: format!(
                    "the value holds the control character U+{:04X}{}, which is not text",
                    c as u32,
                    if c == '\0' { " (NUL)" } else { "" }
                ),
                expected: "text: no control characters other than tab and line ends",
                hint: "remove the escape (`\\0`, `\\x..`, `\\u....`) that makes it",
            });
        }
    }
    None
}

/// 1-based column of `written` before 0-based char column `col` of `line`, else `col + 1`.
/// A node's span starts at its value; the tag is written before it.
fn column_of(text: &str, line: usize, col: usize, written: &str) -> usize {
    let before: String = text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .chars()
        .take(col)
        .collect();
    before
        .rfind(written)
        .map_or(col + 1, |b| before[..b].chars().count() + 1)
}

/// Turns a parser or schema error into a diagnostic pointing into the file.
fn to_diagnostic(
    err: &serde_saphyr::Error,
    file: &Path,
    first_line: usize,
    whole_source: &str,
) -> Diagnostic {
    let mut render = RenderOptions::default();
    render.snippets = SnippetMode::Off;
    let raw = err.render_with_options(render);
    let message = clean_message(&raw);
    let (line, column) = err
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    let line = if line > 0 { line + first_line - 1 } else { 0 };
    let mut d = Diagnostic::error(file, message.clone())
        .at(line, column)
        .with_source(whole_source);
    use serde_saphyr::Error as E;
    const TOO_FAR: &str = "the YAML expands too far (alias bomb or very deep nesting); simplify it";
    match innermost(err) {
        E::SerdeUnknownField {
            field, expected, ..
        } => return unknown_field_help(d, field, expected.iter().copied()),
        E::SerdeUnknownVariant { expected, .. } => {
            return d.expected(format!("one of {}", expected.join(", ")));
        }
        E::SerdeMissingField { .. } => {
            return d.hint("add the field; see the schemas in docs/CONTENT.md");
        }
        E::DuplicateMappingKey { .. } => {
            return d.hint("each key may appear once; remove one of them");
        }
        E::Budget { .. }
        | E::AliasReplayCounterOverflow { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => return d.hint(TOO_FAR),
        // The value's text is part of these messages: only the shape may be read from them.
        E::SerdeInvalidType { expected, .. } | E::SerdeInvalidValue { expected, .. } => {
            let (expected, hint) = type_mismatch(&format!("expected {expected}")).unwrap_or((
                "a value of another type",
                "see the schemas in docs/CONTENT.md",
            ));
            return d.expected(expected).hint(hint);
        }
        _ => {}
    }
    // Fallback for errors without a structured variant (custom messages from our types).
    if let Some((field, expected)) = unknown_field(&message) {
        d = unknown_field_help(d, &field, expected.iter().map(String::as_str));
    } else if let Some(variants) = message.split("expected one of ").nth(1) {
        d = d.expected(format!("one of {}", variants.trim_end_matches('.')));
    } else if message.contains("missing field") {
        d = d.hint("add the field; see the schemas in docs/CONTENT.md");
    } else if message.contains("duplicate") {
        d = d.hint("each key may appear once; remove one of them");
    } else if message.contains("budget")
        || message.contains("alias")
        || message.contains("too deeply nested")
    {
        d = d.hint(TOO_FAR);
    } else if let Some((expected, hint)) = type_mismatch(&message) {
        d = d.expected(expected).hint(hint);
    } else if ["date is not valid", " as year", " as month", " as day"]
        .iter()
        .any(|w| message.contains(w))
    {
        // jiff's words for a date that is not a day of the calendar (`2026-02-30`).
        d = d
            .expected("a date written YYYY-MM-DD, such as 2026-02-17")
            .hint("write the year first, then a month and a day that exist in the calendar");
    } else {
        d = d.hint(
            "check the YAML syntax on this line: indentation, a missing `:`, \
             or a value with `:`, `#`, `[` or `{` that needs quotes",
        );
    }
    d
}

/// The error itself, out of the wrappers that add a snippet or an alias's second location.
fn innermost(err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    match err {
        serde_saphyr::Error::WithSnippet { error, .. }
        | serde_saphyr::Error::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

/// The expected fields and a did-you-mean (or where to move it) for an unknown field.
fn unknown_field_help<'a>(
    d: Diagnostic,
    field: &str,
    expected: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let expected: Vec<&str> = expected.collect();
    let d = d.expected(format!("one of {}", expected.join(", ")));
    match did_you_mean(field, expected) {
        Some(best) => d.hint(format!("did you mean `{best}`?")),
        None => d.hint(format!("remove `{field}` or move it under `extra:`")),
    }
}

/// What a parser message about a value of the wrong shape or type expected, and a hint.
pub(crate) fn type_mismatch(message: &str) -> Option<(&'static str, &'static str)> {
    let found = |needles: &[&str]| needles.iter().any(|n| message.contains(n));
    if found(&["found a tab", "tab character"]) {
        Some((
            "spaces for indentation",
            "YAML does not allow tabs for indentation; indent with spaces",
        ))
    } else if found(&["expected mapping", "expected struct", "expected a map"]) {
        Some((
            "a mapping of `key: value` lines",
            "a list (`- item`) or a single value was written where fields were expected",
        ))
    } else if found(&["expected sequence", "expected a sequence"]) {
        Some((
            "a list: `- item` lines or `[a, b]`",
            "write each item on its own `- ` line",
        ))
    } else if found(&[
        "invalid i64",
        "invalid u32",
        "invalid u64",
        "invalid integer",
    ]) {
        Some((
            "a whole number such as 10",
            "write the number without quotes, units or separators",
        ))
    } else if found(&["invalid floating point", "invalid f64", "non-finite float"]) {
        Some((
            "a number such as 50000 or 0.8",
            "write the number without `$`, `%`, commas or units",
        ))
    } else if found(&["invalid bool", "expected a boolean"]) {
        Some(("`true` or `false`", "yes/no/on/off are not booleans here"))
    } else if found(&["expected string", "expected a string"]) {
        Some((
            "text",
            "quote text that starts with `[`, `{`, `*`, `&`, `!` or `@`",
        ))
    } else {
        None
    }
}

/// Strips the location suffix the parser adds; we show locations ourselves.
fn clean_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // Alias messages carry two locations ("at line .. (defined at line ..) (used"):
    // cut at the first, which also drops the parser's unbalanced tail.
    let first = match first.find(" at line ") {
        Some(i) => first[..i].trim_end_matches(','),
        None => first,
    };
    // Advice meant for programmers using the parser, not for people writing YAML.
    let first = first
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(first);
    match first.strip_prefix("budget breached: ") {
        Some(what) => format!("the YAML is too large or too deeply nested ({what})"),
        None => first.to_string(),
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" message: the field and the list.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.split("unknown field `").nth(1)?;
    let field = rest.split('`').next()?.to_string();
    let expected = rest
        .split_once("expected ")
        .map(|(_, list)| {
            let list = list.strip_prefix("one of ").unwrap_or(list);
            list.split(", ")
                .map(|s| s.trim().trim_matches('`').trim_end_matches('.').to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Some((field, expected))
}

/// 1-based line of the top-level `key:` in a YAML text, for errors found after parsing.
pub(crate) fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| is_key_line(l, key))
        .map(|i| i + 1)
}

/// True when `line` sets the top-level `key`.
pub(crate) fn is_key_line(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Demo {
        title: String,
        weight: Option<i64>,
        tags: Option<Vec<String>>,
        state: Option<DemoState>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum DemoState {
        Draft,
        Live,
    }

    #[test]
    fn unknown_field_is_located_with_suggestion() {
        let src = "---\ntitle: a\nwieght: 3\n---\n";
        let err = parse::<Demo>(
            "title: a\nwieght: 3\n",
            Path::new("a.md"),
            2,
            src,
            Size::Small,
        )
        .unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert_eq!(err.hint.as_deref(), Some("did you mean `weight`?"), "{err}");
        assert!(err.message.contains("unknown field"), "{err}");
    }

    #[test]
    fn wrong_type_is_located() {
        let err = parse::<Demo>(
            "title: a\nweight: heavy\n",
            Path::new("a.md"),
            1,
            "",
            Size::Small,
        )
        .unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }

    #[test]
    fn norway_stays_a_string() {
        #[derive(Deserialize)]
        struct C {
            code: String,
        }
        let c: C = parse("code: NO\n", Path::new("x"), 1, "", Size::Small).unwrap();
        assert_eq!(c.code, "NO");
    }

    #[test]
    fn tags_other_than_plain_core_ones_are_located_errors() {
        let src = "---\ntitle: a\ndescription: !!binary AAEC\n---\n";
        let err = parse::<serde_json::Value>(
            "title: a\ndescription: !!binary AAEC\n",
            Path::new("a.md"),
            2,
            src,
            Size::Small,
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (3, 14), "{err}");
        assert!(err.message.contains("`!!binary`"), "{err}");
        for text in ["a: !custom x\n", "- !secret [1]\n", "a: !<tag:x.org:y> 1\n"] {
            let err = parse::<serde_json::Value>(text, Path::new("x"), 1, "", Size::Large);
            assert!(err.is_err(), "{text}");
        }
        for text in ["a: !!str 1\nb: \"hi!\"\nc: Go! now\n", "a: 'x!y'\n"] {
            let ok = parse::<serde_json::Value>(text, Path::new("x"), 1, "", Size::Large);
            assert!(ok.is_ok(), "{text}: {ok:?}");
        }
    }

    #[test]
    fn escaped_control_characters_are_located_errors() {
        let src = "---\ntitle: a\ndescription: \"x\\0y\"\n---\n";
        let err = parse::<serde_json::Value>(
            "title: a\ndescription: \"x\\0y\"\n",
            Path::new("a.md"),
            2,
            src,
            Size::Small,
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (3, 14), "{err}");
        assert!(err.message.contains("U+0000"), "{err}");
        for text in ["a: \"\\x07\"\n", "- \"\\e[31m\"\n", "a: \"\\u0085\"\n"] {
            let err = parse::<serde_json::Value>(text, Path::new("x"), 1, "", Size::Large);
            assert!(err.is_err(), "{text}");
        }
        for text in ["a: \"tab\\there\\nnewline\"\n", "path: C:\\x07\n"] {
            let ok = parse::<serde_json::Value>(text, Path::new("x"), 1, "", Size::Large);
            assert!(ok.is_ok(), "{text}: {ok:?}");
        }
    }

    #[test]
    fn a_value_that_reads_like_part_of_the_message_does_not_change_the_expected_list() {
        // Parsing the English message took the user's words for the parser's.
        let err = parse::<Demo>(
            "title: a\nstate: \"expected one of nothing\"\n",
            Path::new("a.md"),
            1,
            "",
            Size::Small,
        )
        .unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert_eq!(err.expected.as_deref(), Some("one of draft, live"), "{err}");
    }

    #[test]
    fn hints_point_at_documents_the_repository_has() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let err = parse::<Demo>("weight: 3\n", Path::new("a.md"), 1, "", Size::Small).unwrap_err();
        assert!(
            err.hint
                .as_deref()
                .unwrap_or("")
                .contains("docs/CONTENT.md"),
            "{err}"
        );
        for entry in walkdir::WalkDir::new(root.join("src")) {
            let entry = entry.unwrap();
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let file = entry.path().display();
            assert!(
                !text.contains(&["SPEC", " §"].concat()),
                "{file} cites SPEC"
            );
            for (i, _) in text.match_indices("docs/") {
                let name: String = text[i..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '/' | '_' | '.' | '-'))
                    .collect();
                let name = name.trim_end_matches('.');
                if name.ends_with(".md") {
                    assert!(
                        root.join(name).is_file(),
                        "{file} cites {name}, which is missing"
                    );
                }
            }
        }
    }

    #[test]
    fn finds_key_lines() {
        assert_eq!(key_line("a: 1\nslug : x\n", "slug"), Some(2));
        assert_eq!(key_line("a: 1\n  slug: x\n", "slug"), None);
    }
}
