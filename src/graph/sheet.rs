//! The SVG drawing: boxes sized to their wrapped text, laid out by the built-in
//! layered layout (`layout`) or by Graphviz, with a title and a legend.
//!
//! Legibility is designed in, and `tests/compiler/diagram_geometry.rs` checks it
//! on the SVG: printed 1,200 px wide the smallest text is at least 9 px (so the
//! drawing is at most `MAX_WIDTH` units wide), no wider than 3:1, no text on
//! another, no edge through text or outside the picture. Text is measured at
//! `GLYPH` em a character, the test's conservative figure, so the boxes the
//! test estimates are the boxes laid out.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::layout::{self, Link, Size};
use super::render::{change_color, edge_color, fill, xml_escape, Change, DrawEdge, DrawNode, Drawing, Layout};
use super::{EdgeKind, NodeKind};

/// Width of a character, in em (the geometry test's figure).
const GLYPH: f64 = 0.6;
const NAME_FONT: f64 = 14.;
const DETAIL_FONT: f64 = 12.;
const LABEL_FONT: f64 = 12.;
const TITLE_FONT: f64 = 16.;
/// Line height, in em.
const LEADING: f64 = 1.3;
/// Where a line's baseline sits below the top of its line, in em.
const BASELINE: f64 = 0.95;
const PAD_X: f64 = 10.;
const PAD_Y: f64 = 6.;
const MARGIN: f64 = 20.;
/// The widest drawing whose smallest text (12 units) prints at 9 px when the
/// drawing is printed 1,200 px wide.
const MAX_WIDTH: f64 = 1200. * DETAIL_FONT / 9.;
/// The most characters on a line of a box and of an edge label.
const BOX_CHARS: usize = 42;
const LABEL_CHARS: usize = 28;
/// The most boxes the built-in layout draws (its ordering is quadratic in the
/// edges between two bands).
const MAX_BOXES: usize = 1_000;
/// How long Graphviz may take before the built-in layout is used instead.
const DOT_TIMEOUT: Duration = Duration::from_secs(20);

fn text_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * GLYPH * font
}

