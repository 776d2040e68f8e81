//! The command line: parse arguments, read files, call the library, print, exit.
//!
//! Exit codes: 0 success (warnings allowed), 1 the treaty has errors, 2 the
//! command could not run (bad usage, unreadable file).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

mod files;

use crate::diagnostics::{self, Code, Diagnostic, Severity};
use crate::ir::FactKind;
use crate::source::SourceMap;

/// Writes to standard output; a reader that has gone away (`treatyc ... | head`)
/// ends the command quietly instead of a panic.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if write!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

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
        after_help = "Examples:\n  treatyc check treaties/wsc.treaty\n  treatyc check treaties/*.treaty --format json\n  treatyc check treaties/*.treaty --format sarif > treatyc.sarif\n  treatyc check draft.treaty --deny warnings"
    )]
    Check {
        /// Treaty or amendment files
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// `json`: one object with every diagnostic; `sarif`: a SARIF 2.1.0 log for
        /// code-scanning tools
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Treat warnings as errors (`--deny warnings`)
        #[arg(long, value_enum, value_name = "WHAT")]
        deny: Option<Deny>,
        #[arg(long, value_enum, default_value_t = ColorMode::Auto)]
        color: ColorMode,
        /// Member facts (CSV: `id`, optional `name`, one column per attribute), for
        /// checks that depend on real figures such as unwritten vetoes
        #[arg(long, value_name = "FILE")]
        facts: Option<PathBuf>,
        /// Check only this stage's treaty (default: the treaty and every stage)
        #[arg(long, value_name = "STAGE")]
        stage: Option<String>,
    },
    /// Print the syntax tree of a file as JSON
    #[command(after_help = "Example:\n  treatyc parse treaties/eu-council.treaty --format json > eu-council.ast.json")]
    Parse {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = TreeFormat::Json)]
        format: TreeFormat,
    },
    /// Draw the institutions: bodies, offices, member states, decisions, funds and
    /// their relationships
    #[command(
        after_help = "Examples:\n  treatyc graph treaties/wsc.treaty --format svg -o wsc.svg\n  treatyc graph treaties/wsc.treaty --stage union --format mermaid\n  treatyc graph treaties/wsc.treaty --stage union --diff-stage community --format dot | dot -Tsvg > union.svg\n  treatyc graph draft.treaty --diff treaties/wsc.treaty --format json"
    )]
    Graph(GraphArgs),
    /// Compile a treaty (or one of its stages) to the rule IR, versioned JSON
    #[command(
        after_help = "Examples:\n  treatyc emit treaties/wsc.treaty -o rules.json\n  treatyc emit treaties/wsc.treaty --stage union -o union.json\n  treatyc emit --schema > ir.schema.json"
    )]
    Emit {
        #[arg(value_name = "FILE", required_unless_present = "schema")]
        file: Option<PathBuf>,
        #[arg(long, value_name = "STAGE")]
        stage: Option<String>,
        /// Write to this file (atomically) instead of standard output
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Print the IR's JSON Schema instead
        #[arg(long)]
        schema: bool,
    },
    /// Evaluate the compiled rules: does this vote pass?
    #[command(
        after_help = "Examples:\n  treatyc eval treaties/eu-council.treaty --facts treaties/data/eu_council_population.csv vote --body Council --decision ordinary --yes DEU,FRA,... --no HUN\n  treatyc eval treaties/un-security-council.treaty vote --body SecurityCouncil --decision substantive --yes CHN,FRA,RUS,GBR,DNK,GRC,PAK,PAN,SOM --abstain USA --format json"
    )]
    Eval(Box<EvalArgs>),
    /// Exact voting power of each member under a body's rule (Banzhaf or Shapley-Shubik)
    #[command(
        after_help = "Examples:\n  treatyc power treaties/eu-council.treaty --facts treaties/data/eu_council_population.csv --body Council --decision ordinary --index banzhaf\n  treatyc power treaties/un-security-council.treaty --body SecurityCouncil --decision substantive --index shapley-shubik --format json"
    )]
    Power(PowerArgs),
    /// Run the scenarios the treaties carry; exit 1 when one fails
    #[command(
        after_help = "Examples:\n  treatyc test treaties/*.treaty\n  treatyc test draft.treaty --facts members.csv"
    )]
    Test {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Facts for scenarios that name none (a scenario's own `facts "..."` wins)
        #[arg(long, value_name = "FILE")]
        facts: Option<PathBuf>,
    },
    /// A semantic diff of two treaties (or two stages): bodies, powers, voting rules,
    /// obligations, criteria and sanctions added, removed or changed
    #[command(
        after_help = "Examples:\n  treatyc diff treaties/north-atlantic.treaty treaties/wsc.treaty\n  treatyc diff treaties/wsc.treaty treaties/wsc.treaty --old-stage community --new-stage union --format json"
    )]
    Diff {
        #[arg(value_name = "OLD")]
        old: PathBuf,
        #[arg(value_name = "NEW")]
        new: PathBuf,
        #[arg(long, value_name = "STAGE")]
        old_stage: Option<String>,
        #[arg(long, value_name = "STAGE")]
        new_stage: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Lint an amendment against the treaty it amends: what it breaks, and the procedure it needs
    #[command(
        name = "lint-amendment",
        after_help = "Examples:\n  treatyc lint-amendment treaties/wsc.treaty treaties/amendments/defence-target-3-5.treaty\n  treatyc lint-amendment treaties/north-atlantic.treaty treaties/amendments/nac-qualified-majority.treaty --format json"
    )]
    LintAmendment {
        #[arg(value_name = "BASE")]
        base: PathBuf,
        #[arg(value_name = "AMENDMENT")]
        amendment: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write the consolidated treaty: the base treaty's source with the amendment's
    /// changes written in. Nothing is written if the amendment has an error.
    #[command(
        after_help = "Examples:\n  treatyc amend treaties/wsc.treaty treaties/amendments/defence-target-3-5.treaty -o wsc-amended.treaty\n  treatyc amend treaties/north-atlantic.treaty treaties/amendments/d10-global-accession.treaty | treatyc diff treaties/north-atlantic.treaty /dev/stdin"
    )]
    Amend {
        #[arg(value_name = "BASE")]
        base: PathBuf,
        #[arg(value_name = "AMENDMENT")]
        amendment: PathBuf,
        /// Write to this file (atomically) instead of standard output; never BASE or AMENDMENT
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Print the ladder of stages with each entry condition
    #[command(after_help = "Example:\n  treatyc stages treaties/wsc.treaty")]
    Stages {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
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
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Svg,
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

/// Standard output that ends the command quietly when the reader has gone away.
struct QuietStdout<'a>(std::io::StdoutLock<'a>);

impl std::io::Write for QuietStdout<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.0.write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
            other => other,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.0.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
            other => other,
        }
    }
}

