//! Evaluating the compiled rules against facts: does this vote pass?
//!
//! Imports only the IR, so that it could become a small runtime of its own. Every
//! answer comes with the checks that decided it, each with what was required and
//! what the vote gave. Inputs that do not fit (an unknown member, a member listed
//! twice, a missing fact) are errors, never a wrong answer printed as if valid.

mod procedure;
mod questions;
mod seats;
mod whynot;

use crate::diagnostics::{Code, Problem};
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ir::{Cmp, Program, Rational};
use crate::voting::{self, Electorate, Position};

pub use crate::voting::{Check, Tally};

pub use procedure::{procedure, ProcedureState, Standing, Taken};
pub use questions::{
    comply, condition, eligible, stage, Compliance, Context, Eligibility, Finding, Records, StageReport,
};
pub use seats::{players, voters, Delegation, Voters};
pub(crate) use whynot::{binomial, next_combination};
pub use whynot::{why_not, WhyNot, MAX_BALLOTS};

/// Member facts: member id -> attribute -> value.
pub type Facts = BTreeMap<String, BTreeMap<String, Rational>>;

/// How the members voted. Members not listed are absent.
#[derive(Debug, Clone, Default)]
pub struct Ballot {
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub abstain: Vec<String>,
    /// When not all members take part, the thresholds are computed over these
    /// (TFEU Art. 238(3)).
    pub participants: Option<Vec<String>>,
    /// The members a decision concerns (a dispute may have two parties): they do
    /// not vote and leave the base.
    pub concerned: Vec<String>,
    /// Members whose voting rights are suspended: they do not vote and leave the base.
    pub suspended: Vec<String>,
    /// The members holding a body's elected seats (the Security Council's ten),
    /// when the body's seats are fewer than the members.
    pub seated: Vec<String>,
    /// The procedure's other steps, as far as they have been taken.
    pub steps: Steps,
    /// When the question was put and when it is asked, for a rule that moves on
    /// to its fallback after a period (`failing which RULE after six months`).
    pub time: Clock,
    /// The chair has declared that efforts at consensus are exhausted (`failing
    /// which RULE if efforts are exhausted`, UNFCCC Art. 15(3)).
    pub exhausted: bool,
    /// A member contests that the question belongs to the decision: a power's
    /// `classified by RULE` is put to the vote first (the double veto).
    pub contested: bool,
    /// Members the body has permitted to vote though a fact would take their
    /// vote away (`unless permitted by`, UN Charter Art. 19).
    pub permitted: Vec<String>,
}

/// The days a question's periods are counted between.
#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    /// The day the question was put, or the step under way began.
    pub since: Option<crate::time::Date>,
    /// The day the question is asked.
    pub today: Option<crate::time::Date>,
}

impl Clock {
    /// Whether the period from `since` has run by `today`: `None` when either
    /// day is not given, so that a period is never assumed to have run, or not.
    pub fn has_run(&self, period: crate::ir::Length) -> Option<(bool, crate::time::Date)> {
        let end = self.since?.after(period)?;
        Some((self.today? > end, end))
    }
}

/// What has happened besides the vote: the proposal, the co-deciders' adoption,
/// authorisations and ratifications. A step the power requires and that is not
/// here has not been taken.
#[derive(Debug, Clone, Default)]
pub struct Steps {
    /// The body that made the proposal.
    pub proposed_by: Option<String>,
    /// Co-deciding bodies that have adopted the act.
    pub adopted_by: Vec<String>,
    /// Bodies that have authorised the decision.
    pub authorised: Vec<String>,
    /// Members that have ratified.
    pub ratified: Vec<String>,
    /// The member concerned has agreed (`in agreement with the member concerned`).
    pub concerned_agrees: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoteOutcome {
    /// The decision is adopted: the vote passes and every step the power
    /// requires besides it (proposal, co-decision, authorisation, ratification) is taken.
    pub passes: bool,
    /// The body's vote alone passes.
    pub vote_passes: bool,
    pub body: String,
    pub decision: String,
    pub rule: String,
    /// The rule the outcome was decided under: `rule`, or the fallback the vote
    /// moved on to (`failing which RULE`).
    pub decided_under: String,
    /// What cannot be decided: a fallback that would pass, whose period may or
    /// may not have run because the days are not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undecided: Option<String>,
    pub tally: Tally,
    /// The criteria of `decided_under`.
    pub checks: Vec<Check>,
    /// For a rule with a fallback: each rule the question went to, in order,
    /// met or not, and why the vote moved on or stopped.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<Check>,
    /// The steps the power requires besides the vote, each met or still missing.
    pub steps: Vec<Check>,
    /// For a vote that fails: the smallest sets of members whose votes in
    /// favour would have carried it (`why_not`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_not: Option<WhyNot>,
}

/// The seats `body`'s own rule gives on the facts (`treatyc apportion TREATY
/// --body B`), under `method` instead of the rule's when given: the rule, and
/// the count.
pub fn seats_by_rule(
    program: &Program,
    body: &str,
    facts: &Facts,
    method: Option<crate::apportion::Method>,
) -> Result<(crate::ir::SeatRule, crate::apportion::Apportionment), Problem> {
    let b = body_named(program, body)?;
    let Some(rule) = &b.seat_rule else {
        return Err(Problem::new(Code::E0910, format!("`{body}` has no rule apportioning its seats"))
            .about(body)
            .with_help(format!(
                "give `{body}` a rule (`seats apportioned by huntington_hill of population, total 435`), or apportion without the treaty: `--method M --seats N`"
            )));
    };
    let run = seats::by_rule(program, body, rule, facts, method)?;
    Ok((rule.clone(), run))
}

/// The body a question names (E0902 when the treaty has none of that name).
fn body_named<'p>(program: &'p Program, body: &str) -> Result<&'p crate::ir::Body, Problem> {
    program.body(body).ok_or_else(|| {
        unknown(
            "body",
            "the bodies",
            body,
            program.bodies.iter().map(|b| b.name.as_str()),
        )
    })
}

