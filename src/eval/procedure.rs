//! Following a decision procedure: given the steps taken so far, is the act
//! adopted, and if not, which step comes next and who takes it?

use serde::Serialize;

use crate::diagnostics::{Code, Problem};
use crate::ir::{Initiator, ProcedureStep, Program, Rational, StepTaker};

use super::Check;

/// What has happened so far in a procedure.
#[derive(Debug, Clone, Default)]
pub struct Taken {
    /// Who took the initiative: bodies, or members (their ids).
    pub initiated_by: Vec<String>,
    /// The state applying, for an accession.
    pub applicant: Option<String>,
    /// The members the decision concerns.
    pub concerned: Vec<String>,
    /// Bodies heard (`concerned` for the member concerned).
    pub consulted: Vec<String>,
    /// Bodies that consented (`concerned` for the member concerned).
    pub consented: Vec<String>,
    /// The deciding body's vote has passed.
    pub decided: bool,
    /// The deciding body's vote, to be counted (instead of `decided`).
    pub vote: Option<super::Ballot>,
    /// Members (and the applicant) that have ratified.
    pub ratified: Vec<String>,
    /// Procedures already completed, for the `requires` steps.
    pub completed: Vec<String>,
    /// The day the step under way began (`since`) and the day the question is
    /// asked (`on`): the step's periods run between them.
    pub time: super::Clock,
    /// The step under way had its period extended.
    pub extended: bool,
    /// Members that objected within an objection step's period.
    pub objected: Vec<String>,
    /// Efforts at consensus were declared exhausted in the deciding vote.
    pub exhausted: bool,
    /// A request step's request has been made (its period runs from `since`).
    pub requested: bool,
    /// Whether the member concerned complied with the request; `None`: not said.
    pub complied: Option<bool>,
}

/// Where a procedure stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcedureState {
    pub procedure: String,
    pub title: Option<String>,
    /// Every step is taken.
    pub adopted: bool,
    /// Each step, in order, taken or not.
    pub steps: Vec<Check>,
    /// The first step not yet taken, in words, with who takes it.
    pub next: Option<String>,
    /// Why the procedure has failed: the deciding body's vote, counted, fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
    /// What could not be decided, so that the act is not known to be adopted:
    /// the membership criteria of an applicant whose facts are not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undecided: Option<String>,
    /// `undecided` is the verdict, and a step's own: the deciding vote's (a
    /// fallback whose period cannot be known to have run) or whether a step is
    /// needed at all (its condition cannot be told from the facts), not the
    /// criteria's. The steps after it wait on it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub undecided_vote: bool,
}

/// Where a procedure stands, in one word and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Every step is taken.
    Adopted,
    /// The next step, in words.
    Pending(String),
    /// Why it can no longer be adopted.
    Failed(String),
    /// What the facts or the days given cannot tell.
    Undecided(String),
}

impl ProcedureState {
    pub fn standing(&self) -> Standing {
        match (&self.failed, &self.undecided, &self.next) {
            (Some(why), _, _) => Standing::Failed(why.clone()),
            (None, Some(why), None) if self.undecided_vote => Standing::Undecided(why.clone()),
            (None, Some(why), None) => Standing::Undecided(format!(
                "every other step is taken, and the membership criteria are {why}"
            )),
            (None, _, None) => Standing::Adopted,
            (None, _, Some(next)) => Standing::Pending(next.clone()),
        }
    }
}