/// Runs the command line; the binary's `main` is only this.
pub fn main() -> ExitCode {
    // A failed SVG layout attempt is retried quietly (see `graph::render`); every
    // other panic is reported as usual.
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(crate::graph::LAYOUT_THREAD) {
            report(info);
        }
    }));
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            // Rendered diagnostics already say what they are.
            if message.starts_with("error[") || message.starts_with("warning[") {
                eprintln!("{message}");
            } else {
                eprintln!("error: {message}");
            }
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
            stage,
        } => check(files, facts, stage, format, deny.is_some(), color),
        Command::Parse { file, format: _ } => parse(file),
        Command::Graph(args) => graph(args),
        Command::Eval(args) => eval(*args),
        Command::Emit {
            file,
            stage,
            output,
            schema,
        } => emit(file, stage, output, schema),
        Command::Power(args) => power(args),
        Command::Diff {
            old,
            new,
            old_stage,
            new_stage,
            format,
        } => diff(&old, &new, old_stage.as_deref(), new_stage.as_deref(), format),
        Command::Stages { file, format } => stages(&file, format),
        Command::LintAmendment {
            base,
            amendment,
            format,
        } => lint_amendment(&base, &amendment, format),
        Command::Amend {
            base,
            amendment,
            output,
        } => amend(&base, &amendment, output.as_deref()),
        Command::Test { files, facts } => test(files, facts),
        Command::Explain { code, list } => explain(code.as_deref(), list),
    }
}

/// A whole input file (or standard input for `-`), refused above the input cap.
fn read(path: impl AsRef<std::path::Path>) -> Result<Vec<u8>, String> {
    files::read_input(path.as_ref())
}

/// Reads a facts file into `sources`; a file that is not a table is a diagnostic.
fn read_facts(sources: &mut SourceMap, path: &PathBuf) -> Result<Result<crate::facts::FactTable, Diagnostic>, String> {
    let bytes = read(path)?;
    let text = String::from_utf8(bytes).map_err(|e| format!("`{}` is not UTF-8 text: {e}", path.display()))?;
    let file = sources.add(path.display().to_string(), text);
    if is_json(path) {
        return Ok(crate::facts::parse_json(file, sources.text(file)));
    }
    Ok(crate::facts::parse_csv(file, sources.text(file)))
}

