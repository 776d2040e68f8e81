//! The language server's re-check after a one-line edit (`cargo bench --bench lsp`):
//! the editor sends the whole text (full-document sync) and the server parses,
//! checks and indexes it again, as `check` would, before it publishes the
//! diagnostics. The goal is under 10 ms for the WSC treaty.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

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
}

criterion_group!(benches, recheck);
criterion_main!(benches);
