//! Membership and duties over time: a history of dated events, replayed to the
//! situation on a date.
//!
//! `History::new` checks the events against the treaty (states it knows, acts it
//! provides for, an order that can happen: E1005, E1006); `situation` replays
//! them to a date: who the members are and with what standing, which rule each
//! decision is taken by, the stage, the facts the events set, and each
//! obligation with a time limit (met, due, overdue, not due, or undecided with
//! why); `Situation::program` is the compiled treaty as it stands that day, so
//! that every body, rule base and vote follows the membership of the date.
//!
//! A period "ends at the end of its last day": a withdrawal taking effect "one
//! year after notice" given on 4 April 2020 leaves the state a member through 4
//! April 2021; an extension `until 31 January 2020` keeps it a member through
//! that day; a withdrawal agreement in force on 1 February 2020 ends membership
//! on that day.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ast::DutyState;
use crate::diagnostics::{Code, Diagnostic};
use crate::eval::{self, Context, Records};
use crate::ir::{Member, Moment, Obligation, Program, Timing};
use crate::source::{FileId, Span};
use crate::time::{Date, Length, TimeUnit};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A state becomes a member (deposit of its instrument, or the accession procedure completed).
    Accession,
    /// A member gives notice of withdrawal.
    Notice,
    /// The withdrawal period is extended `until` a date.
    Extension,
    /// The withdrawal takes effect on this day (an agreement enters into force).
    Withdrawal,
    /// A member's voting rights are suspended.
    Suspension,
    /// A suspended member's voting rights are restored.
    Reinstatement,
    Expulsion,
    /// A fact of the world or the situation takes a value (`situation.armed_attack = true`).
    Fact,
    /// An obligation is performed (by its label), by a member or the organisation.
    Done,
    /// A body takes a decision (`Council.determination`), concerning a member or not.
    Decision,
    /// The organisation enters a stage.
    Stage,
    /// A party deposits its instrument of ratification, acceptance or approval
    /// (`in force ... after ratification by ...`).
    Ratification,
    /// A member (or a person) is elected to a body's elected seats, for a term
    /// that begins on the day.
    Election,
    /// An elected holder's seat falls vacant before its term ends (death,
    /// resignation): the one elected next holds it for the rest of the term.
    Vacancy,
}

impl EventKind {
    pub const ALL: [(&'static str, EventKind); 14] = [
        ("accession", EventKind::Accession),
        ("notice", EventKind::Notice),
        ("extension", EventKind::Extension),
        ("withdrawal", EventKind::Withdrawal),
        ("suspension", EventKind::Suspension),
        ("reinstatement", EventKind::Reinstatement),
        ("expulsion", EventKind::Expulsion),
        ("fact", EventKind::Fact),
        ("done", EventKind::Done),
        ("decision", EventKind::Decision),
        ("stage", EventKind::Stage),
        ("ratification", EventKind::Ratification),
        ("election", EventKind::Election),
        ("vacancy", EventKind::Vacancy),
    ];

    pub fn parse(word: &str) -> Option<EventKind> {
        EventKind::ALL.iter().find(|(w, _)| *w == word).map(|(_, k)| *k)
    }

    pub fn word(self) -> &'static str {
        EventKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(w, _)| *w)
            .unwrap_or("event")
    }
}

/// One dated event, from a history file or a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: Date,
    pub kind: EventKind,
    pub state: Option<String>,
    /// A procedure's name, `Body.decision`, an obligation's label, a stage, or a
    /// fact (`situation.armed_attack`).
    pub act: Option<String>,
    /// A fact's value.
    pub value: Option<String>,
    /// An extension's last day.
    pub until: Option<Date>,
    /// The person elected to a body's seats, or whose seat falls vacant; `None`
    /// where the seats are the members' own (the state is the holder).
    pub holder: Option<String>,
    /// Where the event is written.
    pub at: Span,
}

/// A state's standing on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "standing", rename_all = "snake_case")]
pub enum Standing {
    Member,
    /// A member without its voting rights: still bound, does not vote.
    Suspended {
        since: Date,
    },
    /// A member that has given notice; `leaves` is the first day it is not a
    /// member, when a delay fixes it; its voting rights may be suspended meanwhile.
    Withdrawing {
        notice: Date,
        leaves: Option<Date>,
        #[serde(skip_serializing_if = "Option::is_none")]
        suspended_since: Option<Date>,
    },
    Withdrawn {
        on: Date,
    },
    Expelled {
        on: Date,
    },
    /// A party that has deposited its instrument and is not bound yet: the treaty
    /// is not in force, or it binds the party from `bound_from`.
    Ratified {
        deposited: Date,
        #[serde(skip_serializing_if = "Option::is_none")]
        bound_from: Option<Date>,
    },
    NotMember,
}

impl Standing {
    /// Bound by the treaty on the date.
    pub fn is_member(self) -> bool {
        matches!(
            self,
            Standing::Member | Standing::Suspended { .. } | Standing::Withdrawing { .. }
        )
    }

    /// Without its voting rights on the date.
    pub fn is_suspended(self) -> bool {
        matches!(
            self,
            Standing::Suspended { .. }
                | Standing::Withdrawing {
                    suspended_since: Some(_),
                    ..
                }
        )
    }

    pub fn describe(self) -> String {
        match self {
            Standing::Member => "member".to_string(),
            Standing::Suspended { since } => format!("member, voting rights suspended since {since}"),
            Standing::Withdrawing {
                notice,
                leaves,
                suspended_since,
            } => {
                let until = match leaves {
                    Some(l) => format!("a member through {}", day_before(l)),
                    None => "no date fixed".to_string(),
                };
                let suspended = suspended_since
                    .map(|d| format!(", voting rights suspended since {d}"))
                    .unwrap_or_default();
                format!("member, withdrawing (notice {notice}; {until}){suspended}")
            }
            Standing::Withdrawn { on } => format!("not a member: withdrawn on {on}"),
            Standing::Expelled { on } => format!("not a member: expelled on {on}"),
            Standing::Ratified {
                deposited,
                bound_from: Some(from),
            } => format!("not a member yet: ratified on {deposited}, bound from {from}"),
            Standing::Ratified { deposited, .. } => {
                format!("not a member yet: ratified on {deposited}; the treaty is not in force")
            }
            Standing::NotMember => "not a member".to_string(),
        }
    }
}

/// The day before `d` (the last day of a period whose first day after is `d`).
pub fn day_before(d: Date) -> Date {
    d.previous().unwrap_or(d)
}

/// The first day a state giving notice on `notice` is no longer a member, where
/// the treaty fixes one: the day after the delay has run, or the first day of
/// the next year (`at the end of the year of notice`), whichever comes first.
fn leaving_day(w: Option<&crate::ir::WithdrawalRule>, notice: Date) -> Option<Date> {
    let w = w?;
    let day = Length {
        amount: 1,
        unit: TimeUnit::Days,
    };
    // A member through the last day of the period, unless the withdrawal takes
    // effect on the day the period expires.
    let after_delay =
        w.after_notice
            .and_then(|l| notice.after(l))
            .and_then(|d| if w.on_expiry { Some(d) } else { d.after(day) });
    let year_end = w
        .at_year_end
        .and_then(|y| Date::new(notice.year() + 1 + y.years_after_notice(), 1, 1).ok());
    match (after_delay, year_end) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A treaty's events, checked against it and in date order.
#[derive(Debug, Clone, Default)]
pub struct History {
    events: Vec<Event>,
}

/// The columns of a history file, in order.
pub const COLUMNS: [&str; 5] = ["date", "event", "state", "act", "detail"];

/// Reads a history file: a CSV with the header `date,event,state,act,detail`
/// (dates as `2017-03-29`). Each malformed row is E1004 at its row and column.
pub fn parse_csv(file: FileId, text: &str) -> Result<Vec<Event>, Vec<Diagnostic>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let mut events = Vec::new();
    let malformed = |start: usize, end: usize, message: String, help: &str| {
        Diagnostic::new(Code::E1004, Span::new(file, start, end.max(start)), message)
            .with_primary_label("cannot be read")
            .with_help(help.to_string())
    };
    let mut header_seen = false;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map(|p| p.byte() as usize).unwrap_or(0);
                errors.push(malformed(
                    at,
                    at,
                    format!("the history file is not valid CSV: {e}"),
                    "check the quoting of the row",
                ));
                break;
            }
        };
        let row_start = record.position().map(|p| p.byte() as usize).unwrap_or(0);
        // Each field's place in the text, for the column of a diagnostic.
        let line_end = text
            .get(row_start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(text.len(), |i| row_start + i);
        let line = text.get(row_start..line_end).unwrap_or("");
        let field_at = |k: usize| -> (usize, usize) {
            let mut offset = row_start;
            for (i, part) in line.split(',').enumerate() {
                if i == k {
                    let lead = part.len() - part.trim_start().len();
                    return (offset + lead, offset + part.trim_end().len());
                }
                offset += part.len() + 1;
            }
            (row_start, line_end)
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        if !header_seen {
            header_seen = true;
            let names: Vec<&str> = record.iter().collect();
            if names != COLUMNS {
                errors.push(malformed(
                    row_start,
                    line_end,
                    format!("the header is `{}`", names.join(",")),
                    "a history file starts with the header `date,event,state,act,detail`",
                ));
                return Err(errors);
            }
            continue;
        }
        if record.len() != COLUMNS.len() {
            errors.push(malformed(
                row_start,
                line_end,
                format!("the row has {} fields, not {}", record.len(), COLUMNS.len()),
                "give every row five fields, empty where nothing is needed: `2017-03-29,notice,GBR,,`",
            ));
            continue;
        }
        let get = |k: usize| record.get(k).unwrap_or("").to_string();
        let date = match Date::parse(&get(0)) {
            Ok(d) => d,
            Err(why) => {
                let (s, e) = field_at(0);
                errors.push(malformed(
                    s,
                    e,
                    format!("`{}` is not a date: {why}", get(0)),
                    "write dates as `2017-03-29`",
                ));
                continue;
            }
        };
        let Some(kind) = EventKind::parse(&get(1)) else {
            let (s, e) = field_at(1);
            let words: Vec<&str> = EventKind::ALL.iter().map(|(w, _)| *w).collect();
            errors.push(malformed(
                s,
                e,
                format!("`{}` is not an event", get(1)),
                &format!("the events are {}", words.join(", ")),
            ));
            continue;
        };
        let optional = |k: usize| Some(get(k)).filter(|s| !s.is_empty());
        let mut until = None;
        let mut value = None;
        let mut holder = None;
        let detail = optional(4);
        match kind {
            // The person elected, or whose seat falls vacant; none for a member's own seat.
            EventKind::Election | EventKind::Vacancy => holder = detail,
            EventKind::Extension => match detail.as_deref().map(Date::parse) {
                Some(Ok(d)) => until = Some(d),
                Some(Err(why)) => {
                    let (s, e) = field_at(4);
                    errors.push(malformed(
                        s,
                        e,
                        format!("the extension's end is not a date: {why}"),
                        "write the last day of the extended period, such as `2020-01-31`",
                    ));
                    continue;
                }
                None => {
                    let (s, e) = field_at(4);
                    errors.push(malformed(
                        s,
                        e,
                        "an extension without the day it runs until".to_string(),
                        "give the last day of the extended period in `detail`: `2020-01-31`",
                    ));
                    continue;
                }
            },
            EventKind::Fact => match detail {
                Some(v) => value = Some(v),
                None => {
                    let (s, e) = field_at(4);
                    errors.push(malformed(
                        s,
                        e,
                        "a fact without its value".to_string(),
                        "give the fact in `act` and its value in `detail`: `situation.armed_attack,true`",
                    ));
                    continue;
                }
            },
            _ => {
                if let Some(d) = detail {
                    let (s, e) = field_at(4);
                    errors.push(malformed(
                        s,
                        e,
                        format!("`{d}` means nothing for a `{}` event", kind.word()),
                        "only an extension (its last day), a fact (its value), and an election or a vacancy (the person) take a detail",
                    ));
                    continue;
                }
            }
        }
        let (s, e) = (row_start, line_end);
        events.push(Event {
            date,
            kind,
            state: optional(2),
            act: optional(3),
            value,
            until,
            holder,
            at: Span::new(file, s, e),
        });
    }
    if !header_seen && errors.is_empty() {
        errors.push(malformed(
            0,
            text.len(),
            "the history file is empty".to_string(),
            "start with the header `date,event,state,act,detail`",
        ));
    }
    if errors.is_empty() {
        Ok(events)
    } else {
        Err(errors)
    }
}

