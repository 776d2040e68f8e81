//! Apportionment: a body's seats shared among states by a rule, from their
//! populations.
//!
//! One entry point, `apportion`, runs every method: the divisor methods
//! (Jefferson/D'Hondt, Webster/Sainte-Laguë, Adams, Huntington-Hill, Dean), the
//! largest remainder (Hamilton/Hare), the Cambridge Compromise and Penrose's
//! square-root weights. Arithmetic is exact: priorities are compared as cross
//! products of integers (`priority`), remainders by their numerators, and a tie
//! the arithmetic cannot break is reported as one, never broken by the order of
//! the rows. `paradox` runs the checks for the Alabama, new-state and population
//! paradoxes; `condition` holds a seat table to degressive proportionality.

pub mod condition;
pub mod paradox;
pub mod priority;
mod remainder;

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use num_bigint::BigUint;
use serde::Serialize;

use crate::diagnostics::{Code, Problem};
pub use priority::Priority;

/// More seats than this are refused: no assembly has a million seats, and each
/// seat is one step of the count.
pub const MOST_SEATS: u64 = 1_000_000;

/// A divisor method: a state holding `n` seats claims the next with its
/// population divided by the method's divisor `d(n)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Divisor {
    /// D'Hondt: `d(n) = n + 1`.
    Jefferson,
    /// Sainte-Laguë: `d(n) = n + 1/2`.
    Webster,
    /// `d(n) = n`: every state's first seat comes first.
    Adams,
    /// Equal proportions: `d(n) = sqrt(n (n + 1))`.
    HuntingtonHill,
    /// Harmonic mean: `d(n) = 2 n (n + 1) / (2 n + 1)`.
    Dean,
}

/// How the seats are shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "method")]
pub enum Method {
    Divisor {
        divisor: Divisor,
    },
    /// Hamilton/Hare: each state its quota's whole part, the seats left to the
    /// largest remainders.
    LargestRemainder,
    /// `base` seats each, the rest in proportion to population rounded up
    /// (Adams), within the cap (`Constraints::max`).
    Cambridge {
        base: u64,
    },
    /// Seats in proportion to the square root of population, by a divisor method.
    Penrose {
        divisor: Divisor,
    },
}

/// How many seats there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Total {
    Fixed(u64),
    /// The cube root of the total population, to the nearest whole seat (an exact
    /// half cannot happen: `(2n + 1)^3 / 8` is never a whole number).
    CubeRoot,
}

/// The bounds a rule puts on the seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Constraints {
    pub total: Total,
    /// The seats every state has before the count (a minimum).
    pub min: u64,
    /// The seats no state may pass: a state there leaves the count.
    pub max: Option<u64>,
}

/// A state's standard quota, `population * total / total population` (under
/// Penrose, the share of the square roots).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quota {
    /// Truncated to four places.
    pub decimal: String,
    /// The exact fraction, `None` where it is irrational (square roots).
    pub fraction: Option<String>,
}

/// One state's share of the seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Seats {
    pub id: String,
    pub population: u64,
    pub seats: u64,
    pub at_min: bool,
    pub at_max: bool,
}

/// What a state offers for a seat: a priority (divisor methods) or a remainder
/// (largest remainder, `num / den` of a seat).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    Priority(Priority),
    Remainder { num: u128, den: u128 },
}

impl Claim {
    /// The claim for people to read (six places, truncated).
    pub fn decimal(&self) -> String {
        match self {
            Claim::Priority(p) => p.decimal(6),
            Claim::Remainder { num, den } => priority::point(
                &(BigUint::from(*num) * BigUint::from(10u32).pow(6) / BigUint::from(*den)),
                6,
            ),
        }
    }
}

/// A seat at the margin: whose, which of its seats, and its claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Award {
    pub state: String,
    /// The state's seat this is (its 8th, say).
    pub seat: u64,
    pub claim: Claim,
}

/// How many more people the runner-up needed to take the last seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shortfall {
    People(u64),
    /// Why it is not given.
    NotComputed(String),
}

/// Seats the arithmetic gives to no one state: `seats` seats at one claim
/// among `states`, more states than seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tie {
    pub states: Vec<String>,
    pub seats: u64,
    pub claim: String,
}

