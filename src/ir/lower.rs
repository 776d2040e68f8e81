//! The resolved model of one stage, lowered to the IR.

use std::collections::BTreeMap;

use crate::ast::{self, ExprKind, Rational};
use crate::model::Model;
use crate::source::{SourceMap, Span};

use super::*;

/// Lowers a stage's model. `sources` gives positions for provenance.
pub fn lower(model: &Model<'_>, sources: &SourceMap) -> Program {
    let l = Lowering { sources };
    let mut rules: BTreeMap<String, Rule> = BTreeMap::new();
    for r in model.rules.values() {
        let mut rule = l.rule(r.node, r.article);
        rule.before = r.node.before.as_ref().map(|b| l.rule_name(b, &mut rules));
        rule.fallback = r.node.fallback.as_ref().map(|f| crate::ir::Fallback {
            rule: l.rule_name(&f.rule, &mut rules),
            when: match &f.when {
                ast::FallbackWhen::AtOnce => crate::ir::FallbackWhen::AtOnce,
                ast::FallbackWhen::After { period } => crate::ir::FallbackWhen::After { period: period.length },
                ast::FallbackWhen::EffortsExhausted { .. } => crate::ir::FallbackWhen::EffortsExhausted,
            },
        });
        rules.insert(rule.name.clone(), rule);
    }
    let mut bodies = Vec::new();
    for b in model.bodies.values() {
        let n = b.node;
        let powers = n
            .powers
            .iter()
            .map(|p| Power {
                decision: p.decision.name.clone(),
                rule: l.rule_name(&p.rule, &mut rules),
                excluding_concerned: p.options.excluding_concerned.is_some(),
                exclusive: p.exclusive.is_some(),
                requires: l.requirements(&p.options, &mut rules),
                provenance: l.provenance(b.article, p.span),
            })
            .collect();
        let other_questions = n.other_questions.as_ref().map(|o| Power {
            decision: crate::ir::OTHER_QUESTIONS.to_string(),
            rule: l.rule_name(&o.rule, &mut rules),
            excluding_concerned: false,
            exclusive: false,
            requires: Requirements::default(),
            provenance: l.provenance(b.article, o.span),
        });
        bodies.push(Body {
            name: n.name.name.clone(),
            title: n.title.as_ref().map(|t| t.value.clone()),
            kind: match n.kind {
                ast::BodyKind::Internal => BodyKind::Body,
                ast::BodyKind::External => BodyKind::External,
                ast::BodyKind::Office => BodyKind::Office,
            },
            seats: n.seats.first().map(|s| match &s.count {
                ast::SeatCount::OnePerMember => Seats::OnePerMember,
                // Invariant: a fixed count is a whole number up to u32::MAX (E0019, E0013).
                ast::SeatCount::Fixed(k) => Seats::Fixed(whole(k)),
                ast::SeatCount::Table(shares) => Seats::Table(
                    shares
                        .iter()
                        .map(|s| SeatShare {
                            member: s.member.name.clone(),
                            seats: whole(&s.seats),
                        })
                        .collect(),
                ),
            }),
            seat_origin: n.seats.first().and_then(|s| s.origin.as_ref()).map(|o| match o {
                ast::SeatOrigin::ElectedDirectly => SeatOrigin::ElectedDirectly,
                ast::SeatOrigin::ElectedBy(t) => SeatOrigin::ElectedBy(target(t)),
                ast::SeatOrigin::AppointedBy(t) => SeatOrigin::AppointedBy(target(t)),
            }),
            permanent_seats: n.permanent_seats.iter().map(|i| i.name.clone()).collect(),
            elected_seats: n.elected_seats.as_ref().map(|e| ElectedSeats {
                count: whole(&e.count),
                elected_by: e.by.as_ref().map(target),
                term: e.term.as_ref().map(|t| term(t, whole(&e.count))),
            }),
            seat_term: n.seats.first().and_then(|s| {
                let seats = match &s.count {
                    ast::SeatCount::Fixed(n) => whole(n),
                    ast::SeatCount::Table(shares) => shares.iter().map(|s| whole(&s.seats)).sum(),
                    // Persons are not seated one per member; the checker says so.
                    ast::SeatCount::OnePerMember => 0,
                };
                s.term.as_ref().map(|t| term(t, seats))
            }),
            seat_conditions: n
                .seat_conditions
                .iter()
                .map(|c| crate::ir::SeatCondition {
                    fact: c.fact.name.clone(),
                    before_rounding: c.before_rounding,
                    at_least: c.at_least.as_ref().map(whole),
                    at_most: c.at_most.as_ref().map(whole),
                    total: c.total.as_ref().map(|(n, _)| whole(n)),
                    total_is_ceiling: c.total.as_ref().is_some_and(|(_, most)| *most),
                })
                .collect(),
            seat_rule: n.seat_rule.as_ref().and_then(|r| seat_rule(r, n.seats.first())),
            powers,
            other_questions,
            relations: n
                .relations
                .iter()
                .map(|r| Relation {
                    kind: r.kind,
                    decision: r.decision.as_ref().map(|d| d.name.clone()),
                    target: r.target.as_ref().map(target),
                    provenance: l.provenance(b.article, r.span),
                })
                .collect(),
            vote_losses: n
                .vote_losses
                .iter()
                .map(|v| VoteLoss {
                    when: l.expr(&v.when),
                    permitted_by: v.permitted_by.as_ref().map(|b| b.name.clone()),
                })
                .collect(),
            text: texts(&n.text),
            provenance: l.provenance(b.article, n.name.span),
        });
    }
    let sanctions = model
        .sanctions
        .iter()
        .map(|s| {
            let n = s.node;
            Sanction {
                name: n.name.as_ref().map(|i| i.name.clone()),
                triggers: n
                    .triggers
                    .iter()
                    .map(|t| match t {
                        ast::Trigger::BreachOfArticle { article, .. } => Trigger::BreachOfArticle {
                            article: article.text.clone(),
                        },
                        ast::Trigger::BreachOfProvision { provision, .. } => Trigger::BreachOfProvision {
                            label: provision.name.clone(),
                        },
                        ast::Trigger::FailureOfCriterion { criterion, .. } => Trigger::FailureOfCriterion {
                            criterion: criterion.name.clone(),
                        },
                        ast::Trigger::FailureOfMembershipCriteria { .. } => Trigger::FailureOfMembershipCriteria,
                    })
                    .collect(),
                body: n.body.name.clone(),
                measure: n.measure.value.clone(),
                rule: l.rule_name(&n.rule, &mut rules),
                excluding_concerned: n.options.excluding_concerned.is_some(),
                requires: l.requirements(&n.options, &mut rules),
                provenance: l.provenance(s.article, n.span),
            }
        })
        .collect();
    let mut facts = Vec::new();
    for (entity, schema) in &model.facts {
        for (name, a) in &schema.attributes {
            facts.push(l.fact(entity, name, a));
        }
    }
    let stages = model
        .treaty
        .items
        .iter()
        .filter_map(|i| match i {
            ast::Item::Stage(s) => Some(Stage {
                name: s.name.name.clone(),
                title: s.title.as_ref().map(|t| t.value.clone()),
                after: s.after.as_ref().map(|a| a.name.clone()),
                entry: s.entry.as_ref().map(|e| l.expr(e)),
                text: s
                    .changes
                    .iter()
                    .filter_map(|c| match c {
                        ast::Change::Text(t) => Some(t.value.clone()),
                        _ => None,
                    })
                    .collect(),
                provenance: l.provenance(None, s.span),
            }),
            _ => None,
        })
        .collect();
    let articles = model
        .articles
        .values()
        .map(|a| Article {
            number: a.number.text.clone(),
            title: a.title.as_ref().map(|t| t.value.clone()),
            text: item_texts(&a.items),
            entrenched: a.entrenchment.as_ref().map(|e| Entrenchment {
                amendable_by: e.amendable_by.as_ref().map(|r| l.rule_name(r, &mut rules)),
            }),
            provenance: l.provenance(Some(a), a.number.span),
        })
        .collect();
    let funds = model
        .funds
        .values()
        .map(|f| {
            let n = f.node;
            Fund {
                name: n.name.name.clone(),
                title: n.title.as_ref().map(|t| t.value.clone()),
                share: n.share.as_ref().map(|s| s.amount.value),
                share_of: n.share.as_ref().map(|s| s.of.name.clone()),
                managed_by: n.managed_by.as_ref().map(target),
                cooperates_with: n.cooperates_with.iter().map(target).collect(),
                beneficiaries: n.beneficiaries.as_ref().map(|e| l.expr(e)),
                text: texts(&n.text),
                provenance: l.provenance(f.article, n.span),
            }
        })
        .collect();
    let amendment_procedure = model.procedures.first().map(|p| {
        let n = p.node;
        AmendmentProcedure {
            proposed_by: names(&n.proposed_by),
            adopted_by: n
                .adopted_by
                .as_ref()
                .map(|(body, rule)| (body.name.clone(), l.rule_name(rule, &mut rules))),
            ratified_by: n.ratified_by.as_ref().map(ratifiers),
            text: texts(&n.text),
            provenance: l.provenance(p.article, n.span),
        }
    });
    let procedures = model
        .decision_procedures
        .values()
        .map(|p| {
            let n = p.node;
            let steps = n
                .steps
                .iter()
                .map(|step| Step {
                    kind: match &step.kind {
                        ast::StepKind::Initiative { by, .. } => ProcedureStep::Initiative {
                            by: by
                                .iter()
                                .map(|i| match i {
                                    ast::Initiator::Body { body } => Initiator::Body {
                                        body: body.name.clone(),
                                    },
                                    ast::Initiator::AnyMember { .. } => Initiator::AnyMember,
                                    ast::Initiator::Share { share } => Initiator::Share { share: share.value },
                                    ast::Initiator::Concerned { .. } => Initiator::Concerned,
                                    ast::Initiator::Applicant { .. } => Initiator::Applicant,
                                })
                                .collect(),
                        },
                        ast::StepKind::Consultation {
                            of, period, deadline, ..
                        } => ProcedureStep::Consultation {
                            of: taker(of),
                            period: period.as_ref().map(|d| d.length),
                            deadline: deadline.as_ref().map(step_deadline),
                        },
                        ast::StepKind::Consent { of, rule, deadline, .. } => ProcedureStep::Consent {
                            of: taker(of),
                            rule: rule.as_ref().map(|r| l.rule_name(r, &mut rules)),
                            deadline: deadline.as_ref().map(step_deadline),
                        },
                        ast::StepKind::Decision {
                            body,
                            rule,
                            excluding_concerned,
                            deadline,
                            ..
                        } => ProcedureStep::Decision {
                            body: body.name.clone(),
                            rule: l.rule_name(rule, &mut rules),
                            excluding_concerned: excluding_concerned.is_some(),
                            deadline: deadline.as_ref().map(step_deadline),
                        },
                        ast::StepKind::Objection { by, within, .. } => ProcedureStep::Objection {
                            by: match by {
                                ast::Objector::AnyMember { .. } => crate::ir::Objector::AnyMember,
                                ast::Objector::AnyOf { body } => crate::ir::Objector::AnyOf {
                                    body: body.name.clone(),
                                },
                            },
                            within: within.length,
                        },
                        ast::StepKind::Ratification { by, applicant, .. } => ProcedureStep::Ratification {
                            share: ratifiers(by),
                            applicant: applicant.is_some(),
                        },
                        ast::StepKind::Prerequisite { procedure, .. } => ProcedureStep::Prerequisite {
                            procedure: procedure.name.clone(),
                        },
                        ast::StepKind::Request { by, within, .. } => ProcedureStep::Request {
                            by: by.name.clone(),
                            within: within.as_ref().map(|d| d.length),
                        },
                    },
                    when: step.when.as_ref().map(|e| l.expr(e)),
                })
                .collect();
            Procedure {
                name: n.name.name.clone(),
                title: n.title.as_ref().map(|t| t.value.clone()),
                act: n.act.as_ref().map(|a| a.name.clone()),
                steps,
                text: texts(&n.text),
                provenance: l.provenance(p.article, n.span),
            }
        })
        .collect();
    let preamble = item_texts(&model.treaty.items);
    let mut membership = MembershipRules::default();
    for m in &model.membership {
        match m.node {
            ast::MembershipChange::Accession { by, on_deposit, span } => {
                membership.accession = Some(Accession {
                    by: act(by),
                    on_deposit: on_deposit.is_some(),
                    provenance: l.provenance(m.article, *span),
                })
            }
            ast::MembershipChange::Suspension { by, revoked_by, .. } => {
                membership.suspension = Some(act(by));
                membership.revocation = revoked_by.as_ref().map(act);
            }
            ast::MembershipChange::Expulsion { by, .. } => membership.expulsion = Some(act(by)),
            ast::MembershipChange::Withdrawal(w) => {
                // Invariant: the shortest delay is the one that decides; the
                // checker reports a withdrawal with two delays only as written.
                let on_expiry = w
                    .takes_effect
                    .iter()
                    .any(|e| matches!(e, ast::EffectTime::Delay { on_expiry: true, .. }));
                let after_notice = w
                    .takes_effect
                    .iter()
                    .filter_map(|e| match e {
                        ast::EffectTime::Delay { length, .. } => Some(length.length),
                        ast::EffectTime::On { .. } | ast::EffectTime::YearEnd { .. } => None,
                    })
                    .min_by_key(|l| l.shortest_days());
                membership.withdrawal = Some(WithdrawalRule {
                    title: w.title.as_ref().map(|t| t.value.clone()),
                    notice_to: w.notice_to.as_ref().map(|b| b.name.clone()),
                    open_after: w.open_after.as_ref().map(|d| d.length),
                    after_notice,
                    on_expiry,
                    on: w
                        .takes_effect
                        .iter()
                        .filter_map(|e| match e {
                            ast::EffectTime::On { act: a } => Some(act(a)),
                            ast::EffectTime::Delay { .. } | ast::EffectTime::YearEnd { .. } => None,
                        })
                        .collect(),
                    // Whichever comes first: the end of the year of notice.
                    at_year_end: w
                        .takes_effect
                        .iter()
                        .filter_map(|e| match e {
                            ast::EffectTime::YearEnd { following, .. } => Some(if *following {
                                YearEnd::FollowingNotice
                            } else {
                                YearEnd::OfNotice
                            }),
                            ast::EffectTime::Delay { .. } | ast::EffectTime::On { .. } => None,
                        })
                        .min(),
                    extension: w.extension.as_ref().map(act),
                    text: texts(&w.text),
                    provenance: l.provenance(m.article, w.span),
                })
            }
        }
    }
    Program {
        ir_version: IR_VERSION,
        treaty: model.treaty.name.name.clone(),
        title: model.treaty.title.as_ref().map(|t| t.value.clone()),
        stage: model.stage_name().map(str::to_string),
        facts,
        in_force_from: model.entry_into_force.map(|d| d.date),
        entry_condition: model.entry_condition.map(|c| entry_condition(model, c)),
        members: model
            .parties
            .values()
            .map(|p| Member {
                id: p.id.name.clone(),
                name: p.name.as_ref().map(|n| n.value.clone()),
            })
            .collect(),
        other_states: model
            .other_states
            .values()
            .map(|p| Member {
                id: p.id.name.clone(),
                name: p.name.as_ref().map(|n| n.value.clone()),
            })
            .collect(),
        membership,
        bodies,
        rules: rules.into_values().collect(),
        criteria: model
            .criteria
            .values()
            .map(|c| MembershipCriterion {
                name: c.node.name.name.clone(),
                title: c.node.title.as_ref().map(|t| t.value.clone()),
                kept_by_members: c.node.kept.is_some(),
                test: l.expr(&c.node.test),
                provenance: l.provenance(c.article, c.node.span),
            })
            .collect(),
        obligations: model
            .provisions
            .iter()
            .map(|p| l.obligation(model, p.node, p.article))
            .collect(),
        sanctions,
        stages,
        articles,
        funds,
        amendment_procedure,
        amendments: amendments(model, &l),
        procedures,
        preamble,
    }
}

