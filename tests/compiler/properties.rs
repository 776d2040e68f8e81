//! Property tests of the voting kernel (#24 item 5): on random small bodies and
//! random double-majority rules, `eval vote` on every coalition agrees with a
//! count written here from the rule's definition (TEU 16(4) and TFEU 238(3):
//! shares of the members and of a weight, a count, a blocking minority that
//! deems the majority attained, vetoes), and `power` agrees with the swings of
//! that count. The count shares no code with the kernel.

use proptest::prelude::*;

use treatyc::eval::{vote, Ballot, Facts};
use treatyc::power::{power, Index};
use treatyc::rational::Rational;

/// A body of `weights.len()` members deciding by one rule.
#[derive(Debug, Clone)]
struct Case {
    /// `members >= P%`.
    members_percent: u32,
    /// `members >= C`.
    members_count: Option<u32>,
    /// `population >= Q%`.
    weight_percent: Option<u32>,
    /// `blocking minority >= K members`.
    blocking: Option<u32>,
    /// Members (by index) with a veto.
    vetoes: Vec<usize>,
    /// Each member's population.
    weights: Vec<u32>,
}

fn id(i: usize) -> String {
    // Three capitals, as the parties of the bundled treaties are named.
    let letter = char::from(b'A' + u8::try_from(i).unwrap());
    format!("{letter}{letter}{letter}")
}

fn case() -> impl Strategy<Value = Case> {
    (3usize..=9)
        .prop_flat_map(|n| {
            (
                1u32..=100,
                proptest::option::of(1u32..=(n as u32)),
                proptest::option::of(1u32..=100),
                proptest::option::of(1u32..=(n as u32)),
                proptest::collection::btree_set(0..n, 0..=2),
                proptest::collection::vec(1u32..=1000, n),
            )
        })
        .prop_map(
            |(members_percent, members_count, weight_percent, blocking, vetoes, weights)| Case {
                members_percent,
                members_count,
                weight_percent,
                blocking,
                vetoes: vetoes.into_iter().collect(),
                weights,
            },
        )
}

fn treaty(c: &Case) -> String {
    let mut rule = format!("members >= {}%", c.members_percent);
    if let Some(k) = c.members_count {
        rule.push_str(&format!(" and members >= {k}"));
    }
    if let Some(q) = c.weight_percent {
        rule.push_str(&format!(" and population >= {q}%"));
    }
    if let Some(k) = c.blocking {
        rule.push_str(&format!(" and blocking minority >= {k} members"));
    }
    if !c.vetoes.is_empty() {
        let holders: Vec<String> = c.vetoes.iter().map(|&i| id(i)).collect();
        rule.push_str(&format!(" and veto by {}", holders.join(", ")));
    }
    let parties: String = (0..c.weights.len())
        .map(|i| format!("    {} \"State {i}\"\n", id(i)))
        .collect();
    format!(
        "treaty random \"A random body\" {{\n  facts member {{\n    population: count\n  }}\n  parties {{\n{parties}  }}\n  rule chosen = {rule}\n  body Council {{\n    seats: one per member appointed by members\n    decides question by chosen\n  }}\n}}\n"
    )
}

/// Whether the coalition `yes` (a bit per member; the others vote against)
/// carries the rule, counted from its definition.
fn carries(c: &Case, yes: u32) -> bool {
    let n = c.weights.len() as u64;
    let in_favour = u64::from(yes.count_ones());
    let total: u64 = c.weights.iter().map(|&w| u64::from(w)).sum();
    let weight_in_favour: u64 = (0..c.weights.len())
        .filter(|i| yes & (1 << i) != 0)
        .map(|i| u64::from(c.weights[i]))
        .sum();
    let members_share = 100 * in_favour >= u64::from(c.members_percent) * n;
    let members_count = c.members_count.is_none_or(|k| in_favour >= u64::from(k));
    let weight = c
        .weight_percent
        .is_none_or(|q| 100 * weight_in_favour >= u64::from(q) * total);
    // Fewer members not in favour than the blocking minority: the majority is
    // deemed attained, whatever the shares and counts say.
    let deemed = c.blocking.is_some_and(|k| n - in_favour < u64::from(k));
    let vetoed = c.vetoes.iter().any(|&i| yes & (1 << i) == 0);
    ((members_share && members_count && weight) || deemed) && !vetoed
}

