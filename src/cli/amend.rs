//! `treatyc lint-amendment` and `treatyc amend`.

use super::*;

/// A base treaty and an amendment to it, read and parsed.
struct AmendmentPair {
    sources: SourceMap,
    base: crate::Unit,
    amendment: crate::Unit,
}

impl AmendmentPair {
    /// Reads both files. The errors of a base treaty or an amendment that does
    /// not parse come back as diagnostics, sorted, for the caller to show.
    fn read(
        base: &PathBuf,
        amendment: &PathBuf,
    ) -> Result<Result<AmendmentPair, (SourceMap, Vec<Diagnostic>)>, String> {
        let mut sources = SourceMap::new();
        let config = crate::check::Config::default();
        let base_unit = crate::check_source(&mut sources, &base.display().to_string(), &read(base)?, &config);
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
            return Ok(Err((sources, errors)));
        }
        if !matches!(base_unit.document, Some(crate::ast::Document::Treaty(_))) {
            return Err(format!("`{}` is not a treaty", base.display()));
        }
        if !matches!(amendment_unit.document, Some(crate::ast::Document::Amendment(_))) {
            return Err(format!("`{}` is not an amendment", amendment.display()));
        }
        Ok(Ok(AmendmentPair {
            sources,
            base: base_unit,
            amendment: amendment_unit,
        }))
    }

    fn documents(&self) -> Option<(&crate::ast::Treaty, &crate::ast::Amendment)> {
        match (&self.base.document, &self.amendment.document) {
            (Some(crate::ast::Document::Treaty(t)), Some(crate::ast::Document::Amendment(a))) => Some((t, a)),
            _ => None,
        }
    }
}

pub(super) fn lint_amendment(base: &PathBuf, amendment: &PathBuf, format: Format) -> Result<ExitCode, String> {
    let config = crate::check::Config::default();
    let pair = match AmendmentPair::read(base, amendment)? {
        Ok(pair) => pair,
        Err((sources, errors)) => {
            out!("{}", diagnostics::render_human(&sources, &errors));
            return Ok(ExitCode::from(1));
        }
    };
    let sources = &pair.sources;
    let (treaty, a) = pair.documents().ok_or("internal error: the documents changed kind")?;
    let lint = crate::amend::lint(treaty, a, &config);
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
    let config = crate::check::Config::default();
    let pair = match AmendmentPair::read(base, amendment)? {
        Ok(pair) => pair,
        Err((sources, errors)) => {
            eprint!("{}", diagnostics::render_human(&sources, &errors));
            eprintln!("nothing written: the treaty or the amendment has errors");
            return Ok(ExitCode::from(1));
        }
    };
    let (treaty, a) = pair.documents().ok_or("internal error: the documents changed kind")?;
    let lint = crate::amend::lint(treaty, a, &config);
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
