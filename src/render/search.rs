//! The search index of a profile: `search-index.js`, read by the theme's
//! `js/search.js` in the browser.
//!
//! Built from the pages as written, not from the model: a [`Collector`] keeps
//! the readable text of each page's `<main>` as it passes on its way to the
//! sink, so the index can hold nothing the profile's pages do not show (the
//! anonymised copies, the included pages only). It is a script, not JSON, so
//! a site opened from `file://` can load it (browsers refuse `fetch` there),
//! and it is loaded only when someone starts a search. Its text is declared
//! to the audit as text people read, so an excluded page's title in it is
//! found like one in a visible paragraph.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::audience::View;
use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::render::html::url_to_file;
use crate::site::Site;

/// Output path of the index.
pub(crate) const INDEX_FILE: &str = "search-index.js";

/// A page's text beyond this many bytes is left out of the index, so one
/// generated page cannot make every visitor download megabytes.
const MAX_TEXT_BYTES: usize = 20_000;

/// The readable text of each HTML page written, by output path. Shared: the
/// watch loop keeps it from the build and updates the pages it re-renders, so
/// the index it rewrites equals a clean build's.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageTexts(Arc<Mutex<HashMap<String, String>>>);

impl PageTexts {
    /// Takes in the texts of `newer` (after a partial rebuild was written).
    pub(crate) fn update(&self, newer: PageTexts) {
        let newer = std::mem::take(&mut *newer.lock());
        self.lock().extend(newer);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Passes every file to `inner` and keeps the readable text of HTML pages.
pub(crate) struct Collector<'a> {
    inner: &'a dyn Sink,
    texts: &'a PageTexts,
}

impl<'a> Collector<'a> {
    /// Collects into `texts` from what is written to `inner`.
    pub(crate) fn new(inner: &'a dyn Sink, texts: &'a PageTexts) -> Collector<'a> {
        Collector { inner, texts }
    }
}

impl Sink for Collector<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if rel.ends_with(".html") {
            let text = main_text(&String::from_utf8_lossy(bytes));
            self.texts.lock().insert(rel.to_string(), text);
        }
        self.inner.write(rel, bytes)
    }
    fn copy(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        self.inner.copy(rel, source)
    }
    fn text(&self, rel: &str, text: &str) {
        self.inner.text(rel, text);
    }
    fn link(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        self.inner.link(rel, source)
    }
    fn failed(&self, rel: &str) {
        self.inner.failed(rel);
    }
    fn is_disk(&self) -> bool {
        self.inner.is_disk()
    }
    fn holds(&self, rel: &str, source: &Path) -> bool {
        self.inner.holds(rel, source)
    }
}

/// One page in the index (short keys: the file is downloaded whole).
#[derive(Debug, Serialize)]
struct Entry<'a> {
    /// URL relative to the site root (`plans/week-11/`), so the script can
    /// resolve it against wherever the site is opened from.
    u: String,
    /// Title.
    t: &'a str,
    /// Section or kind, shown beside the title.
    s: &'a str,
    /// Readable text.
    x: &'a str,
}

/// The whole index, serialised straight from the entries (no intermediate
/// JSON value: on a 10,000-page site every copy of the text is tens of MiB).
#[derive(Debug, Serialize)]
struct Index<'a> {
    pages: Vec<Entry<'a>>,
}

/// The index script of the profile's pages, from the text each page showed.
/// The caller declares the script itself as its text (`Sink::text`): JSON
/// strings read as written, so an excluded title in one is found as in prose.
pub(crate) fn index(site: &Site, view: &View, texts: &PageTexts) -> String {
    index_over(site, view, texts, &PageTexts::default())
}

