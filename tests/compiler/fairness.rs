//! Fairness of voting weights and the power to act (#25 items 3 and 4):
//! Coleman's measures through `power` and `power --compare`, Penrose's
//! square-root law against the published square-root shares of the EU-27, and
//! the Jagiellonian quota's search against a brute force written here.

use num_bigint::BigInt;
use std::collections::BTreeMap;

use treatyc::eval::Facts;
use treatyc::rational::Rational;

fn program_of(text: &str) -> treatyc::ir::Program {
    treatyc::compile_to_ir(
        &mut treatyc::session::Session::new(),
        "fair.treaty",
        text.as_bytes(),
        None,
    )
    .unwrap_or_else(|d| panic!("{text}\n{d:#?}"))
}

/// `power --compare` of [3; 2, 1, 1] and [4; 2, 1, 1]: the power to act falls
/// from 3/8 (three winning coalitions) to 1/8 (only all three), and A's power to
/// initiate from 3/5 to 1/7 (it completes only {B, C}).
#[test]
fn power_compare_shows_the_power_to_act_before_and_after() {
    let (code, out, err) = crate::support::treatyc(&[
        "power",
        "tests/ui/eval/small-weighted.treaty",
        "--facts",
        "tests/ui/eval/small-weighted.csv",
        "--body",
        "Board",
        "--decision",
        "x",
        "--index",
        "banzhaf",
        "--compare",
        "tests/ui/eval/small-weighted-quota-4.treaty",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    // --compare OLD: the treaty named first is the new rule.
    assert_eq!(doc["coleman_before"]["power_to_act"]["fraction"], "1/8", "{out}");
    assert_eq!(doc["coleman_after"]["power_to_act"]["fraction"], "3/8", "{out}");
    assert_eq!(doc["coleman_before"]["members"][0]["initiate"]["fraction"], "1/7");
    assert_eq!(doc["coleman_after"]["members"][0]["initiate"]["fraction"], "3/5");
    assert_eq!(doc["coleman_after"]["members"][1]["prevent"]["fraction"], "1/3");
    let (_, human, _) = crate::support::treatyc(&[
        "power",
        "tests/ui/eval/small-weighted.treaty",
        "--facts",
        "tests/ui/eval/small-weighted.csv",
        "--body",
        "Board",
        "--decision",
        "x",
        "--index",
        "banzhaf",
    ]);
    assert!(
        human.contains("Coleman's power of the collectivity to act: 0.375000000000  (3 of 8 coalitions win)"),
        "{human}"
    );
    assert!(human.contains("  A        1.000000000000  0.600000000000"), "{human}");
}

/// The EU-27 of 2003 (populations in millions, to two decimals, as published
/// with the Penrose weights: Wikipedia, "Penrose method", table "The EU
/// proposal"): each state's share of the square roots agrees with the published
/// percentage. The published shares were computed from unrounded populations,
/// so the rounded ones reproduce them to 0.011 percentage points, not 0.005.
#[test]
fn square_root_shares_agree_with_the_published_penrose_weights() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/eu27_population_2003.csv"),
    )
    .unwrap();
    let rows: Vec<(String, Rational, f64)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            let hundredths: i128 = cells[2].replace('.', "").parse().unwrap();
            (
                cells[0].to_string(),
                Rational::new(hundredths, 100).unwrap(),
                cells[3].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 27);
    let parties: String = rows.iter().map(|(id, _, _)| format!("    {id}\n")).collect();
    let program = program_of(&format!(
        "treaty eu27 \"EU-27 of 2003\" {{\n  facts member {{\n    population: count\n  }}\n  parties {{\n{parties}  }}\n  rule qmv = members >= 55% and population >= 65%\n  body Council {{\n    seats: one per member appointed by members\n    decides question by qmv\n  }}\n}}\n"
    ));
    let mut facts = Facts::new();
    for (id, p, _) in &rows {
        facts
            .entry(id.clone())
            .or_default()
            .insert("population".to_string(), *p);
    }
    let p = treatyc::power::penrose(
        &program,
        "Council",
        "question",
        &facts,
        &[],
        &Default::default(),
        "population",
    )
    .unwrap();
    let published: BTreeMap<&str, f64> = rows.iter().map(|(id, _, s)| (id.as_str(), *s)).collect();
    for m in &p.members {
        let expected = published[m.id.as_str()];
        assert!(
            (100.0 * m.square_root_share - expected).abs() <= 0.011,
            "{}: {} against {expected}",
            m.id,
            100.0 * m.square_root_share
        );
    }
    // The Jagiellonian quota of these figures, with the compromise's Banzhaf
    // indices within a few hundredths of a percentage point of the weights.
    let j = &p.jagiellonian;
    let low = j.threshold_from as f64 / j.total_weight as f64;
    assert!((0.60..0.63).contains(&low), "{low}");
    assert!(j.mean_discrepancy < 0.0005, "{}", j.mean_discrepancy);
}

