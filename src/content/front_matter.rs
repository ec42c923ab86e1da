//! Splitting a page into its front matter and its Markdown body: YAML between
//! `---` fences, or TOML between `+++` fences (as Hugo and Zola write it).
//!
//! Tolerant of what editors produce: trailing spaces on the fences; the BOM and
//! CRLF line ends are gone before (`source::normalize`). The split is lossless
//! (see the property in the tests): `front` and `body` are slices of the
//! normalised input.

/// The language of a page's front matter, told by its fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `---` fences.
    #[default]
    Yaml,
    /// `+++` fences.
    Toml,
}

impl Format {
    /// The fence line.
    pub(crate) fn fence(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }
}

/// A page's text split at the front-matter fences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter between the fences (without them), if the page has one.
    pub front: Option<&'a str>,
    /// YAML or TOML.
    pub format: Format,
    /// 1-based line of the first YAML line.
    pub front_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Why a page could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// `---` (or `+++`) opened on line 1 and never closed.
    Unclosed(Format),
}

/// Splits normalised text (see [`crate::source::normalize`]) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    let format = match text[..first_end].trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => {
            return Ok(Split {
                front: None,
                format: Format::Yaml,
                front_line: 0,
                body: text,
                body_line: 1,
            });
        }
    };
    let is_fence = |line: &str| line.trim_end() == format.fence();
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line_no = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        if is_fence(&text[offset..end]) {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                front: Some(&text[yaml_start..offset]),
                format,
                front_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset = end + 1;
        line_no += 1;
    }
    Err(SplitError::Unclosed(format))
}

/// 1-based line of the top-level `field` in front matter (`field:` in YAML, `field =` in TOML).
pub(crate) fn field_line(front: &str, format: Format, field: &str) -> Option<usize> {
    match format {
        Format::Yaml => crate::yaml::key_line(front, field),
        Format::Toml => front
            .lines()
            .position(|l| {
                l.strip_prefix(field)
                    .is_some_and(|r| r.trim_start().starts_with('='))
                    || l.trim() == format!("[{field}]")
                    || l.trim() == format!("[[{field}]]")
            })
            .map(|i| i + 1),
    }
}

/// Kind named in front matter, read without parsing the whole YAML twice.
pub(crate) fn explicit_kind(front: &str) -> Option<super::Kind> {
    // `kind: x` in YAML, `kind = "x"` in TOML.
    let Some(line) = front.lines().find(|l| {
        l.strip_prefix("kind")
            .is_some_and(|r| r.trim_start().starts_with([':', '=']))
    }) else {
        // A Marp deck says `marp: true` instead of naming its kind.
        return is_marp(front).then_some(super::Kind::Deck);
    };
    let value = line["kind".len()..]
        .trim_start()
        .trim_start_matches([':', '='])
        .split('#')
        .next()?
        .trim()
        .trim_matches(['"', '\'']);
    match value {
        "page" => Some(super::Kind::Page),
        "case_study" => Some(super::Kind::CaseStudy),
        "week_plan" => Some(super::Kind::WeekPlan),
        "deck" => Some(super::Kind::Deck),
        // Let the schema report the bad value with its location.
        _ => Some(super::Kind::Page),
    }
}

/// Whether front matter without a `kind:` says `marp: true` (a Marp deck).
fn is_marp(front: &str) -> bool {
    let marp = front.lines().find(|l| crate::yaml::is_key_line(l, "marp"));
    marp.and_then(|l| l.split_once(':'))
        .and_then(|(_, v)| v.split('#').next())
        .is_some_and(|v| v.trim() == "true")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::normalize;

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let s = split("---\ntitle: A\n---\n# Hi\n").unwrap();
        assert_eq!(s.front, Some("title: A\n"));
        assert_eq!(s.body, "# Hi\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn bom_and_crlf_are_tolerated() {
        let text = normalize("\u{feff}---\r\ntitle: A\r\n--- \r\nbody\r\n");
        let s = split(&text).unwrap();
        assert_eq!(s.front, Some("title: A\n"));
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn cr_only_line_ends_are_tolerated() {
        let text = normalize("---\rtitle: A\r---\rbody\r");
        let s = split(&text).unwrap();
        assert_eq!(s.front, Some("title: A\n"));
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Title\n---\n").unwrap();
        assert_eq!(s.front, None);
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert_eq!(
            split("---\ntitle: A\nbody"),
            Err(SplitError::Unclosed(Format::Yaml))
        );
    }

    #[test]
    fn toml_front_matter_is_fenced_with_plus_signs() {
        let s = split("+++\ntitle = \"A\"\n+++\n# Hi\n").unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.front, Some("title = \"A\"\n"));
        assert_eq!(s.body, "# Hi\n");
        // A `---` does not close a `+++` front matter.
        assert_eq!(
            split("+++\ntitle = 1\n---\n"),
            Err(SplitError::Unclosed(Format::Toml))
        );
    }

    #[test]
    fn empty_front_matter_and_empty_body() {
        let s = split("---\n---").unwrap();
        assert_eq!(s.front, Some(""));
        assert_eq!(s.body, "");
    }

    #[test]
    fn split_then_rejoined_is_the_input() {
        for text in [
            "---\na: 1\n---\nbody",
            "---\n---\n",
            "plain",
            "---\nx\n---\n\n---\nmore\n",
        ] {
            let s = split(text).unwrap();
            let rejoined = match s.front {
                Some(f) => {
                    let close_start = 4 + f.len();
                    let close = &text[close_start..text.len() - s.body.len()];
                    format!("---\n{f}{close}{}", s.body)
                }
                None => s.body.to_string(),
            };
            assert_eq!(rejoined, text);
        }
    }
}