impl History {
    /// Checks `events` against the treaty and replays them once, so that an
    /// impossible sequence is reported before any question is answered.
    pub fn new(program: &Program, events: Vec<Event>) -> Result<History, Vec<Diagnostic>> {
        History::with_facts(program, events, &Context::default())
    }

    /// As `new`, replaying with the facts given: a treaty that enters into force
    /// on ratifications weighted by a fact (Paris Art. 21(1)) binds its parties
    /// only where the figures show it, and a notice is judged on that.
    pub fn with_facts(
        program: &Program,
        mut events: Vec<Event>,
        context: &Context,
    ) -> Result<History, Vec<Diagnostic>> {
        // Same-day events keep the order written: a notice and an extension on one day stay in order.
        events.sort_by_key(|e| e.date);
        let history = History { events };
        let mut problems = history.check_names(program);
        if problems.is_empty() {
            problems = replay(program, &history, None, context).1;
        }
        if problems.is_empty() {
            Ok(history)
        } else {
            Err(problems)
        }
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Every state, act, obligation, stage and fact an event names exists, and the
    /// treaty provides for the kind of event.
    fn check_names(&self, program: &Program) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let states = program.states();
        let unknown = |e: &Event, message: String, help: String| {
            Diagnostic::new(Code::E1006, e.at, message)
                .with_primary_label(format!("this {} event", e.kind.word()))
                .with_help(help)
        };
        let m = &program.membership;
        for e in &self.events {
            // What each kind carries: a scenario's line can say more than its kind means.
            let shape = match e.kind {
                EventKind::Extension if e.until.is_none() => {
                    Some("an extension names the last day of the extended period")
                }
                k if k != EventKind::Extension && e.until.is_some() => Some("only an extension runs `until` a day"),
                EventKind::Fact if e.value.is_none() => {
                    Some("a fact event gives the fact's value: `fact situation.attack = true`")
                }
                k if k != EventKind::Fact && e.value.is_some() => Some("only a fact event gives a value"),
                EventKind::Notice if e.act.is_some() => Some("a notice names the state only"),
                k if !matches!(k, EventKind::Election | EventKind::Vacancy) && e.holder.is_some() => {
                    Some("only an election or a vacancy names a person")
                }
                EventKind::Ratification
                    if e
                        .act
                        .as_deref()
                        .is_some_and(|a| !program.amendments.iter().any(|x| x.name == a)) =>
                {
                    Some("a ratification names the state, and the amendment it accepts if it accepts one the treaty declares (`amendment NAME { ... }`)")
                }
                _ => None,
            };
            if let Some(why) = shape {
                out.push(
                    Diagnostic::new(Code::E1004, e.at, format!("a malformed {} event: {why}", e.kind.word()))
                        .with_primary_label("this event")
                        .with_help("docs/language.md (History of events) gives what each kind of event carries"),
                );
                continue;
            }
            let needs_state = !matches!(
                e.kind,
                EventKind::Fact | EventKind::Stage | EventKind::Decision | EventKind::Done
            );
            match &e.state {
                Some(s) if !states.contains(s.as_str()) => {
                    let help = match crate::suggest::closest(s, states.iter().copied()) {
                        Some(c) => format!("did you mean `{c}`? a state must be a party or one of the `other states`"),
                        None => "list candidates and former parties in `other states { ... }`".to_string(),
                    };
                    out.push(unknown(
                        e,
                        format!("`{s}` is neither a party nor another state of the treaty"),
                        help,
                    ));
                    continue;
                }
                None if needs_state => {
                    out.push(unknown(
                        e,
                        format!("a {} event names no state", e.kind.word()),
                        "name the state it concerns".to_string(),
                    ));
                    continue;
                }
                _ => {}
            }
            let missing_clause = match e.kind {
                EventKind::Accession if m.accession.is_none() => Some("accession"),
                EventKind::Notice | EventKind::Withdrawal if m.withdrawal.is_none() => Some("withdrawal"),
                EventKind::Extension if m.withdrawal.as_ref().is_none_or(|w| w.extension.is_none()) => {
                    Some("withdrawal extension")
                }
                EventKind::Suspension | EventKind::Reinstatement if m.suspension.is_none() => Some("suspension"),
                EventKind::Expulsion if m.expulsion.is_none() => Some("expulsion"),
                // Accepting an amendment needs no entry condition of the treaty's own.
                EventKind::Ratification if program.entry_condition.is_none() && e.act.is_none() => Some("ratification"),
                _ => None,
            };
            if e.kind == EventKind::Ratification && !program.members.iter().any(|p| Some(&p.id) == e.state.as_ref()) {
                out.push(unknown(
                    e,
                    format!(
                        "`{}` is not a party: only the parties ratify",
                        e.state.as_deref().unwrap_or_default()
                    ),
                    "list the state in `parties { ... }`: the parties are the states that may ratify".to_string(),
                ));
                continue;
            }
            if let Some(clause) = missing_clause {
                out.push(unknown(
                    e,
                    format!("the treaty provides for no {clause}"),
                    format!(
                        "write how it happens (`{}` in docs/language.md) before recording one",
                        clause.split(' ').next().unwrap_or(clause)
                    ),
                ));
                continue;
            }
            let act = e.act.as_deref();
            // What to write when no name is spelled close to the one written.
            let mut otherwise = "name what the treaty declares".to_string();
            let problem = match (e.kind, act) {
                (EventKind::Done, Some(label)) => {
                    (!program.obligations.iter().any(|o| o.label.as_deref() == Some(label))).then(|| {
                        (
                            format!("there is no obligation labelled `{label}`"),
                            closest(label, program.obligations.iter().filter_map(|o| o.label.as_deref())),
                        )
                    })
                }
                (EventKind::Done, None) => Some(("a `done` event names no obligation".to_string(), None)),
                (EventKind::Stage, Some(stage)) => (!program.stages.iter().any(|s| s.name == stage)).then(|| {
                    (
                        format!("there is no stage `{stage}`"),
                        closest(stage, program.stages.iter().map(|s| s.name.as_str())),
                    )
                }),
                (EventKind::Decision, Some(act)) => decision_problem(program, act),
                (EventKind::Election | EventKind::Vacancy, Some(name)) => {
                    match program.bodies.iter().find(|b| b.name == name) {
                        None => Some((
                            format!("there is no body `{name}`"),
                            closest(name, program.bodies.iter().map(|b| b.name.as_str())),
                        )),
                        Some(b) => match (b.elected_class(), &e.holder) {
                            (None, _) => {
                                otherwise = "give the body elected seats: `elected seats: 10 by GeneralAssembly for two years`, or `seats: 15 elected by GeneralAssembly for nine years`".to_string();
                                Some((format!("`{name}` has no elected seats"), None))
                            }
                            (Some(c), None) if c.persons => {
                                otherwise = "name the person in `detail` (in a scenario, in quotes after the body), and the state of which the person is a national".to_string();
                                Some((
                                    format!("the seats of `{name}` are held by persons: a {} names the person", e.kind.word()),
                                    None,
                                ))
                            }
                            (Some(c), Some(person)) if !c.persons => {
                                otherwise = "leave `detail` empty: the member state is the holder".to_string();
                                Some((
                                    format!("the elected seats of `{name}` are held by member states, not by `{person}`"),
                                    None,
                                ))
                            }
                            _ => None,
                        },
                    }
                }
                (EventKind::Election | EventKind::Vacancy, None) => {
                    Some((format!("a `{}` event names no body in `act`", e.kind.word()), None))
                }
                (EventKind::Decision | EventKind::Stage | EventKind::Fact, None) => {
                    Some((format!("a `{}` event names nothing in `act`", e.kind.word()), None))
                }
                (EventKind::Fact, Some(path)) => {
                    let known = path.split_once('.').is_some_and(|(entity, key)| {
                        entity != "member" && program.facts.iter().any(|f| f.entity == entity && f.name == key)
                    });
                    (!known).then(|| {
                        (
                            format!("`{path}` is not a fact of the world or the situation the treaty declares"),
                            closest(
                                path,
                                program
                                    .facts
                                    .iter()
                                    .filter(|f| f.entity != "member")
                                    .map(|f| format!("{}.{}", f.entity, f.name))
                                    .collect::<Vec<_>>()
                                    .iter()
                                    .map(String::as_str),
                            ),
                        )
                    })
                }
                // The act must be the one the treaty's clause names for this kind of change.
                (
                    EventKind::Accession
                    | EventKind::Suspension
                    | EventKind::Reinstatement
                    | EventKind::Expulsion
                    | EventKind::Extension
                    | EventKind::Withdrawal,
                    Some(act),
                ) => procedure_or_decision_problem(program, act).or_else(|| {
                    let w = m.withdrawal.as_ref();
                    let allowed: Vec<&crate::ir::Act> = match e.kind {
                        EventKind::Accession => m.accession.iter().map(|a| &a.by).collect(),
                        EventKind::Suspension => m.suspension.iter().collect(),
                        // TEU 7(4): revoked by another decision than the one that suspended.
                        EventKind::Reinstatement => m.suspension.iter().chain(&m.revocation).collect(),
                        EventKind::Expulsion => m.expulsion.iter().collect(),
                        EventKind::Extension => w.and_then(|w| w.extension.as_ref()).into_iter().collect(),
                        _ => w.map(|w| w.on.iter().collect()).unwrap_or_default(),
                    };
                    let names: Vec<String> = allowed.iter().map(|a| act_name(a)).collect();
                    (!names.iter().any(|n| n == act)).then(|| {
                        let by = if names.is_empty() {
                            "no act of the treaty".to_string()
                        } else {
                            names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" or ")
                        };
                        // "Did you mean" only for a name spelled close to one the
                        // event may name: the first act allowed may be another act
                        // altogether (the suspension, for a reinstatement).
                        let near = closest(act, names.iter().map(String::as_str));
                        if e.kind == EventKind::Reinstatement {
                            otherwise = format!(
                                "a reinstatement names the act its suspension was by ({by}), or no act at all; the treaty has no clause for reinstating by another act"
                            );
                            let message = format!(
                                "the treaty does not reinstate by `{act}`: a reinstatement ends a suspension by {by}"
                            );
                            return (message, near);
                        }
                        otherwise = format!("name {by}, or no act at all");
                        (
                            format!("by the treaty a {} comes about by {by}, not `{act}`", e.kind.word()),
                            near,
                        )
                    })
                }),
                _ => None,
            };
            if let Some((message, suggestion)) = problem {
                let help = match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => otherwise,
                };
                out.push(unknown(e, message, help));
            }
        }
        out
    }

    /// The situation on `date`, with no facts besides the history's.
    pub fn situation(&self, program: &Program, date: Date) -> Situation {
        self.situation_in(program, date, &Context::default())
    }

    /// The situation on `date`; the members' facts and the facts of the world in
    /// `context` decide who an obligation binds (`every member with ...`) and its
    /// conditions, with the facts the history has set by then.
    pub fn situation_in(&self, program: &Program, date: Date, context: &Context) -> Situation {
        let (mut situation, _, trail) = replay(program, self, Some(date), context);
        situation.duties = duties(program, self, &situation, &trail, context);
        situation
    }
}

fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    crate::suggest::closest(word, candidates).map(str::to_string)
}

/// An act as events name it: `withdrawal_agreement`, `Council.admission`.
fn act_name(a: &crate::ir::Act) -> String {
    match a {
        crate::ir::Act::Procedure { procedure } => procedure.clone(),
        crate::ir::Act::Decision { body, decision } => format!("{body}.{decision}"),
    }
}