/// The outcome of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apportionment {
    pub method: Method,
    pub total: u64,
    pub population: u128,
    /// In the order the states were given. A state in a tie holds the seats that
    /// are surely its own.
    pub states: Vec<Seats>,
    /// The last seat given in the count (none when the bounds gave every seat).
    pub last: Option<Award>,
    /// The seat the count would give next.
    pub next: Option<Award>,
    pub shortfall: Shortfall,
    pub tie: Option<Tie>,
}

impl Apportionment {
    /// Each state's standard quota, in the order of `states`: computed when asked,
    /// since the count itself never needs them.
    pub fn quotas(&self) -> Vec<Quota> {
        if let Method::Penrose { .. } = self.method {
            let sum: BigUint = self.states.iter().map(|s| fine_root(s.population)).sum();
            return self
                .states
                .iter()
                .map(|s| penrose_quota(&sum, self.total, s.population))
                .collect();
        }
        self.states
            .iter()
            .map(|s| quota(self.population, self.total, s.population))
            .collect()
    }

    /// The seats of a state, by id.
    pub fn seats_of(&self, id: &str) -> Option<u64> {
        self.states.iter().find(|s| s.id == id).map(|s| s.seats)
    }
}

impl Divisor {
    pub const ALL: [Divisor; 5] = [
        Divisor::Jefferson,
        Divisor::Webster,
        Divisor::Adams,
        Divisor::HuntingtonHill,
        Divisor::Dean,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Divisor::Jefferson => "jefferson",
            Divisor::Webster => "webster",
            Divisor::Adams => "adams",
            Divisor::HuntingtonHill => "huntington-hill",
            Divisor::Dean => "dean",
        }
    }

    /// The method's name and its other names, as the command line and the
    /// language accept them.
    pub fn parse(name: &str) -> Option<Divisor> {
        Some(match name {
            "jefferson" | "dhondt" | "d-hondt" => Divisor::Jefferson,
            "webster" | "sainte-lague" => Divisor::Webster,
            "adams" => Divisor::Adams,
            "huntington-hill" | "equal-proportions" => Divisor::HuntingtonHill,
            "dean" => Divisor::Dean,
            _ => return None,
        })
    }

    /// `(a, b)` with the priority of a state of population `p` holding `n` seats
    /// equal to `p * a / b` (its square for Huntington-Hill): `b = 0` is a first
    /// seat claimed infinitely.
    fn terms(self, n: u128) -> (u128, u128) {
        match self {
            Divisor::Jefferson => (1, n + 1),
            Divisor::Webster => (2, 2 * n + 1),
            Divisor::Adams => (1, n),
            Divisor::HuntingtonHill => (1, n * (n + 1)),
            Divisor::Dean => (2 * n + 1, 2 * n * (n + 1)),
        }
    }
}

impl Method {
    pub fn name(&self) -> String {
        match self {
            Method::Divisor { divisor } => divisor.name().to_string(),
            Method::LargestRemainder => "hamilton".to_string(),
            Method::Cambridge { base } => format!("cambridge (base {base})"),
            Method::Penrose { divisor } => format!("penrose ({})", divisor.name()),
        }
    }

    /// Whether the method gives seats one by one in order of priority, so that
    /// one seat more never costs a state a seat (no Alabama paradox).
    pub fn is_divisor(&self) -> bool {
        !matches!(self, Method::LargestRemainder)
    }

    /// How a divisor-like method ranks claims; `None` for the largest remainder,
    /// which ranks remainders instead.
    fn rounding(&self) -> Option<Rounding> {
        match *self {
            Method::Divisor { divisor } => Some(Rounding {
                divisor,
                offset: 0,
                sqrt: false,
            }),
            Method::Penrose { divisor } => Some(Rounding {
                divisor,
                offset: 0,
                sqrt: true,
            }),
            // Adams on the seats above the base: `ceil(p / d)` proportional seats.
            Method::Cambridge { base } => Some(Rounding {
                divisor: Divisor::Adams,
                offset: base,
                sqrt: false,
            }),
            Method::LargestRemainder => None,
        }
    }
}

/// A divisor method applied to the seats above `offset`, on populations or on
/// their square roots.
#[derive(Debug, Clone, Copy)]
struct Rounding {
    divisor: Divisor,
    offset: u64,
    sqrt: bool,
}

