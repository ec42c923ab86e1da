//! Atom feeds (RFC 4287) of a profile's case studies: `<section>/atom.xml` for
//! every section that holds case studies the profile shows.
//!
//! Pages are read through the view, so an anonymising profile's feed carries
//! the alias and the anonymised summary and metrics, as its pages do. Every
//! date comes from the content or from "now" (`SOURCE_DATE_EPOCH`), so feeds
//! are byte-identical between builds of the same input.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::audience::{self, View};
use crate::content::{Kind, KindData, section_url};
use crate::render::extras::xml_escape;
use crate::site::Site;

/// Name of a section's feed file.
pub(crate) const FEED_FILE: &str = "atom.xml";

/// A feed to link from `<head>`: output path and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeedLink {
    /// `case-studies/atom.xml`.
    pub path: String,
    /// The section's title.
    pub title: String,
}

/// The case studies of the profile, by section path.
fn case_studies_by_section(site: &Site, view: &View) -> BTreeMap<String, Vec<usize>> {
    let mut by_section: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in audience::pages_of_kind(&site.content, view, Kind::CaseStudy) {
        let section = view.page(&site.content, i).section.clone();
        by_section.entry(section).or_default().push(i);
    }
    by_section
}

fn feed_path(section: &str) -> String {
    format!(
        "{}{FEED_FILE}",
        section_url(section).trim_start_matches('/')
    )
}

/// The section's title as the profile shows it (its `_index.md`), else its path.
fn section_title(site: &Site, view: &View, section: &str) -> String {
    site.content
        .sections
        .get(section)
        .and_then(|s| s.index)
        .filter(|&i| view.includes(i))
        .map_or_else(
            || section.to_string(),
            |i| view.page(&site.content, i).meta.title.clone(),
        )
}

/// The feeds of the profile, for `<head>` links and `url_for`.
pub(crate) fn links(site: &Site, view: &View) -> Vec<FeedLink> {
    case_studies_by_section(site, view)
        .into_keys()
        .map(|section| FeedLink {
            path: feed_path(&section),
            title: section_title(site, view, &section),
        })
        .collect()
}

/// Every feed of the profile by output path.
pub(crate) fn feeds(site: &Site, view: &View) -> BTreeMap<String, String> {
    case_studies_by_section(site, view)
        .into_iter()
        .map(|(section, pages)| (feed_path(&section), feed(site, view, &section, &pages)))
        .collect()
}

/// RFC 3339 time of a date at midnight UTC.
fn at_midnight(date: jiff::civil::Date) -> String {
    format!("{date}T00:00:00Z")
}

fn feed(site: &Site, view: &View, section: &str, pages: &[usize]) -> String {
    let base = &view.profile.base_url;
    let now = site
        .now
        .timestamp()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let mut entries: Vec<(String, String, String)> = pages
        .iter()
        .map(|&i| {
            let page = view.page(&site.content, i);
            let updated = page.meta.date.map_or_else(|| now.clone(), at_midnight);
            let url = format!("{base}{}", view.url(i));
            let entry = entry(site, view, i, &url, &updated);
            (updated, url, entry)
        })
        .collect();
    // Newest first, as readers expect; the URL breaks ties deterministically.
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let updated = entries.first().map_or(now, |e| e.0.clone());
    let title = format!(
        "{} · {}",
        section_title(site, view, section),
        site.config.title
    );
    let section_link = format!("{base}{}", section_url(section));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml_escape(&site.config.language)
    );
    let _ = writeln!(xml, "  <title>{}</title>", xml_escape(&title));
    let _ = writeln!(xml, "  <id>{}</id>", xml_escape(&section_link));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(&format!("{section_link}{FEED_FILE}"))
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&section_link)
    );
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        xml_escape(&site.config.company)
    );
    xml.push_str("  <generator>traction</generator>\n");
    for (_, _, entry) in entries {
        xml.push_str(&entry);
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry(site: &Site, view: &View, i: usize, url: &str, updated: &str) -> String {
    let page = view.page(&site.content, i);
    let mut xml = String::from("  <entry>\n");
    let _ = writeln!(xml, "    <title>{}</title>", xml_escape(&page.meta.title));
    let _ = writeln!(xml, "    <id>{}</id>", xml_escape(url));
    let _ = writeln!(
        xml,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(url)
    );
    if let Some(pdf) = view.pdf_path(&site.content, i) {
        let _ = writeln!(
            xml,
            "    <link rel=\"enclosure\" type=\"application/pdf\" href=\"{}\"/>",
            xml_escape(&format!("{}/{pdf}", view.profile.base_url))
        );
    }
    let _ = writeln!(xml, "    <updated>{updated}</updated>");
    if let Some(date) = page.meta.date {
        let _ = writeln!(xml, "    <published>{}</published>", at_midnight(date));
    }
    for tag in &page.meta.tags {
        let _ = writeln!(xml, "    <category term=\"{}\"/>", xml_escape(tag));
    }
    if let KindData::CaseStudy(case) = &page.data {
        let customer = audience::shown_customer(site, &view.profile, case);
        let _ = writeln!(xml, "    <summary>{}</summary>", xml_escape(&case.summary));
        let mut html = format!("<p><strong>{}</strong>", xml_escape(&customer));
        if let Some(industry) = &case.industry {
            let _ = write!(html, " · {}", xml_escape(industry));
        }
        html.push_str("</p>\n");
        let _ = writeln!(html, "<p>{}</p>", xml_escape(&case.summary));
        html.push_str("<ul>\n");
        let live = crate::render::values::facts(site, page, case).is_live();
        for m in &case.metrics {
            let shown = crate::render::metrics::shown(m, live, site.config.changes.min_base);
            let value = match (m.pair(), m.result()) {
                (Some((before, after)), _) => format!("{} → {}", before.text, after.text),
                (None, Some(value)) => value.text.clone(),
                (None, None) => continue,
            };
            // A customer not yet live has targets, and says so.
            let target = if shown.target { " (target)" } else { "" };
            let _ = writeln!(
                html,
                "<li>{}: {}{target}</li>",
                xml_escape(&m.label),
                xml_escape(&value),
            );
        }
        html.push_str("</ul>");
        let _ = writeln!(
            xml,
            "    <content type=\"html\">{}</content>",
            xml_escape(&html)
        );
    }
    xml.push_str("  </entry>\n");
    xml
}
