//! The one matcher behind anonymisation and the leak audit.
//!
//! A hidden name must be found however the text around it is written, so both
//! sides are reduced to the same *folded* form before comparing:
//!
//! - NFKC and full Unicode case folding (`CRÈME`, an NFD `Cre\u{300}me`, `ﬁ`);
//! - word characters are letters, marks and numbers by Unicode category, not by
//!   byte value, so `“Cascade Provisions”`, `Provisions’`, `Provisions™` or an
//!   emoji after the name still end a word;
//! - every run of other characters (any Unicode space, punctuation, Markdown
//!   emphasis, `+` in a query string) is one gap, so `Cascade\u{a0}Provisions`,
//!   `Cascade **Provisions**` and `cascade-provisions` all read `cascade provisions`;
//! - invisible format characters (soft hyphen, zero-width space, bidi marks) are
//!   dropped, so they cannot split a name that a reader sees whole;
//! - HTML entities (`&#32;`, `&nbsp;`, `&egrave;`) and `%XX` URL escapes are
//!   decoded; in [`Markup::Html`] mode tags, comments, scripts and styles are
//!   gaps too (`Cascade<b></b> Provisions`).
//!
//! Currency symbols are kept (so `$125K` and `125K` can be told apart) but do
//! not join words. Every folded byte remembers the span of the original text
//! it came from, so a match can be replaced in the original.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// How markup in the text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// Every character counts (tags' attribute values, CSS, JSON, file names).
    Text,
    /// HTML tags, comments, `<script>` and `<style>` are gaps: what a reader sees.
    Html,
}

/// Text reduced to its folded form, with the original span of every byte.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    text: String,
    /// Per byte of `text`: the original byte range it came from.
    origin: Vec<(usize, usize)>,
    /// Original offsets of single characters that may group digits, in order.
    grouping: Vec<(usize, char)>,
}

/// Something to look for, folded once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    folded: String,
    /// Lowercase ASCII words of the pattern (a raw text lacking any of them
    /// cannot match when it is plain ASCII, see [`Folded::could_hold`]).
    anchors: Vec<String>,
    /// Whether a word character must not touch the match on the left / right.
    left_word: bool,
    right_word: bool,
    /// Whether the pattern starts / ends with a digit (numbers are not cut from
    /// bigger ones: `125,000` is not in `1,125,000`).
    left_digit: bool,
    right_digit: bool,
}

/// A match: the original byte range, and the folded range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Start in the original text.
    pub start: usize,
    /// End in the original text.
    pub end: usize,
    /// Start in the folded text.
    pub folded_start: usize,
    /// End in the folded text.
    pub folded_end: usize,
}

const GAP: char = ' ';

/// Characters that may group the digits of one number.
fn groups_digits(c: char) -> bool {
    matches!(
        c,
        ',' | '.' | '\'' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}'
    )
}

fn is_word(c: char) -> bool {
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Number | GeneralCategoryGroup::Mark
    )
}

fn is_format(c: char) -> bool {
    matches!(
        c.general_category(),
        unicode_properties::GeneralCategory::Format
    )
}

fn is_currency(c: char) -> bool {
    matches!(
        c.general_category(),
        unicode_properties::GeneralCategory::CurrencySymbol
    )
}

/// Scripts written without spaces between words: no word boundary is required.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x3040..=0x30FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0x20000..=0x3FFFF)
}

impl Pattern {
    /// `text` as a pattern, or `None` when it has no word character.
    pub fn new(text: &str) -> Option<Pattern> {
        let folded = fold(text, Markup::Text).text;
        let folded = folded.trim_matches(GAP).to_string();
        let first = folded.chars().next()?;
        let last = folded.chars().next_back()?;
        if !folded.chars().any(is_word) {
            return None;
        }
        let anchors = folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        Some(Pattern {
            anchors,
            left_word: is_word(first) && !is_unspaced(first),
            right_word: is_word(last) && !is_unspaced(last),
            left_digit: first.is_numeric(),
            right_digit: last.is_numeric(),
            folded,
        })
    }

