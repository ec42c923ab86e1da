//! The one write path. Renderers hand every output file to a `Sink`: a staging
//! folder on disk that replaces the previous output atomically when the whole
//! build succeeded, held until an audit passes (`Held`, for the
//! watch loop), or nowhere (`check`).
//!
//! Atomic replacement: a profile is written into `.<name>.traction-new` beside
//! its output folder; on success the old folder is renamed away and the new one
//! renamed into place, then the old one removed. A failed build removes its
//! staging folder, so the previous output stays byte-identical. Leftovers of a
//! killed build are cleaned by the next one.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;

/// Receives output files by path relative to the profile's output root.
pub(crate) trait Sink: Sync {
    /// Writes one file.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Copies one file from disk.
    fn copy(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(source)
            .map_err(|e| Diagnostic::error(source, format!("could not read: {e}")))?;
        self.write(rel, &bytes)
    }
    /// Declares the text a binary file written as `rel` shows (a PDF's laid-out
    /// text), so audits can read what its bytes hide. Writes nothing.
    fn text(&self, _rel: &str, _text: &str) {}
    /// Puts a file from disk in place without copying its bytes where possible (hard link).
    fn link(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        self.copy(rel, source)
    }
    /// Declares that the page written as `rel` failed to render (its own error
    /// says why), so links to it are not reported as a second error. Writes nothing.
    fn failed(&self, _rel: &str) {}
    /// Whether this sink writes to disk (only then is a disk cache worth keeping).
    fn is_disk(&self) -> bool {
        false
    }
    /// Whether the file at `rel` already holds exactly the bytes of `source`, so
    /// a partial rebuild may leave it alone (only the live folder can tell).
    // No default: a sink that wraps another must pass the question on, or a
    // partial rebuild rewrites every unchanged image behind it.
    fn holds(&self, rel: &str, source: &Path) -> bool;
}

/// Refuses paths that could leave the output folder (defence in depth: slugs are checked at load).
pub fn check_rel(rel: &str) -> Result<(), Diagnostic> {
    let bad = rel.is_empty()
        || rel.starts_with('/')
        || rel.contains('\\')
        || rel.contains('\0')
        || rel.contains(':')
        || rel
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..");
    if bad {
        return Err(Diagnostic::error(
            "",
            format!("refusing to write outside the output folder: {rel:?}"),
        )
        .hint("this is a bug in a template or theme path; please report it"));
    }
    Ok(())
}

/// Discards everything (`traction check`).
pub(crate) struct Discard;

impl Sink for Discard {
    fn holds(&self, _: &str, _: &Path) -> bool {
        false
    }
    fn write(&self, rel: &str, _: &[u8]) -> Result<(), Diagnostic> {
        check_rel(rel)
    }
    fn copy(&self, rel: &str, _: &Path) -> Result<(), Diagnostic> {
        check_rel(rel)
    }
}

