//! The leak audit's needles and scanner: what a profile must never show, and
//! one pass per output file looking for any of it with the same matcher the
//! anonymizer uses ([`crate::matcher`]).
//!
//! Needles come in two strengths:
//! - **strong**: the real names of the customers the profile anonymises and
//!   the figures it withholds (money KPIs and contract values in their money
//!   forms; other KPIs next to their label or an alias). Looked for in every
//!   byte of every output file after decoding (entities, URL escapes, PDF text).
//! - **weak**: the titles and descriptions of pages the profile excludes. A
//!   title is an ordinary phrase, so it counts only where people read: visible
//!   HTML text and the attributes people see (`alt`, `title`...), PDF text and
//!   plain-text files, never CSS or JavaScript (a theme's `/* Financial model */`
//!   comment is no leak). A weak needle is dropped when the profile itself shows
//!   the phrase (in a page it includes, its KPI labels, its site title), and
//!   for no other reason.

use std::path::PathBuf;

use aho_corasick::AhoCorasick;

use crate::audience::View;
use crate::content::visit;
use crate::format;
use crate::kpis::Unit;
use crate::matcher::{self, Folded, Markup, Pattern};
use crate::site::Site;

/// How sure a hit is to be a leak, which decides where it is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    /// Everywhere, every byte.
    Strong,
    /// Only in text people read.
    Weak,
}

/// Something the profile must not show.
#[derive(Debug, Clone)]
pub(crate) struct Needle {
    /// What is looked for, as written for the message.
    pub text: String,
    /// What it is, for the message (`the real name of customer "Cascade Provisions"`).
    pub what: String,
    /// Where it comes from.
    pub source: PathBuf,
    /// Where it is looked for.
    pub strength: Strength,
    /// What to do about a hit, for the hint.
    pub remedy: &'static str,
    pattern: Pattern,
    /// A figure that is a leak only next to one of these labels.
    near: Vec<Pattern>,
    /// A figure rather than a name: binary files whose text was read are
    /// searched raw for names only.
    figure: bool,
    /// For a bare short number form (`2M`, `125K`): the labels it must stand
    /// next to in a binary file's text, where three such bytes occur by chance.
    short_labels: Option<Vec<Pattern>>,
}

impl Needle {
    /// A needle for `text`, or `None` when it has nothing to match.
    pub(crate) fn new(
        text: &str,
        what: String,
        source: PathBuf,
        strength: Strength,
    ) -> Option<Needle> {
        Some(Needle {
            pattern: Pattern::new(text)?,
            text: text.to_string(),
            what,
            source,
            strength,
            remedy: "remove it from what this output is made of",
            near: Vec::new(),
            figure: false,
            short_labels: None,
        })
    }

    fn remedy(mut self, remedy: &'static str) -> Needle {
        self.remedy = remedy;
        self
    }

    fn near(mut self, labels: &[&str]) -> Needle {
        self.near = labels.iter().filter_map(|l| Pattern::new(l)).collect();
        self
    }

    fn figure(mut self) -> Needle {
        self.figure = true;
        self
    }

    /// Marks a bare short form, which counts in binary files only beside `labels`.
    fn short(mut self, labels: &[&str]) -> Needle {
        self.short_labels = Some(labels.iter().filter_map(|l| Pattern::new(l)).collect());
        self
    }

    /// The labels a hit must stand next to when read as `reading`; `None`
    /// when it counts anywhere.
    fn labels(&self, reading: Reading) -> Option<&[Pattern]> {
        match (&self.short_labels, reading) {
            (Some(labels), Reading::Binary) => Some(labels),
            _ => (!self.near.is_empty()).then_some(self.near.as_slice()),
        }
    }
}

/// What kind of output a text is, which decides how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// HTML or SVG: every byte for strong needles; visible text and visible
    /// attributes for weak ones.
    Markup,
    /// CSS, JavaScript: strong needles only.
    Code,
    /// Text people read as is (PDF and image text, ICS, JSON, XML, TXT).
    Plain,
    /// A file name, or a text file of unknown kind: strong needles only.
    Raw,
    /// The text a binary file carries (image metadata, font names, PDF
    /// strings) or the raw bytes of a binary format traction cannot read:
    /// strong needles, a bare short number form only next to its label.
    Binary,
    /// The raw bytes of a binary file whose text was read as [`Reading::Binary`]:
    /// names only, figures there are noise.
    Names,
}

