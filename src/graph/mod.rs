//! The institution graph of one stage: who constitutes, proposes to, oversees and
//! decides what.
//!
//! Nodes are the bodies (internal and external), offices, the member states
//! collectively, the treaty itself, the kinds of decision and the funds; edges are
//! the relationships the treaty writes, each with its provenance (article and span).
//! `check` finds the faults only a graph shows: bodies that can never be
//! constituted, authority cycles, isolated bodies, proposals from bodies without seats.

mod layout;
mod render;
mod sheet;
mod veto;

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;
use crate::source::Span;

pub use render::{diff, render, Change, Diff, DiffEdge, Format, Layout, View};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Body,
    External,
    Office,
    /// The member states collectively.
    Members,
    /// The treaty itself (what a court interprets, what an outside body authorises).
    Treaty,
    /// A kind of decision some body takes.
    Decision,
    Fund,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    Appoints,
    Elects,
    ProposesTo,
    Approves,
    Oversees,
    ReportsTo,
    Interprets,
    Arbitrates,
    Authorises,
    CooperatesWith,
    HeadedBy,
    /// A power: the body decides the decision by a rule.
    Decides,
    /// A fund is managed by a body.
    Manages,
    /// A sanction a body may impose on a member.
    Sanctions,
    /// A procedure's consultation: the body is heard on the decision.
    Consulted,
    /// A procedure's consent: the body must approve the decision.
    Consents,
    /// A procedure's objection step: any one of the body can stop the decision.
    MayObject,
}

impl EdgeKind {
    pub fn words(self) -> &'static str {
        match self {
            EdgeKind::Appoints => "appoints",
            EdgeKind::Elects => "elects",
            EdgeKind::ProposesTo => "proposes to",
            EdgeKind::Approves => "approves",
            EdgeKind::Oversees => "oversees",
            EdgeKind::ReportsTo => "reports to",
            EdgeKind::Interprets => "interprets",
            EdgeKind::Arbitrates => "arbitrates",
            EdgeKind::Authorises => "authorises",
            EdgeKind::CooperatesWith => "cooperates with",
            EdgeKind::HeadedBy => "headed by",
            EdgeKind::Decides => "decides",
            EdgeKind::Manages => "manages",
            EdgeKind::Sanctions => "may sanction",
            EdgeKind::Consulted => "is consulted on",
            EdgeKind::Consents => "consents to",
            EdgeKind::MayObject => "may object to",
        }
    }
}

/// Where a node or edge is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub article: Option<String>,
    pub span: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Unique within a graph: `Council`, `members`, `decision:admission`.
    pub id: String,
    pub label: String,
    pub kind: NodeKind,
    /// `one per member`, `15`, `700 elected directly`.
    pub seats: Option<String>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub kind: EdgeKind,
    /// What the edge is about: the decision proposed, the rule decided by.
    pub detail: Option<String>,
    pub provenance: Provenance,
    /// On a decision: who holds a veto over it (`every member`, `CHN, FRA, GBR,
    /// RUS, USA`), as the voting kernel finds it; `None` when no one does.
    pub veto: Option<String>,
}

impl Edge {
    /// The label drawn on the edge.
    pub fn label(&self) -> String {
        let words = match (self.kind, &self.detail) {
            (EdgeKind::ProposesTo, Some(d)) => format!("proposes {d}"),
            (EdgeKind::ProposesTo, None) => "proposes".to_string(),
            (EdgeKind::Sanctions, Some(d)) => format!("may {d}"),
            (kind, Some(d)) => format!("{} {d}", kind.words()),
            (kind, None) => kind.words().to_string(),
        };
        match &self.veto {
            Some(v) => format!("{words}; veto: {v}"),
            None => words,
        }
    }
}

/// The institution graph of one stage.
#[derive(Debug)]
pub struct InstitutionGraph {
    /// The treaty's title (or name), for titles of drawings.
    pub treaty: String,
    pub stage: Option<String>,
    pub graph: DiGraph<Node, Edge>,
    index: BTreeMap<String, NodeIndex>,
}

