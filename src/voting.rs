//! The voting kernel: the one meaning of a voting rule.
//!
//! A rule's criteria are judged here and nowhere else. `verdict` decides a vote
//! (who took part, how each voted, what each weighs) criterion by criterion, with
//! what was required and what the vote gave; `eval vote` prints it. `requirement`
//! states what the same criteria ask of a coalition when every member votes (the
//! simple game that `power` counts) by asking `verdict`'s per-criterion judges
//! about every possible number of votes in favour, so the two cannot drift apart.
//! `vetoes` finds the members that alone defeat a rule; `power` prints them and the
//! checker warns about the ones the treaty does not write (W0404). `members_needed`
//! is the count a criterion needs in a body of a given size, for the checker's
//! never-met analyses. Every number is an exact `Rational`; nothing is rounded.

use crate::diagnostics::{Code, Problem};
use std::collections::BTreeMap;

use serde::Serialize;

use crate::ir::{Base, Cmp, Criterion, Effect, Rule, VetoHolders};
use crate::rational::Rational;

/// How one member stands in a vote it takes part in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Yes,
    No,
    Abstain,
    Absent,
}

/// The members a vote is held among, with what the rule needs to know of each.
#[derive(Debug, Clone)]
pub struct Electorate {
    /// Every seat holder, in a fixed order; the other fields follow it.
    pub members: Vec<String>,
    /// For each member fact the rule weighs by, each member's value.
    pub weights: BTreeMap<String, Vec<Rational>>,
    /// Whether each member holds a veto the rule writes.
    pub veto: Vec<bool>,
    /// The body's permanent seats (`veto by permanent members`).
    pub permanent: Vec<String>,
}

impl Electorate {
    /// The members of a body under `rule`: `weight_of(member, attribute)` gives a
    /// member's fact; `permanent` are the body's permanent seats (for `veto by
    /// permanent members`). A missing or negative weight is an error.
    pub fn new(
        members: Vec<String>,
        rule: &Rule,
        permanent: &[String],
        weight_of: impl Fn(&str, &str) -> Option<Rational>,
    ) -> Result<Electorate, Problem> {
        let mut weights = BTreeMap::new();
        for c in &rule.criteria {
            let Criterion::Weight { attribute, .. } = c else {
                continue;
            };
            if weights.contains_key(attribute) {
                continue;
            }
            let mut column = Vec::with_capacity(members.len());
            for m in &members {
                let w = weight_of(m, attribute)
                    .ok_or_else(|| Problem::new(Code::E0905, format!("the facts give no `{attribute}` for `{m}`")))?;
                if w.num < 0 {
                    return Err(Problem::new(
                        Code::E0905,
                        format!("`{attribute}` is negative for `{m}`; a weight must not be"),
                    ));
                }
                column.push(w);
            }
            weights.insert(attribute.clone(), column);
        }
        let mut veto = vec![false; members.len()];
        for c in &rule.criteria {
            let Criterion::Veto { holders } = c else { continue };
            let named: &[String] = match holders {
                VetoHolders::PermanentMembers => permanent,
                VetoHolders::Members(ids) => ids,
            };
            for (flag, m) in veto.iter_mut().zip(&members) {
                *flag |= named.contains(m);
            }
        }
        Ok(Electorate {
            members,
            weights,
            veto,
            permanent: permanent.to_vec(),
        })
    }

    fn size(&self) -> i128 {
        count(self.members.len())
    }
}

/// A count as a signed number for the kernel's arithmetic. Lossless: a `usize`
/// has at most 64 bits, an `i128` 127 of magnitude.
fn count(n: usize) -> i128 {
    n as i128
}

/// How many took part and how they voted; `absent` is the rest of the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// The members in the base: participants (or all members), less the members
    /// concerned and the suspended.
    pub members: usize,
    pub yes: usize,
    pub no: usize,
    pub abstain: usize,
    pub absent: usize,
}

/// One criterion judged: what it required and what the vote gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: String,
    pub required: String,
    pub actual: String,
    pub met: bool,
    /// The index in the rule's criteria of the criterion judged.
    #[serde(skip)]
    pub criterion: Option<usize>,
}

/// A vote decided: each criterion's check (and the blocking minority's), whether
/// all are met, and the tally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub passes: bool,
    pub checks: Vec<Check>,
    pub tally: Tally,
}

/// The counts a criterion on members is judged on.
#[derive(Debug, Clone, Copy)]
struct Counts {
    /// All seat holders.
    seats: i128,
    /// Those in the base (entitled to vote in this vote).
    base: i128,
    yes: i128,
    no: i128,
    abstain: i128,
}

impl Counts {
    fn absent(&self) -> i128 {
        self.base - self.yes - self.no - self.abstain
    }

    fn all_take_part(&self) -> bool {
        self.base == self.seats
    }

    /// The whole a share of members is taken of.
    fn whole(&self, base: Base) -> i128 {
        match base {
            Base::Members => self.base,
            Base::VotesCast => self.yes + self.no,
            Base::Present => self.yes + self.no + self.abstain,
        }
    }
}

/// The weight sums a weighted criterion is judged on, for one attribute.
#[derive(Debug, Clone, Copy)]
struct Weighed {
    yes: Rational,
    base: Rational,
    cast: Rational,
    present: Rational,
}

impl Weighed {
    fn whole(&self, base: Base) -> Rational {
        match base {
            Base::Members => self.base,
            Base::VotesCast => self.cast,
            Base::Present => self.present,
        }
    }
}

fn percent(r: Rational) -> String {
    format!("{}%", r.percent(2))
}

fn required_text(cmp: Cmp, value: Rational, share: bool) -> String {
    if share {
        format!("{} {}", cmp.symbol(), percent(value))
    } else {
        format!("{} {value}", cmp.symbol())
    }
}

fn base_words(b: Base) -> &'static str {
    match b {
        Base::Members => "members",
        Base::VotesCast => "votes cast",
        Base::Present => "members present",
    }
}

/// Whether `cmp` holds between `part / whole` (or `part` itself when not a
/// share) and `value`. A share of nothing holds nothing.
fn holds(cmp: Cmp, part: Rational, whole: Option<Rational>, value: Rational) -> bool {
    match whole {
        None => cmp.holds(part, value),
        Some(whole) => part.checked_div(whole).is_some_and(|s| cmp.holds(s, value)),
    }
}

