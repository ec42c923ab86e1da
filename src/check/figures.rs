//! Reading figures out of one line of text people read, and pairing each with
//! the KPI name or alias beside it. `numbers.rs` decides which text is read and
//! judges the pairs against the computed KPIs; this file knows only text.
//!
//! A figure is money in every way people type it (`$37,500`, `$ 37,500`,
//! `US$37,500`, `USD 37,500`, `37,500 dollars`, `$125K`, `$1.2M`, and `$37 500`
//! with a space, no-break space or thin space between the digit groups), a
//! percentage (`75%`), a ratio (`30:1`, `40x`), a number of months
//! (`6-8 months`) or a plain number (`7`, `0.6`, `130000`). Plain numbers are
//! judged only right beside a label: after `Label:` (`Customers: 7`,
//! `ARR: 130000`, `Gross margin: 0.6`, a fraction read as a percentage), or
//! before a count's name (`7 customers`), or after a score's name (`NPS 8.5`).
//! `&nbsp;` and the other space entities count as spaces everywhere, so
//! `Quarterly&nbsp;run rate` is the quarterly run rate.

use crate::kpis::Unit;

/// What kind of figure was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Money,
    Percent,
    Ratio,
    Months,
    Plain,
}

/// How a figure bounds the value it speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    Exact,
    AtLeast,
    AtMost,
    About,
}

/// A figure found in a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figure {
    /// Byte offsets in the line.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    /// Half a unit of the last digit written.
    pub(crate) precision: f64,
    pub(crate) bound: Bound,
    pub(crate) shape: Shape,
    /// Written with `K`, `M` or `B`.
    pub(crate) short: bool,
    /// Written with a decimal point (`0.6`): beside a percentage KPI, a fraction.
    pub(crate) decimal: bool,
    /// A word follows (`12 prospects`): the number counts that, not money.
    pub(crate) before_word: bool,
    pub(crate) text: String,
}

impl Figure {
    /// True for a range written `X-Y`.
    pub(crate) fn is_range(&self) -> bool {
        self.hi > self.lo
    }
}

/// Length of one space at `s[j..]`: ASCII space or tab, a no-break, thin or
/// narrow no-break space, or their HTML entities. 0 when there is none.
pub(crate) fn space_len(s: &[u8], j: usize) -> usize {
    const SPACES: [&str; 10] = [
        " ", "\t", "\u{a0}", "\u{2009}", "\u{202f}", "&nbsp;", "&#160;", "&#xa0;", "&thinsp;",
        "&#8239;",
    ];
    let rest = s.get(j..).unwrap_or_default();
    SPACES
        .iter()
        .find(|sp| rest.len() >= sp.len() && rest[..sp.len()].eq_ignore_ascii_case(sp.as_bytes()))
        .map_or(0, |sp| sp.len())
}

fn skip_spaces(s: &[u8], mut j: usize) -> usize {
    loop {
        let n = space_len(s, j);
        if n == 0 {
            return j;
        }
        j += n;
    }
}

/// A number at `s[i..]`: digits with thousands separators (commas, and with
/// `spaced` also single spaces of any kind, as in `$37 500`) and a decimal
/// part. Returns (value, end, precision, has decimals).
fn number(s: &[u8], i: usize, spaced: bool) -> Option<(f64, usize, f64, bool)> {
    let digit = |k: usize| s.get(k).is_some_and(u8::is_ascii_digit);
    let group_of_three = |k: usize| digit(k) && digit(k + 1) && digit(k + 2) && !digit(k + 3);
    let mut j = i;
    let mut text = String::new();
    let mut group = 0;
    while j < s.len() {
        let c = s[j];
        if c.is_ascii_digit() {
            text.push(c as char);
            group += 1;
            j += 1;
            continue;
        }
        if text.is_empty() {
            break;
        }
        if c == b',' && digit(j + 1) && digit(j + 2) && digit(j + 3) {
            j += 1;
            group = 0;
            continue;
        }
        // Only money is grouped by spaces: "in 2026 500 units" is two numbers.
        let sp = space_len(s, j);
        if spaced && sp > 0 && group <= 3 && group_of_three(j + sp) {
            j += sp;
            group = 0;
            continue;
        }
        break;
    }
    if text.is_empty() {
        return None;
    }
    let mut decimals = 0;
    if j + 1 < s.len() && s[j] == b'.' && s[j + 1].is_ascii_digit() {
        text.push('.');
        j += 1;
        while j < s.len() && s[j].is_ascii_digit() {
            text.push(s[j] as char);
            decimals += 1;
            j += 1;
        }
    }
    let value: f64 = text.parse().ok()?;
    Some((value, j, 0.5 * 10f64.powi(-decimals), decimals > 0))
}

