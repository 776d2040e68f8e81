//! Scatter plots as SVG: seats against population (`apportion --plot`), power
//! against weight (`power --plot`), and the same in `treatyc doc`'s pages.
//!
//! One point per member, each labelled where its label fits, and the ideal
//! curves the figures are judged against (seats or power proportional to the
//! weight, or to its square root: `y = coefficient * x^exponent`). Both axes are
//! logarithmic when every value is positive and they span more than a factor of
//! twenty, since a world's populations run from a million to a billion and a
//! linear axis would crowd all but the largest into a corner; on such axes a
//! power law is a straight line. The same plot gives the same bytes: numbers are
//! written to two places and points drawn in the order given.

use std::fmt::Write;

/// The picture's size in user units: legible when a report prints it 1,200 px
/// wide (14 px text becomes 21 px) and 650 px wide in a page (11 px).
pub const WIDTH: f64 = 800.;
pub const HEIGHT: f64 = 560.;
/// The plotting area, inside the axes.
pub const LEFT: f64 = 96.;
pub const RIGHT: f64 = 770.;
pub const TOP: f64 = 56.;
pub const BOTTOM: f64 = 470.;
const FONT: f64 = 14.;

/// What a plot shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    pub title: String,
    pub x: AxisSpec,
    pub y: AxisSpec,
    pub points: Vec<Point>,
    pub curves: Vec<Curve>,
}

/// An axis: its title and how its values read.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisSpec {
    pub title: String,
    pub unit: Unit,
}

/// How an axis's tick values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// People, seats: `200k`, `1.5M`, `1bn`.
    Count,
    /// A share of one: `12.5%`.
    Share,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub id: String,
    pub x: f64,
    pub y: f64,
}

/// `y = coefficient * x^exponent`, drawn over the points' range of x.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub name: String,
    pub coefficient: f64,
    pub exponent: f64,
    /// The curve the figures are meant to follow is drawn solid; others dashed.
    pub main: bool,
}

impl Curve {
    pub fn at(&self, x: f64) -> f64 {
        self.coefficient * x.powf(self.exponent)
    }
}

/// One axis as drawn: its range, and whether it is logarithmic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    pub log: bool,
    /// The pixel range, `from` at `min`.
    pub from: f64,
    pub to: f64,
}

impl Scale {
    /// A scale covering `values`, padded so that no point sits on an axis.
    fn covering(values: &[f64], from: f64, to: f64) -> Scale {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0., 1.) };
        if lo > 0. && hi / lo > 20. {
            // Round values (1, 2 or 5 times a power of ten) around the data.
            let min = round_below(lo);
            let max = round_above(hi);
            return Scale {
                min,
                max,
                log: true,
                from,
                to,
            };
        }
        let lo = lo.min(0.);
        let span = if hi > lo { hi - lo } else { 1. };
        let step = nice_step(span / 5.);
        Scale {
            min: (lo / step).floor() * step,
            max: ((hi + span * 0.05) / step).ceil() * step,
            log: false,
            from,
            to,
        }
    }

    /// The pixel of a value.
    pub fn px(&self, v: f64) -> f64 {
        let t = if self.log {
            (v.max(f64::MIN_POSITIVE).log10() - self.min.log10()) / (self.max.log10() - self.min.log10())
        } else {
            (v - self.min) / (self.max - self.min)
        };
        self.from + t * (self.to - self.from)
    }

    /// The value at a pixel (the inverse of `px`).
    pub fn value(&self, px: f64) -> f64 {
        let t = (px - self.from) / (self.to - self.from);
        if self.log {
            10f64.powf(self.min.log10() + t * (self.max.log10() - self.min.log10()))
        } else {
            self.min + t * (self.max - self.min)
        }
    }

    /// The values to mark: each power of ten (and 2 and 5 times it when the
    /// range is short), or round steps.
    fn ticks(&self) -> Vec<f64> {
        if self.log {
            let decades = self.max.log10() - self.min.log10();
            let multiples: &[f64] = if decades <= 3. { &[1., 2., 5.] } else { &[1.] };
            let mut out = Vec::new();
            let mut decade = 10f64.powf(self.min.log10().floor());
            while decade <= self.max * 1.000_001 {
                for m in multiples {
                    let v = decade * m;
                    if v >= self.min * 0.999_999 && v <= self.max * 1.000_001 {
                        out.push(v);
                    }
                }
                decade *= 10.;
            }
            return out;
        }
        let step = nice_step((self.max - self.min) / 5.);
        let mut out = Vec::new();
        let mut k = (self.min / step).round();
        while k * step <= self.max + step * 1e-9 {
            out.push(k * step);
            k += 1.;
        }
        out
    }
}

