//! Encoding: UTF-8 text that was once decoded as Mac Roman or Windows-1252 and
//! saved again (mojibake: `üéØ` for 🎯, `‚úì` for ✓, `Ã©` for é).
//!
//! A run of non-ASCII characters is a repair candidate when every character
//! maps back to a byte of the legacy encoding, those bytes are valid UTF-8, the
//! result is shorter than the run, and encoding the result again gives the run
//! back exactly (the repair round-trips). One text usually went through one
//! encoding: the one that repairs more runs of a file is used for all of it.
//! `check` warns with the repaired text; `check --fix-encoding` rewrites the
//! file, keeping the original as `<file>.bak`.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// A legacy single-byte encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Legacy {
    /// Classic Mac OS.
    MacRoman,
    /// Windows Western European (undefined bytes map to C1 controls, as browsers do).
    Windows1252,
}

impl Legacy {
    /// Its name for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Legacy::MacRoman => "Mac Roman",
            Legacy::Windows1252 => "Windows-1252",
        }
    }

    fn table(self) -> &'static [char; 128] {
        match self {
            Legacy::MacRoman => &MAC_ROMAN,
            Legacy::Windows1252 => &WINDOWS_1252,
        }
    }

    /// The byte `c` is in this encoding.
    fn byte(self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return Some(c as u8);
        }
        self.table()
            .iter()
            .position(|&t| t == c)
            .map(|k| 0x80 + k as u8)
    }

    /// `bytes` read in this encoding.
    fn decode(self, bytes: &[u8]) -> String {
        bytes
            .iter()
            .map(|&b| {
                if b < 0x80 {
                    b as char
                } else {
                    self.table()[(b - 0x80) as usize]
                }
            })
            .collect()
    }
}

/// The repair of one run of mojibake, if it is one.
fn repair_run(run: &str, legacy: Legacy) -> Option<String> {
    if run.chars().count() < 2 {
        return None;
    }
    let bytes: Vec<u8> = run.chars().map(|c| legacy.byte(c)).collect::<Option<_>>()?;
    let fixed = String::from_utf8(bytes).ok()?;
    // What mojibake hides is ordinary text (accents, punctuation, symbols, emoji,
    // other scripts); two legacy characters that happen to form Latin Extended-B,
    // IPA or a lone combining mark (`«Ç` is U+01C2) are more likely meant as written.
    let plausible = fixed.chars().all(|c| {
        let cp = c as u32;
        !(0x80..0xA0).contains(&cp) && !c.is_control() && !(0x180..0x370).contains(&cp)
    });
    (plausible
        && fixed.chars().count() < run.chars().count()
        && legacy.decode(fixed.as_bytes()) == run)
        .then_some(fixed)
}

/// Runs of non-ASCII characters of `text`: (byte start, byte end).
fn runs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c.is_ascii(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// One repaired stretch of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repair {
    /// Byte range in the original text.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// The repaired text.
    pub text: String,
}

/// The repairs of `text` and the encoding they undo (`None` when the text is clean).
pub(crate) fn repairs(text: &str) -> Option<(Legacy, Vec<Repair>)> {
    let runs = runs(text);
    let mut best: Option<(Legacy, Vec<Repair>)> = None;
    for legacy in [Legacy::MacRoman, Legacy::Windows1252] {
        let found: Vec<Repair> = runs
            .iter()
            .filter_map(|&(s, e)| {
                repair_run(&text[s..e], legacy).map(|t| Repair {
                    start: s,
                    end: e,
                    text: t,
                })
            })
            .collect();
        if !found.is_empty() && best.as_ref().is_none_or(|(_, b)| found.len() > b.len()) {
            best = Some((legacy, found));
        }
    }
    best
}

