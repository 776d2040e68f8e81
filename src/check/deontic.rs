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
use crate::source::Span;

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
    // What every member keeps meeting, the analysis assumes of every member.
    let invariants = model.invariants();
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
    // Precedence: `a` prevails over `b` where both apply (a derogation of `a`
    // names `b`'s article, its label, or the whole treaty). Such a pair is not a
    // conflict; each derogation that settles some pair addresses something.
    let mut prevailing: Vec<(usize, usize)> = Vec::new();
    let mut used: BTreeSet<(usize, usize)> = BTreeSet::new();
    for &(a, b) in &pairs {
        let (Some(first), Some(second)) = (provisions.get(a), provisions.get(b)) else {
            continue;
        };
        let over = |x: Located<'_, Provision>, y: Located<'_, Provision>| -> Vec<usize> {
            x.node
                .derogations
                .iter()
                .enumerate()
                .filter(|(_, d)| covers(model, d, y))
                .map(|(k, _)| k)
                .collect()
        };
        let (ab, ba) = (over(*first, *second), over(*second, *first));
        used.extend(ab.iter().map(|k| (a, *k)));
        used.extend(ba.iter().map(|k| (b, *k)));
        if !ab.is_empty() {
            prevailing.push((a, b));
        }
        if !ba.is_empty() {
            prevailing.push((b, a));
        }
        if ab.is_empty() && ba.is_empty() {
            if let Some(d) = conflict(&mut translator, *first, *second, &invariants) {
                diagnostics.push(d);
            }
        }
    }
    diagnostics.extend(precedence_cycles(provisions, &prevailing));
    diagnostics.extend(void_invariants(model));
    // A derogation is used by every copy of its provision.
    let used_signatures: BTreeSet<(&str, usize)> = used
        .iter()
        .filter_map(|(i, k)| Some((signatures.get(*i)?.as_str(), *k)))
        .collect();
    for (i, p) in provisions.iter().enumerate() {
        let signature = signatures.get(i).map(String::as_str).unwrap_or("");
        for (k, d) in p.node.derogations.iter().enumerate() {
            if !used_signatures.contains(&(signature, k)) {
                diagnostics.push(idle_derogation(d));
            }
        }
    }
    diagnostics
}

/// Whether a derogation names the place of provision `y`: its article, its label
/// or (a saving clause) any provision.
fn covers(model: &Model<'_>, d: &Derogation, y: Located<'_, Provision>) -> bool {
    match &d.target {
        DerogationTarget::Article { number } => model
            .article_of(number)
            .zip(y.article)
            .is_some_and(|(named, holding)| std::ptr::eq(named, holding)),
        DerogationTarget::Provision { label } => model
            .provision_of(label)
            .is_some_and(|named| std::ptr::eq(named.node, y.node)),
        DerogationTarget::Treaty => true,
    }
}

/// E0307: provisions that each prevail over the next, round to the first: no
/// provision can be said to prevail.
fn precedence_cycles(provisions: &[Located<'_, Provision>], prevailing: &[(usize, usize)]) -> Vec<Diagnostic> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let mut graph: DiGraph<usize, ()> = DiGraph::new();
    let mut nodes: BTreeMap<usize, NodeIndex> = BTreeMap::new();
    for &(a, b) in prevailing {
        let na = *nodes.entry(a).or_insert_with(|| graph.add_node(a));
        let nb = *nodes.entry(b).or_insert_with(|| graph.add_node(b));
        graph.add_edge(na, nb, ());
    }
    let mut out = Vec::new();
    for component in petgraph::algo::tarjan_scc(&graph) {
        let mut members: Vec<usize> = component
            .iter()
            .filter_map(|n| graph.node_weight(*n).copied())
            .collect();
        if members.len() < 2 {
            continue;
        }
        members.sort_unstable();
        let spans: Vec<(Span, Option<&Article>)> = members
            .iter()
            .filter_map(|i| provisions.get(*i).map(|p| (p.node.span, p.article)))
            .collect();
        let Some(((first, _), rest)) = spans.split_first() else {
            continue;
        };
        let mut d = Diagnostic::new(
            Code::E0307,
            *first,
            format!(
                "{} provisions each prevail over another: a precedence cycle",
                members.len()
            ),
        )
        .with_primary_label("this provision prevails over the next");
        for (span, article) in rest {
            d = d.with_label(
                *span,
                match article {
                    Some(a) => format!("which, in article {}, prevails over another of them", a.number.text),
                    None => "which prevails over another of them".to_string(),
                },
            );
        }
        out.push(d.with_help("say which one prevails: remove `notwithstanding` from all but one of them"));
    }
    out
}

/// W0309: a criterion `kept by members` that a sanction is for failing: the
/// treaty contemplates members that do not keep it, so the analysis cannot rely on it.
fn void_invariants(model: &Model<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, c) in model.criteria.ids() {
        let Some(kept) = c.node.kept else { continue };
        let Some(s) = model.sanction_for_failing(id) else {
            continue;
        };
        let sanction = s
            .node
            .name
            .as_ref()
            .map_or("a sanction".to_string(), |n| format!("sanction `{}`", n.name));
        out.push(
            Diagnostic::new(
                Code::W0309,
                kept,
                format!(
                    "criterion `{}` is kept by members, and {sanction} is for members that fail it",
                    c.node.name.name
                ),
            )
            .with_primary_label("every member keeps meeting it")
            .with_label(s.node.span, "a member that fails it is sanctioned here")
            .with_note("the conflict analysis does not rely on a criterion the treaty contemplates members failing")
            .with_help("if every member always meets it, the sanction for failing it is idle: remove one of the two; if members may fail it, remove `kept by members`"),
        );
    }
    out
}