fn suffix(s: &[u8], j: usize) -> (f64, usize) {
    let next_is_word = |k: usize| k < s.len() && s[k].is_ascii_alphabetic();
    match s.get(j).map(u8::to_ascii_uppercase) {
        Some(b'K') if !next_is_word(j + 1) => (1e3, j + 1),
        Some(b'M') if !next_is_word(j + 1) => (1e6, j + 1),
        Some(b'B') if !next_is_word(j + 1) => (1e9, j + 1),
        _ => (1.0, j),
    }
}

fn is_dash(s: &[u8], j: usize) -> Option<usize> {
    let rest = s.get(j..).unwrap_or_default();
    if rest.first() == Some(&b'-') {
        Some(j + 1)
    } else if rest.starts_with("–".as_bytes()) {
        Some(j + "–".len())
    } else if rest.starts_with(b" to ") {
        Some(j + 4)
    } else {
        None
    }
}

/// The ASCII word at `s[k..]`, lowercased, and its end.
fn word_at(s: &[u8], k: usize) -> (String, usize) {
    let mut e = k;
    while e < s.len() && s[e].is_ascii_alphabetic() {
        e += 1;
    }
    (
        String::from_utf8_lossy(&s[k.min(e)..e]).to_ascii_lowercase(),
        e,
    )
}

/// Where a money prefix at `i` ends (`$`, `US$`, `USD`, with the spaces after
/// it), or None when no money prefix starts at `i`.
fn money_prefix(s: &[u8], i: usize) -> Option<usize> {
    let rest = &s[i..];
    let after = if rest.starts_with(b"$") {
        i + 1
    } else if rest.starts_with(b"US$") {
        i + 3
    } else if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b"USD") {
        // `USD` must be a word: `USDA 5` is not money.
        if rest.get(3).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        i + 3
    } else {
        return None;
    };
    let k = skip_spaces(s, after);
    s.get(k).is_some_and(u8::is_ascii_digit).then_some(k)
}

