//! One CRM export cell at a time: amounts, probabilities, close dates and
//! stage names as Salesforce, HubSpot and spreadsheets write them.

use super::DealStage;

/// Largest amount accepted: keeps every sum finite (as for ACVs).
const MAX_AMOUNT: f64 = 1e12;

/// `$120,000`, `120000.00`, `120,000 USD`, `USD 120000`; an empty cell is 0
/// (CRMs leave a lead's amount blank).
pub(super) fn amount(cell: &str) -> Result<f64, &'static str> {
    let t = cell.trim();
    if t.is_empty() {
        return Ok(0.0);
    }
    let t = t
        .trim_start_matches("USD")
        .trim_end_matches("USD")
        .trim()
        .trim_start_matches('$')
        .trim();
    let digits: String = t.chars().filter(|c| *c != ',').collect();
    let ok = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1;
    match digits.parse::<f64>() {
        Ok(v) if ok && v.is_finite() && v <= MAX_AMOUNT => Ok(v),
        Ok(_) if ok => Err("an amount up to $1,000,000,000,000"),
        _ => Err("an amount such as 120000, 120000.00 or $120,000"),
    }
}

/// A probability in percent: `20`, `20%`, or a fraction with a decimal point
/// (`0.2`, as HubSpot exports it). `None` for an empty cell.
pub(super) fn probability(cell: &str) -> Result<Option<f64>, &'static str> {
    let t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (number, percent) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let v: f64 = number
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or("a probability from 0 to 100, such as 40 or 40%")?;
    let v = if !percent && number.contains('.') && (0.0..=1.0).contains(&v) {
        v * 100.0
    } else {
        v
    };
    if (0.0..=100.0).contains(&v) {
        Ok(Some(v))
    } else {
        Err("a probability from 0 to 100 (percent)")
    }
}

/// Stage names Salesforce's and HubSpot's default pipelines use, and ours.
pub(super) const KNOWN_STAGES: &[(&str, DealStage)] = &[
    ("lead", DealStage::Lead),
    ("qualified", DealStage::Qualified),
    ("poc", DealStage::Poc),
    ("proposal", DealStage::Proposal),
    ("negotiation", DealStage::Negotiation),
    ("won", DealStage::Won),
    ("lost", DealStage::Lost),
    // Salesforce
    ("prospecting", DealStage::Lead),
    ("qualification", DealStage::Qualified),
    ("needs analysis", DealStage::Qualified),
    ("value proposition", DealStage::Qualified),
    ("id. decision makers", DealStage::Qualified),
    ("perception analysis", DealStage::Poc),
    ("proposal/price quote", DealStage::Proposal),
    ("negotiation/review", DealStage::Negotiation),
    ("closed won", DealStage::Won),
    ("closed lost", DealStage::Lost),
    // HubSpot
    ("appointment scheduled", DealStage::Lead),
    ("qualified to buy", DealStage::Qualified),
    ("presentation scheduled", DealStage::Poc),
    ("decision maker bought-in", DealStage::Proposal),
    ("contract sent", DealStage::Negotiation),
    ("closedwon", DealStage::Won),
    ("closedlost", DealStage::Lost),
    // HubSpot's internal stage ids, as the API and `dealstage` exports write them
    ("appointmentscheduled", DealStage::Lead),
    ("qualifiedtobuy", DealStage::Qualified),
    ("presentationscheduled", DealStage::Poc),
    ("decisionmakerboughtin", DealStage::Proposal),
    ("contractsent", DealStage::Negotiation),
    // Words teams use in spreadsheets
    ("discovery", DealStage::Qualified),
    ("proof of concept", DealStage::Poc),
    ("pilot", DealStage::Poc),
];

