//! Drawing the institution graph: Graphviz DOT, Mermaid, JSON, and SVG (laid out
//! by treatyc itself, or by Graphviz when it is installed), each optionally
//! showing the difference from another graph, and each as the whole graph or
//! one of its views.
//!
//! Every format draws the same things the same way: internal bodies as solid boxes,
//! outside bodies as dashed grey boxes, offices as ellipses, decisions as small
//! ellipses, funds as cylinders; each edge labelled with what it means, and a
//! decision with its rule and who holds a veto over it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Edge, EdgeKind, InstitutionGraph, Node, NodeKind};
use crate::source::SourceMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Dot,
    Mermaid,
    Svg,
    Json,
}

/// What a drawing shows. A large treaty drawn whole is hard to read; each view
/// shows one question about it, and together they show every edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Every institution and relationship; each body lists its powers.
    #[default]
    All,
    /// Who appoints, elects or heads whom.
    Appointments,
    /// Who decides what, by which rule and with whose veto; who proposes,
    /// authorises, is consulted on or consents to it; sanctions.
    Decisions,
    /// Oversight, reports, courts, funds and outside bodies.
    Relations,
}

impl View {
    fn shows(self, kind: EdgeKind, to_decision: bool) -> bool {
        match self {
            View::All => true,
            View::Appointments => matches!(kind, EdgeKind::Appoints | EdgeKind::Elects | EdgeKind::HeadedBy),
            View::Decisions => {
                to_decision || matches!(kind, EdgeKind::Decides | EdgeKind::Sanctions | EdgeKind::ProposesTo)
            }
            View::Relations => {
                !to_decision
                    && !matches!(
                        kind,
                        EdgeKind::Appoints
                            | EdgeKind::Elects
                            | EdgeKind::HeadedBy
                            | EdgeKind::Decides
                            | EdgeKind::Sanctions
                            | EdgeKind::ProposesTo
                    )
            }
        }
    }

    /// The words of a drawing's title for this view.
    fn caption(self) -> &'static str {
        match self {
            View::All => "",
            View::Appointments => ": who appoints whom",
            View::Decisions => ": who decides what",
            View::Relations => ": oversight, courts, funds and outside bodies",
        }
    }
}

/// Who lays out an SVG drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// Graphviz when `dot` is installed, else the built-in layout.
    #[default]
    Auto,
    /// Graphviz's `dot` (the built-in layout, with a note, when it fails).
    Dot,
    /// treatyc's own layered layout.
    Builtin,
}

/// How an element differs from the older graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Same,
    Added,
    Removed,
    Changed,
}

/// One edge of a diff: its ends, itself, how it changed, and (when it changed)
/// what it was.
pub type DiffEdge<'g> = (&'g Node, &'g Node, &'g Edge, Change, Option<&'g Edge>);

/// A graph with each element marked by how it changed; `Same` everywhere when
/// there is nothing to compare with.
#[derive(Debug)]
pub struct Diff<'g> {
    pub title: String,
    pub nodes: Vec<(&'g Node, Change)>,
    pub edges: Vec<DiffEdge<'g>>,
}

/// The key that identifies an edge across two graphs: a power is the same power
/// when its rule changes (that is a change, not an addition).
fn edge_key(from: &Node, to: &Node, e: &Edge) -> (String, String, EdgeKind, Option<String>) {
    let detail = if e.kind == EdgeKind::Decides {
        None
    } else {
        e.detail.clone()
    };
    (from.id.clone(), to.id.clone(), e.kind, detail)
}

fn title(g: &InstitutionGraph) -> String {
    match &g.stage {
        Some(s) => format!("{} (stage {s})", g.treaty),
        None => g.treaty.clone(),
    }
}

