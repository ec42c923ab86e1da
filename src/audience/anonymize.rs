//! Anonymisation for profiles with `anonymize_unapproved`: the real names of
//! customers who have not approved being named are replaced by their aliases
//! in every string a page carries (title, description, body, summary, quote,
//! metric labels, tags, `extra`, plan rows), and the case study's own slug is
//! derived from its alias so that no URL or file name carries the name.
//!
//! Names come from case studies whose `approval` is not `approved` (shown as
//! their `alias`) and from `data/customers.yaml` rows that no approved case
//! study names (shown as the chart label, `Customer #n`, see
//! `render::charts::customer_labels`). Matching is ASCII case-insensitive on
//! word boundaries; `Name'` (a possessive of a name ending in s) becomes
//! `Alias's`, and an alias that starts with an article (`A`, `An`, `The`) is
//! lowercased in the middle of a sentence.

use crate::content::{Approval, KindData, Page, section_url, slugify_segment};
use crate::site::Site;

/// Hidden names and what to show instead, longest name first.
#[derive(Debug, Clone, Default)]
pub struct Anonymizer {
    pairs: Vec<(String, String)>,
}

impl Anonymizer {
    /// The names `site` must hide in an anonymising profile (`None` when there are none).
    pub fn for_site(site: &Site) -> Option<Anonymizer> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut push = |name: &str, shown: String| {
            // Spaces in a name match any whitespace (Markdown wraps lines).
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            let name = name.as_str();
            if name.len() >= 2
                && !name.eq_ignore_ascii_case(shown.trim())
                && !pairs.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                pairs.push((name.to_string(), shown));
            }
        };
        for page in &site.content.pages {
            if let KindData::CaseStudy(c) = &page.data
                && c.approval != Approval::Approved
            {
                push(&c.customer, alias_of(c));
            }
        }
        let approved = |name: &str| {
            site.content.pages.iter().any(|p| {
                matches!(&p.data, KindData::CaseStudy(c)
                    if c.approval == Approval::Approved && c.customer.eq_ignore_ascii_case(name))
            })
        };
        for (n, customer) in site.kpis.customers.iter().enumerate() {
            if !approved(&customer.name) {
                push(&customer.name, format!("Customer #{}", n + 1));
            }
        }
        pairs.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        (!pairs.is_empty()).then_some(Anonymizer { pairs })
    }

    /// An anonymizer over explicit `(real name, shown instead)` pairs.
    pub fn new(pairs: Vec<(String, String)>) -> Anonymizer {
        let mut pairs: Vec<(String, String)> = pairs
            .into_iter()
            .map(|(n, s)| (n.split_whitespace().collect::<Vec<_>>().join(" "), s))
            .filter(|(n, _)| !n.is_empty())
            .collect();
        pairs.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Anonymizer { pairs }
    }

    /// The hidden real names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(n, _)| n.as_str())
    }

    /// `(real name, shown instead)` pairs, longest name first.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// Whether `text` mentions a hidden name.
    pub fn mentions(&self, text: &str) -> bool {
        self.pairs
            .iter()
            .any(|(name, _)| find_word(text, name, 0).is_some())
    }

    /// `text` with every hidden name replaced, or `None` when it mentions none.
    pub fn replace(&self, text: &str) -> Option<String> {
        if !self.mentions(text) {
            return None;
        }
        let mut out = text.to_string();
        for (name, shown) in &self.pairs {
            out = replace_name(&out, name, shown);
        }
        Some(out)
    }

    fn fix(&self, text: &mut String) {
        if let Some(new) = self.replace(text) {
            *text = new;
        }
    }

    /// Replaces hidden names in every string of a JSON value.
    pub fn json(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(s) => self.fix(s),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| self.json(v)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| self.json(v)),
            _ => {}
        }
    }

    /// `page` as an anonymising profile shows it, or `None` when it needs no change.
    pub fn page(&self, page: &Page) -> Option<Page> {
        let own_case = match &page.data {
            KindData::CaseStudy(c) if c.approval != Approval::Approved => Some(alias_of(c)),
            _ => None,
        };
        if own_case.is_none() && !self.page_mentions(page) {
            return None;
        }
        let mut p = page.clone();
        self.fix(&mut p.meta.title);
        if let Some(d) = p.meta.description.as_mut() {
            self.fix(d);
        }
        p.meta.tags.iter_mut().for_each(|t| self.fix(t));
        for v in p.meta.extra.values_mut() {
            self.json(v);
        }
        self.fix(&mut p.body);
        match &mut p.data {
            KindData::Page => {}
            KindData::CaseStudy(c) => {
                for s in [&mut c.customer, &mut c.summary]
                    .into_iter()
                    .chain(c.alias.as_mut())
                    .chain(c.industry.as_mut())
                {
                    self.fix(s);
                }
                for m in &mut c.metrics {
                    self.fix(&mut m.label);
                    self.fix(&mut m.before.text);
                    self.fix(&mut m.after.text);
                }
                if let Some(q) = c.quote.as_mut() {
                    self.fix(&mut q.text);
                    self.fix(&mut q.author);
                    if let Some(r) = q.role.as_mut() {
                        self.fix(r);
                    }
                }
                if let Some(alias) = &own_case {
                    c.customer = alias.clone();
                    // A logo shows who the customer is.
                    c.logo = None;
                }
            }
            KindData::WeekPlan(w) => {
                if let Some(g) = w.goal.as_mut() {
                    self.fix(g);
                }
                for (row, _) in &mut w.days {
                    for s in [
                        &mut row.activity,
                        &mut row.owner,
                        &mut row.deliverable,
                        &mut row.day,
                    ] {
                        self.fix(s);
                    }
                }
                w.success_metrics.iter_mut().for_each(|s| self.fix(s));
                for r in &mut w.risks {
                    self.fix(&mut r.risk);
                    self.fix(&mut r.mitigation);
                }
            }
        }
        let slug_names_it = self
            .names()
            .any(|n| slug_mentions(&p.slug, &slugify_segment(n)));
        if let Some(alias) = &own_case {
            if !page.is_index && (page.meta.slug.is_none() || slug_names_it) {
                p.slug = slugify_segment(&alias.to_lowercase());
            }
        } else if slug_names_it && !page.is_index {
            let mut slug = p.slug.to_lowercase();
            for (name, shown) in &self.pairs {
                slug = slug.replace(
                    &slugify_segment(name).to_lowercase(),
                    &slugify_segment(&shown.to_lowercase()),
                );
            }
            p.slug = slug;
        }
        if !p.is_index {
            p.url = format!("{}{}/", section_url(&p.section), p.slug);
            p.meta.slug = Some(p.slug.clone());
        }
        Some(p)
    }

    fn page_mentions(&self, page: &Page) -> bool {
        let mut texts: Vec<&str> = vec![&page.meta.title, &page.body, &page.slug];
        texts.extend(page.meta.description.as_deref());
        texts.extend(page.meta.tags.iter().map(String::as_str));
        match &page.data {
            KindData::Page => {}
            KindData::CaseStudy(c) => {
                texts.extend([c.customer.as_str(), c.summary.as_str()]);
                texts.extend(c.industry.as_deref());
                for m in &c.metrics {
                    texts.extend([
                        m.label.as_str(),
                        m.before.text.as_str(),
                        m.after.text.as_str(),
                    ]);
                }
                if let Some(q) = &c.quote {
                    texts.extend([q.text.as_str(), q.author.as_str()]);
                    texts.extend(q.role.as_deref());
                }
            }
            KindData::WeekPlan(w) => {
                texts.extend(w.goal.as_deref());
                for (row, _) in &w.days {
                    texts.extend([
                        row.activity.as_str(),
                        row.owner.as_str(),
                        row.deliverable.as_str(),
                    ]);
                }
                texts.extend(w.success_metrics.iter().map(String::as_str));
                for r in &w.risks {
                    texts.extend([r.risk.as_str(), r.mitigation.as_str()]);
                }
            }
        }
        if texts.iter().any(|t| self.mentions(t)) {
            return true;
        }
        let slug = page.slug.to_lowercase();
        if self
            .names()
            .any(|n| slug_mentions(&slug, &slugify_segment(n)))
        {
            return true;
        }
        let mut extra = serde_json::Value::Object(page.meta.extra.clone());
        let before = extra.clone();
        self.json(&mut extra);
        extra != before
    }
}

