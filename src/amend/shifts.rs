//! How an amendment shifts power, whether or not anything conflicts: for every
//! body's decision, in the treaty as written and in each stage, the rule before
//! and after. Thresholds raised or lowered (each criterion in words and figures),
//! a decision that changes rule or body, members and bodies that gain or lose a
//! veto, and the fewest members that can block. Who can block is the voting
//! kernel's answer (`power::who_can_block`), never worked out again here; what
//! depends on figures that were not given is said to be undecided, and why.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::eval::{Facts, Voters};
use crate::ir::{Body, Criterion, Power, Program, Rational, Rule};
use crate::power::{who_can_block, Blocking};
use crate::source::SourceMap;

use super::Lint;

/// One shift of power an amendment makes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PowerShift {
    pub body: String,
    pub decision: String,
    /// Where it happens: `null` for the treaty as written, else a stage's name.
    /// A shift made alike in several is listed once, with all of them.
    pub stages: Vec<Option<String>>,
    #[serde(flatten)]
    pub change: ShiftKind,
    /// The shift in plain words.
    pub words: String,
}

/// What shifts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ShiftKind {
    /// The body now decides it, by this rule.
    PowerGained {
        rule: String,
    },
    /// The body no longer decides it.
    PowerLost {
        rule: String,
    },
    /// The decision moves to this body from `before`.
    BodyChanged {
        before: String,
    },
    /// Another rule decides it (their names).
    RuleChanged {
        before: String,
        after: String,
    },
    /// A criterion's figure is raised or lowered (the criterion in words).
    ThresholdRaised {
        before: String,
        after: String,
    },
    ThresholdLowered {
        before: String,
        after: String,
    },
    CriterionAdded {
        criterion: String,
    },
    CriterionRemoved {
        criterion: String,
    },
    /// What an abstention or an absence does.
    EffectChanged {
        of: String,
        before: String,
        after: String,
    },
    /// Members (or bodies) whose vote against (or refusal) now defeats it alone.
    VetoGained {
        holders: Vec<String>,
    },
    VetoLost {
        holders: Vec<String>,
    },
    /// The fewest members that can block together.
    BlockingChanged {
        before: Blockers,
        after: Blockers,
    },
    /// What cannot be decided from what was given, and why.
    Undecided {
        what: String,
        why: String,
    },
}

/// The fewest members that can block a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blockers {
    /// At least this many members, and at most that many (`null`: no
    /// coalition can, or none of the sizes searched); equal when exact.
    pub at_least: Option<usize>,
    pub at_most: Option<usize>,
    /// When exact: how many such coalitions, and up to three of them.
    pub count: Option<u128>,
    pub examples: Vec<Vec<String>>,
    /// Why it is not exact, when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<String>,
}

/// Every shift of power the linted amendment makes, in the treaty as written and
/// in each stage. `facts` gives the figures weighted rules weigh by (empty: what
/// depends on them is reported undecided); `sources` are those the lint's
/// treaty and amendment were parsed into. Nothing when the base has errors.
pub fn power_shifts(lint: &Lint<'_>, sources: &SourceMap, facts: &Facts) -> Vec<PowerShift> {
    let Some(amended) = &lint.models else {
        return Vec::new();
    };
    let base = crate::model::models(lint.treaty);
    let mut out: Vec<PowerShift> = Vec::new();
    for before in &base.models {
        let stage = before.stage_name();
        let Some(after) = amended.stage(stage) else { continue };
        let (b, a) = (crate::ir::lower(before, sources), crate::ir::lower(after, sources));
        for (body, decision, change) in between(&b, &a, facts) {
            let stage = stage.map(str::to_string);
            match out
                .iter_mut()
                .find(|s| s.body == body && s.decision == decision && s.change == change)
            {
                Some(same) => same.stages.push(stage),
                None => out.push(PowerShift {
                    words: words(&change),
                    body,
                    decision,
                    stages: vec![stage],
                    change,
                }),
            }
        }
    }
    out
}

