//! Impossible and degenerate voting rules, and (with facts) unwritten vetoes.

use std::collections::BTreeMap;

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::facts::FactTable;
use crate::ir;
use crate::model::Model;
use crate::source::Span;
use crate::voting;

/// Where a rule is used: which body, with how many seats, and the span of the use.
struct Use<'a> {
    body: &'a Body,
    seats: i128,
    span: Span,
}

pub fn check(model: &Model<'_>, facts: Option<&FactTable>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut all_uses = uses(model);
    let mut at_hand = facts.map(FactsAtHand::new);
    // A rule with a figure reported unusable is left alone: what it requires is
    // unknown, so it is neither impossible nor a hidden veto.
    for rule in model.rules.values().filter(|r| !r.node.has_faulty_figure()) {
        diagnostics.extend(contradictions(rule.node));
        let uses = all_uses.remove(rule.node.name.name.as_str()).unwrap_or_default();
        for u in &uses {
            diagnostics.extend(seat_checks(rule.node, u));
        }
        diagnostics.extend(blocking(rule.node, &uses));
        if let Some(at_hand) = &mut at_hand {
            diagnostics.extend(unwritten_vetoes(rule.node, at_hand));
        }
    }
    diagnostics
}

/// Where each named rule is used, gathered in one pass.
fn uses<'a>(model: &Model<'a>) -> BTreeMap<&'a str, Vec<Use<'a>>> {
    let mut out: BTreeMap<&str, Vec<Use<'_>>> = BTreeMap::new();
    for body in model.bodies.values() {
        let Some(seats) = model.seats(body.node) else { continue };
        let rules = body
            .node
            .powers
            .iter()
            .map(|p| (&p.rule, p.span))
            .chain(body.node.other_questions.iter().map(|o| (&o.rule, o.span)));
        for (rule, span) in rules {
            if let RuleRef::Named(id) = rule {
                out.entry(id.name.as_str()).or_default().push(Use {
                    body: body.node,
                    seats,
                    span,
                });
            }
        }
    }
    for s in &model.sanctions {
        let Some(body) = model.body_of(&s.node.body) else {
            continue;
        };
        let Some(seats) = model.seats(body.node) else { continue };
        if let RuleRef::Named(id) = &s.node.rule {
            out.entry(id.name.as_str()).or_default().push(Use {
                body: body.node,
                seats,
                span: s.node.span,
            });
        }
    }
    // A procedure's decision and consents are votes of their bodies too.
    for procedure in model.decision_procedures.values() {
        for step in &procedure.node.steps {
            let (body, rule, span) = match &step.kind {
                StepKind::Decision { body, rule, span, .. } => (body, rule, *span),
                StepKind::Consent {
                    of: StepTaker::Body { body },
                    rule: Some(rule),
                    span,
                    ..
                } => (body, rule, *span),
                _ => continue,
            };
            let (Some(b), RuleRef::Named(id)) = (model.body_of(body), rule) else {
                continue;
            };
            let Some(seats) = model.seats(b.node) else { continue };
            out.entry(id.name.as_str()).or_default().push(Use {
                body: b.node,
                seats,
                span,
            });
        }
    }
    out
}

/// The interval a quantity must lie in: lower and upper bounds with strictness.
#[derive(Default)]
struct Interval {
    lower: Option<(Rational, bool, Span)>,
    upper: Option<(Rational, bool, Span)>,
}

impl Interval {
    fn add(&mut self, cmp: Comparison, v: Rational, span: Span) {
        let tighter_lower = |cur: &Option<(Rational, bool, Span)>, strict| {
            cur.is_none_or(|(c, s, _)| v.gt(c) || (v == c && strict && !s))
        };
        let tighter_upper = |cur: &Option<(Rational, bool, Span)>, strict| {
            cur.is_none_or(|(c, s, _)| c.gt(v) || (v == c && strict && !s))
        };
        match cmp {
            Comparison::Ge | Comparison::Gt => {
                let strict = cmp == Comparison::Gt;
                if tighter_lower(&self.lower, strict) {
                    self.lower = Some((v, strict, span));
                }
            }
            Comparison::Le | Comparison::Lt => {
                let strict = cmp == Comparison::Lt;
                if tighter_upper(&self.upper, strict) {
                    self.upper = Some((v, strict, span));
                }
            }
            Comparison::Eq => {
                self.add(Comparison::Ge, v, span);
                self.add(Comparison::Le, v, span);
            }
            Comparison::Ne => {}
        }
    }