/// The state of procedure `name` after the steps `taken`. Names that are not
/// the treaty's bodies, members or procedures are errors (E0902), never steps
/// quietly not taken.
pub fn procedure(
    program: &Program,
    name: &str,
    taken: &Taken,
    facts: &super::Facts,
    context: &super::Context,
) -> Result<ProcedureState, Problem> {
    let p = program.procedures.iter().find(|p| p.name == name).ok_or_else(|| {
        let known: Vec<String> = program.procedures.iter().map(|p| format!("`{}`", p.name)).collect();
        Problem::new(Code::E0902, format!("there is no procedure `{name}`"))
            .about(name)
            .with_help(if known.is_empty() {
                "the treaty declares no procedure".to_string()
            } else {
                format!("the procedures are {}", known.join(", "))
            })
    })?;
    let members: Vec<&str> = program.members.iter().map(|m| m.id.as_str()).collect();
    let is_body = |b: &str| program.body(b).is_some();
    let is_member = |m: &str| members.contains(&m);
    let applicant = taken.applicant.as_deref();
    for who in &taken.initiated_by {
        if !is_body(who) && !is_member(who) && Some(who.as_str()) != applicant {
            return Err(
                Problem::new(Code::E0902, format!("`{who}` is neither a body nor a member"))
                    .about(who.as_str())
                    .with_help("name the body or the members that took the initiative"),
            );
        }
    }
    for who in taken.consulted.iter().chain(&taken.consented) {
        if !is_body(who) && who != "concerned" {
            return Err(Problem::new(Code::E0902, format!("there is no body `{who}`"))
                .about(who.as_str())
                .with_help("name a body, or `concerned` for the member concerned"));
        }
    }
    for m in taken.concerned.iter().chain(&taken.ratified) {
        if !is_member(m) && Some(m.as_str()) != applicant {
            return Err(
                Problem::new(Code::E0902, format!("`{m}` is not a party to `{}`", program.treaty))
                    .about(m.as_str())
                    .with_help(format!("its parties are {}", members.join(", "))),
            );
        }
    }
    for m in &taken.objected {
        if !is_member(m) {
            return Err(
                Problem::new(Code::E0902, format!("`{m}` is not a member of `{}`", program.treaty))
                    .about(m.as_str())
                    .with_help(format!(
                        "an objection is made by a member (or its parliament): {}",
                        members.join(", ")
                    )),
            );
        }
    }
    if let (Some(since), Some(today)) = (taken.time.since, taken.time.today) {
        if today < since {
            return Err(Problem::new(
                Code::E0903,
                format!("the question is asked on {today}, before the step under way began on {since}"),
            )
            .with_help("`since` is the day the step under way began; `on` a day after it"));
        }
    }
    for done in &taken.completed {
        if !program.procedures.iter().any(|q| &q.name == done) {
            return Err(Problem::new(Code::E0902, format!("there is no procedure `{done}`")).about(done.as_str()));
        }
    }
    let mut steps = Vec::new();
    let mut failed = None;
    let mut undecided = None;
    let mut undecided_vote = false;
    let mut criteria_open = false;
    if let Some(c) = criteria(program, p, taken, context) {
        match c.met {
            None => {
                criteria_open = true;
                undecided = Some(c.check.actual.clone());
            }
            // Not admitted, however the other steps go.
            Some(false) => {
                failed = Some(format!(
                    "the applicant does not meet the membership criteria: {}",
                    c.check.actual
                ))
            }
            Some(true) => {}
        }
        steps.push(c.check);
    }
    // The periods run from `since`, the day the step under way began: the first
    // step not taken. A step deemed taken when its period ran out hands the
    // clock on to the next, which began that day.
    let mut clock = taken.time;
    let mut under_way = false;
    // Steps whose condition the facts cannot tell, not taken: (index, condition).
    let mut unsure: Vec<(usize, String)> = Vec::new();
    for s in &p.steps {
        let mut c = match (&s.kind, &taken.vote) {
            (
                ProcedureStep::Decision {
                    body,
                    rule,
                    excluding_concerned,
                    ..
                },
                Some(ballot),
            ) => {
                let (c, why, open) = counted(program, p, body, rule, *excluding_concerned, taken, ballot, facts)?;
                failed = failed.or(why);
                if let Some(open) = open {
                    undecided_vote = true;
                    undecided = undecided.or(Some(format!("the vote of `{body}` is undecided: {open}")));
                }
                c
            }
            (kind, _) => step(kind, taken, &members)?,
        };
        // A step needed only when its condition holds is passed over when it
        // does not; taken anyway, it is taken. When the facts cannot tell, the
        // step is neither needed nor not: the procedure waits on the facts.
        if let Some(when) = &s.when {
            let found = super::condition(program, context, None, when);
            // A condition that is one fact says its value once, not twice.
            let used = match found.used.iter().next() {
                Some((k, v)) if found.used.len() == 1 && *k == when.to_string() => format!(" ({v})"),
                _ => used_words(&found.used),
            };
            match found.holds {
                Some(false) if !c.met => {
                    c.met = true;
                    c.actual = format!("not needed: `{when}` does not hold{used}");
                    steps.push(c);
                    continue;
                }
                Some(true) => c.required = format!("{}, needed as `{when}` holds{used}", c.required),
                None if !c.met => {
                    let why = unknown_words(&found);
                    c.actual = format!("{}; whether it is needed (`{when}`) is not known: {why}", c.actual);
                    unsure.push((steps.len(), why));
                    steps.push(c);
                    continue;
                }
                _ => {}
            }
        }
        match &s.kind {
            ProcedureStep::Objection { .. } if !taken.objected.is_empty() => {
                failed = failed.or(Some(format!(
                    "{} objected within the period, so the decision is not adopted",
                    taken.objected.join(", ")
                )));
            }
            ProcedureStep::Request { by, .. } if taken.requested && taken.complied == Some(true) => {
                failed = failed.or(Some(format!(
                    "the member concerned complied with the request of `{by}`, so the steps after it are not taken"
                )));
            }
            _ => {}
        }
        if !c.met && !under_way && failed.is_none() {
            match in_time(&s.kind, &mut c, clock, taken) {
                Timed::Running => under_way = true,
                Timed::Deemed(end) => clock.since = Some(end),
                Timed::Lapsed(why) => failed = Some(why),
            }
        }
        steps.push(c);
    }
    if taken.vote.is_some() && !p.steps.iter().any(|s| matches!(s.kind, ProcedureStep::Decision { .. })) {
        return Err(Problem::new(
            Code::E0903,
            format!("procedure `{}` has no decision step for a vote to count in", p.name),
        )
        .with_help("leave out the ballot (`--yes`, `--no`, `--abstain`)"));
    }
    // Criteria the facts cannot decide are no step anyone takes: the next step
    // is the first of the procedure's own not taken.
    let own = usize::from(criteria_open);
    let open: Vec<usize> = (own..steps.len())
        .filter(|i| steps.get(*i).is_some_and(|c| !c.met))
        .collect();
    let next = if failed.is_some() || undecided_vote {
        None
    } else {
        let say = |i: &usize| steps.get(*i).map(|c| c.required.clone());
        let name = |i: &usize| steps.get(*i).map(|c| c.name.clone()).unwrap_or_default();
        match open.first() {
            None => None,
            Some(first) => match unsure.iter().find(|(at, _)| at == first) {
                // Whether the first open step is needed is not known: the next
                // is it, if it is, or the first open step after it.
                Some((_, why)) => match open.iter().skip(1).find_map(say) {
                    Some(after) => Some(format!(
                        "{}, if it is needed ({why}); otherwise {after}",
                        say(first).unwrap_or_default()
                    )),
                    None => {
                        undecided_vote = true;
                        undecided = Some(format!(
                            "every other step is taken, and whether the {} is needed is not known: {why}",
                            name(first)
                        ));
                        None
                    }
                },
                None => say(first),
            },
        }
    };
    Ok(ProcedureState {
        procedure: p.name.clone(),
        title: p.title.clone(),
        adopted: failed.is_none() && steps.iter().all(|c| c.met),
        steps,
        next,
        failed,
        undecided,
        undecided_vote,
    })
}