/// Splits a line at spaces so that no piece is longer than `max` characters
/// (a single longer word stays whole).
fn wrap(line: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in line.split(' ').filter(|w| !w.is_empty()).flat_map(|w| pieces(w, max)) {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > max {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() || out.is_empty() {
        out.push(current);
    }
    out
}

/// A word longer than `max` split after underscores (`two_thirds_of_votes_`,
/// `cast`), so that long rule names wrap; a word without one stays whole.
fn pieces(word: &str, max: usize) -> Vec<String> {
    if word.chars().count() <= max || !word.contains('_') {
        return vec![word.to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for part in word.split_inclusive('_') {
        if !current.is_empty() && current.chars().count() + part.chars().count() > max {
            out.push(std::mem::take(&mut current));
        }
        current.push_str(part);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// One line of text in a box or label: its words and its size.
struct TextLine {
    text: String,
    font: f64,
    bold: bool,
}

fn block_size(lines: &[TextLine]) -> (f64, f64) {
    let w = lines.iter().map(|l| text_width(&l.text, l.font)).fold(0., f64::max);
    let h = lines.iter().map(|l| l.font * LEADING).sum();
    (w, h)
}

/// The lines of a node's box: its name in bold, then its details, wrapped.
fn box_lines(n: &DrawNode, loops: &[String]) -> Vec<TextLine> {
    let mut out = Vec::new();
    for (i, line) in n.lines.iter().chain(loops).enumerate() {
        let (font, bold, max) = if i == 0 {
            (NAME_FONT, true, (BOX_CHARS as f64 * DETAIL_FONT / NAME_FONT) as usize)
        } else {
            (DETAIL_FONT, false, BOX_CHARS)
        };
        for piece in wrap(line, max) {
            out.push(TextLine {
                text: piece,
                font,
                bold,
            });
        }
    }
    out
}

/// Why a Graphviz drawing was not used.
enum Refusal {
    /// `dot` failed, took too long or wrote what cannot be read.
    Failed(String),
    /// It drew, but not legibly by the geometry test's measures.
    Illegible(String),
}

/// Draws a drawing as SVG with the layout asked for. With `Layout::Auto` a
/// Graphviz drawing is used when `dot` is installed and its drawing is legible,
/// else the built-in one; a `dot` that fails is said on standard error, and so,
/// when Graphviz was asked for by name, is an illegible drawing set aside.
pub(super) fn svg(d: &Drawing, layout: Layout) -> Result<String, String> {
    let use_dot = match layout {
        Layout::Builtin => false,
        Layout::Dot => true,
        Layout::Auto => dot_installed(),
    };
    if use_dot {
        match graphviz(d) {
            Ok(svg) => return Ok(svg),
            Err(Refusal::Failed(why)) => {
                eprintln!("note: Graphviz could not draw this ({why}); drawn with the built-in layout instead")
            }
            Err(Refusal::Illegible(why)) if layout == Layout::Dot => {
                eprintln!("note: Graphviz's drawing is not legible ({why}); drawn with the built-in layout instead")
            }
            Err(Refusal::Illegible(_)) => {}
        }
    }
    builtin(d)
}

/// The edges drawn as one, each with its label lines.
type Labelled<'d> = Vec<(&'d DrawEdge, Vec<TextLine>)>;

/// A drawing's boxes and edge labels, sized to their text, ready to lay out.
struct Prepared<'d> {
    boxes: Vec<Vec<TextLine>>,
    sizes: Vec<Size>,
    /// Edges between two different boxes, those between the same two merged:
    /// each with its drawn edges and their label lines.
    links: Vec<((usize, usize), Labelled<'d>)>,
}

impl Prepared<'_> {
    /// The size of each link's labels together, if it has any.
    fn label_size(&self, k: usize) -> Option<Size> {
        let (_, labelled) = self.links.get(k)?;
        let lines: Vec<&TextLine> = labelled.iter().flat_map(|(_, l)| l).collect();
        let w = lines.iter().map(|l| text_width(&l.text, l.font)).fold(0., f64::max);
        let h: f64 = lines.iter().map(|l| l.font * LEADING).sum();
        (!lines.is_empty()).then_some(Size { w, h })
    }
}

fn prepare(d: &Drawing) -> Result<Prepared<'_>, String> {
    if d.nodes.len() > MAX_BOXES {
        return Err(format!(
            "the drawing has {} boxes; `--format svg` lays out at most {MAX_BOXES}: draw with `--format dot` and Graphviz (`dot -Tsvg`), draw one view (`--view decisions`), or draw one stage",
            d.nodes.len()
        ));
    }
    let index: BTreeMap<&str, usize> = d.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    // Edges from a box to itself are said in the box; the others between the
    // same two boxes share one line with all their labels.
    let mut loops: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut merged: BTreeMap<(usize, usize), Vec<&DrawEdge>> = BTreeMap::new();
    for e in &d.edges {
        let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) else {
            continue;
        };
        if a == b {
            loops
                .entry(a)
                .or_default()
                .push(format!("{} (itself)", e.label.replace('\n', " ")));
        } else {
            merged.entry((a, b)).or_default().push(e);
        }
    }
    let boxes: Vec<Vec<TextLine>> = d
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| box_lines(n, loops.get(&i).map_or(&[], Vec::as_slice)))
        .collect();
    let sizes: Vec<Size> = boxes
        .iter()
        .zip(&d.nodes)
        .map(|(lines, n)| {
            let (w, h) = block_size(lines);
            let h = h + 2. * PAD_Y;
            let round = if rounded_ends(n.kind) { (h / 2.).min(16.) } else { 0. };
            Size {
                w: w + 2. * PAD_X + round,
                h,
            }
        })
        .collect();
    let links = merged
        .into_iter()
        .map(|(pair, edges)| {
            let labelled = edges
                .into_iter()
                .map(|e| {
                    let lines = e
                        .label
                        .split('\n')
                        .flat_map(|l| wrap(l, LABEL_CHARS))
                        .map(|text| TextLine {
                            text,
                            font: LABEL_FONT,
                            bold: false,
                        })
                        .collect();
                    (e, lines)
                })
                .collect();
            (pair, labelled)
        })
        .collect();
    Ok(Prepared { boxes, sizes, links })
}

/// A stretch of an edge's path.
#[derive(Debug, Clone, Copy)]
enum Piece {
    Line((f64, f64)),
    Cubic((f64, f64), (f64, f64), (f64, f64)),
}

/// An edge as drawn: its path up to the arrowhead's base, the arrowhead's tip,
/// and the top-left corner of its labels.
#[derive(Debug, Clone)]
struct Stroke {
    start: (f64, f64),
    pieces: Vec<Piece>,
    tip: (f64, f64),
    label_at: Option<(f64, f64)>,
}

impl Stroke {
    fn base(&self) -> (f64, f64) {
        match self.pieces.last() {
            Some(Piece::Line(p) | Piece::Cubic(_, _, p)) => *p,
            None => self.start,
        }
    }

    /// The path as points, curves sampled finely, and the arrowhead's tip.
    fn points(&self) -> Vec<(f64, f64)> {
        let mut out = vec![self.start];
        let mut at = self.start;
        for piece in &self.pieces {
            match piece {
                Piece::Line(p) => {
                    out.push(*p);
                    at = *p;
                }
                Piece::Cubic(a, b, c) => {
                    for i in 1..=24 {
                        let t = f64::from(i) / 24.;
                        let u = 1. - t;
                        let (k0, k1, k2, k3) = (u * u * u, 3. * u * u * t, 3. * u * t * t, t * t * t);
                        out.push((
                            k0 * at.0 + k1 * a.0 + k2 * b.0 + k3 * c.0,
                            k0 * at.1 + k1 * a.1 + k2 * b.1 + k3 * c.1,
                        ));
                    }
                    at = *c;
                }
            }
        }
        out.push(self.tip);
        out
    }
}

/// A laid-out drawing: each box's top-left corner and each link's stroke.
struct Scene {
    boxes: Vec<(f64, f64)>,
    strokes: Vec<Stroke>,
    width: f64,
    height: f64,
}

/// The built-in layout's drawing.
pub(super) fn builtin(d: &Drawing) -> Result<String, String> {
    let prepared = prepare(d)?;
    let scene = builtin_scene(&prepared)?;
    Ok(compose(d, &prepared, &scene))
}

fn builtin_scene(prepared: &Prepared<'_>) -> Result<Scene, String> {
    let layout_links: Vec<Link> = prepared
        .links
        .iter()
        .enumerate()
        .map(|(k, ((a, b), _))| Link {
            from: *a,
            to: *b,
            label: prepared.label_size(k),
        })
        .collect();
    let sizes = &prepared.sizes;
    // Narrower layers until the drawing fits the width its text allows.
    let mut placed = layout::place(sizes, &layout_links, MAX_WIDTH - 2. * MARGIN);
    for limit in [1100., 800., 600., 400.] {
        if placed.width <= MAX_WIDTH - 2. * MARGIN {
            break;
        }
        placed = layout::place(sizes, &layout_links, limit);
    }
    if placed.width > MAX_WIDTH - 2. * MARGIN {
        return Err(format!(
            "the drawing is {:.0} units wide, too wide to read at 1,200 px; draw one view (`--view appointments`, `decisions` or `relations`)",
            placed.width
        ));
    }
    let strokes = placed
        .routes
        .iter()
        .map(|route| {
            let start = route.points.first().copied().unwrap_or((0., 0.));
            let tip = route.points.last().copied().unwrap_or(start);
            let before = route
                .points
                .len()
                .checked_sub(2)
                .and_then(|i| route.points.get(i))
                .copied()
                .unwrap_or(start);
            // The arrowhead points along the last stretch, which ends vertically.
            let down = if tip.1 >= before.1 { 1. } else { -1. };
            let base = (tip.0, tip.1 - down * 9.);
            let mut pieces = Vec::new();
            for (i, p) in route.points.iter().enumerate().skip(1) {
                let p = if i + 1 == route.points.len() { base } else { *p };
                let prev = route.points.get(i - 1).copied().unwrap_or(start);
                if route.curved.get(i - 1).copied().unwrap_or(false) {
                    let mid = (prev.1 + p.1) / 2.;
                    pieces.push(Piece::Cubic((prev.0, mid), (p.0, mid), p));
                } else {
                    pieces.push(Piece::Line(p));
                }
            }
            Stroke {
                start,
                pieces,
                tip,
                label_at: route.label_at,
            }
        })
        .collect();
    Ok(Scene {
        boxes: placed.boxes,
        strokes,
        width: placed.width,
        height: placed.height,
    })
}

/// The SVG of a laid-out drawing: title, boxes, edges with their labels, legend.
fn compose(d: &Drawing, prepared: &Prepared<'_>, scene: &Scene) -> String {
    let title_width = scene.width.clamp(480., MAX_WIDTH - 2. * MARGIN);
    let title_lines = wrap(&d.title, (title_width / (GLYPH * TITLE_FONT)) as usize);
    let top = MARGIN + title_lines.len() as f64 * TITLE_FONT * LEADING + 12.;
    let legend = legend_entries(d);
    let content_width = scene.width.max(title_width);
    let legend_rows = legend_layout(&legend, content_width);
    let legend_height = legend_rows.last().map_or(0., |(_, y, _)| y + 24.);
    let legend_top = top + scene.height.max(if d.nodes.is_empty() { 30. } else { 0. }) + 28.;
    let width = content_width + 2. * MARGIN;
    let mut height = legend_top + legend_height + MARGIN;
    // No wider than 3:1: a short drawing gets room below.
    height = height.max(width / 3. + 1.);
    let mut out = String::new();
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"Helvetica, Arial, sans-serif\">\n",
        num(width),
        num(height),
        num(width),
        num(height)
    ));
    out.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
        num(width),
        num(height)
    ));
    for (i, line) in title_lines.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\">{}</text>\n",
            num(MARGIN),
            num(MARGIN + (i as f64 + BASELINE) * TITLE_FONT * LEADING),
            num(TITLE_FONT),
            xml_escape(line)
        ));
    }
    if d.nodes.is_empty() {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\">The treaty writes nothing this view shows.</text>\n",
            num(MARGIN),
            num(top + 20.),
            num(DETAIL_FONT)
        ));
    }
    let shift = (MARGIN + (content_width - scene.width) / 2., top);
    for (i, n) in d.nodes.iter().enumerate() {
        let (Some((x, y)), Some(size), Some(lines)) =
            (scene.boxes.get(i), prepared.sizes.get(i), prepared.boxes.get(i))
        else {
            continue;
        };
        out.push_str(&node_svg(n, lines, x + shift.0, y + shift.1, *size));
    }
    for (k, (_, labelled)) in prepared.links.iter().enumerate() {
        let Some(stroke) = scene.strokes.get(k) else { continue };
        out.push_str(&edge_svg(labelled, stroke, shift));
    }
    out.push_str(&legend_svg(&legend, &legend_rows, MARGIN, legend_top));
    out.push_str("</svg>\n");
    out
}

