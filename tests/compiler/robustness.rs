//! Nothing wrong in silence, nothing lost: each case here gave a wrong answer
//! without a word, or replaced a file, before it was fixed (see docs/robustness.md).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// treatyc started with its three streams piped.
fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_treatyc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = spawn(args);
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

use crate::support::treatyc;

/// `eval TREATY --facts FACTS vote --body Council --decision policy --yes YES`.
fn vote_on_policy(treaty: &str, facts: &str, yes: &str) -> (i32, String, String) {
    treatyc(&[
        "eval",
        treaty,
        "--facts",
        facts,
        "vote",
        "--body",
        "Council",
        "--decision",
        "policy",
        "--yes",
        yes,
    ])
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

const WSC: &str = "treaties/wsc.treaty";
const WSC_POPULATION: &str = "treaties/data/wsc_parties_population.csv";
const ALL_WSC: &str = "USA,GBR,FRA,DEU,ITA,CAN,JPN,AUS,KOR,IND";

// ---------------------------------------------------------------- eval honours every step

#[test]
fn a_decision_subject_to_authorisation_is_not_adopted_without_it() {
    let vote = |extra: &[&str]| {
        let mut args = vec!["eval", WSC, "--facts", WSC_POPULATION];
        args.extend(extra);
        args.extend([
            "vote",
            "--body",
            "Ministers",
            "--decision",
            "peacekeeping_mission",
            "--yes",
            ALL_WSC,
        ]);
        treatyc(&args)
    };
    let (code, out, err) = vote(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("VOTE PASSES, NOT YET ADOPTED"), "{out}");
    assert!(out.contains("[missing] authorisation by `SecurityCouncil`"), "{out}");
    let (_, out, _) = vote(&["--authorised", "SecurityCouncil"]);
    assert!(out.starts_with("PASSES"), "{out}");
    let (_, json, _) = {
        let mut args = vec!["eval", WSC, "--facts", WSC_POPULATION, "--format", "json"];
        args.extend([
            "vote",
            "--body",
            "Ministers",
            "--decision",
            "peacekeeping_mission",
            "--yes",
            ALL_WSC,
        ]);
        treatyc(&args)
    };
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["passes"], false);
    assert_eq!(v["vote_passes"], true);
    assert_eq!(v["steps"][0]["met"], false);
}