/// Every figure of `line` (template expressions already blanked).
pub(crate) fn figures(line: &str) -> Vec<Figure> {
    let s = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let start = i;
        let boundary_ok = start == 0
            || !(s[start - 1].is_ascii_alphanumeric()
                || matches!(s[start - 1], b'#' | b'.' | b',' | b'/' | b'-' | b'$' | b':'));
        let prefix = if boundary_ok {
            money_prefix(s, i)
        } else {
            None
        };
        let mut money = prefix.is_some();
        let n_at = prefix.unwrap_or(i);
        if !boundary_ok || !s[n_at].is_ascii_digit() {
            i += 1;
            continue;
        }
        let Some((mut lo, j, mut precision, decimal)) = number(s, n_at, money) else {
            i += 1;
            continue;
        };
        let (mut lo_mult, mut j) = if money { suffix(s, j) } else { (1.0, j) };
        let mut hi = lo;
        let mut hi_mult = lo_mult;
        // A range: `6-8`, `$35K-45K`, `$35K-$45K`, `80-85%`, `6 to 8`.
        if let Some(k) = is_dash(s, j) {
            let k2 = if money && s.get(k) == Some(&b'$') {
                k + 1
            } else {
                k
            };
            if let Some((v, e, p, _)) = number(s, k2, money) {
                let (m2, e2) = if money { suffix(s, e) } else { (1.0, e) };
                hi = v;
                hi_mult = m2;
                precision = precision.max(p);
                j = e2;
            }
        }
        let mut end = j;
        // Money named after the number: `37,500 dollars`, `130K USD`.
        if !money {
            let (m, after_suffix) = suffix(s, j);
            let k = skip_spaces(s, after_suffix);
            let (word, word_end) = word_at(s, k);
            if k > after_suffix && matches!(word.as_str(), "dollars" | "dollar" | "usd") {
                money = true;
                lo_mult = m;
                hi_mult = m;
                end = word_end;
            }
        }
        if lo_mult == 1.0 && hi_mult > 1.0 {
            lo_mult = hi_mult;
        }
        let short = lo_mult > 1.0 || hi_mult > 1.0;
        lo *= lo_mult;
        hi *= hi_mult;
        let scale = hi_mult.max(lo_mult);
        let shape = if money {
            Shape::Money
        } else if s.get(j) == Some(&b'%') {
            end = j + 1;
            Shape::Percent
        } else if s.get(j) == Some(&b':')
            && s.get(j + 1) == Some(&b'1')
            && !s.get(j + 2).is_some_and(u8::is_ascii_digit)
        {
            end = j + 2;
            Shape::Ratio
        } else if let Some(x) = ["x", "X", "×"]
            .iter()
            .find(|x| s[j..].starts_with(x.as_bytes()))
            .filter(|x| !s.get(j + x.len()).is_some_and(u8::is_ascii_alphanumeric))
        {
            end = j + x.len();
            Shape::Ratio
        } else {
            let k = skip_spaces(s, j);
            let (word, word_end) = word_at(s, k);
            if k > j && matches!(word.as_str(), "months" | "month" | "mo") {
                end = word_end;
                Shape::Months
            } else {
                Shape::Plain
            }
        };
        let mut bound = Bound::Exact;
        if s.get(end) == Some(&b'+') {
            end += 1;
            bound = Bound::AtLeast;
        }
        let before_word = {
            let k = skip_spaces(s, end);
            k > end && s.get(k).is_some_and(u8::is_ascii_alphabetic)
        };
        let before = line[..start].trim_end().to_ascii_lowercase();
        if bound == Bound::Exact {
            bound = bound_before(&before);
        }
        out.push(Figure {
            start,
            end,
            lo: lo.min(hi),
            hi: lo.max(hi),
            precision: precision * scale,
            bound,
            shape,
            short,
            decimal,
            before_word,
            text: line[start..end].to_string(),
        });
        i = end.max(i + 1);
    }
    out
}

/// The bound the words before a figure set (`over $1M`, `~40%`).
fn bound_before(before: &str) -> Bound {
    const WORDS: [(&[&str], Bound); 3] = [
        (
            &[
                "over",
                "more than",
                "at least",
                ">",
                "≥",
                "above",
                "exceeding",
            ],
            Bound::AtLeast,
        ),
        (
            &["under", "less than", "up to", "at most", "<", "≤", "below"],
            Bound::AtMost,
        ),
        (
            &[
                "~",
                "about",
                "around",
                "approximately",
                "approx.",
                "roughly",
                "nearly",
                "almost",
                "≈",
            ],
            Bound::About,
        ),
    ];
    for (words, b) in WORDS {
        if words.iter().any(|w| {
            before.ends_with(w)
                && (w.len() == 1
                    || !before[..before.len() - w.len()]
                        .ends_with(|c: char| c.is_ascii_alphabetic()))
        }) {
            return b;
        }
    }
    Bound::Exact
}

/// Replaces `{{ ... }}`, `{% ... %}` and `{# ... #}` spans with spaces (keeping offsets).
pub(crate) fn blank_templates(line: &str) -> String {
    let mut out = line.to_string();
    for (open, close) in [("{{", "}}"), ("{%", "%}"), ("{#", "#}")] {
        let mut from = 0;
        while let Some(a) = out[from..].find(open).map(|k| k + from) {
            let b = out[a..]
                .find(close)
                .map_or(out.len(), |k| a + k + close.len());
            let blank = " ".repeat(b - a);
            out.replace_range(a..b, &blank);
            from = b;
        }
    }
    out
}

