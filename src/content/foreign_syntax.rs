//! Syntax of other generators found in a page body, named at load.
//!
//! Pages imported from Hugo or Zola keep their shortcodes; Tera would reject
//! `{{< figure >}}` with a parse error about `<`, or `{{ youtube(id=...) }}` as an
//! unknown function, neither saying what the text is. A `{# ... #}` is a Tera
//! comment Tera deletes without a word; text people wrote should not vanish
//! silently, so it is a warning with its line (the comment is still removed).

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Zola's built-in shortcodes: a call of one of these is an import, not a traction function.
const ZOLA_SHORTCODES: [&str; 4] = ["youtube", "vimeo", "streamable", "gist"];

/// Errors (shortcodes) and warnings (`{# ... #}`) of a body starting at file line `body_line`.
pub(crate) fn scan(
    file: &Path,
    text: &str,
    body: &str,
    body_line: usize,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, line) in body.lines().enumerate() {
        let at = body_line + i;
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            fence = Some(open);
            continue;
        }
        let line = line
            .strip_suffix(heading_id(line).unwrap_or(""))
            .unwrap_or(line);
        for (col, found) in outside_code(line) {
            let d = match found {
                Found::Hugo(name) => Diagnostic::error(
                    file,
                    format!("`{name}` is a Hugo shortcode: traction has no shortcodes"),
                )
                .hint(equivalent(name)),
                Found::Zola(name) => Diagnostic::error(
                    file,
                    format!("`{name}(...)` is a Zola shortcode: traction has no shortcodes"),
                )
                .hint(equivalent(name)),
                Found::Comment => {
                    warnings.push(
                        Diagnostic::warning(
                            file,
                            "`{# ... #}` is a template comment: it is removed from the page",
                        )
                        .at(at, col)
                        .with_source(text)
                        .hint("to show the text as written, wrap it in `{% raw %}` ... `{% endraw %}`"),
                    );
                    continue;
                }
            };
            errors.push(d.at(at, col).with_source(text));
        }
    }
    (errors, warnings)
}

/// The `{#id ...}` ending an ATX heading (`## Pricing {#pricing}`), an id, not a comment.
fn heading_id(line: &str) -> Option<&str> {
    let trimmed = line.trim_end();
    let text = trimmed.trim_start();
    if !text.starts_with('#') || !trimmed.ends_with('}') {
        return None;
    }
    let hashes = text.bytes().take_while(|b| *b == b'#').count();
    if hashes > 6 || !text[hashes..].starts_with(' ') {
        return None;
    }
    let open = trimmed.rfind("{#")?;
    let attr = &trimmed[open..];
    (!attr.contains("#}")).then_some(&line[open..])
}

/// The body as stored: when it goes through Tera (`render`), heading ids are protected.
pub(crate) fn body_for_tera(body: &str, render: bool) -> String {
    if render {
        protect_heading_ids(body)
    } else {
        body.to_string()
    }
}

/// The body with heading ids hidden from Tera, which would read `{#` as a comment
/// and fail; `{% raw %}` gives Markdown the `{#id}` back. Fenced code is left alone.
fn protect_heading_ids(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<&str> = None;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
        } else if let Some(open) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            fence = Some(open);
        } else if let Some(id) = heading_id(line.trim_end_matches(['\n', '\r'])) {
            let at = line.rfind(id.trim_end()).unwrap_or(0);
            let (head, tail) = line.split_at(at);
            let attr = tail.trim_end_matches(['\n', '\r']);
            out.push_str(head);
            out.push_str("{% raw %}");
            out.push_str(attr);
            out.push_str("{% endraw %}");
            out.push_str(&tail[attr.len()..]);
            continue;
        }
        out.push_str(line);
    }
    out
}

