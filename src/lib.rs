//! treatyc: a compiler for a declarative treaty language.
//!
//! The pipeline reads top to bottom: `syntax` turns text into the `ast`; `model`
//! computes each stage's treaty and resolves its names and types; `graph` builds
//! the institution graph; `check` finds contradictions. Every stage returns data plus diagnostics and keeps going; only
//! `cli` does input and output.

pub mod amend;
pub mod ast;
pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod eval;
pub mod facts;
pub mod graph;
pub mod ir;
pub mod model;
pub mod power;
pub mod rational;
pub mod scenario;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod voting;

use ast::Document;
use diagnostics::Diagnostic;
use source::{FileId, SourceMap};

/// One source file read and parsed.
#[derive(Debug)]
pub struct Unit {
    pub file: FileId,
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Adds a file's bytes to `sources` and parses it.
pub fn parse_source(sources: &mut SourceMap, name: &str, bytes: &[u8]) -> Unit {
    let (text, decode_error) = syntax::decode(sources.next_id(), bytes);
    let file = sources.add(name, text);
    if let Some(d) = decode_error {
        return Unit {
            file,
            document: None,
            diagnostics: vec![d],
        };
    }
    let parsed = syntax::parse(file, sources.text(file));
    let mut diagnostics = parsed.diagnostics;
    diagnostics::sort(&mut diagnostics);
    Unit {
        file,
        document: parsed.document,
        diagnostics,
    }
}

/// Parses and checks one file. The semantic checks run only on a treaty that
/// parsed without error, so that they never report the echo of a syntax error.
pub fn check_source(sources: &mut SourceMap, name: &str, bytes: &[u8], config: &check::Config) -> Unit {
    let mut unit = parse_source(sources, name, bytes);
    if unit.diagnostics.iter().any(Diagnostic::is_error) {
        return unit;
    }
    if let Some(Document::Treaty(treaty)) = &unit.document {
        unit.diagnostics.extend(check::check_treaty(treaty, config));
        diagnostics::sort(&mut unit.diagnostics);
    }
    unit
}

/// Compiles a treaty file's stage to the rule IR. A treaty with errors yields them
/// instead; an unknown stage is an error message.
pub fn compile_to_ir(
    sources: &mut SourceMap,
    name: &str,
    bytes: &[u8],
    stage: Option<&str>,
) -> Result<Result<ir::Program, Vec<Diagnostic>>, String> {
    let unit = check_source(sources, name, bytes, &check::Config::default());
    if unit.diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(Err(unit.diagnostics));
    }
    let Some(Document::Treaty(treaty)) = &unit.document else {
        return Err(format!("`{name}` is an amendment, not a treaty"));
    };
    let (views, _) = model::views(treaty);
    let view = views
        .iter()
        .find(|v| v.stage.map(|s| s.name.name.as_str()) == stage)
        .ok_or_else(|| {
            let names: Vec<String> = views
                .iter()
                .filter_map(|v| v.stage.map(|s| format!("`{}`", s.name.name)))
                .collect();
            format!(
                "`{name}` has no stage `{}`; its stages are {}",
                stage.unwrap_or(""),
                names.join(", ")
            )
        })?;
    let (m, _) = model::Model::build(view);
    Ok(Ok(ir::lower(&m, sources)))
}
