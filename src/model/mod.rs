//! The resolved treaty: what each name means, per stage.
//!
//! `stages::views` computes the effective treaty of every stage (the base treaty
//! with each stage's additions, replacements and removals applied in ladder
//! order); `Model::build` indexes one such view by name and reports names defined
//! twice; `resolve` reports references to names that do not exist. `models`
//! does both once for a whole treaty: every later phase (the checker, the IR,
//! the scenarios) reads the models it returns.

pub mod acts;
pub mod ids;
mod resolve;
pub mod stages;
pub mod types;

use std::collections::BTreeMap;

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;

pub use ids::{ArticleId, BodyId, CriterionId, FundId, Id, PartyId, ProcedureId, ProvisionId, RuleId, Table};
pub use resolve::{Named, Resolution};
pub use stages::{views, views_over, StageView};

/// Every stage's treaty, each indexed once: the treaty as written first, then
/// each stage on the ladder, in order.
#[derive(Debug)]
pub struct Models<'a> {
    pub treaty: &'a Treaty,
    /// Each stage's effective treaty, as entries; `models` follows it.
    pub views: Vec<StageView<'a>>,
    pub models: Vec<Model<'a>>,
    /// For each model, what building it found: names defined twice (E0101),
    /// references to nothing (E01xx), type errors (E02xx).
    pub problems: Vec<Vec<Diagnostic>>,
    /// Problems of the ladder itself (a stage after an unknown stage, too many stages).
    pub ladder: Vec<Diagnostic>,
}

impl<'a> Models<'a> {
    /// The treaty as written, before any stage's changes.
    pub fn base(&self) -> Option<&Model<'a>> {
        self.models.first()
    }

    /// The model of a stage by name (`None`: the treaty as written).
    pub fn stage(&self, name: Option<&str>) -> Option<&Model<'a>> {
        self.models.iter().find(|m| m.stage_name() == name)
    }

    /// The stages' names, in ladder order.
    pub fn stage_names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.models.iter().filter_map(|m| m.stage_name())
    }
}

/// Every stage's treaty of `treaty`, indexed.
pub fn models(treaty: &Treaty) -> Models<'_> {
    let (views, ladder) = views(treaty);
    index(treaty, views, ladder)
}

/// Every stage's treaty over `base` entries (an amended treaty's), indexed.
pub fn models_over<'a>(treaty: &'a Treaty, base: Vec<stages::Entry<'a>>) -> Models<'a> {
    let (views, ladder) = views_over(treaty, base);
    index(treaty, views, ladder)
}

fn index<'a>(treaty: &'a Treaty, views: Vec<StageView<'a>>, ladder: Vec<Diagnostic>) -> Models<'a> {
    // Each stage's treaty is resolved on its own, so the stages are built side by side.
    let threads = crate::work::threads_for(treaty.span.end - treaty.span.start);
    let (models, problems) = crate::work::map(threads, &views, Model::build).into_iter().unzip();
    Models {
        treaty,
        views,
        models,
        problems,
        ladder,
    }
}

/// An item with the article that encloses it, for provenance.
#[derive(Debug)]
pub struct Located<'a, T> {
    pub node: &'a T,
    pub article: Option<&'a Article>,
}

// Derived `Clone` would demand `T: Clone`; a pair of references is always copyable.
impl<T> Clone for Located<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Located<'_, T> {}

/// The attributes of one kind of entity (`member`, `world`, `situation`).
#[derive(Debug, Default)]
pub struct Schema<'a> {
    pub attributes: BTreeMap<&'a str, &'a Attribute>,
}