/// A multi-needle scanner.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scanner {
    needles: Vec<Needle>,
    index: Option<Index>,
}

/// Every needle's folded form in one automaton, for scanners with many
/// needles (a CRM export brings thousands of deal names and amounts): a text
/// is then folded and read once, whatever the number of needles. Fewer
/// needles are tested one by one, after the cheap plain-ASCII test.
#[derive(Debug, Clone)]
struct Index {
    /// Pattern `k` is needle `k`'s folded form.
    folded: AhoCorasick,
}

/// Needles from which a scanner reads texts through an [`Index`].
const INDEXED: usize = 256;

impl Index {
    fn new(needles: &[Needle]) -> Option<Index> {
        if needles.len() < INDEXED {
            return None;
        }
        // The non-contiguous NFA builds fastest; texts are read once each anyway.
        let folded = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(needles.iter().map(|n| n.pattern.folded()))
            .ok()?;
        Some(Index { folded })
    }

    /// Which needles' folded forms occur in `folded` (boundaries unchecked).
    fn occurring(&self, folded: &str, count: usize) -> Vec<bool> {
        let mut occurs = vec![false; count];
        for m in self.folded.find_overlapping_iter(folded) {
            occurs[m.pattern().as_usize()] = true;
        }
        occurs
    }
}

/// Attributes whose values a reader sees or hears.
const VISIBLE_ATTRIBUTES: [&str; 7] = [
    "alt",
    "title",
    "aria-label",
    "content",
    "placeholder",
    "value",
    "label",
];

impl Scanner {
    /// A scanner over `needles`.
    pub(crate) fn new(needles: Vec<Needle>) -> Scanner {
        let index = Index::new(&needles);
        Scanner { needles, index }
    }

    /// Whether there is nothing to look for.
    pub(crate) fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// The needles.
    pub(crate) fn needles(&self) -> &[Needle] {
        &self.needles
    }

    /// Every needle found in `text` read as `reading`, once each: (needle
    /// index, byte offset of the first hit in `text`).
    pub(crate) fn scan(&self, text: &str, reading: Reading) -> Vec<(usize, usize)> {
        let strong_only = !matches!(reading, Reading::Markup | Reading::Plain);
        let wanted: Vec<usize> = (0..self.needles.len())
            .filter(|&k| !strong_only || self.needles[k].strength == Strength::Strong)
            .filter(|&k| reading != Reading::Names || !self.needles[k].figure)
            .collect();
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut look = |text: &str, markup: Markup, weak: bool, base: usize| {
            let candidates = self.candidates(text, &wanted, weak, reading);
            if candidates.is_empty() {
                return;
            }
            let folded = matcher::fold(text, markup);
            let occurs = self
                .index
                .as_ref()
                .map(|i| i.occurring(folded.text(), self.needles.len()));
            for k in candidates {
                if found.iter().any(|(f, _)| *f == k) || occurs.as_ref().is_some_and(|o| !o[k]) {
                    continue;
                }
                if let Some(at) = self.hit(&folded, &self.needles[k], reading) {
                    found.push((k, base + at));
                }
            }
        };
        match reading {
            Reading::Markup => {
                look(text, Markup::Text, false, 0);
                look(text, Markup::Html, true, 0);
                for (at, value) in visible_attributes(text) {
                    look(&value, Markup::Text, true, at);
                }
            }
            Reading::Plain => look(text, Markup::Text, true, 0),
            Reading::Code | Reading::Raw | Reading::Binary | Reading::Names => {
                look(text, Markup::Text, false, 0)
            }
        }
        found.sort_by_key(|&(k, at)| (at, k));
        found
    }