/// Marks the elements of `new` against `old`; removed elements come from `old`.
pub fn diff<'g>(new: &'g InstitutionGraph, old: Option<&'g InstitutionGraph>) -> Diff<'g> {
    let Some(old) = old else {
        return Diff {
            title: title(new),
            nodes: new.nodes().into_iter().map(|n| (n, Change::Same)).collect(),
            edges: new
                .edges()
                .into_iter()
                .map(|(a, b, e)| (a, b, e, Change::Same, None))
                .collect(),
        };
    };
    let old_nodes: BTreeMap<&str, &Node> = old.nodes().into_iter().map(|n| (n.id.as_str(), n)).collect();
    let new_nodes: BTreeMap<&str, &Node> = new.nodes().into_iter().map(|n| (n.id.as_str(), n)).collect();
    let mut nodes = Vec::new();
    for n in new.nodes() {
        let change = match old_nodes.get(n.id.as_str()) {
            None => Change::Added,
            Some(o) if (o.kind, &o.label, &o.seats) != (n.kind, &n.label, &n.seats) => Change::Changed,
            Some(_) => Change::Same,
        };
        nodes.push((n, change));
    }
    for o in old.nodes() {
        if !new_nodes.contains_key(o.id.as_str()) {
            nodes.push((o, Change::Removed));
        }
    }
    let old_edges: BTreeMap<_, _> = old
        .edges()
        .into_iter()
        .map(|(a, b, e)| (edge_key(a, b, e), e))
        .collect();
    let new_edges: BTreeMap<_, _> = new
        .edges()
        .into_iter()
        .map(|(a, b, e)| (edge_key(a, b, e), e))
        .collect();
    let mut edges = Vec::new();
    for (a, b, e) in new.edges() {
        let (change, was) = match old_edges.get(&edge_key(a, b, e)) {
            None => (Change::Added, None),
            Some(o) if o.detail != e.detail || o.veto != e.veto => (Change::Changed, Some(*o)),
            Some(_) => (Change::Same, None),
        };
        edges.push((a, b, e, change, was));
    }
    for (a, b, e) in old.edges() {
        if !new_edges.contains_key(&edge_key(a, b, e)) {
            edges.push((a, b, e, Change::Removed, None));
        }
    }
    nodes.sort_by(|x, y| (x.0.kind, &x.0.id).cmp(&(y.0.kind, &y.0.id)));
    edges.sort_by(|x, y| (&x.0.id, &x.1.id, x.2.kind, &x.2.detail).cmp(&(&y.0.id, &y.1.id, y.2.kind, &y.2.detail)));
    Diff {
        title: format!("{} compared with {}", title(new), title(old)),
        nodes,
        edges,
    }
}

/// Renders a (possibly diffed) graph in one view; `sources` resolves spans to
/// lines for JSON. The JSON always holds the view's part of the full graph.
pub fn render(d: &Diff<'_>, format: Format, view: View, layout: Layout, sources: &SourceMap) -> Result<String, String> {
    Ok(match format {
        Format::Dot => dot(&drawing(d, view)),
        Format::Mermaid => mermaid(&drawing(d, view)),
        Format::Json => json(d, view, sources)?,
        Format::Svg => svg(d, view, layout)?,
    })
}

/// The words saying who holds a veto over a decision, and how that changed.
pub(super) fn veto_words(e: &Edge, was: Option<&Edge>) -> Option<String> {
    let now = e.veto.as_deref();
    match (was.map(|w| w.veto.as_deref()), now) {
        (Some(Some(before)), None) => Some(format!("veto removed (was: {before})")),
        (Some(None), Some(n)) => Some(format!("veto added: {n}")),
        (Some(Some(before)), Some(n)) if before != n => Some(format!("veto: {n} (was: {before})")),
        (_, Some(n)) => Some(format!("veto: {n}")),
        (_, None) => None,
    }
}

// ---------------------------------------------------------------- drawings

/// What the drawings show. In the whole graph each body lists its powers and a
/// proposal or authorisation aimed at a decision points at the body that takes
/// it; the decisions view draws the decisions themselves. The JSON keeps the
/// full graph, decisions included.
pub(super) struct Drawing {
    pub title: String,
    pub nodes: Vec<DrawNode>,
    pub edges: Vec<DrawEdge>,
    pub changed: bool,
}

pub(super) struct DrawNode {
    pub id: String,
    pub kind: NodeKind,
    /// The name first, then the details: id, seats, powers.
    pub lines: Vec<String>,
    pub change: Change,
}

pub(super) struct DrawEdge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// One or more lines.
    pub label: String,
    pub change: Change,
}

fn mark(c: Change) -> &'static str {
    match c {
        Change::Same => "",
        Change::Added => "+ ",
        Change::Removed => "- ",
        Change::Changed => "~ ",
    }
}

