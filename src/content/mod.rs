//! The content stage: walk `content/`, split and parse every page into the
//! typed model, and give each page its URL.
//!
//! Loading never renders; it produces plain data (`Content`) that every later
//! stage and every profile reads without touching the disk again.

pub mod deck;
mod foreign_syntax;
pub mod front_matter;
pub mod kinds;
mod toml_front;
mod typed_front;
mod unknown_keys;
pub mod video;
pub mod visit;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use kinds::{
    Approval, Better, CaseStudy, Kind, KindData, Meta, Stage, Status, Visibility, WeekPlan,
};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source;

/// Folder of Markdown pages under the site root.
pub(crate) const CONTENT_DIR: &str = "content";

/// One Markdown page, parsed.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to `content/` with `/` separators (`plans/week-10.md`).
    pub rel: String,
    /// Path relative to the site root (`content/plans/week-10.md`), for messages.
    pub file: PathBuf,
    /// Section path (`plans`, `""` for the root).
    pub section: String,
    /// True for a section's `_index.md`.
    pub is_index: bool,
    /// Common front matter.
    pub meta: Meta,
    /// Kind and its fields.
    pub data: KindData,
    /// The front matter as written (YAML between the fences, starting on line 2
    /// of the file), kept so checks can point at a field's line without
    /// reading the file again.
    pub front: String,
    /// Markdown (a Tera template unless `render: false`).
    pub body: String,
    /// Line of the file where the body starts.
    pub body_line: usize,
    /// Last URL segment.
    pub slug: String,
    /// Site-relative URL with leading and trailing `/` (`/plans/week-10/`).
    pub url: String,
    /// Warnings found while parsing (deprecated keys), reported by the loader.
    pub warnings: Vec<Diagnostic>,
}

impl Page {
    /// The page's kind.
    pub(crate) fn kind(&self) -> Kind {
        self.data.kind()
    }
}

/// A folder of `content/`.
#[derive(Debug, Clone)]
pub struct Section {
    /// Path relative to `content/` (`plans`; `""` for the root).
    pub path: String,
    /// Index of its `_index.md` in `Content::pages`, if it has one.
    pub index: Option<usize>,
    /// Its pages (not sub-sections' pages), ordered by weight, date, title.
    pub pages: Vec<usize>,
    /// Default kind of its pages.
    pub page_kind: Kind,
    /// URL of the section.
    pub url: String,
}

/// A file in `content/` that is not a page (an image beside its page): copied as is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path on disk.
    pub source: PathBuf,
    /// Output path relative to the profile root.
    pub out: String,
}

/// Everything under `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// All pages, drafts included, sorted by `rel`.
    pub pages: Vec<Page>,
    /// Sections by path.
    pub sections: BTreeMap<String, Section>,
    /// Non-Markdown files to copy.
    pub assets: Vec<Asset>,
}

impl Content {
    /// Page whose `rel` path is `rel`.
    pub fn page_by_rel(&self, rel: &str) -> Option<usize> {
        self.pages
            .binary_search_by(|p| p.rel.as_str().cmp(rel))
            .ok()
    }
}

/// Walks and parses `content/` under `root`; warnings are returned beside the content.
pub(crate) fn load(root: &Path) -> Result<(Content, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Diagnostics::default();
    let (md_files, assets) = walk(root, &mut diags);

    // `_index.md` first: a section's `page_kind` decides how its pages parse.
    let (indexes, others): (Vec<_>, Vec<_>) = md_files.into_iter().partition(|rel| is_index(rel));
    let parse_all =
        |rels: Vec<String>, kinds: &BTreeMap<String, Kind>| -> Vec<Result<Page, Vec<Diagnostic>>> {
            rels.into_par_iter()
                .map(|rel| {
                    let kind = kinds.get(section_of(&rel)).copied().unwrap_or_default();
                    load_page(root, &rel, kind)
                })
                .collect()
        };
    let mut pages = Vec::new();
    for result in parse_all(indexes, &BTreeMap::new()) {
        match result {
            Ok(p) => pages.push(p),
            Err(e) => diags.extend(e),
        }
    }
    let page_kinds: BTreeMap<String, Kind> = pages
        .iter()
        .filter_map(|p| p.meta.page_kind.map(|k| (p.section.clone(), k)))
        .collect();
    for result in parse_all(others, &page_kinds) {
        match result {
            Ok(p) => pages.push(p),
            Err(e) => diags.extend(e),
        }
    }
    for p in &mut pages {
        diags.extend(std::mem::take(&mut p.warnings));
    }
    pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    check_unique_urls(&pages, &mut diags);
    check_segment_lengths(&pages, &assets, root, &mut diags);
    check_asset_paths(root, &pages, &assets, &mut diags);
    check_section_names(&pages, &mut diags);
    let sections = build_sections(&pages, &page_kinds);
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    Ok((
        Content {
            pages,
            sections,
            assets,
        },
        diags.sorted(),
    ))
}

