//! A Monte-Carlo estimate of the Banzhaf and Shapley-Shubik indices, for a game
//! too large to count exactly (E0906), each figure with an interval that holds
//! with a stated confidence.
//!
//! Banzhaf: each sample is a coalition drawn uniformly (every player in or out
//! with probability one half); a player is decisive in it when the coalition
//! with it wins and without it loses. Its decisiveness `p_i` (the absolute
//! Banzhaf index) is estimated by the share of samples in which it is decisive.
//! By Hoeffding's inequality and a union bound over the `n + 1` figures, every
//! estimate is within `eps = sqrt(ln(2 (n + 1) / (1 - confidence)) / (2 N))` of
//! the truth at once, with at least that confidence; the normalised index
//! `p_i / sum p_j` is then inside the interval given for it.
//!
//! Shapley-Shubik: each sample is an order of the players drawn uniformly; a
//! player is pivotal in it when the players before it lose and they with it
//! win. The chance of that is exactly `phi_i`, the sum over the coalitions `S`
//! it turns winning of `|S|! (n - |S| - 1)! / n!`, the figure `power` counts, so
//! the share of orders in which `i` is pivotal estimates it. A Shapley-Shubik
//! index of a large body is small (about `1/n`), where Hoeffding's additive
//! bound is wider than the figure; its relative-entropy form (Hoeffding 1963,
//! Theorem 1: `P(mean >= p + t) <= exp(-N KL(p + t || p))`, and alike below) is
//! not, so each interval is the set of `p` with `N KL(estimate || p) <=
//! ln(2 n / (1 - confidence))`, all `n` holding together with the confidence.
//!
//! Coalitions are drawn first, then orders, from one generator with a fixed
//! seed: the same question gives the same figures. Nothing here is exact, and
//! every figure says so.

use serde::Serialize;

use super::Game;
use crate::diagnostics::{Code, Problem};

/// The probability the bounds hold together.
pub const CONFIDENCE: f64 = 0.99;
/// The seed of the generator: fixed, so that a question always gets the same answer.
pub const SEED: u64 = 0x7472_6561_7479_6321;

/// The estimate of one figure, and the interval that holds the true value
/// with the stated confidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimated {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimatedMember {
    pub id: String,
    /// The normalised Banzhaf index.
    pub banzhaf: Estimated,
    /// The probability of being decisive (the absolute Banzhaf index).
    pub decisive: Estimated,
    /// The Shapley-Shubik index: the probability of being pivotal in a random order.
    pub shapley_shubik: Estimated,
}

/// What `power --estimate` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Always true: these figures are estimates, never exact.
    pub estimate: bool,
    pub body: String,
    pub decision: String,
    /// Why the exact count was not made.
    pub not_exact: String,
    /// Coalitions drawn for the Banzhaf index, and as many orders for the
    /// Shapley-Shubik index.
    pub samples: u64,
    pub seed: u64,
    pub confidence: f64,
    /// The half-width of every interval on an absolute figure.
    pub error: f64,
    pub members: Vec<EstimatedMember>,
    /// Coleman's power of the collectivity to act: the share of coalitions that win.
    pub power_to_act: Estimated,
}

/// SplitMix64: small, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number below `bound` (positive), every one equally likely:
    /// Lemire's multiply-and-shift, redrawing the few values that would favour
    /// some results, so that every order of the players is equally likely.
    fn below(&mut self, bound: u64) -> u64 {
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let product = u128::from(self.next()) * u128::from(bound);
            // The low half decides whether this draw is one of the biased few.
            if (product as u64) >= threshold {
                return (product >> 64) as u64;
            }
        }
    }
}

/// The relative entropy of a coin of bias `p` from one of bias `a`, in nats.
fn relative_entropy(a: f64, p: f64) -> f64 {
    let term = |x: f64, y: f64| if x <= 0. { 0. } else { x * (x / y).ln() };
    term(a, p) + term(1. - a, 1. - p)
}