/// The squared distance Σ(η_i/H − w_i/W)² of the game [t; w] as an exact
/// fraction (numerator, denominator), counted coalition by coalition.
fn brute_distance(weights: &[u64], t: u64) -> Option<(BigInt, BigInt)> {
    let n = weights.len();
    let total: u64 = weights.iter().sum();
    let mut swings = vec![0u64; n];
    for mask in 0u32..(1 << n) {
        let w: u64 = (0..n).filter(|i| mask >> i & 1 == 1).map(|i| weights[i]).sum();
        if w < t {
            continue;
        }
        for (i, s) in swings.iter_mut().enumerate() {
            if mask >> i & 1 == 1 && w - weights[i] < t {
                *s += 1;
            }
        }
    }
    let h: u64 = swings.iter().sum();
    if h == 0 {
        return None;
    }
    // Σ (η_i W − w_i H)² / (H W)².
    let num: BigInt = swings
        .iter()
        .zip(weights)
        .map(|(e, w)| {
            let d = BigInt::from(*e) * BigInt::from(total) - BigInt::from(*w) * BigInt::from(h);
            &d * &d
        })
        .sum();
    Some((
        num,
        BigInt::from(h) * BigInt::from(h) * BigInt::from(total) * BigInt::from(total),
    ))
}

/// The sweep's optimal thresholds are the brute force's, on small bodies with
/// weights from a fixed generator (ties between thresholds included: equal
/// weights make many).
#[test]
fn the_jagiellonian_search_agrees_with_a_brute_force() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % bound
    };
    for case in 0..60 {
        let n = 2 + (case % 9) as usize;
        let bound = if case % 3 == 0 { 4 } else { 60 };
        let weights: Vec<u64> = (0..n).map(|_| next(bound)).collect();
        let total: u64 = weights.iter().sum();
        let mut best: Option<(BigInt, BigInt)> = None;
        let mut runs: Vec<(u64, u64)> = Vec::new();
        for t in total / 2 + 1..=total {
            let Some((num, den)) = brute_distance(&weights, t) else {
                continue;
            };
            let order = best.as_ref().map(|(bn, bd)| (&num * bd).cmp(&(bn * &den)));
            match order {
                None | Some(std::cmp::Ordering::Less) => {
                    best = Some((num, den));
                    runs = vec![(t, t)];
                }
                Some(std::cmp::Ordering::Equal) => match runs.last_mut() {
                    Some(r) if r.1 + 1 == t => r.1 = t,
                    _ => runs.push((t, t)),
                },
                Some(std::cmp::Ordering::Greater) => {}
            }
        }
        let found = treatyc::power::sweep(&weights);
        let expected = runs.first().map(|first| treatyc::power::Optimum {
            first: *first,
            others: runs.len() - 1,
        });
        assert_eq!(found, expected, "weights {weights:?}");
    }
}

