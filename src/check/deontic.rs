//! Deontic conflicts: what one provision requires, another forbids.
//!
//! Provisions are indexed by subject and action (named actions by their phrase,
//! constraints by each fact they mention), so only provisions that could clash are
//! compared. A pair conflicts when some profile satisfies both provisions' subjects
//! and conditions (exceptions included) and, for constraints, no profile there
//! satisfies what both require. The diagnostic names such a profile.

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Located, Model};

use super::logic::{solve, Answer, Formula, Witness};
use super::translate::{render, Translator};

/// Who a provision binds, for deciding whether two provisions can meet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Member,
    Candidate,
    Organisation,
    Body(String),
}

pub fn check(model: &Model<'_>) -> Vec<Diagnostic> {
    let provisions = &model.provisions;
    // The index: (who, key) -> provisions, where key is an action phrase or a fact.
    let mut index: BTreeMap<(Who, String), Vec<usize>> = BTreeMap::new();
    let mut translator = Translator::new(model);
    for (i, p) in provisions.iter().enumerate() {
        let who = who(model, p.node);
        match &p.node.action {
            Action::Named { phrase, .. } => index.entry((who, format!("action {phrase}"))).or_default().push(i),
            Action::Constraint { expr } => {
                let before = translator.vars.infos.len();
                let _ = translator.condition(expr);
                let mut facts = BTreeSet::new();
                for info in translator.vars.infos.get(before..).unwrap_or(&[]) {
                    facts.insert(info.name.clone());
                }
                // A constraint on facts already seen also shares them.
                collect_facts(expr, &mut facts);
                for f in facts {
                    index.entry((who.clone(), format!("fact {f}"))).or_default().push(i);
                }
            }
        }
    }
    // Provisions written identically cannot conflict with each other, and a
    // conflict with one copy is the conflict with all: compare one of each.
    let signatures: Vec<String> = provisions.iter().map(|p| signature(p.node)).collect();
    let mut pairs = BTreeSet::new();
    for bucket in index.values() {
        let mut seen = BTreeSet::new();
        let distinct: Vec<usize> = bucket
            .iter()
            .copied()
            .filter(|&i| seen.insert(signatures.get(i).map(String::as_str).unwrap_or("")))
            .collect();
        for (n, &a) in distinct.iter().enumerate() {
            for &b in distinct.iter().skip(n + 1) {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
    }
    let mut diagnostics = Vec::new();
    for (a, b) in pairs {
        let (Some(first), Some(second)) = (provisions.get(a), provisions.get(b)) else {
            continue;
        };
        if let Some(d) = conflict(model, &mut translator, *first, *second) {
            diagnostics.push(d);
        }
    }
    diagnostics
}

/// A provision as written, without its place: equal for copies of one rule.
fn signature(p: &Provision) -> String {
    let subject = match &p.subject {
        Subject::EveryMember { filter, .. } => format!("member {}", filter.as_ref().map(render).unwrap_or_default()),
        Subject::EveryCandidate { filter, .. } => {
            format!("candidate {}", filter.as_ref().map(render).unwrap_or_default())
        }
        Subject::Organisation { .. } => "organisation".to_string(),
        Subject::Named(id) => format!("body {}", id.name),
    };
    let action = match &p.action {
        Action::Named { phrase, .. } => phrase.clone(),
        Action::Constraint { expr } => render(expr),
    };
    let conditions: Vec<String> = p
        .conditions
        .iter()
        .map(|c| format!("{:?} {}", c.kind, render(&c.expr)))
        .collect();
    format!("{subject} | {:?} | {action} | {}", p.modality, conditions.join(" & "))
}

fn collect_facts(e: &Expr, out: &mut BTreeSet<String>) {
    match &e.kind {
        ExprKind::Path { segments } => {
            out.insert(segments.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join("."));
        }
        ExprKind::Unary { operand, .. } => collect_facts(operand, out),
        ExprKind::Binary { lhs, rhs, .. } => {
            collect_facts(lhs, out);
            collect_facts(rhs, out);
        }
        _ => {}
    }
}

fn who(model: &Model<'_>, p: &Provision) -> Who {
    match &p.subject {
        Subject::EveryMember { .. } => Who::Member,
        Subject::EveryCandidate { .. } => Who::Candidate,
        Subject::Organisation { .. } => Who::Organisation,
        Subject::Named(id) if id.name == model.treaty.name.name => Who::Organisation,
        Subject::Named(id) => Who::Body(id.name.clone()),
    }
}

/// When a provision applies: its subject's filter, its `when` and the negation of its `unless`.
fn applies<'a>(t: &mut Translator<'_, 'a>, p: &'a Provision) -> Formula {
    let mut parts = Vec::new();
    if let Subject::EveryMember { filter: Some(f), .. } | Subject::EveryCandidate { filter: Some(f), .. } = &p.subject {
        parts.push(t.condition(f));
    }
    for c in &p.conditions {
        let f = t.condition(&c.expr);
        parts.push(match c.kind {
            ConditionKind::When => f,
            ConditionKind::Unless => Formula::negate(f),
        });
    }
    Formula::And(parts)
}

fn requires(m: Modality) -> bool {
    matches!(m, Modality::Must | Modality::May)
}

fn conflict<'a>(
    model: &Model<'a>,
    t: &mut Translator<'_, 'a>,
    first: Located<'a, Provision>,
    second: Located<'a, Provision>,
) -> Option<Diagnostic> {
    let (p, q) = (first.node, second.node);
    let both = Formula::And(vec![applies(t, p), applies(t, q)]);
    match (&p.action, &q.action) {
        (Action::Named { phrase, .. }, Action::Named { phrase: other, .. }) if phrase == other => {
            // One side requires or permits the act, the other forbids it.
            if requires(p.modality) == requires(q.modality) {
                return None;
            }
            match solve(&t.vars, &both) {
                Answer::Sat(w) => Some(deontic(model, first, second, phrase, &w)),
                Answer::Unsat => None,
                Answer::Unknown => Some(cut_short(first, second)),
            }
        }
        (Action::Constraint { expr: e1 }, Action::Constraint { expr: e2 }) => {
            let (r1, r2) = (requirement(t, p.modality, e1), requirement(t, q.modality, e2));
            let mut context = vec![both];
            // A permission is exercised: what it permits is assumed to happen.
            for (m, e) in [(p.modality, e1), (q.modality, e2)] {
                if m == Modality::May {
                    context.push(t.condition(e));
                }
            }
            let context = Formula::And(context);
            let w = match solve(&t.vars, &context) {
                Answer::Sat(w) => w,
                Answer::Unsat => return None,
                Answer::Unknown => return Some(cut_short(first, second)),
            };
            let mut all = vec![context];
            all.extend(r1);
            all.extend(r2);
            match solve(&t.vars, &Formula::And(all)) {
                Answer::Unsat => Some(constraints(model, first, second, e1, e2, &w)),
                Answer::Sat(_) => None,
                Answer::Unknown => Some(cut_short(first, second)),
            }
        }
        _ => None,
    }
}

