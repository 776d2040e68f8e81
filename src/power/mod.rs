//! Exact voting power: Banzhaf and Shapley–Shubik indices of a body's rule.
//!
//! The rule becomes a simple game: a coalition wins when its members voting in
//! favour (and everyone else against) pass the decision. Winning depends only on a
//! coalition's size, its weight (one member fact, such as population) and whether
//! it holds every veto, so swings are counted exactly by meeting in the middle:
//! the other players are split in two halves, each half's subsets are tabulated by
//! (size, veto holders, weight), and for each subset of one half the subsets of the
//! other whose weight falls in the swing interval are counted by binary search.
//! `enumerate` counts the same quantities coalition by coalition; the tests use it
//! as an independent check. Counts are exact integers; indices exact fractions.

mod coleman;
pub mod estimate;
mod penrose;

use crate::diagnostics::{Code, Problem};
use std::collections::BTreeMap;

use num_bigint::BigUint;
use serde::Serialize;

use crate::eval::{binomial, electorate, next_combination, players, rule_for, Delegation, Facts, Voters};
use crate::ir::{Program, Rational};
use crate::voting;

pub use coleman::{coleman, winning_coalitions, Coleman, ColemanRow, Share};
pub use penrose::{penrose, sweep, Jagiellonian, Optimum, Penrose, PenroseRow, SWEEP_WEIGHT};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    Banzhaf,
    ShapleyShubik,
}

/// A rule as a simple game over `players`.
#[derive(Debug, Clone)]
pub struct Game {
    pub players: Vec<String>,
    /// Integer weights (facts scaled to a common denominator); zero when the rule
    /// weighs nothing.
    pub weights: Vec<i128>,
    pub weight_name: Option<String>,
    /// The coalition's weight must satisfy `weight * den >= num` (`>` when strict).
    pub weight_threshold: Option<(i128, i128, bool)>,
    /// Fewest and most members in favour the majorities allow.
    pub min_count: i128,
    pub max_count: i128,
    /// Fewer members than this against cannot block: the majorities (the counts
    /// above and the weight) are deemed attained.
    pub blocking_floor: Option<i128>,
    /// Fewest and most members in favour what is never deemed met allows
    /// (unanimity, consensus, a quorum).
    pub always_min_count: i128,
    pub always_max_count: i128,
    /// Players that must all be in a winning coalition.
    pub veto: Vec<bool>,
}

impl Game {
    pub fn n(&self) -> usize {
        self.players.len()
    }

    /// A player's weight. `players`, `weights` and `veto` have one entry per
    /// player: `game` builds them together and nothing resizes them.
    #[expect(
        clippy::indexing_slicing,
        reason = "one weight per player, by construction in `game`"
    )]
    pub fn weight(&self, player: usize) -> i128 {
        debug_assert!(player < self.weights.len());
        self.weights[player]
    }

    /// Whether a player holds a veto (same invariant as `weight`).
    #[expect(
        clippy::indexing_slicing,
        reason = "one veto flag per player, by construction in `game`"
    )]
    pub fn holds_veto(&self, player: usize) -> bool {
        debug_assert!(player < self.veto.len());
        self.veto[player]
    }

    /// The least weight with which a coalition of `count` members holding
    /// `vetoes` of the veto holders wins; `None` when no weight makes it win.
    /// Winning is monotone in weight, so it wins exactly from this weight on.
    pub fn least_winning_weight(&self, count: i128, vetoes: usize) -> Option<i128> {
        if !self.wins(count, i128::MAX / 4, vetoes) {
            return None;
        }
        if self.wins(count, 0, vetoes) {
            return Some(0);
        }
        let (num, den, strict) = self.weight_threshold?;
        // weight * den >= num (or > num).
        let least = if strict {
            num.div_euclid(den) + 1
        } else {
            -((-num).div_euclid(den))
        };
        Some(least.max(0))
    }

    /// Whether a coalition of `count` members with `weight`, holding `vetoes` of
    /// the veto holders, wins.
    pub fn wins(&self, count: i128, weight: i128, vetoes: usize) -> bool {
        self.judge().wins(count, weight, vetoes)
    }

    /// The game with the figures every judgement reads counted once, for
    /// judging many coalitions.
    pub fn judge(&self) -> Judge<'_> {
        Judge {
            game: self,
            n: i128::try_from(self.n()).unwrap_or(i128::MAX),
            holders: self.veto.iter().filter(|v| **v).count(),
        }
    }
}

/// A game ready to judge coalitions (`Game::judge`).
pub struct Judge<'g> {
    game: &'g Game,
    n: i128,
    holders: usize,
}

impl Judge<'_> {
    /// Whether a coalition of `count` members with `weight`, holding `vetoes` of
    /// the veto holders, wins.
    pub fn wins(&self, count: i128, weight: i128, vetoes: usize) -> bool {
        let (game, n, holders) = (self.game, self.n, self.holders);
        if count < game.always_min_count || count > game.always_max_count || vetoes < holders {
            return false;
        }
        // The kernel's meaning (`voting::verdict`): too few against to block
        // deems every majority attained.
        if game.blocking_floor.is_some_and(|f| n - count < f) {
            return true;
        }
        if count < game.min_count || count > game.max_count {
            return false;
        }
        let Some((num, den, strict)) = game.weight_threshold else {
            return true;
        };
        let scaled = weight.saturating_mul(den);
        if strict {
            scaled > num
        } else {
            scaled >= num
        }
    }
}

/// A count or index as a signed number for the game's arithmetic. Lossless: a
/// `usize` has at most 64 bits, an `i128` 127 of magnitude.
fn wide(n: usize) -> i128 {
    n as i128
}

/// A least winning weight as an index into a table of `width` weights: 0 for
/// a weight that cannot be negative, `width` for one beyond every coalition.
fn least_weight_index(least: i128, width: usize) -> usize {
    usize::try_from(least.clamp(0, wide(width))).unwrap_or(width)
}