/// A member whose people the facts do not give: an error that names it, never
/// a weight of nothing.
#[test]
fn penrose_without_a_population_says_whose_is_missing() {
    let (code, _, err) = crate::support::treatyc(&[
        "power",
        "tests/ui/eval/small-weighted.treaty",
        "--facts",
        "tests/ui/eval/small-weighted.csv",
        "--body",
        "Board",
        "--decision",
        "x",
        "--index",
        "banzhaf",
        "--penrose",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("E0905") && err.contains("`population`") && err.contains("`A`"),
        "{err}"
    );
}

/// TEU 7(3) and TFEU 354: the member concerned does not vote, so power is over
/// 26 players (2^26 coalitions), and without it named the question is refused,
/// as `eval vote` refuses it.
#[test]
fn power_over_the_members_who_vote_when_the_member_concerned_does_not() {
    let base = [
        "power",
        "treaties/eu-treaties.treaty",
        "--body",
        "Council",
        "--decision",
        "suspension_of_rights",
        "--facts",
        "treaties/data/eu_council_population.csv",
        "--index",
        "banzhaf",
        "--format",
        "json",
    ];
    let (code, out, _) = crate::support::treatyc(&base);
    assert_eq!(code, 2);
    assert!(out.contains("E0903") && out.contains("--concerned"), "{out}");
    let with = |extra: &[&str]| {
        let words: Vec<&str> = base.iter().chain(extra).copied().collect();
        let (code, out, err) = crate::support::treatyc(&words);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let doc = with(&["--concerned", "HUN"]);
    assert_eq!(doc["members"].as_array().unwrap().len(), 26);
    assert!(doc["members"].as_array().unwrap().iter().all(|m| m["id"] != "HUN"));
    assert_eq!(doc["coleman"]["coalitions"], (1u64 << 26).to_string());
    // A suspended member leaves too: 25 vote.
    let doc = with(&["--concerned", "HUN", "--suspended", "POL"]);
    assert_eq!(doc["members"].as_array().unwrap().len(), 25);
    assert_eq!(doc["coleman"]["coalitions"], (1u64 << 25).to_string());
    // A member concerned named where the power does not exclude it is refused.
    let (code, _, err) = crate::support::treatyc(&[
        "power",
        "treaties/eu-council.treaty",
        "--body",
        "Council",
        "--decision",
        "ordinary",
        "--facts",
        "treaties/data/eu_council_population.csv",
        "--index",
        "banzhaf",
        "--concerned",
        "HUN",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("E0903"), "{err}");
}

/// TFEU 238(3)(a): with the euro area's members taking part, the clause
/// `members >= 15 when all members take part` lapses and the blocking minority
/// is counted over them, so the game `power` counts is the one `eval vote`
/// decides: each coalition of the participants that power counts as winning
/// passes in eval, and each it counts as losing fails.
#[test]
fn power_among_participants_is_the_game_eval_decides() {
    let program = {
        let bytes =
            std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties/eu-council.treaty")).unwrap();
        treatyc::compile_to_ir(&mut treatyc::session::Session::new(), "eu-council.treaty", &bytes, None).unwrap()
    };
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties/data/eu_council_population.csv"),
    )
    .unwrap();
    let mut facts = Facts::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        facts
            .entry(cells[0].to_string())
            .or_default()
            .insert("population".to_string(), Rational::integer(cells[2].parse().unwrap()));
    }
    let euro: Vec<String> = "AUT,BEL,HRV,CYP,EST,FIN,FRA,DEU,GRC,IRL,ITA,LVA,LTU,LUX,MLT,NLD,PRT,SVK,SVN,ESP"
        .split(',')
        .map(String::from)
        .collect();
    let absent = treatyc::power::Absent {
        participants: Some(euro.clone()),
        ..Default::default()
    };
    let g = treatyc::power::game_among(&program, "Council", "ordinary", &facts, &[], &absent).unwrap();
    assert_eq!(g.players, {
        let mut sorted = euro.clone();
        sorted.sort();
        sorted
    });
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..400 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let yes: Vec<usize> = (0..g.n()).filter(|i| seed >> i & 1 == 1).collect();
        let weight: i128 = yes.iter().map(|&i| g.weights[i]).sum();
        let wins = g.wins(yes.len() as i128, weight, 0);
        let ballot = treatyc::eval::Ballot {
            yes: yes.iter().map(|&i| g.players[i].clone()).collect(),
            no: (0..g.n())
                .filter(|i| !yes.contains(i))
                .map(|i| g.players[i].clone())
                .collect(),
            participants: Some(euro.clone()),
            steps: treatyc::eval::Steps {
                proposed_by: Some("Commission".to_string()),
                ..Default::default()
            },
            ..Default::default()
        };
        let outcome = treatyc::eval::vote(&program, "Council", "ordinary", &ballot, &facts).unwrap();
        assert_eq!(
            outcome.vote_passes, wins,
            "in favour {:?}: {:#?}",
            ballot.yes, outcome.checks
        );
    }
}