/// Keeps every file in memory (tests of sinks that wrap another).
#[cfg(test)]
#[derive(Default)]
pub(crate) struct Memory {
    /// Files by path.
    pub files: Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

#[cfg(test)]
impl Sink for Memory {
    fn holds(&self, _: &str, _: &Path) -> bool {
        false
    }
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        check_rel(rel)?;
        self.files
            .lock()
            .expect("no writer panics while holding the lock")
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Holds every file for `inner` until [`Held::commit`]: the watch loop's
/// partial rebuilds write the live folder people deploy from, so their files
/// pass the leak audit first and reach `inner` only when it found nothing.
pub(crate) struct Held<'a> {
    inner: &'a dyn Sink,
    ops: Mutex<Vec<HeldOp>>,
}

enum HeldOp {
    Write(String, Vec<u8>),
    Copy(String, PathBuf),
    Link(String, PathBuf),
    Text(String, String),
}

impl<'a> Held<'a> {
    /// Holds files meant for `inner`.
    pub(crate) fn new(inner: &'a dyn Sink) -> Held<'a> {
        Held {
            inner,
            ops: Mutex::new(Vec::new()),
        }
    }

    /// Passes every held file to `inner`, in the order they came.
    pub(crate) fn commit(self) -> Result<(), Diagnostic> {
        let ops = self
            .ops
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for op in ops {
            match op {
                HeldOp::Write(rel, bytes) => self.inner.write(&rel, &bytes)?,
                HeldOp::Copy(rel, source) => self.inner.copy(&rel, &source)?,
                HeldOp::Link(rel, source) => self.inner.link(&rel, &source)?,
                HeldOp::Text(rel, text) => self.inner.text(&rel, &text),
            }
        }
        Ok(())
    }

    fn push(&self, op: HeldOp) {
        self.ops
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(op);
    }
}

impl Sink for Held<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        check_rel(rel)?;
        self.push(HeldOp::Write(rel.to_string(), bytes.to_vec()));
        Ok(())
    }
    fn copy(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        check_rel(rel)?;
        self.push(HeldOp::Copy(rel.to_string(), source.to_path_buf()));
        Ok(())
    }
    fn text(&self, rel: &str, text: &str) {
        self.push(HeldOp::Text(rel.to_string(), text.to_string()));
    }
    fn link(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        check_rel(rel)?;
        self.push(HeldOp::Link(rel.to_string(), source.to_path_buf()));
        Ok(())
    }
    fn is_disk(&self) -> bool {
        self.inner.is_disk()
    }
    fn holds(&self, rel: &str, source: &Path) -> bool {
        self.inner.holds(rel, source)
    }
}

/// The live output folder, written file by file (each file atomically: written
/// beside, then renamed), for the watch loop's single-page updates.
pub(crate) struct LiveDir {
    dir: PathBuf,
    /// The build lock of `dir`, taken at the first write and held until dropped,
    /// so that a `build` of the same folder cannot swap it away mid-update.
    lock: Mutex<Option<BuildLock>>,
}

impl LiveDir {
    /// Writes into `dir`, which must exist.
    pub(crate) fn new(dir: &Path) -> LiveDir {
        LiveDir {
            dir: dir.to_path_buf(),
            lock: Mutex::new(None),
        }
    }

    fn locked(&self) -> Result<(), Diagnostic> {
        let mut lock = self
            .lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if lock.is_none() {
            *lock = Some(
                BuildLock::acquire(&self.dir)
                    .map_err(|e| Diagnostic::error(&self.dir, format!("{e}")))?,
            );
        }
        Ok(())
    }
}

impl Sink for LiveDir {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        check_rel(rel)?;
        self.locked()?;
        let path = self.dir.join(rel);
        let tmp = path.with_file_name(format!(
            ".{}.traction-tmp",
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
        let result = (|| {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(&tmp, &path)
        })();
        result.map_err(|e| Diagnostic::error(&self.dir, format!("could not write {rel}: {e}")))
    }

    fn link(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(source)
            .map_err(|e| Diagnostic::error(source, format!("could not read: {e}")))?;
        self.write(rel, &bytes)
    }

    fn is_disk(&self) -> bool {
        true
    }

    fn holds(&self, rel: &str, source: &Path) -> bool {
        check_rel(rel).is_ok()
            && matches!(
                (std::fs::read(self.dir.join(rel)), std::fs::read(source)),
                (Ok(here), Ok(there)) if here == there
            )
    }
}

/// A profile's output being written beside the live one.
pub(crate) struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// Released when the staging is committed or aborted (dropped).
    _lock: BuildLock,
}

/// Name of the file that marks a folder as a traction build. Only a folder
/// holding it is ever replaced: an `index.html` and a `sitemap.xml` are in
/// many web projects' folders and prove nothing.
pub(crate) const MARKER: &str = ".traction-build";

/// What a build writes into its marker, and which unmarked folders it may replace.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mark<'a> {
    /// The profile built (`""` for a site without profiles).
    pub profile: &'a str,
    /// Whether an unmarked folder that looks like a build of the release before
    /// markers (`kpis.json` or `sitemap.xml`) may be replaced: only true for the
    /// site's own `output/`, so that upgrading does not fail every site once.
    pub adopt_unmarked: bool,
}