impl Rounding {
    /// The priority of a state of `population` holding `seats` seats.
    fn priority(&self, population: u64, seats: u64) -> Priority {
        let n = u128::from(seats.saturating_sub(self.offset));
        let (a, b) = self.divisor.terms(n);
        let hill = self.divisor == Divisor::HuntingtonHill;
        let (power, factor, divisor) = match (self.sqrt, hill) {
            // sqrt(p) / sqrt(n (n + 1)), compared by its square.
            (true, true) => (1, a, b),
            // sqrt(p) * a / b, compared by its square.
            (true, false) => (1, a * a, b * b),
            (false, true) => (2, a, b),
            (false, false) => (1, a, b),
        };
        Priority {
            population,
            power,
            factor,
            divisor,
            root: self.sqrt || hill,
        }
    }
}

/// Shares the seats among `states` (id, population) by `method` within
/// `constraints`. A question that cannot be answered (no states, bounds no
/// apportionment meets, Penrose weights by largest remainder) is a `Problem`.
pub fn apportion(
    states: &[(String, u64)],
    method: &Method,
    constraints: &Constraints,
) -> Result<Apportionment, Problem> {
    let population: u128 = states.iter().map(|(_, p)| u128::from(*p)).sum();
    if states.is_empty() {
        return Err(cannot(
            "there are no states to apportion seats among",
            "give one row per state",
        ));
    }
    if population == 0 {
        return Err(cannot(
            "the states have no population",
            "give each state its population",
        ));
    }
    let mut seen = std::collections::HashSet::with_capacity(states.len());
    if let Some((id, _)) = states.iter().find(|(id, _)| !seen.insert(id.as_str())) {
        return Err(cannot(format!("state `{id}` is listed twice"), "give each state one row").about(id.clone()));
    }
    let total = match constraints.total {
        Total::Fixed(n) => n,
        Total::CubeRoot => cube_root_seats(population),
    };
    if total > MOST_SEATS {
        return Err(cannot(
            format!("{total} seats are more than treatyc apportions (at most {MOST_SEATS})"),
            "give a smaller total",
        ));
    }
    let floor = match method {
        Method::Cambridge { base } => constraints.min.max(*base),
        _ => constraints.min,
    };
    let count = states.len() as u64;
    if let Some(max) = constraints.max {
        if floor > max {
            return Err(cannot(
                format!("the minimum of {floor} seats is above the maximum of {max}"),
                "give a minimum no greater than the maximum",
            ));
        }
        if count.saturating_mul(max) < total {
            return Err(cannot(
                format!("{count} states of at most {max} seats each cannot fill {total} seats"),
                "raise the maximum or lower the total",
            ));
        }
    }
    if count.saturating_mul(floor) > total {
        return Err(cannot(
            format!("{count} states of at least {floor} seats each need more than {total} seats"),
            "lower the minimum or raise the total",
        ));
    }
    let bounds = Bounds {
        floor,
        max: constraints.max,
    };
    let counted = match method.rounding() {
        Some(rounding) => divisor_count(states, rounding, total, bounds),
        None => remainder::count(states, total, bounds),
    };
    let (seats, last, next, tie) = counted;
    let shortfall = match (&last, &next, method) {
        (_, _, Method::LargestRemainder) => Shortfall::NotComputed(
            "under the largest remainder every quota moves with the population, so no one figure of people is the margin"
                .to_string(),
        ),
        (None, _, _) => Shortfall::NotComputed("no seat was given in the count: the bounds gave every seat".to_string()),
        (_, None, _) => Shortfall::NotComputed("no state could take another seat".to_string()),
        (Some(last), Some(next), _) => match (&last.claim, &next.claim) {
            (Claim::Priority(l), Claim::Priority(n)) => match n.population_to_exceed(l) {
                Some(needed) => Shortfall::People(needed.saturating_sub(n.population)),
                None => Shortfall::NotComputed("the last seat was a first seat, which no population outbids".to_string()),
            },
            _ => Shortfall::NotComputed("the claims are not priorities".to_string()),
        },
    };
    Ok(Apportionment {
        method: *method,
        total,
        population,
        states: seats,
        last,
        next,
        shortfall,
        tie,
    })
}

