//! The syntax tree of a treaty or amendment, as written.
//!
//! Plain data: every node carries the byte span it was read from, and nothing here
//! knows about names being defined or types matching (that is `resolve`'s job).

pub mod number;

use serde::{Serialize, Serializer};

pub use number::{Number, NumberKind, Rational, Unit};

use crate::source::Span;

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Span", 2)?;
        st.serialize_field("start", &self.start)?;
        st.serialize_field("end", &self.end)?;
        st.end()
    }
}

/// A name as written, such as a body, a rule or a fact attribute.
#[derive(Debug, Clone, Serialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A quoted text with its escapes resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

/// A source file holds one document.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "document", rename_all = "snake_case")]
pub enum Document {
    Treaty(Treaty),
    Amendment(Amendment),
}

#[derive(Debug, Clone, Serialize)]
pub struct Treaty {
    pub name: Ident,
    pub title: Option<Text>,
    pub items: Vec<Item>,
    pub span: Span,
}

/// A document that inserts, replaces or repeals provisions of a treaty.
#[derive(Debug, Clone, Serialize)]
pub struct Amendment {
    pub name: Ident,
    pub title: Option<Text>,
    pub amends: Ident,
    pub changes: Vec<Change>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "item", rename_all = "snake_case")]
/// The larger items are boxed: an item is as large as its largest variant, and a
/// provision inline made every `text` of an article take 736 bytes.
pub enum Item {
    Facts(FactSchema),
    Parties(Parties),
    /// `other states { ... }`: candidates and former parties.
    OtherStates(Parties),
    /// `in force from DATE`.
    EntryIntoForce(DateLit),
    /// `in force thirty days after ratification by ...`.
    EntryCondition(EntryCondition),
    /// How members join, leave, lose their votes or are expelled.
    Membership(Box<MembershipChange>),
    Body(Box<Body>),
    Rule(Box<VotingRule>),
    Article(Box<Article>),
    Stage(Box<Stage>),
    Procedure(Box<AmendmentProcedure>),
    /// `amendment kampala { in force for accepting members ... }`: an amendment adopted
    /// and open to acceptance, binding a member only once it binds it.
    Amendment(Box<AdoptedAmendment>),
    DecisionProcedure(Box<DecisionProcedure>),
    Sanction(Box<Sanction>),
    Fund(Box<Fund>),
    Criterion(Box<Criterion>),
    Text(Text),
    Provision(Box<Provision>),
    Scenario(Box<Scenario>),
}

impl Treaty {
    /// The stages of the treaty's evolution, in the order written.
    pub fn stages(&self) -> impl Iterator<Item = &Stage> {
        self.items.iter().filter_map(|i| match i {
            Item::Stage(s) => Some(&**s),
            _ => None,
        })
    }
}

impl Item {
    /// Where the whole item is written.
    pub fn span(&self) -> Span {
        match self {
            Item::Facts(x) => x.span,
            Item::Parties(x) | Item::OtherStates(x) => x.span,
            Item::EntryIntoForce(x) => x.span,
            Item::Amendment(x) => x.span,
            Item::EntryCondition(x) => x.span,
            Item::Membership(x) => x.span(),
            Item::Body(x) => x.span,
            Item::Rule(x) => x.span,
            Item::Article(x) => x.span,
            Item::Stage(x) => x.span,
            Item::Procedure(x) => x.span,
            Item::DecisionProcedure(x) => x.span,
            Item::Sanction(x) => x.span,
            Item::Fund(x) => x.span,
            Item::Criterion(x) => x.span,
            Item::Text(x) => x.span,
            Item::Provision(x) => x.span,
            Item::Scenario(x) => x.span,
        }
    }
}

// ---------------------------------------------------------------- facts

