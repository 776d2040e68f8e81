//! A layered layout for the SVG drawings, written so that its pictures stay
//! legible: boxes are sized to their text, no box or label shares a band's
//! width with another, and edges run only where no text is.
//!
//! The method is Sugiyama's, with the label of an edge as a box of its own:
//! nodes are put in layers (cycles broken by drawing some edges upward), a layer
//! wider than the drawing may be is split in two, and each layer becomes a band
//! of the picture with a band between two layers for the labels and for the
//! edges passing through. Within a band boxes are ordered to cross few edges
//! and placed as near their neighbours as the order allows (an isotonic
//! regression, solved exactly). An edge leaves its source's bottom border,
//! crosses the gaps between bands as a curve, and passes through a band only in
//! a column reserved for it (beside its label), so it crosses no text.

use std::collections::{BTreeMap, BTreeSet};

/// A box to place: its width and height.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub w: f64,
    pub h: f64,
}

/// An edge to route between two boxes, with the size of its label if it has one.
#[derive(Debug, Clone)]
pub struct Link {
    pub from: usize,
    pub to: usize,
    pub label: Option<Size>,
}

/// Where an edge runs: the path's points (a curve between bands, straight within
/// them), where its label goes (top-left corner), and which end has the arrow.
#[derive(Debug, Clone)]
pub struct Route {
    /// Points in order from the edge's source to its target; consecutive points
    /// in different bands are joined by a vertical S-curve, others by a line.
    pub points: Vec<(f64, f64)>,
    /// Whether consecutive points `i` and `i+1` are joined by a curve.
    pub curved: Vec<bool>,
    pub label_at: Option<(f64, f64)>,
}

/// The placed picture: each box's top-left corner and each edge's route.
#[derive(Debug, Clone)]
pub struct Placement {
    pub boxes: Vec<(f64, f64)>,
    pub routes: Vec<Route>,
    pub width: f64,
    pub height: f64,
}

/// Horizontal space between neighbours in a band.
const GAP: f64 = 18.;
/// The width a passing edge reserves in a band.
const LANE: f64 = 10.;
/// Where an edge runs beside its label: the label starts this far to its right.
pub const LABEL_OFFSET: f64 = 6.;
/// The least vertical space between two bands, where edges cross over.
const CROSSING: f64 = 26.;

/// What occupies a place in a band: a box, a passing edge, or an edge's label.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Node(usize),
    /// Edge `k` passes through; with its label here when `true`.
    Lane(usize, bool),
}

struct Band {
    slots: Vec<Slot>,
}

