//! Satisfiability of conditions over facts, with a witness.
//!
//! Formulas are boolean combinations of boolean facts, enumeration values and
//! linear comparisons of numeric facts with constants (`defence_spending >= 2% of
//! gdp` is `defence_spending - 1/50 gdp >= 0`). A formula is put in disjunctive
//! normal form and each conjunct decided exactly over the rationals by
//! Fourier–Motzkin elimination; back-substitution yields a concrete witness.
//!
//! What is approximated, and which way it errs (also in docs/diagnostics.md):
//! - counts are treated as rationals: a conjunct satisfiable only by a fractional
//!   count is taken as satisfiable (errs toward reporting a conflict);
//! - count and money facts are strictly positive (a state has people and an
//!   economy), so two requirements compatible only at `gdp = 0` conflict (errs
//!   toward reporting);
//! - a product or quotient of two facts, and `total ... of members`, are opaque
//!   numbers free of any constraint (errs toward reporting);
//! - when the normal form would exceed 512 conjuncts, one elimination step 4,000
//!   constraints, or one question 200,000 constraints in all, or a coefficient
//!   leaves 128-bit rationals, the answer is `Unknown`, and callers say that the
//!   analysis was cut short (W0305). Every cap is checked before the work it
//!   bounds is done, so that no input costs more than the caps allow.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::ast::Rational;

const MAX_CONJUNCTS: usize = 512;
const MAX_CONSTRAINTS: usize = 4_000;
/// Constraints built over all the conjuncts of one question: bounds the time of
/// many conjuncts that each stay under the other caps.
const MAX_WORK: usize = 200_000;

/// A variable's identity in the formulas of one check.
pub type Var = usize;

/// `sum(coefficient * var) + constant`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linear {
    pub terms: BTreeMap<Var, Rational>,
    pub constant: Rational,
}

impl Linear {
    pub fn constant(c: Rational) -> Linear {
        Linear {
            terms: BTreeMap::new(),
            constant: c,
        }
    }

    pub fn var(v: Var) -> Linear {
        Linear {
            terms: BTreeMap::from([(v, Rational::ONE)]),
            constant: Rational::ZERO,
        }
    }

    pub fn scale(&self, k: Rational) -> Option<Linear> {
        let mut terms = BTreeMap::new();
        for (v, c) in &self.terms {
            let c = c.checked_mul(k)?;
            if c.num != 0 {
                terms.insert(*v, c);
            }
        }
        Some(Linear {
            terms,
            constant: self.constant.checked_mul(k)?,
        })
    }

    pub fn add(&self, other: &Linear) -> Option<Linear> {
        let mut terms = self.terms.clone();
        for (v, c) in &other.terms {
            let sum = terms.get(v).copied().unwrap_or(Rational::ZERO).checked_add(*c)?;
            if sum.num == 0 {
                terms.remove(v);
            } else {
                terms.insert(*v, sum);
            }
        }
        Some(Linear {
            terms,
            constant: self.constant.checked_add(other.constant)?,
        })
    }

    pub fn sub(&self, other: &Linear) -> Option<Linear> {
        self.add(&other.scale(Rational::integer(-1))?)
    }

    pub fn as_constant(&self) -> Option<Rational> {
        self.terms.is_empty().then_some(self.constant)
    }

    fn eval(&self, values: &BTreeMap<Var, Rational>) -> Option<Rational> {
        let mut sum = self.constant;
        for (v, c) in &self.terms {
            sum = sum.checked_add(c.checked_mul(values.get(v).copied().unwrap_or(Rational::ZERO))?)?;
        }
        Some(sum)
    }
}

/// How a linear form compares with zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// `l >= 0`
    Ge,
    /// `l > 0`
    Gt,
    /// `l = 0`
    Eq,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Formula {
    True,
    False,
    /// A boolean variable, or its negation.
    Bool(Var, bool),
    Lin(Linear, Rel),
    And(Vec<Formula>),
    Or(Vec<Formula>),
    Not(Box<Formula>),
}