/// The typed attributes of one kind of entity (`member`, `world`, `situation`).
#[derive(Debug, Clone, Serialize)]
pub struct FactSchema {
    pub entity: Ident,
    pub attributes: Vec<Attribute>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attribute {
    pub name: Ident,
    pub kind: AttributeKind,
    /// `set by Council.defence_target`: the decision that sets the value.
    pub set_by: Option<SetBy>,
    pub span: Span,
}

/// The body and decision that set a fact's value.
#[derive(Debug, Clone, Serialize)]
pub struct SetBy {
    pub body: Ident,
    pub decision: Ident,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributeKind {
    Declared(FactType),
    Derived(Expr),
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FactType {
    Count,
    Money,
    Ratio,
    Percent,
    Bool,
    Year,
    Score { min: Number, max: Number },
    Enumeration { variants: Vec<Ident> },
}

// ---------------------------------------------------------------- parties and bodies

/// The states party to the treaty.
#[derive(Debug, Clone, Serialize)]
pub struct Parties {
    pub parties: Vec<Party>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub id: Ident,
    pub name: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// An organ of the treaty's own organisation.
    Internal,
    /// An organ of another organisation the treaty refers to (UN Security Council, ICJ).
    External,
    /// A single office-holder (a President, a Secretary-General).
    Office,
}

#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub kind: BodyKind,
    pub name: Ident,
    pub title: Option<Text>,
    pub seats: Vec<Seats>,
    pub permanent_seats: Vec<Ident>,
    /// The seats the members hold by election (`elected seats: 10 by B for two years`).
    pub elected_seats: Option<ElectedSeats>,
    /// Conditions the seat table must meet (`seats degressively proportional to
    /// population, at least 6, at most 96`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seat_conditions: Vec<SeatCondition>,
    /// The seats each member holds, computed by a method (`seats apportioned by
    /// huntington_hill of population, total 435, at least 1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seat_rule: Option<Box<SeatRule>>,
    pub powers: Vec<Power>,
    /// `decides other questions by RULE`: the rule of every decision no power names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_questions: Option<OtherQuestions>,
    pub relations: Vec<Relation>,
    /// `no vote for member when ...`: votes lost on a fact (UN Charter Art. 19).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vote_losses: Vec<VoteLoss>,
    pub text: Vec<Text>,
    pub span: Span,
}

/// `decides other questions by qmv`: the body's rule "except where the Treaties
/// provide otherwise".
#[derive(Debug, Clone, Serialize)]
pub struct OtherQuestions {
    pub rule: RuleRef,
    pub span: Span,
}

/// A member has no vote in the body while `when` holds of it, with no decision,
/// unless `permitted_by` permits it to vote (UN Charter Art. 19).
#[derive(Debug, Clone, Serialize)]
pub struct VoteLoss {
    pub when: Expr,
    pub permitted_by: Option<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Seats {
    pub count: SeatCount,
    pub origin: Option<SeatOrigin>,
    /// The term of the persons elected or appointed to the seats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<TermOfOffice>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatCount {
    OnePerMember,
    /// A number of seats: held by that many of the members, or by persons when
    /// the seats are elected or appointed.
    Fixed(Number),
    /// Seats allocated per member: each member's delegation.
    Table(Vec<SeatShare>),
}

/// One member's delegation in a seat table (`DEU 96`).
#[derive(Debug, Clone, Serialize)]
pub struct SeatShare {
    pub member: Ident,
    pub seats: Number,
}

/// `seats degressively proportional to population before rounding, at least 6,
/// at most 96, total at most 751` (TEU 14(2)).
#[derive(Debug, Clone, Serialize)]
pub struct SeatCondition {
    /// The member fact the seats follow (`population`).
    pub fact: Ident,
    /// Judged on seat numbers within half a seat of each delegation's, as
    /// Decision (EU) 2023/2061 Art. 1 reads the treaty.
    pub before_rounding: bool,
    pub at_least: Option<Number>,
    pub at_most: Option<Number>,
    /// `total N`: exactly; `total at most N`: no more.
    pub total: Option<(Number, bool)>,
    pub span: Span,
}

/// `seats apportioned by webster of square root of population, total 1000, at
/// least 1`: each member's delegation computed from a member fact.
#[derive(Debug, Clone, Serialize)]
pub struct SeatRule {
    /// The method's name as written; the checker knows the names
    /// (`ApportionMethod::named`), so a misspelling is its error, with a suggestion.
    pub method: Ident,
    /// The member fact the seats follow (`population`).
    pub fact: Ident,
    /// In proportion to the fact's square root (Penrose).
    pub square_root: bool,
    /// The Cambridge Compromise's seats for every member first.
    pub base: Option<Number>,
    pub total: Option<RuleTotal>,
    pub at_least: Option<Number>,
    pub at_most: Option<Number>,
    pub span: Span,
}

/// How many seats a seat rule shares.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleTotal {
    Fixed(Number),
    /// The cube root of the members' total of the fact, to the nearest seat.
    CubeRoot(Ident),
}

/// The methods a seat rule may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApportionMethod {
    Jefferson,
    Webster,
    Adams,
    HuntingtonHill,
    Dean,
    Hamilton,
    CambridgeCompromise,
}

impl ApportionMethod {
    /// Each method by the names a drafter may write, the usual one first.
    pub const NAMES: [(&'static str, ApportionMethod); 13] = [
        ("jefferson", ApportionMethod::Jefferson),
        ("dhondt", ApportionMethod::Jefferson),
        ("webster", ApportionMethod::Webster),
        ("sainte_lague", ApportionMethod::Webster),
        ("adams", ApportionMethod::Adams),
        ("huntington_hill", ApportionMethod::HuntingtonHill),
        ("equal_proportions", ApportionMethod::HuntingtonHill),
        ("dean", ApportionMethod::Dean),
        ("hamilton", ApportionMethod::Hamilton),
        ("hare", ApportionMethod::Hamilton),
        ("largest_remainder", ApportionMethod::Hamilton),
        ("cambridge_compromise", ApportionMethod::CambridgeCompromise),
        ("cambridge", ApportionMethod::CambridgeCompromise),
    ];

    pub fn named(name: &str) -> Option<ApportionMethod> {
        Self::NAMES.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
    }

    /// Whether it gives seats one at a time by a divisor (all but the largest
    /// remainder and the Compromise, which rounds by Adams itself).
    pub fn is_divisor(self) -> bool {
        !matches!(self, ApportionMethod::Hamilton | ApportionMethod::CambridgeCompromise)
    }
}

impl SeatRule {
    pub fn method(&self) -> Option<ApportionMethod> {
        ApportionMethod::named(&self.method.name)
    }
}

/// `elected seats: 10 by GeneralAssembly for two years`.
#[derive(Debug, Clone, Serialize)]
pub struct ElectedSeats {
    pub count: Number,
    pub by: Option<Target>,
    pub term: Option<TermOfOffice>,
    pub span: Span,
}

/// `for nine years, 5 renewed every three years, re-eligible`: the term of the
/// seats elected (ICJ Statute Art. 13(1); UN Charter Art. 23(2)).
#[derive(Debug, Clone, Serialize)]
pub struct TermOfOffice {
    pub length: Duration,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renewal: Option<Renewal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub re_election: Option<ReElectionClause>,
    pub span: Span,
}

/// `a third renewed every three years`: the share of the seats each renewal fills.
#[derive(Debug, Clone, Serialize)]
pub struct Renewal {
    pub share: RenewedShare,
    pub every: Duration,
    pub span: Span,
}

/// How many seats a renewal fills, as written.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewedShare {
    /// `5 renewed`: a number of seats.
    Seats(u64),
    /// `a third renewed`, `half renewed`, `two fifths renewed`: a share of them.
    Fraction { numerator: u64, denominator: u64 },
}

/// `not immediately re-eligible`, as written.
#[derive(Debug, Clone, Serialize)]
pub struct ReElectionClause {
    pub limit: crate::ir::ReElection,
    pub span: Span,
}

/// A calendar date as written (`1 November 2014`); an impossible one never
/// reaches the syntax tree (E1001).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DateLit {
    pub date: crate::time::Date,
    pub span: Span,
}