/// Words in a CRM's own stage names and the stage each means, later words
/// winning (`Closed Won`: won; `Proposal/Quote`: proposal). A word counts when
/// a word of the name starts with it.
const STAGE_WORDS: &[(&str, DealStage)] = &[
    ("prospect", DealStage::Lead),
    ("lead", DealStage::Lead),
    ("new", DealStage::Lead),
    ("cold", DealStage::Lead),
    ("contact", DealStage::Lead),
    ("appointment", DealStage::Lead),
    ("qualif", DealStage::Qualified),
    ("discovery", DealStage::Qualified),
    ("needs", DealStage::Qualified),
    ("analysis", DealStage::Qualified),
    ("demo", DealStage::Qualified),
    ("poc", DealStage::Poc),
    ("pilot", DealStage::Poc),
    ("trial", DealStage::Poc),
    ("proof", DealStage::Poc),
    ("eval", DealStage::Poc),
    ("presentation", DealStage::Poc),
    ("proposal", DealStage::Proposal),
    ("quote", DealStage::Proposal),
    ("pricing", DealStage::Proposal),
    ("price", DealStage::Proposal),
    ("offer", DealStage::Proposal),
    ("negotiat", DealStage::Negotiation),
    ("contract", DealStage::Negotiation),
    ("legal", DealStage::Negotiation),
    ("procurement", DealStage::Negotiation),
    ("commit", DealStage::Negotiation),
    ("won", DealStage::Won),
    ("win", DealStage::Won),
    ("signed", DealStage::Won),
    ("lost", DealStage::Lost),
    ("dead", DealStage::Lost),
    ("disqualif", DealStage::Lost),
    ("unqualif", DealStage::Lost),
];

/// The stage a CRM's own stage name most likely means: by its words first,
/// then by spelling against the names we know; `None` when nothing is near.
pub(super) fn nearest_stage(cell: &str) -> Option<DealStage> {
    let name = fold(cell);
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // `Closed Won` is won and `Disqualified` lost: the most specific match wins.
    let by_meaning = STAGE_WORDS
        .iter()
        .filter(|(key, _)| words.iter().any(|w| w.starts_with(key)))
        .max_by_key(|(key, _)| key.len())
        .map(|(_, stage)| *stage);
    by_meaning.or_else(|| {
        let known = KNOWN_STAGES.iter().map(|(n, _)| *n);
        let best = crate::diagnostics::did_you_mean(&name, known)?;
        KNOWN_STAGES
            .iter()
            .find(|(n, _)| *n == best)
            .map(|(_, s)| *s)
    })
}

/// How a stage or header is compared: case and runs of spaces aside.
pub(super) fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// 1-based column (in characters) where the `index`th cell of a CSV line starts.
pub(super) fn cell_column(line: &str, index: usize) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_as_crms_and_spreadsheets_write_them() {
        for (cell, v) in [
            ("$120,000", 120_000.0),
            ("120000.00", 120_000.0),
            ("120,000 USD", 120_000.0),
            ("USD 95000", 95_000.0),
            ("", 0.0),
            ("$ 1,250.50", 1_250.5),
        ] {
            assert_eq!(amount(cell), Ok(v), "{cell}");
        }
        for bad in ["lots", "12O,000", "-5", "1.2.3", "$", "1e300", "€5"] {
            assert!(amount(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn probabilities_are_percent_or_fractions_with_a_point() {
        assert_eq!(probability("40"), Ok(Some(40.0)));
        assert_eq!(probability("40%"), Ok(Some(40.0)));
        assert_eq!(probability("0.4"), Ok(Some(40.0)));
        assert_eq!(probability("1"), Ok(Some(1.0)));
        assert_eq!(probability(""), Ok(None));
        for bad in ["140", "-5", "high", "NaN", "inf"] {
            assert!(probability(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_crm_stage_name_maps_to_the_nearest_stage_by_meaning_then_spelling() {
        for (cell, stage) in [
            ("Proposal/Quote", DealStage::Proposal),
            ("Closed Won", DealStage::Won),
            ("Closed - Lost", DealStage::Lost),
            ("Disqualified", DealStage::Lost),
            ("Negotiating", DealStage::Negotiation),
            ("Technical evaluation", DealStage::Poc),
            ("Qualificaton", DealStage::Qualified),
            ("Prospectng", DealStage::Lead),
        ] {
            assert_eq!(nearest_stage(cell), Some(stage), "{cell}");
        }
        assert_eq!(nearest_stage("Engaging"), None);
    }

    #[test]
    fn cell_columns_count_characters_and_skip_quoted_commas() {
        assert_eq!(cell_column("a,\"b, c\",d", 2), 10);
        assert_eq!(cell_column("é,x", 1), 3);
    }
}
