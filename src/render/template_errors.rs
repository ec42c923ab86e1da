//! Template and render errors as people read them: located in the page, the
//! template or the layout that caused them, with what was expected and a hint
//! (Tera's own messages name neither the page nor a withheld KPI).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::render::budget::Overrun;
use crate::site::Site;

/// A page over one of its budgets, located at the page (or template) rendered.
pub(crate) fn overrun_error(
    file: &Path,
    overrun: Overrun,
    limits: &crate::config::Limits,
) -> Diagnostic {
    let message = match overrun {
        Overrun::Time => format!(
            "rendering this page took longer than {} s, its time budget; it was stopped",
            limits.render.as_secs_f64()
        ),
        Overrun::Output => format!(
            "this page's output passed {} MiB, its size budget",
            limits.page_bytes / (1024 * 1024)
        ),
        Overrun::Memory => format!(
            "traction went over its memory budget of {} MiB while rendering this page; it was stopped",
            limits.memory_bytes / (1024 * 1024)
        ),
        Overrun::Crashed => "rendering this page crashed (a bug: please report it)".to_string(),
    };
    let hint = match overrun {
        Overrun::Crashed => "the rest of the site was rendered; this page was left out".to_string(),
        _ => "look for loops in the body or its template (nested `range`, a string doubled with `~` in a loop); if the page really is that big, raise `limits: { render_seconds, page_mib, memory_mib }` in site.yaml (docs/TEMPLATES.md)".to_string(),
    };
    Diagnostic::error(file, message).hint(hint)
}

/// "Block `x` is not defined in any parent template": the fault is the layout
/// the template extends (usually a site's own `templates/base.html`), so the
/// error names that file.
pub(crate) fn missing_block(site: &Site, report: &str) -> Option<Diagnostic> {
    let block = report
        .split("Block `")
        .nth(1)?
        .split('`')
        .next()?
        .to_string();
    if !report.contains("is not defined in any parent template") {
        return None;
    }
    let child = report.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("--> ")?;
        let mut parts = rest.rsplitn(3, ':');
        parts.next()?;
        parts.next()?;
        parts.next().map(str::to_string)
    })?;
    let templates = &site.theme.templates;
    let child_source = templates.get(&child)?;
    // The top of the chain is the layout that would have to define the block.
    let mut layout = crate::render::html::extends_of(&child_source.text)?;
    let mut seen = BTreeSet::new();
    while let Some(parent) = templates
        .get(layout)
        .and_then(|t| crate::render::html::extends_of(&t.text))
        .filter(|p| seen.insert(p.to_string()))
    {
        layout = parent;
    }
    let layout_source = templates.get(layout)?;
    Some(
        Diagnostic::error(
            layout_source.origin.clone(),
            format!(
                "`{layout}` has no block `{block}`, which {} fills",
                child_source.origin.display()
            ),
        )
        .expected(format!(
            "`{{% block {block} %}}{{% endblock {block} %}}` in {}",
            layout_source.origin.display()
        ))
        .hint("the default theme's templates fill the blocks `title`, `description` and `content` of base.html; see docs/TEMPLATES.md"),
    )
}

/// `{% block %}` and `{% extends %}` in a page body: Tera refuses them without a
/// location, so the tag is found in the body for the message.
pub(crate) fn unsupported_tag(body: &str, error: &str) -> Option<(String, usize, usize)> {
    let tag = if error.contains("Blocks not supported") {
        "block"
    } else if error.contains("({% extends %}) is not supported") {
        "extends"
    } else {
        return None;
    };
    let (line, column) = body.lines().enumerate().find_map(|(n, text)| {
        let at = text.match_indices("{%").find(|(k, _)| {
            text[k + 2..]
                .trim_start_matches(['-', '+'])
                .trim_start()
                .strip_prefix(tag)
                .is_some_and(|rest| {
                    rest.starts_with(|c: char| c.is_whitespace()) || rest.starts_with('%')
                })
        })?;
        Some((n + 1, text[..at.0].chars().count() + 1))
    })?;
    Some((
        format!("`{{% {tag} %}}` cannot be used in a page body"),
        line,
        column,
    ))
}

/// Message and location out of a rendered report naming Tera's one-off template
/// (some parse errors of `render_str` arrive only as text).
pub(crate) fn one_off_location(text: &str) -> (String, usize, usize) {
    let message = text.lines().next().unwrap_or(text).trim();
    let message = message
        .strip_prefix("error: ")
        .unwrap_or(message)
        .to_string();
    let location = text.split("__tera_one_off:").nth(1).and_then(|rest| {
        let mut parts = rest.split(|c: char| !c.is_ascii_digit());
        Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
    });
    let (line, column) = location.unwrap_or((0, 0));
    (message, line, column)
}

