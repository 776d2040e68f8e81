//! `treatyc test`: the scenarios the treaties carry, for people (`human`), for
//! programs (`json`) and for CI systems (`junit`: JUnit XML, one testsuite per
//! treaty file, one testcase per check).

use super::facts::*;
use super::*;

/// What `treatyc test --format json` prints.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct TestReport {
    pub files: Vec<FileResult>,
    pub passed: usize,
    pub failed: usize,
}

/// One treaty file: its checks, or the errors that kept them from running.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct FileResult {
    pub file: String,
    /// The treaty's name; absent when the file has errors.
    pub treaty: Option<String>,
    pub checks: Vec<CheckResult>,
    /// The file's errors as `check --format json` gives them (empty when it has none).
    pub diagnostics: serde_json::Value,
}

/// One check of a scenario (an `expect` line), or a scenario whose facts or
/// history could not be loaded (`check` is then `facts and history`).
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct CheckResult {
    pub scenario: String,
    pub check: String,
    pub passed: bool,
    /// What happened instead of what was expected (empty when it passed).
    pub detail: String,
    /// The line of the check in the treaty file (1-based).
    pub line: Option<usize>,
}

pub(super) fn test(
    mut files: Vec<PathBuf>,
    facts: Option<PathBuf>,
    format: TestFormat,
    color: ColorMode,
) -> Result<ExitCode, Failure> {
    files.sort();
    files.dedup();
    let mut results = Vec::new();
    for path in &files {
        results.push(run_file(path, facts.as_ref(), format, color)?);
    }
    let failed: usize = results
        .iter()
        .map(|f| f.checks.iter().filter(|c| !c.passed).count() + usize::from(f.treaty.is_none()))
        .sum();
    let passed: usize = results
        .iter()
        .map(|f| f.checks.iter().filter(|c| c.passed).count())
        .sum();
    match format {
        TestFormat::Human => {
            for f in &results {
                let treaty = f.treaty.as_deref().unwrap_or_default();
                if f.treaty.is_none() {
                    outln!("FAIL {}: the treaty has errors", f.file);
                }
                for c in &f.checks {
                    match (c.passed, c.line) {
                        (true, _) => outln!("ok   {treaty}::{}  {}", c.scenario, c.check),
                        (false, Some(line)) => outln!(
                            "FAIL {treaty}::{}  {} ({}:{line}): {}",
                            c.scenario,
                            c.check,
                            f.file,
                            c.detail
                        ),
                        (false, None) => outln!("FAIL {treaty}::{}: {}", c.scenario, c.detail),
                    }
                }
            }
            outln!("scenarios: {passed} passed, {failed} failed");
        }
        TestFormat::Json => print_json(&TestReport {
            files: results,
            passed,
            failed,
        })?,
        TestFormat::Junit => out!("{}", junit(&results, passed, failed)),
    }
    Ok(if failed > 0 {
        ExitCode::from(report::EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

/// The checks of one file. A treaty with errors has none: its diagnostics are
/// shown on standard error (human) or carried in the result (json, junit).
fn run_file(
    path: &PathBuf,
    facts: Option<&PathBuf>,
    format: TestFormat,
    color: ColorMode,
) -> Result<FileResult, Failure> {
    let bytes = read(path)?;
    let name = path.display().to_string();
    // Read, parsed and checked once: the scenarios come from the same tree as the program.
    let mut session = crate::session::Session::new();
    let file = session.add(&name, &bytes);
    let compiled = session
        .compile(file, &crate::check::Config::default())
        .and_then(|c| Ok((c.treaty(), c.programs()?)));
    let (treaty, mut stages) = match compiled {
        Ok(pair) => pair,
        Err(errors) => {
            let diagnostics = match format {
                TestFormat::Human => {
                    report::show_diagnostics(session.sources(), &errors, color);
                    serde_json::json!([])
                }
                TestFormat::Json => diagnostics::json_array(session.sources(), &errors),
                TestFormat::Junit => serde_json::Value::String(diagnostics::render_human(session.sources(), &errors)),
            };
            return Ok(FileResult {
                file: name,
                treaty: None,
                checks: Vec::new(),
                diagnostics,
            });
        }
    };
    // The treaty as written first, then each stage's (for a check on a date in a stage).
    let program = stages.remove(0);
    let sources = session.sources();
    let mut checks = Vec::new();
    for item in &treaty.items {
        let crate::ast::Item::Scenario(scenario) = item else {
            continue;
        };
        // The diagnostics in full on standard error (human), their messages in the result.
        let unusable = |why: Failure| {
            if format == TestFormat::Human {
                report::show_diagnostics(&why.sources, &why.diagnostics, color);
            }
            CheckResult {
                scenario: scenario.name.name.clone(),
                check: "facts and history".to_string(),
                passed: false,
                detail: why.summary(),
                line: None,
            }
        };
        // A scenario reads only files in its treaty's folder tree; its facts
        // are checked against the treaty exactly as `eval` checks them.
        let facts_path = match &scenario.facts {
            Some(t) => files::inside_folder_of(path, &t.value)
                .map(Some)
                .map_err(|why| Failure::file(Code::E0908, std::path::Path::new(&t.value), why)),
            None => Ok(facts.cloned()),
        };
        let (weights, members) = match facts_path.and_then(|p| load_facts_for(&program, p.as_ref())) {
            Ok(loaded) => loaded,
            Err(why) => {
                checks.push(unusable(why));
                continue;
            }
        };
        let mut context = crate::eval::Context {
            members,
            ..Default::default()
        };
        for g in &scenario.given {
            context
                .entities
                .entry(g.entity.name.clone())
                .or_default()
                .insert(g.name.name.clone(), g.value.clone());
        }
        let history_path = match &scenario.history {
            Some(t) => files::inside_folder_of(path, &t.value)
                .map(Some)
                .map_err(|why| Failure::file(Code::E0908, std::path::Path::new(&t.value), why)),
            None => Ok(None),
        };
        let history = history_path.and_then(|h| {
            load_history(
                &program,
                h.as_ref(),
                crate::scenario::events(scenario),
                Some(sources),
                &context,
            )
        });
        let history = match history {
            Ok(h) => h,
            Err(why) => {
                checks.push(unusable(why));
                continue;
            }
        };
        for o in crate::scenario::run(scenario, &program, &stages, &weights, &context, &history) {
            checks.push(CheckResult {
                line: Some(sources.position(o.span.file, o.span.start).line),
                scenario: o.scenario,
                check: o.check,
                passed: o.passed,
                detail: if o.passed { String::new() } else { o.detail },
            });
        }
    }
    Ok(FileResult {
        file: name,
        treaty: Some(treaty.name.name.clone()),
        checks,
        diagnostics: serde_json::json!([]),
    })
}

/// JUnit XML as CI systems read it: a testsuite per treaty file, a testcase per
/// check (`classname` the treaty and scenario), a failure with the message; a
/// treaty with errors is one failing testcase holding its diagnostics.
fn junit(files: &[FileResult], passed: usize, failed: usize) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<testsuites name=\"treatyc\" tests=\"{}\" failures=\"{failed}\">\n",
        passed + failed
    ));
    for f in files {
        let failures = f.checks.iter().filter(|c| !c.passed).count() + usize::from(f.treaty.is_none());
        let tests = f.checks.len() + usize::from(f.treaty.is_none());
        x.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\">\n",
            xml(&f.file)
        ));
        let Some(treaty) = &f.treaty else {
            let text = f.diagnostics.as_str().unwrap_or_default();
            x.push_str(&format!(
                "    <testcase name=\"the treaty has no errors\" classname=\"{}\">\n      <failure message=\"the treaty has errors\">{}</failure>\n    </testcase>\n",
                xml(&f.file),
                xml(text)
            ));
            x.push_str("  </testsuite>\n");
            continue;
        };
        for c in &f.checks {
            let name = xml(&c.check);
            let class = xml(&format!("{treaty}.{}", c.scenario));
            if c.passed {
                x.push_str(&format!("    <testcase name=\"{name}\" classname=\"{class}\"/>\n"));
            } else {
                let place = c.line.map(|l| format!("{}:{l}: ", f.file)).unwrap_or_default();
                x.push_str(&format!(
                    "    <testcase name=\"{name}\" classname=\"{class}\">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                    xml(&c.detail),
                    xml(&format!("{place}{}", c.detail))
                ));
            }
        }
        x.push_str("  </testsuite>\n");
    }
    x.push_str("</testsuites>\n");
    x
}

/// Text as XML character data or an attribute value. Characters XML 1.0 cannot
/// hold at all (control characters other than tab and line breaks) become U+FFFD.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push_str(&format!("&#{};", u32::from(c))),
            c if (c as u32) < 0x20 => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