/// E0902: a name the question gives that the treaty does not have, with the
/// closest name it does have and the list of them. `whats` says the list in
/// words ("the decisions of `Council`").
fn unknown<'a>(what: &str, whats: &str, name: &str, known: impl Iterator<Item = &'a str> + Clone) -> Problem {
    let list: Vec<String> = known.clone().map(|k| format!("`{k}`")).collect();
    let listed = if list.is_empty() {
        format!("there are no {whats}")
    } else {
        format!("{whats} are {}", list.join(", "))
    };
    let help = match crate::suggest::closest(name, known) {
        Some(s) => format!("did you mean `{s}`? {listed}"),
        None => listed,
    };
    Problem::new(Code::E0902, format!("there is no {what} `{name}`"))
        .about(name)
        .with_help(help)
}

/// The rule a body decides a decision by.
pub fn rule_for<'p>(
    program: &'p Program,
    body: &str,
    decision: &str,
) -> Result<(&'p crate::ir::Power, &'p crate::ir::Rule), Problem> {
    let b = body_named(program, body)?;
    let power = b.power(decision).ok_or_else(|| {
        unknown(
            "decision",
            &format!("the decisions of `{body}`"),
            decision,
            b.powers.iter().map(|p| p.decision.as_str()),
        )
    })?;
    let rule = program
        .rule(&power.rule)
        .ok_or_else(|| Problem::new(Code::E0902, format!("the rule `{}` is not in the program", power.rule)))?;
    Ok((power, rule))
}

/// The program in which `body` decides `decision` under the rule that a
/// proposal from `proposer` calls for: with `otherwise by RULE` (TFEU 238(2)),
/// any proposer but the named ones brings in the other rule. What is computed
/// on a decision's rule alone (`power`) is then computed on the right one.
pub fn as_proposed_by(program: &Program, body: &str, decision: &str, proposer: &str) -> Result<Program, Problem> {
    let (power, _) = rule_for(program, body, decision)?;
    if program.body(proposer).is_none() && !program.members.iter().any(|m| m.id == proposer) {
        return Err(unknown(
            "body or member",
            "the bodies",
            proposer,
            program.bodies.iter().map(|b| b.name.as_str()),
        ));
    }
    let mut out = program.clone();
    let Some(other) = &power.requires.otherwise_by else {
        return Ok(out);
    };
    if power.requires.on_proposal_from.iter().any(|p| p == proposer) {
        return Ok(out);
    }
    for b in out.bodies.iter_mut().filter(|b| b.name == body) {
        for p in b.powers.iter_mut().filter(|p| p.decision == decision) {
            p.rule = other.clone();
            p.requires.otherwise_by = None;
        }
    }
    Ok(out)
}

/// The electorate of a body's vote under `rule`, weighed by the facts.
pub fn electorate(
    program: &Program,
    body: &str,
    rule: &crate::ir::Rule,
    members: Vec<String>,
    facts: &Facts,
) -> Result<Electorate, Problem> {
    let permanent = &body_named(program, body)?.permanent_seats;
    // No facts at all: the rule's weight was never given, which is a missing
    // input, not a member the facts forgot.
    if facts.is_empty() {
        if let Some(attribute) = rule.criteria.iter().find_map(|c| match c {
            crate::ir::Criterion::Weight { attribute, .. } => Some(attribute),
            _ => None,
        }) {
            return Err(Problem::new(
                Code::E0905,
                format!(
                    "no member facts were given, and `{}` weighs votes by `{attribute}`",
                    rule.name
                ),
            )
            .with_help(format!(
                "give a facts file with an `id` column and a `{attribute}` column: `--facts FILE` on the command line, `facts \"FILE\"` in a scenario"
            )));
        }
    }
    Electorate::new(members, rule, permanent, |m, attribute| {
        facts.get(m)?.get(attribute).copied()
    })
}