/// A decision's rule and veto, as drawn on the edge to it or in a body's powers.
fn power_words(e: &Edge, was: Option<&Edge>) -> String {
    let detail = e.detail.as_deref().unwrap_or("");
    match veto_words(e, was) {
        Some(v) => format!("{detail}; {v}"),
        None => detail.to_string(),
    }
}

pub(super) fn drawing(d: &Diff<'_>, view: View) -> Drawing {
    let mut deciders: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut powers: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (a, b, e, change, was) in &d.edges {
        if e.kind == EdgeKind::Decides {
            deciders.entry(b.id.as_str()).or_default().push(a.id.as_str());
            powers.entry(a.id.as_str()).or_default().push(format!(
                "{}decides {} {}",
                mark(*change),
                b.label,
                power_words(e, *was)
            ));
        }
    }
    let mut edges: Vec<DrawEdge> = Vec::new();
    let mut steps: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (a, b, e, change, was) in &d.edges {
        let to_decision = b.kind == NodeKind::Decision;
        if !view.shows(e.kind, to_decision) {
            continue;
        }
        let edge = |from: &str, to: &str, label: String| DrawEdge {
            from: from.to_string(),
            to: to.to_string(),
            kind: e.kind,
            label,
            change: *change,
        };
        match view {
            View::Decisions if e.kind == EdgeKind::Decides => {
                edges.push(edge(&a.id, &b.id, format!("{}{}", mark(*change), power_words(e, *was))));
            }
            // The steps around a decision are written in its box, so that the
            // view has one edge per power and stays legible.
            View::Decisions if to_decision => {
                let words = match e.kind {
                    EdgeKind::ProposesTo => format!("proposed by {}", a.id),
                    EdgeKind::Authorises => format!("authorised by {}", a.id),
                    EdgeKind::Consulted => format!("{} is consulted", a.id),
                    EdgeKind::Consents => format!("{} consents", a.id),
                    EdgeKind::MayObject => format!("{} may object", a.id),
                    k => format!("{} {}", a.id, k.words()),
                };
                let line = match &e.detail {
                    Some(d) => format!("{}{words} {d}", mark(*change)),
                    None => format!("{}{words}", mark(*change)),
                };
                steps.entry(b.id.as_str()).or_default().push(line);
            }
            _ if e.kind == EdgeKind::Decides => {}
            _ if to_decision => {
                for decider in deciders.get(b.id.as_str()).into_iter().flatten() {
                    let words = if e.kind == EdgeKind::ProposesTo {
                        "proposes"
                    } else {
                        e.kind.words()
                    };
                    edges.push(edge(&a.id, decider, format!("{words} {}", b.label)));
                }
            }
            _ => edges.push(edge(&a.id, &b.id, e.label())),
        }
    }
    edges.sort_by(|x, y| (&x.from, &x.to, &x.label).cmp(&(&y.from, &y.to, &y.label)));
    edges.dedup_by(|x, y| (&x.from, &x.to, &x.label) == (&y.from, &y.to, &y.label));
    // The treaty itself, and in a view any node, is drawn only when an edge
    // drawn touches it; the whole graph and the appointments keep every body.
    let touched = |id: &str| edges.iter().any(|e| e.from == id || e.to == id);
    let kept = |n: &Node| match (view, n.kind) {
        (View::Decisions, _) => touched(&n.id) || steps.contains_key(n.id.as_str()),
        (_, NodeKind::Decision) => false,
        (View::All | View::Appointments, NodeKind::Body | NodeKind::Office | NodeKind::Members) => true,
        (View::All, NodeKind::External | NodeKind::Fund) => true,
        _ => touched(&n.id),
    };
    let nodes = d
        .nodes
        .iter()
        .filter(|(n, _)| kept(n))
        .map(|(n, change)| {
            let mut lines = node_lines(n, view);
            if view == View::All {
                lines.extend(powers.get(n.id.as_str()).into_iter().flatten().cloned());
            }
            lines.extend(steps.get(n.id.as_str()).into_iter().flatten().cloned());
            DrawNode {
                id: n.id.clone(),
                kind: n.kind,
                lines,
                change: *change,
            }
        })
        .collect();
    let changed = d.nodes.iter().any(|(_, c)| *c != Change::Same) || d.edges.iter().any(|e| e.3 != Change::Same);
    Drawing {
        title: format!("{}{}", d.title, view.caption()),
        nodes,
        edges,
        changed,
    }
}

