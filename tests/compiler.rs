//! The integration tests: one binary, one module per concern.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "compiler/amend.rs"]
mod amend;
#[path = "compiler/apportion.rs"]
mod apportion;
#[path = "compiler/browser.rs"]
mod browser;
#[path = "compiler/check.rs"]
mod check;
#[path = "compiler/cli.rs"]
mod cli;
#[path = "compiler/command.rs"]
mod command;
#[path = "compiler/coverage.rs"]
mod coverage;
#[path = "compiler/diagram_geometry.rs"]
mod diagram_geometry;
#[path = "compiler/doc.rs"]
mod doc;
#[path = "compiler/docs.rs"]
mod docs;
#[path = "compiler/eval.rs"]
mod eval;
#[path = "compiler/examples.rs"]
mod examples;

#[path = "compiler/fairness.rs"]
mod fairness;
#[path = "compiler/fmt.rs"]
mod fmt;
#[path = "compiler/graph.rs"]
mod graph;
#[path = "compiler/habits.rs"]
mod habits;
#[path = "compiler/ir.rs"]
mod ir;
#[path = "compiler/kernel.rs"]
mod kernel;
#[path = "compiler/lsp.rs"]
mod lsp;
#[path = "compiler/pipes.rs"]
mod pipes;
#[path = "compiler/properties.rs"]
mod properties;
#[path = "compiler/robustness.rs"]
mod robustness;
#[path = "compiler/sarif.rs"]
mod sarif;
#[path = "compiler/scale.rs"]
mod scale;
#[path = "compiler/support.rs"]
mod support;
#[path = "compiler/syntax.rs"]
mod syntax;
#[path = "compiler/time.rs"]
mod time;
#[path = "compiler/treaties.rs"]
mod treaties;
