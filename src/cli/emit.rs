//! `treatyc emit`: the rule IR, or its schema.

use super::*;

pub(super) fn emit(
    file: Option<PathBuf>,
    stage: Option<String>,
    output: Option<PathBuf>,
    schema: bool,
) -> Result<ExitCode, String> {
    refuse_to_overwrite(
        output.as_deref(),
        &file.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
    )?;
    let text = if schema {
        serde_json::to_string_pretty(&crate::ir::schema()).map_err(|e| e.to_string())? + "\n"
    } else {
        let Some(file) = file else {
            return Err("name a treaty to emit".to_string());
        };
        let program = match load_program(&file, stage.as_deref()) {
            Ok(p) => p,
            Err(stop) => return stop.exit(),
        };
        serde_json::to_string_pretty(&program).map_err(|e| e.to_string())? + "\n"
    };
    match &output {
        Some(path) => files::write_output(path, text.as_bytes())?,
        None => out!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