pub const MEMBERS: &str = "members";

impl InstitutionGraph {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).and_then(|i| self.graph.node_weight(*i))
    }

    /// Nodes in a stable order: by kind, then id.
    pub fn nodes(&self) -> Vec<&Node> {
        let mut nodes: Vec<&Node> = self.graph.node_weights().collect();
        nodes.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
        nodes
    }

    /// Edges as (from, to, edge) in a stable order.
    pub fn edges(&self) -> Vec<(&Node, &Node, &Edge)> {
        let mut edges: Vec<(&Node, &Node, &Edge)> = self
            .graph
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = self.graph.edge_endpoints(e)?;
                Some((
                    self.graph.node_weight(a)?,
                    self.graph.node_weight(b)?,
                    self.graph.edge_weight(e)?,
                ))
            })
            .collect();
        edges.sort_by(|x, y| (&x.0.id, &x.1.id, x.2.kind, &x.2.detail).cmp(&(&y.0.id, &y.1.id, y.2.kind, &y.2.detail)));
        edges
    }
}

/// A private builder: the name -> node map and the edges added so far.
struct Builder {
    graph: DiGraph<Node, Edge>,
    index: BTreeMap<String, NodeIndex>,
    seen_edges: BTreeSet<(NodeIndex, NodeIndex, EdgeKind, Option<String>)>,
}

impl Builder {
    fn node(&mut self, node: Node) -> NodeIndex {
        if let Some(i) = self.index.get(&node.id) {
            return *i;
        }
        let id = node.id.clone();
        let i = self.graph.add_node(node);
        self.index.insert(id, i);
        i
    }

    /// An edge from the node named `from`, when there is one.
    fn edge_from(&mut self, from: &str, to: NodeIndex, edge: Edge) {
        if let Some(from) = self.find(from) {
            self.edge(from, to, edge);
        }
    }

