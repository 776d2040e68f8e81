//! The command line: parse arguments, read files, call the library, print, exit.
//!
//! Exit codes: 0 success (warnings allowed), 1 the treaty has errors, 2 the
//! command could not run (bad usage, unreadable file).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::diagnostics::{self, Code, Diagnostic, Severity};
use crate::source::SourceMap;

#[derive(Parser, Debug)]
#[command(
    name = "treatyc",
    version,
    about = "A compiler for treaties written as code: parse, check, evaluate and draw them",
    after_help = "Examples:\n  treatyc check treaties/wsc.treaty\n  treatyc check treaties/*.treaty --format json\n  treatyc explain E0010"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check treaties and amendments for errors; exit 1 if any file has an error
    #[command(
        after_help = "Examples:\n  treatyc check treaties/wsc.treaty\n  treatyc check treaties/*.treaty --format json\n  treatyc check draft.treaty --deny warnings"
    )]
    Check {
        /// Treaty or amendment files
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors (`--deny warnings`)
        #[arg(long, value_enum, value_name = "WHAT")]
        deny: Option<Deny>,
        #[arg(long, value_enum, default_value_t = ColorMode::Auto)]
        color: ColorMode,
        /// Member facts (CSV: `id`, optional `name`, one column per attribute), for
        /// checks that depend on real figures such as unwritten vetoes
        #[arg(long, value_name = "FILE")]
        facts: Option<PathBuf>,
    },
    /// Print the syntax tree of a file as JSON
    #[command(after_help = "Example:\n  treatyc parse treaties/eu-council.treaty --format json > eu-council.ast.json")]
    Parse {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = TreeFormat::Json)]
        format: TreeFormat,
    },
    /// Explain a diagnostic code: what it means, why it matters, how to fix it
    #[command(after_help = "Examples:\n  treatyc explain E0010\n  treatyc explain --list")]
    Explain {
        /// A code such as E0010
        #[arg(value_name = "CODE", required_unless_present = "list")]
        code: Option<String>,
        /// List every code with its title
        #[arg(long)]
        list: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeFormat {
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorMode {
    Auto,
    Always,
    Never,
}

/// Runs the command line; the binary's `main` is only this.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check {
            files,
            format,
            deny,
            color,
            facts,
        } => check(files, facts, format, deny.is_some(), color),
        Command::Parse { file, format: _ } => parse(file),
        Command::Explain { code, list } => explain(code.as_deref(), list),
    }
}

fn read(path: &PathBuf) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))
}

/// Reads a facts file into `sources`; a file that is not a table is a diagnostic.
fn read_facts(sources: &mut SourceMap, path: &PathBuf) -> Result<Result<crate::facts::FactTable, Diagnostic>, String> {
    let bytes = read(path)?;
    let text = String::from_utf8(bytes).map_err(|e| format!("`{}` is not UTF-8 text: {e}", path.display()))?;
    let file = sources.add(path.display().to_string(), text);
    Ok(crate::facts::parse_csv(file, sources.text(file)))
}

/// Whether a diagnostic is about the facts file rather than a treaty.
fn is_facts_problem(d: &Diagnostic) -> bool {
    matches!(d.code, Code::E0601 | Code::E0602 | Code::E0603 | Code::E0604)
}

fn check(
    mut files: Vec<PathBuf>,
    facts: Option<PathBuf>,
    format: Format,
    deny_warnings: bool,
    color: ColorMode,
) -> Result<ExitCode, String> {
    // Sorted so that output depends only on which files were named, not their order.
    files.sort();
    files.dedup();
    let mut sources = SourceMap::new();
    let mut all: Vec<Diagnostic> = Vec::new();
    let mut config = crate::check::Config::default();
    if let Some(path) = &facts {
        match read_facts(&mut sources, path)? {
            Ok(table) => config.facts = Some(table),
            Err(d) => all.push(d),
        }
    }
    let config = &config;
    let mut inputs = Vec::new();
    for path in &files {
        inputs.push((path.display().to_string(), read(path)?));
    }
    for (name, bytes) in &inputs {
        let unit = crate::check_source(&mut sources, name, bytes, config);
        all.extend(unit.diagnostics);
    }
    if deny_warnings {
        for d in &mut all {
            d.severity = Severity::Error;
        }
    }
    diagnostics::sort(&mut all);
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    let facts_problem = all.iter().any(is_facts_problem);
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            writeln!(out, "{}", diagnostics::render_json(&sources, &all)).map_err(|e| e.to_string())?;
        }
        Format::Human => {
            if use_color(color) {
                let mut stream = StandardStream::stdout(ColorChoice::Always);
                diagnostics::render_human_colored(&sources, &all, &mut stream).map_err(|e| e.to_string())?;
            } else {
                write!(out, "{}", diagnostics::render_human(&sources, &all)).map_err(|e| e.to_string())?;
            }
            writeln!(out, "{}", summary(files.len(), errors, warnings)).map_err(|e| e.to_string())?;
        }
    }
    // Facts that do not fit are the command's input being wrong, not the treaty.
    Ok(if facts_problem {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn use_color(mode: ColorMode) -> bool {
    match mode {
        ColorMode::Always => true,
        ColorMode::Never => false,
        ColorMode::Auto => std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `checked 4 files: no errors` / `checked 1 file: 2 errors, 1 warning`
pub fn summary(files: usize, errors: usize, warnings: usize) -> String {
    let problems = match (errors, warnings) {
        (0, 0) => "no problems".to_string(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    };
    format!("checked {}: {problems}", plural(files, "file"))
}

fn parse(path: PathBuf) -> Result<ExitCode, String> {
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
        println!("{text}");
    }
    Ok(if errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn explain(code: Option<&str>, list: bool) -> Result<ExitCode, String> {
    if list {
        for c in Code::ALL {
            println!("{}  {:<7}  {}", c.as_str(), severity_word(c.severity()), c.title());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let name = code.unwrap_or("");
    match Code::parse(name) {
        Some(c) => {
            print!("{}", explain_page(c));
            Ok(ExitCode::SUCCESS)
        }
        None => Err(format!(
            "no diagnostic code `{name}`; `treatyc explain --list` lists them all"
        )),
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The page `treatyc explain CODE` prints, also used to build `docs/diagnostics.md`.
pub fn explain_page(c: Code) -> String {
    format!(
        "{} ({}): {}\n\n{}\n",
        c.as_str(),
        severity_word(c.severity()),
        c.title(),
        c.page()
    )
}

/// The whole catalogue as Markdown: `docs/diagnostics.md` must equal this.
pub fn diagnostics_markdown() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\nGenerated from `src/diagnostics/codes.rs` (a test keeps this file in sync);\n`treatyc explain CODE` prints the same page.\n\n| code | severity | title |\n|---|---|---|\n",
    );
    for c in Code::ALL {
        out.push_str(&format!(
            "| [{0}](#{1}) | {2} | {3} |\n",
            c.as_str(),
            c.as_str().to_lowercase(),
            severity_word(c.severity()),
            c.title()
        ));
    }
    for c in Code::ALL {
        out.push_str(&format!(
            "\n## {}\n\n**{}**: {}\n\n```text\n{}\n```\n",
            c.as_str(),
            severity_word(c.severity()),
            c.title(),
            c.page()
        ));
    }
    out
}
