//! KPI snapshots: `data/kpi_history.csv` (`date,kpi,value`, one row per KPI
//! per snapshot day), read as typed history, and the text `traction kpis
//! --snapshot` writes back.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::{KEYS, Kpis, MAX_MONEY, current_key, json_number};
use crate::data::Data;
use crate::diagnostics::{Diagnostic, did_you_mean};

/// The data file's stem (`data/kpi_history.csv`).
pub(crate) const STEM: &str = "kpi_history";
/// The header the file starts with.
pub(crate) const HEADER: &str = "date,kpi,value";

/// Snapshots by KPI key, oldest first.
pub type History = BTreeMap<String, Vec<(Date, f64)>>;

/// The history in `data/kpi_history.csv` (empty without the file); bad rows are located errors.
pub(super) fn load(data: &Data) -> Result<History, Vec<Diagnostic>> {
    let Some(file) = data.files.get(STEM) else {
        return Ok(History::new());
    };
    let Some(text) = &file.csv_source else {
        return Err(vec![
            Diagnostic::error(&file.file, "the KPI history must be a CSV file")
                .expected(format!("data/{STEM}.csv starting with the line `{HEADER}`"))
                .hint("`traction kpis --snapshot` writes it"),
        ]);
    };
    let error = |line: usize, column: usize, message: String| {
        Diagnostic::error(&file.file, message)
            .at(line, column)
            .with_source(text)
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return Err(vec![error(1, 1, format!("invalid CSV header: {e}"))]),
    };
    if header != ["date", "kpi", "value"] && !text.trim().is_empty() {
        return Err(vec![
            error(1, 1, format!("the header is `{}`", header.join(",")))
                .expected(format!("`{HEADER}`"))
                .hint("one row per KPI per snapshot day; `traction kpis --snapshot` writes it"),
        ]);
    }
    let mut errors = Vec::new();
    let mut history = History::new();
    let mut seen = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(i + 2, |p| p.line() as usize);
                errors.push(error(line, 1, format!("invalid CSV row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(i + 2, |p| p.line() as usize);
        let raw = text.lines().nth(line - 1).unwrap_or("");
        let column = |cell: &str| raw.find(cell).map_or(1, |b| raw[..b].chars().count() + 1);
        let (date, kpi, value) = (&record[0], &record[1], &record[2]);
        let Some(day) = date.parse::<Date>().ok().filter(|_| date.len() == 10) else {
            errors.push(
                error(
                    line,
                    column(date),
                    format!("`{}` is not a date", date.escape_default()),
                )
                .expected("a date written YYYY-MM-DD, such as 2026-03-20"),
            );
            continue;
        };
        let key = current_key(kpi);
        if !KEYS.contains(&key) {
            let mut d = error(
                line,
                column(kpi),
                format!("`{}` is not a KPI", kpi.escape_default()),
            )
            .expected(format!("one of {}", KEYS.join(", ")));
            if let Some(best) = did_you_mean(kpi, KEYS) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            errors.push(d);
            continue;
        }
        let number = value.parse::<f64>().ok().filter(|v| {
            v.is_finite() && v.abs() <= MAX_MONEY && !value.contains(['n', 'N', 'i', 'I'])
        });
        let Some(number) = number else {
            errors.push(
                error(
                    line,
                    column(value).max(date.len() + kpi.len() + 3),
                    format!(
                        "the value `{}` of `{kpi}` is not a number",
                        value.escape_default()
                    ),
                )
                .expected(format!(
                    "a plain number such as 125000 or 0.8, at most {MAX_MONEY:e}"
                ))
                .hint("write figures without `$`, `%` or thousands separators"),
            );
            continue;
        };
        if let Some(first) = seen.insert((day, key.to_string()), line) {
            errors.push(
                error(
                    line,
                    1,
                    format!("`{key}` on {day} is given twice (first on line {first})"),
                )
                .hint("one row per KPI per day; `traction kpis --snapshot` replaces a day's rows"),
            );
            continue;
        }
        history
            .entry(key.to_string())
            .or_default()
            .push((day, number));
    }
    for rows in history.values_mut() {
        rows.sort_by_key(|(d, _)| *d);
    }
    if errors.is_empty() {
        Ok(history)
    } else {
        Err(errors)
    }
}

/// `existing` (the file's text, `None` when absent) with the rows dated `date`
/// replaced by today's KPIs; every other line is kept byte for byte.
pub(crate) fn snapshot(existing: Option<&str>, date: Date, kpis: &Kpis) -> String {
    let existing = existing.filter(|t| !t.trim().is_empty());
    let newline = if existing.is_some_and(|t| t.contains("\r\n")) {
        "\r\n"
    } else {
        "\n"
    };
    let day = date.to_string();
    let mut out = String::new();
    match existing {
        None => {
            out.push_str(HEADER);
            out.push_str(newline);
        }
        Some(text) => {
            for (n, line) in text.split_inclusive('\n').enumerate() {
                let first = line
                    .split(',')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches('"');
                if n > 0 && first == day {
                    continue;
                }
                out.push_str(line);
            }
            if !out.ends_with('\n') {
                out.push_str(newline);
            }
        }
    }
    for k in &kpis.list {
        out.push_str(&format!(
            "{day},{},{}{newline}",
            k.key,
            json_number(k.value)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::DataFile;

    fn data(csv: &str) -> Data {
        let mut d = Data::default();
        d.files.insert(
            STEM.into(),
            DataFile {
                file: "data/kpi_history.csv".into(),
                value: serde_json::Value::Null,
                yaml_source: None,
                csv_source: Some(csv.to_string()),
            },
        );
        d
    }

    #[test]
    fn history_rows_load_by_kpi_in_date_order() {
        let h = load(&data(
            "date,kpi,value\n2026-03-13,arr,100000\n2026-03-06,arr,50000\n2026-03-06,avg_nps,9\n",
        ))
        .unwrap();
        assert_eq!(h["arr"].len(), 2);
        assert_eq!(h["arr"][0].1, 50000.0);
        assert!(
            h.contains_key("avg_recommend"),
            "deprecated keys map to their new name"
        );
    }

    #[test]
    fn each_bad_row_kind_is_located() {
        let cases = [
            ("date,kpi,value\n2026-13-01,arr,5\n", 2, 1, "not a date"),
            (
                "date,kpi,value\n2026-03-01,ar,5\n",
                2,
                12,
                "did you mean `arr`",
            ),
            (
                "date,kpi,value\n2026-03-01,arr,lots\n",
                2,
                16,
                "not a number",
            ),
            (
                "date,kpi,value\n2026-03-01,arr,NaN\n",
                2,
                16,
                "not a number",
            ),
            (
                "date,kpi,value\n2026-03-01,arr,1\n2026-03-01,arr,2\n",
                3,
                1,
                "twice",
            ),
            ("day,kpi,value\n", 1, 1, "header"),
            ("date,kpi,value\n2026-03-01,arr\n", 2, 1, "invalid CSV row"),
        ];
        for (csv, line, column, words) in cases {
            let e = load(&data(csv)).unwrap_err();
            let text = format!("{e:?}");
            assert_eq!((e[0].line, e[0].column), (line, column), "{csv}: {text}");
            assert!(text.contains(words), "{csv}: {text}");
        }
    }

    #[test]
    fn a_snapshot_replaces_its_day_and_keeps_other_lines_byte_for_byte() {
        let (kpis, _) = crate::kpis::compute(&Data::default()).unwrap();
        let day: Date = "2026-03-20".parse().unwrap();
        let first = snapshot(None, day, &kpis);
        assert!(first.starts_with("date,kpi,value\n2026-03-20,arr,0\n"));
        assert_eq!(first.lines().count(), 1 + kpis.list.len());
        let older = "date,kpi,value\r\n2026-03-13,arr,\"100000\"\r\n";
        let again = snapshot(Some(&first.replace("date,kpi,value\n", older)), day, &kpis);
        assert!(again.starts_with(older), "{again}");
        assert_eq!(again.matches("2026-03-20,").count(), kpis.list.len());
        assert_eq!(
            snapshot(Some(&again), day, &kpis),
            again,
            "idempotent within a day"
        );
    }
}
