//! The rule IR: what `eval` and `power` need of a treaty, as versioned JSON.
//!
//! Every decision rule, criterion, obligation, sanction and stage transition, each
//! with its provenance (article, file, position). Names are resolved, built-in
//! rules are spelled out as rules of their own, and the semantics of abstention
//! and absence are explicit. The evaluator imports only this module.

pub mod diff;
mod lower;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::time::{Date, Length, TimeUnit};

pub use lower::{builtin_rule, criterion, expression, lower, rule, window};

/// The operators, modalities and relations of the language, with their JSON
/// names: one table, shared with the syntax tree.
pub use crate::ast::{ApportionMethod, BinaryOp, Modality, RelationKind};

/// Incremented whenever a field changes meaning or is removed.
pub const IR_VERSION: u32 = 2;

/// An exact number, written `"11/20"` or `"15"` in JSON.
pub use crate::rational::Rational;

/// The JSON Schema of the IR, derived from these types (`docs/ir.schema.json`).
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Program)).unwrap_or(serde_json::Value::Null)
}

impl Expr {
    fn precedence(&self) -> u8 {
        match self {
            Expr::Binary { op, .. } => op.precedence(),
            Expr::Not(_) => 2,
            _ => 7,
        }
    }
}

/// The expression as the treaty language writes it: `defence_spending >= 3.5% of gdp`.
impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let operand = |e: &Expr, min: u8| -> String {
            if e.precedence() < min {
                format!("({e})")
            } else {
                e.to_string()
            }
        };
        match self {
            Expr::Number { value, unit } => match unit {
                Some(u) => write!(f, "{} {u}", value.decimal()),
                None => write!(f, "{}", value.decimal()),
            },
            Expr::Bool(b) => write!(f, "{b}"),
            Expr::Fact(name) | Expr::Variant(name) => write!(f, "{name}"),
            Expr::Not(e) => write!(f, "not {}", operand(e, 3)),
            Expr::Neg(e) => write!(f, "-{}", operand(e, 7)),
            Expr::Binary { op, lhs, rhs } => {
                let p = self.precedence();
                // A share of something reads as a percentage: `3.5% of gdp`.
                let left = match (op, lhs.as_ref()) {
                    (BinaryOp::Of, Expr::Number { value, unit: None }) => {
                        let percent = Rational {
                            num: value.num.saturating_mul(100),
                            den: value.den,
                        };
                        format!("{}%", percent.decimal())
                    }
                    _ => operand(lhs, p),
                };
                write!(f, "{left} {} {}", op.symbol(), operand(rhs, p + 1))
            }
            Expr::AuthorisedBy(body) => write!(f, "authorised by {body}"),
            Expr::RatifiedBy(share) if share.num == share.den => write!(f, "ratified by all members"),
            Expr::RatifiedBy(share) => write!(f, "ratified by {share} of members"),
            Expr::Total(fact) => write!(f, "total {fact} of members"),
            Expr::MemberCount => write!(f, "number of members"),
            Expr::MembersWith(condition) => write!(f, "number of members with ({condition})"),
        }
    }
}

/// Where an element comes from in the treaty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    pub article: Option<String>,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
    Ne,
}

impl Cmp {
    pub fn holds(self, actual: Rational, required: Rational) -> bool {
        match self {
            Cmp::Ge => actual.ge(required),
            Cmp::Gt => actual.gt(required),
            Cmp::Le => required.ge(actual),
            Cmp::Lt => required.gt(actual),
            Cmp::Eq => actual.ge(required) && required.ge(actual),
            Cmp::Ne => !(actual.ge(required) && required.ge(actual)),
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
            Cmp::Le => "<=",
            Cmp::Lt => "<",
            Cmp::Eq => "=",
            Cmp::Ne => "!=",
        }
    }
}

/// What a share is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Base {
    /// All members entitled to vote (the participants, when not all take part).
    Members,
    /// Votes in favour and against.
    VotesCast,
    /// Members present: in favour, against or abstaining.
    Present,
}

/// What an abstention or an absence does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// It is not a vote in favour: it works like a vote against for thresholds of
    /// members, and blocks unanimity.
    CountsAgainst,
    /// It does not prevent adoption where every vote must be in favour.
    DoesNotPreventAdoption,
    /// A veto holder who abstains does not veto.
    NotAVeto,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VetoHolders {
    /// The body's permanent seats.
    PermanentMembers,
    Members(Vec<String>),
}

/// A condition on the number of a body's members, voting or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Membership {
    pub cmp: Cmp,
    pub value: Rational,
}

impl Membership {
    pub fn holds(self, members: usize) -> bool {
        // A count of members is far below 2^63: the conversion is lossless.
        self.cmp.holds(Rational::integer(members as i128), self.value)
    }
}

