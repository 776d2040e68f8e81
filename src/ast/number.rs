//! Exact numbers: every threshold and fact is a rational, never a float, so a vote
//! at exactly 65% is decided the same way on every machine.

use serde::Serialize;

use crate::source::Span;

pub use crate::rational::Rational;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    Plain,
    /// `55%`: the value is already divided by 100.
    Percent,
    /// `2/3`
    Fraction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Unit {
    #[serde(rename = "members")]
    Members,
    #[serde(rename = "seats")]
    Seats,
    #[serde(rename = "votes")]
    Votes,
    #[serde(rename = "states")]
    States,
    #[serde(rename = "people")]
    People,
    #[serde(rename = "years")]
    Years,
    #[serde(rename = "months")]
    Months,
    #[serde(rename = "days")]
    Days,
    USD,
    EUR,
    GBP,
    JPY,
    CHF,
}

impl Unit {
    pub const NAMES: &'static [(&'static str, Unit)] = &[
        ("members", Unit::Members),
        ("seats", Unit::Seats),
        ("votes", Unit::Votes),
        ("states", Unit::States),
        ("people", Unit::People),
        ("years", Unit::Years),
        ("months", Unit::Months),
        ("days", Unit::Days),
        ("USD", Unit::USD),
        ("EUR", Unit::EUR),
        ("GBP", Unit::GBP),
        ("JPY", Unit::JPY),
        ("CHF", Unit::CHF),
    ];

    pub fn from_name(name: &str) -> Option<Unit> {
        Unit::NAMES.iter().find(|(n, _)| *n == name).map(|(_, u)| *u)
    }

    pub fn is_currency(self) -> bool {
        matches!(self, Unit::USD | Unit::EUR | Unit::GBP | Unit::JPY | Unit::CHF)
    }
}

/// A numeric literal as written, with its exact value.
#[derive(Debug, Clone, Serialize)]
pub struct Number {
    pub text: String,
    pub value: Rational,
    pub kind: NumberKind,
    pub unit: Option<Unit>,
    pub span: Span,
    /// The figure was reported as unusable (a share above 100%, `2/0`, a number
    /// too large, a count that is not whole, an unknown unit). The checker still
    /// runs on the rest of the treaty, and every analysis that would read this
    /// figure leaves its clause alone rather than reason from a wrong value.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fault: bool,
}

impl Number {
    /// The value as a whole number, when it is one.
    pub fn as_integer(&self) -> Option<i128> {
        (self.value.den == 1).then_some(self.value.num)
    }
}

/// Reads the digits of a number (`1_000`, `2.5`) exactly; `None` when it does not fit.
///
/// Strict: at least one digit before a decimal point and one after it, and an
/// underscore only between two digits. `.`, `_`, `.5`, `5.` and `1__0` are not
/// numbers (a lenient reader turned them into 0, which flips votes).
pub fn parse_decimal(text: &str) -> Option<Rational> {
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    if !well_formed_digits(whole) || (text.contains('.') && (frac.is_empty() || frac.contains('_'))) {
        return None;
    }
    let mut num: i128 = 0;
    let mut den: i128 = 1;
    for c in whole.chars().filter(|c| *c != '_') {
        num = num.checked_mul(10)?.checked_add(i128::from(c.to_digit(10)?))?;
    }
    for c in frac.chars() {
        num = num.checked_mul(10)?.checked_add(i128::from(c.to_digit(10)?))?;
        den = den.checked_mul(10)?;
    }
    // Keep every value small enough that comparing two of them by cross-multiplication
    // stays within i128.
    if num > 10i128.pow(30) || den > 10i128.pow(30) {
        return None;
    }
    Rational::new(num, den)
}

/// Digits with single underscores between them: `1_000`, never `_1`, `1_` or `1__0`.
fn well_formed_digits(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.first().is_some_and(u8::is_ascii_digit)
        && bytes.last().is_some_and(u8::is_ascii_digit)
        && bytes.iter().all(|b| b.is_ascii_digit() || *b == b'_')
        && !text.contains("__")
}

/// The multiplier of a scale word.
pub fn scale_factor(word: &str) -> Option<i128> {
    match word {
        "thousand" => Some(1_000),
        "million" => Some(1_000_000),
        "billion" => Some(1_000_000_000),
        "trillion" => Some(1_000_000_000_000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(parse_decimal("2.5"), Rational::new(5, 2));
        assert_eq!(parse_decimal("1_000"), Some(Rational::integer(1000)));
        assert_eq!(parse_decimal("0.55"), Rational::new(11, 20));
    }

    #[test]
    fn malformed_numbers_are_not_zero() {
        for bad in [
            ".", "_", "__", ".0", "5.", "1__0", "_1", "1_", "", "1.2.3", "1,000", "-", "1e3", " 1",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        assert_eq!(parse_decimal("0"), Some(Rational::ZERO));
        assert_eq!(parse_decimal("1_000.25"), Rational::new(100_025, 100));
    }

    #[test]
    fn huge_numbers_are_refused() {
        assert_eq!(parse_decimal("9999999999999999999999999999999999999999"), None);
    }
}
