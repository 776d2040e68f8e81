//! The vetoes over each decision the graph draws, found by the voting kernel
//! (`voting::vetoes`, the search `power` prints and the checker's W0404 uses):
//! the members whose vote against, with every other member in favour, defeats
//! the rule. Nothing here reads a rule's meaning itself.

use std::collections::BTreeMap;

use crate::ast::{RuleRef, StepKind};
use crate::eval::{players, Facts, Voters};
use crate::ir::{Criterion, Program, Rule};
use crate::model::Model;
use crate::source::SourceMap;

use super::{EdgeKind, InstitutionGraph};

/// The rule of each (body, decision) pair the treaty writes: its powers, and the
/// decision steps of its procedures.
fn rules<'m>(model: &'m Model<'_>) -> BTreeMap<(&'m str, &'m str), &'m RuleRef> {
    let mut out = BTreeMap::new();
    for body in model.bodies.values() {
        for p in &body.node.powers {
            out.insert((body.node.name.name.as_str(), p.decision.name.as_str()), &p.rule);
        }
    }
    for procedure in model.decision_procedures.values() {
        let n = procedure.node;
        let act = n.act.as_ref().unwrap_or(&n.name);
        for step in &n.steps {
            if let StepKind::Decision { body, rule, .. } = &step.kind {
                out.entry((body.name.as_str(), act.name.as_str())).or_insert(rule);
            }
        }
    }
    out
}

fn resolved(program: &Program, r: &RuleRef) -> Option<Rule> {
    match r {
        RuleRef::Named(id) => program.rule(&id.name).cloned(),
        RuleRef::Builtin { builtin, .. } => Some(crate::ir::builtin_rule(*builtin)),
    }
}

/// Writes on every `decides` edge who holds a veto over the decision.
pub(super) fn mark(graph: &mut InstitutionGraph, model: &Model<'_>, sources: &SourceMap) {
    let program = crate::ir::lower(model, sources);
    let rules = rules(model);
    let edges: Vec<_> = graph.graph.edge_indices().collect();
    for e in edges {
        let Some((a, b)) = graph.graph.edge_endpoints(e) else {
            continue;
        };
        let (Some(body), Some(decision)) = (graph.graph.node_weight(a), graph.graph.node_weight(b)) else {
            continue;
        };
        let decision = decision.id.strip_prefix("decision:").unwrap_or(&decision.id);
        let rule = rules
            .get(&(body.id.as_str(), decision))
            .and_then(|r| resolved(&program, r));
        let words = rule.and_then(|r| holders(&program, &body.id, &r));
        if let Some(edge) = graph.graph.edge_weight_mut(e) {
            if edge.kind == EdgeKind::Decides {
                edge.veto = words;
            }
        }
    }
}

/// Who holds a veto over a decision `body` takes by `rule`, in words: `every
/// member`, the holders by name, or why it cannot be known without facts;
/// `None` when no single member can defeat it.
pub fn holders(program: &Program, body: &str, rule: &Rule) -> Option<String> {
    let voters = match players(program, body, &[], &Facts::new()) {
        Ok(v) => v,
        Err(_) => return Some("not known: the members are not listed".to_string()),
    };
    // One player per seat: a delegation's seats carry its member's name.
    let (seats, named): (Vec<String>, bool) = match voters {
        Voters::Members(m) => (m, true),
        Voters::Seats(delegations) => {
            let named = delegations.iter().any(|d| d.member.is_some());
            let seats = delegations
                .iter()
                .flat_map(|d| (1..=d.seats).map(move |k| d.member.clone().unwrap_or_else(|| format!("seat {k}"))))
                .collect();
            (seats, named)
        }
    };
    if seats.is_empty() {
        return None;
    }
    let permanent = program
        .body(body)
        .map(|b| b.permanent_seats.clone())
        .unwrap_or_default();
    let weighted = rule.criteria.iter().any(|c| matches!(c, Criterion::Weight { .. }));
    if weighted {
        // Without the members' facts a weighted vote's vetoes cannot be found;
        // the vetoes the rule writes can (the kernel reads them without weights).
        let unweighted = Rule {
            criteria: rule
                .criteria
                .iter()
                .filter(|c| matches!(c, Criterion::Veto { .. }))
                .cloned()
                .collect(),
            ..rule.clone()
        };
        let written: Vec<String> = crate::voting::Electorate::new(seats, &unweighted, &permanent, |_, _| None)
            .map(|e| {
                e.members
                    .iter()
                    .zip(&e.veto)
                    .filter(|(_, v)| **v)
                    .map(|(m, _)| m.clone())
                    .collect()
            })
            .unwrap_or_default();
        return Some(if written.is_empty() {
            "needs facts".to_string()
        } else {
            format!("{}; others need facts", unique(written).join(", "))
        });
    }
    let electorate = crate::voting::Electorate::new(seats, rule, &permanent, |_, _| None).ok()?;
    let everyone = electorate.members.len();
    let vetoes = crate::voting::vetoes(rule, &electorate).ok()?;
    if vetoes.is_empty() {
        None
    } else if vetoes.len() == everyone {
        Some(if named { "every member" } else { "every seat" }.to_string())
    } else {
        Some(unique(vetoes.into_iter().map(|v| v.member).collect()).join(", "))
    }
}

/// Names in their first order, each once (a delegation's seats share a name).
fn unique(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}
