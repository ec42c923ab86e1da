//! What a customer is called in a profile, decided here and nowhere else.
//!
//! In a profile with `anonymize_unapproved`, a case study whose `approval` is
//! not `approved` is shown by its `alias`, and a `data/customers.yaml` row that
//! no approved case study names is shown as `Customer #n`. [`shown_customer`]
//! and [`customer_labels`] answer "what is this customer called here" for
//! pages, charts, `data.customers` and PDFs; the [`Anonymizer`] replaces the
//! hidden names in every string a page carries (through
//! [`crate::content::visit`], the one walk over a page's strings), and the leak
//! audit looks for the same names with the same [`matcher`](crate::matcher).
//!
//! Approval is enforced on the page as well: an unapproved story shows no logo,
//! a `pending` one no quote, an `anonymized` one its quote credited to a role
//! only.

use crate::config::Profile;
use crate::content::visit::{self, Field};
use crate::content::{Approval, CaseStudy, KindData, Page, section_url, slugify_segment};
use crate::matcher::{self, Folded, Markup, Pattern};
use crate::site::Site;

/// A hidden name and what to show instead.
#[derive(Debug, Clone)]
pub struct Hidden {
    /// The real name.
    pub name: String,
    /// What the profile shows instead.
    pub shown: String,
    pattern: Pattern,
}

/// Hidden names and what to show instead, longest name first.
#[derive(Debug, Clone, Default)]
pub struct Anonymizer {
    hidden: Vec<Hidden>,
}

/// Whether `profile` shows `case` under its alias.
pub(crate) fn hides(profile: &Profile, case: &CaseStudy) -> bool {
    profile.anonymize_unapproved && case.approval != Approval::Approved
}

/// The name a case study shows in `profile`.
pub(crate) fn shown_customer(site: &Site, profile: &Profile, case: &CaseStudy) -> String {
    if hides(profile, case) {
        alias_of(site, case)
    } else {
        case.customer.clone()
    }
}

/// The names of `data/customers.yaml` rows in `profile`, in order: the real
/// name unless the profile anonymises and no approved case study names it.
pub(crate) fn customer_labels(site: &Site, profile: &Profile) -> Vec<String> {
    site.kpis
        .customers
        .iter()
        .enumerate()
        .map(|(n, c)| {
            if !profile.anonymize_unapproved {
                return c.name.clone();
            }
            match case_of(site, &c.name) {
                Some(cs) if cs.approval == Approval::Approved => c.name.clone(),
                Some(cs) => alias_of(site, cs),
                None => format!("Customer #{}", n + 1),
            }
        })
        .collect()
}

/// The credit under a quote: `Role, Customer`, without repeating a customer
/// the role already names (`Head of Operations, A distributor`, never
/// `Distributor, A distributor`).
pub(crate) fn quote_credit(role: Option<&str>, customer: &str) -> String {
    let role = role.map(str::trim).filter(|r| !r.is_empty());
    let customer = customer.trim();
    match role {
        None => customer.to_string(),
        Some(r) if customer.is_empty() || same_words(r, customer) => r.to_string(),
        Some(r) => format!("{r}, {customer}"),
    }
}

/// Whether one names the other (ignoring case, articles and punctuation).
fn same_words(a: &str, b: &str) -> bool {
    let strip = |s: &str| {
        let f = matcher::fold(s, Markup::Text);
        let t = f.text().trim().to_string();
        ["a ", "an ", "the "]
            .iter()
            .find_map(|a| t.strip_prefix(a).map(str::to_string))
            .unwrap_or(t)
    };
    let (a, b) = (strip(a), strip(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

fn case_of<'a>(site: &'a Site, name: &str) -> Option<&'a CaseStudy> {
    let target = Pattern::new(name)?;
    site.content.pages.iter().find_map(|p| match &p.data {
        KindData::CaseStudy(c) if Pattern::new(&c.customer).as_ref() == Some(&target) => {
            Some(c.as_ref())
        }
        _ => None,
    })
}

/// The alias of a case study: its `alias:`, else its `Customer #n` label, else "A customer".
fn alias_of(site: &Site, case: &CaseStudy) -> String {
    if let Some(a) = case
        .alias
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        return a.to_string();
    }
    let me = Pattern::new(&case.customer);
    site.kpis
        .customers
        .iter()
        .position(|c| Pattern::new(&c.name) == me)
        .map_or_else(
            || "A customer".to_string(),
            |n| format!("Customer #{}", n + 1),
        )
}

