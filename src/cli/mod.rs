//! The command line: parse arguments, read files, call the library, print, exit.
//! One file per command; this one holds the arguments, the dispatch and what the
//! commands share (reading files, loading a program, plain wording).
//!
//! Exit codes: 0 success (warnings allowed), 1 the treaty has errors, 2 the
//! command could not run (bad usage, unreadable file).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::{self, Code, Diagnostic, Severity};
use crate::ir::FactKind;
use crate::source::SourceMap;
use report::Failure;

/// Writes a line to standard output; a reader that has gone away ends the
/// command with exit 141, never 0 (see `report`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        $crate::cli::report::print_out(&format!("{}\n", format_args!($($arg)*)));
    }};
}

macro_rules! out {
    ($($arg:tt)*) => {{
        $crate::cli::report::print_out(&format!($($arg)*));
    }};
}

mod amend;
mod apportion;
mod check;
mod diff;
mod doc;
mod emit;
mod eval;
mod explain;
mod facts;
mod files;
mod fmt;
mod graph;
mod lsp;
mod manual;
mod parse;
mod power;
pub mod report;
mod scenarios;
mod stages;

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
    /// Colour diagnostics: `auto` colours a terminal unless `NO_COLOR` is set
    #[arg(long, value_enum, default_value_t = ColorMode::Auto, global = true, value_name = "WHEN")]
    pub color: ColorMode,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check treaties and amendments for errors; exit 1 if any file has an error
    #[command(
        after_help = "Examples:\n  treatyc check treaties/wsc.treaty\n  treatyc check treaties/*.treaty --format json\n  treatyc check treaties/*.treaty --format sarif > treatyc.sarif\n  treatyc check treaties/wsc.treaty --deny warnings\n  treatyc check treaties/wsc.treaty treaties/amendments/defence-target-3-5.treaty\n  treatyc check docs/examples/draft.treaty   # exit 1: the draft has errors"
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
        /// Member facts (CSV: `id`, optional `name`, one column per attribute), for
        /// checks that depend on real figures such as unwritten vetoes
        #[arg(long, value_name = "FILE")]
        facts: Option<PathBuf>,
        /// Check only this stage's treaty (default: the treaty and every stage)
        #[arg(long, value_name = "STAGE")]
        stage: Option<String>,
        /// With `--format sarif`: the site `treatyc doc -o DIR` wrote (a URL, or
        /// the folder DIR), for each rule's `helpUri` (`URL/explain/CODE.html`)
        #[arg(long, value_name = "URL")]
        site_url: Option<String>,
    },
    /// Print the syntax tree of a file as JSON
    #[command(after_help = "Example:\n  treatyc parse treaties/eu-council.treaty --format json > eu-council.ast.json")]
    Parse {
        /// The treaty or amendment to parse (`-` for standard input)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The only format: JSON, every node with its byte span
        #[arg(long, value_enum, default_value_t = TreeFormat::Json)]
        format: TreeFormat,
    },
    /// Draw the institutions: bodies, offices, member states, decisions, funds and
    /// their relationships
    #[command(
        after_help = "Examples:\n  treatyc graph treaties/wsc.treaty --format svg -o wsc.svg\n  treatyc graph treaties/wsc.treaty --format svg --view decisions --layout builtin -o decisions.svg\n  treatyc graph treaties/wsc.treaty --stage union --format mermaid\n  treatyc graph treaties/wsc.treaty --stage union --diff-stage community --format dot | dot -Tsvg > union.svg\n  treatyc graph treaties/eu-treaties.treaty --diff treaties/eu-council.treaty --format json -o eu-diff.json\n  treatyc amend treaties/north-atlantic.treaty treaties/amendments/nac-qualified-majority.treaty | treatyc graph - --diff treaties/north-atlantic.treaty --format svg -o nac-qmv.svg"
    )]
    Graph(GraphArgs),
    /// Compile a treaty (or one of its stages) to the rule IR, versioned JSON
    #[command(
        after_help = "Examples:\n  treatyc emit treaties/wsc.treaty -o rules.json\n  treatyc emit treaties/wsc.treaty --stage union -o union.json\n  treatyc emit --schema > ir.schema.json"
    )]
    Emit {
        /// The treaty to compile (`-` for standard input)
        #[arg(value_name = "FILE", required_unless_present = "schema")]
        file: Option<PathBuf>,
        /// Compile this stage's treaty (default: the treaty as written)
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
        after_help = "Examples:\n  treatyc eval treaties/eu-council.treaty --facts treaties/data/eu_council_population.csv vote --body Council --decision ordinary --proposed-by Commission --yes AUT,BEL,BGR,HRV,CYP,CZE,DNK,EST,FIN,FRA,DEU,GRC,IRL,ITA,LVA,LTU,LUX,MLT,NLD,POL,PRT,ROU,SVK,SVN,ESP,SWE --no HUN\n  treatyc eval treaties/un-security-council.treaty vote --body SecurityCouncil --decision substantive --seated DNK,GRC,PAK,PAN,SOM,BHR,COL,COD,LVA,LBR --yes CHN,FRA,RUS,GBR,DNK,GRC,PAK,PAN,SOM --abstain USA --format json"
    )]
    Eval(Box<EvalArgs>),
    /// Exact voting power of each member under a body's rule (Banzhaf or Shapley-Shubik)
    #[command(
        after_help = "Examples:\n  treatyc power treaties/eu-council.treaty --facts treaties/data/eu_council_population.csv --body Council --decision ordinary --index banzhaf\n  treatyc power treaties/un-security-council.treaty --body SecurityCouncil --decision substantive --index shapley-shubik --format json"
    )]
    Power(PowerArgs),
    /// The seats each state gets under a rule of apportionment, from its population:
    /// quotas, the last seat given and the next, and the paradoxes checked
    #[command(
        after_help = "Examples:\n  treatyc apportion --facts tests/data/us_apportionment_2020.csv --seats 435 --method huntington-hill --min 1\n  treatyc apportion --facts tests/data/us_apportionment_2020.csv --seats 435 --method webster --min 1 --format csv\n  treatyc apportion --facts treaties/data/eu_council_population.csv --seats 720 --method cambridge --base 5 --max 96 --format json\n  treatyc apportion --facts tests/data/un_member_population.csv --cube-root --method penrose --rounding webster\n  treatyc apportion treaties/wsc.treaty --stage federation --body WorldParliament --facts treaties/data/wsc_parties_population.csv\n  treatyc apportion treaties/wsc.treaty --stage federation --body WorldParliament --facts treaties/data/wsc_parties_population.csv --method jefferson"
    )]
    Apportion(apportion::ApportionArgs),
    /// Run the scenarios the treaties carry; exit 1 when one fails
    #[command(
        after_help = "Examples:\n  treatyc test treaties/*.treaty\n  treatyc test treaties/wsc.treaty --facts treaties/data/wsc_members_2024.csv --format junit > wsc-tests.xml\n  treatyc test docs/examples/neutrality.treaty   # exit 1: the treaty has errors"
    )]
    Test {
        /// Treaties whose scenarios to run
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Facts for scenarios that name none (a scenario's own `facts "..."` wins)
        #[arg(long, value_name = "FILE")]
        facts: Option<PathBuf>,
        /// `json`: one object with every check; `junit`: JUnit XML for CI systems
        /// (one testsuite per treaty file, one testcase per check)
        #[arg(long, value_enum, default_value_t = TestFormat::Human)]
        format: TestFormat,
    },
    /// A semantic diff of two treaties (or two stages): bodies, powers, voting rules,
    /// obligations, criteria and sanctions added, removed or changed
    #[command(
        after_help = "Examples:\n  treatyc diff treaties/north-atlantic.treaty treaties/wsc.treaty\n  treatyc diff treaties/wsc.treaty treaties/wsc.treaty --old-stage community --new-stage union --format json"
    )]
    Diff {
        /// The treaty before (a treaty or a rule IR)
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The treaty after (a treaty or a rule IR)
        #[arg(value_name = "NEW")]
        new: PathBuf,
        /// Compare this stage of OLD (default: the treaty as written)
        #[arg(long, value_name = "STAGE")]
        old_stage: Option<String>,
        /// Compare this stage of NEW (default: the treaty as written)
        #[arg(long, value_name = "STAGE")]
        new_stage: Option<String>,
        /// `json`: one object with every change, before and after
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Publish a treaty as a static site: articles, bodies, rules in words,
    /// procedures, stages with their diagrams, findings; amendments as redlines
    #[command(
        after_help = "Examples:\n  treatyc doc treaties/wsc.treaty -o site\n  treatyc doc treaties/eu-treaties.treaty --history treaties/data/eu-history.csv --on 2020-02-01 -o site\n  treatyc doc treaties/wsc.treaty --amendment treaties/amendments/defence-target-3-5.treaty --facts treaties/data/wsc_parties_population.csv -o site\n  treatyc doc treaties/eu-council.treaty treaties/north-atlantic.treaty -o sites"
    )]
    Doc(doc::DocArgs),
    /// Lint an amendment against the treaty it amends: what it breaks, and the procedure it needs
    #[command(
        name = "lint-amendment",
        after_help = "Examples:\n  treatyc lint-amendment treaties/wsc.treaty treaties/amendments/defence-target-3-5.treaty\n  treatyc lint-amendment treaties/north-atlantic.treaty treaties/amendments/nac-qualified-majority.treaty --format json\n  treatyc lint-amendment treaties/north-atlantic.treaty treaties/amendments/nac-qualified-majority.treaty --facts treaties/data/nato_population.csv\n  treatyc lint-amendment treaties/wsc.treaty treaties/amendments/low-spenders-opt-out.treaty --format sarif > amendment.sarif   # exit 1: the opt-out amends the entrenched article 5"
    )]
    LintAmendment {
        /// The treaty the amendment amends
        #[arg(value_name = "BASE")]
        base: PathBuf,
        /// The amendment to lint
        #[arg(value_name = "AMENDMENT")]
        amendment: PathBuf,
        /// `json`: one object with the diagnostics, the procedure and the shifts of
        /// power; `sarif`: a SARIF 2.1.0 log of the diagnostics, for code review
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Member facts (CSV or JSON) for rules that weigh votes, so that the
        /// shifts of power they make are counted rather than left undecided
        #[arg(long, value_name = "FILE")]
        facts: Option<PathBuf>,
        /// With `--format sarif`: the site `treatyc doc -o DIR` wrote (a URL, or
        /// the folder DIR), for each rule's `helpUri` (`URL/explain/CODE.html`)
        #[arg(long, value_name = "URL")]
        site_url: Option<String>,
    },
    /// Write the consolidated treaty: the base treaty's source with the amendment's
    /// changes written in. Nothing is written if the amendment has an error.
    #[command(
        after_help = "Examples:\n  treatyc amend treaties/wsc.treaty treaties/amendments/defence-target-3-5.treaty -o wsc-amended.treaty\n  treatyc amend treaties/north-atlantic.treaty treaties/amendments/d10-global-accession.treaty | treatyc diff treaties/north-atlantic.treaty /dev/stdin"
    )]
    Amend {
        /// The treaty the amendment amends
        #[arg(value_name = "BASE")]
        base: PathBuf,
        /// The amendment whose changes to write in
        #[arg(value_name = "AMENDMENT")]
        amendment: PathBuf,
        /// Write to this file (atomically) instead of standard output; never BASE or AMENDMENT
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Print the ladder of stages with each entry condition
    #[command(after_help = "Example:\n  treatyc stages treaties/wsc.treaty")]
    Stages {
        /// A treaty, or a rule IR written by `treatyc emit`
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// `json`: one object with each stage and its entry condition
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Serve the language server protocol over standard input and output, for
    /// editors: diagnostics, hover, navigation, rename, completion, outline
    #[command(
        after_help = "Editors start it themselves; see docs/editors.md.\nExample:\n  treatyc lsp   # exit 1 when its input ends before the editor's `shutdown`"
    )]
    Lsp,
    /// Lay treaties out in the one canonical layout (docs/style.md), in place;
    /// `--check` prints what would change as a unified diff and exits 1
    #[command(
        after_help = "Examples:\n  treatyc fmt treaties/wsc.treaty\n  treatyc fmt treaties/\n  treatyc fmt --check treaties/\n  treatyc fmt - < docs/examples/neutrality.treaty\n  treatyc fmt --check <(sed 's/  / /' treaties/wsc.treaty)   # exit 1: the layout would change"
    )]
    Fmt {
        /// Treaty or amendment files, folders (every `.treaty` file below them), or `-` for standard input
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Write nothing: print a unified diff of what would change; exit 1 if anything would
        #[arg(long)]
        check: bool,
        /// `json`: one document with each file's outcome (and diff, or formatted text), and the diagnostics
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
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(
        after_help = "Examples:\n  mkdir -p ~/.local/share/bash-completion/completions && treatyc completions bash > ~/.local/share/bash-completion/completions/treatyc\n  mkdir -p ~/.zfunc && treatyc completions zsh > ~/.zfunc/_treatyc\n  mkdir -p ~/.config/fish/completions && treatyc completions fish > ~/.config/fish/completions/treatyc.fish"
    )]
    Completions {
        /// The shell to complete for
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Write the manual pages: `treatyc.1` and one per command (`treatyc-check.1`, ...)
    #[command(after_help = "Examples:\n  treatyc man -o man/\n  treatyc man | man -l -")]
    Man {
        /// Write one page per command into this folder (created if missing)
        /// instead of printing the page for treatyc on standard output
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
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
pub enum TestFormat {
    Human,
    Json,
    Junit,
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

/// The JSON Schemas derived from the types of the commands' JSON answers, by
/// the name of their file in `docs/schemas/` (a test keeps those files equal to
/// these). The other commands' schemas there are written by hand.
pub fn derived_schemas() -> Vec<(&'static str, serde_json::Value)> {
    let mut test = serde_json::to_value(schemars::schema_for!(scenarios::TestReport)).unwrap_or_default();
    if let Some(o) = test.as_object_mut() {
        o.insert(
            "title".to_string(),
            serde_json::Value::String("treatyc test --format json: every check of every scenario".to_string()),
        );
    }
    // `check --format json` prints the diagnostics, as every failure does.
    vec![
        ("apportion", apportion::schema()),
        ("check", diagnostics::json_schema()),
        ("diagnostics", diagnostics::json_schema()),
        ("test", test),
    ]
}

/// Runs the command line; the binary's `main` is only this.
pub fn main() -> ExitCode {
    run_args(std::env::args_os())
}

/// Runs a command line given as words (the first is the program's name), as
/// the binary would: for the fuzz targets in `fuzz/`, which ask `eval` what a
/// user would ask it, with files they wrote.
pub fn run_args<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    report::set_command_line(&args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, &args),
    };
    let (json, color) = (cli.command.answers_in_json(), cli.color);
    // The work runs on a thread with a stack for the longest expression the
    // language accepts (`crate::work::STACK_BYTES`); the main thread's 8 MiB is not.
    let work = std::thread::Builder::new()
        .name("treatyc".to_string())
        .stack_size(crate::work::STACK_BYTES)
        .spawn(move || match run(cli) {
            Ok(code) => code,
            Err(failure) => failure.report(json, color),
        });
    match work.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        // The panic has been reported by the hook; 101 is Rust's exit code for one.
        Ok(Err(_)) => ExitCode::from(101),
        Err(e) => {
            report::print_err(&format!("error: cannot start the compiler's thread: {e}\n"));
            ExitCode::from(report::EXIT_CANNOT_RUN)
        }
    }
}

