//! "Did you mean ...?": the closest name to a misspelled one, and the rule to
//! declare for a share written where a rule is named. A leaf below the phases,
//! so that the model, the facts reader and the amendment linter suggest names
//! without depending on the parser.

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

/// The advice for a share written where a voting rule is named (`by 2/3 of
/// members`, `by 55%`): a rule that says the same, its base and all. Advice
/// must never change what a rule means: the built-in `two-thirds majority` is
/// two thirds of the votes cast, so it is offered only where the text counts
/// the votes cast (`of votes cast`, or `2/3 majority` as drafters write it).
/// `written` is the text from the share on.
pub fn share_as_rule(written: &str) -> String {
    let words: Vec<String> = written
        .split_whitespace()
        .take(4)
        .map(|w| w.trim_end_matches(['}', ',', ')']).to_lowercase())
        .collect();
    let share = words.first().map_or("2/3", String::as_str);
    let after: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
    // The bases a rule's share may be of (docs/language.md, Voting rules).
    let base = match after.as_slice() {
        ["of", "votes", "cast", ..] => Some("votes cast"),
        ["of", "members", ..] => Some("members"),
        ["of", "participants", ..] => Some("participants"),
        ["of", "present", ..] => Some("present"),
        _ => None,
    };
    let majority = after.first() == Some(&"majority");
    let declare = |rule: String| {
        format!("a rule is named, not written in place: declare `rule NAME = {rule}` and write `by NAME`")
    };
    match base {
        _ if share == "2/3" && (majority || base == Some("votes cast")) => {
            "write `two-thirds majority` (built in: two thirds of the votes cast); a rule is named, not written in place"
                .to_string()
        }
        Some(base) => declare(format!("members >= {share} of {base}")),
        None if majority => format!(
            "{} (or `of members` where the text counts every member)",
            declare(format!("members >= {share} of votes cast"))
        ),
        None => format!(
            "{} (a share of every member; `... of votes cast` where the text counts the votes cast{})",
            declare(format!("members >= {share}")),
            if share == "2/3" {
                ", which is the built-in `two-thirds majority`"
            } else {
                ""
            }
        ),
    }
}

/// What a time limit may run from, for a drafter who counted one from the fact
/// `written` (one help for the parser and the resolver, so they cannot drift).
pub fn period_sources(written: &str) -> String {
    format!(
        "a period runs from `entry into force`, `notice`, `accession` or a body's decision (`Body.decision`); for a duty due on the first day a fact holds, write `immediately when {written}`"
    )
}

/// The keyword that ends an act, a misspelling of which `word` is (`whenn`,
/// `unles`): an act runs to `when`, `unless`, `within`, `until` or
/// `notwithstanding`, and a misspelt one silently becomes a word of the act.
pub fn condition_word(word: &str) -> Option<&'static str> {
    const ENDS_AN_ACT: [&str; 5] = ["when", "unless", "within", "until", "notwithstanding"];
    // Every word of every act is asked, and almost none is near a keyword: an
    // edit distance to each keyword of about its length, with its allocations,
    // was a fifth of `check`'s instructions on a 1 MB treaty (#24). For an ASCII
    // word this is `closest` without them: `could_be` drops only keywords that
    // `closest` would drop too, and `ascii_edit_distance` is `edit_distance` on
    // the lowercased bytes. A word that is not ASCII goes to `closest` as it is.
    if !word.is_ascii() {
        return closest(word, ENDS_AN_ACT);
    }
    let limit = (word.len() / 3).max(1);
    let mut best: Option<(usize, &'static str)> = None;
    for keyword in ENDS_AN_ACT {
        if !could_be(word, keyword) {
            continue;
        }
        let Some(d) = ascii_edit_distance(word.as_bytes(), keyword.as_bytes()) else {
            return closest(word, ENDS_AN_ACT);
        };
        // `closest`'s choice: the nearest, then the first in order of the text.
        if d <= limit && best.is_none_or(|(bd, bk)| (d, keyword) < (bd, bk)) {
            best = Some((d, keyword));
        }
    }
    best.map(|(_, k)| k)
}

/// `edit_distance` between ASCII `word`, lowercased, and lowercase `keyword`,
/// on three rows of the table kept on the stack (a transposition looks two
/// rows back); `None` for a keyword longer than the rows (none is).
fn ascii_edit_distance(word: &[u8], keyword: &[u8]) -> Option<usize> {
    const WIDTH: usize = 16;
    if keyword.len() >= WIDTH {
        return None;
    }
    let far = usize::MAX / 2;
    let at = |row: &[usize; WIDTH], j: usize| row.get(j).copied().unwrap_or(far);
    let letter = |i: usize| word.get(i).map(u8::to_ascii_lowercase);
    let (mut two_up, mut up, mut row) = ([0usize; WIDTH], [0usize; WIDTH], [0usize; WIDTH]);
    for (j, cell) in up.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=word.len() {
        row[0] = i;
        for j in 1..=keyword.len() {
            let (ca, cb) = (letter(i - 1), keyword.get(j - 1).copied());
            let cost = usize::from(ca != cb);
            let mut best = (at(&up, j) + 1).min(at(&row, j - 1) + 1).min(at(&up, j - 1) + cost);
            if i > 1 && j > 1 && ca == keyword.get(j - 2).copied() && letter(i - 2) == cb {
                best = best.min(at(&two_up, j - 2) + 1);
            }
            if let Some(cell) = row.get_mut(j) {
                *cell = best;
            }
        }
        two_up = up;
        up = row;
    }
    Some(at(&up, keyword.len()))
}

