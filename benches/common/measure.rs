//! Measuring for the table-style benches (#24): the median of three runs in
//! this process (CPU time), and a command timed on its own (wall and CPU time, peak
//! resident memory, and on request the instructions it executed).
//!
//! The machine the figures are taken on has two cores shared with other
//! builds, so wall time is an upper bound; instruction counts (valgrind's
//! cachegrind, without its cache simulation) do not depend on the load, and are
//! what a before / after comparison should rest on.

// Each bench uses some of these helpers, not all.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The CPU time this process has used so far. The benches are single-threaded,
/// so it is the time the measured code ran, whatever else the cores were doing.
pub fn cpu_now() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec for the call to write.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    assert_eq!(status, 0, "clock_gettime");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// The CPU time `f` took, with its result.
pub fn cpu_time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = cpu_now();
    let out = f();
    (cpu_now().saturating_sub(start), out)
}

/// The median of three runs of `f` in CPU time, with its last result.
pub fn median_of_three<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut runs = Vec::with_capacity(3);
    let mut last = None;
    for _ in 0..3 {
        let (took, out) = cpu_time(&mut f);
        runs.push(took);
        last = Some(out);
    }
    runs.sort();
    (runs[1], last.expect("three runs"))
}

/// A duration as a table shows it: milliseconds under a second.
pub fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 {
        format!("{:.1} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}

/// What one run of a command cost.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    pub wall: Duration,
    /// User and system time together.
    pub cpu: Duration,
    /// Peak resident set, in bytes.
    pub rss: u64,
}

/// Runs `program args` under `/usr/bin/time` (GNU time), its output thrown
/// away; panics unless it exits with `expected` (`treatyc check` exits 0, or 1
/// with errors; the benches' inputs have none).
pub fn timed(program: &Path, args: &[&str], expected: i32) -> Cost {
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("TIMED %e %U %S %M")
        .arg(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("/usr/bin/time runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(expected),
        "{} {args:?} exited with {:?}: {}",
        program.display(),
        out.status.code(),
        stderr.lines().rev().take(20).collect::<Vec<_>>().join("\n")
    );
    let line = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("TIMED "))
        .expect("GNU time's line");
    let f: Vec<f64> = line.split_whitespace().map(|x| x.parse().expect("a number")).collect();
    Cost {
        wall: Duration::from_secs_f64(f[0]),
        cpu: Duration::from_secs_f64(f[1] + f[2]),
        rss: (f[3] * 1024.0) as u64,
    }
}

/// The median (by wall time) of three runs of a command.
pub fn timed_median(program: &Path, args: &[&str], expected: i32) -> Cost {
    let mut runs: Vec<Cost> = (0..3).map(|_| timed(program, args, expected)).collect();
    runs.sort_by_key(|c| c.wall);
    runs[1]
}

/// The instructions a command executes (user space), counted by valgrind's
/// cachegrind with its cache simulation off; `None` when valgrind is not
/// installed. About fifty times slower than the command itself.
pub fn instructions(program: &Path, args: &[&str]) -> Option<u64> {
    let out = Command::new("valgrind")
        .args(["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"])
        .arg(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let refs = stderr.lines().find_map(|l| l.split_once("I   refs:"))?.1;
    refs.trim().replace(',', "").parse().ok()
}

/// A count of instructions in billions.
pub fn billions(n: u64) -> String {
    format!("{:.2} G", n as f64 / 1e9)
}

/// Whether the environment variable `name` is set to `1`.
pub fn flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "1")
}
