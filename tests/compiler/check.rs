//! The checker corpus: `tests/ui/check/err` cases each report the code their name
//! starts with; `tests/ui/check/ok` near-misses look alike and must not.

use crate::support::{check_file, codes, display_name, expected_code, failing_case};

#[test]
fn every_failing_case_reports_its_code() {
    insta::glob!("../ui/check", "err/*.treaty", |path| {
        insta::assert_snapshot!(failing_case(path));
    });
}

#[test]
fn every_near_miss_stays_clean() {
    insta::glob!("../ui/check", "ok/*.treaty", |path| {
        let checked = check_file(path, &display_name(path, "ok"));
        let code = expected_code(path);
        assert!(
            !codes(&checked).contains(&code.as_str()),
            "{} must not report {code}:\n{}",
            path.display(),
            checked.rendered
        );
        assert!(
            !checked.diagnostics.iter().any(|d| d.is_error()),
            "{} has errors:\n{}",
            path.display(),
            checked.rendered
        );
        insta::assert_snapshot!(checked.rendered);
    });
}

/// A draft with twelve planted faults of eleven kinds gives exactly those
/// diagnostics: each at its line, none missing, none extra.
#[test]
fn planted_faults_are_found_exactly() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/ui/check/planted/draft-with-planted-faults.treaty");
    let text = std::fs::read_to_string(&path).unwrap();
    let checked = check_file(&path, "planted/draft-with-planted-faults.treaty");
    let found: Vec<(&str, usize)> = checked
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), text[..d.primary.span.start].matches('\n').count() + 1))
        .collect();
    let expected = [
        ("E0401", 17),
        ("W0403", 19),
        ("E0402", 21),
        ("E0303", 34),
        ("E0304", 37),
        ("E0301", 46),
        ("E0302", 51),
        ("W0503", 58),
        ("E0504", 63),
        ("W0502", 64),
        ("E0501", 67),
        ("E0303", 73),
    ];
    assert_eq!(found, expected, "\n{}", checked.rendered);
    // Each planted fault is announced by a comment on the line above its diagnostic.
    let planted = text
        .lines()
        .filter(|l| l.trim_start().starts_with("// PLANTED "))
        .count();
    assert_eq!(planted, expected.len());
    let stage_only = checked.diagnostics.last().unwrap();
    assert!(
        stage_only.message.ends_with("(in stage `union`)"),
        "{}",
        stage_only.message
    );
    insta::assert_snapshot!(checked.rendered);
}

/// The same conflict written in the treaty is reported once, not once per stage.
#[test]
fn a_fault_in_the_treaty_is_not_repeated_for_each_stage() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/ui/check/planted/draft-with-planted-faults.treaty");
    let checked = check_file(&path, "planted.treaty");
    let e0301 = checked
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "E0301")
        .count();
    assert_eq!(e0301, 1);
}

/// A membership invariant is what removes the conflict: without `kept by members`
/// the same treaty has one (E0301); with a sanction for failing it, the analysis
/// does not rely on it (W0309, and the conflict is back).
#[test]
fn a_membership_invariant_settles_a_conflict_only_while_it_is_relied_on() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/ui/check/ok/W0309-invariant-settles-a-conflict.treaty");
    let text = std::fs::read_to_string(&path).unwrap();
    let codes_of = |source: &str| {
        let checked = crate::support::check("invariant.treaty", source.as_bytes());
        crate::support::codes(&checked)
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert!(codes_of(&text).is_empty());
    assert_eq!(codes_of(&text.replace(" kept by members", "")), ["E0301"]);
    let sanctioned = text.replace(
        "  article 1 {",
        "  sanction suspension on failure of criterion democracy: Council may suspend voting_rights by qmv excluding concerned\n  article 1 {",
    );
    let mut codes = codes_of(&sanctioned);
    codes.sort();
    assert_eq!(codes, ["E0301", "W0309"]);
}
