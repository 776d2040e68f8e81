//! Replaying a history as it grows (`cargo bench --bench timeline`): a synthetic
//! treaty of 300 parties and 300 candidates, with accession, withdrawal, and
//! twenty obligations with time limits; a history of N events (accessions,
//! notices, decisions, duties performed). Checking the history and answering for
//! one day should grow about linearly in N: events are indexed once by what they
//! name, never compared all against all.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use treatyc::time::Date;
use treatyc::timeline::{Event, EventKind, History};

const PARTIES: usize = 300;

fn treaty() -> String {
    let mut s = String::from("treaty big {\n  in force from 1 January 1950\n  parties {");
    for i in 0..PARTIES {
        s.push_str(&format!(" P{i}"));
    }
    s.push_str(" }\n  other states {");
    for i in 0..PARTIES {
        s.push_str(&format!(" C{i}"));
    }
    s.push_str(
        " }\n  body Council { seats: one per member  decides admission by unanimity  decides request by unanimity }\n",
    );
    s.push_str("  accession by Council.admission\n  withdrawal { takes effect one year after notice }\n");
    for k in 0..10 {
        s.push_str(&format!(
            "  d{k}: every member must answer_{k} within six months of Council.request\n"
        ));
        s.push_str(&format!("  r{k}: every member must report_{k} every year\n"));
    }
    s.push_str("}\n");
    s
}

fn history(n: usize, start: Date) -> Vec<Event> {
    let span = treatyc::source::Span::new(treatyc::source::FileId(0), 0, 0);
    let mut out = Vec::with_capacity(n);
    let mut day = start;
    let next = |d: Date| {
        d.after(treatyc::time::Length {
            amount: 1,
            unit: treatyc::time::TimeUnit::Days,
        })
        .unwrap()
    };
    for i in 0..n {
        day = if i % 4 == 0 { next(day) } else { day };
        let (kind, state, act) = match i % 8 {
            0 if i / 8 < PARTIES => (EventKind::Accession, Some(format!("C{}", i / 8)), None),
            1 => (
                EventKind::Decision,
                Some(format!("P{}", i % PARTIES)),
                Some("Council.request".to_string()),
            ),
            2 => (
                EventKind::Done,
                Some(format!("P{}", i % PARTIES)),
                Some(format!("d{}", i % 10)),
            ),
            _ => (
                EventKind::Done,
                Some(format!("P{}", (i * 7) % PARTIES)),
                Some(format!("r{}", i % 10)),
            ),
        };
        out.push(Event {
            date: day,
            kind,
            state,
            act,
            value: None,
            until: None,
            holder: None,
            at: span,
        });
    }
    out
}

fn timeline(c: &mut Criterion) {
    let mut session = treatyc::session::Session::new();
    let file = session.add("big.treaty", treaty().as_bytes());
    let program = session
        .compile(file, &Default::default())
        .unwrap()
        .program(None)
        .unwrap();
    let start = Date::parse("1950-01-01").unwrap();
    let mut group = c.benchmark_group("timeline");
    group.sample_size(10);
    for n in [1000, 4000, 16000] {
        let events = history(n, start);
        let last = events.last().unwrap().date;
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &events, |b, events| {
            b.iter(|| {
                let h = History::new(&program, events.clone()).unwrap();
                let s = h.situation(&program, last);
                assert!(!s.duties.is_empty());
                s
            })
        });
    }
    group.finish();
}

criterion_group!(benches, timeline);
criterion_main!(benches);
