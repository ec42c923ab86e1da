//! The build pipeline: load -> compute -> render -> write, for each profile.
//!
//! Every profile is rendered into its staging folder first; only when all of
//! them succeeded are they swapped into place, so a failed build leaves the
//! previous output untouched.

use std::path::{Path, PathBuf};

use crate::audience;
use crate::diagnostics::Diagnostic;
use crate::output::{Discard, Sink, Staging};
use crate::render::{extras, html::Renderer, theme::StaticSource};
use crate::site::{self, Site};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
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
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Per profile: name, pages rendered, output folder.
    pub profiles: Vec<ProfileReport>,
    /// Warnings found along the way.
    pub warnings: Vec<Diagnostic>,
}

/// One profile's result.
#[derive(Debug, Clone)]
pub struct ProfileReport {
    /// Profile name (`""` for the implicit one).
    pub name: String,
    /// Pages rendered.
    pub pages: usize,
    /// Where it was written.
    pub out_dir: PathBuf,
}

/// Builds the site under `root`. On failure, returns every diagnostic (warnings included).
pub fn build(root: &Path, options: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
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
pub fn build_site(site: &Site, options: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
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
    let mut errors = Vec::new();
    let mut staged: Vec<(Staging, ProfileReport)> = Vec::new();
    let mut checked: Vec<ProfileReport> = Vec::new();
    let mut warnings: Vec<Diagnostic> = Vec::new();
    for profile in &profiles {
        let view = match audience::select(site, profile, options.drafts) {
            Ok(mut v) => {
                v.pdfs = site.config.pdf.enabled && !options.no_pdf;
                v
            }
            Err(e) => {
                errors.extend(e);
                continue;
            }
        };
        let out_dir = profile.out_dir(&out_root);
        let staging = if options.write {
            match Staging::begin(&out_dir) {
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
        let (profile_errors, profile_warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            render_profile(site, &view, sink)
                .into_iter()
                .partition(Diagnostic::is_error);
        warnings.extend(profile_warnings);
        let report = ProfileReport {
            name: profile.name.clone(),
            pages: view.pages().count(),
            out_dir,
        };
        match staging {
            Some(s) if profile_errors.is_empty() => staged.push((s, report)),
            Some(s) => s.abort(),
            None => checked.push(report),
        }
        errors.extend(
            profile_errors
                .into_iter()
                .map(|d| in_profile(d, &profile.name, profiles.len())),
        );
    }
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
    for (staging, profile) in staged {
        if options.write {
            let out_dir = profile.out_dir.clone();
            if let Err(e) = staging.commit() {
                errors.push(Diagnostic::error(
                    relative(&site.root, &out_dir),
                    format!("could not replace the output folder: {e}"),
                ));
            }
        }
        report.profiles.push(profile);
    }
    if errors.is_empty() {
        Ok(report)
    } else {
        Err(errors)
    }
}

fn in_profile(mut d: Diagnostic, profile: &str, count: usize) -> Diagnostic {
    if count > 1 && !profile.is_empty() && !d.message.contains("profile") {
        d.message = format!("{} (profile `{profile}`)", d.message);
    }
    d
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Renders one profile into `sink`; returns the errors.
pub fn render_profile(site: &Site, view: &audience::View, sink: &dyn Sink) -> Vec<Diagnostic> {
    let renderer = match Renderer::new(site, view) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let mut errors = renderer.render_pages(sink);
    if view.pdfs {
        errors.extend(render_pdfs(site, view, &renderer, sink));
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
    for (rel, source) in &site.theme.statics {
        let result = match source {
            StaticSource::Embedded(bytes) => sink.write(rel, bytes),
            StaticSource::File(path) => sink.copy(rel, path),
        };
        errors.extend(result.err());
    }
    for asset in &site.content.assets {
        errors.extend(sink.copy(&asset.out, &asset.source).err());
    }
    errors
}

/// Renders the PDF one-pager of every case study of the profile, in parallel.
fn render_pdfs(
    site: &Site,
    view: &audience::View,
    renderer: &Renderer,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let pdf = match crate::render::pdf::PdfRenderer::new(site) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let jobs: Vec<(usize, String)> = view
        .pages()
        .filter_map(|i| view.pdf_path(&site.content, i).map(|p| (i, p)))
        .collect();
    jobs.into_par_iter()
        .flat_map_iter(|(i, path)| {
            let page = view.page(&site.content, i);
            let crate::content::KindData::CaseStudy(case) = &page.data else {
                return Vec::new();
            };
            let customer = crate::render::values::shown_customer(case, view);
            let body = match renderer.body_markdown(i) {
                Ok(b) => b,
                Err(e) => return e,
            };
            let url = format!("{}{}", view.profile.base_url, view.url(i));
            match pdf.render(site, page, &customer, &body, &url) {
                Ok(rendered) => {
                    let mut out: Vec<Diagnostic> = rendered.warnings;
                    out.extend(sink.write(&path, &rendered.bytes).err());
                    out
                }
                Err(e) => vec![e],
            }
        })
        .collect()
}

/// The same warning found by several profiles is shown once.
fn dedup(mut warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    warnings.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    warnings.dedup();
    warnings
}
