//! `treatyc emit`: the rule IR, or its schema.

use super::*;

pub(super) fn emit(
    file: Option<PathBuf>,
    stage: Option<String>,
    output: Option<PathBuf>,
    schema: bool,
) -> Result<ExitCode, Failure> {
    refuse_to_overwrite(
        output.as_deref(),
        &file.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
    )?;
    let text = if schema {
        to_json(&crate::ir::schema())? + "\n"
    } else {
        let Some(file) = file else {
            return Err("name a treaty to emit".into());
        };
        let program = load_program(&file, stage.as_deref())?;
        to_json(&program)? + "\n"
    };
    match &output {
        Some(path) => write(path, text.as_bytes())?,
        None => out!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
