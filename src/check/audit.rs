//! The end-of-profile audit: a `Sink` that every output file of a profile
//! passes through on its way to the real sink. As bytes pass, HTML files are
//! reduced to their ids and links, and (only when the profile has something
//! to hide) every byte and every file name is scanned for what the profile
//! must not show. `finish` then resolves the links and reports the leaks.
//!
//! Binary files whose text is not in their bytes (PDFs: compressed, glyph ids)
//! are audited through [`Sink::text`], which their renderer calls with the text
//! it laid out.

use std::path::Path;
use std::sync::Mutex;

use crate::audience::View;
use crate::check::carried;
use crate::check::leaks::{self, Reading, Scanner};
use crate::check::links::{self, External, LinkIndex};
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::site::Site;

/// What the audit collected.
struct State {
    links: LinkIndex,
    /// (output file, needle index, where in the file).
    leaks: Vec<(String, usize, Place)>,
}

/// Where in an output file a leak was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// In its name.
    Name,
    /// At this byte of its text.
    Byte(usize),
    /// In the text a binary file carries, in the chunk or segment at this byte.
    Carried(usize),
}

/// A sink that audits what passes through it.
pub(crate) struct Audit<'a> {
    inner: &'a dyn Sink,
    site: &'a Site,
    view: &'a View,
    scanner: Option<Scanner>,
    state: Mutex<State>,
}

/// The audit's findings.
pub(crate) struct Findings {
    /// Broken links and leaks.
    pub errors: Vec<Diagnostic>,
    /// Links that leave the site.
    pub external: Vec<External>,
}

/// How the text of output file `rel` is read by the leak scanner.
fn reading_of(rel: &str) -> Reading {
    let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" | "svg" | "xhtml" => Reading::Markup,
        "css" | "js" | "mjs" | "map" => Reading::Code,
        "txt" | "json" | "xml" | "ics" | "md" | "csv" => Reading::Plain,
        _ => Reading::Raw,
    }
}

