use std::io::Write;

use super::*;

pub(crate) fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG made of `chunks` (type, data) between the signature and IEND.
pub(crate) fn png_with(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8; 4], data: &[u8]| {
        out.extend((data.len() as u32).to_be_bytes());
        let mut typed = kind.to_vec();
        typed.extend_from_slice(data);
        out.extend_from_slice(&typed);
        out.extend(crc32(&typed).to_be_bytes());
    };
    for (kind, data) in chunks {
        chunk(kind, data);
    }
    chunk(b"IEND", &[]);
    out
}

/// A big-endian TIFF with one IFD holding an ASCII `Artist` (0x013B).
pub(crate) fn tiff_artist(artist: &str) -> Vec<u8> {
    let mut value = artist.as_bytes().to_vec();
    value.push(0);
    let mut t = b"MM\0\x2a".to_vec();
    t.extend(8u32.to_be_bytes());
    t.extend(1u16.to_be_bytes());
    t.extend(0x013Bu16.to_be_bytes());
    t.extend(2u16.to_be_bytes());
    t.extend((value.len() as u32).to_be_bytes());
    t.extend(26u32.to_be_bytes()); // value after the IFD (8 + 2 + 12 + 4)
    t.extend(0u32.to_be_bytes());
    t.extend(value);
    t
}

/// A JPEG with a COM segment, an EXIF segment and the start of a scan.
pub(crate) fn jpeg_with(comment: &str, artist: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    let mut segment = |marker: u8, data: &[u8]| {
        out.extend([0xFF, marker]);
        out.extend(((data.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(data);
    };
    segment(0xE0, b"JFIF\0\x01\x02\0\0\x01\0\x01\0\0");
    segment(0xFE, comment.as_bytes());
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend(tiff_artist(artist));
    segment(0xE1, &exif);
    segment(0xDA, &[0, 0]);
    out.extend(b"2M noise in entropy-coded data \xFF\xD9");
    out
}

/// A TrueType file with only a `name` table holding `names` (Windows, UTF-16).
pub(crate) fn font_with(names: &[&str]) -> Vec<u8> {
    let mut storage = Vec::new();
    let mut records = Vec::new();
    for (id, name) in names.iter().enumerate() {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for v in [
            3u16,
            1,
            0x409,
            id as u16,
            utf16.len() as u16,
            storage.len() as u16,
        ] {
            records.extend(v.to_be_bytes());
        }
        storage.extend(utf16);
    }
    let mut table = Vec::new();
    for v in [0u16, names.len() as u16, (6 + records.len()) as u16] {
        table.extend(v.to_be_bytes());
    }
    table.extend(records);
    table.extend(storage);
    let mut out = vec![0, 1, 0, 0];
    out.extend(1u16.to_be_bytes());
    out.extend([0u8; 6]);
    out.extend(b"name");
    out.extend(0u32.to_be_bytes());
    out.extend(28u32.to_be_bytes());
    out.extend((table.len() as u32).to_be_bytes());
    out.extend(table);
    out
}

fn all(bytes: &[u8]) -> String {
    let format = format_of(bytes).expect("a known format");
    texts(format, bytes)
        .into_iter()
        .map(|c| c.text)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn png_text_chunks_are_read_plain_and_decompressed() {
    let mut ztxt = b"Comment\0\0".to_vec();
    ztxt.extend(zlib(b"made for Zeta Foods"));
    let mut itxt = b"Description\0\x01\0en\0\0".to_vec();
    itxt.extend(zlib("brief for Ωmega Ltd".as_bytes()));
    let png = png_with(&[
        (b"IHDR", vec![0; 13]),
        (b"tEXt", b"Author\0Cascade Provisions".to_vec()),
        (b"zTXt", ztxt),
        (b"iTXt", itxt),
        (b"IDAT", b"x 2M compressed pixels".to_vec()),
    ]);
    let text = all(&png);
    assert!(text.contains("Cascade Provisions"), "{text}");
    assert!(text.contains("made for Zeta Foods"), "{text}");
    assert!(text.contains("brief for Ωmega Ltd"), "{text}");
    assert!(!text.contains("2M"), "pixels are not text: {text}");
}

#[test]
fn jpeg_comments_and_exif_fields_are_read_but_not_the_scan() {
    let text = all(&jpeg_with("shot at Zeta Foods", "Cascade Provisions"));
    assert!(text.contains("shot at Zeta Foods"), "{text}");
    assert!(text.contains("Cascade Provisions"), "{text}");
    assert!(!text.contains("2M"), "{text}");
}

#[test]
fn font_names_are_read_from_the_name_table() {
    let text = all(&font_with(&["Copyright Cascade Provisions", "Noto Sans"]));
    assert!(text.contains("Copyright Cascade Provisions"), "{text}");
    assert!(text.contains("Noto Sans"), "{text}");
}

#[test]
fn pdf_strings_are_read_from_dictionaries_and_flate_streams_but_not_glyph_ids() {
    let content = zlib(b"BT /F1 12 Tf [(Zeta) -20 (Foods)] TJ <00320041> Tj ET");
    let mut pdf = b"%PDF-1.7\n1 0 obj << /Title (Deal with Cascade Provisions) >> endobj\n2 0 obj << /Length ".to_vec();
    pdf.extend(format!("{} /Filter /FlateDecode >>\nstream\n", content.len()).as_bytes());
    pdf.extend(&content);
    pdf.extend(b"\nendstream\nendobj\n%%EOF\n");
    let text = all(&pdf);
    assert!(text.contains("Deal with Cascade Provisions"), "{text}");
    assert!(text.contains("ZetaFoods"), "{text}");
    assert!(!text.contains("2A"), "glyph ids are not text: {text}");
}

#[test]
fn truncated_and_hostile_files_give_what_could_be_read() {
    let png = png_with(&[(b"tEXt", b"Author\0Zeta".to_vec())]);
    for cut in 0..png.len() {
        let _ = texts(Format::Png, &png[..cut]);
    }
    let jpeg = jpeg_with("c", "a");
    for cut in 0..jpeg.len() {
        let _ = texts(Format::Jpeg, &jpeg[..cut]);
    }
    let font = font_with(&["x"]);
    for cut in 0..font.len() {
        let _ = texts(Format::Font, &font[..cut]);
    }
    // An IFD that points at itself is read once.
    let mut tiff = b"II\x2a\0\x08\0\0\0\x01\0".to_vec();
    tiff.extend([0x69, 0x87, 4, 0, 1, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0]);
    assert!(exif::texts(&tiff).is_empty());
    assert!(!is_binary("plain text, é".as_bytes()));
    assert!(is_binary(b"\0\x01"));
}
