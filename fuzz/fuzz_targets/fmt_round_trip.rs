//! What `treatyc fmt` promises, on any text: formatting what it wrote changes
//! nothing, and a treaty that compiles compiles to the same rules once
//! formatted, in the treaty as written and in every stage.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = String::from_utf8(data.to_vec()) else {
        return;
    };
    common::on_compiler_stack(move || {
        let file = treatyc::source::FileId(0);
        let Ok(once) = treatyc::fmt::format(file, &text) else {
            return;
        };
        let twice = treatyc::fmt::format(file, &once)
            .unwrap_or_else(|d| panic!("fmt wrote a file it cannot read again:\n{once}\n{d:#?}"));
        assert_eq!(once, twice, "fmt is not done in one pass");
        if let Some(before) = common::programs(&text) {
            assert!(
                common::programs(&once).as_ref() == Some(&before),
                "other rules once formatted:\n{text}\n---\n{once}"
            );
        }
    });
});