    /// Needles among `wanted` that `text` could hold (strong ones, and weak
    /// ones too when `weak`), cheaply ruled out on plain ASCII text.
    fn candidates(&self, text: &str, wanted: &[usize], weak: bool, reading: Reading) -> Vec<usize> {
        // With an index, folding once and reading once beats testing each needle.
        let lower = (self.index.is_none() && matcher::plain_ascii(text.as_bytes()))
            .then(|| text.to_ascii_lowercase());
        wanted
            .iter()
            .copied()
            .filter(|&k| weak || self.needles[k].strength == Strength::Strong)
            .filter(|&k| {
                let n = &self.needles[k];
                let near = n.labels(reading);
                lower.as_deref().is_none_or(|l| {
                    Folded::could_hold(l, &n.pattern)
                        && near.is_none_or(|near| near.iter().any(|p| Folded::could_hold(l, p)))
                })
            })
            .collect()
    }

    /// Original offset of the first hit of `n` in `folded`, if any.
    fn hit(&self, folded: &Folded, n: &Needle, reading: Reading) -> Option<usize> {
        let Some(near) = n.labels(reading) else {
            return folded.find(&n.pattern, 0).map(|h| h.start);
        };
        // A figure counts only close to its label: `Gross margin: 80%`, `80% gross margin`.
        const BEFORE: usize = 40;
        const AFTER: usize = 24;
        let labels: Vec<(usize, usize)> = near
            .iter()
            .flat_map(|p| folded.find_all(p))
            .map(|h| (h.folded_start, h.folded_end))
            .collect();
        if labels.is_empty() {
            return None;
        }
        folded
            .find_all(&n.pattern)
            .into_iter()
            .find(|h| {
                labels.iter().any(|&(a, b)| {
                    (b <= h.folded_start && h.folded_start - b <= BEFORE)
                        || (h.folded_end <= a && a - h.folded_end <= AFTER)
                })
            })
            .map(|h| h.start)
    }
}

/// Values of the attributes people see, with their offsets in `html`.
fn visible_attributes(html: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(k) = html[i..].find('<') {
        let start = i + k;
        let Some(len) = html[start..].find('>') else {
            break;
        };
        let tag = &html[start..start + len];
        let lower = tag.to_ascii_lowercase();
        for name in VISIBLE_ATTRIBUTES {
            let mut from = 0;
            while let Some(at) = lower[from..].find(name) {
                let at = from + at;
                from = at + name.len();
                let before_ok = at > 0 && bytes[start + at - 1].is_ascii_whitespace();
                let rest = &tag[at + name.len()..];
                let Some(rest) = rest.trim_start().strip_prefix('=') else {
                    continue;
                };
                let rest = rest.trim_start();
                let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                    continue;
                };
                if !before_ok {
                    continue;
                }
                if let Some(end) = rest[1..].find(quote) {
                    let value_at = start + (tag.len() - rest.len()) + 1;
                    out.push((value_at, rest[1..1 + end].to_string()));
                }
            }
        }
        i = start + len + 1;
    }
    out
}

/// Shortest title or description (in bytes) of an excluded page worth looking
/// for: shorter ones ("Plans", "Roles") are ordinary words.
pub(crate) const MIN_TITLE: usize = 12;

/// The money forms of a value: `$125,000`, `125,000`, `$125K`, `125K`,
/// `$125000` (bare forms only for values of five digits or more, which are
/// specific enough not to be another number), each with whether it is the
/// bare short form (`125K`), which binary files show by chance.
fn money_forms(v: f64) -> Vec<(String, bool)> {
    let mut forms = Vec::new();
    if !v.is_finite() || v.abs() < 1.0 {
        return forms;
    }
    let full = format::money(v, false, false);
    let short = format::money(v, true, false);
    let bare = |s: &str| s.trim_start_matches('$').to_string();
    forms.push((full.clone(), false));
    forms.push((short.clone(), false));
    forms.push((format!("${}", v.round() as i64), false));
    if v.abs() >= 10_000.0 {
        forms.push((bare(&full), false));
        forms.push((bare(&short), true));
    }
    if v.fract().abs() > 0.004 {
        let cents = format!("{:.2}", v);
        forms.push((format!("${cents}"), false));
    }
    forms.sort();
    forms.dedup_by(|a, b| a.0 == b.0);
    forms
}