/// The question was too large to decide within the solver's caps: said, never
/// taken as "no conflict".
fn cut_short(first: Located<'_, Provision>, second: Located<'_, Provision>) -> Diagnostic {
    Diagnostic::new(
        Code::W0305,
        second.node.span,
        "whether these two provisions conflict was not decided: the analysis was cut short",
    )
    .with_primary_label("this provision")
    .with_label(first.node.span, "and this one")
    .with_note(
        "their conditions expand past the solver's limits (512 cases, 4,000 constraints per step, 200,000 in all)",
    )
    .with_help("split the conditions into separate provisions, or name a combined condition as a derived fact")
}

/// What a constraint provision demands of the facts; a permission demands nothing.
fn requirement<'a>(t: &mut Translator<'_, 'a>, m: Modality, e: &'a Expr) -> Option<Formula> {
    match m {
        Modality::Must => Some(t.condition(e)),
        Modality::MustNot | Modality::MayNot => Some(Formula::negate(t.condition(e))),
        Modality::May => None,
    }
}

fn verb(m: Modality) -> &'static str {
    match m {
        Modality::Must => "requires",
        Modality::MustNot => "forbids",
        Modality::May => "permits",
        Modality::MayNot => "forbids",
    }
}

fn place(p: Located<'_, Provision>) -> String {
    match p.article {
        Some(a) => format!("article {}", a.number.text),
        None => "a provision".to_string(),
    }
}

/// "a member with `neutral = true` and `defence_spending = 15`, when `situation.attack = true`"
pub fn describe_witness(subject: &Subject, w: &Witness) -> String {
    let (own, situation): (Vec<_>, Vec<_>) = w
        .assignments
        .iter()
        .partition(|(k, _)| !k.contains('.') && !k.contains(' '));
    let list = |xs: &[&(String, String)]| {
        xs.iter()
            .map(|(k, v)| format!("`{k} = {v}`"))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let who = match subject {
        Subject::EveryMember { .. } => "a member",
        Subject::EveryCandidate { .. } => "a candidate",
        _ => "the subject",
    };
    let mut s = if own.is_empty() {
        format!("any {}", &who[2..])
    } else {
        format!("{who} with {}", list(&own))
    };
    if !situation.is_empty() {
        s.push_str(&format!(", when {}", list(&situation)));
    }
    s
}

fn deontic(
    model: &Model<'_>,
    first: Located<'_, Provision>,
    second: Located<'_, Provision>,
    phrase: &str,
    w: &Witness,
) -> Diagnostic {
    let _ = model;
    let (p, q) = (first.node, second.node);
    let allowed = if p.modality == Modality::May || q.modality == Modality::May {
        "permitted"
    } else {
        "required"
    };
    Diagnostic::new(
        Code::E0301,
        q.span,
        format!("`{phrase}` is both {allowed} and forbidden"),
    )
    .with_primary_label(format!("{} {} `{phrase}`", place(second), verb(q.modality)))
    .with_label(p.span, format!("{} {} it", place(first), verb(p.modality)))
    .with_note(format!("both apply to {}", describe_witness(&p.subject, w)))
    .with_help("write the exception into one of them (`unless ...`), or narrow a subject (`every member with ...`)")
}

fn constraints(
    model: &Model<'_>,
    first: Located<'_, Provision>,
    second: Located<'_, Provision>,
    e1: &Expr,
    e2: &Expr,
    w: &Witness,
) -> Diagnostic {
    let _ = model;
    let (p, q) = (first.node, second.node);
    Diagnostic::new(Code::E0302, q.span, "no member can satisfy both provisions")
        .with_primary_label(format!("{} {} `{}`", place(second), verb(q.modality), render(e2)))
        .with_label(
            p.span,
            format!("{} {} `{}`", place(first), verb(p.modality), render(e1)),
        )
        .with_note(format!(
            "both apply to {}, and no values of its facts satisfy both",
            describe_witness(&p.subject, w)
        ))
        .with_help("align the two thresholds, or make one provision an exception to the other (`unless ...`)")
}
