//! Time: periods that end before they start (E1003), deadlines no one can meet
//! because the procedure behind them takes longer (E1007), obligations that fall
//! due after the member's withdrawal has taken effect (E1008), recurring duties
//! with no period (W1009), and withdrawals that never take effect (E1010). Each
//! finding gives a witness in dates.

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;
use crate::time::{Date, Length};

pub fn check(m: &Model<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in m.rules.values() {
        let r = rule.node;
        window(&r.validity, &format!("rule `{}`", r.name.name), &mut out);
        if let (Some(before), None) = (&r.before, r.validity.from) {
            let span = match before {
                RuleRef::Named(id) => id.span,
                RuleRef::Builtin { span, .. } => *span,
            };
            out.push(
                Diagnostic::new(
                    Code::E1003,
                    span,
                    format!("rule `{}` names a rule for before it starts, but starts on no date", r.name.name),
                )
                .with_primary_label("before what?")
                .with_help("give the day it applies from: `as from DATE before then ...` (TFEU 238: `as from 1 November 2014`)"),
            );
        }
    }
    let paths = Paths::new(m);
    for p in &m.provisions {
        let p = p.node;
        window(&p.validity, "this provision", &mut out);
        if let Some(Timing::Regularly { span }) = p.timing.as_deref() {
            out.push(
                Diagnostic::new(Code::W1009, *span, "a duty performed `regularly`, with no period, cannot be measured")
                    .with_primary_label("no period")
                    .with_help("where the treaty or its practice gives a period, write it (`every year`); `eval` reports this duty as undecided"),
            );
        }
        // `immediately` is a deadline of the shortest kind: the day the duty arises.
        match p.timing.as_deref() {
            Some(Timing::Within { length, span, .. }) => {
                let limit = format!("within {}", length.length);
                slower_procedure(m, &paths, p, Some(length.length), &limit, *span, &mut out)
            }
            Some(Timing::Immediately { span }) => slower_procedure(m, &paths, p, None, "immediately", *span, &mut out),
            Some(Timing::Forthwith { span }) => slower_procedure(m, &paths, p, None, "forthwith", *span, &mut out),
            _ => {}
        }
    }
    let withdrawal = m.membership.iter().find_map(|c| match c.node {
        MembershipChange::Withdrawal(w) => Some(w),
        _ => None,
    });
    if let Some(w) = withdrawal {
        never_takes_effect(m, w, &mut out);
        binds_after_withdrawal(m, w, &mut out);
    }
    out
}

/// `as from` a day after `until`: the period is empty.
fn window(v: &Validity, what: &str, out: &mut Vec<Diagnostic>) {
    if let (Some(from), Some(until)) = (v.from, v.until) {
        if until.date < from.date {
            out.push(
                Diagnostic::new(
                    Code::E1003,
                    until.span,
                    format!("{what} applies until {}, before it starts on {}", until.date, from.date),
                )
                .with_primary_label("ends here")
                .with_label(from.span, "starts here")
                .with_help("correct the dates: a rule in force over no day never applies"),
            );
        }
    }
}

/// The periods a procedure must wait: its consultation periods and those of the
/// procedures it requires (each once: a cycle is E0117's).
fn periods(m: &Model<'_>, procedure: &DecisionProcedure, seen: &mut Vec<String>) -> Vec<Length> {
    if seen.contains(&procedure.name.name) {
        return Vec::new();
    }
    seen.push(procedure.name.name.clone());
    let mut out = Vec::new();
    for s in &procedure.steps {
        match &s.kind {
            StepKind::Consultation { period: Some(d), .. } => out.push(d.length),
            StepKind::Objection { within, .. } => out.push(within.length),
            StepKind::Prerequisite { procedure, .. } => {
                if let Some(p) = m
                    .decision_procedures
                    .values()
                    .find(|p| p.node.name.name == procedure.name)
                {
                    out.extend(periods(m, p.node, seen));
                }
            }
            _ => {}
        }
    }
    out
}