/// A number as the SVG writes it: at most two decimals, no trailing zeros.
fn num(v: f64) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn rounded_ends(kind: NodeKind) -> bool {
    matches!(kind, NodeKind::Office | NodeKind::Decision)
}

fn node_svg(n: &DrawNode, lines: &[TextLine], x: f64, y: f64, size: Size) -> String {
    let stroke = change_color(n.change).unwrap_or(match n.kind {
        NodeKind::External => "#888888",
        _ => "#333333",
    });
    let width = if n.change == Change::Same { 1.2 } else { 3. };
    let dash = if matches!(n.kind, NodeKind::External) || n.change == Change::Removed {
        " stroke-dasharray=\"6,3\""
    } else {
        ""
    };
    let radius = match n.kind {
        NodeKind::Office | NodeKind::Decision => (size.h / 2.).min(16.),
        NodeKind::Body | NodeKind::Fund => 8.,
        _ => 0.,
    };
    let mut out = format!(
        "<g class=\"node\" id=\"node-{}\">\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"{dash}/>\n",
        xml_escape(&n.id),
        num(x),
        num(y),
        num(size.w),
        num(size.h),
        num(radius),
        fill(n.kind),
        num(width)
    );
    let centre = x + size.w / 2.;
    let mut at = y + PAD_Y;
    for line in lines {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\"{}>{}</text>\n",
            num(centre),
            num(at + BASELINE * line.font),
            num(line.font),
            if line.bold { " font-weight=\"bold\"" } else { "" },
            xml_escape(&line.text)
        ));
        at += line.font * LEADING;
    }
    out.push_str("</g>\n");
    out
}

