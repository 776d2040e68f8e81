//! The checker corpus: `tests/ui/check/err` cases each report the code their name
//! starts with; `tests/ui/check/ok` near-misses look alike and must not.

use crate::support::{check_file, codes, display_name, expected_code};

#[test]
fn every_failing_case_reports_its_code() {
    insta::glob!("../ui/check", "err/*.treaty", |path| {
        let checked = check_file(path, &display_name(path, "err"));
        let code = expected_code(path);
        assert!(
            codes(&checked).contains(&code.as_str()),
            "{} should report {code}, got:\n{}",
            path.display(),
            checked.rendered
        );
        for d in &checked.diagnostics {
            assert!(d.help.is_some(), "{} has no help line: {}", d.code.as_str(), d.message);
        }
        insta::assert_snapshot!(checked.rendered);
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
