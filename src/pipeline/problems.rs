//! The bad cells of an export, one error per distinct problem: an unknown
//! stage in 1,589 rows is one error that counts them and names the first
//! rows, not 1,589 (or 20 identical) errors.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;

/// At most this many distinct problems are listed: a wrong mapping would
/// otherwise print one per value of a 5,000-row export. The last one listed
/// says how many were left out, and the summary line counts them.
pub(super) const MAX_LISTED: usize = 20;

/// Rows named in a problem's message before `...`.
const ROWS_NAMED: usize = 5;

/// Problems in the order first seen, each with the lines it occurs on.
#[derive(Default)]
pub(super) struct Problems {
    list: Vec<(Diagnostic, Vec<usize>)>,
    index: HashMap<String, usize>,
}

impl Problems {
    /// Records `diagnostic` (located at its first row); the same message again
    /// only adds its line.
    pub(super) fn add(&mut self, diagnostic: Diagnostic) {
        let line = diagnostic.line;
        match self.index.get(&diagnostic.message) {
            Some(&k) => self.list[k].1.push(line),
            None => {
                self.index
                    .insert(diagnostic.message.clone(), self.list.len());
                self.list.push((diagnostic, vec![line]));
            }
        }
    }

    /// Whether nothing was wrong.
    pub(super) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// One error per problem, with its row count and first rows, capped at
    /// [`MAX_LISTED`].
    pub(super) fn into_errors(self) -> Vec<Diagnostic> {
        let total = self.list.len();
        let mut errors: Vec<Diagnostic> = self
            .list
            .into_iter()
            .take(MAX_LISTED)
            .map(|(mut d, lines)| {
                if lines.len() > 1 {
                    let mut named: Vec<String> = lines
                        .iter()
                        .take(ROWS_NAMED)
                        .map(ToString::to_string)
                        .collect();
                    if lines.len() > ROWS_NAMED {
                        named.push("...".into());
                    }
                    d.message = format!(
                        "{} in {} rows: {}",
                        d.message,
                        crate::format::number(lines.len() as f64, 0),
                        named.join(", ")
                    );
                }
                d
            })
            .collect();
        if let Some(last) = errors.pop() {
            errors.push(last.omitting(total.saturating_sub(MAX_LISTED)));
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_problem_is_one_error_counting_its_rows_and_a_long_list_is_capped() {
        let mut p = Problems::default();
        for line in [2, 5, 9, 11, 12, 40, 41] {
            p.add(Diagnostic::error("p.csv", "unknown stage `Engaging`").at(line, 3));
        }
        for k in 0..30 {
            p.add(
                Diagnostic::error("p.csv", format!("amount `x{k}` is not a number")).at(50 + k, 4),
            );
        }
        let errors = p.into_errors();
        assert_eq!(errors.len(), MAX_LISTED);
        assert_eq!(
            errors[0].message,
            "unknown stage `Engaging` in 7 rows: 2, 5, 9, 11, 12, ..."
        );
        assert_eq!(errors[0].line, 2);
        assert_eq!(errors[1].message, "amount `x0` is not a number");
        assert_eq!(
            errors.iter().map(|d| d.omitted).sum::<usize>(),
            31 - MAX_LISTED
        );
    }
}
