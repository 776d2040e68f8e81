//! Running the scenarios a treaty carries (`treatyc test`), like Catala's test
//! scopes or `opa test`: each check evaluates the compiled rules and compares with
//! what the treaty says should happen.

use std::collections::BTreeSet;

use crate::ast::{
    ActRef, DatedCheck, DutyState, EventAct, ProcedureCheck, ProcedureOutcome, ProcedureVote, Scenario, ScenarioCheck,
    SeatVote, SeatsExpectation, StandingKind, Voters,
};
use crate::eval::{self, Ballot, Context, Facts};
use crate::ir::Program;
use crate::source::Span;
use crate::timeline::{day_before, Event, EventKind, History, Standing};

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub scenario: String,
    pub check: String,
    pub passed: bool,
    /// What happened, when it is not what was expected.
    pub detail: String,
    pub span: Span,
}

fn ids(v: &Voters, everyone: &[String]) -> Vec<String> {
    match v {
        Voters::All => everyone.to_vec(),
        Voters::List(list) => list.iter().map(|i| i.name.clone()).collect(),
        Voters::Seats(votes) => votes.iter().map(SeatVote::ballot_entry).collect(),
        Voters::AllExcept(list) => {
            let out: BTreeSet<&str> = list.iter().map(|i| i.name.as_str()).collect();
            everyone.iter().filter(|m| !out.contains(m.as_str())).cloned().collect()
        }
    }
}

/// The ballot of a procedure's deciding body: `all` is every voter of that body.
fn procedure_ballot(program: &Program, procedure: &str, v: &ProcedureVote, facts: &Facts) -> Ballot {
    let members: Vec<String> = program.members.iter().map(|m| m.id.clone()).collect();
    let seated = v.seated.as_ref().map(|s| ids(s, &members)).unwrap_or_default();
    let body = program.procedures.iter().find(|p| p.name == procedure).and_then(|p| {
        p.steps.iter().find_map(|s| match &s.kind {
            crate::ir::ProcedureStep::Decision { body, .. } => Some(body.clone()),
            _ => None,
        })
    });
    // `all` is every voter: an error finding them is the procedure's to report.
    let everyone = body
        .and_then(|b| eval::voters(program, &b, &seated, facts).ok())
        .map(|v| v.everyone())
        .unwrap_or_default();
    let list = |x: &Option<Voters>| x.as_ref().map(|x| ids(x, &everyone)).unwrap_or_default();
    Ballot {
        yes: list(&v.yes),
        no: list(&v.no),
        abstain: list(&v.abstain),
        seated,
        ..Default::default()
    }
}

/// A scenario's events, as the timeline reads them.
pub fn events(scenario: &Scenario) -> Vec<Event> {
    scenario
        .events
        .iter()
        .filter_map(|e| {
            let kind = EventKind::parse(&e.kind.name)?;
            let act = match (&e.act, &e.fact) {
                (_, Some(f)) => Some(format!("{}.{}", f.entity.name, f.name.name)),
                (Some(EventAct::Name(n)), _) => Some(n.name.clone()),
                (Some(EventAct::Act(ActRef::Procedure { procedure })), _) => Some(procedure.name.clone()),
                (Some(EventAct::Act(ActRef::Decision { body, decision })), _) => {
                    Some(format!("{}.{}", body.name, decision.name))
                }
                (None, None) => None,
            };
            // `stage union`, `done report`: a lone name of a stage, or of the organisation's
            // obligation, is what the event is about, not a state.
            let mut state = e.state.as_ref().map(|s| s.name.clone());
            let mut act = act;
            if act.is_none() && matches!(kind, EventKind::Stage | EventKind::Done) && e.fact.is_none() {
                let lone_is_state = kind == EventKind::Done && state.is_none();
                if !lone_is_state {
                    act = state.take();
                }
            }
            Some(Event {
                date: e.date.date,
                kind,
                state,
                act,
                value: e.fact.as_ref().map(|f| f.value.clone()),
                until: e.until.map(|d| d.date),
                holder: e.holder.as_ref().map(|h| h.value.clone()),
                at: e.span,
            })
        })
        .collect()
}

