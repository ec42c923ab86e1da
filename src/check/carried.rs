//! The text a binary file carries, for the leak audit: an image's text chunks
//! and metadata, a font's names, a PDF's strings. The audit reads this instead
//! of a binary's raw bytes, where a withheld `2M` turns up by chance in any
//! font or image; names are still looked for in the raw bytes too.
//!
//! Every reader here is defensive: a truncated or hostile file yields what
//! could be read before the damage, never a panic, and decompression is capped.

mod exif;
mod font;
mod pdf;

use std::io::Read;

/// A binary format whose text the audit can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// PNG: `tEXt`, `zTXt`, `iTXt` and `eXIf` chunks.
    Png,
    /// JPEG: COM, EXIF (APP1), XMP (APP1) and IPTC (APP13) segments.
    Jpeg,
    /// GIF: comment and XMP extensions.
    Gif,
    /// WebP: `EXIF` and `XMP ` chunks.
    Webp,
    /// PDF: dictionary strings (title, author...), XMP, readable text strings.
    Pdf,
    /// TrueType, OpenType or a collection: the `name` table.
    Font,
    /// WOFF 1.0: the `name` table and the XML metadata block.
    Woff,
}

/// One piece of text found in a binary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Carried {
    /// Byte offset in the file of the chunk or segment that holds it.
    pub at: usize,
    /// The text, decoded and decompressed.
    pub text: String,
}

/// Most bytes one chunk or stream may decompress to: a zip bomb stops here.
const MAX_INFLATED: u64 = 16 << 20;

/// The format of `bytes`, by its signature, when the audit can read its text.
pub(crate) fn format_of(bytes: &[u8]) -> Option<Format> {
    let starts = |sig: &[u8]| bytes.starts_with(sig);
    if starts(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if starts(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some(Format::Gif)
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(Format::Webp)
    } else if starts(b"%PDF-") {
        Some(Format::Pdf)
    } else if starts(&[0, 1, 0, 0]) || starts(b"OTTO") || starts(b"true") || starts(b"ttcf") {
        Some(Format::Font)
    } else if starts(b"wOFF") {
        Some(Format::Woff)
    } else {
        None
    }
}

/// Whether `bytes` are binary rather than text: a NUL, or not UTF-8, early on.
pub(crate) fn is_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    match std::str::from_utf8(head) {
        Ok(_) => false,
        // A multi-byte character cut at the end of the head is still text.
        Err(e) => e.error_len().is_some(),
    }
}

/// Every text `bytes` (of `format`) carries.
pub(crate) fn texts(format: Format, bytes: &[u8]) -> Vec<Carried> {
    let mut out = match format {
        Format::Png => png(bytes),
        Format::Jpeg => jpeg(bytes),
        Format::Gif => gif(bytes),
        Format::Webp => webp(bytes),
        Format::Pdf => pdf::texts(bytes),
        Format::Font => font::sfnt(bytes),
        Format::Woff => font::woff(bytes),
    };
    out.retain(|c| !c.text.trim().is_empty());
    out
}

/// Decompresses a zlib stream, at most [`MAX_INFLATED`] bytes of it; what
/// was read before an error is kept.
pub(super) fn inflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = flate2::read::ZlibDecoder::new(data)
        .take(MAX_INFLATED)
        .read_to_end(&mut out);
    out
}

/// ISO 8859-1, as PNG `tEXt` chunks are written.
pub(super) fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

/// UTF-8 where it is, Latin-1 otherwise (a comment's charset is not declared).
pub(super) fn utf8_or_latin1(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => latin1(bytes),
    }
}

/// UTF-16 code units in the given byte order.
pub(super) fn utf16(bytes: &[u8], big_endian: bool) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| {
            if big_endian {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        })
        .collect();
    String::from_utf16_lossy(&units)
}

pub(super) fn be16(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_be_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?) as usize)
}

pub(super) fn be32(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_be_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?) as usize)
}

fn le32(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?) as usize)
}

/// `data` split at its first NUL: (before, after).
fn split_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

fn png(bytes: &[u8]) -> Vec<Carried> {
    let mut out = Vec::new();
    let mut i = 8;
    while let (Some(len), Some(kind)) = (be32(bytes, i), bytes.get(i + 4..i + 8)) {
        let start = i + 8;
        let Some(data) = start.checked_add(len).and_then(|end| bytes.get(start..end)) else {
            break;
        };
        let mut push = |text: String| out.push(Carried { at: i, text });
        match kind {
            b"tEXt" => {
                let (key, text) = split_nul(data);
                push(format!("{}\n{}", latin1(key), latin1(text)));
            }
            b"zTXt" => {
                let (key, rest) = split_nul(data);
                let text = rest.get(1..).map(inflate).unwrap_or_default();
                push(format!("{}\n{}", latin1(key), latin1(&text)));
            }
            b"iTXt" => {
                let (key, rest) = split_nul(data);
                let compressed = rest.first() == Some(&1);
                let rest = rest.get(2..).unwrap_or(&[]);
                let (language, rest) = split_nul(rest);
                let (translated, text) = split_nul(rest);
                let text = if compressed {
                    inflate(text)
                } else {
                    text.to_vec()
                };
                push(format!(
                    "{}\n{}\n{}\n{}",
                    latin1(key),
                    latin1(language),
                    String::from_utf8_lossy(translated),
                    String::from_utf8_lossy(&text)
                ));
            }
            b"eXIf" => {
                for text in exif::texts(data) {
                    push(text);
                }
            }
            b"IEND" => break,
            _ => {}
        }
        i = start + len + 4;
    }
    out
}

