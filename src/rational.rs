//! Exact numbers: one rational type for thresholds, facts, weights and verdicts.
//!
//! Every share, count and fact is a rational, never a float, so a vote at exactly
//! 65% is decided the same way on every machine. Arithmetic is checked (an
//! overflow is `None`, for the caller to report); comparisons never fail: when a
//! cross product leaves 128 bits it is taken in big integers. A leaf module: the
//! syntax tree, the IR, the voting kernel and the facts reader all use it.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `num / den` with `den > 0`. Values made by `new` and the checked operations
/// are in lowest terms; a value built from its fields (a share `yes / base`) may
/// not be, so compare numbers with `ge`, `gt` and `same`, not `==`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rational {
    pub num: i128,
    pub den: i128,
}

impl Rational {
    pub const ZERO: Rational = Rational { num: 0, den: 1 };
    pub const ONE: Rational = Rational { num: 1, den: 1 };

    pub fn integer(n: i128) -> Rational {
        Rational { num: n, den: 1 }
    }

    /// `num / den` reduced; `None` when `den` is zero or the sign cannot be normalised.
    pub fn new(num: i128, den: i128) -> Option<Rational> {
        if den == 0 {
            return None;
        }
        let g = i128::try_from(gcd(num.unsigned_abs(), den.unsigned_abs())).ok()?;
        let (mut num, mut den) = (num / g, den / g);
        if den < 0 {
            num = num.checked_neg()?;
            den = den.checked_neg()?;
        }
        Some(Rational { num, den })
    }

    /// The share `part / whole` of two counts; `None` when `whole` is zero.
    pub fn share(part: i128, whole: i128) -> Option<Rational> {
        Rational::new(part, whole)
    }

    pub fn checked_mul(self, other: Rational) -> Option<Rational> {
        Rational::new(self.num.checked_mul(other.num)?, self.den.checked_mul(other.den)?)
    }

    /// `None` when `other` is zero or the result does not fit.
    pub fn checked_div(self, other: Rational) -> Option<Rational> {
        Rational::new(self.num.checked_mul(other.den)?, self.den.checked_mul(other.num)?)
    }

    pub fn checked_add(self, other: Rational) -> Option<Rational> {
        Rational::new(
            self.num
                .checked_mul(other.den)?
                .checked_add(other.num.checked_mul(self.den)?)?,
            self.den.checked_mul(other.den)?,
        )
    }

    pub fn checked_sub(self, other: Rational) -> Option<Rational> {
        self.checked_add(Rational {
            num: other.num.checked_neg()?,
            den: other.den,
        })
    }

    /// `self >= other`, exactly (both denominators positive): the cross products
    /// are taken in 256 bits when they leave 128, never rounded through floats.
    pub fn ge(self, other: Rational) -> bool {
        match (self.num.checked_mul(other.den), other.num.checked_mul(self.den)) {
            (Some(a), Some(b)) => a >= b,
            _ => {
                use num_bigint::BigInt;
                BigInt::from(self.num) * BigInt::from(other.den) >= BigInt::from(other.num) * BigInt::from(self.den)
            }
        }
    }

    /// `self > other`, exactly: `3/6 > 1/2` is false (the fields differ, the
    /// numbers do not).
    pub fn gt(self, other: Rational) -> bool {
        !other.ge(self)
    }

    /// `self = other` as numbers, whatever the terms (`3/6` equals `1/2`).
    pub fn same(self, other: Rational) -> bool {
        self.ge(other) && other.ge(self)
    }