impl Formula {
    pub fn and(parts: Vec<Formula>) -> Formula {
        Formula::And(parts)
    }

    pub fn negate(f: Formula) -> Formula {
        Formula::Not(Box::new(f))
    }
}

/// What a variable stands for and the values it may take.
#[derive(Debug, Clone)]
pub enum VarKind {
    Bool,
    /// A numeric fact with its domain: `lower <= x <= upper`, or `lower < x`
    /// when `positive` (a state's population and economy are never zero).
    Number {
        lower: Option<Rational>,
        upper: Option<Rational>,
        positive: bool,
    },
    /// `attribute = variant`: exactly one variant of a group holds.
    Variant {
        group: String,
        variant: String,
    },
}

#[derive(Debug, Clone)]
pub struct VarInfo {
    pub name: String,
    pub kind: VarKind,
}

/// The variables of one check, interned by name.
#[derive(Debug, Default)]
pub struct Vars {
    pub infos: Vec<VarInfo>,
    by_name: BTreeMap<String, Var>,
    /// The variants of each enumeration group, for "exactly one" reasoning.
    groups: BTreeMap<String, Vec<Var>>,
}

impl Vars {
    pub fn intern(&mut self, name: &str, kind: VarKind) -> Var {
        if let Some(v) = self.by_name.get(name) {
            return *v;
        }
        let v = self.infos.len();
        if let VarKind::Variant { group, .. } = &kind {
            self.groups.entry(group.clone()).or_default().push(v);
        }
        self.infos.push(VarInfo {
            name: name.to_string(),
            kind,
        });
        self.by_name.insert(name.to_string(), v);
        v
    }

    /// Declares every variant of an enumeration, so that "none of them" is known to be impossible.
    pub fn declare_group(&mut self, group: &str, variants: &[String]) {
        for variant in variants {
            self.intern(
                &format!("{group} = {variant}"),
                VarKind::Variant {
                    group: group.to_string(),
                    variant: variant.clone(),
                },
            );
        }
    }
}

/// A value of every variable a satisfied formula mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    pub assignments: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Sat(Witness),
    Unsat,
    Unknown,
}

/// Decides whether `f` can hold, and if so gives values under which it does.
pub fn solve(vars: &Vars, f: &Formula) -> Answer {
    let Some(conjuncts) = dnf(&nnf(f, false)) else {
        return Answer::Unknown;
    };
    let mut unknown = false;
    let mut work = MAX_WORK;
    for c in conjuncts {
        match decide(vars, &c, &mut work) {
            Answer::Sat(w) => return Answer::Sat(w),
            Answer::Unknown => unknown = true,
            Answer::Unsat => {}
        }
    }
    if unknown {
        Answer::Unknown
    } else {
        Answer::Unsat
    }
}