fn dash_of(e: &DrawEdge) -> &'static str {
    match (e.change, e.kind) {
        (Change::Removed, _) | (_, EdgeKind::ProposesTo | EdgeKind::CooperatesWith) => " stroke-dasharray=\"7,4\"",
        (_, EdgeKind::Oversees | EdgeKind::ReportsTo | EdgeKind::Consulted) => " stroke-dasharray=\"2,3\"",
        _ => "",
    }
}

fn edge_svg(labelled: &[(&DrawEdge, Vec<TextLine>)], stroke: &Stroke, (dx, dy): (f64, f64)) -> String {
    let Some((first, _)) = labelled.first() else {
        return String::new();
    };
    let color = change_color(first.change).unwrap_or(edge_color(first.kind));
    let width = if first.change == Change::Same { 1.4 } else { 3. };
    let at = |p: (f64, f64)| format!("{},{}", num(p.0 + dx), num(p.1 + dy));
    let mut d = format!("M{}", at(stroke.start));
    for piece in &stroke.pieces {
        match piece {
            Piece::Line(p) => d.push_str(&format!(" L{}", at(*p))),
            Piece::Cubic(a, b, c) => d.push_str(&format!(" C{} {} {}", at(*a), at(*b), at(*c))),
        }
    }
    // The arrowhead: a triangle from the tip back to the path's end.
    let (tip, base) = (stroke.tip, stroke.base());
    let (vx, vy) = (tip.0 - base.0, tip.1 - base.1);
    let length = (vx * vx + vy * vy).sqrt().max(1e-9);
    let (px, py) = (-vy / length * 4.5, vx / length * 4.5);
    let mut out = format!(
        "<g class=\"edge\">\n<path d=\"{d}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{}\"{}/>\n<polygon points=\"{} {} {}\" fill=\"{color}\"/>\n",
        num(width),
        dash_of(first),
        at(tip),
        at((base.0 + px, base.1 + py)),
        at((base.0 - px, base.1 - py))
    );
    if let Some((lx, ly)) = stroke.label_at {
        let mut y = ly + dy;
        for (e, lines) in labelled {
            let color = change_color(e.change).unwrap_or(edge_color(e.kind));
            for line in lines {
                out.push_str(&format!(
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{color}\">{}</text>\n",
                    num(lx + dx),
                    num(y + BASELINE * line.font),
                    num(line.font),
                    xml_escape(&line.text)
                ));
                y += line.font * LEADING;
            }
        }
    }
    out.push_str("</g>\n");
    out
}