impl Mark<'_> {
    /// The marker's text: version and profile, never a path (it is deployed).
    fn text(&self) -> String {
        format!(
            "traction {}\nprofile: {}\n",
            env!("CARGO_PKG_VERSION"),
            self.profile
        )
    }
}

/// Held while a build writes a target, so that a second build of the same
/// output (a `build` while `serve` rebuilds) fails clearly instead of deleting
/// the first one's staging folder and swapping in a half-written site.
///
/// An OS file lock, not a pid in a file: the system releases it when its
/// holder dies however it dies, so a leftover lock file (even an empty one, a
/// kill between create and write) never blocks the next build.
struct BuildLock {
    path: PathBuf,
    _file: std::fs::File,
}

impl BuildLock {
    fn acquire(target: &Path) -> io::Result<BuildLock> {
        let path = sibling(target, "lock");
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        // The holder deletes the file before closing it: a build that opened
        // the old file meanwhile locks a deleted file, sees that the path now
        // names another one (or none) and tries again.
        for _ in 0..16 {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(io::Error::other(format!(
                        "another traction build is writing {}; wait for it to finish",
                        target.display()
                    )));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
            if same_file(&file, &path) {
                return Ok(BuildLock { path, _file: file });
            }
        }
        Err(io::Error::other(format!(
            "could not take the build lock {}",
            path.display()
        )))
    }
}

/// Whether the open `file` is the one `path` names now.
#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether the open `file` is the one `path` names now (an open file cannot be
/// deleted on Windows, so the path always names it).
#[cfg(not(unix))]
fn same_file(_file: &std::fs::File, path: &Path) -> bool {
    path.exists()
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        // Deleted while still locked (see `acquire`); the lock goes with the file handle.
        let _ = std::fs::remove_file(&self.path);
    }
}

fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.traction-{suffix}"))
}

impl Staging {
    /// Starts writing the output that will replace `target`, marked as `mark` says.
    pub(crate) fn begin(target: &Path, mark: Mark<'_>) -> io::Result<Staging> {
        if target.exists() && !target.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} is a file, not a folder", target.display()),
            ));
        }
        let lock = BuildLock::acquire(target)?;
        recover(target)?;
        if !replaceable(target, mark.adopt_unmarked)? {
            return Err(io::Error::other(format!(
                "{} holds files that are not a traction build (no {MARKER} file); \
                 refusing to replace it: remove it or pass another --out",
                target.display()
            )));
        }
        let dir = sibling(target, "new");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(MARKER), mark.text())?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            _lock: lock,
        })
    }

    /// Replaces the target with what was written.
    pub(crate) fn commit(self) -> io::Result<()> {
        let old = sibling(&self.target, "old");
        let had_old = self.target.exists();
        let swapped = (|| {
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
            if had_old {
                std::fs::rename(&self.target, &old)?;
            }
            if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                if had_old {
                    let _ = std::fs::rename(&old, &self.target);
                }
                return Err(e);
            }
            Ok(())
        })();
        if let Err(e) = swapped {
            // A failed swap leaves the previous output and no staging folder.
            let _ = std::fs::remove_dir_all(&self.dir);
            return Err(e);
        }
        if had_old {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }

    /// Throws away what was written; the target is untouched.
    pub(crate) fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Whether `target` may be replaced by a build: it is missing, empty, or a
/// previous build (marked with [`MARKER`]). Anything else (`--out .`, `--out
/// content`, a home folder, a web project's `public/`) is someone's files.
fn replaceable(target: &Path, adopt_unmarked: bool) -> io::Result<bool> {
    let mut entries = match std::fs::read_dir(target) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(e),
    };
    let is_build = |dir: &Path| {
        dir.join(MARKER).is_file()
            || (adopt_unmarked
                && (dir.join("kpis.json").is_file() || dir.join("sitemap.xml").is_file()))
    };
    if entries.next().is_none() || is_build(target) {
        return Ok(true);
    }
    // The output root of a site that had profiles (`output/internal`, ...) and
    // now has none: every entry is a profile's build or a leftover of one.
    Ok(std::fs::read_dir(target)?.all(|e| {
        e.is_ok_and(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name.starts_with('.') && name.contains(".traction-")) || is_build(&e.path())
        })
    }))
}