/// The largest of 1, 2 and 5 times a power of ten at or below `v` (positive).
fn round_below(v: f64) -> f64 {
    let decade = 10f64.powf(v.log10().floor());
    [5., 2., 1.]
        .iter()
        .map(|m| m * decade)
        .find(|r| *r <= v * 1.000_001)
        .unwrap_or(decade)
}

/// The smallest of 1, 2 and 5 times a power of ten at or above `v` (positive).
fn round_above(v: f64) -> f64 {
    let decade = 10f64.powf(v.log10().floor());
    [1., 2., 5., 10.]
        .iter()
        .map(|m| m * decade)
        .find(|r| *r >= v * 0.999_999)
        .unwrap_or(10. * decade)
}

/// The step of 1, 2 or 5 times a power of ten nearest above `raw`.
fn nice_step(raw: f64) -> f64 {
    if raw <= 0. || !raw.is_finite() {
        return 1.;
    }
    let decade = 10f64.powf(raw.log10().floor());
    [1., 2., 5., 10.]
        .iter()
        .map(|m| m * decade)
        .find(|s| *s >= raw)
        .unwrap_or(10. * decade)
}

/// A tick value for people to read.
pub fn label(v: f64, unit: Unit) -> String {
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    match unit {
        Unit::Share => format!("{}%", trim(format!("{:.3}", v * 100.))),
        Unit::Count => {
            let a = v.abs();
            if a >= 1e9 {
                format!("{}bn", trim(format!("{:.2}", v / 1e9)))
            } else if a >= 1e6 {
                format!("{}M", trim(format!("{:.2}", v / 1e6)))
            } else if a >= 1e4 {
                format!("{}k", trim(format!("{:.2}", v / 1e3)))
            } else {
                trim(format!("{v:.2}"))
            }
        }
    }
}

/// The scales a plot is drawn on.
pub fn scales(plot: &Plot) -> (Scale, Scale) {
    let xs: Vec<f64> = plot.points.iter().map(|p| p.x).collect();
    let mut ys: Vec<f64> = plot.points.iter().map(|p| p.y).collect();
    let (x_lo, x_hi) = range(&xs);
    // The curves are seen over the points' range, so the y axis holds them too.
    for c in &plot.curves {
        ys.push(c.at(x_lo));
        ys.push(c.at(x_hi));
    }
    (Scale::covering(&xs, LEFT, RIGHT), Scale::covering(&ys, BOTTOM, TOP))
}

fn range(values: &[f64]) -> (f64, f64) {
    let lo = values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    let hi = values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    if lo.is_finite() {
        (lo, hi)
    } else {
        (0., 1.)
    }
}

