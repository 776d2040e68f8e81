//! Small counts worked by hand. The five states of 9,061, 7,179, 5,259, 3,319
//! and 1,182 people sharing 26 seats (one seat per 1,000 people: quotas 9.061,
//! 7.179, 5.259, 3.319, 1.182) is the textbook case where every method gives
//! its own answer.

use super::paradox::{self, Finding, Paradox};
use super::*;

fn states(populations: &[u64]) -> Vec<(String, u64)> {
    populations
        .iter()
        .enumerate()
        .map(|(i, p)| (char::from(b'A' + i as u8).to_string(), *p))
        .collect()
}

fn fixed(total: u64) -> Constraints {
    Constraints {
        total: Total::Fixed(total),
        min: 0,
        max: None,
    }
}

fn seats(run: &Apportionment) -> Vec<u64> {
    run.states.iter().map(|s| s.seats).collect()
}

fn run(populations: &[u64], method: Method, constraints: Constraints) -> Apportionment {
    match apportion(&states(populations), &method, &constraints) {
        Ok(a) => a,
        Err(p) => panic!("no apportionment: {p}"),
    }
}

const TEXTBOOK: [u64; 5] = [9061, 7179, 5259, 3319, 1182];

fn divisor(divisor: Divisor) -> Method {
    Method::Divisor { divisor }
}

#[test]
fn every_method_gives_the_textbook_case_its_own_answer() {
    // Jefferson rounds down at a divisor below 1,000 (906: 10, 7, 5, 3, 1).
    assert_eq!(
        seats(&run(&TEXTBOOK, divisor(Divisor::Jefferson), fixed(26))),
        [10, 7, 5, 3, 1]
    );
    // Webster: at a divisor of 957, B's 7.502 rounds up and the others down.
    assert_eq!(
        seats(&run(&TEXTBOOK, divisor(Divisor::Webster), fixed(26))),
        [9, 8, 5, 3, 1]
    );
    // Adams rounds up: 1.182 becomes 2.
    assert_eq!(
        seats(&run(&TEXTBOOK, divisor(Divisor::Adams), fixed(26))),
        [9, 7, 5, 3, 2]
    );
    // Huntington-Hill: at a divisor of 960, C's 5.478 passes sqrt(30) = 5.477.
    assert_eq!(
        seats(&run(&TEXTBOOK, divisor(Divisor::HuntingtonHill), fixed(26))),
        [9, 7, 6, 3, 1]
    );
    // Dean: D's 3.319 passes the harmonic mean of 3 and 4 (3.43) first.
    assert_eq!(
        seats(&run(&TEXTBOOK, divisor(Divisor::Dean), fixed(26))),
        [9, 7, 5, 4, 1]
    );
    // Hamilton: 25 whole seats, the 26th to the largest remainder, D's .319.
    assert_eq!(
        seats(&run(&TEXTBOOK, Method::LargestRemainder, fixed(26))),
        [9, 7, 5, 4, 1]
    );
}

#[test]
fn quotas_are_exact_fractions() {
    let a = run(&TEXTBOOK, divisor(Divisor::Webster), fixed(26));
    let q = a.quotas().first().cloned();
    assert_eq!(
        q,
        Some(Quota {
            decimal: "9.0610".to_string(),
            fraction: Some("9061/1000".to_string()),
        })
    );
}

#[test]
fn the_margin_names_the_last_seat_and_the_next() {
    // Hamilton: D took the 26th seat with .319; C's .259 was next.
    let h = run(&TEXTBOOK, Method::LargestRemainder, fixed(26));
    let last = h.last.as_ref().map(|l| (l.state.as_str(), l.seat, l.claim.decimal()));
    assert_eq!(last, Some(("D", 4, "0.319000".to_string())));
    let next = h.next.as_ref().map(|l| (l.state.as_str(), l.seat, l.claim.decimal()));
    assert_eq!(next, Some(("C", 6, "0.259000".to_string())));
    assert!(matches!(h.shortfall, Shortfall::NotComputed(_)));
    // Jefferson: A's 10th seat at 9061 / 10 = 906.1 was last; B's 8th at 7179 / 8 = 897.375 next.
    // B needs p / 8 > 906.1, p > 7248.8: 7249, 70 more people.
    let j = run(&TEXTBOOK, divisor(Divisor::Jefferson), fixed(26));
    let last = j.last.as_ref().map(|l| (l.state.as_str(), l.seat, l.claim.decimal()));
    assert_eq!(last, Some(("A", 10, "906.100000".to_string())));
    let next = j.next.as_ref().map(|l| (l.state.as_str(), l.seat, l.claim.decimal()));
    assert_eq!(next, Some(("B", 8, "897.375000".to_string())));
    assert_eq!(j.shortfall, Shortfall::People(70));
}

