//! The PDF cache: one-pagers by the hash of everything they are made from,
//! in `.traction-cache/pdf/` under the site root. A rebuild with no change
//! renders no PDF and writes no PDF bytes: the cached file is hard-linked into
//! the new output (copied where links are impossible).

use std::io;
use std::path::{Path, PathBuf};

/// Folder of the cache under the site root.
pub const CACHE_DIR: &str = ".traction-cache";

/// A cache hit.
pub struct Cached {
    /// The PDF file.
    pub path: PathBuf,
    /// Characters its fonts lacked.
    pub missing: Vec<char>,
    /// Its laid-out text.
    pub text: String,
}

/// Cached PDFs of a site.
pub struct PdfCache {
    dir: PathBuf,
}

impl PdfCache {
    /// The cache of the site at `root`.
    pub fn new(root: &Path) -> PdfCache {
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

    /// The cached PDF for `key`, with the characters its fonts lacked and its text.
    pub fn get(&self, key: &str) -> Option<Cached> {
        let pdf = self.pdf(key);
        if !pdf.is_file() {
            return None;
        }
        let missing = std::fs::read_to_string(self.missing(key)).ok()?;
        let text = std::fs::read_to_string(self.text(key)).ok()?;
        Some(Cached {
            path: pdf,
            missing: missing.chars().collect(),
            text,
        })
    }

    /// Stores a PDF (atomically: written beside, then renamed) and returns its path.
    pub fn put(
        &self,
        key: &str,
        bytes: &[u8],
        missing: &[char],
        text: &str,
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
        store(self.pdf(key), bytes)?;
        Ok(self.pdf(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_then_get_round_trips() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = PdfCache::new(tmp.path());
        assert!(cache.get("abc").is_none());
        let path = cache.put("abc", b"%PDF-1.7", &['你'], "Title").unwrap();
        let hit = cache.get("abc").unwrap();
        assert_eq!(hit.path, path);
        assert_eq!(hit.missing, vec!['你']);
        assert_eq!(hit.text, "Title");
    }
}
