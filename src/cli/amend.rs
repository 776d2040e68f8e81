//! `treatyc lint-amendment` and `treatyc amend`.

use super::facts::load_facts_for;
use super::*;

/// A base treaty and an amendment to it, each read and parsed once.
struct AmendmentPair {
    sources: SourceMap,
    base: crate::Unit,
    amendment: crate::Unit,
}

impl AmendmentPair {
    /// Reads and parses both files; syntax errors come back sorted (exit 1).
    fn read(base: &PathBuf, amendment: &PathBuf) -> Result<AmendmentPair, Failure> {
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
            return Err(Failure::errors(&sources, &errors));
        }
        if !matches!(base_unit.document, Some(crate::ast::Document::Treaty(_))) {
            return Err(
                crate::diagnostics::Problem::new(Code::E0901, format!("`{}` is not a treaty", base.display()))
                    .about(base.display().to_string())
                    .with_help("name the treaty first, then the amendment: `BASE AMENDMENT`")
                    .into(),
            );
        }
        if !matches!(amendment_unit.document, Some(crate::ast::Document::Amendment(_))) {
            return Err(crate::diagnostics::Problem::new(
                Code::E0910,
                format!("`{}` is not an amendment", amendment.display()),
            )
            .about(amendment.display().to_string())
            .with_help("the second file must begin `amendment NAME to TREATY`")
            .into());
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

pub(super) fn lint_amendment(
    base: &PathBuf,
    amendment: &PathBuf,
    format: CheckFormat,
    facts: Option<&PathBuf>,
    site: Option<&str>,
    color: ColorMode,
) -> Result<ExitCode, Failure> {
    let answer = AmendmentPair::read(base, amendment).and_then(|pair| answer(&pair, format, facts, site, color));
    // A SARIF reader gets a log whatever stopped the lint: the errors of the
    // base or of either file's syntax are findings too.
    match answer {
        Err(failure) if format == CheckFormat::Sarif && !failure.diagnostics.is_empty() => {
            outln!("{}", sarif(&failure.sources, &failure.diagnostics, site)?);
            Ok(ExitCode::from(failure.exit))
        }
        answer => answer,
    }
}

/// The lint of a pair read, in the format asked.
fn answer(
    pair: &AmendmentPair,
    format: CheckFormat,
    facts: Option<&PathBuf>,
    site: Option<&str>,
    color: ColorMode,
) -> Result<ExitCode, Failure> {
    let lint = pair.lint().map_err(|errors| Failure::errors(&pair.sources, &errors))?;
    let sources = &pair.sources;
    let Some((treaty, _)) = pair.documents() else {
        return Err("internal error: the documents changed kind".into());
    };
    let errors = lint.diagnostics.iter().filter(|d| d.is_error()).count();
    let exit = if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if format == CheckFormat::Sarif {
        outln!("{}", sarif(sources, &lint.diagnostics, site)?);
        return Ok(exit);
    }
    // The facts must fit the treaty as amended: it may weigh votes by a fact the
    // base does not have.
    let figures = match (facts, lint.models.as_ref().and_then(|m| m.base())) {
        (Some(path), Some(amended)) => load_facts_for(&crate::ir::lower(amended, sources), Some(path))?.0,
        _ => crate::eval::Facts::new(),
    };
    let shifts = crate::amend::power_shifts(&lint, sources, &figures);
    match format {
        CheckFormat::Json | CheckFormat::Sarif => {
            let report = serde_json::json!({
                "diagnostics": diagnostics::json_array(sources, &lint.diagnostics),
                "procedure": lint.procedure,
                "power_shifts": shifts,
            });
            print_json(&report)?;
        }
        CheckFormat::Human => {
            report::show_diagnostics(sources, &lint.diagnostics, color);
            outln!("procedure under `{}`:", treaty.name.name);
            for step in &lint.procedure {
                outln!("  - {step}");
            }
            print_shifts(&shifts);
            let problems = match (errors, lint.diagnostics.len() - errors) {
                (0, 0) => "no problems".to_string(),
                (e, 0) => plural(e, "error"),
                (0, w) => plural(w, "warning"),
                (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
            };
            report::print_err(&format!("linted 1 amendment: {problems}\n"));
        }
    }
    Ok(exit)
}

/// The shifts of power, grouped by decision and where they happen.
fn print_shifts(shifts: &[crate::amend::PowerShift]) {
    if shifts.is_empty() {
        outln!("shifts of power: none");
        return;
    }
    outln!("shifts of power:");
    let mut last: Option<(&str, &str, &[Option<String>])> = None;
    for s in shifts {
        let here = (s.body.as_str(), s.decision.as_str(), s.stages.as_slice());
        if last != Some(here) {
            outln!("  `{}` deciding `{}`{}:", s.body, s.decision, where_words(&s.stages));
            last = Some(here);
        }
        outln!("    - {}", s.words);
    }
}

/// Where a shift happens, when not (only) in the treaty as written.
fn where_words(stages: &[Option<String>]) -> String {
    let named: Vec<String> = stages.iter().flatten().map(|s| format!("`{s}`")).collect();
    match (stages.contains(&None), named.as_slice()) {
        (_, []) => String::new(),
        (true, _) => format!(
            " (in the treaty as written and in stage{} {})",
            if named.len() == 1 { "" } else { "s" },
            named.join(", ")
        ),
        (false, [one]) => format!(" (in stage {one})"),
        (false, _) => format!(" (in stages {})", named.join(", ")),
    }
}

pub(super) fn amend(
    base: &PathBuf,
    amendment: &PathBuf,
    output: Option<&std::path::Path>,
    color: ColorMode,
) -> Result<ExitCode, Failure> {
    refuse_to_overwrite(output, &[base.as_path(), amendment.as_path()])?;
    let pair = AmendmentPair::read(base, amendment)?;
    let lint = pair.lint().map_err(|errors| Failure::errors(&pair.sources, &errors))?;
    let (treaty, a) = pair
        .documents()
        .ok_or_else(|| Failure::from("internal error: the documents changed kind"))?;
    report::show_diagnostics(&pair.sources, &lint.diagnostics, color);
    if lint.diagnostics.iter().any(Diagnostic::is_error) {
        report::print_err("nothing written: the amendment has errors (`treatyc lint-amendment` explains them)\n");
        return Ok(ExitCode::from(report::EXIT_ERRORS));
    }
    let consolidated = match crate::amend::consolidate(
        treaty,
        pair.sources.text(pair.base.file),
        a,
        pair.sources.text(pair.amendment.file),
    ) {
        Ok(text) => text,
        Err(d) => {
            report::show_diagnostics(&pair.sources, &[d], color);
            report::print_err("nothing written\n");
            return Ok(ExitCode::from(report::EXIT_ERRORS));
        }
    };
    // The consolidated text must say what the lint checked; a text that does not
    // even parse is treatyc's fault, and is never written.
    let name = output.map_or_else(|| "<consolidated>".to_string(), |o| o.display().to_string());
    let mut written = SourceMap::new();
    let reread = crate::parse_source(&mut written, &name, consolidated.as_bytes());
    if reread.diagnostics.iter().any(Diagnostic::is_error) {
        report::show_diagnostics(&written, &reread.diagnostics, color);
        return Err("internal error: the consolidated treaty does not parse; nothing written".into());
    }
    match output {
        Some(path) => {
            write(path, consolidated.as_bytes())?;
            report::print_err(&format!(
                "consolidated `{}` as amended by `{}` into `{}`\n",
                treaty.name.name,
                a.name.name,
                path.display()
            ));
        }
        None => out!("{consolidated}"),
    }
    Ok(ExitCode::SUCCESS)
}