/// One stage's treaty, resolved: every named entity in a table under a typed
/// id, every reference resolved to the id it names, every expression typed.
#[derive(Debug)]
pub struct Model<'a> {
    pub treaty: &'a Treaty,
    /// `None` for the treaty as written, before any stage's changes.
    pub stage: Option<&'a Stage>,
    pub facts: BTreeMap<&'a str, Schema<'a>>,
    pub parties: Table<'a, PartyId, &'a Party>,
    /// `other states`: candidates and former parties, by id.
    pub other_states: BTreeMap<&'a str, &'a Party>,
    /// `in force from DATE`.
    pub entry_into_force: Option<DateLit>,
    /// `in force thirty days after ratification by ...`.
    pub entry_condition: Option<&'a EntryCondition>,
    /// How members join, leave, lose their votes or are expelled.
    pub membership: Vec<Located<'a, MembershipChange>>,
    pub bodies: Table<'a, BodyId, Located<'a, Body>>,
    pub rules: Table<'a, RuleId, Located<'a, VotingRule>>,
    pub articles: Table<'a, ArticleId, &'a Article>,
    pub provisions: Vec<Located<'a, Provision>>,
    /// The labelled provisions, by label.
    pub labels: Table<'a, ProvisionId, Located<'a, Provision>>,
    pub criteria: Table<'a, CriterionId, Located<'a, Criterion>>,
    pub sanctions: Vec<Located<'a, Sanction>>,
    pub funds: Table<'a, FundId, Located<'a, Fund>>,
    pub procedures: Vec<Located<'a, AmendmentProcedure>>,
    /// The decision procedures, by name.
    pub decision_procedures: Table<'a, ProcedureId, Located<'a, DecisionProcedure>>,
    /// What each reference names and each expression's type.
    pub resolution: Resolution<'a>,
}

/// The names of a view gathered before they become tables.
#[derive(Default)]
struct Index<'a> {
    facts: BTreeMap<&'a str, Schema<'a>>,
    parties: BTreeMap<&'a str, &'a Party>,
    other_states: BTreeMap<&'a str, &'a Party>,
    entry_into_force: Option<DateLit>,
    entry_condition: Option<&'a EntryCondition>,
    membership: Vec<Located<'a, MembershipChange>>,
    bodies: BTreeMap<&'a str, Located<'a, Body>>,
    rules: BTreeMap<&'a str, Located<'a, VotingRule>>,
    articles: BTreeMap<&'a str, &'a Article>,
    provisions: Vec<Located<'a, Provision>>,
    labels: BTreeMap<&'a str, Located<'a, Provision>>,
    criteria: BTreeMap<&'a str, Located<'a, Criterion>>,
    sanctions: Vec<Located<'a, Sanction>>,
    sanction_names: BTreeMap<&'a str, Span>,
    funds: BTreeMap<&'a str, Located<'a, Fund>>,
    procedures: Vec<Located<'a, AmendmentProcedure>>,
    decision_procedures: BTreeMap<&'a str, Located<'a, DecisionProcedure>>,
}

impl<'a> Model<'a> {
    /// Indexes a stage view, then resolves and types it: names defined twice
    /// (E0101), references to names that do not exist (E01xx) and type errors
    /// (E02xx) are reported.
    pub fn build(view: &StageView<'a>) -> (Model<'a>, Vec<Diagnostic>) {
        let mut index = Index::default();
        let mut diagnostics = Vec::new();
        for entry in &view.entries {
            index.add(entry.item, entry.article, &mut diagnostics);
        }
        let mut model = Model {
            treaty: view.treaty,
            stage: view.stage,
            facts: index.facts,
            parties: Table::from_map(index.parties),
            other_states: index.other_states,
            entry_into_force: index.entry_into_force,
            entry_condition: index.entry_condition,
            membership: index.membership,
            bodies: Table::from_map(index.bodies),
            rules: Table::from_map(index.rules),
            articles: Table::from_map(index.articles),
            provisions: index.provisions,
            labels: Table::from_map(index.labels),
            criteria: Table::from_map(index.criteria),
            sanctions: index.sanctions,
            funds: Table::from_map(index.funds),
            procedures: index.procedures,
            decision_procedures: Table::from_map(index.decision_procedures),
            resolution: Resolution::default(),
        };
        let (mut resolution, unresolved) = resolve::resolve(&model);
        diagnostics.extend(unresolved);
        let (types, type_errors) = types::check(&model);
        diagnostics.extend(type_errors);
        resolution.types = types;
        model.resolution = resolution;
        (model, diagnostics)
    }
}

