//! `check --facts` with many members and many rules (#24), `cargo bench --bench facts`.
//!
//! The treaty (`common/facts.rs`) has one voting rule per article, each weighed
//! by population; the facts give every member a population. With facts the
//! checker looks for unwritten vetoes (W0404): under each rule, each member's
//! lone vote against, all the others in favour. That is members x rules
//! judgements, so the table grows as their product; what it measures is the
//! cost of one judgement.
//!
//! The table: each size's in-process check (parse, models, every analysis, with
//! the facts table already read), in CPU time, the median of three runs (one
//! run when it takes over 2 s). `TREATYC_SCALE_FULL=1` adds 100,000 members;
//! `TREATYC_BENCH_INSTRUCTIONS=1` adds the instructions of `treatyc check
//! FILE --facts CSV` (the binary, under valgrind: slow).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

// This bench uses some of the facts, not all of them.
#[allow(dead_code)]
#[path = "common/facts.rs"]
mod facts;
// The facts of the realistic treaty read its sectors from the generator.
#[allow(dead_code)]
#[path = "common/generate.rs"]
mod generate;
#[path = "common/measure.rs"]
mod measure;

use std::path::{Path, PathBuf};
use std::time::Duration;

use measure::{billions, cpu_time, flag, median_of_three, seconds};
use treatyc::source::SourceMap;

/// The treaty and the facts, written under `target/scale` so that the binary
/// can be timed on the same bytes.
fn written(members: usize, rules: usize) -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/scale");
    std::fs::create_dir_all(&dir).unwrap();
    let treaty = dir.join(format!("rules-{rules}.treaty"));
    let csv = dir.join(format!("members-{members}.csv"));
    std::fs::write(&treaty, facts::rules_treaty(rules)).unwrap();
    std::fs::write(&csv, facts::members_csv(members)).unwrap();
    (treaty, csv)
}

/// `check --facts`'s work once the facts are read: the number of W0404 found.
fn check(treaty: &[u8], csv: &str) -> usize {
    let mut sources = SourceMap::new();
    let file = sources.add("members.csv", csv.to_string());
    let table = treatyc::facts::parse_csv(file, sources.text(file)).unwrap();
    let config = treatyc::check::Config {
        facts: Some(table),
        stage: None,
    };
    let unit = treatyc::check_source(&mut sources, "rules.treaty", treaty, &config);
    assert!(!unit.diagnostics.iter().any(|d| d.is_error()));
    unit.diagnostics
        .iter()
        .filter(|d| d.code == treatyc::diagnostics::Code::W0404)
        .count()
}

fn main() {
    let mut sizes = vec![(1_000, 100), (1_000, 1_000), (10_000, 100), (10_000, 1_000)];
    if flag("TREATYC_SCALE_FULL") {
        sizes.push((100_000, 100));
    }
    let counting = flag("TREATYC_BENCH_INSTRUCTIONS");
    println!("\n## `check --facts`: members x rules\n");
    print!("| members | rules | judgements | W0404 found | check |");
    if counting {
        print!(" instructions (`treatyc check --facts`) |");
    }
    println!("\n|---|---|---|---|---|{}", if counting { "---|" } else { "" });
    for (members, rules) in sizes {
        let (treaty_path, csv_path) = written(members, rules);
        let treaty = std::fs::read(&treaty_path).unwrap();
        let csv = std::fs::read_to_string(&csv_path).unwrap();
        let (once, found) = cpu_time(|| check(&treaty, &csv));
        let time = if once > Duration::from_secs(2) {
            format!("{} (one run)", seconds(once))
        } else {
            seconds(median_of_three(|| check(&treaty, &csv)).0)
        };
        print!("| {members} | {rules} | {} | {found} | {time} |", members * rules);
        if counting {
            let binary = Path::new(env!("CARGO_BIN_EXE_treatyc"));
            let args = [
                "check",
                treaty_path.to_str().unwrap(),
                "--facts",
                csv_path.to_str().unwrap(),
            ];
            let n = measure::instructions(binary, &args).map_or("—".to_string(), billions);
            print!(" {n} |");
        }
        println!();
    }
}