/// The legend's entries: the kinds of box drawn, then the marks of a comparison.
fn legend_entries(d: &Drawing) -> Vec<(&'static str, &'static str, bool)> {
    let mut out = Vec::new();
    for (kind, name) in [
        (NodeKind::Body, "body"),
        (NodeKind::External, "outside body"),
        (NodeKind::Office, "office"),
        (NodeKind::Members, "member states"),
        (NodeKind::Treaty, "treaty"),
        (NodeKind::Decision, "decision"),
        (NodeKind::Fund, "fund"),
    ] {
        if d.nodes.iter().any(|n| n.kind == kind) {
            out.push((name, fill(kind), kind == NodeKind::External));
        }
    }
    if d.changed {
        out.extend([
            ("+ added", "#2e7d32", false),
            ("- removed", "#c62828", true),
            ("~ changed", "#ef6c00", false),
        ]);
    }
    out
}

/// Where each legend entry goes (x, y, index), in rows as wide as the drawing.
fn legend_layout(entries: &[(&str, &str, bool)], width: f64) -> Vec<(f64, f64, usize)> {
    let mut out = Vec::new();
    let (mut x, mut y) = (70., 0.);
    for (i, (name, _, _)) in entries.iter().enumerate() {
        let w = 36. + text_width(name, DETAIL_FONT) + 24.;
        if x > 70. && x + w > width {
            x = 70.;
            y += 26.;
        }
        out.push((x, y, i));
        x += w;
    }
    out
}

fn legend_svg(entries: &[(&str, &str, bool)], rows: &[(f64, f64, usize)], left: f64, top: f64) -> String {
    let mut out = format!(
        "<g class=\"legend\">\n<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\">Legend</text>\n",
        num(left),
        num(top + 14.),
        num(DETAIL_FONT)
    );
    for (x, y, i) in rows {
        let Some((name, color, dashed)) = entries.get(*i) else {
            continue;
        };
        let marks = name.starts_with(['+', '-', '~']);
        let (fill, stroke) = if marks {
            ("#ffffff", *color)
        } else {
            (*color, "#333333")
        };
        out.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"28\" height=\"16\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"{}/>\n<text x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>\n",
            num(left + x),
            num(top + y + 2.),
            if marks { "3" } else { "1" },
            if *dashed { " stroke-dasharray=\"5,3\"" } else { "" },
            num(left + x + 36.),
            num(top + y + 14.),
            num(DETAIL_FONT),
            xml_escape(name)
        ));
    }
    out.push_str("</g>\n");
    out
}