fn is_index(rel: &str) -> bool {
    rel == "_index.md" || rel.ends_with("/_index.md")
}

fn section_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// Collects Markdown files (relative paths) and assets, refusing symlinks that leave the root.
fn walk(root: &Path, diags: &mut Diagnostics) -> (Vec<String>, Vec<Asset>) {
    let content = root.join(CONTENT_DIR);
    let mut md = Vec::new();
    let mut assets = Vec::new();
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(CONTENT_DIR, "the site has no `content/` folder")
                .hint("create content/_index.md, or run `traction init`"),
        );
        return (md, assets);
    }
    let canonical_root = source::canonical_root(root);
    let mut walker = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !source::is_ignored_name(&e.file_name().to_string_lossy())
        });
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(&content);
                let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                let msg = if err.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else {
                    format!("could not read: {err}")
                };
                diags.push(Diagnostic::error(rel, msg).hint("remove the link or fix its target"));
                continue;
            }
        };
        let path = entry.path();
        let rel_to_root = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        if entry.path_is_symlink() && !source::resolves_inside(path, &canonical_root) {
            diags.push(source::link_outside_root(
                &rel_to_root,
                "copy the file into the site instead of linking to it",
            ));
            // A linked folder: report the link once, never walk what is outside.
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = path.strip_prefix(&content) else {
            continue;
        };
        // Only Windows separates with `\`; elsewhere it is a character of the name.
        let Some(rel) = rel.to_str().map(|s| {
            if std::path::MAIN_SEPARATOR == '\\' {
                s.replace('\\', "/")
            } else {
                s.to_string()
            }
        }) else {
            diags.push(
                Diagnostic::error(rel_to_root, "file name is not valid UTF-8")
                    .hint("rename the file using UTF-8 characters"),
            );
            continue;
        };
        if rel.ends_with(".md") {
            md.push(rel);
        } else {
            let out = rel
                .split('/')
                .map(slugify_segment)
                .collect::<Vec<_>>()
                .join("/");
            assets.push(Asset {
                source: path.to_path_buf(),
                out,
            });
        }
    }
    (md, assets)
}

/// Reads and parses one page; `kind` is the section's default kind.
fn load_page(root: &Path, rel: &str, section_kind: Kind) -> Result<Page, Vec<Diagnostic>> {
    let file = Path::new(CONTENT_DIR).join(rel);
    let path = root.join(&file);
    let text = source::read_text(&path, &file, source::MAX_PAGE_BYTES).map_err(|e| {
        vec![match e {
            source::ReadError::TooLarge(d) => {
                d.hint("split the page into several pages, or link to the document from static/")
            }
            source::ReadError::Io(e) => {
                crate::diagnostics::io_error(&path, root, "read the page", &e)
            }
            source::ReadError::NotText(d) => d,
        }]
    })?;
    parse_page(&file, rel, &text, section_kind)
}