    /// The order of two numbers, exactly.
    pub fn order(self, other: Rational) -> std::cmp::Ordering {
        if self.same(other) {
            std::cmp::Ordering::Equal
        } else if self.ge(other) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Less
        }
    }

    /// The largest whole number at most `self`.
    pub fn floor(self) -> i128 {
        self.num.div_euclid(self.den)
    }

    /// The least whole number `n` with `n >= self * of` (or `>` when `strict`);
    /// `None` when the product does not fit.
    pub fn least_count(self, of: i128, strict: bool) -> Option<i128> {
        let product = self.num.checked_mul(of)?;
        let floor = product.div_euclid(self.den);
        let exact = product.rem_euclid(self.den) == 0;
        Some(if strict || !exact { floor + 1 } else { floor })
    }

    /// The number as a decimal when it has one (`0.035`), else as a fraction (`2/3`).
    pub fn decimal(self) -> String {
        let Some(this) = Rational::new(self.num, self.den) else {
            return self.to_string();
        };
        let mut den = this.den;
        let (mut twos, mut fives) = (0u32, 0u32);
        while den > 1 && den % 2 == 0 {
            den /= 2;
            twos += 1;
        }
        while den > 1 && den % 5 == 0 {
            den /= 5;
            fives += 1;
        }
        if den != 1 {
            return this.to_string();
        }
        let places = twos.max(fives);
        let Some(scaled) = 10i128
            .checked_pow(places)
            .and_then(|p| this.num.checked_mul(p))
            .map(|n| n / this.den)
        else {
            return this.to_string();
        };
        if places == 0 {
            return scaled.to_string();
        }
        let sign = if scaled < 0 { "-" } else { "" };
        let digits = format!("{:0>width$}", scaled.unsigned_abs(), width = places as usize + 1);
        let (int, frac) = digits.split_at(digits.len() - places as usize);
        format!("{sign}{int}.{frac}")
    }

    /// The number as a percentage with at most `places` decimals, rounded to the
    /// nearest exactly (halves away from zero: `2/3` with one place is `66.7`);
    /// trailing zeros dropped.
    pub fn percent(self, places: u32) -> String {
        let scale = 10i128.pow(places.min(20));
        let rounded = self
            .num
            .checked_mul(100 * scale)
            .and_then(|n| n.checked_mul(2))
            .and_then(|twice| twice.checked_add(self.den.checked_mul(twice.signum())?))
            .map(|n| n / self.den.saturating_mul(2));
        let Some(scaled) = rounded else {
            return format!("100 x {self}");
        };
        let sign = if scaled < 0 { "-" } else { "" };
        let digits = format!("{:0>width$}", scaled.unsigned_abs(), width = places as usize + 1);
        let (int, frac) = digits.split_at(digits.len() - places as usize);
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac}")
        }
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl std::fmt::Display for Rational {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

impl Serialize for Rational {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rational {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let parse = |t: &str| t.trim().parse::<i128>().map_err(serde::de::Error::custom);
        match text.split_once('/') {
            Some((n, m)) => {
                let den = parse(m)?;
                if den <= 0 {
                    return Err(serde::de::Error::custom("a ratio's denominator must be positive"));
                }
                Rational::new(parse(n)?, den).ok_or_else(|| serde::de::Error::custom("a ratio out of range"))
            }
            None => Ok(Rational::integer(parse(&text)?)),
        }
    }
}

impl JsonSchema for Rational {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Ratio".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An exact number: an integer or a fraction in lowest terms, such as \"15\" or \"11/20\".",
            "pattern": "^-?[0-9]+(/[0-9]+)?$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(num: i128, den: i128) -> Rational {
        Rational::new(num, den).unwrap_or(Rational::ZERO)
    }

    #[test]
    fn reduces_and_compares_exactly() {
        assert_eq!(r(55, 100), Rational { num: 11, den: 20 });
        assert!(r(2, 3).gt(r(11, 20)));
        assert!(Rational { num: 3, den: 6 }.same(r(1, 2)));
        assert!(!Rational { num: 3, den: 6 }.gt(r(1, 2)));
        assert_eq!(Rational::new(1, 0), None);
        // Cross products beyond 128 bits are compared, not given up on.
        let big = Rational {
            num: i128::MAX / 3,
            den: i128::MAX / 5,
        };
        let other = Rational {
            num: i128::MAX / 5,
            den: i128::MAX / 3,
        };
        assert!(big.gt(other));
        assert!(!other.ge(big));
    }

    #[test]
    fn counts_and_percentages() {
        assert_eq!(r(55, 100).least_count(27, false), Some(15));
        assert_eq!(r(1, 2).least_count(10, false), Some(5));
        assert_eq!(r(1, 2).least_count(10, true), Some(6));
        assert_eq!(r(2, 3).least_count(i128::MAX, false), None);
        assert_eq!(r(2, 3).percent(1), "66.7");
        assert_eq!(r(-2, 3).percent(1), "-66.7");
        assert_eq!(r(1, 8).percent(1), "12.5");
        assert_eq!(r(1, 16).percent(1), "6.3");
        assert_eq!(r(13, 20).percent(2), "65");
        assert_eq!(r(7, 200).decimal(), "0.035");
        assert_eq!(r(2, 3).decimal(), "2/3");
    }
}