/// Places boxes and routes edges; `max_width` is the width a layer may fill
/// before it is split. Self-loops are not drawn (the caller words them).
pub fn place(sizes: &[Size], links: &[Link], max_width: f64) -> Placement {
    let n = sizes.len();
    // The edges kept, each downward after breaking cycles: (upper, lower, index, reversed).
    let mut down: Vec<(usize, usize, usize, bool)> = Vec::new();
    let reversed = feedback_edges(n, links);
    for (k, l) in links.iter().enumerate() {
        if l.from == l.to || l.from >= n || l.to >= n {
            continue;
        }
        if reversed.contains(&k) {
            down.push((l.to, l.from, k, true));
        } else {
            down.push((l.from, l.to, k, false));
        }
    }
    let label_widths: Vec<Option<f64>> = links.iter().map(|l| l.label.map(|z| z.w)).collect();
    let layer = layers(n, &down, sizes, &label_widths, max_width);
    let layer_count = layer.iter().copied().max().map_or(0, |m| m + 1);
    // Bands: layer L is band 2L; band 2L+1 lies between layers L and L+1.
    let band_count = (2 * layer_count).saturating_sub(1).max(1);
    let mut bands: Vec<Band> = (0..band_count).map(|_| Band { slots: Vec::new() }).collect();
    for v in 0..n {
        if let Some(b) = layer.get(v).and_then(|l| bands.get_mut(2 * l)) {
            b.slots.push(Slot::Node(v));
        }
    }
    // Each kept edge's chain of slots, band by band.
    let mut chains: BTreeMap<usize, (usize, usize, bool)> = BTreeMap::new();
    for &(u, v, k, rev) in &down {
        let (Some(&lu), Some(&lv)) = (layer.get(u), layer.get(v)) else {
            continue;
        };
        let (top, bottom) = (2 * lu, 2 * lv);
        let has_label = links.get(k).is_some_and(|l| l.label.is_some());
        for band in top + 1..bottom {
            if let Some(b) = bands.get_mut(band) {
                // The label sits in the band just above the edge's lower end.
                b.slots.push(Slot::Lane(k, has_label && band + 1 == bottom));
            }
        }
        chains.insert(k, (u, v, rev));
    }
    let width_of = |s: Slot| match s {
        Slot::Node(v) => sizes.get(v).map_or(0., |z| z.w),
        Slot::Lane(k, true) => links
            .get(k)
            .and_then(|l| l.label)
            .map_or(LANE, |z| z.w + LABEL_OFFSET + 2.),
        Slot::Lane(_, false) => LANE,
    };
    let height_of = |s: Slot| match s {
        Slot::Node(v) => sizes.get(v).map_or(0., |z| z.h),
        Slot::Lane(k, true) => links.get(k).and_then(|l| l.label).map_or(0., |z| z.h),
        Slot::Lane(_, false) => 0.,
    };
    order(&mut bands, &chains, &layer);
    let xs = positions(&bands, &chains, &layer, &width_of);
    // Bands top to bottom; each band's height is its tallest slot.
    let heights: Vec<f64> = bands
        .iter()
        .map(|b| b.slots.iter().map(|s| height_of(*s)).fold(0., f64::max))
        .collect();
    let centre = |band: usize, s: Slot| -> f64 {
        bands
            .get(band)
            .and_then(|b| b.slots.iter().position(|t| *t == s))
            .and_then(|i| xs.get(band).and_then(|row| row.get(i)).copied())
            .unwrap_or(0.)
    };
    // The space between band i and i+1 grows with how far edges cross sideways.
    let mut tops = Vec::with_capacity(bands.len());
    let mut y = 0.;
    for (i, h) in heights.iter().enumerate() {
        tops.push(y);
        y += h;
        let widest_step = chains
            .iter()
            .filter_map(|(k, (u, v, _))| {
                let (a, b) = (
                    chain_x(*k, *u, *v, i, &bands, &xs, &layer),
                    chain_x(*k, *u, *v, i + 1, &bands, &xs, &layer),
                );
                Some((a? - b?).abs())
            })
            .fold(0., f64::max);
        y += CROSSING.max((widest_step * 0.12).min(90.));
    }
    let height = tops.last().copied().unwrap_or(0.) + heights.last().copied().unwrap_or(0.);
    let mut boxes = vec![(0., 0.); n];
    for (band, b) in bands.iter().enumerate() {
        for s in &b.slots {
            if let Slot::Node(v) = s {
                let w = sizes.get(*v).map_or(0., |z| z.w);
                if let (Some(slot), Some(top)) = (boxes.get_mut(*v), tops.get(band)) {
                    *slot = (centre(band, *s) - w / 2., *top);
                }
            }
        }
    }
    // Ports: edges leaving a box spread along its bottom, ordered by where they
    // go; edges arriving spread along its top, ordered by where they come from.
    let mut bottom_ports: BTreeMap<usize, Vec<(f64, usize)>> = BTreeMap::new();
    let mut top_ports: BTreeMap<usize, Vec<(f64, usize)>> = BTreeMap::new();
    for (k, (u, v, _)) in &chains {
        let (Some(&lu), Some(&lv)) = (layer.get(*u), layer.get(*v)) else {
            continue;
        };
        let next = centre(2 * lu + 1, Slot::Lane(*k, 2 * lu + 2 == 2 * lv && has_label(links, *k)));
        let prev = centre(2 * lv - 1, Slot::Lane(*k, has_label(links, *k)));
        bottom_ports.entry(*u).or_default().push((next, *k));
        top_ports.entry(*v).or_default().push((prev, *k));
    }
    let spread = |ports: &mut BTreeMap<usize, Vec<(f64, usize)>>| -> BTreeMap<usize, f64> {
        let mut at = BTreeMap::new();
        for (v, list) in ports.iter_mut() {
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let (left, w) = boxes
                .get(*v)
                .map_or((0., 0.), |(x, _)| (*x, sizes.get(*v).map_or(0., |z| z.w)));
            let count = list.len() as f64;
            for (i, (_, k)) in list.iter().enumerate() {
                at.insert(*k, left + w * (0.25 + 0.5 * (i as f64 + 0.5) / count));
            }
        }
        at
    };
    let out_x = spread(&mut bottom_ports);
    let in_x = spread(&mut top_ports);
    let mut routes: Vec<Route> = links
        .iter()
        .map(|_| Route {
            points: Vec::new(),
            curved: Vec::new(),
            label_at: None,
        })
        .collect();
    for (k, (u, v, rev)) in &chains {
        let (Some(&lu), Some(&lv)) = (layer.get(*u), layer.get(*v)) else {
            continue;
        };
        let mut points = Vec::new();
        let mut curved = Vec::new();
        let start_x = out_x.get(k).copied().unwrap_or(0.);
        let (_, utop) = boxes.get(*u).copied().unwrap_or((0., 0.));
        let uh = sizes.get(*u).map_or(0., |z| z.h);
        let band_bottom =
            |band: usize| tops.get(band).copied().unwrap_or(0.) + heights.get(band).copied().unwrap_or(0.);
        points.push((start_x, utop + uh));
        if band_bottom(2 * lu) > utop + uh + 0.01 {
            points.push((start_x, band_bottom(2 * lu)));
            curved.push(false);
        }
        let mut label_at = None;
        for band in 2 * lu + 1..2 * lv {
            let labelled = has_label(links, *k) && band + 1 == 2 * lv;
            let slot = Slot::Lane(*k, labelled);
            let c = centre(band, slot);
            let line_x = if labelled { c - width_of(slot) / 2. + 2. } else { c };
            let top = tops.get(band).copied().unwrap_or(0.);
            points.push((line_x, top));
            curved.push(true);
            if labelled {
                label_at = Some((line_x + LABEL_OFFSET, top));
            }
            if heights.get(band).copied().unwrap_or(0.) > 0.01 {
                points.push((line_x, band_bottom(band)));
                curved.push(false);
            }
        }
        let end_x = in_x.get(k).copied().unwrap_or(0.);
        points.push((end_x, tops.get(2 * lv).copied().unwrap_or(0.)));
        curved.push(true);
        if *rev {
            points.reverse();
            curved.reverse();
        }
        if let Some(r) = routes.get_mut(*k) {
            *r = Route {
                points,
                curved,
                label_at,
            };
        }
    }
    let width = xs
        .iter()
        .zip(&bands)
        .flat_map(|(row, b)| row.iter().zip(&b.slots).map(|(x, s)| x + width_of(*s) / 2.))
        .fold(0., f64::max);
    Placement {
        boxes,
        routes,
        width,
        height,
    }
}

