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
                } else if !settled(b1, p1, b2, p2) {
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

/// Co-decision, or a precedence written on either side, settles a shared competence.
fn settled(b1: &Body, p1: &Power, b2: &Body, p2: &Power) -> bool {
    let names = |o: &PowerOptions, other: &Body| {
        o.jointly_with.iter().any(|j| j.name == other.name.name)
            || o.prevailing_over.iter().any(|x| x.name == other.name.name)
    };
    names(&p1.options, b2) || names(&p2.options, b1)
}
