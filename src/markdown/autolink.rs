//! GFM autolinks: a bare `https://...` in prose becomes a link.
//!
//! pulldown-cmark links only `<https://...>`; writers pasting addresses from
//! GitHub-flavoured tools expect the bare form linked too. Only text outside
//! links, images and code blocks is touched (inline code is never `Text`).

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// Events with bare addresses in prose turned into links.
pub(super) fn autolink(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut shielded = 0usize;
    let mut pending = String::new();
    for event in events {
        match &event {
            Event::Text(t) if shielded == 0 => {
                // The parser splits text at `_`, `*` and the like: join it first.
                pending.push_str(t);
                continue;
            }
            _ => flush(&mut pending, &mut out),
        }
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => shielded += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                shielded = shielded.saturating_sub(1)
            }
            _ => {}
        }
        out.push(event);
    }
    flush(&mut pending, &mut out);
    out
}

fn flush(pending: &mut String, out: &mut Vec<Event<'_>>) {
    if pending.is_empty() {
        return;
    }
    let text = std::mem::take(pending);
    let mut rest = text.as_str();
    while let Some((start, end)) = next_url(rest) {
        if start > 0 {
            out.push(Event::Text(CowStr::from(rest[..start].to_string())));
        }
        let url = rest[start..end].to_string();
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: CowStr::from(url.clone()),
            title: CowStr::from(""),
            id: CowStr::from(""),
        }));
        out.push(Event::Text(CowStr::from(url)));
        out.push(Event::End(TagEnd::Link));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(Event::Text(CowStr::from(rest.to_string())));
    }
}

/// Byte range of the next address that starts a word.
fn next_url(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    loop {
        let at = ["https://", "http://"]
            .iter()
            .filter_map(|s| text[from..].find(s).map(|k| k + from))
            .min()?;
        let starts_word = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "(\"'[".contains(c));
        let scheme = if text[at..].starts_with("https") {
            8
        } else {
            7
        };
        let mut end = text[at..]
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
            .map_or(text.len(), |k| k + at);
        // Sentence punctuation after an address is not part of it, nor is a
        // closing bracket that opened before it.
        loop {
            let url = &text[at..end];
            let last = url.chars().next_back();
            let unbalanced =
                last == Some(')') && url.matches('(').count() < url.matches(')').count();
            if last.is_some_and(|c| ".,:;!?\"'*_".contains(c)) || unbalanced {
                end -= 1;
            } else {
                break;
            }
        }
        if starts_word && end > at + scheme {
            return Some((at, end));
        }
        from = at + scheme;
    }
}

#[cfg(test)]
mod tests {
    fn html(md: &str) -> String {
        crate::markdown::render(md, &|_| None).html
    }

    #[test]
    fn bare_addresses_in_prose_are_linked() {
        let h = html("See https://example.com/a_b_c. Or (http://x.example/p).\n");
        assert!(
            h.contains(r#"<a href="https://example.com/a_b_c">https://example.com/a_b_c</a>."#),
            "{h}"
        );
        assert!(
            h.contains(r#"(<a href="http://x.example/p">http://x.example/p</a>)"#),
            "{h}"
        );
    }

    #[test]
    fn code_links_and_words_are_left_alone() {
        let h = html(
            "`https://a.example` [site](https://b.example) x<https://c.example>\n\n```\nhttps://d.example\n```\n\nnohttps://e.example\n",
        );
        assert_eq!(h.matches("<a ").count(), 2, "{h}");
        assert!(h.contains("<code>https://a.example</code>"), "{h}");
        assert!(h.contains("<code>https://d.example\n</code>"), "{h}");
        assert!(h.contains("nohttps://e.example"), "{h}");
    }
}