    fn find(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    fn edge(&mut self, from: NodeIndex, to: NodeIndex, edge: Edge) {
        if self.seen_edges.insert((from, to, edge.kind, edge.detail.clone())) {
            self.graph.add_edge(from, to, edge);
        }
    }
}

fn provenance(article: Option<&Article>, span: Span) -> Provenance {
    Provenance {
        article: article.map(|a| a.number.text.clone()),
        span: Some(span),
    }
}

fn seats_text(seats: &Seats) -> String {
    let count = match &seats.count {
        SeatCount::OnePerMember => "one per member".to_string(),
        SeatCount::Fixed(n) => n.text.clone(),
        SeatCount::Table(shares) => {
            let total: i128 = shares.iter().filter_map(|s| s.seats.as_integer()).sum();
            format!("{total} in {} delegations", shares.len())
        }
    };
    match &seats.origin {
        None => count,
        Some(SeatOrigin::ElectedDirectly) => format!("{count} elected directly"),
        Some(SeatOrigin::ElectedBy(_)) => format!("{count} elected"),
        Some(SeatOrigin::AppointedBy(_)) => format!("{count} appointed"),
    }
}

fn rule_text(r: &RuleRef) -> String {
    match r {
        RuleRef::Named(id) => id.name.clone(),
        RuleRef::Builtin { builtin, .. } => match builtin {
            BuiltinRule::Unanimity => "unanimity",
            BuiltinRule::Consensus => "consensus",
            BuiltinRule::SimpleMajority => "simple majority",
            BuiltinRule::AbsoluteMajority => "absolute majority",
            BuiltinRule::TwoThirdsMajority => "two-thirds majority",
        }
        .to_string(),
    }
}

/// Builds the graph of a stage's treaty.
pub fn build(model: &Model<'_>) -> InstitutionGraph {
    let mut b = Builder {
        graph: DiGraph::new(),
        index: BTreeMap::new(),
        seen_edges: BTreeSet::new(),
    };
    let none = Provenance {
        article: None,
        span: None,
    };
    let treaty = model.treaty;
    let members = b.node(Node {
        id: MEMBERS.to_string(),
        label: "Member states".to_string(),
        kind: NodeKind::Members,
        seats: None,
        provenance: none.clone(),
    });
    let treaty_node = b.node(Node {
        id: treaty.name.name.clone(),
        label: treaty
            .title
            .as_ref()
            .map_or(treaty.name.name.clone(), |t| t.value.clone()),
        kind: NodeKind::Treaty,
        seats: None,
        provenance: Provenance {
            article: None,
            span: Some(treaty.name.span),
        },
    });
    for body in model.bodies.values() {
        let n = body.node;
        b.node(Node {
            id: n.name.name.clone(),
            label: n.title.as_ref().map_or(n.name.name.clone(), |t| t.value.clone()),
            kind: match n.kind {
                BodyKind::Internal => NodeKind::Body,
                BodyKind::External => NodeKind::External,
                BodyKind::Office => NodeKind::Office,
            },
            seats: n.seats.first().map(seats_text),
            provenance: provenance(body.article, n.name.span),
        });
    }
    for fund in model.funds.values() {
        let f = fund.node;
        b.node(Node {
            id: format!("fund:{}", f.name.name),
            label: f.title.as_ref().map_or(f.name.name.clone(), |t| t.value.clone()),
            kind: NodeKind::Fund,
            seats: None,
            provenance: provenance(fund.article, f.name.span),
        });
    }
    let target = |b: &Builder, t: &Target| match t {
        Target::Members { .. } => Some(members),
        Target::Treaty { .. } => Some(treaty_node),
        Target::Body(id) => b.find(&id.name),
    };

    for body in model.bodies.values() {
        let n = body.node;
        let Some(me) = b.find(&n.name.name) else { continue };
        let prov = |span| provenance(body.article, span);
        for seats in &n.seats {
            let edge = |kind| Edge {
                kind,
                detail: None,
                provenance: prov(seats.span),
                veto: None,
            };
            match &seats.origin {
                Some(SeatOrigin::AppointedBy(t)) => {
                    if let Some(from) = target(&b, t) {
                        b.edge(from, me, edge(EdgeKind::Appoints));
                    }
                }
                Some(SeatOrigin::ElectedBy(t)) => {
                    if let Some(from) = target(&b, t) {
                        b.edge(from, me, edge(EdgeKind::Elects));
                    }
                }
                Some(SeatOrigin::ElectedDirectly) => b.edge(
                    members,
                    me,
                    Edge {
                        kind: EdgeKind::Elects,
                        detail: Some("directly".to_string()),
                        provenance: prov(seats.span),
                        veto: None,
                    },
                ),
                None if matches!(seats.count, SeatCount::OnePerMember) => b.edge(members, me, edge(EdgeKind::Appoints)),
                None => {}
            }
        }
        for rel in &n.relations {
            let kind = match rel.kind {
                RelationKind::ProposesTo => EdgeKind::ProposesTo,
                RelationKind::Approves => EdgeKind::Approves,
                RelationKind::Appoints => EdgeKind::Appoints,
                RelationKind::Elects => EdgeKind::Elects,
                RelationKind::ReportsTo => EdgeKind::ReportsTo,
                RelationKind::Oversees => EdgeKind::Oversees,
                RelationKind::Interprets => EdgeKind::Interprets,
                RelationKind::Arbitrates => EdgeKind::Arbitrates,
                RelationKind::Authorises => EdgeKind::Authorises,
                RelationKind::CooperatesWith => EdgeKind::CooperatesWith,
                RelationKind::HeadedBy => EdgeKind::HeadedBy,
            };
            // `arbitrates disputes` concerns the member states.
            let to = match &rel.target {
                Some(t) => target(&b, t),
                None => Some(members),
            };
            if let Some(to) = to {
                let detail = match rel.kind {
                    RelationKind::Arbitrates => Some("disputes".to_string()),
                    _ => rel.decision.as_ref().map(|d| d.name.clone()),
                };
                b.edge(
                    me,
                    to,
                    Edge {
                        kind,
                        detail,
                        provenance: prov(rel.span),
                        veto: None,
                    },
                );
            }
        }
        for p in &n.powers {
            let decision = b.node(Node {
                id: format!("decision:{}", p.decision.name),
                label: p.decision.name.clone(),
                kind: NodeKind::Decision,
                seats: None,
                provenance: Provenance {
                    article: None,
                    span: None,
                },
            });
            let mut detail = format!("by {}", rule_text(&p.rule));
            // TFEU 238(2): the proposer chooses the rule, so both are drawn.
            if let Some((other, _)) = &p.options.otherwise {
                let from: Vec<&str> = p.options.on_proposal_from.iter().map(|b| b.name.as_str()).collect();
                detail.push_str(&format!(
                    " on a proposal from {}, otherwise by {}",
                    from.join(" or "),
                    rule_text(other)
                ));
            }
            for j in &p.options.jointly_with {
                detail.push_str(&format!(", jointly with {}", j.name));
            }
            match &p.options.ratification {
                Some(Ratifiers::All { .. }) => detail.push_str(", ratified by all members"),
                Some(Ratifiers::Share { share }) => {
                    detail.push_str(&format!(", ratified by {} of members", share.text))
                }
                None => {}
            }
            // The facts this decision sets (`set by Council.defence_target`).
            for (entity, schema) in &model.facts {
                for (name, a) in &schema.attributes {
                    let sets = a
                        .set_by
                        .as_ref()
                        .is_some_and(|s| s.body.name == n.name.name && s.decision.name == p.decision.name);
                    if sets {
                        detail.push_str(&format!(", sets {entity}.{name}"));
                    }
                }
            }
            b.edge(
                me,
                decision,
                Edge {
                    kind: EdgeKind::Decides,
                    detail: Some(detail),
                    provenance: prov(p.span),
                    veto: None,
                },
            );
            // Each proposer and each authoriser points at the decision.
            let steps = (p.options.on_proposal_from.iter().map(|i| (i, EdgeKind::ProposesTo)))
                .chain(p.options.authorisation_by.iter().map(|i| (i, EdgeKind::Authorises)));
            for (body, kind) in steps {
                let edge = Edge {
                    kind,
                    detail: None,
                    provenance: prov(body.span),
                    veto: None,
                };
                b.edge_from(&body.name, decision, edge);
            }
        }
    }
    for fund in model.funds.values() {
        let f = fund.node;
        let Some(me) = b.find(&format!("fund:{}", f.name.name)) else {
            continue;
        };
        if let Some(from) = f.managed_by.as_ref().and_then(|t| target(&b, t)) {
            b.edge(
                from,
                me,
                Edge {
                    kind: EdgeKind::Manages,
                    detail: None,
                    provenance: provenance(fund.article, f.span),
                    veto: None,
                },
            );
        }
        for t in &f.cooperates_with {
            if let Some(to) = target(&b, t) {
                b.edge(
                    me,
                    to,
                    Edge {
                        kind: EdgeKind::CooperatesWith,
                        detail: None,
                        provenance: provenance(fund.article, f.span),
                        veto: None,
                    },
                );
            }
        }
    }
    // A procedure's steps point at its decision: who starts it, who is heard,
    // who consents, who decides.
    for procedure in model.decision_procedures.values() {
        let n = procedure.node;
        let act = n.act.as_ref().unwrap_or(&n.name);
        let decision = b.node(Node {
            id: format!("decision:{}", act.name),
            label: act.name.clone(),
            kind: NodeKind::Decision,
            seats: None,
            provenance: Provenance {
                article: None,
                span: None,
            },
        });
        for step in &n.steps {
            let (bodies, kind, detail): (Vec<&Ident>, EdgeKind, Option<String>) = match &step.kind {
                StepKind::Initiative { by, .. } => (
                    by.iter()
                        .filter_map(|i| match i {
                            Initiator::Body { body } => Some(body),
                            _ => None,
                        })
                        .collect(),
                    EdgeKind::ProposesTo,
                    None,
                ),
                StepKind::Consultation {
                    of: StepTaker::Body { body },
                    ..
                } => (vec![body], EdgeKind::Consulted, None),
                StepKind::Consent {
                    of: StepTaker::Body { body },
                    rule,
                    ..
                } => (
                    vec![body],
                    EdgeKind::Consents,
                    rule.as_ref().map(|r| format!("by {}", rule_text(r))),
                ),
                StepKind::Objection {
                    by: Objector::AnyOf { body },
                    within,
                    ..
                } => (
                    vec![body],
                    EdgeKind::MayObject,
                    Some(format!("within {}", within.length)),
                ),
                // A body that holds the power already shows the decision.
                StepKind::Decision { body, rule, .. } => {
                    let held = model
                        .body_of(body)
                        .is_some_and(|b| b.node.powers.iter().any(|p| p.decision.name == act.name));
                    if held {
                        continue;
                    }
                    (vec![body], EdgeKind::Decides, Some(format!("by {}", rule_text(rule))))
                }
                _ => continue,
            };
            // A step needed only sometimes says when on its edge.
            let detail = match (&step.when, detail) {
                (Some(e), Some(d)) => Some(format!("{d}, when {}", crate::ir::expression(e))),
                (Some(e), None) => Some(format!("when {}", crate::ir::expression(e))),
                (None, d) => d,
            };
            for body in bodies {
                let edge = Edge {
                    kind,
                    detail: detail.clone().map(|d| format!("{d} (procedure {})", n.name.name)),
                    provenance: provenance(procedure.article, step.span()),
                    veto: None,
                };
                b.edge_from(&body.name, decision, edge);
            }
        }
    }
    for s in &model.sanctions {
        let n = s.node;
        if let Some(from) = b.find(&n.body.name) {
            let detail = format!("{} by {}", n.measure.value, rule_text(&n.rule));
            b.edge(
                from,
                members,
                Edge {
                    kind: EdgeKind::Sanctions,
                    detail: Some(detail),
                    provenance: provenance(s.article, n.span),
                    veto: None,
                },
            );
        }
    }
    InstitutionGraph {
        treaty: treaty
            .title
            .as_ref()
            .map_or(treaty.name.name.clone(), |t| t.value.clone()),
        stage: model.stage_name().map(str::to_string),
        graph: b.graph,
        index: b.index,
    }
}

/// One side of a drawing request: a treaty and the stage to draw (`None`: as written).
#[derive(Debug, Clone, Copy)]
pub struct Selection<'t> {
    pub treaty: &'t Treaty,
    pub stage: Option<&'t str>,
}

