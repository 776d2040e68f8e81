//! Degressive proportionality (TEU 14(2)) of a seat table: of two states, the
//! more populous has at least as many seats and more citizens a seat.
//!
//! On whole seats the test is the table's own figures. `before rounding` (as
//! European Council Decision (EU) 2023/2061, Art. 1 reads the treaty) lets each
//! delegation stand anywhere within half a seat of its number: a pair breaks the
//! condition only when no such numbers order it. The test is made pair by pair,
//! exactly (cross products of integers); a table whose every pair passes may still
//! admit no single set of unrounded numbers for all states at once, which this
//! test does not decide.

/// One state of the table: its id, population and seats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegation {
    pub id: String,
    pub population: u64,
    pub seats: u64,
}

/// Two states that break the condition: the less populous first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    pub smaller: Delegation,
    pub larger: Delegation,
}

impl Breach {
    /// The pair in words, with the citizens a seat of each (whole citizens,
    /// truncated) and, before rounding, at the half seat that favours the pair.
    pub fn describe(&self, before_rounding: bool) -> String {
        let (a, b) = (&self.smaller, &self.larger);
        let per = |d: &Delegation| d.population.checked_div(d.seats).unwrap_or(0);
        let mut text = format!(
            "`{}` ({} people, {} seats, {} a seat) and the more populous `{}` ({} people, {} seats, {} a seat)",
            a.id,
            a.population,
            a.seats,
            per(a),
            b.id,
            b.population,
            b.seats,
            per(b)
        );
        if before_rounding && a.seats < b.seats {
            // p / (s + 1/2) = 2p / (2s + 1), and p / (s - 1/2) = 2p / (2s - 1).
            let up = (2 * u128::from(a.population)) / (2 * u128::from(a.seats) + 1);
            let down = (2 * u128::from(b.population)) / (2 * u128::from(b.seats) - 1).max(1);
            text.push_str(&format!(
                "; even at {}.5 and {}.5 seats: {up} and {down} a seat",
                a.seats,
                b.seats - 1
            ));
        }
        text
    }
}

/// Every pair of states of the table that breaks degressive proportionality,
/// the less populous of each first, in order of population. States of equal
/// population, and states without seats, are not compared.
pub fn breaches(table: &[Delegation], before_rounding: bool) -> Vec<Breach> {
    let mut sorted: Vec<&Delegation> = table.iter().filter(|d| d.seats > 0).collect();
    sorted.sort_by(|a, b| a.population.cmp(&b.population).then(a.id.cmp(&b.id)));
    let mut out = Vec::new();
    for (i, a) in sorted.iter().enumerate() {
        for b in sorted.iter().skip(i + 1) {
            if a.population == b.population {
                continue;
            }
            if breaks(a, b, before_rounding) {
                out.push(Breach {
                    smaller: (*a).clone(),
                    larger: (*b).clone(),
                });
            }
        }
    }
    out
}

/// Whether `a`, less populous than `b`, breaks the condition with it.
fn breaks(a: &Delegation, b: &Delegation, before_rounding: bool) -> bool {
    let (pa, pb) = (u128::from(a.population), u128::from(b.population));
    let (sa, sb) = (u128::from(a.seats), u128::from(b.seats));
    if !before_rounding {
        // More seats for the smaller, or no more citizens a seat in the larger:
        // pa / sa >= pb / sb.
        return sa > sb || (sa < sb && pa * sb >= pb * sa);
    }
    // Within half a seat: equal unrounded numbers order any pair whose seats
    // differ by at most one the smaller way; a larger gap cannot be closed.
    if sa > sb + 1 {
        return true;
    }
    // The smaller at sa + 1/2, the larger at sb - 1/2, the most favourable:
    // pa / (sa + 1/2) >= pb / (sb - 1/2).
    sa < sb && pa * (2 * sb - 1) >= pb * (2 * sa + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(id: &str, population: u64, seats: u64) -> Delegation {
        Delegation {
            id: id.to_string(),
            population,
            seats,
        }
    }

    #[test]
    fn a_larger_state_must_have_more_citizens_a_seat() {
        // 1000 / 10 = 100 a seat against 2000 / 21 = 95.2: broken on whole seats.
        let table = [d("B", 2000, 21), d("A", 1000, 10)];
        let found = breaches(&table, false);
        assert_eq!(found.len(), 1);
        assert_eq!(found.first().map(|b| b.smaller.id.as_str()), Some("A"));
        // Before rounding A may stand at 10.5 (95.2) and B at 20.5 (97.6): kept.
        assert!(breaches(&table, true).is_empty());
        // 2000 / 19 = 105.3 > 100: kept either way.
        assert!(breaches(&[d("A", 1000, 10), d("B", 2000, 19)], false).is_empty());
    }

    #[test]
    fn before_rounding_still_breaks_a_gap_wider_than_a_seat() {
        // 1000 / 10.5 = 95.24 against 2000 / 22.5 = 88.9: no half seat saves it.
        let table = [d("A", 1000, 10), d("B", 2000, 23)];
        let found = breaches(&table, true);
        assert_eq!(found.len(), 1);
        let text = found.first().map(|b| b.describe(true)).unwrap_or_default();
        assert_eq!(
            text,
            "`A` (1000 people, 10 seats, 100 a seat) and the more populous `B` (2000 people, 23 seats, 86 a seat); even at 10.5 and 22.5 seats: 95 and 88 a seat"
        );
        // More seats for the less populous: broken on whole seats, and before
        // rounding once the gap passes one seat.
        assert_eq!(breaches(&[d("A", 1000, 11), d("B", 1001, 10)], false).len(), 1);
        assert!(breaches(&[d("A", 1000, 11), d("B", 1001, 10)], true).is_empty());
        assert_eq!(breaches(&[d("A", 1000, 12), d("B", 1001, 10)], true).len(), 1);
    }
}
