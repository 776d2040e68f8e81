//! One document analysed as `check` analyses it: parsed and checked through a
//! `Session` (an amendment linted against its treaty), then indexed: where each
//! name of the treaty is defined and where it is referred to, the outline, and
//! the hover text of each definition. The result owns its data, so that requests
//! are answered without checking anything again.
//!
//! Names are known by `Symbol`: the treaty they belong to, their kind and their
//! name. A treaty and the amendments that name it share one treaty name, so a
//! body defined in the treaty and named in an amendment is one symbol.

use std::collections::BTreeMap;

use crate::ast::*;
use crate::check;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{self, Model, Models, Named};
use crate::session::Session;
use crate::source::{FileId, SourceMap, Span};

use super::position::{Encoding, LineIndex};

/// The kinds of names a treaty defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SymbolKind {
    Treaty,
    Body,
    /// A body's decision, named `Body.decision`.
    Decision,
    Rule,
    Article,
    Provision,
    Criterion,
    /// A member state: a party or one of the other states.
    Party,
    /// A fact, named `entity.attribute`.
    Fact,
    Stage,
    Procedure,
    Fund,
    Sanction,
}

impl SymbolKind {
    /// The kind in words, for messages.
    pub fn word(self) -> &'static str {
        match self {
            SymbolKind::Treaty => "treaty",
            SymbolKind::Body => "body",
            SymbolKind::Decision => "decision",
            SymbolKind::Rule => "voting rule",
            SymbolKind::Article => "article",
            SymbolKind::Provision => "provision",
            SymbolKind::Criterion => "criterion",
            SymbolKind::Party => "member state",
            SymbolKind::Fact => "fact",
            SymbolKind::Stage => "stage",
            SymbolKind::Procedure => "procedure",
            SymbolKind::Fund => "fund",
            SymbolKind::Sanction => "sanction",
        }
    }
}

/// A name of a treaty, wherever it is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Symbol {
    /// The URI of the treaty document the name belongs to.
    pub treaty: String,
    pub kind: SymbolKind,
    /// The name as written; `Body.decision` for a decision, `entity.attribute` for a fact.
    pub name: String,
}

impl Symbol {
    /// The part of the name the text writes at each occurrence: a decision's or
    /// a fact's own name, without its body or entity.
    pub fn written(&self) -> &str {
        match self.kind {
            SymbolKind::Decision | SymbolKind::Fact => self.name.rsplit('.').next().unwrap_or(&self.name),
            _ => &self.name,
        }
    }
}

/// One place a symbol is written in a document (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub start: usize,
    pub end: usize,
    pub symbol: Symbol,
    pub definition: bool,
}

/// A quick fix a diagnostic suggests: replace its span with `replacement`.
#[derive(Debug, Clone)]
pub struct Fix {
    pub diagnostic: lsp_types::Diagnostic,
    pub replacement: String,
}

/// Everything the server answers about one document.
#[derive(Debug)]
pub struct Analysis {
    pub uri: String,
    pub text: String,
    pub lines: LineIndex,
    /// The name of the treaty this document is, or the one it amends.
    pub treaty: Option<String>,
    /// The URI of the treaty whose names this document uses: its own for a
    /// treaty, the treaty it was linted against for an amendment (its own when
    /// that treaty was not found).
    pub anchor: String,
    pub amendment: bool,
    pub diagnostics: Vec<lsp_types::Diagnostic>,
    /// The byte span and code of each diagnostic in this document, for hover.
    pub codes: Vec<(usize, usize, Code)>,
    pub fixes: Vec<Fix>,
    /// Sorted by place.
    pub occurrences: Vec<Occurrence>,
    pub outline: Vec<lsp_types::DocumentSymbol>,
    /// The hover text of each definition in this document, by its start.
    pub hovers: BTreeMap<usize, String>,
}

/// A document's text and name.
#[derive(Debug, Clone, Copy)]
pub struct Source<'t> {
    pub uri: &'t str,
    pub text: &'t str,
}

