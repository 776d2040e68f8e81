use super::*;

fn fmt(text: &str) -> String {
    match format(FileId(0), text) {
        Ok(t) => t,
        Err(d) => panic!("{d:#?}"),
    }
}

#[test]
fn a_small_treaty_is_laid_out() {
    let text = "treaty t \"T\" { body Council { seats: one per member decides x by unanimity } }";
    assert_eq!(
        fmt(text),
        "treaty t \"T\" {\n  body Council {\n    seats: one per member\n    decides x by unanimity\n  }\n}\n"
    );
}

#[test]
fn spans_are_set_aside_and_nothing_else() {
    assert_eq!(
        without_spans(r#"{"a":{"start":1,"end":22},"t":"{\"start\":1,\"end\":2}","b":{"start":3}}"#),
        r#"{"a":0,"t":"{\"start\":1,\"end\":2}","b":{"start":3}}"#
    );
}

#[test]
fn a_change_of_meaning_is_refused_at_the_clause() {
    let text = "treaty t {\n  article 1 {\n    every member must report every member must x >= 1\n  }\n}\n";
    let refused = format(FileId(0), text).err().unwrap_or_default();
    assert_eq!(refused.len(), 1);
    let d = &refused[0];
    assert_eq!(d.code, Code::E0920);
    assert_eq!(
        text.get(d.primary.span.start..d.primary.span.end),
        Some("every member must report")
    );
}