// ---------------------------------------------------------------- Graphviz

fn dot_installed() -> bool {
    Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Lays the drawing out with Graphviz: `dot` places boxes of the sizes this
/// module gives them and labels of the size of their text (set in Courier, whose
/// every character is `GLYPH` em wide, the measure used here), and routes the
/// edges; the drawing is then written as the built-in one is, after the same
/// checks of legibility the geometry test makes. A drawing that fails them is
/// refused (the caller falls back to the built-in layout).
fn graphviz(d: &Drawing) -> Result<String, Refusal> {
    let prepared = prepare(d).map_err(Refusal::Failed)?;
    let mut text = String::from(
        "digraph g {\n  graph [rankdir=TB, nodesep=0.3, ranksep=0.5];\n  node [shape=box, fixedsize=true, label=\"\"];\n  edge [fontname=\"Courier\", fontsize=13];\n",
    );
    for (i, size) in prepared.sizes.iter().enumerate() {
        text.push_str(&format!(
            "  n{i} [width={:.4}, height={:.4}];\n",
            size.w / 72.,
            size.h / 72.
        ));
    }
    for (k, ((a, b), labelled)) in prepared.links.iter().enumerate() {
        let lines: Vec<String> = labelled
            .iter()
            .flat_map(|(_, l)| l.iter().map(|t| t.text.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect();
        if lines.is_empty() {
            text.push_str(&format!("  n{a} -> n{b} [id=e{k}];\n"));
        } else {
            text.push_str(&format!("  n{a} -> n{b} [id=e{k}, label=\"{}\"];\n", lines.join("\\n")));
        }
    }
    text.push_str("}\n");
    let plain = run_dot(&text).map_err(Refusal::Failed)?;
    let scene = plain_scene(&plain, &prepared).map_err(Refusal::Failed)?;
    legible(&prepared, &scene).map_err(Refusal::Illegible)?;
    Ok(compose(d, &prepared, &scene))
}

/// `dot -Tplain` on a DOT text, bounded in time.
fn run_dot(text: &str) -> Result<String, String> {
    let mut child = Command::new("dot")
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("`dot` did not start: {e}"))?;
    // Writing and reading run on their own threads so that a full pipe cannot
    // stall either side; the wait below is bounded.
    let stdin = child.stdin.take();
    let input = text.to_string();
    let writer = std::thread::spawn(move || stdin.map(|mut s| s.write_all(input.as_bytes())));
    let mut stdout = child.stdout.take().ok_or("no output from `dot`")?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stdout.read_to_end(&mut buf).map(|_| buf)
    });
    let mut stderr = child.stderr.take().ok_or("no error stream from `dot`")?;
    let errors = std::thread::spawn(move || {
        let mut buf = String::new();
        let _ = stderr.read_to_string(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > DOT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("`dot` took more than {} seconds", DOT_TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("`dot` could not be waited for: {e}")),
        }
    };
    let _ = writer.join();
    let out = reader
        .join()
        .map_err(|_| "reading `dot`'s output failed".to_string())?
        .map_err(|e| format!("reading `dot`'s output failed: {e}"))?;
    let said = errors.join().unwrap_or_default();
    if !status.success() {
        return Err(format!("`dot` failed: {}", said.trim()));
    }
    String::from_utf8(out).map_err(|_| "`dot` wrote something that is not UTF-8".to_string())
}

/// The words of a line of `-Tplain` output: quoted strings are one word.
fn plain_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            continue;
        }
        let mut word = String::new();
        if c == '"' {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => word.extend(chars.next()),
                    '"' => break,
                    c => word.push(c),
                }
            }
        } else {
            word.push(c);
            while let Some(c) = chars.next_if(|c| *c != ' ') {
                word.push(c);
            }
        }
        out.push(word);
    }
    out
}