/// Analyses a document. `find_treaty` gives a treaty by name, for an amendment
/// to be linted against the treaty it amends.
pub fn analyse<'t>(
    document: Source<'_>,
    find_treaty: &dyn Fn(&str) -> Option<Source<'t>>,
    encoding: Encoding,
) -> Analysis {
    let mut session = Session::new();
    let file = session.add(document.uri, document.text.as_bytes());
    let config = check::Config::default();
    let mut found = Found::default();
    let mut treaty_name = None;
    let mut amendment = false;
    if let Some(unit) = session.unit(file) {
        match &unit.document {
            Some(Document::Treaty(t)) => treaty_name = Some(t.name.name.clone()),
            Some(Document::Amendment(a)) => {
                treaty_name = Some(a.amends.name.clone());
                amendment = true;
            }
            None => {}
        }
    }
    let base = match (amendment, &treaty_name) {
        (true, Some(name)) => find_treaty(name),
        _ => None,
    };
    let anchor = base.map_or(document.uri, |b| b.uri).to_string();
    let base_file = base.map(|b| session.add(b.uri, b.text.as_bytes()));
    if let Some(unit) = session.unit(file) {
        found.diagnostics = unit.diagnostics.clone();
        match &unit.document {
            Some(Document::Treaty(t)) => treaty(&session, file, t, &config, &mut found),
            Some(Document::Amendment(a)) => {
                let base = base_file.and_then(|f| session.unit(f)).and_then(|u| match &u.document {
                    Some(Document::Treaty(t)) if !u.diagnostics.iter().any(Diagnostic::stops_analysis) => Some(t),
                    _ => None,
                });
                let treaty_found = base_file.is_some();
                amendment_of(session.sources(), &anchor, a, base, treaty_found, &config, &mut found);
            }
            None => {}
        }
    }
    crate::diagnostics::sort(&mut found.diagnostics);
    let text = document.text.to_string();
    let lines = LineIndex::new(&text);
    let sources = session.sources();
    let mut diagnostics = Vec::new();
    let mut codes = Vec::new();
    let mut fixes = Vec::new();
    let mut file_lines = super::diagnostics::Lines::new(sources, encoding);
    for d in found.diagnostics.iter().filter(|d| d.primary.span.file == file) {
        let converted = super::diagnostics::convert(&mut file_lines, d);
        if let Some(replacement) = super::diagnostics::suggestion(d) {
            fixes.push(Fix {
                diagnostic: converted.clone(),
                replacement,
            });
        }
        codes.push((d.primary.span.start, d.primary.span.end, d.code));
        diagnostics.push(converted);
    }
    let mut occurrences: Vec<Occurrence> = found
        .occurrences
        .into_iter()
        .filter(|(span, _, _)| span.file == file)
        .map(|(span, symbol, definition)| Occurrence {
            start: span.start,
            end: span.end,
            symbol,
            definition,
        })
        .collect();
    // A place both defined and referred to keeps its definition.
    occurrences
        .sort_by(|a, b| (a.start, a.end, &a.symbol, !a.definition).cmp(&(b.start, b.end, &b.symbol, !b.definition)));
    occurrences.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.symbol == b.symbol);
    let outline = match session.unit(file).and_then(|u| u.document.as_ref()) {
        Some(doc) => super::symbols::outline(doc, &text, &lines, encoding),
        None => Vec::new(),
    };
    let hovers = found
        .hovers
        .into_iter()
        .filter(|(span, _)| span.file == file)
        .map(|(span, text)| (span.start, text))
        .collect();
    Analysis {
        uri: document.uri.to_string(),
        text,
        lines,
        treaty: treaty_name,
        anchor,
        amendment,
        diagnostics,
        codes,
        fixes,
        occurrences,
        outline,
        hovers,
    }
}

/// What analysing a document found, with spans into any file of its session.
#[derive(Default)]
struct Found {
    diagnostics: Vec<Diagnostic>,
    occurrences: Vec<(Span, Symbol, bool)>,
    hovers: Vec<(Span, String)>,
}

