//! JSON Schemas (issue 16): `traction schema` writes them from the types that
//! parse the files; every example file validates (Python's `jsonschema`), and a
//! wrong key, a wrong enum value and a missing required field are rejected by
//! the schema as by the build.

mod common;

use std::path::Path;

use common::*;

/// Validates site.yaml, the typed data files and every page's front matter
/// (schema chosen by `kind:`, else the section's `page_kind`) against the
/// schemas in argv[1], for the site in argv[2]; prints {file: [errors]}.
const VALIDATE: &str = r#"
import sys, json, os, datetime, yaml
from jsonschema import Draft202012Validator
schemas, site = sys.argv[1], sys.argv[2]
def load(name):
    with open(os.path.join(schemas, name)) as f:
        s = json.load(f)
    Draft202012Validator.check_schema(s)
    return Draft202012Validator(s)
def plain(v):
    # PyYAML reads 2026-01-26 as a date; traction and editors read the text.
    if isinstance(v, (datetime.date, datetime.datetime)): return v.isoformat()
    if isinstance(v, dict): return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list): return [plain(x) for x in v]
    return v
def front(path):
    text = open(path, encoding="utf-8").read()
    if not text.startswith("---\n"): return {}
    return plain(yaml.safe_load(text[4:text.index("\n---", 3)]) or {})
report, checked = {}, 0
def check(validator, value, rel):
    global checked
    checked += 1
    errors = sorted(e.message for e in validator.iter_errors(value))
    if errors: report[rel] = errors
for name, rel in [("site.schema.json", "site.yaml"),
                  ("customers.schema.json", "data/customers.yaml"),
                  ("economics.schema.json", "data/economics.yaml")]:
    if os.path.exists(os.path.join(site, rel)):
        check(load(name), plain(yaml.safe_load(open(os.path.join(site, rel)))), rel)
content = os.path.join(site, "content")
kinds = {}
for d, _, files in os.walk(content):
    if "_index.md" in files:
        kinds[d] = front(os.path.join(d, "_index.md")).get("page_kind", "page")
for d, _, files in sorted(os.walk(content)):
    for f in sorted(files):
        if not f.endswith(".md"): continue
        fm = front(os.path.join(d, f))
        kind = fm.get("kind") or ("page" if f == "_index.md" else kinds.get(d, "page"))
        check(load(kind + ".schema.json"), fm, os.path.relpath(os.path.join(d, f), site))
print(json.dumps({"checked": checked, "errors": report}))
"#;

fn validate(schemas: &Path, site: &Path) -> serde_json::Value {
    let out = python(VALIDATE, &[schemas, site]);
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn write_schemas(site: &Path) -> std::path::PathBuf {
    let out = traction(site, &["schema", "--out", "schemas"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Wrote 7 schemas"), "{}", text(&out));
    site.join("schemas")
}

#[test]
fn every_example_file_validates_against_the_emitted_schemas() {
    if !have_python_module("jsonschema") || !have_python_module("yaml") {
        return;
    }
    let site = example_site();
    let schemas = write_schemas(site.path());
    let report = validate(&schemas, site.path());
    assert_eq!(report["errors"], serde_json::json!({}), "{report}");
    // site.yaml, two data files and every page of the example.
    assert!(report["checked"].as_u64().unwrap() >= 20, "{report}");
}

#[test]
fn a_wrong_key_a_wrong_enum_and_a_missing_field_are_refused_by_schema_and_build() {
    if !have_python_module("jsonschema") || !have_python_module("yaml") {
        return;
    }
    let page = "content/case-studies/harbor-and-pine.md";
    for (from, to, build_says) in [
        ("summary:", "sumary:", "sumary"),
        ("approval: approved", "approval: aproved", "aproved"),
        ("\nsummary:", "\n# summary:", "summary"),
        ("visibility: public", "visibility: everyone", "everyone"),
    ] {
        let site = example_site();
        replace_in(site.path(), page, from, to);
        let out = traction(site.path(), &["build", "--no-pdf"]);
        assert_eq!(out.status.code(), Some(1), "{to}: {}", text(&out));
        assert!(text(&out).contains(page), "{to}: {}", text(&out));
        assert!(text(&out).contains(build_says), "{to}: {}", text(&out));
        let schemas = write_schemas(site.path());
        let report = validate(&schemas, site.path());
        let errors = &report["errors"];
        assert!(
            errors.get(page).is_some(),
            "{to}: the schema accepted what the build refused: {report}"
        );
        assert_eq!(errors.as_object().unwrap().len(), 1, "{report}");
    }
}

#[test]
fn site_yaml_and_data_mistakes_are_refused_by_schema_and_build() {
    if !have_python_module("jsonschema") || !have_python_module("yaml") {
        return;
    }
    for (file, from, to) in [
        ("site.yaml", "timezone:", "time_zone:"),
        ("site.yaml", "paper: letter", "paper: legal"),
        (
            "site.yaml",
            "kpis: [customers, live_customers]",
            "kpis: [customers, arr_typo]",
        ),
        ("data/customers.yaml", "stage: live", "stage: alive"),
    ] {
        let site = example_site();
        replace_in(site.path(), file, from, to);
        let out = traction(site.path(), &["build", "--no-pdf"]);
        assert_eq!(out.status.code(), Some(1), "{to}: {}", text(&out));
        let schemas = write_schemas(site.path());
        let report = validate(&schemas, site.path());
        assert!(
            report["errors"].get(file).is_some(),
            "{to}: the schema accepted what the build refused: {report}"
        );
    }
}

#[test]
fn init_writes_the_schemas_and_the_editor_mapping() {
    let tmp = tempfile::tempdir().unwrap();
    let out = traction(tmp.path(), &["init", "site"]);
    assert!(out.status.success(), "{}", text(&out));
    let site = tmp.path().join("site");
    assert!(site.join("schemas/case_study.schema.json").is_file());
    let settings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let map = &settings["yaml.schemas"];
    assert_eq!(
        map["./schemas/site.schema.json"],
        serde_json::json!(["site.yaml"])
    );
    let case = map["./schemas/case_study.schema.json"].as_array().unwrap();
    assert!(
        case.iter().any(|g| g == "content/case-studies/[!_]*.md"),
        "{settings}"
    );
    let week = map["./schemas/week_plan.schema.json"].as_array().unwrap();
    assert!(
        week.iter().any(|g| g == "content/plans/[!_]*.md"),
        "{settings}"
    );
    // `traction new` scaffolds with the schema line editors read.
    let out = traction(&site, &["new", "case-study", "acme"]);
    assert!(out.status.success(), "{}", text(&out));
    let page = std::fs::read_to_string(site.join("content/case-studies/acme.md")).unwrap();
    assert!(
        page.starts_with(
            "---\n# yaml-language-server: $schema=../../schemas/case_study.schema.json\n"
        ),
        "{page}"
    );
}

#[test]
fn the_site_schema_has_the_pipeline_date_format() {
    let site = example_site();
    let schemas = write_schemas(site.path());
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schemas.join("site.schema.json")).unwrap())
            .unwrap();
    let mapping = &schema["$defs"]["PipelineMapping"]["properties"];
    assert!(mapping["date_format"].is_object(), "{mapping}");
    assert!(mapping["stages"].is_object(), "{mapping}");
}
