//! Coleman's measures of a simple game (Coleman 1971): the power of the
//! collectivity to act, the share of all coalitions that win; and each member's
//! power to prevent action (of the winning coalitions, the share it can turn
//! losing by leaving) and to initiate it (of the losing coalitions, the share it
//! can turn winning by joining). A member's swings are its Banzhaf count, so the
//! only new count is that of the winning coalitions, made by the same tables as
//! the swings: meeting in the middle up to 40 members, the dynamic programme
//! over size and weight beyond. Every figure is an exact fraction.

use num_bigint::BigUint;
use serde::Serialize;

use super::{
    fraction, least_weight_index, size_weight_table, tabulate, weight_table, wide, within_budget, Count, Game,
};
use crate::diagnostics::{Code, Problem};

/// Coleman's measures of a game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coleman {
    /// How many coalitions win, of how many (2^n), as whole numbers in decimal.
    pub winning_coalitions: String,
    pub coalitions: String,
    /// The power of the collectivity to act: winning coalitions over all.
    pub power_to_act: Share,
    pub members: Vec<ColemanRow>,
}

/// A member's power to prevent and to initiate action; `None` where it is not
/// defined: to prevent when no coalition wins, to initiate when every one does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColemanRow {
    pub id: String,
    pub prevent: Option<Share>,
    pub initiate: Option<Share>,
}

/// An exact share: the fraction in lowest terms, the nearest `f64`, and twelve
/// decimals rounded down (for people).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    pub fraction: String,
    pub value: f64,
    #[serde(skip)]
    pub decimal: String,
}

impl Share {
    /// `num / den`, or `None` for a zero denominator.
    fn of(num: &BigUint, den: &BigUint) -> Option<Share> {
        if *den == BigUint::from(0u32) {
            return None;
        }
        let (fraction, value, decimal) = fraction(num, den);
        Some(Share {
            fraction,
            value,
            decimal,
        })
    }
}

/// Coleman's measures from the members' swings (Banzhaf counts, by size or in
/// one sum) and the game.
pub fn coleman(game: &Game, swings: &[Vec<BigUint>]) -> Result<Coleman, Problem> {
    let winning = winning_coalitions(game)?;
    let all = BigUint::from(1u32) << game.n();
    let losing = &all - &winning;
    let members = game
        .players
        .iter()
        .zip(swings)
        .map(|(id, row)| {
            let swings = row.iter().fold(BigUint::from(0u32), |acc, c| acc + c);
            ColemanRow {
                id: id.clone(),
                prevent: Share::of(&swings, &winning),
                initiate: Share::of(&swings, &losing),
            }
        })
        .collect();
    Ok(Coleman {
        winning_coalitions: winning.to_string(),
        coalitions: all.to_string(),
        power_to_act: Share::of(&winning, &all).ok_or_else(|| Problem::new(Code::E0906, "a game has coalitions"))?,
        members,
    })
}

/// How many coalitions win.
pub fn winning_coalitions(game: &Game) -> Result<BigUint, Problem> {
    if game.n() <= 40 {
        Ok(BigUint::from(winning_by_halves(game)))
    } else {
        winning_by_weight(game)
    }
}

/// Meeting in the middle: each half's coalitions by (size, veto holders), their
/// weights sorted, and for each pair of groups the pairs at or above the least
/// winning weight counted by binary search.
fn winning_by_halves(game: &Game) -> u128 {
    let everyone: Vec<usize> = (0..game.n()).collect();
    let (left, right) = everyone.split_at(everyone.len() / 2);
    let (lt, rt) = (tabulate(game, left), tabulate(game, right));
    let mut total = 0u128;
    for (&(lc, lv), lweights) in &lt {
        for (&(rc, rv), rweights) in &rt {
            let Some(least) = game.least_winning_weight(wide(lc + rc), lv + rv) else {
                continue;
            };
            for &w in lweights {
                let from = rweights.partition_point(|x| *x < least.saturating_sub(w));
                total += (rweights.len() - from) as u128;
            }
        }
    }
    total
}