/// The amendments open to acceptance, from the treaty as written: an amendment
/// with no entry into force (reported by the checker) is left out.
fn amendments(model: &Model<'_>, l: &Lowering<'_>) -> Vec<crate::ir::Amendment> {
    model
        .treaty
        .items
        .iter()
        .filter_map(|i| match i {
            ast::Item::Amendment(a) => Some(a),
            _ => None,
        })
        .filter_map(|a| {
            let in_force = a.in_force.as_ref()?;
            Some(crate::ir::Amendment {
                name: a.name.name.clone(),
                title: a.title.as_ref().map(|t| t.value.clone()),
                binds_all: in_force.binds_all,
                entry: entry_condition(model, &in_force.condition),
                covers: a
                    .covers
                    .iter()
                    .filter_map(|r| match r.kind {
                        ast::ItemKind::Article => Some(crate::ir::Covered::Article { number: r.name.clone() }),
                        ast::ItemKind::Provision => Some(crate::ir::Covered::Provision { label: r.name.clone() }),
                        // E0141: only articles and provisions.
                        _ => None,
                    })
                    .collect(),
                withdrawal_at_once: a.withdrawal_at_once.as_ref().map(|d| d.length),
                text: a.text.iter().map(|t| t.value.clone()).collect(),
                provenance: l.provenance(None, a.span),
            })
        })
        .collect()
}