/// APP1 prefixes of EXIF and XMP (standard and extended) segments.
const EXIF: &[u8] = b"Exif\0\0";
const XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const XMP_EXTENDED: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";

fn jpeg(bytes: &[u8]) -> Vec<Carried> {
    let mut out = Vec::new();
    let mut i = 2;
    while i + 1 < bytes.len() {
        if bytes[i] != 0xFF {
            break;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            i += 2;
            continue;
        }
        // Start of scan: entropy-coded data follows, metadata comes before it.
        if matches!(marker, 0xD9 | 0xDA) {
            break;
        }
        let Some(len) = be16(bytes, i + 2).filter(|&l| l >= 2) else {
            break;
        };
        let Some(segment) = bytes.get(i + 4..i + 2 + len) else {
            break;
        };
        let at = i;
        let mut push = |text: String| out.push(Carried { at, text });
        match marker {
            0xFE => push(utf8_or_latin1(segment)),
            0xE1 if segment.starts_with(EXIF) => {
                exif::texts(&segment[EXIF.len()..])
                    .into_iter()
                    .for_each(&mut push);
            }
            0xE1 if segment.starts_with(XMP) => {
                push(String::from_utf8_lossy(&segment[XMP.len()..]).into_owned());
            }
            0xE1 if segment.starts_with(XMP_EXTENDED) => {
                // GUID (32) and two lengths (8) precede the XML part.
                let part = segment.get(XMP_EXTENDED.len() + 40..).unwrap_or(&[]);
                push(String::from_utf8_lossy(part).into_owned());
            }
            0xED => iptc(segment).into_iter().for_each(&mut push),
            _ => {}
        }
        i += 2 + len;
    }
    out
}

/// The IPTC datasets (caption, byline, keywords...) of a Photoshop APP13 segment.
fn iptc(segment: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let Some(mut i) = segment
        .starts_with(b"Photoshop 3.0\0")
        .then_some(b"Photoshop 3.0\0".len())
    else {
        return out;
    };
    while segment.get(i..i + 4) == Some(b"8BIM") {
        let id = be16(segment, i + 4).unwrap_or(0);
        // A Pascal name padded to an even length, then a 4-byte size.
        let name_len = segment.get(i + 6).copied().unwrap_or(0) as usize;
        let name_total = (1 + name_len + 1) & !1;
        let size_at = i + 6 + name_total;
        let Some(size) = be32(segment, size_at) else {
            break;
        };
        let start = size_at + 4;
        let Some(data) = start
            .checked_add(size)
            .and_then(|end| segment.get(start..end))
        else {
            break;
        };
        if id == 0x0404 {
            let mut k = 0;
            while data.get(k) == Some(&0x1C) {
                let Some(n) = be16(data, k + 3).filter(|n| n & 0x8000 == 0) else {
                    break;
                };
                if let Some(value) = data.get(k + 5..k + 5 + n) {
                    out.push(utf8_or_latin1(value));
                }
                k += 5 + n;
            }
        }
        i = start + size + (size & 1);
    }
    out
}

fn gif(bytes: &[u8]) -> Vec<Carried> {
    let mut out = Vec::new();
    let table = |flags: u8| {
        if flags & 0x80 != 0 {
            3usize << ((flags & 7) + 1)
        } else {
            0
        }
    };
    let mut i = 13 + table(bytes.get(10).copied().unwrap_or(0));
    // Data sub-blocks from `i`: (their bytes joined, the offset after them).
    let blocks = |mut i: usize, keep_lengths: bool| {
        let mut data = Vec::new();
        while let Some(&n) = bytes.get(i) {
            if n == 0 {
                return (data, i + 1);
            }
            let Some(block) = bytes.get(i + 1..i + 1 + n as usize) else {
                break;
            };
            if keep_lengths {
                data.push(n);
            }
            data.extend_from_slice(block);
            i += 1 + n as usize;
        }
        (data, bytes.len())
    };
    while let Some(&b) = bytes.get(i) {
        match b {
            0x21 => {
                let label = bytes.get(i + 1).copied().unwrap_or(0);
                let at = i;
                if label == 0xFF && bytes.get(i + 3..i + 14) == Some(b"XMP DataXMP") {
                    // XMP in GIF counts the sub-block lengths as part of the packet.
                    let (data, next) = blocks(i + 14, true);
                    out.push(Carried {
                        at,
                        text: String::from_utf8_lossy(&data).into_owned(),
                    });
                    i = next;
                } else {
                    let (data, next) = blocks(i + 2, false);
                    if label == 0xFE {
                        out.push(Carried {
                            at,
                            text: utf8_or_latin1(&data),
                        });
                    }
                    i = next;
                }
            }
            0x2C => {
                let flags = bytes.get(i + 9).copied().unwrap_or(0);
                // Descriptor, local colour table, LZW code size, image data.
                i = blocks(i + 10 + table(flags) + 1, false).1;
            }
            _ => break,
        }
    }
    out
}

fn webp(bytes: &[u8]) -> Vec<Carried> {
    let mut out = Vec::new();
    let mut i = 12;
    while let (Some(kind), Some(len)) = (bytes.get(i..i + 4), le32(bytes, i + 4)) {
        let Some(data) = bytes.get(i + 8..(i + 8).saturating_add(len).min(bytes.len())) else {
            break;
        };
        match kind {
            b"EXIF" => {
                let tiff = data.strip_prefix(EXIF).unwrap_or(data);
                out.extend(
                    exif::texts(tiff)
                        .into_iter()
                        .map(|text| Carried { at: i, text }),
                );
            }
            b"XMP " => out.push(Carried {
                at: i,
                text: String::from_utf8_lossy(data).into_owned(),
            }),
            _ => {}
        }
        i += 8 + len + (len & 1);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
