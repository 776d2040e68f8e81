//! Types and units of fact expressions.
//!
//! Every expression has a type: a count, an amount of money, a share, a score, a
//! year, an enumeration value, a plain number, or true/false. `2% of gdp` is money;
//! comparing money with a count, or adding a share to true/false, is an error that
//! shows both operand types. Constant sub-expressions are folded with checked
//! arithmetic, so an overflow is a diagnostic, never a wrong number.

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{Span, SpanMap};

use super::resolve::undefined;
use super::{ExprContext, Model};

#[derive(Debug, Clone, Copy)]
pub enum Ty<'a> {
    Bool,
    Count,
    Money,
    /// A share or ratio: `55%`, `2/3`, `gdp / population` of like quantities.
    Ratio,
    Score,
    Year,
    /// A value of an enumeration, with its variants.
    Enum(&'a [Ident]),
    /// A number without a unit, compatible with any quantity.
    Number,
    /// Something already reported as wrong; never reported again.
    Unknown,
}

/// Two enumerations are the same type only when declared by the same attribute.
impl PartialEq for Ty<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Ty::Enum(a), Ty::Enum(b)) => std::ptr::eq(*a, *b),
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl Ty<'_> {
    pub fn describe(self) -> &'static str {
        match self {
            Ty::Bool => "true or false",
            Ty::Count => "a count",
            Ty::Money => "an amount of money",
            Ty::Ratio => "a share",
            Ty::Score => "a score",
            Ty::Year => "a year",
            Ty::Enum(_) => "an enumeration value",
            Ty::Number => "a number",
            Ty::Unknown => "unknown",
        }
    }

    fn is_numeric(self) -> bool {
        matches!(
            self,
            Ty::Count | Ty::Money | Ty::Ratio | Ty::Score | Ty::Year | Ty::Number | Ty::Unknown
        )
    }
}

/// The type a fact attribute declares (derived attributes are inferred).
pub fn declared(t: &FactType) -> Ty<'_> {
    match t {
        FactType::Count => Ty::Count,
        FactType::Money => Ty::Money,
        FactType::Ratio | FactType::Percent => Ty::Ratio,
        FactType::Bool => Ty::Bool,
        FactType::Year => Ty::Year,
        FactType::Score { .. } => Ty::Score,
        FactType::Enumeration { variants } => Ty::Enum(variants),
    }
}

/// Type-checks every expression of a model, and the weights of its voting
/// rules: the type of every expression, by its place, and the errors.
pub(super) fn check<'a>(model: &Model<'a>) -> (SpanMap<Ty<'a>>, Vec<Diagnostic>) {
    let mut checker = Checker {
        model,
        diagnostics: Vec::new(),
        depth: 0,
        types: SpanMap::default(),
    };
    super::each_expression(model, |e, context| {
        let (ty, _) = checker.infer(e);
        if context == ExprContext::Condition && ty != Ty::Bool && ty != Ty::Unknown {
            checker.not_a_condition(e, ty);
        }
    });
    for rule in model.rules.values() {
        for clause in &rule.node.clauses {
            if let RuleClause::Threshold {
                measure: Measure::Weight(w),
                ..
            } = clause
            {
                checker.weight(w);
            }
        }
    }
    // The treaty as written also types every stage's entry condition: the stage
    // analysis reads them over it. Their errors are reported by the stage's own
    // model, with the stage named.
    if model.stage.is_none() {
        for stage in model.treaty.stages() {
            if let Some(entry) = &stage.entry {
                let saved = checker.diagnostics.len();
                checker.infer(entry);
                checker.diagnostics.truncate(saved);
            }
        }
    }
    (checker.types, checker.diagnostics)
}

struct Checker<'m, 'a> {
    model: &'m Model<'a>,
    diagnostics: Vec<Diagnostic>,
    /// Guards the expansion of derived facts that refer to each other.
    depth: usize,
    /// The type found for each operand of a comparison (see `Resolution::types`).
    types: SpanMap<Ty<'a>>,
}

