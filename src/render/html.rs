//! HTML pages with Tera 2: the template environment of a profile (filters,
//! functions, theme templates, globals) and the rendering of every page.
//!
//! Globals (`site`, `kpis`, `data`, `menu`, ...) are built once per profile and
//! put in Tera's global context; a page's own context holds only `page`,
//! `section` and `content`, so rendering 10,000 pages never re-serialises the
//! site 10,000 times.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::json;
use tera::{Context, Tera, Value};

use crate::audience::{self, View};
use crate::content::{Kind, normalize_rel};
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::output::Sink;
use crate::render::budget::{self, Overrun};
use crate::render::template_errors::{
    body_hint, error_chain, one_off_location, overrun_error, template_error, unsupported_tag,
    withheld_kpi,
};
use crate::render::urls::{self, Base};
use crate::render::{charts, dashboards, values};
use crate::site::Site;

mod deck;
mod functions;
pub(crate) use deck::TemplatedSlide;
use functions::{register_filters, register_functions};

/// What `pages_in` and `url_for` look things up in.
struct Lookup {
    sections: HashMap<String, Value>,
    by_rel: HashMap<String, String>,
    files: BTreeSet<String>,
}

/// A profile's template environment.
pub struct Renderer<'a> {
    site: &'a Site,
    view: &'a View,
    env: Arc<Environment>,
}

/// What a profile's pages are rendered with: Tera (filters, functions, theme
/// templates, globals) and every page's template value. It depends on the site
/// except page bodies, so the watch loop keeps it across body-only edits.
pub(crate) struct Environment {
    tera: Tera,
    page_values: Vec<Option<Value>>,
    section_values: HashMap<String, Value>,
}

/// Output files that are not pages but can be linked with `url_for`.
pub(crate) fn generated_files(site: &Site, view: &View) -> Vec<String> {
    let mut files = vec![
        "kpis.json".to_string(),
        "sitemap.xml".to_string(),
        "404.html".to_string(),
    ];
    files.extend(crate::render::extras::calendar_paths(site, view));
    files.extend(
        crate::render::feeds::links(site, view)
            .into_iter()
            .map(|f| f.path),
    );
    if site.config.search {
        files.push(crate::render::search::INDEX_FILE.to_string());
    }
    files.extend(crate::render::dashboards::review_files(site, view));
    files
}