/// Runs a scenario's checks with the given facts and history; `stages` are
/// the programs of the treaty's stages, for the seats of a body on a date in one.
pub fn run(
    scenario: &Scenario,
    program: &Program,
    stages: &[Program],
    facts: &Facts,
    context: &Context,
    history: &History,
) -> Vec<Outcome> {
    scenario
        .checks
        .iter()
        .map(|check| {
            // `on DATE seats B ...` is asked of the stage of the day.
            if let ScenarioCheck::On { date, dated, span } = check {
                if let DatedCheck::Seats(inner) = dated.as_ref() {
                    return seats_on(
                        &scenario.name.name,
                        inner,
                        program,
                        stages,
                        facts,
                        context,
                        history,
                        date.date,
                        *span,
                    );
                }
            }
            // A vote on a day is asked of the treaty of the day's stage: the bodies
            // it adds or replaces decide.
            let staged = match check {
                ScenarioCheck::On { date, dated, .. } if matches!(dated.as_ref(), DatedCheck::Vote(_)) => history
                    .situation_in(program, date.date, context)
                    .stage
                    .and_then(|s| stages.iter().find(|p| p.stage.as_deref() == Some(s.as_str()))),
                _ => None,
            };
            let day = OnTheDay::default();
            run_check(
                &scenario.name.name,
                check,
                staged.unwrap_or(program),
                facts,
                context,
                history,
                &day,
                None,
            )
        })
        .collect()
}

/// `on DATE seats B expect ...`: with the stage and the members of the day.
#[expect(
    clippy::too_many_arguments,
    reason = "the check, the treaties of every stage and what the day holds, each needed"
)]
fn seats_on(
    name: &str,
    check: &ScenarioCheck,
    program: &Program,
    stages: &[Program],
    facts: &Facts,
    context: &Context,
    history: &History,
    date: crate::time::Date,
    span: Span,
) -> Outcome {
    let situation = history.situation_in(program, date, context);
    let staged = situation
        .stage
        .as_deref()
        .and_then(|s| stages.iter().find(|p| p.stage.as_deref() == Some(s)))
        .unwrap_or(program);
    let dated_program = situation.program(staged);
    let mut o = match check {
        ScenarioCheck::Seats { body, expect, .. } => seats_check(name, &dated_program, facts, body, expect, span),
        other => run_check(
            name,
            other,
            &dated_program,
            facts,
            context,
            history,
            &OnTheDay::of(&situation),
            Some(date),
        ),
    };
    o.check = format!("on {date} {}", o.check);
    o
}

/// What the history says of the day a check is asked on.
#[derive(Debug, Default)]
struct OnTheDay {
    /// The members whose voting rights are suspended.
    suspended: Vec<String>,
    /// The members holding each body's elected seats, by its elections.
    seated: std::collections::BTreeMap<String, Vec<String>>,
}

impl OnTheDay {
    fn of(situation: &crate::timeline::Situation) -> OnTheDay {
        OnTheDay {
            suspended: situation.suspended(),
            seated: situation
                .seats
                .iter()
                .filter_map(|s| Some((s.body.clone(), situation.seated(&s.body)?)))
                .collect(),
        }
    }
}

