//! A state's claim to its next seat, held exactly.
//!
//! Every method's priority is written `(p^e * a / b)^(1/m)`: the population `p`
//! to the power `e` times the method's factor `a` over its divisor term `b`,
//! under an `m`-th root that is the same for every state of one run (a square
//! root for Huntington-Hill and for Penrose's square-root weights). Priorities of
//! one run are therefore compared by their `m`-th powers, as cross products of
//! integers: 128 bits where they fit, big integers where they do not, never a
//! float.

use std::cmp::Ordering;

use num_bigint::BigUint;

/// A priority: `(p^e * a / b)^(1/m)`; `b = 0` is an infinite claim (a first seat
/// under Adams, Dean or Huntington-Hill).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Priority {
    pub population: u64,
    /// `e`: 2 for Huntington-Hill on populations, else 1.
    pub power: u32,
    pub factor: u128,
    pub divisor: u128,
    /// Whether the priority is the square root of `p^e * a / b` (`m = 2`).
    pub root: bool,
}

impl Priority {
    pub fn is_infinite(&self) -> bool {
        self.divisor == 0 && self.population > 0
    }

    /// `p^e * a`, the numerator, in 128 bits when it fits.
    fn numerator(&self) -> Option<u128> {
        let p = u128::from(self.population);
        let pe = if self.power == 2 { p.checked_mul(p)? } else { p };
        pe.checked_mul(self.factor)
    }

    fn big_numerator(&self) -> BigUint {
        BigUint::from(self.population).pow(self.power) * BigUint::from(self.factor)
    }

    /// Exact comparison of two priorities of one run. A state of no population has
    /// no claim, even to a first seat.
    pub fn order(&self, other: &Priority) -> Ordering {
        let claim = |p: &Priority| p.population > 0;
        match (claim(self), claim(other)) {
            (false, false) => return Ordering::Equal,
            (false, true) => return Ordering::Less,
            (true, false) => return Ordering::Greater,
            (true, true) => {}
        }
        match (self.is_infinite(), other.is_infinite()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Greater,
            (false, true) => return Ordering::Less,
            (false, false) => {}
        }
        let small = (|| {
            let left = self.numerator()?.checked_mul(other.divisor)?;
            let right = other.numerator()?.checked_mul(self.divisor)?;
            Some(left.cmp(&right))
        })();
        small.unwrap_or_else(|| {
            let left = self.big_numerator() * BigUint::from(other.divisor);
            let right = other.big_numerator() * BigUint::from(self.divisor);
            left.cmp(&right)
        })
    }

    /// The priority as a decimal, truncated (not rounded) to `places` places, for
    /// people to read; comparisons never use it.
    pub fn decimal(&self, places: u32) -> String {
        if self.population == 0 {
            return "0".to_string();
        }
        if self.is_infinite() {
            return "infinite".to_string();
        }
        let scale = BigUint::from(10u32).pow(places);
        let value = if self.root {
            (self.big_numerator() * &scale * &scale / BigUint::from(self.divisor)).sqrt()
        } else {
            self.big_numerator() * &scale / BigUint::from(self.divisor)
        };
        point(&value, places)
    }

    /// The fewest people a state with this priority's seats and method would need
    /// in all for its claim to exceed `beaten`: the smallest `p` with
    /// `p^e * a / b > beaten`. `None` when `beaten` is infinite (no population
    /// outbids a first seat) or this claim is itself infinite.
    pub fn population_to_exceed(&self, beaten: &Priority) -> Option<u64> {
        if beaten.is_infinite() || self.divisor == 0 || self.factor == 0 {
            return None;
        }
        // p^e > beaten * b / a, so p^e > floor(beaten * b / a) for a whole p^e.
        let bound = beaten.big_numerator() * BigUint::from(self.divisor)
            / (BigUint::from(beaten.divisor) * BigUint::from(self.factor));
        let root = if self.power == 2 { bound.sqrt() } else { bound };
        u64::try_from(root + 1u32).ok()
    }
}

/// `value / 10^places` written with its decimal point.
pub fn point(value: &BigUint, places: u32) -> String {
    let digits = value.to_str_radix(10);
    let places = places as usize;
    if places == 0 {
        return digits;
    }
    let padded = format!("{digits:0>width$}", width = places + 1);
    let (whole, fraction) = padded.split_at(padded.len() - places);
    format!("{whole}.{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hh(population: u64, seats: u128) -> Priority {
        Priority {
            population,
            power: 2,
            factor: 1,
            divisor: seats * (seats + 1),
            root: true,
        }
    }

    #[test]
    fn square_roots_are_compared_by_their_squares() {
        // 1000 / sqrt(2) = 707.107 against 1733 / sqrt(6) = 707.494 and 1732 / sqrt(6) = 707.086.
        assert_eq!(hh(1000, 1).order(&hh(1733, 2)), Ordering::Less);
        assert_eq!(hh(1000, 1).order(&hh(1732, 2)), Ordering::Greater);
        // 2 / sqrt(2) = sqrt(2) = 4 / sqrt(8) exactly: a tie no float should decide.
        let a = Priority { divisor: 2, ..hh(2, 1) };
        let b = Priority { divisor: 8, ..hh(4, 1) };
        assert_eq!(a.order(&b), Ordering::Equal);
    }

    #[test]
    fn products_past_128_bits_are_compared_in_big_integers() {
        let big = |population, divisor| Priority {
            population,
            power: 2,
            factor: u128::MAX / 3,
            divisor,
            root: true,
        };
        assert_eq!(big(u64::MAX, 7).order(&big(u64::MAX, 6)), Ordering::Less);
        assert_eq!(big(u64::MAX, 6).order(&big(u64::MAX - 1, 6)), Ordering::Greater);
    }

    #[test]
    fn first_seats_are_infinite_claims_except_for_no_one() {
        let first = hh(10, 0);
        assert!(first.is_infinite());
        assert_eq!(first.order(&hh(u64::MAX, 1)), Ordering::Greater);
        assert_eq!(hh(0, 0).order(&hh(1, 5)), Ordering::Less);
        assert_eq!(first.decimal(2), "infinite");
    }

    #[test]
    fn decimals_are_truncated_exactly() {
        // 1000 / sqrt(2) = 707.10678...
        assert_eq!(hh(1000, 1).decimal(3), "707.106");
        let plain = Priority {
            population: 10,
            power: 1,
            factor: 2,
            divisor: 3,
            root: false,
        };
        assert_eq!(plain.decimal(2), "6.66");
        assert_eq!(point(&BigUint::from(5u32), 3), "0.005");
    }

    #[test]
    fn population_to_exceed_is_the_least_that_wins() {
        // 1000 / sqrt(2) = 707.1; with 2 seats a state needs p / sqrt(6) > 707.1,
        // p > 1732.05, so 1733.
        let need = hh(1, 2).population_to_exceed(&hh(1000, 1));
        assert_eq!(need, Some(1733));
        assert_eq!(hh(1733, 2).order(&hh(1000, 1)), Ordering::Greater);
        assert_eq!(hh(1732, 2).order(&hh(1000, 1)), Ordering::Less);
        assert_eq!(hh(1, 2).population_to_exceed(&hh(5, 0)), None);
    }
}
