//! The integration tests: one binary, one module per concern.

#[path = "compiler/cli.rs"]
mod cli;
#[path = "compiler/docs.rs"]
mod docs;
#[path = "compiler/support.rs"]
mod support;
#[path = "compiler/syntax.rs"]
mod syntax;
#[path = "compiler/treaties.rs"]
mod treaties;