/// Parses the text of one page (`rel` relative to `content/`).
pub fn parse_page(
    file: &Path,
    rel: &str,
    raw: &str,
    section_kind: Kind,
) -> Result<Page, Vec<Diagnostic>> {
    let text = source::normalize(raw);
    let split =
        front_matter::split(&text).map_err(|front_matter::SplitError::Unclosed(format)| {
            let fence = format.fence();
            vec![
                Diagnostic::error(
                    file,
                    format!("front matter opened with `{fence}` is never closed"),
                )
                .at(1, 1)
                .with_source(&text)
                .expected(format!("a line `{fence}` after the front matter"))
                .hint(format!(
                    "add a `{fence}` line between the front matter and the Markdown"
                )),
            ]
        })?;
    let Some(front) = split.front else {
        return Err(vec![
            Diagnostic::error(file, "the page has no front matter")
                .at(1, 1)
                .with_source(&text)
                .expected("`---`, then `title: ...`, then `---` at the top of the file (or TOML between `+++` lines)")
                .hint("every page needs at least a title"),
        ]);
    };
    if front.trim().is_empty() {
        return Err(vec![
            Diagnostic::error(file, "the front matter is empty")
                .at(split.front_line, 1)
                .expected("at least `title: ...`")
                .hint("add a title between the `---` lines"),
        ]);
    }
    let is_index = is_index(rel);
    let kind = match front_matter::explicit_kind(front) {
        Some(k) => k,
        None if is_index => Kind::Page,
        None => section_kind,
    };
    let line = split.front_line;
    let place = typed_front::Place {
        file,
        first_line: line,
        text: &text,
    };
    let format = split.format;
    let (meta, data, problems) = match kind {
        Kind::Page => typed_front::parse::<kinds::PageFront>(format, front, &place)?.into_parts(),
        Kind::CaseStudy => {
            typed_front::parse::<kinds::CaseStudyFront>(format, front, &place)?.into_parts()
        }
        Kind::WeekPlan => {
            typed_front::parse::<kinds::WeekPlanFront>(format, front, &place)?.into_parts()
        }
        Kind::Deck => typed_front::parse::<deck::DeckFront>(format, front, &place)?
            .into_parts(rel, split.body),
    };
    let locate = |field: &str, message: String| {
        let at = front_matter::field_line(front, format, field).map_or(0, |l| l + line - 1);
        Diagnostic::error(file, message)
            .at(at, 1)
            .with_source(&text)
    };
    let mut errors: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| {
            let d = locate(p.field, p.message).expected(p.expected);
            // An entry of a list field: its own line, the first after the key that names it.
            let entry_line = p
                .near
                .as_deref()
                .filter(|n| !n.is_empty())
                .and_then(|near| {
                    let key = front_matter::field_line(front, format, p.field)?;
                    front
                        .lines()
                        .enumerate()
                        .skip(key)
                        .find(|(_, l)| l.contains(near))
                        .map(|(i, _)| i + line)
                });
            match entry_line {
                Some(at) => d.at(at, 1).with_source(&text),
                None => d,
            }
        })
        .collect();
    let mut data = data;
    let mut warnings = Vec::new();
    match &mut data {
        KindData::CaseStudy(c) if c.legacy_nps_key => warnings.push(
            Diagnostic::warning(
                file,
                "`nps:` is deprecated: it is the customer's 0-10 answer, not a Net Promoter Score",
            )
            .at(
                front_matter::field_line(front, format, "nps").map_or(0, |l| l + line - 1),
                1,
            )
            .with_source(&text)
            .hint(
                "rename it `recommend:`; kpis.nps is now the real score computed from all answers",
            ),
        ),
        KindData::WeekPlan(w) => {
            // Typed success metrics remember their line: the KPI they name is
            // checked once the KPIs are known.
            let key = front_matter::field_line(front, format, "success_metrics").unwrap_or(0);
            for m in &mut w.success_metrics {
                if let kinds::SuccessMetric::Typed(t) = m {
                    // The words as written may be escaped: look for their start.
                    let start = t.metric.split(['"', '\\', '\'']).next().unwrap_or("");
                    t.line = front
                        .lines()
                        .enumerate()
                        .skip(key)
                        .find(|(_, l)| l.contains(start))
                        .map_or(0, |(i, _)| i + line);
                }
            }
        }
        KindData::Deck(deck) => deck::load(file, &text, &split, deck, &mut warnings, &mut errors),
        _ => {}
    }
    if !matches!(data, KindData::Deck(_)) {
        let (shortcodes, comments) = foreign_syntax::scan(file, &text, split.body, split.body_line);
        errors.extend(shortcodes);
        warnings.extend(comments);
    }
    if meta.page_kind.is_some() && !is_index {
        errors.push(
            locate(
                "page_kind",
                "`page_kind` only applies to a section's `_index.md`".into(),
            )
            .hint("use `kind:` to set this page's kind"),
        );
    }
    if meta.title.trim().is_empty() {
        errors.push(locate("title", "`title` is empty".into()).expected("a title"));
    }
    let slug = match &meta.slug {
        Some(s) => match check_slug(s) {
            Ok(()) => s.clone(),
            Err(why) => {
                errors.push(
                    locate("slug", format!("slug `{}` {why}", s.escape_default()))
                        .expected("one path segment of letters, digits, `-`, `_` or `.`")
                        .hint("slugs cannot contain `/`, start with `.` or be `..`"),
                );
                String::new()
            }
        },
        None => {
            let stem = rel
                .rsplit('/')
                .next()
                .unwrap_or(rel)
                .trim_end_matches(".md");
            slugify_segment(stem)
        }
    };
    if RESERVED_NAMES.contains(&slug.as_str()) {
        let d = match meta.slug {
            Some(_) => locate("slug", format!("slug `{slug}` is a file traction writes")),
            None => Diagnostic::error(
                file,
                format!("the page would be at `{slug}/`, a file traction writes"),
            ),
        };
        errors.push(
            d.expected(
                "a slug other than index.html, kpis.json, sitemap.xml, 404.html, calendar.ics, atom.xml or search-index.js",
            )
            .hint("set another `slug:` or rename the file"),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let section = section_of(rel).to_string();
    let section_url = section_url(&section);
    let url = if is_index {
        section_url
    } else {
        format!("{section_url}{slug}/")
    };
    let body = foreign_syntax::body_for_tera(split.body, meta.render);
    Ok(Page {
        rel: rel.to_string(),
        file: file.to_path_buf(),
        section,
        is_index,
        meta,
        data,
        front: front.to_string(),
        body,
        body_line: split.body_line,
        slug,
        url,
        warnings,
    })
}

/// URL of a section path (`plans` -> `/plans/`).
pub(crate) fn section_url(section: &str) -> String {
    if section.is_empty() {
        "/".to_string()
    } else {
        let segments: Vec<String> = section.split('/').map(slugify_segment).collect();
        format!("/{}/", segments.join("/"))
    }
}

/// Names of files the renderers write themselves; a page or folder by that name would collide.
pub(crate) const RESERVED_NAMES: [&str; 7] = [
    "index.html",
    "kpis.json",
    "sitemap.xml",
    "404.html",
    "calendar.ics",
    "atom.xml",
    "search-index.js",
];

/// Why a slug written by hand is unsafe, if it is.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.is_empty() {
        return Err("is empty");
    }
    if slug.starts_with('.') {
        return Err("starts with `.`");
    }
    if slug.len() > 200 {
        return Err("is longer than 200 bytes");
    }
    match slug
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        Some('/') | Some('\\') => Err("contains a path separator"),
        Some('\0') => Err("contains a NUL byte"),
        Some(_) => Err("contains a character that is not a letter, digit, `-`, `_` or `.`"),
        None => Ok(()),
    }
}