/// The largest total weight a game accepts: far above any real figure (2^96),
/// and far enough below i128's range that thresholds times denominators fit.
const MAX_TOTAL_WEIGHT: i128 = 1 << 96;

/// The memory the exact tables of `swings_large` and `banzhaf_by_weight` may take.
const MEMORY_BUDGET: u128 = 1 << 30;

/// Refuses, before anything is allocated, a table of `per_unit` bytes for each
/// unit of total weight that would exceed the memory budget, naming the coarser
/// unit (thousands, millions, ...) in which the weights would fit.
fn within_budget(game: &Game, per_unit: u128) -> Result<(), Problem> {
    let total = u128::try_from(game.weights.iter().sum::<i128>()).unwrap_or(u128::MAX);
    let bytes = |units: u128| units.saturating_add(1).saturating_mul(per_unit);
    if bytes(total) <= MEMORY_BUDGET {
        return Ok(());
    }
    let attribute = game.weight_name.as_deref().unwrap_or("the weight");
    let coarser = (1..=30u32)
        .map(|k| 10u128.pow(k))
        .find(|unit| bytes(total / unit) <= MEMORY_BUDGET)
        .map_or(String::new(), |unit| {
            let word = match unit {
                1_000 => " (thousands)".to_string(),
                1_000_000 => " (millions)".to_string(),
                1_000_000_000 => " (billions)".to_string(),
                _ => String::new(),
            };
            format!(
                "; give `{attribute}` in units of {unit}{word} in the facts, which needs about {} MiB",
                bytes(total / unit) >> 20
            )
        });
    Err(Problem::new(Code::E0906, format!(
        "exact voting power over {} members with a total `{attribute}` of {total} needs about {} MiB, above the {} MiB budget{coarser}",
        game.n(),
        bytes(total) >> 20,
        MEMORY_BUDGET >> 20
    )))
}

/// The members of a body who do not vote on a decision: when not all take
/// part, those who do (TFEU 238(3)); the members the decision concerns, where
/// the power is taken `excluding concerned` (TEU 7(3), TFEU 354); and those
/// whose voting rights are suspended. The thresholds are over the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Absent {
    pub participants: Option<Vec<String>>,
    pub concerned: Vec<String>,
    pub suspended: Vec<String>,
}

impl Absent {
    fn is_empty(&self) -> bool {
        self.participants.is_none() && self.concerned.is_empty() && self.suspended.is_empty()
    }
}

/// Builds the game of a body's decision, weighing by the facts: the voting
/// kernel's requirement, with the weights scaled to whole numbers.
pub fn game(program: &Program, body: &str, decision: &str, facts: &Facts, seated: &[String]) -> Result<Game, Problem> {
    game_among(program, body, decision, facts, seated, &Absent::default())
}

/// [`game`] with the members `absent` names not voting.
pub fn game_among(
    program: &Program,
    body: &str,
    decision: &str,
    facts: &Facts,
    seated: &[String],
    absent: &Absent,
) -> Result<Game, Problem> {
    let (rule, electorate, blocs, seats) = vote_of(program, body, decision, facts, seated, absent)?;
    match blocs {
        None => game_of(rule, electorate, seats),
        Some(blocs) => bloc_game(rule, &electorate, &blocs),
    }
}

/// The rule a body decides by, the electorate it decides among and how many
/// seats the body has (more than the electorate when some do not vote); for a
/// body of delegations, the delegations too (they are the players: each votes
/// as a bloc).
type VoteOf<'p> = (&'p crate::ir::Rule, voting::Electorate, Option<Vec<Delegation>>, i128);

fn vote_of<'p>(
    program: &'p Program,
    body: &str,
    decision: &str,
    facts: &Facts,
    seated: &[String],
    absent: &Absent,
) -> Result<VoteOf<'p>, Problem> {
    let (power, rule) = rule_for(program, body, decision)?;
    match players(program, body, seated, facts)? {
        Voters::Members(players) => {
            let seats = wide(players.len());
            let voting = taking_part(body, decision, power.excluding_concerned, players, absent)?;
            Ok((rule, electorate(program, body, rule, voting, facts)?, None, seats))
        }
        Voters::Seats(delegations) => {
            if !absent.is_empty() {
                return Err(Problem::new(
                    Code::E0903,
                    format!("`{body}` votes seat by seat: participants, the member concerned and suspended members are counted for bodies of member states"),
                ));
            }
            let persons = delegations.iter().all(|d| d.member.is_none());
            let mut labels = Vec::new();
            for d in &delegations {
                for k in 1..=d.seats {
                    labels.push(match &d.member {
                        Some(m) => m.clone(),
                        None => format!("seat {k}"),
                    });
                }
            }
            let seats = wide(labels.len());
            let electorate = electorate(program, body, rule, labels, facts)?;
            Ok((rule, electorate, (!persons).then_some(delegations), seats))
        }
    }
}

/// The members who vote: every name `absent` gives must be a member, and the
/// member concerned leaves only where the power excludes it.
fn taking_part(
    body: &str,
    decision: &str,
    excluding: bool,
    members: Vec<String>,
    absent: &Absent,
) -> Result<Vec<String>, Problem> {
    let names = absent
        .participants
        .iter()
        .flatten()
        .chain(&absent.concerned)
        .chain(&absent.suspended);
    for m in names {
        if !members.contains(m) {
            return Err(Problem::new(Code::E0902, format!("`{m}` is not a member of `{body}`")).about(m.as_str()));
        }
    }
    if !absent.concerned.is_empty() && !excluding {
        return Err(Problem::new(Code::E0903, format!(
            "`{body}` decides `{decision}` with the member concerned voting; `--concerned` applies only to powers written `excluding concerned`"
        )));
    }
    Ok(members
        .into_iter()
        .filter(|m| absent.participants.as_ref().is_none_or(|p| p.contains(m)))
        .filter(|m| !absent.concerned.contains(m) && !absent.suspended.contains(m))
        .collect())
}