// ---------------------------------------------------------------- shared look

/// A node's name and details: its id when the name differs, and its seats
/// where the view is about who sits where.
fn node_lines(n: &Node, view: View) -> Vec<String> {
    let mut lines = vec![n.label.clone()];
    if n.label != n.id && !matches!(n.kind, NodeKind::Members | NodeKind::Decision) {
        lines.push(format!("({})", n.id));
    }
    if let (Some(seats), View::All | View::Appointments) = (&n.seats, view) {
        lines.push(format!("seats: {seats}"));
    }
    lines
}

pub(super) fn change_color(c: Change) -> Option<&'static str> {
    match c {
        Change::Same => None,
        Change::Added => Some("#2e7d32"),
        Change::Removed => Some("#c62828"),
        Change::Changed => Some("#ef6c00"),
    }
}

pub(super) fn fill(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Body => "#dbe9f6",
        NodeKind::External => "#eeeeee",
        NodeKind::Office => "#fff2cc",
        NodeKind::Members => "#d5e8d4",
        NodeKind::Treaty => "#ffffff",
        NodeKind::Decision => "#ffffff",
        NodeKind::Fund => "#f8cecc",
    }
}

pub(super) fn edge_color(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Decides => "#1f4e79",
        EdgeKind::ProposesTo => "#555555",
        EdgeKind::Oversees | EdgeKind::ReportsTo | EdgeKind::Approves => "#7f6000",
        EdgeKind::Appoints | EdgeKind::Elects | EdgeKind::HeadedBy => "#38761d",
        EdgeKind::Sanctions => "#990000",
        EdgeKind::Authorises | EdgeKind::Interprets | EdgeKind::Arbitrates | EdgeKind::Consents => "#674ea7",
        EdgeKind::MayObject => "#990000",
        EdgeKind::CooperatesWith | EdgeKind::Manages | EdgeKind::Consulted => "#777777",
    }
}

// ---------------------------------------------------------------- DOT

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn dot(d: &Drawing) -> String {
    let whole = |l: &str| vec![l.to_string()];
    dot_with(d, (11, 9, 10), &whole, &whole)
}

