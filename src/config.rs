//! `site.yaml` -> `Config`, profiles included.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::Visibility;
use crate::diagnostics::{Diagnostic, io_error};
use crate::{source, yaml};

/// Paper size of the PDF one-pagers.
#[derive(schemars::JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// US Letter, 8.5 x 11 in.
    #[default]
    Letter,
    /// ISO A4.
    A4,
}

/// `pdf:` settings.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfConfig {
    /// Letter or A4.
    #[serde(default)]
    pub paper: Paper,
    /// Whether `build` writes PDFs at all.
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl Default for PdfConfig {
    fn default() -> Self {
        PdfConfig {
            paper: Paper::Letter,
            enabled: true,
        }
    }
}

fn yes() -> bool {
    true
}

/// `limits:` as written in `site.yaml`.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitsConfig {
    /// Seconds one page may take to render (0.1 to 3600, default 2).
    #[serde(default = "default_render_seconds")]
    #[schemars(extend("exclusiveMinimum" = 0, "maximum" = 3600))]
    render_seconds: f64,
    /// MiB one template may write (1 to 4096, default 64).
    #[serde(default = "default_page_mib")]
    #[schemars(range(min = 1, max = 4096))]
    page_mib: u64,
    /// MiB of memory the whole build may use while pages render (64 to 1048576, default 2048).
    #[serde(default = "default_memory_mib")]
    #[schemars(range(min = 64, max = 1_048_576))]
    memory_mib: u64,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            render_seconds: default_render_seconds(),
            page_mib: default_page_mib(),
            memory_mib: default_memory_mib(),
        }
    }
}

fn default_render_seconds() -> f64 {
    2.0
}
fn default_page_mib() -> u64 {
    64
}
fn default_memory_mib() -> u64 {
    2048
}

/// Budgets of one page's rendering (`limits:` in `site.yaml`): a template that
/// runs away fails its page with a located error instead of hanging the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time to render one page (body and template), default 2 s.
    pub render: std::time::Duration,
    /// Bytes one template may write, default 64 MiB.
    pub page_bytes: usize,
    /// Resident memory of the whole process while pages render, default 2 GiB.
    pub memory_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::from_config(&LimitsConfig::default())
    }
}

impl Limits {
    fn from_config(c: &LimitsConfig) -> Limits {
        Limits {
            render: std::time::Duration::from_secs_f64(c.render_seconds),
            page_bytes: usize::try_from(c.page_mib.saturating_mul(1024 * 1024))
                .unwrap_or(usize::MAX),
            memory_bytes: c.memory_mib.saturating_mul(1024 * 1024),
        }
    }

    /// What is out of range, as (key, expected).
    fn check(c: &LimitsConfig) -> Option<(&'static str, &'static str)> {
        if !(c.render_seconds > 0.0 && c.render_seconds <= 3600.0) {
            Some(("render_seconds", "seconds from 0.1 to 3600"))
        } else if !(1..=4096).contains(&c.page_mib) {
            Some(("page_mib", "MiB from 1 to 4096"))
        } else if !(64..=1_048_576).contains(&c.memory_mib) {
            Some(("memory_mib", "MiB from 64 to 1048576"))
        } else {
            None
        }
    }
}

/// One audience's site, as written in `site.yaml`.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileConfig {
    /// Visibilities this profile shows.
    pub include: Vec<Visibility>,
    /// Overrides the site's `base_url`.
    pub base_url: Option<String>,
    /// Show aliases for case studies that are not approved.
    #[serde(default)]
    pub anonymize_unapproved: bool,
    /// The page rendered at `/`, relative to `content/`.
    pub home: Option<String>,
    /// KPIs this profile publishes: `all` or a list of keys.
    pub kpis: Option<PublishedKpis>,
    /// Whether contract values (ACVs) are shown.
    pub show_acv: Option<bool>,
    /// A mark on every page and PDF ("Confidential").
    pub watermark: Option<String>,
    /// Whether decks also get a presenter PDF with speaker notes.
    #[serde(default)]
    pub notes: bool,
}

