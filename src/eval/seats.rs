//! Who casts a body's votes: the member states (one vote each, all of them or
//! the ones holding its seats), or seats of its own (delegations of the members,
//! or persons).
//!
//! A body whose seats are a table of delegations (the European Parliament's 720
//! seats, `DEU 96, ...`) votes seat by seat: a delegation may split. Its ballot
//! names a whole delegation (`DEU`), part of one (`DEU:90`), or a number of seats
//! not attributed to any (`448`); a body of persons (`seats: 15 appointed by
//! Council`) takes numbers only. Seats the ballot does not give are absent.

use std::collections::BTreeSet;

use crate::diagnostics::{Code, Problem};
use crate::ir::{FixedSeats, Program, Seats};
use crate::voting::Position;

use super::{body_named, unknown, Ballot, Facts};

/// A body's voters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voters {
    /// Member states with one vote each: all the members, or those holding the
    /// body's seats (its permanent seats and the members seated in the others).
    Members(Vec<String>),
    /// Seats: one delegation per member of a seat table, or one group of persons.
    Seats(Vec<Delegation>),
}

/// A group of seats: a member's delegation, or (with no member) seats held by persons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegation {
    pub member: Option<String>,
    pub seats: u64,
}

/// The most seats a vote is evaluated over, seat by seat (the largest assemblies
/// have about three thousand).
const MAX_SEATS: u64 = 100_000;

impl Voters {
    /// What `all` stands for in a ballot: every member, every delegation, or
    /// every seat of a body of persons.
    pub fn everyone(&self) -> Vec<String> {
        match self {
            Voters::Members(m) => m.clone(),
            Voters::Seats(d) => d
                .iter()
                .map(|d| d.member.clone().unwrap_or_else(|| d.seats.to_string()))
                .collect(),
        }
    }
}

/// The voters of `body`. `seated` names the members holding its elected seats,
/// when its seats are fewer than the members.
pub fn voters(program: &Program, body: &str, seated: &[String], facts: &Facts) -> Result<Voters, Problem> {
    match seating(program, body, seated, facts)? {
        Seating::Known(v) => Ok(v),
        Seating::Unseated { seats, elected, members, .. } => Err(Problem::new(
            Code::E0904,
            format!("`{body}` has {seats} seats among {members} members: who holds its {elected} elected seats is not known"),
        )
        .with_help(format!(
            "name the members seated in them: `--seated A,B,...` ({elected} members; in a scenario, `seated A, B, ...`)"
        ))),
    }
}

/// Who sits in a body: known, or (for a body of permanent and elected seats
/// whose elected holders are not named) its permanent members and the number of
/// its elected seats.
enum Seating {
    Known(Voters),
    Unseated {
        permanent: Vec<String>,
        seats: u64,
        elected: u64,
        members: usize,
    },
}