/// How to draw: the format, the view, and (for SVG) who lays it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Picture {
    pub format: Format,
    pub view: View,
    pub layout: Layout,
}

/// The graph of one selection, with the vetoes over its decisions.
fn graph_of(selection: Selection<'_>, sources: &crate::source::SourceMap) -> Result<InstitutionGraph, String> {
    let (views, _) = crate::model::views(selection.treaty);
    let (model, _) = Model::build(find_stage(&views, selection.stage)?);
    let mut graph = build(&model);
    veto::mark(&mut graph, &model, sources);
    Ok(graph)
}

/// Draws a stage of a treaty, optionally marked against another selection.
/// Errors name the stage that does not exist.
pub fn draw(
    new: Selection<'_>,
    old: Option<Selection<'_>>,
    picture: Picture,
    sources: &crate::source::SourceMap,
) -> Result<String, String> {
    let new_graph = graph_of(new, sources)?;
    let old_graph = old.map(|o| graph_of(o, sources)).transpose()?;
    render(
        &diff(&new_graph, old_graph.as_ref()),
        picture.format,
        picture.view,
        picture.layout,
        sources,
    )
}

/// The SVG drawing of a treaty's stage (`None`: as written) in one view: the
/// entry point for pages that show a treaty's institutions. The built-in
/// layout is the same on every machine; `Layout::Auto` uses Graphviz when it
/// is installed.
pub fn svg(
    treaty: &Treaty,
    stage: Option<&str>,
    view: View,
    layout: Layout,
    sources: &crate::source::SourceMap,
) -> Result<String, String> {
    draw(
        Selection { treaty, stage },
        None,
        Picture {
            format: Format::Svg,
            view,
            layout,
        },
        sources,
    )
}

