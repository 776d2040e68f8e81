//! The command line as a user runs it: exit codes, formats, help.

use std::process::Command;

use crate::support::treatyc;

#[test]
fn check_exits_0_on_the_bundled_treaties() {
    let (code, _, err) = treatyc(&[
        "check",
        "treaties/wsc.treaty",
        "treaties/eu-council.treaty",
        "treaties/north-atlantic.treaty",
        "treaties/un-security-council.treaty",
    ]);
    assert_eq!(code, 0, "{err}");
    // The North Atlantic Treaty has no sanctions: its obligations are reported unenforced.
    assert!(err.ends_with("checked 4 files: 5 warnings\n"), "{err}");
    assert_eq!(err.matches("warning[W0503]").count(), 5, "{err}");
    assert!(err.matches("north-atlantic.treaty").count() >= 5, "{err}");
}

#[test]
fn check_exits_1_on_an_error() {
    let (code, _, err) = treatyc(&["check", "tests/ui/syntax/err/E0010-missing-voting-rule.treaty"]);
    assert_eq!(code, 1);
    assert!(err.contains("error[E0010]"), "{err}");
    assert!(err.ends_with("checked 1 file: 1 error\n"), "{err}");
}

#[test]
fn check_exits_2_on_a_missing_file_naming_path_and_reason() {
    let (code, _, err) = treatyc(&["check", "no/such.treaty"]);
    assert_eq!(code, 2);
    assert!(err.contains("error[E0908]"), "{err}");
    assert!(err.contains("no/such.treaty") && err.contains("No such file"), "{err}");
    // The other files named are still checked.
    let (code, _, err) = treatyc(&[
        "check",
        "no/such.treaty",
        "tests/ui/check/err/E0102-misspelled-body.treaty",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("error[E0908]") && err.contains("error[E0102]"), "{err}");
}

#[test]
fn check_exits_2_on_bad_usage() {
    let (code, _, err) = treatyc(&["check", "--format", "xml", "treaties/wsc.treaty"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn json_output_has_the_documented_shape_sorted_by_file_then_position() {
    let (code, out, _) = treatyc(&[
        "check",
        "--format",
        "json",
        "tests/ui/syntax/err/E0001-errors-in-several-items.treaty",
        "tests/ui/syntax/err/E0004-letters-in-number.treaty",
    ]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list = json["diagnostics"].as_array().unwrap();
    assert_eq!(list.len(), 4);
    let keys = [
        "severity",
        "code",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "labels",
        "help",
    ];
    for d in list {
        for k in keys {
            assert!(d.get(k).is_some(), "missing {k} in {d}");
        }
    }
    let order: Vec<(String, u64)> = list
        .iter()
        .map(|d| (d["file"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    // `seats: 15x` is on line 3, the number starts in column 12.
    let bad = list.iter().find(|d| d["code"] == "E0004").unwrap();
    assert_eq!((bad["line"].as_u64(), bad["column"].as_u64()), (Some(3), Some(12)));
    assert_eq!(bad["end_column"].as_u64(), Some(15));
}

#[test]
fn deny_warnings_turns_warnings_into_errors() {
    let (code, _, _) = treatyc(&["check", "--deny", "warnings", "treaties/wsc.treaty"]);
    assert_eq!(code, 0);
    let (code, _, err) = treatyc(&["check", "--deny", "warnings", "treaties/north-atlantic.treaty"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[W0503]"), "{err}");
}

#[test]
fn explain_prints_the_page_of_a_code() {
    let (code, out, _) = treatyc(&["explain", "e0010"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("E0010 (error): missing voting rule"), "{out}");
    assert!(out.contains("Fix:"));
}

#[test]
fn explain_rejects_an_unknown_code() {
    let (code, _, err) = treatyc(&["explain", "E9999"]);
    assert_eq!(code, 2);
    assert!(err.contains("E9999"), "{err}");
}

#[test]
fn every_command_has_help_with_an_example() {
    for cmd in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["parse", "--help"],
        vec!["explain", "--help"],
        vec!["graph", "--help"],
        vec!["emit", "--help"],
        vec!["eval", "--help"],
        vec!["power", "--help"],
        vec!["test", "--help"],
        vec!["diff", "--help"],
        vec!["lint-amendment", "--help"],
        vec!["amend", "--help"],
        vec!["stages", "--help"],
        vec!["eval", "x", "vote", "--help"],
        vec!["eval", "x", "eligible", "--help"],
        vec!["eval", "x", "comply", "--help"],
        vec!["eval", "x", "stage", "--help"],
    ] {
        let (code, out, _) = treatyc(&cmd);
        assert_eq!(code, 0);
        assert!(out.contains("Example"), "{cmd:?}: {out}");
    }
}

#[test]
fn parse_dumps_the_syntax_tree_as_json() {
    let (code, out, _) = treatyc(&["parse", "treaties/un-security-council.treaty", "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["ast"]["document"], "treaty");
    assert_eq!(json["ast"]["name"]["name"], "un_security_council");
}

#[test]
fn facts_that_fit_are_used_and_the_eu_rules_hold_no_hidden_veto() {
    let (code, _, err) = treatyc(&[
        "check",
        "treaties/eu-council.treaty",
        "--facts",
        "treaties/data/eu_council_population.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.trim(), "checked 1 file: no problems");
}

#[test]
fn facts_that_do_not_fit_exit_2_with_the_cell_named() {
    let (code, _, err) = treatyc(&[
        "check",
        "tests/ui/check/err/E0602-facts-with-a-word-for-a-number.treaty",
        "--facts",
        "tests/ui/check/err/E0602-facts-with-a-word-for-a-number.csv",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("error[E0602]: `population` of `DEU`: not a number"),
        "{err}"
    );
    assert!(err.contains("E0602-facts-with-a-word-for-a-number.csv:2:13"), "{err}");
}

#[test]
fn a_missing_facts_file_exits_2() {
    let (code, _, err) = treatyc(&["check", "treaties/wsc.treaty", "--facts", "no/such.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such.csv"), "{err}");
}

#[test]
fn graph_writes_every_format_to_a_file() {
    let dir = std::env::temp_dir().join(format!("treatyc-graph-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for format in ["dot", "mermaid", "svg", "json"] {
        let out = dir.join(format!("wsc.{format}"));
        let (code, _, err) = treatyc(&[
            "graph",
            "treaties/wsc.treaty",
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(std::fs::metadata(&out).unwrap().len() > 100);
    }
    // Nothing else is left in the folder: no temporary files.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 4);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn graph_rejects_an_unknown_stage_with_the_stages_listed() {
    let (code, out, err) = treatyc(&["graph", "treaties/wsc.treaty", "--stage", "empire"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("no stage `empire`") && err.contains("`community`, `union`, `federation`"),
        "{err}"
    );
}

#[test]
fn graph_rejects_an_unknown_format() {
    let (code, _, err) = treatyc(&["graph", "treaties/wsc.treaty", "--format", "png"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn graph_to_an_unwritable_path_exits_2_and_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("treatyc-unwritable-{}", std::process::id()));
    let target = dir.join("missing-folder").join("wsc.svg");
    let (code, _, err) = treatyc(&[
        "graph",
        "treaties/wsc.treaty",
        "--format",
        "svg",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write"), "{err}");
    assert!(!target.exists() && !dir.exists());
}

#[test]
fn graph_diff_between_two_stages_highlights_changes() {
    let (code, out, err) = treatyc(&[
        "graph",
        "treaties/wsc.treaty",
        "--stage",
        "federation",
        "--diff-stage",
        "union",
        "--format",
        "mermaid",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(":::added") && out.contains(":::changed"), "{out}");
}

#[test]
fn graph_diff_against_another_treaty_file() {
    let (code, out, err) = treatyc(&[
        "graph",
        "treaties/wsc.treaty",
        "--diff",
        "treaties/north-atlantic.treaty",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let nac = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "NorthAtlanticCouncil")
        .unwrap();
    assert_eq!(nac["change"], "removed");
}

#[test]
fn eval_with_facts_that_do_not_fit_names_file_row_and_column() {
    let (code, out, err) = treatyc(&[
        "eval",
        "tests/ui/check/err/E0602-facts-with-a-word-for-a-number.treaty",
        "--facts",
        "tests/ui/check/err/E0602-facts-with-a-word-for-a-number.csv",
        "vote",
        "--body",
        "Council",
        "--decision",
        "policy",
        "--yes",
        "DEU",
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.starts_with("error[E0602]"), "{err}");
    assert!(err.contains("E0602-facts-with-a-word-for-a-number.csv:2:13"), "{err}");
}

#[test]
fn a_vote_naming_a_suspended_member_is_an_error() {
    let (code, _, err) = treatyc(&[
        "eval",
        "treaties/un-security-council.treaty",
        "vote",
        "--body",
        "SecurityCouncil",
        "--decision",
        "procedural",
        "--seated",
        "DNK,GRC,PAK,PAN,SOM,BHR,COL,COD,LVA,LBR",
        "--yes",
        "RUS,CHN",
        "--suspended",
        "RUS",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("`RUS` is suspended"), "{err}");
    // Suspended and silent: it leaves the base.
    let (code, out, _) = treatyc(&[
        "eval",
        "treaties/north-atlantic.treaty",
        "vote",
        "--body",
        "NorthAtlanticCouncil",
        "--decision",
        "consensus",
        "--yes",
        "USA",
        "--suspended",
        "HUN",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tally"]["members"], 31);
}

#[test]
fn a_reader_that_goes_away_is_not_a_crash() {
    // Like `treatyc parse ... | head -1`: the output pipe closes before the tree is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_treatyc"))
        .args(["parse", "treaties/wsc.treaty"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The tree was not delivered: never a success (see docs/robustness.md).
    assert_eq!(out.status.code(), Some(141));
}

#[test]
fn facts_may_be_json() {
    let yes = "DEU,FRA,ITA,ESP,POL,ROU,NLD,BEL,CZE,PRT,SWE,GRC,HUN,AUT,BGR,DNK,FIN,SVK,IRL,HRV";
    let run = |facts: &str| {
        treatyc(&[
            "eval",
            "treaties/eu-council.treaty",
            "--facts",
            facts,
            "vote",
            "--body",
            "Council",
            "--decision",
            "ordinary",
            "--yes",
            yes,
            "--proposed-by",
            "Commission",
        ])
    };
    let (code, json_out, err) = run("tests/data/eu_council_population.json");
    assert_eq!(code, 0, "{err}");
    let (_, csv_out, _) = run("treaties/data/eu_council_population.csv");
    assert_eq!(json_out, csv_out);
    assert!(json_out.starts_with("PASSES"), "{json_out}");
}

#[test]
fn stages_prints_the_ladder_with_entry_conditions() {
    let (code, out, _) = treatyc(&["stages", "treaties/wsc.treaty"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "1. community (World Security Community)");
    assert_eq!(lines[2], "2. union (Union of Democracies)");
    assert!(
        lines[3].contains("after `community`, when total population of members >= 25% of world.population"),
        "{out}"
    );
    assert!(lines[4].starts_with("3. federation"), "{out}");
}

#[test]
fn diff_reports_what_a_stage_adds_and_changes_with_before_and_after() {
    let (code, out, _) = treatyc(&[
        "diff",
        "treaties/wsc.treaty",
        "treaties/wsc.treaty",
        "--old-stage",
        "community",
        "--new-stage",
        "union",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let changes = v["changes"].as_array().unwrap();
    let find = |kind: &str, name: &str| changes.iter().find(|c| c["kind"] == kind && c["name"] == name).cloned();
    assert_eq!(find("body", "Parliament").unwrap()["change"], "added");
    let budget = find("power", "Ministers.budget").unwrap();
    assert_eq!(budget["change"], "changed");
    assert_eq!(budget["before"]["jointly_with"], serde_json::json!([]));
    assert_eq!(budget["after"]["jointly_with"], serde_json::json!(["Parliament"]));
    let (_, same, _) = treatyc(&["diff", "treaties/eu-council.treaty", "treaties/eu-council.treaty"]);
    assert_eq!(same.trim(), "no difference in meaning");
}

#[test]
fn check_stage_checks_one_stage_of_the_treaty() {
    let case = "tests/ui/check/err/E0301-conflict-only-in-a-later-stage.treaty";
    let (code, _, err) = treatyc(&["check", case, "--stage", "community"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = treatyc(&["check", case, "--stage", "union"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("error[E0301]: `assist attacked_member` is both required and forbidden\n"),
        "{err}"
    );
    let (code, _, err) = treatyc(&["check", "treaties/wsc.treaty", "--stage", "empire"]);
    assert_eq!(code, 1);
    assert!(err.contains("there is no stage `empire`"), "{err}");
}

#[test]
fn lint_amendment_exits_1_on_an_amendment_that_breaks_the_treaty() {
    let (code, out, err) = treatyc(&[
        "lint-amendment",
        "treaties/wsc.treaty",
        "treaties/amendments/low-spenders-opt-out.treaty",
    ]);
    assert_eq!(code, 1);
    // The diagnostics on standard error, the procedure (the answer) on standard output.
    assert!(err.contains("error[E0802]") && err.contains("error[E0301]"), "{err}");
    assert!(out.contains("  - adopted by `Council` by `reinforced_qmv`"), "{out}");
    assert!(
        err.trim_end().ends_with("linted 1 amendment: 2 errors, 1 warning"),
        "{err}"
    );
    let (code, out, _) = treatyc(&[
        "lint-amendment",
        "treaties/wsc.treaty",
        "treaties/amendments/defence-target-3-5.treaty",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(v["procedure"][2], "ratified by 2/3 of members");
}

#[test]
fn amend_writes_a_consolidated_treaty_that_checks_clean() {
    let dir = std::env::temp_dir().join(format!("treatyc-amend-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("wsc-3.5.treaty");
    let (code, _, err) = treatyc(&[
        "amend",
        "treaties/wsc.treaty",
        "treaties/amendments/defence-target-3-5.treaty",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("consolidated `wsc` as amended by `defence_target`"),
        "{err}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("every member must defence_spending >= 3.5% of gdp"));
    assert!(!text.contains("must defence_spending >= community.defence_target of gdp"));
    let (code, stdout, _) = treatyc(&["check", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    // What changed in meaning, as the language writes it.
    let (code, stdout, _) = treatyc(&["diff", "treaties/wsc.treaty", out.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "~ obligation `defence_spending`\n    constraint: defence_spending >= community.defence_target of gdp  ->  defence_spending >= 3.5% of gdp\n"
    );
    // Without -o, the consolidated text goes to standard output.
    let (code, stdout, _) = treatyc(&[
        "amend",
        "treaties/north-atlantic.treaty",
        "treaties/amendments/nac-qualified-majority.treaty",
    ]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("// Consolidated by `treatyc amend`: `north_atlantic`"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn amend_writes_nothing_for_an_amendment_with_errors() {
    let dir = std::env::temp_dir().join(format!("treatyc-amend-err-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("never.treaty");
    let (code, stdout, err) = treatyc(&[
        "amend",
        "treaties/wsc.treaty",
        "treaties/amendments/low-spenders-opt-out.treaty",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(err.contains("error[E0802]") && err.contains("nothing written"), "{err}");
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "a temporary file was left behind"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn amend_never_overwrites_its_own_sources() {
    let dir = std::env::temp_dir().join(format!("treatyc-amend-src-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let base = dir.join("wsc.treaty");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/treaties/wsc.treaty"), &base).unwrap();
    let before = std::fs::read(&base).unwrap();
    let (code, _, err) = treatyc(&[
        "amend",
        base.to_str().unwrap(),
        "treaties/amendments/defence-target-3-5.treaty",
        "-o",
        base.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("is an input of this command"), "{err}");
    assert_eq!(std::fs::read(&base).unwrap(), before);
    let (code, _, err) = treatyc(&[
        "amend",
        "treaties/wsc.treaty",
        "treaties/amendments/defence-target-3-5.treaty",
        "-o",
        dir.join("missing-folder").join("out.treaty").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn power_json_gives_numbers_with_their_exact_fractions() {
    let power = |format: &str| {
        treatyc(&[
            "power",
            "treaties/un-security-council.treaty",
            "--body",
            "SecurityCouncil",
            "--decision",
            "substantive",
            "--index",
            "shapley-shubik",
            "--format",
            format,
        ])
    };
    let (code, out, err) = power("json");
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let members = v["members"].as_array().unwrap();
    assert_eq!(members.len(), 15);
    let usa = members.iter().find(|m| m["id"] == "USA").unwrap();
    assert_eq!(usa["fraction"], "421/2145");
    assert_eq!(usa["value"].as_f64().unwrap(), 421.0 / 2145.0);
    let sum: f64 = members.iter().map(|m| m["value"].as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-12);
    assert_eq!(v["vetoes"], serde_json::json!(["CHN", "FRA", "GBR", "RUS", "USA"]));
    let (_, csv, _) = power("csv");
    assert!(csv.starts_with("id,value\n"), "{csv}");
    assert!(csv.contains("\nUSA,0.19627039627039627\n"), "{csv}");
}

#[test]
fn with_the_founders_populations_the_wsc_reinforced_majority_gives_india_a_veto() {
    let (code, _, err) = treatyc(&[
        "check",
        "treaties/wsc.treaty",
        "--facts",
        "treaties/data/wsc_parties_population.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning[W0404]: `reinforced_qmv` gives `IND` a veto under these facts"),
        "{err}"
    );
    assert!(err.contains("`IND` holds 62.6% of the population"), "{err}");
    // The qualified majority, with its floor of four, gives none.
    assert!(!err.contains("`qmv` gives"), "{err}");
    assert!(err.trim_end().ends_with("checked 1 file: 1 warning"), "{err}");
}

#[test]
fn no_command_writes_over_its_own_input() {
    let dir = std::env::temp_dir().join(format!("treatyc-own-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("eu.treaty");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/treaties/eu-council.treaty"),
        &source,
    )
    .unwrap();
    let before = std::fs::read(&source).unwrap();
    let path = source.to_str().unwrap();
    for args in [
        vec!["emit", path, "-o", path],
        vec!["graph", path, "--format", "svg", "-o", path],
        vec!["graph", "treaties/eu-council.treaty", "--diff", path, "-o", path],
    ] {
        let (code, _, err) = treatyc(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains("is an input of this command"), "{err}");
        assert_eq!(std::fs::read(&source).unwrap(), before, "{args:?} changed the source");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_writes_sarif_for_code_scanning_tools() {
    let (code, out, _) = treatyc(&[
        "check",
        "tests/ui/check/err/E0301-neutral-member-must-not-assist.treaty",
        "treaties/eu-council.treaty",
        "--format",
        "sarif",
    ]);
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "treatyc");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let r = &results[0];
    assert_eq!(r["ruleId"], "E0301");
    assert_eq!(r["level"], "error");
    let rule = &run["tool"]["driver"]["rules"][r["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "E0301");
    assert_eq!(rule["shortDescription"]["text"], "deontic conflict");
    let at = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        at["artifactLocation"]["uri"],
        "tests/ui/check/err/E0301-neutral-member-must-not-assist.treaty"
    );
    assert_eq!(at["region"]["startLine"], 10);
    assert_eq!(r["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], 7);
    assert!(r["message"]["text"].as_str().unwrap().contains("\nhelp: "));
}

#[test]
fn an_amendment_checked_with_its_treaty_is_linted_against_it() {
    // Alone, it is linted against the treaty it names, found in the folder above.
    let (code, _, err) = treatyc(&["check", "treaties/amendments/low-spenders-opt-out.treaty"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[E0802]") && err.contains("error[E0301]"), "{err}");
    assert!(
        err.contains("checked against `treaties/wsc.treaty`, found beside them"),
        "{err}"
    );
    let (code, _, err) = treatyc(&[
        "check",
        "treaties/amendments/low-spenders-opt-out.treaty",
        "treaties/wsc.treaty",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("error[E0802]") && err.contains("error[E0301]"), "{err}");
    let (code, _, err) = treatyc(&[
        "check",
        "treaties/wsc.treaty",
        "treaties/amendments/defence-target-3-5.treaty",
    ]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_question_that_cannot_be_answered_is_a_coded_diagnostic_in_the_format_asked() {
    let case = "tests/ui/command/err/E0903-member-votes-twice.treaty";
    let ballot: Vec<&str> = "vote --body Council --decision policy --yes AAA,BBB --no BBB"
        .split(' ')
        .collect();
    let human: Vec<&str> = ["eval", case].iter().chain(&ballot).copied().collect();
    let (code, out, err) = treatyc(&human);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.starts_with("error[E0903]: `BBB` is listed twice"), "{err}");
    // The span points into the command line, at the member named.
    assert!(err.contains("<command line>:1:"), "{err}");
    let json: Vec<&str> = ["eval", case, "--format", "json"]
        .iter()
        .chain(&ballot)
        .copied()
        .collect();
    // Asked for JSON, the failure is the one JSON document on standard output.
    let (code, out, err) = treatyc(&json);
    assert_eq!((code, err.as_str()), (2, ""));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "E0903");
    assert_eq!(v["diagnostics"][0]["file"], "<command line>");
}

/// A percent fact is given in percentage points: 40 is 40%, below a 50% criterion
/// (read as 40 whole units, it was "met").
#[test]
fn a_percent_fact_is_read_in_percentage_points() {
    let ask = |id: &str| {
        treatyc(&[
            "eval",
            "tests/ui/eval/percent-fact.treaty",
            "--facts",
            "tests/ui/eval/percent-fact.csv",
            "eligible",
            "--candidate",
            id,
        ])
    };
    let (code, out, err) = ask("AAA");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("ELIGIBLE") && out.contains("turnout = 60%"), "{out}");
    let (_, out, _) = ask("BBB");
    assert!(
        out.starts_with("NOT ELIGIBLE") && out.contains("turnout = 40%"),
        "{out}"
    );
}

/// A criterion kept by members binds them: a member that fails it is in breach,
/// with the sanctions for failing it.
#[test]
fn a_member_failing_a_kept_criterion_is_in_breach() {
    let (code, out, err) = treatyc(&[
        "eval",
        "tests/ui/check/err/W0309-invariant-with-a-sanction-for-failing-it.treaty",
        "--facts",
        "tests/ui/eval/invariant.csv",
        "comply",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("BREACH: `BBB` breaches `criterion democracy (kept by members)`: status = not_free"),
        "{out}"
    );
    assert!(out.contains("sanction `suspension`"), "{out}");
    assert!(!out.contains("`AAA`") && !out.contains("`CCC`"), "{out}");
}

/// The v2 constructs are compared by meaning: a seat table by the delegations that
/// change, elected seats and a fact's deciding body as the language writes them.
#[test]
fn diff_compares_seats_agreements_and_facts_set_by_a_decision() {
    let dir = tempfile::tempdir().unwrap();
    let edited = |from: &str, pairs: &[(&str, &str)]| {
        let mut text = std::fs::read_to_string(from).unwrap();
        for (a, b) in pairs {
            assert!(text.contains(a), "{a}");
            text = text.replacen(a, b, 1);
        }
        let path = dir.path().join(std::path::Path::new(from).file_name().unwrap());
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let eu = edited(
        "treaties/eu-treaties.treaty",
        &[
            ("DEU 96, GRC 21", "DEU 95, GRC 22"),
            (
                "extension_of_withdrawal_period by unanimity_354\n      excluding concerned\n      in agreement with the member concerned",
                "extension_of_withdrawal_period by unanimity_354 excluding concerned",
            ),
        ],
    );
    let (code, out, err) = treatyc(&["diff", "treaties/eu-treaties.treaty", &eu]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "~ body `Parliament`\n    seats: DEU 96, GRC 21  ->  DEU 95, GRC 22\n~ power `EuropeanCouncil.extension_of_withdrawal_period`\n    agreement_of_concerned: yes  ->  no\n"
    );
    let un = edited(
        "treaties/un-security-council.treaty",
        &[("not immediately re-eligible", "re-eligible")],
    );
    let (_, out, _) = treatyc(&["diff", "treaties/un-security-council.treaty", &un]);
    assert!(
        out.contains(
            "elected_seats: 10 by GeneralAssembly for 2 years, 5 renewed every year, not immediately re-eligible  ->  10 by GeneralAssembly for 2 years, 5 renewed every year, re-eligible"
        ),
        "{out}"
    );
    let wsc = edited(
        "treaties/wsc.treaty",
        &[("percent set by Council.defence_target", "percent")],
    );
    let (_, out, _) = treatyc(&["diff", "treaties/wsc.treaty", &wsc]);
    assert_eq!(
        out,
        "~ fact `community.defence_target`\n    set_by: Council.defence_target  ->  (none)\n"
    );
}

/// `eval procedure` counts the deciding body's vote when a ballot is given: a
/// vote that fails makes the procedure FAILED, with why.
#[test]
fn a_procedure_counts_its_decision_from_a_ballot() {
    let base = [
        "eval",
        "treaties/eu-treaties.treaty",
        "procedure",
        "--name",
        "clear_risk_determination",
        "--concerned",
        "HUN",
        "--initiated-by",
        "Commission",
        "--consulted",
        "concerned",
        "--consented",
        "Parliament",
    ];
    let all_but = |out: &[&str]| -> String {
        let p = treatyc::compile_to_ir(
            &mut treatyc::session::Session::new(),
            "eu",
            &std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties/eu-treaties.treaty"))
                .unwrap(),
            None,
        )
        .unwrap();
        p.members
            .iter()
            .map(|m| m.id.as_str())
            .filter(|m| !out.contains(m))
            .collect::<Vec<_>>()
            .join(",")
    };
    let yes = all_but(&["HUN", "AUT", "BEL", "BGR", "HRV", "CYP"]);
    let (code, out, err) = treatyc(&[&base[..], &["--yes", &yes, "--no", "AUT,BEL,BGR,HRV,CYP"]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("ADOPTED `clear_risk_determination`"), "{out}");
    assert!(out.contains("the vote passes: 21 in favour, 5 against"), "{out}");
    let yes = all_but(&["HUN", "AUT", "BEL", "BGR", "HRV", "CYP", "CZE"]);
    let (_, out, _) = treatyc(&[&base[..], &["--yes", &yes, "--no", "AUT,BEL,BGR,HRV,CYP,CZE"]].concat());
    assert!(
        out.starts_with("FAILED `clear_risk_determination` (TEU Article 7(1)): the vote of `Council` fails"),
        "{out}"
    );
    // `--decided` and a ballot say the same thing twice: refused.
    let (code, _, _) = treatyc(&[&base[..], &["--decided", "--yes", "AUT"]].concat());
    assert_eq!(code, 2);
}

/// Obligations of the organisation and its bodies are evaluated too: the WSC's
/// OECD overlap (9 of its 10 founders are OECD members: more than half) and the
/// Council's summits held with the OECD's (Article 10).
#[test]
fn comply_evaluates_the_obligations_of_the_organisation_and_its_bodies() {
    let ask = |situation: &[&str]| {
        let mut args = vec!["eval", "treaties/wsc.treaty", "--facts", "tests/ui/eval/wsc-oecd.csv"];
        for s in situation {
            args.extend(["--situation", s]);
        }
        args.extend(["--format", "json", "comply"]);
        let (code, out, err) = treatyc(&args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let r = ask(&["council_summit=true", "concurrent_oecd_summit=false"]);
    let organs = r["organs"].as_array().unwrap();
    assert_eq!(organs.len(), 1, "{r}");
    assert_eq!(organs[0]["subject"], "Council");
    assert_eq!(organs[0]["obligation"], "summits");
    assert_eq!(organs[0]["breached"], true);
    // Half the members in the OECD is not "more than half": the overlap is breached.
    let (_, out, _) = treatyc(&[
        "eval",
        "treaties/wsc.treaty",
        "--facts",
        "tests/ui/eval/wsc-oecd-half.csv",
        "comply",
    ]);
    assert!(
        out.contains("BREACH: the organisation breaches `oecd_overlap` (article 10): number of members = 10, number of members with (oecd_member) = 5"),
        "{out}"
    );
    // Held together: nothing breached; no summit: the duty does not apply.
    assert!(ask(&["council_summit=true", "concurrent_oecd_summit=true"])
        .get("organs")
        .is_none());
    assert!(ask(&["council_summit=false"]).get("organs").is_none());
    // Without the situation, the summits are undecided, never met.
    let r = ask(&[]);
    assert_eq!(r["organs"][0]["breached"], serde_json::Value::Null);
    assert_eq!(r["organs"][0]["obligation"], "summits");
}

#[test]
fn diff_shows_time_limits_dates_and_membership_changes_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string("treaties/north-atlantic.treaty").unwrap();
    for (a, b) in [
        (
            "takes effect one year after notice",
            "takes effect two years after notice",
        ),
        (
            "SecurityCouncil\n      immediately\n      when",
            "SecurityCouncil within two days of entry into force when",
        ),
        ("in force from 24 August 1949", "in force from 25 August 1949"),
        (
            "other states {\n    UKR \"Ukraine\"\n    GEO",
            "other states {\n    GEO",
        ),
    ] {
        assert!(text.contains(a), "{a}");
        text = text.replacen(a, b, 1);
    }
    let edited = dir.path().join("north-atlantic.treaty");
    std::fs::write(&edited, text).unwrap();
    let (code, out, err) = treatyc(&["diff", "treaties/north-atlantic.treaty", edited.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "~ obligation `report`\n    timing: immediately  ->  within 2 days of entry into force\n\
         ~ entry into force `the treaty`\n    in_force_from: 24 August 1949  ->  25 August 1949\n\
         - other state `UKR`\n\
         ~ membership `withdrawal`\n    after_notice: 1 year  ->  2 years\n"
    );
}
