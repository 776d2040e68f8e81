//! Name resolution: every reference names something the stage's treaty defines,
//! and what it names is recorded, by the reference's place, under a typed id.

use std::collections::BTreeMap;

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{Span, SpanMap};
use crate::suggest::closest as suggest;

use super::types::Ty;
use super::{ArticleId, BodyId, CriterionId, Model, PartyId, ProcedureId, ProvisionId, RuleId};

/// What each reference of a stage's treaty names, and each expression's type.
/// References are known by their place in the source: a reference is written
/// once, so its span is its identity.
#[derive(Debug, Default)]
pub struct Resolution<'a> {
    bodies: SpanMap<BodyId>,
    rules: SpanMap<RuleId>,
    articles: SpanMap<ArticleId>,
    provisions: SpanMap<ProvisionId>,
    criteria: SpanMap<CriterionId>,
    parties: SpanMap<PartyId>,
    procedures: SpanMap<ProcedureId>,
    facts: SpanMap<&'a Attribute>,
    /// The type of every operand of a comparison the type checker saw: what
    /// the conflict analysis asks (whether `=` compares truth values). Not of
    /// every expression: a map of those was a seventh of the heap of a treaty
    /// dense in figures.
    pub types: SpanMap<Ty<'a>>,
}

impl<'a> Resolution<'a> {
    pub fn body(&self, reference: &Ident) -> Option<BodyId> {
        self.bodies.get(&reference.span).copied()
    }

    pub fn rule(&self, reference: &Ident) -> Option<RuleId> {
        self.rules.get(&reference.span).copied()
    }

    pub fn article(&self, reference: &ArticleNumber) -> Option<ArticleId> {
        self.articles.get(&reference.span).copied()
    }

    pub fn provision(&self, reference: &Ident) -> Option<ProvisionId> {
        self.provisions.get(&reference.span).copied()
    }

    pub fn criterion(&self, reference: &Ident) -> Option<CriterionId> {
        self.criteria.get(&reference.span).copied()
    }

    pub fn party(&self, reference: &Ident) -> Option<PartyId> {
        self.parties.get(&reference.span).copied()
    }

    /// The procedure a prerequisite names.
    pub fn procedure(&self, reference: &Ident) -> Option<ProcedureId> {
        self.procedures.get(&reference.span).copied()
    }

    /// The attribute a fact expression reads.
    pub fn fact(&self, e: &Expr) -> Option<&'a Attribute> {
        self.facts.get(&e.span).copied()
    }

    /// The type of an operand of a comparison (`None` for any other expression).
    pub fn type_of(&self, e: &Expr) -> Option<Ty<'a>> {
        self.types.get(&e.span).copied()
    }

    /// Every reference resolved, with its place and what it names: for tools that
    /// go from a place in the text to what it names (the language server). In the
    /// hashed maps' order, which is no order: a caller that shows them sorts them.
    pub fn references(&self) -> impl Iterator<Item = (Span, Named<'a>)> + '_ {
        let bodies = self.bodies.iter().map(|(s, id)| (*s, Named::Body(*id)));
        let rules = self.rules.iter().map(|(s, id)| (*s, Named::Rule(*id)));
        let articles = self.articles.iter().map(|(s, id)| (*s, Named::Article(*id)));
        let provisions = self.provisions.iter().map(|(s, id)| (*s, Named::Provision(*id)));
        let criteria = self.criteria.iter().map(|(s, id)| (*s, Named::Criterion(*id)));
        let parties = self.parties.iter().map(|(s, id)| (*s, Named::Party(*id)));
        let procedures = self.procedures.iter().map(|(s, id)| (*s, Named::Procedure(*id)));
        let facts = self.facts.iter().map(|(s, a)| (*s, Named::Fact(a)));
        bodies
            .chain(rules)
            .chain(articles)
            .chain(provisions)
            .chain(criteria)
            .chain(parties)
            .chain(procedures)
            .chain(facts)
    }
}

/// What a resolved reference names. A fact's place is the whole expression that
/// reads it (`world.population`, `total population of members`).
#[derive(Debug, Clone, Copy)]
pub enum Named<'a> {
    Body(BodyId),
    Rule(RuleId),
    Article(ArticleId),
    Provision(ProvisionId),
    Criterion(CriterionId),
    Party(PartyId),
    Procedure(ProcedureId),
    Fact(&'a Attribute),
}

/// Resolves every reference of a model: what it names is recorded; references
/// to bodies, rules, articles, provisions, criteria, parties and facts that do
/// not exist are reported, and so are proposals to bodies that do not take the
/// decision.
pub(super) fn resolve<'a>(model: &Model<'a>) -> (Resolution<'a>, Vec<Diagnostic>) {
    let mut r = Resolver {
        model,
        resolution: Resolution::default(),
        diagnostics: Vec::new(),
    };
    r.run();
    (r.resolution, r.diagnostics)
}

struct Resolver<'m, 'a> {
    model: &'m Model<'a>,
    resolution: Resolution<'a>,
    diagnostics: Vec<Diagnostic>,
}