/// What the clock says of the step under way.
enum Timed {
    /// Still under way (within its period, overdue, or with days not given).
    Running,
    /// Taken when its period ran out on this day: the next step begins then.
    Deemed(crate::time::Date),
    /// The proposal lapsed: why.
    Lapsed(String),
}

/// The step under way, judged by its period: an objection step is passed when
/// its period has run with no objection; a step with a time limit is deemed
/// taken, lapses or is overdue when its limit has run out. The days not given,
/// nothing is assumed: the step stays under way and says what is missing.
fn in_time(s: &ProcedureStep, c: &mut Check, clock: super::Clock, taken: &Taken) -> Timed {
    let extended = taken.extended;
    let missing = "(give the day the step began, `since DATE` / `--since`, and the day asked, `on DATE` / `--on`)";
    match s {
        ProcedureStep::Objection { within, .. } => match clock.has_run(*within) {
            Some((true, end)) => {
                c.met = true;
                c.actual = format!("no objection within {within}: the period ran out on {end}");
                Timed::Deemed(end)
            }
            Some((false, end)) => {
                c.actual = format!("no objection so far; objections can be made until {end}");
                Timed::Running
            }
            None => {
                c.actual = format!("not known to have run {missing}");
                Timed::Running
            }
        },
        // The member concerned has the period to comply; once it has run, the
        // steps after the request may be taken.
        ProcedureStep::Request {
            within: Some(within), ..
        } if taken.requested && taken.complied.is_none() => match clock.has_run(*within) {
            Some((true, end)) => {
                c.met = true;
                c.actual = format!("requested, and not complied with within {within}: the period ran out on {end}");
                Timed::Deemed(end)
            }
            Some((false, end)) => {
                c.actual = format!("requested; the member concerned may comply until {end}");
                Timed::Running
            }
            None => {
                c.actual = format!("requested; whether the period to comply has run is not known {missing}");
                Timed::Running
            }
        },
        ProcedureStep::Consultation { deadline: Some(d), .. }
        | ProcedureStep::Consent { deadline: Some(d), .. }
        | ProcedureStep::Decision { deadline: Some(d), .. } => {
            let period = match (extended, d.extension) {
                (true, Some(more)) => clock
                    .since
                    .and_then(|s| s.after(d.within)?.after(more))
                    .zip(clock.today),
                _ => clock.since.and_then(|s| s.after(d.within)).zip(clock.today),
            };
            let Some((end, today)) = period else {
                c.actual = format!(
                    "{}; whether its time limit has run out is not known {missing}",
                    c.actual
                );
                return Timed::Running;
            };
            let limit = if extended && d.extension.is_some() {
                format!("the time limit, extended, ran out on {end}")
            } else {
                format!("the time limit ran out on {end}")
            };
            if today <= end {
                c.actual = format!("{}; it may be taken until {end}", c.actual);
                return Timed::Running;
            }
            match d.expiry {
                crate::ir::Expiry::Approved => {
                    c.met = true;
                    c.actual = format!("deemed taken: {limit} with no decision");
                    Timed::Deemed(end)
                }
                crate::ir::Expiry::Lapses => {
                    c.actual = format!("not taken: {limit}");
                    Timed::Lapsed(format!(
                        "the proposal lapsed: {} was not taken in time ({limit})",
                        c.name
                    ))
                }
                crate::ir::Expiry::Overdue => {
                    c.actual = format!("overdue: {limit}, and the treaty says nothing of what follows");
                    Timed::Running
                }
            }
        }
        _ => Timed::Running,
    }
}

