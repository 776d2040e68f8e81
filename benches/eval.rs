//! `eval comply` at 1 MB and 10 MB (#24), `cargo bench --bench eval`.
//!
//! The realistic treaty of `common/generate.rs`, written to about 1 MB and
//! 10 MB, with the facts of its ten parties (`common/facts.rs`): no party
//! spends anything, and every circumstance holds, so each `% of gdp` target
//! not excused is breached, and every breach looks for the provisions that
//! prevail over it and the sanctions that enforce it.
//!
//! The table: the question alone (`treatyc::eval::comply` on the compiled
//! program; CPU time, the median of three runs, one run over 2 s), and the whole command
//! `treatyc eval FILE --facts CSV --situation ... comply` (one run: wall and CPU
//! time, peak memory), which reads, checks and compiles the treaty first.
//! `TREATYC_BENCH_INSTRUCTIONS=1` adds the command's instructions (valgrind).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

// This bench uses some of the facts, not all of them.
#[allow(dead_code)]
#[path = "common/facts.rs"]
mod facts;
// This bench uses some of the generator, not all of it.
#[allow(dead_code)]
#[path = "common/generate.rs"]
mod generate;
#[path = "common/measure.rs"]
mod measure;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use generate::Shape;
use measure::{billions, cpu_time, flag, median_of_three, seconds};

/// The realistic treaty of about `bytes` bytes and the parties' facts, under
/// `target/scale`.
fn written(bytes: usize) -> (PathBuf, PathBuf, usize) {
    // Bytes per provision are close to constant: measured on 10,000.
    let per = generate::treaty(Shape::Realistic, 10_000).len() as f64 / 10_000.0;
    let provisions = (bytes as f64 / per).round() as usize;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/scale");
    std::fs::create_dir_all(&dir).unwrap();
    let treaty = dir.join(format!("realistic-{provisions}.treaty"));
    let csv = dir.join("parties.csv");
    std::fs::write(&treaty, generate::treaty(Shape::Realistic, provisions)).unwrap();
    std::fs::write(&csv, facts::parties_csv()).unwrap();
    (treaty, csv, provisions)
}

/// The facts as `eval` reads them: each party's cells as written.
fn context(csv: &str) -> treatyc::eval::Context {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut members = BTreeMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let row: BTreeMap<String, String> = header
            .iter()
            .zip(&cells)
            .skip(1)
            .map(|(h, c)| (h.to_string(), c.to_string()))
            .collect();
        members.insert(cells[0].to_string(), row);
    }
    let situation = facts::situation()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    treatyc::eval::Context {
        members,
        entities: [("situation".to_string(), situation)].into_iter().collect(),
        ..Default::default()
    }
}

fn main() {
    let mut sizes = vec![1_000_000, 10_000_000];
    if let Ok(only) = std::env::var("TREATYC_EVAL_BYTES") {
        sizes = only.split(',').map(|s| s.trim().parse().unwrap()).collect();
    }
    let counting = flag("TREATYC_BENCH_INSTRUCTIONS");
    let binary = Path::new(env!("CARGO_BIN_EXE_treatyc"));
    println!("\n## `eval comply` on the realistic treaty, ten parties\n");
    print!("| input | breaches | `comply` alone | `treatyc eval ... comply` (wall, cpu, peak RSS) |");
    if counting {
        print!(" instructions of the command |");
    }
    println!("\n|---|---|---|---|{}", if counting { "---|" } else { "" });
    for bytes in sizes {
        let (treaty_path, csv_path, provisions) = written(bytes);
        let text = std::fs::read(&treaty_path).unwrap();
        let mut session = treatyc::session::Session::new();
        let program = treatyc::compile_to_ir(&mut session, "realistic.treaty", &text, None).unwrap();
        let context = context(&std::fs::read_to_string(&csv_path).unwrap());
        let (once, found) = cpu_time(|| treatyc::eval::comply(&program, &context, None).unwrap());
        let breaches = found.breaches.len();
        let alone = if once > Duration::from_secs(2) {
            format!("{} (one run)", seconds(once))
        } else {
            seconds(median_of_three(|| treatyc::eval::comply(&program, &context, None).unwrap()).0)
        };
        let situation: Vec<String> = facts::situation()
            .into_iter()
            .flat_map(|(k, v)| ["--situation".to_string(), format!("{k}={v}")])
            .collect();
        let mut args = vec![
            "eval",
            treaty_path.to_str().unwrap(),
            "--facts",
            csv_path.to_str().unwrap(),
        ];
        args.extend(situation.iter().map(String::as_str));
        args.push("comply");
        let cost = measure::timed(binary, &args, 0);
        print!(
            "| {:.2} MB ({provisions} provisions) | {breaches} | {alone} | {}, {}, {:.0} MiB |",
            text.len() as f64 / 1e6,
            seconds(cost.wall),
            seconds(cost.cpu),
            cost.rss as f64 / (1024.0 * 1024.0)
        );
        if counting {
            let n = measure::instructions(binary, &args).map_or("—".to_string(), billions);
            print!(" {n} |");
        }
        println!();
    }
}
