//! Documentation generated from the code stays in sync with it.

use std::path::Path;

/// `docs/diagnostics.md` is the code catalogue; regenerate with
/// `TREATYC_UPDATE_DOCS=1 cargo test --test compiler docs`.
#[test]
fn diagnostics_catalogue_matches_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
    let expected = treatyc::diagnostics::diagnostics_markdown();
    if std::env::var_os("TREATYC_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/diagnostics.md is out of date; run TREATYC_UPDATE_DOCS=1 cargo test --test compiler docs"
    );
}

#[test]
fn every_code_has_a_page_with_an_explanation_and_a_fix() {
    for code in treatyc::diagnostics::Code::ALL {
        let page = code.page();
        assert!(page.len() > 80, "{} has a thin page", code.as_str());
        assert!(page.contains("Fix:"), "{} says nothing about the fix", code.as_str());
    }
}

fn case_names(folders: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    folders
        .iter()
        .flat_map(|f| std::fs::read_dir(root.join(f)).unwrap())
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect()
}

#[test]
fn every_code_has_a_failing_ui_case() {
    let names = case_names(&["syntax/err", "check/err", "amend/err", "command/err"]);
    for code in treatyc::diagnostics::Code::ALL {
        assert!(
            names.iter().any(|n| n.starts_with(code.as_str())),
            "no tests/ui/*/err case for {}",
            code.as_str()
        );
    }
}

/// Every code the checker reports has a near-miss that must stay clean of it.
#[test]
fn every_semantic_code_has_a_passing_near_miss() {
    let names = case_names(&["check/ok", "amend/ok", "command/ok"]);
    for code in treatyc::diagnostics::Code::ALL {
        let semantic = code.as_str()[1..].parse::<u32>().unwrap() >= 100;
        if semantic {
            assert!(
                names.iter().any(|n| n.starts_with(code.as_str())),
                "no tests/ui/check/ok case for {}",
                code.as_str()
            );
        }
    }
}

/// Every ```treaty example in `docs/language.md` parses clean; fragments are
/// checked inside `treaty doc { ... }`.
#[test]
fn every_example_in_the_language_reference_parses() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/language.md");
    let text = std::fs::read_to_string(path).unwrap();
    let mut examples = 0;
    for (i, block) in text.split("```treaty\n").skip(1).enumerate() {
        let code = block.split("```").next().unwrap();
        let head = code.trim_start();
        // An amendment document names the treaty it `amends`; an amendment open to
        // acceptance is an item of a treaty.
        let first_line = head.lines().next().unwrap_or_default();
        let is_document =
            head.starts_with("treaty ") || (head.starts_with("amendment ") && first_line.contains(" amends "));
        let source = if is_document {
            code.to_string()
        } else {
            format!("treaty doc {{\n{code}}}\n")
        };
        // Fragments refer to bodies and rules they do not declare: only the syntax is checked.
        let checked = crate::support::parse(&format!("docs/language.md example {}", i + 1), source.as_bytes());
        assert!(
            checked.diagnostics.is_empty(),
            "example {}:\n{source}\n{}",
            i + 1,
            checked.rendered
        );
        examples += 1;
    }
    assert!(examples >= 14, "only {examples} examples found");
}

/// Every file `docs/architecture.md` names exists: its walkthrough follows the code.
#[test]
fn the_architecture_names_files_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap();
    let mut named = 0;
    for quoted in text.split('`').skip(1).step_by(2) {
        let is_path = ["src/", "tests/", "grammar/", "docs/"]
            .iter()
            .any(|p| quoted.starts_with(p))
            && !quoted.contains(' ')
            && !quoted.contains('{');
        if is_path {
            named += 1;
            assert!(
                root.join(quoted).exists(),
                "docs/architecture.md names `{quoted}`, which does not exist"
            );
        }
    }
    assert!(named > 10, "only {named} files named");
}