/// The index with the texts of `newer` (pages just re-rendered) over those of `base`.
pub(crate) fn index_over(site: &Site, view: &View, base: &PageTexts, newer: &PageTexts) -> String {
    let base = base.lock();
    let newer = newer.lock();
    let section_titles: HashMap<&str, &str> = site
        .content
        .sections
        .values()
        .filter_map(|s| {
            let index = s.index.filter(|&i| view.includes(i))?;
            Some((
                s.path.as_str(),
                view.page(&site.content, index).meta.title.as_str(),
            ))
        })
        .collect();
    let mut pages: Vec<Entry> = view
        .pages()
        .filter_map(|i| {
            let url = view.url(i);
            let file = url_to_file(url);
            let text = newer.get(&file).or_else(|| base.get(&file))?;
            let page = view.page(&site.content, i);
            let label = match page.kind() {
                Kind::CaseStudy => "Case study",
                Kind::WeekPlan => "Week plan",
                Kind::Deck => "Slides",
                Kind::Page if page.section.is_empty() => "",
                Kind::Page => section_titles
                    .get(page.section.as_str())
                    .copied()
                    .unwrap_or(""),
            };
            Some(Entry {
                u: url.trim_start_matches('/').to_string(),
                t: &page.meta.title,
                s: label,
                x: text,
            })
        })
        .collect();
    pages.sort_by(|a, b| a.u.cmp(&b.u));
    let mut js = b"window.tractionSearchIndex = ".to_vec();
    serde_json::to_writer(&mut js, &Index { pages }).expect("strings always serialise");
    js.extend_from_slice(b";\n");
    String::from_utf8(js).expect("serde_json writes UTF-8")
}

/// Elements whose content is not read as text.
const SKIPPED: [&str; 5] = ["script", "style", "svg", "template", "noscript"];

/// Elements that do not break a word: `<em>x</em>y` reads `xy`.
const INLINE: [&str; 18] = [
    "a", "abbr", "b", "bdi", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "s", "small",
    "span", "strong", "sub", "sup",
];

/// The readable text of a page's `<main>` (the whole document when it has
/// none): tags out, entities decoded, white space collapsed, at most
/// [`MAX_TEXT_BYTES`].
pub(crate) fn main_text(html: &str) -> String {
    let body = match html.find("<main") {
        Some(start) => {
            let end = html[start..]
                .find("</main>")
                .map_or(html.len(), |e| start + e);
            &html[start..end]
        }
        None => html,
    };
    let mut out = String::with_capacity(body.len() / 2);
    let mut rest = body;
    let mut skipping: Option<&str> = None;
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            push_text(&mut out, &rest[..lt]);
        }
        let after = &rest[lt + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            // A comment may hold `>`: it ends only at `-->`.
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[..gt];
        let closing = tag.starts_with('/');
        let tag_name = tag.trim_start_matches('/');
        let name = &tag_name[..tag_name
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag_name.len())];
        let is = |known: &str| known.eq_ignore_ascii_case(name);
        match skipping {
            Some(open) if closing && is(open) => skipping = None,
            Some(_) => {}
            None => {
                if let Some(skip) = SKIPPED.iter().copied().find(|k| is(k)) {
                    if !closing && !tag.ends_with('/') {
                        skipping = Some(skip);
                    }
                } else if !INLINE.iter().any(|k| is(k)) {
                    out.push(' ');
                }
            }
        }
        rest = &after[gt + 1..];
    }
    if skipping.is_none() {
        push_text(&mut out, rest);
    }
    let mut text = String::with_capacity(out.len());
    for word in out.split_whitespace() {
        if text.len() + word.len() + 1 > MAX_TEXT_BYTES {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
    text
}

/// Appends text between tags, entities decoded.
fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| entity(&after[..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// The character of an entity name (`amp`, `#39`, `#x27`).
fn entity(name: &str) -> Option<char> {
    let named = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "rarr" => '→',
        "middot" => '·',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            return char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace());
        }
    };
    Some(named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_text_reads_only_main_without_tags_scripts_or_charts() {
        let html = "<html><head><title>T</title></head><body><nav>Menu</nav>\
            <main id=\"main\"><h1>Week&nbsp;11</h1><p>Ship the <em>pick</em>list &amp; \
            labels</p><script>var x = 1;</script><svg><text>42</text></svg>\
            <td>Done</td></main><footer>©</footer></body></html>";
        assert_eq!(main_text(html), "Week 11 Ship the picklist & labels Done");
    }

    #[test]
    fn main_text_survives_broken_markup_and_odd_entities() {
        assert_eq!(
            main_text("<main>a &bogus; b &#0; &#x41;"),
            "a &bogus; b &#0; A"
        );
        assert_eq!(main_text("<main>a <b"), "a");
        assert_eq!(main_text("no main at all"), "no main at all");
        assert_eq!(main_text("<main><script>never closed"), "");
        assert_eq!(main_text("<main>a<!-- x > y -->b <!-- open"), "ab");
    }

    #[test]
    fn long_pages_are_cut_at_a_word() {
        let html = format!("<main>{}</main>", "word ".repeat(10_000));
        let text = main_text(&html);
        assert!(text.len() <= MAX_TEXT_BYTES);
        assert!(text.ends_with("word"));
    }
}
