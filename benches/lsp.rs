//! The language server's re-check after a one-line edit (`cargo bench --bench lsp`):
//! the editor sends the whole text (full-document sync) and the server parses,
//! checks and indexes it again, as `check` would, before it publishes the
//! diagnostics. The goals (#24) are under 10 ms for the WSC treaty and under
//! 50 ms for a 1 MB treaty (the generator's realistic treaty, 5,415 provisions).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

// This bench uses some of the generator, not all of it.
#[allow(dead_code)]
#[path = "common/generate.rs"]
mod generate;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use treatyc::lsp::{analyse, Encoding, Source};

fn recheck(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/treaties/wsc.treaty")).unwrap();
    // One line edited: the Court's quorum raised from two thirds to three quarters.
    let edited = text.replacen("quorum >= 2/3 of members", "quorum >= 3/4 of members", 1);
    assert_ne!(edited, text);
    let uri = "file:///treaties/wsc.treaty";
    let mut group = c.benchmark_group("lsp");
    group.bench_function("wsc one-line edit", |b| {
        b.iter(|| analyse(Source { uri, text: &edited }, &|_| None, Encoding::Utf16))
    });
    group.finish();

    // 5,415 provisions of the realistic shape: 1.00 MB, as in the `eval` and `cedar` benches.
    let big = generate::treaty(generate::Shape::Realistic, 5_415);
    // One line edited: the qualified majority's population threshold.
    let edited = big.replacen("population >= 65% and blocking", "population >= 62% and blocking", 1);
    assert_ne!(edited, big);
    let uri = "file:///generated/realistic.treaty";
    let mut group = c.benchmark_group("lsp");
    // A re-check takes about half a second: ten samples, not a hundred.
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_function(format!("1 MB ({} bytes) one-line edit", edited.len()), |b| {
        b.iter(|| analyse(Source { uri, text: &edited }, &|_| None, Encoding::Utf16))
    });
    group.finish();
}

criterion_group!(benches, recheck);
criterion_main!(benches);
