//! `treatyc parse`: the syntax tree as JSON, with the file's syntax diagnostics
//! in the same document (`parse` answers only in JSON).

use super::*;

pub(super) fn parse(path: PathBuf) -> Result<ExitCode, Failure> {
    let bytes = read(&path)?;
    let mut sources = SourceMap::new();
    let name = path.display().to_string();
    let unit = crate::parse_source(&mut sources, &name, &bytes);
    let Some(document) = &unit.document else {
        return Err(Failure::errors(&sources, &unit.diagnostics));
    };
    #[derive(serde::Serialize)]
    struct Tree<'a> {
        file: &'a str,
        ast: &'a crate::ast::Document,
        diagnostics: serde_json::Value,
    }
    print_json(&Tree {
        file: &name,
        ast: document,
        diagnostics: diagnostics::json_array(&sources, &unit.diagnostics),
    })?;
    let errors = unit.diagnostics.iter().any(Diagnostic::is_error);
    Ok(if errors {
        ExitCode::from(report::EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}