impl<'a> Index<'a> {
    fn add(&mut self, item: &'a Item, article: Option<&'a Article>, diagnostics: &mut Vec<Diagnostic>) {
        match item {
            Item::Facts(f) => {
                let schema = self.facts.entry(f.entity.name.as_str()).or_default();
                for a in &f.attributes {
                    if let Some(previous) = schema.attributes.insert(a.name.name.as_str(), a) {
                        diagnostics.push(twice("fact attribute", &a.name.name, a.name.span, previous.name.span));
                    }
                }
            }
            Item::Parties(p) => {
                for party in &p.parties {
                    if let Some(previous) = self.parties.insert(party.id.name.as_str(), party) {
                        diagnostics.push(twice("party", &party.id.name, party.id.span, previous.id.span));
                    }
                }
            }
            Item::OtherStates(p) => {
                for party in &p.parties {
                    if let Some(previous) = self.other_states.insert(party.id.name.as_str(), party) {
                        diagnostics.push(twice("state", &party.id.name, party.id.span, previous.id.span));
                    }
                }
            }
            Item::EntryIntoForce(d) => match self.entry_into_force {
                Some(first) => diagnostics.push(
                    Diagnostic::new(Code::E0101, d.span, "the entry into force is given twice")
                        .with_primary_label("given again here")
                        .with_label(first.span, "first given here")
                        .with_help("a treaty enters into force once: keep one `in force from DATE`"),
                ),
                None => self.entry_into_force = Some(*d),
            },
            Item::EntryCondition(c) => match self.entry_condition {
                Some(first) => diagnostics.push(
                    Diagnostic::new(
                        Code::E0101,
                        c.span,
                        "the ratifications the treaty waits for are given twice",
                    )
                    .with_primary_label("given again here")
                    .with_label(first.span, "first given here")
                    .with_help("a treaty enters into force once: join the parts with `and` in one clause"),
                ),
                None => self.entry_condition = Some(c),
            },
            Item::Membership(m) => {
                let m = &**m;
                let kind = std::mem::discriminant(m);
                if let Some(first) = self.membership.iter().find(|f| std::mem::discriminant(f.node) == kind) {
                    let what = match m {
                        MembershipChange::Accession { .. } => "accession",
                        MembershipChange::Withdrawal(_) => "withdrawal",
                        MembershipChange::Suspension { .. } => "suspension",
                        MembershipChange::Expulsion { .. } => "expulsion",
                    };
                    diagnostics.push(
                        Diagnostic::new(Code::E0101, m.span(), format!("the {what} clause is given twice"))
                            .with_primary_label("given again here")
                            .with_label(first.node.span(), "first given here")
                            .with_help(format!("say how {what} works once, with everything in one clause")),
                    );
                } else {
                    self.membership.push(Located { node: m, article });
                }
            }
            Item::Body(b) => {
                let b = &**b;
                if let Some(previous) = self.bodies.insert(b.name.name.as_str(), Located { node: b, article }) {
                    diagnostics.push(twice("body", &b.name.name, b.name.span, previous.node.name.span));
                }
            }
            Item::Rule(r) => {
                let r = &**r;
                if let Some(previous) = self.rules.insert(r.name.name.as_str(), Located { node: r, article }) {
                    diagnostics.push(twice("voting rule", &r.name.name, r.name.span, previous.node.name.span));
                }
            }
            Item::Article(a) => {
                let a = &**a;
                if let Some(previous) = self.articles.insert(a.number.text.as_str(), a) {
                    diagnostics.push(twice("article", &a.number.text, a.number.span, previous.number.span));
                }
            }
            Item::Provision(p) => {
                let p = &**p;
                let located = Located { node: p, article };
                if let Some(label) = &p.label {
                    if let Some(previous) = self.labels.insert(label.name.as_str(), located) {
                        let previous_span = previous.node.label.as_ref().map_or(previous.node.span, |l| l.span);
                        diagnostics.push(twice("provision", &label.name, label.span, previous_span));
                    }
                }
                self.provisions.push(located);
            }
            Item::Criterion(c) => {
                let c = &**c;
                if let Some(previous) = self.criteria.insert(c.name.name.as_str(), Located { node: c, article }) {
                    diagnostics.push(twice("criterion", &c.name.name, c.name.span, previous.node.name.span));
                }
            }
            Item::Sanction(s) => {
                let s = &**s;
                if let Some(name) = &s.name {
                    if let Some(previous) = self.sanction_names.insert(name.name.as_str(), name.span) {
                        diagnostics.push(twice("sanction", &name.name, name.span, previous));
                    }
                }
                self.sanctions.push(Located { node: s, article });
            }
            Item::Fund(f) => {
                let f = &**f;
                if let Some(previous) = self.funds.insert(f.name.name.as_str(), Located { node: f, article }) {
                    diagnostics.push(twice("fund", &f.name.name, f.name.span, previous.node.name.span));
                }
            }
            Item::Procedure(p) => {
                let p = &**p;
                // Two procedures would each say how the treaty is amended; merging
                // them silently would pick one of their rules.
                if let Some(first) = self.procedures.first() {
                    diagnostics.push(
                        Diagnostic::new(Code::E0101, p.span, "the amendment procedure is defined twice")
                            .with_primary_label("defined again here")
                            .with_label(first.node.span, "first defined here")
                            .with_help("state the procedure once, with every step in it"),
                    );
                }
                self.procedures.push(Located { node: p, article });
            }
            Item::DecisionProcedure(p) => {
                let p = &**p;
                let located = Located { node: p, article };
                if let Some(previous) = self.decision_procedures.insert(p.name.name.as_str(), located) {
                    diagnostics.push(twice("procedure", &p.name.name, p.name.span, previous.node.name.span));
                }
            }
            // Amendments are resolved on the treaty as written (`resolve`).
            Item::Stage(_) | Item::Text(_) | Item::Scenario(_) | Item::Amendment(_) => {}
        }
    }
}

