use super::*;
use crate::data::DataFile;

fn data(csv: &str) -> Data {
    let mut d = Data::default();
    d.files.insert(
        STEM.into(),
        DataFile {
            file: "data/pipeline.csv".into(),
            value: serde_json::Value::Null,
            yaml_source: None,
            csv_source: Some(csv.to_string()),
        },
    );
    d
}

fn read(csv: &str) -> Result<Option<Pipeline>, Vec<Diagnostic>> {
    load(&data(csv), &PipelineMapping::default(), "")
}

const SALESFORCE: &str = "\"Opportunity Name\",\"Account Name\",\"Stage\",\"Amount\",\"Probability (%)\",\"Close Date\",\"Opportunity Owner\",\"Next Step\"\n\
\"Bay WMS\",\"Bay Foods\",\"Proposal/Price Quote\",\"$120,000\",\"60\",\"3/31/2026\",\"Dana\",\"Pricing call\"\n\
\"Elm rollout\",\"Elm Co\",\"Prospecting\",\"\",\"10\",\"\",\"Sam\",\"\"\n\
\"Oak pilot\",\"Oak Ltd\",\"Closed Won\",\"40000.00\",\"100\",\"1/15/2026\",\"Dana\",\"\"\n";

const HUBSPOT: &str = "Deal Name,Associated Company,Deal Stage,Amount,Deal probability,Close Date,Deal owner,Next step\n\
Bay WMS,Bay Foods,Decision maker bought-in,120000,0.6,2026-03-31,Dana,Pricing call\n\
Elm rollout,Elm Co,Appointment scheduled,,0.1,,Sam,\n\
Oak pilot,Oak Ltd,Closed won,40000,1.0,2026-01-15,Dana,\n";

#[test]
fn salesforce_and_hubspot_exports_read_the_same() {
    for csv in [SALESFORCE, HUBSPOT] {
        let p = read(csv).unwrap().unwrap();
        assert_eq!(p.deals.len(), 3);
        let stages: Vec<DealStage> = p.deals.iter().map(|d| d.stage).collect();
        assert_eq!(
            stages,
            [DealStage::Proposal, DealStage::Lead, DealStage::Won]
        );
        assert_eq!(p.deals[0].amount, 120_000.0);
        assert_eq!(p.deals[0].probability, 60.0);
        assert_eq!(
            p.deals[0].close.map(|d| d.to_string()).as_deref(),
            Some("2026-03-31")
        );
        assert_eq!(
            (p.deals[0].account.as_str(), p.deals[0].owner.as_str()),
            ("Bay Foods", "Dana")
        );
        assert_eq!(p.deals[0].next_step, "Pricing call");
        let t = p.totals();
        assert_eq!(
            (t.qualified, t.weighted, t.open, t.active, t.warm),
            (120_000.0, 72_000.0, 1, 1, 1)
        );
    }
}

#[test]
fn other_headers_and_stage_names_map_in_site_yaml() {
    let csv = "Deal,Phase,Value (USD),Expected\nA,Eval,5000,2026-04-01\nB,Short list,7000,\n";
    let config = "title: x\npipeline:\n  columns: { stage: Phase, amount: \"Value (USD)\", close_date: Expected }\n  stages: { Eval: poc, \"Short list\": qualified }\n";
    let mapping = PipelineMapping {
        columns: [
            ("stage", "Phase"),
            ("amount", "Value (USD)"),
            ("close_date", "Expected"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .into(),
        stages: [("Eval", "poc"), ("Short list", "qualified")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .into(),
    };
    let p = load(&data(csv), &mapping, config).unwrap().unwrap();
    assert_eq!(p.deals[0].stage, DealStage::Poc);
    assert_eq!(p.deals[1].stage, DealStage::Qualified);
    assert_eq!(p.deals[0].probability, 40.0, "the stage's default");
    let bad = PipelineMapping {
        columns: [("amout".to_string(), "Value (USD)".to_string())].into(),
        stages: [("Eval".to_string(), "pco".to_string())].into(),
    };
    let config =
        "title: x\npipeline:\n  columns:\n    amout: \"Value (USD)\"\n  stages:\n    Eval: pco\n";
    let err = load(&data(csv), &bad, config).unwrap_err();
    assert_eq!(
        (err[0].line, err[0].hint.as_deref()),
        (6, Some("did you mean `poc`?")),
        "{err:?}"
    );
}

#[test]
fn each_bad_cell_is_an_error_at_its_row_and_column() {
    let csv = "name,stage,amount,probability,close date\n\
ok,qualified,1000,20,2026-03-01\n\
a,qualfied,1000,20,2026-03-01\n\
b,qualified,lots,20,2026-03-01\n\
c,qualified,1000,140,2026-03-01\n\
d,qualified,1000,20,31/3/2026\n";
    let err = read(csv).unwrap_err();
    let found: Vec<(usize, usize, &str)> = err
        .iter()
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (3, 3, "unknown stage `qualfied`"),
            (4, 13, "amount `lots` is not a number"),
            (5, 18, "probability `140` is out of range"),
            (6, 21, "close date `31/3/2026` is not a date"),
        ]
    );
    assert!(
        err[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean `qualified`?"),
        "{err:?}"
    );
    assert!(err.iter().all(|d| d.expected.is_some() && d.hint.is_some()));
}

#[test]
fn an_export_without_a_required_column_says_which_headers_it_knows() {
    let err = read("Deal Name,Deal Stage\nA,lead\n").unwrap_err();
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(err[0].message.contains("no `amount` column"), "{err:?}");
}

#[test]
fn no_export_is_no_pipeline() {
    assert!(
        load(&Data::default(), &PipelineMapping::default(), "")
            .unwrap()
            .is_none()
    );
}