/// One criterion of a voting rule; a rule passes when all hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Criterion {
    /// Every member in favour.
    Unanimity,
    /// No member objects.
    Consensus,
    /// More votes in favour than against.
    SimpleMajority,
    /// More than half of the members in favour.
    AbsoluteMajority,
    /// At least two thirds of the votes cast in favour.
    TwoThirdsMajority,
    /// Members in favour: a share (`share: true`) of the base, or a count.
    Members {
        cmp: Cmp,
        value: Rational,
        share: bool,
        base: Base,
        /// The criterion applies only when every member takes part in the vote;
        /// it lapses when some do not (participants, the member concerned, a
        /// suspended member), as TFEU Art. 238(3) drops TEU Art. 16(4)'s fifteen.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        only_when_all_take_part: bool,
        /// The criterion applies only while the body's membership (all its
        /// members, voting or not) meets this: `when membership >= 15`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        only_when_membership: Option<Membership>,
    },
    /// A weight (a member fact) of the members in favour: a share of the base's
    /// weight, or a sum.
    Weight {
        attribute: String,
        cmp: Cmp,
        value: Rational,
        share: bool,
        base: Base,
        /// As for `members`.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        only_when_all_take_part: bool,
        /// As for `members`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        only_when_membership: Option<Membership>,
    },
    /// Fewer members than this not voting in favour cannot block: the majority
    /// is then deemed attained (every members and weight criterion, and the
    /// built-in majorities; not unanimity, consensus, a quorum or a veto).
    BlockingMinority { min_members: u64 },
    /// A vote against by a holder defeats the decision.
    Veto { holders: VetoHolders },
    /// Members present (in favour, against or abstaining).
    Quorum { cmp: Cmp, value: Rational, share: bool },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Rule {
    pub name: String,
    pub title: Option<String>,
    pub criteria: Vec<Criterion>,
    pub abstention: Effect,
    pub absence: Effect,
    /// When the rule applies (`as from`, `until`); open: always.
    #[serde(default, skip_serializing_if = "Window::is_open")]
    pub in_force: Window,
    /// The rule that applies before `in_force.from` (`before then RULE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// The rule that decides when this one does not (`failing which RULE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
    pub provenance: Option<Provenance>,
}

/// `failing which RULE ...`: the next rule a question is put to, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fallback {
    pub rule: String,
    pub when: FallbackWhen,
}

/// When a vote moves on from a rule to its fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FallbackWhen {
    /// As soon as the rule is not met.
    AtOnce,
    /// Once this period has run since the question was put.
    After { period: Length },
    /// Once the chair has declared that efforts at consensus are exhausted.
    EffortsExhausted,
}

/// The days from `from` to `until`, both included; either end may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Window {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

impl Window {
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }

    pub fn contains(&self, day: Date) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day <= u)
    }

    /// The days both windows contain, if any.
    pub fn overlap(&self, other: &Window) -> Option<Window> {
        let from = self.from.max(other.from);
        let until = match (self.until, other.until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (from, until) {
            (Some(f), Some(u)) if u < f => None,
            _ => Some(Window { from, until }),
        }
    }
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.from, self.until) {
            (Some(a), Some(b)) => write!(f, "from {a} until {b}"),
            (Some(a), None) => write!(f, "as from {a}"),
            (None, Some(b)) => write!(f, "until {b}"),
            (None, None) => write!(f, "at all times"),
        }
    }
}

/// When an obligation must be met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Timing {
    /// Due on the day it arises.
    Immediately,
    /// As `immediately`, in the treaty's word.
    Forthwith,
    /// Due `length` after `from`.
    Within { length: Length, from: Moment },
    /// Arises `length` after `from`, not before; nothing says by when after that.
    After { length: Length, from: Moment },
    /// Due once in every period of `length`, counted from the entry into force.
    Every { length: Length },
    /// Recurring with no period: not measurable.
    Regularly,
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Timing::Immediately => write!(f, "immediately"),
            Timing::Forthwith => write!(f, "forthwith"),
            Timing::Within { length, from } => write!(f, "within {length} of {from}"),
            Timing::After { length, from } => write!(f, "{length} after {from}"),
            Timing::Every { length } if length.amount == 1 => write!(f, "every {}", length.unit.word(1)),
            Timing::Every { length } => write!(f, "every {length}"),
            Timing::Regularly => write!(f, "regularly"),
        }
    }
}

/// An event a time limit counts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Moment {
    EntryIntoForce,
    /// The member's notice of withdrawal.
    Notice,
    /// The member's accession.
    Accession,
    /// A body's decision.
    Decision {
        body: String,
        decision: String,
    },
}