/// Why not: the README's failed vote on a member state's initiative (53.11% of
/// the population where 65% is needed) would have passed had any one of
/// Germany, France or Italy voted in favour.
#[test]
fn a_failed_vote_says_who_would_have_carried_it() {
    let yes = "AUT,BEL,BGR,HRV,CYP,CZE,DNK,EST,FIN,GRC,HUN,IRL,LVA,LTU,LUX,MLT,NLD,POL,PRT,ROU,SVK,SVN,ESP,SWE";
    let question = |no: &str, yes: &str, format: &str| {
        crate::support::treatyc(&[
            "eval",
            "treaties/eu-council.treaty",
            "--facts",
            "treaties/data/eu_council_population.csv",
            "--format",
            format,
            "vote",
            "--body",
            "Council",
            "--decision",
            "ordinary",
            "--proposed-by",
            "BEL",
            "--no",
            no,
            "--yes",
            yes,
        ])
    };
    let (code, out, err) = question("DEU,FRA,ITA", yes, "human");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "  why not: 3 sets of 1 member voting in favour instead would have carried it: {DEU}, {FRA}, {ITA}"
        ),
        "{out}"
    );
    // Without Poland and Spain too, two must change; the sets are in the body's order of members.
    let fewer = yes.replace("POL,", "").replace("ESP,", "");
    let (_, out, _) = question("DEU,FRA,ITA,POL,ESP", &fewer, "json");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let w = &doc["why_not"];
    assert_eq!(w["size"], 2, "{out}");
    assert_eq!(w["none_would"], false);
    let first: Vec<&str> = w["sets"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(first, ["DEU", "FRA"], "{out}");
    // A vote that passes has no why-not.
    let (_, out, _) = question("DEU", &format!("{yes},FRA,ITA"), "json");
    assert!(!out.contains("why_not"), "{out}");
}

/// A 193-member double majority on unrounded populations: the exact tables
/// would take far more than the 1 GiB budget, and power says so, with the unit
/// in which they would fit, before allocating anything; in whole millions the
/// same rule is counted exactly, the power to act included.
#[test]
fn a_double_majority_of_193_members_is_exact_where_its_tables_fit() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/un_member_population.csv"),
    )
    .unwrap();
    let rows: Vec<(String, i128)> = text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            Some((cells.first()?.to_string(), cells.last()?.trim().parse().ok()?))
        })
        .collect();
    assert_eq!(rows.len(), 193);
    let parties: String = rows.iter().map(|(id, _)| format!("    {id}\n")).collect();
    let program = program_of(&format!(
        "treaty un \"193 members\" {{\n  facts member {{\n    population: count\n  }}\n  parties {{\n{parties}  }}\n  rule double = members >= 55% and population >= 65%\n  body Assembly {{\n    seats: one per member appointed by members\n    decides question by double\n  }}\n}}\n"
    ));
    let facts_in = |unit: i128| -> Facts {
        rows.iter()
            .map(|(id, p)| {
                let v = Rational::integer((p + unit - 1) / unit);
                (id.clone(), BTreeMap::from([("population".to_string(), v)]))
            })
            .collect()
    };
    let refused = treatyc::power::power(
        &program,
        "Assembly",
        "question",
        &facts_in(1),
        &[],
        treatyc::power::Index::Banzhaf,
    )
    .unwrap_err();
    assert_eq!(refused.code, treatyc::diagnostics::Code::E0906);
    assert!(
        refused.message.contains("1024 MiB budget") && refused.message.contains("in units of"),
        "{}",
        refused.message
    );
    let exact = treatyc::power::power(
        &program,
        "Assembly",
        "question",
        &facts_in(1_000_000),
        &[],
        treatyc::power::Index::Banzhaf,
    )
    .unwrap();
    assert_eq!(exact.members.len(), 193);
    assert_eq!(
        exact.coleman.coalitions,
        (num_bigint::BigUint::from(1u32) << 193usize).to_string()
    );
    let act = exact.coleman.power_to_act.value;
    assert!(act > 0.0 && act < 0.5, "{act}");
}