/// Reads `dot -Tplain`: inches, y upwards; the scene is in units, y downwards.
fn plain_scene(plain: &str, prepared: &Prepared<'_>) -> Result<Scene, String> {
    let bad = |line: &str| format!("`dot` wrote a line this does not read: `{line}`");
    let number = |w: Option<&String>| w.and_then(|v| v.parse::<f64>().ok());
    let mut height = 0.;
    let mut width = 0.;
    let mut boxes = vec![(0., 0.); prepared.sizes.len()];
    let mut strokes: Vec<Option<Stroke>> = vec![None; prepared.links.len()];
    let mut edges_seen = BTreeMap::new();
    // Graphviz breaks long lines with a backslash before the line break.
    let plain = plain.replace("\\\n", "");
    for line in plain.lines() {
        let w = plain_words(line);
        match w.first().map(String::as_str) {
            Some("graph") => {
                width = number(w.get(2)).ok_or_else(|| bad(line))? * 72.;
                height = number(w.get(3)).ok_or_else(|| bad(line))? * 72.;
            }
            Some("node") => {
                let i: usize = w
                    .get(1)
                    .and_then(|n| n.strip_prefix('n')?.parse().ok())
                    .ok_or_else(|| bad(line))?;
                let (x, y) = (
                    number(w.get(2)).ok_or_else(|| bad(line))?,
                    number(w.get(3)).ok_or_else(|| bad(line))?,
                );
                let size = prepared.sizes.get(i).ok_or_else(|| bad(line))?;
                if let Some(slot) = boxes.get_mut(i) {
                    *slot = (x * 72. - size.w / 2., height - y * 72. - size.h / 2.);
                }
            }
            Some("edge") => {
                let from: usize = w
                    .get(1)
                    .and_then(|n| n.strip_prefix('n')?.parse().ok())
                    .ok_or_else(|| bad(line))?;
                let to: usize = w
                    .get(2)
                    .and_then(|n| n.strip_prefix('n')?.parse().ok())
                    .ok_or_else(|| bad(line))?;
                let count: usize = w.get(3).and_then(|n| n.parse().ok()).ok_or_else(|| bad(line))?;
                let mut points = Vec::with_capacity(count);
                for i in 0..count {
                    let x = number(w.get(4 + 2 * i)).ok_or_else(|| bad(line))?;
                    let y = number(w.get(5 + 2 * i)).ok_or_else(|| bad(line))?;
                    points.push((x * 72., height - y * 72.));
                }
                // Edges come in the order written; two between the same boxes
                // were merged into one, so each pair appears once.
                let k = prepared
                    .links
                    .iter()
                    .position(|((a, b), _)| (*a, *b) == (from, to))
                    .ok_or_else(|| bad(line))?;
                *edges_seen.entry(k).or_insert(0) += 1;
                let label_at = match prepared.label_size(k) {
                    Some(size) => {
                        let lx = number(w.get(5 + 2 * count)).ok_or_else(|| bad(line))? * 72.;
                        let ly = height - number(w.get(6 + 2 * count)).ok_or_else(|| bad(line))? * 72.;
                        Some((lx - size.w / 2., ly - size.h / 2.))
                    }
                    None => None,
                };
                let start = points.first().copied().ok_or_else(|| bad(line))?;
                let rest = points.get(1..).unwrap_or(&[]);
                let pieces: Vec<Piece> = rest
                    .chunks(3)
                    .map(|c| match c {
                        [a, b, p] => Piece::Cubic(*a, *b, *p),
                        _ => Piece::Line(c.last().copied().unwrap_or(start)),
                    })
                    .collect();
                // The arrowhead continues the spline's last direction to the box.
                let end = points.last().copied().unwrap_or(start);
                let before = points
                    .len()
                    .checked_sub(2)
                    .and_then(|i| points.get(i))
                    .copied()
                    .unwrap_or(start);
                let (vx, vy) = (end.0 - before.0, end.1 - before.1);
                let length = (vx * vx + vy * vy).sqrt().max(1e-9);
                let tip = (end.0 + vx / length * 9., end.1 + vy / length * 9.);
                if let Some(slot) = strokes.get_mut(k) {
                    *slot = Some(Stroke {
                        start,
                        pieces,
                        tip,
                        label_at,
                    });
                }
            }
            _ => {}
        }
    }
    if edges_seen.values().any(|n| *n != 1) || edges_seen.len() != prepared.links.len() {
        return Err("`dot` did not route every edge once".to_string());
    }
    Ok(Scene {
        boxes,
        strokes: strokes.into_iter().flatten().collect(),
        width,
        height,
    })
}

