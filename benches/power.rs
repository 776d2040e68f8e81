//! Voting power and vote evaluation (`cargo bench --bench power`).
//!
//! - the EU Council (27 members, double majority with a blocking minority), exact
//!   Banzhaf and Shapley-Shubik by meeting in the middle;
//! - a 193-member body weighing votes by population in whole millions (rounded up),
//!   passing with half the weight: the game `benches/powerindex_compare.py` gives to
//!   the PyPI package `powerindex`;
//! - vote evaluations per second on the EU Council;
//! - the square-root law and the Jagiellonian quota for the EU's 27 states (the
//!   populations of `treaties/data/eu_council_population.csv`, weights ⌊10·√P⌋,
//!   total 916,462: every whole threshold above half of it is tried), and the
//!   exact search of the quota alone.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion};
use treatyc::eval::{vote, Ballot, Facts};
use treatyc::ir::{Program, Rational};
use treatyc::power::{banzhaf_by_weight, game, indices, indices_big, swings, swings_large, Game, Index};
use treatyc::session::Session;

fn root(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn program(path: &str) -> Program {
    let bytes = std::fs::read(root(path)).unwrap_or_default();
    match treatyc::compile_to_ir(&mut Session::new(), path, &bytes, None) {
        Ok(p) => p,
        Err(_) => std::process::exit(1),
    }
}

fn csv_facts(path: &str) -> Facts {
    let text = std::fs::read_to_string(root(path)).unwrap_or_default();
    let mut facts = Facts::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if let (Some(id), Some(pop)) = (cells.first(), cells.last()) {
            if let Ok(v) = pop.trim().parse::<i128>() {
                facts
                    .entry(id.to_string())
                    .or_default()
                    .insert("population".into(), Rational::integer(v));
            }
        }
    }
    facts
}

/// The `population` column of a facts file, found by its header.
fn population(path: &str) -> Facts {
    let text = std::fs::read_to_string(root(path)).unwrap_or_default();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let column = header.iter().position(|h| *h == "population").unwrap();
    let mut facts = Facts::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let v: i128 = cells[column].trim().parse().unwrap();
        facts
            .entry(cells[0].to_string())
            .or_default()
            .insert("population".into(), Rational::integer(v));
    }
    facts
}

/// The 193 UN members weighted by population in millions, rounded up; half the weight wins.
pub fn un_game() -> Game {
    let facts = csv_facts("tests/data/un_member_population.csv");
    let players: Vec<String> = facts.keys().cloned().collect();
    let weights: Vec<i128> = facts
        .values()
        .map(|f| f.get("population").map_or(0, |r| (r.num + 999_999) / 1_000_000))
        .collect();
    let total: i128 = weights.iter().sum();
    Game {
        veto: vec![false; players.len()],
        players,
        weights,
        weight_name: Some("population".into()),
        weight_threshold: Some((total, 2, false)),
        min_count: 0,
        max_count: i128::MAX,
        blocking_floor: None,
        always_min_count: 0,
        always_max_count: i128::MAX,
    }
}

fn bench(c: &mut Criterion) {
    let eu = program("treaties/eu-council.treaty");
    let facts = csv_facts("treaties/data/eu_council_population.csv");
    let mut group = c.benchmark_group("power");
    group.sample_size(10);
    let eu_game = game(&eu, "Council", "ordinary", &facts, &[]).unwrap_or_else(|_| std::process::exit(1));
    group.bench_function("eu-council banzhaf", |b| {
        b.iter(|| {
            indices(
                &eu_game,
                &swings(&eu_game).unwrap_or_else(|_| std::process::exit(1)),
                Index::Banzhaf,
            )
        })
    });
    group.bench_function("eu-council shapley-shubik", |b| {
        b.iter(|| {
            indices(
                &eu_game,
                &swings(&eu_game).unwrap_or_else(|_| std::process::exit(1)),
                Index::ShapleyShubik,
            )
        })
    });
    let un = un_game();
    group.bench_function("un-193 banzhaf", |b| {
        b.iter(|| {
            indices_big(
                &un,
                &banzhaf_by_weight(&un).unwrap_or_else(|_| std::process::exit(1)),
                Index::Banzhaf,
            )
        })
    });
    group.bench_function("un-193 banzhaf swings only", |b| b.iter(|| banzhaf_by_weight(&un)));
    group.bench_function("un-193 shapley-shubik", |b| {
        b.iter(|| {
            indices_big(
                &un,
                &swings_large(&un).unwrap_or_else(|_| std::process::exit(1)),
                Index::ShapleyShubik,
            )
        })
    });
    let people = population("treaties/data/eu_council_population.csv");
    group.bench_function("eu-27 penrose and jagiellonian quota", |b| {
        b.iter(|| {
            treatyc::power::penrose(
                &eu,
                "Council",
                "ordinary",
                &people,
                &[],
                &Default::default(),
                "population",
            )
            .unwrap()
        })
    });
    let roots: Vec<u64> = people
        .values()
        .map(|f| {
            f.get("population")
                .map_or(0, |r| u64::try_from(r.num * 100).unwrap().isqrt())
        })
        .collect();
    group.bench_function("eu-27 jagiellonian quota search", |b| {
        b.iter(|| treatyc::power::sweep(std::hint::black_box(&roots)))
    });
    group.finish();

    let members: Vec<String> = facts.keys().cloned().collect();
    let ballot = Ballot {
        yes: members[3..].to_vec(),
        no: members[..3].to_vec(),
        ..Default::default()
    };
    c.bench_function("vote eu-council ordinary", |b| {
        b.iter(|| vote(&eu, "Council", "ordinary", std::hint::black_box(&ballot), &facts))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
