//! The machine-readable extras of a profile: `kpis.json`, the plan calendar
//! (`<section>/calendar.ics`, RFC 5545) and `sitemap.xml`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::audience::{self, View};
use crate::content::{Kind, KindData};
use crate::site::Site;

/// `kpis.json`: every KPI the profile publishes, with its value, display and formula.
pub(crate) fn kpis_json(site: &Site, view: &View) -> String {
    let kpis = site.kpis.to_json(|key| view.profile.publishes(key));
    let doc = serde_json::json!({
        "generated": site.now.timestamp().to_string(),
        "profile": view.profile.name,
        "kpis": kpis,
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON values always serialise");
    text.push('\n');
    text
}

/// Output paths of the calendars: one per section holding week plans.
pub(crate) fn calendar_paths(site: &Site, view: &View) -> Vec<String> {
    let mut sections: Vec<String> = audience::pages_of_kind(&site.content, view, Kind::WeekPlan)
        .into_iter()
        .map(|i| view.page(&site.content, i).section.clone())
        .collect();
    sections.sort();
    sections.dedup();
    sections
        .into_iter()
        .map(|s| {
            format!(
                "{}calendar.ics",
                crate::content::section_url(&s).trim_start_matches('/')
            )
        })
        .collect()
}

/// Calendars by output path: one all-day event per dated plan row.
pub(crate) fn calendars(site: &Site, view: &View) -> BTreeMap<String, String> {
    let host = view
        .profile
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("traction")
        .split('/')
        .next()
        .unwrap_or("traction")
        .to_string();
    let stamp = site.now.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut by_section: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for i in audience::pages_of_kind(&site.content, view, Kind::WeekPlan) {
        let page = view.page(&site.content, i);
        let KindData::WeekPlan(w) = &page.data else {
            continue;
        };
        let path = format!(
            "{}calendar.ics",
            crate::content::section_url(&page.section).trim_start_matches('/')
        );
        let events = by_section.entry(path).or_default();
        for (n, (row, date)) in w.days.iter().enumerate() {
            let next = date.tomorrow().unwrap_or(*date);
            let url = format!("{}{}", view.profile.base_url, view.url(i));
            let mut e = String::new();
            line(&mut e, "BEGIN:VEVENT");
            line(
                &mut e,
                &format!(
                    "UID:{}-{}-{}@{host}",
                    page.slug,
                    n + 1,
                    date.strftime("%Y%m%d")
                ),
            );
            line(&mut e, &format!("DTSTAMP:{stamp}"));
            line(
                &mut e,
                &format!("DTSTART;VALUE=DATE:{}", date.strftime("%Y%m%d")),
            );
            line(
                &mut e,
                &format!("DTEND;VALUE=DATE:{}", next.strftime("%Y%m%d")),
            );
            line(
                &mut e,
                &format!(
                    "SUMMARY:{}",
                    escape(&format!("{} ({})", row.activity, row.owner))
                ),
            );
            line(
                &mut e,
                &format!(
                    "DESCRIPTION:{}",
                    escape(&format!(
                        "Owner: {}\nDeliverable: {}\nStatus: {}\nWeek {}: {}",
                        row.owner,
                        row.deliverable,
                        row.status.label(),
                        w.week,
                        page.meta.title
                    ))
                ),
            );
            line(
                &mut e,
                &format!(
                    "STATUS:{}",
                    if row.status == crate::content::Status::Done {
                        "CONFIRMED"
                    } else {
                        "TENTATIVE"
                    }
                ),
            );
            line(&mut e, &format!("CATEGORIES:{}", escape(&row.owner)));
            line(&mut e, &format!("URL:{url}"));
            line(&mut e, "END:VEVENT");
            events.push(e);
        }
    }
    by_section
        .into_iter()
        .map(|(path, events)| {
            let mut cal = String::new();
            line(&mut cal, "BEGIN:VCALENDAR");
            line(&mut cal, "VERSION:2.0");
            line(&mut cal, "PRODID:-//traction//plan calendar//EN");
            line(&mut cal, "CALSCALE:GREGORIAN");
            line(
                &mut cal,
                &format!(
                    "X-WR-CALNAME:{}",
                    escape(&format!("{} plan", site.config.title))
                ),
            );
            for e in events {
                cal.push_str(&e);
            }
            line(&mut cal, "END:VCALENDAR");
            (path, cal)
        })
        .collect()
}

/// RFC 5545 text escaping.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Appends a content line, folded at 75 octets, ended with CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// `sitemap.xml` of every page of the profile.
pub(crate) fn sitemap(site: &Site, view: &View) -> String {
    let mut urls: Vec<(String, Option<String>)> = view
        .pages()
        .map(|i| {
            let p = view.page(&site.content, i);
            (
                format!("{}{}", view.profile.base_url, view.url(i)),
                p.meta.date.map(|d| d.to_string()),
            )
        })
        .collect();
    if view.home.is_none() {
        urls.push((format!("{}/", view.profile.base_url), None));
    }
    urls.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in urls {
        let _ = write!(xml, "  <url><loc>{}</loc>", xml_escape(&loc));
        if let Some(d) = lastmod {
            let _ = write!(xml, "<lastmod>{d}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// XML text and attribute escaping.
pub(crate) fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_with_crlf() {
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "é".repeat(60)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert!(out.ends_with("\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