/// DOT text with these font sizes (nodes, edges, legend) and line wrapping.
fn dot_with(
    d: &Drawing,
    (node_font, edge_font, legend_font): (u32, u32, u32),
    wrap_box: &dyn Fn(&str) -> Vec<String>,
    wrap_label: &dyn Fn(&str) -> Vec<String>,
) -> String {
    let mut out = String::new();
    out.push_str(&format!("digraph \"{}\" {{\n", dot_escape(&d.title)));
    out.push_str("  graph [rankdir=TB, fontname=\"Helvetica\", nodesep=0.5, ranksep=0.8, labelloc=t, ");
    out.push_str(&format!("label=\"{}\"];\n", dot_escape(&d.title)));
    out.push_str(&format!(
        "  node [fontname=\"Helvetica\", fontsize={node_font}];\n  edge [fontname=\"Helvetica\", fontsize={edge_font}];\n"
    ));
    let ids: BTreeMap<&str, usize> = d.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    for (i, n) in d.nodes.iter().enumerate() {
        let (shape, style) = match n.kind {
            NodeKind::Body => ("box", "rounded,filled"),
            NodeKind::External => ("box", "dashed,filled"),
            NodeKind::Office => ("ellipse", "filled"),
            NodeKind::Members => ("house", "filled"),
            NodeKind::Treaty => ("note", "filled"),
            NodeKind::Decision => ("ellipse", "filled"),
            NodeKind::Fund => ("cylinder", "filled"),
        };
        let style = if n.change == Change::Removed {
            format!("{style},dashed")
        } else {
            style.to_string()
        };
        let color = change_color(n.change)
            .map(|c| format!(", color=\"{c}\", penwidth=2.5"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  n{i} [label=\"{}\", shape={shape}, style=\"{style}\", fillcolor=\"{}\"{color}];\n",
            dot_escape(&n.lines.iter().flat_map(|l| wrap_box(l)).collect::<Vec<_>>().join("\n")),
            fill(n.kind)
        ));
    }
    for e in &d.edges {
        let (Some(x), Some(y)) = (ids.get(e.from.as_str()), ids.get(e.to.as_str())) else {
            continue;
        };
        let style = match (e.change, e.kind) {
            (Change::Removed, _) => "dashed",
            (_, EdgeKind::ProposesTo | EdgeKind::CooperatesWith) => "dashed",
            (_, EdgeKind::Oversees | EdgeKind::ReportsTo) => "dotted",
            _ => "solid",
        };
        let color = change_color(e.change).unwrap_or(edge_color(e.kind));
        let width = if e.change == Change::Same { "1" } else { "2.5" };
        out.push_str(&format!(
            "  n{x} -> n{y} [label=\"{}\", style={style}, color=\"{color}\", fontcolor=\"{color}\", penwidth={width}];\n",
            dot_escape(&e.label.split('\n').flat_map(wrap_label).collect::<Vec<_>>().join("\n"))
        ));
    }
    out.push_str(&dot_legend(d.changed, legend_font));
    out.push_str("}\n");
    out
}

fn dot_legend(changed: bool, font: u32) -> String {
    let mut rows = String::from(
        "<TR><TD BGCOLOR=\"#dbe9f6\">body</TD><TD BGCOLOR=\"#eeeeee\">outside body (dashed)</TD><TD BGCOLOR=\"#fff2cc\">office</TD></TR>\
         <TR><TD BGCOLOR=\"#d5e8d4\">member states</TD><TD>treaty</TD><TD BGCOLOR=\"#f8cecc\">fund</TD></TR>",
    );
    if changed {
        rows.push_str("<TR><TD><FONT COLOR=\"#2e7d32\">+ added</FONT></TD><TD><FONT COLOR=\"#c62828\">- removed</FONT></TD><TD><FONT COLOR=\"#ef6c00\">~ changed</FONT></TD></TR>");
    }
    format!(
        "  subgraph cluster_legend {{\n    label=\"Legend\"; fontsize={font}; style=dashed;\n    legend [shape=plaintext, fontsize={font}, label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"2\">{rows}</TABLE>>];\n  }}\n"
    )
}

// ---------------------------------------------------------------- Mermaid

fn mermaid_text(s: &str) -> String {
    s.replace('"', "#quot;").replace('\n', "<br/>")
}

fn mermaid(d: &Drawing) -> String {
    let mut out = String::from("flowchart TB\n");
    out.push_str(&format!("  %% {}\n", d.title.replace('\n', " ")));
    let ids: BTreeMap<&str, usize> = d.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    for (i, n) in d.nodes.iter().enumerate() {
        let text = mermaid_text(&n.lines.join("\n"));
        let shape = match n.kind {
            NodeKind::Body => format!("n{i}(\"{text}\")"),
            NodeKind::External => format!("n{i}[\"{text}\"]"),
            NodeKind::Office => format!("n{i}([\"{text}\"])"),
            NodeKind::Members => format!("n{i}[/\"{text}\"\\]"),
            NodeKind::Treaty => format!("n{i}[[\"{text}\"]]"),
            NodeKind::Decision => format!("n{i}((\"{text}\"))"),
            NodeKind::Fund => format!("n{i}[(\"{text}\")]"),
        };
        let class = match n.change {
            Change::Same => class_name(n.kind),
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        };
        out.push_str(&format!("  {shape}:::{class}\n"));
    }
    let mut link_styles = Vec::new();
    let mut k = 0;
    for e in &d.edges {
        let (Some(x), Some(y)) = (ids.get(e.from.as_str()), ids.get(e.to.as_str())) else {
            continue;
        };
        let arrow = match e.kind {
            EdgeKind::ProposesTo | EdgeKind::CooperatesWith | EdgeKind::Oversees | EdgeKind::ReportsTo => "-.->",
            _ => "-->",
        };
        out.push_str(&format!("  n{x} {arrow}|\"{}\"| n{y}\n", mermaid_text(&e.label)));
        if let Some(color) = change_color(e.change) {
            link_styles.push(format!("  linkStyle {k} stroke:{color},stroke-width:3px\n"));
        }
        k += 1;
    }
    for s in link_styles {
        out.push_str(&s);
    }
    out.push_str(
        "  classDef body fill:#dbe9f6,stroke:#1f4e79\n  classDef external fill:#eeeeee,stroke:#777777,stroke-dasharray:5 3\n  classDef office fill:#fff2cc,stroke:#7f6000\n  classDef members fill:#d5e8d4,stroke:#38761d\n  classDef treaty fill:#ffffff,stroke:#333333\n  classDef decision fill:#ffffff,stroke:#1f4e79,font-size:11px\n  classDef fund fill:#f8cecc,stroke:#990000\n  classDef added stroke:#2e7d32,stroke-width:3px\n  classDef removed stroke:#c62828,stroke-width:3px,stroke-dasharray:5 3\n  classDef changed stroke:#ef6c00,stroke-width:3px\n",
    );
    out
}

fn class_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Body => "body",
        NodeKind::External => "external",
        NodeKind::Office => "office",
        NodeKind::Members => "members",
        NodeKind::Treaty => "treaty",
        NodeKind::Decision => "decision",
        NodeKind::Fund => "fund",
    }
}

