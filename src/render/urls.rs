//! How a page links to the rest of its site. Templates, menus, `url_for` and
//! Markdown links all speak in site-root paths (`/plans/week-10/`); a page's
//! HTML is rewritten once, after rendering, so that every such path is
//! relative to the page (`../week-10/index.html`). The site then works from
//! `file://`, on any host and under any path (`base_url:
//! https://org.github.io/repo`) without a template knowing where it lives.
//!
//! Links to folders name their `index.html`: a browser opening files from disk
//! shows a folder listing otherwise, while every host (and `traction serve`)
//! serves `/plans/week-10/index.html` and `/plans/week-10/` alike. Absolute
//! URLs (`https://...`, sitemap, feeds, `page.permalink`) are left alone.
//!
//! The 404 page is the exception: a host serves it at any depth, so a relative
//! link would resolve against the missing URL. Its paths get the path of
//! `base_url` in front (`/repo/plans/week-10/index.html`) instead.

use std::borrow::Cow;

/// Where a page's site-root paths should point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base<'a> {
    /// Relative to the output file (its path inside the profile's folder).
    Page(&'a str),
    /// Under the path of the site's `base_url` (`""` or `/repo`), for pages served at any URL.
    Root(&'a str),
}

/// Attributes that hold one URL.
const URL_ATTRIBUTES: &[&[u8]] = &[
    b"href",
    b"src",
    b"action",
    b"formaction",
    b"poster",
    b"cite",
    b"data",
    b"xlink:href",
    b"data-url",
    b"data-href",
    b"data-src",
];

/// `url` (a site-root path, `/a/b/?q#f`) written from output file `from`
/// (`plans/week-10/index.html`); `None` when `url` is not a site-root path or
/// has `.`/`..` segments (left as written, so the link check names it).
pub(crate) fn relative(from: &str, url: &str) -> Option<String> {
    let (path, tail) = split_path(url)?;
    Some(pieces(from, &path[1..], tail).collect())
}

/// Whether `link` is how a page at `from` is written to link `target` (a
/// site path as the link check keys it: `plans/week-11/index.html#goal`).
/// Compares piece by piece: the link check asks this of every link.
pub(crate) fn writes_as(from: &str, target: &str, link: &str) -> bool {
    let end = target.find(['?', '#']).unwrap_or(target.len());
    let mut rest = link;
    for piece in pieces(from, &target[..end], &target[end..]) {
        match rest.strip_prefix(piece) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// The relative link from `from` to site path `path` (no leading `/`), in pieces.
fn pieces<'a>(from: &'a str, path: &'a str, tail: &'a str) -> impl Iterator<Item = &'a str> {
    let segments = |dir: &'a str| dir.split('/').filter(|s| !s.is_empty());
    let from_dir = from.rfind('/').map_or("", |k| &from[..k]);
    let (target_dir, file) = path
        .rfind('/')
        .map_or(("", path), |k| (&path[..k], &path[k + 1..]));
    let common = segments(from_dir)
        .zip(segments(target_dir))
        .take_while(|(a, b)| a == b)
        .count();
    let ups = segments(from_dir).count() - common;
    std::iter::repeat_n("../", ups)
        .chain(segments(target_dir).skip(common).flat_map(|s| [s, "/"]))
        .chain(std::iter::once(if file.is_empty() {
            "index.html"
        } else {
            file
        }))
        .chain(std::iter::once(tail))
}

/// `url` (a site-root path) under `base_path` (`/repo`), folders naming their `index.html`.
pub(crate) fn under(base_path: &str, url: &str) -> Option<String> {
    let (path, tail) = split_path(url)?;
    let index = if path.ends_with('/') {
        "index.html"
    } else {
        ""
    };
    Some(format!("{base_path}{path}{index}{tail}"))
}

/// The path of a base URL: `https://org.github.io/repo/` -> `/repo`, `https://a.example` -> ``.
pub(crate) fn base_path(base_url: &str) -> &str {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    rest.find('/')
        .map_or("", |k| rest[k..].trim_end_matches('/'))
}

/// `link` without the path of `base_url` in front, when it is a site-root path under it.
pub(crate) fn strip_base_path<'l>(base_url: &str, link: &'l str) -> &'l str {
    if !link.starts_with('/') {
        return link;
    }
    let path = base_path(base_url);
    match link.strip_prefix(path) {
        Some(rest) if !path.is_empty() && rest.starts_with('/') => rest,
        Some("") if !path.is_empty() => "/",
        _ => link,
    }
}

/// `plans/week-10/index.html` -> `plans/week-10/` (the URL a page is known by).
pub(crate) fn clean_url(path: &str) -> &str {
    path.strip_suffix("index.html")
        .filter(|p| p.is_empty() || p.ends_with('/'))
        .unwrap_or(path)
}

