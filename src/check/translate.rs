//! Fact expressions as formulas for the solver.
//!
//! Member facts become variables named as written (`gdp`); other entities are
//! qualified (`situation.armed_attack`, `world.population`). Derived facts are
//! replaced by their definitions. Anything non-linear becomes an opaque variable
//! named by its text, so the same text always means the same unknown.

use crate::ast::*;
use crate::model::types::{declared, Ty};
use crate::model::Model;

use super::logic::{Formula, Linear, Rel, Var, VarKind, Vars};

pub struct Translator<'m, 'a> {
    model: &'m Model<'a>,
    pub vars: Vars,
    depth: usize,
}

impl<'m, 'a> Translator<'m, 'a> {
    pub fn new(model: &'m Model<'a>) -> Self {
        Translator {
            model,
            vars: Vars::default(),
            depth: 0,
        }
    }

    /// The formula of a condition.
    pub fn condition(&mut self, e: &'a Expr) -> Formula {
        match &e.kind {
            ExprKind::Bool { value } => {
                if *value {
                    Formula::True
                } else {
                    Formula::False
                }
            }
            ExprKind::Unary {
                op: UnaryOp::Not,
                operand,
            } => Formula::negate(self.condition(operand)),
            ExprKind::Binary {
                op: BinaryOp::And,
                lhs,
                rhs,
            } => Formula::And(vec![self.condition(lhs), self.condition(rhs)]),
            ExprKind::Binary {
                op: BinaryOp::Or,
                lhs,
                rhs,
            } => Formula::Or(vec![self.condition(lhs), self.condition(rhs)]),
            ExprKind::Binary { op, lhs, rhs } if op.is_comparison() => self.comparison(e, *op, lhs, rhs),
            ExprKind::Path { .. } => match self.attribute(e) {
                Some((name, a)) => match &a.kind {
                    AttributeKind::Derived(d) if self.depth < 16 => {
                        self.depth += 1;
                        let f = self.condition(d);
                        self.depth -= 1;
                        f
                    }
                    _ => Formula::Bool(self.vars.intern(&name, VarKind::Bool), true),
                },
                None => self.opaque_bool(e),
            },
            _ => self.opaque_bool(e),
        }
    }

    fn opaque_bool(&mut self, e: &Expr) -> Formula {
        Formula::Bool(self.vars.intern(&render(e), VarKind::Bool), true)
    }

    fn comparison(&mut self, e: &'a Expr, op: BinaryOp, lhs: &'a Expr, rhs: &'a Expr) -> Formula {
        if let Some(f) = self.variant(op, lhs, rhs).or_else(|| self.variant(op, rhs, lhs)) {
            return f;
        }
        // Invariant: the model typed every expression it holds (the treaty as
        // written, every stage's entry condition too); the tests run with it checked.
        let lt = self.model.resolution.type_of(lhs);
        debug_assert!(lt.is_some(), "an expression the model did not type: {}", render(lhs));
        if matches!(lt, Some(Ty::Bool)) && matches!(op, BinaryOp::Eq | BinaryOp::Ne) {
            let (a, b) = (self.condition(lhs), self.condition(rhs));
            let same = Formula::Or(vec![
                Formula::And(vec![a.clone(), b.clone()]),
                Formula::And(vec![Formula::negate(a), Formula::negate(b)]),
            ]);
            return if op == BinaryOp::Eq {
                same
            } else {
                Formula::negate(same)
            };
        }
        let (Some(l), Some(r)) = (self.linear(lhs), self.linear(rhs)) else {
            return self.opaque_bool(e);
        };
        // l OP r  as  (l - r) REL 0, or (r - l) REL 0.
        let (diff, rel) = match op {
            BinaryOp::Ge => (l.sub(&r), Rel::Ge),
            BinaryOp::Gt => (l.sub(&r), Rel::Gt),
            BinaryOp::Le => (r.sub(&l), Rel::Ge),
            BinaryOp::Lt => (r.sub(&l), Rel::Gt),
            BinaryOp::Eq => (l.sub(&r), Rel::Eq),
            _ => (l.sub(&r), Rel::Eq),
        };
        let Some(diff) = diff else { return self.opaque_bool(e) };
        let f = Formula::Lin(diff, rel);
        if op == BinaryOp::Ne {
            Formula::negate(f)
        } else {
            f
        }
    }

    /// `status = free` when `free` is a variant of the enumeration `status`.
    fn variant(&mut self, op: BinaryOp, value: &'a Expr, variant: &'a Expr) -> Option<Formula> {
        if !matches!(op, BinaryOp::Eq | BinaryOp::Ne) {
            return None;
        }
        let ExprKind::Path { segments: vs } = &variant.kind else {
            return None;
        };
        let [v] = vs.as_slice() else { return None };
        let (name, a) = self.attribute(value)?;
        let AttributeKind::Declared(FactType::Enumeration { variants }) = &a.kind else {
            return None;
        };
        if !variants.iter().any(|x| x.name == v.name) {
            return None;
        }
        let all: Vec<String> = variants.iter().map(|x| x.name.clone()).collect();
        self.vars.declare_group(&name, &all);
        let var = self.vars.intern(
            &format!("{name} = {}", v.name),
            VarKind::Variant {
                group: name.clone(),
                variant: v.name.clone(),
            },
        );
        Some(Formula::Bool(var, op == BinaryOp::Eq))
    }