impl std::fmt::Display for Moment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Moment::EntryIntoForce => write!(f, "entry into force"),
            Moment::Notice => write!(f, "notice"),
            Moment::Accession => write!(f, "accession"),
            Moment::Decision { body, decision } => write!(f, "{body}.{decision}"),
        }
    }
}

/// A procedure, or a body's decision, that brings a change about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Act {
    Procedure { procedure: String },
    Decision { body: String, decision: String },
}

impl std::fmt::Display for Act {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Act::Procedure { procedure } => write!(f, "procedure {procedure}"),
            Act::Decision { body, decision } => write!(f, "{body}.{decision}"),
        }
    }
}

/// How the membership changes: who may join, leave, lose its votes or be expelled, and how.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MembershipRules {
    /// A state joins by this act; with `on_deposit`, when it deposits its
    /// instrument after the act (NATO Art. 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accession: Option<Accession>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawal: Option<WithdrawalRule>,
    /// How a member's voting rights are suspended (TFEU 354, TEU 7(3)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspension: Option<Act>,
    /// The act that ends a suspension, where it is another than the one that
    /// suspended (TEU 7(4)); else the suspending act ends it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation: Option<Act>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expulsion: Option<Act>,
}

impl MembershipRules {
    pub fn is_empty(&self) -> bool {
        self.accession.is_none() && self.withdrawal.is_none() && self.suspension.is_none() && self.expulsion.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Accession {
    pub by: Act,
    pub on_deposit: bool,
    pub provenance: Provenance,
}

/// A member's withdrawal: notice, then effect after a delay or on an act,
/// whichever comes first (TEU 50(3)); a decision may extend the delay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct WithdrawalRule {
    pub title: Option<String>,
    pub notice_to: Option<String>,
    /// Notice may be given only after the treaty has been in force this long (NATO Art. 13).
    pub open_after: Option<Length>,
    /// The withdrawal takes effect this long after the notice ...
    pub after_notice: Option<Length>,
    /// ... on the day that period expires (`upon expiry of ... from notice`),
    /// rather than the day after it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub on_expiry: bool,
    /// ... or when one of these completes, whichever comes first ...
    pub on: Vec<Act>,
    /// ... or at the end of the calendar year of the notice, or of the next one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_year_end: Option<YearEnd>,
    /// The act that may extend the delay.
    pub extension: Option<Act>,
    pub text: Vec<String>,
    pub provenance: Provenance,
}

/// The calendar year at whose end a withdrawal takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum YearEnd {
    /// `at the end of the year of notice`
    OfNotice,
    /// `at the end of the year following the notice` (UNESCO Constitution Art. II(6))
    FollowingNotice,
}

impl YearEnd {
    /// Years after the notice's year at whose end the withdrawal takes effect.
    pub fn years_after_notice(self) -> i64 {
        match self {
            YearEnd::OfNotice => 0,
            YearEnd::FollowingNotice => 1,
        }
    }
}

/// What a decision needs besides the vote of the body that takes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Requirements {
    /// The decision is taken on a proposal from one of these bodies (any one).
    pub on_proposal_from: Vec<String>,
    /// The rule when the decision is not taken on a proposal from those bodies
    /// (`otherwise by RULE`, TFEU 238(2)): the proposal is then no required step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise_by: Option<String>,
    /// `classified by RULE`: a contested question is this decision only if a vote
    /// by RULE says so; otherwise it is one of the body's other questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classified_by: Option<String>,
    /// Co-decision: each of these bodies must adopt the act too.
    pub jointly_with: Vec<String>,
    /// Each of these bodies must authorise the decision.
    pub authorisation_by: Vec<String>,
    /// The share of the members that must ratify (`"1"`: all of them).
    pub ratification: Option<Rational>,
    /// Bodies over which this decision prevails where competences meet.
    pub prevailing_over: Vec<String>,
    /// The member concerned must agree (`in agreement with the member concerned`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub agreement_of_concerned: bool,
}

impl Requirements {
    pub fn is_empty(&self) -> bool {
        self.on_proposal_from.is_empty()
            && self.otherwise_by.is_none()
            && self.classified_by.is_none()
            && self.jointly_with.is_empty()
            && self.authorisation_by.is_empty()
            && self.ratification.is_none()
            && !self.agreement_of_concerned
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Power {
    pub decision: String,
    pub rule: String,
    pub excluding_concerned: bool,
    /// An exclusive competence (`exclusively`): no other body decides this
    /// decision unless both write a co-decision.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
    #[serde(flatten)]
    pub requires: Requirements,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Seats {
    OnePerMember,
    /// A number of seats: held by that many of the members when the body has no
    /// `seat_origin`, by persons elected or appointed when it has one.
    Fixed(u64),
    /// Seats allocated per member: each member's delegation, in the order written.
    Table(Vec<SeatShare>),
}

/// As the language writes it: `one per member`, `15`, `DEU 96, FRA 81`.
impl std::fmt::Display for Seats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Seats::OnePerMember => write!(f, "one per member"),
            Seats::Fixed(n) => write!(f, "{n}"),
            Seats::Table(shares) => {
                let list: Vec<String> = shares.iter().map(|s| format!("{} {}", s.member, s.seats)).collect();
                write!(f, "{}", list.join(", "))
            }
        }
    }
}

