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
            let mut stages: Vec<Option<String>> = vec![None];
            for item in &compilation.treaty().items {
                if let treatyc::ast::Item::Stage(stage) = item {
                    stages.push(Some(stage.name.name.clone()));
                }
            }
            stages
                .iter()
                .map(|s| serde_json::to_string(&compilation.program(s.as_deref()).unwrap()).unwrap())
                .collect::<Vec<String>>()
        };
        prop_assert_eq!(emit(), emit());
    }
}
