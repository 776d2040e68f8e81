//! Diagnostics as data.
//!
//! Every stage reports problems as [`Diagnostic`] values carrying a stable [`Code`];
//! all user-facing wording of a code's page lives in [`codes`]. This module is the
//! only user of codespan-reporting, and renders for people (`human`) and machines (`json`).

pub mod codes;
mod problem;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term;
use serde::Serialize;

pub use codes::Code;
pub use problem::Problem;

use crate::source::{SourceMap, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A message attached to a span of source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One problem found in a treaty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: code.severity(),
            code,
            message: message.into(),
            primary: Label {
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// The text under the primary caret.
    pub fn with_primary_label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary.message = message.into();
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// An error that leaves the file unread (see `Code::stops_analysis`).
    pub fn stops_analysis(&self) -> bool {
        self.is_error() && self.code.stops_analysis()
    }
}

/// Sorts diagnostics by file, then position, then code, and drops exact repeats,
/// so output never depends on the order in which checks ran.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (
            a.primary.span.file,
            a.primary.span.start,
            a.primary.span.end,
            a.code,
            &a.message,
        )
            .cmp(&(
                b.primary.span.file,
                b.primary.span.start,
                b.primary.span.end,
                b.code,
                &b.message,
            ))
    });
    diagnostics.dedup();
}

fn to_codespan(d: &Diagnostic) -> cs::Diagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let mut labels = vec![
        cs::Label::primary(d.primary.span.file.0, d.primary.span.start..d.primary.span.end)
            .with_message(d.primary.message.clone()),
    ];
    for l in &d.secondary {
        labels.push(cs::Label::secondary(l.span.file.0, l.span.start..l.span.end).with_message(l.message.clone()));
    }
    let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(d.code.as_str())
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders diagnostics for people, without colour.
pub fn render_human(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        match term::emit_into_string(&config, sources.codespan(), &to_codespan(d)) {
            Ok(text) => out.push_str(&text),
            // A span outside its file is a bug in a stage, never the user's fault;
            // still say what was found rather than lose it.
            Err(_) => out.push_str(&format!(
                "{}[{}]: {}\n",
                severity_word(d.severity),
                d.code.as_str(),
                d.message
            )),
        }
    }
    out
}

/// Renders diagnostics for people to a colour-capable terminal.
pub fn render_human_colored(
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    stream: &mut dyn term::termcolor::WriteColor,
) -> std::io::Result<()> {
    let config = term::Config::default();
    let styles = term::Styles::default();
    for d in diagnostics {
        let mut writer = term::StylesWriter::new(&mut *stream, &styles);
        if term::emit_to_write_style(&mut writer, &config, sources.codespan(), &to_codespan(d)).is_err() {
            writeln!(
                stream,
                "{}[{}]: {}",
                severity_word(d.severity),
                d.code.as_str(),
                d.message
            )?;
        }
    }
    Ok(())
}

/// The severity as a word.
pub fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// What `--format json` prints for diagnostics: `check`'s answer, and every
/// command's answer when it fails (`docs/schemas/diagnostics.schema.json`).
#[derive(Serialize, schemars::JsonSchema)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'static str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    labels: Vec<JsonLabel<'a>>,
    notes: &'a [String],
    help: Option<&'a str>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonLabel<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

fn json_label<'a>(sources: &'a SourceMap, label: &'a Label) -> JsonLabel<'a> {
    let start = sources.position(label.span.file, label.span.start);
    let end = sources.position(label.span.file, label.span.end);
    JsonLabel {
        file: sources.name(label.span.file),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        message: &label.message,
    }
}

/// Renders diagnostics as one JSON object `{"diagnostics": [...]}`; lines and columns are 1-based.
pub fn render_json(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let report = JsonReport {
        diagnostics: json_diagnostics(sources, diagnostics),
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The JSON Schema of [`render_json`]'s output.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(JsonReport<'static>)).unwrap_or_default()
}

/// The `diagnostics` array of [`render_json`], for a command that carries
/// diagnostics inside its own JSON answer (`parse`, `test`, `lint-amendment`).
pub fn json_array(sources: &SourceMap, diagnostics: &[Diagnostic]) -> serde_json::Value {
    serde_json::to_value(json_diagnostics(sources, diagnostics)).unwrap_or_else(|_| serde_json::json!([]))
}

fn json_diagnostics<'a>(sources: &'a SourceMap, diagnostics: &'a [Diagnostic]) -> Vec<JsonDiagnostic<'a>> {
    diagnostics
        .iter()
        .map(|d| {
            let primary = json_label(sources, &d.primary);
            JsonDiagnostic {
                severity: d.severity,
                code: d.code.as_str(),
                message: &d.message,
                file: primary.file,
                line: primary.line,
                column: primary.column,
                end_line: primary.end_line,
                end_column: primary.end_column,
                labels: std::iter::once(primary)
                    .chain(d.secondary.iter().map(|l| json_label(sources, l)))
                    .collect(),
                notes: &d.notes,
                help: d.help.as_deref(),
            }
        })
        .collect()
}