/// `in force thirty days after ratification by 55 members and 55% of emissions`:
/// the ratifications the treaty waits for, and the period after them.
#[derive(Debug, Clone, Serialize)]
pub struct EntryCondition {
    /// `thirty days after`; `None`: on the day the condition is met.
    pub delay: Option<Duration>,
    /// Every part must hold together.
    pub parts: Vec<EntryPart>,
    /// `not counting EUU`: parties whose instruments no number or share counts.
    pub not_counting: Vec<Ident>,
    pub span: Span,
}

/// An amendment adopted and open to the parties' acceptance (UNFCCC Art. 15(4),
/// Rome Statute Art. 121(4)-(6)).
#[derive(Debug, Clone, Serialize)]
pub struct AdoptedAmendment {
    pub name: Ident,
    pub title: Option<Text>,
    /// When it enters into force, and for whom.
    pub in_force: Option<AmendmentInForce>,
    /// The provisions it brings, as the consolidated treaty writes them.
    pub covers: Vec<ItemRef>,
    /// `members not accepting may withdraw at once within LENGTH of entry into force`.
    pub withdrawal_at_once: Option<Duration>,
    pub text: Vec<Text>,
    pub span: Span,
}

/// `in force for accepting members ninety days after ratification by 3/4 of members`.
#[derive(Debug, Clone, Serialize)]
pub struct AmendmentInForce {
    /// `for all members`: once in force it binds every party (Rome Statute Art.
    /// 121(4)); else only those that accepted it.
    pub binds_all: bool,
    /// The acceptances it waits for; no parts: each party on its own deposit.
    pub condition: EntryCondition,
    pub span: Span,
}

/// One part of an entry-into-force condition.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum EntryPart {
    /// `55 members`: this many parties.
    Count { count: Number },
    /// `2/3 of members`: this share of the parties.
    MemberShare { share: Number },
    /// `55% of emissions`: parties holding this share of a member fact's total.
    Weight { share: Number, fact: Ident },
    /// `including CHN, USA`: these parties among them.
    Including { states: Vec<Ident>, span: Span },
    /// `including permanent members of SecurityCouncil`.
    IncludingPermanent { body: Ident, span: Span },
}

impl EntryPart {
    pub fn span(&self) -> Span {
        match self {
            EntryPart::Count { count } => count.span,
            EntryPart::MemberShare { share } | EntryPart::Weight { share, .. } => share.span,
            EntryPart::Including { span, .. } | EntryPart::IncludingPermanent { span, .. } => *span,
        }
    }
}

/// When a rule or provision applies: `as from DATE`, `until DATE` (both days included).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Validity {
    pub from: Option<DateLit>,
    pub until: Option<DateLit>,
}

impl Validity {
    pub fn is_empty(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }
}

/// When an obligation must be met.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "timing", rename_all = "snake_case")]
pub enum Timing {
    /// `immediately`: due at once when it arises.
    Immediately { span: Span },
    /// `forthwith`: as `immediately`, in the treaty's own word.
    Forthwith { span: Span },
    /// `within two years of notice`
    Within { length: Duration, from: Moment, span: Span },
    /// `25 years after the entry into force`: arises on that day, with no limit after it.
    After { length: Duration, from: Moment, span: Span },
    /// `every year`
    Every { length: Duration, span: Span },
    /// `regularly`: recurring, with no period.
    Regularly { span: Span },
}

impl Timing {
    /// The event a dated duty counts from (`within ... of`, `... after`).
    pub fn moment(&self) -> Option<&Moment> {
        match self {
            Timing::Within { from, .. } | Timing::After { from, .. } => Some(from),
            _ => None,
        }
    }

    pub fn span(&self) -> Span {
        match self {
            Timing::Immediately { span }
            | Timing::Forthwith { span }
            | Timing::Within { span, .. }
            | Timing::After { span, .. }
            | Timing::Every { span, .. }
            | Timing::Regularly { span } => *span,
        }
    }
}

/// An event a time limit counts from.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "moment", rename_all = "snake_case")]
pub enum Moment {
    EntryIntoForce {
        span: Span,
    },
    /// The member's notice of withdrawal.
    Notice {
        span: Span,
    },
    /// The member's accession.
    Accession {
        span: Span,
    },
    /// A body's decision (`Council.determination`).
    Decision {
        body: Ident,
        decision: Ident,
    },
}

/// A procedure or a body's decision that brings a change about.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "act", rename_all = "snake_case")]
pub enum ActRef {
    Procedure { procedure: Ident },
    Decision { body: Ident, decision: Ident },
}

impl ActRef {
    pub fn span(&self) -> Span {
        match self {
            ActRef::Procedure { procedure } => procedure.span,
            ActRef::Decision { body, decision } => body.span.to(decision.span),
        }
    }
}

/// How members join, leave, lose their voting rights or are expelled.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum MembershipChange {
    /// `accession by procedure accession`, `accession by Council.accession on deposit`.
    Accession {
        by: ActRef,
        on_deposit: Option<Span>,
        span: Span,
    },
    Withdrawal(Withdrawal),
    /// `suspension of voting rights by procedure suspension_of_rights`
    Suspension {
        by: ActRef,
        /// `revoked by ACT`: the act that ends a suspension, where it is another
        /// than the one that suspended (TEU 7(4)).
        #[serde(skip_serializing_if = "Option::is_none")]
        revoked_by: Option<ActRef>,
        span: Span,
    },
    /// `expulsion by Council.expulsion`
    Expulsion {
        by: ActRef,
        span: Span,
    },
}

impl MembershipChange {
    pub fn span(&self) -> Span {
        match self {
            MembershipChange::Accession { span, .. }
            | MembershipChange::Suspension { span, .. }
            | MembershipChange::Expulsion { span, .. } => *span,
            MembershipChange::Withdrawal(w) => w.span,
        }
    }
}