/// The method and bounds of a treaty's seat rule. A combination the checker
/// refuses (E1105: square roots by the largest remainder or the Compromise, a
/// Compromise without its base) is a `Problem` here too.
pub fn of_rule(rule: &crate::ir::SeatRule) -> Result<(Method, Constraints), Problem> {
    use crate::ir::ApportionMethod as M;
    let divisor = match rule.method {
        M::Jefferson => Some(Divisor::Jefferson),
        M::Webster => Some(Divisor::Webster),
        M::Adams => Some(Divisor::Adams),
        M::HuntingtonHill => Some(Divisor::HuntingtonHill),
        M::Dean => Some(Divisor::Dean),
        M::Hamilton | M::CambridgeCompromise => None,
    };
    let method = match (divisor, rule.method, rule.square_root, rule.base) {
        (Some(divisor), _, false, None) => Method::Divisor { divisor },
        (Some(divisor), _, true, None) => Method::Penrose { divisor },
        (None, M::Hamilton, false, None) => Method::LargestRemainder,
        (None, M::CambridgeCompromise, false, Some(base)) => Method::Cambridge { base },
        _ => {
            return Err(
                Problem::new(Code::E1105, "the seat rule's method does not take these terms")
                    .with_help("`square root of` goes with a divisor method, `base` with `cambridge_compromise` only"),
            )
        }
    };
    let total = match rule.total {
        crate::ir::RuleTotal::Fixed(n) => Total::Fixed(n),
        crate::ir::RuleTotal::CubeRoot => Total::CubeRoot,
    };
    Ok((
        method,
        Constraints {
            total,
            min: rule.at_least.unwrap_or(0),
            max: rule.at_most,
        },
    ))
}

/// The states a treaty's seat rule shares its seats among: its members, each
/// needing a row (its seats would silently be none), or every row when the
/// treaty lists none; as `eval` counts a body's voters. A row that is not a
/// member gets no seat.
pub fn rule_states(members: &[&str], rows: Vec<(String, u64)>) -> Result<Vec<(String, u64)>, Problem> {
    if members.is_empty() {
        return Ok(rows);
    }
    if let Some(missing) = members.iter().find(|p| !rows.iter().any(|(id, _)| id == *p)) {
        return Err(
            Problem::new(Code::E0605, format!("member `{missing}` has no row in the facts"))
                .about(*missing)
                .with_help("give every member of the treaty a row: its seats follow its figure"),
        );
    }
    Ok(rows
        .into_iter()
        .filter(|(id, _)| members.contains(&id.as_str()))
        .collect())
}

/// The seats of the cube-root rule: the whole number nearest the cube root of
/// the population.
pub fn cube_root_seats(population: u128) -> u64 {
    // The largest n with n^3 <= population, by bisection (no float).
    let (mut lo, mut hi) = (0u128, 1u128 << 43);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if mid.checked_pow(3).is_some_and(|c| c <= population) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    // Nearest: up when population >= (n + 1/2)^3, that is 8 population >= (2n + 1)^3.
    let up = BigUint::from(population) * 8u32 >= BigUint::from(2 * lo + 1).pow(3);
    u64::try_from(lo + u128::from(up)).unwrap_or(u64::MAX)
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    pub(crate) floor: u64,
    pub(crate) max: Option<u64>,
}

impl Bounds {
    pub(crate) fn full(&self, seats: u64) -> bool {
        self.max.is_some_and(|m| seats >= m)
    }
}

/// Each state's seats, the last seat given, the next, and a tie at the margin.
pub(crate) type Counted = (Vec<Seats>, Option<Award>, Option<Award>, Option<Tie>);

fn cannot(message: impl Into<String>, help: &str) -> Problem {
    Problem::new(Code::E1101, message).with_help(help)
}

pub(crate) fn blank(id: &str, population: u64, seats: u64, bounds: Bounds) -> Seats {
    Seats {
        id: id.to_string(),
        population,
        seats,
        at_min: seats <= bounds.floor,
        at_max: bounds.full(seats),
    }
}

/// A state's claim in the heap; equal claims go by the order of the rows only to
/// keep the count deterministic: a tie at the margin is found and reported.
struct Entry {
    priority: Priority,
    index: usize,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority
            .order(&other.priority)
            .then_with(|| other.index.cmp(&self.index))
    }
}