/// Whether a criterion that counts members is met by these counts, or `None` for
/// the others (weighted ones, the blocking minority and vetoes). The one test:
/// `judge_counts` states it with its text; `passes`, `least` and
/// `requirement_among` ask it alone.
fn counts_met(c: &Criterion, rule: &Rule, n: &Counts) -> Option<bool> {
    let (ny, nn, na, nabs, nbase) = (n.yes, n.no, n.abstain, n.absent(), n.base);
    Some(match c {
        Criterion::Unanimity => {
            let abstain_blocks = rule.abstention == Effect::CountsAgainst && na > 0;
            let absence_blocks = rule.absence == Effect::CountsAgainst && nabs > 0;
            nn == 0 && ny > 0 && !abstain_blocks && !absence_blocks
        }
        Criterion::Consensus => nn == 0,
        Criterion::SimpleMajority => ny > nn,
        Criterion::AbsoluteMajority => 2 * ny > nbase,
        Criterion::TwoThirdsMajority => ny + nn > 0 && 3 * ny >= 2 * (ny + nn),
        Criterion::Members {
            cmp,
            value,
            share: true,
            base,
            ..
        } => holds(
            *cmp,
            Rational::integer(ny),
            Some(Rational::integer(n.whole(*base))),
            *value,
        ),
        Criterion::Members {
            cmp,
            value,
            share: false,
            ..
        } => holds(*cmp, Rational::integer(ny), None, *value),
        Criterion::Quorum { cmp, value, share } => {
            let whole = share.then(|| Rational::integer(nbase));
            holds(*cmp, Rational::integer(ny + nn + na), whole, *value)
        }
        Criterion::Weight { .. } | Criterion::BlockingMinority { .. } | Criterion::Veto { .. } => return None,
    })
}

/// The judgement of a criterion that counts members (every criterion but the
/// weighted ones, the blocking minority and vetoes), or `None` for those.
fn judge_counts(c: &Criterion, rule: &Rule, n: &Counts) -> Option<Check> {
    let met = counts_met(c, rule, n)?;
    let (ny, nn, na, nabs, nbase) = (n.yes, n.no, n.abstain, n.absent(), n.base);
    Some(match c {
        Criterion::Unanimity => Check {
            name: "unanimity".to_string(),
            required: format!(
                "no vote against{}{}",
                if rule.abstention == Effect::CountsAgainst {
                    ", no abstention"
                } else {
                    ""
                },
                if rule.absence == Effect::CountsAgainst {
                    ", no absence"
                } else {
                    ""
                }
            ),
            actual: format!("{ny} in favour, {nn} against, {na} abstaining, {nabs} absent"),
            met,
            criterion: None,
        },
        Criterion::Consensus => Check {
            name: "consensus".to_string(),
            required: "no objection".to_string(),
            actual: format!("{nn} objecting"),
            met,
            criterion: None,
        },
        Criterion::SimpleMajority => Check {
            name: "simple majority".to_string(),
            required: "more in favour than against".to_string(),
            actual: format!("{ny} in favour, {nn} against"),
            met,
            criterion: None,
        },
        Criterion::AbsoluteMajority => Check {
            name: "absolute majority".to_string(),
            required: format!("more than half of {nbase} members"),
            actual: format!("{ny} in favour"),
            met,
            criterion: None,
        },
        Criterion::TwoThirdsMajority => Check {
            name: "two-thirds majority".to_string(),
            required: "at least two thirds of the votes cast".to_string(),
            actual: format!("{ny} of {} votes cast", ny + nn),
            met,
            criterion: None,
        },
        Criterion::Members {
            cmp,
            value,
            share: true,
            base,
            ..
        } => {
            let whole = n.whole(*base);
            let actual = Rational::share(ny, whole);
            Check {
                name: format!("members in favour, share of {}", base_words(*base)),
                required: format!("{} (of {whole})", required_text(*cmp, *value, true)),
                actual: format!("{} ({ny} of {whole})", actual.map_or("-".to_string(), percent)),
                met,
                criterion: None,
            }
        }
        Criterion::Members {
            cmp,
            value,
            share: false,
            ..
        } => Check {
            name: "members in favour".to_string(),
            required: required_text(*cmp, *value, false),
            actual: ny.to_string(),
            met,
            criterion: None,
        },
        Criterion::Quorum { cmp, value, share } => Check {
            name: "quorum (members present)".to_string(),
            required: if *share {
                format!("{} of {nbase}", required_text(*cmp, *value, true))
            } else {
                required_text(*cmp, *value, false)
            },
            actual: (ny + nn + na).to_string(),
            met,
            criterion: None,
        },
        Criterion::Weight { .. } | Criterion::BlockingMinority { .. } | Criterion::Veto { .. } => return None,
    })
}

/// A weighted criterion's threshold as an absolute weight: the coalition's weight
/// in favour must satisfy `cmp` against it. `None` when the whole weighs nothing.
fn weight_threshold(value: Rational, share: bool, whole: Rational) -> Result<Option<Rational>, Problem> {
    if !share {
        return Ok(Some(value));
    }
    if whole.num == 0 {
        return Ok(None);
    }
    value.checked_mul(whole).map(Some).ok_or_else(|| {
        Problem::new(
            Code::E0905,
            "a weighted threshold is too large to compute exactly".to_string(),
        )
    })
}

/// Whether a weighted criterion is met by these weight sums: the one test,
/// which `judge_weight` states with its text and `passes` asks alone.
fn weight_met(c: &Criterion, w: &Weighed) -> Result<bool, Problem> {
    let Criterion::Weight {
        cmp,
        value,
        share,
        base,
        ..
    } = c
    else {
        return Err(Problem::new(Code::E0906, "not a weighted criterion".to_string()));
    };
    let threshold = weight_threshold(*value, *share, w.whole(*base))?;
    Ok(threshold.is_some_and(|t| cmp.holds(w.yes, t)))
}