#[test]
fn bounds_hold_a_state_and_give_its_seat_to_the_next() {
    // Jefferson with at most 9: A's 10th seat goes to B's 8th.
    let capped = Constraints {
        max: Some(9),
        ..fixed(26)
    };
    let a = run(&TEXTBOOK, divisor(Divisor::Jefferson), capped);
    assert_eq!(seats(&a), [9, 7 + 1, 5, 3, 1]);
    assert!(a.states.first().is_some_and(|s| s.at_max));
    // At least 2: E holds 2 before the count, and the 25 others leave A's 10th
    // seat (906.1) unfilled: at a divisor of 906.1 the others make 9 + 7 + 5 + 3.
    let floor = Constraints { min: 2, ..fixed(26) };
    assert_eq!(
        seats(&run(&TEXTBOOK, divisor(Divisor::Jefferson), floor)),
        [9, 7, 5, 3, 2]
    );
    // Hamilton at least 2: E leaves the count with 2; 24 seats over 24,818 people.
    assert_eq!(seats(&run(&TEXTBOOK, Method::LargestRemainder, floor)), [9, 7, 5, 3, 2]);
}

#[test]
fn bounds_no_count_meets_are_problems() {
    let too_many = Constraints { min: 6, ..fixed(26) };
    let p = apportion(&states(&TEXTBOOK), &divisor(Divisor::Webster), &too_many);
    assert_eq!(p.map_err(|p| p.code), Err(Code::E1101));
    let too_few = Constraints {
        max: Some(5),
        ..fixed(26)
    };
    let p = apportion(&states(&TEXTBOOK), &divisor(Divisor::Webster), &too_few);
    assert_eq!(p.map_err(|p| p.code), Err(Code::E1101));
    let twice = vec![("A".to_string(), 1), ("A".to_string(), 2)];
    let p = apportion(&twice, &divisor(Divisor::Webster), &fixed(2));
    assert_eq!(p.map_err(|p| p.message), Err("state `A` is listed twice".to_string()));
}

#[test]
fn huntington_hill_ties_are_found_exactly() {
    // A's 2nd seat at 10 / sqrt(2) and B's 9th at 60 / sqrt(72) are both 5 sqrt(2):
    // with 10 seats, the 10th has no owner.
    let at_least_one = Constraints { min: 1, ..fixed(10) };
    let a = run(&[10, 60], divisor(Divisor::HuntingtonHill), at_least_one);
    assert_eq!(seats(&a), [1, 8]);
    let tie = a.tie.map(|t| (t.states, t.seats));
    assert_eq!(tie, Some((vec!["A".to_string(), "B".to_string()], 1)));
    // One seat fewer: B's 8th at 60 / sqrt(56) beats A's 2nd, no tie.
    let a = run(
        &[10, 60],
        divisor(Divisor::HuntingtonHill),
        Constraints { min: 1, ..fixed(9) },
    );
    assert_eq!((seats(&a), a.tie), (vec![1, 8], None));
}

#[test]
fn penrose_weighs_by_square_roots() {
    // Roots 10, 20, 30: six seats are 1, 2, 3 by any divisor method.
    let p = run(
        &[100, 400, 900],
        Method::Penrose {
            divisor: Divisor::Webster,
        },
        fixed(6),
    );
    assert_eq!(seats(&p), [1, 2, 3]);
    assert_eq!(p.quotas().get(2).map(|q| q.decimal.as_str()), Some("3.0000"));
    // Roots 1, 4, 9 (sum 14), seven seats: quotas 0.5, 2, 4.5; Webster ties A's
    // first seat (1 / 0.5) with C's fifth (9 / 4.5) exactly.
    let p = run(
        &[1, 16, 81],
        Method::Penrose {
            divisor: Divisor::Webster,
        },
        fixed(7),
    );
    assert_eq!(seats(&p), [0, 2, 4]);
    assert_eq!(
        p.tie.map(|t| (t.states, t.seats)),
        Some((vec!["A".to_string(), "C".to_string()], 1))
    );
    // Huntington-Hill on roots 1 and 4, five seats, at least one: B's claims
    // 4/sqrt(2) = 2.83, 4/sqrt(6) = 1.63, 4/sqrt(12) = 1.15 beat A's 1/sqrt(2) = 0.71.
    let hill = Method::Penrose {
        divisor: Divisor::HuntingtonHill,
    };
    assert_eq!(seats(&run(&[1, 16], hill, Constraints { min: 1, ..fixed(5) })), [1, 4]);
}

