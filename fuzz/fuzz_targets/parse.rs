//! Any bytes parse to a document or to diagnostics: never a panic, never a
//! stack overflow, in time linear in the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let data = data.to_vec();
    common::on_compiler_stack(move || {
        let mut sources = treatyc::source::SourceMap::new();
        let unit = treatyc::parse_source(&mut sources, "fuzz.treaty", &data);
        // Every diagnostic points into the file it was given.
        let length = sources.text(unit.file).len();
        for d in &unit.diagnostics {
            assert!(d.primary.span.start <= d.primary.span.end && d.primary.span.end <= length);
        }
    });
});