/// A slug made from free text (an alias, a title): [`slugify_segment`], cut to
/// [`MAX_DERIVED_SLUG_CHARS`] characters so a long alias cannot make a file name
/// the file system refuses.
pub(crate) fn slug_from_text(text: &str) -> String {
    let slug = slugify_segment(text);
    if slug.chars().count() <= MAX_DERIVED_SLUG_CHARS {
        return slug;
    }
    let cut: String = slug.chars().take(MAX_DERIVED_SLUG_CHARS).collect();
    let cut = cut.trim_end_matches(['-', '.']);
    if cut.is_empty() {
        "page".to_string()
    } else {
        cut.to_string()
    }
}

/// Makes any file or folder name into a safe URL segment.
pub fn slugify_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    // Trim `.` and `-` together: trimming one then the other let `-..` become `..`.
    let trimmed = out.trim_start_matches(['.', '-']).trim_end_matches('-');
    if trimmed.is_empty() {
        "page".to_string()
    } else {
        trimmed.to_string()
    }
}

fn check_unique_urls(pages: &[Page], diags: &mut Diagnostics) {
    // Compared without case: macOS and Windows keep `Roles/` and `roles/` in one folder,
    // so two such pages would overwrite each other there.
    let mut seen: BTreeMap<String, &Page> = BTreeMap::new();
    for page in pages {
        if let Some(first) = seen.insert(page.url.to_lowercase(), page) {
            let message = if first.url == page.url {
                format!("two pages have the URL {}", page.url)
            } else {
                format!(
                    "two pages have URLs that differ only by case: {} and {}",
                    first.url, page.url
                )
            };
            diags.push(Diagnostic::error(&page.file, message).hint(format!(
                "{} and {} both map there (macOS and Windows do not tell case apart); \
                     change one `slug` or rename a file",
                first.file.display(),
                page.file.display()
            )));
        }
    }
}

