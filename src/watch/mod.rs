//! Change detection and rebuild policy, shared by `watch` and `serve`.
//!
//! Two halves that meet at a list of changed paths:
//! - `engine.rs`, the rebuild rules: given the paths that changed, do the least
//!   work that is still correct (one page, the pages that read data, a
//!   stylesheet copied, or the whole profile). It knows nothing of file
//!   watchers or timing, so its decisions are tested by calling it directly.
//! - `events.rs`, the notify loop: collects events into batches (debounced),
//!   turns a lost event (queue overflow, watcher error) into a rescan, and
//!   hands each batch to the engine.
//!
//! A failed rebuild keeps the previous site and output; the next change retries.

mod engine;
mod events;

use std::time::Duration;

pub(crate) use engine::{Engine, Outcome};
pub(crate) use events::run;

/// What the watch loop is asked to do.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// Profile to build (default: the site's default profile).
    pub profile: Option<String>,
    /// Poll the file system instead of using OS notifications (WSL, Docker, network drives).
    pub poll: bool,
    /// Quiet time that closes a batch of changes.
    pub debounce: Duration,
    /// Include drafts.
    pub drafts: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            profile: None,
            poll: false,
            debounce: Duration::from_millis(40),
            drafts: false,
        }
    }
}

/// A temporary copy of the example site, for the engine's and the loop's tests.
#[cfg(test)]
mod fixture {
    use std::path::Path;

    pub(super) fn example_site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for part in ["site.yaml", "content", "data", "themes", "archetypes"] {
            copy(&repo.join(part), &tmp.path().join(part));
        }
        tmp
    }

    fn copy(from: &Path, to: &Path) {
        if from.is_dir() {
            std::fs::create_dir_all(to).unwrap();
            for e in std::fs::read_dir(from).unwrap() {
                let e = e.unwrap();
                copy(&e.path(), &to.join(e.file_name()));
            }
        } else if from.is_file() {
            std::fs::copy(from, to).unwrap();
        }
    }
}
