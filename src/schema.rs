//! JSON Schemas (2020-12) of what people write by hand: `site.yaml`, the front
//! matter of each page kind and the data files traction reads as types.
//!
//! Derived (`schemars`) from the same Rust types serde parses them with, so a
//! key, an enum value or a required field cannot be accepted by one and
//! refused by the other; checks serde cannot express (`alias` unless
//! approved, 1-6 metrics, 0-10 answers) are attributes on those types. Editors
//! read the schemas to complete keys and flag mistakes as people type; the
//! build stays the authority (it also checks what a schema cannot: slugs,
//! KPI keys against the data, dates of plan rows).

use serde_json::Value;

use crate::config::RawConfig;
use crate::content::deck::DeckFront;
use crate::content::kinds::{CaseStudyFront, PageFront, WeekPlanFront};
use crate::kpis::{Customer, Economics};

/// Default folder of `traction schema`, relative to the site root.
pub(crate) const DEFAULT_DIR: &str = "schemas";

/// One schema file.
#[derive(Debug, Clone)]
pub(crate) struct SchemaFile {
    /// File name (`case_study.schema.json`).
    pub name: &'static str,
    /// The schema.
    pub schema: Value,
}

fn titled(mut schema: schemars::Schema, title: &str, description: &str) -> Value {
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    schema.to_value()
}

/// The schema file of page kind `kind` (`case_study`).
pub(crate) fn front_matter_file(kind: crate::content::Kind) -> String {
    format!("{}.schema.json", kind.name())
}

/// Every schema, in a stable order.
pub(crate) fn all() -> Vec<SchemaFile> {
    let mut site = titled(
        schemars::schema_for!(RawConfig),
        "traction site.yaml",
        "The site configuration: title, base URL, profiles (one site per audience), PDFs, limits.",
    );
    // Profiles name KPIs by key: offer the keys the KPI table defines.
    if let Some(keys) = site.pointer_mut("/$defs/PublishedKpis/anyOf/1/items") {
        keys["enum"] = Value::from(crate::kpis::KEYS.to_vec());
    }
    vec![
        SchemaFile {
            name: "site.schema.json",
            schema: site,
        },
        SchemaFile {
            name: "page.schema.json",
            schema: titled(
                schemars::schema_for!(PageFront),
                "traction front matter: page",
                "Front matter of a free-form page (and of every section's _index.md).",
            ),
        },
        SchemaFile {
            name: "case_study.schema.json",
            schema: titled(
                schemars::schema_for!(CaseStudyFront),
                "traction front matter: case_study",
                "Front matter of a customer case study.",
            ),
        },
        SchemaFile {
            name: "week_plan.schema.json",
            schema: titled(
                schemars::schema_for!(WeekPlanFront),
                "traction front matter: week_plan",
                "Front matter of one week of the execution plan.",
            ),
        },
        SchemaFile {
            name: "deck.schema.json",
            schema: titled(
                schemars::schema_for!(DeckFront),
                "traction front matter: deck",
                "Front matter of a slide deck (the slides and their directives are in the body).",
            ),
        },
        SchemaFile {
            name: "customers.schema.json",
            schema: titled(
                schemars::schema_for!(Vec<Customer>),
                "traction data/customers.yaml",
                "One entry per customer; the KPIs are computed from this file.",
            ),
        },
        SchemaFile {
            name: "economics.schema.json",
            schema: titled(
                schemars::schema_for!(Economics),
                "traction data/economics.yaml",
                "Unit-economics inputs of the KPIs.",
            ),
        },
    ]
}

/// The VS Code YAML extension's `yaml.schemas` for a site whose schemas are in
/// `dir`: `site.yaml`, the data files, and each content folder of a kind other
/// than `page` to its kind's schema, the other folders to the page schema.
pub(crate) fn editor_mapping(content: &crate::content::Content, dir: &str) -> Value {
    use crate::content::Kind;
    let mut map = serde_json::Map::new();
    let mut add = |file: String, glob: String| {
        let entry = map
            .entry(format!("./{dir}/{file}"))
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(globs) = entry {
            globs.push(Value::from(glob));
        }
    };
    add("site.schema.json".into(), crate::config::CONFIG_FILE.into());
    add("customers.schema.json".into(), "data/customers.yaml".into());
    add("economics.schema.json".into(), "data/economics.yaml".into());
    for section in content.sections.values() {
        let folder = if section.path.is_empty() {
            "content".to_string()
        } else {
            format!("content/{}", section.path)
        };
        add(front_matter_file(Kind::Page), format!("{folder}/_index.md"));
        if !section.pages.is_empty() || section.page_kind != Kind::Page {
            add(
                front_matter_file(section.page_kind),
                format!("{folder}/[!_]*.md"),
            );
        }
    }
    serde_json::json!({ "yaml.schemas": map })
}

/// The schema text as written to disk: pretty, ending with a line end.
pub(crate) fn to_text(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("JSON values always serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(name: &str) -> Value {
        all()
            .into_iter()
            .find(|f| f.name == name)
            .expect("schema exists")
            .schema
    }

    #[test]
    fn every_schema_is_2020_12_and_closed() {
        for f in all() {
            assert_eq!(
                f.schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
                "{}",
                f.name
            );
        }
        let case = schema("case_study.schema.json");
        assert_eq!(case["additionalProperties"], false);
        assert_eq!(
            case["required"],
            serde_json::json!(["title", "customer", "summary", "approval"])
        );
        // A qualitative story has no metrics.
        assert_eq!(case["properties"]["metrics"].get("minItems"), None);
        assert_eq!(case["properties"]["metrics"]["maxItems"], 6);
        assert_eq!(case["properties"]["recommend"]["maximum"], 10.0);
    }

    #[test]
    fn enums_and_descriptions_come_from_the_types() {
        let case = schema("case_study.schema.json");
        let approval = &case["$defs"]["Approval"];
        let values: Vec<&str> = approval["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["const"].as_str().unwrap())
            .collect();
        assert_eq!(values, ["approved", "pending", "anonymized"]);
        assert_eq!(
            case["properties"]["alias"]["description"],
            "Name shown when the customer has not approved being named."
        );
        let site = schema("site.schema.json");
        let keys = &site["$defs"]["PublishedKpis"]["anyOf"][1]["items"]["enum"];
        assert!(
            keys.as_array().unwrap().iter().any(|k| k == "arr"),
            "{site}"
        );
    }
}
