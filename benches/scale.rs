//! Speed and memory at scale (#24), `cargo bench --bench scale`: treaties of
//! every shape of `common/generate.rs` at 1k, 10k and 100k provisions, each
//! phase of the pipeline timed on its own, with the floor (reading the file, a
//! bare pest parse of it) in the same run.
//!
//! Two parts:
//! - criterion groups `scale-SHAPE/PHASE/N` at 1k and 10k provisions (the
//!   realistic shape phase by phase, the others end to end);
//! - then the scaling table (`-- table` runs it alone): every shape at 1k and
//!   10k, and 100k with `TREATYC_SCALE_FULL=1`, each phase run three times
//!   (the median is shown), and the peak
//!   heap of an end-to-end check, counted by this bench's global allocator. A
//!   shape whose check took more than 2 s is not run at the next size (100
//!   times that if it grows as the square; with `TREATYC_SCALE_FULL=1`, more
//!   than 60 s), and one that took more than 2 s is run once, without its
//!   phases; the table says so. The last rows give the growth of an end-to-end
//!   check per doubling of the provisions, beyond linear (1.00x is linear).
//!
//! The table's times are CPU time of this process (`CLOCK_PROCESS_CPUTIME_ID`),
//! not wall time: the machine's two cores are shared with other builds, and a
//! run that waits for a core would otherwise count the wait.
//!
//! `TREATYC_SCALE_SHAPES=one-act,gdp-shares` measures only the shapes named.
//!
//! The allocator counts every allocation with two atomic additions, which the
//! times include (a few per cent at most).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "common/generate.rs"]
mod generate;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use generate::Shape;
use pest::Parser;
use treatyc::ast::{Amendment, Document};
use treatyc::source::SourceMap;

/// The system allocator, counting the bytes in use and the most ever in use.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = IN_USE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; the
// counters only observe the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grew(new_size - layout.size());
        } else {
            IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most heap in use while `f` ran, beyond what was in use before.
fn peak_heap<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(before))
}

/// The grammar alone, derived again here: the floor under treatyc's parse
/// (which adds the lexical scan and the lowering to the syntax tree).
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/treaty.pest"]
struct Bare;

/// A generated treaty written to a file under `target/scale`, so that reading
/// it is part of what is measured.
fn written(shape: Shape, provisions: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/scale");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}-{provisions}.treaty", shape.name()));
    std::fs::write(&path, generate::treaty(shape, provisions)).unwrap();
    path
}

/// `treatyc check FILE`'s work: read the file, parse it, check the treaty and
/// every stage. Panics on an error: every generated treaty checks clean.
fn end_to_end(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    let mut sources = SourceMap::new();
    let unit = treatyc::check_source(&mut sources, "generated.treaty", &bytes, &Default::default());
    assert!(!unit.diagnostics.iter().any(|d| d.is_error()), "{}", path.display());
    unit.diagnostics.len()
}

