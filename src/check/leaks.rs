//! The leak audit's needles and scanner: what a profile must never show (the
//! real names of customers it anonymises, text that only its excluded pages
//! contain) and one pass over every output byte looking for any of them.
//!
//! Matching is ASCII case-insensitive on word boundaries, a space in a needle
//! matching any run of whitespace. A two-byte prefix filter keeps the scan
//! close to memory speed whatever the number of needles.

use std::path::PathBuf;

use crate::audience::{View, match_at};
use crate::content::{KindData, Page, slugify_segment};
use crate::site::Site;

/// Something the profile must not show.
#[derive(Debug, Clone)]
pub struct Needle {
    /// The bytes to look for (ASCII case folded at match time).
    pub text: String,
    /// What it is, for the message (`the real name of customer "Cascade Provisions"`).
    pub what: String,
    /// Where it comes from.
    pub source: PathBuf,
}

/// A multi-needle scanner.
#[derive(Debug, Clone)]
pub struct Scanner {
    needles: Vec<Needle>,
    /// Bit per lowercased (first, second) byte pair that starts some needle.
    pairs: Vec<u64>,
    /// Needle indices by lowercased first byte.
    by_first: Vec<Vec<usize>>,
}

fn fold(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn pair_index(a: u8, b: u8) -> usize {
    // Whitespace after the first byte is folded to a space (spaces match runs).
    let b = if b.is_ascii_whitespace() {
        b' '
    } else {
        fold(b)
    };
    (fold(a) as usize) << 8 | b as usize
}

impl Scanner {
    /// A scanner over `needles` (needles shorter than 2 bytes are dropped).
    pub fn new(needles: Vec<Needle>) -> Scanner {
        let mut pairs = vec![0u64; 65536 / 64];
        let mut by_first: Vec<Vec<usize>> = vec![Vec::new(); 256];
        let needles: Vec<Needle> = needles
            .into_iter()
            .map(|mut n| {
                n.text = n.text.split_whitespace().collect::<Vec<_>>().join(" ");
                n
            })
            .filter(|n| n.text.len() >= 2)
            .collect();
        for (k, n) in needles.iter().enumerate() {
            let t = n.text.as_bytes();
            let p = pair_index(t[0], t[1]);
            pairs[p / 64] |= 1 << (p % 64);
            by_first[fold(t[0]) as usize].push(k);
        }
        Scanner {
            needles,
            pairs,
            by_first,
        }
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// The needles.
    pub fn needles(&self) -> &[Needle] {
        &self.needles
    }

    /// Every needle found in `hay`, once each: (needle index, byte offset of the first hit).
    pub fn scan(&self, hay: &[u8]) -> Vec<(usize, usize)> {
        self.scan_min(hay, 0)
    }

    /// Like [`Scanner::scan`], with needles of at least `min` bytes only (for
    /// binary files, where a short needle could match random bytes).
    pub fn scan_min(&self, hay: &[u8], min: usize) -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        if hay.len() < 2 || self.needles.is_empty() {
            return found;
        }
        for i in 0..hay.len() - 1 {
            let p = pair_index(hay[i], hay[i + 1]);
            if self.pairs[p / 64] & (1 << (p % 64)) == 0 {
                continue;
            }
            if i > 0 && is_word_byte(hay[i - 1]) && is_word_byte(hay[i]) {
                continue;
            }
            for &k in &self.by_first[fold(hay[i]) as usize] {
                let n = self.needles[k].text.as_bytes();
                if n.len() < min || found.iter().any(|(f, _)| *f == k) {
                    continue;
                }
                if let Some(len) = match_at(hay, i, n)
                    && (i + len == hay.len()
                        || !is_word_byte(hay[i + len])
                        || !is_word_byte(n[n.len() - 1]))
                {
                    found.push((k, i));
                }
            }
        }
        found
    }
}

/// Forms a name can take in output: as is, HTML-escaped, as a URL slug, ICS-escaped.
fn variants(text: &str) -> Vec<String> {
    let mut out = vec![text.to_string()];
    let html = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    for v in [
        html.replace('\'', "&#x27;"),
        html.replace('\'', "&#39;"),
        text.replace(',', "\\,").replace(';', "\\;"),
        slugify_segment(&text.to_lowercase()),
    ] {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Every string a page shows, for deciding what only excluded pages contain.
fn page_texts(page: &Page) -> Vec<&str> {
    let mut texts: Vec<&str> = vec![&page.meta.title, &page.body];
    texts.extend(page.meta.description.as_deref());
    match &page.data {
        KindData::CaseStudy(c) => {
            texts.extend([c.summary.as_str(), c.customer.as_str()]);
            if let Some(q) = &c.quote {
                texts.push(&q.text);
            }
            texts.extend(c.metrics.iter().map(|m| m.label.as_str()));
        }
        KindData::WeekPlan(w) => {
            texts.extend(w.goal.as_deref());
            texts.extend(w.days.iter().map(|(r, _)| r.activity.as_str()));
        }
        KindData::Page => {}
    }
    texts
}

/// Shortest title or description (in bytes) of an excluded page worth looking
/// for: shorter ones ("Plans", "Roles") are ordinary words.
pub const MIN_TITLE: usize = 12;

/// What `view` must not show; `None` when it hides nothing (then no scan runs).
pub fn scanner_for(site: &Site, view: &View) -> Option<Scanner> {
    let mut needles = Vec::new();
    if let Some(anon) = &view.anonymizer {
        for (name, shown) in anon.pairs() {
            let source = site
                .content
                .pages
                .iter()
                .find(|p| matches!(&p.data, KindData::CaseStudy(c) if c.customer.eq_ignore_ascii_case(name)))
                .map_or_else(|| PathBuf::from("data/customers.yaml"), |p| p.file.clone());
            for text in variants(name) {
                needles.push(Needle {
                    text,
                    what: format!(
                        "the real name of customer `{name}` (shown as `{shown}` in this profile)"
                    ),
                    source: source.clone(),
                });
            }
        }
    }
    let mut candidates = Vec::new();
    for (i, page) in site.content.pages.iter().enumerate() {
        if view.includes(i) {
            continue;
        }
        let own = [
            ("title", page.meta.title.trim()),
            (
                "description",
                page.meta.description.as_deref().unwrap_or("").trim(),
            ),
        ];
        for (field, value) in own {
            if value.len() < MIN_TITLE {
                continue;
            }
            for text in variants(value) {
                if text.len() >= MIN_TITLE {
                    candidates.push(Needle {
                        text,
                        what: format!(
                            "the {field} of {}, which is not in this profile",
                            page.file.display()
                        ),
                        source: page.file.clone(),
                    });
                }
            }
        }
    }
    if !candidates.is_empty() {
        // Keep only titles that nothing the profile shows contains anyway.
        let titles = Scanner::new(candidates);
        let mut seen = vec![false; titles.needles.len()];
        let mut mark = |text: &[u8]| {
            for (k, _) in titles.scan(text) {
                seen[k] = true;
            }
        };
        for i in view.pages() {
            for t in page_texts(view.page(&site.content, i)) {
                mark(t.as_bytes());
            }
        }
        for t in site.theme.templates.values() {
            mark(t.text.as_bytes());
        }
        for f in site.data.files.values() {
            match &f.yaml_source {
                Some(src) => mark(src.as_bytes()),
                None => mark(f.value.to_string().as_bytes()),
            }
        }
        mark(site.config.title.as_bytes());
        mark(site.config.company.as_bytes());
        // Text the renderers write themselves (chart titles, KPI labels and formulas).
        for text in ["ARR by customer", "Pipeline by stage"] {
            mark(text.as_bytes());
        }
        for kpi in &site.kpis.list {
            mark(kpi.label.as_bytes());
            mark(kpi.formula.as_bytes());
        }
        needles.extend(
            titles
                .needles
                .into_iter()
                .zip(seen)
                .filter(|(_, s)| !s)
                .map(|(n, _)| n),
        );
    }
    let scanner = Scanner::new(needles);
    (!scanner.is_empty()).then_some(scanner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needle(text: &str) -> Needle {
        Needle {
            text: text.into(),
            what: String::new(),
            source: PathBuf::new(),
        }
    }

    #[test]
    fn finds_every_needle_once_case_insensitively_on_word_boundaries() {
        let s = Scanner::new(vec![
            needle("Cascade Provisions"),
            needle("cascade-provisions"),
            needle("Pine"),
        ]);
        let hits =
            s.scan(b"<a href=/case-studies/cascade-provisions/>CASCADE\n PROVISIONS</a> pineapple");
        let ks: Vec<usize> = hits.iter().map(|h| h.0).collect();
        assert_eq!(ks, vec![1, 0]);
        assert!(s.scan(b"Harbor & Pine.").iter().any(|h| h.0 == 2));
        assert!(s.scan(b"nothing here").is_empty());
    }

    #[test]
    fn variants_cover_html_and_slugs() {
        let v = variants("Harbor & Pine's");
        assert!(v.contains(&"Harbor &amp; Pine&#x27;s".to_string()));
        assert!(v.contains(&"harbor-pine-s".to_string()));
    }
}
