//! The checker: every analysis, run on the treaty and on each stage.
//!
//! A problem found in the treaty as written is reported once. A problem that
//! arises only once a stage's changes apply is reported with that stage named,
//! once, at the first stage where it appears.

mod competence;
mod deontic;
pub mod logic;
mod sanctions;
mod translate;
mod voting;

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::facts::FactTable;
use crate::model::{self, Model};
use crate::source::Span;

pub use translate::render;

/// What the checker is told besides the treaty.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// Member facts (`--facts`), for analyses that depend on real figures.
    pub facts: Option<FactTable>,
}

/// Checks a treaty and all its stages.
pub fn check_treaty(treaty: &Treaty, config: &Config) -> Vec<Diagnostic> {
    let (views, mut out) = model::views(treaty);
    let mut seen: BTreeSet<(Code, Span, String)> = BTreeSet::new();
    let mut rule_uses: BTreeMap<&str, (Span, bool)> = BTreeMap::new();
    for view in &views {
        let (m, mut found) = Model::build(view);
        found.extend(model::resolve(&m));
        found.extend(model::types::check(&m));
        found.extend(deontic::check(&m));
        found.extend(competence::check(&m));
        found.extend(voting::check(&m, config.facts.as_ref()));
        found.extend(sanctions::check(&m));
        found.extend(powerless(&m));
        record_rule_uses(&m, &mut rule_uses);
        for mut d in found {
            if !seen.insert((d.code, d.primary.span, d.message.clone())) {
                continue;
            }
            if let Some(stage) = m.stage {
                d.message = format!("{} (in stage `{}`)", d.message, stage.name.name);
                d = d.with_note(format!(
                    "this arises once stage `{}`{} applies; the treaty as written does not have it",
                    stage.name.name,
                    stage
                        .title
                        .as_ref()
                        .map(|t| format!(" ({})", t.value))
                        .unwrap_or_default()
                ));
            }
            out.push(d);
        }
    }
    for (name, (span, used)) in rule_uses {
        if !used {
            out.push(
                Diagnostic::new(Code::W0101, span, format!("voting rule `{name}` is never used"))
                    .with_primary_label("no power, sanction or procedure decides by it")
                    .with_help(format!("use it (`decides DECISION by {name}`), or remove it")),
            );
        }
    }
    out
}

/// Marks each rule as used when any stage's treaty decides by it.
fn record_rule_uses<'a>(m: &Model<'a>, uses: &mut BTreeMap<&'a str, (Span, bool)>) {
    let mut refs: Vec<&RuleRef> = Vec::new();
    for b in m.bodies.values() {
        refs.extend(b.node.powers.iter().map(|p| &p.rule));
    }
    refs.extend(m.sanctions.iter().map(|s| &s.node.rule));
    refs.extend(
        m.procedures
            .iter()
            .filter_map(|p| p.node.adopted_by.as_ref().map(|(_, r)| r)),
    );
    for a in m.articles.values() {
        if let Some(Entrenchment {
            amendable_by: Some(r), ..
        }) = &a.entrenchment
        {
            refs.push(r);
        }
    }
    let used: BTreeSet<&str> = refs
        .into_iter()
        .filter_map(|r| match r {
            RuleRef::Named(id) => Some(id.name.as_str()),
            RuleRef::Builtin { .. } => None,
        })
        .collect();
    for (name, rule) in &m.rules {
        let entry = uses.entry(name).or_insert((rule.node.name.span, false));
        entry.1 |= used.contains(name);
    }
}

/// Internal bodies that decide nothing.
fn powerless(m: &Model<'_>) -> Vec<Diagnostic> {
    m.bodies
        .values()
        .filter(|b| b.node.kind == BodyKind::Internal && b.node.powers.is_empty())
        .map(|b| {
            Diagnostic::new(Code::W0102, b.node.name.span, format!("body `{}` has no powers", b.node.name.name))
                .with_primary_label("it decides nothing")
                .with_help("give it a power (`decides DECISION by RULE`), or declare it an `office` if it is a single office-holder")
        })
        .collect()
}
