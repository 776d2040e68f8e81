//! Voting rules in plain words, with their figures: "at least 55% of the members
//! in favour; ... 4 members can block". Written from the rule's meaning in the IR
//! (`ir::rule`, `ir::builtin_rule`), so that every reader (the language server's
//! hover, a later `treatyc doc`) says what the voting kernel decides.

use crate::ir::{
    Act, Base, Cmp, Criterion, Deadline, Effect, Expiry, Fallback, FallbackWhen, Initiator, Objector, ProcedureStep,
    RelationKind, Rule, StepTaker, Trigger, VetoHolders,
};
use crate::rational::Rational;

/// A voting rule in plain words: each criterion with its figures, then what
/// abstention and absence do when that is not the usual (they count against).
pub fn rule(rule: &Rule) -> String {
    let mut parts: Vec<String> = rule.criteria.iter().map(criterion).collect();
    parts.extend(circumstances(rule));
    if let Some(before) = &rule.before {
        parts.push(format!("before then `{before}`"));
    }
    if let Some(f) = &rule.fallback {
        parts.push(fallback(f));
    }
    if parts.is_empty() {
        return "no criterion: every vote passes".to_string();
    }
    parts.join("; ")
}

/// A voting rule as one sentence for a reader of the treaty: "adopted when at
/// least 55% of the members, representing at least 65% of the population, vote
/// in favour; a blocking minority needs at least four members ...". The double
/// majority of members and a weight reads as one clause; every other criterion
/// as `criterion` words it; then what `rule` adds (abstention, absence, dates).
pub fn sentence(rule: &Rule) -> String {
    let members_share = rule.criteria.iter().position(|c| {
        matches!(
            c,
            Criterion::Members {
                share: true,
                base: Base::Members,
                only_when_all_take_part: false,
                only_when_membership: None,
                ..
            }
        )
    });
    let weight_share = rule.criteria.iter().position(|c| {
        matches!(
            c,
            Criterion::Weight {
                share: true,
                base: Base::Members,
                only_when_all_take_part: false,
                only_when_membership: None,
                ..
            }
        )
    });
    let mut conditions = Vec::new();
    let mut after = Vec::new();
    let double = match (
        members_share.and_then(|i| rule.criteria.get(i)),
        weight_share.and_then(|i| rule.criteria.get(i)),
    ) {
        (
            Some(Criterion::Members { cmp, value, .. }),
            Some(Criterion::Weight {
                attribute,
                cmp: wcmp,
                value: wvalue,
                ..
            }),
        ) => {
            conditions.push(format!(
                "{} {} of the members, representing {} {} of the {attribute}, vote in favour",
                comparison(*cmp),
                fraction(*value),
                comparison(*wcmp),
                fraction(*wvalue)
            ));
            true
        }
        _ => false,
    };
    for (i, c) in rule.criteria.iter().enumerate() {
        if double && (Some(i) == members_share || Some(i) == weight_share) {
            continue;
        }
        match c {
            Criterion::BlockingMinority { min_members } => {
                let n = count_words(*min_members);
                after.push(format!(
                    "a blocking minority needs at least {n} members: fewer than {n} not in favour cannot block, and the majority is then deemed attained"
                ));
            }
            Criterion::Veto { .. } | Criterion::Quorum { .. } => after.push(criterion(c)),
            other => conditions.push(criterion(other)),
        }
    }
    // The double majority is a clause with its verb ("... vote in favour");
    // the other criteria are what the vote is adopted with.
    let mut out = match (double, conditions.split_first()) {
        (_, None) => "adopted whatever the vote".to_string(),
        (true, Some((first, []))) => format!("adopted when {first}"),
        (true, Some((first, rest))) => format!("adopted when {first}, with {}", rest.join(", and ")),
        (false, Some(_)) => format!("adopted with {}", conditions.join(", and ")),
    };
    after.extend(circumstances(rule));
    if let Some(before) = &rule.before {
        after.push(format!("before then `{before}` applies"));
    }
    if let Some(f) = &rule.fallback {
        after.push(fallback(f));
    }
    for a in after {
        out.push_str("; ");
        out.push_str(&a);
    }
    out
}

