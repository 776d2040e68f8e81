//! Linting amendments: the corpus under `tests/ui/amend` (each case amends the WSC)
//! and the realistic amendments in `treaties/amendments`, with their lint output.

use std::path::Path;

use treatyc::ast::Document;
use treatyc::diagnostics::render_human;
use treatyc::source::SourceMap;

use crate::support::{display_name, expected_code};

/// Lints an amendment against the bundled treaty it names; returns codes and rendering.
fn lint(path: &Path, shown_as: &str) -> (Vec<&'static str>, String, bool) {
    let mut sources = SourceMap::new();
    let amendment_bytes = std::fs::read(path).unwrap();
    let amendment = treatyc::parse_source(&mut sources, shown_as, &amendment_bytes);
    let Some(Document::Amendment(a)) = &amendment.document else {
        panic!("{} is not an amendment", path.display())
    };
    // The corpus lints against the WSC even when an amendment names another treaty (E0803).
    let base_file = if a.amends.name == "north_atlantic" && !shown_as.starts_with("err/") {
        "north-atlantic"
    } else {
        "wsc"
    };
    let base_bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("treaties/{base_file}.treaty"))).unwrap();
    let base = treatyc::parse_source(&mut sources, &format!("treaties/{base_file}.treaty"), &base_bytes);
    let Some(Document::Treaty(t)) = &base.document else {
        panic!()
    };
    let result = treatyc::amend::lint(t, a, &Default::default());
    let codes = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
    let all_help = result.diagnostics.iter().all(|d| d.help.is_some());
    let rendered = format!(
        "{}procedure:\n{}\n",
        render_human(&sources, &result.diagnostics),
        result.procedure.join("\n")
    );
    (codes, rendered, all_help)
}

#[test]
fn every_failing_amendment_reports_its_code() {
    insta::glob!("../ui/amend", "err/*.treaty", |path| {
        let (codes, rendered, all_help) = lint(path, &display_name(path, "err"));
        let code = expected_code(path);
        assert!(
            codes.contains(&code.as_str()),
            "{} should report {code}:\n{rendered}",
            path.display()
        );
        assert!(all_help, "a diagnostic has no help line:\n{rendered}");
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn every_near_miss_amendment_stays_clean() {
    insta::glob!("../ui/amend", "ok/*.treaty", |path| {
        let (codes, rendered, _) = lint(path, &display_name(path, "ok"));
        let code = expected_code(path);
        assert!(
            !codes.contains(&code.as_str()),
            "{} must not report {code}:\n{rendered}",
            path.display()
        );
        assert!(
            !codes.iter().any(|c| c.starts_with('E')),
            "{} has errors:\n{rendered}",
            path.display()
        );
    });
}

#[test]
fn the_bundled_amendments_lint_as_expected() {
    insta::glob!("../../treaties", "amendments/*.treaty", |path| {
        let (codes, rendered, _) = lint(path, &display_name(path, "amendments"));
        let name = path.file_stem().unwrap().to_str().unwrap();
        if name == "low-spenders-opt-out" {
            assert!(codes.contains(&"E0301") && codes.contains(&"E0802"), "{rendered}");
        } else {
            assert!(codes.is_empty(), "{name}:\n{rendered}");
        }
        insta::assert_snapshot!(rendered);
    });
}