/// The game of a body's decision and the members who hold a veto over it.
fn game_and_vetoes(
    program: &Program,
    body: &str,
    decision: &str,
    facts: &Facts,
    seated: &[String],
    absent: &Absent,
) -> Result<(Game, Vec<String>), Problem> {
    let (rule, electorate, blocs, seats) = vote_of(program, body, decision, facts, seated, absent)?;
    match blocs {
        None if seats == wide(electorate.members.len()) => {
            // The same search as the checker's unwritten-veto warning (W0404).
            let vetoes = vetoes_of(rule, &electorate, None)?;
            Ok((game_of(rule, electorate, seats)?, vetoes))
        }
        // Not everyone votes: the kernel's search assumes they do, so the
        // vetoes are read from the game of those who do.
        None => {
            let g = game_of(rule, electorate.clone(), seats)?;
            let vetoes = vetoes_of(rule, &electorate, Some(&g))?;
            Ok((g, vetoes))
        }
        Some(blocs) => {
            let g = bloc_game(rule, &electorate, &blocs)?;
            let vetoes = vetoes_of(rule, &electorate, Some(&g))?;
            Ok((g, vetoes))
        }
    }
}

/// The game of a body of delegations, each voting as a bloc of its seats: the
/// kernel's requirement counts seats, which become the players' weights.
fn bloc_game(rule: &crate::ir::Rule, electorate: &voting::Electorate, blocs: &[Delegation]) -> Result<Game, Problem> {
    let requirement = voting::requirement(rule, electorate)?;
    let total: i128 = blocs.iter().map(|d| i128::from(d.seats)).sum();
    if requirement.weight.is_some()
        || requirement.floor.is_some()
        || requirement.max_yes < total
        || requirement.always_max_yes < total
    {
        return Err(Problem::new(
            Code::E0906,
            format!(
                "the power of delegations is counted for rules on seats in favour; `{}` also weighs, floors or caps them",
                rule.name
            ),
        ));
    }
    let players: Vec<String> = blocs.iter().filter_map(|d| d.member.clone()).collect();
    let veto = players
        .iter()
        .map(|p| {
            electorate
                .members
                .iter()
                .zip(&electorate.veto)
                .any(|(m, v)| *v && m == p)
        })
        .collect();
    Ok(Game {
        weights: blocs.iter().map(|d| i128::from(d.seats)).collect(),
        players,
        weight_name: Some("seats".to_string()),
        weight_threshold: Some((requirement.min_yes.max(requirement.always_min_yes), 1, false)),
        min_count: 0,
        max_count: i128::try_from(blocs.len()).unwrap_or(i128::MAX),
        blocking_floor: None,
        always_min_count: 0,
        always_max_count: i128::try_from(blocs.len()).unwrap_or(i128::MAX),
        veto,
    })
}

/// The players that alone defeat every coalition: the kernel's search over
/// members, or for blocs the delegations without which the rest cannot win.
fn vetoes_of(
    rule: &crate::ir::Rule,
    electorate: &voting::Electorate,
    blocs: Option<&Game>,
) -> Result<Vec<String>, Problem> {
    let Some(g) = blocs else {
        return Ok(voting::vetoes(rule, electorate)?
            .into_iter()
            .map(|v| v.member)
            .collect());
    };
    let n = wide(g.n());
    let total: i128 = g.weights.iter().sum();
    let holders = g.veto.iter().filter(|v| **v).count();
    Ok((0..g.n())
        .filter(|i| {
            let without = holders - usize::from(g.holds_veto(*i));
            !g.wins(n - 1, total - g.weight(*i), without)
        })
        .filter_map(|i| g.players.get(i).cloned())
        .collect())
}

fn game_of(rule: &crate::ir::Rule, electorate: voting::Electorate, seats: i128) -> Result<Game, Problem> {
    let requirement = voting::requirement_among(rule, &electorate, seats)?;
    let n = electorate.members.len();
    let (weights, weight_name, weight_threshold) = match &requirement.weight {
        None => (vec![0; n], None, None),
        Some(bound) => {
            let attribute = &bound.attribute;
            let column = electorate
                .weights
                .get(attribute)
                .ok_or_else(|| Problem::new(Code::E0905, format!("the facts give no `{attribute}`")))?;
            let (weights, scale) = integer_weights(column)?;
            // Checked once here: every coalition's weight is at most this total,
            // so the sums the counting does afterwards cannot overflow.
            let too_large = || {
                Problem::new(
                    Code::E0906,
                    format!(
                        "the total `{attribute}` of the members is too large to weigh votes exactly (more than 2^96)"
                    ),
                )
                .with_help(format!("give `{attribute}` in coarser units"))
            };
            let total = weights
                .iter()
                .try_fold(0i128, |sum, w| sum.checked_add(*w))
                .filter(|t| *t <= MAX_TOTAL_WEIGHT)
                .ok_or_else(too_large)?;
            // weight >= at_least, in the scaled unit: weight * den >= num.
            let num = bound.at_least.num.checked_mul(scale).ok_or_else(too_large)?;
            let den = bound.at_least.den;
            total.checked_mul(den).ok_or_else(too_large)?;
            (weights, Some(attribute.clone()), Some((num, den, bound.strict)))
        }
    };
    Ok(Game {
        players: electorate.members,
        weights,
        weight_name,
        weight_threshold,
        min_count: requirement.min_yes,
        max_count: requirement.max_yes,
        blocking_floor: requirement.floor,
        always_min_count: requirement.always_min_yes,
        always_max_count: requirement.always_max_yes,
        veto: electorate.veto,
    })
}