fn entry_condition(model: &Model<'_>, c: &ast::EntryCondition) -> EntryCondition {
    let parts = c
        .parts
        .iter()
        .map(|p| match p {
            ast::EntryPart::Count { count } => EntryPart::Count { count: whole(count) },
            ast::EntryPart::MemberShare { share } => EntryPart::MemberShare { share: share.value },
            ast::EntryPart::Weight { share, fact } => EntryPart::Weight {
                share: share.value,
                fact: fact.name.clone(),
            },
            ast::EntryPart::Including { states, .. } => EntryPart::Including { states: names(states) },
            ast::EntryPart::IncludingPermanent { body, .. } => EntryPart::Including {
                states: model
                    .resolution
                    .body(body)
                    .map(|id| names(&model.bodies.get(id).node.permanent_seats))
                    .unwrap_or_default(),
            },
        })
        .collect();
    EntryCondition {
        delay: c.delay.as_ref().map(|d| d.length),
        parts,
        not_counting: names(&c.not_counting),
    }
}

fn act(a: &ast::ActRef) -> Act {
    match a {
        ast::ActRef::Procedure { procedure } => Act::Procedure {
            procedure: procedure.name.clone(),
        },
        ast::ActRef::Decision { body, decision } => Act::Decision {
            body: body.name.clone(),
            decision: decision.name.clone(),
        },
    }
}

