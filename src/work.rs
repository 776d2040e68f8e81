//! The compiler's worker threads: how many there are, and a map over them that
//! keeps its input's order.
//!
//! A large treaty's items parse independently of each other, and its analyses
//! read one resolved model without writing to it, so both are spread over the
//! machine's cores. The answer never depends on the number of threads: every
//! result goes back to the place of its input, and what a phase reports is
//! merged in that order, so a check on one core and on sixteen print the same
//! bytes.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The stack the compiler runs on. Expressions are trees, and every phase walks
/// them recursively: a flat chain of `MAX_OPERATORS` (10,000) operators is a tree
/// that deep, which needs about 64 MiB in a debug build. The memory is reserved,
/// not used, until the recursion reaches it. A command (or an editor's language
/// server) that compiles treaties should run the compiler on a thread this large;
/// the worker threads here get the same.
pub const STACK_BYTES: usize = 256 * 1024 * 1024;

/// The most threads a phase uses: beyond this, the merging in order and the
/// memory of the threads' stacks cost more than the cores give.
const MOST_JOBS: usize = 16;

/// How many threads a phase may use: `TREATYC_JOBS` when set to a positive
/// number (1: everything on the calling thread), else the cores the process may
/// run on, at most 16.
pub fn jobs() -> usize {
    if let Some(n) = std::env::var("TREATYC_JOBS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        if n > 0 {
            return n.min(MOST_JOBS);
        }
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(MOST_JOBS))
}

/// Below this many bytes of treaty, a phase runs on the calling thread: starting
/// a thread costs tens of microseconds, a small treaty's whole check a few
/// milliseconds (the language server's re-check of `wsc.treaty` was slower on two
/// threads than on one).
const LEAST_BYTES_FOR_THREADS: usize = 64 * 1024;

/// How many threads a phase over a treaty of `bytes` bytes may use.
pub fn threads_for(bytes: usize) -> usize {
    if bytes < LEAST_BYTES_FOR_THREADS {
        1
    } else {
        jobs()
    }
}

/// `f` applied to every input, on up to `threads` threads, the results in the
/// inputs' order.
///
/// The threads take the next input not yet taken, so one slow input (the
/// conflict analysis of a large treaty) does not hold back the inputs after it.
/// The calling thread takes inputs too: if no thread can be started, it does
/// all the work itself, and the answer is the same.
pub fn map<T: Sync, R: Send>(threads: usize, inputs: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.min(inputs.len());
    if threads <= 1 {
        return inputs.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else { break };
            done.push((i, f(input)));
        }
        done
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|k| {
                std::thread::Builder::new()
                    .name(format!("treatyc-{k}"))
                    .stack_size(STACK_BYTES)
                    .spawn_scoped(scope, take)
                    .ok()
            })
            .collect();
        let mut all = take();
        for helper in helpers {
            match helper.join() {
                Ok(done) => all.extend(done),
                // A worker's panic has been reported by the panic hook; it is the
                // compiler's fault, and goes on as one.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_order_of_their_inputs() {
        let inputs: Vec<u64> = (0..1000).collect();
        // Uneven work, so that the threads finish out of order.
        let out = map(4, &inputs, |n| {
            (0..(n % 7) * 1000).fold(*n, |a, b| a.wrapping_add(b) % 1_000_003)
        });
        let expected: Vec<u64> = inputs
            .iter()
            .map(|n| (0..(n % 7) * 1000).fold(*n, |a, b| a.wrapping_add(b) % 1_000_003))
            .collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn nothing_in_nothing_out() {
        let out: Vec<u8> = map(4, &[] as &[u8], |b| *b);
        assert!(out.is_empty());
    }
}