/// Weights as integers, all scaled by one common denominator (returned).
fn integer_weights(values: &[Rational]) -> Result<(Vec<i128>, i128), Problem> {
    let mut scale: i128 = 1;
    for v in values {
        let g = gcd(scale, v.den);
        scale = scale
            .checked_mul(v.den / g)
            .ok_or(Problem::new(Code::E0906, "the weights' denominators are too large"))?;
    }
    let weights = values
        .iter()
        .map(|v| {
            v.num
                .checked_mul(scale / v.den)
                .ok_or_else(|| Problem::new(Code::E0906, "a weight is too large".to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((weights, scale))
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// For each player, its swings by the size of the coalition it joins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swings {
    pub by_size: Vec<Vec<u128>>,
}

/// The subsets of some players, tabulated by size and veto holders, each list of
/// weights sorted.
type Table = BTreeMap<(usize, usize), Vec<i128>>;

fn tabulate(game: &Game, players: &[usize]) -> Table {
    let mut table: Table = BTreeMap::new();
    let k = players.len();
    for mask in 0u64..(1u64 << k) {
        let (mut count, mut weight, mut vetoes) = (0usize, 0i128, 0usize);
        for (bit, &p) in players.iter().enumerate() {
            if mask >> bit & 1 == 1 {
                count += 1;
                weight += game.weight(p);
                vetoes += usize::from(game.holds_veto(p));
            }
        }
        table.entry((count, vetoes)).or_default().push(weight);
    }
    for list in table.values_mut() {
        list.sort_unstable();
    }
    table
}

/// The weights `w` for which adding `player` to a coalition of `count` members
/// and `vetoes` holders turns it from losing to winning: `[lo, hi)`.
fn swing_interval(game: &Game, player: usize, count: i128, vetoes: usize) -> Option<(i128, i128)> {
    let wi = game.weight(player);
    let vi = usize::from(game.holds_veto(player));
    // Winning is monotone in weight, so "wins with the player" is w >= a and
    // "loses without" is w < b.
    let with = game.least_winning_weight(count + 1, vetoes + vi).map(|t| t - wi)?;
    let without = game.least_winning_weight(count, vetoes).unwrap_or(i128::MAX);
    (with < without).then_some((with.max(0), without))
}

/// Exact swings by meeting in the middle (up to 40 players).
pub fn swings(game: &Game) -> Result<Swings, Problem> {
    let n = game.n();
    if n > 40 {
        return Err(Problem::new(
            Code::E0906,
            format!("exact voting power is computed for bodies of up to 40 members; this one has {n}"),
        ));
    }
    let mut by_size = vec![vec![0u128; n]; n];
    for (player, out) in by_size.iter_mut().enumerate() {
        let others: Vec<usize> = (0..n).filter(|&j| j != player).collect();
        let (left, right) = others.split_at(others.len() / 2);
        let (lt, rt) = (tabulate(game, left), tabulate(game, right));
        for (&(lc, lv), lweights) in &lt {
            for (&(rc, rv), rweights) in &rt {
                let count = lc + rc;
                let Some((lo, hi)) = swing_interval(game, player, wide(count), lv + rv) else {
                    continue;
                };
                let mut total = 0u128;
                for &w in lweights {
                    let (from, to) = (lo.saturating_sub(w), hi.saturating_sub(w));
                    let a = rweights.partition_point(|x| *x < from);
                    let b = rweights.partition_point(|x| *x < to);
                    total += b.saturating_sub(a) as u128;
                }
                if let Some(slot) = out.get_mut(count) {
                    *slot += total;
                }
            }
        }
    }
    Ok(Swings { by_size })
}

/// Counts of coalitions: up to 2^256, enough for bodies of any real size, and no
/// allocation per addition (the large-body DP adds hundreds of millions of them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Count([u64; 4]);

impl Count {
    const ONE: Count = Count([1, 0, 0, 0]);

    fn add(self, o: Count) -> Count {
        let ([a0, a1, a2, a3], [b0, b1, b2, b3]) = (self.0, o.0);
        let (r0, c0) = a0.overflowing_add(b0);
        let (t1, c1a) = a1.overflowing_add(b1);
        let (r1, c1b) = t1.overflowing_add(u64::from(c0));
        let (t2, c2a) = a2.overflowing_add(b2);
        let (r2, c2b) = t2.overflowing_add(u64::from(c1a | c1b));
        let r3 = a3.wrapping_add(b3).wrapping_add(u64::from(c2a | c2b));
        Count([r0, r1, r2, r3])
    }

    fn sub(self, o: Count) -> Count {
        let ([a0, a1, a2, a3], [b0, b1, b2, b3]) = (self.0, o.0);
        let (r0, c0) = a0.overflowing_sub(b0);
        let (t1, c1a) = a1.overflowing_sub(b1);
        let (r1, c1b) = t1.overflowing_sub(u64::from(c0));
        let (t2, c2a) = a2.overflowing_sub(b2);
        let (r2, c2b) = t2.overflowing_sub(u64::from(c1a | c1b));
        let r3 = a3.wrapping_sub(b3).wrapping_sub(u64::from(c2a | c2b));
        Count([r0, r1, r2, r3])
    }

    fn big(self) -> BigUint {
        BigUint::from_slice(
            &self
                .0
                .iter()
                .flat_map(|w| [(*w & 0xffff_ffff) as u32, (*w >> 32) as u32])
                .collect::<Vec<u32>>(),
        )
    }
}

/// Swings for large bodies with whole-number weights: a dynamic programme over
/// (coalition size, weight), built once, from which each player is removed by
/// deconvolution. Time O(n^2 W), memory O(n W) for total weight W.
#[expect(
    clippy::indexing_slicing,
    reason = "the tables are sized (n + 1) x (total weight + 1) before the loops; every index is a count up to n and a weight up to the total"
)]
pub fn swings_large(game: &Game) -> Result<Vec<Vec<BigUint>>, Problem> {
    let n = game.n();
    if game.veto.iter().any(|v| *v) {
        return Err(Problem::new(
            Code::E0906,
            "vetoes are supported for bodies of up to 40 members".to_string(),
        ));
    }
    // The tables f (n+1 rows), g (n rows) and a prefix row, each as wide as the total weight.
    let per_unit = u128::try_from(2 * n + 3).unwrap_or(u128::MAX) * std::mem::size_of::<Count>() as u128;
    within_budget(game, per_unit)?;
    let total: i128 = game.weights.iter().sum();
    let width =
        usize::try_from(total).map_err(|_| Problem::new(Code::E0906, "the total weight is too large".to_string()))? + 1;
    // Weights are whole, not negative, and at most the total (checked by `game`).
    let weight = |p: usize| {
        debug_assert!((0..=total).contains(&game.weight(p)));
        game.weight(p) as usize
    };
    let at = |c: usize, w: usize| c * width + w;
    let f = size_weight_table(game, width);
    let mut out = vec![vec![BigUint::from(0u32); n]; n];
    let mut g = vec![Count::default(); n * width];
    let mut prefix = vec![Count::default(); width + 1];
    // Players of equal weight are symmetric: each weight is computed once.
    let mut done: BTreeMap<usize, usize> = BTreeMap::new();
    for player in 0..n {
        let wi = weight(player);
        if let Some(&twin) = done.get(&wi) {
            let copy = out.get(twin).cloned().unwrap_or_default();
            if let Some(row) = out.get_mut(player) {
                *row = copy;
            }
            continue;
        }
        done.insert(wi, player);
        let Some(row) = out.get_mut(player) else { continue };
        // g = f / (1 + x y^wi): the coalitions of the other players.
        for c in 0..n {
            for w in 0..width {
                let mut v = f[at(c, w)];
                if c > 0 && w >= wi {
                    v = v.sub(g[at(c - 1, w - wi)]);
                }
                g[at(c, w)] = v;
            }
        }
        for (c, slot) in row.iter_mut().enumerate() {
            let Some((lo, hi)) = swing_interval(game, player, wide(c), 0) else {
                continue;
            };
            for w in 0..width {
                let next = prefix[w].add(g[at(c, w)]);
                prefix[w + 1] = next;
            }
            let clamp = |x: i128| usize::try_from(x.clamp(0, wide(width))).unwrap_or(0);
            let (a, b) = (clamp(lo), clamp(hi));
            if a < b {
                *slot = prefix[b].sub(prefix[a]).big();
            }
        }
    }
    Ok(out)
}

/// The number of coalitions of each size and weight, `f[c * width + w]`, for a
/// game whose whole weights are under `width` (checked by `game`).
#[expect(
    clippy::indexing_slicing,
    reason = "the table is sized (n + 1) x width; every index is a count up to n and a weight below width"
)]
fn size_weight_table(game: &Game, width: usize) -> Vec<Count> {
    let n = game.n();
    let at = |c: usize, w: usize| c * width + w;
    let mut f = vec![Count::default(); (n + 1) * width];
    if let Some(first) = f.get_mut(0) {
        *first = Count::ONE;
    }
    for p in 0..n {
        let wp = usize::try_from(game.weight(p)).unwrap_or(usize::MAX);
        for c in (0..p + 1).rev() {
            for w in (0..width.saturating_sub(wp)).rev() {
                let from = f[at(c, w)];
                if from != Count::default() {
                    let to = &mut f[at(c + 1, w + wp)];
                    *to = to.add(from);
                }
            }
        }
    }
    f
}