impl<'a> Renderer<'a> {
    /// Builds the environment: values, filters, functions, templates, globals.
    pub fn new(site: &'a Site, view: &'a View) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        // Converted to Tera values once: a section's `pages` and every render
        // share them instead of converting them again.
        let page_values: Vec<Option<Value>> = (0..site.content.pages.len())
            .into_par_iter()
            .map(|i| {
                view.includes(i)
                    .then(|| Value::from_serializable(&values::page(site, view, i)))
            })
            .collect();
        let mut section_values = HashMap::new();
        for section in site.content.sections.values() {
            let pages: Vec<Value> = section
                .pages
                .iter()
                .filter_map(|&i| page_values[i].clone())
                .collect();
            let index = section.index.filter(|&i| view.includes(i));
            if pages.is_empty() && index.is_none() {
                continue;
            }
            let index_page = index.map(|i| view.page(&site.content, i));
            let value = json!({
                "title": index_page.map_or(section.path.as_str(), |p| p.meta.title.as_str()),
                "description": index_page.and_then(|p| p.meta.description.clone()),
                // Without its index page, a section is reached through its first visible page.
                "url": index
                    .or_else(|| section.pages.iter().copied().find(|&i| view.includes(i)))
                    .map_or(section.url.as_str(), |i| view.url(i)),
                "path": section.path,
                "page_kind": section.page_kind.name(),
            });
            let mut value = Value::from_serializable(&value)
                .into_map()
                .expect("a JSON object is a map");
            value.insert("pages".into(), Value::from(pages));
            section_values.insert(section.path.clone(), Value::from(value));
        }
        let mut files: BTreeSet<String> = site.theme.statics.keys().cloned().collect();
        files.extend(site.content.assets.iter().map(|a| a.out.clone()));
        files.extend(generated_files(site, view));
        let lookup = Arc::new(Lookup {
            sections: section_values.clone(),
            by_rel: view.by_rel.clone(),
            files,
        });
        let new_tera = || {
            let mut tera = Tera::new();
            register_filters(&mut tera);
            register_functions(&mut tera, lookup.clone());
            charts::register(&mut tera);
            tera
        };
        let mut tera = new_tera();
        let templates = site
            .theme
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.text.as_str()));
        if tera.add_raw_templates(templates).is_err() {
            // Tera checks every template it is given. A site that overrides
            // base.html must not fail in theme templates it never renders (a
            // layout without the blocks of an unused `roles.html`): retry with
            // only the templates this profile renders and what they name.
            tera = new_tera();
            let used = templates_in_use(site, view);
            let templates = site
                .theme
                .templates
                .iter()
                .filter(|(n, _)| used.contains(n.as_str()))
                .map(|(n, t)| (n.as_str(), t.text.as_str()));
            tera.add_raw_templates(templates)
                .map_err(|e| vec![template_error(site, &e)])?;
        }
        let globals = globals(site, view);
        for (key, value) in globals {
            tera.global_context().insert_value(key, value);
        }
        let env = Arc::new(Environment {
            tera,
            page_values,
            section_values,
        });
        Ok(Renderer { site, view, env })
    }

    /// Whether page `i`'s template (parents and includes too) reads any of `names`.
    pub(crate) fn template_reads(&self, i: usize, names: &[&str]) -> bool {
        let Ok(template) = self.template_for(i) else {
            return true;
        };
        match self.env.tera.get_template_variables(&template) {
            Ok(vars) => names.iter().any(|n| vars.contains(n)),
            Err(_) => true,
        }
    }

    /// A renderer reusing an environment built for the same site (bodies aside).
    pub(crate) fn with_environment(
        site: &'a Site,
        view: &'a View,
        env: Arc<Environment>,
    ) -> Renderer<'a> {
        Renderer { site, view, env }
    }

    /// The environment, to keep for later body-only renders.
    pub(crate) fn environment(&self) -> Arc<Environment> {
        self.env.clone()
    }

    /// Renders every page of the profile and its 404 page into `sink`.
    pub(crate) fn render_pages(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        let pages: Vec<usize> = self.view.pages().collect();
        let mut errors: Vec<Diagnostic> = pages
            .par_chunks(BATCH)
            .flat_map_iter(|chunk| {
                let rendered = self.render_batch(chunk);
                chunk
                    .iter()
                    .zip(rendered)
                    .flat_map(|(&i, html)| match html {
                        Ok(html) => sink
                            .write(&url_to_file(self.view.url(i)), html.as_bytes())
                            .err()
                            .into_iter()
                            .collect(),
                        Err(e) => {
                            sink.failed(&url_to_file(self.view.url(i)));
                            e
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        if self.view.home.is_none() {
            match self.render_generated_home() {
                Ok(html) => errors.extend(sink.write("index.html", html.as_bytes()).err()),
                Err(e) => errors.push(e),
            }
        }
        match self.render_template("404.html", &Context::new()) {
            Ok(html) => {
                let base = Base::Root(urls::base_path(&self.view.profile.base_url));
                let html = urls::rewrite_html(&html, base);
                errors.extend(sink.write("404.html", html.as_bytes()).err());
            }
            Err(e) => errors.push(e),
        }
        errors
    }

    pub(crate) fn render_template(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        let origin = self.site.theme.templates.get(name).map_or_else(
            || PathBuf::from("templates").join(name),
            |t| t.origin.clone(),
        );
        self.within_budget(Instant::now(), ctx.clone(), name.to_string(), None)
            .map_err(|e| match e {
                Failure::Template(e) => template_error(self.site, &e),
                Failure::Overrun(o) => overrun_error(&origin, o, &self.site.config.limits),
            })
    }

    /// Renders template `name` (or, with `body`, that text as a one-off template)
    /// on a budget worker (see `render::budget`).
    fn within_budget(
        &self,
        started: Instant,
        ctx: Context,
        name: String,
        body: Option<String>,
    ) -> Result<String, Failure> {
        let env = self.env.clone();
        let job: TeraJob = Box::new(move |out| match &body {
            Some(text) => env.tera.render_str_to(text, &ctx, true, out),
            None => env.tera.render_to(&name, &ctx, out),
        });
        let mut ran = budget::run_all(&self.site.config.limits, vec![(started.elapsed(), job)]);
        output(ran.pop().unwrap_or(Err(Overrun::Crashed)))
    }

    /// `/` for a profile that cannot see `content/_index.md`: the home template with no body.
    fn render_generated_home(&self) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        let page = json!({ "title": self.site.config.title, "url": "/", "kind": "page", "toc": [],
                           "description": null, "permalink": format!("{}/", self.view.profile.base_url) });
        ctx.insert_value("page", Value::from_serializable(&page));
        ctx.insert_value("content", Value::safe_string(""));
        ctx.insert("is_home", &true);
        let html = self.render_template("index.html", &ctx)?;
        Ok(urls::rewrite_html(&html, Base::Page("index.html")).into_owned())
    }

    /// Renders page `i`: body template, Markdown, then the page template.
    pub fn render_page(&self, i: usize) -> Result<String, Vec<Diagnostic>> {
        self.render_batch(&[i])
            .pop()
            .unwrap_or_else(|| Ok(String::new()))
    }

    /// Renders `pages` (body templates, Markdown, page templates), one result
    /// per page in order. Each stage's Tera calls go to the budget worker as one
    /// batch (see `render::budget`).
    fn render_batch(&self, pages: &[usize]) -> Vec<Result<String, Vec<Diagnostic>>> {
        let limits = &self.site.config.limits;
        let mut results: Vec<Option<Result<String, Vec<Diagnostic>>>> =
            pages.iter().map(|_| None).collect();
        // Bodies: as written, templated (a job), or a deck's slides.
        let mut bodies: Vec<(Option<String>, Duration)> =
            pages.iter().map(|_| (None, Duration::ZERO)).collect();
        let mut body_jobs: Vec<(usize, (Duration, TeraJob))> = Vec::new();
        for (slot, &i) in pages.iter().enumerate() {
            let page = self.view.page(&self.site.content, i);
            if self.env.page_values[i].is_none() {
                results[slot] = Some(Ok(String::new()));
                continue;
            }
            let templated = page.meta.render && has_template_syntax(&page.body);
            if page.kind() != Kind::Deck && !templated {
                continue;
            }
            let ctx = self.page_context(i, self.env.page_values[i].clone());
            if page.kind() == Kind::Deck {
                let started = Instant::now();
                match self.deck_markdown(i, &ctx, started) {
                    Ok(body) => bodies[slot] = (Some(body), started.elapsed()),
                    Err(e) => results[slot] = Some(Err(e)),
                }
                continue;
            }
            // Escaped like theme templates: a customer name holding `</title><script>`
            // in data must not land raw in the page. `| safe` opts out. The escaped
            // characters are those Markdown escapes in text anyway, so prose is unchanged.
            let env = self.env.clone();
            let text = page.body.clone();
            let job: TeraJob = Box::new(move |out| env.tera.render_str_to(&text, &ctx, true, out));
            body_jobs.push((slot, (Duration::ZERO, job)));
        }
        let (slots, jobs): (Vec<usize>, Vec<_>) = body_jobs.into_iter().unzip();
        for (slot, ran) in slots.into_iter().zip(budget::run_all(limits, jobs)) {
            let i = pages[slot];
            let took = ran.as_ref().map_or(Duration::ZERO, |r| r.took);
            match output(ran) {
                Ok(body) => bodies[slot] = (Some(body), took),
                Err(Failure::Template(e)) => {
                    results[slot] = Some(Err(vec![self.body_error(i, &e)]))
                }
                Err(Failure::Overrun(o)) => {
                    let page = self.view.page(&self.site.content, i);
                    results[slot] = Some(Err(vec![
                        overrun_error(&page.file, o, limits).at(page.body_line, 1),
                    ]));
                }
            }
        }
        // Markdown, then the page template with the body as `content`.
        let mut page_jobs: Vec<(usize, (Duration, TeraJob))> = Vec::new();
        for (slot, &i) in pages.iter().enumerate() {
            if results[slot].is_some() {
                continue;
            }
            let (body, spent) = std::mem::take(&mut bodies[slot]);
            match self.page_job(i, body.as_deref()) {
                Ok(job) => page_jobs.push((slot, (spent, job))),
                Err(e) => results[slot] = Some(Err(e)),
            }
        }
        let (slots, jobs): (Vec<usize>, Vec<_>) = page_jobs.into_iter().unzip();
        for (slot, ran) in slots.into_iter().zip(budget::run_all(limits, jobs)) {
            let i = pages[slot];
            let page = self.view.page(&self.site.content, i);
            results[slot] = Some(match output(ran) {
                Ok(html) => {
                    let file = url_to_file(self.view.url(i));
                    Ok(match urls::rewrite_html(&html, Base::Page(&file)) {
                        std::borrow::Cow::Owned(rewritten) => rewritten,
                        std::borrow::Cow::Borrowed(_) => html,
                    })
                }
                Err(Failure::Template(e)) => {
                    Err(vec![template_error(self.site, &e).hint(format!(
                        "while rendering {} with {}",
                        page.file.display(),
                        template_name(self.site, self.view, i)
                    ))])
                }
                Err(Failure::Overrun(o)) => Err(vec![overrun_error(&page.file, o, limits)]),
            });
        }
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Ok(String::new())))
            .collect()
    }

    /// Page `i`'s context before its body is rendered: `page`, `section`, `is_home`.
    fn page_context(&self, i: usize, value: Option<Value>) -> Context {
        let page = self.view.page(&self.site.content, i);
        let mut ctx = Context::new();
        if let Some(value) = value {
            ctx.insert_value("page", value);
        }
        ctx.insert_value(
            "section",
            self.env
                .section_values
                .get(&page.section)
                .cloned()
                .unwrap_or_else(Value::none),
        );
        ctx.insert("is_home", &(self.view.home == Some(i)));
        ctx
    }

    /// The page template's job for page `i`, with its body (`None`: as written) as HTML.
    fn page_job(&self, i: usize, body: Option<&str>) -> Result<TeraJob, Vec<Diagnostic>> {
        let page = self.view.page(&self.site.content, i);
        let base_dir = page.rel.rfind('/').map_or("", |k| &page.rel[..k]);
        let resolve = |link: &str| -> Option<String> {
            let (path, fragment) = link
                .split_once('#')
                .map_or((link, None), |(p, f)| (p, Some(f)));
            let rel = normalize_rel(base_dir, path)?;
            let url = self.view.by_rel.get(&rel)?;
            Some(fragment.map_or_else(|| url.clone(), |f| format!("{url}#{f}")))
        };
        let rendered = markdown::render(body.unwrap_or(&page.body), &resolve);
        if !rendered.broken_links.is_empty() {
            return Err(rendered
                .broken_links
                .iter()
                .map(|b| self.link_error(i, b))
                .collect());
        }
        // The page's value is shared (Tera values are reference-counted): only
        // the map's top level is copied to add what rendering the body found.
        let mut own = self.env.page_values[i]
            .clone()
            .and_then(Value::into_map)
            .unwrap_or_default();
        own.insert("toc".into(), Value::from_serializable(&rendered.toc));
        own.insert(
            "word_count".into(),
            Value::from_serializable(&rendered.word_count),
        );
        own.insert(
            "reading_time".into(),
            Value::from_serializable(&rendered.word_count.div_ceil(200).max(1)),
        );
        let mut ctx = self.page_context(i, Some(Value::from(own)));
        ctx.insert_value("content", Value::safe_string(&rendered.html));
        let template = self.template_for(i).map_err(|d| vec![d])?;
        let env = self.env.clone();
        Ok(Box::new(move |out| {
            env.tera.render_to(&template, &ctx, out)
        }))
    }

    /// The page body after templating (Markdown), as the PDF renderer needs it.
    pub(crate) fn body_markdown(&self, i: usize) -> Result<String, Vec<Diagnostic>> {
        let ctx = self.page_context(i, self.env.page_values[i].clone());
        self.templated_body(i, &ctx, Instant::now())
    }

    fn templated_body(
        &self,
        i: usize,
        ctx: &Context,
        started: Instant,
    ) -> Result<String, Vec<Diagnostic>> {
        let page = self.view.page(&self.site.content, i);
        if page.meta.render && has_template_syntax(&page.body) {
            // Escaped like theme templates: a customer name holding `</title><script>`
            // in data must not land raw in the page. `| safe` opts out. The escaped
            // characters are those Markdown escapes in text anyway, so prose is unchanged.
            self.within_budget(started, ctx.clone(), String::new(), Some(page.body.clone()))
                .map_err(|e| match e {
                    Failure::Template(e) => vec![self.body_error(i, &e)],
                    Failure::Overrun(o) => vec![
                        overrun_error(&page.file, o, &self.site.config.limits)
                            .at(page.body_line, 1),
                    ],
                })
        } else {
            Ok(page.body.clone())
        }
    }

    fn template_for(&self, i: usize) -> Result<String, Diagnostic> {
        let page = self.view.page(&self.site.content, i);
        let name = template_name(self.site, self.view, i);
        if self.site.theme.templates.contains_key(&name) {
            return Ok(name);
        }
        let known: Vec<&str> = self
            .site
            .theme
            .templates
            .keys()
            .map(String::as_str)
            .filter(|n| !n.starts_with("partials/"))
            .collect();
        let mut d = Diagnostic::error(&page.file, format!("template `{name}` does not exist"))
            .at(self.front_line(i, "template"), 1)
            .expected(format!("one of {}", known.join(", ")));
        if let Some(best) = crate::diagnostics::did_you_mean(&name, known.iter().copied()) {
            d = d.hint(format!("did you mean `{best}`?"));
        } else {
            d = d.hint("add the template to templates/ or to the theme");
        }
        Ok(name).and(Err(d))
    }

    /// Line of a top-level front-matter key in the page as loaded, for the message.
    fn front_line(&self, i: usize, key: &str) -> usize {
        let page = self.view.page(&self.site.content, i);
        self.site
            .source(&page.file)
            .and_then(|t| t.line_where(|l| crate::yaml::is_key_line(l, key)))
            .unwrap_or(0)
    }

    fn body_error(&self, i: usize, err: &tera::Error) -> Diagnostic {
        let page = self.view.page(&self.site.content, i);
        let (message, line, column) = match err.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
                r.message().to_string(),
                r.span().start_line,
                r.span().start_col + 1,
            ),
            _ => match unsupported_tag(&page.body, &error_chain(err)) {
                Some(found) => found,
                None => one_off_location(&error_chain(err)),
            },
        };
        let line = if line > 0 {
            line + page.body_line - 1
        } else {
            0
        };
        let body_source = format!(
            "{}{}",
            "\n".repeat(page.body_line.saturating_sub(1)),
            page.body
        );
        let source_line = body_source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("");
        if let Some(key) = withheld_kpi(&self.view.profile, source_line) {
            return Diagnostic::error(
                &page.file,
                format!(
                    "in the page body: KPI `{key}` is not published in profile `{}`",
                    self.view.profile.name
                ),
            )
            .at(line, column)
            .with_source(&body_source)
            .expected(format!(
                "one of the KPIs the profile publishes: {}",
                match crate::render::template_errors::published_keys(&self.view.profile).join(", ") {
                    keys if keys.is_empty() => "none".to_string(),
                    keys => keys,
                }
            ))
            .hint(format!(
                "add `{key}` to `kpis:` of profile `{}` in site.yaml if this audience may see it, or write {{% if kpis.{key} is defined %}}...{{% endif %}}",
                self.view.profile.name
            ));
        }
        Diagnostic::error(&page.file, format!("in the page body: {message}"))
            .at(line, column)
            .with_source(&body_source)
            .hint(body_hint(&message))
    }

    fn link_error(&self, i: usize, broken: &markdown::BrokenLink) -> Diagnostic {
        let page = self.view.page(&self.site.content, i);
        let base_dir = page.rel.rfind('/').map_or("", |k| &page.rel[..k]);
        let path = broken.target.split('#').next().unwrap_or(&broken.target);
        let target_rel = normalize_rel(base_dir, path);
        let exists = target_rel
            .as_deref()
            .and_then(|r| self.site.content.page_by_rel(r));
        let line = page.body_line + broken.line - 1;
        let body_source = format!(
            "{}{}",
            "\n".repeat(page.body_line.saturating_sub(1)),
            page.body
        );
        let d = match exists {
            Some(_) => Diagnostic::error(&page.file, format!(
                "links to {} which is not in the `{}` profile",
                broken.target, self.view.profile.name
            ))
            .hint("the linked page's visibility (or draft status) keeps it out of this audience's site; remove the link or change its visibility"),
            None => Diagnostic::error(&page.file, format!("link to a page that does not exist: {}", broken.target))
                .expected("a path to a .md file, relative to this page or to content/")
                .hint("check the file name; links resolve relative to the linking page's folder"),
        };
        d.at(line, 0).with_source(&body_source)
    }
}

