//! Evaluating the compiled rules against facts: does this vote pass?
//!
//! Imports only the IR, so that it could become a small runtime of its own. Every
//! answer comes with the checks that decided it, each with what was required and
//! what the vote gave. Inputs that do not fit (an unknown member, a member listed
//! twice, a missing fact) are errors, never a wrong answer printed as if valid.

mod questions;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ir::{Base, Cmp, Criterion, Effect, Program, Ratio, Seats, VetoHolders};

pub use questions::{
    comply, condition, eligible, stage, Compliance, Context, Eligibility, Finding, Records, StageReport,
};

/// Member facts: member id -> attribute -> value.
pub type Facts = BTreeMap<String, BTreeMap<String, Ratio>>;

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
    /// The procedure's other steps, as far as they have been taken.
    pub steps: Steps,
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: String,
    pub required: String,
    pub actual: String,
    pub met: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub members: usize,
    pub yes: usize,
    pub no: usize,
    pub abstain: usize,
    pub absent: usize,
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
    pub tally: Tally,
    pub checks: Vec<Check>,
    /// The steps the power requires besides the vote, each met or still missing.
    pub steps: Vec<Check>,
}

/// The members who hold the seats of a body.
pub fn seat_holders(program: &Program, body: &str, facts: &Facts) -> Result<Vec<String>, String> {
    let b = program
        .body(body)
        .ok_or_else(|| unknown("body", body, program.bodies.iter().map(|b| b.name.as_str())))?;
    let members: Vec<String> = if program.members.is_empty() {
        facts.keys().cloned().collect()
    } else {
        program.members.iter().map(|m| m.id.clone()).collect()
    };
    if let Some(Seats::Fixed(n)) = &b.seats {
        if u64::try_from(members.len()).ok() != Some(*n) {
            return Err(format!(
                "`{body}` has {n} seats, but {} members are known; list the members in `parties {{ ... }}`",
                members.len()
            ));
        }
    }
    if members.is_empty() {
        return Err(format!(
            "no members are known for `{body}`: list them in `parties {{ ... }}` or give a facts file"
        ));
    }
    Ok(members)
}

fn unknown<'a>(what: &str, name: &str, known: impl Iterator<Item = &'a str>) -> String {
    let known: Vec<String> = known.map(|k| format!("`{k}`")).collect();
    format!("there is no {what} `{name}`; the {what}s are {}", known.join(", "))
}

/// The rule a body decides a decision by.
pub fn rule_for<'p>(
    program: &'p Program,
    body: &str,
    decision: &str,
) -> Result<(&'p crate::ir::Power, &'p crate::ir::Rule), String> {
    let b = program
        .body(body)
        .ok_or_else(|| unknown("body", body, program.bodies.iter().map(|b| b.name.as_str())))?;
    let power = b.powers.iter().find(|p| p.decision == decision).ok_or_else(|| {
        unknown(
            &format!("decision of `{body}`"),
            decision,
            b.powers.iter().map(|p| p.decision.as_str()),
        )
    })?;
    let rule = program
        .rule(&power.rule)
        .ok_or_else(|| format!("the rule `{}` is not in the program", power.rule))?;
    Ok((power, rule))
}

fn share(part: i128, whole: i128) -> Ratio {
    if whole == 0 {
        Ratio::integer(0)
    } else {
        Ratio { num: part, den: whole }
    }
}

fn percent(r: Ratio) -> String {
    if r.den == 0 {
        return "0%".to_string();
    }
    let v = r.num as f64 * 100.0 / r.den as f64;
    let text = format!("{v:.2}");
    format!("{}%", text.trim_end_matches('0').trim_end_matches('.'))
}

fn required_text(cmp: crate::ir::Cmp, value: Ratio, share: bool) -> String {
    if share {
        format!("{} {}", cmp.symbol(), percent(value))
    } else {
        format!("{} {value}", cmp.symbol())
    }
}

