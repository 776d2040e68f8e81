//! The known paradoxes of apportionment, checked for one run: each is found
//! (with the states it hits), not found, or not checked, and then why; none is
//! left out.
//!
//! - Alabama (1880): one seat more in the house costs a state a seat.
//! - New state (Oklahoma, 1907): a state admitted with the seats it gets moves
//!   seats between the others, though their total is unchanged.
//! - Population: a state that grew relatively more than another loses a seat to
//!   it, at the same total (needs the previous populations).
//!
//! Divisor methods cannot show the Alabama or the population paradox (they give
//! seats one by one in order of priority, and a priority moves only with its own
//! state's population); the checks are run for them all the same.

use serde::Serialize;

use super::{apportion, Apportionment, Constraints, Method, Total};
use crate::diagnostics::{Code, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paradox {
    Alabama,
    NewState,
    Population,
}

impl Paradox {
    pub fn name(self) -> &'static str {
        match self {
            Paradox::Alabama => "alabama",
            Paradox::NewState => "new-state",
            Paradox::Population => "population",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "detail")]
pub enum Finding {
    /// Each instance, in words.
    Found(Vec<String>),
    NotFound,
    /// Why it was not checked.
    NotChecked(String),
}

/// One paradox checked for a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub paradox: Paradox,
    pub finding: Finding,
    /// What was compared, and what the method guarantees.
    pub note: String,
}

/// The three checks for `run`, which `apportion(states, method, constraints)`
/// gave; `previous` are the populations of an earlier count, for the population
/// paradox. A `previous` that lists other states is a `Problem`.
pub fn check(
    states: &[(String, u64)],
    method: &Method,
    constraints: &Constraints,
    run: &Apportionment,
    previous: Option<&[(String, u64)]>,
) -> Result<Vec<Check>, Problem> {
    let population = match previous {
        Some(previous) => population(states, method, constraints, run, previous)?,
        None => Check {
            paradox: Paradox::Population,
            finding: Finding::NotChecked("no previous populations were given to compare with".to_string()),
            note: "it compares two counts: give the populations of an earlier one (`--previous CSV`)".to_string(),
        },
    };
    Ok(vec![
        alabama(states, method, constraints, run),
        new_state(states, method, constraints, run),
        population,
    ])
}

fn guarantee(method: &Method, what: &str) -> String {
    if method.is_divisor() {
        format!("; {} is a divisor method, which cannot show it", method.name())
    } else {
        format!("; {what}")
    }
}

fn at(constraints: &Constraints, total: u64) -> Constraints {
    Constraints {
        total: Total::Fixed(total),
        ..*constraints
    }
}

fn alabama(states: &[(String, u64)], method: &Method, constraints: &Constraints, run: &Apportionment) -> Check {
    let more = run.total + 1;
    let note = format!("the seats at {} and at {more}", run.total)
        + &guarantee(method, "the largest remainder can show it (Alabama, 1880)");
    let finding = if run.tie.is_some() {
        Finding::NotChecked(format!("the count at {} ends in a tie", run.total))
    } else {
        match apportion(states, method, &at(constraints, more)) {
            Err(p) => Finding::NotChecked(format!("there is no apportionment of {more} seats: {}", p.message)),
            Ok(bigger) if bigger.tie.is_some() => Finding::NotChecked(format!("the count at {more} ends in a tie")),
            Ok(bigger) => {
                let losers: Vec<String> = run
                    .states
                    .iter()
                    .zip(&bigger.states)
                    .filter(|(a, b)| b.seats < a.seats)
                    .map(|(a, b)| {
                        format!(
                            "`{}` has {} seats of {} and {} of {more}",
                            a.id, a.seats, run.total, b.seats
                        )
                    })
                    .collect();
                if losers.is_empty() {
                    Finding::NotFound
                } else {
                    Finding::Found(losers)
                }
            }
        }
    };
    Check {
        paradox: Paradox::Alabama,
        finding,
        note,
    }
}

