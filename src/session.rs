//! A compilation session: each file read and parsed once, each treaty's stage
//! models built once, checked once, and lowered to the rule IR from those same
//! models on demand.
//!
//! `Session::add` parses a file; `Session::compile` builds every stage's model
//! and runs every analysis on them; `Compilation::program` lowers one stage's
//! model, already built and checked, without running anything again. The command
//! line and the tests go through it, so that no command parses a file twice and
//! no treaty is checked twice.

use crate::ast::{Document, Treaty};
use crate::check;
use crate::diagnostics::{self, Code, Diagnostic};
use crate::ir;
use crate::model::{self, Models};
use crate::source::{FileId, SourceMap, Span};
use crate::Unit;

/// The files of one run of treatyc, each parsed once.
#[derive(Debug, Default)]
pub struct Session {
    sources: SourceMap,
    units: Vec<Unit>,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Reads a file's bytes into the session and parses them.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> FileId {
        let unit = crate::parse_source(&mut self.sources, name, bytes);
        let file = unit.file;
        self.units.push(unit);
        file
    }

    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// The parse of a file added to this session.
    pub fn unit(&self, file: FileId) -> Option<&Unit> {
        self.units.iter().find(|u| u.file == file)
    }

    /// The parse of a file and the treaty in it; syntax errors, or a document
    /// that is an amendment (E0901), come back as diagnostics instead. A faulty
    /// figure does not stop here: `compile` reports it with every other fault,
    /// and `Compilation::program` then refuses to lower the treaty.
    pub fn treaty(&self, file: FileId) -> Result<(&Unit, &Treaty), Vec<Diagnostic>> {
        let Some(unit) = self.unit(file) else {
            return Err(Vec::new());
        };
        if unit.diagnostics.iter().any(Diagnostic::stops_analysis) {
            return Err(unit.diagnostics.clone());
        }
        match &unit.document {
            Some(Document::Treaty(t)) => Ok((unit, t)),
            Some(Document::Amendment(a)) => Err(vec![not_a_treaty(a.name.span)]),
            None => Err(unit.diagnostics.clone()),
        }
    }

    /// The treaty of a file with no error of its parse at all, not even a faulty
    /// figure: for the commands that show the treaty as written (`graph`) without
    /// checking it, and must not show a figure that was reported unusable.
    pub fn sound_treaty(&self, file: FileId) -> Result<&Treaty, Vec<Diagnostic>> {
        let (unit, treaty) = self.treaty(file)?;
        if unit.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(unit.diagnostics.clone());
        }
        Ok(treaty)
    }

    /// Checks a treaty: every stage's model built once and every analysis run on
    /// them. A file with syntax errors, or an amendment, gives its diagnostics.
    pub fn compile(&self, file: FileId, config: &check::Config) -> Result<Compilation<'_>, Vec<Diagnostic>> {
        let (unit, treaty) = self.treaty(file)?;
        let models = model::models(treaty);
        let mut diagnostics = unit.diagnostics.clone();
        diagnostics.extend(check::check_models(&models, config));
        diagnostics::sort(&mut diagnostics);
        Ok(Compilation {
            models,
            diagnostics,
            sources: &self.sources,
        })
    }
}

/// E0901: an amendment where a treaty is needed.
fn not_a_treaty(at: Span) -> Diagnostic {
    Diagnostic::new(Code::E0901, at, "this file is an amendment, not a treaty")
        .with_primary_label("an amendment changes a treaty; it has no rules of its own to compile")
        .with_help("give the treaty it amends; to see the treaty as amended, run `treatyc amend TREATY AMENDMENT -o FILE` first")
}

/// A treaty checked once: its stage models and every diagnostic.
#[derive(Debug)]
pub struct Compilation<'s> {
    pub models: Models<'s>,
    pub diagnostics: Vec<Diagnostic>,
    sources: &'s SourceMap,
}

impl<'s> Compilation<'s> {
    pub fn treaty(&self) -> &'s Treaty {
        self.models.treaty
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The rule IR of one stage (`None`: the treaty as written), lowered from the
    /// model the checks read. A treaty with errors gives them instead; a stage it
    /// does not have is E0108.
    pub fn program(&self, stage: Option<&str>) -> Result<ir::Program, Vec<Diagnostic>> {
        if self.has_errors() {
            return Err(self.diagnostics.clone());
        }
        match self.models.stage(stage) {
            Some(m) => Ok(ir::lower(m, self.sources)),
            None => Err(vec![check::no_such_stage(&self.models, stage.unwrap_or_default())]),
        }
    }

    /// The rule IR of the treaty as written, then of each stage in the order
    /// written.
    pub fn programs(&self) -> Result<Vec<ir::Program>, Vec<Diagnostic>> {
        std::iter::once(None)
            .chain(self.models.stage_names().map(Some))
            .map(|stage| self.program(stage))
            .collect()
    }
}