/// The days a rule or provision is in force, as written.
pub fn window(v: &ast::Validity) -> Window {
    Window {
        from: v.from.map(|d| d.date),
        until: v.until.map(|d| d.date),
    }
}

fn timing(t: &ast::Timing) -> Timing {
    match t {
        ast::Timing::Immediately { .. } => Timing::Immediately,
        ast::Timing::Forthwith { .. } => Timing::Forthwith,
        ast::Timing::Regularly { .. } => Timing::Regularly,
        ast::Timing::Every { length, .. } => Timing::Every { length: length.length },
        ast::Timing::Within { length, from, .. } => Timing::Within {
            length: length.length,
            from: moment(from),
        },
        ast::Timing::After { length, from, .. } => Timing::After {
            length: length.length,
            from: moment(from),
        },
    }
}

fn moment(m: &ast::Moment) -> Moment {
    match m {
        ast::Moment::EntryIntoForce { .. } => Moment::EntryIntoForce,
        ast::Moment::Notice { .. } => Moment::Notice,
        ast::Moment::Accession { .. } => Moment::Accession,
        ast::Moment::Decision { body, decision } => Moment::Decision {
            body: body.name.clone(),
            decision: decision.name.clone(),
        },
    }
}

/// Who takes a consultation or a consent.
fn taker(t: &ast::StepTaker) -> StepTaker {
    match t {
        ast::StepTaker::Body { body } => StepTaker::Body {
            body: body.name.clone(),
        },
        ast::StepTaker::Concerned { .. } => StepTaker::Concerned,
    }
}