/// The number of coalitions of each weight below `limit`, whatever their size.
#[expect(
    clippy::indexing_slicing,
    reason = "the row is sized to the limit, and every index stays below it"
)]
fn weight_table(game: &Game, limit: usize) -> Vec<Count> {
    let mut f = vec![Count::default(); limit];
    if let Some(first) = f.get_mut(0) {
        *first = Count::ONE;
    }
    // Only weights reachable by the players added so far can be non-zero.
    let mut reach = 0usize;
    for p in 0..game.n() {
        let wp = usize::try_from(game.weight(p)).unwrap_or(usize::MAX);
        if wp < limit {
            for w in (0..=reach.min(limit - wp - 1)).rev() {
                let from = f[w];
                let to = &mut f[w + wp];
                *to = to.add(from);
            }
        }
        reach = reach.saturating_add(wp);
    }
    f
}

/// Banzhaf swings of a rule with no condition on the number of members: a dynamic
/// programme over weight alone, O(n W). Each player's total sits at size 0.
#[expect(
    clippy::indexing_slicing,
    reason = "the rows are sized to the swing limit before the loops, and every index stays below it"
)]
pub fn banzhaf_by_weight(game: &Game) -> Result<Vec<Vec<BigUint>>, Problem> {
    let n = game.n();
    let all = i128::try_from(n).unwrap_or(i128::MAX);
    if game.veto.iter().any(|v| *v)
        || game.min_count > 0
        || game.max_count < all
        || game.always_min_count > 0
        || game.always_max_count < all
        || game.blocking_floor.is_some()
    {
        return Err(Problem::new(
            Code::E0906,
            "the rule counts members: use the size-aware computation".to_string(),
        ));
    }
    // Two rows (f and g) as wide as the total weight.
    within_budget(game, 2 * std::mem::size_of::<Count>() as u128)?;
    let total: i128 = game.weights.iter().sum();
    let width =
        usize::try_from(total).map_err(|_| Problem::new(Code::E0906, "the total weight is too large".to_string()))? + 1;
    // Weights are whole, not negative, and at most the total (checked by `game`).
    let weight = |p: usize| {
        debug_assert!((0..=total).contains(&game.weight(p)));
        game.weight(p) as usize
    };
    // A swing needs a coalition below the quota, so the table stops there: no weight
    // at or above the largest swing bound is ever read.
    let limit = (0..n)
        .filter_map(|p| swing_interval(game, p, 0, 0).map(|(_, hi)| hi))
        .max()
        .map_or(0, |hi| usize::try_from(hi.clamp(0, wide(width))).unwrap_or(0));
    let f = weight_table(game, limit);
    let mut out = vec![vec![BigUint::from(0u32); 1]; n];
    let mut g = vec![Count::default(); limit];
    let mut done: BTreeMap<usize, usize> = BTreeMap::new();
    for player in 0..n {
        let wi = weight(player);
        if let Some(&twin) = done.get(&wi) {
            let copy = out.get(twin).cloned().unwrap_or_default();
            if let Some(row) = out.get_mut(player) {
                *row = copy;
            }
            continue;
        }
        done.insert(wi, player);
        let Some((lo, hi)) = swing_interval(game, player, 0, 0) else {
            continue;
        };
        let clamp = |x: i128| usize::try_from(x.clamp(0, wide(limit))).unwrap_or(0);
        let (lo, hi) = (clamp(lo), clamp(hi));
        let mut sum = Count::default();
        for w in 0..hi {
            let mut v = f[w];
            if w >= wi {
                v = v.sub(g[w - wi]);
            }
            g[w] = v;
            if w >= lo {
                sum = sum.add(v);
            }
        }
        if let Some(row) = out.get_mut(player) {
            *row = vec![sum.big()];
        }
    }
    Ok(out)
}