/// `withdrawal { notice to B  open after L in force  takes effect ...  extension by ... }`
#[derive(Debug, Clone, Serialize)]
pub struct Withdrawal {
    pub title: Option<Text>,
    pub notice_to: Option<Ident>,
    pub open_after: Option<Duration>,
    /// Whichever comes first.
    pub takes_effect: Vec<EffectTime>,
    pub extension: Option<ActRef>,
    pub text: Vec<Text>,
    pub span: Span,
}

/// When a withdrawal takes effect.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EffectTime {
    /// `two years after notice`; `upon expiry of one year from notice` takes
    /// effect on the anniversary itself (`on_expiry`), not the day after.
    Delay {
        length: Duration,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        on_expiry: bool,
    },
    /// `on procedure withdrawal_agreement`
    On { act: ActRef },
    /// `at the end of the year of notice`, or of the year `following the notice`
    YearEnd {
        span: Span,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        following: bool,
    },
}

/// A length of time as written (`two years`).
#[derive(Debug, Clone, Serialize)]
pub struct Duration {
    pub length: crate::time::Length,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatOrigin {
    ElectedDirectly,
    ElectedBy(Target),
    AppointedBy(Target),
}

/// What a relationship or a seat points at.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "target", rename_all = "snake_case")]
pub enum Target {
    /// The member states collectively.
    Members {
        span: Span,
    },
    /// The treaty itself (`interprets treaty`).
    Treaty {
        span: Span,
    },
    Body(Ident),
}

/// `decides DECISION by RULE ...`
#[derive(Debug, Clone, Serialize)]
pub struct Power {
    pub decision: Ident,
    pub rule: RuleRef,
    pub options: PowerOptions,
    /// Span of `exclusively`: no other body decides this decision unless both
    /// write a co-decision.
    pub exclusive: Option<Span>,
    pub span: Span,
}

/// The conditions under which a body exercises a power.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PowerOptions {
    /// Who may make the proposal: any one of these bodies.
    pub on_proposal_from: Vec<Ident>,
    /// `otherwise by RULE`: the rule when the decision is not taken on a proposal
    /// from those bodies (TFEU 238(2)); the proposal is then no required step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<(RuleRef, Span)>,
    /// `classified by RULE`: a contested question belongs to this decision only if
    /// RULE says so; otherwise it is one of the body's other questions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classified_by: Option<(RuleRef, Span)>,
    /// Span of `excluding concerned`, when written.
    pub excluding_concerned: Option<Span>,
    /// Span of `in agreement with the member concerned`, when written.
    pub agreement_of_concerned: Option<Span>,
    /// Co-decision: every one of these bodies must adopt the act too.
    pub jointly_with: Vec<Ident>,
    /// Every one of these bodies must authorise the decision.
    pub authorisation_by: Vec<Ident>,
    pub ratification: Option<Ratifiers>,
    pub prevailing_over: Vec<Ident>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    ProposesTo,
    Approves,
    Appoints,
    Elects,
    ReportsTo,
    Oversees,
    Interprets,
    Arbitrates,
    Authorises,
    CooperatesWith,
    HeadedBy,
}

#[derive(Debug, Clone, Serialize)]
pub struct Relation {
    pub kind: RelationKind,
    /// The decision a body proposes (`proposes admission to Council`).
    pub decision: Option<Ident>,
    /// Absent only for `arbitrates disputes` without `between members`.
    pub target: Option<Target>,
    pub span: Span,
}

// ---------------------------------------------------------------- voting rules

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BuiltinRule {
    Unanimity,
    Consensus,
    SimpleMajority,
    AbsoluteMajority,
    TwoThirdsMajority,
}

