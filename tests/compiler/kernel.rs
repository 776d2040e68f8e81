//! One voting kernel: for random rules over random small memberships with
//! weights, every coalition that `eval vote` passes is one the power game counts
//! as winning, and the reverse; the vetoes `power` prints are exactly the members
//! whose lone vote against defeats the rule in `eval`; and the checker agrees with
//! both: a rule it says can never be met passes no vote, and it warns of an
//! unwritten veto (W0404, with the facts) exactly for the members that hold one
//! through a weighted criterion (issue #10).

use treatyc::check::Config;
use treatyc::diagnostics::{Code, Diagnostic};
use treatyc::eval::{vote, Ballot, Facts};
use treatyc::ir::Rational;
use treatyc::power::Index;
use treatyc::session::Session;
use treatyc::source::SourceMap;

/// A small deterministic generator (xorshift), so that a failure reproduces.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// The checker's diagnostics on a treaty with a facts table.
fn check_with_facts(text: &str, csv: &str) -> Vec<Diagnostic> {
    let mut sources = SourceMap::new();
    let file = sources.add("k.csv", csv.to_string());
    let facts = treatyc::facts::parse_csv(file, csv).unwrap();
    let config = Config {
        facts: Some(facts),
        stage: None,
    };
    treatyc::check_source(&mut sources, "k.treaty", text.as_bytes(), &config).diagnostics
}

fn clause(r: &mut Random, n: u64, ids: &[String]) -> String {
    match r.below(12) {
        0 => format!("members >= {}%", 30 + r.below(60)),
        1 => format!("members >= {}", 1 + r.below(n + 2)),
        2 => format!("members > {}%", 30 + r.below(60)),
        3 => format!("w >= {}%", 30 + r.below(60)),
        4 => format!("w > {}%", 30 + r.below(60)),
        5 => format!("w >= {}", 50 + r.below(200)),
        6 => format!("blocking minority >= {} members", 2 + r.below(n - 1)),
        7 => format!("veto by {}", ids.get(usize::try_from(r.below(n)).unwrap()).unwrap()),
        8 => [
            "simple majority",
            "two-thirds majority",
            "absolute majority",
            "unanimity",
        ][usize::try_from(r.below(4)).unwrap()]
        .to_string(),
        9 => format!("quorum >= {} members", 1 + r.below(n)),
        10 => format!(
            "members >= {} when membership >= {}",
            1 + r.below(n + 2),
            2 + r.below(n + 2)
        ),
        _ => format!("members >= {}/{}", 1 + r.below(3), 3 + r.below(2)),
    }
}