/// The same swings, coalition by coalition (up to 30 players): the cross-check.
pub fn enumerate(game: &Game) -> Result<Swings, Problem> {
    let n = game.n();
    if n > 30 {
        return Err(Problem::new(
            Code::E0906,
            format!("enumeration is limited to 30 members; this body has {n}"),
        ));
    }
    let mut by_size = vec![vec![0u128; n]; n];
    let (mut count, mut weight, mut vetoes) = (0i128, 0i128, 0usize);
    let mut mask: u64 = 0;
    // Gray code: each step adds or removes one player.
    for step in 0u64..(1u64 << n) {
        if step > 0 {
            let bit = step.trailing_zeros() as usize;
            let sign = if mask >> bit & 1 == 1 { -1 } else { 1 };
            mask ^= 1 << bit;
            count += sign;
            weight += sign * game.weight(bit);
            if game.holds_veto(bit) {
                vetoes = if sign > 0 { vetoes + 1 } else { vetoes - 1 };
            }
        }
        if !game.wins(count, weight, vetoes) {
            continue;
        }
        for (i, row) in by_size.iter_mut().enumerate() {
            if mask >> i & 1 == 0 {
                continue;
            }
            let wi = game.weight(i);
            let vi = usize::from(game.holds_veto(i));
            if !game.wins(count - 1, weight - wi, vetoes - vi) {
                if let Some(slot) = row.get_mut(usize::try_from(count - 1).unwrap_or(0)) {
                    *slot += 1;
                }
            }
        }
    }
    Ok(Swings { by_size })
}

/// An index value: the exact fraction, the nearest floating-point number (what
/// JSON and CSV readers compute with), and twelve decimals rounded down (for people).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    pub id: String,
    pub fraction: String,
    pub value: f64,
    #[serde(skip)]
    pub decimal: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PowerReport {
    pub index: &'static str,
    pub body: String,
    pub decision: String,
    pub members: Vec<Value>,
    /// Members every winning coalition needs.
    pub vetoes: Vec<String>,
    /// The fewest members that can block alone, and such coalitions (at most 50 listed).
    pub smallest_blocking_size: Option<usize>,
    pub smallest_blocking_coalitions: Vec<Vec<String>>,
    pub smallest_blocking_count: u128,
    /// The search for blocking coalitions stopped before coalitions of this size
    /// (more than 5,000,000 of them to try) without finding one: the smallest
    /// blocking coalition, if any, is at least this large.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocking_search_stopped_at: Option<usize>,
    /// Coleman's power of the collectivity to act, and each member's power to
    /// prevent and to initiate action.
    pub coleman: Coleman,
    /// Penrose's square-root law and the Jagiellonian compromise (`--penrose`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub penrose: Option<Penrose>,
}

fn factorial(k: usize) -> BigUint {
    (1..=k).fold(BigUint::from(1u32), |acc, i| acc * BigUint::from(i))
}

fn gcd_big(a: &BigUint, b: &BigUint) -> BigUint {
    num_integer::Integer::gcd(a, b)
}

/// `num / den` in lowest terms, its nearest `f64`, and its first twelve decimals.
fn fraction(num: &BigUint, den: &BigUint) -> (String, f64, String) {
    if *den == BigUint::from(0u32) {
        return ("0".to_string(), 0.0, "0.000000000000".to_string());
    }
    let g = gcd_big(num, den);
    let (n, d) = (num / &g, den / &g);
    let decimals = |places: usize| {
        let scaled = (&n * BigUint::from(10u64).pow(u32::try_from(places).unwrap_or(12))) / &d;
        let text = format!("{:0>width$}", scaled.to_string(), width = places + 1);
        let (int, frac) = text.split_at(text.len() - places);
        format!("{int}.{frac}")
    };
    // Twenty decimals are closer than any f64 step at this scale: parsing them
    // gives the float nearest the exact value.
    let value = decimals(20).parse::<f64>().unwrap_or(0.0);
    let fraction = if d == BigUint::from(1u32) {
        n.to_string()
    } else {
        format!("{n}/{d}")
    };
    (fraction, value, decimals(12))
}

/// The normalised index of every player: Banzhaf swings over all swings, or
/// Shapley–Shubik's weighted sum over the orders of entry.
pub fn indices(game: &Game, swings: &Swings, index: Index) -> Vec<Value> {
    let big: Vec<Vec<BigUint>> = swings
        .by_size
        .iter()
        .map(|row| row.iter().map(|c| BigUint::from(*c)).collect())
        .collect();
    indices_big(game, &big, index)
}

/// Indices from swing counts of any size.
pub fn indices_big(game: &Game, by_size: &[Vec<BigUint>], index: Index) -> Vec<Value> {
    let n = game.n();
    let numerators: Vec<BigUint> = by_size
        .iter()
        .map(|row| match index {
            Index::Banzhaf => row.iter().fold(BigUint::from(0u32), |acc, c| acc + c),
            Index::ShapleyShubik => row.iter().enumerate().fold(BigUint::from(0u32), |acc, (s, c)| {
                acc + c * factorial(s) * factorial(n.saturating_sub(s + 1))
            }),
        })
        .collect();
    let denominator = match index {
        Index::Banzhaf => numerators.iter().fold(BigUint::from(0u32), |acc, x| acc + x),
        Index::ShapleyShubik => factorial(n),
    };
    game.players
        .iter()
        .zip(&numerators)
        .map(|(id, num)| {
            let (fraction, value, decimal) = fraction(num, &denominator);
            Value {
                id: id.clone(),
                fraction,
                value,
                decimal,
            }
        })
        .collect()
}