/// Escapes text for SVG.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The plot as a standalone SVG document.
pub fn svg(plot: &Plot) -> String {
    let (xs, ys) = scales(plot);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="{FONT}" role="img" aria-label="{}">"#,
        escape(&plot.title)
    );
    let _ = writeln!(
        out,
        r##"<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        out,
        r#"<text x="{:.2}" y="28" text-anchor="middle" font-size="17" font-weight="bold">{}</text>"#,
        WIDTH / 2.,
        escape(&plot.title)
    );
    // The plotting area: its frame is what the points and curves stay inside.
    let _ = writeln!(
        out,
        r##"<rect class="plot-area" x="{LEFT}" y="{TOP}" width="{:.2}" height="{:.2}" fill="none" stroke="#444444"/>"##,
        RIGHT - LEFT,
        BOTTOM - TOP
    );
    for v in xs.ticks() {
        let x = xs.px(v);
        let _ = writeln!(
            out,
            r##"<line class="grid x" data-value="{v}" x1="{x:.2}" y1="{TOP}" x2="{x:.2}" y2="{BOTTOM}" stroke="#e4e4e4"/>"##
        );
        let _ = writeln!(
            out,
            r#"<text class="tick x" data-value="{v}" x="{x:.2}" y="{:.2}" text-anchor="middle">{}</text>"#,
            BOTTOM + 20.,
            label(v, plot.x.unit)
        );
    }
    for v in ys.ticks() {
        let y = ys.px(v);
        let _ = writeln!(
            out,
            r##"<line class="grid y" data-value="{v}" x1="{LEFT}" y1="{y:.2}" x2="{RIGHT}" y2="{y:.2}" stroke="#e4e4e4"/>"##
        );
        let _ = writeln!(
            out,
            r#"<text class="tick y" data-value="{v}" x="{:.2}" y="{:.2}" text-anchor="end">{}</text>"#,
            LEFT - 8.,
            y + 4.,
            label(v, plot.y.unit)
        );
    }
    let scale_word = |s: &Scale| if s.log { " (log scale)" } else { "" };
    let _ = writeln!(
        out,
        r#"<text x="{:.2}" y="{:.2}" text-anchor="middle">{}{}</text>"#,
        (LEFT + RIGHT) / 2.,
        BOTTOM + 48.,
        escape(&plot.x.title),
        scale_word(&xs)
    );
    let _ = writeln!(
        out,
        r#"<text x="0" y="0" text-anchor="middle" transform="translate(22 {:.2}) rotate(-90)">{}{}</text>"#,
        (TOP + BOTTOM) / 2.,
        escape(&plot.y.title),
        scale_word(&ys)
    );
    let (x_lo, x_hi) = range(&plot.points.iter().map(|p| p.x).collect::<Vec<_>>());
    let palette = ["#1f5fa8", "#b4531a", "#2f7d32"];
    for (i, c) in plot.curves.iter().enumerate() {
        let colour = palette.get(i % palette.len()).copied().unwrap_or("#1f5fa8");
        let mut points = Vec::new();
        // Sampled evenly on the axis as drawn, so that a curve is smooth on either scale.
        for k in 0..=64 {
            let px = xs.px(x_lo) + (xs.px(x_hi) - xs.px(x_lo)) * f64::from(k) / 64.;
            let x = xs.value(px);
            let y = ys.px(c.at(x)).clamp(TOP, BOTTOM);
            points.push(format!("{px:.2},{y:.2}"));
        }
        let _ = writeln!(
            out,
            r#"<polyline class="ideal" data-name="{}" data-coefficient="{}" data-exponent="{}" points="{}" fill="none" stroke="{colour}" stroke-width="{}"{}/>"#,
            escape(&c.name),
            c.coefficient,
            c.exponent,
            points.join(" "),
            if c.main { "2" } else { "1.5" },
            if c.main { "" } else { r#" stroke-dasharray="6 4""# }
        );
    }
    // The legend, in the top left corner of the plotting area.
    let mut ly = TOP + 18.;
    for (i, c) in plot.curves.iter().enumerate() {
        let colour = palette.get(i % palette.len()).copied().unwrap_or("#1f5fa8");
        let _ = writeln!(
            out,
            r#"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="{colour}" stroke-width="2"{}/>"#,
            LEFT + 10.,
            ly - 4.,
            LEFT + 34.,
            ly - 4.,
            if c.main { "" } else { r#" stroke-dasharray="6 4""# }
        );
        let _ = writeln!(
            out,
            r#"<text class="legend" x="{:.2}" y="{ly:.2}">{}</text>"#,
            LEFT + 40.,
            escape(&c.name)
        );
        ly += 18.;
    }
    // Points, then labels where they fit: a label that would cover another
    // label, the legend or leave the area is left out (the point keeps its
    // tooltip).
    let mut taken: Vec<(f64, f64, f64, f64)> = plot
        .curves
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let y = TOP + 18. + 18. * i as f64;
            (
                LEFT + 8.,
                y - FONT,
                LEFT + 40. + 0.6 * FONT * c.name.chars().count() as f64,
                y + 4.,
            )
        })
        .collect();
    // Every point is no place for a label.
    taken.extend(plot.points.iter().map(|p| {
        let (x, y) = (xs.px(p.x), ys.px(p.y));
        (x - 4., y - 4., x + 4., y + 4.)
    }));
    let mut labels = String::new();
    for p in &plot.points {
        let (x, y) = (xs.px(p.x), ys.px(p.y));
        let _ = writeln!(
            out,
            r##"<circle class="point" data-id="{}" data-x="{}" data-y="{}" cx="{x:.2}" cy="{y:.2}" r="4" fill="#222222"><title>{}: {}, {}</title></circle>"##,
            escape(&p.id),
            p.x,
            p.y,
            escape(&p.id),
            label(p.x, plot.x.unit),
            label(p.y, plot.y.unit)
        );
        let w = 0.6 * FONT * p.id.chars().count() as f64;
        let candidates = [
            (x + 6., y - 6.),
            (x + 6., y + 14.),
            (x - 6. - w, y - 6.),
            (x - 6. - w, y + 14.),
        ];
        for (lx, ly) in candidates {
            let bx = (lx, ly - 0.85 * FONT, lx + w, ly + 0.25 * FONT);
            let inside = bx.0 >= LEFT + 2. && bx.2 <= RIGHT - 2. && bx.1 >= TOP + 2. && bx.3 <= BOTTOM - 2.;
            let free = taken
                .iter()
                .all(|t| bx.2 <= t.0 || bx.0 >= t.2 || bx.3 <= t.1 || bx.1 >= t.3);
            if inside && free {
                taken.push(bx);
                let _ = writeln!(
                    labels,
                    r#"<text class="label" x="{lx:.2}" y="{ly:.2}">{}</text>"#,
                    escape(&p.id)
                );
                break;
            }
        }
    }
    out.push_str(&labels);
    out.push_str("</svg>\n");
    out
}