/// The judgement of a weighted criterion.
fn judge_weight(c: &Criterion, w: &Weighed) -> Result<Check, Problem> {
    let met = weight_met(c, w)?;
    let Criterion::Weight {
        attribute,
        cmp,
        value,
        share,
        base,
        ..
    } = c
    else {
        return Err(Problem::new(Code::E0906, "not a weighted criterion".to_string()));
    };
    let whole = w.whole(*base);
    let actual = if *share {
        let shown = w.yes.checked_div(whole).map_or("-".to_string(), percent);
        format!("{shown} ({} of {whole})", w.yes)
    } else {
        w.yes.to_string()
    };
    Ok(Check {
        name: format!(
            "{attribute} in favour{}",
            if *share {
                format!(", share of {}", base_words(*base))
            } else {
                String::new()
            }
        ),
        required: required_text(*cmp, *value, *share),
        actual,
        met,
        criterion: None,
    })
}

/// Why a criterion does not apply to a vote.
enum Lapse {
    /// The body's membership does not meet the size it applies from.
    Membership(crate::ir::Membership),
    /// It applies only when every member takes part, and not every one does.
    NotAllTakePart,
}

/// Whether a criterion does not apply to this vote, and why: its floor lapses
/// when not every member takes part (TFEU 238(3)), or the body's membership does
/// not meet the size the criterion applies from (`when membership >= 15`). The
/// one test: `lapses` states it with its text, `passes` asks it alone.
fn lapse(c: &Criterion, n: &Counts) -> Option<Lapse> {
    let (all_take_part, membership) = match c {
        Criterion::Members {
            only_when_all_take_part,
            only_when_membership,
            ..
        }
        | Criterion::Weight {
            only_when_all_take_part,
            only_when_membership,
            ..
        } => (only_when_all_take_part, only_when_membership),
        _ => return None,
    };
    let seats = usize::try_from(n.seats).unwrap_or(usize::MAX);
    if let Some(m) = membership.filter(|m| !m.holds(seats)) {
        return Some(Lapse::Membership(m));
    }
    (*all_take_part && !n.all_take_part()).then_some(Lapse::NotAllTakePart)
}

/// A criterion that does not apply to this vote (see `lapse`), as a check met.
fn lapses(c: &Criterion, n: &Counts) -> Option<Check> {
    let why = lapse(c, n)?;
    let (cmp, value, share, what) = match c {
        Criterion::Members { cmp, value, share, .. } => (cmp, value, share, "members"),
        Criterion::Weight {
            cmp,
            value,
            share,
            attribute,
            ..
        } => (cmp, value, share, attribute.as_str()),
        _ => return None,
    };
    Some(match why {
        Lapse::Membership(m) => Check {
            name: format!("{what} in favour, when membership {} {}", m.cmp.symbol(), m.value),
            required: required_text(*cmp, *value, *share),
            actual: format!("does not apply: the body has {} members", n.seats),
            met: true,
            criterion: None,
        },
        Lapse::NotAllTakePart => Check {
            name: format!("{what} in favour, when all members take part"),
            required: required_text(*cmp, *value, *share),
            actual: format!("lapses: {} of {} members take part", n.base, n.seats),
            met: true,
            criterion: None,
        },
    })
}

fn sum(values: impl Iterator<Item = Rational>) -> Result<Rational, Problem> {
    values
        .into_iter()
        .try_fold(Rational::ZERO, |acc, w| acc.checked_add(w))
        .ok_or_else(|| Problem::new(Code::E0905, "a sum of weights overflows".to_string()))
}

/// Decides a vote. `positions` follows `electorate.members`: a member's position,
/// or `None` when it is not in the base (not a participant, a member concerned,
/// suspended).
pub fn verdict(rule: &Rule, electorate: &Electorate, positions: &[Option<Position>]) -> Result<Verdict, Problem> {
    if positions.len() != electorate.members.len() {
        return Err(Problem::new(
            Code::E0903,
            format!(
                "a vote among {} members was given {} positions",
                electorate.members.len(),
                positions.len()
            ),
        ));
    }
    let n = tally(electorate, positions);
    let weighed = weigh(electorate, positions)?;
    judge(rule, electorate, positions, n, &weighed)
}

/// The counts of a vote, which follow `positions`.
fn tally(electorate: &Electorate, positions: &[Option<Position>]) -> Counts {
    let of = |p: Position| count(positions.iter().filter(|x| **x == Some(p)).count());
    Counts {
        seats: electorate.size(),
        base: count(positions.iter().filter(|x| x.is_some()).count()),
        yes: of(Position::Yes),
        no: of(Position::No),
        abstain: of(Position::Abstain),
    }
}

/// The weight sums of a vote, for each attribute the rule weighs by.
fn weigh<'e>(
    electorate: &'e Electorate,
    positions: &[Option<Position>],
) -> Result<BTreeMap<&'e str, Weighed>, Problem> {
    let mut weighed = BTreeMap::new();
    // Every member in favour (a unanimous vote, the start of the search for
    // vetoes): the four sums below add the same weights in the same order, so
    // one is done and copied; with 10,000 members under 1,000 rules the other
    // three were a quarter of `check --facts`.
    let all_in_favour = positions.iter().all(|p| *p == Some(Position::Yes));
    for (attribute, column) in &electorate.weights {
        let pick = |keep: &dyn Fn(Position) -> bool| {
            sum(column
                .iter()
                .zip(positions)
                .filter(|(_, p)| p.is_some_and(keep))
                .map(|(w, _)| *w))
        };
        let sums = if all_in_favour {
            let all = pick(&|p| p == Position::Yes)?;
            Weighed {
                yes: all,
                base: all,
                cast: all,
                present: all,
            }
        } else {
            Weighed {
                yes: pick(&|p| p == Position::Yes)?,
                base: pick(&|_| true)?,
                cast: pick(&|p| matches!(p, Position::Yes | Position::No))?,
                present: pick(&|p| p != Position::Absent)?,
            }
        };
        weighed.insert(attribute.as_str(), sums);
    }
    Ok(weighed)
}