/// 193 members weighing unrounded populations are refused exactly (E0906),
/// with the estimate offered; asked for, it is labelled as one on every line a
/// reader may quote, and the same question gives the same figures.
#[test]
fn a_body_too_large_to_count_gets_a_labelled_estimate() {
    let question = [
        "power",
        "docs/examples/world-assembly.treaty",
        "--facts",
        "tests/data/un_member_population.csv",
        "--body",
        "Assembly",
        "--decision",
        "resolution",
        "--index",
        "banzhaf",
    ];
    let (code, _, err) = crate::support::treatyc(&question);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("E0906") && err.contains("--estimate"), "{err}");
    let mut asked = question.to_vec();
    asked.extend(["--estimate", "20000", "--format", "json"]);
    let (code, out, err) = crate::support::treatyc(&asked);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["estimate"], true);
    assert_eq!(json["members"].as_array().unwrap().len(), 193);
    for m in json["members"].as_array().unwrap() {
        let (v, lo, hi) = (
            m["banzhaf"]["value"].as_f64().unwrap(),
            m["banzhaf"]["low"].as_f64().unwrap(),
            m["banzhaf"]["high"].as_f64().unwrap(),
        );
        assert!(lo <= v && v <= hi, "{m}");
    }
    // Every random order of a monotone game that the whole body carries and
    // nobody alone has exactly one pivot: the Shapley-Shubik estimates add up
    // to one, each within its interval.
    let mut sum = 0.;
    for m in json["members"].as_array().unwrap() {
        let s = &m["shapley_shubik"];
        let (v, lo, hi) = (
            s["value"].as_f64().unwrap(),
            s["low"].as_f64().unwrap(),
            s["high"].as_f64().unwrap(),
        );
        assert!(0. <= lo && lo <= v && v <= hi && hi <= 1., "{m}");
        sum += v;
    }
    assert!((sum - 1.).abs() < 1e-9, "{sum}");
    // India, the most populous member, is the most likely pivot.
    let most = json["members"]
        .as_array()
        .unwrap()
        .iter()
        .max_by(|a, b| {
            let f = |m: &serde_json::Value| m["shapley_shubik"]["value"].as_f64().unwrap();
            f(a).total_cmp(&f(b))
        })
        .unwrap();
    assert_eq!(most["id"], "IND", "{most}");
    let (_, again, _) = crate::support::treatyc(&asked);
    assert_eq!(out, again);
    asked.truncate(asked.len() - 2);
    let (_, human, _) = crate::support::treatyc(&asked);
    let lines: Vec<&str> = human.lines().collect();
    assert!(
        lines[0].starts_with("ESTIMATE, not exact: banzhaf and shapley-shubik"),
        "{human}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim_start().starts_with("banzhaf") && l.ends_with("shapley-shubik")),
        "{human}"
    );
    assert!(lines.last().unwrap().starts_with("ESTIMATE of Coleman"), "{human}");
    // Asked for the Shapley-Shubik index, the same estimate: both indices are
    // drawn whichever is asked, as a CSV row per member with both intervals.
    let mut shapley = question.to_vec();
    shapley[9] = "shapley-shubik";
    let (code, _, err) = crate::support::treatyc(&shapley);
    assert!(
        code == 2 && err.contains("E0906") && err.contains("Shapley-Shubik"),
        "{err}"
    );
    shapley.extend(["--estimate", "20000", "--format", "csv"]);
    let (code, csv, err) = crate::support::treatyc(&shapley);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "id,banzhaf_estimate,banzhaf_low,banzhaf_high,shapley_shubik_estimate,shapley_shubik_low,shapley_shubik_high"
    );
    assert_eq!(rows.len(), 194);
    let ind = rows.iter().find(|r| r.starts_with("IND,")).unwrap();
    let figures: Vec<f64> = ind.split(',').skip(1).map(|f| f.parse().unwrap()).collect();
    let member = json["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "IND")
        .unwrap();
    assert!((figures[3] - member["shapley_shubik"]["value"].as_f64().unwrap()).abs() < 1e-6);
}