/// The shifts from one program to another, by body and decision.
fn between(before: &Program, after: &Program, facts: &Facts) -> Vec<(String, String, ShiftKind)> {
    let decisions = |p: &Program| -> BTreeMap<(String, String), Power> {
        p.bodies
            .iter()
            .flat_map(|b| {
                b.powers
                    .iter()
                    .map(|w| ((b.name.clone(), w.decision.clone()), w.clone()))
            })
            .collect()
    };
    let (old, new) = (decisions(before), decisions(after));
    let keys: BTreeSet<&(String, String)> = old.keys().chain(new.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (body, decision) = key;
        match (old.get(key), new.get(key)) {
            (Some(b), Some(a)) => {
                for change in decision_shifts(before, after, body, b, a, facts) {
                    out.push((body.clone(), decision.clone(), change));
                }
            }
            (Some(b), None) => out.push((
                body.clone(),
                decision.clone(),
                ShiftKind::PowerLost { rule: b.rule.clone() },
            )),
            (None, Some(a)) => out.push((
                body.clone(),
                decision.clone(),
                ShiftKind::PowerGained { rule: a.rule.clone() },
            )),
            (None, None) => {}
        }
    }
    moved_decisions(out, &old)
}

/// A decision one body loses and another gains has changed body: the loss and
/// the gain become one `BodyChanged` (where the gain stood), and a
/// `RuleChanged` after the rest where the rule changed too. The losses and gains
/// are counted by decision once, not searched again for each loss.
fn moved_decisions(
    out: Vec<(String, String, ShiftKind)>,
    old: &BTreeMap<(String, String), Power>,
) -> Vec<(String, String, ShiftKind)> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (_, decision, change) in &out {
        let (lost, gained) = counts.entry(decision.as_str()).or_default();
        match change {
            ShiftKind::PowerLost { .. } => *lost += 1,
            ShiftKind::PowerGained { .. } => *gained += 1,
            _ => {}
        }
    }
    // Each moved decision, with the body that lost it.
    let from: BTreeMap<String, String> = out
        .iter()
        .filter(|(_, d, c)| matches!(c, ShiftKind::PowerLost { .. }) && counts.get(d.as_str()) == Some(&(1, 1)))
        .map(|(b, d, _)| (d.clone(), b.clone()))
        .collect();
    if from.is_empty() {
        return out;
    }
    // The rule changes, in the order of the losses they come from.
    let mut rule_changes: Vec<(usize, (String, String, ShiftKind))> = Vec::new();
    let loss_order: BTreeMap<&str, usize> = out
        .iter()
        .filter(|(_, d, c)| matches!(c, ShiftKind::PowerLost { .. }) && from.contains_key(d))
        .enumerate()
        .map(|(i, (_, d, _))| (d.as_str(), i))
        .collect();
    let mut result = Vec::with_capacity(out.len());
    for (body, decision, change) in &out {
        let Some(before) = from.get(decision) else {
            result.push((body.clone(), decision.clone(), change.clone()));
            continue;
        };
        match change {
            ShiftKind::PowerLost { .. } => {}
            ShiftKind::PowerGained { rule } => {
                result.push((
                    body.clone(),
                    decision.clone(),
                    ShiftKind::BodyChanged { before: before.clone() },
                ));
                if let Some(old_rule) = old
                    .get(&(before.clone(), decision.clone()))
                    .map(|p| p.rule.clone())
                    .filter(|r| r != rule)
                {
                    let at = loss_order.get(decision.as_str()).copied().unwrap_or(usize::MAX);
                    rule_changes.push((
                        at,
                        (
                            body.clone(),
                            decision.clone(),
                            ShiftKind::RuleChanged {
                                before: old_rule,
                                after: rule.clone(),
                            },
                        ),
                    ));
                }
            }
            other => result.push((body.clone(), decision.clone(), other.clone())),
        }
    }
    rule_changes.sort_by_key(|(at, _)| *at);
    result.extend(rule_changes.into_iter().map(|(_, change)| change));
    result
}

