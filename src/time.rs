//! Time in the treaty language: lengths of time (a term of office, a delay).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The unit a length of time is counted in. Calendar units stay calendar units
/// (a year is not 365 days): the arithmetic on dates decides what they span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl TimeUnit {
    /// The unit's word for `amount` of it: `1 year`, `2 years`.
    pub fn word(self, amount: u32) -> &'static str {
        match (self, amount == 1) {
            (TimeUnit::Days, true) => "day",
            (TimeUnit::Days, false) => "days",
            (TimeUnit::Weeks, true) => "week",
            (TimeUnit::Weeks, false) => "weeks",
            (TimeUnit::Months, true) => "month",
            (TimeUnit::Months, false) => "months",
            (TimeUnit::Years, true) => "year",
            (TimeUnit::Years, false) => "years",
        }
    }

    /// The unit a word names (`year` or `years`).
    pub fn from_word(word: &str) -> Option<TimeUnit> {
        Some(match word.trim_end_matches('s') {
            "day" => TimeUnit::Days,
            "week" => TimeUnit::Weeks,
            "month" => TimeUnit::Months,
            "year" => TimeUnit::Years,
            _ => return None,
        })
    }
}

/// A length of time: `two years`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Length {
    pub amount: u32,
    pub unit: TimeUnit,
}

impl std::fmt::Display for Length {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.word(self.amount))
    }
}

/// The value of a number written in words (`two`), for the words the grammar
/// accepts.
pub fn number_word(word: &str) -> Option<u32> {
    Some(match word {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "fifty" => 50,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_units_read_both_ways() {
        assert_eq!(number_word("twenty"), Some(20));
        assert_eq!(number_word("zero"), None);
        assert_eq!(TimeUnit::from_word("years"), Some(TimeUnit::Years));
        assert_eq!(TimeUnit::from_word("year"), Some(TimeUnit::Years));
        assert_eq!(TimeUnit::from_word("fortnight"), None);
        let l = Length {
            amount: 1,
            unit: TimeUnit::Years,
        };
        assert_eq!(l.to_string(), "1 year");
    }
}