/// The member states of a day, for a drawing of that day.
#[derive(Debug, Clone)]
pub struct MembersOn {
    /// `1 February 2020`
    pub date: String,
    pub members: Vec<String>,
    /// Members with a standing worth saying (suspended, withdrawing) and states
    /// that have left (withdrawn, expelled).
    pub notes: Vec<String>,
}

/// Draws a stage of a treaty with the member states of a day: a state that
/// has left is gone from the members, and said to have left.
pub fn draw_on(
    new: Selection<'_>,
    on: &MembersOn,
    picture: Picture,
    sources: &crate::source::SourceMap,
) -> Result<String, String> {
    let mut graph = graph_of(new, sources)?;
    if let Some(node) = graph.index.get(MEMBERS).and_then(|i| graph.graph.node_weight_mut(*i)) {
        node.label = format!("Member states on {} ({})", on.date, on.members.len());
        let mut seats = on.members.join(", ");
        for n in &on.notes {
            seats.push_str(&format!("; {n}"));
        }
        node.seats = Some(seats);
    }
    render(
        &diff(&graph, None),
        picture.format,
        picture.view,
        picture.layout,
        sources,
    )
}

fn find_stage<'v, 'a>(
    views: &'v [crate::model::StageView<'a>],
    stage: Option<&str>,
) -> Result<&'v crate::model::StageView<'a>, String> {
    views
        .iter()
        .find(|v| v.stage.map(|s| s.name.name.as_str()) == stage)
        .ok_or_else(|| {
            let treaty = views
                .first()
                .map_or("the treaty".to_string(), |v| format!("`{}`", v.treaty.name.name));
            let names: Vec<String> = views
                .iter()
                .filter_map(|v| v.stage.map(|s| format!("`{}`", s.name.name)))
                .collect();
            let list = if names.is_empty() {
                "it has no stages".to_string()
            } else {
                format!("its stages are {}", names.join(", "))
            };
            format!("{treaty} has no stage `{}`; {list}", stage.unwrap_or(""))
        })
}