/// The legal text written among `items` (an article's, or the treaty's own).
fn item_texts(items: &[ast::Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| match i {
            ast::Item::Text(t) => Some(t.value.clone()),
            _ => None,
        })
        .collect()
}

fn texts(t: &[ast::Text]) -> Vec<String> {
    t.iter().map(|t| t.value.clone()).collect()
}

/// A body's name, `members` or `treaty`.
fn target(t: &ast::Target) -> String {
    match t {
        ast::Target::Members { .. } => "members".to_string(),
        ast::Target::Treaty { .. } => "treaty".to_string(),
        ast::Target::Body(id) => id.name.clone(),
    }
}

struct Lowering<'s> {
    sources: &'s SourceMap,
}

fn names(ids: &[ast::Ident]) -> Vec<String> {
    ids.iter().map(|i| i.name.clone()).collect()
}

fn ratifiers(r: &ast::Ratifiers) -> Rational {
    match r {
        ast::Ratifiers::All { .. } => Rational::integer(1),
        ast::Ratifiers::Share { share } => share.value,
    }
}

/// Every option of a power or sanction, so that none is dropped on the way to `eval`.
fn requirements(o: &ast::PowerOptions) -> Requirements {
    Requirements {
        on_proposal_from: names(&o.on_proposal_from),
        // Named by `Lowering::requirements`, which registers the rules they name.
        otherwise_by: None,
        classified_by: None,
        jointly_with: names(&o.jointly_with),
        authorisation_by: names(&o.authorisation_by),
        ratification: o.ratification.as_ref().map(ratifiers),
        prevailing_over: names(&o.prevailing_over),
        agreement_of_concerned: o.agreement_of_concerned.is_some(),
    }
}

fn cmp(c: ast::Comparison) -> Cmp {
    match c {
        ast::Comparison::Ge => Cmp::Ge,
        ast::Comparison::Gt => Cmp::Gt,
        ast::Comparison::Le => Cmp::Le,
        ast::Comparison::Lt => Cmp::Lt,
        ast::Comparison::Eq => Cmp::Eq,
        ast::Comparison::Ne => Cmp::Ne,
    }
}

fn base(b: ast::ShareBase) -> Base {
    match b {
        ast::ShareBase::AllMembers | ast::ShareBase::Participants => Base::Members,
        ast::ShareBase::VotesCast => Base::VotesCast,
        ast::ShareBase::Present => Base::Present,
    }
}