/// The smallest coalitions that can block on their own: their size, up to 50 of
/// them, how many, and the size at which the search stopped (when it did).
fn blocking(game: &Game) -> (Option<usize>, Vec<Vec<String>>, u128, Option<usize>) {
    let n = game.n();
    let total_weight: i128 = game.weights.iter().sum();
    let total_vetoes = game.veto.iter().filter(|v| **v).count();
    let all = wide(n);
    let loses_without = |members: &[usize]| {
        let w: i128 = members.iter().map(|&i| game.weight(i)).sum();
        let v = members.iter().filter(|&&i| game.holds_veto(i)).count();
        let k = wide(members.len());
        !game.wins(all - k, total_weight - w, total_vetoes - v)
    };
    for size in 1..=n {
        if binomial(n, size) > 5_000_000 {
            return (None, Vec::new(), 0, Some(size));
        }
        let mut found = Vec::new();
        let mut count = 0u128;
        let mut combo: Vec<usize> = (0..size).collect();
        loop {
            if loses_without(&combo) {
                count += 1;
                if found.len() < 50 {
                    found.push(combo.iter().filter_map(|&i| game.players.get(i).cloned()).collect());
                }
            }
            if !next_combination(&mut combo, n) {
                break;
            }
        }
        if count > 0 {
            return (Some(size), found, count, None);
        }
    }
    (None, Vec::new(), 0, None)
}

/// The power report of a body's decision.
pub fn power(
    program: &Program,
    body: &str,
    decision: &str,
    facts: &Facts,
    seated: &[String],
    index: Index,
) -> Result<PowerReport, Problem> {
    power_among(program, body, decision, facts, seated, &Absent::default(), index)
}

/// [`power`] with the members `absent` names not voting.
pub fn power_among(
    program: &Program,
    body: &str,
    decision: &str,
    facts: &Facts,
    seated: &[String],
    absent: &Absent,
    index: Index,
) -> Result<PowerReport, Problem> {
    let (g, vetoes) = game_and_vetoes(program, body, decision, facts, seated, absent)?;
    let rows = swing_rows(&g, index)?;
    let members = indices_big(&g, &rows, index);
    let coleman = coleman(&g, &rows)?;
    let (size, coalitions, count, stopped) = blocking(&g);
    Ok(PowerReport {
        index: match index {
            Index::Banzhaf => "banzhaf",
            Index::ShapleyShubik => "shapley-shubik",
        },
        body: body.to_string(),
        decision: decision.to_string(),
        members,
        vetoes,
        smallest_blocking_size: size,
        smallest_blocking_coalitions: coalitions,
        smallest_blocking_count: count,
        blocking_search_stopped_at: stopped,
        coleman,
        penrose: None,
    })
}

/// A Monte-Carlo estimate of the Banzhaf and Shapley-Shubik indices of `body`
/// deciding `decision`, for a game too large to count exactly (`not_exact` says
/// why), from `samples` coalitions and as many orders of the members.
#[expect(
    clippy::too_many_arguments,
    reason = "the question as `power_among` takes it, and the sampling"
)]
pub fn estimate_among(
    program: &Program,
    body: &str,
    decision: &str,
    facts: &Facts,
    seated: &[String],
    absent: &Absent,
    samples: u64,
    not_exact: &str,
) -> Result<estimate::Estimate, Problem> {
    let (g, _) = game_and_vetoes(program, body, decision, facts, seated, absent)?;
    estimate::estimate(&g, body, decision, samples, not_exact)
}

/// Each player's swings, by the size of the coalition it joins (all at size 0
/// where the rule counts no members and only the Banzhaf index is asked for):
/// meeting in the middle up to 40 players, a dynamic programme beyond.
pub fn swing_rows(game: &Game, index: Index) -> Result<Vec<Vec<BigUint>>, Problem> {
    if game.n() <= 40 {
        return Ok(swings(game)?
            .by_size
            .into_iter()
            .map(|row| row.into_iter().map(BigUint::from).collect())
            .collect());
    }
    if index == Index::Banzhaf {
        if let Ok(rows) = banzhaf_by_weight(game) {
            return Ok(rows);
        }
    }
    swings_large(game)
}

/// How power shifts between two versions of a rule over the same members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shift {
    pub index: &'static str,
    pub members: Vec<ShiftRow>,
    /// Coalitions that win under the old rule and lose under the new, and the reverse
    /// (counted coalition by coalition, up to 30 members).
    pub winning_only_before: Option<u128>,
    pub winning_only_after: Option<u128>,
    /// Coleman's measures under the old rule and under the new.
    pub coleman_before: Box<Coleman>,
    pub coleman_after: Box<Coleman>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftRow {
    pub id: String,
    pub before: f64,
    pub after: f64,
    pub change: f64,
    /// The same, as text: twelve decimals, and the change signed to six.
    #[serde(skip)]
    pub text: [String; 3],
}