fn has_label(links: &[Link], k: usize) -> bool {
    links.get(k).is_some_and(|l| l.label.is_some())
}

/// The x of edge `k`'s chain in `band`: its source's or target's centre in
/// their own bands, its lane's centre between them.
fn chain_x(k: usize, u: usize, v: usize, band: usize, bands: &[Band], xs: &[Vec<f64>], layer: &[usize]) -> Option<f64> {
    let (lu, lv) = (*layer.get(u)?, *layer.get(v)?);
    if band < 2 * lu || band > 2 * lv {
        return None;
    }
    let b = bands.get(band)?;
    let i = b.slots.iter().position(|s| match s {
        Slot::Node(x) => (*x == u && band == 2 * lu) || (*x == v && band == 2 * lv),
        Slot::Lane(j, _) => *j == k,
    })?;
    xs.get(band)?.get(i).copied()
}

/// The edges to draw upward so that the rest have no cycle: those that close a
/// cycle in a depth-first search from each box in turn.
fn feedback_edges(n: usize, links: &[Link]) -> BTreeSet<usize> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (k, l) in links.iter().enumerate() {
        if l.from != l.to {
            if let Some(list) = out.get_mut(l.from) {
                list.push((l.to, k));
            }
        }
    }
    // 0 unseen, 1 on the path, 2 done.
    let mut state = vec![0u8; n];
    let mut back = BTreeSet::new();
    for root in 0..n {
        if state.get(root) != Some(&0) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(s) = state.get_mut(root) {
            *s = 1;
        }
        while let Some((v, i)) = stack.last().copied() {
            let next = out.get(v).and_then(|l| l.get(i)).copied();
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            match next {
                None => {
                    if let Some(s) = state.get_mut(v) {
                        *s = 2;
                    }
                    stack.pop();
                }
                Some((w, k)) => match state.get(w) {
                    Some(0) => {
                        if let Some(s) = state.get_mut(w) {
                            *s = 1;
                        }
                        stack.push((w, 0));
                    }
                    Some(1) => {
                        back.insert(k);
                    }
                    _ => {}
                },
            }
        }
    }
    back
}