/// Label occurrences on a line: (start, end, KPI key), shorter ones inside longer ones dropped.
pub(crate) fn keywords(
    line: &str,
    aliases: &[(&str, &'static str)],
) -> Vec<(usize, usize, &'static str)> {
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    for &(alias, key) in aliases {
        let mut from = 0;
        while let Some((a, b)) = find_word(line, alias, from) {
            found.push((a, b, key));
            from = b;
        }
    }
    let all = found.clone();
    found.retain(|&(a, b, _)| {
        !all.iter()
            .any(|&(c, d, _)| c <= a && b <= d && (d - c) > (b - a))
    });
    found.sort();
    found.dedup();
    found
}

/// Longest line (in bytes) whose figures are judged.
pub(crate) const MAX_LINE: usize = 4096;

/// Whether a plain number fits a KPI of `unit`, given the text between them.
fn plain_fits(fig: &Figure, unit: Unit, gap: &str, label_before: bool) -> bool {
    let gap = gap.replace("&nbsp;", " ");
    let separators_only = gap
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, ':' | '=' | '*' | '_' | '|' | '\u{a0}'));
    if !separators_only || gap.is_empty() {
        return false;
    }
    // `Customers: 7`, `ARR = 130000`, a table's `| ARR | 130000 |`.
    let labelled = label_before && gap.contains([':', '=', '|']);
    match unit {
        // `7 customers` or `Customers: 7 signed`.
        Unit::Count => !label_before || labelled,
        // `NPS 8.5`: a score is named right before or after it.
        Unit::Score => true,
        // `ARR: 130000` but not `Pipeline: 12 prospects`.
        _ => labelled && !fig.before_word,
    }
}

/// Matches figures to KPIs on one line: (figure, KPI key). `unit_of` gives
/// the unit of a KPI key, None for a key this site does not compute.
pub(crate) fn pairs(
    line: &str,
    aliases: &[(&str, &'static str)],
    unit_of: &dyn Fn(&str) -> Option<Unit>,
) -> Vec<(Figure, &'static str)> {
    // Prose lines are short; a machine-made line of megabytes is not prose: bound the work.
    if line.len() > MAX_LINE {
        return Vec::new();
    }
    let clean = blank_templates(line);
    let figs = figures(&clean);
    if figs.is_empty() {
        return Vec::new();
    }
    let keys = keywords(&clean, aliases);
    let mut out = Vec::new();
    for (n, fig) in figs.iter().enumerate() {
        let mut best: Option<(usize, &'static str)> = None;
        for &(a, b, key) in &keys {
            let Some(unit) = unit_of(key) else { continue };
            let (gap_start, gap_end) = if b <= fig.start {
                (b, fig.start)
            } else if fig.end <= a {
                (fig.end, a)
            } else {
                continue;
            };
            let gap = &clean[gap_start..gap_end];
            let fits = match fig.shape {
                Shape::Plain => plain_fits(fig, unit, gap, b <= fig.start),
                Shape::Money => unit == Unit::Money,
                Shape::Percent => unit == Unit::Percent,
                Shape::Ratio => unit == Unit::Ratio,
                Shape::Months => unit == Unit::Months,
            };
            if !fits {
                continue;
            }
            // Another figure in between belongs to that keyword instead.
            if figs
                .iter()
                .enumerate()
                .any(|(m, f)| m != n && f.start >= gap_start && f.end <= gap_end)
            {
                continue;
            }
            let distance = gap.split_whitespace().collect::<Vec<_>>().join(" ").len();
            let limit = if fig.shape == Shape::Plain { 3 } else { 40 };
            if distance > limit || gap.contains(". ") {
                continue;
            }
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, key));
            }
        }
        if let Some((_, key)) = best {
            out.push((fig.clone(), key));
        }
    }
    out
}

/// Where `needle` occurs in `hay` at or after `from` (start, end), ASCII
/// case-insensitively, on word boundaries, a space matching any run of spaces
/// (entities included): the figure lint's label finder (names and leaks use
/// `matcher`).
pub(crate) fn find_word(hay: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    let is_word_byte = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    let (&first, &last) = (n.first()?, n.last()?);
    let mut i = from;
    while i < h.len() {
        if h[i].eq_ignore_ascii_case(&first)
            && (i == 0 || !is_word_byte(first) || !is_word_byte(h[i - 1]) || h[i - 1] == b';')
            && let Some(len) = match_at(h, i, n)
            && (!is_word_byte(last) || i + len == h.len() || !is_word_byte(h[i + len]))
        {
            return Some((i, i + len));
        }
        i += 1;
    }
    None
}

