//! The data stage: every `data/*.yaml|yml|json|csv` file becomes `data.<stem>`.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, io_error};
use crate::source::{self, MAX_DATA_FILE_BYTES, MAX_DATA_NODES, MAX_TOTAL_DATA_NODES};
use crate::yaml;

/// Folder of data files under the site root.
pub(crate) const DATA_DIR: &str = "data";

const DATA_LIMIT_HINT: &str = "every template can read every data file, so data/ is held in memory: \
     keep exports and archives outside data/, or split or summarise them";

/// One loaded data file.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Path relative to the site root.
    pub file: PathBuf,
    /// Parsed value.
    pub value: Value,
    /// Source text of YAML files, kept so typed readers (KPIs) can point into it.
    pub yaml_source: Option<String>,
    /// Source text of CSV files, kept so checks can point at a row's line.
    pub csv_source: Option<String>,
}

/// Every data file by stem.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// `customers` -> the contents of `data/customers.yaml`.
    pub files: BTreeMap<String, DataFile>,
}

impl Data {
    /// All values as one JSON object (what templates see as `data`).
    pub(crate) fn to_value(&self) -> Value {
        Value::Object(
            self.files
                .iter()
                .map(|(k, f)| (k.clone(), f.value.clone()))
                .collect(),
        )
    }
}