/// The membership criteria, as a step of an act that admits a state.
pub(crate) struct CriteriaStep {
    pub check: Check,
    /// `None`: a criterion could not be decided from the facts given.
    pub met: Option<bool>,
}

/// A procedure that admits a state (`for membership`, or the one `accession by
/// procedure` names) holds its applicant to the membership criteria (#23).
/// `None` when the procedure admits no one or names no applicant.
fn criteria(
    program: &Program,
    p: &crate::ir::Procedure,
    taken: &Taken,
    context: &super::Context,
) -> Option<CriteriaStep> {
    let admits = p.act.as_deref() == Some("membership")
        || program
            .membership
            .accession
            .as_ref()
            .is_some_and(|a| matches!(&a.by, crate::ir::Act::Procedure { procedure } if procedure == &p.name));
    if !admits {
        return None;
    }
    admission_criteria(program, context, taken.applicant.as_deref()?)
}

/// Whether `applicant` meets the membership criteria, as a step of the act that
/// admits it: a state that fails one is not admitted, however the votes go, and
/// one whose facts are not given is not known to be admitted. `None` when the
/// treaty has no criteria.
pub(crate) fn admission_criteria(program: &Program, context: &super::Context, applicant: &str) -> Option<CriteriaStep> {
    if program.criteria.is_empty() {
        return None;
    }
    let names: Vec<String> = program.criteria.iter().map(|c| format!("`{}`", c.name)).collect();
    let required = format!("`{applicant}` meets every membership criterion ({})", names.join(", "));
    let (met, actual) = match super::eligible(program, context, applicant) {
        Err(_) => (
            None,
            format!("undecided: the facts given have no row for `{applicant}`"),
        ),
        Ok(e) => match e.eligible {
            Some(true) => (Some(true), "every criterion met".to_string()),
            Some(false) => {
                let failing: Vec<String> = e
                    .criteria
                    .iter()
                    .filter(|c| c.met == Some(false))
                    .map(|c| {
                        let used: Vec<String> = c.used.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                        format!("`{}` ({})", c.criterion, used.join(", "))
                    })
                    .collect();
                (Some(false), format!("fails {}", failing.join(", ")))
            }
            None => {
                let open: Vec<String> = e
                    .criteria
                    .iter()
                    .filter(|c| c.met.is_none())
                    .map(|c| format!("`{}`", c.criterion))
                    .collect();
                (
                    None,
                    format!("undecided: {} cannot be decided from the facts given", open.join(", ")),
                )
            }
        },
    };
    Some(CriteriaStep {
        check: Check {
            name: "membership criteria".to_string(),
            required,
            actual,
            met: met == Some(true),
            criterion: None,
        },
        met,
    })
}