    /// The attribute a fact expression reads (as resolved), with the variable
    /// name it gets.
    fn attribute(&self, e: &Expr) -> Option<(String, &'a Attribute)> {
        let ExprKind::Path { segments } = &e.kind else {
            return None;
        };
        let a = self.model.fact_of(e)?;
        let name = match segments.as_slice() {
            [name] => name.name.clone(),
            [entity, name] if entity.name == "member" => name.name.clone(),
            [entity, name] => format!("{}.{}", entity.name, name.name),
            _ => return None,
        };
        Some((name, a))
    }

    fn numeric_var(&mut self, name: &str, t: &FactType) -> Var {
        let zero = Some(Rational::ZERO);
        let (lower, upper, positive) = match t {
            FactType::Count | FactType::Money => (zero, None, true),
            FactType::Percent => (zero, Some(Rational::ONE), false),
            // An empty range was reported (E0014); the score is then left unbounded.
            FactType::Score { min, max } if !min.fault && !max.fault => (Some(min.value), Some(max.value), false),
            _ => (None, None, false),
        };
        self.vars.intern(name, VarKind::Number { lower, upper, positive })
    }

    /// The linear form of a numeric expression, or `None` when it overflows.
    pub fn linear(&mut self, e: &'a Expr) -> Option<Linear> {
        match &e.kind {
            ExprKind::Number(n) if n.fault => None,
            ExprKind::Number(n) => Some(Linear::constant(n.value)),
            ExprKind::Path { .. } => {
                let (name, a) = self.attribute(e)?;
                match &a.kind {
                    AttributeKind::Declared(t) if !matches!(declared(t), Ty::Bool | Ty::Enum(_)) => {
                        Some(Linear::var(self.numeric_var(&name, t)))
                    }
                    AttributeKind::Derived(d) if self.depth < 16 => {
                        self.depth += 1;
                        let l = self.linear(d);
                        self.depth -= 1;
                        l
                    }
                    _ => None,
                }
            }
            ExprKind::Unary {
                op: UnaryOp::Neg,
                operand,
            } => self.linear(operand)?.scale(Rational::integer(-1)),
            ExprKind::Binary { op, lhs, rhs } => {
                let (l, r) = (self.linear(lhs)?, self.linear(rhs)?);
                match op {
                    BinaryOp::Add => l.add(&r),
                    BinaryOp::Sub => l.sub(&r),
                    BinaryOp::Mul | BinaryOp::Of => match (l.as_constant(), r.as_constant()) {
                        (Some(k), _) => r.scale(k),
                        (_, Some(k)) => l.scale(k),
                        _ => Some(self.opaque_number(e)),
                    },
                    BinaryOp::Div => match r.as_constant() {
                        Some(k) if k.num != 0 => l.scale(Rational::new(k.den, k.num)?),
                        _ => Some(self.opaque_number(e)),
                    },
                    _ => None,
                }
            }
            ExprKind::Total { .. } | ExprKind::MemberCount | ExprKind::MembersWith { .. } => {
                Some(self.opaque_number(e))
            }
            _ => None,
        }
    }

    fn opaque_number(&mut self, e: &Expr) -> Linear {
        Linear::var(self.vars.intern(
            &render(e),
            VarKind::Number {
                lower: None,
                upper: None,
                positive: false,
            },
        ))
    }
}

/// An expression as a drafter would write it, fully parenthesised where needed.
pub fn render(e: &Expr) -> String {
    let mut out = String::new();
    render_into(e, &mut out);
    out
}

/// `render`, written onto the end of `out`: one buffer for a whole expression,
/// and for whatever text it is part of (a provision's signature), rather than a
/// string for every node.
pub fn render_into(e: &Expr, out: &mut String) {
    match &e.kind {
        ExprKind::Number(n) => out.push_str(&n.text),
        ExprKind::Bool { value } => out.push_str(if *value { "true" } else { "false" }),
        ExprKind::Path { segments } => {
            for (i, s) in segments.iter().enumerate() {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(&s.name);
            }
        }
        ExprKind::Unary {
            op: UnaryOp::Not,
            operand,
        } => {
            out.push_str("not ");
            render_into(operand, out);
        }
        ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
        } => {
            out.push('-');
            render_into(operand, out);
        }
        ExprKind::Binary { op, lhs, rhs } => {
            // Parenthesise a side only where the grammar's precedence needs it.
            let side = |x: &Expr, right: bool, out: &mut String| match &x.kind {
                ExprKind::Binary { op: inner, .. }
                    if inner.precedence() < op.precedence() || (right && inner.precedence() == op.precedence()) =>
                {
                    out.push('(');
                    render_into(x, out);
                    out.push(')');
                }
                _ => render_into(x, out),
            };
            side(lhs, false, out);
            out.push(' ');
            out.push_str(op.symbol());
            out.push(' ');
            side(rhs, true, out);
        }
        ExprKind::AuthorisedBy { body } => {
            out.push_str("authorised by ");
            out.push_str(&body.name);
        }
        ExprKind::RatifiedBy { ratifiers } => match &**ratifiers {
            Ratifiers::All { .. } => out.push_str("ratified by all members"),
            Ratifiers::Share { share } => {
                out.push_str("ratified by ");
                out.push_str(&share.text);
                out.push_str(" of members");
            }
        },
        ExprKind::Total { attribute } => {
            out.push_str("total ");
            out.push_str(&attribute.name);
            out.push_str(" of members");
        }
        ExprKind::MemberCount => out.push_str("number of members"),
        ExprKind::MembersWith { condition } => {
            out.push_str("number of members with (");
            render_into(condition, out);
            out.push(')');
        }
    }
}
