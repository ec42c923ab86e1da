//! Front matter text (YAML or TOML) -> a kind's typed front matter, with every
//! unknown key reported at once and every error located in the page.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::front_matter::Format;
use super::unknown_keys::{self, Step, UnknownKey};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml;

/// Where the front matter sits: the page, the first line of the front matter, the whole text.
pub(crate) struct Place<'a> {
    /// Page file, for messages.
    pub file: &'a Path,
    /// 1-based line of the front matter's first line.
    pub first_line: usize,
    /// The page's whole (normalised) text, for snippets.
    pub text: &'a str,
}

impl Place<'_> {
    fn error(&self, message: impl Into<String>, line: usize, column: usize) -> Diagnostic {
        Diagnostic::error(self.file, message)
            .at(line, column)
            .with_source(self.text)
    }
}

/// Parses `front` (written in `format`) into `T`.
pub(crate) fn parse<T: DeserializeOwned + schemars::JsonSchema>(
    format: Format,
    front: &str,
    place: &Place,
) -> Result<T, Vec<Diagnostic>> {
    match format {
        Format::Yaml => parse_yaml(front, place),
        Format::Toml => parse_toml(front, place),
    }
}

fn parse_yaml<T: DeserializeOwned + schemars::JsonSchema>(
    front: &str,
    place: &Place,
) -> Result<T, Vec<Diagnostic>> {
    let first = match yaml::parse::<T>(
        front,
        place.file,
        place.first_line,
        place.text,
        yaml::Size::Small,
    ) {
        Ok(v) => return Ok(v),
        Err(d) => d,
    };
    if !first.message.contains("unknown field") {
        return Err(vec![first]);
    }
    // serde stopped at the first unknown key: find them all.
    let Ok(value) = yaml::parse::<Value>(
        front,
        place.file,
        place.first_line,
        place.text,
        yaml::Size::Small,
    ) else {
        return Err(vec![first]);
    };
    let unknown = unknown_keys::find(&value, &schema_of::<T>());
    if unknown.is_empty() {
        return Err(vec![first]);
    }
    Err(in_page_order(
        unknown
            .iter()
            .map(|k| {
                let (line, column) = unknown_keys::locate_yaml(front, &k.path).unwrap_or((1, 1));
                unknown_key_error(place, k, line + place.first_line - 1, column)
            })
            .collect(),
    ))
}

/// Errors as the reader meets them (the value's maps are in key order).
fn in_page_order(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    errors.sort_by_key(|d| (d.line, d.column));
    errors
}

fn schema_of<T: schemars::JsonSchema>() -> Value {
    schemars::SchemaGenerator::default()
        .into_root_schema_for::<T>()
        .to_value()
}

fn unknown_key_error(place: &Place, k: &UnknownKey, line: usize, column: usize) -> Diagnostic {
    let d = place
        .error(format!("unknown field `{}`", k.key), line, column)
        .expected(format!("one of {}", k.allowed.join(", ")));
    match did_you_mean(&k.key, k.allowed.iter().map(String::as_str)) {
        Some(best) => d.hint(format!("did you mean `{best}`?")),
        None if k.path.len() == 1 => d.hint(format!("remove `{}` or move it under `extra`", k.key)),
        None => d.hint(format!("remove `{}`", k.key)),
    }
}