/// A body as far as its seats go: who votes in it.
fn seating(b: Option<&Body>) -> Option<serde_json::Value> {
    let b = b?;
    serde_json::to_value((&b.seats, &b.seat_origin, &b.permanent_seats, &b.elected_seats)).ok()
}

/// A rule's meaning: everything but its name, title and provenance.
fn same_meaning(a: &Rule, b: &Rule) -> bool {
    a.criteria == b.criteria
        && a.abstention == b.abstention
        && a.absence == b.absence
        && a.in_force == b.in_force
        && a.before == b.before
}

fn decision_shifts(
    before: &Program,
    after: &Program,
    body: &str,
    old: &Power,
    new: &Power,
    facts: &Facts,
) -> Vec<ShiftKind> {
    let mut out = Vec::new();
    let (Some(rb), Some(ra)) = (before.rule(&old.rule), after.rule(&new.rule)) else {
        return out;
    };
    if old.rule != new.rule {
        out.push(ShiftKind::RuleChanged {
            before: old.rule.clone(),
            after: new.rule.clone(),
        });
    }
    let seats = |p: &Program| match crate::eval::players(p, body, &[], facts) {
        Ok(Voters::Members(m)) => Some(i128::try_from(m.len()).unwrap_or(i128::MAX)),
        _ => None,
    };
    out.extend(criteria_shifts(rb, ra, seats(before), seats(after)));
    for (of, b, a) in [
        ("abstention", rb.abstention, ra.abstention),
        ("absence", rb.absence, ra.absence),
    ] {
        if b != a {
            out.push(ShiftKind::EffectChanged {
                of: of.to_string(),
                before: crate::words::effect_words(b).to_string(),
                after: crate::words::effect_words(a).to_string(),
            });
        }
    }
    out.extend(requirement_shifts(old, new));
    let members = |p: &Program| p.members.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    let same_voters = seating(before.body(body)) == seating(after.body(body)) && members(before) == members(after);
    if same_meaning(rb, ra) && same_voters {
        return out;
    }
    let decision = &old.decision;
    match (
        who_can_block(before, body, decision, facts),
        who_can_block(after, body, &new.decision, facts),
    ) {
        (Ok(b), Ok(a)) => out.extend(blocking_shifts(&b, &a)),
        (Err(p), _) | (_, Err(p)) => out.push(ShiftKind::Undecided {
            what: "who can block it".to_string(),
            why: p.message,
        }),
    }
    out
}

/// What kind of threshold a criterion is: criteria of one kind are compared.
fn kind(c: &Criterion) -> String {
    let lower = |cmp: crate::ir::Cmp| matches!(cmp, crate::ir::Cmp::Ge | crate::ir::Cmp::Gt);
    match c {
        Criterion::Members { cmp, share, base, .. } => format!("members {share} {base:?} {}", lower(*cmp)),
        Criterion::Weight {
            attribute,
            cmp,
            share,
            base,
            ..
        } => format!("weight {attribute} {share} {base:?} {}", lower(*cmp)),
        Criterion::Quorum { cmp, share, .. } => format!("quorum {share} {}", lower(*cmp)),
        Criterion::BlockingMinority { .. } => "blocking".to_string(),
        Criterion::Veto { .. } => "veto".to_string(),
        Criterion::Unanimity => "unanimity".to_string(),
        Criterion::Consensus => "consensus".to_string(),
        Criterion::SimpleMajority => "simple".to_string(),
        Criterion::AbsoluteMajority => "absolute".to_string(),
        Criterion::TwoThirdsMajority => "two thirds".to_string(),
    }
}

/// A criterion's figure, when it has one.
fn figure(c: &Criterion) -> Option<Rational> {
    match c {
        Criterion::Members { value, .. } | Criterion::Weight { value, .. } | Criterion::Quorum { value, .. } => {
            Some(*value)
        }
        Criterion::BlockingMinority { min_members } => Some(Rational::integer(i128::from(*min_members))),
        _ => None,
    }
}