#[test]
fn a_proposal_and_a_co_decision_are_steps_the_decision_needs() {
    let (code, out, _) = treatyc(&["test", "tests/ui/syntax/ok/repeatable-clauses.treaty"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("scenarios: 6 passed, 0 failed"), "{out}");
    // Without the proposal from the Commission.
    let (_, out, _) = treatyc(&[
        "eval",
        "tests/ui/syntax/ok/repeatable-clauses.treaty",
        "vote",
        "--body",
        "Council",
        "--decision",
        "policy",
        "--yes",
        "A,B,C",
        "--adopted-by",
        "Ministers",
    ]);
    assert!(
        out.contains("[missing] proposal: required a proposal from `Commission` or `Ministers`"),
        "{out}"
    );
    // A proposal from a body that may not propose it.
    let (_, out, _) = treatyc(&[
        "eval",
        "tests/ui/syntax/ok/repeatable-clauses.treaty",
        "vote",
        "--body",
        "Council",
        "--decision",
        "policy",
        "--yes",
        "A,B,C",
        "--proposed-by",
        "Council",
        "--adopted-by",
        "Ministers",
    ]);
    assert!(out.contains("which may not propose it"), "{out}");
}

#[test]
fn ratification_is_evaluated_with_the_share_required_and_reached() {
    let vote = |ratified: &str| {
        treatyc(&[
            "eval",
            "tests/ui/syntax/ok/repeatable-clauses.treaty",
            "--ratified",
            ratified,
            "vote",
            "--body",
            "Council",
            "--decision",
            "accession",
            "--yes",
            "A,B,C",
        ])
    };
    let (_, out, _) = vote("A");
    assert!(out.starts_with("VOTE PASSES, NOT YET ADOPTED"), "{out}");
    assert!(
        out.contains("required >= 2/3 of 3 members ratify (at least 2), actual 1 of 3 ratified"),
        "{out}"
    );
    let (_, out, _) = vote("A,C");
    assert!(out.starts_with("PASSES"), "{out}");
    let (code, _, err) = vote("A,ZZZ");
    assert_eq!(code, 2);
    assert!(err.contains("`ZZZ` is not a party"), "{err}");
}

#[test]
fn excluding_concerned_needs_the_member_concerned_named() {
    let base = [
        "eval",
        WSC,
        "--facts",
        WSC_POPULATION,
        "vote",
        "--body",
        "Council",
        "--decision",
        "expulsion",
    ];
    let (code, _, err) = treatyc(&[&base[..], &["--yes", "USA,GBR"]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("name it with `--concerned ID`"), "{err}");
    // Two members concerned (a dispute with two parties, UN Charter Art. 27(3)).
    let (code, out, err) = treatyc(&[
        "eval",
        "treaties/un-security-council.treaty",
        "vote",
        "--body",
        "SecurityCouncil",
        "--decision",
        "pacific_settlement",
        "--seated",
        "DNK,GRC,PAK,PAN,SOM,BHR,COL,COD,LVA,LBR",
        "--concerned",
        "GBR,FRA",
        "--yes",
        "CHN,RUS,USA,DNK,GRC,PAK,PAN,SOM,BHR",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("of 13"), "both concerned members leave the base: {out}");
}

// ---------------------------------------------------------------- facts read strictly

const SMALL: &str = r#"treaty small "Weighed by a share" {
  facts member { w: money  spend: money  gdp: money  share = spend / gdp }
  facts world { population: count }
  parties { A  B }
  rule heavy = w > 1
  body Council { seats: one per member  decides policy by heavy }
  sanction s on breach of article 1: Council may suspend voting_rights by unanimity excluding concerned
  article 1 "Spending" {
    target: every member must share >= 2%
  }
  scenario spending {
    facts "facts.csv"
    member A expect no breach
  }
}
"#;

fn small(dir: &Path, facts: &str) -> (String, String) {
    (write(dir, "small.treaty", SMALL), write(dir, "facts.csv", facts))
}

#[test]
fn malformed_numbers_in_facts_are_errors_with_a_position_never_0() {
    let dir = tempfile::tempdir().unwrap();
    for bad in [".", "_", "__", ".0", "1.", "1__0"] {
        let (treaty, facts) = small(dir.path(), &format!("id,w,spend,gdp\nA,{bad},1,1\nB,1,1,1\n"));
        let (code, _, err) = vote_on_policy(&treaty, &facts, "A,B");
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("facts.csv:2:3"), "{bad}: {err}");
    }
    let (code, _, err) = treatyc(&[
        "eval",
        &write(dir.path(), "t.treaty", SMALL),
        "--world",
        "population=.",
        "comply",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("`.` is not a count value"), "{err}");
}

#[test]
fn json_facts_keep_every_digit() {
    let dir = tempfile::tempdir().unwrap();
    let treaty = write(dir.path(), "small.treaty", SMALL);
    // 1.0000000000000001 is 1.0 as a float: the vote would fail.
    let facts = write(
        dir.path(),
        "facts.JSON",
        r#"[{"id": "A", "w": 1.0000000000000001, "spend": 1, "gdp": 1}, {"id": "B", "w": 0, "spend": 1, "gdp": 1}]"#,
    );
    let (code, out, err) = vote_on_policy(&treaty, &facts, "A");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("PASSES"), "{out}");
    assert!(out.contains("10000000000000001/10000000000000000"), "{out}");
}

#[test]
fn a_value_given_twice_is_an_error_never_last_one_wins() {
    let dir = tempfile::tempdir().unwrap();
    let treaty = write(dir.path(), "small.treaty", SMALL);
    let eval = |facts: &str| treatyc(&["eval", &treaty, "--facts", facts, "comply"]);
    let (code, _, err) = eval(&write(
        dir.path(),
        "cols.csv",
        "id,w,w,spend,gdp\nA,1,2,1,1\nB,1,1,1,1\n",
    ));
    assert_eq!(code, 2);
    assert!(err.contains("column `w` appears twice"), "{err}");
    let (code, _, err) = eval(&write(
        dir.path(),
        "keys.json",
        r#"[{"id": "A", "w": 1, "w": 2, "spend": 1, "gdp": 1}, {"id": "B", "w": 1, "spend": 1, "gdp": 1}]"#,
    ));
    assert_eq!(code, 2);
    assert!(err.contains("`w` is given twice for member `A`"), "{err}");
    let (code, _, err) = treatyc(&[
        "eval",
        &treaty,
        "--world",
        "population=1",
        "--world",
        "population=2",
        "comply",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("gives `population` twice"), "{err}");
}

#[test]
fn csv_is_read_as_spreadsheets_write_it() {
    let dir = tempfile::tempdir().unwrap();
    let treaty = write(dir.path(), "small.treaty", SMALL);
    // A byte-order mark, and a quoted name with a line break in it.
    let facts = write(
        dir.path(),
        "bom.csv",
        "\u{feff}id,name,w,spend,gdp\nA,\"Republic\nof A\",2,1,1\nB,B,0,1,1\n",
    );
    let (code, out, err) = vote_on_policy(&treaty, &facts, "A");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("PASSES"), "{out}");
    // Thousands separators split a number into fields: said so, with the fix.
    let facts = write(dir.path(), "sep.csv", "id,w,spend,gdp\nA,1,1,000,000,1\nB,1,1,1\n");
    let (code, _, err) = treatyc(&["eval", &treaty, "--facts", &facts, "comply"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`1,000,000` is one number written with thousands separators"),
        "{err}"
    );
    assert!(err.contains("`1000000`"), "{err}");
}

// ---------------------------------------------------------------- undecided is never "no breach"

#[test]
fn an_obligation_that_cannot_be_decided_is_listed_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (treaty, facts) = small(dir.path(), "id,w,spend,gdp\nA,1,1,0\nB,1,3,100\n");
    let (code, out, err) = treatyc(&["eval", &treaty, "--facts", &facts, "comply"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("undecided: `A` and `target`: division by zero: `gdp` is 0"),
        "{out}"
    );
    let (_, json, _) = treatyc(&["eval", &treaty, "--facts", &facts, "--format", "json", "comply"]);
    assert!(json.contains("division by zero"), "{json}");
    // `treatyc test`: undecided fails an expectation of no breach.
    let (code, out, _) = treatyc(&["test", &treaty]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL small::spending  member A expect no breach"), "{out}");
}

#[test]
fn test_validates_facts_as_eval_does() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["n/a", "", "1,49", "1.49%"] {
        let cell = if bad.contains(',') {
            format!("\"{bad}\"")
        } else {
            bad.to_string()
        };
        let (treaty, _) = small(dir.path(), &format!("id,w,spend,gdp\nA,1,{cell},100\nB,1,3,100\n"));
        let (code, out, _) = treatyc(&["test", &treaty]);
        assert_eq!(code, 1, "{bad}: {out}");
        assert!(out.contains("FAIL small::spending"), "{bad}: {out}");
    }
    // The column missing altogether.
    let (treaty, _) = small(dir.path(), "id,w,gdp\nA,1,100\nB,1,100\n");
    let (code, out, _) = treatyc(&["test", &treaty]);
    assert_eq!(code, 1, "{out}");
}

// ---------------------------------------------------------------- files

#[test]
fn a_scenario_reads_no_file_outside_its_treaty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("t");
    std::fs::create_dir(&sub).unwrap();
    let treaty = write(
        &sub,
        "x.treaty",
        &SMALL.replace("facts \"facts.csv\"", "facts \"../../../../etc/passwd\""),
    );
    let (code, out, err) = treatyc(&["test", &treaty]);
    assert_eq!(code, 1);
    assert!(
        out.contains("FAIL small::spending") && out.contains("outside the folder"),
        "{out}"
    );
    assert!(!out.contains("root:") && !err.contains("root:"), "{out}{err}");
}

#[test]
fn output_paths_that_are_devices_or_links_are_written_through() {
    let dir = tempfile::tempdir().unwrap();
    // A device stays a device.
    let (code, _, err) = treatyc(&["emit", "treaties/eu-council.treaty", "-o", "/dev/null"]);
    assert_eq!(code, 0, "{err}");
    assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
    // A link stays a link; its target gets the output.
    let target = dir.path().join("rules.json");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (code, _, err) = treatyc(&["emit", "treaties/eu-council.treaty", "-o", link.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().contains("\"ir_version\""));
    // `-o -` is standard output.
    let (code, out, _) = treatyc(&["emit", "treaties/eu-council.treaty", "-o", "-"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"ir_version\""));
    // Nothing but the two files is left in the folder.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn inputs_are_bounded_and_standard_input_is_read() {
    // An endless device is read up to the limit, and refused there.
    let (code, _, err) = treatyc(&["check", "/dev/zero"]);
    assert_eq!(code, 2);
    assert!(err.contains("larger than the input limit of 67108864 bytes"), "{err}");
    let text = std::fs::read("treaties/eu-council.treaty").unwrap();
    let (code, _, err) = run(&["check", "-"], Some(&text));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("no problems"), "{err}");
    let big = vec![b' '; 2048];
    let (code, _, err) = Command::new(env!("CARGO_BIN_EXE_treatyc"))
        .args(["check", "-"])
        .env("TREATYC_MAX_INPUT_BYTES", "1000")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(&big)?;
            c.wait_with_output()
        })
        .map(|o| {
            (
                o.status.code().unwrap_or(-1),
                (),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
        .unwrap();
    assert_eq!(code, 2);
    assert!(err.contains("larger than the input limit of 1000 bytes"), "{err}");
}

// ---------------------------------------------------------------- bounded work

#[test]
fn power_refuses_weights_it_cannot_sum_and_tables_it_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<String> = (0..8).map(|i| format!("M{i}")).collect();
    let treaty = write(
        dir.path(),
        "w.treaty",
        &format!(
            "treaty w \"Weighed\" {{\n  facts member {{ population: count }}\n  parties {{ {} }}\n  rule heavy = population >= 65%\n  body Council {{ seats: one per member  decides policy by heavy }}\n}}\n",
            ids.join(" ")
        ),
    );
    let rows: String = ids.iter().map(|i| format!("{i},{}\n", "9".repeat(29))).collect();
    let facts = write(dir.path(), "w.csv", &format!("id,population\n{rows}"));
    let (code, _, err) = treatyc(&[
        "power",
        &treaty,
        "--facts",
        &facts,
        "--body",
        "Council",
        "--decision",
        "policy",
        "--index",
        "banzhaf",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("too large to weigh votes exactly"), "{err}");

    // Fifty members weighed by population: refused at once, with the unit that fits.
    let ids: Vec<String> = (0..50).map(|i| format!("M{i}")).collect();
    let treaty = write(
        dir.path(),
        "big.treaty",
        &format!(
            "treaty big \"Fifty\" {{\n  facts member {{ population: count }}\n  parties {{ {} }}\n  rule heavy = population >= 65%\n  body Council {{ seats: one per member  decides policy by heavy }}\n}}\n",
            ids.join(" ")
        ),
    );
    let rows: String = ids
        .iter()
        .enumerate()
        .map(|(k, i)| format!("{i},{}\n", 40_000_000 + k * 1_000_003))
        .collect();
    let facts = write(dir.path(), "big.csv", &format!("id,population\n{rows}"));
    let (code, _, err) = treatyc(&[
        "power",
        &treaty,
        "--facts",
        &facts,
        "--body",
        "Council",
        "--decision",
        "policy",
        "--index",
        "banzhaf",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("above the 1024 MiB budget"), "{err}");
    assert!(err.contains("in units of"), "{err}");
}

#[test]
fn conditions_past_the_solver_limits_are_reported_as_cut_short() {
    // Nine two-way disjunctions in each of two provisions, and sixty comparisons.
    let disjunctions: Vec<String> = (0..9).map(|i| format!("(p{i} or q{i})")).collect();
    let comparisons: Vec<String> = (0..60).map(|i| format!("x{i} >= {i}")).collect();
    let facts: Vec<String> = (0..9)
        .map(|i| format!("p{i}: bool  q{i}: bool"))
        .chain((0..60).map(|i| format!("x{i}: count")))
        .collect();
    let when = format!("{} and {}", disjunctions.join(" and "), comparisons.join(" and "));
    let text = format!(
        "treaty big \"Large conditions\" {{\n  facts member {{ spending: percent {} }}\n  body Council {{ seats: one per member  decides policy by simple majority }}\n  sanction s on breach of article 1: Council may suspend voting_rights by simple majority excluding concerned\n  article 1 \"Spending\" {{\n    every member must spending >= 3% when {when}\n    every member must spending <= 2% when {when}\n  }}\n}}\n",
        facts.join("  ")
    );
    let dir = tempfile::tempdir().unwrap();
    let treaty = write(dir.path(), "big.treaty", &text);
    let (_, _, err) = treatyc(&["check", &treaty]);
    assert!(err.contains("warning[W0305]"), "{err}");
}

#[test]
fn an_svg_too_large_to_lay_out_is_refused_with_the_drawing_that_scales() {
    let dir = tempfile::tempdir().unwrap();
    let bodies: String = (0..1_200)
        .map(|i| format!("  body B{i} {{ seats: 3  decides x{i} by unanimity }}\n"))
        .collect();
    let treaty = write(
        dir.path(),
        "many.treaty",
        &format!("treaty many \"Many bodies\" {{\n{bodies}}}\n"),
    );
    let out = dir.path().join("many.svg");
    let (code, _, err) = treatyc(&["graph", &treaty, "--format", "svg", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("lays out at most 1000") && err.contains("--format dot"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn a_name_of_a_million_characters_gets_no_quadratic_suggestion() {
    // A misspelled rule of a million characters: the "did you mean" search skips
    // names whose length alone puts them out of reach (it built a 10^6-row table each).
    let dir = tempfile::tempdir().unwrap();
    let name = "a".repeat(1_000_000);
    let treaty = write(
        dir.path(),
        "long.treaty",
        &format!("treaty t \"x\" {{\n  body Council {{ seats: one per member  decides x by {name} }}\n}}\n"),
    );
    let (code, _, err) = treatyc(&["check", &treaty]);
    assert_eq!(code, 1);
    assert!(err.contains("E0103"), "{}", &err[..err.len().min(500)]);
}

#[test]
fn more_than_half_is_not_exactly_half() {
    // Three of six is 3/6, which equals 1/2: `members > 50%` is not met. The share
    // was compared with 1/2 term by term, and passed.
    let dir = tempfile::tempdir().unwrap();
    let treaty = write(
        dir.path(),
        "half.treaty",
        "treaty half \"More than half\" {\n  parties { A  B  C  D  E  F }\n  rule more_than_half = members > 50%\n  body Council { seats: one per member  decides d by more_than_half }\n}\n",
    );
    let vote = |yes: &str, no: &str| {
        treatyc(&[
            "eval",
            &treaty,
            "vote",
            "--body",
            "Council",
            "--decision",
            "d",
            "--yes",
            yes,
            "--no",
            no,
        ])
        .1
    };
    assert!(vote("A,B,C", "D,E,F").starts_with("FAILS"));
    assert!(vote("A,B,C,D", "E,F").starts_with("PASSES"));
}

/// Runs treatyc with its standard output a pipe whose reader has already gone
/// (`treatyc test t.treaty | head` once `head` has exited): the exit code.
fn with_reader_gone(args: &[&str]) -> (i32, String) {
    // The reading end is closed before the child starts, so even an answer
    // written at once (`explain --list` reads no treaty) finds no reader: closing
    // it after `spawn` raced with a fast child on a loaded machine.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_treatyc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_answer_lost_to_a_reader_that_went_away_never_exits_0() {
    for args in [
        vec!["test", "treaties/wsc.treaty", "treaties/eu-treaties.treaty"],
        vec!["check", "treaties/wsc.treaty", "--format", "json"],
        vec!["check", "treaties/wsc.treaty", "--format", "sarif"],
        vec![
            "lint-amendment",
            "treaties/wsc.treaty",
            "treaties/amendments/defence-target-3-5.treaty",
        ],
        vec!["emit", "treaties/wsc.treaty", "-o", "-"],
        vec!["explain", "--list"],
    ] {
        let (code, err) = with_reader_gone(&args);
        assert_eq!(code, 141, "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn an_output_fifo_no_one_reads_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut child = spawn(&["emit", "treaties/eu-council.treaty", "-o", fifo.to_str().unwrap()]);
    // It used to wait for a reader for ever.
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("`-o FIFO` with no reader still waits");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("[E0909]") && err.contains("no one is reading"), "{err}");
    // Still the FIFO: never replaced by a regular file.
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(
        &std::fs::symlink_metadata(&fifo).unwrap().file_type()
    ));
}

#[test]
fn an_output_file_keeps_its_permission_its_owner_and_its_links() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let emit = |out: &Path| treatyc(&["emit", "treaties/eu-council.treaty", "-o", out.to_str().unwrap()]);
    // Read-only: refused, even to root, and left as it was.
    let locked = dir.path().join("locked.json");
    std::fs::write(&locked, "mine").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, err) = emit(&locked);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("[E0909]") && err.contains("read-only"), "{err}");
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), "mine");
    // Two hard links: replacing one name would split them; refused.
    let first = dir.path().join("first.json");
    let second = dir.path().join("second.json");
    std::fs::write(&first, "shared").unwrap();
    std::fs::hard_link(&first, &second).unwrap();
    let (code, _, err) = emit(&first);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("hard links"), "{err}");
    assert_eq!(
        std::fs::metadata(&first).unwrap().ino(),
        std::fs::metadata(&second).unwrap().ino()
    );
    assert_eq!(std::fs::read_to_string(&second).unwrap(), "shared");
    // Another user's file (the tests run as root, as CI does): replaced, and
    // still theirs, with its permission.
    let theirs = dir.path().join("theirs.json");
    std::fs::write(&theirs, "old").unwrap();
    std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).expect("the tests run as root");
    let (code, _, err) = emit(&theirs);
    assert_eq!(code, 0, "{err}");
    let meta = std::fs::metadata(&theirs).unwrap();
    assert!(std::fs::read_to_string(&theirs).unwrap().contains("\"ir_version\""));
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
}