#[test]
fn eval_and_power_agree_on_every_coalition_of_random_rules() {
    let mut r = Random(0x9e37_79b9_7f4a_7c15);
    let (mut rules, mut coalitions, mut never_met, mut vetoes_seen, mut unmeetable) = (0, 0, 0, 0, 0);
    for _ in 0..1500 {
        let n = 3 + r.below(6);
        let ids: Vec<String> = (0..n).map(|i| format!("M{i}")).collect();
        let weights: Vec<u64> = (0..n).map(|_| 1 + r.below(100)).collect();
        let clauses: Vec<String> = (0..1 + r.below(3)).map(|_| clause(&mut r, n, &ids)).collect();
        let text = format!(
            "treaty k \"Kernel\" {{\n  facts member {{ w: count }}\n  parties {{ {} }}\n  rule r = {}\n  body Council {{ seats: one per member  decides d by r }}\n}}\n",
            ids.join(" "),
            clauses.join(" and ")
        );
        let csv: String = std::iter::once("id,w".to_string())
            .chain(ids.iter().zip(&weights).map(|(id, w)| format!("{id},{w}")))
            .collect::<Vec<_>>()
            .join("\n");
        let checked = check_with_facts(&text, &csv);
        if checked.iter().any(|d| d.code == Code::E0401) {
            never_met += 1;
            let all_yes = treatyc::compile_to_ir(&mut Session::new(), "k.treaty", text.as_bytes(), None);
            assert!(
                all_yes.is_err(),
                "the checker says `{}` can never be met, yet it compiles",
                clauses.join(" and ")
            );
            continue;
        }
        // Rules the checker refuses for other reasons are not compiled.
        let Ok(program) = treatyc::compile_to_ir(&mut Session::new(), "k.treaty", text.as_bytes(), None) else {
            continue;
        };
        let facts: Facts = ids
            .iter()
            .zip(&weights)
            .map(|(id, w)| {
                (
                    id.clone(),
                    [("w".to_string(), Rational::integer(i128::from(*w)))].into(),
                )
            })
            .collect();
        let Ok(game) = treatyc::power::game(&program, "Council", "d", &facts, &[]) else {
            continue;
        };
        rules += 1;
        let mut passing = 0;
        for mask in 0u32..(1 << n) {
            let (yes, no): (Vec<usize>, Vec<usize>) = (0..ids.len()).partition(|i| mask >> i & 1 == 1);
            let ballot = Ballot {
                yes: yes.iter().map(|&i| ids[i].clone()).collect(),
                no: no.iter().map(|&i| ids[i].clone()).collect(),
                ..Default::default()
            };
            let evaluated = vote(&program, "Council", "d", &ballot, &facts).unwrap();
            let weight: i128 = yes.iter().map(|&i| game.weight(i)).sum();
            let vetoes = yes.iter().filter(|&&i| game.holds_veto(i)).count();
            let wins = game.wins(i128::try_from(yes.len()).unwrap(), weight, vetoes);
            assert_eq!(
                evaluated.passes,
                wins,
                "rule `{}` with weights {weights:?}, in favour {:?}: eval {} but power {}\n{:#?}",
                clauses.join(" and "),
                ballot.yes,
                evaluated.passes,
                wins,
                evaluated.checks
            );
            coalitions += 1;
            passing += usize::from(evaluated.passes);
        }
        // Vetoes: the members whose lone vote against defeats an otherwise unanimous vote.
        let report = treatyc::power::power(&program, "Council", "d", &facts, &[], Index::Banzhaf).unwrap();
        let mut warned: Vec<String> = checked
            .iter()
            .filter(|d| d.code == Code::W0404)
            .filter_map(|d| d.primary.message.split('`').nth(1).map(str::to_string))
            .collect();
        warned.sort();
        warned.dedup();
        let mut weighted_vetoes = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let ballot = Ballot {
                yes: ids.iter().filter(|m| *m != id).cloned().collect(),
                no: vec![id.clone()],
                ..Default::default()
            };
            let evaluated = vote(&program, "Council", "d", &ballot, &facts).unwrap();
            let is_veto = passing > 0 && !evaluated.passes;
            assert_eq!(
                report.vetoes.contains(id),
                is_veto || (passing == 0 && !evaluated.passes),
                "rule `{}` with weights {weights:?}: `{id}`'s veto differs between power {:?} and eval",
                clauses.join(" and "),
                report.vetoes
            );
            let written = game.holds_veto(i);
            let by_weight = evaluated
                .checks
                .iter()
                .any(|c| !c.met && c.name.starts_with("w in favour"));
            if passing > 0 && !evaluated.passes && !written && by_weight {
                weighted_vetoes.push(id.clone());
            }
        }
        assert_eq!(
            warned,
            weighted_vetoes,
            "rule `{}` with weights {weights:?}: the checker's unwritten vetoes differ from eval's",
            clauses.join(" and ")
        );
        vetoes_seen += weighted_vetoes.len();
        // A rule no vote passes under the facts is said to be one (W0405) when a
        // weighted criterion is what fails a unanimous vote in favour.
        let unanimous = vote(
            &program,
            "Council",
            "d",
            &Ballot {
                yes: ids.clone(),
                ..Default::default()
            },
            &facts,
        )
        .unwrap();
        let weight_fails = unanimous
            .checks
            .iter()
            .any(|c| !c.met && c.name.starts_with("w in favour"));
        assert_eq!(
            checked.iter().any(|d| d.code == Code::W0405),
            passing == 0 && weight_fails,
            "rule `{}` with weights {weights:?}: W0405 differs from eval",
            clauses.join(" and ")
        );
        unmeetable += usize::from(passing == 0 && weight_fails);
    }
    assert!(
        rules > 200 && coalitions > 10_000 && never_met > 10 && vetoes_seen > 20 && unmeetable > 5,
        "{rules} rules, {coalitions} coalitions, {never_met} never met, {vetoes_seen} unwritten vetoes, {unmeetable} unmeetable under the facts"
    );
}
