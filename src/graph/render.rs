//! Drawing the institution graph: Graphviz DOT, Mermaid, JSON, and SVG laid out in
//! pure Rust (layout-rs), each optionally showing the difference from another graph.
//!
//! Every format draws the same things the same way: internal bodies as solid boxes,
//! outside bodies as dashed grey boxes, offices as ellipses, decisions as small
//! ellipses, funds as cylinders; each edge labelled with what it means.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Edge, EdgeKind, InstitutionGraph, Node, NodeKind};
use crate::source::SourceMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Dot,
    Mermaid,
    Svg,
    Json,
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

/// A graph with each element marked by how it changed; `Same` everywhere when
/// there is nothing to compare with.
#[derive(Debug)]
pub struct Diff<'g> {
    pub title: String,
    pub nodes: Vec<(&'g Node, Change)>,
    pub edges: Vec<(&'g Node, &'g Node, &'g Edge, Change)>,
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
                .map(|(a, b, e)| (a, b, e, Change::Same))
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
        let change = match old_edges.get(&edge_key(a, b, e)) {
            None => Change::Added,
            Some(o) if o.detail != e.detail => Change::Changed,
            Some(_) => Change::Same,
        };
        edges.push((a, b, e, change));
    }
    for (a, b, e) in old.edges() {
        if !new_edges.contains_key(&edge_key(a, b, e)) {
            edges.push((a, b, e, Change::Removed));
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

/// Renders a (possibly diffed) graph; `sources` resolves spans to lines for JSON.
pub fn render(d: &Diff<'_>, format: Format, sources: &SourceMap) -> Result<String, String> {
    Ok(match format {
        Format::Dot => dot(d),
        Format::Mermaid => mermaid(d),
        Format::Json => json(d, sources)?,
        Format::Svg => svg(d)?,
    })
}

// ---------------------------------------------------------------- drawings

/// What the drawings show: institutions only. Each body lists its powers; a
/// proposal or authorisation aimed at a decision points at the body that takes it.
/// The JSON keeps the full graph, decisions included.
struct Drawing {
    title: String,
    nodes: Vec<DrawNode>,
    edges: Vec<DrawEdge>,
    changed: bool,
}

struct DrawNode {
    id: String,
    kind: NodeKind,
    text: String,
    change: Change,
}

struct DrawEdge {
    from: String,
    to: String,
    kind: EdgeKind,
    label: String,
    change: Change,
}

fn mark(c: Change) -> &'static str {
    match c {
        Change::Same => "",
        Change::Added => "+ ",
        Change::Removed => "- ",
        Change::Changed => "~ ",
    }
}

fn drawing(d: &Diff<'_>) -> Drawing {
    let mut deciders: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut powers: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (a, b, e, change) in &d.edges {
        if e.kind == EdgeKind::Decides {
            deciders.entry(b.id.as_str()).or_default().push(a.id.as_str());
            let detail = e.detail.as_deref().unwrap_or("");
            powers
                .entry(a.id.as_str())
                .or_default()
                .push(format!("{}decides {} {detail}", mark(*change), b.label));
        }
    }
    // The treaty itself is drawn only when something points at it.
    let cited = |id: &str| d.edges.iter().any(|(a, b, _, _)| a.id == id || b.id == id);
    let nodes = d
        .nodes
        .iter()
        .filter(|(n, _)| n.kind != NodeKind::Decision && (n.kind != NodeKind::Treaty || cited(&n.id)))
        .map(|(n, change)| {
            let mut text = node_text(n);
            if let Some(lines) = powers.get(n.id.as_str()) {
                text.push('\n');
                text.push_str(&lines.join("\n"));
            }
            DrawNode {
                id: n.id.clone(),
                kind: n.kind,
                text,
                change: *change,
            }
        })
        .collect();
    let mut edges: Vec<DrawEdge> = Vec::new();
    for (a, b, e, change) in &d.edges {
        if e.kind == EdgeKind::Decides {
            continue;
        }
        if b.kind == NodeKind::Decision {
            for decider in deciders.get(b.id.as_str()).into_iter().flatten() {
                let label = format!(
                    "{} {}",
                    if e.kind == EdgeKind::ProposesTo {
                        "proposes"
                    } else {
                        e.kind.words()
                    },
                    b.label
                );
                edges.push(DrawEdge {
                    from: a.id.clone(),
                    to: decider.to_string(),
                    kind: e.kind,
                    label,
                    change: *change,
                });
            }
        } else {
            edges.push(DrawEdge {
                from: a.id.clone(),
                to: b.id.clone(),
                kind: e.kind,
                label: e.label(),
                change: *change,
            });
        }
    }
    edges.sort_by(|x, y| (&x.from, &x.to, &x.label).cmp(&(&y.from, &y.to, &y.label)));
    edges.dedup_by(|x, y| (&x.from, &x.to, &x.label) == (&y.from, &y.to, &y.label));
    let changed = d.nodes.iter().any(|(_, c)| *c != Change::Same) || d.edges.iter().any(|e| e.3 != Change::Same);
    Drawing {
        title: d.title.clone(),
        nodes,
        edges,
        changed,
    }
}

// ---------------------------------------------------------------- shared look

fn node_text(n: &Node) -> String {
    match (n.kind, &n.seats) {
        (NodeKind::Decision, _) => n.label.clone(),
        (_, Some(seats)) if n.label != n.id => format!("{}\n({})\nseats: {seats}", n.label, n.id),
        (_, Some(seats)) => format!("{}\nseats: {seats}", n.label),
        (_, None) if n.label != n.id && n.kind != NodeKind::Members => format!("{}\n({})", n.label, n.id),
        _ => n.label.clone(),
    }
}

fn change_color(c: Change) -> Option<&'static str> {
    match c {
        Change::Same => None,
        Change::Added => Some("#2e7d32"),
        Change::Removed => Some("#c62828"),
        Change::Changed => Some("#ef6c00"),
    }
}

fn fill(kind: NodeKind) -> &'static str {
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

fn edge_color(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Decides => "#1f4e79",
        EdgeKind::ProposesTo => "#555555",
        EdgeKind::Oversees | EdgeKind::ReportsTo | EdgeKind::Approves => "#7f6000",
        EdgeKind::Appoints | EdgeKind::Elects | EdgeKind::HeadedBy => "#38761d",
        EdgeKind::Sanctions => "#990000",
        EdgeKind::Authorises | EdgeKind::Interprets | EdgeKind::Arbitrates | EdgeKind::Consents => "#674ea7",
        EdgeKind::CooperatesWith | EdgeKind::Manages | EdgeKind::Consulted => "#777777",
    }
}

