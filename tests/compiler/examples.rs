//! Every command the README, the docs and `--help` show runs as shown.
//!
//! - `--help`: every example line under `Example(s):` of every command's
//!   `after_help`, found by walking clap's command tree, runs in bash and exits 0,
//!   or the code its comment names (`# exit 1: ...`), which the README's command
//!   table must document for that command.
//! - README.md and docs/*.md: a `$ treatyc ...` line in a ```text block gives the
//!   output printed under it (blocks of lines between `...` lines appear, each
//!   whole and in order); every command line of a ```sh block exits 0 (or as its
//!   comment says); a ```json block has the shape of what the last `treatyc ...`
//!   span of the prose before it prints (every key shown exists, every value
//!   shown other than `"..."` and `[...]` is the value printed); every inline
//!   `treatyc ...` span names commands, options and values that exist, and runs
//!   (exit 0, or 1 for a treaty with errors) when it is a whole command on files
//!   that exist.
//!
//! Nothing is listed by hand: a new command, example or page is picked up. They
//! run in a scratch folder holding copies of the repository's `treaties/`,
//! `docs/` and `tests/data/` (`fmt` examples write in place) and a home folder of its own, so that
//! nothing they write lands in the repository or the user's home.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::CommandFactory;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A scratch folder with copies of `treaties`, `docs` and `tests/data`, and an empty `home`.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for d in ["treaties", "docs", "tests/data"] {
        copy_tree(&root().join(d), &dir.path().join(d));
    }
    std::fs::create_dir(dir.path().join("home")).unwrap();
    dir
}

fn binary_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_treatyc")).parent().unwrap().to_path_buf()
}

/// What a shell line did: exit code, standard output, standard error.
struct Ran {
    code: i32,
    out: String,
    err: String,
}

/// No example takes this long; one that does is waiting for something.
const PATIENCE: Duration = Duration::from_secs(120);