/// `text` with `repairs` applied.
pub(crate) fn apply(text: &str, repairs: &[Repair]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for r in repairs {
        out.push_str(&text[last..r.start]);
        out.push_str(&r.text);
        last = r.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Lines of a file shown in detail before the rest is summarised.
const DETAILED_LINES: usize = 12;

/// Warnings for one file's text (`file` relative to the site root).
pub(crate) fn check_text(file: &Path, text: &str) -> Vec<Diagnostic> {
    let Some((legacy, found)) = repairs(text) else {
        return Vec::new();
    };
    let mut by_line: Vec<(usize, Vec<&Repair>)> = Vec::new();
    for r in &found {
        let line = text[..r.start].matches('\n').count() + 1;
        match by_line.last_mut() {
            Some((l, rs)) if *l == line => rs.push(r),
            _ => by_line.push((line, vec![r])),
        }
    }
    let mut out = Vec::new();
    for (line, rs) in by_line.iter().take(DETAILED_LINES) {
        let start = text[..rs[0].start].rfind('\n').map_or(0, |k| k + 1);
        let end = text[start..].find('\n').map_or(text.len(), |k| start + k);
        let owned: Vec<Repair> = rs
            .iter()
            .map(|r| Repair {
                start: r.start - start,
                end: r.end - start,
                text: r.text.clone(),
            })
            .collect();
        let repaired = apply(&text[start..end], &owned);
        let pairs: Vec<String> = rs
            .iter()
            .map(|r| format!("`{}` -> `{}`", &text[r.start..r.end], r.text))
            .collect();
        out.push(
            Diagnostic::warning(
                file,
                format!(
                    "UTF-8 text decoded as {}: {}",
                    legacy.name(),
                    pairs.join(", ")
                ),
            )
            .at(*line, 1)
            .expected(repaired.trim_end().to_string())
            .hint("run `traction check --fix-encoding` to repair the file (a .bak copy is kept)"),
        );
    }
    if by_line.len() > DETAILED_LINES {
        out.push(
            Diagnostic::warning(
                file,
                format!(
                    "{} more lines hold UTF-8 text decoded as {}",
                    by_line.len() - DETAILED_LINES,
                    legacy.name()
                ),
            )
            .hint("run `traction check --fix-encoding` to repair the file (a .bak copy is kept)"),
        );
    }
    out
}

/// The text files of a site worth checking: pages, data files, `site.yaml`.
pub(crate) fn files(site: &Site) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = vec![PathBuf::from(crate::config::CONFIG_FILE)];
    files.extend(site.content.pages.iter().map(|p| p.file.clone()));
    files.extend(site.data.files.values().map(|f| f.file.clone()));
    files
}

/// The text files under `root` worth checking, found without loading the site
/// (so `--fix-encoding` works on a site that does not load yet).
pub(crate) fn files_on_disk(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from(crate::config::CONFIG_FILE)];
    for dir in [crate::content::CONTENT_DIR, "data"] {
        for entry in walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !crate::source::is_ignored_name(&e.file_name().to_string_lossy())
            })
            .flatten()
        {
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file()
                && [".md", ".yaml", ".yml", ".json", ".csv"]
                    .iter()
                    .any(|e| name.ends_with(e))
            {
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                files.push(rel.to_path_buf());
            }
        }
    }
    files
}

/// Warnings for every file of the site.
pub(crate) fn check(site: &Site) -> Vec<Diagnostic> {
    files(site)
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(site.root.join(f))
                .map(|t| check_text(f, &t))
                .unwrap_or_default()
        })
        .collect()
}