/// What abstention and absence do when that is not the usual, and the dates a
/// rule is in force between, if any.
fn circumstances(rule: &Rule) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(e) = effect(rule.abstention) {
        parts.push(format!("abstention {e}"));
    }
    if let Some(e) = effect(rule.absence) {
        parts.push(format!("absence {e}"));
    }
    if !rule.in_force.is_open() {
        parts.push(format!("in force {}", rule.in_force));
    }
    parts
}

/// A small count in words ("four"), as legal text writes it; larger ones in figures.
fn count_words(n: u64) -> String {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    ];
    usize::try_from(n)
        .ok()
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

/// One criterion of a rule in plain words.
pub fn criterion(c: &Criterion) -> String {
    match c {
        Criterion::Unanimity => "every member in favour".to_string(),
        Criterion::Consensus => "no member objecting".to_string(),
        Criterion::SimpleMajority => "more votes in favour than against".to_string(),
        Criterion::AbsoluteMajority => "more than half of the members in favour".to_string(),
        Criterion::TwoThirdsMajority => "at least two thirds of the votes cast in favour".to_string(),
        Criterion::Members {
            cmp,
            value,
            share,
            base,
            only_when_all_take_part,
            only_when_membership,
        } => {
            let mut s = if *share {
                format!(
                    "{} {} of {} in favour",
                    comparison(*cmp),
                    fraction(*value),
                    base_words(*base)
                )
            } else {
                format!("{} {} members in favour", comparison(*cmp), value.decimal())
            };
            s.push_str(&conditions(*only_when_all_take_part, only_when_membership.as_ref()));
            s
        }
        Criterion::Weight {
            attribute,
            cmp,
            value,
            share,
            base,
            only_when_all_take_part,
            only_when_membership,
        } => {
            let mut s = if *share {
                let of = match base {
                    Base::Members => format!("the {attribute}"),
                    other => format!("the {attribute} of {}", base_words(*other)),
                };
                format!(
                    "members in favour representing {} {} of {of}",
                    comparison(*cmp),
                    fraction(*value)
                )
            } else {
                format!(
                    "members in favour representing {} {} of {attribute}",
                    comparison(*cmp),
                    value.decimal()
                )
            };
            s.push_str(&conditions(*only_when_all_take_part, only_when_membership.as_ref()));
            s
        }
        Criterion::BlockingMinority { min_members } => {
            format!("{min_members} members can block (fewer cannot: the majority is then deemed attained)")
        }
        Criterion::Veto { holders } => match holders {
            VetoHolders::PermanentMembers => "a vote against by a permanent member defeats it".to_string(),
            VetoHolders::Members(ids) => {
                let named: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
                format!("a vote against by {} defeats it", named.join(", "))
            }
        },
        Criterion::Quorum { cmp, value, share } => {
            let of = if *share {
                format!("{} of the members", fraction(*value))
            } else {
                format!("{} members", value.decimal())
            };
            format!("a quorum: {} {of} present", comparison(*cmp))
        }
    }
}

/// A share as the treaty would write it: `55%`, `72.5%`, or `2/3` where a
/// percentage would have to be rounded.
fn fraction(value: Rational) -> String {
    match value.checked_mul(Rational::integer(100)).map(Rational::decimal) {
        Some(percent) if !percent.contains('/') => format!("{percent}%"),
        _ => value.to_string(),
    }
}

fn comparison(cmp: Cmp) -> &'static str {
    match cmp {
        Cmp::Ge => "at least",
        Cmp::Gt => "more than",
        Cmp::Le => "at most",
        Cmp::Lt => "less than",
        Cmp::Eq => "exactly",
        Cmp::Ne => "other than",
    }
}

