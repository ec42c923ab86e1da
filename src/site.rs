//! The loaded and computed site: everything the renderers read, in memory.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::Content;
use crate::data::Data;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kpis::Kpis;
use crate::source::Text;
use crate::theme::Theme;

/// The site after the load and compute stages.
#[derive(Debug, Clone)]
pub struct Site {
    /// Site root on disk.
    pub root: PathBuf,
    /// `site.yaml`.
    pub config: Config,
    /// Pages and sections.
    pub content: Content,
    /// `data/`.
    pub data: Data,
    /// Computed KPIs.
    pub kpis: Kpis,
    /// Templates, static files, `theme.yaml`.
    pub theme: Theme,
    /// "Now" for this build: `SOURCE_DATE_EPOCH` when set, else the clock.
    pub now: jiff::ZonedDateTime,
}

impl Site {
    /// The text of a loaded file (`file` relative to the root) as the model
    /// keeps it: `site.yaml`, a page (front matter from line 2, then the body),
    /// a YAML or CSV data file, a theme template. This is the store diagnostics
    /// resolve lines against after loading: the file on disk may have changed
    /// since (under `watch`), the loaded text has not.
    pub(crate) fn source(&self, file: &Path) -> Option<Text<'_>> {
        if file == Path::new(crate::config::CONFIG_FILE) {
            return Some(Text::whole(&self.config.text));
        }
        if let Ok(rel) = file.strip_prefix(crate::content::CONTENT_DIR)
            && let Some(rel) = rel.to_str()
            // Only Windows separates with `\`; elsewhere it is a character of the name.
            && let Some(i) = self.content.page_by_rel(&if std::path::MAIN_SEPARATOR == '\\' {
                rel.replace('\\', "/")
            } else {
                rel.to_string()
            })
        {
            let page = &self.content.pages[i];
            return Some(
                Text::default()
                    .part(FRONT_LINE, &page.front)
                    .part(page.body_line, &page.body),
            );
        }
        if let Some(data) = self.data.files.values().find(|f| f.file == file) {
            return data
                .yaml_source
                .as_deref()
                .or(data.csv_source.as_deref())
                .map(Text::whole);
        }
        self.theme
            .templates
            .values()
            .find(|t| t.origin == file)
            .map(|t| Text::whole(&t.text))
    }
}

/// Line of a page's file where its front matter starts (after the `---` line).
const FRONT_LINE: usize = 2;

/// Loads every input of the site under `root`, collecting every error found.
pub fn load(root: &Path) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let config = Config::load(root)?;
    let mut diags = Diagnostics::default();
    let content = match crate::content::load(root) {
        Ok((content, warnings)) => {
            diags.extend(warnings);
            Some(content)
        }
        Err(e) => {
            diags.extend(e);
            None
        }
    };
    let data = crate::data::load(root).map_err(|e| diags.extend(e)).ok();
    let kpis = data.as_ref().and_then(|d| {
        match crate::kpis::compute_with(d, &config.pipeline, &config.text) {
            Ok((k, warnings)) => {
                diags.extend(warnings);
                Some(k)
            }
            Err(e) => {
                diags.extend(e);
                None
            }
        }
    });
    let theme = crate::theme::load(root, &config)
        .map_err(|e| diags.extend(e))
        .ok();
    diags.extend(unknown_published_kpis(&config));
    if let Some(content) = &content {
        diags.extend(unknown_success_kpis(content));
    }
    if let (Some(content), Some(theme)) = (&content, &theme) {
        diags.extend(crate::content::check_static_paths(
            root,
            content,
            theme.statics.keys().map(String::as_str),
        ));
    }
    let now = now(&config, &mut diags);
    match (content, data, kpis, theme) {
        (Some(content), Some(data), Some(kpis), Some(theme)) if !diags.has_errors() => Ok((
            Site {
                root: root.to_path_buf(),
                config,
                content,
                data,
                kpis,
                theme,
                now,
            },
            diags.sorted(),
        )),
        _ => Err(diags.sorted()),
    }
}

