//! Entry into force on ratification: whether the instruments deposited meet a
//! treaty's condition (`in force thirty days after ratification by 55 members and
//! 55% of emissions`), part by part, on the facts given.
//!
//! A share of a fact is the total over the parties that deposited, out of the
//! total over every party: the Paris Agreement's "55 per cent of the total global
//! greenhouse gas emissions" is read off the parties' own figures. A figure
//! missing for any party leaves the part undecided, never met or unmet by guess.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::ast::number::parse_decimal;
use crate::eval::Context;
use crate::ir::{EntryCondition, EntryPart, Program, Rational};

/// One part of the condition, as the deposits stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartTally {
    /// The part as written: `55 members`, `55% of emissions`, `including USA`.
    pub part: String,
    /// What the deposits amount to: `73 members`, `58.83% of emissions`.
    pub actual: String,
    /// `None`: undecided, with `actual` saying why.
    pub met: Option<bool>,
}

/// Every part of `condition` for the parties in `deposited`, with the facts of
/// `context`; a share of members is of `parties` (the parties as written, for the
/// treaty's own entry into force; the members of the day, for an amendment's:
/// Kyoto Protocol Art. 20(4), "three fourths of the Parties to this Protocol").
/// The instruments of the parties `not counting` names bind them but count towards
/// no number or share (Kyoto Art. 25(4)); they still count for `including`, which asks
/// who ratified, not how many.
pub fn tally(
    program: &Program,
    condition: &EntryCondition,
    deposited: &BTreeSet<&str>,
    parties: usize,
    context: &Context,
) -> Vec<PartTally> {
    let counted: BTreeSet<&str> = deposited
        .iter()
        .copied()
        .filter(|p| !condition.not_counting.iter().any(|n| n == p))
        .collect();
    let not_counted = deposited.len() - counted.len();
    let aside = |actual: String| {
        if not_counted == 0 {
            actual
        } else {
            format!("{actual} ({not_counted} more not counted)")
        }
    };
    condition
        .parts
        .iter()
        .map(|part| match part {
            EntryPart::Count { count } => PartTally {
                part: format!("{count} members"),
                actual: aside(format!("{} members", counted.len())),
                met: Some(u64::try_from(counted.len()).unwrap_or(u64::MAX) >= *count),
            },
            EntryPart::MemberShare { share } => {
                let count = |n: usize| i128::try_from(n).unwrap_or(i128::MAX);
                let actual = Rational::share(count(counted.len()), count(parties));
                PartTally {
                    part: format!("{} of members", shown(*share)),
                    actual: aside(format!("{} of {parties} members", counted.len())),
                    met: actual.map(|a| a.ge(*share)),
                }
            }
            EntryPart::Weight { share, fact } => weight(program, *share, fact, &counted, context),
            EntryPart::Including { states } => {
                let missing: Vec<&str> = states
                    .iter()
                    .map(String::as_str)
                    .filter(|s| !deposited.contains(s))
                    .collect();
                PartTally {
                    part: format!("including {}", states.join(", ")),
                    actual: if missing.is_empty() {
                        "all of them".to_string()
                    } else {
                        format!("not {}", missing.join(", "))
                    },
                    met: Some(missing.is_empty()),
                }
            }
        })
        .collect()
}

/// Met (`Some(true)`), unmet, or undecided, over the parts.
pub fn met(parts: &[PartTally]) -> Option<bool> {
    if parts.iter().any(|p| p.met == Some(false)) {
        Some(false)
    } else if parts.iter().all(|p| p.met == Some(true)) {
        Some(true)
    } else {
        None
    }
}

/// `55%` as written back, `2/3` as a fraction.
fn shown(share: Rational) -> String {
    if share.den != 0 && 10_000 % share.den == 0 {
        format!("{}%", share.percent(2))
    } else {
        share.to_string()
    }
}

fn weight(program: &Program, share: Rational, fact: &str, deposited: &BTreeSet<&str>, context: &Context) -> PartTally {
    let part = format!("{} of {fact}", shown(share));
    let mut total = Rational::integer(0);
    let mut held = Rational::integer(0);
    let mut missing = Vec::new();
    for m in &program.members {
        let value = context
            .members
            .get(&m.id)
            .and_then(|r| r.get(fact))
            .and_then(|v| parse_decimal(v));
        let Some(v) = value else {
            missing.push(m.id.as_str());
            continue;
        };
        total = total.checked_add(v).unwrap_or(total);
        if deposited.contains(m.id.as_str()) {
            held = held.checked_add(v).unwrap_or(held);
        }
    }
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(5).copied().collect();
        let more = if missing.len() > 5 {
            format!(" and {} more", missing.len() - 5)
        } else {
            String::new()
        };
        return PartTally {
            part,
            actual: format!("undecided: `{fact}` is not given for {}{more}", shown.join(", ")),
            met: None,
        };
    }
    match held.checked_div(total) {
        Some(ratio) => PartTally {
            part,
            actual: format!("{}% of {fact}", ratio.percent(2)),
            met: Some(ratio.ge(share)),
        },
        None => PartTally {
            part,
            actual: format!("undecided: the parties' `{fact}` adds up to nothing"),
            met: None,
        },
    }
}