/// As the language writes it: `10 by GeneralAssembly for 2 years`.
impl std::fmt::Display for ElectedSeats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.count)?;
        if let Some(b) = &self.elected_by {
            write!(f, " by {b}")?;
        }
        if let Some(t) = &self.term {
            write!(f, " for {t}")?;
        }
        Ok(())
    }
}

/// Who holds a body's fixed number of seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixedSeats {
    /// Every member, one seat each (as many seats as members).
    AllMembers,
    /// Some of the members: its permanent seats and those seated by election.
    SomeMembers,
    /// Persons: seats elected or appointed, or a number of seats other than the
    /// members' with no permanent or elected seats of members (a court's judges).
    Persons,
}

/// The one rule for who holds `seats` fixed seats, for the checker and `eval`
/// alike: seats elected or appointed are persons'; as many seats as members are
/// the members'; permanent or elected seats of members make a subset; any other
/// number is persons'. `members` is the number of members, `None` when the
/// treaty lists none (the checker then cannot tell, and assumes the members).
pub fn fixed_seats(seats: u64, filled_by_origin: bool, member_seats: bool, members: Option<u64>) -> FixedSeats {
    if filled_by_origin {
        FixedSeats::Persons
    } else if members.is_none_or(|m| m == seats) {
        FixedSeats::AllMembers
    } else if member_seats {
        FixedSeats::SomeMembers
    } else {
        FixedSeats::Persons
    }
}

/// One member's delegation in a seat table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SeatShare {
    pub member: String,
    pub seats: u64,
}

/// The seats of a body the members hold by election, and for how long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ElectedSeats {
    pub count: u64,
    /// The electing body, or `members`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elected_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<Term>,
}

/// The term of a body's elected seats: its length, the seats each renewal fills
/// (ICJ Statute Art. 13(1): fifteen judges for nine years, five every three years)
/// and whether a holder may be elected again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Term {
    pub length: Length,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal: Option<Renewal>,
    /// `None`: the treaty does not limit re-election.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub re_election: Option<ReElection>,
}

/// Staggered renewals: `seats` of the seats fall to be filled every `every`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Renewal {
    pub seats: u64,
    pub every: Length,
}

/// Whether the holder of an elected seat may be elected again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReElection {
    /// `re-eligible` (ICJ Statute Art. 13(1): "may be re-elected")
    Allowed,
    /// `re-eligible once`: two terms in all
    Once,
    /// `not immediately re-eligible`: not for the term that follows its own (UN
    /// Charter Art. 23(2))
    NotImmediately,
    /// `not re-eligible`: one term (TFEU Art. 283(2): "shall not be renewable")
    Never,
}

/// As the language writes it: `two years, 5 renewed every year, not immediately re-eligible`.
impl std::fmt::Display for Term {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.length)?;
        if let Some(r) = &self.renewal {
            // As the language writes it: `every year`, `every three years`.
            if r.every.amount == 1 {
                write!(f, ", {} renewed every {}", r.seats, r.every.unit.word(1))?;
            } else {
                write!(f, ", {} renewed every {}", r.seats, r.every)?;
            }
        }
        match self.re_election {
            Some(ReElection::Allowed) => write!(f, ", re-eligible"),
            Some(ReElection::Once) => write!(f, ", re-eligible once"),
            Some(ReElection::NotImmediately) => write!(f, ", not immediately re-eligible"),
            Some(ReElection::Never) => write!(f, ", not re-eligible"),
            None => Ok(()),
        }
    }
}

/// A condition the seat table must meet (`seats degressively proportional to
/// population before rounding, at least 6, at most 96, total at most 751`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SeatCondition {
    /// The member fact the seats follow.
    pub fact: String,
    pub before_rounding: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<u64>,
    /// The seats in all: exactly, or (`total_is_ceiling`) at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    #[serde(default)]
    pub total_is_ceiling: bool,
}

/// Each member's seats computed from a member fact by a method (`seats
/// apportioned by huntington_hill of population, total 435, at least 1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SeatRule {
    pub method: ApportionMethod,
    /// The member fact the seats follow.
    pub fact: String,
    /// In proportion to the fact's square root (Penrose).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub square_root: bool,
    /// The Cambridge Compromise's seats for every member first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<u64>,
    pub total: RuleTotal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<u64>,
}