/// Name of the journal that makes a multi-profile swap all-or-nothing.
const JOURNAL: &str = ".traction-commit";

/// Replaces every staged profile together: after a crash, the next build rolls
/// the swap forward (from the journal), so the output is never a mix of old and
/// new profiles.
///
/// Every staging folder is complete before the journal is written; then each
/// target is set aside, each staging folder renamed in, the journal removed and
/// the old folders deleted.
pub(crate) fn commit_all(stagings: Vec<Staging>) -> io::Result<()> {
    let Some(first) = stagings.first() else {
        return Ok(());
    };
    if stagings.len() == 1 {
        return stagings.into_iter().next().expect("one staging").commit();
    }
    let parent = first
        .target
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let names: Vec<String> = stagings
        .iter()
        .map(|s| {
            s.target
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        })
        .collect();
    let journal = parent.join(JOURNAL);
    let tmp = parent.join(format!("{JOURNAL}.tmp"));
    std::fs::write(&tmp, names.join("\n"))?;
    std::fs::rename(&tmp, &journal)?;
    roll_forward(&parent)?;
    // The staging folders were renamed into place: nothing is left to abort.
    drop(stagings);
    Ok(())
}

/// Completes a journaled swap in `parent`, if one was interrupted.
fn roll_forward(parent: &Path) -> io::Result<()> {
    let journal = parent.join(JOURNAL);
    let Ok(list) = std::fs::read_to_string(&journal) else {
        return Ok(());
    };
    let targets: Vec<PathBuf> = list
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| parent.join(l))
        .collect();
    for target in &targets {
        let (new, old) = (sibling(target, "new"), sibling(target, "old"));
        if new.exists() && target.exists() {
            if old.exists() {
                std::fs::remove_dir_all(&old)?;
            }
            std::fs::rename(target, &old)?;
        }
    }
    for target in &targets {
        let new = sibling(target, "new");
        if new.exists() {
            std::fs::rename(&new, target)?;
        }
    }
    std::fs::remove_file(&journal)?;
    for target in &targets {
        let old = sibling(target, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
    }
    Ok(())
}

/// Finishes or undoes a swap interrupted by a crash, and removes leftovers.
pub(crate) fn recover(target: &Path) -> io::Result<()> {
    if let Some(parent) = target.parent() {
        roll_forward(parent)?;
    }
    let old = sibling(target, "old");
    if old.exists() {
        if target.exists() {
            std::fs::remove_dir_all(&old)?;
        } else {
            // Killed between the two renames: the previous output is the complete one.
            std::fs::rename(&old, target)?;
        }
    }
    let new = sibling(target, "new");
    if new.exists() {
        std::fs::remove_dir_all(&new)?;
    }
    Ok(())
}