/// The fewest days the periods can take, whatever day they start.
fn shortest(periods: &[Length]) -> u64 {
    periods.iter().map(|l| l.shortest_days()).sum()
}

/// The decision procedures, in the model's order (by name), and which of them
/// each word names, as the procedure's own name or as the act it is a path to:
/// built once per model, so that a deadline is matched to its procedures by
/// looking its words up, where a scan of every procedure for every deadline was
/// a fifth of `check` on 100,000 provisions.
struct Paths<'a> {
    procedures: Vec<&'a DecisionProcedure>,
    by_word: BTreeMap<&'a str, Vec<usize>>,
}

impl<'a> Paths<'a> {
    fn new(m: &Model<'a>) -> Paths<'a> {
        let procedures: Vec<&DecisionProcedure> = m.decision_procedures.values().map(|d| d.node).collect();
        let mut by_word: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, d) in procedures.iter().enumerate() {
            by_word.entry(d.name.name.as_str()).or_default().push(i);
            if let Some(a) = &d.act {
                by_word.entry(a.name.as_str()).or_default().push(i);
            }
        }
        Paths { procedures, by_word }
    }

    /// The procedures a phrase names by any of its words, in the model's order.
    fn named_in(&self, phrase: &str) -> Vec<&'a DecisionProcedure> {
        let found: BTreeSet<usize> = phrase
            .split_whitespace()
            .filter_map(|w| self.by_word.get(w))
            .flatten()
            .copied()
            .collect();
        found
            .into_iter()
            .filter_map(|i| self.procedures.get(i).copied())
            .collect()
    }
}

/// An obligation to complete a procedure in less time than the procedure waits:
/// reported only where no start day could make it fit.
fn slower_procedure(
    m: &Model<'_>,
    paths: &Paths<'_>,
    p: &Provision,
    length: Option<Length>,
    limit: &str,
    span: crate::source::Span,
    out: &mut Vec<Diagnostic>,
) {
    let Action::Named { phrase, .. } = &p.action else {
        return;
    };
    // The action names the procedure, or the act it is a path to; every path must be too slow.
    let paths = paths.named_in(phrase);
    let Some(quickest) = paths.iter().min_by_key(|d| shortest(&periods(m, d, &mut Vec::new()))) else {
        return;
    };
    let waits = periods(m, quickest, &mut Vec::new());
    if shortest(&waits) <= length.map_or(0, Length::longest_days) {
        return;
    }
    let start = Date::new(2030, 1, 1).ok();
    let deadline = match length {
        Some(l) => start.and_then(|d| d.after(l)),
        None => start,
    };
    let done = start.and_then(|s| waits.iter().try_fold(s, |d, l| d.after(*l)));
    let witness = match (start, deadline, done) {
        (Some(s), Some(d), Some(c)) => {
            format!("an event on {s} gives a deadline of {d}; the procedure completes on {c} at the earliest")
        }
        _ => String::new(),
    };
    let wait: Vec<String> = waits.iter().map(ToString::to_string).collect();
    out.push(
        Diagnostic::new(
            Code::E1007,
            span,
            format!(
                "`{phrase}` must be completed {limit}, but procedure `{}` waits {}",
                quickest.name.name,
                wait.join(" and ")
            ),
        )
        .with_primary_label("a deadline no one can meet")
        .with_label(quickest.name.span, "its periods take longer")
        .with_note(witness)
        .with_help("lengthen the deadline, or shorten the periods of the procedure"),
    );
}