/// Pages per batch for the budget worker: the hand-off is rare, rayon still
/// balances chunks, and a chunk's pages are held only briefly before written.
const BATCH: usize = 64;

/// A Tera call for the budget worker.
type TeraJob = budget::Work<Result<(), tera::Error>>;

/// A Tera call's output as text, or why there is none.
fn output(ran: Result<budget::Ran<Result<(), tera::Error>>, Overrun>) -> Result<String, Failure> {
    match ran {
        Ok(budget::Ran {
            value: Ok(()),
            bytes,
            ..
        }) => String::from_utf8(bytes).map_err(|e| {
            Failure::Template(tera::Error::message(format!("output is not UTF-8: {e}")))
        }),
        Ok(budget::Ran { value: Err(e), .. }) => Err(Failure::Template(e)),
        Err(o) => Err(Failure::Overrun(o)),
    }
}

/// Why a Tera call gave no page.
enum Failure {
    /// Tera's own error (syntax, undefined variable, a filter's refusal).
    Template(tera::Error),
    /// Over a budget of `limits:`.
    Overrun(Overrun),
}

/// The template page `i` is rendered with, whether it exists or not.
fn template_name(site: &Site, view: &View, i: usize) -> String {
    let page = view.page(&site.content, i);
    match &page.meta.template {
        Some(t) => t.clone(),
        None if view.home == Some(i) || page.url == "/" => "index.html".into(),
        None if page.is_index => "section.html".into(),
        None => match page.kind() {
            Kind::Page => "page.html".into(),
            Kind::CaseStudy => "case_study.html".into(),
            Kind::WeekPlan => "week_plan.html".into(),
            Kind::Deck => "deck.html".into(),
        },
    }
}