/// Evaluates one vote.
pub fn vote(
    program: &Program,
    body: &str,
    decision: &str,
    ballot: &Ballot,
    facts: &Facts,
) -> Result<VoteOutcome, Problem> {
    let losses = votes_lost(program, body, ballot, facts);
    if losses.lost.is_empty() && losses.open.is_empty() {
        return counted_vote(program, body, decision, ballot, facts);
    }
    // The members without a vote leave the base, and their ballots are not counted.
    let without = |ballot: &Ballot, out: &[&String]| {
        let mut b = ballot.clone();
        for list in [&mut b.yes, &mut b.no, &mut b.abstain] {
            list.retain(|m| !out.contains(&m));
        }
        if let Some(p) = &mut b.participants {
            p.retain(|m| !out.contains(&m));
        }
        b.suspended.extend(out.iter().map(|m| (*m).clone()));
        b
    };
    let lost: Vec<&String> = losses.lost.iter().map(|(m, _)| m).collect();
    let base = without(ballot, &lost);
    let mut outcome = counted_vote(program, body, decision, &base, facts)?;
    let cast = |m: &String| [&ballot.yes, &ballot.no, &ballot.abstain].iter().any(|l| l.contains(m));
    let mut actual: Vec<String> = losses
        .lost
        .iter()
        .map(|(m, why)| {
            let uncounted = if cast(m) { ", and its vote is not counted" } else { "" };
            format!("`{m}` has no vote: {why}{uncounted}")
        })
        .collect();
    if !losses.open.is_empty() {
        // Whether these members vote is not known: the vote is decided only if
        // it comes out the same whichever of them has a vote.
        const MOST_OPEN: usize = 10;
        let open: Vec<&String> = losses.open.iter().map(|(m, _)| m).collect();
        // Grouped by what is missing, and a long list shortened: 193 members with
        // no figures are one line, not 193.
        let mut by_why: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
        for (m, w) in &losses.open {
            by_why.entry(w.as_str()).or_default().push(m);
        }
        let why: Vec<String> = by_why
            .iter()
            .map(|(w, ms)| {
                let shown: Vec<String> = ms.iter().take(5).map(|m| format!("`{m}`")).collect();
                let more = if ms.len() > 5 {
                    format!(" and {} more", ms.len() - 5)
                } else {
                    String::new()
                };
                format!("{}{more}: {w}", shown.join(", "))
            })
            .collect();
        let same = open.len() <= MOST_OPEN && {
            let mut same = true;
            for mask in 1u32..(1u32 << open.len()) {
                let out: Vec<&String> = lost
                    .iter()
                    .copied()
                    .chain(
                        open.iter()
                            .enumerate()
                            .filter(|(i, _)| mask & (1 << i) != 0)
                            .map(|(_, m)| *m),
                    )
                    .collect();
                let other = counted_vote(program, body, decision, &without(ballot, &out), facts)?;
                if other.vote_passes != outcome.vote_passes || other.undecided.is_some() != outcome.undecided.is_some()
                {
                    same = false;
                    break;
                }
            }
            same
        };
        if same {
            actual.push(format!(
                "whether {} have a vote is not known ({}), and the vote comes out the same either way",
                open.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
                why.join("; ")
            ));
        } else {
            let undecided = if open.len() > MOST_OPEN {
                format!(
                    "whether {} members have a vote in `{body}` is not known ({}): too many to try each case",
                    open.len(),
                    why.join("; ")
                )
            } else {
                format!(
                    "whether {} have a vote in `{body}` is not known ({}), and the vote comes out differently as they do or not",
                    open.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
                    why.join("; ")
                )
            };
            actual.push(undecided.clone());
            outcome.undecided = Some(undecided);
            outcome.vote_passes = false;
            outcome.passes = false;
        }
    }
    outcome.steps.insert(
        0,
        Check {
            name: "votes lost".to_string(),
            required: losses.rule,
            actual: actual.join("; "),
            met: true,
            criterion: None,
        },
    );
    Ok(outcome)
}

