//! The per-profile view: which pages an audience sees, and at which URL.
//!
//! A page is in a profile when its visibility is in the profile's `include`
//! and it is not a draft (unless drafts are asked for). The profile's `home`
//! page is rendered at `/`.

mod anonymize;

use std::collections::HashMap;
use std::path::Path;

pub use anonymize::Anonymizer;
pub(crate) use anonymize::{customer_labels, hides, quote_credit, shown_customer};

use crate::config::{CONFIG_FILE, Profile};
use crate::content::{Asset, Content, Kind, Page};
use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// What one profile shows.
#[derive(Debug, Clone)]
pub struct View {
    /// The profile.
    pub profile: Profile,
    /// Per page (same index as `Content::pages`): its URL in this profile, or `None` if excluded.
    pub urls: Vec<Option<String>>,
    /// Index of the page rendered at `/`.
    pub home: Option<usize>,
    /// URL of each included page by its `rel` path, for link resolution.
    pub by_rel: HashMap<String, String>,
    /// Pages this profile shows differently from the source (anonymised case
    /// studies); every renderer reads pages through [`View::page`].
    pub overrides: HashMap<usize, Page>,
    /// In a profile with `anonymize_unapproved`: the customer names it hides.
    pub anonymizer: Option<Anonymizer>,
    /// Whether case studies get PDF one-pagers in this build.
    pub pdfs: bool,
    /// Whether pages get share images (Open Graph, quote cards) in this build.
    pub images: bool,
}

impl View {
    /// Whether page `i` is in this profile.
    pub(crate) fn includes(&self, i: usize) -> bool {
        self.urls[i].is_some()
    }

    /// Indices of included pages.
    pub(crate) fn pages(&self) -> impl Iterator<Item = usize> + '_ {
        self.urls
            .iter()
            .enumerate()
            .filter_map(|(i, u)| u.as_ref().map(|_| i))
    }

    /// Page `i` as this profile shows it.
    pub(crate) fn page<'a>(&'a self, content: &'a Content, i: usize) -> &'a Page {
        self.overrides.get(&i).unwrap_or(&content.pages[i])
    }

    /// Output path of page `i`'s PDF one-pager (`case-studies/northwind.pdf`), when it has one.
    pub(crate) fn pdf_path(&self, content: &Content, i: usize) -> Option<String> {
        if !self.pdfs
            || i >= self.urls.len()
            || !self.includes(i)
            || !matches!(self.page(content, i).kind(), Kind::CaseStudy | Kind::Deck)
        {
            return None;
        }
        let url = self.url(i).trim_matches('/');
        (!url.is_empty()).then(|| format!("{url}.pdf"))
    }

    /// URL of page `i` in this profile.
    pub(crate) fn url(&self, i: usize) -> &str {
        self.urls[i].as_deref().unwrap_or("/")
    }
}

