//! The readable strings of a PDF traction did not write: dictionary strings
//! (the document's title, author, subject, annotations, bookmarks), XMP
//! metadata, and text drawn with simple fonts, from plain and Flate streams.
//!
//! Strings drawn with composite fonts are glyph ids, not text; they are left
//! out (a string with control bytes is not read), which is where a `2M`
//! would otherwise appear by chance.

use super::{Carried, inflate, latin1, utf16};

/// Filters other than Flate: images and encodings whose bytes are no text.
const OTHER_FILTERS: [&[u8]; 7] = [
    b"DCTDecode",
    b"JPXDecode",
    b"ASCII85Decode",
    b"LZWDecode",
    b"CCITTFaxDecode",
    b"JBIG2Decode",
    b"RunLengthDecode",
];

/// Dictionary entries of streams that hold no text: images, fonts, xrefs.
const NOT_TEXT: [&[u8]; 5] = [b"/Image", b"/XRef", b"/Length1", b"/Length2", b"/FontFile"];

/// Every readable string of the PDF `bytes`.
pub(super) fn texts(bytes: &[u8]) -> Vec<Carried> {
    let mut out = Vec::new();
    let mut outside = Vec::new();
    let mut from = 0;
    let mut last_end = 0;
    while let Some(k) = find(&bytes[from..], b"stream") {
        let at = from + k;
        from = at + 6;
        // `endstream`, or the word inside a string, is not a stream's start.
        let before = trim_end(&bytes[last_end..at]);
        if !before.ends_with(b">>") {
            continue;
        }
        let mut body = at + 6;
        if bytes.get(body) == Some(&b'\r') {
            body += 1;
        }
        if bytes.get(body) == Some(&b'\n') {
            body += 1;
        }
        let Some(len) = find(&bytes[body..], b"endstream") else {
            break;
        };
        let end = body + len;
        let dict_start = before
            .windows(3)
            .rposition(|w| w == b"obj")
            .map_or(before.len().saturating_sub(4096), |i| i);
        let dict = &before[dict_start..];
        outside.extend_from_slice(&bytes[last_end..at]);
        last_end = end + 9;
        from = last_end;
        if NOT_TEXT.iter().any(|n| find(dict, n).is_some())
            || OTHER_FILTERS.iter().any(|f| find(dict, f).is_some())
        {
            continue;
        }
        let data = &bytes[body..end];
        let decoded = if find(dict, b"FlateDecode").is_some() {
            inflate(data)
        } else {
            data.to_vec()
        };
        let text = if is_xmp(&decoded) {
            String::from_utf8_lossy(&decoded).into_owned()
        } else {
            strings(&decoded)
        };
        out.push(Carried { at: body, text });
    }
    outside.extend_from_slice(bytes.get(last_end..).unwrap_or(&[]));
    out.insert(
        0,
        Carried {
            at: 0,
            text: strings(&outside),
        },
    );
    out
}

fn is_xmp(data: &[u8]) -> bool {
    find(data, b"<x:xmpmeta").is_some() || find(data, b"<?xpacket").is_some()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_end(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &b[..end]
}

/// The text strings of `data`, one per line; the pieces of a `TJ` array
/// joined, with a space where the array moves far enough to be one.
fn strings(data: &[u8]) -> String {
    let mut out = String::new();
    let mut i = 0;
    let mut in_array = false;
    let newline = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    while i < data.len() {
        match data[i] {
            b'(' => {
                let (raw, next) = literal(data, i + 1);
                if let Some(text) = decode(&raw) {
                    out.push_str(&text);
                    if !in_array {
                        out.push('\n');
                    }
                }
                i = next;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'<' => {
                let end = data[i..].iter().position(|&b| b == b'>').map(|k| i + k);
                let Some(end) = end else { break };
                if let Some(text) = hex(&data[i + 1..end]).as_deref().and_then(decode) {
                    out.push_str(&text);
                    if !in_array {
                        out.push('\n');
                    }
                }
                i = end + 1;
            }
            b'[' => {
                in_array = true;
                i += 1;
            }
            b']' => {
                in_array = false;
                newline(&mut out);
                i += 1;
            }
            b'-' | b'0'..=b'9' | b'.' if in_array => {
                let len = data[i..]
                    .iter()
                    .position(|b| !matches!(b, b'-' | b'0'..=b'9' | b'.'))
                    .unwrap_or(data.len() - i);
                let n: f64 = std::str::from_utf8(&data[i..i + len])
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0.0);
                // Thousandths of an em: a move of a fifth of an em is a space.
                if n <= -200.0 && !out.ends_with(' ') {
                    out.push(' ');
                }
                i += len.max(1);
            }
            _ => i += 1,
        }
    }
    out
}

/// A literal string's bytes from just after its `(`, and the offset after its `)`.
fn literal(data: &[u8], mut i: usize) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut depth = 1;
    while let Some(&b) = data.get(i) {
        i += 1;
        match b {
            b'\\' => {
                let Some(&e) = data.get(i) else { break };
                i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut v = (e - b'0') as u32;
                        for _ in 0..2 {
                            match data.get(i) {
                                Some(&d @ b'0'..=b'7') => {
                                    v = v * 8 + (d - b'0') as u32;
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(v as u8);
                    }
                    b'\r' | b'\n' => {}
                    other => out.push(other),
                }
            }
            b'(' => {
                depth += 1;
                out.push(b);
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
                out.push(b);
            }
            _ => out.push(b),
        }
    }
    (out, i)
}

fn hex(digits: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = digits
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let value = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
    Some(
        digits
            .chunks(2)
            .map(|c| value(c[0]) << 4 | c.get(1).map_or(0, |&d| value(d)))
            .collect(),
    )
}

/// A string's text: UTF-16 with its byte-order mark, else PDFDocEncoding
/// (read as Latin-1) when it has no control bytes, else `None` (glyph ids).
fn decode(raw: &[u8]) -> Option<String> {
    if let Some(rest) = raw.strip_prefix(&[0xFE, 0xFF]) {
        return Some(utf16(rest, true));
    }
    let texty = raw
        .iter()
        .all(|&b| b >= 0x20 && b != 0x7F || matches!(b, b'\t' | b'\n' | b'\r'));
    (texty && !raw.is_empty()).then(|| latin1(raw))
}
