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

/// The rule IR of a parsed treaty's base view, and of another view of the same treaty.
fn ir_of(view: &treatyc::model::stages::StageView<'_>, sources: &SourceMap) -> treatyc::ir::Program {
    let (model, _) = treatyc::model::Model::build(view);
    treatyc::ir::lower(&model, sources)
}

/// Consolidates an amendment to its bundled base; returns the base's IR, the IR of
/// the amended treaty as the lint saw it, the IR of the consolidated text, and the text.
fn consolidate(
    path: &Path,
    base_file: &str,
) -> (treatyc::ir::Program, treatyc::ir::Program, treatyc::ir::Program, String) {
    let mut sources = SourceMap::new();
    let amendment = treatyc::parse_source(&mut sources, "amendment.treaty", &std::fs::read(path).unwrap());
    let base_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("treaties/{base_file}.treaty"));
    let base = treatyc::parse_source(&mut sources, "base.treaty", &std::fs::read(base_path).unwrap());
    let (Some(Document::Amendment(a)), Some(Document::Treaty(t))) = (&amendment.document, &base.document) else {
        panic!("{} does not parse", path.display())
    };
    let lint = treatyc::amend::lint(t, a, &Default::default());
    assert!(!lint.diagnostics.iter().any(|d| d.is_error()), "{}", path.display());
    let text = treatyc::amend::consolidate(t, sources.text(base.file), a, sources.text(amendment.file)).unwrap();

    let mut consolidated_sources = SourceMap::new();
    let unit = treatyc::check_source(
        &mut consolidated_sources,
        "consolidated.treaty",
        text.as_bytes(),
        &Default::default(),
    );
    let errors: Vec<_> = unit.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{}: {errors:?}\n{text}", path.display());
    let Some(Document::Treaty(consolidated)) = &unit.document else {
        panic!()
    };
    let (views, _) = treatyc::model::views(consolidated);
    let (base_views, _) = treatyc::model::views(t);
    (
        ir_of(&base_views[0], &sources),
        ir_of(lint.amended.as_ref().unwrap(), &sources),
        ir_of(&views[0], &consolidated_sources),
        text,
    )
}

#[test]
fn a_consolidated_treaty_says_exactly_what_the_linted_amendment_says() {
    let bundled = ["d10-global-accession", "defence-target-3-5", "nac-qualified-majority"]
        .map(|n| Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("treaties/amendments/{n}.treaty")));
    let near_misses: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/amend/ok"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let expected = bundled.len() + near_misses.len();
    let mut consolidated = 0;
    for path in bundled.into_iter().chain(near_misses) {
        let text = std::fs::read_to_string(&path).unwrap();
        let base_file = if text.contains("amends north_atlantic") {
            "north-atlantic"
        } else {
            "wsc"
        };
        let (base, linted, written, consolidated_text) = consolidate(&path, base_file);
        let differences = treatyc::ir::diff::diff(&linted, &written);
        assert!(
            differences.is_empty(),
            "{}: the consolidated text says something else: {differences:#?}\n{consolidated_text}",
            path.display()
        );
        // The bundled amendments change substance, not only wording.
        if path.starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties")) {
            let changes = treatyc::ir::diff::diff(&base, &written);
            assert!(!changes.is_empty(), "{}", path.display());
        }
        consolidated += 1;
    }
    assert_eq!(consolidated, expected);
    assert!(consolidated >= 12);
}

#[test]
fn consolidation_rewrites_only_what_the_amendment_changes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties/amendments/defence-target-3-5.treaty");
    let (.., text) = consolidate(&path, "wsc");
    let base = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties/wsc.treaty")).unwrap();
    // Every base line outside article 7 survives, in order, comments included.
    let article_7 = base.find("  article 7 ").unwrap();
    let after_7 = article_7 + base[article_7..].find("\n  }\n").unwrap() + 5;
    assert!(text.contains(&base[..article_7]) && text.contains(&base[after_7..]));
    insta::assert_snapshot!(text[text.find("  article 7 ").unwrap()..]
        .split("\n  }\n")
        .next()
        .unwrap());
    assert!(text.starts_with(
        "// Consolidated by `treatyc amend`: `wsc` as amended by `defence_target` (Defence spending of at least 3.5% of GDP).\n"
    ));
}