fn new_state(states: &[(String, u64)], method: &Method, constraints: &Constraints, run: &Apportionment) -> Check {
    let note = "each state taken in turn as the newcomer: the others counted alone at the total less the newcomer's seats here, against their seats here (Oklahoma entered in 1907 with 5 seats, its quota rounded)".to_string()
        + &guarantee(method, "the largest remainder can show it");
    if run.tie.is_some() {
        return Check {
            paradox: Paradox::NewState,
            finding: Finding::NotChecked(format!("the count at {} ends in a tie", run.total)),
            note,
        };
    }
    if states.len() < 2 {
        return Check {
            paradox: Paradox::NewState,
            finding: Finding::NotChecked(
                "there is one state, and no other for a newcomer to move seats between".to_string(),
            ),
            note,
        };
    }
    let mut found = Vec::new();
    let mut undecided = Vec::new();
    for (j, (newcomer, _)) in states.iter().enumerate() {
        let seats = run.states.get(j).map_or(0, |s| s.seats);
        let others: Vec<(String, u64)> = states
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != j)
            .map(|(_, s)| s.clone())
            .collect();
        let before = match apportion(&others, method, &at(constraints, run.total - seats)) {
            Ok(b) if b.tie.is_none() => b,
            _ => {
                undecided.push(newcomer.clone());
                continue;
            }
        };
        let moved: Vec<String> = before
            .states
            .iter()
            .filter_map(|b| {
                let after = run.seats_of(&b.id)?;
                (after != b.seats).then(|| format!("`{}` {} -> {}", b.id, b.seats, after))
            })
            .collect();
        if !moved.is_empty() {
            found.push(format!(
                "admitting `{newcomer}` with its {seats} seats moves {}",
                moved.join(", ")
            ));
        }
    }
    let finding = match (found.is_empty(), undecided.is_empty()) {
        (false, _) => Finding::Found(found),
        (true, true) => Finding::NotFound,
        (true, false) => Finding::NotChecked(format!(
            "without {} the others' count has no single answer (a tie or bounds no count meets); none of the rest shows it",
            undecided.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ")
        )),
    };
    Check {
        paradox: Paradox::NewState,
        finding,
        note,
    }
}

fn population(
    states: &[(String, u64)],
    method: &Method,
    constraints: &Constraints,
    run: &Apportionment,
    previous: &[(String, u64)],
) -> Result<Check, Problem> {
    // The earlier populations, in this run's order; the same states or nothing.
    let mut earlier = Vec::with_capacity(states.len());
    for (id, _) in states {
        let Some((_, p)) = previous.iter().find(|(i, _)| i == id) else {
            return Err(
                Problem::new(Code::E1101, format!("the previous populations have no row for `{id}`"))
                    .about(id.clone())
                    .with_help("the population paradox compares the same states at two counts"),
            );
        };
        earlier.push((id.clone(), *p));
    }
    if let Some((id, _)) = previous.iter().find(|(i, _)| !states.iter().any(|(s, _)| s == i)) {
        return Err(
            Problem::new(Code::E1101, format!("`{id}` is in the previous populations only"))
                .about(id.clone())
                .with_help("the population paradox compares the same states at two counts"),
        );
    }
    let note = format!("the seats at {} on the previous populations and on these", run.total)
        + &guarantee(method, "the largest remainder can show it");
    let before = match apportion(&earlier, method, &at(constraints, run.total)) {
        Err(p) => {
            return Ok(Check {
                paradox: Paradox::Population,
                finding: Finding::NotChecked(format!("the previous populations have no apportionment: {}", p.message)),
                note,
            })
        }
        Ok(b) => b,
    };
    if run.tie.is_some() || before.tie.is_some() {
        return Ok(Check {
            paradox: Paradox::Population,
            finding: Finding::NotChecked("one of the two counts ends in a tie".to_string()),
            note,
        });
    }
    let mut found = Vec::new();
    for (a_now, a_then) in run.states.iter().zip(&before.states) {
        if a_now.seats >= a_then.seats || a_then.population == 0 {
            continue;
        }
        for (b_now, b_then) in run.states.iter().zip(&before.states) {
            if b_now.seats <= b_then.seats || b_then.population == 0 {
                continue;
            }
            // a grew relatively more: a_now / a_then > b_now / b_then.
            let left = u128::from(a_now.population) * u128::from(b_then.population);
            let right = u128::from(b_now.population) * u128::from(a_then.population);
            if left > right {
                found.push(format!(
                    "`{}` grew {} and lost a seat ({} -> {}) while `{}` grew {} and gained one ({} -> {})",
                    a_now.id,
                    growth(a_then.population, a_now.population),
                    a_then.seats,
                    a_now.seats,
                    b_now.id,
                    growth(b_then.population, b_now.population),
                    b_then.seats,
                    b_now.seats
                ));
            }
        }
    }
    Ok(Check {
        paradox: Paradox::Population,
        finding: if found.is_empty() {
            Finding::NotFound
        } else {
            Finding::Found(found)
        },
        note,
    })
}

/// `then -> now` as a signed percentage to two places (truncated toward zero).
fn growth(then: u64, now: u64) -> String {
    let (then, now) = (i128::from(then), i128::from(now));
    let basis = (now - then) * 10_000 / then.max(1);
    let sign = if now < then { "-" } else { "+" };
    let basis = basis.unsigned_abs();
    format!("{sign}{}.{:02}%", basis / 100, basis % 100)
}