/// A `.json` file, whatever the case of its extension (`.JSON` as Windows tools write).
fn is_json(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Whether a diagnostic is about the facts file rather than a treaty.
fn is_facts_problem(d: &Diagnostic) -> bool {
    matches!(
        d.code,
        Code::E0601 | Code::E0602 | Code::E0603 | Code::E0604 | Code::E0605
    )
}

fn check(
    mut files: Vec<PathBuf>,
    facts: Option<PathBuf>,
    stage: Option<String>,
    format: CheckFormat,
    deny_warnings: bool,
    color: ColorMode,
) -> Result<ExitCode, String> {
    // Sorted so that output depends only on which files were named, not their order.
    files.sort();
    files.dedup();
    let mut sources = SourceMap::new();
    let mut all: Vec<Diagnostic> = Vec::new();
    let mut config = crate::check::Config {
        stage,
        ..Default::default()
    };
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
    let mut units = Vec::new();
    for (name, bytes) in &inputs {
        let mut unit = crate::check_source(&mut sources, name, bytes, config);
        all.append(&mut unit.diagnostics);
        units.push(unit);
    }
    all.extend(lint_amendments_against_their_treaties(&units, config));
    if deny_warnings {
        for d in &mut all {
            d.severity = Severity::Error;
        }
    }
    diagnostics::sort(&mut all);
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    let facts_problem = all.iter().any(is_facts_problem);
    let mut out = QuietStdout(std::io::stdout().lock());
    match format {
        CheckFormat::Json => {
            writeln!(out, "{}", diagnostics::render_json(&sources, &all)).map_err(|e| e.to_string())?;
        }
        CheckFormat::Sarif => {
            writeln!(out, "{}", diagnostics::render_sarif(&sources, &all)).map_err(|e| e.to_string())?;
        }
        CheckFormat::Human => {
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

/// An amendment checked together with the treaty it amends is linted against it,
/// as `lint-amendment` would; one whose treaty is not among the files is only parsed.
fn lint_amendments_against_their_treaties(units: &[crate::Unit], config: &crate::check::Config) -> Vec<Diagnostic> {
    use crate::ast::Document;
    let clean = |u: &&crate::Unit| !u.diagnostics.iter().any(Diagnostic::is_error);
    let treaties: std::collections::BTreeMap<&str, &crate::ast::Treaty> = units
        .iter()
        .filter(clean)
        .filter_map(|u| match &u.document {
            Some(Document::Treaty(t)) => Some((t.name.name.as_str(), t)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for unit in units.iter().filter(clean) {
        if let Some(Document::Amendment(a)) = &unit.document {
            if let Some(base) = treaties.get(a.amends.name.as_str()) {
                out.extend(crate::amend::lint(base, a, config).diagnostics);
            }
        }
    }
    out
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
        outln!("{text}");
    }
    Ok(if errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// A treaty, or a rule IR written by `treatyc emit`
    #[arg(value_name = "TREATY_OR_IR")]
    file: PathBuf,
    /// Member facts (CSV: `id`, optional `name`, one column per attribute)
    #[arg(long, value_name = "FILE", global = true)]
    facts: Option<PathBuf>,
    /// The stage whose rules apply (default: the treaty as written)
    #[arg(long, value_name = "STAGE", global = true)]
    stage: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human, global = true)]
    format: Format,
    /// A fact of the world, such as `population=8000000000` (repeatable)
    #[arg(long, value_name = "KEY=VALUE", global = true)]
    world: Vec<String>,
    /// A fact of the situation, such as `armed_attack=true` (repeatable)
    #[arg(long, value_name = "KEY=VALUE", global = true)]
    situation: Vec<String>,
    /// A body that has authorised the act in question (repeatable)
    #[arg(long, value_name = "BODY", global = true)]
    authorised: Vec<String>,
    /// Members that have ratified
    #[arg(long, value_delimiter = ',', value_name = "IDS", global = true)]
    ratified: Vec<String>,
    #[command(subcommand)]
    question: Question,
}

#[expect(clippy::large_enum_variant, reason = "one question per command")]
#[derive(Subcommand, Debug)]
pub enum Question {
    /// Does this vote pass? Members not listed are absent.
    #[command(
        after_help = "Examples:\n  treatyc eval treaties/un-security-council.treaty vote --body SecurityCouncil --decision substantive --yes CHN,FRA,RUS,GBR,DNK,GRC,PAK,PAN,SOM --abstain USA\n  treatyc eval treaties/eu-council.treaty --facts treaties/data/eu_council_population.csv vote --body Council --decision ordinary --participants AUT,BEL,... --yes ... --no ... --format json"
    )]
    Vote {
        #[arg(long)]
        body: String,
        #[arg(long)]
        decision: String,
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        yes: Vec<String>,
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        no: Vec<String>,
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        abstain: Vec<String>,
        /// The members the decision concerns: they do not vote and leave the base
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        concerned: Vec<String>,
        /// The body that made the proposal, for a power taken `on proposal from` it
        #[arg(long, value_name = "BODY")]
        proposed_by: Option<String>,
        /// A co-deciding body that has adopted the act too (`jointly with`; repeatable)
        #[arg(long, value_name = "BODY")]
        adopted_by: Vec<String>,
        /// When not all members take part: thresholds over these (TFEU Art. 238(3))
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        participants: Option<Vec<String>>,
        /// Members whose voting rights are suspended: they do not vote and leave the base
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        suspended: Vec<String>,
    },
    /// Does a candidate meet every membership criterion? Each with the values used.
    #[command(
        after_help = "Example:\n  treatyc eval treaties/wsc.treaty --facts treaties/data/wsc_members_2024.csv eligible --candidate POL"
    )]
    Eligible {
        #[arg(long, value_name = "ID")]
        candidate: String,
    },
    /// Which obligations on facts are breached, and which sanctions are available.
    #[command(
        after_help = "Examples:\n  treatyc eval treaties/wsc.treaty --facts treaties/data/wsc_members_2024.csv comply\n  treatyc eval treaties/wsc.treaty --facts treaties/data/wsc_members_2024.csv comply --member ITA --format json"
    )]
    Comply {
        #[arg(long, value_name = "ID")]
        member: Option<String>,
    },
    /// The current stage, and whether the next stages' entry conditions are met.
    #[command(
        after_help = "Example:\n  treatyc eval treaties/wsc.treaty --facts treaties/data/wsc_members_2024.csv --world population=8100000000 --ratified USA,GBR,FRA stage"
    )]
    Stage,
}