/// The members a criterion needs in a body of `seats`, where it is a share of
/// them (and what they must be: in favour, present).
fn needed(c: &Criterion, seats: Option<i128>) -> Option<(i128, i128, &'static str)> {
    let n = seats?;
    match c {
        Criterion::Members { share: true, .. } | Criterion::AbsoluteMajority => {
            crate::voting::members_needed(c, n).map(|k| (k, n, "in favour"))
        }
        Criterion::Quorum { share: true, .. } => crate::voting::quorum_needed(c, n).map(|k| (k, n, "present")),
        _ => None,
    }
}

/// A criterion in words, with its figure in members where it is a share of them.
fn in_figures(c: &Criterion, seats: Option<i128>) -> String {
    let words = crate::words::criterion(c);
    match needed(c, seats) {
        Some((k, n, what)) => format!("{words} ({k} of {n} members {what})"),
        None => words,
    }
}

fn criteria_shifts(
    before: &Rule,
    after: &Rule,
    seats_before: Option<i128>,
    seats_after: Option<i128>,
) -> Vec<ShiftKind> {
    let mut out = Vec::new();
    let mut unmatched: Vec<Option<&Criterion>> = after.criteria.iter().map(Some).collect();
    for b in &before.criteria {
        let twin = unmatched
            .iter_mut()
            .find(|a| a.is_some_and(|a| kind(a) == kind(b)))
            .and_then(Option::take);
        let Some(a) = twin else {
            out.push(ShiftKind::CriterionRemoved {
                criterion: in_figures(b, seats_before),
            });
            continue;
        };
        let (wb, wa) = (in_figures(b, seats_before), in_figures(a, seats_after));
        if wa == wb {
            continue;
        }
        // The written figure decides; with the same figure, the members it
        // needs in the body (which has grown or shrunk).
        let order = match (figure(b), figure(a)) {
            (Some(x), Some(y)) if !x.same(y) => Some(y.order(x)),
            _ if a == b => match (needed(b, seats_before), needed(a, seats_after)) {
                (Some((x, ..)), Some((y, ..))) => Some(y.cmp(&x)),
                _ => None,
            },
            _ => None,
        };
        match order {
            Some(std::cmp::Ordering::Greater) => out.push(ShiftKind::ThresholdRaised { before: wb, after: wa }),
            Some(std::cmp::Ordering::Less) => out.push(ShiftKind::ThresholdLowered { before: wb, after: wa }),
            _ => {
                out.push(ShiftKind::CriterionRemoved { criterion: wb });
                out.push(ShiftKind::CriterionAdded { criterion: wa });
            }
        }
    }
    for a in unmatched.into_iter().flatten() {
        out.push(ShiftKind::CriterionAdded {
            criterion: in_figures(a, seats_after),
        });
    }
    out
}

