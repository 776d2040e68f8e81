//! treatyc: a compiler for a declarative treaty language.
//!
//! The pipeline reads top to bottom: `syntax` turns text into the `ast`; `model`
//! computes each stage's treaty and resolves its names and types; `graph` builds
//! the institution graph; `check` finds contradictions. Every stage returns data plus diagnostics and keeps going; only
//! `cli` does input and output.

pub mod amend;
pub mod apportion;
pub mod ast;
pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod doc;
pub mod entry;
pub mod eval;
pub mod facts;
pub mod fmt;
pub mod graph;
pub mod ir;
pub mod lsp;
pub mod model;
pub mod plot;
pub mod power;
pub mod rational;
pub mod scenario;
pub mod session;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod time;
pub mod timeline;
pub mod voting;
pub mod words;
pub mod work;

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
    // What a name means is settled once, for every phase: an act named by a
    // fact's name is the fact.
    let mut document = parsed.document;
    if let Some(d) = &mut document {
        model::acts::read_facts(d);
    }
    Unit {
        file,
        document,
        diagnostics,
    }
}

/// Parses and checks one file. The semantic checks run only on a treaty that
/// parsed, so that they never report the echo of a syntax error; a faulty figure
/// (a share above 100%, `2/0`) does not stop them.
/// An amendment is parsed only (`amend::lint` checks it against its treaty).
pub fn check_source(sources: &mut SourceMap, name: &str, bytes: &[u8], config: &check::Config) -> Unit {
    let mut unit = parse_source(sources, name, bytes);
    if unit.diagnostics.iter().any(Diagnostic::stops_analysis) {
        return unit;
    }
    if let Some(Document::Treaty(treaty)) = &unit.document {
        unit.diagnostics
            .extend(check::check_models(&model::models(treaty), config));
        diagnostics::sort(&mut unit.diagnostics);
    }
    unit
}

/// Compiles a treaty file's stage (`None`: the treaty as written) to the rule
/// IR: parsed once, checked once, lowered from the model the checks read. The
/// treaty's errors, an unknown stage (E0108) or an amendment (E0901) come back
/// as diagnostics, which point into `session`.
pub fn compile_to_ir(
    session: &mut session::Session,
    name: &str,
    bytes: &[u8],
    stage: Option<&str>,
) -> Result<ir::Program, Vec<Diagnostic>> {
    let file = session.add(name, bytes);
    session.compile(file, &check::Config::default())?.program(stage)
}
