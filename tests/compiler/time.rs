//! Time and membership that changes, through the commands: `eval --on` with a
//! history, `graph --on`, and the errors of bad dates and histories.

use crate::support::treatyc;

const EU: &str = "treaties/eu-treaties.treaty";
const EU_HISTORY: &str = "treaties/data/eu-history.csv";

#[test]
fn eval_status_follows_the_united_kingdoms_withdrawal() {
    let status = |day: &str| treatyc(&["eval", EU, "--history", EU_HISTORY, "--on", day, "status"]);
    let (code, out, err) = status("2019-06-01");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("on 1 June 2019: 28 members\n"), "{out}");
    assert!(
        out.contains("  GBR: member, withdrawing (notice 29 March 2017; a member through 31 October 2019)\n"),
        "{out}"
    );
    // TEU 7(1): `regularly` cannot be measured, and says so.
    assert!(
        out.contains("UNDECIDED: `verification` (article 7) for `Council` (regularly)"),
        "{out}"
    );
    let (_, out, _) = status("2020-01-31");
    assert!(out.starts_with("on 31 January 2020: 28 members\n"), "{out}");
    let (_, out, _) = status("2020-02-01");
    assert!(out.starts_with("on 1 February 2020: 27 members\n"), "{out}");
    assert!(
        out.contains("  GBR: not a member: withdrawn on 1 February 2020\n"),
        "{out}"
    );
    // Before the United Kingdom joined, it is no member; six founders in 1958.
    let (_, out, _) = status("1958-01-01");
    assert!(out.starts_with("on 1 January 1958: 6 members\n"), "{out}");
    // The same answer, byte for byte, in JSON twice.
    let json = |day: &str| {
        treatyc(&[
            "eval",
            EU,
            "--history",
            EU_HISTORY,
            "--on",
            day,
            "status",
            "--format",
            "json",
        ])
        .1
    };
    let first = json("2019-06-01");
    assert_eq!(first, json("2019-06-01"));
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["date"], "2019-06-01");
    assert!(v["states"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["state"] == "GBR" && s["standing"] == "withdrawing" && s["leaves"] == "2019-11-01"));
}