// ---------------------------------------------------------------- DOT

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn dot(d: &Diff<'_>) -> String {
    let d = drawing(d);
    let mut out = String::new();
    out.push_str(&format!("digraph \"{}\" {{\n", dot_escape(&d.title)));
    out.push_str("  graph [rankdir=TB, fontname=\"Helvetica\", nodesep=0.5, ranksep=0.8, labelloc=t, ");
    out.push_str(&format!("label=\"{}\"];\n", dot_escape(&d.title)));
    out.push_str("  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
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
            dot_escape(&n.text),
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
            dot_escape(&e.label)
        ));
    }
    out.push_str(&dot_legend(d.changed));
    out.push_str("}\n");
    out
}

fn dot_legend(changed: bool) -> String {
    let mut rows = String::from(
        "<TR><TD BGCOLOR=\"#dbe9f6\">body</TD><TD BGCOLOR=\"#eeeeee\">outside body (dashed)</TD><TD BGCOLOR=\"#fff2cc\">office</TD></TR>\
         <TR><TD BGCOLOR=\"#d5e8d4\">member states</TD><TD>treaty</TD><TD BGCOLOR=\"#f8cecc\">fund</TD></TR>",
    );
    if changed {
        rows.push_str("<TR><TD><FONT COLOR=\"#2e7d32\">+ added</FONT></TD><TD><FONT COLOR=\"#c62828\">- removed</FONT></TD><TD><FONT COLOR=\"#ef6c00\">~ changed</FONT></TD></TR>");
    }
    format!(
        "  subgraph cluster_legend {{\n    label=\"Legend\"; fontsize=10; style=dashed;\n    legend [shape=plaintext, fontsize=9, label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"2\">{rows}</TABLE>>];\n  }}\n"
    )
}

// ---------------------------------------------------------------- Mermaid

fn mermaid_text(s: &str) -> String {
    s.replace('"', "#quot;").replace('\n', "<br/>")
}