#[derive(clap::Args, Debug)]
pub struct PowerArgs {
    #[arg(value_name = "TREATY_OR_IR")]
    file: PathBuf,
    /// Member facts holding the weight the rule uses (such as `population`)
    #[arg(long, value_name = "FILE")]
    facts: Option<PathBuf>,
    #[arg(long, value_name = "STAGE")]
    stage: Option<String>,
    #[arg(long)]
    body: String,
    #[arg(long)]
    decision: String,
    #[arg(long, value_enum)]
    index: PowerIndex,
    #[arg(long, value_enum, default_value_t = PowerFormat::Human)]
    format: PowerFormat,
    /// Compare with another treaty (the same body and decision): how power shifts
    #[arg(long, value_name = "OLD", conflicts_with = "compare_stage")]
    compare: Option<PathBuf>,
    /// Compare with another stage of the same treaty
    #[arg(long, value_name = "STAGE")]
    compare_stage: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PowerIndex {
    Banzhaf,
    ShapleyShubik,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PowerFormat {
    Human,
    Csv,
    Json,
}

/// What `treatyc graph` is asked to draw.
#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The stage to draw (default: the treaty as written)
    #[arg(long, value_name = "STAGE")]
    stage: Option<String>,
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
    /// Highlight what changed from another treaty (same stage if it has it)
    #[arg(long, value_name = "OLD", conflicts_with = "diff_stage")]
    diff: Option<PathBuf>,
    /// Highlight what changed from another stage of the same treaty
    #[arg(long, value_name = "STAGE")]
    diff_stage: Option<String>,
    /// Write to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

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

fn graph(req: GraphArgs) -> Result<ExitCode, String> {
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

/// The program to evaluate: a treaty compiled on the spot, or an IR file.
fn load_program(path: &PathBuf, stage: Option<&str>) -> Result<Result<crate::ir::Program, ExitCode>, String> {
    let bytes = read(path)?;
    if is_json(path) {
        let program: crate::ir::Program =
            serde_json::from_slice(&bytes).map_err(|e| format!("`{}` is not a rule IR: {e}", path.display()))?;
        if program.ir_version != crate::ir::IR_VERSION {
            return Err(format!(
                "`{}` is IR version {}; this treatyc reads version {}",
                path.display(),
                program.ir_version,
                crate::ir::IR_VERSION
            ));
        }
        return Ok(Ok(program));
    }
    let mut sources = SourceMap::new();
    match crate::compile_to_ir(&mut sources, &path.display().to_string(), &bytes, stage)? {
        Ok(p) => Ok(Ok(p)),
        Err(diagnostics) => {
            eprint!("{}", diagnostics::render_human(&sources, &diagnostics));
            Ok(Err(ExitCode::from(1)))
        }
    }
}

/// What each member fact the program declares must hold in a facts file.
fn expected_facts(program: &crate::ir::Program) -> std::collections::BTreeMap<String, crate::facts::Expected> {
    use crate::facts::Expected;
    let zero = Some(crate::ast::Rational::ZERO);
    let rational = |r: &Option<crate::ir::Ratio>| r.and_then(|r| crate::ast::Rational::new(r.num, r.den));
    program
        .facts
        .iter()
        .filter(|f| f.entity == "member" && f.kind != FactKind::Derived)
        .map(|f| {
            let e = match f.kind {
                FactKind::Bool => Expected::Bool,
                FactKind::Enumeration => Expected::OneOf(f.variants.clone()),
                FactKind::Score => Expected::Number {
                    min: rational(&f.min),
                    max: rational(&f.max),
                },
                FactKind::Count | FactKind::Money | FactKind::Percent => Expected::Number { min: zero, max: None },
                FactKind::Ratio | FactKind::Year | FactKind::Derived => Expected::Number { min: None, max: None },
            };
            (f.name.clone(), e)
        })
        .collect()
}

/// Member facts for evaluation, read once and checked against the program: a
/// value that does not fit is an error naming file, row and column. The numbers
/// (for weights) and the cells as written (for conditions) come from the one read.
fn load_facts_for(
    program: &crate::ir::Program,
    path: Option<&PathBuf>,
) -> Result<(crate::eval::Facts, crate::eval::Records), String> {
    let (mut facts, mut records) = (crate::eval::Facts::new(), crate::eval::Records::new());
    let Some(path) = path else {
        return Ok((facts, records));
    };
    let mut sources = SourceMap::new();
    let table = match read_facts(&mut sources, path)? {
        Ok(t) => t,
        Err(d) => return Err(diagnostics::render_human(&sources, &[d]).trim_end().to_string()),
    };
    let problems = table.validate(&expected_facts(program), &[]);
    if !problems.is_empty() {
        return Err(diagnostics::render_human(&sources, &problems).trim_end().to_string());
    }
    for m in &table.members {
        let numbers = facts.entry(m.id.text.clone()).or_default();
        let mut cells = std::collections::BTreeMap::new();
        // Validated above: a cell that is not a number is a true/false or enumeration value.
        for (attribute, cell) in table.cells(m) {
            if let Some(v) = crate::ast::number::parse_decimal(&cell.text) {
                numbers.insert(attribute.to_string(), crate::ir::Ratio { num: v.num, den: v.den });
            }
            cells.insert(attribute.to_string(), cell.text.clone());
        }
        records.insert(m.id.text.clone(), cells);
    }
    Ok((facts, records))
}

/// `KEY=VALUE` pairs as a map.
/// A key given twice is an error: which value was meant is unknowable.
fn pairs(list: &[String], flag: &str) -> Result<std::collections::BTreeMap<String, String>, String> {
    let mut out = std::collections::BTreeMap::new();
    for p in list {
        let (k, v) = p
            .split_once('=')
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .ok_or_else(|| format!("`--{flag} {p}`: write KEY=VALUE"))?;
        if k.is_empty() {
            return Err(format!("`--{flag} {p}`: the key is empty; write KEY=VALUE"));
        }
        if let Some(previous) = out.insert(k.clone(), v) {
            return Err(format!(
                "`--{flag}` gives `{k}` twice (`{k}={previous}` and `{p}`); give each fact once"
            ));
        }
    }
    Ok(out)
}

/// `--world`/`--situation` facts, each checked against the treaty's declaration
/// as a facts file's cells are: a malformed number is an error, never 0.
fn entity_facts(
    program: &crate::ir::Program,
    list: &[String],
    entity: &str,
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let values = pairs(list, entity)?;
    for (key, value) in &values {
        let Some(decl) = program.facts.iter().find(|f| f.entity == entity && f.name == *key) else {
            let known: Vec<String> = program
                .facts
                .iter()
                .filter(|f| f.entity == entity)
                .map(|f| format!("`{}`", f.name))
                .collect();
            return Err(format!(
                "`--{entity} {key}={value}`: the treaty declares no fact `{entity}.{key}`{}",
                if known.is_empty() {
                    String::new()
                } else {
                    format!("; its {entity} facts are {}", known.join(", "))
                }
            ));
        };
        let ok = match decl.kind {
            FactKind::Bool => matches!(value.as_str(), "true" | "false"),
            FactKind::Enumeration => decl.variants.contains(value),
            FactKind::Derived => true,
            _ => crate::ast::number::parse_decimal(value).is_some(),
        };
        if !ok {
            return Err(format!(
                "`--{entity} {key}={value}`: `{value}` is not a {} value; {}",
                decl.kind.name(),
                match decl.kind {
                    FactKind::Bool => "write `true` or `false`".to_string(),
                    FactKind::Enumeration => format!("write one of {}", decl.variants.join(", ")),
                    _ => "write digits with an optional decimal part, such as `8100000000` or `2.5`".to_string(),
                }
            ));
        }
    }
    Ok(values)
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), String> {
    outln!("{}", serde_json::to_string_pretty(value).map_err(|e| e.to_string())?);
    Ok(())
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "met",
        Some(false) => "FAILED",
        None => "unknown",
    }
}

/// Why a condition is unknown: the facts missing, and what could not be computed.
fn unknown_text(missing: &[String], problems: &[String]) -> String {
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("missing: {}", missing.join(", ")));
    }
    if !problems.is_empty() {
        parts.push(format!("not computed: {}", problems.join("; ")));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

fn used_text(used: &std::collections::BTreeMap<String, String>) -> String {
    used.iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn eval(args: EvalArgs) -> Result<ExitCode, String> {
    let program = match load_program(&args.file, args.stage.as_deref())? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let (facts, members) = load_facts_for(&program, args.facts.as_ref())?;
    // A ratification by a state that is not a party is a mistake in the question,
    // not a ratification to leave out quietly.
    if !program.members.is_empty() {
        if let Some(stranger) = args
            .ratified
            .iter()
            .find(|id| !program.members.iter().any(|m| &m.id == *id))
        {
            return Err(format!(
                "`{stranger}` is not a party to `{}` and cannot ratify; its parties are {}",
                program.treaty,
                program
                    .members
                    .iter()
                    .map(|m| m.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    let context = crate::eval::Context {
        members,
        entities: [
            ("world".to_string(), entity_facts(&program, &args.world, "world")?),
            (
                "situation".to_string(),
                entity_facts(&program, &args.situation, "situation")?,
            ),
        ]
        .into_iter()
        .collect(),
        authorised: args.authorised.iter().cloned().collect(),
        ratified: args.ratified.iter().cloned().collect(),
    };
    match args.question {
        Question::Eligible { candidate } => {
            let r = crate::eval::eligible(&program, &context, &candidate)?;
            match args.format {
                Format::Json => print_json(&r)?,
                Format::Human => {
                    let verdict = match r.eligible {
                        Some(true) => "ELIGIBLE",
                        Some(false) => "NOT ELIGIBLE",
                        None => "UNDECIDED",
                    };
                    outln!("{verdict}: `{}`", r.candidate);
                    for c in &r.criteria {
                        outln!(
                            "  [{}] {}: {}{}",
                            yes_no(c.met),
                            c.criterion,
                            used_text(&c.used),
                            unknown_text(&c.missing, &c.problems)
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Question::Comply { member } => {
            let r = crate::eval::comply(&program, &context, member.as_deref())?;
            match args.format {
                Format::Json => print_json(&r)?,
                Format::Human => {
                    if r.breaches.is_empty() {
                        outln!("no breach of an obligation on facts");
                    }
                    for b in &r.breaches {
                        let place = b
                            .article
                            .as_ref()
                            .map(|a| format!(" (article {a})"))
                            .unwrap_or_default();
                        outln!(
                            "BREACH: `{}` breaches `{}`{place}: {}",
                            b.member,
                            b.obligation,
                            used_text(&b.used)
                        );
                        if b.sanctions.is_empty() {
                            outln!("  no sanction is available");
                        }
                        for s in &b.sanctions {
                            outln!(
                                "  sanction{}: `{}` may {} by `{}`; the member concerned {}",
                                s.sanction.as_ref().map(|n| format!(" `{n}`")).unwrap_or_default(),
                                s.body,
                                s.measure,
                                s.rule,
                                if s.member_concerned_votes {
                                    "votes"
                                } else {
                                    "does not vote"
                                }
                            );
                        }
                    }
                    for (m, o, missing) in &r.undecided {
                        outln!("undecided: `{m}` and `{o}`: {}", missing.join("; "));
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Question::Stage => {
            let r = crate::eval::stage(&program, &context);
            match args.format {
                Format::Json => print_json(&r)?,
                Format::Human => {
                    outln!(
                        "current stage: {}",
                        r.current
                            .as_deref()
                            .unwrap_or("none (the first stage's conditions are not met)")
                    );
                    for t in &r.next {
                        outln!(
                            "  next: `{}` entry condition {}: {}{}",
                            t.stage,
                            yes_no(t.entry_met),
                            used_text(&t.used),
                            unknown_text(&t.missing, &t.problems)
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Question::Vote {
            body,
            decision,
            yes,
            no,
            abstain,
            concerned,
            participants,
            suspended,
            proposed_by,
            adopted_by,
        } => {
            let ballot = crate::eval::Ballot {
                yes,
                no,
                abstain,
                participants,
                concerned,
                suspended,
                steps: crate::eval::Steps {
                    proposed_by,
                    adopted_by,
                    authorised: args.authorised.clone(),
                    ratified: args.ratified.clone(),
                },
            };
            let outcome = crate::eval::vote(&program, &body, &decision, &ballot, &facts)?;
            match args.format {
                Format::Json => outln!("{}", serde_json::to_string_pretty(&outcome).map_err(|e| e.to_string())?),
                Format::Human => {
                    let t = &outcome.tally;
                    outln!(
                        "{} `{}` of `{}` by `{}`: {} in favour, {} against, {} abstaining, {} absent, of {}",
                        match (outcome.vote_passes, outcome.passes) {
                            (_, true) => "PASSES",
                            (true, false) => "VOTE PASSES, NOT YET ADOPTED",
                            (false, _) => "FAILS",
                        },
                        outcome.decision,
                        outcome.body,
                        outcome.rule,
                        t.yes,
                        t.no,
                        t.abstain,
                        t.absent,
                        t.members
                    );
                    for c in &outcome.checks {
                        outln!(
                            "  [{}] {}: required {}, actual {}",
                            if c.met { "ok" } else { "no" },
                            c.name,
                            c.required,
                            c.actual
                        );
                    }
                    if !outcome.steps.is_empty() {
                        outln!("  the procedure's other steps:");
                    }
                    for c in &outcome.steps {
                        outln!(
                            "  [{}] {}: required {}, actual {}",
                            if c.met { "ok" } else { "missing" },
                            c.name,
                            c.required,
                            c.actual
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn emit(
    file: Option<PathBuf>,
    stage: Option<String>,
    output: Option<PathBuf>,
    schema: bool,
) -> Result<ExitCode, String> {
    refuse_to_overwrite(
        output.as_deref(),
        &file.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
    )?;
    let text = if schema {
        serde_json::to_string_pretty(&crate::ir::schema()).map_err(|e| e.to_string())? + "\n"
    } else {
        let Some(file) = file else {
            return Err("name a treaty to emit".to_string());
        };
        let program = match load_program(&file, stage.as_deref())? {
            Ok(p) => p,
            Err(code) => return Ok(code),
        };
        serde_json::to_string_pretty(&program).map_err(|e| e.to_string())? + "\n"
    };
    match &output {
        Some(path) => files::write_output(path, text.as_bytes())?,
        None => out!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn diff(
    old: &PathBuf,
    new: &PathBuf,
    old_stage: Option<&str>,
    new_stage: Option<&str>,
    format: Format,
) -> Result<ExitCode, String> {
    let (before, after) = match (load_program(old, old_stage)?, load_program(new, new_stage)?) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(code), _) | (_, Err(code)) => return Ok(code),
    };
    let changes = crate::ir::diff::diff(&before, &after);
    match format {
        Format::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "changes": changes })).map_err(|e| e.to_string())?
        ),
        Format::Human => {
            if changes.is_empty() {
                outln!("no difference in meaning");
            }
            for c in &changes {
                let sign = match c.change {
                    crate::ir::diff::ChangeKind::Added => "+",
                    crate::ir::diff::ChangeKind::Removed => "-",
                    crate::ir::diff::ChangeKind::Changed => "~",
                };
                outln!("{sign} {} `{}`", c.kind, c.name);
                if let (Some(b), Some(a)) = (&c.before, &c.after) {
                    for (field, before, after) in changed_fields(b, a) {
                        outln!("    {field}: {before}  ->  {after}");
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The fields that differ between two versions of an element, each shown as the
/// language writes it where it is an expression, else as compact JSON.
fn changed_fields(before: &serde_json::Value, after: &serde_json::Value) -> Vec<(String, String, String)> {
    let show = |v: Option<&serde_json::Value>| -> String {
        let Some(v) = v else { return "(none)".to_string() };
        if let Ok(e) = serde_json::from_value::<crate::ir::Expr>(v.clone()) {
            return e.to_string();
        }
        if let Ok(list) = serde_json::from_value::<Vec<crate::ir::Expr>>(v.clone()) {
            if !list.is_empty() {
                return list.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
            }
        }
        match v {
            serde_json::Value::Null => "(none)".to_string(),
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    };
    match (before, after) {
        (serde_json::Value::Object(b), serde_json::Value::Object(a)) => {
            let keys: std::collections::BTreeSet<&String> = b.keys().chain(a.keys()).collect();
            keys.into_iter()
                .filter(|k| b.get(*k) != a.get(*k))
                .map(|k| (k.clone(), show(b.get(k)), show(a.get(k))))
                .collect()
        }
        _ => vec![("value".to_string(), show(Some(before)), show(Some(after)))],
    }
}

/// A base treaty and an amendment to it, read and parsed.
struct AmendmentPair {
    sources: SourceMap,
    base: crate::Unit,
    amendment: crate::Unit,
}

impl AmendmentPair {
    /// Reads both files. The errors of a base treaty or an amendment that does
    /// not parse come back as diagnostics, sorted, for the caller to show.
    fn read(
        base: &PathBuf,
        amendment: &PathBuf,
    ) -> Result<Result<AmendmentPair, (SourceMap, Vec<Diagnostic>)>, String> {
        let mut sources = SourceMap::new();
        let config = crate::check::Config::default();
        let base_unit = crate::check_source(&mut sources, &base.display().to_string(), &read(base)?, &config);
        let amendment_unit = crate::parse_source(&mut sources, &amendment.display().to_string(), &read(amendment)?);
        let mut errors: Vec<Diagnostic> = base_unit
            .diagnostics
            .iter()
            .chain(&amendment_unit.diagnostics)
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if !errors.is_empty() {
            diagnostics::sort(&mut errors);
            return Ok(Err((sources, errors)));
        }
        if !matches!(base_unit.document, Some(crate::ast::Document::Treaty(_))) {
            return Err(format!("`{}` is not a treaty", base.display()));
        }
        if !matches!(amendment_unit.document, Some(crate::ast::Document::Amendment(_))) {
            return Err(format!("`{}` is not an amendment", amendment.display()));
        }
        Ok(Ok(AmendmentPair {
            sources,
            base: base_unit,
            amendment: amendment_unit,
        }))
    }

    fn documents(&self) -> Option<(&crate::ast::Treaty, &crate::ast::Amendment)> {
        match (&self.base.document, &self.amendment.document) {
            (Some(crate::ast::Document::Treaty(t)), Some(crate::ast::Document::Amendment(a))) => Some((t, a)),
            _ => None,
        }
    }
}

fn lint_amendment(base: &PathBuf, amendment: &PathBuf, format: Format) -> Result<ExitCode, String> {
    let config = crate::check::Config::default();
    let pair = match AmendmentPair::read(base, amendment)? {
        Ok(pair) => pair,
        Err((sources, errors)) => {
            out!("{}", diagnostics::render_human(&sources, &errors));
            return Ok(ExitCode::from(1));
        }
    };
    let sources = &pair.sources;
    let (treaty, a) = pair.documents().ok_or("internal error: the documents changed kind")?;
    let lint = crate::amend::lint(treaty, a, &config);
    let errors = lint.diagnostics.iter().filter(|d| d.is_error()).count();
    match format {
        Format::Json => {
            let diags: serde_json::Value = serde_json::from_str(&diagnostics::render_json(sources, &lint.diagnostics))
                .map_err(|e| e.to_string())?;
            let report = serde_json::json!({ "diagnostics": diags.get("diagnostics"), "procedure": lint.procedure });
            outln!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
        }
        Format::Human => {
            out!("{}", diagnostics::render_human(sources, &lint.diagnostics));
            outln!("procedure under `{}`:", treaty.name.name);
            for step in &lint.procedure {
                outln!("  - {step}");
            }
            let problems = match (errors, lint.diagnostics.len() - errors) {
                (0, 0) => "no problems".to_string(),
                (e, 0) => plural(e, "error"),
                (0, w) => plural(w, "warning"),
                (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
            };
            outln!("linted 1 amendment: {problems}");
        }
    }
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn amend(base: &PathBuf, amendment: &PathBuf, output: Option<&std::path::Path>) -> Result<ExitCode, String> {
    refuse_to_overwrite(output, &[base.as_path(), amendment.as_path()])?;
    let config = crate::check::Config::default();
    let pair = match AmendmentPair::read(base, amendment)? {
        Ok(pair) => pair,
        Err((sources, errors)) => {
            eprint!("{}", diagnostics::render_human(&sources, &errors));
            eprintln!("nothing written: the treaty or the amendment has errors");
            return Ok(ExitCode::from(1));
        }
    };
    let (treaty, a) = pair.documents().ok_or("internal error: the documents changed kind")?;
    let lint = crate::amend::lint(treaty, a, &config);
    if !lint.diagnostics.is_empty() {
        eprint!("{}", diagnostics::render_human(&pair.sources, &lint.diagnostics));
    }
    if lint.diagnostics.iter().any(Diagnostic::is_error) {
        eprintln!("nothing written: the amendment has errors (`treatyc lint-amendment` explains them)");
        return Ok(ExitCode::from(1));
    }
    let consolidated = match crate::amend::consolidate(
        treaty,
        pair.sources.text(pair.base.file),
        a,
        pair.sources.text(pair.amendment.file),
    ) {
        Ok(text) => text,
        Err(d) => {
            eprint!("{}", diagnostics::render_human(&pair.sources, &[d]));
            eprintln!("nothing written");
            return Ok(ExitCode::from(1));
        }
    };
    // The consolidated text must say what the lint checked; a text that does not
    // even parse is treatyc's fault, and is never written.
    let name = output.map_or_else(|| "<consolidated>".to_string(), |o| o.display().to_string());
    let mut written = SourceMap::new();
    let reread = crate::parse_source(&mut written, &name, consolidated.as_bytes());
    if reread.diagnostics.iter().any(Diagnostic::is_error) {
        eprint!("{}", diagnostics::render_human(&written, &reread.diagnostics));
        return Err("internal error: the consolidated treaty does not parse; nothing written".to_string());
    }
    match output {
        Some(path) => {
            files::write_output(path, consolidated.as_bytes())?;
            eprintln!(
                "consolidated `{}` as amended by `{}` into `{}`",
                treaty.name.name,
                a.name.name,
                path.display()
            );
        }
        None => out!("{consolidated}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// An output path that names one of the command's own input files is refused
/// before anything is done: a command never writes over the user's source.
fn refuse_to_overwrite(output: Option<&std::path::Path>, inputs: &[&std::path::Path]) -> Result<(), String> {
    let Some(out) = output else { return Ok(()) };
    let Ok(target) = std::fs::canonicalize(out) else {
        // A file that does not exist yet is no one's source.
        return Ok(());
    };
    if inputs
        .iter()
        .any(|i| std::fs::canonicalize(i).is_ok_and(|source| source == target))
    {
        return Err(format!(
            "`{}` is an input of this command; write the output to another file",
            out.display()
        ));
    }
    Ok(())
}

fn stages(file: &PathBuf, format: Format) -> Result<ExitCode, String> {
    let program = match load_program(file, None)? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let bytes = read(file)?;
    let unit = crate::parse_source(&mut SourceMap::new(), &file.display().to_string(), &bytes);
    let render_entry = |name: &str| -> Option<String> {
        let Some(crate::ast::Document::Treaty(t)) = &unit.document else {
            return None;
        };
        t.items.iter().find_map(|i| match i {
            crate::ast::Item::Stage(s) if s.name.name == name => s.entry.as_ref().map(crate::check::render),
            _ => None,
        })
    };
    match format {
        Format::Json => {
            let ladder: Vec<serde_json::Value> = program
                .stages
                .iter()
                .map(|s| serde_json::json!({"stage": s.name, "title": s.title, "after": s.after, "entry": render_entry(&s.name), "entry_ir": s.entry}))
                .collect();
            outln!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({ "stages": ladder })).map_err(|e| e.to_string())?
            );
        }
        Format::Human => {
            if program.stages.is_empty() {
                outln!("`{}` has no stages", file.display());
            }
            // In ladder order: each stage after the one it follows.
            let mut order: Vec<&crate::ir::Stage> = program.stages.iter().filter(|s| s.after.is_none()).collect();
            let mut i = 0;
            while let Some(current) = order.get(i).map(|s| s.name.clone()) {
                order.extend(
                    program
                        .stages
                        .iter()
                        .filter(|s| s.after.as_deref() == Some(current.as_str())),
                );
                i += 1;
                if i > program.stages.len() {
                    break;
                }
            }
            for (n, s) in order.iter().enumerate() {
                outln!(
                    "{}. {}{}",
                    n + 1,
                    s.name,
                    s.title.as_ref().map(|t| format!(" ({t})")).unwrap_or_default()
                );
                match (&s.after, render_entry(&s.name)) {
                    (None, _) => outln!("   the first stage"),
                    (Some(a), Some(e)) => outln!("   after `{a}`, when {e}"),
                    (Some(a), None) => outln!("   after `{a}`"),
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn power(args: PowerArgs) -> Result<ExitCode, String> {
    let program = match load_program(&args.file, args.stage.as_deref())? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let (facts, _) = load_facts_for(&program, args.facts.as_ref())?;
    let index = match args.index {
        PowerIndex::Banzhaf => crate::power::Index::Banzhaf,
        PowerIndex::ShapleyShubik => crate::power::Index::ShapleyShubik,
    };
    if args.compare.is_some() || args.compare_stage.is_some() {
        let old = match (&args.compare, &args.compare_stage) {
            (Some(path), _) => load_program(path, None)?,
            (None, stage) => load_program(&args.file, stage.as_deref())?,
        };
        let old = match old {
            Ok(p) => p,
            Err(code) => return Ok(code),
        };
        let before = crate::power::game(&old, &args.body, &args.decision, &facts)?;
        let after = crate::power::game(&program, &args.body, &args.decision, &facts)?;
        let shift = crate::power::compare(&before, &after, index)?;
        match args.format {
            PowerFormat::Json => outln!("{}", serde_json::to_string_pretty(&shift).map_err(|e| e.to_string())?),
            PowerFormat::Csv => {
                outln!("id,before,after,change");
                for m in &shift.members {
                    let [before, after, change] = &m.text;
                    outln!("{},{before},{after},{change}", m.id);
                }
            }
            PowerFormat::Human => {
                outln!(
                    "{} index of `{}` deciding `{}`, before and after:",
                    shift.index,
                    args.body,
                    args.decision
                );
                for m in &shift.members {
                    let [before, after, change] = &m.text;
                    outln!("  {:<8} {before} -> {after}  ({change})", m.id);
                }
                if let (Some(b), Some(a)) = (shift.winning_only_before, shift.winning_only_after) {
                    outln!("coalitions winning only before: {b}; only after: {a}");
                }
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = crate::power::power(&program, &args.body, &args.decision, &facts, index)?;
    match args.format {
        PowerFormat::Json => outln!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?),
        PowerFormat::Csv => {
            outln!("id,value");
            for m in &report.members {
                outln!("{},{}", m.id, m.value);
            }
        }
        PowerFormat::Human => {
            outln!(
                "{} index of `{}` deciding `{}`:",
                report.index,
                report.body,
                report.decision
            );
            for m in &report.members {
                outln!("  {:<8} {}  ({})", m.id, m.decimal, m.fraction);
            }
            outln!(
                "vetoes: {}",
                if report.vetoes.is_empty() {
                    "none".to_string()
                } else {
                    report.vetoes.join(", ")
                }
            );
            if let Some(size) = report.smallest_blocking_size {
                let shown: Vec<String> = report
                    .smallest_blocking_coalitions
                    .iter()
                    .take(3)
                    .map(|c| format!("{{{}}}", c.join(", ")))
                    .collect();
                let more = report.smallest_blocking_count.saturating_sub(shown.len() as u128);
                outln!(
                    "smallest blocking coalitions: {} of {} ({}{})",
                    report.smallest_blocking_count,
                    plural(size, "member"),
                    shown.join(", "),
                    if more > 0 {
                        format!(", and {more} more")
                    } else {
                        String::new()
                    }
                );
            }
            if let Some(stopped) = report.blocking_search_stopped_at {
                outln!(
                    "smallest blocking coalitions: none of fewer than {} (the search stops there: more than 5,000,000 coalitions to try)",
                    plural(stopped, "member")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn test(mut files: Vec<PathBuf>, facts: Option<PathBuf>) -> Result<ExitCode, String> {
    files.sort();
    files.dedup();
    let (mut passed, mut failed) = (0usize, 0usize);
    for path in &files {
        let bytes = read(path)?;
        let name = path.display().to_string();
        let mut sources = SourceMap::new();
        let program = match crate::compile_to_ir(&mut sources, &name, &bytes, None)? {
            Ok(p) => p,
            Err(diagnostics) => {
                out!("{}", diagnostics::render_human(&sources, &diagnostics));
                outln!("FAIL {name}: the treaty has errors");
                failed += 1;
                continue;
            }
        };
        let unit = crate::parse_source(&mut SourceMap::new(), &name, &bytes);
        let Some(crate::ast::Document::Treaty(treaty)) = unit.document else {
            continue;
        };
        for item in &treaty.items {
            let crate::ast::Item::Scenario(scenario) = item else {
                continue;
            };
            // A scenario reads only files in its treaty's folder tree; its facts
            // are checked against the treaty exactly as `eval` checks them.
            let facts_path = match &scenario.facts {
                Some(t) => files::inside_folder_of(path, &t.value).map(Some),
                None => Ok(facts.clone()),
            };
            let loaded = facts_path.and_then(|p| load_facts_for(&program, p.as_ref()));
            let (weights, members) = match loaded {
                Ok(loaded) => loaded,
                Err(e) => {
                    outln!("FAIL {}::{}: {e}", treaty.name.name, scenario.name.name);
                    failed += 1;
                    continue;
                }
            };
            let context = crate::eval::Context {
                members,
                ..Default::default()
            };
            for o in crate::scenario::run(scenario, &program, &weights, &context) {
                let line = sources.position(o.span.file, o.span.start).line;
                if o.passed {
                    passed += 1;
                    outln!("ok   {}::{}  {}", treaty.name.name, o.scenario, o.check);
                } else {
                    failed += 1;
                    outln!(
                        "FAIL {}::{}  {} ({name}:{line}): {}",
                        treaty.name.name,
                        o.scenario,
                        o.check,
                        o.detail
                    );
                }
            }
        }
    }
    outln!("scenarios: {passed} passed, {failed} failed");
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn explain(code: Option<&str>, list: bool) -> Result<ExitCode, String> {
    if list {
        for c in Code::ALL {
            outln!("{}  {:<7}  {}", c.as_str(), severity_word(c.severity()), c.title());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let name = code.unwrap_or("");
    match Code::parse(name) {
        Some(c) => {
            out!("{}", explain_page(c));
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
