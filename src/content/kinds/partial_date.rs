//! A date as precise as the writer knew it: `2003`, `2024-03` or `2024-03-05`.
//!
//! Stories say "up until 2003" or "live since March 2024"; asking for a day
//! would make people invent one. The value keeps its precision so it is shown
//! as written ("2003", "March 2024") and compared by its first day.

use jiff::civil::Date;
use serde::{Deserialize, Deserializer};

/// How much of the date was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// `2003`.
    Year,
    /// `2024-03`.
    Month,
    /// `2024-03-05`.
    Day,
}

/// A year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    /// The first day of the period (the day itself for a full date).
    pub first_day: Date,
    /// What was written.
    pub precision: Precision,
}

impl PartialDate {
    /// Reads `2003`, `2024-03` or `2024-03-05`.
    pub(crate) fn parse(text: &str) -> Option<PartialDate> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let num = |s: &str, len: usize| {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i16>().ok())
                .flatten()
        };
        let (first_day, precision) = match parts.as_slice() {
            [y] => (
                jiff::civil::Date::new(num(y, 4)?, 1, 1).ok()?,
                Precision::Year,
            ),
            [y, m] => (
                Date::new(num(y, 4)?, i8::try_from(num(m, 2)?).ok()?, 1).ok()?,
                Precision::Month,
            ),
            _ => (text.parse::<Date>().ok()?, Precision::Day),
        };
        Some(PartialDate {
            first_day,
            precision,
        })
    }

    /// The last day of the period: a story "live in 2003" was live by 2003-12-31.
    pub(crate) fn last_day(&self) -> Date {
        match self.precision {
            Precision::Day => self.first_day,
            Precision::Month => self.first_day.last_of_month(),
            Precision::Year => self.first_day.last_of_year(),
        }
    }

    /// As written in ISO form (`2003`, `2024-03`, `2024-03-05`): also a valid HTML `datetime`.
    pub(crate) fn iso(&self) -> String {
        match self.precision {
            Precision::Year => format!("{:04}", self.first_day.year()),
            Precision::Month => {
                format!("{:04}-{:02}", self.first_day.year(), self.first_day.month())
            }
            Precision::Day => self.first_day.to_string(),
        }
    }
}

impl PartialDate {
    /// Whether `day` falls in the period (`2024-03-17` is in `2024-03`).
    pub(crate) fn contains(&self, day: Date) -> bool {
        self.first_day <= day && day <= self.last_day()
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = PartialDate;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date: YYYY-MM-DD, YYYY-MM or YYYY")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PartialDate, E> {
                PartialDate::parse(v).ok_or_else(|| {
                    E::custom(format!(
                        "`{v}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
                    ))
                })
            }
            // `live: 2003` in YAML is a number.
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<PartialDate, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<PartialDate, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(V)
    }
}

impl schemars::JsonSchema for PartialDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date as precise as known: YYYY-MM-DD, YYYY-MM or YYYY.",
            "anyOf": [
                { "type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$" },
                { "type": "integer", "minimum": 1000, "maximum": 9999 }
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_months_are_dates_kept_as_written() {
        let y = PartialDate::parse("2003").unwrap();
        assert_eq!(
            (y.iso(), y.last_day()),
            ("2003".into(), jiff::civil::date(2003, 12, 31))
        );
        let m = PartialDate::parse("2024-03").unwrap();
        assert_eq!(
            (m.iso(), m.last_day()),
            ("2024-03".into(), jiff::civil::date(2024, 3, 31))
        );
        assert_eq!(
            PartialDate::parse("2024-03-05").unwrap().iso(),
            "2024-03-05"
        );
        assert_eq!(PartialDate::parse("2024-13"), None);
        assert_eq!(PartialDate::parse("March"), None);
    }
}

#[cfg(test)]
mod case_study_tests {
    use crate::content::{KindData, kinds::Kind, parse_page};
    use std::path::Path;

    #[test]
    fn a_qualitative_story_with_an_unnamed_quote_and_loose_dates_loads() {
        let text = "---\ntitle: Up until 2003\ncustomer: Acme\nsummary: A story.\napproval: approved\nsigned: 2003\nlive: 2024-03\npublished: 2024-03-05\nquote:\n  text: It works.\n---\nBody\n";
        let page = parse_page(Path::new("content/a.md"), "a.md", text, Kind::CaseStudy)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let KindData::CaseStudy(c) = page.data else {
            panic!("not a case study")
        };
        assert!(c.metrics.is_empty());
        assert_eq!(c.quote.unwrap().author, "");
        assert_eq!(c.signed.unwrap().to_string(), "2003");
        assert_eq!(c.live.unwrap().to_string(), "2024-03");
        assert_eq!(c.published.unwrap().to_string(), "2024-03-05");
        assert_eq!(
            crate::format::date("2024-03", "%b %-d, %Y").unwrap(),
            "March 2024"
        );
        assert_eq!(crate::format::date("2003", "%b %-d, %Y").unwrap(), "2003");
    }
}