/// Runs `line` with bash (`<(...)` is shown in examples) under `pipefail`, so
/// that treatyc failing inside a pipeline is not hidden by the command after it.
fn shell(dir: &Path, line: &str) -> Ran {
    let path = format!(
        "{}:{}",
        binary_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = Command::new("bash")
        .args(["-o", "pipefail", "-c", line])
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", dir.join("home"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_string(&mut text);
            }
            text
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > PATIENCE {
            let _ = child.kill();
            panic!("`{line}` still runs after {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ran {
        code: status.code().unwrap_or(-1),
        out: out.join().unwrap(),
        err: err.join().unwrap(),
    }
}

/// The exit code a shown command line is expected to give: 0, or the code its
/// comment names (`treatyc check draft.treaty   # exit 1: the draft has errors`).
fn expected_exit(line: &str) -> i32 {
    let comment = line.split_once(" # ").map(|(_, c)| c.trim()).unwrap_or("");
    comment
        .strip_prefix("exit ")
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The command part of a line, without its comment.
fn command_part(line: &str) -> &str {
    line.split_once(" # ").map_or(line, |(c, _)| c).trim()
}

// ---------------------------------------------------------------- the README's command table

/// The README's command table: each row's command cell and exit-code cell.
fn command_table() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    readme
        .lines()
        .filter(|l| l.starts_with("| `treatyc "))
        .map(|l| {
            // `\|` inside a cell is a `|` of the synopsis, not a column.
            let cells: Vec<String> = l
                .replace("\\|", "\u{1}")
                .split('|')
                .map(|c| c.trim().replace('\u{1}', "|"))
                .collect();
            (cells[1].clone(), cells[3].clone())
        })
        .collect()
}

/// Whether the README's table documents exit `code` for `treatyc NAME`.
fn table_documents(name: &str, code: i32) -> bool {
    let wanted = code.to_string();
    command_table().iter().any(|(command, exits)| {
        is_row_of(command, name) && exits.split(|c: char| !c.is_ascii_digit()).any(|w| w == wanted)
    })
}

/// Whether a command cell of the table is the row of `treatyc NAME`.
fn is_row_of(cell: &str, name: &str) -> bool {
    cell.starts_with(&format!("`treatyc {name} ")) || cell.starts_with(&format!("`treatyc {name}`"))
}

#[test]
fn the_command_table_has_a_row_for_every_command_and_question() {
    let table = command_table();
    let cli = treatyc::cli::Cli::command();
    let mut missing = Vec::new();
    for sub in cli.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = sub.get_name();
        let rows: Vec<&(String, String)> = table.iter().filter(|(c, _)| is_row_of(c, name)).collect();
        if rows.is_empty() {
            missing.push(name.to_string());
        }
        // The questions of `eval`: each named in a row.
        for question in sub.get_subcommands().filter(|s| s.get_name() != "help") {
            let shown = rows.iter().any(|(c, _)| {
                c.split(|ch: char| !ch.is_ascii_alphanumeric() && ch != '-')
                    .any(|w| w == question.get_name())
            });
            if !shown {
                missing.push(format!("{name} {}", question.get_name()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "commands without a row in the README's table: {missing:?}"
    );
    for (command, exits) in &table {
        assert!(
            exits.split(|c: char| !c.is_ascii_digit()).any(|w| !w.is_empty()),
            "{command}: the row gives no exit code"
        );
    }
}

// ---------------------------------------------------------------- `--help` examples

/// Every command of the tree with its path (`treatyc eval vote`) and the
/// example lines of its `after_help`.
fn help_examples() -> Vec<(Vec<String>, Vec<String>)> {
    fn walk(command: &clap::Command, path: &[String], found: &mut Vec<(Vec<String>, Vec<String>)>) {
        let help = command.get_after_help().map(|h| h.to_string()).unwrap_or_default();
        let mut examples = Vec::new();
        let mut under = false;
        for line in help.lines() {
            if matches!(line.trim(), "Example:" | "Examples:") {
                under = true;
            } else if under && line.starts_with("  ") {
                examples.push(line.trim().to_string());
            } else {
                under = false;
            }
        }
        found.push((path.to_vec(), examples));
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut deeper = path.to_vec();
            deeper.push(sub.get_name().to_string());
            walk(sub, &deeper, found);
        }
    }
    let mut found = Vec::new();
    walk(&treatyc::cli::Cli::command(), &[], &mut found);
    found
}

#[test]
fn every_command_shows_examples_and_every_example_runs() {
    let mut ran = 0;
    let mut failures = Vec::new();
    for (path, examples) in help_examples() {
        let shown = format!("treatyc {}", path.join(" "));
        // A command with questions shows its examples under each question.
        let leaf = treatyc::cli::Cli::command();
        let command = path
            .iter()
            .fold(leaf, |c, name| c.find_subcommand(name).unwrap().clone());
        let has_questions = command.get_subcommands().any(|s| s.get_name() != "help");
        if examples.is_empty() && !has_questions {
            failures.push(format!("`{shown} --help` shows no example"));
        }
        for example in examples {
            let line = command_part(&example);
            if !line.contains("treatyc ") {
                failures.push(format!("`{shown} --help`: `{example}` does not run treatyc"));
                continue;
            }
            for placeholder in ["...", "draft.treaty", "members.csv"] {
                if line.contains(placeholder) && !line.contains(&format!("docs/examples/{placeholder}")) {
                    failures.push(format!(
                        "`{shown} --help`: `{example}` holds the placeholder `{placeholder}`"
                    ));
                }
            }
            let expected = expected_exit(&example);
            // A failure an example shows must be one the README documents.
            let top = path
                .first()
                .map(String::as_str)
                .unwrap_or_else(|| line.split_whitespace().nth(1).unwrap_or(""));
            if expected != 0 && !table_documents(top, expected) {
                failures.push(format!(
                    "`{shown} --help`: `{example}` exits {expected}, which the README's table does not give for `treatyc {top}`"
                ));
            }
            let dir = scratch();
            let ran_as = shell(dir.path(), &example);
            if ran_as.code != expected {
                failures.push(format!(
                    "`{shown} --help`: `{example}` exited {} (expected {expected}):\n{}{}",
                    ran_as.code, ran_as.out, ran_as.err
                ));
            }
            ran += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(ran >= 30, "only {ran} examples found");
}

// ---------------------------------------------------------------- Markdown

/// The README and every page of `docs/`, in a fixed order.
fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    pages.insert(0, root().join("README.md"));
    pages
}

/// A page's prose and code blocks, in order: `(None, prose)` or `(Some(fence), code)`.
fn parts(text: &str) -> Vec<(Option<String>, String)> {
    let mut parts = Vec::new();
    let mut fence: Option<String> = None;
    let mut current = String::new();
    for line in text.lines() {
        if let Some(info) = line.trim_start().strip_prefix("```") {
            let opened = match fence.take() {
                Some(closed) => {
                    parts.push((Some(closed), std::mem::take(&mut current)));
                    None
                }
                None => {
                    parts.push((None, std::mem::take(&mut current)));
                    Some(info.trim().to_string())
                }
            };
            fence = opened;
            continue;
        }
        current.push_str(line);
        current.push('\n');
    }
    parts.push((fence, current));
    parts
}

/// The commands of a ```text block with the output shown under each.
fn commands(block: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut continuing = false;
    for line in block.lines() {
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.push((cmd.trim_end_matches('\\').trim().to_string(), Vec::new()));
            continuing = line.ends_with('\\');
        } else if continuing {
            if let Some((cmd, _)) = out.last_mut() {
                cmd.push(' ');
                cmd.push_str(line.trim_end_matches('\\').trim());
            }
            continuing = line.ends_with('\\');
        } else if let Some((_, shown)) = out.last_mut() {
            shown.push(line.trim_end().to_string());
        }
    }
    for (_, shown) in &mut out {
        while shown.last().is_some_and(String::is_empty) {
            shown.pop();
        }
    }
    out
}

/// Whether `shown`, split at `...` lines, appears in `actual` block by block, in order.
fn appears(shown: &[String], actual: &str) -> Result<(), String> {
    let lines: Vec<&str> = actual.lines().map(str::trim_end).collect();
    let mut from = 0;
    for part in shown.split(|l| l.trim() == "...") {
        if part.is_empty() {
            continue;
        }
        let found = (from..=lines.len().saturating_sub(part.len()))
            .find(|&i| part.iter().zip(&lines[i..]).all(|(a, b)| a == b));
        match found {
            Some(i) => from = i + part.len(),
            None => return Err(format!("not found in order:\n{}", part.join("\n"))),
        }
    }
    Ok(())
}

/// The inline code spans of some prose that start with `treatyc `.
fn inline_commands(prose: &str) -> Vec<String> {
    prose
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.starts_with("treatyc "))
        // A code span may wrap: its line ending is a space (CommonMark).
        .map(|s| s.replace('\n', " "))
        .collect()
}

#[test]
fn every_command_the_pages_show_prints_what_they_show() {
    let mut ran = 0;
    let mut failures = Vec::new();
    let mut not_run = Vec::new();
    for page in pages() {
        let name = page.strip_prefix(root()).unwrap().display().to_string();
        let text = std::fs::read_to_string(&page).unwrap();
        // One scratch folder per page: a later command may read what an earlier
        // one wrote (`amend -o`, then `diff`).
        let dir = scratch();
        let mut prose_commands: Vec<String> = Vec::new();
        for (fence, body) in parts(&text) {
            match fence.as_deref() {
                None => prose_commands = inline_commands(&body),
                Some("text") => {
                    for (cmd, shown) in commands(&body) {
                        if !cmd.starts_with("treatyc ") {
                            failures.push(format!("{name}: `$ {cmd}` is not a treatyc command"));
                            continue;
                        }
                        let ran_as = shell(dir.path(), &cmd);
                        let actual = ran_as.out.clone() + &ran_as.err;
                        if let Err(e) = appears(&shown, &actual) {
                            failures.push(format!("{name}: `{cmd}`: {e}\n--- actual output:\n{actual}"));
                        }
                        ran += 1;
                    }
                }
                Some("sh") => {
                    for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
                        let command = command_part(line);
                        // `cargo run --release --` runs the treatyc this test runs.
                        let command = match command.strip_prefix("cargo run --release -- ") {
                            Some(rest) => format!("treatyc {rest}"),
                            None => command.to_string(),
                        };
                        if !command.split_whitespace().any(|w| w == "treatyc") {
                            not_run.push(format!("{name}: `{line}` (not a treatyc command)"));
                            continue;
                        }
                        let expected = expected_exit(line);
                        let ran_as = shell(dir.path(), &command);
                        if ran_as.code != expected {
                            failures.push(format!(
                                "{name}: `{line}` exited {} (expected {expected}):\n{}",
                                ran_as.code, ran_as.err
                            ));
                        }
                        ran += 1;
                    }
                }
                Some("json") => {
                    let Some(cmd) = prose_commands.last() else {
                        failures.push(format!(
                            "{name}: a ```json block with no `treatyc ...` in the prose before it to say what prints it"
                        ));
                        continue;
                    };
                    let ran_as = shell(dir.path(), cmd);
                    let actual: serde_json::Value = match serde_json::from_str(&ran_as.out) {
                        Ok(v) => v,
                        Err(e) => {
                            failures.push(format!("{name}: `{cmd}` printed no JSON ({e}):\n{}", ran_as.out));
                            continue;
                        }
                    };
                    let shown = shown_json(&body).unwrap_or_else(|e| {
                        panic!("{name}: a ```json block that is not JSON with `...` ({e}):\n{body}")
                    });
                    if let Err(e) = same_shape(&shown, &actual, "") {
                        failures.push(format!("{name}: the ```json block after `{cmd}`: {e}"));
                    }
                    ran += 1;
                }
                Some(_) => {}
            }
        }
    }
    eprintln!("shown, not run:\n  {}", not_run.join("\n  "));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(ran >= 15, "only {ran} commands found");
}

/// A ```json block as a value: `[...]` stands for any array, `"..."` for any value.
fn shown_json(block: &str) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(&block.replace("[...]", "\"[...]\""))
}