impl Anonymizer {
    /// The names `site` must hide in `profile` (`None` when there are none).
    pub(crate) fn for_site(site: &Site, profile: &Profile) -> Option<Anonymizer> {
        if !profile.anonymize_unapproved {
            return None;
        }
        let mut pairs: Vec<(String, String)> = Vec::new();
        for page in &site.content.pages {
            if let KindData::CaseStudy(c) = &page.data
                && hides(profile, c)
            {
                pairs.push((c.customer.clone(), alias_of(site, c)));
            }
        }
        for (c, label) in site
            .kpis
            .customers
            .iter()
            .zip(customer_labels(site, profile))
        {
            pairs.push((c.name.clone(), label));
        }
        let a = Anonymizer::new(pairs);
        (!a.hidden.is_empty()).then_some(a)
    }

    /// An anonymizer over explicit `(real name, shown instead)` pairs; a name
    /// shown as itself, or without a letter or digit, hides nothing.
    pub fn new(pairs: Vec<(String, String)>) -> Anonymizer {
        let mut hidden: Vec<Hidden> = Vec::new();
        for (name, shown) in pairs {
            let Some(pattern) = Pattern::new(&name) else {
                continue;
            };
            if Pattern::new(&shown).as_ref() == Some(&pattern)
                || hidden.iter().any(|h| h.pattern == pattern)
            {
                continue;
            }
            hidden.push(Hidden {
                name: name.split_whitespace().collect::<Vec<_>>().join(" "),
                shown,
                pattern,
            });
        }
        hidden.sort_by(|a, b| {
            b.pattern
                .folded()
                .len()
                .cmp(&a.pattern.folded().len())
                .then(a.name.cmp(&b.name))
        });
        Anonymizer { hidden }
    }

    /// The hidden names with what is shown instead, longest first.
    pub fn hidden(&self) -> &[Hidden] {
        &self.hidden
    }

    /// Whether `text` mentions a hidden name.
    pub fn mentions(&self, text: &str) -> bool {
        let plain = matcher::plain_ascii(text.as_bytes());
        let lower = plain.then(|| text.to_ascii_lowercase());
        let candidates: Vec<&Hidden> = self
            .hidden
            .iter()
            .filter(|h| {
                lower
                    .as_deref()
                    .is_none_or(|l| Folded::could_hold(l, &h.pattern))
            })
            .collect();
        if candidates.is_empty() {
            return false;
        }
        [Markup::Text, Markup::Html].into_iter().any(|markup| {
            let f = matcher::fold(text, markup);
            candidates.iter().any(|h| f.find(&h.pattern, 0).is_some())
        })
    }

    /// `text` with every hidden name replaced, or `None` when it mentions none.
    pub fn replace(&self, text: &str) -> Option<String> {
        if !self.mentions(text) {
            return None;
        }
        let mut out = text.to_string();
        for markup in [Markup::Text, Markup::Html] {
            for h in &self.hidden {
                let f = matcher::fold(&out, markup);
                let hits: Vec<(usize, usize)> = f
                    .find_all(&h.pattern)
                    .into_iter()
                    .map(|hit| (hit.start, hit.end))
                    .filter(|&(_, end)| !names_a_source_file(&out[end..]))
                    .collect();
                if !hits.is_empty() {
                    out = replace_spans(&out, &hits, &h.shown);
                }
            }
        }
        Some(out)
    }

    fn fix(&self, text: &mut String) {
        if let Some(new) = self.replace(text) {
            *text = new;
        }
    }

    /// Replaces hidden names in every string of a JSON value.
    pub(crate) fn json(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(s) => self.fix(s),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| self.json(v)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| self.json(v)),
            _ => {}
        }
    }

    /// `page` as an anonymising `profile` shows it, or `None` when it needs no change.
    pub(crate) fn page(&self, site: &Site, profile: &Profile, page: &Page) -> Option<Page> {
        let own_alias = match &page.data {
            KindData::CaseStudy(c) if hides(profile, c) => Some(alias_of(site, c)),
            _ => None,
        };
        let mut mentions = false;
        visit::strings(page, &mut |_, s| mentions = mentions || self.mentions(s));
        let slug_names_it = self.slug_mentions(&page.slug);
        if own_alias.is_none() && !mentions && !slug_names_it {
            return None;
        }
        let mut p = page.clone();
        visit::strings_mut(&mut p, &mut |field, s| {
            if field != Field::Customer {
                self.fix(s);
            }
        });
        if let (KindData::CaseStudy(c), Some(alias)) = (&mut p.data, &own_alias) {
            c.customer = alias.clone();
            // A logo shows who the customer is; so do their face and voice.
            c.logo = None;
            c.video = None;
            match c.approval {
                Approval::Pending => c.quote = None,
                Approval::Anonymized | Approval::Approved => {
                    if let Some(q) = c.quote.as_mut() {
                        q.author.clear();
                    }
                }
            }
        }
        if own_alias.is_some() && !page.is_index && (page.meta.slug.is_none() || slug_names_it) {
            p.slug = crate::content::slug_from_text(
                &own_alias.clone().unwrap_or_default().to_lowercase(),
            );
        } else if slug_names_it && !page.is_index {
            let mut slug = p.slug.to_lowercase();
            for h in &self.hidden {
                slug = slug.replace(
                    &slugify_segment(&h.name.to_lowercase()),
                    &slugify_segment(&h.shown.to_lowercase()),
                );
            }
            p.slug = crate::content::slug_from_text(&slug);
        }
        if !p.is_index {
            p.url = format!("{}{}/", section_url(&p.section), p.slug);
            p.meta.slug = Some(p.slug.clone());
        }
        Some(p)
    }

    /// Whether a slug names a hidden customer (`cascade-provisions-2026`).
    fn slug_mentions(&self, slug: &str) -> bool {
        let f = matcher::fold(slug, Markup::Text);
        self.hidden.iter().any(|h| f.find(&h.pattern, 0).is_some())
    }
}