/// Members and their populations from a facts file of the repository (`id`
/// first, `population` the column named), as exact numbers.
fn populations(path: &str) -> Vec<(String, Rational)> {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "population").unwrap();
    lines
        .map(|l| {
            // Names are quoted where they hold a comma: the population is
            // counted from the end, where no name reaches.
            let cells: Vec<&str> = l.split(',').collect();
            let cell = cells[cells.len() - (header.len() - column)];
            let (whole, decimals) = cell.split_once('.').unwrap_or((cell, ""));
            let scale = 10i128.pow(decimals.len() as u32);
            let value: i128 = format!("{whole}{decimals}").parse().unwrap();
            (cells[0].to_string(), Rational::new(value, scale).unwrap())
        })
        .collect()
}

/// The Jagiellonian compromise of a body of these members: the interval of
/// optimal quotas the exact search finds, and the literature's closed form
/// q = (1 + sqrt(sum w^2) / sum w) / 2 with w = sqrt(P), that is
/// (1 + sqrt(sum P) / sum sqrt(P)) / 2.
fn jagiellonian_and_closed_form(rows: &[(String, Rational)]) -> (f64, f64, f64) {
    let parties: String = rows.iter().map(|(id, _)| format!("    {id}\n")).collect();
    let program = program_of(&format!(
        "treaty t \"Square roots\" {{\n  facts member {{\n    population: count\n  }}\n  parties {{\n{parties}  }}\n  rule qmv = members >= 55% and population >= 65%\n  body Council {{\n    seats: one per member appointed by members\n    decides question by qmv\n  }}\n}}\n"
    ));
    let mut facts = Facts::new();
    for (id, p) in rows {
        facts
            .entry(id.clone())
            .or_default()
            .insert("population".to_string(), *p);
    }
    let p = treatyc::power::penrose(
        &program,
        "Council",
        "question",
        &facts,
        &[],
        &Default::default(),
        "population",
    )
    .unwrap();
    let j = &p.jagiellonian;
    let total = j.total_weight as f64;
    let (low, high) = ((j.threshold_from - 1) as f64 / total, j.threshold_to as f64 / total);
    let people: Vec<f64> = rows.iter().map(|(_, r)| r.num as f64 / r.den as f64).collect();
    let closed = 0.5 * (1. + people.iter().sum::<f64>().sqrt() / people.iter().map(|x| x.sqrt()).sum::<f64>());
    (low, high, closed)
}

/// We found no published optimal quota of the EU-27 whose population data we
/// could read beside it, so none is claimed (docs/power.md). What the
/// literature does give is the closed form, from the normal approximation of a
/// random coalition's weight, with no error bound we could check. On the EU-27's
/// populations, of 2003 and of 2025, the exact search lies 0.15 and 0.11
/// percentage points below it; the test holds both to within 0.25 points (our
/// bound, not the literature's) and below it, so that a search that drifted, or
/// weighed the populations themselves, would fail. Where one member weighs
/// much (the United States, 13.8% of NATO's square roots, against Germany's
/// 10% of the EU's), the closed form is 1.47 points above the exact quota:
/// the search, not the formula, is the answer there.
#[test]
fn the_jagiellonian_quota_is_near_the_literatures_closed_form() {
    // Each data set, the exact quota's interval to the digits docs/power.md
    // gives, and the most the closed form may lie above it.
    let cases = [
        (
            "treaties/data/eu_council_population.csv",
            27,
            (0.614_76, 0.614_77),
            0.0025,
        ),
        ("tests/data/eu27_population_2003.csv", 27, (0.614_07, 0.614_08), 0.0025),
        ("treaties/data/nato_population.csv", 32, (0.602_40, 0.602_41), 0.016),
    ];
    for (path, n, pinned, most) in cases {
        let rows = populations(path);
        assert_eq!(rows.len(), n, "{path}");
        let (low, high, closed) = jagiellonian_and_closed_form(&rows);
        assert!(pinned.0 <= low && high <= pinned.1, "{path}: {low} < q <= {high}");
        assert!(
            high < closed && closed - low < most,
            "{path}: {low} < q <= {high}, closed form {closed}"
        );
    }
    // The dominant member's case is not within the EU's bound.
    let (_, high, closed) = jagiellonian_and_closed_form(&populations("treaties/data/nato_population.csv"));
    assert!(closed - high > 0.01, "{high} {closed}");
}
