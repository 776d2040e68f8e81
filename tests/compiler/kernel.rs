//! The vote evaluator and the voting-power game agree: for random rules over
//! random small memberships with weights, every coalition that `eval vote` passes
//! is one the power game counts as winning, and the reverse (the property of the
//! one voting kernel, issue #10).

use treatyc::eval::{vote, Ballot, Facts};
use treatyc::ir::Ratio;
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

fn clause(r: &mut Random, n: u64, ids: &[String]) -> String {
    match r.below(11) {
        0 => format!("members >= {}%", 30 + r.below(60)),
        1 => format!("members >= {}", 1 + r.below(n)),
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
        _ => format!("members >= {}/{}", 1 + r.below(3), 3 + r.below(2)),
    }
}

#[test]
fn eval_and_power_agree_on_every_coalition_of_random_rules() {
    let mut r = Random(0x9e37_79b9_7f4a_7c15);
    let (mut rules, mut coalitions) = (0, 0);
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
        // Rules the checker refuses (a threshold no vote can meet) are not compiled.
        let Ok(Ok(program)) = treatyc::compile_to_ir(&mut SourceMap::new(), "k.treaty", text.as_bytes(), None) else {
            continue;
        };
        let facts: Facts = ids
            .iter()
            .zip(&weights)
            .map(|(id, w)| (id.clone(), [("w".to_string(), Ratio::integer(i128::from(*w)))].into()))
            .collect();
        let Ok(game) = treatyc::power::game(&program, "Council", "d", &facts) else {
            continue;
        };
        rules += 1;
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
        }
    }
    assert!(
        rules > 200 && coalitions > 10_000,
        "{rules} rules, {coalitions} coalitions"
    );
}
