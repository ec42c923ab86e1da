//! The PDF cache: one-pagers by the hash of everything they are made from,
//! in `.traction-cache/pdf/` under the site root. A rebuild with no change
//! renders no PDF and writes no PDF bytes: the cached file is hard-linked into
//! the new output (copied where links are impossible).

use std::io;
use std::path::{Path, PathBuf};

/// FNV-1a, 64 bits: a fixed, documented function, so a key computed by one
/// build of traction names the same file for the next (std's `DefaultHasher`
/// may change with the Rust version). Keys name content, not secrets: no
/// resistance to chosen collisions is needed.
pub(crate) struct StableHasher(u64);

impl StableHasher {
    /// A hasher at the FNV offset basis.
    pub(crate) fn new() -> StableHasher {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }

    /// Feeds `bytes`.
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// The hash so far.
    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

/// Folder of the cache under the site root.
pub(crate) const CACHE_DIR: &str = ".traction-cache";

/// A cache hit.
pub(crate) struct Cached {
    /// The PDF file.
    pub path: PathBuf,
    /// Characters its fonts lacked.
    pub missing: Vec<char>,
    /// Its laid-out text.
    pub text: String,
    /// By how much the story overran one page (points, share of a page).
    pub overflow: Option<(f32, f32)>,
}

/// Cached PDFs of a site.
pub(crate) struct PdfCache {
    dir: PathBuf,
}

impl PdfCache {
    /// The cache of the site at `root`.
    pub(crate) fn new(root: &Path) -> PdfCache {
        PdfCache {
            dir: root.join(CACHE_DIR).join("pdf"),
        }
    }

    fn pdf(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.pdf"))
    }

    fn missing(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.missing"))
    }

    fn text(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.txt"))
    }

    fn fit(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.fit"))
    }

    /// The cached PDF for `key`, with the characters its fonts lacked and its text.
    pub(crate) fn get(&self, key: &str) -> Option<Cached> {
        let pdf = self.pdf(key);
        if !pdf.is_file() {
            return None;
        }
        let missing = std::fs::read_to_string(self.missing(key)).ok()?;
        let text = std::fs::read_to_string(self.text(key)).ok()?;
        // The overflow warning must survive a cache hit: a missing record is a miss.
        let fit = std::fs::read_to_string(self.fit(key)).ok()?;
        let overflow = match fit.split_once(' ') {
            Some((points, share)) => Some((points.parse().ok()?, share.trim().parse().ok()?)),
            None => None,
        };
        Some(Cached {
            path: pdf,
            missing: missing.chars().collect(),
            text,
            overflow,
        })
    }

    /// Stores a PDF (atomically: written beside, then renamed) and returns its path.
    pub(crate) fn put(
        &self,
        key: &str,
        bytes: &[u8],
        missing: &[char],
        text: &str,
        overflow: Option<(f32, f32)>,
    ) -> io::Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let store = |path: PathBuf, bytes: &[u8]| -> io::Result<()> {
            let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(&tmp, path)
        };
        // Sidecars first: a PDF present in the cache is always complete.
        store(
            self.missing(key),
            missing.iter().collect::<String>().as_bytes(),
        )?;
        store(self.text(key), text.as_bytes())?;
        let fit = overflow.map_or_else(String::new, |(p, s)| format!("{p} {s}"));
        store(self.fit(key), fit.as_bytes())?;
        store(self.pdf(key), bytes)?;
        Ok(self.pdf(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stable_hash_is_fnv_1a_64() {
        // Published FNV-1a test vectors: the key must never drift.
        let hash = |b: &[u8]| {
            let mut h = StableHasher::new();
            h.write(b);
            h.finish()
        };
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn put_then_get_round_trips() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = PdfCache::new(tmp.path());
        assert!(cache.get("abc").is_none());
        let path = cache
            .put("abc", b"%PDF-1.7", &['你'], "Title", Some((38.0, 0.09)))
            .unwrap();
        let hit = cache.get("abc").unwrap();
        assert_eq!(hit.overflow, Some((38.0, 0.09)));
        assert_eq!(hit.path, path);
        assert_eq!(hit.missing, vec!['你']);
        assert_eq!(hit.text, "Title");
    }
}