/// The KPIs a profile publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// Every KPI.
    All,
    /// Only these keys (checked against the KPI table when the site loads).
    Only(Vec<String>),
}

/// `kpis:` of a profile as written: `all`, or a list of KPI keys.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum PublishedKpis {
    /// `all` (any other word is an error).
    Word(#[schemars(extend("const" = "all"))] String),
    /// `[customers, live_customers]`.
    Keys(Vec<String>),
}

#[derive(schemars::JsonSchema, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    /// Site title.
    title: String,
    /// Absolute URL the site is published at (`https://example.com`).
    base_url: String,
    /// Company name (footers, PDF author; default: the title).
    company: Option<String>,
    /// Language tag for `<html lang>` (default `en`).
    #[serde(default = "english")]
    language: String,
    /// Theme folder under `themes/` (default `default`).
    #[serde(default = "default_theme")]
    theme: String,
    /// IANA time zone of the team (default `UTC`).
    #[serde(default = "utc")]
    timezone: String,
    /// PDF one-pagers.
    #[serde(default)]
    pdf: PdfConfig,
    /// Budgets of one page's rendering.
    #[serde(default)]
    limits: LimitsConfig,
    /// One site per audience, by name (`internal`, `public`, `investors`).
    #[serde(default)]
    profiles: BTreeMap<String, ProfileConfig>,
    /// Profile `serve`, `watch` and `check` use when none is given.
    default_profile: Option<String>,
    /// How before/after changes are worded.
    #[serde(default)]
    changes: Changes,
    /// The company's logo (PNG or JPEG, relative to the site folder) for one-pagers.
    #[serde(default)]
    logo: Option<String>,
    /// The call to action at the foot of every one-pager.
    #[serde(default)]
    contact: Option<Contact>,
    /// Whether every edition gets a search index and a search box (default true).
    #[serde(default = "yes")]
    search: bool,
    /// How a CRM export's columns and stage names map onto traction's.
    #[serde(default)]
    pipeline: PipelineMapping,
}

/// `contact:`: the call to action at the foot of every one-pager.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// What to do (`Talk to our team about your warehouse`).
    pub text: String,
    /// Where (a `https://` or `mailto:` URL).
    pub url: String,
}

/// `pipeline:` in `site.yaml`: how a CRM export's columns and stage names map
/// onto traction's (checked where the export is read, `src/pipeline.rs`).
#[derive(schemars::JsonSchema, Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineMapping {
    /// Canonical field (`name`, `amount`, ...) -> the export's column header.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// The export's stage name -> canonical stage (`lead` ... `lost`).
    #[serde(default)]
    pub stages: BTreeMap<String, String>,
    /// How the export writes dates with slashes, where its values leave it
    /// open: `M/D/YYYY` (month first) or `D/M/YYYY` (day first); two-digit
    /// years (`MM/DD/YY`) read as 20YY either way.
    #[serde(default)]
    pub date_format: Option<String>,
}

/// `changes:` settings: how before/after changes are worded.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// Below this base a change is a difference (`+2`), not a percentage (`+200%`).
    #[serde(default = "five")]
    pub min_base: f64,
}

impl Default for Changes {
    fn default() -> Self {
        Changes { min_base: five() }
    }
}

fn five() -> f64 {
    5.0
}

fn english() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn utc() -> String {
    "UTC".into()
}

/// A resolved profile: its name, where it writes, and what it shows.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Name from `site.yaml` (empty for the implicit profile).
    pub name: String,
    /// Visibilities included.
    pub include: Vec<Visibility>,
    /// Base URL without a trailing slash.
    pub base_url: String,
    /// Whether unapproved case studies are anonymised.
    pub anonymize_unapproved: bool,
    /// Page rendered at `/`, relative to `content/`.
    pub home: String,
    /// The KPIs this profile publishes (see [`Profile::publishes`]).
    pub kpis: Published,
    /// Line of the profile's `kpis:` in site.yaml (0 when not written), for
    /// errors about its keys, which the KPI stage checks.
    pub kpis_line: usize,
    /// Whether contract values (ACVs) are shown.
    pub show_acv: bool,
    /// A mark on every page and PDF ("Confidential"), if any.
    pub watermark: Option<String>,
    /// Whether decks also get `<slug>-notes.pdf` with the speaker notes.
    pub notes: bool,
}