/// Whether a treaty has a stage of this name.
pub fn has_stage(treaty: &Treaty, stage: &str) -> bool {
    treaty
        .items
        .iter()
        .any(|i| matches!(i, Item::Stage(s) if s.name.name == stage))
}

/// Faults of the institutions that only the graph shows.
pub fn check(model: &Model<'_>, g: &InstitutionGraph) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(unconstituted(model));
    out.extend(authority_cycles(model, g));
    out.extend(isolated(model, g));
    out.extend(without_function(model, g));
    out.extend(proposals_without_seats(model));
    out
}

/// W0102: an internal body with no function at all. A power is one; so is
/// proposing, approving, appointing, electing, overseeing, interpreting,
/// arbitrating, authorising, managing a fund, sanctioning, being consulted or
/// consenting in a procedure, or a role in the amendment procedure. Reporting
/// to, cooperating with and being headed by are relations, not functions.
fn without_function(model: &Model<'_>, g: &InstitutionGraph) -> Vec<Diagnostic> {
    let in_amendment: BTreeSet<&str> = model
        .procedures
        .iter()
        .flat_map(|p| {
            p.node
                .proposed_by
                .iter()
                .chain(p.node.adopted_by.as_ref().map(|(b, _)| b))
                .map(|b| b.name.as_str())
        })
        .collect();
    let acts = |name: &str| {
        g.index.get(name).is_some_and(|i| {
            g.graph.edges_directed(*i, petgraph::Direction::Outgoing).any(|e| {
                !matches!(
                    e.weight().kind,
                    EdgeKind::ReportsTo | EdgeKind::CooperatesWith | EdgeKind::HeadedBy
                )
            })
        })
    };
    model
        .bodies
        .iter()
        .filter(|(name, b)| {
            b.node.kind == BodyKind::Internal && b.node.powers.is_empty() && !in_amendment.contains(*name) && !acts(name)
        })
        .map(|(name, b)| {
            Diagnostic::new(Code::W0102, b.node.name.span, format!("body `{name}` has no function"))
                .with_primary_label("it decides, proposes, appoints, oversees or interprets nothing")
                .with_help("give it a power (`decides DECISION by RULE`) or a function (`proposes DECISION to BODY`, `interprets treaty`), or declare it an `office` if it is a single office-holder")
        })
        .collect()
}