/// Longest output path segment (file or folder name) traction writes: file
/// systems stop at 255 bytes, and the staging and swap names need room too.
pub(crate) const MAX_SEGMENT_BYTES: usize = 200;

/// Longest slug derived from a title or alias (in characters): longer ones are cut.
pub(crate) const MAX_DERIVED_SLUG_CHARS: usize = 80;

/// A page or asset whose output path has a segment over [`MAX_SEGMENT_BYTES`]
/// would fail at write time with "File name too long" and no source.
fn check_segment_lengths(pages: &[Page], assets: &[Asset], root: &Path, diags: &mut Diagnostics) {
    let too_long = |path: &str| {
        path.split('/')
            .find(|seg| seg.len() > MAX_SEGMENT_BYTES)
            .map(str::to_string)
    };
    let report = |file: &Path, seg: String| {
        let shown: String = seg.chars().take(40).collect();
        Diagnostic::error(
            file,
            format!(
                "the output name `{shown}…` is {} bytes long, over the limit of {MAX_SEGMENT_BYTES}",
                seg.len()
            ),
        )
        .expected(format!(
            "file and folder names of at most {MAX_SEGMENT_BYTES} bytes"
        ))
        .hint("shorten the file or folder name, or set a shorter `slug:`")
    };
    for page in pages {
        if let Some(seg) = too_long(&page.url) {
            diags.push(report(&page.file, seg));
        }
    }
    for asset in assets {
        if let Some(seg) = too_long(&asset.out) {
            let file = asset.source.strip_prefix(root).unwrap_or(&asset.source);
            diags.push(report(file, seg));
        }
    }
}

/// A static file (theme or site `static/`) whose path is a folder of the
/// content's output (`content/favicon.svg/`): one of them could not be written.
pub(crate) fn check_static_paths<'a, 'c>(
    root: &Path,
    content: &'c Content,
    statics: impl IntoIterator<Item = &'a str>,
) -> Vec<Diagnostic> {
    let mut folders: BTreeMap<String, &Path> = BTreeMap::new();
    let mut add = |path: &str, file: &'c Path| {
        let mut end = 0;
        while let Some(i) = path[end..].find('/') {
            end += i;
            folders.entry(path[..end].to_string()).or_insert(file);
            end += 1;
        }
    };
    for page in &content.pages {
        add(page.url.trim_start_matches('/'), &page.file);
    }
    for asset in &content.assets {
        add(
            &asset.out,
            asset.source.strip_prefix(root).unwrap_or(&asset.source),
        );
    }
    statics
        .into_iter()
        .filter_map(|rel| {
            let file = folders.get(rel)?;
            Some(
                Diagnostic::error(
                    *file,
                    format!("this file is in the folder `{rel}/`, which has the name of the static file `{rel}`"),
                )
                .expected(format!("a folder name other than `{rel}`"))
                .hint("rename the folder (or the file in static/): one would replace the other"),
            )
        })
        .collect()
}

