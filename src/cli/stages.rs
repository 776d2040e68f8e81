//! `treatyc stages`: the ladder with each entry condition.

use super::*;

pub(super) fn stages(file: &PathBuf, format: Format) -> Result<ExitCode, Failure> {
    let program = load_program(file, None)?;
    // The entry conditions in the language's own words, from the IR (so that an
    // IR file reads the same as the treaty it came from).
    let render_entry = |name: &str| -> Option<String> {
        program
            .stages
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.entry.as_ref())
            .map(ToString::to_string)
    };
    match format {
        Format::Json => {
            let ladder: Vec<serde_json::Value> = program
                .stages
                .iter()
                .map(|s| serde_json::json!({"stage": s.name, "title": s.title, "after": s.after, "entry": render_entry(&s.name), "entry_ir": s.entry}))
                .collect();
            outln!("{}", to_json(&serde_json::json!({ "stages": ladder }))?);
        }
        Format::Human => {
            if program.stages.is_empty() {
                outln!("`{}` has no stages", file.display());
            }
            // In ladder order: each stage after the one it follows.
            let mut order: Vec<&crate::ir::Stage> = program.stages.iter().filter(|s| s.after.is_none()).collect();
            let mut i = 0;
            while let Some(current) = order.get(i).map(|s| s.name.clone()) {
                order.extend(
                    program
                        .stages
                        .iter()
                        .filter(|s| s.after.as_deref() == Some(current.as_str())),
                );
                i += 1;
                if i > program.stages.len() {
                    break;
                }
            }
            for (n, s) in order.iter().enumerate() {
                outln!(
                    "{}. {}{}",
                    n + 1,
                    s.name,
                    s.title.as_ref().map(|t| format!(" ({t})")).unwrap_or_default()
                );
                match (&s.after, render_entry(&s.name)) {
                    (None, _) => outln!("   the first stage"),
                    (Some(a), Some(e)) => outln!("   after `{a}`, when {e}"),
                    (Some(a), None) => outln!("   after `{a}`"),
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