/// The layer of each box: the longest path from a box with no edge into it,
/// sources pulled down next to what they point at, and any layer wider than
/// `max_width` split in two (the boxes that do not fit go to a new layer just
/// below: no edge joins two boxes of one layer, so every edge still points down).
fn layers(
    n: usize,
    down: &[(usize, usize, usize, bool)],
    sizes: &[Size],
    label_widths: &[Option<f64>],
    max_width: f64,
) -> Vec<usize> {
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(u, v, _, _) in down {
        if let (Some(p), Some(s)) = (preds.get_mut(v), succs.get_mut(u)) {
            p.push(u);
            s.push(v);
        }
    }
    let mut indegree: Vec<usize> = preds.iter().map(Vec::len).collect();
    let mut ready: BTreeSet<usize> = (0..n).filter(|v| indegree.get(*v) == Some(&0)).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(v) = ready.pop_first() {
        topo.push(v);
        for w in succs.get(v).into_iter().flatten() {
            if let Some(d) = indegree.get_mut(*w) {
                *d -= 1;
                if *d == 0 {
                    ready.insert(*w);
                }
            }
        }
    }
    let mut layer = vec![0usize; n];
    for &v in &topo {
        let l = preds
            .get(v)
            .into_iter()
            .flatten()
            .filter_map(|u| layer.get(*u).map(|l| l + 1))
            .max()
            .unwrap_or(0);
        if let Some(slot) = layer.get_mut(v) {
            *slot = l;
        }
    }
    // A box with nothing above it sits just above the nearest box it points at.
    for &v in topo.iter().rev() {
        if preds.get(v).is_some_and(|p| p.is_empty()) {
            let nearest = succs
                .get(v)
                .into_iter()
                .flatten()
                .filter_map(|w| layer.get(*w).copied())
                .min();
            if let Some(l) = nearest {
                if let Some(slot) = layer.get_mut(v) {
                    *slot = l.saturating_sub(1);
                }
            }
        }
    }
    // Split layers too wide for the drawing, top to bottom.
    let mut l = 0;
    loop {
        let mut members: Vec<usize> = (0..n).filter(|v| layer.get(*v) == Some(&l)).collect();
        if members.is_empty() && !layer.iter().any(|x| *x > l) {
            break;
        }
        // Boxes with edges from above stay first: they keep their edges short.
        members.sort_by_key(|v| (preds.get(*v).is_none_or(|p| p.is_empty()), *v));
        let mut used = 0.;
        let mut overflow = Vec::new();
        for (i, v) in members.iter().enumerate() {
            // A box needs its own width, and the labels of the edges into it
            // side by side in the band above.
            let labels: f64 = down
                .iter()
                .filter(|(_, to, _, _)| to == v)
                .filter_map(|(_, _, k, _)| label_widths.get(*k).copied().flatten())
                .map(|w| w + LABEL_OFFSET + 2. + GAP)
                .sum();
            let w = sizes.get(*v).map_or(0., |z| z.w).max(labels) + GAP;
            if i > 0 && used + w > max_width {
                overflow.push(*v);
            } else {
                used += w;
            }
        }
        if !overflow.is_empty() {
            for x in layer.iter_mut() {
                if *x > l {
                    *x += 1;
                }
            }
            for v in overflow {
                if let Some(x) = layer.get_mut(v) {
                    *x = l + 1;
                }
            }
        }
        l += 1;
    }
    layer
}

/// The neighbours of each slot in the band above (`up`) or below.
fn neighbours(
    bands: &[Band],
    chains: &BTreeMap<usize, (usize, usize, bool)>,
    layer: &[usize],
    band: usize,
    up: bool,
) -> Vec<Vec<usize>> {
    let Some(b) = bands.get(band) else { return Vec::new() };
    let other = if up { band.checked_sub(1) } else { Some(band + 1) };
    let Some(other_band) = other.and_then(|o| bands.get(o)) else {
        return vec![Vec::new(); b.slots.len()];
    };
    let other = other.unwrap_or(0);
    let index_of = |k: usize, u: usize, v: usize| -> Option<usize> {
        other_band.slots.iter().position(|s| match s {
            Slot::Lane(j, _) => *j == k,
            Slot::Node(x) => {
                (*x == u && layer.get(u).is_some_and(|l| 2 * l == other))
                    || (*x == v && layer.get(v).is_some_and(|l| 2 * l == other))
            }
        })
    };
    b.slots
        .iter()
        .map(|s| match s {
            Slot::Lane(k, _) => chains
                .get(k)
                .and_then(|(u, v, _)| index_of(*k, *u, *v))
                .into_iter()
                .collect(),
            Slot::Node(x) => chains
                .iter()
                .filter(|(_, (u, v, _))| u == x || v == x)
                .filter_map(|(k, (u, v, _))| index_of(*k, *u, *v))
                .collect(),
        })
        .collect()
}

