//! Change detection and rebuild policy, shared by `watch` and `serve`.
//!
//! The engine keeps the last good `Site` in memory and, for each batch of
//! changed paths, does the least work that is still correct:
//! - a page whose body alone changed (front matter, slug and kind identical) is
//!   re-parsed and only that page (and its PDF) re-rendered into the live output;
//! - a save that changes nothing rewrites nothing;
//! - anything else (front matter, new/deleted/renamed files, data, templates,
//!   theme, static files, `site.yaml`) reloads the site and rebuilds the profile
//!   through the normal pipeline, which swaps the output atomically.
//!
//! A failed rebuild keeps the previous site and output; the next change retries.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::audience::{self, View};
use crate::build::{self, BuildOptions};
use crate::content::{self, CONTENT_DIR};
use crate::diagnostics::Diagnostic;
use crate::output::LiveDir;
use crate::site::{self, Site};

/// What the watch loop is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
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

/// The result of one rebuild.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The output changed: the URL paths rewritten (`None`: everything).
    Rebuilt {
        /// URL paths (`/plans/week-10/`), or `None` after a full rebuild.
        urls: Option<Vec<String>>,
        /// How long it took.
        elapsed: Duration,
        /// Warnings found.
        warnings: Vec<Diagnostic>,
    },
    /// Nothing needed rewriting (a save without changes, or only ignored files).
    Unchanged {
        /// How long it took to find out.
        elapsed: Duration,
    },
    /// The change broke the site; the previous output stays.
    Failed(Vec<Diagnostic>),
}

/// Where a changed path belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Area {
    Content,
    Data,
    Other,
    Ignored,
}

/// The rebuild engine.
pub struct Engine {
    root: PathBuf,
    options: Options,
    site: Option<Site>,
    view: Option<View>,
    out_dir: PathBuf,
    failed: bool,
    /// Template environment of the current site, kept while only bodies change.
    env: Option<std::sync::Arc<crate::render::html::Environment>>,
}

impl Engine {
    /// An engine for the site at `root`; nothing is built until [`Engine::full`].
    pub fn new(root: &Path, options: Options) -> Engine {
        Engine {
            root: root.to_path_buf(),
            options,
            site: None,
            view: None,
            out_dir: root.join("output"),
            failed: false,
            env: None,
        }
    }

    /// The output folder being served (valid after a successful build).
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Loads everything and builds the profile.
    pub fn full(&mut self) -> Outcome {
        let started = Instant::now();
        match site::load(&self.root) {
            Ok((site, warnings)) => self.build(site, warnings, started),
            Err(e) => Outcome::Failed(e),
        }
    }

    /// Reloads `data/` (and the KPIs) into the site in memory, keeping its pages,
    /// and re-renders only the pages that read data (and `kpis.json`).
    fn data_only(&mut self) -> Outcome {
        let started = Instant::now();
        let Some(site) = self.site.as_ref() else {
            return self.full();
        };
        let data = match crate::data::load(&self.root) {
            Ok(d) => d,
            Err(e) => return Outcome::Failed(e),
        };
        let (kpis, warnings) = match crate::kpis::compute(&data) {
            Ok(k) => k,
            Err(e) => return Outcome::Failed(e),
        };
        let mut site = site.clone();
        site.data = data;
        site.kpis = kpis;
        let Some(old_view) = self.view.as_ref() else {
            return self.full();
        };
        let mut view = match audience::select(&site, &old_view.profile, self.options.drafts) {
            Ok(v) => v,
            Err(e) => return Outcome::Failed(e),
        };
        view.pdfs = old_view.pdfs;
        // Customer names live in data: if what the profile shows changed shape, rebuild it all.
        if view.urls != old_view.urls || view.overrides.len() != old_view.overrides.len() {
            return self.build(site, warnings, started);
        }
        let mut pages = match build::pages_using_data(&site, &view) {
            Ok(p) => p,
            Err(e) => return Outcome::Failed(e),
        };
        // Anonymised pages are rewritten from customer names in data.
        pages.extend(view.overrides.keys().copied());
        pages.sort_unstable();
        pages.dedup();
        let sink = LiveDir::new(&self.out_dir);
        match build::render_pages_only(&site, &view, &pages, &sink, None, true) {
            Ok((urls, env)) => {
                self.site = Some(site);
                self.view = Some(view);
                self.env = Some(env);
                Outcome::Rebuilt {
                    urls: Some(urls),
                    elapsed: started.elapsed(),
                    warnings,
                }
            }
            Err(e) => Outcome::Failed(e),
        }
    }

