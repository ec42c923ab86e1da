//! The one error type for everything a user can get wrong, and how it is shown.
//!
//! Every stage returns `Diagnostic` values instead of printing: the CLI renders
//! them once, at the edge, so `check`, `build` and (later) `serve` show the same
//! text. A diagnostic carries the file relative to the site root, the line and
//! column when known, what was expected and a hint, so the person reading it can
//! fix the input without reading our code.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; the build still succeeds.
    Warning,
    /// The build fails.
    Error,
}

/// A located problem in the user's site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// File relative to the site root (empty when the problem has no file).
    pub file: PathBuf,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// What went wrong, in one sentence.
    pub message: String,
    /// What the input should have been.
    pub expected: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
    /// The offending source line, shown under the location.
    pub snippet: Option<String>,
    /// Problems like this one left out of a capped list (counted in the summary).
    pub omitted: usize,
}

impl Diagnostic {
    /// An error about `file` with no location inside it yet.
    pub(crate) fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            expected: None,
            hint: None,
            snippet: None,
            omitted: 0,
        }
    }

    /// A warning about `file`.
    pub(crate) fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Sets the line and column (1-based).
    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Sets what was expected.
    pub(crate) fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Sets the hint.
    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Says that `n` more problems like this one were left out of the list.
    pub(crate) fn omitting(mut self, n: usize) -> Self {
        self.omitted = n;
        self
    }

    /// Attaches the source line at `self.line` taken from `source`.
    pub(crate) fn with_source(mut self, source: &str) -> Self {
        if self.line > 0 {
            self.snippet = source
                .lines()
                .nth(self.line - 1)
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// True for errors (as opposed to warnings).
    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, as far as it is known.
    #[cfg(test)]
    pub(crate) fn location(&self) -> String {
        use std::fmt::Write as _;
        let mut s = self.shown_file();
        if self.line > 0 {
            let _ = write!(s, ":{}", self.line);
            if self.column > 0 {
                let _ = write!(s, ":{}", self.column);
            }
        }
        s
    }

    /// Renders the diagnostic for a terminal, coloured when `color` is set.
    ///
    /// Drawn by annotate-snippets (rustc's renderer): carets go by display
    /// width (right after CJK or emoji), long lines are cut around the column,
    /// and control and bidi characters from the user's files are shown as
    /// symbols instead of reaching the terminal.
    pub(crate) fn render(&self, color: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        // The file name comes from the user's disk: it gets the same care as the source.
        let path = annotate_snippets::normalize_untrusted_str(&self.shown_file());
        if !path.is_empty() {
            match &self.snippet {
                Some(source) if self.line > 0 && self.column > 0 => {
                    let at = source
                        .char_indices()
                        .nth(self.column - 1)
                        .map_or(source.len(), |(b, _)| b);
                    group = group.element(
                        Snippet::source(source.as_str())
                            .line_start(self.line)
                            .path(path)
                            .annotation(AnnotationKind::Primary.span(at..at)),
                    );
                }
                // A line without a column: the location names the line, the line is shown whole.
                Some(source) if self.line > 0 => {
                    group = group.element(
                        Snippet::source(source.as_str())
                            .line_start(self.line)
                            .path(format!("{path}:{}", self.line))
                            .annotation(AnnotationKind::Visible.span(0..source.len())),
                    );
                }
                _ => {
                    let mut origin = Origin::path(path);
                    if self.line > 0 {
                        origin = origin.line(self.line);
                        if self.column > 0 {
                            origin = origin.char_column(self.column);
                        }
                    }
                    group = group.element(origin);
                }
            }
        }
        // The renderer cleans titles and source but not messages; ours may quote user text.
        let clean = annotate_snippets::normalize_untrusted_str;
        if let Some(expected) = &self.expected {
            group = group.element(Level::NOTE.with_name("expected").message(clean(expected)));
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.with_name("hint").message(clean(hint)));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = renderer.render(&[group]);
        out.push('\n');
        out
    }

    /// The file as shown: `/` between folders on every system.
    fn shown_file(&self) -> String {
        let s = self.file.display().to_string();
        // On Unix a `\` is part of a file name and stays.
        if std::path::MAIN_SEPARATOR == '\\' {
            s.replace('\\', "/")
        } else {
            s
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Diagnostic {}

/// Every problem found by a stage, errors and warnings together.
#[derive(Debug, Default, Clone)]
pub(crate) struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one.
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds many.
    pub(crate) fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    /// True when at least one is an error.
    pub(crate) fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Sorted by file, line and column, so output is stable whatever thread found what.
    pub(crate) fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
        self.0
    }
}

/// The count line under a list of diagnostics: `3 errors found`, or for a
/// capped list `36 errors found (first 20 of 36 shown)`.
pub(crate) fn errors_found(diagnostics: &[&Diagnostic]) -> String {
    let shown = diagnostics.iter().filter(|d| d.is_error()).count();
    let total = shown
        + diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.omitted)
            .sum::<usize>();
    let plural = if total == 1 { "" } else { "s" };
    if total > shown {
        format!("{total} error{plural} found (first {shown} of {total} shown)")
    } else {
        format!("{total} error{plural} found")
    }
}

/// An I/O failure on `path`, as a diagnostic.
pub(crate) fn io_error(path: &Path, root: &Path, action: &str, err: &std::io::Error) -> Diagnostic {
    let rel = path.strip_prefix(root).unwrap_or(path);
    Diagnostic::error(rel, format!("could not {action}: {err}"))
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a typo.
///
/// The distance counts a swap of two neighbours as one edit (typos are mostly
/// swaps): strsim's optimal string alignment, over characters, not bytes.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let len = word.chars().count();
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(len) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_field_names_only() {
        let fields = ["title", "description", "date", "weight"];
        assert_eq!(did_you_mean("titel", fields), Some("title"));
        assert_eq!(did_you_mean("descripton", fields), Some("description"));
        assert_eq!(did_you_mean("colour", fields), None);
        assert_eq!(did_you_mean("wieght", fields), Some("weight"));
        // Thresholds count characters: two letters are not a typo of two CJK ones.
        assert_eq!(did_you_mean("ab", ["東京"]), None);
        assert_eq!(did_you_mean("東京都", ["東京"]), Some("東京"));
    }

    #[test]
    fn renders_location_snippet_and_hint() {
        let d = Diagnostic::error("content/a.md", "unknown field `titel`")
            .at(2, 1)
            .hint("did you mean `title`?")
            .with_source("---\ntitel: x\n---\n");
        let text = d.render(false);
        assert!(text.contains("content/a.md:2:1"), "{text}");
        assert!(text.contains("2 | titel: x"), "{text}");
        assert!(text.contains("hint: did you mean `title`?"), "{text}");
    }

    #[test]
    fn the_caret_goes_by_display_width_after_cjk_and_emoji() {
        let d = Diagnostic::error("content/a.md", "bad")
            .at(1, 11)
            .with_source("title: 東京🎯X\n");
        let text = d.render(false);
        let code = text.lines().find(|l| l.contains('X')).unwrap();
        let caret = text.lines().find(|l| l.trim_end().ends_with('^')).unwrap();
        // "title: " is 7 columns, 東京 4 and 🎯 2: X is 13 columns after the gutter.
        let gutter = code.find("title").unwrap();
        assert_eq!(caret.trim_end().chars().count() - 1, gutter + 13, "{text}");
        assert!(text.contains("content/a.md:1:11"), "{text}");
    }

    #[test]
    fn control_and_bidi_characters_never_reach_the_terminal() {
        let d = Diagnostic::error(
            "content/a\u{1b}[2J.md",
            "title `x\u{1b}[31m` is bad\u{202e}",
        )
        .at(1, 3)
        .hint("hint \u{7}")
        .with_source("a\u{202e}b\u{1b}[0mc\u{0}\n");
        let text = d.render(false);
        for bad in ['\u{1b}', '\u{202e}', '\u{7}', '\u{0}'] {
            assert!(!text.contains(bad), "{bad:?} in {text:?}");
        }
        assert!(text.contains("1:3"), "{text}");
    }

    #[test]
    fn a_line_without_a_column_is_shown_with_its_location() {
        let d = Diagnostic::error("data/e.yaml", "bad")
            .at(2, 0)
            .with_source("a: 1\nb: 2\n");
        let text = d.render(false);
        assert!(
            text.contains("data/e.yaml:2") && !text.contains("data/e.yaml:2:"),
            "{text}"
        );
        assert!(text.contains("2 | b: 2"), "{text}");
        let d = Diagnostic::error("data/e.yaml", "bad").at(2, 4);
        assert!(
            d.render(false).contains("--> data/e.yaml:2:4"),
            "{}",
            d.render(false)
        );
    }

    #[test]
    fn a_very_long_line_is_clipped_around_the_column() {
        let line = format!("{}X{}", "a".repeat(100_000), "b".repeat(100_000));
        let d = Diagnostic::error("data/x.json", "bad")
            .at(1, 100_001)
            .with_source(&line);
        let text = d.render(false);
        assert!(text.len() < 1_000, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        let code = lines.iter().find(|l| l.contains('X')).unwrap();
        let caret = lines.iter().find(|l| l.trim_end().ends_with('^')).unwrap();
        assert_eq!(
            code.chars().position(|c| c == 'X'),
            caret.chars().position(|c| c == '^'),
            "{text}"
        );
        assert!(text.contains("data/x.json:1:100001"), "{text}");
    }
}
