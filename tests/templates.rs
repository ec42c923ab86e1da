//! Page bodies and templates against hostile data and runaway templates.

mod common;

use common::*;

const SITE: &str = "title: Fixture\nbase_url: https://fixture.example\n";

#[test]
fn data_printed_in_a_page_body_is_escaped_unless_marked_safe() {
    let tmp = tempfile::tempdir().unwrap();
    write_site(
        tmp.path(),
        &[
            ("site.yaml", SITE),
            (
                "content/_index.md",
                "---\ntitle: Home\n---\nOur customers: {% for c in data.team %}{{ c.name }}; {% endfor %}\n\nTrusted: {{ data.team[1].name | safe }}\n",
            ),
            (
                "data/team.yaml",
                "- name: \"</title><script>alert(1)</script>\"\n- name: \"<b>Acme</b> & Co\"\n",
            ),
        ],
    );
    let out = traction(tmp.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    let html = std::fs::read_to_string(tmp.path().join("output/index.html")).unwrap();
    assert!(
        !html.contains("<script>alert"),
        "raw data in the page: {html}"
    );
    assert!(
        html.contains("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("Trusted: <b>Acme</b> &amp; Co"),
        "`| safe` keeps the markup: {html}"
    );
}
