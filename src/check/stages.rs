//! Stages that can never be entered.
//!
//! A stage's entry condition is decided like any other condition (see `logic`):
//! aggregates such as `total population of members` are unknowns of their own, so
//! a condition is reported only when it contradicts itself whatever the figures.
//! A stage on the ladder after one that can never be entered cannot be entered
//! either, and is reported at its `after`.

use std::collections::BTreeMap;

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;
use crate::source::Span;

use super::logic::{solve, Answer};
use super::translate::Translator;

pub fn check(model: &Model<'_>) -> Vec<Diagnostic> {
    let stages: Vec<&Stage> = model.treaty.stages().collect();
    let mut out = Vec::new();
    // Why each stage can never be entered: its own condition, or the stage before it.
    let mut never: BTreeMap<&str, Span> = BTreeMap::new();
    for stage in &stages {
        let Some(entry) = &stage.entry else { continue };
        let mut t = Translator::new(model);
        let f = t.condition(entry);
        let answer = solve(&t.vars, &f);
        if answer == Answer::Unknown {
            out.push(
                Diagnostic::new(
                    Code::W0305,
                    entry.span,
                    format!(
                        "whether stage `{}` can ever be entered was not decided: the analysis was cut short",
                        stage.name.name
                    ),
                )
                .with_primary_label("this entry condition expands past the solver's limits")
                .with_help("write the condition with fewer alternatives, or name parts of it as derived facts"),
            );
        }
        if answer == Answer::Unsat {
            never.insert(stage.name.name.as_str(), entry.span);
            out.push(
                Diagnostic::new(
                    Code::E0113,
                    entry.span,
                    format!("stage `{}` can never be entered", stage.name.name),
                )
                .with_primary_label("this entry condition cannot hold, whatever the facts")
                .with_help("correct the thresholds so that some figures meet them all"),
            );
        }
    }
    // Follow the ladder once: for each stage, the nearest stage before it that can
    // never be entered, remembered so that a long ladder costs linear time. A
    // cycle (E0112) ends a walk, as it is reported there.
    let by_name: BTreeMap<&str, &Stage> = stages.iter().map(|s| (s.name.name.as_str(), *s)).collect();
    let mut broken: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for stage in &stages {
        let mut path: Vec<&str> = Vec::new();
        let mut on_path: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        let mut current = *stage;
        let found = loop {
            let Some(previous) = current.after.as_ref().and_then(|a| by_name.get(a.name.as_str())) else {
                break None;
            };
            let name = previous.name.name.as_str();
            if never.contains_key(name) {
                break Some(name);
            }
            if let Some(known) = broken.get(name) {
                break *known;
            }
            if !on_path.insert(name) {
                break None;
            }
            path.push(name);
            current = previous;
        };
        for name in path {
            broken.insert(name, found);
        }
        broken.insert(stage.name.name.as_str(), found);
        if never.contains_key(stage.name.name.as_str()) {
            continue;
        }
        if let Some(cause_name) = found {
            let Some(cause) = never.get(cause_name) else { continue };
            let own = stage.after.as_ref().map_or(stage.name.span, |a| a.span);
            out.push(
                Diagnostic::new(
                    Code::E0113,
                    own,
                    format!(
                        "stage `{}` can never be entered: it comes after `{cause_name}`, which can never be entered",
                        stage.name.name
                    ),
                )
                .with_primary_label("the ladder to this stage is broken")
                .with_label(*cause, format!("`{cause_name}` can never be entered"))
                .with_help(format!(
                    "correct the entry condition of `{cause_name}`, or place this stage after another"
                )),
            );
        }
    }
    out
}