fn base_words(base: Base) -> &'static str {
    match base {
        Base::Members => "the members",
        Base::VotesCast => "the votes cast",
        Base::Present => "the members present",
    }
}

fn conditions(all_take_part: bool, membership: Option<&crate::ir::Membership>) -> String {
    let mut s = String::new();
    if all_take_part {
        s.push_str(" when all members take part");
    }
    if let Some(m) = membership {
        s.push_str(&format!(
            " when the membership is {} {}",
            comparison(m.cmp),
            Rational::decimal(m.value)
        ));
    }
    s
}

/// What an abstention or absence does, in words, the usual included.
pub fn effect_words(e: Effect) -> &'static str {
    effect(e).unwrap_or("counts against")
}

/// A share as the treaty would write it (`55%`, `2/3`).
pub fn share(value: Rational) -> String {
    fraction(value)
}

/// What an abstention or absence does, when it is not the usual vote against.
fn effect(e: Effect) -> Option<&'static str> {
    match e {
        Effect::CountsAgainst => None,
        Effect::DoesNotPreventAdoption => Some("does not prevent adoption"),
        Effect::NotAVeto => Some("by a veto holder is not a veto"),
    }
}

/// An act that brings a change about: a body's decision or a procedure.
pub fn act(a: &Act) -> String {
    match a {
        Act::Decision { body, decision } => format!("`{body}` deciding `{decision}`"),
        Act::Procedure { procedure } => format!("the procedure `{procedure}`"),
    }
}

/// A body's standing relationship, as the treaty writes it: `proposes `budget` to `Ministers``.
pub fn relation(kind: RelationKind, decision: Option<&str>, target: Option<&str>) -> String {
    let (verb, to) = relation_words(kind);
    let mut s = verb.to_string();
    if let Some(d) = decision {
        s.push_str(&format!(" `{d}`"));
    }
    if let Some(t) = target {
        s.push_str(&format!("{to} `{t}`"));
    }
    s
}

/// A relationship's verb and the word that comes before its other party
/// (`("proposes", " to")`), for readers that write the names their own way
/// (the site links them).
pub fn relation_words(kind: RelationKind) -> (&'static str, &'static str) {
    let verb = match kind {
        RelationKind::ProposesTo => "proposes",
        RelationKind::Approves => "approves",
        RelationKind::Appoints => "appoints",
        RelationKind::Elects => "elects",
        RelationKind::ReportsTo => "reports",
        RelationKind::Oversees => "oversees",
        RelationKind::Interprets => "interprets",
        RelationKind::Arbitrates => "arbitrates disputes",
        RelationKind::Authorises => "authorises",
        RelationKind::CooperatesWith => "cooperates",
        RelationKind::HeadedBy => "is headed",
    };
    let to = match kind {
        RelationKind::ProposesTo | RelationKind::ReportsTo => " to",
        RelationKind::CooperatesWith => " with",
        RelationKind::HeadedBy => " by",
        RelationKind::Arbitrates => " between",
        _ => "",
    };
    (verb, to)
}

/// `failing which RULE ...` in words.
pub fn fallback(f: &Fallback) -> String {
    format!("failing which `{}` decides, {}", f.rule, fallback_condition(&f.when))
}

/// When a vote moves on to a fallback: "at once", "once six months have run
/// since the question was put", "once efforts at consensus are declared exhausted".
pub fn fallback_condition(when: &FallbackWhen) -> String {
    match when {
        FallbackWhen::AtOnce => "at once".to_string(),
        FallbackWhen::After { period } => format!(
            "once {period} {} passed since the question was put",
            if period.amount == 1 { "has" } else { "have" }
        ),
        FallbackWhen::EffortsExhausted => "once efforts at consensus are declared exhausted".to_string(),
    }
}

/// A step's time limit: "within three months (extendable by one month); if
/// it runs out, the step is deemed taken".
pub fn deadline(d: &Deadline) -> String {
    let extension = d.extension.map(|e| format!(" (extendable by {e})")).unwrap_or_default();
    let expiry = match d.expiry {
        Expiry::Overdue => "",
        Expiry::Approved => "; if it runs out, the step is deemed taken",
        Expiry::Lapses => "; if it runs out, the proposal lapses",
    };
    format!("within {}{extension}{expiry}", d.within)
}

