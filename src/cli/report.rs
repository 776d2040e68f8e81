//! How every command answers, so that all of them answer alike (and so that a
//! new command, such as `fmt` or `lsp`, answers the same way by calling these).
//!
//! The rule: the answer to the question goes to standard output; diagnostics for
//! people go to standard error, coloured only where standard error is a terminal
//! and `NO_COLOR` is unset or empty (or with `--color always`); with `--format
//! json`, every outcome, a failure included, is one JSON document on standard
//! output, and a failure is `{"diagnostics": [...]}` with a code for each.
//!
//! Exit codes: 0 success (warnings allowed), 1 the input treaty has errors or a
//! scenario fails, 2 the command could not run as asked (a file that cannot be
//! read or written, facts or a question that do not fit), 141 the reader of
//! standard output went away before the answer was written (as a shell reports a
//! command ended by SIGPIPE): an answer that was lost is never a success.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::diagnostics::{self, Code, Diagnostic, Problem};
use crate::source::{SourceMap, Span};

use super::ColorMode;

/// Success, warnings allowed.
pub const EXIT_OK: u8 = 0;
/// The input treaty (or amendment) has errors, or a scenario fails.
pub const EXIT_ERRORS: u8 = 1;
/// The command could not run as asked.
pub const EXIT_CANNOT_RUN: u8 = 2;
/// Standard output's reader went away: 128 + SIGPIPE, as a shell reports it.
pub const EXIT_OUTPUT_LOST: u8 = 141;

/// Ends the process because the answer could not be delivered: the reader of
/// standard output has gone away (`treatyc test t.treaty | head`). Nothing can be
/// said on standard output any more; the exit code says it.
pub fn output_lost() -> ! {
    std::process::exit(i32::from(EXIT_OUTPUT_LOST))
}

/// The command line being run (`run_args` sets it), for failures that point into it.
static COMMAND_LINE: std::sync::RwLock<Vec<String>> = std::sync::RwLock::new(Vec::new());

pub(super) fn set_command_line(args: &[std::ffi::OsString]) {
    if let Ok(mut line) = COMMAND_LINE.write() {
        *line = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    }
}

/// The words of the command line being run, the program's name first.
fn command_line() -> Vec<String> {
    match COMMAND_LINE.read() {
        Ok(line) if !line.is_empty() => line.clone(),
        _ => std::env::args().collect(),
    }
}

/// Writes to standard output; a reader that has gone away ends the command
/// with [`EXIT_OUTPUT_LOST`], never with success.
pub fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).and_then(|()| out.flush()).is_err() {
        output_lost();
    }
}

