//! Every unknown key of a page's front matter, found in one pass.
//!
//! serde's `deny_unknown_fields` stops at the first unknown key, so a page
//! imported from another generator took one build per key. The front matter
//! is read once more as a plain value and walked against the kind's JSON
//! Schema (the same one `traction schema` writes, derived from the same
//! types), so every key a closed object does not list is reported at once.
//! The walk runs only when serde already found an unknown key (and for TOML,
//! which has no located serde errors of its own), so good pages pay nothing.

use serde_json::{Map, Value};

/// One step of the path to a key: a key of a mapping or an index of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// `quote:`.
    Key(String),
    /// The n-th `- ` item (0-based).
    Index(usize),
}

/// A key the schema does not allow where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnknownKey {
    /// Path from the top of the front matter to the key (the key is the last step).
    pub path: Vec<Step>,
    /// The key as written.
    pub key: String,
    /// The keys allowed beside it.
    pub allowed: Vec<String>,
}

/// The unknown keys of `value` under `schema` (a root schema with `$defs`), in document order.
pub(crate) fn find(value: &Value, schema: &Value) -> Vec<UnknownKey> {
    let mut found = Vec::new();
    walk(value, schema, schema, &mut Vec::new(), &mut found);
    found
}

/// `schema` with its `$ref` followed (local `#/$defs/...` references only).
fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    let mut s = schema;
    // References chain at most a few times; the bound guards a cyclic schema.
    for _ in 0..8 {
        match s
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(pointer) => match root.pointer(pointer) {
                Some(target) => s = target,
                None => break,
            },
            None => break,
        }
    }
    s
}

/// The object schemas `schema` may be, for a value that is a mapping.
fn object_schemas<'a>(schema: &'a Value, root: &'a Value, out: &mut Vec<&'a Value>) {
    let s = resolve(schema, root);
    if s.get("properties").is_some() {
        out.push(s);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(variants)) = s.get(key) {
            for v in variants {
                object_schemas(v, root, out);
            }
        }
    }
}

/// The item schema of a list, if `schema` describes one.
fn items_schema<'a>(schema: &'a Value, root: &'a Value) -> Option<&'a Value> {
    let s = resolve(schema, root);
    if let Some(items) = s.get("items") {
        return Some(items);
    }
    ["anyOf", "oneOf"].iter().find_map(|k| {
        s.get(*k)?
            .as_array()?
            .iter()
            .find_map(|v| items_schema(v, root))
    })
}