/// Splits a site-root URL into its path and its `?query#fragment`; `None`
/// for anything else (`https://`, `//host`, `#id`, `a/b`) and for paths with
/// `.` or `..` segments or backslashes, which no template writes on purpose.
fn split_path(url: &str) -> Option<(&str, &str)> {
    if !url.starts_with('/') || url.starts_with("//") {
        return None;
    }
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let path = &url[..end];
    let odd = path.contains('\\')
        || path[1..]
            .split('/')
            .any(|s| s == "." || s == ".." || s.eq_ignore_ascii_case("%2e%2e"));
    (!odd).then_some((path, &url[end..]))
}

fn rewrite(value: &str, base: Base<'_>) -> Option<String> {
    match base {
        Base::Page(from) => relative(from, value),
        Base::Root(path) => under(path, value),
    }
}

/// `html` with every site-root URL in a URL attribute (and each candidate of a
/// `srcset`) rewritten for `base`. Text, scripts and styles are left alone.
pub(crate) fn rewrite_html<'h>(html: &'h str, base: Base<'_>) -> Cow<'h, str> {
    let bytes = html.as_bytes();
    let n = bytes.len();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = bytes[i..].iter().position(|&b| b == b'<') {
        i += lt + 1;
        if html[i..].starts_with("!--") {
            match html[i..].find("-->") {
                Some(end) => i += end + 3,
                None => break,
            }
            continue;
        }
        if i >= n || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let tag_start = i;
        while i < n && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let tag = &html[tag_start..i];
        while i < n && bytes[i] != b'>' {
            if !bytes[i].is_ascii_whitespace() && bytes[i] != b'/' {
                i += 1;
                continue;
            }
            while i < n && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            let name_start = i;
            while i < n
                && !matches!(bytes[i], b'=' | b'>' | b'/')
                && !bytes[i].is_ascii_whitespace()
            {
                i += 1;
            }
            let name = &bytes[name_start..i];
            if i >= n || bytes[i] != b'=' {
                continue;
            }
            i += 1;
            let (start, end, next) = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = bytes[i + 1..]
                        .iter()
                        .position(|&b| b == q)
                        .map_or(n, |e| i + 1 + e);
                    (i + 1, end, (end + 1).min(n))
                }
                _ => {
                    let end = bytes[i..]
                        .iter()
                        .position(|&b| b.is_ascii_whitespace() || b == b'>')
                        .map_or(n, |e| i + e);
                    (i, end, end)
                }
            };
            i = next;
            let value = &html[start.min(end)..end];
            let new = if name.eq_ignore_ascii_case(b"srcset") {
                rewrite_srcset(value, base)
            } else if URL_ATTRIBUTES.iter().any(|a| name.eq_ignore_ascii_case(a)) {
                rewrite(value, base)
            } else {
                None
            };
            if let Some(new) = new {
                out.push_str(&html[copied..start]);
                out.push_str(&new);
                copied = end;
            }
        }
        let close = if tag.eq_ignore_ascii_case("script") {
            "</script"
        } else if tag.eq_ignore_ascii_case("style") {
            "</style"
        } else {
            continue;
        };
        match html[i.min(n)..].find(close) {
            Some(end) => i += end,
            None => break,
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// `a.png 1x, /b.png 2x`: each candidate's URL rewritten.
fn rewrite_srcset(value: &str, base: Base<'_>) -> Option<String> {
    let mut changed = false;
    let candidates: Vec<String> = value
        .split(',')
        .map(|candidate| {
            let trimmed = candidate.trim_start();
            let url_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            match rewrite(&trimmed[..url_end], base) {
                Some(url) => {
                    changed = true;
                    format!("{url}{}", &trimmed[url_end..])
                }
                None => trimmed.to_string(),
            }
        })
        .collect();
    changed.then(|| candidates.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_root_paths_become_relative_to_the_page_at_any_depth() {
        let week = "plans/week-10/index.html";
        assert_eq!(
            relative(week, "/plans/week-11/").unwrap(),
            "../week-11/index.html"
        );
        assert_eq!(relative(week, "/").unwrap(), "../../index.html");
        assert_eq!(
            relative(week, "/css/site.css").unwrap(),
            "../../css/site.css"
        );
        assert_eq!(relative(week, "/plans/week-10/").unwrap(), "index.html");
        assert_eq!(relative(week, "/plans/").unwrap(), "../index.html");
        assert_eq!(relative("index.html", "/").unwrap(), "index.html");
        assert_eq!(
            relative("index.html", "/plans/week-10/").unwrap(),
            "plans/week-10/index.html"
        );
        assert_eq!(relative("404.html", "/favicon.svg").unwrap(), "favicon.svg");
        assert_eq!(
            relative("a/b/c/index.html", "/a/x/y.pdf").unwrap(),
            "../../x/y.pdf"
        );
    }

    #[test]
    fn anchors_and_query_strings_survive_relativising() {
        let week = "plans/week-10/index.html";
        assert_eq!(
            relative(week, "/plans/week-11/#goal").unwrap(),
            "../week-11/index.html#goal"
        );
        assert_eq!(
            relative(week, "/css/site.css?v=2#x").unwrap(),
            "../../css/site.css?v=2#x"
        );
        assert_eq!(relative(week, "/?q=a/b").unwrap(), "../../index.html?q=a/b");
    }

    #[test]
    fn dot_segments_and_non_root_urls_are_left_as_written() {
        let week = "plans/week-10/index.html";
        for url in [
            "/../secret",
            "/plans/../x/",
            "/./x",
            "/a/%2E%2E/b",
            "/a\\..\\b",
            "//evil.example/x",
            "https://acme.example/",
            "#goal",
            "week-11/",
            "mailto:a@b.c",
            "",
        ] {
            assert_eq!(relative(week, url), None, "{url}");
        }
    }

    #[test]
    fn a_link_is_recognised_as_the_relative_form_of_its_target() {
        let week = "plans/week-10/index.html";
        assert!(writes_as(
            week,
            "plans/week-11/index.html#goal",
            "../week-11/index.html#goal"
        ));
        assert!(writes_as(week, "index.html", "../../index.html"));
        assert!(writes_as("index.html", "index.html", "index.html"));
        assert!(!writes_as(
            week,
            "plans/week-11/index.html",
            "./../week-11/index.html"
        ));
        assert!(!writes_as(week, "plans/week-11/index.html", "../week-11/"));
        assert!(!writes_as(
            week,
            "plans/week-11/index.html",
            "../week-11/index.html#x"
        ));
    }

    #[test]
    fn base_path_is_the_path_of_base_url() {
        assert_eq!(base_path("https://org.github.io/repo/"), "/repo");
        assert_eq!(base_path("https://org.github.io/a/b"), "/a/b");
        assert_eq!(base_path("https://acme.example"), "");
        assert_eq!(base_path("https://acme.example/"), "");
        assert_eq!(
            under("/repo", "/plans/#x").unwrap(),
            "/repo/plans/index.html#x"
        );
        assert_eq!(under("", "/css/site.css").unwrap(), "/css/site.css");
    }

    #[test]
    fn html_attributes_are_rewritten_and_text_scripts_styles_are_not() {
        let html = concat!(
            "<!-- <a href=\"/c/\"> --><link rel=stylesheet href=/css/site.css>",
            "<a class=\"x\" href=\"/plans/week-11/#goal\" title=\"/not/a/link\">/plans/</a>",
            "<img src='/logo.svg' srcset=\"/a.png 1x, /b.png 2x\" alt=\"\">",
            "<a href=\"https://acme.example/x/\">x</a><a href=\"#top\">t</a>",
            "<script>const u = \"<a href='/x/'>\";</script><style>a{background:url(/x.png)}</style>",
            "<form action=\"/search/\"></form><div data-url=\"/search.json\"></div>",
        );
        let out = rewrite_html(html, Base::Page("plans/week-10/index.html"));
        let expected = concat!(
            "<!-- <a href=\"/c/\"> --><link rel=stylesheet href=../../css/site.css>",
            "<a class=\"x\" href=\"../week-11/index.html#goal\" title=\"/not/a/link\">/plans/</a>",
            "<img src='../../logo.svg' srcset=\"../../a.png 1x, ../../b.png 2x\" alt=\"\">",
            "<a href=\"https://acme.example/x/\">x</a><a href=\"#top\">t</a>",
            "<script>const u = \"<a href='/x/'>\";</script><style>a{background:url(/x.png)}</style>",
            "<form action=\"../../search/index.html\"></form><div data-url=\"../../search.json\"></div>",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn the_404_page_links_under_the_base_path() {
        let out = rewrite_html(
            "<a href=\"/\">home</a><link href=\"/css/site.css\">",
            Base::Root("/repo"),
        );
        assert_eq!(
            out,
            "<a href=\"/repo/index.html\">home</a><link href=\"/repo/css/site.css\">"
        );
    }

    #[test]
    fn a_page_without_site_root_links_is_returned_as_is() {
        let html = "<p>plain <a href=\"#x\">x</a></p>";
        assert!(matches!(
            rewrite_html(html, Base::Page("index.html")),
            Cow::Borrowed(_)
        ));
        // Truncated markup ends the scan without a panic.
        for cut in [
            "<a href=\"/x",
            "<a href=",
            "<",
            "<!--",
            "<script>",
            "<a href=/x",
        ] {
            let _ = rewrite_html(cut, Base::Page("a/index.html"));
        }
    }
}