fn decision_problem(program: &Program, act: &str) -> Option<(String, Option<String>)> {
    let Some((body, decision)) = act.split_once('.') else {
        return Some((format!("`{act}` is not a decision: write `Body.decision`"), None));
    };
    match program.body(body) {
        None => Some((
            format!("there is no body `{body}`"),
            closest(body, program.bodies.iter().map(|b| b.name.as_str())),
        )),
        Some(b) if b.power(decision).is_none() => Some((
            format!("`{body}` does not decide `{decision}`"),
            closest(decision, b.powers.iter().map(|p| p.decision.as_str())).map(|d| format!("{body}.{d}")),
        )),
        _ => None,
    }
}

fn procedure_or_decision_problem(program: &Program, act: &str) -> Option<(String, Option<String>)> {
    if act.contains('.') {
        return decision_problem(program, act);
    }
    (!program.procedures.iter().any(|p| p.name == act)).then(|| {
        (
            format!("there is no procedure `{act}`"),
            closest(act, program.procedures.iter().map(|p| p.name.as_str())),
        )
    })
}

/// The organisation as it stands on a date.
#[derive(Debug, Clone, Serialize)]
pub struct Situation {
    pub date: Date,
    /// Every state the treaty knows, with its standing.
    pub states: Vec<StateOnDate>,
    /// The stage entered last (`None`: the treaty as written).
    pub stage: Option<String>,
    /// Each rule with dates: whether it is in force, and the rule that applies instead.
    pub rules: Vec<RuleOnDate>,
    /// Each obligation with a time limit, for each subject bound by it.
    pub duties: Vec<Duty>,
    /// Facts of the world and the situation the events have set.
    pub facts: Records,
    /// Where the ratifications stand, for a treaty that waits for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<EntryOnDate>,
    /// Each amendment open to acceptance: in force or not, and whom it binds.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<AmendmentOnDate>,
    /// Each body whose elections the history records: the terms held so far.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seats: Vec<SeatsOnDate>,
}

/// The elected seats of a body on a date, by the elections of the history.
#[derive(Debug, Clone, Serialize)]
pub struct SeatsOnDate {
    pub body: String,
    /// The seats elections fill.
    pub seats: u64,
    /// Every term begun by the day, in the order of the elections.
    pub terms: Vec<HeldTerm>,
    #[serde(skip)]
    pub date: Date,
}

impl SeatsOnDate {
    /// The terms running on the day.
    pub fn held(&self) -> impl Iterator<Item = &HeldTerm> {
        self.terms.iter().filter(|t| t.holds_on(self.date))
    }

    /// The day the next held term ends, when the next renewal falls due.
    pub fn next_renewal(&self) -> Option<Date> {
        self.held().filter_map(HeldTerm::ends).min()
    }
}

/// One term of office in an elected seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldTerm {
    /// The member state, or the person elected.
    pub holder: String,
    /// The member state, or the person's.
    pub state: String,
    /// The first day of the term: the day the history records the election for.
    pub from: Date,
    /// The first day after the term, when the treaty gives its length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// The day the seat fell vacant before the term ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vacated: Option<Date>,
    /// Elected to a seat vacated, for the rest of its term (ICJ Statute Art. 15).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub remainder: bool,
    /// A vacated seat filled since.
    #[serde(skip)]
    refilled: bool,
}

impl HeldTerm {
    /// The first day the seat is not held: the term's end or the vacancy.
    pub fn ends(&self) -> Option<Date> {
        match (self.until, self.vacated) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub fn holds_on(&self, day: Date) -> bool {
        self.from <= day && self.ends().is_none_or(|e| day < e)
    }
}

/// Why `holder`, who held `held` before, may not be elected to a term beginning
/// on `day`, by the treaty's limit on re-election (`None`: it may).
pub fn re_election_bar(limit: Option<crate::ir::ReElection>, held: &[&HeldTerm], day: Date) -> Option<String> {
    use crate::ir::ReElection;
    if let Some(t) = held.iter().find(|t| t.holds_on(day)) {
        return Some(match t.ends() {
            Some(end) => format!("it holds a seat until {}", day_before(end)),
            None => "it holds a seat, with no end of term".to_string(),
        });
    }
    match limit? {
        ReElection::Allowed => None,
        ReElection::Never => held.first().map(|t| {
            format!(
                "it held a term from {}, and the treaty makes holders not re-eligible",
                t.from
            )
        }),
        ReElection::Once => (held.len() >= 2).then(|| {
            format!(
                "it has held {} terms, and the treaty makes holders re-eligible once",
                held.len()
            )
        }),
        // UN Charter Art. 23(2): "A retiring member shall not be eligible for immediate re-election".
        ReElection::NotImmediately => held.iter().find(|t| t.until == Some(day)).map(|t| {
            format!(
                "its term ended on {}, and a retiring holder is not immediately re-eligible",
                day_before(day).max(t.from)
            )
        }),
    }
}

/// An amendment on a date: whether it is in force, and which version binds each member.
#[derive(Debug, Clone, Serialize)]
pub struct AmendmentOnDate {
    pub amendment: String,
    /// The day it enters into force, once the acceptances have fixed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_force_from: Option<Date>,
    /// In force on the day; `None`: undecided (a figure is missing).
    pub in_force: Option<bool>,
    /// Each part of its condition, with the acceptances of the day.
    pub parts: Vec<crate::entry::PartTally>,
    /// The members it binds on the day, each with the day from which.
    pub binds: Vec<Bound>,
    /// Members that accepted it and are not bound yet, with the day they will be, once fixed.
    pub pending: Vec<Bound>,
}

/// A member and a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bound {
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
}

impl AmendmentOnDate {
    /// Whether the amendment binds `state` on the day; `None` when a figure its
    /// condition needs is missing and the state accepted it.
    pub fn binds_state(&self, state: &str) -> Option<bool> {
        if self.binds.iter().any(|b| b.state == state) {
            return Some(true);
        }
        if self.in_force.is_none() && self.pending.iter().any(|b| b.state == state) {
            return None;
        }
        Some(false)
    }
}

/// The ratifications a treaty waits for, as they stand on a date.
#[derive(Debug, Clone, Serialize)]
pub struct EntryOnDate {
    /// Instruments deposited by the day.
    pub ratified: usize,
    /// The day the deposits first met the condition, if they have by the day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition_met: Option<Date>,
    /// The day the treaty enters into force: `condition_met` and the period after it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_force_from: Option<Date>,
    /// In force on the day; `None`: undecided (a figure is missing).
    pub in_force: Option<bool>,
    /// Each part of the condition, with the deposits of the day.
    pub parts: Vec<crate::entry::PartTally>,
}

/// A state and its standing on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateOnDate {
    pub state: String,
    #[serde(flatten)]
    pub standing: Standing,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleOnDate {
    pub rule: String,
    pub in_force: bool,
    /// The rule decisions taken by this one follow on the date (`before then`),
    /// or `None` when no rule applies.
    pub applies: Option<String>,
    pub window: String,
}

/// An obligation's state on a date, for one subject.
#[derive(Debug, Clone, Serialize)]
pub struct Duty {
    /// The obligation's label, or its action.
    pub obligation: String,
    pub article: Option<String>,
    /// The member bound, or the organisation or body.
    pub subject: String,
    pub timing: String,
    /// `None`: undecided, with `why`.
    pub state: Option<DutyState>,
    pub arose: Option<Date>,
    pub deadline: Option<Date>,
    pub why: String,
}

impl Situation {
    /// The member states holding `body`'s elected seats on the day, when the
    /// history records its elections (`None`: it records none).
    pub fn seated(&self, body: &str) -> Option<Vec<String>> {
        let seats = self.seats.iter().find(|s| s.body == body)?;
        Some(seats.held().map(|t| t.state.clone()).collect())
    }

    /// Whether `holder` may be elected to `body`'s elected seats for a term
    /// beginning on the day: a member (for the members' seats), holding no seat
    /// then, and not barred by the treaty's limit on re-election.
    pub fn eligibility(&self, program: &Program, body: &str, holder: &str) -> Result<(), String> {
        let class = program
            .bodies
            .iter()
            .find(|b| b.name == body)
            .and_then(crate::ir::Body::elected_class)
            .ok_or_else(|| format!("`{body}` has no elected seats"))?;
        if !class.persons && !self.standing(holder).is_some_and(Standing::is_member) {
            return Err(format!("`{holder}` is not a member on {}", self.date));
        }
        if class.permanent.iter().any(|p| p == holder) {
            return Err(format!("`{holder}` holds a permanent seat in `{body}`"));
        }
        let held: Vec<&HeldTerm> = self
            .seats
            .iter()
            .filter(|s| s.body == body)
            .flat_map(|s| s.terms.iter())
            .filter(|t| t.holder == holder)
            .collect();
        match re_election_bar(class.term.and_then(|t| t.re_election), &held, self.date) {
            Some(why) => Err(format!("not eligible: {why}")),
            None => Ok(()),
        }
    }

    /// The day `body`'s next elected seats fall to be filled, by the terms held.
    pub fn next_renewal_of(&self, body: &str) -> Option<Date> {
        self.seats.iter().find(|s| s.body == body)?.next_renewal()
    }

    pub fn standing(&self, state: &str) -> Option<Standing> {
        self.states.iter().find(|s| s.state == state).map(|s| s.standing)
    }

    pub fn members(&self) -> Vec<&str> {
        self.states
            .iter()
            .filter(|s| s.standing.is_member())
            .map(|s| s.state.as_str())
            .collect()
    }

    pub fn suspended(&self) -> Vec<String> {
        self.states
            .iter()
            .filter(|s| s.standing.is_suspended())
            .map(|s| s.state.clone())
            .collect()
    }

    /// Why `body` cannot take `decision` on the date, if its rule is not in force
    /// then and no rule applies instead (`program` as written).
    pub fn no_rule(&self, program: &Program, body: &str, decision: &str) -> Option<String> {
        let power = program.body(body)?.power(decision)?;
        if self.rule_for(&power.rule).is_some() {
            return None;
        }
        let window = self
            .rules
            .iter()
            .find(|r| r.rule == power.rule)
            .map(|r| r.window.clone())
            .unwrap_or_default();
        Some(format!(
            "on {}, `{body}` has no rule to decide `{decision}` by: `{}` applies {window}",
            self.date, power.rule
        ))
    }

    /// The rule a decision taken by `rule` follows on the date.
    pub fn rule_for(&self, rule: &str) -> Option<String> {
        match self.rules.iter().find(|r| r.rule == rule) {
            Some(r) => r.applies.clone(),
            None => Some(rule.to_string()),
        }
    }

    /// The compiled treaty as it stands on the date: its members, and each
    /// decision's rule (the transitional one before a rule's `as from`). A rule
    /// in force on no ground stays named, and `eval` reports it.
    pub fn program(&self, program: &Program) -> Program {
        let mut p = program.clone();
        let names: BTreeMap<&str, &Member> = program
            .members
            .iter()
            .chain(&program.other_states)
            .map(|m| (m.id.as_str(), m))
            .collect();
        p.members = self
            .members()
            .into_iter()
            .filter_map(|id| names.get(id).map(|m| (*m).clone()))
            .collect();
        // The states that are not members that day (candidates, parties yet to
        // accede, former members) stay states the treaty names: an invitation
        // that day concerns one of them.
        p.other_states = names
            .values()
            .filter(|m| !p.members.iter().any(|x| x.id == m.id))
            .map(|m| (*m).clone())
            .collect();
        let swap = |rule: &mut String| {
            if let Some(Some(applies)) = self.rules.iter().find(|r| &r.rule == rule).map(|r| r.applies.clone()) {
                *rule = applies;
            }
        };
        for b in &mut p.bodies {
            for power in &mut b.powers {
                swap(&mut power.rule);
            }
        }
        for s in &mut p.sanctions {
            swap(&mut s.rule);
        }
        for proc in &mut p.procedures {
            for step in &mut proc.steps {
                match &mut step.kind {
                    crate::ir::ProcedureStep::Decision { rule, .. } => swap(rule),
                    crate::ir::ProcedureStep::Consent { rule: Some(rule), .. } => swap(rule),
                    _ => {}
                }
            }
        }
        p
    }
}