fn builtin(b: ast::BuiltinRule) -> (&'static str, Criterion) {
    match b {
        ast::BuiltinRule::Unanimity => ("unanimity", Criterion::Unanimity),
        ast::BuiltinRule::Consensus => ("consensus", Criterion::Consensus),
        ast::BuiltinRule::SimpleMajority => ("simple majority", Criterion::SimpleMajority),
        ast::BuiltinRule::AbsoluteMajority => ("absolute majority", Criterion::AbsoluteMajority),
        ast::BuiltinRule::TwoThirdsMajority => ("two-thirds majority", Criterion::TwoThirdsMajority),
    }
}

/// A built-in rule's meaning, as a rule of its own named by its keywords.
pub fn builtin_rule(b: ast::BuiltinRule) -> Rule {
    let (name, criterion) = builtin(b);
    Rule {
        name: name.to_string(),
        title: None,
        criteria: vec![criterion],
        abstention: Effect::CountsAgainst,
        absence: Effect::CountsAgainst,
        in_force: Window::default(),
        before: None,
        fallback: None,
        provenance: None,
    }
}

/// A voting rule's meaning: its criteria and what abstention and absence do
/// (no provenance). The checker asks the voting kernel about rules through it.
pub fn rule(r: &ast::VotingRule) -> Rule {
    let mut abstention = Effect::CountsAgainst;
    let mut absence = Effect::CountsAgainst;
    for c in &r.clauses {
        match c {
            ast::RuleClause::Abstention { effect: e, .. } => abstention = effect(*e),
            ast::RuleClause::Absence { effect: e, .. } => absence = effect(*e),
            _ => {}
        }
    }
    Rule {
        name: r.name.name.clone(),
        title: r.title.as_ref().map(|t| t.value.clone()),
        criteria: r.clauses.iter().filter_map(criterion).collect(),
        abstention,
        absence,
        in_force: window(&r.validity),
        before: None,
        fallback: None,
        provenance: None,
    }
}

/// The criterion a rule clause states; `None` for the clauses on abstention and absence.
pub fn criterion(c: &ast::RuleClause) -> Option<Criterion> {
    Some(match c {
        ast::RuleClause::Builtin { builtin: b, .. } => builtin(*b).1,
        ast::RuleClause::Threshold {
            measure,
            comparison,
            amount,
            base: b,
            only_when_all_take_part,
            only_when_membership,
            ..
        } => {
            let share = amount.kind != ast::NumberKind::Plain;
            let only_when_all_take_part = only_when_all_take_part.is_some();
            let only_when_membership = only_when_membership.as_ref().map(|m| Membership {
                cmp: cmp(m.comparison),
                value: m.amount.value,
            });
            match measure {
                ast::Measure::Members => Criterion::Members {
                    cmp: cmp(*comparison),
                    value: amount.value,
                    share,
                    base: base(*b),
                    only_when_all_take_part,
                    only_when_membership,
                },
                ast::Measure::Weight(w) => Criterion::Weight {
                    attribute: w.name.clone(),
                    cmp: cmp(*comparison),
                    value: amount.value,
                    share,
                    base: base(*b),
                    only_when_all_take_part,
                    only_when_membership,
                },
            }
        }
        ast::RuleClause::BlockingMinority { comparison, amount, .. } => {
            // Invariant: lowering reported any amount that is not a whole count
            // up to u32::MAX (E0019, E0013), and a treaty with errors is never
            // lowered; a fallback here would be a silent 0, so saturate instead.
            let k = amount.as_integer().unwrap_or(i128::MAX) + i128::from(*comparison == ast::Comparison::Gt);
            Criterion::BlockingMinority {
                min_members: u64::try_from(k).unwrap_or(u64::MAX),
            }
        }
        ast::RuleClause::Veto { holders, .. } => Criterion::Veto {
            holders: match holders {
                ast::VetoHolders::PermanentMembers => VetoHolders::PermanentMembers,
                ast::VetoHolders::Named(ids) => VetoHolders::Members(ids.iter().map(|i| i.name.clone()).collect()),
            },
        },
        ast::RuleClause::Quorum { comparison, amount, .. } => Criterion::Quorum {
            cmp: cmp(*comparison),
            value: amount.value,
            share: amount.kind != ast::NumberKind::Plain,
        },
        ast::RuleClause::Abstention { .. } | ast::RuleClause::Absence { .. } => return None,
    })
}

fn effect(e: ast::VoteEffect) -> Effect {
    match e {
        ast::VoteEffect::CountsAgainst => Effect::CountsAgainst,
        ast::VoteEffect::DoesNotPreventAdoption => Effect::DoesNotPreventAdoption,
        ast::VoteEffect::NotAVeto => Effect::NotAVeto,
    }
}