/// The one comparison a formula comes to once negations are folded in, as the
/// linear form `l` of `l >= 0` or `l > 0`; `None` for anything else.
pub fn single_comparison(f: &Formula) -> Option<Linear> {
    match nnf(f, false) {
        Formula::Lin(l, Rel::Ge | Rel::Gt) => Some(l),
        Formula::And(parts) | Formula::Or(parts) => match parts.as_slice() {
            [Formula::Lin(l, Rel::Ge | Rel::Gt)] => Some(l.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The variables of a formula with a single case (a conjunction of facts and
/// comparisons, once negations are folded in); `None` when it has alternatives
/// or none.
pub fn single_case_vars(f: &Formula) -> Option<std::collections::BTreeSet<Var>> {
    let cases = dnf(&nnf(f, false))?;
    let [case] = cases.as_slice() else {
        return None;
    };
    let mut vars: std::collections::BTreeSet<Var> = case.bools.iter().map(|(v, _)| *v).collect();
    vars.extend(case.lins.iter().flat_map(|(l, _)| l.terms.keys().copied()));
    Some(vars)
}

/// Negation normal form: `Not` only directly on atoms, and then folded into them.
fn nnf(f: &Formula, negate: bool) -> Formula {
    match (f, negate) {
        (Formula::True, false) | (Formula::False, true) => Formula::True,
        (Formula::True, true) | (Formula::False, false) => Formula::False,
        (Formula::Bool(v, p), _) => Formula::Bool(*v, *p != negate),
        (Formula::Lin(l, r), false) => Formula::Lin(l.clone(), *r),
        (Formula::Lin(l, r), true) => match (r, l.scale(Rational::integer(-1))) {
            // not (l >= 0)  <=>  -l > 0
            (Rel::Ge, Some(neg)) => Formula::Lin(neg, Rel::Gt),
            // not (l > 0)  <=>  -l >= 0
            (Rel::Gt, Some(neg)) => Formula::Lin(neg, Rel::Ge),
            // not (l = 0)  <=>  l > 0 or -l > 0
            (Rel::Eq, Some(neg)) => Formula::Or(vec![Formula::Lin(l.clone(), Rel::Gt), Formula::Lin(neg, Rel::Gt)]),
            (_, None) => Formula::True,
        },
        (Formula::Not(inner), _) => nnf(inner, !negate),
        // Nested conjunctions and disjunctions are flattened (`a and b and c` is
        // read as `(a and b) and c`): the normal form then multiplies out each
        // level once, not once per level of nesting.
        (Formula::And(parts), false) | (Formula::Or(parts), true) => Formula::And(flat(parts, negate, true)),
        (Formula::Or(parts), false) | (Formula::And(parts), true) => Formula::Or(flat(parts, negate, false)),
    }
}

/// The parts in negation normal form, with nested conjunctions (`and`) or
/// disjunctions spliced into this one.
fn flat(parts: &[Formula], negate: bool, and: bool) -> Vec<Formula> {
    let mut out = Vec::with_capacity(parts.len());
    for p in parts {
        match (nnf(p, negate), and) {
            (Formula::And(inner), true) | (Formula::Or(inner), false) => out.extend(inner),
            (other, _) => out.push(other),
        }
    }
    out
}

#[derive(Debug, Clone, Default)]
struct Conjunct {
    bools: Vec<(Var, bool)>,
    lins: Vec<(Linear, Rel)>,
}

/// Disjunctive normal form of a formula in negation normal form; `None` past the cap.
fn dnf(f: &Formula) -> Option<Vec<Conjunct>> {
    Some(match f {
        Formula::True => vec![Conjunct::default()],
        Formula::False => Vec::new(),
        Formula::Bool(v, p) => vec![Conjunct {
            bools: vec![(*v, *p)],
            lins: Vec::new(),
        }],
        Formula::Lin(l, r) => vec![Conjunct {
            bools: Vec::new(),
            lins: vec![(l.clone(), *r)],
        }],
        Formula::Or(parts) => {
            let mut out = Vec::new();
            for p in parts {
                out.extend(dnf(p)?);
                if out.len() > MAX_CONJUNCTS {
                    return None;
                }
            }
            out
        }
        Formula::And(parts) => {
            // Parts with one case (plain atoms) join every case: gather them once,
            // then multiply out only the parts with alternatives, so that sixty
            // comparisons are not copied into each of 512 cases sixty times.
            let mut common = Conjunct::default();
            let mut alternatives = Vec::new();
            for p in parts {
                let mut cases = dnf(p)?;
                match cases.len() {
                    0 => return Some(Vec::new()),
                    1 => {
                        if let Some(c) = cases.pop() {
                            common.bools.extend(c.bools);
                            common.lins.extend(c.lins);
                        }
                    }
                    _ => alternatives.push(cases),
                }
            }
            // Checked before any product is built, not after.
            let cases = alternatives.iter().try_fold(1usize, |n, a| n.checked_mul(a.len()));
            if cases.is_none_or(|n| n > MAX_CONJUNCTS) {
                return None;
            }
            let mut out = vec![Conjunct::default()];
            for next in alternatives {
                let mut product = Vec::with_capacity(out.len() * next.len());
                for a in &out {
                    for b in &next {
                        let mut c = a.clone();
                        c.bools.extend(b.bools.iter().copied());
                        c.lins.extend(b.lins.iter().cloned());
                        product.push(c);
                    }
                }
                if product.len() > MAX_CONJUNCTS {
                    return None;
                }
                out = product;
            }
            for c in &mut out {
                c.bools.extend(common.bools.iter().copied());
                c.lins.extend(common.lins.iter().cloned());
            }
            out
        }
        Formula::Not(_) => return None,
    })
}

/// One constraint `l >= 0` (or `> 0` when strict).
#[derive(Debug, Clone)]
struct Constraint {
    l: Linear,
    strict: bool,
}

fn decide(vars: &Vars, c: &Conjunct, work: &mut usize) -> Answer {
    // Booleans and enumeration variants.
    let mut truth: BTreeMap<Var, bool> = BTreeMap::new();
    for (v, p) in &c.bools {
        if truth.insert(*v, *p).is_some_and(|q| q != *p) {
            return Answer::Unsat;
        }
    }
    for members in vars.groups.values() {
        let chosen = members.iter().filter(|v| truth.get(v) == Some(&true)).count();
        let excluded = members.iter().filter(|v| truth.get(v) == Some(&false)).count();
        if chosen > 1 || (!members.is_empty() && excluded == members.len()) {
            return Answer::Unsat;
        }
    }

    // Linear constraints with the domains of the variables they mention.
    let mut constraints = Vec::new();
    for (l, r) in &c.lins {
        match r {
            Rel::Ge => constraints.push(Constraint {
                l: l.clone(),
                strict: false,
            }),
            Rel::Gt => constraints.push(Constraint {
                l: l.clone(),
                strict: true,
            }),
            Rel::Eq => {
                let Some(neg) = l.scale(Rational::integer(-1)) else {
                    return Answer::Unknown;
                };
                constraints.push(Constraint {
                    l: l.clone(),
                    strict: false,
                });
                constraints.push(Constraint { l: neg, strict: false });
            }
        }
    }
    let mut numeric: Vec<Var> = constraints.iter().flat_map(|k| k.l.terms.keys().copied()).collect();
    numeric.sort_unstable();
    numeric.dedup();
    for v in &numeric {
        if let Some(VarInfo {
            kind: VarKind::Number { lower, upper, positive },
            ..
        }) = vars.infos.get(*v)
        {
            let x = Linear::var(*v);
            if let Some(lo) = lower {
                let Some(l) = x.sub(&Linear::constant(*lo)) else {
                    return Answer::Unknown;
                };
                constraints.push(Constraint { l, strict: *positive });
            }
            if let Some(hi) = upper {
                let Some(l) = Linear::constant(*hi).sub(&x) else {
                    return Answer::Unknown;
                };
                constraints.push(Constraint { l, strict: false });
            }
        }
    }

    let values = match eliminate(constraints, &numeric, work) {
        Elimination::Unsat => return Answer::Unsat,
        Elimination::Unknown => return Answer::Unknown,
        Elimination::Sat(values) => values,
    };

    let mut assignments = Vec::new();
    for (v, p) in &truth {
        let Some(info) = vars.infos.get(*v) else { continue };
        match &info.kind {
            VarKind::Variant { group, variant } if *p => assignments.push((group.clone(), variant.clone())),
            VarKind::Variant { .. } => {}
            _ => assignments.push((info.name.clone(), p.to_string())),
        }
    }
    for (v, value) in &values {
        if let Some(info) = vars.infos.get(*v) {
            assignments.push((info.name.clone(), show(*value)));
        }
    }
    assignments.sort();
    Answer::Sat(Witness { assignments })
}

enum Elimination {
    Sat(BTreeMap<Var, Rational>),
    Unsat,
    Unknown,
}

/// Fourier–Motzkin elimination of `order`, then back-substitution of a witness.
fn eliminate(mut constraints: Vec<Constraint>, order: &[Var], work: &mut usize) -> Elimination {
    // For each eliminated variable, the constraints that bounded it.
    let mut history: Vec<(Var, Vec<Constraint>)> = Vec::new();
    for &x in order {
        let (with, without): (Vec<Constraint>, Vec<Constraint>) =
            constraints.into_iter().partition(|k| k.l.terms.contains_key(&x));
        let mut next = without;
        let (pos, neg): (Vec<&Constraint>, Vec<&Constraint>) =
            with.iter().partition(|k| k.l.terms.get(&x).is_some_and(|c| c.num > 0));
        // Checked before the combinations are built, not after.
        let built = pos.len().saturating_mul(neg.len());
        if next.len().saturating_add(built) > MAX_CONSTRAINTS || built > *work {
            return Elimination::Unknown;
        }
        *work -= built;
        for p in &pos {
            for n in &neg {
                let (Some(cp), Some(cn)) = (p.l.terms.get(&x), n.l.terms.get(&x)) else {
                    continue;
                };
                // cp > 0 > cn: (-cn) * p + cp * n has no x.
                let Some(a) = p.l.scale(Rational::new(-cn.num, cn.den).unwrap_or(Rational::ZERO)) else {
                    return Elimination::Unknown;
                };
                let Some(b) = n.l.scale(*cp) else {
                    return Elimination::Unknown;
                };
                let Some(mut combined) = a.add(&b) else {
                    return Elimination::Unknown;
                };
                combined.terms.remove(&x);
                next.push(Constraint {
                    l: combined,
                    strict: p.strict || n.strict,
                });
            }
        }
        history.push((x, with));
        constraints = next;
    }
    // Only constants remain.
    for k in &constraints {
        let c = k.l.constant;
        let holds = if k.strict { c.num > 0 } else { c.num >= 0 };
        if !holds {
            return Elimination::Unsat;
        }
    }
    let mut values: BTreeMap<Var, Rational> = BTreeMap::new();
    for (x, bounds) in history.iter().rev() {
        let mut lower: Option<(Rational, bool)> = None;
        let mut upper: Option<(Rational, bool)> = None;
        for k in bounds {
            let Some(c) = k.l.terms.get(x).copied() else { continue };
            let mut rest = k.l.clone();
            rest.terms.remove(x);
            let Some(r) = rest.eval(&values) else {
                return Elimination::Unknown;
            };
            // c*x + r >= 0  =>  x >= -r/c (c > 0)  or  x <= -r/c (c < 0)
            let Some(bound) = Rational::new(-r.num, r.den).and_then(|nr| nr.checked_div(c)) else {
                return Elimination::Unknown;
            };
            if c.num > 0 {
                if lower.is_none_or(|(b, s)| tighter_lower(bound, k.strict, b, s)) {
                    lower = Some((bound, k.strict));
                }
            } else if upper.is_none_or(|(b, s)| tighter_upper(bound, k.strict, b, s)) {
                upper = Some((bound, k.strict));
            }
        }
        let Some(value) = pick(lower, upper) else {
            return Elimination::Unknown;
        };
        values.insert(*x, value);
    }
    Elimination::Sat(values)
}

fn compare(a: Rational, b: Rational) -> Ordering {
    match (a.num.checked_mul(b.den), b.num.checked_mul(a.den)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => (a.num as f64 / a.den as f64).total_cmp(&(b.num as f64 / b.den as f64)),
    }
}

fn tighter_lower(b: Rational, strict: bool, current: Rational, current_strict: bool) -> bool {
    match compare(b, current) {
        Ordering::Greater => true,
        Ordering::Equal => strict && !current_strict,
        Ordering::Less => false,
    }
}

fn tighter_upper(b: Rational, strict: bool, current: Rational, current_strict: bool) -> bool {
    match compare(b, current) {
        Ordering::Less => true,
        Ordering::Equal => strict && !current_strict,
        Ordering::Greater => false,
    }
}

/// A value within the bounds, preferring a small whole number a reader can check.
fn pick(lower: Option<(Rational, bool)>, upper: Option<(Rational, bool)>) -> Option<Rational> {
    let fits = |v: Rational| {
        lower.is_none_or(|(b, s)| {
            if s {
                compare(v, b) == Ordering::Greater
            } else {
                compare(v, b) != Ordering::Less
            }
        }) && upper.is_none_or(|(b, s)| {
            if s {
                compare(v, b) == Ordering::Less
            } else {
                compare(v, b) != Ordering::Greater
            }
        })
    };
    let mut candidates = vec![Rational::ZERO];
    if let Some((b, _)) = lower {
        candidates.push(Rational::integer(b.floor().checked_add(1)?));
        candidates.push(Rational::integer(b.floor()));
        candidates.push(b);
    }
    if let Some((b, _)) = upper {
        candidates.push(Rational::integer(b.floor()));
        candidates.push(Rational::integer(b.floor().checked_sub(1)?));
        candidates.push(b);
    }
    // The smallest whole candidate in range, else the midpoint of the bounds.
    let mut whole: Vec<Rational> = candidates.iter().copied().filter(|c| c.den == 1 && fits(*c)).collect();
    whole.sort_by_key(|c| c.num.unsigned_abs());
    if let Some(v) = whole.first() {
        return Some(*v);
    }
    if let Some(v) = candidates.iter().copied().find(|c| fits(*c)) {
        return Some(v);
    }
    match (lower, upper) {
        (Some((a, _)), Some((b, _))) => a.checked_add(b)?.checked_div(Rational::integer(2)),
        _ => None,
    }
}

/// A rational as a reader writes it: `15`, `1.5`, `2/3`.
pub fn show(r: Rational) -> String {
    if r.den == 1 {
        return r.num.to_string();
    }
    // Exact decimals up to six places.
    let mut den = r.den;
    let (mut twos, mut fives) = (0, 0);
    while den % 2 == 0 {
        den /= 2;
        twos += 1;
    }
    while den % 5 == 0 {
        den /= 5;
        fives += 1;
    }
    let places = twos.max(fives);
    if den == 1 && places <= 6 {
        let scale = 10i128.pow(places);
        if let Some(scaled) = r.num.checked_mul(scale).map(|n| n / r.den) {
            let sign = if scaled < 0 { "-" } else { "" };
            let abs = scaled.unsigned_abs();
            let int = abs / scale.unsigned_abs();
            let frac = abs % scale.unsigned_abs();
            let frac = format!("{:0width$}", frac, width = places as usize);
            return format!("{sign}{int}.{}", frac.trim_end_matches('0'));
        }
    }
    format!("{}/{}", r.num, r.den)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i128, d: i128) -> Rational {
        Rational::new(n, d).unwrap()
    }

    fn num(vars: &mut Vars, name: &str) -> Var {
        vars.intern(
            name,
            VarKind::Number {
                lower: Some(Rational::ZERO),
                upper: None,
                positive: false,
            },
        )
    }

    #[test]
    fn contradictory_bounds_are_unsatisfiable() {
        let mut vars = Vars::default();
        let x = num(&mut vars, "x");
        // x >= 5 and x < 3
        let ge5 = Formula::Lin(Linear::var(x).sub(&Linear::constant(r(5, 1))).unwrap(), Rel::Ge);
        let lt3 = Formula::negate(Formula::Lin(
            Linear::var(x).sub(&Linear::constant(r(3, 1))).unwrap(),
            Rel::Ge,
        ));
        assert_eq!(solve(&vars, &Formula::and(vec![ge5, lt3])), Answer::Unsat);
    }

    #[test]
    fn a_share_of_another_fact_has_a_witness() {
        let mut vars = Vars::default();
        let spend = num(&mut vars, "defence_spending");
        let gdp = num(&mut vars, "gdp");
        // defence_spending < 2% of gdp and gdp >= 100
        let share = Linear::var(spend)
            .sub(&Linear::var(gdp).scale(r(1, 50)).unwrap())
            .unwrap();
        let below = Formula::negate(Formula::Lin(share, Rel::Ge));
        let big = Formula::Lin(Linear::var(gdp).sub(&Linear::constant(r(100, 1))).unwrap(), Rel::Ge);
        let Answer::Sat(w) = solve(&vars, &Formula::and(vec![below, big])) else {
            panic!("expected a witness")
        };
        let get = |n: &str| {
            w.assignments
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(get("gdp"), "100");
        assert_eq!(get("defence_spending"), "0");
    }

    #[test]
    fn strictness_is_respected() {
        let mut vars = Vars::default();
        let x = num(&mut vars, "x");
        // x > 2 and x < 3 has only fractional solutions: 5/2.
        let gt2 = Formula::Lin(Linear::var(x).sub(&Linear::constant(r(2, 1))).unwrap(), Rel::Gt);
        let lt3 = Formula::Lin(Linear::constant(r(3, 1)).sub(&Linear::var(x)).unwrap(), Rel::Gt);
        let Answer::Sat(w) = solve(&vars, &Formula::and(vec![gt2, lt3])) else {
            panic!("expected a witness")
        };
        assert_eq!(w.assignments, vec![("x".to_string(), "2.5".to_string())]);
        // x > 2 and x <= 2 is empty.
        let le2 = Formula::Lin(Linear::constant(r(2, 1)).sub(&Linear::var(x)).unwrap(), Rel::Ge);
        let gt2 = Formula::Lin(Linear::var(x).sub(&Linear::constant(r(2, 1))).unwrap(), Rel::Gt);
        assert_eq!(solve(&vars, &Formula::and(vec![gt2, le2])), Answer::Unsat);
    }

    #[test]
    fn booleans_and_enumerations_are_exact() {
        let mut vars = Vars::default();
        vars.declare_group("status", &["free".into(), "not_free".into()]);
        let free = vars.intern("status = free", VarKind::Bool);
        let not_free = vars.intern("status = not_free", VarKind::Bool);
        let both = Formula::and(vec![Formula::Bool(free, true), Formula::Bool(not_free, true)]);
        assert_eq!(solve(&vars, &both), Answer::Unsat);
        let neither = Formula::and(vec![Formula::Bool(free, false), Formula::Bool(not_free, false)]);
        assert_eq!(solve(&vars, &neither), Answer::Unsat);
        let n = vars.intern("neutral", VarKind::Bool);
        assert_eq!(
            solve(
                &vars,
                &Formula::and(vec![Formula::Bool(n, true), Formula::Bool(n, false)])
            ),
            Answer::Unsat
        );
    }

    #[test]
    fn disjunctions_are_explored() {
        let mut vars = Vars::default();
        let a = vars.intern("a", VarKind::Bool);
        let b = vars.intern("b", VarKind::Bool);
        // (a or b) and not a  => b
        let f = Formula::and(vec![
            Formula::Or(vec![Formula::Bool(a, true), Formula::Bool(b, true)]),
            Formula::Bool(a, false),
        ]);
        let Answer::Sat(w) = solve(&vars, &f) else {
            panic!("expected a witness")
        };
        assert!(w.assignments.contains(&("b".to_string(), "true".to_string())));
    }

    #[test]
    fn a_normal_form_past_the_cap_is_refused_before_it_is_built() {
        let mut vars = Vars::default();
        // Sixty two-way disjunctions: 2^60 conjuncts if the product were built.
        let parts: Vec<Formula> = (0..60)
            .map(|i| {
                let a = vars.intern(&format!("a{i}"), VarKind::Bool);
                let b = vars.intern(&format!("b{i}"), VarKind::Bool);
                Formula::Or(vec![Formula::Bool(a, true), Formula::Bool(b, true)])
            })
            .collect();
        assert!(solve(&vars, &Formula::And(parts)) == Answer::Unknown);
    }

    #[test]
    fn decimals_are_shown_as_written() {
        assert_eq!(show(r(3, 2)), "1.5");
        assert_eq!(show(r(1, 50)), "0.02");
        assert_eq!(show(r(2, 3)), "2/3");
        assert_eq!(show(r(-7, 4)), "-1.75");
    }
}