/// Judges a vote on its counts and weight sums, which follow `positions`.
fn judge(
    rule: &Rule,
    electorate: &Electorate,
    positions: &[Option<Position>],
    n: Counts,
    weighed: &BTreeMap<&str, Weighed>,
) -> Result<Verdict, Problem> {
    let mut checks = Vec::new();
    for (index, c) in rule.criteria.iter().enumerate() {
        let first = checks.len();
        if let Some(check) = lapses(c, &n) {
            checks.push(check);
        } else {
            match c {
                Criterion::Weight { attribute, .. } => {
                    let w = weighed
                        .get(attribute.as_str())
                        .ok_or_else(|| Problem::new(Code::E0905, format!("the facts give no `{attribute}`")))?;
                    checks.push(judge_weight(c, w)?);
                }
                Criterion::Veto { holders } => {
                    let named: &[String] = match holders {
                        VetoHolders::Members(ids) => ids,
                        VetoHolders::PermanentMembers => &electorate.permanent,
                    };
                    let vetoing: Vec<&str> = electorate
                        .members
                        .iter()
                        .zip(positions)
                        .filter(|(m, p)| counts_as_veto(rule, **p) && named.contains(m))
                        .map(|(m, _)| m.as_str())
                        .collect();
                    checks.push(Check {
                        name: format!("no veto from {}", named.join(", ")),
                        required: "no holder of a veto against".to_string(),
                        actual: if vetoing.is_empty() {
                            "none against".to_string()
                        } else {
                            format!("vetoed by {}", vetoing.join(", "))
                        },
                        met: vetoing.is_empty(),
                        criterion: None,
                    });
                }
                Criterion::BlockingMinority { .. } => {}
                _ => checks.extend(judge_counts(c, rule, &n)),
            }
        }
        for check in checks.iter_mut().skip(first) {
            check.criterion = Some(index);
        }
    }
    if let Some(written) = floor_of(rule) {
        let floor = if n.all_take_part() {
            written
        } else {
            participants_floor(rule, electorate, positions)?.unwrap_or(written)
        };
        let not_in_favour = n.base - n.yes;
        checks.push(Check {
            name: "blocking minority".to_string(),
            required: format!("at least {floor} members not in favour to block"),
            actual: format!("{not_in_favour} not in favour"),
            met: true,
            criterion: None,
        });
        // Too few not in favour to form a blocking minority: "the qualified
        // majority shall be deemed attained" (TEU Art. 16(4), TFEU Art.
        // 238(3)(a)): every majority the rule states, of members or of weight.
        // A quorum and a veto are not part of the majority and still apply.
        if not_in_favour < floor {
            for c in checks.iter_mut().filter(|c| !c.met) {
                if c.criterion
                    .and_then(|i| rule.criteria.get(i))
                    .is_some_and(deemed_with_the_majority)
                {
                    c.met = true;
                    c.actual.push_str(&format!(
                        "; deemed met: fewer than {floor} members are not in favour, too few to block"
                    ));
                }
            }
        }
    }
    let size = |k: i128| usize::try_from(k).unwrap_or(usize::MAX);
    Ok(Verdict {
        passes: checks.iter().all(|c| c.met),
        checks,
        tally: Tally {
            members: size(n.base),
            yes: size(n.yes),
            no: size(n.no),
            abstain: size(n.abstain),
            absent: size(n.absent()),
        },
    })
}

/// Whether a vote passes: what `judge` decides, without the text of its checks.
/// A search that judges one vote per member (`vetoes`: each member's lone vote
/// against, under each rule) needs only yes or no, and writing out every
/// check's text for each of 10,000 members under each of 1,000 rules was most
/// of `check --facts` (38 s). The tests are `judge`'s own (`lapse`,
/// `counts_met`, `weight_met`, the blocking-minority floor), and so are the
/// errors and their order. `vetoing(holders)` says whether one of the holders
/// of a veto the rule writes votes so as to veto; the caller knows the
/// positions, and `vetoes` answers without a pass over every member.
fn passes(
    rule: &Rule,
    electorate: &Electorate,
    positions: &[Option<Position>],
    n: Counts,
    weighed: &BTreeMap<&str, Weighed>,
    vetoing: &dyn Fn(&[String]) -> bool,
) -> Result<bool, Problem> {
    // Failed criteria: those a blocking-minority floor deems met, and the others.
    let (mut failed_majority, mut failed_other) = (false, false);
    for c in &rule.criteria {
        if lapse(c, &n).is_some() {
            continue;
        }
        let met = match c {
            Criterion::Weight { attribute, .. } => {
                let w = weighed
                    .get(attribute.as_str())
                    .ok_or_else(|| Problem::new(Code::E0905, format!("the facts give no `{attribute}`")))?;
                weight_met(c, w)?
            }
            Criterion::Veto { holders } => !vetoing(match holders {
                VetoHolders::Members(ids) => ids,
                VetoHolders::PermanentMembers => &electorate.permanent,
            }),
            Criterion::BlockingMinority { .. } => true,
            _ => counts_met(c, rule, &n).unwrap_or(true),
        };
        if !met {
            if deemed_with_the_majority(c) {
                failed_majority = true;
            } else {
                failed_other = true;
            }
        }
    }
    let mut deemed = false;
    if let Some(written) = floor_of(rule) {
        let floor = if n.all_take_part() {
            written
        } else {
            participants_floor(rule, electorate, positions)?.unwrap_or(written)
        };
        deemed = n.base - n.yes < floor;
    }
    Ok(!failed_other && (!failed_majority || deemed))
}

/// Whether a veto holder in this position defeats the decision.
fn counts_as_veto(rule: &Rule, p: Option<Position>) -> bool {
    match p {
        Some(Position::No) => true,
        Some(Position::Abstain) => rule.abstention == Effect::CountsAgainst,
        Some(Position::Absent) => rule.absence == Effect::CountsAgainst,
        Some(Position::Yes) | None => false,
    }
}

/// Whether a criterion is part of the majority a blocking-minority floor deems
/// attained: the majorities of members and of weight. Unanimity, consensus, a
/// quorum and a veto are not majorities and are never deemed met.
fn deemed_with_the_majority(c: &Criterion) -> bool {
    matches!(
        c,
        Criterion::SimpleMajority
            | Criterion::AbsoluteMajority
            | Criterion::TwoThirdsMajority
            | Criterion::Members { .. }
            | Criterion::Weight { .. }
    )
}

/// The blocking-minority floor the rule writes.
pub fn floor_of(rule: &Rule) -> Option<i128> {
    rule.criteria.iter().find_map(|c| match c {
        Criterion::BlockingMinority { min_members } => Some(i128::from(*min_members)),
        _ => None,
    })
}