/// Selects the pages of `profile` (and, when it anonymises, how they are shown);
/// `pdfs`: whether its case studies get PDF one-pagers.
pub fn select(
    site: &Site,
    profile: &Profile,
    drafts: bool,
    pdfs: bool,
) -> Result<View, Vec<Diagnostic>> {
    let content = &site.content;
    let home_rel = profile
        .home
        .trim_start_matches("content/")
        .trim_start_matches('/');
    let home = content.page_by_rel(home_rel);
    let visible = |i: usize| {
        let p = &content.pages[i];
        profile.include.contains(&p.meta.visibility) && (drafts || !p.meta.draft)
    };
    let mut urls: Vec<Option<String>> = Vec::with_capacity(content.pages.len());
    for (i, page) in content.pages.iter().enumerate() {
        let url = if !visible(i) {
            None
        } else if Some(i) == home {
            Some("/".to_string())
        } else if page.url == "/" && home_rel != "_index.md" {
            // The root index gives way to the profile's own home page.
            None
        } else {
            Some(page.url.clone())
        };
        urls.push(url);
    }
    let mut errors = Vec::new();
    match home {
        Some(i) if urls[i].is_none() && home_rel != "_index.md" => errors.push(
            home_error(
                &site.config.text,
                home_rel,
                format!(
                    "the home page {home_rel} of profile `{}` is not visible in it",
                    profile.name
                ),
            )
            .hint(format!(
                "set `visibility:` of content/{home_rel} to one of the profile's `include`"
            )),
        ),
        None if home_rel != "_index.md" => errors.push(
            home_error(
                &site.config.text,
                home_rel,
                format!(
                    "the home page {home_rel} of profile `{}` does not exist",
                    profile.name
                ),
            )
            .expected("a path relative to content/, such as welcome.md"),
        ),
        _ => {}
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let anonymizer = Anonymizer::for_site(site, profile);
    let mut overrides = HashMap::new();
    if let Some(anon) = &anonymizer {
        for i in 0..content.pages.len() {
            if urls[i].is_none() {
                continue;
            }
            if let Some(mut page) = anon.page(site, profile, &content.pages[i]) {
                if urls[i].as_deref() != Some("/") {
                    let url = unique_url(&urls, i, &page.url);
                    if url != page.url && !page.is_index {
                        page.slug = url
                            .trim_end_matches('/')
                            .rsplit('/')
                            .next()
                            .unwrap_or_default()
                            .to_string();
                        page.url = url.clone();
                    }
                    urls[i] = Some(url);
                }
                overrides.insert(i, page);
            }
        }
    }
    let by_rel = content
        .pages
        .iter()
        .zip(&urls)
        .filter_map(|(p, u)| u.as_ref().map(|u| (p.rel.clone(), u.clone())))
        .collect();
    // A profile that cannot see the default home gets a generated one (see render::html).
    let home = home.filter(|&i| urls[i].is_some());
    Ok(View {
        profile: profile.clone(),
        urls,
        home,
        by_rel,
        overrides,
        anonymizer,
        pdfs,
        images: pdfs,
    })
}

/// `url`, or `url` with `-2`, `-3`... when another included page already has it.
fn unique_url(urls: &[Option<String>], me: usize, url: &str) -> String {
    let taken = |u: &str| {
        urls.iter()
            .enumerate()
            .any(|(j, v)| j != me && v.as_deref() == Some(u))
    };
    if !taken(url) {
        return url.to_string();
    }
    let base = url.trim_end_matches('/');
    (2..)
        .map(|n| format!("{base}-{n}/"))
        .find(|u| !taken(u))
        .expect("some suffix is free")
}

/// An error about a profile's `home`, pointing at the `home:` in `site.yaml` (`text`) that names it.
fn home_error(text: &str, home: &str, message: String) -> Diagnostic {
    let located = text.lines().enumerate().find_map(|(n, line)| {
        let at = line.find("home:")?;
        line[at..].contains(home).then_some((n + 1, at + 1))
    });
    let d = Diagnostic::error(Path::new(CONFIG_FILE), message);
    match located {
        Some((line, column)) => d.at(line, column).with_source(text),
        None => d,
    }
}

/// The files of `content/` (images beside pages) this profile copies: those in
/// a folder whose pages it shows (the nearest folder up that has pages
/// decides), except the files that show who a customer it anonymises is.
pub(crate) fn assets<'a>(site: &'a Site, view: &View) -> Vec<&'a Asset> {
    let content = &site.content;
    let mut shown: HashMap<&str, bool> = HashMap::new();
    for (i, page) in content.pages.iter().enumerate() {
        let dir = page.rel.rfind('/').map_or("", |k| &page.rel[..k]);
        *shown.entry(dir).or_default() |= view.includes(i);
    }
    let hidden = hidden_files(site, view);
    content
        .assets
        .iter()
        .filter(|a| !hidden.contains(&a.out))
        .filter(|a| {
            let rel = a
                .source
                .strip_prefix(site.root.join(crate::content::CONTENT_DIR))
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let mut dir = rel.rfind('/').map_or("", |k| &rel[..k]);
            loop {
                if let Some(&any) = shown.get(dir) {
                    return any;
                }
                match dir.rfind('/') {
                    Some(k) => dir = &dir[..k],
                    None if !dir.is_empty() => dir = "",
                    None => return true,
                }
            }
        })
        .collect()
}

/// Output paths of the files that show who a customer `view` anonymises is
/// (logo, testimonial video, its poster and captions), wherever they are kept
/// (beside the page in `content/`, or in `static/`): never copied.
pub(crate) fn hidden_files(site: &Site, view: &View) -> Vec<String> {
    let mut out = Vec::new();
    for page in &site.content.pages {
        let crate::content::KindData::CaseStudy(c) = &page.data else {
            continue;
        };
        if !anonymize::hides(&view.profile, c) {
            continue;
        }
        let video = c.video.as_ref();
        let local_video = video.and_then(|v| match &v.source {
            crate::content::video::VideoSource::File { path, .. } => Some(path),
            _ => None,
        });
        let files = [
            c.logo.as_ref(),
            local_video,
            video.and_then(|v| v.poster.as_ref()),
            video.and_then(|v| v.captions.as_ref()),
        ];
        let dir = page.rel.rfind('/').map_or("", |k| &page.rel[..k]);
        for file in files.into_iter().flatten() {
            if let Some(rel) = crate::content::normalize_rel(dir, file) {
                out.push(
                    rel.split('/')
                        .map(crate::content::slugify_segment)
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
            out.push(file.trim_start_matches('/').to_string());
        }
    }
    out
}

/// Included pages of `kind`, in page order.
pub(crate) fn pages_of_kind(content: &Content, view: &View, kind: Kind) -> Vec<usize> {
    let mut pages: Vec<usize> = view
        .pages()
        .filter(|&i| content.pages[i].kind() == kind)
        .collect();
    pages.sort_by(|&a, &b| crate::content::page_order(&content.pages[a], &content.pages[b]));
    pages
}