/// Where each state stands, replayed up to `until` (all events when `None`),
/// with the problems of an impossible sequence (E1005).
/// What the replay saw besides the standings: each member's notice and
/// accession, and each fact the history set, in order.
#[derive(Debug, Default)]
struct Trail {
    notices: BTreeMap<String, Date>,
    accessions: BTreeMap<String, Date>,
    facts: Vec<(Date, String, String, String)>,
}

fn replay(
    program: &Program,
    history: &History,
    until: Option<Date>,
    context: &Context,
) -> (Situation, Vec<Diagnostic>, Trail) {
    let mut problems = Vec::new();
    let condition = program.entry_condition.as_ref();
    let delay = condition.and_then(|c| c.delay);
    // The parties that have deposited, in order, and the day they first met the condition.
    let mut deposits: Vec<(String, Date)> = Vec::new();
    let mut condition_met: Option<Date> = None;
    let acceding: BTreeSet<&str> = history
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Accession)
        .filter_map(|e| e.state.as_deref())
        .collect();
    // A party is a member from the entry into force unless the history records its accession.
    let mut states: BTreeMap<String, Standing> = program
        .members
        .iter()
        .map(|m| {
            // A treaty that waits for ratifications binds no party before its own.
            let st = if acceding.contains(m.id.as_str()) || condition.is_some() {
                Standing::NotMember
            } else {
                Standing::Member
            };
            (m.id.clone(), st)
        })
        .chain(program.other_states.iter().map(|m| (m.id.clone(), Standing::NotMember)))
        .collect();
    let withdrawal = program.membership.withdrawal.as_ref();
    let mut notices: BTreeMap<String, Date> = BTreeMap::new();
    let mut accessions: BTreeMap<String, Date> = BTreeMap::new();
    let mut stage = None;
    // Each amendment's acceptances, in order, and the day its condition was first met.
    let mut accepted: BTreeMap<&str, Vec<(String, Date)>> = BTreeMap::new();
    let mut amendment_met: BTreeMap<&str, Date> = BTreeMap::new();
    let mut facts: Records = BTreeMap::new();
    let mut fact_changes: Vec<(Date, String, String, String)> = Vec::new();
    // Each body's terms of office, in the order of the elections.
    let mut seat_terms: BTreeMap<String, Vec<HeldTerm>> = BTreeMap::new();
    let out_of_order = |e: &Event, message: String, help: &str| {
        Diagnostic::new(Code::E1005, e.at, message)
            .with_primary_label(format!("this {} event", e.kind.word()))
            .with_help(help.to_string())
    };
    // A withdrawal whose period has run takes effect before the next event is read.
    let settle = |states: &mut BTreeMap<String, Standing>, day: Date| {
        for st in states.values_mut() {
            if let Standing::Withdrawing { leaves: Some(l), .. } = *st {
                if l <= day {
                    *st = Standing::Withdrawn { on: l };
                }
            }
        }
    };
    for e in &history.events {
        if until.is_some_and(|d| e.date > d) {
            break;
        }
        if let Some(start) = program.in_force_from.filter(|_| e.kind != EventKind::Ratification) {
            if e.date < start {
                problems.push(out_of_order(
                    e,
                    format!(
                        "the event is dated {}, before the treaty entered into force on {start}",
                        e.date
                    ),
                    "correct the date, or the treaty's `in force from`",
                ));
                continue;
            }
        }
        settle(&mut states, e.date);
        bind(&mut states, e.date);
        let state = e.state.clone().unwrap_or_default();
        let current = states.get(&state).copied().unwrap_or(Standing::NotMember);
        match e.kind {
            EventKind::Accession => {
                // Invited by a decision, a state joins when it deposits its instrument (NATO Art. 10):
                // the deposit needs the invitation before it.
                let invitation = program.membership.accession.as_ref().and_then(|a| match &a.by {
                    crate::ir::Act::Decision { body, decision } if a.on_deposit => Some(format!("{body}.{decision}")),
                    _ => None,
                });
                let invited = |act: &str| {
                    history.events.iter().any(|d| {
                        d.kind == EventKind::Decision
                            && d.date <= e.date
                            && d.act.as_deref() == Some(act)
                            && d.state.as_deref() == Some(state.as_str())
                    })
                };
                if current.is_member() {
                    problems.push(out_of_order(
                        e,
                        format!("`{state}` accedes on {} but is a member already", e.date),
                        "a state accedes once; remove the event or correct the state",
                    ));
                } else if let Some(act) = invitation.filter(|a| !invited(a)) {
                    problems.push(out_of_order(
                        e,
                        format!("`{state}` deposits its instrument of accession on {} without an invitation (`{act}`) before it", e.date),
                        &format!("record the invitation first: `decision` of `{act}` concerning `{state}`, on the day it was decided"),
                    ));
                } else {
                    states.insert(state.clone(), Standing::Member);
                    accessions.insert(state, e.date);
                }
            }
            EventKind::Notice => {
                // The treaty's entry into force: its date, or the day its
                // ratifications brought about (unknown until they have).
                let entered = match condition {
                    Some(_) => condition_met.and_then(|met| in_force_day(delay, met)),
                    None => program.in_force_from,
                };
                let open = withdrawal
                    .and_then(|w| w.open_after)
                    .map(|l| (l, entered.and_then(|s| s.after(l))));
                match (current, open) {
                    (Standing::Member | Standing::Suspended { .. }, Some((l, Some(opens)))) if e.date < opens => {
                        problems.push(out_of_order(
                            e,
                            format!("`{state}` gives notice on {}, but withdrawal is open only after {l} in force, from {opens}", e.date),
                            "a notice before the treaty has been in force that long has no effect",
                        ));
                    }
                    (Standing::Member | Standing::Suspended { .. }, Some((l, None))) if condition.is_some() => {
                        problems.push(out_of_order(
                            e,
                            format!("`{state}` gives notice on {}, but withdrawal is open only after {l} in force, and the treaty's ratifications have not brought it into force", e.date),
                            "a notice before the treaty has been in force that long has no effect",
                        ));
                    }
                    (Standing::Member | Standing::Suspended { .. }, _) => {
                        let suspended_since = match current {
                            Standing::Suspended { since } => Some(since),
                            _ => None,
                        };
                        // Rome Statute Art. 121(6): a party that has not accepted an amendment
                        // binding all may leave at once, by a notice in the year after it entered
                        // into force.
                        let at_once = program.amendments.iter().any(|a| {
                            let (Some(window), Some(met)) = (a.withdrawal_at_once, amendment_met.get(a.name.as_str()))
                            else {
                                return false;
                            };
                            let accepted_it = accepted
                                .get(a.name.as_str())
                                .is_some_and(|l| l.iter().any(|(s, _)| *s == state));
                            in_force_day(a.entry.delay, *met).is_some_and(|entry| {
                                !accepted_it && entry <= e.date && entry.after(window).is_some_and(|end| e.date <= end)
                            })
                        });
                        let leaves = if at_once {
                            Some(e.date)
                        } else {
                            leaving_day(withdrawal, e.date)
                        };
                        states.insert(
                            state.clone(),
                            Standing::Withdrawing {
                                notice: e.date,
                                leaves,
                                suspended_since,
                            },
                        );
                        notices.insert(state, e.date);
                    }
                    (Standing::Withdrawing { notice, .. }, _) => problems.push(out_of_order(
                        e,
                        format!(
                            "`{state}` gives notice on {} but has given it already, on {notice}",
                            e.date
                        ),
                        "record the notice once",
                    )),
                    _ => problems.push(out_of_order(
                        e,
                        format!("`{state}` gives notice on {} but is not a member then", e.date),
                        "only a member can withdraw",
                    )),
                }
            }
            EventKind::Extension => match (current, e.until) {
                (
                    Standing::Withdrawing {
                        notice,
                        leaves,
                        suspended_since,
                    },
                    Some(last),
                ) => {
                    let new_leaves = last.after(Length {
                        amount: 1,
                        unit: TimeUnit::Days,
                    });
                    if leaves.is_some_and(|l| new_leaves.is_some_and(|n| n <= l)) {
                        problems.push(out_of_order(
                            e,
                            format!("the extension to {last} ends no later than the period it extends (a member through {})", leaves.map(day_before).map(|d| d.to_string()).unwrap_or_default()),
                            "an extension runs until a later day than the period it extends",
                        ));
                    } else {
                        states.insert(
                            state,
                            Standing::Withdrawing {
                                notice,
                                leaves: new_leaves,
                                suspended_since,
                            },
                        );
                    }
                }
                (Standing::Withdrawn { on }, _) => problems.push(out_of_order(
                    e,
                    format!(
                        "the extension of {} comes after `{state}`'s withdrawal took effect on {on}",
                        e.date
                    ),
                    "an extension must be decided before the period runs out",
                )),
                _ => problems.push(out_of_order(
                    e,
                    format!("`{state}` has given no notice to extend the period of"),
                    "record the notice before the extension",
                )),
            },
            EventKind::Withdrawal => match current {
                Standing::Withdrawing { .. } => {
                    states.insert(state, Standing::Withdrawn { on: e.date });
                }
                // The agreement entering into force on the day the period runs out changes nothing.
                Standing::Withdrawn { on } if on == e.date => {}
                Standing::Withdrawn { on } => problems.push(out_of_order(
                    e,
                    format!(
                        "`{state}` withdraws on {} but its withdrawal took effect on {on}",
                        e.date
                    ),
                    "the withdrawal took effect when its period ran out; remove this event or correct its date",
                )),
                _ => problems.push(out_of_order(
                    e,
                    format!(
                        "`{state}`'s withdrawal takes effect on {} without a notice before it",
                        e.date
                    ),
                    "record the notice of withdrawal (`notice`) on the day it was given, before this event",
                )),
            },
            EventKind::Suspension => match current {
                Standing::Member => {
                    states.insert(state, Standing::Suspended { since: e.date });
                }
                // A withdrawing member keeps its schedule: it leaves when it would have.
                Standing::Withdrawing {
                    notice,
                    leaves,
                    suspended_since: None,
                } => {
                    states.insert(
                        state,
                        Standing::Withdrawing {
                            notice,
                            leaves,
                            suspended_since: Some(e.date),
                        },
                    );
                }
                Standing::Suspended { since }
                | Standing::Withdrawing {
                    suspended_since: Some(since),
                    ..
                } => problems.push(out_of_order(
                    e,
                    format!("`{state}` is suspended already, since {since}"),
                    "record the suspension once",
                )),
                _ => problems.push(out_of_order(
                    e,
                    format!("`{state}` is not a member on {}", e.date),
                    "only a member's voting rights can be suspended",
                )),
            },
            EventKind::Reinstatement => match current {
                Standing::Suspended { .. } => {
                    states.insert(state, Standing::Member);
                }
                Standing::Withdrawing {
                    notice,
                    leaves,
                    suspended_since: Some(_),
                } => {
                    states.insert(
                        state,
                        Standing::Withdrawing {
                            notice,
                            leaves,
                            suspended_since: None,
                        },
                    );
                }
                _ => problems.push(out_of_order(
                    e,
                    format!("`{state}` is not suspended on {}", e.date),
                    "record the suspension before its end",
                )),
            },
            EventKind::Expulsion => {
                if current.is_member() {
                    states.insert(state, Standing::Expelled { on: e.date });
                } else {
                    problems.push(out_of_order(
                        e,
                        format!("`{state}` is not a member on {}", e.date),
                        "only a member can be expelled",
                    ));
                }
            }
            EventKind::Fact => {
                if let (Some((entity, key)), Some(v)) = (e.act.as_deref().and_then(|a| a.split_once('.')), &e.value) {
                    facts
                        .entry(entity.to_string())
                        .or_default()
                        .insert(key.to_string(), v.clone());
                    fact_changes.push((e.date, entity.to_string(), key.to_string(), v.clone()));
                }
            }
            EventKind::Stage => stage = e.act.clone(),
            EventKind::Election | EventKind::Vacancy => {
                let body_name = e.act.as_deref().unwrap_or_default();
                // Invariant: `check_names` has refused a body with no elected seats.
                let Some(class) = program
                    .bodies
                    .iter()
                    .find(|b| b.name == body_name)
                    .and_then(crate::ir::Body::elected_class)
                else {
                    continue;
                };
                let holder = e.holder.clone().unwrap_or_else(|| state.clone());
                let terms = seat_terms.entry(body_name.to_string()).or_default();
                if e.kind == EventKind::Vacancy {
                    match terms.iter_mut().find(|t| t.holder == holder && t.holds_on(e.date)) {
                        Some(t) => t.vacated = Some(e.date),
                        None => problems.push(out_of_order(
                            e,
                            format!("`{holder}` holds no seat of `{body_name}` on {}", e.date),
                            "a vacancy ends a term that is running: record the election first",
                        )),
                    }
                    continue;
                }
                if !class.persons && !current.is_member() {
                    problems.push(out_of_order(
                        e,
                        format!(
                            "`{state}` is elected to `{body_name}` on {} but is not a member then",
                            e.date
                        ),
                        "only a member holds an elected seat",
                    ));
                    continue;
                }
                if class.permanent.contains(&holder) {
                    problems.push(out_of_order(
                        e,
                        format!("`{holder}` is elected to `{body_name}` but holds a permanent seat in it"),
                        "a member with a permanent seat is not elected to the others",
                    ));
                    continue;
                }
                let mine: Vec<&HeldTerm> = terms.iter().filter(|t| t.holder == holder).collect();
                if let Some(why) = re_election_bar(class.term.and_then(|t| t.re_election), &mine, e.date) {
                    problems.push(out_of_order(
                        e,
                        format!(
                            "`{holder}` cannot be elected to `{body_name}` for a term from {}: {why}",
                            e.date
                        ),
                        "date an election the day its term begins; the treaty's term of office limits re-election",
                    ));
                    continue;
                }
                let held = terms.iter().filter(|t| t.holds_on(e.date)).count() as u64;
                let is_open = |t: &HeldTerm| {
                    t.vacated.is_some_and(|v| v <= e.date) && !t.refilled && t.until.is_some_and(|u| u > e.date)
                };
                let open = terms.iter().filter(|t| is_open(t)).count() as u64;
                if held >= class.seats {
                    problems.push(out_of_order(
                        e,
                        format!(
                            "all {} elected seats of `{body_name}` are held on {}",
                            class.seats, e.date
                        ),
                        "a seat is free when a term has ended or a `vacancy` is recorded; date an election the day its term begins",
                    ));
                    continue;
                }
                // ICJ Statute Art. 15: a seat vacated before its term ended is filled
                // for the rest of that term, once the seats whose terms ran out are.
                let free_by_expiry = class.seats - held - open.min(class.seats - held);
                let vacated = terms.iter_mut().find(|t| is_open(t)).filter(|_| free_by_expiry == 0);
                let (until, remainder) = match vacated {
                    Some(t) => {
                        t.refilled = true;
                        (t.until, true)
                    }
                    None => (class.term.and_then(|t| e.date.after(t.length)), false),
                };
                terms.push(HeldTerm {
                    holder,
                    state: state.clone(),
                    from: e.date,
                    until,
                    vacated: None,
                    remainder,
                    refilled: false,
                });
            }
            EventKind::Ratification if e.act.is_some() => {
                let name = e.act.as_deref().unwrap_or_default();
                // Invariant: `check_names` has refused an amendment the treaty does not declare.
                let Some(a) = program.amendments.iter().find(|a| a.name == name) else {
                    continue;
                };
                let list = accepted.entry(a.name.as_str()).or_default();
                if !current.is_member() {
                    problems.push(out_of_order(
                        e,
                        format!(
                            "`{state}` accepts `{name}` on {} but is not bound by the treaty then",
                            e.date
                        ),
                        "only a party accepts an amendment; record its own ratification of the treaty first",
                    ));
                } else if let Some((_, first)) = list.iter().find(|(s, _)| *s == state) {
                    problems.push(out_of_order(
                        e,
                        format!(
                            "`{state}` accepts `{name}` on {} but accepted it already, on {first}",
                            e.date
                        ),
                        "record the deposit once",
                    ));
                } else {
                    list.push((state.clone(), e.date));
                    if !amendment_met.contains_key(a.name.as_str()) {
                        let deposited: BTreeSet<&str> = list.iter().map(|(s, _)| s.as_str()).collect();
                        let members = states.values().filter(|s| s.is_member()).count();
                        if crate::entry::met(&crate::entry::tally(program, &a.entry, &deposited, members, context))
                            == Some(true)
                        {
                            amendment_met.insert(a.name.as_str(), e.date);
                        }
                    }
                }
            }
            EventKind::Ratification => match current {
                // A state that withdrew may become a party again by a new
                // instrument (the United States, Paris Agreement, 2021).
                Standing::NotMember | Standing::Withdrawn { .. } => {
                    deposits.retain(|(s, _)| *s != state);
                    deposits.push((state.clone(), e.date));
                    states.insert(
                        state,
                        Standing::Ratified {
                            deposited: e.date,
                            bound_from: None,
                        },
                    );
                    if let (None, Some(c)) = (condition_met, condition) {
                        let deposited: BTreeSet<&str> = deposits.iter().map(|(s, _)| s.as_str()).collect();
                        let parties = program.members.len();
                        if crate::entry::met(&crate::entry::tally(program, c, &deposited, parties, context))
                            == Some(true)
                        {
                            condition_met = Some(e.date);
                        }
                    }
                    // In force: each party that deposited is bound the period after
                    // its own deposit, and not before the treaty (Paris Art. 21(3)).
                    if let Some(from) = condition_met.and_then(|met| in_force_day(delay, met)) {
                        for (s, d) in &deposits {
                            let own = in_force_day(delay, *d).unwrap_or(from).max(from);
                            if let Some(Standing::Ratified { bound_from, .. }) = states.get_mut(s) {
                                *bound_from = Some(own);
                            }
                        }
                    }
                }
                Standing::Ratified { deposited, .. } => problems.push(out_of_order(
                    e,
                    format!(
                        "`{state}` deposits its instrument on {} but deposited it already, on {deposited}",
                        e.date
                    ),
                    "record the deposit once",
                )),
                _ => problems.push(out_of_order(
                    e,
                    format!("`{state}` ratifies on {} but is bound by the treaty already", e.date),
                    "a party ratifies once, before it is bound",
                )),
            },
            // A decision may concern a state that is not a member (an invitation to accede).
            EventKind::Decision => {}
            EventKind::Done => {
                if !state.is_empty() && !current.is_member() {
                    problems.push(out_of_order(
                        e,
                        format!("`{state}` performs a duty on {} but is not a member then", e.date),
                        "a member's duty is performed while it is one",
                    ));
                }
            }
        }
    }
    let date = until.unwrap_or_else(|| {
        history
            .events
            .last()
            .map(|e| e.date)
            .or(program.in_force_from)
            .unwrap_or(Date::MIN)
    });
    settle(&mut states, date);
    bind(&mut states, date);
    let entry = condition.map(|c| {
        let deposited: BTreeSet<&str> = deposits.iter().map(|(s, _)| s.as_str()).collect();
        let parts = crate::entry::tally(program, c, &deposited, program.members.len(), context);
        let in_force_from = condition_met.and_then(|d| in_force_day(c.delay, d));
        let in_force = match in_force_from {
            Some(from) => Some(from <= date),
            // Not met by the deposits so far; undecided where a figure is missing.
            None => crate::entry::met(&parts).map(|_| false),
        };
        EntryOnDate {
            ratified: deposits.len(),
            condition_met,
            in_force_from,
            in_force,
            parts,
        }
    });
    let amendments = program
        .amendments
        .iter()
        .map(|a| {
            let list = accepted.get(a.name.as_str()).map(Vec::as_slice).unwrap_or_default();
            let deposited: BTreeSet<&str> = list.iter().map(|(s, _)| s.as_str()).collect();
            let members = states.values().filter(|s| s.is_member()).count();
            let parts = crate::entry::tally(program, &a.entry, &deposited, members, context);
            let in_force_from = amendment_met
                .get(a.name.as_str())
                .and_then(|d| in_force_day(a.entry.delay, *d));
            let in_force = match in_force_from {
                Some(from) => Some(from <= date),
                None => crate::entry::met(&parts).map(|_| false),
            };
            let member = |s: &str| states.get(s).is_some_and(|st| st.is_member());
            let mut binds = Vec::new();
            let mut pending = Vec::new();
            if a.binds_all {
                if let Some(from) = in_force_from.filter(|f| *f <= date) {
                    binds.extend(states.iter().filter(|(_, st)| st.is_member()).map(|(s, _)| Bound {
                        state: s.clone(),
                        from: Some(from),
                    }));
                }
            }
            for (s, d) in list.iter().filter(|(s, _)| member(s)) {
                if binds.iter().any(|b| b.state == *s) {
                    continue;
                }
                // Each from the later of the entry into force and the period after its own deposit.
                let from = in_force_from.map(|entry| in_force_day(a.entry.delay, *d).unwrap_or(entry).max(entry));
                let bound = Bound { state: s.clone(), from };
                if from.is_some_and(|f| f <= date) {
                    binds.push(bound);
                } else {
                    pending.push(bound);
                }
            }
            binds.sort_by(|x, y| x.state.cmp(&y.state));
            AmendmentOnDate {
                amendment: a.name.clone(),
                in_force_from,
                in_force,
                parts,
                binds,
                pending,
            }
        })
        .collect();
    let states: Vec<StateOnDate> = states
        .into_iter()
        .map(|(state, standing)| StateOnDate { state, standing })
        .collect();
    let rules = program
        .rules
        .iter()
        .filter(|r| !r.in_force.is_open())
        .map(|r| {
            let in_force = r.in_force.contains(date);
            let applies = if in_force {
                Some(r.name.clone())
            } else if r.in_force.from.is_some_and(|f| date < f) {
                r.before.clone()
            } else {
                None
            };
            RuleOnDate {
                rule: r.name.clone(),
                in_force,
                applies,
                window: r.in_force.to_string(),
            }
        })
        .collect();
    let seats = seat_terms
        .into_iter()
        .filter_map(|(body, terms)| {
            let class = program.bodies.iter().find(|b| b.name == body)?.elected_class()?;
            Some(SeatsOnDate {
                body,
                seats: class.seats,
                terms,
                date,
            })
        })
        .collect();
    let situation = Situation {
        date,
        states,
        stage,
        rules,
        duties: Vec::new(),
        facts,
        entry,
        amendments,
        seats,
    };
    let trail = Trail {
        notices,
        accessions,
        facts: fact_changes,
    };
    (situation, problems, trail)
}