/// A command line clap cannot read. Asked for JSON (`--format json` among the
/// words), the error too is one JSON document on standard output (E0910, exit
/// 2); otherwise clap says it as usual (help and version included).
fn usage_error(e: &clap::Error, args: &[std::ffi::OsString]) -> ExitCode {
    use clap::error::ErrorKind;
    let args: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let json = args
        .windows(2)
        .any(|w| w.first().is_some_and(|f| f == "--format") && w.get(1).is_some_and(|v| v == "json"))
        || args.iter().any(|a| a == "--format=json");
    let shown = matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if shown || !json {
        // As clap's own `exit` says it, without ending the process: `run_args`
        // returns to its caller.
        let _ = e.print();
        return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(report::EXIT_CANNOT_RUN));
    }
    let text = e.render().to_string();
    let message = text
        .lines()
        .next()
        .unwrap_or("the command line cannot be read")
        .trim_start_matches("error: ")
        .to_string();
    // clap quotes the word at fault: `unexpected argument '--x' found`.
    let culprit = message.split('\'').nth(1).unwrap_or_default().to_string();
    let problem = diagnostics::Problem::new(Code::E0910, message)
        .about(culprit)
        .with_help("`treatyc help COMMAND` lists the command's arguments and options");
    Failure::problem(&problem).report(true, ColorMode::Never)
}