/// Keys in a profile's `kpis:` that name no KPI.
fn unknown_published_kpis(config: &Config) -> Vec<Diagnostic> {
    let keys = crate::kpis::KEYS;
    let mut errors = Vec::new();
    for p in &config.profiles {
        let crate::config::Published::Only(names) = &p.kpis else {
            continue;
        };
        for n in names
            .iter()
            .filter(|n| !keys.contains(&crate::kpis::current_key(n)))
        {
            let mut d = Diagnostic::error(
                crate::config::CONFIG_FILE,
                format!("unknown KPI `{n}` in `kpis:` of profile `{}`", p.name),
            )
            .at(p.kpis_line, 1)
            .expected(format!("`all` or a list of: {}", keys.join(", ")));
            if let Some(best) = crate::diagnostics::did_you_mean(n, keys.to_vec()) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            errors.push(d);
        }
    }
    errors
}

/// Typed success metrics whose `kpi:` names no KPI.
fn unknown_success_kpis(content: &Content) -> Vec<Diagnostic> {
    let keys = crate::kpis::KEYS;
    let mut errors = Vec::new();
    for page in &content.pages {
        let crate::content::KindData::WeekPlan(w) = &page.data else {
            continue;
        };
        for m in &w.success_metrics {
            let crate::content::kinds::SuccessMetric::Typed(t) = m else {
                continue;
            };
            let Some(kpi) = t.kpi.as_deref() else {
                continue;
            };
            if keys.contains(&crate::kpis::current_key(kpi)) {
                continue;
            }
            let mut d = Diagnostic::error(
                &page.file,
                format!("success metric `{}` names an unknown KPI `{kpi}`", t.metric),
            )
            .at(t.line, 1)
            .expected(format!("one of: {}", keys.join(", ")));
            if let Some(best) = crate::diagnostics::did_you_mean(kpi, keys.to_vec()) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            errors.push(d);
        }
    }
    errors
}

/// "Now" for a build or a snapshot: `SOURCE_DATE_EPOCH` when set, else the start of today.
pub(crate) fn now(config: &Config, diags: &mut Diagnostics) -> jiff::ZonedDateTime {
    let tz = jiff::tz::TimeZone::get(&config.timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let timestamp = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => match text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
        {
            Some(t) => t,
            None => {
                diags.push(
                    Diagnostic::error(
                        "",
                        format!("SOURCE_DATE_EPOCH `{text}` is not a Unix timestamp"),
                    )
                    .expected("seconds since 1970-01-01, such as 1769385600"),
                );
                jiff::Timestamp::UNIX_EPOCH
            }
        },
        // Without SOURCE_DATE_EPOCH, "now" is the start of today: builds on the same
        // day stay byte-identical, and unchanged PDFs stay cached.
        Err(_) => {
            let today = jiff::Timestamp::now().to_zoned_datetime(tz.clone()).date();
            return today
                .to_zoned_datetime(tz.clone())
                .unwrap_or_else(|_| jiff::Timestamp::now().to_zoned_datetime(tz));
        }
    };
    timestamp.to_zoned_datetime(tz)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_from_the_loaded_text_not_from_the_file_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("site.yaml"),
            "title: T\r\nbase_url: https://t.example\r\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/_index.md"), "---\ntitle: Home\n---\n").unwrap();
        std::fs::write(
            root.join("content/a.md"),
            "---\ntitle: A\ndescription: d\n---\n# A\n\n[x](/b/)\n",
        )
        .unwrap();
        let (site, _) = load(root).unwrap();
        // An edit after loading (as under `watch`) moves every line.
        std::fs::write(root.join("content/a.md"), "---\n\n\n\ntitle: A\n---\n").unwrap();
        std::fs::write(root.join("site.yaml"), "\n\ntitle: T\n").unwrap();

        let page = site.source(Path::new("content/a.md")).unwrap();
        assert_eq!(page.line_where(|l| l.starts_with("description:")), Some(3));
        assert_eq!(
            page.first_lines(&["(/b/)", "title"]),
            vec![Some(7), Some(2)]
        );
        let config = site.source(Path::new("site.yaml")).unwrap();
        assert_eq!(config.line_where(|l| l.starts_with("base_url:")), Some(2));
        let template = site.theme.templates.values().next().unwrap();
        assert!(site.source(&template.origin).is_some());
        assert!(site.source(Path::new("content/missing.md")).is_none());
    }
}
