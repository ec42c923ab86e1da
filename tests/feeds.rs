//! Atom feeds of case studies (issue 16): parsed by a real parser (Python's
//! feedparser), the alias in anonymising editions, linked from every page.

mod common;

use common::*;

fn built_example() -> tempfile::TempDir {
    let site = example_site();
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", text(&out));
    site
}

const CHECK: &str = "import sys, json, feedparser\n\
d = feedparser.parse(sys.argv[1])\n\
assert not d.bozo, d.bozo_exception\n\
assert d.version == 'atom10', d.version\n\
print(json.dumps({'title': d.feed.title, 'id': d.feed.id, 'updated': d.feed.updated,\n\
  'self': [l.href for l in d.feed.links if l.rel == 'self'],\n\
  'entries': [{'title': e.title, 'id': e.id, 'link': e.link, 'updated': e.updated,\n\
               'summary': e.summary, 'content': e.content[0].value} for e in d.entries]}))\n";

fn parse(path: &std::path::Path) -> serde_json::Value {
    let out = python(CHECK, &[path]);
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn the_case_study_feed_parses_and_carries_the_alias_in_the_public_edition() {
    if !have_python_module("feedparser") {
        return;
    }
    let site = built_example();
    let public = parse(&site.path().join("output/public/case-studies/atom.xml"));
    assert_eq!(
        public["self"][0],
        "https://acme.example/case-studies/atom.xml"
    );
    let entries = public["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{public}");
    for e in entries {
        assert!(
            e["link"]
                .as_str()
                .unwrap()
                .starts_with("https://acme.example/case-studies/")
        );
        assert_eq!(e["id"], e["link"]);
    }
    let all = public.to_string().to_lowercase();
    assert!(!all.contains("cascade provisions"), "{all}");
    assert!(!all.contains("cascade-provisions"), "{all}");
    assert!(
        all.contains("a multi-channel specialty food distributor"),
        "{all}"
    );
    // Newest first, dated from front matter.
    assert_eq!(public["updated"], "2026-02-13T00:00:00Z");
    assert_eq!(entries[0]["updated"], "2026-02-13T00:00:00Z");
    // The internal edition names the customer (so the check above can fail).
    let internal = parse(&site.path().join("output/internal/case-studies/atom.xml"));
    assert!(internal.to_string().contains("Cascade Provisions"));
}

#[test]
fn undated_stories_take_source_date_epoch_and_feeds_are_linked_from_head() {
    if !have_python_module("feedparser") {
        return;
    }
    let site = example_site();
    for file in [
        "northwind-logistics",
        "harbor-and-pine",
        "cascade-provisions",
    ] {
        let path = site.path().join(format!("content/case-studies/{file}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        let undated: Vec<&str> = text.lines().filter(|l| !l.starts_with("date:")).collect();
        std::fs::write(&path, undated.join("\n") + "\n").unwrap();
    }
    let out = traction(site.path(), &["build", "--no-pdf", "--profile", "public"]);
    assert!(out.status.success(), "{}", text(&out));
    let feed = parse(&site.path().join("output/public/case-studies/atom.xml"));
    // EPOCH is 2026-01-27T00:00:00Z.
    assert_eq!(feed["updated"], "2026-01-27T00:00:00Z", "{feed}");
    let home = std::fs::read_to_string(site.path().join("output/public/index.html")).unwrap();
    assert!(
        home.contains(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Customer stories\" href=\"case-studies/atom.xml\">"
        ),
        "{home}"
    );
}

#[test]
fn a_feed_is_a_reserved_slug() {
    let site = example_site();
    write_site(
        site.path(),
        &[(
            "content/case-studies/atom.md",
            "---\ntitle: A\nkind: page\nslug: atom.xml\nvisibility: public\n---\nx\n",
        )],
    );
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("slug `atom.xml` is a file traction writes"),
        "{}",
        text(&out)
    );
}
