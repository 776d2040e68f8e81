//! Apportioning the 193 UN member states by their populations
//! (`cargo bench --bench apportion`): every method over the real figures of
//! `tests/data/un_member_population.csv`, at a fixed total and at the cube root
//! of the world's population. Priorities are compared as integers (128 bits,
//! big integers past them), so a count is a heap of 193 claims popped once a seat.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion};
use treatyc::apportion::{apportion, Constraints, Divisor, Method, Total};

fn un_members() -> Vec<(String, u64)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/un_member_population.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut sources = treatyc::source::SourceMap::new();
    let file = sources.add(path.to_string(), text.clone());
    let table = treatyc::facts::parse_csv(file, &text).unwrap();
    table
        .numbers("population")
        .unwrap()
        .into_iter()
        .map(|(id, p)| (id, u64::try_from(p.num).unwrap()))
        .collect()
}

fn bench(c: &mut Criterion) {
    let states = un_members();
    assert_eq!(states.len(), 193);
    let mut group = c.benchmark_group("apportion 193 states");
    let methods = [
        (
            "jefferson",
            Method::Divisor {
                divisor: Divisor::Jefferson,
            },
        ),
        (
            "webster",
            Method::Divisor {
                divisor: Divisor::Webster,
            },
        ),
        (
            "adams",
            Method::Divisor {
                divisor: Divisor::Adams,
            },
        ),
        (
            "huntington-hill",
            Method::Divisor {
                divisor: Divisor::HuntingtonHill,
            },
        ),
        ("dean", Method::Divisor { divisor: Divisor::Dean }),
        ("hamilton", Method::LargestRemainder),
        ("cambridge base 5", Method::Cambridge { base: 5 }),
        (
            "penrose webster",
            Method::Penrose {
                divisor: Divisor::Webster,
            },
        ),
    ];
    for (name, method) in methods {
        // Five seats for each of 193 states are 965: the Compromise needs a larger house.
        let total = if let Method::Cambridge { .. } = method {
            1500
        } else {
            751
        };
        let constraints = Constraints {
            total: Total::Fixed(total),
            min: 1,
            max: Some(96),
        };
        group.bench_function(format!("{name}, {total} seats"), |b| {
            b.iter(|| apportion(&states, &method, &constraints).unwrap())
        });
    }
    let cube = Constraints {
        total: Total::CubeRoot,
        min: 1,
        max: None,
    };
    let hill = Method::Divisor {
        divisor: Divisor::HuntingtonHill,
    };
    group.bench_function("huntington-hill, cube root (2,001 seats)", |b| {
        b.iter(|| apportion(&states, &hill, &cube).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