/// The templates a profile's build needs: those its pages, home and 404 page
/// render, every template that extends nothing (partials, layouts, components,
/// which any template may call), the site's own `templates/` (its author wants
/// to hear about them), and every template a kept one names in quotes.
fn templates_in_use<'s>(site: &'s Site, view: &View) -> BTreeSet<&'s str> {
    let templates = &site.theme.templates;
    let mut wanted: BTreeSet<String> = view.pages().map(|i| template_name(site, view, i)).collect();
    wanted.extend(["index.html".to_string(), "404.html".to_string()]);
    let mut used: BTreeSet<&str> = templates
        .iter()
        .filter(|(name, t)| {
            wanted.contains(*name)
                || extends_of(&t.text).is_none()
                || t.origin.starts_with("templates")
        })
        .map(|(name, _)| name.as_str())
        .collect();
    loop {
        let named: Vec<&str> = templates
            .keys()
            .map(String::as_str)
            .filter(|name| !used.contains(name))
            .filter(|name| {
                used.iter().any(|u| {
                    let text = &templates[*u].text;
                    text.contains(&format!("\"{name}\"")) || text.contains(&format!("'{name}'"))
                })
            })
            .collect();
        if named.is_empty() {
            return used;
        }
        used.extend(named);
    }
}

/// The template named by `{% extends "..." %}`, if the text has one.
pub(crate) fn extends_of(text: &str) -> Option<&str> {
    text.match_indices("{%").find_map(|(k, _)| {
        let rest = text[k + 2..].trim_start_matches('-').trim_start();
        let rest = rest.strip_prefix("extends")?.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let rest = &rest[1..];
        rest.find(quote).map(|end| &rest[..end])
    })
}

