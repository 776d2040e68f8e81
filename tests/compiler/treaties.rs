//! The bundled treaties check clean and their syntax trees are reviewed snapshots.

use crate::support::{check_file, display_name};

#[test]
fn every_bundled_treaty_checks_clean() {
    insta::glob!("../../treaties", "*.treaty", |path| {
        let checked = check_file(path, &display_name(path, "treaties"));
        assert!(
            checked.diagnostics.is_empty(),
            "{}:\n{}",
            path.display(),
            checked.rendered
        );
        insta::assert_json_snapshot!(checked.document);
    });
}

#[test]
fn output_is_byte_identical_across_runs() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties/wsc.treaty");
    let first = serde_json::to_string(&check_file(&path, "wsc").document).unwrap();
    let second = serde_json::to_string(&check_file(&path, "wsc").document).unwrap();
    assert_eq!(first, second);
}