/// A phase of the pipeline, timed on its own: everything it needs is built
/// once beforehand.
type Phase = (&'static str, Box<dyn Fn()>);

/// Every phase, on the treaty in `path` (leaked: the closures borrow it for the
/// rest of the run, as the models borrow the syntax tree).
fn phases(shape: Shape, path: &Path) -> Vec<Phase> {
    let bytes: &'static [u8] = Vec::leak(std::fs::read(path).unwrap());
    let text: &'static str = std::str::from_utf8(bytes).unwrap();
    let sources: &'static mut SourceMap = Box::leak(Box::default());
    let unit = treatyc::parse_source(sources, "generated.treaty", bytes);
    let sources: &'static SourceMap = sources;
    let Some(Document::Treaty(treaty)) = Box::leak(Box::new(unit)).document.as_ref() else {
        panic!("{} is no treaty", path.display())
    };
    let models: &'static _ = Box::leak(Box::new(treatyc::model::models(treaty)));
    let amendment_text: &'static str = String::leak(generate::amendment(shape));
    let amendment: &'static Amendment = {
        let mut scratch = SourceMap::new();
        match treatyc::parse_source(&mut scratch, "revision.treaty", amendment_text.as_bytes()).document {
            Some(Document::Amendment(a)) => Box::leak(Box::new(a)),
            _ => panic!("the generated amendment is no amendment"),
        }
    };
    let path: &'static Path = Box::leak(path.to_path_buf().into_boxed_path());
    let mut out: Vec<Phase> = vec![
        (
            "read",
            Box::new(move || {
                std::hint::black_box(std::fs::read(path).unwrap());
            }),
        ),
        (
            "pest",
            Box::new(move || {
                std::hint::black_box(Bare::parse(Rule::file, text).unwrap());
            }),
        ),
        (
            "parse",
            Box::new(move || {
                let mut s = SourceMap::new();
                std::hint::black_box(treatyc::parse_source(&mut s, "generated.treaty", bytes));
            }),
        ),
        (
            "model",
            Box::new(move || {
                std::hint::black_box(treatyc::model::models(treaty));
            }),
        ),
    ];
    for (name, analysis) in treatyc::check::ANALYSES {
        out.push((
            name,
            Box::new(move || {
                if let Some(base) = models.base() {
                    std::hint::black_box(analysis(base, None));
                }
            }),
        ));
    }
    out.push((
        "check",
        Box::new(move || {
            std::hint::black_box(treatyc::check::check_models(models, &Default::default()));
        }),
    ));
    out.push((
        "emit",
        Box::new(move || {
            let base = models.base().unwrap();
            let program = treatyc::ir::lower(base, sources);
            std::hint::black_box(serde_json::to_string_pretty(&program).unwrap());
        }),
    ));
    out.push((
        "graph",
        Box::new(move || {
            let selection = treatyc::graph::Selection { treaty, stage: None };
            std::hint::black_box(treatyc::graph::draw(selection, None, Default::default(), sources).unwrap());
        }),
    ));
    out.push((
        "lint-amendment",
        Box::new(move || {
            std::hint::black_box(treatyc::amend::lint(treaty, amendment, &Default::default()));
        }),
    ));
    out.push((
        "amend",
        Box::new(move || {
            std::hint::black_box(treatyc::amend::consolidate(treaty, text, amendment, amendment_text).unwrap());
        }),
    ));
    // `diff` compares the rule IR of the treaty with that of the treaty as the
    // amendment leaves it (`amend`'s text, checked on its own); the two programs
    // are built beforehand, and the comparison alone is timed.
    let before: &'static _ = Box::leak(Box::new(treatyc::ir::lower(models.base().unwrap(), sources)));
    let after: &'static _ = {
        let amended = treatyc::amend::consolidate(treaty, text, amendment, amendment_text).unwrap();
        let scratch: &'static mut SourceMap = Box::leak(Box::default());
        let unit = Box::leak(Box::new(treatyc::parse_source(
            scratch,
            "amended.treaty",
            amended.as_bytes(),
        )));
        let Some(Document::Treaty(amended)) = unit.document.as_ref() else {
            panic!("the amended treaty is no treaty")
        };
        let models = Box::leak(Box::new(treatyc::model::models(amended)));
        Box::leak(Box::new(treatyc::ir::lower(models.base().unwrap(), scratch)))
    };
    out.push((
        "diff",
        Box::new(move || {
            std::hint::black_box(treatyc::ir::diff::diff(before, after));
        }),
    ));
    out.push((
        "check end to end",
        Box::new(move || {
            std::hint::black_box(end_to_end(path));
        }),
    ));
    out
}

/// Criterion's part: the realistic shape phase by phase, the others end to end.
fn criterion_part(c: &mut Criterion) {
    for shape in shapes() {
        let mut group = c.benchmark_group(format!("scale-{}", shape.name()));
        group.sample_size(10).sampling_mode(SamplingMode::Flat);
        group
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        for provisions in [1_000, 10_000] {
            let path = written(shape, provisions);
            let start = Instant::now();
            end_to_end(&path);
            if start.elapsed() > SLOW {
                eprintln!(
                    "scale-{}: {provisions} provisions not measured: one check took {}",
                    shape.name(),
                    seconds(start.elapsed())
                );
                continue;
            }
            group.throughput(Throughput::Elements(provisions as u64));
            let chosen: Vec<Phase> = phases(shape, &path)
                .into_iter()
                .filter(|(name, _)| shape == Shape::Realistic || *name == "check end to end")
                .collect();
            for (name, phase) in &chosen {
                group.bench_function(BenchmarkId::new(*name, provisions), |b| b.iter(phase));
            }
        }
        group.finish();
    }
}

/// The CPU time this process has used so far. The benches are single-threaded,
/// so it is the time the measured code ran, whatever else the cores were doing.
fn cpu_now() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec for the call to write.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    assert_eq!(status, 0, "clock_gettime");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// The CPU time `f` took.
fn cpu_time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = cpu_now();
    let out = f();
    (out, cpu_now().saturating_sub(start))
}

