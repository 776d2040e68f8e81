//! Any bytes check without a panic, and check the same way twice.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let data = data.to_vec();
    common::on_compiler_stack(move || {
        let config = treatyc::check::Config::default();
        let once = treatyc::check_source(&mut treatyc::source::SourceMap::new(), "fuzz.treaty", &data, &config);
        let twice = treatyc::check_source(&mut treatyc::source::SourceMap::new(), "fuzz.treaty", &data, &config);
        assert_eq!(
            format!("{:?}", once.diagnostics),
            format!("{:?}", twice.diagnostics),
            "the same input gave other diagnostics"
        );
    });
});