#[test]
fn a_vote_on_a_date_counts_the_members_of_that_date() {
    let nato = "treaties/north-atlantic.treaty";
    let history = "treaties/data/nato-history.csv";
    let vote = |day: &str| {
        treatyc(&[
            "eval",
            nato,
            "--history",
            history,
            "--on",
            day,
            "vote",
            "--body",
            "NorthAtlanticCouncil",
            "--decision",
            "accession",
            "--yes",
            "all",
        ])
    };
    // `all` is not a member id on the command line: list them.
    let (code, _, err) = vote("2022-06-01");
    assert_ne!(code, 0);
    assert!(err.contains("E0902") || err.contains("E0903"), "{err}");
    let members_2022 = "BEL,CAN,DNK,FRA,ISL,ITA,LUX,NLD,NOR,PRT,GBR,USA,GRC,TUR,DEU,ESP,CZE,HUN,POL,BGR,EST,LVA,LTU,ROU,SVK,SVN,ALB,HRV,MNE,MKD";
    let (code, out, err) = treatyc(&[
        "eval",
        nato,
        "--history",
        history,
        "--on",
        "2022-06-01",
        "vote",
        "--body",
        "NorthAtlanticCouncil",
        "--decision",
        "accession",
        "--yes",
        members_2022,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("PASSES"), "{out}");
    assert!(out.contains("of 30"), "{out}");
    // Finland votes from 4 April 2023, not before.
    let (code, _, err) = treatyc(&[
        "eval",
        nato,
        "--history",
        history,
        "--on",
        "2022-06-01",
        "vote",
        "--body",
        "NorthAtlanticCouncil",
        "--decision",
        "accession",
        "--yes",
        &format!("{members_2022},FIN"),
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("FIN"), "{err}");
}

#[test]
fn the_drawing_of_a_later_date_has_no_withdrawn_member() {
    let draw = |day: &str| treatyc(&["graph", EU, "--history", EU_HISTORY, "--on", day, "--format", "mermaid"]).1;
    let before = draw("2019-06-01");
    let after = draw("2020-02-01");
    let members = |text: &str| {
        text.lines()
            .find(|l| l.contains("Member states on"))
            .map(str::to_string)
            .unwrap_or_default()
    };
    assert!(
        members(&before).contains("(28)") && members(&before).contains(", GBR, "),
        "{before}"
    );
    assert!(
        members(&after).contains("(27)") && !members(&after).contains(", GBR, "),
        "{after}"
    );
    assert!(
        members(&after).contains("GBR: not a member: withdrawn on 1 February 2020"),
        "{after}"
    );
}

#[test]
fn bad_dates_and_histories_are_coded_errors_with_their_place() {
    let (code, _, err) = treatyc(&["eval", EU, "--history", EU_HISTORY, "--on", "2019-02-30", "status"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("E1001") && err.contains("February 2019 has 28 days, not 30"),
        "{err}"
    );
    let (code, _, err) = treatyc(&[
        "eval",
        EU,
        "--history",
        EU_HISTORY,
        "vote",
        "--body",
        "Council",
        "--decision",
        "x",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("E0905") && err.contains("--on"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("history.csv");
    for (text, code, place) in [
        ("date,event,state,act,detail\n2017-03-29,notice,GBR,,\n2019-13-01,notice,DNK,,\n", "E1004", ":3:1"),
        ("date,event,state,act,detail\n2017-03-29,resignation,GBR,,\n", "E1004", ":2:12"),
        ("date,event,state\n2017-03-29,notice,GBR\n", "E1004", ":1:1"),
        ("date,event,state,act,detail\n2017-03-29,notice,XYZ,,\n", "E1006", ":2:1"),
        ("date,event,state,act,detail\n2017-03-29,withdrawal,DNK,,\n", "E1005", ":2:1"),
        ("date,event,state,act,detail\n1950-01-01,notice,FRA,,\n", "E1005", ":2:1"),
        ("date,event,state,act,detail\n2017-03-29,notice,DNK,,\n2020-03-01,extension,DNK,EuropeanCouncil.extension_of_withdrawal_period,2020-06-01\n", "E1005", ":3:1"),
    ] {
        std::fs::write(&bad, text).unwrap();
        let (exit, _, err) = treatyc(&["eval", EU, "--history", bad.to_str().unwrap(), "--on", "2020-06-01", "status"]);
        assert_eq!(exit, 2, "{text}\n{err}");
        assert!(err.contains(code), "{text}\n{err}");
        assert!(err.contains(&format!("history.csv{place}")), "{text}\n{err}");
    }
}

/// Paris Agreement Art. 28: notice opens three years after the entry into force
/// its ratifications brought about (4 November 2016), and the withdrawal takes
/// effect upon the expiry of one year from the notice, on its anniversary. A
/// notice one day early is refused; one on the first day is not.
#[test]
fn withdrawal_counts_from_an_entry_into_force_on_ratification() {
    let dir = tempfile::tempdir().unwrap();
    let history = |extra: &str| {
        let path = dir.path().join(format!("h{}.csv", extra.len()));
        let base = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/treaties/data/paris-ratifications.csv"
        ))
        .unwrap();
        std::fs::write(&path, format!("{base}{extra}")).unwrap();
        path
    };
    let status = |extra: &str, on: &str| {
        let path = history(extra);
        crate::support::treatyc(&[
            "eval",
            "treaties/paris-agreement.treaty",
            "--facts",
            "treaties/data/paris_emissions.csv",
            "--history",
            path.to_str().unwrap(),
            "--on",
            on,
            "status",
        ])
    };
    let (code, _, err) = status("2019-11-03,notice,USA,,\n", "2019-11-05");
    assert_ne!(code, 0);
    assert!(
        err.contains("withdrawal is open only after 3 years in force, from 4 November 2019"),
        "{err}"
    );
    let (code, out, err) = status("2019-11-04,notice,USA,,\n", "2020-11-03");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("USA: member, withdrawing (notice 4 November 2019; a member through 3 November 2020)"),
        "{out}"
    );
    let (_, out, _) = status("2019-11-04,notice,USA,,\n", "2020-11-04");
    assert!(out.contains("USA: not a member: withdrawn on 4 November 2020"), "{out}");
}

/// A time limit counted from the entry into force counts from the day the
/// ratifications brought about (30 days after the second deposit, 1 February
/// 2020: 2 March 2020), and nothing counted from it arises before.
#[test]
fn a_time_limit_counts_from_an_entry_into_force_on_ratification() {
    let status = |on: &str| {
        crate::support::treatyc(&[
            "eval",
            "tests/ui/eval/entry-on-ratification.treaty",
            "--history",
            "tests/ui/eval/entry-on-ratification.csv",
            "--on",
            on,
            "status",
        ])
    };
    let (code, out, err) = status("2020-02-15");
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("first_report"), "not in force, nothing due: {out}");
    let (_, out, _) = status("2021-03-02");
    assert!(
        out.contains("DUE: `first_report` for `AAA` (within 1 year of entry into force): due by 2 March 2021"),
        "{out}"
    );
    let (_, out, _) = status("2021-03-03");
    assert!(out.contains("OVERDUE: `first_report` for `AAA`"), "{out}");
}

/// NPT Art. X(2): "twenty-five years after the entry into force ... a conference
/// shall be convened" is a duty that arises on a day, never a time limit: not due
/// before it, due (never overdue) after it, met once done. A number word before
/// the period ends the action: `twenty` is no part of its name.
#[test]
fn a_duty_arises_a_period_after_an_event_and_is_never_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let treaty = dir.path().join("t.treaty");
    std::fs::write(
        &treaty,
        "treaty t {\n  in force from 5 March 1970\n  parties { AAA BBB }\n  conference: the organisation must convene_conference twenty years after entry into force\n}\n",
    )
    .unwrap();
    let history = dir.path().join("h.csv");
    std::fs::write(&history, "date,event,state,act,detail\n1990-04-17,done,,conference,\n").unwrap();
    let t = treaty.to_str().unwrap();
    let h = history.to_str().unwrap();
    let status = |day: &str| treatyc(&["eval", t, "--history", h, "--on", day, "status"]);
    let (code, out, err) = status("1990-03-04");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "NOT DUE: `conference` for `organisation` (20 years after entry into force): it arises on 5 March 1990"
        ),
        "{out}"
    );
    let (_, out, _) = status("1990-04-16");
    assert!(
        out.contains("DUE: `conference`") && out.contains("never overdue"),
        "{out}"
    );
    let (_, out, _) = status("1990-04-17");
    assert!(
        out.contains("MET: `conference`") && out.contains("met on 17 April 1990"),
        "{out}"
    );
}

