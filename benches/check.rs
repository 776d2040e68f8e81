//! Checking speed as a treaty grows (`cargo bench --bench check`): a synthetic
//! treaty of N articles, each with an obligation, a constraint on facts, a body
//! deciding by qualified majority and a sanction. Near-linear growth is the goal:
//! provisions are indexed by action and fact, never compared all against all.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use treatyc::source::SourceMap;

fn synthetic(n: usize) -> String {
    let mut s = String::from(
        "treaty big \"Synthetic\" {\n  facts member { population: count  gdp: money  spending: money  neutral: bool }\n  facts situation { attack: bool }\n  rule qmv = members >= 55% and population >= 65% and blocking minority >= 4 members\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "  article {i} \"Article {i}\" {{\n    text \"Text of article {i}.\"\n    every member must act_{i} when situation.attack unless neutral\n    every member with not neutral must spending >= {}% of gdp\n    body Body{i} {{ seats: one per member  decides decision_{i} by qmv }}\n    sanction s{i} on breach of article {i}: Body{i} may suspend voting_rights by qmv excluding concerned\n  }}\n",
            1 + i % 3
        ));
    }
    s.push_str("}\n");
    s
}

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    for n in [250, 500, 1000, 2000] {
        let text = synthetic(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                let mut sources = SourceMap::new();
                let unit = treatyc::check_source(&mut sources, "big.treaty", text.as_bytes(), &Default::default());
                assert!(unit.diagnostics.is_empty());
                unit
            })
        });
    }
    group.finish();
}

/// Reading and validating a facts table of N members (`id,population,free`).
fn facts(c: &mut Criterion) {
    use treatyc::facts::Expected;
    let mut group = c.benchmark_group("facts");
    group.sample_size(10);
    let declared = std::collections::BTreeMap::from([
        ("population".to_string(), Expected::whole(None)),
        ("free".to_string(), Expected::Bool),
    ]);
    for n in [10_000usize, 100_000, 1_000_000] {
        let mut text = String::from("id,population,free\n");
        for i in 0..n {
            text.push_str(&format!("M{i},{},{}\n", 1_000 + i, i % 2 == 0));
        }
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                let mut sources = SourceMap::new();
                let file = sources.add("facts.csv", text.clone());
                let table = treatyc::facts::parse_csv(file, sources.text(file)).unwrap();
                assert!(table.validate(&declared, &["population"]).is_empty());
                table.members.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, check, facts);
criterion_main!(benches);