/// Bodies whose consent the decision needs besides the vote: each holds a veto
/// over it (co-decision, authorisation, the sole right to propose), as does the
/// member concerned whose agreement it needs.
fn requirement_shifts(old: &Power, new: &Power) -> Vec<ShiftKind> {
    let holders = |p: &Power| -> BTreeSet<String> {
        let r = &p.requires;
        let mut out: BTreeSet<String> = r
            .jointly_with
            .iter()
            .chain(&r.authorisation_by)
            .map(|b| format!("`{b}`"))
            .collect();
        // With a rule for other proposers, the proposer is no veto.
        if let ([only], None) = (r.on_proposal_from.as_slice(), &r.otherwise_by) {
            out.insert(format!("`{only}` (the only body that may propose it)"));
        }
        if r.agreement_of_concerned {
            out.insert("the member concerned".to_string());
        }
        out
    };
    let (b, a) = (holders(old), holders(new));
    let mut out = Vec::new();
    let gained: Vec<String> = a.difference(&b).cloned().collect();
    let lost: Vec<String> = b.difference(&a).cloned().collect();
    if !gained.is_empty() {
        out.push(ShiftKind::VetoGained { holders: gained });
    }
    if !lost.is_empty() {
        out.push(ShiftKind::VetoLost { holders: lost });
    }
    match (old.requires.ratification, new.requires.ratification) {
        (Some(x), Some(y)) if !x.same(y) => {
            let said = |r: Rational| format!("ratification by {} of the members", crate::words::share(r));
            out.push(if y.gt(x) {
                ShiftKind::ThresholdRaised {
                    before: said(x),
                    after: said(y),
                }
            } else {
                ShiftKind::ThresholdLowered {
                    before: said(x),
                    after: said(y),
                }
            });
        }
        (None, Some(y)) => out.push(ShiftKind::CriterionAdded {
            criterion: format!("ratification by {} of the members", crate::words::share(y)),
        }),
        (Some(x), None) => out.push(ShiftKind::CriterionRemoved {
            criterion: format!("ratification by {} of the members", crate::words::share(x)),
        }),
        _ => {}
    }
    out
}

/// Vetoes held for certain, and those that depend on figures not given (with
/// the fact they depend on).
fn vetoes(b: &Blocking) -> (BTreeSet<&str>, BTreeSet<&str>, Option<&str>) {
    match b {
        Blocking::Exact { vetoes, .. } => (vetoes.iter().map(String::as_str).collect(), BTreeSet::new(), None),
        Blocking::Bounded {
            vetoes,
            depends,
            attribute,
            ..
        } => (
            vetoes.iter().map(String::as_str).collect(),
            depends.iter().map(String::as_str).collect(),
            Some(attribute.as_str()),
        ),
    }
}

fn blockers(b: &Blocking) -> Blockers {
    match b {
        Blocking::Exact {
            smallest_size,
            coalitions,
            count,
            stopped_at,
            ..
        } => match stopped_at {
            Some(stopped) => Blockers {
                at_least: Some(*stopped),
                at_most: None,
                count: None,
                examples: Vec::new(),
                depends_on: Some(format!(
                    "the search stops at coalitions of {stopped} members: more than 5,000,000 to try"
                )),
            },
            None => Blockers {
                at_least: *smallest_size,
                at_most: *smallest_size,
                count: Some(*count),
                examples: coalitions.iter().take(3).cloned().collect(),
                depends_on: None,
            },
        },
        Blocking::Bounded {
            attribute,
            at_least,
            at_most,
            ..
        } => Blockers {
            at_least: *at_least,
            at_most: *at_most,
            count: None,
            examples: Vec::new(),
            depends_on: (at_least != at_most).then(|| not_given(attribute)),
        },
    }
}

fn not_given(attribute: &str) -> String {
    format!("it depends on each member's `{attribute}`, and no figures were given (`--facts FILE`)")
}

fn blocking_shifts(before: &Blocking, after: &Blocking) -> Vec<ShiftKind> {
    let mut out = Vec::new();
    let (sure_b, maybe_b, why_b) = vetoes(before);
    let (sure_a, maybe_a, why_a) = vetoes(after);
    let lost: Vec<String> = sure_b
        .iter()
        .filter(|m| !sure_a.contains(*m) && !maybe_a.contains(*m))
        .map(|m| m.to_string())
        .collect();
    let gained: Vec<String> = sure_a
        .iter()
        .filter(|m| !sure_b.contains(*m) && !maybe_b.contains(*m))
        .map(|m| m.to_string())
        .collect();
    if !gained.is_empty() {
        out.push(ShiftKind::VetoGained { holders: gained });
    }
    if !lost.is_empty() {
        out.push(ShiftKind::VetoLost { holders: lost });
    }
    let unknown: BTreeSet<&str> = maybe_b.union(&maybe_a).copied().collect();
    if let (false, Some(attribute)) = (unknown.is_empty(), why_a.or(why_b)) {
        let named: Vec<String> = unknown.iter().map(|m| format!("`{m}`")).collect();
        out.push(ShiftKind::Undecided {
            what: format!("whether {} gain or lose a veto", named.join(", ")),
            why: not_given(attribute),
        });
    }
    let (b, a) = (blockers(before), blockers(after));
    if b != a {
        out.push(ShiftKind::BlockingChanged { before: b, after: a });
    }
    out
}

