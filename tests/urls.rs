//! How pages link: written from the site root by templates, `url_for` and
//! Markdown, shipped relative to each page (folders as `index.html`), so a
//! build opens from disk and under any path; the link check still resolves
//! every such link and names broken ones.

mod common;

use common::*;

fn fixture() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write_site(
        tmp.path(),
        &[
            (
                "site.yaml",
                "title: Links\nbase_url: https://org.github.io/repo/\n",
            ),
            (
                "content/_index.md",
                "---\ntitle: Home\n---\n## Start\n\n[Deep](a/b/deep.md#goal)\n",
            ),
            ("content/a/_index.md", "---\ntitle: A\n---\n"),
            (
                "content/a/b/deep.md",
                concat!(
                    "---\ntitle: Deep\n---\n## Goal\n\n",
                    "[home](../../_index.md) [top](/#start) [self](#goal) [css]({{ url_for(path=\"css/site.css?v=2\") }})\n\n",
                    "<a href=\"/a/\">raw root link</a> <a href=\"https://org.github.io/repo/a/\">absolute</a>\n",
                ),
            ),
        ],
    );
    tmp
}

#[test]
fn links_are_relative_at_every_depth_with_anchors_and_queries_kept() {
    let site = fixture();
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", text(&out));
    let read = |p: &str| std::fs::read_to_string(site.path().join("output").join(p)).unwrap();
    let home = read("index.html");
    assert!(home.contains("href=\"a/b/deep/index.html#goal\""), "{home}");
    assert!(home.contains("href=\"css/site.css\""), "{home}");
    let deep = read("a/b/deep/index.html");
    for link in [
        "href=\"../../../index.html\"",
        "href=\"../../../index.html#start\"",
        "href=\"#goal\"",
        "href=\"../../../css/site.css?v=2\"",
        "href=\"../../index.html\"",
        // Absolute URLs stay absolute, with the path of base_url.
        "href=\"https://org.github.io/repo/a/\"",
    ] {
        assert!(deep.contains(link), "{link}: {deep}");
    }
    assert!(
        !deep.contains("href=\"/"),
        "no site-root link is left: {deep}"
    );
    let not_found = read("404.html");
    assert!(
        not_found.contains("href=\"/repo/css/site.css\""),
        "{not_found}"
    );
    assert!(
        not_found.contains("href=\"/repo/index.html\""),
        "{not_found}"
    );
    // The link check reads every relative link back.
    let out = traction(site.path(), &["check"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_broken_relative_link_is_still_found_and_located() {
    let site = fixture();
    replace_in(
        site.path(),
        "content/a/b/deep.md",
        "href=\"/a/\"",
        "href=\"/a/gone/\"",
    );
    replace_in(
        site.path(),
        "content/_index.md",
        "## Start",
        "## Start\n\n[x](../../x/)",
    );
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("content/a/b/deep.md:8"), "{t}");
    assert!(t.contains("/a/gone/"), "{t}");
    assert!(t.contains("content/_index.md:6"), "{t}");
    assert!(t.contains("leaves the site"), "{t}");
}
