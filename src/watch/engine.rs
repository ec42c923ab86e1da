//! The rebuild rules: which edit re-renders what.
//!
//! The engine keeps the last good `Site` and the profile's `View` in memory
//! and, for each batch of changed paths, does the least work that is still
//! correct:
//! - a page whose body alone changed (front matter, slug and kind identical) is
//!   re-parsed and only that page (and its PDF) re-rendered into the live output;
//! - a change under `data/` alone reloads the data and KPIs and re-renders the
//!   pages that read them (case studies always) and `kpis.json`;
//! - stylesheets alone among the static files are copied into the live output;
//! - a save that changes nothing rewrites nothing, and neither does an event
//!   naming no file;
//! - anything else (front matter, new/deleted/renamed files, templates, theme,
//!   other static files, `site.yaml`) and a rescan reload the site and rebuild
//!   the profile through the normal pipeline, which swaps the output atomically.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::Options;
use crate::audience::{self, View};
use crate::build::{self, BuildOptions};
use crate::content::{self, CONTENT_DIR};
use crate::diagnostics::Diagnostic;
use crate::output::LiveDir;
use crate::site::{self, Site};

/// The result of one rebuild.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
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
pub(crate) struct Engine {
    root: PathBuf,
    options: Options,
    site: Option<Site>,
    view: Option<View>,
    out_dir: PathBuf,
    failed: bool,
    /// Template environment of the current site, kept while only bodies change.
    env: Option<std::sync::Arc<crate::render::html::Environment>>,
    /// Every page's text from the last build, for the search index partial rebuilds rewrite.
    search_texts: Option<crate::render::search::PageTexts>,
}

impl Engine {
    /// An engine for the site at `root`; nothing is built until [`Engine::full`].
    pub(crate) fn new(root: &Path, options: Options) -> Engine {
        Engine {
            root: root.to_path_buf(),
            options,
            site: None,
            view: None,
            out_dir: root.join("output"),
            failed: false,
            env: None,
            search_texts: None,
        }
    }

