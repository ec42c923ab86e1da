//! The source layer: how traction reads the files a site is written in.
//!
//! Every loader (`config.rs`, `content/`, `data.rs`) reads through here, so a
//! file is refused for the same reasons wherever it sits: over its size limit,
//! not UTF-8 (or UTF-16), holding control characters, an editor's dropping, or
//! a symbolic link that leaves the site. Text comes out normalised (no BOM, `\n`
//! line ends), and it is read once: stages after loading find a line in the text
//! the model kept ([`Text`], resolved per file by `Site::source`), never in a
//! file that may have changed since.
//!
//! This module sits beneath `yaml`, `data`, `content` and `config` and uses
//! none of them, which is what keeps those four free of import cycles.

use std::borrow::Cow;
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Largest page (and `site.yaml`) traction reads. Rendering holds a page several
/// times over (body template, Markdown events, HTML, the page template), so
/// this bounds memory.
pub(crate) const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// Largest data file traction reads (templates hold all of `data` in memory).
pub(crate) const MAX_DATA_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Most values (mappings, lists, scalars; CSV cells) in one data file. A
/// loaded value costs far more memory than its text, and every profile's
/// templates get their own copy, so this is what keeps memory bounded.
pub(crate) const MAX_DATA_NODES: usize = 500_000;

/// Most values in all data files together.
pub(crate) const MAX_TOTAL_DATA_NODES: usize = 1_000_000;

/// Why a source file could not be read as text. Each loader words the first
/// two its own way (which hint, which verb), so they stay apart.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Over the size limit (the diagnostic names both sizes).
    TooLarge(Diagnostic),
    /// The operating system refused the read.
    Io(std::io::Error),
    /// Read, but not text (located at the first bad byte).
    NotText(Diagnostic),
}

/// Reads `path` (shown as `rel`) as normalised text, refusing files over `limit` bytes.
pub(crate) fn read_text(path: &Path, rel: &Path, limit: u64) -> Result<String, ReadError> {
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > limit
    {
        return Err(ReadError::TooLarge(too_large(rel, meta.len(), limit)));
    }
    let bytes = std::fs::read(path).map_err(ReadError::Io)?;
    let text = decode_utf8(&bytes, rel).map_err(ReadError::NotText)?;
    Ok(match normalize(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(normalised) => normalised,
    })
}

/// The error for an input file over its size limit.
pub(crate) fn too_large(file: &Path, len: u64, limit: u64) -> Diagnostic {
    let mib = |n: u64| format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0));
    Diagnostic::error(
        file,
        format!("the file is {}, over the limit of {}", mib(len), mib(limit)),
    )
    .expected(format!("a file of at most {}", mib(limit)))
}

/// A control character that has no place in text (tab and line ends are fine).
pub(crate) fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Decodes UTF-8, pointing at the first bad byte otherwise.
pub(crate) fn decode_utf8(bytes: &[u8], file: &Path) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(Diagnostic::error(file, "the file is UTF-16, not UTF-8")
            .at(1, 1)
            .expected("UTF-8 text")
            .hint("re-save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => match s.char_indices().find(|&(_, c)| is_stray_control(c)) {
            None => Ok(s.to_string()),
            Some((i, c)) => {
                let before = &s[..i];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                let d = if c == '\0' {
                    Diagnostic::error(file, "binary file where a text file was expected").hint(
                        "move binary files to static/ (or next to the page with a non-.md name)",
                    )
                } else {
                    Diagnostic::error(
                        file,
                        format!("the control character U+{:04X} is not text", c as u32),
                    )
                    .expected("text: no control characters other than tab and line ends")
                    .hint(
                        "delete it: it usually comes from pasting out of another program \
                         (or from text decoded with the wrong encoding)",
                    )
                };
                Err(d.at(line, column))
            }
        },
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let column =
                good.len() - good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1) + 1;
            let binary = bytes.iter().take(8192).any(|b| *b == 0);
            let d = Diagnostic::error(
                file,
                if binary {
                    "binary file where a text file was expected".to_string()
                } else {
                    "the file is not valid UTF-8".to_string()
                },
            )
            .at(line, column);
            Err(if binary {
                d.hint("move binary files to static/ (or next to the page with a non-.md name)")
            } else {
                d.expected("UTF-8 text")
                    .hint("re-save the file as UTF-8 in your editor")
            })
        }
    }
}