fn seating(program: &Program, body: &str, seated: &[String], facts: &Facts) -> Result<Seating, Problem> {
    let b = body_named(program, body)?;
    let members: Vec<String> = if program.members.is_empty() {
        facts.keys().cloned().collect()
    } else {
        program.members.iter().map(|m| m.id.clone()).collect()
    };
    if let Some(rule) = &b.seat_rule {
        refuse_seated(
            body,
            seated,
            "its seats are delegations of the members, apportioned by its rule",
        )?;
        let delegations = rule_delegations(program, body, rule, facts)?;
        return within_limit(body, delegations).map(Seating::Known);
    }
    let seats = match &b.seats {
        Some(Seats::Table(shares)) => {
            refuse_seated(body, seated, "its seats are delegations of every member")?;
            let delegations: Vec<Delegation> = shares
                .iter()
                .map(|s| Delegation {
                    member: Some(s.member.clone()),
                    seats: s.seats,
                })
                .collect();
            return within_limit(body, delegations).map(Seating::Known);
        }
        Some(Seats::Fixed(n)) => *n,
        Some(Seats::OnePerMember) | None => {
            refuse_seated(body, seated, "every member holds a seat")?;
            if members.is_empty() {
                return Err(Problem::new(
                    Code::E0904,
                    format!("`{body}` has a seat for each member state, and no member states are known"),
                )
                .with_help(format!(
                    "list the member states in `parties {{ ... }}`, or give a facts file with a row for each (`--facts FILE`); if `{body}` is a court or a panel of a fixed number of persons, write its seats as a number (`seats: 15`)"
                )));
            }
            return Ok(Seating::Known(Voters::Members(members)));
        }
    };
    let member_seats = !b.permanent_seats.is_empty() || b.elected_seats.is_some();
    // The members known here: the parties, else the facts' rows (none: persons vote).
    let known = Some(u64::try_from(members.len()).unwrap_or(u64::MAX));
    match crate::ir::fixed_seats(seats, b.seat_origin.is_some(), member_seats, known) {
        FixedSeats::AllMembers if seated.is_empty() || !member_seats => {
            refuse_seated(body, seated, "every member holds a seat")?;
            return Ok(Seating::Known(Voters::Members(members)));
        }
        // Every member seated, and elected seats besides: the holders named are checked.
        FixedSeats::AllMembers => {}
        FixedSeats::Persons => {
            refuse_seated(body, seated, "its seats are held by persons")?;
            return within_limit(body, vec![Delegation { member: None, seats }]).map(Seating::Known);
        }
        FixedSeats::SomeMembers => {}
    }
    let elected = seats.saturating_sub(u64::try_from(b.permanent_seats.len()).unwrap_or(u64::MAX));
    if seated.is_empty() {
        let mut permanent = b.permanent_seats.clone();
        permanent.sort_by_key(|h| members.iter().position(|m| m == h));
        return Ok(Seating::Unseated {
            permanent,
            seats,
            elected,
            members: members.len(),
        });
    }
    let member_set: BTreeSet<&str> = members.iter().map(String::as_str).collect();
    let mut holders: Vec<String> = b.permanent_seats.clone();
    for m in seated {
        if !member_set.is_empty() && !member_set.contains(m.as_str()) {
            return Err(unknown("member", "the members", m, members.iter().map(String::as_str)));
        }
        if b.permanent_seats.contains(m) {
            return Err(Problem::new(
                Code::E0903,
                format!("`{m}` holds a permanent seat in `{body}`; it is not seated by election"),
            )
            .about(m)
            .with_help("`--seated` names the holders of the elected seats only"));
        }
        if holders.contains(m) {
            return Err(Problem::new(Code::E0903, format!("`{m}` is seated twice")).about(m));
        }
        holders.push(m.clone());
    }
    // In the members' order, as for every other body.
    holders.sort_by_key(|h| members.iter().position(|m| m == h));
    if u64::try_from(holders.len()).ok() != Some(seats) {
        return Err(Problem::new(
            Code::E0903,
            format!(
                "`{body}` has {elected} elected seats, and {} members are seated in them",
                seated.len()
            ),
        )
        .with_help(format!("name exactly {elected} members with `--seated`")));
    }
    Ok(Seating::Known(Voters::Members(holders)))
}

/// The players of a body's power: its voters, except that the elected seats of
/// a body whose holders are not named are players of their own (`elected seat
/// 1`, ...): power over a rule that weighs no member fact does not depend on who
/// holds them.
pub fn players(program: &Program, body: &str, seated: &[String], facts: &Facts) -> Result<Voters, Problem> {
    Ok(match seating(program, body, seated, facts)? {
        Seating::Known(v) => v,
        Seating::Unseated {
            mut permanent, elected, ..
        } => {
            permanent.extend((1..=elected).map(|k| format!("elected seat {k}")));
            Voters::Members(permanent)
        }
    })
}