    /// The folded form (`cascade provisions`).
    pub fn folded(&self) -> &str {
        &self.folded
    }
}

impl Folded {
    /// The folded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Original byte range of the folded range `a..b`.
    pub fn origin(&self, a: usize, b: usize) -> (usize, usize) {
        if a >= b || b > self.origin.len() {
            return (0, 0);
        }
        (self.origin[a].0, self.origin[b - 1].1)
    }

    /// The first match of `p` at or after folded offset `from`.
    pub fn find(&self, p: &Pattern, mut from: usize) -> Option<Hit> {
        let t = self.text.as_str();
        while from <= t.len() {
            let at = from + t.get(from..)?.find(p.folded.as_str())?;
            let end = at + p.folded.len();
            if self.bounded(p, at, end) {
                let (start, orig_end) = self.origin(at, end);
                return Some(Hit {
                    start,
                    end: orig_end,
                    folded_start: at,
                    folded_end: end,
                });
            }
            from = at + t[at..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    /// Every match of `p`, left to right, not overlapping.
    pub fn find_all(&self, p: &Pattern) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut from = 0;
        while let Some(hit) = self.find(p, from) {
            from = hit.folded_end.max(hit.folded_start + 1);
            hits.push(hit);
        }
        hits
    }

    fn bounded(&self, p: &Pattern, at: usize, end: usize) -> bool {
        let t = self.text.as_str();
        let before = t[..at].chars().next_back();
        let after = t[end..].chars().next();
        if p.left_word && before.is_some_and(is_word) {
            return false;
        }
        if p.right_word && after.is_some_and(is_word) {
            return false;
        }
        if p.left_digit && before == Some(GAP) {
            // `1,125,000`: one grouping character between digits joins them.
            let gap = self.origin(at - 1, at);
            let digit_before = t[..at - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_numeric);
            if digit_before && self.single_grouping_char(gap) {
                return false;
            }
        }
        if p.right_digit && after == Some(GAP) {
            let gap = self.origin(end, end + 1);
            let rest = &t[end + 1..];
            let digits: String = rest.chars().take_while(|c| c.is_numeric()).collect();
            if !digits.is_empty() && self.single_grouping_char(gap) {
                // `125,000.00` is the same figure; `125,000,000` is not.
                let decimal_zeros =
                    self.original_char(gap) == Some('.') && digits.chars().all(|c| c == '0');
                if !decimal_zeros {
                    return false;
                }
            }
        }
        true
    }

    fn single_grouping_char(&self, (a, b): (usize, usize)) -> bool {
        self.original_char((a, b)).is_some_and(groups_digits)
    }

    /// The character of a one-character original span, when it may group digits
    /// (the original text is not kept, only those characters).
    fn original_char(&self, (a, b): (usize, usize)) -> Option<char> {
        self.grouping
            .binary_search_by_key(&a, |&(at, _)| at)
            .ok()
            .map(|k| self.grouping[k].1)
            .filter(|c| c.len_utf8() == b - a)
    }

    /// Whether `raw`, a plain ASCII text without escapes, could hold `p`
    /// (`raw_lower` is `raw` lowercased): a cheap test before folding.
    pub fn could_hold(raw_lower: &str, p: &Pattern) -> bool {
        p.anchors.iter().all(|a| raw_lower.contains(a.as_str()))
    }
}

/// Whether `raw` folds to itself lowercased, word for word (plain ASCII, no
/// entity or URL escape that could spell a letter, no invisible character),
/// so [`Folded::could_hold`] may decide without folding.
pub fn plain_ascii(raw: &[u8]) -> bool {
    raw.is_ascii()
        && !raw.windows(3).any(|w| {
            (w[0] == b'&' && w[1] == b'#')
                || (w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
        })
}

struct Builder {
    out: Folded,
}

impl Builder {
    fn push_gap(&mut self, start: usize, end: usize) {
        if self.out.text.ends_with(GAP) {
            if let Some(last) = self.out.origin.last_mut() {
                last.1 = end;
            }
            return;
        }
        self.out.text.push(GAP);
        self.out.origin.push((start, end));
    }

    fn push_char(&mut self, c: char, start: usize, end: usize) {
        self.out.text.push(c);
        for _ in 0..c.len_utf8() {
            self.out.origin.push((start, end));
        }
    }

    /// One original unit (a character with its combining marks, or a decoded
    /// escape) spanning `start..end`.
    fn push_unit(&mut self, unit: &str, start: usize, end: usize) {
        let mut chars = unit.chars();
        let Some(first) = chars.next() else { return };
        if unit.len() == 1 {
            let b = first as u8;
            if b.is_ascii_alphanumeric() {
                self.push_char(b.to_ascii_lowercase() as char, start, end);
            } else if b == b'$' {
                self.push_char('$', start, end);
            } else {
                if groups_digits(first) {
                    self.out.grouping.push((start, first));
                }
                self.push_gap(start, end);
            }
            return;
        }
        if is_format(first) {
            return;
        }
        if is_currency(first) {
            self.push_char(first, start, end);
            return;
        }
        if !is_word(first) {
            if groups_digits(first) && chars.next().is_none() {
                self.out.grouping.push((start, first));
            }
            self.push_gap(start, end);
            return;
        }
        let nfkc: String = unit.nfkc().collect();
        let folded: String = caseless::default_case_fold_str(&nfkc).nfkc().collect();
        for c in folded.chars() {
            if is_word(c) {
                self.push_char(c, start, end);
            } else if !is_format(c) {
                self.push_gap(start, end);
            }
        }
    }
}

/// `text` folded (see the module docs).
pub fn fold(text: &str, markup: Markup) -> Folded {
    let mut b = Builder {
        out: Folded {
            text: String::with_capacity(text.len()),
            origin: Vec::with_capacity(text.len()),
            grouping: Vec::new(),
        },
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = bytes[i];
        if markup == Markup::Html {
            if c == b'<'
                && let Some((end, joins)) = tag_end(text, i)
            {
                // `Cas<b></b>cade` reads "Cascade"; `<p>`, `<br>` part words.
                if !joins {
                    b.push_gap(i, end);
                }
                i = end;
                continue;
            }
            // Emphasis markers vanish when rendered: `Cas**cade**` reads "Cascade".
            if matches!(c, b'*' | b'_' | b'~' | b'`') {
                i += 1;
                continue;
            }
        }
        if c == b'&'
            && let Some((mut decoded, mut len)) = entity(&text[i..])
        {
            // `&amp;nbsp;` (an entity escaped once more) still reads as a space.
            if decoded == '&'
                && let Some((again, more)) = entity_body(&text[i + len..])
            {
                decoded = again;
                len += more;
            }
            let mut buf = [0u8; 4];
            b.push_unit(decoded.encode_utf8(&mut buf), i, i + len);
            i += len;
            continue;
        }
        if c == b'%'
            && let Some((decoded, len)) = percent(&text[i..])
        {
            b.push_unit(&decoded, i, i + len);
            i += len;
            continue;
        }
        // A character and the combining marks that follow it.
        let first = text[i..].chars().next().expect("i is on a char boundary");
        let mut end = i + first.len_utf8();
        for m in text[end..].chars() {
            if canonical_combining_class(m) == 0 {
                break;
            }
            end += m.len_utf8();
        }
        b.push_unit(&text[i..end], i, end);
        i = end;
    }
    b.out
}

/// Elements that do not part words when rendered.
const INLINE: [&str; 22] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "mark", "q", "s", "small", "span", "strong", "u",
];

/// End of the tag, comment, script or style element starting at `i`, if one
/// does, and whether the text on both sides joins (inline tags, comments).
fn tag_end(text: &str, i: usize) -> Option<(usize, bool)> {
    let rest = &text[i..];
    let next = *rest.as_bytes().get(1)?;
    if rest.starts_with("<!--") {
        return rest.find("-->").map(|k| (i + k + 3, true));
    }
    if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
        return None;
    }
    let close = i + rest.find('>')? + 1;
    let name: String = rest[1..]
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if (name == "script" || name == "style") && !rest[1..].starts_with('/') {
        let closing = format!("</{name}");
        let lower = text[close..].to_ascii_lowercase();
        let k = lower.find(&closing)?;
        let after = close + k;
        return text[after..].find('>').map(|e| (after + e + 1, false));
    }
    Some((
        close,
        INLINE.contains(&name.as_str()) || name == "sub" || name == "sup",
    ))
}

/// The character an HTML entity at the start of `s` stands for, and its length.
fn entity(s: &str) -> Option<(char, usize)> {
    let (c, len) = entity_body(s.strip_prefix('&')?)?;
    Some((c, len + 1))
}

/// An entity without its `&` at the start of `s` (`nbsp;`), and its length.
fn entity_body(s: &str) -> Option<(char, usize)> {
    let semi = s.as_bytes().iter().take(11).position(|&b| b == b';')?;
    let body = s.get(..semi)?;
    let c = if let Some(num) = body.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(n)?
    } else {
        named_entity(body)?
    };
    Some((c, semi + 1))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "hairsp" => '\u{200a}',
        "shy" => '\u{ad}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "trade" => '™',
        "reg" => '®',
        "copy" => '©',
        "szlig" => 'ß',
        "dollar" => '$',
        "euro" => '€',
        "pound" => '£',
        _ => return accented(name),
    })
}