/// Who may object in an objection step.
pub fn objector(o: &Objector) -> String {
    match o {
        Objector::AnyMember => "any member".to_string(),
        Objector::AnyOf { body } => format!("any one of `{body}`"),
    }
}

/// What sets a sanction off.
pub fn trigger(t: &Trigger) -> String {
    match t {
        Trigger::BreachOfArticle { article } => format!("a breach of article {article}"),
        Trigger::BreachOfProvision { label } => format!("a breach of `{label}`"),
        Trigger::FailureOfCriterion { criterion } => format!("failing the criterion `{criterion}`"),
        Trigger::FailureOfMembershipCriteria => "failing the membership criteria".to_string(),
    }
}

/// One step of a decision procedure, with when it is needed.
pub fn step(s: &crate::ir::Step) -> String {
    let said = step_kind(&s.kind);
    match &s.when {
        Some(e) => format!("{said}, only when {e}"),
        None => said,
    }
}

/// What a step of a decision procedure is.
pub fn step_kind(s: &ProcedureStep) -> String {
    let taker = |t: &StepTaker| match t {
        StepTaker::Body { body } => format!("`{body}`"),
        StepTaker::Concerned => "the member concerned".to_string(),
    };
    match s {
        ProcedureStep::Initiative { by } => {
            let who: Vec<String> = by
                .iter()
                .map(|i| match i {
                    Initiator::Body { body } => format!("`{body}`"),
                    Initiator::AnyMember => "any member".to_string(),
                    Initiator::Share { share } => format!("{} of the members", fraction(*share)),
                    Initiator::Concerned => "the member concerned".to_string(),
                    Initiator::Applicant => "the applicant".to_string(),
                })
                .collect();
            format!("initiated by {}", who.join(" or "))
        }
        ProcedureStep::Consultation { of, period, deadline } => {
            let first = match period {
                Some(p) => format!("after consulting {} for {p}", taker(of)),
                None => format!("after consulting {}", taker(of)),
            };
            format!("{first}{}", limit(deadline.as_ref()))
        }
        ProcedureStep::Consent { of, rule, deadline } => {
            let first = match rule {
                Some(r) => format!("with the consent of {} by `{r}`", taker(of)),
                None => format!("with the consent of {}", taker(of)),
            };
            format!("{first}{}", limit(deadline.as_ref()))
        }
        ProcedureStep::Decision {
            body,
            rule,
            excluding_concerned,
            deadline,
        } => format!(
            "decided by `{body}` by `{rule}`{}{}",
            if *excluding_concerned {
                ", the members concerned not voting"
            } else {
                ""
            },
            limit(deadline.as_ref())
        ),
        ProcedureStep::Objection { by, within } => {
            format!("unless {} objects within {within}", objector(by))
        }
        ProcedureStep::Ratification { share, applicant } => format!(
            "ratified by {}{}",
            if share.same(Rational::ONE) {
                "all members".to_string()
            } else {
                format!("{} of the members", fraction(*share))
            },
            if *applicant { " and the applicant" } else { "" }
        ),
        ProcedureStep::Prerequisite { procedure } => format!("once the procedure `{procedure}` is complete"),
        ProcedureStep::Request { by, within } => match within {
            Some(d) => {
                format!("after `{by}` requests the member concerned to comply and it has not complied within {d}")
            }
            None => format!("after `{by}` requests the member concerned to comply and it has not complied"),
        },
    }
}