/// Who has no vote in `body` on the facts (`lost`, with why), and whose vote
/// the facts cannot tell (`open`), under its `no vote for member when ...`.
struct Losses {
    rule: String,
    lost: Vec<(String, String)>,
    open: Vec<(String, String)>,
}

fn votes_lost(program: &Program, body: &str, ballot: &Ballot, facts: &Facts) -> Losses {
    let mut out = Losses {
        rule: String::new(),
        lost: Vec::new(),
        open: Vec::new(),
    };
    let Some(b) = program.body(body).filter(|b| !b.vote_losses.is_empty()) else {
        return out;
    };
    let said: Vec<String> = b
        .vote_losses
        .iter()
        .map(|v| match &v.permitted_by {
            Some(by) => format!("no vote for a member when {} unless `{by}` permits it", v.when),
            None => format!("no vote for a member when {}", v.when),
        })
        .collect();
    out.rule = said.join("; ");
    // The conditions read the members' facts as written.
    let context = Context {
        members: facts
            .iter()
            .map(|(m, a)| (m.clone(), a.iter().map(|(k, v)| (k.clone(), v.decimal())).collect()))
            .collect(),
        ..Default::default()
    };
    // The body's own voters: a member without a seat has no vote to lose.
    let Ok(voting) = voters(program, body, &ballot.seated, facts) else {
        return out;
    };
    for m in &voting.everyone() {
        if ballot.permitted.contains(m) || ballot.suspended.contains(m) || ballot.concerned.contains(m) {
            continue;
        }
        for v in &b.vote_losses {
            let found = condition(program, &context, context.members.get(m), &v.when);
            match found.holds {
                Some(true) => {
                    let used: Vec<String> = found.used.iter().map(|(k, x)| format!("{k} = {x}")).collect();
                    out.lost.push((m.clone(), format!("{} ({})", v.when, used.join(", "))));
                    break;
                }
                Some(false) => {}
                None => {
                    let mut missing = found.missing.clone();
                    missing.extend(found.problems.iter().cloned());
                    out.open.push((m.clone(), format!("{} not given", missing.join(", "))));
                    break;
                }
            }
        }
    }
    out
}

/// The vote counted among the members that have a vote.
fn counted_vote(
    program: &Program,
    body: &str,
    decision: &str,
    ballot: &Ballot,
    facts: &Facts,
) -> Result<VoteOutcome, Problem> {
    let (power, rule) = rule_for(program, body, decision)?;
    let how = HowConcerned {
        excluded: power.excluding_concerned,
        agrees: power.requires.agreement_of_concerned,
    };
    let mut steps = steps(program, power, &ballot.steps)?;
    steps.extend(procedure::around_vote(program, body, decision)?);
    let mut decided = decide_with_fallbacks(program, body, decision, rule, how, ballot, facts)?;
    let mut applies = rule;
    // TFEU 238(2): who proposed decides the rule. With the proposer not given,
    // the vote is decided only where both rules agree.
    if let Some(other) = &power.requires.otherwise_by {
        let other_rule = program
            .rule(other)
            .ok_or_else(|| Problem::new(Code::E0902, format!("the rule `{other}` is not in the program")))?;
        let on_proposal = ballot
            .steps
            .proposed_by
            .as_ref()
            .map(|p| power.requires.on_proposal_from.contains(p));
        match on_proposal {
            Some(true) => {}
            Some(false) => {
                decided = decide_with_fallbacks(program, body, decision, other_rule, how, ballot, facts)?;
                applies = other_rule;
            }
            None => {
                let otherwise = decide_with_fallbacks(program, body, decision, other_rule, how, ballot, facts)?;
                if otherwise.verdict.passes != decided.verdict.passes && decided.undecided.is_none() {
                    decided.undecided = Some(format!(
                        "the vote {} under `{}` (on a proposal from {}) and {} under `{other}` (otherwise), and who proposed it is not given (`proposed by BODY`, `--proposed-by`)",
                        if decided.verdict.passes { "passes" } else { "fails" },
                        rule.name,
                        power.requires.on_proposal_from.join(" or "),
                        if otherwise.verdict.passes { "passes" } else { "fails" },
                    ));
                }
            }
        }
    }
    if ballot.contested {
        (decided, applies) =
            preliminary_question(program, body, decision, power, (decided, applies), how, ballot, facts)?;
    }
    let vote_passes = decided.verdict.passes && decided.undecided.is_none();
    Ok(VoteOutcome {
        passes: vote_passes && steps.iter().all(|c| c.met),
        vote_passes,
        body: body.to_string(),
        decision: decision.to_string(),
        rule: applies.name.clone(),
        decided_under: decided.under,
        undecided: decided.undecided,
        tally: decided.verdict.tally,
        checks: decided.verdict.checks,
        branches: decided.branches,
        steps,
        why_not: None,
    })
}