/// The blocking-minority floor over the participants (TFEU 238(3)(a)): the fewest
/// of them holding more than the complement of the weighted share, plus one.
/// `None` when the rule has no weighted share to complement, or no minority can
/// hold more than it.
fn participants_floor(
    rule: &Rule,
    electorate: &Electorate,
    positions: &[Option<Position>],
) -> Result<Option<i128>, Problem> {
    let Some((attribute, value)) = rule.criteria.iter().find_map(|c| match c {
        Criterion::Weight {
            attribute,
            value,
            share: true,
            ..
        } => Some((attribute, *value)),
        _ => None,
    }) else {
        return Ok(None);
    };
    let column = electorate
        .weights
        .get(attribute)
        .ok_or_else(|| Problem::new(Code::E0905, format!("the facts give no `{attribute}`")))?;
    let mut weights: Vec<Rational> = column
        .iter()
        .zip(positions)
        .filter(|(_, p)| p.is_some())
        .map(|(w, _)| *w)
        .collect();
    // Largest first.
    weights.sort_by(|a, b| b.order(*a));
    let overflow = || {
        Problem::new(
            Code::E0905,
            "the blocking-minority floor over the participants overflows",
        )
    };
    let total = sum(weights.iter().copied())?;
    let limit = Rational::ONE
        .checked_sub(value)
        .and_then(|complement| complement.checked_mul(total))
        .ok_or_else(overflow)?;
    let mut running = Rational::ZERO;
    for (i, w) in weights.iter().enumerate() {
        running = running.checked_add(*w).ok_or_else(overflow)?;
        if running.gt(limit) {
            return Ok(Some(count(i) + 2));
        }
    }
    Ok(None)
}

/// What a rule asks of a coalition when every member votes, in favour or
/// against: the simple game `power` counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Fewest and most members in favour; no coalition wins when `min > max`.
    /// These two bound the majorities of members; `floor` can deem them met.
    pub min_yes: i128,
    pub max_yes: i128,
    /// The weight in favour must be at least this (more, when strict), for the
    /// one attribute the rule weighs by; `floor` can deem it met.
    pub weight: Option<WeightBound>,
    /// Fewer members than this against cannot block: the majorities (members
    /// and weight) are deemed attained.
    pub floor: Option<i128>,
    /// Fewest and most members in favour that what is never deemed met allows
    /// (unanimity, consensus, a quorum).
    pub always_min_yes: i128,
    pub always_max_yes: i128,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightBound {
    pub attribute: String,
    pub at_least: Rational,
    pub strict: bool,
}

/// The game of a rule over its electorate. Rules `power` cannot count (two
/// attributes, an upper bound on weight, an equality) are errors that say why.
pub fn requirement(rule: &Rule, electorate: &Electorate) -> Result<Requirement, Problem> {
    requirement_among(rule, electorate, electorate.size())
}

/// The game of a rule when only `electorate` takes part, of a body of `seats`
/// (participants, or the members less the member concerned and the suspended):
/// what needs every member lapses, and the blocking minority is counted over
/// those who take part (TFEU 238(3)), as `verdict` judges such a vote.
pub fn requirement_among(rule: &Rule, electorate: &Electorate, seats: i128) -> Result<Requirement, Problem> {
    let base = electorate.size();
    let mut min_yes = 0;
    let mut max_yes = base;
    let mut always_min_yes = 0;
    let mut always_max_yes = base;
    // Every count criterion is asked about every number of votes in favour, with
    // everyone else against: the same judges as `verdict`, so one meaning.
    for c in &rule.criteria {
        if matches!(
            c,
            Criterion::Members {
                cmp: Cmp::Eq | Cmp::Ne,
                ..
            }
        ) {
            return Err(Problem::new(
                Code::E0906,
                "a voting power index needs thresholds, not equalities".to_string(),
            ));
        }
        let everyone = |yes: i128| Counts {
            seats,
            base,
            yes,
            no: base - yes,
            abstain: 0,
        };
        if lapse(c, &everyone(0)).is_some() {
            continue;
        }
        // The test alone, without the text of a check: this asks every count.
        let judge = |yes: i128| counts_met(c, rule, &everyone(yes)).is_none_or(|met| met);
        let winning: Vec<i128> = (0..=base).filter(|k| judge(*k)).collect();
        let (low, high) = if deemed_with_the_majority(c) {
            (&mut min_yes, &mut max_yes)
        } else {
            (&mut always_min_yes, &mut always_max_yes)
        };
        match (winning.first(), winning.last()) {
            (Some(lo), Some(hi)) => {
                // A count criterion is monotone in the votes in favour or bounds
                // them from above: its winning counts are one interval.
                debug_assert_eq!(count(winning.len()), hi - lo + 1);
                *low = (*low).max(*lo);
                *high = (*high).min(*hi);
            }
            _ => {
                *low = base + 1;
            }
        }
    }
    let mut weight: Option<WeightBound> = None;
    let everyone = Counts {
        seats,
        base,
        yes: 0,
        no: base,
        abstain: 0,
    };
    for c in rule.criteria.iter().filter(|c| lapse(c, &everyone).is_none()) {
        let Criterion::Weight {
            attribute,
            cmp,
            value,
            share,
            ..
        } = c
        else {
            continue;
        };
        if weight.as_ref().is_some_and(|w| &w.attribute != attribute) {
            return Err(Problem::new(
                Code::E0906,
                "voting power is computed for rules that weigh by one fact only".to_string(),
            ));
        }
        if !matches!(cmp, Cmp::Ge | Cmp::Gt) {
            return Err(Problem::new(
                Code::E0906,
                "a weighted criterion must be a lower bound (`>=` or `>`)".to_string(),
            ));
        }
        let column = electorate
            .weights
            .get(attribute)
            .ok_or_else(|| Problem::new(Code::E0905, format!("the facts give no `{attribute}`")))?;
        let total = sum(column.iter().copied())?;
        let Some(at_least) = weight_threshold(*value, *share, total)? else {
            // Nothing weighs anything: no coalition reaches a share of nothing.
            min_yes = base + 1;
            continue;
        };
        let strict = *cmp == Cmp::Gt;
        // Two criteria on the same weight must both hold: keep the stricter bound.
        weight = Some(match weight {
            Some(old) if old.at_least.gt(at_least) || (old.at_least.same(at_least) && old.strict) => old,
            Some(old) if old.at_least.same(at_least) => WeightBound {
                strict: strict || old.strict,
                ..old
            },
            _ => WeightBound {
                attribute: attribute.clone(),
                at_least,
                strict,
            },
        });
    }
    Ok(Requirement {
        min_yes,
        max_yes,
        weight,
        floor: match floor_of(rule) {
            Some(written) if base < seats => {
                let everyone = vec![Some(Position::Yes); electorate.members.len()];
                Some(participants_floor(rule, electorate, &everyone)?.unwrap_or(written))
            }
            written => written,
        },
        always_min_yes,
        always_max_yes,
    })
}