/// Builds "there is no X `name`" with a suggestion from `candidates`.
pub(crate) fn undefined<'c>(
    code: Code,
    what: &str,
    name: &Ident,
    candidates: impl IntoIterator<Item = &'c str>,
    fallback_help: &str,
) -> Diagnostic {
    let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let d = Diagnostic::new(code, name.span, format!("there is no {what} `{}`", name.name))
        .with_primary_label(format!("not {article} {what} of this treaty"));
    match suggest(&name.name, candidates) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(fallback_help.to_string()),
    }
}

impl<'a> Resolver<'_, 'a> {
    fn run(&mut self) {
        let model = self.model;
        for body in model.bodies.values() {
            let b = body.node;
            for seats in &b.seats {
                match &seats.origin {
                    Some(SeatOrigin::ElectedBy(t)) | Some(SeatOrigin::AppointedBy(t)) => self.target(t),
                    _ => {}
                }
                if let SeatCount::Table(shares) = &seats.count {
                    for share in shares {
                        self.party(&share.member);
                    }
                }
            }
            if let Some(t) = b.elected_seats.as_ref().and_then(|e| e.by.as_ref()) {
                self.target(t);
            }
            for id in &b.permanent_seats {
                self.party(id);
            }
            for p in &b.powers {
                self.rule_ref(&p.rule);
                self.options(&p.options);
                if let (Some((_, span)), None) = (&p.options.classified_by, &b.other_questions) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::E0140,
                            *span,
                            format!(
                                "a contested question that `classified by` refuses has no rule: `{}` decides no other questions",
                                b.name.name
                            ),
                        )
                        .with_primary_label("refused, the question goes to the body's other questions")
                        .with_label(b.name.span, format!("`{}` is declared here", b.name.name))
                        .with_help(format!(
                            "give `{}` its rule for other questions: `decides other questions by RULE` (UN Charter Art. 27(3): \"all other matters\")",
                            b.name.name
                        )),
                    );
                }
            }
            if let Some(o) = &b.other_questions {
                self.rule_ref(&o.rule);
            }
            for rel in &b.relations {
                if let Some(t) = &rel.target {
                    self.target(t);
                }
                if let (RelationKind::ProposesTo, Some(decision), Some(Target::Body(to))) =
                    (rel.kind, &rel.decision, &rel.target)
                {
                    self.proposal(b, decision, to);
                }
            }
        }
        for schema in model.facts.values() {
            for a in schema.attributes.values() {
                if let Some(s) = &a.set_by {
                    self.body(&s.body);
                    self.set_by(a, s);
                }
            }
        }
        if model.stage.is_none() {
            self.amendments(model);
        }
        for item in &model.treaty.items {
            if let Item::Scenario(s) = item {
                for g in &s.given {
                    self.given(g);
                }
                // Scenarios run on the treaty as written; a stage's bodies and
                // powers are not theirs to name.
                if model.stage.is_none() {
                    for check in &s.checks {
                        self.scenario_check(check);
                    }
                }
            }
        }
        for rule in model.rules.values() {
            for clause in &rule.node.clauses {
                if let RuleClause::Veto {
                    holders: VetoHolders::Named(ids),
                    ..
                } = clause
                {
                    for id in ids {
                        self.party(id);
                    }
                }
            }
        }
        for s in &model.sanctions {
            let s = s.node;
            self.body(&s.body);
            self.rule_ref(&s.rule);
            self.options(&s.options);
            if let Some((_, span)) = &s.options.classified_by {
                self.diagnostics.push(
                    Diagnostic::new(Code::E0140, *span, "a sanction decides one measure: it has no class of questions to contest")
                        .with_primary_label("`classified by` on a sanction")
                        .with_help("write `classified by RULE` on a body's power (`decides procedural by RULE classified by RULE`)"),
                );
            }
            for t in &s.triggers {
                self.trigger(t);
            }
        }
        for f in model.funds.values() {
            if let Some(t) = &f.node.managed_by {
                self.target(t);
            }
            for t in &f.node.cooperates_with {
                self.target(t);
            }
        }
        for p in &model.procedures {
            for b in &p.node.proposed_by {
                self.body(b);
            }
            if let Some((b, r)) = &p.node.adopted_by {
                self.body(b);
                self.rule_ref(r);
            }
        }
        for a in model.articles.values() {
            if let Some(Entrenchment {
                amendable_by: Some(r), ..
            }) = &a.entrenchment
            {
                self.rule_ref(r);
            }
        }
        for procedure in model.decision_procedures.values() {
            for step in &procedure.node.steps {
                self.step(step);
            }
        }
        for body in model.bodies.values() {
            for by in body.node.vote_losses.iter().filter_map(|v| v.permitted_by.as_ref()) {
                self.body(by);
            }
        }
        for p in &model.provisions {
            if let Subject::Named(id) = &p.node.subject {
                self.body(id);
            }
            self.act_or_fact(p.node);
            for d in &p.node.derogations {
                self.derogation(d);
            }
        }
        for state in model.other_states.values() {
            if let Some(party) = model.parties.id_of(&state.id.name).map(|id| model.parties.get(id)) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::E0101,
                        state.id.span,
                        format!("`{}` is both a party and another state", state.id.name),
                    )
                    .with_primary_label("listed among other states here")
                    .with_label(party.id.span, "listed as a party here")
                    .with_help(
                        "a state is a party or not: keep it in one list (the history says when it joined or left)",
                    ),
                );
            }
        }
        if let Some(c) = model.entry_condition {
            self.entry_condition(c);
        }
        for m in &model.membership {
            match m.node {
                MembershipChange::Accession { by, .. } | MembershipChange::Expulsion { by, .. } => self.act(by),
                MembershipChange::Suspension { by, revoked_by, .. } => {
                    self.act(by);
                    if let Some(r) = revoked_by {
                        self.act(r);
                    }
                }
                MembershipChange::Withdrawal(w) => {
                    if let Some(b) = &w.notice_to {
                        self.body(b);
                    }
                    for e in &w.takes_effect {
                        if let EffectTime::On { act } = e {
                            self.act(act);
                        }
                    }
                    if let Some(a) = &w.extension {
                        self.act(a);
                    }
                }
            }
        }
        for rule in model.rules.values() {
            if let Some(r) = &rule.node.before {
                self.rule_ref(r);
            }
            if let Some(f) = &rule.node.fallback {
                self.rule_ref(&f.rule);
            }
        }
        for p in &model.provisions {
            if let Some(Moment::Decision { body, decision }) = p.node.timing.as_deref().and_then(Timing::moment) {
                if self.model.bodies.id_of(&body.name).is_none() && self.model.facts.contains_key(body.name.as_str()) {
                    self.period_from_fact(body, decision);
                } else {
                    self.decision(body, decision);
                }
            }
        }
        super::each_expression(model, |e, _| self.expression(e));
        // As for types: the treaty as written resolves every stage's entry
        // condition too, for the stage analysis (errors come from the stage's model).
        if model.stage.is_none() {
            let saved = self.diagnostics.len();
            for stage in model.treaty.stages() {
                if let Some(entry) = &stage.entry {
                    self.expression(entry);
                }
            }
            self.diagnostics.truncate(saved);
        }
    }

    fn body_names(&self) -> impl Iterator<Item = &str> {
        self.model
            .bodies
            .keys()
            .chain(std::iter::once(self.model.treaty.name.name.as_str()))
    }

    fn body(&mut self, id: &Ident) {
        let m = self.model;
        if let Some(found) = m.bodies.id_of(&id.name) {
            self.resolution.bodies.insert(id.span, found);
        } else if id.name != m.treaty.name.name {
            let mut d = undefined(
                Code::E0102,
                "body",
                id,
                self.body_names(),
                "declare it with `body NAME { ... }`, or `external body NAME` for an outside organ",
            );
            // The organisation itself is a subject of its own, written with `the`.
            if matches!(id.name.as_str(), "organisation" | "organization") {
                d.help = Some(format!(
                    "the organisation itself is written `the {}`, as in `the {} must ...`",
                    id.name, id.name
                ));
            }
            self.diagnostics.push(d);
        }
    }

    /// A one-word act with the name of a fact of members is read as the fact
    /// where the document declares it and the subject is members
    /// (`acts::read_facts`). A one-word act still named like a declared fact
    /// here cannot mean the fact, and must not silently stay an act no figure can
    /// breach (#23): it comes from an amendment to a treaty that declares the
    /// fact, binds a subject that has no such fact (`Council must not nuclear`),
    /// or names a fact of another block (`must not armed_attack` of the situation).
    fn act_or_fact(&mut self, p: &Provision) {
        let Action::Named { phrase, span } = &p.action else {
            return;
        };
        let modality = p.modality.keyword();
        let member_fact = super::acts::fact_named(phrase, |w| self.model.member_attribute(w).is_some());
        let other_block = self
            .model
            .facts
            .iter()
            .filter(|(entity, _)| **entity != "member")
            .find_map(|(entity, schema)| {
                super::acts::fact_named(phrase, |w| schema.attributes.contains_key(w)).map(|n| (*entity, n))
            });
        let d = match (member_fact, other_block, &p.subject) {
            (Some(name), _, Subject::EveryMember { .. } | Subject::EveryCandidate { .. }) => Diagnostic::new(
                Code::E0125,
                *span,
                format!("`{name}` is a fact of members, and this amendment names it as an act"),
            )
            .with_primary_label("read as an act, which no figure can breach")
            .with_help(format!(
                "say the fact as a comparison, so that the amendment means it by itself: `{modality} {name} = true`"
            )),
            (Some(name), _, subject) => Diagnostic::new(
                Code::E0125,
                *span,
                format!("`{name}` is a fact of members, and {} is not a member", subject_words(subject)),
            )
            .with_primary_label("read as an act, which no figure can breach")
            .with_help(format!(
                "to bind the members, write `every member {modality} {name}`; for an act of {}, choose a name no fact has",
                subject_words(subject)
            )),
            (None, Some((entity, name)), _) => Diagnostic::new(
                Code::E0125,
                *span,
                format!("`{name}` is a fact of `facts {entity}`, not an act"),
            )
            .with_primary_label("read as an act, which no figure can breach")
            .with_help(format!(
                "a fact of `{entity}` is no one's act: for a duty that applies while it holds, write `when {entity}.{name}` after the act; for an act, choose a name no fact has"
            )),
            (None, None, _) => return,
        };
        self.diagnostics.push(d);
    }

    fn target(&mut self, t: &Target) {
        if let Target::Body(id) = t {
            self.body(id);
        }
    }

    fn options(&mut self, o: &PowerOptions) {
        for id in o
            .on_proposal_from
            .iter()
            .chain(&o.jointly_with)
            .chain(&o.authorisation_by)
        {
            self.body(id);
        }
        for id in &o.prevailing_over {
            self.body(id);
        }
        if let Some((rule, _)) = &o.classified_by {
            self.rule_ref(rule);
        }
        if let Some((rule, span)) = &o.otherwise {
            self.rule_ref(rule);
            if o.on_proposal_from.is_empty() {
                self.diagnostics.push(
                    Diagnostic::new(Code::E0127, *span, "`otherwise by` follows no proposal: there is no other proposer")
                        .with_primary_label("otherwise than what?")
                        .with_help("name the proposer the first rule is for: `on proposal from Commission otherwise by RULE` (TFEU 238(2))"),
                );
            }
        }
    }

    fn rule_ref(&mut self, r: &RuleRef) {
        let RuleRef::Named(id) = r else { return };
        if let Some(found) = self.model.rules.id_of(&id.name) {
            self.resolution.rules.insert(id.span, found);
        } else {
            const BUILTINS: [&str; 5] = [
                "unanimity",
                "consensus",
                "simple majority",
                "absolute majority",
                "two-thirds majority",
            ];
            let names = self.model.rules.keys().chain(BUILTINS);
            let mut d = undefined(
                Code::E0103,
                "voting rule",
                id,
                names,
                "declare it with `rule NAME = ...`, or use a built-in rule such as `unanimity`",
            );
            // A majority larger than half is no built-in but two thirds: the closest
            // spelling (`simple majority`) would mean the opposite.
            let lower = id.name.to_lowercase();
            let larger = ["super", "qualified", "special", "reinforced", "enhanced"];
            if larger.iter().any(|w| lower.contains(w)) && self.model.rules.id_of(&id.name).is_none() {
                // Advice never picks a share for the drafter: a qualified majority
                // is not two thirds, and two thirds of the members is not the
                // built-in two thirds of the votes cast.
                d.help = Some(format!(
                    "declare it with the share the text gives: `rule {} = members >= SHARE` (of every member; `... of votes cast` where the text counts the votes cast); the only larger majority built in is `two-thirds majority`, two thirds of the votes cast",
                    id.name
                ));
            }
            self.diagnostics.push(d);
        }
    }

    /// What a scenario names: bodies and the decisions they take, members in
    /// ballots, articles, labels, rules and stages. `check` finds a typo here
    /// as it finds one in an article; `test` would only stop at it.
    fn scenario_check(&mut self, check: &ScenarioCheck) {
        self.check(check, false);
    }

    /// A scenario's check; `dated`: asked on a date (`on DATE vote ...`), when
    /// the treaty may be a stage's.
    fn check(&mut self, check: &ScenarioCheck, dated: bool) {
        match check {
            ScenarioCheck::Vote {
                body,
                decision,
                yes,
                no,
                abstain,
                participants,
                concerned,
                seated,
                permitted,
                steps,
                ..
            } => {
                // On a date the treaty may be a stage's: a body a stage adds or
                // replaces votes with the stage's powers (the vote is judged on the
                // treaty of the day, which reports a decision not there); the names
                // the base treaty has are still recorded, for references and renames.
                let on_stage = dated && self.stage_adds_body(&body.name);
                if on_stage {
                    self.dated_body(body);
                } else {
                    self.decision_of(body, decision);
                }
                for voters in [yes, no, abstain, participants, concerned, seated, permitted]
                    .into_iter()
                    .flatten()
                {
                    self.voters(voters);
                }
                for b in steps.adopted_by.iter().chain(&steps.authorised) {
                    if dated {
                        self.dated_body(b);
                    } else {
                        self.body(b);
                    }
                }
                // A proposal comes from a body or from a member (an
                // initiative of member states, TFEU 76(b)).
                if let Some(b) = &steps.proposed_by {
                    if dated && self.stage_adds_body(&b.name) {
                        self.dated_body(b);
                    } else {
                        self.step_taker(b, &[]);
                    }
                }
                if let Some(v) = &steps.ratified {
                    self.voters(v);
                }
            }
            ScenarioCheck::Candidate { .. } => {}
            ScenarioCheck::Procedure(p) => {
                // A step is taken by a body, a member, the applicant or the
                // member concerned.
                let named: Vec<&str> = p
                    .applicant
                    .iter()
                    .chain(&p.concerned)
                    .map(|i| i.name.as_str())
                    .collect();
                for id in p.consulted.iter().chain(&p.consented) {
                    self.step_taker(id, &named);
                }
                if let Some(Voters::List(ids)) = &p.initiated_by {
                    for id in ids {
                        self.step_taker(id, &named);
                    }
                }
                if let Some(vote) = &p.voted {
                    for voters in [&vote.yes, &vote.no, &vote.abstain, &vote.seated].into_iter().flatten() {
                        self.voters(voters);
                    }
                }
                for id in &p.objected {
                    self.step_taker(id, &named);
                }
            }
            ScenarioCheck::Member {
                id, expect_breach_of, ..
            } => {
                self.state(id);
                if let Some(a) = expect_breach_of {
                    self.article(a);
                }
            }
            ScenarioCheck::Seats { body, expect, .. } => {
                self.body(body);
                if let SeatsExpectation::Table(shares) = expect {
                    for share in shares {
                        self.state(&share.member);
                    }
                }
            }
            ScenarioCheck::On { dated, .. } => match dated.as_ref() {
                // On a date the treaty may be a stage's: a body a stage adds or
                // replaces is named too, and its powers are the stage's (the vote
                // is judged on the treaty of the day, which reports what is not there).
                DatedCheck::Vote(check) => self.check(check, true),
                DatedCheck::Procedure(check) => self.scenario_check(check),
                DatedCheck::Seats(check) => match check.as_ref() {
                    ScenarioCheck::Seats { body, .. } if self.stage_adds_body(&body.name) => {}
                    _ => self.scenario_check(check),
                },
                DatedCheck::Rule { rule, decision } => {
                    self.rule_ref(&RuleRef::Named(rule.clone()));
                    if let Some((body, decision)) = decision {
                        self.decision_of(body, decision);
                    }
                }
                DatedCheck::Obligation { obligation, .. } => self.labelled(obligation),
                DatedCheck::Bound { state, amendment, .. } => {
                    self.state(state);
                    self.amendment(amendment);
                }
                DatedCheck::Seated { body, .. } => {
                    self.body(body);
                }
                DatedCheck::Stage { stage } => {
                    if !self.model.treaty.stages().any(|s| s.name.name == stage.name) {
                        let names: Vec<&str> = self.model.treaty.stages().map(|s| s.name.name.as_str()).collect();
                        let d = undefined(
                            Code::E0108,
                            "stage",
                            stage,
                            names.iter().copied(),
                            "name a stage the treaty declares (`stage NAME { ... }`)",
                        );
                        self.diagnostics.push(d);
                    }
                }
                DatedCheck::Count { .. } | DatedCheck::Standing { .. } | DatedCheck::InForce { .. } => {}
            },
        }
    }

    /// Whether a stage adds or replaces a body of that name.
    /// A body named on a date: one the base treaty has is resolved (and its
    /// reference recorded); one only a stage adds is the stage's to judge.
    fn dated_body(&mut self, id: &Ident) {
        if self.model.bodies.id_of(&id.name).is_some() || !self.stage_adds_body(&id.name) {
            self.body(id);
        }
    }

    fn stage_adds_body(&self, name: &str) -> bool {
        self.model.treaty.stages().flat_map(|s| &s.changes).any(|c| match c {
            Change::Add { item, .. } | Change::Insert { item, .. } | Change::Replace { item, .. } => {
                matches!(item.as_ref(), Item::Body(b) if b.name.name == name)
            }
            _ => false,
        })
    }

    /// `Body.decision` in a scenario: the body exists and takes the decision.
    fn decision_of(&mut self, body: &Ident, decision: &Ident) {
        self.body(body);
        let message = format!(
            "the scenario asks `{}` to decide `{}`, which it does not decide",
            body.name, decision.name
        );
        if let Some(d) = self.not_decided(Code::E0124, message, body, decision) {
            self.diagnostics.push(d);
        }
    }

    /// Members named in a ballot.
    fn voters(&mut self, v: &Voters) {
        match v {
            Voters::List(ids) | Voters::AllExcept(ids) => {
                for id in ids {
                    self.state(id);
                }
            }
            Voters::Seats(votes) => {
                for id in votes.iter().filter_map(|v| v.member.as_ref()) {
                    self.state(id);
                }
            }
            Voters::All => {}
        }
    }

    /// Who takes a step of a procedure in a scenario: a body, the applicant or
    /// the member concerned (by name or by those words), or a state.
    fn step_taker(&mut self, id: &Ident, named: &[&str]) {
        let m = self.model;
        if let Some(found) = m.bodies.id_of(&id.name) {
            // A body that takes a step is a reference to it, for renames.
            self.resolution.bodies.insert(id.span, found);
            return;
        }
        let known = matches!(id.name.as_str(), "applicant" | "concerned") || named.contains(&id.name.as_str());
        if !known {
            self.state(id);
        }
    }

    /// A state a scenario names: a party, or one of the `other states`.
    fn state(&mut self, id: &Ident) {
        if !self.model.other_states.contains_key(id.name.as_str()) {
            self.party(id);
        }
    }

    fn party(&mut self, id: &Ident) {
        let m = self.model;
        if let Some(found) = m.parties.id_of(&id.name) {
            self.resolution.parties.insert(id.span, found);
        } else if !m.parties.is_empty() {
            let d = undefined(
                Code::E0109,
                "party",
                id,
                m.parties.keys(),
                "list it in `parties { ... }`",
            );
            self.diagnostics.push(d);
        }
    }

    fn trigger(&mut self, t: &Trigger) {
        match t {
            Trigger::BreachOfArticle { article, .. } => self.article(article),
            Trigger::BreachOfProvision { provision, .. } => self.labelled(provision),
            Trigger::FailureOfCriterion { criterion, .. } => {
                let m = self.model;
                if let Some(found) = m.criteria.id_of(&criterion.name) {
                    self.resolution.criteria.insert(criterion.span, found);
                } else {
                    let d = undefined(
                        Code::E0106,
                        "criterion",
                        criterion,
                        m.criteria.keys(),
                        "declare it with `criterion NAME: ...`",
                    );
                    self.diagnostics.push(d);
                }
            }
            Trigger::FailureOfMembershipCriteria { .. } => {}
        }
    }

    fn step(&mut self, step: &Step) {
        match &step.kind {
            StepKind::Initiative { by, .. } => {
                for i in by {
                    if let Initiator::Body { body } = i {
                        self.body(body);
                    }
                }
            }
            StepKind::Consultation { of, .. } => {
                if let StepTaker::Body { body } = of {
                    self.body(body);
                }
            }
            StepKind::Consent { of, rule, span, .. } => {
                if let StepTaker::Body { body } = of {
                    self.body(body);
                    if rule.is_none() {
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::E0115,
                                *span,
                                format!("the consent of `{}` names no rule to give it by", body.name),
                            )
                            .with_primary_label("a body consents by a vote; this one has no rule for it")
                            .with_help(format!(
                                "name the rule: `consent of {} by RULE` (TFEU 354: two-thirds of the votes cast, representing a majority of the component members)",
                                body.name
                            )),
                        );
                    }
                }
                if let Some(r) = rule {
                    self.rule_ref(r);
                }
            }
            StepKind::Decision { body, rule, .. } => {
                self.body(body);
                self.rule_ref(rule);
            }
            StepKind::Ratification { .. } => {}
            StepKind::Prerequisite { procedure, .. } => self.procedure(procedure),
            StepKind::Request { by, .. } => self.body(by),
            StepKind::Objection { by, .. } => {
                if let Objector::AnyOf { body } = by {
                    self.body(body);
                }
            }
        }
    }

    fn derogation(&mut self, d: &Derogation) {
        match &d.target {
            DerogationTarget::Article { number } => self.article(number),
            DerogationTarget::Provision { label } => self.labelled(label),
            DerogationTarget::Treaty => {}
        }
    }

    /// An article named by its number.
    fn article(&mut self, article: &ArticleNumber) {
        let m = self.model;
        if let Some(found) = m.articles.id_of(&article.text) {
            self.resolution.articles.insert(article.span, found);
            return;
        }
        let id = Ident {
            name: article.text.clone(),
            span: article.span,
        };
        // Article numbers are not spelled, so no "did you mean": list them.
        let listed: Vec<String> = m.articles.keys().take(12).map(|n| format!("`{n}`")).collect();
        let help = if listed.is_empty() {
            "this treaty has no articles".to_string()
        } else {
            let more = if m.articles.len() > 12 { ", ..." } else { "" };
            format!("the articles are {}{more}", listed.join(", "))
        };
        let d = undefined(Code::E0104, "article", &id, std::iter::empty(), &help);
        self.diagnostics.push(d);
    }

    /// The parties and bodies an entry-into-force condition names.
    fn entry_condition(&mut self, c: &EntryCondition) {
        for part in &c.parts {
            match part {
                EntryPart::Including { states, .. } => {
                    for id in states {
                        self.party(id);
                    }
                }
                EntryPart::IncludingPermanent { body, .. } => self.body(body),
                _ => {}
            }
        }
        for id in &c.not_counting {
            self.party(id);
        }
    }

    /// The amendments open to acceptance: each named once, covering articles and
    /// provisions the treaty has.
    fn amendments(&mut self, model: &Model<'_>) {
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for item in &model.treaty.items {
            let Item::Amendment(a) = item else { continue };
            if let Some(first) = seen.insert(a.name.name.as_str(), a.name.span) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::E0101,
                        a.name.span,
                        format!("amendment `{}` is declared twice", a.name.name),
                    )
                    .with_primary_label("declared again here")
                    .with_label(first, "first declared here")
                    .with_help("give each amendment its own name"),
                );
            }
            if let Some(f) = &a.in_force {
                self.entry_condition(&f.condition);
            } else {
                self.diagnostics.push(
                    Diagnostic::new(Code::E0141, a.name.span, format!("amendment `{}` says not when it enters into force, nor for whom", a.name.name))
                        .with_primary_label("never in force as written")
                        .with_help("write `in force for accepting members LENGTH after ratification [by ...]` (UNFCCC Art. 15(4)), or `for all members` (Rome Statute Art. 121(4))"),
                );
            }
            for r in &a.covers {
                match r.kind {
                    ItemKind::Article => self.article(&ArticleNumber {
                        text: r.name.clone(),
                        span: r.span,
                    }),
                    ItemKind::Provision => self.labelled(&Ident {
                        name: r.name.clone(),
                        span: r.span,
                    }),
                    _ => self.diagnostics.push(
                        Diagnostic::new(Code::E0141, r.span, "an amendment covers articles and provisions, whose duties bind a member once it binds the member")
                            .with_primary_label("not an article or a provision")
                            .with_help("name the article (`covers article 8bis`) that holds what the amendment brings"),
                    ),
                }
            }
        }
    }

    /// An amendment a scenario or history names.
    fn amendment(&mut self, name: &Ident) {
        let names: Vec<&str> = self
            .model
            .treaty
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Amendment(a) => Some(a.name.name.as_str()),
                _ => None,
            })
            .collect();
        if !names.contains(&name.name.as_str()) {
            let d = undefined(
                Code::E0141,
                "amendment",
                name,
                names.iter().copied(),
                "declare it: `amendment NAME { in force for accepting members ... }`",
            );
            self.diagnostics.push(d);
        }
    }

    fn labelled(&mut self, provision: &Ident) {
        let m = self.model;
        if let Some(found) = m.labels.id_of(&provision.name) {
            self.resolution.provisions.insert(provision.span, found);
        } else {
            let d = undefined(
                Code::E0105,
                "provision",
                provision,
                m.labels.keys(),
                "label the provision (`NAME: every member must ...`) and name that label",
            );
            self.diagnostics.push(d);
        }
    }

    /// A scenario's `given ENTITY.KEY = VALUE` names a declared fact that is not a
    /// member's (members' facts come from the scenario's facts file), with a value
    /// of its type.
    fn given(&mut self, g: &Given) {
        let m = self.model;
        let entities: Vec<&str> = m.facts.keys().copied().filter(|e| *e != "member").collect();
        let Some(schema) = m
            .facts
            .get(g.entity.name.as_str())
            .filter(|_| g.entity.name != "member")
        else {
            let d = undefined(
                Code::E0107,
                "facts block",
                &g.entity,
                entities.iter().copied(),
                "`given` sets a fact of `facts world`, `facts situation` or another facts block the treaty declares; members' facts come from the scenario's facts file",
            );
            self.diagnostics.push(d);
            return;
        };
        let Some(attribute) = schema.attributes.get(g.name.name.as_str()) else {
            let help = format!("declare it in `facts {} {{ ... }}`", g.entity.name);
            let d = undefined(Code::E0107, "fact", &g.name, schema.attributes.keys().copied(), &help);
            self.diagnostics.push(d);
            return;
        };
        let fits = match &attribute.kind {
            // `2%` is a percent; of a count or money it would be read as 2.
            _ if g.percent && !matches!(attribute.kind, AttributeKind::Declared(FactType::Percent)) => false,
            AttributeKind::Declared(FactType::Bool) => matches!(g.value.as_str(), "true" | "false"),
            AttributeKind::Declared(FactType::Enumeration { variants }) => variants.iter().any(|v| v.name == g.value),
            // A count or a year has no fraction: `1999.5` is not a year.
            AttributeKind::Declared(FactType::Count | FactType::Year) => {
                crate::ast::number::parse_decimal(&g.value).is_some_and(|v| v.den == 1)
            }
            AttributeKind::Declared(_) => crate::ast::number::parse_decimal(&g.value).is_some(),
            AttributeKind::Derived(_) => false,
        };
        if !fits {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E0201,
                    g.span,
                    format!(
                        "`{}{}` is not a value of `{}.{}`",
                        g.value,
                        if g.percent { "%" } else { "" },
                        g.entity.name,
                        g.name.name
                    ),
                )
                .with_primary_label("the value given")
                .with_label(attribute.span, "declared here")
                .with_help(match &attribute.kind {
                    _ if g.percent => format!(
                        "`%` marks a percent, and `{}` is not one: write the number alone",
                        g.name.name
                    ),
                    AttributeKind::Derived(_) => {
                        "a derived fact is computed from the others; give those instead".to_string()
                    }
                    AttributeKind::Declared(FactType::Bool) => "write `true` or `false`".to_string(),
                    AttributeKind::Declared(FactType::Count | FactType::Year) => {
                        "a count or a year is a whole number: write it without a fraction (`1999`)".to_string()
                    }
                    _ => "give a value of the fact's type: digits for a number (a percent in percentage points, `2%`)"
                        .to_string(),
                }),
            );
        }
    }

    /// A procedure or a body's decision named by a membership clause.
    fn act(&mut self, act: &ActRef) {
        match act {
            ActRef::Procedure { procedure } => self.procedure(procedure),
            ActRef::Decision { body, decision } => self.decision(body, decision),
        }
    }

    fn procedure(&mut self, procedure: &Ident) {
        let m = self.model;
        if let Some(found) = m.decision_procedures.id_of(&procedure.name) {
            self.resolution.procedures.insert(procedure.span, found);
        } else {
            let d = undefined(
                Code::E0116,
                "procedure",
                procedure,
                m.decision_procedures.keys(),
                "declare it with `procedure NAME { ... }`",
            );
            self.diagnostics.push(d);
        }
    }

    /// `B.D` names a decision `B` takes.
    fn decision(&mut self, body: &Ident, decision: &Ident) {
        self.body(body);
        let message = format!("`{}` does not decide `{}`", body.name, decision.name);
        if let Some(d) = self.not_decided(Code::E0124, message, body, decision) {
            self.diagnostics.push(d);
        }
    }

    /// `within 30 days of situation.armed_attack`: a period runs from an event,
    /// and a fact is none. Told "there is no body `situation`", a drafter would
    /// look for a body to declare (#23); the message says what a period runs from.
    fn period_from_fact(&mut self, entity: &Ident, fact: &Ident) {
        let written = format!("{}.{}", entity.name, fact.name);
        self.diagnostics.push(
            Diagnostic::new(
                Code::E0124,
                entity.span.to(fact.span),
                format!("a time limit runs from an event, and `{written}` is a fact, not an event"),
            )
            .with_primary_label(format!("a fact of `facts {}`", entity.name))
            .with_help(crate::suggest::period_sources(&written)),
        );
    }

    /// `x: percent set by B.D` is only meaningful when `B` decides `D`.
    fn set_by(&mut self, fact: &Attribute, s: &SetBy) {
        let message = format!(
            "`{}` is set by `{}.{}`, a decision `{}` does not take",
            fact.name.name, s.body.name, s.decision.name, s.body.name
        );
        if let Some(d) = self.not_decided(Code::E0123, message, &s.body, &s.decision) {
            self.diagnostics.push(d);
        }
    }

    /// The diagnostic for `B.D` where `B` exists and has no power over `D` (an
    /// unknown `B` is reported where it is resolved).
    fn not_decided(&self, code: Code, message: String, body: &Ident, decision: &Ident) -> Option<Diagnostic> {
        let b = self
            .model
            .bodies
            .id_of(&body.name)
            .map(|id| self.model.bodies.get(id))?;
        // A body with a rule for other questions decides whatever no power names.
        if b.node.other_questions.is_some() || b.node.powers.iter().any(|p| p.decision.name == decision.name) {
            return None;
        }
        let decisions = b.node.powers.iter().map(|p| p.decision.name.as_str());
        let d = Diagnostic::new(code, decision.span, message)
            .with_primary_label(format!("`{}` has no power over `{}`", body.name, decision.name))
            .with_label(b.node.name.span, format!("`{}` is declared here", body.name));
        Some(match suggest(&decision.name, decisions) {
            Some(found) => d.with_help(format!("did you mean `{found}`?")),
            None => d.with_help(format!(
                "give `{}` the power (`decides {} by RULE`), or name the body that decides it",
                body.name, decision.name
            )),
        })
    }

    /// `proposes D to B` is only meaningful when `B` decides `D`.
    fn proposal(&mut self, from: &Body, decision: &Ident, to: &Ident) {
        let Some(target) = self.model.bodies.id_of(&to.name).map(|id| self.model.bodies.get(id)) else {
            return;
        };
        let decides = target.node.other_questions.is_some()
            || target.node.powers.iter().any(|p| p.decision.name == decision.name);
        if !decides {
            let decisions = target.node.powers.iter().map(|p| p.decision.name.as_str());
            let mut d = Diagnostic::new(
                Code::E0110,
                decision.span,
                format!(
                    "`{}` proposes `{}` to `{}`, which does not decide it",
                    from.name.name, decision.name, to.name
                ),
            )
            .with_primary_label(format!("`{}` has no power over `{}`", to.name, decision.name))
            .with_label(target.node.name.span, format!("`{}` is declared here", to.name));
            d = match suggest(&decision.name, decisions) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!(
                    "give `{}` the power (`decides {} by ...`), or propose to the body that decides it",
                    to.name, decision.name
                )),
            };
            self.diagnostics.push(d);
        }
    }

    /// The bodies and facts an expression names.
    fn expression(&mut self, e: &'a Expr) {
        e.walk(&mut |e| match &e.kind {
            ExprKind::AuthorisedBy { body } => self.body(body),
            ExprKind::Path { segments } => {
                if let Some(a) = self.fact(segments) {
                    self.resolution.facts.insert(e.span, a);
                }
            }
            ExprKind::Total { attribute } => {
                if let Some(a) = self.model.member_attribute(&attribute.name) {
                    self.resolution.facts.insert(e.span, a);
                }
            }
            _ => {}
        });
    }

    /// The attribute a path names: `gdp` (a member fact) or `world.population`.
    /// Unknown facts are reported by the type checker, with their types.
    fn fact(&self, segments: &[Ident]) -> Option<&'a Attribute> {
        match segments {
            [name] => self.model.member_attribute(&name.name),
            [entity, name] => self
                .model
                .facts
                .get(entity.name.as_str())?
                .attributes
                .get(name.name.as_str())
                .copied(),
            _ => None,
        }
    }
}

/// A provision's subject in a message: `Council`, the organisation.
fn subject_words(subject: &Subject) -> String {
    match subject {
        Subject::Named(id) => format!("`{}`", id.name),
        Subject::Organisation { .. } => "the organisation".to_string(),
        Subject::EveryMember { .. } => "every member".to_string(),
        Subject::EveryCandidate { .. } => "every candidate".to_string(),
    }
}