/// Edge crossings between band `band` and the next.
fn crossings(bands: &[Band], chains: &BTreeMap<usize, (usize, usize, bool)>, layer: &[usize], band: usize) -> usize {
    let below = neighbours(bands, chains, layer, band, false);
    let pairs: Vec<(usize, usize)> = below
        .iter()
        .enumerate()
        .flat_map(|(i, list)| list.iter().map(move |j| (i, *j)))
        .collect();
    let mut count = 0;
    for (a, (i, j)) in pairs.iter().enumerate() {
        for (k, l) in pairs.iter().skip(a + 1) {
            if (i < k && j > l) || (i > k && j < l) {
                count += 1;
            }
        }
    }
    count
}

/// Orders each band to cross few edges: barycentre sweeps down and up, keeping
/// the best order seen. Ties keep the earlier order, so the result is stable.
fn order(bands: &mut [Band], chains: &BTreeMap<usize, (usize, usize, bool)>, layer: &[usize]) {
    let total = |bands: &[Band]| {
        (0..bands.len())
            .map(|b| crossings(bands, chains, layer, b))
            .sum::<usize>()
    };
    let mut best: Vec<Vec<Slot>> = bands.iter().map(|b| b.slots.clone()).collect();
    let mut best_count = total(bands);
    for round in 0..12 {
        let up = round % 2 == 0;
        let sequence: Vec<usize> = if up {
            (1..bands.len()).collect()
        } else {
            (0..bands.len().saturating_sub(1)).rev().collect()
        };
        for band in sequence {
            let near = neighbours(bands, chains, layer, band, up);
            let Some(b) = bands.get_mut(band) else { continue };
            let mut keyed: Vec<(f64, usize, Slot)> = b
                .slots
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let list = near.get(i).cloned().unwrap_or_default();
                    let key = if list.is_empty() {
                        i as f64
                    } else {
                        list.iter().sum::<usize>() as f64 / list.len() as f64
                    };
                    (key, i, *s)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            b.slots = keyed.into_iter().map(|(_, _, s)| s).collect();
        }
        let count = total(bands);
        if count < best_count {
            best_count = count;
            best = bands.iter().map(|b| b.slots.clone()).collect();
        }
    }
    for (b, slots) in bands.iter_mut().zip(best) {
        b.slots = slots;
    }
}

