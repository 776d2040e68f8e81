//! `treatyc test`: the scenarios the treaties carry.

use super::facts::*;
use super::*;

pub(super) fn test(mut files: Vec<PathBuf>, facts: Option<PathBuf>) -> Result<ExitCode, String> {
    files.sort();
    files.dedup();
    let (mut passed, mut failed) = (0usize, 0usize);
    for path in &files {
        let bytes = read(path)?;
        let name = path.display().to_string();
        // Read, parsed and checked once: the scenarios come from the same tree as the program.
        let mut session = crate::session::Session::new();
        let file = session.add(&name, &bytes);
        let compiled = session
            .compile(file, &crate::check::Config::default())
            .and_then(|c| Ok((c.treaty(), c.program(None)?)));
        let (treaty, program) = match compiled {
            Ok(pair) => pair,
            Err(diagnostics) => {
                out!("{}", diagnostics::render_human(session.sources(), &diagnostics));
                outln!("FAIL {name}: the treaty has errors");
                failed += 1;
                continue;
            }
        };
        let sources = session.sources();
        for item in &treaty.items {
            let crate::ast::Item::Scenario(scenario) = item else {
                continue;
            };
            // A scenario reads only files in its treaty's folder tree; its facts
            // are checked against the treaty exactly as `eval` checks them.
            let facts_path = match &scenario.facts {
                Some(t) => files::inside_folder_of(path, &t.value).map(Some),
                None => Ok(facts.clone()),
            };
            let loaded = facts_path.and_then(|p| load_facts_for(&program, p.as_ref()));
            let (weights, members) = match loaded {
                Ok(loaded) => loaded,
                Err(e) => {
                    outln!("FAIL {}::{}: {e}", treaty.name.name, scenario.name.name);
                    failed += 1;
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
                Some(t) => files::inside_folder_of(path, &t.value).map(Some),
                None => Ok(None),
            };
            let history = history_path
                .and_then(|h| load_history(&program, h.as_ref(), crate::scenario::events(scenario), Some(sources)));
            let history = match history {
                Ok(h) => h,
                Err(e) => {
                    outln!("FAIL {}::{}: {e}", treaty.name.name, scenario.name.name);
                    failed += 1;
                    continue;
                }
            };
            for o in crate::scenario::run(scenario, &program, &weights, &context, &history) {
                let line = sources.position(o.span.file, o.span.start).line;
                if o.passed {
                    passed += 1;
                    outln!("ok   {}::{}  {}", treaty.name.name, o.scenario, o.check);
                } else {
                    failed += 1;
                    outln!(
                        "FAIL {}::{}  {} ({name}:{line}): {}",
                        treaty.name.name,
                        o.scenario,
                        o.check,
                        o.detail
                    );
                }
            }
        }
    }
    outln!("scenarios: {passed} passed, {failed} failed");
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
