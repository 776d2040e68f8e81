//! The habits of a compiler's command line: help for every argument, shell
//! completions, manual pages, colour only where wanted, one stream for each kind
//! of output, one JSON document (valid against its schema) for every outcome
//! with `--format json`, the same exit codes from every command, and test
//! results for CI systems.

use std::path::Path;

use clap::CommandFactory;

use crate::support::treatyc;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A treaty with a syntax error, and a missing file.
const BROKEN: &str = "docs/examples/draft.treaty";
const MISSING: &str = "no/such.treaty";

#[test]
fn every_argument_and_option_has_a_help_line() {
    fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(&treatyc::cli::Cli::command(), "treatyc", &mut missing);
    assert!(missing.is_empty(), "arguments without help: {missing:#?}");
}

#[test]
fn completions_are_written_for_every_shell_and_name_every_command() {
    let names: Vec<String> = treatyc::cli::Cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    assert!(names.len() >= 12, "{names:?}");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = treatyc(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains("treatyc"), "{shell}");
        if shell == "bash" {
            for name in &names {
                assert!(out.contains(name.as_str()), "bash completion lacks `{name}`");
            }
            assert!(out.contains("--format") && out.contains("--color"));
        }
    }
    let (code, _, err) = treatyc(&["completions", "tcsh"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn man_pages_are_written_one_per_command_through_the_safe_writer() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man");
    let (code, _, err) = treatyc(&["man", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let check = std::fs::read_to_string(out.join("treatyc-check.1")).unwrap();
    assert!(check.contains(".TH treatyc-check 1"), "{check}");
    assert!(
        check.contains("\\-\\-format"),
        "the page for check documents --format:\n{check}"
    );
    assert!(check.contains("sarif"));
    for page in [
        "treatyc.1",
        "treatyc-eval-vote.1",
        "treatyc-lint-amendment.1",
        "treatyc-man.1",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
    // Standard output gets the page of treatyc itself.
    let (code, page, _) = treatyc(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH treatyc 1") && page.contains("lint\\-amendment"));
    // A page is replaced as `-o` replaces any output: a read-only one is refused,
    // and left as it was.
    let locked = out.join("treatyc-check.1");
    std::fs::write(&locked, "mine").unwrap();
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o444)).unwrap();
    let (code, _, err) = treatyc(&["man", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("[E0909]") && err.contains("read-only"), "{err}");
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), "mine");
}

/// Runs treatyc with the environment given (the support helper sets NO_COLOR).
fn run_env(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_treatyc"));
    command.args(args).current_dir(root()).env_remove("NO_COLOR");
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn colour_is_asked_with_a_global_color_option_and_never_forced_by_no_color() {
    let escape = "\u{1b}[";
    // `--color` is global: before or after the command, for every command that
    // shows diagnostics.
    for args in [
        vec!["--color", "always", "check", BROKEN],
        vec!["check", BROKEN, "--color", "always"],
        vec!["stages", BROKEN, "--color", "always"],
        vec!["eval", MISSING, "--color", "always", "stage"],
        vec![
            "lint-amendment",
            BROKEN,
            "treaties/amendments/defence-target-3-5.treaty",
            "--color",
            "always",
        ],
        vec!["test", BROKEN, "--color", "always"],
    ] {
        let (_, out, err) = run_env(&args, &[]);
        assert!(err.contains(escape), "{args:?}: no colour:\n{err}");
        assert!(!out.contains(escape), "{args:?}: colour on standard output");
    }
    // Not a terminal: no colour, whatever NO_COLOR says; `never` is never.
    for env in [vec![], vec![("NO_COLOR", "1")], vec![("NO_COLOR", "")]] {
        let (_, _, err) = run_env(&["check", BROKEN], &env);
        assert!(!err.contains(escape), "{env:?}");
    }
    let (_, _, err) = run_env(&["check", BROKEN, "--color", "never"], &[]);
    assert!(!err.contains(escape));
}

/// Every command that reads a treaty, as run on `file` (a treaty that checks
/// clean, or another file put in its place).
fn every_command(file: &str) -> Vec<Vec<String>> {
    let amendment = "treaties/amendments/defence-target-3-5.treaty";
    let lines: Vec<Vec<&str>> = vec![
        vec!["check", file],
        vec!["parse", file],
        vec!["graph", file],
        vec!["emit", file],
        vec!["eval", file, "stage"],
        vec![
            "power",
            file,
            "--body",
            "Commission",
            "--decision",
            "proposals",
            "--index",
            "banzhaf",
        ],
        vec!["test", file],
        vec!["stages", file],
        vec!["lint-amendment", file, amendment],
        vec!["amend", file, amendment],
        vec!["diff", file, "treaties/wsc.treaty"],
        vec!["fmt", "--check", file],
    ];
    lines
        .into_iter()
        .map(|l| l.into_iter().map(str::to_string).collect())
        .collect()
}

fn run(words: &[String]) -> (i32, String, String) {
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    treatyc(&args)
}

/// A treaty that checks clean, whose Commission decides proposals.
const CLEAN: &str = "treaties/wsc.treaty";

#[test]
fn every_command_exits_as_the_readme_says() {
    for words in every_command(CLEAN) {
        let (code, _, err) = run(&words);
        assert_eq!(code, 0, "{words:?} on a sound treaty:\n{err}");
    }
    for words in every_command(BROKEN) {
        let (code, out, err) = run(&words);
        assert_eq!(code, 1, "{words:?} on a treaty with errors:\n{out}{err}");
    }
    for words in every_command(MISSING) {
        let (code, out, err) = run(&words);
        assert_eq!(code, 2, "{words:?} on a missing file:\n{out}{err}");
        // `parse` answers only in JSON: its failure too is a document.
        let (shown, other) = if words[0] == "parse" {
            (&out, &err)
        } else {
            (&err, &out)
        };
        assert!(shown.contains("E0908"), "{words:?}: {shown}");
        assert!(other.is_empty(), "{words:?}: {other}");
    }
}

#[test]
fn human_diagnostics_go_to_standard_error_and_only_there() {
    // `parse` answers only in JSON, its diagnostics in the document.
    for words in every_command(BROKEN).into_iter().filter(|w| w[0] != "parse") {
        let (_, out, err) = run(&words);
        assert!(err.contains("error[E"), "{words:?}: {err}");
        assert!(
            !out.contains("error["),
            "{words:?} printed diagnostics on standard output:\n{out}"
        );
    }
}

fn schema(name: &str) -> jsonschema::Validator {
    let path = root().join(format!("docs/schemas/{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

/// Checks that a run asked for JSON printed one JSON document on standard
/// output, valid against the command's schema, or (a failure) against the
/// diagnostics schema with a code for each diagnostic. Returns the document.
fn one_valid_document(words: &[String], code: i32, out: &str, err: &str) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_str(out)
        .unwrap_or_else(|e| panic!("{words:?} (exit {code}): not one JSON document ({e}):\n{out}\n--- stderr\n{err}"));
    let command = words[0].as_str();
    let own = schema(command);
    let diagnostics = schema("diagnostics");
    let valid = own.is_valid(&doc) || (code != 0 && diagnostics.is_valid(&doc));
    if !valid {
        let why: Vec<String> = own
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        panic!("{words:?} (exit {code}) does not fit docs/schemas/{command}.schema.json: {why:#?}\n{out}");
    }
    if code != 0 && !own.is_valid(&doc) {
        let list = doc["diagnostics"].as_array().unwrap();
        assert!(!list.is_empty(), "{words:?}");
        assert!(list.iter().all(|d| d["code"].is_string()), "{words:?}");
    }
    doc
}

/// The commands that answer in JSON (`parse` always, the others with `--format json`).
const JSON_COMMANDS: [&str; 11] = [
    "apportion",
    "check",
    "fmt",
    "graph",
    "eval",
    "power",
    "test",
    "stages",
    "diff",
    "lint-amendment",
    "parse",
];

/// Commands with `--format json`, and a run of each over the bundled treaties.
fn json_runs() -> Vec<Vec<String>> {
    let mut runs: Vec<Vec<String>> = Vec::new();
    let formats = JSON_COMMANDS;
    for file in [CLEAN, BROKEN, MISSING] {
        for mut words in every_command(file) {
            if formats.contains(&words[0].as_str()) {
                if words[0] != "parse" {
                    words.extend(["--format".to_string(), "json".to_string()]);
                }
                runs.push(words);
            }
        }
    }
    for name in crate::support::BUNDLED {
        let file = format!("treaties/{name}.treaty");
        for command in ["check", "graph", "stages", "test", "parse"] {
            let mut words = vec![command.to_string(), file.clone()];
            if command != "parse" {
                words.extend(["--format".to_string(), "json".to_string()]);
            }
            runs.push(words);
        }
        runs.push(
            ["diff", "treaties/wsc.treaty", &file, "--format", "json"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        );
    }
    // The command corpus, each case asked for JSON where its command has it.
    for folder in ["err", "ok"] {
        let dir = root().join("tests/ui/command").join(folder);
        let mut cases: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "args"))
            .collect();
        cases.sort();
        for args in cases {
            let input = ["treaty", "json", "csv"]
                .iter()
                .map(|ext| args.with_extension(ext))
                .find(|p| p.exists())
                .unwrap();
            let relative = format!(
                "tests/ui/command/{folder}/{}",
                input.file_name().unwrap().to_string_lossy()
            );
            let line = std::fs::read_to_string(&args).unwrap();
            let mut words: Vec<String> = line.split_whitespace().map(|w| w.replace("$FILE", &relative)).collect();
            if formats.contains(&words[0].as_str()) && !words.iter().any(|w| w == "--format") {
                words.extend(["--format".to_string(), "json".to_string()]);
                runs.push(words);
            }
        }
    }
    runs
}

#[test]
fn with_format_json_every_outcome_is_one_document_valid_against_its_schema() {
    let runs = json_runs();
    assert!(runs.len() > 60, "{}", runs.len());
    let mut failures = 0;
    for words in &runs {
        let (code, out, err) = run(words);
        assert_ne!(code, 101, "{words:?} panicked: {err}");
        one_valid_document(words, code, &out, &err);
        assert!(
            !err.contains("error["),
            "{words:?}: diagnostics on standard error:\n{err}"
        );
        failures += usize::from(code != 0);
    }
    // Both kinds of outcome were validated.
    assert!(failures > 10 && failures < runs.len(), "{failures} of {}", runs.len());
}

#[test]
fn a_command_line_that_cannot_be_read_is_json_too_when_json_is_asked() {
    let words: Vec<String> = ["eval", CLEAN, "--format", "json", "--no-such-option", "stage"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let (code, out, err) = run(&words);
    assert_eq!(code, 2, "{err}");
    let doc = one_valid_document(&words, code, &out, &err);
    assert_eq!(doc["diagnostics"][0]["code"], "E0910", "{out}");
    assert!(doc["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("--no-such-option"));
    // Without JSON, clap's own message, as for any program.
    let (code, out, err) = treatyc(&["eval", CLEAN, "--no-such-option", "stage"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("--no-such-option"), "{err}");
}

#[test]
fn the_schemas_are_not_vacuous() {
    let eval = schema("eval");
    assert!(!eval.is_valid(&serde_json::json!({"passes": "yes"})));
    assert!(!eval.is_valid(&serde_json::json!([])));
    let diagnostics = schema("diagnostics");
    assert!(!diagnostics.is_valid(&serde_json::json!({"diagnostics": [{"message": "no code"}]})));
    for name in JSON_COMMANDS {
        assert!(
            !schema(name).is_valid(&serde_json::json!({})),
            "{name} accepts an empty object"
        );
    }
}

/// The schemas derived from Rust types are the committed ones; regenerate with
/// `TREATYC_UPDATE_DOCS=1 cargo test --test compiler habits`.
#[test]
fn the_committed_schemas_are_the_ones_derived_from_the_types() {
    for (name, value) in treatyc::cli::derived_schemas() {
        let path = root().join(format!("docs/schemas/{name}.schema.json"));
        let expected = serde_json::to_string_pretty(&value).unwrap() + "\n";
        if std::env::var_os("TREATYC_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &expected).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap_or_default(),
            expected,
            "docs/schemas/{name}.schema.json is out of date; run TREATYC_UPDATE_DOCS=1 cargo test --test compiler habits"
        );
    }
}

#[test]
fn test_results_are_written_as_junit_for_ci_systems() {
    let dir = tempfile::tempdir().unwrap();
    let failing = dir.path().join("failing.treaty");
    std::fs::write(
        &failing,
        "treaty t \"A scenario & a failure\" {\n  parties { A  B  C }\n  body Assembly { seats: one per member  decides budget by unanimity }\n  scenario adoption \"The <budget> passes\" {\n    vote Assembly.budget yes A, B no C expect passes\n    vote Assembly.budget yes A, B, C expect passes\n  }\n}\n",
    )
    .unwrap();
    let failing = failing.to_str().unwrap();
    let (code, xml, err) = treatyc(&["test", "treaties/wsc.treaty", failing, BROKEN, "--format", "junit"]);
    assert_eq!(code, 1, "{err}");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("not well-formed XML ({e}):\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 3, "one testsuite per treaty file");
    let (_, json, _) = treatyc(&["test", "treaties/wsc.treaty", failing, BROKEN, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    for (suite, file) in suites.iter().zip(report["files"].as_array().unwrap()) {
        assert_eq!(suite.attribute("name"), file["file"].as_str());
        let cases = suite.children().filter(|n| n.has_tag_name("testcase")).count();
        let checks = file["checks"].as_array().unwrap().len().max(1);
        assert_eq!(cases, checks, "{:?}: one testcase per check", suite.attribute("name"));
        let failures = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .filter(|c| c.children().any(|f| f.has_tag_name("failure")))
            .count();
        assert_eq!(suite.attribute("failures"), Some(failures.to_string().as_str()));
    }
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure") && n.parent().and_then(|p| p.attribute("classname")) == Some("t.adoption"))
        .expect("the failing check has a failure");
    assert!(!failure.attribute("message").unwrap_or_default().is_empty());
    assert!(failure.text().unwrap_or_default().contains("failing.treaty:5"), "{xml}");
    // The broken treaty is a failing testcase holding its diagnostics.
    assert!(xml.contains("E0009"), "{xml}");
    assert_eq!(
        report["failed"].as_u64(),
        Some(root.attribute("failures").unwrap().parse().unwrap())
    );
}