fn mermaid(d: &Diff<'_>) -> String {
    let d = drawing(d);
    let mut out = String::from("flowchart TB\n");
    out.push_str(&format!("  %% {}\n", d.title.replace('\n', " ")));
    let ids: BTreeMap<&str, usize> = d.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    for (i, n) in d.nodes.iter().enumerate() {
        let text = mermaid_text(&n.text);
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

fn json(d: &Diff<'_>, sources: &SourceMap) -> Result<String, String> {
    let graph = JsonGraph {
        title: &d.title,
        nodes: d
            .nodes
            .iter()
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
        edges: d
            .edges
            .iter()
            .map(|(a, b, e, change)| JsonEdge {
                from: &a.id,
                to: &b.id,
                kind: e.kind,
                label: e.label(),
                detail: e.detail.as_deref(),
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

fn hex(color: &str) -> u32 {
    u32::from_str_radix(color.trim_start_matches('#'), 16).unwrap_or(0) << 8 | 0xff
}

/// One font size everywhere: layout-rs keeps its font classes in a hash map, and
/// a single class keeps the output byte-identical from run to run.
const FONT: usize = 14;

/// The name of the threads the SVG layout runs on: the command line keeps their
/// panics (a layout attempt that failed and is retried) off the terminal.
pub const LAYOUT_THREAD: &str = "treatyc-layout";

/// The most boxes the built-in SVG layout draws (about a second of layout).
const MAX_SVG_NODES: usize = 1_000;

fn svg(d: &Diff<'_>) -> Result<String, String> {
    use layout::backends::svg::SVGWriter;
    use layout::core::base::Orientation;
    use layout::core::color::Color;
    use layout::core::style::{LineStyleKind, StyleAttr};
    use layout::std_shapes::render::get_shape_size;
    use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
    use layout::topo::layout::VisualGraph;

    let d = drawing(d);
    // The pure-Rust layout grows faster than linearly (2,000 boxes take seconds);
    // past the limit, say so and name the drawing that scales.
    if d.nodes.len() > MAX_SVG_NODES {
        return Err(format!(
            "the drawing has {} boxes; `--format svg` lays out at most {MAX_SVG_NODES}: draw with `--format dot` and Graphviz (`dot -Tsvg`), or draw one stage",
            d.nodes.len()
        ));
    }
    let build = || {
        let mut vg = VisualGraph::new(Orientation::TopToBottom);
        let mut handles = BTreeMap::new();
        for n in &d.nodes {
            let shape = match n.kind {
                NodeKind::Office => ShapeKind::new_circle(&n.text),
                _ => ShapeKind::new_box(&n.text),
            };
            let line = change_color(n.change).unwrap_or(match n.kind {
                NodeKind::External => "#999999",
                _ => "#333333",
            });
            let width = if n.change == Change::Same { 1 } else { 3 };
            let rounded = if n.kind == NodeKind::Body { 12 } else { 0 };
            let look = StyleAttr::new(
                Color::new(hex(line)),
                width,
                Some(Color::new(hex(fill(n.kind)))),
                rounded,
                FONT,
            );
            let size = get_shape_size(Orientation::TopToBottom, &shape, FONT, false);
            let element = Element::create(shape, look, Orientation::TopToBottom, size);
            handles.insert(n.id.as_str(), vg.add_node(element));
        }
        for e in &d.edges {
            let (Some(x), Some(y)) = (handles.get(e.from.as_str()), handles.get(e.to.as_str())) else {
                continue;
            };
            let color = change_color(e.change).unwrap_or(edge_color(e.kind));
            let style = match (e.change, e.kind) {
                (Change::Removed, _) | (_, EdgeKind::ProposesTo | EdgeKind::CooperatesWith) => LineStyleKind::Dashed,
                (_, EdgeKind::Oversees | EdgeKind::ReportsTo) => LineStyleKind::Dotted,
                _ => LineStyleKind::Normal,
            };
            let look = StyleAttr::new(
                Color::new(hex(color)),
                if e.change == Change::Same { 1 } else { 3 },
                None,
                0,
                FONT,
            );
            let arrow = Arrow::new(
                LineEndKind::None,
                LineEndKind::Arrow,
                style,
                &e.label,
                &look,
                &None,
                &None,
            );
            vg.add_edge(arrow, *x, *y);
        }
        vg
    };
    // layout-rs asserts on some inputs during its optimisation passes. Each attempt
    // runs on a worker thread named LAYOUT_THREAD whose panic is joined, never
    // swapping the process's panic hook; a failed attempt is retried with fewer
    // optimisations, and only if every attempt fails is there an error.
    let mut drawn = None;
    for (no_optimisation, no_layout) in [(false, false), (true, false), (true, true)] {
        let attempt = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name(LAYOUT_THREAD.to_string())
                .spawn_scoped(scope, || {
                    let mut vg = build();
                    let mut writer = SVGWriter::new();
                    vg.do_it(false, no_optimisation, no_layout, &mut writer);
                    writer.finalize()
                })
                .map(|worker| worker.join())
        });
        if let Ok(Ok(svg)) = attempt {
            drawn = Some(svg);
            break;
        }
    }
    let body = drawn
        .ok_or_else(|| "the SVG layout failed on this graph; use `--format dot` and Graphviz instead".to_string())?;
    let edge_labels: BTreeSet<&str> = d.edges.iter().map(|e| e.label.as_str()).collect();
    Ok(with_legend(
        &separate_labels(&stable_styles(&body), &edge_labels),
        &d.title,
        d.changed,
    ))
}

/// The number an SVG attribute such as ` x="12.5"` holds in an element's opening tag.
fn number_attr(tag: &str, name: &str) -> Option<f64> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag.get(at..)?.split('"').next()?.trim().parse().ok()
}

/// One `<text>` element of the drawing, and the box its lines cover.
struct Placed {
    start: usize,
    end: usize,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    movable: bool,
}

impl Placed {
    fn overlaps(&self, other: &Placed, dx: f64, dy: f64) -> bool {
        let (x, y) = (self.x + dx, self.y + dy);
        let (ax0, ax1, ay0, ay1) = (x - self.width / 2., x + self.width / 2., y, y + self.height);
        let (bx0, bx1, by0, by1) = (
            other.x - other.width / 2.,
            other.x + other.width / 2.,
            other.y,
            other.y + other.height,
        );
        ax0 < bx1 && bx0 < ax1 && ay0 < by1 && by0 < ay1
    }
}

/// layout-rs places an edge's label at the middle of its route, where it may fall
/// on a node's text or another label. Each edge label that overlaps something is
/// moved to the nearest free place (down or up first, then sideways); node texts
/// never move.
fn separate_labels(svg: &str, edge_labels: &BTreeSet<&str>) -> String {
    let mut texts: Vec<Placed> = Vec::new();
    let mut from = 0;
    while let Some(found) = svg.get(from..).and_then(|rest| rest.find("<text")) {
        let start = from + found;
        let Some(end) = svg
            .get(start..)
            .and_then(|rest| rest.find("</text>"))
            .map(|e| start + e + 7)
        else {
            break;
        };
        let element = svg.get(start..end).unwrap_or("");
        let tag = element.split('>').next().unwrap_or("");
        let lines = text_lines(element);
        if let (Some(x), Some(y)) = (number_attr(tag, "x"), number_attr(tag, "y")) {
            let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
            texts.push(Placed {
                start,
                end,
                x,
                y,
                // The reading of a 14px sans-serif line: about half an em a
                // character, and a margin so that labels do not touch.
                width: widest * FONT as f64 * 0.5 + 4.,
                height: lines.len() as f64 * FONT as f64 + 2.,
                movable: lines.len() == 1 && lines.first().is_some_and(|l| edge_labels.contains(l)),
            });
        }
        from = end;
    }
    let step = FONT as f64;
    let mut offsets = vec![(0., 0.)];
    for k in 1..=12 {
        let d = k as f64 * step / 2.;
        offsets.extend([(0., d), (0., -d)]);
    }
    for k in 1..=8 {
        let d = k as f64 * step * 2.;
        for dy in [0., step, -step] {
            offsets.extend([(d, dy), (-d, dy)]);
        }
    }
    let mut moves: Vec<(usize, f64, f64)> = Vec::new();
    for i in 0..texts.len() {
        let Some(label) = texts.get(i) else { continue };
        if !label.movable {
            continue;
        }
        let free = offsets.iter().copied().find(|(dx, dy)| {
            texts
                .iter()
                .enumerate()
                .all(|(j, other)| j == i || !label.overlaps(other, *dx, *dy))
        });
        if let Some((dx, dy)) = free.filter(|o| *o != (0., 0.)) {
            if let Some(t) = texts.get_mut(i) {
                t.x += dx;
                t.y += dy;
                moves.push((i, t.x, t.y));
            }
        }
    }
    if moves.is_empty() {
        return svg.to_string();
    }
    let mut out = String::with_capacity(svg.len());
    let mut at = 0;
    for (i, x, y) in moves {
        let Some(t) = texts.get(i) else { continue };
        out.push_str(svg.get(at..t.start).unwrap_or(""));
        let element = svg.get(t.start..t.end).unwrap_or("");
        out.push_str(&relocate(element, x, y));
        at = t.end;
    }
    out.push_str(svg.get(at..).unwrap_or(""));
    out
}

/// A `<text>` element with its `x` (on the element and its lines) and `y` replaced.
fn relocate(element: &str, x: f64, y: f64) -> String {
    let mut out = String::with_capacity(element.len());
    let mut rest = element;
    // Every `x="..."` or `x = "..."`, and the first `y="..."`.
    let mut y_done = false;
    while let Some(pos) = rest.find(['x', 'y']) {
        let (head, tail) = rest.split_at(pos);
        out.push_str(head);
        let name = tail.chars().next().unwrap_or('x');
        let after = tail.get(1..).unwrap_or("");
        let trimmed = after.trim_start();
        let is_attr = head.ends_with(' ') && trimmed.starts_with('=') && (name == 'x' || !y_done);
        if !is_attr {
            out.push(name);
            rest = after;
            continue;
        }
        let eq = after.len() - trimmed.len();
        let after_eq = trimmed.get(1..).unwrap_or("");
        let value_start = after_eq.trim_start();
        let space_after = after_eq.get(..after_eq.len() - value_start.len()).unwrap_or("");
        let Some(inner) = value_start.strip_prefix('"') else {
            out.push(name);
            rest = after;
            continue;
        };
        let Some(close) = inner.find('"') else {
            out.push(name);
            rest = after;
            continue;
        };
        let spaced = after.get(..eq).unwrap_or("");
        let value = if name == 'x' { x } else { y };
        out.push_str(&format!("{name}{spaced}={space_after}\"{value}\""));
        if name == 'y' {
            y_done = true;
        }
        rest = inner.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// layout-rs writes its font classes from a hash map: sort them so the output is
/// byte-identical from run to run, and use a sans-serif face like the other formats.
fn stable_styles(svg: &str) -> String {
    let (Some(start), Some(end)) = (svg.find("<style>\n"), svg.find("</style>")) else {
        return svg.to_string();
    };
    let (Some(head), Some(rules), Some(tail)) = (svg.get(..start + 8), svg.get(start + 8..end), svg.get(end..)) else {
        return svg.to_string();
    };
    let mut lines: Vec<&str> = rules.lines().filter(|l| !l.trim().is_empty()).collect();
    lines.sort_unstable();
    let rules = lines
        .join("\n")
        .replace("font-family: Times, serif", "font-family: Helvetica, Arial, sans-serif");
    format!("{head}{rules}\n{tail}")
}

/// The lines of a `<text>` element: one `<tspan>` each.
fn text_lines(element: &str) -> Vec<&str> {
    element
        .split("<tspan")
        .skip(1)
        .filter_map(|t| t.split('>').nth(1)?.split("</tspan").next())
        .collect()
}

/// The largest x and y any rectangle, text or path of the drawing reaches.
fn extent(svg: &str) -> (f64, f64) {
    let (mut max_x, mut max_y) = (0f64, 0f64);
    for piece in svg.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or("");
        if tag.starts_with("rect") {
            if let (Some(x), Some(y), Some(w), Some(h)) = (
                number_attr(tag, "x"),
                number_attr(tag, "y"),
                number_attr(tag, "width"),
                number_attr(tag, "height"),
            ) {
                max_x = max_x.max(x + w);
                max_y = max_y.max(y + h);
            }
        } else if tag.starts_with("path") {
            let d = tag
                .split(" d=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or("");
            let numbers: Vec<f64> = d
                .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
                .filter_map(|t| t.parse().ok())
                .collect();
            for pair in numbers.chunks(2) {
                if let [x, y] = pair {
                    max_x = max_x.max(*x);
                    max_y = max_y.max(*y);
                }
            }
        }
    }
    for element in svg.split("<text").skip(1) {
        let element = element.split("</text>").next().unwrap_or("");
        let tag = element.split('>').next().unwrap_or("");
        if let (Some(x), Some(y)) = (number_attr(tag, "x"), number_attr(tag, "y")) {
            // Text is centred on x: half of its widest line reaches past it.
            let lines = text_lines(element);
            let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
            max_x = max_x.max(x + widest as f64 * FONT as f64 * 0.3);
            max_y = max_y.max(y + (lines.len() + 1) as f64 * FONT as f64);
        }
    }
    (max_x, max_y)
}

/// Adds a title and a legend below the drawing.
fn with_legend(svg: &str, title: &str, changed: bool) -> String {
    let number = |key: &str| -> f64 {
        svg.split(key)
            .nth(1)
            .and_then(|rest| rest.split('"').nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.)
    };
    let (width, height) = (number(" width="), number(" height="));
    // layout-rs grows its canvas by each text's length in both directions; the
    // drawn elements give the true extent.
    let (drawn_width, drawn_height) = extent(svg);
    let (content_width, content_height) = (drawn_width.min(width) + 20., drawn_height.min(height) + 20.);
    let mut entries: Vec<(&str, &str, bool)> = vec![
        ("body", fill(NodeKind::Body), false),
        ("outside body", fill(NodeKind::External), true),
        ("office", fill(NodeKind::Office), false),
        ("member states", fill(NodeKind::Members), false),
        ("fund", fill(NodeKind::Fund), false),
    ];
    if changed {
        entries.extend([
            ("+ added", "#2e7d32", false),
            ("- removed", "#c62828", true),
            ("~ changed", "#ef6c00", false),
        ]);
    }
    let legend_height = 40. + 26. * entries.len() as f64;
    let new_width = content_width.max(360.);
    let new_height = content_height + legend_height + 30.;
    let (canvas_width, canvas_height) = (width, height);
    let height = content_height;
    let mut legend = format!(
        "<g id=\"legend\" font-family=\"Helvetica, sans-serif\" font-size=\"13\">\n<text x=\"10\" y=\"{:.0}\" font-weight=\"bold\">{}</text>\n<text x=\"10\" y=\"{:.0}\" font-weight=\"bold\">Legend</text>\n",
        height + 20.,
        xml_escape(title),
        height + 44.
    );
    for (i, (name, color, dashed)) in entries.iter().enumerate() {
        let y = height + 54. + 26. * i as f64;
        let dash = if *dashed { " stroke-dasharray=\"5,3\"" } else { "" };
        legend.push_str(&format!(
            "<rect x=\"10\" y=\"{y:.0}\" width=\"28\" height=\"18\" fill=\"{color}\" stroke=\"#333333\"{dash}/><text x=\"46\" y=\"{:.0}\">{name}</text>\n",
            y + 14.
        ));
    }
    legend.push_str("</g>\n");
    let resized = svg
        .replacen(
            &format!("width=\"{canvas_width}\""),
            &format!("width=\"{new_width}\""),
            1,
        )
        .replacen(
            &format!("height=\"{canvas_height}\""),
            &format!("height=\"{new_height}\""),
            1,
        )
        .replacen(
            &format!("viewBox=\"0 0 {canvas_width} {canvas_height}\""),
            &format!("viewBox=\"0 0 {new_width} {new_height}\""),
            1,
        );
    match resized
        .rfind("</svg>")
        .and_then(|at| Some((resized.get(..at)?, resized.get(at..)?)))
    {
        Some((head, tail)) => format!("{head}{legend}{tail}"),
        None => resized,
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_on_another_moves_and_keeps_its_markup() {
        let text = |x: f64, y: f64, t: &str| {
            format!(
                "<text text-anchor=\"middle\" x=\"{x}\" y=\"{y}\" class=\"a14\"><tspan x = \"{x}\" dy=\"1.0em\">{t}</tspan></text>"
            )
        };
        let svg = format!(
            "<svg>{}{}</svg>",
            text(100., 100., "Council"),
            text(102., 104., "appoints")
        );
        let labels: BTreeSet<&str> = ["appoints"].into_iter().collect();
        let out = separate_labels(&svg, &labels);
        assert!(
            out.starts_with(&format!("<svg>{}", text(100., 100., "Council"))),
            "{out}"
        );
        assert!(
            out.contains("<tspan x = \"102\" dy=\"1.0em\">appoints</tspan>"),
            "{out}"
        );
        assert!(!out.contains("y=\"104\""), "the label did not move: {out}");
    }

    #[test]
    fn labels_that_do_not_touch_stay_where_they_are() {
        let svg = "<svg><text x=\"0\" y=\"0\"><tspan x = \"0\">A</tspan></text><text x=\"500\" y=\"500\"><tspan x = \"500\">appoints</tspan></text></svg>";
        let labels: BTreeSet<&str> = ["appoints"].into_iter().collect();
        assert_eq!(separate_labels(svg, &labels), svg);
    }
}