// ---------------------------------------------------------------- JSON

#[derive(Serialize)]
struct JsonPlace<'a> {
    file: &'a str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct JsonNode<'a> {
    id: &'a str,
    label: &'a str,
    kind: NodeKind,
    seats: Option<&'a str>,
    article: Option<&'a str>,
    span: Option<JsonPlace<'a>>,
    change: Change,
}

#[derive(Serialize)]
struct JsonEdge<'a> {
    from: &'a str,
    to: &'a str,
    kind: EdgeKind,
    label: String,
    detail: Option<&'a str>,
    /// Who holds a veto over the decision (on `decides` edges).
    veto: Option<&'a str>,
    /// In a comparison, who held one before when that changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    veto_was: Option<Option<&'a str>>,
    article: Option<&'a str>,
    span: Option<JsonPlace<'a>>,
    change: Change,
}

#[derive(Serialize)]
struct JsonGraph<'a> {
    title: &'a str,
    nodes: Vec<JsonNode<'a>>,
    edges: Vec<JsonEdge<'a>>,
}

fn place<'a>(sources: &'a SourceMap, span: Option<crate::source::Span>) -> Option<JsonPlace<'a>> {
    let span = span?;
    let p = sources.position(span.file, span.start);
    Some(JsonPlace {
        file: sources.name(span.file),
        start: span.start,
        end: span.end,
        line: p.line,
        column: p.column,
    })
}

fn json(d: &Diff<'_>, view: View, sources: &SourceMap) -> Result<String, String> {
    let edges: Vec<&DiffEdge<'_>> = d
        .edges
        .iter()
        .filter(|(_, b, e, _, _)| view.shows(e.kind, b.kind == NodeKind::Decision))
        .collect();
    let touched = |id: &str| edges.iter().any(|(a, b, _, _, _)| a.id == id || b.id == id);
    let title = format!("{}{}", d.title, view.caption());
    let graph = JsonGraph {
        title: &title,
        nodes: d
            .nodes
            .iter()
            .filter(|(n, _)| view == View::All || touched(&n.id))
            .map(|(n, change)| JsonNode {
                id: &n.id,
                label: &n.label,
                kind: n.kind,
                seats: n.seats.as_deref(),
                article: n.provenance.article.as_deref(),
                span: place(sources, n.provenance.span),
                change: *change,
            })
            .collect(),
        edges: edges
            .iter()
            .map(|(a, b, e, change, was)| JsonEdge {
                from: &a.id,
                to: &b.id,
                kind: e.kind,
                label: e.label(),
                detail: e.detail.as_deref(),
                veto: e.veto.as_deref(),
                veto_was: was.filter(|w| w.veto != e.veto).map(|w| w.veto.as_deref()),
                article: e.provenance.article.as_deref(),
                span: place(sources, e.provenance.span),
                change: *change,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&graph)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}

// ---------------------------------------------------------------- SVG

fn svg(d: &Diff<'_>, view: View, layout: Layout) -> Result<String, String> {
    let drawing = drawing(d, view);
    super::sheet::svg(&drawing, layout)
}

pub(super) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