impl BuiltinRule {
    /// The rule as the language writes it.
    pub fn keyword(self) -> &'static str {
        match self {
            BuiltinRule::Unanimity => "unanimity",
            BuiltinRule::Consensus => "consensus",
            BuiltinRule::SimpleMajority => "simple majority",
            BuiltinRule::AbsoluteMajority => "absolute majority",
            BuiltinRule::TwoThirdsMajority => "two-thirds majority",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum RuleRef {
    Builtin { builtin: BuiltinRule, span: Span },
    Named(Ident),
}

/// `rule NAME = clause and clause ...`: a conjunction of criteria over the votes.
#[derive(Debug, Clone, Serialize)]
pub struct VotingRule {
    pub name: Ident,
    pub title: Option<Text>,
    pub clauses: Vec<RuleClause>,
    /// `as from DATE`, `until DATE`.
    pub validity: Validity,
    /// `before then RULE`: the rule that applies before `as from`.
    pub before: Option<RuleRef>,
    /// `failing which RULE ...`: the rule that decides when this one does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
    pub span: Span,
}

/// `failing which three_quarters if efforts are exhausted` (UNFCCC Art. 15(3)).
#[derive(Debug, Clone, Serialize)]
pub struct Fallback {
    pub rule: RuleRef,
    pub when: FallbackWhen,
    pub span: Span,
}

/// When the vote moves from a rule to its fallback.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "when", rename_all = "snake_case")]
pub enum FallbackWhen {
    /// As soon as the first rule is not met.
    AtOnce,
    /// `after six months`: once the period has run since the question was put.
    After { period: Duration },
    /// `if efforts are exhausted`: once the chair has declared that consensus failed.
    EffortsExhausted { span: Span },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
    Ne,
}

/// What a share is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareBase {
    AllMembers,
    Participants,
    VotesCast,
    Present,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Members voting in favour.
    Members,
    /// The sum of a fact attribute over members in favour (`population`, `votes`).
    Weight(Ident),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteEffect {
    CountsAgainst,
    DoesNotPreventAdoption,
    NotAVeto,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "clause", rename_all = "snake_case")]
pub enum RuleClause {
    Builtin {
        builtin: BuiltinRule,
        span: Span,
    },
    Threshold {
        measure: Measure,
        comparison: Comparison,
        amount: Number,
        base: ShareBase,
        /// `when all members take part`: the criterion lapses when some do not.
        only_when_all_take_part: Option<Span>,
        /// `when membership >= 15`: the criterion applies only while the body has
        /// that many members.
        only_when_membership: Option<Box<MembershipCondition>>,
        span: Span,
    },
    BlockingMinority {
        comparison: Comparison,
        amount: Number,
        span: Span,
    },
    Veto {
        holders: VetoHolders,
        span: Span,
    },
    Quorum {
        comparison: Comparison,
        amount: Number,
        base: ShareBase,
        span: Span,
    },
    Abstention {
        effect: VoteEffect,
        span: Span,
    },
    Absence {
        effect: VoteEffect,
        span: Span,
    },
}

/// `when membership >= 15`: a condition on the number of a body's members.
#[derive(Debug, Clone, Serialize)]
pub struct MembershipCondition {
    pub comparison: Comparison,
    pub amount: Number,
    pub span: Span,
}

impl VotingRule {
    /// Whether a figure of the rule was reported as unusable: the analyses that
    /// weigh votes leave such a rule alone, so that one wrong figure is reported
    /// once, not echoed as a rule never met.
    pub fn has_faulty_figure(&self) -> bool {
        self.clauses.iter().any(|c| match c {
            RuleClause::Threshold {
                amount,
                only_when_membership,
                ..
            } => amount.fault || only_when_membership.as_ref().is_some_and(|m| m.amount.fault),
            RuleClause::BlockingMinority { amount, .. } | RuleClause::Quorum { amount, .. } => amount.fault,
            _ => false,
        })
    }
}

impl RuleClause {
    /// Where the clause is written.
    pub fn span(&self) -> Span {
        match self {
            RuleClause::Builtin { span, .. }
            | RuleClause::Threshold { span, .. }
            | RuleClause::BlockingMinority { span, .. }
            | RuleClause::Veto { span, .. }
            | RuleClause::Quorum { span, .. }
            | RuleClause::Abstention { span, .. }
            | RuleClause::Absence { span, .. } => *span,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VetoHolders {
    PermanentMembers,
    Named(Vec<Ident>),
}

// ---------------------------------------------------------------- articles and provisions

#[derive(Debug, Clone, Serialize)]
pub struct ArticleNumber {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub number: ArticleNumber,
    pub title: Option<Text>,
    pub entrenchment: Option<Entrenchment>,
    pub items: Vec<Item>,
    pub span: Span,
}

/// An article the amendment procedure may not touch, or only by a stricter rule.
#[derive(Debug, Clone, Serialize)]
pub struct Entrenchment {
    pub amendable_by: Option<RuleRef>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    Must,
    MustNot,
    May,
    MayNot,
}

impl Modality {
    /// The modality as the language writes it.
    pub fn keyword(self) -> &'static str {
        match self {
            Modality::Must => "must",
            Modality::MustNot => "must not",
            Modality::May => "may",
            Modality::MayNot => "may not",
        }
    }
}

/// An obligation, prohibition or permission.
#[derive(Debug, Clone, Serialize)]
pub struct Provision {
    pub label: Option<Ident>,
    pub subject: Subject,
    pub modality: Modality,
    pub action: Action,
    pub conditions: Vec<Condition>,
    /// `notwithstanding ...`: the provisions this one prevails over where both apply.
    pub derogations: Vec<Derogation>,
    /// Boxed: most provisions have no deadline, and a `Timing` is 160 bytes.
    pub timing: Option<Box<Timing>>,
    pub validity: Validity,
    pub span: Span,
}

/// `notwithstanding article 2(4)`: lex specialis, written out.
#[derive(Debug, Clone, Serialize)]
pub struct Derogation {
    pub target: DerogationTarget,
    pub span: Span,
}

/// What a derogation prevails over.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DerogationTarget {
    /// Every provision of an article.
    Article { number: ArticleNumber },
    /// A labelled provision.
    Provision { label: Ident },
    /// Every other provision of the treaty: a saving clause.
    Treaty,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "subject", rename_all = "snake_case")]
pub enum Subject {
    // The filter is boxed: it is rare, and an `Expr` inline made every
    // provision 64 bytes larger.
    EveryMember { filter: Option<Box<Expr>>, span: Span },
    EveryCandidate { filter: Option<Box<Expr>>, span: Span },
    Organisation { span: Span },
    Named(Ident),
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// A named act such as `assist attacked_member` or `use force`.
    Named { phrase: String, span: Span },
    /// A constraint on facts such as `defence_spending >= 2% of gdp`.
    Constraint { expr: Expr },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionKind {
    When,
    Unless,
}

#[derive(Debug, Clone, Serialize)]
pub struct Condition {
    pub kind: ConditionKind,
    pub expr: Expr,
    pub span: Span,
}

/// A membership criterion, evaluable against a candidate's facts.
#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    pub name: Ident,
    pub title: Option<Text>,
    /// `kept by members`: a membership invariant.
    pub kept: Option<Span>,
    pub test: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "trigger", rename_all = "snake_case")]
pub enum Trigger {
    BreachOfArticle { article: ArticleNumber, span: Span },
    BreachOfProvision { provision: Ident, span: Span },
    FailureOfCriterion { criterion: Ident, span: Span },
    FailureOfMembershipCriteria { span: Span },
}

