//! `treatyc parse`: the syntax tree as JSON.

use super::*;

pub(super) fn parse(path: PathBuf) -> Result<ExitCode, String> {
    let bytes = read(&path)?;
    let mut sources = SourceMap::new();
    let name = path.display().to_string();
    let unit = crate::parse_source(&mut sources, &name, &bytes);
    if !unit.diagnostics.is_empty() {
        eprint!("{}", diagnostics::render_human(&sources, &unit.diagnostics));
    }
    let errors = unit.diagnostics.iter().any(Diagnostic::is_error);
    if let Some(document) = &unit.document {
        #[derive(serde::Serialize)]
        struct Tree<'a> {
            file: &'a str,
            ast: &'a crate::ast::Document,
        }
        let text = serde_json::to_string_pretty(&Tree {
            file: &name,
            ast: document,
        })
        .map_err(|e| e.to_string())?;
        outln!("{text}");
    }
    Ok(if errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