/// Seats against population: each state's seats, the proportional ideal
/// (its standard quota) and the square-root one (Penrose's), the method's own
/// solid.
pub fn seats(title: &str, states: &[(String, u64, u64)], square_root_main: bool) -> Plot {
    let total_pop: f64 = states.iter().map(|s| s.1 as f64).sum();
    let total_seats: f64 = states.iter().map(|s| s.2 as f64).sum();
    let root_sum: f64 = states.iter().map(|s| (s.1 as f64).sqrt()).sum();
    let mut curves = Vec::new();
    if total_pop > 0. {
        curves.push(Curve {
            name: "proportional to population".to_string(),
            coefficient: total_seats / total_pop,
            exponent: 1.,
            main: !square_root_main,
        });
    }
    if root_sum > 0. {
        curves.push(Curve {
            name: "proportional to its square root (Penrose)".to_string(),
            coefficient: total_seats / root_sum,
            exponent: 0.5,
            main: square_root_main,
        });
    }
    Plot {
        title: title.to_string(),
        x: AxisSpec {
            title: "population".to_string(),
            unit: Unit::Count,
        },
        y: AxisSpec {
            title: "seats".to_string(),
            unit: Unit::Count,
        },
        points: states
            .iter()
            .map(|(id, p, s)| Point {
                id: id.clone(),
                x: *p as f64,
                y: *s as f64,
            })
            .collect(),
        curves,
    }
}

