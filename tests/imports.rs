//! Pages imported from Hugo and Zola (issue 20, points 6 and 7): TOML front
//! matter, shortcodes named as such, template comments reported, and every
//! unknown key of a page in one build.

mod common;

use common::*;

const SITE: &str = "title: Fixture\nbase_url: https://fixture.example\n";

fn site_with(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let mut files = vec![
        ("site.yaml", SITE),
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/blog/_index.md",
            "---\ntitle: Blog\nvisibility: public\n---\n",
        ),
    ];
    files.extend_from_slice(extra);
    write_site(tmp.path(), &files);
    tmp
}

#[test]
fn a_toml_page_builds_like_a_yaml_one() {
    let page = "+++\ntitle = \"From Hugo\"\nvisibility = \"public\"\n+++\n\n## Hello {#greeting}\n\nBody.\n";
    let site = site_with(&[("content/blog/hugo.md", page)]);
    let out = traction(site.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    let html = std::fs::read_to_string(site.path().join("output/blog/hugo/index.html"))
        .expect("the TOML page is written");
    assert!(html.contains("From Hugo"), "{html}");
    assert!(html.contains("id=\"greeting\""), "{html}");
}

#[test]
fn three_unknown_keys_are_three_located_errors_in_one_build() {
    let page = "---\ntitle: T\nvisibilty: public\ndescriptoin: D\nweigth: 2\n---\nBody\n";
    let site = site_with(&[("content/blog/typos.md", page)]);
    let out = traction(site.path(), &["build"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    for (line, key, meant) in [
        (3, "visibilty", "visibility"),
        (4, "descriptoin", "description"),
        (5, "weigth", "weight"),
    ] {
        assert!(
            t.contains(&format!("content/blog/typos.md:{line}")),
            "{key}: {t}"
        );
        assert!(t.contains(key), "{t}");
        assert!(
            t.contains(&format!("did you mean `{meant}`?")),
            "{meant}: {t}"
        );
    }
}

#[test]
fn shortcodes_are_named_with_their_equivalent_and_located() {
    let page =
        "---\ntitle: T\n---\nIntro\n\n{{< figure src=\"a.png\" >}}\n\n{{ youtube(id=\"abc\") }}\n";
    let site = site_with(&[("content/blog/short.md", page)]);
    let out = traction(site.path(), &["build"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("content/blog/short.md:6:1"), "{t}");
    assert!(t.contains("`figure` is a Hugo shortcode"), "{t}");
    assert!(t.contains("![alt text]"), "{t}");
    assert!(t.contains("content/blog/short.md:8:1"), "{t}");
    assert!(t.contains("`youtube(...)` is a Zola shortcode"), "{t}");
}

#[test]
fn a_template_comment_in_a_body_is_a_warning_with_its_line() {
    let page = "---\ntitle: T\nvisibility: public\n---\nKept.\n\n{# TODO: check the figures #}\n";
    let site = site_with(&[("content/blog/note.md", page)]);
    let out = traction(site.path(), &["build"]);
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    assert!(t.contains("content/blog/note.md:7:1"), "{t}");
    assert!(t.contains("template comment"), "{t}");
}