/// The day a treaty (or a party's own ratification) takes effect: the period
/// after the day, or the day itself with no period.
fn in_force_day(delay: Option<Length>, day: Date) -> Option<Date> {
    match delay {
        Some(l) => day.after(l),
        None => Some(day),
    }
}

/// A party that ratified becomes a member on the day it is bound from.
fn bind(states: &mut BTreeMap<String, Standing>, day: Date) {
    for st in states.values_mut() {
        if let Standing::Ratified {
            bound_from: Some(from), ..
        } = *st
        {
            if from <= day {
                *st = Standing::Member;
            }
        }
    }
}

/// The days of the events of a kind up to a day, by what they name (a label, a
/// decision) and the state they concern (`None`: no state). Built once, so that
/// each duty looks up its own subject's instead of reading every event.
type Index<'h> = BTreeMap<(&'h str, Option<&'h str>), Vec<Date>>;

fn index(history: &History, kind: EventKind, date: Date) -> Index<'_> {
    let mut out: Index<'_> = BTreeMap::new();
    for e in history.events.iter().filter(|e| e.kind == kind && e.date <= date) {
        if let Some(act) = e.act.as_deref() {
            out.entry((act, e.state.as_deref())).or_default().push(e.date);
        }
    }
    out
}

/// The days of `act`: for `Some(subject)`, those about that state or about none
/// in particular; for `None`, all of them. In order.
fn days_of(index: &Index<'_>, act: &str, subject: Option<&str>) -> Vec<Date> {
    let mut days: Vec<Date> = match subject {
        Some(s) => [None, Some(s)]
            .into_iter()
            .filter_map(|k| index.get(&(act, k)))
            .flatten()
            .copied()
            .collect(),
        None => index
            .range((act, None)..)
            .take_while(|((a, _), _)| *a == act)
            .flat_map(|(_, d)| d.iter().copied())
            .collect(),
    };
    days.sort();
    days
}

