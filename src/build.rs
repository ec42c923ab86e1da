//! The build pipeline: load -> compute -> render -> write, for each profile.
//!
//! Every profile is rendered into its staging folder first; only when all of
//! them succeeded are they swapped into place, so a failed build leaves the
//! previous output untouched.

use std::path::{Path, PathBuf};

use crate::audience;
use crate::diagnostics::Diagnostic;
use crate::output::{Discard, Mark, Sink, Staging};
use crate::render::{extras, html::Renderer};
use crate::site::{self, Site};
use crate::theme::StaticSource;

/// What to build.
#[derive(Debug, Clone, Default)]
pub(crate) struct BuildOptions {
    /// Only this profile (default: all).
    pub profile: Option<String>,
    /// Output root (default: `<root>/output`).
    pub out: Option<PathBuf>,
    /// Include drafts.
    pub drafts: bool,
    /// Write files (false for `check`).
    pub write: bool,
    /// Skip PDF one-pagers (`--no-pdf`).
    pub no_pdf: bool,
    /// Presenter PDFs of decks in every profile (`--notes`).
    pub notes: bool,
    /// Skip share images (`--no-images`).
    pub no_images: bool,
    /// Called as PDFs finish (done, total), for a progress bar.
    pub progress: Progress,
}

/// A progress callback (done, total); does nothing by default.
#[derive(Clone, Default)]
pub(crate) struct Progress(Option<std::sync::Arc<Counter>>);

/// The count of finished jobs, bumped under the same lock as the callback runs:
/// otherwise a thread that counted 4 of 5 could draw after the one that counted
/// 5 of 5 cleared the bar, leaving a stale bar on the terminal.
struct Counter {
    done: std::sync::Mutex<usize>,
    report: Box<dyn Fn(usize, usize) + Send + Sync>,
}

impl Progress {
    /// Calls `f` as work completes.
    pub(crate) fn new(f: impl Fn(usize, usize) + Send + Sync + 'static) -> Progress {
        Progress(Some(std::sync::Arc::new(Counter {
            done: std::sync::Mutex::new(0),
            report: Box::new(f),
        })))
    }

    /// Starts counting a new batch of `total` jobs from zero.
    fn start(&self) {
        if let Some(c) = &self.0 {
            *c.done
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = 0;
        }
    }

    /// Counts one more finished job of `total` and reports it, in order.
    fn finished_one(&self, total: usize) {
        if let Some(c) = &self.0 {
            let mut done = c
                .done
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            *done += 1;
            (c.report)(*done, total);
        }
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(callback)"
        } else {
            "Progress(none)"
        })
    }
}

/// How many PDFs a profile rendered and how many it reused unchanged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PdfCounts {
    /// Laid out and written.
    pub rendered: usize,
    /// Taken from the cache: inputs unchanged, no bytes written.
    pub reused: usize,
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub(crate) struct Report {
    /// Per profile: name, pages rendered, output folder.
    pub profiles: Vec<ProfileReport>,
    /// Warnings found along the way.
    pub warnings: Vec<Diagnostic>,
}

/// One profile's result.
#[derive(Debug, Clone)]
pub(crate) struct ProfileReport {
    /// Profile name (`""` for the implicit one).
    pub name: String,
    /// Pages rendered.
    pub pages: usize,
    /// Where it was written.
    pub out_dir: PathBuf,
    /// PDF one-pagers rendered and reused.
    pub pdfs: PdfCounts,
    /// What the profile showed, as rendered: the watch engine keeps it rather
    /// than selecting the pages a second time.
    pub view: audience::View,
    /// The text of each page for the search index, kept by the watch engine.
    pub search_texts: crate::render::search::PageTexts,
}

/// Builds the site under `root`. On failure, returns every diagnostic (warnings included).
pub(crate) fn build(root: &Path, options: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
    let (site, warnings) = site::load(root).map_err(|e| e.into_iter().collect::<Vec<_>>())?;
    build_site(&site, options)
        .map(|mut report| {
            report.warnings.splice(0..0, warnings.clone());
            report
        })
        .map_err(|mut errors| {
            errors.extend(warnings);
            errors
        })
}