/// A member that alone defeats the rule when every other member votes in favour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Veto {
    pub member: String,
    /// The rule names it (`veto by ...`, `veto by permanent members`).
    pub written: bool,
    /// The criteria its vote against makes fail.
    pub failing: Vec<Check>,
}

/// Every member whose vote against, with all the others in favour, defeats the
/// rule. Unanimity and consensus make every member one by definition.
pub fn vetoes(rule: &Rule, electorate: &Electorate) -> Result<Vec<Veto>, Problem> {
    let mut out = Vec::new();
    let everyone = vec![Some(Position::Yes); electorate.members.len()];
    // Counted once with every member in favour: a lone vote against changes the
    // counts and the weight in favour by that member's own figures. Counting the
    // whole body again for each member grew as the square of the members
    // (10,000 members took 8.9 s in `check --facts`).
    let all = count(everyone.len());
    let counts = Counts {
        seats: electorate.size(),
        base: all,
        yes: all - 1,
        no: 1,
        abstain: 0,
    };
    let in_favour = weigh(electorate, &everyone)?;
    // One copy, its weight in favour set again for each member: a copy per
    // member was an allocation per member and rule.
    let mut weighed = in_favour.clone();
    let mut positions = everyone;
    // With every other member in favour, only the member voting against can
    // veto, by voting against.
    let against_vetoes = counts_as_veto(rule, Some(Position::No));
    for (i, (member, written)) in electorate.members.iter().zip(&electorate.veto).enumerate() {
        // Each member in turn votes against; `positions` follows `members`.
        for (attribute, column) in &electorate.weights {
            if let (Some(w), Some(all)) = (weighed.get_mut(attribute.as_str()), in_favour.get(attribute.as_str())) {
                w.yes = match column.get(i) {
                    Some(own) => all
                        .yes
                        .checked_sub(*own)
                        .ok_or_else(|| Problem::new(Code::E0905, "a sum of weights overflows".to_string()))?,
                    None => all.yes,
                };
            }
        }
        if let Some(p) = positions.get_mut(i) {
            *p = Some(Position::No);
        }
        let vetoing = |holders: &[String]| against_vetoes && holders.contains(member);
        // The checks are written out only for a vote the member defeats.
        let v = match passes(rule, electorate, &positions, counts, &weighed, &vetoing) {
            Ok(true) => Ok(None),
            Ok(false) => judge(rule, electorate, &positions, counts, &weighed).map(Some),
            Err(e) => Err(e),
        };
        if let Some(p) = positions.get_mut(i) {
            *p = Some(Position::Yes);
        }
        if let Some(v) = v?.filter(|v| !v.passes) {
            out.push(Veto {
                member: member.clone(),
                written: *written,
                failing: v.checks.into_iter().filter(|c| !c.met).collect(),
            });
        }
    }
    Ok(out)
}

/// The fewest votes in favour a criterion on members needs in a body of `seats`
/// when all vote (those not in favour voting against), even when that is more
/// than the body has (`needs 16 votes in favour` in a body of 15). `None` when
/// no number meets it, or for a criterion that does not count members in favour.
pub fn members_needed(c: &Criterion, seats: i128) -> Option<i128> {
    if matches!(c, Criterion::Quorum { .. }) {
        return None;
    }
    least(c, |yes| Counts {
        seats,
        base: seats,
        yes,
        no: (seats - yes).max(0),
        abstain: 0,
    })
}

/// The fewest members present a quorum needs in a body of `seats` (possibly more
/// than it has), or `None` when no attendance meets it.
pub fn quorum_needed(c: &Criterion, seats: i128) -> Option<i128> {
    if !matches!(c, Criterion::Quorum { .. }) {
        return None;
    }
    least(c, |present| Counts {
        seats,
        base: seats,
        yes: present,
        no: 0,
        abstain: 0,
    })
}

