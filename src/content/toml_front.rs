//! TOML front matter (`+++` fences, as Hugo and Zola write it) read into the
//! same plain value YAML front matter becomes, with the place of every key.
//!
//! Uses `toml_edit` (already built for a proc-macro's needs) in its parse-only
//! form: it keeps each key's span, which is what located errors need; the
//! typed front matter is then read from the value by the kind's own serde
//! types, so TOML and YAML pages cannot be held to different schemas.

use serde_json::{Map, Value};
use toml_edit::{Item, Key};

use super::unknown_keys::Step;

/// TOML front matter as a plain value, with the byte offset of each key (by path).
#[derive(Debug, Clone, Default)]
pub(crate) struct TomlFront {
    /// The front matter as JSON-like data (dates as `YYYY-MM-DD` text).
    pub value: Value,
    /// Where each key starts in the TOML text.
    pub keys: Vec<(Vec<Step>, usize)>,
}

impl TomlFront {
    /// Byte offset of the key at `path`, or of the deepest enclosing key that has one.
    pub(crate) fn offset(&self, path: &[Step]) -> Option<usize> {
        (1..=path.len())
            .rev()
            .find_map(|n| self.keys.iter().find(|(p, _)| p == &path[..n]))
            .map(|(_, at)| *at)
    }
}

/// A TOML syntax error: the parser's words and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TomlError {
    /// What the parser said (first line).
    pub message: String,
    /// Byte offset in the TOML text.
    pub offset: usize,
}

/// Parses TOML front matter.
pub(crate) fn parse(text: &str) -> Result<TomlFront, TomlError> {
    let doc = toml_edit::Document::parse(text).map_err(|e| TomlError {
        message: e.message().lines().next().unwrap_or("").trim().to_string(),
        offset: e.span().map_or(0, |s| s.start),
    })?;
    let mut out = TomlFront::default();
    let mut path = Vec::new();
    let root = doc.as_table();
    out.value = Value::Object(table(
        root.iter().map(|(k, _)| k),
        root,
        &mut path,
        &mut out.keys,
    ));
    Ok(out)
}

/// Where to find a key and its item, for plain and inline tables alike.
trait Entries {
    fn entry(&self, key: &str) -> Option<(&Key, &Item)>;
}

impl Entries for toml_edit::Table {
    fn entry(&self, key: &str) -> Option<(&Key, &Item)> {
        self.get_key_value(key)
    }
}

impl Entries for toml_edit::InlineTable {
    fn entry(&self, key: &str) -> Option<(&Key, &Item)> {
        self.get_key_value(key)
    }
}

fn table<'a>(
    names: impl Iterator<Item = &'a str>,
    t: &dyn Entries,
    path: &mut Vec<Step>,
    keys: &mut Vec<(Vec<Step>, usize)>,
) -> Map<String, Value> {
    let mut map = Map::new();
    for name in names {
        let Some((key, item)) = t.entry(name) else {
            continue;
        };
        path.push(Step::Key(name.to_string()));
        if let Some(span) = key.span() {
            keys.push((path.clone(), span.start));
        }
        if let Some(v) = item_value(item, path, keys) {
            map.insert(name.to_string(), v);
        }
        path.pop();
    }
    map
}

fn item_value(
    item: &Item,
    path: &mut Vec<Step>,
    keys: &mut Vec<(Vec<Step>, usize)>,
) -> Option<Value> {
    match item {
        Item::None => None,
        Item::Value(v) => Some(value(v, path, keys)),
        Item::Table(t) => Some(Value::Object(table(
            t.iter().map(|(k, _)| k),
            t,
            path,
            keys,
        ))),
        Item::ArrayOfTables(a) => Some(Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, t)| {
                    path.push(Step::Index(i));
                    let v = Value::Object(table(t.iter().map(|(k, _)| k), t, path, keys));
                    path.pop();
                    v
                })
                .collect(),
        )),
    }
}

fn value(v: &toml_edit::Value, path: &mut Vec<Step>, keys: &mut Vec<(Vec<Step>, usize)>) -> Value {
    use toml_edit::Value as T;
    match v {
        T::String(s) => Value::from(s.value().as_str()),
        T::Integer(i) => Value::from(*i.value()),
        T::Float(f) => serde_json::Number::from_f64(*f.value()).map_or(Value::Null, Value::Number),
        T::Boolean(b) => Value::from(*b.value()),
        // Hugo and Zola date pages with a full timestamp; a page's date is the day as written.
        T::Datetime(d) => match d.value().date {
            Some(date) => Value::from(date.to_string()),
            None => Value::from(d.value().to_string()),
        },
        T::Array(a) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, item)| {
                    path.push(Step::Index(i));
                    let v = value(item, path, keys);
                    path.pop();
                    v
                })
                .collect(),
        ),
        T::InlineTable(t) => Value::Object(table(t.iter().map(|(k, _)| k), t, path, keys)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_front_matter_becomes_a_plain_value_with_key_places() {
        let text = "title = \"Hello\"\ndate = 2024-03-05T10:00:00+02:00\ndraft = false\ntags = [\"a\", \"b\"]\n\n[extra]\nx = 1\n";
        let front = parse(text).unwrap();
        assert_eq!(front.value["title"], "Hello");
        assert_eq!(front.value["date"], "2024-03-05");
        assert_eq!(front.value["tags"][1], "b");
        assert_eq!(front.value["extra"]["x"], 1);
        let at = front
            .offset(&[Step::Key("extra".into()), Step::Key("x".into())])
            .unwrap();
        assert_eq!(&text[at..at + 1], "x");
    }

    #[test]
    fn a_syntax_error_has_its_place() {
        let err = parse("title = \"a\"\nweight = = 3\n").unwrap_err();
        assert!(err.offset >= 12, "{err:?}");
    }
}