/// The interval of biases `p` for which `samples * KL(share || p)` is at most
/// `budget`: every bias outside it makes a share this far off less likely
/// than `exp(-budget)` on either side. Found by bisection, which the
/// monotonicity of the relative entropy on each side of `share` allows.
fn entropy_interval(share: f64, samples: f64, budget: f64) -> (f64, f64) {
    let within = |p: f64| samples * relative_entropy(share, p) <= budget;
    let edge = |mut inside: f64, mut outside: f64| {
        for _ in 0..200 {
            let middle = 0.5 * (inside + outside);
            if middle == inside || middle == outside {
                break;
            }
            if within(middle) {
                inside = middle;
            } else {
                outside = middle;
            }
        }
        inside
    };
    let low = if share <= 0. || within(0.) { 0. } else { edge(share, 0.) };
    let high = if share >= 1. || within(1.) { 1. } else { edge(share, 1.) };
    (low, high)
}

/// The most samples asked for: beyond, the bound shrinks too slowly to be worth the time.
pub const MOST_SAMPLES: u64 = 100_000_000;

/// Estimates the Banzhaf index of each player of `game` from `samples` coalitions.
pub fn estimate(game: &Game, body: &str, decision: &str, samples: u64, not_exact: &str) -> Result<Estimate, Problem> {
    if samples == 0 || samples > MOST_SAMPLES {
        return Err(Problem::new(
            Code::E0910,
            format!("an estimate takes from 1 to {MOST_SAMPLES} samples; {samples} were asked"),
        )
        .with_help("give `--estimate 1000000` (an error of about 0.002 on each figure for 200 members)"));
    }
    let n = game.n();
    let judge = game.judge();
    let mut rng = Rng(SEED);
    let mut decisive = vec![0u64; n];
    let mut winning = 0u64;
    let mut member = vec![false; n];
    for _ in 0..samples {
        let (mut count, mut weight, mut vetoes) = (0i128, 0i128, 0usize);
        let mut bits = 0u64;
        for (i, inside) in member.iter_mut().enumerate() {
            if i % 64 == 0 {
                bits = rng.next();
            }
            *inside = bits & 1 == 1;
            bits >>= 1;
            if *inside {
                count += 1;
                weight = weight.saturating_add(game.weight(i));
                vetoes += usize::from(game.holds_veto(i));
            }
        }
        let wins = judge.wins(count, weight, vetoes);
        winning += u64::from(wins);
        for (i, (d, inside)) in decisive.iter_mut().zip(&member).enumerate() {
            let (w, v) = (game.weight(i), usize::from(game.holds_veto(i)));
            let swing = if *inside {
                wins && !judge.wins(count - 1, weight - w, vetoes - v)
            } else {
                !wins && judge.wins(count + 1, weight.saturating_add(w), vetoes + v)
            };
            *d += u64::from(swing);
        }
    }
    // The orders, after the coalitions: the Banzhaf figures stay those the
    // same seed always drew.
    let mut pivotal = vec![0u64; n];
    let mut order: Vec<usize> = (0..n).collect();
    for _ in 0..samples {
        for i in (1..n).rev() {
            let j = usize::try_from(rng.below(i as u64 + 1)).unwrap_or(i);
            order.swap(i, j);
        }
        let (mut count, mut weight, mut vetoes) = (0i128, 0i128, 0usize);
        let mut won = judge.wins(0, 0, 0);
        // Every position is looked at: a rule with a most members in favour
        // is not monotone, and can have more than one pivot in an order.
        for &i in &order {
            count += 1;
            weight = weight.saturating_add(game.weight(i));
            vetoes += usize::from(game.holds_veto(i));
            let wins = judge.wins(count, weight, vetoes);
            if wins && !won {
                if let Some(p) = pivotal.get_mut(i) {
                    *p += 1;
                }
            }
            won = wins;
        }
    }
    let total = samples as f64;
    let figures = (n + 1) as f64;
    let budget = (2. * n.max(1) as f64 / (1. - CONFIDENCE)).ln();
    let error = ((2. * figures / (1. - CONFIDENCE)).ln() / (2. * total)).sqrt();
    let around = |p: f64| Estimated {
        value: p,
        low: (p - error).max(0.),
        high: (p + error).min(1.),
    };
    let shares: Vec<f64> = decisive.iter().map(|d| *d as f64 / total).collect();
    let sum: f64 = shares.iter().sum();
    // Every p_j within its interval at once bounds the normalised index.
    let sum_low: f64 = shares.iter().map(|p| (p - error).max(0.)).sum();
    let sum_high: f64 = shares.iter().map(|p| (p + error).min(1.)).sum();
    let members = game
        .players
        .iter()
        .zip(&shares)
        .zip(&pivotal)
        .map(|((id, p), pivots)| {
            let low_p = (p - error).max(0.);
            let high_p = (p + error).min(1.);
            // The others' total is at least sum_low less this player's share of it.
            let others_high = sum_high - high_p;
            let others_low = sum_low - low_p;
            EstimatedMember {
                id: id.clone(),
                banzhaf: Estimated {
                    value: if sum > 0. { p / sum } else { 0. },
                    low: if low_p + others_high > 0. {
                        low_p / (low_p + others_high)
                    } else {
                        0.
                    },
                    high: if high_p + others_low > 0. {
                        high_p / (high_p + others_low)
                    } else {
                        1.
                    },
                },
                decisive: around(*p),
                shapley_shubik: {
                    let share = *pivots as f64 / total;
                    let (low, high) = entropy_interval(share, total, budget);
                    Estimated {
                        value: share,
                        low,
                        high,
                    }
                },
            }
        })
        .collect();
    Ok(Estimate {
        estimate: true,
        body: body.to_string(),
        decision: decision.to_string(),
        not_exact: not_exact.to_string(),
        samples,
        seed: SEED,
        confidence: CONFIDENCE,
        error,
        members,
        power_to_act: around(winning as f64 / total),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A weighted game `[quota; weights]` with no other criterion.
    fn weighted(quota: i128, weights: &[i128]) -> Game {
        let n = weights.len();
        Game {
            players: (0..n).map(|i| format!("P{i}")).collect(),
            weights: weights.to_vec(),
            weight_name: Some("votes".to_string()),
            weight_threshold: Some((quota, 1, false)),
            min_count: 0,
            max_count: n as i128,
            blocking_floor: None,
            always_min_count: 0,
            always_max_count: n as i128,
            veto: vec![false; n],
        }
    }

    /// The exact Shapley-Shubik index `power` counts, as floats.
    fn exact_shapley_shubik(game: &Game) -> Vec<f64> {
        let swings = crate::power::swings(game).unwrap();
        crate::power::indices(game, &swings, crate::power::Index::ShapleyShubik)
            .iter()
            .map(|v| v.value)
            .collect()
    }

    fn assert_holds(e: &Estimate, exact: &[f64]) {
        for (m, phi) in e.members.iter().zip(exact) {
            let s = &m.shapley_shubik;
            assert!(s.low <= *phi && *phi <= s.high, "{}: {phi} not in {s:?}", m.id);
            assert!(s.low <= s.value && s.value <= s.high, "{}: {s:?}", m.id);
        }
    }

    /// [3; 2, 1, 1]: the large player is pivotal in the four of six orders
    /// where it does not come first, 2/3; the small ones 1/6 each.
    #[test]
    fn the_shapley_shubik_interval_holds_the_exact_index_of_a_weighted_game() {
        let game = weighted(3, &[2, 1, 1]);
        let exact = exact_shapley_shubik(&game);
        for (x, y) in exact.iter().zip([2. / 3., 1. / 6., 1. / 6.]) {
            assert!((x - y).abs() < 1e-15, "{exact:?}");
        }
        let e = estimate(&game, "B", "d", 100_000, "small").unwrap();
        assert_holds(&e, &exact);
        // Exactly one pivot in every order of a monotone game that the whole
        // body carries and nobody alone: the estimates add up to one.
        let sum: f64 = e.members.iter().map(|m| m.shapley_shubik.value).sum();
        assert!((sum - 1.).abs() < 1e-12, "{sum}");
        assert!(e
            .members
            .iter()
            .all(|m| m.shapley_shubik.high - m.shapley_shubik.low < 0.02));
        assert_eq!(e, estimate(&game, "B", "d", 100_000, "small").unwrap());
    }

    /// A double majority (members and weight, a blocking floor) and a veto,
    /// as the EU Council's and the Security Council's rules give them.
    #[test]
    fn the_shapley_shubik_interval_holds_under_a_double_majority_and_a_veto() {
        let mut game = weighted(0, &[83, 68, 59, 48, 37, 19, 17, 11, 10, 6, 2, 1]);
        game.weight_threshold = Some((65 * 361, 100, false));
        game.min_count = 7;
        game.blocking_floor = Some(4);
        let e = estimate(&game, "Council", "ordinary", 60_000, "small").unwrap();
        assert_holds(&e, &exact_shapley_shubik(&game));
        let mut vetoed = weighted(0, &[1; 9]);
        vetoed.weight_threshold = None;
        vetoed.min_count = 6;
        vetoed.veto = [true, true, false, false, false, false, false, false, false].to_vec();
        let e = estimate(&vetoed, "SC", "substantive", 60_000, "small").unwrap();
        assert_holds(&e, &exact_shapley_shubik(&vetoed));
    }

    /// A rule with a most members in favour is not monotone: with a blocking
    /// floor, an order wins, loses when a fourth member joins, and wins again
    /// when the last does (too few against to block). The estimate counts
    /// both pivots, as the exact index counts both swings.
    #[test]
    fn the_shapley_shubik_estimate_counts_every_pivot_of_a_rule_that_is_not_monotone() {
        let mut game = weighted(4, &[3, 2, 2, 1, 1]);
        game.max_count = 3;
        game.blocking_floor = Some(1);
        let exact = exact_shapley_shubik(&game);
        assert!(exact.iter().sum::<f64>() > 1.2, "{exact:?}");
        let e = estimate(&game, "B", "d", 60_000, "small").unwrap();
        assert_holds(&e, &exact);
    }

    /// 193 equal members deciding by a majority: each index is exactly 1/193
    /// by symmetry; the relative-entropy interval holds it and is narrower
    /// than Hoeffding's additive one would be.
    #[test]
    fn the_shapley_shubik_interval_holds_among_193_equal_members() {
        let mut game = weighted(0, &[1; 193]);
        game.weight_threshold = None;
        game.min_count = 97;
        let e = estimate(&game, "Assembly", "resolution", 20_000, "large").unwrap();
        assert_holds(&e, &vec![1. / 193.; 193]);
        let hoeffding = (2. * 193. / 0.01f64).ln() / (2. * 20_000.);
        for m in &e.members {
            assert!(m.shapley_shubik.high - m.shapley_shubik.low < hoeffding.sqrt(), "{m:?}");
        }
    }

    /// The EU-like game [6; 4, 3, 2, 1, 1] with a majority of members: small
    /// enough to count, so every interval must hold the exact index.
    #[test]
    fn every_interval_holds_the_exact_index() {
        let game = Game {
            players: ["A", "B", "C", "D", "E"].map(String::from).to_vec(),
            weights: vec![4, 3, 2, 1, 1],
            weight_name: Some("population".to_string()),
            weight_threshold: Some((6, 1, false)),
            min_count: 3,
            max_count: 5,
            blocking_floor: None,
            always_min_count: 0,
            always_max_count: 5,
            veto: vec![false; 5],
        };
        let exact = crate::power::swings(&game).unwrap();
        let swings: Vec<u128> = (0..5)
            .map(|i| exact.by_size.get(i).map_or(0, |row| row.iter().sum()))
            .collect();
        let all: u128 = swings.iter().sum();
        let e = estimate(&game, "B", "d", 200_000, "small").unwrap();
        assert!(e.estimate && e.error < 0.01);
        for (m, s) in e.members.iter().zip(&swings) {
            let beta = *s as f64 / all as f64;
            let decisive = *s as f64 / 16.;
            assert!(
                m.banzhaf.low <= beta && beta <= m.banzhaf.high,
                "{}: {beta} not in {:?}",
                m.id,
                m.banzhaf
            );
            assert!(m.decisive.low <= decisive && decisive <= m.decisive.high, "{}", m.id);
        }
        // The same question, the same figures.
        assert_eq!(e, estimate(&game, "B", "d", 200_000, "small").unwrap());
    }
}