/// The centre x of every slot: as near the mean of its neighbours as the order
/// and the widths allow, by sweeps down and up.
fn positions(
    bands: &[Band],
    chains: &BTreeMap<usize, (usize, usize, bool)>,
    layer: &[usize],
    width_of: &dyn Fn(Slot) -> f64,
) -> Vec<Vec<f64>> {
    let mut xs: Vec<Vec<f64>> = bands
        .iter()
        .map(|b| {
            let mut x = 0.;
            b.slots
                .iter()
                .map(|s| {
                    let w = width_of(*s);
                    let c = x + w / 2.;
                    x += w + GAP;
                    c
                })
                .collect()
        })
        .collect();
    let up_lists: Vec<Vec<Vec<usize>>> = (0..bands.len())
        .map(|b| neighbours(bands, chains, layer, b, true))
        .collect();
    let down_lists: Vec<Vec<Vec<usize>>> = (0..bands.len())
        .map(|b| neighbours(bands, chains, layer, b, false))
        .collect();
    for round in 0..16 {
        let down = round % 2 == 0;
        let sequence: Vec<usize> = if down {
            (0..bands.len()).collect()
        } else {
            (0..bands.len()).rev().collect()
        };
        for band in sequence {
            let Some(b) = bands.get(band) else { continue };
            let mut desired = Vec::with_capacity(b.slots.len());
            for i in 0..b.slots.len() {
                let mut sum = 0.;
                let mut count = 0.;
                let lists = [
                    (band.checked_sub(1), up_lists.get(band).and_then(|l| l.get(i))),
                    (Some(band + 1), down_lists.get(band).and_then(|l| l.get(i))),
                ];
                for (other, list) in lists {
                    let (Some(other), Some(list)) = (other, list) else {
                        continue;
                    };
                    for j in list {
                        if let Some(x) = xs.get(other).and_then(|r| r.get(*j)) {
                            sum += x;
                            count += 1.;
                        }
                    }
                }
                let current = xs.get(band).and_then(|r| r.get(i)).copied().unwrap_or(0.);
                desired.push(if count > 0. { sum / count } else { current });
            }
            let widths: Vec<f64> = b.slots.iter().map(|s| width_of(*s)).collect();
            if let Some(row) = xs.get_mut(band) {
                *row = closest_spacing(&desired, &widths);
            }
        }
    }
    // Shift everything right so that the leftmost box starts at zero.
    let left = xs
        .iter()
        .zip(bands)
        .flat_map(|(row, b)| row.iter().zip(&b.slots).map(|(x, s)| x - width_of(*s) / 2.))
        .fold(f64::MAX, f64::min);
    let left = if left == f64::MAX { 0. } else { left };
    for row in &mut xs {
        for x in row {
            *x -= left;
        }
    }
    xs
}

/// Centres as close (in squares) to `desired` as the order allows with each
/// pair of neighbours `GAP` apart: with the offsets of a tight packing taken
/// out, the constraints become "non-decreasing", which the pool-adjacent-
/// violators algorithm solves exactly.
fn closest_spacing(desired: &[f64], widths: &[f64]) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(widths.len());
    let mut at = 0.;
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            at += widths.get(i - 1).copied().unwrap_or(0.) / 2. + GAP + w / 2.;
        }
        offsets.push(at);
    }
    // Blocks of (mean, count).
    let mut blocks: Vec<(f64, f64)> = Vec::new();
    for (d, o) in desired.iter().zip(&offsets) {
        blocks.push((d - o, 1.));
        while blocks.len() > 1 {
            let (Some(&(m2, c2)), Some(&(m1, c1))) = (blocks.last(), blocks.get(blocks.len() - 2)) else {
                break;
            };
            if m1 <= m2 {
                break;
            }
            blocks.pop();
            blocks.pop();
            blocks.push(((m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2));
        }
    }
    let mut out = Vec::with_capacity(desired.len());
    for (m, c) in blocks {
        for _ in 0..c as usize {
            let o = offsets.get(out.len()).copied().unwrap_or(0.);
            out.push(m + o);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_are_kept_apart_and_pulled_to_where_they_want() {
        let xs = closest_spacing(&[0., 0., 100.], &[20., 20., 20.]);
        assert!(
            xs.windows(2).all(|w| matches!(w, [a, b] if b - a >= 20. + GAP - 1e-9)),
            "{xs:?}"
        );
        assert!((xs.first().copied().unwrap_or(0.) + 19.).abs() < 1e-9, "{xs:?}");
        assert!((xs.get(2).copied().unwrap_or(0.) - 100.).abs() < 1e-9, "{xs:?}");
    }

    #[test]
    fn a_cycle_is_drawn_with_one_edge_upward_and_boxes_do_not_overlap() {
        let sizes = vec![Size { w: 80., h: 30. }; 3];
        let links = vec![
            Link {
                from: 0,
                to: 1,
                label: Some(Size { w: 40., h: 14. }),
            },
            Link {
                from: 1,
                to: 2,
                label: None,
            },
            Link {
                from: 2,
                to: 0,
                label: None,
            },
        ];
        let p = place(&sizes, &links, 1000.);
        let ys: BTreeSet<i64> = p.boxes.iter().map(|(_, y)| *y as i64).collect();
        assert_eq!(ys.len(), 3, "{p:?}");
        assert!(p.routes.iter().all(|r| r.points.len() >= 2), "{p:?}");
        assert!(p.routes.first().is_some_and(|r| r.label_at.is_some()));
    }

    #[test]
    fn a_layer_wider_than_the_drawing_is_split() {
        let sizes = vec![Size { w: 300., h: 30. }; 5];
        let p = place(&sizes, &[], 700.);
        assert!(p.width <= 700., "{p:?}");
    }
}