impl Lowering<'_> {
    /// What a power or a sanction requires besides its vote, with the rule for
    /// other proposers (`otherwise by`) registered among the rules.
    fn requirements(&self, o: &ast::PowerOptions, rules: &mut BTreeMap<String, Rule>) -> Requirements {
        Requirements {
            otherwise_by: o.otherwise.as_ref().map(|(r, _)| self.rule_name(r, rules)),
            classified_by: o.classified_by.as_ref().map(|(r, _)| self.rule_name(r, rules)),
            ..requirements(o)
        }
    }

    fn provenance(&self, article: Option<&ast::Article>, span: Span) -> Provenance {
        let p = self.sources.position(span.file, span.start);
        Provenance {
            article: article.map(|a| a.number.text.clone()),
            file: self.sources.name(span.file).to_string(),
            line: p.line,
            column: p.column,
            start: span.start,
            end: span.end,
        }
    }

    /// The IR name of a rule reference; a built-in rule becomes a rule of its own.
    fn rule_name(&self, r: &ast::RuleRef, rules: &mut BTreeMap<String, Rule>) -> String {
        match r {
            ast::RuleRef::Named(id) => id.name.clone(),
            ast::RuleRef::Builtin { builtin: b, .. } => {
                let rule = builtin_rule(*b);
                let name = rule.name.clone();
                rules.entry(name.clone()).or_insert(rule);
                name
            }
        }
    }

    fn rule(&self, r: &ast::VotingRule, article: Option<&ast::Article>) -> Rule {
        Rule {
            provenance: Some(self.provenance(article, r.span)),
            ..rule(r)
        }
    }

    fn fact(&self, entity: &str, name: &str, a: &ast::Attribute) -> FactDecl {
        let mut decl = FactDecl {
            entity: entity.to_string(),
            name: name.to_string(),
            kind: FactKind::Derived,
            min: None,
            max: None,
            variants: Vec::new(),
            definition: None,
            set_by: a.set_by.as_ref().map(|s| SetBy {
                body: s.body.name.clone(),
                decision: s.decision.name.clone(),
            }),
        };
        match &a.kind {
            ast::AttributeKind::Derived(e) => {
                decl.kind = FactKind::Derived;
                decl.definition = Some(self.expr(e));
            }
            ast::AttributeKind::Declared(t) => {
                decl.kind = match t {
                    ast::FactType::Count => FactKind::Count,
                    ast::FactType::Money => FactKind::Money,
                    ast::FactType::Ratio => FactKind::Ratio,
                    ast::FactType::Percent => FactKind::Percent,
                    ast::FactType::Bool => FactKind::Bool,
                    ast::FactType::Year => FactKind::Year,
                    ast::FactType::Score { .. } => FactKind::Score,
                    ast::FactType::Enumeration { .. } => FactKind::Enumeration,
                };
                if let ast::FactType::Score { min, max } = t {
                    decl.min = Some(min.value);
                    decl.max = Some(max.value);
                }
                if let ast::FactType::Enumeration { variants } = t {
                    decl.variants = variants.iter().map(|v| v.name.clone()).collect();
                }
            }
        }
        decl
    }

    fn expr(&self, e: &ast::Expr) -> Expr {
        expression(e)
    }

    fn obligation(&self, model: &Model<'_>, p: &ast::Provision, article: Option<&ast::Article>) -> Obligation {
        let (subject, filter) = match &p.subject {
            ast::Subject::EveryMember { filter, .. } => ("member".to_string(), filter.as_ref()),
            ast::Subject::EveryCandidate { filter, .. } => ("candidate".to_string(), filter.as_ref()),
            ast::Subject::Organisation { .. } => ("organisation".to_string(), None),
            ast::Subject::Named(id) if id.name == model.treaty.name.name => ("organisation".to_string(), None),
            ast::Subject::Named(id) => (id.name.clone(), None),
        };
        let (action, constraint) = match &p.action {
            ast::Action::Named { phrase, .. } => (Some(phrase.clone()), None),
            ast::Action::Constraint { expr } => (None, Some(self.expr(expr))),
        };
        Obligation {
            label: p.label.as_ref().map(|l| l.name.clone()),
            subject,
            subject_filter: filter.map(|f| self.expr(f)),
            modality: p.modality,
            action,
            constraint,
            when: p
                .conditions
                .iter()
                .filter(|c| c.kind == ast::ConditionKind::When)
                .map(|c| self.expr(&c.expr))
                .collect(),
            unless: p
                .conditions
                .iter()
                .filter(|c| c.kind == ast::ConditionKind::Unless)
                .map(|c| self.expr(&c.expr))
                .collect(),
            prevails_over: p
                .derogations
                .iter()
                .map(|d| match &d.target {
                    ast::DerogationTarget::Article { number } => Precedence::Article {
                        article: number.text.clone(),
                    },
                    ast::DerogationTarget::Provision { label } => Precedence::Provision {
                        label: label.name.clone(),
                    },
                    ast::DerogationTarget::Treaty => Precedence::Treaty,
                })
                .collect(),
            timing: p.timing.as_deref().map(timing),
            in_force: window(&p.validity),
            provenance: self.provenance(article, p.span),
        }
    }
}