/// UNFCCC Art. 15(4): an amendment enters into force for the parties that accepted
/// it ninety days after three-fourths have, and for a later one ninety days after
/// its own deposit; the duties it brings bind only the members it binds. Rome
/// Statute Art. 121(4) and (6): an amendment for all binds every party once in
/// force, and a party that did not accept it may leave at once within the year.
#[test]
fn amendments_bind_the_members_that_accepted_them() {
    let dir = tempfile::tempdir().unwrap();
    let treaty = dir.path().join("t.treaty");
    std::fs::write(
        &treaty,
        r#"treaty t {
  in force from 1 January 2000
  parties { AAA BBB CCC DDD }
  withdrawal { takes effect one year after notice }
  article 2 "Reporting" {
    reports: every member must report_emissions every year
  }
  amendment doha "An amendment for those that accept it" {
    in force for accepting members 90 days after ratification by 3/4 of members
    covers article 2
  }
  amendment deletion "An amendment for all" {
    in force for all members one year after ratification by 3/4 of members
    members not accepting may withdraw at once within one year of entry into force
  }
}
"#,
    )
    .unwrap();
    let history = dir.path().join("h.csv");
    std::fs::write(
        &history,
        "date,event,state,act,detail\n\
         2012-12-08,ratification,AAA,doha,\n\
         2015-01-01,ratification,BBB,doha,\n\
         2020-10-02,ratification,CCC,doha,\n\
         2021-03-01,ratification,DDD,doha,\n\
         2030-01-01,ratification,AAA,deletion,\n\
         2030-01-02,ratification,BBB,deletion,\n\
         2030-01-03,ratification,CCC,deletion,\n\
         2031-06-01,notice,DDD,,\n",
    )
    .unwrap();
    let t = treaty.to_str().unwrap();
    let h = history.to_str().unwrap();
    let status = |day: &str| {
        let (code, out, err) = treatyc(&["eval", t, "--history", h, "--on", day, "status"]);
        assert_eq!(code, 0, "{err}");
        out
    };
    // Three-fourths reached on 2 October 2020: in force on the ninetieth day after.
    let out = status("2020-12-30");
    assert!(
        out.contains("amendment doha: not in force: enters into force on 31 December 2020"),
        "{out}"
    );
    assert!(
        !out.contains("`reports` (article 2)"),
        "no one is bound by article 2 yet: {out}"
    );
    let out = status("2020-12-31");
    assert!(
        out.contains("binds 3 of 4 members: AAA (from 31 December 2020), BBB (from 31 December 2020), CCC (from 31 December 2020)"),
        "{out}"
    );
    let out = status("2021-03-01");
    assert!(out.contains("accepted, not yet bound: DDD (from 30 May 2021)"), "{out}");
    // Counted from the day the amendment binds AAA, not from the treaty's entry into force.
    assert!(
        out.contains("DUE: `reports` (article 2) for `AAA` (every year): due by 30 December 2021"),
        "{out}"
    );
    assert!(
        !out.contains("for `DDD`"),
        "DDD is bound by the treaty without article 2: {out}"
    );
    let out = status("2021-05-30");
    assert!(out.contains("`reports` (article 2) for `DDD`"), "{out}");
    // The amendment for all binds DDD too, which did not accept it; its notice within
    // the year takes effect at once.
    let out = status("2031-01-03");
    assert!(
        out.contains("amendment deletion: in force since 3 January 2031"),
        "{out}"
    );
    assert!(out.contains("binds 4 of 4 members"), "{out}");
    let out = status("2031-06-01");
    assert!(out.contains("on 1 June 2031: 3 members"), "{out}");
    assert!(out.contains("DDD: not a member: withdrawn on 1 June 2031"), "{out}");
}

/// A history accepting an amendment the treaty does not declare, or by a state
/// that is not bound by the treaty, is refused.
#[test]
fn an_acceptance_names_a_declared_amendment() {
    let dir = tempfile::tempdir().unwrap();
    let treaty = dir.path().join("t.treaty");
    std::fs::write(
        &treaty,
        "treaty t {\n  in force from 1 January 2000\n  parties { AAA BBB }\n  amendment a1 { in force for accepting members one year after ratification }\n}\n",
    )
    .unwrap();
    let history = dir.path().join("h.csv");
    std::fs::write(
        &history,
        "date,event,state,act,detail\n2010-01-01,ratification,AAA,a2,\n",
    )
    .unwrap();
    let (code, _, err) = treatyc(&[
        "eval",
        treaty.to_str().unwrap(),
        "--history",
        history.to_str().unwrap(),
        "--on",
        "2012-01-01",
        "status",
    ]);
    assert_ne!(code, 0);
    assert!(
        err.contains("E1004") && err.contains("the amendment it accepts"),
        "{err}"
    );
}