enum Found<'a> {
    Hugo(&'a str),
    Zola(&'a str),
    Comment,
}

/// What was found on one line, with 1-based columns, skipping `inline code`.
fn outside_code(line: &str) -> Vec<(usize, Found<'_>)> {
    let mut found = Vec::new();
    let mut in_code = false;
    let mut k = 0;
    let bytes = line.as_bytes();
    while k < bytes.len() {
        if bytes[k] == b'`' {
            in_code = !in_code;
        } else if !in_code && line[k..].starts_with('{') {
            let rest = &line[k..];
            if let Some(inner) = rest
                .strip_prefix("{{<")
                .or_else(|| rest.strip_prefix("{{%"))
            {
                // The closing `{{< /note >}}` belongs to the error of its opening.
                if !inner.trim_start().starts_with('/') {
                    found.push((k + 1, Found::Hugo(first_word(inner))));
                }
            } else if rest.starts_with("{#") {
                found.push((k + 1, Found::Comment));
            } else if let Some(inner) = rest.strip_prefix("{{").or_else(|| rest.strip_prefix("{%"))
            {
                let name = first_word(inner);
                if ZOLA_SHORTCODES.contains(&name)
                    && inner.trim_start()[name.len()..].starts_with('(')
                {
                    found.push((k + 1, Found::Zola(name)));
                }
            }
        }
        k += line[k..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

fn first_word(s: &str) -> &str {
    let s = s.trim_start();
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The traction way to write what the shortcode did.
fn equivalent(name: &str) -> String {
    match name {
        "figure" | "img" | "image" => {
            "write a Markdown image: `![alt text](photo.jpg \"caption\")`".into()
        }
        "youtube" | "vimeo" | "streamable" | "video" => {
            "embed the player as raw HTML (`<iframe src=\"...\" title=\"...\"></iframe>`), or set `video:` on a case study".into()
        }
        "gist" | "highlight" => "paste the code into a fenced ``` block".into(),
        "ref" | "relref" => "link to the page's URL: `[text](/section/page/)`".into(),
        _ => "write it as Markdown, raw HTML or a Tera expression such as `{{ chart(...) }}` or `{% include \"...\" %}`".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        scan(Path::new("content/p.md"), body, body, 1)
    }

    #[test]
    fn hugo_and_zola_shortcodes_are_named_with_their_equivalent() {
        let body = "Intro\n{{< figure src=\"a.png\" >}}\n{{% note %}}x{{% /note %}}\n{{ youtube(id=\"abc\") }}\n";
        let (errors, warnings) = run(body);
        assert!(warnings.is_empty());
        let seen: Vec<(usize, usize, &str)> = errors
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(seen.len(), 3, "{seen:?}");
        assert_eq!((seen[0].0, seen[0].1), (2, 1));
        assert!(seen[0].2.contains("`figure` is a Hugo shortcode"));
        assert!(errors[0].hint.as_deref().unwrap().contains("![alt text]"));
        assert!(seen[1].2.contains("`note` is a Hugo shortcode"));
        assert_eq!(seen[2].0, 4);
        assert!(seen[2].2.contains("`youtube(...)` is a Zola shortcode"));
        assert!(errors[2].hint.as_deref().unwrap().contains("iframe"));
    }

    #[test]
    fn a_template_comment_is_a_warning_with_its_line() {
        let (errors, warnings) = run("One\n\nTwo {# draft: check figures #} three\n");
        assert!(errors.is_empty());
        assert_eq!(warnings.len(), 1);
        assert_eq!((warnings[0].line, warnings[0].column), (3, 5));
    }

    #[test]
    fn heading_ids_are_ids_not_comments() {
        let body = "## Pricing {#pricing}\n\nText {# note #}\n```\n## x {#y}\n```\n";
        let (errors, warnings) = run(body);
        assert!(errors.is_empty());
        assert_eq!(warnings.len(), 1, "only the comment: {warnings:?}");
        assert_eq!(warnings[0].line, 3);
        assert_eq!(
            protect_heading_ids(body),
            "## Pricing {% raw %}{#pricing}{% endraw %}\n\nText {# note #}\n```\n## x {#y}\n```\n"
        );
    }

    #[test]
    fn code_and_traction_functions_are_left_alone() {
        let body = "`{{< figure >}}` and `{# x #}`\n```\n{{< figure >}}\n{# y #}\n```\n{{ chart(type=\"bar\") }} {{ url_for(path=\"/\") }}\n";
        let (errors, warnings) = run(body);
        assert!(
            errors.is_empty() && warnings.is_empty(),
            "{errors:?} {warnings:?}"
        );
    }
}