    /// The output folder being served (valid after a successful build).
    pub(crate) fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Loads everything and builds the profile.
    pub(crate) fn full(&mut self) -> Outcome {
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
        let (kpis, warnings) =
            match crate::kpis::compute_with(&data, &site.config.pipeline, &site.config.text) {
                Ok(k) => k,
                Err(e) => return Outcome::Failed(e),
            };
        let mut site = site.clone();
        site.data = data;
        site.kpis = kpis;
        let Some(old_view) = self.view.as_ref() else {
            return self.full();
        };
        let mut view =
            match audience::select(&site, &old_view.profile, self.options.drafts, old_view.pdfs) {
                Ok(v) => v,
                Err(e) => return Outcome::Failed(e),
            };
        view.images = old_view.images;
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
        let texts = self.search_texts.as_ref();
        match build::render_pages_only(&site, &view, &pages, &sink, None, true, texts) {
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
        let theme = crate::theme::load(&self.root, &site.config).ok()?;
        let view = self.view.as_ref()?;
        let live = LiveDir::new(&self.out_dir);
        // Stylesheets pass the leak audit before they reach the live folder.
        let held = crate::output::Held::new(&live);
        let audit = crate::check::Audit::new(site, view, &held);
        let sink: &dyn crate::output::Sink = &audit;
        let mut urls = Vec::new();
        for name in names {
            let result = match theme.statics.get(&name)? {
                crate::theme::StaticSource::Embedded(bytes) => sink.write(&name, bytes),
                crate::theme::StaticSource::File(source) => sink.copy(&name, source),
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

    /// Builds the profile from `site` and keeps it, and the view the build
    /// selected, as the last good ones.
    fn build(&mut self, site: Site, mut warnings: Vec<Diagnostic>, started: Instant) -> Outcome {
        let profile = self
            .options
            .profile
            .clone()
            .unwrap_or_else(|| site.config.default_profile().name.clone());
        let options = BuildOptions {
            profile: Some(profile),
            drafts: self.options.drafts,
            write: true,
            ..Default::default()
        };
        let report = match build::build_site(&site, &options) {
            Ok(report) => report,
            Err(e) => return Outcome::Failed(e),
        };
        warnings.extend(report.warnings);
        // One profile was asked for, so the build reports exactly one.
        let Some(built) = report.profiles.into_iter().next() else {
            return Outcome::Failed(vec![Diagnostic::error(
                "",
                "the build reported no profile to watch",
            )]);
        };
        self.out_dir = built.out_dir;
        self.env = None;
        self.search_texts = Some(built.search_texts);
        self.site = Some(site);
        self.view = Some(built.view);
        Outcome::Rebuilt {
            urls: None,
            elapsed: started.elapsed(),
            warnings,
        }
    }

    /// Reloads and rebuilds everything: the watcher lost track of what changed.
    pub(crate) fn rescan(&mut self) -> Outcome {
        let outcome = self.full();
        self.failed = matches!(outcome, Outcome::Failed(_));
        outcome
    }

    /// Rebuilds after `paths` changed.
    pub(crate) fn changed(&mut self, paths: &[PathBuf]) -> Outcome {
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
            // A deck's slides are read from its body: a body edit may change them.
            let same_data = page.data == old.data
                || (page.kind() == content::Kind::Deck && old.kind() == content::Kind::Deck);
            let same_front =
                page.meta == old.meta && same_data && page.slug == old.slug && page.url == old.url;
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
        let texts = self.search_texts.as_ref();
        match build::render_pages_only(site, view, &edited, &sink, self.env.take(), false, texts) {
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

#[cfg(test)]
mod tests {
    //! The rules are called directly with the paths a watcher would report,
    //! on a copy of the example site: no watcher, no timing.

    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::watch::fixture::example_site;

    /// A copy of the example site with its `internal` profile built.
    fn built() -> (tempfile::TempDir, PathBuf, Engine) {
        let tmp = example_site();
        let root = tmp.path().canonicalize().unwrap();
        let mut engine = Engine::new(
            &root,
            Options {
                profile: Some("internal".into()),
                ..Options::default()
            },
        );
        let first = engine.full();
        assert!(
            matches!(first, Outcome::Rebuilt { urls: None, .. }),
            "{first:?}"
        );
        (tmp, root, engine)
    }

    /// Something that changes whenever a file is written again: the live
    /// folder is written through a temporary file renamed into place, so a
    /// rewritten file is a new file.
    #[cfg(unix)]
    fn identity(meta: &std::fs::Metadata) -> u128 {
        use std::os::unix::fs::MetadataExt;
        u128::from(meta.ino())
    }

    #[cfg(not(unix))]
    fn identity(meta: &std::fs::Metadata) -> u128 {
        meta.modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos())
    }

    fn identities(dir: &Path, prefix: &str, out: &mut BTreeMap<String, u128>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                identities(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name, identity(&meta));
            }
        }
    }

    /// The engine's outcome for `paths`, and the output files it rewrote.
    fn change(engine: &mut Engine, paths: &[PathBuf]) -> (Outcome, BTreeSet<String>) {
        let mut before = BTreeMap::new();
        identities(engine.out_dir(), "", &mut before);
        let outcome = engine.changed(paths);
        let mut after = BTreeMap::new();
        identities(engine.out_dir(), "", &mut after);
        let rewritten = after
            .into_iter()
            .filter(|(file, id)| before.get(file) != Some(id))
            .map(|(file, _)| file)
            .collect();
        (outcome, rewritten)
    }

    /// The URLs of a partial rebuild (panics on anything else).
    fn urls(outcome: &Outcome) -> Vec<String> {
        match outcome {
            Outcome::Rebuilt {
                urls: Some(urls), ..
            } => urls.clone(),
            other => panic!("expected a partial rebuild, got {other:?}"),
        }
    }

    /// The output files behind `urls` (`/a/` is `a/index.html`).
    fn files_of(urls: &[String]) -> BTreeSet<String> {
        urls.iter()
            .map(|u| {
                if u.ends_with('/') {
                    crate::render::html::url_to_file(u)
                } else {
                    u.trim_start_matches('/').to_string()
                }
            })
            .collect()
    }

    fn append(path: &Path, text: &str) {
        let old = std::fs::read_to_string(path).unwrap();
        std::fs::write(path, format!("{old}\n{text}\n")).unwrap();
    }

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

    #[test]
    fn a_body_only_edit_rerenders_that_page_alone() {
        let (_tmp, root, mut engine) = built();
        let page = root.join("content/plans/week-10.md");
        append(&page, "A sentence added while watching.");
        let (outcome, rewritten) = change(&mut engine, &[page]);
        // The search index holds the page's text: it is rewritten with it.
        assert_eq!(urls(&outcome), ["/plans/week-10/", "/search-index.js"]);
        assert_eq!(rewritten, files_of(&urls(&outcome)));
        let html =
            std::fs::read_to_string(engine.out_dir().join("plans/week-10/index.html")).unwrap();
        assert!(html.contains("A sentence added while watching."));
    }

    #[test]
    fn a_case_study_body_edit_rerenders_its_page_and_its_pdf() {
        let (_tmp, root, mut engine) = built();
        let page = root.join("content/case-studies/northwind-logistics.md");
        append(&page, "One more paragraph about the rollout.");
        let (outcome, rewritten) = change(&mut engine, &[page]);
        assert_eq!(
            urls(&outcome),
            [
                "/case-studies/northwind-logistics/",
                "/case-studies/northwind-logistics.pdf",
                "/search-index.js"
            ]
        );
        assert_eq!(rewritten, files_of(&urls(&outcome)));
    }

    #[test]
    fn a_deck_body_edit_rerenders_its_slide_view_and_its_pdf() {
        let (_tmp, root, mut engine) = built();
        let page = root.join("content/investors/deck.md");
        append(&page, "---\n\n<!-- layout: section -->\n## One more slide");
        let (outcome, rewritten) = change(&mut engine, &[page]);
        assert_eq!(
            urls(&outcome),
            [
                "/investors/deck/",
                "/investors/deck.pdf",
                "/search-index.js"
            ]
        );
        assert_eq!(rewritten, files_of(&urls(&outcome)));
        let html =
            std::fs::read_to_string(engine.out_dir().join("investors/deck/index.html")).unwrap();
        assert!(html.contains("One more slide"));
    }

    #[test]
    fn a_data_edit_rerenders_the_deck_and_its_pdf() {
        let (_tmp, root, mut engine) = built();
        let data = root.join("data/customers.yaml");
        let text = std::fs::read_to_string(&data).unwrap();
        std::fs::write(&data, text.replacen("acv: 50000", "acv: 51000", 1)).unwrap();
        let (outcome, rewritten) = change(&mut engine, &[data]);
        let urls = urls(&outcome);
        for url in ["/investors/deck/", "/investors/deck.pdf"] {
            assert!(urls.contains(&url.to_string()), "{url} not in {urls:?}");
        }
        assert_eq!(rewritten, files_of(&urls));
    }

    #[test]
    fn a_save_without_changes_or_an_ignored_file_rewrites_nothing() {
        let (_tmp, root, mut engine) = built();
        let page = root.join("content/plans/week-10.md");
        let same = std::fs::read(&page).unwrap();
        std::fs::write(&page, same).unwrap();
        let (outcome, rewritten) = change(&mut engine, &[page]);
        assert!(matches!(outcome, Outcome::Unchanged { .. }), "{outcome:?}");
        assert_eq!(rewritten, BTreeSet::new());
        let swap = root.join("content/plans/.week-10.md.swp");
        std::fs::write(&swap, "editor state").unwrap();
        let (outcome, rewritten) = change(&mut engine, &[swap, root.join("output/x.html")]);
        assert!(matches!(outcome, Outcome::Unchanged { .. }), "{outcome:?}");
        assert_eq!(rewritten, BTreeSet::new());
    }

    #[test]
    fn a_data_edit_rerenders_the_pages_that_read_data_case_studies_included() {
        let (_tmp, root, mut engine) = built();
        let pages = engine.view.as_ref().unwrap().pages().count();
        append(&root.join("data/economics.yaml"), "# reviewed");
        let (outcome, rewritten) = change(&mut engine, &[root.join("data/economics.yaml")]);
        let urls = urls(&outcome);
        for url in [
            "/kpis.json",
            "/case-studies/northwind-logistics/",
            "/case-studies/northwind-logistics.pdf",
            "/case-studies/harbor-and-pine/",
            "/case-studies/cascade-provisions/",
        ] {
            assert!(urls.contains(&url.to_string()), "{url} not in {urls:?}");
        }
        assert!(
            !urls.contains(&"/playbooks/reference-call-script/".to_string()),
            "a page that reads no data is left alone: {urls:?}"
        );
        // Weekly reviews are generated pages beside the content pages.
        let content_pages = urls
            .iter()
            .filter(|u| u.ends_with('/') && !u.ends_with("/review/"))
            .count();
        assert!(content_pages < pages, "{urls:?}");
        assert_eq!(rewritten, files_of(&urls));
    }

    #[test]
    fn a_new_snapshot_rerenders_the_pages_that_read_kpi_history() {
        let (_tmp, root, mut engine) = built();
        let page = root.join("content/playbooks/trend.md");
        std::fs::write(
            &page,
            "---\ntitle: Trend\n---\nARR snapshots: {{ kpi_history.arr | length }}.\n",
        )
        .unwrap();
        change(&mut engine, std::slice::from_ref(&page));
        let history = root.join("data/kpi_history.csv");
        let old = std::fs::read_to_string(&history).unwrap();
        std::fs::write(&history, format!("{old}2026-02-20,arr,125000\n")).unwrap();
        let (outcome, _) = change(&mut engine, &[history]);
        assert!(urls(&outcome).contains(&"/playbooks/trend/".to_string()));
        let html = std::fs::read_to_string(engine.out_dir().join("playbooks/trend/index.html"));
        assert!(html.unwrap().contains("ARR snapshots: 4."));
    }

    #[test]
    fn a_stylesheet_edit_copies_the_stylesheet_alone() {
        let (_tmp, root, mut engine) = built();
        let css = root.join("themes/default/static/css/site.css");
        append(&css, "body { outline: 1px solid red; }");
        let (outcome, rewritten) = change(&mut engine, std::slice::from_ref(&css));
        assert_eq!(urls(&outcome), ["/css/site.css"]);
        assert_eq!(rewritten, files_of(&urls(&outcome)));
        assert_eq!(
            std::fs::read(engine.out_dir().join("css/site.css")).unwrap(),
            std::fs::read(&css).unwrap()
        );
    }

    #[test]
    fn front_matter_template_and_configuration_edits_rebuild_the_profile() {
        let (_tmp, root, mut engine) = built();
        let page = root.join("content/plans/week-10.md");
        let text = std::fs::read_to_string(&page).unwrap();
        let reweighted = text.replacen("weight: 10", "weight: 11", 1);
        assert_ne!(text, reweighted);
        std::fs::write(&page, reweighted).unwrap();
        let template = root.join("themes/default/templates/base.html");
        append(&template, "<!-- edited -->");
        for path in [page, template, root.join("site.yaml")] {
            let outcome = engine.changed(std::slice::from_ref(&path));
            assert!(
                matches!(outcome, Outcome::Rebuilt { urls: None, .. }),
                "{}: {outcome:?}",
                path.display()
            );
        }
    }

    #[test]
    fn a_rescan_rebuilds_everything_and_finds_changes_nobody_reported() {
        let (_tmp, root, mut engine) = built();
        append(
            &root.join("content/plans/week-11.md"),
            "A sentence nobody was told about.",
        );
        let outcome = engine.rescan();
        assert!(
            matches!(outcome, Outcome::Rebuilt { urls: None, .. }),
            "{outcome:?}"
        );
        let html =
            std::fs::read_to_string(engine.out_dir().join("plans/week-11/index.html")).unwrap();
        assert!(html.contains("A sentence nobody was told about."));
    }
}