/// A treaty whose criterion is a flat chain of `terms` comparisons joined by `or`.
fn chain(terms: usize) -> String {
    let condition: Vec<String> = (0..terms).map(|i| format!("x{} > {i}", i % 3)).collect();
    format!(
        "treaty t \"A long condition\" {{\n  facts member {{ x0: count  x1: count  x2: count }}\n  criterion c: {}\n}}\n",
        condition.join(" or ")
    )
}

#[test]
fn a_long_flat_condition_is_not_nesting_and_the_operator_limit_is_named() {
    let dir = tempfile::tempdir().unwrap();
    // 129 and 2,000 terms used to be "nesting deeper than 64"; nothing is nested.
    for terms in [129, 2_000] {
        let path = write(dir.path(), "long.treaty", &chain(terms));
        let (code, out, err) = treatyc(&["check", &path]);
        assert_eq!(code, 0, "{terms} terms:\n{out}{err}");
    }
    // 5,001 comparisons and 5,000 `or`: past the 10,000 operators an expression may hold.
    let path = write(dir.path(), "long.treaty", &chain(5_001));
    let (code, _, err) = treatyc(&["check", &path]);
    assert_eq!(code, 1);
    assert!(
        err.contains("[E0008]") && err.contains("more than 10000 operators"),
        "{err}"
    );
    assert!(!err.contains("nesting"), "{err}");
    // Real nesting is still bounded by depth.
    let nested = format!(
        "treaty t \"T\" {{\n  facts member {{ x0: count }}\n  criterion c: {}x0 > 1{}\n}}\n",
        "(".repeat(65),
        ")".repeat(65)
    );
    let path = write(dir.path(), "nested.treaty", &nested);
    let (code, _, err) = treatyc(&["check", &path]);
    assert_eq!(code, 1);
    assert!(err.contains("nesting deeper than 64"), "{err}");
}