#[test]
fn cambridge_gives_a_base_and_rounds_the_rest_up_within_the_cap() {
    let cambridge = Method::Cambridge { base: 1 };
    // 7 seats above the base: ceil(100/25) + ceil(50/25) + ceil(10/25) = 4 + 2 + 1.
    assert_eq!(seats(&run(&[100, 50, 10], cambridge, fixed(10))), [5, 3, 2]);
    // Capped at 4: A is held there; 6 seats for B and C, 4 and 2.
    let capped = Constraints {
        max: Some(4),
        ..fixed(10)
    };
    assert_eq!(seats(&run(&[100, 50, 10], cambridge, capped)), [4, 4, 2]);
}

#[test]
fn cube_root_rounds_to_the_nearest_seat() {
    assert_eq!(cube_root_seats(27), 3);
    // 3.5^3 = 42.875
    assert_eq!(cube_root_seats(42), 3);
    assert_eq!(cube_root_seats(43), 4);
    // 691.5^3 = 330,656,116.9 below the United States' 331,108,434.
    assert_eq!(cube_root_seats(331_108_434), 692);
    let cube = Constraints {
        total: Total::CubeRoot,
        min: 0,
        max: None,
    };
    assert_eq!(run(&TEXTBOOK, Method::LargestRemainder, cube).total, 30);
}

fn finding(checks: &[paradox::Check], which: Paradox) -> Option<&Finding> {
    checks.iter().find(|c| c.paradox == which).map(|c| &c.finding)
}

fn checks(populations: &[u64], method: Method, total: u64, previous: Option<&[u64]>) -> Vec<paradox::Check> {
    let s = states(populations);
    let a = run(populations, method, fixed(total));
    let previous = previous.map(states);
    match paradox::check(&s, &method, &fixed(total), &a, previous.as_deref()) {
        Ok(c) => c,
        Err(p) => panic!("{p}"),
    }
}

#[test]
fn hamilton_shows_the_alabama_paradox() {
    // 10 seats: 4.29, 4.29, 1.43 -> 4, 4, 2; 11 seats: 4.71, 4.71, 1.57 -> 5, 5, 1.
    let c = checks(&[6, 6, 2], Method::LargestRemainder, 10, None);
    assert_eq!(
        finding(&c, Paradox::Alabama),
        Some(&Finding::Found(vec!["`C` has 2 seats of 10 and 1 of 11".to_string()]))
    );
    let c = checks(&[7, 5, 2], divisor(Divisor::Webster), 10, None);
    assert_eq!(finding(&c, Paradox::Alabama), Some(&Finding::NotFound));
    assert!(c
        .iter()
        .all(|c| c.paradox == Paradox::Population || c.note.contains("cannot show it")));
}

#[test]
fn hamilton_shows_the_new_state_paradox() {
    // 8 seats among 52, 8, 55: 4, 0, 4. Without A, 4 seats among 8 and 55
    // (quotas 0.508 and 3.492) are 1, 3: A's arrival moves B's seat to C.
    // Without C, 4 seats among 52 and 8 (3.467 and 0.533) are 3, 1: C's arrival
    // moves B's seat to A.
    let c = checks(&[52, 8, 55], Method::LargestRemainder, 8, None);
    assert_eq!(
        finding(&c, Paradox::NewState),
        Some(&Finding::Found(vec![
            "admitting `A` with its 4 seats moves `B` 1 -> 0, `C` 3 -> 4".to_string(),
            "admitting `C` with its 4 seats moves `A` 3 -> 4, `B` 1 -> 0".to_string(),
        ]))
    );
    let c = checks(&[52, 8, 55], divisor(Divisor::HuntingtonHill), 8, None);
    assert_eq!(finding(&c, Paradox::NewState), Some(&Finding::NotFound));
}

#[test]
fn hamilton_shows_the_population_paradox() {
    // B grew from 5 to 9 (+80%) and lost its seat; C grew from 57 to 85 (+49.12%) and gained one.
    let c = checks(&[90, 9, 85], Method::LargestRemainder, 10, Some(&[69, 5, 57]));
    assert_eq!(
        finding(&c, Paradox::Population),
        Some(&Finding::Found(vec![
            "`B` grew +80.00% and lost a seat (1 -> 0) while `C` grew +49.12% and gained one (4 -> 5)".to_string()
        ]))
    );
    let c = checks(&[90, 9, 85], Method::LargestRemainder, 10, None);
    assert!(matches!(finding(&c, Paradox::Population), Some(Finding::NotChecked(_))));
}