/// `&egrave;`, `&Ccedil;` and the other Latin-1 accented letters.
fn accented(name: &str) -> Option<char> {
    let mut chars = name.chars();
    let base = chars.next().filter(char::is_ascii_alphabetic)?;
    let mark = match chars.as_str() {
        "grave" => '\u{300}',
        "acute" => '\u{301}',
        "circ" => '\u{302}',
        "tilde" => '\u{303}',
        "uml" => '\u{308}',
        "ring" => '\u{30a}',
        "cedil" => '\u{327}',
        _ => return None,
    };
    let composed: String = [base, mark].iter().collect::<String>().nfc().collect();
    let mut it = composed.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// The text that `%XX` escapes at the start of `s` spell (valid UTF-8 only), and their length.
fn percent(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let mut bytes = Vec::new();
    let mut i = 0;
    while i + 3 <= b.len() && b[i] == b'%' {
        let Some(v) = std::str::from_utf8(&b[i + 1..i + 3])
            .ok()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        else {
            break;
        };
        bytes.push(v);
        i += 3;
    }
    if bytes.is_empty() {
        return None;
    }
    // Take the longest prefix that is whole UTF-8.
    let valid = match std::str::from_utf8(&bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    };
    if valid == 0 {
        return None;
    }
    let text = String::from_utf8(bytes[..valid].to_vec()).ok()?;
    Some((text, valid * 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(hay: &str, needle: &str, markup: Markup) -> bool {
        let p = Pattern::new(needle).expect("a pattern");
        fold(hay, markup).find(&p, 0).is_some()
    }

    #[test]
    fn every_form_of_a_name_is_found() {
        let forms = [
            "Thanks to “Cascade Provisions” today",
            "Cascade Provisions’ team",
            "Cascade Provisions’s team",
            "Cascade\u{a0}Provisions",
            "Cascade\u{202f}Provisions",
            "Cascade Provisions…",
            "Cascade Provisions™",
            "Cascade Provisions🎉",
            "CASCADE PROVISIONS",
            "Cascade **Provisions**",
            "Cascade&#32;Provisions",
            "Cascade&nbsp;Provisions",
            "Cascade&amp;nbsp;Provisions",
            "?q=Cascade+Provisions",
            "/search?q=Cascade%20Provisions&x=1",
            "Cas\u{ad}cade Provi\u{200b}sions",
            "Cascade\n   Provisions",
            "cascade-provisions",
            "&#67;ascade Provisions",
        ];
        for form in forms {
            assert!(finds(form, "Cascade Provisions", Markup::Text), "{form}");
        }
        assert!(finds(
            "Cascade<b></b> Provisions",
            "Cascade Provisions",
            Markup::Html
        ));
        assert!(finds(
            "Cascade<span title=\"x\"></span> Provisions",
            "Cascade Provisions",
            Markup::Html
        ));
        for joined in [
            "Cas<b></b>cade Provisions",
            "Cas<!-- x -->cade Provisions",
            "Cas**cade** Provisions",
            "<p>Cascade</p><p>Provisions</p>",
        ] {
            assert!(
                finds(joined, "Cascade Provisions", Markup::Html),
                "{joined}"
            );
        }
        assert!(!finds(
            "Cas<p>cade Provisions",
            "Cascade Provisions",
            Markup::Html
        ));
    }

    #[test]
    fn accents_case_and_normal_forms_fold_alike() {
        assert!(finds("CRÈME PROVISIONS", "Crème Provisions", Markup::Text));
        assert!(finds(
            "Cre\u{300}me Provisions",
            "Crème Provisions",
            Markup::Text
        ));
        assert!(finds(
            "Cr&egrave;me Provisions",
            "Crème Provisions",
            Markup::Text
        ));
        assert!(finds(
            "Crème%20Provisions",
            "CRÈME PROVISIONS",
            Markup::Text
        ));
        assert!(finds(
            "Cr%C3%A8me+Provisions",
            "Crème Provisions",
            Markup::Text
        ));
        assert!(finds("GROSSE BÄCKEREI", "Große Bäckerei", Markup::Text));
        assert!(!finds("Creme Provisions", "Crème Provisions", Markup::Text));
    }

    #[test]
    fn words_inside_other_words_are_not_names() {
        assert!(!finds("Acmeology", "Acme", Markup::Text));
        assert!(!finds(
            "Cascades Provisions",
            "Cascade Provisions",
            Markup::Text
        ));
        assert!(!finds(
            "Cascade Provisionsé",
            "Cascade Provisions",
            Markup::Text
        ));
        assert!(finds("(Acme)", "Acme", Markup::Text));
        assert!(finds("東京商事株式会社", "東京商事", Markup::Text));
    }

    #[test]
    fn html_mode_skips_markup_and_scripts_but_text_mode_reads_them() {
        let html = "<style>/* Financial model */</style><script>x='Financial model'</script><!-- Financial model --><p>ok</p>";
        assert!(!finds(html, "Financial model", Markup::Html));
        assert!(finds(html, "Financial model", Markup::Text));
    }

    #[test]
    fn numbers_are_not_cut_from_bigger_numbers() {
        for (hay, found) in [
            ("ACV $125,000 a year", true),
            ("125,000 dollars", true),
            ("USD 125,000", true),
            ("US$125,000", true),
            ("$125 000", true),
            ("$125\u{202f}000", true),
            ("$125,000.00", true),
            ("$1,125,000", false),
            ("$125,000,000", false),
            ("$125,000.50", false),
            ("2125,000", false),
        ] {
            assert_eq!(finds(hay, "125,000", Markup::Text), found, "{hay}");
        }
        assert!(finds("US$125K", "$125K", Markup::Text));
        assert!(!finds("$1125K", "$125K", Markup::Text));
    }

    #[test]
    fn origin_spans_cover_the_original_text() {
        let text = "at “CASCADE&nbsp;Provisions’ team";
        let f = fold(text, Markup::Text);
        let hit = f
            .find(&Pattern::new("Cascade Provisions").unwrap(), 0)
            .unwrap();
        assert_eq!(&text[hit.start..hit.end], "CASCADE&nbsp;Provisions");
    }

    #[test]
    fn a_plain_ascii_text_without_anchors_cannot_hold_the_pattern() {
        let p = Pattern::new("Cascade Provisions").unwrap();
        assert!(plain_ascii(b"nothing here"));
        assert!(!Folded::could_hold("nothing here", &p));
        assert!(Folded::could_hold("cascade x provisions", &p));
        assert!(!plain_ascii(b"&#67;ascade"));
        assert!(!plain_ascii("é".as_bytes()));
    }
}