    /// When every changed file is a stylesheet among the static files, copies the
    /// new stylesheets into the live output: browsers swap them without reloading.
    fn stylesheets_only(&mut self, paths: &[PathBuf]) -> Option<Outcome> {
        let started = Instant::now();
        let site = self.site.as_mut()?;
        let theme_static = self
            .root
            .join("themes")
            .join(&site.config.theme)
            .join("static");
        let site_static = self.root.join("static");
        let mut names = Vec::new();
        for path in paths {
            if crate::source::is_ignored_name(&path.file_name()?.to_string_lossy()) {
                continue;
            }
            let rel = path
                .strip_prefix(&site_static)
                .or_else(|_| path.strip_prefix(&theme_static))
                .ok()?;
            let rel = rel.to_str()?.replace('\\', "/");
            if !rel.ends_with(".css") || !path.is_file() {
                return None;
            }
            names.push(rel);
        }
        if names.is_empty() {
            return None;
        }
        let theme = crate::render::theme::load(&self.root, &site.config).ok()?;
        let view = self.view.as_ref()?;
        let live = LiveDir::new(&self.out_dir);
        // Stylesheets pass the leak audit before they reach the live folder.
        let held = crate::output::Held::new(&live);
        let audit = crate::check::Audit::new(site, view, &held);
        let sink: &dyn crate::output::Sink = &audit;
        let mut urls = Vec::new();
        for name in names {
            let result = match theme.statics.get(&name)? {
                crate::render::theme::StaticSource::Embedded(bytes) => sink.write(&name, bytes),
                crate::render::theme::StaticSource::File(source) => sink.copy(&name, source),
            };
            if let Err(d) = result {
                return Some(Outcome::Failed(vec![d]));
            }
            urls.push(format!("/{name}"));
        }
        let leaks = audit.finish_leaks();
        if !leaks.is_empty() {
            return Some(Outcome::Failed(leaks));
        }
        if let Err(d) = held.commit() {
            return Some(Outcome::Failed(vec![d]));
        }
        site.theme = theme;
        self.env = None;
        Some(Outcome::Rebuilt {
            urls: Some(urls),
            elapsed: started.elapsed(),
            warnings: Vec::new(),
        })
    }

    /// Builds the profile from `site` and keeps it as the last good one.
    fn build(&mut self, site: Site, mut warnings: Vec<Diagnostic>, started: Instant) -> Outcome {
        let profile = match self.options.profile.as_deref() {
            Some(name) => match site.config.select_profiles(Some(name)) {
                Ok(mut p) => p.remove(0),
                Err(d) => return Outcome::Failed(vec![d]),
            },
            None => site.config.default_profile().clone(),
        };
        let options = BuildOptions {
            profile: Some(profile.name.clone()),
            drafts: self.options.drafts,
            write: true,
            ..Default::default()
        };
        match build::build_site(&site, &options) {
            Ok(report) => warnings.extend(report.warnings),
            Err(e) => return Outcome::Failed(e),
        }
        let mut view = match audience::select(&site, &profile, self.options.drafts) {
            Ok(v) => v,
            Err(e) => return Outcome::Failed(e),
        };
        view.pdfs = site.config.pdf.enabled;
        self.out_dir = profile.out_dir(&site.root.join("output"));
        self.env = None;
        self.site = Some(site);
        self.view = Some(view);
        Outcome::Rebuilt {
            urls: None,
            elapsed: started.elapsed(),
            warnings,
        }
    }

    /// Reloads and rebuilds everything: the watcher lost track of what changed.
    pub fn rescan(&mut self) -> Outcome {
        let outcome = self.full();
        self.failed = matches!(outcome, Outcome::Failed(_));
        outcome
    }

    /// Rebuilds after `paths` changed.
    pub fn changed(&mut self, paths: &[PathBuf]) -> Outcome {
        // Events that name no file (a failed build's own writes can cause them)
        // change nothing, not even whether the last build failed: retrying on
        // them would rebuild a failing site forever.
        if paths.is_empty() {
            return Outcome::Unchanged {
                elapsed: Duration::ZERO,
            };
        }
        let outcome = self.apply(paths);
        let outcome = match outcome {
            // Undoing a broken edit restores the last good state: say so, so the
            // error shown in browsers goes away.
            Outcome::Unchanged { .. } if self.failed => self.full(),
            other => other,
        };
        self.failed = matches!(outcome, Outcome::Failed(_));
        outcome
    }

