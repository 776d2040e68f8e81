//! `treatyc eval` on the reference treaty with any facts file and any history,
//! asked any of its questions on any of a few days, as a user would ask it:
//! never a panic; every answer an answer, an undecided, or a coded refusal.
//!
//! The input is split at its first NUL byte: the facts (CSV) before it, the
//! history (CSV) after it. Its first byte chooses the question and the day.
#![no_main]

use std::process::ExitCode;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

/// The folder holding the reference treaty, written once per process.
fn folder() -> &'static std::path::Path {
    static FOLDER: OnceLock<tempfile::TempDir> = OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temporary folder");
            std::fs::write(dir.path().join("wsc.treaty"), include_str!("../../treaties/wsc.treaty"))
                .expect("the treaty written");
            dir
        })
        .path()
}

const DAYS: [&str; 4] = ["2024-01-01", "1949-08-24", "2100-12-31", "2031-02-29"];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let (facts, history) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    // Each input in files of its own: the fuzzer may run inputs in parallel jobs.
    let dir = tempfile::tempdir_in(folder()).expect("a temporary folder");
    let facts_path = dir.path().join("facts.csv");
    let history_path = dir.path().join("history.csv");
    std::fs::write(&facts_path, facts).expect("facts written");
    std::fs::write(&history_path, history).expect("history written");
    let treaty = folder().join("wsc.treaty").display().to_string();
    let facts_arg = facts_path.display().to_string();
    let history_arg = history_path.display().to_string();
    let day = DAYS[usize::from(choice >> 6)];
    let mut words: Vec<String> = vec!["treatyc".into(), "eval".into(), treaty, "--facts".into(), facts_arg];
    match choice % 6 {
        0 => words.extend([
            "--history".into(),
            history_arg,
            "--on".into(),
            day.into(),
            "status".into(),
        ]),
        1 => words.extend([
            "--history".into(),
            history_arg,
            "--on".into(),
            day.into(),
            "comply".into(),
        ]),
        2 => words.extend(["comply".into()]),
        3 => words.extend(["eligible".into(), "--candidate".into(), "POL".into()]),
        4 => words.extend(["stage".into()]),
        _ => words.extend([
            "--history".into(),
            history_arg,
            "--on".into(),
            day.into(),
            "vote".into(),
            "--body".into(),
            "Council".into(),
            "--decision".into(),
            "admission".into(),
            "--yes".into(),
            "AUS,CAN,DEU,FRA,GBR,IND".into(),
        ]),
    }
    let code = common::on_compiler_stack(move || treatyc::cli::run_args(words));
    // 101 is a panic the command line caught and reported: a finding.
    assert!(code != ExitCode::from(101), "treatyc eval panicked");
});
