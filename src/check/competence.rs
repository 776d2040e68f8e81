//! Competence conflicts: one decision given to two bodies, or to one body under
//! two rules, with nothing that says which prevails.

use std::collections::BTreeMap;

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;

pub fn check(model: &Model<'_>) -> Vec<Diagnostic> {
    let mut by_decision: BTreeMap<&str, Vec<(&Body, &Power)>> = BTreeMap::new();
    for body in model.bodies.values() {
        for power in &body.node.powers {
            by_decision
                .entry(power.decision.name.as_str())
                .or_default()
                .push((body.node, power));
        }
    }
    let mut diagnostics = Vec::new();
    for (decision, holders) in by_decision {
        for (i, (b1, p1)) in holders.iter().enumerate() {
            for (b2, p2) in holders.iter().skip(i + 1) {
                // The later power in the text is the one reported.
                let ((b1, p1), (b2, p2)) = if p1.span.start <= p2.span.start {
                    ((b1, p1), (b2, p2))
                } else {
                    ((b2, p2), (b1, p1))
                };
                if std::ptr::eq(*b1, *b2) {
                    diagnostics.push(
                        Diagnostic::new(Code::E0304, p2.span, format!("`{}` decides `{decision}` twice", b1.name.name))
                            .with_primary_label(format!("by {} here", rule_name(&p2.rule)))
                            .with_label(p1.span, format!("by {} here", rule_name(&p1.rule)))
                            .with_help("keep one power, or name the two kinds of decision apart (`admission_ordinary`, `admission_urgent`)"),
                    );
                } else if let Some(d) = exclusivity_broken(model, decision, (b1, p1), (b2, p2)) {
                    diagnostics.push(d);
                } else if p1.exclusive.is_none() && p2.exclusive.is_none() && !settled(model, p1, b2, p2, b1) {
                    diagnostics.push(
                        Diagnostic::new(Code::E0303, p2.span, format!("two bodies decide `{decision}` and nothing says which prevails"))
                            .with_primary_label(format!("`{}` also decides it here", b2.name.name))
                            .with_label(p1.span, format!("`{}` decides `{decision}` here", b1.name.name))
                            .with_help(format!(
                                "give the decision to one body, make it a co-decision (`jointly with {}`), or say which prevails (`prevailing over {}`)",
                                b1.name.name, b1.name.name
                            )),
                    );
                }
            }
        }
    }
    diagnostics
}

fn rule_name(r: &RuleRef) -> String {
    match r {
        RuleRef::Named(id) => format!("`{}`", id.name),
        RuleRef::Builtin { builtin, .. } => format!("`{}`", builtin_name(*builtin)),
    }
}

pub fn builtin_name(b: BuiltinRule) -> &'static str {
    match b {
        BuiltinRule::Unanimity => "unanimity",
        BuiltinRule::Consensus => "consensus",
        BuiltinRule::SimpleMajority => "simple majority",
        BuiltinRule::AbsoluteMajority => "absolute majority",
        BuiltinRule::TwoThirdsMajority => "two-thirds majority",
    }
}

/// Whether a reference (as resolved) names `body`.
fn names(model: &Model<'_>, reference: &Ident, body: &Body) -> bool {
    model.body_of(reference).is_some_and(|b| std::ptr::eq(b.node, body))
}

/// Co-decision, or a precedence written on either side, settles a shared competence.
fn settled(model: &Model<'_>, p1: &Power, b2: &Body, p2: &Power, b1: &Body) -> bool {
    let settles = |o: &PowerOptions, other: &Body| {
        o.jointly_with.iter().any(|j| names(model, j, other))
            || o.prevailing_over.iter().any(|x| names(model, x, other))
    };
    settles(&p1.options, b2) || settles(&p2.options, b1)
}

/// E0308: a decision one body takes `exclusively` that another body takes too,
/// without a co-decision written on both sides (a precedence does not settle it:
/// exclusivity is the point).
fn exclusivity_broken(
    model: &Model<'_>,
    decision: &str,
    (b1, p1): (&Body, &Power),
    (b2, p2): (&Body, &Power),
) -> Option<Diagnostic> {
    let (exclusive, other) = match (p1.exclusive, p2.exclusive) {
        (Some(_), _) => ((b1, p1), (b2, p2)),
        (None, Some(_)) => ((b2, p2), (b1, p1)),
        (None, None) => return None,
    };
    let jointly = |p: &Power, with: &Body| p.options.jointly_with.iter().any(|j| names(model, j, with));
    if jointly(p1, b2) && jointly(p2, b1) {
        return None;
    }
    let ((owner, owned), (intruder, intrusion)) = (exclusive, other);
    Some(
        Diagnostic::new(
            Code::E0308,
            intrusion.span,
            format!("`{decision}` belongs to `{}` exclusively, and `{}` decides it too", owner.name.name, intruder.name.name),
        )
        .with_primary_label(format!("`{}` decides `{decision}` here", intruder.name.name))
        .with_label(owned.span, format!("`{}` decides it exclusively here", owner.name.name))
        .with_help(format!(
            "remove this power, or make it a co-decision written on both sides (`jointly with {}` here and `jointly with {}` there)",
            owner.name.name, intruder.name.name
        )),
    )
}