/// Cheap test before paying for a template parse.
fn has_template_syntax(body: &str) -> bool {
    body.contains("{{") || body.contains("{%") || body.contains("{#")
}

/// `/plans/week-10/` -> `plans/week-10/index.html`.
pub(crate) fn url_to_file(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else {
        format!("{trimmed}index.html")
    }
}

fn globals(site: &Site, view: &View) -> Vec<(&'static str, Value)> {
    let today = site.now.date().to_string();
    let weeks_idx = audience::pages_of_kind(&site.content, view, Kind::WeekPlan);
    let mut weeks: Vec<(u32, serde_json::Value)> = weeks_idx
        .iter()
        .map(|&i| {
            let week = match &view.page(&site.content, i).data {
                crate::content::KindData::WeekPlan(w) => w.week,
                _ => 0,
            };
            (week, values::page(site, view, i))
        })
        .collect();
    weeks.sort_by_key(|(w, _)| *w);
    let weeks: Vec<serde_json::Value> = weeks.into_iter().map(|(_, v)| v).collect();
    let charts = charts::for_view(site, view);
    // Defence in depth: in an anonymising profile no global string names a hidden customer.
    let to = |v: &serde_json::Value| match &view.anonymizer {
        Some(anon) => {
            let mut v = v.clone();
            anon.json(&mut v);
            Value::from_serializable(&v)
        }
        None => Value::from_serializable(v),
    };
    let mut charts_value = to(&charts);
    if let Some(map) = charts_value.clone().into_map() {
        let safe: tera::Map = map
            .into_iter()
            .map(|(k, v)| (k, Value::safe_string(v.as_str().unwrap_or_default())))
            .collect();
        charts_value = Value::from(safe);
    }
    vec![
        ("site", to(&values::site_value(site, view))),
        ("profile", to(&values::profile_value(view))),
        ("theme", to(&site.theme.settings)),
        ("kpis", to(&values::kpis(site, view))),
        ("kpi_list", to(&values::kpi_list(site, view))),
        ("data", to(&data_for(site, view))),
        ("menu", to(&values::menu(site, view))),
        ("weeks", to(&serde_json::Value::Array(weeks))),
        ("roles", to(&values::roles(site, view, &weeks_idx))),
        ("standup_days", to(&values::standup_days(site, &today))),
        (
            "implementations",
            to(&dashboards::implementations(site, view)),
        ),
        ("pipeline_board", to(&dashboards::pipeline(site, view))),
        ("reviews", to(&dashboards::review_links(site, view))),
        ("charts", charts_value),
        ("kpi_history", to(&charts::history_value(site, view))),
        ("today", Value::from(today.as_str())),
        ("feeds", feed_links(site, view)),
        ("search", Value::from(site.config.search)),
    ]
}