/// The forms a non-money KPI takes as displayed (`80%` -> `80`, `30:1` -> `30`).
fn figure_forms(display: &str) -> Vec<String> {
    let number: String = display
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    let number = number.trim_end_matches(['.', ',']).to_string();
    let mut forms = vec![number.clone()];
    if let Some((whole, _)) = number.split_once('.') {
        forms.push(whole.to_string());
    }
    forms.retain(|f| !f.is_empty());
    forms
}

/// What `view` must not show; `None` when it hides nothing (then no scan runs).
pub(crate) fn scanner_for(site: &Site, view: &View) -> Option<Scanner> {
    let mut needles = Vec::new();
    if let Some(anon) = &view.anonymizer {
        for h in anon.hidden() {
            let source = site
                .content
                .pages
                .iter()
                .find(|p| matches!(&p.data, crate::content::KindData::CaseStudy(c) if Pattern::new(&c.customer) == Pattern::new(&h.name)))
                .map_or_else(|| PathBuf::from("data/customers.yaml"), |p| p.file.clone());
            needles.extend(Needle::new(
                &h.name,
                format!(
                    "the real name of customer `{}` (shown as `{}` in this profile)",
                    h.name, h.shown
                ),
                source,
                Strength::Strong,
            )
            .map(|n| n.remedy("write the name so the anonymiser sees it (not assembled in a template), or use the alias")));
        }
    }
    needles.extend(withheld_figures(site, view));
    needles.extend(withheld_deals(site, view));
    needles.extend(excluded_titles(site, view));
    let scanner = Scanner::new(needles);
    (!scanner.is_empty()).then_some(scanner)
}

/// Needles for the KPIs and contract values `view` withholds.
fn withheld_figures(site: &Site, view: &View) -> Vec<Needle> {
    const REMEDY: &str = "print figures with {{ kpis.<key> }} (a withheld KPI is then an error at its line), or publish the KPI in the profile's `kpis:` / `show_acv:` in site.yaml";
    let mut needles = Vec::new();
    let profile = &view.profile;
    for kpi in &site.kpis.list {
        if profile.publishes(kpi.key) || kpi.value == 0.0 {
            continue;
        }
        let what = format!(
            "the value of KPI `{}` ({}), which profile `{}` does not publish",
            kpi.key, kpi.label, profile.name
        );
        let source = PathBuf::from("site.yaml");
        let mut labels: Vec<&str> = vec![kpi.label];
        labels.extend(
            crate::kpis::ALIASES
                .iter()
                .filter(|(_, k)| *k == kpi.key)
                .map(|(a, _)| *a),
        );
        if kpi.unit == Unit::Money {
            for (form, short) in money_forms(kpi.value) {
                needles.extend(
                    Needle::new(&form, what.clone(), source.clone(), Strength::Strong).map(|n| {
                        let n = n.figure().remedy(REMEDY);
                        if short { n.short(&labels) } else { n }
                    }),
                );
            }
        } else {
            for form in figure_forms(&kpi.display) {
                needles.extend(
                    Needle::new(&form, what.clone(), source.clone(), Strength::Strong)
                        .map(|n| n.near(&labels).figure().remedy(REMEDY)),
                );
            }
        }
    }
    if !profile.show_acv {
        for c in &site.kpis.customers {
            let what = format!(
                "a contract value (ACV) from data/customers.yaml, which profile `{}` does not show",
                profile.name
            );
            let labels = ["ACV", "contract value", c.name.as_str()];
            for (form, short) in money_forms(c.acv) {
                needles.extend(
                    Needle::new(
                        &form,
                        what.clone(),
                        PathBuf::from("data/customers.yaml"),
                        Strength::Strong,
                    )
                    .map(|n| {
                        let n = n.figure().remedy(REMEDY);
                        if short { n.short(&labels) } else { n }
                    }),
                );
            }
        }
    }
    needles
}

