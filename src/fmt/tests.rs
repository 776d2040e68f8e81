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
