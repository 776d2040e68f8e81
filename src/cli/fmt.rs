//! `treatyc fmt`: every file in its canonical layout, written in place, or with
//! `--check` a unified diff of what would change.

use super::*;

/// What became of one file.
#[derive(serde::Serialize)]
struct Outcome {
    file: String,
    /// `unchanged`, `formatted` (written, or printed for standard input),
    /// `would change` (with `--check`), `not formatted` (a syntax error or
    /// E0920: left as it is), `not read`, `not written`.
    status: &'static str,
    /// With `--check`: what would change, as a unified diff.
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<String>,
    /// Standard input's formatted text.
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

pub(super) fn fmt(paths: Vec<PathBuf>, check: bool, format: Format, color: ColorMode) -> Result<ExitCode, Failure> {
    let json = format == Format::Json;
    let files = treaty_files(&paths)?;
    let mut sources = SourceMap::new();
    let mut shown: Vec<Diagnostic> = Vec::new();
    let mut outcomes: Vec<Outcome> = Vec::new();
    for path in &files {
        let name = path.display().to_string();
        // A pipe has nowhere to be written back to: its text goes to standard
        // output, as standard input's does.
        let stdin = files::is_stream(path);
        let mut outcome = Outcome {
            file: if files::is_stdio(path) {
                "<stdin>".to_string()
            } else {
                name.clone()
            },
            status: "unchanged",
            diff: None,
            text: None,
        };
        let bytes = match files::read_input(path) {
            Ok(b) => b,
            Err(why) => {
                let file = sources.add(name, String::new());
                shown.push(
                    Diagnostic::new(Code::E0908, crate::source::Span::new(file, 0, 0), why)
                        .with_primary_label("not read")
                        .with_help("correct the path; the other files were formatted"),
                );
                outcome.status = "not read";
                outcomes.push(outcome);
                continue;
            }
        };
        let (text, decode_error) = crate::syntax::decode(sources.next_id(), &bytes);
        let file = sources.add(name.clone(), text);
        let text = sources.text(file);
        let result = match decode_error {
            Some(d) => Err(vec![d]),
            None => crate::fmt::format(file, text),
        };
        let formatted = match result {
            Ok(f) => f,
            Err(diagnostics) => {
                shown.extend(diagnostics);
                outcome.status = "not formatted";
                outcomes.push(outcome);
                continue;
            }
        };
        if formatted != text {
            outcome.status = if check { "would change" } else { "formatted" };
        }
        if check {
            if formatted != text {
                let diff = unified_diff(text, &formatted, &outcome.file);
                if !json {
                    report::print_out(&diff);
                }
                outcome.diff = Some(diff);
            }
        } else if stdin {
            if json {
                outcome.text = Some(formatted);
            } else {
                report::print_out(&formatted);
            }
        } else if formatted != text {
            if let Err(why) = files::write_output(path, formatted.as_bytes()) {
                shown.push(
                    Diagnostic::new(Code::E0909, crate::source::Span::new(file, 0, 0), why)
                        .with_primary_label("not written: the file is as it was")
                        .with_help("make the file writable, or format a copy (`treatyc fmt - < FILE`)"),
                );
                outcome.status = "not written";
            }
        }
        outcomes.push(outcome);
    }
    let count = |status: &str| outcomes.iter().filter(|o| o.status == status).count();
    let io_failed = count("not read") + count("not written") > 0;
    let exit = if io_failed {
        report::EXIT_CANNOT_RUN
    } else if count("not formatted") > 0 || count("would change") > 0 {
        report::EXIT_ERRORS
    } else {
        report::EXIT_OK
    };
    if json {
        #[derive(serde::Serialize)]
        struct Answer {
            files: Vec<Outcome>,
            diagnostics: serde_json::Value,
        }
        let diagnostics: serde_json::Value =
            serde_json::from_str(&diagnostics::render_json(&sources, &shown)).map_err(|e| e.to_string())?;
        let answer = Answer {
            files: outcomes,
            diagnostics: diagnostics.get("diagnostics").cloned().unwrap_or_default(),
        };
        report::print_out(&format!("{}\n", to_json(&answer)?));
        return Ok(ExitCode::from(exit));
    }
    report::show_diagnostics(&sources, &shown, color);
    if !files.iter().all(|p| files::is_stdio(p)) {
        let unformatted = count("not formatted") + count("not read") + count("not written");
        let line = if check {
            format!(
                "{} of {} would be reformatted",
                count("would change"),
                plural(files.len(), "file")
            )
        } else {
            format!(
                "formatted {}: {} changed",
                plural(files.len(), "file"),
                count("formatted")
            )
        };
        let line = match unformatted {
            0 => line,
            n => format!("{line}; {} not formatted", plural(n, "file")),
        };
        report::print_err(&format!("{line}\n"));
    }
    Ok(ExitCode::from(exit))
}

/// The files named, a folder standing for every `.treaty` file below it
/// (sorted, so that the order never depends on the file system).
fn treaty_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            collect_treaties(path, &mut found, 0)?;
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Folders nested deeper than this are not searched: a link loop cannot run away.
const MAX_FOLDER_DEPTH: usize = 32;

fn collect_treaties(dir: &std::path::Path, found: &mut Vec<PathBuf>, depth: usize) -> Result<(), Failure> {
    let unreadable = |why: String| Failure::file(Code::E0908, dir, why);
    if depth > MAX_FOLDER_DEPTH {
        return Err(unreadable(format!(
            "`{}`: folders nested deeper than {MAX_FOLDER_DEPTH}",
            dir.display()
        )));
    }
    let entries =
        std::fs::read_dir(dir).map_err(|e| unreadable(format!("cannot read the folder `{}`: {e}", dir.display())))?;
    for entry in entries {
        let entry = entry.map_err(|e| unreadable(format!("cannot read the folder `{}`: {e}", dir.display())))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| unreadable(format!("cannot read `{}`: {e}", path.display())))?;
        if kind.is_dir() {
            collect_treaties(&path, found, depth + 1)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "treaty") {
            found.push(path);
        }
    }
    Ok(())
}

/// What formatting changes, as `diff -u` writes it (what `patch` and review
/// tools read).
fn unified_diff(old: &str, new: &str, name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .to_string()
}
