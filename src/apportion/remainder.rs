//! The largest remainder (Hamilton/Hare): each state its quota's whole part, the
//! seats left to the largest remainders, compared exactly (one round's quotas
//! share a denominator, so remainders compare by their numerators).
//!
//! Bounds are applied a round at a time: states whose share falls below the
//! minimum are given it and leave the count, then states above the maximum are
//! held to it and leave; the others are counted again over the seats and the
//! population that remain, until no state is out of bounds.

use super::{blank, Award, Bounds, Claim, Counted, Tie};

pub(super) fn count(states: &[(String, u64)], total: u64, bounds: Bounds) -> Counted {
    let mut fixed: Vec<Option<u64>> = vec![None; states.len()];
    loop {
        let round = share(states, &fixed, total);
        let below: Vec<usize> = round
            .seats
            .iter()
            .enumerate()
            .filter(|(i, s)| fixed.get(*i).is_some_and(Option::is_none) && **s < bounds.floor)
            .map(|(i, _)| i)
            .collect();
        let above: Vec<usize> = round
            .seats
            .iter()
            .enumerate()
            .filter(|(i, s)| fixed.get(*i).is_some_and(Option::is_none) && bounds.max.is_some_and(|m| **s > m))
            .map(|(i, _)| i)
            .collect();
        let (out_of_bounds, held) = if below.is_empty() {
            (above, bounds.max.unwrap_or(0))
        } else {
            (below, bounds.floor)
        };
        if out_of_bounds.is_empty() {
            return finish(states, round, bounds);
        }
        for i in out_of_bounds {
            if let Some(f) = fixed.get_mut(i) {
                *f = Some(held);
            }
        }
    }
}

/// One round: the seats of every state, and at the margin the remainders of the
/// states counted.
struct Round {
    seats: Vec<u64>,
    /// `(state, remainder numerator, given the extra seat)` of each state counted.
    remainders: Vec<(usize, u128, bool)>,
    denominator: u128,
}

fn share(states: &[(String, u64)], fixed: &[Option<u64>], total: u64) -> Round {
    let held: u64 = fixed.iter().flatten().sum();
    let seats_left = u128::from(total.saturating_sub(held));
    let population: u128 = states
        .iter()
        .zip(fixed)
        .filter(|(_, f)| f.is_none())
        .map(|((_, p), _)| u128::from(*p))
        .sum();
    let mut seats: Vec<u64> = fixed.iter().map(|f| f.unwrap_or(0)).collect();
    let mut remainders = Vec::new();
    let mut given: u128 = 0;
    for (i, ((_, p), f)) in states.iter().zip(fixed).enumerate() {
        if f.is_some() {
            continue;
        }
        // population <= 2^64 states * 2^64 and seats <= a million: in 128 bits
        // for any table of fewer than 2^44 states.
        let q = u128::from(*p) * seats_left;
        let whole = q.checked_div(population).unwrap_or(0);
        let rest = q.checked_rem(population).unwrap_or(0);
        given += whole;
        if let Some(s) = seats.get_mut(i) {
            *s = u64::try_from(whole).unwrap_or(u64::MAX);
        }
        remainders.push((i, rest, false));
    }
    // Largest remainders first; equal ones by row only for a stable count (a tie
    // at the margin is found in `finish`).
    remainders.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let extra = usize::try_from(seats_left.saturating_sub(given)).unwrap_or(usize::MAX);
    for r in remainders.iter_mut().take(extra) {
        r.2 = true;
        if let Some(s) = seats.get_mut(r.0) {
            *s += 1;
        }
    }
    Round {
        seats,
        remainders,
        denominator: population.max(1),
    }
}

fn finish(states: &[(String, u64)], mut round: Round, bounds: Bounds) -> Counted {
    let id = |i: usize| states.get(i).map(|s| s.0.clone()).unwrap_or_default();
    let seat_of = |seats: &[u64], i: usize| seats.get(i).copied().unwrap_or(0);
    let den = round.denominator;
    let last = round.remainders.iter().rev().find(|r| r.2).copied();
    // A state at the maximum cannot take the next seat.
    let next = round
        .remainders
        .iter()
        .find(|r| !r.2 && !bounds.full(seat_of(&round.seats, r.0)))
        .copied();
    let award = |(i, num, _): (usize, u128, bool), seat: u64| Award {
        state: id(i),
        seat,
        claim: Claim::Remainder { num, den },
    };
    let last_award = last.map(|r| award(r, seat_of(&round.seats, r.0)));
    let next_award = next.map(|r| award(r, seat_of(&round.seats, r.0) + 1));
    let mut tie = None;
    if let (Some(l), Some(n)) = (last, next) {
        if l.1 == n.1 {
            let at = |r: &&(usize, u128, bool)| r.1 == l.1;
            let given: Vec<usize> = round
                .remainders
                .iter()
                .filter(at)
                .filter(|r| r.2)
                .map(|r| r.0)
                .collect();
            let mut tied: Vec<usize> = round.remainders.iter().filter(at).map(|r| r.0).collect();
            tied.sort_unstable();
            for i in &given {
                if let Some(s) = round.seats.get_mut(*i) {
                    *s -= 1;
                }
            }
            tie = Some(Tie {
                states: tied.into_iter().map(id).collect(),
                seats: given.len() as u64,
                claim: Claim::Remainder { num: l.1, den }.decimal(),
            });
        }
    }
    let out = states
        .iter()
        .zip(&round.seats)
        .map(|((i, p), s)| blank(i, *p, *s, bounds))
        .collect();
    (out, last_award, next_award, tie)
}
