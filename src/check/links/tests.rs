//! The link index and link classification, on plain HTML and CSS.

use super::*;

#[test]
fn css_urls_are_links() {
    let s = scan_css(
        "",
        "css/site.css",
        b"@font-face { src: url('../fonts/inter.woff2') } a { background: url(data:x) } b { background: url( \"/img/a.png\" ) }",
    );
    let keys: Vec<&str> = s.internal.iter().map(|l| &*l.key).collect();
    assert_eq!(keys, vec!["fonts/inter.woff2", "img/a.png"]);
}

#[test]
fn html_facts_are_read_from_attributes_only() {
    let f = scan_html(
        br#"<html><head><link rel="stylesheet" href="/css/site.css"><script>var a = "<a href='x'>";</script></head>
<body><h2 id="goal">Goal</h2><a href="/plans/week-10/#risks">w</a><img src='img/a.png' alt="x">
<pre><code>&lt;a href=&quot;nope&quot;&gt;</code></pre><a name=top2 href=#goal>t</a><!-- <a href="gone"> --></body></html>"#,
    );
    let links: Vec<&str> = f.links.iter().map(|(l, _)| &**l).collect();
    assert_eq!(
        links,
        vec![
            "/css/site.css",
            "/plans/week-10/#risks",
            "img/a.png",
            "#goal"
        ]
    );
    assert!(f.links[2].1);
    assert!(f.has_id("goal") && f.has_id("top2"));
}

#[test]
fn a_host_that_merely_starts_with_the_base_url_is_external() {
    let no_ids = |_: &str| false;
    let evil = classify(
        "https://example.com",
        "index.html",
        "https://example.com.evil/x",
        false,
        &no_ids,
    );
    assert!(matches!(
        evil,
        Some(Found::External("https://example.com.evil/x"))
    ));
    let ours = classify(
        "https://example.com",
        "index.html",
        "https://example.com/a/",
        false,
        &no_ids,
    );
    assert!(matches!(ours, Some(Found::Internal(Link { ref key, .. })) if key == "a/"));
    let root = classify(
        "https://example.com",
        "index.html",
        "https://example.com",
        false,
        &no_ids,
    );
    assert!(matches!(root, Some(Found::Internal(Link { ref key, .. })) if key.is_empty()));
}

#[test]
fn malformed_percent_escapes_before_multibyte_characters_do_not_panic() {
    for html in [
        &b"<a href=\"#%a\xc3\xa9\">x</a>"[..],
        b"<a href=\"/x/%\xc3\xa9\">x</a>",
        b"<a href=\"/x/#%\xe2\x82\xac%\">x</a>",
        b"<a href=\"a%ff%fe\">x</a>",
    ] {
        let s = scan("", "index.html", html);
        assert_eq!(s.internal.len(), 1);
    }
    assert_eq!(percent_decode("%2e%2E%zz%"), "..%zz%");
    assert_eq!(percent_decode("caf%C3%A9"), "café");
}

#[test]
fn relative_links_and_links_under_the_base_path_resolve_to_site_files() {
    let html = br#"<a href="../week-11/index.html#goal">w</a><a href="/repo/css/site.css">c</a><a href="../../../x">x</a><a href="./week-11/">odd</a>"#;
    let s = scan(
        "https://org.github.io/repo",
        "plans/week-10/index.html",
        html,
    );
    let found: Vec<(&str, Option<&str>)> = s
        .internal
        .iter()
        .map(|l| (&*l.key, l.written.as_deref()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("plans/week-11/index.html#goal", None),
            ("css/site.css", None),
            ("!../../../x", None),
            ("plans/week-10/week-11/", Some("./week-11/")),
        ]
    );
}

#[test]
fn external_links_and_relative_joins() {
    assert!(is_external("https://x.example/a"));
    assert!(is_external("//cdn.example/x.js"));
    assert!(is_external("mailto:a@b"));
    assert!(!is_external("/a:b/"));
    assert!(!is_external("#x"));
    assert_eq!(
        join("plans/week-10/index.html", "../week-11/").as_deref(),
        Some("plans/week-11/")
    );
    assert_eq!(
        join("plans/week-10/index.html", "chart.png").as_deref(),
        Some("plans/week-10/chart.png")
    );
    assert_eq!(join("index.html", "../../x"), None);
    assert_eq!(join("a/index.html", "/").as_deref(), Some(""));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// What the renderer writes, the link check reads back to the same file.
    #[test]
    fn a_relative_link_resolves_to_the_site_path_it_was_made_from(
        from in proptest::collection::vec("[a-z0-9-]{1,3}", 0..4),
        to in proptest::collection::vec("[a-z0-9-]{1,3}", 0..4),
        folder in proptest::bool::ANY,
    ) {
        let from = from.iter().map(|s| format!("{s}/")).collect::<String>() + "index.html";
        let url = format!("/{}{}", to.join("/"), if folder && !to.is_empty() { "/" } else { "" });
        let written = urls::relative(&from, &url).expect("a site-root path");
        let expected = match url.strip_prefix('/').unwrap() {
            p if p.is_empty() || p.ends_with('/') => format!("{p}index.html"),
            p => p.to_string(),
        };
        proptest::prop_assert_eq!(join(&from, &written), Some(expected));
    }

    /// Any text, markup or not, is rewritten without a panic.
    #[test]
    fn rewriting_any_text_never_panics(html in "[<>=\"' a-z/!\\-#?.é]{0,60}") {
        let _ = urls::rewrite_html(&html, urls::Base::Page("a/b/index.html"));
        let _ = urls::rewrite_html(&html, urls::Base::Root("/repo"));
    }
}