fn walk(
    value: &Value,
    schema: &Value,
    root: &Value,
    path: &mut Vec<Step>,
    found: &mut Vec<UnknownKey>,
) {
    match value {
        Value::Object(map) => walk_map(map, schema, root, path, found),
        Value::Array(items) => {
            let Some(item_schema) = items_schema(schema, root) else {
                return;
            };
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk(item, item_schema, root, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

fn walk_map(
    map: &Map<String, Value>,
    schema: &Value,
    root: &Value,
    path: &mut Vec<Step>,
    found: &mut Vec<UnknownKey>,
) {
    let mut candidates = Vec::new();
    object_schemas(schema, root, &mut candidates);
    if candidates.is_empty() {
        return;
    }
    // A free map (`extra:`) or any variant open to other keys: nothing is unknown here.
    let closed = candidates
        .iter()
        .all(|s| s.get("additionalProperties") == Some(&Value::Bool(false)));
    let allowed: Vec<String> = candidates
        .iter()
        .filter_map(|s| s.get("properties")?.as_object())
        .flat_map(|p| p.keys().cloned())
        .fold(Vec::new(), |mut acc, k| {
            if !acc.contains(&k) {
                acc.push(k);
            }
            acc
        });
    for (key, child) in map {
        let property = candidates
            .iter()
            .find_map(|s| s.get("properties")?.get(key));
        match property {
            Some(child_schema) => {
                path.push(Step::Key(key.clone()));
                walk(child, child_schema, root, path, found);
                path.pop();
            }
            None if closed => {
                let mut at = path.clone();
                at.push(Step::Key(key.clone()));
                found.push(UnknownKey {
                    path: at,
                    key: key.clone(),
                    allowed: allowed.clone(),
                });
            }
            None => {}
        }
    }
}

/// 1-based (line, column) of the key at `path` in a YAML text (block style),
/// or the deepest enclosing key found when the rest is written in flow style.
pub(crate) fn locate_yaml(text: &str, path: &[Step]) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut start = 0;
    let mut min_indent = 0;
    let mut best = None;
    for step in path {
        let mut hit = None;
        let mut items_seen = 0;
        for (i, line) in lines.iter().enumerate().skip(start) {
            let indent = line.len() - line.trim_start().len();
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            // The first line of the block is the parent's own line (an item's first key).
            if indent < min_indent && i != start {
                break;
            }
            match step {
                Step::Key(key) => {
                    let (col, rest) = strip_dashes(line, indent);
                    if rest
                        .strip_prefix(key.as_str())
                        .or_else(|| quoted_key(rest, key))
                        .is_some_and(|r| r.trim_start().starts_with(':'))
                        && (i == start || col >= min_indent)
                    {
                        hit = Some((i, col));
                        break;
                    }
                }
                Step::Index(n) => {
                    if trimmed.starts_with("- ") || trimmed == "-" {
                        if items_seen == *n {
                            hit = Some((i, indent + 2));
                            break;
                        }
                        items_seen += 1;
                    }
                }
            }
        }
        let (i, col) = hit?;
        best = Some((i + 1, col + 1));
        match step {
            // Keys of an item start on the dash's line, at the column after `- `.
            Step::Index(_) => {
                start = i;
                min_indent = col;
            }
            Step::Key(_) => {
                start = i + 1;
                min_indent = col + 1;
            }
        }
    }
    best
}

/// Column and text of a line after its `- ` list markers.
fn strip_dashes(line: &str, indent: usize) -> (usize, &str) {
    let mut col = indent;
    let mut rest = &line[indent..];
    while let Some(r) = rest.strip_prefix("- ") {
        let r2 = r.trim_start();
        col += rest.len() - r2.len();
        rest = r2;
    }
    (col, rest)
}

fn quoted_key<'a>(rest: &'a str, key: &str) -> Option<&'a str> {
    ['"', '\'']
        .iter()
        .find_map(|q| rest.strip_prefix(*q)?.strip_prefix(key)?.strip_prefix(*q))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::kinds::CaseStudyFront;

    fn schema() -> Value {
        schemars::schema_for!(CaseStudyFront).to_value()
    }

    #[test]
    fn every_unknown_key_is_found_top_level_and_nested() {
        let value = serde_json::json!({
            "title": "A", "customer": "C", "summary": "S", "approval": "approved",
            "autor": "x", "tagz": [], "extra": { "anything": 1 },
            "quote": { "text": "t", "auther": "a" },
            "metrics": [{ "label": "l", "value": 1 }, { "label": "m", "valeu": 2 }],
        });
        let mut sorted: Vec<String> = find(&value, &schema()).into_iter().map(|k| k.key).collect();
        sorted.sort();
        assert_eq!(sorted, ["auther", "autor", "tagz", "valeu"]);
    }

    #[test]
    fn yaml_keys_are_located_through_lists_and_mappings() {
        let text = "title: A\nquote:\n  text: t\n  auther: a\nmetrics:\n  - label: l\n    value: 1\n  - label: m\n    valeu: 2\n";
        let at = |path: Vec<Step>| locate_yaml(text, &path);
        let k = |s: &str| Step::Key(s.to_string());
        assert_eq!(at(vec![k("quote"), k("auther")]), Some((4, 3)));
        assert_eq!(
            at(vec![k("metrics"), Step::Index(1), k("valeu")]),
            Some((9, 5))
        );
        assert_eq!(
            at(vec![k("metrics"), Step::Index(0), k("label")]),
            Some((6, 5))
        );
        assert_eq!(at(vec![k("title")]), Some((1, 1)));
    }
}
