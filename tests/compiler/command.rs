//! Command cases: a treaty (or other input) with the command line to run on it.
//! `tests/ui/command/err/CODE-name.treaty` with `CODE-name.args` (one line of
//! arguments, `$FILE` standing for the case's path) must report CODE, with a help
//! line; the run is snapshotted. A near-miss under `ok/` must not report it.

use std::path::{Path, PathBuf};

use crate::support::{expected_code, treatyc};

/// The cases of one folder: each input with its command line.
fn cases(folder: &str) -> Vec<(PathBuf, Vec<String>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/ui/command")
        .join(folder);
    let mut out: Vec<(PathBuf, Vec<String>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "args"))
        .map(|args| {
            let line = std::fs::read_to_string(&args).unwrap();
            let input = ["treaty", "json", "csv"]
                .iter()
                .map(|ext| args.with_extension(ext))
                .find(|p| p.exists())
                .unwrap_or_else(|| panic!("{} has no input beside it", args.display()));
            let relative = format!(
                "tests/ui/command/{folder}/{}",
                input.file_name().unwrap().to_string_lossy()
            );
            let words = line.split_whitespace().map(|w| w.replace("$FILE", &relative)).collect();
            (args, words)
        })
        .collect();
    out.sort();
    out
}

fn run(words: &[String]) -> (i32, String, String) {
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    treatyc(&args)
}

#[test]
fn every_failing_command_case_reports_its_code() {
    let all = cases("err");
    assert!(!all.is_empty());
    for (args, words) in all {
        let code = expected_code(&args);
        let (exit, out, err) = run(&words);
        let shown = format!("{out}{err}");
        assert!(
            shown.contains(&format!("[{code}]")),
            "{} should report {code}:\n{shown}",
            args.display()
        );
        assert!(shown.contains("= help:"), "{}: no help line:\n{shown}", args.display());
        assert_ne!(exit, 0, "{}", args.display());
        let name = args.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(
            name,
            format!(
                "$ treatyc {}\nexit {exit}\n--- stdout\n{out}--- stderr\n{err}",
                words.join(" ")
            )
        );
    }
}

#[test]
fn every_command_near_miss_stays_clean_of_its_code() {
    for (args, words) in cases("ok") {
        let code = expected_code(&args);
        let (_, out, err) = run(&words);
        assert!(
            !format!("{out}{err}").contains(&format!("[{code}]")),
            "{} should not report {code}:\n{out}{err}",
            args.display()
        );
    }
}