/// Writes to standard error. If standard error itself is gone there is no one
/// left to tell; the exit code still says what happened.
pub fn print_err(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Whether to colour what goes to a stream: `--color always`/`never` decide;
/// `auto` colours a terminal unless `NO_COLOR` is set to anything but the empty
/// string (https://no-color.org).
pub fn use_color(mode: ColorMode, stream_is_terminal: bool) -> bool {
    color_for(mode, std::env::var_os("NO_COLOR").as_deref(), stream_is_terminal)
}

fn color_for(mode: ColorMode, no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
    match mode {
        ColorMode::Always => true,
        ColorMode::Never => false,
        ColorMode::Auto => no_color.is_none_or(|v| v.is_empty()) && terminal,
    }
}

/// Shows diagnostics for people on standard error, coloured per [`use_color`].
pub fn show_diagnostics(sources: &SourceMap, list: &[Diagnostic], color: ColorMode) {
    if list.is_empty() {
        return;
    }
    if use_color(color, std::io::stderr().is_terminal()) {
        let mut stream = StandardStream::stderr(ColorChoice::Always);
        // Standard error gone: nothing to be done (see `print_err`).
        let _ = diagnostics::render_human_colored(sources, list, &mut stream);
    } else {
        // A few hundred at a time: the text of ten thousand warnings, rendered
        // whole, was the largest thing a check held (7.5 MB for a 0.9 MB treaty).
        for some in list.chunks(256) {
            print_err(&diagnostics::render_human(sources, some));
        }
    }
}

/// Why a command stopped: diagnostics (each with a code, a span and a help line)
/// and the exit code. `main` shows them as the format asked.
#[derive(Debug)]
pub struct Failure {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    pub exit: u8,
}

impl Failure {
    /// The input has errors, already found as diagnostics (exit 1).
    pub fn errors(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Failure {
        Failure {
            sources: sources.clone(),
            diagnostics: diagnostics.to_vec(),
            exit: EXIT_ERRORS,
        }
    }

    /// Diagnostics that stop the command from running (exit 2): facts or a
    /// history that do not fit the treaty.
    pub fn cannot_run(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Failure {
        Failure {
            exit: EXIT_CANNOT_RUN,
            ..Failure::errors(sources, diagnostics)
        }
    }

    /// A file that cannot be read (E0908) or written (E0909): the diagnostic
    /// names the file, with no text to point into.
    pub fn file(code: Code, path: &std::path::Path, why: impl Into<String>) -> Failure {
        let mut sources = SourceMap::new();
        let file = sources.add(path.display().to_string(), String::new());
        let (label, help) = match code {
            Code::E0909 => (
                "not written",
                "name another output file, or write to standard output (`-o -`)",
            ),
            _ => ("not read", "correct the path; a directory or a socket is not read"),
        };
        let d = Diagnostic::new(code, Span::new(file, 0, 0), why)
            .with_primary_label(label)
            .with_help(help);
        Failure {
            sources,
            diagnostics: vec![d],
            exit: EXIT_CANNOT_RUN,
        }
    }

    /// The help line of a file's failure, when the usual one would mislead (the
    /// file was read, but is not what the command needs).
    pub fn with_help(mut self, help: impl Into<String>) -> Failure {
        let help = help.into();
        for d in &mut self.diagnostics {
            d.help = Some(help.clone());
        }
        self
    }

    /// A question that cannot be answered as asked, pointing into the command
    /// line as typed (exit 2).
    pub fn problem(problem: &Problem) -> Failure {
        let question = command_line()
            .into_iter()
            .skip(1)
            .map(|a| {
                if a.contains(char::is_whitespace) {
                    format!("'{a}'")
                } else {
                    a
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let mut sources = SourceMap::new();
        let file = sources.add("<command line>", format!("treatyc {question}"));
        let d = problem.diagnostic(file, sources.text(file));
        Failure {
            sources,
            diagnostics: vec![d],
            exit: EXIT_CANNOT_RUN,
        }
    }

    /// The diagnostics in one line: each code and message (`error[E0602]: ...`).
    pub fn summary(&self) -> String {
        self.diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}[{}]: {}",
                    diagnostics::severity_word(d.severity),
                    d.code.as_str(),
                    d.message
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Shows the failure as the format asked and gives the exit code: JSON on
    /// standard output, or for people on standard error.
    pub fn report(&self, json: bool, color: ColorMode) -> ExitCode {
        if json {
            print_out(&format!(
                "{}\n",
                diagnostics::render_json(&self.sources, &self.diagnostics)
            ));
        } else {
            show_diagnostics(&self.sources, &self.diagnostics, color);
        }
        ExitCode::from(self.exit)
    }
}

impl From<Problem> for Failure {
    fn from(problem: Problem) -> Failure {
        Failure::problem(&problem)
    }
}

/// Anything else that stops a command (an unknown stage, a file of the wrong
/// kind, a drawing too large): E0910, pointing into the command line.
impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::problem(&Problem::new(Code::E0910, message))
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Failure {
        Failure::from(message.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_disables_colour_only_when_not_empty() {
        let set = Some(std::ffi::OsStr::new("1"));
        let empty = Some(std::ffi::OsStr::new(""));
        assert!(color_for(ColorMode::Auto, None, true));
        assert!(color_for(ColorMode::Auto, empty, true));
        assert!(!color_for(ColorMode::Auto, set, true));
        assert!(!color_for(ColorMode::Auto, None, false));
        assert!(color_for(ColorMode::Always, set, false));
        assert!(!color_for(ColorMode::Never, None, true));
    }
}
