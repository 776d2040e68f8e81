//! The syntax corpus: `tests/ui/syntax/err` cases must each give their coded
//! diagnostic, `tests/ui/syntax/ok` near-misses must parse clean.

use crate::support::{check, codes, display_name, failing_case, parse, parse_file};

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

/// One token of a treaty's source: a word, a number, a quoted text or a sign.
/// Comments and blanks are not tokens.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if text[i..].starts_with("//") {
            i += text[i..].find('\n').unwrap_or(text.len() - i);
            continue;
        }
        if text[i..].starts_with("/*") {
            i += text[i..].find("*/").map_or(text.len() - i, |e| e + 2);
            continue;
        }
        if b == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if word(b) {
            // `two-thirds` is one word; `1.5` and `1_000` one number.
            while i < bytes.len()
                && (word(bytes[i])
                    || (bytes[i] == b'-' && bytes.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()))
                    || (bytes[i] == b'.' && b.is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
        } else if [">=", "<=", "!="].iter().any(|s| text[i..].starts_with(s)) {
            i += 2;
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
        out.push((start, i.min(text.len())));
    }
    out
}

/// The mutation `which` of a token: deleted (0) or changed (1) into a token that
/// is wrong there more often than not: a misspelling of a word, a word for a
/// number, text or sign.
fn mutate(text: &str, (s, e): (usize, usize), which: usize) -> (String, &'static str) {
    let token = &text[s..e];
    let replacement: String = match which {
        0 => String::new(),
        _ if token.starts_with(|c: char| c.is_ascii_alphabetic()) => format!("{token}x"),
        _ if token.starts_with(|c: char| c.is_ascii_digit() || c == '"') => "x".to_string(),
        _ => ";".to_string(),
    };
    let kind = if which == 0 { "deleted" } else { "changed" };
    (format!("{}{}{}", &text[..s], replacement, &text[e..]), kind)
}

/// Issue #23: one typo gave errors on the valid lines after it. With any one token
/// of a bundled treaty deleted or changed, every syntax error lies in the item that
/// holds the token (or on the token's own line): reading resumes at the next item,
/// and the valid items after the faulty one raise nothing. A brace or parenthesis
/// deleted or changed unbalances the file, which the scan reports once.
///
/// Every token of the three smaller treaties, and every seventh of the others (a
/// fixed sample, so the test stays fast in a debug build), is tried both ways.
#[test]
fn one_wrong_token_reports_errors_only_in_its_own_item() {
    use treatyc::ast::Document;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties");
    let mut tried = 0;
    let mut reported = 0;
    let mut failures = Vec::new();
    for (name, every) in [
        ("north-atlantic", 1),
        ("imf", 1),
        ("paris-agreement", 1),
        ("eu-council", 7),
        ("eu-treaties", 7),
        ("un-security-council", 7),
        ("wsc", 7),
    ] {
        let text = std::fs::read_to_string(root.join(format!("{name}.treaty"))).unwrap();
        let original = parse(name, text.as_bytes());
        assert!(original.diagnostics.is_empty(), "{name} parses clean");
        let Some(Document::Treaty(treaty)) = &original.document else {
            panic!("{name} is a treaty")
        };
        let items: Vec<(usize, usize)> = treaty.items.iter().map(|i| (i.span().start, i.span().end)).collect();
        for (n, &(s, e)) in tokens(&text).iter().enumerate() {
            if n % every != 0 {
                continue;
            }
            for which in 0..2 {
                let (mutated, kind) = mutate(&text, (s, e), which);
                let delta = mutated.len() as isize - text.len() as isize;
                let shift = |at: usize| if at >= e { (at as isize + delta) as usize } else { at };
                // The item holding the token, or else its line (the head, the closing brace).
                let line_start = text[..s].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[s..].find('\n').map_or(text.len(), |i| s + i);
                let (from, to) = items
                    .iter()
                    .find(|(is, ie)| *is <= s && e <= *ie)
                    .copied()
                    .unwrap_or((line_start, line_end));
                let allowed =
                    |a: usize, b: usize| (a >= from && b <= shift(to)) || (a >= line_start && b <= shift(line_end));
                let checked = parse(name, mutated.as_bytes());
                tried += 1;
                if !checked.diagnostics.is_empty() {
                    reported += 1;
                }
                let scan_error = checked
                    .diagnostics
                    .iter()
                    .any(|d| matches!(d.code.as_str(), "E0002" | "E0003"));
                let stray = if scan_error {
                    checked.diagnostics.len() > 1
                } else {
                    checked
                        .diagnostics
                        .iter()
                        .any(|d| !allowed(d.primary.span.start, d.primary.span.end))
                };
                if stray {
                    let line = text[..s].matches('\n').count() + 1;
                    failures.push(format!(
                        "{name}.treaty:{line}: `{}` {kind}:\n{}",
                        &text[s..e],
                        checked.rendered
                    ));
                }
            }
        }
    }
    assert!(tried > 3_000, "{tried} mutations tried");
    assert!(
        reported * 2 > tried,
        "only {reported} of {tried} mutations were reported"
    );
    assert!(
        failures.is_empty(),
        "{} of {tried} mutations report errors outside their item:\n{}",
        failures.len(),
        failures.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// An article with a fault is read item by item like the document: its valid
/// items stay in the syntax tree (for the outline and hover of an editor), and a
/// second fault in it is reported too.
#[test]
fn an_article_with_faults_keeps_its_valid_items() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/ui/syntax/err/E0009-two-faults-in-one-article.treaty");
    let parsed = parse_file(&path, "two-faults.treaty");
    assert_eq!(codes(&parsed), ["E0009", "E0001"], "{}", parsed.rendered);
    let json = serde_json::to_value(&parsed.document).unwrap();
    let kinds = |item: &serde_json::Value| -> Vec<String> {
        item["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["item"].as_str().unwrap().to_string())
            .collect()
    };
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{json}");
    assert_eq!(kinds(&items[1]), ["text", "provision", "text"]);
    assert_eq!(kinds(&items[2]), ["text"]);
}