/// The steps, other than the vote itself, of the procedures in which `body`
/// takes `decision` (a procedure named after the decision, or `for` it, with a
/// decision step of that body). `eval vote` decides the vote only: these steps
/// are listed as not taken, so that a vote that passes is not called an adopted act.
pub fn around_vote(program: &Program, body: &str, decision: &str) -> Result<Vec<Check>, Problem> {
    let members: Vec<&str> = program.members.iter().map(|m| m.id.as_str()).collect();
    let mut out = Vec::new();
    for p in &program.procedures {
        let about = p.name == decision || p.act.as_deref() == Some(decision);
        let decided_here = p
            .steps
            .iter()
            .any(|s| matches!(&s.kind, ProcedureStep::Decision { body: b, .. } if b == body));
        if !about || !decided_here {
            continue;
        }
        for s in &p.steps {
            if matches!(&s.kind, ProcedureStep::Decision { body: b, .. } if b == body) {
                continue;
            }
            let mut c = step(&s.kind, &Taken::default(), &members)?;
            c.name = format!("procedure `{}`: {}", p.name, c.name);
            c.actual = format!(
                "not followed by `eval vote` (`treatyc eval FILE procedure --name {}`)",
                p.name
            );
            c.met = false;
            out.push(c);
        }
    }
    Ok(out)
}

/// The decision step, counted from the deciding body's vote by the kernel; with
/// why the procedure fails when the vote does, and what is undecided when a
/// fallback's period cannot be known to have run.
#[expect(
    clippy::too_many_arguments,
    reason = "the step, the procedure and what was taken, each needed"
)]
fn counted(
    program: &Program,
    p: &crate::ir::Procedure,
    body: &str,
    rule: &str,
    excluding_concerned: bool,
    taken: &Taken,
    ballot: &super::Ballot,
    facts: &super::Facts,
) -> Result<(Check, Option<String>, Option<String>), Problem> {
    let r = program
        .rule(rule)
        .ok_or_else(|| Problem::new(Code::E0902, format!("the rule `{rule}` is not in the program")))?;
    let mut ballot = ballot.clone();
    if ballot.concerned.is_empty() && excluding_concerned {
        ballot.concerned = taken.concerned.clone();
    }
    let how = super::HowConcerned {
        excluded: excluding_concerned,
        agrees: false,
    };
    ballot.time = taken.time;
    ballot.exhausted = taken.exhausted;
    let act = p.act.as_deref().unwrap_or(&p.name);
    let decided = super::decide_with_fallbacks(program, body, act, r, how, &ballot, facts)?;
    let verdict = decided.verdict;
    let t = verdict.tally;
    let tally = format!(
        "{} in favour, {} against, {} abstaining, {} absent, of {}",
        t.yes, t.no, t.abstain, t.absent, t.members
    );
    let unmet = super::unmet(&verdict);
    let required = format!(
        "`{body}` decides by `{rule}`{}",
        if excluding_concerned {
            ", the member concerned not voting"
        } else {
            ""
        }
    );
    let under = if decided.under == rule {
        String::new()
    } else {
        format!(" under the fallback `{}`", decided.under)
    };
    let why = match &decided.undecided {
        Some(_) => None,
        None => (!verdict.passes).then(|| format!("the vote of `{body}` fails{under}: {}", unmet.join("; "))),
    };
    let actual = match &decided.undecided {
        Some(u) => format!("undecided: {u}"),
        None if verdict.passes => format!("the vote passes{under}: {tally}"),
        None => format!("the vote fails{under}: {tally}"),
    };
    Ok((
        check(format!("decision of `{body}`"), required, actual, verdict.passes),
        why,
        decided.undecided,
    ))
}