    /// The two clauses that cannot both hold, if any.
    fn empty(&self) -> Option<(Span, Span)> {
        let (lo, ls, lspan) = self.lower?;
        let (hi, hs, hspan) = self.upper?;
        (lo.gt(hi) || (lo == hi && (ls || hs))).then_some((lspan, hspan))
    }
}

fn impossible(rule: &VotingRule, span: Span, why: String) -> Diagnostic {
    Diagnostic::new(
        Code::E0401,
        span,
        format!("voting rule `{}` can never be met", rule.name.name),
    )
    .with_primary_label(why)
    .with_help("lower the threshold, or correct the clause that contradicts it")
}

/// Clauses of one rule that contradict each other, whatever the body.
fn contradictions(rule: &VotingRule) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut shares: Vec<(String, Interval)> = Vec::new();
    let mut counts: Vec<(String, Interval)> = Vec::new();
    for clause in &rule.clauses {
        let RuleClause::Threshold {
            measure,
            comparison,
            amount,
            base,
            span,
            ..
        } = clause
        else {
            continue;
        };
        let key = match measure {
            Measure::Members => format!("members {base:?}"),
            Measure::Weight(w) => format!("{} {base:?}", w.name),
        };
        let list = if amount.kind == NumberKind::Plain {
            &mut counts
        } else {
            &mut shares
        };
        let at = match list.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                list.push((key, Interval::default()));
                list.len() - 1
            }
        };
        if let Some((_, interval)) = list.get_mut(at) {
            interval.add(*comparison, amount.value, *span);
        }
        if amount.kind != NumberKind::Plain && *comparison == Comparison::Gt && amount.value == Rational::ONE {
            out.push(impossible(
                rule,
                amount.span,
                "no share can be more than 100%".to_string(),
            ));
        }
    }
    for (_, interval) in shares.iter().chain(counts.iter()) {
        if let Some((lower, upper)) = interval.empty() {
            out.push(impossible(rule, lower, "this threshold".to_string()).with_label(upper, "contradicts this one"));
        }
    }
    out
}