/// Where a body's members come from: other bodies that appoint or elect it.
fn origins<'a>(model: &Model<'a>) -> BTreeMap<&'a str, Vec<(&'a str, Span)>> {
    let mut out: BTreeMap<&str, Vec<(&str, Span)>> = BTreeMap::new();
    for body in model.bodies.values() {
        let b = body.node;
        for seats in &b.seats {
            if let Some(SeatOrigin::AppointedBy(Target::Body(id)) | SeatOrigin::ElectedBy(Target::Body(id))) =
                &seats.origin
            {
                out.entry(b.name.name.as_str())
                    .or_default()
                    .push((id.name.as_str(), id.span));
            }
        }
        for rel in &b.relations {
            if let (RelationKind::Appoints | RelationKind::Elects, Some(Target::Body(to))) = (rel.kind, &rel.target) {
                out.entry(to.name.as_str())
                    .or_default()
                    .push((b.name.name.as_str(), rel.span));
            }
        }
    }
    out
}

/// Whether a body is constituted by the treaty act or the member states directly.
fn grounded(body: &Body) -> bool {
    body.kind == BodyKind::External
        || body.seats.iter().any(|s| {
            matches!(
                s.origin,
                None | Some(SeatOrigin::ElectedDirectly)
                    | Some(SeatOrigin::AppointedBy(Target::Members { .. }))
                    | Some(SeatOrigin::ElectedBy(Target::Members { .. }))
                    | Some(SeatOrigin::AppointedBy(Target::Treaty { .. }))
            ) && (s.origin.is_some() || matches!(s.count, SeatCount::OnePerMember))
        })
}

/// Bodies whose every appointment chain loops back without reaching the member
/// states, an outside body or the treaty itself.
fn unconstituted(model: &Model<'_>) -> Vec<Diagnostic> {
    let origins = origins(model);
    let mut constituted: BTreeSet<&str> = BTreeSet::new();
    for (name, body) in &model.bodies {
        if grounded(body.node) || !origins.contains_key(name) {
            constituted.insert(name);
        }
    }
    loop {
        let before = constituted.len();
        for (name, from) in &origins {
            if from.iter().any(|(f, _)| constituted.contains(f)) {
                constituted.insert(name);
            }
        }
        if constituted.len() == before {
            break;
        }
    }
    let mut out = Vec::new();
    for (name, body) in &model.bodies {
        if constituted.contains(name) {
            continue;
        }
        let from = origins.get(name).cloned().unwrap_or_default();
        let mut d = Diagnostic::new(
            Code::E0701,
            body.node.name.span,
            format!("body `{name}` can never be constituted"),
        )
        .with_primary_label("its members come only from bodies that are themselves never constituted");
        for (f, span) in &from {
            d = d.with_label(*span, format!("appointed or elected by `{f}`"));
        }
        out.push(d.with_help("ground the chain: have the member states appoint one of these bodies (`seats: one per member`), or elect it directly"));
    }
    out
}