/// The double veto: when a member contests that a question belongs to the
/// decision, the power's `classified by RULE` is voted first, with the same votes;
/// a question it refuses is one of the body's other questions, decided by that
/// rule. The preliminary vote heads the branches the outcome shows.
#[allow(clippy::too_many_arguments)]
fn preliminary_question<'p>(
    program: &'p Program,
    body: &str,
    decision: &str,
    power: &crate::ir::Power,
    (decided, applies): (Decided, &'p crate::ir::Rule),
    how: HowConcerned,
    ballot: &Ballot,
    facts: &Facts,
) -> Result<(Decided, &'p crate::ir::Rule), Problem> {
    let Some(classifier) = &power.requires.classified_by else {
        return Err(Problem::new(
            Code::E0905,
            format!("`{body}.{decision}` has no `classified by`: whether a question is one of its decisions is not put to a vote"),
        )
        .about(decision)
        .with_help("drop `contested` (`--contested`), or give the power its preliminary rule: `decides procedural by RULE classified by RULE`"));
    };
    let named = |name: &str| {
        program
            .rule(name)
            .ok_or_else(|| Problem::new(Code::E0902, format!("the rule `{name}` is not in the program")))
    };
    let preliminary = decide_with_fallbacks(program, body, decision, named(classifier)?, how, ballot, facts)?;
    let belongs = preliminary.verdict.passes && preliminary.undecided.is_none();
    let check = Check {
        name: format!("the preliminary question: is it `{decision}`?"),
        required: format!("`{classifier}` met"),
        actual: match (&preliminary.undecided, preliminary.verdict.passes) {
            (Some(why), _) => format!("undecided: {why}"),
            (None, true) => format!("met: decided as `{decision}`"),
            (None, false) => "not met: the question is one of the body's other questions".to_string(),
        },
        met: belongs,
        criterion: None,
    };
    let (mut decided, applies) = if belongs || preliminary.undecided.is_some() {
        (decided, applies)
    } else {
        let other = program
            .body(body)
            .and_then(|b| b.other_questions.as_ref())
            .ok_or_else(|| {
                Problem::new(
                    Code::E0140,
                    format!("`{body}` decides no other questions: a question `{classifier}` refuses has no rule"),
                )
                .with_help(format!("give `{body}` `decides other questions by RULE`"))
            })?;
        let rule = named(&other.rule)?;
        (
            decide_with_fallbacks(program, body, decision, rule, how, ballot, facts)?,
            rule,
        )
    };
    if let (Some(why), None) = (&preliminary.undecided, &decided.undecided) {
        decided.undecided = Some(format!("the preliminary question is undecided: {why}"));
    }
    decided.branches.insert(0, check);
    Ok((decided, applies))
}

/// A vote put to a rule and, while it is not met, to each fallback the question
/// has reached (`failing which RULE`): one meaning for `eval vote` and a
/// procedure's decision step.
pub(crate) struct Decided {
    pub verdict: voting::Verdict,
    /// The rule whose verdict decides.
    pub under: String,
    pub branches: Vec<Check>,
    pub undecided: Option<String>,
}