/// Length of the match of `needle` at `h[i..]` (a space matches any run of spaces).
fn match_at(h: &[u8], i: usize, needle: &[u8]) -> Option<usize> {
    let mut j = i;
    for &c in needle {
        if c == b' ' {
            let start = j;
            j = skip_spaces(h, j);
            while j < h.len() && h[j].is_ascii_whitespace() {
                j = skip_spaces(h, j + 1);
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
    }
    Some(j - i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(line: &str) -> Vec<(String, f64, f64, Bound)> {
        figures(line)
            .into_iter()
            .map(|f| (f.text, f.lo, f.hi, f.bound))
            .collect()
    }

    #[test]
    fn figures_of_every_shape_are_read() {
        assert_eq!(
            fig("QUARTERLY RUN RATE:           $37,500"),
            vec![("$37,500".into(), 37_500.0, 37_500.0, Bound::Exact)]
        );
        assert_eq!(
            fig("$150,000+ per customer"),
            vec![("$150,000+".into(), 150_000.0, 150_000.0, Bound::AtLeast)]
        );
        assert_eq!(fig("$35K-45K ACV")[0].1, 35_000.0);
        assert_eq!(fig("$35K-45K ACV")[0].2, 45_000.0);
        assert_eq!(fig("Payback Period: 6-8 months")[0].0, "6-8 months");
        assert_eq!(fig("30:1 (excellent)")[0].0, "30:1");
        assert_eq!(fig("Gross Margin: 75%+")[0].3, Bound::AtLeast);
        assert_eq!(fig("$1.2M")[0].1, 1_200_000.0);
        assert_eq!(fig("about $40K")[0].3, Bound::About);
    }

    #[test]
    fn money_is_read_in_every_currency_form() {
        for line in [
            "37,500 dollars",
            "USD 37,500",
            "US$37,500",
            "$ 37,500",
            "$37 500",
            "$37\u{a0}500",
            "$37\u{202f}500",
            "$37&nbsp;500",
            "37.5K dollars",
        ] {
            let f = figures(line);
            assert_eq!(f.len(), 1, "{line}: {f:?}");
            assert_eq!((f[0].shape, f[0].lo), (Shape::Money, 37_500.0), "{line}");
            assert_eq!(f[0].text, line, "{line}");
        }
        // Plain numbers are not grouped by spaces.
        assert_eq!(figures("in 2026 500 units").len(), 2);
        assert_eq!(figures("40x")[0].shape, Shape::Ratio);
    }

    #[test]
    fn keywords_prefer_the_longest_phrase() {
        let aliases = crate::kpis::ALIASES;
        let k = keywords("LTV:CAC Ratio: 30:1 and customer lifetime value", aliases);
        let keys: Vec<&str> = k.iter().map(|x| x.2).collect();
        assert_eq!(keys, vec!["ltv_cac", "ltv"]);
        let k = keywords("Quarterly&nbsp;run rate: $37,500", aliases);
        assert_eq!(k[0].2, "quarterly_revenue");
    }

    #[test]
    fn figures_pair_with_the_nearest_fitting_kpi() {
        let aliases = crate::kpis::ALIASES;
        let units = |key: &str| {
            Some(match key {
                "cac" | "arr" | "pipeline" => Unit::Money,
                "customers" => Unit::Count,
                "avg_recommend" => Unit::Score,
                _ => return None,
            })
        };
        let p = pairs(
            "CAC (Customer Acquisition Cost):     $5,000 per customer",
            aliases,
            &units,
        );
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].1, "cac");
        let p = pairs(
            "Customer #1 (signed Week 7):  $50,000 ACV (signed Week 7)",
            aliases,
            &units,
        );
        assert!(p.is_empty(), "{p:?}");
        assert!(pairs("ARR is {{ kpis.arr | money }} today", aliases, &units).is_empty());
        assert_eq!(
            pairs("- $125K+ annualized revenue", aliases, &units)[0].1,
            "arr"
        );
        assert_eq!(
            pairs("Likelihood to recommend 8.5+", aliases, &units)[0].1,
            "avg_recommend"
        );
        // A key this site does not compute is skipped.
        assert!(pairs("NPS 8.5+ from all customers", aliases, &units).is_empty());
        assert!(pairs("Pipeline: 12 prospects", aliases, &units).is_empty());
        assert_eq!(
            pairs("We have 7 customers", aliases, &units)[0].1,
            "customers"
        );
    }
}
