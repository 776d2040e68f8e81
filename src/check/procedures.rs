//! Decision procedures: steps that can never be taken, and procedures that
//! require each other round in a circle.

use std::collections::BTreeMap;

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Id, Model, ProcedureId};
use crate::source::Span;

pub fn check(model: &Model<'_>) -> Vec<Diagnostic> {
    let mut out = cycles(model);
    out.extend(disagreements(model));
    out
}

/// E0118: a procedure whose deciding body holds a power over the same decision
/// by another rule: one decision, two rules, nothing says which applies.
fn disagreements(model: &Model<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for procedure in model.decision_procedures.values() {
        let n = procedure.node;
        let act = n.act.as_ref().unwrap_or(&n.name);
        for step in &n.steps {
            let Step::Decision { body, rule, span, .. } = step else {
                continue;
            };
            let Some(b) = model.body_of(body) else { continue };
            let Some(power) = b.node.powers.iter().find(|p| p.decision.name == act.name) else {
                continue;
            };
            if same_rule(model, rule, &power.rule) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::E0118,
                    *span,
                    format!(
                        "procedure `{}` has `{}` decide `{}` by another rule than its power does",
                        n.name.name, body.name, act.name
                    ),
                )
                .with_primary_label(format!("by {} here", rule_words(rule)))
                .with_label(power.span, format!("by {} in the power", rule_words(&power.rule)))
                .with_help(
                    "write the same rule in both places, or name the procedure's act apart (`procedure NAME for ACT`)",
                ),
            );
        }
    }
    out
}

/// Whether two rule references name one rule (as resolved), or one built-in rule.
fn same_rule(model: &Model<'_>, a: &RuleRef, b: &RuleRef) -> bool {
    match (a, b) {
        (RuleRef::Builtin { builtin: x, .. }, RuleRef::Builtin { builtin: y, .. }) => x == y,
        (RuleRef::Named(x), RuleRef::Named(y)) => match (model.resolution.rule(x), model.resolution.rule(y)) {
            (Some(x), Some(y)) => x == y,
            // An unknown rule is reported by resolution; no second error here.
            _ => true,
        },
        _ => false,
    }
}

fn rule_words(r: &RuleRef) -> String {
    match r {
        RuleRef::Named(id) => format!("`{}`", id.name),
        RuleRef::Builtin { builtin, .. } => format!("`{}`", super::competence::builtin_name(*builtin)),
    }
}

/// E0117: procedures that require each other (or themselves) can never start.
fn cycles(model: &Model<'_>) -> Vec<Diagnostic> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let mut graph: DiGraph<ProcedureId, Span> = DiGraph::new();
    let nodes: BTreeMap<usize, NodeIndex> = model
        .decision_procedures
        .ids()
        .map(|(id, _)| (id.index(), graph.add_node(id)))
        .collect();
    for (id, procedure) in model.decision_procedures.ids() {
        for step in &procedure.node.steps {
            let Step::Prerequisite {
                procedure: required,
                span,
            } = step
            else {
                continue;
            };
            let (Some(from), Some(to)) = (
                nodes.get(&id.index()),
                model.resolution.procedure(required).and_then(|r| nodes.get(&r.index())),
            ) else {
                continue;
            };
            graph.add_edge(*from, *to, *span);
        }
    }
    let mut out = Vec::new();
    for component in petgraph::algo::tarjan_scc(&graph) {
        let looped = component.len() > 1 || component.iter().any(|n| graph.contains_edge(*n, *n));
        if !looped {
            continue;
        }
        let mut names: Vec<&str> = component
            .iter()
            .filter_map(|n| graph.node_weight(*n))
            .map(|id| model.decision_procedures.name(*id))
            .collect();
        names.sort_unstable();
        // Each `requires` inside the circle, in source order.
        let mut spans: Vec<Span> = graph
            .edge_indices()
            .filter(|e| {
                graph
                    .edge_endpoints(*e)
                    .is_some_and(|(a, b)| component.contains(&a) && component.contains(&b))
            })
            .filter_map(|e| graph.edge_weight(e).copied())
            .collect();
        spans.sort_by_key(|s| (s.file, s.start));
        let Some((first, rest)) = spans.split_first() else {
            continue;
        };
        let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        let mut d = Diagnostic::new(
            Code::E0117,
            *first,
            format!("these procedures require each other and can never start: {list}"),
        )
        .with_primary_label("this requirement closes the circle");
        for span in rest {
            d = d.with_label(*span, "and this one");
        }
        out.push(d.with_help("remove one of the `requires` steps"));
    }
    out
}