/// Compares the power of the same members under two games.
pub fn compare(before: &Game, after: &Game, index: Index) -> Result<Shift, Problem> {
    if before.players != after.players {
        return Err(Problem::new(
            Code::E0904,
            "the two rules are not over the same members".to_string(),
        ));
    }
    let (rows_before, rows_after) = (swing_rows(before, index)?, swing_rows(after, index)?);
    let (a, b) = (
        indices_big(before, &rows_before, index),
        indices_big(after, &rows_after, index),
    );
    let members = a
        .iter()
        .zip(&b)
        .map(|(x, y)| ShiftRow {
            id: x.id.clone(),
            before: x.value,
            after: y.value,
            change: y.value - x.value,
            text: [
                x.decimal.clone(),
                y.decimal.clone(),
                format!("{:+.6}", y.value - x.value),
            ],
        })
        .collect();
    let (mut only_before, mut only_after) = (None, None);
    if before.n() <= 30 {
        let (mut ob, mut oa) = (0u128, 0u128);
        let n = before.n();
        // Gray code: each step adds or removes one member, in both games at once.
        let (mut count, mut mask) = (0i128, 0u64);
        let (mut wa, mut wb, mut va, mut vb) = (0i128, 0i128, 0usize, 0usize);
        for step in 0u64..(1u64 << n) {
            if step > 0 {
                let bit = step.trailing_zeros() as usize;
                let sign: i128 = if mask >> bit & 1 == 1 { -1 } else { 1 };
                mask ^= 1 << bit;
                count += sign;
                wa += sign * before.weight(bit);
                wb += sign * after.weight(bit);
                let step_veto = |g: &Game, v: usize| {
                    if !g.holds_veto(bit) {
                        v
                    } else if sign > 0 {
                        v + 1
                    } else {
                        v - 1
                    }
                };
                va = step_veto(before, va);
                vb = step_veto(after, vb);
            }
            let (x, y) = (before.wins(count, wa, va), after.wins(count, wb, vb));
            if x && !y {
                ob += 1;
            }
            if y && !x {
                oa += 1;
            }
        }
        only_before = Some(ob);
        only_after = Some(oa);
    }
    Ok(Shift {
        index: match index {
            Index::Banzhaf => "banzhaf",
            Index::ShapleyShubik => "shapley-shubik",
        },
        members,
        winning_only_before: only_before,
        winning_only_after: only_after,
        coleman_before: Box::new(coleman(before, &rows_before)?),
        coleman_after: Box::new(coleman(after, &rows_after)?),
    })
}

/// Who can block a body's decision: the members whose vote against defeats it
/// alone, and the fewest members that can defeat it together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocking {
    /// Counted from the rule and the figures it weighs.
    Exact {
        vetoes: Vec<String>,
        /// The fewest members that can block (`None`: no coalition can), up to
        /// 50 such coalitions, and how many there are.
        smallest_size: Option<usize>,
        coalitions: Vec<Vec<String>>,
        count: u128,
        /// The search stopped before coalitions of this size (too many to try).
        stopped_at: Option<usize>,
    },
    /// The rule weighs votes by a member fact that was not given: what holds
    /// whatever its figures are.
    Bounded {
        attribute: String,
        /// The members that hold a veto whatever the figures.
        vetoes: Vec<String>,
        /// The members whose veto depends on the figures.
        depends: Vec<String>,
        /// The fewest members that can block: at least this many for some
        /// figures, and this many for any figures (`None`: never).
        at_least: Option<usize>,
        at_most: Option<usize>,
    },
}

/// Who can block `body`'s `decision`. With the figures the rule weighs by (or
/// a rule that weighs none), exactly; without them, what holds whatever they
/// are: the game is the kernel's, judged with the members in favour weighing
/// nothing and weighing everything, the two extremes of every weighted share.
pub fn who_can_block(program: &Program, body: &str, decision: &str, facts: &Facts) -> Result<Blocking, Problem> {
    let (_, rule) = rule_for(program, body, decision)?;
    let weighed = rule.criteria.iter().find_map(|c| match c {
        crate::ir::Criterion::Weight { attribute, .. } => Some(attribute.clone()),
        _ => None,
    });
    match weighed {
        Some(attribute) if facts.is_empty() => bounded(program, body, rule, attribute),
        _ => {
            let (g, vetoes) = game_and_vetoes(program, body, decision, facts, &[], &Absent::default())?;
            let (smallest_size, coalitions, count, stopped_at) = blocking(&g);
            Ok(Blocking::Exact {
                vetoes,
                smallest_size,
                coalitions,
                count,
                stopped_at,
            })
        }
    }
}

/// [`who_can_block`] without the figures of `attribute`.
fn bounded(program: &Program, body: &str, rule: &crate::ir::Rule, attribute: String) -> Result<Blocking, Problem> {
    let Voters::Members(members) = players(program, body, &[], &Facts::new())? else {
        return Err(Problem::new(
            Code::E0906,
            format!(
                "the power of delegations is counted for rules on seats in favour; `{}` also weighs them",
                rule.name
            ),
        ));
    };
    // Every member weighs one unit, at least any weight a criterion asks for
    // outright: the members in favour weighing all (`total`) then meet every
    // weighted criterion that can be met, and weighing nothing (0) none.
    let unit = rule
        .criteria
        .iter()
        .filter_map(|c| match c {
            crate::ir::Criterion::Weight {
                value, share: false, ..
            } if value.den > 0 => Some(value.num.div_euclid(value.den).saturating_add(1)),
            _ => None,
        })
        .fold(1i128, i128::max);
    let attributes: Vec<String> = rule
        .criteria
        .iter()
        .filter_map(|c| match c {
            crate::ir::Criterion::Weight { attribute, .. } => Some(attribute.clone()),
            _ => None,
        })
        .collect();
    let uniform: Facts = members
        .iter()
        .map(|m| {
            let row = attributes
                .iter()
                .map(|a| (a.clone(), Rational::integer(unit)))
                .collect();
            (m.clone(), row)
        })
        .collect();
    let seats = wide(members.len());
    let g = game_of(rule, electorate(program, body, rule, members, &uniform)?, seats)?;
    let n = wide(g.n());
    let total: i128 = g.weights.iter().sum();
    let holders = g.veto.iter().filter(|v| **v).count();
    let (mut vetoes, mut depends) = (Vec::new(), Vec::new());
    for (i, member) in g.players.iter().enumerate() {
        let without = holders - usize::from(g.holds_veto(i));
        if !g.wins(n - 1, total, without) {
            vetoes.push(member.clone());
        } else if !g.wins(n - 1, 0, without) {
            depends.push(member.clone());
        }
    }
    // A blocking coalition does best with every veto holder in it.
    let blocks = |k: usize, weight: i128| !g.wins(n - wide(k), weight, holders - k.min(holders));
    Ok(Blocking::Bounded {
        attribute,
        vetoes,
        depends,
        at_least: (1..=g.n()).find(|k| blocks(*k, 0)),
        at_most: (1..=g.n()).find(|k| blocks(*k, total)),
    })
}
