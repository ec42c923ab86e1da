//! The filters and functions every template (theme or page body) may call:
//! `money`, `percent`, `number`, `date`, `markdown`; `pages_in`, `url_for`,
//! `chart`. Arguments are bounded here, so a page cannot ask for 65,536
//! decimals (see docs/RELIABILITY.md).

use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::Lookup;
use crate::format;
use crate::markdown;

/// `decimals=` of `number` and `percent`, within what a figure can show:
/// `format!` panics past 65,535 digits, and nobody reads more than ten.
fn decimals(kw: &Kwargs) -> TeraResult<usize> {
    let Some(value) = kw.get::<Value>("decimals")? else {
        return Ok(0);
    };
    value
        .as_i128()
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n <= format::MAX_DECIMALS)
        .ok_or_else(|| {
            tera::Error::message(format!(
                "`decimals={value}` is out of range: expected a whole number from 0 to {}",
                format::MAX_DECIMALS
            ))
        })
}

pub(super) fn register_filters(tera: &mut Tera) {
    tera.register_filter(
        "money",
        |v: f64, kw: Kwargs, _: &State| -> TeraResult<String> {
            Ok(format::money(
                v,
                kw.get::<bool>("short")?.unwrap_or(false),
                kw.get::<bool>("cents")?.unwrap_or(false),
            ))
        },
    );
    tera.register_filter(
        "percent",
        |v: f64, kw: Kwargs, _: &State| -> TeraResult<String> {
            Ok(format::percent(v, decimals(&kw)?))
        },
    );
    tera.register_filter(
        "number",
        |v: f64, kw: Kwargs, _: &State| -> TeraResult<String> {
            Ok(format::number(v, decimals(&kw)?))
        },
    );
    tera.register_filter(
        "date",
        |v: String, kw: Kwargs, _: &State| -> TeraResult<String> {
            let pattern = kw
                .get::<String>("format")?
                .unwrap_or_else(|| format::DATE_FORMAT.to_string());
            format::date(&v, &pattern).ok_or_else(|| {
                tera::Error::message(format!(
                    "`{v}` is not a date (expected YYYY-MM-DD) or `{pattern}` is not a valid format"
                ))
            })
        },
    );
    tera.register_filter(
        "markdown",
        |v: String, kw: Kwargs, _: &State| -> TeraResult<Value> {
            Ok(Value::safe_string(&markdown::render_plain(
                &v,
                kw.get::<bool>("inline")?.unwrap_or(false),
            )))
        },
    );
}

pub(super) fn register_functions(tera: &mut Tera, lookup: Arc<Lookup>) {
    let sections = lookup.clone();
    tera.register_function(
        "pages_in",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            let name: String = kw.must_get::<String>("section")?;
            let name = name
                .trim_matches('/')
                .trim_end_matches("/_index.md")
                .to_string();
            match sections.sections.get(&name) {
                Some(section) => Ok(section
                    .get_from_path("pages")
                    .cloned()
                    .unwrap_or_else(|| Value::from(Vec::<Value>::new()))),
                None => {
                    let mut known: Vec<&str> =
                        sections.sections.keys().map(String::as_str).collect();
                    known.sort();
                    Err(tera::Error::message(format!(
                        "no section `{name}` in this profile (sections: {})",
                        known.join(", ")
                    )))
                }
            }
        },
    );
    tera.register_function(
        "url_for",
        move |kw: Kwargs, _: &State| -> TeraResult<String> {
            let path: String = kw.must_get::<String>("path")?;
            let (clean, fragment) = path
                .split_once('#')
                .map_or((path.as_str(), None), |(p, f)| (p, Some(f)));
            let (clean, query) = clean
                .split_once('?')
                .map_or((clean, None), |(p, q)| (p, Some(q)));
            // Pages are rewritten relative to where they are written; a `..`
            // would be relative to nothing, so it is refused, not guessed.
            if clean.split(['/', '\\']).any(|s| s == "..") {
                return Err(tera::Error::message(format!(
                    "url_for: `{path}` has a `..` segment; name the file from the site root (`css/site.css`) or from content/ (`plans/week-10.md`)"
                )));
            }
            let clean = clean.trim_start_matches('@').trim_start_matches('/');
            let clean = clean.strip_prefix("content/").unwrap_or(clean);
            let url = if clean.ends_with(".md") {
                lookup.by_rel.get(clean).cloned()
            } else if clean.is_empty() {
                Some("/".to_string())
            } else {
                lookup.files.contains(clean).then(|| format!("/{clean}"))
            };
            match url {
                Some(mut u) => {
                    if let Some(q) = query {
                        u = format!("{u}?{q}");
                    }
                    Ok(fragment.map_or(u.clone(), |f| format!("{u}#{f}")))
                }
                None => Err(tera::Error::message(format!(
                    "url_for: `{path}` is not a page of this profile nor a static file"
                ))),
            }
        },
    );
}