/// `, within three months ...` after a step, or nothing.
fn limit(d: Option<&Deadline>) -> String {
    d.map(|d| format!(", {}", deadline(d))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_rule(source: &str) -> Rule {
        let mut sources = crate::source::SourceMap::new();
        let unit = crate::parse_source(&mut sources, "t.treaty", source.as_bytes());
        let Some(crate::ast::Document::Treaty(t)) = unit.document else {
            panic!("not a treaty: {:?}", unit.diagnostics)
        };
        let rule = t.items.iter().find_map(|i| match i {
            crate::ast::Item::Rule(r) => Some(crate::ir::rule(r)),
            _ => None,
        });
        rule.unwrap_or_else(|| panic!("no rule"))
    }

    #[test]
    fn a_qualified_majority_reads_with_its_figures() {
        let r = parse_rule(
            "treaty t { facts member { population: count } rule qmv = members >= 55% and members >= 15 when membership >= 15 and population >= 65% and blocking minority >= 4 members }",
        );
        assert_eq!(
            rule(&r),
            "at least 55% of the members in favour; at least 15 members in favour when the membership is at least 15; \
             members in favour representing at least 65% of the population; \
             4 members can block (fewer cannot: the majority is then deemed attained)"
        );
    }

    #[test]
    fn a_share_that_is_no_round_percentage_stays_a_fraction() {
        let r =
            parse_rule("treaty t { rule court = simple majority and quorum >= 2/3 of members and members >= 72.5% }");
        assert_eq!(
            rule(&r),
            "more votes in favour than against; a quorum: at least 2/3 of the members present; \
             at least 72.5% of the members in favour"
        );
    }

    #[test]
    fn a_double_majority_reads_as_one_sentence() {
        let r = parse_rule(
            "treaty t { facts member { population: count } rule qmv = members >= 55% and members >= 15 when all members take part and population >= 65% and blocking minority >= 4 members }",
        );
        assert_eq!(
            sentence(&r),
            "adopted when at least 55% of the members, representing at least 65% of the population, vote in favour, \
             with at least 15 members in favour when all members take part; \
             a blocking minority needs at least four members: fewer than four not in favour cannot block, \
             and the majority is then deemed attained"
        );
        let simple = crate::ir::builtin_rule(crate::ast::BuiltinRule::SimpleMajority);
        assert_eq!(sentence(&simple), "adopted with more votes in favour than against");
    }

    #[test]
    fn a_built_in_rule_reads_as_the_kernel_decides_it() {
        let r = crate::ir::builtin_rule(crate::ast::BuiltinRule::SimpleMajority);
        assert_eq!(rule(&r), "more votes in favour than against");
    }

    #[test]
    fn acts_relationships_triggers_and_steps_read_as_the_treaty_writes_them() {
        let council = || "Council".to_string();
        assert_eq!(
            act(&Act::Decision {
                body: council(),
                decision: "admission".to_string()
            }),
            "`Council` deciding `admission`"
        );
        assert_eq!(
            relation(RelationKind::ProposesTo, Some("budget"), Some("Ministers")),
            "proposes `budget` to `Ministers`"
        );
        assert_eq!(
            relation(RelationKind::HeadedBy, None, Some("President")),
            "is headed by `President`"
        );
        assert_eq!(
            trigger(&Trigger::BreachOfArticle {
                article: "2(4)".to_string()
            }),
            "a breach of article 2(4)"
        );
        assert_eq!(
            step_kind(&ProcedureStep::Ratification {
                share: Rational::ONE,
                applicant: true
            }),
            "ratified by all members and the applicant"
        );
        assert_eq!(
            step_kind(&ProcedureStep::Initiative {
                by: vec![Initiator::Body { body: council() }, Initiator::AnyMember]
            }),
            "initiated by `Council` or any member"
        );
        assert_eq!(
            step(&crate::ir::Step {
                kind: ProcedureStep::Request {
                    by: "Commission".to_string(),
                    within: None
                },
                when: Some(crate::ir::Expr::Fact("situation.monetary".to_string())),
            }),
            "after `Commission` requests the member concerned to comply and it has not complied, only when situation.monetary"
        );
        assert_eq!(effect_words(Effect::CountsAgainst), "counts against");
    }
}