/// Power against weight: each member's power index against its share of the
/// weight, with power proportional to the weight and, for a weight that counts
/// people (`people`), to its square root (Penrose's law: every citizen's
/// indirect power equal), the curve then judged against. A weight that does
/// not count people (votes, quotas) has no square-root law: power proportional
/// to it is the ideal, drawn alone.
pub fn power(title: &str, index: &str, weight: &str, members: &[(String, f64, f64)], people: bool) -> Plot {
    let root_sum: f64 = members.iter().map(|m| m.1.sqrt()).sum();
    let mut curves = vec![Curve {
        name: format!("power proportional to {weight}"),
        coefficient: 1.,
        exponent: 1.,
        main: !people,
    }];
    if people && root_sum > 0. {
        curves.push(Curve {
            name: "proportional to its square root (Penrose: citizens equal)".to_string(),
            coefficient: 1. / root_sum,
            exponent: 0.5,
            main: true,
        });
    }
    Plot {
        title: title.to_string(),
        x: AxisSpec {
            title: format!("share of {weight}"),
            unit: Unit::Share,
        },
        y: AxisSpec {
            title: format!("{index} index"),
            unit: Unit::Share,
        },
        points: members
            .iter()
            .map(|(id, w, p)| Point {
                id: id.clone(),
                x: *w,
                y: *p,
            })
            .collect(),
        curves,
    }
}

/// Each member's power index (`members`, as `power` gives them) against its
/// share of `fact` among the players (`power --plot`, and the site's bodies),
/// titled `title`. A player without the fact (an elected seat not yet held) is
/// not drawn, and the title says so; none with a positive one is an error.
pub fn power_of(
    title: &str,
    index: &str,
    members: &[crate::power::Value],
    facts: &crate::eval::Facts,
    fact: &str,
    people: bool,
) -> Result<Plot, crate::diagnostics::Problem> {
    let weight = |id: &str| {
        facts
            .get(id)
            .and_then(|f| f.get(fact))
            .map(|r| r.num as f64 / r.den as f64)
    };
    let total: f64 = members.iter().filter_map(|m| weight(&m.id)).sum();
    if total <= 0. {
        return Err(crate::diagnostics::Problem::new(
            crate::diagnostics::Code::E0910,
            format!("no member has a positive `{fact}` to plot the power against"),
        )
        .with_help("give `--facts` with the column, or name another with `--plot-by FACT`"));
    }
    let drawn: Vec<(String, f64, f64)> = members
        .iter()
        .filter_map(|m| Some((m.id.clone(), weight(&m.id)? / total, m.value)))
        .collect();
    let left_out = members.len() - drawn.len();
    let mut title = title.to_string();
    if left_out > 0 {
        let players = if left_out == 1 { "player" } else { "players" };
        title.push_str(&format!(" ({left_out} {players} without {fact} not drawn)"));
    }
    Ok(power(&title, index, fact, &drawn, people))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_as_people_and_shares() {
        assert_eq!(label(1.5e6, Unit::Count), "1.5M");
        assert_eq!(label(1e9, Unit::Count), "1bn");
        assert_eq!(label(200_000., Unit::Count), "200k");
        assert_eq!(label(12., Unit::Count), "12");
        assert_eq!(label(0.125, Unit::Share), "12.5%");
    }

    #[test]
    fn a_wide_range_is_drawn_on_whole_decades() {
        let s = Scale::covering(&[1.3e6, 1.4e9], LEFT, RIGHT);
        assert!(s.log);
        assert_eq!((s.min, s.max), (1e6, 2e9));
        assert!((s.px(1e6) - LEFT).abs() < 1e-9 && (s.px(2e9) - RIGHT).abs() < 1e-9);
        assert!((s.value(s.px(3.7e7)) - 3.7e7).abs() < 1.);
    }
}
