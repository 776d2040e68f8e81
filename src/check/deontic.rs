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
use crate::rational::Rational;
use crate::source::Span;

use super::logic::{single_case_vars, single_comparison, solve, Answer, Formula, Var, VarKind, Witness};
use super::translate::{render, render_into, Translator};

/// Who a provision binds, for deciding whether two provisions can meet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Member,
    Candidate,
    Organisation,
    Body(String),
}

pub fn check(model: &Model<'_>) -> Vec<Diagnostic> {
    check_pairs(model, Pairs::Promising)
}

/// Which pairs of provisions sharing an act or a fact are put to the solver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pairs {
    /// Those that can conflict or that a derogation may settle.
    Promising,
    /// Every pair, as before #24: the tests hold the promising ones to it.
    #[cfg_attr(not(test), allow(dead_code))]
    Every,
}

fn check_pairs(model: &Model<'_>, which: Pairs) -> Vec<Diagnostic> {
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
    let mut leeways: BTreeMap<usize, (Option<Leeway>, Option<Bound>)> = BTreeMap::new();
    // Leeways are worked out in a translator of their own: the facts are then
    // numbered in the main one as before, and so are the witnesses' figures.
    let mut scratch = Translator::new(model);
    for ((_, key), bucket) in &index {
        let mut seen = BTreeSet::new();
        let distinct: Vec<usize> = bucket
            .iter()
            .copied()
            .filter(|&i| seen.insert(signatures.get(i).map(String::as_str).unwrap_or("")))
            .collect();
        if which == Pairs::Every {
            for (n, &a) in distinct.iter().enumerate() {
                for &b in distinct.iter().skip(n + 1) {
                    pairs.insert((a.min(b), a.max(b)));
                }
            }
            continue;
        }
        if key.starts_with("action ") {
            action_pairs(provisions, &distinct, &mut pairs);
            continue;
        }
        constraint_pairs(
            &mut scratch,
            provisions,
            &invariants,
            &distinct,
            &mut leeways,
            &mut pairs,
        );
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

/// The pairs of provisions on one named act worth comparing: one that requires
/// or permits it with one that forbids it (two that both require it, or both
/// forbid it, never conflict), and every pair with a derogation in it, which
/// may settle the pair or show that the derogation addresses something. All
/// pairs of a thousand obligations on one act were compared before: 16,000
/// obligations on `inform Council` made 128 million pairs.
fn action_pairs(provisions: &[Located<'_, Provision>], distinct: &[usize], pairs: &mut BTreeSet<(usize, usize)>) {
    let modality = |i: usize| provisions.get(i).map(|p| requires(p.node.modality));
    let derogating = |i: usize| provisions.get(i).is_some_and(|p| !p.node.derogations.is_empty());
    let (requiring, forbidding): (Vec<usize>, Vec<usize>) = distinct.iter().partition(|&&i| modality(i) == Some(true));
    for &a in &requiring {
        for &b in &forbidding {
            pairs.insert((a.min(b), a.max(b)));
        }
    }
    for (n, &a) in distinct.iter().enumerate() {
        if !derogating(a) {
            continue;
        }
        for (m, &b) in distinct.iter().enumerate() {
            if m != n {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
    }
}

/// How far a constraint provision's requirement can be met whatever its
/// conditions: the facts it compares, each with the way that helps meet it
/// (raising, +1, or lowering, -1), those of them with no bound that way, and
/// the facts of its conditions (subject, `when`, `unless`, invariants).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Leeway {
    signs: BTreeMap<Var, i8>,
    free: BTreeSet<Var>,
    context: BTreeSet<Var>,
}

/// The leeway of a provision whose requirement is one comparison, under
/// conditions with a single case (no `or` to choose between); `None` for any
/// other provision (a permission, one with a derogation), which is compared
/// with every other as before.
fn leeway<'a>(t: &mut Translator<'_, 'a>, p: &'a Provision, invariants: &[&'a Criterion]) -> Option<Leeway> {
    let Action::Constraint { expr } = &p.action else {
        return None;
    };
    if !p.derogations.is_empty() {
        return None;
    }
    let required = single_comparison(&requirement(t, p.modality, expr)?)?;
    let context = single_case_vars(&applies(t, p, invariants))?;
    let mut signs = BTreeMap::new();
    let mut free = BTreeSet::new();
    for (v, c) in &required.terms {
        let sign: i8 = if c.num > 0 { 1 } else { -1 };
        signs.insert(*v, sign);
        let unbounded = match t.vars.infos.get(*v).map(|i| &i.kind) {
            Some(VarKind::Number { upper, .. }) if sign > 0 => upper.is_none(),
            Some(VarKind::Number { lower, positive, .. }) => lower.is_none() && !positive,
            _ => false,
        };
        if unbounded {
            free.insert(*v);
        }
    }
    Some(Leeway { signs, free, context })
}

/// Whether two provisions can always be kept together wherever both apply:
/// each requirement has a fact free to move its way without bound, outside
/// both conditions, that the other requirement does not need moved the other
/// way. Moving both far enough meets both, so the solver would find no
/// conflict whatever the conditions.
fn compatible(a: &Leeway, b: &Leeway) -> bool {
    let movable = |x: &Leeway, other: &Leeway| {
        x.free.iter().any(|v| {
            !a.context.contains(v)
                && !b.context.contains(v)
                && other.signs.get(v).is_none_or(|s| Some(s) == x.signs.get(v))
        })
    };
    movable(a, b) && movable(b, a)
}

/// The pairs of constraint provisions on one fact worth asking the solver
/// about. The provisions are grouped by leeway, and two groups whose
/// requirements can always be kept together are not compared: 10,000
/// `% of gdp` targets on twelve sectors make 72 groups, where every pair of
/// provisions (50 million) was compared before.
fn constraint_pairs<'a>(
    t: &mut Translator<'_, 'a>,
    provisions: &[Located<'a, Provision>],
    invariants: &[&'a Criterion],
    distinct: &[usize],
    leeways: &mut BTreeMap<usize, (Option<Leeway>, Option<Bound>)>,
    pairs: &mut BTreeSet<(usize, usize)>,
) {
    // Each group: its provisions that are no plain bound, and its plain bounds.
    let mut groups: BTreeMap<Option<Leeway>, Group> = BTreeMap::new();
    let mut bounds: Vec<(usize, Bound)> = Vec::new();
    for &i in distinct {
        let (l, b) = match leeways.get(&i) {
            Some(l) => l.clone(),
            None => {
                let l = provisions.get(i).and_then(|p| leeway(t, p.node, invariants));
                let b = match (&l, provisions.get(i)) {
                    (Some(l), Some(p)) => bound(t, p.node, l),
                    _ => None,
                };
                leeways.insert(i, (l.clone(), b.clone()));
                (l, b)
            }
        };
        let group = groups.entry(l).or_default();
        match b {
            Some(b) => {
                group.1.push(i);
                bounds.push((i, b));
            }
            None => group.0.push(i),
        }
    }
    let groups: Vec<(Option<Leeway>, Group)> = groups.into_iter().collect();
    for (n, (first, (members, member_bounds))) in groups.iter().enumerate() {
        for (second, (others, other_bounds)) in groups.iter().skip(n) {
            if let (Some(x), Some(y)) = (first, second) {
                if compatible(x, y) {
                    continue;
                }
            }
            // Two plain bounds are paired below, by their figures.
            let with_others = members
                .iter()
                .chain(member_bounds)
                .flat_map(|&a| others.iter().map(move |&b| (a, b)));
            let with_bounds = members.iter().flat_map(|&a| other_bounds.iter().map(move |&b| (a, b)));
            for (a, b) in with_others.chain(with_bounds) {
                if a != b {
                    pairs.insert((a.min(b), a.max(b)));
                }
            }
        }
    }
    bound_pairs(&bounds, pairs);
}

/// The provisions of one leeway: those that are no plain bound, and the bounds.
type Group = (Vec<usize>, Vec<usize>);

/// A requirement that is one bound on one fact, `x >= L` or `x <= U` (strict
/// or not), on a fact its conditions do not mention, and that the fact's
/// domain leaves room for. Two such bounds on a fact can clash only when a
/// lower one is at or above an upper one: sorted by figure, the pairs to try
/// are found without comparing every pair (10,000 targets on one debt ratio
/// were 50 million pairs).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bound {
    var: Var,
    lower: bool,
    figure: Rational,
}

fn bound<'a>(t: &mut Translator<'_, 'a>, p: &'a Provision, leeway: &Leeway) -> Option<Bound> {
    let Action::Constraint { expr } = &p.action else {
        return None;
    };
    let required = single_comparison(&requirement(t, p.modality, expr)?)?;
    let [(var, c)] = required.terms.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    if leeway.context.contains(var) || c.num == 0 {
        return None;
    }
    // c·x + k >= 0: x >= -k/c when c > 0, x <= -k/c when c < 0.
    let figure = Rational::integer(0).checked_sub(required.constant.checked_div(*c)?)?;
    let lower = c.num > 0;
    // Room in the domain on the side the bound leaves open, so that a bound
    // alone is never what the solver would find unmeetable.
    let Some(VarKind::Number {
        lower: low,
        upper,
        positive,
    }) = t.vars.infos.get(*var).map(|i| &i.kind)
    else {
        return None;
    };
    let room = if lower {
        upper.is_none_or(|u| u.gt(figure))
    } else {
        low.is_none_or(|l| figure.gt(l)) && (!positive || figure.gt(Rational::integer(0)))
    };
    room.then_some(Bound {
        var: *var,
        lower,
        figure,
    })
}

/// The pairs of plain bounds on one fact that may clash: each lower bound with
/// the upper bounds at or below it (equal figures are tried too: `x > 1` and
/// `x <= 1` clash).
fn bound_pairs(bounds: &[(usize, Bound)], pairs: &mut BTreeSet<(usize, usize)>) {
    let mut uppers: BTreeMap<Var, Vec<(Rational, usize)>> = BTreeMap::new();
    for (i, b) in bounds.iter().filter(|(_, b)| !b.lower) {
        uppers.entry(b.var).or_default().push((b.figure, *i));
    }
    for list in uppers.values_mut() {
        list.sort_by(|x, y| x.0.order(y.0).then(x.1.cmp(&y.1)));
    }
    for (a, b) in bounds.iter().filter(|(_, b)| b.lower) {
        let Some(list) = uppers.get(&b.var) else { continue };
        let reach = list.partition_point(|(u, _)| b.figure.ge(*u));
        for &(_, c) in list.iter().take(reach) {
            pairs.insert((*a.min(&c), *a.max(&c)));
        }
    }
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
    use std::fmt::Write as _;
    // One buffer for the whole text: a provision's signature is asked of every
    // provision of every stage's model. The text is the one the format below
    // states: subject | modality | action | conditions | derogations | window.
    let mut out = String::with_capacity(128);
    match &p.subject {
        Subject::EveryMember { filter, .. } => {
            out.push_str("member ");
            if let Some(f) = filter {
                render_into(f, &mut out);
            }
        }
        Subject::EveryCandidate { filter, .. } => {
            out.push_str("candidate ");
            if let Some(f) = filter {
                render_into(f, &mut out);
            }
        }
        Subject::Organisation { .. } => out.push_str("organisation"),
        Subject::Named(id) => {
            out.push_str("body ");
            out.push_str(&id.name);
        }
    }
    let _ = write!(out, " | {:?} | ", p.modality);
    match &p.action {
        Action::Named { phrase, .. } => out.push_str(phrase),
        Action::Constraint { expr } => render_into(expr, &mut out),
    }
    out.push_str(" | ");
    for (i, c) in p.conditions.iter().enumerate() {
        if i > 0 {
            out.push_str(" & ");
        }
        let _ = write!(out, "{:?} ", c.kind);
        render_into(&c.expr, &mut out);
    }
    out.push_str(" | ");
    for (i, d) in p.derogations.iter().enumerate() {
        if i > 0 {
            out.push_str(" & ");
        }
        match &d.target {
            DerogationTarget::Article { number } => {
                out.push_str("article ");
                out.push_str(&number.text);
            }
            DerogationTarget::Provision { label } => {
                out.push_str("provision ");
                out.push_str(&label.name);
            }
            DerogationTarget::Treaty => out.push_str("treaty"),
        }
    }
    let _ = write!(out, " | {}", crate::ir::window(&p.validity));
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Document;
    use crate::source::SourceMap;

    /// The diagnostics of every stage of `text`, with the promising pairs and
    /// with every pair: they must be the same, in the same order.
    fn same_with_every_pair(name: &str, text: &str) -> usize {
        let mut sources = SourceMap::new();
        let unit = crate::parse_source(&mut sources, name, text.as_bytes());
        let Some(Document::Treaty(treaty)) = unit.document.as_ref() else {
            return 0;
        };
        let models = crate::model::models(treaty);
        let mut found = 0;
        for m in &models.models {
            let promising = check_pairs(m, Pairs::Promising);
            let every = check_pairs(m, Pairs::Every);
            assert_eq!(promising, every, "{name}, stage {:?}", m.stage_name());
            found += every.len();
        }
        found
    }

    /// The signature is the provision's meaning without its place or label:
    /// spelt out here, so that a faster way of writing it keeps the same text
    /// (copies are told apart by it, and only the first copy is compared).
    #[test]
    fn a_signature_states_subject_modality_action_conditions_derogations_and_window() {
        let text = "treaty t {\n  facts members { gdp: money  spending: money  at_war: bool  free: bool }\n  article 1 {\n    a: every member with free and not at_war must spending >= 2% of gdp when (at_war or free) and -gdp < 3 unless authorised by Council notwithstanding article 2 as from 1 January 2030\n    the organisation may not inform   Council\n  }\n  article 2 { Council must report }\n  body Council\n}\n";
        let mut sources = SourceMap::new();
        let unit = crate::parse_source(&mut sources, "t.treaty", text.as_bytes());
        assert!(unit.diagnostics.is_empty(), "{:?}", unit.diagnostics);
        let Some(Document::Treaty(treaty)) = unit.document.as_ref() else {
            panic!("the treaty parses");
        };
        let models = crate::model::models(treaty);
        let model = models.models.first().expect("a base model");
        let signatures: Vec<String> = model.provisions.iter().map(|p| signature(p.node)).collect();
        assert_eq!(
            signatures,
            [
                "member free and not at_war | Must | spending >= 2% of gdp | When (at_war or free) and -gdp < 3 & Unless authorised by Council | article 2 | as from 1 January 2030",
                "organisation | MayNot | inform Council |  |  | at all times",
                "body Council | Must | report |  |  | at all times",
            ]
        );
    }

    #[test]
    fn the_promising_pairs_find_what_every_pair_finds_in_the_bundled_treaties_and_the_corpus() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [
            "treaties",
            "tests/ui/check/err",
            "tests/ui/check/ok",
            "tests/ui/check/planted",
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                panic!("{dir} cannot be read");
            };
            files.extend(
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "treaty")),
            );
        }
        files.sort();
        assert!(files.len() > 100, "{} treaties", files.len());
        let mut found = 0;
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                panic!("{} cannot be read", path.display());
            };
            found += same_with_every_pair(&path.display().to_string(), &text);
        }
        // The corpus has conflicts to find: the comparison is not of nothing.
        assert!(found > 10, "{found} diagnostics");
    }

    /// Many obligations and prohibitions of one act, with derogations, and many
    /// `% of gdp` targets and bounds on shared facts, some compatible, some not:
    /// what pruning skips must be what the solver would clear.
    #[test]
    fn the_promising_pairs_find_what_every_pair_finds_in_crowded_treaties() {
        let mut text = String::from(
            "treaty crowded \"Crowded\" {\n  facts member { gdp: money  defence: money  aid: money  debt: ratio  score: score 0..100  neutral: bool  small: bool }\n  facts situation { attack: bool  crisis: bool }\n  body Council { seats: one per member  decides x by qmv }\n  rule qmv = members >= 55%\n",
        );
        for n in 1..=24 {
            let share = 1 + n % 5;
            let cond = ["neutral", "small", "score >= 50", "situation.attack"][n % 4];
            let body = match n % 8 {
                0 => format!("every member must defence >= {share}% of gdp unless {cond}"),
                1 => format!("every member with {cond} must defence <= {share}% of gdp"),
                2 => format!("every member must aid >= {share}% of gdp when {cond} or situation.crisis"),
                3 => format!("every member may defence < {share}% of gdp when {cond}"),
                4 => format!("every member must debt <= 0.{share}0 unless {cond}"),
                5 => format!("every member must not mobilise forces when {cond}"),
                6 => format!("every member must mobilise forces when situation.crisis unless {cond}"),
                _ => format!(
                    "every member must defence + aid >= {share}% of gdp notwithstanding article {}",
                    n - 1
                ),
            };
            text.push_str(&format!("  article {n} {{\n    {body}\n  }}\n"));
        }
        text.push_str("  article 30 {\n    every member may mobilise forces notwithstanding article 5\n  }\n}\n");
        let found = same_with_every_pair("crowded.treaty", &text);
        assert!(found > 5, "{found} diagnostics");
    }

    /// Bounds on one fact, lower and upper, strict or not, some meeting at one
    /// figure, some beyond the fact's domain, some under conditions on the fact
    /// itself: the bounds paired by figure find what every pair finds.
    #[test]
    fn bounds_paired_by_figure_find_what_every_pair_finds() {
        let mut text = String::from(
            "treaty bounds \"Bounds\" {\n  facts member { debt: ratio  score: score 0..100  gdp: money  neutral: bool }\n  facts situation { crisis: bool }\n  body Council { seats: one per member  decides x by qmv }\n  rule qmv = members >= 55%\n",
        );
        let bodies = [
            "every member must debt <= 0.60",
            "every member must debt >= 0.60",
            "every member must debt < 0.60 when situation.crisis",
            "every member must debt > 0.70 unless neutral",
            "every member must debt >= 0.20",
            "every member must not debt > 0.90",
            "every member must not debt <= 0.10 when neutral",
            "every member must debt <= 0.40 when debt > 0.50",
            "every member must score >= 150",
            "every member must score <= 100",
            "every member must score >= 100",
            "every member must score <= -5 when situation.crisis",
            "every member must score > 40 when neutral",
            "every member must score < 40",
            "every member must gdp <= 0",
            "every member must gdp >= 1000000",
            "every member may debt > 0.95",
            "every member must debt + score >= 1",
        ];
        for (n, body) in bodies.iter().enumerate() {
            text.push_str(&format!("  article {} {{\n    {body}\n  }}\n", n + 1));
        }
        text.push_str("}\n");
        let found = same_with_every_pair("bounds.treaty", &text);
        assert!(found > 5, "{found} diagnostics");
    }
}
