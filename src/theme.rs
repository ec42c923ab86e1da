//! The theme: templates, static files and `theme.yaml`, from the default theme
//! compiled into the binary, overridden by `themes/<name>/` on disk and then by
//! the site's own `templates/` (same names win).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::Diagnostic;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::{EXAMPLE, THEME as THEME_FILES};

/// A template's text and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Template text.
    pub text: String,
    /// Path shown in errors (`themes/default/templates/base.html`, or `<built-in>/...`).
    pub origin: PathBuf,
}

/// A static file to copy.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// Built into the binary.
    Embedded(&'static [u8]),
    /// On disk.
    File(PathBuf),
}

/// Everything the renderers take from the theme.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates by name (`base.html`, `partials/toc.html`).
    pub templates: BTreeMap<String, TemplateSource>,
    /// Static files by output path (`css/site.css`).
    pub statics: BTreeMap<String, StaticSource>,
    /// `theme.yaml`, as data for templates.
    pub settings: serde_json::Value,
    /// Files under the theme's `pdf/` folder (style, fonts), by path inside it.
    pub pdf: BTreeMap<String, StaticSource>,
    /// Text and origin of `pdf/style.yaml`, read with the rest of the theme so
    /// the PDF renderer never opens a YAML file (fonts it still reads itself).
    pub pdf_style: Option<(String, PathBuf)>,
}

impl Theme {
    /// Bytes of a file under the theme's `pdf/` folder, with a path for messages.
    pub(crate) fn pdf_file(&self, rel: &str) -> Option<(std::borrow::Cow<'static, [u8]>, PathBuf)> {
        match self.pdf.get(rel)? {
            StaticSource::Embedded(bytes) => Some((
                std::borrow::Cow::Borrowed(*bytes),
                Path::new("<built-in theme>/pdf").join(rel),
            )),
            StaticSource::File(path) => std::fs::read(path)
                .ok()
                .map(|b| (std::borrow::Cow::Owned(b), path.clone())),
        }
    }

    /// Text of a file under `pdf/`, read now.
    fn pdf_file_text(&self, rel: &str) -> Option<(String, PathBuf)> {
        self.pdf_file(rel)
            .map(|(b, p)| (String::from_utf8_lossy(&b).into_owned(), p))
    }
}

/// Loads the theme named in the config, with the site's overrides.
pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::default();
    let mut settings_text: Option<(String, PathBuf)> = None;
    for (path, bytes) in embedded::THEME {
        let origin = Path::new("<built-in theme>").join(path);
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(bytes).into_owned();
            theme
                .templates
                .insert(name.to_string(), TemplateSource { text, origin });
        } else if let Some(name) = path.strip_prefix("static/") {
            theme
                .statics
                .insert(name.to_string(), StaticSource::Embedded(bytes));
        } else if let Some(name) = path.strip_prefix("pdf/") {
            theme
                .pdf
                .insert(name.to_string(), StaticSource::Embedded(bytes));
        } else if *path == "theme.yaml" {
            settings_text = Some((String::from_utf8_lossy(bytes).into_owned(), origin));
        }
    }
    let theme_dir = root.join("themes").join(&config.theme);
    let mut errors = Vec::new();
    if theme_dir.is_dir() {
        overlay_templates(root, &theme_dir.join("templates"), &mut theme, &mut errors);
        overlay_statics(&theme_dir.join("static"), &mut theme.statics);
        overlay_statics(&theme_dir.join("pdf"), &mut theme.pdf);
        let settings = theme_dir.join("theme.yaml");
        if settings.is_file() {
            match std::fs::read_to_string(&settings) {
                Ok(text) => settings_text = Some((text, relative(root, &settings))),
                Err(e) => errors.push(crate::diagnostics::io_error(
                    &settings,
                    root,
                    "read theme.yaml",
                    &e,
                )),
            }
        }
    } else if config.theme != "default" {
        let line = crate::yaml::key_line(&config.text, "theme");
        errors.push(
            Diagnostic::error(
                crate::config::CONFIG_FILE,
                format!("theme `{}` not found", config.theme),
            )
            .at(line.unwrap_or(0), 1)
            .expected(format!(
                "a folder themes/{}/ with templates/ inside",
                config.theme
            ))
            .hint("use `theme: default` for the built-in theme"),
        );
    }
    overlay_templates(root, &root.join("templates"), &mut theme, &mut errors);
    overlay_statics(&root.join("static"), &mut theme.statics);
    if let Some((text, origin)) = settings_text {
        match crate::yaml::parse::<serde_json::Value>(
            &text,
            &origin,
            1,
            &text,
            crate::yaml::Size::Small,
        ) {
            Ok(v) => theme.settings = v,
            Err(d) => errors.push(d),
        }
    }
    theme.pdf_style = theme.pdf_file_text("style.yaml");
    if errors.is_empty() {
        Ok(theme)
    } else {
        Err(errors)
    }
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && !crate::source::is_ignored_name(&e.file_name().to_string_lossy())
        })
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect()
}

fn overlay_templates(root: &Path, dir: &Path, theme: &mut Theme, errors: &mut Vec<Diagnostic>) {
    for (name, path) in files_under(dir) {
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    theme.templates.insert(
                        name,
                        TemplateSource {
                            text,
                            origin: relative(root, &path),
                        },
                    );
                }
                Err(_) => errors.push(
                    Diagnostic::error(relative(root, &path), "template is not valid UTF-8")
                        .hint("re-save it as UTF-8"),
                ),
            },
            Err(e) => errors.push(crate::diagnostics::io_error(
                &path,
                root,
                "read the template",
                &e,
            )),
        }
    }
}

fn overlay_statics(dir: &Path, statics: &mut BTreeMap<String, StaticSource>) {
    for (name, path) in files_under(dir) {
        statics.insert(name, StaticSource::File(path));
    }
}