/// An asset must not land where a page or a generated file is written (one would
/// silently replace the other).
fn check_asset_paths(root: &Path, pages: &[Page], assets: &[Asset], diags: &mut Diagnostics) {
    let page_files: BTreeMap<String, &Page> = pages
        .iter()
        .map(|p| (format!("{}index.html", &p.url[1..]), p))
        .collect();
    for asset in assets {
        let file = asset.source.strip_prefix(root).unwrap_or(&asset.source);
        let clash = if let Some(page) = page_files.get(&asset.out) {
            Some(format!("the page {}", page.file.display()))
        } else if RESERVED_NAMES.contains(&asset.out.as_str())
            || asset.out.ends_with("/calendar.ics")
            || asset.out.ends_with("/atom.xml")
        {
            Some("a file traction generates".to_string())
        } else {
            None
        };
        if let Some(clash) = clash {
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "this file would be copied to {}, where {clash} is written",
                        asset.out
                    ),
                )
                .hint("rename the file or move it to another folder"),
            );
        }
    }
}

/// A folder named like a generated file (`content/sitemap.xml/`) would put
/// pages where that file is written; reported once per folder.
fn check_section_names(pages: &[Page], diags: &mut Diagnostics) {
    let mut reported = std::collections::BTreeSet::new();
    for page in pages {
        let Some(name) = page
            .section
            .split('/')
            .map(slugify_segment)
            .find(|seg| RESERVED_NAMES.contains(&seg.as_str()))
        else {
            continue;
        };
        if reported.insert(page.section.clone()) {
            diags.push(
                Diagnostic::error(
                    &page.file,
                    format!("the folder `{name}` has the name of a file traction writes"),
                )
                .expected(
                    "a folder name other than index.html, kpis.json, sitemap.xml, 404.html, calendar.ics, atom.xml or search-index.js",
                )
                .hint("rename the folder"),
            );
        }
    }
}

/// Orders pages by weight, then date, then title.
pub(crate) fn page_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    (a.meta.weight, a.meta.date, &a.meta.title, &a.rel).cmp(&(
        b.meta.weight,
        b.meta.date,
        &b.meta.title,
        &b.rel,
    ))
}

fn build_sections(
    pages: &[Page],
    page_kinds: &BTreeMap<String, Kind>,
) -> BTreeMap<String, Section> {
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        let entry = sections
            .entry(page.section.clone())
            .or_insert_with(|| Section {
                path: page.section.clone(),
                index: None,
                pages: Vec::new(),
                page_kind: page_kinds.get(&page.section).copied().unwrap_or_default(),
                url: section_url(&page.section),
            });
        if page.is_index {
            entry.index = Some(i);
        } else {
            entry.pages.push(i);
        }
    }
    for section in sections.values_mut() {
        section
            .pages
            .sort_by(|&a, &b| page_order(&pages[a], &pages[b]));
    }
    sections
}