impl<'a> Model<'a> {
    /// The number of seats of a body, when the treaty fixes it.
    pub fn seats(&self, body: &Body) -> Option<i128> {
        let seats = body.seats.first()?;
        match &seats.count {
            SeatCount::Fixed(n) => n.as_integer(),
            SeatCount::OnePerMember if !self.parties.is_empty() => i128::try_from(self.parties.len()).ok(),
            SeatCount::OnePerMember => None,
            SeatCount::Table(shares) => shares
                .iter()
                .try_fold(0i128, |total, s| total.checked_add(s.seats.as_integer()?)),
        }
    }

    /// The sanction for members failing criterion `c` (by name, or as one of the
    /// membership criteria), if any: a treaty that sanctions failing a criterion
    /// does not hold every member to keep it.
    pub fn sanction_for_failing(&self, c: CriterionId) -> Option<&Located<'a, Sanction>> {
        self.sanctions.iter().find(|s| {
            s.node.triggers.iter().any(|t| match t {
                Trigger::FailureOfCriterion { criterion, .. } => self.resolution.criterion(criterion) == Some(c),
                Trigger::FailureOfMembershipCriteria { .. } => true,
                _ => false,
            })
        })
    }

    /// The membership invariants the conflict analysis relies on: the criteria
    /// `kept by members` that no sanction is for failing.
    pub fn invariants(&self) -> Vec<&'a Criterion> {
        self.criteria
            .ids()
            .filter(|(id, c)| c.node.kept.is_some() && self.sanction_for_failing(*id).is_none())
            .map(|(_, c)| c.node)
            .collect()
    }

    /// The member attribute a name refers to, if any (for resolution and types;
    /// later phases ask `fact_of`).
    pub(crate) fn member_attribute(&self, name: &str) -> Option<&'a Attribute> {
        self.member_facts().and_then(|s| s.attributes.get(name)).copied()
    }

    /// The facts declared for members (`facts member { ... }`).
    pub fn member_facts(&self) -> Option<&Schema<'a>> {
        self.facts.get("member")
    }

    /// The body a reference names (`None` for the organisation itself, or a
    /// name resolution reported).
    pub fn body_of(&self, reference: &Ident) -> Option<&Located<'a, Body>> {
        self.resolution.body(reference).map(|id| self.bodies.get(id))
    }

    /// The declared rule a reference names (`None` for a built-in rule).
    pub fn rule_of(&self, reference: &RuleRef) -> Option<&Located<'a, VotingRule>> {
        match reference {
            RuleRef::Named(id) => self.resolution.rule(id).map(|id| self.rules.get(id)),
            RuleRef::Builtin { .. } => None,
        }
    }

    /// The article a sanction's trigger names.
    pub fn article_of(&self, reference: &ArticleNumber) -> Option<&'a Article> {
        self.resolution.article(reference).map(|id| *self.articles.get(id))
    }

    /// The labelled provision a reference names.
    pub fn provision_of(&self, reference: &Ident) -> Option<&Located<'a, Provision>> {
        self.resolution.provision(reference).map(|id| self.labels.get(id))
    }

    /// The attribute a fact expression (`gdp`, `world.population`) reads.
    pub fn fact_of(&self, e: &Expr) -> Option<&'a Attribute> {
        self.resolution.fact(e)
    }

    /// The stage name for messages, if this model is a stage's.
    pub fn stage_name(&self) -> Option<&'a str> {
        self.stage.map(|s| s.name.name.as_str())
    }
}