/// Repairs every file under `root` in place, keeping `<file>.bak`; returns (file, repairs) per file changed.
pub(crate) fn fix(root: &Path) -> Result<Vec<(PathBuf, usize)>, Vec<Diagnostic>> {
    let mut fixed = Vec::new();
    let mut errors = Vec::new();
    for file in files_on_disk(root) {
        let path = root.join(&file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some((_, found)) = repairs(&text) else {
            continue;
        };
        let repaired = apply(&text, &found);
        let mut backup = path.clone().into_os_string();
        backup.push(".bak");
        let result = std::fs::write(&backup, text.as_bytes()).and_then(|()| {
            let tmp = path.with_extension("traction-fix");
            std::fs::write(&tmp, repaired.as_bytes())?;
            std::fs::rename(&tmp, &path)
        });
        match result {
            Ok(()) => fixed.push((file, found.len())),
            Err(e) => errors.push(Diagnostic::error(&file, format!("could not repair: {e}"))),
        }
    }
    if errors.is_empty() {
        Ok(fixed)
    } else {
        Err(errors)
    }
}

/// Bytes 0x80..=0xFF in Mac Roman.
pub(crate) const MAC_ROMAN: [char; 128] = [
    '\u{00C4}', '\u{00C5}', '\u{00C7}', '\u{00C9}', '\u{00D1}', '\u{00D6}', '\u{00DC}', '\u{00E1}',
    '\u{00E0}', '\u{00E2}', '\u{00E4}', '\u{00E3}', '\u{00E5}', '\u{00E7}', '\u{00E9}', '\u{00E8}',
    '\u{00EA}', '\u{00EB}', '\u{00ED}', '\u{00EC}', '\u{00EE}', '\u{00EF}', '\u{00F1}', '\u{00F3}',
    '\u{00F2}', '\u{00F4}', '\u{00F6}', '\u{00F5}', '\u{00FA}', '\u{00F9}', '\u{00FB}', '\u{00FC}',
    '\u{2020}', '\u{00B0}', '\u{00A2}', '\u{00A3}', '\u{00A7}', '\u{2022}', '\u{00B6}', '\u{00DF}',
    '\u{00AE}', '\u{00A9}', '\u{2122}', '\u{00B4}', '\u{00A8}', '\u{2260}', '\u{00C6}', '\u{00D8}',
    '\u{221E}', '\u{00B1}', '\u{2264}', '\u{2265}', '\u{00A5}', '\u{00B5}', '\u{2202}', '\u{2211}',
    '\u{220F}', '\u{03C0}', '\u{222B}', '\u{00AA}', '\u{00BA}', '\u{03A9}', '\u{00E6}', '\u{00F8}',
    '\u{00BF}', '\u{00A1}', '\u{00AC}', '\u{221A}', '\u{0192}', '\u{2248}', '\u{2206}', '\u{00AB}',
    '\u{00BB}', '\u{2026}', '\u{00A0}', '\u{00C0}', '\u{00C3}', '\u{00D5}', '\u{0152}', '\u{0153}',
    '\u{2013}', '\u{2014}', '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{00F7}', '\u{25CA}',
    '\u{00FF}', '\u{0178}', '\u{2044}', '\u{20AC}', '\u{2039}', '\u{203A}', '\u{FB01}', '\u{FB02}',
    '\u{2021}', '\u{00B7}', '\u{201A}', '\u{201E}', '\u{2030}', '\u{00C2}', '\u{00CA}', '\u{00C1}',
    '\u{00CB}', '\u{00C8}', '\u{00CD}', '\u{00CE}', '\u{00CF}', '\u{00CC}', '\u{00D3}', '\u{00D4}',
    '\u{F8FF}', '\u{00D2}', '\u{00DA}', '\u{00DB}', '\u{00D9}', '\u{0131}', '\u{02C6}', '\u{02DC}',
    '\u{00AF}', '\u{02D8}', '\u{02D9}', '\u{02DA}', '\u{00B8}', '\u{02DD}', '\u{02DB}', '\u{02C7}',
];
/// Bytes 0x80..=0xFF in Windows 1252.
pub(crate) const WINDOWS_1252: [char; 128] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
    '\u{00A0}', '\u{00A1}', '\u{00A2}', '\u{00A3}', '\u{00A4}', '\u{00A5}', '\u{00A6}', '\u{00A7}',
    '\u{00A8}', '\u{00A9}', '\u{00AA}', '\u{00AB}', '\u{00AC}', '\u{00AD}', '\u{00AE}', '\u{00AF}',
    '\u{00B0}', '\u{00B1}', '\u{00B2}', '\u{00B3}', '\u{00B4}', '\u{00B5}', '\u{00B6}', '\u{00B7}',
    '\u{00B8}', '\u{00B9}', '\u{00BA}', '\u{00BB}', '\u{00BC}', '\u{00BD}', '\u{00BE}', '\u{00BF}',
    '\u{00C0}', '\u{00C1}', '\u{00C2}', '\u{00C3}', '\u{00C4}', '\u{00C5}', '\u{00C6}', '\u{00C7}',
    '\u{00C8}', '\u{00C9}', '\u{00CA}', '\u{00CB}', '\u{00CC}', '\u{00CD}', '\u{00CE}', '\u{00CF}',
    '\u{00D0}', '\u{00D1}', '\u{00D2}', '\u{00D3}', '\u{00D4}', '\u{00D5}', '\u{00D6}', '\u{00D7}',
    '\u{00D8}', '\u{00D9}', '\u{00DA}', '\u{00DB}', '\u{00DC}', '\u{00DD}', '\u{00DE}', '\u{00DF}',
    '\u{00E0}', '\u{00E1}', '\u{00E2}', '\u{00E3}', '\u{00E4}', '\u{00E5}', '\u{00E6}', '\u{00E7}',
    '\u{00E8}', '\u{00E9}', '\u{00EA}', '\u{00EB}', '\u{00EC}', '\u{00ED}', '\u{00EE}', '\u{00EF}',
    '\u{00F0}', '\u{00F1}', '\u{00F2}', '\u{00F3}', '\u{00F4}', '\u{00F5}', '\u{00F6}', '\u{00F7}',
    '\u{00F8}', '\u{00F9}', '\u{00FA}', '\u{00FB}', '\u{00FC}', '\u{00FD}', '\u{00FE}', '\u{00FF}',
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_roman_and_windows_1252_mojibake_is_repaired_exactly() {
        let (legacy, r) = repairs("## \u{F8FF}üéØ Mission ‚úì done").unwrap();
        assert_eq!(legacy, Legacy::MacRoman);
        assert_eq!(
            apply("## \u{F8FF}üéØ Mission ‚úì done", &r),
            "## 🎯 Mission ✓ done"
        );
        let (legacy, r) = repairs("cafÃ© â€” naÃ¯ve").unwrap();
        assert_eq!(legacy, Legacy::Windows1252);
        assert_eq!(apply("cafÃ© â€” naÃ¯ve", &r), "café — naïve");
    }

    #[test]
    fn clean_text_is_left_alone() {
        for text in [
            "café, naïve, Ñoño",
            "🎯 ✓ — “quotes”",
            "plain ascii",
            "ñé",
            "«Ça»",
        ] {
            assert!(repairs(text).is_none(), "{text}");
        }
    }

    #[test]
    fn tables_are_inverse_of_themselves() {
        for legacy in [Legacy::MacRoman, Legacy::Windows1252] {
            for b in 0x80..=0xFFu8 {
                let c = legacy.decode(&[b]).chars().next().unwrap();
                assert_eq!(legacy.byte(c), Some(b), "{legacy:?} {b:#x}");
            }
        }
    }
}