fn facts(c: &Case) -> Facts {
    let mut f = Facts::new();
    for (i, &w) in c.weights.iter().enumerate() {
        f.entry(id(i))
            .or_default()
            .insert("population".to_string(), Rational::new(i128::from(w), 1).unwrap());
    }
    f
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn every_vote_and_every_power_index_agrees_with_a_count_from_the_rules_definition(c in case()) {
        let text = treaty(&c);
        let program = treatyc::compile_to_ir(&mut treatyc::session::Session::new(), "random.treaty", text.as_bytes(), None)
            .unwrap_or_else(|d| panic!("{text}\n{d:#?}"));
        let facts = facts(&c);
        let n = c.weights.len();
        let ids: Vec<String> = (0..n).map(id).collect();
        let mut swings = vec![0u64; n];
        let mut winning = 0u64;
        for yes in 0u32..(1 << n) {
            let ballot = Ballot {
                yes: (0..n).filter(|i| yes & (1 << i) != 0).map(|i| ids[i].clone()).collect(),
                no: (0..n).filter(|i| yes & (1 << i) == 0).map(|i| ids[i].clone()).collect(),
                ..Default::default()
            };
            let expected = carries(&c, yes);
            let outcome = vote(&program, "Council", "question", &ballot, &facts)
                .unwrap_or_else(|p| panic!("{text}\n{p:?}"));
            prop_assert_eq!(outcome.passes, expected, "{}\nyes: {:?}\n{:#?}", text, ballot.yes, outcome.checks);
            if expected {
                winning += 1;
                for (i, s) in swings.iter_mut().enumerate() {
                    if yes & (1 << i) != 0 && !carries(&c, yes & !(1 << i)) {
                        *s += 1;
                    }
                }
            }
        }
        let total: u64 = swings.iter().sum();
        if winning == 0 || total == 0 {
            return Ok(());
        }
        let report = power(&program, "Council", "question", &facts, &[], Index::Banzhaf)
            .unwrap_or_else(|p| panic!("{text}\n{p:?}"));
        for (i, member) in report.members.iter().enumerate() {
            prop_assert_eq!(&member.id, &ids[i]);
            let expected = swings[i] as f64 / total as f64;
            prop_assert!((member.value - expected).abs() < 1e-12, "{}\n{}: {} against {}/{}", text, member.id, member.value, swings[i], total);
        }
        // A veto: in every winning coalition.
        let vetoes: Vec<String> = (0..n)
            .filter(|&i| (0u32..(1 << n)).all(|yes| !carries(&c, yes) || yes & (1 << i) != 0))
            .map(|i| ids[i].clone())
            .collect();
        prop_assert_eq!(report.vetoes, vetoes, "{}", text);
        // Coleman: the winning coalitions of all 2^n, and each member's swings
        // over the winning and over the losing coalitions.
        let all = 1u64 << n;
        prop_assert_eq!(&report.coleman.winning_coalitions, &winning.to_string(), "{}", text);
        prop_assert_eq!(&report.coleman.coalitions, &all.to_string());
        for (i, row) in report.coleman.members.iter().enumerate() {
            let near = |got: Option<f64>, want: f64| got.is_some_and(|g| (g - want).abs() < 1e-12);
            let prevent = row.prevent.as_ref().map(|s| s.value);
            prop_assert!(near(prevent, swings[i] as f64 / winning as f64), "{}\n{:?}", text, row);
            let initiate = row.initiate.as_ref().map(|s| s.value);
            let losing = all - winning;
            if losing == 0 {
                prop_assert!(initiate.is_none(), "{}", text);
            } else {
                prop_assert!(near(initiate, swings[i] as f64 / losing as f64), "{}\n{:?}", text, row);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Generated treaties (the formatter's generator: the same law in many
    /// layouts and spellings) check without a panic, to the same diagnostics
    /// twice, and compile to byte-identical IR twice, in every stage.
    #[test]
    fn generated_treaties_check_and_emit_the_same_way_every_time(seed in any::<u64>()) {
        let text = super::fmt::generated_treaty(seed);
        let check = || {
            let unit = treatyc::check_source(
                &mut treatyc::source::SourceMap::new(),
                "gen.treaty",
                text.as_bytes(),
                &treatyc::check::Config::default(),
            );
            format!("{:?}", unit.diagnostics)
        };
        prop_assert_eq!(check(), check());
        let emit = || {
            let mut session = treatyc::session::Session::new();
            let file = session.add("gen.treaty", text.as_bytes());
            let compilation = session
                .compile(file, &treatyc::check::Config::default())
                .unwrap_or_else(|d| panic!("{text}\n{d:#?}"));
            compilation
                .programs()
                .unwrap()
                .iter()
                .map(|p| serde_json::to_string(p).unwrap())
                .collect::<Vec<String>>()
        };
        prop_assert_eq!(emit(), emit());
    }
}

/// A day as a count from 1 January 1958 (the EU treaty's entry into force), with
/// the calendar written here rather than borrowed from treatyc.
fn civil(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-from-civil inverse, from 1970-01-01.
    let z = days + (1958 - 1970) * 365 - 3 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn day_of(y: i64, m: u32, d: u32) -> i64 {
    let y = y - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from(if m > 2 { m - 3 } else { m + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 - ((1958 - 1970) * 365 - 3)
}

fn iso(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// What happens to one state, in order: `(kind, day, until)` with `until` the
/// last day of an extended period.
type Story = Vec<(&'static str, i64, Option<i64>)>;

/// A story that can happen under TEU 49 and 50 and Article 7: a founder is a
/// member from the start, another state accedes first; a member may be
/// suspended and reinstated, give notice, have its period extended, leave by an
/// agreement; a state that has left stays out.
fn story(founder: bool, steps: Vec<(u8, u16)>) -> Story {
    let mut out = Vec::new();
    let (mut member, mut suspended, mut notice, mut gone) = (founder, false, None::<i64>, false);
    let mut day = 1000;
    let mut leaves: Option<i64> = None;
    for (choice, gap) in steps {
        day += i64::from(gap) + 1;
        // A day of the month the calendar has in every month and year.
        let (y, m, d) = civil(day);
        day = day_of(y, m, d.min(28));
        if gone || leaves.is_some_and(|l| day >= l) {
            break;
        }
        match (member, choice % 4) {
            (false, _) => {
                out.push(("accession", day, None));
                member = true;
            }
            (true, 0) if !suspended => {
                out.push(("suspension", day, None));
                suspended = true;
            }
            (true, 0) => {
                out.push(("reinstatement", day, None));
                suspended = false;
            }
            (true, 1) if notice.is_none() => {
                out.push(("notice", day, None));
                notice = Some(day);
                let (y, m, d) = civil(day);
                // Two years after the notice; a member through that day.
                leaves = Some(day_of(y + 2, m, d) + 1);
            }
            (true, 1) => {
                let until = leaves.unwrap_or(day) + i64::from(gap % 200) + 1;
                out.push(("extension", day, Some(until)));
                leaves = Some(until + 1);
            }
            (true, 2) if notice.is_some() => {
                out.push(("withdrawal", day, None));
                gone = true;
            }
            _ => {}
        }
    }
    out
}

/// Member and suspended on `day`, replayed one day at a time from the start.
fn naive(founder: bool, story: &Story, day: i64) -> (bool, bool) {
    let (mut member, mut suspended, mut leaves) = (founder, false, None::<i64>);
    for today in 0..=day {
        if leaves == Some(today) {
            member = false;
            suspended = false;
        }
        for &(kind, _, until) in story.iter().filter(|(_, d, _)| *d == today) {
            match kind {
                "accession" => member = true,
                "suspension" => suspended = true,
                "reinstatement" => suspended = false,
                "notice" => {
                    let (y, m, d) = civil(today);
                    leaves = Some(day_of(y + 2, m, d) + 1);
                }
                "extension" => leaves = until.map(|u| u + 1),
                "withdrawal" => {
                    member = false;
                    suspended = false;
                }
                _ => {}
            }
        }
    }
    (member, member && suspended)
}

fn eu_treaties() -> treatyc::ir::Program {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/treaties/eu-treaties.treaty");
    let bytes = std::fs::read(path).unwrap();
    treatyc::compile_to_ir(
        &mut treatyc::session::Session::new(),
        "eu-treaties.treaty",
        &bytes,
        None,
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    /// The timeline's replay to a day agrees with a naive replay, day by day,
    /// of random histories of the EU treaty (founders and acceding states;
    /// suspensions, notices, extensions, withdrawal agreements), on every day
    /// something happens, the days either side, and the days a period ends.
    #[test]
    fn the_timeline_agrees_with_a_day_by_day_replay(
        founders in proptest::collection::vec(proptest::collection::vec((any::<u8>(), 0u16..900), 0..7), 2),
        others in proptest::collection::vec(proptest::collection::vec((any::<u8>(), 0u16..900), 0..7), 3),
    ) {
        let program = eu_treaties();
        let mut csv = String::from("date,event,state,act,detail\n");
        let mut stories: Vec<(&str, bool, Story)> = Vec::new();
        for (state, steps) in ["BEL", "FRA"].into_iter().zip(founders) {
            stories.push((state, true, story(true, steps)));
        }
        for (state, steps) in ["UKR", "MDA", "MNE"].into_iter().zip(others) {
            stories.push((state, false, story(false, steps)));
        }
        let mut rows: Vec<(i64, String)> = Vec::new();
        for (state, _, s) in &stories {
            for &(kind, day, until) in s {
                let (act, detail) = match kind {
                    "extension" => ("EuropeanCouncil.extension_of_withdrawal_period", until.map(iso).unwrap_or_default()),
                    "withdrawal" => ("withdrawal_agreement", String::new()),
                    _ => ("", String::new()),
                };
                rows.push((day, format!("{},{kind},{state},{act},{detail}\n", iso(day))));
            }
        }
        // By day only, and stably: two events of one state on one day (a
        // suspension and the reinstatement that ends it) stay in the order they
        // happened, which sorting the rows' text had reversed.
        rows.sort_by_key(|(day, _)| *day);
        rows.iter().for_each(|(_, r)| csv.push_str(r));
        let mut sources = treatyc::source::SourceMap::new();
        let file = sources.add("history.csv", csv.clone());
        let events = treatyc::timeline::parse_csv(file, sources.text(file)).unwrap_or_else(|d| panic!("{csv}\n{d:#?}"));
        let history = treatyc::timeline::History::new(&program, events)
            .unwrap_or_else(|d| panic!("a history that can happen was refused:\n{csv}\n{d:#?}"));
        let mut days: std::collections::BTreeSet<i64> = [0, 40_000].into_iter().collect();
        for (_, _, s) in &stories {
            for &(kind, day, until) in s {
                days.extend([day - 1, day, day + 1]);
                if kind == "notice" {
                    let (y, m, d) = civil(day);
                    let end = day_of(y + 2, m, d);
                    days.extend([end, end + 1]);
                }
                if let Some(u) = until {
                    days.extend([u, u + 1]);
                }
            }
        }
        for &day in &days {
            let (y, m, d) = civil(day);
            let date = treatyc::time::Date::new(y, m, d).unwrap();
            let situation = history.situation(&program, date);
            for (state, founder, s) in &stories {
                let standing = situation.standing(state).unwrap_or(treatyc::timeline::Standing::NotMember);
                let expected = naive(*founder, s, day);
                prop_assert_eq!(
                    (standing.is_member(), standing.is_suspended()),
                    expected,
                    "{} on {}: {:?}\n{}",
                    state,
                    iso(day),
                    standing,
                    csv
                );
            }
        }
    }
}
