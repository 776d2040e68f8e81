//! Penrose's square-root law and the Jagiellonian compromise.
//!
//! In a body whose members vote for peoples, a citizen's indirect power is the
//! chance of swinging their state's vote times the chance that the state swings
//! the body's: about β_i / √P_i (Penrose 1946). Every citizen weighs alike when
//! each state's normalised Banzhaf index β_i is its share s_i = √P_i / Σ√P_j of
//! the square roots, so the distance from the rule to equality is the distance
//! between β and s. The Jagiellonian compromise (Słomczyński and Życzkowski)
//! gives each state the weight √P_i and takes the quota that brings β closest to
//! the weights.
//!
//! Square roots are irrational: the compromise's weights are fixed-point
//! integers, w_i = ⌊10^d √P_i⌋ (exact integer square roots), with `d` the most
//! decimals that keep the total weight within `SWEEP_WEIGHT`. The game on those
//! weights is exact, and so is the search: the game changes only where the
//! threshold crosses a coalition's weight, and every whole threshold above half
//! the total is tried, each state's swings at every threshold coming from one
//! table of the other states' coalitions by weight. Which thresholds are optimal
//! is decided in exact integers; floats only pass over thresholds clearly worse.

use std::cmp::Ordering;

use num_bigint::BigInt;
use serde::Serialize;

use super::{game_among, indices_big, swing_rows, Absent, Game, Index, Value};
use crate::diagnostics::{Code, Problem};
use crate::eval::Facts;
use crate::ir::{Program, Rational};

/// The largest total of fixed-point weights the sweep takes: its tables hold
/// about 36 bytes a unit of weight (about 150 MiB at the most), and it takes under a
/// second for 27 states.
pub const SWEEP_WEIGHT: u64 = 1 << 22;

/// The most decimals of the square roots the weights keep.
const MAX_DECIMALS: u32 = 6;

/// The square-root law applied to a body's rule, and the compromise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Penrose {
    /// The member fact the peoples are counted by.
    pub attribute: String,
    pub members: Vec<PenroseRow>,
    /// √(Σ(β_i − s_i)² / n): the mean discrepancy of Słomczyński and Życzkowski
    /// between the rule's Banzhaf indices and the square-root shares.
    pub mean_discrepancy: f64,
    /// The most powerful citizen's power over the least powerful's:
    /// max(β_i / s_i) / min(β_i / s_i); 1 is equality.
    pub citizen_power_ratio: f64,
    pub jagiellonian: Jagiellonian,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PenroseRow {
    pub id: String,
    /// The member's normalised Banzhaf index under the rule.
    pub banzhaf: f64,
    /// √P_i / Σ√P_j.
    pub square_root_share: f64,
    /// β_i / s_i: a citizen's indirect power relative to equality (1).
    pub citizen_power: f64,
}

/// The Jagiellonian compromise: weights ∝ √P, at the optimal quota.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Jagiellonian {
    /// The weights are ⌊10^decimals · √P⌋.
    pub decimals: u32,
    pub weights: Vec<(String, u64)>,
    pub total_weight: u64,
    /// The optimal thresholds: a coalition passes with at least `threshold_from`
    /// (and, equally well, up to `threshold_to`) of `total_weight`.
    pub threshold_from: u64,
    pub threshold_to: u64,
    /// The quotas giving those thresholds: `quota_above < q <= quota_to`, as
    /// exact fractions of the total weight and as percentages.
    pub quota_above: String,
    pub quota_to: String,
    #[serde(skip)]
    pub quota_text: [String; 2],
    /// Other intervals of thresholds, apart from this one, that are as close.
    pub other_optimal_intervals: usize,
    /// √(Σ(β_i − w_i/W)² / n) at the optimal quota.
    pub mean_discrepancy: f64,
    /// The Banzhaf index of each member at the optimal quota.
    pub members: Vec<Value>,
}