/// Needles for what the pipeline and implementation data hold, in a profile
/// that withholds them: deal names, accounts that are not customers (those
/// follow the anonymisation rule), deal amounts in their money forms, and the
/// reasons integrations are blocked.
fn withheld_deals(site: &Site, view: &View) -> Vec<Needle> {
    use crate::render::dashboards::{IMPLEMENTATION_KPI, PIPELINE_KPI};
    const REMEDY: &str = "deal and implementation data stay in profiles that publish `pipeline` / `days_to_live`: remove it from this page, or publish the KPI in the profile's `kpis:` in site.yaml";
    let mut needles = Vec::new();
    let profile = &view.profile;
    if let Some(pipeline) = site
        .kpis
        .pipeline
        .as_ref()
        .filter(|_| !profile.publishes(PIPELINE_KPI))
    {
        let what = |kind: &str| {
            format!(
                "a deal's {kind} from {}, which profile `{}` does not show",
                pipeline.file.display(),
                profile.name
            )
        };
        let customer = |name: &str| {
            let name = Pattern::new(name);
            site.kpis
                .customers
                .iter()
                .any(|c| Pattern::new(&c.name) == name)
        };
        // Amounts repeat across deals: one needle per distinct text.
        let mut texts: Vec<(String, &str)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut amounts = std::collections::HashSet::new();
        let mut add = |text: String, kind: &'static str| {
            if seen.insert(text.clone()) {
                texts.push((text, kind));
            }
        };
        // Amounts are figures; names and accounts are looked for in every byte.
        for deal in &pipeline.deals {
            add(deal.name.clone(), "name");
            if !customer(&deal.account) {
                add(deal.account.clone(), "account");
            }
            // Bare short forms (`55K`) are three bytes: compressed PDF streams
            // hold them by chance, and a deal amount is no contract value.
            if amounts.insert(deal.amount.to_bits()) {
                for (form, _) in money_forms(deal.amount)
                    .into_iter()
                    .filter(|(f, _)| f.starts_with('$') || f.contains(','))
                {
                    add(form, "amount");
                }
            }
        }
        use rayon::prelude::*;
        needles.par_extend(texts.par_iter().filter_map(|(text, kind)| {
            Needle::new(text, what(kind), pipeline.file.clone(), Strength::Strong).map(|n| {
                let n = n.remedy(REMEDY);
                if *kind == "amount" { n.figure() } else { n }
            })
        }));
    }
    if !profile.publishes(IMPLEMENTATION_KPI) {
        for c in &site.kpis.customers {
            for reason in c.integrations.iter().filter_map(|i| i.reason.as_deref()) {
                if reason.len() < MIN_TITLE {
                    continue;
                }
                needles.extend(
                    Needle::new(
                        reason,
                        format!("why an integration of a customer is blocked, which profile `{}` does not show", profile.name),
                        PathBuf::from("data/customers.yaml"),
                        Strength::Strong,
                    )
                    .map(|n| n.remedy(REMEDY)),
                );
            }
        }
    }
    needles
}