/// Whether `closest(word, ..)` could pick `keyword` (lowercase ASCII) for an
/// ASCII `word`, decided without an edit distance: `closest`'s own tests of
/// length and of the word itself, then a lower bound on the edit distance. Each
/// edit (insertion, deletion, substitution, transposition) gives the word at
/// most one letter it lacked, so the distance is at least the number of the
/// keyword's letters, counted with repeats, that the word (lowercased) lacks.
fn could_be(word: &str, keyword: &str) -> bool {
    // ASCII: a byte is a character, and `closest`'s limit is the same.
    let length = word.len();
    let limit = (length / 3).max(1);
    if length.abs_diff(keyword.len()) > limit || word == keyword {
        return false;
    }
    let mut have = [0usize; 128];
    for b in word.bytes() {
        if let Some(n) = have.get_mut(usize::from(b.to_ascii_lowercase())) {
            *n += 1;
        }
    }
    let mut lacking = 0;
    for b in keyword.bytes() {
        match have.get_mut(usize::from(b)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => lacking += 1,
        }
    }
    lacking <= limit
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

    /// The filter and the edit distance on the stack change no answer: every
    /// word of every bundled treaty, test and document, every keyword misspelt
    /// by one and two edits, and words of every length and case around them,
    /// give what `closest` gives, and each its edit distance to each keyword.
    #[test]
    fn condition_word_answers_as_closest_does() {
        const ENDS_AN_ACT: [&str; 5] = ["when", "unless", "within", "until", "notwithstanding"];
        let mut words: Vec<String> = Vec::new();
        for dir in ["treaties", "tests/compiler", "tests/ui", "docs"] {
            let Ok(entries) = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + dir) else {
                continue;
            };
            for entry in entries.flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    words.extend(text.split_whitespace().map(str::to_string));
                }
            }
        }
        let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyzAEINSTUWH_é".chars().collect();
        let mut edited: Vec<String> = Vec::new();
        for k in ENDS_AN_ACT {
            let chars: Vec<char> = k.chars().collect();
            let mut once = vec![k.to_string(), k.to_uppercase()];
            for i in 0..=chars.len() {
                for &c in &letters {
                    let mut inserted = chars.clone();
                    inserted.insert(i, c);
                    once.push(inserted.iter().collect());
                    if i < chars.len() {
                        let mut replaced = chars.clone();
                        replaced[i] = c;
                        once.push(replaced.iter().collect());
                    }
                }
                if i < chars.len() {
                    let mut deleted = chars.clone();
                    deleted.remove(i);
                    once.push(deleted.iter().collect());
                }
                if i + 1 < chars.len() {
                    let mut swapped = chars.clone();
                    swapped.swap(i, i + 1);
                    once.push(swapped.iter().collect());
                }
            }
            // Two edits: each word edited once, cut or doubled at each end.
            for w in &once {
                edited.push(w.clone());
                edited.push(w.chars().skip(1).collect());
                edited.push(w.chars().take(w.chars().count().saturating_sub(1)).collect());
                edited.push(format!("{w}s"));
                edited.push(format!("x{w}"));
            }
        }
        words.extend(edited);
        words.extend((0..30).map(|n| "nothwithstanding".repeat(n / 16 + 1).chars().take(n).collect()));
        let mut found = 0;
        for w in &words {
            let expected = closest(w, ENDS_AN_ACT);
            assert_eq!(condition_word(w), expected, "{w:?}");
            found += usize::from(expected.is_some());
            if w.is_ascii() {
                for k in ENDS_AN_ACT {
                    let d = edit_distance(&w.to_lowercase(), k);
                    assert_eq!(ascii_edit_distance(w.as_bytes(), k.as_bytes()), Some(d), "{w:?} {k}");
                }
            }
        }
        assert!(
            words.len() > 10_000 && found > 1_000,
            "{} words, {found} found",
            words.len()
        );
    }

    #[test]
    fn closest_keyword_is_suggested() {
        assert_eq!(closest("artcle", ["article", "body"]), Some("article"));
        assert_eq!(closest("zzz", ["article", "body"]), None);
    }

    /// #23: `by 2/3 of members` was told to write `two-thirds majority`, two
    /// thirds of the votes cast; the advice keeps the base written.
    #[test]
    fn a_share_for_a_rule_keeps_its_base() {
        let members = share_as_rule("2/3 of members }");
        assert!(members.contains("`rule NAME = members >= 2/3 of members`"), "{members}");
        assert!(!members.contains("two-thirds majority"), "{members}");
        assert!(share_as_rule("2/3 majority").contains("`two-thirds majority`"));
        assert!(share_as_rule("2/3 of votes cast").contains("`two-thirds majority`"));
        let participants = share_as_rule("3/5 of participants");
        assert!(
            participants.contains("`rule NAME = members >= 3/5 of participants`"),
            "{participants}"
        );
        let bare = share_as_rule("55%");
        assert!(bare.contains("`rule NAME = members >= 55%`"), "{bare}");
        assert!(share_as_rule("2/3").contains("`rule NAME = members >= 2/3`"));
    }
}