/// The vote under `rule`, then under its fallbacks in order while it fails and
/// the condition for moving on holds. A fallback whose condition cannot be
/// known (its period, with the days not given) and that would pass leaves the
/// vote undecided, never failed or passed.
pub(crate) fn decide_with_fallbacks(
    program: &Program,
    body: &str,
    decision: &str,
    rule: &crate::ir::Rule,
    how: HowConcerned,
    ballot: &Ballot,
    facts: &Facts,
) -> Result<Decided, Problem> {
    let mut verdict = decide(program, body, decision, rule, how, ballot, facts)?;
    let mut current = rule;
    let mut branches = Vec::new();
    let mut undecided = None;
    let mut seen = BTreeSet::from([rule.name.as_str()]);
    if rule.fallback.is_some() {
        branches.push(branch(current, "first", &verdict));
    }
    while let (false, Some(f)) = (verdict.passes, &current.fallback) {
        // A cycle of fallbacks is the checker's to report (E0126); the vote stops at it.
        if !seen.insert(f.rule.as_str()) {
            break;
        }
        let Some(next) = program.rule(&f.rule) else {
            return Err(Problem::new(
                Code::E0902,
                format!("the rule `{}` is not in the program", f.rule),
            ));
        };
        let condition = crate::words::fallback_condition(&f.when);
        let reached = match f.when {
            crate::ir::FallbackWhen::AtOnce => Ok(()),
            crate::ir::FallbackWhen::EffortsExhausted => {
                if ballot.exhausted {
                    Ok(())
                } else {
                    Err(("efforts at consensus not declared exhausted (`exhausted`, `--exhausted`)".to_string(), false))
                }
            }
            crate::ir::FallbackWhen::After { period } => match ballot.time.has_run(period) {
                Some((true, _)) => Ok(()),
                Some((false, end)) => Err((format!("the period runs until {end}"), false)),
                None => Err((
                    "the day the question was put and the day it is asked are not both given (`since DATE` and `on DATE`; `--since`, `--on`)".to_string(),
                    true,
                )),
            },
        };
        match reached {
            Ok(()) => {
                verdict = decide(program, body, decision, next, how, ballot, facts)?;
                branches.push(branch(next, &condition, &verdict));
                current = next;
            }
            Err((why, unknown)) => {
                // Whether the fallback would carry it tells whether the unknown day matters.
                let would = decide(program, body, decision, next, how, ballot, facts)?;
                if unknown && would.passes {
                    undecided = Some(format!(
                        "`{}` is not met, and `{}` would carry the vote {condition}, but {}",
                        current.name, next.name, why
                    ));
                }
                branches.push(Check {
                    name: format!("`{}`", next.name),
                    required: format!("applies {condition}"),
                    actual: format!(
                        "{}: {why}; it would {} the vote",
                        if unknown {
                            "not known to be reached"
                        } else {
                            "not reached"
                        },
                        if would.passes { "carry" } else { "not carry" }
                    ),
                    met: false,
                    criterion: None,
                });
                break;
            }
        }
    }
    Ok(Decided {
        under: current.name.clone(),
        verdict,
        branches,
        undecided,
    })
}

/// The criteria a verdict finds not met, in words.
pub(crate) fn unmet(verdict: &voting::Verdict) -> Vec<String> {
    verdict
        .checks
        .iter()
        .filter(|c| !c.met)
        .map(|c| format!("{}: required {}, actual {}", c.name, c.required, c.actual))
        .collect()
}

/// One rule a question went to, in words.
fn branch(rule: &crate::ir::Rule, condition: &str, verdict: &voting::Verdict) -> Check {
    let unmet = unmet(verdict);
    Check {
        name: format!("`{}`", rule.name),
        required: if condition == "first" {
            "put first".to_string()
        } else {
            format!("applies {condition}")
        },
        actual: if verdict.passes {
            "met: the vote passes under it".to_string()
        } else {
            format!("not met: {}", unmet.join("; "))
        },
        met: verdict.passes,
        criterion: None,
    }
}

/// The decision by which a state joins (`accession by Body.decision`) holds each
/// state it concerns that is not a member to the membership criteria, as a step
/// of the decision (#23): a candidate that fails one is not admitted, however
/// the vote goes, and one whose facts are not given is not known to be.
pub fn hold_to_criteria(program: &Program, context: &Context, concerned: &[String], outcome: &mut VoteOutcome) {
    let admits = program.membership.accession.as_ref().is_some_and(|a| {
        matches!(&a.by, crate::ir::Act::Decision { body, decision } if *body == outcome.body && *decision == outcome.decision)
    });
    if !admits {
        return;
    }
    for candidate in concerned
        .iter()
        .filter(|c| !program.members.iter().any(|m| &m.id == *c))
    {
        if let Some(c) = procedure::admission_criteria(program, context, candidate) {
            outcome.steps.push(c.check);
        }
    }
    outcome.passes = outcome.vote_passes && outcome.steps.iter().all(|c| c.met);
}

/// What a decision says of the members it concerns: they do not vote
/// (`excluding concerned`), their agreement is needed (`in agreement with ...`).
#[derive(Debug, Clone, Copy, Default)]
pub struct HowConcerned {
    pub excluded: bool,
    pub agrees: bool,
}

/// The vote of `body` on `decision` by `rule`, from a ballot: the voters, their
/// positions and the kernel's verdict. The steps besides the vote are not judged here.
pub fn decide(
    program: &Program,
    body: &str,
    decision: &str,
    rule: &crate::ir::Rule,
    how: HowConcerned,
    ballot: &Ballot,
    facts: &Facts,
) -> Result<voting::Verdict, Problem> {
    let (voters, positions) = match seats::voters(program, body, &ballot.seated, facts)? {
        Voters::Members(members) => {
            let states = program.states();
            let positions = member_positions(body, decision, how, &members, &states, ballot)?;
            (members, positions)
        }
        Voters::Seats(delegations) => seats::positions(body, &delegations, ballot)?,
    };
    let electorate = electorate(program, body, rule, voters, facts)?;
    voting::verdict(rule, &electorate, &positions)
}