/// The seats `rule` of `body` gives on the facts (`method`, when given, in place
/// of the rule's own, for comparison): among every state with a row, the
/// program's members each needing one.
pub fn by_rule(
    program: &Program,
    body: &str,
    rule: &crate::ir::SeatRule,
    facts: &Facts,
    method: Option<crate::apportion::Method>,
) -> Result<crate::apportion::Apportionment, Problem> {
    if facts.is_empty() {
        return Err(Problem::new(
            Code::E0904,
            format!(
                "the seats of `{body}` are apportioned by `{}`, and no facts are given",
                rule.fact
            ),
        )
        .about(body)
        .with_help(format!(
            "give each member's `{}` (`--facts FILE`; in a scenario, `facts \"FILE\"`)",
            rule.fact
        )));
    }
    let mut rows = Vec::with_capacity(facts.len());
    for (id, values) in facts {
        let whole = values
            .get(&rule.fact)
            .and_then(|v| (v.den == 1).then_some(v.num))
            .and_then(|n| u64::try_from(n).ok());
        let Some(n) = whole else {
            return Err(Problem::new(
                Code::E0904,
                format!("`{id}` has no whole `{}` for the seats of `{body}`", rule.fact),
            )
            .about(id.clone())
            .with_help(format!("give `{id}` its `{}` as a whole number of people", rule.fact)));
        };
        rows.push((id.clone(), n));
    }
    let (own, constraints) = crate::apportion::of_rule(rule)?;
    let members: Vec<&str> = program.members.iter().map(|m| m.id.as_str()).collect();
    let states = crate::apportion::rule_states(&members, rows)?;
    crate::apportion::apportion(&states, &method.unwrap_or(own), &constraints)
}

/// The delegations a body's rule gives, refused when a tie leaves seats to no
/// one state.
fn rule_delegations(
    program: &Program,
    body: &str,
    rule: &crate::ir::SeatRule,
    facts: &Facts,
) -> Result<Vec<Delegation>, Problem> {
    let run = by_rule(program, body, rule, facts, None)?;
    if let Some(tie) = &run.tie {
        return Err(Problem::new(
            Code::E1101,
            format!(
                "the seats of `{body}` are not decided: {} at one claim among {}",
                tie.seats,
                tie.states.join(", ")
            ),
        )
        .about(body)
        .with_help("the rule's arithmetic gives the last seats to no one state: see `treatyc apportion` for the tie"));
    }
    Ok(run
        .states
        .into_iter()
        .filter(|s| s.seats > 0)
        .map(|s| Delegation {
            member: Some(s.id),
            seats: s.seats,
        })
        .collect())
}

fn refuse_seated(body: &str, seated: &[String], why: &str) -> Result<(), Problem> {
    match seated.first() {
        None => Ok(()),
        Some(m) => Err(Problem::new(
            Code::E0903,
            format!("`{body}` has no elected seats to seat `{m}` in: {why}"),
        )
        .about(m)
        .with_help("leave out `--seated`: it names the holders of a body's elected seats (`elected seats: 10 ...`)")),
    }
}

fn within_limit(body: &str, delegations: Vec<Delegation>) -> Result<Voters, Problem> {
    let total: u64 = delegations.iter().map(|d| d.seats).fold(0, u64::saturating_add);
    if total > MAX_SEATS {
        return Err(Problem::new(
            Code::E0906,
            format!("`{body}` has {total} seats; a vote is evaluated over at most {MAX_SEATS}"),
        ));
    }
    Ok(Voters::Seats(delegations))
}

/// One entry of a seat ballot.
enum Entry<'a> {
    /// A whole delegation: `DEU`.
    Whole(&'a str),
    /// Part of a delegation: `DEU:90`.
    Part(&'a str, u64),
    /// Seats not attributed to a delegation: `448`.
    Count(u64),
}

fn entry(s: &str) -> Result<Entry<'_>, Problem> {
    let number = |t: &str| {
        t.replace('_', "").parse::<u64>().map_err(|_| {
            Problem::new(Code::E0903, format!("`{s}` is not a number of seats"))
                .about(s)
                .with_help("give a whole number of votes (`448`), a delegation (`DEU`), or part of one (`DEU:90`)")
        })
    };
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(Entry::Count(number(s)?));
    }
    match s.split_once(':') {
        Some((member, n)) => Ok(Entry::Part(member, number(n)?)),
        None => Ok(Entry::Whole(s)),
    }
}

