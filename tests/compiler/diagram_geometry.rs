//! Diagrams people can read, checked on the SVG's own geometry.
//!
//! For every bundled treaty, every stage, every view, a day of its history where
//! it has one, and each layout (`builtin`, and `dot` when Graphviz is installed),
//! `treatyc graph --format svg` must draw a picture that is legible when a report
//! prints it 1,200 px wide:
//!
//! - every text is at least 9 px high at that width;
//! - the picture is no wider than three times its height;
//! - no text overlaps another text;
//! - no edge (path, line, polyline or arrowhead) crosses a text other than its
//!   own label: an edge may end at its nodes' borders, never run through words;
//! - every point of every edge lies inside the viewBox.
//!
//! Text boxes are estimated, not measured: a line of `n` characters in a font of
//! `s` px is taken to be `GLYPH_WIDTH * n * s` wide (0.6 em: Helvetica/Arial and
//! Liberation Sans average about 0.5 em a character, DejaVu Sans about 0.55), from
//! `ASCENT * s` above its baseline to `DESCENT * s` below, placed by its
//! `text-anchor` and mapped through every `transform` above it. The checker's own
//! tests below feed it small bad drawings, one fault each, to prove it can fail.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Width of a character, in em: conservative for sans-serif faces.
const GLYPH_WIDTH: f64 = 0.6;
/// Height above the baseline (capitals and accents) and below it, in em.
const ASCENT: f64 = 0.85;
const DESCENT: f64 = 0.25;
/// The width a report prints a diagram at, and the least text height there.
const PRINT_WIDTH: f64 = 1200.;
const LEAST_TEXT_PX: f64 = 9.;
const WIDEST_ASPECT: f64 = 3.;
/// How far (in user units) shapes may touch before they count as overlapping:
/// rounding in the SVG's numbers, nothing a reader would see.
const TOUCH: f64 = 0.5;

// ------------------------------------------------------------------ geometry

/// An affine map `[a c e; b d f]`, as SVG's `matrix(a b c d e f)`.
#[derive(Clone, Copy, Debug)]
struct Affine([f64; 6]);

impl Affine {
    const IDENTITY: Affine = Affine([1., 0., 0., 1., 0., 0.]);

    fn then(self, inner: Affine) -> Affine {
        // self ∘ inner: inner applies first.
        let [a, b, c, d, e, f] = self.0;
        let [g, h, i, j, k, l] = inner.0;
        Affine([
            a * g + c * h,
            b * g + d * h,
            a * i + c * j,
            b * i + d * j,
            a * k + c * l + e,
            b * k + d * l + f,
        ])
    }

    fn apply(self, (x, y): (f64, f64)) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// How much lengths grow (the square root of the area factor).
    fn scale(self) -> f64 {
        let [a, b, c, d, _, _] = self.0;
        (a * d - b * c).abs().sqrt()
    }
}

fn numbers(s: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<f64>| {
        if !current.is_empty() {
            if let Ok(v) = current.parse() {
                out.push(v);
            }
            current.clear();
        }
    };
    let mut previous = ' ';
    for c in s.chars() {
        let starts_new = (c == '-' || c == '+') && !matches!(previous, 'e' | 'E')
            || (c == '.' && current.contains('.') && !current.contains(['e', 'E']));
        if c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E') {
            if starts_new {
                flush(&mut current, &mut out);
            }
            current.push(c);
        } else {
            flush(&mut current, &mut out);
        }
        previous = c;
    }
    flush(&mut current, &mut out);
    out
}

/// The map an SVG `transform` attribute writes.
fn transform(attr: &str) -> Result<Affine, String> {
    let mut m = Affine::IDENTITY;
    for part in attr.split(')').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, args) = part.split_once('(').ok_or(format!("bad transform `{attr}`"))?;
        let v = numbers(args);
        let step = match (name.trim().trim_start_matches(',').trim(), v.as_slice()) {
            ("translate", [x]) => Affine([1., 0., 0., 1., *x, 0.]),
            ("translate", [x, y]) => Affine([1., 0., 0., 1., *x, *y]),
            ("scale", [s]) => Affine([*s, 0., 0., *s, 0., 0.]),
            ("scale", [x, y]) => Affine([*x, 0., 0., *y, 0., 0.]),
            ("rotate", [r]) if *r == 0. => Affine::IDENTITY,
            ("rotate", [r]) => {
                let (s, c) = r.to_radians().sin_cos();
                Affine([c, s, -s, c, 0., 0.])
            }
            ("matrix", [a, b, c, d, e, f]) => Affine([*a, *b, *c, *d, *e, *f]),
            _ => return Err(format!("unsupported transform `{part})`")),
        };
        m = m.then(step);
    }
    Ok(m)
}

