//! `treatyc graph`: the institutions drawn, or compared with another version.

use super::*;

/// Parses a treaty for drawing; syntax errors are printed and stop the command.
fn treaty_for_graph(sources: &mut SourceMap, path: &PathBuf) -> Result<Result<crate::ast::Treaty, ExitCode>, String> {
    let bytes = read(path)?;
    let unit = crate::parse_source(sources, &path.display().to_string(), &bytes);
    if unit.diagnostics.iter().any(Diagnostic::is_error) {
        eprint!("{}", diagnostics::render_human(sources, &unit.diagnostics));
        return Ok(Err(ExitCode::from(1)));
    }
    match unit.document {
        Some(crate::ast::Document::Treaty(t)) => Ok(Ok(t)),
        _ => Err(format!(
            "`{}` is an amendment; draw the treaty it amends, or consolidate it first",
            path.display()
        )),
    }
}

pub(super) fn graph(req: GraphArgs) -> Result<ExitCode, String> {
    use crate::graph::Selection;
    let mut inputs = vec![req.file.as_path()];
    inputs.extend(req.diff.as_deref());
    refuse_to_overwrite(req.output.as_deref(), &inputs)?;
    let mut sources = SourceMap::new();
    let treaty = match treaty_for_graph(&mut sources, &req.file)? {
        Ok(t) => t,
        Err(code) => return Ok(code),
    };
    let old_treaty = match &req.diff {
        Some(path) => match treaty_for_graph(&mut sources, path)? {
            Ok(t) => Some(t),
            Err(code) => return Ok(code),
        },
        None => None,
    };
    let new = Selection {
        treaty: &treaty,
        stage: req.stage.as_deref(),
    };
    let old = match (&old_treaty, &req.diff_stage) {
        // The same stage of the other treaty when it has one, else the treaty as written.
        (Some(t), _) => Some(Selection {
            treaty: t,
            stage: req.stage.as_deref().filter(|s| crate::graph::has_stage(t, s)),
        }),
        (None, Some(s)) => Some(Selection {
            treaty: &treaty,
            stage: Some(s.as_str()),
        }),
        (None, None) => None,
    };
    let format = match req.format {
        GraphFormat::Dot => crate::graph::Format::Dot,
        GraphFormat::Mermaid => crate::graph::Format::Mermaid,
        GraphFormat::Svg => crate::graph::Format::Svg,
        GraphFormat::Json => crate::graph::Format::Json,
    };
    let text = crate::graph::draw(new, old, format, &sources)?;
    match &req.output {
        Some(path) => files::write_output(path, text.as_bytes())?,
        None => out!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
