//! Time: periods that end before they start (E1003), deadlines no one can meet
//! because the procedure behind them takes longer (E1007), obligations that fall
//! due after the member's withdrawal has taken effect (E1008), recurring duties
//! with no period (W1009), and withdrawals that never take effect (E1010). Each
//! finding gives a witness in dates.

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
    for p in &m.provisions {
        let p = p.node;
        window(&p.validity, "this provision", &mut out);
        if let Some(Timing::Regularly { span }) = &p.timing {
            out.push(
                Diagnostic::new(Code::W1009, *span, "a duty performed `regularly`, with no period, cannot be measured")
                    .with_primary_label("no period")
                    .with_help("where the treaty or its practice gives a period, write it (`every year`); `eval` reports this duty as undecided"),
            );
        }
        if let Some(Timing::Within { length, span, .. }) = &p.timing {
            slower_procedure(m, p, length, *span, &mut out);
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

/// The shortest time a procedure can take: the sum of its consultation periods,
/// and of the procedures it requires (each once: a cycle is E0117's).
fn fastest(m: &Model<'_>, procedure: &DecisionProcedure, seen: &mut Vec<String>) -> u64 {
    if seen.contains(&procedure.name.name) {
        return 0;
    }
    seen.push(procedure.name.name.clone());
    procedure
        .steps
        .iter()
        .map(|s| match s {
            Step::Consultation { period: Some(d), .. } => d.length.shortest_days(),
            Step::Prerequisite { procedure, .. } => m
                .decision_procedures
                .values()
                .find(|p| p.node.name.name == procedure.name)
                .map_or(0, |p| fastest(m, p.node, seen)),
            _ => 0,
        })
        .sum()
}

/// An obligation to complete a procedure within less time than the procedure takes.
fn slower_procedure(
    m: &Model<'_>,
    p: &Provision,
    length: &Duration,
    span: crate::source::Span,
    out: &mut Vec<Diagnostic>,
) {
    let Action::Named { phrase, .. } = &p.action else {
        return;
    };
    // The action names the procedure, or the act it is a path to; every path must be too slow.
    let paths: Vec<&DecisionProcedure> = m
        .decision_procedures
        .values()
        .map(|d| d.node)
        .filter(|d| {
            phrase
                .split_whitespace()
                .any(|w| w == d.name.name || d.act.as_ref().is_some_and(|a| a.name == w))
        })
        .collect();
    let Some(quickest) = paths.iter().min_by_key(|d| fastest(m, d, &mut Vec::new())) else {
        return;
    };
    let takes = fastest(m, quickest, &mut Vec::new());
    if takes > length.length.longest_days() {
        let start = Date::new(2030, 1, 1).ok();
        let deadline = start.and_then(|d| d.after(length.length));
        let done = start.and_then(|d| {
            d.after(Length {
                amount: takes as u32,
                unit: crate::time::TimeUnit::Days,
            })
        });
        let witness = match (start, deadline, done) {
            (Some(s), Some(d), Some(c)) => {
                format!("an event on {s} gives a deadline of {d}; the procedure completes on {c} at the earliest")
            }
            _ => String::new(),
        };
        out.push(
            Diagnostic::new(
                Code::E1007,
                span,
                format!(
                    "`{}` must be completed within {}, but procedure `{}` takes at least {takes} days",
                    phrase, length.length, quickest.name.name
                ),
            )
            .with_primary_label("a deadline no one can meet")
            .with_label(quickest.name.span, "its periods add up to more")
            .with_note(witness)
            .with_help("lengthen the deadline, or shorten the periods of the procedure"),
        );
    }
}

/// A withdrawal with no time and no act to take effect on, or only acts that cannot complete.
fn never_takes_effect(m: &Model<'_>, w: &Withdrawal, out: &mut Vec<Diagnostic>) {
    let completes = |e: &EffectTime| match e {
        EffectTime::Delay { .. } => true,
        EffectTime::On {
            act: ActRef::Decision { .. },
        } => true,
        EffectTime::On {
            act: ActRef::Procedure { procedure },
        } => m
            .decision_procedures
            .values()
            .find(|p| p.node.name.name == procedure.name)
            .is_none_or(|p| p.node.steps.iter().any(|s| matches!(s, Step::Decision { .. }))),
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
    if let (Some(open), None) = (&w.open_after, m.entry_into_force) {
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

/// An obligation due a time after notice that is longer than the withdrawal's delay.
fn binds_after_withdrawal(m: &Model<'_>, w: &Withdrawal, out: &mut Vec<Diagnostic>) {
    let Some(delay) = w.takes_effect.iter().find_map(|e| match e {
        EffectTime::Delay { length } => Some(length),
        EffectTime::On { .. } => None,
    }) else {
        return;
    };
    for p in &m.provisions {
        let p = p.node;
        let Some(Timing::Within {
            length,
            from: Moment::Notice { .. },
            span,
        }) = &p.timing
        else {
            continue;
        };
        if !matches!(p.subject, Subject::EveryMember { .. }) {
            continue;
        }
        if length.length.shortest_days() <= delay.length.longest_days() {
            continue;
        }
        // A witness: a notice on the first day withdrawal is open (or a sample day).
        let notice = m
            .entry_into_force
            .map(|d| d.date)
            .and_then(|d| w.open_after.as_ref().map_or(Some(d), |o| d.after(o.length)))
            .or_else(|| Date::new(2030, 1, 1).ok());
        let witness = notice.and_then(|n| {
            let leaves = n.after(delay.length)?;
            let due = n.after(length.length)?;
            Some(format!(
                "a notice on {n}: the state is a member through {leaves}; the obligation falls due on {due}"
            ))
        });
        out.push(
            Diagnostic::new(
                Code::E1008,
                *span,
                format!(
                    "due {} after notice, but the withdrawal takes effect {} after it",
                    length.length, delay.length
                ),
            )
            .with_primary_label("falls due when the state is no longer bound")
            .with_label(delay.span, "the withdrawal takes effect here")
            .with_note(witness.unwrap_or_default())
            .with_help("make the deadline shorter than the withdrawal's delay, or make the duty a term of the withdrawal agreement"),
        );
    }
}