/// Evaluates one vote.
pub fn vote(
    program: &Program,
    body: &str,
    decision: &str,
    ballot: &Ballot,
    facts: &Facts,
) -> Result<VoteOutcome, String> {
    let members = seat_holders(program, body, facts)?;
    let (power, rule) = rule_for(program, body, decision)?;
    let member_set: BTreeSet<&str> = members.iter().map(String::as_str).collect();

    // Who is in the base: the participants (or all members), less the member concerned.
    let mut base: BTreeSet<&str> = match &ballot.participants {
        Some(p) => {
            for m in p {
                if !member_set.contains(m.as_str()) {
                    return Err(format!("participant `{m}` is not a member of `{body}`"));
                }
            }
            p.iter().map(String::as_str).collect()
        }
        None => member_set.clone(),
    };
    for c in &ballot.concerned {
        if !member_set.contains(c.as_str()) {
            return Err(format!("the member concerned, `{c}`, is not a member of `{body}`"));
        }
        if !power.excluding_concerned {
            return Err(format!(
                "`{body}` decides `{decision}` with the member concerned voting; `--concerned` applies only to powers written `excluding concerned`"
            ));
        }
        if !base.remove(c.as_str()) && ballot.participants.is_none() {
            return Err(format!("`{c}` is named twice as a member concerned"));
        }
    }
    // Without the member concerned named, it would vote on its own case (and a
    // sanction's target could defeat it): the question is incomplete.
    if power.excluding_concerned && ballot.concerned.is_empty() {
        return Err(format!(
            "`{body}` decides `{decision}` excluding the member concerned: name it with `--concerned ID` (several: `--concerned A,B`)"
        ));
    }
    for m in &ballot.suspended {
        if !member_set.contains(m.as_str()) {
            return Err(format!("the suspended member `{m}` is not a member of `{body}`"));
        }
        base.remove(m.as_str());
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (list, _) in [(&ballot.yes, "yes"), (&ballot.no, "no"), (&ballot.abstain, "abstain")] {
        for m in list {
            if !member_set.contains(m.as_str()) {
                return Err(format!(
                    "`{m}` is not a member of `{body}`; its members are {}",
                    members.join(", ")
                ));
            }
            if !seen.insert(m.as_str()) {
                return Err(format!("`{m}` is listed twice"));
            }
            if ballot.concerned.contains(m) {
                return Err(format!("`{m}` is the member concerned and does not vote"));
            }
            if ballot.suspended.contains(m) {
                return Err(format!("`{m}` is suspended: its voting rights do not allow it to vote"));
            }
            if !base.contains(m.as_str()) {
                return Err(format!("`{m}` does not participate in this vote"));
            }
        }
    }
    let yes: BTreeSet<&str> = ballot.yes.iter().map(String::as_str).collect();
    let no: BTreeSet<&str> = ballot.no.iter().map(String::as_str).collect();
    let abstain: BTreeSet<&str> = ballot.abstain.iter().map(String::as_str).collect();
    let absent: BTreeSet<&str> = base
        .iter()
        .copied()
        .filter(|m| !yes.contains(m) && !no.contains(m) && !abstain.contains(m))
        .collect();
    let n = |s: &BTreeSet<&str>| i128::try_from(s.len()).unwrap_or(i128::MAX);
    let (ny, nn, na, nabs, nbase) = (n(&yes), n(&no), n(&abstain), n(&absent), n(&base));

    let weight = |attribute: &str, set: &BTreeSet<&str>| -> Result<Ratio, String> {
        let mut sum = Ratio::integer(0);
        for m in set {
            let w = facts
                .get(*m)
                .and_then(|f| f.get(attribute))
                .ok_or_else(|| format!("the facts give no `{attribute}` for `{m}`"))?;
            sum = add(sum, *w).ok_or_else(|| "a sum of weights overflows".to_string())?;
        }
        Ok(sum)
    };

    let blocking_floor = rule.criteria.iter().find_map(|c| match c {
        Criterion::BlockingMinority { min_members } => Some(i128::from(*min_members)),
        _ => None,
    });
    let mut checks = Vec::new();
    // The blocking-minority clause rescues only the weighted criteria.
    let mut weight_checks: Vec<usize> = Vec::new();
    // Not all members take part when some are not participants, the member
    // concerned, or suspended: TFEU Art. 238(3), and Art. 354 for the member concerned.
    let all_take_part = base.len() == member_set.len();
    for c in &rule.criteria {
        if let Criterion::Members {
            cmp,
            value,
            share: is_share,
            only_when_all_take_part: true,
            ..
        }
        | Criterion::Weight {
            cmp,
            value,
            share: is_share,
            only_when_all_take_part: true,
            ..
        } = c
        {
            if !all_take_part {
                let what = match c {
                    Criterion::Weight { attribute, .. } => attribute.as_str(),
                    _ => "members",
                };
                checks.push(Check {
                    name: format!("{what} in favour, when all members take part"),
                    required: required_text(*cmp, *value, *is_share),
                    actual: format!("lapses: {} of {} members take part", base.len(), member_set.len()),
                    met: true,
                });
                continue;
            }
        }
        match c {
            Criterion::Unanimity => {
                let abstain_blocks = rule.abstention == Effect::CountsAgainst && na > 0;
                let absence_blocks = rule.absence == Effect::CountsAgainst && nabs > 0;
                checks.push(Check {
                    name: "unanimity".to_string(),
                    required: format!(
                        "no vote against{}{}",
                        if rule.abstention == Effect::CountsAgainst {
                            ", no abstention"
                        } else {
                            ""
                        },
                        if rule.absence == Effect::CountsAgainst {
                            ", no absence"
                        } else {
                            ""
                        }
                    ),
                    actual: format!("{ny} in favour, {nn} against, {na} abstaining, {nabs} absent"),
                    met: nn == 0 && ny > 0 && !abstain_blocks && !absence_blocks,
                });
            }
            Criterion::Consensus => checks.push(Check {
                name: "consensus".to_string(),
                required: "no objection".to_string(),
                actual: format!("{nn} objecting"),
                met: nn == 0,
            }),
            Criterion::SimpleMajority => checks.push(Check {
                name: "simple majority".to_string(),
                required: "more in favour than against".to_string(),
                actual: format!("{ny} in favour, {nn} against"),
                met: ny > nn,
            }),
            Criterion::AbsoluteMajority => checks.push(Check {
                name: "absolute majority".to_string(),
                required: format!("more than half of {nbase} members"),
                actual: format!("{ny} in favour"),
                met: 2 * ny > nbase,
            }),
            Criterion::TwoThirdsMajority => checks.push(Check {
                name: "two-thirds majority".to_string(),
                required: "at least two thirds of the votes cast".to_string(),
                actual: format!("{ny} of {} votes cast", ny + nn),
                met: ny + nn > 0 && 3 * ny >= 2 * (ny + nn),
            }),
            Criterion::Members {
                cmp,
                value,
                share: true,
                base: b,
                ..
            } => {
                let whole = match b {
                    Base::Members => nbase,
                    Base::VotesCast => ny + nn,
                    Base::Present => ny + nn + na,
                };
                let actual = share(ny, whole);
                checks.push(Check {
                    name: format!("members in favour, share of {}", base_words(*b)),
                    required: format!("{} (of {whole})", required_text(*cmp, *value, true)),
                    actual: format!("{} ({ny} of {whole})", percent(actual)),
                    met: whole > 0 && cmp.holds(actual, *value),
                });
            }
            Criterion::Members {
                cmp,
                value,
                share: false,
                ..
            } => checks.push(Check {
                name: "members in favour".to_string(),
                required: required_text(*cmp, *value, false),
                actual: ny.to_string(),
                met: cmp.holds(Ratio::integer(ny), *value),
            }),
            Criterion::Weight {
                attribute,
                cmp,
                value,
                share: is_share,
                base: b,
                ..
            } => {
                let in_favour = weight(attribute, &yes)?;
                let (actual, actual_text) = if *is_share {
                    let whole_set: BTreeSet<&str> = match b {
                        Base::Members => base.clone(),
                        Base::VotesCast => yes.union(&no).copied().collect(),
                        Base::Present => yes.union(&no).chain(abstain.iter()).copied().collect(),
                    };
                    let whole = weight(attribute, &whole_set)?;
                    let r = div(in_favour, whole);
                    (r, format!("{} ({in_favour} of {whole})", percent(r)))
                } else {
                    (in_favour, in_favour.to_string())
                };
                weight_checks.push(checks.len());
                checks.push(Check {
                    name: format!(
                        "{attribute} in favour{}",
                        if *is_share {
                            format!(", share of {}", base_words(*b))
                        } else {
                            String::new()
                        }
                    ),
                    required: required_text(*cmp, *value, *is_share),
                    actual: actual_text,
                    met: cmp.holds(actual, *value),
                });
            }
            Criterion::BlockingMinority { .. } => {}
            Criterion::Veto { holders } => {
                let holders: Vec<String> = match holders {
                    VetoHolders::PermanentMembers => program
                        .body(body)
                        .map(|b| b.permanent_seats.clone())
                        .unwrap_or_default(),
                    VetoHolders::Members(ids) => ids.clone(),
                };
                let vetoing: Vec<&String> = holders
                    .iter()
                    .filter(|h| {
                        let h = h.as_str();
                        no.contains(h)
                            || (abstain.contains(h) && rule.abstention == Effect::CountsAgainst)
                            || (absent.contains(h) && base.contains(h) && rule.absence == Effect::CountsAgainst)
                    })
                    .collect();
                checks.push(Check {
                    name: format!("no veto from {}", holders.join(", ")),
                    required: "no holder of a veto against".to_string(),
                    actual: if vetoing.is_empty() {
                        "none against".to_string()
                    } else {
                        format!(
                            "vetoed by {}",
                            vetoing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                        )
                    },
                    met: vetoing.is_empty(),
                });
            }
            Criterion::Quorum {
                cmp,
                value,
                share: is_share,
            } => {
                let present = ny + nn + na;
                let (actual, required) = if *is_share {
                    (
                        share(present, nbase),
                        format!("{} of {nbase}", required_text(*cmp, *value, true)),
                    )
                } else {
                    (Ratio::integer(present), required_text(*cmp, *value, false))
                };
                checks.push(Check {
                    name: "quorum (members present)".to_string(),
                    required,
                    actual: present.to_string(),
                    met: cmp.holds(actual, *value),
                });
            }
        }
    }

    if let Some(floor) = blocking_floor {
        // TFEU 238(3)(a): when not all members take part, the floor is the fewest
        // participants holding more than the complement of the weighted share, plus one.
        let floor = if all_take_part {
            floor
        } else {
            participants_floor(rule, &base, facts).unwrap_or(floor)
        };
        let not_in_favour = nbase - ny;
        let rescued = not_in_favour < floor;
        checks.push(Check {
            name: "blocking minority".to_string(),
            required: format!("at least {floor} members not in favour to block"),
            actual: format!("{not_in_favour} not in favour"),
            met: true,
        });
        if rescued {
            for i in &weight_checks {
                if let Some(c) = checks.get_mut(*i) {
                    if !c.met {
                        c.met = true;
                        c.actual
                            .push_str(&format!("; deemed met: fewer than {floor} members can block"));
                    }
                }
            }
        }
    }

    let steps = steps(program, power, &ballot.steps)?;
    let vote_passes = checks.iter().all(|c| c.met);
    Ok(VoteOutcome {
        passes: vote_passes && steps.iter().all(|c| c.met),
        vote_passes,
        body: body.to_string(),
        decision: decision.to_string(),
        rule: rule.name.clone(),
        tally: Tally {
            members: base.len(),
            yes: yes.len(),
            no: no.len(),
            abstain: abstain.len(),
            absent: absent.len(),
        },
        checks,
        steps,
    })
}

/// Each step a power requires besides the vote, met or missing. Names that are
/// not bodies (or members, for ratifications) are errors, not steps left out.
fn steps(program: &Program, power: &crate::ir::Power, taken: &Steps) -> Result<Vec<Check>, String> {
    let r = &power.requires;
    let body_names = || program.bodies.iter().map(|b| b.name.as_str());
    for b in taken
        .adopted_by
        .iter()
        .chain(&taken.authorised)
        .chain(&taken.proposed_by)
    {
        if program.body(b).is_none() {
            return Err(unknown("body", b, body_names()));
        }
    }
    let mut out = Vec::new();
    if !r.on_proposal_from.is_empty() {
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
            });
        }
    }
    if let Some(share) = r.ratification {
        let members: Vec<&str> = program.members.iter().map(|m| m.id.as_str()).collect();
        if members.is_empty() {
            return Err(
                "the decision needs ratification by the members, and the treaty lists no `parties`: list them to count ratifications"
                    .to_string(),
            );
        }
        let mut ratified: BTreeSet<&str> = BTreeSet::new();
        for m in &taken.ratified {
            if !members.contains(&m.as_str()) {
                return Err(format!("`{m}` has ratified, but it is not a party to the treaty"));
            }
            ratified.insert(m.as_str());
        }
        let (got, of) = (
            i128::try_from(ratified.len()).unwrap_or(i128::MAX),
            i128::try_from(members.len()).unwrap_or(i128::MAX),
        );
        let all = share.num == share.den;
        let met = Cmp::Ge.holds(Ratio { num: got, den: of }, share);
        out.push(Check {
            name: "ratification".to_string(),
            required: if all {
                format!("all {of} members ratify")
            } else {
                format!(
                    ">= {share} of {of} members ratify (at least {})",
                    share.least_count(of, false)
                )
            },
            actual: format!(
                "{got} of {of} ratified{}",
                if got == 0 { " (`--ratified IDS`)" } else { "" }
            ),
            met,
        });
    }
    Ok(out)
}