impl Profile {
    /// Whether this profile publishes KPI `key`.
    pub(crate) fn publishes(&self, key: &str) -> bool {
        match &self.kpis {
            Published::All => true,
            Published::Only(keys) => keys.iter().any(|k| k == key),
        }
    }

    /// Output directory of this profile under the output root.
    pub(crate) fn out_dir(&self, out_root: &Path) -> PathBuf {
        if self.name.is_empty() {
            out_root.to_path_buf()
        } else {
            out_root.join(&self.name)
        }
    }

    /// "Internal", "Public", "Investors": the audience named in the navigation.
    pub(crate) fn label(&self) -> String {
        let mut chars = self.name.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// The site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Base URL without a trailing slash.
    pub base_url: String,
    /// Company name (footers, PDF author).
    pub company: String,
    /// Language tag for `<html lang>`.
    pub language: String,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// IANA time zone of the team.
    pub timezone: String,
    /// PDF settings.
    pub pdf: PdfConfig,
    /// Rendering budgets per page.
    pub limits: Limits,
    /// Profiles in `site.yaml` order of names (sorted), or one implicit profile.
    pub profiles: Vec<Profile>,
    /// Profile used by `serve`/`watch`/`check` when none is given.
    pub default_profile: String,
    /// How changes are worded.
    pub changes: Changes,
    /// The company's logo (PNG or JPEG, relative to the site root), for one-pagers.
    pub logo: Option<String>,
    /// The call to action of the one-pagers' footer.
    pub contact: Option<Contact>,
    /// Whether each profile gets a search index and the theme its search box.
    pub search: bool,
    /// How `data/pipeline.csv` is read.
    pub pipeline: PipelineMapping,
    /// The text of `site.yaml` as loaded (normalised), so a later stage can
    /// point at a line without reading a file that may have changed since.
    pub text: String,
}

/// Name of the configuration file.
pub(crate) const CONFIG_FILE: &str = "site.yaml";

impl Config {
    /// Reads and validates `site.yaml` under `root`.
    pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        // Not a regular file (a FIFO would block the read forever).
        if let Ok(meta) = std::fs::metadata(&path)
            && !meta.is_file()
            && !meta.is_dir()
        {
            return Err(vec![
                Diagnostic::error(CONFIG_FILE, "site.yaml is not a regular file")
                    .hint("replace it with a plain text file"),
            ]);
        }
        let text = source::read_text(&path, Path::new(CONFIG_FILE), source::MAX_PAGE_BYTES)
            .map_err(|e| {
                vec![match e {
                    source::ReadError::TooLarge(d) | source::ReadError::NotText(d) => d,
                    source::ReadError::Io(e) => {
                        let mut d = io_error(&path, root, "read the site configuration", &e);
                        if e.kind() == std::io::ErrorKind::NotFound {
                            d = d.hint("run `traction init` to create a site, or pass --root DIR");
                        } else if path.is_dir() {
                            d = d.hint("site.yaml must be a file");
                        }
                        d
                    }
                }]
            })?;
        Config::parse(&text)
    }