/// The square-root law for `body`'s `decision`, the peoples counted by the fact
/// `attribute`, and the Jagiellonian compromise over the same members.
pub fn penrose(
    program: &Program,
    body: &str,
    decision: &str,
    facts: &Facts,
    seated: &[String],
    absent: &Absent,
    attribute: &str,
) -> Result<Penrose, Problem> {
    let g = game_among(program, body, decision, facts, seated, absent)?;
    let rows = swing_rows(&g, Index::Banzhaf)?;
    let banzhaf = indices_big(&g, &rows, Index::Banzhaf);
    let peoples = g
        .players
        .iter()
        .map(|id| {
            facts
                .get(id)
                .and_then(|row| row.get(attribute))
                .copied()
                .filter(|p| p.num >= 0 && p.den > 0)
                .ok_or_else(|| {
                    Problem::new(
                        Code::E0905,
                        format!("the facts give no `{attribute}` (not negative) for `{id}`"),
                    )
                    .with_help(format!(
                        "the square-root law weighs each member's people: give `{attribute}` for every member, or name the fact with `--penrose FACT`"
                    ))
                })
        })
        .collect::<Result<Vec<Rational>, Problem>>()?;
    let roots: Vec<f64> = peoples.iter().map(|p| (p.num as f64 / p.den as f64).sqrt()).collect();
    let sum: f64 = roots.iter().sum();
    if sum <= 0.0 {
        return Err(Problem::new(
            Code::E0905,
            format!("every member's `{attribute}` is 0: there is no people to weigh"),
        ));
    }
    let members: Vec<PenroseRow> = g
        .players
        .iter()
        .zip(&banzhaf)
        .zip(&roots)
        .map(|((id, b), r)| {
            let share = r / sum;
            PenroseRow {
                id: id.clone(),
                banzhaf: b.value,
                square_root_share: share,
                citizen_power: if share > 0.0 { b.value / share } else { f64::NAN },
            }
        })
        .collect();
    let shares: Vec<f64> = members.iter().map(|m| m.square_root_share).collect();
    let powers = members.iter().map(|m| m.citizen_power).filter(|p| p.is_finite());
    let (most, least) = powers.fold((f64::MIN, f64::MAX), |(hi, lo), p| (hi.max(p), lo.min(p)));
    Ok(Penrose {
        attribute: attribute.to_string(),
        mean_discrepancy: discrepancy(members.iter().map(|m| m.banzhaf), &shares),
        citizen_power_ratio: if least > 0.0 { most / least } else { f64::INFINITY },
        jagiellonian: jagiellonian(&g.players, &peoples)?,
        members,
    })
}

/// √(Σ(a_i − b_i)² / n).
fn discrepancy(a: impl Iterator<Item = f64>, b: &[f64]) -> f64 {
    let n = b.len().max(1) as f64;
    (a.zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>() / n).sqrt()
}

/// ⌊10^d · √p⌋ for a rational p ≥ 0: ⌊√⌊p · 10^2d⌋⌋, which is the same.
fn fixed_root(p: Rational, decimals: u32) -> Option<u64> {
    let scaled = u128::try_from(p.num)
        .ok()?
        .checked_mul(10u128.checked_pow(2 * decimals)?)?
        .checked_div(u128::try_from(p.den).ok()?)?;
    u64::try_from(scaled.isqrt()).ok()
}

/// The compromise over `players` with peoples `peoples`.
fn jagiellonian(players: &[String], peoples: &[Rational]) -> Result<Jagiellonian, Problem> {
    if players.len() > 40 {
        return Err(Problem::new(
            Code::E0906,
            format!(
                "the Jagiellonian quota is searched for bodies of up to 40 members; this one has {}",
                players.len()
            ),
        ));
    }
    let weigh = |d: u32| -> Option<Vec<u64>> { peoples.iter().map(|p| fixed_root(*p, d)).collect() };
    let fits = |w: &Vec<u64>| {
        w.iter()
            .try_fold(0u64, |a, x| a.checked_add(*x))
            .is_some_and(|t| t <= SWEEP_WEIGHT)
    };
    let (decimals, weights) = (0..=MAX_DECIMALS)
        .rev()
        .find_map(|d| weigh(d).filter(fits).map(|w| (d, w)))
        .ok_or_else(|| {
            Problem::new(
                Code::E0906,
                format!(
                    "the square roots of the peoples sum to more than {SWEEP_WEIGHT}, too much to search the Jagiellonian quota exactly"
                ),
            )
            .with_help("give the people in thousands or millions in the facts")
        })?;
    let total: u64 = weights.iter().sum();
    let Some(best) = sweep(&weights) else {
        return Err(Problem::new(
            Code::E0906,
            "the square roots of the peoples round to no weight at all: give the people in smaller units",
        ));
    };
    let (from, to) = best.first;
    let g = Game {
        players: players.to_vec(),
        weights: weights.iter().map(|w| i128::from(*w)).collect(),
        weight_name: Some("square root".to_string()),
        weight_threshold: Some((i128::from(from), 1, false)),
        min_count: 0,
        max_count: i128::try_from(players.len()).unwrap_or(i128::MAX),
        blocking_floor: None,
        always_min_count: 0,
        always_max_count: i128::try_from(players.len()).unwrap_or(i128::MAX),
        veto: vec![false; players.len()],
    };
    let members = indices_big(&g, &swing_rows(&g, Index::Banzhaf)?, Index::Banzhaf);
    let weight_shares: Vec<f64> = weights.iter().map(|w| *w as f64 / total as f64).collect();
    let quota = |num: u64| Rational {
        num: i128::from(num),
        den: i128::from(total),
    };
    let text = |r: Rational| format!("{}%", r.percent(6));
    Ok(Jagiellonian {
        decimals,
        weights: players.iter().cloned().zip(weights.iter().copied()).collect(),
        total_weight: total,
        threshold_from: from,
        threshold_to: to,
        quota_above: format!("{}/{total}", from - 1),
        quota_to: format!("{to}/{total}"),
        quota_text: [text(quota(from - 1)), text(quota(to))],
        other_optimal_intervals: best.others,
        mean_discrepancy: discrepancy(members.iter().map(|m| m.value), &weight_shares),
        members,
    })
}