/// Whether `actual` has the shape shown: every key shown, with the value shown.
fn same_shape(shown: &serde_json::Value, actual: &serde_json::Value, at: &str) -> Result<(), String> {
    use serde_json::Value;
    match (shown, actual) {
        (Value::String(s), _) if s == "..." => Ok(()),
        (Value::String(s), Value::Array(_)) if s == "[...]" => Ok(()),
        (Value::Object(shown), Value::Object(actual)) => {
            shown.iter().try_for_each(|(key, value)| match actual.get(key) {
                Some(v) => same_shape(value, v, &format!("{at}.{key}")),
                None => Err(format!("`{at}.{key}` is shown but not printed")),
            })
        }
        (Value::Array(shown), Value::Array(actual)) if shown.len() <= actual.len() => shown
            .iter()
            .zip(actual)
            .enumerate()
            .try_for_each(|(i, (s, a))| same_shape(s, a, &format!("{at}[{i}]"))),
        _ if shown == actual => Ok(()),
        _ => Err(format!("`{at}` is shown as {shown}, printed as {actual}")),
    }
}

// ---------------------------------------------------------------- inline commands

/// Checks a synopsis (`treatyc check FILE... [--format human\|json]`) against
/// the command tree: every command, option and value it names exists.
fn synopsis_problems(span: &str) -> Vec<String> {
    let mut problems = Vec::new();
    // Built: global options reach the subcommands, and each knows its values.
    let mut cli = treatyc::cli::Cli::command();
    cli.build();
    let cleaned = span.replace("\\|", "|").replace(['[', ']'], " ");
    // The commands of the path so far: options of any of them are accepted
    // (`eval`'s options are global to its questions).
    let mut path: Vec<clap::Command> = Vec::new();
    let mut words = cleaned.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if word == "treatyc" {
            path = vec![cli.clone()];
            continue;
        }
        let Some(current) = path.last().cloned() else { continue };
        let option = if let Some(long) = word.strip_prefix("--") {
            let long = long.split('=').next().unwrap_or("");
            path.iter()
                .flat_map(|c| c.get_arguments())
                .find(|a| a.get_long() == Some(long))
                .cloned()
                .or_else(|| (long == "help").then(|| clap::Arg::new("help")))
                .ok_or_else(|| format!("`{span}`: `--{long}` is no option of `{}`", current.get_name()))
        } else if word.len() == 2 && word.starts_with('-') && word != "--" {
            let short = word.chars().nth(1).unwrap_or(' ');
            path.iter()
                .flat_map(|c| c.get_arguments())
                .find(|a| a.get_short() == Some(short))
                .cloned()
                .ok_or_else(|| format!("`{span}`: `{word}` is no option of `{}`", current.get_name()))
        } else {
            if let Some(sub) = current.find_subcommand(word) {
                path.push(sub.clone());
            }
            continue;
        };
        match option {
            Err(e) => problems.push(e),
            Ok(arg) => {
                let values: Vec<String> = arg
                    .get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_string())
                    .collect();
                let takes_value = arg.get_action().takes_values();
                if takes_value && !values.is_empty() {
                    if let Some(value) = words.peek().filter(|v| !v.starts_with('-')) {
                        for alternative in value
                            .split('|')
                            .filter(|a| a.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !a.is_empty())
                        {
                            if !values.iter().any(|v| v == alternative) {
                                problems.push(format!(
                                    "`{span}`: `{alternative}` is no value of `{word}` ({values:?})"
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    problems
}

/// Whether a span is a whole command on real files, to be run as it is: no
/// placeholder (`FILE`, `...`, `[`, `|` between alternatives), words beyond
/// the command's name, and every file it names under `treaties/` or `docs/`
/// there. Files named elsewhere (`t.treaty`) mark it as an illustration.
fn runnable(span: &str, dir: &Path) -> Result<bool, String> {
    let words: Vec<&str> = span.split_whitespace().collect();
    let placeholder = |w: &&str| {
        w.contains("...")
            || w.contains('[')
            || w.contains("\\|")
            || (w.chars().any(|c| c.is_ascii_uppercase())
                && w.chars().all(|c| c.is_ascii_uppercase() || "._-".contains(c)))
    };
    if words.iter().any(placeholder) || words.iter().any(|w| w.contains('|') && w.len() > 1) {
        return Ok(false);
    }
    // Standard input with nothing piped into it: an illustration.
    let fed = span.contains('|') || span.contains('<');
    if !fed && words.iter().any(|w| matches!(*w, "-" | "/dev/stdin")) {
        return Ok(false);
    }
    let cli = treatyc::cli::Cli::command();
    let mut command = cli;
    let mut rest = 0;
    for word in words.iter().skip(1) {
        match command.find_subcommand(word) {
            Some(sub) if rest == 0 => command = sub.clone(),
            _ => rest += 1,
        }
    }
    if rest == 0 {
        return Ok(false);
    }
    for (i, word) in words.iter().enumerate() {
        let word = &word.trim_matches(|c| c == '(' || c == ')');
        let output = i > 0 && matches!(words[i - 1], "-o" | "--output" | ">");
        let file_like = word.contains('/') || [".treaty", ".csv", ".json"].iter().any(|e| word.ends_with(e));
        if !file_like || output || word.starts_with("/dev/") {
            continue;
        }
        if !dir.join(word).exists() {
            if word.starts_with("treaties/") || word.starts_with("docs/") {
                return Err(format!("`{span}` names `{word}`, which does not exist"));
            }
            return Ok(false);
        }
    }
    Ok(true)
}

#[test]
fn every_inline_command_names_what_exists_and_runs_when_whole() {
    let dir = scratch();
    let mut failures = Vec::new();
    let (mut checked, mut ran) = (0, 0);
    for page in pages() {
        let name = page.strip_prefix(root()).unwrap().display().to_string();
        let text = std::fs::read_to_string(&page).unwrap();
        for (fence, body) in parts(&text) {
            if fence.is_some() {
                continue;
            }
            for span in inline_commands(&body) {
                failures.extend(synopsis_problems(&span).into_iter().map(|p| format!("{name}: {p}")));
                checked += 1;
                match runnable(&span, dir.path()) {
                    Err(e) => failures.push(format!("{name}: {e}")),
                    Ok(false) => {}
                    Ok(true) => {
                        // Prose shows a treaty with errors too (exit 1); a command
                        // that cannot run as written (2), or worse, is wrong.
                        let ran_as = shell(dir.path(), &span);
                        if ran_as.code != 0 && ran_as.code != 1 {
                            failures.push(format!("{name}: `{span}` exited {}:\n{}", ran_as.code, ran_as.err));
                        }
                        ran += 1;
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 50 && ran >= 4, "{checked} spans checked, {ran} run");
}

#[test]
fn the_synopsis_check_finds_what_does_not_exist() {
    assert!(synopsis_problems("treatyc check FILE [--format human\\|json\\|sarif]").is_empty());
    assert!(synopsis_problems("treatyc eval FILE --facts CSV vote --body B --yes ...").is_empty());
    assert_eq!(synopsis_problems("treatyc check FILE --no-such-option").len(), 1);
    assert_eq!(synopsis_problems("treatyc check FILE --format human\\|yaml").len(), 1);
    assert_eq!(synopsis_problems("treatyc stages FILE -o OUT").len(), 1);
    assert_eq!(expected_exit("treatyc check x   # exit 1: errors"), 1);
    assert_eq!(expected_exit("treatyc check x   # pure Rust"), 0);
    let shown = shown_json(r#"{"a": [...], "b": "...", "c": 1}"#).unwrap();
    assert!(same_shape(&shown, &serde_json::json!({"a": [1], "b": {}, "c": 1, "d": 2}), "").is_ok());
    assert!(same_shape(&shown, &serde_json::json!({"a": [1], "b": 2, "c": 2}), "").is_err());
    assert!(same_shape(&shown, &serde_json::json!({"a": [1], "c": 1}), "").is_err());
}