impl SeatRule {
    /// The rule in the treaty's words (`seats apportioned by webster of square
    /// root of population, total 1000, at least 6`), the total made explicit.
    pub fn written(&self) -> String {
        let method = ApportionMethod::NAMES
            .iter()
            .find(|(_, m)| *m == self.method)
            .map_or("", |(n, _)| n);
        let root = if self.square_root { "square root of " } else { "" };
        let mut out = format!("seats apportioned by {method} of {root}{}", self.fact);
        if let Some(b) = self.base {
            out.push_str(&format!(", base {b}"));
        }
        match self.total {
            RuleTotal::Fixed(n) => out.push_str(&format!(", total {n}")),
            RuleTotal::CubeRoot => out.push_str(&format!(", total cube root of {}", self.fact)),
        }
        if let Some(n) = self.at_least {
            out.push_str(&format!(", at least {n}"));
        }
        if let Some(n) = self.at_most {
            out.push_str(&format!(", at most {n}"));
        }
        out
    }
}

/// How many seats a seat rule shares: a number, or the cube root of the
/// members' total of the rule's fact, to the nearest seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleTotal {
    Fixed(u64),
    CubeRoot,
}

/// How a body's seats are filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeatOrigin {
    ElectedDirectly,
    /// By a body, or `members` (the member states collectively).
    ElectedBy(String),
    AppointedBy(String),
}

/// A standing relationship of a body: `proposes admission to Council`,
/// `reports to Council`, `interprets treaty`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Relation {
    pub kind: RelationKind,
    pub decision: Option<String>,
    /// A body, `members`, `treaty`, or none (`arbitrates disputes`).
    pub target: Option<String>,
    pub provenance: Provenance,
}

/// What kind of body: an organ of the treaty's own, another organisation's, or
/// a single office-holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    Body,
    External,
    Office,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Body {
    pub name: String,
    pub title: Option<String>,
    pub kind: BodyKind,
    pub seats: Option<Seats>,
    pub seat_origin: Option<SeatOrigin>,
    /// The term of the persons elected or appointed to the seats (`seats: 15
    /// elected by GeneralAssembly for nine years, ...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat_term: Option<Term>,
    pub permanent_seats: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elected_seats: Option<ElectedSeats>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seat_conditions: Vec<SeatCondition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat_rule: Option<SeatRule>,
    pub powers: Vec<Power>,
    /// The rule of every decision no power names (`decides other questions by
    /// RULE`), as a power whose decision is `other questions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_questions: Option<Power>,
    pub relations: Vec<Relation>,
    /// Votes lost on a fact, with no decision (UN Charter Art. 19).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vote_losses: Vec<VoteLoss>,
    /// The legal text written in the body's declaration.
    pub text: Vec<String>,
    pub provenance: Provenance,
}

/// The decision name of a body's rule for other questions.
pub const OTHER_QUESTIONS: &str = "other questions";

/// The seats of a body that elections fill, as a history records them.
#[derive(Debug, Clone, Copy)]
pub struct ElectedClass<'a> {
    pub seats: u64,
    pub term: Option<&'a Term>,
    /// Held by persons (judges, members of an assembly), not by the member states.
    pub persons: bool,
    /// The members holding permanent seats, never elected to the others.
    pub permanent: &'a [String],
}

impl Body {
    /// The seats elections fill: the members' elected seats (`elected seats: 10 by
    /// GeneralAssembly`), or the seats of persons elected (`seats: 15 elected by
    /// GeneralAssembly`). Appointed seats and seats one per member are not elected.
    pub fn elected_class(&self) -> Option<ElectedClass<'_>> {
        if let Some(e) = &self.elected_seats {
            return Some(ElectedClass {
                seats: e.count,
                term: e.term.as_ref(),
                persons: false,
                permanent: &self.permanent_seats,
            });
        }
        match self.seat_origin {
            Some(SeatOrigin::ElectedBy(_) | SeatOrigin::ElectedDirectly) => {}
            Some(SeatOrigin::AppointedBy(_)) | None => return None,
        }
        let seats = match self.seats.as_ref()? {
            Seats::Fixed(n) => *n,
            Seats::Table(shares) => shares.iter().map(|s| s.seats).sum(),
            Seats::OnePerMember => return None,
        };
        Some(ElectedClass {
            seats,
            term: self.seat_term.as_ref(),
            persons: true,
            permanent: &self.permanent_seats,
        })
    }

    /// The power `decision` is taken under: the one that names it, else the body's
    /// rule for other questions.
    pub fn power(&self, decision: &str) -> Option<&Power> {
        self.powers
            .iter()
            .find(|p| p.decision == decision)
            .or(self.other_questions.as_ref())
    }
}

