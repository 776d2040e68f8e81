//! Parsing and formatting speed (`cargo bench --bench parse`): each bundled
//! treaty, and a large treaty made of the WSC's items repeated, to measure
//! throughput.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use treatyc::source::SourceMap;

fn treaty(name: &str) -> Vec<u8> {
    let path = format!("{}/treaties/{name}.treaty", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_default()
}

/// The WSC's items repeated `copies` times inside one treaty.
fn large_treaty(copies: usize) -> Vec<u8> {
    let text = String::from_utf8(treaty("wsc")).unwrap_or_default();
    let open = text.find('{').map_or(0, |i| i + 1);
    let close = text.rfind('}').unwrap_or(text.len());
    let body = text.get(open..close).unwrap_or("");
    format!("treaty large \"Large\" {{{}}}\n", body.repeat(copies)).into_bytes()
}

fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut inputs: Vec<(String, Vec<u8>)> = ["wsc", "eu-council", "north-atlantic", "un-security-council"]
        .iter()
        .map(|n| (n.to_string(), treaty(n)))
        .collect();
    inputs.push(("wsc x50".to_string(), large_treaty(50)));
    inputs
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (name, bytes) in &inputs() {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| {
                let mut sources = SourceMap::new();
                treatyc::parse_source(&mut sources, name, std::hint::black_box(bytes))
            })
        });
    }
    group.finish();
}

/// `treatyc fmt`'s work on a file: parse, lay out, parse the result again and
/// compare the two syntax trees.
fn format(c: &mut Criterion) {
    let mut group = c.benchmark_group("fmt");
    group.sample_size(20);
    for (name, bytes) in &inputs() {
        let text = String::from_utf8(bytes.clone()).unwrap();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| treatyc::fmt::format(treatyc::source::FileId(0), std::hint::black_box(&text)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, parse, format);
criterion_main!(benches);
