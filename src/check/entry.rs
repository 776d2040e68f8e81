//! E1012: an entry into force no set of ratifications can bring about.
//!
//! `in force ... after ratification by N members and P% of FACT including ...`
//! waits for deposits by the parties; a condition that asks for more parties than
//! the treaty has, a weight that is not a quantity every party has, or the
//! permanent members of a body that has none, can never be met: the treaty would
//! never enter into force, and no scenario could say so.

use crate::ast::{AttributeKind, EntryPart, FactType};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;

pub fn check(m: &Model<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(condition) = m.entry_condition else {
        return out;
    };
    let parties = m.parties.len();
    let never = |at, message: String, label: &str, help: String| {
        Diagnostic::new(Code::E1012, at, message)
            .with_primary_label(label.to_string())
            .with_help(help)
    };
    if parties == 0 {
        out.push(never(
            condition.span,
            "the treaty waits for ratifications but lists no parties".to_string(),
            "no party can ratify",
            "list the states that may ratify in `parties { ... }`".to_string(),
        ));
        return out;
    }
    for part in &condition.parts {
        match part {
            EntryPart::Count { count } if !count.fault => {
                let asked = count.as_integer().unwrap_or(0);
                if asked > i128::try_from(parties).unwrap_or(i128::MAX) {
                    out.push(never(
                        count.span,
                        format!("the treaty waits for {asked} ratifications but has {parties} parties"),
                        "more than every party",
                        format!("at most {parties} parties can ratify: lower the number, or list the missing parties"),
                    ));
                }
            }
            EntryPart::Weight { fact, .. } => {
                let quantity = match m.member_attribute(&fact.name).map(|a| &a.kind) {
                    Some(AttributeKind::Declared(t)) => match t {
                        FactType::Count | FactType::Money | FactType::Ratio | FactType::Percent => None,
                        FactType::Score { .. } => None,
                        FactType::Bool | FactType::Enumeration { .. } => {
                            Some("is true or false, or one of named values")
                        }
                        FactType::Year => Some("is a year"),
                    },
                    Some(AttributeKind::Derived(_)) => Some("is derived from other facts, not given per party"),
                    None => Some("is not a member fact the treaty declares"),
                };
                if let Some(why) = quantity {
                    out.push(never(
                        fact.span,
                        format!("a share of `{}` cannot be counted: `{}` {why}", fact.name, fact.name),
                        "not a quantity each party has",
                        format!(
                            "declare it in `facts member {{ {}: count }}` (or `money`, `ratio`, `percent`) and give it per party in the facts file",
                            fact.name
                        ),
                    ));
                }
            }
            EntryPart::IncludingPermanent { body, span } => {
                let seats = m
                    .resolution
                    .body(body)
                    .map(|id| m.bodies.get(id).node.permanent_seats.len());
                if seats == Some(0) {
                    out.push(never(
                        *span,
                        format!("`{}` has no permanent seats to include", body.name),
                        "no permanent members",
                        format!(
                            "write `permanent seats: ...` in `{}`, or name the states: `including CHN, FRA`",
                            body.name
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
    out
}
