//! The notify loop: watches the site's folders, gathers events into batches
//! (closed by a quiet time, at most a second long), and hands each batch to the
//! [`Engine`]. When the watcher may have lost events (queue overflow, watcher
//! error) which files changed is unknown, so the batch becomes a rescan.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{Engine, Options, Outcome};
use crate::diagnostics::Diagnostic;

/// Folders (recursive) and files the loop watches; never `output/` or caches.
fn watch_targets(root: &Path) -> Vec<(PathBuf, bool)> {
    let mut targets = vec![(root.to_path_buf(), false)];
    for dir in [
        "content",
        "data",
        "themes",
        "templates",
        "static",
        "archetypes",
    ] {
        let path = root.join(dir);
        if path.is_dir() {
            targets.push((path, true));
        }
    }
    targets
}

/// Watches the site and calls `on_outcome` after the first build and after every
/// batch of changes. Returns only if the watcher cannot be set up.
pub(crate) fn run(
    root: &Path,
    options: Options,
    mut on_outcome: impl FnMut(&Engine, Outcome),
) -> Result<(), Diagnostic> {
    use notify::{RecursiveMode, Watcher};
    // Events carry absolute paths: compare them with an absolute root.
    let root = &root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher: Box<dyn Watcher> = if options.poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(300));
        Box::new(notify::PollWatcher::new(tx, config).map_err(watch_error)?)
    } else {
        Box::new(notify::recommended_watcher(tx).map_err(watch_error)?)
    };
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    let add_watches = |watcher: &mut Box<dyn Watcher>,
                       watched: &mut BTreeSet<PathBuf>|
     -> Result<(), Diagnostic> {
        for (path, recursive) in watch_targets(root) {
            if watched.insert(path.clone()) {
                let mode = if recursive {
                    RecursiveMode::Recursive
                } else {
                    RecursiveMode::NonRecursive
                };
                watcher.watch(&path, mode).map_err(watch_error)?;
            }
        }
        Ok(())
    };
    add_watches(&mut watcher, &mut watched)?;
    let mut engine = Engine::new(root, options.clone());
    let first = engine.full();
    on_outcome(&engine, first);
    loop {
        let Ok(first) = rx.recv() else { return Ok(()) };
        let mut batch = Batch::default();
        batch.collect(first);
        let deadline = Instant::now() + Duration::from_secs(1);
        while let Ok(event) = rx.recv_timeout(options.debounce) {
            batch.collect(event);
            if Instant::now() > deadline {
                break;
            }
        }
        // A folder created after start (say, static/) is watched from now on.
        add_watches(&mut watcher, &mut watched)?;
        let outcome = batch.apply(&mut engine);
        on_outcome(&engine, outcome);
    }
}

/// The changes reported during one debounce window.
#[derive(Debug, Default)]
struct Batch {
    paths: BTreeSet<PathBuf>,
    /// The watcher lost events (the inotify queue overflowed): which files
    /// changed is unknown, so everything is rebuilt.
    rescan: bool,
    /// What the watcher reported going wrong; changes may have been missed.
    errors: Vec<Diagnostic>,
}

impl Batch {
    fn collect(&mut self, event: notify::Result<notify::Event>) {
        let event = match event {
            Ok(event) => event,
            Err(e) => {
                self.errors.push(
                    Diagnostic::warning("", format!("the file watcher reported: {e}")).hint(
                        "everything was rebuilt in case a change was missed; if this repeats, \
                         try --poll",
                    ),
                );
                return;
            }
        };
        if event.need_rescan() {
            self.rescan = true;
        }
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        // Some back ends report `/site/./content/x.md`: drop the `.` parts.
        self.paths.extend(event.paths.into_iter().map(|p| {
            p.components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .collect::<PathBuf>()
        }));
    }

    /// Rebuilds what the batch calls for: everything when events were lost.
    fn apply(self, engine: &mut Engine) -> Outcome {
        let outcome = if self.rescan || !self.errors.is_empty() {
            engine.rescan()
        } else {
            let paths: Vec<PathBuf> = self.paths.into_iter().collect();
            engine.changed(&paths)
        };
        match outcome {
            Outcome::Rebuilt {
                urls,
                elapsed,
                mut warnings,
            } => {
                warnings.splice(0..0, self.errors);
                Outcome::Rebuilt {
                    urls,
                    elapsed,
                    warnings,
                }
            }
            Outcome::Failed(mut errors) => {
                errors.extend(self.errors);
                Outcome::Failed(errors)
            }
            unchanged => unchanged,
        }
    }
}

fn watch_error(e: notify::Error) -> Diagnostic {
    Diagnostic::error("", format!("could not watch the site: {e}")).hint(
        "on WSL, Docker or network drives try --poll; on Linux, raise fs.inotify.max_user_watches",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::fixture::example_site;

    #[test]
    fn a_queue_overflow_or_watcher_error_rebuilds_everything() {
        let site = example_site();
        let root = site.path().canonicalize().unwrap();
        let mut engine = Engine::new(
            &root,
            Options {
                profile: Some("internal".into()),
                ..Options::default()
            },
        );
        assert!(matches!(engine.full(), Outcome::Rebuilt { .. }));
        // A change whose event was lost in the overflow.
        let page = root.join("content/plans/week-10.md");
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(
            &page,
            format!("{text}\n\nA sentence nobody was told about.\n"),
        )
        .unwrap();
        let mut overflow = Batch::default();
        overflow.collect(Ok(
            notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan)
        ));
        let outcome = overflow.apply(&mut engine);
        assert!(
            matches!(outcome, Outcome::Rebuilt { urls: None, .. }),
            "{outcome:?}"
        );
        let built =
            std::fs::read_to_string(root.join("output/internal/plans/week-10/index.html")).unwrap();
        assert!(built.contains("A sentence nobody was told about."));
        // A watcher error is reported, not dropped, and also rebuilds.
        let mut failed = Batch::default();
        failed.collect(Err(notify::Error::generic("inotify went away")));
        match failed.apply(&mut engine) {
            Outcome::Rebuilt {
                urls: None,
                warnings,
                ..
            } => assert!(
                warnings
                    .iter()
                    .any(|w| w.message.contains("inotify went away")),
                "{warnings:?}"
            ),
            other => panic!("{other:?}"),
        }
    }
}
