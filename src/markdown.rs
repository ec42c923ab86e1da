//! Markdown -> HTML: CommonMark plus tables, task lists, footnotes and
//! strikethrough; heading anchors; links to other `.md` files resolved to URLs.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

mod autolink;
use serde::Serialize;

/// One heading, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TocEntry {
    /// 1..6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Heading text.
    pub title: String,
}

/// A `.md` link that points at no page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BrokenLink {
    /// 1-based line inside the Markdown text.
    pub line: usize,
    /// The link as written.
    pub target: String,
}

/// Rendered Markdown.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    /// HTML.
    pub html: String,
    /// Headings in order.
    pub toc: Vec<TocEntry>,
    /// Unresolved `.md` links.
    pub broken_links: Vec<BrokenLink>,
    /// Words in the text.
    pub word_count: usize,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `text`; `resolve` maps a `.md` link (as written) to its URL.
pub(crate) fn render(text: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Rendered {
    let mut events: Vec<Event> = Vec::new();
    let mut out = Rendered::default();
    let mut line_starts: Option<Vec<usize>> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if is_md_link(&dest_url) => {
                let dest = match resolve(&dest_url) {
                    Some(url) => CowStr::from(url),
                    None => {
                        let starts = line_starts.get_or_insert_with(|| line_index(text));
                        let line = starts.partition_point(|&s| s <= range.start);
                        out.broken_links.push(BrokenLink {
                            line,
                            target: dest_url.to_string(),
                        });
                        dest_url
                    }
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::Text(ref t) => {
                out.word_count += t.split_whitespace().count();
                event
            }
            e => e,
        };
        events.push(event);
    }
    add_heading_ids(&mut events, &mut out.toc);
    let events = autolink::autolink(events);
    out.html.reserve(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, accessible(events).into_iter());
    out
}

/// Renders a short Markdown string (the `markdown` filter): no link resolution.
pub(crate) fn render_plain(text: &str, inline: bool) -> String {
    let mut html = String::new();
    let events = accessible(Parser::new_ext(text, options()).collect());
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if inline {
        let trimmed = html.trim_end();
        if let Some(inner) = trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
            && !inner.contains("<p>")
        {
            return inner.to_string();
        }
    }
    html
}

/// Tables and task lists as phones and screen readers need them: each table
/// in a keyboard-reachable scroll region named after the heading above it
/// (unique on the page), each body cell carrying its column's name
/// (`data-label`, shown when rows stack into cards), each task checkbox named.
fn accessible(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    // Most pages have neither: no second vector for them.
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Table(_)) | Event::TaskListMarker(_)))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut heading: Option<String> = None;
    let mut last_heading = String::new();
    let mut labels_used: std::collections::HashMap<String, usize> = Default::default();
    let mut alignments: Vec<pulldown_cmark::Alignment> = Vec::new();
    let mut columns: Vec<String> = Vec::new();
    let mut in_head = false;
    let mut cell = 0;
    for event in events {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                last_heading = heading.take().unwrap_or_default().trim().to_string();
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(t);
                }
                if in_head && let Some(c) = columns.last_mut() {
                    c.push_str(t);
                }
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Table(ref a)) => {
                alignments.clone_from(a);
                columns.clear();
                // Not the heading alone: a template may already name a landmark after it.
                let base = if last_heading.is_empty() {
                    "Table".to_string()
                } else {
                    format!("{last_heading} table")
                };
                let n = labels_used.entry(base.clone()).or_insert(0);
                *n += 1;
                let label = match *n {
                    1 => base.to_string(),
                    n => format!("{base} ({n})"),
                };
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                    escape_attr(&label)
                ))));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                out.push(event);
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                out.push(event);
            }
            Event::Start(Tag::TableRow) => {
                cell = 0;
                out.push(event);
            }
            Event::Start(Tag::TableCell) if in_head => {
                columns.push(String::new());
                out.push(event);
            }
            Event::Start(Tag::TableCell) => {
                let align = match alignments.get(cell) {
                    Some(pulldown_cmark::Alignment::Left) => " style=\"text-align: left\"",
                    Some(pulldown_cmark::Alignment::Center) => " style=\"text-align: center\"",
                    Some(pulldown_cmark::Alignment::Right) => " style=\"text-align: right\"",
                    _ => "",
                };
                let label = columns.get(cell).map_or("", |c| c.trim());
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<td data-label=\"{}\"{align}>",
                    escape_attr(label)
                ))));
            }
            Event::End(TagEnd::TableCell) if !in_head => {
                cell += 1;
                out.push(Event::InlineHtml(CowStr::from("</td>")));
            }
            Event::TaskListMarker(done) => {
                out.push(Event::InlineHtml(CowStr::from(if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"Done\">\n"
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"To do\">\n"
                })));
            }
            e => out.push(e),
        }
    }
    out
}

fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn line_index(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// True for links to other pages' Markdown files (not external URLs).
fn is_md_link(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    path.ends_with(".md") && !dest.contains("://") && !dest.starts_with("mailto:")
}

fn add_heading_ids(events: &mut [Event], toc: &mut Vec<TocEntry>) {
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Next suffix to try per base id, so many equal headings stay linear, not quadratic.
    let mut next: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    title.push_str(t);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| anchor(&title));
            let mut unique = base.clone();
            let n = next.entry(base.clone()).or_insert(1);
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                *n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            toc.push(TocEntry {
                level: heading_number(level),
                id: unique,
                title: title.trim().to_string(),
            });
            i = j;
        }
        i += 1;
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Anchor id of a heading text: lowercase words joined by `-`, emoji dropped.
pub(crate) fn anchor(title: &str) -> String {
    let mut id = String::new();
    for c in title.trim().chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !id.ends_with('-')
            && !id.is_empty()
        {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(link: &str) -> Option<String> {
        (link.starts_with("plans/week-10.md")).then(|| {
            format!(
                "/plans/week-10/{}",
                link.split_once('#')
                    .map(|(_, f)| format!("#{f}"))
                    .unwrap_or_default()
            )
        })
    }

    #[test]
    fn headings_get_unique_anchor_ids_and_a_toc() {
        let r = render(
            "## 🎯 Mission Statement\n\n## Risks\n\n## Risks\n",
            &resolve,
        );
        assert!(
            r.html.contains("<h2 id=\"mission-statement\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"risks-1\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 3);
    }

    #[test]
    fn many_equal_headings_stay_fast_and_unique() {
        let text = "## Same\n\n".repeat(20_000) + "## Same-1\n";
        let start = std::time::Instant::now();
        let r = render(&text, &resolve);
        assert!(start.elapsed().as_secs() < 10, "quadratic anchor ids");
        let ids: std::collections::HashSet<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), 20_001);
        assert_eq!(r.toc[2].id, "same-2");
    }

    #[test]
    fn md_links_resolve_and_broken_ones_are_reported_with_line() {
        let r = render(
            "See [week 10](plans/week-10.md#goal).\n\nAnd [gone](nope.md).\n",
            &resolve,
        );
        assert!(
            r.html.contains("href=\"/plans/week-10/#goal\""),
            "{}",
            r.html
        );
        assert_eq!(
            r.broken_links,
            vec![BrokenLink {
                line: 3,
                target: "nope.md".into()
            }]
        );
    }

    #[test]
    fn tables_tasklists_footnotes_strikethrough() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: foot\n",
            &resolve,
        );
        for needle in ["<table>", "checkbox", "<del>", "footnote"] {
            assert!(r.html.contains(needle), "{needle}: {}", r.html);
        }
    }

    #[test]
    fn tables_scroll_in_a_named_region_and_cells_carry_their_column() {
        let r = render(
            "## Revenue\n\n| Customer | ACV <b> |\n|---|--:|\n| Acme | $1 |\n\n| a |\n|---|\n| 1 |\n\n- [x] shipped\n- [ ] next\n",
            &resolve,
        );
        for needle in [
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Revenue table\">",
            "aria-label=\"Revenue table (2)\"",
            "<td data-label=\"Customer\">Acme</td>",
            "<td data-label=\"ACV\" style=\"text-align: right\">$1</td>",
            "<td data-label=\"a\">1</td>",
            "<input type=\"checkbox\" disabled checked aria-label=\"Done\">",
            "<input type=\"checkbox\" disabled aria-label=\"To do\">",
        ] {
            assert!(r.html.contains(needle), "{needle}: {}", r.html);
        }
        assert_eq!(r.html.matches("</div>").count(), 2, "{}", r.html);
    }

    #[test]
    fn inline_markdown_drops_the_paragraph() {
        assert_eq!(render_plain("**bold**", true), "<strong>bold</strong>");
    }
}