impl Command {
    /// Whether the command was asked for JSON: then every outcome, a failure
    /// included, is one JSON document on standard output. `parse` answers only in
    /// JSON.
    pub fn answers_in_json(&self) -> bool {
        match self {
            Command::Check { format, .. } => *format == CheckFormat::Json,
            Command::Parse { .. } => true,
            Command::Graph(args) => args.format == GraphFormat::Json,
            Command::Eval(args) => args.format == Format::Json,
            Command::Power(args) => args.format == PowerFormat::Json,
            Command::Apportion(args) => args.format == apportion::ApportionFormat::Json,
            Command::Test { format, .. } => *format == TestFormat::Json,
            Command::Diff { format, .. } | Command::Stages { format, .. } => *format == Format::Json,
            Command::LintAmendment { format, .. } => *format == CheckFormat::Json,
            Command::Fmt { format, .. } => *format == Format::Json,
            Command::Emit { .. }
            | Command::Amend { .. }
            | Command::Doc(_)
            | Command::Explain { .. }
            | Command::Completions { .. }
            | Command::Man { .. }
            | Command::Lsp => false,
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let color = cli.color;
    match cli.command {
        Command::Check {
            files,
            format,
            deny,
            facts,
            stage,
            site_url,
        } => check::check(files, facts, stage, format, deny.is_some(), site_url.as_deref(), color),
        Command::Parse { file, format: _ } => parse::parse(file),
        Command::Graph(args) => graph::graph(args),
        Command::Eval(args) => eval::eval(*args),
        Command::Emit {
            file,
            stage,
            output,
            schema,
        } => emit::emit(file, stage, output, schema),
        Command::Power(args) => power::power(args),
        Command::Apportion(args) => apportion::apportion(args),
        Command::Diff {
            old,
            new,
            old_stage,
            new_stage,
            format,
        } => diff::diff(&old, &new, old_stage.as_deref(), new_stage.as_deref(), format),
        Command::Stages { file, format } => stages::stages(&file, format),
        Command::LintAmendment {
            base,
            amendment,
            format,
            facts,
            site_url,
        } => amend::lint_amendment(&base, &amendment, format, facts.as_ref(), site_url.as_deref(), color),
        Command::Amend {
            base,
            amendment,
            output,
        } => amend::amend(&base, &amendment, output.as_deref(), color),
        Command::Test { files, facts, format } => scenarios::test(files, facts, format, color),
        Command::Doc(args) => doc::doc(args, color),
        Command::Fmt { files, check, format } => fmt::fmt(files, check, format, color),
        Command::Explain { code, list } => explain::explain(code.as_deref(), list),
        Command::Completions { shell } => manual::completions(shell),
        Command::Man { output } => manual::man(output.as_deref()),
        Command::Lsp => lsp::lsp().map_err(Failure::from),
    }
}

/// A whole input file (or standard input for `-`), refused above the input cap;
/// a file that cannot be read is E0908.
fn read(path: impl AsRef<std::path::Path>) -> Result<Vec<u8>, Failure> {
    let path = path.as_ref();
    files::read_input(path).map_err(|why| Failure::file(Code::E0908, path, why))
}

/// Writes a command's output file (see `files::write_output`); a file that
/// cannot be written is E0909.
fn write(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    files::write_output(path, bytes).map_err(|why| Failure::file(Code::E0909, path, why))
}

/// A `.json` file, whatever the case of its extension (`.JSON` as Windows tools write).
fn is_json(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
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
    /// `json`: the answer as one JSON object
    #[arg(long, value_enum, default_value_t = Format::Human, global = true)]
    format: Format,
    /// A fact of the world, such as `population=8000000000` (repeatable)
    #[arg(long, value_name = "KEY=VALUE", global = true)]
    world: Vec<String>,
    /// A fact of the situation, such as `armed_attack=true` (repeatable)
    #[arg(long, value_name = "KEY=VALUE", global = true)]
    situation: Vec<String>,
    /// A fact of any other facts block, such as `community.defence_target=2` (repeatable)
    #[arg(long, value_name = "ENTITY.KEY=VALUE", global = true)]
    fact: Vec<String>,
    /// A body that has authorised the act in question (repeatable)
    #[arg(long, value_name = "BODY", global = true)]
    authorised: Vec<String>,
    /// Members that have ratified
    #[arg(long, value_delimiter = ',', value_name = "IDS", global = true)]
    ratified: Vec<String>,
    /// Answer as on this day (`2019-06-01`): the members, their voting rights and
    /// the rules of that day, after the history's events up to it
    #[arg(long, value_name = "DATE", global = true)]
    on: Option<String>,
    /// Dated events (CSV: `date,event,state,act,detail`), replayed for `--on`
    #[arg(long, value_name = "FILE", global = true)]
    history: Option<PathBuf>,
    #[command(subcommand)]
    question: Question,
}

#[derive(Subcommand, Debug)]
pub enum Question {
    /// Does this vote pass? Members not listed are absent. A body of seats takes
    /// numbers of votes (`--yes 448`), delegations (`DEU`) and parts of them (`DEU:90`).
    #[command(
        after_help = "Examples:\n  treatyc eval treaties/un-security-council.treaty vote --body SecurityCouncil --decision substantive --seated DNK,GRC,PAK,PAN,SOM,BHR,COL,COD,LVA,LBR --yes CHN,FRA,RUS,GBR,DNK,GRC,PAK,PAN,SOM --abstain USA\n  treatyc eval treaties/eu-council.treaty --facts treaties/data/eu_council_population.csv vote --body Council --decision ordinary --proposed-by Commission --participants AUT,BEL,BGR,HRV,CYP,EST,FIN,FRA,DEU,GRC,IRL,ITA,LVA,LTU,LUX,MLT,NLD,PRT,SVK,SVN,ESP --yes AUT,BEL,BGR,HRV,CYP,EST,FIN,GRC,IRL,LVA,LTU,LUX,MLT,NLD,PRT,SVK,SVN,ESP --no DEU,FRA,ITA --format json"
    )]
    Vote {
        /// The body that votes
        #[arg(long)]
        body: String,
        /// The decision voted on (as the body's power names it)
        #[arg(long)]
        decision: String,
        #[command(flatten)]
        ballot: BallotArgs,
        /// The members the decision concerns: they do not vote and leave the base
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        concerned: Vec<String>,
        /// Who made the proposal (a body, or a member for an initiative of member states), for a power taken `on proposal from` a body; with `otherwise by RULE` it chooses the rule
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
        /// The member concerned has agreed (`in agreement with the member concerned`)
        #[arg(long)]
        concerned_agrees: bool,
        /// Members the body permits to vote though a fact takes their vote away (`no vote for member when ... unless permitted by`, UN Charter Art. 19)
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        permitted: Vec<String>,
    },
    /// Does a candidate meet every membership criterion? Each with the values used.
    #[command(
        after_help = "Example:\n  treatyc eval treaties/wsc.treaty --facts treaties/data/wsc_members_2024.csv eligible --candidate POL"
    )]
    Eligible {
        /// The candidate state, as its row in the facts names it
        #[arg(long, value_name = "ID")]
        candidate: String,
    },
    /// Which obligations on facts are breached, and which sanctions are available.
    #[command(
        after_help = "Examples:\n  treatyc eval treaties/wsc.treaty --facts treaties/data/wsc_members_2024.csv comply\n  treatyc eval treaties/wsc.treaty --facts treaties/data/wsc_members_2024.csv comply --member ITA --format json"
    )]
    Comply {
        /// Only this member (default: every member)
        #[arg(long, value_name = "ID")]
        member: Option<String>,
    },
    /// Where a decision procedure stands: adopted, or the next step and who takes it.
    #[command(
        after_help = "Examples:\n  treatyc eval treaties/eu-treaties.treaty procedure --name accession --applicant UKR --initiated-by UKR --consulted Commission\n  treatyc eval treaties/eu-treaties.treaty --on 2031-09-02 procedure --name passerelle --initiated-by EuropeanCouncil --since 2031-03-01"
    )]
    Procedure {
        /// The procedure (`procedure NAME { ... }`)
        #[arg(long)]
        name: String,
        /// Who took the initiative: bodies or members
        #[arg(long, value_delimiter = ',', value_name = "WHO")]
        initiated_by: Vec<String>,
        /// The state applying to join
        #[arg(long, value_name = "ID")]
        applicant: Option<String>,
        /// The members the decision concerns
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        concerned: Vec<String>,
        /// Bodies heard (`concerned` for the member concerned)
        #[arg(long, value_delimiter = ',', value_name = "BODIES")]
        consulted: Vec<String>,
        /// Bodies that consented (`concerned` for the member concerned)
        #[arg(long, value_delimiter = ',', value_name = "BODIES")]
        consented: Vec<String>,
        /// The deciding body's vote has passed
        #[arg(long, conflicts_with_all = ["yes", "no", "abstain"])]
        decided: bool,
        /// Procedures already completed (for `requires` steps)
        #[arg(long, value_delimiter = ',', value_name = "PROCEDURES")]
        completed: Vec<String>,
        /// The step under way had its period extended (`within ... extendable by ...`)
        #[arg(long)]
        extended: bool,
        /// Members that objected within an objection step's period
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        objected_by: Vec<String>,
        /// A request step's request has been made (its period runs from `--since`)
        #[arg(long)]
        requested: bool,
        /// The member concerned complied with the request: the steps after it are not taken
        #[arg(long, requires = "requested", conflicts_with = "not_complied")]
        complied: bool,
        /// The member concerned did not comply with the request (where the treaty fixes no period)
        #[arg(long, requires = "requested")]
        not_complied: bool,
        /// The deciding body's vote, counted instead of `--decided`
        #[command(flatten)]
        ballot: BallotArgs,
    },
    /// The current stage, and whether the next stages' entry conditions are met.
    #[command(
        after_help = "Example:\n  treatyc eval treaties/wsc.treaty --facts treaties/data/wsc_members_2024.csv --world population=8100000000 --ratified USA,GBR,FRA stage"
    )]
    Stage,
    /// The organisation on a date (`--on`): who the members are and with what
    /// standing, the stage, the rules in force, and each obligation with a time
    /// limit (met, due, overdue, not due), after the history's events.
    #[command(
        after_help = "Examples:\n  treatyc eval treaties/eu-treaties.treaty --history treaties/data/eu-history.csv --on 2019-06-01 status\n  treatyc eval treaties/north-atlantic.treaty --history treaties/data/nato-history.csv --on 2023-04-04 status --format json"
    )]
    Status,
}

