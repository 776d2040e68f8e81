//! A Monte-Carlo estimate of the Banzhaf index, for a game too large to count
//! exactly (E0906), with an error bound that holds with a stated confidence.
//!
//! Each sample is a coalition drawn uniformly (every player in or out with
//! probability one half, from a fixed seed, so the same question gives the
//! same figures); a player is decisive in it when the coalition with it wins
//! and without it loses. Its decisiveness `p_i` (the absolute Banzhaf index) is
//! estimated by the share of samples in which it is decisive. By Hoeffding's
//! inequality and a union bound over the `n + 1` figures, every estimate is
//! within `eps = sqrt(ln(2 (n + 1) / (1 - confidence)) / (2 N))` of the truth at
//! once, with at least that confidence; the normalised index `p_i / sum p_j` is
//! then inside the interval given for it. Nothing here is exact, and every
//! figure says so.

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
    let total = samples as f64;
    let figures = (n + 1) as f64;
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
        .map(|(id, p)| {
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