#[derive(Debug, Clone, Serialize)]
pub struct Sanction {
    pub name: Option<Ident>,
    pub triggers: Vec<Trigger>,
    pub body: Ident,
    pub measure: Text,
    pub rule: RuleRef,
    pub options: PowerOptions,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct FundShare {
    pub amount: Number,
    pub of: Ident,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fund {
    pub name: Ident,
    pub title: Option<Text>,
    pub share: Option<FundShare>,
    pub managed_by: Option<Target>,
    pub cooperates_with: Vec<Target>,
    pub beneficiaries: Option<Expr>,
    pub text: Vec<Text>,
    pub span: Span,
}

// ---------------------------------------------------------------- stages and amendments

#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    pub name: Ident,
    pub title: Option<Text>,
    pub after: Option<Ident>,
    pub entry: Option<Expr>,
    pub changes: Vec<Change>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Article,
    Body,
    Office,
    Rule,
    Sanction,
    Fund,
    Criterion,
    Provision,
    Stage,
}

/// Addresses a provision of a treaty by kind and number or name.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRef {
    pub kind: ItemKind,
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Add {
        item: Box<Item>,
        span: Span,
    },
    Insert {
        item: Box<Item>,
        after: Option<ItemRef>,
        span: Span,
    },
    Replace {
        item: Box<Item>,
        span: Span,
    },
    Remove {
        target: ItemRef,
        span: Span,
    },
    Repeal {
        target: ItemRef,
        span: Span,
    },
    Text(Text),
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "ratifiers", rename_all = "snake_case")]
pub enum Ratifiers {
    All { span: Span },
    Share { share: Number },
}

impl Ratifiers {
    pub fn span(&self) -> Span {
        match self {
            Ratifiers::All { span } => *span,
            Ratifiers::Share { share } => share.span,
        }
    }
}

/// How the treaty itself may be amended.
#[derive(Debug, Clone, Serialize)]
pub struct AmendmentProcedure {
    pub proposed_by: Vec<Ident>,
    pub adopted_by: Option<(Ident, RuleRef)>,
    pub ratified_by: Option<Ratifiers>,
    pub text: Vec<Text>,
    pub span: Span,
}

/// The steps a decision needs, in order (`procedure NAME { ... }`).
#[derive(Debug, Clone, Serialize)]
pub struct DecisionProcedure {
    pub name: Ident,
    pub title: Option<Text>,
    /// `for ACT`: the act this procedure is one path to.
    pub act: Option<Ident>,
    pub steps: Vec<Step>,
    pub text: Vec<Text>,
    pub span: Span,
}

/// One step of a decision procedure, and when it is needed.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    #[serde(flatten)]
    pub kind: StepKind,
    /// `when EXPR`: the step is needed only when the condition holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Expr>,
}

impl Step {
    /// Where the step is written, its condition included.
    pub fn span(&self) -> Span {
        let own = self.kind.span();
        match &self.when {
            Some(e) => own.to(e.span),
            None => own,
        }
    }
}

impl StepKind {
    /// Where the step itself is written.
    pub fn span(&self) -> Span {
        match self {
            StepKind::Initiative { span, .. }
            | StepKind::Consultation { span, .. }
            | StepKind::Consent { span, .. }
            | StepKind::Decision { span, .. }
            | StepKind::Ratification { span, .. }
            | StepKind::Prerequisite { span, .. }
            | StepKind::Objection { span, .. }
            | StepKind::Request { span, .. } => *span,
        }
    }
}

/// What a step of a decision procedure is.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum StepKind {
    /// Who may start it: any one of these.
    Initiative { by: Vec<Initiator>, span: Span },
    /// A body (or the member concerned) must be heard; its opinion binds no one.
    Consultation {
        of: StepTaker,
        /// `for six months`: the decision cannot come before the period has run.
        period: Option<Duration>,
        #[serde(skip_serializing_if = "Option::is_none")]
        deadline: Option<Deadline>,
        span: Span,
    },
    /// A body must approve by its own rule, or the member concerned must agree.
    Consent {
        of: StepTaker,
        rule: Option<RuleRef>,
        #[serde(skip_serializing_if = "Option::is_none")]
        deadline: Option<Deadline>,
        span: Span,
    },
    /// The decision itself.
    Decision {
        body: Ident,
        rule: RuleRef,
        excluding_concerned: Option<Span>,
        #[serde(skip_serializing_if = "Option::is_none")]
        deadline: Option<Deadline>,
        span: Span,
    },
    /// Adopted unless one of them objects within the period (a silence procedure;
    /// TEU 48(7)'s national Parliaments).
    Objection { by: Objector, within: Duration, span: Span },
    /// Ratification by the members (all or a share), the applicant too where written.
    Ratification {
        by: Ratifiers,
        applicant: Option<Span>,
        span: Span,
    },
    /// Another procedure must have completed first.
    Prerequisite { procedure: Ident, span: Span },
    /// `request by B to the member concerned [within D]`: the steps after it are
    /// taken only when the member concerned has not complied (in the period).
    Request {
        by: Ident,
        within: Option<Duration>,
        span: Span,
    },
}

/// `within three months extendable by one month failing which approved`.
#[derive(Debug, Clone, Serialize)]
pub struct Deadline {
    pub within: Duration,
    pub extension: Option<Duration>,
    pub expiry: Expiry,
    pub span: Span,
}

/// What running out of time means for a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expiry {
    /// Nothing is said: the step is overdue and the procedure waits.
    Overdue,
    /// `failing which approved`: the step is deemed taken.
    Approved,
    /// `failing which lapses`: the proposal lapses.
    Lapses,
}

/// Who may object in an objection step.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Objector {
    /// `any member`: the government of any one member.
    AnyMember { span: Span },
    /// `any NationalParliaments`: any one of a body's components.
    AnyOf { body: Ident },
}

/// Who takes a step: a body, or the member the decision concerns.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepTaker {
    Body { body: Ident },
    Concerned { span: Span },
}

/// Who may start a procedure.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Initiator {
    Body {
        body: Ident,
    },
    /// The government of any one member.
    AnyMember {
        span: Span,
    },
    /// That share of the members, together (`1/3 of members`).
    Share {
        share: Number,
    },
    Concerned {
        span: Span,
    },
    Applicant {
        span: Span,
    },
}

// ---------------------------------------------------------------- scenarios