/// The labels and positions of every seat of a body of seats, from a ballot
/// that gives delegations and numbers of seats.
pub(super) fn positions(
    body: &str,
    delegations: &[Delegation],
    ballot: &Ballot,
) -> Result<(Vec<String>, Vec<Option<Position>>), Problem> {
    let persons = delegations.iter().all(|d| d.member.is_none());
    for (list, flag) in [
        (&ballot.concerned, "a member concerned"),
        (&ballot.suspended, "a suspended member"),
        (ballot.participants.as_ref().unwrap_or(&Vec::new()), "participants"),
    ] {
        if let Some(m) = list.first() {
            return Err(Problem::new(
                Code::E0903,
                format!("`{body}` votes seat by seat: {flag} (`{m}`) cannot be set apart in it"),
            )
            .about(m)
            .with_help("give the seats' votes with `--yes`, `--no` and `--abstain`; the seats not given are absent"));
        }
    }
    let order = [Position::Yes, Position::No, Position::Abstain];
    // Per delegation, the seats voting each way; and the seats not attributed.
    let mut given = vec![[0u64; 3]; delegations.len()];
    // The ballot's entry naming each delegation, to point at.
    let mut named: Vec<Option<&str>> = vec![None; delegations.len()];
    let mut anonymous = [0u64; 3];
    for (way, list) in [&ballot.yes, &ballot.no, &ballot.abstain].into_iter().enumerate() {
        for s in list {
            let (member, n) = match entry(s)? {
                Entry::Count(n) => {
                    if let Some(slot) = anonymous.get_mut(way) {
                        *slot = slot.saturating_add(n);
                    }
                    continue;
                }
                Entry::Whole(m) => (m, None),
                Entry::Part(m, n) => (m, Some(n)),
            };
            if persons {
                return Err(Problem::new(
                    Code::E0903,
                    format!("the seats of `{body}` are held by persons, not by `{member}`"),
                )
                .about(s)
                .with_help("give numbers of votes: `--yes 448 --no 197 --abstain 48`"));
            }
            let Some(i) = delegations.iter().position(|d| d.member.as_deref() == Some(member)) else {
                return Err(unknown(
                    "delegation",
                    &format!("the delegations of `{body}`"),
                    member,
                    delegations.iter().filter_map(|d| d.member.as_deref()),
                ));
            };
            let seats = delegations.get(i).map_or(0, |d| d.seats);
            if let Some(slot) = named.get_mut(i) {
                *slot = Some(s.as_str());
            }
            if let Some(slot) = given.get_mut(i).and_then(|g| g.get_mut(way)) {
                *slot = slot.saturating_add(n.unwrap_or(seats));
            }
        }
    }
    let mut labels = Vec::new();
    let mut positions: Vec<Option<Position>> = Vec::new();
    let mut open = 0u64;
    for ((d, g), entry) in delegations.iter().zip(&given).zip(&named) {
        let votes: u64 = g.iter().fold(0, |a, b| a.saturating_add(*b));
        let label = d.member.clone().unwrap_or_else(|| "seat".to_string());
        if votes > d.seats {
            return Err(Problem::new(
                Code::E0903,
                format!(
                    "`{label}` has {} seats in `{body}`, and the ballot gives it {votes} votes",
                    d.seats
                ),
            )
            .about(entry.unwrap_or(&label))
            .with_help("give each delegation at most its seats, once (`DEU:90` in one list, `DEU:6` in another)"));
        }
        for (way, n) in order.iter().zip(g) {
            for _ in 0..*n {
                labels.push(label.clone());
                positions.push(Some(*way));
            }
        }
        for _ in votes..d.seats {
            labels.push(label.clone());
            positions.push(None);
            open += 1;
        }
    }
    let unattributed: u64 = anonymous.iter().fold(0, |a, b| a.saturating_add(*b));
    if unattributed > open {
        let total: u64 = delegations.iter().map(|d| d.seats).sum();
        return Err(Problem::new(
            Code::E0903,
            format!(
                "the ballot gives {} votes; `{body}` has {total} seats",
                total - open + unattributed
            ),
        )
        .with_help("the votes in favour, against and abstaining add up to at most the seats"));
    }
    // The unattributed votes fill the seats no delegation entry gave, in order.
    let mut fill = order
        .iter()
        .zip(anonymous)
        .flat_map(|(way, n)| std::iter::repeat_n(*way, usize::try_from(n).unwrap_or(usize::MAX)));
    for p in positions.iter_mut().filter(|p| p.is_none()) {
        *p = Some(fill.next().unwrap_or(Position::Absent));
    }
    Ok((labels, positions))
}
