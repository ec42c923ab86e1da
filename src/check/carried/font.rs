//! A font's names (family, designer, copyright, description, sample text...)
//! from its `name` table, in TrueType/OpenType files, collections and WOFF.

use super::{Carried, be16, be32, inflate, latin1, utf16};

/// Fonts in a collection read at most: a hostile count stops here.
const MAX_FONTS: usize = 64;

/// The names of every font in a TrueType/OpenType file or collection.
pub(super) fn sfnt(bytes: &[u8]) -> Vec<Carried> {
    let offsets: Vec<usize> = if bytes.starts_with(b"ttcf") {
        let n = be32(bytes, 8).unwrap_or(0).min(MAX_FONTS);
        (0..n).filter_map(|k| be32(bytes, 12 + 4 * k)).collect()
    } else {
        vec![0]
    };
    let mut out = Vec::new();
    for font in offsets {
        let tables = be16(bytes, font + 4).unwrap_or(0);
        for k in 0..tables {
            let record = font + 12 + 16 * k;
            if bytes.get(record..record + 4) != Some(b"name") {
                continue;
            }
            let (Some(at), Some(len)) = (be32(bytes, record + 8), be32(bytes, record + 12)) else {
                continue;
            };
            if let Some(table) = at.checked_add(len).and_then(|end| bytes.get(at..end)) {
                out.extend(names(table).into_iter().map(|text| Carried { at, text }));
            }
        }
    }
    dedup(out)
}

/// The names and the XML metadata of a WOFF 1.0 font.
pub(super) fn woff(bytes: &[u8]) -> Vec<Carried> {
    let mut out = Vec::new();
    let tables = be16(bytes, 12).unwrap_or(0);
    for k in 0..tables {
        let entry = 44 + 20 * k;
        if bytes.get(entry..entry + 4) != Some(b"name") {
            continue;
        }
        let (Some(at), Some(stored), Some(original)) = (
            be32(bytes, entry + 4),
            be32(bytes, entry + 8),
            be32(bytes, entry + 12),
        ) else {
            continue;
        };
        let Some(data) = at.checked_add(stored).and_then(|end| bytes.get(at..end)) else {
            continue;
        };
        let table = if stored < original {
            inflate(data)
        } else {
            data.to_vec()
        };
        out.extend(names(&table).into_iter().map(|text| Carried { at, text }));
    }
    if let (Some(at), Some(len)) = (be32(bytes, 24), be32(bytes, 28))
        && let Some(data) = at.checked_add(len).and_then(|end| bytes.get(at..end))
        && len > 0
    {
        out.push(Carried {
            at,
            text: String::from_utf8_lossy(&inflate(data)).into_owned(),
        });
    }
    dedup(out)
}

/// The strings of a `name` table: Unicode and Windows records as UTF-16,
/// Macintosh ones as (nearly) Latin-1.
fn names(table: &[u8]) -> Vec<String> {
    let count = be16(table, 2).unwrap_or(0);
    let storage = be16(table, 4).unwrap_or(0);
    let mut out = Vec::new();
    for k in 0..count {
        let record = 6 + 12 * k;
        let (Some(platform), Some(len), Some(offset)) = (
            be16(table, record),
            be16(table, record + 8),
            be16(table, record + 10),
        ) else {
            break;
        };
        let start = storage + offset;
        let Some(raw) = table.get(start..start + len) else {
            continue;
        };
        out.push(match platform {
            0 | 3 => utf16(raw, true),
            _ => latin1(raw),
        });
    }
    out
}

/// Each text once (a font repeats its names per platform and language).
fn dedup(items: Vec<Carried>) -> Vec<Carried> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|c| seen.insert(c.text.clone()))
        .collect()
}
