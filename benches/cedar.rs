//! `treatyc check` beside Cedar's parse and strict validation on the same bytes
//! (#24), `cargo bench --bench cedar`.
//!
//! The realistic treaty of `common/generate.rs` at about 100 KB, 1 MB and 10 MB,
//! and Cedar policies with their schema of the same size written the same way
//! (`common/cedar.rs`), all under `target/scale`. Both are timed as commands:
//! `treatyc check FILE` (this package's binary) and `cedar validate
//! --validation-mode strict --schema S --policies P`, each the median of
//! three runs by wall time, with its CPU time and peak resident memory (GNU
//! time). `TREATYC_BENCH_INSTRUCTIONS=1` adds the instructions each executes
//! (valgrind's cachegrind; minutes at 10 MB).
//!
//! Cedar is found as `$TREATYC_CEDAR`, else `cedar` on the `PATH` or in
//! `~/.cargo/bin` (`cargo install cedar-policy-cli --locked`); without it the
//! bench says so and measures nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/cedar.rs"]
mod cedar;
// This bench uses some of the generator, not all of it.
#[allow(dead_code)]
#[path = "common/generate.rs"]
mod generate;
#[path = "common/measure.rs"]
mod measure;

use std::path::{Path, PathBuf};
use std::process::Command;

use generate::Shape;
use measure::{billions, flag, seconds, timed_median, Cost};

/// The Cedar command line tool, if there is one.
fn cedar_binary() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("TREATYC_CEDAR") {
        return Some(PathBuf::from(p));
    }
    let on_path = Command::new("cedar")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if on_path {
        return Some(PathBuf::from("cedar"));
    }
    let home = std::env::var("HOME").ok()?;
    let installed = Path::new(&home).join(".cargo/bin/cedar");
    installed.exists().then_some(installed)
}

fn mb_per_s(bytes: usize, d: std::time::Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn cost(c: &Cost, bytes: usize) -> String {
    format!(
        "{} ({:.1} MB/s), cpu {}, {:.0} MiB",
        seconds(c.wall),
        mb_per_s(bytes, c.wall),
        seconds(c.cpu),
        c.rss as f64 / (1024.0 * 1024.0)
    )
}

fn main() {
    let Some(cedar_bin) = cedar_binary() else {
        println!("cedar: not installed (`cargo install cedar-policy-cli --locked`); nothing measured");
        return;
    };
    let version = Command::new(&cedar_bin)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let treatyc = Path::new(env!("CARGO_BIN_EXE_treatyc"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/scale");
    std::fs::create_dir_all(&dir).unwrap();
    let counting = flag("TREATYC_BENCH_INSTRUCTIONS");
    let per = generate::treaty(Shape::Realistic, 10_000).len() as f64 / 10_000.0;
    let mut sizes = vec![100_000, 1_000_000, 10_000_000];
    if let Ok(only) = std::env::var("TREATYC_CEDAR_BYTES") {
        sizes = only.split(',').map(|s| s.trim().parse().unwrap()).collect();
    }
    println!("\n## `treatyc check` and `{version}` (`cedar validate`, strict) on the same bytes\n");
    print!("| input | treatyc check (wall, cpu, peak RSS) | cedar validate | cedar / treatyc (wall) | (cpu) |");
    if counting {
        print!(" instructions treatyc | cedar | ratio |");
    }
    println!("\n|---|---|---|---|---|{}", if counting { "---|---|---|" } else { "" });
    for target in sizes {
        let provisions = (target as f64 / per).round() as usize;
        let treaty = generate::treaty(Shape::Realistic, provisions);
        let treaty_path = dir.join(format!("realistic-{provisions}.treaty"));
        std::fs::write(&treaty_path, &treaty).unwrap();
        let (schema, policies) = cedar::policies(treaty.len());
        let schema_path = dir.join(format!("cedar-{provisions}.cedarschema"));
        let policies_path = dir.join(format!("cedar-{provisions}.cedar"));
        std::fs::write(&schema_path, &schema).unwrap();
        std::fs::write(&policies_path, &policies).unwrap();
        let check_args = ["check", treaty_path.to_str().unwrap()];
        let cedar_args = [
            "validate",
            "--validation-mode",
            "strict",
            "--schema",
            schema_path.to_str().unwrap(),
            "--policies",
            policies_path.to_str().unwrap(),
        ];
        let ours = timed_median(treatyc, &check_args, 0);
        let theirs = timed_median(&cedar_bin, &cedar_args, 0);
        print!(
            "| {:.2} MB treaty ({provisions} provisions), {:.2} MB Cedar ({} policies) | {} | {} | {:.2}x | {:.2}x |",
            treaty.len() as f64 / 1e6,
            (schema.len() + policies.len()) as f64 / 1e6,
            policies.matches("@id(").count(),
            cost(&ours, treaty.len()),
            cost(&theirs, schema.len() + policies.len()),
            theirs.wall.as_secs_f64() / ours.wall.as_secs_f64(),
            theirs.cpu.as_secs_f64() / ours.cpu.as_secs_f64(),
        );
        if counting {
            let a = measure::instructions(treatyc, &check_args);
            let b = measure::instructions(&cedar_bin, &cedar_args);
            let ratio = match (a, b) {
                (Some(a), Some(b)) => format!("{:.2}x", b as f64 / a as f64),
                _ => "—".to_string(),
            };
            print!(
                " {} | {} | {ratio} |",
                a.map_or("—".to_string(), billions),
                b.map_or("—".to_string(), billions)
            );
        }
        println!();
    }
}