/// ` (situation.x = false)`: the facts a condition read, or nothing.
fn used_words(used: &std::collections::BTreeMap<String, String>) -> String {
    if used.is_empty() {
        return String::new();
    }
    let said: Vec<String> = used.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    format!(" ({})", said.join(", "))
}

/// Why a condition has no value: the facts not given, or what could not be computed.
fn unknown_words(found: &super::questions::Finding) -> String {
    let mut why = Vec::new();
    if !found.missing.is_empty() {
        let verb = if found.missing.len() == 1 { "is" } else { "are" };
        why.push(format!("{} {verb} not given", found.missing.join(", ")));
    }
    if !found.problems.is_empty() {
        why.push(found.problems.join("; "));
    }
    if why.is_empty() {
        "cannot be told from the facts given".to_string()
    } else {
        why.join("; ")
    }
}

fn check(name: String, required: String, actual: String, met: bool) -> Check {
    Check {
        name,
        required,
        actual,
        met,
        criterion: None,
    }
}

/// `, within three months ...` after a step's requirement, or nothing.
fn limit(d: Option<&crate::ir::Deadline>) -> String {
    d.map(|d| format!(", {}", crate::words::deadline(d)))
        .unwrap_or_default()
}

fn taker_words(t: &StepTaker) -> String {
    match t {
        StepTaker::Body { body } => format!("`{body}`"),
        StepTaker::Concerned => "the member concerned".to_string(),
    }
}

fn given(list: &[String], t: &StepTaker, concerned: &[String]) -> bool {
    match t {
        StepTaker::Body { body } => list.contains(body),
        StepTaker::Concerned => list.iter().any(|x| x == "concerned" || concerned.contains(x)),
    }
}

/// A count of members as a number; far below 2^63, so exact.
fn count(n: usize) -> i128 {
    n as i128
}