/// Whether the text right after a match continues a path to a Markdown file
/// (`cascade-provisions.md`): links to source files are resolved to the
/// profile's URL when rendering, so the file name must stay as written.
fn names_a_source_file(rest: &str) -> bool {
    let path: &str = rest
        .split(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '#' | '?' | '>'))
        .next()
        .unwrap_or("");
    path.ends_with(".md")
}

/// Replaces the spans `hits` (in order, not overlapping) of `text` by `shown`.
fn replace_spans(text: &str, hits: &[(usize, usize)], shown: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for &(at, end) in hits {
        if at < last {
            continue;
        }
        out.push_str(&text[last..at]);
        let mut end = end;
        let mut shown = if sentence_start(&text[..at]) {
            shown.to_string()
        } else {
            lower_article(shown)
        };
        // `Cascade **Provisions**`: the emphasis opened inside the name closes after it.
        let inner = &text[at..end];
        for marker in ["**", "__", "~~", "*", "_", "`"] {
            if inner.matches(marker).count() % 2 == 1 && text[end..].starts_with(marker) {
                end += marker.len();
                break;
            }
        }
        if in_url(&text[..at]) {
            // `?q=Cascade+Provisions`: the alias must not break the link.
            shown = url_encode(&shown);
            out.push_str(&shown);
            last = end;
            continue;
        }
        // `Provisions' team` -> `the distributor's team`.
        let rest = &text[end..];
        for q in ['\'', '’'] {
            let bare = rest.starts_with(q)
                && !rest[q.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if bare && !shown.ends_with('s') {
                shown.push(q);
                shown.push('s');
                end += q.len_utf8();
                break;
            }
        }
        out.push_str(&shown);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// Whether a match right after `before` sits inside a URL (its token holds `://`,
/// starts with `/`, or has a query).
fn in_url(before: &str) -> bool {
    let token = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '\'' | '<' | '['))
        .next()
        .unwrap_or("");
    token.contains("://") || token.starts_with('/') || token.contains('?') || token.contains('=')
}

/// `text` percent-encoded for a URL path or query (unreserved characters kept).
fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
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
    fn unicode_around_a_name_does_not_hide_it() {
        let a = anon();
        let text = "Thanks to “Cascade Provisions” — Cascade Provisions’ team; Cascade\u{a0}Provisions; CASCADE **PROVISIONS**; Cascade<b></b> Provisions; Cascade&#32;Provisions™; ?q=Cascade+Provisions";
        let out = a.replace(text).unwrap();
        assert!(!a.mentions(&out), "{out}");
        assert!(out.contains("“A specialty food distributor”"), "{out}");
        assert!(out.contains("a specialty food distributor’s team"), "{out}");
    }

    #[test]
    fn emphasis_and_urls_around_a_name_stay_well_formed() {
        let a = anon();
        assert_eq!(
            a.replace("by CASCADE **PROVISIONS** today").unwrap(),
            "by a specialty food distributor today"
        );
        assert_eq!(
            a.replace("[s](https://x.example/?q=Cascade+Provisions)")
                .unwrap(),
            "[s](https://x.example/?q=a%20specialty%20food%20distributor)"
        );
    }

    #[test]
    fn links_to_source_files_keep_their_file_name() {
        let a = anon();
        let out = a
            .replace("See [the story](cascade-provisions.md) by Cascade Provisions.")
            .unwrap();
        assert_eq!(
            out,
            "See [the story](cascade-provisions.md) by a specialty food distributor."
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

    #[test]
    fn credits_never_repeat_the_customer() {
        assert_eq!(
            quote_credit(
                Some("Multi-channel specialty food distributor"),
                "A multi-channel specialty food distributor"
            ),
            "Multi-channel specialty food distributor"
        );
        assert_eq!(
            quote_credit(Some("VP Operations"), "Northwind Logistics"),
            "VP Operations, Northwind Logistics"
        );
        assert_eq!(quote_credit(None, "Northwind"), "Northwind");
    }
}
