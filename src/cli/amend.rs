//! `treatyc lint-amendment` and `treatyc amend`.

use super::*;

/// A base treaty and an amendment to it, each read and parsed once.
struct AmendmentPair {
    sources: SourceMap,
    base: crate::Unit,
    amendment: crate::Unit,
}

/// Why an amendment cannot be linted or applied: diagnostics to show (the
/// base's errors, or either file's syntax errors), or a message.
enum Unusable {
    /// Syntax errors, with the sources they point into (exit 1).
    Syntax(SourceMap, Vec<Diagnostic>),
    Message(String),
}

impl From<String> for Unusable {
    fn from(message: String) -> Unusable {
        Unusable::Message(message)
    }
}

impl AmendmentPair {
    /// Reads and parses both files; syntax errors come back sorted.
    fn read(base: &PathBuf, amendment: &PathBuf) -> Result<AmendmentPair, Unusable> {
        let mut sources = SourceMap::new();
        let base_unit = crate::parse_source(&mut sources, &base.display().to_string(), &read(base)?);
        let amendment_unit = crate::parse_source(&mut sources, &amendment.display().to_string(), &read(amendment)?);
        let mut errors: Vec<Diagnostic> = base_unit
            .diagnostics
            .iter()
            .chain(&amendment_unit.diagnostics)
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if !errors.is_empty() {
            diagnostics::sort(&mut errors);
            return Err(Unusable::Syntax(sources, errors));
        }
        if !matches!(base_unit.document, Some(crate::ast::Document::Treaty(_))) {
            return Err(format!("`{}` is not a treaty", base.display()).into());
        }
        if !matches!(amendment_unit.document, Some(crate::ast::Document::Amendment(_))) {
            return Err(format!("`{}` is not an amendment", amendment.display()).into());
        }
        Ok(AmendmentPair {
            sources,
            base: base_unit,
            amendment: amendment_unit,
        })
    }

    fn documents(&self) -> Option<(&crate::ast::Treaty, &crate::ast::Amendment)> {
        match (&self.base.document, &self.amendment.document) {
            (Some(crate::ast::Document::Treaty(t)), Some(crate::ast::Document::Amendment(a))) => Some((t, a)),
            _ => None,
        }
    }

    /// The lint of the amendment, or the base's errors when it has any.
    fn lint(&self) -> Result<crate::amend::Lint<'_>, Vec<Diagnostic>> {
        let Some((treaty, a)) = self.documents() else {
            return Err(Vec::new());
        };
        let lint = crate::amend::lint(treaty, a, &crate::check::Config::default());
        let mut errors: Vec<Diagnostic> = lint.base.iter().filter(|d| d.is_error()).cloned().collect();
        if errors.is_empty() {
            return Ok(lint);
        }
        diagnostics::sort(&mut errors);
        Err(errors)
    }
}

pub(super) fn lint_amendment(base: &PathBuf, amendment: &PathBuf, format: Format) -> Result<ExitCode, String> {
    let pair = match AmendmentPair::read(base, amendment) {
        Ok(pair) => pair,
        Err(e) => return unusable(e, false),
    };
    let lint = match pair.lint() {
        Ok(l) => l,
        Err(errors) => return stopped(&pair.sources, &errors, false),
    };
    let sources = &pair.sources;
    let Some((treaty, _)) = pair.documents() else {
        return Err("internal error: the documents changed kind".to_string());
    };
    let errors = lint.diagnostics.iter().filter(|d| d.is_error()).count();
    match format {
        Format::Json => {
            let diags: serde_json::Value = serde_json::from_str(&diagnostics::render_json(sources, &lint.diagnostics))
                .map_err(|e| e.to_string())?;
            let report = serde_json::json!({ "diagnostics": diags.get("diagnostics"), "procedure": lint.procedure });
            outln!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
        }
        Format::Human => {
            out!("{}", diagnostics::render_human(sources, &lint.diagnostics));
            outln!("procedure under `{}`:", treaty.name.name);
            for step in &lint.procedure {
                outln!("  - {step}");
            }
            let problems = match (errors, lint.diagnostics.len() - errors) {
                (0, 0) => "no problems".to_string(),
                (e, 0) => plural(e, "error"),
                (0, w) => plural(w, "warning"),
                (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
            };
            outln!("linted 1 amendment: {problems}");
        }
    }
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub(super) fn amend(base: &PathBuf, amendment: &PathBuf, output: Option<&std::path::Path>) -> Result<ExitCode, String> {
    refuse_to_overwrite(output, &[base.as_path(), amendment.as_path()])?;
    let pair = match AmendmentPair::read(base, amendment) {
        Ok(pair) => pair,
        Err(e) => return unusable(e, true),
    };
    let lint = match pair.lint() {
        Ok(l) => l,
        Err(errors) => return stopped(&pair.sources, &errors, true),
    };
    let (treaty, a) = pair.documents().ok_or("internal error: the documents changed kind")?;
    if !lint.diagnostics.is_empty() {
        eprint!("{}", diagnostics::render_human(&pair.sources, &lint.diagnostics));
    }
    if lint.diagnostics.iter().any(Diagnostic::is_error) {
        eprintln!("nothing written: the amendment has errors (`treatyc lint-amendment` explains them)");
        return Ok(ExitCode::from(1));
    }
    let consolidated = match crate::amend::consolidate(
        treaty,
        pair.sources.text(pair.base.file),
        a,
        pair.sources.text(pair.amendment.file),
    ) {
        Ok(text) => text,
        Err(d) => {
            eprint!("{}", diagnostics::render_human(&pair.sources, &[d]));
            eprintln!("nothing written");
            return Ok(ExitCode::from(1));
        }
    };
    // The consolidated text must say what the lint checked; a text that does not
    // even parse is treatyc's fault, and is never written.
    let name = output.map_or_else(|| "<consolidated>".to_string(), |o| o.display().to_string());
    let mut written = SourceMap::new();
    let reread = crate::parse_source(&mut written, &name, consolidated.as_bytes());
    if reread.diagnostics.iter().any(Diagnostic::is_error) {
        eprint!("{}", diagnostics::render_human(&written, &reread.diagnostics));
        return Err("internal error: the consolidated treaty does not parse; nothing written".to_string());
    }
    match output {
        Some(path) => {
            files::write_output(path, consolidated.as_bytes())?;
            eprintln!(
                "consolidated `{}` as amended by `{}` into `{}`",
                treaty.name.name,
                a.name.name,
                path.display()
            );
        }
        None => out!("{consolidated}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Shows errors that stop the command (exit 1). `amend` writes them to standard
/// error: its standard output is the consolidated text.
fn stopped(sources: &SourceMap, errors: &[Diagnostic], amend: bool) -> Result<ExitCode, String> {
    let text = diagnostics::render_human(sources, errors);
    if amend {
        eprint!("{text}");
        eprintln!("nothing written: the treaty or the amendment has errors");
    } else {
        out!("{text}");
    }
    Ok(ExitCode::from(1))
}

/// Shows why the files could not be read as a treaty and an amendment.
fn unusable(why: Unusable, amend: bool) -> Result<ExitCode, String> {
    match why {
        Unusable::Message(m) => Err(m),
        Unusable::Syntax(sources, errors) => stopped(&sources, &errors, amend),
    }
}