/// A count of seats. Invariant: a whole number up to u32::MAX, or the syntax
/// reported it (E0019, E0013).
/// A seat rule as the IR keeps it. Invariant: the checker has named the method
/// (E1105) and found a total, in the rule or in `seats: N` (E1107), so `None`
/// comes only of a treaty with errors, which never reaches the IR.
fn seat_rule(r: &ast::SeatRule, seats: Option<&ast::Seats>) -> Option<crate::ir::SeatRule> {
    let total = match (&r.total, seats.map(|s| &s.count)) {
        (Some(ast::RuleTotal::Fixed(n)), _) => crate::ir::RuleTotal::Fixed(whole(n)),
        (Some(ast::RuleTotal::CubeRoot(_)), _) => crate::ir::RuleTotal::CubeRoot,
        (None, Some(ast::SeatCount::Fixed(n))) => crate::ir::RuleTotal::Fixed(whole(n)),
        (None, _) => return None,
    };
    Some(crate::ir::SeatRule {
        method: r.method()?,
        fact: r.fact.name.clone(),
        square_root: r.square_root,
        base: r.base.as_ref().map(whole),
        total,
        at_least: r.at_least.as_ref().map(whole),
        at_most: r.at_most.as_ref().map(whole),
    })
}

/// A term of office as the IR keeps it, for a class of `seats` seats: a share
/// renewed is turned into seats (the checker reports a share that is not whole).
fn term(t: &ast::TermOfOffice, seats: u64) -> crate::ir::Term {
    crate::ir::Term {
        length: t.length.length,
        renewal: t.renewal.as_ref().map(|r| crate::ir::Renewal {
            seats: match r.share {
                ast::RenewedShare::Seats(n) => n,
                ast::RenewedShare::Fraction { numerator, denominator } => {
                    seats.saturating_mul(numerator) / denominator.max(1)
                }
            },
            every: r.every.length,
        }),
        re_election: t.re_election.as_ref().map(|r| r.limit),
    }
}

fn whole(n: &ast::Number) -> u64 {
    n.as_integer().and_then(|v| u64::try_from(v).ok()).unwrap_or(u64::MAX)
}

/// A step's time limit as the IR keeps it.
fn step_deadline(d: &ast::Deadline) -> crate::ir::Deadline {
    crate::ir::Deadline {
        within: d.within.length,
        extension: d.extension.as_ref().map(|e| e.length),
        expiry: match d.expiry {
            ast::Expiry::Overdue => crate::ir::Expiry::Overdue,
            ast::Expiry::Approved => crate::ir::Expiry::Approved,
            ast::Expiry::Lapses => crate::ir::Expiry::Lapses,
        },
    }
}

/// An expression as the IR holds it.
pub fn expression(e: &ast::Expr) -> Expr {
    match &e.kind {
        ExprKind::Number(n) => Expr::Number {
            value: n.value,
            unit: n
                .unit
                .and_then(|u| serde_json::to_value(u).ok())
                .and_then(|v| v.as_str().map(str::to_string)),
        },
        ExprKind::Bool { value } => Expr::Bool(*value),
        ExprKind::Path { segments } => {
            Expr::Fact(segments.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join("."))
        }
        ExprKind::Unary {
            op: ast::UnaryOp::Not,
            operand,
        } => Expr::Not(Box::new(expression(operand))),
        ExprKind::Unary {
            op: ast::UnaryOp::Neg,
            operand,
        } => Expr::Neg(Box::new(expression(operand))),
        ExprKind::Binary { op, lhs, rhs } => Expr::Binary {
            op: *op,
            lhs: Box::new(expression(lhs)),
            rhs: Box::new(expression(rhs)),
        },
        ExprKind::AuthorisedBy { body } => Expr::AuthorisedBy(body.name.clone()),
        ExprKind::RatifiedBy { ratifiers: r } => Expr::RatifiedBy(ratifiers(r)),
        ExprKind::Total { attribute } => Expr::Total(attribute.name.clone()),
        ExprKind::MemberCount => Expr::MemberCount,
        ExprKind::MembersWith { condition } => Expr::MembersWith(Box::new(expression(condition))),
    }
}