/// A treaty: checked as `check` checks it; its names indexed from the models the
/// checks read (or, when a syntax error stops the checks, from models built for
/// navigation alone, so that going to a definition works while typing).
fn treaty(session: &Session, file: FileId, t: &Treaty, config: &check::Config, found: &mut Found) {
    let mut names = Names::new(session.sources().name(file), session.sources());
    names.treaty(t);
    match session.compile(file, config) {
        Ok(compilation) => {
            found.diagnostics = compilation.diagnostics.clone();
            index_models(&compilation.models, &mut names, found);
        }
        Err(_) => {
            let models = model::models(t);
            index_models(&models, &mut names, found);
        }
    }
    found.occurrences.append(&mut names.out);
}

fn index_models(models: &Models<'_>, names: &mut Names<'_>, found: &mut Found) {
    for m in &models.models {
        names.resolved(m);
    }
    found.hovers.extend(super::hover::definitions(
        names.sources,
        &models.models,
        models.treaty.stages(),
    ));
}

/// An amendment: its wording, and when its treaty is found, linted against it as
/// `check` lints it; the references of its changes resolved in the treaty as amended.
fn amendment_of(
    sources: &SourceMap,
    anchor: &str,
    a: &Amendment,
    base: Option<&Treaty>,
    treaty_found: bool,
    config: &check::Config,
    found: &mut Found,
) {
    let mut names = Names::new(anchor, sources);
    names
        .out
        .push((a.amends.span, names.symbol(SymbolKind::Treaty, &a.amends.name), false));
    names.changes(&a.changes);
    match base {
        Some(base) => {
            let lint = crate::amend::lint(base, a, config);
            if lint.base.iter().any(Diagnostic::is_error) {
                found.diagnostics.push(crate::amend::checked_alone(
                    a,
                    format!(
                        "the treaty `{}` has errors of its own, so the amendment was checked alone",
                        a.amends.name
                    ),
                ));
            }
            found.diagnostics.extend(lint.diagnostics);
            if let Some(view) = &lint.amended {
                let (m, _) = Model::build(view);
                names.resolved(&m);
                let amended = std::slice::from_ref(&m);
                found
                    .hovers
                    .extend(super::hover::definitions(sources, amended, std::iter::empty()));
            }
        }
        None if treaty_found => found.diagnostics.push(crate::amend::checked_alone(
            a,
            format!(
                "the treaty `{}` does not parse, so the amendment was checked alone",
                a.amends.name
            ),
        )),
        None => found.diagnostics.push(crate::amend::checked_alone(
            a,
            format!(
                "the treaty `{}` is not open in the editor nor in a `.treaty` file of the workspace",
                a.amends.name
            ),
        )),
    }
    found.occurrences.append(&mut names.out);
}

/// Collects definitions and references.
struct Names<'s> {
    treaty: String,
    sources: &'s SourceMap,
    out: Vec<(Span, Symbol, bool)>,
}