fn step(s: &ProcedureStep, taken: &Taken, members: &[&str]) -> Result<Check, Problem> {
    Ok(match s {
        ProcedureStep::Initiative { by } => {
            let from_members: Vec<&String> = taken
                .initiated_by
                .iter()
                .filter(|m| members.contains(&m.as_str()) && !taken.concerned.contains(m))
                .collect();
            let mut met = false;
            let mut words = Vec::new();
            for i in by {
                match i {
                    Initiator::Body { body } => {
                        words.push(format!("`{body}`"));
                        met |= taken.initiated_by.contains(body);
                    }
                    Initiator::AnyMember => {
                        words.push("any member".to_string());
                        met |= !from_members.is_empty();
                    }
                    Initiator::Share { share } => {
                        // TFEU 354: the member concerned is not counted.
                        let base = members
                            .iter()
                            .filter(|m| !taken.concerned.iter().any(|c| c == *m))
                            .count();
                        let needed = share
                            .least_count(count(base), false)
                            .ok_or_else(|| Problem::new(Code::E0905, "the initiative share is too large to count"))?;
                        words.push(format!("{} of the members ({needed} of {base})", share.decimal()));
                        met |= count(from_members.len()) >= needed;
                    }
                    Initiator::Concerned => {
                        words.push("the member concerned".to_string());
                        met |= taken.initiated_by.iter().any(|m| taken.concerned.contains(m));
                    }
                    Initiator::Applicant => {
                        words.push("the applicant".to_string());
                        met |= taken.applicant.as_ref().is_some_and(|a| taken.initiated_by.contains(a));
                    }
                }
            }
            check(
                "initiative".to_string(),
                format!("an initiative by {}", words.join(" or ")),
                if taken.initiated_by.is_empty() {
                    "none taken (`--initiated-by`)".to_string()
                } else {
                    format!("taken by {}", taken.initiated_by.join(", "))
                },
                met,
            )
        }
        ProcedureStep::Consultation { of, deadline, .. } => {
            let met = given(&taken.consulted, of, &taken.concerned);
            check(
                format!("consultation of {}", taker_words(of)),
                format!("{} is heard{}", taker_words(of), limit(deadline.as_ref())),
                if met {
                    "heard".to_string()
                } else {
                    "not heard (`--consulted`)".to_string()
                },
                met,
            )
        }
        ProcedureStep::Consent { of, rule, deadline } => {
            let met = given(&taken.consented, of, &taken.concerned);
            let by = rule.as_ref().map(|r| format!(" by `{r}`")).unwrap_or_default();
            check(
                format!("consent of {}", taker_words(of)),
                format!("{} consents{by}{}", taker_words(of), limit(deadline.as_ref())),
                if met {
                    "given".to_string()
                } else {
                    "not given (`--consented`)".to_string()
                },
                met,
            )
        }
        ProcedureStep::Decision {
            body,
            rule,
            excluding_concerned,
            deadline,
        } => check(
            format!("decision of `{body}`"),
            format!(
                "`{body}` decides by `{rule}`{}{}",
                if *excluding_concerned {
                    ", the member concerned not voting"
                } else {
                    ""
                },
                limit(deadline.as_ref())
            ),
            if taken.decided {
                "decided".to_string()
            } else {
                "not decided (`--decided`; `eval vote` tells whether a vote passes)".to_string()
            },
            taken.decided,
        ),
        ProcedureStep::Ratification { share, applicant } => {
            let ratified = members
                .iter()
                .filter(|m| taken.ratified.iter().any(|r| r == *m))
                .count();
            let needed = share
                .least_count(count(members.len()), false)
                .ok_or_else(|| Problem::new(Code::E0905, "the ratification share is too large to count"))?;
            let applicant_ratified = taken.applicant.as_ref().is_some_and(|a| taken.ratified.contains(a));
            let all = share.same(Rational::ONE);
            let met = count(ratified) >= needed && (!applicant || applicant_ratified);
            check(
                "ratification".to_string(),
                format!(
                    "{}{}",
                    if all {
                        format!("all {} members ratify", members.len())
                    } else {
                        format!(
                            "{} of the members ratify ({needed} of {})",
                            share.decimal(),
                            members.len()
                        )
                    },
                    if *applicant { ", and the applicant" } else { "" }
                ),
                format!(
                    "{ratified} of {} ratified{}",
                    members.len(),
                    match (applicant, applicant_ratified) {
                        (true, true) => ", and the applicant",
                        (true, false) => ", not the applicant",
                        (false, _) => "",
                    }
                ),
                met,
            )
        }
        ProcedureStep::Objection { by, within } => check(
            "objection".to_string(),
            format!("no objection by {} within {within}", crate::words::objector(by)),
            if taken.objected.is_empty() {
                "no objection so far".to_string()
            } else {
                format!("objected by {} (`--objected-by`)", taken.objected.join(", "))
            },
            false,
        ),
        ProcedureStep::Request { by, within } => {
            let period = within.map(|w| format!(" within {w}")).unwrap_or_default();
            let (met, actual) = match (taken.requested, taken.complied) {
                (false, _) => (false, "not requested (`--requested`)".to_string()),
                (true, Some(true)) => (false, "requested, and complied with".to_string()),
                (true, Some(false)) => (true, "requested, and not complied with".to_string()),
                (true, None) if within.is_some() => (false, "requested".to_string()),
                (true, None) => (
                    false,
                    "requested; whether the member concerned complied is not given (`--complied`, `--not-complied`)"
                        .to_string(),
                ),
            };
            check(
                format!("request of `{by}`"),
                format!("`{by}` requests the member concerned to comply, and it does not{period}"),
                actual,
                met,
            )
        }
        ProcedureStep::Prerequisite { procedure } => {
            let met = taken.completed.contains(procedure);
            check(
                format!("requires `{procedure}`"),
                format!("procedure `{procedure}` has completed"),
                if met {
                    "completed".to_string()
                } else {
                    "not completed (`--completed`)".to_string()
                },
                met,
            )
        }
    })
}