/// A divisor method's count: every state starts at the minimum, then each seat
/// goes to the highest priority among states below the maximum.
fn divisor_count(states: &[(String, u64)], method: Rounding, total: u64, bounds: Bounds) -> Counted {
    let mut seats: Vec<u64> = vec![bounds.floor; states.len()];
    let mut heap: BinaryHeap<Entry> = states
        .iter()
        .enumerate()
        .filter(|_| !bounds.full(bounds.floor))
        .map(|(index, (_, p))| Entry {
            priority: method.priority(*p, bounds.floor),
            index,
        })
        .collect();
    let mut awarded: Vec<(usize, Priority)> = Vec::new();
    let to_give = total.saturating_sub(bounds.floor.saturating_mul(states.len() as u64));
    for _ in 0..to_give {
        let Some(top) = heap.pop() else { break };
        let Some(held) = seats.get_mut(top.index) else { break };
        *held += 1;
        awarded.push((top.index, top.priority));
        if !bounds.full(*held) {
            let population = states.get(top.index).map_or(0, |s| s.1);
            heap.push(Entry {
                priority: method.priority(population, *held),
                index: top.index,
            });
        }
    }
    let award = |index: usize, seat: u64, priority: Priority| Award {
        state: states.get(index).map(|s| s.0.clone()).unwrap_or_default(),
        seat,
        claim: Claim::Priority(priority),
    };
    let last = awarded
        .last()
        .map(|&(i, p)| award(i, seats.get(i).copied().unwrap_or(0), p));
    let next = heap
        .peek()
        .map(|e| award(e.index, seats.get(e.index).copied().unwrap_or(0) + 1, e.priority));
    let mut tie = None;
    if let (Some((_, lp)), Some(top)) = (awarded.last(), heap.peek()) {
        if lp.order(&top.priority) == Ordering::Equal {
            // The seats given at the margin's claim, and every state claiming at it.
            let given: Vec<usize> = awarded
                .iter()
                .filter(|(_, p)| p.order(lp) == Ordering::Equal)
                .map(|(i, _)| *i)
                .collect();
            for i in &given {
                if let Some(s) = seats.get_mut(*i) {
                    *s -= 1;
                }
            }
            let mut tied: Vec<usize> = given.clone();
            tied.extend(
                heap.iter()
                    .filter(|e| e.priority.order(lp) == Ordering::Equal)
                    .map(|e| e.index),
            );
            tied.sort_unstable();
            tied.dedup();
            tie = Some(Tie {
                states: tied
                    .iter()
                    .filter_map(|i| states.get(*i).map(|s| s.0.clone()))
                    .collect(),
                seats: given.len() as u64,
                claim: lp.decimal(6),
            });
        }
    }
    let out = states
        .iter()
        .zip(&seats)
        .map(|((id, p), s)| blank(id, *p, *s, bounds))
        .collect();
    (out, last, next, tie)
}

const QUOTA_PLACES: u32 = 4;

/// The standard quota of a state of `population`: `population * total / total
/// population`, exactly (in 128 bits where it fits, as nearly always).
fn quota(total_population: u128, total: u64, population: u64) -> Quota {
    let num = u128::from(population) * u128::from(total);
    let g = num_integer::Integer::gcd(&num, &total_population).max(1);
    let fraction = Some(format!("{}/{}", num / g, total_population / g));
    let decimal = match num.checked_mul(10u128.pow(QUOTA_PLACES)) {
        Some(scaled) => priority::point(
            &BigUint::from(scaled.checked_div(total_population).unwrap_or(0)),
            QUOTA_PLACES,
        ),
        None => priority::point(
            &(BigUint::from(num) * BigUint::from(10u32).pow(QUOTA_PLACES) / BigUint::from(total_population.max(1))),
            QUOTA_PLACES,
        ),
    };
    Quota { decimal, fraction }
}

/// A population's square root to 30 places: `sqrt(p * 10^60)`, truncated.
fn fine_root(population: u64) -> BigUint {
    (BigUint::from(population) * BigUint::from(10u32).pow(60)).sqrt()
}

/// Penrose's quota, `total * sqrt(p) / sum of sqrt(q)`: irrational, so given as
/// a decimal only, from roots to 30 places (the four places shown are exact
/// unless the true value lies within 10^-20 of a cut).
fn penrose_quota(sum: &BigUint, total: u64, population: u64) -> Quota {
    let root = fine_root(population);
    let decimal = if *sum == BigUint::from(0u32) {
        "0".to_string()
    } else {
        let value = root * BigUint::from(total) * BigUint::from(10u32).pow(QUOTA_PLACES) / sum;
        priority::point(&value, QUOTA_PLACES)
    };
    Quota {
        decimal,
        fraction: None,
    }
}

#[cfg(test)]
mod tests;