    fn apply(&mut self, paths: &[PathBuf]) -> Outcome {
        let started = Instant::now();
        let areas: BTreeSet<Area> = paths.iter().map(|p| self.area(p)).collect();
        if areas.iter().all(|a| *a == Area::Ignored) {
            return Outcome::Unchanged {
                elapsed: started.elapsed(),
            };
        }
        if let Some(outcome) = self.stylesheets_only(paths) {
            return outcome;
        }
        if areas.contains(&Area::Other) || self.site.is_none() {
            return self.full();
        }
        if areas.contains(&Area::Data) {
            // Pages that changed too are picked up by a full reload.
            return if areas.contains(&Area::Content) {
                self.full()
            } else {
                self.data_only()
            };
        }
        let started = Instant::now();
        let pages: Vec<&PathBuf> = paths
            .iter()
            .filter(|p| self.area(p) == Area::Content)
            .collect();
        let (Some(site), Some(view)) = (self.site.as_mut(), self.view.as_ref()) else {
            return self.full();
        };
        let mut edited = Vec::new();
        for path in pages {
            let Some(rel) = content_rel(&self.root, path) else {
                return self.full();
            };
            let Some(i) = site.content.page_by_rel(&rel) else {
                return self.full();
            };
            // An anonymised page is a rewritten copy: rebuild it through the pipeline.
            if view.overrides.contains_key(&i) {
                return self.full();
            }
            if !rel.ends_with(".md") || !path.is_file() {
                return self.full();
            }
            let file = Path::new(CONTENT_DIR).join(&rel);
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(_) => return self.full(),
            };
            let text = match crate::source::decode_utf8(&bytes, &file) {
                Ok(t) => t,
                Err(d) => return Outcome::Failed(vec![d]),
            };
            let section_kind = site
                .content
                .sections
                .get(&site.content.pages[i].section)
                .map(|s| s.page_kind)
                .unwrap_or_default();
            let page = match content::parse_page(&file, &rel, &text, section_kind) {
                Ok(p) => p,
                Err(e) => return Outcome::Failed(e),
            };
            let old = &site.content.pages[i];
            let same_front = format!("{:?}{:?}{}{}", page.meta, page.data, page.slug, page.url)
                == format!("{:?}{:?}{}{}", old.meta, old.data, old.slug, old.url);
            if !same_front {
                return self.full();
            }
            if page.body != old.body || page.body_line != old.body_line {
                site.content.pages[i] = page;
                edited.push(i);
            }
        }
        if edited.is_empty() {
            return Outcome::Unchanged {
                elapsed: started.elapsed(),
            };
        }
        let sink = LiveDir::new(&self.out_dir);
        match build::render_pages_only(site, view, &edited, &sink, self.env.take(), false) {
            Ok((urls, env)) => {
                self.env = Some(env);
                Outcome::Rebuilt {
                    urls: Some(urls),
                    elapsed: started.elapsed(),
                    warnings: Vec::new(),
                }
            }
            Err(e) => {
                // Put the last good pages back: the next change retries from them.
                self.site = None;
                Outcome::Failed(e)
            }
        }
    }

    fn area(&self, path: &Path) -> Area {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return Area::Ignored;
        };
        let mut parts = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let Some(first) = parts.next() else {
            return Area::Ignored;
        };
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if crate::source::is_ignored_name(&name) {
            return Area::Ignored;
        }
        match first.as_str() {
            "content" => Area::Content,
            "data" => Area::Data,
            "themes" | "templates" | "static" | "archetypes" => Area::Other,
            "site.yaml" => Area::Other,
            _ => Area::Ignored,
        }
    }
}

fn content_rel(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root.join(CONTENT_DIR)).ok()?;
    rel.to_str().map(|s| s.replace('\\', "/"))
}

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
pub fn run(
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

    #[test]
    fn events_naming_no_file_neither_rebuild_nor_forget_a_failure() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content")).expect("content dir");
        std::fs::write(
            root.join("site.yaml"),
            "title: T\nbase_url: https://t.example\n",
        )
        .expect("site.yaml");
        let page = root.join("content/_index.md");
        std::fs::write(&page, "---\ntitle: Home\nweight: heavy\n---\nHi.\n").expect("page");
        let mut engine = Engine::new(root, Options::default());
        let first = engine.changed(std::slice::from_ref(&page));
        assert!(matches!(first, Outcome::Failed(_)));
        assert!(matches!(engine.changed(&[]), Outcome::Unchanged { .. }));
        assert!(engine.failed, "the failure is remembered");
        std::fs::write(&page, "---\ntitle: Home\n---\nHi.\n").expect("fixed page");
        assert!(matches!(engine.changed(&[page]), Outcome::Rebuilt { .. }));
        assert!(!engine.failed);
    }

    fn example_site() -> tempfile::TempDir {
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
