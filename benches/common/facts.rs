//! Facts for the benches that ask questions with facts (#24): deterministic,
//! parameterised by the number of members.
//!
//! - `rules_treaty` and `members_csv`: `check --facts` with many members and
//!   many rules, every rule weighed by population, so that the unwritten-veto
//!   check (W0404) judges each member's lone vote against under every rule.
//!   The first member holds a quarter of the population: a rule asking more
//!   than 75% of it gives that member a veto the treaty does not write, so the
//!   warnings are found (and their text written) as well as searched for.
//! - `parties_csv` and `situation`: the facts of the ten parties of the
//!   generator's realistic treaty (`generate.rs`), for `eval comply`. No party
//!   spends anything, so every `% of gdp` target binds every party that its
//!   exception does not save, and each breach looks up its sanctions.
//!
//! Kept apart from `generate.rs`, which the test suite also compiles: a
//! function only some benches use would be dead code there.

use std::fmt::Write;

/// A treaty with `rules` voting rules, one per article with the body that
/// decides by it, and no parties: the members are the rows of the facts.
pub fn rules_treaty(rules: usize) -> String {
    let mut out = String::with_capacity(rules * 200);
    out.push_str(
        "treaty rules \"Many rules\" {\n  facts member { population: count  gdp: money }\n\n  in force from 1 January 2030\n",
    );
    for k in 0..rules {
        // Thresholds from 55% to 94%: those above 75% give the first member a veto.
        let threshold = 55 + k % 40;
        let _ = write!(
            out,
            "\n  article {} \"Board {k}\" {{\n    rule rule{k} = members >= 50% and population >= {threshold}%\n    body Board{k} {{ seats: one per member  decides measure_{k} by rule{k} }}\n  }}\n",
            k + 1
        );
    }
    out.push_str("}\n");
    out
}

/// The facts of `members` members (`M00000`, ...), a CSV table with a population
/// and a GDP each; the first holds a quarter of the total population.
pub fn members_csv(members: usize) -> String {
    let mut out = String::with_capacity(members * 32);
    out.push_str("id,population,gdp\n");
    let population = |i: usize| 1_000_000 + (i * 7919) % 50_000_000;
    let others: usize = (1..members).map(population).sum();
    for i in 0..members {
        let p = if i == 0 { others / 3 } else { population(i) };
        let _ = writeln!(out, "M{i:05},{p},{}", 1_000 + (i * 104_729) % 900_000);
    }
    out
}

/// The ten parties of the realistic treaty, with every member fact it declares:
/// no spending at all, and exceptions that each save a few parties.
pub fn parties_csv() -> String {
    let mut out = String::from("id,population,gdp");
    for s in crate::generate::SECTORS {
        let _ = write!(out, ",{s}_spending");
    }
    out.push_str(",debt_ratio,neutral,landlocked,joined,freedom_score,status\n");
    for (k, id) in ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III", "JJJ"]
        .into_iter()
        .enumerate()
    {
        let _ = write!(out, "{id},{},{}", 2_000_000 + k * 7_000_000, 50_000 + k * 90_000);
        for _ in crate::generate::SECTORS {
            out.push_str(",0");
        }
        let status = ["free", "partly_free", "not_free"]
            .get(k % 3)
            .copied()
            .unwrap_or("free");
        let _ = writeln!(
            out,
            ",0.{},{},{},{},{},{status}",
            40 + k,
            k == 3,
            k == 7,
            2000 + k * 3,
            35 + k * 6
        );
    }
    out
}

/// The situation of the realistic treaty's world: every circumstance at once
/// but collective self-defence, so that conditions hold and exceptions do not.
pub fn situation() -> Vec<(&'static str, &'static str)> {
    vec![
        ("armed_attack", "true"),
        ("pandemic", "true"),
        ("financial_crisis", "true"),
        ("natural_disaster", "true"),
        ("cyber_attack", "true"),
        ("refugee_crisis", "true"),
        ("energy_shortage", "true"),
        ("council_summit", "true"),
        ("collective_self_defence", "false"),
    ]
}
