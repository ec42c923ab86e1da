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
        ..Default::default()
    };
    let p = load(&data(csv), &mapping, config).unwrap().unwrap();
    assert_eq!(p.deals[0].stage, DealStage::Poc);
    assert_eq!(p.deals[1].stage, DealStage::Qualified);
    assert_eq!(p.deals[0].probability, 40.0, "the stage's default");
    let bad = PipelineMapping {
        columns: [("amout".to_string(), "Value (USD)".to_string())].into(),
        stages: [("Eval".to_string(), "pco".to_string())].into(),
        ..Default::default()
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
d,qualified,1000,20,2/30/2026\n";
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
            (6, 21, "close date `2/30/2026` is not a date"),
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

#[test]
fn a_salesforce_export_by_api_names_reads_like_the_report_export() {
    let csv = "Id,Name,Account.Name,StageName,Amount,Probability,CloseDate,OwnerId,Owner.Name,NextStep\n\
006A,Bay WMS,Bay Foods,Proposal/Price Quote,120000,60,2026-03-31,005X,Dana,Pricing call\n\
006B,Elm rollout,Elm Co,Prospecting,,10,,005Y,Sam,\n\
006C,Oak pilot,Oak Ltd,Closed Won,40000,100,2026-01-15,005X,Dana,\n";
    let p = read(csv).unwrap().unwrap();
    let d = &p.deals[0];
    assert_eq!(
        (d.name.as_str(), d.account.as_str(), d.stage, d.amount),
        ("Bay WMS", "Bay Foods", DealStage::Proposal, 120_000.0)
    );
    assert_eq!(
        (d.owner.as_str(), d.next_step.as_str()),
        ("Dana", "Pricing call")
    );
    assert_eq!(
        d.close.map(|d| d.to_string()).as_deref(),
        Some("2026-03-31")
    );
    assert_eq!(p.deals[2].stage, DealStage::Won);
}

#[test]
fn a_hubspot_export_by_property_names_reads_its_internal_stage_ids() {
    let csv = "dealname,dealstage,amount,closedate,hubspot_owner_id,pipeline\n\
Bay WMS,decisionmakerboughtin,120000,2026-03-31,31337,default\n\
Elm rollout,appointmentscheduled,,,31338,default\n\
Oak pilot,closedwon,40000,2026-01-15,31337,default\n";
    let p = read(csv).unwrap().unwrap();
    let stages: Vec<DealStage> = p.deals.iter().map(|d| d.stage).collect();
    assert_eq!(
        stages,
        [DealStage::Proposal, DealStage::Lead, DealStage::Won]
    );
    assert_eq!(p.deals[0].owner, "31337");
    assert_eq!(p.totals().qualified, 120_000.0);
}

#[test]
fn two_digit_years_read_as_20yy_and_an_open_order_is_said() {
    let csv = "Name,StageName,Amount,CloseDate\nA,Qualification,1000,02/03/24\nB,Qualification,1000,12/01/25\n";
    let p = read(csv).unwrap().unwrap();
    let close: Vec<String> = p
        .deals
        .iter()
        .filter_map(|d| d.close)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(close, ["2024-02-03", "2025-12-01"]);
    assert_eq!(p.notices.len(), 1, "{:?}", p.notices);
    assert!(!p.notices[0].is_error());
    assert!(
        p.notices[0].message.contains("`02/03/24` read month first"),
        "{:?}",
        p.notices
    );
    // A day above 12 settles it: no notice, day first.
    let csv = "Name,StageName,Amount,CloseDate\nA,Qualification,1000,02/03/24\nB,Qualification,1000,25/12/25\n";
    let p = read(csv).unwrap().unwrap();
    assert!(p.notices.is_empty());
    assert_eq!(
        p.deals[0].close.map(|d| d.to_string()).as_deref(),
        Some("2024-03-02")
    );
}

#[test]
fn date_format_in_site_yaml_settles_the_order_and_a_bad_one_is_located() {
    let csv = "Name,StageName,Amount,CloseDate\nA,Qualification,1000,02/03/2026\n";
    let day_first = PipelineMapping {
        date_format: Some("DD/MM/YYYY".into()),
        ..Default::default()
    };
    let p = load(&data(csv), &day_first, "").unwrap().unwrap();
    assert_eq!(
        p.deals[0].close.map(|d| d.to_string()).as_deref(),
        Some("2026-03-02")
    );
    assert!(p.notices.is_empty());
    let bad = PipelineMapping {
        date_format: Some("YYYY.MM.DD".into()),
        ..Default::default()
    };
    let config = "title: x\npipeline:\n  date_format: YYYY.MM.DD\n";
    let err = load(&data(csv), &bad, config).unwrap_err();
    assert_eq!(err[0].line, 3, "{err:?}");
    assert!(
        err[0].expected.as_deref().unwrap().contains("D/M/YYYY"),
        "{err:?}"
    );
}

#[test]
fn eight_thousand_rows_with_one_unknown_stage_are_one_error_counting_them() {
    let mut csv = String::from("Name,StageName,Amount,CloseDate\n");
    let mut engaging = Vec::new();
    for i in 0..8000 {
        let stage = if i % 5 == 1 {
            "Engaging"
        } else {
            "Qualification"
        };
        if stage == "Engaging" {
            engaging.push(i + 2);
        }
        csv.push_str(&format!("Deal {i},{stage},1000,2026-03-01\n"));
    }
    let err = read(&csv).unwrap_err();
    assert_eq!(err.len(), 1, "{err:?}");
    let first: Vec<String> = engaging.iter().take(5).map(|l| l.to_string()).collect();
    assert_eq!(
        err[0].message,
        format!(
            "unknown stage `Engaging` in 1,600 rows: {}, ...",
            first.join(", ")
        )
    );
    assert_eq!(err[0].line, engaging[0]);
}

#[test]
fn an_unknown_stage_hint_names_the_nearest_of_our_stages() {
    let hint = |stage: &str| {
        let csv = format!("Name,Stage,Amount\nA,{stage},1000\n");
        read(&csv).unwrap_err()[0].hint.clone().unwrap()
    };
    assert!(
        hint("Proposal/Quote").contains("\"Proposal/Quote\": proposal"),
        "{}",
        hint("Proposal/Quote")
    );
    assert!(
        hint("Closed - Won").contains(": won"),
        "{}",
        hint("Closed - Won")
    );
    assert!(hint("Qualifcation").starts_with("did you mean `qualification`?"));
    assert!(
        hint("Engaging").contains("<one of lead, qualified"),
        "{}",
        hint("Engaging")
    );
}

#[test]
fn a_long_list_of_distinct_problems_is_capped_and_says_how_many_were_left_out() {
    let mut csv = String::from("Name,Stage,Amount\n");
    for i in 0..36 {
        csv.push_str(&format!("D{i},qualified,{i} dollars\n"));
    }
    let err = read(&csv).unwrap_err();
    assert_eq!(err.len(), 20);
    assert_eq!(err.iter().map(|d| d.omitted).sum::<usize>(), 16);
}