/// W0306: a derogation that settles nothing: no provision it names could apply
/// together with this one.
fn idle_derogation(d: &Derogation) -> Diagnostic {
    let named = match &d.target {
        DerogationTarget::Article { number } => format!("article {}", number.text),
        DerogationTarget::Provision { label } => format!("provision `{}`", label.name),
        DerogationTarget::Treaty => "the treaty".to_string(),
    };
    Diagnostic::new(
        Code::W0306,
        d.span,
        format!("this derogation from {named} addresses nothing"),
    )
    .with_primary_label(format!(
        "no provision of {named} binds the same subject to the same act or facts"
    ))
    .with_note("a derogation settles a conflict between two provisions that can apply together; here there is none")
    .with_help("name the article or provision this one departs from, or remove the derogation")
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
    let derogations: Vec<String> = p
        .derogations
        .iter()
        .map(|d| match &d.target {
            DerogationTarget::Article { number } => format!("article {}", number.text),
            DerogationTarget::Provision { label } => format!("provision {}", label.name),
            DerogationTarget::Treaty => "treaty".to_string(),
        })
        .collect();
    format!(
        "{subject} | {:?} | {action} | {} | {} | {}",
        p.modality,
        conditions.join(" & "),
        derogations.join(" & "),
        crate::ir::window(&p.validity)
    )
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

/// When a provision applies: its subject's filter, its `when` and the negation of
/// its `unless`; for members, with the membership invariants they keep.
fn applies<'a>(t: &mut Translator<'_, 'a>, p: &'a Provision, invariants: &[&'a Criterion]) -> Formula {
    let mut parts = Vec::new();
    if matches!(p.subject, Subject::EveryMember { .. }) {
        for c in invariants {
            parts.push(t.condition(&c.test));
        }
    }
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
    t: &mut Translator<'_, 'a>,
    first: Located<'a, Provision>,
    second: Located<'a, Provision>,
    invariants: &[&'a Criterion],
) -> Option<Diagnostic> {
    let (p, q) = (first.node, second.node);
    // Provisions in force on no common day never meet; where they meet only in a
    // window, the window is part of the witness.
    let (w1, w2) = (crate::ir::window(&p.validity), crate::ir::window(&q.validity));
    let shared = w1.overlap(&w2)?;
    let timed = !(w1.is_open() && w2.is_open());
    let found = clash(t, first, second, invariants);
    found.map(|d| {
        if timed {
            d.with_note(format!("they are both in force only {shared}"))
        } else {
            d
        }
    })
}

/// The conflict of two provisions in force together.
fn clash<'a>(
    t: &mut Translator<'_, 'a>,
    first: Located<'a, Provision>,
    second: Located<'a, Provision>,
    invariants: &[&'a Criterion],
) -> Option<Diagnostic> {
    let (p, q) = (first.node, second.node);
    let both = Formula::And(vec![applies(t, p, invariants), applies(t, q, invariants)]);
    match (&p.action, &q.action) {
        (Action::Named { phrase, .. }, Action::Named { phrase: other, .. }) if phrase == other => {
            // One side requires or permits the act, the other forbids it.
            if requires(p.modality) == requires(q.modality) {
                return None;
            }
            match solve(&t.vars, &both) {
                Answer::Sat(w) => Some(deontic(first, second, phrase, &w)),
                Answer::Unsat => None,
                Answer::Unknown => Some(cut_short(first, second)),
            }
        }
        (Action::Constraint { expr: e1 }, Action::Constraint { expr: e2 }) => {
            let (r1, r2) = (requirement(t, p.modality, e1), requirement(t, q.modality, e2));
            let mut context = vec![both.clone()];
            // A permission is exercised: what it permits is assumed to happen.
            for (m, e) in [(p.modality, e1), (q.modality, e2)] {
                if m == Modality::May {
                    context.push(t.condition(e));
                }
            }
            let context = Formula::And(context);
            match solve(&t.vars, &context) {
                Answer::Sat(_) => {}
                Answer::Unsat => return None,
                Answer::Unknown => return Some(cut_short(first, second)),
            }
            let mut all = vec![context];
            all.extend(r1);
            all.extend(r2);
            match solve(&t.vars, &Formula::And(all)) {
                // Where both apply, said without the facts the provisions are
                // about: a witness of the exercised permission would show the
                // very figures said not to fit.
                Answer::Unsat => match solve(&t.vars, &both) {
                    Answer::Sat(w) => Some(constraints(first, second, e1, e2, &w)),
                    Answer::Unsat => None,
                    Answer::Unknown => Some(cut_short(first, second)),
                },
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

/// Who a provision binds, in the words of a note: `(one, all)`, as in "a member
/// with ..." and "every member"; a body or the organisation is one subject.
fn subject_words(subject: &Subject) -> (String, String) {
    match subject {
        Subject::EveryMember { .. } => ("a member".to_string(), "every member".to_string()),
        Subject::EveryCandidate { .. } => ("a candidate".to_string(), "every candidate".to_string()),
        Subject::Organisation { .. } => ("the organisation".to_string(), "the organisation".to_string()),
        Subject::Named(id) => (format!("`{}`", id.name), format!("`{}`", id.name)),
    }
}

/// The circumstances of a witness: "a member with `neutral = true` and
/// `defence_spending = 15`, when `situation.attack = true`"; "every member" when
/// no fact of the subject matters; "`Council`, when ..." for a body.
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
    let (one, all) = subject_words(subject);
    let mut s = if own.is_empty() {
        all
    } else {
        format!("{one} with {}", list(&own))
    };
    if !situation.is_empty() {
        s.push_str(&format!(", when {}", list(&situation)));
    }
    s
}

fn deontic(first: Located<'_, Provision>, second: Located<'_, Provision>, phrase: &str, w: &Witness) -> Diagnostic {
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

/// E0302: two provisions on facts that cannot both be kept. `w` is where both
/// apply; a permission is taken as exercised.
fn constraints(
    first: Located<'_, Provision>,
    second: Located<'_, Provision>,
    e1: &Expr,
    e2: &Expr,
    w: &Witness,
) -> Diagnostic {
    let (p, q) = (first.node, second.node);
    let message = match (p.modality, q.modality, &q.subject) {
        (Modality::May, _, _) => format!("using the permission of {} breaches {}", place(first), place(second)),
        (_, Modality::May, _) => format!("using the permission of {} breaches {}", place(second), place(first)),
        (_, _, Subject::EveryMember { .. }) => "no member can satisfy both provisions".to_string(),
        (_, _, Subject::EveryCandidate { .. }) => "no candidate can satisfy both provisions".to_string(),
        (_, _, subject) => format!("{} cannot satisfy both provisions", subject_words(subject).1),
    };
    let permitted = match (p.modality, q.modality) {
        (Modality::May, _) => Some((first, second)),
        (_, Modality::May) => Some((second, first)),
        _ => None,
    };
    let clash = match permitted {
        Some((may, other)) => format!(", and what {} permits, {} rules out", place(may), place(other)),
        None => ", and no figures meet both".to_string(),
    };
    Diagnostic::new(Code::E0302, q.span, message)
        .with_primary_label(format!("{} {} `{}`", place(second), verb(q.modality), render(e2)))
        .with_label(
            p.span,
            format!("{} {} `{}`", place(first), verb(p.modality), render(e1)),
        )
        .with_note(format!("both apply to {}{clash}", describe_witness(&p.subject, w)))
        .with_help("align the two thresholds, or make one provision an exception to the other (`unless ...`)")
}
