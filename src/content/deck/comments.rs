//! The HTML comments of one slide: directives (`<!-- layout: quote -->`,
//! Marp's `<!-- _class: lead -->`, several `key: value` lines in one comment)
//! and speaker notes (`<!-- notes: ... -->`, and in a Marp deck every comment
//! that is not a directive, as Marp reads them).

use super::marp::{GLOBAL, LOCAL, OTHER};
use super::{COLUMN_BREAK, DIRECTIVES};

/// A directive comment found in a slide.
pub(super) struct Directive {
    /// Name as written (`_class` keeps its `_`).
    pub key: String,
    pub value: String,
    /// Line within the slide (0-based) and 1-based columns of key and value.
    pub line: usize,
    pub key_col: usize,
    pub value_col: usize,
}

/// A comment of a Marp deck taken as a note although it looks like a
/// misspelt directive: its key, line (0-based), column and the directive meant.
pub(super) struct Suspect {
    pub key: String,
    pub line: usize,
    pub column: usize,
    pub meant: &'static str,
}

/// What a slide's comments hold.
pub(super) struct Comments {
    pub directives: Vec<Directive>,
    /// The slide without its directive and note comments (lines kept).
    pub body: String,
    pub notes: String,
    pub suspects: Vec<Suspect>,
}

/// Every directive name a slide may carry: traction's, Marp's (`_` spot forms too).
pub(super) fn is_known(key: &str) -> bool {
    let bare = key.strip_prefix('_').unwrap_or(key);
    DIRECTIVES.contains(&key)
        || LOCAL.contains(&bare)
        || GLOBAL.contains(&key)
        || OTHER.contains(&key)
}

/// All names, for suggestions.
pub(super) fn known_names() -> impl Iterator<Item = &'static str> {
    DIRECTIVES
        .into_iter()
        .chain(LOCAL)
        .chain(GLOBAL)
        .chain(OTHER)
}

/// A code fence opener or closer: its character and length.
pub(super) fn code_fence(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = t.chars().take_while(|x| *x == c).count();
    (len >= 3).then_some((c, len))
}

/// `key` and `value` of a `key: value` line (`column` alone is a key too).
fn key_value(line: &str) -> Option<(&str, &str)> {
    let t = line.trim();
    let key_len = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .count();
    if key_len == 0 {
        return None;
    }
    let rest = t[key_len..].trim_start();
    if rest.is_empty() {
        return Some((&t[..key_len], ""));
    }
    rest.strip_prefix(':').map(|v| (&t[..key_len], v.trim()))
}

/// Reads the comments of a slide that stand on lines of their own, outside
/// code fences; `Err` with the 0-based line of an unclosed comment.
pub(super) fn read(text: &str, marp: bool) -> Result<Comments, usize> {
    let mut out = Comments {
        directives: Vec::new(),
        body: String::with_capacity(text.len()),
        notes: String::new(),
        suspects: Vec::new(),
    };
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
            out.body.push_str(line);
            n += 1;
            continue;
        };
        // The comment may run over several lines (notes do).
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
        match classify(content, after, marp) {
            Kind::Text => {
                for l in &lines[n..=end] {
                    out.body.push_str(l);
                }
                n = end + 1;
                continue;
            }
            Kind::Note(suspect) => {
                push_note(&mut out.notes, content.trim());
                if let Some((key, meant)) = suspect {
                    let column = line
                        .find(key.as_str())
                        .map_or(1, |i| line[..i].chars().count() + 1);
                    out.suspects.push(Suspect {
                        key,
                        line: n,
                        column,
                        meant,
                    });
                }
            }
            Kind::Directives => {
                read_directives(content, &lines, n, &mut out);
            }
        }
        let column = out
            .directives
            .last()
            .is_some_and(|d| d.key == "column" && d.line >= n);
        if column {
            out.body.push_str(COLUMN_BREAK);
            out.body.push('\n');
            for _ in n + 1..=end {
                out.body.push('\n');
            }
        } else {
            for _ in n..=end {
                out.body.push('\n');
            }
        }
        if !line.ends_with('\n') && end + 1 == lines.len() {
            out.body.pop();
        }
        n = end + 1;
    }
    Ok(out)
}

enum Kind {
    /// A plain comment of a traction deck: it stays in the text.
    Text,
    /// Speaker notes; with a key that looks like a misspelt directive.
    Note(Option<(String, &'static str)>),
    Directives,
}

fn classify(content: &str, after: &str, marp: bool) -> Kind {
    let entries: Vec<Option<(&str, &str)>> = content
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(key_value)
        .collect();
    let first = entries.first().copied().flatten();
    let shaped = after.trim().is_empty()
        && !entries.is_empty()
        && (entries.iter().all(Option::is_some) || first.is_some_and(|(k, _)| k == "notes"));
    if !shaped {
        return if marp { Kind::Note(None) } else { Kind::Text };
    }
    if first.is_some_and(|(k, _)| k == "notes") {
        return Kind::Directives;
    }
    // A traction deck checks every key (a typo is an error); a Marp deck
    // takes a comment of unknown keys as a note, as Marp does.
    if !marp || entries.iter().flatten().all(|(k, _)| is_known(k)) {
        return Kind::Directives;
    }
    let suspect = entries.iter().flatten().find_map(|(k, _)| {
        let meant = crate::diagnostics::did_you_mean(k, known_names())?;
        Some((k.to_string(), meant))
    });
    // A single-word comment is a note, not a suspect directive.
    if entries.len() == 1 && first.is_some_and(|(_, v)| v.is_empty()) {
        return Kind::Note(None);
    }
    Kind::Note(suspect)
}

fn push_note(notes: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !notes.is_empty() {
        notes.push('\n');
    }
    notes.push_str(text);
}

/// The directives of a comment starting on slide line `n`.
fn read_directives(content: &str, lines: &[&str], n: usize, out: &mut Comments) {
    let first_line = lines[n];
    let indent = first_line.len() - first_line.trim_start().len();
    let lead = content.len() - content.trim_start().len();
    let trimmed = content.trim_start();
    if let Some((key, _)) = key_value(trimmed.lines().next().unwrap_or(""))
        && key == "notes"
    {
        let value = trimmed[key.len()..]
            .trim_start()
            .strip_prefix(':')
            .unwrap_or("")
            .trim()
            .to_string();
        push_note(&mut out.notes, &value);
        out.directives.push(Directive {
            key: key.to_string(),
            value,
            line: n,
            key_col: first_line[..indent].chars().count() + 4 + lead + 1,
            value_col: 1,
        });
        return;
    }
    // Each `key: value` line of the comment, located on its own line.
    let mut at = n;
    for (k, text) in content.lines().enumerate() {
        let Some((key, value)) = key_value(text) else {
            continue;
        };
        let line_no = if k == 0 { n } else { n + k };
        at = at.max(line_no);
        let source = lines.get(line_no).copied().unwrap_or("");
        let key_col = source
            .find(key)
            .map_or(1, |i| source[..i].chars().count() + 1);
        let value_col = match source.rfind(value) {
            Some(i) if !value.is_empty() => source[..i].chars().count() + 1,
            _ => key_col,
        };
        out.directives.push(Directive {
            key: key.to_string(),
            value: value.to_string(),
            line: line_no,
            key_col,
            value_col,
        });
    }
}