/// A member has no vote in the body while `when` holds of it, unless
/// `permitted_by` permits it to vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct VoteLoss {
    pub when: Expr,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permitted_by: Option<String>,
}

/// An article: its number, title, legal text and entrenchment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Article {
    pub number: String,
    pub title: Option<String>,
    pub text: Vec<String>,
    pub entrenched: Option<Entrenchment>,
    pub provenance: Provenance,
}

/// An entrenched article: never amendable, or only by a stricter rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Entrenchment {
    /// `None`: never amendable.
    pub amendable_by: Option<String>,
}

/// A fund: its share of a budget, who manages it and who may benefit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fund {
    pub name: String,
    pub title: Option<String>,
    /// A share of `of` (such as `"1/10"` of `budget`).
    pub share: Option<Rational>,
    pub share_of: Option<String>,
    pub managed_by: Option<String>,
    pub cooperates_with: Vec<String>,
    pub beneficiaries: Option<Expr>,
    pub text: Vec<String>,
    pub provenance: Provenance,
}

/// How the treaty itself is amended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AmendmentProcedure {
    pub proposed_by: Vec<String>,
    /// The body that adopts an amendment, and its rule.
    pub adopted_by: Option<(String, String)>,
    /// The share of the members that must ratify (`"1"`: all of them).
    pub ratified_by: Option<Rational>,
    pub text: Vec<String>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Member {
    pub id: String,
    pub name: Option<String>,
}

/// An expression over facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Expr {
    Number {
        value: Rational,
        unit: Option<String>,
    },
    Bool(bool),
    /// `gdp` (a member fact) or `world.population`.
    Fact(String),
    /// A value of an enumeration, compared with a fact.
    Variant(String),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    AuthorisedBy(String),
    /// `ratified by all members` (`"1"`) or by a share of them.
    RatifiedBy(Rational),
    /// A member fact summed over the members.
    Total(String),
    MemberCount,
    /// The number of members that meet a condition.
    MembersWith(Box<Expr>),
}

/// What a declared fact holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    Count,
    Money,
    Ratio,
    Percent,
    Bool,
    Year,
    /// A bounded score (`min`, `max`).
    Score,
    /// One of `variants`.
    Enumeration,
    /// Computed from other facts by `definition`.
    Derived,
}