/// The keys of the KPIs `profile` publishes, in table order.
pub(crate) fn published_keys(profile: &crate::config::Profile) -> Vec<&'static str> {
    crate::kpis::KEYS
        .iter()
        .copied()
        .filter(|k| profile.publishes(k))
        .collect()
}

/// The first KPI `line` reads (`kpis.arr`) that `profile` withholds.
pub(crate) fn withheld_kpi(profile: &crate::config::Profile, line: &str) -> Option<&'static str> {
    let mut rest = line;
    while let Some(at) = rest.find("kpis.") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + "kpis.".len()..];
        let key: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let current = crate::kpis::current_key(&key);
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            && let Some(k) = crate::kpis::KEYS.iter().find(|k| **k == current)
            && !profile.publishes(k)
            && !profile.publishes(&key)
        {
            return Some(k);
        }
        rest = after;
    }
    None
}

pub(crate) fn body_hint(message: &str) -> String {
    if message.contains("cannot be used in a page body") {
        "blocks and inheritance belong in templates (templates/*.html, see docs/TEMPLATES.md); a page body is rendered on its own and shown in the template's `content` block".into()
    } else if message.contains("not found")
        || message.contains("not defined")
        || message.contains("Unknown filter")
    {
        "page bodies can use page, section, site, kpis, data and the filters in docs/TEMPLATES.md; write {% raw %}...{% endraw %} for literal braces, or set `render: false`".into()
    } else {
        "page bodies are Tera templates; set `render: false` in the front matter to turn that off"
            .into()
    }
}

pub(crate) fn error_chain(err: &tera::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// A template error as a diagnostic pointing into the template file.
pub(crate) fn template_error(site: &Site, err: &tera::Error) -> Diagnostic {
    match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let origin = site.theme.templates.get(r.filename());
            let file: PathBuf =
                origin.map_or_else(|| PathBuf::from(r.filename()), |t| t.origin.clone());
            let mut d = Diagnostic::error(file, format!("template error: {}", r.message()))
                .at(r.span().start_line, r.span().start_col + 1);
            if let Some(t) = origin {
                d = d.with_source(&t.text);
            }
            d
        }
        tera::ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            Path::new("templates").join(name),
            format!("template `{name}` not found"),
        )
        .hint("an include or extends names a template that neither the theme nor templates/ has"),
        tera::ErrorKind::MissingParent { current, parent } => {
            let file = site
                .theme
                .templates
                .get(current)
                .map_or_else(|| PathBuf::from(current), |t| t.origin.clone());
            Diagnostic::error(file, format!("extends `{parent}`, which does not exist"))
        }
        tera::ErrorKind::CircularInclude { tpl, include_chain }
        | tera::ErrorKind::CircularExtend {
            tpl,
            inheritance_chain: include_chain,
        } => {
            let file = site
                .theme
                .templates
                .get(tpl)
                .map_or_else(|| PathBuf::from(tpl), |t| t.origin.clone());
            Diagnostic::error(
                file,
                format!(
                    "templates include each other in a loop: {}",
                    include_chain.join(" -> ")
                ),
            )
            .hint("break the cycle")
        }
        _ => {
            // Some errors arrive as a rendered report; its `--> name:line:col` says where.
            let text = error_chain(err);
            if let Some(d) = missing_block(site, &text) {
                return d;
            }
            let message = text
                .lines()
                .next()
                .unwrap_or(&text)
                .trim()
                .trim_start_matches("error: ")
                .to_string();
            let located = text.lines().find_map(|l| {
                let rest = l.trim().strip_prefix("--> ")?;
                let mut parts = rest.rsplitn(3, ':');
                let column: usize = parts.next()?.trim().parse().ok()?;
                let line: usize = parts.next()?.trim().parse().ok()?;
                Some((parts.next()?.to_string(), line, column))
            });
            match located.and_then(|(name, line, column)| {
                site.theme.templates.get(&name).map(|t| (t, line, column))
            }) {
                Some((template, line, column)) => Diagnostic::error(
                    template.origin.clone(),
                    format!("template error: {message}"),
                )
                .at(line, column)
                .with_source(&template.text),
                None => Diagnostic::error("templates", format!("template error: {text}")),
            }
        }
    }
}