/// Removes a BOM and turns CRLF (and a lone CR, as old Mac editors write) into
/// LF, borrowing when nothing changes.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Editor droppings and hidden files are never content.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913"
}

/// The site root as links are compared against it (itself when it cannot be resolved).
pub(crate) fn canonical_root(root: &Path) -> std::path::PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// The symlink rule: a link may not pull files from outside the site into it.
/// True when `path` resolves inside `canonical_root` (see [`canonical_root`]);
/// a link that cannot be resolved is outside.
pub(crate) fn resolves_inside(path: &Path, canonical_root: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|target| target.starts_with(canonical_root))
}

/// The error for a symbolic link that leaves the site root.
pub(crate) fn link_outside_root(rel: &Path, hint: &str) -> Diagnostic {
    Diagnostic::error(rel, "symbolic link points outside the site root").hint(hint)
}

/// One loaded text as the model keeps it: whole (`site.yaml`, a data file, a
/// template) or in parts (a page's front matter and body), each part with the
/// line of the file it starts on. Lines found here are lines of the file as it
/// was loaded, whatever is on disk now.
#[derive(Debug, Clone, Default)]
pub(crate) struct Text<'a> {
    parts: Vec<(usize, &'a str)>,
}

impl<'a> Text<'a> {
    /// A text that starts on line 1.
    pub(crate) fn whole(text: &'a str) -> Text<'a> {
        Text {
            parts: vec![(1, text)],
        }
    }

    /// Adds a part that starts on line `first_line` of the file; parts are added in file order.
    pub(crate) fn part(mut self, first_line: usize, text: &'a str) -> Text<'a> {
        self.parts.push((first_line, text));
        self
    }

    /// Line of the first occurrence of each of `needles`, in one pass per part.
    pub(crate) fn first_lines(&self, needles: &[&str]) -> Vec<Option<usize>> {
        let mut lines: Vec<Option<usize>> = vec![None; needles.len()];
        // Parts come in file order: the first part holding a needle holds its first occurrence.
        for &(first_line, part) in &self.parts {
            if lines.iter().all(Option::is_some) {
                break;
            }
            let line_starts: Vec<usize> = std::iter::once(0)
                .chain(part.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            for (slot, at) in lines.iter_mut().zip(first_occurrences(part, needles)) {
                if slot.is_none() {
                    *slot = at.map(|at| first_line - 1 + line_starts.partition_point(|&s| s <= at));
                }
            }
        }
        lines
    }

    /// First line for which `matches` holds.
    pub(crate) fn line_where(&self, matches: impl Fn(&str) -> bool) -> Option<usize> {
        self.parts
            .iter()
            .find_map(|&(first, part)| part.lines().position(&matches).map(|i| first + i))
    }
}

/// Byte offset of the first occurrence of each of `needles` in `text`, in one pass.
pub(crate) fn first_occurrences(text: &str, needles: &[&str]) -> Vec<Option<usize>> {
    let mut first = vec![None; needles.len()];
    let Ok(searcher) = aho_corasick::AhoCorasick::new(needles) else {
        // Too many or too long to build an automaton: one search per text.
        for (k, needle) in needles.iter().enumerate() {
            first[k] = text.find(needle);
        }
        return first;
    };
    let mut left = needles.len();
    // Matches of one needle come in order: the first one seen is the leftmost.
    for m in searcher.find_overlapping_iter(text) {
        let slot = &mut first[m.pattern().as_usize()];
        if slot.is_none() {
            *slot = Some(m.start());
            left -= 1;
            if left == 0 {
                break;
            }
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_utf16_are_located_errors() {
        let err = decode_utf8("---\ntitle: a\u{7}b\n".as_bytes(), Path::new("x.md")).unwrap_err();
        assert_eq!((err.line, err.column), (2, 9), "{err}");
        assert!(err.message.contains("U+0007"), "{err}");
        let err = decode_utf8("ab\u{0}".as_bytes(), Path::new("x.md")).unwrap_err();
        assert!(err.message.contains("binary"), "{err}");
        let err = decode_utf8(b"\xff\xfe-\x00-\x00", Path::new("x.md")).unwrap_err();
        assert!(err.message.contains("UTF-16"), "{err}");
        assert!(decode_utf8("tab\tand\r\nlines\n".as_bytes(), Path::new("x.md")).is_ok());
    }

    #[test]
    fn invalid_utf8_is_located_at_the_first_bad_byte() {
        let err = decode_utf8(b"ok\nab\xe9c\n", Path::new("x.md")).unwrap_err();
        assert_eq!((err.line, err.column), (2, 3), "{err}");
        assert!(err.message.contains("not valid UTF-8"), "{err}");
    }

    #[test]
    fn a_bom_and_every_line_end_normalise_to_lf() {
        assert_eq!(normalize("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
        assert!(matches!(normalize("plain\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn read_text_refuses_files_over_the_limit_and_normalises_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "\u{feff}one\r\ntwo\r\n").unwrap();
        let text = read_text(&path, Path::new("a.md"), 100).unwrap();
        assert_eq!(text, "one\ntwo\n");
        match read_text(&path, Path::new("a.md"), 4) {
            Err(ReadError::TooLarge(d)) => assert!(d.message.contains("over the limit"), "{d}"),
            other => panic!("{other:?}"),
        }
        let missing = dir.path().join("missing.md");
        assert!(matches!(
            read_text(&missing, Path::new("missing.md"), 100),
            Err(ReadError::Io(_))
        ));
        std::fs::write(&path, b"\xff\xfe-\x00").unwrap();
        assert!(matches!(
            read_text(&path, Path::new("a.md"), 100),
            Err(ReadError::NotText(_))
        ));
    }

    #[test]
    fn editor_droppings_and_hidden_files_are_ignored() {
        for name in [
            ".git",
            "a.md~",
            ".a.md.swp",
            "a.swx",
            "a.tmp",
            "a.bak",
            "4913",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["a.md", "logo.png", "4913.md", "_index.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_root_is_refused_and_one_inside_is_not() {
        let outside = tempfile::tempdir().unwrap();
        let site = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        std::fs::write(site.path().join("inside.md"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), site.path().join("out.md"))
            .unwrap();
        std::os::unix::fs::symlink(site.path().join("inside.md"), site.path().join("in.md"))
            .unwrap();
        std::os::unix::fs::symlink(
            site.path().join("nowhere.md"),
            site.path().join("dangling.md"),
        )
        .unwrap();
        let root = canonical_root(site.path());
        assert!(!resolves_inside(&site.path().join("out.md"), &root));
        assert!(resolves_inside(&site.path().join("in.md"), &root));
        assert!(!resolves_inside(&site.path().join("dangling.md"), &root));
    }

    #[test]
    fn lines_are_found_in_the_part_that_holds_them() {
        // A page as the model keeps it: front matter from line 2, body after the fence.
        let text = Text::default()
            .part(2, "title: A\nlogo: a.png\n")
            .part(5, "# A\n\nsee [x](b.md)\n");
        assert_eq!(text.line_where(|l| l.starts_with("logo:")), Some(3));
        assert_eq!(text.line_where(|l| l.starts_with("# ")), Some(5));
        assert_eq!(text.line_where(|l| l.contains("(b.md)")), Some(7));
        assert_eq!(text.line_where(|l| l.contains("nowhere")), None);
        assert_eq!(Text::whole("a\nb\n").line_where(|l| l == "b"), Some(2));
    }

    #[test]
    fn one_pass_finds_each_links_first_occurrence_like_a_search_per_link() {
        let text = "see [a](/plans/#goal) and /plans/ and #goal\n[b]: https://x.example/a/b\n/plans/#goal é /é";
        let needles = [
            "#goal",
            "/a/b",
            "/plans/",
            "/plans/#goal",
            "/é",
            "https://x.example/a/b",
            "missing",
            "é",
        ];
        let first = first_occurrences(text, &needles);
        for (k, needle) in needles.iter().enumerate() {
            assert_eq!(first[k], text.find(needle), "{needle}");
        }
    }

    #[test]
    fn first_lines_of_many_needles_come_from_the_earliest_part() {
        let text = Text::default()
            .part(2, "title: A\nlink: /b/\n")
            .part(5, "/b/ again\n\n[x](/c/)\n");
        assert_eq!(
            text.first_lines(&["/b/", "/c/", "missing", "title"]),
            vec![Some(3), Some(7), None, Some(2)]
        );
        assert_eq!(Text::default().first_lines(&["x"]), vec![None]);
    }
}
