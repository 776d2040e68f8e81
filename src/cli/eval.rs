//! `treatyc eval`: votes, eligibility, compliance and stages, with the values used.

use super::facts::*;
use super::*;
use crate::diagnostics::Problem;

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "met",
        Some(false) => "FAILED",
        None => "unknown",
    }
}

/// Why a condition is unknown: the facts missing, and what could not be computed.
fn unknown_text(missing: &[String], problems: &[String]) -> String {
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("missing: {}", missing.join(", ")));
    }
    if !problems.is_empty() {
        parts.push(format!("not computed: {}", problems.join("; ")));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

fn used_text(used: &std::collections::BTreeMap<String, String>) -> String {
    used.iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn eval(args: EvalArgs) -> Result<ExitCode, Failure> {
    let program = load_program(&args.file, args.stage.as_deref())?;
    // On a date, every question is asked of the treaty as it stands that day.
    let situation = match &args.on {
        Some(day) => {
            let date = crate::time::Date::parse(day).map_err(|why| {
                Problem::new(Code::E1001, format!("`--on {day}` is not a date: {why}"))
                    .about(day.as_str())
                    .with_help("write the day as `2019-06-01`")
            })?;
            // The facts weigh the ratifications a treaty waits for.
            let (_, members) = load_facts_for(&program, args.facts.as_ref())?;
            let context = crate::eval::Context {
                members,
                ..Default::default()
            };
            let history = load_history(&program, args.history.as_ref(), Vec::new(), None, &context)?;
            Some((history.situation_in(&program, date, &context), history, date))
        }
        None if args.history.is_some() => {
            return Err(Problem::new(Code::E0905, "`--history` is given without `--on`")
                .with_help("name the day the question is asked for: `--on 2019-06-01`")
                .into())
        }
        None => None,
    };
    // The treaty as written, for the day's duties; the treaty of the day for every question.
    let written = situation.as_ref().map(|_| program.clone());
    let program = match &situation {
        Some((s, _, _)) => s.program(&program),
        None => program,
    };
    let today = situation.as_ref().map(|(_, _, d)| *d);
    let (facts, members) = load_facts_for(&program, args.facts.as_ref())?;
    // A ratification by a state that is not a party is a mistake in the question,
    // not a ratification to leave out quietly.
    let applicant = match &args.question {
        Question::Procedure { applicant, .. } => applicant.as_deref(),
        _ => None,
    };
    if !program.members.is_empty() {
        if let Some(stranger) = args
            .ratified
            .iter()
            .find(|id| !program.members.iter().any(|m| &m.id == *id) && Some(id.as_str()) != applicant)
        {
            let parties: Vec<&str> = program.members.iter().map(|m| m.id.as_str()).collect();
            return Err(Problem::new(
                Code::E0902,
                format!("`{stranger}` is not a party to `{}` and cannot ratify", program.treaty),
            )
            .with_help(format!("its parties are {}", parties.join(", ")))
            .into());
        }
    }
    // `--fact ENTITY.KEY=VALUE` joins `--world KEY=VALUE` and `--situation KEY=VALUE`.
    let mut by_entity: std::collections::BTreeMap<String, Vec<String>> = [
        ("world".to_string(), args.world.clone()),
        ("situation".to_string(), args.situation.clone()),
    ]
    .into_iter()
    .collect();
    for f in &args.fact {
        let Some((entity, pair)) = f.split_once('.').filter(|(e, p)| !e.is_empty() && p.contains('=')) else {
            return Err(Problem::new(Code::E0905, format!("`--fact {f}` is not a fact"))
                .about(f.as_str())
                .with_help("write ENTITY.KEY=VALUE, such as `--fact community.defence_target=2`")
                .into());
        };
        if entity == "member" {
            return Err(Problem::new(Code::E0905, format!("`--fact {f}` sets a member fact"))
                .about(f.as_str())
                .with_help("members' facts come from the facts file (`--facts FILE`)")
                .into());
        }
        by_entity.entry(entity.to_string()).or_default().push(pair.to_string());
    }
    let mut entities = std::collections::BTreeMap::new();
    for (entity, list) in &by_entity {
        entities.insert(entity.clone(), entity_facts(&program, list, entity)?);
    }
    let context = crate::eval::Context {
        members,
        entities,
        authorised: args.authorised.iter().cloned().collect(),
        ratified: args.ratified.iter().cloned().collect(),
    };
    match args.question {
        Question::Eligible { candidate } => {
            let r = crate::eval::eligible(&program, &context, &candidate)?;
            match args.format {
                Format::Json => print_json(&r)?,
                Format::Human => {
                    let verdict = match r.eligible {
                        Some(true) => "ELIGIBLE",
                        Some(false) => "NOT ELIGIBLE",
                        None => "UNDECIDED",
                    };
                    outln!("{verdict}: `{}`", r.candidate);
                    for c in &r.criteria {
                        outln!(
                            "  [{}] {}: {}{}",
                            yes_no(c.met),
                            c.criterion,
                            used_text(&c.used),
                            unknown_text(&c.missing, &c.problems)
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Question::Comply { member } => {
            let r = crate::eval::comply(&program, &context, member.as_deref())?;
            match args.format {
                Format::Json => print_json(&r)?,
                Format::Human => {
                    if r.breaches.is_empty() && !r.organs.iter().any(|o| o.breached == Some(true)) {
                        outln!("no breach of an obligation on facts");
                    }
                    for o in &r.organs {
                        let place = article_place(o.article.as_deref());
                        let who = if o.subject == "organisation" {
                            "the organisation".to_string()
                        } else {
                            format!("`{}`", o.subject)
                        };
                        match o.breached {
                            Some(true) => outln!(
                                "BREACH: {who} breaches `{}`{place}: {}",
                                o.obligation,
                                used_text(&o.used)
                            ),
                            _ => outln!("undecided: {who} and `{}`: {}", o.obligation, o.reasons.join("; ")),
                        }
                    }
                    for b in &r.breaches {
                        let place = article_place(b.article.as_deref());
                        outln!(
                            "BREACH: `{}` breaches `{}`{place}: {}",
                            b.member,
                            b.obligation,
                            used_text(&b.used)
                        );
                        if b.sanctions.is_empty() {
                            outln!("  no sanction is available");
                        }
                        for s in &b.sanctions {
                            outln!(
                                "  sanction{}: `{}` may {} by `{}`; the member concerned {}",
                                s.sanction.as_ref().map(|n| format!(" `{n}`")).unwrap_or_default(),
                                s.body,
                                s.measure,
                                s.rule,
                                if s.member_concerned_votes {
                                    "votes"
                                } else {
                                    "does not vote"
                                }
                            );
                        }
                    }
                    for (m, o, missing) in &r.undecided {
                        outln!("undecided: `{m}` and `{o}`: {}", missing.join("; "));
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Question::Procedure {
            name,
            initiated_by,
            applicant,
            concerned,
            consulted,
            consented,
            decided,
            completed,
            extended,
            objected_by,
            requested,
            complied,
            not_complied,
            ballot,
        } => {
            let time = clock(ballot.since.as_deref(), today)?;
            let exhausted = ballot.exhausted;
            let vote = (!ballot.is_empty()).then(|| crate::eval::Ballot {
                yes: ballot.yes,
                no: ballot.no,
                abstain: ballot.abstain,
                seated: ballot.seated,
                ..Default::default()
            });
            let taken = crate::eval::Taken {
                initiated_by,
                applicant,
                concerned,
                consulted,
                consented,
                decided,
                vote,
                ratified: args.ratified.clone(),
                completed,
                time,
                extended,
                objected: objected_by,
                exhausted,
                requested,
                complied: match (complied, not_complied) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
            };
            let r = crate::eval::procedure(&program, &name, &taken, &facts, &context)?;
            match args.format {
                Format::Json => print_json(&r)?,
                Format::Human => {
                    let title = r.title.as_ref().map(|t| format!(" ({t})")).unwrap_or_default();
                    match r.standing() {
                        crate::eval::Standing::Failed(why) => outln!("FAILED `{}`{title}: {why}", r.procedure),
                        crate::eval::Standing::Undecided(why) => outln!("UNDECIDED `{}`{title}: {why}", r.procedure),
                        crate::eval::Standing::Adopted => {
                            outln!("ADOPTED `{}`{title}: every step is taken", r.procedure)
                        }
                        crate::eval::Standing::Pending(next) => {
                            outln!("PENDING `{}`{title}: next, {next}", r.procedure)
                        }
                    }
                    for c in &r.steps {
                        outln!(
                            "  [{}] {}: required {}, actual {}",
                            if c.met { "ok" } else { "no" },
                            c.name,
                            c.required,
                            c.actual
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Question::Stage => {
            let r = crate::eval::stage(&program, &context);
            match args.format {
                Format::Json => print_json(&r)?,
                Format::Human => {
                    outln!(
                        "current stage: {}",
                        r.current
                            .as_deref()
                            .unwrap_or("none (the first stage's conditions are not met)")
                    );
                    for t in &r.next {
                        outln!(
                            "  next: `{}` entry condition {}: {}{}",
                            t.stage,
                            yes_no(t.entry_met),
                            used_text(&t.used),
                            unknown_text(&t.missing, &t.problems)
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Question::Status => {
            let (Some((_, history, date)), Some(written)) = (situation, written) else {
                return Err(Problem::new(Code::E0905, "`status` needs a day")
                    .with_help("name it, with the history of events: `--history FILE --on 2019-06-01`")
                    .into());
            };
            // Who an obligation binds and its conditions are read with the facts given.
            let s = history.situation_in(&written, date, &context);
            match args.format {
                Format::Json => print_json(&s)?,
                Format::Human => status_text(&program, &s),
            }
            Ok(ExitCode::SUCCESS)
        }
        Question::Vote {
            body,
            decision,
            ballot,
            concerned,
            participants,
            mut suspended,
            concerned_agrees,
            proposed_by,
            adopted_by,
            permitted,
        } => {
            // Seated as `--seated` says, else as the history's elections of the day have it.
            let mut ballot = ballot;
            if ballot.seated.is_empty() {
                if let Some(list) = situation.as_ref().and_then(|(s, _, _)| s.seated(&body)) {
                    ballot.seated = list;
                }
            }
            // The day's suspended members lose their votes in the bodies where they have one.
            if let Some((s, _, _)) = &situation {
                let voters = crate::eval::voters(&program, &body, &ballot.seated, &facts)
                    .map(|v| v.everyone())
                    .unwrap_or_default();
                for m in s.suspended() {
                    if voters.contains(&m) && !suspended.contains(&m) {
                        suspended.push(m);
                    }
                }
            }
            let ballot = crate::eval::Ballot {
                time: clock(ballot.since.as_deref(), today)?,
                exhausted: ballot.exhausted,
                contested: ballot.contested,
                yes: ballot.yes,
                no: ballot.no,
                abstain: ballot.abstain,
                participants,
                concerned,
                suspended,
                seated: ballot.seated,
                permitted,
                steps: crate::eval::Steps {
                    proposed_by,
                    adopted_by,
                    authorised: args.authorised.clone(),
                    ratified: args.ratified.clone(),
                    concerned_agrees,
                },
            };
            if let (Some((s, _, _)), Some(w)) = (&situation, &written) {
                if let Some(why) = s.no_rule(w, &body, &decision) {
                    return Err(Problem::new(Code::E0907, why)
                        .with_help("ask for a day on which the rule applies, or write the rule that applied before it (`before then RULE`)")
                        .into());
                }
            }
            let mut outcome = crate::eval::vote(&program, &body, &decision, &ballot, &facts)?;
            crate::eval::hold_to_criteria(&program, &context, &ballot.concerned, &mut outcome);
            if !outcome.vote_passes {
                outcome.why_not = crate::eval::why_not(&program, &body, &decision, &ballot, &facts)?;
            }
            match args.format {
                Format::Json => outln!("{}", serde_json::to_string_pretty(&outcome).map_err(|e| e.to_string())?),
                Format::Human => {
                    let t = &outcome.tally;
                    outln!(
                        "{} `{}` of `{}` by `{}`: {} in favour, {} against, {} abstaining, {} absent, of {}",
                        match (outcome.vote_passes, outcome.passes, &outcome.undecided) {
                            (_, _, Some(_)) => "UNDECIDED",
                            (_, true, _) => "PASSES",
                            (true, false, _) => "VOTE PASSES, NOT YET ADOPTED",
                            (false, _, _) => "FAILS",
                        },
                        outcome.decision,
                        outcome.body,
                        outcome.rule,
                        t.yes,
                        t.no,
                        t.abstain,
                        t.absent,
                        t.members
                    );
                    let show = |c: &crate::eval::Check, failed: &str| {
                        let mark = if c.met { "ok" } else { failed };
                        outln!("  [{mark}] {}: required {}, actual {}", c.name, c.required, c.actual);
                    };
                    if let Some(why) = &outcome.undecided {
                        outln!("  undecided: {why}");
                    }
                    if !outcome.branches.is_empty() {
                        outln!("  the rules the question went to, in order:");
                        outcome.branches.iter().for_each(|c| show(c, "no"));
                        outln!("  decided under `{}`:", outcome.decided_under);
                    }
                    outcome.checks.iter().for_each(|c| show(c, "no"));
                    if let Some(w) = &outcome.why_not {
                        why_not_text(w);
                    }
                    if !outcome.steps.is_empty() {
                        outln!("  the procedure's other steps:");
                    }
                    outcome.steps.iter().for_each(|c| show(c, "missing"));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What would have carried a failed vote, for people.
fn why_not_text(w: &crate::eval::WhyNot) {
    if w.none_would {
        outln!("  why not: no members voting in favour instead would carry it, not even all who could");
    } else if let Some(size) = w.size {
        let shown: Vec<String> = w.sets.iter().map(|s| format!("{{{}}}", s.join(", "))).collect();
        let more = w.count.saturating_sub(shown.len() as u64);
        outln!(
            "  why not: {} of {} voting in favour instead would have carried it: {}{}",
            if w.count == 1 {
                "one set".to_string()
            } else {
                format!("{} sets", w.count)
            },
            plural(size, "member"),
            shown.join(", "),
            if more > 0 {
                format!(", and {more} more")
            } else {
                String::new()
            }
        );
    } else if let Some(size) = w.stopped_at {
        outln!(
            "  why not: no set of fewer than {} voting in favour instead would carry it; the search stops there (more than {} ballots to try)",
            plural(size, "member"),
            crate::eval::MAX_BALLOTS
        );
    }
}

/// The days a question's periods run between: `--since` and `--on`.
fn clock(since: Option<&str>, today: Option<crate::time::Date>) -> Result<crate::eval::Clock, Problem> {
    let since = since
        .map(|day| {
            crate::time::Date::parse(day).map_err(|why| {
                Problem::new(Code::E1001, format!("`--since {day}` is not a date: {why}"))
                    .about(day)
                    .with_help("write the day as `2024-03-01`")
            })
        })
        .transpose()?;
    Ok(crate::eval::Clock { since, today })
}

/// `eval status`, for people.
fn status_text(program: &crate::ir::Program, s: &crate::timeline::Situation) {
    let members = s.members();
    outln!("on {}: {} members", s.date, members.len());
    if let Some(e) = &s.entry {
        let state = match (e.in_force, e.in_force_from) {
            (Some(true), Some(from)) => format!("in force since {from}"),
            (_, Some(from)) => format!("not in force: enters into force on {from}"),
            (Some(_), None) => "not in force: the ratifications do not meet the condition".to_string(),
            (None, _) => "undecided: a figure the condition needs is missing".to_string(),
        };
        outln!("entry into force: {state}; {} instruments deposited", e.ratified);
        if let Some(met) = e.condition_met {
            outln!("  condition met on {met}");
        }
        for p in &e.parts {
            let mark = match p.met {
                Some(true) => "met",
                Some(false) => "not met",
                None => "undecided",
            };
            outln!("  {}: {} ({mark})", p.part, p.actual);
        }
    }
    for a in &s.amendments {
        let state = match (a.in_force, a.in_force_from) {
            (Some(true), Some(from)) => format!("in force since {from}"),
            (_, Some(from)) => format!("not in force: enters into force on {from}"),
            (Some(_), None) => "not in force: the acceptances do not meet its condition".to_string(),
            (None, _) => "undecided: a figure its condition needs is missing".to_string(),
        };
        outln!("amendment {}: {state}", a.amendment);
        for p in &a.parts {
            outln!("  {}: {}", p.part, p.actual);
        }
        let list = |b: &[crate::timeline::Bound]| {
            b.iter()
                .map(|x| match x.from {
                    Some(f) => format!("{} (from {f})", x.state),
                    None => x.state.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let others: Vec<&str> = members
            .iter()
            .copied()
            .filter(|m| !a.binds.iter().chain(&a.pending).any(|b| b.state == *m))
            .collect();
        if a.binds.is_empty() {
            outln!("  binds none of the {} members", members.len());
        } else {
            outln!(
                "  binds {} of {} members: {}",
                a.binds.len(),
                members.len(),
                list(&a.binds)
            );
        }
        if !a.pending.is_empty() {
            outln!("  accepted, not yet bound: {}", list(&a.pending));
        }
        if !others.is_empty() {
            outln!("  the treaty without it binds: {}", others.join(", "));
        }
    }
    // Every member, and every other state whose standing has a story.
    for x in s
        .states
        .iter()
        .filter(|x| x.standing != crate::timeline::Standing::NotMember)
    {
        outln!("  {}: {}", x.state, x.standing.describe());
    }
    // Each body whose elections the history records: who holds its seats, to when.
    for seats in &s.seats {
        let held: Vec<&crate::timeline::HeldTerm> = seats.held().collect();
        outln!(
            "seats of {}: {} of {} elected seats held",
            seats.body,
            held.len(),
            seats.seats
        );
        for t in held {
            let who = if t.holder == t.state {
                t.holder.clone()
            } else {
                format!("{} ({})", t.holder, t.state)
            };
            let to = t
                .ends()
                .map(|e| format!(" to {}", crate::timeline::day_before(e)))
                .unwrap_or_default();
            let rest = if t.remainder {
                ", the rest of a vacated term"
            } else {
                ""
            };
            outln!("  {who}: from {}{to}{rest}", t.from);
        }
        if let Some(next) = seats.next_renewal() {
            outln!("  next seats to fill: from {next}");
        }
    }
    if !program.stages.is_empty() {
        outln!(
            "stage: {}",
            s.stage.as_deref().unwrap_or("none entered (the treaty as written)")
        );
    }
    for r in &s.rules {
        let applies = match &r.applies {
            Some(a) if *a == r.rule => "in force".to_string(),
            Some(a) => format!("not yet in force: `{a}` applies instead"),
            None => "not in force, and no rule applies instead".to_string(),
        };
        outln!("rule `{}` ({}): {applies}", r.rule, r.window);
    }
    for d in &s.duties {
        let state = match d.state {
            Some(st) => st.word().to_uppercase(),
            None => "UNDECIDED".to_string(),
        };
        outln!(
            "{state}: `{}`{} for `{}` ({}): {}",
            d.obligation,
            article_place(d.article.as_deref()),
            d.subject,
            d.timing,
            d.why
        );
    }
}

/// ` (article 7)`, or nothing for a provision outside any article.
fn article_place(article: Option<&str>) -> String {
    article.map(|a| format!(" (article {a})")).unwrap_or_default()
}