/// Where a SARIF log's paths and help pages are.
#[derive(Debug, Clone, Copy)]
pub struct SarifContext<'a> {
    /// The folder relative file names are relative to (the working directory):
    /// they stay relative, resolved against `%SRCROOT%`, which the log gives as
    /// this folder's `file://` URI.
    pub root: &'a std::path::Path,
    /// The site `treatyc doc` wrote, as a URL: each rule's `helpUri` is its
    /// `explain` page there. `None`: no `helpUri` (never a link to nothing).
    pub site_url: Option<&'a str>,
}

/// The base every relative file name is resolved against.
const SRCROOT: &str = "%SRCROOT%";

/// Percent-encodes a path for a URI (RFC 3986): every byte but the unreserved
/// characters and `/` (and `:` where `colon` allows it, as in `C:`).
fn percent_encoded(path: &str, colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(char::from(b)),
            b':' if colon => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The `file://` URI of an absolute path (RFC 8089): `/a b/ç` is
/// `file:///a%20b/%C3%A7`; a Windows path `C:\x` is `file:///C:/x`.
pub fn file_uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("//?/").unwrap_or(&text).to_string();
    if text.starts_with('/') {
        format!("file://{}", percent_encoded(&text, true))
    } else {
        format!("file:///{}", percent_encoded(&text, true))
    }
}

/// Whether a file name is an absolute path, on this system or on Windows
/// (`C:\`, `\\server`): SARIF logs are read on other machines.
fn is_absolute(name: &str) -> bool {
    let bytes = name.as_bytes();
    std::path::Path::new(name).is_absolute()
        || name.starts_with('/')
        || name.starts_with("\\\\")
        || matches!(bytes, [letter, b':', b'\\' | b'/', ..] if letter.is_ascii_alphabetic())
}

/// A SARIF `artifactLocation`: an absolute path as its `file://` URI, a relative
/// one as a relative reference resolved against `%SRCROOT%` (never a bare path,
/// which SARIF validators reject: SARIF1004).
fn artifact_location(name: &str) -> serde_json::Value {
    if is_absolute(name) {
        serde_json::json!({ "uri": file_uri(std::path::Path::new(name)) })
    } else {
        let relative = name.replace('\\', "/");
        let relative = relative.strip_prefix("./").unwrap_or(&relative);
        serde_json::json!({ "uri": percent_encoded(relative, false), "uriBaseId": SRCROOT })
    }
}

/// The URL of a site given as a URL, or as the folder it was written to.
pub fn site_url(given: &str, root: &std::path::Path) -> String {
    let has_scheme = given.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    let url = if has_scheme {
        given.to_string()
    } else {
        let path = std::path::Path::new(given);
        file_uri(&if is_absolute(given) {
            path.to_path_buf()
        } else {
            root.join(path)
        })
    };
    url.trim_end_matches('/').to_string()
}

/// Renders diagnostics as a SARIF 2.1.0 log (one run of treatyc), for code-scanning
/// tools: each code that occurs becomes a rule with its title, its `explain` page
/// as help (text and Markdown) and, with a site, a `helpUri` to that page; each
/// diagnostic a result whose secondary labels are related locations. Notes and
/// the help line follow the message, as SARIF has no place of their own for them.
pub fn render_sarif(sources: &SourceMap, diagnostics: &[Diagnostic], context: &SarifContext<'_>) -> String {
    let mut codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    codes.sort_by_key(|c| c.as_str());
    codes.dedup();
    let level = |s: Severity| severity_word(s);
    let rules: Vec<serde_json::Value> = codes
        .iter()
        .map(|c| {
            let mut rule = serde_json::json!({
                "id": c.as_str(),
                "shortDescription": { "text": c.title() },
                "fullDescription": { "text": c.page().split("\n\n").next().unwrap_or_default().replace('\n', " ") },
                "help": {
                    "text": explain_page(*c),
                    "markdown": format!(
                        "**{}** ({}): {}\n\n```text\n{}\n```\n",
                        c.as_str(),
                        severity_word(c.severity()),
                        c.title(),
                        c.page()
                    ),
                },
                "defaultConfiguration": { "level": level(c.severity()) },
            });
            if let (Some(site), Some(object)) = (context.site_url, rule.as_object_mut()) {
                object.insert(
                    "helpUri".to_string(),
                    serde_json::Value::String(format!("{}/explain/{}.html", site.trim_end_matches('/'), c.as_str())),
                );
            }
            rule
        })
        .collect();
    let location = |label: &Label| {
        let start = sources.position(label.span.file, label.span.start);
        let end = sources.position(label.span.file, label.span.end);
        serde_json::json!({
            "artifactLocation": artifact_location(sources.name(label.span.file)),
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            },
        })
    };
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            for note in &d.notes {
                text.push_str(&format!("\nnote: {note}"));
            }
            if let Some(help) = &d.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
            let related: Vec<serde_json::Value> = d
                .secondary
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    serde_json::json!({
                        "id": i + 1,
                        "physicalLocation": location(l),
                        "message": { "text": l.message },
                    })
                })
                .collect();
            serde_json::json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": codes.iter().position(|c| *c == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": location(&d.primary),
                    "message": { "text": d.primary.message },
                }],
                "relatedLocations": related,
            })
        })
        .collect();
    let mut root = file_uri(context.root);
    if !root.ends_with('/') {
        root.push('/');
    }
    let log = serde_json::json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": { "driver": {
                "name": "treatyc",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "originalUriBaseIds": { SRCROOT: { "uri": root } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
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