/// How a condition comes out for a subject: `Err` says why it is undecided.
fn holds(
    program: &Program,
    context: &Context,
    member: Option<&BTreeMap<String, String>>,
    e: &crate::ir::Expr,
) -> Result<bool, String> {
    let f = eval::condition(program, context, member, e);
    f.holds.ok_or_else(|| {
        let mut missing = f.missing;
        missing.extend(f.problems);
        format!("`{e}` cannot be decided: {} not given", missing.join(", "))
    })
}

/// The day the treaty entered into force, as of the situation's date: its date,
/// or the day its ratifications brought about; `None` while it is not in force
/// (so nothing counted from it has arisen); an error when that cannot be told.
fn entry_day(program: &Program, situation: &Situation) -> Result<Option<Date>, String> {
    match &situation.entry {
        Some(entry) => match (entry.in_force_from, entry.in_force) {
            (Some(from), _) if from <= situation.date => Ok(Some(from)),
            (_, Some(_)) => Ok(None),
            (_, None) => Err(
                "whether the treaty is in force is not known: a figure its ratifications are counted by is missing"
                    .to_string(),
            ),
        },
        None => program
            .in_force_from
            .map(Some)
            .ok_or_else(|| "the treaty gives no date of entry into force".to_string()),
    }
}

/// Each obligation with a time limit, on the situation's date.
fn duties(program: &Program, history: &History, situation: &Situation, trail: &Trail, context: &Context) -> Vec<Duty> {
    let date = situation.date;
    let members = situation.members();
    let done = index(history, EventKind::Done, date);
    let decisions = index(history, EventKind::Decision, date);
    // The facts of the day: the context's, with the history's over them.
    let mut today = context.clone();
    for (entity, facts) in &situation.facts {
        today.entities.entry(entity.clone()).or_default().extend(facts.clone());
    }
    let entered = entry_day(program, situation);
    let mut out = Vec::new();
    for o in &program.obligations {
        // A named duty to act with no time limit is followed too: done, or
        // still owed (never overdue, as nothing says by when).
        let untimed =
            o.timing.is_none() && o.label.is_some() && o.action.is_some() && o.modality == crate::ir::Modality::Must;
        let timing = match &o.timing {
            Some(t) => Some(t),
            None if untimed => None,
            None => continue,
        };
        if !o.in_force.contains(date) {
            continue;
        }
        let name = o
            .label
            .clone()
            .or_else(|| o.action.clone())
            .unwrap_or_else(|| "obligation".to_string());
        let is_member = o.subject == "member";
        // A provision an amendment brings binds a member only while the amendment
        // binds it, and the organisation only once the amendment is in force.
        let covering: Vec<&AmendmentOnDate> = situation
            .amendments
            .iter()
            .filter(|a| {
                program
                    .amendments
                    .iter()
                    .any(|p| p.name == a.amendment && p.covers(o.provenance.article.as_deref(), o.label.as_deref()))
            })
            .collect();
        let subjects: Vec<String> = if is_member {
            members
                .iter()
                .filter(|m| covering.iter().all(|a| a.binds_state(m) != Some(false)))
                .map(|m| m.to_string())
                .collect()
        } else if covering.iter().any(|a| a.in_force == Some(false)) {
            continue;
        } else {
            vec![o.subject.clone()]
        };
        let duty =
            |subject: &str, state: Option<DutyState>, arose: Option<Date>, deadline: Option<Date>, why: String| Duty {
                obligation: name.clone(),
                article: o.provenance.article.clone(),
                subject: subject.to_string(),
                timing: timing.map_or_else(|| "with no time limit".to_string(), ToString::to_string),
                state,
                arose,
                deadline,
                why,
            };
        // A duty due at once arises the first day its conditions hold: one search per obligation.
        let at_once = match timing {
            Some(Timing::Immediately | Timing::Forthwith) => {
                Some(arisen(program, o, &trail.facts, date, context, &entered))
            }
            _ => None,
        };
        for subject in &subjects {
            if let Some(a) = covering.iter().find(|a| is_member && a.binds_state(subject).is_none()) {
                let why = format!(
                    "whether amendment `{}` binds it is undecided: a figure its condition needs is missing",
                    a.amendment
                );
                out.push(duty(subject, None, None, None, why));
                continue;
            }
            // What an amendment brings counts from the day it binds the subject, not
            // from the treaty's own entry into force.
            let since = covering
                .iter()
                .filter_map(|a| {
                    a.binds
                        .iter()
                        .find(|b| !is_member || b.state == *subject)
                        .and_then(|b| b.from)
                        .or(a.in_force_from.filter(|_| !is_member))
                })
                .max();
            let entered = match since {
                Some(d) => Ok(Some(d)),
                None => entered.clone(),
            };
            let member = if is_member { context.members.get(subject) } else { None };
            // Whom the obligation binds, and its exceptions, on the day's facts.
            let mut gate: Result<bool, String> = Ok(true);
            if let (true, Some(filter)) = (is_member, &o.subject_filter) {
                gate = holds(program, &today, member, filter);
            }
            if gate == Ok(false) {
                continue;
            }
            let mut conditions: Vec<(&crate::ir::Expr, bool)> = o.unless.iter().map(|e| (e, true)).collect();
            if at_once.is_none() {
                conditions.extend(o.when.iter().map(|e| (e, false)));
            }
            for (e, is_exception) in conditions {
                match holds(program, &today, member, e) {
                    // An exception that holds, or a condition that does not, lifts the duty.
                    Ok(h) if h == is_exception => gate = Ok(false),
                    Err(why) if gate == Ok(true) => gate = Err(why),
                    _ => {}
                }
            }
            match gate {
                Ok(false) => {
                    out.push(duty(
                        subject,
                        Some(DutyState::NotDue),
                        None,
                        None,
                        "its conditions do not hold".to_string(),
                    ));
                    continue;
                }
                Err(why) => {
                    out.push(duty(subject, None, None, None, why));
                    continue;
                }
                Ok(true) => {}
            }
            let Some(timing) = timing else {
                let done_on = o
                    .label
                    .as_deref()
                    .and_then(|l| days_of(&done, l, Some(subject.as_str())).last().copied());
                out.push(match done_on {
                    Some(on) => duty(subject, Some(DutyState::Met), None, None, format!("done on {on}")),
                    None => duty(
                        subject,
                        Some(DutyState::Due),
                        None,
                        None,
                        "not done yet; the treaty sets no time limit, so it is never overdue".to_string(),
                    ),
                });
                continue;
            };
            // When the duty arose, per the timing.
            let arose: Result<Option<Date>, String> = match timing {
                Timing::Regularly => {
                    Err("`regularly` gives no period: whether it is met cannot be measured".to_string())
                }
                Timing::Every { .. } => entered
                    .clone()
                    .map(|d| d.map(|d| o.in_force.from.map_or(d, |f| f.max(d)))),
                Timing::Within { from, .. } | Timing::After { from, .. } => match from {
                    Moment::EntryIntoForce => entered.clone(),
                    Moment::Notice if is_member => Ok(trail.notices.get(subject).copied()),
                    Moment::Accession if is_member => Ok(trail.accessions.get(subject).copied()),
                    // The organisation's or a body's duty: counted from the latest, whoever gave it.
                    Moment::Notice => Ok(trail.notices.values().copied().filter(|d| *d <= date).max()),
                    Moment::Accession => Ok(trail.accessions.values().copied().filter(|d| *d <= date).max()),
                    // The latest such decision: about this member (or none in particular), or any.
                    Moment::Decision { body, decision } => {
                        let act = format!("{body}.{decision}");
                        Ok(days_of(&decisions, &act, is_member.then_some(subject.as_str()))
                            .last()
                            .copied())
                    }
                },
                Timing::Immediately | Timing::Forthwith => at_once.clone().unwrap_or(Ok(None)),
            };
            let arose = match arose {
                Err(why) => {
                    out.push(duty(subject, None, None, None, why));
                    continue;
                }
                Ok(None) => {
                    out.push(duty(
                        subject,
                        Some(DutyState::NotDue),
                        None,
                        None,
                        "it has not arisen".to_string(),
                    ));
                    continue;
                }
                Ok(Some(d)) => d,
            };
            // The days this subject performed it (the organisation's and a body's need no state).
            let performed: Vec<Date> = o
                .label
                .as_deref()
                .map(|l| days_of(&done, l, Some(subject.as_str())))
                .unwrap_or_default();
            if let Timing::Every { length } = timing {
                out.push(recurring(&duty, subject, arose, *length, &performed, date));
                continue;
            }
            if let Timing::After { length, .. } = timing {
                out.push(dated(&duty, subject, arose.after(*length), &performed, date));
                continue;
            }
            let deadline = match timing {
                Timing::Within { length, .. } => arose.after(*length),
                _ => Some(arose),
            };
            let Some(deadline) = deadline else {
                out.push(duty(
                    subject,
                    None,
                    Some(arose),
                    None,
                    "the deadline is past the year 9999".to_string(),
                ));
                continue;
            };
            let met = performed.iter().copied().find(|d| *d >= arose);
            let (state, why) = match met {
                Some(on) if on <= deadline => (DutyState::Met, format!("met on {on}")),
                Some(on) => (DutyState::Overdue, format!("met late, on {on}")),
                None if date <= deadline => (DutyState::Due, format!("due by {deadline}")),
                None => (DutyState::Overdue, format!("overdue since {deadline} passed")),
            };
            out.push(duty(subject, Some(state), Some(arose), Some(deadline), why));
        }
    }
    out
}

/// Builds a duty's line: subject, state, when it arose, deadline, why.
type MakeDuty<'f> = dyn Fn(&str, Option<DutyState>, Option<Date>, Option<Date>, String) -> Duty + 'f;

/// A duty that arises on a day (`25 years after the entry into force`): not due
/// before it, met once performed on or after it, and never overdue, as nothing
/// says by when.
fn dated(duty: &MakeDuty<'_>, subject: &str, day: Option<Date>, performed: &[Date], date: Date) -> Duty {
    let Some(day) = day else {
        return duty(
            subject,
            None,
            None,
            None,
            "the day it arises is past the year 9999".to_string(),
        );
    };
    if date < day {
        return duty(
            subject,
            Some(DutyState::NotDue),
            Some(day),
            None,
            format!("it arises on {day}"),
        );
    }
    match performed.iter().copied().find(|d| *d >= day) {
        Some(on) => duty(subject, Some(DutyState::Met), Some(day), None, format!("met on {on}")),
        None => duty(
            subject,
            Some(DutyState::Due),
            Some(day),
            None,
            format!("due since {day}; the treaty sets no time limit after it, so it is never overdue"),
        ),
    }
}

/// A duty due once in every period from `start`: overdue if a period that has
/// ended passed without it, met if performed in the current one, due otherwise.
fn recurring(duty: &MakeDuty<'_>, subject: &str, start: Date, length: Length, performed: &[Date], date: Date) -> Duty {
    let mut from = start;
    // Bounded: at most a thousand years of periods of at least a day.
    for _ in 0..400_000 {
        let Some(next) = from.after(length) else { break };
        let last = day_before(next);
        let in_period = performed.iter().any(|d| from <= *d && *d <= last);
        if date <= last {
            let (state, why) = if in_period {
                (DutyState::Met, format!("met in the period {from} to {last}"))
            } else {
                (DutyState::Due, format!("due by {last}"))
            };
            return duty(subject, Some(state), Some(from), Some(last), why);
        }
        if !in_period {
            let why = format!("not met in the period {from} to {last}");
            return duty(subject, Some(DutyState::Overdue), Some(from), Some(last), why);
        }
        from = next;
    }
    duty(
        subject,
        None,
        Some(start),
        None,
        "the periods run past the year 9999".to_string(),
    )
}