impl Sink for Staging {
    // A staging folder starts empty: it holds nothing a rebuild could keep.
    fn holds(&self, _: &str, _: &Path) -> bool {
        false
    }
    fn link(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        check_rel(rel)?;
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(&self.target, format!("could not create {rel}: {e}"))
            })?;
        }
        // Across file systems a link is impossible: copy instead.
        match std::fs::hard_link(source, &path) {
            Ok(()) => Ok(()),
            Err(_) => self.copy(rel, source),
        }
    }

    fn is_disk(&self) -> bool {
        true
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        check_rel(rel)?;
        let path = self.dir.join(rel);
        let result = (|| {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)
        })();
        result.map_err(|e| Diagnostic::error(&self.target, format!("could not write {rel}: {e}")))
    }

    fn copy(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        check_rel(rel)?;
        let path = self.dir.join(rel);
        let result = (|| {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(source, &path).map(|_| ())
        })();
        result.map_err(|e| {
            Diagnostic::error(
                &self.target,
                format!("could not copy {}: {e}", source.display()),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARK: Mark<'static> = Mark {
        profile: "",
        adopt_unmarked: false,
    };

    #[test]
    fn paths_that_leave_the_output_are_refused() {
        for bad in [
            "../x",
            "/etc/passwd",
            "a/../../b",
            "a\\b",
            "a\0b",
            "",
            "C:/x",
            "a//b",
        ] {
            assert!(check_rel(bad).is_err(), "{bad:?}");
        }
        assert!(check_rel("plans/week-10/index.html").is_ok());
    }

    #[test]
    fn commit_replaces_and_abort_keeps_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        let s = Staging::begin(&target, MARK).unwrap();
        s.write("a.html", b"one").unwrap();
        s.write("kpis.json", b"{}").unwrap(); // every build has one
        s.commit().unwrap();
        let s = Staging::begin(&target, MARK).unwrap();
        s.write("b.html", b"two").unwrap();
        s.abort();
        assert_eq!(std::fs::read(target.join("a.html")).unwrap(), b"one");
        assert!(!target.join("b.html").exists());
        let s = Staging::begin(&target, MARK).unwrap();
        s.write("b.html", b"two").unwrap();
        s.commit().unwrap();
        assert!(!target.join("a.html").exists(), "no stale files");
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no leftovers"
        );
    }

    #[test]
    fn a_folder_that_is_not_a_build_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let precious = tmp.path().join("content");
        std::fs::create_dir_all(&precious).unwrap();
        std::fs::write(precious.join("_index.md"), b"sources").unwrap();
        let err = Staging::begin(&precious, MARK).err().expect("refused");
        assert!(err.to_string().contains("refusing to replace"), "{err}");
        assert_eq!(
            std::fs::read(precious.join("_index.md")).unwrap(),
            b"sources"
        );
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no leftovers"
        );
        // An empty folder and a previous build are fine.
        let empty = tmp.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        Staging::begin(&empty, MARK).unwrap().abort();
        let s = Staging::begin(&tmp.path().join("out"), MARK).unwrap();
        s.write("kpis.json", b"{}").unwrap();
        s.commit().unwrap();
        Staging::begin(&tmp.path().join("out"), MARK)
            .unwrap()
            .abort();
        // The output root of profiles, when the site drops its profiles.
        let root = tmp.path().join("output");
        for profile in ["internal", "public"] {
            let s = Staging::begin(&root.join(profile), MARK).unwrap();
            s.write("sitemap.xml", b"<urlset/>").unwrap();
            s.commit().unwrap();
        }
        Staging::begin(&root, MARK).unwrap().abort();
    }

    #[test]
    fn a_second_build_of_the_same_output_waits_for_nobody_and_fails_clearly() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        let first = Staging::begin(&target, MARK).unwrap();
        first.write("kpis.json", b"first").unwrap();
        let err = Staging::begin(&target, MARK)
            .err()
            .expect("refused while the first runs");
        assert!(err.to_string().contains("another traction build"), "{err}");
        first.commit().unwrap();
        assert_eq!(std::fs::read(target.join("kpis.json")).unwrap(), b"first");
        // Released: the next build goes ahead and leaves no lock behind.
        Staging::begin(&target, MARK).unwrap().abort();
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no leftovers"
        );
    }

    #[test]
    fn the_lock_of_a_killed_build_is_taken_over() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        // No process has this pid (Linux caps pids far below it).
        std::fs::write(sibling(&target, "lock"), b"4000000000").unwrap();
        Staging::begin(&target, MARK).unwrap().abort();
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            0,
            "lock removed"
        );
    }

    #[test]
    fn a_multi_profile_swap_killed_midway_rolls_forward_to_all_new() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        for (t, v) in [(&a, "old-a"), (&b, "old-b")] {
            std::fs::create_dir_all(t).unwrap();
            std::fs::write(t.join("kpis.json"), v).unwrap();
        }
        // Killed after `a` was set aside and before anything was renamed in.
        for (t, v) in [(&a, "new-a"), (&b, "new-b")] {
            std::fs::create_dir_all(sibling(t, "new")).unwrap();
            std::fs::write(sibling(t, "new").join("kpis.json"), v).unwrap();
        }
        std::fs::rename(&a, sibling(&a, "old")).unwrap();
        std::fs::write(tmp.path().join(JOURNAL), "a\nb").unwrap();
        recover(&b).unwrap();
        assert_eq!(
            std::fs::read_to_string(a.join("kpis.json")).unwrap(),
            "new-a"
        );
        assert_eq!(
            std::fs::read_to_string(b.join("kpis.json")).unwrap(),
            "new-b"
        );
        let left: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
    }

    #[test]
    fn a_swap_killed_midway_is_recovered() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        std::fs::create_dir_all(sibling(&target, "old")).unwrap();
        std::fs::write(sibling(&target, "old").join("a.html"), b"prev").unwrap();
        recover(&target).unwrap();
        assert_eq!(std::fs::read(target.join("a.html")).unwrap(), b"prev");
    }

    #[test]
    fn an_empty_lock_file_left_by_a_kill_does_not_block_the_next_build() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        // Killed between creating the lock file and writing its pid (before OS locks).
        std::fs::write(sibling(&target, "lock"), b"").unwrap();
        let started = std::time::Instant::now();
        Staging::begin(&target, MARK).unwrap().commit().unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn a_lock_released_by_a_dead_holder_is_taken_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        let held = std::fs::File::create(sibling(&target, "lock")).unwrap();
        held.try_lock().unwrap();
        let err = Staging::begin(&target, MARK).err().expect("locked");
        assert!(err.to_string().contains("another traction build"), "{err}");
        // What the OS does when the holder dies: the handle closes, the file stays.
        drop(held);
        Staging::begin(&target, MARK).unwrap().abort();
    }

    #[test]
    fn live_updates_wait_for_no_build_and_say_why() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("out");
        let s = Staging::begin(&target, MARK).unwrap();
        s.commit().unwrap();
        let building = Staging::begin(&target, MARK).unwrap();
        let live = LiveDir::new(&target);
        let err = live.write("a.html", b"x").expect_err("locked");
        assert!(err.message.contains("another traction build"), "{err:?}");
        building.abort();
        let live = LiveDir::new(&target);
        live.write("a.html", b"x").unwrap();
        // Held until the update is done: a build now waits for nobody and fails.
        assert!(Staging::begin(&target, MARK).is_err());
        drop(live);
        Staging::begin(&target, MARK).unwrap().abort();
    }

    #[test]
    fn a_web_projects_public_folder_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let public = tmp.path().join("public");
        for (file, text) in [
            ("index.html", "<h1>mine</h1>"),
            ("sitemap.xml", "<urlset/>"),
            ("kpis.json", "{}"),
            ("robots.txt", "User-agent: *"),
            ("images/logo.png", "png"),
        ] {
            std::fs::create_dir_all(public.join(file).parent().unwrap()).unwrap();
            std::fs::write(public.join(file), text).unwrap();
        }
        let err = Staging::begin(&public, MARK).err().expect("refused");
        assert!(err.to_string().contains("refusing to replace"), "{err}");
        assert_eq!(
            std::fs::read(public.join("images/logo.png")).unwrap(),
            b"png"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        // A folder named `.git` is not a leftover of ours either.
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        assert!(Staging::begin(&repo, MARK).is_err());
        assert!(repo.join(".git").is_dir());
    }

    #[test]
    fn an_unmarked_build_is_adopted_only_where_allowed_and_then_marked() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("output");
        std::fs::create_dir_all(&output).unwrap();
        std::fs::write(output.join("sitemap.xml"), "<urlset/>").unwrap();
        let adopt = Mark {
            profile: "public",
            adopt_unmarked: true,
        };
        Staging::begin(&output, adopt).unwrap().commit().unwrap();
        let marker = std::fs::read_to_string(output.join(MARKER)).unwrap();
        assert_eq!(
            marker,
            format!("traction {}\nprofile: public\n", env!("CARGO_PKG_VERSION"))
        );
        assert!(!output.join("sitemap.xml").exists(), "replaced");
        // Marked now: replaced again without adoption.
        Staging::begin(&output, MARK).unwrap().abort();
    }
}
