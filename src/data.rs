//! The data stage: every `data/*.yaml|yml|json|csv` file becomes `data.<stem>`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, io_error};
use crate::yaml;

/// Folder of data files under the site root.
pub const DATA_DIR: &str = "data";

/// Largest data file traction reads (templates hold all of `data` in memory).
pub const MAX_DATA_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Most values (mappings, lists, scalars; CSV cells) in one data file. A
/// loaded value costs far more memory than its text, and every profile's
/// templates get their own copy, so this is what keeps memory bounded.
pub const MAX_DATA_NODES: usize = 500_000;

/// Most values in all data files together.
pub const MAX_TOTAL_DATA_NODES: usize = 1_000_000;

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
}

/// Every data file by stem.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// `customers` -> the contents of `data/customers.yaml`.
    pub files: BTreeMap<String, DataFile>,
}

impl Data {
    /// All values as one JSON object (what templates see as `data`).
    pub fn to_value(&self) -> Value {
        Value::Object(
            self.files
                .iter()
                .map(|(k, f)| (k.clone(), f.value.clone()))
                .collect(),
        )
    }
}

/// Loads `data/` under `root` (a missing folder is an empty `data`).
pub fn load(root: &Path) -> Result<Data, Vec<Diagnostic>> {
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
        if crate::content::is_ignored_name(&name) || !path.is_file() {
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
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            // As in content/: a link may not pull files from outside the site into templates.
            let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
            let inside = path
                .canonicalize()
                .is_ok_and(|target| target.starts_with(&canonical_root));
            if !inside {
                diags.push(
                    Diagnostic::error(&rel, "symbolic link points outside the site root")
                        .hint("copy the file into data/ instead of linking to it"),
                );
                continue;
            }
        }
        if let Ok(meta) = std::fs::metadata(&path)
            && meta.len() > MAX_DATA_FILE_BYTES
        {
            diags.push(
                crate::content::too_large(&rel, meta.len(), MAX_DATA_FILE_BYTES)
                    .hint(DATA_LIMIT_HINT),
            );
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
    let bytes = std::fs::read(path).map_err(|e| io_error(path, root, "read the data file", &e))?;
    let text = crate::content::decode_utf8(&bytes, rel)?;
    let text = crate::content::front_matter::normalize(&text).into_owned();
    match ext {
        "json" => {
            let value: Value = serde_json::from_str(&text).map_err(|e| {
                Diagnostic::error(rel, format!("invalid JSON: {e}"))
                    .at(e.line(), e.column())
                    .with_source(&text)
                    .hint("check the JSON syntax here: commas, quotes and closing brackets")
            })?;
            if count_nodes(&value) > MAX_DATA_NODES {
                return Err(too_many_values(rel));
            }
            Ok(DataFile {
                file: rel.to_path_buf(),
                value,
                yaml_source: None,
            })
        }
        "csv" => Ok(DataFile {
            file: rel.to_path_buf(),
            value: parse_csv(&text, rel)?,
            yaml_source: None,
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
            })
        }
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

/// CSV rows as maps keyed by header; cells that look like numbers become numbers.
fn parse_csv(text: &str, rel: &Path) -> Result<Value, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Diagnostic::error(rel, format!("invalid CSV header: {e}")).at(1, 1))?
        .clone();
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
        cells += 1 + record.len();
        if cells > MAX_DATA_NODES {
            return Err(too_many_values(rel).at(i + 2, 1).with_source(text));
        }
        let row: serde_json::Map<String, Value> = headers
            .iter()
            .zip(record.iter())
            .map(|(h, cell)| (h.to_string(), csv_cell(cell)))
            .collect();
        rows.push(Value::Object(row));
    }
    Ok(Value::Array(rows))
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
        let err = parse_csv(&text, Path::new("d.csv")).unwrap_err();
        assert!(err.message.contains("more than"), "{err}");
        assert!(err.line > 1 && err.hint.is_some(), "{err}");
    }

    #[test]
    fn ragged_csv_row_is_located() {
        let err = parse_csv("a,b\n1,2\n3\n", Path::new("d.csv")).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
    }
}