/// The thresholds closest to the weights: the first interval of them, and how
/// many more intervals are as close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Optimum {
    pub first: (u64, u64),
    pub others: usize,
}

/// For every whole threshold t above half the total weight, each player's
/// swings η_i(t) = #{S ⊆ others : t − w_i ≤ w(S) < t}, and from them the
/// squared distance between the normalised Banzhaf index and the weight shares,
/// Σ(η_i/H − w_i/W)² = (Q·W − 2·B·H)/(H²·W) + Σ(w_i/W)², with H = Ση_i,
/// Q = Ση_i², B = Ση_i·w_i. The constant aside, thresholds are compared exactly.
/// `None` when no threshold gives any swing (all weights zero).
#[expect(
    clippy::indexing_slicing,
    reason = "every table is sized to the total weight + 1 before the loops, and every index is a weight up to the total"
)]
pub fn sweep(weights: &[u64]) -> Option<Optimum> {
    let total = usize::try_from(weights.iter().sum::<u64>()).ok()?;
    // Coalitions of all players by weight (at most 2^40 of them: u64).
    let mut all = vec![0u64; total + 1];
    all[0] = 1;
    let mut reach = 0usize;
    for &w in weights {
        let w = usize::try_from(w).ok()?;
        for x in (0..=reach).rev() {
            all[x + w] += all[x];
        }
        reach += w;
    }
    let low = total / 2 + 1;
    let span = total + 1 - low;
    let (mut h, mut q, mut b) = (vec![0u64; span], vec![0u128; span], vec![0u128; span]);
    // below[x]: the other players' coalitions weighing less than x. From
    // all = others · (1 + y^wi), others[x] = all[x] − others[x − wi], and each
    // others[y] is below[y + 1] − below[y]: one pass builds the counts below.
    let mut below = vec![0u64; total + 2];
    for &w in weights {
        let wi = usize::try_from(w).ok()?;
        for x in 0..=total {
            let here = if wi == 0 {
                all[x] / 2
            } else if x >= wi {
                all[x] - (below[x - wi + 1] - below[x - wi])
            } else {
                all[x]
            };
            below[x + 1] = below[x] + here;
        }
        for (k, t) in (low..=total).enumerate() {
            let eta = below[t] - below[t.saturating_sub(wi)];
            h[k] += eta;
            q[k] += u128::from(eta) * u128::from(eta);
            b[k] += u128::from(eta) * u128::from(w);
        }
    }
    let whole = u128::try_from(total).ok()?;
    let exact = |k: usize| -> (BigInt, BigInt) {
        let num =
            BigInt::from(q[k]) * BigInt::from(whole) - BigInt::from(2u32) * BigInt::from(b[k]) * BigInt::from(h[k]);
        (num, BigInt::from(h[k]) * BigInt::from(h[k]))
    };
    let approx = |k: usize| -> f64 {
        let hk = h[k] as f64;
        (q[k] as f64 * whole as f64 - 2.0 * b[k] as f64 * hk) / (hk * hk)
    };
    let mut best: Option<(f64, (BigInt, BigInt))> = None;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    // How the threshold before compares with the best, when it gave swings.
    let mut before: Option<(usize, Ordering)> = None;
    for k in 0..span {
        if h[k] == 0 {
            before = None;
            continue;
        }
        let order = match before {
            // The same swings as the threshold before: the same game, the same distance.
            Some((p, o)) if (h[p], q[p], b[p]) == (h[k], q[k], b[k]) => o,
            _ => match &best {
                None => Ordering::Less,
                // Clearly worse in floats: the exact distance needs no asking.
                Some((e, _)) if approx(k) > *e + e.abs() * 1e-9 + 1e-12 => Ordering::Greater,
                Some((_, (bn, bd))) => {
                    let (num, den) = exact(k);
                    (&num * bd).cmp(&(bn * &den))
                }
            },
        };
        match order {
            Ordering::Less => {
                best = Some((approx(k), exact(k)));
                runs = vec![(k, k)];
            }
            Ordering::Equal => match runs.last_mut() {
                Some(r) if r.1 + 1 == k => r.1 = k,
                _ => runs.push((k, k)),
            },
            Ordering::Greater => {}
        }
        before = Some((k, order.max(Ordering::Equal)));
    }
    let first = runs.first()?;
    let at = |k: usize| u64::try_from(low + k).unwrap_or(u64::MAX);
    Some(Optimum {
        first: (at(first.0), at(first.1)),
        others: runs.len() - 1,
    })
}