fn alias_of(c: &crate::content::CaseStudy) -> String {
    c.alias
        .clone()
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| "A customer".to_string())
}

/// Whether a slug contains a name's slug form (case-insensitive, on `-` boundaries).
fn slug_mentions(slug: &str, name_slug: &str) -> bool {
    let slug = slug.to_ascii_lowercase();
    let name = name_slug.to_ascii_lowercase();
    !name.is_empty() && find_word(&slug, &name, 0).is_some()
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Length of the match of `needle` at `h[i..]`: ASCII case-insensitive, and a
/// space in `needle` matches any run of whitespace (Markdown wraps lines).
pub fn match_at(h: &[u8], i: usize, needle: &[u8]) -> Option<usize> {
    let mut j = i;
    let mut k = 0;
    while k < needle.len() {
        let c = needle[k];
        if c == b' ' {
            let start = j;
            while j < h.len() && h[j].is_ascii_whitespace() {
                j += 1;
            }
            if j == start {
                return None;
            }
        } else {
            if j >= h.len() || !h[j].eq_ignore_ascii_case(&c) {
                return None;
            }
            j += 1;
        }
        k += 1;
    }
    Some(j - i)
}

/// Where `needle` occurs in `hay` at or after `from` (start, end), ASCII
/// case-insensitively, on word boundaries, spaces matching any whitespace.
pub fn find_word(hay: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() {
        return None;
    }
    let first = n[0];
    let word_start = is_word_byte(first);
    let word_end = is_word_byte(n[n.len() - 1]);
    let mut i = from;
    while i < h.len() {
        if h[i].eq_ignore_ascii_case(&first)
            && (i == 0 || !word_start || !is_word_byte(h[i - 1]))
            && let Some(len) = match_at(h, i, n)
            && (!word_end || i + len == h.len() || !is_word_byte(h[i + len]))
        {
            return Some((i, i + len));
        }
        i += 1;
    }
    None
}

/// Replaces every mention of `name` in `text` by `shown`.
fn replace_name(text: &str, name: &str, shown: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    while let Some((at, end)) = find_word(text, name, last) {
        out.push_str(&text[last..at]);
        let mut end = end;
        let mid_sentence = !sentence_start(&text[..at]);
        let mut shown = if mid_sentence {
            lower_article(shown)
        } else {
            shown.to_string()
        };
        // `Provisions' team` -> `the distributor's team`.
        let rest = &text[end..];
        let bare_apostrophe = |q: &str| {
            rest.starts_with(q)
                && !rest[q.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
        };
        for q in ['\'', '’'] {
            let q = q.to_string();
            if bare_apostrophe(&q) && !shown.ends_with('s') {
                shown.push_str(&q);
                shown.push('s');
                end += q.len();
                break;
            }
        }
        out.push_str(&shown);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// Whether a name right after `before` starts a sentence, line, heading, list item or cell.
fn sentence_start(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or(before);
    let trimmed = line.trim_end();
    let markup_only = trimmed
        .chars()
        .all(|c| c.is_whitespace() || "#*->|_+\"“[(0123456789.".contains(c));
    if markup_only {
        return true;
    }
    trimmed.ends_with(['.', '!', '?', ':', '|', '"', '“'])
}

fn lower_article(shown: &str) -> String {
    for article in ["A ", "An ", "The "] {
        if let Some(rest) = shown.strip_prefix(article) {
            return format!("{}{rest}", article.to_lowercase());
        }
    }
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anon() -> Anonymizer {
        Anonymizer::new(vec![
            (
                "Cascade Provisions".into(),
                "A specialty food distributor".into(),
            ),
            ("Harbor & Pine".into(), "Customer #2".into()),
        ])
    }

    #[test]
    fn names_are_replaced_case_insensitively_with_articles_and_possessives() {
        let a = anon();
        assert_eq!(
            a.replace("Cascade Provisions signed. We met CASCADE PROVISIONS' team at cascade provisions's office.")
                .unwrap(),
            "A specialty food distributor signed. We met a specialty food distributor's team at a specialty food distributor's office."
        );
        assert_eq!(a.replace("## Harbor & Pine\n").unwrap(), "## Customer #2\n");
        assert!(a.replace("Cascades Provisionsx").is_none());
        assert_eq!(
            a.replace("at Cascade\n  Provisions").unwrap(),
            "at a specialty food distributor"
        );
    }

    #[test]
    fn words_inside_other_words_are_left_alone() {
        let a = Anonymizer::new(vec![("Acme".into(), "A retailer".into())]);
        assert!(a.replace("Acmeology").is_none());
        assert_eq!(a.replace("(Acme)").unwrap(), "(A retailer)");
    }

    #[test]
    fn json_strings_are_anonymised() {
        let mut v =
            serde_json::json!({"a": ["Cascade Provisions", 3], "b": {"c": "x harbor & pine"}});
        anon().json(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"a": ["A specialty food distributor", 3], "b": {"c": "x Customer #2"}})
        );
    }
}
