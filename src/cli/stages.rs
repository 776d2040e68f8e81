//! `treatyc stages`: the ladder with each entry condition.

use super::*;

pub(super) fn stages(file: &PathBuf, format: Format) -> Result<ExitCode, String> {
    let program = match load_program(file, None)? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let bytes = read(file)?;
    let unit = crate::parse_source(&mut SourceMap::new(), &file.display().to_string(), &bytes);
    let render_entry = |name: &str| -> Option<String> {
        let Some(crate::ast::Document::Treaty(t)) = &unit.document else {
            return None;
        };
        t.items.iter().find_map(|i| match i {
            crate::ast::Item::Stage(s) if s.name.name == name => s.entry.as_ref().map(crate::check::render),
            _ => None,
        })
    };
    match format {
        Format::Json => {
            let ladder: Vec<serde_json::Value> = program
                .stages
                .iter()
                .map(|s| serde_json::json!({"stage": s.name, "title": s.title, "after": s.after, "entry": render_entry(&s.name), "entry_ir": s.entry}))
                .collect();
            outln!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({ "stages": ladder })).map_err(|e| e.to_string())?
            );
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
