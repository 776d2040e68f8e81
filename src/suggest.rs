//! "Did you mean ...?": the closest name to a misspelled one. A leaf below the
//! phases, so that the model, the facts reader and the amendment linter suggest
//! names without depending on the parser.

/// The closest candidate to `word` within a small edit distance.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    let limit = (length / 3).max(1);
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        // Lengths further apart than the limit cannot be within it: skipping them
        // keeps a million-character name from costing a million-row table each.
        if length.abs_diff(c.chars().count()) > limit {
            continue;
        }
        // Case apart: `qmv` finds `QMV`, `DEX` finds `DEU`.
        let d = edit_distance(&lower, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, bc)| (d, c) < (bd, bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance counting an adjacent transposition as one edit (`membres` is one
/// edit from `members`), as typing mistakes usually are.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        if let Some(cell) = d.get_mut(at(i, 0)) {
            *cell = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(cell) = d.get_mut(at(0, j)) {
            *cell = j;
        }
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let (ca, cb) = (a.get(i - 1), b.get(j - 1));
            let cost = usize::from(ca != cb);
            let get = |i, j| d.get(at(i, j)).copied().unwrap_or(usize::MAX / 2);
            let mut best = (get(i - 1, j) + 1).min(get(i, j - 1) + 1).min(get(i - 1, j - 1) + cost);
            if i > 1 && j > 1 && ca == b.get(j - 2) && a.get(i - 2) == cb {
                best = best.min(get(i - 2, j - 2) + 1);
            }
            if let Some(cell) = d.get_mut(at(i, j)) {
                *cell = best;
            }
        }
    }
    d.get(at(a.len(), b.len())).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("artcle", "article"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("unanimity", "unanimity"), 0);
        assert_eq!(edit_distance("membres", "members"), 1);
    }

    #[test]
    fn closest_keyword_is_suggested() {
        assert_eq!(closest("artcle", ["article", "body"]), Some("article"));
        assert_eq!(closest("zzz", ["article", "body"]), None);
    }
}