/// Who voted a way in a scenario.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Voters {
    List(Vec<Ident>),
    All,
    AllExcept(Vec<Ident>),
    /// Votes of a body of seats: numbers of seats, delegations, parts of them.
    Seats(Vec<SeatVote>),
}

/// `448` (seats), `DEU` (a delegation), `DEU:90` (part of one).
#[derive(Debug, Clone, Serialize)]
pub struct SeatVote {
    pub member: Option<Ident>,
    pub seats: Option<Number>,
    pub span: Span,
}

impl SeatVote {
    /// The entry as a ballot gives it on the command line.
    pub fn ballot_entry(&self) -> String {
        match (&self.member, &self.seats) {
            (Some(m), Some(n)) => format!("{}:{}", m.name, n.text),
            (Some(m), None) => m.name.clone(),
            (None, Some(n)) => n.text.clone(),
            (None, None) => String::new(),
        }
    }
}

/// The deciding body's vote in a scenario's procedure check.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProcedureVote {
    pub yes: Option<Voters>,
    pub no: Option<Voters>,
    pub abstain: Option<Voters>,
    pub seated: Option<Voters>,
}

/// Where a procedure should stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureOutcome {
    Adopted,
    Pending,
    Failed,
    /// The facts cannot tell: whether a step is needed, or how the vote went.
    Undecided,
}

/// A scenario's procedure check: the steps taken, and where it should stand.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureCheck {
    pub name: Ident,
    pub applicant: Option<Ident>,
    pub concerned: Vec<Ident>,
    pub initiated_by: Option<Voters>,
    pub consulted: Vec<Ident>,
    pub consented: Vec<Ident>,
    pub decided: bool,
    /// Members ratifying, and others (the applicant) named after them.
    pub ratified: Option<(Voters, Vec<Ident>)>,
    pub completed: Vec<Ident>,
    /// `voted yes ... no ...`: the deciding body's vote, counted.
    pub voted: Option<ProcedureVote>,
    /// `since DATE`: the day the step under way began.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<DateLit>,
    /// `extended`: the step under way had its period extended.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub extended: bool,
    /// `objected by DNK`: who objected in an objection step.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub objected: Vec<Ident>,
    /// `exhausted`: efforts at consensus were declared exhausted in the deciding vote.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exhausted: bool,
    /// `requested`: a request step's request has been made.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub requested: bool,
    /// `complied`, `not complied`: whether the member concerned complied with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complied: Option<bool>,
    pub expect: ProcedureOutcome,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum ScenarioCheck {
    Vote {
        body: Ident,
        decision: Ident,
        yes: Option<Voters>,
        no: Option<Voters>,
        abstain: Option<Voters>,
        participants: Option<Voters>,
        /// The members the decision concerns (a dispute may have two parties).
        concerned: Option<Voters>,
        /// The members holding the body's elected seats.
        seated: Option<Voters>,
        /// Members the body permits to vote though a fact takes their vote away.
        #[serde(skip_serializing_if = "Option::is_none")]
        permitted: Option<Voters>,
        /// The procedure's other steps, as taken.
        steps: ScenarioSteps,
        expect_passes: bool,
        /// `expect vote passes`: the body's vote alone is expected, not the adoption.
        vote_only: bool,
        span: Span,
    },
    Candidate {
        id: Ident,
        expect_eligible: bool,
        span: Span,
    },
    /// `seats WorldParliament expect IND 52, USA 24`: the seats a body's rule gives.
    Seats {
        body: Ident,
        expect: SeatsExpectation,
        span: Span,
    },
    /// `procedure accession applicant UKR initiated by UKR ... expect adopted`
    Procedure(ProcedureCheck),
    /// `None`: no breach expected.
    Member {
        id: Ident,
        expect_breach_of: Option<ArticleNumber>,
        span: Span,
    },
    /// `on DATE expect ...`, `on DATE vote ...`: a check on a date, after the
    /// scenario's events up to it.
    On {
        date: DateLit,
        dated: Box<DatedCheck>,
        span: Span,
    },
}

/// What a scenario expects of the seats a body's rule gives.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatsExpectation {
    /// These members' seats (the others unchecked).
    Table(Vec<SeatShare>),
    /// Degressive proportionality to the rule's fact, holding or not.
    Degressive { holds: bool, before_rounding: bool },
}

/// What a scenario expects on a date.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "expect", rename_all = "snake_case")]
pub enum DatedCheck {
    /// A vote, with the members of the date.
    Vote(Box<ScenarioCheck>),
    /// A procedure, asked on the date (its periods run to it).
    Procedure(Box<ScenarioCheck>),
    /// The seats a body's rule gives, with the treaty and the members of the date.
    Seats(Box<ScenarioCheck>),
    /// `28 members`
    Count { members: Number },
    /// `rule weighted_qmv for Council.ordinary`: the rule that applies (to that decision).
    Rule {
        rule: Ident,
        decision: Option<(Ident, Ident)>,
    },
    /// `stage union`
    Stage { stage: Ident },
    /// `USA overdue report_measures`
    Obligation {
        state: Option<Ident>,
        expected: DutyState,
        obligation: Ident,
    },
    /// `GBR member`, `GBR not member`, `HUN suspended`, `GBR withdrawing`
    Standing { state: Ident, expected: StandingKind },
    /// `LIE bound by kampala`, `FRA not bound by kampala`.
    Bound {
        state: Ident,
        amendment: Ident,
        expected: bool,
    },
    /// `in force`, `not in force`: the treaty has entered into force by the day;
    /// `in force from DATE`: by the day, the day of entry into force is fixed, and is DATE.
    InForce { expected: bool, from: Option<DateLit> },
    /// `BRA seated in SecurityCouncil`, `JPN not eligible for SecurityCouncil`:
    /// a holder of a body's elected seats that day, or one that may be elected.
    Seated {
        /// A member state, or a person (`"Hilary Charlesworth"`).
        holder: Text,
        body: Ident,
        /// `eligible for`, not `seated in`.
        eligible: bool,
        expected: bool,
    },
}