/// The least count at which `c` is met, asked of the judges: first every count
/// up to the body's size, then (for floors beyond it) by doubling and halving,
/// which is exact because a floor once met stays met.
fn least(c: &Criterion, counts: impl Fn(i128) -> Counts) -> Option<i128> {
    let never = Rule {
        name: String::new(),
        title: None,
        criteria: Vec::new(),
        abstention: Effect::CountsAgainst,
        absence: Effect::CountsAgainst,
        in_force: crate::ir::Window::default(),
        before: None,
        fallback: None,
        provenance: None,
    };
    // The tests alone, without the text of a check: the checker asks this of
    // every use of every rule, and the text of each count tried was a third of
    // `check`'s instructions on a treaty of 10,000 bodies (#24).
    let met = |k: i128| {
        let n = counts(k);
        lapse(c, &n).is_some() || counts_met(c, &never, &n) == Some(true)
    };
    let seats = counts(0).seats;
    if let Some(k) = (0..=seats).find(|k| met(*k)) {
        return Some(k);
    }
    let (mut lo, mut hi) = (seats, seats.max(1));
    while !met(hi) {
        lo = hi;
        hi = hi.checked_mul(2).filter(|h| *h < 1 << 120)?;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if met(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(criteria: Vec<Criterion>) -> Rule {
        Rule {
            name: "r".to_string(),
            title: None,
            criteria,
            abstention: Effect::CountsAgainst,
            absence: Effect::CountsAgainst,
            in_force: crate::ir::Window::default(),
            before: None,
            fallback: None,
            provenance: None,
        }
    }

    fn share(num: i128, den: i128) -> Rational {
        Rational::new(num, den).unwrap_or(Rational::ZERO)
    }

    fn members(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("M{i}")).collect()
    }

    /// `members >= 55%`.
    fn members_55() -> Criterion {
        Criterion::Members {
            cmp: Cmp::Ge,
            value: share(55, 100),
            share: true,
            base: Base::Members,
            only_when_all_take_part: false,
            only_when_membership: None,
        }
    }

    /// `vetoes` counts the body once and takes each lone vote against off the
    /// totals; it must find what a full count of each such vote finds.
    #[test]
    fn vetoes_agree_with_a_full_count_of_each_lone_vote_against() {
        let weight = |attribute: &str, value: i128| Criterion::Weight {
            attribute: attribute.to_string(),
            cmp: Cmp::Ge,
            value: share(value, 100),
            share: true,
            base: Base::Members,
            only_when_all_take_part: false,
            only_when_membership: None,
        };
        let rules = [
            rule(vec![
                members_55(),
                weight("pop", 65),
                Criterion::BlockingMinority { min_members: 3 },
            ]),
            rule(vec![weight("pop", 90), weight("gdp", 70)]),
            rule(vec![Criterion::Veto {
                holders: VetoHolders::Members(vec!["M1".to_string(), "M4".to_string()]),
            }]),
            rule(vec![Criterion::Veto {
                holders: VetoHolders::PermanentMembers,
            }]),
            rule(vec![Criterion::Unanimity]),
            rule(vec![Criterion::TwoThirdsMajority]),
        ];
        let pops = [50, 20, 10, 5, 5, 5, 3, 1, 1];
        let gdps = [5, 40, 30, 10, 5, 5, 2, 2, 1];
        for r in &rules {
            let e = Electorate::new(members(9), r, &["M0".to_string(), "M2".to_string()], |m, a| {
                let i: usize = m.trim_start_matches('M').parse().ok()?;
                let column = if a == "pop" { &pops } else { &gdps };
                column.get(i).map(|p| Rational::integer(*p))
            })
            .unwrap_or_else(|e| panic!("{e}"));
            let mut counted = Vec::new();
            for (i, (member, written)) in e.members.iter().zip(&e.veto).enumerate() {
                let positions: Vec<Option<Position>> = (0..e.members.len())
                    .map(|j| Some(if i == j { Position::No } else { Position::Yes }))
                    .collect();
                let v = verdict(r, &e, &positions).unwrap_or_else(|e| panic!("{e}"));
                if !v.passes {
                    counted.push(Veto {
                        member: member.clone(),
                        written: *written,
                        failing: v.checks.into_iter().filter(|c| !c.met).collect(),
                    });
                }
            }
            let found = vetoes(r, &e).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(found, counted, "{:?}", r.criteria);
        }
        // The rules are not all without vetoes: the comparison is not of nothing.
        let any = rules.iter().filter(|r| {
            let e = Electorate::new(members(9), r, &["M0".to_string()], |_, _| Some(Rational::integer(1)));
            e.is_ok_and(|e| vetoes(r, &e).is_ok_and(|v| !v.is_empty()))
        });
        assert!(any.count() >= 3);
    }

    #[test]
    fn double_majority_with_a_floor() {
        let r = rule(vec![
            members_55(),
            Criterion::Weight {
                attribute: "pop".to_string(),
                cmp: Cmp::Ge,
                value: share(65, 100),
                share: true,
                base: Base::Members,
                only_when_all_take_part: false,
                only_when_membership: None,
            },
            Criterion::BlockingMinority { min_members: 4 },
        ]);
        let pops = [50, 20, 10, 5, 5, 5, 5];
        let e = Electorate::new(members(7), &r, &[], |m, _| {
            let i: usize = m.trim_start_matches('M').parse().ok()?;
            pops.get(i).map(|p| Rational::integer(*p))
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let req = requirement(&r, &e).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(req.min_yes, 4);
        assert_eq!(req.floor, Some(4));
        // M0 alone against: 50% of the weight is missing, but three members
        // cannot block, so the weight criterion is deemed met and there is no veto.
        let v = vetoes(&r, &e).unwrap_or_else(|e| panic!("{e}"));
        assert!(v.is_empty(), "{v:?}");
        // Without the floor, M0 alone blocks.
        let r2 = rule(r.criteria.iter().take(2).cloned().collect());
        let v = vetoes(&r2, &e).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.iter().map(|v| v.member.as_str()).collect::<Vec<_>>(), ["M0"]);
        assert!(!v.iter().any(|v| v.written));
    }

    /// TEU 16(4): failing a blocking minority "the qualified majority shall be
    /// deemed attained", the members criterion with it; a quorum still applies.
    #[test]
    fn a_floor_deems_the_whole_majority_attained_but_not_the_quorum() {
        let r = rule(vec![members_55(), Criterion::BlockingMinority { min_members: 8 }]);
        let e = Electorate::new(members(10), &r, &[], |_, _| None).unwrap_or_else(|e| panic!("{e}"));
        // Three in favour, seven against: fewer than eight cannot block.
        let three: Vec<Option<Position>> = (0..10)
            .map(|i| Some(if i < 3 { Position::Yes } else { Position::No }))
            .collect();
        let v = verdict(&r, &e, &three).unwrap_or_else(|e| panic!("{e}"));
        assert!(v.passes, "{v:?}");
        assert!(v.checks.iter().any(|c| c.actual.contains("deemed met")));
        // Two in favour: eight not in favour form a blocking minority.
        let two: Vec<Option<Position>> = (0..10)
            .map(|i| Some(if i < 2 { Position::Yes } else { Position::No }))
            .collect();
        assert!(!verdict(&r, &e, &two).unwrap_or_else(|e| panic!("{e}")).passes);
        // The game counts the same: the floor, not the 55%, decides.
        let req = requirement(&r, &e).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((req.min_yes, req.floor, req.always_min_yes), (6, Some(8), 0));
        // A quorum of nine present is not deemed: seven present fail it.
        let quorate = rule(vec![
            members_55(),
            Criterion::BlockingMinority { min_members: 8 },
            Criterion::Quorum {
                cmp: Cmp::Ge,
                value: Rational::integer(9),
                share: false,
            },
        ]);
        let seven: Vec<Option<Position>> = (0..10)
            .map(|i| Some(if i < 7 { Position::Yes } else { Position::Absent }))
            .collect();
        let v = verdict(&quorate, &e, &seven).unwrap_or_else(|e| panic!("{e}"));
        assert!(!v.passes, "{v:?}");
    }

    #[test]
    fn needed_counts() {
        let c = Criterion::Members {
            cmp: Cmp::Ge,
            value: share(2, 3),
            share: true,
            base: Base::Members,
            only_when_all_take_part: false,
            only_when_membership: None,
        };
        assert_eq!(members_needed(&c, 15), Some(10));
        assert_eq!(members_needed(&Criterion::AbsoluteMajority, 10), Some(6));
        let c = Criterion::Members {
            cmp: Cmp::Ge,
            value: Rational::integer(16),
            share: false,
            base: Base::Members,
            only_when_all_take_part: false,
            only_when_membership: None,
        };
        assert_eq!(members_needed(&c, 15), Some(16));
        let q = Criterion::Quorum {
            cmp: Cmp::Ge,
            value: Rational::integer(9),
            share: false,
        };
        assert_eq!(quorum_needed(&q, 15), Some(9));
        assert_eq!(quorum_needed(&q, 8), Some(9));
        let over = Criterion::Members {
            cmp: Cmp::Gt,
            value: Rational::ONE,
            share: true,
            base: Base::Members,
            only_when_all_take_part: false,
            only_when_membership: None,
        };
        assert_eq!(members_needed(&over, 10), Some(11));
    }

    /// `passes` is `judge` without the text: on every vote of six members (each
    /// in favour, against, abstaining, absent or not in the base) under rules of
    /// every kind of criterion, including the lapsing and deemed ones, it gives
    /// judge's answer, and judge's error where judge has one.
    #[test]
    fn passes_agrees_with_judge_on_every_vote() {
        let weight = |value: i128, base: Base, all: bool| Criterion::Weight {
            attribute: "pop".to_string(),
            cmp: Cmp::Ge,
            value: share(value, 100),
            share: true,
            base,
            only_when_all_take_part: all,
            only_when_membership: None,
        };
        let members_share = |value: i128, base: Base, membership: Option<crate::ir::Membership>| Criterion::Members {
            cmp: Cmp::Ge,
            value: share(value, 100),
            share: true,
            base,
            only_when_all_take_part: false,
            only_when_membership: membership,
        };
        let at_least = |k: i128| crate::ir::Membership {
            cmp: Cmp::Ge,
            value: Rational::integer(k),
        };
        let mut rules = vec![
            rule(vec![
                members_55(),
                weight(65, Base::Members, false),
                Criterion::BlockingMinority { min_members: 3 },
            ]),
            rule(vec![
                members_share(55, Base::Members, Some(at_least(15))),
                weight(65, Base::Members, true),
                Criterion::BlockingMinority { min_members: 2 },
            ]),
            rule(vec![
                weight(50, Base::VotesCast, false),
                members_share(40, Base::Present, None),
            ]),
            rule(vec![
                Criterion::SimpleMajority,
                Criterion::Quorum {
                    cmp: Cmp::Ge,
                    value: share(1, 2),
                    share: true,
                },
            ]),
            rule(vec![
                Criterion::AbsoluteMajority,
                Criterion::Quorum {
                    cmp: Cmp::Ge,
                    value: Rational::integer(4),
                    share: false,
                },
            ]),
            rule(vec![
                Criterion::TwoThirdsMajority,
                Criterion::Veto {
                    holders: VetoHolders::PermanentMembers,
                },
            ]),
            rule(vec![
                members_55(),
                Criterion::Veto {
                    holders: VetoHolders::Members(vec!["M1".to_string(), "M3".to_string()]),
                },
                Criterion::BlockingMinority { min_members: 4 },
            ]),
            rule(vec![Criterion::Unanimity]),
            rule(vec![Criterion::Consensus]),
            rule(vec![Criterion::Members {
                cmp: Cmp::Gt,
                value: Rational::integer(2),
                share: false,
                base: Base::Members,
                only_when_all_take_part: false,
                only_when_membership: None,
            }]),
        ];
        // The same rules where abstaining and absence do not count against.
        let lenient: Vec<Rule> = rules
            .iter()
            .map(|r| Rule {
                abstention: Effect::NotAVeto,
                absence: Effect::DoesNotPreventAdoption,
                ..r.clone()
            })
            .collect();
        rules.extend(lenient);
        let pops = [40, 25, 15, 10, 6, 4];
        let choices = [
            None,
            Some(Position::Yes),
            Some(Position::No),
            Some(Position::Abstain),
            Some(Position::Absent),
        ];
        let (mut passed, mut failed) = (0, 0);
        for r in &rules {
            let e = Electorate::new(members(6), r, &["M0".to_string(), "M2".to_string()], |m, _| {
                let i: usize = m.trim_start_matches('M').parse().ok()?;
                pops.get(i).map(|p| Rational::integer(*p))
            })
            .unwrap_or_else(|e| panic!("{e}"));
            for code in 0..choices.len().pow(6) {
                let positions: Vec<Option<Position>> = (0..6)
                    .map(|k| choices[code / choices.len().pow(k) % choices.len()])
                    .collect();
                let n = tally(&e, &positions);
                let Ok(weighed) = weigh(&e, &positions) else { continue };
                // The holders vetoing, found as `judge` finds them.
                let vetoing = |holders: &[String]| {
                    e.members
                        .iter()
                        .zip(&positions)
                        .any(|(m, p)| counts_as_veto(r, *p) && holders.contains(m))
                };
                let judged = judge(r, &e, &positions, n, &weighed).map(|v| v.passes);
                let outcome = passes(r, &e, &positions, n, &weighed, &vetoing);
                assert_eq!(
                    outcome.as_ref().map_err(|p| p.to_string()),
                    judged.as_ref().map_err(|p| p.to_string()),
                    "{:?} {positions:?}",
                    r.criteria
                );
                match judged {
                    Ok(true) => passed += 1,
                    Ok(false) => failed += 1,
                    Err(_) => {}
                }
            }
        }
        // Both answers occur: the comparison is not of one answer only.
        assert!(passed > 1000 && failed > 1000, "{passed} passed, {failed} failed");
    }
}