/// When an obligation due at once arose: the first day its `when` conditions
/// held, with the facts the history had set by then over the context's. Never
/// held is a "no" only where the facts it reads are given.
fn arisen(
    program: &Program,
    o: &Obligation,
    changes: &[(Date, String, String, String)],
    date: Date,
    context: &Context,
    entered: &Result<Option<Date>, String>,
) -> Result<Option<Date>, String> {
    if o.when.is_empty() {
        // Due at once with no condition: from the entry into force, which must be known.
        return entered.clone();
    }
    let all = |ctx: &Context| -> Result<bool, String> {
        let mut result = true;
        for e in &o.when {
            result &= holds(program, ctx, None, e)?;
        }
        Ok(result)
    };
    let mut ctx = context.clone();
    let mut last = all(&ctx);
    if last == Ok(true) {
        // True by the facts given, from no known day: the deadline cannot be placed.
        return Err(
            "its conditions hold by the facts given, but no event of the history dates when they arose".to_string(),
        );
    }
    let mut k = 0;
    while let Some(day) = changes.get(k).map(|c| c.0).filter(|d| *d <= date) {
        // Every change of one day, then the conditions once.
        while let Some((_, entity, key, value)) = changes.get(k).filter(|c| c.0 == day) {
            ctx.entities
                .entry(entity.clone())
                .or_default()
                .insert(key.clone(), value.clone());
            k += 1;
        }
        last = all(&ctx);
        if last == Ok(true) {
            return Ok(Some(day));
        }
    }
    last.map(|_| None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Session;

    /// The program of a small treaty, compiled as `treatyc` does.
    fn program(source: &str) -> Program {
        let mut session = Session::new();
        let file = session.add("t.treaty", source.as_bytes());
        let compiled = session.compile(file, &crate::check::Config::default());
        let Ok(c) = compiled else {
            unreachable!("the test treaty compiles")
        };
        c.program(None)
            .unwrap_or_else(|_| unreachable!("the test treaty lowers"))
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap_or(Date::MIN)
    }

    fn event(date: &str, kind: EventKind, state: &str, act: Option<&str>, until: Option<&str>) -> Event {
        Event {
            date: day(date),
            kind,
            state: (!state.is_empty()).then(|| state.to_string()),
            act: act.map(str::to_string),
            value: None,
            until: until.map(day),
            holder: None,
            at: Span::new(FileId(0), 0, 0),
        }
    }

    const TREATY: &str = "treaty t {
        in force from 1 January 2000
        parties { A  B  C }
        other states { D }
        body Council { seats: one per member  decides extension by unanimity  decides admission by unanimity }
        accession by Council.admission
        withdrawal { takes effect one year after notice  extension by Council.extension }
        every member must pay within three months of notice
        every member must report every year
      }";

    #[test]
    fn a_notice_runs_to_the_end_of_its_last_day_and_an_extension_moves_it() {
        let p = program(TREATY);
        let h = History::new(
            &p,
            vec![
                event("2020-02-29", EventKind::Notice, "A", None, None),
                event("2020-06-01", EventKind::Accession, "D", Some("Council.admission"), None),
            ],
        )
        .unwrap_or_default();
        // One year after 29 February 2020 is 28 February 2021: a member through that day.
        assert!(h
            .situation(&p, day("2021-02-28"))
            .standing("A")
            .is_some_and(Standing::is_member));
        assert_eq!(
            h.situation(&p, day("2021-03-01")).standing("A"),
            Some(Standing::Withdrawn { on: day("2021-03-01") })
        );
        assert_eq!(h.situation(&p, day("2020-05-31")).members(), ["A", "B", "C"]);
        assert_eq!(h.situation(&p, day("2021-03-01")).members(), ["B", "C", "D"]);
        let extended = History::new(
            &p,
            vec![
                event("2020-02-29", EventKind::Notice, "A", None, None),
                event(
                    "2021-01-10",
                    EventKind::Extension,
                    "A",
                    Some("Council.extension"),
                    Some("2021-06-30"),
                ),
            ],
        )
        .unwrap_or_default();
        assert!(extended
            .situation(&p, day("2021-06-30"))
            .standing("A")
            .is_some_and(Standing::is_member));
        assert!(!extended
            .situation(&p, day("2021-07-01"))
            .standing("A")
            .is_some_and(Standing::is_member));
    }

    #[test]
    fn a_suspended_member_that_gives_notice_leaves_on_schedule_and_a_year_end_counts() {
        let p = program(&TREATY.replace(
            "withdrawal { takes effect one year after notice  extension by Council.extension }",
            "withdrawal { takes effect two years after notice or at the end of the year of notice }\n        suspension of voting rights by Council.extension",
        ));
        let h = History::new(
            &p,
            vec![
                event("2020-03-01", EventKind::Suspension, "A", None, None),
                event("2020-06-15", EventKind::Notice, "A", None, None),
            ],
        )
        .unwrap_or_default();
        let on = |d: &str| h.situation(&p, day(d)).standing("A");
        assert_eq!(
            on("2020-12-31"),
            Some(Standing::Withdrawing {
                notice: day("2020-06-15"),
                leaves: Some(day("2021-01-01")),
                suspended_since: Some(day("2020-03-01")),
            })
        );
        assert_eq!(h.situation(&p, day("2020-12-31")).suspended(), ["A"]);
        assert_eq!(on("2021-01-01"), Some(Standing::Withdrawn { on: day("2021-01-01") }));
    }

    #[test]
    fn a_withdrawal_at_the_end_of_the_year_following_the_notice() {
        // UNESCO Constitution Art. II(6): the United States' notice of 12 October 2017
        // took effect on 31 December 2018, its member's last day.
        let p = program(&TREATY.replace(
            "withdrawal { takes effect one year after notice  extension by Council.extension }",
            "withdrawal { takes effect at the end of the calendar year following that of the notice }",
        ));
        let h = History::new(&p, vec![event("2017-10-12", EventKind::Notice, "A", None, None)]).unwrap_or_default();
        let on = |d: &str| h.situation(&p, day(d)).standing("A");
        assert!(on("2018-12-31").is_some_and(Standing::is_member));
        assert_eq!(on("2019-01-01"), Some(Standing::Withdrawn { on: day("2019-01-01") }));
    }

    #[test]
    fn elections_fill_terms_a_vacancy_is_filled_for_the_rest_and_re_election_is_limited() {
        // ICJ Statute Art. 13 and 15, on three seats: one renewed every three years.
        let p = program(&TREATY.replace(
            "body Council {",
            "body Court { seats: 3 elected by Council for nine years, 1 renewed every three years, re-eligible once  decides judgments by simple majority }\n        body Council {",
        ));
        let elect = |date: &str, state: &str, person: &str| Event {
            holder: Some(person.to_string()),
            act: Some("Court".to_string()),
            ..event(date, EventKind::Election, state, None, None)
        };
        let vacate = |date: &str, state: &str, person: &str| Event {
            holder: Some(person.to_string()),
            act: Some("Court".to_string()),
            ..event(date, EventKind::Vacancy, state, None, None)
        };
        let events = vec![
            elect("2000-02-06", "A", "Judge One"),
            elect("2003-02-06", "B", "Judge Two"),
            elect("2006-02-06", "C", "Judge Three"),
            vacate("2007-05-01", "B", "Judge Two"),
            elect("2007-09-01", "A", "Judge Four"),
            elect("2009-02-06", "A", "Judge One"),
        ];
        let h = History::new(&p, events.clone()).unwrap_or_default();
        let s = h.situation(&p, day("2010-01-01"));
        let court = s.seats.iter().find(|x| x.body == "Court").map(|x| {
            x.held()
                .map(|t| (t.holder.as_str(), t.ends(), t.remainder))
                .collect::<Vec<_>>()
        });
        assert_eq!(
            court,
            Some(vec![
                ("Judge Three", Some(day("2015-02-06")), false),
                // The rest of Judge Two's term, to the day it would have ended.
                ("Judge Four", Some(day("2012-02-06")), true),
                ("Judge One", Some(day("2018-02-06")), false),
            ])
        );
        assert_eq!(s.next_renewal_of("Court"), Some(day("2012-02-06")));
        // Twice is the limit; a fourth seat is not there; a vacancy of one not seated.
        let code = |more: Vec<Event>| {
            History::new(&p, events.iter().cloned().chain(more).collect())
                .err()
                .and_then(|d| d.first().map(|d| d.code))
        };
        assert_eq!(code(vec![elect("2018-02-06", "A", "Judge One")]), Some(Code::E1005));
        assert_eq!(code(vec![elect("2010-03-01", "B", "Judge Five")]), Some(Code::E1005));
        assert_eq!(code(vec![vacate("2010-03-01", "B", "Judge Five")]), Some(Code::E1005));
        assert_eq!(
            s.eligibility(&p, "Court", "Judge Three"),
            Err("not eligible: it holds a seat until 5 February 2015".to_string())
        );
    }

    /// An acceptance of amendment `x` by `state` on `date`.
    fn accept(date: &str, state: &str) -> Event {
        event(date, EventKind::Ratification, state, Some("x"), None)
    }

    /// The state of amendment `x`, written into the test treaty with `condition`,
    /// on each day asked, after `events`.
    fn amendment_x(condition: &str, events: Vec<Event>) -> impl Fn(&str) -> Option<AmendmentOnDate> {
        let p = program(&TREATY.replace(
            "body Council {",
            &format!("amendment x {{ in force for accepting members {condition} }}\n        body Council {{"),
        ));
        let h = History::new(&p, events).unwrap_or_default();
        move |d: &str| {
            h.situation(&p, day(d))
                .amendments
                .into_iter()
                .find(|a| a.amendment == "x")
        }
    }

    #[test]
    fn an_amendments_share_of_members_is_of_the_members_of_the_day() {
        // Kyoto Protocol Art. 20(4): "three fourths of the Parties to this Protocol"
        // when the acceptances are counted, not of the parties as first written.
        let x = amendment_x(
            "one day after ratification by 3/4 of members",
            vec![
                event("2001-01-01", EventKind::Notice, "A", None, None),
                accept("2003-01-01", "B"),
                accept("2003-02-01", "C"),
            ],
        );
        // A left on 2 January 2002: B and C are every member, two of two.
        assert_eq!(x("2003-02-02").and_then(|a| a.in_force_from), Some(day("2003-02-02")));
        assert_eq!(x("2003-01-15").and_then(|a| a.in_force), Some(false));
    }

    #[test]
    fn an_instrument_not_counted_binds_its_party_but_counts_towards_no_share() {
        // Kyoto Protocol Art. 25(4): the instrument of a regional economic integration
        // organisation is "not counted as additional to those deposited by member
        // States"; the Union is bound by the amendment all the same.
        let x = amendment_x(
            "one day after ratification by 2/3 of members not counting A",
            vec![
                accept("2003-01-01", "A"),
                accept("2003-02-01", "B"),
                accept("2003-03-01", "C"),
            ],
        );
        // A and B are two of the three members, but A's instrument is not counted:
        // the threshold is reached by C's, and A is bound from then on.
        let before = x("2003-02-15");
        assert_eq!(before.as_ref().and_then(|a| a.in_force), Some(false));
        assert_eq!(
            before
                .as_ref()
                .map(|a| a.parts.iter().map(|t| t.actual.clone()).collect::<Vec<_>>()),
            Some(vec!["1 of 3 members (1 more not counted)".to_string()])
        );
        let after = x("2003-03-02");
        assert_eq!(after.as_ref().and_then(|a| a.in_force_from), Some(day("2003-03-02")));
        assert!(after.is_some_and(|a| a.binds.iter().any(|b| b.state == "A")));
    }

    #[test]
    fn impossible_sequences_are_refused_with_their_code() {
        let p = program(TREATY);
        let code = |events: Vec<Event>| History::new(&p, events).err().and_then(|d| d.first().map(|d| d.code));
        // An extension after the period ran out; an accession of a member; a state no one knows.
        assert_eq!(
            code(vec![
                event("2020-01-01", EventKind::Notice, "A", None, None),
                event(
                    "2021-01-02",
                    EventKind::Extension,
                    "A",
                    Some("Council.extension"),
                    Some("2021-06-30")
                ),
            ]),
            Some(Code::E1005)
        );
        assert_eq!(
            code(vec![
                event("2020-01-01", EventKind::Accession, "D", None, None),
                event("2021-01-01", EventKind::Accession, "D", None, None),
            ]),
            Some(Code::E1005)
        );
        assert_eq!(
            code(vec![event("2020-01-01", EventKind::Notice, "Z", None, None)]),
            Some(Code::E1006)
        );
        // A line that says more than its kind means, or names another act than the treaty's.
        assert_eq!(
            code(vec![event(
                "2020-01-01",
                EventKind::Notice,
                "A",
                None,
                Some("2021-01-01")
            )]),
            Some(Code::E1004)
        );
        assert_eq!(
            code(vec![event(
                "2020-01-01",
                EventKind::Extension,
                "A",
                Some("Council.extension"),
                None
            )]),
            Some(Code::E1004)
        );
        assert_eq!(
            code(vec![event(
                "2020-01-01",
                EventKind::Accession,
                "D",
                Some("Council.extension"),
                None
            )]),
            Some(Code::E1006)
        );
        assert_eq!(
            code(vec![event("1999-12-31", EventKind::Notice, "A", None, None)]),
            Some(Code::E1005)
        );
        assert_eq!(
            code(vec![event("2020-01-01", EventKind::Suspension, "A", None, None)]),
            Some(Code::E1006)
        );
        // Invited, then a member on deposit: the deposit needs the invitation before it.
        let nato = program(&TREATY.replace(
            "accession by Council.admission",
            "accession by Council.admission on deposit",
        ));
        let deposit = event("2020-06-01", EventKind::Accession, "D", None, None);
        let invitation = event("2020-01-10", EventKind::Decision, "D", Some("Council.admission"), None);
        let code = |events: Vec<Event>| {
            History::new(&nato, events)
                .err()
                .and_then(|d| d.first().map(|d| d.code))
        };
        assert_eq!(code(vec![deposit.clone()]), Some(Code::E1005));
        assert_eq!(code(vec![invitation, deposit]), None);
    }

    #[test]
    fn duties_are_due_met_or_overdue_by_their_deadline() {
        let p = program(TREATY);
        let h = History::new(
            &p,
            vec![
                event("2020-01-31", EventKind::Notice, "A", None, None),
                event("2020-02-10", EventKind::Notice, "B", None, None),
                event("2020-03-15", EventKind::Done, "B", Some("pay"), None),
            ],
        );
        // `pay` has no label: name it to record it done.
        assert!(h.is_err());
        let labelled = TREATY.replace("every member must pay", "pay: every member must pay");
        let p = program(&labelled);
        let h = History::new(
            &p,
            vec![
                event("2020-01-31", EventKind::Notice, "A", None, None),
                event("2020-02-10", EventKind::Notice, "B", None, None),
                event("2020-03-15", EventKind::Done, "B", Some("pay"), None),
            ],
        )
        .unwrap_or_default();
        let state = |on: &str, who: &str| {
            h.situation(&p, day(on))
                .duties
                .iter()
                .find(|d| d.obligation == "pay" && d.subject == who)
                .map(|d| (d.state, d.deadline))
        };
        // Three months after 31 January is 30 April: due until then, overdue after.
        assert_eq!(
            state("2020-04-30", "A"),
            Some((Some(DutyState::Due), Some(day("2020-04-30"))))
        );
        assert_eq!(state("2020-05-01", "A").map(|s| s.0), Some(Some(DutyState::Overdue)));
        assert_eq!(state("2020-05-01", "B").map(|s| s.0), Some(Some(DutyState::Met)));
        assert_eq!(state("2020-05-01", "C").map(|s| s.0), Some(Some(DutyState::NotDue)));
        // `every year` from the entry into force: the first year passed without a report.
        let report = h
            .situation(&p, day("2001-01-01"))
            .duties
            .into_iter()
            .find(|d| d.obligation == "report" && d.subject == "C");
        assert_eq!(report.map(|d| d.state), Some(Some(DutyState::Overdue)));
    }

    #[test]
    fn who_a_duty_binds_and_its_exceptions_are_read_on_the_facts_given() {
        let p = program(
            "treaty t {
              in force from 1 January 2000
              facts member { neutral: bool }
              parties { A  B  C }
              withdrawal { takes effect one year after notice }
              pay: every member must pay within three months of notice unless neutral
            }",
        );
        let h = History::new(
            &p,
            vec![
                event("2020-01-31", EventKind::Notice, "A", None, None),
                event("2020-01-31", EventKind::Notice, "B", None, None),
            ],
        )
        .unwrap_or_default();
        let mut context = Context::default();
        context
            .members
            .insert("A".into(), [("neutral".to_string(), "true".to_string())].into());
        context
            .members
            .insert("B".into(), [("neutral".to_string(), "false".to_string())].into());
        let s = h.situation_in(&p, day("2020-06-01"), &context);
        let state = |who: &str| s.duties.iter().find(|d| d.subject == who).map(|d| d.state);
        assert_eq!(state("A"), Some(Some(DutyState::NotDue)));
        assert_eq!(state("B"), Some(Some(DutyState::Overdue)));
        // C's neutrality is not given: undecided, never "not due".
        assert_eq!(state("C"), Some(None));
    }

    const RATIFIED: &str = "treaty t {
        facts member { emissions: count }
        parties { A  B  C  D }
        other states { E }
        in force thirty days after ratification by 2 members and 55% of emissions
      }";

    fn emissions(figures: &[(&str, &str)]) -> Context {
        let mut context = Context::default();
        for (id, value) in figures {
            context.members.insert(
                (*id).to_string(),
                [("emissions".to_string(), (*value).to_string())].into(),
            );
        }
        context
    }

    #[test]
    fn a_treaty_enters_into_force_the_period_after_the_deposit_that_meets_every_part() {
        let p = program(RATIFIED);
        let h = History::new(
            &p,
            vec![
                event("2016-09-03", EventKind::Ratification, "A", None, None),
                event("2016-10-05", EventKind::Ratification, "B", None, None),
                event("2016-11-18", EventKind::Ratification, "C", None, None),
            ],
        )
        .unwrap_or_default();
        let context = emissions(&[("A", "30"), ("B", "30"), ("C", "20"), ("D", "20")]);
        let on = |d: &str| h.situation_in(&p, day(d), &context);
        // One deposit: 30% of the emissions and one member, short of both parts.
        let before = on("2016-10-04");
        let entry = before
            .entry
            .clone()
            .unwrap_or_else(|| unreachable!("the treaty waits for ratifications"));
        assert_eq!(
            (entry.ratified, entry.condition_met, entry.in_force),
            (1, None, Some(false))
        );
        assert_eq!(
            entry
                .parts
                .iter()
                .map(|x| (x.actual.as_str(), x.met))
                .collect::<Vec<_>>(),
            [("1 members", Some(false)), ("30% of emissions", Some(false))]
        );
        assert_eq!(
            before.standing("A"),
            Some(Standing::Ratified {
                deposited: day("2016-09-03"),
                bound_from: None
            })
        );
        // The second deposit meets both: in force the thirtieth day after, 4 November 2016.
        let met = on("2016-10-05").entry.unwrap_or_else(|| unreachable!("waits"));
        assert_eq!(met.condition_met, Some(day("2016-10-05")));
        assert_eq!(met.in_force_from, Some(day("2016-11-04")));
        assert_eq!(met.in_force, Some(false));
        assert!(on("2016-11-03").members().is_empty());
        assert_eq!(on("2016-11-04").members(), ["A", "B"]);
        // A later party: the thirtieth day after its own deposit.
        assert_eq!(
            on("2016-12-17").standing("C"),
            Some(Standing::Ratified {
                deposited: day("2016-11-18"),
                bound_from: Some(day("2016-12-18"))
            })
        );
        assert_eq!(on("2016-12-18").members(), ["A", "B", "C"]);
        // Without the facts, the share is undecided: never in force by guess.
        let unknown = h.situation_in(&p, day("2016-12-18"), &emissions(&[("A", "30"), ("B", "30")]));
        assert_eq!(unknown.entry.as_ref().map(|e| e.in_force), Some(None));
        assert!(unknown.members().is_empty());
        // Weighed otherwise, the same deposits fall short of 55% until C's (60%).
        let heavy_d = emissions(&[("A", "10"), ("B", "10"), ("C", "40"), ("D", "40")]);
        let late = h.situation_in(&p, day("2017-01-01"), &heavy_d).entry;
        assert_eq!(late.and_then(|e| e.condition_met), Some(day("2016-11-18")));
    }

    #[test]
    fn including_names_parties_that_must_be_among_those_that_ratified() {
        let p = program(
            "treaty t {
              parties { CHN  FRA  RUS  GBR  USA  BRA }
              body SecurityCouncil { seats: one per member  permanent seats: CHN, FRA, RUS, GBR, USA  decides measures by unanimity }
              in force after ratification by 1/2 of members including permanent members of SecurityCouncil
            }",
        );
        let deposits = ["CHN", "FRA", "RUS", "GBR", "BRA", "USA"];
        let events: Vec<Event> = deposits
            .iter()
            .enumerate()
            .map(|(i, s)| event(&format!("1945-10-{:02}", i + 1), EventKind::Ratification, s, None, None))
            .collect();
        let h = History::new(&p, events).unwrap_or_default();
        // Five deposits, half the parties and more, but not the United States: not in force.
        let before = h.situation(&p, day("1945-10-05")).entry;
        assert_eq!(before.as_ref().and_then(|e| e.in_force), Some(false));
        // With no period, in force on the day of the deposit that completes it.
        let after = h.situation(&p, day("1945-10-06"));
        assert_eq!(
            after.entry.as_ref().and_then(|e| e.in_force_from),
            Some(day("1945-10-06"))
        );
        assert_eq!(after.members().len(), 6);
    }

    #[test]
    fn a_ratification_is_by_a_party_once_and_only_where_the_treaty_waits_for_one() {
        let p = program(RATIFIED);
        let code = |events: Vec<Event>| History::new(&p, events).err().and_then(|d| d.first().map(|d| d.code));
        let twice = vec![
            event("2016-09-03", EventKind::Ratification, "A", None, None),
            event("2016-09-04", EventKind::Ratification, "A", None, None),
        ];
        assert_eq!(code(twice), Some(Code::E1005));
        assert_eq!(
            code(vec![event("2016-09-03", EventKind::Ratification, "E", None, None)]),
            Some(Code::E1006)
        );
        let dated = program(TREATY);
        let no_clause = History::new(
            &dated,
            vec![event("2020-01-01", EventKind::Ratification, "A", None, None)],
        );
        assert_eq!(
            no_clause.err().and_then(|d| d.first().map(|d| d.code)),
            Some(Code::E1006)
        );
    }

    #[test]
    fn a_history_file_is_read_strictly() {
        let ok = "date,event,state,act,detail\n2017-03-29,notice,GBR,,\n2019-04-11,extension,GBR,Council.extension,2019-10-31\n";
        let events = parse_csv(FileId(0), ok).unwrap_or_default();
        assert_eq!(events.len(), 2);
        assert_eq!(events.get(1).and_then(|e| e.until), Some(day("2019-10-31")));
        for bad in [
            "",
            "date,event\n",
            "date,event,state,act,detail\n2017-02-30,notice,GBR,,\n",
            "date,event,state,act,detail\n2017-03-29,leave,GBR,,\n",
            "date,event,state,act,detail\n2017-03-29,extension,GBR,Council.extension,\n",
            "date,event,state,act,detail\n2017-03-29,notice,GBR,,soon\n",
            "date,event,state,act,detail\n2017-03-29,notice,GBR\n",
        ] {
            let codes: Vec<Code> = parse_csv(FileId(0), bad)
                .err()
                .unwrap_or_default()
                .iter()
                .map(|d| d.code)
                .collect();
            assert_eq!(codes.first(), Some(&Code::E1004), "{bad:?}");
        }
    }
}
