//! Why a vote failed: the smallest sets of members who, voting in favour
//! instead, would have carried it. Each candidate ballot is decided by `vote`,
//! the same meaning as the vote itself; sets are tried by size, in the body's
//! order of members, so the answer is the same on every run. The search is
//! bounded: past `MAX_BALLOTS` ballots it stops and says at what size.

use serde::Serialize;

use super::{rule_for, vote, voters, Ballot, Facts, Voters};
use crate::diagnostics::Problem;
use crate::ir::Program;

/// The most ballots the search decides before it stops.
pub const MAX_BALLOTS: u64 = 50_000;

/// The most sets listed.
const LISTED: usize = 10;

/// What would have carried a failed vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhyNot {
    /// The fewest members whose votes in favour would have carried it; `None`
    /// when none was found (`stopped_at` says whether the search was whole).
    pub size: Option<usize>,
    /// Such sets, in the body's order of members: at most ten.
    pub sets: Vec<Vec<String>>,
    /// How many sets of that size would carry it.
    pub count: u64,
    /// The search stopped before sets of this size, with more than
    /// `MAX_BALLOTS` ballots to try: no smaller set carries the vote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_at: Option<usize>,
    /// Every member who could vote otherwise voting in favour does not carry
    /// it either: no set would.
    pub none_would: bool,
}

/// For a ballot whose vote fails (the body's vote itself, not a missing step,
/// and not undecided): the smallest sets of members not in favour whose votes in
/// favour would carry it. `None` for a vote that passes or is undecided, and for
/// a body that votes seat by seat (its ballot counts seats, not members).
pub fn why_not(
    program: &Program,
    body: &str,
    decision: &str,
    ballot: &Ballot,
    facts: &Facts,
) -> Result<Option<WhyNot>, Problem> {
    let carries = |b: &Ballot| -> Result<bool, Problem> {
        let o = vote(program, body, decision, b, facts)?;
        Ok(o.vote_passes && o.undecided.is_none())
    };
    let outcome = vote(program, body, decision, ballot, facts)?;
    if outcome.vote_passes || outcome.undecided.is_some() {
        return Ok(None);
    }
    let Voters::Members(members) = voters(program, body, &ballot.seated, facts)? else {
        return Ok(None);
    };
    let (power, _) = rule_for(program, body, decision)?;
    let listed = |list: &[String], m: &String| list.contains(m);
    // Who could have voted in favour: in the base and not in favour already.
    let others: Vec<String> = members
        .into_iter()
        .filter(|m| !listed(&ballot.yes, m) && !listed(&ballot.suspended, m))
        .filter(|m| ballot.participants.as_ref().is_none_or(|p| p.contains(m)))
        .filter(|m| !(power.excluding_concerned && listed(&ballot.concerned, m)))
        .collect();
    let in_favour = |set: &[usize]| -> Ballot {
        let switched: Vec<&String> = set.iter().filter_map(|&i| others.get(i)).collect();
        let mut b = ballot.clone();
        b.yes.extend(switched.iter().map(|m| (*m).clone()));
        b.no.retain(|m| !switched.contains(&m));
        b.abstain.retain(|m| !switched.contains(&m));
        b
    };
    let everyone: Vec<usize> = (0..others.len()).collect();
    let mut tried = 1u64;
    if others.is_empty() || !carries(&in_favour(&everyone))? {
        return Ok(Some(WhyNot {
            size: None,
            sets: Vec::new(),
            count: 0,
            stopped_at: None,
            none_would: true,
        }));
    }
    let n = others.len();
    for size in 1..=n {
        if u128::from(tried).saturating_add(binomial(n, size)) > u128::from(MAX_BALLOTS) {
            return Ok(Some(WhyNot {
                size: None,
                sets: Vec::new(),
                count: 0,
                stopped_at: Some(size),
                none_would: false,
            }));
        }
        let (mut sets, mut count) = (Vec::new(), 0u64);
        let mut combo: Vec<usize> = (0..size).collect();
        loop {
            tried += 1;
            if carries(&in_favour(&combo))? {
                count += 1;
                if sets.len() < LISTED {
                    sets.push(combo.iter().filter_map(|&i| others.get(i).cloned()).collect());
                }
            }
            if !next_combination(&mut combo, n) {
                break;
            }
        }
        if count > 0 {
            return Ok(Some(WhyNot {
                size: Some(size),
                sets,
                count,
                stopped_at: None,
                none_would: false,
            }));
        }
    }
    // Every member in favour carries it (checked above), so a size was found.
    Ok(Some(WhyNot {
        size: None,
        sets: Vec::new(),
        count: 0,
        stopped_at: None,
        none_would: true,
    }))
}

/// C(n, k), saturating (at 2^128, far beyond any count a search tries).
pub(crate) fn binomial(n: usize, k: usize) -> u128 {
    let mut r: u128 = 1;
    for i in 0..k.min(n.saturating_sub(k)) {
        r = r.saturating_mul((n - i) as u128) / (i + 1) as u128;
    }
    r
}

/// The next k-subset of 0..n in lexicographic order; false after the last.
pub(crate) fn next_combination(combo: &mut [usize], n: usize) -> bool {
    let k = combo.len();
    for i in (0..k).rev() {
        let limit = n - k + i;
        if combo.get(i).is_some_and(|&c| c < limit) {
            let base = combo.get(i).copied().unwrap_or(0) + 1;
            for (offset, slot) in combo.iter_mut().skip(i).enumerate() {
                *slot = base + offset;
            }
            return true;
        }
    }
    false
}