/// 1-based (line, column) of byte `offset` of `front`, in the page.
fn line_col(front: &str, offset: usize, first_line: usize) -> (usize, usize) {
    let before = &front[..offset.min(front.len())];
    let line = before.matches('\n').count() + first_line;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn parse_toml<T: DeserializeOwned + schemars::JsonSchema>(
    front: &str,
    place: &Place,
) -> Result<T, Vec<Diagnostic>> {
    let toml = super::toml_front::parse(front).map_err(|e| {
        let (line, column) = line_col(front, e.offset, place.first_line);
        vec![
            place
                .error(format!("TOML front matter: {}", e.message), line, column)
                .hint("check the TOML syntax on this line: `key = value`, text in quotes"),
        ]
    })?;
    let at = |path: &[Step]| {
        toml.offset(path).map_or((place.first_line, 1), |o| {
            line_col(front, o, place.first_line)
        })
    };
    let unknown = unknown_keys::find(&toml.value, &schema_of::<T>());
    if !unknown.is_empty() {
        return Err(in_page_order(
            unknown
                .iter()
                .map(|k| {
                    let (line, column) = at(&k.path);
                    unknown_key_error(place, k, line, column)
                })
                .collect(),
        ));
    }
    let err = match serde_json::from_value::<T>(toml.value.clone()) {
        Ok(v) => return Ok(v),
        Err(e) => e.to_string(),
    };
    if let Some(field) = err
        .split("missing field `")
        .nth(1)
        .and_then(|r| r.split('`').next())
    {
        return Err(vec![
            place
                .error(format!("missing field `{field}`"), place.first_line, 1)
                .hint("add the field; see the schemas in docs/CONTENT.md"),
        ]);
    }
    // serde_json's errors name no field: the culprit is the key without which the error goes.
    let culprit = toml.value.as_object().and_then(|map| {
        map.keys().find(|key| {
            let mut without = map.clone();
            without.remove(*key);
            match serde_json::from_value::<T>(Value::Object(without)) {
                Ok(_) => true,
                Err(e) => e.to_string() != err,
            }
        })
    });
    let (line, column, message) = match culprit {
        Some(key) => {
            let (line, column) = at(&[Step::Key(key.clone())]);
            (line, column, format!("`{key}`: {err}"))
        }
        None => (place.first_line, 1, err.clone()),
    };
    let d = place.error(message, line, column);
    Err(vec![match yaml::type_mismatch(&err) {
        Some((expected, hint)) => d.expected(expected).hint(hint),
        None => d.hint("see the schemas in docs/CONTENT.md"),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::kinds::PageFront;

    fn place<'a>(text: &'a str) -> Place<'a> {
        Place {
            file: Path::new("content/a.md"),
            first_line: 2,
            text,
        }
    }

    #[test]
    fn three_unknown_yaml_keys_are_three_located_errors() {
        let front = "title: A\nautor: me\nweigth: 2\ncategories: [x]\n";
        let text = format!("---\n{front}---\n");
        let errs = parse::<PageFront>(Format::Yaml, front, &place(&text)).unwrap_err();
        let got: Vec<(usize, &str)> = errs.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (3, "unknown field `autor`"),
                (4, "unknown field `weigth`"),
                (5, "unknown field `categories`")
            ]
        );
        assert_eq!(errs[1].hint.as_deref(), Some("did you mean `weight`?"));
    }

    #[test]
    fn toml_front_matter_reads_into_the_same_type() {
        let front = "title = \"Hi\"\ndate = 2024-03-05\nweight = 3\ntags = [\"a\"]\n";
        let text = format!("+++\n{front}+++\n");
        let page: PageFront = parse(Format::Toml, front, &place(&text)).unwrap();
        let (meta, _, _) = page.into_parts();
        assert_eq!(meta.title, "Hi");
        assert_eq!(meta.weight, 3);
        assert_eq!(meta.date, Some(jiff::civil::date(2024, 3, 5)));
    }

    #[test]
    fn toml_errors_are_located_at_their_key() {
        let front = "title = \"Hi\"\nweight = \"heavy\"\n";
        let text = format!("+++\n{front}+++\n");
        let errs = parse::<PageFront>(Format::Toml, front, &place(&text)).unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (3, 1), "{:?}", errs[0]);
        assert!(errs[0].message.starts_with("`weight`"), "{:?}", errs[0]);
        let front = "title = \"Hi\"\n[extra]\nx = 1\n[taxonomies]\ntags = [\"a\"]\n";
        let text = format!("+++\n{front}+++\n");
        let errs = parse::<PageFront>(Format::Toml, front, &place(&text)).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 5, "{:?}", errs[0]);
        assert_eq!(errs[0].message, "unknown field `taxonomies`");
    }
}