impl<'a> Audit<'a> {
    /// Audits everything written for `view` on its way to `inner`.
    pub(crate) fn new(site: &'a Site, view: &'a View, inner: &'a dyn Sink) -> Audit<'a> {
        Audit {
            inner,
            site,
            view,
            scanner: leaks::scanner_for(site, view),
            state: Mutex::new(State {
                links: LinkIndex::new(),
                leaks: Vec::new(),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Scans a file name and (optionally) its text, read as `reading`.
    fn scan(&self, rel: &str, text: Option<&str>, reading: Reading) {
        let Some(scanner) = &self.scanner else {
            return;
        };
        let mut hits: Vec<(String, usize, Place)> = scanner
            .scan(rel, Reading::Raw)
            .into_iter()
            .map(|(k, _)| (rel.to_string(), k, Place::Name))
            .collect();
        if let Some(text) = text {
            hits.extend(
                scanner
                    .scan(text, reading)
                    .into_iter()
                    .map(|(k, at)| (rel.to_string(), k, Place::Byte(at))),
            );
        }
        self.record(hits);
    }

    fn record(&self, hits: Vec<(String, usize, Place)>) {
        if !hits.is_empty() {
            self.lock().leaks.extend(hits);
        }
    }

    /// Scans the bytes of output file `rel`, read as its kind says.
    fn scan_bytes(&self, rel: &str, bytes: &[u8]) {
        let Some(scanner) = &self.scanner else {
            return;
        };
        let kind = reading_of(rel);
        if kind == Reading::Raw
            && let Some(format) = carried::format_of(bytes)
        {
            // A binary's bytes are noise for figures (a font holds `2M` by
            // chance): names are looked for in them, everything in the text
            // it carries (a PDF traction wrote also declares its laid-out text
            // through `Sink::text`).
            self.scan(rel, Some(&String::from_utf8_lossy(bytes)), Reading::Names);
            let hits = carried::texts(format, bytes)
                .into_iter()
                .flat_map(|c| {
                    scanner
                        .scan(&c.text, Reading::Binary)
                        .into_iter()
                        .map(move |(k, _)| (rel.to_string(), k, Place::Carried(c.at)))
                })
                .collect();
            self.record(hits);
            return;
        }
        if kind == Reading::Raw && carried::is_binary(bytes) {
            // A format whose text cannot be read (video, WOFF2): every byte,
            // short number forms only beside their label.
            self.scan(rel, Some(&String::from_utf8_lossy(bytes)), Reading::Binary);
            return;
        }
        let text = String::from_utf8_lossy(bytes);
        let reading = reading_of(rel);
        if rel.ends_with(".ics") {
            // RFC 5545 folds long lines (CRLF + space), possibly inside a name.
            self.scan(rel, Some(&text.replace("\r\n ", "")), reading);
        } else {
            self.scan(rel, Some(&text), reading);
        }
    }

    /// Resolves the links and reports every leak.
    pub(crate) fn finish(self) -> Findings {
        let state = self
            .state
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (mut errors, external) = links::resolve(self.site, self.view, &state.links);
        errors.extend(leak_errors(
            self.site,
            self.view,
            self.scanner.as_ref(),
            state.leaks,
        ));
        Findings { errors, external }
    }

    /// Reports leaks only: for a partial rebuild, whose links cannot be resolved
    /// without the rest of the profile.
    pub(crate) fn finish_leaks(self) -> Vec<Diagnostic> {
        let state = self
            .state
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        leak_errors(self.site, self.view, self.scanner.as_ref(), state.leaks)
    }
}

fn leak_errors(
    site: &Site,
    view: &View,
    scanner: Option<&Scanner>,
    mut leaks: Vec<(String, usize, Place)>,
) -> Vec<Diagnostic> {
    let Some(scanner) = scanner else {
        return Vec::new();
    };
    let sources = links::sources(site, view);
    leaks.sort();
    // One report per output file and thing leaked (a figure has several forms).
    leaks.dedup_by(|a, b| a.0 == b.0 && scanner.needles()[a.1].what == scanner.needles()[b.1].what);
    leaks
        .into_iter()
        .map(|(rel, k, at)| {
            let needle = &scanner.needles()[k];
            let place = match at {
                Place::Name => "its file name".to_string(),
                Place::Byte(at) => format!("byte {at}"),
                Place::Carried(at) => format!("the text of its metadata at byte {at}"),
            };
            let file = sources
                .get(&rel)
                .cloned()
                .unwrap_or_else(|| needle.source.clone());
            Diagnostic::error(
                file,
                format!(
                    "leak: output file {rel} contains `{}` at {place}: {}",
                    needle.text, needle.what
                ),
            )
            .hint(format!(
                "the `{}` profile must not show it (source: {}); {}",
                view.profile.name,
                needle.source.display(),
                needle.remedy
            ))
        })
        .collect()
}

impl Sink for Audit<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if rel.ends_with(".html") {
            let scanned = links::scan(&self.view.profile.base_url, rel, bytes);
            self.lock().links.add(scanned);
        } else if rel.ends_with(".css") {
            let scanned = links::scan_css(&self.view.profile.base_url, rel, bytes);
            self.lock().links.add(scanned);
        } else {
            self.lock().links.add_file(rel);
        }
        self.scan_bytes(rel, bytes);
        self.inner.write(rel, bytes)
    }

    fn failed(&self, rel: &str) {
        self.lock().links.add_file(rel);
    }

    fn copy(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        if rel.ends_with(".css")
            && let Ok(css) = std::fs::read(source)
        {
            let scanned = links::scan_css(&self.view.profile.base_url, rel, &css);
            self.lock().links.add(scanned);
        } else {
            self.lock().links.add_file(rel);
        }
        if self.scanner.is_some() {
            match std::fs::read(source) {
                Ok(bytes) => self.scan_bytes(rel, &bytes),
                Err(_) => self.scan(rel, None, Reading::Raw),
            }
        }
        self.inner.copy(rel, source)
    }

    fn text(&self, rel: &str, text: &str) {
        self.scan(rel, Some(text), Reading::Plain);
        self.inner.text(rel, text);
    }

    fn link(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        // PDFs and share images are linked from their caches; their text arrives
        // through `text`. A text format (SVG) is also read as written.
        self.lock().links.add_file(rel);
        if self.scanner.is_some()
            && reading_of(rel) != Reading::Raw
            && let Ok(bytes) = std::fs::read(source)
        {
            self.scan_bytes(rel, &bytes);
        }
        self.inner.link(rel, source)
    }

    fn is_disk(&self) -> bool {
        self.inner.is_disk()
    }

    fn holds(&self, rel: &str, source: &Path) -> bool {
        self.inner.holds(rel, source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Memory;

    fn site() -> (tempfile::TempDir, Site) {
        let tmp = tempfile::tempdir().unwrap();
        let files = [
            (
                "site.yaml",
                "title: T\nbase_url: https://x.example\nprofiles:\n  public: { include: [public], anonymize_unapproved: true }\n",
            ),
            (
                "content/_index.md",
                "---\ntitle: Home\nvisibility: public\n---\nHi.\n",
            ),
            (
                "content/plans/secret.md",
                "---\ntitle: The secret merger plan\nvisibility: internal\n---\nx\n",
            ),
            (
                "content/zeta.md",
                "---\nkind: case_study\ntitle: A story\ncustomer: Zeta Foods\nalias: A grocer\nsummary: S\napproval: pending\nvisibility: public\nmetrics: [{label: a, before: 1, after: 2}]\n---\nBody.\n",
            ),
        ];
        for (path, text) in files {
            let p = tmp.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let (site, _) = crate::site::load(tmp.path()).unwrap();
        (tmp, site)
    }

    #[test]
    fn text_declared_for_a_pdf_is_audited_like_bytes() {
        let (_tmp, site) = site();
        let view = crate::audience::select(&site, &site.config.profiles[0], false, false).unwrap();
        let memory = Memory::default();
        let audit = Audit::new(&site, &view, &memory);
        audit.write("a.html", b"<p>A grocer</p>").unwrap();
        audit.write("b.pdf", b"%PDF compressed").unwrap();
        audit
            .write("c.ics", b"SUMMARY:Kickoff at Zeta Fo\r\n ods (CSM)\r\n")
            .unwrap();
        audit.text(
            "b.pdf",
            "A story about ZETA  FOODS and the secret merger plan",
        );
        let errors = audit.finish().errors;
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(errors.len(), 3, "{messages:?}");
        assert!(
            messages.iter().any(|m| m.contains("output file c.ics")),
            "a name folded across ICS lines: {messages:?}"
        );
        assert!(
            messages
                .iter()
                .filter(|m| m.contains("output file b.pdf"))
                .count()
                == 2,
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("Zeta Foods")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("content/plans/secret.md")),
            "{messages:?}"
        );
        // What passed through reached the real sink.
        assert_eq!(memory.files.lock().unwrap().len(), 3);
    }

    #[test]
    fn a_linked_svg_is_read_as_written_and_a_linked_png_by_its_declared_text() {
        let (tmp, site) = site();
        let view = crate::audience::select(&site, &site.config.profiles[0], false, false).unwrap();
        let audit = Audit::new(&site, &view, &crate::output::Discard);
        let svg = tmp.path().join("cached.svg");
        std::fs::write(&svg, "<svg><title>Zeta Foods</title></svg>").unwrap();
        let png = tmp.path().join("cached.png");
        std::fs::write(&png, b"\x89PNG Zeta Foods in compressed bytes is not text").unwrap();
        audit.link("a/quote.svg", &svg).unwrap();
        audit.link("a/og.png", &png).unwrap();
        audit.text("a/og.png", "A grocer");
        let errors = audit.finish().errors;
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(errors.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("output file a/quote.svg"),
            "{messages:?}"
        );
    }
}