/// `feeds`: the profile's Atom feeds, `{ path, title }`, for `<head>` links.
fn feed_links(site: &Site, view: &View) -> Value {
    let links: Vec<serde_json::Value> = crate::render::feeds::links(site, view)
        .into_iter()
        .map(|f| json!({ "path": f.path, "title": f.title }))
        .collect();
    Value::from_serializable(&links)
}

/// `data` as a profile may see it: customer names follow the anonymisation
/// rule, and figures the profile withholds are not there at all.
fn data_for(site: &Site, view: &View) -> serde_json::Value {
    let mut data = site.data.to_value();
    if let Some(customers) = data.get_mut("customers").and_then(|c| c.as_array_mut()) {
        let labels = crate::audience::customer_labels(site, &view.profile);
        for (row, label) in customers.iter_mut().zip(labels) {
            if let Some(m) = row.as_object_mut() {
                m.insert("name".into(), serde_json::Value::String(label));
                // `recommend` is the answer's name; `nps` its deprecated alias, both ways.
                if let Some(answer) = m.get("recommend").or(m.get("nps")).cloned() {
                    m.insert("recommend".into(), answer.clone());
                    m.insert("nps".into(), answer);
                }
                if !view.profile.show_acv {
                    m.remove("acv");
                }
                if !view.profile.publishes(dashboards::IMPLEMENTATION_KPI) {
                    m.retain(|k, _| !crate::kpis::implementation::FIELDS.contains(&k.as_str()));
                }
            }
        }
    }
    // Snapshots of a withheld KPI are withheld with it.
    if let Some(rows) = data
        .get_mut(crate::kpis::HISTORY_STEM)
        .and_then(|r| r.as_array_mut())
    {
        rows.retain(|r| r["kpi"].as_str().is_some_and(|k| view.profile.publishes(k)));
    }
    if let Some(economics) = data.get_mut("economics").and_then(|c| c.as_object_mut()) {
        crate::kpis::withhold_economics(economics, |key| view.profile.publishes(key));
    }
    dashboards::withhold_data(&mut data, |key| view.profile.publishes(key));
    data
}