/// How each member of a body of member states stands in a vote: `None` when it
/// is not in the base (not a participant, a member concerned, suspended).
fn member_positions(
    body: &str,
    decision: &str,
    how: HowConcerned,
    members: &[String],
    states: &BTreeSet<&str>,
    ballot: &Ballot,
) -> Result<Vec<Option<Position>>, Problem> {
    let member_set: BTreeSet<&str> = members.iter().map(String::as_str).collect();

    // Who is in the base: the participants (or all members), less the member concerned.
    let mut base: BTreeSet<&str> = match &ballot.participants {
        Some(p) => {
            for m in p {
                if !member_set.contains(m.as_str()) {
                    return Err(Problem::new(
                        Code::E0902,
                        format!("participant `{m}` is not a member of `{body}`"),
                    ));
                }
            }
            p.iter().map(String::as_str).collect()
        }
        None => member_set.clone(),
    };
    for c in &ballot.concerned {
        if !member_set.contains(c.as_str()) {
            // A state the decision concerns and that has no vote here (a
            // candidate invited to accede, #23): there is nothing to exclude, and
            // where its agreement is needed it is its own.
            if states.contains(c.as_str()) {
                continue;
            }
            return Err(Problem::new(
                Code::E0902,
                format!("the state concerned, `{c}`, is neither a member of `{body}` nor a state the treaty names"),
            )
            .with_help("name a member, a party or one of the treaty's `other states` (a candidate)"));
        }
        if !how.excluded && !how.agrees {
            return Err(Problem::new(Code::E0903, format!(
                "`{body}` decides `{decision}` with the member concerned voting; `--concerned` applies only to powers written `excluding concerned` or `in agreement with the member concerned`"
            )));
        }
        // In agreement with it, but not excluding it: the member concerned votes too.
        if !how.excluded {
            continue;
        }
        if !base.remove(c.as_str()) && ballot.participants.is_none() {
            return Err(Problem::new(
                Code::E0903,
                format!("`{c}` is named twice as a member concerned"),
            ));
        }
    }
    // Without the member concerned named, it would vote on its own case (and a
    // sanction's target could defeat it): the question is incomplete.
    if how.excluded && ballot.concerned.is_empty() {
        return Err(Problem::new(Code::E0903, format!(
            "`{body}` decides `{decision}` excluding the member concerned: name it with `--concerned ID` (several: `--concerned A,B`)"
        )));
    }
    for m in &ballot.suspended {
        if !member_set.contains(m.as_str()) {
            return Err(Problem::new(
                Code::E0903,
                format!("the suspended member `{m}` is not a member of `{body}`"),
            ));
        }
        base.remove(m.as_str());
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (list, _) in [(&ballot.yes, "yes"), (&ballot.no, "no"), (&ballot.abstain, "abstain")] {
        for m in list {
            if !member_set.contains(m.as_str()) {
                return Err(Problem::new(
                    Code::E0902,
                    format!(
                        "`{m}` is not a member of `{body}`; its members are {}",
                        members.join(", ")
                    ),
                ));
            }
            if !seen.insert(m.as_str()) {
                return Err(Problem::new(Code::E0903, format!("`{m}` is listed twice"))
                    .with_help("list each member once, in one of `--yes`, `--no` and `--abstain`"));
            }
            if how.excluded && ballot.concerned.contains(m) {
                return Err(Problem::new(
                    Code::E0903,
                    format!("`{m}` is the member concerned and does not vote"),
                ));
            }
            if ballot.suspended.contains(m) {
                return Err(Problem::new(
                    Code::E0903,
                    format!("`{m}` is suspended: its voting rights do not allow it to vote"),
                ));
            }
            if !base.contains(m.as_str()) {
                return Err(Problem::new(
                    Code::E0903,
                    format!("`{m}` does not participate in this vote"),
                ));
            }
        }
    }
    let position = |m: &str| {
        if !base.contains(m) {
            None
        } else if ballot.yes.iter().any(|x| x == m) {
            Some(Position::Yes)
        } else if ballot.no.iter().any(|x| x == m) {
            Some(Position::No)
        } else if ballot.abstain.iter().any(|x| x == m) {
            Some(Position::Abstain)
        } else {
            Some(Position::Absent)
        }
    };
    Ok(members.iter().map(|m| position(m)).collect())
}

/// Each step a power requires besides the vote, met or missing. Names that are
/// not bodies (or members, for ratifications) are errors, not steps left out.
fn steps(program: &Program, power: &crate::ir::Power, taken: &Steps) -> Result<Vec<Check>, Problem> {
    let r = &power.requires;
    let body_names = || program.bodies.iter().map(|b| b.name.as_str());
    for b in taken.adopted_by.iter().chain(&taken.authorised) {
        if program.body(b).is_none() {
            return Err(unknown("body", "the bodies", b, body_names()));
        }
    }
    // A proposal comes from a body, or from members (an initiative of member
    // states, TFEU 76(b)).
    if let Some(b) = &taken.proposed_by {
        if program.body(b).is_none() && !program.members.iter().any(|m| &m.id == b) {
            return Err(unknown("body or member", "the bodies", b, body_names()));
        }
    }
    let mut out = Vec::new();
    if let Some(other) = &r.otherwise_by {
        // The proposal is no required step: it chooses the rule.
        let from = r.on_proposal_from.join("` or `");
        let actual = match &taken.proposed_by {
            Some(b) if r.on_proposal_from.contains(b) => format!("proposed by `{b}`: `{}` applies", power.rule),
            Some(b) => format!("proposed by `{b}`: `{other}` applies"),
            None => "who proposed it is not given (`--proposed-by`)".to_string(),
        };
        out.push(Check {
            name: "proposal".to_string(),
            required: format!("`{}` on a proposal from `{from}`, `{other}` on any other", power.rule),
            actual,
            met: true,
            criterion: None,
        });
    } else if !r.on_proposal_from.is_empty() {
        let allowed = r
            .on_proposal_from
            .iter()
            .map(|b| format!("`{b}`"))
            .collect::<Vec<_>>()
            .join(" or ");
        let (met, actual) = match &taken.proposed_by {
            Some(b) if r.on_proposal_from.contains(b) => (true, format!("proposed by `{b}`")),
            Some(b) => (false, format!("proposed by `{b}`, which may not propose it")),
            None => (false, "no proposal given (`--proposed-by BODY`)".to_string()),
        };
        out.push(Check {
            name: "proposal".to_string(),
            required: format!("a proposal from {allowed}"),
            actual,
            met,
            criterion: None,
        });
    }
    // Each co-decider must adopt and each authoriser authorise: (required bodies,
    // those that did, what the step is, the participle, the flag that says so).
    let each_body = [
        (
            &r.jointly_with,
            &taken.adopted_by,
            "co-decision",
            "adopts the act too",
            "adopted",
            "adopted-by",
        ),
        (
            &r.authorisation_by,
            &taken.authorised,
            "authorisation",
            "authorises the decision",
            "authorised",
            "authorised",
        ),
    ];
    for (required, done, step, verb, participle, flag) in each_body {
        for b in required {
            let met = done.contains(b);
            out.push(Check {
                name: format!("{step} by `{b}`"),
                required: format!("`{b}` {verb}"),
                actual: if met {
                    participle.to_string()
                } else {
                    format!("not {participle} (`--{flag} {b}`)")
                },
                met,
                criterion: None,
            });
        }
    }
    if r.agreement_of_concerned {
        out.push(Check {
            name: "agreement of the member concerned".to_string(),
            required: "the member concerned agrees".to_string(),
            actual: if taken.concerned_agrees {
                "agreed".to_string()
            } else {
                "not given (`--concerned-agrees`)".to_string()
            },
            met: taken.concerned_agrees,
            criterion: None,
        });
    }
    if let Some(share) = r.ratification {
        let members: Vec<&str> = program.members.iter().map(|m| m.id.as_str()).collect();
        if members.is_empty() {
            return Err(Problem::new(
                Code::E0904,
                "the decision needs ratification by the members, and the treaty lists no `parties`",
            )
            .with_help("list the parties in `parties { ... }` to count ratifications"));
        }
        let mut ratified: BTreeSet<&str> = BTreeSet::new();
        for m in &taken.ratified {
            if !members.contains(&m.as_str()) {
                return Err(Problem::new(
                    Code::E0902,
                    format!("`{m}` has ratified, but it is not a party to the treaty"),
                ));
            }
            ratified.insert(m.as_str());
        }
        let (got, of) = (
            i128::try_from(ratified.len()).unwrap_or(i128::MAX),
            i128::try_from(members.len()).unwrap_or(i128::MAX),
        );
        let all = share.num == share.den;
        let met = Cmp::Ge.holds(Rational { num: got, den: of }, share);
        out.push(Check {
            name: "ratification".to_string(),
            required: if all {
                format!("all {of} members ratify")
            } else {
                format!(
                    ">= {share} of {of} members ratify (at least {})",
                    share.least_count(of, false).ok_or(Problem::new(
                        Code::E0905,
                        "the ratification share is too large to count"
                    ))?
                )
            },
            actual: format!(
                "{got} of {of} ratified{}",
                if got == 0 { " (`--ratified IDS`)" } else { "" }
            ),
            met,
            criterion: None,
        });
    }
    Ok(out)
}