/// One check; `today` is the day of an `on DATE` check, to which a vote's or a
/// procedure's periods run.
#[expect(
    clippy::too_many_arguments,
    reason = "the check, the treaty of the day and what the day holds, each needed"
)]
fn run_check(
    name: &str,
    check: &ScenarioCheck,
    program: &Program,
    facts: &Facts,
    context: &Context,
    history: &History,
    day: &OnTheDay,
    today: Option<crate::time::Date>,
) -> Outcome {
    let suspended = day.suspended.as_slice();
    let name = name.to_string();
    let outcome = |check: String, passed: bool, detail: String, span: Span| Outcome {
        scenario: name.clone(),
        check,
        passed,
        detail,
        span,
    };
    match check {
        ScenarioCheck::Vote {
            body,
            decision,
            yes,
            no,
            abstain,
            participants,
            concerned,
            seated,
            permitted,
            steps,
            expect_passes,
            vote_only,
            span,
        } => {
            let description = format!(
                "vote {}.{} expect {}{}",
                body.name,
                decision.name,
                if *vote_only { "vote " } else { "" },
                if *expect_passes { "passes" } else { "fails" }
            );
            let members: Vec<String> = program.members.iter().map(|m| m.id.clone()).collect();
            // Seated as the scenario says, else as the history's elections of the day have it.
            let seated = match seated {
                Some(v) => ids(v, &members),
                None => day.seated.get(&body.name).cloned().unwrap_or_default(),
            };
            // `all` is every voter: an error finding them is the vote's to report.
            let voters = eval::voters(program, &body.name, &seated, facts)
                .map(|v| v.everyone())
                .unwrap_or_default();
            // Only the body's own voters lose their votes; `all` is every voter who keeps one.
            let suspended: Vec<String> = suspended.iter().filter(|s| voters.contains(s)).cloned().collect();
            let everyone: Vec<String> = voters.into_iter().filter(|m| !suspended.contains(m)).collect();
            let list = |v: &Option<Voters>| v.as_ref().map(|v| ids(v, &everyone)).unwrap_or_default();
            let ballot = Ballot {
                time: eval::Clock {
                    since: steps.since.map(|d| d.date),
                    today,
                },
                exhausted: steps.exhausted,
                contested: steps.contested,
                yes: list(yes),
                no: list(no),
                abstain: list(abstain),
                participants: participants.as_ref().map(|v| ids(v, &everyone)),
                concerned: list(concerned),
                suspended,
                seated,
                permitted: permitted.as_ref().map(|v| ids(v, &members)).unwrap_or_default(),
                steps: eval::Steps {
                    proposed_by: steps.proposed_by.as_ref().map(|b| b.name.clone()),
                    adopted_by: steps.adopted_by.iter().map(|b| b.name.clone()).collect(),
                    authorised: steps.authorised.iter().map(|b| b.name.clone()).collect(),
                    ratified: steps
                        .ratified
                        .as_ref()
                        .map(|v| {
                            let parties: Vec<String> = program.members.iter().map(|m| m.id.clone()).collect();
                            ids(v, &parties)
                        })
                        .unwrap_or_default(),
                    concerned_agrees: steps.agreed_by_concerned,
                },
            };
            match eval::vote(program, &body.name, &decision.name, &ballot, facts) {
                Ok(mut o) => {
                    eval::hold_to_criteria(program, context, &ballot.concerned, &mut o);
                    let steps: &[eval::Check] = if *vote_only { &[] } else { &o.steps };
                    if let Some(why) = &o.undecided {
                        return outcome(description, false, format!("undecided: {why}"), *span);
                    }
                    let passes = if *vote_only { o.vote_passes } else { o.passes };
                    let failed: Vec<String> = o
                        .checks
                        .iter()
                        .chain(steps)
                        .filter(|c| !c.met)
                        .map(|c| format!("{}: required {}, actual {}", c.name, c.required, c.actual))
                        .collect();
                    Outcome {
                        scenario: name.clone(),
                        check: description,
                        passed: passes == *expect_passes,
                        detail: if passes {
                            "it passes".to_string()
                        } else {
                            format!("it fails: {}", failed.join("; "))
                        },
                        span: *span,
                    }
                }
                Err(e) => outcome(description, false, problem_text(&e), *span),
            }
        }
        ScenarioCheck::Seats { body, expect, span } => seats_check(&name, program, facts, body, expect, *span),
        ScenarioCheck::Candidate {
            id,
            expect_eligible,
            span,
        } => {
            let description = format!(
                "candidate {} expect {}eligible",
                id.name,
                if *expect_eligible { "" } else { "not " }
            );
            match eval::eligible(program, context, &id.name) {
                Ok(r) => {
                    let failed: Vec<&str> = r
                        .criteria
                        .iter()
                        .filter(|c| c.met != Some(true))
                        .map(|c| c.criterion.as_str())
                        .collect();
                    Outcome {
                        scenario: name.clone(),
                        check: description,
                        passed: r.eligible == Some(*expect_eligible),
                        detail: match r.eligible {
                            Some(true) => "every criterion is met".to_string(),
                            Some(false) => format!("not met: {}", failed.join(", ")),
                            None => format!("undecided, facts missing for: {}", failed.join(", ")),
                        },
                        span: *span,
                    }
                }
                Err(e) => outcome(description, false, problem_text(&e), *span),
            }
        }
        ScenarioCheck::Procedure(check) => {
            let ProcedureCheck {
                name: procedure,
                applicant,
                concerned,
                initiated_by,
                consulted,
                consented,
                decided,
                ratified,
                completed,
                voted,
                since,
                extended,
                objected,
                exhausted,
                requested,
                complied,
                expect,
                span,
            } = check;
            let word = |o: ProcedureOutcome| match o {
                ProcedureOutcome::Adopted => "adopted",
                ProcedureOutcome::Pending => "pending",
                ProcedureOutcome::Failed => "failed",
                ProcedureOutcome::Undecided => "undecided",
            };
            let description = format!("procedure {} expect {}", procedure.name, word(*expect));
            let everyone: Vec<String> = program.members.iter().map(|m| m.id.clone()).collect();
            let names = |l: &[crate::ast::Ident]| l.iter().map(|i| i.name.clone()).collect::<Vec<_>>();
            let taken = eval::Taken {
                initiated_by: initiated_by.as_ref().map(|v| ids(v, &everyone)).unwrap_or_default(),
                applicant: applicant.as_ref().map(|a| a.name.clone()),
                concerned: names(concerned),
                consulted: names(consulted),
                consented: names(consented),
                decided: *decided,
                vote: voted
                    .as_ref()
                    .map(|v| procedure_ballot(program, &procedure.name, v, facts)),
                ratified: ratified
                    .as_ref()
                    .map(|(v, others)| {
                        let mut all = ids(v, &everyone);
                        all.extend(names(others));
                        all
                    })
                    .unwrap_or_default(),
                completed: names(completed),
                time: eval::Clock {
                    since: since.map(|d| d.date),
                    today,
                },
                extended: *extended,
                objected: names(objected),
                exhausted: *exhausted,
                requested: *requested,
                complied: *complied,
            };
            let (passed, detail) = match eval::procedure(program, &procedure.name, &taken, facts, context) {
                Ok(state) => {
                    let (outcome, detail) = match state.standing() {
                        eval::Standing::Failed(why) => (ProcedureOutcome::Failed, format!("failed: {why}")),
                        eval::Standing::Undecided(why) => (ProcedureOutcome::Undecided, format!("undecided: {why}")),
                        eval::Standing::Adopted => (ProcedureOutcome::Adopted, "adopted".to_string()),
                        eval::Standing::Pending(next) => (ProcedureOutcome::Pending, format!("pending: next, {next}")),
                    };
                    (outcome == *expect, detail)
                }
                Err(e) => (false, problem_text(&e)),
            };
            outcome(description, passed, detail, *span)
        }
        ScenarioCheck::Member {
            id,
            expect_breach_of,
            span,
        } => {
            let description = match expect_breach_of {
                Some(a) => format!("member {} expect breach of article {}", id.name, a.text),
                None => format!("member {} expect no breach", id.name),
            };
            match eval::comply(program, context, Some(&id.name)) {
                Ok(r) => {
                    let articles: Vec<String> = r
                        .breaches
                        .iter()
                        .map(|b| b.article.clone().unwrap_or_else(|| b.obligation.clone()))
                        .collect();
                    // An obligation that cannot be decided is neither a breach nor
                    // compliance: it fails an expectation of either.
                    let undecided: Vec<String> = r
                        .undecided
                        .iter()
                        .map(|(_, o, why)| format!("`{o}` undecided ({})", why.join("; ")))
                        .collect();
                    let passed = match expect_breach_of {
                        Some(a) => articles.contains(&a.text),
                        None => articles.is_empty() && undecided.is_empty(),
                    };
                    let mut detail = if articles.is_empty() {
                        "no breach".to_string()
                    } else {
                        format!("breaches article {}", articles.join(", "))
                    };
                    if !undecided.is_empty() {
                        detail = format!("{detail}; {}", undecided.join("; "));
                    }
                    outcome(description, passed, detail, *span)
                }
                Err(e) => outcome(description, false, problem_text(&e), *span),
            }
        }
        ScenarioCheck::On { date, dated, span } => {
            let situation = history.situation_in(program, date.date, context);
            let on = |what: String| format!("on {} {what}", date.date);
            // A vote or a procedure asked on the day: the treaty, the members and
            // the clock of that day.
            let on_the_day = |check: &ScenarioCheck| {
                let dated_program = situation.program(program);
                let mut o = run_check(
                    &name,
                    check,
                    &dated_program,
                    facts,
                    context,
                    history,
                    &OnTheDay::of(&situation),
                    Some(date.date),
                );
                o.check = on(o.check);
                o
            };
            match dated.as_ref() {
                DatedCheck::Procedure(check) | DatedCheck::Seats(check) => on_the_day(check),
                DatedCheck::Vote(vote) => {
                    if let ScenarioCheck::Vote { body, decision, .. } = vote.as_ref() {
                        if let Some(why) = situation.no_rule(program, &body.name, &decision.name) {
                            let what = on(format!("vote {}.{}", body.name, decision.name));
                            return outcome(what, false, format!("[E0907] {why}"), *span);
                        }
                    }
                    on_the_day(vote)
                }
                DatedCheck::Count { members } => {
                    let actual = situation.members().len();
                    let expected = members.as_integer().and_then(|n| usize::try_from(n).ok());
                    outcome(
                        on(format!("expect {} members", members.text)),
                        expected == Some(actual),
                        format!("{actual} members: {}", situation.members().join(", ")),
                        *span,
                    )
                }
                DatedCheck::Standing { state, expected } => {
                    let word = match expected {
                        StandingKind::Member => "member",
                        StandingKind::NotMember => "not member",
                        StandingKind::Suspended => "suspended",
                        StandingKind::Withdrawing => "withdrawing",
                    };
                    let description = on(format!("expect {} {word}", state.name));
                    match situation.standing(&state.name) {
                        None => outcome(
                            description,
                            false,
                            format!(
                                "[E1006] `{}` is neither a party nor another state of the treaty",
                                state.name
                            ),
                            *span,
                        ),
                        Some(st) => {
                            let passed = match expected {
                                StandingKind::Member => st.is_member(),
                                StandingKind::NotMember => !st.is_member(),
                                StandingKind::Suspended => st.is_suspended(),
                                StandingKind::Withdrawing => matches!(st, Standing::Withdrawing { .. }),
                            };
                            outcome(description, passed, st.describe(), *span)
                        }
                    }
                }
                DatedCheck::Bound {
                    state,
                    amendment,
                    expected,
                } => {
                    let description = on(format!(
                        "expect {} {}bound by {}",
                        state.name,
                        if *expected { "" } else { "not " },
                        amendment.name
                    ));
                    match situation.amendments.iter().find(|a| a.amendment == amendment.name) {
                        None => outcome(
                            description,
                            false,
                            format!("[E0141] there is no amendment `{}`", amendment.name),
                            *span,
                        ),
                        Some(a) => {
                            let actual = a.binds_state(&state.name);
                            let detail = match (actual, a.in_force_from) {
                                (None, _) => {
                                    "undecided: a figure the amendment's condition needs is missing".to_string()
                                }
                                (Some(true), _) => {
                                    let from = a.binds.iter().find(|b| b.state == state.name).and_then(|b| b.from);
                                    format!("bound{}", from.map(|f| format!(" from {f}")).unwrap_or_default())
                                }
                                (Some(false), Some(entry)) => match a.pending.iter().find(|b| b.state == state.name) {
                                    Some(b) => format!(
                                        "accepted, bound from {}",
                                        b.from
                                            .map(|f| f.to_string())
                                            .unwrap_or_else(|| "a day not fixed".to_string())
                                    ),
                                    None => format!("not accepted (in force for those that accepted from {entry})"),
                                },
                                (Some(false), None) => "not bound: the amendment is not in force".to_string(),
                            };
                            outcome(description, actual == Some(*expected), detail, *span)
                        }
                    }
                }
                DatedCheck::Seated {
                    holder,
                    body,
                    eligible,
                    expected,
                } => {
                    let shown = if holder.value.contains(' ') {
                        format!("\"{}\"", holder.value)
                    } else {
                        holder.value.clone()
                    };
                    let description = on(format!(
                        "expect {shown} {}{} {}",
                        if *expected { "" } else { "not " },
                        if *eligible { "eligible for" } else { "seated in" },
                        body.name
                    ));
                    let (actual, detail) = if *eligible {
                        match situation.eligibility(program, &body.name, &holder.value) {
                            Ok(()) => (true, "eligible".to_string()),
                            Err(why) => (false, why),
                        }
                    } else {
                        match situation.seats.iter().find(|s| s.body == body.name) {
                            None => (false, format!("the history records no election to `{}`", body.name)),
                            Some(s) => match s.held().find(|t| t.holder == holder.value) {
                                Some(t) => (
                                    true,
                                    match t.ends() {
                                        Some(end) => format!("seated from {} to {}", t.from, day_before(end)),
                                        None => format!("seated from {}", t.from),
                                    },
                                ),
                                None => (false, "not seated".to_string()),
                            },
                        }
                    };
                    outcome(description, actual == *expected, detail, *span)
                }
                DatedCheck::InForce { expected, from } => {
                    let description = on(format!(
                        "expect {}in force{}",
                        if *expected { "" } else { "not " },
                        from.map(|d| format!(" from {}", d.date)).unwrap_or_default()
                    ));
                    let (actual, detail) = match (&situation.entry, program.in_force_from) {
                        (Some(entry), _) => {
                            let parts: Vec<String> = entry
                                .parts
                                .iter()
                                .map(|p| format!("{}: {}", p.part, p.actual))
                                .collect();
                            let when = match (entry.condition_met, entry.in_force_from) {
                                (Some(met), Some(from)) => format!("condition met on {met}, in force from {from}"),
                                _ => "condition not met".to_string(),
                            };
                            (
                                entry.in_force,
                                format!("{} instruments deposited; {}; {when}", entry.ratified, parts.join("; ")),
                            )
                        }
                        (None, Some(from)) => (Some(from <= date.date), format!("in force from {from}")),
                        (None, None) => (None, "the treaty gives no date of entry into force".to_string()),
                    };
                    let detail = match actual {
                        Some(true) => format!("in force: {detail}"),
                        Some(false) => format!("not in force: {detail}"),
                        None => format!("undecided: {detail}"),
                    };
                    // With a day: by then the day of entry into force is fixed, and is that day
                    // (whether it has come or not); `not` denies it.
                    let passed = match from {
                        Some(d) => {
                            let fixed = match &situation.entry {
                                Some(entry) => entry.in_force_from,
                                None => program.in_force_from,
                            };
                            (fixed == Some(d.date)) == *expected
                        }
                        None => actual == Some(*expected),
                    };
                    outcome(description, passed, detail, *span)
                }
                DatedCheck::Stage { stage } => {
                    let actual = situation.stage.clone();
                    outcome(
                        on(format!("expect stage {}", stage.name)),
                        actual.as_deref() == Some(stage.name.as_str()),
                        match actual {
                            Some(s) => format!("in stage {s}"),
                            None => "no stage entered: the treaty as written".to_string(),
                        },
                        *span,
                    )
                }
                DatedCheck::Rule { rule, decision } => {
                    let (description, applies) = match decision {
                        Some((body, d)) => {
                            let written = program
                                .body(&body.name)
                                .and_then(|b| b.power(&d.name))
                                .map(|p| p.rule.clone());
                            (
                                on(format!("expect rule {} for {}.{}", rule.name, body.name, d.name)),
                                match written {
                                    Some(w) => situation.rule_for(&w),
                                    None => None,
                                },
                            )
                        }
                        None => (
                            on(format!("expect rule {}", rule.name)),
                            situation.rule_for(&rule.name).filter(|r| *r == rule.name),
                        ),
                    };
                    outcome(
                        description,
                        applies.as_deref() == Some(rule.name.as_str()),
                        match applies {
                            Some(r) => format!("rule `{r}` applies"),
                            None => "no rule applies on that day".to_string(),
                        },
                        *span,
                    )
                }
                DatedCheck::Obligation {
                    state,
                    expected,
                    obligation,
                } => {
                    let who = state.as_ref().map(|s| format!("{} ", s.name)).unwrap_or_default();
                    let description = on(format!("expect {who}{} {}", expected.word(), obligation.name));
                    let found = situation.duties.iter().find(|d| {
                        d.obligation == obligation.name && state.as_ref().is_none_or(|s| s.name == d.subject)
                    });
                    match found {
                        Some(d) => outcome(
                            description,
                            d.state == Some(*expected),
                            match d.state {
                                Some(st) => format!("{}: {}", st.word(), d.why),
                                None => format!("undecided: {}", d.why),
                            },
                            *span,
                        ),
                        None => {
                            let found = program
                                .obligations
                                .iter()
                                .find(|o| o.label.as_deref() == Some(&obligation.name));
                            let (passed, detail) = match found {
                                // Due, met and overdue are said of obligations with a time limit only.
                                Some(o) if o.timing.is_none() => (
                                    false,
                                    format!(
                                        "`{}` has no time limit: it is never due, met or overdue",
                                        obligation.name
                                    ),
                                ),
                                Some(_) => (
                                    *expected == DutyState::NotDue,
                                    "not due: not in force, or not binding that subject".to_string(),
                                ),
                                None => (
                                    false,
                                    format!("[E1006] there is no obligation labelled `{}`", obligation.name),
                                ),
                            };
                            outcome(description, passed, detail, *span)
                        }
                    }
                }
            }
        }
    }
}

