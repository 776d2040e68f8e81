//! The benches' generator of treaties (`benches/common/generate.rs`): every shape
//! checks without errors, at small sizes here (the benches run 1k to 100k
//! provisions), its amendment lints clean against each, and it writes the same
//! text every time.

#[path = "../../benches/common/generate.rs"]
mod generate;

use generate::Shape;
use treatyc::source::SourceMap;

#[test]
fn every_generated_shape_checks_without_errors() {
    let mut failures = Vec::new();
    for shape in Shape::ALL {
        for provisions in [1, 40, 200] {
            let text = generate::treaty(shape, provisions);
            let mut sources = SourceMap::new();
            let unit = treatyc::check_source(&mut sources, "generated.treaty", text.as_bytes(), &Default::default());
            assert!(unit.document.is_some(), "{} did not parse", shape.name());
            failures.extend(
                unit.diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| format!("{} at {provisions}: {:?} {}", shape.name(), d.code, d.message)),
            );
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_generated_amendment_lints_clean_against_every_shape() {
    use treatyc::ast::Document;
    for shape in Shape::ALL {
        let mut sources = SourceMap::new();
        let treaty = treatyc::parse_source(&mut sources, "t.treaty", generate::treaty(shape, 40).as_bytes());
        let amendment = treatyc::parse_source(&mut sources, "a.treaty", generate::amendment(shape).as_bytes());
        let (Some(Document::Treaty(t)), Some(Document::Amendment(a))) = (&treaty.document, &amendment.document) else {
            panic!("{}: {:?} {:?}", shape.name(), treaty.diagnostics, amendment.diagnostics);
        };
        let lint = treatyc::amend::lint(t, a, &Default::default());
        let errors: Vec<String> = lint
            .base
            .iter()
            .chain(&lint.diagnostics)
            .filter(|d| d.is_error())
            .map(|d| format!("{:?} {}", d.code, d.message))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", shape.name());
        assert!(lint.models.is_some(), "{}: the amendment was not checked", shape.name());
    }
}

#[test]
fn generated_treaties_are_deterministic_and_grow_with_the_count() {
    for shape in Shape::ALL {
        assert_eq!(generate::treaty(shape, 100), generate::treaty(shape, 100));
        assert!(generate::treaty(shape, 400).len() > 3 * generate::treaty(shape, 100).len() / 2);
        assert_eq!(Shape::from_name(shape.name()), Some(shape));
    }
}

/// A large treaty is read in parts and analysed on several threads; what
/// `check` prints must not depend on how many (`TREATYC_JOBS`). The treaties
/// are large enough to be read in several parts (one per 32 KiB), with errors
/// and warnings to print, and one of them has stages built side by side.
#[test]
fn check_prints_the_same_on_one_thread_and_on_several() {
    let dir = tempfile::tempdir().unwrap();
    for shape in [Shape::Realistic, Shape::Stages, Shape::OneAct] {
        let mut text = generate::treaty(shape, 900);
        // A rule never used, in the middle: a warning of its own among the
        // analyses' warnings from every part.
        let middle = text.len() / 2;
        let at = middle
            + text
                .get(middle..)
                .and_then(|rest| rest.find("\n  article "))
                .unwrap_or(0);
        text.insert_str(at, "\n  rule stray_rule = unanimity");
        let path = dir.path().join(format!("{}.treaty", shape.name()));
        std::fs::write(&path, &text).unwrap();
        let run = |jobs: &str| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_treatyc"))
                .args(["check", "--format", "json"])
                .arg(&path)
                .env("TREATYC_JOBS", jobs)
                .output()
                .unwrap();
            (out.status.code(), out.stdout, out.stderr)
        };
        let alone = run("1");
        assert!(
            alone.1.len() > 1000,
            "{}: {}",
            shape.name(),
            String::from_utf8_lossy(&alone.2)
        );
        for jobs in ["2", "3", "7"] {
            assert!(
                run(jobs) == alone,
                "{} on {jobs} threads differs from one",
                shape.name()
            );
        }
    }
}