/// Cycles of oversight: A oversees B oversees A.
fn authority_cycles(model: &Model<'_>, g: &InstitutionGraph) -> Vec<Diagnostic> {
    let oversight = g.graph.filter_map(
        |_, n| Some(n.id.clone()),
        |_, e| (e.kind == EdgeKind::Oversees).then_some(e.provenance.span),
    );
    let mut out = Vec::new();
    for component in petgraph::algo::tarjan_scc(&oversight) {
        let self_loop = component.first().is_some_and(|n| oversight.find_edge(*n, *n).is_some());
        if component.len() < 2 && !self_loop {
            continue;
        }
        let mut names: Vec<&str> = component
            .iter()
            .filter_map(|n| oversight.node_weight(*n).map(String::as_str))
            .collect();
        names.sort_unstable();
        let members: BTreeSet<NodeIndex> = component.iter().copied().collect();
        let mut spans: Vec<(Span, String)> = oversight
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = oversight.edge_endpoints(e)?;
                if !(members.contains(&a) && members.contains(&b)) {
                    return None;
                }
                let span = (*oversight.edge_weight(e)?)?;
                Some((
                    span,
                    format!(
                        "`{}` oversees `{}`",
                        oversight.node_weight(a)?,
                        oversight.node_weight(b)?
                    ),
                ))
            })
            .collect();
        spans.sort();
        let Some(((first, first_label), rest)) = spans.split_first() else {
            continue;
        };
        let mut d = Diagnostic::new(
            Code::E0702,
            *first,
            format!("oversight goes round in a circle: {}", names.join(", ")),
        )
        .with_primary_label(first_label.clone());
        for (span, label) in rest {
            d = d.with_label(*span, label.clone());
        }
        let _ = model;
        out.push(d.with_help("oversight must end somewhere: remove one `oversees`, or make it `reports to`"));
    }
    out
}

/// Internal bodies and offices connected to nothing.
fn isolated(model: &Model<'_>, g: &InstitutionGraph) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The body notices of withdrawal go to has a part in the treaty (NPT Art.
    // X(1): notice to the Security Council), though no edge of the graph shows it.
    let receives_notice = |name: &str| {
        model.membership.iter().any(|c| match c.node {
            MembershipChange::Withdrawal(w) => w.notice_to.as_ref().is_some_and(|n| n.name == name),
            _ => false,
        })
    };
    for (name, body) in &model.bodies {
        let Some(i) = g.index.get(name) else { continue };
        let degree = g.graph.neighbors_undirected(*i).count();
        if degree == 0 && !receives_notice(name) {
            out.push(
                Diagnostic::new(
                    Code::W0703,
                    body.node.name.span,
                    format!("body `{name}` is connected to nothing"),
                )
                .with_primary_label("no seats from anyone, no powers, no relationship")
                .with_help("say who sits in it, what it decides, or how it relates to the other bodies"),
            );
        }
    }
    out
}

/// Proposals made by a body that has no seats: nobody is there to propose.
fn proposals_without_seats(model: &Model<'_>) -> Vec<Diagnostic> {
    let seatless = |proposer: &Ident| {
        model.body_of(proposer).is_some_and(|b| {
            b.node.kind == BodyKind::Internal
                && b.node.seats.is_empty()
                && !b.node.relations.iter().any(|r| r.kind == RelationKind::HeadedBy)
        })
    };
    let mut out = Vec::new();
    let mut report = |proposer: &Ident, decision: &str, at: Span| {
        if seatless(proposer) {
            let declared = model.body_of(proposer).map(|b| b.node.name.span);
            let mut d = Diagnostic::new(
                Code::E0704,
                at,
                format!("`{}` proposes `{decision}` but has no seats", proposer.name),
            )
            .with_primary_label("the proposal comes from a body with no members");
            if let Some(span) = declared {
                d = d.with_label(span, format!("`{}` is declared without `seats:`", proposer.name));
            }
            out.push(d.with_help(format!(
                "give `{}` seats (`seats: 27`), or a head (`headed by ...`)",
                proposer.name
            )));
        }
    };
    for body in model.bodies.values() {
        for p in &body.node.powers {
            for from in &p.options.on_proposal_from {
                report(from, &p.decision.name, from.span);
            }
        }
        for rel in &body.node.relations {
            if rel.kind == RelationKind::ProposesTo {
                let decision = rel.decision.as_ref().map_or("its proposals", |d| d.name.as_str());
                report(&body.node.name, decision, rel.span);
            }
        }
    }
    out
}