/// Weak needles: titles and descriptions of the pages `view` excludes, unless
/// the profile shows the phrase itself.
fn excluded_titles(site: &Site, view: &View) -> Vec<Needle> {
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
            candidates.extend(Needle::new(
                value,
                format!(
                    "the {field} of {}, which is not in this profile",
                    page.file.display()
                ),
                page.file.clone(),
                Strength::Weak,
            ));
        }
    }
    if candidates.is_empty() {
        return candidates;
    }
    // What the profile shows of its own accord exempts a phrase: written out
    // whole (case and spacing aside), not pieced together by a template.
    let plain = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let phrases: Vec<String> = candidates.iter().map(|n| plain(&n.text)).collect();
    let mut seen = vec![false; candidates.len()];
    let mut mark = |text: &str| {
        let text = plain(text);
        for (k, p) in phrases.iter().enumerate() {
            seen[k] = seen[k] || text.contains(p.as_str());
        }
    };
    for i in view.pages() {
        visit::strings(view.page(&site.content, i), &mut |_, s| mark(s));
    }
    mark(&site.config.title);
    mark(&site.config.company);
    for kpi in site
        .kpis
        .list
        .iter()
        .filter(|k| view.profile.publishes(k.key))
    {
        mark(kpi.label);
        mark(kpi.formula);
    }
    candidates
        .into_iter()
        .zip(seen)
        .filter(|(_, s)| !s)
        .map(|(n, _)| n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needle(text: &str, strength: Strength) -> Needle {
        Needle::new(text, String::new(), PathBuf::new(), strength).unwrap()
    }

    fn found(s: &Scanner, text: &str, reading: Reading) -> Vec<usize> {
        s.scan(text, reading).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn strong_needles_are_found_in_every_form_and_weak_ones_only_where_people_read() {
        let s = Scanner::new(vec![
            needle("Cascade Provisions", Strength::Strong),
            needle("Financial model", Strength::Weak),
        ]);
        let html = "<style>/* Financial model */</style><a href=\"/s?q=Cascade+Provisions\">x</a>";
        assert_eq!(found(&s, html, Reading::Markup), vec![0]);
        assert_eq!(
            found(&s, "/* Financial model */", Reading::Code),
            Vec::<usize>::new()
        );
        assert_eq!(
            found(&s, "<p>Our Financial&nbsp;model</p>", Reading::Markup),
            vec![1]
        );
        assert_eq!(
            found(&s, "<img alt=\"financial model\" src=x>", Reading::Markup),
            vec![1]
        );
        assert_eq!(
            found(&s, "Cascade<b></b> Provisions", Reading::Markup),
            vec![0]
        );
        assert_eq!(
            found(&s, "case-studies/cascade-provisions.pdf", Reading::Raw),
            vec![0]
        );
    }

    #[test]
    fn thousands_of_needles_are_read_through_one_index_with_the_same_rules() {
        let mut needles: Vec<Needle> = (0..1000)
            .map(|i| needle(&format!("Prospect {i} Holdings"), Strength::Strong))
            .collect();
        needles.push(needle("$45,000", Strength::Strong));
        let s = Scanner::new(needles);
        assert!(s.index.is_some());
        let hits = |text: &str| found(&s, text, Reading::Plain);
        assert_eq!(hits("talks with PROSPECT\u{a0}12 holdings · soon"), [12]);
        assert_eq!(
            hits("talks with Prospect 12 Holdings, and $45,000"),
            [12, 1000]
        );
        // Word and number boundaries hold as without the index.
        assert!(hits("Prospect 123 Holdings").contains(&123));
        assert!(!hits("Prospect 123 Holdings").contains(&12));
        assert!(hits("$1,145,000 and $45,0001").is_empty());
    }

    #[test]
    fn money_is_found_in_its_money_forms_only() {
        let forms = money_forms(125_000.0);
        let s = Scanner::new(
            forms
                .iter()
                .map(|(f, _)| needle(f, Strength::Strong))
                .collect(),
        );
        for text in [
            "ARR $125,000",
            "ARR: $125K",
            "125,000 dollars",
            "USD 125,000",
            "US$125,000",
            "$ 125,000",
            "$125\u{a0}000",
            "$125000",
        ] {
            assert!(!s.scan(text, Reading::Plain).is_empty(), "{text}");
        }
        for text in ["$1,125,000", "3 customers", "$12,500", "125 days"] {
            assert!(s.scan(text, Reading::Plain).is_empty(), "{text}");
        }
    }

    #[test]
    fn other_figures_count_only_next_to_their_label() {
        let s = Scanner::new(vec![needle("80", Strength::Strong).near(&["Gross margin"])]);
        assert!(!s.scan("Gross margin: 80%", Reading::Plain).is_empty());
        assert!(!s.scan("an 80% gross margin", Reading::Plain).is_empty());
        assert!(s.scan("accuracy rose to 80%", Reading::Plain).is_empty());
        assert!(s.scan("80 brands", Reading::Plain).is_empty());
    }
}