fn seat_checks(rule: &VotingRule, u: &Use<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for clause in &rule.clauses {
        match clause {
            RuleClause::Threshold {
                measure: Measure::Members,
                comparison: Comparison::Ge | Comparison::Gt | Comparison::Eq,
                amount,
                ..
            } => {
                if let Some(n) = ir::criterion(clause).and_then(|c| voting::members_needed(&c, u.seats)) {
                    // With a blocking-minority floor a unanimous vote is deemed to
                    // attain the majority: never "never met" (W0406 says why).
                    if n > u.seats && !has_floor(rule) {
                        out.push(
                            impossible(rule, amount.span, format!("needs {n} votes in favour"))
                                .with_label(u.span, format!("`{}` has {} members", u.body.name.name, u.seats)),
                        );
                    }
                }
            }
            RuleClause::Quorum {
                comparison: Comparison::Ge | Comparison::Gt | Comparison::Eq,
                amount,
                ..
            } => {
                if let Some(n) = ir::criterion(clause).and_then(|c| voting::quorum_needed(&c, u.seats)) {
                    if n > u.seats {
                        out.push(
                            Diagnostic::new(
                                Code::E0402,
                                amount.span,
                                format!("the quorum of `{}` can never be met", rule.name.name),
                            )
                            .with_primary_label(format!("needs {n} members present"))
                            .with_label(u.span, format!("`{}` has {} members", u.body.name.name, u.seats))
                            .with_help("lower the quorum to at most the number of members"),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn has_floor(rule: &VotingRule) -> bool {
    rule.clauses
        .iter()
        .any(|c| matches!(c, RuleClause::BlockingMinority { .. }))
}

fn has_weight(rule: &VotingRule) -> bool {
    rule.clauses.iter().any(|c| {
        matches!(
            c,
            RuleClause::Threshold {
                measure: Measure::Weight(_),
                ..
            }
        )
    })
}

/// A blocking-minority floor that can never matter (W0403), or one so high that
/// it overrides the majority the rule states (W0406).
fn blocking(rule: &VotingRule, uses: &[Use<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for clause in &rule.clauses {
        let RuleClause::BlockingMinority { amount, span, .. } = clause else {
            continue;
        };
        let degenerate = |why: String| {
            Diagnostic::new(
                Code::W0403,
                *span,
                format!("the blocking minority of `{}` has no effect", rule.name.name),
            )
            .with_primary_label(why)
        };
        let Some(ir::Criterion::BlockingMinority { min_members }) = ir::criterion(clause) else {
            continue;
        };
        let floor = i128::from(min_members);
        let plain = amount.kind == NumberKind::Plain;
        if plain && floor <= 1 {
            out.push(
                degenerate(format!("a minority of {floor} member can always form"))
                    .with_help("a blocking-minority floor matters only from 2 members; the EU's is 4"),
            );
            continue;
        }
        let high: Vec<Diagnostic> = if plain {
            uses.iter().filter_map(|u| high_floor(rule, floor, *span, u)).collect()
        } else {
            Vec::new()
        };
        if !high.is_empty() {
            out.extend(high);
        } else if !has_weight(rule) {
            out.push(
                degenerate("the rule has no population or weight criterion for a minority to block".to_string())
                    .with_help("add the weighted criterion it protects (`population >= 65%`), or remove the clause"),
            );
        }
    }
    out
}

/// W0406: a floor above the members who can be not in favour while the members
/// criterion holds. Fewer not in favour than the floor cannot block, and "the
/// qualified majority shall be deemed attained" (TEU 16(4), TFEU 238(3)(a)): so
/// the weighted criterion never decides, and a higher floor deems the majority
/// attained with fewer in favour than the members criterion asks, or with none.
fn high_floor(rule: &VotingRule, floor: i128, at: Span, u: &Use<'_>) -> Option<Diagnostic> {
    let seats = u.seats;
    let needed = rule
        .clauses
        .iter()
        .filter(|c| {
            matches!(
                c,
                RuleClause::Threshold {
                    measure: Measure::Members,
                    ..
                } | RuleClause::Builtin {
                    builtin: BuiltinRule::SimpleMajority
                        | BuiltinRule::AbsoluteMajority
                        | BuiltinRule::TwoThirdsMajority,
                    ..
                }
            )
        })
        .filter_map(|c| voting::members_needed(&ir::criterion(c)?, seats))
        .max()
        .unwrap_or(0);
    if floor <= seats - needed {
        return None;
    }
    let body = &u.body.name.name;
    let deeming = "fewer members not in favour than the floor cannot block, and the qualified majority is then deemed attained (TEU 16(4), TFEU 238(3)(a))";
    // Deeming starts with this many in favour.
    let fewest = seats - floor + 1;
    if fewest <= 0 {
        return Some(
            Diagnostic::new(
                Code::W0406,
                at,
                format!(
                    "the blocking-minority floor of `{}` deems every vote in `{body}` to attain the majority",
                    rule.name.name
                ),
            )
            .with_primary_label(format!("needs {floor} members to block"))
            .with_label(u.span, format!("`{body}` has only {seats} members"))
            .with_note(format!(
                "{deeming}: no minority can ever form, so the rule is met even with no member in favour"
            ))
            .with_help("lower the floor below the number of members, or drop the clause"),
        );
    }
    let room = seats - needed;
    let weight = rule.clauses.iter().find_map(|c| match c {
        RuleClause::Threshold {
            measure: Measure::Weight(w),
            span,
            ..
        } => Some((w, *span)),
        _ => None,
    });
    let help = match (room >= 2, weight.is_some()) {
        (true, true) => {
            format!("lower the floor to at most {room} members, so that a minority holding enough weight can block")
        }
        (true, false) => format!(
            "lower the floor to at most {room} members, or drop it: with no weighted criterion a floor can only lower the majority"
        ),
        (false, _) => format!(
            "drop the floor: in a body of {seats} where {needed} must be in favour, no floor of 2 or more leaves the rule's majorities to decide"
        ),
    };
    let lowered = format!(
        "the floor deems the majority attained with only {fewest} of {seats} in favour, fewer than the {needed} the members criterion asks"
    );
    let d = match weight {
        Some((w, span)) => {
            let d = Diagnostic::new(
                Code::W0406,
                span,
                format!(
                    "the blocking-minority floor of `{}` leaves `{}` nothing to decide",
                    rule.name.name, w.name
                ),
            )
            .with_primary_label("this criterion never decides a vote")
            .with_label(
                u.span,
                format!(
                    "in `{body}`, {needed} of {seats} members in favour leave at most {} not in favour, fewer than the {floor} a blocking minority needs",
                    room.max(0)
                ),
            )
            .with_note(format!("{deeming}, whatever the weight in favour"));
            if fewest < needed {
                d.with_note(lowered)
            } else {
                d
            }
        }
        None => Diagnostic::new(
            Code::W0406,
            at,
            format!(
                "the blocking-minority floor of `{}` lowers its majority in `{body}`",
                rule.name.name
            ),
        )
        .with_primary_label(lowered)
        .with_label(u.span, format!("`{body}` has {seats} members"))
        .with_note(deeming.to_string()),
    };
    Some(d.with_help(help))
}

/// `part` as a percentage of `whole`, to one decimal.
fn percent(part: Rational, whole: Rational) -> String {
    part.checked_div(whole)
        .map_or_else(|| "-".to_string(), |r| r.percent(1))
}

/// What the unwritten-veto check reads of the facts, computed once for all the
/// rules of a model instead of once for each: the members, each weight column a
/// rule asks for, and the electorate of each combination of weights and veto
/// holders. With 1,000 rules and 10,000 members, reading the columns again and
/// building the electorate again for every rule was a third of `check --facts`.
/// Each is computed as it was, from the same facts: the same for every rule
/// that asks for it.
struct FactsAtHand<'f> {
    facts: &'f FactTable,
    members: Vec<String>,
    /// Each member's figure, by attribute; `None` when not every member has one.
    columns: BTreeMap<String, Option<BTreeMap<String, Rational>>>,
    /// By the attributes weighed and the members named as veto holders (all
    /// that `Electorate::new` reads of a rule here); `None` for facts that do
    /// not give every member a weight.
    electorates: BTreeMap<(Vec<String>, Vec<String>), Option<voting::Electorate>>,
}

impl<'f> FactsAtHand<'f> {
    fn new(facts: &'f FactTable) -> FactsAtHand<'f> {
        FactsAtHand {
            facts,
            members: facts.members.iter().map(|m| m.id.text.clone()).collect(),
            columns: BTreeMap::new(),
            electorates: BTreeMap::new(),
        }
    }

    /// The electorate of the facts under `rule` (with no permanent seats), and
    /// the weight columns it read.
    fn electorate(
        &mut self,
        rule: &ir::Rule,
    ) -> (
        Option<&voting::Electorate>,
        BTreeMap<String, &BTreeMap<String, Rational>>,
    ) {
        let mut attributes: Vec<String> = rule
            .criteria
            .iter()
            .filter_map(|c| match c {
                ir::Criterion::Weight { attribute, .. } => Some(attribute.clone()),
                _ => None,
            })
            .collect();
        attributes.sort();
        attributes.dedup();
        let mut holders: Vec<String> = rule
            .criteria
            .iter()
            .filter_map(|c| match c {
                ir::Criterion::Veto {
                    holders: ir::VetoHolders::Members(ids),
                } => Some(ids.iter().cloned()),
                _ => None,
            })
            .flatten()
            .collect();
        holders.sort();
        holders.dedup();
        for a in &attributes {
            if !self.columns.contains_key(a) {
                let column = self.facts.numbers(a).map(|c| c.into_iter().collect());
                self.columns.insert(a.clone(), column);
            }
        }
        let columns: BTreeMap<String, &BTreeMap<String, Rational>> = attributes
            .iter()
            .filter_map(|a| Some((a.clone(), self.columns.get(a)?.as_ref()?)))
            .collect();
        let key = (attributes, holders);
        if !self.electorates.contains_key(&key) {
            let electorate =
                voting::Electorate::new(self.members.clone(), rule, &[], |m, a| columns.get(a)?.get(m).copied());
            self.electorates.insert(key.clone(), electorate.ok());
        }
        (self.electorates.get(&key).and_then(Option::as_ref), columns)
    }
}

/// With facts: a member that alone defeats a rule that writes no veto for it,
/// because of a weighted criterion. The voting kernel finds the vetoes (the same
/// search `power` prints); this reports the unwritten ones with the clause.
fn unwritten_vetoes(rule: &VotingRule, at_hand: &mut FactsAtHand<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if at_hand.facts.members.len() < 2 {
        return out;
    }
    let meaning = ir::rule(rule);
    // The rule's criteria, each with the clause that states it.
    let clauses: Vec<&RuleClause> = rule.clauses.iter().filter(|c| ir::criterion(c).is_some()).collect();
    // Facts that do not give every member a weight are reported by their validation.
    let (Some(electorate), columns) = at_hand.electorate(&meaning) else {
        return out;
    };
    // A rule that even a unanimous vote does not meet has no veto to speak of:
    // it can never be met under these facts.
    let everyone = vec![Some(voting::Position::Yes); electorate.members.len()];
    let Ok(unanimous) = voting::verdict(&meaning, electorate, &everyone) else {
        return out;
    };
    if !unanimous.passes {
        let mut d = Diagnostic::new(
            Code::W0405,
            rule.name.span,
            format!("`{}` can never be met under these facts", rule.name.name),
        )
        .with_primary_label("not even a unanimous vote meets it");
        for failing in unanimous.checks.iter().filter(|c| !c.met) {
            let span = failing
                .criterion
                .and_then(|i| clauses.get(i))
                .map_or(rule.name.span, |c| c.span());
            d = d.with_label(
                span,
                format!(
                    "{}: {} required, {} with every member in favour",
                    failing.name, failing.required, failing.actual
                ),
            );
        }
        out.push(d.with_help("lower the threshold to what the members hold together, or check the facts"));
        return out;
    }
    let Ok(vetoes) = voting::vetoes(&meaning, electorate) else {
        return out;
    };
    for veto in vetoes.iter().filter(|v| !v.written) {
        for failing in &veto.failing {
            let Some(index) = failing.criterion else { continue };
            let (Some(ir::Criterion::Weight { attribute, .. }), Some(RuleClause::Threshold { amount, span, .. })) =
                (meaning.criteria.get(index), clauses.get(index))
            else {
                continue;
            };
            let Some(column) = columns.get(attribute) else { continue };
            let Ok(total) = column
                .values()
                .try_fold(Rational::ZERO, |acc, x| acc.checked_add(*x))
                .ok_or(())
            else {
                continue;
            };
            let weight = column.get(&veto.member).copied().unwrap_or(Rational::ZERO);
            let Some(rest) = total.checked_sub(weight) else {
                continue;
            };
            let id = &veto.member;
            out.push(
                Diagnostic::new(Code::W0404, *span, format!("`{}` gives `{id}` a veto under these facts", rule.name.name))
                    .with_primary_label(format!("`{id}` holds {}% of the {attribute}", percent(weight, total)))
                    .with_note(format!(
                        "every coalition without `{id}` has at most {}% of the {attribute}, below {}",
                        percent(rest, total),
                        amount.text
                    ))
                    .with_help(format!(
                        "lower the share to {}% or less, add a blocking-minority floor (`blocking minority >= 4 members`), or write the veto explicitly (`veto by {id}`)",
                        percent(rest, total)
                    )),
            );
        }
    }
    out
}