/// A text line's box as the geometry test estimates it: x0, y0, x1, y1.
type TextBox = (f64, f64, f64, f64);

fn line_box(x: f64, baseline: f64, text: &str, font: f64, centred: bool) -> TextBox {
    let w = text_width(text, font);
    let x0 = if centred { x - w / 2. } else { x };
    (x0, baseline - 0.85 * font, x0 + w, baseline + 0.25 * font)
}

/// Whether the segment p-q passes through the inside of a box (clipped, as the
/// geometry test clips, against the box shrunk by half a unit).
fn crosses(b: &TextBox, p: (f64, f64), q: (f64, f64)) -> bool {
    let (x0, y0, x1, y1) = (b.0 + 0.5, b.1 + 0.5, b.2 - 0.5, b.3 - 0.5);
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0f64, 1f64);
    for (pk, qk) in [(-dx, p.0 - x0), (dx, x1 - p.0), (-dy, p.1 - y0), (dy, y1 - p.1)] {
        if pk == 0. {
            if qk < 0. {
                return false;
            }
        } else if pk < 0. {
            t0 = t0.max(qk / pk);
        } else {
            t1 = t1.min(qk / pk);
        }
    }
    t0 < t1
}

/// The legibility a Graphviz drawing must have to be used: no wider than the
/// text allows, no text on text, no edge through text or off the drawing.
fn legible(prepared: &Prepared<'_>, scene: &Scene) -> Result<(), String> {
    if scene.width > MAX_WIDTH - 2. * MARGIN {
        return Err(format!(
            "its drawing is {:.0} units wide, too wide to read at 1,200 px",
            scene.width
        ));
    }
    // Every text line, with the link whose label it is.
    let mut texts: Vec<(TextBox, Option<usize>, usize)> = Vec::new();
    for (i, lines) in prepared.boxes.iter().enumerate() {
        let (Some((x, y)), Some(size)) = (scene.boxes.get(i), prepared.sizes.get(i)) else {
            continue;
        };
        let mut at = y + PAD_Y;
        for l in lines {
            texts.push((
                line_box(x + size.w / 2., at + BASELINE * l.font, &l.text, l.font, true),
                None,
                i,
            ));
            at += l.font * LEADING;
        }
    }
    for (k, (_, labelled)) in prepared.links.iter().enumerate() {
        let Some((lx, ly)) = scene.strokes.get(k).and_then(|s| s.label_at) else {
            continue;
        };
        let mut at = ly;
        for l in labelled.iter().flat_map(|(_, l)| l) {
            texts.push((
                line_box(lx, at + BASELINE * l.font, &l.text, l.font, false),
                Some(k),
                usize::MAX - k,
            ));
            at += l.font * LEADING;
        }
    }
    for (i, (a, _, owner)) in texts.iter().enumerate() {
        for (b, _, other) in texts.iter().skip(i + 1) {
            if owner != other && a.0 + 0.5 < b.2 && b.0 + 0.5 < a.2 && a.1 + 0.5 < b.3 && b.1 + 0.5 < a.3 {
                return Err("two texts of its drawing overlap".to_string());
            }
        }
    }
    for (k, stroke) in scene.strokes.iter().enumerate() {
        let points = stroke.points();
        let outside = points
            .iter()
            .any(|(x, y)| *x < -0.5 || *y < -0.5 || *x > scene.width + 0.5 || *y > scene.height + 0.5);
        if outside {
            return Err("an edge of its drawing leaves the drawing".to_string());
        }
        for (b, link, _) in &texts {
            if *link != Some(k) && points.windows(2).any(|w| matches!(w, [p, q] if crosses(b, *p, *q))) {
                return Err("an edge of its drawing runs through text".to_string());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_at_spaces_and_long_words_stay_whole() {
        assert_eq!(
            wrap("decides admission by qmv; veto: every member", 20),
            vec!["decides admission by", "qmv; veto: every", "member"]
        );
        assert_eq!(
            wrap("PeacebuildingCommissionOfTheUnitedNations x", 10),
            vec!["PeacebuildingCommissionOfTheUnitedNations", "x"]
        );
        assert_eq!(wrap("", 10), vec![""]);
        assert_eq!(
            wrap("by two_thirds_of_votes_cast", 12),
            vec!["by", "two_thirds_", "of_votes_", "cast"]
        );
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
    }
}
