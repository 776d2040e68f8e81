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
    site: Option<&str>,
    color: ColorMode,
) -> Result<ExitCode, Failure> {
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
    // A file that cannot be read is reported, and the others are still checked.
    let mut units = Vec::new();
    let mut unreadable = false;
    for path in &files {
        let name = path.display().to_string();
        match files::read_input(path) {
            Ok(bytes) => {
                let mut unit = crate::check_source(&mut sources, &name, &bytes, config);
                all.append(&mut unit.diagnostics);
                units.push((path.clone(), unit));
            }
            Err(why) => {
                unreadable = true;
                let file = sources.add(name, String::new());
                all.push(
                    Diagnostic::new(Code::E0908, crate::source::Span::new(file, 0, 0), why)
                        .with_primary_label("not read")
                        .with_help("correct the path; the other files were checked"),
                );
            }
        }
    }
    let (linted, found) = lint_amendments_against_their_treaties(&mut sources, &units, config);
    all.extend(linted);
    if deny_warnings {
        for d in &mut all {
            d.severity = Severity::Error;
        }
    }
    diagnostics::sort(&mut all);
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    let facts_problem = unreadable || all.iter().any(is_facts_problem);
    match format {
        CheckFormat::Json => outln!("{}", diagnostics::render_json(&sources, &all)),
        CheckFormat::Sarif => outln!("{}", sarif(&sources, &all, site)?),
        CheckFormat::Human => {
            // Diagnostics and their summary are for people: standard error, as
            // every command shows them (`report`).
            report::show_diagnostics(&sources, &all, color);
            let mut line = summary(files.len(), errors, warnings);
            if !found.is_empty() {
                let names: Vec<String> = found.iter().map(|p| format!("`{}`", p.display())).collect();
                line.push_str(&format!(
                    " (amendments checked against {}, found beside them)",
                    names.join(", ")
                ));
            }
            report::print_err(&format!("{line}\n"));
        }
    }
    // Facts that do not fit, or a file not read, are the command's input being
    // wrong, not the treaty.
    Ok(if facts_problem {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// An amendment checked together with the treaty it amends is linted against it,
/// as `lint-amendment` would. One whose treaty is not among the files is linted
/// against the treaty of that name in a file beside it, when there is one; else
/// W0806 says that only its wording was checked.
fn lint_amendments_against_their_treaties(
    sources: &mut SourceMap,
    units: &[(PathBuf, crate::Unit)],
    config: &crate::check::Config,
) -> (Vec<Diagnostic>, Vec<PathBuf>) {
    use crate::ast::Document;
    let clean = |u: &crate::Unit| !u.diagnostics.iter().any(Diagnostic::stops_analysis);
    let treaties: std::collections::BTreeMap<&str, &crate::ast::Treaty> = units
        .iter()
        .map(|(_, u)| u)
        .filter(|u| clean(u))
        .filter_map(|u| match &u.document {
            Some(Document::Treaty(t)) => Some((t.name.name.as_str(), t)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    // Treaties found beside amendments, each read once however many amend it.
    let mut beside: Vec<(PathBuf, crate::Unit)> = Vec::new();
    let named: Vec<&PathBuf> = units.iter().map(|(p, _)| p).collect();
    for (path, unit) in units.iter().filter(|(_, u)| clean(u)) {
        let Some(Document::Amendment(a)) = &unit.document else {
            continue;
        };
        let name = a.amends.name.as_str();
        if let Some(base) = treaties.get(name) {
            out.extend(crate::amend::lint(base, a, config).diagnostics);
            continue;
        }
        let found = match beside.iter().position(|(_, u)| treaty_named(u, name)) {
            Some(i) => beside.get(i),
            None => match treaty_beside(sources, path, name, &named) {
                Some(found) => {
                    beside.push(found);
                    beside.last()
                }
                None => None,
            },
        };
        match found.and_then(|(p, u)| match &u.document {
            Some(Document::Treaty(t)) => Some((p, t)),
            _ => None,
        }) {
            Some((treaty_path, base)) => {
                let lint = crate::amend::lint(base, a, config);
                if lint.base.iter().any(Diagnostic::is_error) {
                    out.push(crate::amend::checked_alone(a, format!(
                        "`{name}` in `{}`, beside this amendment, has errors of its own, so the amendment was checked alone",
                        treaty_path.display()
                    )));
                }
                out.extend(lint.diagnostics);
            }
            None => out.push(crate::amend::checked_alone(a, format!(
                "the treaty `{name}` is not among the files checked, nor in a `.treaty` file in this amendment's folder or the one above it"
            ))),
        }
    }
    (out, beside.into_iter().map(|(p, _)| p).collect())
}

fn treaty_named(unit: &crate::Unit, name: &str) -> bool {
    matches!(&unit.document, Some(crate::ast::Document::Treaty(t)) if t.name.name == name)
        && !unit.diagnostics.iter().any(Diagnostic::stops_analysis)
}

/// The treaty `name` in a `.treaty` file in the amendment's folder or the one
/// above it, not among the files named. Only files whose text declares `treaty NAME` are parsed;
/// the folder's listing is sorted, so the same file is found on every run.
fn treaty_beside(
    sources: &mut SourceMap,
    amendment: &std::path::Path,
    name: &str,
    named: &[&PathBuf],
) -> Option<(PathBuf, crate::Unit)> {
    /// A folder of thousands of files is not a treaty's folder; reading them all
    /// would make `check` of one amendment unbounded.
    const MOST_FILES: usize = 1000;
    let folder = match amendment.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // The amendment's own folder first, then the one above it
    // (`treaties/amendments/x.treaty` amends a treaty in `treaties/`).
    let mut candidates = Vec::new();
    let above = match folder.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        Some(_) if folder != std::path::Path::new(".") => PathBuf::from("."),
        _ => PathBuf::from(".."),
    };
    for dir in [folder, above] {
        let Ok(listing) = std::fs::read_dir(&dir) else { continue };
        let listing: Vec<PathBuf> = listing
            .take(MOST_FILES + 1)
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        // A folder past the bound is not searched at all: searching the part the
        // system happened to list first would depend on the order it lists in.
        if listing.len() > MOST_FILES {
            continue;
        }
        let mut here: Vec<PathBuf> = listing
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "treaty") && p.is_file() && !named.contains(&p))
            .collect();
        here.sort();
        candidates.extend(here);
    }
    let declaration = format!("treaty {name}");
    for path in candidates {
        let Ok(bytes) = read(&path) else { continue };
        let declares = String::from_utf8_lossy(&bytes)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(&declaration);
        if !declares {
            continue;
        }
        let unit = crate::parse_source(sources, &path.display().to_string(), &bytes);
        if treaty_named(&unit, name) {
            return Some((path, unit));
        }
    }
    None
}