/// A list of names as the language writes them: `{A, B}`.
fn coalition(members: &[String]) -> String {
    format!("{{{}}}", members.join(", "))
}

fn blockers_words(b: &Blockers) -> String {
    let members = |k: usize| {
        if k == 1 {
            "1 member".to_string()
        } else {
            format!("{k} members")
        }
    };
    match (b.at_least, b.at_most, &b.depends_on) {
        (Some(k), Some(m), None) if k == m => {
            let mut s = members(k);
            if let Some(count) = b.count {
                let shown: Vec<String> = b.examples.iter().map(|c| coalition(c)).collect();
                let more = count.saturating_sub(u128::try_from(shown.len()).unwrap_or(0));
                s.push_str(&format!(
                    " ({count} such coalition{}: {}{})",
                    if count == 1 { "" } else { "s" },
                    shown.join(", "),
                    if more > 0 {
                        format!(", and {more} more")
                    } else {
                        String::new()
                    }
                ));
            }
            s
        }
        (None, None, None) => "no coalition can block".to_string(),
        (Some(k), Some(m), Some(why)) => format!("between {k} and {m} members ({why})"),
        (Some(k), None, Some(why)) => format!("at least {} ({why})", members(k)),
        (_, _, why) => format!("undecided ({})", why.as_deref().unwrap_or("not searched")),
    }
}

fn names(list: &[String]) -> String {
    list.iter()
        .map(|m| {
            if m.starts_with('`') || m.contains(' ') {
                m.clone()
            } else {
                format!("`{m}`")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A shift in plain words.
fn words(change: &ShiftKind) -> String {
    match change {
        ShiftKind::PowerGained { rule } => format!("now decides it, by `{rule}`"),
        ShiftKind::PowerLost { rule } => format!("no longer decides it (it decided by `{rule}`)"),
        ShiftKind::BodyChanged { before } => format!("decides it in place of `{before}`"),
        ShiftKind::RuleChanged { before, after } => format!("decides it by `{after}` instead of `{before}`"),
        ShiftKind::ThresholdRaised { before, after } => format!("threshold raised: {before}  ->  {after}"),
        ShiftKind::ThresholdLowered { before, after } => format!("threshold lowered: {before}  ->  {after}"),
        ShiftKind::CriterionAdded { criterion } => format!("criterion added: {criterion}"),
        ShiftKind::CriterionRemoved { criterion } => format!("criterion removed: {criterion}"),
        ShiftKind::EffectChanged { of, before, after } => format!("{of}: {before}  ->  {after}"),
        ShiftKind::VetoGained { holders } => match holders.as_slice() {
            [one] => format!("{} gains a veto", names(std::slice::from_ref(one))),
            many => format!("{} gain a veto ({} of them)", names(many), many.len()),
        },
        ShiftKind::VetoLost { holders } => match holders.as_slice() {
            [one] => format!("{} loses its veto", names(std::slice::from_ref(one))),
            many => format!("each of {} loses its veto ({} of them)", names(many), many.len()),
        },
        ShiftKind::BlockingChanged { before, after } => {
            let verb = match (before.at_least, after.at_least) {
                (None, Some(_)) if before.depends_on.is_none() => "a blocking minority appears",
                (Some(_), None) if after.depends_on.is_none() => "the blocking minority disappears",
                _ => "the fewest members that can block",
            };
            format!("{verb}: {}  ->  {}", blockers_words(before), blockers_words(after))
        }
        ShiftKind::Undecided { what, why } => format!("undecided: {what}: {why}"),
    }
}