/// A withdrawal with no time and no act to take effect on, or only acts that cannot complete.
fn never_takes_effect(m: &Model<'_>, w: &Withdrawal, out: &mut Vec<Diagnostic>) {
    let completes = |e: &EffectTime| match e {
        EffectTime::Delay { .. } | EffectTime::YearEnd { .. } => true,
        EffectTime::On {
            act: ActRef::Decision { .. },
        } => true,
        EffectTime::On {
            act: ActRef::Procedure { procedure },
        } => m
            .decision_procedures
            .values()
            .find(|p| p.node.name.name == procedure.name)
            .is_none_or(|p| {
                p.node
                    .steps
                    .iter()
                    .any(|s| matches!(&s.kind, StepKind::Decision { .. }))
            }),
    };
    if !w.takes_effect.iter().any(completes) {
        let why = if w.takes_effect.is_empty() {
            "it says no time or act on which it takes effect"
        } else {
            "it takes effect only on a procedure that has no decision to complete it"
        };
        out.push(
            Diagnostic::new(Code::E1010, w.span, format!("a withdrawal that never takes effect: {why}"))
                .with_primary_label("a notice here is withdrawing forever")
                .with_help("say when it takes effect: `takes effect one year after notice`, with an agreement as an earlier end where the treaty gives one (`or on procedure withdrawal_agreement`)"),
        );
    }
    // Counted from the date given, or from the day the ratifications bring about.
    if let (Some(open), None, None) = (&w.open_after, m.entry_into_force, m.entry_condition) {
        out.push(
            Diagnostic::new(
                Code::E1010,
                open.span,
                format!(
                    "withdrawal opens after {} in force, but the treaty gives no date of entry into force",
                    open.length
                ),
            )
            .with_primary_label("counted from no day")
            .with_help("give the entry into force: `in force from 24 August 1949`"),
        );
    }
}

/// The last day a state giving notice on `n` is still a member, at the latest:
/// the delay's last day or the year's, whichever comes first.
fn last_member_day(w: &Withdrawal, n: Date) -> Option<Date> {
    let mut last = None::<Date>;
    for e in &w.takes_effect {
        let day = match e {
            EffectTime::Delay { length, .. } => n.after(length.length),
            EffectTime::YearEnd { following, .. } => Date::new(n.year() + i64::from(*following), 12, 31).ok(),
            EffectTime::On { .. } => None,
        };
        last = match (last, day) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    last
}

/// An obligation due a time after notice that is longer than the withdrawal can last.
fn binds_after_withdrawal(m: &Model<'_>, w: &Withdrawal, out: &mut Vec<Diagnostic>) {
    // The longest the withdrawal can take: the delay, or a year at the year's end.
    let bound = w
        .takes_effect
        .iter()
        .filter_map(|e| match e {
            EffectTime::Delay { length, .. } => {
                Some((length.length.longest_days(), length.length.to_string(), length.span))
            }
            EffectTime::YearEnd { span, following: false } => Some((366, "at the latest a year".to_string(), *span)),
            EffectTime::YearEnd { span, following: true } => Some((731, "at the latest two years".to_string(), *span)),
            EffectTime::On { .. } => None,
        })
        .min_by_key(|b| b.0);
    let Some((bound, said, effect_span)) = bound else {
        return;
    };
    for p in &m.provisions {
        let p = p.node;
        let Some(Timing::Within {
            length,
            from: Moment::Notice { .. },
            span,
        }) = p.timing.as_deref()
        else {
            continue;
        };
        if !matches!(p.subject, Subject::EveryMember { .. }) {
            continue;
        }
        if length.length.shortest_days() <= bound {
            continue;
        }
        // A witness: a notice on the first day withdrawal is open (or a sample day).
        let notice = m
            .entry_into_force
            .map(|d| d.date)
            .and_then(|d| w.open_after.as_ref().map_or(Some(d), |o| d.after(o.length)))
            .or_else(|| Date::new(2030, 1, 1).ok());
        let witness = notice.and_then(|n| {
            let last = last_member_day(w, n)?;
            let due = n.after(length.length)?;
            Some(format!(
                "a notice on {n}: the state is a member through {last}; the obligation falls due on {due}"
            ))
        });
        out.push(
            Diagnostic::new(
                Code::E1008,
                *span,
                format!("due {} after notice, but the withdrawal takes effect {said} after it", length.length),
            )
            .with_primary_label("falls due when the state is no longer bound")
            .with_label(effect_span, "the withdrawal takes effect here")
            .with_note(witness.unwrap_or_default())
            .with_help("make the deadline shorter than the withdrawal's delay, or make the duty a term of the withdrawal agreement"),
        );
    }
}
