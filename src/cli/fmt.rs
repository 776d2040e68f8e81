//! `treatyc fmt`: every file in its canonical layout, written in place, or with
//! `--check` a unified diff of what would change.

use super::*;

pub(super) fn fmt(paths: Vec<PathBuf>, check: bool) -> Result<ExitCode, String> {
    let files = treaty_files(&paths)?;
    let mut sources = SourceMap::new();
    let mut refused = 0usize;
    let mut changed: Vec<String> = Vec::new();
    let mut unreadable = false;
    for path in &files {
        let name = path.display().to_string();
        let bytes = match read(path) {
            Ok(b) => b,
            Err(why) => {
                eprintln!("error: {why}");
                unreadable = true;
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
                eprint!("{}", diagnostics::render_human(&sources, &diagnostics));
                refused += 1;
                continue;
            }
        };
        if formatted == text {
            if files::is_stdio(path) && !check {
                out!("{formatted}");
            }
            continue;
        }
        changed.push(name.clone());
        if check {
            let shown = if files::is_stdio(path) {
                "<stdin>".to_string()
            } else {
                name
            };
            out!("{}", unified_diff(text, &formatted, &shown));
        } else {
            files::write_output(path, formatted.as_bytes())?;
        }
    }
    let stdin_only = files.iter().all(|p| files::is_stdio(p));
    if !stdin_only {
        let line = if check {
            format!(
                "{} of {} would be reformatted",
                changed.len(),
                plural(files.len(), "file")
            )
        } else {
            format!("formatted {}: {} changed", plural(files.len(), "file"), changed.len())
        };
        let line = match refused {
            0 => line,
            n => format!("{line}; {} not formatted", plural(n, "file")),
        };
        if check {
            eprintln!("{line}");
        } else {
            outln!("{line}");
        }
    }
    Ok(if unreadable {
        ExitCode::from(2)
    } else if refused > 0 || (check && !changed.is_empty()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The files named, a folder standing for every `.treaty` file below it
/// (sorted, so that the order never depends on the file system).
fn treaty_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
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

fn collect_treaties(dir: &std::path::Path, found: &mut Vec<PathBuf>, depth: usize) -> Result<(), String> {
    if depth > MAX_FOLDER_DEPTH {
        return Err(format!(
            "`{}`: folders nested deeper than {MAX_FOLDER_DEPTH}",
            dir.display()
        ));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read the folder `{}`: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read the folder `{}`: {e}", dir.display()))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
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
