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

/// Draws a drawing as SVG with the layout asked for. A Graphviz drawing that
/// fails falls back to the built-in layout with a note on standard error.
pub(super) fn svg(d: &Drawing, layout: Layout) -> Result<String, String> {
    let use_dot = match layout {
        Layout::Builtin => false,
        Layout::Dot => true,
        Layout::Auto => dot_installed(),
    };
    if use_dot {
        match graphviz(d) {
            Ok(svg) => return Ok(svg),
            Err(why) => eprintln!("note: Graphviz could not draw this ({why}); drawn with the built-in layout instead"),
        }
    }
    builtin(d)
}

/// The built-in layout's drawing.
pub(super) fn builtin(d: &Drawing) -> Result<String, String> {
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
    let links: Vec<((usize, usize), Vec<(&DrawEdge, Vec<TextLine>)>)> = merged
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
    let layout_links: Vec<Link> = links
        .iter()
        .map(|((a, b), labelled)| {
            let lines: Vec<&TextLine> = labelled.iter().flat_map(|(_, l)| l).collect();
            let w = lines.iter().map(|l| text_width(&l.text, l.font)).fold(0., f64::max);
            let h: f64 = lines.iter().map(|l| l.font * LEADING).sum();
            Link {
                from: *a,
                to: *b,
                label: (!lines.is_empty()).then_some(Size { w, h }),
            }
        })
        .collect();
    // Narrower layers until the drawing fits the width its text allows.
    let mut placed = layout::place(&sizes, &layout_links, MAX_WIDTH - 2. * MARGIN);
    for limit in [1100., 800., 600., 400.] {
        if placed.width <= MAX_WIDTH - 2. * MARGIN {
            break;
        }
        placed = layout::place(&sizes, &layout_links, limit);
    }
    if placed.width > MAX_WIDTH * 9. {
        return Err(format!(
            "the drawing is {:.0} units wide, too wide to read at 1,200 px; draw one view (`--view appointments`, `decisions` or `relations`)",
            placed.width
        ));
    }
    let title_width = (placed.width.max(480.)).min(MAX_WIDTH - 2. * MARGIN);
    let title_lines = wrap(&d.title, (title_width / (GLYPH * TITLE_FONT)) as usize);
    let top = MARGIN + title_lines.len() as f64 * TITLE_FONT * LEADING + 12.;
    let legend = legend_entries(d);
    let content_width = placed.width.max(title_width);
    let legend_rows = legend_layout(&legend, content_width);
    let legend_height = legend_rows.last().map_or(0., |(_, y, _)| y + 24.);
    let legend_top = top + placed.height.max(if d.nodes.is_empty() { 30. } else { 0. }) + 28.;
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
    let (dx, dy) = (MARGIN + (content_width - placed.width) / 2., top);
    for (i, n) in d.nodes.iter().enumerate() {
        let (Some((x, y)), Some(size), Some(lines)) = (placed.boxes.get(i), sizes.get(i), boxes.get(i)) else {
            continue;
        };
        out.push_str(&node_svg(n, lines, x + dx, y + dy, *size));
    }
    for (k, ((_, _), labelled)) in links.iter().enumerate() {
        let Some(route) = placed.routes.get(k) else { continue };
        out.push_str(&edge_svg(labelled, route, dx, dy));
    }
    out.push_str(&legend_svg(&legend, &legend_rows, MARGIN, legend_top));
    out.push_str("</svg>\n");
    Ok(out)
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

fn edge_svg(labelled: &[(&DrawEdge, Vec<TextLine>)], route: &layout::Route, dx: f64, dy: f64) -> String {
    let Some((first, _)) = labelled.first() else {
        return String::new();
    };
    let color = change_color(first.change).unwrap_or(edge_color(first.kind));
    let width = if first.change == Change::Same { 1.4 } else { 3. };
    let points: Vec<(f64, f64)> = route.points.iter().map(|(x, y)| (x + dx, y + dy)).collect();
    let (Some(&end), Some(&before)) = (points.last(), points.len().checked_sub(2).and_then(|i| points.get(i))) else {
        return String::new();
    };
    // The arrowhead points along the last stretch, which ends vertically.
    let down = if end.1 >= before.1 { 1. } else { -1. };
    let base = (end.0, end.1 - down * 9.);
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let p = if i + 1 == points.len() { base } else { *p };
        if i == 0 {
            d.push_str(&format!("M{},{}", num(p.0), num(p.1)));
            continue;
        }
        let Some(prev) = points.get(i - 1) else { continue };
        if route.curved.get(i - 1).copied().unwrap_or(false) {
            let mid = (prev.1 + p.1) / 2.;
            d.push_str(&format!(
                " C{},{} {},{} {},{}",
                num(prev.0),
                num(mid),
                num(p.0),
                num(mid),
                num(p.0),
                num(p.1)
            ));
        } else {
            d.push_str(&format!(" L{},{}", num(p.0), num(p.1)));
        }
    }
    let mut out = format!(
        "<g class=\"edge\">\n<path d=\"{d}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{}\"{}/>\n<polygon points=\"{},{} {},{} {},{}\" fill=\"{color}\"/>\n",
        num(width),
        dash_of(first),
        num(end.0),
        num(end.1),
        num(end.0 - 4.5),
        num(base.1),
        num(end.0 + 4.5),
        num(base.1)
    );
    if let Some((lx, ly)) = route.label_at {
        let mut at = ly + dy;
        for (e, lines) in labelled {
            let color = change_color(e.change).unwrap_or(edge_color(e.kind));
            for line in lines {
                out.push_str(&format!(
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{color}\">{}</text>\n",
                    num(lx + dx),
                    num(at + BASELINE * line.font),
                    num(line.font),
                    xml_escape(&line.text)
                ));
                at += line.font * LEADING;
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

/// Lays the drawing out with Graphviz: the DOT text with wrapped lines and the
/// built-in drawing's font sizes, through `dot -Tsvg`, bounded in time.
fn graphviz(d: &Drawing) -> Result<String, String> {
    let text = super::render::legible_dot(d, |l| wrap(l, BOX_CHARS), |l| wrap(l, LABEL_CHARS));
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("`dot` did not start: {e}"))?;
    // Writing and reading run on their own threads so that a full pipe cannot
    // stall either side; the wait below is bounded.
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || stdin.map(|mut s| s.write_all(text.as_bytes())));
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
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("`dot` could not be waited for: {e}")),
        }
    };
    let _ = writer.join();
    let svg = reader
        .join()
        .map_err(|_| "reading `dot`'s output failed".to_string())?
        .map_err(|e| format!("reading `dot`'s output failed: {e}"))?;
    let said = errors.join().unwrap_or_default();
    if !status.success() {
        return Err(format!("`dot` failed: {}", said.trim()));
    }
    let svg = String::from_utf8(svg).map_err(|_| "`dot` wrote something that is not UTF-8".to_string())?;
    if !svg.contains("<svg") {
        return Err("`dot` wrote no SVG".to_string());
    }
    Ok(svg)
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