/// For bodies of more than 40 members (no vetoes: `swings_large` refuses them
/// too): the coalitions by weight alone when the rule counts no members, else by
/// size and weight, within the same memory budget as the swings.
fn winning_by_weight(game: &Game) -> Result<BigUint, Problem> {
    if game.veto.iter().any(|v| *v) {
        return Err(Problem::new(
            Code::E0906,
            "vetoes are supported for bodies of up to 40 members".to_string(),
        ));
    }
    let n = game.n();
    let total: i128 = game.weights.iter().sum();
    let width = usize::try_from(total)
        .map_err(|_| Problem::new(Code::E0906, "the total weight is too large".to_string()))?
        .saturating_add(1);
    let counts_members = (0..=n).any(|c| game.least_winning_weight(wide(c), 0) != game.least_winning_weight(0, 0));
    if !counts_members {
        // Every size wins from the same weight: the losing coalitions lie below it.
        let Some(least) = game.least_winning_weight(0, 0) else {
            return Ok(BigUint::from(0u32));
        };
        let limit = least_weight_index(least, width);
        within_budget(game, std::mem::size_of::<Count>() as u128)?;
        let losing = weight_table(game, limit)
            .iter()
            .fold(Count::default(), |acc, c| acc.add(*c));
        return Ok((BigUint::from(1u32) << n) - losing.big());
    }
    within_budget(
        game,
        u128::try_from(n + 1).unwrap_or(u128::MAX) * std::mem::size_of::<Count>() as u128,
    )?;
    let f = size_weight_table(game, width);
    let mut winning = Count::default();
    for (c, row) in f.chunks(width).enumerate() {
        let Some(least) = game.least_winning_weight(wide(c), 0) else {
            continue;
        };
        let from = least_weight_index(least, width);
        winning = row.iter().skip(from).fold(winning, |acc, x| acc.add(*x));
    }
    Ok(winning.big())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A game of `weights` passing with `quota` of weight (none: no weight
    /// counts) and at least `at_least` members.
    fn game(weights: &[i128], quota: Option<i128>, at_least: i128) -> Game {
        let n = weights.len();
        Game {
            players: (0..n).map(|i| format!("P{i:02}")).collect(),
            weights: weights.to_vec(),
            weight_name: quota.map(|_| "weight".to_string()),
            weight_threshold: quota.map(|q| (q, 1, false)),
            min_count: at_least,
            max_count: wide(n),
            blocking_floor: None,
            always_min_count: 0,
            always_max_count: wide(n),
            veto: vec![false; n],
        }
    }

    fn measures(g: &Game) -> Coleman {
        let rows = super::super::swing_rows(g, super::super::Index::Banzhaf).unwrap();
        coleman(g, &rows).unwrap()
    }

    fn fractions(c: &Coleman) -> Vec<(String, String)> {
        let text = |s: &Option<Share>| s.as_ref().map_or("undefined".to_string(), |s| s.fraction.clone());
        c.members
            .iter()
            .map(|m| (text(&m.prevent), text(&m.initiate)))
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    /// [3; 2, 1, 1]: {A,B}, {A,C} and {A,B,C} win (3 of 8). A is critical in all
    /// three, B only in {A,B}, C only in {A,C}; 5 coalitions lose, and A's
    /// joining turns {B}, {C}, {B,C} winning, B's only {A}, C's only {A}.
    #[test]
    fn a_weighted_game_of_three() {
        let c = measures(&game(&[2, 1, 1], Some(3), 0));
        assert_eq!((c.winning_coalitions.as_str(), c.coalitions.as_str()), ("3", "8"));
        assert_eq!(c.power_to_act.fraction, "3/8");
        assert_eq!(fractions(&c), pairs(&[("1", "3/5"), ("1/3", "1/5"), ("1/3", "1/5")]));
    }

    /// Unanimity of three: one winning coalition of eight; each member blocks it
    /// alone, and completes only the one losing coalition of the other two.
    #[test]
    fn unanimity_of_three() {
        let c = measures(&game(&[0, 0, 0], None, 3));
        assert_eq!(c.power_to_act.fraction, "1/8");
        assert_eq!(fractions(&c), pairs(&[("1", "1/7"); 3]));
    }

    /// A simple majority of five: 10 + 5 + 1 = 16 of 32 coalitions win; each
    /// member is critical in the C(4,2) = 6 winning coalitions of three it is in.
    #[test]
    fn simple_majority_of_five() {
        let c = measures(&game(&[0; 5], None, 3));
        assert_eq!(c.power_to_act.fraction, "1/2");
        assert_eq!(fractions(&c), pairs(&[("3/8", "3/8"); 5]));
    }

    /// Nobody wins: the power to prevent is undefined, never a zero.
    #[test]
    fn a_game_no_coalition_wins() {
        let c = measures(&game(&[1, 1], Some(3), 0));
        assert_eq!(c.power_to_act.fraction, "0");
        assert_eq!(fractions(&c), pairs(&[("undefined", "0"); 2]));
    }

    /// Beyond 40 members, by weight and by size: a majority of an odd body wins
    /// in exactly half the coalitions (a coalition wins when its complement loses).
    #[test]
    fn large_bodies_count_winning_coalitions_by_weight_and_by_size() {
        let by_weight = game(&[1; 45], Some(23), 0);
        assert_eq!(winning_coalitions(&by_weight).unwrap(), BigUint::from(1u64 << 44));
        let by_size = game(&[0; 41], None, 21);
        assert_eq!(winning_coalitions(&by_size).unwrap(), BigUint::from(1u64 << 40));
        // Both: 43 members weighing 1 or 2, a majority of the weight and of the members.
        let mut weights = vec![1; 43];
        weights[0] = 2;
        let both = game(&weights, Some(23), 22);
        // The two counts agree where both apply.
        let small = game(&weights[..30], Some(16), 15);
        assert_eq!(
            BigUint::from(winning_by_halves(&small)),
            winning_by_weight(&small).unwrap()
        );
        let expected: u128 = (0u32..=43)
            .map(|k| {
                // Coalitions of k members with and without the heavy one.
                let choose = |n: u32, r: u32| (0..r).fold(1u128, |acc, i| acc * u128::from(n - i) / u128::from(i + 1));
                // With the heavy one, k members weigh k + 1 >= 23; without, k >= 23.
                let with = if k >= 22 { choose(42, k - 1) } else { 0 };
                let without = if k >= 23 { choose(42, k) } else { 0 };
                with + without
            })
            .sum();
        assert_eq!(winning_coalitions(&both).unwrap(), BigUint::from(expected));
    }
}
