//! Helpers shared by the test modules.

use std::path::Path;

use treatyc::diagnostics::{render_human, Diagnostic};
use treatyc::source::SourceMap;

/// What checking one source produced, rendered as a person would see it.
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub rendered: String,
    pub document: Option<treatyc::ast::Document>,
}

/// The bundled treaties, by file stem (`treaties/NAME.treaty`).
pub const BUNDLED: [&str; 6] = [
    "wsc",
    "eu-council",
    "eu-treaties",
    "north-atlantic",
    "un-security-council",
    "imf",
];

pub fn check(name: &str, bytes: &[u8]) -> Checked {
    let mut sources = SourceMap::new();
    let unit = treatyc::check_source(&mut sources, name, bytes, &treatyc::check::Config::default());
    let rendered = render_human(&sources, &unit.diagnostics);
    Checked {
        diagnostics: unit.diagnostics,
        rendered,
        document: unit.document,
    }
}

/// Parses only: no semantic checks.
pub fn parse(name: &str, bytes: &[u8]) -> Checked {
    let mut sources = SourceMap::new();
    let unit = treatyc::parse_source(&mut sources, name, bytes);
    let rendered = render_human(&sources, &unit.diagnostics);
    Checked {
        diagnostics: unit.diagnostics,
        rendered,
        document: unit.document,
    }
}

pub fn parse_file(path: &Path, display_name: &str) -> Checked {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse(display_name, &bytes)
}

/// Checks a file; a `.csv` beside it (same stem) supplies member facts.
pub fn check_file(path: &Path, display_name: &str) -> Checked {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let facts_path = path.with_extension("csv");
    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    let mut facts = None;
    if facts_path.exists() {
        let text = std::fs::read_to_string(&facts_path).unwrap();
        let file = sources.add(display_name_of(&facts_path), text);
        match treatyc::facts::parse_csv(file, sources.text(file)) {
            Ok(table) => facts = Some(table),
            Err(d) => diagnostics.push(d),
        }
    }
    let unit = treatyc::check_source(
        &mut sources,
        display_name,
        &bytes,
        &treatyc::check::Config {
            facts,
            ..Default::default()
        },
    );
    diagnostics.extend(unit.diagnostics);
    treatyc::diagnostics::sort(&mut diagnostics);
    let rendered = render_human(&sources, &diagnostics);
    Checked {
        diagnostics,
        rendered,
        document: unit.document,
    }
}

pub fn codes(c: &Checked) -> Vec<&'static str> {
    c.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// `tests/ui/err/E0004-letters-in-number.treaty` -> `E0004`
pub fn expected_code(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    stem.split('-').next().unwrap_or("").to_string()
}

fn display_name_of(path: &Path) -> String {
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|s| s.to_str())
        .unwrap_or("");
    display_name(path, folder)
}

pub fn display_name(path: &Path, folder: &str) -> String {
    format!("{folder}/{}", path.file_name().and_then(|s| s.to_str()).unwrap_or(""))
}

/// Checks a failing corpus case: it reports the code its name starts with, and
/// every diagnostic has a help line. Returns the rendering to snapshot.
pub fn failing_case(path: &Path) -> String {
    let checked = check_file(path, &display_name(path, "err"));
    let code = expected_code(path);
    assert!(
        codes(&checked).contains(&code.as_str()),
        "{} should report {code}, got:\n{}",
        path.display(),
        checked.rendered
    );
    for d in &checked.diagnostics {
        assert!(d.help.is_some(), "{} has no help line: {}", d.code.as_str(), d.message);
    }
    checked.rendered
}

/// Runs the built `treatyc` in the project folder: exit code, stdout, stderr.
pub fn treatyc(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_treatyc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
