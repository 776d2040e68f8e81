//! `treatyc check`: every file, the amendments linted against their treaties, one report.

use super::facts::*;
use super::*;

/// Whether a diagnostic is about the facts file rather than a treaty.
fn is_facts_problem(d: &Diagnostic) -> bool {
    matches!(
        d.code,
        Code::E0601 | Code::E0602 | Code::E0603 | Code::E0604 | Code::E0605
    )
}

pub(super) fn check(
    mut files: Vec<PathBuf>,
    facts: Option<PathBuf>,
    stage: Option<String>,
    format: CheckFormat,
    deny_warnings: bool,
    color: ColorMode,
) -> Result<ExitCode, String> {
    // Sorted so that output depends only on which files were named, not their order.
    files.sort();
    files.dedup();
    let mut sources = SourceMap::new();
    let mut all: Vec<Diagnostic> = Vec::new();
    let mut config = crate::check::Config {
        stage,
        ..Default::default()
    };
    if let Some(path) = &facts {
        match read_facts(&mut sources, path)? {
            Ok(table) => config.facts = Some(table),
            Err(d) => all.push(d),
        }
    }
    let config = &config;
    let mut inputs = Vec::new();
    for path in &files {
        inputs.push((path.display().to_string(), read(path)?));
    }
    let mut units = Vec::new();
    for (name, bytes) in &inputs {
        let mut unit = crate::check_source(&mut sources, name, bytes, config);
        all.append(&mut unit.diagnostics);
        units.push(unit);
    }
    all.extend(lint_amendments_against_their_treaties(&units, config));
    if deny_warnings {
        for d in &mut all {
            d.severity = Severity::Error;
        }
    }
    diagnostics::sort(&mut all);
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    let facts_problem = all.iter().any(is_facts_problem);
    let mut out = QuietStdout(std::io::stdout().lock());
    match format {
        CheckFormat::Json => {
            writeln!(out, "{}", diagnostics::render_json(&sources, &all)).map_err(|e| e.to_string())?;
        }
        CheckFormat::Sarif => {
            writeln!(out, "{}", diagnostics::render_sarif(&sources, &all)).map_err(|e| e.to_string())?;
        }
        CheckFormat::Human => {
            if use_color(color) {
                let mut stream = StandardStream::stdout(ColorChoice::Always);
                diagnostics::render_human_colored(&sources, &all, &mut stream).map_err(|e| e.to_string())?;
            } else {
                write!(out, "{}", diagnostics::render_human(&sources, &all)).map_err(|e| e.to_string())?;
            }
            writeln!(out, "{}", summary(files.len(), errors, warnings)).map_err(|e| e.to_string())?;
        }
    }
    // Facts that do not fit are the command's input being wrong, not the treaty.
    Ok(if facts_problem {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// An amendment checked together with the treaty it amends is linted against it,
/// as `lint-amendment` would; one whose treaty is not among the files is only parsed.
fn lint_amendments_against_their_treaties(units: &[crate::Unit], config: &crate::check::Config) -> Vec<Diagnostic> {
    use crate::ast::Document;
    let clean = |u: &&crate::Unit| !u.diagnostics.iter().any(Diagnostic::is_error);
    let treaties: std::collections::BTreeMap<&str, &crate::ast::Treaty> = units
        .iter()
        .filter(clean)
        .filter_map(|u| match &u.document {
            Some(Document::Treaty(t)) => Some((t.name.name.as_str(), t)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for unit in units.iter().filter(clean) {
        if let Some(Document::Amendment(a)) = &unit.document {
            if let Some(base) = treaties.get(a.amends.name.as_str()) {
                out.extend(crate::amend::lint(base, a, config).diagnostics);
            }
        }
    }
    out
}

fn use_color(mode: ColorMode) -> bool {
    match mode {
        ColorMode::Always => true,
        ColorMode::Never => false,
        ColorMode::Auto => std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
    }
}