    /// Parses the text of `site.yaml`.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let file = Path::new(CONFIG_FILE);
        if text.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#') || l == "---"
        }) {
            return Err(vec![
                Diagnostic::error(file, "site.yaml is empty")
                    .at(1, 1)
                    .expected("at least `title: ...` and `base_url: https://...`")
                    .hint("run `traction init` in an empty folder to see a complete site.yaml"),
            ]);
        }
        let raw: RawConfig =
            yaml::parse(text, file, 1, text, yaml::Size::Small).map_err(|d| vec![d])?;
        let mut errors = Vec::new();
        let located = |key: &str, message: String| {
            let line = yaml::key_line(text, key).unwrap_or(0);
            Diagnostic::error(file, message)
                .at(line, 1)
                .with_source(text)
        };
        if jiff::tz::TimeZone::get(&raw.timezone).is_err() {
            errors.push(
                located("timezone", format!("unknown time zone `{}`", raw.timezone))
                    .expected("an IANA time zone such as America/New_York or UTC"),
            );
        }
        for (name, url) in std::iter::once(("base_url", &raw.base_url)).chain(
            raw.profiles
                .values()
                .filter_map(|p| p.base_url.as_ref().map(|u| ("base_url", u))),
        ) {
            if !(url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/'))
            {
                errors.push(
                    located(name, format!("`{url}` is not an absolute URL"))
                        .expected("a URL starting with https:// (or http://)"),
                );
            }
        }
        if let Some((key, expected)) = Limits::check(&raw.limits) {
            // Nested keys are not indexed by line: point at `limits:`.
            let line = yaml::key_line(text, "limits").unwrap_or(0);
            errors.push(
                Diagnostic::error(file, format!("`limits.{key}` is out of range"))
                    .at(line, 1)
                    .with_source(text)
                    .expected(expected)
                    .hint("the budgets bound one page's rendering; the defaults are render_seconds: 2, page_mib: 64, memory_mib: 2048"),
            );
        }
        if let Some(c) = &raw.contact {
            let url = c.url.trim();
            let scheme_ok = ["https://", "http://", "mailto:", "tel:"]
                .iter()
                .any(|s| url.starts_with(s));
            if c.text.trim().is_empty() || !scheme_ok || url.contains(char::is_whitespace) {
                errors.push(
                    located("contact", format!("`contact` needs words and a full URL, found text `{}` and url `{}`", c.text, c.url))
                        .expected("`contact: { text: \"Talk to us\", url: https://acme.example/contact }` (https:, http:, mailto: or tel:)"),
                );
            }
        }
        if let Some(logo) = &raw.logo {
            let lower = logo.to_ascii_lowercase();
            if ![".png", ".jpg", ".jpeg"].iter().any(|e| lower.ends_with(e)) {
                errors.push(
                    located("logo", format!("logo `{logo}` is not a PNG or JPEG file"))
                        .expected("a path such as static/logo.png, relative to the site folder"),
                );
            }
        }
        let base_url = raw.base_url.trim_end_matches('/').to_string();
        let profiles: Vec<Profile> = if raw.profiles.is_empty() {
            vec![Profile {
                name: String::new(),
                include: vec![
                    Visibility::Public,
                    Visibility::Internal,
                    Visibility::Investor,
                ],
                base_url: base_url.clone(),
                anonymize_unapproved: false,
                home: "_index.md".into(),
                kpis: Published::All,
                kpis_line: 0,
                show_acv: true,
                watermark: None,
                notes: false,
            }]
        } else {
            raw.profiles
                .into_iter()
                .map(|(name, p)| {
                    // Only-public profiles publish no figures unless they say so.
                    let public_only = p.include.iter().all(|v| *v == Visibility::Public);
                    let kpis_line = profile_key_line(text, &name, "kpis");
                    let kpis = match &p.kpis {
                        None if public_only => Published::Only(Vec::new()),
                        None => Published::All,
                        Some(PublishedKpis::Word(w)) if w == "all" => Published::All,
                        Some(PublishedKpis::Word(w)) => {
                            errors.push(
                                Diagnostic::error(file, format!("`kpis: {w}` is not a list of KPIs"))
                                    .at(kpis_line, 1)
                                    .with_source(text)
                                    .expected("`all`, or a list of KPI keys")
                                    .hint("write `kpis: all`, `kpis: []` or `kpis: [customers, live_customers]`"),
                            );
                            Published::Only(Vec::new())
                        }
                        Some(PublishedKpis::Keys(keys)) => Published::Only(keys.clone()),
                    };
                    Profile {
                        base_url: p
                            .base_url
                            .map(|u| u.trim_end_matches('/').to_string())
                            .unwrap_or_else(|| base_url.clone()),
                        name,
                        include: p.include,
                        anonymize_unapproved: p.anonymize_unapproved,
                        home: p.home.unwrap_or_else(|| "_index.md".into()),
                        kpis_line,
                        kpis,
                        show_acv: p.show_acv.unwrap_or(!public_only),
                        watermark: p.watermark.filter(|w| !w.trim().is_empty()),
                        notes: p.notes,
                    }
                })
                .collect()
        };
        for p in &profiles {
            if !is_safe_profile_name(&p.name) && !p.name.is_empty() {
                errors.push(
                    located(
                        "profiles",
                        format!("profile name `{}` cannot be a folder name", p.name),
                    )
                    .expected("letters, digits, `-` or `_`"),
                );
            }
        }
        if !is_safe_profile_name(&raw.theme) {
            errors.push(
                located(
                    "theme",
                    format!("theme `{}` cannot be a folder name", raw.theme),
                )
                .expected("the name of a folder under themes/: letters, digits, `-` or `_`")
                .hint("use `theme: default` for the built-in theme"),
            );
        }
        let default_profile = match raw.default_profile {
            Some(name) if profiles.iter().any(|p| p.name == name) => name,
            Some(name) => {
                let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
                let mut d = located(
                    "default_profile",
                    format!("default_profile `{name}` is not a profile"),
                )
                .expected(format!("one of {}", names.join(", ")));
                if let Some(best) = crate::diagnostics::did_you_mean(&name, names) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
                errors.push(d);
                String::new()
            }
            None => profiles[0].name.clone(),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            company: raw.company.unwrap_or_else(|| raw.title.clone()),
            title: raw.title,
            base_url,
            language: raw.language,
            theme: raw.theme,
            timezone: raw.timezone,
            pdf: raw.pdf,
            limits: Limits::from_config(&raw.limits),
            profiles,
            default_profile,
            changes: raw.changes,
            logo: raw.logo,
            contact: raw.contact,
            search: raw.search,
            pipeline: raw.pipeline,
            text: text.to_string(),
        })
    }

    /// The profiles a command works on: the named one, or all of them.
    pub(crate) fn select_profiles(&self, name: Option<&str>) -> Result<Vec<Profile>, Diagnostic> {
        match name {
            None => Ok(self.profiles.clone()),
            Some(name) => match self.profiles.iter().find(|p| p.name == name) {
                Some(p) => Ok(vec![p.clone()]),
                None if self.profiles.iter().all(|p| p.name.is_empty()) => Err(Diagnostic::error(
                    CONFIG_FILE,
                    format!("no profile named `{name}`"),
                )
                .expected("no --profile: site.yaml defines no `profiles:`")
                .hint("leave out --profile, or add `profiles:` to site.yaml")),
                None => {
                    let names: Vec<&str> = self.profiles.iter().map(|p| p.name.as_str()).collect();
                    let mut d =
                        Diagnostic::error(CONFIG_FILE, format!("no profile named `{name}`"))
                            .expected(format!("one of {}", names.join(", ")));
                    if let Some(best) = crate::diagnostics::did_you_mean(name, names) {
                        d = d.hint(format!("did you mean `{best}`?"));
                    }
                    Err(d)
                }
            },
        }
    }

    /// The default profile (for `serve`, `watch`, `check`).
    pub fn default_profile(&self) -> &Profile {
        self.profiles
            .iter()
            .find(|p| p.name == self.default_profile)
            .unwrap_or(&self.profiles[0])
    }
}