#[test]
fn a_year_or_a_count_with_a_fraction_is_refused_wherever_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let treaty = "treaty t \"T\" {\n  parties { A  B }\n  facts member { joined: year  troops: count  share: ratio }\n  facts world { founded: year }\n  criterion old: joined <= 2000\n  scenario s \"S\" {\n    given world.founded = 1999.5\n  }\n}\n";
    let path = write(dir.path(), "t.treaty", treaty);
    // A scenario's `given`.
    let (code, _, err) = treatyc(&["check", &path]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("[E0201]") && err.contains("1999.5") && err.contains("whole number"),
        "{err}"
    );
    let clean = write(dir.path(), "clean.treaty", &treaty.replace("1999.5", "1999"));
    assert_eq!(treatyc(&["check", &clean]).0, 0);
    // A facts file, CSV or JSON: file, row and column.
    let csv = write(
        dir.path(),
        "f.csv",
        "id,joined,troops,share\nA,1999.5,10,0.5\nB,2001,2.5,0.25\n",
    );
    let (code, _, err) = treatyc(&["eval", &clean, "--facts", &csv, "eligible", "--candidate", "A"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("[E0602]") && err.contains("f.csv:2:3") && err.contains("not a whole number"),
        "{err}"
    );
    assert!(err.contains("f.csv:3:8"), "the count too: {err}");
    let (code, _, err) = treatyc(&["check", &clean, "--facts", &csv]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("[E0602]"), "{err}");
    let json = write(
        dir.path(),
        "f.json",
        "[{\"id\": \"A\", \"joined\": 1999.5, \"troops\": 1, \"share\": 0.5}]",
    );
    let (code, _, err) = treatyc(&["eval", &clean, "--facts", &json, "eligible", "--candidate", "A"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("[E0602]") && err.contains("not a whole number"), "{err}");
    // `--fact` and `--world` on the command line.
    for flag in ["--world", "--fact"] {
        let value = if flag == "--world" {
            "founded=1999.5"
        } else {
            "world.founded=1999.5"
        };
        let (code, _, err) = treatyc(&["eval", &clean, flag, value, "stage"]);
        assert_eq!(code, 2, "{flag}: {err}");
        assert!(err.contains("[E0905]") && err.contains("whole number"), "{flag}: {err}");
    }
    // A ratio may have a fraction; a whole year written `1999.0` is a year.
    let fine = write(
        dir.path(),
        "g.csv",
        "id,joined,troops,share\nA,1999.0,10,0.5\nB,2001,2,0.25\n",
    );
    let (code, _, err) = treatyc(&["eval", &clean, "--facts", &fine, "eligible", "--candidate", "A"]);
    assert_eq!(code, 0, "{err}");
}
