//! The text fields of EXIF (a TIFF structure): ASCII tags (artist, copyright,
//! description...), the user comment and Windows' `XP*` tags, in IFD0, the
//! EXIF and GPS IFDs and the thumbnail's IFD.

use std::collections::HashSet;

/// At most this many IFDs are read: a loop of offsets ends here.
const MAX_IFDS: usize = 16;

/// Tags pointing to sub-IFDs: EXIF, GPS, interoperability.
const SUB_IFDS: [u16; 3] = [0x8769, 0x8825, 0xA005];

/// The user comment and Windows' title, comment, author, keywords, subject.
const USER_COMMENT: u16 = 0x9286;
const XP_TAGS: std::ops::RangeInclusive<u16> = 0x9C9B..=0x9C9F;

/// Every text field of the TIFF structure `tiff`.
pub(super) fn texts(tiff: &[u8]) -> Vec<String> {
    let little = match tiff.get(..2) {
        Some(b"II") => true,
        Some(b"MM") => false,
        _ => return Vec::new(),
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<usize> {
        let b: [u8; 4] = tiff.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        } as usize)
    };
    let mut out = Vec::new();
    let mut queue: Vec<usize> = u32_at(4).into_iter().collect();
    let mut seen = HashSet::new();
    while let Some(ifd) = queue.pop() {
        if ifd == 0 || !seen.insert(ifd) || seen.len() > MAX_IFDS {
            continue;
        }
        let Some(count) = u16_at(ifd) else { continue };
        for k in 0..count as usize {
            let entry = ifd + 2 + 12 * k;
            let (Some(tag), Some(kind), Some(n)) =
                (u16_at(entry), u16_at(entry + 2), u32_at(entry + 4))
            else {
                break;
            };
            if SUB_IFDS.contains(&tag) {
                queue.extend(u32_at(entry + 8));
                continue;
            }
            // Only byte-sized types carry text: BYTE (1), ASCII (2), UNDEFINED (7).
            if !matches!(kind, 1 | 2 | 7) {
                continue;
            }
            let value = if n <= 4 {
                tiff.get(entry + 8..entry + 8 + n)
            } else {
                u32_at(entry + 8).and_then(|at| tiff.get(at..at.checked_add(n)?))
            };
            let Some(value) = value else { continue };
            match (kind, tag) {
                (2, _) => out.push(super::utf8_or_latin1(trim_nul(value))),
                (7, USER_COMMENT) => {
                    let (charset, text) = value.split_at(value.len().min(8));
                    out.push(if charset.starts_with(b"UNICODE") {
                        super::utf16(text, !little)
                    } else {
                        super::utf8_or_latin1(trim_nul(text))
                    });
                }
                (1, t) if XP_TAGS.contains(&t) => out.push(super::utf16(value, false)),
                _ => {}
            }
        }
        queue.extend(u32_at(ifd + 2 + 12 * count as usize));
    }
    out.retain(|t| !t.trim_matches(['\0', ' ']).is_empty());
    out
}

fn trim_nul(b: &[u8]) -> &[u8] {
    let end = b.iter().rposition(|&c| c != 0).map_or(0, |i| i + 1);
    &b[..end]
}