/// Line (1-based) of `key:` in profile `name`'s entry (block or flow style), 0 if not found.
fn profile_key_line(text: &str, name: &str, key: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&format!("{name}:")))
    else {
        return 0;
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let own = indent(lines[start]);
    let pattern = format!("{key}:");
    for (n, line) in lines.iter().enumerate().skip(start) {
        if n > start && !line.trim().is_empty() && indent(line) <= own {
            break;
        }
        let code = line.split(" #").next().unwrap_or(line);
        if code.contains(&pattern) {
            return n + 1;
        }
    }
    0
}

fn is_safe_profile_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "title: Acme\nbase_url: https://example.com/\nprofiles:\n  internal: { include: [public, internal] }\n  public: { include: [public], anonymize_unapproved: true, home: welcome.md }\ndefault_profile: internal\n";

    #[test]
    fn parses_profiles_and_trims_base_url() {
        let c = Config::parse(SITE).unwrap();
        assert_eq!(c.base_url, "https://example.com");
        assert_eq!(c.profiles.len(), 2);
        let public = c.select_profiles(Some("public")).unwrap().remove(0);
        assert!(public.anonymize_unapproved);
        assert_eq!(public.home, "welcome.md");
        assert_eq!(public.out_dir(Path::new("out")), Path::new("out/public"));
    }

    #[test]
    fn no_profiles_means_one_implicit_profile_writing_to_the_root() {
        let c = Config::parse("title: A\nbase_url: https://a.example\n").unwrap();
        assert_eq!(c.profiles.len(), 1);
        assert_eq!(
            c.profiles[0].out_dir(Path::new("output")),
            Path::new("output")
        );
    }

    #[test]
    fn public_only_profiles_publish_no_figures_unless_they_say_so() {
        let with = |more: &str| SITE.replace("default_profile", &format!("{more}default_profile"));
        let c = Config::parse(&with(
            "  investors: { include: [public, investor], watermark: Confidential }\n  press:\n    include: [public]\n    kpis: all   # everything\n    show_acv: true\n",
        ))
        .unwrap();
        let get = |n: &str| c.select_profiles(Some(n)).unwrap().remove(0);
        let public = get("public");
        assert_eq!(public.kpis, Published::Only(Vec::new()));
        assert!(!public.publishes("customers") && !public.show_acv);
        let internal = get("internal");
        assert!(internal.publishes("arr") && internal.show_acv);
        assert_eq!(get("investors").watermark.as_deref(), Some("Confidential"));
        let press = get("press");
        assert!(press.publishes("arr") && press.show_acv);
        assert_eq!(press.kpis_line, 9);
        let err = Config::parse(&with("  p2: { include: [public], kpis: some }\n")).unwrap_err();
        assert_eq!(err[0].line, 6, "{err:?}");
    }

    #[test]
    fn unknown_key_is_an_error_with_suggestion() {
        let err = Config::parse("title: A\nbase_url: https://a.example\ntheem: x\n").unwrap_err();
        assert_eq!(err[0].line, 3);
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `theme`?"));
    }

    #[test]
    fn limits_default_and_are_read_and_range_checked() {
        let c = Config::parse("title: A\nbase_url: https://a.example\n").unwrap();
        assert_eq!(c.limits, Limits::default());
        assert_eq!(c.limits.render, std::time::Duration::from_secs(2));
        let c = Config::parse(
            "title: A\nbase_url: https://a.example\nlimits: { render_seconds: 0.5, page_mib: 8 }\n",
        )
        .unwrap();
        assert_eq!(c.limits.render, std::time::Duration::from_millis(500));
        assert_eq!(c.limits.page_bytes, 8 * 1024 * 1024);
        assert_eq!(c.limits.memory_bytes, 2048 * 1024 * 1024);
        let err =
            Config::parse("title: A\nbase_url: https://a.example\nlimits:\n  memory_mib: 1\n")
                .unwrap_err();
        assert_eq!(
            (err[0].line, err[0].message.as_str()),
            (3, "`limits.memory_mib` is out of range")
        );
        let err =
            Config::parse("title: A\nbase_url: https://a.example\nlimits: { render_secs: 3 }\n")
                .unwrap_err();
        assert_eq!(
            err[0].hint.as_deref(),
            Some("did you mean `render_seconds`?")
        );
    }

    #[test]
    fn bad_default_profile_and_timezone_are_located() {
        let err = Config::parse(
            &format!("{SITE}timezone: Mars/Olympus\n")
                .replace("default_profile: internal", "default_profile: intrnal"),
        )
        .unwrap_err();
        assert_eq!(err.len(), 2, "{err:?}");
        assert!(
            err.iter()
                .any(|d| d.hint.as_deref() == Some("did you mean `internal`?"))
        );
    }
}
