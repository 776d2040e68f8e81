//! Impossible and degenerate voting rules, and (with facts) unwritten vetoes.

use std::collections::BTreeMap;

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::facts::FactTable;
use crate::model::{Located, Model};
use crate::source::Span;

/// Where a rule is used: which body, with how many seats, and the span of the use.
struct Use<'a> {
    body: &'a Body,
    seats: i128,
    span: Span,
}

pub fn check(model: &Model<'_>, facts: Option<&FactTable>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut all_uses = uses(model);
    for rule in model.rules.values() {
        diagnostics.extend(contradictions(rule.node));
        let uses = all_uses.remove(rule.node.name.name.as_str()).unwrap_or_default();
        for u in &uses {
            diagnostics.extend(seat_checks(rule.node, u));
        }
        diagnostics.extend(blocking(rule.node, &uses));
        if let Some(facts) = facts {
            diagnostics.extend(unwritten_vetoes(model, *rule, facts));
        }
    }
    diagnostics
}

/// Where each named rule is used, gathered in one pass.
fn uses<'a>(model: &Model<'a>) -> BTreeMap<&'a str, Vec<Use<'a>>> {
    let mut out: BTreeMap<&str, Vec<Use<'_>>> = BTreeMap::new();
    for body in model.bodies.values() {
        let Some(seats) = model.seats(body.node) else { continue };
        for p in &body.node.powers {
            if let RuleRef::Named(id) = &p.rule {
                out.entry(id.name.as_str()).or_default().push(Use {
                    body: body.node,
                    seats,
                    span: p.span,
                });
            }
        }
    }
    for s in &model.sanctions {
        let Some(body) = model.bodies.get(s.node.body.name.as_str()) else {
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
            cur.is_none_or(|(c, s, _)| v.gt_exact(c) || (v == c && strict && !s))
        };
        let tighter_upper = |cur: &Option<(Rational, bool, Span)>, strict| {
            cur.is_none_or(|(c, s, _)| c.gt_exact(v) || (v == c && strict && !s))
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
        (lo.gt_exact(hi) || (lo == hi && (ls || hs))).then_some((lspan, hspan))
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

/// The fewest votes in favour a threshold on members needs in a body of `seats`.
fn needed(comparison: Comparison, amount: &Number, seats: i128) -> Option<i128> {
    let v = amount.value;
    let whole = amount.kind == NumberKind::Plain;
    // share * seats, exactly.
    let product = if whole {
        v
    } else {
        v.checked_mul(Rational::integer(seats))?
    };
    let floor = product.num.div_euclid(product.den);
    let exact = product.num.rem_euclid(product.den) == 0;
    Some(match comparison {
        Comparison::Ge | Comparison::Eq => {
            if exact {
                floor
            } else {
                floor + 1
            }
        }
        Comparison::Gt => floor + 1,
        _ => return None,
    })
}

fn seat_checks(rule: &VotingRule, u: &Use<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for clause in &rule.clauses {
        match clause {
            RuleClause::Threshold {
                measure: Measure::Members,
                comparison,
                amount,
                ..
            } => {
                if let Some(n) = needed(*comparison, amount, u.seats) {
                    if n > u.seats {
                        out.push(
                            impossible(rule, amount.span, format!("needs {n} votes in favour"))
                                .with_label(u.span, format!("`{}` has {} members", u.body.name.name, u.seats)),
                        );
                    }
                }
            }
            RuleClause::Quorum { comparison, amount, .. } => {
                if let Some(n) = needed(*comparison, amount, u.seats) {
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

/// A blocking-minority floor that can never matter.
fn blocking(rule: &VotingRule, uses: &[Use<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for clause in &rule.clauses {
        let RuleClause::BlockingMinority {
            comparison,
            amount,
            span,
        } = clause
        else {
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
        if !has_weight(rule) {
            out.push(
                degenerate("the rule has no population or weight criterion for a minority to block".to_string())
                    .with_help("add the weighted criterion it protects (`population >= 65%`), or remove the clause"),
            );
            continue;
        }
        let floor = needed(*comparison, amount, 0).unwrap_or(0);
        if amount.kind == NumberKind::Plain && floor <= 1 {
            out.push(
                degenerate(format!("a minority of {floor} member can always form"))
                    .with_help("a blocking-minority floor matters only from 2 members; the EU's is 4"),
            );
            continue;
        }
        for u in uses {
            if amount.kind == NumberKind::Plain && floor > u.seats {
                out.push(
                    degenerate(format!("needs {floor} members to block"))
                        .with_label(u.span, format!("`{}` has only {} members", u.body.name.name, u.seats))
                        .with_note("no minority can ever form, so the weighted criterion never blocks: the rule is met by the member criteria alone")
                        .with_help("lower the floor below the number of members, or drop the weighted criterion"),
                );
            }
        }
    }
    out
}

fn percent(part: Rational, whole: Rational) -> String {
    let value = part.checked_div(whole).map_or(0.0, |r| r.num as f64 / r.den as f64) * 100.0;
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

/// With facts: a member that alone defeats a rule that writes no veto for it.
fn unwritten_vetoes(model: &Model<'_>, rule: Located<'_, VotingRule>, facts: &FactTable) -> Vec<Diagnostic> {
    let rule = rule.node;
    let _ = model;
    let mut out = Vec::new();
    if rule.clauses.iter().any(|c| {
        matches!(
            c,
            RuleClause::Builtin {
                builtin: BuiltinRule::Unanimity | BuiltinRule::Consensus,
                ..
            }
        )
    }) {
        return out;
    }
    let written: Vec<&str> = rule
        .clauses
        .iter()
        .flat_map(|c| match c {
            RuleClause::Veto {
                holders: VetoHolders::Named(ids),
                ..
            } => ids.iter().map(|i| i.name.as_str()).collect(),
            _ => Vec::new(),
        })
        .collect();
    let n = i128::try_from(facts.members.len()).unwrap_or(0);
    if n < 2 {
        return out;
    }
    let floor = rule.clauses.iter().find_map(|c| match c {
        RuleClause::BlockingMinority { comparison, amount, .. } => needed(*comparison, amount, 0),
        _ => None,
    });
    for clause in &rule.clauses {
        let RuleClause::Threshold {
            measure: Measure::Weight(w),
            comparison,
            amount,
            base: ShareBase::AllMembers,
            span,
            ..
        } = clause
        else {
            continue;
        };
        if amount.kind == NumberKind::Plain {
            continue;
        }
        let Some(weights) = facts.numbers(&w.name) else {
            continue;
        };
        let total = weights
            .iter()
            .try_fold(Rational::ZERO, |acc, (_, x)| acc.checked_add(*x));
        let Some(total) = total.filter(|t| t.num > 0) else {
            continue;
        };
        // A one-member minority is rescued by a floor of two or more.
        if floor.is_some_and(|f| f >= 2) {
            continue;
        }
        for (id, weight) in &weights {
            if written.contains(&id.as_str()) {
                continue;
            }
            let Some(rest) = Rational::new(-weight.num, weight.den).and_then(|neg| total.checked_add(neg)) else {
                continue;
            };
            let Some(needed) = amount.value.checked_mul(total) else {
                continue;
            };
            let passes = match comparison {
                Comparison::Ge => !needed.gt_exact(rest),
                Comparison::Gt => rest.gt_exact(needed),
                _ => true,
            };
            if !passes {
                out.push(
                    Diagnostic::new(Code::W0404, *span, format!("`{}` gives one member a veto under these facts", rule.name.name))
                        .with_primary_label(format!("`{id}` holds {}% of the {}", percent(*weight, total), w.name))
                        .with_note(format!(
                            "every coalition without `{id}` has at most {}% of the {}, below {}",
                            percent(rest, total),
                            w.name,
                            amount.text
                        ))
                        .with_help(format!(
                            "lower the share to {}% or less, add a blocking-minority floor (`blocking minority >= 4 members`), or write the veto explicitly (`veto by {id}`)",
                            percent(rest, total)
                        )),
                );
            }
        }
    }
    out
}
