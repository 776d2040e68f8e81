//! Parsing speed of the bundled treaties (`cargo bench --bench parse`).

use criterion::{criterion_group, criterion_main, Criterion};
use treatyc::source::SourceMap;

fn parse_treaties(c: &mut Criterion) {
    for name in ["wsc", "eu-council", "north-atlantic", "un-security-council"] {
        let path = format!("{}/treaties/{name}.treaty", env!("CARGO_MANIFEST_DIR"));
        let Ok(bytes) = std::fs::read(&path) else { continue };
        c.bench_function(&format!("parse {name}"), |b| {
            b.iter(|| {
                let mut sources = SourceMap::new();
                treatyc::parse_source(&mut sources, &path, std::hint::black_box(&bytes))
            })
        });
    }
}

criterion_group!(benches, parse_treaties);
criterion_main!(benches);