/// Renders and writes an already loaded site.
pub(crate) fn build_site(site: &Site, options: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
    let profiles = site
        .config
        .select_profiles(options.profile.as_deref())
        .map_err(|d| vec![d])?;
    let out_root = options
        .out
        .clone()
        .unwrap_or_else(|| site.root.join("output"));
    if options.write && out_root.exists() && !out_root.is_dir() {
        return Err(vec![
            Diagnostic::error(
                relative(&site.root, &out_root),
                "the output path is a file, not a folder",
            )
            .hint("remove the file or pass --out DIR"),
        ]);
    }
    // An unmarked folder of the release before markers is replaced only in the
    // site's own output/, never in a folder named by --out.
    let adopt_unmarked = options
        .out
        .as_ref()
        .is_none_or(|out| same_folder(out, &site.root.join("output")));
    let mut errors = Vec::new();
    // Errors with the profile that found them, merged once all profiles ran.
    let mut profile_found: Vec<(Diagnostic, String)> = Vec::new();
    let mut staged: Vec<(Staging, ProfileReport)> = Vec::new();
    let mut new_images: Vec<(PathBuf, Vec<crate::render::share::Drawn>)> = Vec::new();
    let mut checked: Vec<ProfileReport> = Vec::new();
    let mut warnings: Vec<Diagnostic> = Vec::new();
    for profile in &profiles {
        let pdfs = site.config.pdf.enabled && !options.no_pdf;
        let with_notes;
        let profile = if options.notes && !profile.notes {
            with_notes = crate::config::Profile {
                notes: true,
                ..(*profile).clone()
            };
            &with_notes
        } else {
            profile
        };
        let mut view = match audience::select(site, profile, options.drafts, pdfs) {
            Ok(v) => v,
            Err(e) => {
                errors.extend(e);
                continue;
            }
        };
        view.images = options.write && !options.no_images;
        let out_dir = profile.out_dir(&out_root);
        let staging = if options.write {
            let mark = Mark {
                profile: &profile.name,
                adopt_unmarked,
            };
            match Staging::begin(&out_dir, mark) {
                Ok(s) => Some(s),
                Err(e) => {
                    errors.push(Diagnostic::error(
                        relative(&site.root, &out_dir),
                        format!("could not prepare the output folder: {e}"),
                    ));
                    continue;
                }
            }
        } else {
            None
        };
        let sink: &dyn Sink = match &staging {
            Some(s) => s,
            None => &Discard,
        };
        let mut pdfs = PdfCounts::default();
        let search_texts = crate::render::search::PageTexts::default();
        let mut images = Vec::new();
        let (profile_errors, profile_warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            render_profile(
                site,
                &view,
                sink,
                &options.progress,
                &mut pdfs,
                &search_texts,
                &mut images,
            )
            .into_iter()
            .partition(Diagnostic::is_error);
        if staging.is_some() && profile_errors.is_empty() {
            new_images.push((out_dir.clone(), images));
        }
        warnings.extend(profile_warnings);
        let report = ProfileReport {
            name: profile.name.clone(),
            pages: view.pages().count(),
            out_dir,
            pdfs,
            view,
            search_texts,
        };
        match staging {
            Some(s) if profile_errors.is_empty() => staged.push((s, report)),
            Some(s) => s.abort(),
            None => checked.push(report),
        }
        profile_found.extend(
            profile_errors
                .into_iter()
                .map(|d| (d, profile.name.clone())),
        );
    }
    errors.extend(once_per_error(profile_found, profiles.len()));
    if !errors.is_empty() {
        for (s, _) in staged {
            s.abort();
        }
        errors.extend(dedup(warnings));
        return Err(errors);
    }
    let mut report = Report {
        profiles: checked,
        warnings: dedup(warnings),
    };
    // All profiles are swapped in together: never a mix of old and new after a crash.
    let (stagings, profiles): (Vec<Staging>, Vec<ProfileReport>) = staged.into_iter().unzip();
    let out_root = profiles.first().map(|p| relative(&site.root, &p.out_dir));
    if let Err(e) = crate::output::commit_all(stagings) {
        errors.push(Diagnostic::error(
            out_root.unwrap_or_default(),
            format!("could not replace the output folder: {e}"),
        ));
    } else {
        // Only a build that succeeded fills the image cache, with its own files.
        for (out_dir, images) in &new_images {
            crate::render::share::store(&site.root, out_dir, images);
        }
    }
    report.profiles.extend(profiles);
    if errors.is_empty() {
        Ok(report)
    } else {
        Err(errors)
    }
}

/// Whether two existing paths name the same folder (a missing one has nothing to adopt).
fn same_folder(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// The same error found by several profiles is one error: one mistake in a
/// shared page is not one per edition. It names the profiles that found it
/// unless every profile did (or there is only one).
fn once_per_error(found: Vec<(Diagnostic, String)>, count: usize) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, Vec<String>)> = Vec::new();
    for (d, profile) in found {
        match merged.iter_mut().find(|(m, _)| *m == d) {
            Some((_, names)) => names.push(profile),
            None => merged.push((d, vec![profile])),
        }
    }
    merged
        .into_iter()
        .map(|(mut d, names)| {
            let named = names.iter().any(|n| !n.is_empty());
            if count > 1 && names.len() < count && named && !d.message.contains("profile `") {
                let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>();
                let word = if list.len() == 1 {
                    "profile"
                } else {
                    "profiles"
                };
                d.message = format!("{} ({word} {})", d.message, list.join(", "));
            }
            d
        })
        .collect()
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Renders one profile into `sink`; returns the errors.
pub(crate) fn render_profile(
    site: &Site,
    view: &audience::View,
    sink: &dyn Sink,
    progress: &Progress,
    pdf_counts: &mut PdfCounts,
    search_texts: &crate::render::search::PageTexts,
    images: &mut Vec<crate::render::share::Drawn>,
) -> Vec<Diagnostic> {
    // Every output file passes the audit (links, leaks) on its way to `sink`.
    let audit = crate::check::Audit::new(site, view, sink);
    let sink: &dyn Sink = &audit;
    let renderer = match Renderer::new(site, view) {
        Ok(r) => r,
        Err(e) => return e,
    };
    // Pages pass a collector on their way out: the search index is built from what they show.
    let collector = crate::render::search::Collector::new(sink, search_texts);
    let mut errors = renderer.render_pages(&collector);
    errors.extend(crate::render::dashboards::render_reviews(
        &renderer, site, view, &collector,
    ));
    if view.pdfs {
        let (diagnostics, counts) = render_pdfs(site, view, &renderer, sink, progress);
        errors.extend(diagnostics);
        *pdf_counts = counts;
    }
    // A build that already failed leaves the image cache alone (the site folder
    // of a failed build is unchanged).
    if !errors.iter().any(Diagnostic::is_error) {
        let all: Vec<usize> = view.pages().collect();
        let (diagnostics, _, drawn) = crate::render::share::render(site, view, sink, &all, false);
        errors.extend(diagnostics);
        *images = drawn;
    } else {
        crate::render::share::not_drawn(site, view, sink);
    }
    let mut write = |rel: &str, bytes: &[u8]| {
        if let Err(e) = sink.write(rel, bytes) {
            errors.push(e);
        }
    };
    write("kpis.json", extras::kpis_json(site, view).as_bytes());
    write("sitemap.xml", extras::sitemap(site, view).as_bytes());
    for (path, calendar) in extras::calendars(site, view) {
        write(&path, calendar.as_bytes());
    }
    let hidden = audience::hidden_files(site, view);
    for (path, feed) in crate::render::feeds::feeds(site, view) {
        write(&path, feed.as_bytes());
    }
    if site.config.search {
        use crate::render::search;
        let index = search::index(site, view, search_texts);
        sink.text(search::INDEX_FILE, &index);
        write(search::INDEX_FILE, index.as_bytes());
    }
    for (rel, source) in &site.theme.statics {
        if hidden.contains(rel) {
            continue;
        }
        let result = match source {
            StaticSource::Embedded(bytes) => sink.write(rel, bytes),
            StaticSource::File(path) => sink.copy(rel, path),
        };
        errors.extend(result.err());
    }
    for asset in audience::assets(site, view) {
        errors.extend(sink.copy(&asset.out, &asset.source).err());
    }
    errors.extend(audit.finish().errors);
    errors
}

/// Renders the PDF one-pager of every case study of the profile, in parallel,
/// reusing cached ones whose inputs did not change.
fn render_pdfs(
    site: &Site,
    view: &audience::View,
    renderer: &Renderer,
    sink: &dyn Sink,
    progress: &Progress,
) -> (Vec<Diagnostic>, PdfCounts) {
    let all: Vec<usize> = view.pages().collect();
    render_pdfs_of(site, view, renderer, sink, progress, &all)
}

/// Renders the PDFs of the pages `only` (those that have one).
fn render_pdfs_of(
    site: &Site,
    view: &audience::View,
    renderer: &Renderer,
    sink: &dyn Sink,
    progress: &Progress,
    only: &[usize],
) -> (Vec<Diagnostic>, PdfCounts) {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    if !only
        .iter()
        .any(|&i| view.pdf_path(&site.content, i).is_some())
    {
        return (Vec::new(), PdfCounts::default());
    }
    let pdf = match crate::render::pdf::PdfRenderer::new(site) {
        Ok(p) => p,
        Err(e) => return (e, PdfCounts::default()),
    };
    let cache = sink
        .is_disk()
        .then(|| crate::render::pdf::cache::PdfCache::new(&site.root));
    let jobs: Vec<(usize, String)> = only
        .iter()
        .filter_map(|&i| view.pdf_path(&site.content, i).map(|p| (i, p)))
        .collect();
    let total = jobs.len();
    progress.start();
    let rendered = AtomicUsize::new(0);
    let diagnostics = jobs
        .into_par_iter()
        .flat_map_iter(|(i, path)| {
            let (was_rendered, diagnostics) =
                match render_one_pdf(site, view, renderer, &pdf, cache.as_ref(), sink, i, &path) {
                    Ok(outcome) => outcome,
                    Err(errors) => {
                        // Its own error says why; a link to it is not a second one.
                        sink.failed(&path);
                        sink.failed(&crate::render::deck::notes_path(&path));
                        (false, errors)
                    }
                };
            if was_rendered {
                rendered.fetch_add(1, Ordering::Relaxed);
            }
            progress.finished_one(total);
            diagnostics
        })
        .collect::<Vec<_>>();
    let rendered = rendered.into_inner();
    (
        diagnostics,
        PdfCounts {
            rendered,
            reused: total - rendered,
        },
    )
}

/// One PDF: whether it was rendered (rather than reused from the cache), and its warnings.
#[allow(clippy::too_many_arguments)]
fn render_one_pdf(
    site: &Site,
    view: &audience::View,
    renderer: &Renderer,
    pdf: &crate::render::pdf::PdfRenderer,
    cache: Option<&crate::render::pdf::cache::PdfCache>,
    sink: &dyn Sink,
    i: usize,
    path: &str,
) -> Result<(bool, Vec<Diagnostic>), Vec<Diagnostic>> {
    let page = view.page(&site.content, i);
    if page.kind() == crate::content::Kind::Deck {
        let warnings = crate::render::deck::render_pdfs(site, view, renderer, pdf, sink, i, path)?;
        return Ok((true, warnings));
    }
    let crate::content::KindData::CaseStudy(case) = &page.data else {
        return Ok((false, Vec::new()));
    };
    let customer = crate::audience::shown_customer(site, &view.profile, case);
    let body = renderer.body_markdown(i)?;
    let url = format!("{}{}", view.profile.base_url, view.url(i));
    let marks: Vec<&str> = view
        .profile
        .watermark
        .as_deref()
        .into_iter()
        .chain(crate::render::values::approval_mark(view, case))
        .collect();
    let mark = (!marks.is_empty()).then(|| marks.join(" · "));
    let prepared = pdf
        .prepare(site, page, &customer, &body, &url, mark)
        .map_err(|d| vec![d])?;
    let missing_warnings = |missing: &[char]| {
        crate::render::pdf::fonts::missing_warnings(&page.file, &missing.iter().copied().collect())
    };
    if let Some(hit) = cache.and_then(|c| c.get(&prepared.key)) {
        sink.text(path, &hit.text);
        sink.link(path, &hit.path).map_err(|d| vec![d])?;
        let mut warnings = missing_warnings(&hit.missing);
        warnings.extend(hit.overflow.map(|o| pdf.overflow_warning(&page.file, o)));
        return Ok((false, warnings));
    }
    let out = pdf.render_prepared(&prepared).map_err(|d| vec![d])?;
    sink.text(path, &out.text);
    let stored = cache.and_then(|c| {
        c.put(
            &prepared.key,
            &out.bytes,
            &out.missing,
            &out.text,
            out.overflow,
        )
        .ok()
    });
    match stored {
        Some(cached) => sink.link(path, &cached),
        None => sink.write(path, &out.bytes),
    }
    .map_err(|d| vec![d])?;
    Ok((true, out.warnings))
}

/// The same warning found by several profiles is shown once.
fn dedup(mut warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    warnings.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    warnings.dedup();
    warnings
}

/// Re-renders only pages `indices` of a profile (HTML and PDF) into `sink`, for
/// the watch loop's body-only edits; returns the URL paths written and the
/// template environment, which the caller may pass back while only bodies change.
pub(crate) fn render_pages_only(
    site: &Site,
    view: &audience::View,
    indices: &[usize],
    sink: &dyn Sink,
    env: Option<std::sync::Arc<crate::render::html::Environment>>,
    extras: bool,
    search_texts: Option<&crate::render::search::PageTexts>,
) -> Result<
    (
        Vec<String>,
        std::sync::Arc<crate::render::html::Environment>,
    ),
    Vec<Diagnostic>,
> {
    let renderer = match env {
        Some(env) => Renderer::with_environment(site, view, env),
        None => Renderer::new(site, view)?,
    };
    // The leak audit covers partial rebuilds too (links need the whole profile:
    // full builds), and before anything reaches `sink`: it is the live folder.
    let held = crate::output::Held::new(sink);
    let audit = crate::check::Audit::new(site, view, &held);
    // The index is rewritten from the build's page texts with the re-rendered
    // pages' over them; those replace the build's only once written.
    let newer = crate::render::search::PageTexts::default();
    let texts = search_texts.filter(|_| site.config.search);
    let collector = crate::render::search::Collector::new(&audit, &newer);
    let sink: &dyn Sink = &collector;
    let mut errors = Vec::new();
    let mut urls = Vec::new();
    for &i in indices.iter().filter(|&&i| view.includes(i)) {
        match renderer.render_page(i) {
            Ok(html) => {
                let url = view.url(i).to_string();
                errors.extend(
                    sink.write(&crate::render::html::url_to_file(&url), html.as_bytes())
                        .err(),
                );
                urls.push(url);
            }
            Err(e) => errors.extend(e),
        }
        if let Some(pdf) = view.pdf_path(&site.content, i) {
            urls.push(format!("/{pdf}"));
        }
    }
    if view.pdfs {
        let (diagnostics, _) =
            render_pdfs_of(site, view, &renderer, sink, &Progress::default(), indices);
        errors.extend(diagnostics);
    }
    // A case study's images change with its front matter and data; only the
    // changed ones are written.
    let (diagnostics, written, _) = crate::render::share::render(site, view, sink, indices, true);
    errors.extend(diagnostics);
    urls.extend(written.iter().map(|p| format!("/{p}")));
    if extras {
        // Data changed: the KPIs file changes with it.
        errors.extend(
            sink.write("kpis.json", extras::kpis_json(site, view).as_bytes())
                .err(),
        );
        urls.push("/kpis.json".to_string());
        // The weekly reviews read customers, the stand-up and the snapshots.
        errors.extend(crate::render::dashboards::render_reviews(
            &renderer, site, view, sink,
        ));
        urls.extend(
            crate::render::dashboards::review_files(site, view)
                .iter()
                .map(|f| format!("/{}", f.trim_end_matches("index.html"))),
        );
    }
    if let Some(texts) = texts {
        let index = crate::render::search::index_over(site, view, texts, &newer);
        sink.text(crate::render::search::INDEX_FILE, &index);
        errors.extend(
            sink.write(crate::render::search::INDEX_FILE, index.as_bytes())
                .err(),
        );
        urls.push(format!("/{}", crate::render::search::INDEX_FILE));
    }
    errors.extend(audit.finish_leaks());
    if errors.iter().any(Diagnostic::is_error) {
        return Err(errors);
    }
    held.commit().map_err(|d| vec![d])?;
    if let Some(texts) = texts {
        texts.update(newer);
    }
    Ok((urls, renderer.environment()))
}

/// After a `data/` change: the pages of a profile whose template (with its
/// parents and includes) or body reads data-derived values, which alone need
/// re-rendering (with `render_pages_only(.., extras: true)`).
pub(crate) fn pages_using_data(
    site: &Site,
    view: &audience::View,
) -> Result<Vec<usize>, Vec<Diagnostic>> {
    const DATA_NAMES: [&str; 8] = [
        "data",
        "kpis",
        "kpi_list",
        "kpi_history",
        "charts",
        "standup_days",
        "implementations",
        "pipeline_board",
    ];
    let renderer = Renderer::new(site, view)?;
    Ok(view
        .pages()
        .filter(|&i| {
            let page = view.page(&site.content, i);
            // A case study's stage, ACV and answer come from data/customers.yaml.
            page.kind() == crate::content::Kind::CaseStudy
                || renderer.template_reads(i, &DATA_NAMES)
                || DATA_NAMES.iter().any(|n| page.body.contains(n))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_every_profile_finds_is_one_and_one_only_some_find_names_them() {
        let shared = Diagnostic::error("content/a.md", "`x` is not defined").at(3, 4);
        let leak = Diagnostic::error("output/b.html", "contains `Acme`");
        let found = vec![
            (shared.clone(), "internal".to_string()),
            (shared.clone(), "public".to_string()),
            (leak.clone(), "public".to_string()),
            (shared.clone(), "investors".to_string()),
        ];
        let merged = once_per_error(found, 3);
        let messages: Vec<&str> = merged.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["`x` is not defined", "contains `Acme` (profile `public`)"]
        );
    }

    #[test]
    fn the_progress_bar_is_drawn_in_count_order_so_the_last_draw_is_the_clear() {
        let drawn = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = drawn.clone();
        let progress = Progress::new(move |done, total| {
            // A slow terminal: widens the window between counting and drawing.
            std::thread::yield_now();
            log.lock().unwrap().push((done, total));
        });
        progress.start();
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..200 {
                        progress.finished_one(1600);
                    }
                });
            }
        });
        let drawn = drawn.lock().unwrap();
        let order: Vec<usize> = drawn.iter().map(|d| d.0).collect();
        assert_eq!(order, (1..=1600).collect::<Vec<_>>());
    }
}