/// A problem with a scenario's question, in one line: its code, what is wrong
/// and the fix.
fn problem_text(p: &crate::diagnostics::Problem) -> String {
    match &p.help {
        Some(help) => format!("[{}] {}; {help}", p.code.as_str(), p.message),
        None => format!("[{}] {}", p.code.as_str(), p.message),
    }
}

/// `seats B expect ...`: the seats `B`'s rule gives on the scenario's facts,
/// among the members of the treaty (of the day, under `on DATE`).
fn seats_check(
    name: &str,
    program: &Program,
    facts: &Facts,
    body: &crate::ast::Ident,
    expect: &SeatsExpectation,
    span: Span,
) -> Outcome {
    let check = match expect {
        SeatsExpectation::Table(shares) => format!(
            "seats {} expect {}",
            body.name,
            shares
                .iter()
                .map(|s| format!("{} {}", s.member.name, s.seats.text))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        SeatsExpectation::Degressive { holds, before_rounding } => format!(
            "seats {} expect {}degressively proportional{}",
            body.name,
            if *holds { "" } else { "not " },
            if *before_rounding { " before rounding" } else { "" }
        ),
    };
    let outcome = |passed: bool, detail: String| Outcome {
        scenario: name.to_string(),
        check: check.clone(),
        passed,
        detail,
        span,
    };
    let run = match eval::seats_by_rule(program, &body.name, facts, None) {
        Ok((_, run)) => run,
        Err(e) => return outcome(false, problem_text(&e)),
    };
    if let Some(tie) = &run.tie {
        return outcome(
            false,
            format!("undecided: {} at one claim among {}", tie.seats, tie.states.join(", ")),
        );
    }
    match expect {
        SeatsExpectation::Table(shares) => {
            let wrong: Vec<String> = shares
                .iter()
                .filter_map(|s| {
                    let got = run.seats_of(&s.member.name);
                    let want = s.seats.as_integer().and_then(|n| u64::try_from(n).ok());
                    match got {
                        Some(g) if Some(g) == want => None,
                        Some(g) => Some(format!("{} has {g}", s.member.name)),
                        None => Some(format!("{} has no seats counted: not a member", s.member.name)),
                    }
                })
                .collect();
            let all: Vec<String> = run.states.iter().map(|s| format!("{} {}", s.id, s.seats)).collect();
            if wrong.is_empty() {
                outcome(true, format!("{} seats: {}", run.total, all.join(", ")))
            } else {
                outcome(
                    false,
                    format!("{}; the {} seats: {}", wrong.join(", "), run.total, all.join(", ")),
                )
            }
        }
        SeatsExpectation::Degressive { holds, before_rounding } => {
            let delegations: Vec<crate::apportion::condition::Delegation> = run
                .states
                .iter()
                .map(|s| crate::apportion::condition::Delegation {
                    id: s.id.clone(),
                    population: s.population,
                    seats: s.seats,
                })
                .collect();
            let found = crate::apportion::condition::breaches(&delegations, *before_rounding);
            let detail = if found.is_empty() {
                "every pair of members is in order".to_string()
            } else {
                let pairs: Vec<String> = found.iter().map(|b| b.describe(*before_rounding)).collect();
                format!(
                    "{} of members {}: {}",
                    if found.len() == 1 {
                        "1 pair".to_string()
                    } else {
                        format!("{} pairs", found.len())
                    },
                    if found.len() == 1 { "breaks it" } else { "break it" },
                    pairs.join("; ")
                )
            };
            outcome(found.is_empty() == *holds, detail)
        }
    }
}
