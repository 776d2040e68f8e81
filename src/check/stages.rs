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
        if solve(&t.vars, &f) == Answer::Unsat {
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
    // Follow the ladder; a cycle (E0112) ends the walk, as it is reported there.
    let by_name: BTreeMap<&str, &Stage> = stages.iter().map(|s| (s.name.name.as_str(), *s)).collect();
    for stage in &stages {
        if never.contains_key(stage.name.name.as_str()) {
            continue;
        }
        let mut current = *stage;
        let mut steps = 0;
        while let Some(after) = &current.after {
            steps += 1;
            let Some(previous) = by_name.get(after.name.as_str()) else {
                break;
            };
            if steps > stages.len() {
                break;
            }
            if let Some(cause) = never.get(previous.name.name.as_str()) {
                let own = stage.after.as_ref().map_or(stage.name.span, |a| a.span);
                out.push(
                    Diagnostic::new(
                        Code::E0113,
                        own,
                        format!(
                            "stage `{}` can never be entered: it comes after `{}`, which can never be entered",
                            stage.name.name, previous.name.name
                        ),
                    )
                    .with_primary_label("the ladder to this stage is broken")
                    .with_label(*cause, format!("`{}` can never be entered", previous.name.name))
                    .with_help(format!(
                        "correct the entry condition of `{}`, or place this stage after another",
                        previous.name.name
                    )),
                );
                break;
            }
            current = previous;
        }
    }
    out
}