impl<'a> Checker<'_, 'a> {
    fn not_a_condition(&mut self, e: &Expr, ty: Ty<'_>) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::E0202,
                e.span,
                format!("expected a condition, found {}", ty.describe()),
            )
            .with_primary_label(format!("this is {}, not true or false", ty.describe()))
            .with_help("compare it with something, such as `defence_spending >= 2% of gdp`"),
        );
    }

    fn weight(&mut self, w: &Ident) {
        match self.model.member_attribute(&w.name) {
            None => {
                let names = self
                    .model
                    .facts
                    .get("member")
                    .into_iter()
                    .flat_map(|s| s.attributes.keys().copied());
                let d = undefined(
                    Code::E0107,
                    "member fact",
                    w,
                    names,
                    "declare it in `facts member { ... }` as a count or money, such as `population: count`",
                );
                self.diagnostics.push(d);
            }
            Some(a) => {
                let ty = self.attribute_type(a);
                if !matches!(ty, Ty::Count | Ty::Money | Ty::Number | Ty::Unknown) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::E0205,
                            w.span,
                            format!("`{}` cannot weigh votes: it is {}", w.name, ty.describe()),
                        )
                        .with_primary_label("a weight must be a count or an amount")
                        .with_label(a.name.span, format!("`{}` is declared here", w.name))
                        .with_help("weigh votes by a count or money fact such as `population` or `contribution`"),
                    );
                }
            }
        }
    }

    fn attribute_type(&mut self, a: &'a Attribute) -> Ty<'a> {
        match &a.kind {
            AttributeKind::Declared(t) => declared(t),
            AttributeKind::Derived(e) => {
                if self.depth > 16 {
                    return Ty::Unknown;
                }
                self.depth += 1;
                // Errors inside the definition are reported where it is checked.
                let saved = self.diagnostics.len();
                let (ty, _) = self.infer(e);
                self.diagnostics.truncate(saved);
                self.depth -= 1;
                ty
            }
        }
    }

    /// The attribute a path names: `gdp` (a member fact) or `world.population`.
    fn path(&mut self, segments: &'a [Ident]) -> Option<Ty<'a>> {
        let model = self.model;
        match segments {
            [name] => model.member_attribute(&name.name).map(|a| self.attribute_type(a)),
            [entity, name] => {
                let schema = model.facts.get(entity.name.as_str())?;
                let a = schema.attributes.get(name.name.as_str())?;
                Some(self.attribute_type(a))
            }
            _ => None,
        }
    }

    fn unknown_path(&mut self, segments: &[Ident], span: Span) {
        let model = self.model;
        let name = Ident {
            name: segments.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join("."),
            span,
        };
        let (candidates, help): (Vec<String>, String) = match segments {
            [entity, _] if model.facts.contains_key(entity.name.as_str()) => (
                model
                    .facts
                    .get(entity.name.as_str())
                    .into_iter()
                    .flat_map(|s| s.attributes.keys().map(|a| format!("{}.{a}", entity.name)))
                    .collect(),
                format!("declare it in `facts {} {{ ... }}`", entity.name),
            ),
            [_, _] => (
                model
                    .facts
                    .iter()
                    .flat_map(|(e, s)| s.attributes.keys().map(move |a| format!("{e}.{a}")))
                    .collect(),
                "facts are `member` attributes (`gdp`) or `ENTITY.attribute` (`world.population`)".to_string(),
            ),
            _ => (
                model
                    .facts
                    .get("member")
                    .into_iter()
                    .flat_map(|s| s.attributes.keys().map(|a| a.to_string()))
                    .collect(),
                "declare it in `facts member { ... }`".to_string(),
            ),
        };
        let mut d = undefined(Code::E0107, "fact", &name, candidates.iter().map(String::as_str), &help);
        // `democratic = yes`: the drafter meant a truth value, not a fact.
        if let [word] = segments {
            if ["yes", "no", "True", "False", "TRUE", "FALSE", "Yes", "No"].contains(&word.name.as_str()) {
                d.help = Some("a truth value is written `true` or `false`".to_string());
            }
        }
        self.diagnostics.push(d);
    }

    /// The type of `e`, and its value when it is a constant.
    fn infer(&mut self, e: &'a Expr) -> (Ty<'a>, Option<Rational>) {
        match &e.kind {
            // A figure reported unusable has no type to compare or add.
            ExprKind::Number(n) if n.fault => (Ty::Unknown, None),
            ExprKind::Number(n) => (number_type(n), Some(n.value)),
            ExprKind::Bool { .. } | ExprKind::AuthorisedBy { .. } | ExprKind::RatifiedBy { .. } => (Ty::Bool, None),
            ExprKind::MemberCount => (Ty::Count, None),
            ExprKind::MembersWith { condition } => {
                let (ty, _) = self.infer(condition);
                if ty != Ty::Bool && ty != Ty::Unknown {
                    self.not_a_condition(condition, ty);
                }
                (Ty::Count, None)
            }
            ExprKind::Total { attribute } => match self.model.member_attribute(&attribute.name) {
                Some(a) => {
                    let ty = self.attribute_type(a);
                    if !ty.is_numeric() {
                        self.arithmetic_error("total", ty, Ty::Count, attribute.span, attribute.span);
                        return (Ty::Unknown, None);
                    }
                    (ty, None)
                }
                None => {
                    self.unknown_path(std::slice::from_ref(attribute), attribute.span);
                    (Ty::Unknown, None)
                }
            },
            ExprKind::Path { segments } => match self.path(segments) {
                Some(ty) => (ty, None),
                None => {
                    self.unknown_path(segments, e.span);
                    (Ty::Unknown, None)
                }
            },
            ExprKind::Unary { op, operand } => {
                let (ty, value) = self.infer(operand);
                match op {
                    UnaryOp::Not => {
                        if ty != Ty::Bool && ty != Ty::Unknown {
                            self.not_a_condition(operand, ty);
                        }
                        (Ty::Bool, None)
                    }
                    UnaryOp::Neg => {
                        if !ty.is_numeric() {
                            self.diagnostics.push(
                                Diagnostic::new(Code::E0203, e.span, format!("cannot negate {}", ty.describe()))
                                    .with_primary_label(format!("this is {}", ty.describe()))
                                    .with_help("only numbers can be negated"),
                            );
                            return (Ty::Unknown, None);
                        }
                        let value = value.and_then(|v| self.fold(e.span, Rational::new(v.num.checked_neg()?, v.den)));
                        (ty, value)
                    }
                }
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(e, *op, lhs, rhs),
        }
    }

    fn fold(&mut self, span: Span, value: Option<Rational>) -> Option<Rational> {
        if value.is_none() {
            self.diagnostics.push(
                Diagnostic::new(Code::E0204, span, "this constant overflows")
                    .with_primary_label("the result is too large to compute exactly")
                    .with_help("use smaller numbers or a scale word; treatyc computes exactly and never rounds"),
            );
        }
        value
    }

    fn binary(&mut self, e: &'a Expr, op: BinaryOp, lhs: &'a Expr, rhs: &'a Expr) -> (Ty<'a>, Option<Rational>) {
        // An enumeration compared with one of its variants, written as a bare name.
        if matches!(op, BinaryOp::Eq | BinaryOp::Ne) {
            if let Some(ty) = self
                .variant_comparison(lhs, rhs)
                .or_else(|| self.variant_comparison(rhs, lhs))
            {
                return (ty, None);
            }
        }
        let (lt, lv) = self.infer(lhs);
        if is_comparison(op) {
            self.types.insert(lhs.span, lt);
        }
        let (rt, rv) = self.infer(rhs);
        if lt == Ty::Unknown || rt == Ty::Unknown {
            return (
                if matches!(op, BinaryOp::And | BinaryOp::Or) || is_comparison(op) {
                    Ty::Bool
                } else {
                    Ty::Unknown
                },
                None,
            );
        }
        match op {
            BinaryOp::And | BinaryOp::Or => {
                for (side, ty) in [(lhs, lt), (rhs, rt)] {
                    if ty != Ty::Bool {
                        self.not_a_condition(side, ty);
                    }
                }
                (Ty::Bool, None)
            }
            _ if is_comparison(op) => {
                let ordered = !matches!(op, BinaryOp::Eq | BinaryOp::Ne);
                let ok = compatible(lt, rt)
                    && !(ordered && (matches!(lt, Ty::Bool | Ty::Enum(_)) || matches!(rt, Ty::Bool | Ty::Enum(_))));
                if !ok {
                    self.diagnostics.push(
                        // One label per side, the left one primary: a label for the
                        // whole comparison would stack on the left one's column.
                        Diagnostic::new(
                            Code::E0201,
                            lhs.span,
                            format!("cannot compare {} with {}", lt.describe(), rt.describe()),
                        )
                        .with_primary_label(format!("this is {}", lt.describe()))
                        .with_label(rhs.span, format!("this is {}", rt.describe()))
                        .with_help(comparison_help(lt, rt)),
                    );
                }
                (Ty::Bool, None)
            }
            BinaryOp::Of => {
                if !matches!(lt, Ty::Ratio | Ty::Number) || !rt.is_numeric() {
                    self.arithmetic_error("of", lt, rt, lhs.span, rhs.span);
                    return (Ty::Unknown, None);
                }
                let value = match (lv, rv) {
                    (Some(a), Some(b)) => self.fold(e.span, a.checked_mul(b)),
                    _ => None,
                };
                (rt, value)
            }
            BinaryOp::Add | BinaryOp::Sub => {
                let Some(ty) = sum_type(lt, rt) else {
                    self.arithmetic_error(if op == BinaryOp::Add { "+" } else { "-" }, lt, rt, lhs.span, rhs.span);
                    return (Ty::Unknown, None);
                };
                let value = match (lv, rv) {
                    (Some(a), Some(b)) if op == BinaryOp::Add => self.fold(e.span, a.checked_add(b)),
                    (Some(a), Some(b)) => {
                        let negated = Rational::new(b.num.checked_neg().unwrap_or(i128::MAX), b.den);
                        self.fold(e.span, negated.and_then(|nb| a.checked_add(nb)))
                    }
                    _ => None,
                };
                (ty, value)
            }
            BinaryOp::Mul => {
                let Some(ty) = product_type(lt, rt) else {
                    self.arithmetic_error("*", lt, rt, lhs.span, rhs.span);
                    return (Ty::Unknown, None);
                };
                let value = match (lv, rv) {
                    (Some(a), Some(b)) => self.fold(e.span, a.checked_mul(b)),
                    _ => None,
                };
                (ty, value)
            }
            BinaryOp::Div => {
                let Some(ty) = quotient_type(lt, rt) else {
                    self.arithmetic_error("/", lt, rt, lhs.span, rhs.span);
                    return (Ty::Unknown, None);
                };
                if rv.is_some_and(|v| v.num == 0) {
                    self.diagnostics.push(
                        Diagnostic::new(Code::E0015, rhs.span, "division by zero")
                            .with_primary_label("this is zero")
                            .with_help("divide by a quantity that cannot be zero"),
                    );
                    return (ty, None);
                }
                let value = match (lv, rv) {
                    (Some(a), Some(b)) => self.fold(e.span, a.checked_div(b)),
                    _ => None,
                };
                (ty, value)
            }
            _ => (Ty::Unknown, None),
        }
    }

    /// `status = free`: `free` is a variant of the enumeration `status`.
    fn variant_comparison(&mut self, value: &'a Expr, variant: &'a Expr) -> Option<Ty<'a>> {
        let ExprKind::Path { segments } = &variant.kind else {
            return None;
        };
        let [name] = segments.as_slice() else { return None };
        if self.model.member_attribute(&name.name).is_some() {
            return None;
        }
        let saved = self.diagnostics.len();
        let (ty, _) = self.infer(value);
        self.types.insert(value.span, ty);
        let Ty::Enum(variants) = ty else {
            self.diagnostics.truncate(saved);
            return None;
        };
        if !variants.iter().any(|v| v.name == name.name) {
            let d = undefined(
                Code::E0107,
                "value of this enumeration",
                name,
                variants.iter().map(|v| v.name.as_str()),
                &format!(
                    "the values are {}",
                    variants
                        .iter()
                        .map(|v| format!("`{}`", v.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            self.diagnostics.push(d);
        }
        Some(Ty::Bool)
    }

    fn arithmetic_error(&mut self, op: &str, lt: Ty<'_>, rt: Ty<'_>, ls: Span, rs: Span) {
        let mut d = Diagnostic::new(
            Code::E0203,
            ls,
            format!("`{op}` cannot combine {} and {}", lt.describe(), rt.describe()),
        )
        .with_primary_label(format!("this is {}", lt.describe()));
        if ls != rs {
            d = d.with_label(rs, format!("this is {}", rt.describe()));
        }
        let help = if op == "of" {
            "`of` takes a share on its left and a quantity on its right: `2% of gdp`"
        } else {
            "combine quantities of the same kind (money with money, counts with counts), or scale one by a share"
        };
        self.diagnostics.push(d.with_help(help));
    }
}

fn is_comparison(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
    )
}

fn number_type(n: &Number) -> Ty<'static> {
    match (n.kind, n.unit) {
        (NumberKind::Percent | NumberKind::Fraction, _) => Ty::Ratio,
        (_, Some(u)) if u.is_currency() => Ty::Money,
        (_, Some(Unit::Members | Unit::Seats | Unit::Votes | Unit::States | Unit::People)) => Ty::Count,
        _ => Ty::Number,
    }
}

/// Whether two types can be compared.
fn compatible(a: Ty<'_>, b: Ty<'_>) -> bool {
    match (a, b) {
        (Ty::Number, t) | (t, Ty::Number) => t.is_numeric(),
        (Ty::Score, Ty::Ratio) | (Ty::Ratio, Ty::Score) => false,
        (Ty::Enum(x), Ty::Enum(y)) => std::ptr::eq(x, y),
        _ => a == b,
    }
}

fn comparison_help(a: Ty<'_>, b: Ty<'_>) -> String {
    match (a, b) {
        (Ty::Money, Ty::Ratio) | (Ty::Ratio, Ty::Money) => {
            "to compare money with a share of money, write the share `of` it: `defence_spending >= 2% of gdp`"
                .to_string()
        }
        _ => "compare like with like: money with money, counts with counts, shares with shares".to_string(),
    }
}

fn sum_type<'a>(a: Ty<'a>, b: Ty<'a>) -> Option<Ty<'a>> {
    match (a, b) {
        (Ty::Number, t) | (t, Ty::Number) if t.is_numeric() => Some(t),
        (Ty::Year, Ty::Count) | (Ty::Count, Ty::Year) => Some(Ty::Year),
        _ if a == b && a.is_numeric() => Some(a),
        _ => None,
    }
}

fn product_type<'a>(a: Ty<'a>, b: Ty<'a>) -> Option<Ty<'a>> {
    match (a, b) {
        (Ty::Number | Ty::Ratio, t) | (t, Ty::Number | Ty::Ratio) if t.is_numeric() && !matches!(t, Ty::Year) => {
            Some(t)
        }
        // A count of people times money per head is money.
        (Ty::Count, Ty::Money) | (Ty::Money, Ty::Count) => Some(Ty::Money),
        _ => None,
    }
}

fn quotient_type<'a>(a: Ty<'a>, b: Ty<'a>) -> Option<Ty<'a>> {
    match (a, b) {
        (t, Ty::Number | Ty::Ratio) if t.is_numeric() && !matches!(t, Ty::Year) => Some(t),
        (Ty::Number, Ty::Number) => Some(Ty::Number),
        // Money per head.
        (Ty::Money, Ty::Count) => Some(Ty::Money),
        _ if a == b && matches!(a, Ty::Count | Ty::Money | Ty::Score) => Some(Ty::Ratio),
        _ => None,
    }
}