/// The map from a node's coordinates to the viewBox's.
fn ctm(node: roxmltree::Node) -> Result<Affine, String> {
    let mut chain: Vec<roxmltree::Node> = node.ancestors().collect();
    chain.reverse();
    let mut m = Affine::IDENTITY;
    for n in chain {
        if let Some(t) = n.attribute("transform") {
            m = m.then(transform(t)?);
        }
    }
    Ok(m)
}

/// A property given as an attribute or in `style`, on the node or inherited.
fn inherited<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.ancestors().find_map(|n| {
        n.attribute(name).or_else(|| {
            n.attribute("style")?.split(';').find_map(|decl| {
                let (k, v) = decl.split_once(':')?;
                (k.trim() == name).then_some(v.trim())
            })
        })
    })
}

fn length(v: &str, font: f64) -> Option<f64> {
    let v = v.trim();
    if let Some(em) = v.strip_suffix("em") {
        return em.trim().parse::<f64>().ok().map(|e| e * font);
    }
    v.trim_end_matches("px").trim_end_matches("pt").trim().parse().ok()
}

/// A rectangle in viewBox coordinates: x0, y0, x1, y1.
#[derive(Clone, Copy, Debug)]
struct Rect(f64, f64, f64, f64);

impl Rect {
    fn around(points: &[(f64, f64)]) -> Rect {
        let mut r = Rect(f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in points {
            r = Rect(r.0.min(*x), r.1.min(*y), r.2.max(*x), r.3.max(*y));
        }
        r
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.0 + TOUCH < o.2 && o.0 + TOUCH < self.2 && self.1 + TOUCH < o.3 && o.1 + TOUCH < self.3
    }

    /// Whether the segment from `p` to `q` passes through the rectangle's inside
    /// (Liang-Barsky clipping against the rectangle shrunk by `TOUCH`).
    fn crossed_by(&self, p: (f64, f64), q: (f64, f64)) -> bool {
        let (x0, y0, x1, y1) = (self.0 + TOUCH, self.1 + TOUCH, self.2 - TOUCH, self.3 - TOUCH);
        if x0 >= x1 || y0 >= y1 {
            return false;
        }
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let (mut t0, mut t1) = (0f64, 1f64);
        for (pk, qk) in [(-dx, p.0 - x0), (dx, x1 - p.0), (-dy, p.1 - y0), (dy, y1 - p.1)] {
            if pk == 0. {
                if qk < 0. {
                    return false;
                }
            } else {
                let t = qk / pk;
                if pk < 0. {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        t0 < t1
    }
}

/// One line of text with its estimated box.
#[derive(Debug)]
struct Line {
    text: String,
    rect: Rect,
    /// Its height in px when the drawing is printed `PRINT_WIDTH` wide.
    printed_px: f64,
    /// The `<text>` element it belongs to, and the edge group it is in, if any.
    element: usize,
    edge: Option<usize>,
}

/// The polylines of one edge, with the group it belongs to.
#[derive(Debug)]
struct Stroke {
    points: Vec<(f64, f64)>,
    edge: usize,
    what: String,
}

/// What a drawing holds, in viewBox coordinates.
#[derive(Debug)]
struct Geometry {
    view: Rect,
    lines: Vec<Line>,
    strokes: Vec<Stroke>,
}

fn has_class(n: roxmltree::Node, class: &str) -> bool {
    n.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|k| k == class))
}

/// The edge group (`<g class="edge">`) a node is in, by document position.
fn edge_group(n: roxmltree::Node) -> Option<usize> {
    n.ancestors()
        .find(|a| a.has_tag_name("g") && has_class(*a, "edge"))
        .map(|g| g.range().start)
}

fn cubic(p0: (f64, f64), p1: (f64, f64), p2: (f64, f64), p3: (f64, f64), t: f64) -> (f64, f64) {
    let u = 1. - t;
    let (a, b, c, d) = (u * u * u, 3. * u * u * t, 3. * u * t * t, t * t * t);
    (
        a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0,
        a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1,
    )
}

/// The points of a path's `d`, curves sampled finely; each subpath a polyline.
fn path_points(d: &str) -> Result<Vec<Vec<(f64, f64)>>, String> {
    let mut tokens: Vec<(char, Vec<f64>)> = Vec::new();
    let mut rest = d.trim();
    while let Some(c) = rest.chars().next() {
        if !c.is_ascii_alphabetic() {
            return Err(format!("path data does not start with a command: `{d}`"));
        }
        let after = &rest[c.len_utf8()..];
        let end = after
            .find(|ch: char| ch.is_ascii_alphabetic() && ch != 'e' && ch != 'E')
            .unwrap_or(after.len());
        tokens.push((c, numbers(&after[..end])));
        rest = after[end..].trim_start();
    }
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut at = (0., 0.);
    let mut start = (0., 0.);
    let mut current: Vec<(f64, f64)> = Vec::new();
    for (c, v) in tokens {
        let relative = c.is_ascii_lowercase();
        let base = if relative { at } else { (0., 0.) };
        let arity = match c.to_ascii_uppercase() {
            'M' | 'L' => 2,
            'H' | 'V' => 1,
            'C' => 6,
            'Q' => 4,
            'Z' => 0,
            other => return Err(format!("unsupported path command `{other}`")),
        };
        if arity == 0 {
            current.push(start);
            at = start;
            continue;
        }
        if v.is_empty() || v.len() % arity != 0 {
            return Err(format!("path command `{c}` with {} numbers", v.len()));
        }
        for (k, chunk) in v.chunks(arity).enumerate() {
            let base = if relative { at } else { base };
            match (c.to_ascii_uppercase(), chunk) {
                ('M', [x, y]) if k == 0 => {
                    if current.len() > 1 {
                        out.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    at = (base.0 + x, base.1 + y);
                    start = at;
                    current.push(at);
                }
                ('M' | 'L', [x, y]) => {
                    at = (base.0 + x, base.1 + y);
                    current.push(at);
                }
                ('H', [x]) => {
                    at = (if relative { at.0 + x } else { *x }, at.1);
                    current.push(at);
                }
                ('V', [y]) => {
                    at = (at.0, if relative { at.1 + y } else { *y });
                    current.push(at);
                }
                ('C', [x1, y1, x2, y2, x, y]) => {
                    let (p1, p2, p3) = (
                        (base.0 + x1, base.1 + y1),
                        (base.0 + x2, base.1 + y2),
                        (base.0 + x, base.1 + y),
                    );
                    for i in 1..=24 {
                        current.push(cubic(at, p1, p2, p3, f64::from(i) / 24.));
                    }
                    at = p3;
                }
                ('Q', [x1, y1, x, y]) => {
                    let (p1, p2) = ((base.0 + x1, base.1 + y1), (base.0 + x, base.1 + y));
                    for i in 1..=24 {
                        let t = f64::from(i) / 24.;
                        let u = 1. - t;
                        current.push((
                            u * u * at.0 + 2. * u * t * p1.0 + t * t * p2.0,
                            u * u * at.1 + 2. * u * t * p1.1 + t * t * p2.1,
                        ));
                    }
                    at = p2;
                }
                _ => return Err(format!("path command `{c}` with {chunk:?}")),
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    Ok(out)
}

/// Reads a drawing's texts and edges; an SVG this cannot read is a fault.
fn geometry(svg: &str) -> Result<Geometry, String> {
    // Graphviz writes a DOCTYPE naming the SVG 1.1 DTD.
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(svg, options).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    let view = match root.attribute("viewBox") {
        Some(v) => match numbers(v).as_slice() {
            [x, y, w, h] if *w > 0. && *h > 0. => Rect(*x, *y, x + w, y + h),
            _ => return Err(format!("bad viewBox `{v}`")),
        },
        None => {
            let w = root
                .attribute("width")
                .and_then(|v| length(v, 16.))
                .ok_or("no viewBox and no width")?;
            let h = root
                .attribute("height")
                .and_then(|v| length(v, 16.))
                .ok_or("no viewBox and no height")?;
            Rect(0., 0., w, h)
        }
    };
    let px_per_unit = PRINT_WIDTH / (view.2 - view.0);
    let mut lines = Vec::new();
    for (element, text) in doc.descendants().filter(|n| n.has_tag_name("text")).enumerate() {
        let m = ctm(text)?;
        let font = inherited(text, "font-size").and_then(|v| length(v, 16.)).unwrap_or(16.);
        let anchor_of = |n: roxmltree::Node| inherited(n, "text-anchor").unwrap_or("start").to_string();
        let first = |n: roxmltree::Node, a: &str| n.attribute(a).and_then(|v| numbers(v).first().copied());
        let (mut x, mut y) = (first(text, "x").unwrap_or(0.), first(text, "y").unwrap_or(0.));
        let spans: Vec<roxmltree::Node> = text.children().filter(|c| c.has_tag_name("tspan")).collect();
        let mut pieces: Vec<(f64, f64, f64, String, String)> = Vec::new();
        if spans.is_empty() {
            let t: String = text
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            pieces.push((x, y, font, t, anchor_of(text)));
        } else {
            for s in spans {
                let size = inherited(s, "font-size").and_then(|v| length(v, 16.)).unwrap_or(font);
                if let Some(v) = first(s, "x") {
                    x = v;
                }
                match (first(s, "y"), s.attribute("dy")) {
                    (Some(v), _) => y = v,
                    (None, Some(dy)) => y += length(dy, size).ok_or(format!("bad dy `{dy}`"))?,
                    (None, None) => {}
                }
                let t: String = s
                    .descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect();
                pieces.push((x, y, size, t, anchor_of(s)));
            }
        }
        for (x, y, size, t, anchor) in pieces {
            let t = t.trim().to_string();
            if t.is_empty() {
                continue;
            }
            let width = GLYPH_WIDTH * size * t.chars().count() as f64;
            let x0 = match anchor.as_str() {
                "middle" => x - width / 2.,
                "end" => x - width,
                _ => x,
            };
            let corners = [
                (x0, y - ASCENT * size),
                (x0 + width, y - ASCENT * size),
                (x0, y + DESCENT * size),
                (x0 + width, y + DESCENT * size),
            ]
            .map(|p| m.apply(p));
            lines.push(Line {
                text: t,
                rect: Rect::around(&corners),
                printed_px: size * m.scale() * px_per_unit,
                element,
                edge: edge_group(text),
            });
        }
    }
    let mut strokes = Vec::new();
    for n in doc.descendants() {
        let Some(edge) = edge_group(n) else { continue };
        let polylines = match n.tag_name().name() {
            "path" => path_points(n.attribute("d").unwrap_or(""))?,
            "line" => {
                let a = |k| {
                    n.attribute(k)
                        .and_then(|v: &str| v.trim().parse::<f64>().ok())
                        .unwrap_or(0.)
                };
                vec![vec![(a("x1"), a("y1")), (a("x2"), a("y2"))]]
            }
            "polyline" | "polygon" => {
                let v = numbers(n.attribute("points").unwrap_or(""));
                let mut pts: Vec<(f64, f64)> = v.chunks(2).filter_map(|c| Some((*c.first()?, *c.get(1)?))).collect();
                if n.has_tag_name("polygon") {
                    if let Some(p) = pts.first().copied() {
                        pts.push(p);
                    }
                }
                vec![pts]
            }
            "rect" | "circle" | "ellipse" => return Err(format!("an edge holds a <{}>", n.tag_name().name())),
            _ => continue,
        };
        let m = ctm(n)?;
        for points in polylines {
            strokes.push(Stroke {
                points: points.into_iter().map(|p| m.apply(p)).collect(),
                edge,
                what: format!("<{}> of the edge at byte {edge}", n.tag_name().name()),
            });
        }
    }
    Ok(Geometry { view, lines, strokes })
}

// ------------------------------------------------------------------ the checks

fn small_text(g: &Geometry) -> Vec<String> {
    g.lines
        .iter()
        .filter(|l| l.printed_px < LEAST_TEXT_PX - 1e-9)
        .map(|l| format!("`{}` is {:.1} px high at {PRINT_WIDTH} px wide", l.text, l.printed_px))
        .collect()
}

fn too_wide(g: &Geometry) -> Vec<String> {
    let (w, h) = (g.view.2 - g.view.0, g.view.3 - g.view.1);
    if w / h > WIDEST_ASPECT {
        vec![format!("the drawing is {w:.0} by {h:.0}: wider than {WIDEST_ASPECT}:1")]
    } else {
        Vec::new()
    }
}

fn overlapping_text(g: &Geometry) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in g.lines.iter().enumerate() {
        for b in g.lines.iter().skip(i + 1) {
            if a.element != b.element && a.rect.overlaps(&b.rect) {
                out.push(format!("`{}` overlaps `{}`", a.text, b.text));
            }
        }
    }
    out
}

fn edges_through_text(g: &Geometry) -> Vec<String> {
    let mut out = Vec::new();
    for s in &g.strokes {
        for l in g.lines.iter().filter(|l| l.edge != Some(s.edge)) {
            if s.points
                .windows(2)
                .any(|w| matches!(w, [p, q] if l.rect.crossed_by(*p, *q)))
            {
                out.push(format!("the {} runs through `{}`", s.what, l.text));
            }
        }
    }
    out
}

fn edges_outside(g: &Geometry) -> Vec<String> {
    let v = g.view;
    g.strokes
        .iter()
        .filter_map(|s| {
            let p = s
                .points
                .iter()
                .find(|(x, y)| *x < v.0 - TOUCH || *x > v.2 + TOUCH || *y < v.1 - TOUCH || *y > v.3 + TOUCH)?;
            Some(format!(
                "the {} reaches ({:.1}, {:.1}), outside the drawing",
                s.what, p.0, p.1
            ))
        })
        .collect()
}

/// Every fault of a drawing; empty when it is legible.
fn faults(svg: &str) -> Vec<String> {
    match geometry(svg) {
        Err(e) => vec![e],
        Ok(g) => {
            let mut out = Vec::new();
            out.extend(small_text(&g));
            out.extend(too_wide(&g));
            out.extend(overlapping_text(&g));
            out.extend(edges_through_text(&g));
            out.extend(edges_outside(&g));
            out
        }
    }
}

// ------------------------------------------------------------------ the checker can fail

fn svg(width: f64, height: f64, body: &str) -> String {
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">{body}</svg>")
}

const GOOD: &str = "<g class=\"node\"><rect x=\"10\" y=\"10\" width=\"200\" height=\"40\"/><text x=\"110\" y=\"35\" font-size=\"14\" text-anchor=\"middle\">Council</text></g>\
    <g class=\"node\"><rect x=\"10\" y=\"150\" width=\"200\" height=\"40\"/><text x=\"110\" y=\"175\" font-size=\"14\" text-anchor=\"middle\">Commission</text></g>\
    <g class=\"edge\"><path d=\"M110,50 C110,100 110,100 110,150\"/><text x=\"116\" y=\"104\" font-size=\"12\">appoints</text></g>";

#[test]
fn the_checker_passes_a_clean_drawing() {
    assert_eq!(faults(&svg(300., 200., GOOD)), Vec::<String>::new());
}

#[test]
fn the_checker_finds_overlapping_labels() {
    let body = format!("{GOOD}<text x=\"100\" y=\"37\" font-size=\"14\">Parliament</text>");
    let f = faults(&svg(300., 200., &body));
    assert!(
        f.iter()
            .any(|f| f.contains("`Parliament` overlaps `Council`") || f.contains("`Council` overlaps `Parliament`")),
        "{f:?}"
    );
}

#[test]
fn the_checker_finds_overlaps_through_transforms_and_anchors() {
    // The second text sits 300 units away until the group's translate brings it
    // back on top of the first; an end anchor makes it reach leftwards.
    let body = "<text x=\"100\" y=\"50\" font-size=\"14\">Council</text><g transform=\"translate(-300 0)\"><text x=\"460\" y=\"50\" font-size=\"14\" text-anchor=\"end\">Assembly</text></g>";
    let f = faults(&svg(300., 200., body));
    assert!(f.iter().any(|f| f.contains("overlaps")), "{f:?}");
    let apart = "<text x=\"100\" y=\"50\" font-size=\"14\">Council</text><g transform=\"translate(-100 0)\"><text x=\"460\" y=\"50\" font-size=\"14\" text-anchor=\"end\">Assembly</text></g>";
    assert_eq!(faults(&svg(400., 200., apart)), Vec::<String>::new());
}

#[test]
fn the_checker_finds_an_edge_through_text() {
    // A straight edge from above Council down through its name.
    let body = format!("{GOOD}<g class=\"edge\"><path d=\"M40,2 L180,48\"/></g>");
    let f = faults(&svg(300., 200., &body));
    assert!(f.iter().any(|f| f.contains("runs through `Council`")), "{f:?}");
    // A curve bulging through Commission's text, written with relative commands.
    let curve = format!("{GOOD}<g class=\"edge\"><path d=\"M250,120 c0,0 -300,60 0,100\"/></g>");
    let f = faults(&svg(300., 240., &curve));
    assert!(f.iter().any(|f| f.contains("runs through `Commission`")), "{f:?}");
}

#[test]
fn the_checker_finds_an_edge_outside_the_drawing() {
    let body = format!("{GOOD}<g class=\"edge\"><polyline points=\"220,30 320,30 320,170 220,170\"/></g>");
    let f = faults(&svg(300., 200., &body));
    assert!(f.iter().any(|f| f.contains("outside the drawing")), "{f:?}");
}

#[test]
fn the_checker_finds_text_too_small_and_a_drawing_too_wide() {
    // 14 units in a drawing 2,000 wide print at 8.4 px; 2,000 by 500 is 4:1.
    let f = faults(&svg(2000., 500., GOOD));
    assert!(f.iter().any(|f| f.contains("`Council` is 8.4 px")), "{f:?}");
    assert!(f.iter().any(|f| f.contains("wider than 3:1")), "{f:?}");
    // A scale on the group counts: 14 units scaled by 0.5 in a drawing 900 wide.
    let scaled = format!("<g transform=\"scale(0.5)\">{GOOD}</g>");
    let f = faults(&svg(900., 400., &scaled));
    assert!(!f.iter().any(|f| f.contains("`Council` is")), "{f:?}");
    let f = faults(&svg(1100., 400., &scaled));
    assert!(f.iter().any(|f| f.contains("`Council` is 7.6 px")), "{f:?}");
}

// ------------------------------------------------------------------ every bundled drawing

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The stages of a bundled treaty, by the library's own reading.
fn stages(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    let mut sources = treatyc::source::SourceMap::new();
    match treatyc::parse_source(&mut sources, "t.treaty", &bytes).document {
        Some(treatyc::ast::Document::Treaty(t)) => t.stages().map(|s| s.name.name.clone()).collect(),
        _ => panic!("{} is not a treaty", path.display()),
    }
}

/// The history files a treaty's scenarios name (`history "data/x.csv"`).
fn histories(path: &Path) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: Vec<PathBuf> = text
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("history \"")?
                .split('"')
                .next()
                .map(|f| root().join("treaties").join(f))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn dot_installed() -> bool {
    Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success())
}

/// The SVG `treatyc` draws, and what it said on standard error.
fn draw(args: &[String]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_treatyc"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "treatyc {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every drawing the bundled treaties make, as `graph` arguments.
fn drawings() -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for treaty in crate::support::BUNDLED {
        let file = format!("treaties/{treaty}.treaty");
        let path = root().join(&file);
        let mut selections: Vec<Vec<String>> = vec![vec![]];
        for s in stages(&path) {
            selections.push(vec!["--stage".into(), s]);
        }
        for h in histories(&path) {
            let h = h.strip_prefix(root()).unwrap().display().to_string();
            for day in ["1995-01-01", "2020-02-01", "2024-06-30"] {
                selections.push(vec!["--on".into(), day.into(), "--history".into(), h.clone()]);
            }
        }
        for selection in selections {
            for view in [None, Some("appointments"), Some("decisions"), Some("relations")] {
                let mut args = vec!["graph".to_string(), file.clone(), "--format".into(), "svg".into()];
                args.extend(selection.iter().cloned());
                if let Some(v) = view {
                    args.extend(["--view".to_string(), v.to_string()]);
                }
                out.push(args);
            }
        }
    }
    // Comparisons draw removed elements too.
    for (view, against) in [(None, "community"), (Some("decisions"), "community"), (None, "union")] {
        let mut args: Vec<String> = [
            "graph",
            "treaties/wsc.treaty",
            "--format",
            "svg",
            "--stage",
            "federation",
            "--diff-stage",
            against,
        ]
        .map(String::from)
        .to_vec();
        if let Some(v) = view {
            args.extend(["--view".to_string(), v.to_string()]);
        }
        out.push(args);
    }
    out
}

/// Checks every drawing with a layout; returns how many Graphviz's own drawing
/// was set aside for (the built-in layout drew them, and said so).
fn check_every_drawing(layout: &str) -> usize {
    let mut failures = Vec::new();
    let mut set_aside = 0;
    let all = drawings();
    for args in &all {
        let mut args = args.clone();
        args.extend(["--layout".to_string(), layout.to_string()]);
        let (svg, said) = draw(&args);
        if layout == "dot" && said.starts_with("note: Graphviz's drawing is not legible") && said.lines().count() == 1 {
            set_aside += 1;
        } else {
            assert!(said.is_empty(), "treatyc {} said: {said}", args.join(" "));
        }
        for f in faults(&svg) {
            failures.push(format!("treatyc {}: {f}", args.join(" ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} faults in {} drawings:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
    set_aside
}

#[test]
fn every_bundled_drawing_is_legible_with_the_builtin_layout() {
    assert_eq!(check_every_drawing("builtin"), 0);
}

#[test]
fn every_bundled_drawing_is_legible_with_graphviz() {
    if !dot_installed() {
        eprintln!("SKIPPED: Graphviz `dot` is not installed, so its layout was not checked");
        return;
    }
    let set_aside = check_every_drawing("dot");
    let all = drawings().len();
    eprintln!(
        "Graphviz laid out {} of {all} drawings legibly; for the other {set_aside} the built-in layout drew them (a note said so)",
        all - set_aside
    );
    assert!(set_aside < all, "Graphviz never drew legibly: its path is untested");
}

// ------------------------------------------------------------------ plots

/// An axis as the plot draws it, read back from its grid lines: a value's
/// pixel is linear in the value, or in its logarithm on a log axis.
struct AxisMap {
    log: bool,
    /// (value, pixel) of the first and last grid line.
    first: (f64, f64),
    last: (f64, f64),
}

impl AxisMap {
    fn read(doc: &roxmltree::Document, class: &str, attr: &str, log: bool) -> AxisMap {
        let grid: Vec<(f64, f64)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("line") && n.attribute("class") == Some(class))
            .map(|n| {
                (
                    n.attribute("data-value").unwrap().parse().unwrap(),
                    n.attribute(attr).unwrap().parse().unwrap(),
                )
            })
            .collect();
        assert!(grid.len() >= 2, "{class}: fewer than two grid lines");
        // The axis is monotone: values and pixels move together, each way.
        let rising = grid[1].1 > grid[0].1;
        for w in grid.windows(2) {
            assert!(w[1].0 > w[0].0, "{class}: grid values not increasing: {grid:?}");
            assert_eq!(w[1].1 > w[0].1, rising, "{class}: grid pixels not monotone: {grid:?}");
        }
        AxisMap {
            log,
            first: grid[0],
            last: *grid.last().unwrap(),
        }
    }

    fn t(&self, v: f64) -> f64 {
        if self.log {
            v.log10()
        } else {
            v
        }
    }

    fn px(&self, v: f64) -> f64 {
        let (a, b) = (self.t(self.first.0), self.t(self.last.0));
        self.first.1 + (self.t(v) - a) / (b - a) * (self.last.1 - self.first.1)
    }

    fn value(&self, px: f64) -> f64 {
        let (a, b) = (self.t(self.first.0), self.t(self.last.0));
        let t = a + (px - self.first.1) / (self.last.1 - self.first.1) * (b - a);
        if self.log {
            10f64.powf(t)
        } else {
            t
        }
    }
}

/// A plot's geometry: points drawn where their data says, inside the plotting
/// area; each ideal curve through `coefficient * x^exponent` at every vertex
/// the area does not clip; legible text. Returns each curve by name with its
/// coefficient and exponent, and each point's data.
/// A name with two figures: a curve's coefficient and exponent, a point's x and y.
pub(crate) type Named = Vec<(String, f64, f64)>;

pub(crate) fn check_plot(svg: &str) -> (Named, Named) {
    let faults = faults(svg);
    assert!(faults.is_empty(), "{faults:?}");
    let doc = roxmltree::Document::parse(svg).unwrap();
    let text = |n: roxmltree::Node| n.text().unwrap_or("").to_string();
    let titles: Vec<String> = doc.descendants().filter(|n| n.has_tag_name("text")).map(text).collect();
    let x_log = titles
        .iter()
        .any(|t| t.starts_with("population (log") || t.starts_with("share of") && t.ends_with("(log scale)"));
    let y_log = titles
        .iter()
        .any(|t| (t.starts_with("seats") || t.ends_with("index (log scale)")) && t.ends_with("(log scale)"));
    let xs = AxisMap::read(&doc, "grid x", "x1", x_log);
    let ys = AxisMap::read(&doc, "grid y", "y1", y_log);
    let area = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("plot-area"))
        .unwrap();
    let f = |n: roxmltree::Node, a: &str| -> f64 { n.attribute(a).unwrap().parse().unwrap() };
    let (left, top) = (f(area, "x"), f(area, "y"));
    let (right, bottom) = (left + f(area, "width"), top + f(area, "height"));
    let mut points = Vec::new();
    for c in doc.descendants().filter(|n| n.attribute("class") == Some("point")) {
        let (cx, cy) = (f(c, "cx"), f(c, "cy"));
        let id = c.attribute("data-id").unwrap().to_string();
        assert!(
            cx > left && cx < right && cy > top && cy < bottom,
            "{id} at ({cx}, {cy}) outside the plotting area"
        );
        let (x, y) = (f(c, "data-x"), f(c, "data-y"));
        assert!(
            (xs.px(x) - cx).abs() < 0.02,
            "{id}: x {x} drawn at {cx}, expected {}",
            xs.px(x)
        );
        assert!(
            (ys.px(y) - cy).abs() < 0.02,
            "{id}: y {y} drawn at {cy}, expected {}",
            ys.px(y)
        );
        points.push((id, x, y));
    }
    assert!(!points.is_empty());
    let mut curves = Vec::new();
    for p in doc.descendants().filter(|n| n.attribute("class") == Some("ideal")) {
        let name = p.attribute("data-name").unwrap().to_string();
        let (k, e) = (f(p, "data-coefficient"), f(p, "data-exponent"));
        let vertices: Vec<(f64, f64)> = p
            .attribute("points")
            .unwrap()
            .split_whitespace()
            .map(|xy| {
                let (x, y) = xy.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        assert!(vertices.len() > 10, "{name}: too few vertices");
        let mut drawn = 0;
        for (px, py) in vertices {
            assert!(px >= left - 0.01 && px <= right + 0.01 && py >= top - 0.01 && py <= bottom + 0.01);
            let expected = ys.px(k * xs.value(px).powf(e));
            if expected > top && expected < bottom {
                assert!(
                    (expected - py).abs() < 0.05,
                    "{name}: at x px {px}, y {py}, expected {expected}"
                );
                drawn += 1;
            }
        }
        assert!(drawn > 0, "{name}: clipped away entirely");
        curves.push((name, k, e));
    }
    (curves, points)
}

/// Runs `treatyc` with `--plot` into a file of its own, and returns the SVG.
fn plotted(args: &[&str], name: &str) -> String {
    let path = std::env::temp_dir().join(format!("treatyc-plot-{}-{name}.svg", std::process::id()));
    let mut full: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    full.push("--plot".to_string());
    full.push(path.display().to_string());
    draw(&full);
    let svg = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    svg
}

#[test]
fn the_seats_plot_draws_the_square_root_ideal_through_each_quota() {
    let args = [
        "apportion",
        "treaties/wsc.treaty",
        "--stage",
        "federation",
        "--body",
        "WorldParliament",
        "--facts",
        "treaties/data/wsc_parties_population.csv",
    ];
    let svg = plotted(&args, "wsc");
    // The same input, the same bytes.
    assert_eq!(svg, plotted(&args, "wsc-again"));
    let (curves, points) = check_plot(&svg);
    assert_eq!(points.len(), 10);
    let root = curves.iter().find(|c| c.0.contains("square root")).unwrap();
    assert_eq!(root.2, 0.5);
    // India's Penrose quota, as `apportion` prints it: 317.4188.
    let (_, population, seats) = points.iter().find(|p| p.0 == "IND").unwrap();
    assert_eq!((*population, *seats), (1_438_069_596., 318.));
    assert!((root.1 * population.sqrt() - 317.4188).abs() < 0.001);
    // The proportional ideal gives every state its standard quota: India's
    // share of the 1000 seats is its share of the population.
    let proportional = curves
        .iter()
        .find(|c| c.0.contains("proportional to population"))
        .unwrap();
    assert!((proportional.1 * population - 1000. * 1_438_069_596. / 2_296_984_277.).abs() < 1e-6);
}

#[test]
fn the_seats_plot_of_fifty_states_is_legible() {
    let svg = plotted(
        &[
            "apportion",
            "--facts",
            "tests/data/us_apportionment_2020.csv",
            "--seats",
            "435",
            "--method",
            "huntington-hill",
            "--min",
            "1",
        ],
        "house",
    );
    let (curves, points) = check_plot(&svg);
    assert_eq!(points.len(), 50);
    assert_eq!(curves.len(), 2);
}

#[test]
fn the_power_plot_draws_penroses_law_and_proportionality() {
    let svg = plotted(
        &[
            "power",
            "treaties/eu-council.treaty",
            "--facts",
            "treaties/data/eu_council_population.csv",
            "--body",
            "Council",
            "--decision",
            "ordinary",
            "--proposed-by",
            "Commission",
            "--index",
            "banzhaf",
        ],
        "eu",
    );
    let (curves, points) = check_plot(&svg);
    assert_eq!(points.len(), 27);
    // Shares of the population add up to one, and so do the indices.
    let shares: f64 = points.iter().map(|p| p.1).sum();
    let power: f64 = points.iter().map(|p| p.2).sum();
    assert!((shares - 1.).abs() < 1e-9 && (power - 1.).abs() < 1e-9);
    let proportional = curves.iter().find(|c| c.2 == 1.).unwrap();
    assert_eq!(proportional.1, 1.);
    // Penrose's curve gives the square-root shares, which add up to one too.
    let root = curves.iter().find(|c| c.2 == 0.5).unwrap();
    let total: f64 = points.iter().map(|p| root.1 * p.1.sqrt()).sum();
    assert!((total - 1.).abs() < 1e-9);
}

#[test]
fn a_plot_never_overwrites_an_input() {
    let facts = root().join("treaties/data/wsc_parties_population.csv");
    let before = std::fs::read(&facts).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_treatyc"))
        .current_dir(root())
        .args([
            "apportion",
            "--facts",
            "treaties/data/wsc_parties_population.csv",
            "--seats",
            "100",
            "--method",
            "webster",
            "--plot",
            "treaties/data/wsc_parties_population.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0909"));
    assert_eq!(std::fs::read(&facts).unwrap(), before);
}