/// Loads `data/` under `root` (a missing folder is an empty `data`).
pub(crate) fn load(root: &Path) -> Result<Data, Vec<Diagnostic>> {
    let dir = root.join(DATA_DIR);
    let mut data = Data::default();
    let mut diags = Diagnostics::default();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(data);
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut total_nodes = 0;
    for path in paths {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if source::is_ignored_name(&name) || !path.is_file() {
            continue;
        }
        let Some((stem, ext)) = name.rsplit_once('.') else {
            continue;
        };
        let ext = ext.to_ascii_lowercase();
        if !matches!(ext.as_str(), "yaml" | "yml" | "json" | "csv") {
            continue;
        }
        let rel = Path::new(DATA_DIR).join(&name);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
            && !source::resolves_inside(&path, &source::canonical_root(root))
        {
            diags.push(source::link_outside_root(
                &rel,
                "copy the file into data/ instead of linking to it",
            ));
            continue;
        }
        match load_file(&path, root, &rel, &ext) {
            Ok(file) => {
                total_nodes += count_nodes(&file.value);
                if total_nodes > MAX_TOTAL_DATA_NODES {
                    diags.push(
                        Diagnostic::error(
                            &rel,
                            format!(
                                "data/ holds more than {MAX_TOTAL_DATA_NODES} values with this file"
                            ),
                        )
                        .expected(format!(
                            "at most {MAX_TOTAL_DATA_NODES} values in all data files"
                        ))
                        .hint(DATA_LIMIT_HINT),
                    );
                    break;
                }
                if let Some(previous) = data.files.insert(stem.to_string(), file) {
                    diags.push(
                        Diagnostic::error(&rel, format!("two data files are both `data.{stem}`"))
                            .hint(format!(
                                "rename {} or {}",
                                previous.file.display(),
                                rel.display()
                            )),
                    );
                }
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        Err(diags.sorted())
    } else {
        Ok(data)
    }
}

fn load_file(path: &Path, root: &Path, rel: &Path, ext: &str) -> Result<DataFile, Diagnostic> {
    let text = source::read_text(path, rel, MAX_DATA_FILE_BYTES).map_err(|e| match e {
        source::ReadError::TooLarge(d) => d.hint(DATA_LIMIT_HINT),
        source::ReadError::Io(e) => io_error(path, root, "read the data file", &e),
        source::ReadError::NotText(d) => d,
    })?;
    match ext {
        "json" => {
            let value: Value = serde_json::from_str::<StrictJson>(&text)
                .map(|v| v.0)
                .map_err(|e| json_error(&e, rel, &text))?;
            if count_nodes(&value) > MAX_DATA_NODES {
                return Err(too_many_values(rel));
            }
            Ok(DataFile {
                file: rel.to_path_buf(),
                value,
                yaml_source: None,
                csv_source: None,
            })
        }
        "csv" => Ok(DataFile {
            file: rel.to_path_buf(),
            // The CRM export is typed by the pipeline stage (src/pipeline/) from its text; its
            // rows as maps would only be copied and never read.
            value: parse_csv(&text, rel, rel.file_stem() != Some(OsStr::new(PIPELINE)))?,
            yaml_source: None,
            csv_source: Some(text),
        }),
        _ => {
            let value = if text.trim().is_empty() {
                Value::Null
            } else {
                yaml::parse(&text, rel, 1, &text, yaml::Size::Large)?
            };
            Ok(DataFile {
                file: rel.to_path_buf(),
                value,
                yaml_source: Some(text),
                csv_source: None,
            })
        }
    }
}

fn json_error(e: &serde_json::Error, rel: &Path, text: &str) -> Diagnostic {
    let message = e.to_string();
    // serde_json appends " at line L column C"; we show the location ourselves.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    let d = Diagnostic::error(rel, format!("invalid JSON: {message}"))
        .at(e.line(), e.column())
        .with_source(text);
    if message.starts_with(CONTROL) {
        d.expected("text: no control characters other than tab and line ends")
            .hint("remove the `\\u....` escape that makes it")
    } else if message.starts_with(DUPLICATE_KEY) {
        d.expected("each key once in an object")
            .hint("remove one of the two: only one value can be kept")
    } else {
        d.hint("check the JSON syntax here: commas, quotes and closing brackets")
    }
}

const DUPLICATE_KEY: &str = "duplicate key";
const CONTROL: &str = "a string holds the control character";

/// A JSON value whose objects may not repeat a key: serde_json keeps the last
/// value silently, so a pasted-twice entry would hide the first one.
struct StrictJson(Value);

impl<'de> serde::Deserialize<'de> for StrictJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(StrictJson)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.visit_string(v.to_string())
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        // `\u0000` escapes would carry control characters past the text check into HTML.
        match v.chars().find(|&c| source::is_stray_control(c)) {
            Some(c) => Err(E::custom(format!(
                "{CONTROL} U+{:04X}, which is not text",
                c as u32
            ))),
            None => Ok(Value::String(v)),
        }
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictJson(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "{DUPLICATE_KEY} `{}`",
                    key.escape_default()
                )));
            }
            let StrictJson(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

fn too_many_values(rel: &Path) -> Diagnostic {
    Diagnostic::error(
        rel,
        format!("the file holds more than {MAX_DATA_NODES} values"),
    )
    .expected(format!(
        "at most {MAX_DATA_NODES} values (for a CSV file: rows × columns)"
    ))
    .hint(DATA_LIMIT_HINT)
}

/// Values in a loaded file: every mapping, list and scalar.
fn count_nodes(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

/// `data/pipeline.csv`, typed by the pipeline stage (src/pipeline/).
const PIPELINE: &str = "pipeline";

/// CSV rows as maps keyed by header (none unless `keep_rows`: the file is
/// then only checked); cells that look like numbers become numbers.
fn parse_csv(text: &str, rel: &Path, keep_rows: bool) -> Result<Value, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Diagnostic::error(rel, format!("invalid CSV header: {e}")).at(1, 1))?
        .clone();
    if let Some(d) = duplicate_header(&headers, text, rel) {
        return Err(d);
    }
    let date_column = (rel.file_stem() == Some(std::ffi::OsStr::new(STANDUP)))
        .then(|| headers.iter().position(|h| h == "date"))
        .flatten();
    let mut rows = Vec::new();
    let mut cells = 1;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(i + 2, |p| p.line() as usize);
            Diagnostic::error(rel, format!("invalid CSV row: {e}"))
                .at(line, 1)
                .with_source(text)
                .hint(
                    "every row needs as many cells as the header; quote cells that contain commas",
                )
        })?;
        if let Some(column) = date_column
            && let Some(cell) = record.get(column)
        {
            let line = record.position().map_or(i + 2, |p| p.line() as usize);
            check_date_cell(cell, line, text, rel)?;
        }
        cells += 1 + record.len();
        if cells > MAX_DATA_NODES {
            return Err(too_many_values(rel).at(i + 2, 1).with_source(text));
        }
        if !keep_rows {
            continue;
        }
        let row: serde_json::Map<String, Value> = headers
            .iter()
            .zip(record.iter())
            .map(|(h, cell)| (h.to_string(), csv_cell(cell)))
            .collect();
        rows.push(Value::Object(row));
    }
    if !keep_rows {
        return Ok(Value::Null);
    }
    Ok(Value::Array(rows))
}

/// The stand-up log (`data/standup.csv`): its `date` column is read as dates
/// by the theme, so a bad one is reported here, at its cell.
const STANDUP: &str = "standup";

/// A header named twice: the row maps would keep only the last column of that name.
fn duplicate_header(headers: &csv::StringRecord, text: &str, rel: &Path) -> Option<Diagnostic> {
    let mut seen = std::collections::BTreeSet::new();
    let index = headers.iter().position(|h| !seen.insert(h))?;
    let name = &headers[index];
    let first_line = text.lines().next().unwrap_or("");
    Some(
        Diagnostic::error(
            rel,
            format!("the column `{name}` is named twice in the header"),
        )
        .at(1, cell_column(first_line, index))
        .with_source(text)
        .expected("each column name once")
        .hint("rename or remove one of the two columns: each row becomes a map by header"),
    )
}

