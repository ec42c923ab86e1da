//! The one error type for everything a user can get wrong, and how it is shown.
//!
//! Every stage returns `Diagnostic` values instead of printing: the CLI renders
//! them once, at the edge, so `check`, `build` and (later) `serve` show the same
//! text. A diagnostic carries the file relative to the site root, the line and
//! column when known, what was expected and a hint, so the person reading it can
//! fix the input without reading our code.

use std::fmt::{self, Write as _};
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
}

impl Diagnostic {
    /// An error about `file` with no location inside it yet.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            expected: None,
            hint: None,
            snippet: None,
        }
    }

    /// A warning about `file`.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Sets the line and column (1-based).
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Sets what was expected.
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the source line at `self.line` taken from `source`.
    pub fn with_source(mut self, source: &str) -> Self {
        if self.line > 0 {
            self.snippet = source
                .lines()
                .nth(self.line - 1)
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// True for errors (as opposed to warnings).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, as far as it is known.
    pub fn location(&self) -> String {
        let mut s = self.file.display().to_string();
        // Shown with `/` everywhere; on Unix a `\` is part of a file name and stays.
        if std::path::MAIN_SEPARATOR == '\\' {
            s = s.replace('\\', "/");
        }
        if self.line > 0 {
            let _ = write!(s, ":{}", self.line);
            if self.column > 0 {
                let _ = write!(s, ":{}", self.column);
            }
        }
        s
    }

    /// Renders the diagnostic for a terminal, coloured when `color` is set.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let (label, code) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = format!("{}: {}\n", paint(code, label), paint("1", &self.message));
        if !self.file.as_os_str().is_empty() {
            let _ = writeln!(out, "  {} {}", paint("1;34", "-->"), self.location());
        }
        if let Some(snippet) = &self.snippet {
            let (snippet, column) = &clip(snippet, self.column);
            let column = *column;
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(out, "  {pad} {}", paint("1;34", "|"));
            let _ = writeln!(
                out,
                "  {} {} {snippet}",
                paint("1;34", &number),
                paint("1;34", "|")
            );
            if column > 0 {
                let caret_pad: String = snippet
                    .chars()
                    .take(column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(
                    out,
                    "  {pad} {} {caret_pad}{}",
                    paint("1;34", "|"),
                    paint(code, "^")
                );
            }
        }
        if let Some(expected) = &self.expected {
            let _ = writeln!(out, "  {} expected: {expected}", paint("1;34", "="));
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  {} hint: {hint}", paint("1;36", "="));
        }
        out
    }
}

/// Longest source line shown whole; longer ones (minified JSON, generated text)
/// are cut to a window around the column, so one error never prints megabytes.
const SNIPPET_MAX_CHARS: usize = 160;

/// The part of `line` to show and the column within it (0 when unknown).
fn clip(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= SNIPPET_MAX_CHARS {
        return (line.to_string(), column);
    }
    let half = SNIPPET_MAX_CHARS / 2;
    let start = column
        .saturating_sub(1)
        .saturating_sub(half)
        .min(count - SNIPPET_MAX_CHARS);
    let mut clipped: String = line.chars().skip(start).take(SNIPPET_MAX_CHARS).collect();
    let mut column = if column > 0 { column - start } else { 0 };
    if start > 0 {
        clipped.insert(0, '…');
        column += usize::from(column > 0);
    }
    if start + SNIPPET_MAX_CHARS < count {
        clipped.push('…');
    }
    (clipped, column)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Diagnostic {}

/// Every problem found by a stage, errors and warnings together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    /// True when at least one is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Sorted by file, line and column, so output is stable whatever thread found what.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
        self.0
    }
}

/// Result of a stage that fails with one or more diagnostics.
pub type Result<T> = std::result::Result<T, Vec<Diagnostic>>;

/// An I/O failure on `path`, as a diagnostic.
pub fn io_error(path: &Path, root: &Path, action: &str, err: &std::io::Error) -> Diagnostic {
    let rel = path.strip_prefix(root).unwrap_or(path);
    Diagnostic::error(rel, format!("could not {action}: {err}"))
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance counting a swap of two neighbours as one edit (typos are mostly swaps).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
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
    fn a_very_long_line_is_clipped_around_the_column() {
        let line = format!("{}X{}", "a".repeat(100_000), "b".repeat(100_000));
        let d = Diagnostic::error("data/x.json", "bad")
            .at(1, 100_001)
            .with_source(&line);
        let text = d.render(false);
        assert!(text.len() < 1_000, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        let code = lines.iter().find(|l| l.contains('X')).unwrap();
        let caret = lines.iter().find(|l| l.ends_with('^')).unwrap();
        assert_eq!(
            code.chars().position(|c| c == 'X'),
            caret.chars().position(|c| c == '^'),
            "{text}"
        );
        assert!(text.contains("data/x.json:1:100001"), "{text}");
    }
}