#[derive(clap::Args, Debug)]
pub struct PowerArgs {
    /// A treaty, or a rule IR written by `treatyc emit`
    #[arg(value_name = "TREATY_OR_IR")]
    file: PathBuf,
    /// Member facts holding the weight the rule uses (such as `population`)
    #[arg(long, value_name = "FILE")]
    facts: Option<PathBuf>,
    /// The stage whose rules apply (default: the treaty as written)
    #[arg(long, value_name = "STAGE")]
    stage: Option<String>,
    /// The body whose voting power to compute
    #[arg(long)]
    body: String,
    /// The decision whose rule to compute it under
    #[arg(long)]
    decision: String,
    /// The members holding the body's elected seats, when it has fewer seats than
    /// members (without it, its elected seats are players of their own)
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    seated: Vec<String>,
    /// Who proposed the decision, for a power whose rule follows its proposer
    /// (`on proposal from B otherwise by RULE`): a body or a member
    #[arg(long, value_name = "BODY")]
    proposed_by: Option<String>,
    /// The power index: the probability of being decisive (Banzhaf) or of being
    /// pivotal in a random order (Shapley-Shubik)
    #[arg(long, value_enum)]
    index: PowerIndex,
    /// `csv`: one row per member; `json`: each value with its exact fraction
    #[arg(long, value_enum, default_value_t = PowerFormat::Human)]
    format: PowerFormat,
    /// Compare with another treaty (the same body and decision): how power shifts
    #[arg(long, value_name = "OLD", conflicts_with = "compare_stage")]
    compare: Option<PathBuf>,
    /// Compare with another stage of the same treaty
    #[arg(long, value_name = "STAGE")]
    compare_stage: Option<String>,
    /// Penrose's square-root law: each member's Banzhaf index against its share of
    /// the square roots of the peoples (the fact FACT, `population` when not
    /// named), and the Jagiellonian compromise (weights by square root, the
    /// optimal quota)
    #[arg(long, value_name = "FACT", num_args = 0..=1, default_missing_value = "population", conflicts_with_all = ["compare", "compare_stage"])]
    penrose: Option<String>,
    /// When not all members take part: the power of these, thresholds over them (TFEU Art. 238(3))
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    participants: Option<Vec<String>>,
    /// The members the decision concerns, for a power taken `excluding concerned`
    /// (TEU Art. 7(3), TFEU Art. 354): they do not vote
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    concerned: Vec<String>,
    /// Members whose voting rights are suspended: they do not vote
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    suspended: Vec<String>,
    /// Also draw each member's power against its share of a fact (`--plot-by`,
    /// `population` by default) as SVG, with power proportional to it and to its
    /// square root, into FILE (never over an input)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["compare", "compare_stage"])]
    plot: Option<PathBuf>,
    /// Where exact power cannot be counted (E0906: the tables exceed the memory
    /// budget), estimate the Banzhaf index from SAMPLES random coalitions and the
    /// Shapley-Shubik index from SAMPLES random orders of the members, each
    /// figure with the interval that holds it at 99% confidence, labelled as an
    /// estimate everywhere
    #[arg(long, value_name = "SAMPLES", conflicts_with_all = ["compare", "compare_stage", "penrose", "plot"])]
    estimate: Option<u64>,
    /// The fact the plot's weights are (with `--plot`)
    #[arg(long, value_name = "FACT", requires = "plot", default_value = "population")]
    plot_by: String,
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

/// How a body voted. A body of seats takes numbers of votes (`448`),
/// delegations (`DEU`) and parts of them (`DEU:90`).
#[derive(clap::Args, Debug)]
pub struct BallotArgs {
    /// In favour
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    yes: Vec<String>,
    /// Against
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    no: Vec<String>,
    /// Abstaining
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    abstain: Vec<String>,
    /// The members holding the body's elected seats, when it has fewer seats than members
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    seated: Vec<String>,
    /// Efforts at consensus were declared exhausted: a rule's `failing which RULE if
    /// efforts are exhausted` applies
    #[arg(long)]
    exhausted: bool,
    /// A member contests that the question belongs to the decision: its `classified
    /// by RULE` is put to the vote first, and a question it refuses goes to the body's
    /// other questions (the double veto)
    #[arg(long)]
    contested: bool,
    /// The day the question was put, or the step under way began (`2024-03-01`); its
    /// periods run to `--on`
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
}

impl BallotArgs {
    fn is_empty(&self) -> bool {
        self.yes.is_empty() && self.no.is_empty() && self.abstain.is_empty()
    }
}

/// What `treatyc graph` is asked to draw.
#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    /// The treaty to draw (`-` for standard input)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The stage to draw (default: the treaty as written)
    #[arg(long, value_name = "STAGE")]
    stage: Option<String>,
    /// `dot` (Graphviz), `mermaid`, `svg` (laid out without Graphviz) or `json`
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
    /// Highlight what changed from another treaty (same stage if it has it)
    #[arg(long, value_name = "OLD", conflicts_with = "diff_stage")]
    diff: Option<PathBuf>,
    /// Highlight what changed from another stage of the same treaty
    #[arg(long, value_name = "STAGE")]
    diff_stage: Option<String>,
    /// Draw the member states of this day (`2020-02-01`), after the history's events
    #[arg(long, value_name = "DATE", conflicts_with_all = ["diff", "diff_stage"])]
    on: Option<String>,
    /// Dated events (CSV: `date,event,state,act,detail`), replayed for `--on`
    #[arg(long, value_name = "FILE", requires = "on")]
    history: Option<PathBuf>,
    /// Draw one view: `appointments` (who appoints whom), `decisions` (who decides what, by which rule, with whose veto) or `relations` (oversight, courts, funds, outside bodies)
    #[arg(long, value_enum, default_value_t = GraphView::All)]
    view: GraphView,
    /// Who lays out `--format svg`: `auto` (Graphviz when `dot` is installed), `dot` or `builtin`
    #[arg(long, value_enum, default_value_t = GraphLayout::Auto)]
    layout: GraphLayout,
    /// Write to this file (atomically) instead of standard output
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphView {
    All,
    Appointments,
    Decisions,
    Relations,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphLayout {
    Auto,
    Dot,
    Builtin,
}

/// Diagnostics that stop a command: the treaty has errors (exit 1).
fn shown(session: &crate::session::Session, diagnostics: &[Diagnostic]) -> Failure {
    Failure::errors(session.sources(), diagnostics)
}

/// The program to evaluate: an IR file, or a treaty compiled on the spot (read,
/// parsed, checked and lowered once).
/// A SARIF log of `diagnostics`: relative file names resolved against the
/// working directory, each rule's `helpUri` in the site given (`--site-url`).
fn sarif(sources: &SourceMap, diagnostics: &[Diagnostic], site: Option<&str>) -> Result<String, Failure> {
    let root = std::env::current_dir()
        .map_err(|e| Failure::from(format!("the working directory cannot be named in a SARIF log: {e}").as_str()))?;
    let site = site.map(|s| diagnostics::site_url(s, &root));
    let context = diagnostics::SarifContext {
        root: &root,
        site_url: site.as_deref(),
    };
    Ok(diagnostics::render_sarif(sources, diagnostics, &context))
}

fn load_program(path: &PathBuf, stage: Option<&str>) -> Result<crate::ir::Program, Failure> {
    let mut programs = load_programs(path, &[stage])?;
    programs
        .pop()
        .ok_or_else(|| Failure::from("internal error: no program compiled"))
}

/// The programs of several stages of one file, which is read, parsed and
/// checked once. An IR file has one program, whatever the stages asked.
fn load_programs(path: &PathBuf, stages: &[Option<&str>]) -> Result<Vec<crate::ir::Program>, Failure> {
    let bytes = read(path)?;
    if is_json(path) {
        let program: crate::ir::Program = serde_json::from_slice(&bytes).map_err(|e| {
            Failure::file(Code::E0908, path, format!("`{}` is not a rule IR: {e}", path.display()))
                .with_help("a `.json` file is read as a rule IR written by `treatyc emit`; name the treaty instead")
        })?;
        if program.ir_version != crate::ir::IR_VERSION {
            return Err(Failure::file(
                Code::E0908,
                path,
                format!(
                    "`{}` is IR version {}; this treatyc reads version {}",
                    path.display(),
                    program.ir_version,
                    crate::ir::IR_VERSION
                ),
            )
            .with_help("emit it again from the treaty with this treatyc (`treatyc emit`)"));
        }
        return Ok(vec![program; stages.len()]);
    }
    let mut session = crate::session::Session::new();
    let file = session.add(&path.display().to_string(), &bytes);
    let compilation = session
        .compile(file, &crate::check::Config::default())
        .map_err(|d| shown(&session, &d))?;
    stages
        .iter()
        .map(|stage| compilation.program(*stage).map_err(|d| shown(&session, &d)))
        .collect()
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    outln!("{}", to_json(value)?);
    Ok(())
}

/// A value as pretty JSON; a value that cannot be serialised is treatyc's fault.
fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value).map_err(|e| Failure::from(format!("internal error: {e}")))
}

/// An output path that names one of the command's own input files is refused
/// before anything is done: a command never writes over the user's source.
fn refuse_to_overwrite(output: Option<&std::path::Path>, inputs: &[&std::path::Path]) -> Result<(), Failure> {
    let Some(out) = output else { return Ok(()) };
    let Ok(target) = std::fs::canonicalize(out) else {
        // A file that does not exist yet is no one's source.
        return Ok(());
    };
    if inputs
        .iter()
        .any(|i| std::fs::canonicalize(i).is_ok_and(|source| source == target))
    {
        return Err(Failure::file(
            Code::E0909,
            out,
            format!(
                "`{}` is an input of this command; write the output to another file",
                out.display()
            ),
        ));
    }
    Ok(())
}