/// 1-based column (in characters) where the `index`th cell of a CSV line starts.
fn cell_column(line: &str, index: usize) -> usize {
    let mut quoted = false;
    let mut cell = 0;
    for (i, c) in line.chars().enumerate() {
        if cell == index {
            return i + 1;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => cell += 1,
            _ => {}
        }
    }
    1
}

fn check_date_cell(cell: &str, line: usize, text: &str, rel: &Path) -> Result<(), Diagnostic> {
    if cell.parse::<jiff::civil::Date>().is_ok() && cell.len() == 10 {
        return Ok(());
    }
    let source = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let column = source
        .find(cell)
        .map_or(1, |b| source[..b].chars().count() + 1);
    Err(
        Diagnostic::error(rel, format!("`{}` is not a date", cell.escape_default()))
            .at(line, column)
            .with_source(text)
            .expected("a date written YYYY-MM-DD, such as 2026-01-26")
            .hint("the stand-up page groups rows by this date; fix the month or day"),
    )
}

fn csv_cell(cell: &str) -> Value {
    let integer = !cell.is_empty()
        && (cell == "0" || (!cell.starts_with('0') && !cell.starts_with("-0")))
        && cell
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit())
        && cell.trim_start_matches('-').len() < 16;
    if integer && let Ok(n) = cell.parse::<i64>() {
        return Value::from(n);
    }
    Value::String(cell.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_maps_with_numbers_where_numbers_are() {
        let v = parse_csv(
            "date,week,role\n2026-01-26,10,CEO\n2026-01-27,010,\"CTO, acting\"\n",
            Path::new("d.csv"),
            true,
        )
        .unwrap();
        assert_eq!(v[0]["week"], Value::from(10));
        assert_eq!(v[1]["week"], Value::from("010"));
        assert_eq!(v[1]["role"], Value::from("CTO, acting"));
        assert_eq!(v[0]["date"], Value::from("2026-01-26"));
    }

    #[test]
    fn a_csv_over_the_value_limit_is_a_located_error() {
        let text = format!("a\n{}", "1\n".repeat(MAX_DATA_NODES / 2 + 1));
        let err = parse_csv(&text, Path::new("d.csv"), true).unwrap_err();
        assert!(err.message.contains("more than"), "{err}");
        assert!(err.line > 1 && err.hint.is_some(), "{err}");
    }

    #[test]
    fn a_duplicate_json_key_is_located() {
        let text = "{\n  \"cac\": 5000,\n  \"cac\": 6000\n}\n";
        let err = load_file_text(text, "json").unwrap_err();
        assert!(err.message.contains("duplicate key `cac`"), "{err}");
        assert_eq!(err.line, 3, "{err}");
        let nested = "[{\"a\": {\"b\": 1, \"b\": 2}}]";
        assert!(load_file_text(nested, "json").is_err());
        assert!(load_file_text("{\"a\": [1, {\"b\": null}]}", "json").is_ok());
        let err = load_file_text("{\"a\": \"x\\u0000\"}", "json").unwrap_err();
        assert!(err.message.contains("U+0000"), "{err}");
        assert!(load_file_text("{\"a\": \"tab\\t\"}", "json").is_ok());
    }

    #[test]
    fn a_duplicate_csv_header_is_located_at_the_second_one() {
        let err =
            parse_csv("date,role,\"x\",role\n1,2,3,4\n", Path::new("d.csv"), true).unwrap_err();
        assert!(err.message.contains("`role` is named twice"), "{err}");
        assert_eq!((err.line, err.column), (1, 15), "{err}");
    }

    #[test]
    fn a_bad_standup_date_is_located_at_its_cell() {
        let text = "date,week,role\n2026-01-26,10,CEO\n2026-02-30,10,CTO\n";
        let err = parse_csv(text, Path::new("data/standup.csv"), true).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err}");
        assert!(err.message.contains("`2026-02-30` is not a date"), "{err}");
        let text = "week,date\n10,\"26/01/2026\"\n";
        let err = parse_csv(text, Path::new("data/standup.csv"), true).unwrap_err();
        assert_eq!((err.line, err.column), (2, 5), "{err}");
        // Other CSV files hold whatever their templates make of them.
        assert!(parse_csv(text, Path::new("data/other.csv"), true).is_ok());
    }

    fn load_file_text(text: &str, ext: &str) -> Result<DataFile, Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        let rel = PathBuf::from(format!("data/x.{ext}"));
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join(&rel), text).unwrap();
        load_file(&dir.path().join(&rel), dir.path(), &rel, ext)
    }

    #[test]
    fn ragged_csv_row_is_located() {
        let err = parse_csv("a,b\n1,2\n3\n", Path::new("d.csv"), true).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
    }
}
