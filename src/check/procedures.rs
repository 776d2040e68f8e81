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
    out.extend(fallbacks(model));
    out.extend(time_limits(model));
    out.extend(step_conditions(model));
    out
}

/// W0128: a step's condition that holds whatever the facts, or never; W0305
/// when the solver could not tell.
fn step_conditions(model: &Model<'_>) -> Vec<Diagnostic> {
    use super::logic::{solve, Answer, Formula};
    let mut out = Vec::new();
    for procedure in model.decision_procedures.values() {
        for step in &procedure.node.steps {
            let Some(when) = &step.when else { continue };
            let mut t = super::translate::Translator::new(model);
            let f = t.condition(when);
            let holds = solve(&t.vars, &f);
            let fails = solve(&t.vars, &Formula::negate(f));
            let name = &procedure.node.name.name;
            let (label, help) = match (&holds, &fails) {
                (Answer::Unsat, _) => (
                    "this condition never holds, so the step is never needed",
                    "correct the condition, or remove the step",
                ),
                (_, Answer::Unsat) => (
                    "this condition holds whatever the facts, so the step is always needed",
                    "drop `when ...`, or state the fact the step depends on",
                ),
                (Answer::Unknown, _) | (_, Answer::Unknown) => {
                    out.push(
                        Diagnostic::new(
                            Code::W0305,
                            when.span,
                            format!("whether this step of `{name}` is ever needed was not decided: the analysis was cut short"),
                        )
                        .with_primary_label("this condition expands past the solver's limits")
                        .with_help("write the condition with fewer alternatives, or name parts of it as derived facts"),
                    );
                    continue;
                }
                _ => continue,
            };
            out.push(
                Diagnostic::new(
                    Code::W0128,
                    when.span,
                    format!("a step of procedure `{name}` has a condition that decides nothing"),
                )
                .with_primary_label(label)
                .with_label(step.kind.span(), "the step")
                .with_help(help),
            );
        }
    }
    out
}

/// The rule a reference names, if it is a declared rule.
fn declared<'m>(model: &'m Model<'_>, r: &RuleRef) -> Option<&'m VotingRule> {
    match r {
        RuleRef::Named(id) => model.resolution.rule(id).map(|id| model.rules.get(id).node),
        RuleRef::Builtin { .. } => None,
    }
}

/// Whether a rule is plain unanimity: every member in favour, abstention and
/// absence counting against. Every vote it carries, any other rule carries too.
fn plain_unanimity(model: &Model<'_>, r: &RuleRef) -> bool {
    match r {
        RuleRef::Builtin { builtin, .. } => *builtin == BuiltinRule::Unanimity,
        RuleRef::Named(_) => declared(model, r).is_some_and(|rule| {
            matches!(
                rule.clauses.as_slice(),
                [RuleClause::Builtin {
                    builtin: BuiltinRule::Unanimity,
                    ..
                }]
            )
        }),
    }
}

/// E0126: fallbacks that lead back to a rule of their own chain; W0407: a
/// fallback that is unanimity, which can carry no vote the rule before it fails.
fn fallbacks(model: &Model<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut reported: Vec<Vec<&str>> = Vec::new();
    for (name, rule) in model.rules.iter() {
        let Some(f) = &rule.node.fallback else { continue };
        if plain_unanimity(model, &f.rule) {
            out.push(
                Diagnostic::new(
                    Code::W0407,
                    f.span,
                    format!("the fallback of `{name}` is unanimity, which never carries a vote `{name}` fails"),
                )
                .with_primary_label("never decides")
                .with_help("a fallback is easier to meet than the rule it follows (UNFCCC Art. 15(3): consensus, failing which three-fourths of the Parties present and voting)"),
            );
        }
        // Follow the chain; each rule is visited once, so the walk ends.
        let mut chain = vec![name];
        let mut next = &f.rule;
        while let Some(r) = declared(model, next) {
            let here = r.name.name.as_str();
            if let Some(at) = chain.iter().position(|n| *n == here) {
                let mut circle: Vec<&str> = chain.get(at..).map(<[&str]>::to_vec).unwrap_or_default();
                circle.sort_unstable();
                // Reported once, from its first rule in the circle's order.
                if at == 0 && !reported.contains(&circle) {
                    let list = circle.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                    out.push(
                        Diagnostic::new(
                            Code::E0126,
                            f.span,
                            format!("these rules fall back on each other in a circle: {list}"),
                        )
                        .with_primary_label("this fallback leads back here")
                        .with_help("end the chain: the last rule decides, and a vote that fails it fails"),
                    );
                    reported.push(circle);
                }
                break;
            }
            chain.push(here);
            match &r.fallback {
                Some(f) => next = &f.rule,
                None => break,
            }
        }
    }
    out
}

/// E1011: a step's time limit that runs out before its own minimum period;
/// W0407: a decision step whose time limit ends it before its rule's fallback
/// can apply.
fn time_limits(model: &Model<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for procedure in model.decision_procedures.values() {
        for step in &procedure.node.steps {
            let (deadline, period, rule) = match &step.kind {
                StepKind::Consultation { deadline, period, .. } => (deadline, period.as_ref(), None),
                StepKind::Consent { deadline, rule, .. } => (deadline, None, rule.as_ref()),
                StepKind::Decision { deadline, rule, .. } => (deadline, None, Some(rule)),
                _ => continue,
            };
            let Some(d) = deadline else { continue };
            let longest = d.within.length.longest_days() + d.extension.as_ref().map_or(0, |e| e.length.longest_days());
            if let Some(p) = period {
                if longest < p.length.shortest_days() {
                    out.push(
                        Diagnostic::new(
                            Code::E1011,
                            d.span,
                            format!(
                                "the step must be taken within {}, before its minimum period of {} has run",
                                d.within.length, p.length
                            ),
                        )
                        .with_primary_label("runs out first")
                        .with_label(p.span, "the minimum period")
                        .with_help(
                            "give the limit the text gives; a minimum period and a time limit must leave a window",
                        ),
                    );
                }
            }
            if d.expiry == Expiry::Overdue {
                continue;
            }
            let Some(rule) = rule.and_then(|r| declared(model, r)) else {
                continue;
            };
            let Some(f) = &rule.fallback else { continue };
            if let FallbackWhen::After { period } = &f.when {
                if period.length.shortest_days() > longest {
                    out.push(
                        Diagnostic::new(
                            Code::W0407,
                            f.span,
                            format!(
                                "the fallback of `{}` applies after {}, and the step ends within {}",
                                rule.name.name, period.length, d.within.length
                            ),
                        )
                        .with_primary_label("never reached in this step")
                        .with_label(d.span, "the step's time limit")
                        .with_help("shorten the fallback's period to fit within the step's time limit, or lengthen the limit as the text gives it"),
                    );
                }
            }
        }
    }
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
            let StepKind::Decision { body, rule, span, .. } = &step.kind else {
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
            let StepKind::Prerequisite {
                procedure: required,
                span,
            } = &step.kind
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