/// The median of three runs, in CPU time.
fn median_of_three(f: &dyn Fn()) -> Duration {
    let mut runs: Vec<Duration> = (0..3).map(|_| cpu_time(f).1).collect();
    runs.sort();
    runs[1]
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 {
        format!("{:.1} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}

/// The phases the table shows for a shape: every one for the realistic shape;
/// for the others, the floor, the parse, the models and the checks.
fn shown(shape: Shape, phase: &str) -> bool {
    shape == Shape::Realistic
        || matches!(
            phase,
            "read" | "pest" | "parse" | "model" | "deontic" | "check" | "check end to end"
        )
}

/// The shapes to measure: `TREATYC_SCALE_SHAPES=one-act,gdp-shares` picks
/// some by name; every shape by default.
fn shapes() -> Vec<Shape> {
    match std::env::var("TREATYC_SCALE_SHAPES") {
        Ok(names) => names
            .split(',')
            .map(|n| Shape::from_name(n.trim()).unwrap_or_else(|| panic!("no shape `{n}`")))
            .collect(),
        Err(_) => Shape::ALL.to_vec(),
    }
}

/// The sizes of the table, in provisions: 1k and 10k, and 100k with
/// `TREATYC_SCALE_FULL=1` (the whole table takes several times longer).
fn sizes() -> Vec<usize> {
    if std::env::var("TREATYC_SCALE_FULL").is_ok_and(|v| v == "1") {
        vec![1_000, 10_000, 100_000]
    } else {
        vec![1_000, 10_000]
    }
}

/// A check that takes longer than this is run once, and the phases not at all.
const SLOW: Duration = Duration::from_secs(2);

/// A check that takes longer than this is not run at the next size: `SLOW`, or
/// a minute with `TREATYC_SCALE_FULL=1` (which is for measuring 100,000
/// provisions, each shape's check there taking several seconds).
fn too_slow_to_grow() -> Duration {
    if std::env::var("TREATYC_SCALE_FULL").is_ok_and(|v| v == "1") {
        Duration::from_secs(60)
    } else {
        SLOW
    }
}

/// How much more than linearly `t2` grew from `t1` when the provisions grew
/// from `n1` to `n2`, per doubling: 1.00 is linear, 1.20 the bound.
fn growth_per_doubling(t1: Duration, n1: usize, t2: Duration, n2: usize) -> f64 {
    let size = n2 as f64 / n1 as f64;
    let excess = (t2.as_secs_f64() / t1.as_secs_f64()) / size;
    excess.powf(1.0 / size.log2())
}

/// The scaling table, in Markdown on standard output.
fn table() {
    println!("\n## Scaling table (CPU time, median of three runs; peak heap of one end-to-end check)\n");
    for shape in shapes() {
        let mut names: Vec<String> = treatyc::check::ANALYSES.iter().map(|(n, _)| n.to_string()).collect();
        names.splice(0..0, ["read", "pest", "parse", "model"].map(String::from));
        names.extend(
            [
                "check",
                "emit",
                "graph",
                "lint-amendment",
                "amend",
                "diff",
                "check end to end",
            ]
            .map(String::from),
        );
        names.retain(|n| shown(shape, n));
        names.extend(["growth per doubling", "peak heap", "heap per input byte"].map(String::from));
        let mut columns: Vec<Vec<String>> = vec![Vec::new(); names.len()];
        let mut header = vec!["phase".to_string()];
        let mut stopped = false;
        // The previous size's provisions and end-to-end time.
        let mut previous: Option<(usize, Duration)> = None;
        for provisions in sizes() {
            if stopped {
                header.push(format!("{provisions} (not run)"));
                columns.iter_mut().for_each(|c| c.push("—".to_string()));
                continue;
            }
            let path = written(shape, provisions);
            let size = std::fs::metadata(&path).unwrap().len() as usize;
            header.push(format!("{provisions} ({:.2} MB)", size as f64 / 1e6));
            let ((_, heap), once) = cpu_time(|| peak_heap(|| end_to_end(&path)));
            let slow = once > SLOW;
            stopped = once > too_slow_to_grow();
            let phases = phases(shape, &path);
            let whole = if slow {
                once
            } else {
                median_of_three(&|| {
                    end_to_end(&path);
                })
            };
            for (k, name) in names.iter().enumerate() {
                let value = match name.as_str() {
                    "peak heap" => format!("{:.1} MiB", heap as f64 / (1024.0 * 1024.0)),
                    "heap per input byte" => format!("{:.1}", heap as f64 / size as f64),
                    "growth per doubling" => previous.map_or("—".to_string(), |(n, t)| {
                        format!("{:.2}x", growth_per_doubling(t, n, whole, provisions))
                    }),
                    "check end to end" if slow => format!("{} (one run)", seconds(whole)),
                    "check end to end" => seconds(whole),
                    _ if slow => "—".to_string(),
                    _ => match phases.iter().find(|(n, _)| n == name) {
                        Some((_, f)) => seconds(median_of_three(f.as_ref())),
                        None => "—".to_string(),
                    },
                };
                columns[k].push(value);
            }
            previous = Some((provisions, whole));
        }
        println!("### `{}`\n", shape.name());
        println!("| {} |", header.join(" | "));
        println!("|{}", "---|".repeat(header.len()));
        for (name, values) in names.iter().zip(&columns) {
            println!("| {name} | {} |", values.join(" | "));
        }
        println!();
    }
}

fn main() {
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let only_table = filters.iter().any(|f| f == "table");
    if !only_table {
        let mut c = Criterion::default().configure_from_args();
        criterion_part(&mut c);
        c.final_summary();
    }
    if filters.is_empty() || only_table {
        table();
    }
}