/// Where an obligation with a time limit stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DutyState {
    /// Met within its time limit.
    Met,
    /// The time limit has passed and it was not met.
    Overdue,
    /// Arisen, not met, and its time limit has not passed.
    Due,
    /// Not arisen (or not in force) on the date.
    NotDue,
}

impl DutyState {
    pub fn word(self) -> &'static str {
        match self {
            DutyState::Met => "met",
            DutyState::Overdue => "overdue",
            DutyState::Due => "due",
            DutyState::NotDue => "not due",
        }
    }
}

/// A state's standing expected on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StandingKind {
    Member,
    NotMember,
    Suspended,
    Withdrawing,
}

/// A dated event of a scenario (`event 29 March 2017 notice GBR`).
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioEvent {
    pub date: DateLit,
    /// As written: `accession`, `notice`, `extension`, ...
    pub kind: Ident,
    pub state: Option<Ident>,
    /// `procedure P`, `Body.decision`, an obligation's label or a stage's name.
    pub act: Option<EventAct>,
    /// `fact ENTITY.KEY = VALUE`
    pub fact: Option<Given>,
    pub until: Option<DateLit>,
    /// The person elected, or whose seat falls vacant (`"Hilary Charlesworth"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<Text>,
    pub span: Span,
}

/// What an event names besides the state.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventAct {
    Act(ActRef),
    Name(Ident),
}

/// What has happened besides a scenario's vote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScenarioSteps {
    pub proposed_by: Option<Ident>,
    pub adopted_by: Vec<Ident>,
    pub authorised: Vec<Ident>,
    pub ratified: Option<Voters>,
    /// `agreed by concerned`.
    pub agreed_by_concerned: bool,
    /// `exhausted`: efforts at consensus were declared exhausted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exhausted: bool,
    /// `contested`: whether the question belongs to the decision is contested.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub contested: bool,
    /// `since DATE`: the day the question was put.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<DateLit>,
}

/// Expected behaviour the treaty documents and `treatyc test` runs.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub name: Ident,
    pub title: Option<Text>,
    pub facts: Option<Text>,
    /// `given ENTITY.KEY = VALUE`: facts other than the members'.
    pub given: Vec<Given>,
    /// `history "FILE"`: dated events from a file beside the treaty.
    pub history: Option<Text>,
    /// `event DATE ...`, in the order written.
    pub events: Vec<ScenarioEvent>,
    pub checks: Vec<ScenarioCheck>,
    pub span: Span,
}

/// `given community.defence_target = 2%`.
#[derive(Debug, Clone, Serialize)]
pub struct Given {
    pub entity: Ident,
    pub name: Ident,
    /// As written, less a `%` (a percent fact is given in percentage points).
    pub value: String,
    /// Written with `%`: only a percent fact may be.
    pub percent: bool,
    pub span: Span,
}

// ---------------------------------------------------------------- expressions

/// A binary operator. Written in JSON (the syntax tree and the IR alike) as the
/// language writes it: `">="`, `"of"`, `"and"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub enum BinaryOp {
    #[serde(rename = "or")]
    Or,
    #[serde(rename = "and")]
    And,
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "+")]
    Add,
    #[serde(rename = "-")]
    Sub,
    #[serde(rename = "*")]
    Mul,
    #[serde(rename = "/")]
    Div,
    /// `2% of gdp`
    #[serde(rename = "of")]
    Of,
}

impl BinaryOp {
    /// How tightly the operator binds: `or` 1, `and` 2, comparisons 3, `+ -` 4,
    /// `* /` 5, `of` 6 (`2% of gdp` binds tightest). The parser's table
    /// (`syntax::lower`) lists the same levels in the same order.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => 3,
            BinaryOp::Add | BinaryOp::Sub => 4,
            BinaryOp::Mul | BinaryOp::Div => 5,
            BinaryOp::Of => 6,
        }
    }

    /// `=`, `!=`, `<`, `<=`, `>`, `>=`.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
        )
    }

    /// The operator as the language writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Of => "of",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Debug, Clone, Serialize)]
pub struct Expr {
    #[serde(flatten)]
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "expr", rename_all = "snake_case")]
/// A figure and a share of members are boxed: each holds a `Rational` of two
/// `i128`s, which made every node of every expression 144 bytes.
pub enum ExprKind {
    Number(Box<Number>),
    Bool {
        value: bool,
    },
    /// `gdp`, `world.population`
    Path {
        segments: Vec<Ident>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    AuthorisedBy {
        body: Ident,
    },
    RatifiedBy {
        ratifiers: Box<Ratifiers>,
    },
    /// A fact summed over the member states.
    Total {
        attribute: Ident,
    },
    MemberCount,
    /// The number of members that meet a condition on their facts.
    MembersWith {
        condition: Box<Expr>,
    },
}

impl Expr {
    /// Visits this expression and every expression inside it, parents before
    /// children, left to right. The one walk over expressions: with a stack of
    /// its own, so that a deep expression cannot overflow the thread's.
    pub fn walk<'e>(&'e self, f: &mut impl FnMut(&'e Expr)) {
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            f(e);
            match &e.kind {
                ExprKind::Unary { operand, .. } => stack.push(operand),
                ExprKind::MembersWith { condition } => stack.push(condition),
                ExprKind::Binary { lhs, rhs, .. } => {
                    stack.push(rhs);
                    stack.push(lhs);
                }
                ExprKind::Number(_)
                | ExprKind::Bool { .. }
                | ExprKind::Path { .. }
                | ExprKind::AuthorisedBy { .. }
                | ExprKind::RatifiedBy { .. }
                | ExprKind::Total { .. }
                | ExprKind::MemberCount => {}
            }
        }
    }
}
