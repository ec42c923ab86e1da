//! The per-profile view: which pages an audience sees, and at which URL.
//!
//! A page is in a profile when its visibility is in the profile's `include`
//! and it is not a draft (unless drafts are asked for). The profile's `home`
//! page is rendered at `/`.

use std::collections::HashMap;
use std::path::Path;

use crate::config::{CONFIG_FILE, Profile};
use crate::content::{Content, Kind, Page};
use crate::diagnostics::Diagnostic;

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
}

impl View {
    /// Whether page `i` is in this profile.
    pub fn includes(&self, i: usize) -> bool {
        self.urls[i].is_some()
    }

    /// Indices of included pages.
    pub fn pages(&self) -> impl Iterator<Item = usize> + '_ {
        self.urls
            .iter()
            .enumerate()
            .filter_map(|(i, u)| u.as_ref().map(|_| i))
    }

    /// Page `i` as this profile shows it.
    pub fn page<'a>(&'a self, content: &'a Content, i: usize) -> &'a Page {
        self.overrides.get(&i).unwrap_or(&content.pages[i])
    }

    /// URL of page `i` in this profile.
    pub fn url(&self, i: usize) -> &str {
        self.urls[i].as_deref().unwrap_or("/")
    }
}

/// Selects the pages of `profile`.
pub fn select(content: &Content, profile: &Profile, drafts: bool) -> Result<View, Vec<Diagnostic>> {
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
            home_error(format!(
                "the home page {home_rel} of profile `{}` is not visible in it",
                profile.name
            ))
            .hint(format!(
                "set `visibility:` of content/{home_rel} to one of the profile's `include`"
            )),
        ),
        None if home_rel != "_index.md" => errors.push(
            home_error(format!(
                "the home page {home_rel} of profile `{}` does not exist",
                profile.name
            ))
            .expected("a path relative to content/, such as welcome.md"),
        ),
        _ => {}
    }
    if !errors.is_empty() {
        return Err(errors);
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
        overrides: HashMap::new(),
    })
}

fn home_error(message: String) -> Diagnostic {
    Diagnostic::error(Path::new(CONFIG_FILE), message)
}

/// Included pages of `kind`, in page order.
pub fn pages_of_kind(content: &Content, view: &View, kind: Kind) -> Vec<usize> {
    let mut pages: Vec<usize> = view
        .pages()
        .filter(|&i| content.pages[i].kind() == kind)
        .collect();
    pages.sort_by(|&a, &b| crate::content::page_order(&content.pages[a], &content.pages[b]));
    pages
}