impl<'s> Names<'s> {
    fn new(treaty: &str, sources: &'s SourceMap) -> Names<'s> {
        Names {
            treaty: treaty.to_string(),
            sources,
            out: Vec::new(),
        }
    }

    fn symbol(&self, kind: SymbolKind, name: &str) -> Symbol {
        Symbol {
            treaty: self.treaty.clone(),
            kind,
            name: name.to_string(),
        }
    }

    fn define(&mut self, kind: SymbolKind, id: &Ident) {
        self.out.push((id.span, self.symbol(kind, &id.name), true));
    }

    /// The parties, bodies and facts an entry-into-force condition names.
    fn entry_condition(&mut self, c: &EntryCondition) {
        for part in &c.parts {
            match part {
                EntryPart::Including { states, .. } => {
                    for id in states {
                        self.refer(SymbolKind::Party, id);
                    }
                }
                EntryPart::IncludingPermanent { body, .. } => self.refer(SymbolKind::Body, body),
                // `55% of emissions`: the member fact, for its hover and references.
                EntryPart::Weight { fact, .. } => {
                    let name = Ident {
                        name: format!("member.{}", fact.name),
                        span: fact.span,
                    };
                    self.refer(SymbolKind::Fact, &name);
                }
                _ => {}
            }
        }
        for id in &c.not_counting {
            self.refer(SymbolKind::Party, id);
        }
    }

    fn refer(&mut self, kind: SymbolKind, id: &Ident) {
        self.out.push((id.span, self.symbol(kind, &id.name), false));
    }

    fn decision(&mut self, body: &Ident, decision: &Ident, definition: bool) {
        let name = format!("{}.{}", body.name, decision.name);
        self.out
            .push((decision.span, self.symbol(SymbolKind::Decision, &name), definition));
    }

    fn treaty(&mut self, t: &Treaty) {
        self.define(SymbolKind::Treaty, &t.name);
        self.items(&t.items);
    }

    fn items(&mut self, items: &[Item]) {
        for item in items {
            self.item(item);
        }
    }

    /// The names an item defines, and those resolution does not record: decisions
    /// (`Body.decision`) and stages.
    fn item(&mut self, item: &Item) {
        match item {
            Item::Facts(f) => {
                for a in &f.attributes {
                    let name = format!("{}.{}", f.entity.name, a.name.name);
                    self.out.push((a.name.span, self.symbol(SymbolKind::Fact, &name), true));
                    if let Some(s) = &a.set_by {
                        self.decision(&s.body, &s.decision, false);
                    }
                }
            }
            Item::Parties(p) | Item::OtherStates(p) => {
                for party in &p.parties {
                    self.define(SymbolKind::Party, &party.id);
                }
            }
            Item::Membership(m) => match &**m {
                MembershipChange::Accession { by, .. } | MembershipChange::Expulsion { by, .. } => self.act(by),
                MembershipChange::Suspension { by, revoked_by, .. } => {
                    self.act(by);
                    if let Some(r) = revoked_by {
                        self.act(r);
                    }
                }
                MembershipChange::Withdrawal(w) => {
                    for e in &w.takes_effect {
                        if let EffectTime::On { act } = e {
                            self.act(act);
                        }
                    }
                    if let Some(a) = &w.extension {
                        self.act(a);
                    }
                }
            },
            Item::Body(b) => {
                self.define(SymbolKind::Body, &b.name);
                for p in &b.powers {
                    self.decision(&b.name, &p.decision, true);
                }
                for r in &b.relations {
                    if let (RelationKind::ProposesTo, Some(d), Some(Target::Body(to))) =
                        (r.kind, &r.decision, &r.target)
                    {
                        self.decision(to, d, false);
                    }
                }
            }
            Item::Rule(r) => self.define(SymbolKind::Rule, &r.name),
            Item::Article(a) => {
                let id = Ident {
                    name: a.number.text.clone(),
                    span: a.number.span,
                };
                self.define(SymbolKind::Article, &id);
                self.items(&a.items);
            }
            Item::Amendment(a) => {
                if let Some(f) = &a.in_force {
                    self.entry_condition(&f.condition);
                }
            }
            Item::Stage(s) => {
                self.define(SymbolKind::Stage, &s.name);
                if let Some(after) = &s.after {
                    self.refer(SymbolKind::Stage, after);
                }
                self.changes(&s.changes);
            }
            Item::DecisionProcedure(p) => self.define(SymbolKind::Procedure, &p.name),
            Item::Sanction(s) => {
                if let Some(n) = &s.name {
                    self.define(SymbolKind::Sanction, n);
                }
            }
            Item::Fund(f) => self.define(SymbolKind::Fund, &f.name),
            Item::Criterion(c) => self.define(SymbolKind::Criterion, &c.name),
            Item::Provision(p) => {
                if let Some(l) = &p.label {
                    self.define(SymbolKind::Provision, l);
                }
                if let Some(Moment::Decision { body, decision }) = p.timing.as_deref().and_then(Timing::moment) {
                    self.decision(body, decision, false);
                }
            }
            Item::Scenario(s) => {
                for c in &s.checks {
                    self.scenario_check(c);
                }
            }
            Item::EntryCondition(c) => self.entry_condition(c),
            Item::EntryIntoForce(_) | Item::Procedure(_) | Item::Text(_) => {}
        }
    }

    fn act(&mut self, act: &ActRef) {
        if let ActRef::Decision { body, decision } = act {
            self.decision(body, decision, false);
        }
    }

    fn scenario_check(&mut self, c: &ScenarioCheck) {
        match c {
            ScenarioCheck::Vote { body, decision, .. } => self.decision(body, decision, false),
            ScenarioCheck::On { dated, .. } => match dated.as_ref() {
                DatedCheck::Vote(v) => self.scenario_check(v),
                DatedCheck::Rule {
                    decision: Some((body, decision)),
                    ..
                } => self.decision(body, decision, false),
                DatedCheck::Stage { stage } => self.refer(SymbolKind::Stage, stage),
                _ => {}
            },
            _ => {}
        }
    }

    fn changes(&mut self, changes: &[Change]) {
        for change in changes {
            match change {
                Change::Add { item, .. } | Change::Replace { item, .. } => self.item(item),
                Change::Insert { item, after, .. } => {
                    self.item(item);
                    if let Some(a) = after {
                        self.item_ref(a);
                    }
                }
                Change::Remove { target, .. } | Change::Repeal { target, .. } => self.item_ref(target),
                Change::Text(_) => {}
            }
        }
    }

    fn item_ref(&mut self, r: &ItemRef) {
        let kind = match r.kind {
            ItemKind::Article => SymbolKind::Article,
            ItemKind::Body | ItemKind::Office => SymbolKind::Body,
            ItemKind::Rule => SymbolKind::Rule,
            ItemKind::Sanction => SymbolKind::Sanction,
            ItemKind::Fund => SymbolKind::Fund,
            ItemKind::Criterion => SymbolKind::Criterion,
            ItemKind::Provision => SymbolKind::Provision,
            ItemKind::Stage => SymbolKind::Stage,
        };
        // An address spans its keyword too (`article 7`); the name is at its end.
        let at = Span::new(r.span.file, r.span.end.saturating_sub(r.name.len()), r.span.end);
        self.out.push((at, self.symbol(kind, &r.name), false));
    }

    /// The references a model's resolution recorded.
    fn resolved(&mut self, m: &Model<'_>) {
        for (span, named) in m.resolution.references() {
            let (kind, name) = match named {
                Named::Body(id) => (SymbolKind::Body, m.bodies.name(id).to_string()),
                Named::Rule(id) => (SymbolKind::Rule, m.rules.name(id).to_string()),
                Named::Article(id) => (SymbolKind::Article, m.articles.name(id).to_string()),
                Named::Provision(id) => (SymbolKind::Provision, m.labels.name(id).to_string()),
                Named::Criterion(id) => (SymbolKind::Criterion, m.criteria.name(id).to_string()),
                Named::Party(id) => (SymbolKind::Party, m.parties.name(id).to_string()),
                Named::Procedure(id) => (SymbolKind::Procedure, m.decision_procedures.name(id).to_string()),
                Named::Fact(a) => {
                    let Some(entity) = m
                        .facts
                        .iter()
                        .find(|(_, s)| s.attributes.values().any(|x| std::ptr::eq(*x, a)))
                        .map(|(e, _)| *e)
                    else {
                        continue;
                    };
                    let Some(at) = fact_name_span(self.sources, span, &a.name.name) else {
                        continue;
                    };
                    self.out.push((
                        at,
                        self.symbol(SymbolKind::Fact, &format!("{entity}.{}", a.name.name)),
                        false,
                    ));
                    continue;
                }
            };
            self.out.push((span, self.symbol(kind, &name), false));
        }
    }
}

/// The place of a fact's own name inside the expression that reads it
/// (`population` in `world.population` or `total population of members`): the
/// resolution records the whole expression.
fn fact_name_span(sources: &SourceMap, expr: Span, name: &str) -> Option<Span> {
    let slice = sources.text(expr.file).get(expr.start..expr.end)?;
    let at = super::text::find_word(slice, name)?;
    Some(Span::new(expr.file, expr.start + at, expr.start + at + name.len()))
}
