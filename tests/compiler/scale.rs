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