fn order(a: Ratio, b: Ratio) -> std::cmp::Ordering {
    if a == b {
        std::cmp::Ordering::Equal
    } else if a.ge(b) {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Less
    }
}

fn base_words(b: Base) -> &'static str {
    match b {
        Base::Members => "members",
        Base::VotesCast => "votes cast",
        Base::Present => "members present",
    }
}

fn add(a: Ratio, b: Ratio) -> Option<Ratio> {
    let num = a.num.checked_mul(b.den)?.checked_add(b.num.checked_mul(a.den)?)?;
    let den = a.den.checked_mul(b.den)?;
    Some(reduce(num, den))
}

fn div(a: Ratio, b: Ratio) -> Ratio {
    match (a.num.checked_mul(b.den), a.den.checked_mul(b.num)) {
        (Some(n), Some(d)) if d != 0 => reduce(n, d),
        _ => Ratio::integer(0),
    }
}

fn reduce(num: i128, den: i128) -> Ratio {
    let (mut a, mut b) = (num.unsigned_abs(), den.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    let g = i128::try_from(a.max(1)).unwrap_or(1);
    let (num, den) = (num / g, den / g);
    if den < 0 {
        Ratio { num: -num, den: -den }
    } else {
        Ratio { num, den }
    }
}

/// The blocking-minority floor over the participants (TFEU 238(3)(a)).
fn participants_floor(rule: &crate::ir::Rule, base: &BTreeSet<&str>, facts: &Facts) -> Option<i128> {
    let (attribute, value) = rule.criteria.iter().find_map(|c| match c {
        Criterion::Weight {
            attribute,
            value,
            share: true,
            ..
        } => Some((attribute.as_str(), *value)),
        _ => None,
    })?;
    let mut weights: Vec<Ratio> = base
        .iter()
        .filter_map(|m| facts.get(*m)?.get(attribute).copied())
        .collect();
    // Largest first.
    weights.sort_by(|a, b| order(*b, *a));
    let total = weights.iter().try_fold(Ratio::integer(0), |acc, w| add(acc, *w))?;
    // More than (1 - value) of the total.
    let complement = Ratio {
        num: value.den - value.num,
        den: value.den,
    };
    let limit = Ratio {
        num: complement.num.checked_mul(total.num)?,
        den: complement.den.checked_mul(total.den)?,
    };
    let mut sum = Ratio::integer(0);
    for (i, w) in weights.iter().enumerate() {
        sum = add(sum, *w)?;
        if sum.gt(limit) {
            return i128::try_from(i + 2).ok();
        }
    }
    None
}
