//! An act named by a fact's name is the fact.
//!
//! A provision's action is a named act (`assist attacked_member`) or a constraint
//! on facts (`defence_spending >= 2% of gdp`); the grammar tells them apart by a
//! comparison on the line. `every member must not nuclear`, where the treaty
//! declares `facts member { nuclear: bool }`, has none, and read as an act it
//! would never be breached by a member whose `nuclear` is true (issue #23). A
//! drafter who names a declared fact means the fact: a one-word action of members
//! (or candidates) that is a fact of members is read as that fact, so `must not nuclear` is breached where
//! `nuclear` is true and `must nuclear` where it is false. A fact that is not true
//! or false (`must gdp`) then reads as a constraint that is no condition, which
//! the type checker reports (E0202) with how to compare it.
//!
//! This runs on the syntax tree of each document, before any model is built,
//! so that the checker, the rule IR, `eval` and the language server all read
//! one meaning. An amendment is read against its own facts; a fact its treaty
//! declares is caught when the amended treaty is resolved (E0125).

use std::collections::BTreeSet;

use crate::ast::*;

/// Reads every one-word act of `document` on members or candidates that names a
/// fact of members as that fact.
pub fn read_facts(document: &mut Document) {
    let mut facts = BTreeSet::new();
    match &*document {
        Document::Treaty(t) => t.items.iter().for_each(|i| member_facts(i, &mut facts)),
        Document::Amendment(a) => a
            .changes
            .iter()
            .filter_map(changed)
            .for_each(|i| member_facts(i, &mut facts)),
    }
    if facts.is_empty() {
        return;
    }
    match document {
        Document::Treaty(t) => {
            for item in &mut t.items {
                rewrite(item, &facts);
            }
        }
        Document::Amendment(a) => {
            for change in &mut a.changes {
                if let Some(item) = changed_mut(change) {
                    rewrite(item, &facts);
                }
            }
        }
    }
}

/// The fact of members a one-word act names, if it names one: the phrase is
/// one word (`nuclear`, not `use force`).
pub fn fact_named(phrase: &str, is_fact: impl Fn(&str) -> bool) -> Option<&str> {
    (!phrase.contains(char::is_whitespace) && is_fact(phrase)).then_some(phrase)
}

fn changed(change: &Change) -> Option<&Item> {
    match change {
        Change::Add { item, .. } | Change::Insert { item, .. } | Change::Replace { item, .. } => Some(item),
        Change::Remove { .. } | Change::Repeal { .. } | Change::Text(_) => None,
    }
}

fn changed_mut(change: &mut Change) -> Option<&mut Item> {
    match change {
        Change::Add { item, .. } | Change::Insert { item, .. } | Change::Replace { item, .. } => Some(item),
        Change::Remove { .. } | Change::Repeal { .. } | Change::Text(_) => None,
    }
}

/// The names of the facts of members declared in an item, at any depth (an
/// article's facts, a stage's added facts).
fn member_facts(item: &Item, into: &mut BTreeSet<String>) {
    match item {
        Item::Facts(schema) if schema.entity.name == "member" => {
            into.extend(schema.attributes.iter().map(|a| a.name.name.clone()));
        }
        Item::Article(a) => {
            for i in &a.items {
                member_facts(i, into);
            }
        }
        Item::Stage(s) => {
            for i in s.changes.iter().filter_map(changed) {
                member_facts(i, into);
            }
        }
        _ => {}
    }
}

fn rewrite(item: &mut Item, facts: &BTreeSet<String>) {
    match item {
        // A fact of members is the subject's own only when the subject is members
        // (or candidates, who have the same facts): `Council must not nuclear`
        // stays an act, which resolution reports.
        Item::Provision(p) if matches!(p.subject, Subject::EveryMember { .. } | Subject::EveryCandidate { .. }) => {
            if let Action::Named { phrase, span } = &p.action {
                if let Some(name) = fact_named(phrase, |w| facts.contains(w)) {
                    let fact = Expr {
                        kind: ExprKind::Path {
                            segments: vec![Ident {
                                name: name.to_string(),
                                span: *span,
                            }],
                        },
                        span: *span,
                    };
                    p.action = Action::Constraint { expr: fact };
                }
            }
        }
        Item::Article(a) => {
            for i in &mut a.items {
                rewrite(i, facts);
            }
        }
        Item::Stage(s) => {
            for c in &mut s.changes {
                if let Some(i) = changed_mut(c) {
                    rewrite(i, facts);
                }
            }
        }
        _ => {}
    }
}