impl FactKind {
    pub fn name(self) -> &'static str {
        match self {
            FactKind::Count => "count",
            FactKind::Money => "money",
            FactKind::Ratio => "ratio",
            FactKind::Percent => "percent",
            FactKind::Bool => "bool",
            FactKind::Year => "year",
            FactKind::Score => "score",
            FactKind::Enumeration => "enumeration",
            FactKind::Derived => "derived",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FactDecl {
    pub entity: String,
    pub name: String,
    pub kind: FactKind,
    pub min: Option<Rational>,
    pub max: Option<Rational>,
    pub variants: Vec<String>,
    pub definition: Option<Expr>,
    /// The decision that sets the value (`set by Council.defence_target`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_by: Option<SetBy>,
}

/// A body's decision that sets a fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SetBy {
    pub body: String,
    pub decision: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MembershipCriterion {
    pub name: String,
    pub title: Option<String>,
    /// A membership invariant (`kept by members`): every member keeps meeting it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub kept_by_members: bool,
    pub test: Expr,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Obligation {
    pub label: Option<String>,
    /// `member`, `candidate`, `organisation` or a body's name.
    pub subject: String,
    pub subject_filter: Option<Expr>,
    pub modality: Modality,
    /// A named act, or `None` for a constraint.
    pub action: Option<String>,
    pub constraint: Option<Expr>,
    pub when: Vec<Expr>,
    pub unless: Vec<Expr>,
    /// `notwithstanding ...`: where this provision and one of these both apply,
    /// this one prevails.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prevails_over: Vec<Precedence>,
    /// When it must be met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<Timing>,
    /// When it applies.
    #[serde(default, skip_serializing_if = "Window::is_open")]
    pub in_force: Window,
    pub provenance: Provenance,
}

/// What a provision prevails over (`notwithstanding ...`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Precedence {
    /// Every provision of an article.
    Article { article: String },
    /// A labelled provision.
    Provision { label: String },
    /// Every other provision of the treaty (a saving clause).
    Treaty,
}

impl Precedence {
    /// Whether a provision in `article` labelled `label` is one this prevails over.
    pub fn covers(&self, article: Option<&str>, label: Option<&str>) -> bool {
        match self {
            Precedence::Article { article: a } => article == Some(a.as_str()),
            Precedence::Provision { label: l } => label == Some(l.as_str()),
            Precedence::Treaty => true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trigger {
    BreachOfArticle { article: String },
    BreachOfProvision { label: String },
    FailureOfCriterion { criterion: String },
    FailureOfMembershipCriteria,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Sanction {
    pub name: Option<String>,
    pub triggers: Vec<Trigger>,
    pub body: String,
    pub measure: String,
    pub rule: String,
    pub excluding_concerned: bool,
    #[serde(flatten)]
    pub requires: Requirements,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Stage {
    pub name: String,
    pub title: Option<String>,
    pub after: Option<String>,
    pub entry: Option<Expr>,
    /// The legal text written in the stage.
    pub text: Vec<String>,
    pub provenance: Provenance,
}

/// The compiled treaty of one stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Program {
    pub ir_version: u32,
    pub treaty: String,
    pub title: Option<String>,
    pub stage: Option<String>,
    pub facts: Vec<FactDecl>,
    /// The day the treaty entered into force (`in force from`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_from: Option<Date>,
    /// The ratifications the treaty waits for before it enters into force
    /// (`in force thirty days after ratification by ...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_condition: Option<EntryCondition>,
    pub members: Vec<Member>,
    /// States that are not members as written: candidates and former parties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_states: Vec<Member>,
    #[serde(default, skip_serializing_if = "MembershipRules::is_empty")]
    pub membership: MembershipRules,
    pub bodies: Vec<Body>,
    pub rules: Vec<Rule>,
    pub criteria: Vec<MembershipCriterion>,
    pub obligations: Vec<Obligation>,
    pub sanctions: Vec<Sanction>,
    pub stages: Vec<Stage>,
    pub articles: Vec<Article>,
    pub funds: Vec<Fund>,
    pub amendment_procedure: Option<AmendmentProcedure>,
    /// Amendments adopted and open to the parties' acceptance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<Amendment>,
    /// Decision procedures: the steps a decision needs, in order.
    #[serde(default)]
    pub procedures: Vec<Procedure>,
    /// Legal text written directly in the treaty, outside any article or body.
    pub preamble: Vec<String>,
}

/// When the instruments deposited bring the treaty into force: every part holds
/// on the day of a deposit, and the treaty enters into force `delay` after it; a
/// party depositing later is bound `delay` after its own deposit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EntryCondition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<Length>,
    pub parts: Vec<EntryPart>,
    /// Parties whose instruments bind them but count towards no number or share
    /// (Kyoto Protocol Art. 25(4): "not counted as additional to those deposited by
    /// member States of that organization").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_counting: Vec<String>,
}

/// An amendment adopted and open to acceptance (UNFCCC Art. 15(4), Rome Statute
/// Art. 121(4)-(6)): when it enters into force, whom it binds, and the provisions
/// whose duties bind a member only while the amendment binds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Amendment {
    pub name: String,
    pub title: Option<String>,
    /// Once in force it binds every party (Rome Statute Art. 121(4)); else only
    /// those that accepted it, each from the later of the entry into force and
    /// `entry.delay` after its own deposit.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub binds_all: bool,
    /// The acceptances it waits for; with no parts, each party's own deposit.
    pub entry: EntryCondition,
    /// Articles (`article 8bis`) and labelled provisions it brings.
    pub covers: Vec<Covered>,
    /// A party that has not accepted may withdraw with immediate effect by a notice
    /// within this period from the entry into force (Rome Statute Art. 121(6)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawal_at_once: Option<Length>,
    pub text: Vec<String>,
    pub provenance: Provenance,
}

/// A provision an amendment brings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Covered {
    Article { number: String },
    Provision { label: String },
}

impl Amendment {
    /// Whether an obligation of `article` (labelled `label`) is one this amendment brings.
    pub fn covers(&self, article: Option<&str>, label: Option<&str>) -> bool {
        self.covers.iter().any(|c| match c {
            Covered::Article { number } => article == Some(number.as_str()),
            Covered::Provision { label: l } => label == Some(l.as_str()),
        })
    }
}

/// One part of an entry-into-force condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum EntryPart {
    /// At least this many parties have deposited.
    Count { count: u64 },
    /// At least this share of the parties has deposited.
    MemberShare { share: Rational },
    /// The parties that deposited hold at least this share of the fact's total
    /// over every party.
    Weight { share: Rational, fact: String },
    /// These parties are among those that deposited (`including permanent members
    /// of SecurityCouncil` names the body's permanent seats).
    Including { states: Vec<String> },
}

/// A decision procedure: its steps in order; `act` names what it is one path to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Procedure {
    pub name: String,
    pub title: Option<String>,
    pub act: Option<String>,
    pub steps: Vec<Step>,
    pub text: Vec<String>,
    pub provenance: Provenance,
}

/// One step of a procedure, and when it is needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Step {
    #[serde(flatten)]
    pub kind: ProcedureStep,
    /// The step is needed only when this holds (TEU 48(3): the European Central
    /// Bank is consulted on institutional changes in the monetary area).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Expr>,
}

