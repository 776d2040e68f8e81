//! The bundled treaties check without error, carry only the warnings their comments
//! explain, and their syntax trees are reviewed snapshots.

use crate::support::{check_file, display_name};

#[test]
fn every_bundled_treaty_checks_clean() {
    insta::glob!("../../treaties", "*.treaty", |path| {
        let checked = check_file(path, &display_name(path, "treaties"));
        assert!(
            !checked.diagnostics.iter().any(|d| d.is_error()),
            "{}:\n{}",
            path.display(),
            checked.rendered
        );
        let text = std::fs::read_to_string(path).unwrap();
        for d in &checked.diagnostics {
            let code = d.code.as_str();
            assert!(
                text.lines()
                    .any(|l| l.trim_start().starts_with("//") && l.contains(code)),
                "{} has warning {code} that its comments do not explain:\n{}",
                path.display(),
                checked.rendered
            );
        }
        insta::assert_json_snapshot!(checked.document);
    });
}

#[test]
fn output_is_byte_identical_across_runs() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties/wsc.treaty");
    let first = check_file(&path, "wsc");
    let second = check_file(&path, "wsc");
    assert_eq!(
        serde_json::to_string(&first.document).unwrap(),
        serde_json::to_string(&second.document).unwrap()
    );
    assert_eq!(first.rendered, second.rendered);
}