fn twice(what: &str, name: &str, span: Span, previous: Span) -> Diagnostic {
    Diagnostic::new(Code::E0101, span, format!("{what} `{name}` is defined twice"))
        .with_primary_label("defined again here")
        .with_label(previous, "first defined here")
        .with_help(format!("rename one of them, or remove the repeated {what}"))
}

/// Walks every expression in a model, with whether it is evaluated for a member.
pub fn each_expression<'a>(model: &Model<'a>, mut f: impl FnMut(&'a Expr, ExprContext)) {
    for schema in model.facts.values() {
        for a in schema.attributes.values() {
            if let AttributeKind::Derived(e) = &a.kind {
                f(e, ExprContext::Value);
            }
        }
    }
    for p in &model.provisions {
        match &p.node.subject {
            Subject::EveryMember { filter: Some(e), .. } | Subject::EveryCandidate { filter: Some(e), .. } => {
                f(e, ExprContext::Condition)
            }
            _ => {}
        }
        if let Action::Constraint { expr } = &p.node.action {
            f(expr, ExprContext::Condition);
        }
        for c in &p.node.conditions {
            f(&c.expr, ExprContext::Condition);
        }
    }
    for c in model.criteria.values() {
        f(&c.node.test, ExprContext::Condition);
    }
    for fund in model.funds.values() {
        if let Some(e) = &fund.node.beneficiaries {
            f(e, ExprContext::Condition);
        }
    }
    if let Some(stage) = model.stage {
        if let Some(e) = &stage.entry {
            f(e, ExprContext::Condition);
        }
    }
    for procedure in model.decision_procedures.values() {
        for e in procedure.node.steps.iter().filter_map(|s| s.when.as_ref()) {
            f(e, ExprContext::Condition);
        }
    }
    for body in model.bodies.values() {
        for v in &body.node.vote_losses {
            f(&v.when, ExprContext::Condition);
        }
    }
}

/// Whether an expression must be a condition (true or false) or may be any value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExprContext {
    Condition,
    Value,
}