/// One step of a procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum ProcedureStep {
    /// Any one of these may start it.
    Initiative { by: Vec<Initiator> },
    /// Must be heard; its opinion binds no one. With a period, the decision
    /// cannot come before it has run.
    Consultation {
        of: StepTaker,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        period: Option<Length>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deadline: Option<Deadline>,
    },
    /// Must approve: a body by its rule, or the member concerned.
    Consent {
        of: StepTaker,
        rule: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deadline: Option<Deadline>,
    },
    /// The decision itself.
    Decision {
        body: String,
        rule: String,
        excluding_concerned: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deadline: Option<Deadline>,
    },
    /// Adopted unless one of them objects within the period.
    Objection { by: Objector, within: Length },
    /// Ratification by this share of the members (`"1"`: all), and by the
    /// applicant too when `applicant`.
    Ratification { share: Rational, applicant: bool },
    /// Another procedure must have completed first.
    Prerequisite { procedure: String },
    /// The body asks the member concerned to comply; the steps after it are
    /// taken only when it has not, within the period where one is fixed (TFEU 258).
    Request {
        by: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within: Option<Length>,
    },
}

/// The most time a step may take, counted from the step before, and what
/// running out means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Deadline {
    pub within: Length,
    /// The longer period the step has if it is extended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Length>,
    pub expiry: Expiry,
}

/// What running out of time means for a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Expiry {
    /// The treaty says nothing: the step is overdue and the procedure waits.
    Overdue,
    /// The step is deemed taken.
    Approved,
    /// The proposal lapses.
    Lapses,
}

/// Who may object in an objection step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Objector {
    /// The government of any one member.
    AnyMember,
    /// Any one of a body's components (the national Parliaments).
    AnyOf { body: String },
}

/// Who may start a procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Initiator {
    Body {
        body: String,
    },
    AnyMember,
    /// This share of the members, together.
    Share {
        share: Rational,
    },
    Concerned,
    Applicant,
}

/// Who takes a consultation or consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepTaker {
    Body { body: String },
    Concerned,
}

impl Program {
    /// Every state the treaty names: its members as written and its other states.
    pub fn states(&self) -> std::collections::BTreeSet<&str> {
        self.members
            .iter()
            .chain(&self.other_states)
            .map(|m| m.id.as_str())
            .collect()
    }

    pub fn body(&self, name: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.name == name)
    }

    pub fn rule(&self, name: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons_are_exact_beyond_128_bits() {
        let big = i128::MAX / 3;
        // Equal as floats, different as fractions.
        let a = Rational { num: big, den: big - 1 };
        let b = Rational {
            num: big - 1,
            den: big - 2,
        };
        assert!(b.ge(a) && !a.ge(b));
        assert!(a.ge(a));
        // Terms not in lowest form compare as the numbers they are.
        let half = Rational { num: 1, den: 2 };
        let three_sixths = Rational { num: 3, den: 6 };
        assert!(!three_sixths.gt(half) && !half.gt(three_sixths) && three_sixths.same(half));
        assert!(Cmp::Gt.holds(Rational { num: 4, den: 6 }, half) && !Cmp::Gt.holds(three_sixths, half));
    }

    #[test]
    fn numbers_read_as_decimals_where_they_have_one() {
        let r = |num, den| Rational { num, den };
        assert_eq!(r(7, 200).decimal(), "0.035");
        assert_eq!(r(100, 50).decimal(), "2");
        assert_eq!(r(-3, 4).decimal(), "-0.75");
        assert_eq!(r(2, 3).decimal(), "2/3");
    }

    #[test]
    fn expressions_read_as_the_language_writes_them() {
        let fact = |n: &str| Box::new(Expr::Fact(n.to_string()));
        let share = Expr::Binary {
            op: BinaryOp::Of,
            lhs: Box::new(Expr::Number {
                value: Rational { num: 7, den: 200 },
                unit: None,
            }),
            rhs: fact("gdp"),
        };
        let e = Expr::Binary {
            op: BinaryOp::Ge,
            lhs: fact("defence_spending"),
            rhs: Box::new(share),
        };
        assert_eq!(e.to_string(), "defence_spending >= 3.5% of gdp");
        let or = Expr::Binary {
            op: BinaryOp::Or,
            lhs: fact("a"),
            rhs: fact("b"),
        };
        let and = Expr::Binary {
            op: BinaryOp::And,
            lhs: Box::new(or),
            rhs: fact("c"),
        };
        assert_eq!(and.to_string(), "(a or b) and c");
    }
}
