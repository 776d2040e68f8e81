//! The syntax corpus: `tests/ui/syntax/err` cases must each give their coded
//! diagnostic, `tests/ui/syntax/ok` near-misses must parse clean.

use crate::support::{check, codes, display_name, failing_case, parse_file};

#[test]
fn every_malformed_case_gives_its_coded_diagnostic() {
    insta::glob!("../ui/syntax", "err/*.treaty", |path| {
        insta::assert_snapshot!(failing_case(path));
    });
}

#[test]
fn every_near_miss_parses_clean() {
    insta::glob!("../ui/syntax", "ok/*.treaty", |path| {
        let checked = parse_file(path, &display_name(path, "ok"));
        assert!(
            checked.diagnostics.is_empty(),
            "{} should be clean:\n{}",
            path.display(),
            checked.rendered
        );
        insta::assert_json_snapshot!(checked.document);
    });
}

#[test]
fn one_hundred_thousand_nested_parentheses_are_refused_not_overflowed() {
    let text = format!(
        "treaty t {{ criterion c: {}true{} }}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let checked = check("deep.treaty", text.as_bytes());
    assert_eq!(codes(&checked), ["E0008"]);
    assert!(
        checked.rendered.contains("nesting deeper than 64"),
        "{}",
        checked.rendered
    );
}

#[test]
fn a_long_chain_of_prefix_operators_is_refused() {
    let text = format!("treaty t {{ criterion c: {}true }}", "not ".repeat(100_000));
    let checked = check("nots.treaty", text.as_bytes());
    assert_eq!(codes(&checked), ["E0008"]);
}

#[test]
fn a_long_chain_of_infix_operators_is_refused() {
    let text = format!("treaty t {{ criterion c: true{} }}", " and true".repeat(100_000));
    let checked = check("ands.treaty", text.as_bytes());
    assert_eq!(codes(&checked), ["E0008"]);
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let checked = check("bytes.treaty", b"treaty t { text \"\xff\" }");
    assert_eq!(codes(&checked), ["E0007"]);
    assert!(
        checked.diagnostics[0].message.contains("offset 17"),
        "{}",
        checked.diagnostics[0].message
    );
}

#[test]
fn precedence_binds_of_tighter_than_comparison_and_and_tighter_than_or() {
    let checked = check("p.treaty", b"treaty t { criterion c: a or b and x >= 2% of gdp }");
    let json = serde_json::to_value(&checked.document).unwrap();
    let test = &json["items"][0]["test"];
    assert_eq!(test["op"], "or");
    assert_eq!(test["rhs"]["op"], "and");
    assert_eq!(test["rhs"]["rhs"]["op"], ">=");
    assert_eq!(test["rhs"]["rhs"]["rhs"]["op"], "of");
}

#[test]
fn exact_values_are_kept_for_shares() {
    let checked = check(
        "v.treaty",
        b"treaty t { rule r = members >= 55% and members >= 2/3 and population >= 65% }",
    );
    let json = serde_json::to_value(&checked.document).unwrap();
    let clauses = &json["items"][0]["clauses"];
    assert_eq!(clauses[0]["amount"]["value"], "11/20");
    assert_eq!(clauses[1]["amount"]["value"], "2/3");
    assert_eq!(clauses[2]["amount"]["value"], "13/20");
}

#[test]
fn spans_point_at_the_source_text() {
    let text = "treaty t { body Council { decides admission by unanimity } }";
    let checked = check("s.treaty", text.as_bytes());
    let json = serde_json::to_value(&checked.document).unwrap();
    let power = &json["items"][0]["powers"][0];
    let (s, e) = (
        power["span"]["start"].as_u64().unwrap() as usize,
        power["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "decides admission by unanimity");
}