/// Canonical form of a path inside content: resolves `.` and `..`; `None` if it leaves `content/`.
pub fn normalize_rel(base_dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') || base_dir.is_empty() {
        Vec::new()
    } else {
        base_dir.split('/').collect()
    };
    for seg in link.trim_start_matches('/').split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(rel: &str, text: &str) -> Result<Page, Vec<Diagnostic>> {
        parse_page(&Path::new(CONTENT_DIR).join(rel), rel, text, Kind::Page)
    }

    #[test]
    fn pages_get_pretty_urls() {
        assert_eq!(
            parse("plans/week-10.md", "---\ntitle: W\n---\n")
                .unwrap()
                .url,
            "/plans/week-10/"
        );
        assert_eq!(
            parse("plans/_index.md", "---\ntitle: P\n---\n")
                .unwrap()
                .url,
            "/plans/"
        );
        assert_eq!(parse("_index.md", "---\ntitle: H\n---\n").unwrap().url, "/");
    }

    #[test]
    fn a_slug_that_leaves_the_output_is_an_error_naming_the_field() {
        for bad in ["../../etc", "a/b", "..", ".hidden", "a\\b"] {
            let err = parse(
                "x.md",
                &format!(
                    "---\ntitle: T\nslug: \"{}\"\n---\n",
                    bad.replace('\\', "\\\\")
                ),
            )
            .unwrap_err();
            assert_eq!(err[0].line, 3, "{bad}: {:?}", err);
            assert!(err[0].message.starts_with("slug"), "{:?}", err);
        }
    }

    #[test]
    fn case_study_without_alias_when_pending_is_located() {
        let text = "---\nkind: case_study\ntitle: T\ncustomer: C\nsummary: S\napproval: pending\nmetrics: [{label: a, before: 1, after: 2}]\n---\n";
        let err = parse("c.md", text).unwrap_err();
        assert_eq!(err[0].line, 6);
        assert!(err[0].message.contains("alias"));
    }

    #[test]
    fn case_study_schema_errors_are_located() {
        let base = "---\nkind: case_study\ntitle: T\ncustomer: C\nsummary: S\napproval: approved\nmetrics: [{label: a, before: 1, after: 2}]\n";
        let bad_enum = parse("c.md", &format!("{base}stage: dreaming\n---\n")).unwrap_err();
        assert_eq!(bad_enum[0].line, 8, "{:?}", bad_enum);
        assert!(
            bad_enum[0]
                .expected
                .as_deref()
                .unwrap_or("")
                .contains("live"),
            "{:?}",
            bad_enum
        );
        let bad_date = parse("c.md", &format!("{base}signed: 2026-13-45\n---\n")).unwrap_err();
        assert_eq!(bad_date[0].line, 8, "{:?}", bad_date);
        let wrong_type = parse("c.md", &format!("{base}acv: lots\n---\n")).unwrap_err();
        assert_eq!(wrong_type[0].line, 8, "{:?}", wrong_type);
        let missing = parse("c.md", "---\nkind: case_study\ntitle: T\nsummary: S\napproval: approved\nmetrics: [{label: a, before: 1, after: 2}]\n---\n").unwrap_err();
        assert!(missing[0].message.contains("customer"), "{:?}", missing);
        let unknown = parse("c.md", &format!("{base}custmer: X\n---\n")).unwrap_err();
        assert_eq!(
            unknown[0].hint.as_deref(),
            Some("did you mean `customer`?"),
            "{:?}",
            unknown
        );
    }

    #[test]
    fn week_plan_rows_are_dated_and_bad_status_located() {
        let text = "---\nkind: week_plan\ntitle: W\nweek: 10\nstarts: 2026-01-26\ndays:\n  - { day: Wed, activity: A, owner: CEO, status: done }\n---\n";
        let page = parse("w.md", text).unwrap();
        let KindData::WeekPlan(w) = &page.data else {
            panic!("not a week plan")
        };
        assert_eq!(w.days[0].1, jiff::civil::date(2026, 1, 28));
        let err = parse("w.md", &text.replace("done", "finished")).unwrap_err();
        assert_eq!(err[0].line, 7, "{:?}", err);
        let two_rows = text.replace(
            "  - { day: Wed",
            "  - { day: Mon, activity: A, owner: CEO, status: done }\n  - { day: Mno",
        );
        let err = parse("w.md", &two_rows).unwrap_err();
        assert_eq!(err[0].line, 8, "the row's own line: {:?}", err);
        assert!(err[0].message.contains("`Mno` is not a day"), "{:?}", err);
        let late = text.replace("2026-01-26", "9999-12-31");
        let err = parse("w.md", &late).unwrap_err();
        assert!(err[0].message.contains("past the last date"), "{:?}", err);
    }

    #[test]
    fn missing_and_unclosed_front_matter_are_errors() {
        assert!(
            parse("a.md", "# no front matter").unwrap_err()[0]
                .message
                .contains("no front matter")
        );
        assert!(
            parse("a.md", "---\ntitle: x\n").unwrap_err()[0]
                .message
                .contains("never closed")
        );
        assert!(parse("a.md", "---\n- a\n- b\n---\n").is_err());
    }

    #[test]
    fn relative_links_normalise_inside_content_only() {
        assert_eq!(
            normalize_rel("plans", "../case-studies/a.md").as_deref(),
            Some("case-studies/a.md")
        );
        assert_eq!(
            normalize_rel("", "plans/week-10.md").as_deref(),
            Some("plans/week-10.md")
        );
        assert_eq!(normalize_rel("plans", "../../x.md"), None);
    }

    fn load_site(files: &[(&str, &str)]) -> Result<Content, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        load(dir.path()).map(|(c, _)| c)
    }

    #[test]
    fn pages_whose_urls_differ_only_by_case_are_an_error_naming_both() {
        let page = "---\ntitle: R\n---\n";
        let err = load_site(&[("content/Roles.md", page), ("content/roles.md", page)]).unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
        let text = err[0].render(false);
        assert!(text.contains("differ only by case"), "{text}");
        assert!(
            text.contains("content/Roles.md") && text.contains("content/roles.md"),
            "{text}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_backslash_in_a_file_name_is_part_of_the_name() {
        let content = load_site(&[("content/a\\b.md", "---\ntitle: A\n---\n")]).unwrap();
        assert_eq!(content.pages[0].file, Path::new("content/a\\b.md"));
        assert_eq!(content.pages[0].url, "/a-b/");
        let d = Diagnostic::error(&content.pages[0].file, "x").at(1, 1);
        assert_eq!(d.location(), "content/a\\b.md:1:1");
    }

    #[test]
    fn an_output_name_over_200_bytes_is_an_error_naming_the_source() {
        let long = "a".repeat(MAX_SEGMENT_BYTES + 1);
        let page = "---\ntitle: T\n---\n";
        let path = format!("content/{long}.md");
        let err = load_site(&[(path.as_str(), page)]).unwrap_err();
        assert_eq!(err[0].file, Path::new(&path), "{err:?}");
        assert!(err[0].message.contains("201 bytes"), "{err:?}");
        let asset = format!("content/{long}.png");
        let err = load_site(&[(asset.as_str(), "png")]).unwrap_err();
        assert_eq!(err[0].file, Path::new(&asset), "{err:?}");
        let ok = format!("content/{}.md", "a".repeat(MAX_SEGMENT_BYTES));
        assert!(load_site(&[(ok.as_str(), page)]).is_ok());
    }

    #[test]
    fn a_folder_named_like_a_static_file_is_located() {
        let page = "---\ntitle: T\n---\n";
        let content = load_site(&[
            ("content/favicon.svg/x.md", page),
            ("content/css/a.md", page),
        ])
        .unwrap();
        let err = check_static_paths(Path::new("/"), &content, ["favicon.svg", "css/site.css"]);
        assert_eq!(err.len(), 1, "{err:?}");
        assert_eq!(err[0].file, Path::new("content/favicon.svg/x.md"));
        assert!(err[0].message.contains("`favicon.svg`"), "{err:?}");
    }

    #[test]
    fn slugs_from_long_aliases_are_cut_to_80_characters() {
        let alias = "A Very Long Alias ".repeat(25);
        let slug = slug_from_text(&alias);
        assert!(slug.chars().count() <= MAX_DERIVED_SLUG_CHARS, "{slug}");
        assert!(
            slug.starts_with("A-Very-Long-Alias-A") && !slug.ends_with('-'),
            "{slug}"
        );
        let cjk = "東京".repeat(100);
        assert_eq!(slug_from_text(&cjk).chars().count(), MAX_DERIVED_SLUG_CHARS);
        assert_eq!(slug_from_text("Acme Corp"), "Acme-Corp");
    }

    #[test]
    fn slugify_never_produces_a_path() {
        assert_eq!(slugify_segment("Week 10: Plan"), "Week-10-Plan");
        assert_eq!(slugify_segment(".."), "page");
        assert_eq!(slugify_segment("../x"), "x");
        assert_eq!(slugify_segment("-.."), "page");
        assert_eq!(slugify_segment("-.-.x"), "x");
    }
}
